/**
 * Maps a character index inside a scalar's *value* back to an offset in the file, so a
 * diagnostic about a token inside a block scalar, a quoted flow string or a type string
 * points at the token itself (ESCIR.md §2 Positions: line = the scalar's first content
 * line + inner line, column = indent + inner column).
 */
import type { ScalarStyle } from './tree.ts';

export type OffsetMapper = (index: number) => number;

export function scalarOffsetMapper(text: string, start: number, end: number, style: ScalarStyle, value: string): OffsetMapper {
  let table: number[] | undefined;
  return (index: number) => {
    table ??= buildTable(text, start, end, style, value);
    if (table.length === 0) return start;
    const i = Math.max(0, Math.min(index, table.length - 1));
    return table[i]!;
  };
}

/** table[i] = source offset of value[i]; one extra entry for the end of the value. */
function buildTable(text: string, start: number, end: number, style: ScalarStyle, value: string): number[] {
  switch (style) {
    case 'literal':
      return literalTable(text, start, end, value);
    case 'double':
      return doubleQuotedTable(text, start, end, value);
    case 'single':
      return singleQuotedTable(text, start, end, value);
    default:
      return alignTable(text, style === 'folded' ? afterHeader(text, start, end) : start, end, value);
  }
}

function afterHeader(text: string, start: number, end: number): number {
  const nl = text.indexOf('\n', start);
  return nl === -1 || nl >= end ? end : nl + 1;
}

/** Block literal: value line k is source content line k, shifted by the block indent. */
function literalTable(text: string, start: number, end: number, value: string): number[] {
  const lineStarts: number[] = [];
  for (let p = afterHeader(text, start, end); p < end; ) {
    lineStarts.push(p);
    const nl = text.indexOf('\n', p);
    if (nl === -1 || nl >= end) break;
    p = nl + 1;
  }
  // The content indent, measured on the first non-blank line, with or without an explicit
  // indentation indicator (`|2`): the indicator is relative to the parent's indentation,
  // which is not known here. Exact unless the first line is indented deeper than the
  // indicator says (then its extra spaces, which are content, shift that line's columns).
  const first = lineStarts.find((ls) => text.slice(ls, lineEnd(text, ls, end)).trim() !== '');
  const indent = first !== undefined ? leadingSpaces(text, first, end) : 0;
  const table: number[] = [];
  let line = 0;
  let col = 0;
  for (let i = 0; i <= value.length; i++) {
    const ls = lineStarts[Math.min(line, lineStarts.length - 1)] ?? end;
    const len = lineEnd(text, ls, end) - ls;
    table.push(ls + Math.min(indent, len) + col);
    if (value[i] === '\n') {
      line++;
      col = 0;
    } else col++;
  }
  return table;
}

function lineEnd(text: string, ls: number, end: number): number {
  const nl = text.indexOf('\n', ls);
  return nl === -1 || nl > end ? end : nl;
}

function leadingSpaces(text: string, ls: number, end: number): number {
  let n = 0;
  while (ls + n < end && text[ls + n] === ' ') n++;
  return n;
}

const SIMPLE_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

function doubleQuotedTable(text: string, start: number, end: number, value: string): number[] {
  return quotedTable(text, start, end, value, (j, stop, table) => {
    if (text[j] !== '\\') return undefined;
    const next = text[j + 1] ?? '';
    if (next === '\n' || next === '\r') {
      // Escaped line break: joins lines without a space.
      j += 2;
      while (j < stop && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n')) j++;
      return j;
    }
    table.push(j);
    const width = SIMPLE_ESCAPES[next];
    const units = width !== undefined ? String.fromCodePoint(parseInt(text.slice(j + 2, j + 2 + width), 16) || 0).length : 1;
    for (let u = 1; u < units; u++) table.push(j);
    return j + 2 + (width ?? 0);
  });
}

function singleQuotedTable(text: string, start: number, end: number, value: string): number[] {
  return quotedTable(text, start, end, value, (j, _stop, table) => {
    if (text[j] !== "'" || text[j + 1] !== "'") return undefined;
    table.push(j); // a doubled quote is one character of the value
    return j + 2;
  });
}

/**
 * A quoted flow scalar: each value character at its source character, line breaks folded.
 * `escape` handles an escape sequence at `j` (pushing the offsets of the characters it
 * stands for) and returns where it ends, or undefined when there is none at `j`.
 */
function quotedTable(text: string, start: number, end: number, value: string, escape: (j: number, stop: number, table: number[]) => number | undefined): number[] {
  const table: number[] = [];
  let j = start + 1; // after the opening quote
  const stop = Math.max(start + 1, end - 1);
  while (j < stop && table.length < value.length) {
    const after = escape(j, stop, table);
    if (after !== undefined) {
      j = after;
      continue;
    }
    if (text[j] === '\n' || text[j] === '\r') {
      j = foldLineBreak(text, j, stop, table, value);
      continue;
    }
    table.push(j);
    j++;
  }
  table.push(Math.min(j, end));
  return table;
}

/** A line break inside a flow scalar folds to one space, or to n-1 newlines for n breaks. */
function foldLineBreak(text: string, j: number, stop: number, table: number[], value: string): number {
  // Trailing white space before the break was already pushed; drop it if the value has no such chars.
  // Trailing white space of the line is not part of the value.
  while (table.length > 0 && (text[table[table.length - 1]!] === ' ' || text[table[table.length - 1]!] === '\t')) table.pop();
  let breaks = 0;
  const at = j;
  while (j < stop && (text[j] === '\n' || text[j] === '\r' || text[j] === ' ' || text[j] === '\t')) {
    if (text[j] === '\n') breaks++;
    j++;
  }
  const produced = breaks <= 1 ? 1 : breaks - 1;
  for (let k = 0; k < produced && table.length < value.length; k++) table.push(at);
  return j;
}

/** Plain and folded scalars: align value characters with source characters, skipping folded white space. */
function alignTable(text: string, start: number, end: number, value: string): number[] {
  const table: number[] = [];
  let j = start;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    let k = j;
    while (k < end && text[k] !== ch) {
      if (!/\s/.test(text[k]!)) break;
      k++;
    }
    if (k < end && text[k] === ch) {
      table.push(k);
      j = k + 1;
    } else {
      // A folded line break: the value has a space or newline where the source has a break.
      table.push(Math.min(j, end));
    }
  }
  table.push(Math.min(j, end));
  return table;
}
