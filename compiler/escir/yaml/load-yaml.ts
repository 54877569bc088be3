/**
 * P0: YAML 1.2 (core schema) → positioned tree. Duplicate keys are kept (uniqueKeys off)
 * and judged later with the dialect in hand; anchors, aliases, merge keys and YAML 1.1
 * words are recorded so P1 can report them as W003 (legacy) or E002 (canonical).
 */
import { parseAllDocuments, isAlias, isMap as yIsMap, isScalar as yIsScalar, isSeq as yIsSeq, isPair, type Document, type Node as YamlNode, Scalar } from 'yaml';
import type { EscirReporter } from '../diagnostics.ts';
import { scalarOffsetMapper } from './scalar-positions.ts';
import { childPointer, type ScalarStyle, type YEntry, type YMap, type YNode, type YScalar } from './tree.ts';

export interface YamlFeature {
  kind: 'anchor' | 'alias' | 'merge' | 'yaml11-word';
  start: number;
  end: number;
  pointer: string;
  text: string;
}

export interface ParsedYaml {
  root: YMap;
  features: YamlFeature[];
}

const YAML11_WORDS = /^(yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Returns undefined (after reporting E002) when the text is not one YAML document with a mapping root. */
export function parseYamlTree(text: string, reporter: EscirReporter): ParsedYaml | undefined {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, intAsBigInt: true, version: '1.2', schema: 'core', prettyErrors: false }) as Document.Parsed[];
  } catch (e) {
    reporter.error('E002', `cannot parse YAML: ${(e as Error).message}`, { start: 0, end: 0, pointer: '' });
    return undefined;
  }
  if (!Array.isArray(docs)) docs = [docs];
  if (docs.length === 0) {
    reporter.error('E002', 'the file is empty; an ESCIR file is one YAML mapping', { start: 0, end: 0, pointer: '' });
    return undefined;
  }
  let bad = false;
  for (const doc of docs) {
    for (const err of doc.errors) {
      const [s, e] = err.pos;
      reporter.error('E002', `invalid YAML: ${firstLine(err.message)}`, { start: s, end: Math.max(e, s + 1), pointer: '' });
      bad = true;
    }
  }
  if (bad) return undefined;
  // Empty documents (a stray `---` before or after the circuit, comments only) hold nothing:
  // they are skipped, so only several non-empty documents are E002 (specs/escir.md §2).
  const nonEmpty = docs.filter((d) => d.contents !== null && d.contents !== undefined && !(yIsScalar(d.contents) && d.contents.value === null && d.contents.range[0] === d.contents.range[1]));
  if (nonEmpty.length === 0) {
    reporter.error('E002', 'the file is empty; an ESCIR file is one YAML mapping', { start: 0, end: 0, pointer: '' });
    return undefined;
  }
  docs = nonEmpty;
  if (docs.length > 1) {
    const second = docs[1]!;
    const at = second.contents?.range?.[0] ?? text.length;
    reporter.error('E002', `an ESCIR file holds one YAML document; found ${docs.length}`, { start: at, end: at + 1, pointer: '' }, {
      hint: 'remove the `---` separator or split the file',
    });
    return undefined;
  }
  const doc = docs[0]!;
  const contents = doc.contents as YamlNode | null;
  if (!contents || !yIsMap(contents)) {
    const range = contents?.range ?? [0, 0];
    reporter.error('E002', 'the root of an ESCIR file must be a mapping', { start: range[0], end: Math.max(range[1], range[0] + 1), pointer: '' });
    return undefined;
  }
  const builder = new TreeBuilder(text, doc, reporter);
  const root = builder.build(contents, '', 0) as YMap;
  if (builder.failed) return undefined;
  return { root, features: builder.features };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
}

/**
 * Most tree nodes one file may expand to. Aliases copy their target, so a few lines of nested
 * aliases ("billion laughs") would otherwise expand to millions of nodes; real circuits stay
 * far below this.
 */
const MAX_TREE_NODES = 200_000;

class TreeBuilder {
  readonly features: YamlFeature[] = [];
  failed = false;
  private built = 0;
  /** The alias being expanded (outermost), where an over-large expansion is reported. */
  private aliasAt: [number, number] | undefined;

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly reporter: EscirReporter,
  ) {}

  build(node: unknown, pointer: string, depth: number, viaAlias = false): YNode {
    if (depth > 200) {
      this.failed = true;
      this.reporter.error('E002', 'YAML nesting too deep (alias cycle?)', { start: 0, end: 1, pointer });
      return this.nullScalar(0, pointer);
    }
    if (node === null || node === undefined) return this.nullScalar(0, pointer);
    const n = node as YamlNode;
    const range = n.range ?? [0, 0, 0];
    if (++this.built > MAX_TREE_NODES) {
      if (this.built === MAX_TREE_NODES + 1) {
        const [s, e] = this.aliasAt ?? [range[0], range[1]];
        this.reporter.error('E002', `the YAML expands to more than ${MAX_TREE_NODES} nodes (nested aliases?)`, { start: s, end: Math.max(e, s + 1), pointer: pointer.split('/').slice(0, 3).join('/') });
      }
      this.failed = true;
      return this.nullScalar(range[0], pointer);
    }
    if (isAlias(n)) {
      this.features.push({ kind: 'alias', start: range[0], end: range[1], pointer, text: `*${n.source}` });
      const target = n.resolve(this.doc);
      if (!target) {
        this.failed = true;
        this.reporter.error('E002', `unresolved alias *${n.source}`, { start: range[0], end: range[1], pointer });
        return this.nullScalar(range[0], pointer);
      }
      const outer = this.aliasAt === undefined;
      if (outer) this.aliasAt = [range[0], range[1]];
      const built = this.build(target, pointer, depth + 1, true);
      if (outer) this.aliasAt = undefined;
      return built;
    }
    if (n.anchor && !viaAlias) this.features.push({ kind: 'anchor', start: range[0], end: range[0] + n.anchor.length + 1, pointer, text: `&${n.anchor}` });
    if (yIsScalar(n)) return this.scalar(n, pointer);
    if (yIsSeq(n)) {
      const out: YNode[] = [];
      n.items.forEach((item, i) => out.push(this.build(item, childPointer(pointer, i), depth + 1)));
      return { kind: 'seq', items: out, start: range[0], end: range[1], pointer };
    }
    if (yIsMap(n)) {
      const map: YMap = { kind: 'map', entries: [], start: range[0], end: range[1], pointer };
      const merged: YEntry[] = [];
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        let keyNode = pair.key as YamlNode | null;
        if (keyNode !== null && isAlias(keyNode)) {
          // `*name: value` — an alias used as a key (legacy W003 like any alias): its scalar is the key.
          const kr = keyNode.range ?? range;
          const target = keyNode.resolve(this.doc) as YamlNode | undefined;
          this.features.push({ kind: 'alias', start: kr[0], end: kr[1], pointer, text: `*${keyNode.source}` });
          if (target && yIsScalar(target)) keyNode = Object.assign(target.clone(), { range: kr }) as YamlNode;
        }
        if (keyNode === null || !yIsScalar(keyNode)) {
          const kr = (keyNode as YamlNode | null)?.range ?? range;
          this.failed = true;
          const placeholder = this.text.slice(kr[0], kr[1]).includes('{');
          this.reporter.error('E002', 'mapping keys must be plain scalars', { start: kr[0], end: Math.max(kr[1], kr[0] + 1), pointer }, placeholder ? { hint: 'an unquoted `{{X}}` is a YAML mapping: write template placeholders inside quotes (`"{{X}}"`)' } : {});
          continue;
        }
        const key = keyNode.value === null ? '' : String(keyNode.value);
        const kScalar = this.scalar(keyNode, childPointer(pointer, key), true);
        const vPointer = childPointer(pointer, key);
        if (key === '<<' && keyNode.type === 'PLAIN') {
          this.features.push({ kind: 'merge', start: kScalar.start, end: kScalar.end, pointer: vPointer, text: '<<' });
          // Legacy files may use merge keys; the merged entries never override explicit ones.
          const sources = yIsSeq(pair.value) ? pair.value.items : [pair.value];
          for (const src of sources) {
            const built = this.build(src, pointer, depth + 1);
            if (built.kind === 'map') for (const e of built.entries) merged.push(e);
          }
          continue;
        }
        const value = this.build(pair.value, vPointer, depth + 1);
        if (pair.value === null) {
          // `key:` with nothing after it: position the null at the end of the key.
          value.start = kScalar.end;
          value.end = kScalar.end;
        }
        map.entries.push({ key, keyNode: kScalar, value });
      }
      for (const m of merged) if (!map.entries.some((e) => e.key === m.key)) map.entries.push(m);
      return map;
    }
    return this.nullScalar(range[0], pointer);
  }

  private scalar(n: Scalar, pointer: string, isKey = false): YScalar {
    const range = n.range ?? [0, 0, 0];
    const style = styleOf(n.type);
    let value = n.value as YScalar['value'];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean' && value !== null) {
      value = String(value);
    }
    if (!isKey && style === 'plain' && typeof value === 'string' && YAML11_WORDS.test(value)) {
      this.features.push({ kind: 'yaml11-word', start: range[0], end: range[1], pointer, text: value });
    }
    const asText = typeof value === 'string' ? value : this.text.slice(range[0], range[1]);
    const mapper = scalarOffsetMapper(this.text, range[0], range[1], style, asText);
    return { kind: 'scalar', value, style, start: range[0], end: range[1], pointer, offsetAt: mapper };
  }

  private nullScalar(at: number, pointer: string): YScalar {
    return { kind: 'scalar', value: null, style: 'plain', start: at, end: at, pointer, offsetAt: () => at };
  }
}

function styleOf(t: Scalar['type']): ScalarStyle {
  switch (t) {
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'QUOTE_SINGLE':
      return 'single';
    case 'BLOCK_LITERAL':
      return 'literal';
    case 'BLOCK_FOLDED':
      return 'folded';
    default:
      return 'plain';
  }
}

