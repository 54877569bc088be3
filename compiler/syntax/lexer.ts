/**
 * The FastLang lexer (LANGUAGE.md §2): Chevrotain for the scan, then one post-pass over the
 * tokens that
 *   - re-types identifiers that are keywords (reserved or contextual),
 *   - re-types numbers by suffix (integer, float, duration, frequency) and checks the suffix,
 *   - checks string escapes and unterminated strings,
 *   - records on each token whether it is the first on its line (`nl`), which the newline
 *     rules of §3 consult.
 * Tokens carry offsets only; line and column are computed lazily by SourceFile (§2.1 asks for
 * them, STYLE.md asks for them late).
 */
import { Lexer, type IToken, type TokenType } from 'chevrotain';
import type { DiagnosticBag, SourceFile } from '../diagnostics/index.ts';
import { spanOf } from '../diagnostics/index.ts';
import type { DocComment } from './ast.ts';
import { classifyNumber, decodeString, type NumberInfo, type StringProblem } from './literals.ts';
import {
  DurationLiteral,
  FloatLiteral,
  FrequencyLiteral,
  Identifier,
  IntLiteral,
  KEYWORD_TYPES,
  LBracketInline,
  LBracketLineStart,
  LEXER_TOKENS,
  LParenInline,
  LParenLineStart,
  RawNumber,
  StringLiteral,
  UnterminatedString,
} from './tokens.ts';

/** A token as the parser sees it. */
export interface FlToken extends IToken {
  /** True when no other token precedes it on its line (§2.1). */
  nl: boolean;
  /** For number tokens: the classified value, computed once by the lexer. */
  num: NumberInfo | undefined;
}

/** The classified value of a number token (from the lexer, or computed for other tokens). */
export function numberInfo(tok: IToken): NumberInfo {
  return (tok as FlToken).num ?? classifyNumber(tok.image);
}

export interface LexResult {
  tokens: FlToken[];
  /** `///` comments in source order. */
  docComments: DocComment[];
  /** Offsets of lexical errors, so the parser can avoid reporting the same mistake twice. */
  errorOffsets: number[];
}

/**
 * Chevrotain's lexer with tokens that have every field the post-pass sets (`nl`) from the
 * start, so V8 gives all tokens one shape instead of growing each one afterwards.
 */
class FastLangLexer extends Lexer {
  createOffsetOnlyToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): FlToken {
    return { image, startOffset, tokenTypeIdx, tokenType, nl: false, num: undefined } as FlToken;
  }
}

let chevrotainLexer: Lexer | undefined;

function lexerInstance(): Lexer {
  chevrotainLexer ??= new FastLangLexer(LEXER_TOKENS, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: true,
  });
  return chevrotainLexer;
}

/** Lexes a whole file. Problems go to `diagnostics` (codes FL1xx); lexing never throws. */
export function lexSource(file: SourceFile, diagnostics: DiagnosticBag): LexResult {
  const text = file.text;
  const result = lexerInstance().tokenize(text);
  const errorOffsets: number[] = [];

  for (const e of result.errors) {
    const ch = text.charAt(e.offset);
    const code = ch.charCodeAt(0);
    const message = code > 127 ? `non-ASCII character '${ch}' is allowed only in comments and strings` : `unexpected character '${printable(ch)}'`;
    diagnostics.error('FL101', message, spanOf(file, e.offset, e.offset + Math.max(1, e.length)));
    errorOffsets.push(e.offset);
  }

  const tokens = result.tokens as FlToken[];
  let nextNewline = text.indexOf('\n');
  let prevEnd = -1;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const start = tok.startOffset;
    // No token spans a line break (strings are single-line), so a newline before this token's
    // start and after the previous token's end means the token begins its line.
    if (i === 0) tok.nl = true;
    else if (nextNewline !== -1 && nextNewline < start) {
      tok.nl = true;
    } else tok.nl = false;
    if (nextNewline !== -1 && nextNewline < start) nextNewline = text.indexOf('\n', start);

    const type = tok.tokenType;
    if (tok.nl && type === LParenInline) retype(tok, LParenLineStart);
    else if (tok.nl && type === LBracketInline) retype(tok, LBracketLineStart);
    else if (type === Identifier) {
      const kw = KEYWORD_TYPES.get(tok.image);
      if (kw !== undefined) retype(tok, kw);
      if (prevEnd === start && i > 0 && isNumberType(tokens[i - 1]!.tokenType)) {
        diagnostics.error('FL104', `unexpected '${tok.image}' directly after a number`, spanOf(file, start, start + tok.image.length), {
          hint: 'put a space between the number and the name, or use a valid suffix',
        });
        errorOffsets.push(start);
      }
    } else if (type === RawNumber) {
      classifyNumberToken(file, tok, diagnostics, errorOffsets);
    } else if (type === UnterminatedString) {
      diagnostics.error('FL102', 'unterminated string: a string must close on the line it starts', spanOf(file, start, start + tok.image.length), {
        hint: 'add the closing " (strings cannot span lines)',
      });
      errorOffsets.push(start);
      checkEscapes(file, tok, diagnostics, errorOffsets);
    } else if (type === StringLiteral && tok.image.includes('\\')) {
      checkEscapes(file, tok, diagnostics, errorOffsets);
    }
    prevEnd = start + tok.image.length;
  }

  const docTokens = (result.groups['docs'] ?? []) as IToken[];
  const docComments: DocComment[] = docTokens.map((t) => ({
    kind: 'DocComment',
    text: docText(t.image),
    span: spanOf(file, t.startOffset, t.startOffset + t.image.length),
  }));
  return { tokens, docComments, errorOffsets };
}

function retype(tok: IToken, type: TokenType): void {
  tok.tokenType = type;
  tok.tokenTypeIdx = type.tokenTypeIdx!;
}

function isNumberType(t: TokenType): boolean {
  return t === IntLiteral || t === FloatLiteral || t === DurationLiteral || t === FrequencyLiteral;
}

function classifyNumberToken(file: SourceFile, tok: FlToken, diagnostics: DiagnosticBag, errorOffsets: number[]): void {
  const info = classifyNumber(tok.image);
  tok.num = info;
  switch (info.kind) {
    case 'int':
      retype(tok, IntLiteral);
      return;
    case 'float':
      retype(tok, FloatLiteral);
      return;
    case 'duration':
      retype(tok, DurationLiteral);
      return;
    case 'frequency':
      retype(tok, FrequencyLiteral);
      return;
    case 'error': {
      // Keep it a number so the parser does not add a second error for the same text.
      retype(tok, IntLiteral);
      const options = info.hint !== undefined ? { hint: info.hint } : {};
      diagnostics.error('FL104', info.message, spanOf(file, tok.startOffset, tok.startOffset + tok.image.length), options);
      errorOffsets.push(tok.startOffset);
    }
  }
}

function checkEscapes(file: SourceFile, tok: IToken, diagnostics: DiagnosticBag, errorOffsets: number[]): void {
  const problems: StringProblem[] = [];
  decodeString(tok.image, problems);
  for (const p of problems) {
    const at = tok.startOffset + p.offset;
    diagnostics.error('FL103', p.message, spanOf(file, at, at + p.length), {
      hint: 'the escapes are \\0 \\\\ \\" \\n \\t and \\xNN',
    });
    errorOffsets.push(at);
  }
  if (tok.tokenType === UnterminatedString) retype(tok, StringLiteral);
}

/** `/// text` → `text`: the slashes and one following space are dropped, trailing blanks too. */
export function docText(image: string): string {
  let s = image.slice(3);
  if (s.startsWith(' ')) s = s.slice(1);
  return s.replace(/[\s]+$/, '');
}

function printable(ch: string): string {
  if (ch === '\t') return '\\t';
  const c = ch.charCodeAt(0);
  if (c < 32 || c === 127) return `\\x${c.toString(16).padStart(2, '0')}`;
  return ch;
}
