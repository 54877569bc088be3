import type { CircuitFigures, Comparison } from './baseline.ts';

/** The bench table: one row per circuit, figures measured in the same run. */
export function renderBenchTable(figures: readonly CircuitFigures[]): string {
  const header = ['circuit', 'ops/s', 'ns/call', '±%', 'witness ops/s', 'witness ns/call', 'witness ×', 'heap B/call (off/on)', 'engine'];
  const rows = figures.map((f) => [
    `${f.circuit} (${f.file})`,
    fmt(f.opsPerSec, 0),
    fmt(f.nsPerCall, 0),
    f.marginPct.toFixed(2),
    fmt(f.witnessOpsPerSec, 0),
    fmt(f.witnessNsPerCall, 0),
    f.engine === 'wasm' ? f.witnessRatio.toFixed(2) : 'n/a',
    `${f.heapBytesPerCall}/${f.witnessHeapBytesPerCall}`,
    f.engine,
  ]);
  return table([header, ...rows]);
}

export function renderComparison(comparison: readonly Comparison[]): string {
  if (comparison.length === 0) return 'no circuit of the baseline was measured in this run';
  const rows = comparison.map((c) => [c.circuit, fmt(c.baselineOps, 0), fmt(c.currentOps, 0), `${c.slowdown.toFixed(2)}×`, c.verdict]);
  const regressions = comparison.filter((c) => c.regression).length;
  return `${table([['circuit', 'baseline ops/s', 'ops/s', 'time ratio', 'verdict'], ...rows])}\n${regressions} regression${regressions === 1 ? '' : 's'}`;
}

function fmt(n: number, digits: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}
