import type { Version } from '../version/semver.ts';
import { VersionSet } from '../version/version-set.ts';

/**
 * A PubGrub term: "package is selected with a version in set" (positive) or its negation
 * "package is not selected, or selected outside set" (negative).
 */
export interface Term {
  pkg: string;
  set: VersionSet;
  positive: boolean;
}

export const pos = (pkg: string, set: VersionSet): Term => ({ pkg, set, positive: true });
export const neg = (pkg: string, set: VersionSet): Term => ({ pkg, set, positive: false });
export const negate = (t: Term): Term => ({ pkg: t.pkg, set: t.set, positive: !t.positive });
export const exactly = (pkg: string, v: Version): Term => pos(pkg, VersionSet.exact(v));

/** Intersection of two terms of the same package. */
export function intersectTerms(a: Term, b: Term): Term {
  if (a.positive && b.positive) return pos(a.pkg, a.set.intersect(b.set));
  if (a.positive) return pos(a.pkg, a.set.minus(b.set));
  if (b.positive) return pos(a.pkg, b.set.minus(a.set));
  return neg(a.pkg, a.set.union(b.set));
}

/** A positive term over no version can never hold; a negative one always can (unselected). */
export const isEmptyTerm = (t: Term): boolean => t.positive && t.set.isEmpty();

/** a ⊆ b (every selection a allows, b allows). */
export function termSubset(a: Term, b: Term): boolean {
  if (a.positive) return b.positive ? a.set.subsetOf(b.set) : a.set.disjoint(b.set);
  if (b.positive) return false;
  return b.set.subsetOf(a.set);
}

/** a ∩ b = ∅. */
export function termDisjoint(a: Term, b: Term): boolean {
  if (a.positive && b.positive) return a.set.disjoint(b.set);
  if (a.positive) return a.set.subsetOf(b.set);
  if (b.positive) return b.set.subsetOf(a.set);
  return false;
}

export type Relation = 'satisfied' | 'contradicted' | 'inconclusive';

export function relation(accum: Term | undefined, t: Term): Relation {
  if (!accum) return 'inconclusive';
  if (termSubset(accum, t)) return 'satisfied';
  if (termDisjoint(accum, t)) return 'contradicted';
  return 'inconclusive';
}
