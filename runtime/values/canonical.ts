/**
 * Canonical encoding, LANGUAGE.md §8.3.6: what hashing, `concat`, default `serialize` and
 * the witness see. Integers big-endian at full width; bool 1 byte; floats IEEE-754
 * big-endian; bytes(N) raw; enums at their representation width; options 00 / 01+value;
 * structs field by field; lists a u32 count then the elements; bytes and string raw at the
 * top level and u32-length-prefixed when nested. Fixed arrays `[T; N]` have no count (their
 * length is part of the type, like bytes(N)); `any` is self-describing (specs/values.md).
 *
 * Encoding writes into one growing scratch buffer shared by every call (encoding never
 * re-enters), so a call allocates only its result.
 */
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { ANY_LIST, isAnyBox, isDynamicRecord, type DynamicRecord } from './dynamic.ts';
import { ByteReader, ByteWriter } from './byte-io.ts';
import { enumDef, structDef, typeName, ValueError } from './types.ts';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Type-descriptor tags of a value inside `any` (specs/values.md). */
const enum AnyTag {
  Nil = 0x00,
  Int = 0x01,
  Float = 0x02,
  Bool = 0x03,
  Void = 0x04,
  BytesN = 0x05,
  Bytes = 0x06,
  String = 0x07,
  Struct = 0x08,
  Enum = 0x09,
  List = 0x0a,
  Array = 0x0b,
  Option = 0x0c,
  Any = 0x0d,
  Record = 0x0e,
}

/** Big-endian two's complement of v at `bits` width (written in place: this is the hot path). */
function writeInt(w: ByteWriter, v: bigint, bits: number): void {
  const n = bits / 8;
  w.reserve(n);
  if (bits <= 32) {
    let x = Number(BigInt.asUintN(bits, v));
    for (let i = n - 1; i >= 0; i--) {
      w.buf[w.pos + i] = x & 0xff;
      x = Math.floor(x / 256);
    }
  } else if (bits === 64) {
    w.view.setBigUint64(w.pos, BigInt.asUintN(64, v));
  } else {
    let x = BigInt.asUintN(bits, v);
    for (let i = n - 8; i >= 0; i -= 8) {
      w.view.setBigUint64(w.pos + i, BigInt.asUintN(64, x));
      x >>= 64n;
    }
  }
  w.pos += n;
}

const scratch = new ByteWriter();

export function encodeCanonical(value: IrConst, type: IrType, types: IrTypeDef[]): Uint8Array {
  scratch.reset();
  try {
    writeValue(scratch, value, type, types, false);
  } catch (e) {
    scratch.reset();
    if (e instanceof EncodeFailure) throw new ValueError(e.message, e.path.join('').replace(/^\./, '') || 'value');
    throw e;
  }
  const out = scratch.finish();
  scratch.reset();
  return out;
}

/**
 * A value that does not match its type. The path is assembled while unwinding, so the
 * success path never builds path strings.
 */
class EncodeFailure {
  readonly path: string[] = [];
  constructor(readonly message: string) {}
}

/** Runs one part's encoding and prefixes a failure's path with the part's name. */
function within(segment: () => string, e: unknown): unknown {
  if (e instanceof EncodeFailure) e.path.unshift(segment());
  return e;
}

function bad(type: IrType, types: IrTypeDef[], value: IrConst): never {
  const got = value === null ? 'nil' : Array.isArray(value) ? 'array' : value instanceof Uint8Array ? 'bytes' : typeof value;
  throw new EncodeFailure(`cannot encode ${got} as ${typeName(type, types)}`);
}

function writeValue(w: ByteWriter, v: IrConst, type: IrType, types: IrTypeDef[], nested: boolean): void {
  switch (type.k) {
    case 'int':
      if (typeof v !== 'bigint') bad(type, types, v);
      writeInt(w, v, type.bits);
      return;
    case 'float':
      if (typeof v !== 'number') bad(type, types, v);
      if (type.bits === 32) w.f32(v);
      else w.f64(v);
      return;
    case 'bool':
      if (typeof v !== 'boolean') bad(type, types, v);
      w.u8(v ? 1 : 0);
      return;
    case 'void':
      return;
    case 'bytesN':
      if (!(v instanceof Uint8Array)) bad(type, types, v);
      if (v.length !== type.n) throw new EncodeFailure(`expected ${type.n} bytes, got ${v.length}`);
      w.bytes(v);
      return;
    case 'bytes':
      if (!(v instanceof Uint8Array)) bad(type, types, v);
      if (nested) w.u32(v.length);
      w.bytes(v);
      return;
    case 'string':
      if (typeof v !== 'string') bad(type, types, v);
      w.utf8(v, nested);
      return;
    case 'enum':
      if (typeof v !== 'bigint') bad(type, types, v);
      writeInt(w, v, enumDef(type, types).reprBits);
      return;
    case 'option':
      if (v === null) {
        w.u8(0);
        return;
      }
      if (typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array || !('some' in v)) bad(type, types, v);
      w.u8(1);
      writeValue(w, (v as { some: IrConst }).some, type.inner, types, true);
      return;
    case 'struct': {
      const def = structDef(type, types);
      if (!Array.isArray(v) || v.length !== def.fields.length) bad(type, types, v);
      let i = 0;
      try {
        for (; i < def.fields.length; i++) writeValue(w, v[i]!, def.fields[i]!.type, types, true);
      } catch (e) {
        throw within(() => `.${def.fields[i]!.name}`, e);
      }
      return;
    }
    case 'list':
    case 'array':
      if (!Array.isArray(v)) bad(type, types, v);
      if (type.k === 'list') w.u32(v.length);
      else if (v.length !== type.n) throw new EncodeFailure(`expected ${type.n} elements, got ${v.length}`);
      let i = 0;
      try {
        for (; i < v.length; i++) writeValue(w, v[i]!, type.elem, types, true);
      } catch (e) {
        throw within(() => `[${i}]`, e);
      }
      return;
    case 'any':
      writeAny(w, v, types);
      return;
  }
}

/** Tags of the types whose descriptor is the tag alone. */
const BARE_TAG: Record<'bool' | 'void' | 'bytes' | 'string' | 'any', AnyTag> = {
  bool: AnyTag.Bool,
  void: AnyTag.Void,
  bytes: AnyTag.Bytes,
  string: AnyTag.String,
  any: AnyTag.Any,
};

function writeTypeDescriptor(w: ByteWriter, t: IrType): void {
  switch (t.k) {
    case 'int':
      w.u8(AnyTag.Int).u8(t.bits).u8(t.signed ? 1 : 0);
      return;
    case 'float':
      w.u8(AnyTag.Float).u8(t.bits);
      return;
    case 'bytesN':
      w.u8(AnyTag.BytesN).u32(t.n);
      return;
    case 'struct':
    case 'enum':
      w.u8(t.k === 'struct' ? AnyTag.Struct : AnyTag.Enum).u32(t.id);
      return;
    case 'array':
      w.u8(AnyTag.Array).u32(t.n);
      writeTypeDescriptor(w, t.elem);
      return;
    case 'list':
      w.u8(AnyTag.List);
      writeTypeDescriptor(w, t.elem);
      return;
    case 'option':
      w.u8(AnyTag.Option);
      writeTypeDescriptor(w, t.inner);
      return;
    default:
      w.u8(BARE_TAG[t.k]);
  }
}

function writeAny(w: ByteWriter, v: IrConst, types: IrTypeDef[]): void {
  if (v === null) {
    w.u8(AnyTag.Nil);
    return;
  }
  if (!isAnyBox(v)) bad({ k: 'any' }, types, v);
  if (isDynamicRecord(v)) {
    w.u8(AnyTag.Record);
    w.u32(v.keys.length);
    for (const k of v.keys) writeValue(w, k, { k: 'string' }, types, true);
    let i = 0;
    try {
      for (; i < v.keys.length; i++) writeAny(w, v.value[i] ?? null, types);
    } catch (e) {
      throw within(() => `.${v.keys[i]}`, e);
    }
    return;
  }
  writeTypeDescriptor(w, v.any);
  writeValue(w, v.value, v.any, types, true);
}

// ───────────────────────────── decoding ─────────────────────────────

function truncated(what: string, at: number, needed: number, left: number): ValueError {
  return new ValueError(`canonical decoding: truncated input at byte ${at} reading ${what} (${needed} bytes needed, ${left} left)`);
}

/** A big-endian integer of `bits` width, sign-extended when `signed`. */
function readInt(r: ByteReader, bits: number, signed: boolean, what: string): bigint {
  const n = bits / 8;
  r.need(n, what);
  let x = 0n;
  if (bits === 64) x = r.view.getBigUint64(r.pos);
  else if (bits < 64) {
    let y = 0;
    for (let i = 0; i < n; i++) y = y * 256 + r.buf[r.pos + i]!;
    x = BigInt(y);
  } else {
    for (let i = 0; i < n; i += 8) x = (x << 64n) | r.view.getBigUint64(r.pos + i);
  }
  r.pos += n;
  return signed ? BigInt.asIntN(bits, x) : x;
}

export function decodeCanonical(bytes: Uint8Array, type: IrType, types: IrTypeDef[]): IrConst {
  const r = new ByteReader(bytes, truncated);
  const v = readValue(r, type, types, false);
  if (r.pos !== bytes.length) {
    throw new ValueError(`canonical decoding: ${bytes.length - r.pos} trailing bytes after ${typeName(type, types)} at byte ${r.pos}`);
  }
  return v;
}

function readString(b: Uint8Array, at: number): string {
  try {
    return utf8Strict.decode(b);
  } catch {
    throw new ValueError(`canonical decoding: invalid UTF-8 in string at byte ${at}`);
  }
}

function readValue(r: ByteReader, type: IrType, types: IrTypeDef[], nested: boolean): IrConst {
  switch (type.k) {
    case 'int':
      return readInt(r, type.bits, type.signed, typeName(type, types));
    case 'float':
      return type.bits === 32 ? r.f32(typeName(type, types)) : r.f64(typeName(type, types));
    case 'bool': {
      const b = r.u8('bool');
      if (b > 1) throw new ValueError(`canonical decoding: bool byte ${b} at byte ${r.pos - 1} is not 0 or 1`);
      return b === 1;
    }
    case 'void':
      return null;
    case 'bytesN':
      return r.bytes(type.n, `bytes(${type.n})`);
    case 'bytes':
    case 'string': {
      const at = r.pos;
      const n = nested ? r.u32('length') : r.remaining;
      const b = r.bytes(n, type.k);
      return type.k === 'bytes' ? b : readString(b, at);
    }
    case 'enum': {
      const def = enumDef(type, types);
      const v = readInt(r, def.reprBits, false, def.name);
      if (!def.variants.some((x) => BigInt.asUintN(def.reprBits, x.value) === v)) {
        throw new ValueError(`canonical decoding: ${v} is not a variant of ${def.name} at byte ${r.pos - def.reprBits / 8}`);
      }
      return def.variants.find((x) => BigInt.asUintN(def.reprBits, x.value) === v)!.value;
    }
    case 'option': {
      const tag = r.u8('option tag');
      if (tag === 0) return null;
      if (tag !== 1) throw new ValueError(`canonical decoding: option tag ${tag} at byte ${r.pos - 1} is not 0 or 1`);
      return { some: readValue(r, type.inner, types, true) };
    }
    case 'struct':
      return structDef(type, types).fields.map((f) => readValue(r, f.type, types, true));
    case 'list': {
      const n = r.u32('list count');
      // Each element takes at least minWidth bytes: a count the input cannot hold is corrupt.
      const width = minWidth(type.elem, types);
      if (width > 0 ? n * width > r.remaining : n > MAX_EMPTY_ELEMENTS) {
        throw new ValueError(`canonical decoding: list count ${n} at byte ${r.pos - 4} exceeds the remaining input`);
      }
      const out: IrConst[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = readValue(r, type.elem, types, true);
      return out;
    }
    case 'array': {
      const out: IrConst[] = new Array(type.n);
      for (let i = 0; i < type.n; i++) out[i] = readValue(r, type.elem, types, true);
      return out;
    }
    case 'any':
      return readAny(r, types);
  }
}

/** Zero-width elements (empty structs) take no input, so their count needs its own bound. */
const MAX_EMPTY_ELEMENTS = 1 << 20;

function minWidth(type: IrType, types: IrTypeDef[]): number {
  switch (type.k) {
    case 'void':
      return 0;
    case 'struct':
      return structDef(type, types).fields.reduce((s, f) => s + minWidth(f.type, types), 0);
    case 'array':
      return type.n * minWidth(type.elem, types);
    case 'bytesN':
      return type.n;
    default:
      return 1;
  }
}

function readTypeDescriptor(r: ByteReader, tag: number, types: IrTypeDef[]): IrType {
  switch (tag) {
    case AnyTag.Int: {
      const bits = r.u8('int width');
      const signed = r.u8('int signedness');
      if (![8, 16, 32, 64, 128].includes(bits) || signed > 1) throw new ValueError(`canonical decoding: bad int descriptor at byte ${r.pos - 2}`);
      return { k: 'int', bits: bits as 8, signed: signed === 1 };
    }
    case AnyTag.Float: {
      const bits = r.u8('float width');
      if (bits !== 32 && bits !== 64) throw new ValueError(`canonical decoding: bad float descriptor at byte ${r.pos - 1}`);
      return { k: 'float', bits };
    }
    case AnyTag.Bool:
      return { k: 'bool' };
    case AnyTag.Void:
      return { k: 'void' };
    case AnyTag.BytesN:
      return { k: 'bytesN', n: r.u32('bytes width') };
    case AnyTag.Bytes:
      return { k: 'bytes' };
    case AnyTag.String:
      return { k: 'string' };
    case AnyTag.Struct:
    case AnyTag.Enum: {
      const id = r.u32('type id');
      const def = types[id];
      if (!def || def.kind !== (tag === AnyTag.Struct ? 'struct' : 'enum')) {
        throw new ValueError(`canonical decoding: type id ${id} at byte ${r.pos - 4} is not in the type table`);
      }
      return tag === AnyTag.Struct ? { k: 'struct', id } : { k: 'enum', id };
    }
    case AnyTag.List:
      return { k: 'list', elem: readTypeDescriptor(r, r.u8('type tag'), types) };
    case AnyTag.Array: {
      const n = r.u32('array length');
      return { k: 'array', n, elem: readTypeDescriptor(r, r.u8('type tag'), types) };
    }
    case AnyTag.Option:
      return { k: 'option', inner: readTypeDescriptor(r, r.u8('type tag'), types) };
    case AnyTag.Any:
      return { k: 'any' };
    default:
      throw new ValueError(`canonical decoding: unknown type tag 0x${tag.toString(16).padStart(2, '0')} at byte ${r.pos - 1}`);
  }
}

function readAny(r: ByteReader, types: IrTypeDef[]): IrConst {
  const tag = r.u8('any tag');
  if (tag === AnyTag.Nil) return null;
  if (tag === AnyTag.Record) {
    const n = r.u32('record size');
    if (n > r.remaining) throw new ValueError(`canonical decoding: record size ${n} exceeds the remaining input`);
    const keys: string[] = [];
    for (let i = 0; i < n; i++) keys.push(readValue(r, { k: 'string' }, types, true) as string);
    const values: IrConst[] = [];
    for (let i = 0; i < n; i++) values.push(readAny(r, types));
    const rec: DynamicRecord = { any: ANY_LIST, value: values, keys };
    return rec;
  }
  const t = readTypeDescriptor(r, tag, types);
  return { any: t, value: readValue(r, t, types, true) };
}
