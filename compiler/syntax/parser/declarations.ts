/**
 * Declarations with a body, a parameter list or clause lines (LANGUAGE.md §5.3–§5.11):
 * type, const, data/schema, stream, series, audience, circuit, cloud, transaction, extern,
 * state_machine. Where a declaration without braces ends is decided by `clauseLineAhead`
 * (§5.18).
 */
import type { Block, CircuitDecl, Clause, CloudConfigDecl, Decl, ExternItem, Param, StateMachineDecl, Transition, TypeExpr } from '../ast.ts';
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
  StringLiteral,
  Word,
  IntLiteral,
  FatArrow,
  RESERVED_SET,
} from '../tokens.ts';
import type { ClauseOwner } from './base.ts';
import { ITEM_WORDS, isOwnClause } from './clause-table.ts';
import { ClauseRules } from './clauses.ts';
import { decodeString } from '../literals.ts';
import { entryToClause, type MetaEntry } from './meta.ts';
import { looksLikeStructBody } from './lookahead.ts';

const INTRODUCER_WORDS: ReadonlySet<string> = new Set([
  'import', 'use', 'type', 'const', 'data', 'schema', 'stream', 'series', 'audience', 'circuit', 'cloud',
  'transaction', 'extern', 'state_machine', 'graph', 'dag', 'store', 'cortex', 'platform', 'domain', 'test',
  'journey', 'party', 'fixture', 'step', 'fn', 'module',
]);

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
          this.ACTION(() => { if (c) clauses.push(c); });
          this.OPTION(this.gated(() => this.isAt(1, Semicolon) && this.sameLine(1), () => this.CONSUME(Semicolon)));
          this.ACTION(() => this.skipClauseLeftovers(false));
        },
      ),
    );
    return clauses;
  });

  /** Header clauses up to the `{` of a body or item block (§5.7: "headers end at the body {"). */
  headerClauses = this.RULE('headerClauses', (owner: ClauseOwner = 'circuit'): Clause[] => {
    const clauses: Clause[] = [];
    this.MANY(this.gated(() => this.headerClauseAhead(owner), () => {
        this.OR([
          this.alt(() => { this.CONSUME(Semicolon); }),
          this.alt(() => {
            const c = this.SUBRULE(this.clause, { ARGS: [owner] });
            this.ACTION(() => {
              if (c) clauses.push(c);
              this.skipClauseLeftovers(true);
            });
          }),
        ]);
      }));
    return clauses;
  });

  /** ParamList = ( ParamItem ( ( ',' | NL ) ParamItem )* ','? )?, ParamItem = ID ':' Type | Ann ID ID (A2). */
  paramList = this.RULE('paramList', (owner: ClauseOwner = 'circuit'): SignatureParts => {
    this.CONSUME(LParen);
    const saved = this.openBracketContext();
    const params: Param[] = [];
    const clauses: Clause[] = [];
    this.MANY(this.gated(() => !this.isAt(1, RParen) && !this.atEof(), () => {
        this.OR({
          ERR_MSG: "a parameter (name: type) or ')'",
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.alt(() => { this.CONSUME(Comma); }),
            this.altIf(() => this.annotationLineAhead(), () => { const c = this.SUBRULE(this.clause, { ARGS: [owner] }); this.ACTION(() => { if (c) clauses.push(c); }); }),
            this.altIf(() => this.listItemMayStart(), () => {
                const name = this.CONSUME(Identifier);
                this.CONSUME(Colon);
                const type = this.SUBRULE(this.typeExpr);
                this.ACTION(() => params.push({ kind: 'Param', name: this.ident(name), type, span: this.span(name.startOffset) }));
              }),
          ],
        });
      }));
    this.restoreContext(saved);
    this.CONSUME(RParen);
    return { params, clauses };
  });

  /** `-> T`, which may start the next line. */
  returnType = this.RULE('returnType', (): TypeExpr => {
    this.CONSUME(Arrow);
    if (!this.RECORDING_PHASE && (this.isAt(1, LBrace) || this.atEof())) {
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
    this.OPTION1(this.gated(() => this.sameLine(1), () => this.CONSUME(Semicolon)));
    return this.ACTION((): Decl => ({ kind: 'TypeDecl', name: this.ident(name), type, docs: [], span: this.span(kw.startOffset) }));
  });

  constDecl = this.RULE('constDecl', (): Decl => {
    const kw = this.CONSUME(K.const);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.typeExpr);
    this.CONSUME(Eq);
    const value = this.SUBRULE(this.expr);
    this.OPTION(this.gated(() => this.sameLine(1), () => this.CONSUME(Semicolon)));
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
this.altIf(() => kw.image === 'data' || looksLikeStructBody(this.peek, 1) || this.isAt(2, RBrace), () => ({ fields: this.SUBRULE(this.structBody).fields, verbs: [] as Clause[] })),
      this.alt(() => ({ fields: null, verbs: this.SUBRULE(this.schemaVerbBlock) })),
    ]);
    const verbs = this.SUBRULE(this.clauseLines, { ARGS: ['data'] });
    return this.ACTION((): Decl => ({
      kind: 'Data',
      keyword: kw.image as 'data' | 'schema',
      name: this.ident(name),
      category: this.ident(category),
      version: this.ident(version),
      fields: body.fields,
      verbs: [...body.verbs, ...verbs],
      docs: [],
      span: this.span(kw.startOffset),
    }));
  });

  /** `{ sign { … } attest { … } }`: verbs inside the schema braces, one after another. */
  schemaVerbBlock = this.RULE('schemaVerbBlock', (): Clause[] => {
    this.CONSUME(LBrace);
    const verbs: Clause[] = [];
    this.MANY(this.gated(() => !this.isAt(1, RBrace) && !this.atEof(), () => {
        this.OR([
          this.alt(() => { this.CONSUME(Comma); }),
          this.alt(() => { this.CONSUME(Semicolon); }),
          this.alt(() => { const c = this.SUBRULE(this.clause, { ARGS: ['data'] }); this.ACTION(() => { if (c) verbs.push(c); }); }),
        ]);
      }));
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
    this.MANY(this.gated(() => this.lineStart(1) && !this.atEof() && (this.isAt(1, Pipe) || this.clauseLineAhead('stream')), () => {
        this.OR([
          this.altIf(() => this.isAt(1, Pipe), () => {
              const stage = this.SUBRULE(this.streamStage);
              this.ACTION(() => {
                if (stage?.filter) filters.push(stage.filter);
                if (stage?.throttle) throttle = stage.throttle;
              });
            }),
          this.alt(() => { const c = this.SUBRULE(this.clause, { ARGS: ['stream'] }); this.ACTION(() => { if (c) clauses.push(c); }); }),
        ]);
      }));
    return this.ACTION((): Decl => {
      const d: Decl = { kind: 'Stream', name: this.ident(name), type, clauses, filters, docs: [], span: this.span(kw.startOffset) };
      if (throttle !== undefined) d.throttle = throttle;
      return d;
    });
  });

  /** `| filter LineExpr` (N5) and `| throttle N/unit burst M` (§5.6). */
  streamStage = this.RULE('streamStage', (): { filter?: import('../ast.ts').Expr; throttle?: Extract<Decl, { kind: 'Stream' }>['throttle'] } | null => {
    const pipe = this.CONSUME(Pipe);
    return this.OR({
      ERR_MSG: "'filter' or 'throttle'",
      IGNORE_AMBIGUITIES: true,
      DEF: [
        this.altIf(() => this.isAt(1, K.filter), () => {
            this.CONSUME(K.filter);
            return { filter: this.SUBRULE(this.lineExpression) };
          }),
        this.altIf(() => this.isAt(1, K.throttle), () => {
            this.CONSUME(K.throttle);
            const rate = this.CONSUME(IntLiteral);
            this.CONSUME(Slash);
            const unit = this.CONSUME(Word);
            const burst = this.OPTION(this.gated(() => this.isAt(1, K.burst) && this.sameLine(1), () => {
                this.CONSUME(K.burst);
                return this.CONSUME1(IntLiteral);
              }));
            return this.ACTION(() => {
              const r = this.numberValue(rate, false);
              const rateValue = r.kind === 'int' ? r.value : 0n;
              const b = burst ? this.numberValue(burst, false) : undefined;
              // Without `burst`, the bucket holds one unit's worth of tokens (specs/fastlang.md).
              const burstValue = b && b.kind === 'int' ? b.value : rateValue;
              return { throttle: { rate: rateValue, unit: unit.image, burst: burstValue, span: this.span(pipe.startOffset) } };
            });
          }),
        this.alt(() => {
            const w = this.CONSUME1(Word);
            this.ACTION(() => this.skipUnknownItem(w, 'a stream stage', false));
            return null;
          }),
      ],
    });
  });

  seriesDecl = this.RULE('seriesDecl', (): Decl => {
    const kw = this.CONSUME(K.series);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const target = this.CONSUME1(Identifier);
    const clauses = this.SUBRULE(this.clauseLines, { ARGS: ['series'] });
    return this.ACTION((): Decl => ({ kind: 'Series', name: this.ident(name), target: this.ident(target), clauses, docs: [], span: this.span(kw.startOffset) }));
  });

  audienceDecl = this.RULE('audienceDecl', (): Decl => {
    const kw = this.CONSUME(K.audience);
    const name = this.CONSUME(Identifier);
    this.CONSUME(K.inherits);
    const parent = this.CONSUME1(Identifier);
    const clauses = this.SUBRULE(this.clauseLines, { ARGS: ['audience'] });
    return this.ACTION((): Decl => ({ kind: 'Audience', name: this.ident(name), parent: this.ident(parent), clauses, docs: [], span: this.span(kw.startOffset) }));
  });

  // ── §5.7 circuit, §5.8 cloud ──

  /** `circuit` and the first `cloud` form (a `(` after the name). */
  circuitDecl = this.RULE('circuitDecl', (): Decl => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.circuit)), this.alt(() => this.CONSUME(K.cloud))]);
    const owner: ClauseOwner = kw.image === 'cloud' ? 'cloud' : 'circuit';
    const name = this.CONSUME(Identifier);
    const sig = this.SUBRULE(this.paramList, { ARGS: [owner] });
    const ret = this.OPTION(() => this.SUBRULE(this.returnType));
    const clauses = this.SUBRULE(this.headerClauses, { ARGS: [owner] });
    const body = this.SUBRULE(this.bodyBlock, { ARGS: [`the body of ${kw.image} '${name.image}'`] });
    return this.ACTION((): CircuitDecl => ({
      kind: 'Circuit',
      keyword: kw.image as 'circuit' | 'cloud',
      name: this.ident(name),
      params: sig.params,
      returnType: ret ?? this.missingReturnType(name),
      clauses: [...sig.clauses, ...clauses],
      body,
      docs: [],
      span: this.span(kw.startOffset),
    }));
  });

  /** `cloud NAME` clauses, then a configuration block (§5.8, second form). */
  cloudConfigDecl = this.RULE('cloudConfigDecl', (): Decl => {
    const kw = this.CONSUME(K.cloud);
    const name = this.CONSUME(Identifier);
    const clauses = this.SUBRULE(this.headerClauses, { ARGS: ['cloudConfig'] });
    const block = this.SUBRULE(this.metaBlock, { ARGS: [ITEM_WORDS.cloudConfig, 'a cloud block'] });
    return this.ACTION((): CloudConfigDecl => ({
      kind: 'CloudConfig',
      name: this.ident(name),
      clauses,
      items: block.entries.map(entryToClause),
      docs: [],
      span: this.span(kw.startOffset),
    }));
  });

  /** A `{` that must open a body, with an error that says so. */
  bodyBlock = this.RULE('bodyBlock', (what?: string): Block => {
    this.ACTION(() => {
      if (!this.isAt(1, LBrace)) this.fail('FL201', `expected '{' to open ${what ?? 'the body'}, found ${this.describeNext()}`);
    });
    return this.SUBRULE(this.block);
  });

  // ── §5.9 transaction, §5.10 extern ──

  transactionDecl = this.RULE('transactionDecl', (): Decl => {
    const kw = this.CONSUME(K.transaction);
    const name = this.CONSUME(Identifier);
    const sig = this.SUBRULE(this.paramList, { ARGS: ['transaction'] });
    const ret = this.OPTION(() => this.SUBRULE(this.returnType));
    const clauses = this.SUBRULE(this.clauseLines, { ARGS: ['transaction'] });
    const body = this.OPTION1(this.gated(() => this.isAt(1, LBrace), () => this.SUBRULE(this.block)));
    return this.ACTION((): Decl => {
      const d: Decl = { kind: 'Transaction', name: this.ident(name), params: sig.params, clauses: [...sig.clauses, ...clauses], docs: [], span: this.span(kw.startOffset) };
      if (ret !== undefined) d.returnType = ret;
      if (body !== undefined) d.body = body;
      return d;
    });
  });

  externDecl = this.RULE('externDecl', (): Decl => {
    const kw = this.CONSUME(K.extern);
    const abi = this.CONSUME(StringLiteral);
    const parts = this.OR([
      this.altIf(() => this.isAt(1, LBrace), () => ({ form: 'block' as const, items: this.SUBRULE(this.externBlock) })),
      this.alt(() => {
          const item = this.SUBRULE(this.externSignature);
          const clauses = this.SUBRULE(this.clauseLines, { ARGS: ['extern'] });
          return this.ACTION(() => {
            item.clauses.push(...clauses);
            item.span = this.span(item.span.start);
            return { form: 'circuit' as const, items: [item] };
          });
        }),
    ]);
    return this.ACTION((): Decl => ({
      kind: 'Extern',
      abi: decodeString(abi.image).value,
      abiSpan: this.tokenSpan(abi),
      form: parts.form,
      items: parts.items,
      docs: [],
      span: this.span(kw.startOffset),
    }));
  });

  /** Items<( 'fn' | 'circuit' ) ID '(' ParamList ')' ( '->' Type )?>; clause lines after an item attach to it. */
  externBlock = this.RULE('externBlock', (): ExternItem[] => {
    this.CONSUME(LBrace);
    const items: ExternItem[] = [];
    this.MANY(this.gated(() => !this.isAt(1, RBrace) && !this.atEof(), () => {
        this.OR({
          ERR_MSG: "'fn', 'circuit' or '}'",
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.alt(() => { this.CONSUME(Comma); }),
            this.alt(() => { this.CONSUME(Semicolon); }),
            this.alt(() => { const item = this.SUBRULE(this.externSignature); this.ACTION(() => items.push(item)); }),
            this.altIf(() => items.length > 0 && this.lineStart(1) && (this.isAt(1, At) || isOwnClause(this.la(1).image, 'extern')), () => {
                const c = this.SUBRULE(this.clause, { ARGS: ['extern'] });
                this.ACTION(() => {
                  const last = items[items.length - 1]!;
                  if (c) last.clauses.push(c);
                });
              }),
          ],
        });
      }));
    this.CONSUME(RBrace);
    return items;
  });

  externSignature = this.RULE('externSignature', (): ExternItem => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.fn)), this.alt(() => this.CONSUME(K.circuit))]);
    const name = this.CONSUME(Identifier);
    const sig = this.SUBRULE(this.paramList, { ARGS: ['extern'] });
    const ret = this.OPTION(() => this.SUBRULE(this.returnType));
    return this.ACTION((): ExternItem => {
      const item: ExternItem = {
        kind: 'ExternItem',
        itemKind: kw.image as 'fn' | 'circuit',
        name: this.ident(name),
        params: sig.params,
        clauses: sig.clauses,
        span: this.span(kw.startOffset),
      };
      if (ret !== undefined) item.returnType = ret;
      return item;
    });
  });

  // ── §5.11 state_machine ──

  stateMachineDecl = this.RULE('stateMachineDecl', (): Decl => {
    const kw = this.CONSUME(K.state_machine);
    const name = this.CONSUME(Identifier);
    const clauses = this.SUBRULE(this.headerClauses, { ARGS: ['state_machine'] });
    const sm: StateMachineDecl = { kind: 'StateMachine', name: this.ident(name), clauses, terminal: [], verify: [], states: [], transitions: [], items: [], docs: [], span: this.span(kw.startOffset) };
    this.CONSUME(LBrace);
    this.MANY(this.gated(() => !this.isAt(1, RBrace) && !this.atEof(), () => {
        this.OR({
          ERR_MSG: "a state machine item or '}'",
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.alt(() => { this.CONSUME(Comma); }),
            this.alt(() => { this.CONSUME(Semicolon); }),
            this.altIf(() => this.isAt(1, K.state) && this.isAt(2, Identifier) && this.isAt(3, LBrace), () => { const s = this.SUBRULE(this.stateBlock); this.ACTION(() => { sm.states.push(s.name); sm.transitions.push(...s.transitions); }); }),
            this.altIf(() => this.isAt(1, Identifier) && this.isAt(2, Arrow), () => { const t = this.SUBRULE(this.transition); this.ACTION(() => sm.transitions.push(t)); }),
            this.alt(() => {
                const e = this.SUBRULE(this.metaEntry, { ARGS: [ITEM_WORDS.stateMachine, 'a state machine'] });
                this.ACTION(() => { if (e) this.addStateMachineItem(sm, e); });
              }),
          ],
        });
      }));
    this.CONSUME(RBrace);
    return this.ACTION((): Decl => ({ ...sm, name: this.ident(name), span: this.span(kw.startOffset) }));
  });

  /** Style A `A -> B when E guard G` and style B `A -> B { trigger E; guard G; action X }`. */
  transition = this.RULE('transition', (): Transition => {
    const from = this.CONSUME(Identifier);
    this.CONSUME(Arrow);
    const to = this.CONSUME1(Identifier);
    const t: Transition = { kind: 'Transition', from: this.ident(from), to: this.ident(to), style: 'A', span: this.span(from.startOffset) };
    this.OR([
      this.altIf(() => this.isAt(1, LBrace) && this.sameLine(1), () => {
          const block = this.SUBRULE(this.metaBlock, { ARGS: [TRANSITION_WORDS, 'a transition'] });
          this.ACTION(() => {
            t.style = 'B';
            for (const e of block.entries) this.setTransitionPart(t, e.key.name, e.values[0]);
          });
        }),
      this.alt(() => {
          this.MANY(this.gated(() => this.sameLine(1) && this.isAt(1, Word) && TRANSITION_WORDS.has(this.la(1).image) && this.isAt(2, Word) && this.sameLine(2), () => {
              const word = this.CONSUME(Word);
              // Event, guard and action names may be any word here (`when in`).
              const value = this.CONSUME1(Word);
              this.ACTION(() => this.setTransitionPart(t, word.image, { kind: 'id', name: value.image, span: this.tokenSpan(value) }));
            }));
        }),
    ]);
    return this.ACTION(() => ({ ...t, from: this.ident(from), to: this.ident(to), span: this.span(from.startOffset) }));
  });

  /** Style C: `state S { on E => T, … }`. */
  stateBlock = this.RULE('stateBlock', (): { name: import('../ast.ts').Ident; transitions: Transition[] } => {
    this.CONSUME(K.state);
    const name = this.CONSUME(Identifier);
    this.CONSUME(LBrace);
    const transitions: Transition[] = [];
    this.MANY(this.gated(() => !this.isAt(1, RBrace) && !this.atEof(), () => {
        this.OR({
          ERR_MSG: "'on EVENT => STATE' or '}'",
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.alt(() => { this.CONSUME(Comma); }),
            this.alt(() => { this.CONSUME(Semicolon); }),
            this.altIf(() => this.isAt(1, K.on) && this.isAt(2, Identifier), () => {
                const on = this.CONSUME(K.on);
                const event = this.CONSUME1(Identifier);
                this.OR1([this.alt(() => this.CONSUME(FatArrow)), this.alt(() => this.CONSUME(Arrow))]);
                const target = this.CONSUME2(Identifier);
                this.ACTION(() => transitions.push({
                  kind: 'Transition',
                  from: this.ident(name),
                  to: this.ident(target),
                  event: this.ident(event),
                  style: 'C',
                  span: this.span(on.startOffset),
                }));
              }),
            this.alt(() => { this.SUBRULE(this.metaEntry, { ARGS: [NO_WORDS, `state ${name.image}`] }); }),
          ],
        });
      }));
    this.CONSUME(RBrace);
    return this.ACTION(() => ({ name: this.ident(name), transitions }));
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
    if (this.atEof() || !t.nl) return false;
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

  protected missingReturnType(name: import('chevrotain').IToken): TypeExpr {
    const at = this.span(this.prevEnd());
    this.warn('FL215', `'${name.image}' has no return type; it is read as '-> void'`, this.tokenSpan(name), "add '-> T' after the parameter list");
    return { kind: 'PrimType', name: 'void', span: at };
  }

  private addStateMachineItem(sm: StateMachineDecl, e: MetaEntry): void {
    const first = e.values[0];
    const ids = (v: typeof first): import('../ast.ts').Ident[] => {
      if (v === undefined) return [];
      if (v.kind === 'id') return [{ kind: 'Ident', name: v.name, span: v.span }];
      if (v.kind === 'list') return v.items.flatMap((i) => ids(i));
      return [];
    };
    switch (e.key.name) {
      case 'initial': {
        const [id] = ids(first);
        if (id) sm.initial = id;
        return;
      }
      case 'persistence': {
        const [id] = ids(first);
        if (id) sm.persistence = id;
        return;
      }
      case 'terminal':
        sm.terminal.push(...e.values.flatMap((v) => ids(v)));
        return;
      case 'verify':
        sm.verify.push(...e.values.flatMap((v) => ids(v)));
        return;
      default:
        sm.items.push(entryToClause(e));
    }
  }

  private setTransitionPart(t: Transition, word: string, value: import('../ast.ts').MetaValue | undefined): void {
    if (value === undefined || value.kind !== 'id') return;
    const id = { kind: 'Ident' as const, name: value.name, span: value.span };
    if (word === 'guard') t.guard = id;
    else if (word === 'action') t.action = id;
    else t.event = id;
  }
}

const TRANSITION_WORDS: ReadonlySet<string> = new Set(['when', 'on', 'trigger', 'guard', 'action']);
const NO_WORDS: ReadonlySet<string> = new Set();
