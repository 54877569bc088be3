/**
 * §2.2: contextual keywords are names everywhere outside their grammatical position. Over every
 * clean file of the syntax corpora, the names it declares (bindings, parameters, fields, variants,
 * circuits, streams, stores, parties, steps, …) are renamed — at every use, as tokens — to
 * contextual keywords the file does not use yet; the tree must be the same once the names are
 * mapped back, with no diagnostic.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, SourceFile } from '../../compiler/diagnostics/index.ts';
import { lexSource, type FlToken } from '../../compiler/syntax/index.ts';
import { isKnownClause } from '../../compiler/syntax/parser/clause-table.ts';
import { CONTEXTUAL_KEYWORDS } from '../../compiler/syntax/tokens.ts';
import { parse } from './helpers.ts';
import { fixtureFiles } from './shapes.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const files = ['corpus', 'corpus2', 'corpus3', 'fastlang'].flatMap((d) => fixtureFiles(join(FIXTURES, d)));

/** LANGUAGE.md §2.2 "keywords seen as ordinary names". */
const SEEN_AS_NAMES =
  'data state status event events key value edge node metrics trigger target platform schema storage retention stream step property description package from graph role action actor expect types audience list result import classify rbac observe cortex public'.split(
    ' ',
  );
// A store named `retain` cannot be: `store KIND retain` is the data verb (§5.18).
const OTHER_KEYWORDS = CONTEXTUAL_KEYWORDS.filter((k) => !SEEN_AS_NAMES.includes(k) && k !== 'retain');

/** Words that name store entries and clause items: renaming a local of that name would rename them too. */
const ITEM_NAMES = new Set(['key', 'value', 'schema', 'ttl', 'retention', 'persistence', 'storage', 'merkle_chain', 'lattice_imprint']);

/**
 * Nodes whose `name` the test renames: bindings, parameters, struct fields, enum variants, and the
 * names of circuits, streams, graphs, stores, state machines, parties, fixtures and steps.
 * (Type names are left alone: a capitalised head decides a struct literal, §7.2.)
 */
const NAMED_KINDS = new Set(['Let', 'Param', 'StructField', 'EnumVariant', 'Circuit', 'Stream', 'Graph', 'Store', 'StateMachine', 'Party', 'Fixture', 'Step']);

/** The names of the `NAMED_KINDS` nodes and `for` bindings in a tree. */
function localNames(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) localNames(n, out);
  } else if (node !== null && typeof node === 'object') {
    const o = node as { kind?: string; name?: { name: string }; binding?: { name: string } };
    if (o.kind !== undefined && NAMED_KINDS.has(o.kind) && typeof o.name === 'object' && o.name !== null) out.add(o.name.name);
    if (o.kind === 'For' && o.binding) out.add(o.binding.name);
    for (const [key, value] of Object.entries(o)) if (key !== 'span' && key !== 'file') localNames(value, out);
  }
  return out;
}

/** The tree without positions; strings have their `/`- and `.`-separated segments mapped by `back`. */
function tree(ast: unknown, back: ReadonlyMap<string, string>): string {
  return JSON.stringify(ast, (key, value: unknown) => {
    if (key === 'span' || key === 'file' || key.endsWith('Span')) return undefined;
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'string' && key !== 'kind')
      return value
        .split(/([/.])/)
        .map((seg) => back.get(seg) ?? seg)
        .join('');
    return value;
  });
}

interface Original {
  text: string;
  tokens: FlToken[];
  /** Every word of the file. */
  used: Set<string>;
  tree: string;
  /** The tree as JSON: a keyword that already appears in it (inside a string, or as a normalised
   * clause word) could not be mapped back unambiguously. */
  treeText: string;
  /** The names the test may rename. */
  names: string[];
}

const originals = new Map<string, Original | null>();

/** A clean corpus file as written, read once for both keyword sets (null when it has diagnostics). */
function original(file: string): Original | null {
  const known = originals.get(file);
  if (known !== undefined) return known;
  const text = readFileSync(file, 'utf8');
  const before = parse(text, file);
  let o: Original | null = null;
  if (!before.diagnostics.some((d) => d.severity !== 'note')) {
    const tokens = lexSource(new SourceFile(file, text), new DiagnosticBag()).tokens;
    const keywordTokens = new Set(tokens.filter((t) => t.tokenType.name !== 'Identifier').map((t) => t.image));
    o = {
      text,
      tokens,
      used: new Set(tokens.map((t) => t.image)),
      tree: tree(before.ast.decls, new Map()),
      treeText: JSON.stringify(before.ast.decls, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}` : value)),
      names: [...localNames(before.ast.decls, new Set())].filter(
        (n) => /^[a-z][a-z0-9_]+$/.test(n) && !keywordTokens.has(n) && !ITEM_NAMES.has(n) && !isKnownClause(n),
      ),
    };
  }
  originals.set(file, o);
  return o;
}

function renameCheck(keywords: readonly string[]): { renamed: number; changed: string[] } {
  let renamed = 0;
  const changed: string[] = [];
  for (const file of files) {
    const o = original(file);
    if (o === null) continue;
    const { text, tokens, used, tree: beforeTree, treeText, names } = o;
    const free = keywords.filter((k) => !used.has(k) && !treeText.includes(k));
    const rename = new Map(names.slice(0, free.length).map((n, i) => [n, free[i]!]));
    if (rename.size === 0) continue;
    let out = '';
    let pos = 0;
    for (const t of tokens) {
      const to = rename.get(t.image);
      if (to === undefined || t.tokenType.name !== 'Identifier') continue;
      out += text.slice(pos, t.startOffset) + to;
      pos = t.startOffset + t.image.length;
    }
    out += text.slice(pos);
    renamed += rename.size;
    const after = parse(out, file);
    const back = new Map([...rename].map(([from, to]) => [to, from]));
    const problems = after.diagnostics.filter((d) => d.severity !== 'note');
    if (problems.length > 0 || tree(after.ast.decls, back) !== beforeTree) {
      changed.push(`${relative(FIXTURES, file)} ${problems.map((d) => `${d.line}:${d.column} ${d.code}`).join(' ')}`);
    }
  }
  return { renamed, changed };
}

describe('contextual keywords as local names (§2.2)', () => {
  it('the keywords the manual lists as names', () => {
    const r = renameCheck(SEEN_AS_NAMES);
    expect(r.changed).toEqual([]);
    expect(r.renamed).toBeGreaterThan(500);
  });

  it('every other contextual keyword, the type words and predicate words included', () => {
    expect(OTHER_KEYWORDS).toEqual(expect.arrayContaining(['option', 'bytes', 'some', 'implies', 'does_not_contain', 'filter', 'journey']));
    const r = renameCheck(OTHER_KEYWORDS);
    expect(r.changed).toEqual([]);
    expect(r.renamed).toBeGreaterThan(500);
  });
});
