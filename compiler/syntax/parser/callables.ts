/**
 * Declarations with a signature or a body of items (LANGUAGE.md §5.7–§5.11): circuit, cloud
 * (both forms), transaction, extern (both forms) and state_machine (styles A, B and C).
 */
import type { IToken } from 'chevrotain';
import type { Block, CircuitDecl, CloudConfigDecl, Decl, ExternItem, Ident, MetaValue, StateMachineDecl, Transition, TypeExpr } from '../ast.ts';
import { decodeString } from '../literals.ts';
import { Arrow, At, Comma, FatArrow, Identifier, K, LBrace, RBrace, Semicolon, StringLiteral, Word } from '../tokens.ts';
import type { ClauseOwner } from './base.ts';
import { ITEM_WORDS, isOwnClause } from './clause-table.ts';
import { DeclRules } from './declarations.ts';
import { entryToClause, type MetaEntry } from './meta.ts';

export abstract class CallableRules extends DeclRules {
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
    return this.ACTION(
      (): CircuitDecl => ({
        kind: 'Circuit',
        keyword: kw.image as 'circuit' | 'cloud',
        name: this.ident(name),
        params: sig.params,
        returnType: ret ?? this.missingReturnType(name),
        clauses: [...sig.clauses, ...clauses],
        body,
        docs: [],
        span: this.span(kw.startOffset),
      }),
    );
  });

  /** `cloud NAME` clauses, then a configuration block (§5.8, second form). */
  cloudConfigDecl = this.RULE('cloudConfigDecl', (): Decl => {
    const kw = this.CONSUME(K.cloud);
    const name = this.CONSUME(Identifier);
    const clauses = this.SUBRULE(this.headerClauses, { ARGS: ['cloudConfig'] });
    const block = this.SUBRULE(this.metaBlock, { ARGS: [ITEM_WORDS.cloudConfig, 'a cloud block'] });
    return this.ACTION(
      (): CloudConfigDecl => ({
        kind: 'CloudConfig',
        name: this.ident(name),
        clauses,
        items: block.entries.map(entryToClause),
        docs: [],
        span: this.span(kw.startOffset),
      }),
    );
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
    const body = this.OPTION1(
      this.gated(
        () => this.isAt(1, LBrace),
        () => this.SUBRULE(this.block),
      ),
    );
    return this.ACTION((): Decl => {
      const d: Decl = {
        kind: 'Transaction',
        name: this.ident(name),
        params: sig.params,
        clauses: [...sig.clauses, ...clauses],
        docs: [],
        span: this.span(kw.startOffset),
      };
      if (ret !== undefined) d.returnType = ret;
      if (body !== undefined) d.body = body;
      return d;
    });
  });

  externDecl = this.RULE('externDecl', (): Decl => {
    const kw = this.CONSUME(K.extern);
    const abi = this.CONSUME(StringLiteral);
    const parts = this.OR([
      this.altIf(
        () => this.isAt(1, LBrace),
        () => ({ form: 'block' as const, items: this.SUBRULE(this.externBlock) }),
      ),
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
    return this.ACTION(
      (): Decl => ({
        kind: 'Extern',
        abi: decodeString(abi.image).value,
        abiSpan: this.tokenSpan(abi),
        form: parts.form,
        items: parts.items,
        docs: [],
        span: this.span(kw.startOffset),
      }),
    );
  });

  /** Items<( 'fn' | 'circuit' ) ID '(' ParamList ')' ( '->' Type )?>; clause lines after an item attach to it. */
  externBlock = this.RULE('externBlock', (): ExternItem[] => {
    this.CONSUME(LBrace);
    const items: ExternItem[] = [];
    this.separatedItems(
      0,
      RBrace,
      "'fn', 'circuit' or '}'",
      [
        this.alt(() => {
          const item = this.SUBRULE(this.externSignature);
          this.ACTION(() => items.push(item));
        }),
        this.altIf(
          () => items.length > 0 && this.lineStart(1) && (this.isAt(1, At) || isOwnClause(this.la(1).image, 'extern')),
          () => {
            const c = this.SUBRULE(this.clause, { ARGS: ['extern'] });
            this.ACTION(() => {
              const last = items[items.length - 1]!;
              if (c) last.clauses.push(c);
            });
          },
        ),
      ],
    );
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
    const sm: StateMachineDecl = {
      kind: 'StateMachine',
      name: this.ident(name),
      clauses,
      terminal: [],
      verify: [],
      states: [],
      transitions: [],
      items: [],
      docs: [],
      span: this.span(kw.startOffset),
    };
    this.CONSUME(LBrace);
    this.separatedItems(
      0,
      RBrace,
      "a state machine item or '}'",
      [
        this.altIf(
          () => this.isAt(1, K.state) && this.isAt(2, Identifier) && this.isAt(3, LBrace),
          () => {
            const s = this.SUBRULE(this.stateBlock);
            this.ACTION(() => {
              sm.states.push(s.name);
              sm.transitions.push(...s.transitions);
            });
          },
        ),
        this.altIf(
          () => this.isAt(1, Identifier) && this.isAt(2, Arrow),
          () => {
            const t = this.SUBRULE(this.transition);
            this.ACTION(() => sm.transitions.push(t));
          },
        ),
        this.alt(() => {
          const e = this.SUBRULE(this.metaEntry, { ARGS: [ITEM_WORDS.stateMachine, 'a state machine'] });
          this.ACTION(() => {
            if (e) this.addStateMachineItem(sm, e);
          });
        }),
      ],
    );
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
      this.altIf(
        () => this.isAt(1, LBrace) && this.sameLine(1),
        () => {
          const block = this.SUBRULE(this.metaBlock, { ARGS: [TRANSITION_WORDS, 'a transition'] });
          this.ACTION(() => {
            t.style = 'B';
            for (const e of block.entries) this.setTransitionPart(t, e.key.name, e.values[0]);
          });
        },
      ),
      this.alt(() => {
        this.MANY(
          this.gated(
            () => this.sameLine(1) && this.isAt(1, Word) && TRANSITION_WORDS.has(this.la(1).image) && this.isAt(2, Word) && this.sameLine(2),
            () => {
              const word = this.CONSUME(Word);
              // Event, guard and action names may be any word here (`when in`).
              const value = this.CONSUME1(Word);
              this.ACTION(() => this.setTransitionPart(t, word.image, { kind: 'id', name: value.image, span: this.tokenSpan(value) }));
            },
          ),
        );
      }),
    ]);
    return this.ACTION(() => {
      // Words after a transition that no style uses are skipped with a warning (metadata).
      if (this.sameLine(1) && !this.isAt(1, Semicolon) && !this.isAt(1, Comma) && !this.isAt(1, RBrace)) {
        this.warn('FL221', `unexpected ${this.describeNext()} after the transition; the rest of the line is ignored`, this.tokenSpan(this.LA(1)));
        this.skipClauseRest(true);
      }
      return { ...t, from: this.ident(from), to: this.ident(to), span: this.span(from.startOffset) };
    });
  });

  /** Style C: `state S { on E => T, … }`. */
  stateBlock = this.RULE('stateBlock', (): { name: Ident; transitions: Transition[] } => {
    this.CONSUME(K.state);
    const name = this.CONSUME(Identifier);
    this.CONSUME(LBrace);
    const transitions: Transition[] = [];
    this.separatedItems(
      0,
      RBrace,
      "'on EVENT => STATE' or '}'",
      [
        this.altIf(
          () => this.isAt(1, K.on) && this.isAt(2, Identifier),
          () => {
            const on = this.CONSUME(K.on);
            const event = this.CONSUME1(Identifier);
            this.OR1([this.alt(() => this.CONSUME(FatArrow)), this.alt(() => this.CONSUME(Arrow))]);
            const target = this.CONSUME2(Identifier);
            this.ACTION(() =>
              transitions.push({
                kind: 'Transition',
                from: this.ident(name),
                to: this.ident(target),
                event: this.ident(event),
                style: 'C',
                span: this.span(on.startOffset),
              }),
            );
          },
        ),
        this.alt(() => {
          this.SUBRULE(this.metaEntry, { ARGS: [NO_WORDS, `state ${name.image}`] });
        }),
      ],
    );
    this.CONSUME(RBrace);
    return this.ACTION(() => ({ name: this.ident(name), transitions }));
  });

  // ── helpers ──

  protected missingReturnType(name: IToken): TypeExpr {
    const at = this.span(this.prevEnd());
    this.warn('FL215', `'${name.image}' has no return type; it is read as '-> void'`, this.tokenSpan(name), "add '-> T' after the parameter list");
    return { kind: 'PrimType', name: 'void', span: at };
  }

  private addStateMachineItem(sm: StateMachineDecl, e: MetaEntry): void {
    const first = e.values[0];
    const ids = (v: typeof first): Ident[] => {
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

  private setTransitionPart(t: Transition, word: string, value: MetaValue | undefined): void {
    if (value === undefined || value.kind !== 'id') return;
    const id = { kind: 'Ident' as const, name: value.name, span: value.span };
    if (word === 'guard') t.guard = id;
    else if (word === 'action') t.action = id;
    else t.event = id;
  }
}

const TRANSITION_WORDS: ReadonlySet<string> = new Set(['when', 'on', 'trigger', 'guard', 'action']);
const NO_WORDS: ReadonlySet<string> = new Set();
