/**
 * Typing of ESCIR expressions (ESCIR.md §6 "Expressions"): literals, names in the order
 * locals → node ids and `node.port` → inputs → state → consts → a unique bare enum variant,
 * fields, operators, casts, calls and struct literals. Canonical files reject mixed widths
 * and int/float mixes (E043); legacy files widen integers and promote to f64 (W036).
 * Statements and blocks are checked by the subclass (check.ts), which the value forms
 * `{ … }` and `if … { … } else { … }` reach through `blockExpr`.
 */
import { didYouMean } from '../../diagnostics/suggest.ts';
import { ET, intRange, sameEType, typeName, type EType, type IntWidth } from '../types/etype.ts';
import { zeroValue } from '../types/literals.ts';
import type { Block, Expr } from './ast.ts';
import type { TExpr, TLocal } from './typed.ts';
import { castable, constInt, foldConst, isLiteralish, wrapInt } from './check-util.ts';
import { BUILTINS, type CheckEnv, type NameBinding } from './check-env.ts';

export abstract class ExpressionChecker {
  readonly locals: TLocal[] = [];
  protected scopes: Map<string, number>[] = [new Map()];
  /** Top-level names assigned as outputs, in first-assignment order. */
  readonly assigned: { name: string; key: string; type: EType }[] = [];
  failed = false;

  constructor(protected readonly env: CheckEnv) {}

  protected err(code: string, message: string, at: { start: number; end: number }, hint?: string): void {
    this.failed = true;
    this.env.report('error', code, message, at.start, at.end, hint);
  }

  // ── scopes ─────────────────────────────────────────────────────────────────────────

  protected push(): void {
    this.scopes.push(new Map());
  }
  protected pop(): void {
    this.scopes.pop();
  }
  protected declare(name: string, type: EType): number {
    const id = this.locals.length;
    this.locals.push({ id, name, type });
    this.scopes[this.scopes.length - 1]!.set(name, id);
    return id;
  }
  protected lookupLocal(name: string): number | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const id = this.scopes[i]!.get(name);
      if (id !== undefined) return id;
    }
    return undefined;
  }
  protected allNames(): string[] {
    const names = new Set(this.env.names());
    for (const s of this.scopes) for (const k of s.keys()) names.add(k);
    return [...names];
  }

  // ── expressions ──────────────────────────────────────────────────────────────────────

  expr(e: Expr, expected?: EType): TExpr {
    const at = { start: e.start, end: e.end };
    switch (e.k) {
      case 'int':
        return this.intLiteral(e.value, e.suffix, expected, at);
      case 'float':
        return { k: 'const', value: e.value, type: expected?.k === 'float' ? expected : ET.f64, ...at };
      case 'bool':
        return { k: 'const', value: e.value, type: ET.bool, ...at };
      case 'char':
        return this.intLiteral(BigInt(e.value), undefined, expected?.k === 'int' ? expected : ET.u8, at);
      case 'str': {
        if (expected?.k === 'bytes') {
          const b = new TextEncoder().encode(e.value);
          if (b.length > expected.n) this.err('E041', `string is ${b.length} bytes; bytes(${expected.n}) holds ${expected.n}`, at);
          const padded = new Uint8Array(expected.n);
          padded.set(b.slice(0, expected.n));
          return { k: 'const', value: padded, type: expected, ...at };
        }
        const n = Math.max(1, new TextEncoder().encode(e.value).length);
        if (expected?.k === 'string' && n > expected.n) this.err('E041', `string is ${n} bytes; string(${expected.n}) holds ${expected.n}`, at);
        return { k: 'const', value: e.value, type: expected?.k === 'string' ? expected : { k: 'string', n }, ...at };
      }
      case 'name':
        return this.name(e.name, at, expected);
      case 'field':
        return this.field(e, at);
      case 'index': {
        const object = this.expr(e.object);
        const index = this.expr(e.index, ET.u64);
        if (index.type.k !== 'int' && index.type.k !== 'unknown') this.err('E043', `index must be an integer, found ${typeName(index.type)}`, e.index);
        const t = object.type;
        if (t.k === 'array') return { k: 'index', object, index, type: t.elem, ...at };
        if (t.k === 'bytes' || t.k === 'string') return { k: 'index', object, index, type: ET.u8, ...at };
        if (t.k !== 'unknown') this.err('E043', `cannot index a value of type ${typeName(t)}`, e.object);
        return { k: 'index', object, index, type: ET.unknown, ...at };
      }
      case 'slice': {
        const object = this.expr(e.object);
        const lo = e.lo ? this.expr(e.lo, ET.u64) : ({ k: 'const', value: 0n, type: ET.u64, start: e.start, end: e.start } as TExpr);
        const hi = e.hi ? this.expr(e.hi, ET.u64) : undefined;
        const t = object.type;
        let n: number | undefined;
        const loC = constInt(lo);
        const hiC = hi ? constInt(hi) : t.k === 'bytes' || t.k === 'array' ? BigInt(t.n) : undefined;
        if (loC !== undefined && hiC !== undefined) {
          n = Number(hiC - loC);
          const cap = t.k === 'bytes' || t.k === 'array' || t.k === 'string' ? t.n : undefined;
          if (n <= 0 || (cap !== undefined && hiC > BigInt(cap))) this.err('E043', `slice [${loC}..${hiC}] is out of range for ${typeName(t)}`, at);
        }
        let type: EType = ET.unknown;
        if (t.k === 'bytes' || t.k === 'string') type = n !== undefined && n > 0 ? { k: 'bytes', n } : ET.unknown;
        else if (t.k === 'array') type = n !== undefined && n > 0 ? { k: 'array', elem: t.elem, n } : ET.unknown;
        else if (t.k !== 'unknown') this.err('E043', `cannot slice a value of type ${typeName(t)}`, e.object);
        if (type.k === 'unknown' && t.k !== 'unknown' && n === undefined) this.err('E043', 'slice bounds must be constants (the result has a fixed size)', at);
        return hi ? { k: 'slice', object, lo, hi, type, ...at } : { k: 'slice', object, lo, type, ...at };
      }
      case 'unary': {
        const operand = this.expr(e.operand, e.op === '!' ? ET.bool : expected);
        const t = operand.type;
        if (e.op === '!' && t.k !== 'bool' && t.k !== 'unknown') this.err('E043', `\`!\` needs a bool, found ${typeName(t)}`, e.operand);
        if (e.op === '-' && t.k !== 'int' && t.k !== 'float' && t.k !== 'unknown') this.err('E043', `\`-\` needs a number, found ${typeName(t)}`, e.operand);
        if (e.op === '~' && t.k !== 'int' && t.k !== 'unknown') this.err('E043', `\`~\` needs an integer, found ${typeName(t)}`, e.operand);
        if (e.op === '-' && operand.k === 'const' && typeof operand.value === 'bigint' && t.k === 'int') {
          const v = -operand.value;
          const [lo] = intRange(t.bits, t.signed);
          if (t.signed && v >= lo) return { k: 'const', value: v, type: t, ...at };
        }
        return { k: 'unary', op: e.op, operand, type: t, ...at };
      }
      case 'binary':
        return this.binary(e, expected);
      case 'cond': {
        const cond = this.coerce(this.expr(e.cond, ET.bool), ET.bool, e.cond);
        const [then, other] = this.unify(e.then, e.else, expected);
        return { k: 'cond', cond, then, else: other, type: then.type, ...at };
      }
      case 'ifExpr': {
        const cond = this.coerce(this.expr(e.cond, ET.bool), ET.bool, e.cond);
        // A literal arm takes the other arm's type (as with binary operands).
        const lit = (b: Block) => b.stmts.length === 0 && b.result !== undefined && isLiteralish(b.result);
        if (!expected && lit(e.then) && !lit(e.else)) {
          const other = this.blockExpr(e.else);
          const then = this.coerce(this.blockExpr(e.then, other.type), other.type, e.then);
          return { k: 'cond', cond, then, else: other, type: other.type, ...at };
        }
        const then = this.blockExpr(e.then, expected);
        const other = this.blockExpr(e.else, expected ?? then.type);
        const o2 = this.coerce(other, then.type, e.else);
        return { k: 'cond', cond, then, else: o2, type: then.type, ...at };
      }
      case 'block':
        return this.blockExpr(e.block, expected);
      case 'matchExpr':
        this.err('E035', '`match` is only supported in process bodies', at);
        return { k: 'const', value: null, type: ET.unknown, ...at };
      case 'call':
        return this.call(e, expected);
      case 'enum':
        return this.enumValue(e.type, e.variant, at);
      case 'struct':
        return this.structLiteral(e, at);
      case 'cast': {
        const target = this.typeFromText(e.type.text, e.type);
        const value = this.expr(e.value, target.k === 'int' || target.k === 'float' ? undefined : target);
        if (!castable(value.type, target)) this.err('E043', `cannot convert ${typeName(value.type)} to ${typeName(target)}`, at);
        if (value.k === 'const' && typeof value.value === 'bigint' && target.k === 'int') {
          return { k: 'const', value: wrapInt(value.value, target.bits, target.signed), type: target, ...at };
        }
        return { k: 'convert', value, type: target, ...at };
      }
    }
  }

  /** A block used as a value: its statements, then its trailing expression (check.ts). */
  protected abstract blockExpr(b: Block, expected?: EType): TExpr;

  private intLiteral(value: bigint, suffix: string | undefined, expected: EType | undefined, at: { start: number; end: number }): TExpr {
    let type: EType;
    if (suffix) type = { k: 'int', bits: Number(suffix.slice(1)) as IntWidth, signed: suffix.startsWith('i') };
    else if (expected?.k === 'float') return { k: 'const', value: Number(value), type: expected, ...at };
    else if (expected?.k === 'int') type = expected;
    else type = value > (1n << 63n) - 1n ? { k: 'int', bits: value > (1n << 64n) - 1n ? 128 : 64, signed: false } : ET.i64;
    const t = type as Extract<EType, { k: 'int' }>;
    const [lo, hi] = intRange(t.bits, t.signed);
    if (value < lo || value > hi) {
      // A literal may be negated afterwards; allow the magnitude of the minimum of a signed type.
      if (!(t.signed && value === hi + 1n)) this.err('E041', `literal ${value} does not fit ${typeName(t)}`, at);
    }
    return { k: 'const', value, type: t, ...at };
  }

  private name(name: string, at: { start: number; end: number }, expected?: EType): TExpr {
    const local = this.lookupLocal(name);
    if (local !== undefined) return { k: 'local', id: local, name, type: this.locals[local]!.type, ...at };
    const b = this.env.resolve(name);
    if (b) return this.binding(b, name, at);
    // A unique bare enum variant (legacy: warned).
    const hits: { en: string; value: bigint }[] = [];
    for (const n of this.env.table.names()) {
      const d = this.env.table.declaration(n);
      if (d?.kind === 'enum') for (const v of d.variants) if (v.name === name) hits.push({ en: n, value: v.value });
    }
    if (expected?.k === 'enum') {
      const d = this.env.table.declaration(expected.name);
      const v = d?.kind === 'enum' ? d.variants.find((x) => x.name === name) : undefined;
      if (v) return { k: 'const', value: v.value, type: expected, ...at };
    }
    if (hits.length === 1) {
      if (this.env.canonical) this.err('E033', `bare enum variant \`${name}\`: write \`${hits[0]!.en}::${name}\``, at);
      else this.env.report('warning', 'W044', `bare enum variant \`${name}\` read as \`${hits[0]!.en}::${name}\``, at.start, at.end);
      return { k: 'const', value: hits[0]!.value, type: { k: 'enum', name: hits[0]!.en }, ...at };
    }
    this.err('E033', `undefined name \`${name}\``, at, didYouMean(name, this.allNames()));
    return { k: 'const', value: null, type: ET.unknown, ...at };
  }

  private binding(b: NameBinding, name: string, at: { start: number; end: number }): TExpr {
    switch (b.kind) {
      case 'value':
        return { k: 'operand', key: b.key, type: b.type, ...at };
      case 'const':
        if (b.warn) this.env.report('warning', b.warn.code, b.warn.message, at.start, at.end);
        return { k: 'const', value: b.value, type: b.type, ...at };
      case 'node':
        if (b.defaultKey && b.defaultType) return { k: 'operand', key: b.defaultKey, type: b.defaultType, ...at };
        // No typed ports yet: the node is on a stateless cycle (E053) or could not be typed.
        if (b.ports().length === 0) {
          this.err('E051', `the output of node \`${name}\` is not known here: it is on a cycle with this node or could not be typed`, at);
          return { k: 'const', value: null, type: ET.unknown, ...at };
        }
        this.err('E051', `node \`${name}\` has no default output; name a port (\`${name}.${b.ports()[0] ?? 'out'}\`)`, at);
        return { k: 'const', value: null, type: ET.unknown, ...at };
    }
  }

  protected field(e: Expr & { k: 'field' }, at: { start: number; end: number }): TExpr {
    // `node.port` before field projection.
    if (e.object.k === 'name' && this.lookupLocal(e.object.name) === undefined) {
      const b = this.env.resolve(e.object.name);
      if (b?.kind === 'node') {
        const p = b.port(e.name);
        if (p) return { k: 'operand', key: p.key, type: p.type, ...at };
        if (!b.defaultKey) {
          this.err('E051', `node \`${e.object.name}\` has no port \`${e.name}\``, { start: e.nameStart, end: e.end }, didYouMean(e.name, b.ports()));
          return { k: 'const', value: null, type: ET.unknown, ...at };
        }
      }
      if (!b) {
        // `Enum.Variant` written with a dot (legacy).
        const d = this.env.table.declaration(e.object.name);
        if (d?.kind === 'enum') return this.enumValue(e.object.name, e.name, at);
      }
    }
    const object = this.expr(e.object);
    return this.project(object, e.name, { start: e.nameStart, end: e.end }, at);
  }

  protected project(object: TExpr, name: string, nameAt: { start: number; end: number }, at: { start: number; end: number }): TExpr {
    const t = object.type;
    if (name === 'len' && (t.k === 'bytes' || t.k === 'string' || t.k === 'array')) return { k: 'len', object, type: ET.u64, ...at };
    if (t.k === 'struct') {
      const d = this.env.table.struct(t.name);
      const idx = d ? d.fields.findIndex((f) => f.name === name) : -1;
      if (d && idx >= 0) return { k: 'field', object, index: idx, name, type: d.fields[idx]!.type, ...at };
      if (d) this.err('E033', `struct ${t.name} has no field \`${name}\``, nameAt, didYouMean(name, d.fields.map((f) => f.name)));
      return { k: 'const', value: null, type: ET.unknown, ...at };
    }
    if (t.k === 'union') {
      const d = this.env.table.declaration(t.name);
      if (d?.kind === 'union') {
        if (name === d.discriminant || name === 'tag') return { k: 'field', object, index: 0, name, type: { k: 'int', bits: d.tagBits, signed: false }, ...at };
        const vi = d.variants.findIndex((v) => v.name === name);
        if (vi >= 0) return { k: 'field', object, index: vi + 1, name, type: d.variants[vi]!.type, ...at };
      }
    }
    if (t.k !== 'unknown') this.err('E033', `a value of type ${typeName(t)} has no field \`${name}\``, nameAt);
    return { k: 'const', value: null, type: ET.unknown, ...at };
  }

  private binary(e: Expr & { k: 'binary' }, expected?: EType): TExpr {
    const at = { start: e.start, end: e.end };
    const op = e.op;
    if (op === '&&' || op === '||') {
      const left = this.coerce(this.expr(e.left, ET.bool), ET.bool, e.left);
      const right = this.coerce(this.expr(e.right, ET.bool), ET.bool, e.right);
      return { k: 'logic', op, left, right, type: ET.bool, ...at };
    }
    if (op === '<<' || op === '>>') {
      const left = this.expr(e.left, expected);
      const right = this.expr(e.right, left.type.k === 'int' ? left.type : ET.u32);
      if (left.type.k !== 'int' && left.type.k !== 'unknown') this.err('E043', `\`${op}\` needs an integer, found ${typeName(left.type)}`, e.left);
      const r2 = right.type.k === 'int' && left.type.k === 'int' && !sameEType(right.type, left.type) ? ({ k: 'convert', value: right, type: left.type, start: right.start, end: right.end } as TExpr) : right;
      return { k: 'binary', op, left, right: r2, type: left.type, ...at };
    }
    const isCmp = op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
    const [left, right] = this.unify(e.left, e.right, isCmp ? undefined : expected);
    const t = left.type;
    if (t.k !== 'unknown') {
      if ((op === '+' || op === '-' || op === '*' || op === '/' || op === '%') && t.k !== 'int' && t.k !== 'float') {
        this.err('E043', `\`${op}\` needs numbers, found ${typeName(t)}`, at);
      }
      if ((op === '&' || op === '|' || op === '^') && t.k !== 'int' && t.k !== 'bool') this.err('E043', `\`${op}\` needs integers or bools, found ${typeName(t)}`, at);
      if ((op === '<' || op === '<=' || op === '>' || op === '>=') && t.k !== 'int' && t.k !== 'float' && t.k !== 'bytes') {
        this.err('E043', `\`${op}\` needs numbers, found ${typeName(t)}`, at);
      }
      if (op === '%' && t.k === 'float') this.err('E043', '`%` needs integers', at);
    }
    const folded = foldConst(op, left, right);
    if (folded !== undefined && !isCmp) return { ...folded, ...at };
    return { k: 'binary', op, left, right, type: isCmp ? ET.bool : t, ...at };
  }

  /** Types two operands to one type: literals follow the other side; then E043 / legacy widening. */
  protected unify(a: Expr, b: Expr, expected?: EType): [TExpr, TExpr] {
    let left: TExpr;
    let right: TExpr;
    if (isLiteralish(a) && !isLiteralish(b)) {
      right = this.expr(b, expected);
      left = this.expr(a, right.type.k === 'unknown' ? expected : right.type);
    } else {
      left = this.expr(a, expected);
      right = this.expr(b, left.type.k === 'unknown' ? expected : left.type);
    }
    const lt = left.type;
    const rt = right.type;
    if (lt.k === 'unknown' || rt.k === 'unknown' || sameEType(lt, rt)) return [left, right];
    if (lt.k === 'int' && rt.k === 'int') {
      if (this.env.canonical) {
        this.err('E043', `mixed integer widths: ${typeName(lt)} and ${typeName(rt)}`, { start: left.start, end: right.end }, `convert one side with \`as ${typeName(lt.bits >= rt.bits ? lt : rt)}\``);
        return [left, right];
      }
      const bits = Math.max(lt.bits, rt.bits) as IntWidth;
      const t: EType = { k: 'int', bits, signed: lt.signed || rt.signed };
      return [this.convertTo(left, t), this.convertTo(right, t)];
    }
    if ((lt.k === 'int' && rt.k === 'float') || (lt.k === 'float' && rt.k === 'int')) {
      if (this.env.canonical) {
        this.err('E043', `mixing ${typeName(lt)} and ${typeName(rt)}`, { start: left.start, end: right.end }, 'convert explicitly with `as f64`');
        return [left, right];
      }
      this.env.report('warning', 'W036', `integer promoted to f64 (${typeName(lt)} with ${typeName(rt)})`, left.start, right.end);
      return [this.convertTo(left, ET.f64), this.convertTo(right, ET.f64)];
    }
    if (lt.k === 'bytes' && rt.k === 'bytes') {
      this.err('E043', `byte sizes differ: ${typeName(lt)} and ${typeName(rt)}`, { start: left.start, end: right.end });
      return [left, right];
    }
    this.err('E043', `operands have different types: ${typeName(lt)} and ${typeName(rt)}`, { start: left.start, end: right.end });
    return [left, right];
  }

  protected convertTo(e: TExpr, t: EType): TExpr {
    if (sameEType(e.type, t)) return e;
    if (e.k === 'const' && typeof e.value === 'bigint' && t.k === 'int') return { ...e, type: t };
    if (e.k === 'const' && typeof e.value === 'bigint' && t.k === 'float') return { ...e, value: Number(e.value), type: t };
    return { k: 'convert', value: e, type: t, start: e.start, end: e.end };
  }

  /** Checks that `e` has type `t` (E043 otherwise); legacy integers widen implicitly. */
  coerce(e: TExpr, t: EType, at: { start: number; end: number }): TExpr {
    if (sameEType(e.type, t)) return e;
    if (!this.env.canonical && e.type.k === 'int' && t.k === 'int') return this.convertTo(e, t);
    if (!this.env.canonical && e.type.k === 'int' && t.k === 'float') {
      this.env.report('warning', 'W036', `integer promoted to ${typeName(t)}`, at.start, at.end);
      return this.convertTo(e, t);
    }
    if (e.type.k === 'bytes' && t.k === 'bytes' && e.k === 'const') return e;
    this.err('E043', `expected ${typeName(t)}, found ${typeName(e.type)}`, at);
    return e;
  }

  protected call(e: Expr & { k: 'call' }, expected?: EType): TExpr {
    const at = { start: e.start, end: e.end };
    if (e.receiver) {
      this.err('E034', `unknown method \`${e.callee}\``, { start: e.calleeStart, end: e.calleeStart + e.callee.length });
      return { k: 'const', value: null, type: ET.unknown, ...at };
    }
    if (e.callee === '__list' || e.callee === '__repeat') {
      if (e.callee === '__repeat') {
        const elem = this.expr(e.args[0]!, expected?.k === 'array' ? expected.elem : expected?.k === 'bytes' ? ET.u8 : undefined);
        const count = constInt(this.expr(e.args[1]!, ET.u64));
        if (count === undefined || count < 1n) {
          this.err('E041', 'repeat count must be a positive constant', e.args[1]!);
          return { k: 'const', value: null, type: ET.unknown, ...at };
        }
        const n = Number(count);
        if (expected?.k === 'bytes' && elem.k === 'const' && typeof elem.value === 'bigint') {
          return { k: 'const', value: new Uint8Array(n).fill(Number(elem.value & 0xffn)), type: { k: 'bytes', n }, ...at };
        }
        return { k: 'list', elems: Array.from({ length: n }, () => elem), type: { k: 'array', elem: elem.type, n }, ...at };
      }
      const elemT = expected?.k === 'array' ? expected.elem : undefined;
      const elems = e.args.map((a) => this.expr(a, elemT));
      const et = elemT ?? elems[0]?.type ?? ET.unknown;
      return { k: 'list', elems: elems.map((x, i) => this.coerce(x, et, e.args[i]!)), type: { k: 'array', elem: et, n: elems.length }, ...at };
    }
    const args = e.args.map((a) => this.expr(a));
    const calleeAt = { start: e.calleeStart, end: e.calleeStart + e.callee.length };
    switch (e.callee) {
      case 'min':
      case 'max': {
        if (args.length !== 2) return this.arity(e.callee, 2, at);
        const [a, b] = this.unify(e.args[0]!, e.args[1]!, expected);
        return { k: 'builtin', name: e.callee, args: [a, b], type: a.type, ...at };
      }
      case 'abs':
        if (args.length !== 1) return this.arity('abs', 1, at);
        return { k: 'builtin', name: 'abs', args, type: args[0]!.type, ...at };
      case 'len':
        if (args.length !== 1) return this.arity('len', 1, at);
        return { k: 'len', object: args[0]!, type: ET.u64, ...at };
      case 'hex': {
        if (args.length !== 1) return this.arity('hex', 1, at);
        const t = args[0]!.type;
        const n = t.k === 'bytes' ? 2 * t.n : t.k === 'int' ? t.bits / 4 : 64;
        return { k: 'builtin', name: 'hex', args, type: { k: 'string', n }, ...at };
      }
      case 'sha3_256':
      case 'blake3':
        if (args.length !== 1) return this.arity(e.callee, 1, at);
        return { k: 'builtin', name: e.callee, args, type: { k: 'bytes', n: 32 }, ...at };
      case 'fnv1a32':
        if (args.length !== 1) return this.arity(e.callee, 1, at);
        return { k: 'builtin', name: e.callee, args, type: ET.u32, ...at };
      default: {
        const ext = this.env.externs?.get(e.callee);
        if (ext) {
          if (ext.params.length !== args.length) return this.arity(e.callee, ext.params.length, at);
          const coerced = args.map((a, i) => this.coerce(a, ext.params[i]!, e.args[i]!));
          return { k: 'extern', name: e.callee, args: coerced, type: ext.result, ...at };
        }
        this.err('E034', `unknown function \`${e.callee}\``, calleeAt, didYouMean(e.callee, [...BUILTINS, ...(this.env.externs?.keys() ?? [])]) ?? (this.env.canonical ? 'declare it under `externs`' : undefined));
        return { k: 'const', value: null, type: ET.unknown, ...at };
      }
    }
  }

  private arity(name: string, n: number, at: { start: number; end: number }): TExpr {
    this.err('E034', `\`${name}\` takes ${n} argument${n === 1 ? '' : 's'}`, at);
    return { k: 'const', value: null, type: ET.unknown, ...at };
  }

  protected enumValue(type: string, variant: string, at: { start: number; end: number }): TExpr {
    const d = this.env.table.declaration(type);
    if (d?.kind !== 'enum') {
      this.err('E030', `unknown enum \`${type}\``, at, didYouMean(type, this.env.table.names()));
      return { k: 'const', value: null, type: ET.unknown, ...at };
    }
    const v = d.variants.find((x) => x.name === variant);
    if (!v) {
      this.err('E033', `enum ${type} has no value \`${variant}\``, at, didYouMean(variant, d.variants.map((x) => x.name)));
      return { k: 'const', value: null, type: ET.unknown, ...at };
    }
    return { k: 'const', value: v.value, type: { k: 'enum', name: type }, ...at };
  }

  private structLiteral(e: Expr & { k: 'struct' }, at: { start: number; end: number }): TExpr {
    const d = this.env.table.struct(e.type);
    if (!d) {
      this.err('E030', `unknown struct \`${e.type}\``, { start: e.start, end: e.start + e.type.length }, didYouMean(e.type, this.env.table.names()));
      return { k: 'const', value: null, type: ET.unknown, ...at };
    }
    const fields: TExpr[] = [];
    for (const f of e.fields) {
      if (!d.fields.some((x) => x.name === f.name)) this.err('E033', `struct ${d.name} has no field \`${f.name}\``, { start: f.start, end: f.start + f.name.length }, didYouMean(f.name, d.fields.map((x) => x.name)));
    }
    for (const fd of d.fields) {
      const given = e.fields.find((f) => f.name === fd.name);
      if (given) fields.push(this.coerce(this.expr(given.value, fd.type), fd.type, given.value));
      else if (fd.hasDefault) fields.push({ k: 'const', value: zeroValue(fd.type, this.env.table), type: fd.type, start: e.start, end: e.start, ...{ defaultOf: fd.name } } as TExpr);
      else {
        this.err('E020', `struct literal ${d.name} is missing field \`${fd.name}\` (it has no default)`, at);
        fields.push({ k: 'const', value: zeroValue(fd.type, this.env.table), type: fd.type, start: e.start, end: e.start });
      }
    }
    return { k: 'struct', fields, type: { k: 'struct', name: d.name }, ...at };
  }

  /** A type written inside a body; resolved (and reported) by the owner, relative to the body. */
  typeFromText(text: string, at: { start: number; end: number }): EType {
    return this.typeReporter ? this.typeReporter(text, at) : ET.unknown;
  }

  /** Set by the owner: resolves a type written inside a body (reports E030/E040 itself). */
  typeReporter?: (text: string, at: { start: number; end: number }) => EType;
}
