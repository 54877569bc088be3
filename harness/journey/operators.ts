import type { Span } from '../../compiler/diagnostics/source.ts';
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { bigEndian } from '../../compiler/check/numeric.ts';
import { RuntimeTrap } from '../../runtime/errors.ts';
import { anyIndex, isAnyBox, wrapInt } from '../../runtime/values/index.ts';
import { JourneyError, U8, describeKind, jbool, jCompare, jEquals, typed, wrapTo, type JValue } from './values.ts';

/**
 * Operators of the journey evaluator: comparisons, arithmetic (wrapping at the typed
 * side's width, §8.1.1), the predicate word operators, casts, indexing and iteration.
 * Errors are located journey errors, or runtime traps where the language traps.
 */

export function compare(types: IrTypeDef[], op: string, l: JValue, r: JValue, span: Span): JValue {
  requireDefined(types, l);
  requireDefined(types, r);
  if (op === '==') return jbool(jEquals(l, r, types));
  if (op === '!=') return jbool(!jEquals(l, r, types));
  const c = jCompare(l, r, types);
  if (Number.isNaN(c) && !(isFloat(l) || isFloat(r))) {
    throw new JourneyError(`cannot order a ${describeKind(l, types)} and a ${describeKind(r, types)}`, span);
  }
  switch (op) {
    case '<':
      return jbool(c < 0);
    case '>':
      return jbool(c > 0);
    case '<=':
      return jbool(c <= 0);
    default:
      return jbool(c >= 0);
  }
}

/** `name` as a variant of the enum `other` has (directly or inside an option), if it has one. */
export function variantOfSameEnum(types: IrTypeDef[], other: JValue, name: string): JValue | undefined {
  if (other.k !== 'typed') return undefined;
  const t = other.type.k === 'option' ? other.type.inner : other.type;
  if (t.k !== 'enum') return undefined;
  const def = types[t.id];
  const v = def?.kind === 'enum' ? def.variants.find((x) => x.name === name) : undefined;
  return v ? typed(t, v.value) : undefined;
}

/** A symbol compared with a typed enum is a variant name; anything else must be defined. */
export function requireDefined(types: IrTypeDef[], v: JValue): void {
  if (v.k === 'symbol' && v.span && !v.name.includes('::') && !/^[A-Z]/.test(v.name)) {
    throw new JourneyError(`undefined name '${v.name}'`, v.span);
  }
}

export function setOp(types: IrTypeDef[], op: string, l: JValue, r: JValue, span: Span): JValue {
  const asList = (v: JValue): JValue[] | undefined => {
    if (v.k === 'list') return v.items;
    if (v.k === 'typed' && (v.type.k === 'list' || v.type.k === 'array')) {
      const elem = v.type.elem;
      return (v.v as IrConst[]).map((x) => typed(elem, x));
    }
    return undefined;
  };
  const a = asList(l);
  const b = asList(r);
  if (op === 'subset_of') {
    if (a && b) return jbool(a.every((x) => b.some((y) => jEquals(x, y, types))));
    const x = intOf(types, l, span);
    const y = intOf(types, r, span);
    return jbool((x & ~y) === 0n);
  }
  if (!a) throw new JourneyError(`does_not_contain needs a list on the left`, span);
  const needles = b ?? [r];
  return jbool(!needles.some((n) => a.some((x) => jEquals(x, n, types))));
}

export function intOf(types: IrTypeDef[], v: JValue, span: Span): bigint {
  if (v.k === 'int') return v.v;
  if (v.k === 'typed' && typeof v.v === 'bigint') return v.v;
  throw new JourneyError(`expected an integer, got a ${describeKind(v, types)}`, span);
}

export function arith(types: IrTypeDef[], op: string, l: JValue, r: JValue, span: Span): JValue {
  requireDefined(types, l);
  requireDefined(types, r);
  if (isFloat(l) || isFloat(r)) {
    const x = floatOf(types, l, span);
    const y = floatOf(types, r, span);
    const f = { k: 'float' as const, bits: 64 as const };
    switch (op) {
      case '+':
        return typed(f, x + y);
      case '-':
        return typed(f, x - y);
      case '*':
        return typed(f, x * y);
      case '/':
        return typed(f, x / y);
      case '%':
        return typed(f, x % y);
    }
    throw new JourneyError(`operator ${op} does not apply to floats`, span);
  }
  const lt = l.k === 'typed' && l.type.k === 'int' ? l.type : undefined;
  const rt = r.k === 'typed' && r.type.k === 'int' ? r.type : undefined;
  const x = intOf(types, l, span);
  const y = intOf(types, r, span);
  let n: bigint;
  switch (op) {
    case '+':
      n = x + y;
      break;
    case '-':
      n = x - y;
      break;
    case '*':
      n = x * y;
      break;
    case '/':
    case '%':
      if (y === 0n) throw new RuntimeTrap('div_by_zero', 'division by zero', locOf(span));
      n = op === '/' ? x / y : x % y;
      break;
    case '&':
      n = x & y;
      break;
    case '|':
      n = x | y;
      break;
    case '^':
      n = x ^ y;
      break;
    case '<<':
      n = x << y;
      break;
    case '>>':
      n = x >> y;
      break;
    default:
      throw new JourneyError(`unsupported operator ${op}`, span);
  }
  const t = lt && rt ? (lt.bits >= rt.bits ? lt : rt) : (lt ?? rt);
  if (t) return wrapTo(t, n);
  return { k: 'int', v: n };
}

export function floatOf(types: IrTypeDef[], v: JValue, span: Span): number {
  if (v.k === 'float' || v.k === 'int') return Number(v.v);
  if (v.k === 'typed' && (typeof v.v === 'number' || typeof v.v === 'bigint')) return Number(v.v);
  throw new JourneyError(`expected a number, got a ${describeKind(v, types)}`, span);
}

export function negate(types: IrTypeDef[], v: JValue, span: Span): JValue {
  if (v.k === 'int') return { k: 'int', v: -v.v };
  if (v.k === 'float') return { k: 'float', v: -v.v };
  if (v.k === 'typed' && v.type.k === 'int') return wrapTo(v.type, -(v.v as bigint));
  if (v.k === 'typed' && v.type.k === 'float') return typed(v.type, -(v.v as number));
  throw new JourneyError(`cannot negate a ${describeKind(v, types)}`, span);
}

export function cast(types: IrTypeDef[], v: JValue, t: IrType, span: Span, coerce: (v: JValue, t: IrType) => IrConst): JValue {
  const src = v.k === 'typed' && v.type.k === 'option' && v.v !== null ? typed(v.type.inner, (v.v as { some: IrConst }).some) : v;
  const n =
    src.k === 'int'
      ? src.v
      : src.k === 'typed' && typeof src.v === 'bigint'
        ? src.v
        : src.k === 'typed' && typeof src.v === 'boolean'
          ? (src.v ? 1n : 0n)
          : undefined;
  if (t.k === 'int') {
    if (n !== undefined) return typed(t, wrapInt(n, t.bits, t.signed));
    if (src.k === 'float' || (src.k === 'typed' && typeof src.v === 'number')) {
      const x = Number(src.v);
      const r = Number.isNaN(x) ? 0n : BigInt(Math.trunc(Math.max(-1e38, Math.min(1e38, x))));
      const lo = t.signed ? -(1n << BigInt(t.bits - 1)) : 0n;
      const hi = t.signed ? (1n << BigInt(t.bits - 1)) - 1n : (1n << BigInt(t.bits)) - 1n;
      return typed(t, r < lo ? lo : r > hi ? hi : r);
    }
  }
  if (t.k === 'float' && n !== undefined) return typed(t, Number(n));
  if (t.k === 'bytesN' && n !== undefined) {
    // `as bytes(N)` is big-endian and keeps the low N bytes (§8.1.6).
    return typed(t, bigEndian(BigInt.asUintN(t.n * 8, n), t.n));
  }
  return typed(t, coerce(v, t));
}

export function index(types: IrTypeDef[], obj: JValue, idx: JValue, span: Span): JValue {
  const i = indexNumber(types, idx, span);
  const oob = (len: number): never => {
    throw new RuntimeTrap('index_out_of_bounds', `index ${i} out of range (length ${len})`, locOf(span));
  };
  if (obj.k === 'list') return obj.items[i] ?? oob(obj.items.length);
  if (obj.k === 'str') return i < obj.bytes.length ? typed(U8, BigInt(obj.bytes[i]!)) : oob(obj.bytes.length);
  if (obj.k === 'typed') {
    const t = obj.type.k === 'option' && obj.v !== null ? obj.type.inner : obj.type;
    const v = obj.type.k === 'option' && obj.v !== null ? (obj.v as { some: IrConst }).some : obj.v;
    if (t.k === 'list' || t.k === 'array') {
      const arr = v as IrConst[];
      return i < arr.length ? typed(t.elem, arr[i]!) : oob(arr.length);
    }
    if (t.k === 'bytes' || t.k === 'bytesN') {
      const b = v as Uint8Array;
      return i < b.length ? typed(U8, BigInt(b[i]!)) : oob(b.length);
    }
    if (t.k === 'string') {
      const b = new TextEncoder().encode(v as string);
      return i < b.length ? typed(U8, BigInt(b[i]!)) : oob(b.length);
    }
    if (t.k === 'any' && isAnyBox(v)) return typed({ k: 'any' }, anyIndex(v, BigInt(i)));
  }
  throw new JourneyError(`cannot index into a ${describeKind(obj, types)}`, span);
}

export function indexNumber(types: IrTypeDef[], v: JValue, span: Span): number {
  const n = intOf(types, v, span);
  if (n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RuntimeTrap('index_out_of_bounds', `index ${n} out of range`, locOf(span));
  }
  return Number(n);
}

export function iterate(types: IrTypeDef[], v: JValue, span: Span): JValue[] {
  if (v.k === 'list') return v.items;
  if (v.k === 'typed') {
    const t = v.type;
    if (t.k === 'list' || t.k === 'array') return (v.v as IrConst[]).map((x) => typed(t.elem, x));
    if (t.k === 'bytes' || t.k === 'bytesN') return Array.from(v.v as Uint8Array, (b) => typed(U8, BigInt(b)));
  }
  throw new JourneyError(`cannot iterate over a ${describeKind(v, types)}`, span);
}

export function isFloat(v: JValue): boolean {
  return v.k === 'float' || (v.k === 'typed' && v.type.k === 'float');
}

export function locOf(span: Span): { file: string; line: number; column: number; endLine: number; endColumn: number } {
  const s = span.file.lineCol(span.start);
  const en = span.file.lineCol(span.end);
  return { file: span.file.path, line: s.line, column: s.column, endLine: en.line, endColumn: en.column };
}
