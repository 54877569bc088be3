/** Explicit conversions (`convert` nodes; LANGUAGE.md §8.1.6, §8.2.6, §8.2.9). */
import type { IrExpr, IrType } from '../ir/ir.ts';
import { sameType } from '../ir/ir.ts';
import { BackendError, type Ref } from './context.ts';
import type { FnCx, IntInfo } from './fn-context.ts';
import { intInfo, maxValue, minValue, norm, toWide } from './arith.ts';
import { ANY_HEADER, BYTES_HEADER, LIST_HEADER, enumDef, slotSize, typeKey, typeName } from './layout.ts';
import { listBuf, load, store } from './codec-gen.ts';

type ConvertExpr = Extract<IrExpr, { e: 'convert' }>;

/** Integer → integer: truncate to the low bits, or sign-/zero-extend by the source. */
export function convertInt(fx: FnCx, v: Ref, from: IntInfo, to: IntInfo): Ref {
  const { B, m } = fx.cx;
  if (to.kind === 'wide') {
    if (from.kind === 'wide') return v;
    return toWide(fx, v, from);
  }
  let x = v;
  let xKind: 'i32' | 'i64' = from.kind === 'wide' ? 'i64' : from.kind;
  if (from.kind === 'wide') x = m.i64.load(0, 8, v);
  if (to.kind === 'i64') {
    if (xKind === 'i32') x = from.signed ? m.i64.extend_s(x) : m.i64.extend_u(x);
    return x;
  }
  if (xKind === 'i64') {
    x = m.i32.wrap(x);
    xKind = 'i32';
  }
  void B;
  return norm(fx, x, to);
}

function floatToInt(fx: FnCx, v: Ref, fromBits: 32 | 64, to: IntInfo): Ref {
  const { B, m } = fx.cx;
  const f = fromBits === 32 ? m.f64.promote(v) : v;
  if (to.kind === 'wide') {
    const out = fx.tmp('i32');
    return m.block(null, [
      m.local.set(out, m.call('rt.alloc', [m.i32.const(16)], B.i32)),
      m.call('rt.wideFromF64', [f, m.i32.const(to.signed ? 1 : 0), m.local.get(out, B.i32)], B.none),
      m.local.get(out, B.i32),
    ], B.i32);
  }
  if (to.kind === 'i64') return to.signed ? m.i64.trunc_s_sat.f64(f) : m.i64.trunc_u_sat.f64(f);
  if (to.bits === 32) return to.signed ? m.i32.trunc_s_sat.f64(f) : m.i32.trunc_u_sat.f64(f);
  // Narrow: saturate to i32 first, then clamp to the type's range (§8.1.6 saturates).
  const t = fx.tmp('i32');
  const T = () => m.local.get(t, B.i32);
  const max = m.i32.const(Number(maxValue(to)));
  if (!to.signed) return m.block(null, [m.local.set(t, m.i32.trunc_u_sat.f64(f)), m.select(m.i32.gt_u(T(), max), max, T())], B.i32);
  const min = m.i32.const(Number(minValue(to)));
  return m.block(null, [
    m.local.set(t, m.i32.trunc_s_sat.f64(f)),
    m.select(m.i32.gt_s(T(), max), m.i32.const(Number(maxValue(to))), m.select(m.i32.lt_s(T(), min), m.i32.const(Number(minValue(to))), T())),
  ], B.i32);
}

function intToFloat(fx: FnCx, v: Ref, from: IntInfo, toBits: 32 | 64): Ref {
  const { B, m } = fx.cx;
  const ops = toBits === 32 ? m.f32 : m.f64;
  if (from.kind === 'wide') {
    const d = m.call('rt.wideToF64', [v, m.i32.const(from.signed ? 1 : 0)], B.f64);
    return toBits === 32 ? m.f32.demote(d) : d;
  }
  if (from.kind === 'i64') return from.signed ? ops.convert_s.i64(v) : ops.convert_u.i64(v);
  return from.signed ? ops.convert_s.i32(v) : ops.convert_u.i32(v);
}

/** (pointer to first byte, length) of a bytes-like value held in temp locals. */
function bytesView(fx: FnCx, t: IrType, v: Ref): { pre: Ref[]; ptr: () => Ref; len: () => Ref } {
  const { B, m } = fx.cx;
  const p = fx.tmp('i32');
  const P = () => m.local.get(p, B.i32);
  if (t.k === 'bytesN') return { pre: [m.local.set(p, v)], ptr: P, len: () => m.i32.const(t.n) };
  if (t.k === 'bytes' || t.k === 'string') return { pre: [m.local.set(p, v)], ptr: () => m.i32.add(P(), m.i32.const(BYTES_HEADER)), len: () => m.i32.load(0, 4, P()) };
  throw new BackendError(`expected bytes, got ${t.k}`);
}

export function emitConvert(fx: FnCx, e: ConvertExpr): Ref {
  const { B, m } = fx.cx;
  const from = e.value.type;
  const to = e.type;
  const v = fx.expr(e.value);
  const fail = (): never => {
    throw new BackendError(`unsupported conversion ${e.kind} from ${typeName(from, fx.cx.types)} to ${typeName(to, fx.cx.types)}`, e.loc);
  };
  if (sameType(from, to) && e.kind !== 'from_any' && e.kind !== 'to_any') return v;
  switch (e.kind) {
    case 'int':
    case 'bool_int':
    case 'enum_int': {
      if (from.k === 'float' && to.k === 'float') return floatFloat(fx, v, from.bits, to.bits);
      if (from.k === 'float') return floatToInt(fx, v, from.bits, intInfo(fx, to, e.loc));
      if (to.k === 'float') return intToFloat(fx, v, intInfo(fx, from, e.loc), to.bits);
      if (to.k === 'bool') return m.i32.ne(convertInt(fx, v, intInfo(fx, from, e.loc), { bits: 32, signed: false, kind: 'i32' }), m.i32.const(0));
      return convertInt(fx, v, intInfo(fx, from, e.loc), intInfo(fx, to, e.loc));
    }
    case 'int_float':
      if (to.k !== 'float') return fail();
      if (from.k === 'float') return floatFloat(fx, v, from.bits, to.bits);
      return intToFloat(fx, v, intInfo(fx, from, e.loc), to.bits);
    case 'float_int':
      if (from.k !== 'float') return convertInt(fx, v, intInfo(fx, from, e.loc), intInfo(fx, to, e.loc));
      return floatToInt(fx, v, from.bits, intInfo(fx, to, e.loc));
    case 'float_float':
      if (from.k !== 'float' || to.k !== 'float') return fail();
      return floatFloat(fx, v, from.bits, to.bits);
    case 'int_enum':
      return intToEnum(fx, e, v);
    case 'int_bytes':
      return intToBytes(fx, e, v);
    case 'pad_bytes': {
      if (to.k !== 'bytesN') return fail();
      if (from.k === 'list' || from.k === 'array') return listToBytes(fx, e, v);
      if (from.k === 'int') return intToBytes(fx, e, v);
      const src = bytesView(fx, from, v);
      const site = fx.cx.site('conversion', `value longer than bytes(${to.n})`, e.loc, fx.funcName);
      return m.block(null, [...src.pre, m.call(padHelper(fx), [src.ptr(), src.len(), m.i32.const(to.n), m.i32.const(site)], B.i32)], B.i32);
    }
    case 'to_bytes': {
      if (to.k !== 'bytes' && to.k !== 'string') return fail();
      if (from.k === 'bytes' || from.k === 'string') return v;
      if (from.k === 'list' || from.k === 'array') return listToBytes(fx, e, v);
      if (from.k === 'int') return intToBytes(fx, e, v);
      if (from.k !== 'bytesN') return fail();
      const out = fx.tmp('i32');
      const src = fx.tmp('i32');
      return m.block(null, [
        m.local.set(src, v),
        m.local.set(out, m.call('rt.alloc', [m.i32.const(BYTES_HEADER + from.n)], B.i32)),
        m.i32.store(0, 4, m.local.get(out, B.i32), m.i32.const(from.n)),
        m.memory.copy(m.i32.add(m.local.get(out, B.i32), m.i32.const(BYTES_HEADER)), m.local.get(src, B.i32), m.i32.const(from.n)),
        m.local.get(out, B.i32),
      ], B.i32);
    }
    case 'list_bytes':
      return listToBytes(fx, e, v);
    case 'to_any':
      return toAny(fx, from, v);
    case 'from_any': {
      if (to.k === 'any') return v;
      const idx = fx.cx.anyTypes.indexOf(to);
      const site = fx.cx.site('conversion', `dynamic value does not have the shape of ${typeName(to, fx.cx.types)}`, e.loc, fx.funcName);
      const box = m.call('rt.fromAny', [v, m.i32.const(idx), m.i32.const(site)], B.i32);
      if (to.k === 'void') return m.drop(box);
      return load(fx.cx, fx.cx.slot(to), box, 0);
    }
  }
  return fail();
}

/**
 * Box a value as `any`. `any` has a single nil, so an option becomes nil or its payload
 * (matching runtime/values boxAny).
 */
function toAny(fx: FnCx, from: IrType, v: Ref): Ref {
  const { B, m } = fx.cx;
  if (from.k === 'any') return v;
  if (from.k === 'void') return m.block(null, [v, m.i32.const(0)], B.i32);
  if (from.k === 'option') {
    const t = fx.tmp('i32');
    const T = () => m.local.get(t, B.i32);
    return m.block(null, [m.local.set(t, v), m.if(m.i32.eqz(T()), m.i32.const(0), toAny(fx, from.inner, load(fx.cx, fx.cx.slot(from.inner), T(), 0)))], B.i32);
  }
  const out = fx.tmp('i32');
  const idx = fx.cx.anyTypes.indexOf(from);
  return m.block(null, [
    m.local.set(out, m.call('rt.alloc', [m.i32.const(ANY_HEADER + 8)], B.i32)),
    m.i32.store(0, 4, m.local.get(out, B.i32), m.i32.const(idx)),
    store(fx.cx, fx.cx.slot(from), m.local.get(out, B.i32), ANY_HEADER, v),
    m.local.get(out, B.i32),
  ], B.i32);
}

function floatFloat(fx: FnCx, v: Ref, from: 32 | 64, to: 32 | 64): Ref {
  const m = fx.cx.m;
  if (from === to) return v;
  return to === 64 ? m.f64.promote(v) : m.f32.demote(v);
}

function intToEnum(fx: FnCx, e: ConvertExpr, v: Ref): Ref {
  const { B, m } = fx.cx;
  if (e.type.k !== 'enum') throw new BackendError(`int_enum to ${e.type.k}`, e.loc);
  const def = enumDef(fx.cx.types, e.type.id);
  const from = intInfo(fx, e.value.type, e.loc);
  const to = intInfo(fx, e.type, e.loc);
  if (from.kind === 'wide') {
    // Narrow first; a value that does not survive narrowing cannot name a variant.
    const narrowed = convertInt(fx, v, from, { bits: 64, signed: from.signed, kind: 'i64' });
    return intToEnum(fx, { ...e, value: { e: 'const', value: 0n, type: { k: 'int', bits: 64, signed: from.signed } } }, narrowed);
  }
  const t = fx.tmp(from.kind);
  const wt = from.kind === 'i64' ? B.i64 : B.i32;
  const T = () => m.local.get(t, wt);
  const lo = minValue(from);
  const hi = maxValue(from);
  const tests = def.variants
    .filter((vr) => vr.value >= lo && vr.value <= hi)
    .map((vr) => (from.kind === 'i64' ? m.i64.eq(T(), fx.cx.i64(BigInt.asIntN(64, vr.value))) : m.i32.eq(T(), m.i32.const(Number(BigInt.asIntN(32, vr.value))))));
  const any = tests.length === 0 ? m.i32.const(0) : tests.reduce((a, b) => m.i32.or(a, b));
  return m.block(null, [
    m.local.set(t, v),
    m.if(m.i32.eqz(any), fx.trap('conversion', `no variant of ${def.name} has this value`, e.loc)),
    convertInt(fx, T(), from, to),
  ], fx.cx.typeOf(e.type));
}

/** Big-endian, low N bytes; wider targets are filled with the sign (two's complement). */
function intToBytes(fx: FnCx, e: ConvertExpr, v: Ref): Ref {
  const { B, m } = fx.cx;
  const from = intInfo(fx, e.value.type, e.loc);
  const n = e.type.k === 'bytesN' ? e.type.n : from.bits / 8;
  let lo: Ref;
  let hi: Ref;
  const t = fx.tmp(from.kind === 'wide' ? 'i32' : from.kind);
  const pre: Ref[] = [m.local.set(t, v)];
  if (from.kind === 'wide') {
    lo = m.i64.load(0, 8, m.local.get(t, B.i32));
    hi = m.i64.load(8, 8, m.local.get(t, B.i32));
  } else {
    const x = fx.tmp('i64');
    const X = () => m.local.get(x, B.i64);
    const get = from.kind === 'i64' ? m.local.get(t, B.i64) : from.signed ? m.i64.extend_s(m.local.get(t, B.i32)) : m.i64.extend_u(m.local.get(t, B.i32));
    pre.push(m.local.set(x, get));
    lo = X();
    hi = from.signed ? m.i64.shr_s(X(), m.i64.const(63n)) : m.i64.const(0n);
  }
  const p = m.call(intBytesHelper(fx), [lo, hi, m.i32.const(n)], B.i32);
  if (e.type.k === 'bytesN') return m.block(null, [...pre, p], B.i32);
  // Unsized target: wrap in a bytes object.
  const out = fx.tmp('i32');
  const raw = fx.tmp('i32');
  return m.block(null, [
    ...pre,
    m.local.set(raw, p),
    m.local.set(out, m.call('rt.alloc', [m.i32.const(BYTES_HEADER + n)], B.i32)),
    m.i32.store(0, 4, m.local.get(out, B.i32), m.i32.const(n)),
    m.memory.copy(m.i32.add(m.local.get(out, B.i32), m.i32.const(BYTES_HEADER)), m.local.get(raw, B.i32), m.i32.const(n)),
    m.local.get(out, B.i32),
  ], B.i32);
}

function intBytesHelper(fx: FnCx): string {
  const cx = fx.cx;
  return cx.helper('rt.intBytes', () => {
    const { B, m } = cx;
    // (lo i64, hi i64, n i32) -> bytesN ptr. vars: 3 p, 4 k, 5 byte
    const K = () => m.local.get(4, B.i32);
    const k64 = () => m.i64.extend_u(m.i32.shl(m.i32.and(K(), m.i32.const(7)), m.i32.const(3)));
    const byte = m.if(
      m.i32.lt_u(K(), m.i32.const(8)),
      m.i32.wrap(m.i64.shr_u(m.local.get(0, B.i64), k64())),
      m.if(m.i32.lt_u(K(), m.i32.const(16)), m.i32.wrap(m.i64.shr_u(m.local.get(1, B.i64), k64())), m.i32.wrap(m.i64.shr_s(m.local.get(1, B.i64), m.i64.const(63n)))),
    );
    m.addFunction(
      'rt.intBytes',
      B.createType([B.i64, B.i64, B.i32]),
      B.i32,
      [B.i32, B.i32],
      m.block(null, [
        m.local.set(3, m.call('rt.alloc', [m.local.get(2, B.i32)], B.i32)),
        m.local.set(4, m.i32.const(0)),
        m.block('done', [
          m.loop(
            'next',
            m.block(null, [
              m.br('done', m.i32.ge_u(K(), m.local.get(2, B.i32))),
              m.i32.store8(0, 1, m.i32.sub(m.i32.add(m.local.get(3, B.i32), m.local.get(2, B.i32)), m.i32.add(K(), m.i32.const(1))), byte),
              m.local.set(4, m.i32.add(K(), m.i32.const(1))),
              m.br('next'),
            ]),
          ),
        ]),
        m.local.get(3, B.i32),
      ], B.i32),
    );
  });
}

/** padBytes(ptr, len, n, site) -> bytesN(n), right-padded; traps `conversion` when len > n. */
function padHelper(fx: FnCx): string {
  const cx = fx.cx;
  return cx.helper('rt.padBytes', () => {
    const { B, m } = cx;
    const l = (i: number) => m.local.get(i, B.i32);
    m.addFunction(
      'rt.padBytes',
      B.createType([B.i32, B.i32, B.i32, B.i32]),
      B.i32,
      [B.i32],
      m.block(null, [
        m.if(m.i32.gt_u(l(1), l(2)), m.block(null, [m.call('rt.trap', [l(3)], B.none), m.unreachable()])),
        m.local.set(4, m.call('rt.alloc', [l(2)], B.i32)),
        m.memory.copy(l(4), l(0), l(1)),
        l(4),
      ], B.i32),
    );
  });
}

/** List of integers → bytes/bytesN; an element above 255 traps `conversion` (§8.2.6). */
function listToBytes(fx: FnCx, e: ConvertExpr, v: Ref): Ref {
  const { B, m } = fx.cx;
  const from = e.value.type;
  if (from.k !== 'list' && from.k !== 'array') throw new BackendError(`list_bytes from ${from.k}`, e.loc);
  const elem = intInfo(fx, from.elem, e.loc);
  if (elem.kind === 'wide') throw new BackendError('list_bytes over 128-bit elements is not supported', e.loc);
  const elemKind: 'i32' | 'i64' = elem.kind;
  const sized = e.type.k === 'bytesN' ? e.type.n : -1;
  const site = fx.cx.site('conversion', sized >= 0 ? `list element above 255 or list longer than bytes(${sized})` : 'list element above 255', e.loc, fx.funcName);
  const name = `rt.listBytes.${typeKey(from.elem)}`;
  fx.cx.helper(name, () => {
    const cx = fx.cx;
    const l = (i: number) => m.local.get(i, B.i32);
    const sz = slotSize(elemKind);
    // (list, n or -1, site) -> ptr. vars: 3 len, 4 out, 5 dst, 6 i
    const el = load(cx, elemKind, m.i32.add(listBuf(cx, l(0)), m.i32.mul(l(6), m.i32.const(sz))), LIST_HEADER);
    const big = elem.kind === 'i64' ? m.i64.gt_u(el, m.i64.const(255n)) : m.i32.gt_u(el, m.i32.const(255));
    const el2 = load(cx, elemKind, m.i32.add(listBuf(cx, l(0)), m.i32.mul(l(6), m.i32.const(sz))), LIST_HEADER);
    m.addFunction(
      name,
      B.createType([B.i32, B.i32, B.i32]),
      B.i32,
      [B.i32, B.i32, B.i32, B.i32],
      m.block(null, [
        m.local.set(3, m.i32.load(0, 4, l(0))),
        m.if(
          m.i32.ge_s(l(1), m.i32.const(0)),
          m.block(null, [
            m.if(m.i32.gt_u(l(3), l(1)), m.block(null, [m.call('rt.trap', [l(2)], B.none), m.unreachable()])),
            m.local.set(4, m.call('rt.alloc', [l(1)], B.i32)),
            m.local.set(5, l(4)),
          ]),
          m.block(null, [
            m.local.set(4, m.call('rt.alloc', [m.i32.add(l(3), m.i32.const(BYTES_HEADER))], B.i32)),
            m.i32.store(0, 4, l(4), l(3)),
            m.local.set(5, m.i32.add(l(4), m.i32.const(BYTES_HEADER))),
          ]),
        ),
        m.local.set(6, m.i32.const(0)),
        m.block('done', [
          m.loop(
            'next',
            m.block(null, [
              m.br('done', m.i32.ge_u(l(6), l(3))),
              m.if(big, m.block(null, [m.call('rt.trap', [l(2)], B.none), m.unreachable()])),
              m.i32.store8(0, 1, m.i32.add(l(5), l(6)), elem.kind === 'i64' ? m.i32.wrap(el2) : el2),
              m.local.set(6, m.i32.add(l(6), m.i32.const(1))),
              m.br('next'),
            ]),
          ),
        ]),
        l(4),
      ], B.i32),
    );
  });
  return m.call(name, [v, m.i32.const(sized), m.i32.const(site)], B.i32);
}
