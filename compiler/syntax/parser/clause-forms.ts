/**
 * Clauses with a fixed form of their own (LANGUAGE.md §5.5–§5.9): `witness threshold(k, n)`,
 * `sanitize`, transaction `emit`, `encode` and its layout, and `classify`. When one of them is
 * written some other way, its values are kept as metadata with warning FL220 (`looseClauseArgs`):
 * these clauses describe, they do not compute.
 */
import type { IToken } from 'chevrotain';
import type { Clause, ClauseDetail, Ident, MetaValue } from '../ast.ts';
import { At, Colon, Comma, Eq, Identifier, IntLiteral, K, LBrace, LBracket, LParen, RBrace, RParen } from '../tokens.ts';
import { ARGS_LINE, DURATION_WORDS } from './meta.ts';
import { asDuration, durationsAfterWords, isLegacyWord, normalizeWord } from './normalize.ts';
import { StmtRules } from './statements.ts';

export abstract class ClauseFormRules extends StmtRules {
  witnessClause = this.RULE('witnessClause', (start?: number): Clause => {
    const kw = this.CONSUME(K.witness);
    return this.OR([
      this.altIf(
        () =>
          this.wordIs(1, 'threshold') &&
          this.isAt(2, LParen) &&
          this.isAt(3, IntLiteral) &&
          this.isAt(4, Comma) &&
          this.isAt(5, IntLiteral) &&
          this.isAt(6, RParen),
        () => {
          this.CONSUME(K.threshold);
          this.CONSUME(LParen);
          const k = this.CONSUME(IntLiteral);
          this.CONSUME(Comma);
          const n = this.CONSUME1(IntLiteral);
          this.CONSUME(RParen);
          return this.ACTION(() => {
            const kv = this.numberValue(k, false);
            const nv = this.numberValue(n, false);
            const kn = kv.kind === 'int' ? kv.value : 0n;
            const nn = nv.kind === 'int' ? nv.value : 0n;
            return this.makeClause(kw, start, [kv, nv], { kind: 'witnessThreshold', k: kn, n: nn });
          });
        },
      ),
      this.alt(() => this.SUBRULE(this.looseClauseArgs, { ARGS: [kw, start, 'threshold(k, n)'] })),
    ]);
  });

  /** A structured clause written some other way: its values as metadata, with warning FL220. */
  looseClauseArgs = this.RULE('looseClauseArgs', (kw?: IToken, start?: number, expected?: string): Clause => {
    const args = this.SUBRULE(this.metaArgs, { ARGS: [ARGS_LINE, false] });
    return this.ACTION(() => {
      this.warn('FL220', `'${kw!.image}' expects ${expected}; kept as written`, args[0]?.span ?? this.tokenSpan(kw!));
      return this.makeClause(kw!, start, args);
    });
  });

  /** sanitize ID '[' Expr ( ',' Expr )* ']' ( ',' retention Duration )?. */
  sanitizeClause = this.RULE('sanitizeClause', (start?: number): Clause => {
    const kw = this.CONSUME(K.sanitize);
    return this.OR([
      this.altIf(
        () => this.isAt(1, Identifier) && this.isAt(2, LBracket),
        () => this.SUBRULE(this.sanitizeArgs, { ARGS: [kw, start] }),
      ),
      this.alt(() => this.SUBRULE(this.looseClauseArgs, { ARGS: [kw, start, 'NAME [values], retention DURATION'] })),
    ]);
  });

  sanitizeArgs = this.RULE('sanitizeArgs', (kw?: IToken, start?: number): Clause => {
    const name = this.CONSUME(Identifier);
    const open = this.CONSUME(LBracket);
    const values = this.SUBRULE(this.bracketElements);
    const retention = this.OPTION(
      this.gated(
        () => this.sameLine(1),
        () => {
          this.OPTION1(() => this.CONSUME(Comma));
          this.CONSUME(K.retention);
          return this.SUBRULE(this.metaValue);
        },
      ),
    );
    return this.ACTION(() => {
      const list: MetaValue = {
        kind: 'list',
        items: values.map((e) => ({ kind: 'expr', expr: e, span: e.span }) as MetaValue),
        span: this.span(open.startOffset),
      };
      const args: MetaValue[] = [{ kind: 'id', name: name.image, span: this.tokenSpan(name) }, list];
      if (retention)
        args.push({ kind: 'record', entries: [{ key: 'retention', keySpan: retention.span, value: asDuration(retention) }], span: retention.span });
      return this.makeClause(kw!, start, args);
    });
  });

  /** Transaction `emit STREAM Expr` (§5.9); the expression stays on the clause's line. */
  emitClause = this.RULE('emitClause', (start?: number): Clause => {
    const kw = this.CONSUME(K.emit);
    const stream = this.CONSUME(Identifier);
    const saved = this.saveContext();
    this.noStruct = false;
    this.lineExpr = true;
    const value = this.SUBRULE(this.expr);
    this.restoreContext(saved);
    return this.ACTION(() => {
      const id = this.ident(stream);
      return this.makeClause(
        kw,
        start,
        [
          { kind: 'id', name: id.name, span: id.span },
          { kind: 'expr', expr: value, span: value.span },
        ],
        { kind: 'emit', stream: id, value },
      );
    });
  });

  /** encode ( '@' Type Items<ID '@' ID ( '=' Expr )?> | ID )? (§5.5). */
  encodeClause = this.RULE('encodeClause', (start?: number): Clause => {
    const kw = this.CONSUME(K.encode);
    const detail = this.OR({
      ERR_MSG: "an encode layout ('@ bytes(N) { … }') or a format name",
      IGNORE_AMBIGUITIES: true,
      DEF: [
        this.altIf(
          () => this.isAt(1, At) && this.sameLine(1),
          () => {
            this.CONSUME(At);
            const layoutType = this.SUBRULE(this.typeExpr);
            const layout = this.OPTION(
              this.gated(
                () => this.isAt(1, LBrace) && this.sameLine(1),
                () => this.SUBRULE(this.encodeLayout),
              ),
            );
            return this.ACTION((): ClauseDetail => ({ kind: 'encode', layoutType, layout: layout ?? [] }));
          },
        ),
        this.altIf(
          () => this.isAt(1, Identifier) && this.sameLine(1),
          () => {
            const format = this.CONSUME(Identifier);
            return this.ACTION((): ClauseDetail => ({ kind: 'encode', layout: [], format: format.image }));
          },
        ),
        this.alt(() => this.ACTION((): ClauseDetail => ({ kind: 'encode', layout: [] }))),
      ],
    });
    return this.ACTION(() => {
      const d = detail as Extract<ClauseDetail, { kind: 'encode' }>;
      const args: MetaValue[] = [];
      if (d.format !== undefined) args.push({ kind: 'id', name: d.format, span: this.span(kw.startOffset) });
      if (d.layoutType !== undefined) args.push({ kind: 'type', type: d.layoutType, span: d.layoutType.span });
      return this.makeClause(kw, start, args, d);
    });
  });

  /** `{ station @ le, tag @ be = 0x0052 }`. */
  encodeLayout = this.RULE('encodeLayout', (): Extract<ClauseDetail, { kind: 'encode' }>['layout'] => {
    this.CONSUME(LBrace);
    const saved = this.openBracketContext();
    const entries: Extract<ClauseDetail, { kind: 'encode' }>['layout'] = [];
    this.separatedItems(
      0,
      RBrace,
      "a layout entry (field @ le|be) or '}'",
      [
        this.alt(() => {
          const field = this.CONSUME(Identifier);
          this.CONSUME(At);
          const endian = this.CONSUME1(Identifier);
          const value = this.OPTION(() => {
            this.CONSUME(Eq);
            return this.SUBRULE(this.expr);
          });
          this.ACTION(() => {
            const entry: (typeof entries)[number] = { field: this.ident(field), endian: endian.image };
            if (value !== undefined) entry.value = value;
            entries.push(entry);
          });
        }),
      ],
    );
    this.restoreContext(saved);
    this.CONSUME(RBrace);
    return entries;
  });

  /** classify ID ':' ID ( ',' ID ':' ID )* (§5.6, one line, N9). */
  classifyClause = this.RULE('classifyClause', (start?: number): Clause => {
    const kw = this.CONSUME(K.classify);
    const entries: { key: string; keySpan: Ident['span']; value: MetaValue }[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const field = this.CONSUME(Identifier);
        this.CONSUME(Colon);
        const label = this.CONSUME1(Identifier);
        this.ACTION(() =>
          entries.push({ key: field.image, keySpan: this.tokenSpan(field), value: { kind: 'id', name: label.image, span: this.tokenSpan(label) } }),
        );
      },
    });
    return this.ACTION(() => this.makeClause(kw, start, [{ kind: 'record', entries, span: this.span(kw.startOffset) }]));
  });

  // ── helpers ──

  protected makeClause(word: IToken, start: number | undefined, args: MetaValue[], detail?: ClauseDetail): Clause {
    const name = normalizeWord(word.image);
    const c: Clause = {
      kind: 'Clause',
      name,
      at: start !== undefined,
      args: durationsAfterWords(args, DURATION_WORDS),
      span: this.span(start ?? word.startOffset),
    };
    if (isLegacyWord(word.image)) c.legacyName = word.image;
    if (detail !== undefined) c.detail = detail;
    return c;
  }
}
