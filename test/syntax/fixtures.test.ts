/**
 * The fixture corpus (test/fixtures/fastlang): every file parses with zero errors, and together
 * the files cover all 47 top-level shapes of LANGUAGE.md §5 (§11 item 87).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from './helpers.ts';
import { ALL_SHAPES, fixtureFiles, shapesOf } from './shapes.ts';

const ROOT = join(import.meta.dirname, '../fixtures/fastlang');

const files = fixtureFiles(ROOT);

describe('fixture corpus', () => {
  it('has .fl, .fld and .flj files', () => {
    expect(files.some((f) => f.endsWith('.fl'))).toBe(true);
    expect(files.some((f) => f.endsWith('.fld'))).toBe(true);
    expect(files.some((f) => f.endsWith('.flj'))).toBe(true);
  });

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s parses with zero errors', (_name, file) => {
    const r = parse(readFileSync(file, 'utf8'), file);
    expect(r.errors.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([]);
    expect(r.ast.decls.some((d) => d.kind === 'ErrorDecl')).toBe(false);
  });

  it('covers all 47 top-level shapes', () => {
    const shapes = new Set<string>();
    for (const file of files) {
      const { ast } = parse(readFileSync(file, 'utf8'), file);
      for (const s of shapesOf(ast)) shapes.add(s);
    }
    expect([...shapes].sort()).toEqual([...ALL_SHAPES].sort());
    expect(shapes.size).toBe(47);
  });
});
