/**
 * Structs, lists, bytes and options: construction, access, bounds checks and the
 * copy-on-write updates that give `setPlace` and `push` value semantics (LANGUAGE.md §8.2.1).
 */
import type { Span } from '../diagnostics/source.ts';
import type { IrExpr, IrPlaceStep, IrType } from '../ir/ir.ts';
import { BackendError, type Ref } from './context.ts';
import type { FnCx } from './fn-context.ts';
import { intInfo, convertIntTo64 } from './aggregates-util.ts';
import { BYTES_HEADER, LIST_HANDLE, LIST_HEADER, slotSize, structDef, structLayout, typeName, type SlotKind } from './layout.ts';
import { listBuf, load, store } from './codec-gen.ts';

type E<K extends IrExpr['e']> = Extract<IrExpr, { e: K }>;

/** Length of a list/array/bytes/string/bytesN value as an i32 expression. */
export function lengthOf(fx: FnCx, t: IrType, obj: Ref): Ref {
  const m = fx.cx.m;
  if (t.k === 'bytesN') return m.block(null, [m.drop(obj), m.i32.const(t.n)], fx.cx.B.i32);
  if (t.k === 'list' || t.k === 'array' || t.k === 'bytes' || t.k === 'string') return m.i32.load(0, 4, obj);
  throw new BackendError(`len of ${t.k}`);
}

/** Evaluate an index into a temp and trap `index_out_of_bounds` unless 0 ≤ i < len. */
export function checkedIndex(fx: FnCx, index: IrExpr, len: () => Ref, loc: Span | undefined, what: string): { pre: Ref[]; get: () => Ref } {
  const { B, m } = fx.cx;
  const i = fx.tmp('i32');
  const idx64 = fx.tmp('i64');
  const pre = [
    m.local.set(idx64, convertIntTo64(fx, fx.expr(index), intInfo(fx, index.type, loc))),
    m.if(m.i64.ge_u(m.local.get(idx64, B.i64), m.i64.extend_u(len())), fx.trap('index_out_of_bounds', `index out of bounds of ${what}`, loc)),
    m.local.set(i, m.i32.wrap(m.local.get(idx64, B.i64))),
  ];
  return { pre, get: () => m.local.get(i, B.i32) };
}

export function emitStruct(fx: FnCx, e: E<'struct'>): Ref {
  const { B, m } = fx.cx;
  if (e.type.k !== 'struct') throw new BackendError(`struct literal of type ${e.type.k}`, e.loc);
  const layout = structLayout(fx.cx.types, e.type.id);
  const def = structDef(fx.cx.types, e.type.id);
  if (e.fields.length !== def.fields.length) throw new BackendError(`struct ${def.name} needs ${def.fields.length} fields, got ${e.fields.length}`, e.loc);
  const p = fx.tmp('i32');
  const P = () => m.local.get(p, B.i32);
  return m.block(null, [
    m.local.set(p, m.call('rt.alloc', [m.i32.const(layout.size)], B.i32)),
    ...e.fields.map((f, i) => store(fx.cx, layout.kinds[i]!, P(), layout.offsets[i]!, fx.expr(f))),
    P(),
  ], B.i32);
}

export function emitField(fx: FnCx, e: E<'field'>): Ref {
  const t = e.object.type;
  if (t.k !== 'struct') throw new BackendError(`field access on ${typeName(t, fx.cx.types)}`, e.loc);
  const layout = structLayout(fx.cx.types, t.id);
  if (e.index < 0 || e.index >= layout.offsets.length) throw new BackendError(`field #${e.index} out of range`, e.loc);
  return load(fx.cx, layout.kinds[e.index]!, fx.expr(e.object), layout.offsets[e.index]!);
}

/**
 * A fresh list of `count` elements: allocates the buffer (used = cap = count) and the handle.
 * Returns statements that leave the handle in `handle` and the buffer in `buf`.
 */
export function newList(fx: FnCx, count: () => Ref, sz: number, handle: number, buf: number): Ref[] {
  const { B, m } = fx.cx;
  return [
    m.local.set(buf, m.call('rt.alloc', [m.i32.add(m.i32.const(LIST_HEADER), m.i32.mul(count(), m.i32.const(sz)))], B.i32)),
    m.i32.store(0, 4, m.local.get(buf, B.i32), count()),
    m.i32.store(4, 4, m.local.get(buf, B.i32), count()),
    m.local.set(handle, m.call('rt.alloc', [m.i32.const(LIST_HANDLE)], B.i32)),
    m.i32.store(0, 4, m.local.get(handle, B.i32), count()),
    m.i32.store(4, 4, m.local.get(handle, B.i32), m.local.get(buf, B.i32)),
  ];
}

export function emitList(fx: FnCx, e: E<'list'>): Ref {
  const { B, m } = fx.cx;
  const elem = e.type.k === 'list' || e.type.k === 'array' ? e.type.elem : undefined;
  if (!elem) throw new BackendError(`list literal of type ${e.type.k}`, e.loc);
  const kind = fx.cx.slot(elem);
  const sz = slotSize(kind);
  const h = fx.tmp('i32');
  const buf = fx.tmp('i32');
  return m.block(null, [
    ...newList(fx, () => m.i32.const(e.elems.length), sz, h, buf),
    ...e.elems.map((x, i) => store(fx.cx, kind, m.local.get(buf, B.i32), LIST_HEADER + i * sz, fx.expr(x))),
    m.local.get(h, B.i32),
  ], B.i32);
}

export function emitFill(fx: FnCx, e: E<'fill'>): Ref {
  const { B, m } = fx.cx;
  if (e.type.k !== 'bytesN') throw new BackendError(`fill of type ${e.type.k}`, e.loc);
  const p = fx.tmp('i32');
  return m.block(null, [
    m.local.set(p, m.call('rt.alloc', [m.i32.const(e.type.n)], B.i32)),
    m.memory.fill(m.local.get(p, B.i32), fx.expr(e.fill), m.i32.const(e.type.n)),
    m.local.get(p, B.i32),
  ], B.i32);
}

export function emitIndex(fx: FnCx, e: E<'index'>): Ref {
  const { B, m } = fx.cx;
  const t = e.object.type;
  const o = fx.tmp('i32');
  const O = () => m.local.get(o, B.i32);
  const setObj = m.local.set(o, fx.expr(e.object));
  const ix = checkedIndex(fx, e.index, () => lengthOf(fx, t, O()), e.loc, typeName(t, fx.cx.types));
  let value: Ref;
  if (t.k === 'list' || t.k === 'array') {
    const kind = fx.cx.slot(t.elem);
    value = load(fx.cx, kind, m.i32.add(listBuf(fx.cx, O()), m.i32.mul(ix.get(), m.i32.const(slotSize(kind)))), LIST_HEADER);
  } else if (t.k === 'bytes' || t.k === 'string') value = m.i32.load8_u(BYTES_HEADER, 1, m.i32.add(O(), ix.get()));
  else if (t.k === 'bytesN') value = m.i32.load8_u(0, 1, m.i32.add(O(), ix.get()));
  else throw new BackendError(`index into ${typeName(t, fx.cx.types)}`, e.loc);
  if ((t.k === 'bytes' || t.k === 'string' || t.k === 'bytesN') && fx.cx.slot(e.type) === 'i64') value = m.i64.extend_u(value);
  return m.block(null, [setObj, ...ix.pre, value], fx.cx.typeOf(e.type));
}

export function emitSlice(fx: FnCx, e: E<'slice'>): Ref {
  const { B, m } = fx.cx;
  const t = e.object.type;
  const o = fx.tmp('i32');
  const lo = fx.tmp('i32');
  const hi = fx.tmp('i32');
  const len = fx.tmp('i32');
  const L = (i: number) => m.local.get(i, B.i32);
  const lo64 = fx.tmp('i64');
  const hi64 = fx.tmp('i64');
  const pre: Ref[] = [
    m.local.set(o, fx.expr(e.object)),
    m.local.set(len, lengthOf(fx, t, L(o))),
    m.local.set(lo64, convertIntTo64(fx, fx.expr(e.lo), intInfo(fx, e.lo.type, e.loc))),
    m.local.set(hi64, e.hi ? convertIntTo64(fx, fx.expr(e.hi), intInfo(fx, e.hi.type, e.loc)) : m.i64.extend_u(L(len))),
    m.if(
      m.i32.or(m.i64.gt_u(m.local.get(hi64, B.i64), m.i64.extend_u(L(len))), m.i64.gt_u(m.local.get(lo64, B.i64), m.local.get(hi64, B.i64))),
      fx.trap('index_out_of_bounds', `slice out of bounds of ${typeName(t, fx.cx.types)}`, e.loc),
    ),
    m.local.set(lo, m.i32.wrap(m.local.get(lo64, B.i64))),
    m.local.set(hi, m.i32.wrap(m.local.get(hi64, B.i64))),
  ];
  const count = () => m.i32.sub(L(hi), L(lo));
  const out = fx.tmp('i32');
  if (t.k === 'list' || t.k === 'array') {
    const sz = slotSize(fx.cx.slot(t.elem));
    const buf = fx.tmp('i32');
    return m.block(null, [
      ...pre,
      ...newList(fx, count, sz, out, buf),
      m.memory.copy(m.i32.add(L(buf), m.i32.const(LIST_HEADER)), m.i32.add(m.i32.add(listBuf(fx.cx, L(o)), m.i32.const(LIST_HEADER)), m.i32.mul(L(lo), m.i32.const(sz))), m.i32.mul(count(), m.i32.const(sz))),
      L(out),
    ], B.i32);
  }
  const src = () => m.i32.add(m.i32.add(L(o), m.i32.const(t.k === 'bytesN' ? 0 : BYTES_HEADER)), L(lo));
  if (t.k !== 'bytes' && t.k !== 'string' && t.k !== 'bytesN') throw new BackendError(`slice of ${typeName(t, fx.cx.types)}`, e.loc);
  if (e.type.k === 'bytesN') {
    const n = e.type.n;
    return m.block(null, [
      ...pre,
      m.if(m.i32.ne(count(), m.i32.const(n)), fx.trap('index_out_of_bounds', `slice length is not ${n}`, e.loc)),
      m.local.set(out, m.call('rt.alloc', [m.i32.const(n)], B.i32)),
      m.memory.copy(L(out), src(), m.i32.const(n)),
      L(out),
    ], B.i32);
  }
  return m.block(null, [
    ...pre,
    m.local.set(out, m.call('rt.alloc', [m.i32.add(count(), m.i32.const(BYTES_HEADER))], B.i32)),
    m.i32.store(0, 4, L(out), count()),
    m.memory.copy(m.i32.add(L(out), m.i32.const(BYTES_HEADER)), src(), count()),
    L(out),
  ], B.i32);
}

export function emitLen(fx: FnCx, e: E<'len'>): Ref {
  const m = fx.cx.m;
  const n = m.i64.extend_u(lengthOf(fx, e.object.type, fx.expr(e.object)));
  const kind = fx.cx.slot(e.type);
  if (kind === 'i64') return n;
  if (kind === 'i32') return m.i32.wrap(n);
  if (kind === 'f64') return m.f64.convert_u.i64(n);
  throw new BackendError(`len of type ${e.type.k}`, e.loc);
}

export function box(fx: FnCx, t: IrType, v: Ref): Ref {
  const { B, m } = fx.cx;
  const p = fx.tmp('i32');
  return m.block(null, [
    m.local.set(p, m.call('rt.alloc', [m.i32.const(8)], B.i32)),
    store(fx.cx, fx.cx.slot(t), m.local.get(p, B.i32), 0, v),
    m.local.get(p, B.i32),
  ], B.i32);
}

export function emitUnwrap(fx: FnCx, e: E<'unwrap'>): Ref {
  const { B, m } = fx.cx;
  const p = fx.tmp('i32');
  return m.block(null, [
    m.local.set(p, fx.expr(e.value)),
    m.if(m.i32.eqz(m.local.get(p, B.i32)), fx.trap('nil_unwrap', 'unwrapped a nil value', e.loc)),
    load(fx.cx, fx.cx.slot(e.type), m.local.get(p, B.i32), 0),
  ], fx.cx.typeOf(e.type));
}

/**
 * Copy-on-write update of the place `path` inside the value held in local `objLocal`:
 * every object on the path is copied, so other holders of the old value never see the change.
 * `leaf(oldLocal)` builds the replacement for the innermost place.
 */
export function updatePlace(
  fx: FnCx,
  objLocal: number,
  t: IrType,
  path: IrPlaceStep[],
  leaf: (oldLocal: number, t: IrType) => Ref,
  loc: Span | undefined,
): Ref {
  const { B, m } = fx.cx;
  if (path.length === 0) return leaf(objLocal, t);
  const [step, ...rest] = path as [IrPlaceStep, ...IrPlaceStep[]];
  const O = () => m.local.get(objLocal, B.i32);
  const out = fx.tmp('i32');
  const OUT = () => m.local.get(out, B.i32);
  if (step.k === 'field') {
    if (t.k !== 'struct') throw new BackendError(`field step on ${typeName(t, fx.cx.types)}`, loc);
    const def = structDef(fx.cx.types, t.id);
    const layout = structLayout(fx.cx.types, t.id);
    const ft = def.fields[step.index]?.type;
    if (!ft) throw new BackendError(`field #${step.index} out of range`, loc);
    const kind = layout.kinds[step.index]!;
    const child = fx.tmp(kind);
    return m.block(null, [
      m.local.set(out, m.call('rt.alloc', [m.i32.const(layout.size)], B.i32)),
      m.memory.copy(OUT(), O(), m.i32.const(layout.size)),
      m.local.set(child, load(fx.cx, kind, O(), layout.offsets[step.index]!)),
      store(fx.cx, kind, OUT(), layout.offsets[step.index]!, updatePlace(fx, child, ft, rest, leaf, loc)),
      OUT(),
    ], B.i32);
  }
  const ix = checkedIndex(fx, step.index, () => lengthOf(fx, t, O()), step.loc ?? loc, typeName(t, fx.cx.types));
  if (t.k === 'list' || t.k === 'array') {
    // Copy the elements into a buffer of our own: the old buffer may be shared.
    const kind = fx.cx.slot(t.elem);
    const sz = slotSize(kind);
    const child = fx.tmp(kind);
    const buf = fx.tmp('i32');
    const len = fx.tmp('i32');
    const oldElem = (i: Ref) => m.i32.add(listBuf(fx.cx, O()), m.i32.mul(i, m.i32.const(sz)));
    return m.block(null, [
      ...ix.pre,
      m.local.set(len, m.i32.load(0, 4, O())),
      ...newList(fx, () => m.local.get(len, B.i32), sz, out, buf),
      m.memory.copy(m.i32.add(m.local.get(buf, B.i32), m.i32.const(LIST_HEADER)), m.i32.add(listBuf(fx.cx, O()), m.i32.const(LIST_HEADER)), m.i32.mul(m.local.get(len, B.i32), m.i32.const(sz))),
      m.local.set(child, load(fx.cx, kind, oldElem(ix.get()), LIST_HEADER)),
      store(fx.cx, kind, m.i32.add(m.local.get(buf, B.i32), m.i32.mul(ix.get(), m.i32.const(sz))), LIST_HEADER, updatePlace(fx, child, t.elem, rest, leaf, loc)),
      OUT(),
    ], B.i32);
  }
  if (t.k === 'bytes' || t.k === 'string' || t.k === 'bytesN') {
    if (rest.length > 0) throw new BackendError('a byte has no parts', loc);
    const u8: IrType = { k: 'int', bits: 8, signed: false };
    const header = t.k === 'bytesN' ? 0 : BYTES_HEADER;
    const size = () => (t.k === 'bytesN' ? m.i32.const(t.n) : m.i32.add(m.i32.load(0, 4, O()), m.i32.const(BYTES_HEADER)));
    const child = fx.tmp('i32');
    return m.block(null, [
      ...ix.pre,
      m.local.set(out, m.call('rt.alloc', [size()], B.i32)),
      m.memory.copy(OUT(), O(), size()),
      m.local.set(child, m.i32.load8_u(header, 1, m.i32.add(O(), ix.get()))),
      m.i32.store8(header, 1, m.i32.add(OUT(), ix.get()), updatePlace(fx, child, u8, rest, leaf, loc)),
      OUT(),
    ], B.i32);
  }
  throw new BackendError(`index step on ${typeName(t, fx.cx.types)}`, loc);
}

/**
 * `rt.listPush.<slot>(handle, v) -> handle`: appends in place when this handle is the
 * frontier of its buffer (len == used) and there is capacity, else copies into a buffer of
 * twice the length. Older handles keep their own length, so they never see the new element:
 * value semantics with amortised O(1) pushes.
 */
function listPushHelper(fx: FnCx, kind: Exclude<SlotKind, 'none'>): string {
  const cx = fx.cx;
  const name = `rt.listPush.${kind}`;
  return cx.helper(name, () => {
    const { B, m } = cx;
    const sz = slotSize(kind);
    const wt = cx.wasmType(kind);
    // params: 0 handle, 1 value; vars: 2 len, 3 buf, 4 cap, 5 newBuf, 6 out
    const l = (i: number) => m.local.get(i, B.i32);
    m.addFunction(
      name,
      B.createType([B.i32, wt]),
      B.i32,
      [B.i32, B.i32, B.i32, B.i32, B.i32],
      m.block(null, [
        m.local.set(2, m.i32.load(0, 4, l(0))),
        m.local.set(3, m.i32.load(4, 4, l(0))),
        m.if(
          m.i32.and(m.i32.eq(l(2), m.i32.load(0, 4, l(3))), m.i32.lt_u(l(2), m.i32.load(4, 4, l(3)))),
          m.i32.store(0, 4, l(3), m.i32.add(l(2), m.i32.const(1))),
          m.block(null, [
            m.local.set(4, m.select(m.i32.lt_u(l(2), m.i32.const(4)), m.i32.const(4), m.i32.shl(l(2), m.i32.const(1)))),
            m.local.set(5, m.call('rt.alloc', [m.i32.add(m.i32.const(LIST_HEADER), m.i32.mul(l(4), m.i32.const(sz)))], B.i32)),
            m.memory.copy(m.i32.add(l(5), m.i32.const(LIST_HEADER)), m.i32.add(l(3), m.i32.const(LIST_HEADER)), m.i32.mul(l(2), m.i32.const(sz))),
            m.i32.store(0, 4, l(5), m.i32.add(l(2), m.i32.const(1))),
            m.i32.store(4, 4, l(5), l(4)),
            m.local.set(3, l(5)),
          ]),
        ),
        store(cx, kind, m.i32.add(l(3), m.i32.mul(l(2), m.i32.const(sz))), LIST_HEADER, m.local.get(1, wt)),
        m.local.set(6, m.call('rt.alloc', [m.i32.const(LIST_HANDLE)], B.i32)),
        m.i32.store(0, 4, l(6), m.i32.add(l(2), m.i32.const(1))),
        m.i32.store(4, 4, l(6), l(3)),
        l(6),
      ], B.i32),
    );
  });
}

/** A new list (or bytes) equal to the one in `oldLocal` plus one element. */
export function appended(fx: FnCx, oldLocal: number, t: IrType, value: () => Ref, valueType: IrType, loc: Span | undefined): Ref {
  const { B, m } = fx.cx;
  const O = () => m.local.get(oldLocal, B.i32);
  const out = fx.tmp('i32');
  const OUT = () => m.local.get(out, B.i32);
  if (t.k === 'list' || t.k === 'array') {
    const kind = fx.cx.slot(t.elem);
    return m.call(listPushHelper(fx, kind === 'none' ? 'i32' : kind), [O(), kind === 'none' ? m.block(null, [value(), m.i32.const(0)], B.i32) : value()], B.i32);
  }
  if (t.k === 'bytes' || t.k === 'string') {
    const v = fx.tmp('i32');
    const used = () => m.i32.add(m.i32.const(BYTES_HEADER), m.i32.load(0, 4, O()));
    const vi = fx.cx.slot(valueType) === 'i64' ? m.i32.wrap(value()) : value();
    return m.block(null, [
      m.local.set(v, vi),
      m.local.set(out, m.call('rt.alloc', [m.i32.add(used(), m.i32.const(1))], B.i32)),
      m.memory.copy(OUT(), O(), used()),
      m.i32.store(0, 4, OUT(), m.i32.add(m.i32.load(0, 4, O()), m.i32.const(1))),
      m.i32.store8(0, 1, m.i32.add(OUT(), used()), m.local.get(v, B.i32)),
      OUT(),
    ], B.i32);
  }
  throw new BackendError(`push onto ${typeName(t, fx.cx.types)}`, loc);
}
