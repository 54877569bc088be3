/**
 * The adversarial corpus (test/fixtures/corpus3): the ways real authors write each rule of
 * LANGUAGE.md §2–§7 that the other corpora do not show — every contextual keyword as every kind
 * of name, comments and blank lines at every line break, `@` on every clause word, each shape
 * with its optional pieces present and absent, CRLF/BOM/tabs/no final newline, both journey
 * forms. Every file must parse with no error and no warning, and yield one declaration per
 * top-level introducer line.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from './helpers.ts';
import { ALL_SHAPES, fixtureFiles, shapesOf } from './shapes.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'corpus3');
const files = fixtureFiles(ROOT);

const INTRODUCER =
  '(?:import|use|type|const|data|schema|stream|series|audience|circuit|cloud|transaction|extern|state_machine|graph|dag|store|cortex|platform|domain|test|journey|party|fixture|step|observe)\\b';

/**
 * The declarations a file opens: an introducer word in column 0, plus one after each `;` outside
 * braces on such a line (`type A = u8; type B = u16`).
 */
function introducerCount(text: string): number {
  const startsDecl = new RegExp(`^\\s*${INTRODUCER}`);
  let count = 0;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!startsDecl.test(line) || /^\s/.test(line)) continue;
    count++;
    let depth = 0;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '{') depth++;
      else if (line[i] === '}') depth--;
      else if (line[i] === ';' && depth === 0 && startsDecl.test(line.slice(i + 1))) count++;
    }
  }
  return count;
}

/** The notes the corpus is meant to produce: §10 asks for a note on a predicate's unit word. */
const EXPECTED_NOTES = ['bodies.fl:144:39 FL213'];

describe('the adversarial corpus (corpus3)', () => {
  it('is broad: 30+ files of all three kinds, in the thousand-line range', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const ext of ['.fl', '.fld', '.flj']) expect(files.some((f) => f.endsWith(ext))).toBe(true);
    const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0);
    expect(lines).toBeGreaterThanOrEqual(1000);
  });

  it('parses every file with no error and no warning, and only the expected notes', () => {
    const problems: string[] = [];
    const notes: string[] = [];
    for (const f of files) {
      for (const d of parse(readFileSync(f, 'utf8'), relative(ROOT, f)).diagnostics) {
        const at = `${d.file}:${d.line}:${d.column} ${d.code}`;
        if (d.severity === 'note') notes.push(at);
        else problems.push(`${at} ${d.message}`);
      }
    }
    expect(problems).toEqual([]);
    expect(notes).toEqual(EXPECTED_NOTES);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s yields one declaration per introducer line', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const { ast } = parse(text, file);
    expect(ast.decls.filter((d) => d.kind === 'ErrorDecl')).toEqual([]);
    expect(ast.decls.length).toBe(introducerCount(text));
  });

  it('together covers all 47 top-level shapes', () => {
    const shapes = new Set<string>();
    for (const f of files) for (const s of shapesOf(parse(readFileSync(f, 'utf8'), f).ast)) shapes.add(s);
    expect([...shapes].sort()).toEqual([...ALL_SHAPES].sort());
  });
});
