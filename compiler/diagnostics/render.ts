import type { Diagnostic } from './diagnostic.ts';

/** Looks up the text of a file by path so the renderer can draw a code frame. */
export type SourceLookup = (path: string) => string | undefined;

export interface RenderOptions {
  color?: boolean;
  /** Lines of context shown above the primary line. */
  contextLines?: number;
}

const ANSI = {
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  blue: '\x1b[34m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/**
 * Renders one diagnostic with a code frame, in the form of LANGUAGE.md §10
 * (`file:line:col: severity: message`), followed by the source line and a caret underline:
 *
 *   loans.fl:3:13: error: expected an expression, found '}' [FL2001]
 *      |
 *    3 |     let x = }
 *      |             ^
 *      = hint: …
 *
 * ESCIR diagnostics (those with a JSON pointer) use ESCIR.md §2's form
 * `file:line:col CODE /pointer message` for the first line.
 */
export function renderDiagnostic(d: Diagnostic, lookup: SourceLookup, options: RenderOptions = {}): string {
  const color = options.color ?? false;
  const paint = (code: string, s: string) => (color ? code + s + ANSI.reset : s);
  const sevColor = d.severity === 'error' ? ANSI.red : d.severity === 'warning' ? ANSI.yellow : ANSI.cyan;
  const out: string[] = [];
  const where = `${d.file}:${d.line}:${d.column}`;
  if (d.pointer !== undefined) {
    out.push(`${paint(ANSI.bold, where)} ${paint(sevColor + ANSI.bold, d.code)} ${d.pointer || '/'} ${d.message}`);
  } else {
    out.push(`${paint(ANSI.bold, where)}: ${paint(sevColor + ANSI.bold, d.severity)}: ${d.message} [${d.code}]`);
  }
  const text = lookup(d.file);
  if (text !== undefined) out.push(...codeFrame(text, d, options.contextLines ?? 0, (s) => paint(ANSI.blue, s), (s) => paint(sevColor, s)));
  if (d.hint) out.push(`${' '.repeat(gutterWidth(d))}${paint(ANSI.blue, '=')} hint: ${d.hint}`);
  for (const r of d.related ?? []) {
    out.push(`${' '.repeat(gutterWidth(d))}${paint(ANSI.blue, '=')} note: ${r.message} (${r.file}:${r.line}:${r.column})`);
  }
  return out.join('\n');
}

function gutterWidth(d: Diagnostic): number {
  return String(d.endLine).length + 1;
}

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function codeFrame(
  text: string,
  d: Diagnostic,
  context: number,
  gutter: (s: string) => string,
  mark: (s: string) => string,
): string[] {
  const lines = splitLines(text);
  if (d.line < 1 || d.line > lines.length) return [];
  const width = gutterWidth(d);
  const pad = (s: string) => s.padStart(width - 1);
  const out = [gutter(`${' '.repeat(width)}|`)];
  const first = Math.max(1, d.line - context);
  // Multi-line spans show the first line only, with the underline running to its end.
  for (let ln = first; ln <= d.line; ln++) {
    const src = lines[ln - 1]!.replace(/\t/g, ' ');
    out.push(`${gutter(`${pad(String(ln))} |`)} ${src}`);
  }
  const src = lines[d.line - 1]!;
  const startCol = Math.max(1, d.column);
  const endCol = d.endLine === d.line ? Math.max(d.endColumn, startCol + 1) : Math.max(src.length + 1, startCol + 1);
  const caret = ' '.repeat(startCol - 1) + '^'.repeat(Math.max(1, endCol - startCol));
  out.push(`${gutter(`${' '.repeat(width)}|`)} ${mark(caret)}`);
  return out;
}

export function renderDiagnostics(ds: readonly Diagnostic[], lookup: SourceLookup, options?: RenderOptions): string {
  return ds.map((d) => renderDiagnostic(d, lookup, options)).join('\n\n');
}
