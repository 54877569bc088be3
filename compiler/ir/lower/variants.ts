/**
 * Bare enum variants (LANGUAGE.md §8.2.3): resolved against the expected type first, then
 * against every visible enum, inline ones included; still ambiguous → the first in file
 * order, with a warning.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrEnumDef, IrExpr, IrType } from '../ir.ts';
import { Codes } from '../../check/codes.ts';
import { related } from '../../check/program-index.ts';
import { constE } from './build.ts';
import type { FnCtx } from './context.ts';

export function variantOf(cx: FnCtx, t: IrType, name: string): IrExpr | undefined {
  if (t.k !== 'enum') return undefined;
  const v = cx.prog.types.enum(t.id).variants.find((x) => x.name === name);
  return v ? constE(v.value, t) : undefined;
}

/** Every enum type that has a variant of this name, in file order (declared ones first). */
export function enumsWithVariant(cx: FnCtx, name: string): { type: IrType; def: IrEnumDef }[] {
  const out: { type: IrType; def: IrEnumDef; order: [number, number, number] }[] = [];
  cx.prog.types.defs.forEach((d, id) => {
    if (d.kind !== 'enum' || !d.variants.some((v) => v.name === name)) return;
    const fileOrder = d.loc ? (cx.prog.index.byPath.size ? orderOf(cx, d.loc.file.path) : 0) : Number.MAX_SAFE_INTEGER;
    out.push({ type: { k: 'enum', id }, def: d, order: [fileOrder, d.loc?.start ?? 0, id] });
  });
  out.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2]);
  return out;
}

function orderOf(cx: FnCtx, path: string): number {
  return cx.prog.index.files.find((f) => f.path === path)?.order ?? Number.MAX_SAFE_INTEGER - 1;
}

/** A bare name that is no binding in scope and a variant of more than one distinct enum. */
export function isAmbiguousVariant(cx: FnCtx, name: string): boolean {
  if (cx.fb.lookup(name)) return false;
  return distinctEnums(enumsWithVariant(cx, name)) > 1;
}

/** Identical enums (same name, same variants) are not an ambiguity. */
function distinctEnums(cands: { def: IrEnumDef }[]): number {
  return new Set(cands.map((c) => `${c.def.name}|${c.def.variants.map((v) => `${v.name}=${v.value}`).join(',')}`)).size;
}

export function findVariant(cx: FnCtx, name: string, span: Span): IrExpr | undefined {
  const cands = enumsWithVariant(cx, name);
  if (cands.length === 0) return undefined;
  if (distinctEnums(cands) > 1) {
    const first = cands[0]!;
    cx.prog.diagnostics.warning(
      Codes.ambiguousVariant,
      `variant '${name}' exists in ${cands.length} enums; using ${first.def.name}`,
      span,
      { related: cands.slice(1).filter((c) => c.def.loc).map((c) => related(`also a variant of ${c.def.name}`, c.def.loc!)) },
    );
  }
  return variantOf(cx, cands[0]!.type, name);
}
