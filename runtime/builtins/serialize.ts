/**
 * `serialize(v)` and `encode_cbor(v)` (LANGUAGE.md §9, §8.7 `encode`). `serialize` follows
 * the `encode` clause the front end attaches to a data type (`IrStructDef.encode`): a named
 * format (`cbor` selects deterministic CBOR), or a layout whose entries write fields in
 * order in their byte order (`le`/`be`), pinned entries as their constant, zero-padded to
 * `bytes(size)`; a layout larger than its size traps. Without a clause it is the canonical
 * encoding. A constant second argument (`"cbor"` or a JSON layout) overrides the clause, for
 * front ends that pass the layout at the call (specs/builtins.md).
 */
import type { IrConst, IrEncodeLayout, IrStructDef, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { encodeCanonical } from '../values/canonical.ts';
import { enumDef, structDef, typeName } from '../values/types.ts';
import { encodeCbor } from './cbor.ts';
import { argValue, defineBuiltin, trap, type BuiltinContext } from './registry.ts';

/** The JSON form of a layout passed as serialize's second argument. */
export interface EncodeLayout {
  size: number;
  entries: { field: string; endian?: 'le' | 'be'; value?: number | string }[];
}

const utf8 = new TextEncoder();

function intBytes(v: bigint, width: number, littleEndian: boolean): number[] {
  const out: number[] = new Array(width);
  let x = BigInt.asUintN(width * 8, v);
  for (let i = 0; i < width; i++) {
    out[littleEndian ? i : width - 1 - i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** A value in the given byte order: scalars swap, composites apply the order to their parts. */
function writeOrdered(v: IrConst, type: IrType, types: IrTypeDef[], le: boolean, out: number[]): void {
  switch (type.k) {
    case 'int':
      out.push(...intBytes(v as bigint, type.bits / 8, le));
      return;
    case 'enum':
      out.push(...intBytes(v as bigint, enumDef(type, types).reprBits / 8, le));
      return;
    case 'bool':
      out.push(v ? 1 : 0);
      return;
    case 'float': {
      const dv = new DataView(new ArrayBuffer(type.bits / 8));
      if (type.bits === 32) dv.setFloat32(0, v as number, le);
      else dv.setFloat64(0, v as number, le);
      for (let i = 0; i < type.bits / 8; i++) out.push(dv.getUint8(i));
      return;
    }
    case 'bytesN':
    case 'bytes':
      for (const b of v as Uint8Array) out.push(b);
      return;
    case 'string':
      for (const b of utf8.encode(v as string)) out.push(b);
      return;
    case 'struct':
      structDef(type, types).fields.forEach((f, i) => writeOrdered((v as IrConst[])[i]!, f.type, types, le, out));
      return;
    case 'list':
    case 'array':
      if (type.k === 'list') out.push(...intBytes(BigInt((v as IrConst[]).length), 4, le));
      for (const x of v as IrConst[]) writeOrdered(x, type.elem, types, le, out);
      return;
    case 'option':
      if (v === null) out.push(0);
      else {
        out.push(1);
        writeOrdered((v as { some: IrConst }).some, type.inner, types, le, out);
      }
      return;
    default:
      for (const b of encodeCanonical(v, type, types)) out.push(b);
  }
}

function constantFor(c: IrConst | number | string, type: IrType, field: string): IrConst {
  let n: bigint;
  try {
    n = typeof c === 'bigint' ? c : BigInt(c as number | string);
  } catch {
    return trap('conversion', `encode layout: constant ${String(c)} for field '${field}' is not an integer`);
  }
  if (type.k === 'int' || type.k === 'enum') return n;
  if (type.k === 'bool') return n !== 0n;
  if (type.k === 'float') return Number(n);
  if (type.k === 'bytesN') {
    // A pinned bytes(N) field: the constant big-endian, left-padded (§8.2.6 integer constants).
    const out = new Uint8Array(type.n);
    let x = BigInt.asUintN(type.n * 8, n);
    for (let i = type.n - 1; i >= 0; i--) {
      out[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    return out;
  }
  return trap('conversion', `encode layout: field '${field}' cannot be pinned to a constant`);
}

/** Width of a pinned entry that names no field: the smallest of 1, 2, 4, 8, 16 bytes that holds it. */
function constantWidth(c: bigint): number {
  const v = c < 0n ? -c : c;
  for (const w of [1, 2, 4, 8, 16]) if (v < 1n << BigInt(w * 8 - (c < 0n ? 1 : 0))) return w;
  return 16;
}

/** Writes a struct value by an `encode` layout (IrEncodeLayout, as the front end lowers it). */
export function encodeWithIrLayout(value: IrConst, def: IrStructDef, types: IrTypeDef[], layout: IrEncodeLayout): Uint8Array {
  const out: number[] = [];
  for (const entry of layout.fields) {
    const le = entry.endian === 'le';
    const i = entry.index >= 0 ? entry.index : def.fields.findIndex((f) => f.name === entry.field);
    if (i < 0 || !def.fields[i]) {
      if (entry.value === undefined) return trap('conversion', `encode layout names '${entry.field}', which is not a field of ${def.name}`);
      const c = constantFor(entry.value, { k: 'int', bits: 128, signed: true }, entry.field) as bigint;
      out.push(...intBytes(c, constantWidth(c), le));
      continue;
    }
    const ft = def.fields[i]!.type;
    const v = entry.value !== undefined ? constantFor(entry.value, ft, entry.field) : (value as IrConst[])[i]!;
    writeOrdered(v, ft, types, le, out);
  }
  if (layout.size === undefined) return Uint8Array.from(out);
  if (out.length > layout.size) {
    return trap('conversion', `encode layout of ${def.name} writes ${out.length} bytes, more than bytes(${layout.size})`);
  }
  const result = new Uint8Array(layout.size);
  result.set(out);
  return result;
}

/** Writes a struct value by a JSON layout given as serialize's second argument. */
export function encodeWithLayout(value: IrConst, type: IrType, types: IrTypeDef[], layout: EncodeLayout): Uint8Array {
  if (type.k !== 'struct') return trap('conversion', `encode layout applies to structs, not ${typeName(type, types)}`);
  const def = structDef(type, types);
  const fields: IrEncodeLayout['fields'] = layout.entries.map((e) => {
    const index = def.fields.findIndex((f) => f.name === e.field);
    const item: IrEncodeLayout['fields'][number] = { field: e.field, index, endian: e.endian ?? 'be' };
    if (e.value !== undefined) item.value = constantFor(e.value, index >= 0 ? def.fields[index]!.type : { k: 'int', bits: 128, signed: true }, e.field);
    return item;
  });
  return encodeWithIrLayout(value, def, types, { size: layout.size, fields });
}

function parseLayout(spec: string): EncodeLayout {
  let parsed: unknown;
  try {
    parsed = JSON.parse(spec);
  } catch {
    return trap('conversion', `serialize: layout argument is neither "cbor" nor JSON`);
  }
  const l = parsed as EncodeLayout;
  if (typeof l !== 'object' || l === null || !Number.isInteger(l.size) || l.size < 0 || !Array.isArray(l.entries)) {
    return trap('conversion', `serialize: layout must be {"size": N, "entries": [...]}`);
  }
  return l;
}

/** serialize by the type's own `encode` clause, if it has one. */
function serializeByClause(value: IrConst, type: IrType, types: IrTypeDef[]): Uint8Array | undefined {
  if (type.k !== 'struct') return undefined;
  const def = structDef(type, types);
  const layout = def.encode;
  if (!layout) return undefined;
  if (layout.format === 'cbor') return encodeCbor(value, type, types);
  // A bare `encode`, or a named format the runtime does not know, is the canonical encoding.
  if (layout.fields.length === 0 && layout.size === undefined) return undefined;
  return encodeWithIrLayout(value, def, types, layout);
}

function fitResult(b: Uint8Array, ctx: BuiltinContext): IrConst {
  const t = ctx.resultType;
  if (t.k === 'bytesN' && b.length !== t.n) {
    if (b.length > t.n) trap('conversion', `serialize produced ${b.length} bytes, more than bytes(${t.n})`);
    const out = new Uint8Array(t.n);
    out.set(b);
    return out;
  }
  return b;
}

defineBuiltin('serialize', 1, 2, (args, ctx) => {
  const { value, type } = argValue(args, ctx, 0);
  if (args.length === 1) return fitResult(serializeByClause(value, type, ctx.types) ?? encodeCanonical(value, type, ctx.types), ctx);
  const spec = argValue(args, ctx, 1).value;
  if (typeof spec !== 'string') return trap('conversion', 'serialize: the layout argument must be a string constant');
  if (spec === 'cbor') return fitResult(encodeCbor(value, type, ctx.types), ctx);
  return fitResult(encodeWithLayout(value, type, ctx.types, parseLayout(spec)), ctx);
});

defineBuiltin('encode_cbor', 1, 1, (args, ctx) => {
  const { value, type } = argValue(args, ctx, 0);
  return fitResult(encodeCbor(value, type, ctx.types), ctx);
});
