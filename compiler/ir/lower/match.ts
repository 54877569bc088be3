/**
 * `match` (LANGUAGE.md §7.2, §8.3 item 2) lowered to a chain of conditions over a temporary:
 * arms are tried in order, bindings are set before the arm body, and a value no arm matches
 * traps with `no_match`. A non-exhaustive match is a warning.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrStmt, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import type { MatchArm, MatchExpr, Pattern } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { bigEndian, intFits } from '../../check/numeric.ts';
import { lowerArms, tailExpr, type ArmResult } from './arms.ts';
import { andE, binaryE, blockE, boolE, constE, convertE, ifE, ifS, isSomeE, localE, notE, setS, trapE, trapS, unwrapE, voidE } from './build.ts';
import type { FnCtx } from './context.ts';
import { show, tryCoerce } from './convert.ts';
import { lowerExpr } from './expr.ts';
import { exprDiverges, lowerBlock } from './stmt.ts';
import { enumsWithVariant, variantOf } from './variants.ts';

interface ArmPattern {
  cond: IrExpr;
  catchAll: boolean;
  binds: { name: string; value: IrExpr; span: Span }[];
}

interface Prepared {
  scrutinee: IrStmt;
  arms: { arm: MatchArm; pat: ArmPattern }[];
  exhaustive: boolean;
}

function prepare(cx: FnCtx, e: MatchExpr): Prepared {
  const x = lowerExpr(cx, e.scrutinee);
  const t = cx.fb.temp(x.type, 'scrut');
  const val = localE(t, x.type);
  const arms = e.arms.map((arm) => ({ arm, pat: patternCond(cx, arm.pattern, val) }));
  const exhaustive = isExhaustive(cx, x.type, e.arms.map((a) => a.pattern), arms.map((a) => a.pat));
  if (!exhaustive) {
    cx.prog.diagnostics.warning(Codes.nonExhaustiveMatch, `match on ${show(cx, x.type)} is not exhaustive; a value no arm matches traps with no_match`, e.scrutinee.span, {
      hint: `add a '_ =>' arm`,
    });
  }
  const firstCatchAll = arms.findIndex((a) => a.pat.catchAll);
  if (firstCatchAll >= 0 && firstCatchAll < arms.length - 1) {
    cx.prog.diagnostics.warning(Codes.unreachableCode, 'arms after a catch-all arm are never reached', arms[firstCatchAll + 1]!.arm.span);
  }
  return { scrutinee: setS(t, x), arms: firstCatchAll >= 0 ? arms.slice(0, firstCatchAll + 1) : arms, exhaustive };
}

function armResult(cx: FnCtx, arm: MatchArm, pat: ArmPattern, hint: IrType | undefined): ArmResult {
  return cx.fb.scoped(() => {
    const stmts: IrStmt[] = [];
    for (const b of pat.binds) {
      const local = cx.fb.addLocal(b.name, b.value.type, false, b.span);
      stmts.push(setS(local.id, b.value));
      cx.fb.declare(b.name, { id: local.id, type: b.value.type });
    }
    if (arm.body.kind === 'BlockExpr') {
      const r = lowerBlock(cx, arm.body.block, hint, true);
      return { ...r, stmts: [...stmts, ...r.stmts] };
    }
    if (exprDiverges(arm.body)) {
      const v = lowerExpr(cx, arm.body, hint);
      return { stmts: [...stmts, ...(v.e === 'trap' ? [trapS(v.kind, v.message, v.loc)] : [{ s: 'expr' as const, value: v }])], diverges: true };
    }
    const value = lowerExpr(cx, arm.body, hint);
    if (value.type.k === 'void') return { stmts: [...stmts, { s: 'expr', value }], diverges: false };
    return { stmts, value, diverges: false };
  });
}

export function lowerMatch(cx: FnCtx, e: MatchExpr, hint?: IrType): IrExpr {
  const p = prepare(cx, e);
  const out = lowerArms(
    cx,
    p.arms.map(({ arm, pat }) => {
      const tail = tailExpr(arm.body);
      return { lower: (h: IrType | undefined) => armResult(cx, arm, pat, h), span: (tail ?? arm.body).span, tail };
    }),
    hint,
    e.span,
  );
  if (out.kind === 'statements') return blockE([p.scrutinee, ...chainStmts(p, out.bodies, e.span)], voidE());
  let rest: IrExpr = trapE('no_match', 'no match arm matched the value', out.type, e.span);
  for (let i = p.arms.length - 1; i >= 0; i--) {
    const { pat } = p.arms[i]!;
    rest = pat.catchAll ? out.values[i]! : ifE(pat.cond, out.values[i]!, rest, out.type);
  }
  return blockE([p.scrutinee], rest);
}

export function lowerMatchStmt(cx: FnCtx, e: MatchExpr): IrStmt[] {
  const p = prepare(cx, e);
  const bodies = p.arms.map(({ arm, pat }) => {
    const r = armResult(cx, arm, pat, undefined);
    return r.value ? [...r.stmts, { s: 'expr' as const, value: r.value }] : r.stmts;
  });
  return [p.scrutinee, ...chainStmts(p, bodies, e.span)];
}

function chainStmts(p: Prepared, bodies: IrStmt[][], span: Span): IrStmt[] {
  let rest: IrStmt[] = [trapS('no_match', 'no match arm matched the value', span)];
  for (let i = p.arms.length - 1; i >= 0; i--) {
    const { pat } = p.arms[i]!;
    rest = pat.catchAll ? bodies[i]! : [ifS(pat.cond, bodies[i]!, rest)];
  }
  return rest;
}

const always = (): ArmPattern => ({ cond: boolE(true), catchAll: true, binds: [] });
const when = (cond: IrExpr): ArmPattern => ({ cond, catchAll: false, binds: [] });

/** The condition under which a pattern matches `val`, and the names it binds. */
function patternCond(cx: FnCtx, p: Pattern, val: IrExpr): ArmPattern {
  const t = val.type;
  switch (p.kind) {
    case 'WildcardPat':
      return always();
    case 'NilPat':
      if (t.k === 'option') return when(notE(isSomeE(val)));
      if (t.k === 'any') return when(binaryE('eq', val, constE(null, T.any), T.bool));
      return when(boolE(false));
    case 'SomePat': {
      if (t.k !== 'option') return patternCond(cx, p.inner, val);
      const inner = patternCond(cx, p.inner, unwrapE(val, t.inner, p.span));
      return { cond: andE(isSomeE(val), inner.cond), catchAll: false, binds: inner.binds };
    }
    case 'NamePat': {
      const name = p.name.name;
      const base = t.k === 'option' ? t.inner : t;
      if (base.k === 'enum' && variantOf(cx, base, name)) return throughOption(p, val, (v) => matchEq(cx, v, variantOf(cx, base, name)!, p));
      const c = cx.prog.consts.lookup(cx.file, name);
      if (c) {
        const k = cx.prog.consts.valueAt(cx, c, p.span);
        return throughOption(p, val, (v) => matchEq(cx, v, k, p));
      }
      // A name that is a variant of some visible enum matches that value (§7.2 item 6).
      const other = base.k !== 'enum' && base.k !== 'struct' ? enumsWithVariant(cx, name)[0] : undefined;
      if (other) return throughOption(p, val, (v) => matchEq(cx, v, variantOf(cx, other.type, name)!, p));
      return { cond: boolE(true), catchAll: true, binds: [{ name, value: val, span: p.name.span }] };
    }
    default:
      return throughOption(p, val, (v) => literalCond(cx, p, v));
  }
}

/** A value pattern against an option matches a present value equal to it. */
function throughOption(p: Pattern, val: IrExpr, test: (v: IrExpr) => IrExpr): ArmPattern {
  if (val.type.k === 'option') return when(andE(isSomeE(val), test(unwrapE(val, val.type.inner, p.span))));
  return when(test(val));
}

/** A pattern whose type can never equal the scrutinee's: a warning, and the arm is dead. */
function neverMatches(cx: FnCtx, p: Pattern, t: IrType, why = ''): IrExpr {
  cx.prog.diagnostics.warning(Codes.deadPattern, `pattern can never match a value of type ${show(cx, t)}${why}; the arm is never taken`, p.span);
  return boolE(false);
}

/** `v == k` for a pattern constant: k converts to v's type, enums compare discriminants. */
function matchEq(cx: FnCtx, v: IrExpr, k: IrExpr, p: Pattern): IrExpr {
  if (sameType(v.type, k.type)) return binaryE('eq', v, k, T.bool);
  if (k.e === 'const' && k.type.k === 'enum' && v.type.k === 'int' && typeof k.value === 'bigint') {
    return intFits(k.value, v.type) ? binaryE('eq', v, constE(k.value, v.type), T.bool) : neverMatches(cx, p, v.type);
  }
  if (k.e === 'const' && v.type.k === 'enum' && k.type.k === 'int' && typeof k.value === 'bigint') {
    return binaryE('eq', convertE('enum_int', v, k.type), k, T.bool);
  }
  const kk = tryCoerce(cx, k, v.type, p.span);
  if (kk) return binaryE('eq', v, kk, T.bool);
  const vv = tryCoerce(cx, v, k.type, p.span);
  if (vv) return binaryE('eq', vv, k, T.bool);
  return neverMatches(cx, p, v.type);
}

function literalCond(cx: FnCtx, p: Pattern, v: IrExpr): IrExpr {
  const t = v.type;
  switch (p.kind) {
    case 'IntPat':
      if (t.k === 'int') {
        if (!intFits(p.value, t)) return neverMatches(cx, p, t, ` (${p.value} is out of range)`);
        return binaryE('eq', v, constE(p.value, t), T.bool);
      }
      if (t.k === 'enum') {
        const def = cx.prog.types.enum(t.id);
        if (!def.variants.some((x) => x.value === p.value)) return neverMatches(cx, p, t, ` (no variant has the value ${p.value})`);
        return binaryE('eq', v, constE(p.value, t), T.bool);
      }
      if (t.k === 'float') return binaryE('eq', v, constE(Number(p.value), t), T.bool);
      if (t.k === 'bytesN' && p.value >= 0n) return binaryE('eq', v, constE(bigEndian(p.value, t.n), t), T.bool);
      if (t.k === 'any') return binaryE('eq', v, { e: 'convert', kind: 'to_any', value: constE(p.value, T.u64), type: T.any }, T.bool);
      return neverMatches(cx, p, t);
    case 'StringPat':
      if (t.k === 'string') return binaryE('eq', v, constE(p.value, T.string), T.bool);
      if (t.k === 'bytes') return binaryE('eq', v, constE(p.bytes.slice(), T.bytes), T.bool);
      if (t.k === 'bytesN') {
        if (p.bytes.length > t.n) return neverMatches(cx, p, t, ' (the string is longer)');
        const b = new Uint8Array(t.n);
        b.set(p.bytes);
        return binaryE('eq', v, constE(b, t), T.bool);
      }
      if (t.k === 'any') return binaryE('eq', v, { e: 'convert', kind: 'to_any', value: constE(p.value, T.string), type: T.any }, T.bool);
      return neverMatches(cx, p, t);
    case 'BoolPat':
      if (t.k === 'bool') return p.value ? v : notE(v);
      if (t.k === 'any') return binaryE('eq', v, { e: 'convert', kind: 'to_any', value: boolE(p.value), type: T.any }, T.bool);
      return neverMatches(cx, p, t);
    case 'PathPat': {
      const segs = p.segments;
      const last = segs[segs.length - 1]!.name;
      if (segs.length >= 2) {
        const def = cx.prog.resolver.lookup(segs[segs.length - 2]!.name, cx.file, segs.length >= 3 ? segs[segs.length - 3]!.name : undefined, p.span);
        const et = def ? cx.prog.resolver.typeOfDef(def) : undefined;
        if (et?.k === 'enum') {
          const k = variantOf(cx, et, last);
          if (!k) {
            cx.prog.diagnostics.error(Codes.noVariant, `${show(cx, et)} has no variant '${last}'`, p.span);
            return boolE(false);
          }
          if (t.k === 'enum' && t.id !== et.id) return matchEq(cx, v, variantOf(cx, t, last) ?? k, p);
          return matchEq(cx, v, k, p);
        }
      }
      if (t.k === 'enum') {
        const k = variantOf(cx, t, last);
        if (k) return binaryE('eq', v, k, T.bool);
      }
      const c = cx.prog.consts.lookup(cx.file, last, segs.length >= 2 ? segs[segs.length - 2]!.name : undefined);
      if (c) return matchEq(cx, v, cx.prog.consts.valueAt(cx, c, p.span), p);
      cx.prog.diagnostics.error(Codes.unknownName, `unknown pattern '${segs.map((x) => x.name).join('::')}'`, p.span);
      return boolE(false);
    }
    default:
      return neverMatches(cx, p, t);
  }
}

function isExhaustive(cx: FnCtx, t: IrType, patterns: Pattern[], compiled: ArmPattern[]): boolean {
  if (compiled.some((c) => c.catchAll)) return true;
  if (t.k === 'bool') {
    const vals = new Set(patterns.filter((p) => p.kind === 'BoolPat').map((p) => (p as { value: boolean }).value));
    return vals.size === 2;
  }
  if (t.k === 'enum') {
    const def = cx.prog.types.enum(t.id);
    const covered = new Set<string>();
    for (const p of patterns) {
      if (p.kind === 'NamePat') covered.add(p.name.name);
      else if (p.kind === 'PathPat') covered.add(p.segments[p.segments.length - 1]!.name);
      else if (p.kind === 'IntPat') def.variants.filter((v) => v.value === p.value).forEach((v) => covered.add(v.name));
    }
    return def.variants.every((v) => covered.has(v.name));
  }
  if (t.k === 'option') {
    const hasNil = patterns.some((p) => p.kind === 'NilPat');
    const someAll = patterns.some((p) => p.kind === 'SomePat' && (p.inner.kind === 'WildcardPat' || (p.inner.kind === 'NamePat' && !isValueName(cx, t.inner, p.inner.name.name))));
    return hasNil && someAll;
  }
  return false;
}

function isValueName(cx: FnCtx, t: IrType, name: string): boolean {
  return (t.k === 'enum' && variantOf(cx, t, name) !== undefined) || cx.prog.consts.lookup(cx.file, name) !== undefined;
}
