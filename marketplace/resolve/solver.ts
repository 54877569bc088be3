import { MarketplaceError } from '../core/errors.ts';
import { compareVersions, formatVersion, parseRequirement, parseVersion, type Version } from '../version/semver.ts';
import { requirementSet, VersionSet } from '../version/version-set.ts';
import { explainFailure } from './explain.ts';
import { Incompatibility } from './incompatibility.ts';
import { PartialSolution } from './partial-solution.ts';
import { isEmptyTerm, neg, negate, pos, type Term } from './term.ts';

/** One published version as the solver sees it (from the registry index). */
export interface CandidateVersion {
  version: string;
  dependencies: { name: string; requirement: string; optional?: boolean }[];
  yanked?: boolean;
  /** lifecycle.status of the version (`sunset` versions are no candidates unless locked). */
  status?: string;
  minPlatformVersion?: string;
  maxPlatformVersion?: string;
  apiVersion?: string;
}

/** Where the solver reads versions; undefined = the name exists in no configured registry. */
export interface PackageSource {
  versions(name: string): readonly CandidateVersion[] | undefined;
}

export interface SolveRequest {
  root: string;
  requirements: { name: string; requirement: string; optional?: boolean }[];
  /** Lock pins: tried first, and kept even when yanked or sunset. */
  locked?: ReadonlyMap<string, string>;
  /** The running platform version (install needs min <= platform <= max). */
  platformVersion?: string;
  /** The toolchain's ESCIR API version (candidate api_version <= it, same major; 0.x same minor). */
  toolchainApiVersion?: string;
  includeOptional?: boolean;
}

export interface SolveResult {
  /** name -> selected version text (root excluded). */
  selected: Map<string, string>;
  warnings: string[];
  /** Decisions and conflicts, for diagnostics and the benchmark. */
  stats: { decisions: number; conflicts: number; learned: number };
}

interface PackageIndex {
  /** Every known version, parsed (used to cut unadmitted pre-releases out of ranges). */
  all: Version[];
  /** Installable candidates, highest first. */
  candidates: { v: Version; info: CandidateVersion }[];
}

/**
 * PubGrub version solving (MARKETPLACE.md §3.2): unit propagation over incompatibilities,
 * decisions on the package with the fewest candidates (ties by name) taking the locked
 * version else the highest, conflict-driven backjumping with learned incompatibilities.
 * Failures carry the derivation as an explanation in the §3.2 shape.
 */
export function solve(source: PackageSource, req: SolveRequest): SolveResult {
  return new Solver(source, req).run();
}

const ROOT_VERSION = parseVersion('0.0.0')!;

class Solver {
  private readonly incompats = new Map<string, Incompatibility[]>();
  private readonly solution = new PartialSolution();
  private readonly indexes = new Map<string, PackageIndex | null>();
  private readonly setCache = new Map<string, VersionSet>();
  /** Candidate counts per package for its current allowed set (sets are immutable: identity is enough). */
  private readonly countCache = new Map<string, { set: VersionSet; count: number }>();
  private readonly warnings: string[] = [];
  private readonly stats = { decisions: 0, conflicts: 0, learned: 0 };
  private readonly platform: Version | undefined;
  private readonly api: Version | undefined;

  constructor(
    private readonly source: PackageSource,
    private readonly req: SolveRequest,
  ) {
    this.platform = req.platformVersion ? parseVersion(req.platformVersion) : undefined;
    this.api = req.toolchainApiVersion ? parseVersion(req.toolchainApiVersion) : undefined;
  }

  run(): SolveResult {
    const root = this.req.root;
    this.add(new Incompatibility([neg(root, VersionSet.ANY)], { kind: 'root' }));
    let next: string | undefined = root;
    while (next !== undefined) {
      this.propagate(next);
      next = this.decideNext();
    }
    const selected = new Map<string, string>();
    for (const [pkg, v] of this.solution.decisions) if (pkg !== root) selected.set(pkg, formatVersion(v));
    return { selected, warnings: this.warnings, stats: this.stats };
  }

  private add(inc: Incompatibility): void {
    for (const t of inc.terms) {
      let list = this.incompats.get(t.pkg);
      if (!list) this.incompats.set(t.pkg, (list = []));
      list.push(inc);
    }
  }

  // --- registry view -------------------------------------------------------------------

  private index(name: string): PackageIndex | null {
    let idx = this.indexes.get(name);
    if (idx !== undefined) return idx;
    const versions = this.source.versions(name);
    if (!versions) {
      this.indexes.set(name, null);
      return null;
    }
    const all: Version[] = [];
    const candidates: PackageIndex['candidates'] = [];
    const lockedText = this.req.locked?.get(name);
    const lockedVersion = lockedText ? parseVersion(lockedText) : undefined;
    for (const info of versions) {
      const v = parseVersion(info.version);
      if (!v) continue;
      all.push(v);
      const isLocked = lockedVersion !== undefined && compareVersions(v, lockedVersion) === 0;
      if (info.yanked && !isLocked) continue;
      if (info.status === 'sunset') {
        if (!isLocked) continue;
        this.warnings.push(`${name} ${formatVersion(v)} is sunset; kept because the lockfile pins it`);
      }
      if (info.status === 'draft') continue;
      if (!this.platformOk(info) || !this.apiOk(info)) continue;
      candidates.push({ v, info });
    }
    candidates.sort((a, b) => compareVersions(b.v, a.v));
    idx = { all, candidates };
    this.indexes.set(name, idx);
    return idx;
  }

  private platformOk(info: CandidateVersion): boolean {
    if (!this.platform) return true;
    const min = info.minPlatformVersion ? parseVersion(info.minPlatformVersion) : undefined;
    if (min && compareVersions(this.platform, min) < 0) return false;
    const max = info.maxPlatformVersion && info.maxPlatformVersion !== '*' ? parseVersion(info.maxPlatformVersion) : undefined;
    return !(max && compareVersions(this.platform, max) > 0);
  }

  private apiOk(info: CandidateVersion): boolean {
    if (!this.api || !info.apiVersion) return true;
    const a = parseVersion(info.apiVersion);
    if (!a) return false;
    if (a.major !== this.api.major || compareVersions(a, this.api) > 0) return false;
    return this.api.major !== 0 || a.minor === this.api.minor;
  }

  private rangeOf(name: string, requirement: string): VersionSet {
    const key = `${name}\0${requirement}`;
    let set = this.setCache.get(key);
    if (!set) {
      set = requirementSet(parseRequirement(requirement), this.index(name)?.all ?? []);
      this.setCache.set(key, set);
    }
    return set;
  }

  /**
   * Dependency incompatibilities of pkg@v. Each one covers every neighbouring candidate with
   * the same requirement on that dependency, so a conflict rules out the whole run of versions
   * at once (and explanations say "every version of b" instead of listing them).
   */
  private dependencyIncompats(pkg: string, v: Version, deps: CandidateVersion['dependencies']): Incompatibility[] {
    const out: Incompatibility[] = [];
    const ascending = pkg === this.req.root ? undefined : [...(this.index(pkg)?.candidates ?? [])].reverse();
    const at = ascending?.findIndex((c) => compareVersions(c.v, v) === 0) ?? -1;
    for (const d of deps) {
      let set: VersionSet;
      try {
        set = this.rangeOf(d.name, d.requirement);
      } catch (e) {
        throw new MarketplaceError('E008', `${pkg === this.req.root ? pkg : `${pkg} ${formatVersion(v)}`}: invalid requirement for ${d.name}: ${(e as Error).message}`);
      }
      let self = VersionSet.exact(v);
      if (ascending && at >= 0) {
        const same = (k: number) => ascending[k]!.info.dependencies.some((x) => x.name === d.name && x.requirement === d.requirement && (x.optional === true) === (d.optional === true));
        let lo = at;
        let hi = at;
        while (lo > 0 && same(lo - 1)) lo--;
        while (hi < ascending.length - 1 && same(hi + 1)) hi++;
        // A run of one keeps the exact version: "estream-wire-fix 1.0.0 depends on …" (§3.2).
        if (lo !== hi) {
          self = VersionSet.of([
            {
              lo: lo === 0 ? undefined : { v: ascending[lo]!.v, incl: true },
              hi: hi === ascending.length - 1 ? undefined : { v: ascending[hi + 1]!.v, incl: false },
            },
          ]);
        }
      }
      if (d.optional && !this.req.includeOptional) {
        // Optional: only constrains the dependee when something else selects it.
        out.push(new Incompatibility([pos(pkg, self), pos(d.name, set.complement())], { kind: 'optional', depender: pkg, dependee: d.name }));
      } else out.push(new Incompatibility([pos(pkg, self), neg(d.name, set)], { kind: 'dependency', depender: pkg, dependee: d.name }));
    }
    return out;
  }

  // --- unit propagation ------------------------------------------------------------------

  private propagate(start: string): void {
    const changed = [start];
    const queued = new Set(changed);
    while (changed.length) {
      const pkg = changed.pop()!;
      queued.delete(pkg);
      const list = this.incompats.get(pkg) ?? [];
      for (let i = list.length - 1; i >= 0; i--) {
        const inc = list[i]!;
        const r = this.relationOf(inc);
        if (r === 'contradicted' || r === 'inconclusive') continue;
        if (r === 'satisfied') {
          const rootCause = this.resolveConflict(inc);
          const r2 = this.relationOf(rootCause);
          if (typeof r2 !== 'object') throw new Error('internal: learned incompatibility is not almost satisfied after backjump');
          this.solution.derive(negate(r2.unsatisfied), rootCause);
          changed.length = 0;
          queued.clear();
          changed.push(r2.unsatisfied.pkg);
          queued.add(r2.unsatisfied.pkg);
          break;
        }
        this.solution.derive(negate(r.unsatisfied), inc);
        if (!queued.has(r.unsatisfied.pkg)) {
          changed.push(r.unsatisfied.pkg);
          queued.add(r.unsatisfied.pkg);
        }
      }
    }
  }

  private relationOf(inc: Incompatibility): 'satisfied' | 'contradicted' | 'inconclusive' | { unsatisfied: Term } {
    let unsatisfied: Term | undefined;
    for (const t of inc.terms) {
      const r = this.solution.relation(t);
      if (r === 'contradicted') return 'contradicted';
      if (r === 'inconclusive') {
        if (unsatisfied) return 'inconclusive';
        unsatisfied = t;
      }
    }
    return unsatisfied ? { unsatisfied } : 'satisfied';
  }

  // --- conflict resolution --------------------------------------------------------------

  private resolveConflict(conflicting: Incompatibility): Incompatibility {
    this.stats.conflicts++;
    let inc = conflicting;
    let created = false;
    for (;;) {
      if (inc.isFailure(this.req.root)) throw explainFailure(inc, this.req.root, (pkg) => this.index(pkg)?.all ?? []);
      let satisfier: ReturnType<PartialSolution['satisfier']> | undefined;
      let term: Term | undefined;
      let previousLevel = 1;
      const found = inc.terms.map((t) => ({ t, a: this.solution.satisfier(t) }));
      for (const { t, a } of found) {
        if (!satisfier || a.index > satisfier.index) {
          satisfier = a;
          term = t;
        }
      }
      for (const { t, a } of found) if (t !== term) previousLevel = Math.max(previousLevel, a.decisionLevel);
      const difference = PartialSolution.difference(satisfier!.term, term!);
      if (!isEmptyTerm(difference)) previousLevel = Math.max(previousLevel, this.solution.satisfier(negate(difference)).decisionLevel);

      if (!satisfier!.cause || previousLevel < satisfier!.decisionLevel) {
        if (created) {
          this.add(inc);
          this.stats.learned++;
        }
        this.solution.backtrack(previousLevel);
        return inc;
      }
      const terms: Term[] = [...inc.terms.filter((t) => t !== term), ...satisfier!.cause.terms.filter((t) => t.pkg !== satisfier!.term.pkg)];
      if (!isEmptyTerm(difference)) terms.push(negate(difference));
      inc = new Incompatibility(terms, { kind: 'conflict', conflict: inc, other: satisfier!.cause });
      created = true;
    }
  }

  // --- decisions ------------------------------------------------------------------------

  private decideNext(): string | undefined {
    const root = this.req.root;
    let pkg: string | undefined;
    let set: VersionSet = VersionSet.EMPTY;
    let best = Infinity;
    this.solution.forEachUndecided((p, s) => {
      let count: number;
      if (p === root) count = -2;
      else {
        const cached = this.countCache.get(p);
        if (cached && cached.set === s) count = cached.count;
        else {
          const idx = this.index(p);
          count = idx ? countIn(idx, s) : -1;
          this.countCache.set(p, { set: s, count });
        }
      }
      if (count < best || (count === best && p < pkg!)) {
        best = count;
        pkg = p;
        set = s;
      }
    });
    if (pkg === undefined) return undefined;
    if (pkg === root) {
      this.solution.decide(root, ROOT_VERSION);
      this.stats.decisions++;
      for (const inc of this.dependencyIncompats(root, ROOT_VERSION, this.req.requirements)) this.add(inc);
      return root;
    }
    const idx = this.index(pkg);
    if (!idx) {
      this.add(new Incompatibility([pos(pkg, VersionSet.ANY)], { kind: 'unknown' }));
      return pkg;
    }
    const lockedText = this.req.locked?.get(pkg);
    const locked = lockedText ? parseVersion(lockedText) : undefined;
    let chosen = locked ? idx.candidates.find((c) => compareVersions(c.v, locked) === 0 && set.contains(c.v)) : undefined;
    chosen ??= idx.candidates.find((c) => set.contains(c.v));
    if (!chosen) {
      this.add(new Incompatibility([pos(pkg, set)], { kind: 'noVersions' }));
      return pkg;
    }
    let conflict = false;
    for (const inc of this.dependencyIncompats(pkg, chosen.v, chosen.info.dependencies)) {
      this.add(inc);
      conflict ||= inc.terms.every((t) => t.pkg === pkg || this.solution.satisfies(t));
    }
    if (!conflict) {
      this.solution.decide(pkg, chosen.v);
      this.stats.decisions++;
    }
    return pkg;
  }
}

function countIn(idx: PackageIndex, set: VersionSet): number {
  let n = 0;
  for (const c of idx.candidates) if (set.contains(c.v)) n++;
  return n;
}
