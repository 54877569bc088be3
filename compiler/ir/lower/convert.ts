/**
 * Implicit conversions (LANGUAGE.md §8.1.5, §8.2.6, §8.2.8, §8.2.9, §8.5.4) made explicit as
 * IR `convert`/`unwrap`/`some` nodes, and the typing of untyped literals from context (§8.1.4).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import { Codes } from '../../check/codes.ts';
import type { LiteralValue } from '../../check/literal-eval.ts';
import { bigEndian, byteLength, canWiden, defaultIntType, intFits } from '../../check/numeric.ts';
import {
  binaryE,
  blockE,
  constE,
  convertE,
  fieldE,
  ifE,
  indexE,
  isSomeE,
  lenE,
  localE,
  noneE,
  pushS,
  setS,
  someE,
  trapE,
  u64E,
  unwrapE,
} from './build.ts';
import type { FnCtx } from './context.ts';

/** A placeholder for an expression that failed to type; its function is not compiled anyway. */
export function poison(type: IrType, message = 'not compiled: type error'): IrExpr {
  return trapE('not_compiled', message, type.k === 'void' ? T.any : type);
}

export function isPoison(x: IrExpr): boolean {
  return x.e === 'trap' && x.kind === 'not_compiled';
}

export function show(cx: FnCtx, t: IrType): string {
  return cx.prog.types.show(t);
}

/** Converts `x` to `to`, or reports why it cannot be and returns a placeholder. */
export function coerce(cx: FnCtx, x: IrExpr, to: IrType, span: Span, what = 'value'): IrExpr {
  // An expression that already failed was reported once; do not cascade.
  if (isPoison(x)) return poison(to);
  const r = tryCoerce(cx, x, to, span);
  if (r) return r;
  const from = x.type;
  const [code, detail] = mismatchReason(cx, from, to);
  cx.prog.diagnostics.error(code, `${what} has type ${show(cx, from)}, expected ${show(cx, to)}${detail}`, span);
  return poison(to);
}

function mismatchReason(cx: FnCtx, from: IrType, to: IrType): [string, string] {
  if (from.k === 'void') return [Codes.typeMismatch, ' (the expression has no value)'];
  if (from.k === 'int' && to.k === 'int') {
    if (from.signed !== to.signed) return [Codes.mixedNumeric, `: mixed signedness needs an explicit 'as'`];
    return [Codes.typeMismatch, `: implicit conversions only widen; write 'as ${show(cx, to)}'`];
  }
  if ((from.k === 'int' && to.k === 'float') || (from.k === 'float' && to.k === 'int')) {
    return [Codes.mixedNumeric, `: integer and float need an explicit 'as'`];
  }
  if (from.k === 'bytesN' && to.k === 'bytesN') return [Codes.typeMismatch, `: bytes(${from.n}) does not fit in bytes(${to.n})`];
  if (from.k === 'struct' && to.k === 'bytesN' && from.id === (cx.prog.keyBundle as { id: number }).id) {
    return [Codes.keySize, ': a key bundle converts only to bytes(4896), bytes(2592), bytes(1568), bytes or any'];
  }
  return [Codes.typeMismatch, ''];
}

/** The conversion of `x` to `to`, or undefined when there is none. Never reports. */
export function tryCoerce(cx: FnCtx, x: IrExpr, to: IrType, span: Span): IrExpr | undefined {
  const from = x.type;
  if (sameType(from, to)) return x;
  if (to.k === 'void' || from.k === 'void') return undefined;
  if (to.k === 'any') {
    if (isKeyBundle(cx, from)) return convertE('to_any', keyField(cx, x, 'mldsa_pk'), T.any);
    return convertE('to_any', x, T.any);
  }
  if (from.k === 'any') return convertE('from_any', x, to, span);
  if (to.k === 'option') {
    if (from.k === 'option') return optionMap(cx, x, to, span);
    const inner = tryCoerce(cx, x, to.inner, span);
    return inner ? someE(inner, to) : undefined;
  }
  // §8.2.8: an option used where a T is required is unwrapped (nil_unwrap at this span).
  if (from.k === 'option') return tryCoerce(cx, unwrapE(x, from.inner, span), to, span);
  switch (to.k) {
    case 'int':
      if (from.k === 'int' && canWiden(from, to)) return convertE('int', x, to);
      return undefined;
    case 'float':
      if (from.k === 'float' && canWiden(from, to)) return convertE('float_float', x, to);
      // In a predicate, integers mixed with floats are promoted (§8.6 item 3), arguments too.
      if (from.k === 'int' && cx.mode === 'predicate') return convertE('int_float', x, to);
      return undefined;
    case 'bytesN':
      return toBytesN(cx, x, to, span);
    case 'bytes':
      if (from.k === 'bytesN' || from.k === 'string') return convertE('to_bytes', x, to);
      if (isKeyBundle(cx, from)) return convertE('to_bytes', keyField(cx, x, 'mldsa_pk'), to);
      if ((from.k === 'list' || from.k === 'array') && from.elem.k === 'int') return convertE('list_bytes', x, to, span);
      return undefined;
    case 'struct':
      if (from.k === 'struct') return structByName(cx, x, from.id, to.id, span);
      return undefined;
    case 'list':
      if ((from.k === 'list' || from.k === 'array') && from.elem) return mapList(cx, x, from.elem, to, span);
      return undefined;
    default:
      return undefined;
  }
}

/** §8.2.6: conversions into bytes(N). */
function toBytesN(cx: FnCtx, x: IrExpr, to: Extract<IrType, { k: 'bytesN' }>, span: Span): IrExpr | undefined {
  const from = x.type;
  switch (from.k) {
    case 'bytesN':
      return from.n <= to.n ? convertE('pad_bytes', x, to, span) : undefined;
    case 'bytes':
    case 'string':
      return convertE('pad_bytes', x, to, span);
    case 'int':
      return !from.signed && from.bits / 8 <= to.n ? convertE('int_bytes', x, to) : undefined;
    case 'list':
    case 'array':
      return from.elem.k === 'int' ? convertE('list_bytes', x, to, span) : undefined;
    case 'struct':
      if (isKeyBundle(cx, from)) {
        // §8.5.4: the bundle converts to the key the context needs.
        const field = to.n === 4896 ? 'mldsa_sk' : to.n === 2592 ? 'mldsa_pk' : to.n === 1568 ? 'mlkem_ek' : undefined;
        return field ? keyField(cx, x, field) : undefined;
      }
      return undefined;
    default:
      return undefined;
  }
}

export function isKeyBundle(cx: FnCtx, t: IrType): boolean {
  const kb = cx.prog.keyBundle;
  return t.k === 'struct' && kb.k === 'struct' && t.id === kb.id;
}

export function keyField(cx: FnCtx, x: IrExpr, name: string): IrExpr {
  const def = cx.prog.types.struct((cx.prog.keyBundle as { id: number }).id);
  const i = def.fields.findIndex((f) => f.name === name);
  return fieldE(x, i, def.fields[i]!.type);
}

/** option<A> → option<B>: `if isSome(t) then some(conv(unwrap t)) else none`. */
function optionMap(cx: FnCtx, x: IrExpr, to: Extract<IrType, { k: 'option' }>, span: Span): IrExpr | undefined {
  const from = x.type as Extract<IrType, { k: 'option' }>;
  const t = cx.fb.temp(from, 'opt');
  const inner = tryCoerce(cx, unwrapE(localE(t, from), from.inner, span), to.inner, span);
  if (!inner) return undefined;
  return blockE([setS(t, x)], ifE(isSomeE(localE(t, from)), someE(inner, to), noneE(to), to));
}

/**
 * Struct → struct by field name: same-named declarations from different files (§10), and
 * anonymous structs into named ones. Missing fields are zero; extra fields are dropped.
 */
function structByName(cx: FnCtx, x: IrExpr, fromId: number, toId: number, span: Span): IrExpr | undefined {
  const src = cx.prog.types.struct(fromId);
  const dst = cx.prog.types.struct(toId);
  const anonymous = src.name.startsWith('{');
  if (!anonymous && src.name !== dst.name) return undefined;
  if (isKeyBundleId(cx, fromId) || isKeyBundleId(cx, toId)) return undefined;
  const t = cx.fb.temp(x.type, 'st');
  const fields: IrExpr[] = [];
  for (const f of dst.fields) {
    const i = src.fields.findIndex((g) => g.name === f.name);
    if (i < 0) {
      fields.push(constE(cx.prog.types.zero(f.type), f.type));
      continue;
    }
    const v = tryCoerce(cx, fieldE(localE(t, x.type), i, src.fields[i]!.type), f.type, span);
    if (!v) return undefined;
    fields.push(v);
  }
  const type: IrType = { k: 'struct', id: toId };
  return blockE([setS(t, x)], { e: 'struct', fields, type });
}

function isKeyBundleId(cx: FnCtx, id: number): boolean {
  const kb = cx.prog.keyBundle;
  return kb.k === 'struct' && kb.id === id;
}

/** list<A> → list<B>, element by element. */
function mapList(cx: FnCtx, x: IrExpr, elem: IrType, to: Extract<IrType, { k: 'list' }>, span: Span): IrExpr | undefined {
  const src = cx.fb.temp(x.type, 'src');
  const out = cx.fb.temp(to, 'out');
  const i = cx.fb.temp(T.u64, 'i');
  const item = tryCoerce(cx, indexE(localE(src, x.type), localE(i, T.u64), elem, span), to.elem, span);
  if (!item) return undefined;
  const body = [
    { s: 'if' as const, cond: binaryE('ge', localE(i, T.u64), lenE(localE(src, x.type)), T.bool), then: [{ s: 'break' as const }], else: [] },
    pushS(out, [], item, span),
    setS(i, binaryE('add', localE(i, T.u64), u64E(1), T.u64, undefined, false)),
  ];
  return blockE([setS(src, x), setS(out, constE([], to)), setS(i, u64E(0)), { s: 'loop', body }], localE(out, to));
}

/**
 * An untyped literal given its type by context (§8.1.4). Reports when it does not fit.
 * With no usable context: integers are u64 (i64 if negative; wider hex literals are bytes of
 * their digit count), floats are f64.
 */
export function literalValue(cx: FnCtx, lit: LiteralValue, target: IrType | undefined, span: Span): IrExpr {
  const t = target && target.k === 'option' ? target.inner : target;
  const wrap = (e: IrExpr) => (target && target.k === 'option' && e.type.k !== 'option' ? someE(e, target) : e);
  if (lit.kind === 'float') {
    if (t && t.k === 'float') return wrap(constE(lit.value, t));
    if (t && t.k === 'int') {
      cx.prog.diagnostics.error(Codes.literalRange, `float literal ${lit.value} where ${show(cx, t)} is expected`, span);
      return poison(t);
    }
    const f = constE(lit.value, cx.literalDefault?.k === 'float' ? cx.literalDefault : T.f64);
    (cx.literals ??= new Map()).set(f, { value: lit, span });
    return f;
  }
  const v = lit.value;
  if (t) {
    switch (t.k) {
      case 'int':
        if (!intFits(v, t)) {
          cx.prog.diagnostics.error(Codes.literalRange, `literal ${v} does not fit in ${show(cx, t)}`, span);
          return poison(t);
        }
        return wrap(constE(v, t));
      case 'float':
        return wrap(constE(Number(v), t));
      case 'bytesN':
        if (v < 0n || byteLength(v) > t.n) {
          cx.prog.diagnostics.error(Codes.bytesLiteralTooLarge, `literal ${lit.hexDigits ? '0x' + v.toString(16) : v} does not fit in bytes(${t.n})`, span);
          return poison(t);
        }
        return wrap(constE(bigEndian(v, t.n), t));
      case 'bytes':
        if (v >= 0n) return constE(bigEndian(v, lit.hexDigits ? Math.ceil(lit.hexDigits / 2) : byteLength(v)), t);
        break;
      case 'enum': {
        // §8.1.4: an integer constant used as an enum names the variant with that discriminant.
        const def = cx.prog.types.enum(t.id);
        if (!def.variants.some((x) => x.value === v)) {
          cx.prog.diagnostics.error(Codes.noVariant, `${def.name} has no variant with value ${v}`, span);
          return poison(t);
        }
        return wrap(constE(v, t));
      }
      default:
        break;
    }
  }
  const shared = cx.literalDefault;
  const e =
    shared?.k === 'float' ? constE(Number(v), shared) : shared?.k === 'int' && intFits(v, shared) ? constE(v, shared) : defaultLiteral(cx, lit, span);
  if (e.e === 'const' && (e.type.k === 'int' || e.type.k === 'float')) (cx.literals ??= new Map()).set(e, { value: lit, span });
  return e;
}

function defaultLiteral(cx: FnCtx, lit: LiteralValue & { kind: 'int' }, span: Span): IrExpr {
  const v = lit.value;
  if (lit.hexDigits !== undefined && lit.hexDigits > 16 && v >= 0n) {
    const n = Math.ceil(lit.hexDigits / 2);
    return constE(bigEndian(v, n), T.bytesN(n));
  }
  const t = defaultIntType(v);
  if (!intFits(v, t)) {
    cx.prog.diagnostics.error(Codes.literalRange, `literal ${v} is too large for any integer type`, span);
    return poison(t);
  }
  return constE(v, t);
}
