/**
 * Witnesses of ESCIR steps (specs/compile-run.md §8): `estream run FILE.escir.yaml --witness`
 * records the step call; `estream witness verify` recompiles the ESCIR source named in the
 * header and replays it; `show` decodes state, inputs and now. Signing follows the
 * `povc_enabled` annotation; a script writes one witness per step; a flipped byte anywhere,
 * a changed node or a changed edge is caught and located in the YAML.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estream, useTempHome } from '../e2e/helpers.ts';
import { reportedNotVerified, undetectedFlips, verifyJson } from '../helpers/witness-cli.ts';

const DIR = 'test/fixtures/escir-run';
const GUARD = `${DIR}/spend_guard.escir.yaml`;
const BUCKET = `${DIR}/bucket_alarm.escir.yaml`;

let home: ReturnType<typeof useTempHome>;
let work: string;
let keyFile: string;
let signed: string;
let unsigned: string;
let withEffect: string;

const verify = verifyJson;

async function run(file: string, input: unknown, extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return estream(['run', file, '--input', JSON.stringify(input), ...extra]);
}

beforeAll(async () => {
  home = useTempHome();
  work = mkdtempSync(join(tmpdir(), 'estream-witness-escir-'));
  keyFile = join(work, 'key.pem');
  expect((await estream(['marketplace', 'keygen', '--key-id', 'escir-test', '--out', keyFile])).code).toBe(0);
  signed = join(work, 'signed.wit');
  unsigned = join(work, 'bucket.wit');
  const a = await run(GUARD, { inputs: { spend: { account: 3, amount: 40 } }, now: 7 }, ['--witness', signed, '--key', keyFile]);
  expect(a.code).toBe(0);
  expect(a.stderr).toMatch(/witness written to .*signed\.wit: \d+ records, commitment 0x[0-9a-f]{64}, signed with ML-DSA-87 key escir-test/);
  const b = await run(BUCKET, { inputs: { reading: { sensor: 1, milli_c: -9000 } } }, ['--witness', unsigned, '--key', keyFile]);
  expect(b.code).toBe(0);
  expect(b.stderr).toMatch(/note: bucket_alarm is not attested .*the witness is not signed/);
  withEffect = join(work, 'fx.wit');
  expect((await run(`${DIR}/fx_quote.escir.yaml`, { inputs: { amount: 5 }, mocks: { rate: 42 } }, ['--witness', withEffect])).code).toBe(0);
});

afterAll(() => {
  home.restore();
  rmSync(work, { recursive: true, force: true });
});

describe('witness of an ESCIR step', () => {
  it('verifies a signed step of an attested (povc_enabled) circuit, and checks the signer', async () => {
    const r = await estream(['witness', 'verify', signed]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^verified: .*signed\.wit — spend_guard \(attested\)$/m);
    expect(r.stdout).toMatch(/valid ML-DSA-87 signature by key [0-9a-f]{32}/);
    expect(r.stdout).toMatch(/1 source, 1 unchanged; -O0; module identical to the one that ran/);
    expect(r.stdout).toMatch(/replay +\d+ records and the output reproduced/);
    expect((await verify(signed, ['--signer', keyFile.replace(/\.pem$/, '.pub.json')])).ok).toBe(true);
    const other = join(work, 'other.pem');
    await estream(['marketplace', 'keygen', '--key-id', 'other', '--out', other]);
    const wrong = await verify(signed, ['--signer', other]);
    expect(wrong.ok).toBe(false);
    expect(wrong.problems.join()).toMatch(/not by the --signer key/);
  });

  it('verifies an unsigned step; show decodes state, inputs, now, the node bindings and the outcome', async () => {
    expect(await verify(unsigned)).toMatchObject({ ok: true, signature: 'none', replayed: true, sources: [{ path: BUCKET, state: 'unchanged' }] });
    const text = await estream(['witness', 'show', unsigned]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/witness of bucket_alarm \(bucket_alarm\.step\)/);
    expect(text.stdout).toMatch(/now = 0/);
    expect(text.stdout).toMatch(/let limit\.allow: option<Reading> = \{ "sensor": 1, "milli_c": -9000 \} {2}@ test\/fixtures\/escir-run\/bucket_alarm\.escir\.yaml:20:7/);
    const j = JSON.parse((await estream(['witness', 'show', unsigned, '--json'])).stdout) as {
      decoded: boolean;
      inputs: { name: string; value: unknown }[];
      outcome: { output: { outputs: Record<string, unknown>; state: Record<string, unknown> } };
    };
    expect(j.decoded).toBe(true);
    expect(j.inputs.map((i) => i.name)).toEqual(['state', 'inputs', 'now']);
    expect(j.inputs[1]!.value).toEqual({ reading: { sensor: 1, milli_c: -9000 } });
    expect(j.outcome.output.outputs).toEqual({ alarm: { sensor: 1, milli_c: -9000 }, denied: 0 });
  });

  it('a script writes one witness per step, each verifiable; a trapping step\'s witness too', async () => {
    const out = join(work, 'script', 'run.wit');
    const reading = { reading: { sensor: 2, milli_c: -9000 } };
    const r = await run(BUCKET, { steps: [{ input: reading }, { advance: { ms: 100 } }, { input: reading }] }, ['--witness', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/3 witnesses written, one per step: .*run-1\.wit … .*run-3\.wit/);
    for (const n of [1, 2, 3]) expect((await verify(join(work, 'script', `run-${n}.wit`))).ok).toBe(true);
    expect(existsSync(out)).toBe(false);
    const trap = join(work, 'trap.wit');
    const t = await run(GUARD, { inputs: { parts: 0 } }, ['--witness', trap]);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/witness written to .*trap\.wit/);
    const v = await estream(['witness', 'verify', trap]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/the trap reproduced/);
  });

  it('records an extern\'s result as an effect: the replay needs no mock', async () => {
    expect(await verify(withEffect)).toMatchObject({ ok: true, replayed: true });
    const show = await estream(['witness', 'show', withEffect]);
    expect(show.stdout).toMatch(/effect rate\(args sha3 0x[0-9a-f]{64}\) -> 42  @ test\/fixtures\/escir-run\/fx_quote\.escir\.yaml:15:7/);
  });

  it('catches a flipped bit in every byte of an unsigned step witness (with an effect record)', async () => {
    const missed = await undetectedFlips(readFileSync(withEffect), join(work, 'flipped.wit'), (i) => 1 << (i % 8), reportedNotVerified);
    expect(missed).toEqual([]);
  });

  it('catches flipped bytes in the signature part and a stripped signature', async () => {
    const bytes = readFileSync(signed);
    const file = join(work, 'flipped-signed.wit');
    for (const i of [bytes.length - 1, bytes.length - 100, bytes.length - 4627 - 10, bytes.length - 4627 - 4 - 2592 + 3]) {
      const copy = Buffer.from(bytes);
      copy[i]! ^= 0x40;
      writeFileSync(file, copy);
      expect((await verify(file)).ok).toBe(false);
    }
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    expect((await estream(['witness', 'verify', file])).code).toBe(1);
  });
});

describe('witness verify of an ESCIR step names what changed, in the YAML', () => {
  function copyCircuit(name: string, from: string): string {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, from.split('/').pop()!);
    copyFileSync(from, file);
    return file;
  }

  it('a changed node body: the first differing node output, with a code frame', async () => {
    const file = copyCircuit('changed-body', GUARD);
    const wit = join(work, 'changed-body.wit');
    expect((await run(file, { inputs: { spend: { account: 1, amount: 5 } } }, ['--witness', wit])).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('body: "spend.amount * 1000"', 'body: "spend.amount * 999"'));
    const v = await verify(wit);
    expect(v.ok).toBe(false);
    expect(v.sources[0]!.state).toBe('changed');
    expect(v.difference).toMatchObject({ binding: 'scale.out', line: 32, column: 35, recorded: '5000', replayed: '4995' });
    const text = await estream(['witness', 'verify', wit]);
    expect(text.stdout).toMatch(/changed-body\/spend_guard\.escir\.yaml:32:35: error: binding scale\.out has a different value than recorded: recorded 5000, replayed 4995\n/);
    expect(text.stdout).toMatch(/32 \|     - \{id: scale, op: expr, body: "spend\.amount \* 999"\}/);
  });

  it('a changed state write in a block scalar: the register binding, at its statement (graph and process)', async () => {
    const graph = copyCircuit('changed-register', `${DIR}/located_traps.escir.yaml`);
    const gwit = join(work, 'changed-register.wit');
    expect((await run(graph, { inputs: { sample: 4 } }, ['--witness', gwit])).code).toBe(0);
    writeFileSync(graph, readFileSync(graph, 'utf8').replace('acc = next', 'acc = next + 1'));
    const g = await verify(gwit);
    expect(g.difference).toMatchObject({ binding: 'acc', line: 29, column: 9, recorded: '4', replayed: '5' });

    const proc = copyCircuit('changed-process', `${DIR}/located_process.escir.yaml`);
    const pwit = join(work, 'changed-process.wit');
    expect((await run(proc, { inputs: { word: 3 } }, ['--witness', pwit])).code).toBe(0);
    writeFileSync(proc, readFileSync(proc, 'utf8').replace('seen = seen + 1', 'seen = seen + 2'));
    const p = await verify(pwit);
    expect(p.difference).toMatchObject({ binding: 'scale.seen', line: 20, column: 7, recorded: '1', replayed: '2' });
  });

  it('a changed edge: the output port that differs; a changed operator parameter: its state slot', async () => {
    const file = copyCircuit('changed-edge', GUARD);
    const wit = join(work, 'changed-edge.wit');
    const state = { in$cap: 1000, out$total: 300, node$sum: { spent: 300 } };
    expect((await run(file, { inputs: { spend: { account: 1, amount: 100 } }, state }, ['--witness', wit])).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"split -> share"', '"amount -> share"'));
    const v = await verify(wit);
    expect(v.difference).toMatchObject({ message: 'output share has a different value than recorded', binding: 'share', line: 20, column: 5, recorded: 'null', replayed: '100' });

    const bucket = copyCircuit('changed-param', BUCKET);
    const bwit = join(work, 'changed-param.wit');
    expect((await run(bucket, { inputs: { reading: { sensor: 1, milli_c: -9000 } } }, ['--witness', bwit])).code).toBe(0);
    writeFileSync(bucket, readFileSync(bucket, 'utf8').replace('burst: 2', 'burst: 3'));
    const b = await verify(bwit);
    expect(b.difference).toMatchObject({ message: 'state slot node$limit has a different value than recorded', line: 20, column: 7 });
    expect(b.difference!.recorded).toMatch(/"credit":500000000/);
  });

  it('a source that no longer lowers is reported with its error', async () => {
    const file = copyCircuit('no-longer-lowers', GUARD);
    const wit = join(work, 'no-longer-lowers.wit');
    expect((await run(file, { inputs: {} }, ['--witness', wit])).code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"sum.spent -> total"', '"amount -> total"'));
    const r = await estream(['witness', 'verify', wit]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/cannot recompile the program: .*spend_guard\.escir\.yaml:36:18: E042 `amount` carries u32, but output `total` is u64/);
  });

  it('names imported files as sources: a changed import is caught', async () => {
    const dir = join(work, 'imports');
    mkdirSync(dir, { recursive: true });
    const types = join(dir, 'probe.esf.yaml');
    writeFileSync(types, 'escir: "1.0"\nkind: circuit\nname: probe_types\nversion: 1.0.0\ntypes:\n  Sample: {kind: struct, fields: [{name: id, type: u16}, {name: value, type: i32}]}\n');
    const file = join(dir, 'use.escir.yaml');
    writeFileSync(
      file,
      'escir: "1.0"\nkind: circuit\nname: use_import\nversion: 1.0.0\nimports:\n  - {schema: probe.esf.yaml, as: probe}\ninputs:\n  - {name: s, type: probe.Sample, mode: event}\noutputs:\n  - {name: v, type: i32, mode: event}\ngraph:\n  nodes:\n    - {id: get, op: expr, body: "s.value * 2"}\n  edges: ["get -> v"]\n',
    );
    const wit = join(work, 'imports.wit');
    const r = await run(file, { inputs: { s: { id: 1, value: 21 } } }, ['--witness', wit, '--json']);
    expect(JSON.parse(r.stdout).outputs).toEqual({ v: 42 });
    const ok = await verify(wit);
    expect(ok.ok).toBe(true);
    expect(ok.sources.map((x) => x.path)).toEqual([file, types]);
    writeFileSync(types, readFileSync(types, 'utf8').replace('type: i32}]', 'type: i32}, {name: extra, type: u8}]'));
    const changed = await verify(wit);
    expect(changed.ok).toBe(false);
    expect(changed.sources).toEqual([
      { path: file, state: 'unchanged' },
      { path: types, state: 'changed' },
    ]);
  });

  it('a missing source is reported and nothing is replayed', async () => {
    const file = copyCircuit('moved', BUCKET);
    const wit = join(work, 'moved.wit');
    expect((await run(file, { inputs: {} }, ['--witness', wit])).code).toBe(0);
    renameSync(file, `${file}.away`);
    const missing = await verify(wit);
    expect(missing).toMatchObject({ ok: false, replayed: false, code: 1 });
    expect(missing.problems.join()).toMatch(/source not found/);
  });
});
