/**
 * Reference IR interpreter speed: a loop computing Σ i² over u64 (three statements and a
 * dozen expression nodes per iteration) against the same loop written directly in
 * JavaScript with BigInt, measured in the same process. The ratio says how much slower
 * tree-walking the IR is than the host language. Run: npx tsx bench/interp.bench.ts
 */
import b from 'benny';
import type { IrExpr, IrFunc, IrModule, IrStmt, IrType } from '../compiler/ir/ir.ts';
import { T } from '../compiler/ir/ir.ts';
import { createHost } from '../runtime/host/index.ts';
import { interpretCall } from '../runtime/interp/index.ts';

const N = 10_000n;
const local = (id: number, type: IrType = T.u64): IrExpr => ({ e: 'local', id, type });
const u64 = (v: bigint): IrExpr => ({ e: 'const', value: v, type: T.u64 });
const bin = (op: 'add' | 'mul' | 'ge', left: IrExpr, right: IrExpr): IrExpr => ({ e: 'binary', op, left, right, type: op === 'ge' ? T.bool : T.u64 });
const set = (id: number, value: IrExpr): IrStmt => ({ s: 'set', local: id, value });

const sumOfSquares: IrFunc = {
  name: 'main',
  sourceName: 'main',
  kind: 'circuit',
  params: [0],
  result: T.u64,
  locals: [
    { id: 0, name: 'n', type: T.u64, witness: false },
    { id: 1, name: 'i', type: T.u64, witness: true },
    { id: 2, name: 's', type: T.u64, witness: true },
  ],
  body: [
    set(1, u64(0n)),
    set(2, u64(0n)),
    {
      s: 'loop',
      body: [
        { s: 'if', cond: bin('ge', local(1), local(0)), then: [{ s: 'break' }], else: [] },
        set(2, bin('add', local(2), bin('mul', local(1), local(1)))),
        set(1, bin('add', local(1), u64(1n))),
      ],
    },
    { s: 'return', value: local(2) },
  ],
  exported: true,
  overflowChecks: false,
  attrs: {},
};
const module: IrModule = { types: [], funcs: [sumOfSquares], procs: [], streams: [], stateMachines: [], tests: [], attrs: {} };
const host = createHost();

function direct(n: bigint): bigint {
  let s = 0n;
  for (let i = 0n; i < n; i++) s = BigInt.asUintN(64, s + BigInt.asUintN(64, i * i));
  return s;
}

if (interpretCall(module, 'main', [N], { host }) !== direct(N)) throw new Error('interpreter and direct loop disagree');

const results: Record<string, number> = {};
await b.suite(
  `Σ i² for i < ${N} (u64, wrapping)`,
  b.add('direct JavaScript BigInt loop (baseline)', () => {
    direct(N);
  }),
  b.add('IR interpreter', () => {
    interpretCall(module, 'main', [N], { host });
  }),
  b.cycle((r: { name: string; ops: number }) => {
    results[r.name] = r.ops;
  }),
  b.complete(() => {
    const base = results['direct JavaScript BigInt loop (baseline)']!;
    for (const [name, ops] of Object.entries(results)) {
      const perIteration = 1e9 / (ops * Number(N));
      console.log(`${name.padEnd(42)} ${ops.toFixed(1).padStart(9)} ops/s  ${perIteration.toFixed(0).padStart(5)} ns/iteration  ${(ops / base).toFixed(3)}× baseline`);
    }
  }),
);
