import { describe, it } from 'vitest';
import { expectCorpusPasses } from './corpus-check.ts';

/**
 * The fourth corpus: old, messy package code (LANGUAGE.md §10 tolerance and the oldest
 * syntax) — a Modbus gateway package with tests and journeys in other directories, a fleet
 * roll-up in the oldest spellings with duplicate types and circuits, externs without
 * definitions, `any` and undefined types, and a greenhouse controller mixing both journey
 * forms. Expected values were computed independently (python3), so a failure here is a
 * toolchain defect.
 */
describe('the fourth corpus', () => {
  it('passes every test of every kind', () => expectCorpusPasses('corpus4', 5, 100), 300_000);
});
