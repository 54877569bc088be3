import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Saved bench figures (`estream bench --save FILE`) and the comparison that flags
 * regressions (`--compare FILE`), specs/testing.md §Bench.
 */
export interface CircuitFigures {
  circuit: string;
  file: string;
  /** Witness recording off: the figure compared against baselines. */
  opsPerSec: number;
  nsPerCall: number;
  /** Relative margin of error, in percent (benny / benchmark.js rme). */
  marginPct: number;
  samples: number;
  witnessOpsPerSec: number;
  witnessNsPerCall: number;
  witnessMarginPct: number;
  /** witness-on time / witness-off time. */
  witnessRatio: number;
  /** Approximate JS heap allocated per call (bytes), witness off and on. */
  heapBytesPerCall: number;
  witnessHeapBytesPerCall: number;
  engine: 'wasm' | 'interpreter';
}

export interface BaselineFile {
  format: 'estream-bench-baseline';
  version: 1;
  node: string;
  circuits: CircuitFigures[];
}

export function writeBaseline(path: string, circuits: CircuitFigures[]): void {
  const data: BaselineFile = { format: 'estream-bench-baseline', version: 1, node: process.version, circuits };
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}

export function readBaseline(path: string): BaselineFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read baseline ${path}: ${(e as Error).message}`);
  }
  const b = parsed as Partial<BaselineFile>;
  if (b?.format !== 'estream-bench-baseline' || !Array.isArray(b.circuits)) {
    throw new Error(`${path} is not an estream bench baseline (written by estream bench --save)`);
  }
  return b as BaselineFile;
}

export interface Comparison {
  circuit: string;
  baselineOps: number;
  currentOps: number;
  /** current time per call / baseline time per call (> 1 is slower). */
  slowdown: number;
  regression: boolean;
  /** Why it is or is not flagged. */
  verdict: string;
}

/**
 * A circuit regressed when its time per call grew by more than `thresholdPct` percent AND
 * the difference is larger than both runs' margins of error added together (so noise alone
 * does not flag it).
 */
export function compareWithBaseline(current: CircuitFigures[], baseline: BaselineFile, thresholdPct: number): Comparison[] {
  const out: Comparison[] = [];
  for (const c of current) {
    const b = baseline.circuits.find((x) => x.circuit === c.circuit && x.file === c.file) ?? baseline.circuits.find((x) => x.circuit === c.circuit);
    if (!b) continue;
    const slowdown = b.opsPerSec / c.opsPerSec;
    const changePct = (slowdown - 1) * 100;
    const noisePct = c.marginPct + b.marginPct;
    const regression = changePct > thresholdPct && changePct > noisePct;
    const verdict = regression
      ? `REGRESSION: ${changePct.toFixed(1)}% slower (threshold ${thresholdPct}%, noise ±${noisePct.toFixed(1)}%)`
      : changePct > thresholdPct
        ? `${changePct.toFixed(1)}% slower, within noise (±${noisePct.toFixed(1)}%)`
        : changePct < -thresholdPct
          ? `${(-changePct).toFixed(1)}% faster`
          : `unchanged (${changePct >= 0 ? '+' : ''}${changePct.toFixed(1)}%)`;
    out.push({ circuit: c.circuit, baselineOps: b.opsPerSec, currentOps: c.opsPerSec, slowdown, regression, verdict });
  }
  return out;
}
