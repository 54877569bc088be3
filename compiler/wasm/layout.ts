/**
 * Memory layout of IR values in linear memory (specs/abi.md §2). One module decides it; the
 * code generator, the static-data builder and the runtime marshaller all read it from here.
 *
 * Every IR value lives in one wasm "slot": a scalar (i32/i64/f32/f64) or an i32 pointer to an
 * immutable heap object. Objects are never written after they are built, so assignment is a
 * pointer copy and value semantics (LANGUAGE.md §8.2.1) come from copy-on-write updates.
 */
import type { IrType, IrTypeDef, IrStructDef, IrEnumDef } from '../ir/ir.ts';

export type SlotKind = 'i32' | 'i64' | 'f32' | 'f64' | 'none';

/**
 * A list/array value is a pointer to an 8-byte handle `[u32 len][u32 buffer]`; the buffer is
 * `[u32 used][u32 cap]` followed by the element slots, so LIST_HEADER is the offset of the
 * first element in the buffer. Handles share buffers: `push` appends in place only when the
 * handle's length equals the buffer's `used` count (nobody has appended past it yet) and
 * there is capacity; otherwise it copies (specs/abi.md §2).
 */
export const LIST_HEADER = 8;
/** Size of a list handle: `u32 len`, `u32 buffer pointer`. */
export const LIST_HANDLE = 8;
/** Offset of the first byte of a bytes/string object (after `u32 len`). */
export const BYTES_HEADER = 4;
/** Offset of the payload slot inside an `any` box (after `u32 typeIndex`, `u32 reserved`). */
export const ANY_HEADER = 8;
/** Size of a u128/i128 box: low i64 then high i64, little-endian. */
export const WIDE_INT_SIZE = 16;

export class LayoutError extends Error {}

export function structDef(types: IrTypeDef[], id: number): IrStructDef {
  const def = types[id];
  if (!def || def.kind !== 'struct') throw new LayoutError(`type #${id} is not a struct`);
  return def;
}

export function enumDef(types: IrTypeDef[], id: number): IrEnumDef {
  const def = types[id];
  if (!def || def.kind !== 'enum') throw new LayoutError(`type #${id} is not an enum`);
  return def;
}

/** True when the value is held as an i32 pointer to a heap object. */
export function isBoxed(t: IrType): boolean {
  switch (t.k) {
    case 'int':
      return t.bits === 128;
    case 'float':
    case 'bool':
    case 'void':
    case 'enum':
      return false;
    default:
      return true;
  }
}

export function slotKind(t: IrType, types: IrTypeDef[]): SlotKind {
  switch (t.k) {
    case 'int':
      return t.bits === 64 ? 'i64' : 'i32';
    case 'float':
      return t.bits === 32 ? 'f32' : 'f64';
    case 'bool':
      return 'i32';
    case 'void':
      return 'none';
    case 'enum':
      return enumDef(types, t.id).reprBits === 64 ? 'i64' : 'i32';
    default:
      return 'i32';
  }
}

export function slotSize(kind: SlotKind): number {
  return kind === 'i64' || kind === 'f64' ? 8 : kind === 'none' ? 0 : 4;
}

export interface StructLayout {
  offsets: number[];
  kinds: SlotKind[];
  size: number;
}

const structLayouts = new WeakMap<IrTypeDef[], Map<number, StructLayout>>();

/** Field offsets with natural alignment of each slot; the size is rounded up to 8. */
export function structLayout(types: IrTypeDef[], id: number): StructLayout {
  let cache = structLayouts.get(types);
  if (!cache) structLayouts.set(types, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const def = structDef(types, id);
  const offsets: number[] = [];
  const kinds: SlotKind[] = [];
  let off = 0;
  for (const f of def.fields) {
    const k = slotKind(f.type, types);
    const sz = slotSize(k);
    if (sz > 0) off = Math.ceil(off / sz) * sz;
    offsets.push(off);
    kinds.push(k);
    off += sz;
  }
  const layout = { offsets, kinds, size: Math.max(8, Math.ceil(off / 8) * 8) };
  cache.set(id, layout);
  return layout;
}

/** Integer width in bits of a type held as an integer (ints, bool, enums). */
export function intBits(t: IrType, types: IrTypeDef[]): number {
  if (t.k === 'int') return t.bits;
  if (t.k === 'bool') return 8;
  if (t.k === 'enum') return enumDef(types, t.id).reprBits;
  throw new LayoutError(`not an integer type: ${t.k}`);
}

export function isSigned(t: IrType): boolean {
  return t.k === 'int' && t.signed;
}

/** A short, stable key naming a type; used to intern generated helpers and type tables. */
export function typeKey(t: IrType): string {
  switch (t.k) {
    case 'int':
      return `${t.signed ? 'i' : 'u'}${t.bits}`;
    case 'float':
      return `f${t.bits}`;
    case 'bool':
      return 'bool';
    case 'void':
      return 'void';
    case 'bytesN':
      return `b${t.n}`;
    case 'bytes':
      return 'bytes';
    case 'string':
      return 'string';
    case 'struct':
      return `s${t.id}`;
    case 'enum':
      return `e${t.id}`;
    case 'list':
      return `L(${typeKey(t.elem)})`;
    case 'array':
      return `A${t.n}(${typeKey(t.elem)})`;
    case 'option':
      return `O(${typeKey(t.inner)})`;
    case 'any':
      return 'any';
  }
}

/** Human-readable type, for diagnostics and `witness show`. */
export function typeName(t: IrType, types: IrTypeDef[]): string {
  switch (t.k) {
    case 'bytesN':
      return `bytes(${t.n})`;
    case 'struct':
    case 'enum':
      return types[t.id]?.name ?? `#${t.id}`;
    case 'list':
      return `list<${typeName(t.elem, types)}>`;
    case 'array':
      return `[${typeName(t.elem, types)}; ${t.n}]`;
    case 'option':
      return `option<${typeName(t.inner, types)}>`;
    default:
      return typeKey(t);
  }
}

/** Elements of a list/array type; bytes-like types index to u8. */
export function elementType(t: IrType): IrType | undefined {
  if (t.k === 'list' || t.k === 'array') return t.elem;
  if (t.k === 'bytes' || t.k === 'bytesN' || t.k === 'string') return { k: 'int', bits: 8, signed: false };
  return undefined;
}

export function isBytesLike(t: IrType): boolean {
  return t.k === 'bytes' || t.k === 'string' || t.k === 'bytesN';
}

/** Layout of a host/builtin argument block: the arguments as an anonymous struct. */
export function argsLayout(kinds: SlotKind[]): { offsets: number[]; size: number } {
  const offsets: number[] = [];
  let off = 0;
  for (const k of kinds) {
    const sz = slotSize(k);
    if (sz > 0) off = Math.ceil(off / sz) * sz;
    offsets.push(off);
    off += sz;
  }
  return { offsets, size: Math.max(8, Math.ceil(off / 8) * 8) };
}
