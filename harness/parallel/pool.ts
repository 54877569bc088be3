import { Worker } from 'node:worker_threads';
import type { ProgramGroup } from '../../compiler/pipeline/programs.ts';
import type { RunOptions, TestResult } from '../model.ts';
import type { ProgramContext } from '../run/context.ts';
import type { DiscoveredTest } from '../run/discover.ts';
import { runOne, skippedResults, type RunHooks } from '../run/run-tests.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/**
 * Runs a program's tests on worker threads (specs/testing.md §Execution). Each worker loads
 * the program and reuses the wasm compiled here; tests are handed out one at a time to
 * whichever worker is free, and results are reported in discovery order. A worker that
 * fails to start or dies leaves its tests to this thread, so nothing is lost.
 */
export async function runInWorkers(
  group: ProgramGroup,
  options: RunOptions,
  ctx: ProgramContext,
  tests: DiscoveredTest[],
  indices: number[],
  workerCount: number,
  bail: { stopped: boolean },
  hooks: RunHooks,
): Promise<TestResult[]> {
  const byIndex = new Map<number, TestResult[]>();
  const queue = [...indices];
  let nextToEmit = 0;
  const emitInOrder = () => {
    while (nextToEmit < indices.length && byIndex.has(indices[nextToEmit]!)) {
      for (const r of byIndex.get(indices[nextToEmit]!)!) hooks.onResult?.(r);
      nextToEmit++;
    }
  };
  const record = (index: number, results: TestResult[]) => {
    byIndex.set(index, results);
    if (options.bail && results.some((r) => r.status === 'failed')) bail.stopped = true;
    emitInOrder();
  };
  const take = (): number | undefined => {
    const i = queue.shift();
    if (i === undefined) return undefined;
    if (bail.stopped) {
      record(i, skippedResults(tests[i]!, 'skipped by --bail'));
      return take();
    }
    return i;
  };

  const compiled = ctx.engine.compiled;
  const init: ToWorker = { type: 'init', group, options, expectedTests: tests.length, ...(compiled ? { compiled } : {}) };
  const runWorker = () =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(new URL('./worker-entry.js', import.meta.url));
      } catch {
        resolve();
        return;
      }
      let current: number | undefined;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        // A test in flight when the worker failed goes back to the queue for this thread.
        if (current !== undefined && !byIndex.has(current)) queue.unshift(current);
        void worker.terminate();
        resolve();
      };
      const next = () => {
        current = take();
        if (current === undefined) finish();
        else worker.postMessage({ type: 'run', index: current } satisfies ToWorker);
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') next();
        else if (m.type === 'done') {
          record(m.index, m.results);
          next();
        } else finish();
      });
      worker.on('error', finish);
      worker.on('exit', finish);
      worker.postMessage(init);
    });
  await Promise.all(Array.from({ length: workerCount }, runWorker));
  // Whatever the workers could not run (start failure, crash) runs here.
  for (let i = take(); i !== undefined; i = take()) record(i, await runOne(ctx, tests[i]!, () => {}));
  emitInOrder();
  return indices.flatMap((i) => byIndex.get(i) ?? []);
}
