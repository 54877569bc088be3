import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T } from '../../../compiler/ir/ir.ts';
import { builtinTrap, callBuiltin, hex, text } from './helpers.ts';

const sha3 = (b: Uint8Array | string) => createHash('sha3-256').update(b).digest('hex');

describe('pure D helpers (LANGUAGE.md §9 D)', () => {
  it('resolve and derive_solution_id hash concat(a, sep, b)', () => {
    expect(hex(callBuiltin('resolve', [['lex/a', T.string], ['b', T.string]], T.bytesN(32)))).toBe(sha3('lex/a/b'));
    expect(hex(callBuiltin('derive_solution_id', [[text('pub'), T.bytes], [2n, T.u16]], T.bytesN(32)))).toBe(
      sha3(Buffer.concat([Buffer.from('pub@'), Buffer.from([0, 2])])),
    );
    expect(hex(callBuiltin('hash_lex_policy', [['p', T.string]], T.bytesN(32)))).toBe(sha3('p'));
    expect(hex(callBuiltin('hash_branding', [[1n, T.u8]], T.bytesN(32)))).toBe(sha3(Buffer.from([1])));
  });

  it('fixed_point_mul_div is exact, truncates, and traps on c = 0 or overflow', () => {
    expect(callBuiltin('fixed_point_mul_div', [[2n ** 63n, T.u64], [10n, T.u64], [20n, T.u64]], T.u64)).toBe(2n ** 62n);
    expect(callBuiltin('fixed_point_mul_div', [[7n, T.u32], [3n, T.u32], [2n, T.u32]], T.u32)).toBe(10n);
    expect(builtinTrap('fixed_point_mul_div', [[1n, T.u32], [1n, T.u32], [0n, T.u32]], T.u32).kind).toBe('div_by_zero');
    expect(builtinTrap('fixed_point_mul_div', [[2n ** 31n, T.u32], [4n, T.u32], [1n, T.u32]], T.u32).kind).toBe('overflow');
  });

  it('byzantine_median_aggregate trims pct% from each end, then takes the lower median', () => {
    const agg = (xs: number[], pct: number) => callBuiltin('byzantine_median_aggregate', [[xs.map(BigInt), T.list(T.u64)], [BigInt(pct), T.u64]], T.u64);
    expect(agg([], 10)).toBe(0n);
    expect(agg([5], 40)).toBe(5n);
    expect(agg([1, 2, 3, 4], 0)).toBe(2n);
    expect(agg([1000, 1, 2, 3, 4, 5, 6, 7, 8, 0], 10)).toBe(4n);
    expect(agg([9, 1, 5], 50)).toBe(5n);
  });

  it('weighted_score is Σvw/Σw, 0 without weight', () => {
    const ws = (v: number[], w: number[]) => callBuiltin('weighted_score', [[v.map(BigInt), T.list(T.u64)], [w.map(BigInt), T.list(T.u64)]], T.u64);
    expect(ws([10, 20], [1, 3])).toBe(17n);
    expect(ws([10], [0])).toBe(0n);
    expect(ws([10, 20, 30], [1, 1])).toBe(15n);
  });

  it('z_score_detect returns z×100', () => {
    const z = (x: number, m: number, s: number) => callBuiltin('z_score_detect', [[BigInt(x), T.i64], [BigInt(m), T.i64], [BigInt(s), T.i64]], T.i64);
    expect(z(130, 100, 1500)).toBe(200n); // (130−100)/15 = 2.00
    expect(z(70, 100, 1500)).toBe(-200n);
    expect(z(1, 0, 0)).toBe(0n);
  });

  it('power_factor_compute is ⌊1000·P/√(P²+Q²)⌋', () => {
    const pf = (p: number, q: number) => callBuiltin('power_factor_compute', [[BigInt(p), T.u64], [BigInt(q), T.u64]], T.u32);
    expect(pf(3, 4)).toBe(600n);
    expect(pf(100, 0)).toBe(1000n);
    expect(pf(0, 0)).toBe(0n);
    expect(pf(1, 1)).toBe(707n);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (p, q) => {
        const r = Number(pf(p, q));
        const exact = p + q === 0 ? 0 : (1000 * p) / Math.sqrt(p * p + q * q);
        expect(Math.abs(r - Math.floor(exact + 1e-9))).toBeLessThanOrEqual(1);
        expect(r).toBeLessThanOrEqual(1000);
      }),
      { numRuns: 200 },
    );
  });
});
