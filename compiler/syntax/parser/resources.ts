/**
 * Declarations that are mostly configuration (LANGUAGE.md §5.2, §5.12–§5.15): import, use,
 * graph/dag, store, cortex, platform, domain.
 */
import type { IToken } from 'chevrotain';
import type { Span } from '../../diagnostics/index.ts';
import type { Clause, Decl, DomainItem, Ident, ImportDecl, StoreEntry, TypeExpr } from '../ast.ts';
import {
  Arrow,
  At,
  Colon,
  ColonColon,
  Comma,
  Dot,
  Identifier,
  K,
  LBrace,
  RBrace,
  Slash,
  Star,
  StringLiteral,
  Word,
  NumberLiteral,
} from '../tokens.ts';
import { decodeString } from '../literals.ts';
import { ITEM_WORDS } from './clause-table.ts';
import { CallableRules } from './callables.ts';
import { ARGS_ITEM, DURATION_WORDS, entryToClause } from './meta.ts';
import { asDuration, collapseValues } from './normalize.ts';

const TYPED_STORE_KEYS: ReadonlySet<string> = new Set(['key', 'value', 'schema']);
const DOMAIN_ITEM_KINDS: ReadonlySet<string> = new Set(['module', 'graph', 'dag', 'types']);

export abstract class ResourceRules extends CallableRules {
  // ── §5.2 import, use ──

  importDecl = this.RULE('importDecl', (): Decl => {
    const kw = this.CONSUME(K.import);
    const decl = this.OR({
      ERR_MSG: 'an import (NAME from "path", "file" { names } or a/b { names })',
      IGNORE_AMBIGUITIES: true,
      DEF: [
        this.altIf(
          () => this.isAt(1, Word) && this.isAt(2, K.from),
          () => {
            const alias = this.CONSUME(Word);
            this.CONSUME(K.from);
            const path = this.CONSUME(StringLiteral);
            return this.ACTION(() => this.importNode(kw, 'from', decodeString(path.image).value, this.tokenSpan(path), [], alias));
          },
        ),
        this.alt(() => {
          const path = this.CONSUME1(StringLiteral);
          const names = this.OPTION(
            this.gated(
              () => this.isAt(1, LBrace) && this.sameLine(1),
              () => this.SUBRULE(this.nameSet),
            ),
          );
          return this.ACTION(() => this.importNode(kw, 'file', decodeString(path.image).value, this.tokenSpan(path), names ?? []));
        }),

        // `import { A, B } from "path"` reads the same as `import "path" { A, B }`.
        this.alt(() => {
          const names = this.SUBRULE1(this.nameSet);
          this.CONSUME1(K.from);
          const path = this.CONSUME2(StringLiteral);
          return this.ACTION(() => this.importNode(kw, 'file', decodeString(path.image).value, this.tokenSpan(path), names));
        }),
        this.alt(() => {
          const path = this.SUBRULE(this.modulePath);
          const names = this.OPTION1(
            this.gated(
              () => this.isAt(1, LBrace) && this.sameLine(1),
              () => this.SUBRULE2(this.nameSet),
            ),
          );
          return this.ACTION(() =>
            this.importNode(kw, 'lexpath', path.segments.map((seg) => seg.name).join('/'), path.span, names ?? []),
          );
        }),
      ],
    });
    this.optionalSemicolon(2);
    return decl;
  });

  /** The Import node of every form (§5.2); `alias` only for `import NAME from "path"`. */
  private importNode(kw: IToken, form: ImportDecl['form'], path: string, pathSpan: Span, names: Ident[], alias?: IToken): Decl {
    return {
      kind: 'Import',
      form,
      ...(alias !== undefined ? { alias: this.ident(alias) } : {}),
      path,
      pathSpan,
      names,
      docs: [],
      span: this.span(kw.startOffset),
    };
  }

  /** `a/b/c`, `a.b.c` or `a::b` with hyphenated segments (`toys.wind-up.springs`). */
  modulePath = this.RULE('modulePath', (): { segments: Ident[]; span: Span } => {
    const segments: Ident[] = [this.SUBRULE(this.pathSegment)];
    this.MANY(
      this.gated(
        () =>
          (this.isAt(1, Slash) || this.isAt(1, Dot) || this.isAt(1, ColonColon)) &&
          this.sameLine(1) &&
          (this.isAt(2, Word) || this.isAt(2, NumberLiteral)),
        () => {
          this.OR([this.alt(() => this.CONSUME(Slash)), this.alt(() => this.CONSUME(Dot)), this.alt(() => this.CONSUME(ColonColon))]);
          segments.push(this.SUBRULE1(this.pathSegment));
        },
      ),
    );
    return this.ACTION(() => ({ segments, span: this.span(segments[0]!.span.start) }));
  });

  /** `{ A, B, }` (may be empty, may span lines). */
  nameSet = this.RULE('nameSet', (): Ident[] => {
    this.CONSUME(LBrace);
    const names: Ident[] = [];
    this.MANY(
      this.gated(
        () => !this.isAt(1, RBrace) && !this.atEof(),
        () => {
          this.OR({
            ERR_MSG: "a name or '}'",
            DEF: [
              this.alt(() => {
                this.CONSUME(Comma);
              }),
              this.alt(() => {
                const n = this.SUBRULE(this.name);
                this.ACTION(() => names.push(n));
              }),
            ],
          });
        },
      ),
    );
    this.CONSUME(RBrace);
    return names;
  });

  /** Use = 'use' ID ( '::' ID )* ( '::' ( '*' | '{' ID ( ',' ID )* ','? '}' ) )?. */
  useDecl = this.RULE('useDecl', (): Decl => {
    const kw = this.CONSUME(K.use);
    const path: Ident[] = [];
    const first = this.CONSUME(Word);
    this.ACTION(() => path.push(this.ident(first)));
    let glob = false;
    let names: Ident[] | undefined;
    this.MANY(
      this.gated(
        () => this.isAt(1, ColonColon),
        () => {
          this.CONSUME(ColonColon);
          this.OR([
            this.alt(() => {
              this.CONSUME(Star);
              glob = true;
            }),
            this.alt(() => {
              names = this.SUBRULE(this.nameSet);
            }),
            this.alt(() => {
              const seg = this.CONSUME1(Word);
              this.ACTION(() => path.push(this.ident(seg)));
            }),
          ]);
        },
      ),
    );
    this.optionalSemicolon(0);
    return this.ACTION((): Decl => {
      const d: Decl = { kind: 'Use', path, glob, docs: [], span: this.span(kw.startOffset) };
      if (names !== undefined) d.names = names;
      return d;
    });
  });

  // ── §5.12 graph, dag ──

  graphDecl = this.RULE('graphDecl', (): Decl => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.graph)), this.alt(() => this.CONSUME(K.dag))]);
    const name = this.CONSUME(Identifier);
    this.CONSUME(LBrace);
    const items: Clause[] = [];
    this.separatedItems(
      1,
      RBrace,
      "a graph item or '}'",
      [
        this.altIf(
          () => this.itemWordIs('node'),
          () => {
            const c = this.SUBRULE(this.graphNode);
            this.ACTION(() => items.push(c));
          },
        ),
        this.altIf(
          () => this.itemWordIs('edge'),
          () => {
            const c = this.SUBRULE(this.graphEdge);
            this.ACTION(() => items.push(c));
          },
        ),
        this.altIf(
          () => this.itemWordIs('overlay'),
          () => {
            const c = this.SUBRULE(this.graphOverlay);
            this.ACTION(() => items.push(c));
          },
        ),
        this.altIf(
          () => this.itemWordIs('observe') || this.itemWordIs('streamsight'),
          () => {
            const at = this.OPTION(() => this.CONSUME(At));
            const c = this.SUBRULE(this.observeClause, { ARGS: [at?.startOffset] });
            this.ACTION(() => items.push(c));
          },
        ),
        this.alt(() => {
          const e = this.SUBRULE(this.metaEntry, { ARGS: [ITEM_WORDS.graph, `${kw.image} '${name.image}'`] });
          this.ACTION(() => {
            if (e) items.push(entryToClause(e));
          });
        }),
      ],
    );
    this.CONSUME(RBrace);
    return this.ACTION(
      (): Decl => ({ kind: 'Graph', keyword: kw.image as 'graph' | 'dag', name: this.ident(name), items, docs: [], span: this.span(kw.startOffset) }),
    );
  });

  /** node Name ( ':' Type )? */
  graphNode = this.RULE('graphNode', (): Clause => {
    const at = this.OPTION(() => this.CONSUME(At));
    const kw = this.CONSUME(K.node);
    const name = this.SUBRULE(this.name);
    const type = this.OPTION1(() => {
      this.CONSUME(Colon);
      return this.SUBRULE(this.typeExpr);
    });
    return this.ACTION(() => this.item(kw, at?.startOffset, [{ kind: 'id', name: name.name, span: name.span }, ...(type ? [typeValue(type)] : [])]));
  });

  /** edge ( 'struct' StructBody | Name ( ':' Name '->' Name )? ) */
  graphEdge = this.RULE('graphEdge', (): Clause => {
    const at = this.OPTION(() => this.CONSUME(At));
    const kw = this.CONSUME(K.edge);
    const args = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        this.alt(() => {
          const s = this.SUBRULE(this.structType);
          return this.ACTION(() => [typeValue(s)]);
        }),
        this.alt(() => {
          const name = this.SUBRULE(this.name);
          const ends = this.OPTION1(() => {
            this.CONSUME(Colon);
            const from = this.SUBRULE1(this.name);
            this.CONSUME(Arrow);
            const to = this.SUBRULE2(this.name);
            return [from, to];
          });
          return this.ACTION(() => [name, ...(ends ?? [])].map((n) => ({ kind: 'id', name: n.name, span: n.span }) as import('../ast.ts').MetaValue));
        }),
      ],
    });
    return this.ACTION(() => this.item(kw, at?.startOffset, args));
  });

  /** overlay ID ':' Type ID* (bitmask, curate, delta_curate). */
  graphOverlay = this.RULE('graphOverlay', (): Clause => {
    const at = this.OPTION(() => this.CONSUME(At));
    const kw = this.CONSUME(K.overlay);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const type = this.SUBRULE(this.typeExpr);
    const modes: Ident[] = [];
    this.MANY(
      this.gated(
        () => this.isAt(1, Word) && this.sameLine(1),
        () => {
          const m = this.CONSUME(Word);
          this.ACTION(() => modes.push(this.ident(m)));
        },
      ),
    );
    return this.ACTION(() =>
      this.item(kw, at?.startOffset, [
        { kind: 'id', name: name.image, span: this.tokenSpan(name) },
        typeValue(type),
        ...modes.map((m) => ({ kind: 'id', name: m.name, span: m.span }) as import('../ast.ts').MetaValue),
      ]),
    );
  });

  // ── §5.13 store ──

  storeDecl = this.RULE('storeDecl', (): Decl => {
    const kw = this.CONSUME(K.store);
    const kind = this.CONSUME(Word);
    const name = this.CONSUME(Identifier);
    this.CONSUME(LBrace);
    const entries: StoreEntry[] = [];
    this.separatedItems(
      0,
      RBrace,
      "a store entry or '}'",
      [
        this.altIf(
          () => this.listItemMayStart(),
          () => {
            const e = this.SUBRULE(this.storeEntry);
            this.ACTION(() => entries.push(e));
          },
        ),
      ],
    );
    this.CONSUME(RBrace);
    return this.ACTION((): Decl => {
      if (kind.image !== 'kv' && kind.image !== 'series' && kind.image !== 'graph') {
        this.fail('FL202', `expected a store kind (kv, series or graph), found '${kind.image}'`, kind);
      }
      return {
        kind: 'Store',
        storeKind: kind.image as 'kv' | 'series' | 'graph',
        name: this.ident(name),
        entries,
        docs: [],
        span: this.span(kw.startOffset),
      };
    });
  });

  /** Ann ID ':'? StoreValue — key/value/schema take a type, the rest metadata (§5.13). */
  storeEntry = this.RULE('storeEntry', (): StoreEntry => {
    const at = this.OPTION(() => this.CONSUME(At));
    const key = this.CONSUME(Word);
    this.OPTION1(() => this.CONSUME(Colon));
    const value = this.OR([
      this.altIf(
        () => TYPED_STORE_KEYS.has(key.image),
        () => {
          const type = this.SUBRULE(this.typeExpr);
          return { type };
        },
      ),
      this.alt(() => {
        const values = this.SUBRULE(this.metaArgs, { ARGS: [ARGS_ITEM, true] });
        return this.ACTION(() => {
          const normalized = DURATION_WORDS.has(key.image) ? values.map(asDuration) : values;
          return { meta: collapseValues(normalized, this.tokenSpan(key)) };
        });
      }),
    ]);
    return this.ACTION((): StoreEntry => {
      const e: StoreEntry = { kind: 'StoreEntry', name: this.ident(key), at: at !== undefined, span: this.span((at ?? key).startOffset) };
      if ('type' in value) e.type = value.type;
      else e.value = value.meta;
      return e;
    });
  });

  // ── §5.14 cortex, platform ──

  cortexDecl = this.RULE('cortexDecl', (): Decl => {
    const kw = this.CONSUME(K.cortex);
    const name = this.CONSUME(Identifier);
    const block = this.SUBRULE(this.metaBlock, { ARGS: [ITEM_WORDS.cortexDecl, `cortex '${name.image}'`] });
    return this.ACTION(
      (): Decl => ({ kind: 'Cortex', name: this.ident(name), items: block.entries.map(entryToClause), docs: [], span: this.span(kw.startOffset) }),
    );
  });

  platformDecl = this.RULE('platformDecl', (): Decl => {
    const kw = this.CONSUME(K.platform);
    const name = this.CONSUME(Identifier);
    const version = this.OR([this.alt(() => this.CONSUME(Word)), this.alt(() => this.CONSUME(NumberLiteral))]);
    const block = this.SUBRULE(this.metaBlock, { ARGS: [ITEM_WORDS.platform, `platform '${name.image}'`] });
    return this.ACTION(
      (): Decl => ({
        kind: 'Platform',
        name: this.ident(name),
        version: this.ident(version),
        items: block.entries.map(entryToClause),
        docs: [],
        span: this.span(kw.startOffset),
      }),
    );
  });

  // ── §5.15 domain ──

  domainDecl = this.RULE('domainDecl', (): Decl => {
    const kw = this.CONSUME(K.domain);
    const path: Ident[] = [];
    const first = this.CONSUME(Word);
    this.ACTION(() => path.push(this.ident(first)));
    this.MANY(
      this.gated(
        () => this.isAt(1, Dot) && this.isAt(2, Word),
        () => {
          this.CONSUME(Dot);
          const seg = this.CONSUME1(Word);
          this.ACTION(() => path.push(this.ident(seg)));
        },
      ),
    );
    this.CONSUME(LBrace);
    const items: DomainItem[] = [];
    this.separatedItems(
      1,
      RBrace,
      "'module', 'graph', 'dag', 'types' or '}'",
      [
        this.altIf(
          () => {
            const k = this.isAt(1, At) ? 2 : 1;
            return this.isAt(k, Word) && DOMAIN_ITEM_KINDS.has(this.la(k).image) && this.isAt(k + 1, Word) && this.fromOnLine(k + 2);
          },
          () => {
            this.OPTION(() => this.CONSUME(At));
            const itemKind = this.CONSUME2(Word);
            const name = this.SUBRULE(this.name);
            this.CONSUME(K.from);
            const from = this.CONSUME(StringLiteral);
            this.ACTION(() =>
              items.push({
                kind: 'DomainItem',
                itemKind: itemKind.image as DomainItem['itemKind'],
                name,
                from: decodeString(from.image).value,
                fromSpan: this.tokenSpan(from),
                docs: [],
                span: this.span(itemKind.startOffset),
              }),
            );
          },
        ),
        this.alt(() => {
          // Anything else: an unknown word is warned about; a known one without its
          // `NAME from "path"` form is reported as such.
          const e = this.SUBRULE(this.metaEntry, { ARGS: [ITEM_WORDS.domain, 'a domain'] });
          this.ACTION(() => {
            if (e) this.warn('FL220', `'${e.key.name}' in a domain expects NAME from "path"; the item is skipped`, e.span);
          });
        }),
      ],
    );
    this.CONSUME(RBrace);
    return this.ACTION((): Decl => ({ kind: 'Domain', path, items, docs: [], span: this.span(kw.startOffset) }));
  });

  // ── helpers ──

  /** `from` follows on the same line, within a hyphenated name's reach. */
  protected fromOnLine(k: number): boolean {
    for (let i = k; i < k + 12; i++) {
      const t = this.la(i);
      if (t.nl) return false;
      if (this.isAt(i, K.from)) return true;
      if (!(this.isAt(i, Word) || this.isAt(i, NumberLiteral) || t.image === '-')) return false;
    }
    return false;
  }

  /** LA(1) is the item word, possibly after `@`. */
  protected itemWordIs(word: string): boolean {
    return this.isAt(1, At) ? this.wordIs(2, word) : this.wordIs(1, word);
  }

  protected item(kw: import('chevrotain').IToken, start: number | undefined, args: import('../ast.ts').MetaValue[]): Clause {
    return { kind: 'Clause', name: kw.image, at: start !== undefined, args, span: this.span(start ?? kw.startOffset) };
  }
}

function typeValue(type: TypeExpr): import('../ast.ts').MetaValue {
  return { kind: 'type', type, span: type.span };
}
