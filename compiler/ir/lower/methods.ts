/**
 * Method calls (LANGUAGE.md §9.1): store and stream methods, `.len()`, `.push(x)`, and a few
 * option and list conveniences real code uses (specs/checking.md, "Method extensions").
 */
import type { IrExpr, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { MethodCallExpr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { valueOf } from './access.ts';
import { pushPending } from './pending-list.ts';
import { binaryE, blockE, boolE, ifS, isSomeE, lenE, localE, pushS, setS, u64E, unwrapE, voidE } from './build.ts';
import { eachElement } from './closures.ts';
import type { FnCtx } from './context.ts';
import { coerce, poison, show } from './convert.ts';
import { lookupStream } from './effects.ts';
import { lowerExpr, lowerExprTo } from './expr.ts';
import { presence } from './ops.ts';
import { lowerPlace } from './places.ts';
import { lowerStreamMethod } from './stream-calls.ts';
import { findFunction, lowerCall } from './calls.ts';
import { BUILTINS } from '../../check/builtins.ts';

const BUILTIN_METHODS = new Set(['len', 'is_empty', 'is_some', 'is_none', 'unwrap', 'unwrap_or', 'contains', 'clone', 'as_bytes', 'to_bytes']);

export function lowerMethodCall(cx: FnCtx, e: MethodCallExpr, hint?: IrType): IrExpr {
  const method = e.method.name;
  const recv = e.receiver;
  // A declared stream or store (not shadowed by a local) takes the §9.1 store methods.
  if (recv.kind === 'Name' && !cx.fb.lookup(recv.name)) {
    const info = lookupStream(cx, recv.name);
    if (info) {
      const r = lowerStreamMethod(cx, info, method, e.args, e.span);
      if (r) return r;
      cx.prog.diagnostics.error(Codes.unknownMethod, `stream '${recv.name}' has no method '${method}' (get, put, delete, append)`, e.method.span);
      return poison(hint ?? T.any);
    }
  }
  const arity = (n: number): boolean => {
    if (e.args.length === n) return true;
    cx.prog.diagnostics.error(Codes.wrongArity, `.${method}() takes ${n} argument${n === 1 ? '' : 's'}, got ${e.args.length}`, e.span);
    return false;
  };
  if (method === 'push' || method === 'append') {
    if (!arity(1)) return poison(T.void);
    const open = recv.kind === 'Name' ? cx.fb.lookup(recv.name) : undefined;
    if (open?.pendingList) return pushPending(cx, open, e.args[0]!, e.span);
    const place = lowerPlace(cx, recv);
    if (!place) return poison(T.void);
    if (place.type.k !== 'list') {
      cx.prog.diagnostics.error(Codes.unknownMethod, `.${method}() needs a list, found ${show(cx, place.type)}`, e.method.span);
      return poison(T.void);
    }
    const v = lowerExprTo(cx, e.args[0]!, place.type.elem, 'pushed element');
    return blockE([pushS(place.local, place.path, v, e.span)], voidE());
  }
  if (!BUILTIN_METHODS.has(method)) {
    // `x.f(args)` where f is a circuit or builtin taking x first (specs/checking.md).
    const ufcs = methodAsCall(cx, e, hint);
    if (ufcs) return ufcs;
    const r = lowerExpr(cx, recv);
    cx.prog.diagnostics.error(Codes.unknownMethod, `unknown method '${method}' on ${show(cx, r.type)}`, e.method.span);
    return poison(hint ?? T.any);
  }
  const raw = lowerExpr(cx, recv);
  switch (method) {
    case 'len': {
      if (!arity(0)) return poison(T.u64);
      const v = valueOf(raw, recv.span);
      const k = v.type.k;
      if (k === 'list' || k === 'array' || k === 'bytes' || k === 'bytesN' || k === 'string') return lenE(v);
      if (k === 'any') return { e: 'builtin', name: 'len', args: [v], type: T.u64, loc: e.span };
      break;
    }
    case 'is_empty': {
      if (!arity(0)) return poison(T.bool);
      const v = valueOf(raw, recv.span);
      if (['list', 'array', 'bytes', 'bytesN', 'string'].includes(v.type.k)) return binaryE('eq', lenE(v), u64E(0), T.bool);
      break;
    }
    case 'is_some':
    case 'is_none':
      if (!arity(0)) return poison(T.bool);
      return presence(cx, raw, method === 'is_some', e.span);
    case 'unwrap':
      if (!arity(0)) return poison(hint ?? T.any);
      if (raw.type.k === 'option') return unwrapE(raw, raw.type.inner, e.span);
      if (raw.type.k === 'any' && hint && hint.k !== 'void') return coerce(cx, raw, hint, e.span);
      return raw;
    case 'unwrap_or': {
      if (!arity(1)) return poison(hint ?? T.any);
      if (raw.type.k !== 'option') return raw;
      const t = cx.fb.temp(raw.type, 'opt');
      const fallback = lowerExprTo(cx, e.args[0]!, raw.type.inner, 'fallback');
      return blockE([setS(t, raw)], {
        e: 'if',
        cond: isSomeE(localE(t, raw.type)),
        then: unwrapE(localE(t, raw.type), raw.type.inner),
        else: fallback,
        type: raw.type.inner,
      });
    }
    case 'contains': {
      if (!arity(1)) return poison(T.bool);
      const v = valueOf(raw, recv.span);
      if (v.type.k !== 'list' && v.type.k !== 'array') break;
      const elem = v.type.elem;
      const needle = lowerExprTo(cx, e.args[0]!, elem, 'element');
      const n = cx.fb.temp(elem, 'needle');
      const found = cx.fb.temp(T.bool, 'found');
      const loop = eachElement(cx, v, e.span, (x) => [ifS(binaryE('eq', x, localE(n, elem), T.bool), [setS(found, boolE(true)), { s: 'break' }])]);
      return blockE([setS(n, needle), setS(found, boolE(false)), ...loop], localE(found, T.bool));
    }
    case 'clone':
      if (!arity(0)) return poison(raw.type);
      return raw;
    case 'as_bytes':
    case 'to_bytes': {
      if (!arity(0)) return poison(T.bytes);
      const v = valueOf(raw, recv.span);
      if (v.type.k === 'string' || v.type.k === 'bytesN' || v.type.k === 'bytes' || v.type.k === 'any') return coerce(cx, v, T.bytes, recv.span);
      break;
    }
    default:
      break;
  }
  cx.prog.diagnostics.error(Codes.unknownMethod, `unknown method '${method}' on ${show(cx, raw.type)}`, e.method.span);
  return poison(hint ?? T.any);
}

function methodAsCall(cx: FnCtx, e: MethodCallExpr, hint?: IrType): IrExpr | undefined {
  const name = e.method.name;
  const def = findFunction(cx, name);
  const sig = def ? cx.prog.sigs.get(def) : undefined;
  const builtin = BUILTINS.get(name);
  const arity = e.args.length + 1;
  const fits = sig ? sig.params.length === arity : builtin ? arity >= builtin.minArgs && arity <= builtin.maxArgs : false;
  if (!fits) return undefined;
  return lowerCall(cx, { kind: 'Call', callee: { kind: 'Name', name, span: e.method.span }, args: [e.receiver, ...e.args], span: e.span }, hint);
}
