import type { Version } from '../version/semver.ts';
import { VersionSet } from '../version/version-set.ts';
import type { Incompatibility } from './incompatibility.ts';
import { exactly, intersectTerms, negate, relation, termSubset, type Relation, type Term } from './term.ts';

export interface Assignment {
  term: Term;
  decisionLevel: number;
  index: number;
  /** The incompatibility that forced a derivation; undefined for decisions. */
  cause: Incompatibility | undefined;
}

/** The solver's current guesses and their consequences, in order (PubGrub partial solution). */
export class PartialSolution {
  readonly assignments: Assignment[] = [];
  private readonly byPkg = new Map<string, Assignment[]>();
  private readonly accum = new Map<string, Term>();
  readonly decisions = new Map<string, Version>();
  decisionLevel = 0;

  decide(pkg: string, v: Version): void {
    this.decisionLevel++;
    this.decisions.set(pkg, v);
    this.push(exactly(pkg, v), undefined);
  }

  derive(term: Term, cause: Incompatibility): void {
    this.push(term, cause);
  }

  private push(term: Term, cause: Incompatibility | undefined): void {
    const a: Assignment = { term, decisionLevel: this.decisionLevel, index: this.assignments.length, cause };
    this.assignments.push(a);
    let list = this.byPkg.get(term.pkg);
    if (!list) this.byPkg.set(term.pkg, (list = []));
    list.push(a);
    const prev = this.accum.get(term.pkg);
    this.accum.set(term.pkg, prev ? intersectTerms(prev, term) : term);
  }

  /** Drops every assignment made after the given decision level. */
  backtrack(level: number): void {
    const touched = new Set<string>();
    while (this.assignments.length && this.assignments[this.assignments.length - 1]!.decisionLevel > level) {
      const a = this.assignments.pop()!;
      touched.add(a.term.pkg);
      if (!a.cause) this.decisions.delete(a.term.pkg);
    }
    for (const pkg of touched) {
      const list = this.byPkg.get(pkg)!.filter((a) => a.decisionLevel <= level);
      if (list.length === 0) {
        this.byPkg.delete(pkg);
        this.accum.delete(pkg);
        continue;
      }
      this.byPkg.set(pkg, list);
      let t = list[0]!.term;
      for (let i = 1; i < list.length; i++) t = intersectTerms(t, list[i]!.term);
      this.accum.set(pkg, t);
    }
    this.decisionLevel = level;
  }

  relation(t: Term): Relation {
    return relation(this.accum.get(t.pkg), t);
  }

  satisfies(t: Term): boolean {
    return this.relation(t) === 'satisfied';
  }

  /** Visits the packages that must be selected but have no decision yet, with their allowed set. */
  forEachUndecided(visit: (pkg: string, set: VersionSet) => void): void {
    for (const [pkg, t] of this.accum) if (t.positive && !this.decisions.has(pkg)) visit(pkg, t.set);
  }

  /** The earliest assignment after which the partial solution satisfies t. */
  satisfier(t: Term): Assignment {
    let acc: Term | undefined;
    for (const a of this.byPkg.get(t.pkg) ?? []) {
      acc = acc ? intersectTerms(acc, a.term) : a.term;
      if (termSubset(acc, t)) return a;
    }
    throw new Error(`internal: no satisfier for ${t.pkg}`);
  }

  /** Satisfier of the term that remains once `sat` is taken away from `t` (PubGrub "difference"). */
  static difference(sat: Term, t: Term): Term {
    return intersectTerms(sat, negate(t));
  }

}
