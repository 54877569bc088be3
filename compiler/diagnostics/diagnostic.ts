import type { Span } from './source.ts';

export type Severity = 'error' | 'warning' | 'note';

/** A secondary location attached to a diagnostic ("first defined here"). */
export interface RelatedLocation {
  message: string;
  file: string;
  line: number;
  column: number;
}

/**
 * The one diagnostic shape every stage produces and every output (text, JSON) consumes.
 * Positions are 1-based; end positions are exclusive columns on endLine.
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  hint?: string;
  /** RFC 6901 pointer into a YAML document (ESCIR diagnostics only). */
  pointer?: string;
  related?: RelatedLocation[];
}

export interface DiagnosticOptions {
  hint?: string;
  pointer?: string;
  related?: RelatedLocation[];
}

/** Builds a diagnostic from a span, resolving offsets to line/column once. */
export function diagnosticAt(
  severity: Severity,
  code: string,
  message: string,
  span: Span,
  options: DiagnosticOptions = {},
): Diagnostic {
  const start = span.file.lineCol(span.start);
  const end = span.file.lineCol(Math.max(span.end, span.start));
  const d: Diagnostic = {
    severity,
    code,
    message,
    file: span.file.path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.line === start.line && end.column <= start.column ? start.column + 1 : end.column,
  };
  if (options.hint !== undefined) d.hint = options.hint;
  if (options.pointer !== undefined) d.pointer = options.pointer;
  if (options.related !== undefined && options.related.length > 0) d.related = options.related;
  return d;
}

/** A resolved `file:line:col[-endLine:endColumn]` position, as runtime errors carry it. */
export interface LineLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
}

/** A diagnostic at an already resolved position (a trap or witness difference found at run time). */
export function diagnosticAtLocation(severity: Severity, code: string, message: string, loc: LineLocation): Diagnostic {
  return {
    severity,
    code,
    message,
    file: loc.file,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine ?? loc.line,
    endColumn: loc.endColumn ?? loc.column + 1,
  };
}

/** A diagnostic about a whole file (unreadable, wrong kind), positioned at 1:1. */
export function fileDiagnostic(severity: Severity, code: string, message: string, file: string, hint?: string): Diagnostic {
  const d: Diagnostic = { severity, code, message, file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (hint !== undefined) d.hint = hint;
  return d;
}

/**
 * The list every stage appends to. Stages never print; they report here and keep going.
 */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  addAll(ds: Iterable<Diagnostic>): void {
    for (const d of ds) this.items.push(d);
  }

  error(code: string, message: string, span: Span, options?: DiagnosticOptions): Diagnostic {
    const d = diagnosticAt('error', code, message, span, options);
    this.items.push(d);
    return d;
  }

  warning(code: string, message: string, span: Span, options?: DiagnosticOptions): Diagnostic {
    const d = diagnosticAt('warning', code, message, span, options);
    this.items.push(d);
    return d;
  }

  note(code: string, message: string, span: Span, options?: DiagnosticOptions): Diagnostic {
    const d = diagnosticAt('note', code, message, span, options);
    this.items.push(d);
    return d;
  }

  get errorCount(): number {
    return countBySeverity(this.items, 'error');
  }

  get warningCount(): number {
    return countBySeverity(this.items, 'warning');
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

export function countBySeverity(ds: readonly Diagnostic[], severity: Severity): number {
  let n = 0;
  for (const d of ds) if (d.severity === severity) n++;
  return n;
}

/** Stable order for output: by file, then position, then code. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
