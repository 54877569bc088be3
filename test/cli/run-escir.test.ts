/**
 * `estream run FILE.escir.yaml` (specs/compile-run.md §8): one step with explicit state and
 * `now`, state carried across two runs, scripts (input, advance, setup, expect), invariants,
 * traps located in the YAML, usage errors with did-you-mean, refused lowering (E099), a
 * directory holding ESCIR circuits, and the value helpers (exact big integers, RFC 3339).
 * In process (test/e2e/helpers.ts), plus one real process for the exit code and streams.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estream, spawnEstream, useTempHome } from '../e2e/helpers.ts';
import { parseJsonExact, parseRfc3339Ns } from '../../cli/compile-run/escir-values.ts';
import { stepWitnessPath } from '../../cli/compile-run/escir-witness.ts';

const DIR = 'test/fixtures/escir-run';
const GUARD = `${DIR}/spend_guard.escir.yaml`;
const BUCKET = `${DIR}/bucket_alarm.escir.yaml`;
const DOOR = `${DIR}/legacy_door.escir.yaml`;
const FX = `${DIR}/fx_quote.escir.yaml`;
const SPLIT = `${DIR}/splitter.escir.yaml`;
const TRAPS = `${DIR}/located_traps.escir.yaml`;
const PROC = `${DIR}/located_process.escir.yaml`;

interface StepJson {
  circuit: string;
  ok: boolean;
  now?: number | string;
  outputs?: Record<string, unknown>;
  state?: Record<string, unknown>;
  steps?: { now: number | string; outputs: Record<string, unknown> }[];
  trap?: { kind: string; message: string; file?: string; line?: number; column?: number };
  invariant?: { name: string; file: string; line: number; column: number };
  expect?: { path: string; field?: string; expected: unknown; actual: unknown };
  step?: number;
  diagnostics?: { code: string; severity: string; line: number }[];
  error?: string;
  witness: unknown;
}

let home: ReturnType<typeof useTempHome>;
let work: string;

async function runJson(file: string, input: unknown, extra: string[] = []): Promise<StepJson & { code: number; stderr: string }> {
  const args = ['run', file, '--json', ...(input === undefined ? [] : ['--input', typeof input === 'string' ? input : JSON.stringify(input)]), ...extra];
  const r = await estream(args);
  const lines = r.stdout.trim().split('\n');
  if (lines.length !== 1 || lines[0] === '') throw new Error(`expected one JSON line from estream ${args.join(' ')}, got:\n${r.stdout}\n${r.stderr}`);
  return { ...(JSON.parse(lines[0]!) as StepJson), code: r.code, stderr: r.stderr };
}

beforeAll(() => {
  home = useTempHome();
  work = mkdtempSync(join(tmpdir(), 'estream-run-escir-'));
});
afterAll(() => {
  home.restore();
  rmSync(work, { recursive: true, force: true });
});

describe('estream run FILE.escir.yaml: one step', () => {
  it('prints {now, outputs, state} as canonical JSON; absent events are null', async () => {
    const r = await estream(['run', GUARD, '--input', '{"inputs": {"spend": {"account": 1, "amount": 300}}, "now": 5}']);
    expect(r.code).toBe(0);
    const expected = {
      now: 5,
      outputs: { total: 300, over: false, share: null, milli: 300000, seen_at: null },
      state: { in$cap: 1000, out$total: 300, node$sum: { spent: 300 } },
    };
    expect(r.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('carries the printed state into the next run; value ports keep their value', async () => {
    const first = await runJson(GUARD, { inputs: { spend: { account: 1, amount: 300 }, cap: 5000 } });
    expect(first.outputs).toMatchObject({ total: 300, over: false });
    expect(first.state).toMatchObject({ in$cap: 5000 });
    const second = await runJson(GUARD, { inputs: { spend: { account: 1, amount: 800 } }, now: 10, state: first.state });
    expect(second.outputs).toMatchObject({ total: 1100, over: false }); // cap 5000 kept by the state
    const fresh = await runJson(GUARD, { inputs: { spend: { account: 1, amount: 800 } } });
    expect(fresh.outputs).toMatchObject({ total: 800 });
    const third = await runJson(GUARD, { inputs: { cap: 1000 }, state: second.state });
    expect(third.outputs).toMatchObject({ total: 1100, over: true, milli: null });
  });

  it('runs the token bucket across runs exactly as the script does', async () => {
    const reading = (sensor: number) => ({ reading: { sensor, milli_c: -9000 } });
    let state: unknown;
    const alarms: unknown[] = [];
    for (const [sensor, now] of [[1, 0], [2, 0], [3, 0], [4, 500_000_000]] as const) {
      const r = await runJson(BUCKET, { inputs: reading(sensor), now, ...(state ? { state } : {}) });
      alarms.push(r.outputs!['alarm']);
      state = r.state;
    }
    expect(alarms).toEqual([{ sensor: 1, milli_c: -9000 }, { sensor: 2, milli_c: -9000 }, null, { sensor: 4, milli_c: -9000 }]);
    const script = await runJson(BUCKET, { steps: [{ input: reading(1) }, { input: reading(2) }, { input: reading(3) }, { advance: { ms: 500 } }, { input: reading(4) }] });
    expect(script.steps!.map((s) => s.outputs['alarm'])).toEqual([alarms[0], alarms[1], null, null, alarms[3]]);
    expect(script.state).toEqual(state);
  });

  it('takes now as digits beyond 2^53, as a string, or as an RFC 3339 date; datetime ports too', async () => {
    const big = await runJson(GUARD, '{"inputs": {}, "now": 1700000000000000001}');
    expect(big.now).toBe('1700000000000000001');
    expect((await runJson(GUARD, { now: '1700000000000000001' })).now).toBe('1700000000000000001');
    const date = await runJson(GUARD, { inputs: { at: '2024-05-01T12:00:00.123456789Z' }, now: '2024-05-01T12:00:00Z' });
    expect(date.now).toBe('1714564800000000000');
    expect(date.outputs!['seen_at']).toBe('1714564800123456789');
  });

  it('takes unions and repeated bytes as ESCIR literals; prints unions in their lowered form', async () => {
    const u = `${DIR}/unions.escir.yaml`;
    const a = await runJson(u, { inputs: { m: { Pong: { y: 7 } }, key: { repeat: 171, count: 4 } } });
    expect(a.outputs).toEqual({ out: { kind: 2, Ping: { x: 0 }, Pong: { y: 7 } }, k: '0xabababab' });
    const b = await runJson(u, { inputs: { m: { kind: 'Ping', x: 3 } } });
    expect(b.outputs!['out']).toEqual({ kind: 1, Ping: { x: 3 }, Pong: { y: 0 } });
    const back = await runJson(u, { inputs: { m: a.outputs!['out'] } });
    expect(back.outputs!['out']).toEqual(a.outputs!['out']);
    const bad = await estream(['run', u, '--input', '{"inputs": {"m": {"Pang": {}}}}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/inputs\.m: a Msg is \{"Variant": \{…\}\} or \{"kind": "Variant", …\} \(variants: Ping, Pong\)/);
  });

  it('without --input runs one step with every port absent from the initial state', async () => {
    const r = await runJson(GUARD, undefined);
    expect(r).toMatchObject({ ok: true, now: 0, outputs: { total: 0, over: false, milli: null, share: null }, state: { in$cap: 1000 } });
  });

  it('takes the circuit name as an optional argument, and names the file\'s circuit otherwise', async () => {
    expect((await estream(['run', GUARD, 'spend_guard', '--input', '{}'])).code).toBe(0);
    const wrong = await estream(['run', GUARD, 'spend_gaurd']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/spend_guard\.escir\.yaml holds the circuit 'spend_guard', not 'spend_gaurd'/);
    // FastLang keeps requiring the circuit, with commander's message.
    const fl = await estream(['run', 'circuits/licensing']);
    expect(fl.code).toBe(2);
    expect(fl.stderr).toMatch(/error: missing required argument 'circuit'/);
  });

  it('finds an ESCIR circuit by name in a directory', async () => {
    const r = await runJson(DIR, { inputs: { spend: { account: 1, amount: 7 } } }, ['spend_guard']);
    expect(r).toMatchObject({ circuit: 'spend_guard', ok: true, outputs: { total: 7 } });
    const miss = await estream(['run', DIR, 'spend_gard']);
    expect(miss.code).toBe(2);
    expect(miss.stderr).toMatch(/no circuit named 'spend_gard' .*did you mean 'spend_guard'\?/);
  });
});

describe('estream run FILE.escir.yaml: scripts', () => {
  it('runs input, advance, setup and expect steps and prints each step\'s now and outputs', async () => {
    const script = {
      steps: [
        { input: { spend: { account: 1, amount: 300 } } },
        { expect: { total: 300, over: false, milli: 300000 } },
        { setup: { cap: 200 } },
        { advance: { ms: 2, ns: 5 } },
        { expect: { total: 300, over: true, milli: null } },
        { input: { spend: { account: 2, amount: 1 } } },
        { expect: { total: 301 } },
      ],
    };
    const r = await runJson(GUARD, script);
    expect(r.ok).toBe(true);
    expect(r.steps!.map((s) => s.now)).toEqual([0, 2_000_005, 2_000_005]);
    expect(r.steps![2]!.outputs).toMatchObject({ total: 301, over: true });
    expect(r.state).toMatchObject({ in$cap: 200, node$sum: { spent: 301 } });
  });

  it('reads a YAML script file written like the circuit\'s tests, starting from a given state', async () => {
    const file = join(work, 'script.yaml');
    writeFileSync(file, 'now: 1000\nstate: {in$cap: 100, out$total: 50, node$sum: {spent: 50}}\nsteps:\n  - input: {spend: {account: 1, amount: 60}}\n  - expect: {total: 110, over: true}\n');
    const r = await runJson(GUARD, `@${file}`);
    expect(r).toMatchObject({ ok: true, steps: [{ now: 1000, outputs: { total: 110, over: true } }] });
  });

  it('a failed expectation stops the script, names the field and exits 1', async () => {
    const r = await runJson(GUARD, { steps: [{ input: { spend: { account: 1, amount: 5 } } }, { expect: { total: 6 } }, { input: {} }] });
    expect(r.code).toBe(1);
    expect(r).toMatchObject({ ok: false, step: 1, expect: { path: 'steps[1].expect.total', expected: 6, actual: 5 } });
    expect(r.steps).toHaveLength(1);
    const text = await estream(['run', BUCKET, '--input', JSON.stringify({ steps: [{ input: { reading: { sensor: 1, milli_c: 0 } } }, { expect: { alarm: { sensor: 2 } } }] })]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/error: steps\[1\]\.expect\.alarm: expected \{"sensor":2\}, got \{"sensor":1,"milli_c":0\} \(field sensor differs\)/);
  });

  it('runs a legacy circuit: X + X_valid event ports and the clock_ns input as now', async () => {
    const door = (valid: boolean, ns: number) => ({ input: { door: { door_id: 4, open: true }, door_valid: valid, clock_ns: ns } });
    const r = await runJson(DOOR, {
      steps: [door(true, 0), { expect: { alarm_valid: false } }, door(true, 1_000_000_000), { expect: { alarm_valid: true, alarm: 4 } }, door(false, 2_000_000_000), { expect: { alarm: null } }],
    });
    expect(r.ok).toBe(true);
    expect(r.steps!.map((s) => s.now)).toEqual([0, 1_000_000_000, 2_000_000_000]);
  });
});

describe('estream run FILE.escir.yaml: externs and process circuits', () => {
  it('an extern answers with the mocked result of its step; unmocked, it traps at its call node', async () => {
    expect(await runJson(FX, { inputs: { amount: 5 }, mocks: { rate: 42 } })).toMatchObject({ ok: true, outputs: { quoted: 42 } });
    const script = await runJson(FX, { steps: [{ mock: { rate: 7 } }, { input: { amount: 1 } }, { expect: { quoted: 7 } }, { input: { amount: 2 } }] });
    expect(script).toMatchObject({ ok: false, step: 3, trap: { kind: 'host', line: 15, column: 7 } });
    expect(script.trap!.message).toMatch(/extern 'rate' has no result for this step/);
    const typo = await estream(['run', FX, '--input', '{"mocks": {"rat": 1}}']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean 'rate'\? \(mockable: rate\)/);
  });

  it('a process circuit\'s stream output is the list of the step\'s items; expect compares lists, the last item or none', async () => {
    const r = await runJson(SPLIT, { steps: [{ input: { word: '0x0a0205' } }, { expect: { parts: [20, 50, 10] } }, { expect: { parts: 10 } }, { input: { word: 0 } }, { expect: { parts: null } }] });
    expect(r).toMatchObject({ ok: true, steps: [{ outputs: { parts: [20, 50, 10] } }, { outputs: { parts: [] } }] });
    const wrong = await runJson(SPLIT, { steps: [{ input: { word: 5 } }, { expect: { parts: [20, 1] } }] });
    expect(wrong).toMatchObject({ ok: false, expect: { path: 'steps[1].expect.parts', expected: [20, 1], actual: [20] } });
  });
});

describe('estream run FILE.escir.yaml: failures are located in the YAML', () => {
  it('a checked overflow traps at the node body, with a code frame, exit 1', async () => {
    const r = await estream(['run', GUARD, '--input', '{"inputs": {"spend": {"account": 1, "amount": 5000000}}}']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^test\/fixtures\/escir-run\/spend_guard\.escir\.yaml:32:35: error: overflow: integer overflow in mul\n/);
    expect(r.stderr).toMatch(/32 \|     - \{id: scale, op: expr, body: "spend\.amount \* 1000"\}\n +\| +\^+/);
    const j = await runJson(GUARD, { inputs: { parts: 0 } });
    expect(j).toMatchObject({ ok: false, trap: { kind: 'div_by_zero', line: 31, column: 35 } });
  });

  it('a trap in a script names the step; out of fuel is located at the graph', async () => {
    const r = await estream(['run', GUARD, '--input', JSON.stringify({ steps: [{ input: {} }, { input: { parts: 0 } }] })]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).steps).toHaveLength(1);
    expect(r.stderr).toMatch(/div_by_zero: division by zero[\s\S]*in steps\[1\] of the script/);
    const fuel = await runJson(GUARD, { inputs: { spend: { account: 1, amount: 1 } } }, ['--fuel', '1']);
    expect(fuel.trap).toMatchObject({ kind: 'fuel', file: GUARD, line: 23, column: 1 });
  });

  it('checks invariants after every step (ESCIR.md §6) and reports the one that is false', async () => {
    const r = await estream(['run', GUARD, '--input', '{"inputs": {"spend": {"account": 1, "amount": 20000}}}']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).outputs.total).toBe(20000);
    expect(r.stderr).toMatch(/spend_guard\.escir\.yaml:42:43: error: invariant 'total stays below 10000' is false after the step at now=0/);
    const j = await runJson(GUARD, { steps: [{ input: { spend: { account: 1, amount: 9000 } } }, { input: { spend: { account: 1, amount: 2000 } } }] });
    expect(j).toMatchObject({ ok: false, step: 1, invariant: { name: 'total stays below 10000', line: 42 } });
    expect(j.steps).toHaveLength(2);
  });

  it('traps inside block scalars are located at their token: a graph node body, an invariant, a process component', async () => {
    const body = await estream(['run', TRAPS, '--input', '{"inputs": {"sample": 3, "divisor": 0}}']);
    expect(body.code).toBe(1);
    expect(body.stderr).toMatch(/^test\/fixtures\/escir-run\/located_traps\.escir\.yaml:23:17: error: div_by_zero: division by zero\n/);
    expect(body.stderr).toMatch(/23 \|         let q = scaled \/ divisor\n +\| +\^{16}\n/);
    const inv = await runJson(TRAPS, { inputs: { sample: 3, limit: 0 } });
    expect(inv).toMatchObject({ ok: false, trap: { kind: 'div_by_zero', file: TRAPS, line: 37, column: 17 } });
    const proc = await runJson(PROC, { inputs: { word: 256 } });
    expect(proc).toMatchObject({ ok: false, trap: { kind: 'div_by_zero', file: PROC, line: 22, column: 19 } });
    const text = await estream(['run', PROC, '--input', '{"inputs": {"word": 256}}']);
    expect(text.stderr).toMatch(/22 \|       scaled\.send\(1000 \/ low\)\n +\| +\^{10}\n/);
  });

  it('an `expr` body assigning a state register writes it, committed each step (ESCIR.md §6)', async () => {
    const r = await runJson(TRAPS, { steps: [{ input: { sample: 5 } }, { input: { sample: 7 } }, { expect: { total: 12 } }, { input: { sample: 30 } }, { expect: { total: 42 } }] });
    expect(r).toMatchObject({ ok: true, steps: [{ outputs: { total: 5 } }, { outputs: { total: 12 } }, { outputs: { total: 42 } }], state: { reg$acc: 42 } });
    // Carried across runs through the printed state, as any register.
    const next = await runJson(TRAPS, { inputs: { sample: 1 }, state: r.state });
    expect(next.outputs).toMatchObject({ total: 43 });
    const tests = await estream(['test', TRAPS]);
    expect(tests.stdout).toMatch(/✓ the register accumulates across steps/);
    expect(tests.stdout).toMatch(/1 passed, 0 failed/);
  });

  it('a circuit that does not lower prints its diagnostics, E099 with its reasons, exit 1', async () => {
    const r = await estream(['run', 'test/fixtures/escir/legacy/telemetry_bridge.escir.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E099 .*lowering refused/);
    expect(r.stderr).toMatch(/note: E035 body of node `classify` is not C-like/);
    expect(r.stderr).toMatch(/estream: telemetry_bridge cannot run: \d+ errors above/);
    const j = await runJson('test/fixtures/escir/legacy/telemetry_bridge.escir.yaml', undefined);
    expect(j.ok).toBe(false);
    expect(j.diagnostics!.some((d) => d.code === 'E099')).toBe(true);
    const composite = await estream(['run', 'test/fixtures/escir/composite/canonical/site_base.escir.yaml']);
    expect(composite.code).toBe(1);
    expect(composite.stderr).toMatch(/a composite lowers to a netlist and is not executed/);
  });

  it('a YAML syntax error is a located diagnostic', async () => {
    const file = join(work, 'broken.escir.yaml');
    writeFileSync(file, 'escir: "1.0"\nkind: circuit\nname: [broken\n');
    const r = await estream(['run', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.escir\.yaml:\d+:\d+ E002/);
  });
});

describe('estream run FILE.escir.yaml: usage errors (exit 2) say what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [['--input', '{"inputs": {"spnd": {}}}'], /inputs\.spnd: 'spnd' is not an input of spend_guard; did you mean 'spend'\? \(inputs: spend, cap, parts, at\)/],
    [['--input', '{"inputs": {"total": 1}}'], /'total' is an output of spend_guard, not an input/],
    [['--input', '{"spend": {}}'], /'spend' is a port of spend_guard: put it under "inputs"/],
    [['--input', '{"inputz": {}}'], /unknown key 'inputz' .*did you mean 'inputs'\?/],
    [['--input', '{"inputs": {"cap": -1}}'], /inputs\.cap: -1 does not fit u64/],
    [['--input', '{"inputs": {"spend": {"account": 1, "amount": 1, "colour": 2}}}'], /inputs\.spend: unknown field 'colour' for Spend/],
    [['--input', '{"inputs": {"at": "yesterday"}}'], /inputs\.at: expected a datetime/],
    [['--input', '{"now": -5}'], /now: expected nanoseconds since 1970/],
    [['--input', '{"state": {"node$sum": {"spent": 1}}}'], /state: not a state of spend_guard \(it lacks 'in\$cap', 'out\$total'\)/],
    [['--input', '{"state": {"in$cap": 1, "out$total": 1, "node$sum": {}}}'], /state\.node\$sum: lacks field 'spent'/],
    [['--input', '{"steps": [{"advance": {"s": 1}}]}'], /steps\[0\]\.advance: unknown unit 's'/],
    [['--input', '{"steps": [{"expect": {"total": 1}}]}'], /steps\[0\]: `expect` before any step/],
    [['--input', '{"steps": [{"mock": {"rate": 1}}]}'], /steps\[0\]\.mock\.rate: not an extern the circuit calls or a child output \(mockable: none\)/],
    [['--input', '{"mocks": {"rate": 1}}'], /mocks\.rate: not an extern the circuit calls/],
    [['--input', '{"steps": [{"inptu": {}}]}'], /unknown step 'inptu'; did you mean 'input'\?/],
    [['--input', '{"steps": [{"setup": {"spend": 1}}]}'], /setup sets value inputs, registers and state machines; 'spend' is none of them/],
    [['--input', '{"steps": [], "inputs": {}}'], /"inputs" and "steps" exclude each other/],
    [['--input', '[1, 2]'], /the input of an ESCIR circuit is an object/],
    [['--input', '{"inputs": '], /--input is not valid JSON/],
    [['--clock', '5'], /--clock does not apply to ESCIR circuits: .*pass "now"/],
    [['--overflow-checks'], /--overflow-checks does not apply to ESCIR circuits: .*`checked: true`/],
  ];
  it.each(cases)('run spend_guard %j', async (extra, message) => {
    const r = await estream(['run', GUARD, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|TypeError|    at /);
  });

  it('a missing file is a usage error', async () => {
    const r = await estream(['run', join(work, 'nope.escir.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file or directory/);
  });
});

describe('run-escir helpers', () => {
  it('parseJsonExact keeps every digit of integers beyond 2^53 and equals JSON.parse otherwise', () => {
    // Integers beyond 2^53 (written without an exponent) arrive as their digits; all else as JSON.parse.
    const exact = (_k: string, v: unknown) => (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && !/e/i.test(String(v)) ? String(v) : v);
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(parseJsonExact(text)).toEqual(JSON.parse(text, exact));
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 100n), max: 1n << 100n }), (n) => {
        const parsed = parseJsonExact(`{"a": [${n}], "s": "${n} \\" ${n}"}`) as { a: unknown[]; s: string };
        expect(BigInt(parsed.a[0] as string | number)).toBe(n);
        expect(parsed.s).toBe(`${n} " ${n}`);
      }),
    );
  });

  it('parseRfc3339Ns keeps nanoseconds and applies offsets', () => {
    expect(parseRfc3339Ns('1970-01-01T00:00:00Z')).toBe(0n);
    expect(parseRfc3339Ns('2024-05-01T12:00:00.123456789Z')).toBe(1714564800123456789n);
    expect(parseRfc3339Ns('2024-05-01T14:00:00+02:00')).toBe(1714564800000000000n);
    expect(parseRfc3339Ns('May 1st')).toBeUndefined();
    expect(parseRfc3339Ns('1960-01-01T00:00:00Z')).toBeUndefined();
  });

  it('locates every trap site and witness binding of lowered ESCIR modules in the YAML', async () => {
    const { compileEscirFile } = await import('../../compiler/pipeline/compile.ts');
    const files = [GUARD, BUCKET, DOOR, FX, SPLIT, TRAPS, PROC, 'test/fixtures/escir/ops/timer.escir.yaml', 'test/fixtures/escir/ops/map.escir.yaml', 'test/fixtures/escir/ops/fsm.escir.yaml'];
    for (const file of files) {
      const c = await compileEscirFile(file, { optLevel: 0, witness: true });
      expect(c.errors, file).toBe(0);
      const meta = c.compiled!.meta;
      // Sites of the runtime library itself (no function) have no source; every other one does.
      const unlocated = meta.sites.filter((s) => s.func !== undefined && s.loc === undefined);
      expect(unlocated, file).toEqual([]);
      for (const b of meta.bindings) expect(b.loc?.file, `${file}: ${b.name}`).toBe(file);
    }
  });

  it('stepWitnessPath numbers witnesses before the extension', () => {
    expect(stepWitnessPath('out/run.wit', 3)).toBe('out/run-3.wit');
    expect(stepWitnessPath('run', 1)).toBe('run-1');
  });
});

describe('estream run FILE.escir.yaml as a real process', () => {
  it('a trap exits 1 with the location on stderr and nothing on stdout', () => {
    const trap = spawnEstream(['run', GUARD, '--input', '{"inputs": {"parts": 0}}']);
    expect(trap.code).toBe(1);
    expect(trap.stdout).toBe('');
    expect(trap.stderr).toMatch(/^test\/fixtures\/escir-run\/spend_guard\.escir\.yaml:31:35: error: div_by_zero: division by zero$/m);
  });
});
