/**
 * The primaries with structure of their own (LANGUAGE.md §7.2, §7.4): parentheses, list
 * literals, closures, ranges, `if`, `match` and patterns, struct literals (and the §7.2
 * disambiguation of struct tail versus block), `bytes(N){v}`, `bytes [..]`, `list<T>` values,
 * names and `A::B` paths.
 */
import type { IToken, OrMethodOpts } from 'chevrotain';
import type { Block, ClosureExpr, Expr, FieldInit, GenericType, Ident, IfExpr, MatchArm, Pattern, Stmt, StructLit, TypeExpr } from '../ast.ts';
import { decodeString } from '../literals.ts';
import {
  At,
  Colon,
  ColonColon,
  Comma,
  DotDot,
  FatArrow,
  Identifier,
  IntLiteral,
  K,
  LBrace,
  LBracket,
  LParen,
  Less,
  Minus,
  OrOr,
  Pipe,
  RBrace,
  RBracket,
  RParen,
  Semicolon,
  StringLiteral,
  Word,
} from '../tokens.ts';
import { ExprRules, structLiteral, type StructTail } from './expressions.ts';
import { scanTypeArguments } from './lookahead.ts';
import { PREC_CLOSURE_BODY, PREC_RANGE_OPERAND } from './operators.ts';
import { numberInfo } from '../lexer.ts';

export abstract class PrimaryRules extends ExprRules {
  abstract jumpStatement: (...args: []) => Stmt;
  parenExpr = this.RULE('parenExpr', (): Expr => {
    this.CONSUME(LParen);
    const saved = this.openBracketContext();
    const e = this.SUBRULE(this.expr);
    this.restoreContext(saved);
    this.CONSUME(RParen);
    return e;
  });

  /** `[e, …]`; elements may be on separate lines (N3: a line starting with `(` is a new element). */
  listLiteral = this.RULE('listLiteral', (): Expr => {
    const open = this.CONSUME(LBracket);
    const elements = this.SUBRULE(this.bracketElements);
    return this.RECORDING_PHASE ? (undefined as never) : { kind: 'ListLit', elements, span: this.span(open.startOffset) };
  });

  /** The elements and the closing `]` of a list or bytes literal. */
  bracketElements = this.RULE('bracketElements', (): Expr[] =>
    this.expressionsUntil(RBracket, "']'", (this.elementAlts ??= this.expressionListAlts("an element or ']'"))),
  );

  /** `|a, b| body` and `|| body`; the body extends as far as possible (§7.2 level 1). */
  closure = this.RULE('closure', (): Expr => {
    const params: Ident[] = [];
    const types: (TypeExpr | undefined)[] = [];
    const open = this.OR([
      this.alt(() => this.CONSUME(OrOr)),
      this.alt(() => {
        const t = this.CONSUME(Pipe);
        this.MANY(
          this.gated(
            () => !this.isAt(1, Pipe) && !this.atEof(),
            () => {
              this.OR1([
                this.alt(() => {
                  this.CONSUME(Comma);
                }),
                this.alt(() => {
                  const p = this.CONSUME(Identifier);
                  const type = this.OPTION(() => {
                    this.CONSUME(Colon);
                    return this.SUBRULE(this.typeExpr);
                  });
                  this.ACTION(() => {
                    params.push(this.ident(p));
                    types.push(type);
                  });
                }),
              ]);
            },
          ),
        );
        this.CONSUME1(Pipe);
        return t;
      }),
    ]);
    const body = this.SUBRULE(this.expr, { ARGS: [PREC_CLOSURE_BODY] });
    return this.ACTION((): Expr => {
      const c: ClosureExpr = { kind: 'Closure', params, body, span: this.span(open.startOffset) };
      if (types.some((t) => t !== undefined)) c.paramTypes = types;
      return c;
    });
  });

  /** `..hi` and `..` as an operand (inside `[ ]`). */
  prefixRange = this.RULE('prefixRange', (): Expr => {
    const op = this.CONSUME(DotDot);
    const hi = this.OPTION(
      this.gated(
        () => this.sameLine(1) && this.canStartOperand(1),
        () => this.SUBRULE(this.expr, { ARGS: [PREC_RANGE_OPERAND] }),
      ),
    );
    return this.RECORDING_PHASE
      ? (undefined as never)
      : hi
        ? { kind: 'Range', hi, span: this.span(op.startOffset) }
        : { kind: 'Range', span: this.span(op.startOffset) };
  });

  /**
   * IfExpr = 'if' CondExpr Block ( 'else' ( IfExpr | Block ) )?; `else` may start the next line.
   * An `else if` chain is read in a loop rather than by recursion, so a long chain (a tag or
   * opcode table) never meets the nesting limit; the tree still nests it through `else`.
   */
  ifExpr = this.RULE('ifExpr', (): Expr => {
    const branches: { start: number; cond: Expr; then: Block }[] = [];
    const kw = this.CONSUME(K.if);
    const cond = this.SUBRULE(this.condExpr);
    const then = this.SUBRULE(this.block);
    branches.push({ start: kw.startOffset, cond, then });
    this.MANY(
      this.gated(
        () => this.isAt(1, K.else) && this.isAt(2, K.if),
        () => {
          this.CONSUME(K.else);
          const kwIf = this.CONSUME1(K.if);
          const elseCond = this.SUBRULE1(this.condExpr);
          const elseThen = this.SUBRULE1(this.block);
          branches.push({ start: kwIf.startOffset, cond: elseCond, then: elseThen });
        },
      ),
    );
    const last = this.OPTION(() => {
      this.CONSUME1(K.else);
      return this.OR({ ERR_MSG: "'if' or '{'", DEF: [this.alt(() => this.SUBRULE2(this.block))] });
    });
    return this.ACTION((): Expr => {
      // Every branch's span ends where the whole chain ends, as when each was parsed by recursion.
      let tail: IfExpr | Block | undefined = last;
      for (let i = branches.length - 1; i >= 0; i--) {
        const b = branches[i]!;
        const e: IfExpr = { kind: 'If', cond: b.cond, then: b.then, span: this.span(b.start) };
        if (tail !== undefined) e.else = tail;
        tail = e;
      }
      return tail as IfExpr;
    });
  });

  /** MatchExpr = 'match' CondExpr '{' ( Pattern '=>' ( Block | Expr ) ','? )* '}'. */
  matchExpr = this.RULE('matchExpr', (): Expr => {
    const kw = this.CONSUME(K.match);
    const scrutinee = this.SUBRULE(this.condExpr);
    this.CONSUME(LBrace);
    const saved = this.openBracketContext();
    const arms: MatchArm[] = [];
    this.separatedItems(
      0,
      null,
      "a match arm or '}'",
      [
        this.alt(() => {
          arms.push(this.SUBRULE(this.matchArm));
        }),
      ],
      () => {
        if (!this.RECORDING_PHASE && !this.isAt(1, Comma) && !this.isAt(1, Semicolon) && !this.armMayStart()) {
          this.fail('FL201', `expected ',' or a line break between match arms, found '${this.la(1).image}'`);
        }
      },
    );
    this.restoreContext(saved);
    this.CONSUME(RBrace);
    return this.RECORDING_PHASE ? (undefined as never) : { kind: 'Match', scrutinee, arms, span: this.span(kw.startOffset) };
  });

  /** §7.2 rule 4: after `=>`, `{ ID :` or `{ ..` is a struct; any other `{` is a block. */
  matchArm = this.RULE('matchArm', (): MatchArm => {
    const pattern = this.SUBRULE(this.pattern);
    this.CONSUME(FatArrow);
    const body = this.OR(
      (this.armBodyAlts ??= {
        ERR_MSG: "an expression or a block after '=>'",
        IGNORE_AMBIGUITIES: true,
        DEF: [
          // A `{` body ends the arm: it never continues as an operand (`{ 5 }` then `-1 => …`).
          // Inside the match braces struct literals are allowed, so `braceExpr` reads `{ ID :`
          // and `{ ..` as a struct and any other `{` as a block (§7.2 rule 4).
          this.alt(() => this.SUBRULE(this.braceExpr)),
          // Decision (specs/fastlang.md §8): `=> return e`, `=> break`, `=> continue` read as a
          // one-statement block, as Rust authors write them.
          this.altIf(
            () => this.isAt(1, K.return) || this.isAt(1, K.break) || this.isAt(1, K.continue),
            (): Expr => {
              const jump = this.SUBRULE(this.jumpStatement);
              return this.RECORDING_PHASE
                ? (undefined as never)
                : { kind: 'BlockExpr', block: { kind: 'Block', stmts: [jump], span: jump.span }, span: jump.span };
            },
          ),
          this.alt(() => this.SUBRULE(this.expr)),
        ],
      }),
    );
    return this.RECORDING_PHASE ? (undefined as never) : { kind: 'MatchArm', pattern, body, span: this.span(pattern.span.start) };
  });

  /** Pattern = '_' | '-'? INT | STRING | true | false | none | nil | some(Pattern) | ID::ID | ID. */
  pattern = this.RULE(
    'pattern',
    (): Pattern =>
      this.OR({
        ERR_MSG: 'a pattern',
        IGNORE_AMBIGUITIES: true,
        DEF: [
          this.alt(() => {
            const minus = this.OPTION(() => this.CONSUME(Minus));
            const n = this.CONSUME(IntLiteral);
            return this.ACTION((): Pattern => {
              const info = numberInfo(n);
              const value = info.kind === 'int' ? info.value : 0n;
              return { kind: 'IntPat', value: minus ? -value : value, span: this.span((minus ?? n).startOffset) };
            });
          }),
          this.alt(() => {
            const s = this.CONSUME(StringLiteral);
            return this.ACTION((): Pattern => {
              const d = decodeString(s.image);
              return { kind: 'StringPat', value: d.value, bytes: d.bytes, span: this.tokenSpan(s) };
            });
          }),
          this.alt(() => {
            const t = this.CONSUME(K.true);
            return this.RECORDING_PHASE ? (undefined as never) : { kind: 'BoolPat', value: true, span: this.tokenSpan(t) };
          }),
          this.alt(() => {
            const t = this.CONSUME(K.false);
            return this.RECORDING_PHASE ? (undefined as never) : { kind: 'BoolPat', value: false, span: this.tokenSpan(t) };
          }),
          this.alt(() => {
            const t = this.CONSUME(K.none);
            return this.RECORDING_PHASE ? (undefined as never) : { kind: 'NilPat', span: this.tokenSpan(t) };
          }),
          this.alt(() => {
            const t = this.CONSUME(K.nil);
            return this.RECORDING_PHASE ? (undefined as never) : { kind: 'NilPat', span: this.tokenSpan(t) };
          }),
          this.alt(() => {
            // `some(P)`; a bare `some` binds a name like any other word.
            const kw = this.CONSUME(K.some);
            const inner = this.OPTION2(() => {
              this.CONSUME(LParen);
              const p = this.SUBRULE(this.pattern);
              this.CONSUME(RParen);
              return p;
            });
            if (this.RECORDING_PHASE) return undefined as never;
            return inner === undefined
              ? { kind: 'NamePat', name: this.ident(kw), span: this.tokenSpan(kw) }
              : { kind: 'SomePat', inner, span: this.span(kw.startOffset) };
          }),
          this.alt(() => {
            const first = this.CONSUME(Identifier);
            const rest: Ident[] = [];
            this.MANY(
              this.gated(
                () => this.isAt(1, ColonColon) && this.isAt(2, Word),
                () => {
                  this.CONSUME(ColonColon);
                  const seg = this.CONSUME(Word);
                  this.RECORDING_PHASE ? (undefined as never) : rest.push(this.ident(seg));
                },
              ),
            );
            return this.ACTION((): Pattern => {
              if (rest.length > 0) return { kind: 'PathPat', segments: [this.ident(first), ...rest], span: this.span(first.startOffset) };
              if (first.image === '_') return { kind: 'WildcardPat', span: this.tokenSpan(first) };
              return { kind: 'NamePat', name: this.ident(first), span: this.tokenSpan(first) };
            });
          }),
        ],
      }),
  );

  /**
   * StructTail = '{' ( Init ( ',' Init )* ','? )? '}', Init = ID ':' Expr | '..' Expr?.
   * Also accepted: `@` before a field name (§4 A3), `;` or line breaks between inits, and the
   * shorthand `{ a }` for `{ a: a }`.
   */
  structTail = this.RULE('structTail', (): StructTail => {
    const open = this.CONSUME(LBrace);
    const saved = this.openBracketContext();
    const fields: FieldInit[] = [];
    let rest: StructLit['rest'];
    this.separatedItems(
      0,
      RBrace,
      "a field (name: value) or '}'",
      [
        this.alt(() => {
          const dots = this.CONSUME(DotDot);
          const base = this.OPTION(
            this.gated(
              () => !this.isAt(1, RBrace) && !this.isAt(1, Comma),
              () => this.SUBRULE(this.expr),
            ),
          );
          this.ACTION(() => {
            rest = base !== undefined ? { base, span: this.span(dots.startOffset) } : { span: this.span(dots.startOffset) };
          });
        }),
        this.alt(() => {
          fields.push(this.SUBRULE(this.fieldInit));
        }),
      ],
      () => this.itemSeparatorCheck("'}'"),
    );
    this.restoreContext(saved);
    this.CONSUME(RBrace);
    return this.ACTION((): StructTail => {
      const tail: StructTail = { fields, span: this.span(open.startOffset) };
      if (rest !== undefined) tail.rest = rest;
      return tail;
    });
  });

  fieldInit = this.RULE('fieldInit', (): FieldInit => {
    const at = this.OPTION(() => this.CONSUME(At));
    const name = this.CONSUME(Identifier);
    const value = this.OPTION1(() => {
      this.CONSUME(Colon);
      return this.SUBRULE(this.expr);
    });
    return this.RECORDING_PHASE
      ? (undefined as never)
      : {
          kind: 'FieldInit',
          name: this.ident(name),
          value: value ?? this.nameExpr(name),
          span: this.span((at ?? name).startOffset),
        };
  });

  /** `bytes(N)` and `bytes(N){v}`; the fill is never taken inside a CondExpr (§7.2 rule 3). */
  byteFill = this.RULE('byteFill', (): Expr => {
    const kw = this.CONSUME(K.bytes);
    this.CONSUME(LParen);
    const saved = this.openBracketContext();
    const size = this.SUBRULE(this.expr);
    this.restoreContext(saved);
    this.CONSUME(RParen);
    const fill = this.OPTION(
      this.gated(
        () => this.isAt(1, LBrace) && this.sameLine(1) && !this.noStruct,
        () => {
          this.CONSUME(LBrace);
          const inner = this.openBracketContext();
          const v = this.SUBRULE1(this.expr);
          this.restoreContext(inner);
          this.CONSUME(RBrace);
          return v;
        },
      ),
    );
    return this.ACTION((): Expr => {
      const e: Expr = { kind: 'ByteFill', size, span: this.span(kw.startOffset) };
      if (fill !== undefined) e.fill = fill;
      return e;
    });
  });

  /** `bytes [e, …]`. */
  bytesLiteral = this.RULE('bytesLiteral', (): Expr => {
    const kw = this.CONSUME(K.bytes);
    this.CONSUME(LBracket);
    const elements = this.SUBRULE(this.bracketElements);
    return this.RECORDING_PHASE ? (undefined as never) : { kind: 'BytesLit', elements, span: this.span(kw.startOffset) };
  });

  /** `list<T>`, `list<T>::new`, `option<T>`, and `list<T>{}` (a struct tail after a generic head). */
  typeValue = this.RULE('typeValue', (): Expr => {
    const type = this.SUBRULE(this.genericType);
    const member = this.OPTION(
      this.gated(
        () => this.isAt(1, ColonColon) && this.isAt(2, Word),
        () => {
          this.CONSUME(ColonColon);
          return this.CONSUME(Word);
        },
      ),
    );
    const tail = this.OPTION1(
      this.gated(
        () => member === undefined && this.structTailAllowed('', true),
        () => this.SUBRULE(this.structTail),
      ),
    );
    return this.ACTION((): Expr => {
      const span = this.span(type.span.start);
      if (tail !== undefined) return structLiteral(type, tail, span);
      return this.genericTypeValue(type as GenericType, member ? this.ident(member) : undefined, span);
    });
  });

  /** `x`, `A::B`, and a struct literal after a capitalised head (`Spot { … }`). */
  nameOrPath = this.RULE('nameOrPath', (): Expr => {
    const first = this.CONSUME(Identifier);
    // The tail of `nameTail`, inlined: a plain name is by far the most common operand.
    if (!this.RECORDING_PHASE && !this.isAt(1, ColonColon) && !this.isAt(1, LBrace)) return this.nameExpr(first);
    return this.SUBRULE(this.nameTail, { ARGS: [first] });
  });

  /** What follows the first word of a name: `::` segments and an optional struct tail. */
  nameTail = this.RULE('nameTail', (first?: IToken): Expr => {
    const rest =
      this.RECORDING_PHASE || this.isAt(1, ColonColon) ? this.OPTION((this.pathOption ??= () => this.SUBRULE(this.pathSegments))) : undefined;
    const tail =
      this.RECORDING_PHASE || this.isAt(1, LBrace)
        ? this.OPTION1(
            this.gated(
              () => this.structTailAllowed(rest !== undefined ? rest[rest.length - 1]!.name : first!.image, false),
              () => this.SUBRULE(this.structTail),
            ),
          )
        : undefined;
    if (this.RECORDING_PHASE) return undefined as never;
    const head = first!;
    if (tail !== undefined) {
      const path = [this.ident(head), ...(rest ?? [])];
      return structLiteral(
        { kind: 'NamedType', path, span: this.span(head.startOffset, path[path.length - 1]!.span.end) },
        tail,
        this.span(head.startOffset),
      );
    }
    if (rest === undefined) return this.nameExpr(head);
    return { kind: 'Path', segments: [this.ident(head), ...rest], span: this.span(head.startOffset) };
  });

  /** `::B::C` after a name. */
  pathSegments = this.RULE('pathSegments', (): Ident[] => {
    this.CONSUME(ColonColon);
    const seg = this.CONSUME(Word);
    const more = this.OPTION((this.pathOption ??= () => this.SUBRULE(this.pathSegments)));
    if (this.RECORDING_PHASE) return undefined as never;
    return more === undefined ? [this.ident(seg)] : [this.ident(seg), ...more];
  });

  /** `bytes(N)`, `bytes(N){v}`, `bytes [..]`, or a value named `bytes`. */
  bytesExpr = this.RULE(
    'bytesExpr',
    (): Expr =>
      this.OR(
        (this.bytesAlts ??= {
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.altIf(
              () => this.isAt(2, LParen) && this.sameLine(2),
              () => this.SUBRULE(this.byteFill),
            ),
            this.altIf(
              () => this.bytesLiteralAhead(),
              () => this.SUBRULE(this.bytesLiteral),
            ),
            this.alt(() => {
              const first = this.CONSUME(K.bytes);
              return this.SUBRULE(this.nameTail, { ARGS: [first] });
            }),
          ],
        }),
      ),
  );

  /** `list<T>…` / `option<T>` values, or a value that happens to be named `list`, `option` or `event`. */
  genericExpr = this.RULE(
    'genericExpr',
    (): Expr =>
      this.OR(
        (this.genericAlts ??= {
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.altIf(
              () => (this.isAt(1, K.list) || this.isAt(1, K.option)) && this.isAt(2, Less) && scanTypeArguments(this.peek, 2) > 0,
              () => this.SUBRULE(this.typeValue),
            ),
            this.alt(() => {
              const first = this.OR1([
                this.alt(() => this.CONSUME(K.list)),
                this.alt(() => this.CONSUME(K.option)),
                this.alt(() => this.CONSUME(K.event)),
              ]);
              return this.SUBRULE1(this.nameTail, { ARGS: [first] });
            }),
          ],
        }),
      ),
  );

  private pathOption?: () => Ident[];
  private armBodyAlts?: OrMethodOpts<Expr>;
  private bytesAlts?: OrMethodOpts<Expr>;
  private genericAlts?: OrMethodOpts<Expr>;

  /** A match arm starts after `{`, a separator, a block arm's `}` or a line break. */
  protected armMayStart(): boolean {
    const prev = this.la(0).image;
    return prev === '{' || prev === ',' || prev === ';' || prev === '}' || this.la(1).nl === true;
  }
}
