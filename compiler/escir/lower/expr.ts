/**
 * Typed ESCIR expressions → IR (ESCIR.md §6 determinism rules): integers wrap (or trap
 * under `checked`), `/` and `%` truncate and trap on zero (the IR's own semantics), shift
 * counts are masked to the width, float→int saturates. Structs hash as their packed
 * little-endian bytes (ESCIR.md §4 layout).
 */
import type { IrConvertKind, IrExpr, IrPlaceStep } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import type { TExpr, TStmt } from '../expr/typed.ts';
import type { EType } from '../types/etype.ts';
import type { TypeTable } from '../types/type-table.ts';
import { and, bin, builtin, c, cond, convert, field, FnBuilder, index, not, or } from './builder.ts';
import type { IrTypes } from './ir-types.ts';
import { LoweringError } from './errors.ts';
import { zeroValue } from '../types/literals.ts';
import { fillLoc, type BodySpans } from './locations.ts';

export interface ExprLowerEnv {
  fn: FnBuilder;
  types: IrTypes;
  table: TypeTable;
  /** The payload of an operand key (inputs, node ports, state, …). */
  operand(key: string): IrExpr;
  /** Assignment to a named output / register. */
  assign?(key: string, value: IrExpr): void;
  /** checker local id → IR local id (filled as lets are lowered). */
  locals: Map<number, number>;
  checked: boolean;
  /** Process operations (ports, cores, ROMs): ESCIR.md §7. */
  effect?(e: TExpr & { k: 'effect' }): IrExpr;
  /** Assignment into part of a register or wire named by key. */
  place?(key: string, path: IrPlaceStep[], value: IrExpr): void;
  /** `return` from a process activation. */
  exit?(): void;
  /** Spans of the body's tokens (lower/locations.ts): each statement and expression is located there. */
  spans?: BodySpans;
}

const BIN: Record<string, import('../../ir/ir.ts').IrBinaryOp> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'rem',
  '&': 'and',
  '|': 'or',
  '^': 'xor',
  '<<': 'shl',
  '>>': 'shr',
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};

export function lowerStmts(env: ExprLowerEnv, stmts: TStmt[]): void {
  for (const s of stmts) {
    const at = env.spans && s.start !== undefined ? env.spans(s.start, s.end ?? s.start) : undefined;
    env.fn.located(at, () => lowerStmt(env, s));
  }
}

function lowerStmt(env: ExprLowerEnv, s: TStmt): void {
  const fn = env.fn;
  switch (s.k) {
    case 'let': {
      const v = lowerExpr(env, s.value);
      const id = fn.local(`let${s.id}`, v.type);
      env.locals.set(s.id, id);
      fn.set(id, v);
      return;
    }
    case 'set':
      fn.set(env.locals.get(s.id)!, lowerExpr(env, s.value));
      return;
    case 'out':
      if (!env.assign) throw new LoweringError(`assignment to \`${s.key}\` is not allowed here`);
      env.assign(s.key, lowerExpr(env, s.value));
      return;
    case 'expr':
      fn.emit({ s: 'expr', value: lowerExpr(env, s.value) });
      return;
    case 'if':
      fn.if(lowerExpr(env, s.cond), () => lowerStmts(env, s.then), () => lowerStmts(env, s.else));
      return;
    case 'for': {
      // `next` advances before the body, so `continue` cannot skip the increment.
      const from = lowerExpr(env, s.from);
      const to = lowerExpr(env, s.to);
      const id = fn.local(`for${s.id}`, from.type);
      const next = fn.let(`for${s.id}_next`, from);
      env.locals.set(s.id, id);
      const body = fn.block(() => {
        fn.if(bin('ge', fn.get(next), to), () => fn.emit({ s: 'break' }));
        fn.set(id, fn.get(next));
        fn.set(next, bin('add', fn.get(next), c(1n, from.type)));
        lowerStmts(env, s.body);
      });
      fn.emit({ s: 'loop', body });
      return;
    }
    case 'place': {
      const path: IrPlaceStep[] = s.path.map((p) => (p.k === 'field' ? p : { k: 'index', index: toU64(lowerExpr(env, p.index)) }));
      const value = lowerExpr(env, s.value);
      if ('local' in s.base) fn.setPath(env.locals.get(s.base.local)!, path as never, value);
      else if (env.place) env.place(s.base.key, path, value);
      else throw new LoweringError(`assignment into \`${s.base.key}\` is not allowed here`);
      return;
    }
    case 'return':
      if (!env.exit) throw new LoweringError('`return` is only allowed in process code');
      env.exit();
      return;
    case 'break':
    case 'continue':
      fn.emit({ s: s.k });
      return;
  }
}

/** A typed expression as IR, located at its token (ExprLowerEnv.spans) where it has no span of its own. */
export function lowerExpr(env: ExprLowerEnv, e: TExpr): IrExpr {
  const ir = lowerExprNode(env, e);
  if (env.spans) fillLoc(ir, env.spans(e.start, e.end));
  return ir;
}

function lowerExprNode(env: ExprLowerEnv, e: TExpr): IrExpr {
  const ty = () => env.types.of(e.type);
  switch (e.k) {
    case 'const':
      return c(constFor(e.value, e.type), ty());
    case 'local':
      return env.fn.get(env.locals.get(e.id)!);
    case 'operand':
      return env.operand(e.key);
    case 'field':
      return field(lowerExpr(env, e.object), e.index, ty());
    case 'index': {
      const obj = lowerExpr(env, e.object);
      const i = toU64(lowerExpr(env, e.index));
      return index(obj, i, ty());
    }
    case 'slice': {
      const obj = lowerExpr(env, e.object);
      const out: IrExpr = { e: 'slice', object: obj, lo: toU64(lowerExpr(env, e.lo)), type: ty() };
      if (e.hi) (out as { hi?: IrExpr }).hi = toU64(lowerExpr(env, e.hi));
      return out;
    }
    case 'len':
      return { e: 'len', object: lowerExpr(env, e.object), type: T.u64 };
    case 'unary': {
      const v = lowerExpr(env, e.operand);
      if (e.op === '!') return not(v);
      if (e.op === '~') return { e: 'unary', op: 'bnot', operand: v, type: v.type };
      const neg: IrExpr = { e: 'unary', op: 'neg', operand: v, type: v.type };
      if (env.checked) (neg as { checked?: boolean }).checked = true;
      return neg;
    }
    case 'logic': {
      const l = lowerExpr(env, e.left);
      const r = lowerExpr(env, e.right);
      return e.op === '&&' ? and(l, r) : or(l, r);
    }
    case 'binary': {
      const l = lowerExpr(env, e.left);
      let r = lowerExpr(env, e.right);
      if (e.left.type.k === 'bool') {
        // Bitwise operators on bools are the logical ones (no effects to order).
        if (e.op === '&') return and(l, r);
        if (e.op === '|') return or(l, r);
        if (e.op === '^') return bin('ne', l, r);
      }
      if ((e.op === '<<' || e.op === '>>') && l.type.k === 'int') {
        // ESCIR.md §6: shift counts are masked to the width.
        r = bin('and', r, c(BigInt(l.type.bits - 1), r.type));
      }
      const op = BIN[e.op]!;
      const arith = op === 'add' || op === 'sub' || op === 'mul';
      return bin(op, l, r, arith && env.checked ? true : undefined);
    }
    case 'cond':
      return cond(lowerExpr(env, e.cond), lowerExpr(env, e.then), lowerExpr(env, e.else));
    case 'convert':
      return lowerConvert(env, e.value, e.type);
    case 'builtin':
      return lowerBuiltin(env, e);
    case 'struct':
      return { e: 'struct', fields: e.fields.map((f) => lowerExpr(env, f)), type: ty() };
    case 'list':
      return { e: 'list', elems: e.elems.map((x) => lowerExpr(env, x)), type: ty() };
    case 'extern':
      return { e: 'host', name: e.name, args: e.args.map((a) => lowerExpr(env, a)), type: ty() };
    case 'block': {
      let value: IrExpr | undefined;
      // The value is lowered inside the block: it may read the block's locals and emit statements of its own.
      const stmts = env.fn.block(() => {
        lowerStmts(env, e.stmts);
        const v = lowerExpr(env, e.value);
        const id = env.fn.let('blk', v);
        value = env.fn.get(id);
      });
      return { e: 'block', stmts, value: value!, type: value!.type };
    }
    case 'effect':
      if (!env.effect) throw new LoweringError(`\`${e.op}\` is only allowed in process code`);
      return env.effect(e);
    case 'trap':
      return { e: 'trap', kind: 'no_match', message: e.message, type: ty() };
  }
}

function toU64(e: IrExpr): IrExpr {
  if (e.type.k === 'int' && e.type.bits === 64 && !e.type.signed) return e;
  if (e.e === 'const' && typeof e.value === 'bigint') return c(e.value, T.u64);
  return convert('int', e, T.u64);
}

/** IrConst for a checker constant: strings in a bytes context were already encoded. */
function constFor(v: unknown, t: EType): import('../../ir/ir.ts').IrConst {
  if (t.k === 'float' && typeof v === 'bigint') return Number(v);
  return v as import('../../ir/ir.ts').IrConst;
}

function lowerConvert(env: ExprLowerEnv, value: TExpr, to: EType): IrExpr {
  const v = lowerExpr(env, value);
  const target = env.types.of(to);
  const from = value.type;
  let kind: IrConvertKind;
  if (from.k === 'int' && to.k === 'int') kind = 'int';
  else if (from.k === 'int' && to.k === 'float') kind = 'int_float';
  else if (from.k === 'float' && to.k === 'int') kind = 'float_int';
  else if (from.k === 'float' && to.k === 'float') kind = 'float_float';
  else if (from.k === 'bool' && to.k === 'int') kind = 'bool_int';
  else if (from.k === 'enum' && to.k === 'int') kind = 'enum_int';
  else if (from.k === 'int' && to.k === 'enum') kind = 'int_enum';
  else if (from.k === 'int' && to.k === 'bytes') kind = 'int_bytes';
  else if ((from.k === 'bytes' || from.k === 'string') && to.k === 'bytes') kind = 'pad_bytes';
  else if (from.k === 'array' && to.k === 'bytes') kind = 'list_bytes';
  else if (from.k === 'enum' && to.k === 'float') {
    return convert('int_float', convert('enum_int', v, T.u64), target);
  } else return v;
  return convert(kind, v, target);
}

function lowerBuiltin(env: ExprLowerEnv, e: TExpr & { k: 'builtin' }): IrExpr {
  const args = e.args.map((a) => lowerExpr(env, a));
  const ty = env.types.of(e.type);
  switch (e.name) {
    case 'min':
    case 'max':
      return cond(bin(e.name === 'min' ? 'le' : 'ge', args[0]!, args[1]!), args[0]!, args[1]!);
    case 'abs': {
      const a = args[0]!;
      if (a.type.k === 'int' && !a.type.signed) return a;
      const zero = a.type.k === 'float' ? c(0, a.type) : c(0n, a.type);
      return cond(bin('lt', a, zero), { e: 'unary', op: 'neg', operand: a, type: a.type }, a);
    }
    case 'sha3_256':
    case 'blake3':
    case 'fnv1a32': {
      const bytes = packBytes(env, args[0]!, e.args[0]!.type);
      return builtin(e.name, [bytes], ty);
    }
    case 'hex':
      return builtin('hex', [e.args[0]!.type.k === 'int' ? convert('int_bytes', args[0]!, T.bytesN((e.args[0]!.type as { bits: number }).bits / 8)) : args[0]!], T.string);
    default:
      throw new LoweringError(`builtin \`${e.name}\` has no lowering`);
  }
}

/**
 * The packed little-endian bytes of a value (ESCIR.md §4 layout), for hashing. bytes and
 * strings hash as their content; fixed-size composites as their layout.
 */
export function packBytes(env: ExprLowerEnv, v: IrExpr, t: EType): IrExpr {
  if (t.k === 'bytes' || t.k === 'string') return v;
  const parts = packParts(env, v, t);
  const size = parts.reduce((n, p) => n + p.size, 0);
  const pieces = parts.map((p) => p.expr);
  // concat takes at most 64 pieces: fold larger layouts in chunks.
  let chunks = pieces;
  while (chunks.length > 64) {
    const next: IrExpr[] = [];
    for (let i = 0; i < chunks.length; i += 64) next.push(builtin('concat', chunks.slice(i, i + 64), T.bytes));
    chunks = next;
  }
  return chunks.length === 1 && chunks[0]!.type.k === 'bytesN' ? chunks[0]! : builtin('concat', chunks, T.bytesN(size));
}

function packParts(env: ExprLowerEnv, v: IrExpr, t: EType): { expr: IrExpr; size: number }[] {
  switch (t.k) {
    case 'int': {
      const n = t.bits / 8;
      const bytes: IrExpr[] = [];
      for (let i = 0; i < n; i++) bytes.push(convert('int', i === 0 ? v : bin('shr', v, c(BigInt(8 * i), v.type)), T.u8));
      return [{ expr: convert('list_bytes', { e: 'list', elems: bytes, type: { k: 'array', elem: T.u8, n } }, T.bytesN(n)), size: n }];
    }
    case 'bool':
    case 'unit':
      return [{ expr: convert('list_bytes', { e: 'list', elems: [convert('bool_int', v, T.u8)], type: { k: 'array', elem: T.u8, n: 1 } }, T.bytesN(1)), size: 1 }];
    case 'enum': {
      const d = env.table.declaration(t.name);
      const bits = d?.kind === 'enum' ? d.reprBits : 8;
      const it: EType = { k: 'int', bits, signed: false };
      return packParts(env, convert('enum_int', v, env.types.of(it)), it);
    }
    case 'bytes':
      return [{ expr: v, size: t.n }];
    case 'string': {
      const len = convert('int', { e: 'len', object: v, type: T.u64 }, T.u16);
      return [...packParts(env, len, { k: 'int', bits: 16, signed: false }), { expr: convert('pad_bytes', v, T.bytesN(t.n)), size: t.n }];
    }
    case 'array': {
      const out: { expr: IrExpr; size: number }[] = [];
      for (let i = 0; i < t.n; i++) out.push(...packParts(env, index(v, c(BigInt(i), T.u64), env.types.of(t.elem)), t.elem));
      return out;
    }
    case 'option': {
      const inner = env.types.of(t.inner);
      const present = { e: 'isSome', value: v, type: T.bool } as IrExpr;
      const zero = c(zeroValue(t.inner, env.table), inner);
      const payload = cond(present, { e: 'unwrap', value: v, type: inner }, zero);
      return [...packParts(env, present, { k: 'bool' }), ...packParts(env, payload, t.inner)];
    }
    case 'struct': {
      const d = env.table.struct(t.name);
      const out: { expr: IrExpr; size: number }[] = [];
      d?.fields.forEach((f, i) => out.push(...packParts(env, field(v, i, env.types.of(f.type)), f.type)));
      return out;
    }
    default:
      throw new LoweringError(`values of type ${t.k} cannot be hashed as packed bytes`);
  }
}

