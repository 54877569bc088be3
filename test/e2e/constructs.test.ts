/**
 * Construct classes through `estream run` (LANGUAGE.md §6–§8): enums and `match`, `if` as a
 * value, options, `nil` returns and `??`, struct rests and value semantics, structural
 * equality, loops, closures, casts, conversions into bytes(N), 128-bit and signed integers,
 * floats, the explicit arithmetic forms and multi-file programs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runJson, useTempHome } from './helpers.ts';

const K = `${FIXTURES}/constructs`;
let home: ReturnType<typeof useTempHome>;

beforeAll(() => {
  home = useTempHome();
});
afterAll(() => home.restore());

const cases: [string, unknown, unknown][] = [
  // if/else-if as a value returning enum variants; match on enums with a wildcard
  ['grade', [95], 'High'],
  ['grade', [60], 'Mid'],
  ['grade', [1], 'Low'],
  ['describe', ['Mid'], 'mid'],
  ['describe', ['High'], 'high'],
  // match on strings, block arms
  ['word_value', ['two'], 2],
  ['word_value', ['zzz'], 0],
  // options: some/none, ??, some(x) patterns, nil from a circuit returning u32 (§8.2.8)
  ['maybe_half', [4], 2],
  ['maybe_half', [3], null],
  ['half_or', [3, 7], 7],
  ['half_or', [8, 7], 4],
  ['unwrap_kind', [5], 6],
  ['unwrap_kind', [null], 0],
  ['lookup', [['a', 'b'], 'b'], 1],
  ['lookup', [['a'], 'z'], null],
  // struct rests: ..base copies, .. zeroes (§7.4, §8.2.1)
  ['moved', [{ x: 1, y: 2 }, -3], { x: -2, y: 2 }],
  ['origin', [], { x: 0, y: 0 }],
  // value semantics: field assignment changes only the place it names (§8.2.1)
  ['value_semantics', [{ meter: { n: 3, tag: 'abcd' }, name: 'lot' }], [3, 1, 7]],
  // structural equality of structs and lists (§8.1.9)
  ['same_point', [{ x: 1, y: 2 }, { x: 1, y: 2 }], true],
  ['same_point', [{ x: 1, y: 2 }, { x: 2, y: 1 }], false],
  ['anon', [5], 15],
  // while with continue/break, for over bytes
  ['count_down', [10], 9],
  ['byte_sum', ['0x0102ff'], 258],
  // casts: truncation, sign extension, float→int truncation and saturation, bool, enum (§8.1.6)
  ['casts', [-1, 3.99], [255, -1, 3, 2147483647, 1, 9]],
  // conversions into bytes(N) (§8.2.6): string right-padded, integers left-padded, lists right-padded
  ['coerce', [258], ['0x6162000000000000', '0x0000000000000102', '0x0000000000000102', '0x0102030000000000']],
  ['int_bytes', [0x12345], '0x2345'],
  ['nonzero', ['0x00000000'], false],
  ['nonzero', ['0x00000100'], true],
  // 128-bit arithmetic, signed division/remainder/shift/negation
  ['wide', ['18446744073709551616', 3], '55340232221128654849'],
  ['signed_ops', [-7, 2], [-3, -1, -4, 7, -9]],
  ['floats', [1.5, 2], 1.75],
  // wrapping_*, saturating_*, checked_* (§8.1.3)
  ['explicit_forms', [200, 100], [44, 255, 0, 32, 255]],
  ['explicit_forms', [1, 2], [3, 3, 1, 2, 3]],
  ['logic', [true, false, 5], [false, true, false, true, false, true, true]],
  // ordering of bytes(N) is lexicographic
  ['order_bytes', ['0x00000001', '0x00000100'], true],
  ['order_bytes', ['0x01000000', '0x00000100'], false],
];

describe('constructs', () => {
  for (const [circuit, input, expected] of cases) {
    it(`${circuit}(${JSON.stringify(input)}) = ${JSON.stringify(expected)}`, async () => {
      const r = await runJson(K, circuit, input, ['-O0']);
      expect(r.trap).toBeUndefined();
      expect(r.result).toEqual(expected);
    });
  }

  it('gives the same results at -O2 as at -O0', async () => {
    for (const [circuit, input, expected] of cases.slice(0, 12)) {
      const r = await runJson(K, circuit, input, ['-O2']);
      expect(r.result).toEqual(expected);
    }
  });
});
