/**
 * Deterministic CBOR (RFC 8949 §4.2.1) of a typed value, for `encode_cbor` and
 * `serialize` under `encode cbor` (LANGUAGE.md §8.7). Choices (specs/builtins.md):
 * integers in the shortest head, beyond 64 bits as bignums (tags 2/3); floats in the
 * shortest of half/single/double that keeps the value; bytes major 2, strings major 3;
 * lists and arrays major 4; structs as maps keyed by field name, keys sorted bytewise by
 * their encoding; enums as their discriminant; none/nil as null, some(v) as v.
 */
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { isAnyBox, isDynamicRecord } from '../values/dynamic.ts';
import { compareBytes } from '../values/equality.ts';
import { structDef } from '../values/types.ts';

const utf8 = new TextEncoder();

function head(major: number, n: bigint, out: number[]): void {
  const m = major << 5;
  if (n < 24n) out.push(m | Number(n));
  else if (n < 0x100n) out.push(m | 24, Number(n));
  else if (n < 0x10000n) out.push(m | 25, Number(n >> 8n), Number(n & 0xffn));
  else if (n < 0x100000000n) {
    out.push(m | 26);
    for (let s = 24n; s >= 0n; s -= 8n) out.push(Number((n >> s) & 0xffn));
  } else {
    out.push(m | 27);
    for (let s = 56n; s >= 0n; s -= 8n) out.push(Number((n >> s) & 0xffn));
  }
}

function pushBytes(b: Uint8Array, out: number[]): void {
  for (let i = 0; i < b.length; i++) out.push(b[i]!);
}

const U64_MAX = (1n << 64n) - 1n;

function integer(v: bigint, out: number[]): void {
  if (v >= 0n && v <= U64_MAX) return head(0, v, out);
  if (v < 0n && -1n - v <= U64_MAX) return head(1, -1n - v, out);
  // Bignum: tag 2 (positive) or 3 (negative, −1 − n), big-endian magnitude without leading zeros.
  const mag = v >= 0n ? v : -1n - v;
  const hex = mag.toString(16);
  const digits = hex.length % 2 ? `0${hex}` : hex;
  const bytes = Uint8Array.from(digits.match(/../g)!.map((h) => parseInt(h, 16)));
  head(6, v >= 0n ? 2n : 3n, out);
  head(2, BigInt(bytes.length), out);
  pushBytes(bytes, out);
}

/** IEEE half-precision bits of x if x is exactly representable as a half, else undefined. */
function toHalf(x: number): number | undefined {
  if (Number.isNaN(x)) return 0x7e00;
  if (x === Infinity) return 0x7c00;
  if (x === -Infinity) return 0xfc00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === 0) return sign;
  // Subnormal halves are multiples of 2^-24 below 2^-14.
  if (a < 2 ** -14) {
    const m = a / 2 ** -24;
    return Number.isInteger(m) ? sign | m : undefined;
  }
  const e = Math.floor(Math.log2(a));
  if (e > 15) return undefined;
  const exp = 2 ** e > a ? e - 1 : 2 ** (e + 1) <= a ? e + 1 : e;
  const mant = (a / 2 ** exp - 1) * 1024;
  if (!Number.isInteger(mant) || exp < -14 || exp > 15) return undefined;
  return sign | ((exp + 15) << 10) | mant;
}

function float(x: number, out: number[]): void {
  const half = toHalf(x);
  if (half !== undefined) {
    out.push(0xf9, half >> 8, half & 0xff);
    return;
  }
  const buf = new DataView(new ArrayBuffer(8));
  if (Math.fround(x) === x) {
    buf.setFloat32(0, x);
    out.push(0xfa);
    for (let i = 0; i < 4; i++) out.push(buf.getUint8(i));
    return;
  }
  buf.setFloat64(0, x);
  out.push(0xfb);
  for (let i = 0; i < 8; i++) out.push(buf.getUint8(i));
}

function map(entries: { key: Uint8Array; value: number[] }[], out: number[]): void {
  entries.sort((a, b) => compareBytes(a.key, b.key));
  head(5, BigInt(entries.length), out);
  for (const e of entries) {
    pushBytes(e.key, out);
    for (const b of e.value) out.push(b);
  }
}

function textKey(s: string): Uint8Array {
  const k: number[] = [];
  const b = utf8.encode(s);
  head(3, BigInt(b.length), k);
  pushBytes(b, k);
  return Uint8Array.from(k);
}

function write(v: IrConst, type: IrType, types: IrTypeDef[], out: number[]): void {
  switch (type.k) {
    case 'int':
    case 'enum':
      return integer(v as bigint, out);
    case 'float':
      return float(v as number, out);
    case 'bool':
      out.push(v ? 0xf5 : 0xf4);
      return;
    case 'void':
      out.push(0xf6);
      return;
    case 'bytes':
    case 'bytesN':
      head(2, BigInt((v as Uint8Array).length), out);
      return pushBytes(v as Uint8Array, out);
    case 'string': {
      const b = utf8.encode(v as string);
      head(3, BigInt(b.length), out);
      return pushBytes(b, out);
    }
    case 'option':
      if (v === null) {
        out.push(0xf6);
        return;
      }
      return write((v as { some: IrConst }).some, type.inner, types, out);
    case 'list':
    case 'array': {
      const items = v as IrConst[];
      head(4, BigInt(items.length), out);
      for (const x of items) write(x, type.elem, types, out);
      return;
    }
    case 'struct': {
      const def = structDef(type, types);
      map(
        def.fields.map((f, i) => {
          const value: number[] = [];
          write((v as IrConst[])[i]!, f.type, types, value);
          return { key: textKey(f.name), value };
        }),
        out,
      );
      return;
    }
    case 'any': {
      if (v === null || !isAnyBox(v)) {
        out.push(0xf6);
        return;
      }
      if (isDynamicRecord(v)) {
        map(
          v.keys.map((k, i) => {
            const value: number[] = [];
            write(v.value[i]!, { k: 'any' }, types, value);
            return { key: textKey(k), value };
          }),
          out,
        );
        return;
      }
      return write(v.value, v.any, types, out);
    }
  }
}

export function encodeCbor(value: IrConst, type: IrType, types: IrTypeDef[]): Uint8Array {
  const out: number[] = [];
  write(value, type, types, out);
  return Uint8Array.from(out);
}
