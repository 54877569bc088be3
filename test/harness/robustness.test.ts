import fc from 'fast-check';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests } from '../../harness/run/run-tests.ts';
import { FIXTURES } from './cli/helpers.ts';

/**
 * The runner must never crash, whatever the code under test looks like (issue 4: the hidden
 * corpus). Random line-level mutations of the fixture programs (deleted, duplicated, swapped
 * or truncated lines) go through the whole pipeline; every outcome must be a well-formed
 * result, and none may be a runner error.
 */
const SOURCES = ['journeys2', 'basic', 'clauses', 'property', 'machines'];

type Mutation = { kind: 'delete' | 'duplicate' | 'swap' | 'truncate'; at: number; other: number; cut: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'duplicate', 'swap', 'truncate'),
  at: fc.nat(200),
  other: fc.nat(200),
  cut: fc.nat(80),
});

function mutate(text: string, ms: Mutation[]): string {
  const lines = text.split('\n');
  for (const m of ms) {
    if (lines.length === 0) break;
    const i = m.at % lines.length;
    const j = m.other % lines.length;
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, lines[i]!);
    else if (m.kind === 'swap') [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    else lines[i] = lines[i]!.slice(0, m.cut % (lines[i]!.length + 1));
  }
  return lines.join('\n');
}

describe('the runner never crashes on mangled programs', () => {
  it('reports every outcome as a well-formed result, never as a runner error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'estream-robust-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...SOURCES), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 9 }), async (fixture, ms, pick) => {
          const work = join(dir, `case-${Math.random().toString(36).slice(2)}`);
          cpSync(join(FIXTURES, fixture), work, { recursive: true });
          const files = readdirSync(work).filter((f) => /\.(fl|flj)$/.test(f));
          const target = join(work, files[pick % files.length]!);
          writeFileSync(target, mutate(readFileSync(target, 'utf8'), ms));
          const summary = await runTests([work], { engine: 'interpreter', workers: 1, runs: 10 });
          for (const t of summary.tests) {
            expect(['passed', 'failed', 'skipped']).toContain(t.status);
            expect(typeof t.message).toBe('string');
            expect(Number.isFinite(t.durationMs)).toBe(true);
            expect(t.message, `${t.name}: ${t.detail ?? t.message}`).not.toContain('internal error in the test runner');
          }
          expect(summary.passed + summary.failed + summary.skipped).toBe(summary.tests.length);
        }),
        { numRuns: 150, seed: 20261127 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
