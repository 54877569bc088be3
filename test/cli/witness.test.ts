/**
 * `estream witness verify` and `estream witness show`: replay of the bundled example, a
 * flipped byte anywhere (unsigned: every byte; signed: a spread over header, records,
 * commitment, key and signature), signatures and --signer, changed sources naming the first
 * differing binding, replay divergence at an effect, missing sources and --root.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estream, FIXTURES, runJson, useTempHome } from '../e2e/helpers.ts';
import { reportedNotVerified, undetectedFlips, verifyJson } from '../helpers/witness-cli.ts';

const EXAMPLE = 'circuits/licensing';
const INPUT = '@circuits/licensing/examples/split_settlement.input.json';
let home: ReturnType<typeof useTempHome>;
let work: string;
let unsigned: string;
let signed: string;
let keyFile: string;

const verify = verifyJson;

beforeAll(async () => {
  home = useTempHome();
  work = mkdtempSync(join(tmpdir(), 'estream-witness-'));
  unsigned = join(work, 'split.wit');
  signed = join(work, 'split-signed.wit');
  keyFile = join(work, 'witness-key.pem');
  const k = await estream(['marketplace', 'keygen', '--key-id', 'witness-test', '--out', keyFile]);
  expect(k.code).toBe(0);
  const a = await estream(['run', EXAMPLE, 'split_settlement', '--input', INPUT, '--witness', unsigned, '-O0']);
  expect(a.code).toBe(0);
  const b = await estream(['run', EXAMPLE, 'split_settlement', '--input', INPUT, '--witness', signed, '--key', keyFile, '-O0']);
  expect(b.code).toBe(0);
  expect(b.stderr).toMatch(/signed with ML-DSA-87 key witness-test/);
});

afterAll(() => {
  home.restore();
  rmSync(work, { recursive: true, force: true });
});

describe('witness verify', () => {
  it('verifies the bundled example by replay (text output)', async () => {
    const r = await estream(['witness', 'verify', unsigned]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^verified: .*split\.wit — split_settlement \(attested\)$/m);
    expect(r.stdout).toMatch(/4 sources, 4 unchanged; -O0; module identical to the one that ran/);
    expect(r.stdout).toMatch(/replay +4 records and the output reproduced/);
    expect(r.stdout).toMatch(/note: the circuit is attested but the witness is not signed/);
  });

  it('verifies a signed witness and checks the signer', async () => {
    const v = await verify(signed);
    expect(v).toMatchObject({ ok: true, signature: 'valid', replayed: true, code: 0 });
    expect((await verify(signed, ['--signer', keyFile.replace(/\.pem$/, '.pub.json')])).ok).toBe(true);
    expect((await verify(signed, ['--signer', keyFile])).ok).toBe(true);
    const other = join(work, 'other.pem');
    await estream(['marketplace', 'keygen', '--key-id', 'other', '--out', other]);
    const wrong = await verify(signed, ['--signer', other]);
    expect(wrong.ok).toBe(false);
    expect(wrong.problems.join()).toMatch(/not by the --signer key/);
    const unsignedWithSigner = await verify(unsigned, ['--signer', other]);
    expect(unsignedWithSigner.problems.join()).toMatch(/not signed/);
  });

  it('catches a flipped bit in every byte of an unsigned witness', async () => {
    const missed = await undetectedFlips(readFileSync(unsigned), join(work, 'flipped.wit'), (i) => 1 << (i % 8), reportedNotVerified);
    expect(missed).toEqual([]);
  });

  it('catches a flipped byte anywhere in a witness with effect records (names, digests, results)', async () => {
    const wit = join(work, 'effects-flip.wit');
    const r = await runJson(`${FIXTURES}/effects`, 'count_twice', [`0x${'01'.repeat(16)}`], ['-O0', '--witness', wit]);
    expect(r.witness?.records).toBe(7);
    const missed = await undetectedFlips(readFileSync(wit), join(work, 'effects-flipped.wit'), () => 0xff, (v) => v.code === 1);
    expect(missed).toEqual([]);
  });

  it('catches flipped bytes across a signed witness (body, commitment, key, signature) and truncation', async () => {
    const bytes = readFileSync(signed);
    const file = join(work, 'flipped-signed.wit');
    const positions = new Set<number>([0, 5, 6, 7, bytes.length - 1, bytes.length - 2, bytes.length - 4627, bytes.length - 4632]);
    for (let i = 0; i < bytes.length; i += 211) positions.add(i);
    for (const i of positions) {
      const copy = Buffer.from(bytes);
      copy[i]! ^= 0x80;
      writeFileSync(file, copy);
      const v = await verify(file);
      expect(v.ok, `byte ${i}`).toBe(false);
      expect(v.code).toBe(1);
    }
    writeFileSync(file, bytes.subarray(0, bytes.length - 1));
    expect((await verify(file)).error).toMatch(/truncated|invalid witness/);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from([0])]));
    expect((await verify(file)).error).toMatch(/trailing/);
  });

  it('names the first binding whose value differs when a source changed, with its span', async () => {
    const dir = join(work, 'changed');
    cpSync(EXAMPLE, dir, { recursive: true });
    const wit = join(work, 'changed.wit');
    expect((await runJson(dir, 'split_settlement', JSON.parse(readFileSync('circuits/licensing/examples/split_settlement.input.json', 'utf8')), ['-O0', '--witness', wit])).ok).toBe(true);
    const file = join(dir, 'settlement.fl');
    const src = readFileSync(file, 'utf8');
    writeFileSync(file, src.replace('let third = fixed_point_mul_div(gross, third_bps as u64, BPS_TOTAL)', 'let third = fixed_point_mul_div(gross, third_bps as u64, BPS_TOTAL) + 1'));
    const v = await verify(wit);
    expect(v.ok).toBe(false);
    expect(v.sources.find((s) => s.path.endsWith('settlement.fl'))?.state).toBe('changed');
    expect(v.difference).toMatchObject({ binding: 'third', line: 27, column: 9, recorded: '50000', replayed: '50001' });
    expect(v.difference!.file).toMatch(/changed\/settlement\.fl$/);
    const text = await estream(['witness', 'verify', wit]);
    expect(text.stdout).toMatch(/settlement\.fl:27:9: error: binding third has a different value than recorded: recorded 50000, replayed 50001/);
    expect(text.stdout).toContain('let third = fixed_point_mul_div');
  });

  it('reports replay divergence at the effect whose arguments changed', async () => {
    const dir = join(work, 'effects');
    cpSync(`${FIXTURES}/effects`, dir, { recursive: true });
    const wit = join(work, 'effects.wit');
    expect((await runJson(dir, 'count_twice', [`0x${'01'.repeat(16)}`], ['-O0', '--witness', wit])).result).toBe(2);
    const file = join(dir, 'orders.fl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    seen.put(id, after + 1)', '    seen.put(id, after + 2)'));
    const v = await verify(wit);
    expect(v.ok).toBe(false);
    expect(v.difference?.message).toMatch(/replay diverged: .*store_put.*different arguments/);
    expect(v.difference).toMatchObject({ line: 26, column: 5 });
  });

  it('verifies the witness of a call that trapped', async () => {
    const wit = join(work, 'trap.wit');
    const r = await runJson(`${FIXTURES}/traps`, 'outer', [0], ['-O0', '--witness', wit]);
    expect(r.trap?.kind).toBe('div_by_zero');
    const v = await verify(wit);
    expect(v).toMatchObject({ ok: true, replayed: true });
  });

  it('recompiles with the overflow mode the witness was recorded under', async () => {
    const wit = join(work, 'overflow.wit');
    const r = await runJson(`${FIXTURES}/traps`, 'add_u8', [200, 100], ['-O1', '--overflow-checks', '--witness', wit]);
    expect(r.trap?.kind).toBe('overflow');
    const v = await estream(['witness', 'verify', wit]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/-O1, overflow checks; module identical/);
  });

  it('finds sources beside the witness or under --root, and reports them missing otherwise', async () => {
    const project = join(work, 'project');
    cpSync(EXAMPLE, join(project, 'lic'), { recursive: true });
    const cwd = process.cwd();
    // Recorded from inside the project, so the header names lic/settlement.fl etc.
    process.chdir(project);
    try {
      expect((await estream(['run', 'lic', 'split_settlement', '--input', `@${join(cwd, 'circuits/licensing/examples/split_settlement.input.json')}`, '--witness', 'run.wit', '-O0'])).code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    // From the repository: not under the working directory, but beside the witness file.
    expect((await verify(join(project, 'run.wit'))).ok).toBe(true);
    const moved = join(work, 'moved.wit');
    writeFileSync(moved, readFileSync(join(project, 'run.wit')));
    const missing = await verify(moved);
    expect(missing.ok).toBe(false);
    expect(missing.error).toMatch(/sources not found: lic\/metering\.fl/);
    expect(missing.sources.every((x) => x.state === 'missing')).toBe(true);
    expect((await verify(moved, ['--root', project])).ok).toBe(true);
  });

  it('property: any valid input to split_settlement yields a witness that verifies', async () => {
    const wit = join(work, 'prop.wit');
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 }), async (gross, a, b) => {
        const platform = Math.min(a, 10000);
        const third = Math.min(b, 10000 - platform);
        const input = { package_id: '0x01', publisher_id: '0x02', referrer_id: '0x', blinded_id: '0x03', gross: gross.toString(), publisher_bps: 10000 - platform - third, platform_bps: platform, third_bps: third };
        const r = await runJson(EXAMPLE, 'split_settlement', input, ['-O0', '--witness', wit]);
        expect(r.ok).toBe(true);
        const v = await verify(wit);
        expect(v.ok).toBe(true);
      }),
      { numRuns: 12, seed: 20240601 },
    );
  });

  it('exit 2 for an unreadable file, 1 for a file that is not a witness', async () => {
    expect((await estream(['witness', 'verify', join(work, 'absent.wit')])).code).toBe(2);
    const junk = join(work, 'junk.wit');
    writeFileSync(junk, 'hello');
    const r = await estream(['witness', 'verify', junk]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error: .*(bad magic|truncated)/);
  });
});

describe('witness show', () => {
  it('names every binding with its location and decodes values', async () => {
    const r = await estream(['witness', 'show', unsigned]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^witness of split_settlement/);
    expect(r.stdout).toMatch(/gross = 1000003/);
    expect(r.stdout).toMatch(/1\. let platform: u64 = 100000 {2}@ circuits\/licensing\/settlement\.fl:26:9/);
    expect(r.stdout).toMatch(/3\. let third_recipient: Recipient = "Referrer"/);
    expect(r.stdout).toMatch(/integrity: commitment matches/);
  });

  it('prints one JSON object with decoded inputs, records and outcome', async () => {
    const r = await estream(['witness', 'show', signed, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      header: { circuit: string; signed: boolean };
      intact: boolean;
      decoded: boolean;
      inputs: { name: string; value: unknown }[];
      records: { kind: string; name: string; line: number; value: unknown }[];
      outcome: { output: { publisher: number } };
      signature: { state: string };
    };
    expect(j.header).toMatchObject({ circuit: 'split_settlement', signed: true });
    expect(j).toMatchObject({ intact: true, decoded: true, signature: { state: 'valid' } });
    expect(j.inputs.find((i) => i.name === 'gross')?.value).toBe(1000003);
    expect(j.records.map((x) => x.name)).toEqual(['platform', 'third', 'third_recipient', 'settlement_id']);
    expect(j.outcome.output.publisher).toBe(850003);
  });

  it('reports a tampered witness that still parses (exit 1)', async () => {
    const bytes = readFileSync(unsigned);
    const copy = Buffer.from(bytes);
    copy[copy.length - 10]! ^= 1; // inside the commitment
    const file = join(work, 'show-tampered.wit');
    writeFileSync(file, copy);
    const r = await estream(['witness', 'show', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/integrity: FAILED — commitment mismatch/);
  });
});
