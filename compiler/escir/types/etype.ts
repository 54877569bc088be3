/**
 * Resolved ESCIR types (ESCIR.md §4) and their packed little-endian layout.
 */

export type IntWidth = 8 | 16 | 32 | 64 | 128;

export type EType =
  | { k: 'int'; bits: IntWidth; signed: boolean; datetime?: boolean }
  | { k: 'float'; bits: 32 | 64 }
  | { k: 'bool' }
  | { k: 'bytes'; n: number }
  | { k: 'string'; n: number }
  | { k: 'array'; elem: EType; n: number }
  | { k: 'option'; inner: EType }
  | { k: 'stream'; elem: EType }
  | { k: 'struct'; name: string }
  | { k: 'enum'; name: string }
  | { k: 'union'; name: string }
  /** Presence without data: the output of an ungated `compare` gate. */
  | { k: 'unit' }
  /** Unresolved (already reported) or not inferable: checks involving it are skipped. */
  | { k: 'unknown' };

export const ET = {
  bool: { k: 'bool' } as EType,
  u8: { k: 'int', bits: 8, signed: false } as EType,
  u16: { k: 'int', bits: 16, signed: false } as EType,
  u32: { k: 'int', bits: 32, signed: false } as EType,
  u64: { k: 'int', bits: 64, signed: false } as EType,
  i64: { k: 'int', bits: 64, signed: true } as EType,
  f64: { k: 'float', bits: 64 } as EType,
  unit: { k: 'unit' } as EType,
  unknown: { k: 'unknown' } as EType,
  uint: (bits: IntWidth): EType => ({ k: 'int', bits, signed: false }),
};

export interface FieldDecl {
  name: string;
  type: EType;
  /** Default literal as a plain value, validated against the type (E041). */
  defaultValue?: unknown;
  hasDefault: boolean;
  start: number;
  end: number;
  pointer: string;
}

export interface StructDecl {
  kind: 'struct';
  name: string;
  fields: FieldDecl[];
  parent?: string;
  start: number;
  end: number;
  pointer: string;
}

export interface EnumDecl {
  kind: 'enum';
  name: string;
  variants: { name: string; value: bigint }[];
  reprBits: 8 | 16 | 32;
  /** Declared with `values:` (ordinals implied; W044 when carried on a wire). */
  implicitOrdinals: boolean;
  start: number;
  end: number;
  pointer: string;
}

export interface UnionDecl {
  kind: 'union';
  name: string;
  discriminant: string;
  variants: { name: string; value: bigint; type: EType }[];
  tagBits: 8 | 16 | 32;
  start: number;
  end: number;
  pointer: string;
}

export interface AliasDecl {
  kind: 'alias';
  name: string;
  target: EType;
  start: number;
  end: number;
  pointer: string;
}

export type TypeDecl = StructDecl | EnumDecl | UnionDecl | AliasDecl;

export function sameEType(a: EType, b: EType): boolean {
  if (a.k === 'unknown' || b.k === 'unknown') return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int': {
      const o = b as typeof a;
      return a.bits === o.bits && a.signed === o.signed;
    }
    case 'float':
      return a.bits === (b as typeof a).bits;
    case 'bytes':
    case 'string':
      return a.n === (b as typeof a).n;
    case 'array':
      return a.n === (b as typeof a).n && sameEType(a.elem, (b as typeof a).elem);
    case 'option':
      return sameEType(a.inner, (b as typeof a).inner);
    case 'stream':
      return sameEType(a.elem, (b as typeof a).elem);
    case 'struct':
    case 'enum':
    case 'union':
      return a.name === (b as typeof a).name;
    default:
      return true;
  }
}

export function typeName(t: EType): string {
  switch (t.k) {
    case 'int':
      return t.datetime ? 'datetime' : `${t.signed ? 'i' : 'u'}${t.bits}`;
    case 'float':
      return `f${t.bits}`;
    case 'bool':
      return 'bool';
    case 'bytes':
      return `bytes(${t.n})`;
    case 'string':
      return `string(${t.n})`;
    case 'array':
      return `[${typeName(t.elem)}; ${t.n}]`;
    case 'option':
      return `option<${typeName(t.inner)}>`;
    case 'stream':
      return `Stream<${typeName(t.elem)}>`;
    case 'struct':
    case 'enum':
    case 'union':
      return t.name;
    case 'unit':
      return 'unit';
    case 'unknown':
      return '?';
  }
}

export function isIntType(t: EType): t is Extract<EType, { k: 'int' }> {
  return t.k === 'int';
}

export function isNumeric(t: EType): boolean {
  return t.k === 'int' || t.k === 'float';
}

/** Smallest of u8/u16/u32 that holds every value (ESCIR.md §4 enum repr). */
export function reprFor(values: bigint[]): 8 | 16 | 32 {
  let max = 0n;
  for (const v of values) if (v > max) max = v;
  return max < 256n ? 8 : max < 65536n ? 16 : 32;
}

export function intRange(bits: number, signed: boolean): [bigint, bigint] {
  const b = BigInt(bits);
  return signed ? [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n] : [0n, (1n << b) - 1n];
}
