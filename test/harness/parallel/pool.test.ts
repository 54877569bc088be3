import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../../harness/model.ts';
import { plannedWorkers, runTests } from '../../../harness/run/run-tests.ts';
import { FIXTURES } from '../cli/helpers.ts';

const comparable = (t: TestResult) => ({ name: t.name, kind: t.kind, status: t.status, message: t.message.replace(/[\d.]+ ms/g, '') });

describe('worker-thread parallelism', () => {
  it('gives the same results, in the same order, as a single thread', async () => {
    const dir = join(FIXTURES, 'property');
    const seen: string[] = [];
    const parallel = await runTests([dir], { engine: 'interpreter', runs: 1000, workers: 2 }, { onNotice: (n) => seen.push(n) });
    const serial = await runTests([dir], { engine: 'interpreter', runs: 1000, workers: 1 });
    expect(seen).toContain('running 5 tests on 2 worker threads');
    expect(parallel.tests.map(comparable)).toEqual(serial.tests.map(comparable));
    expect(parallel.failed).toBe(2);
  }, 180_000);

  it('only starts workers when the work repays it', () => {
    const t = (kind: 'golden' | 'property') => ({ name: 'x', kind, file: 'a.fl', line: 1, sourcePath: 'a.fl', ir: { name: 'x', kind, func: 'f', inputs: [] } });
    expect(plannedWorkers([t('golden'), t('golden')], { workers: 2 })).toBe(1);
    expect(plannedWorkers(Array.from({ length: 40 }, () => t('property')), { workers: 2 })).toBe(2);
    expect(plannedWorkers(Array.from({ length: 40 }, () => t('property')), { workers: 1 })).toBe(1);
  });
});
