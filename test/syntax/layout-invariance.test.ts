/**
 * Layout that cannot change meaning must not change the tree (LANGUAGE.md §2.1, §3 N8): every
 * file of the syntax corpora parses to the same AST, with the same diagnostics, after a comment
 * line and a blank line are put after every line, a comment at the end of every line, CRLF line
 * ends, a byte-order mark, tabs for indentation, trailing blanks, no indentation at all, deeper
 * indentation, or no final newline. Spans are left out of the comparison; everything else must
 * match. And §4 A1: writing every clause and item word with `@`, or every one without, changes
 * nothing but `Clause.at`; §3 N2: a `;` after every statement changes nothing but
 * `ExprStmt.semicolon`; §2.1: a `///` line after every line changes nothing but `docs`.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from './helpers.ts';
import { fixtureFiles } from './shapes.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const files = ['corpus', 'corpus2', 'corpus3', 'fastlang'].flatMap((d) => fixtureFiles(join(FIXTURES, d)));

const TRANSFORMS: Record<string, (text: string) => string> = {
  'a comment line and a blank line after every line': (t) => t.split('\n').map((line) => `${line}\n// note: a comment line\n`).join('\n'),
  'a trailing comment on every line but doc lines': (t) =>
    t
      .split(/\r?\n/)
      .map((line) => (line.includes('///') ? line : `${line} // trailing note`))
      .join('\n'),
  'CRLF line ends': (t) => t.replace(/\r?\n/g, '\r\n'),
  'a byte-order mark': (t) => `\uFEFF${t}`,
  'tabs for indentation': (t) => t.replace(/^(?: {4})+/gm, (m) => '\t'.repeat(m.length / 4)),
  'trailing blanks on every line': (t) => t.replace(/\r?\n/g, ' \t \n'),
  'no indentation': (t) => t.replace(/^[ \t]+/gm, ''),
  'deeper indentation': (t) => t.replace(/^/gm, '        '),
  'no final newline': (t) => t.replace(/\s+$/, ''),
};

/** The AST without positions (and without `Clause.at` if asked), and the diagnostics without positions. */
function meaning(text: string, path: string, ignoreAt = false): { ast: string; diagnostics: string[] } {
  const r = parse(text, path);
  const ast = JSON.stringify(r.ast, (key, value: unknown) =>
    key === 'span' || key === 'file' || key.endsWith('Span') || (ignoreAt && key === 'at') ? undefined : typeof value === 'bigint' ? `${value}n` : value,
  );
  return { ast, diagnostics: r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`) };
}

const originals = new Map<string, { ast: string; diagnostics: string[] }>();

/** The meaning of a corpus file as written, computed once for all the transforms. */
function original(file: string, text: string): { ast: string; diagnostics: string[] } {
  let m = originals.get(file);
  if (m === undefined) originals.set(file, (m = meaning(text, file)));
  return m;
}

describe('layout invariance over the syntax corpora', () => {
  it('reads 100+ corpus files', () => {
    expect(files.length).toBeGreaterThanOrEqual(100);
  });

  it.each(Object.keys(TRANSFORMS))('%s leaves every tree unchanged', (name) => {
    const transform = TRANSFORMS[name]!;
    const changed: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const before = original(file, text);
      const after = meaning(transform(text), file);
      if (after.ast !== before.ast || after.diagnostics.join('\n') !== before.diagnostics.join('\n')) changed.push(relative(FIXTURES, file));
    }
    expect(changed).toEqual([]);
  });
});

/** Start offsets of the clause and item words (Clause, StoreEntry) written with or without `@`. */
function clauseStarts(node: unknown, withAt: boolean, out: Set<number> = new Set()): Set<number> {
  if (Array.isArray(node)) {
    for (const n of node) clauseStarts(n, withAt, out);
  } else if (node !== null && typeof node === 'object') {
    const o = node as { kind?: string; at?: boolean; span?: { start: number } };
    if ((o.kind === 'Clause' || o.kind === 'StoreEntry') && o.at === withAt && o.span) out.add(o.span.start);
    for (const [key, value] of Object.entries(o)) if (key !== 'span' && key !== 'file') clauseStarts(value, withAt, out);
  }
  return out;
}

/** `text` with `@` put before (or taken from) every clause word that lacks (or has) it. */
function respell(text: string, addAt: boolean, path: string): { text: string; count: number } {
  const starts = [...clauseStarts(parse(text, path).ast.decls, !addAt)].sort((a, b) => b - a);
  let out = text;
  for (const s of starts) {
    if (addAt && out[s] !== '@') out = `${out.slice(0, s)}@${out.slice(s)}`;
    else if (!addAt && out[s] === '@') out = out.slice(0, s) + out.slice(s + 1);
  }
  return { text: out, count: starts.length };
}

describe('the optional `@` (§4 A1) over the syntax corpora', () => {
  it.each([
    ['with `@` on every clause and item word', true],
    ['with `@` on none', false],
  ] as const)('%s, every tree is the same but for `at`', (_name, addAt) => {
    const changed: string[] = [];
    let respelled = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const { text: other, count } = respell(text, addAt, file);
      respelled += count;
      const before = meaning(text, file, true);
      const after = meaning(other, file, true);
      if (after.ast !== before.ast || after.diagnostics.join('\n') !== before.diagnostics.join('\n')) changed.push(relative(FIXTURES, file));
    }
    expect(changed).toEqual([]);
    expect(respelled).toBeGreaterThan(300);
  });
});

/** End offsets of every statement in every block. */
function statementEnds(node: unknown, out: Set<number> = new Set()): Set<number> {
  if (Array.isArray(node)) {
    for (const n of node) statementEnds(n, out);
  } else if (node !== null && typeof node === 'object') {
    const o = node as { kind?: string; stmts?: { span: { end: number } }[] };
    if (o.kind === 'Block' && o.stmts) for (const s of o.stmts) out.add(s.span.end);
    for (const [key, value] of Object.entries(o)) if (key !== 'span' && key !== 'file') statementEnds(value, out);
  }
  return out;
}

describe('the optional `;` (§3 N2) over the syntax corpora', () => {
  it('a `;` after every statement changes nothing but `ExprStmt.semicolon`', () => {
    const strip = (text: string, path: string): string =>
      JSON.stringify(parse(text, path).ast.decls, (key, value: unknown) =>
        key === 'span' || key === 'file' || key === 'semicolon' || key.endsWith('Span') ? undefined : typeof value === 'bigint' ? `${value}n` : value,
      );
    const changed: string[] = [];
    let added = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let out = text;
      for (const end of [...statementEnds(parse(text, file).ast.decls)].sort((a, b) => b - a)) {
        if (/^[ \t]*;/.test(out.slice(end))) continue;
        out = `${out.slice(0, end)};${out.slice(end)}`;
        added++;
      }
      if (strip(out, file) !== strip(text, file) || meaning(out, file).diagnostics.join('\n') !== original(file, text).diagnostics.join('\n'))
        changed.push(relative(FIXTURES, file));
    }
    expect(changed).toEqual([]);
    expect(added).toBeGreaterThan(2000);
  });
});

describe('doc comments anywhere (§2.1) over the syntax corpora', () => {
  it('a `///` line after every line changes nothing but the attached docs', () => {
    const withoutDocs = (text: string, path: string): { ast: string; diagnostics: string } => {
      const r = parse(text, path);
      const ast = JSON.stringify(r.ast.decls, (key, value: unknown) =>
        key === 'span' || key === 'file' || key === 'docs' || key.endsWith('Span') ? undefined : typeof value === 'bigint' ? `${value}n` : value,
      );
      return { ast, diagnostics: r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`).join('\n') };
    };
    const changed: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const documented = text
        .split('\n')
        .map((line) => `${line}\n/// an inserted doc line`)
        .join('\n');
      const before = withoutDocs(text, file);
      const after = withoutDocs(documented, file);
      if (after.ast !== before.ast || after.diagnostics !== before.diagnostics) changed.push(relative(FIXTURES, file));
    }
    expect(changed).toEqual([]);
  });
});
