/**
 * Struct literals (LANGUAGE.md §7.4, §8.2.1): every field listed, or `..` (zero the rest) or
 * `..base` (copy the rest). A missing field without a rest is a warning and is zeroed; an
 * unknown field is an error. Anonymous literals take the expected struct type, else their
 * own structural type.
 */
import type { IrExpr, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { StructLit } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { blockE, constE, fieldE, localE, setS } from './build.ts';
import type { FnCtx } from './context.ts';
import { coerce, poison, show } from './convert.ts';
import { lowerExpr, lowerExprTo } from './expr.ts';

export function lowerStructLit(cx: FnCtx, e: StructLit, hint?: IrType): IrExpr {
  let target: IrType | undefined;
  if (e.type) {
    // `Name { … }`: when several different declarations of the name sit at the same
    // distance, this literal's own field names pick one, not only the hints of the whole file
    // (LANGUAGE.md §10 "best field match"; specs/checking.md §2).
    target =
      e.type.kind === 'NamedType'
        ? cx.prog.resolver.resolveNamed(e.type.path, cx.file, e.type.span, e.fields.map((f) => f.name.name))
        : cx.prog.resolver.resolve(e.type, cx.file);
    if (target.k === 'list' || target.k === 'array') {
      // `list<T>{}`: an empty list.
      if (e.fields.length > 0) cx.prog.diagnostics.error(Codes.typeMismatch, `a list literal of this form takes no fields`, e.span);
      return constE([], T.list(target.elem));
    }
    if (target.k === 'option') target = target.inner;
  } else {
    const h = hint?.k === 'option' ? hint.inner : hint;
    if (h?.k === 'struct') target = h;
  }
  if (!target || target.k === 'any') {
    // Anonymous, or of an opaque (undefined) type: a structural struct of the given fields.
    const anon = anonymousStruct(cx, e);
    return target?.k === 'any' ? coerce(cx, anon, T.any, e.span) : anon;
  }
  if (target.k !== 'struct') {
    cx.prog.diagnostics.error(Codes.typeMismatch, `${show(cx, target)} is not a struct type`, e.type?.span ?? e.span);
    return poison(target);
  }
  return namedStruct(cx, e, target);
}

function anonymousStruct(cx: FnCtx, e: StructLit): IrExpr {
  const values = e.fields.map((f) => lowerExpr(cx, f.value));
  const fields = e.fields.map((f, i) => ({ name: f.name.name, type: concrete(values[i]!.type) }));
  const type = cx.prog.types.internAnonStruct(fields);
  return { e: 'struct', fields: values.map((v, i) => coerce(cx, v, fields[i]!.type, e.fields[i]!.value.span)), type };
}

/** A value's type as a field type: an untyped `nil` field is an option of any. */
function concrete(t: IrType): IrType {
  return t.k === 'void' ? T.any : t;
}

function namedStruct(cx: FnCtx, e: StructLit, type: Extract<IrType, { k: 'struct' }>): IrExpr {
  const def = cx.prog.types.struct(type.id);
  const given = new Map<number, IrExpr>();
  for (const f of e.fields) {
    const index = def.fields.findIndex((d) => d.name === f.name.name);
    if (index < 0) {
      cx.prog.diagnostics.error(Codes.unknownStructField, `${def.name} has no field '${f.name.name}'`, f.name.span, {
        hint: `fields: ${def.fields.map((d) => d.name).join(', ') || '(none)'}`,
      });
      lowerExpr(cx, f.value);
      continue;
    }
    const ft = def.fields[index]!.type;
    given.set(index, lowerExprTo(cx, f.value, ft, `field '${f.name.name}'`));
  }
  const stmts = [];
  let base: IrExpr | undefined;
  if (e.rest?.base) {
    const t = cx.fb.temp(type, 'base');
    stmts.push(setS(t, lowerExprTo(cx, e.rest.base, type, 'struct base')));
    base = localE(t, type);
  }
  const missing: string[] = [];
  const fields = def.fields.map((f, i) => {
    const v = given.get(i);
    if (v) return v;
    if (base) return fieldE(base, i, f.type);
    if (!e.rest) missing.push(f.name);
    return constE(cx.prog.types.zero(f.type), f.type);
  });
  if (missing.length > 0) {
    cx.prog.diagnostics.warning(
      Codes.missingStructField,
      `${def.name} literal is missing ${missing.length === 1 ? 'field' : 'fields'} ${missing.map((m) => `'${m}'`).join(', ')}; ${missing.length === 1 ? 'it is' : 'they are'} zeroed`,
      e.span,
      { hint: `write '..' to zero the remaining fields explicitly` },
    );
  }
  return blockE(stmts, { e: 'struct', fields, type });
}
