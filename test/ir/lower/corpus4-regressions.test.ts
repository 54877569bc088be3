import { describe, expect, it } from 'vitest';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { diags, program, trapOf } from '../../check/helpers.ts';

/** Defects the fourth corpus (test/fixtures/corpus4, oldest syntax and §10 tolerance) found in lowering. */
describe('an `any` compared with an integer literal (specs/checking.md §6)', () => {
  // `Weird` is undefined, so it is opaque (any): old code used `i8` the same way.
  const SRC = `
circuit sgn(x: i64) -> Weird { if x > 0 { 1 } else if x < 0 { -1 } else { 0 } }
circuit pos(m: Weird) -> bool { m > 0 }
circuit bounded(m: Weird) -> bool { m >= -1 && m <= 1 }
circuit is_one(m: Weird) -> bool { m == 1 }
circuit not_one(m: any) -> bool { 1 != m }
type P = struct { k: u8, big: u64 }
circuit kind_is(x: any) -> bool { x.k == 3 && x.k > 2 && x.big > 1 }
circuit kp(k: u8) -> bool { kind_is(P { k: k, big: 7 }) }
circuit want_u64(m: any) -> u64 { m }
`;

  it('orders and compares a negative dynamic value as a number instead of trapping on a u64 conversion', () => {
    const p = program(SRC);
    expect(diags(p.p, 'error')).toEqual([]);
    const neg = p.run('sgn', [-5n]);
    expect(p.run('pos', [neg])).toBe(false);
    expect(p.run('bounded', [neg])).toBe(true);
    expect(p.run('is_one', [neg])).toBe(false);
    expect(p.run('not_one', [neg])).toBe(true);
    expect(p.run('is_one', [p.run('sgn', [5n])])).toBe(true);
  });

  it('unsigned dynamic fields still compare, and a real shape mismatch still traps', () => {
    const p = program(SRC);
    expect(p.run('kp', [3n])).toBe(true);
    expect(p.run('kp', [2n])).toBe(false);
    expect(trapOf(() => p.run('want_u64', [p.run('sgn', [-5n])])).kind).toBe('conversion');
  });

  it('agrees on wasm', async () => {
    const p = program(SRC);
    const wasm = await loadModule(await compileModule(p.ir, { optLevel: 1 }));
    const call = (f: string, args: unknown[]) => wasm.callIr(f, args as never, { host: createHost() }).value;
    const neg = call('sgn', [-5n]);
    expect(call('pos', [neg])).toBe(false);
    expect(call('bounded', [neg])).toBe(true);
    expect(call('is_one', [neg])).toBe(false);
  }, 60_000);
});
