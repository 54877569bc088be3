/**
 * SemVer 2.0.0 versions and the requirement language of MARKETPLACE.md §3.1.
 * Parsing is strict: partial versions (`1.2`), `||` and `x` ranges are refused.
 */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers; numeric ones are numbers. Empty for a release. */
  pre: (string | number)[];
  /** Build metadata, kept for display but ignored by precedence. */
  build: string[];
  /** The text as written (without surrounding whitespace). */
  raw: string;
}

const NUM = '0|[1-9]\\d*';
const PRE_ID = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER_RE = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
);

export function parseVersion(text: string): Version | undefined {
  const t = text.trim();
  const m = SEMVER_RE.exec(t);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = Number(m[3]);
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  const pre = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  const build = m[5] ? m[5].split('.') : [];
  return { major, minor, patch, pre, build, raw: t };
}

export function isValidVersion(text: string): boolean {
  return parseVersion(text) !== undefined;
}

/** SemVer precedence (build metadata ignored). */
export function compareVersions(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  const n = Math.min(a.pre.length, b.pre.length);
  for (let i = 0; i < n; i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

/** Canonical text without build metadata: `1.2.3-rc.1`. */
export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre.length ? `-${v.pre.join('.')}` : ''}`;
}

/** `M.m.p` of a version: the tuple a pre-release comparator admits (§3.1). */
export function releaseTuple(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export const isPrerelease = (v: Version): boolean => v.pre.length > 0;

export function versionOf(major: number, minor: number, patch: number): Version {
  return { major, minor, patch, pre: [], build: [], raw: `${major}.${minor}.${patch}` };
}

export type ComparatorOp = '=' | '>' | '>=' | '<' | '<=';

export interface Comparator {
  op: ComparatorOp;
  version: Version;
}

/** A parsed requirement: an AND of comparators, plus the release tuples its pre-releases name. */
export interface Requirement {
  text: string;
  comparators: Comparator[];
  /** `M.m.p` of every pre-release written in a comparator: only those pre-releases are candidates. */
  prereleaseTuples: Set<string>;
}

export class RequirementError extends Error {}

/**
 * Parses a requirement (§3.1): `^1.2.3`, bare `1.2.3` (caret), `~1.2.3`, `=1.2.3`, `>`, `>=`,
 * `<`, `<=`, `*`, comma = AND; whitespace ignored. Throws RequirementError with the reason.
 */
export function parseRequirement(text: string): Requirement {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') throw new RequirementError('empty requirement');
  if (compact.includes('||')) throw new RequirementError("'||' is not supported; write one range per requirement");
  const comparators: Comparator[] = [];
  const prereleaseTuples = new Set<string>();
  for (const part of compact.split(',')) {
    if (part === '') throw new RequirementError(`empty comparator in "${text}"`);
    if (part === '*') continue;
    const m = /^(\^|~|=|>=|<=|>|<)?(.*)$/.exec(part)!;
    const op = m[1] ?? '^';
    const v = parseVersion(m[2]!);
    if (!v) {
      const hint = /^\d+(\.\d+)?$/.test(m[2]!) || /[xX*]/.test(m[2]!) ? ' (partial versions are not allowed: write MAJOR.MINOR.PATCH)' : '';
      throw new RequirementError(`invalid version "${m[2]}" in requirement "${text}"${hint}`);
    }
    if (v.pre.length) prereleaseTuples.add(releaseTuple(v));
    switch (op) {
      case '^': {
        comparators.push({ op: '>=', version: v });
        const upper =
          v.major > 0 ? versionOf(v.major + 1, 0, 0) : v.minor > 0 ? versionOf(0, v.minor + 1, 0) : versionOf(0, 0, v.patch + 1);
        comparators.push({ op: '<', version: upper });
        break;
      }
      case '~':
        comparators.push({ op: '>=', version: v });
        comparators.push({ op: '<', version: versionOf(v.major, v.minor + 1, 0) });
        break;
      default:
        comparators.push({ op: op as ComparatorOp, version: v });
    }
  }
  return { text: text.trim(), comparators, prereleaseTuples };
}

export function requirementError(text: string): string | undefined {
  try {
    parseRequirement(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Does the version satisfy the requirement, including the pre-release admission rule? */
export function satisfies(v: Version, req: Requirement): boolean {
  if (v.pre.length && !req.prereleaseTuples.has(releaseTuple(v))) return false;
  for (const c of req.comparators) {
    const k = compareVersions(v, c.version);
    const ok = c.op === '=' ? k === 0 : c.op === '>' ? k > 0 : c.op === '>=' ? k >= 0 : c.op === '<' ? k < 0 : k <= 0;
    if (!ok) return false;
  }
  return true;
}

/**
 * CLI form (§3.1): `name@1.2.3` means `=1.2.3`, operators as written, no `@` = any version
 * (the solver then takes the highest installable).
 */
export function parseCliSpec(spec: string): { name: string; requirement: string } {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at === -1) return { name: spec, requirement: '*' };
  const name = spec.slice(0, at);
  const req = spec.slice(at + 1).trim();
  if (req === '') return { name, requirement: '*' };
  return { name, requirement: /^\d/.test(req) ? `=${req}` : req };
}
