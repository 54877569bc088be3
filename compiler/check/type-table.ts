/**
 * The program's type table: every struct and enum the IR refers to by id, plus the rules
 * for naming, zero values and display. Named declarations get one entry each (same-named
 * declarations with identical fields share one, LANGUAGE.md §6 "Equivalence"); anonymous
 * structs and inline enums are interned structurally.
 */
import type { Span } from '../diagnostics/source.ts';
import type { IrConst, IrEnumDef, IrStructDef, IrType, IrTypeDef } from '../ir/ir.ts';
import { T } from '../ir/ir.ts';
import { typeText, zeroOf } from '../ir/type-rules.ts';

export class TypeTable {
  readonly defs: IrTypeDef[] = [];
  private readonly structural = new Map<string, number>();

  /** Reserves a struct id before its fields are known (recursive types refer to it). */
  reserveStruct(name: string, loc?: Span): number {
    const def: IrStructDef = { kind: 'struct', name, fields: [] };
    if (loc) def.loc = loc;
    this.defs.push(def);
    return this.defs.length - 1;
  }

  setStructFields(id: number, fields: { name: string; type: IrType }[]): void {
    (this.defs[id] as IrStructDef).fields = fields;
  }

  reserveEnum(name: string, reprBits: 8 | 16 | 32 | 64, loc?: Span): number {
    const def: IrEnumDef = { kind: 'enum', name, reprBits, variants: [] };
    if (loc) def.loc = loc;
    this.defs.push(def);
    return this.defs.length - 1;
  }

  setEnumVariants(id: number, variants: { name: string; value: bigint }[]): void {
    (this.defs[id] as IrEnumDef).variants = variants;
  }

  /** Anonymous struct: the same field names and types in the same order are one type. */
  internAnonStruct(fields: { name: string; type: IrType }[]): IrType {
    const key = 'S{' + fields.map((f) => `${f.name}:${this.key(f.type)}`).join(',') + '}';
    let id = this.structural.get(key);
    if (id === undefined) {
      id = this.reserveStruct(`{${fields.map((f) => `${f.name}: ${this.show(f.type)}`).join(', ')}}`);
      this.setStructFields(id, fields);
      this.structural.set(key, id);
    }
    return { k: 'struct', id };
  }

  /** Inline enum: the same variants (and values) in the same order are one type. */
  internAnonEnum(reprBits: 8 | 16 | 32 | 64, variants: { name: string; value: bigint }[]): IrType {
    const key = `E${reprBits}{` + variants.map((v) => `${v.name}=${v.value}`).join(',') + '}';
    let id = this.structural.get(key);
    if (id === undefined) {
      id = this.reserveEnum(`enum {${variants.map((v) => v.name).join(', ')}}`, reprBits);
      this.setEnumVariants(id, variants);
      this.structural.set(key, id);
    }
    return { k: 'enum', id };
  }

  struct(id: number): IrStructDef {
    return this.defs[id] as IrStructDef;
  }

  enum(id: number): IrEnumDef {
    return this.defs[id] as IrEnumDef;
  }

  /** A canonical string for a type (used for interning and structural comparison). */
  key(t: IrType): string {
    return typeText(t, (x) => `${x.k}#${x.id}`);
  }

  /** The type as a FastLang user would write it, for messages. */
  show(t: IrType): string {
    return typeText(t, (x) => this.defs[x.id]?.name ?? `#${x.id}`);
  }

  /** Zero value of a type (LANGUAGE.md §8.2 item 2). */
  zero(t: IrType): IrConst {
    return zeroOf(t, this);
  }
}

export const isInt = (t: IrType): t is Extract<IrType, { k: 'int' }> => t.k === 'int';
export const isFloat = (t: IrType): t is Extract<IrType, { k: 'float' }> => t.k === 'float';
export const isNumeric = (t: IrType): boolean => t.k === 'int' || t.k === 'float';
export const isByteLike = (t: IrType): boolean => t.k === 'bytes' || t.k === 'bytesN' || t.k === 'string';

export function intType(bits: number, signed: boolean): IrType {
  return { k: 'int', bits: bits as 8 | 16 | 32 | 64 | 128, signed };
}

export { T };
