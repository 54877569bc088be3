import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonRunAsync } from './cli/helpers.ts';

/**
 * `estream test` over the realistic corpus: every test block, golden snapshot (with an
 * inputs file), property and fuzz test, verify claim and journey of both forms passes. The
 * expected values were computed independently (python3 / node), so a failure here is a
 * toolchain defect.
 */
describe('estream test over the realistic corpus', () => {
  it('passes every test', async () => {
    const { run, report } = await jsonRunAsync(['--runs', '50', join(import.meta.dirname, '..', 'fixtures', 'corpus')]);
    const failed = report.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.message}`);
    expect(failed).toEqual([]);
    expect(run.status).toBe(0);
    const kinds = new Set(report.tests.map((t) => t.kind));
    for (const k of ['golden', 'property', 'fuzz', 'snapshot', 'verify', 'journey', 'inline']) expect([k, kinds.has(k)]).toEqual([k, true]);
    expect(report.passed).toBeGreaterThan(130);
  }, 300_000);
});
