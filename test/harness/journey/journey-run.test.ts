import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../harness/model.ts';
import { runTests } from '../../../harness/run/run-tests.ts';
import { FIXTURES } from '../cli/helpers.ts';

/** Journeys in process, on the interpreter (the CLI tests cover the wasm path). */
describe('journeys (both forms) in depth', () => {
  let summary: RunSummary;
  beforeAll(async () => {
    summary = await runTests([join(FIXTURES, 'journeys2')], { engine: 'interpreter', workers: 1 });
  }, 120_000);
  const get = (name: string) => summary.tests.find((t) => t.name === name)!;

  it('evaluates records, list literals of records, enum variants (bare and qualified), nil, indexing and builtins', () => {
    for (const s of ['open', 'count', 'pay_it', 'stamp_it']) expect(get(`purchase › ${s}`).status, get(`purchase › ${s}`).detail).toBe('passed');
  });
  it('a failing require inside a circuit fails the step with its span, values and the calling step', () => {
    const t = get('purchase › short_payment');
    expect(t.status).toBe('failed');
    expect(t.message).toBe('require failed (short payment): amount >= order.total');
    expect(t.detail).toMatch(/shop\.fl:21:5/);
    expect(t.detail).toContain('left:  10');
    expect(t.detail).toMatch(/in step short_payment \(.*purchase\.flj:50\)/);
    expect(t.notes?.some((n) => /^metrics: step_count=5, latency_ms=[\d.]+$/.test(n))).toBe(true);
  });
  it('older form: shared scope across setup and steps, loops and branches', () => {
    for (const s of ['setup', 'open', 'loop and branch']) expect(get(`older_purchase › ${s}`).status, get(`older_purchase › ${s}`).detail).toBe('passed');
  });
  it('an undefined name fails only its step (§10), later steps are skipped', () => {
    const t = get('older_purchase › undefined name fails only this step');
    expect(t.status).toBe('failed');
    expect(t.message).toBe("undefined name 'not_defined_anywhere'");
    expect(t.detail).toMatch(/older\.flj:23:17: error: undefined name/);
    expect(get('older_purchase › skipped')).toMatchObject({ status: 'skipped', message: 'step undefined name fails only this step failed' });
  });
});
