import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ArtifactCache, cacheKey, compileCached } from '../../compiler/wasm/cache.ts';
import { loadModule } from '../../runtime/wasm/index.ts';
import { ModuleBuilder, E, S, T } from './ir-builder.ts';

function ir() {
  return new ModuleBuilder()
    .func('twice', T.u32, (f) => {
      const x = f.param('x', T.u32);
      f.add(S.ret(E.bin('mul', x, E.int(2, T.u32))));
    })
    .build();
}

describe('content-hash artefact cache', () => {
  it('keys depend on content, options and compiler version', () => {
    expect(cacheKey('a', { optLevel: 1 })).toBe(cacheKey('a', { optLevel: 1 }));
    expect(cacheKey('a', { optLevel: 1 })).not.toBe(cacheKey('b', { optLevel: 1 }));
    expect(cacheKey('a', { optLevel: 1 })).not.toBe(cacheKey('a', { optLevel: 2 }));
    expect(cacheKey('a', { optLevel: 1 })).not.toBe(cacheKey('a', { optLevel: 1, witness: false }));
  });
  it('skips recompiling unchanged programs and survives a corrupt entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'estream-cache-'));
    const cache = new ArtifactCache(dir);
    let builds = 0;
    const make = () => {
      builds++;
      return ir();
    };
    const first = await compileCached(make, 'src-v1', { optLevel: 1 }, cache);
    const second = await compileCached(make, 'src-v1', { optLevel: 1 }, cache);
    expect([first.hit, second.hit, builds]).toEqual([false, true, 1]);
    expect(Buffer.from(second.compiled.wasm).equals(Buffer.from(first.compiled.wasm))).toBe(true);
    const mod = await loadModule(second.compiled);
    expect(mod.call('twice', [21]).value).toBe(42);
    await writeFile(join(dir, `${first.key}.wasm`), new Uint8Array([0, 1, 2]));
    const third = await compileCached(make, 'src-v1', { optLevel: 1 }, cache);
    expect([third.hit, builds]).toEqual([false, 2]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp.wasm'))).toEqual([]);
  });
});

describe('module metadata', () => {
  it('is plain JSON even when attrs hold cycles, bigints, bytes or functions', async () => {
    const { compileModule } = await import('../../compiler/wasm/index.ts');
    const m = ir();
    const attrs: Record<string, unknown> = { n: 5n, b: new Uint8Array([1]), f: () => 1, shared: T.u64, again: T.u64 };
    attrs['self'] = attrs;
    m.funcs[0]!.attrs = attrs;
    const c = await compileModule(m, { optLevel: 0 });
    expect(c.meta.funcs[0]!.attrs).toEqual({ n: '5', b: '0x01', shared: T.u64, again: T.u64 });
    expect(JSON.parse(JSON.stringify(c.meta))).toEqual(c.meta);
  });
});
