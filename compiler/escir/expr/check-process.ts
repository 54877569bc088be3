/**
 * The checker of process bodies (ESCIR.md §7): the expression checker plus the process
 * statements — `match` (lowered here to `if` chains and conditional values), `return`,
 * `break`, `continue`, assignments to places (`buf[i] = b`, `row.f = v`), method calls on
 * ports, core slots and ROMs (through ProcessHooks), value methods (`.len()`,
 * `.to_le_bytes()`, …) and slices whose bounds move together (`w[i*8..(i+1)*8]`).
 */
import { didYouMean } from '../../diagnostics/suggest.ts';
import { ET, sameEType, typeName, type EType } from '../types/etype.ts';
import type { Block, Expr, MatchArm, Pattern, Pos, Stmt } from './ast.ts';
import { ExprChecker, positioned, type CheckEnv } from './check.ts';
import type { TExpr, TPlaceStep, TStmt } from './typed.ts';

export interface ProcessHooks {
  /** `name.method(args)` where `name` is a port, core slot or ROM; undefined when `name` is none of them. */
  method(name: string, method: string, args: Expr[], at: Pos, methodAt: Pos, checker: ProcessChecker): TExpr | undefined;
  /** A free call that is neither a builtin nor an extern (`lookup(h)`); undefined when unknown. */
  call(callee: string, args: Expr[], at: Pos, checker: ProcessChecker): TExpr | undefined;
  /** A register or wire usable as the base of a place assignment. */
  placeBase(name: string): { key: string; type: EType } | undefined;
  /** Why a bare name cannot be used as a value (a stream port, a core slot), if so. */
  misuse(name: string): string | undefined;
}

const VALUE_METHODS = ['len', 'is_empty', 'to_le_bytes', 'to_be_bytes', 'min', 'max', 'abs', 'wrapping_add', 'wrapping_sub', 'wrapping_mul'];
const BUILTINS = new Set(['min', 'max', 'abs', 'len', 'hex', 'sha3_256', 'blake3', 'fnv1a32', '__list', '__repeat']);

export class ProcessChecker extends ExprChecker {
  private loops = 0;
  private matches = 0;

  constructor(
    env: CheckEnv,
    private readonly hooks: ProcessHooks,
  ) {
    super(env);
  }

  /** A whole process body: a trailing value is evaluated for its effects. */
  processBody(block: Block): TStmt[] {
    const stmts = this.stmts(block.stmts, true);
    if (block.result) stmts.push(...this.exprAsStmts(block.result));
    return stmts;
  }

  /** A trailing `if`/`match` whose arms end in statements is a statement, not a value. */
  protected override exprAsStmts(e: Expr): TStmt[] {
    if (e.k === 'matchExpr') return positioned(this.matchStmt(e.subject, e.arms), e);
    return super.exprAsStmts(e);
  }

  /** Checks one argument against a type (for hooks). */
  arg(e: Expr, t: EType): TExpr {
    return this.coerce(this.expr(e, t), t, e);
  }

  report(code: string, message: string, at: Pos, hint?: string): void {
    this.err(code, message, at, hint);
  }

  // ── statements ──────────────────────────────────────────────────────────────────────

  protected override stmt(s: Stmt, topLevel: boolean): TStmt[] | undefined {
    switch (s.k) {
      case 'match':
        return this.matchStmt(s.subject, s.arms);
      case 'return':
        if (s.value) this.err('E035', 'an activation returns no value; `return` ends it', s.value);
        return [{ k: 'return' }];
      case 'break':
      case 'continue':
        if (this.loops === 0) {
          this.err('E035', `\`${s.k}\` outside a \`for\` loop`, s);
          return undefined;
        }
        return [{ k: s.k }];
      case 'for': {
        this.loops++;
        try {
          return super.stmt(s, topLevel);
        } finally {
          this.loops--;
        }
      }
      case 'assign':
        return this.assign(s);
      default:
        return super.stmt(s, topLevel);
    }
  }

  private assign(s: Stmt & { k: 'assign' }): TStmt[] | undefined {
    const target = s.target;
    if (target.k === 'name') {
      const local = this.lookupLocal(target.name);
      if (local !== undefined) {
        const lt = this.locals[local]!.type;
        return [{ k: 'set', id: local, value: this.coerce(this.rhs(s, lt), lt, s.value) }];
      }
      const a = this.env.assignable?.(target.name);
      if (a) {
        const t = a.type ?? ET.unknown;
        return [{ k: 'out', key: a.key, value: this.coerce(this.rhs(s, t), t, s.value) }];
      }
      this.err('E033', `assignment to undefined register or wire \`${target.name}\``, target, didYouMean(target.name, this.allNames()) ?? 'declare it under `state`, or with `let`');
      this.expr(s.value); // its own findings still count
      return undefined;
    }
    // A place: a chain of `.field` and `[index]` on a local, register or wire.
    const steps: (Expr & ({ k: 'field' } | { k: 'index' }))[] = [];
    let base: Expr = target;
    while (base.k === 'field' || base.k === 'index') {
      steps.unshift(base);
      base = base.object;
    }
    if (base.k !== 'name' || steps.length === 0) {
      this.err('E035', 'only a variable, a register, a wire or a place inside one (`a[i]`, `r.f`) can be assigned', target);
      return undefined;
    }
    let t: EType;
    let placeBase: { local: number } | { key: string };
    const local = this.lookupLocal(base.name);
    if (local !== undefined) {
      placeBase = { local };
      t = this.locals[local]!.type;
    } else {
      const b = this.hooks.placeBase(base.name);
      if (!b) {
        this.err('E033', `\`${base.name}\` is not a variable, register or wire`, base, didYouMean(base.name, this.allNames()));
        return undefined;
      }
      placeBase = { key: b.key };
      t = b.type;
    }
    const path: TPlaceStep[] = [];
    for (const st of steps) {
      if (st.k === 'field') {
        const d = t.k === 'struct' ? this.env.table.struct(t.name) : undefined;
        const i = d ? d.fields.findIndex((f) => f.name === st.name) : -1;
        if (!d || i < 0) {
          if (t.k !== 'unknown') this.err('E033', `${typeName(t)} has no field \`${st.name}\``, { start: st.nameStart, end: st.end }, d ? didYouMean(st.name, d.fields.map((f) => f.name)) : undefined);
          return undefined;
        }
        path.push({ k: 'field', index: i });
        t = d.fields[i]!.type;
      } else {
        const index = this.expr(st.index, ET.u64);
        if (index.type.k !== 'int' && index.type.k !== 'unknown') this.err('E043', `index must be an integer, found ${typeName(index.type)}`, st.index);
        if (t.k === 'array') t = t.elem;
        else if (t.k === 'bytes') t = ET.u8;
        else {
          if (t.k !== 'unknown') this.err('E043', `cannot index a value of type ${typeName(t)}`, st.object);
          return undefined;
        }
        path.push({ k: 'index', index });
      }
    }
    return [{ k: 'place', base: placeBase, path, value: this.coerce(this.rhs(s, t), t, s.value) }];
  }

  private rhs(s: Stmt & { k: 'assign' }, t: EType): TExpr {
    if (!s.op) return this.expr(s.value, t);
    return this.expr({ k: 'binary', op: s.op, left: s.target, right: s.value, start: s.start, end: s.end }, t);
  }

  // ── match ───────────────────────────────────────────────────────────────────────────

  /** `match e { … }` as statements: `let m = e; if m == p1 || … { arm } else if …`. */
  private matchStmt(subject: Expr, arms: MatchArm[]): TStmt[] {
    const { letStmt, local, type } = this.subject(subject);
    const chain = (i: number): TStmt[] => {
      if (i >= arms.length) return [];
      const arm = arms[i]!;
      this.push();
      const t = this.armTest(arm.patterns, local, type);
      const body = [...t.binds, ...this.stmts(arm.body.stmts, false)];
      if (arm.body.result) body.push(...this.exprAsStmts(arm.body.result));
      this.pop();
      if (t.test === undefined) return body;
      return [{ k: 'if', cond: t.test, then: body, else: chain(i + 1) }];
    };
    return [letStmt, ...chain(0)];
  }

  /** `match` used as a value: conditional values; no covering arm traps. */
  private matchValue(e: Expr & { k: 'matchExpr' }, expected?: EType): TExpr {
    const { letStmt, local, type } = this.subject(e.subject);
    let resultType = expected;
    const chain = (i: number): TExpr => {
      if (i >= e.arms.length) return { k: 'trap', message: 'no `match` arm covers the value', type: resultType ?? ET.unknown, start: e.start, end: e.end };
      const arm = e.arms[i]!;
      this.push();
      const t = this.armTest(arm.patterns, local, type);
      const stmts = [...t.binds, ...this.stmts(arm.body.stmts, false)];
      let value: TExpr;
      if (arm.body.result) value = this.expr(arm.body.result, resultType);
      else {
        this.err('E035', 'this `match` arm has no value', arm.body);
        value = { k: 'const', value: null, type: ET.unknown, start: arm.start, end: arm.end };
      }
      if (resultType === undefined || resultType.k === 'unknown') resultType = value.type;
      else value = this.coerce(value, resultType, arm.body.result ?? arm.body);
      this.pop();
      const armValue: TExpr = stmts.length ? { k: 'block', stmts, value, type: value.type, start: arm.start, end: arm.end } : value;
      if (t.test === undefined) return armValue;
      const rest = chain(i + 1);
      return { k: 'cond', cond: t.test, then: armValue, else: rest, type: armValue.type, start: arm.start, end: e.end };
    };
    const value = chain(0);
    return { k: 'block', stmts: [letStmt], value, type: value.type, start: e.start, end: e.end };
  }

  private subject(subject: Expr): { letStmt: TStmt; local: TExpr; type: EType } {
    const v = this.expr(subject);
    const id = this.declare(`$match${this.matches++}`, v.type);
    const local: TExpr = { k: 'local', id, name: `$match${id}`, type: v.type, start: subject.start, end: subject.end };
    return { letStmt: { k: 'let', id, value: v }, local, type: v.type };
  }

  /** The condition an arm's patterns test (undefined: always matches) and the names they bind. */
  private armTest(patterns: Pattern[], subject: TExpr, type: EType): { test?: TExpr; binds: TStmt[] } {
    const binds: TStmt[] = [];
    let test: TExpr | undefined;
    let always = false;
    for (const p of patterns) {
      let value: TExpr | undefined;
      switch (p.k) {
        case 'wild':
          always = true;
          break;
        case 'lit':
          value = this.coerce(this.expr(p.value, type), type, p.value);
          break;
        case 'enum':
          value = this.coerce(this.enumValue(p.type, p.variant, p), type, p);
          break;
        case 'range': {
          const lo = this.coerce(this.expr(p.lo, type), type, p.lo);
          const hi = this.coerce(this.expr(p.hi, type), type, p.hi);
          const geLo: TExpr = { k: 'binary', op: '>=', left: subject, right: lo, type: ET.bool, start: p.start, end: p.end };
          const belowHi: TExpr = { k: 'binary', op: p.inclusive ? '<=' : '<', left: subject, right: hi, type: ET.bool, start: p.start, end: p.end };
          const inRange: TExpr = { k: 'logic', op: '&&', left: geLo, right: belowHi, type: ET.bool, start: p.start, end: p.end };
          test = test ? { k: 'logic', op: '||', left: test, right: inRange, type: ET.bool, start: p.start, end: p.end } : inRange;
          break;
        }
        case 'name':
          if (this.isValueName(p.name, type)) value = this.coerce(this.expr({ k: 'name', name: p.name, start: p.start, end: p.end }, type), type, p);
          else {
            always = true;
            const id = this.declare(p.name, type);
            binds.push({ k: 'let', id, value: subject });
          }
          break;
      }
      if (value) {
        const eq: TExpr = { k: 'binary', op: '==', left: subject, right: value, type: ET.bool, start: p.start, end: p.end };
        test = test ? { k: 'logic', op: '||', left: test, right: eq, type: ET.bool, start: p.start, end: p.end } : eq;
      }
    }
    return always ? { binds } : { test: test ?? { k: 'const', value: false, type: ET.bool, start: 0, end: 0 }, binds };
  }

  /** A name pattern compares with a constant or enum variant; any other name binds the subject. */
  private isValueName(name: string, type: EType): boolean {
    if (this.lookupLocal(name) !== undefined) return false;
    const b = this.env.resolve(name);
    if (b?.kind === 'const') return true;
    if (type.k === 'enum') {
      const d = this.env.table.declaration(type.name);
      if (d?.kind === 'enum' && d.variants.some((v) => v.name === name)) return true;
    }
    return false;
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────

  override expr(e: Expr, expected?: EType): TExpr {
    switch (e.k) {
      case 'matchExpr':
        return this.matchValue(e, expected);
      case 'call':
        if (e.receiver) return this.methodCall(e, expected);
        if (!BUILTINS.has(e.callee) && !this.env.externs?.has(e.callee)) {
          const hit = this.hooks.call(e.callee, e.args, e, this);
          if (hit) return hit;
        }
        return super.expr(e, expected);
      case 'name': {
        if (this.lookupLocal(e.name) === undefined && !this.env.resolve(e.name)) {
          const why = this.hooks.misuse(e.name);
          if (why) {
            this.err('E043', why, e);
            return { k: 'const', value: null, type: ET.unknown, start: e.start, end: e.end };
          }
        }
        return super.expr(e, expected);
      }
      case 'slice':
        return this.movingSlice(e) ?? super.expr(e, expected);
      default:
        return super.expr(e, expected);
    }
  }

  protected override project(object: TExpr, name: string, nameAt: Pos, at: Pos): TExpr {
    if (name === 'len' && object.type.k === 'bytes') this.bytesLen(object.type.n, at);
    return super.project(object, name, nameAt, at);
  }

  /** ESCIR.md §7: `.len` on `bytes(N)` is a finding — the value always holds N bytes. */
  private bytesLen(n: number, at: Pos): void {
    this.err('E043', `\`.len\` of a bytes(${n}) value is always ${n}`, at, 'keep the used length in a field of its own (`name_len`)');
  }

  private methodCall(e: Expr & { k: 'call' }, expected?: EType): TExpr {
    const recv = e.receiver!;
    const at = { start: e.start, end: e.end };
    const methodAt = { start: e.calleeStart, end: e.calleeStart + e.callee.length };
    if (recv.k === 'name' && this.lookupLocal(recv.name) === undefined) {
      const hit = this.hooks.method(recv.name, e.callee, e.args, at, methodAt, this);
      if (hit) return hit;
    }
    const object = this.expr(recv);
    const t = object.type;
    const none = (): TExpr => ({ k: 'const', value: null, type: ET.unknown, ...at });
    const arity = (n: number): boolean => {
      if (e.args.length === n) return true;
      this.err('E034', `\`.${e.callee}()\` takes ${n} argument${n === 1 ? '' : 's'}`, at);
      return false;
    };
    switch (e.callee) {
      case 'len':
      case 'is_empty': {
        if (!arity(0)) return none();
        if (t.k === 'bytes') this.bytesLen(t.n, at);
        else if (t.k !== 'array' && t.k !== 'string' && t.k !== 'unknown') this.err('E043', `\`.${e.callee}()\` needs bytes, a string or an array, found ${typeName(t)}`, recv);
        const len: TExpr = { k: 'len', object, type: ET.u64, ...at };
        if (e.callee === 'len') return len;
        return { k: 'binary', op: '==', left: len, right: { k: 'const', value: 0n, type: ET.u64, ...at }, type: ET.bool, ...at };
      }
      case 'to_le_bytes':
      case 'to_be_bytes': {
        if (!arity(0)) return none();
        if (t.k !== 'int') {
          if (t.k !== 'unknown') this.err('E043', `\`.${e.callee}()\` needs an integer, found ${typeName(t)}`, recv);
          return none();
        }
        const n = t.bits / 8;
        const bytesT: EType = { k: 'bytes', n };
        if (e.callee === 'to_be_bytes') return { k: 'convert', value: object, type: bytesT, ...at };
        const elems: TExpr[] = [];
        for (let i = 0; i < n; i++) {
          const shifted: TExpr = i === 0 ? object : { k: 'binary', op: '>>', left: object, right: { k: 'const', value: BigInt(8 * i), type: t, ...at }, type: t, ...at };
          elems.push({ k: 'convert', value: shifted, type: ET.u8, ...at });
        }
        return { k: 'convert', value: { k: 'list', elems, type: { k: 'array', elem: ET.u8, n }, ...at }, type: bytesT, ...at };
      }
      case 'min':
      case 'max': {
        if (!arity(1)) return none();
        const other = this.coerce(this.expr(e.args[0]!, t), t, e.args[0]!);
        return { k: 'builtin', name: e.callee, args: [object, other], type: t, ...at };
      }
      case 'abs':
        if (!arity(0)) return none();
        return { k: 'builtin', name: 'abs', args: [object], type: t, ...at };
      case 'wrapping_add':
      case 'wrapping_sub':
      case 'wrapping_mul': {
        if (!arity(1)) return none();
        if (t.k !== 'int' && t.k !== 'unknown') this.err('E043', `\`.${e.callee}()\` needs an integer, found ${typeName(t)}`, recv);
        const other = this.coerce(this.expr(e.args[0]!, t), t, e.args[0]!);
        const op = e.callee === 'wrapping_add' ? '+' : e.callee === 'wrapping_sub' ? '-' : '*';
        return { k: 'binary', op, left: object, right: other, type: t, ...at };
      }
      default:
        this.err('E034', `unknown method \`${e.callee}\`${t.k !== 'unknown' ? ` on ${typeName(t)}` : ''}`, methodAt, didYouMean(e.callee, VALUE_METHODS));
        void expected;
        return none();
    }
  }

  /**
   * `w[i*8..(i+1)*8]`: bounds that are not constants but always differ by the same amount
   * give a fixed-size slice (checked at run time against the value's length).
   */
  private movingSlice(e: Expr & { k: 'slice' }): TExpr | undefined {
    if (!e.lo || !e.hi) return undefined;
    const n = constantDifference(e.hi, e.lo);
    if (n === undefined) return undefined;
    const object = this.expr(e.object);
    const lo = this.expr(e.lo, ET.u64);
    const hi = this.expr(e.hi, ET.u64);
    if (lo.k === 'const' && hi.k === 'const') return undefined;
    const t = object.type;
    const at = { start: e.start, end: e.end };
    let type: EType = ET.unknown;
    if (n <= 0) this.err('E043', `slice bounds are ${n} apart; a slice holds at least one element`, at);
    else if (t.k === 'bytes' || t.k === 'string') type = { k: 'bytes', n };
    else if (t.k === 'array') type = { k: 'array', elem: t.elem, n };
    else if (t.k !== 'unknown') this.err('E043', `cannot slice a value of type ${typeName(t)}`, e.object);
    if ((t.k === 'bytes' || t.k === 'array') && n > t.n) this.err('E043', `a slice of ${n} does not fit in ${typeName(t)}`, at);
    return { k: 'slice', object, lo, hi, type, ...at };
  }

  /** Both sides of a comparison or assignment already have one type (used by hooks). */
  same(a: EType, b: EType): boolean {
    return sameEType(a, b);
  }
}

/**
 * `hi - lo` when it is the same integer for every value of the names in them (tested by
 * evaluating both at several points); undefined when it varies or cannot be evaluated.
 */
export function constantDifference(hi: Expr, lo: Expr): number | undefined {
  const points = [3n, 7n, 101n];
  let diff: bigint | undefined;
  for (let p = 0; p < points.length; p++) {
    const env = (name: string) => points[p]! + BigInt(name.length * (p + 1));
    const h = evalInt(hi, env);
    const l = evalInt(lo, env);
    if (h === undefined || l === undefined) return undefined;
    if (diff === undefined) diff = h - l;
    else if (diff !== h - l) return undefined;
  }
  return diff === undefined ? undefined : Number(diff);
}

function evalInt(e: Expr, env: (name: string) => bigint): bigint | undefined {
  switch (e.k) {
    case 'int':
      return e.value;
    case 'char':
      return BigInt(e.value);
    case 'name':
      return env(e.name);
    case 'cast':
      return evalInt(e.value, env);
    case 'unary': {
      const v = evalInt(e.operand, env);
      return v === undefined ? undefined : e.op === '-' ? -v : e.op === '~' ? ~v : undefined;
    }
    case 'binary': {
      const a = evalInt(e.left, env);
      const b = evalInt(e.right, env);
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '<<':
          return b >= 0n && b < 64n ? a << b : undefined;
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}
