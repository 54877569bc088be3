/**
 * Reading and writing IR values (IrConst) in linear memory, following layout.ts. Used at
 * compile time to lay constants into the static data segment and at run time to marshal
 * arguments, results, host-call values and witness records.
 */
import type { IrConst, IrType, IrTypeDef } from '../ir/ir.ts';
import { zeroOf } from '../ir/type-rules.ts';
import {
  ANY_HEADER,
  BYTES_HEADER,
  LIST_HANDLE,
  LIST_HEADER,
  LayoutError,
  WIDE_INT_SIZE,
  enumDef,
  slotKind,
  slotSize,
  structDef,
  structLayout,
  type SlotKind,
} from './layout.ts';

/** A region of memory values can be allocated in. Views are re-read after every alloc. */
export interface Arena {
  /** Allocate `size` zeroed bytes aligned to 8; returns the address. */
  alloc(size: number): number;
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

/** Type index of an `any` box whose payload slot is a handle to a JS-held value. */
export const ANY_HANDLE = 0xffffffff;

/**
 * Type table for `any` boxes: the box stores an index into it. At run time the loader also
 * keeps host-made dynamic values (records from models, kv entries) as handles, because they
 * have no IR type to lay out (specs/abi.md §2.4).
 */
export interface AnyTypeTable {
  indexOf(t: IrType): number;
  typeAt(index: number): IrType;
  /** Keep a dynamic value on the JS side; returns its handle. Absent at compile time. */
  handle?(v: IrConst): number;
  fromHandle?(h: number): IrConst;
}

export type SlotValue = number | bigint;

const utf8 = new TextEncoder();
const utf8Decode = new TextDecoder('utf-8', { fatal: false });

function asBigInt(v: IrConst, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new LayoutError(`expected an integer for ${what}, got ${describe(v)}`);
}

function describe(v: IrConst): string {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

function bytesOf(v: IrConst, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return utf8.encode(v);
  throw new LayoutError(`expected bytes for ${what}, got ${describe(v)}`);
}

function listOf(v: IrConst, what: string): IrConst[] {
  if (Array.isArray(v)) return v;
  throw new LayoutError(`expected a list for ${what}, got ${describe(v)}`);
}

export function storeSlot(arena: Arena, addr: number, kind: SlotKind, slot: SlotValue): void {
  const view = arena.view;
  switch (kind) {
    case 'i32':
      view.setInt32(addr, Number(slot) | 0, true);
      return;
    case 'i64':
      view.setBigInt64(addr, BigInt.asIntN(64, BigInt(slot)), true);
      return;
    case 'f32':
      view.setFloat32(addr, Number(slot), true);
      return;
    case 'f64':
      view.setFloat64(addr, Number(slot), true);
      return;
    case 'none':
      return;
  }
}

export function loadSlot(arena: Arena, addr: number, kind: SlotKind): SlotValue {
  const view = arena.view;
  switch (kind) {
    case 'i32':
      return view.getInt32(addr, true);
    case 'i64':
      return view.getBigInt64(addr, true);
    case 'f32':
      return view.getFloat32(addr, true);
    case 'f64':
      return view.getFloat64(addr, true);
    case 'none':
      return 0;
  }
}

/** Allocate a bytes/string object holding `data`. */
export function writeByteObject(arena: Arena, data: Uint8Array): number {
  const p = arena.alloc(BYTES_HEADER + data.length);
  arena.view.setUint32(p, data.length, true);
  arena.bytes.set(data, p + BYTES_HEADER);
  return p;
}

/** Write a value; returns its slot (a scalar, or the pointer of a newly built object). */
export function writeValue(arena: Arena, t: IrType, v: IrConst, types: IrTypeDef[], anyTable: AnyTypeTable): SlotValue {
  switch (t.k) {
    case 'int': {
      const n = asBigInt(v, t.signed ? `i${t.bits}` : `u${t.bits}`);
      if (t.bits === 128) {
        const p = arena.alloc(WIDE_INT_SIZE);
        const u = BigInt.asUintN(128, n);
        arena.view.setBigUint64(p, BigInt.asUintN(64, u), true);
        arena.view.setBigUint64(p + 8, u >> 64n, true);
        return p;
      }
      if (t.bits === 64) return BigInt.asIntN(64, n);
      return Number(t.signed ? BigInt.asIntN(t.bits, n) : BigInt.asUintN(t.bits, n)) | 0;
    }
    case 'float':
      if (typeof v !== 'number') {
        if (typeof v === 'bigint') return Number(v);
        throw new LayoutError(`expected a float, got ${describe(v)}`);
      }
      return v;
    case 'bool':
      return v === true || v === 1n || v === 1 ? 1 : 0;
    case 'void':
      return 0;
    case 'enum': {
      const def = enumDef(types, t.id);
      const n = asBigInt(v, def.name);
      return def.reprBits === 64 ? BigInt.asIntN(64, n) : Number(BigInt.asUintN(def.reprBits, n)) | 0;
    }
    case 'bytesN': {
      const data = bytesOf(v, `bytes(${t.n})`);
      const p = arena.alloc(Math.max(t.n, 1));
      arena.bytes.set(data.subarray(0, t.n), p);
      return p;
    }
    case 'bytes':
    case 'string':
      return writeByteObject(arena, bytesOf(v, t.k));
    case 'struct': {
      const def = structDef(types, t.id);
      const layout = structLayout(types, t.id);
      const fields = listOf(v, def.name);
      const slots = def.fields.map((f, i) => writeValue(arena, f.type, fields[i] ?? zeroConst(f.type, types), types, anyTable));
      const p = arena.alloc(layout.size);
      slots.forEach((s, i) => storeSlot(arena, p + layout.offsets[i]!, layout.kinds[i]!, s));
      return p;
    }
    case 'list':
    case 'array': {
      const elems = listOf(v, t.k);
      const kind = slotKind(t.elem, types);
      const sz = slotSize(kind);
      const slots = elems.map((e) => writeValue(arena, t.elem, e, types, anyTable));
      const buf = arena.alloc(LIST_HEADER + sz * elems.length);
      arena.view.setUint32(buf, elems.length, true);
      arena.view.setUint32(buf + 4, elems.length, true);
      slots.forEach((s, i) => storeSlot(arena, buf + LIST_HEADER + i * sz, kind, s));
      const p = arena.alloc(LIST_HANDLE);
      arena.view.setUint32(p, elems.length, true);
      arena.view.setUint32(p + 4, buf, true);
      return p;
    }
    case 'option': {
      if (v === null) return 0;
      const inner = typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && 'some' in v ? v.some : v;
      const kind = slotKind(t.inner, types);
      const s = writeValue(arena, t.inner, inner, types, anyTable);
      const p = arena.alloc(8);
      storeSlot(arena, p, kind, s);
      return p;
    }
    case 'any': {
      if (v === null) return 0;
      if (typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array || !('any' in v)) {
        throw new LayoutError(`expected a tagged any value, got ${describe(v)}`);
      }
      const p = arena.alloc(ANY_HEADER + 8);
      if (anyTable.handle) {
        const h = anyTable.handle(v);
        arena.view.setUint32(p, ANY_HANDLE, true);
        arena.view.setUint32(p + ANY_HEADER, h, true);
        return p;
      }
      if ('keys' in v) throw new LayoutError('a dynamic record cannot be a compile-time constant');
      const kind = slotKind(v.any, types);
      const s = writeValue(arena, v.any, v.value, types, anyTable);
      arena.view.setUint32(p, anyTable.indexOf(v.any), true);
      storeSlot(arena, p + ANY_HEADER, kind, s);
      return p;
    }
  }
}

/** Read the value held in a slot. */
export function readValue(arena: Arena, t: IrType, slot: SlotValue, types: IrTypeDef[], anyTable: AnyTypeTable): IrConst {
  switch (t.k) {
    case 'int': {
      if (t.bits === 128) {
        const p = Number(slot);
        const u = arena.view.getBigUint64(p, true) | (arena.view.getBigUint64(p + 8, true) << 64n);
        return t.signed ? BigInt.asIntN(128, u) : u;
      }
      const n = BigInt(slot);
      return t.signed ? BigInt.asIntN(t.bits, n) : BigInt.asUintN(t.bits, n);
    }
    case 'float':
      return t.bits === 32 ? Math.fround(Number(slot)) : Number(slot);
    case 'bool':
      return Number(slot) !== 0;
    case 'void':
      return null;
    case 'enum':
      return BigInt.asUintN(enumDef(types, t.id).reprBits, BigInt(slot));
    case 'bytesN': {
      const p = Number(slot);
      return arena.bytes.slice(p, p + t.n);
    }
    case 'bytes':
    case 'string': {
      const p = Number(slot);
      const len = arena.view.getUint32(p, true);
      const data = arena.bytes.slice(p + BYTES_HEADER, p + BYTES_HEADER + len);
      return t.k === 'string' ? utf8Decode.decode(data) : data;
    }
    case 'struct': {
      const def = structDef(types, t.id);
      const layout = structLayout(types, t.id);
      const p = Number(slot);
      return def.fields.map((f, i) =>
        readValue(arena, f.type, loadSlot(arena, p + layout.offsets[i]!, layout.kinds[i]!), types, anyTable),
      );
    }
    case 'list':
    case 'array': {
      const p = Number(slot);
      const len = arena.view.getUint32(p, true);
      const kind = slotKind(t.elem, types);
      const sz = slotSize(kind);
      const out: IrConst[] = [];
      const buf = arena.view.getUint32(p + 4, true);
      for (let i = 0; i < len; i++) out.push(readValue(arena, t.elem, loadSlot(arena, buf + LIST_HEADER + i * sz, kind), types, anyTable));
      return out;
    }
    case 'option': {
      const p = Number(slot);
      if (p === 0) return null;
      return { some: readValue(arena, t.inner, loadSlot(arena, p, slotKind(t.inner, types)), types, anyTable) };
    }
    case 'any': {
      const p = Number(slot);
      if (p === 0) return null;
      const index = arena.view.getUint32(p, true);
      if (index === ANY_HANDLE) {
        if (!anyTable.fromHandle) throw new LayoutError('any handle outside a run');
        return anyTable.fromHandle(arena.view.getUint32(p + ANY_HEADER, true));
      }
      const inner = anyTable.typeAt(index);
      return { any: inner, value: readValue(arena, inner, loadSlot(arena, p + ANY_HEADER, slotKind(inner, types)), types, anyTable) };
    }
  }
}

/** The zero value of a type (LANGUAGE.md §8.2.2, compiler/ir/type-rules.ts) as an IrConst. */
export function zeroConst(t: IrType, types: IrTypeDef[]): IrConst {
  return zeroOf(t, { struct: (id) => structDef(types, id), enum: (id) => enumDef(types, id) });
}
