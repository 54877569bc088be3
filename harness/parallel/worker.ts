import { parentPort } from 'node:worker_threads';
import type { ProgramContext } from '../run/context.ts';
import type { DiscoveredTest } from '../run/discover.ts';
import { prepareProgram, runOne } from '../run/run-tests.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/**
 * A test-runner worker: loads the program once (reusing the wasm the main thread compiled),
 * then runs the tests it is sent, by index into the discovery order, and posts the results.
 */
const port = parentPort!;
let state: { ctx: ProgramContext; tests: DiscoveredTest[] } | undefined;

const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (msg: ToWorker) => {
  void handle(msg).catch((e: unknown) => post({ type: 'error', message: (e as Error)?.message ?? String(e) }));
});

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'init') {
    const prepared = await prepareProgram(msg.group, { ...msg.options, workers: 1 }, {}, true, msg.compiled);
    if ('failure' in prepared) throw new Error(prepared.failure.message);
    if (prepared.tests.length !== msg.expectedTests) {
      throw new Error(`the worker found ${prepared.tests.length} tests, the runner ${msg.expectedTests}`);
    }
    state = prepared;
    post({ type: 'ready' });
    return;
  }
  if (!state) throw new Error('worker used before init');
  const test = state.tests[msg.index];
  if (!test) throw new Error(`no test #${msg.index}`);
  const results = await runOne(state.ctx, test, () => {});
  post({ type: 'done', index: msg.index, results });
}
