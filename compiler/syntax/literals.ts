/**
 * Decoding of number and string literals (LANGUAGE.md §2.3). The lexer matches one broad number
 * pattern; the suffix is classified here, after lexing, as §2.3 suggests.
 */

export type IntSuffix = 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'i16' | 'i32' | 'i64';

const INT_SUFFIXES: ReadonlySet<string> = new Set(['u8', 'u16', 'u32', 'u64', 'u128', 'i16', 'i32', 'i64']);

/** Milliseconds per duration unit. `w` (weeks) is accepted beside §2.3's units; `y` is 365 days. */
const DURATION_MS: ReadonlyMap<string, bigint> = new Map([
  ['ms', 1n],
  ['s', 1000n],
  ['m', 60_000n],
  ['h', 3_600_000n],
  ['d', 86_400_000n],
  ['w', 7n * 86_400_000n],
  ['y', 365n * 86_400_000n],
]);

/** Hertz per frequency unit; matched case-insensitively (`125MHz` means the same as `125mhz`). */
const FREQUENCY_HZ: ReadonlyMap<string, bigint> = new Map([
  ['hz', 1n],
  ['khz', 1_000n],
  ['mhz', 1_000_000n],
  ['ghz', 1_000_000_000n],
]);

/** The widest hex literal: 256 bits (§2.3). */
export const MAX_HEX_DIGITS = 64;

export type NumberInfo =
  | { kind: 'int'; value: bigint; suffix?: IntSuffix; hexDigits?: number }
  | { kind: 'float'; value: number }
  | { kind: 'duration'; ms: bigint; unit: string }
  | { kind: 'frequency'; hz: bigint; unit: string }
  | { kind: 'error'; message: string; hint?: string };

/** Classifies the text of a number token. Never throws. */
export function classifyNumber(image: string): NumberInfo {
  if (image.length > 1 && (image[1] === 'x' || image[1] === 'X') && image[0] === '0') {
    const digits = image.slice(2).replace(/_/g, '');
    if (digits.length === 0) return { kind: 'error', message: `hex literal '${image}' has no digits` };
    if (!/^[0-9A-Fa-f]+$/.test(digits)) return { kind: 'error', message: `'${image}' is not a hex literal: only 0-9 and a-f may follow 0x` };
    if (digits.length > MAX_HEX_DIGITS) {
      return {
        kind: 'error',
        message: `hex literal has ${digits.length} digits; the widest allowed is ${MAX_HEX_DIGITS} (256 bits)`,
      };
    }
    return { kind: 'int', value: BigInt('0x' + digits), hexDigits: digits.length };
  }
  const m = /^([0-9][0-9_]*)(?:\.([0-9][0-9_]*))?([A-Za-z][A-Za-z0-9]*)?$/.exec(image);
  if (!m) return { kind: 'error', message: `malformed number '${image}'` };
  const whole = m[1]!.replace(/_/g, '');
  const fraction = m[2]?.replace(/_/g, '');
  const suffix = m[3];
  if (suffix === undefined) {
    if (fraction === undefined) return { kind: 'int', value: BigInt(whole) };
    return { kind: 'float', value: Number(`${whole}.${fraction}`) };
  }
  if (INT_SUFFIXES.has(suffix)) {
    if (fraction !== undefined) return { kind: 'error', message: `a float literal cannot have the integer suffix '${suffix}'` };
    return { kind: 'int', value: BigInt(whole), suffix: suffix as IntSuffix };
  }
  const perUnit = DURATION_MS.get(suffix);
  if (perUnit !== undefined) {
    if (fraction === undefined) return { kind: 'duration', ms: BigInt(whole) * perUnit, unit: suffix };
    const ms = Math.round(Number(`${whole}.${fraction}`) * Number(perUnit));
    return { kind: 'duration', ms: BigInt(ms), unit: suffix };
  }
  const hz = FREQUENCY_HZ.get(suffix.toLowerCase());
  if (hz !== undefined) {
    if (fraction === undefined) return { kind: 'frequency', hz: BigInt(whole) * hz, unit: suffix.toLowerCase() };
    return { kind: 'frequency', hz: BigInt(Math.round(Number(`${whole}.${fraction}`) * Number(hz))), unit: suffix.toLowerCase() };
  }
  return {
    kind: 'error',
    message: `unknown number suffix '${suffix}'`,
    hint: 'integer suffixes: u8 u16 u32 u64 u128 i16 i32 i64; durations: ms s m h d w y; frequencies: hz khz mhz ghz',
  };
}

export interface DecodedString {
  value: string;
  bytes: Uint8Array;
}

export interface StringProblem {
  /** Offset of the problem relative to the start of the token. */
  offset: number;
  length: number;
  message: string;
}

const utf8 = new TextEncoder();

/**
 * Decodes a string token (with its quotes). Escapes: `\0 \\ \" \n \t \xNN` (§2.3). An unknown
 * escape is reported and kept as the escaped character, so one mistake does not hide others.
 */
export function decodeString(image: string, problems?: StringProblem[]): DecodedString {
  const closed = image.length >= 2 && image.endsWith('"') && !endsWithOddBackslashes(image.slice(0, -1));
  const inner = image.slice(1, closed ? -1 : undefined);
  if (!inner.includes('\\')) {
    return { value: inner, bytes: utf8.encode(inner) };
  }
  const bytes: number[] = [];
  let value = '';
  let run = '';
  const flush = () => {
    if (run) {
      for (const b of utf8.encode(run)) bytes.push(b);
      value += run;
      run = '';
    }
  };
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c !== '\\') {
      run += c;
      continue;
    }
    const e = inner[i + 1];
    flush();
    switch (e) {
      case '0':
        bytes.push(0);
        value += '\0';
        i++;
        break;
      case '\\':
      case '"':
        bytes.push(e.charCodeAt(0));
        value += e;
        i++;
        break;
      case 'n':
        bytes.push(10);
        value += '\n';
        i++;
        break;
      case 't':
        bytes.push(9);
        value += '\t';
        i++;
        break;
      case 'x': {
        const hex = inner.slice(i + 2, i + 4);
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
          const b = parseInt(hex, 16);
          bytes.push(b);
          value += String.fromCharCode(b);
          i += 3;
        } else {
          problems?.push({ offset: i + 1, length: 2 + hex.length, message: "'\\x' must be followed by two hex digits" });
          i++;
        }
        break;
      }
      case undefined:
        problems?.push({ offset: i + 1, length: 1, message: 'a string cannot end with a lone backslash' });
        break;
      default:
        problems?.push({
          offset: i + 1,
          length: 2,
          message: `unknown escape '\\${e}'`,
        });
        run += e;
        i++;
    }
  }
  flush();
  return { value, bytes: Uint8Array.from(bytes) };
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}
