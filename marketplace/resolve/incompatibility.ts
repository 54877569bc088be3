import { intersectTerms, type Term } from './term.ts';

export type Cause =
  | { kind: 'root' }
  | { kind: 'dependency'; depender: string; dependee: string }
  | { kind: 'optional'; depender: string; dependee: string }
  | { kind: 'noVersions' }
  | { kind: 'unknown' }
  | { kind: 'conflict'; conflict: Incompatibility; other: Incompatibility };

/**
 * A set of terms that must not all hold together. External ones come from the registry
 * (dependencies, missing versions); derived ones are learned during conflict resolution.
 */
export class Incompatibility {
  readonly terms: Term[];

  constructor(
    terms: Term[],
    readonly cause: Cause,
  ) {
    // One term per package: terms of the same package are intersected.
    const byPkg = new Map<string, Term>();
    for (const t of terms) {
      const prev = byPkg.get(t.pkg);
      byPkg.set(t.pkg, prev ? intersectTerms(prev, t) : t);
    }
    this.terms = [...byPkg.values()];
  }

  get isDerived(): boolean {
    return this.cause.kind === 'conflict';
  }

  /** No solution can exist: no terms, or only "the root is selected". */
  isFailure(root: string): boolean {
    return this.terms.length === 0 || (this.terms.length === 1 && this.terms[0]!.positive && this.terms[0]!.pkg === root);
  }

  termFor(pkg: string): Term | undefined {
    return this.terms.find((t) => t.pkg === pkg);
  }
}
