/**
 * `data`/`schema` declarations (LANGUAGE.md §5.5): the `encode` layout goes on the struct
 * type (so `serialize` can follow it, §8.7), the other verbs into module attrs. A layout
 * larger than its `bytes(N)` is a warning (§10).
 */
import type { IrConst, IrEncodeLayout, IrType } from '../ir.ts';
import type { DataDecl } from '../../syntax/ast.ts';
import { clauseAttrs, type Json } from '../../check/clauses.ts';
import { Codes } from '../../check/codes.ts';
import { evalConstInt } from '../../check/literal-eval.ts';
import type { Def, TypeDeclLike } from '../../check/program-index.ts';
import type { TypeTable } from '../../check/type-table.ts';
import type { ProgramCtx } from './context.ts';

export function lowerDataDecl(prog: ProgramCtx, def: Def<TypeDeclLike>, type: IrType): Record<string, Json> {
  const d = def.decl as DataDecl;
  const attrs: Record<string, Json> = { keyword: d.keyword, category: d.category.name, version: d.version.name };
  Object.assign(attrs, clauseAttrs(d.verbs.filter((v) => v.detail?.kind !== 'predicate' && v.name !== 'encode'), prog.diagnostics));
  for (const v of d.verbs) {
    if (v.detail?.kind !== 'encode' || type.k !== 'struct') continue;
    const enc = v.detail;
    const def2 = prog.types.struct(type.id);
    const layout: IrEncodeLayout = { fields: [] };
    if (enc.format !== undefined) layout.format = enc.format;
    if (enc.layoutType) {
      const lt = prog.resolver.resolve(enc.layoutType, def.file);
      if (lt.k === 'bytesN') layout.size = lt.n;
    }
    let used = 0;
    for (const entry of enc.layout) {
      const index = def2.fields.findIndex((f) => f.name === entry.field.name);
      const item: IrEncodeLayout['fields'][number] = { field: entry.field.name, index, endian: entry.endian };
      if (entry.value) {
        const c = evalConstInt(entry.value, (n) => prog.consts.constInt(def.file, n));
        if (c !== undefined) item.value = c as IrConst;
      }
      layout.fields.push(item);
      const width = index >= 0 ? fixedSize(prog.types, def2.fields[index]!.type) : typeof item.value === 'bigint' ? constantWidth(item.value) : 8;
      used += width ?? 0;
    }
    if (layout.size !== undefined && used > layout.size) {
      prog.diagnostics.warning(Codes.encodeLayoutTooLarge, `encode layout needs ${used} bytes but is declared bytes(${layout.size}); serialize traps`, v.span);
    }
    def2.encode = layout;
    attrs.encode = { size: layout.size ?? null, format: layout.format ?? null, fields: layout.fields.map((f) => f.field) };
  }
  return attrs;
}

/** Bytes a value of the type takes in a fixed layout; undefined for variable-size types. */
export function fixedSize(types: TypeTable, t: IrType): number | undefined {
  switch (t.k) {
    case 'int':
    case 'float':
      return t.bits / 8;
    case 'bool':
      return 1;
    case 'bytesN':
      return t.n;
    case 'enum':
      return types.enum(t.id).reprBits / 8;
    case 'array': {
      const e = fixedSize(types, t.elem);
      return e === undefined ? undefined : e * t.n;
    }
    case 'struct': {
      let n = 0;
      for (const f of types.struct(t.id).fields) {
        const s = fixedSize(types, f.type);
        if (s === undefined) return undefined;
        n += s;
      }
      return n;
    }
    default:
      return undefined;
  }
}

/** A pinned entry naming no field takes the smallest of 1, 2, 4, 8, 16 bytes that holds it (as serialize writes it). */
function constantWidth(c: bigint): number {
  const v = c < 0n ? -c : c;
  for (const w of [1, 2, 4, 8, 16]) if (v < 1n << BigInt(w * 8 - (c < 0n ? 1 : 0))) return w;
  return 16;
}
