/**
 * Rules over IR types that the checker, the wasm back end and the runtime all need, written
 * once: the zero value of a type (LANGUAGE.md §8.2.2) and the type as a FastLang user writes
 * it. Each caller brings its own type table and its own way to name a struct or enum.
 */
import type { IrConst, IrEnumDef, IrStructDef, IrType, IrTypeDef } from './ir.ts';

/** How a caller finds the definition behind a struct or enum id (each reports a bad id its own way). */
export interface TypeDefs {
  struct(id: number): IrStructDef;
  enum(id: number): IrEnumDef;
}

/** Type definitions looked up in a plain table; a bad id throws `fail(message)`. */
export function tableDefs(types: readonly IrTypeDef[], fail: (message: string) => Error = (m) => new Error(m)): TypeDefs {
  return {
    struct(id) {
      const def = types[id];
      if (!def || def.kind !== 'struct') throw fail(`type id ${id} is not a struct in the type table`);
      return def;
    },
    enum(id) {
      const def = types[id];
      if (!def || def.kind !== 'enum') throw fail(`type id ${id} is not an enum in the type table`);
      return def;
    },
  };
}

/** The discriminant of an enum's zero: the variant with discriminant 0, else the first (§8.2.2). */
function enumZero(def: IrEnumDef): bigint {
  return def.variants.some((v) => v.value === 0n) ? 0n : (def.variants[0]?.value ?? 0n);
}

/**
 * The zero value of a type (LANGUAGE.md §8.2.2): numbers 0, `false`, all-zero bytes, empty
 * bytes/string/list, `none`, the enum's zero variant, and a struct or array of zeros.
 * `void` and `any` are nil.
 */
export function zeroOf(t: IrType, defs: TypeDefs): IrConst {
  switch (t.k) {
    case 'int':
      return 0n;
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'bytesN':
      return new Uint8Array(t.n);
    case 'bytes':
      return new Uint8Array(0);
    case 'string':
      return '';
    case 'list':
      return [];
    case 'array':
      return Array.from({ length: t.n }, () => zeroOf(t.elem, defs));
    case 'struct':
      return defs.struct(t.id).fields.map((f) => zeroOf(f.type, defs));
    case 'enum':
      return enumZero(defs.enum(t.id));
    case 'option':
    case 'void':
    case 'any':
      return null;
  }
}

/**
 * The type as FastLang spells it — `u32`, `bytes(32)`, `list<Spot>`, `[u8; 4]`,
 * `option<T>` — with struct and enum names given by `named`.
 */
export function typeText(t: IrType, named: (t: IrType & { k: 'struct' | 'enum' }) => string): string {
  switch (t.k) {
    case 'int':
      return (t.signed ? 'i' : 'u') + t.bits;
    case 'float':
      return 'f' + t.bits;
    case 'bytesN':
      return `bytes(${t.n})`;
    case 'struct':
    case 'enum':
      return named(t);
    case 'list':
      return `list<${typeText(t.elem, named)}>`;
    case 'array':
      return `[${typeText(t.elem, named)}; ${t.n}]`;
    case 'option':
      return `option<${typeText(t.inner, named)}>`;
    default:
      return t.k;
  }
}
