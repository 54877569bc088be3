import type * as A from '../../compiler/syntax/ast.ts';
import type { Span } from '../../compiler/diagnostics/source.ts';
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../../runtime/errors.ts';
import { enumDef, structDef, typeName, zeroValue, ValueError } from '../../runtime/values/index.ts';
import { foldOrAll, queryRecords } from './closure-calls.ts';
import { Scope } from './scope.ts';
import { arith, cast, compare, index, indexNumber, intOf, iterate, locOf, negate, setOp, variantOfSameEnum } from './operators.ts';
import {
  I64,
  U64,
  U8,
  JourneyError,
  describeKind,
  jbool,
  jEquals,
  jstr,
  lengthOf,
  member,
  showValue,
  toIr,
  truth,
  typed,
  type JValue,
} from './values.ts';

/**
 * A small evaluator of FastLang statements and expressions over journey values, for the
 * scripts of `.flj` journeys (LANGUAGE.md §5.17, §8.10): older journeys are imperative
 * blocks, newer ones are `action:`/`expect:` expressions over parties and fixtures. Circuit
 * calls go to the compiled program (through `EvalHost.call`); everything the script does
 * around them (bindings, record conversion, comparisons, asserts) is evaluated here, with
 * the journey leniency of §10: an unknown name fails only the step that uses it.
 */
export interface EvalHost {
  types: IrTypeDef[];
  /** A global name: a `const` or an enum variant; undefined when there is none. */
  global(name: string): JValue | undefined;
  /** `A::B`: an enum variant or a qualified constant. */
  path(segments: string[]): JValue | undefined;
  resolveType(t: A.TypeExpr): IrType;
  /** Calls a circuit, builtin or host effect; undefined when nothing has that name. */
  call(name: string, args: JValue[], span: Span): JValue | undefined;
  /** A store/stream method on a declared stream (§9.1); undefined when there is no such stream. */
  streamMethod(stream: string, method: string, args: JValue[], span: Span): JValue | undefined;
  /** The live records of a declared stream (the `query` effect); undefined when unknown. */
  streamRecords(stream: string): JValue | undefined;
  warn(message: string, span?: Span): void;
}

/** A failed `assert`/`require`/`expect` in a journey, with the values that made it fail. */
export class JourneyAssertion extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly values: string[] = [],
  ) {
    super(message);
    this.name = 'JourneyAssertion';
  }
}

class BreakSignal {}
class ContinueSignal {}
class ReturnSignal {
  constructor(readonly value: JValue) {}
}

export { Scope };

const MAX_LOOP_ITERATIONS = 1_000_000;

export class Evaluator {
  constructor(private readonly host: EvalHost) {}

  private get types(): IrTypeDef[] {
    return this.host.types;
  }

  // ───────────────────────────── statements ─────────────────────────────

  /** Runs a block in `scope` (not a new one: journey scopes are shared); returns its value. */
  runBlock(block: A.Block, scope: Scope): JValue {
    let last: JValue = { k: 'nil' };
    try {
      for (const s of block.stmts) last = this.stmt(s, scope);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    }
    return last;
  }

  private blockValue(block: A.Block, scope: Scope): JValue {
    const inner = new Scope(scope);
    let last: JValue = { k: 'nil' };
    for (const s of block.stmts) last = this.stmt(s, inner);
    return last;
  }

  stmt(s: A.Stmt, scope: Scope): JValue {
    switch (s.kind) {
      case 'Let': {
        let v = this.expr(s.value, scope);
        if (s.type) {
          const t = this.host.resolveType(s.type);
          v = this.coerce(v, t, s.value.span, s.name?.name ?? '_');
        }
        if (s.name) scope.define(s.name.name, v);
        return { k: 'nil' };
      }
      case 'Assign':
        this.assign(s.target, this.expr(s.value, scope), scope);
        return { k: 'nil' };
      case 'Return':
        throw new ReturnSignal(s.value ? this.expr(s.value, scope) : { k: 'nil' });
      case 'While': {
        let n = 0;
        while (truth(this.expr(s.cond, scope), s.cond.span, this.types)) {
          if (++n > MAX_LOOP_ITERATIONS) throw new JourneyError(`loop ran more than ${MAX_LOOP_ITERATIONS} iterations`, s.span);
          try {
            this.blockValue(s.body, scope);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
        return { k: 'nil' };
      }
      case 'For': {
        const items = iterate(this.types, this.expr(s.iterable, scope), s.iterable.span);
        for (const item of items) {
          const inner = new Scope(scope);
          if (s.binding) inner.define(s.binding.name, item);
          try {
            for (const st of s.body.stmts) this.stmt(st, inner);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
        return { k: 'nil' };
      }
      case 'Continue':
        throw new ContinueSignal();
      case 'Break':
        throw new BreakSignal();
      case 'Assert':
        this.check(s.cond, scope, s.keyword, s.message, s.span);
        return { k: 'nil' };
      case 'Invariant':
        this.check(s.expr, scope, 'invariant', s.label, s.span);
        return { k: 'nil' };
      case 'Emit': {
        const v = this.expr(s.value, scope);
        this.callNamed('emit', [{ k: 'symbol', name: s.stream.name, span: s.stream.span }, v], s.span);
        return { k: 'nil' };
      }
      case 'Observe':
        return { k: 'nil' };
      case 'Forall':
        throw new JourneyError(`'${s.keyword}' belongs in a test block, not in a journey`, s.span);
      case 'ExprStmt':
        return this.expr(s.expr, scope);
    }
  }

  /** `assert`/`require`/`expect`: fails with the expression and the values of both sides. */
  check(cond: A.Expr, scope: Scope, what: string, message: string | undefined, span: Span): void {
    const text = cond.span.file.text.slice(cond.span.start, cond.span.end).split('\n')[0]!.trim();
    const head = message ? `${what} failed (${message}): ${text}` : `${what} failed: ${text}`;
    if (cond.kind === 'Binary' && ['==', '!=', '<', '>', '<=', '>='].includes(cond.op)) {
      const [l, r] = this.comparisonOperands(cond, scope);
      if (!truth(compare(this.types, cond.op, l, r, cond.span), cond.span, this.types)) {
        throw new JourneyAssertion(head, span, [
          `left:  ${showValue(l, this.types)}`,
          `right: ${showValue(r, this.types)}`,
        ]);
      }
      return;
    }
    const v = this.expr(cond, scope);
    if (!truth(v, cond.span, this.types)) {
      throw new JourneyAssertion(head, span, [`value: ${showValue(v, this.types)}`]);
    }
  }

  private assign(target: A.Expr, value: JValue, scope: Scope): void {
    if (target.kind === 'Name') {
      if (!scope.assign(target.name, value)) scope.define(target.name, value);
      return;
    }
    if (target.kind === 'Member' || target.kind === 'Index') {
      const base = this.expr(target.object, scope);
      let updated: JValue;
      if (target.kind === 'Member') updated = this.withField(base, target.field.name, value, target.span);
      else updated = this.withIndex(base, this.expr(target.index, scope), value, target.span);
      this.assign(target.object, updated, scope);
      return;
    }
    throw new JourneyError(`cannot assign to this expression`, target.span);
  }

  private withField(base: JValue, name: string, value: JValue, span: Span): JValue {
    if (base.k === 'record') {
      const fields = new Map(base.fields);
      fields.set(name, value);
      return { ...base, fields };
    }
    if (base.k === 'typed' && base.type.k === 'struct') {
      const def = structDef(base.type, this.types);
      const i = def.fields.findIndex((f) => f.name === name);
      if (i < 0) throw new JourneyError(`${def.name} has no field '${name}'`, span);
      const copy = [...(base.v as IrConst[])];
      copy[i] = this.coerceIr(value, def.fields[i]!.type, span, name);
      return typed(base.type, copy);
    }
    throw new JourneyError(`cannot set field '${name}' of a ${describeKind(base, this.types)}`, span);
  }

  private withIndex(base: JValue, index: JValue, value: JValue, span: Span): JValue {
    const i = indexNumber(this.types, index, span);
    if (base.k === 'list') {
      if (i >= base.items.length) throw new JourneyError(`index ${i} out of range (length ${base.items.length})`, span);
      const items = [...base.items];
      items[i] = value;
      return { k: 'list', items };
    }
    if (base.k === 'typed' && (base.type.k === 'list' || base.type.k === 'array')) {
      const arr = base.v as IrConst[];
      if (i >= arr.length) throw new JourneyError(`index ${i} out of range (length ${arr.length})`, span);
      const copy = [...arr];
      copy[i] = this.coerceIr(value, base.type.elem, span, `[${i}]`);
      return typed(base.type, copy);
    }
    if (base.k === 'typed' && (base.type.k === 'bytes' || base.type.k === 'bytesN')) {
      const b = base.v as Uint8Array;
      if (i >= b.length) throw new JourneyError(`index ${i} out of range (length ${b.length})`, span);
      const copy = new Uint8Array(b);
      copy[i] = Number(this.coerceIr(value, U8, span, `[${i}]`) as bigint);
      return typed(base.type, copy);
    }
    throw new JourneyError(`cannot index into a ${describeKind(base, this.types)}`, span);
  }

  // ───────────────────────────── expressions ─────────────────────────────

  expr(e: A.Expr, scope: Scope): JValue {
    switch (e.kind) {
      case 'Int':
        if (e.suffix) {
          const bits = Number(e.suffix.slice(1)) as 8 | 16 | 32 | 64 | 128;
          return typed({ k: 'int', bits, signed: e.suffix.startsWith('i') }, e.value);
        }
        return e.hexDigits !== undefined ? { k: 'int', v: e.value, hexDigits: e.hexDigits } : { k: 'int', v: e.value };
      case 'Float':
        return { k: 'float', v: e.value };
      case 'String':
        return { k: 'str', v: e.value, bytes: e.bytes };
      case 'Bool':
        return jbool(e.value);
      case 'Nil':
        return { k: 'nil' };
      case 'Duration':
        return e.ms === null ? { k: 'nil' } : typed(U64, e.ms);
      case 'Name':
        return this.name(e.name, e.span, scope);
      case 'Path': {
        const v = this.host.path(e.segments.map((s) => s.name));
        if (v === undefined) return { k: 'symbol', name: e.segments.map((s) => s.name).join('::'), span: e.span };
        return v;
      }
      case 'Binary':
        return this.binary(e, scope);
      case 'Unary': {
        const v = this.expr(e.operand, scope);
        if (e.op === '!') return jbool(!truth(v, e.operand.span, this.types));
        return negate(this.types, v, e.span);
      }
      case 'Cast':
        return cast(this.types, this.expr(e.expr, scope), this.host.resolveType(e.type), e.span, (v, t) => this.coerceIr(v, t, e.span, 'value'));
      case 'Call':
        return this.callExpr(e, scope);
      case 'MethodCall':
        return this.method(e, scope);
      case 'Member':
        return member(this.expr(e.object, scope), e.field.name, this.types, e.field.span);
      case 'Index':
        return index(this.types, this.expr(e.object, scope), this.expr(e.index, scope), e.span);
      case 'Slice':
        return this.slice(e, scope);
      case 'StructLit':
        return this.structLit(e, scope);
      case 'ByteFill': {
        const n = indexNumber(this.types, this.expr(e.size, scope), e.size.span);
        const fill = e.fill ? Number(this.coerceIr(this.expr(e.fill, scope), U8, e.fill.span, 'fill') as bigint) : 0;
        return typed({ k: 'bytesN', n }, new Uint8Array(n).fill(fill));
      }
      case 'BytesLit': {
        const bytes = Uint8Array.from(e.elements, (x) => Number(this.coerceIr(this.expr(x, scope), U8, x.span, 'byte') as bigint));
        return typed({ k: 'bytesN', n: bytes.length }, bytes);
      }
      case 'ListLit':
        return { k: 'list', items: e.elements.map((x) => this.expr(x, scope)) };
      case 'TypeValue': {
        const t = this.host.resolveType(e.type);
        return typed(t, zeroValue(t, this.types));
      }
      case 'If': {
        if (truth(this.expr(e.cond, scope), e.cond.span, this.types)) return this.blockValue(e.then, scope);
        if (!e.else) return { k: 'nil' };
        return e.else.kind === 'Block' ? this.blockValue(e.else, scope) : this.expr(e.else, scope);
      }
      case 'Match':
        return this.match(e, scope);
      case 'BlockExpr':
        return this.blockValue(e.block, scope);
      case 'Closure':
        throw new JourneyError(`a closure can only be an argument of fold, all or query`, e.span);
      case 'Range':
        return this.range(e, scope);
      case 'ErrorExpr':
        throw new JourneyError(`this expression did not parse`, e.span);
    }
  }

  private name(name: string, span: Span, scope: Scope): JValue {
    const local = scope.get(name);
    if (local !== undefined) return local;
    const global = this.host.global(name);
    if (global !== undefined) return global;
    return { k: 'symbol', name, span };
  }

  private binary(e: A.BinaryExpr, scope: Scope): JValue {
    switch (e.op) {
      case '&&': {
        const l = this.expr(e.left, scope);
        if (!truth(l, e.left.span, this.types)) return jbool(false);
        return jbool(truth(this.expr(e.right, scope), e.right.span, this.types));
      }
      case '||': {
        const l = this.expr(e.left, scope);
        if (truth(l, e.left.span, this.types)) return jbool(true);
        return jbool(truth(this.expr(e.right, scope), e.right.span, this.types));
      }
      case 'implies': {
        const l = this.expr(e.left, scope);
        if (!truth(l, e.left.span, this.types)) return jbool(true);
        return jbool(truth(this.expr(e.right, scope), e.right.span, this.types));
      }
      case '??': {
        const l = this.expr(e.left, scope);
        if (l.k === 'nil' || (l.k === 'typed' && l.v === null && (l.type.k === 'option' || l.type.k === 'any'))) return this.expr(e.right, scope);
        if (l.k === 'typed' && l.type.k === 'option') return typed(l.type.inner, (l.v as { some: IrConst }).some);
        return l;
      }
      default:
        break;
    }
    switch (e.op) {
      case '==':
      case '!=':
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const [l, r] = this.comparisonOperands(e, scope);
        return compare(this.types, e.op, l, r, e.span);
      }
      default:
        break;
    }
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope);
    switch (e.op) {
      case 'subset_of':
      case 'does_not_contain':
        return setOp(this.types, e.op, l, r, e.span);
      default:
        return arith(this.types, e.op, l, r, e.span);
    }
  }

  /**
   * Both operands of a comparison. A bare variant name takes the other side's enum first
   * (§8.2.3): `Active` next to an AlarmState is AlarmState::Active even when another enum
   * of the program also has an `Active`.
   */
  private comparisonOperands(e: A.BinaryExpr, scope: Scope): [JValue, JValue] {
    let l = this.expr(e.left, scope);
    let r = this.expr(e.right, scope);
    if (e.right.kind === 'Name' && scope.get(e.right.name) === undefined) r = variantOfSameEnum(this.types, l, e.right.name) ?? r;
    if (e.left.kind === 'Name' && scope.get(e.left.name) === undefined) l = variantOfSameEnum(this.types, r, e.left.name) ?? l;
    return [l, r];
  }

  private callExpr(e: A.CallExpr, scope: Scope): JValue {
    if (e.callee.kind !== 'Name' && e.callee.kind !== 'Path') {
      throw new JourneyError(`only named circuits and builtins can be called`, e.callee.span);
    }
    const name = e.callee.kind === 'Name' ? e.callee.name : e.callee.segments.map((s) => s.name).join('::');
    const short = e.callee.kind === 'Name' ? name : e.callee.segments[e.callee.segments.length - 1]!.name;
    // Closures only appear as arguments of fold, all and query (§8.3.4).
    if ((short === 'fold' || short === 'all') && e.args.some((a) => a.kind === 'Closure')) return this.closureBuiltin(short, e, scope);
    if (short === 'query' && e.args.length === 2 && e.args[1]!.kind === 'Closure') return this.query(e, scope);
    if (short === 'some' && e.args.length === 1) {
      const v = this.expr(e.args[0]!, scope);
      return v.k === 'typed' ? typed({ k: 'option', inner: v.type }, { some: v.v }) : v;
    }
    if ((short === 'len' || short === 'list_len') && e.args.length === 1) return lengthOf(this.expr(e.args[0]!, scope), e.span);
    const args = e.args.map((a) => this.expr(a, scope));
    return this.callNamed(short, args, e.span);
  }

  private callNamed(name: string, args: JValue[], span: Span): JValue {
    const r = this.host.call(name, args, span);
    if (r === undefined) throw new JourneyError(`unknown circuit or builtin '${name}'`, span);
    return r;
  }

  /** `query(stream, |x| p)` (§9): the stream's live records that satisfy the closure. */
  private query(e: A.CallExpr, scope: Scope): JValue {
    const target = e.args[0]!;
    const records = target.kind === 'Name' ? this.host.streamRecords(target.name) : undefined;
    return queryRecords(this.types, records, e.args[1] as A.ClosureExpr, (c, vals) => this.applyClosure(c, vals, scope), target.span);
  }

  private closureBuiltin(name: string, e: A.CallExpr, scope: Scope): JValue {
    const items = iterate(this.types, this.expr(e.args[0]!, scope), e.args[0]!.span);
    const closure = e.args[e.args.length - 1]!;
    if (closure.kind !== 'Closure') throw new JourneyError(`expected a closure`, closure.span);
    const apply = (c: A.ClosureExpr, vals: JValue[]) => this.applyClosure(c, vals, scope);
    return foldOrAll(this.types, name, items, closure, () => this.expr(e.args[1]!, scope), apply);
  }

  private applyClosure(closure: A.ClosureExpr, values: JValue[], scope: Scope): JValue {
    const inner = new Scope(scope);
    closure.params.forEach((p, i) => inner.define(p.name, values[i] ?? { k: 'nil' }));
    return this.expr(closure.body, inner);
  }

  private method(e: A.MethodCallExpr, scope: Scope): JValue {
    const recv = this.expr(e.receiver, scope);
    const m = e.method.name;
    if (m === 'len' && e.args.length === 0) return lengthOf(recv, e.span);
    if ((m === 'is_some' || m === 'is_none') && e.args.length === 0) {
      const present = !(recv.k === 'nil' || (recv.k === 'typed' && recv.v === null));
      return jbool(m === 'is_some' ? present : !present);
    }
    if (m === 'push' && e.args.length === 1) {
      const v = this.expr(e.args[0]!, scope);
      let updated: JValue;
      if (recv.k === 'list') updated = { k: 'list', items: [...recv.items, v] };
      else if (recv.k === 'typed' && recv.type.k === 'list') {
        updated = typed(recv.type, [...(recv.v as IrConst[]), this.coerceIr(v, recv.type.elem, e.span, 'element')]);
      } else throw new JourneyError(`cannot push onto a ${describeKind(recv, this.types)}`, e.span);
      this.assign(e.receiver, updated, scope);
      return { k: 'nil' };
    }
    if (recv.k === 'symbol' && e.receiver.kind === 'Name') {
      const r = this.host.streamMethod(recv.name, m, e.args.map((a) => this.expr(a, scope)), e.span);
      if (r) return r;
    }
    // Anything else: the receiver is the first argument of the builtin of that name.
    const args = [recv, ...e.args.map((a) => this.expr(a, scope))];
    const r = this.host.call(m, args, e.span);
    if (r === undefined) throw new JourneyError(`unknown method '${m}' on a ${describeKind(recv, this.types)}`, e.method.span);
    return r;
  }

  private slice(e: A.SliceExpr, scope: Scope): JValue {
    const obj = this.expr(e.object, scope);
    const lo = e.lo ? indexNumber(this.types, this.expr(e.lo, scope), e.lo.span) : 0;
    const bounded = (len: number) => {
      const hi = e.hi ? indexNumber(this.types, this.expr(e.hi, scope), e.hi.span) : len;
      if (lo > hi || hi > len) throw new RuntimeTrap('index_out_of_bounds', `slice ${lo}..${hi} out of range (length ${len})`, locOf(e.span));
      return hi;
    };
    const constant = (e.lo === undefined || e.lo.kind === 'Int') && e.hi?.kind === 'Int';
    if (obj.k === 'typed' && (obj.type.k === 'bytes' || obj.type.k === 'bytesN')) {
      const b = obj.v as Uint8Array;
      const hi = bounded(b.length);
      return typed(constant ? { k: 'bytesN', n: hi - lo } : { k: 'bytes' }, b.slice(lo, hi));
    }
    // A string slices as its UTF-8 bytes, as in compiled code (string literal or string value).
    const text = obj.k === 'str' ? obj.bytes : obj.k === 'typed' && obj.type.k === 'string' ? new TextEncoder().encode(obj.v as string) : undefined;
    if (text) {
      const hi = bounded(text.length);
      return typed(constant ? { k: 'bytesN', n: hi - lo } : { k: 'bytes' }, text.slice(lo, hi));
    }
    if (obj.k === 'list') return { k: 'list', items: obj.items.slice(lo, bounded(obj.items.length)) };
    if (obj.k === 'typed' && obj.type.k === 'list') {
      const arr = obj.v as IrConst[];
      return typed(obj.type, arr.slice(lo, bounded(arr.length)));
    }
    throw new JourneyError(`cannot slice a ${describeKind(obj, this.types)}`, e.span);
  }

  private structLit(e: A.StructLit, scope: Scope): JValue {
    const fields = new Map<string, JValue>();
    if (e.rest?.base) {
      const base = this.expr(e.rest.base, scope);
      if (base.k === 'record') for (const [k, v] of base.fields) fields.set(k, v);
      else if (base.k === 'typed' && base.type.k === 'struct') {
        const def = structDef(base.type, this.types);
        def.fields.forEach((f, i) => fields.set(f.name, typed(f.type, (base.v as IrConst[])[i]!)));
      }
    }
    for (const f of e.fields) fields.set(f.name.name, this.expr(f.value, scope));
    if (!e.type) return { k: 'record', fields };
    const t = this.host.resolveType(e.type);
    if (t.k === 'struct') {
      const def = structDef(t, this.types);
      if (!e.rest) {
        const missing = def.fields.filter((f) => !fields.has(f.name)).map((f) => f.name);
        if (missing.length > 0) this.host.warn(`${def.name} literal is missing ${missing.join(', ')}; zero-filled`, e.span);
      }
      for (const k of fields.keys()) {
        if (!def.fields.some((f) => f.name === k)) throw new JourneyError(`${def.name} has no field '${k}'`, e.span);
      }
      return typed(t, this.coerceIr({ k: 'record', fields, name: def.name }, t, e.span, def.name));
    }
    if (t.k === 'list') return typed(t, []);
    return { k: 'record', fields };
  }

  private match(e: A.MatchExpr, scope: Scope): JValue {
    const v = this.expr(e.scrutinee, scope);
    for (const arm of e.arms) {
      const inner = new Scope(scope);
      if (this.matches(arm.pattern, v, inner)) return this.expr(arm.body, inner);
    }
    throw new RuntimeTrap('no_match', `no match arm for ${showValue(v, this.types)}`, locOf(e.span));
  }

  private matches(p: A.Pattern, v: JValue, scope: Scope): boolean {
    switch (p.kind) {
      case 'WildcardPat':
        return true;
      case 'IntPat':
        return jEquals(v, { k: 'int', v: p.value }, this.types);
      case 'StringPat':
        return jEquals(v, jstr(p.value), this.types);
      case 'BoolPat':
        return jEquals(v, jbool(p.value), this.types);
      case 'NilPat':
        return v.k === 'nil' || (v.k === 'typed' && v.v === null);
      case 'SomePat':
        if (v.k === 'typed' && v.type.k === 'option' && v.v !== null) {
          return this.matches(p.inner, typed(v.type.inner, (v.v as { some: IrConst }).some), scope);
        }
        return v.k !== 'nil' && !(v.k === 'typed' && v.v === null) && this.matches(p.inner, v, scope);
      case 'PathPat': {
        const target = this.host.path(p.segments.map((s) => s.name)) ?? { k: 'symbol', name: p.segments[p.segments.length - 1]!.name };
        return jEquals(v, target, this.types);
      }
      case 'NamePat': {
        const g = this.host.global(p.name.name);
        if (g !== undefined) return jEquals(v, g, this.types);
        if (v.k === 'typed' && v.type.k === 'enum' && enumDef(v.type, this.types).variants.some((x) => x.name === p.name.name)) {
          return jEquals(v, { k: 'symbol', name: p.name.name }, this.types);
        }
        scope.define(p.name.name, v);
        return true;
      }
    }
  }

  private range(e: A.RangeExpr, scope: Scope): JValue {
    const lo = e.lo ? intOf(this.types, this.expr(e.lo, scope), e.lo.span) : 0n;
    if (!e.hi) throw new JourneyError(`an open range cannot be iterated`, e.span);
    const hiV = this.expr(e.hi, scope);
    const hi = intOf(this.types, hiV, e.hi.span);
    if (hi - lo > BigInt(MAX_LOOP_ITERATIONS)) throw new JourneyError(`range ${lo}..${hi} is too long`, e.span);
    const t = hiV.k === 'typed' ? hiV.type : U64;
    const items: JValue[] = [];
    for (let i = lo; i < hi; i++) items.push(hiV.k === 'typed' ? typed(t, i) : { k: 'int', v: i });
    return { k: 'list', items };
  }

  /** Converts with journey leniency, turning value errors into located journey errors. */
  coerceIr(v: JValue, t: IrType, span: Span, what: string): IrConst {
    try {
      return toIr(v, t, this.types, what, (m) => this.host.warn(m, span));
    } catch (e) {
      if (e instanceof ValueError) throw new JourneyError(`${e.message} (${typeName(t, this.types)} expected)`, span);
      throw e;
    }
  }

  coerce(v: JValue, t: IrType, span: Span, what: string): JValue {
    return typed(t, this.coerceIr(v, t, span, what));
  }
}

export { I64, U64, locOf };
