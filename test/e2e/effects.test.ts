/**
 * Host effects through `estream run` (LANGUAGE.md §8.4, §9 T, S, O, AI, D): the injected
 * clock, kv spaces, keyed streams, event streams with filter and throttle, query, content
 * stores, graphs, metrics, models (and the no_model error), unregistered host helpers — and
 * for each, a witness that `estream witness verify` replays with the recorded effects.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estream, FIXTURES, runJson, useTempHome } from './helpers.ts';

const E = `${FIXTURES}/effects`;
const FILE = `${E}/orders.fl`;
let home: ReturnType<typeof useTempHome>;
let work: string;
let modelFile: string;

beforeAll(() => {
  home = useTempHome();
  work = mkdtempSync(join(tmpdir(), 'estream-effects-'));
  modelFile = join(work, 'model.json');
  writeFileSync(modelFile, JSON.stringify({ 'e2e/orders': { risk: 0.25, label: 'low' } }));
});
afterAll(() => {
  home.restore();
  rmSync(work, { recursive: true, force: true });
});

const order = (n: number) => ({ id: `0x${String(n).padStart(2, '0').repeat(16)}`, qty: n, price: 10 * n });

/** Runs with a witness, checks the result, then verifies the witness by replay. */
async function runAndVerify(circuit: string, input: unknown, expected: unknown, extra: string[] = []): Promise<void> {
  const wit = join(work, `${circuit}-${Math.random().toString(36).slice(2)}.wit`);
  const r = await runJson(E, circuit, input, ['-O0', '--witness', wit, ...extra]);
  expect(r.trap).toBeUndefined();
  expect(r.result).toEqual(expected);
  expect(r.witness?.records).toBeGreaterThan(0);
  const v = await estream(['witness', 'verify', wit, '--json']);
  const report = JSON.parse(v.stdout) as { ok: boolean; replayed: boolean; error?: string };
  expect(report.error).toBeUndefined();
  expect(report).toMatchObject({ ok: true, replayed: true });
  expect(v.code).toBe(0);
}

describe('host effects, each replayed from its witness', () => {
  it('clock: current_time, timestamp and now read the injected clock', async () => {
    await runAndVerify('stamp', undefined, 1700000000000);
    const iso = await runJson(E, 'stamp', undefined, ['-O0', '--clock', '2024-01-01T00:00:00Z']);
    expect(iso.result).toBe(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('kv store methods (.get/.put) and kv_get/kv_put in the lex-path space', async () => {
    await runAndVerify('count_twice', [order(1).id], 2);
    await runAndVerify('kv_round_trip', [41], 42);
  });

  it('keyed streams: store_put, store_delete, store_get, store_scan', async () => {
    await runAndVerify('book_orders', [[order(1), order(2), order(3)]], 2);
  });

  it('emit applies the filter and the throttle (2/s burst 2); query reads the log', async () => {
    await runAndVerify('fill_all', [[order(1), order(2), order(3)]], 2);
    await runAndVerify('filled_count', [[order(1), order(2)]], 2);
  });

  it('content store and graph edges/traversal', async () => {
    await runAndVerify('archive', [order(1)], expect.stringMatching(/^0x[0-9a-f]{64}$/));
    await runAndVerify('link', [`0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`], 2);
  });

  it('observe_anomaly and observe_baseline read 0 from the in-memory host', async () => {
    await runAndVerify('scores', [`0x${'11'.repeat(32)}`], 0);
  });

  it('li_infer / li_classify answer from --model; the witness replays without the model', async () => {
    await runAndVerify('ask_model', [order(1)], { risk: 0.25, label: 'low' }, ['--model', modelFile]);
    await runAndVerify('classify', [order(2)], { risk: 0.25, label: 'low' }, ['--model', modelFile]);
  });
});

describe('effect errors', () => {
  it('no model registered: no_model naming the lex path, at the call', async () => {
    const r = await runJson(E, 'ask_model', [order(1)], ['-O0']);
    expect(r.trap).toMatchObject({ kind: 'no_model', file: FILE, line: 81, column: 5 });
    expect(r.trap!.message).toContain("lex path 'e2e/orders'");
  });

  it('an unregistered host domain helper is a located host error', async () => {
    const r = await runJson(E, 'register', ['x'], ['-O0']);
    expect(r.trap).toMatchObject({ kind: 'host', file: FILE, line: 89, column: 5 });
    expect(r.trap!.message).toContain('register_solution');
  });

  it('a malformed model file is a usage error (exit 2)', async () => {
    const bad = join(work, 'bad-model.json');
    writeFileSync(bad, '[1, 2');
    const r = await estream(['run', E, 'ask_model', '--input', JSON.stringify([order(1)]), '--model', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model file .* is not valid JSON/);
  });
});
