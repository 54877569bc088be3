/**
 * Property tests (fast-check): whatever the input — random token soup, or a valid file with
 * random damage — the front end never crashes (no exception, no FL299 internal error), always
 * terminates, and every diagnostic and declaration span lies inside the file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, SourceFile } from '../../compiler/diagnostics/index.ts';
import { parseSource } from '../../compiler/syntax/index.ts';
import { CONTEXTUAL_KEYWORDS, RESERVED_WORDS } from '../../compiler/syntax/tokens.ts';

/** Token soup vocabulary: every keyword the grammar knows, a few clause words, and plain names. */
const WORDS = [
  ...new Set<string>([
    ...RESERVED_WORDS,
    ...CONTEXTUAL_KEYWORDS,
    ...['state', 'kv', 'module', 'precision', 'monitor', 'encode', 'sign', 'attest', 'govern', 'retain', 'record'],
    ...['x', 'y', 'Foo', 'Bar', 'u8', 'u32', '_'],
  ]),
];
const PUNCT = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '<',
  '>',
  ',',
  ':',
  ';',
  '.',
  '=',
  '@',
  '|',
  '&',
  '^',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '::',
  '->',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<<',
  '>>',
  '..',
  '??',
];
const LITERALS = [
  '0',
  '42',
  '0xff',
  '1_000',
  '3u8',
  '0.5',
  '30s',
  '125mhz',
  '"s"',
  '"a\\0b"',
  '"unterminated',
  '/// doc',
  '// c',
  '/// test golden',
  '#',
  'é',
];
const SEPARATORS = [' ', ' ', ' ', '\n', '\n    ', '\t', ''];

const token = fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...PUNCT), fc.constantFrom(...LITERALS));
const soup = fc.array(fc.tuple(token, fc.constantFrom(...SEPARATORS)), { maxLength: 120 }).map((parts) => parts.map(([t, s]) => t + s).join(''));

function checkInvariants(text: string, path = 'soup.fl'): void {
  const bag = new DiagnosticBag();
  const file = new SourceFile(path, text);
  const ast = parseSource(file, bag);
  const lineCount = text.split('\n').length;
  for (const d of bag.items) {
    expect(d.code).not.toBe('FL299');
    expect(d.file).toBe(path);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lineCount);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.endLine).toBeGreaterThanOrEqual(d.line);
    if (d.endLine === d.line) expect(d.endColumn).toBeGreaterThan(d.column);
  }
  for (const decl of ast.decls) {
    expect(decl.span.start).toBeGreaterThanOrEqual(0);
    expect(decl.span.end).toBeLessThanOrEqual(text.length);
    expect(decl.span.end).toBeGreaterThanOrEqual(decl.span.start);
  }
}

const FIXTURE_DIR = join(import.meta.dirname, '../fixtures/fastlang');
const fixtures = ['shapes', 'realistic'].flatMap((dir) =>
  readdirSync(join(FIXTURE_DIR, dir))
    .filter((f) => /\.(fl|fld|flj)$/.test(f))
    .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(FIXTURE_DIR, dir, f), 'utf8') })),
);

/** One random edit of a text: delete, insert, duplicate or swap a stretch. */
const edit = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate', 'swap'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 12 }),
  insert: fc.oneof(token, fc.constantFrom('\n', '{', '}', '(', ')', '"')),
});

function applyEdits(text: string, edits: { kind: string; at: number; length: number; insert: string }[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length === 0 ? 0 : e.at % t.length;
    const end = Math.min(t.length, at + e.length);
    switch (e.kind) {
      case 'delete':
        t = t.slice(0, at) + t.slice(end);
        break;
      case 'insert':
        t = t.slice(0, at) + e.insert + t.slice(at);
        break;
      case 'duplicate':
        t = t.slice(0, end) + t.slice(at, end) + t.slice(end);
        break;
      case 'swap': {
        const other = (at * 7 + 13) % Math.max(1, t.length);
        const a = t.slice(at, end);
        t = t.slice(0, at) + t.slice(end);
        t = t.slice(0, other) + a + t.slice(other);
        break;
      }
    }
  }
  return t;
}

describe('parser robustness (fast-check)', () => {
  it('never crashes on random token soup', () => {
    fc.assert(
      fc.property(soup, (text) => checkInvariants(text)),
      { numRuns: 300 },
    );
  });

  it('never crashes on token soup in journey files', () => {
    fc.assert(
      fc.property(soup, (text) => checkInvariants(text, 'soup.flj')),
      { numRuns: 100 },
    );
  });

  it('never crashes on random damage to valid files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(edit, { minLength: 1, maxLength: 6 }), (fixture, edits) => {
        checkInvariants(applyEdits(fixture.text, edits), fixture.name);
      }),
      { numRuns: 300 },
    );
  });

  it('parses a valid file the same way wherever it is split by blank lines and comments', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures.filter((f) => f.name.endsWith('.fl'))),
        fc.constantFrom('\n', '\n\n// note\n', '\n/// doc\n'),
        (fixture, gap) => {
          const bag = new DiagnosticBag();
          const spaced = fixture.text.replace(/\n(?=(type|circuit|const|stream|data) )/g, gap + '\n');
          const a = parseSource(new SourceFile('a.fl', fixture.text), new DiagnosticBag());
          const b = parseSource(new SourceFile('b.fl', spaced), bag);
          expect(b.decls.map((d) => d.kind)).toEqual(a.decls.map((d) => d.kind));
          expect(bag.items.filter((d) => d.severity === 'error')).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
