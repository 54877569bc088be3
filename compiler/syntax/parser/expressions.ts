/**
 * Expressions (LANGUAGE.md §7.2–§7.4) with the newline rules of §3:
 *   N3  a postfix `(` or `[` must be on its operand's line;
 *   N4  a line that starts with a binary operator (or `.`) continues the expression;
 *   N5  line-expressions (`| filter`, bare `invariant`, `threshold`) end at the end of the line;
 *   N6  `as` and a struct literal's `{` stay on their operand's line.
 * Binary operators use precedence climbing in one rule (`binary(minPrec)`), which keeps the rule
 * depth per operand small.
 */
import type { IOrAlt, IToken, OrMethodOpts, TokenType } from 'chevrotain';
import type { Span } from '../../diagnostics/index.ts';
import type { BinaryOp, Expr, FieldInit, GenericType, Ident, StructLit, TypeExpr } from '../ast.ts';
import { decodeString } from '../literals.ts';
import {
  At,
  BinaryOperator,
  Bang,
  Colon,
  Comma,
  Dot,
  DurationLiteral,
  FloatLiteral,
  FrequencyLiteral,
  Identifier,
  IntLiteral,
  K,
  LBrace,
  LBracket,
  LBracketInline,
  LParen,
  LParenInline,
  Minus,
  NumberLiteral,
  RBracket,
  RParen,
  StringLiteral,
  Word,
  FatArrow,
} from '../tokens.ts';
import type { FlToken } from '../lexer.ts';
import { isCapitalized, looksLikeStructBody, is, isEof, adjacent } from './lookahead.ts';
import { normalizeBuiltinName } from './normalize.ts';
import { binaryOperatorOf, PREC_COMPARISON, PREC_PREDICATE, PREC_RANGE_OPERAND, type BinaryOperatorInfo } from './operators.ts';
import { numberInfo } from '../lexer.ts';
import { TypeRules } from './types.ts';

export type StructTail = { fields: FieldInit[]; rest?: StructLit['rest']; span: Span };

export abstract class ExprRules extends TypeRules {
  /** CondExpr (§7.1): no struct literal outside brackets, so `if x == Foo {` opens the block. */
  condExpr = this.RULE('condExpr', (): Expr => {
    const saved = this.saveContext();
    this.noStruct = true;
    this.lineExpr = false;
    const e = this.SUBRULE(this.expr);
    this.restoreContext(saved);
    return e;
  });

  /** LineExpr (§5.0, N5): ends at the end of its line, no top-level struct literal. */
  lineExpression = this.RULE('lineExpression', (): Expr => {
    const saved = this.saveContext();
    this.noStruct = true;
    this.lineExpr = true;
    const e = this.SUBRULE(this.expr);
    this.restoreContext(saved);
    return e;
  });

  /**
   * Expr at or above precedence `minPrec` (precedence climbing, §7.2). An operand is a unary
   * expression with optional `as` casts (level 13); operators of level ≥ `minPrec` then combine
   * operands left to right.
   */
  expr = this.RULE('expr', (minPrec: number = PREC_PREDICATE): Expr => {
    if (!this.RECORDING_PHASE) this.guardNesting();
    const operand = this.SUBRULE(this.unary);
    const casts = this.OPTION((this.castOption ??= () => this.SUBRULE(this.castTail)));
    let left = operand;
    if (!this.RECORDING_PHASE && casts !== undefined) {
      for (const type of casts) left = { kind: 'Cast', expr: left, type, span: this.span(operand.span.start, type.span.end) };
    }
    let chained = false;
    // Most operands are not followed by an operator: skip building the loop for them.
    if (this.RECORDING_PHASE || this.binaryPrecedence() >= minPrec) {
      this.MANY(
        this.gated(
          () => this.binaryPrecedence() >= minPrec,
          () => {
            const opTok = this.CONSUME(BinaryOperator);
            const info = this.RECORDING_PHASE ? (undefined as never) : binaryOperatorOf(opTok.tokenType)!;
            const right = this.OPTION1(
              this.gated(
                () => info.op !== '..' || (this.sameLine(1) && this.canStartOperand(1)),
                () => this.SUBRULE1(this.expr, { ARGS: [info?.op === '..' ? PREC_RANGE_OPERAND : (info?.prec ?? 0) + 1] }),
              ),
            );
            if (this.RECORDING_PHASE) return;
            left = this.buildBinary(left, opTok, info, right, chained);
            chained = info.prec === PREC_COMPARISON;
          },
        ),
      );
    }
    return left;
  });

  /** `as T ( as T )*`; N6: `as` must stay on its operand's line. */
  castTail = this.RULE('castTail', (): TypeExpr[] => {
    const kw = this.CONSUME(K.as);
    const type = this.SUBRULE(this.typeExpr);
    const more = this.OPTION((this.castOption ??= () => this.SUBRULE(this.castTail)));
    if (this.RECORDING_PHASE) return undefined as never;
    if ((kw as FlToken).nl) {
      this.reportError(
        'FL218',
        "'as' must be on the same line as the value it converts",
        this.tokenSpan(kw),
        'join the lines, or wrap the value in parentheses',
      );
    }
    return more === undefined ? [type] : [type, ...more];
  });

  /**
   * Unary `!` and `-` (level 14) over a postfix chain (level 15): calls, indexing, slices,
   * members and method calls. A call `(` or index `[` must be on its operand's line (N3): the
   * lexer gives those their own token kind. A line starting with `.` continues the operand (N4).
   */
  unary = this.RULE(
    'unary',
    (): Expr =>
      this.OR(
        (this.unaryAlts ??= {
          ERR_MSG: 'an expression',
          DEF: [
            this.alt(() => {
              const op = this.CONSUME(Bang);
              const operand = this.SUBRULE(this.unary);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Unary', op: '!', operand, span: this.span(op.startOffset) };
            }),
            this.alt(() => {
              const op = this.CONSUME(Minus);
              const operand = this.SUBRULE1(this.unary);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Unary', op: '-', operand, span: this.span(op.startOffset) };
            }),
            this.alt(() => {
              const outer = this.operand;
              this.operand = this.SUBRULE(this.primary);
              this.MANY(
                (this.postfixLoop ??= () => {
                  this.operand = this.OR1(
                    (this.postfixAlts ??= [
                      this.alt(() => this.SUBRULE(this.callSuffix, { ARGS: [this.operand] })),
                      this.alt(() => this.SUBRULE(this.indexSuffix, { ARGS: [this.operand] })),
                      this.alt(() => this.SUBRULE(this.memberSuffix, { ARGS: [this.operand] })),
                    ]),
                  );
                }),
              );
              const e = this.operand!;
              this.operand = outer;
              return e;
            }),
          ],
        }),
      ),
  );

  callSuffix = this.RULE('callSuffix', (callee?: Expr): Expr => {
    this.CONSUME(LParenInline);
    const args = this.SUBRULE(this.argumentsRest);
    return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Call', callee: callee!, args, span: this.span(callee!.span.start) };
  });

  callArgs = this.RULE('callArgs', (): Expr[] => {
    this.CONSUME(LParen);
    return this.SUBRULE(this.argumentsRest);
  });

  /** Arguments after the `(`, and the closing `)`. */
  argumentsRest = this.RULE('argumentsRest', (): Expr[] =>
    this.expressionsUntil(RParen, "')'", (this.argumentAlts ??= this.expressionListAlts("an argument or ')'"))),
  );

  /**
   * Expressions separated by `,` or line breaks (N8) up to `close`, which it consumes: call
   * arguments and list elements. `alts` come from `expressionListAlts`, built once per list kind.
   */
  protected expressionsUntil(close: TokenType, closer: string, alts: OrMethodOpts<Expr | undefined>): Expr[] {
    const saved = this.openBracketContext();
    const items: Expr[] = [];
    this.MANY(() => {
      this.separatorCheck(closer);
      const e = this.OR(alts);
      if (e !== undefined) items.push(e);
    });
    this.restoreContext(saved);
    this.CONSUME(close);
    return items;
  }

  /** One item of `expressionsUntil`: a separating `,` (no value) or an expression. */
  protected expressionListAlts(errMsg: string): OrMethodOpts<Expr | undefined> {
    return {
      ERR_MSG: errMsg,
      DEF: [
        this.alt(() => {
          this.CONSUME(Comma);
          return undefined;
        }),
        this.alt(() => this.SUBRULE(this.expr)),
      ],
    };
  }

  /** `[i]`, `[lo..hi]`, `[lo..]`, `[..hi]`, `[lo:hi]` (§7.4). */
  indexSuffix = this.RULE('indexSuffix', (object?: Expr): Expr => {
    this.CONSUME(LBracketInline);
    const saved = this.openBracketContext();
    const colonFirst = this.OPTION(
      this.gated(
        () => this.isAt(1, Colon),
        () => this.CONSUME(Colon),
      ),
    );
    const first = this.OPTION1(
      this.gated(
        () => colonFirst === undefined,
        () => this.SUBRULE(this.expr),
      ),
    );
    const colon = this.OPTION2(
      this.gated(
        () => colonFirst === undefined && this.isAt(1, Colon),
        () => this.CONSUME1(Colon),
      ),
    );
    const hi = this.OPTION3(
      this.gated(
        () => (colonFirst !== undefined || colon !== undefined) && !this.isAt(1, RBracket),
        () => this.SUBRULE1(this.expr),
      ),
    );
    this.restoreContext(saved);
    this.CONSUME(RBracket);
    return this.ACTION((): Expr => {
      const span = this.span(object!.span.start);
      if (colonFirst !== undefined || colon !== undefined) return slice(object!, first, hi, 'colon', span);
      if (first === undefined) this.fail('FL202', "expected an index, found ']'", this.LA(0));
      if (first.kind === 'Range') return slice(object!, first.lo, first.hi, 'range', span);
      return { kind: 'Index', object: object!, index: first, span };
    });
  });

  /** `.f`, `.@f` (the `@` is dropped, §4 A3), `.m(args)`. Any word may follow the dot. */
  memberSuffix = this.RULE('memberSuffix', (object?: Expr): Expr => {
    this.CONSUME(Dot);
    this.OPTION(() => this.CONSUME(At));
    const field = this.OR((this.memberNameAlts ??= [this.alt(() => this.CONSUME(Word)), this.alt(() => this.CONSUME(IntLiteral))]));
    const args = this.OPTION1(this.gated(this.callOnSameLine, () => this.SUBRULE(this.callArgs)));
    return this.ACTION((): Expr => {
      const span = this.span(object!.span.start);
      if (args !== undefined) return { kind: 'MethodCall', receiver: object!, method: this.ident(field), args, span };
      return { kind: 'Member', object: object!, field: this.ident(field), span };
    });
  });

  /**
   * Primary expressions. The first token decides (no gates here, so Chevrotain's one-token
   * table lookup applies); `{` and words need more context and have their own rules.
   */
  primary = this.RULE(
    'primary',
    (): Expr =>
      this.OR(
        (this.primaryAlts ??= {
          ERR_MSG: 'an expression',
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.alt(() => {
              const t = this.CONSUME(IntLiteral);
              return this.RECORDING_PHASE ? (undefined as never) : this.intLiteral(t);
            }),
            this.alt(() => {
              const t = this.CONSUME(FloatLiteral);
              return this.ACTION((): Expr => {
                const info = numberInfo(t);
                if (info.kind === 'error') return { kind: 'ErrorExpr', span: this.tokenSpan(t) };
                return { kind: 'Float', value: info.kind === 'float' ? info.value : Number.NaN, text: t.image, span: this.tokenSpan(t) };
              });
            }),
            this.alt(() => {
              const t = this.CONSUME(DurationLiteral);
              return this.ACTION((): Expr => {
                const info = numberInfo(t);
                return { kind: 'Duration', ms: info.kind === 'duration' ? info.ms : null, text: t.image, span: this.tokenSpan(t) };
              });
            }),
            this.alt(() => {
              const t = this.CONSUME(FrequencyLiteral);
              return this.RECORDING_PHASE
                ? (undefined as never)
                : this.fail('FL217', `a frequency such as '${t.image}' is only allowed in a clock_domain clause`, t);
            }),
            this.alt(() => {
              const t = this.CONSUME(StringLiteral);
              return this.ACTION((): Expr => {
                const d = decodeString(t.image);
                return { kind: 'String', value: d.value, bytes: d.bytes, span: this.tokenSpan(t) };
              });
            }),
            this.alt(() => {
              const t = this.CONSUME(K.true);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Bool', value: true, span: this.tokenSpan(t) };
            }),
            this.alt(() => {
              const t = this.CONSUME(K.false);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Bool', value: false, span: this.tokenSpan(t) };
            }),
            this.alt(() => {
              const t = this.CONSUME(K.nil);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Nil', keyword: 'nil', span: this.tokenSpan(t) };
            }),
            this.alt(() => {
              const t = this.CONSUME(K.none);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Nil', keyword: 'none', span: this.tokenSpan(t) };
            }),
            this.alt(() => this.SUBRULE(this.parenExpr)),
            this.alt(() => this.SUBRULE(this.listLiteral)),
            this.alt(() => this.SUBRULE(this.closure)),
            this.alt(() => this.SUBRULE(this.prefixRange)),
            this.alt(() => this.SUBRULE(this.ifExpr)),
            this.alt(() => this.SUBRULE(this.matchExpr)),
            this.alt(() => this.SUBRULE(this.braceExpr)),
            this.alt(() => this.SUBRULE(this.bytesExpr)),
            this.alt(() => this.SUBRULE(this.genericExpr)),
            this.alt(() => this.SUBRULE(this.nameOrPath)),
          ],
        }),
      ),
  );

  /** §7.2 rule 2: `{ ID :` or `{ ..` is an anonymous struct literal; otherwise a block. */
  braceExpr = this.RULE(
    'braceExpr',
    (): Expr =>
      this.OR(
        (this.braceAlts ??= {
          ERR_MSG: 'an expression',
          DEF: [
            this.altIf(
              () => looksLikeStructBody(this.peek, 1),
              () => {
                const tail = this.SUBRULE(this.structTail);
                return this.RECORDING_PHASE ? (undefined as never) : structLiteral(undefined, tail, tail.span);
              },
            ),
            this.altIf(
              () => !this.noStruct,
              () => {
                const block = this.SUBRULE(this.block);
                return this.RECORDING_PHASE ? (undefined as never) : { kind: 'BlockExpr', block, span: block.span };
              },
            ),
          ],
        }),
      ),
  );

  abstract parenExpr: (...args: []) => Expr;
  abstract listLiteral: (...args: []) => Expr;
  abstract bracketElements: (...args: []) => Expr[];
  abstract closure: (...args: []) => Expr;
  abstract prefixRange: (...args: []) => Expr;
  abstract ifExpr: (...args: []) => Expr;
  abstract matchExpr: (...args: []) => Expr;
  abstract structTail: (...args: []) => StructTail;
  abstract byteFill: (...args: []) => Expr;
  abstract bytesLiteral: (...args: []) => Expr;
  abstract typeValue: (...args: []) => Expr;
  abstract nameOrPath: (...args: []) => Expr;
  abstract bytesExpr: (...args: []) => Expr;
  abstract genericExpr: (...args: []) => Expr;

  // ── cached alternatives and gates (created once; see base.ts on why) ──

  private unaryAlts?: OrMethodOpts<Expr>;
  private postfixAlts?: IOrAlt<Expr>[];
  private postfixLoop?: () => void;
  private castOption?: () => TypeExpr[];
  private argumentAlts?: OrMethodOpts<Expr | undefined>;
  protected elementAlts?: OrMethodOpts<Expr | undefined>;
  private memberNameAlts?: IOrAlt<IToken>[];
  private primaryAlts?: OrMethodOpts<Expr>;
  private braceAlts?: OrMethodOpts<Expr>;
  /** The operand a postfix suffix applies to (handed to the suffix rules). */
  protected operand: Expr | undefined;

  protected readonly callOnSameLine = (): boolean => this.isAt(1, LParen) && this.sameLine(1);

  // ── helpers ──

  /** Precedence of LA(1) as a binary operator continuing here, or -1 (§3 N4, N5; §7.3). */
  protected binaryPrecedence(): number {
    const t = this.la(1);
    if (!is(t, BinaryOperator)) return -1;
    const info = binaryOperatorOf(t.tokenType);
    if (info === undefined) return -1;
    if (info.prec === PREC_PREDICATE && (!this.predicate || (t.nl && this.predicateOnOperandLine))) return -1;
    if (t.nl) {
      if (this.lineExpr || info.op === '..') return -1;
      // `-1 => …` starting a match arm is a pattern, not a continued subtraction.
      if (info.op === '-' && is(this.la(2), NumberLiteral) && is(this.la(3), FatArrow)) return -1;
    }
    return info.prec;
  }

  /** Can the token at LA(k) begin an operand? */
  protected canStartOperand(k: number): boolean {
    const t = this.la(k);
    if (isEof(t)) return false;
    if (is(t, Identifier) || is(t, NumberLiteral) || is(t, StringLiteral)) return true;
    switch (t.image) {
      case '(':
      case '[':
      case '!':
      case '-':
      case '|':
      case '||':
      case '..':
      case 'true':
      case 'false':
      case 'nil':
      case 'none':
      case 'if':
      case 'match':
        return t.tokenType !== StringLiteral;
      case '{':
        return !this.noStruct || looksLikeStructBody(this.peek, k);
      default:
        return false;
    }
  }

  /** Two elements on one line need a `,` between them. */
  protected separatorCheck(closer: string): void {
    if (this.RECORDING_PHASE) return;
    if (this.isAt(1, Comma)) {
      const prev = this.la(0).image;
      if (prev === ',' || prev === '(' || prev === '[') this.fail('FL202', `expected an expression or ${closer}, found ','`, this.LA(1));
      return;
    }
    if (this.elementMayStart()) return;
    this.fail('FL201', `expected ',' or ${closer}, found ${describe(this.LA(1))}`, this.LA(1));
  }

  /** Separated elements: after an opener or `,`, or on a new line (N3, N8). */
  protected readonly elementMayStart = (): boolean => {
    const prev = this.la(0).image;
    return prev === '(' || prev === '[' || prev === ',' || this.la(1).nl === true;
  };

  /**
   * `bytes [e, …]` versus indexing a value named `bytes`: the literal needs a blank before the
   * `[` or a comma inside it (a decision recorded in specs/fastlang.md).
   */
  protected bytesLiteralAhead(): boolean {
    if (!this.isAt(1, K.bytes) || !this.isAt(2, LBracket) || !this.sameLine(2)) return false;
    if (!adjacent(this.la(1), this.la(2))) return true;
    let depth = 0;
    for (let k = 2; k < 300; k++) {
      const t = this.la(k);
      if (isEof(t)) return false;
      const c = t.image;
      if (t.tokenType === StringLiteral) continue;
      if (c === '[' || c === '(' || c === '{') depth++;
      else if (c === ']' || c === ')' || c === '}') {
        depth--;
        if (depth === 0) return false;
      } else if (c === ',' && depth === 1) return true;
    }
    return false;
  }

  /** §7.2 rule 1: may a struct tail follow this head here? */
  protected structTailAllowed(headName: string, generic: boolean): boolean {
    if (!this.isAt(1, LBrace) || !this.sameLine(1) || this.noStruct) return false;
    return generic || isCapitalized(headName) || looksLikeStructBody(this.peek, 1);
  }

  protected intLiteral(t: IToken): Expr {
    const info = numberInfo(t);
    // A malformed number was reported by the lexer; the placeholder keeps later stages from
    // computing with a made-up value (the declaration is isolated, §10).
    if (info.kind === 'error') return { kind: 'ErrorExpr', span: this.tokenSpan(t) };
    const e: Expr = { kind: 'Int', value: info.kind === 'int' ? info.value : 0n, text: t.image, span: this.tokenSpan(t) };
    if (info.kind === 'int') {
      if (info.suffix !== undefined) e.suffix = info.suffix;
      if (info.hexDigits !== undefined) e.hexDigits = info.hexDigits;
    }
    return e;
  }

  private buildBinary(left: Expr, opTok: IToken, info: BinaryOperatorInfo, right: Expr | undefined, chained: boolean): Expr {
    const span = this.span(left.span.start);
    if (info.op === '..') {
      const r: Expr = { kind: 'Range', lo: left, span };
      if (right !== undefined) r.hi = right;
      return r;
    }
    if (right === undefined) {
      this.fail('FL202', `expected an expression after '${opTok.image}', found ${describe(this.LA(1))}`, this.LA(1));
    }
    if (chained && info.prec === PREC_COMPARISON) {
      this.reportError('FL204', 'comparisons cannot be chained', this.tokenSpan(opTok), 'write `a < b && b < c`');
    }
    return { kind: 'Binary', op: info.op as BinaryOp, opSpan: this.tokenSpan(opTok), left, right, span };
  }

  protected nameExpr(tok: IToken): Expr {
    return { kind: 'Name', name: normalizeBuiltinName(tok.image), span: this.tokenSpan(tok) };
  }

  protected genericTypeValue(type: GenericType, member: Ident | undefined, span: Span): Expr {
    const e: Expr = { kind: 'TypeValue', type, span };
    if (member !== undefined) e.member = member;
    return e;
  }
}

function describe(tok: IToken): string {
  return isEof(tok as never) ? 'end of file' : `'${tok.image}'`;
}

function slice(object: Expr, lo: Expr | undefined, hi: Expr | undefined, style: 'range' | 'colon', span: Span): Expr {
  const e: Expr = { kind: 'Slice', object, style, span };
  if (lo !== undefined) e.lo = lo;
  if (hi !== undefined) e.hi = hi;
  return e;
}

export function structLiteral(type: TypeExpr | undefined, tail: StructTail, span: Span): Expr {
  const e: StructLit = { kind: 'StructLit', fields: tail.fields, span };
  if (type !== undefined) e.type = type;
  if (tail.rest !== undefined) e.rest = tail.rest;
  return e;
}
