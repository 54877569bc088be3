/**
 * `estream compile`: artefacts (-o, --emit), the --json report, determinism, the content-hash
 * cache, error isolation and usage errors. Runs the CLI in process (test/e2e/helpers.ts).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estream, FIXTURES, useTempHome } from '../e2e/helpers.ts';

const wasmApi = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

interface CompileJson {
  modules: { path: string; wasm: string | null; circuits: { name: string; compiled: boolean; file?: string; line?: number }[]; cache: string; errors: number }[];
  diagnostics: { severity: string; code: string; message: string; file: string; line: number; column: number; endLine: number; endColumn: number }[];
  errors: number;
  warnings: number;
}

let home: ReturnType<typeof useTempHome>;
let work: string;

beforeAll(() => {
  home = useTempHome();
  work = mkdtempSync(join(tmpdir(), 'estream-compile-'));
});
afterAll(() => {
  home.restore();
  rmSync(work, { recursive: true, force: true });
});

async function compileJson(args: string[]): Promise<CompileJson & { code: number }> {
  const r = await estream(['compile', '--json', ...args]);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return { ...(JSON.parse(lines[0]!) as CompileJson), code: r.code };
}

describe('estream compile', () => {
  it('writes validated wasm and its metadata for the bundled example', async () => {
    const out = join(work, 'out1');
    const r = await estream(['compile', 'circuits/licensing', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/circuits\/licensing → .*licensing\.wasm \(\d+ bytes\): 8\/8 circuits compiled/);
    expect(r.stdout.trim().split('\n').pop()).toBe('compiled 1 program: 8/8 circuits to WebAssembly, 0 errors, 0 warnings');
    const wasm = new Uint8Array(readFileSync(join(out, 'licensing.wasm')));
    expect(wasmApi.validate(wasm)).toBe(true);
    const meta = JSON.parse(readFileSync(join(out, 'licensing.meta.json'), 'utf8')) as { optLevel: number; funcs: { sourceName: string; compiled: boolean }[] };
    expect(meta.optLevel).toBe(2);
    expect(meta.funcs.find((f) => f.sourceName === 'split_settlement')?.compiled).toBe(true);
  });

  it('prints exactly one JSON object of the documented shape', async () => {
    const out = join(work, 'out-json');
    const j = await compileJson(['circuits/licensing', '-o', out, '-O0']);
    expect(Object.keys(j).sort()).toEqual(['code', 'diagnostics', 'errors', 'modules', 'warnings']);
    expect(j.modules).toHaveLength(1);
    expect(j.modules[0]!.path).toBe('circuits/licensing');
    expect(j.modules[0]!.wasm).toMatch(/licensing\.wasm$/);
    expect(j.modules[0]!.circuits.map((c) => c.name).sort()).toEqual(
      ['accept_reading', 'billable_amount', 'hour_bucket', 'issue_token', 'split_settlement', 'token_message', 'verification_hash', 'verify_token'].sort(),
    );
    expect(j.modules[0]!.circuits.every((c) => c.compiled === true)).toBe(true);
    expect([j.errors, j.warnings, j.code]).toEqual([0, 0, 0]);
  });

  it('emits WAT and IR files, and prints IR without -o (front end only)', async () => {
    const out = join(work, 'out-all');
    const r = await estream(['compile', `${FIXTURES}/traps`, '-o', out, '--emit', 'wasm,wat,ir', '-O0']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['traps.ir', 'traps.meta.json', 'traps.wasm', 'traps.wat']);
    expect(readFileSync(join(out, 'traps.wat'), 'utf8')).toMatch(/^\(module/);
    expect(readFileSync(join(out, 'traps.ir'), 'utf8')).toMatch(/func divide\(\$0 a: u32, \$1 b: u32\) -> u32 circuit/);
    const ir = await estream(['compile', `${FIXTURES}/traps`, '--emit', 'ir']);
    expect(ir.code).toBe(0);
    expect(ir.stdout).toMatch(/^;; IR of test\/fixtures\/e2e\/traps\n; estream IR/);
    expect(ir.stdout).toMatch(/15\/15 circuits compiled \(front end only\)/);
  });

  it('reports warnings with a code frame and still exits 0', async () => {
    const r = await estream(['compile', `${FIXTURES}/traps`, '-O0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('test/fixtures/e2e/traps/traps.fl:36:11: warning: match on u8 is not exhaustive');
    expect(r.stdout).toContain('36 |     match s {');
  });

  it('is deterministic: identical source gives identical bytes, cached or not, at every -O', async () => {
    for (const level of ['0', '1', '2', '3']) {
      const a = join(work, `det-a-${level}`);
      const b = join(work, `det-b-${level}`);
      await estream(['compile', `${FIXTURES}/collections`, '-o', a, '-O', level, '--no-cache']);
      await estream(['compile', `${FIXTURES}/collections`, '-o', b, '-O', level]);
      const wa = readFileSync(join(a, 'collections.wasm'));
      expect(wasmApi.validate(new Uint8Array(wa))).toBe(true);
      expect(wa.equals(readFileSync(join(b, 'collections.wasm')))).toBe(true);
      expect(readFileSync(join(a, 'collections.meta.json'), 'utf8')).toBe(readFileSync(join(b, 'collections.meta.json'), 'utf8'));
    }
  });

  it('does not recompile unchanged programs; any source, flag or level change misses', async () => {
    const dir = join(work, 'cached');
    cpSync(`${FIXTURES}/traps`, dir, { recursive: true });
    const cacheDir = join(work, 'cache-a');
    const state = async (extra: string[] = []) => (await compileJson([dir, '--cache-dir', cacheDir, '-O0', ...extra])).modules[0]!.cache;
    expect(await state()).toBe('miss');
    expect(await state()).toBe('hit');
    expect(await state(['--overflow-checks'])).toBe('miss');
    expect(await state(['--overflow-checks'])).toBe('hit');
    expect(await state(['-O', '1'])).toBe('miss');
    const file = join(dir, 'traps.fl');
    writeFileSync(file, readFileSync(file, 'utf8') + '\ncircuit extra() -> u8 { 1 }\n');
    expect(await state()).toBe('miss');
    const after = await compileJson([dir, '--cache-dir', cacheDir, '-O0']);
    expect(after.modules[0]!.cache).toBe('hit');
    expect(after.modules[0]!.circuits.some((c) => c.name === 'extra')).toBe(true);
    // A hit reports the same diagnostics as the compilation it stands for.
    expect(after.diagnostics.map((d) => d.code)).toEqual(['FL407']);
    expect(await state(['--no-cache'])).toBe('off');
  });

  it('isolates a declaration with errors: the rest compiles, exit 1, the module is written', async () => {
    const out = join(work, 'out-broken');
    const j = await compileJson([`${FIXTURES}/broken`, '-o', out, '-O0']);
    expect(j.code).toBe(1);
    expect(j.errors).toBe(1);
    expect(j.modules[0]!.circuits.map((c) => [c.name, c.compiled])).toEqual([
      ['good', true],
      ['bad', false],
      ['calls_bad', true],
    ]);
    expect(j.diagnostics).toEqual([
      { severity: 'error', code: 'FL310', message: "unknown name 'undefined_name'", file: 'test/fixtures/e2e/broken/broken.fl', line: 10, column: 9, endLine: 10, endColumn: 23 },
    ]);
    expect(existsSync(join(out, 'broken.wasm'))).toBe(true);
  });

  it('compiles several programs into uniquely named modules', async () => {
    const out = join(work, 'out-many');
    const dup = join(work, 'other', 'traps');
    cpSync(`${FIXTURES}/traps`, dup, { recursive: true });
    const j = await compileJson([`${FIXTURES}/traps`, `${FIXTURES}/crypto`, dup, '-o', out, '-O0']);
    expect(j.modules.map((m) => m.wasm?.split('/').pop())).toEqual(['traps.wasm', 'crypto.wasm', 'traps-2.wasm']);
    expect(j.code).toBe(0);
  });

  it('compiles every program of the repository without a crash; each refused circuit has an error', async () => {
    const j = await compileJson(['circuits', 'test/fixtures', '-O0']);
    const circuits = j.modules.flatMap((m) => m.circuits.map((c) => ({ ...c, module: m.path })));
    expect(circuits.length).toBeGreaterThan(100);
    for (const c of circuits.filter((x) => !x.compiled)) {
      expect(j.diagnostics.some((d) => d.severity === 'error' && d.file === c.file), `${c.module}: ${c.name}`).toBe(true);
    }
    const repoCircuits = j.modules.filter((m) => m.path.startsWith('circuits')).flatMap((m) => m.circuits);
    expect(repoCircuits.every((c) => c.compiled)).toBe(true);
  });

  it('compiles an ESCIR circuit into a module of its own (its proc counts as the circuit)', async () => {
    const out = join(work, 'out-escir');
    const j = await compileJson(['circuits/escir/rate_limited_alarm.escir.yaml', '-o', out, '-O0']);
    expect(j.code).toBe(0);
    expect(j.modules).toHaveLength(1);
    expect(j.modules[0]!.circuits).toEqual([expect.objectContaining({ name: 'rate_limited_alarm', compiled: true })]);
    expect(j.modules[0]!.wasm).toMatch(/rate_limited_alarm\.wasm$/);
    expect(wasmApi.validate(new Uint8Array(readFileSync(join(out, 'rate_limited_alarm.wasm'))))).toBe(true);
    const meta = JSON.parse(readFileSync(join(out, 'rate_limited_alarm.meta.json'), 'utf8')) as { procs: { name: string }[] };
    expect(meta.procs.map((p) => p.name)).toEqual(['rate_limited_alarm']);
  });

  it('exits 2 on usage and I/O errors', async () => {
    const bad = [
      [['compile', 'circuits/licensing', '-O', '7'], /-O takes 0, 1, 2 or 3/],
      [['compile', 'circuits/licensing', '--emit', 'wasm,elf'], /--emit takes wasm, wat and ir/],
    ] as const;
    for (const [args, message] of bad) {
      const r = await estream([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const missing = await compileJson([join(work, 'does-not-exist')]);
    expect(missing.code).toBe(2);
    expect((await compileJson([join(work, 'absent.escir.yaml')])).code).toBe(2);
    expect(missing.diagnostics[0]).toMatchObject({ code: 'FL9001', message: expect.stringMatching(/no such file/) });
  });
});
