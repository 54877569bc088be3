import type { RunSummary, TestResult } from '../model.ts';

/**
 * The human reporter: one line per test as it finishes (✓/✗/-, name, kind, time), grouped
 * under the file it comes from, then every failure in detail, then the final line exactly
 * `N passed, N failed` (`, N skipped` when any were skipped). The final line is plain text
 * on a line of its own so CI log readers can pick it up (specs/testing.md §Output).
 */
export interface TextReporterOptions {
  color?: boolean;
  write: (text: string) => void;
}

const ANSI = { green: '\x1b[32m', red: '\x1b[31m', yellow: '\x1b[33m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export class TextReporter {
  private lastFile: string | undefined;

  constructor(private readonly options: TextReporterOptions) {}

  private paint(code: string, s: string): string {
    return this.options.color ? code + s + ANSI.reset : s;
  }

  /** A progress or notice line (compiling a program, interpreter fallback). */
  notice(text: string): void {
    this.options.write(`${this.paint(ANSI.dim, text)}\n`);
  }

  /** Prints the line of one finished test. */
  result(t: TestResult): void {
    if (t.file !== this.lastFile) {
      this.lastFile = t.file;
      this.options.write(`\n${this.paint(ANSI.bold, t.file)}\n`);
    }
    this.options.write(`${formatResultLine(t, (c, s) => this.paint(c, s))}\n`);
    for (const n of t.notes ?? []) this.options.write(`      ${this.paint(ANSI.dim, n)}\n`);
  }

  /** Failure details, notices, then the summary line. */
  end(summary: RunSummary): void {
    const failures = summary.tests.filter((t) => t.status === 'failed');
    if (failures.length > 0) {
      this.options.write(`\n${this.paint(ANSI.bold, 'Failures')}\n`);
      for (const t of failures) {
        this.options.write(`\n${this.paint(ANSI.red, '✗')} ${t.name} [${t.kind}] ${t.file}:${t.line}\n`);
        const body = t.detail ?? t.message;
        this.options.write(`${indent(body, '    ')}\n`);
      }
    }
    for (const n of summary.notices) this.options.write(`\n${n}\n`);
    this.options.write(`\n${summaryLine(summary)}\n`);
  }
}

export function formatResultLine(t: TestResult, paint: (code: string, s: string) => string = (_c, s) => s): string {
  const mark =
    t.status === 'passed' ? paint(ANSI.green, '✓') : t.status === 'failed' ? paint(ANSI.red, '✗') : paint(ANSI.yellow, '-');
  const time = paint(ANSI.dim, formatDuration(t.durationMs));
  let line = `  ${mark} ${t.name} ${paint(ANSI.dim, `[${t.kind}]`)} ${time}`;
  if (t.status === 'skipped' && t.message) line += ` ${paint(ANSI.dim, `(${t.message})`)}`;
  if (t.status === 'failed' && t.message) line += ` — ${firstLine(t.message)}`;
  return line;
}

/** Exactly `N passed, N failed`, plus `, N skipped` when any test was skipped. */
export function summaryLine(s: { passed: number; failed: number; skipped: number }): string {
  const base = `${s.passed} passed, ${s.failed} failed`;
  return s.skipped > 0 ? `${base}, ${s.skipped} skipped` : base;
}

export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i === -1 ? s : s.slice(0, i);
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => (l.length > 0 ? pad + l : l))
    .join('\n');
}
