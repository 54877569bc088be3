import type { Command } from 'commander';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../errors.ts';

interface CheckCliOptions {
  parseOnly?: boolean;
  json?: boolean;
  timings?: boolean;
  color?: boolean;
}

/**
 * `estream check [paths…]`: reports every diagnostic of the FastLang and ESCIR files given
 * (directories are searched recursively). The pipeline lives in
 * compiler/pipeline/check.ts and is imported inside the action (it loads the parser).
 */
export function register(program: Command): void {
  program
    .command('check')
    .description('check FastLang (.fl .fld .flj) and ESCIR (.escir.yaml .flir.yaml) files and report every diagnostic with its location')
    .argument('[paths...]', 'files or directories (recursive over .fl .fld .flj .escir.yaml .flir.yaml)', ['.'])
    .option('--parse-only', 'syntax only: lex and parse FastLang, read ESCIR as YAML; skip names, types and validation')
    .option('--json', 'print exactly one JSON object {"files":[…],"errors":N,"warnings":N,"timings":{…}}')
    .option('--timings', 'also report the time spent in each phase (in --json: under "timings")')
    .option('--no-color', 'never colour the output (colour is used only on a terminal)')
    .addHelpText(
      'after',
      `
Exit status: 0 when there are no errors, 1 when errors were found, 2 on usage or I/O errors
(a path that does not exist or cannot be read). Warnings and notes never fail a check.

Diagnostics read "file:line:col: severity: message [CODE]" followed by the source line and
a caret underline; the codes are listed in specs/diagnostics.md.

Examples:
  estream check circuits                  every FastLang and ESCIR file under circuits/
  estream check --parse-only a.fl b.flj   syntax only
  estream check --json . > report.json    machine-readable report`,
    )
    .action(async (paths: string[], opts: CheckCliOptions) => {
      process.exitCode = await runCheck(paths, opts);
    });
}

async function runCheck(paths: string[], opts: CheckCliOptions): Promise<number> {
  const { checkPaths } = await import('../../compiler/pipeline/check.ts');
  const { renderDiagnostic } = await import('../../compiler/diagnostics/index.ts');
  const showProgress = !opts.json && process.stderr.isTTY === true;
  let lastShown = 0;
  const report = checkPaths(paths, {
    parseOnly: opts.parseOnly === true,
    onProgress: showProgress
      ? (done, total) => {
          const now = performance.now();
          if (total >= 50 && (now - lastShown > 200 || done === total)) {
            lastShown = now;
            process.stderr.write(`\rchecking ${done}/${total} files…${done === total ? '\n' : ''}`);
          }
        }
      : undefined,
  });

  if (opts.json) {
    const out = {
      files: report.files.map((f) => ({ path: f.path, diagnostics: f.diagnostics })),
      errors: report.errors,
      warnings: report.warnings,
      // Always the total; the per-phase times with --timings.
      timings: roundTimings(opts.timings ? report.timings : { total: report.timings['total'] ?? 0 }),
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    const color = opts.color !== false && process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
    const lookup = (path: string) => report.sources.get(path);
    const blocks: string[] = [];
    for (const f of report.files) for (const d of f.diagnostics) blocks.push(renderDiagnostic(d, lookup, { color }));
    if (blocks.length > 0) process.stdout.write(blocks.join('\n\n') + '\n\n');
    process.stdout.write(summaryLine(report.files.length, report.errors, report.warnings, report.notes) + '\n');
    if (opts.timings) {
      for (const [phase, ms] of Object.entries(roundTimings(report.timings))) {
        process.stdout.write(`  ${phase.padEnd(8)} ${ms.toFixed(1).padStart(9)} ms\n`);
      }
    }
  }
  if (report.ioFailure) return EXIT_USAGE;
  return report.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(files: number, errors: number, warnings: number, notes: number): string {
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (notes > 0) parts.push(plural(notes, 'note'));
  return `checked ${plural(files, 'file')}: ${parts.join(', ')}`;
}

function roundTimings(t: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(t)) out[k] = Math.round(v * 1000) / 1000;
  return out;
}
