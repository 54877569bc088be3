/**
 * Builtin and host calls. SHA3 and `concat` run inside wasm (issue 3: hashing is the hottest
 * builtin); `equal` is structural equality; every other builtin and every host effect goes
 * through one JS import with an argument block (specs/abi.md §5).
 */
import type { IrExpr, IrType } from '../ir/ir.ts';
import type { Ref } from './context.ts';
import { resolveLoc } from './context.ts';
import type { FnCx } from './fn-context.ts';
import { argsLayout, BYTES_HEADER } from './layout.ts';
import { emitEncodeTop, emitEq, load, store } from './codec-gen.ts';
import type { CallSite } from './meta.ts';

type E<K extends IrExpr['e']> = Extract<IrExpr, { e: K }>;

const SHA3 = { sha3_256: { rate: 136, out: 32 }, hash: { rate: 136, out: 32 }, sha3_512: { rate: 72, out: 64 } } as const;

export function emitBuiltin(fx: FnCx, e: E<'builtin'>): Ref {
  const name = e.name;
  if ((name === 'sha3_256' || name === 'hash' || name === 'sha3_512') && e.args.length >= 1 && e.type.k === 'bytesN') {
    const spec = SHA3[name];
    if (e.type.n === spec.out) return emitSha3(fx, e.args, spec.rate, spec.out);
  }
  if (name === 'concat' && (e.type.k === 'bytes' || e.type.k === 'string')) return emitConcat(fx, e.args);
  if (name === 'equal' && e.args.length === 2 && e.type.k === 'bool') return emitEq(fx.cx, e.args[0]!.type, fx.expr(e.args[0]!), fx.expr(e.args[1]!));
  return emitImportCall(fx, 'builtin', e.name, e.args, e.type, undefined, e.loc);
}

export function emitHost(fx: FnCx, e: E<'host'>): Ref {
  return emitImportCall(fx, 'host', e.name, e.args, e.type, e.target, e.loc);
}

/** Canonical encodings of `args` joined into one fresh buffer: (ptr, len) locals. */
function joinEncodings(fx: FnCx, args: IrExpr[]): { pre: Ref[]; ptr: number; len: number } {
  const { B, m } = fx.cx;
  const parts = args.map((a) => {
    const p = fx.tmp('i32');
    const l = fx.tmp('i32');
    const t = fx.tmp('i32');
    return { p, l, code: emitEncodeTop(fx.cx, a.type, fx.expr(a), p, l, t) };
  });
  const ptr = fx.tmp('i32');
  const len = fx.tmp('i32');
  if (parts.length === 1) {
    const only = parts[0]!;
    return { pre: [only.code, m.local.set(ptr, m.local.get(only.p, B.i32)), m.local.set(len, m.local.get(only.l, B.i32))], ptr, len };
  }
  const total = parts.reduce<Ref>((acc, p) => m.i32.add(acc, m.local.get(p.l, B.i32)), m.i32.const(0));
  const dst = fx.tmp('i32');
  const pre: Ref[] = [
    ...parts.map((p) => p.code),
    m.local.set(len, total),
    m.local.set(ptr, m.call('rt.alloc', [m.local.get(len, B.i32)], B.i32)),
    m.local.set(dst, m.local.get(ptr, B.i32)),
  ];
  for (const p of parts) {
    pre.push(m.memory.copy(m.local.get(dst, B.i32), m.local.get(p.p, B.i32), m.local.get(p.l, B.i32)));
    pre.push(m.local.set(dst, m.i32.add(m.local.get(dst, B.i32), m.local.get(p.l, B.i32))));
  }
  return { pre, ptr, len };
}

function emitSha3(fx: FnCx, args: IrExpr[], rate: number, outLen: number): Ref {
  const { B, m } = fx.cx;
  const j = joinEncodings(fx, args);
  const out = fx.tmp('i32');
  return m.block(null, [
    ...j.pre,
    m.local.set(out, m.call('rt.alloc', [m.i32.const(outLen)], B.i32)),
    m.call('rt.sha3', [m.local.get(j.ptr, B.i32), m.local.get(j.len, B.i32), m.i32.const(rate), m.i32.const(outLen), m.local.get(out, B.i32)], B.none),
    m.local.get(out, B.i32),
  ], B.i32);
}

/** `concat(a, b, …)`: the canonical encodings joined (bytes and strings raw), as `bytes`. */
function emitConcat(fx: FnCx, args: IrExpr[]): Ref {
  const { B, m } = fx.cx;
  const j = joinEncodings(fx, args);
  const out = fx.tmp('i32');
  return m.block(null, [
    ...j.pre,
    m.local.set(out, m.call('rt.alloc', [m.i32.add(m.local.get(j.len, B.i32), m.i32.const(BYTES_HEADER))], B.i32)),
    m.i32.store(0, 4, m.local.get(out, B.i32), m.local.get(j.len, B.i32)),
    m.memory.copy(m.i32.add(m.local.get(out, B.i32), m.i32.const(BYTES_HEADER)), m.local.get(j.ptr, B.i32), m.local.get(j.len, B.i32)),
    m.local.get(out, B.i32),
  ], B.i32);
}

function emitImportCall(fx: FnCx, kind: 'host' | 'builtin', name: string, args: IrExpr[], result: IrType, target: string | undefined, loc: E<'host'>['loc']): Ref {
  const cx = fx.cx;
  const { B, m } = cx;
  const site: CallSite = { kind, name, argTypes: args.map((a) => a.type), resultType: result, func: fx.funcName };
  if (target !== undefined) site.target = target;
  const lex = cx.ir.funcs.find((f) => f.name === fx.funcName)?.attrs['lex'];
  if (typeof lex === 'string') site.lexPath = lex;
  const r = resolveLoc(loc);
  if (r) site.loc = r;
  const id = cx.callSites.length;
  cx.callSites.push(site);
  const kinds = args.map((a) => cx.slot(a.type));
  const layout = argsLayout(kinds);
  const block = fx.tmp('i32');
  const B_ = () => m.local.get(block, B.i32);
  const call = m.call(kind === 'host' ? 'rt.host' : 'rt.builtin', [m.i32.const(id), B_()], B.i32);
  const stmts: Ref[] = [
    m.local.set(block, m.call('rt.alloc', [m.i32.const(layout.size)], B.i32)),
    ...args.map((a, i) => store(cx, kinds[i]!, B_(), layout.offsets[i]!, fx.expr(a))),
  ];
  if (cx.slot(result) === 'none') return m.block(null, [...stmts, m.drop(call)]);
  return m.block(null, [...stmts, load(cx, cx.slot(result), call, 0)], cx.typeOf(result));
}
