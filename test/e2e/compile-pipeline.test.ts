/**
 * compiler/pipeline/compile.ts on its own: the cache key and what a hit skips, sources held
 * in memory, unreadable files, front-end-only compilation and circuit statuses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { circuitStatuses, compileProgram, compilerFingerprint, programContentKey, type ProgramInput } from '../../compiler/pipeline/compile.ts';

const SOURCE = `type P = struct { x: u32, }
circuit double(p: P) -> u32 { p.x * 2 }
circuit broken() -> u32 { nope }
`;
const input: ProgramInput = { root: 'mem', files: ['mem/a.fl'] };
const texts = new Map([['mem/a.fl', SOURCE]]);
let cacheDir: string;

beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'estream-pipeline-'));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('compileProgram', () => {
  it('compiles sources held in memory and reports circuit statuses', async () => {
    const c = await compileProgram(input, { optLevel: 0, cacheDir: null, texts });
    expect(c.cache).toBe('off');
    expect(c.errors).toBe(1);
    expect(c.diagnostics[0]).toMatchObject({ code: 'FL310', file: 'mem/a.fl', line: 3 });
    expect(circuitStatuses(c).map((s) => [s.name, s.compiled])).toEqual([
      ['double', true],
      ['broken', false],
    ]);
  });

  it('a cache hit skips the front end and reports the same diagnostics and bytes', async () => {
    const miss = await compileProgram(input, { optLevel: 1, cacheDir, texts });
    const hit = await compileProgram(input, { optLevel: 1, cacheDir, texts });
    expect([miss.cache, hit.cache]).toEqual(['miss', 'hit']);
    expect(hit.ir).toBeUndefined();
    expect(hit.timings['front']).toBeUndefined();
    expect(Buffer.from(hit.compiled!.wasm).equals(Buffer.from(miss.compiled!.wasm))).toBe(true);
    expect(hit.diagnostics).toEqual(miss.diagnostics);
    const withIr = await compileProgram(input, { optLevel: 1, cacheDir, texts, needIr: true });
    expect(withIr.cache).toBe('hit');
    expect(withIr.ir?.funcs.some((f) => f.sourceName === 'double')).toBe(true);
  });

  it('keys the cache on content, root and overflow mode, and on the compiler itself', () => {
    const sources = [{ path: 'mem/a.fl', text: SOURCE }];
    const base = programContentKey(input, sources, false);
    expect(programContentKey(input, sources, false)).toBe(base);
    expect(programContentKey(input, [{ path: 'mem/a.fl', text: `${SOURCE} ` }], false)).not.toBe(base);
    expect(programContentKey({ ...input, root: 'other' }, sources, false)).not.toBe(base);
    expect(programContentKey(input, sources, true)).not.toBe(base);
    expect(compilerFingerprint()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns an unreadable file into a diagnostic and never caches it', async () => {
    const c = await compileProgram({ root: 'mem', files: ['mem/a.fl', join(cacheDir, 'missing.fl')] }, { optLevel: 0, cacheDir, texts });
    expect(c.cache).toBe('off');
    expect(c.diagnostics.some((d) => d.code === 'FL9001')).toBe(true);
    expect(c.compiled).toBeDefined();
  });

  it('stops after the IR when the back end is not wanted', async () => {
    const c = await compileProgram(input, { optLevel: 2, cacheDir, texts, backEnd: false });
    expect(c.compiled).toBeUndefined();
    expect(c.ir).toBeDefined();
    expect(circuitStatuses(c).map((s) => [s.name, s.compiled])).toEqual([
      ['double', true],
      ['broken', false],
    ]);
  });
});
