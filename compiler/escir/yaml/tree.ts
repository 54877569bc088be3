/**
 * The positioned YAML tree every ESCIR pass reads. It is built once from the `yaml`
 * package's document and keeps, for every node, its source offsets and its RFC 6901
 * pointer, plus every mapping entry in source order — duplicates included, because
 * legacy files legitimately repeat `version` (ESCIR.md §2) and the loader must report
 * the others itself.
 */

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';
export type ScalarValue = string | number | bigint | boolean | null;

interface YBase {
  /** Offsets [start, end) of the node in the file text. */
  start: number;
  end: number;
  /** RFC 6901 pointer from the document root ('' is the root). */
  pointer: string;
}

export interface YScalar extends YBase {
  kind: 'scalar';
  value: ScalarValue;
  style: ScalarStyle;
  /** Source offset of the character at `index` in the string form of `value`. */
  offsetAt(index: number): number;
}

export interface YEntry {
  key: string;
  keyNode: YScalar;
  value: YNode;
}

export interface YMap extends YBase {
  kind: 'map';
  /** Entries in source order; a repeated key appears once per occurrence. */
  entries: YEntry[];
}

export interface YSeq extends YBase {
  kind: 'seq';
  items: YNode[];
}

export type YNode = YScalar | YMap | YSeq;

/** RFC 6901 escaping of one reference token. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function childPointer(parent: string, token: string | number): string {
  return `${parent}/${escapePointerToken(String(token))}`;
}

export function isMap(n: YNode | undefined): n is YMap {
  return n !== undefined && n.kind === 'map';
}

export function isSeq(n: YNode | undefined): n is YSeq {
  return n !== undefined && n.kind === 'seq';
}

export function isScalar(n: YNode | undefined): n is YScalar {
  return n !== undefined && n.kind === 'scalar';
}

/** First entry with this key (duplicates are diagnosed once, by the loader). */
export function entry(map: YMap | undefined, key: string): YEntry | undefined {
  if (!map) return undefined;
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

export function get(map: YNode | undefined, key: string): YNode | undefined {
  return isMap(map) ? entry(map, key)?.value : undefined;
}

export function has(map: YNode | undefined, key: string): boolean {
  return isMap(map) && map.entries.some((e) => e.key === key);
}

/** Items of a sequence, or [] for anything else (shape errors are reported by P2). */
export function items(n: YNode | undefined): YNode[] {
  return isSeq(n) ? n.items : [];
}

/** A scalar's value as a string, when it is a string or a number-like scalar. */
export function str(n: YNode | undefined): string | undefined {
  if (!isScalar(n)) return undefined;
  if (typeof n.value === 'string') return n.value;
  return undefined;
}

/** The scalar's text as written, for values where the source form matters (`1.0`, `0x1f`). */
export function scalarText(n: YNode | undefined, text: string): string | undefined {
  if (!isScalar(n)) return undefined;
  if (typeof n.value === 'string') return n.value;
  if (n.value === null) return undefined;
  return text.slice(n.start, n.end).trim();
}

export function intValue(n: YNode | undefined): bigint | undefined {
  if (!isScalar(n)) return undefined;
  if (typeof n.value === 'bigint') return n.value;
  if (typeof n.value === 'number' && Number.isInteger(n.value)) return BigInt(n.value);
  return undefined;
}

export function numberValue(n: YNode | undefined): number | undefined {
  if (!isScalar(n)) return undefined;
  if (typeof n.value === 'bigint') return Number(n.value);
  if (typeof n.value === 'number') return n.value;
  return undefined;
}

/**
 * A number written as a string (`burst: "4"`, `width: "0x10"`, `rate: "0.25"`), as legacy
 * exports often quote them: the number, else undefined. The graph pass accepts these only in
 * legacy files (specs/escir.md §4); canonical files get E021 before anything reads them.
 */
export function numericString(text: string): number | bigint | undefined {
  const t = text.trim();
  if (/^[+-]?(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(t)) {
    const neg = t.startsWith('-');
    const body = t.replace(/^[+-]/, '');
    const v = BigInt(body);
    return neg ? -v : v;
  }
  if (/^[+-]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$|^[+-]?[0-9]+[eE][+-]?[0-9]+$/.test(t)) return Number(t);
  return undefined;
}

/**
 * A number, or in a string the number it spells (`"12"`, `"0x10"`, `"0.5"`): legacy exports
 * quote numbers (specs/escir.md §4). Undefined for anything else.
 */
export function looseNumberValue(n: YNode | undefined): number | undefined {
  const v = numberValue(n);
  if (v !== undefined || !isScalar(n) || typeof n.value !== 'string') return v;
  const quoted = numericString(n.value);
  return quoted === undefined ? undefined : Number(quoted);
}

export function boolValue(n: YNode | undefined): boolean | undefined {
  if (!isScalar(n)) return undefined;
  return typeof n.value === 'boolean' ? n.value : undefined;
}

/** Plain JS view of a subtree (ints stay bigint) for metadata kept as attrs. */
export function toPlain(n: YNode | undefined): unknown {
  if (n === undefined) return undefined;
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const e of n.entries) if (!(e.key in o)) o[e.key] = toPlain(e.value);
      return o;
    }
  }
}

export function describeKind(n: YNode | undefined): string {
  if (n === undefined) return 'nothing';
  if (n.kind === 'map') return 'a mapping';
  if (n.kind === 'seq') return 'a sequence';
  if (n.value === null) return 'null';
  if (typeof n.value === 'string') return 'a string';
  if (typeof n.value === 'boolean') return 'a boolean';
  return 'a number';
}
