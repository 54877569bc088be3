/**
 * Clause lists, parameter lists, and the declarations made of fields and clause lines
 * (LANGUAGE.md §5.3–§5.6): type, const, data/schema, stream, series, audience. Where a
 * declaration without braces ends is decided by `clauseLineAhead` (§5.18).
 */
import type { Clause, Decl, Param, TypeExpr } from '../ast.ts';
import {
  Arrow,
  At,
  Colon,
  Comma,
  Eq,
  Identifier,
  K,
  LBrace,
  LParen,
  NumberLiteral,
  Pipe,
  RBrace,
  RParen,
  Semicolon,
  Slash,
  Word,
  IntLiteral,
  RESERVED_SET,
  CONTEXTUAL_INTRODUCERS,
} from '../tokens.ts';
import type { ClauseOwner } from './base.ts';
import { isOwnClause } from './clause-table.ts';
import { ClauseRules } from './clauses.ts';
import { looksLikeStructBody } from './lookahead.ts';

/**
 * Words that start a declaration at a line start (§5), so they end a clause list (§5.18). The
 * reserved introducers (`fn`, `circuit`, `use`, …) are in RESERVED_SET, which is checked beside.
 */
const INTRODUCER_WORDS: ReadonlySet<string> = new Set([...CONTEXTUAL_INTRODUCERS, 'module']);

type SignatureParts = { params: Param[]; clauses: Clause[] };

export abstract class DeclRules extends ClauseRules {
  /** Clause lines of a declaration without braces: one per line, until a line that is not one (§5.18). */
  clauseLines = this.RULE('clauseLines', (owner: ClauseOwner = 'transaction'): Clause[] => {
    const clauses: Clause[] = [];
    this.MANY(
      this.gated(
        () => this.clauseLineAhead(owner),
        () => {
          const c = this.SUBRULE(this.clause, { ARGS: [owner] });
          this.ACTION(() => {
            if (c) clauses.push(c);
          });
          this.OPTION(
            this.gated(
              () => this.isAt(1, Semicolon) && this.sameLine(1),
              () => this.CONSUME(Semicolon),
            ),
          );
          this.ACTION(() => this.skipClauseLeftovers(false));
        },
      ),
    );
    return clauses;
  });

  /** Header clauses up to the `{` of a body or item block (§5.7: "headers end at the body {"). */
  headerClauses = this.RULE('headerClauses', (owner: ClauseOwner = 'circuit'): Clause[] => {
    const clauses: Clause[] = [];
    this.MANY(
      this.gated(
        () => this.headerClauseAhead(owner),
        () => {
          this.OR([
            this.alt(() => {
              this.CONSUME(Semicolon);
            }),
            this.alt(() => {
              const c = this.SUBRULE(this.clause, { ARGS: [owner] });
              this.ACTION(() => {
                if (c) clauses.push(c);
                this.skipClauseLeftovers(true);
              });
            }),
          ]);
        },
      ),
    );
    return clauses;
  });

  /** ParamList = ( ParamItem ( ( ',' | NL ) ParamItem )* ','? )?, ParamItem = ID ':' Type | Ann ID ID (A2). */
  paramList = this.RULE('paramList', (owner: ClauseOwner = 'circuit'): SignatureParts => {
    this.CONSUME(LParen);
    const saved = this.openBracketContext();
    const params: Param[] = [];
    const clauses: Clause[] = [];
    this.MANY(
      this.gated(
        () => !this.isAt(1, RParen) && !this.atEof(),
        () => {
          this.OR({
            ERR_MSG: "a parameter (name: type) or ')'",
            IGNORE_AMBIGUITIES: true,
            DEF: [
              this.alt(() => {
                this.CONSUME(Comma);
              }),
              this.altIf(
                () => this.annotationLineAhead(),
                () => {
                  const c = this.SUBRULE(this.annotationClause, { ARGS: [owner] });
                  this.ACTION(() => {
                    if (c) clauses.push(c);
                  });
                },
              ),
              this.altIf(
                () => this.listItemMayStart(),
                () => {
                  const name = this.CONSUME(Identifier);
                  this.CONSUME(Colon);
                  const type = this.SUBRULE(this.typeExpr);
                  this.ACTION(() => params.push({ kind: 'Param', name: this.ident(name), type, span: this.span(name.startOffset) }));
                },
              ),
            ],
          });
        },
      ),
    );
    this.restoreContext(saved);
    this.CONSUME(RParen);
    return { params, clauses };
  });

  /** A2: `@? WORD VALUE` inside a parameter list — exactly two words, so a comma or `)` after it stays. */
  annotationClause = this.RULE('annotationClause', (owner: ClauseOwner = 'circuit'): Clause | null => {
    const at = this.OPTION(() => this.CONSUME(At));
    const word = this.CONSUME(Word);
    const value = this.CONSUME1(Word);
    return this.ACTION(() => {
      if (this.disposition(owner, word.image) !== 'own') {
        this.clauseWarning(word, owner);
        return null;
      }
      return this.makeClause(word, at?.startOffset, [{ kind: 'id', name: value.image, span: this.tokenSpan(value) }]);
    });
  });

  /** `-> T`, which may start the next line. */
  returnType = this.RULE('returnType', (): TypeExpr => {
    this.CONSUME(Arrow);
    // `-> {` opens the body unless it reads `{ NAME :`, an anonymous struct type.
    if (!this.RECORDING_PHASE && ((this.isAt(1, LBrace) && !looksLikeStructBody(this.peek, 1)) || this.atEof())) {
      this.fail('FL202', `expected a return type after '->', found ${this.describeNext()}`);
    }
    return this.SUBRULE(this.typeExpr);
  });

  // ── §5.3 type, §5.4 const ──

  typeDecl = this.RULE('typeDecl', (): Decl => {
    const kw = this.CONSUME(K.type);
    const name = this.CONSUME(Identifier);
    this.OPTION(() => this.CONSUME(Eq));
    const type = this.SUBRULE(this.typeExpr);
    this.optionalSemicolon(1);
    return this.ACTION((): Decl => ({ kind: 'TypeDecl', name: this.ident(name), type, docs: [], span: this.span(kw.startOffset) }));
  });

  constDecl = this.RULE('constDecl', (): Decl => {
    const kw = this.CONSUME(K.const);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.typeExpr);
    this.CONSUME(Eq);
    const value = this.SUBRULE(this.expr);
    this.optionalSemicolon(0);
    return this.ACTION((): Decl => ({ kind: 'Const', name: this.ident(name), type, value, docs: [], span: this.span(kw.startOffset) }));
  });

  // ── §5.5 data, schema ──

  dataDecl = this.RULE('dataDecl', (): Decl => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.data)), this.alt(() => this.CONSUME(K.schema))]);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const category = this.CONSUME(Word);
    const version = this.OR1([this.alt(() => this.CONSUME1(Word)), this.alt(() => this.CONSUME(NumberLiteral))]);
    const body = this.OR2([
      // The fields form; for `schema`, chosen by the lookahead `'{' '@'? ID ':'` (§5.5).
      this.altIf(
        () => kw.image === 'data' || looksLikeStructBody(this.peek, 1) || this.isAt(2, RBrace),
        () => ({ fields: this.SUBRULE(this.structBody).fields, verbs: [] as Clause[] }),
      ),
      this.alt(() => ({ fields: null, verbs: this.SUBRULE(this.schemaVerbBlock) })),
    ]);
    const verbs = this.SUBRULE(this.clauseLines, { ARGS: ['data'] });
    return this.ACTION(
      (): Decl => ({
        kind: 'Data',
        keyword: kw.image as 'data' | 'schema',
        name: this.ident(name),
        category: this.ident(category),
        version: this.ident(version),
        fields: body.fields,
        verbs: [...body.verbs, ...verbs],
        docs: [],
        span: this.span(kw.startOffset),
      }),
    );
  });

  /** `{ sign { … } attest { … } }`: verbs inside the schema braces, one after another. */
  schemaVerbBlock = this.RULE('schemaVerbBlock', (): Clause[] => {
    this.CONSUME(LBrace);
    const verbs: Clause[] = [];
    this.separatedItems(0, RBrace, undefined, [
      this.alt(() => {
        const c = this.SUBRULE(this.clause, { ARGS: ['data'] });
        this.ACTION(() => {
          if (c) verbs.push(c);
        });
      }),
    ]);
    this.CONSUME(RBrace);
    return verbs;
  });

  // ── §5.6 stream, series, audience ──

  streamDecl = this.RULE('streamDecl', (): Decl => {
    const kw = this.CONSUME(K.stream);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.typeExpr);
    const clauses: Clause[] = [];
    const filters: import('../ast.ts').Expr[] = [];
    let throttle: Extract<Decl, { kind: 'Stream' }>['throttle'];
    this.MANY(
      this.gated(
        () => (this.lineStart(1) && !this.atEof() && this.isAt(1, Pipe)) || this.clauseLineAhead('stream'),
        () => {
          this.OR([
            this.altIf(
              () => this.isAt(1, Pipe),
              () => {
                const stage = this.SUBRULE(this.streamStage);
                this.ACTION(() => {
                  if (stage?.filter) filters.push(stage.filter);
                  if (stage?.throttle) throttle = stage.throttle;
                });
              },
            ),
            this.alt(() => {
              const c = this.SUBRULE(this.clause, { ARGS: ['stream'] });
              this.ACTION(() => {
                if (c) clauses.push(c);
              });
            }),
          ]);
        },
      ),
    );
    return this.ACTION((): Decl => {
      const d: Decl = { kind: 'Stream', name: this.ident(name), type, clauses, filters, docs: [], span: this.span(kw.startOffset) };
      if (throttle !== undefined) d.throttle = throttle;
      return d;
    });
  });

  /** `| filter LineExpr` (N5) and `| throttle N/unit burst M` (§5.6). */
  streamStage = this.RULE(
    'streamStage',
    (): { filter?: import('../ast.ts').Expr; throttle?: Extract<Decl, { kind: 'Stream' }>['throttle'] } | null => {
      const pipe = this.CONSUME(Pipe);
      return this.OR({
        ERR_MSG: "'filter' or 'throttle'",
        IGNORE_AMBIGUITIES: true,
        DEF: [
          this.altIf(
            () => this.isAt(1, K.filter),
            () => {
              this.CONSUME(K.filter);
              return { filter: this.SUBRULE(this.lineExpression) };
            },
          ),
          this.altIf(
            () => this.isAt(1, K.throttle),
            () => {
              this.CONSUME(K.throttle);
              const rate = this.CONSUME(IntLiteral);
              this.CONSUME(Slash);
              const unit = this.CONSUME(Word);
              const burst = this.OPTION(
                this.gated(
                  () => this.isAt(1, K.burst) && this.sameLine(1),
                  () => {
                    this.CONSUME(K.burst);
                    return this.CONSUME1(IntLiteral);
                  },
                ),
              );
              return this.ACTION(() => {
                const r = this.numberValue(rate, false);
                const rateValue = r.kind === 'int' ? r.value : 0n;
                const b = burst ? this.numberValue(burst, false) : undefined;
                // Without `burst`, the bucket holds one unit's worth of tokens (specs/fastlang.md).
                const burstValue = b && b.kind === 'int' ? b.value : rateValue;
                return { throttle: { rate: rateValue, unit: unit.image, burst: burstValue, span: this.span(pipe.startOffset) } };
              });
            },
          ),
          this.alt(() => {
            const w = this.CONSUME1(Word);
            this.ACTION(() => this.skipUnknownItem(w, 'a stream stage', false));
            return null;
          }),
        ],
      });
    },
  );

  seriesDecl = this.RULE('seriesDecl', (): Decl => {
    const kw = this.CONSUME(K.series);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const target = this.CONSUME1(Identifier);
    const clauses = this.SUBRULE(this.clauseLines, { ARGS: ['series'] });
    return this.ACTION(
      (): Decl => ({ kind: 'Series', name: this.ident(name), target: this.ident(target), clauses, docs: [], span: this.span(kw.startOffset) }),
    );
  });

  audienceDecl = this.RULE('audienceDecl', (): Decl => {
    const kw = this.CONSUME(K.audience);
    const name = this.CONSUME(Identifier);
    this.CONSUME(K.inherits);
    const parent = this.CONSUME1(Identifier);
    const clauses = this.SUBRULE(this.clauseLines, { ARGS: ['audience'] });
    return this.ACTION(
      (): Decl => ({ kind: 'Audience', name: this.ident(name), parent: this.ident(parent), clauses, docs: [], span: this.span(kw.startOffset) }),
    );
  });

  // ── helpers ──

  /**
   * Tokens left on a clause's line after its arguments (a variant this grammar does not know)
   * are skipped with a warning rather than failing the declaration: clauses are metadata.
   * Before a body, a `{` on the same line is the body and stays.
   */
  protected skipClauseLeftovers(bodyFollows: boolean): void {
    const t = this.la(1);
    if (this.atEof() || t.nl || this.isAt(1, Semicolon) || this.isAt(1, RBrace)) return;
    if (bodyFollows && this.isAt(1, LBrace)) return;
    this.warn('FL221', `unexpected ${this.describeNext()} after the clause; the rest of the line is ignored`, this.tokenSpan(t));
    if (!bodyFollows) {
      this.skipClauseRest(false);
      return;
    }
    while (!this.atEof() && !this.la(1).nl && !this.isAt(1, LBrace)) this.SKIP_TOKEN();
  }

  /** Does LA(1) start a clause line of `owner` (or an unknown word line, warned and skipped)? */
  protected clauseLineAhead(owner: ClauseOwner): boolean {
    const t = this.la(1);
    if (this.atEof()) return false;
    // A clause belongs on a line of its own, but an `@word` right after the head can only be
    // one, and so can a clause word of this declaration kind (`data D : a v1 { … } encode cbor`).
    if (!t.nl) {
      if (this.isAt(1, At)) return this.isAt(2, Word) && this.sameLine(2);
      return this.isAt(1, Word) && isOwnClause(t.image, owner) && !RESERVED_SET.has(t.image);
    }
    if (this.isAt(1, At)) return this.isAt(2, Word) && this.sameLine(2);
    if (!this.isAt(1, Word)) return false;
    if (this.declStart(true) !== null) return false;
    const w = t.image;
    if (isOwnClause(w, owner)) return true;
    return !INTRODUCER_WORDS.has(w) && !RESERVED_SET.has(w);
  }

  protected headerClauseAhead(owner: ClauseOwner): boolean {
    if (this.atEof() || this.isAt(1, LBrace)) return false;
    if (this.la(1).nl) {
      const kind = this.declStart(true);
      if (kind !== null && !(kind === 'test' && (owner === 'circuit' || owner === 'cloud'))) return false;
    }
    if (this.isAt(1, Semicolon)) return true;
    return this.isAt(1, At) ? this.isAt(2, Word) : this.isAt(1, Word);
  }

  /** A2: a line `'@'? ID ID` without a colon inside a parameter list is a header clause. */
  protected annotationLineAhead(): boolean {
    let k = 1;
    if (this.isAt(1, At)) k = 2;
    return this.isAt(k, Word) && this.isAt(k + 1, Word) && this.sameLine(k + 1) && !this.isAt(k + 1, Colon);
  }
}
