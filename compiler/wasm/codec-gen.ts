/**
 * Generated per-type helpers: structural equality (LANGUAGE.md §8.1.9) and the canonical
 * encoding (§8.3.6) written straight into linear memory, used by hashing, `concat` and
 * witness binding records.
 */
import type { IrType } from '../ir/ir.ts';
import type { Ref, WasmContext } from './context.ts';
import { BYTES_HEADER, LIST_HEADER, WIDE_INT_SIZE, enumDef, slotSize, structDef, structLayout, typeKey, type SlotKind } from './layout.ts';

export function load(cx: WasmContext, kind: SlotKind, ptr: Ref, offset: number): Ref {
  const m = cx.m;
  switch (kind) {
    case 'i32':
      return m.i32.load(offset, 4, ptr);
    case 'i64':
      return m.i64.load(offset, 8, ptr);
    case 'f32':
      return m.f32.load(offset, 4, ptr);
    case 'f64':
      return m.f64.load(offset, 8, ptr);
    case 'none':
      return m.nop();
  }
}

export function store(cx: WasmContext, kind: SlotKind, ptr: Ref, offset: number, value: Ref): Ref {
  const m = cx.m;
  switch (kind) {
    case 'i32':
      return m.i32.store(offset, 4, ptr, value);
    case 'i64':
      return m.i64.store(offset, 8, ptr, value);
    case 'f32':
      return m.f32.store(offset, 4, ptr, value);
    case 'f64':
      return m.f64.store(offset, 8, ptr, value);
    case 'none':
      // A void value is evaluated for its effects only.
      return value;
  }
}

/** The element buffer of a list handle; elements start at LIST_HEADER in it. */
export function listBuf(cx: WasmContext, handle: Ref): Ref {
  return cx.m.i32.load(4, 4, handle);
}

/** Structural equality of two values of type t (an i32 0/1 expression). */
export function emitEq(cx: WasmContext, t: IrType, a: Ref, b: Ref): Ref {
  const m = cx.m;
  switch (t.k) {
    case 'int':
      if (t.bits === 128) return m.i32.eqz(m.call('rt.cmpBytes', [a, m.i32.const(WIDE_INT_SIZE), b, m.i32.const(WIDE_INT_SIZE)], cx.B.i32));
      return t.bits === 64 ? m.i64.eq(a, b) : m.i32.eq(a, b);
    case 'bool':
      return m.i32.eq(a, b);
    case 'enum':
      return cx.slot(t) === 'i64' ? m.i64.eq(a, b) : m.i32.eq(a, b);
    case 'float':
      return t.bits === 32 ? m.f32.eq(a, b) : m.f64.eq(a, b);
    case 'void':
      return m.block(null, [m.drop(a), m.drop(b), m.i32.const(1)], cx.B.i32);
    default:
      return m.call(eqFunction(cx, t), [a, b], cx.B.i32);
  }
}

function eqFunction(cx: WasmContext, t: IrType): string {
  const name = `eq.${typeKey(t)}`;
  return cx.helper(name, () => {
    const { B, m } = cx;
    const a = () => m.local.get(0, B.i32);
    const b = () => m.local.get(1, B.i32);
    let body: Ref;
    const vars: number[] = [];
    switch (t.k) {
      case 'bytesN':
        body = m.i32.eqz(m.call('rt.cmpBytes', [a(), m.i32.const(t.n), b(), m.i32.const(t.n)], B.i32));
        break;
      case 'bytes':
      case 'string':
        body = m.i32.eqz(
          m.call('rt.cmpBytes', [m.i32.add(a(), m.i32.const(BYTES_HEADER)), m.i32.load(0, 4, a()), m.i32.add(b(), m.i32.const(BYTES_HEADER)), m.i32.load(0, 4, b())], B.i32),
        );
        break;
      case 'struct': {
        const def = structDef(cx.types, t.id);
        const layout = structLayout(cx.types, t.id);
        const checks = def.fields.map((f, i) => {
          const k = layout.kinds[i]!;
          return m.if(m.i32.eqz(emitEq(cx, f.type, load(cx, k, a(), layout.offsets[i]!), load(cx, k, b(), layout.offsets[i]!))), m.return(m.i32.const(0)));
        });
        body = m.block(null, [...checks, m.i32.const(1)], B.i32);
        break;
      }
      case 'list':
      case 'array': {
        // vars: 2 i, 3 len
        vars.push(B.i32, B.i32);
        const k = cx.slot(t.elem);
        const sz = slotSize(k);
        const at = (p: Ref) => m.i32.add(p, m.i32.mul(m.local.get(2, B.i32), m.i32.const(sz)));
        body = m.block(null, [
          m.local.set(3, m.i32.load(0, 4, a())),
          m.if(m.i32.ne(m.local.get(3, B.i32), m.i32.load(0, 4, b())), m.return(m.i32.const(0))),
          m.local.set(2, m.i32.const(0)),
          m.block('done', [
            m.loop(
              'next',
              m.block(null, [
                m.br('done', m.i32.ge_u(m.local.get(2, B.i32), m.local.get(3, B.i32))),
                m.if(m.i32.eqz(emitEq(cx, t.elem, load(cx, k, at(listBuf(cx, a())), LIST_HEADER), load(cx, k, at(listBuf(cx, b())), LIST_HEADER))), m.return(m.i32.const(0))),
                m.local.set(2, m.i32.add(m.local.get(2, B.i32), m.i32.const(1))),
                m.br('next'),
              ]),
            ),
          ]),
          m.i32.const(1),
        ], B.i32);
        break;
      }
      case 'option': {
        const k = cx.slot(t.inner);
        body = m.block(null, [
          m.if(m.i32.eq(a(), b()), m.return(m.i32.const(1))),
          m.if(m.i32.or(m.i32.eqz(a()), m.i32.eqz(b())), m.return(m.i32.const(0))),
          emitEq(cx, t.inner, load(cx, k, a(), 0), load(cx, k, b(), 0)),
        ], B.i32);
        break;
      }
      case 'any':
        body = m.call('rt.anyEq', [a(), b()], B.i32);
        break;
      default:
        throw new Error(`eqFunction: unexpected ${t.k}`);
    }
    m.addFunction(name, B.createType([B.i32, B.i32]), B.i32, vars, body);
  });
}

/** Size of the nested canonical encoding when it does not depend on the value. */
export function fixedEncSize(cx: WasmContext, t: IrType): number | undefined {
  switch (t.k) {
    case 'int':
      return t.bits / 8;
    case 'float':
      return t.bits / 8;
    case 'bool':
      return 1;
    case 'void':
      return 0;
    case 'enum':
      return enumDef(cx.types, t.id).reprBits / 8;
    case 'bytesN':
      return t.n;
    case 'array': {
      const s = fixedEncSize(cx, t.elem);
      return s === undefined ? undefined : s * t.n;
    }
    case 'struct': {
      let total = 0;
      for (const f of structDef(cx.types, t.id).fields) {
        const s = fixedEncSize(cx, f.type);
        if (s === undefined) return undefined;
        total += s;
      }
      return total;
    }
    default:
      return undefined;
  }
}

/** Nested canonical encoding size of a value (i32 expression). */
export function emitEncSize(cx: WasmContext, t: IrType, v: Ref): Ref {
  const fixed = fixedEncSize(cx, t);
  if (fixed !== undefined) return cx.m.block(null, [cx.m.drop(v), cx.m.i32.const(fixed)], cx.B.i32);
  if (t.k === 'void') return cx.m.i32.const(0);
  return cx.m.call(encSizeFunction(cx, t), [v], cx.B.i32);
}

/** Write the nested canonical encoding at dst; yields the address after it. */
export function emitEncWrite(cx: WasmContext, t: IrType, v: Ref, dst: Ref): Ref {
  return cx.m.call(encWriteFunction(cx, t), [v, dst], cx.B.i32);
}

function encSizeFunction(cx: WasmContext, t: IrType): string {
  const name = `encSize.${typeKey(t)}`;
  return cx.helper(name, () => {
    const { B, m } = cx;
    const v = () => m.local.get(0, B.i32);
    const vars: number[] = [];
    let body: Ref;
    switch (t.k) {
      case 'bytes':
      case 'string':
        body = m.i32.add(m.i32.const(4), m.i32.load(0, 4, v()));
        break;
      case 'struct': {
        const def = structDef(cx.types, t.id);
        const layout = structLayout(cx.types, t.id);
        body = def.fields.reduce<Ref>(
          (acc, f, i) => m.i32.add(acc, emitEncSize(cx, f.type, load(cx, layout.kinds[i]!, v(), layout.offsets[i]!))),
          m.i32.const(0),
        );
        break;
      }
      case 'list':
      case 'array': {
        const header = t.k === 'list' ? 4 : 0;
        const fixed = fixedEncSize(cx, t.elem);
        if (fixed !== undefined) {
          body = m.i32.add(m.i32.const(header), m.i32.mul(m.i32.load(0, 4, v()), m.i32.const(fixed)));
          break;
        }
        // vars: 1 i, 2 total
        vars.push(B.i32, B.i32);
        const k = cx.slot(t.elem);
        const sz = slotSize(k);
        body = m.block(null, [
          m.local.set(2, m.i32.const(header)),
          m.local.set(1, m.i32.const(0)),
          m.block('done', [
            m.loop(
              'next',
              m.block(null, [
                m.br('done', m.i32.ge_u(m.local.get(1, B.i32), m.i32.load(0, 4, v()))),
                m.local.set(2, m.i32.add(m.local.get(2, B.i32), emitEncSize(cx, t.elem, load(cx, k, m.i32.add(listBuf(cx, v()), m.i32.mul(m.local.get(1, B.i32), m.i32.const(sz))), LIST_HEADER)))),
                m.local.set(1, m.i32.add(m.local.get(1, B.i32), m.i32.const(1))),
                m.br('next'),
              ]),
            ),
          ]),
          m.local.get(2, B.i32),
        ], B.i32);
        break;
      }
      case 'option':
        body = m.if(m.i32.eqz(v()), m.i32.const(1), m.i32.add(m.i32.const(1), emitEncSize(cx, t.inner, load(cx, cx.slot(t.inner), v(), 0))));
        break;
      case 'any':
        body = m.call('rt.anyEnc', [v(), m.i32.const(0), m.i32.const(1)], B.i32);
        break;
      default:
        throw new Error(`encSize: unexpected ${t.k}`);
    }
    m.addFunction(name, B.createType([cx.typeOf(t)]), B.i32, vars, body);
  });
}

function encWriteFunction(cx: WasmContext, t: IrType): string {
  const name = `encWrite.${typeKey(t)}`;
  return cx.helper(name, () => {
    const { B, m } = cx;
    const wt = cx.typeOf(t);
    const v = () => m.local.get(0, wt);
    const d = () => m.local.get(1, B.i32);
    const vars: number[] = [];
    const bs32 = (x: Ref) => m.call('rt.bswap32', [x], B.i32);
    const bs64 = (x: Ref) => m.call('rt.bswap64', [x], B.i64);
    const intWrite = (bits: number, x: Ref): Ref => {
      if (bits === 8) return m.i32.store8(0, 1, d(), x);
      if (bits === 16) return m.i32.store16(0, 1, d(), m.i32.shr_u(bs32(x), m.i32.const(16)));
      if (bits === 32) return m.i32.store(0, 1, d(), bs32(x));
      return m.i64.store(0, 1, d(), bs64(x));
    };
    let stmts: Ref[];
    switch (t.k) {
      case 'int':
        if (t.bits === 128) {
          stmts = [m.i64.store(0, 1, d(), bs64(m.i64.load(8, 1, v()))), m.i64.store(8, 1, d(), bs64(m.i64.load(0, 1, v())))];
        } else stmts = [intWrite(t.bits, v())];
        break;
      case 'enum':
        stmts = [intWrite(enumDef(cx.types, t.id).reprBits, v())];
        break;
      case 'bool':
        stmts = [m.i32.store8(0, 1, d(), v())];
        break;
      case 'float':
        stmts = [t.bits === 32 ? m.i32.store(0, 1, d(), bs32(m.i32.reinterpret(v()))) : m.i64.store(0, 1, d(), bs64(m.i64.reinterpret(v())))];
        break;
      case 'void':
        stmts = [];
        break;
      case 'bytesN':
        stmts = [m.memory.copy(d(), v(), m.i32.const(t.n))];
        break;
      case 'bytes':
      case 'string':
        stmts = [
          m.i32.store(0, 1, d(), bs32(m.i32.load(0, 4, v()))),
          m.memory.copy(m.i32.add(d(), m.i32.const(4)), m.i32.add(v(), m.i32.const(BYTES_HEADER)), m.i32.load(0, 4, v())),
          m.local.set(1, m.i32.add(d(), m.i32.add(m.i32.const(4), m.i32.load(0, 4, v())))),
        ];
        break;
      case 'struct': {
        const def = structDef(cx.types, t.id);
        const layout = structLayout(cx.types, t.id);
        stmts = def.fields.map((f, i) => m.local.set(1, emitEncWrite(cx, f.type, load(cx, layout.kinds[i]!, v(), layout.offsets[i]!), d())));
        break;
      }
      case 'list':
      case 'array': {
        vars.push(B.i32); // 2 i
        const k = cx.slot(t.elem);
        const sz = slotSize(k);
        stmts = [
          t.k === 'list' ? m.i32.store(0, 1, d(), bs32(m.i32.load(0, 4, v()))) : m.nop(),
          m.local.set(1, m.i32.add(d(), m.i32.const(t.k === 'list' ? 4 : 0))),
          m.local.set(2, m.i32.const(0)),
          m.block('done', [
            m.loop(
              'next',
              m.block(null, [
                m.br('done', m.i32.ge_u(m.local.get(2, B.i32), m.i32.load(0, 4, v()))),
                m.local.set(1, emitEncWrite(cx, t.elem, load(cx, k, m.i32.add(listBuf(cx, v()), m.i32.mul(m.local.get(2, B.i32), m.i32.const(sz))), LIST_HEADER), d())),
                m.local.set(2, m.i32.add(m.local.get(2, B.i32), m.i32.const(1))),
                m.br('next'),
              ]),
            ),
          ]),
        ];
        break;
      }
      case 'option':
        stmts = [
          m.if(
            m.i32.eqz(v()),
            m.block(null, [m.i32.store8(0, 1, d(), m.i32.const(0)), m.local.set(1, m.i32.add(d(), m.i32.const(1)))]),
            m.block(null, [
              m.i32.store8(0, 1, d(), m.i32.const(1)),
              m.local.set(1, emitEncWrite(cx, t.inner, load(cx, cx.slot(t.inner), v(), 0), m.i32.add(d(), m.i32.const(1)))),
            ]),
          ),
        ];
        break;
      case 'any':
        stmts = [m.local.set(1, m.call('rt.anyEnc', [v(), d(), m.i32.const(0)], B.i32))];
        break;
    }
    const fixed = fixedEncSize(cx, t);
    const tail = fixed !== undefined && t.k !== 'struct' && t.k !== 'array' ? m.i32.add(d(), m.i32.const(fixed)) : d();
    m.addFunction(name, B.createType([wt === B.none ? B.i32 : wt, B.i32]), B.i32, vars, m.block(null, [...stmts, tail], B.i32));
  });
}

/**
 * The top-level canonical encoding of a value as (pointer, length) locals: bytes and
 * strings are raw at the top level (§8.3.6), so they are used in place.
 */
export function emitEncodeTop(cx: WasmContext, t: IrType, v: Ref, ptrLocal: number, lenLocal: number, tmp: number): Ref {
  const { B, m } = cx;
  if (t.k === 'bytes' || t.k === 'string') {
    return m.block(null, [
      m.local.set(tmp, v),
      m.local.set(ptrLocal, m.i32.add(m.local.get(tmp, B.i32), m.i32.const(BYTES_HEADER))),
      m.local.set(lenLocal, m.i32.load(0, 4, m.local.get(tmp, B.i32))),
    ]);
  }
  if (t.k === 'bytesN') return m.block(null, [m.local.set(ptrLocal, v), m.local.set(lenLocal, m.i32.const(t.n))]);
  // Encode into a fresh buffer: size, alloc, write.
  const arg = t.k === 'void' ? m.block(null, [v, m.i32.const(0)], B.i32) : v;
  return m.block(null, [
    m.local.set(ptrLocal, m.call(encodeToBufferHelper(cx, t), [arg], B.i32)),
    m.local.set(lenLocal, m.i32.load(0, 4, m.local.get(ptrLocal, B.i32))),
    m.local.set(ptrLocal, m.i32.add(m.local.get(ptrLocal, B.i32), m.i32.const(BYTES_HEADER))),
  ]);
}

/** `enc.<T>(v) -> bytes object` holding the nested encoding (same as top level for non-bytes). */
export function encodeToBufferHelper(cx: WasmContext, t: IrType): string {
  const name = `encBuf.${typeKey(t)}`;
  return cx.helper(name, () => {
    const { B, m } = cx;
    const wt = cx.typeOf(t) === B.none ? B.i32 : cx.typeOf(t);
    const v = () => m.local.get(0, wt);
    // vars: 1 size, 2 buf
    m.addFunction(
      name,
      B.createType([wt]),
      B.i32,
      [B.i32, B.i32],
      m.block(null, [
        m.local.set(1, t.k === 'void' ? m.i32.const(0) : emitEncSize(cx, t, v())),
        m.local.set(2, m.call('rt.alloc', [m.i32.add(m.local.get(1, B.i32), m.i32.const(BYTES_HEADER))], B.i32)),
        m.i32.store(0, 4, m.local.get(2, B.i32), m.local.get(1, B.i32)),
        t.k === 'void' ? m.nop() : m.drop(emitEncWrite(cx, t, v(), m.i32.add(m.local.get(2, B.i32), m.i32.const(BYTES_HEADER)))),
        m.local.get(2, B.i32),
      ], B.i32),
    );
  });
}

