/**
 * Chevrotain's own grammar checks (duplicate DSL indices, ambiguities not marked as intended,
 * left recursion) are skipped in normal use to save start-up time; they run here.
 */
import { describe, expect, it } from 'vitest';
import { FastLangParser, sharedParser } from '../../compiler/syntax/parser/parser.ts';

describe('grammar definition', () => {
  it('passes Chevrotain’s validations', () => {
    expect(() => new FastLangParser({ validate: true })).not.toThrow();
  });

  it('builds one shared parser', () => {
    expect(sharedParser()).toBe(sharedParser());
  });
});
