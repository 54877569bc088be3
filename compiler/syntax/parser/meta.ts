/**
 * Rules for declarative metadata: names (with the hyphen joining of §2.2), lex paths, id lists,
 * and the values that clause and item words take (§5.0 `IdList`, `LexPath`, `Items<…>`,
 * `KVList`). Most clauses are "IR metadata only" (§8.7), so their arguments are read into the
 * AST's `MetaValue` form by the generic rules here.
 */
import type { IOrAlt, IToken, OrMethodOpts } from 'chevrotain';
import type { Span } from '../../diagnostics/index.ts';
import type { Clause, Expr, Ident, LexPath, MetaValue } from '../ast.ts';
import { decodeString } from '../literals.ts';
import {
  Arrow,
  At,
  Colon,
  ColonColon,
  Comma,
  Dot,
  Eq,
  FatArrow,
  K,
  LBrace,
  LBracket,
  LParen,
  Minus,
  NumberLiteral,
  RBrace,
  RBracket,
  RParen,
  Slash,
  StringLiteral,
  Word,
} from '../tokens.ts';
import { ParserBase } from './base.ts';
import { adjacent, is, isEof } from './lookahead.ts';
import { asDuration, collapseValues, durationsAfterWords, isLegacyWord, normalizeWord } from './normalize.ts';
import { numberInfo } from '../lexer.ts';

/** How far the values of a clause or item reach (§3 N1, N8). */
export const ARGS_LINE = 0;
export const ARGS_ITEM = 1;
export const ARGS_PAREN = 2;

/** One `word values…` line of an `Items<…>` block, before it becomes a record entry or a Clause. */
export interface MetaEntry {
  key: Ident;
  at: boolean;
  colon: boolean;
  values: MetaValue[];
  span: Span;
  /** The older spelling when the word was normalised (§4 A6). */
  legacy?: string;
}

export abstract class MetaRules extends ParserBase {
  /** Name = word ( '-' ( word | number ) )*, joined only when the pieces touch (§2.2). */
  name = this.RULE('name', (): Ident => {
    const first = this.CONSUME(Word);
    let text = first.image;
    let last: IToken = first;
    this.MANY(
      this.gated(
        () => this.hyphenJoins(),
        () => {
          this.CONSUME(Minus);
          const part = this.OR([this.alt(() => this.CONSUME1(Word)), this.alt(() => this.CONSUME(NumberLiteral))]);
          text += '-' + part.image;
          last = part;
        },
      ),
    );
    return this.ACTION(() =>
      last === first ? this.ident(first) : { kind: 'Ident', name: text, span: this.span(first.startOffset, last.startOffset + last.image.length) },
    );
  });

  /** A lex-path or module segment: a name or a number. */
  pathSegment = this.RULE(
    'pathSegment',
    (): Ident =>
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          this.alt(() => this.SUBRULE(this.name)),
          this.alt(() => {
            const n = this.CONSUME(NumberLiteral);
            return this.ACTION(() => this.ident(n));
          }),
        ],
      }),
  );

  /** A lex path segment may itself be dotted (`com.example`): the dots stay in the segment. */
  lexSegment = this.RULE('lexSegment', (): Ident => {
    const first = this.SUBRULE(this.pathSegment);
    const more: Ident[] = [];
    this.MANY(
      this.gated(
        () =>
          this.isAt(1, Dot) &&
          adjacent(this.la(0), this.la(1)) &&
          adjacent(this.la(1), this.la(2)) &&
          (this.isAt(2, Word) || this.isAt(2, NumberLiteral)),
        () => {
          this.CONSUME(Dot);
          more.push(this.SUBRULE1(this.pathSegment));
        },
      ),
    );
    return this.ACTION(() =>
      more.length === 0 ? first : { kind: 'Ident', name: [first, ...more].map((m) => m.name).join('.'), span: this.span(first.span.start) },
    );
  });

  /** LexPath = Name ( '/' Name )*, on one line (§5.0). */
  lexPath = this.RULE('lexPath', (): LexPath =>
    this.OR([
      this.alt((): LexPath => {
        const segments: Ident[] = [];
        segments.push(this.SUBRULE(this.lexSegment));
        this.MANY(
          this.gated(
            () => this.isAt(1, Slash) && this.sameLine(1) && this.sameLine(2),
            () => {
              this.CONSUME(Slash);
              segments.push(this.SUBRULE1(this.lexSegment));
            },
          ),
        );
        return this.ACTION(() => lexPathOf(segments.map((seg) => seg.name), this.span(segments[0]!.span.start)));
      }),
      this.alt((): LexPath => {
        // `lex "a/b"`: the path written as a string (header clause and file preamble alike).
        const s = this.CONSUME(StringLiteral);
        return this.ACTION(() =>
          lexPathOf(
            decodeString(s.image)
              .value.split('/')
              .filter((x) => x !== ''),
            this.tokenSpan(s),
          ),
        );
      }),
    ]),
  );

  /** `a.b.c` as one name (list entries such as `[order.qty]`). */
  dottedName = this.RULE('dottedName', (): Ident => {
    const first = this.SUBRULE(this.name);
    const rest: Ident[] = [];
    this.MANY(
      this.gated(
        () => this.isAt(1, Dot) && this.isAt(2, Word),
        () => {
          this.CONSUME(Dot);
          rest.push(this.SUBRULE1(this.name));
        },
      ),
    );
    return this.ACTION(() =>
      rest.length === 0 ? first : { kind: 'Ident', name: [first, ...rest].map((p) => p.name).join('.'), span: this.span(first.span.start) },
    );
  });

  /** IdList = '[' ( Name ( ',' Name )* ','? )? ']', may span lines; strings are accepted as names. */
  idList = this.RULE('idList', (): { items: Ident[]; span: Span } => {
    const open = this.CONSUME(LBracket);
    const items: Ident[] = [];
    this.separatedItems(
      0,
      RBracket,
      "a name or ']'",
      [
        this.alt(() => {
          const n = this.SUBRULE(this.dottedName);
          this.ACTION(() => items.push(n));
        }),
        this.alt(() => {
          const s = this.CONSUME(StringLiteral);
          this.ACTION(() => items.push({ kind: 'Ident', name: decodeString(s.image).value, span: this.tokenSpan(s) }));
        }),
      ],
    );
    this.CONSUME(RBracket);
    return this.ACTION(() => ({ items, span: this.span(open.startOffset) }));
  });

  /** One metadata value: list, record, string, number, bool, or a word/path/call-like word. */
  metaValue = this.RULE(
    'metaValue',
    (): MetaValue =>
      this.OR({
        IGNORE_AMBIGUITIES: true,
        ERR_MSG: 'a value',
        DEF: [
          this.alt(() => this.SUBRULE(this.metaList)),
          this.alt(() => {
            const block = this.SUBRULE(this.metaBlock);
            return this.ACTION(() => entriesToRecord(block.entries, block.span));
          }),
          this.alt(() => {
            const s = this.CONSUME(StringLiteral);
            return this.ACTION((): MetaValue => ({ kind: 'string', value: decodeString(s.image).value, span: this.tokenSpan(s) }));
          }),
          this.alt(() => {
            const n = this.CONSUME(NumberLiteral);
            return this.ACTION(() => this.numberValue(n, false));
          }),
          this.alt(() => {
            const minus = this.CONSUME(Minus);
            const n = this.CONSUME1(NumberLiteral);
            return this.ACTION(() => {
              const v = this.numberValue(n, true);
              return { ...v, span: this.span(minus.startOffset) } as MetaValue;
            });
          }),
          this.alt(() => {
            const t = this.CONSUME(K.true);
            return this.ACTION((): MetaValue => ({ kind: 'bool', value: true, span: this.tokenSpan(t) }));
          }),
          this.alt(() => {
            const t = this.CONSUME(K.false);
            return this.ACTION((): MetaValue => ({ kind: 'bool', value: false, span: this.tokenSpan(t) }));
          }),
          this.alt(() => this.SUBRULE(this.metaWord)),
        ],
      }),
  );

  /** '[' values separated by ',', ';', '->' or line breaks ']' (also `machine [A -> B]`). */
  metaList = this.RULE('metaList', (): MetaValue => {
    const open = this.CONSUME(LBracket);
    const items: MetaValue[] = [];
    this.separatedItems(
      0,
      RBracket,
      "a value or ']'",
      [
        this.alt(() => {
          this.CONSUME(Arrow);
        }),
        this.alt(() => {
          const v = this.SUBRULE(this.metaValue);
          this.ACTION(() => items.push(v));
        }),
      ],
    );
    this.CONSUME(RBracket);
    return this.ACTION((): MetaValue => ({ kind: 'list', items, span: this.span(open.startOffset) }));
  });

  /**
   * A word, a path (`ai/greenhouse/vents`, `proofer.dough_out`, `a::b`) or a call-like word
   * (`encrypted(auditor)`, read as a record with one entry whose value is the arguments).
   */
  metaWord = this.RULE('metaWord', (): MetaValue => {
    const first = this.SUBRULE(this.name);
    const parts: string[] = [];
    this.MANY(
      this.gated(
        () =>
          (this.isAt(1, Slash) || this.isAt(1, Dot) || this.isAt(1, ColonColon)) &&
          this.sameLine(1) &&
          this.sameLine(2) &&
          (this.isAt(2, Word) || this.isAt(2, NumberLiteral)),
        () => {
          const sep = this.OR([this.alt(() => this.CONSUME(Slash)), this.alt(() => this.CONSUME(Dot)), this.alt(() => this.CONSUME(ColonColon))]);
          const seg = this.SUBRULE(this.pathSegment);
          this.ACTION(() => parts.push(sep.image, seg.name));
        },
      ),
    );
    const args = this.OPTION(
      this.gated(
        () => this.isAt(1, LParen) && adjacent(this.la(0), this.la(1)),
        () => this.SUBRULE(this.metaParens),
      ),
    );
    return this.ACTION((): MetaValue => {
      const name = first.name + parts.join('');
      const span = this.span(first.span.start);
      if (args === undefined) return { kind: 'id', name, span };
      const value = collapseValues(args, span);
      return { kind: 'record', entries: [{ key: name, keySpan: first.span, value }], span };
    });
  });

  /** '(' values ')', line breaks allowed; `(key: value, …)` reads as one record. */
  metaParens = this.RULE('metaParens', (): MetaValue[] => {
    const open = this.CONSUME(LParen);
    const values = this.OR([
      this.altIf(
        () => this.isAt(1, Word) && this.isAt(2, Colon),
        () => {
          const entries: MetaEntry[] = [];
          this.MANY(
            this.gated(
              () => !this.isAt(1, RParen) && !this.atEof(),
              () => {
                this.OR1([
                  this.alt(() => {
                    this.CONSUME(Comma);
                  }),
                  this.alt(() => {
                    const e = this.SUBRULE(this.metaEntry);
                    if (e) entries.push(e);
                  }),
                ]);
              },
            ),
          );
          return this.RECORDING_PHASE ? (undefined as never) : [entriesToRecord(entries, this.span(open.startOffset))];
        },
      ),
      this.alt(() => this.SUBRULE(this.metaArgs, { ARGS: [ARGS_PAREN, true] })),
    ]);
    this.CONSUME(RParen);
    return values;
  });

  /**
   * The values of one clause or item, up to the end of its reach (`mode`). Connective
   * punctuation (`:` `->` `=>` `=` `@`, and `,` outside item lists) is skipped: in metadata it
   * only separates values.
   */
  metaArgs = this.RULE('metaArgs', (mode: number = ARGS_LINE, allowBrace: boolean = true): MetaValue[] => {
    const values: MetaValue[] = [];
    this.MANY(
      this.gated(
        () => this.metaArgContinues(mode, allowBrace),
        () => {
          // Connectives are separate tokens from values, so one token decides (no gates).
          const v = this.OR(
            (this.metaArgAlts ??= {
              ERR_MSG: 'a value',
              DEF: [
                this.alt((): MetaValue | undefined => {
                  this.OR1((this.connectiveAlts ??= CONNECTIVES.map((t) => this.alt(() => this.CONSUME(t)))));
                  return undefined;
                }),
                this.alt((): MetaValue | undefined => this.SUBRULE(this.metaValue)),
              ],
            }),
          );
          if (v !== undefined) values.push(v);
        },
      ),
    );
    return values;
  });

  /**
   * Items<I> = '{' ( I ( ',' | ';' )? )* '}' (§5.0, N8). When `known` is given, an item whose
   * word is not in it is a warning and is skipped (§10).
   */
  metaBlock = this.RULE('metaBlock', (known?: ReadonlySet<string>, container?: string): { entries: MetaEntry[]; span: Span } => {
    const open = this.CONSUME(LBrace);
    const entries: MetaEntry[] = [];
    const saved = this.saveContext();
    this.separatedItems(
      0,
      RBrace,
      "an item or '}'",
      [
        this.alt(() => {
          const e = this.SUBRULE(this.metaEntry, { ARGS: [known, container] });
          this.ACTION(() => {
            if (e) entries.push(e);
          });
        }),
      ],
    );
    this.CONSUME(RBrace);
    this.restoreContext(saved);
    return this.ACTION(() => ({ entries, span: this.span(open.startOffset) }));
  });

  /** One item: Ann word ':'? values. A `threshold` without colon takes a line-expression (§5.5). */
  metaEntry = this.RULE('metaEntry', (known?: ReadonlySet<string>, container?: string): MetaEntry | null => {
    const at = this.OPTION(() => this.CONSUME(At));
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      ERR_MSG: 'an item',
      DEF: [
        this.altIf(
          () => known !== undefined && this.isAt(1, Word) && !known.has(normalizeWord(this.la(1).image)),
          () => {
            const w = this.CONSUME(Word);
            this.ACTION(() => this.skipUnknownItem(w, container, true));
            return null;
          },
        ),
        this.altIf(
          () => this.wordIs(1, 'threshold') && !this.isAt(2, Colon) && this.sameLine(2),
          () => {
            const w = this.CONSUME1(Word);
            const e = this.SUBRULE(this.lineExpression);
            return this.ACTION(
              (): MetaEntry => ({
                key: this.ident(w),
                at: at !== undefined,
                colon: false,
                values: [{ kind: 'expr', expr: e, span: e.span }],
                span: this.span(this.startOf(at ?? w)),
              }),
            );
          },
        ),
        this.alt(() => {
          const key = this.SUBRULE(this.name);
          const colon = this.OPTION1(() => this.CONSUME(Colon));
          const mode = this.ACTION(() => (key.name === 'li_feed' ? ARGS_LINE : ARGS_ITEM));
          const values = this.SUBRULE(this.metaArgs, { ARGS: [mode, true] });
          return this.ACTION((): MetaEntry => {
            const entry: MetaEntry = {
              key: isLegacyWord(key.name) ? { ...key, name: normalizeWord(key.name) } : key,
              at: at !== undefined,
              colon: colon !== undefined,
              values: DURATION_WORDS.has(key.name) ? values.map(asDuration) : durationsAfterWords(values, DURATION_WORDS),
              span: this.span(at !== undefined ? at.startOffset : key.span.start),
            };
            if (isLegacyWord(key.name)) entry.legacy = key.name;
            return entry;
          });
        }),
      ],
    });
  });

  /** `threshold temp_c10 < 0`, `| filter …`, bare `invariant …`: defined with the expressions. */
  abstract lineExpression: (...args: []) => Expr;

  private metaArgAlts?: OrMethodOpts<MetaValue | undefined>;
  private connectiveAlts?: IOrAlt<IToken>[];

  // ── helpers (not rules) ──

  protected hyphenJoins(): boolean {
    const minus = this.la(1);
    if (!is(minus, Minus)) return false;
    const next = this.la(2);
    return adjacent(this.la(0), minus) && adjacent(minus, next) && (is(next, Word) || is(next, NumberLiteral));
  }

  protected metaArgContinues(mode: number, allowBrace: boolean): boolean {
    const t = this.la(1);
    if (isEof(t)) return false;
    if (mode !== ARGS_PAREN && t.nl) return false;
    switch (t.image) {
      case '}':
      case ']':
      case ')':
      case ';':
        return false;
      case ',':
        return mode !== ARGS_ITEM;
      case '{':
        return allowBrace;
      default:
        return true;
    }
  }

  protected numberValue(tok: IToken, negative: boolean): MetaValue {
    const info = numberInfo(tok);
    const span = this.tokenSpan(tok);
    const text = (negative ? '-' : '') + tok.image;
    switch (info.kind) {
      case 'int':
        return { kind: 'int', value: negative ? -info.value : info.value, text, span };
      case 'float':
        return { kind: 'float', value: negative ? -info.value : info.value, text, span };
      case 'duration':
        return { kind: 'duration', ms: info.ms, text, span };
      case 'frequency':
        return { kind: 'int', value: info.hz, text, span };
      case 'error':
        // Already reported by the lexer (FL104); keep the text so nothing is lost.
        return { kind: 'id', name: tok.image, span };
    }
  }

  /** Warning for an unknown item or clause word, then the rest of it is skipped (§10). */
  protected skipUnknownItem(word: IToken, container: string | undefined, inItems: boolean): void {
    const where = container ? ` in ${container}` : '';
    this.warn('FL210', `unknown word '${word.image}'${where}; the ${inItems ? 'item' : 'line'} is skipped`, this.tokenSpan(word));
    this.skipClauseRest(inItems);
  }

  protected saveContext(): number {
    return (this.noStruct ? 1 : 0) | (this.lineExpr ? 2 : 0) | (this.predicate ? 4 : 0) | (this.predicateOnOperandLine ? 8 : 0);
  }

  protected restoreContext(saved: number): void {
    this.noStruct = (saved & 1) !== 0;
    this.lineExpr = (saved & 2) !== 0;
    this.predicate = (saved & 4) !== 0;
    this.predicateOnOperandLine = (saved & 8) !== 0;
  }

  /** Enters a bracket: struct literals are allowed again and line breaks no longer end anything. */
  protected openBracketContext(): number {
    const saved = this.saveContext();
    this.noStruct = false;
    this.lineExpr = false;
    this.predicateOnOperandLine = false;
    return saved;
  }
}

/** Punctuation that only separates metadata values (a `,` in an item list ends the item instead). */
const CONNECTIVES = [Colon, Arrow, FatArrow, Eq, At, Comma];

/** Clause and item words whose value is a Duration (`forever` and `none` allowed, §5.0). */
export const DURATION_WORDS: ReadonlySet<string> = new Set(['retention', 'ttl', 'retain', 'timeout']);

export function entriesToRecord(entries: MetaEntry[], span: Span): MetaValue {
  return {
    kind: 'record',
    entries: entries.map((e) => ({ key: e.key.name, keySpan: e.key.span, value: collapseValues(e.values, e.key.span) })),
    span,
  };
}

export function entryToClause(e: MetaEntry): Clause {
  const c: Clause = { kind: 'Clause', name: e.key.name, at: e.at, args: e.values, span: e.span };
  if (e.legacy !== undefined) c.legacyName = e.legacy;
  return c;
}

/** A lex path from its segments; older paths start with `esn/`, which normalisation strips (§2.1). */
function lexPathOf(segments: string[], span: Span): LexPath {
  const normalized = (segments[0] === 'esn' && segments.length > 1 ? segments.slice(1) : segments).join('/');
  return { kind: 'LexPath', segments, normalized, span };
}
