/**
 * Spelling normalisation (LANGUAGE.md §4 A6) and small conversions of metadata values that the
 * grammar rules share.
 */
import type { MetaValue } from '../ast.ts';

/** Older clause and item words → newer ones (§4 A6). */
const LEGACY_WORDS: ReadonlyMap<string, string> = new Map([
  ['povc', 'attested'],
  ['streamsight', 'observe'],
  ['streamsight_emit', 'observe_emit'],
  ['esz_emit', 'serialize'],
  ['kat_vector', 'golden_test'],
  ['streamsight_anomaly', 'observe_anomaly'],
  ['streamsight_baseline', 'observe_baseline'],
]);

/** The newer spelling of a clause or item word (the word itself when it is not an older one). */
export function normalizeWord(word: string): string {
  return LEGACY_WORDS.get(word) ?? word;
}

export function isLegacyWord(word: string): boolean {
  return LEGACY_WORDS.has(word);
}

/** Builtins renamed by A6, applied to names in expressions (`streamsight_anomaly(x)`). */
const LEGACY_BUILTINS: ReadonlyMap<string, string> = new Map([
  ['streamsight_anomaly', 'observe_anomaly'],
  ['streamsight_baseline', 'observe_baseline'],
]);

export function normalizeBuiltinName(name: string): string {
  return LEGACY_BUILTINS.get(name) ?? name;
}

/**
 * Where a Duration is expected (§5.0), the words `forever` and `none` mean "never expires".
 * Other values are returned unchanged.
 */
export function asDuration(v: MetaValue): MetaValue {
  if (v.kind === 'id' && (v.name === 'forever' || v.name === 'none')) {
    return { kind: 'duration', ms: null, text: v.name, span: v.span };
  }
  return v;
}

/** A record entry or item that was written with several values keeps them as a list. */
export function collapseValues(values: MetaValue[], fallbackSpan: MetaValue['span']): MetaValue {
  if (values.length === 1) return values[0]!;
  if (values.length === 0) return { kind: 'bool', value: true, span: fallbackSpan };
  const first = values[0]!.span;
  const last = values[values.length - 1]!.span;
  return { kind: 'list', items: values, span: { file: first.file, start: first.start, end: last.end } };
}

/** Duration words inside a value list (`store kv retain forever`): the value after them is a Duration. */
export function durationsAfterWords(values: MetaValue[], words: ReadonlySet<string>): MetaValue[] {
  let changed = false;
  const out = values.map((v, i) => {
    const prev = values[i - 1];
    if (prev !== undefined && prev.kind === 'id' && words.has(prev.name)) {
      const d = asDuration(v);
      if (d !== v) changed = true;
      return d;
    }
    return v;
  });
  return changed ? out : values;
}
