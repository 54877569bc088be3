/**
 * Compiles one IrFunc to a wasm function (specs/abi.md §4): structured statements map onto
 * binaryen blocks and loops; every trap names its site; `witness: true` locals are recorded.
 */
import type { Span } from '../diagnostics/source.ts';
import type { IrExpr, IrFunc, IrStmt, IrType, TrapKind } from '../ir/ir.ts';
import { sameType } from '../ir/ir.ts';
import { BackendError, resolveLoc, type Ref, type WasmContext } from './context.ts';
import type { FnCx, IntInfo } from './fn-context.ts';
import { arith, bitNot, checkedArith, divRem, intInfo, isArith, negate, saturatingArith, shift, wideOp } from './arith.ts';
import { convertInt, emitConvert } from './convert.ts';
import { appended, box, emitField, emitFill, emitIndex, emitLen, emitList, emitSlice, emitStruct, emitUnwrap, updatePlace } from './aggregates.ts';
import { emitBuiltin, emitHost } from './calls.ts';
import { emitEq, emitEncSize, emitEncWrite } from './codec-gen.ts';
import { BYTES_HEADER, isBytesLike, typeKey, typeName, type SlotKind } from './layout.ts';
import { zeroConst } from './value-memory.ts';

export class FuncCompiler implements FnCx {
  private readonly vars: number[] = [];
  private readonly index: number[] = [];
  private readonly loops: { brk: string; cont: string }[] = [];
  private labels = 0;
  private readonly bindingIds = new Map<number, number>();

  constructor(
    readonly cx: WasmContext,
    readonly func: IrFunc,
  ) {}

  get funcName(): string {
    return this.func.name;
  }

  tmp(kind: SlotKind): number {
    this.vars.push(this.cx.wasmType(kind === 'none' ? 'i32' : kind));
    return this.func.params.length + this.vars.length - 1;
  }

  trap(kind: TrapKind, message: string, loc?: Span): Ref {
    return this.cx.trap(kind, message, loc ?? this.func.loc, this.func.name);
  }

  zero(t: IrType): Ref {
    if (t.k === 'void') return this.cx.m.nop();
    if (t.k === 'option' || t.k === 'any') return this.cx.m.i32.const(0);
    return this.cx.constant(t, zeroConst(t, this.cx.types));
  }

  private local(id: number): { wasm: number; type: IrType } {
    const l = this.func.locals[id];
    const wasm = this.index[id];
    if (!l || wasm === undefined) throw new BackendError(`unknown local #${id}`, this.func.loc);
    return { wasm, type: l.type };
  }

  /** Add the compiled function to the module. Throws BackendError on refused constructs. */
  compile(): void {
    const { B, m } = this.cx;
    const f = this.func;
    const paramTypes: number[] = [];
    f.params.forEach((id, i) => {
      const l = f.locals[id];
      if (!l) throw new BackendError(`parameter local #${id} missing`, f.loc);
      this.index[id] = i;
      paramTypes.push(this.cx.wasmType(this.cx.slot(l.type) === 'none' ? 'i32' : this.cx.slot(l.type)));
    });
    const init: Ref[] = [];
    for (const l of f.locals) {
      if (this.index[l.id] !== undefined) continue;
      this.index[l.id] = this.tmp(this.cx.slot(l.type));
      // Boxed locals start as their zero value, never as a null pointer (options excepted).
      if (this.cx.boxed(l.type) && l.type.k !== 'option' && l.type.k !== 'any') init.push(m.local.set(this.index[l.id]!, this.zero(l.type)));
    }
    const resultKind = this.cx.slot(f.result);
    const resultType = this.cx.wasmType(resultKind);
    const body = this.stmts(f.body);
    const fallthrough = resultKind === 'none' ? [] : [this.zero(f.result)];
    const inner = m.block('ret', [...init, ...body, ...fallthrough], resultType);
    const fnIndex = this.cx.funcIndex.get(f.name) ?? 0;
    const enter = m.call('rt.enter', [m.i32.const(fnIndex)], B.none);
    const leave = m.call('rt.leave', [], B.none);
    let full: Ref;
    if (resultKind === 'none') full = m.block(null, [enter, inner, leave]);
    else {
      const r = this.tmp(resultKind);
      full = m.block(null, [enter, m.local.set(r, inner), leave, m.local.get(r, resultType)], resultType);
    }
    m.addFunction(`f:${f.name}`, B.createType(paramTypes), resultType, this.vars, full);
  }

  // ───────────── statements ─────────────

  private stmts(list: IrStmt[]): Ref[] {
    return list.map((s) => this.stmt(s));
  }

  private block(list: IrStmt[]): Ref {
    const out = this.stmts(list);
    return out.length === 1 ? out[0]! : this.cx.m.block(null, out);
  }

  private stmt(s: IrStmt): Ref {
    const { B, m } = this.cx;
    switch (s.s) {
      case 'set': {
        const l = this.local(s.local);
        const v = this.expr(s.value);
        if (this.cx.slot(l.type) === 'none') return this.asStatement(v);
        return this.withRecord(s.local, m.local.set(l.wasm, v));
      }
      // The value is evaluated before the path's indices and bounds checks, as in the
      // interpreter (specs/ir.md §3).
      case 'setPlace':
      case 'push': {
        const l = this.local(s.local);
        const obj = this.tmp('i32');
        const kind = this.cx.slot(s.value.type);
        const v = this.tmp(kind);
        const value = () => m.local.get(v, this.cx.wasmType(kind === 'none' ? 'i32' : kind));
        const setValue = kind === 'none' ? this.expr(s.value) : m.local.set(v, this.expr(s.value));
        const upd =
          s.s === 'setPlace'
            ? updatePlace(this, obj, l.type, s.path, () => value(), s.loc)
            : updatePlace(this, obj, l.type, s.path, (old, t) => appended(this, old, t, value, s.value.type, s.loc), s.loc);
        return this.withRecord(s.local, m.block(null, [setValue, m.local.set(obj, m.local.get(l.wasm, B.i32)), m.local.set(l.wasm, upd)]));
      }
      case 'expr':
        return this.asStatement(this.expr(s.value));
      case 'if':
        return m.if(this.cond(s.cond), this.block(s.then), s.else.length ? this.block(s.else) : undefined);
      case 'loop': {
        const n = this.labels++;
        const labels = { brk: `brk${n}`, cont: `cont${n}` };
        this.loops.push(labels);
        const site = this.cx.site('fuel', 'fuel exhausted in loop', s.loc ?? this.func.loc, this.func.name);
        const fuel = m.block(null, [
          m.global.set('rt.fuel', m.i64.sub(m.global.get('rt.fuel', B.i64), m.i64.const(1n))),
          m.if(m.i64.lt_s(m.global.get('rt.fuel', B.i64), m.i64.const(0n)), m.block(null, [m.call('rt.trap', [m.i32.const(site)], B.none), m.unreachable()])),
        ]);
        const body = this.stmts(s.body);
        this.loops.pop();
        return m.block(labels.brk, [m.loop(labels.cont, m.block(null, [fuel, ...body, m.br(labels.cont)]))]);
      }
      case 'break':
      case 'continue': {
        const top = this.loops[this.loops.length - 1];
        if (!top) throw new BackendError(`${s.s} outside a loop`, this.func.loc);
        return m.br(s.s === 'break' ? top.brk : top.cont);
      }
      case 'return': {
        const kind = this.cx.slot(this.func.result);
        if (!s.value) return kind === 'none' ? m.br('ret') : m.br('ret', 0, this.zero(this.func.result));
        const v = this.expr(s.value);
        if (kind === 'none') return m.block(null, [this.asStatement(v), m.br('ret')]);
        return m.br('ret', 0, v);
      }
      case 'trap':
        return this.trap(s.kind, s.message, s.loc);
    }
  }

  /** An expression in statement position: values are dropped. */
  private asStatement(r: Ref): Ref {
    const t = this.cx.B.getExpressionType(r);
    return t === this.cx.B.none || t === this.cx.B.unreachable ? r : this.cx.m.drop(r);
  }

  private cond(e: IrExpr): Ref {
    if (e.type.k !== 'bool' && e.type.k !== 'int') throw new BackendError(`condition of type ${typeName(e.type, this.cx.types)}`, e.loc);
    const v = this.expr(e);
    return this.cx.slot(e.type) === 'i64' ? this.cx.m.i64.ne(v, this.cx.m.i64.const(0n)) : v;
  }

  /** After an assignment to a witness local, append a binding record (when recording is on). */
  private withRecord(localId: number, assign: Ref): Ref {
    const l = this.func.locals[localId];
    if (!this.cx.options.witness || !l || !l.witness || l.type.k === 'void') return assign;
    const { B, m } = this.cx;
    let id = this.bindingIds.get(localId);
    if (id === undefined) {
      id = this.cx.bindings.length;
      const info: (typeof this.cx.bindings)[number] = { id, func: this.func.name, name: l.name, type: l.type };
      const loc = resolveLoc(l.loc);
      if (loc) info.loc = loc;
      this.cx.bindings.push(info);
      this.bindingIds.set(localId, id);
    }
    const rec = recordHelper(this.cx, l.type);
    const wasm = this.index[localId]!;
    return m.block(null, [assign, m.if(m.global.get('rt.witOn', B.i32), m.call(rec, [m.i32.const(RECORD_TAG.binding), m.i32.const(id), m.local.get(wasm, this.cx.typeOf(l.type))], B.none))]);
  }

  // ───────────── expressions ─────────────

  expr(e: IrExpr): Ref {
    const r = this.exprOf(e);
    // A value used where the IR says `void` (real front ends coerce freely to void) is
    // dropped, so the wasm stays well-typed.
    if (this.cx.slot(e.type) === 'none') {
      const t = this.cx.B.getExpressionType(r);
      if (t !== this.cx.B.none && t !== this.cx.B.unreachable) return this.cx.m.drop(r);
    }
    return r;
  }

  private exprOf(e: IrExpr): Ref {
    const { B, m } = this.cx;
    switch (e.e) {
      case 'const':
        if (e.type.k === 'void') return m.nop();
        if (e.type.k === 'option' && e.value === null) return m.i32.const(0);
        return this.cx.constant(e.type, e.value);
      case 'local': {
        const l = this.local(e.id);
        if (this.cx.slot(l.type) === 'none') return m.nop();
        return m.local.get(l.wasm, this.cx.typeOf(l.type));
      }
      case 'binary':
        return this.binary(e);
      case 'checkedArith': {
        const info = intInfo(this, e.left.type, e.loc);
        return checkedArith(this, e.op, this.expr(e.left), this.coerce(e.right, info), info, e.loc);
      }
      case 'saturatingArith': {
        const info = intInfo(this, e.left.type, e.loc);
        return saturatingArith(this, e.op, this.expr(e.left), this.coerce(e.right, info), info, e.loc);
      }
      case 'logic':
        return e.op === 'and' ? m.if(this.cond(e.left), this.cond(e.right), m.i32.const(0)) : m.if(this.cond(e.left), m.i32.const(1), this.cond(e.right));
      case 'unary':
        return this.unary(e);
      case 'convert':
        return emitConvert(this, e);
      case 'struct':
        return emitStruct(this, e);
      case 'field':
        return emitField(this, e);
      case 'list':
        return emitList(this, e);
      case 'fill':
        return emitFill(this, e);
      case 'index':
        return emitIndex(this, e);
      case 'slice':
        return emitSlice(this, e);
      case 'len':
        return emitLen(this, e);
      case 'some': {
        const inner = e.type.k === 'option' ? e.type.inner : e.value.type;
        return box(this, inner, this.expr(e.value));
      }
      case 'none':
        return m.i32.const(0);
      case 'isSome': {
        if (e.value.type.k !== 'option' && e.value.type.k !== 'any') return m.block(null, [this.dropValue(e.value), m.i32.const(1)], B.i32);
        return m.i32.ne(this.expr(e.value), m.i32.const(0));
      }
      case 'unwrap':
        if (e.value.type.k !== 'option') return this.expr(e.value);
        return emitUnwrap(this, e);
      case 'if':
        if (this.cx.slot(e.type) === 'none') return m.if(this.cond(e.cond), this.asStatement(this.expr(e.then)), this.asStatement(this.expr(e.else)));
        return m.if(this.cond(e.cond), this.expr(e.then), this.expr(e.else));
      case 'block': {
        const value = this.expr(e.value);
        if (this.cx.slot(e.type) === 'none') return m.block(null, [...this.stmts(e.stmts), this.asStatement(value)]);
        return m.block(null, [...this.stmts(e.stmts), value], this.cx.typeOf(e.type));
      }
      case 'call': {
        const callee = this.cx.ir.funcs.find((f) => f.name === e.func);
        if (!callee) throw new BackendError(`call to unknown function ${e.func}`, e.loc);
        if (callee.params.length !== e.args.length) throw new BackendError(`${callee.sourceName} takes ${callee.params.length} arguments, the call passes ${e.args.length}`, e.loc);
        const args = e.args.map((a) => {
          const v = this.expr(a);
          return this.cx.slot(a.type) === 'none' ? m.block(null, [v, m.i32.const(0)], B.i32) : v;
        });
        return m.call(`f:${e.func}`, args, this.cx.typeOf(callee.result));
      }
      case 'builtin':
        return emitBuiltin(this, e);
      case 'host':
        return emitHost(this, e);
      case 'trap':
        return this.trap(e.kind, e.message, e.loc);
    }
  }

  private dropValue(e: IrExpr): Ref {
    return this.asStatement(this.expr(e));
  }

  /** The right operand converted to the left operand's integer representation. */
  private coerce(right: IrExpr, info: IntInfo): Ref {
    const v = this.expr(right);
    if (right.type.k === 'float') throw new BackendError('mixed integer and float operands', right.loc);
    const r = intInfo(this, right.type, right.loc);
    if (r.kind === info.kind && r.bits === info.bits && r.signed === info.signed) return v;
    return convertInt(this, v, r, info);
  }

  private binary(e: Extract<IrExpr, { e: 'binary' }>): Ref {
    const { B, m } = this.cx;
    const lt = e.left.type;
    const op = e.op;
    if (op === 'eq' || op === 'ne') {
      let eq: Ref;
      if (lt.k === 'int' || lt.k === 'bool' || lt.k === 'enum') {
        const info = intInfo(this, lt, e.loc);
        eq = info.kind === 'wide' ? emitEq(this.cx, lt, this.expr(e.left), this.coerce(e.right, info)) : (info.kind === 'i64' ? m.i64.eq : m.i32.eq)(this.expr(e.left), this.coerce(e.right, info));
      } else if (lt.k === 'float') {
        eq = this.floatOp('eq', e);
      } else if (sameType(lt, e.right.type)) eq = emitEq(this.cx, lt, this.expr(e.left), this.expr(e.right));
      else if (isBytesLike(lt) && isBytesLike(e.right.type)) eq = m.i32.eqz(m.call('rt.cmpBytes', this.bytesCmpArgs(e.left, e.right), B.i32));
      else throw new BackendError(`cannot compare ${typeName(lt, this.cx.types)} with ${typeName(e.right.type, this.cx.types)}`, e.loc);
      return op === 'eq' ? eq : m.i32.eqz(eq);
    }
    if (op === 'lt' || op === 'le' || op === 'gt' || op === 'ge') {
      if (lt.k === 'float') return this.floatOp(op, e);
      if (isBytesLike(lt)) {
        const c = m.call('rt.cmpBytes', this.bytesCmpArgs(e.left, e.right), B.i32);
        const zero = m.i32.const(0);
        return op === 'lt' ? m.i32.lt_s(c, zero) : op === 'le' ? m.i32.le_s(c, zero) : op === 'gt' ? m.i32.gt_s(c, zero) : m.i32.ge_s(c, zero);
      }
      const info = intInfo(this, lt, e.loc);
      const a = this.expr(e.left);
      const b = this.coerce(e.right, info);
      if (info.kind === 'wide') {
        const c = m.call('rt.wideCmp', [a, b, m.i32.const(info.signed ? 1 : 0)], B.i32);
        const zero = m.i32.const(0);
        return op === 'lt' ? m.i32.lt_s(c, zero) : op === 'le' ? m.i32.le_s(c, zero) : op === 'gt' ? m.i32.gt_s(c, zero) : m.i32.ge_s(c, zero);
      }
      const o = info.kind === 'i64' ? m.i64 : m.i32;
      const s = info.signed;
      return op === 'lt' ? (s ? o.lt_s : o.lt_u)(a, b) : op === 'le' ? (s ? o.le_s : o.le_u)(a, b) : op === 'gt' ? (s ? o.gt_s : o.gt_u)(a, b) : (s ? o.ge_s : o.ge_u)(a, b);
    }
    if (lt.k === 'float') return this.floatOp(op, e);
    if (lt.k === 'bool' && (op === 'and' || op === 'or' || op === 'xor')) {
      const a = this.expr(e.left);
      const b = this.expr(e.right);
      return op === 'and' ? m.i32.and(a, b) : op === 'or' ? m.i32.or(a, b) : m.i32.xor(a, b);
    }
    const info = intInfo(this, lt, e.loc);
    if (op === 'shl' || op === 'shr') return shift(this, op, this.expr(e.left), this.expr(e.right), info, e.right.type, e.loc);
    const a = this.expr(e.left);
    const b = this.coerce(e.right, info);
    if (isArith(op)) return arith(this, op, a, b, info, e.checked ?? this.func.overflowChecks, e.loc);
    if (op === 'div' || op === 'rem') return divRem(this, op, a, b, info, e.loc);
    if (info.kind === 'wide') return wideOp(this, op, a, b, info, 'wrap', e.loc);
    const o = info.kind === 'i64' ? m.i64 : m.i32;
    return op === 'and' ? o.and(a, b) : op === 'or' ? o.or(a, b) : o.xor(a, b);
  }

  private bytesCmpArgs(a: IrExpr, b: IrExpr): Ref[] {
    const { B, m } = this.cx;
    const view = (e: IrExpr): [Ref, Ref, Ref] => {
      const t = this.tmp('i32');
      const set = m.local.set(t, this.expr(e));
      const T = () => m.local.get(t, B.i32);
      if (e.type.k === 'bytesN') return [set, T(), m.i32.const(e.type.n)];
      return [set, m.i32.add(T(), m.i32.const(BYTES_HEADER)), m.i32.load(0, 4, T())];
    };
    const [sa, pa, la] = view(a);
    const [sb, pb, lb] = view(b);
    return [m.block(null, [sa, sb, pa], B.i32), la, pb, lb];
  }

  private floatOp(op: string, e: Extract<IrExpr, { e: 'binary' }>): Ref {
    const { B, m } = this.cx;
    const t = e.left.type;
    if (t.k !== 'float') throw new BackendError('float operator on a non-float', e.loc);
    const o = t.bits === 32 ? m.f32 : m.f64;
    const a = this.expr(e.left);
    let b = this.expr(e.right);
    if (e.right.type.k === 'float' && e.right.type.bits !== t.bits) b = t.bits === 64 ? m.f64.promote(b) : m.f32.demote(b);
    switch (op) {
      case 'add':
        return o.add(a, b);
      case 'sub':
        return o.sub(a, b);
      case 'mul':
        return o.mul(a, b);
      case 'div':
        return o.div(a, b);
      case 'rem': {
        // IEEE remainder as JS `%` (fmod); floats never trap (§8.1.7).
        const r = m.call('rt.fmod', [t.bits === 32 ? m.f64.promote(a) : a, t.bits === 32 ? m.f64.promote(b) : b], B.f64);
        return t.bits === 32 ? m.f32.demote(r) : r;
      }
      case 'eq':
        return o.eq(a, b);
      case 'lt':
        return o.lt(a, b);
      case 'le':
        return o.le(a, b);
      case 'gt':
        return o.gt(a, b);
      case 'ge':
        return o.ge(a, b);
      default:
        throw new BackendError(`operator ${op} on floats`, e.loc);
    }
  }

  private unary(e: Extract<IrExpr, { e: 'unary' }>): Ref {
    const m = this.cx.m;
    const t = e.operand.type;
    if (e.op === 'not') return m.i32.eqz(this.cond(e.operand));
    if (t.k === 'float') {
      if (e.op !== 'neg') throw new BackendError('bitwise not on a float', e.loc);
      return t.bits === 32 ? m.f32.neg(this.expr(e.operand)) : m.f64.neg(this.expr(e.operand));
    }
    const info = intInfo(this, t, e.loc);
    if (e.op === 'neg') return negate(this, this.expr(e.operand), info, e.checked ?? this.func.overflowChecks, e.loc);
    return bitNot(this, this.expr(e.operand), info, e.loc);
  }
}

/** Record tags in the witness buffer (specs/witness.md §2). */
export const RECORD_TAG = { binding: 1, effect: 2, input: 3, output: 4 } as const;

/** `rec.<T>(tag, id, value)`: append a record [tag u8][id u32][len u32][canonical bytes]. */
export function recordHelper(cx: WasmContext, t: IrType): string {
  const name = `rec.${typeKey(t)}`;
  return cx.helper(name, () => {
    const { B, m } = cx;
    const wt = cx.typeOf(t);
    const v = () => m.local.get(2, wt);
    const raw = t.k === 'bytes' || t.k === 'string';
    // params: 0 tag, 1 id, 2 value; vars: 3 size, 4 p
    const size = raw ? m.i32.load(0, 4, v()) : emitEncSize(cx, t, v());
    const P = () => m.local.get(4, B.i32);
    m.addFunction(
      name,
      B.createType([B.i32, B.i32, wt]),
      B.none,
      [B.i32, B.i32],
      m.block(null, [
        m.local.set(3, size),
        m.local.set(4, m.call('rt.witReserve', [m.i32.add(m.local.get(3, B.i32), m.i32.const(9))], B.i32)),
        m.i32.store8(0, 1, P(), m.local.get(0, B.i32)),
        m.i32.store(1, 1, P(), m.local.get(1, B.i32)),
        m.i32.store(5, 1, P(), m.local.get(3, B.i32)),
        raw
          ? m.memory.copy(m.i32.add(P(), m.i32.const(9)), m.i32.add(v(), m.i32.const(BYTES_HEADER)), m.local.get(3, B.i32))
          : m.drop(emitEncWrite(cx, t, v(), m.i32.add(P(), m.i32.const(9)))),
      ]),
    );
  });
}
