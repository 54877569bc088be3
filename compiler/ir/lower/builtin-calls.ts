/**
 * Builtin calls (LANGUAGE.md §9): arity from the signature table, then pure builtins become
 * IR `builtin`, effects IR `host`, and the core ones IR nodes of their own.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrType } from '../ir.ts';
import { sameType, T } from '../ir.ts';
import type { BinaryExpr, Expr } from '../../syntax/ast.ts';
import { paramSpec, type BuiltinSig, type ParamSpec } from '../../check/builtins.ts';
import { Codes } from '../../check/codes.ts';
import { intMax, intMin, type IntT } from '../../check/numeric.ts';
import { valueOf } from './access.ts';
import { pushPending } from './pending-list.ts';
import { binaryE, blockE, constE, convertE, ifE, indexE, isSomeE, lenE, localE, pushS, setPlaceS, setS, someE, trapE, unwrapE, voidE, withLoc } from './build.ts';
import { lowerAll, lowerFold, lowerQuery } from './closures.ts';
import type { FnCtx } from './context.ts';
import { coerce, isKeyBundle, keyField, poison, show } from './convert.ts';
import { lowerEmit, streamName } from './effects.ts';
import { lowerExpr, lowerExprTo } from './expr.ts';
import { lowerBinary, unifyOperands } from './ops.ts';
import { lowerPlace } from './places.ts';
import { lowerStreamBuiltin } from './stream-calls.ts';

export function lowerBuiltinCall(cx: FnCtx, name: string, sig: BuiltinSig, args: Expr[], span: Span, hint?: IrType): IrExpr {
  const e = lowerBuiltinCallNode(cx, name, sig, args, span, hint);
  // A call the IR spells with core nodes keeps a mark that it was a call (ir.ts builtinCall).
  if (e.e !== 'builtin' && e.e !== 'host' && e.e !== 'call' && e.e !== 'const' && e.e !== 'local') e.builtinCall = sig.canonical;
  return e;
}

function lowerBuiltinCallNode(cx: FnCtx, name: string, sig: BuiltinSig, args: Expr[], span: Span, hint?: IrType): IrExpr {
  if (args.length < sig.minArgs || args.length > sig.maxArgs) {
    const want = sig.minArgs === sig.maxArgs ? `${sig.minArgs}` : `${sig.minArgs} to ${sig.maxArgs}`;
    cx.prog.diagnostics.error(Codes.wrongArity, `${name}() takes ${want} argument${sig.maxArgs === 1 ? '' : 's'}, got ${args.length}`, span);
    for (const a of args) if (a.kind !== 'Closure') lowerExpr(cx, a);
    return poison(hint ?? T.any);
  }
  const c = sig.canonical;
  switch (c) {
    case 'len':
      return lowerLen(cx, args[0]!);
    case 'min':
    case 'max':
      return lowerMinMax(cx, c, args, span, hint);
    case 'equal':
      return lowerBinary(cx, synthBinary('==', args, span));
    case 'some': {
      const inner = hint?.k === 'option' ? hint.inner : undefined;
      const v = inner ? lowerExprTo(cx, args[0]!, inner) : lowerExpr(cx, args[0]!);
      return someE(v, T.option(v.type));
    }
    case 'nth': {
      const list = valueOf(lowerExpr(cx, args[0]!), args[0]!.span);
      if (list.type.k !== 'list' && list.type.k !== 'array') {
        cx.prog.diagnostics.error(Codes.typeMismatch, `nth expects a list, found ${show(cx, list.type)}`, args[0]!.span);
        return poison(T.any);
      }
      return indexE(list, lowerExprTo(cx, args[1]!, T.u64, 'index'), list.type.elem, span);
    }
    case 'wrapping_add':
    case 'wrapping_sub':
    case 'wrapping_mul':
    case 'checked_add':
    case 'checked_sub':
    case 'checked_mul':
    case 'saturating_add':
    case 'saturating_sub':
    case 'saturating_mul':
      return lowerExplicitArith(cx, c, args, span, hint);
    case 'bitwise_and':
    case 'bitwise_or':
    case 'bitwise_not':
      return lowerBitwise(cx, c, args, span, hint);
    case 'fail': {
      const msg = args[0];
      const text = msg === undefined ? 'fail' : msg.kind === 'String' ? msg.value : msg.span.file.text.slice(msg.span.start, msg.span.end);
      return trapE('fail', text, hint && hint.k !== 'void' ? hint : T.any, span);
    }
    case 'fold':
      return lowerFold(cx, args, span, hint);
    case 'all':
      return lowerAll(cx, args, span);
    case 'query':
      return lowerQuery(cx, args, span);
    case 'append':
      return lowerAppend(cx, args, span);
    case 'copy':
      return lowerCopy(cx, args, span);
    case 'emit': {
      const s = streamName(args[0]!);
      if (!s) {
        cx.prog.diagnostics.error(Codes.unknownStream, 'emit expects the name of a stream', args[0]!.span);
        return poison(T.bool);
      }
      return lowerEmit(cx, s, args[1]!, span);
    }
    case 'store_get':
    case 'store_put':
    case 'store_delete':
    case 'store_scan':
    case 'store':
    case 'graph_add_edge':
    case 'graph_traverse':
      return lowerStreamBuiltin(cx, c, args, span);
    case 'deviation':
      return lowerDeviation(cx, args, span);
    case 'mlkem_encaps':
      return withLoc({ e: 'host', name: c, args: [lowerArg(cx, args[0]!, 'key-ek')], type: cx.prog.encapsulation }, span);
    case 'mldsa_sign':
    case 'mldsa_verify':
      return withLoc({ e: 'builtin', name: c, args: args.map((a, i) => lowerArg(cx, a, paramSpec(sig, i))), type: resultOf(cx, sig, []) }, span);
    default: {
      const lowered = args.map((a, i) => lowerArg(cx, a, paramSpec(sig, i)));
      const type = resultOf(cx, sig, lowered.map((a) => a.type));
      return withLoc({ e: sig.kind === 'host' ? 'host' : 'builtin', name: c, args: lowered, type }, span);
    }
  }
}

function resultOf(cx: FnCtx, sig: BuiltinSig, argTypes: IrType[]): IrType {
  const r = sig.result;
  if (r === 'keyBundle') return cx.prog.keyBundle;
  if (r === 'encapsulation') return cx.prog.encapsulation;
  if (typeof r === 'function') return r(argTypes);
  return r;
}

function synthBinary(op: '==', args: Expr[], span: Span): BinaryExpr {
  return { kind: 'Binary', op, opSpan: span, left: args[0]!, right: args[1]!, span };
}

/** An argument typed by its parameter spec (builtins.ts). */
function lowerArg(cx: FnCtx, a: Expr, spec: ParamSpec): IrExpr {
  if (typeof spec === 'object') return lowerExprTo(cx, a, spec, 'argument');
  switch (spec) {
    case 'value': {
      const v = lowerExpr(cx, a);
      if (v.type.k === 'void') cx.prog.diagnostics.error(Codes.typeMismatch, 'argument has no value', a.span);
      return v;
    }
    case 'bytes': {
      const v = valueOf(lowerExpr(cx, a, T.bytes), a.span);
      const k = v.type.k;
      if (k === 'bytes' || k === 'bytesN' || k === 'string' || k === 'any') return v;
      return coerce(cx, v, T.bytes, a.span, 'argument');
    }
    case 'int': {
      const v = valueOf(lowerExpr(cx, a), a.span);
      if (v.type.k === 'int') return v;
      if (v.type.k === 'enum') return convertE('enum_int', v, T.u64);
      return coerce(cx, v, T.u64, a.span, 'argument');
    }
    case 'key-sk':
    case 'key-pk':
    case 'key-ek':
      return lowerKey(cx, a, spec);
    default:
      return lowerExpr(cx, a);
  }
}

const KEY_SIZES = { 'key-sk': [4896, 'mldsa_sk', 'ML-DSA-87 secret key'], 'key-pk': [2592, 'mldsa_pk', 'ML-DSA-87 public key'], 'key-ek': [1568, 'mlkem_ek', 'ML-KEM-1024 encapsulation key'] } as const;

/** §8.5.5: a key of the exact size or a key bundle; any other value is used as a seed (warning). */
function lowerKey(cx: FnCtx, a: Expr, spec: 'key-sk' | 'key-pk' | 'key-ek'): IrExpr {
  const [size, field, what] = KEY_SIZES[spec];
  const v = valueOf(lowerExpr(cx, a), a.span);
  if (isKeyBundle(cx, v.type)) return keyField(cx, v, field);
  if (v.type.k === 'bytesN' && v.type.n === size) return v;
  if (v.type.k === 'bytes' || v.type.k === 'any') return v;
  cx.prog.diagnostics.warning(
    Codes.keySize,
    `expected a ${what} (bytes(${size})) or a key bundle, found ${show(cx, v.type)}; the value is used as a seed`,
    a.span,
  );
  return v;
}

function lowerLen(cx: FnCtx, a: Expr): IrExpr {
  const v = valueOf(lowerExpr(cx, a), a.span);
  const k = v.type.k;
  if (k === 'list' || k === 'array' || k === 'bytes' || k === 'bytesN' || k === 'string') return lenE(v);
  if (k === 'any') return withLoc({ e: 'builtin', name: 'len', args: [v], type: T.u64 }, a.span);
  cx.prog.diagnostics.error(Codes.typeMismatch, `len expects a list, bytes or a string, found ${show(cx, v.type)}`, a.span);
  return poison(T.u64);
}

/** min/max of two values of one type (evaluated once each). */
function lowerMinMax(cx: FnCtx, which: 'min' | 'max', args: Expr[], span: Span, hint?: IrType): IrExpr {
  const [l, r] = unifyOperands(cx, args[0]!, args[1]!, hint, span);
  const t = l.type;
  const a = cx.fb.temp(t, 'a');
  const b = cx.fb.temp(t, 'b');
  const pick = binaryE(which === 'min' ? 'le' : 'ge', localE(a, t), localE(b, t), T.bool, span);
  return blockE([setS(a, l), setS(b, r)], ifE(pick, localE(a, t), localE(b, t), t));
}

/** wrapping_* / checked_* / saturating_* (§8.1 item 3). */
function lowerExplicitArith(cx: FnCtx, name: string, args: Expr[], span: Span, hint?: IrType): IrExpr {
  const [kind, opName] = name.split('_') as [string, 'add' | 'sub' | 'mul'];
  const h = hint?.k === 'option' ? hint.inner : hint;
  const [l, r] = unifyOperands(cx, args[0]!, args[1]!, h && (h.k === 'int' || h.k === 'float') ? h : undefined, span);
  const t = l.type;
  if (t.k !== 'int') {
    cx.prog.diagnostics.error(Codes.operatorType, `${name} needs integers, found ${show(cx, t)}`, span);
    return poison(kind === 'checked' ? T.option(t) : t);
  }
  if (kind === 'wrapping') return binaryE(opName, l, r, t, span, false);
  if (kind === 'checked') return withLoc({ e: 'checkedArith', op: opName, left: l, right: r, type: T.option(t) }, span);
  if (opName !== 'mul') return withLoc({ e: 'saturatingArith', op: opName, left: l, right: r, type: t }, span);
  // saturating_mul: the checked product, else the bound on the side of the true result's sign.
  const a = cx.fb.temp(t, 'a');
  const b = cx.fb.temp(t, 'b');
  const p = cx.fb.temp(T.option(t), 'prod');
  const max = constE(intMax(t as IntT), t);
  const bound = t.signed
    ? ifE(binaryE('ne', binaryE('lt', localE(a, t), constE(0n, t), T.bool), binaryE('lt', localE(b, t), constE(0n, t), T.bool), T.bool), constE(intMin(t as IntT), t), max, t)
    : max;
  return blockE(
    [setS(a, l), setS(b, r), setS(p, { e: 'checkedArith', op: 'mul', left: localE(a, t), right: localE(b, t), type: T.option(t) })],
    ifE(isSomeE(localE(p, T.option(t))), unwrapE(localE(p, T.option(t)), t), bound, t),
  );
}

function lowerBitwise(cx: FnCtx, name: string, args: Expr[], span: Span, hint?: IrType): IrExpr {
  if (name === 'bitwise_not') {
    const v = valueOf(lowerExpr(cx, args[0]!, hint), args[0]!.span);
    if (v.type.k === 'int') return { e: 'unary', op: 'bnot', operand: v, type: v.type };
    return withLoc({ e: 'builtin', name, args: [v], type: v.type }, span);
  }
  const [l, r] = unifyOperands(cx, args[0]!, args[1]!, hint, span);
  if (l.type.k === 'int' && sameType(l.type, r.type)) return binaryE(name === 'bitwise_and' ? 'and' : 'or', l, r, l.type, span);
  if (l.type.k === 'bytesN' && r.type.k === 'bytesN' && l.type.n !== r.type.n) {
    cx.prog.diagnostics.error(Codes.typeMismatch, `${name} needs bytes of the same size, found ${show(cx, l.type)} and ${show(cx, r.type)}`, span);
  }
  return withLoc({ e: 'builtin', name, args: [l, r], type: l.type }, span);
}

/** `append(xs, v)`: pushes onto the list place xs (§9, §8.2.1). */
function lowerAppend(cx: FnCtx, args: Expr[], span: Span): IrExpr {
  const target = args[0]!;
  const open = target.kind === 'Name' ? cx.fb.lookup(target.name) : undefined;
  if (open?.pendingList) return pushPending(cx, open, args[1]!, span);
  const place = lowerPlace(cx, args[0]!);
  if (!place) return poison(T.void);
  if (place.type.k !== 'list') {
    cx.prog.diagnostics.error(Codes.typeMismatch, `append needs a list, found ${show(cx, place.type)}`, args[0]!.span);
    return poison(T.void);
  }
  const v = lowerExprTo(cx, args[1]!, place.type.elem, 'appended element');
  return blockE([pushS(place.local, place.path, v, span)], voidE());
}

/** `copy(dst, dst_off, src, src_off, n)`: the pure builtin's result assigned back to dst. */
function lowerCopy(cx: FnCtx, args: Expr[], span: Span): IrExpr {
  const place = lowerPlace(cx, args[0]!);
  if (!place) return poison(T.void);
  const dstT = place.type;
  if (dstT.k !== 'bytes' && dstT.k !== 'bytesN') {
    cx.prog.diagnostics.error(Codes.typeMismatch, `copy needs a bytes destination, found ${show(cx, dstT)}`, args[0]!.span);
    return poison(T.void);
  }
  const dst = lowerExpr(cx, args[0]!);
  const rest = [lowerArg(cx, args[1]!, 'int'), lowerArg(cx, args[2]!, 'bytes'), lowerArg(cx, args[3]!, 'int'), lowerArg(cx, args[4]!, 'int')];
  const value: IrExpr = withLoc({ e: 'builtin', name: 'copy', args: [dst, ...rest], type: dstT }, span);
  const set = place.path.length === 0 ? setS(place.local, value, span) : setPlaceS(place.local, place.path, value, span);
  // Decision (specs/checking.md §9): the copy is in place, and the call's value is the updated
  // destination too, so both `copy(buf, …)` and `buf = copy(buf, …)` work as written.
  return blockE([set], lowerExpr(cx, args[0]!));
}

/**
 * `deviation(x, baseline)` (§8.6 item 5): `baseline` is the host's rolling baseline of the
 * metric x; the pure builtin computes |x − B| / max(|B|, 1e-9).
 */
function lowerDeviation(cx: FnCtx, args: Expr[], span: Span): IrExpr {
  const x = lowerExprTo(cx, args[0]!, T.f64, 'deviation input');
  const b = args[1]!;
  let baseline: IrExpr;
  if (b.kind === 'Name' && b.name === 'baseline' && !cx.fb.lookup('baseline')) {
    const metric = args[0]!.kind === 'Name' ? args[0]!.name : args[0]!.span.file.text.slice(args[0]!.span.start, args[0]!.span.end);
    baseline = withLoc({ e: 'host', name: 'observe_baseline', args: [constE(metric, T.string)], type: T.f64 }, span);
  } else baseline = lowerExprTo(cx, b, T.f64, 'baseline');
  return withLoc({ e: 'builtin', name: 'deviation', args: [x, baseline], type: T.f64 }, span);
}

