import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonRunAsync } from './cli/helpers.ts';

const CORPUS2 = join(import.meta.dirname, '..', 'fixtures', 'corpus2');

/**
 * The second realistic corpus (PCI tokenization, ISO 20022 status, Modbus register maps,
 * licensing meters, console widgets, telemetry, FIX sessions, solutions, syntax zoo): every
 * test of every kind passes. Expected values were computed independently (python3 / node),
 * so a failure here is a toolchain defect.
 */
describe('the second corpus', () => {
  it('passes every test of every kind', async () => {
    const { run, report } = await jsonRunAsync(['--runs', '10', CORPUS2]);
    const failed = report.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.message}`);
    expect(failed).toEqual([]);
    expect(run.status).toBe(0);
    const kinds = new Set(report.tests.map((t) => t.kind));
    for (const k of ['golden', 'property', 'fuzz', 'snapshot', 'verify', 'journey', 'inline']) expect([k, kinds.has(k)]).toEqual([k, true]);
    expect(report.passed).toBeGreaterThanOrEqual(140);
  }, 300_000);
});
