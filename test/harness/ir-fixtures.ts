/** Small hand-built IR modules for harness tests (no front end needed). */
import { SourceFile, spanOf, type Span } from '../../compiler/diagnostics/source.ts';
import type { IrExpr, IrFunc, IrLocal, IrModule, IrStmt, IrType } from '../../compiler/ir/ir.ts';
import { T } from '../../compiler/ir/ir.ts';

export const SOURCE = new SourceFile(
  'fees.fl',
  [
    'circuit fee(days: u32) -> u32', //                       line 1
    '    invariant "small" { result < 100 }', //                line 2
    '{ days * 2 }', //                                          line 3
    'test golden fee_ten { assert fee(10) == 21 }', //          line 4
    'test golden fee_ok { assert fee(10) == 20 }', //           line 5
    'test golden fee_big { assert fee(60) == 120 }', //         line 6
  ].join('\n'),
);

/** Span of the first occurrence of `text` on 1-based `line`. */
export function at(line: number, text: string): Span {
  const start = SOURCE.offsetOf(line, 1) + SOURCE.lineText(line).indexOf(text);
  return spanOf(SOURCE, start, start + text.length);
}

export const local = (id: number, type: IrType): IrExpr => ({ e: 'local', id, type });
export const u32 = (v: number): IrExpr => ({ e: 'const', value: BigInt(v), type: T.u32 });

export function func(name: string, kind: IrFunc['kind'], params: [string, IrType][], result: IrType, body: IrStmt[], extra: Partial<IrFunc> = {}): IrFunc {
  const locals: IrLocal[] = params.map(([n, t], id) => ({ id, name: n, type: t, witness: true }));
  return { name, sourceName: name, kind, params: locals.map((l) => l.id), result, locals, body, exported: kind === 'circuit', overflowChecks: false, attrs: {}, ...extra };
}

/** `assert call(args) == expected` as the front end lowers it: if !(…) { trap assert }. */
export function assertEq(callee: string, arg: number, expected: number, loc: Span): IrStmt {
  const cmp: IrExpr = { e: 'binary', op: 'eq', left: { e: 'call', func: callee, args: [u32(arg)], type: T.u32 }, right: u32(expected), type: T.bool };
  return { s: 'if', cond: { e: 'unary', op: 'not', operand: cmp, type: T.bool }, then: [{ s: 'trap', kind: 'assert', message: 'assertion failed', loc }], else: [] };
}

export function feeModule(): IrModule {
  const fee = func('fee', 'circuit', [['days', T.u32]], T.u32, [
    { s: 'return', value: { e: 'binary', op: 'mul', left: local(0, T.u32), right: u32(2), type: T.u32, loc: at(3, 'days * 2') } },
  ], { loc: at(1, 'fee') });
  const pred = func('fee__invariant_0', 'predicate', [['days', T.u32], ['result', T.u32]], T.bool, [
    { s: 'return', value: { e: 'binary', op: 'lt', left: local(1, T.u32), right: u32(100), type: T.bool } },
  ], { loc: at(2, 'invariant "small" { result < 100 }'), attrs: { clause: 'invariant', label: 'small', circuit: 'fee' } });
  const tests = [
    { name: 'fee_ten', line: 4, arg: 10, expected: 21 },
    { name: 'fee_ok', line: 5, arg: 10, expected: 20 },
    { name: 'fee_big', line: 6, arg: 60, expected: 120 },
  ];
  const testFuncs = tests.map((t) => func(`test__${t.name}`, 'test', [], T.void, [assertEq('fee', t.arg, t.expected, at(t.line, `assert fee(${t.arg}) == ${t.expected}`))]));
  return {
    types: [],
    funcs: [fee, pred, ...testFuncs],
    procs: [],
    streams: [],
    stateMachines: [],
    tests: tests.map((t) => ({ name: t.name, kind: 'golden', func: `test__${t.name}`, inputs: [], loc: at(t.line, `test golden ${t.name}`) })),
    attrs: {},
  };
}
