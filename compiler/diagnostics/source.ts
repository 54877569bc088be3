/**
 * A source file held in memory. Tokens and AST nodes carry only offsets; line and column
 * are computed on demand from a line-start table built the first time they are asked for
 * (STYLE.md: offsets until a diagnostic needs them).
 */
export interface LineCol {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units of the line. */
  column: number;
}

export class SourceFile {
  private lineStarts: number[] | undefined;

  constructor(
    /** Path as the user gave it (relative paths stay relative), used in every diagnostic. */
    readonly path: string,
    readonly text: string,
  ) {}

  /** Offsets at which each line begins; index 0 is line 1. */
  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const text = this.text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  /** Line and column of an offset; offsets past the end clamp to the end of the text. */
  lineCol(offset: number): LineCol {
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - starts[lo]! + 1 };
  }

  /** Offset of a 1-based line and column (inverse of lineCol). */
  offsetOf(line: number, column: number): number {
    const starts = this.starts();
    const l = Math.max(1, Math.min(line, starts.length));
    return Math.min(this.text.length, starts[l - 1]! + Math.max(0, column - 1));
  }

  /** Text of a 1-based line without its line break (a CR before the LF is dropped too). */
  lineText(line: number): string {
    const starts = this.starts();
    if (line < 1 || line > starts.length) return '';
    const start = starts[line - 1]!;
    let end = line < starts.length ? starts[line]! - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }
}

/** A half-open range of offsets [start, end) in one source file. */
export interface Span {
  file: SourceFile;
  start: number;
  end: number;
}

export function spanOf(file: SourceFile, start: number, end: number = start): Span {
  return { file, start, end: Math.max(start, end) };
}

/** Smallest span covering both (they must be in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
