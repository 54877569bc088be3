/** compiler/diagnostics/suggest.ts: the one edit distance and did-you-mean of the code base. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeNames, didYouMean, editDistance, reachOf } from '../../compiler/diagnostics/suggest.ts';

/** Plain full-matrix Levenshtein, the reference the bounded one must agree with. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length]![b.length]!;
}

describe('editDistance', () => {
  it('known distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('inputs', 'inputz')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
  });

  it('property: unbounded equals the reference; bounded is min(reference, max + 1); symmetric', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, max) => {
        const exact = reference(a, b);
        expect(editDistance(a, b)).toBe(exact);
        expect(editDistance(b, a)).toBe(exact);
        expect(editDistance(a, b, max)).toBe(Math.min(exact, max + 1));
      }),
    );
  });
});

describe('suggestions', () => {
  it('didYouMean names the single closest candidate within 2 edits, ties alphabetically', () => {
    expect(didYouMean('inptus', ['outputs', 'inputs', 'tests'])).toBe('did you mean `inputs`?');
    expect(didYouMean('ab', ['ax', 'ay'])).toBe('did you mean `ax`?');
    expect(didYouMean('ab', ['ay', 'ax'])).toBe('did you mean `ax`?');
    expect(didYouMean('graph', ['graph'])).toBeUndefined();
    expect(didYouMean('zzzzzz', ['inputs', 'outputs'])).toBeUndefined();
    expect(didYouMean('abcdef', ['abcxyz'], 3)).toBe('did you mean `abcxyz`?');
  });

  it('closeNames lists every near candidate in order, reaching a third of a long name', () => {
    expect(reachOf('ab')).toBe(2);
    expect(reachOf('spend_guard_x')).toBe(4);
    expect(closeNames('spnd', ['spend', 'cap', 'spent', 'spnd'])).toEqual(['spend', 'spent']);
    expect(closeNames('settlement_split', ['split_settlement', 'settlement_splt'])).toEqual(['settlement_splt']);
    expect(closeNames('x', [])).toEqual([]);
  });
});
