import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../cli/commands/test.ts';
import { CliError } from '../../../cli/errors.ts';

describe('--fuzz-time durations', () => {
  it('accepts ms, s, m, h and bare seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1.5')).toBe(1500);
  });
  it('rejects anything else as a usage error', () => {
    for (const bad of ['', 'soon', '-1s', '0', '10 parsecs']) {
      expect(() => parseDuration(bad)).toThrow(CliError);
    }
  });
});
