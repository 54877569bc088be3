/**
 * `test` declarations (LANGUAGE.md §5.16), journeys in both forms with parties, fixtures, steps
 * and the journey `observe` (§5.17), and the declaration dispatcher.
 */
import type { IOrAlt, IToken, TokenType } from 'chevrotain';
import type { Decl, Expr, FixtureEntry, Ident, LexPath, OldJourneyDecl, StepDecl, TestDecl } from '../ast.ts';
import { decodeString } from '../literals.ts';
import { At, Colon, Comma, Eq, IntLiteral, K, LBrace, LParen, RBrace, RParen, Semicolon, StringLiteral, Word } from '../tokens.ts';
import { ITEM_WORDS } from './clause-table.ts';
import type { DeclKind } from './lookahead.ts';
import { ResourceRules } from './resources.ts';
import { numberInfo } from '../lexer.ts';

/** What the dispatcher returns: a declaration, or a preamble line (§5.1). */
export type TopLevelItem =
  | Decl
  | { kind: 'PreambleStatus'; status: Ident; span: Ident['span'] }
  | { kind: 'PreambleLex'; path: LexPath; span: Ident['span'] };

export abstract class JourneyRules extends ResourceRules {
  /** TestDecl = 'test' ( 'golden' | 'property' | 'fuzz' ) ( STRING | ID ) Block. */
  testDecl = this.RULE('testDecl', (): TestDecl => {
    const kw = this.CONSUME(K.test);
    const kind = this.OR({
      ERR_MSG: "'golden', 'property' or 'fuzz'",
      DEF: [this.alt(() => this.CONSUME(K.golden)), this.alt(() => this.CONSUME(K.property)), this.alt(() => this.CONSUME(K.fuzz))],
    });
    const name = this.OR1({
      ERR_MSG: 'a test name',
      DEF: [
        this.alt(() => {
          const s = this.CONSUME(StringLiteral);
          return this.ACTION(() => ({ text: decodeString(s.image).value, span: this.tokenSpan(s), isString: true }));
        }),
        this.alt(() => {
          const n = this.SUBRULE(this.name);
          return this.ACTION(() => ({ text: n.name, span: n.span, isString: false }));
        }),
      ],
    });
    const body = this.SUBRULE(this.block);
    return this.ACTION(
      (): TestDecl => ({
        kind: 'Test',
        testKind: kind.image as TestDecl['testKind'],
        name: name.text,
        nameSpan: name.span,
        nameIsString: name.isString,
        body,
        docs: [],
        span: this.span(kw.startOffset),
      }),
    );
  });

  /** Older `journey "name" { … }` or newer `journey ID "title"` with clause lines. */
  journeyDecl = this.RULE(
    'journeyDecl',
    (): Decl =>
      this.OR({
        ERR_MSG: 'a journey name',
        DEF: [
          this.altIf(
            () => this.isAt(2, StringLiteral),
            () => this.SUBRULE(this.oldJourney),
          ),
          this.alt(() => this.SUBRULE(this.newJourney)),
        ],
      }),
  );

  oldJourney = this.RULE('oldJourney', (): Decl => {
    const kw = this.CONSUME(K.journey);
    const title = this.CONSUME(StringLiteral);
    this.CONSUME(LBrace);
    const j: OldJourneyDecl = {
      kind: 'OldJourney',
      name: '',
      nameSpan: this.tokenSpan(title),
      imports: [],
      steps: [],
      docs: [],
      span: this.tokenSpan(kw),
    };
    this.separatedItems(
      0,
      RBrace,
      "a journey item or '}'",
      [
        this.altIf(
          () =>
            (this.isAt(1, K.description) || this.isAt(1, K.package) || this.isAt(1, K.platform)) &&
            (this.isAt(2, StringLiteral) || (this.isAt(2, Colon) && this.isAt(3, StringLiteral))),
          () => {
            const word = this.CONSUME(Word);
            this.OPTION(() => this.CONSUME(Colon));
            const value = this.CONSUME1(StringLiteral);
            this.ACTION(() => {
              const text = decodeString(value.image).value;
              if (word.image === 'description') j.description = text;
              else if (word.image === 'package') j.package = text;
              else j.platform = text;
            });
          },
        ),
        this.altIf(
          () => this.isAt(1, K.import),
          () => {
            const kwImport = this.CONSUME(K.import);
            const path = this.SUBRULE(this.modulePath);
            const names = this.SUBRULE(this.nameSet);
            this.ACTION(() => j.imports.push({ path: path.segments.map((s) => s.name), names, span: this.span(kwImport.startOffset) }));
          },
        ),
        this.altIf(
          () => this.wordIs(1, 'setup') && this.isAt(2, LBrace),
          () => {
            this.CONSUME(K.setup);
            const body = this.SUBRULE(this.block);
            this.ACTION(() => {
              j.setup = body;
            });
          },
        ),
        this.altIf(
          () => this.isAt(1, K.step) && this.isAt(2, StringLiteral),
          () => {
            const kwStep = this.CONSUME(K.step);
            const name = this.CONSUME2(StringLiteral);
            const body = this.SUBRULE1(this.block);
            this.ACTION(() => j.steps.push({ name: decodeString(name.image).value, body, span: this.span(kwStep.startOffset) }));
          },
        ),
        this.alt(() => {
          const e = this.SUBRULE(this.metaEntry, { ARGS: [ITEM_WORDS.oldJourney, 'a journey'] });
          this.ACTION(() => {
            if (e) this.warn('FL220', `'${e.key.name}' in an older journey is not written this way; the item is skipped`, e.span);
          });
        }),
      ],
    );
    this.CONSUME(RBrace);
    return this.ACTION(
      (): Decl => ({ ...j, name: decodeString(title.image).value, nameSpan: this.tokenSpan(title), span: this.span(kw.startOffset) }),
    );
  });

  /** NewJourney = 'journey' ID STRING ( NL Ann 'status' ID )*. */
  newJourney = this.RULE('newJourney', (): Decl => {
    const kw = this.CONSUME(K.journey);
    const name = this.CONSUME(Word);
    const title = this.CONSUME(StringLiteral);
    const clauses = this.SUBRULE(this.clauseLines, { ARGS: ['journey'] });
    return this.ACTION(
      (): Decl => ({
        kind: 'Journey',
        name: this.ident(name),
        title: decodeString(title.image).value,
        clauses,
        docs: [],
        span: this.span(kw.startOffset),
      }),
    );
  });

  /** Party and Fixture = ( 'party' | 'fixture' ) ID Items<ID ':' FixVal>. */
  recordDecl = this.RULE('recordDecl', (): Decl => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.party)), this.alt(() => this.CONSUME(K.fixture))]);
    const name = this.CONSUME(Word);
    this.CONSUME(LBrace);
    const saved = this.openBracketContext();
    const entries: FixtureEntry[] = [];
    this.separatedItems(
      1,
      RBrace,
      "an entry (name: value) or '}'",
      [
        this.altIf(
          () => this.listItemMayStart(),
          () => {
            const e = this.SUBRULE(this.fixtureEntry);
            this.ACTION(() => entries.push(e));
          },
        ),
      ],
    );
    this.restoreContext(saved);
    this.CONSUME(RBrace);
    return this.ACTION(
      (): Decl => ({
        kind: kw.image === 'party' ? 'Party' : 'Fixture',
        name: this.ident(name),
        entries,
        docs: [],
        span: this.span(kw.startOffset),
      }),
    );
  });

  /** ID ':' FixVal, FixVal = 'bytes' '(' INT ')' ( '=' Expr )? | Expr (§8.10 placeholders). */
  fixtureEntry = this.RULE('fixtureEntry', (): FixtureEntry => {
    this.OPTION(() => this.CONSUME(At));
    const key = this.CONSUME(Word);
    this.CONSUME(Colon);
    const parts = this.OR([
      this.altIf(
        () => this.placeholderAhead(),
        () => {
          this.CONSUME(K.bytes);
          this.CONSUME(LParen);
          const size = this.CONSUME(IntLiteral);
          this.CONSUME(RParen);
          const value = this.OPTION1(() => {
            this.CONSUME(Eq);
            return this.SUBRULE(this.expr);
          });
          return { size: size as IToken | undefined, value: value as Expr | undefined };
        },
      ),
      this.alt(() => ({ size: undefined as IToken | undefined, value: this.SUBRULE1(this.expr) as Expr | undefined })),
    ]);
    return this.ACTION((): FixtureEntry => {
      const e: FixtureEntry = { kind: 'FixtureEntry', name: this.ident(key), span: this.span(key.startOffset) };
      if (parts.size !== undefined) {
        const info = numberInfo(parts.size);
        e.bytesSize = info.kind === 'int' ? Number(info.value) : 0;
      }
      if (parts.value !== undefined) e.value = parts.value;
      return e;
    });
  });

  /** Step = 'step' ID Items<'actor' ':' Name | 'action' ':' Expr | 'expect' ':' Expr>. */
  stepDecl = this.RULE('stepDecl', (): Decl => {
    const kw = this.CONSUME(K.step);
    const name = this.CONSUME(Word);
    this.CONSUME(LBrace);
    const saved = this.openBracketContext();
    const step: StepDecl = { kind: 'Step', name: this.ident(name), expects: [], docs: [], span: this.tokenSpan(kw) };
    this.separatedItems(
      0,
      RBrace,
      "'actor:', 'action:', 'expect:' or '}'",
      [
        this.stepItem(0, K.actor, () => this.SUBRULE(this.name), (actor) => {
          step.actor = actor;
        }),
        this.stepItem(1, K.action, () => this.SUBRULE(this.expr), (action) => {
          step.action = action;
        }),
        this.stepItem(
          2,
          K.expect,
          () => {
            // an expectation is a predicate: word operators are read (§7.3)
            const outerPredicate = this.predicate;
            this.predicate = true;
            const e = this.SUBRULE1(this.expr);
            this.predicate = outerPredicate;
            return e;
          },
          (e) => step.expects.push(e),
        ),
        this.alt(() => {
          this.SUBRULE(this.metaEntry, { ARGS: [ITEM_WORDS.step, `step '${name.image}'`] });
        }),
      ],
    );
    this.restoreContext(saved);
    this.CONSUME(RBrace);
    return this.ACTION((): Decl => ({ ...step, name: this.ident(name), span: this.span(kw.startOffset) }));
  });

  /** A step item `KEY ':'? VALUE` (the colon may be left out); `idx` tells its DSL calls apart. */
  private stepItem<T>(idx: number, key: TokenType, value: () => T, store: (v: T) => void): IOrAlt<void> {
    return this.altIf(
      () => this.isAt(1, key) && this.sameLine(2),
      () => {
        this.consume(idx, key);
        this.option(idx, () => this.consume(idx, Colon));
        const v = value();
        this.ACTION(() => store(v));
      },
    );
  }

  /** JourneyObs = 'observe' 'metrics' ':' IdList (top level of a .flj). */
  journeyObserve = this.RULE('journeyObserve', (): Decl => {
    const kw = this.CONSUME(K.observe);
    this.CONSUME(K.metrics);
    this.OPTION(() => this.CONSUME(Colon));
    const list = this.SUBRULE(this.idList);
    return this.ACTION((): Decl => ({ kind: 'JourneyObserve', metrics: list.items, docs: [], span: this.span(kw.startOffset) }));
  });

  /** The file preamble lines (§5.1), also accepted (with a warning) after the first declaration. */
  preambleStatus = this.RULE('preambleStatus', (): TopLevelItem => {
    // Older files write the preamble's `@status` plain, like every other clause word (§4 A1).
    const at = this.OPTION(() => this.CONSUME(At));
    const kw = this.CONSUME(K.status);
    const value = this.CONSUME(Word);
    return this.ACTION((): TopLevelItem => ({ kind: 'PreambleStatus', status: this.ident(value), span: this.span((at ?? kw).startOffset) }));
  });

  preambleLex = this.RULE('preambleLex', (): TopLevelItem => {
    const at = this.OPTION(() => this.CONSUME(At)); // `@lex PATH`, as the clause is often written
    const kw = this.CONSUME(K.lex);
    const path = this.SUBRULE(this.lexPath);
    return this.ACTION((): TopLevelItem => ({ kind: 'PreambleLex', path, span: this.span((at ?? kw).startOffset) }));
  });

  /** Dispatches on the introducer (§5.18); `kind` comes from `declStartKind`. */
  declaration = this.RULE(
    'declaration',
    (kind?: DeclKind): TopLevelItem =>
      this.OR({
        ERR_MSG: 'a declaration',
        IGNORE_AMBIGUITIES: true,
        DEF: [
          this.altIf(
            () => kind === 'import',
            () => this.SUBRULE(this.importDecl),
          ),
          this.altIf(
            () => kind === 'use',
            () => this.SUBRULE(this.useDecl),
          ),
          this.altIf(
            () => kind === 'type',
            () => this.SUBRULE(this.typeDecl),
          ),
          this.altIf(
            () => kind === 'const',
            () => this.SUBRULE(this.constDecl),
          ),
          this.altIf(
            () => kind === 'data' || kind === 'schema',
            () => this.SUBRULE(this.dataDecl),
          ),
          this.altIf(
            () => kind === 'stream',
            () => this.SUBRULE(this.streamDecl),
          ),
          this.altIf(
            () => kind === 'series',
            () => this.SUBRULE(this.seriesDecl),
          ),
          this.altIf(
            () => kind === 'audience',
            () => this.SUBRULE(this.audienceDecl),
          ),
          this.altIf(
            () => kind === 'circuit' || (kind === 'cloud' && this.isAt(3, LParen)),
            () => this.SUBRULE(this.circuitDecl),
          ),
          this.altIf(
            () => kind === 'cloud',
            () => this.SUBRULE(this.cloudConfigDecl),
          ),
          this.altIf(
            () => kind === 'transaction',
            () => this.SUBRULE(this.transactionDecl),
          ),
          this.altIf(
            () => kind === 'extern',
            () => this.SUBRULE(this.externDecl),
          ),
          this.altIf(
            () => kind === 'state_machine',
            () => this.SUBRULE(this.stateMachineDecl),
          ),
          this.altIf(
            () => kind === 'graph' || kind === 'dag',
            () => this.SUBRULE(this.graphDecl),
          ),
          this.altIf(
            () => kind === 'store',
            () => this.SUBRULE(this.storeDecl),
          ),
          this.altIf(
            () => kind === 'cortex',
            () => this.SUBRULE(this.cortexDecl),
          ),
          this.altIf(
            () => kind === 'platform',
            () => this.SUBRULE(this.platformDecl),
          ),
          this.altIf(
            () => kind === 'domain',
            () => this.SUBRULE(this.domainDecl),
          ),
          this.altIf(
            () => kind === 'test',
            () => this.SUBRULE(this.testDecl),
          ),
          this.altIf(
            () => kind === 'journey',
            () => this.SUBRULE(this.journeyDecl),
          ),
          this.altIf(
            () => kind === 'party' || kind === 'fixture',
            () => this.SUBRULE(this.recordDecl),
          ),
          this.altIf(
            () => kind === 'step',
            () => this.SUBRULE(this.stepDecl),
          ),
          this.altIf(
            () => kind === 'observe',
            () => this.SUBRULE(this.journeyObserve),
          ),
          this.altIf(
            () => kind === 'preambleStatus',
            () => this.SUBRULE(this.preambleStatus),
          ),
          this.altIf(
            () => kind === 'preambleLex',
            () => this.SUBRULE(this.preambleLex),
          ),
        ],
      }),
  );

  /** A fixture placeholder `bytes(N)` (optionally `= e`), not a `bytes(N){v}` expression. */
  protected placeholderAhead(): boolean {
    if (!(this.isAt(1, K.bytes) && this.isAt(2, LParen) && this.isAt(3, IntLiteral) && this.isAt(4, RParen))) return false;
    const after = this.la(5);
    return this.isAt(5, Eq) || after.nl === true || this.atEof(5) || this.isAt(5, RBrace) || this.isAt(5, Comma) || this.isAt(5, Semicolon);
  }
}
