/**
 * The FastLang parser: the file rule, declaration-level error recovery (§5.18) and the entry
 * point used by compiler/syntax/index.ts.
 *
 * Recovery: a declaration that fails to parse yields exactly one diagnostic and an ErrorDecl;
 * parsing resumes at the next line that starts a declaration (strict shape, see lookahead.ts)
 * and is either back at the declaration's bracket depth or no more indented than it. So one bad
 * declaration does not hide the errors after it, and an unclosed `{` does not swallow the file.
 */
import { EOF, isRecognitionException, tokenMatcher, type IRecognitionException, type IToken } from 'chevrotain';
import type { DiagnosticBag, SourceFile } from '../../diagnostics/index.ts';
import type { Decl, FileKind, Ident, LexPath } from '../ast.ts';
import type { FlToken } from '../lexer.ts';
import { AnyToken, Reserved, Semicolon } from '../tokens.ts';
import type { CodedRecognitionException } from './base.ts';
import { JourneyRules, type TopLevelItem } from './journeys.ts';
import { endOf, INTRODUCERS, isEof } from './lookahead.ts';
import { describeToken, splitCodedMessage } from './messages.ts';

/** Chevrotain's position accessors exist at run time but are not in its typings. */
interface LexerPosition {
  exportLexerState(): number;
}

export interface ParseOutput {
  decls: Decl[];
  preamble: { status?: Ident; lex?: LexPath };
}

export class FastLangParser extends JourneyRules {
  private decls: Decl[] = [];
  private preambleOut: { status?: Ident; lex?: LexPath } = {};
  private lexErrorOffsets: readonly number[] = [];
  private handled = new Set<IRecognitionException>();

  constructor(options: { validate?: boolean } = {}) {
    super(options);
    this.performSelfAnalysis();
  }

  fileRule = this.RULE('file', (): void => {
    this.MANY(
      this.gated(
        () => !this.atEof(),
        () => {
          this.OR({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              this.altIf(
                () => this.declStart(false) !== null,
                () => this.SUBRULE(this.topLevelDeclaration),
              ),
              this.altIf(
                () => this.isAt(1, Semicolon),
                () => {
                  this.CONSUME(Semicolon);
                },
              ),
              this.alt(() => {
                const t = this.CONSUME(AnyToken);
                this.ACTION(() => this.strayToken(t));
              }),
            ],
          });
        },
      ),
    );
  });

  topLevelDeclaration = this.RULE('topLevelDeclaration', (): void => {
    const kind = this.declStart(false) ?? undefined;
    const startIdx = this.position();
    const startTok = this.la(1);
    try {
      const item = this.SUBRULE(this.declaration, { ARGS: [kind] });
      this.ACTION(() => this.accept(item));
    } catch (e) {
      if (!isRecognitionException(e as Error)) throw e;
      this.recover(e as CodedRecognitionException, startIdx, startTok);
    }
  });

  /** Parses one file's tokens. Diagnostics go to `diagnostics`; never throws on bad input. */
  parseTokens(file: SourceFile, fileKind: FileKind, tokens: FlToken[], lexErrorOffsets: readonly number[], diagnostics: DiagnosticBag): ParseOutput {
    this.input = tokens;
    this.file = file;
    this.fileKind = fileKind;
    this.diags = diagnostics;
    this.lexErrorOffsets = lexErrorOffsets;
    this.decls = [];
    this.preambleOut = {};
    this.handled = new Set();
    this.resetContext();
    try {
      this.fileRule();
      // An exception that escaped every declaration handler (it should not happen) still
      // becomes a diagnostic rather than disappearing.
      for (const e of this.errors) if (!this.handled.has(e)) this.report(e as CodedRecognitionException);
      return { decls: this.decls, preamble: this.preambleOut };
    } finally {
      this.diags = undefined;
      this.input = [];
    }
  }

  // ── top level ──

  private accept(item: TopLevelItem): void {
    if (item.kind === 'PreambleStatus' || item.kind === 'PreambleLex') {
      const late = this.decls.length > 0;
      if (late) {
        this.warn('FL214', `${item.kind === 'PreambleStatus' ? '@status' : 'lex'} at file level belongs before the first declaration`, item.span);
      }
      if (item.kind === 'PreambleStatus') this.preambleOut.status ??= item.status;
      else this.preambleOut.lex ??= item.path;
      return;
    }
    this.decls.push(item);
  }

  private strayToken(tok: IToken): void {
    const start = this.position() - 1;
    this.report(this.codedError('FL205', `expected a declaration (${INTRODUCERS}), found ${describeToken(tok)}`, tok));
    this.resync(start, tok as FlToken);
  }

  private recover(e: CodedRecognitionException, startIdx: number, startTok: FlToken): void {
    this.handled.add(e);
    this.resetContext();
    this.report(e, startIdx);
    if (this.position() <= startIdx) this.SKIP_TOKEN();
    this.resync(startIdx, startTok);
    this.decls.push({ kind: 'ErrorDecl', docs: [], span: this.span(startTok.startOffset) });
  }

  /** Skips to the next line that starts a declaration at the failed one's depth or indentation. */
  private resync(startIdx: number, startTok: FlToken): void {
    const tokens = this.input as FlToken[];
    const declColumn = this.columnOf(startTok);
    let depth = 0;
    for (let i = startIdx + 1; i <= this.position(); i++) depth += bracketDelta(tokens[i]);
    for (;;) {
      const t = this.la(1);
      if (isEof(t)) return;
      if (t.nl && this.declStart(true) !== null && (depth <= 0 || this.columnOf(t) <= declColumn)) return;
      depth += bracketDelta(t);
      this.SKIP_TOKEN();
    }
  }

  // ── diagnostics ──

  private report(e: CodedRecognitionException, startIdx?: number): void {
    this.handled.add(e);
    const tok = e.token;
    if (this.lexErrorNear(tok)) return;
    let { code, message } = e.code !== undefined ? { code: e.code, message: e.message } : splitCodedMessage(e.message);
    let hint = e.hint;
    // A reserved word followed by `:` was meant as a name (a field, parameter or entry).
    if (code !== 'FL203' && tokenMatcher(tok, Reserved) && this.tokenAfter(tok)?.image === ':') {
      code = 'FL203';
      message = `'${tok.image}' is a reserved word and cannot be used as a name`;
    }
    const related: { message: string; file: string; line: number; column: number }[] = [];
    if (
      startIdx !== undefined &&
      (tok.tokenType === EOF || message.startsWith("expected '}'") || message.startsWith("expected ')'") || message.startsWith("expected ']'"))
    ) {
      const opener = this.unclosedOpener(startIdx, tok);
      if (opener !== undefined) {
        const at = this.file.lineCol(opener.startOffset);
        related.push({ message: `'${opener.image}' opened here is never closed`, file: this.file.path, line: at.line, column: at.column });
        hint ??= `close the '${opener.image}' opened on line ${at.line}`;
      }
    }
    const options: { hint?: string; related?: typeof related } = {};
    if (hint !== undefined) options.hint = hint;
    if (related.length > 0) options.related = related;
    this.diags?.error(code, message, this.tokenSpan(tok), options);
  }

  private codedError(code: string, message: string, tok: IToken): CodedRecognitionException {
    try {
      this.fail(code, message, tok);
    } catch (e) {
      return e as CodedRecognitionException;
    }
  }

  /** A lexical error between the previous token and this one already explains the failure. */
  private lexErrorNear(tok: IToken): boolean {
    if (this.lexErrorOffsets.length === 0) return false;
    const prev = this.la(0);
    const from = isEof(prev) ? 0 : prev.startOffset;
    const to = tok.tokenType === EOF || Number.isNaN(tok.startOffset) ? this.file.text.length : endOf(tok as FlToken);
    return this.lexErrorOffsets.some((o) => o >= from && o <= to);
  }

  /** The innermost bracket opened since the declaration start and not closed before `until`. */
  private unclosedOpener(startIdx: number, until: IToken): IToken | undefined {
    const tokens = this.input as FlToken[];
    const stack: IToken[] = [];
    for (let i = startIdx + 1; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t === until) break;
      const d = bracketDelta(t);
      if (d > 0) stack.push(t);
      else if (d < 0) stack.pop();
    }
    return stack[stack.length - 1];
  }

  private tokenAfter(tok: IToken): IToken | undefined {
    const tokens = this.input;
    for (let i = Math.max(0, this.position()); i < tokens.length; i++) if (tokens[i] === tok) return tokens[i + 1];
    return undefined;
  }

  private columnOf(tok: FlToken): number {
    if (isEof(tok)) return 1;
    return this.file.lineCol(tok.startOffset).column;
  }

  private position(): number {
    return (this as unknown as LexerPosition).exportLexerState();
  }
}

function bracketDelta(t: FlToken | undefined): number {
  if (t === undefined || t.image.length !== 1) return 0;
  switch (t.image) {
    case '{':
    case '[':
    case '(':
      return t.tokenType.name === 'StringLiteral' ? 0 : 1;
    case '}':
    case ']':
    case ')':
      return t.tokenType.name === 'StringLiteral' ? 0 : -1;
    default:
      return 0;
  }
}

let shared: FastLangParser | undefined;

/** The parser is built once (Chevrotain's self-analysis is costly) and reused for every file. */
export function sharedParser(): FastLangParser {
  shared ??= new FastLangParser();
  return shared;
}
