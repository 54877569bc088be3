import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IrConst } from '../../../compiler/ir/ir.ts';
import { loadProgram } from '../../../compiler/pipeline/program.ts';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { interpretCall } from '../../../runtime/interp/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { compile } from '../../check/helpers.ts';

/**
 * The lowering's output is what the back end compiles: every function the front end
 * compiled must become validated wasm, and wasm must agree with the reference interpreter.
 */
const CALLS: [string, IrConst[]][] = [
  ['fee', [10000n]],
  ['tier_discount', [3n]],
  ['tier_discount', [0n]],
  ['tag_weight', [[new Uint8Array(32), new Uint8Array(32), 't', 1n, [1000n, new Uint8Array(3)], [['a', 3n], ['b', 0n], ['c', 7n]], null]]],
  ['seats_left', [[1n, new Uint8Array(32), new Uint8Array(32), 5n, 0n]]],
  ['code_for', [2n]],
  ['import_batch', [[new Uint8Array(32).fill(1), new Uint8Array(32)], new Uint8Array(32)]],
  ['pack', [0x1234n]],
  ['big_hex', []],
  ['hashes', [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)]],
];

describe('lowered IR on the wasm back end (agreement with the interpreter)', () => {
  it('compiles every compiled function of the multi-file fixture to validated wasm, and agrees', async () => {
    const p = loadProgram([join(import.meta.dirname, '..', '..', 'check', 'fixtures', 'marketplace')]);
    const compiled = await compileModule(p.ir, { optLevel: 1 });
    const refused = compiled.meta.funcs.filter((f) => !f.compiled && !p.ir.funcs.find((g) => g.name === f.name)?.notCompiled);
    expect(refused.map((f) => f.name)).toEqual([]);
    const wasm = await loadModule(compiled);
    for (const [name, args] of CALLS) {
      const expected = interpretCall(p.ir, name, args, { host: createHost(), fuel: 100_000 });
      const got = wasm.callIr(name, args, { host: createHost() }).value;
      expect([name, got]).toEqual([name, expected]);
    }
  }, 60_000);

  it('compiles control flow, options, matches and closures identically', async () => {
    const p = compile(`
type Spot = struct { level: u8, bay: u16 }
circuit f(xs: list<u32>, o: option<u8>, s: Spot) -> u64 {
    let total = 0
    for x in xs { if x % 3 == 0 { continue }
        total = total + x }
    let k = match o { nil => 1, some(7) => 70, some(v) => v as u32 }
    let m = fold(xs, 0, |a, x| a + x)
    if all(xs, |x| x < 100) { total = total + 1 }
    (total as u64) + (k as u64) + m + (s.bay as u64) + (min(s.level, 9) as u64)
}
`);
    const compiled = await compileModule(p.ir, { optLevel: 2 });
    const wasm = await loadModule(compiled);
    for (const args of [
      [[1n, 3n, 5n], null, [3n, 4n]],
      [[9n, 200n], { some: 7n }, [12n, 0n]],
      [[], { some: 2n }, [0n, 65535n]],
    ] as IrConst[][]) {
      const expected = interpretCall(p.ir, 'f', args, { host: createHost(), fuel: 100_000 });
      expect(wasm.callIr('f', args, { host: createHost() }).value).toEqual(expected);
    }
  }, 60_000);

  it('compiles conversions, byte handling and literal lets identically', async () => {
    const p = compile(`
type Pay = enum u8 { Pending = 0, Paid = 1 }
type A = struct { n: u32, tag: bytes(4) }
circuit g(x: u32, b: bytes(8), s: string) -> u64 {
    let pct = if x > 300 { 100 } else if x > 250 { 50 } else { 0 }
    let head: bytes(6) = [0x46, 0x4C, (x >> 8) as u8, (x & 0xFF) as u8]
    let n = b[0..4] as u32
    let k = match x { Pay::Paid => 7, Pending => 3, _ => pct }
    let a = A { n: x, tag: s }
    let c = checked_add(x, 4000000000) ?? 1
    (n as u64) + (k as u64) + (head[3] as u64) + (a.tag[0] as u64) + (c as u64) + (pct as u64)
}
`);
    const compiled = await compileModule(p.ir, { optLevel: 0 });
    const wasm = await loadModule(compiled);
    for (const args of [
      [1n, new Uint8Array([0, 0, 1, 2, 9, 9, 9, 9]), 'ab'],
      [301n, new Uint8Array(8).fill(255), ''],
      [270n, new Uint8Array(8), 'xyz'],
    ] as IrConst[][]) {
      const expected = interpretCall(p.ir, 'g', args, { host: createHost(), fuel: 100_000 });
      expect(wasm.callIr('g', args, { host: createHost() }).value).toEqual(expected);
    }
  }, 60_000);
});
