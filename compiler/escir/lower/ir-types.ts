/**
 * ESCIR types → IR types (ESCIR.md §10 "types → TypeTable"). Structs and enums are
 * registered once in the module's type table; a union becomes a struct of its tag and one
 * field per variant (only the tagged one is meaningful); `string(N)` is IR `string` (its
 * bound is checked on literals); datetime is u64; `unit` is bool (always `true` when present).
 */
import type { IrEnumDef, IrStructDef, IrType, IrTypeDef } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import type { EType } from '../types/etype.ts';
import type { TypeTable } from '../types/type-table.ts';
import { LoweringError } from './errors.ts';

export class IrTypes {
  readonly defs: IrTypeDef[] = [];
  private readonly ids = new Map<string, number>();

  constructor(private readonly table: TypeTable) {}

  of(t: EType): IrType {
    switch (t.k) {
      case 'int':
        return { k: 'int', bits: t.bits, signed: t.signed };
      case 'float':
        return { k: 'float', bits: t.bits };
      case 'bool':
      case 'unit':
        return T.bool;
      case 'bytes':
        return T.bytesN(t.n);
      case 'string':
        return T.string;
      case 'array':
        return { k: 'array', elem: this.of(t.elem), n: t.n };
      case 'option':
        return T.option(this.of(t.inner));
      case 'stream':
        return this.of(t.elem);
      case 'struct':
        return { k: 'struct', id: this.struct(t.name) };
      case 'enum':
        return { k: 'enum', id: this.enumId(t.name) };
      case 'union':
        return { k: 'struct', id: this.union(t.name) };
      case 'unknown':
        throw new LoweringError('a type in this circuit did not resolve (see the earlier diagnostics)');
    }
  }

  /** A struct built by the lowering itself (state, inputs, outputs, op state). */
  defineStruct(name: string, fields: { name: string; type: IrType }[]): IrType {
    const existing = this.ids.get(name);
    if (existing !== undefined) {
      (this.defs[existing] as IrStructDef).fields = fields;
      return { k: 'struct', id: existing };
    }
    const id = this.defs.length;
    this.ids.set(name, id);
    this.defs.push({ kind: 'struct', name, fields });
    return { k: 'struct', id };
  }

  defineEnum(name: string, variants: { name: string; value: bigint }[], reprBits: 8 | 16 | 32 | 64): IrType {
    const existing = this.ids.get(name);
    if (existing !== undefined) return { k: 'enum', id: existing };
    const id = this.defs.length;
    this.ids.set(name, id);
    const def: IrEnumDef = { kind: 'enum', name, reprBits, variants };
    this.defs.push(def);
    return { k: 'enum', id };
  }

  private struct(name: string): number {
    const hit = this.ids.get(name);
    if (hit !== undefined) return hit;
    const d = this.table.struct(name);
    const id = this.defs.length;
    this.ids.set(name, id);
    const def: IrStructDef = { kind: 'struct', name, fields: [] };
    this.defs.push(def);
    def.fields = (d?.fields ?? []).map((f) => ({ name: f.name, type: this.of(f.type) }));
    return id;
  }

  private enumId(name: string): number {
    const hit = this.ids.get(name);
    if (hit !== undefined) return hit;
    const d = this.table.declaration(name);
    const variants = d?.kind === 'enum' ? d.variants : [];
    const reprBits = d?.kind === 'enum' ? d.reprBits : 8;
    const id = this.defs.length;
    this.ids.set(name, id);
    this.defs.push({ kind: 'enum', name, reprBits, variants: variants.map((v) => ({ name: v.name, value: v.value })) });
    return id;
  }

  private union(name: string): number {
    const hit = this.ids.get(name);
    if (hit !== undefined) return hit;
    const d = this.table.declaration(name);
    const id = this.defs.length;
    this.ids.set(name, id);
    const def: IrStructDef = { kind: 'struct', name, fields: [] };
    this.defs.push(def);
    if (d?.kind === 'union') {
      def.fields = [{ name: d.discriminant, type: { k: 'int', bits: d.tagBits, signed: false } }, ...d.variants.map((v) => ({ name: v.name, type: this.of(v.type) }))];
    }
    return id;
  }
}
