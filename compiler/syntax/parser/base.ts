/**
 * Shared machinery of the FastLang parser: Chevrotain configuration, per-parse state, the
 * expression-context flags of §3 and §7.2, span helpers and diagnostics.
 *
 * The grammar is split over a chain of classes (meta → types → expressions → statements →
 * clauses → declarations → journeys → parser), each adding the rules of one area. Rules that an
 * earlier class needs from a later one are declared abstract here.
 *
 * Chevrotain records every rule once at construction ("recording phase"), with dummy tokens and
 * sub-results; so any code that looks inside a sub-result runs inside `ACTION`, and GATEs, which
 * are never called while recording, hold the context-sensitive decisions.
 */
import {
  EmbeddedActionsParser,
  EOF,
  MismatchedTokenException,
  type DSLMethodOpts,
  type IOrAlt,
  type IRecognitionException,
  type IToken,
  type ParserMethod,
  type TokenType,
} from 'chevrotain';
import { spanOf, type DiagnosticBag, type SourceFile, type Span } from '../../diagnostics/index.ts';
import type { Block, Clause, Expr, FileKind, Ident, TypeExpr } from '../ast.ts';
import type { FlToken } from '../lexer.ts';
import { Comma, Identifier, PARSER_TOKENS, Semicolon, Word } from '../tokens.ts';
import { errorMessages } from './messages.ts';
import { declStartKind, endOf, is, isEof, type DeclKind, type Peek } from './lookahead.ts';

/** Which declaration a clause list belongs to; decides which clause words are known (§5.7). */
export type ClauseOwner =
  | 'circuit'
  | 'cloud'
  | 'cloudConfig'
  | 'transaction'
  | 'extern'
  | 'state_machine'
  | 'data'
  | 'stream'
  | 'series'
  | 'audience'
  | 'journey';

/** A syntax error raised by a grammar action (not by Chevrotain itself). */
export interface CodedRecognitionException extends IRecognitionException {
  code?: string;
  hint?: string;
}

/** Chevrotain rule frames allowed on the stack (about 150 nested brackets). */
const MAX_RULE_DEPTH = 600;

const placeholderFile: SourceFile = { path: '<recording>', text: '' } as SourceFile;

export abstract class ParserBase extends EmbeddedActionsParser {
  // ── per-parse state ──
  protected file: SourceFile = placeholderFile;
  protected diags: DiagnosticBag | undefined;
  protected fileKind: FileKind = 'fl';

  // ── expression context (§3 N5, §7.1 CondExpr, §7.3, §2.4 `>>`) ──
  /** CondExpr / LineExpr: no struct literal or byte fill outside brackets. */
  protected noStruct = false;
  /** N5: a line-expression ends at the end of its line. */
  protected lineExpr = false;
  /** §7.3: the word operators `implies`, `subset_of`, `does_not_contain` are allowed. */
  protected predicate = false;
  /**
   * The word operators are allowed but, outside brackets, only on their left operand's line:
   * in an `assert`/`require` condition a line starting with one begins the next statement (§3
   * N2, N4 continue lines only on the symbol operators; line breaks are free only in braces).
   */
  protected predicateOnOperandLine = false;
  /** A `>>` closed the inner generic; the enclosing one is closed already. */
  protected pendingGt = false;
  protected typeDepth = 0;

  /** `peek(k)` = LA(k), typed; bound once so lookahead helpers can take it. */
  protected readonly peek: Peek = (k: number) => this.LA(k) as FlToken;

  // Rules defined by later classes in the chain.
  abstract expr: ParserMethod<[minPrec?: number], Expr>;
  abstract typeExpr: ParserMethod<[], TypeExpr>;
  abstract block: ParserMethod<[], Block>;
  abstract clause: ParserMethod<[ClauseOwner?], Clause | null>;

  constructor(options: { validate?: boolean } = {}) {
    super(PARSER_TOKENS, {
      // One token of lookahead everywhere: every other decision is an explicit GATE, which keeps
      // the grammar's behaviour predictable and its construction fast.
      maxLookahead: 1,
      recoveryEnabled: false,
      errorMessageProvider: errorMessages,
      // Chevrotain's grammar validations run in the test suite (test/syntax/grammar.test.ts);
      // skipping them in normal use saves construction time.
      skipValidations: options.validate !== true,
    });
  }

  // ── DSL option builders ──
  // Grammar closures are passed to these as arguments instead of being written as object
  // properties (`{ ALT: () => … }`): tsx compiles with esbuild's keepNames, which wraps every
  // function written as a property value in a naming helper, and that costs more than the parse
  // itself on a hot path.

  protected alt<T>(ALT: () => T): IOrAlt<T> {
    return { ALT };
  }

  protected altIf<T>(GATE: () => boolean, ALT: () => T): IOrAlt<T> {
    return { GATE, ALT };
  }

  protected gated<T>(GATE: () => boolean, DEF: () => T): DSLMethodOpts<T> {
    return { GATE, DEF };
  }

  /** An optional `;` on the same line, after a one-line declaration (`const X: u8 = 6;`). */
  protected optionalSemicolon(idx: number): void {
    this.option(
      idx,
      this.gated(
        () => this.sameLine(1),
        () => this.consume(idx, Semicolon),
      ),
    );
  }

  /**
   * The loop of an `Items<I>` block or a bracketed list (§5.0, N8): items each optionally
   * followed by `,` or `;`, up to the closing token, which the caller consumes. `idx` is the
   * occurrence index of this loop's MANY, OR and separator CONSUMEs within its rule (Chevrotain
   * tells apart repeated DSL calls in one rule only by it). `errMsg` names what was expected when
   * nothing fits. With `close`, the loop also stops at that token or at end of file before trying
   * an item. `beforeEach` runs ahead of every item or separator (a same-line separator check).
   */
  protected separatedItems(
    idx: number,
    close: TokenType | null,
    errMsg: string | undefined,
    items: IOrAlt<unknown>[],
    beforeEach?: () => void,
  ): void {
    const def = [this.alt(() => void this.consume(idx, Comma)), this.alt(() => void this.consume(idx, Semicolon)), ...items];
    const iteration = (): void => {
      beforeEach?.();
      // Without a message, Chevrotain names the tokens the items may start with.
      this.or(idx, errMsg === undefined ? { IGNORE_AMBIGUITIES: true, DEF: def } : { ERR_MSG: errMsg, IGNORE_AMBIGUITIES: true, DEF: def });
    };
    this.many(idx, close === null ? iteration : this.gated(() => !this.isAt(1, close) && !this.atEof(), iteration));
  }

  protected resetContext(): void {
    this.noStruct = false;
    this.lineExpr = false;
    this.predicate = false;
    this.predicateOnOperandLine = false;
    this.pendingGt = false;
    this.typeDepth = 0;
  }

  // ── lookahead ──

  protected la(k: number): FlToken {
    return this.LA(k) as FlToken;
  }

  protected isAt(k: number, type: Parameters<typeof is>[1]): boolean {
    return is(this.la(k), type);
  }

  protected atEof(k = 1): boolean {
    return isEof(this.la(k));
  }

  /** LA(k) begins a line (or is the end of the file). */
  protected lineStart(k = 1): boolean {
    const t = this.la(k);
    return isEof(t) || t.nl === true;
  }

  /** LA(k) exists and is on the same line as the token before it. */
  protected sameLine(k = 1): boolean {
    const t = this.la(k);
    return !isEof(t) && t.nl !== true;
  }

  /** LA(k) is a word (identifier, contextual keyword or reserved word) with this text. */
  protected wordIs(k: number, text: string): boolean {
    const t = this.la(k);
    return t.image === text && is(t, Word);
  }

  protected isName(k = 1): boolean {
    return is(this.la(k), Identifier);
  }

  protected declStart(strict: boolean, k = 1): DeclKind | null {
    if (k === 1) return declStartKind(this.peek, this.fileKind, strict);
    const shifted: Peek = (j) => this.la(j + k - 1);
    return declStartKind(shifted, this.fileKind, strict);
  }

  // ── spans and nodes ──

  /** End offset of the last consumed token. */
  protected prevEnd(): number {
    const t = this.la(0);
    return isEof(t) ? 0 : endOf(t);
  }

  protected startOf(tok: IToken): number {
    return Number.isNaN(tok.startOffset) ? this.file.text.length : tok.startOffset;
  }

  protected span(start: number, end: number = this.prevEnd()): Span {
    return spanOf(this.file, start, Math.max(start, end));
  }

  protected tokenSpan(tok: IToken): Span {
    if (tok.tokenType === EOF || Number.isNaN(tok.startOffset)) return spanOf(this.file, this.file.text.length);
    return spanOf(this.file, tok.startOffset, tok.startOffset + tok.image.length);
  }

  protected ident(tok: IToken): Ident {
    return { kind: 'Ident', name: tok.image, span: this.tokenSpan(tok) };
  }

  // ── nesting ──

  /**
   * Fails the current declaration when rules nest deeper than any real program does (hundreds
   * of brackets), before the JavaScript stack runs out and takes the whole file with it.
   */
  protected guardNesting(): void {
    const depth = (this as unknown as { RULE_STACK_IDX: number }).RULE_STACK_IDX;
    if (depth > MAX_RULE_DEPTH)
      this.fail('FL208', 'expressions or blocks are nested too deeply to parse', this.LA(1), 'split the expression with let bindings');
  }

  // ── diagnostics ──

  /** Aborts the current declaration with a syntax error at `tok` (recovery takes over). */
  protected fail(code: string, message: string, tok: IToken = this.LA(1), hint?: string): never {
    const e = new MismatchedTokenException(message, tok, this.LA(0)) as CodedRecognitionException;
    e.code = code;
    if (hint !== undefined) e.hint = hint;
    throw e;
  }

  /** Reports an error that does not stop parsing (the tree is still well formed). */
  protected reportError(code: string, message: string, span: Span, hint?: string): void {
    this.diags?.error(code, message, span, hint !== undefined ? { hint } : {});
  }

  protected warn(code: string, message: string, span: Span, hint?: string): void {
    this.diags?.warning(code, message, span, hint !== undefined ? { hint } : {});
  }

  protected note(code: string, message: string, span: Span): void {
    this.diags?.note(code, message, span);
  }

  /**
   * Skips the rest of a clause or item: to the end of the line, with `{…}`, `[…]` and `(…)`
   * continuing across lines (§3 N1). Stops before a `}` or `]` that closes an enclosing block,
   * and, inside an item list, before a `,` or `;` (§3 N8). Used only inside ACTIONs.
   */
  protected skipClauseRest(stopAtSeparator: boolean): void {
    let depth = 0;
    for (;;) {
      const t = this.la(1);
      if (isEof(t)) return;
      if (depth === 0) {
        if (t.nl) return;
        const c = t.image;
        if (c === '}' || c === ']' || c === ')') return;
        if (stopAtSeparator && (c === ',' || c === ';')) return;
      }
      const c = t.image;
      if (t.image.length === 1 && (c === '{' || c === '[' || c === '(')) depth++;
      else if (t.image.length === 1 && (c === '}' || c === ']' || c === ')')) depth--;
      this.SKIP_TOKEN();
      // A block that never closes must not swallow the rest of the file: the next line that
      // starts a declaration ends the skip.
      if (depth > 0 && this.la(1).nl && this.declStart(true) !== null) return;
    }
  }
}
