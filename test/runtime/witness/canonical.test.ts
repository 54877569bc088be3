/** Binding records are exactly runtime/values canonical encodings (cross-check with R's codec). */
import { describe, expect, it } from 'vitest';
import type { IrConst, IrType } from '../../../compiler/ir/ir.ts';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { encodeCanonical } from '../../../runtime/values/index.ts';
import { ModuleBuilder, E, S, T } from '../../wasm/ir-builder.ts';

describe('witness values use the canonical encoding', () => {
  it('for every kind of type', async () => {
    const mb = new ModuleBuilder();
    const Color = mb.enum('Color', [['Red', 0], ['Blue', 300]], 16);
    const Inner = mb.struct('Inner', [['tag', T.string], ['raw', T.bytes], ['n', T.i16]]);
    const Outer = mb.struct('Outer', [['inner', Inner], ['items', T.list(Inner)], ['hold', T.option(T.bytesN(3))], ['color', Color], ['ratio', T.f64], ['big', T.u128], ['arr', { k: 'array', elem: T.u8, n: 2 }], ['flag', T.bool], ['f', T.f32]]);
    const cases: [IrType, IrConst][] = [
      [Outer, [['tag', new Uint8Array([1, 2]), -3n], [['a', new Uint8Array(0), 7n], ['', new Uint8Array([9]), -32768n]], { some: new Uint8Array([1, 2, 3]) }, 300n, -0.5, (1n << 100n) + 3n, [4n, 5n], true, 1.5]],
      [T.string, 'héllo'],
      [T.bytes, new Uint8Array([0, 1, 2])],
      [T.list(T.option(T.i64)), [{ some: -1n }, null]],
      [T.option(T.string), { some: 'x' }],
      [T.any, { any: T.u32, value: 7n }],
      [T.any, null],
    ];
    cases.forEach(([t], i) => {
      mb.func(`f${i}`, T.bool, (f) => {
        const p = f.param('p', t);
        f.let('copy', p);
        f.add(S.ret(E.bool(true)));
      });
    });
    const mod = await loadModule(await compileModule(mb.build(), { optLevel: 2 }));
    cases.forEach(([t, v], i) => {
      const r = mod.callIr(`f${i}`, [v], { witness: true }).witness!;
      const expected = Buffer.from(encodeCanonical(v, t, mod.types)).toString('hex');
      expect(Buffer.from(r.inputs[0]!).toString('hex'), `input f${i}`).toBe(expected);
      const binding = r.records.find((x) => x.kind === 'binding');
      expect(binding && Buffer.from(binding.kind === 'binding' ? binding.value : new Uint8Array()).toString('hex'), `binding f${i}`).toBe(expected);
      expect(Buffer.from(r.output!).toString('hex')).toBe('01');
    });
  });
});
