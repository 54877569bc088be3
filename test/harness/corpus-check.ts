import { join } from 'node:path';
import { expect } from 'vitest';
import { jsonRunAsync } from './cli/helpers.ts';

/** Every test kind `estream test` reports; each realistic corpus exercises all of them. */
const ALL_KINDS = ['golden', 'property', 'fuzz', 'snapshot', 'verify', 'journey', 'inline'];

/**
 * Runs `estream test --json` over `test/fixtures/<corpus>` and asserts that every test of
 * every kind passes (the corpora's expected values were computed independently, so a failure
 * is a toolchain defect) and that at least `minPassed` ran.
 */
export async function expectCorpusPasses(corpus: string, runs: number, minPassed: number): Promise<void> {
  const { run, report } = await jsonRunAsync(['--runs', String(runs), join(import.meta.dirname, '..', 'fixtures', corpus)]);
  const failed = report.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.message}`);
  expect(failed).toEqual([]);
  expect(run.status).toBe(0);
  const kinds = new Set(report.tests.map((t) => t.kind));
  for (const k of ALL_KINDS) expect([k, kinds.has(k)]).toEqual([k, true]);
  expect(report.passed).toBeGreaterThanOrEqual(minPassed);
}
