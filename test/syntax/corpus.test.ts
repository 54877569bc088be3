import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from './helpers.ts';

/**
 * The realistic corpus (test/fixtures/corpus: every domain, all three generations of the
 * language, mixed in one package) must parse with zero errors, file by file.
 */
const ROOT = join(import.meta.dirname, '..', 'fixtures', 'corpus');

function sources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return sources(p);
      return /\.(fl|fld|flj)$/.test(n) ? [p] : [];
    });
}

describe('the realistic corpus parses', () => {
  const files = sources(ROOT);

  it('has the expected breadth (40+ files of every kind)', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const ext of ['.fl', '.fld', '.flj']) expect(files.some((f) => f.endsWith(ext))).toBe(true);
  });

  it('parses every file with zero errors and zero warnings', () => {
    const problems = files.flatMap((f) =>
      parse(readFileSync(f, 'utf8'), relative(ROOT, f))
        .diagnostics.filter((d) => d.severity !== 'note')
        .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`),
    );
    expect(problems).toEqual([]);
  });
});
