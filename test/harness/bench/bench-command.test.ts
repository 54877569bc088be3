import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, type BaselineFile, type CircuitFigures } from '../../../harness/bench/baseline.ts';
import { estreamAsync, scratchCopy } from '../cli/helpers.ts';

const SLOW = 300_000;

const figures = (circuit: string, ops: number, margin = 2): CircuitFigures => ({
  circuit,
  file: 'a.fl',
  opsPerSec: ops,
  nsPerCall: 1e9 / ops,
  marginPct: margin,
  samples: 10,
  witnessOpsPerSec: ops / 2,
  witnessNsPerCall: 2e9 / ops,
  witnessMarginPct: margin,
  witnessRatio: 2,
  heapBytesPerCall: 0,
  witnessHeapBytesPerCall: 0,
  engine: 'wasm',
});

describe('baseline comparison', () => {
  const baseline: BaselineFile = { format: 'estream-bench-baseline', version: 1, node: 'v20', circuits: [figures('a', 1000), figures('b', 1000), figures('c', 1000, 20)] };
  it('flags slowdowns beyond the threshold and the noise, and nothing else', () => {
    const out = compareWithBaseline([figures('a', 500), figures('b', 980), figures('c', 800, 20), figures('new', 1)], baseline, 10);
    expect(out.map((c) => [c.circuit, c.regression])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
    expect(out[0]!.slowdown).toBe(2);
    expect(out[0]!.verdict).toMatch(/^REGRESSION: 100\.0% slower/);
    expect(out[2]!.verdict).toContain('within noise');
  });
});

describe('estream bench end to end', () => {
  it('reports critical_path circuits and flags an injected slowdown against a saved baseline', async () => {
    const dir = scratchCopy('bench');
    const base = join(dir, 'baseline.json');
    const first = await estreamAsync(['bench', dir, '--max-time', '0.3', '--save', base, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { circuits: CircuitFigures[]; comparison: unknown[] };
    expect(report.circuits.map((c) => c.circuit)).toEqual(['checksum']);
    const c = report.circuits[0]!;
    expect(c.opsPerSec).toBeGreaterThan(0);
    expect(c.nsPerCall).toBeCloseTo(1e9 / c.opsPerSec, 3);
    expect(c.marginPct).toBeGreaterThanOrEqual(0);
    expect(c.witnessOpsPerSec).toBeGreaterThan(0);
    expect(c.witnessRatio).toBeCloseTo(c.opsPerSec / c.witnessOpsPerSec, 6);
    expect(c.heapBytesPerCall).toBeGreaterThanOrEqual(0);
    expect((JSON.parse(readFileSync(base, 'utf8')) as BaselineFile).circuits[0]!.circuit).toBe('checksum');

    // Inject a slowdown: the loop runs 5000 times instead of 10.
    const src = join(dir, 'hot.fl');
    writeFileSync(src, readFileSync(src, 'utf8').replace('while i < 10', 'while i < 5000'));
    const second = await estreamAsync(['bench', dir, '--max-time', '0.3', '--compare', base]);
    expect(second.status, second.stdout + second.stderr).toBe(1);
    expect(second.stdout).toMatch(/checksum .*REGRESSION/);
    expect(second.stdout).toContain('1 regression');
  }, SLOW);

  it('benchmarks a named circuit on a given input, and explains a missing one', async () => {
    const dir = scratchCopy('bench');
    const named = await estreamAsync(['bench', dir, '--circuit', 'not_hot', '--input', '{"x": 41}', '--max-time', '0.2']);
    expect(named.status, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/not_hot \(.*hot\.fl\)\s+[\d,]+/);
    const missing = await estreamAsync(['bench', dir, '--circuit', 'nope', '--max-time', '0.2']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no circuit named nope');
    const badInput = await estreamAsync(['bench', dir, '--circuit', 'not_hot', '--input', '{"y": 1}']);
    expect(badInput.status).toBe(1);
    expect(badInput.stderr).toContain("'y' is not a parameter");
  }, SLOW);
});
