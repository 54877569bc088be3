import type { Command } from 'commander';
import { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../errors.ts';

/**
 * `estream bench [PATHS…]`: benchmarks hot-path circuits (every `critical_path` circuit, or
 * `--circuit NAME`) with benny, witness off and on, and compares with a saved baseline
 * (specs/testing.md §Bench).
 */
export function register(program: Command): void {
  program
    .command('bench')
    .description('benchmark critical_path circuits with benny: ops/s, ns/call, margin of error, witness on vs off, heap per call')
    .argument('[paths...]', 'files or directories (recursive over .fl .fld .flj)', ['.'])
    .option('--circuit <name>', 'benchmark this circuit (instead of every critical_path circuit)')
    .option('--input <json>', 'arguments as JSON (object by parameter name, or array), or @file.json')
    .option('--json', 'print one JSON object {"circuits":[…],"comparison":[…]}')
    .option('--save <file>', 'save the figures as a baseline file')
    .option('--compare <file>', 'compare with a baseline file; exit 1 when a circuit regressed')
    .option('--threshold <pct>', 'slowdown in percent that counts as a regression (default 10)', '10')
    .option('--max-time <seconds>', 'time per measured case (default 1)', '1')
    .option('--overflow-checks', 'compile with integer overflow checks (LANGUAGE.md §8.1)')
    .addHelpText(
      'after',
      `
Inputs: --input, else the first vector of <stem>.<circuit>.inputs.json (the golden inputs),
else every parameter's zero value. A regression is a slowdown above --threshold that is
also larger than the two runs' margins of error together.

Examples:
  estream bench circuits --save bench-baseline.json
  estream bench circuits --compare bench-baseline.json
  estream bench lib.fl --circuit price_stay --input '{"entered_at": 0, "left_at": 3600000}'`,
    )
    .action(async (paths: string[], opts: BenchCliOptions) => {
      process.exitCode = await runBenchCommand(paths, opts);
    });
}

interface BenchCliOptions {
  circuit?: string;
  input?: string;
  json?: boolean;
  save?: string;
  compare?: string;
  threshold: string;
  maxTime: string;
  overflowChecks?: boolean;
}

export async function runBenchCommand(paths: string[], opts: BenchCliOptions): Promise<number> {
  const { existsSync } = await import('node:fs');
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new CliError(`no such file or directory: ${missing.join(', ')}`, EXIT_USAGE);
  const threshold = Number(opts.threshold);
  if (!Number.isFinite(threshold) || threshold < 0) throw new CliError(`--threshold expects a percentage, got '${opts.threshold}'`, EXIT_USAGE);
  const maxTime = Number(opts.maxTime);
  if (!Number.isFinite(maxTime) || maxTime <= 0) throw new CliError(`--max-time expects seconds, got '${opts.maxTime}'`, EXIT_USAGE);
  const { benchPaths } = await import('../../harness/bench/run-bench.ts');
  const { compareWithBaseline, readBaseline, writeBaseline } = await import('../../harness/bench/baseline.ts');
  const { renderBenchTable, renderComparison } = await import('../../harness/bench/report.ts');

  let baseline;
  if (opts.compare) {
    try {
      baseline = readBaseline(opts.compare);
    } catch (e) {
      throw new CliError((e as Error).message, EXIT_USAGE);
    }
  }
  let report;
  try {
    report = await benchPaths(paths, {
      ...(opts.circuit !== undefined ? { circuit: opts.circuit } : {}),
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      maxTime,
      minSamples: 5,
      overflowChecks: opts.overflowChecks === true,
      onProgress: (t) => {
        if (!opts.json || process.stderr.isTTY) process.stderr.write(`${t}\n`);
      },
    });
  } catch (e) {
    const err = e as Error & { kind?: string; format?: () => string };
    throw new CliError(typeof err.format === 'function' ? err.format() : err.message, EXIT_FINDINGS);
  }
  const comparison = baseline ? compareWithBaseline(report.figures, baseline, threshold) : [];
  if (opts.save) writeBaseline(opts.save, report.figures);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ circuits: report.figures, comparison, notices: report.notices })}\n`);
  } else {
    for (const n of report.notices) process.stdout.write(`${n}\n`);
    if (report.figures.length === 0) {
      process.stdout.write('no critical_path circuits found (mark hot paths with the critical_path clause, or use --circuit NAME)\n');
    } else {
      process.stdout.write(`${renderBenchTable(report.figures)}\n`);
    }
    if (baseline) process.stdout.write(`\n${renderComparison(comparison)}\n`);
    if (opts.save) process.stdout.write(`\nbaseline saved to ${opts.save}\n`);
  }
  return comparison.some((c) => c.regression) ? EXIT_FINDINGS : EXIT_OK;
}
