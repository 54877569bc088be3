import { compareVersions, formatVersion, isPrerelease, parseRequirement, releaseTuple, type Requirement, type Version } from './semver.ts';

/** One end of an interval; `undefined` is unbounded. */
export interface Bound {
  v: Version;
  incl: boolean;
}

export interface Segment {
  lo: Bound | undefined;
  hi: Bound | undefined;
}

function cmpLo(a: Bound | undefined, b: Bound | undefined): number {
  if (!a || !b) return a === b ? 0 : !a ? -1 : 1;
  const k = compareVersions(a.v, b.v);
  if (k) return k;
  return a.incl === b.incl ? 0 : a.incl ? -1 : 1;
}

function cmpHi(a: Bound | undefined, b: Bound | undefined): number {
  if (!a || !b) return a === b ? 0 : !a ? 1 : -1;
  const k = compareVersions(a.v, b.v);
  if (k) return k;
  return a.incl === b.incl ? 0 : a.incl ? 1 : -1;
}

function nonEmpty(s: Segment): boolean {
  if (!s.lo || !s.hi) return true;
  const k = compareVersions(s.lo.v, s.hi.v);
  return k < 0 || (k === 0 && s.lo.incl && s.hi.incl);
}

/** Do a segment ending at `hi` and one starting at `lo` touch or overlap (so they merge)? */
function touches(hi: Bound | undefined, lo: Bound | undefined): boolean {
  if (!hi || !lo) return true;
  const k = compareVersions(hi.v, lo.v);
  return k > 0 || (k === 0 && (hi.incl || lo.incl));
}

/**
 * A set of versions as sorted, disjoint intervals over SemVer precedence: the "term" domain
 * of the PubGrub solver (§3.2). Immutable.
 */
export class VersionSet {
  private constructor(readonly segments: readonly Segment[]) {}

  static readonly EMPTY = new VersionSet([]);
  static readonly ANY = new VersionSet([{ lo: undefined, hi: undefined }]);

  static exact(v: Version): VersionSet {
    return new VersionSet([{ lo: { v, incl: true }, hi: { v, incl: true } }]);
  }

  static of(segments: Segment[]): VersionSet {
    return VersionSet.normalise(segments.filter(nonEmpty));
  }

  private static normalise(segs: Segment[]): VersionSet {
    if (segs.length <= 1) return new VersionSet(segs);
    const sorted = [...segs].sort((a, b) => cmpLo(a.lo, b.lo));
    const out: Segment[] = [];
    let cur = sorted[0]!;
    for (let i = 1; i < sorted.length; i++) {
      const s = sorted[i]!;
      if (touches(cur.hi, s.lo)) cur = { lo: cur.lo, hi: cmpHi(cur.hi, s.hi) >= 0 ? cur.hi : s.hi };
      else {
        out.push(cur);
        cur = s;
      }
    }
    out.push(cur);
    return new VersionSet(out);
  }

  isEmpty(): boolean {
    return this.segments.length === 0;
  }

  isAny(): boolean {
    return this.segments.length === 1 && !this.segments[0]!.lo && !this.segments[0]!.hi;
  }

  /** The single version this set holds, when it is exactly one point. */
  singleVersion(): Version | undefined {
    if (this.segments.length !== 1) return undefined;
    const s = this.segments[0]!;
    if (s.lo && s.hi && s.lo.incl && s.hi.incl && compareVersions(s.lo.v, s.hi.v) === 0) return s.lo.v;
    return undefined;
  }

  contains(v: Version): boolean {
    for (const s of this.segments) {
      if (s.lo) {
        const k = compareVersions(v, s.lo.v);
        if (k < 0 || (k === 0 && !s.lo.incl)) continue;
      }
      if (s.hi) {
        const k = compareVersions(v, s.hi.v);
        if (k > 0 || (k === 0 && !s.hi.incl)) continue;
      }
      return true;
    }
    return false;
  }

  intersect(o: VersionSet): VersionSet {
    if (this.isAny()) return o;
    if (o.isAny()) return this;
    const out: Segment[] = [];
    let i = 0;
    let j = 0;
    const a = this.segments;
    const b = o.segments;
    while (i < a.length && j < b.length) {
      const lo = cmpLo(a[i]!.lo, b[j]!.lo) >= 0 ? a[i]!.lo : b[j]!.lo;
      const hi = cmpHi(a[i]!.hi, b[j]!.hi) <= 0 ? a[i]!.hi : b[j]!.hi;
      const s = { lo, hi };
      if (nonEmpty(s)) out.push(s);
      if (cmpHi(a[i]!.hi, b[j]!.hi) <= 0) i++;
      else j++;
    }
    return new VersionSet(out);
  }

  union(o: VersionSet): VersionSet {
    if (this.isEmpty()) return o;
    if (o.isEmpty()) return this;
    return VersionSet.normalise([...this.segments, ...o.segments]);
  }

  complement(): VersionSet {
    const out: Segment[] = [];
    let prev: Bound | undefined;
    let first = true;
    for (const s of this.segments) {
      if (first) {
        if (s.lo) out.push({ lo: undefined, hi: { v: s.lo.v, incl: !s.lo.incl } });
      } else out.push({ lo: prev, hi: s.lo ? { v: s.lo.v, incl: !s.lo.incl } : undefined });
      first = false;
      if (!s.hi) return new VersionSet(out.filter(nonEmpty));
      prev = { v: s.hi.v, incl: !s.hi.incl };
    }
    out.push({ lo: first ? undefined : prev, hi: undefined });
    return new VersionSet(out.filter(nonEmpty));
  }

  minus(o: VersionSet): VersionSet {
    return this.intersect(o.complement());
  }

  subsetOf(o: VersionSet): boolean {
    return this.minus(o).isEmpty();
  }

  disjoint(o: VersionSet): boolean {
    return this.intersect(o).isEmpty();
  }

  equals(o: VersionSet): boolean {
    if (this.segments.length !== o.segments.length) return false;
    return this.segments.every((s, k) => cmpLo(s.lo, o.segments[k]!.lo) === 0 && cmpHi(s.hi, o.segments[k]!.hi) === 0);
  }

  /**
   * Normalised range text (§3.2): `>=1.0.0, <2.0.0`, `=1.2.3`, `*`, alternatives joined by
   * ` or `. Gaps that are a single excluded pre-release point are not shown: a requirement
   * written without pre-releases excludes them already (§3.1).
   */
  toString(): string {
    if (this.isEmpty()) return '(none)';
    const merged: Segment[] = [];
    for (const s of this.segments) {
      const last = merged[merged.length - 1];
      if (last && last.hi && s.lo && !last.hi.incl && !s.lo.incl && compareVersions(last.hi.v, s.lo.v) === 0 && isPrerelease(s.lo.v)) {
        merged[merged.length - 1] = { lo: last.lo, hi: s.hi };
      } else merged.push(s);
    }
    return merged.map(segmentText).join(' or ');
  }
}

function segmentText(s: Segment): string {
  if (!s.lo && !s.hi) return '*';
  if (s.lo && s.hi && s.lo.incl && s.hi.incl && compareVersions(s.lo.v, s.hi.v) === 0) return `=${formatVersion(s.lo.v)}`;
  const parts: string[] = [];
  if (s.lo) parts.push(`${s.lo.incl ? '>=' : '>'}${formatVersion(s.lo.v)}`);
  if (s.hi) parts.push(`${s.hi.incl ? '<=' : '<'}${formatVersion(s.hi.v)}`);
  return parts.join(', ');
}

/** The interval a requirement's comparators describe, before the pre-release rule. */
export function requirementInterval(req: Requirement): VersionSet {
  let set = VersionSet.ANY;
  for (const c of req.comparators) {
    const v = c.version;
    let seg: Segment;
    switch (c.op) {
      case '=':
        seg = { lo: { v, incl: true }, hi: { v, incl: true } };
        break;
      case '>':
        seg = { lo: { v, incl: false }, hi: undefined };
        break;
      case '>=':
        seg = { lo: { v, incl: true }, hi: undefined };
        break;
      case '<':
        seg = { lo: undefined, hi: { v, incl: false } };
        break;
      case '<=':
        seg = { lo: undefined, hi: { v, incl: true } };
        break;
    }
    set = set.intersect(VersionSet.of([seg]));
  }
  return set;
}

/**
 * The requirement as a version set over a package's known versions: the interval with every
 * known pre-release the requirement does not admit cut out as a point (§3.1 pre-release rule).
 */
export function requirementSet(req: Requirement | string, known: readonly Version[]): VersionSet {
  const r = typeof req === 'string' ? parseRequirement(req) : req;
  let set = requirementInterval(r);
  for (const v of known) {
    if (v.pre.length && !r.prereleaseTuples.has(releaseTuple(v)) && set.contains(v)) set = set.minus(VersionSet.exact(v));
  }
  return set;
}
