/**
 * Cost of the test runner's instrumentation (specs/testing.md §Test-mode instrumentation):
 * the same circuit call on the plain compiled program and on the test-mode program (assert
 * operand capture, clause checks after each call), measured in one process with benny.
 * Run: npx tsx bench/harness.bench.ts
 */
import b from 'benny';
import { compileSources } from '../compiler/pipeline/program.ts';
import { compileModule } from '../compiler/wasm/index.ts';
import { loadModule } from '../runtime/wasm/index.ts';
import { createHost } from '../runtime/host/index.ts';
import { ClauseChecker } from '../harness/clauses/checker.ts';
import { RunState } from '../harness/exec/run-state.ts';
import { instrumentModule } from '../harness/run/run-tests.ts';

const SOURCE = `
circuit discount(price: u32, pct: u32) -> u32
    @invariant "not_above_price" { result <= price }
{
    let cut = (price * pct) / 100
    price - cut
}
circuit plain_discount(price: u32, pct: u32) -> u32
{
    let cut = (price * pct) / 100
    price - cut
}
`;

const program = compileSources([{ path: 'bench.fl', text: SOURCE }]);
const clauses = new ClauseChecker(program.ir);
const instrumented = instrumentModule(program.ir, clauses, new Map());
const plain = await loadModule(await compileModule(program.ir, { optLevel: 1, witness: false }));
const tested = await loadModule(await compileModule(instrumented, { optLevel: 1, witness: false }));
const plainHost = createHost();
const testHost = createHost();
clauses.register(testHost, new RunState());
const args = [200n, 10n];

let plainOps = 0;
let checkedOps = 0;
let noClauseOps = 0;
await b.suite(
  'test-mode instrumentation',
  b.add('plain program: circuit with an invariant', () => {
    plain.callIr('discount', args, { host: plainHost });
  }),
  b.add('test mode: invariant checked after the call', () => {
    tested.callIr('discount', args, { host: testHost });
  }),
  b.add('test mode: circuit without clauses', () => {
    tested.callIr('plain_discount', args, { host: testHost });
  }),
  b.cycle(),
  b.complete((summary) => {
    plainOps = summary.results[0]!.ops;
    checkedOps = summary.results[1]!.ops;
    noClauseOps = summary.results[2]!.ops;
  }),
);
console.log(`\ninvariant check after each call: ${(plainOps / checkedOps).toFixed(2)}x the plain call time`);
console.log(`test mode without clauses:      ${(plainOps / noClauseOps).toFixed(2)}x the plain call time`);
