/**
 * Category B and W builtins (LANGUAGE.md §9): bytes and collection helpers, and the explicit
 * arithmetic forms of §8.1.3. Also the ESCIR expression builtins (`max`, `abs`, `fnv1a32`)
 * and the `any` accessors the front end lowers dynamic field access to.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { IrConst, IrType } from '../../compiler/ir/ir.ts';
import { concatBytes } from '../values/byte-io.ts';
import { anyField, anyIndex } from '../values/dynamic.ts';
import { compareValues, valuesEqual } from '../values/equality.ts';
import { fitsInt, intRange, typeName, wrapInt } from '../values/types.ts';
import { argBytes, argCanonical, argInt, argList, argValue, bytesResult, defineBuiltin, trap, type BuiltinContext } from './registry.ts';

// §9: concat (2–7) joins the canonical encodings of its arguments.
defineBuiltin('concat', 1, 64, (args, ctx) => bytesResult(concatBytes(args.map((_, i) => argCanonical(args, ctx, i))), ctx));

defineBuiltin('hex', 1, 1, (args, ctx) => bytesToHex(argCanonical(args, ctx, 0)));

/** A byte count argument, trapping on negative or absurd sizes instead of exhausting memory. */
function sizeArg(args: IrConst[], ctx: BuiltinContext, i: number, what: string): number {
  const n = argInt(args, ctx, i);
  if (n < 0n || n > 0x4000_0000n) trap('index_out_of_bounds', `${what}: size ${n} is out of range`);
  return Number(n);
}

defineBuiltin('alloc', 1, 1, (args, ctx) => bytesResult(new Uint8Array(sizeArg(args, ctx, 0, 'alloc')), ctx));

// `bytes(N)`: the zero value; `bytes(N){v}` arrives as a second argument.
defineBuiltin('bytes', 1, 2, (args, ctx) => {
  const n = ctx.resultType.k === 'bytesN' ? ctx.resultType.n : sizeArg(args, ctx, 0, 'bytes');
  const out = new Uint8Array(n);
  if (args.length > 1) out.fill(Number(BigInt.asUintN(8, argInt(args, ctx, 1))));
  return out;
});

// copy(dst, dst_off, src, src_off, n) → the updated destination; the front end assigns it back.
defineBuiltin('copy', 5, 5, (args, ctx) => {
  const dst = argBytes(args, ctx, 0);
  const src = argBytes(args, ctx, 2);
  const dstOff = argInt(args, ctx, 1);
  const srcOff = argInt(args, ctx, 3);
  const n = argInt(args, ctx, 4);
  if (dstOff < 0n || srcOff < 0n || n < 0n || dstOff + n > BigInt(dst.length) || srcOff + n > BigInt(src.length)) {
    trap(
      'index_out_of_bounds',
      `copy of ${n} bytes from offset ${srcOff} of ${src.length} into offset ${dstOff} of ${dst.length} is out of bounds`,
    );
  }
  const out = new Uint8Array(dst);
  out.set(src.subarray(Number(srcOff), Number(srcOff + n)), Number(dstOff));
  return ctx.argTypes[0]?.k === 'string' ? new TextDecoder().decode(out) : out;
});

defineBuiltin('extract_u64_le', 2, 2, (args, ctx) => {
  const b = argBytes(args, ctx, 0);
  const off = argInt(args, ctx, 1);
  if (off < 0n || off + 8n > BigInt(b.length)) {
    trap('index_out_of_bounds', `extract_u64_le at offset ${off} needs 8 bytes, but the value has ${b.length}`);
  }
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(Number(off), true);
});

function intType(t: IrType | undefined): (IrType & { k: 'int' }) | undefined {
  return t?.k === 'int' ? t : undefined;
}

function bitwise(name: string, op: (a: bigint, b: bigint) => bigint, byteOp: (a: number, b: number) => number): void {
  defineBuiltin(name, 2, 2, (args, ctx) => {
    const a = argValue(args, ctx, 0);
    const b = argValue(args, ctx, 1);
    if (typeof a.value === 'bigint' && typeof b.value === 'bigint') {
      const t = intType(ctx.resultType) ?? intType(a.type);
      const r = op(a.value, b.value);
      return t ? wrapInt(r, t.bits, t.signed) : r;
    }
    if (a.value instanceof Uint8Array && b.value instanceof Uint8Array) {
      if (a.value.length !== b.value.length) {
        trap('conversion', `${name} needs bytes of the same size, got ${a.value.length} and ${b.value.length}`);
      }
      const out = new Uint8Array(a.value.length);
      for (let i = 0; i < out.length; i++) out[i] = byteOp(a.value[i]!, b.value[i]!);
      return out;
    }
    return trap('conversion', `${name} applies to integers or same-size bytes, not ${typeName(a.type, ctx.types)} and ${typeName(b.type, ctx.types)}`);
  });
}
bitwise('bitwise_and', (a, b) => a & b, (a, b) => a & b);
bitwise('bitwise_or', (a, b) => a | b, (a, b) => a | b);
bitwise('bitwise_xor', (a, b) => a ^ b, (a, b) => a ^ b);

defineBuiltin('bitwise_not', 1, 1, (args, ctx) => {
  const a = argValue(args, ctx, 0);
  if (typeof a.value === 'bigint') {
    const t = intType(ctx.resultType) ?? intType(a.type);
    return t ? wrapInt(~a.value, t.bits, t.signed) : ~a.value;
  }
  if (a.value instanceof Uint8Array) return a.value.map((x) => ~x & 0xff);
  return trap('conversion', `bitwise_not applies to integers or bytes, not ${typeName(a.type, ctx.types)}`);
});

function lengthOf(args: IrConst[], ctx: BuiltinContext): bigint {
  const { value, type } = argValue(args, ctx, 0);
  if (Array.isArray(value) || value instanceof Uint8Array) return BigInt(value.length);
  if (typeof value === 'string') return BigInt(new TextEncoder().encode(value).length);
  if (value === null) return 0n;
  return trap('conversion', `len applies to lists, bytes and strings, not ${typeName(type, ctx.types)}`);
}
defineBuiltin('len', 1, 1, lengthOf);
defineBuiltin('list_len', 1, 1, lengthOf);

defineBuiltin('nth', 2, 2, (args, ctx) => {
  const { items } = argList(args, ctx, 0);
  const i = argInt(args, ctx, 1);
  if (i < 0n || i >= BigInt(items.length)) trap('index_out_of_bounds', `nth: index ${i} out of bounds for length ${items.length}`);
  return items[Number(i)]!;
});

defineBuiltin('equal', 2, 2, (args) => valuesEqual(args[0] ?? null, args[1] ?? null));

function pick(name: string, choose: (c: number) => boolean): void {
  defineBuiltin(name, 2, 2, (args) => {
    const a = args[0] ?? null;
    const b = args[1] ?? null;
    const c = compareValues(a, b);
    if (Number.isNaN(c)) return typeof a === 'number' && Number.isNaN(a) ? a : b;
    return choose(c) ? a : b;
  });
}
pick('min', (c) => c <= 0);
pick('max', (c) => c >= 0);

defineBuiltin('abs', 1, 1, (args, ctx) => {
  const { value, type } = argValue(args, ctx, 0);
  if (typeof value === 'number') return Math.abs(value);
  if (typeof value !== 'bigint') return trap('conversion', `abs applies to numbers, not ${typeName(type, ctx.types)}`);
  const r = value < 0n ? -value : value;
  const t = intType(ctx.resultType) ?? intType(type);
  if (t && !fitsInt(r, t.bits, t.signed)) trap('overflow', `abs(${value}) overflows ${typeName(t, ctx.types)}`);
  return r;
});

// append / list_append as pure functions returning the new list (the front end assigns it back).
function appendBuiltin(args: IrConst[], ctx: BuiltinContext): IrConst {
  const { items } = argList(args, ctx, 0);
  return [...items, args[1] ?? null];
}
defineBuiltin('append', 2, 2, appendBuiltin);
defineBuiltin('list_append', 2, 2, appendBuiltin);

// FNV-1a-32 (ESCIR.md §7): h = 0x811c9dc5; per byte h ^= b; h *= 0x01000193 mod 2^32.
export function fnv1a32(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) {
    h ^= b[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
defineBuiltin('fnv1a32', 1, 1, (args, ctx) => BigInt(fnv1a32(argBytes(args, ctx, 0))));

defineBuiltin('any_field', 2, 2, (args, ctx) => {
  const name = argValue(args, ctx, 1).value;
  if (typeof name !== 'string') return trap('conversion', 'any_field: the field name must be a string');
  return anyField(args[0] ?? null, name, ctx.types);
});
defineBuiltin('any_index', 2, 2, (args, ctx) => anyIndex(args[0] ?? null, argInt(args, ctx, 1)));

// ───────────────────────────── §8.1.3 explicit arithmetic ─────────────────────────────

function intOperands(name: string, args: IrConst[], ctx: BuiltinContext): { a: bigint; b: bigint; t: IrType & { k: 'int' } } {
  const t = intType(ctx.resultType) ?? intType(ctx.argTypes[0]);
  const inner = ctx.resultType.k === 'option' ? intType(ctx.resultType.inner) : undefined;
  const type = inner ?? t;
  if (!type) return trap('conversion', `${name} applies to integers`);
  return { a: argInt(args, ctx, 0), b: argInt(args, ctx, 1), t: type };
}

const ops: Record<string, (a: bigint, b: bigint) => bigint> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
};

for (const [op, fn] of Object.entries(ops)) {
  defineBuiltin(`wrapping_${op}`, 2, 2, (args, ctx) => {
    const { a, b, t } = intOperands(`wrapping_${op}`, args, ctx);
    return wrapInt(fn(a, b), t.bits, t.signed);
  });
  defineBuiltin(`checked_${op}`, 2, 2, (args, ctx) => {
    const { a, b, t } = intOperands(`checked_${op}`, args, ctx);
    const r = fn(a, b);
    return fitsInt(r, t.bits, t.signed) ? { some: r } : null;
  });
}
for (const op of ['add', 'sub', 'mul'] as const) {
  defineBuiltin(`saturating_${op}`, 2, 2, (args, ctx) => {
    const { a, b, t } = intOperands(`saturating_${op}`, args, ctx);
    const r = ops[op]!(a, b);
    const range = intRange(t.bits, t.signed);
    return r < range.min ? range.min : r > range.max ? range.max : r;
  });
}

// `fail(msg)` in call position (the front end usually lowers it to a trap node).
defineBuiltin('fail', 0, 1, (args, ctx) => {
  const msg = args.length > 0 ? argValue(args, ctx, 0).value : 'fail';
  return trap('fail', typeof msg === 'string' ? msg : 'fail');
});

defineBuiltin('some', 1, 1, (args) => ({ some: args[0] ?? null }));

// `deviation(x, baseline)` = |x − B| / max(|B|, 1e-9) (§8.6.5); the host supplies B.
defineBuiltin('deviation', 2, 2, (args, ctx) => {
  const x = Number(argValue(args, ctx, 0).value as number | bigint);
  const b = Number(argValue(args, ctx, 1).value as number | bigint);
  return Math.abs(x - b) / Math.max(Math.abs(b), 1e-9);
});

