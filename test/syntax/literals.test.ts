import { describe, expect, it } from 'vitest';
import { classifyNumber, decodeString, type StringProblem } from '../../compiler/syntax/literals.ts';

describe('number literals (§2.3)', () => {
  it('reads decimal, separated and typed integers', () => {
    expect(classifyNumber('42')).toEqual({ kind: 'int', value: 42n });
    expect(classifyNumber('1_000_000')).toEqual({ kind: 'int', value: 1000000n });
    expect(classifyNumber('31536000u64')).toEqual({ kind: 'int', value: 31536000n, suffix: 'u64' });
    expect(classifyNumber('0u16')).toEqual({ kind: 'int', value: 0n, suffix: 'u16' });
  });

  it('reads hex up to 256 bits and keeps the digit count', () => {
    expect(classifyNumber('0x1F')).toEqual({ kind: 'int', value: 31n, hexDigits: 2 });
    expect(classifyNumber('0xDE_AD')).toEqual({ kind: 'int', value: 0xdeadn, hexDigits: 4 });
    const max = '0x' + 'f'.repeat(64);
    expect(classifyNumber(max)).toEqual({ kind: 'int', value: 2n ** 256n - 1n, hexDigits: 64 });
    expect(classifyNumber('0x' + 'f'.repeat(65)).kind).toBe('error');
    expect(classifyNumber('0xPending').kind).toBe('error');
    expect(classifyNumber('0x').kind).toBe('error');
  });

  it('reads floats with digits on both sides', () => {
    expect(classifyNumber('0.85')).toEqual({ kind: 'float', value: 0.85 });
    expect(classifyNumber('25.0')).toEqual({ kind: 'float', value: 25 });
  });

  it('converts durations to milliseconds', () => {
    expect(classifyNumber('30s')).toEqual({ kind: 'duration', ms: 30000n, unit: 's' });
    expect(classifyNumber('5m')).toEqual({ kind: 'duration', ms: 300000n, unit: 'm' });
    expect(classifyNumber('24h')).toEqual({ kind: 'duration', ms: 86400000n, unit: 'h' });
    expect(classifyNumber('365d')).toEqual({ kind: 'duration', ms: 31536000000n, unit: 'd' });
    expect(classifyNumber('7y')).toEqual({ kind: 'duration', ms: 7n * 365n * 86400000n, unit: 'y' });
    expect(classifyNumber('250ms')).toEqual({ kind: 'duration', ms: 250n, unit: 'ms' });
    expect(classifyNumber('1.5h')).toEqual({ kind: 'duration', ms: 5400000n, unit: 'h' });
  });

  it('converts frequencies to hertz, case-insensitively', () => {
    expect(classifyNumber('125mhz')).toEqual({ kind: 'frequency', hz: 125000000n, unit: 'mhz' });
    expect(classifyNumber('125MHz')).toEqual({ kind: 'frequency', hz: 125000000n, unit: 'mhz' });
    expect(classifyNumber('3khz')).toEqual({ kind: 'frequency', hz: 3000n, unit: 'khz' });
  });

  it('rejects other suffixes, including i8 and exponents', () => {
    for (const s of ['5i8', '1e9', '12abc', '2.5u8', '3f32']) expect(classifyNumber(s).kind).toBe('error');
  });
});

describe('string literals (§2.3)', () => {
  it('decodes the escapes into text and exact bytes', () => {
    const d = decodeString('"a\\0b\\n\\t\\\\\\"\\x41"');
    expect(d.value).toBe('a\0b\n\t\\"A');
    expect(Array.from(d.bytes)).toEqual([97, 0, 98, 10, 9, 92, 34, 65]);
  });

  it('keeps UTF-8 text as UTF-8 bytes and raw \\xNN bytes as single bytes', () => {
    expect(Array.from(decodeString('"é"').bytes)).toEqual([0xc3, 0xa9]);
    expect(Array.from(decodeString('"\\xff"').bytes)).toEqual([0xff]);
  });

  it('reports unknown escapes with their offset in the token', () => {
    const problems: StringProblem[] = [];
    decodeString('"ab\\qc\\x4"', problems);
    expect(problems.map((p) => [p.offset, p.message])).toEqual([
      [3, "unknown escape '\\q'"],
      [6, "'\\x' must be followed by two hex digits"],
    ]);
  });

  it('decodes an unterminated string up to the end of its line', () => {
    expect(decodeString('"abc').value).toBe('abc');
    expect(decodeString('"ab\\"').value).toBe('ab"');
  });
});
