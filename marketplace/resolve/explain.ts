import { MarketplaceError, type MarketplaceCode } from '../core/errors.ts';
import { formatVersion, type Version } from '../version/semver.ts';
import type { Incompatibility } from './incompatibility.ts';
import type { Term } from './term.ts';
import { VersionSet } from '../version/version-set.ts';

/**
 * Turns a failed solve into the explanation of MARKETPLACE.md §3.2: one step per derivation,
 * external facts before derived ones, every derived step but the last numbered `(n)` and
 * referred to by that number when reused, ranges in normalised form.
 */
export function explainFailure(failure: Incompatibility, root: string, known: (pkg: string) => readonly Version[] = () => []): MarketplaceError {
  const lines = new Explainer(root, known).explain(failure);
  const externals = collectExternals(failure);
  const unknown = externals.find((i) => i.cause.kind === 'unknown');
  const none = externals.find((i) => i.cause.kind === 'noVersions' && i.terms.length === 1 && isRequirementRange(i, externals));
  let code: MarketplaceCode = 'E003';
  let message = 'version solving failed';
  if (unknown) {
    code = 'E001';
    message = `component not found: ${unknown.terms[0]!.pkg}`;
  } else if (none) {
    code = 'E002';
    const t = none.terms[0]!;
    message = `no installable version of ${t.pkg} matches ${t.set.toString()}`;
  }
  return new MarketplaceError(code, message, { details: lines });
}

/** A noVersions fact about a range a single requirement wrote (not an intersection of several). */
function isRequirementRange(noVersions: Incompatibility, externals: Incompatibility[]): boolean {
  const t = noVersions.terms[0]!;
  return externals.some((i) => (i.cause.kind === 'dependency' || i.cause.kind === 'root') && i.terms.some((u) => u.pkg === t.pkg && !u.positive && u.set.equals(t.set)));
}

function collectExternals(inc: Incompatibility, out: Incompatibility[] = [], seen = new Set<Incompatibility>()): Incompatibility[] {
  if (seen.has(inc)) return out;
  seen.add(inc);
  if (inc.cause.kind === 'conflict') {
    collectExternals(inc.cause.conflict, out, seen);
    collectExternals(inc.cause.other, out, seen);
  } else out.push(inc);
  return out;
}

class Explainer {
  private readonly lines: string[] = [];
  private readonly numbers = new Map<Incompatibility, number>();
  /** Derived incompatibilities shown as the fact they restate (see `visit`). */
  private readonly alias = new Map<Incompatibility, Incompatibility>();

  constructor(
    private readonly root: string,
    private readonly known: (pkg: string) => readonly Version[],
  ) {}

  /**
   * A "no versions" fact about nothing but the gaps between published versions (every version
   * outside the set is a published one): true but empty, so explanations skip it.
   */
  private vacuous(inc: Incompatibility): boolean {
    if (inc.cause.kind !== 'noVersions' || inc.terms.length !== 1) return false;
    const t = inc.terms[0]!;
    const known = this.known(t.pkg);
    if (known.some((v) => t.set.contains(v))) return false;
    let covered = t.set;
    for (const v of known) covered = covered.union(VersionSet.exact(v));
    return covered.isAny();
  }

  private shown(inc: Incompatibility): Incompatibility {
    let cur = inc;
    while (this.alias.has(cur)) cur = this.alias.get(cur)!;
    return cur;
  }

  explain(failure: Incompatibility): string[] {
    if (failure.cause.kind !== 'conflict') {
      this.lines.push(`Because ${this.describe(failure)}, no solution exists.`);
      return this.lines;
    }
    this.visit(failure, true);
    return this.lines;
  }

  private ref(inc: Incompatibility): string {
    const target = this.shown(inc);
    const n = this.numbers.get(target);
    return n === undefined ? this.describe(target) : `${this.describe(target)} (${n})`;
  }

  /**
   * Writes one step: the lead clauses, then the conclusion (numbered unless final), either on
   * its own line or appended to the last lead clause (`inline`).
   */
  private conclude(lead: string[], inc: Incompatibility, final: boolean, inline = false): void {
    let text = `${this.describe(inc)}.`;
    if (!final) {
      const n = this.numbers.size + 1;
      this.numbers.set(inc, n);
      text += ` (${n})`;
    }
    if (inline) lead[lead.length - 1] += ` ${text}`;
    else lead.push(text);
    this.lines.push(...lead);
  }

  private visit(inc: Incompatibility, final: boolean): void {
    if (inc.cause.kind !== 'conflict') return;
    let { conflict, other } = inc.cause;
    if (this.vacuous(conflict) || this.vacuous(other)) {
      // The vacuous side adds nothing: the step restates the other side.
      const kept = this.vacuous(conflict) ? other : conflict;
      if (kept.cause.kind === 'conflict' && !this.numbers.has(this.shown(kept))) this.visit(kept, false);
      if (!final) {
        this.alias.set(inc, kept);
        return;
      }
      this.conclude([`${this.shown(kept).cause.kind === 'conflict' ? 'Thus, because' : 'Because'} ${this.ref(kept)},`], inc, final, true);
      return;
    }
    // Sides that merely restate another fact are resolved before choosing the wording.
    for (const side of [conflict, other]) if (this.vacuousChain(side) && !this.alias.has(side)) this.visit(side, false);
    conflict = this.shown(conflict);
    other = this.shown(other);
    const derivedC = conflict.cause.kind === 'conflict';
    const derivedO = other.cause.kind === 'conflict';
    if (derivedC && derivedO) {
      const nc = this.numbers.get(conflict);
      const no = this.numbers.get(other);
      if (nc !== undefined && no !== undefined) {
        this.conclude([`Because ${this.ref(conflict)}`, `and ${this.ref(other)},`], inc, final);
      } else if (nc !== undefined || no !== undefined) {
        const [known, unknown] = nc !== undefined ? [conflict, other] : [other, conflict];
        this.visit(unknown, false);
        this.conclude([`And because ${this.ref(known)},`], inc, final, true);
      } else {
        this.visit(conflict, false);
        this.visit(other, false);
        this.conclude([`Thus, because ${this.ref(conflict)}`, `and ${this.ref(other)},`], inc, final);
      }
      return;
    }
    if (derivedC || derivedO) {
      const [derived, external] = derivedC ? [conflict, other] : [other, conflict];
      if (this.numbers.has(derived)) {
        this.conclude([`Because ${this.describe(external)}`, `and ${this.ref(derived)},`], inc, final);
        return;
      }
      this.visit(derived, false);
      this.conclude([`And because ${this.describe(external)},`], inc, final, true);
      return;
    }
    // Both external: the fact closest to the root first.
    if (!this.mentionsRoot(conflict) && this.mentionsRoot(other)) [conflict, other] = [other, conflict];
    this.conclude([`Because ${this.describe(conflict)}`, `and ${this.describe(other)},`], inc, final);
  }

  /** Whether visiting would only alias (so it must happen before choosing how to print). */
  private vacuousChain(inc: Incompatibility): boolean {
    return inc.cause.kind === 'conflict' && (this.vacuous(inc.cause.conflict) || this.vacuous(inc.cause.other));
  }

  private mentionsRoot(inc: Incompatibility): boolean {
    return inc.terms.some((t) => t.pkg === this.root);
  }

  // --- text of incompatibilities and terms ---------------------------------------------

  /** `name 1.0.0`, `name >=1.0.0, <2.0.0`, `every version of name`, or the root's bare name. */
  private subject(t: Term): string {
    if (t.pkg === this.root) return this.root;
    const single = t.set.singleVersion();
    if (single) return `${t.pkg} ${formatVersion(single)}`;
    if (t.set.isAny()) return `every version of ${t.pkg}`;
    // Ranges read against the versions that exist: one -> that version, all -> every version.
    const known = this.known(t.pkg);
    const members = known.filter((v) => t.set.contains(v));
    if (members.length === 1) return `${t.pkg} ${formatVersion(members[0]!)}`;
    if (members.length > 1 && members.length === known.length) return `every version of ${t.pkg}`;
    return `${t.pkg} ${t.set.toString()}`;
  }

  /** A range as a requirement reads: `name >=1.0.0, <2.0.0`, `name =1.0.0`, `name *`. */
  private range(t: Term): string {
    return `${t.pkg} ${t.set.toString()}`;
  }

  describe(inc: Incompatibility): string {
    const c = inc.cause;
    const terms = inc.terms;
    if (c.kind === 'dependency' && terms.length === 2) {
      const depender = terms.find((t) => t.pkg === c.depender)!;
      const dependee = terms.find((t) => t.pkg === c.dependee)!;
      return `${this.subject(depender)} depends on ${this.range(dependee)}`;
    }
    if (c.kind === 'optional' && terms.length === 2) {
      const depender = terms.find((t) => t.pkg === c.depender)!;
      const dependee = terms.find((t) => t.pkg === c.dependee)!;
      return `${this.subject(depender)} optionally depends on ${dependee.pkg} ${dependee.set.complement().toString()}`;
    }
    if (c.kind === 'noVersions' && terms.length === 1) return `no installable versions of ${this.range(terms[0]!)} exist`;
    if (c.kind === 'unknown' && terms.length === 1) return `${terms[0]!.pkg} is not in any configured registry`;
    if (inc.isFailure(this.root)) return 'no solution exists';
    if (terms.length === 1) {
      const t = terms[0]!;
      return t.positive ? `${this.subject(t)} is forbidden` : `${this.range(t)} is required`;
    }
    const positives = terms.filter((t) => t.positive);
    const negatives = terms.filter((t) => !t.positive);
    if (terms.length === 2) {
      if (positives.length === 2) {
        const [a, b] = positives[0]!.pkg === this.root ? [positives[0]!, positives[1]!] : positives[1]!.pkg === this.root ? [positives[1]!, positives[0]!] : [positives[0]!, positives[1]!];
        return `${this.subject(a)} is incompatible with ${this.subject(b)}`;
      }
      if (positives.length === 1) {
        const p = positives[0]!;
        const n = negatives[0]!;
        return `${this.subject(p)} requires ${this.range(n)}`;
      }
      return `either ${this.range(negatives[0]!)} or ${this.range(negatives[1]!)} is required`;
    }
    if (negatives.length === 0) return `one of ${positives.map((t) => this.subject(t)).join(', ')} must be left out`;
    return `if ${positives.map((t) => this.subject(t)).join(' and ')} then ${negatives.map((t) => this.range(t)).join(' or ')} is required`;
  }
}
