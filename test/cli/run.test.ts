/**
 * `estream run`: input forms (array, object, @file, bare scalar), canonical JSON output,
 * usage errors that name the parameter, circuit selection, witnesses and signing, --clock
 * and --seed, error isolation, and the JSON report. In process (test/e2e/helpers.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estream, FIXTURES, runJson, useTempHome } from '../e2e/helpers.ts';

const EXAMPLE = 'circuits/licensing';
const INPUT_FILE = 'circuits/licensing/examples/split_settlement.input.json';
const EXPECTED = {
  settlement_id: '0xad38f2200efb38312a1f1b9666a904ac2fe6f5848155304e0b32593eeff5a6c5',
  publisher: 850003,
  platform: 100000,
  third_party: 50000,
  third_recipient: 'Referrer',
};
let home: ReturnType<typeof useTempHome>;
let work: string;

beforeAll(() => {
  home = useTempHome();
  work = mkdtempSync(join(tmpdir(), 'estream-run-'));
});
afterAll(() => {
  home.restore();
  rmSync(work, { recursive: true, force: true });
});

describe('estream run: inputs and output', () => {
  it('runs the bundled example from an input file and prints canonical JSON', async () => {
    const r = await estream(['run', EXAMPLE, 'split_settlement', '--input', `@${INPUT_FILE}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(EXPECTED, null, 2)}\n`);
  });

  it('takes arguments by position, by name, and a bare scalar for one parameter', async () => {
    const byName = JSON.parse(readFileSync(INPUT_FILE, 'utf8')) as Record<string, unknown>;
    const positional = ['package_id', 'publisher_id', 'referrer_id', 'blinded_id', 'gross', 'publisher_bps', 'platform_bps', 'third_bps'].map((k) => byName[k]);
    expect((await runJson(EXAMPLE, 'split_settlement', positional)).result).toEqual(EXPECTED);
    expect((await runJson(EXAMPLE, 'split_settlement', byName)).result).toEqual(EXPECTED);
    expect((await runJson(`${FIXTURES}/traps`, 'to_shape', 1)).result).toBe('Square');
    // 64-bit values as decimal strings, bytes(N) as text (right-padded, §8.2.6)
    expect((await runJson(`${FIXTURES}/crypto`, 'public_key', ['7'])).ok).toBe(true);
  });

  it('runs a circuit of a single file (its directory is the program)', async () => {
    const r = await runJson(`${FIXTURES}/effects/orders.fl`, 'kv_round_trip', [1]);
    expect(r.result).toBe(2);
  });
});

describe('estream run: usage errors (exit 2) name what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [['run', EXAMPLE, 'split_settlement'], /split_settlement takes 8 arguments: pass --input .* split_settlement\(package_id: bytes\(32\), .*third_bps: u16\)/],
    [['run', EXAMPLE, 'split_settlement', '--input', '[1]'], /takes 8 arguments, the input array has 1/],
    [['run', EXAMPLE, 'split_settlement', '--input', '{"gross": 1, "colour": 2}'], /has no parameter 'colour'/],
    [['run', EXAMPLE, 'split_settlement', '--input', '{"gross": 1}'], /input lacks 'package_id', 'publisher_id'/],
    [['run', EXAMPLE, 'split_settlement', '--input', '{not json'], /--input is not valid JSON/],
    [['run', `${FIXTURES}/traps`, 'add_u8', '--input', '[300, 1]'], /input\.a: 300 does not fit u8/],
    [['run', `${FIXTURES}/traps`, 'add_u8', '--input', '["x", 1]'], /input\.a/],
    [['run', EXAMPLE, 'split_setlement', '--input', '[]'], /no circuit named 'split_setlement' in the program; did you mean 'split_settlement'\?/],
    [['run', EXAMPLE, 'split_settlement', '--input', '@/nonexistent/in.json'], /cannot read input file \/nonexistent\/in\.json: no such file or directory/],
    [['run', 'no/such/dir', 'x'], /no\/such\/dir: no such file or directory/],
    [['run', EXAMPLE, 'stamp', '--clock', 'yesterday'], /--clock takes milliseconds since 1970 or an ISO-8601 date/],
    [['run', EXAMPLE, 'split_settlement', '--key', '/nonexistent/key.pem'], /signing key not found/],
  ];
  for (const [args, message] of cases) {
    it(args.slice(3).join(' ') || args.join(' '), async () => {
      const r = await estream(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|    at /);
    });
  }
});

describe('estream run: behaviour', () => {
  it('prints compile errors and exits 1 when the circuit itself was not compiled', async () => {
    const r = await estream(['run', `${FIXTURES}/broken`, 'bad', '--input', '[1]']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("test/fixtures/e2e/broken/broken.fl:10:9: error: unknown name 'undefined_name' [FL310]");
    expect(r.stderr).toMatch(/bad was not compiled/);
  });

  it('runs the good parts of a program with errors (with a note) and traps not_compiled on the bad part', async () => {
    const good = await estream(['run', `${FIXTURES}/broken`, 'good', '--input', '[21]']);
    expect(good.code).toBe(0);
    expect(good.stdout).toBe('42\n');
    expect(good.stderr).toMatch(/note: .* has 1 error in other declarations/);
    const calls = await runJson(`${FIXTURES}/broken`, 'calls_bad', [1]);
    expect(calls.trap).toMatchObject({ kind: 'not_compiled', line: 10, column: 9 });
    expect(calls.trap!.message).toContain("unknown name 'undefined_name'");
  });

  it('uses the injected clock (--clock) and writes it into the witness', async () => {
    expect((await runJson(`${FIXTURES}/effects`, 'stamp', undefined, ['--clock', '42'])).result).toBe(42);
  });

  it('--seed makes ML-KEM randomness reproducible, and the default is fresh randomness', async () => {
    const a = join(work, 'a.wit');
    const b = join(work, 'b.wit');
    const c = join(work, 'c.wit');
    await runJson(`${FIXTURES}/crypto`, 'encapsulate', [3], ['--seed', 'fixed', '--witness', a]);
    await runJson(`${FIXTURES}/crypto`, 'encapsulate', [3], ['--seed', 'fixed', '--witness', b]);
    await runJson(`${FIXTURES}/crypto`, 'encapsulate', [3], ['--witness', c]);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false);
  });

  it('writes a witness, signed with --key only for attested circuits', async () => {
    const key = join(work, 'k.pem');
    expect((await estream(['marketplace', 'keygen', '--key-id', 'run-test', '--out', key])).code).toBe(0);
    const attested = await runJson(EXAMPLE, 'split_settlement', JSON.parse(readFileSync(INPUT_FILE, 'utf8')), ['--witness', join(work, 's.wit'), '--key', key]);
    expect(attested.witness).toMatchObject({ signed: true, records: 4 });
    const plain = await runJson(EXAMPLE, 'hour_bucket', [`0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`, 1700000000000], ['--witness', join(work, 'h.wit'), '--key', key]);
    expect(plain.witness).toMatchObject({ signed: false });
    const text = await estream(['run', EXAMPLE, 'hour_bucket', '--input', JSON.stringify([`0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`, 1]), '--witness', join(work, 'h2.wit'), '--key', key]);
    expect(text.stderr).toMatch(/note: hour_bucket is not attested; the witness is not signed/);
  });

  it('writes the witness of a trapping call too', async () => {
    const wit = join(work, 'trap.wit');
    const r = await estream(['run', `${FIXTURES}/traps`, 'refuse', '--input', '["x"]', '--witness', wit]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/witness of the failed call written to .*trap\.wit/);
    expect(readFileSync(wit).subarray(0, 6).toString('latin1')).toBe('ESWIT\0');
  });

  it('prefers the circuit of the file named on the command line when names repeat', async () => {
    const dir = join(work, 'dups');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.fl'), 'circuit which() -> u32 { 1 }\n');
    writeFileSync(join(dir, 'b.fl'), 'circuit which() -> u32 { 2 }\n');
    expect((await runJson(join(dir, 'a.fl'), 'which', undefined)).result).toBe(1);
    expect((await runJson(join(dir, 'b.fl'), 'which', undefined)).result).toBe(2);
  });
});
