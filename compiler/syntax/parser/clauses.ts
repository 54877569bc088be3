/**
 * Clause lines (LANGUAGE.md §4, §5.5–§5.7): header clauses, data verbs, and the clauses of
 * streams, series, audiences and journeys. Every clause word may carry the optional `@` (A1);
 * older spellings are normalised (A6). A clause on the wrong kind of declaration, or an unknown
 * word, is a warning and its line is skipped (§10).
 */
import type { IToken, OrMethodOpts } from 'chevrotain';
import type { Clause, ClauseDetail, Expr, Ident, MetaValue, TestDecl } from '../ast.ts';
import { At, Colon, Comma, Identifier, K, LBrace, LBracket, RBrace, Semicolon, StringLiteral, Word } from '../tokens.ts';
import { decodeString } from '../literals.ts';
import type { ClauseOwner } from './base.ts';
import { clauseSpec, ITEM_WORDS, OWNER_NAMES, type ClauseSpec } from './clause-table.ts';
import { validateClauseArgs } from './clause-args.ts';
import { ARGS_LINE, entriesToRecord, entryToClause, type MetaEntry } from './meta.ts';
import { ClauseFormRules } from './clause-forms.ts';

type Disposition = 'own' | 'misplaced' | 'unknown';

export abstract class ClauseRules extends ClauseFormRules {
  clause = this.RULE('clause', (owner: ClauseOwner = 'circuit'): Clause | null => {
    const at = this.OPTION(() => this.CONSUME(At));
    // Read by the cached alternatives below (no clause nests inside another).
    this.clauseOwner = owner;
    this.clauseStart = at?.startOffset;
    return this.OR(
      (this.clauseAlts ??= {
        ERR_MSG: 'a clause word',
        IGNORE_AMBIGUITIES: true,
        DEF: [
          this.altIf(
            () => this.disposition(this.clauseOwner) !== 'own',
            () => {
              const w = this.CONSUME(Word);
              this.ACTION(() => this.skipClause(w, this.clauseOwner));
              return null;
            },
          ),
          this.alt(() => this.SUBRULE(this.knownClause, { ARGS: [this.clauseStart] })),
        ],
      }),
    );
  });

  /** A clause word known to the owner: dispatched on its token, one-token lookahead. */
  knownClause = this.RULE(
    'knownClause',
    (start?: number): Clause =>
      this.OR(
        (this.knownClauseAlts ??= {
          ERR_MSG: 'a clause word',
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.alt(() => this.SUBRULE(this.lexClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.observeClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.invariantClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.predicateClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.inlineTestClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.witnessClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.sanitizeClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.emitClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.encodeClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.classifyClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.recordClause, { ARGS: [this.clauseStart] })),
            this.alt(() => this.SUBRULE(this.genericClause, { ARGS: [this.clauseStart] })),
          ],
        }),
      ),
  );

  private clauseAlts?: OrMethodOpts<Clause | null>;
  private knownClauseAlts?: OrMethodOpts<Clause>;
  private clauseOwner: ClauseOwner = 'circuit';
  private clauseStart: number | undefined;

  /** `lex PATH { governance …; sub_lex x fan_out share [..] }` (§5.7 LexBlock). */
  lexClause = this.RULE('lexClause', (start?: number): Clause => {
    const kw = this.CONSUME(K.lex);
    const path = this.SUBRULE(this.lexPath);
    const block = this.OPTION(
      this.gated(
        () => this.isAt(1, LBrace) && this.sameLine(1) && this.lexBlockAhead(),
        () => this.SUBRULE(this.metaBlock, { ARGS: [ITEM_WORDS.lexBlock, 'a lex block'] }),
      ),
    );
    return this.ACTION(() => {
      const items = block ? mergeSubLexLines(block.entries).map(entryToClause) : [];
      return this.makeClause(kw, start, [{ kind: 'id', name: path.normalized, span: path.span }], { kind: 'lex', path, block: items });
    });
  });

  /**
   * ObserveArgs (§5.7): Bool | ( metrics | events ) IdList ( level ID )? | anomaly ':' KVList
   * | Name ':' IdList ( threshold ':' Items )?. A line ending in `observe` continues on a
   * `metrics:` line (N7); a bare `observe` means `observe true`.
   */
  observeClause = this.RULE('observeClause', (start?: number): Clause => {
    const kw = this.OR1([this.alt(() => this.CONSUME(K.observe)), this.alt(() => this.CONSUME(K.streamsight))]);
    const parsed = this.OR({
      ERR_MSG: 'observe arguments (true/false, metrics [...], NAME: [...] or anomaly: {...})',
      IGNORE_AMBIGUITIES: true,
      DEF: [
        this.altIf(
          () => (this.isAt(1, K.true) || this.isAt(1, K.false)) && this.sameLine(1),
          () => {
            const b = this.SUBRULE(this.metaValue);
            return this.ACTION(() => ({
              args: [b],
              detail: { kind: 'observe', metrics: [], form: 'bool', enabled: b.kind === 'bool' ? b.value : true } as ClauseDetail,
            }));
          },
        ),
        this.altIf(
          () => (this.isAt(1, K.metrics) || this.isAt(1, K.events)) && this.isAt(2, LBracket) && this.sameLine(1),
          () => {
            const word = this.CONSUME1(Word);
            const list = this.SUBRULE(this.idList);
            const level = this.OPTION(() => {
              this.CONSUME(K.level);
              return this.CONSUME(Identifier);
            });
            return this.ACTION(() => {
              const args: MetaValue[] = [{ kind: 'id', name: word.image, span: this.tokenSpan(word) }, idListValue(list.items, list.span)];
              if (level) args.push({ kind: 'id', name: level.image, span: this.tokenSpan(level) });
              return { args, detail: { kind: 'observe', metrics: list.items, form: word.image as 'metrics' | 'events' } as ClauseDetail };
            });
          },
        ),
        this.altIf(
          () => this.isAt(1, K.anomaly) && this.isAt(2, Colon) && this.sameLine(1),
          () => {
            this.CONSUME(K.anomaly);
            this.CONSUME(Colon);
            const block = this.SUBRULE(this.metaBlock);
            return this.ACTION(() => ({
              args: [entriesToRecord(block.entries, block.span)],
              detail: { kind: 'observe', metrics: [], form: 'anomaly' } as ClauseDetail,
            }));
          },
        ),

        // Same line `NAME: [...]`, or N7: `metrics:` on the next line continues a bare observe.
        this.altIf(
          () => this.isAt(1, Word) && this.isAt(2, Colon) && (this.sameLine(1) || (this.wordIs(1, 'metrics') && this.sameLine(2))),
          () => this.SUBRULE(this.namedObserve),
        ),
        // Any other observe form: its values as metadata, with a warning.
        this.altIf(
          () => this.sameLine(1) && !this.isAt(1, RBrace) && !this.isAt(1, Semicolon) && !this.isAt(1, Comma),
          () => {
            const args = this.SUBRULE(this.metaArgs, { ARGS: [ARGS_LINE, false] });
            return this.ACTION(() => {
              this.warn(
                'FL220',
                "'observe' expects true/false, metrics [...], NAME: [...] or anomaly: {...}; kept as written",
                args[0]?.span ?? this.tokenSpan(kw),
              );
              return { args, detail: { kind: 'observe', metrics: [], form: 'bool', enabled: true } as ClauseDetail };
            });
          },
        ),
        this.altIf(
          () => this.lineStart(1) || this.isAt(1, RBrace) || this.isAt(1, Semicolon) || this.isAt(1, Comma),
          () =>
            this.ACTION(() => ({ args: [] as MetaValue[], detail: { kind: 'observe', metrics: [], form: 'bool', enabled: true } as ClauseDetail })),
        ),
      ],
    });
    return this.ACTION(() => this.makeClause(kw, start, parsed.args, parsed.detail));
  });

  namedObserve = this.RULE('namedObserve', (): { args: MetaValue[]; detail: ClauseDetail } => {
    const name = this.SUBRULE(this.name);
    this.CONSUME(Colon);
    const list = this.SUBRULE(this.idList);
    const threshold = this.OPTION(
      this.gated(
        () => this.isAt(1, K.threshold) && this.sameLine(1),
        () => {
          this.CONSUME(K.threshold);
          this.OPTION1(() => this.CONSUME1(Colon));
          return this.SUBRULE(this.metaValue);
        },
      ),
    );
    const level = this.OPTION2(
      this.gated(
        () => this.isAt(1, K.level) && this.sameLine(1),
        () => {
          this.CONSUME(K.level);
          return this.CONSUME(Identifier);
        },
      ),
    );
    return this.ACTION(() => {
      const args: MetaValue[] = [{ kind: 'id', name: name.name, span: name.span }, idListValue(list.items, list.span)];
      if (threshold) args.push({ kind: 'record', entries: [{ key: 'threshold', keySpan: threshold.span, value: threshold }], span: threshold.span });
      if (level) args.push({ kind: 'id', name: level.image, span: this.tokenSpan(level) });
      return { args, detail: { kind: 'observe', metrics: list.items, form: 'named' } as ClauseDetail };
    });
  });

  /** invariant ( Pred | '{' PredExpr '}' | LineExpr ) — also a data verb. */
  invariantClause = this.RULE('invariantClause', (start?: number): Clause => {
    const kw = this.CONSUME(K.invariant);
    const label = this.OPTION(
      this.gated(
        () => this.sameLine(1),
        () => this.CONSUME(StringLiteral),
      ),
    );
    const expr = this.SUBRULE(this.predicateBody);
    return this.ACTION(() => this.predicate_(kw, start, 'invariant', label, undefined, expr));
  });

  /** monitor Pred | property ID Pred (the ID is `safety`). */
  predicateClause = this.RULE('predicateClause', (start?: number): Clause => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.monitor)), this.alt(() => this.CONSUME(K.property))]);
    const kind = this.OPTION(
      this.gated(
        () => kw.image === 'property' && this.isAt(1, Identifier) && this.sameLine(1),
        () => this.CONSUME(Identifier),
      ),
    );
    const label = this.OPTION1(
      this.gated(
        () => this.sameLine(1),
        () => this.CONSUME(StringLiteral),
      ),
    );
    const expr = this.SUBRULE(this.predicateBody);
    return this.ACTION(() => this.predicate_(kw, start, kw.image as 'monitor' | 'property', label, kind, expr));
  });

  /** `{ PredExpr }` on the clause's line, or a line-expression. */
  predicateBody = this.RULE(
    'predicateBody',
    (): Expr =>
      this.OR([
        this.altIf(
          () => this.isAt(1, LBrace) && this.sameLine(1),
          () => this.SUBRULE(this.predicateBraces),
        ),
        this.alt(() => this.SUBRULE(this.lineExpression)),
      ]),
  );

  /** An inline `test golden "name" { … }` among the header clauses (§5.7). */
  inlineTestClause = this.RULE('inlineTestClause', (start?: number): Clause => {
    const test = this.SUBRULE(this.testDecl);
    return this.ACTION(() => {
      const c: Clause = {
        kind: 'Clause',
        name: 'test',
        at: start !== undefined,
        args: [{ kind: 'string', value: test.name, span: test.nameSpan }],
        detail: { kind: 'test', test },
        span: this.span(start ?? test.span.start),
      };
      return c;
    });
  });

  /** witness threshold(k, n). */
  /** govern / sign / attest / cortex / cost_estimate: one braced record (`Items<…>`/`KVList`). */
  recordClause = this.RULE('recordClause', (start?: number): Clause => {
    const kw = this.OR1([
      this.alt(() => this.CONSUME(K.govern)),
      this.alt(() => this.CONSUME(K.sign)),
      this.alt(() => this.CONSUME(K.attest)),
      this.alt(() => this.CONSUME(K.cortex)),
      this.alt(() => this.CONSUME(K.cost_estimate)),
    ]);
    const value = this.OR([
      this.altIf(
        () => this.isAt(1, LBrace) && this.sameLine(1),
        () => {
          const known = kw.image === 'sign' ? ITEM_WORDS.sign : kw.image === 'attest' ? ITEM_WORDS.attest : undefined;
          const block = this.SUBRULE(this.metaBlock, { ARGS: [known, `a ${kw.image} block`] });
          return this.ACTION(() => [entriesToRecord(block.entries, block.span)]);
        },
      ),
      this.alt(() => this.SUBRULE(this.metaArgs, { ARGS: [ARGS_LINE, false] })),
    ]);
    return this.ACTION(() => this.makeClause(kw, start, value));
  });

  /** Any other known clause: the word and its values (§8.7: metadata only). */
  genericClause = this.RULE('genericClause', (start?: number): Clause => {
    const kw = this.CONSUME(Word);
    const allowBrace = this.ACTION(() => clauseSpec(kw.image)?.shape === 'record');
    const args = this.SUBRULE(this.metaArgs, { ARGS: [ARGS_LINE, allowBrace] });
    return this.ACTION(() => {
      const spec = clauseSpec(kw.image);
      const checked = spec ? validateClauseArgs(spec, args, (msg, span) => this.warn('FL220', msg, span), kw.image, this.tokenSpan(kw)) : args;
      return this.makeClause(kw, start, checked);
    });
  });

  abstract testDecl: (...args: []) => TestDecl;

  // ── helpers ──

  /**
   * A `{` after `lex PATH` opens a lex block when it holds lex items (or nothing); otherwise it
   * is a circuit body written on the clause's line.
   */
  protected lexBlockAhead(): boolean {
    const k = this.isAt(2, At) ? 3 : 2;
    return this.isAt(2, RBrace) || (this.isAt(k, Word) && ITEM_WORDS.lexBlock.has(this.la(k).image));
  }

  protected disposition(owner: ClauseOwner, word: string = this.la(1).image): Disposition {
    const spec: ClauseSpec | undefined = clauseSpec(word);
    if (spec === undefined) return 'unknown';
    return spec.owners.has(owner) ? 'own' : 'misplaced';
  }

  protected skipClause(word: IToken, owner: ClauseOwner): void {
    this.clauseWarning(word, owner);
    this.skipClauseRest(false);
  }

  /** FL210 (unknown word) or FL211 (a clause of another declaration kind). */
  protected clauseWarning(word: IToken, owner: ClauseOwner): void {
    const spec = clauseSpec(word.image);
    if (spec === undefined) {
      this.warn('FL210', `unknown clause word '${word.image}' on ${OWNER_NAMES[owner]}; the line is skipped`, this.tokenSpan(word));
    } else {
      this.warn('FL211', `'${word.image}' is not a clause of ${OWNER_NAMES[owner]}; the line is skipped`, this.tokenSpan(word));
    }
  }

  private predicate_(
    kw: IToken,
    start: number | undefined,
    clause: 'invariant' | 'monitor' | 'property',
    label: IToken | undefined,
    kind: IToken | undefined,
    expr: Expr,
  ): Clause {
    const detail: ClauseDetail = { kind: 'predicate', clause, expr };
    const args: MetaValue[] = [];
    if (kind !== undefined) {
      detail.propertyKind = kind.image;
      args.push({ kind: 'id', name: kind.image, span: this.tokenSpan(kind) });
    }
    if (label !== undefined) {
      detail.label = decodeString(label.image).value;
      args.push({ kind: 'string', value: detail.label, span: this.tokenSpan(label) });
    }
    args.push({ kind: 'expr', expr, span: expr.span });
    return this.makeClause(kw, start, args, detail);
  }
}

function idListValue(items: Ident[], span: Ident['span']): MetaValue {
  return { kind: 'list', items: items.map((i) => ({ kind: 'id', name: i.name, span: i.span }) as MetaValue), span };
}

/** A `share`/`redact` line continues the `sub_lex` above it (§5.7 LexBlock). */
function mergeSubLexLines(entries: MetaEntry[]): MetaEntry[] {
  const out: MetaEntry[] = [];
  for (const e of entries) {
    const prev = out[out.length - 1];
    if ((e.key.name === 'share' || e.key.name === 'redact') && prev !== undefined && prev.key.name === 'sub_lex') {
      prev.values.push({ kind: 'id', name: e.key.name, span: e.key.span }, ...e.values);
      prev.span = { file: prev.span.file, start: prev.span.start, end: e.span.end };
    } else {
      out.push(e);
    }
  }
  return out;
}
