import type { RunSummary } from '../model.ts';

/** One test in the `--json` output: exactly the fields the issue names, in that order. */
export interface JsonTest {
  name: string;
  kind: string;
  file: string;
  line: number;
  status: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  message: string;
}

export interface JsonReport {
  tests: JsonTest[];
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * `estream test --json`: one object `{"tests":[…],"passed":N,"failed":N,"skipped":N}`.
 * Failure details (code frames, values) are folded into `message` as plain text, so a
 * script sees everything the text reporter shows.
 */
export function toJsonReport(summary: RunSummary): JsonReport {
  return {
    tests: summary.tests.map((t) => ({
      name: t.name,
      kind: t.kind,
      file: t.file,
      line: t.line,
      status: t.status,
      durationMs: Math.round(t.durationMs * 1000) / 1000,
      message: t.status === 'failed' && t.detail ? t.detail : t.message,
    })),
    passed: summary.passed,
    failed: summary.failed,
    skipped: summary.skipped,
  };
}

export function renderJsonReport(summary: RunSummary): string {
  return JSON.stringify(toJsonReport(summary));
}
