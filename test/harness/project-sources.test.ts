import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonRun, ROOT } from './cli/helpers.ts';

/**
 * `npm test` runs `estream test` over the project's own FastLang sources (issue 4 item 10):
 * every test block, golden snapshot, verify claim and journey in circuits/ and stdlib/ must pass.
 */
describe("the project's own .fl sources", () => {
  const dirs = ['circuits', 'stdlib'].filter((d) => existsSync(join(ROOT, d)));
  it('pass estream test', () => {
    const { run, report } = jsonRun(dirs);
    const failures = report.tests.filter((t) => t.status === 'failed').map((t) => `${t.file}:${t.line} ${t.name}\n${t.message}`);
    expect(failures, failures.join('\n\n')).toEqual([]);
    expect(report.failed).toBe(0);
    expect(run.status).toBe(0);
  }, 300_000);
});
