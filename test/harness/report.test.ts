import { describe, expect, it } from 'vitest';
import { summarize, type TestResult } from '../../harness/model.ts';
import { formatResultLine, summaryLine, TextReporter } from '../../harness/report/text.ts';
import { renderJsonReport, toJsonReport } from '../../harness/report/json.ts';

const results: TestResult[] = [
  { name: 'fee_zero', kind: 'golden', file: 'a.fl', line: 3, status: 'passed', durationMs: 1.23456, message: '' },
  { name: 'fee_monotone', kind: 'property', file: 'a.fl', line: 9, status: 'failed', durationMs: 12, message: 'assertion failed: a <= b', detail: 'frame\nleft: 1\nright: 0' },
  { name: 'flow › checkout', kind: 'journey', file: 'b.flj', line: 4, status: 'skipped', durationMs: 0, message: 'step open failed' },
];

describe('summary line', () => {
  it('is exactly "N passed, N failed" without skips', () => {
    expect(summaryLine({ passed: 3, failed: 0, skipped: 0 })).toBe('3 passed, 0 failed');
  });
  it('appends ", N skipped" only when tests were skipped', () => {
    expect(summaryLine({ passed: 1, failed: 2, skipped: 4 })).toBe('1 passed, 2 failed, 4 skipped');
  });
});

describe('text reporter', () => {
  it('prints one line per test, failures in detail, and the summary last', () => {
    let out = '';
    const r = new TextReporter({ write: (s) => (out += s) });
    for (const t of results) r.result(t);
    r.end(summarize(results));
    const lines = out.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toBe('1 passed, 1 failed, 1 skipped');
    expect(out).toContain('✓ fee_zero [golden]');
    expect(out).toContain('✗ fee_monotone [property]');
    expect(out).toContain('- flow › checkout [journey]');
    expect(out).toMatch(/Failures\n\n✗ fee_monotone \[property\] a\.fl:9\n    frame\n    left: 1\n    right: 0/);
    // grouped under file headers
    expect(out.indexOf('a.fl')).toBeLessThan(out.indexOf('fee_zero'));
    expect(out).not.toContain('\x1b[');
  });
  it('colours only when asked', () => {
    expect(formatResultLine(results[0]!, (c, s) => `${c}${s}\x1b[0m`)).toContain('\x1b[32m✓');
  });
});

describe('JSON report', () => {
  it('has exactly the schema of the issue', () => {
    const json = JSON.parse(renderJsonReport(summarize(results))) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['tests', 'passed', 'failed', 'skipped']);
    expect(json.passed).toBe(1);
    expect(json.failed).toBe(1);
    expect(json.skipped).toBe(1);
    const tests = json.tests as Record<string, unknown>[];
    expect(tests).toHaveLength(3);
    for (const t of tests) expect(Object.keys(t)).toEqual(['name', 'kind', 'file', 'line', 'status', 'durationMs', 'message']);
    expect(tests[0]).toEqual({ name: 'fee_zero', kind: 'golden', file: 'a.fl', line: 3, status: 'passed', durationMs: 1.235, message: '' });
    // the failure message carries the detail block
    expect(tests[1]!.message).toBe('frame\nleft: 1\nright: 0');
  });
  it('is deterministic for the same results', () => {
    expect(renderJsonReport(summarize(results))).toBe(renderJsonReport(summarize(results)));
    expect(toJsonReport(summarize([])).tests).toEqual([]);
  });
});
