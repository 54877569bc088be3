import type { Command } from 'commander';
import { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../errors.ts';

/**
 * `estream test [PATHS…]`: runs the tests FastLang code carries — test blocks, inline tests,
 * golden snapshots, property and fuzz tests, clause checks, state-machine claims and journeys
 * (specs/testing.md). Heavy modules load inside the action.
 */
export function register(program: Command): void {
  program
    .command('test')
    .description('run the tests of FastLang programs: test blocks, golden snapshots, property/fuzz tests, verify claims and .flj journeys')
    .argument('[paths...]', 'files or directories (recursive over .fl .fld .flj)', ['.'])
    .option('--filter <pattern>', 'run only tests whose name or file contains PATTERN (or matches /regex/)')
    .option('--bail', 'stop after the first failing test (the rest are reported as skipped)')
    .option('--list', 'list the tests that would run, without running them')
    .option('--json', 'print one JSON object {"tests":[…],"passed":N,"failed":N,"skipped":N}')
    .option('--seed <n>', 'seed for every property and fuzz test (default: derived from the test name)')
    .option('--runs <n>', 'iterations per property and fuzz test (default 100 and 1000)')
    .option('--fuzz-time <duration>', 'time budget per fuzz test, e.g. 500ms, 10s, 2m (a number is seconds)')
    .option('--update-golden', 'create or update golden snapshot files instead of failing on them')
    .option('--overflow-checks', 'compile with integer overflow checks (LANGUAGE.md §8.1)')
    .option('--engine <engine>', 'wasm (default) or interpreter (the reference IR interpreter)')
    .option('--workers <n>', 'worker threads for large programs (default: one per core, at most 2; 1 disables)')
    .addHelpText(
      'after',
      `
Exit status: 0 when every test passed, 1 when any failed, 2 on usage or I/O errors.
The last line of the text output is exactly "N passed, N failed" (", N skipped" when any).

Examples:
  estream test circuits                 run every test under circuits/
  estream test lib.fl --filter fee      only tests whose name contains "fee"
  estream test --json . > report.json   machine-readable report
  estream test --update-golden          write missing or changed golden snapshots`,
    )
    .action(async (paths: string[], opts: TestCliOptions) => {
      process.exitCode = await runTestCommand(paths, opts);
    });
}

interface TestCliOptions {
  filter?: string;
  bail?: boolean;
  list?: boolean;
  json?: boolean;
  seed?: string;
  runs?: string;
  fuzzTime?: string;
  updateGolden?: boolean;
  overflowChecks?: boolean;
  workers?: string;
  engine?: string;
}

export async function runTestCommand(paths: string[], opts: TestCliOptions): Promise<number> {
  const { runTests, listTests } = await import('../../harness/run/run-tests.ts');
  const { TextReporter } = await import('../../harness/report/text.ts');
  const { renderJsonReport } = await import('../../harness/report/json.ts');
  const { existsSync } = await import('node:fs');
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new CliError(`no such file or directory: ${missing.join(', ')}`, EXIT_USAGE);

  const options = {
    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
    bail: opts.bail === true,
    ...(opts.seed !== undefined ? { seed: parseInteger(opts.seed, '--seed', true) } : {}),
    ...(opts.runs !== undefined ? { runs: parseInteger(opts.runs, '--runs', false) } : {}),
    ...(opts.fuzzTime !== undefined ? { fuzzTimeMs: parseDuration(opts.fuzzTime) } : {}),
    updateGolden: opts.updateGolden === true,
    overflowChecks: opts.overflowChecks === true,
    ...(opts.workers !== undefined ? { workers: parseInteger(opts.workers, '--workers', false) } : {}),
    ...(opts.engine !== undefined ? { engine: parseEngine(opts.engine) } : {}),
  };
  const progressToStderr = opts.json === true;
  const color = !opts.json && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const reporter = new TextReporter({ color, write: (s) => process.stdout.write(s) });
  const notice = (text: string) => {
    if (progressToStderr) {
      if (process.stderr.isTTY) process.stderr.write(`${text}\n`);
    } else reporter.notice(text);
  };

  if (opts.list) {
    const { tests, notices } = await listTests(paths, options, { onNotice: notice });
    for (const n of notices) process.stderr.write(`${n}\n`);
    if (opts.json) process.stdout.write(`${JSON.stringify({ tests })}\n`);
    else {
      for (const t of tests) process.stdout.write(`${t.file}:${t.line}  [${t.kind}]  ${t.name}\n`);
      process.stdout.write(`${tests.length} test${tests.length === 1 ? '' : 's'}\n`);
    }
    return EXIT_OK;
  }

  const summary = await runTests(paths, options, {
    onNotice: notice,
    onResult: (r) => {
      if (!opts.json) reporter.result(r);
    },
  });
  if (opts.json) {
    for (const n of summary.notices) process.stderr.write(`${n}\n`);
    process.stdout.write(`${renderJsonReport(summary)}\n`);
  } else {
    reporter.end(summary);
  }
  return summary.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function parseInteger(text: string, flag: string, signed: boolean): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || (!signed && n <= 0)) {
    throw new CliError(`${flag} expects ${signed ? 'an integer' : 'a positive integer'}, got '${text}'`, EXIT_USAGE);
  }
  return n;
}

function parseEngine(text: string): 'wasm' | 'interpreter' {
  if (text === 'wasm' || text === 'interpreter') return text;
  throw new CliError(`--engine expects wasm or interpreter, got '${text}'`, EXIT_USAGE);
}

/** `500ms`, `10s`, `2m`, `1h`; a bare number is seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new CliError(`--fuzz-time expects a duration such as 500ms, 10s or 2m, got '${text}'`, EXIT_USAGE);
  const v = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = unit === 'ms' ? v : unit === 's' ? v * 1000 : unit === 'm' ? v * 60_000 : v * 3_600_000;
  if (ms <= 0) throw new CliError(`--fuzz-time must be positive, got '${text}'`, EXIT_USAGE);
  return Math.round(ms);
}
