/**
 * Stream, store and graph builtins and methods (LANGUAGE.md §9 S, §9.1): host effects whose
 * `target` is the stream or store name; keys and values convert to the declared types.
 */
import type { Span } from '../../diagnostics/source.ts';
import type { IrExpr, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { Expr } from '../../syntax/ast.ts';
import { Codes } from '../../check/codes.ts';
import { withLoc } from './build.ts';
import type { FnCtx, StreamInfo } from './context.ts';
import { lookupStream, streamName } from './effects.ts';
import { lowerExpr, lowerExprTo } from './expr.ts';

export interface StreamRef {
  name: string;
  elem: IrType;
  key: IrType;
  value: IrType;
  info?: StreamInfo;
}

/** The stream named by a builtin's first argument; an undeclared one is a warning (any types). */
export function lowerEffectsStream(cx: FnCtx, arg: Expr): StreamRef {
  const named = streamName(arg);
  if (!named) {
    cx.prog.diagnostics.error(Codes.unknownStream, 'expected the name of a stream or store', arg.span);
    return { name: '?', elem: T.any, key: T.any, value: T.any };
  }
  const info = lookupStream(cx, named.name);
  if (!info) {
    if (arg.kind !== 'String') {
      cx.prog.diagnostics.warning(Codes.unknownStream, `'${named.name}' is not a declared stream or store; the host resolves it by name`, arg.span);
    }
    return { name: named.name, elem: T.any, key: T.any, value: T.any };
  }
  return { name: info.ir.name, elem: info.elem, key: info.key, value: info.value, info };
}

function host(name: string, args: IrExpr[], target: string, type: IrType, span: Span): IrExpr {
  return withLoc({ e: 'host', name, args, target, type }, span);
}

/** store_get / store_put / store_delete / store_scan / store / graph_* (§9). */
export function lowerStreamBuiltin(cx: FnCtx, canonical: string, args: Expr[], span: Span): IrExpr {
  const s = lowerEffectsStream(cx, args[0]!);
  const rest = args.slice(1);
  switch (canonical) {
    case 'store_get':
      return host('store_get', [lowerExprTo(cx, rest[0]!, s.key, 'key')], s.name, T.option(s.value), span);
    case 'store_put':
      return host('store_put', [lowerExprTo(cx, rest[0]!, s.key, 'key'), lowerExprTo(cx, rest[1]!, s.value, 'value')], s.name, T.void, span);
    case 'store_delete':
      return host('store_delete', [lowerExprTo(cx, rest[0]!, s.key, 'key')], s.name, T.void, span);
    case 'store_scan':
      return host('store_scan', rest.map((a) => lowerExpr(cx, a)), s.name, T.list(s.value), span);
    case 'store':
      return host('store', [lowerExpr(cx, rest[0]!)], s.name, T.bytesN(32), span);
    case 'graph_add_edge':
      return host('graph_add_edge', rest.map((a) => lowerExpr(cx, a)), s.name, T.bytesN(32), span);
    case 'graph_traverse':
      return host(
        'graph_traverse',
        [lowerExpr(cx, rest[0]!), lowerExpr(cx, rest[1]!), lowerExprTo(cx, rest[2]!, T.u64, 'depth')],
        s.name,
        T.list(T.bytesN(32)),
        span,
      );
    default:
      throw new Error(`not a stream builtin: ${canonical}`);
  }
}

/** `.get(k)`, `.put(k, v)`, `.delete(k)`, `.append(e)` on a declared store or stream (§9.1). */
export function lowerStreamMethod(cx: FnCtx, info: StreamInfo, method: string, args: Expr[], span: Span): IrExpr | undefined {
  const name = info.ir.name;
  switch (method) {
    case 'get':
      if (args.length !== 1) return arity(cx, method, 1, args.length, span);
      return host('store_get', [lowerExprTo(cx, args[0]!, info.key, 'key')], name, T.option(info.value), span);
    case 'put':
      if (args.length !== 2) return arity(cx, method, 2, args.length, span);
      return host('store_put', [lowerExprTo(cx, args[0]!, info.key, 'key'), lowerExprTo(cx, args[1]!, info.value, 'value')], name, T.void, span);
    case 'delete':
      if (args.length !== 1) return arity(cx, method, 1, args.length, span);
      return host('store_delete', [lowerExprTo(cx, args[0]!, info.key, 'key')], name, T.void, span);
    case 'append':
      if (args.length !== 1) return arity(cx, method, 1, args.length, span);
      return host('series_append', [lowerExprTo(cx, args[0]!, info.elem, 'record')], name, T.void, span);
    default:
      return undefined;
  }
}

function arity(cx: FnCtx, method: string, want: number, got: number, span: Span): IrExpr {
  cx.prog.diagnostics.error(Codes.wrongArity, `.${method}() takes ${want} argument${want === 1 ? '' : 's'}, got ${got}`, span);
  return { e: 'trap', kind: 'not_compiled', message: 'wrong arity', type: T.any };
}
