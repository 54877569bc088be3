/**
 * Blocks and statements (LANGUAGE.md §7.1), predicates (§7.3).
 * N2: a statement ends at a line break or `;`; two statements on one line need a `;` between
 * them (after a statement that ends with `}`, the next may follow on the same line).
 */
import type { OrMethodOpts } from 'chevrotain';
import type { Block, Expr, Param, Stmt } from '../ast.ts';
import { decodeString } from '../literals.ts';
import { At, Colon, Comma, Eq, Identifier, K, LBrace, LParen, NumberLiteral, RBrace, RParen, Semicolon, StringLiteral, Word } from '../tokens.ts';
import { is, isEof } from './lookahead.ts';
import { PrimaryRules } from './primaries.ts';

export abstract class StmtRules extends PrimaryRules {
  /** Block = '{' ( Stmt ';'? )* '}'. */
  block = this.RULE('block', (): Block => {
    if (!this.RECORDING_PHASE) this.guardNesting();
    const open = this.CONSUME(LBrace);
    const saved = this.openBracketContext();
    const predicate = this.predicate;
    this.predicate = false;
    const stmts: Stmt[] = [];
    this.MANY(() => {
      if (!this.RECORDING_PHASE && !this.isAt(1, Semicolon) && !this.statementMayStart()) {
        this.fail(
          'FL206',
          `expected a line break or ';' before ${this.describeNext()}`,
          this.LA(1),
          'put each statement on its own line, or separate them with ;',
        );
      }
      const s = this.OR(
        (this.blockItemAlts ??= {
          ERR_MSG: "a statement or '}'",
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.alt((): Stmt | null => {
              this.CONSUME(Semicolon);
              return null;
            }),
            this.alt(() => this.SUBRULE(this.statement)),
          ],
        }),
      );
      if (s !== null) stmts.push(s);
      else {
        // `;` right after an expression statement marks it (§8.3: it is still the block value).
        const last = stmts[stmts.length - 1];
        if (last !== undefined && last.kind === 'ExprStmt' && this.la(-1).image !== ';') last.semicolon = true;
      }
    });
    this.predicate = predicate;
    this.restoreContext(saved);
    this.CONSUME(RBrace);
    return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Block', stmts, span: this.span(open.startOffset) };
  });

  /** Statements by their first token; words are decided by `wordStatement`. */
  statement = this.RULE(
    'statement',
    (): Stmt =>
      this.OR(
        (this.statementAlts ??= {
          ERR_MSG: 'a statement',
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.alt(() => this.SUBRULE(this.letStmt)),
            this.alt(() => this.SUBRULE(this.jumpStatement)),
            this.alt(() => {
              const kw = this.CONSUME(K.while);
              const cond = this.SUBRULE(this.condExpr);
              const body = this.SUBRULE(this.block);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'While', cond, body, span: this.span(kw.startOffset) };
            }),
            this.alt(() => this.SUBRULE(this.forStmt)),
            // Words (and `@invariant`) need their statement form checked; everything else is an expression.
            this.alt(() => this.SUBRULE(this.wordStatement)),
            this.alt(() => this.SUBRULE(this.exprStatement)),
          ],
        }),
      ),
  );

  /** `return Expr?`, `continue`, `break`: also a match arm's body (`_ => return 0`). */
  jumpStatement = this.RULE(
    'jumpStatement',
    (): Stmt =>
      this.OR(
        (this.jumpAlts ??= {
          ERR_MSG: "'return', 'continue' or 'break'",
          DEF: [
            this.alt(() => {
              const kw = this.CONSUME(K.return);
              const value = this.OPTION(this.gated(this.returnValueAhead, () => this.SUBRULE(this.expr)));
              return this.RECORDING_PHASE
                ? (undefined as never)
                : value
                  ? { kind: 'Return', value, span: this.span(kw.startOffset) }
                  : { kind: 'Return', span: this.span(kw.startOffset) };
            }),
            this.alt(() => {
              const t = this.CONSUME(K.continue);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Continue', span: this.tokenSpan(t) };
            }),
            this.alt(() => {
              const t = this.CONSUME(K.break);
              return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Break', span: this.tokenSpan(t) };
            }),
          ],
        }),
      ),
  );

  /** Statement words act as keywords only when their statement form follows (§7.1). */
  wordStatement = this.RULE(
    'wordStatement',
    (): Stmt =>
      this.OR(
        (this.wordStatementAlts ??= {
          ERR_MSG: 'a statement',
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.altIf(
              () => this.assertAhead(),
              () => this.SUBRULE(this.assertStmt),
            ),
            // `emit ID Expr`; `emit(` is a call (§7.1).
            this.altIf(
              () => this.isAt(1, K.emit) && this.isAt(2, Identifier) && this.sameLine(2) && this.sameLine(3) && this.canStartOperand(3),
              () => {
                const kw = this.CONSUME(K.emit);
                const stream = this.CONSUME(Identifier);
                const value = this.SUBRULE1(this.expr);
                return this.RECORDING_PHASE
                  ? (undefined as never)
                  : { kind: 'Emit', stream: this.ident(stream), value, span: this.span(kw.startOffset) };
              },
            ),
            this.altIf(
              () => (this.isAt(1, K.forall) || this.isAt(1, K.fuzz)) && this.isAt(2, Identifier) && this.isAt(3, Colon) && this.sameLine(2),
              () => this.SUBRULE(this.forallStmt),
            ),
            this.altIf(
              () => this.isAt(1, K.observe) && this.isAt(2, Word) && this.isAt(3, Colon) && this.sameLine(2),
              () => {
                const kw = this.CONSUME(K.observe);
                const name = this.CONSUME(Word);
                this.CONSUME(Colon);
                const list = this.SUBRULE(this.idList);
                return this.RECORDING_PHASE
                  ? (undefined as never)
                  : { kind: 'Observe', name: this.ident(name), metrics: list.items, span: this.span(kw.startOffset) };
              },
            ),
            this.altIf(
              () => this.invariantStatementAhead(),
              () => this.SUBRULE(this.invariantStmt),
            ),
            this.alt(() => this.SUBRULE(this.exprStatement)),
          ],
        }),
      ),
  );

  /** 'let' 'mut'? ( ID | '_' ) ( ':' Type )? '=' Expr. */
  letStmt = this.RULE('letStmt', (): Stmt => {
    const kw = this.CONSUME(K.let);
    const mut = this.OPTION(() => this.CONSUME(K.mut));
    const name = this.CONSUME(Identifier);
    const type = this.OPTION1(() => {
      this.CONSUME(Colon);
      return this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(Eq);
    const value = this.SUBRULE(this.expr);
    return this.ACTION((): Stmt => {
      const s: Stmt = {
        kind: 'Let',
        name: name.image === '_' ? null : this.ident(name),
        mutable: mut !== undefined,
        value,
        span: this.span(kw.startOffset),
      };
      if (type !== undefined) s.type = type;
      return s;
    });
  });

  /** 'for' ( ID | '_' ) 'in' CondExpr Block. */
  forStmt = this.RULE('forStmt', (): Stmt => {
    const kw = this.CONSUME(K.for);
    const binding = this.CONSUME(Identifier);
    this.CONSUME(K.in);
    const iterable = this.SUBRULE(this.condExpr);
    const body = this.SUBRULE(this.block);
    return this.RECORDING_PHASE
      ? (undefined as never)
      : {
          kind: 'For',
          binding: binding.image === '_' ? null : this.ident(binding),
          iterable,
          body,
          span: this.span(kw.startOffset),
        };
  });

  /**
   * ( 'assert' | 'require' ) Expr ( ',' STRING )?. The call-like spelling `require(c, "msg")`
   * means the same and is read the same way.
   */
  assertStmt = this.RULE('assertStmt', (): Stmt => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.assert)), this.alt(() => this.CONSUME(K.require))]);
    // Decision (specs/fastlang.md §8): the predicate word operators are also read in an
    // assert/require condition (`assert a implies b`), where a word after a complete operand
    // has no other reading.
    const outerPredicate = this.predicate;
    const outerOperandLine = this.predicateOnOperandLine;
    this.predicate = true;
    this.predicateOnOperandLine = true;
    const parts = this.OR1([
      this.altIf(
        () => this.parenthesizedArgumentsAhead(),
        () => {
          this.CONSUME(LParen);
          const saved = this.openBracketContext();
          const cond = this.SUBRULE(this.expr);
          this.CONSUME(Comma);
          const message = this.CONSUME(StringLiteral);
          this.OPTION(() => this.CONSUME1(Comma));
          this.restoreContext(saved);
          this.CONSUME(RParen);
          return { cond, message };
        },
      ),
      this.alt(() => {
        const cond = this.SUBRULE1(this.expr);
        const message = this.OPTION1(() => {
          this.CONSUME2(Comma);
          return this.CONSUME1(StringLiteral);
        });
        return { cond, message };
      }),
    ]);
    this.predicate = outerPredicate;
    this.predicateOnOperandLine = outerOperandLine;
    return this.ACTION((): Stmt => {
      const s: Stmt = { kind: 'Assert', keyword: kw.image as 'assert' | 'require', cond: parts.cond, span: this.span(kw.startOffset) };
      if (parts.message !== undefined) s.message = decodeString(parts.message.image).value;
      return s;
    });
  });

  /** ( 'forall' | 'fuzz' ) ID ':' Type ( ',' ID ':' Type )* Block. */
  forallStmt = this.RULE('forallStmt', (): Stmt => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.forall)), this.alt(() => this.CONSUME(K.fuzz))]);
    const vars: Param[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const name = this.CONSUME(Identifier);
        this.CONSUME(Colon);
        const type = this.SUBRULE(this.typeExpr);
        this.RECORDING_PHASE ? (undefined as never) : vars.push({ kind: 'Param', name: this.ident(name), type, span: this.span(name.startOffset) });
      },
    });
    const body = this.SUBRULE(this.block);
    return this.RECORDING_PHASE
      ? (undefined as never)
      : { kind: 'Forall', keyword: kw.image as 'forall' | 'fuzz', vars, body, span: this.span(kw.startOffset) };
  });

  /** '@'? 'invariant' STRING? ( '{' PredExpr '}' | LineExpr ) as a statement (§4 A4). */
  invariantStmt = this.RULE('invariantStmt', (): Stmt => {
    const at = this.OPTION(() => this.CONSUME(At));
    const kw = this.CONSUME(K.invariant);
    const label = this.OPTION1(() => this.CONSUME(StringLiteral));
    const expr = this.OR([
      this.altIf(
        () => this.isAt(1, LBrace),
        () => this.SUBRULE(this.predicateBraces),
      ),
      this.alt(() => this.SUBRULE(this.lineExpression)),
    ]);
    return this.ACTION((): Stmt => {
      const s: Stmt = { kind: 'Invariant', expr, span: this.span((at ?? kw).startOffset) };
      if (label !== undefined) s.label = decodeString(label.image).value;
      return s;
    });
  });

  /** An expression statement, or `place = value` (§7.1). */
  exprStatement = this.RULE('exprStatement', (): Stmt => {
    const target = this.SUBRULE(this.expr);
    const value = this.OPTION(() => {
      this.CONSUME(Eq);
      return this.SUBRULE1(this.expr);
    });
    return this.ACTION((): Stmt => {
      const span = this.span(target.span.start);
      if (value === undefined) return { kind: 'ExprStmt', expr: target, semicolon: false, span };
      if (!isPlace(target)) {
        this.reportError('FL207', 'the left side of `=` must be a variable, a field, an index or a byte range', target.span);
      }
      return { kind: 'Assign', target, value, span };
    });
  });

  /**
   * PredExpr between braces (§7.3): word operators allowed, line breaks free. Several
   * predicates on separate lines (or separated by `;`) must all hold, so they are joined with
   * `&&`. A trailing unit word after a number (`== 10000 bps`) is ignored with a note.
   */
  predicateBraces = this.RULE('predicateBraces', (): Expr => {
    this.CONSUME(LBrace);
    const saved = this.openBracketContext();
    const outerPredicate = this.predicate;
    this.predicate = true;
    let e = this.SUBRULE(this.expr);
    this.MANY(
      this.gated(
        () => !this.isAt(1, RBrace) && (this.isAt(1, Semicolon) || (this.la(1).nl && this.canStartOperand(1))),
        () => {
          this.OPTION(() => this.CONSUME(Semicolon));
          const more = this.SUBRULE1(this.expr);
          e = this.RECORDING_PHASE
            ? (undefined as never)
            : { kind: 'Binary', op: '&&', opSpan: more.span, left: e, right: more, span: this.span(e.span.start) };
        },
      ),
    );
    this.OPTION1(
      this.gated(
        () => this.isAt(1, Identifier) && this.isAt(2, RBrace) && this.sameLine(1) && is(this.la(0), NumberLiteral),
        () => {
          const unit = this.CONSUME(Identifier);
          this.RECORDING_PHASE
            ? (undefined as never)
            : this.note('FL213', `unit word '${unit.image}' after a number is ignored`, this.tokenSpan(unit));
        },
      ),
    );
    this.OPTION2(() => this.CONSUME1(Semicolon));
    this.predicate = outerPredicate;
    this.restoreContext(saved);
    this.CONSUME(RBrace);
    return e;
  });

  // ── cached alternatives and gates ──

  private blockItemAlts?: OrMethodOpts<Stmt | null>;
  private statementAlts?: OrMethodOpts<Stmt>;
  private jumpAlts?: OrMethodOpts<Stmt>;
  private wordStatementAlts?: OrMethodOpts<Stmt>;

  protected readonly notAtRBrace = (): boolean => !this.isAt(1, RBrace) && !this.atEof();
  protected readonly returnValueAhead = (): boolean => this.sameLine(1) && !this.isAt(1, RBrace) && !this.isAt(1, Semicolon);

  /** After `{`, `;` or a statement ending in `}`, or on a new line (N2). */
  protected readonly statementMayStart = (): boolean => {
    const prev = this.la(0).image;
    return prev === '{' || prev === ';' || prev === '}' || this.la(1).nl === true;
  };

  protected describeNext(): string {
    const t = this.la(1);
    return isEof(t) ? 'the end of the file' : `'${t.image}'`;
  }

  /** `assert`/`require` followed on the same line by an operand (not `=`, `.`, …). */
  protected assertAhead(): boolean {
    return (this.isAt(1, K.assert) || this.isAt(1, K.require)) && this.sameLine(2) && this.canStartOperand(2);
  }

  protected invariantStatementAhead(): boolean {
    if (this.isAt(1, At)) return this.isAt(2, K.invariant) && this.sameLine(2);
    return this.isAt(1, K.invariant) && this.sameLine(2) && (this.isAt(2, StringLiteral) || this.isAt(2, LBrace));
  }

  /**
   * `(cond, "msg")` ending the statement: the call-like form of assert/require. Recognised by
   * its last element being a string after a comma, so `(a, b)` inside a closure or call does
   * not count.
   */
  protected parenthesizedArgumentsAhead(): boolean {
    if (!this.isAt(1, LParen)) return false;
    let depth = 0;
    for (let k = 1; k < 400; k++) {
      const t = this.la(k);
      if (isEof(t)) return false;
      const c = t.tokenType === StringLiteral ? '' : t.image;
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          const next = this.la(k + 1);
          const endsStatement = isEof(next) || next.nl || next.image === ';' || next.image === '}';
          let last = k - 1;
          if (this.la(last).image === ',' && this.la(last).tokenType !== StringLiteral) last--;
          return endsStatement && this.isAt(last, StringLiteral) && this.la(last - 1).image === ',';
        }
      }
    }
    return false;
  }
}

function isPlace(e: Expr): boolean {
  switch (e.kind) {
    case 'Name':
      return true;
    case 'Member':
      return isPlace(e.object);
    case 'Index':
      return isPlace(e.object);
    // `buf[lo..hi] = v` writes a byte range (Place '[' Expr ']' with a range, §7.1)
    case 'Slice':
      return isPlace(e.object);
    default:
      return false;
  }
}
