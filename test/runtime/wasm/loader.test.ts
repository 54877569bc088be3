import { describe, expect, it } from 'vitest';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { compileModule, emitText } from '../../../compiler/wasm/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { parseRecords } from '../../../runtime/wasm/recording.ts';
import { argumentDigest } from '../../../runtime/wasm/imports.ts';
import { ModuleBuilder, E, S, T, at } from '../../wasm/ir-builder.ts';

function program() {
  const mb = new ModuleBuilder();
  mb.func('digest', T.bytesN(32), (f) => {
    const b = f.param('b', T.bytes);
    f.add(S.ret(E.builtin('sha3_256', [b], T.bytesN(32))));
  });
  // Builds n blocks of 1 KiB, each bound to a witness local: many records, many chunks.
  mb.func('blocks', T.u64, (f) => {
    const n = f.param('n', T.u64);
    const i = f.declare('i', T.u64);
    const block = f.declare('block', T.bytesN(1024));
    f.add(
      S.loop([
        S.if(E.bin('ge', f.get(i), n), [S.break()]),
        S.set(block, { e: 'fill', fill: E.convert('int', f.get(i), T.u8), type: T.bytesN(1024) }),
        S.set(i, E.bin('add', f.get(i), E.int(1))),
      ]),
    );
    f.add(S.ret(f.get(i)));
  });
  mb.func('greet', T.string, (f) => {
    const who = f.param('who', T.string);
    const times = f.param('times', T.u8);
    f.add(S.ret(E.builtin('concat', [E.str('hi '), who, E.convert('int', times, T.u32)], T.string, at(3, 3))));
  });
  return mb.build();
}

describe('loader and marshalling', async () => {
  const compiled = await compileModule(program(), { optLevel: 2 });
  const mod = await loadModule(compiled);

  it('grows memory for large inputs and keeps results correct', () => {
    const big = new Uint8Array(5_000_000).map((_, i) => i & 0xff);
    const out = mod.callIr('digest', [big]).value as Uint8Array;
    expect(Buffer.from(out).equals(Buffer.from(sha3_256(big)))).toBe(true);
    // the heap is reset per call: a small call afterwards is still right
    expect(Buffer.from(mod.callIr('digest', [new Uint8Array([1])]).value as Uint8Array).equals(Buffer.from(sha3_256(new Uint8Array([1]))))).toBe(true);
  });

  it('a witness larger than one chunk is copied out whole and in order', () => {
    const r = mod.callIr('blocks', [200n], { witness: true });
    expect(r.value).toBe(200n);
    const recs = r.witness!.records;
    const blocks = recs.filter((x) => x.kind === 'binding' && mod.meta.bindings[x.id]!.name === 'block');
    expect(blocks.length).toBe(200);
    blocks.forEach((b, i) => {
      expect(b.kind === 'binding' && b.value.length).toBe(1024);
      expect(b.kind === 'binding' && b.value[0]).toBe(i & 0xff);
    });
    expect(r.witness!.inputs).toEqual([new Uint8Array([0, 0, 0, 0, 0, 0, 0, 200])]);
    expect(r.witness!.output).toEqual(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 200]));
  });

  it('parses raw record buffers and rejects corrupt ones', () => {
    const raw = new Uint8Array([1, 7, 0, 0, 0, 2, 0, 0, 0, 0xaa, 0xbb]);
    expect(parseRecords(raw, [])).toEqual({ inputs: [], records: [{ kind: 'binding', id: 7, value: new Uint8Array([0xaa, 0xbb]) }] });
    expect(() => parseRecords(new Uint8Array([9, 0, 0, 0, 0, 0, 0, 0, 0]), [])).toThrow(/record tag 9/);
  });

  it('argument digests separate argument boundaries', () => {
    const a = argumentDigest(['ab', 'c'], [T.string, T.string], []);
    const b = argumentDigest(['a', 'bc'], [T.string, T.string], []);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('public JS calls: by position or by name; clear errors for bad calls', () => {
    expect(mod.call('greet', ['ann', 2]).value).toBe('hi ann\u0000\u0000\u0000\u0002');
    expect(mod.call('greet', { who: 'bo', times: 1 }).value).toBe('hi bo\u0000\u0000\u0000\u0001');
    expect(() => mod.call('greet', { who: 'bo', when: 1 })).toThrow(/no parameter named when/);
    expect(() => mod.call('greet', ['x'])).toThrow(/takes 2 arguments/);
    expect(() => mod.call('nope', [])).toThrow(/no circuit named nope/);
    expect(() => mod.call('greet', ['x', 300])).toThrow(/input\.times/);
  });

  it('refuses metadata of another ABI version', async () => {
    await expect(loadModule({ wasm: compiled.wasm, meta: { ...compiled.meta, abiVersion: 999 } })).rejects.toThrow(/ABI version 999/);
  });

  it('metadata survives a JSON round trip (the artefact cache stores it as JSON)', async () => {
    const again = await loadModule({ wasm: compiled.wasm, meta: JSON.parse(JSON.stringify(compiled.meta)) });
    expect(again.call('greet', ['z', 0]).value).toBe('hi z\u0000\u0000\u0000\u0000');
  });

  it('prints WebAssembly text', async () => {
    const wat = await emitText(compiled);
    expect(wat).toMatch(/^\(module/);
    expect(wat).toContain('"f:digest"');
  });
});
