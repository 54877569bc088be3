/**
 * Expression lowering: one bidirectional pass that types each expression (with the expected
 * type pushed down as a hint, LANGUAGE.md §8.1.4) and produces typed IR. This module holds
 * the dispatcher, literals and names; the other forms live in their own modules.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { Expr, NameExpr, PathExpr, StringLit } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { evalUntypedLiteral } from '../../check/literal-eval.ts';
import { intFits, intMax, intMin } from '../../check/numeric.ts';
import { primType } from '../../check/resolve-types.ts';
import { lowerMember, lowerIndex, lowerSlice } from './access.ts';
import { constE, fieldE, localE, noneE, trapE, u64E, withLoc } from './build.ts';
import { lowerCall } from './calls.ts';
import { lowerCast } from './cast.ts';
import { lowerByteFill, lowerBytesLit, lowerListLit, lowerTypeValue } from './collections.ts';
import type { Binding, FnCtx } from './context.ts';
import { coerce, literalValue, poison, show } from './convert.ts';
import { lowerIfExpr } from './control.ts';
import { lowerMatch } from './match.ts';
import { lowerMethodCall } from './methods.ts';
import { lowerBinary, lowerUnary } from './ops.ts';
import { lowerPredicateName } from './predicate-names.ts';
import { fixPending } from './pending.ts';
import { pendingListRef } from './pending-list.ts';
import { lowerBlockValue } from './stmt.ts';
import { lowerStructLit } from './structs.ts';
import { findVariant, variantOf } from './variants.ts';

/** Lowers `e` and converts it to `to` (implicit conversions, §8.2.6). */
export function lowerExprTo(cx: FnCtx, e: Expr, to: IrType, what = 'value'): IrExpr {
  return coerce(cx, lowerExpr(cx, e, to), to, e.span, what);
}

/** True for an untyped literal, or a name bound to a `let` whose literal type is still open. */
export function isUntyped(cx: FnCtx, e: Expr): boolean {
  if (evalUntypedLiteral(e)) return true;
  if (e.kind === 'Name') return cx.fb.lookup(e.name)?.pending !== undefined;
  // An element of a literal list whose type is still open (`weights[i]`, pending-list.ts).
  if (e.kind === 'Index' && e.object.kind === 'Name') {
    const b = cx.fb.lookup(e.object.name);
    return b !== undefined && (b.pendingList?.provisional === true || b.pending?.listBindings?.includes(b) === true);
  }
  return false;
}

export function lowerExpr(cx: FnCtx, e: Expr, hint?: IrType): IrExpr {
  switch (e.kind) {
    case 'Int':
    case 'Float': {
      if (e.kind === 'Int' && e.suffix) {
        const t = primType(e.suffix) as Extract<IrType, { k: 'int' }>;
        if (!intFits(e.value, t)) cx.prog.diagnostics.error(Codes.literalRange, `literal ${e.text} does not fit in ${e.suffix}`, e.span);
        return constE(e.value, t);
      }
      return literalValue(cx, evalUntypedLiteral(e)!, hint, e.span);
    }
    case 'String':
      return stringLiteral(cx, e, hint);
    case 'Bool':
      return constE(e.value, T.bool);
    case 'Nil':
      return nilValue(hint);
    case 'Duration':
      // `forever`/`none` as a number is "never expires": the largest u64.
      return u64E(e.ms ?? 0xffff_ffff_ffff_ffffn);
    case 'Name':
      return lowerName(cx, e, hint);
    case 'Path':
      return lowerPath(cx, e, hint);
    case 'Binary': {
      const lit = evalUntypedLiteral(e);
      if (lit) return literalValue(cx, lit, hint, e.span);
      return lowerBinary(cx, e, hint);
    }
    case 'Unary': {
      const lit = evalUntypedLiteral(e);
      if (lit) return literalValue(cx, lit, hint, e.span);
      return lowerUnary(cx, e, hint);
    }
    case 'Cast':
      return lowerCast(cx, e);
    case 'Call':
      return lowerCall(cx, e, hint);
    case 'MethodCall':
      return lowerMethodCall(cx, e, hint);
    case 'Member':
      return lowerMember(cx, e);
    case 'Index':
      return lowerIndex(cx, e, hint);
    case 'Slice':
      return lowerSlice(cx, e);
    case 'StructLit':
      return lowerStructLit(cx, e, hint);
    case 'ByteFill':
      return lowerByteFill(cx, e);
    case 'BytesLit':
      return lowerBytesLit(cx, e, hint);
    case 'ListLit':
      return lowerListLit(cx, e, hint);
    case 'TypeValue':
      return lowerTypeValue(cx, e);
    case 'If':
      return lowerIfExpr(cx, e, hint);
    case 'Match':
      return lowerMatch(cx, e, hint);
    case 'BlockExpr':
      return lowerBlockValue(cx, e.block, hint);
    case 'Closure':
      cx.prog.diagnostics.error(Codes.closurePlacement, 'closures appear only as arguments to fold, all and query', e.span);
      return poison(hint ?? T.any);
    case 'Range':
      cx.prog.diagnostics.error(Codes.operatorType, 'a range is only valid in a for loop or a slice', e.span);
      return poison(hint ?? T.any);
    case 'ErrorExpr':
      return parseErrorPlaceholder(cx, e.span, hint);
  }
}

/** A string literal: `string`, or bytes when bytes are expected (§8.2.6: right-padded). */
function stringLiteral(cx: FnCtx, e: StringLit, hint?: IrType): IrExpr {
  const t = hint?.k === 'option' ? hint.inner : hint;
  if (t?.k === 'bytesN') {
    if (e.bytes.length > t.n) {
      cx.prog.diagnostics.error(Codes.bytesLiteralTooLarge, `string literal of ${e.bytes.length} bytes does not fit in bytes(${t.n})`, e.span);
      return poison(t);
    }
    const b = new Uint8Array(t.n);
    b.set(e.bytes);
    return constE(b, t);
  }
  if (t?.k === 'bytes') return constE(e.bytes.slice(), T.bytes);
  return constE(e.value, T.string);
}

/** `nil`/`none`: one null value, accepted for any type (§8.2.8). */
export function nilValue(hint?: IrType): IrExpr {
  if (!hint || hint.k === 'void') return noneE(T.option(T.any));
  if (hint.k === 'any') return constE(null, T.any);
  if (hint.k === 'option') return noneE(hint);
  return noneE(T.option(hint));
}

/** Parser recovery left a hole here; the parse error already isolates the declaration. */
function parseErrorPlaceholder(cx: FnCtx, span: Span, hint?: IrType): IrExpr {
  const d = cx.prog.diagnostics.items.find(
    (x) => x.severity === 'error' && x.file === span.file.path && x.line === span.file.lineCol(span.start).line,
  );
  if (d && !cx.firstError) cx.firstError = d;
  if (!d && !cx.firstError) cx.firstError = cx.prog.diagnostics.error(Codes.internal, 'this expression could not be parsed', span);
  return poison(hint ?? T.any, 'not compiled: syntax error');
}

export function bindingRef(cx: FnCtx, b: Binding, hint?: IrType): IrExpr {
  if (b.pendingList) return pendingListRef(b, hint);
  if (b.pending) fixPending(cx, b, hint);
  return localE(b.id, b.type);
}

function lowerName(cx: FnCtx, e: NameExpr, hint?: IrType): IrExpr {
  const b = cx.fb.lookup(e.name);
  if (b) return bindingRef(cx, b, hint);
  if (e.name === 'record' && cx.record) return localE(cx.record.local, cx.record.type);
  // LANGUAGE.md §8.8.3: `no_panic` reads the iteration's panic flag, which the test host owns
  // (a trapping call in a fuzz body sets it and yields a zero value), so it is a host read.
  if (e.name === 'no_panic' && cx.mode === 'test') return withLoc({ e: 'host', name: 'no_panic', args: [], type: T.bool }, e.span);
  // A variant of the expected enum wins over constants of the same name (§8.2.3).
  const expected = hint?.k === 'option' ? hint.inner : hint;
  if (expected?.k === 'enum') {
    const v = variantOf(cx, expected, e.name);
    if (v) return v;
  }
  const c = cx.prog.consts.lookup(cx.file, e.name);
  if (c) return cx.prog.consts.valueAt(cx, c, e.span);
  if (cx.predicate) {
    const p = lowerPredicateName(cx, e.name, e.span);
    if (p) return p;
  }
  const variant = findVariant(cx, e.name, e.span);
  if (variant) return variant;
  if (cx.predicate) {
    cx.predicate.unresolved.push({ name: e.name, span: e.span });
    cx.prog.diagnostics.warning(Codes.predicateUnresolved, `name '${e.name}' is not a parameter, result field, top-level let or observed metric; the predicate is indeterminate`, e.span);
    return trapE('fail', `indeterminate: unresolved name '${e.name}'`, hint && hint.k !== 'void' ? hint : T.any, e.span);
  }
  const what = cx.prog.index.funcs.has(e.name) ? `'${e.name}' is a circuit; call it with (…)` : `unknown name '${e.name}'`;
  cx.prog.diagnostics.error(Codes.unknownName, what, e.span);
  return poison(hint ?? T.any);
}

/** `Enum::Variant`, `m::CONST`, `m::Enum::Variant`. */
function lowerPath(cx: FnCtx, e: PathExpr, hint?: IrType): IrExpr {
  const segs = e.segments;
  const last = segs[segs.length - 1]!;
  if (segs.length >= 2) {
    const typeName = segs[segs.length - 2]!;
    const qualifier = segs.length >= 3 ? segs[segs.length - 3]!.name : undefined;
    const def = cx.prog.resolver.lookup(typeName.name, cx.file, qualifier, typeName.span);
    if (def) {
      const t = cx.prog.resolver.typeOfDef(def);
      if (t.k === 'enum') {
        const v = variantOf(cx, t, last.name);
        if (v) return v;
        cx.prog.diagnostics.error(Codes.noVariant, `${show(cx, t)} has no variant '${last.name}'`, last.span);
        return poison(t);
      }
    }
    const c = cx.prog.consts.lookup(cx.file, last.name, typeName.name);
    if (c) return cx.prog.consts.valueAt(cx, c, e.span);
    // A bare variant written with an unknown or non-enum qualifier still names the variant.
    const expected = hint?.k === 'option' ? hint.inner : hint;
    if (expected?.k === 'enum') {
      const v = variantOf(cx, expected, last.name);
      if (v) return v;
    }
  }
  const limit = segs.length === 2 ? intLimit(segs[0]!.name, last.name) : undefined;
  if (limit) return limit;
  const v = findVariant(cx, last.name, e.span);
  if (v) return v;
  cx.prog.diagnostics.error(Codes.unknownName, `unknown name '${segs.map((s) => s.name).join('::')}'`, e.span);
  return poison(hint ?? T.any);
}

/** `x.f` for a struct value type: the field index and type, or undefined. */
export function structField(cx: FnCtx, t: IrType, name: string): { index: number; type: IrType } | undefined {
  if (t.k !== 'struct') return undefined;
  const def = cx.prog.types.struct(t.id);
  const index = def.fields.findIndex((f) => f.name === name);
  return index < 0 ? undefined : { index, type: def.fields[index]!.type };
}

export function fieldOf(cx: FnCtx, obj: IrExpr, name: string): IrExpr | undefined {
  const f = structField(cx, obj.type, name);
  return f ? fieldE(obj, f.index, f.type) : undefined;
}

/** `u64::MAX`, `i32::MIN`, `u8::BITS`: integer limits real code writes *(specs/checking.md)*. */
function intLimit(typeName: string, member: string): IrExpr | undefined {
  const t = primType(typeName);
  if (t.k !== 'int' || (typeName !== 'u8' && !/^[ui](8|16|32|64|128)$/.test(typeName))) return undefined;
  if (member === 'MAX') return constE(intMax(t), t);
  if (member === 'MIN') return constE(intMin(t), t);
  if (member === 'BITS') return constE(BigInt(t.bits), T.u32);
  return undefined;
}
