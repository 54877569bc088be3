/**
 * The pure D helpers of LANGUAGE.md §9 ("Pure D helpers live in the runtime library").
 * Edge cases the reference leaves open are fixed in specs/builtins.md.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import type { IrType } from '../../compiler/ir/ir.ts';
import { fitsInt, typeName } from '../values/types.ts';
import { argCanonical, argInt, argList, bytesResult, defineBuiltin, trap, type BuiltinContext } from './registry.ts';

const utf8 = new TextEncoder();

function joinedHash(args: Parameters<typeof argCanonical>[0], ctx: BuiltinContext, sep: string): Uint8Array {
  const a = argCanonical(args, ctx, 0);
  const s = utf8.encode(sep);
  const b = argCanonical(args, ctx, 1);
  const buf = new Uint8Array(a.length + s.length + b.length);
  buf.set(a);
  buf.set(s, a.length);
  buf.set(b, a.length + s.length);
  return sha3_256(buf);
}

// resolve(a, b) = sha3_256(concat(a, "/", b)); derive_solution_id(a, b) = sha3_256(concat(a, "@", b)).
defineBuiltin('resolve', 2, 2, (args, ctx) => bytesResult(joinedHash(args, ctx, '/'), ctx));
defineBuiltin('derive_solution_id', 2, 2, (args, ctx) => bytesResult(joinedHash(args, ctx, '@'), ctx));
defineBuiltin('hash_lex_policy', 1, 1, (args, ctx) => bytesResult(sha3_256(argCanonical(args, ctx, 0)), ctx));
defineBuiltin('hash_branding', 1, 1, (args, ctx) => bytesResult(sha3_256(argCanonical(args, ctx, 0)), ctx));

function resultInt(ctx: BuiltinContext, fallback: IrType): IrType & { k: 'int' } {
  const t = ctx.resultType.k === 'int' ? ctx.resultType : fallback;
  return t.k === 'int' ? t : { k: 'int', bits: 64, signed: false };
}

// a·b/c with an exact intermediate, truncated toward zero, in the type of a.
defineBuiltin('fixed_point_mul_div', 3, 3, (args, ctx) => {
  const a = argInt(args, ctx, 0);
  const b = argInt(args, ctx, 1);
  const c = argInt(args, ctx, 2);
  if (c === 0n) trap('div_by_zero', 'fixed_point_mul_div: division by zero');
  const r = (a * b) / c;
  const t = resultInt(ctx, ctx.argTypes[0] ?? { k: 'int', bits: 64, signed: false });
  if (!fitsInt(r, t.bits, t.signed)) trap('overflow', `fixed_point_mul_div: ${a}·${b}/${c} = ${r} overflows ${typeName(t, ctx.types)}`);
  return r;
});

/**
 * Sorts, trims ⌊n·pct/100⌋ values from each end (at least one value always remains), then
 * takes the lower median. An empty list gives 0.
 */
export function byzantineMedian(values: bigint[], pct: bigint): bigint {
  const n = values.length;
  if (n === 0) return 0n;
  const sorted = [...values].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const p = pct < 0n ? 0n : pct > 100n ? 100n : pct;
  const trim = Math.min(Number((BigInt(n) * p) / 100n), Math.floor((n - 1) / 2));
  const kept = sorted.slice(trim, n - trim);
  return kept[Math.floor((kept.length - 1) / 2)]!;
}

defineBuiltin('byzantine_median_aggregate', 2, 2, (args, ctx) => {
  const { items } = argList(args, ctx, 0);
  return byzantineMedian(items as bigint[], argInt(args, ctx, 1));
});

/** Σ v·w / Σ w over the pairs (the shorter list bounds them), truncated; 0 when Σ w = 0. */
export function weightedScore(values: bigint[], weights: bigint[]): bigint {
  const n = Math.min(values.length, weights.length);
  let num = 0n;
  let den = 0n;
  for (let i = 0; i < n; i++) {
    num += values[i]! * weights[i]!;
    den += weights[i]!;
  }
  return den === 0n ? 0n : num / den;
}

defineBuiltin('weighted_score', 2, 2, (args, ctx) => {
  const r = weightedScore(argList(args, ctx, 0).items as bigint[], argList(args, ctx, 1).items as bigint[]);
  const t = resultInt(ctx, { k: 'int', bits: 64, signed: false });
  if (!fitsInt(r, t.bits, t.signed)) trap('overflow', `weighted_score: ${r} overflows ${typeName(t, ctx.types)}`);
  return r;
});

/** z×100 = (x − mean)·10 000 / (σ×100), truncated toward zero; 0 when σ×100 = 0. */
export function zScore100(x: bigint, mean: bigint, sigma100: bigint): bigint {
  return sigma100 === 0n ? 0n : ((x - mean) * 10_000n) / sigma100;
}

defineBuiltin('z_score_detect', 3, 3, (args, ctx) => {
  const r = zScore100(argInt(args, ctx, 0), argInt(args, ctx, 1), argInt(args, ctx, 2));
  const t = resultInt(ctx, { k: 'int', bits: 64, signed: true });
  if (!fitsInt(r, t.bits, t.signed)) trap('overflow', `z_score_detect: ${r} overflows ${typeName(t, ctx.types)}`);
  return r;
});

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/**
 * ⌊1000·|P| / √(P² + Q²)⌋, computed exactly as ⌊√(10⁶·P² / (P² + Q²))⌋; 0 when P = Q = 0.
 */
export function powerFactor(p: bigint, q: bigint): bigint {
  const s = p * p + q * q;
  if (s === 0n) return 0n;
  return isqrt((1_000_000n * p * p) / s);
}

defineBuiltin('power_factor_compute', 2, 2, (args, ctx) => powerFactor(argInt(args, ctx, 0), argInt(args, ctx, 1)));

