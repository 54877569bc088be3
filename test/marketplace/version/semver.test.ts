import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, formatVersion, parseCliSpec, parseRequirement, parseVersion, satisfies } from '../../../marketplace/version/semver.ts';
import { requirementSet, VersionSet } from '../../../marketplace/version/version-set.ts';

const v = (s: string) => parseVersion(s)!;
const sat = (ver: string, req: string) => satisfies(v(ver), parseRequirement(req));

describe('SemVer 2.0.0 precedence', () => {
  it('orders the spec example', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1'];
    for (let i = 1; i < order.length; i++) expect(compareVersions(v(order[i - 1]!), v(order[i]!))).toBe(-1);
    expect(compareVersions(v('1.0.0+build.1'), v('1.0.0+other'))).toBe(0);
  });
  it('refuses partial and malformed versions', () => {
    for (const bad of ['1', '1.2', '01.2.3', '1.2.3-', '1.2.3-01', 'v1.2.3', '1.2.x']) expect(parseVersion(bad)).toBeUndefined();
  });
});

describe('requirements (§3.1)', () => {
  it.each([
    ['^1.2.3', ['1.2.3', '1.9.9'], ['1.2.2', '2.0.0']],
    ['1.2.3', ['1.2.3', '1.5.0'], ['2.0.0']],
    ['^0.9.0', ['0.9.0', '0.9.7'], ['0.10.0', '0.8.9']],
    ['^0.0.3', ['0.0.3'], ['0.0.4', '0.0.2']],
    ['~1.2.3', ['1.2.3', '1.2.9'], ['1.3.0']],
    ['~0.2.3', ['0.2.3', '0.2.8'], ['0.3.0']],
    ['=1.2.3', ['1.2.3'], ['1.2.4']],
    ['>1.2.3', ['1.2.4'], ['1.2.3']],
    ['>=1.0.0, <2.0.0', ['1.0.0', '1.99.0'], ['2.0.0', '0.9.0']],
    [' >= 1.0.0 ,<= 1.5.0 ', ['1.5.0'], ['1.5.1']],
    ['*', ['0.0.1', '99.0.0'], ['1.0.0-beta']],
  ])('%s', (req, yes, no) => {
    for (const x of yes) expect(sat(x, req), `${x} in ${req}`).toBe(true);
    for (const x of no) expect(sat(x, req), `${x} not in ${req}`).toBe(false);
  });

  it('admits pre-releases only of the named M.m.p', () => {
    expect(sat('1.2.3-rc.2', '^1.2.3-rc.1')).toBe(true);
    expect(sat('1.2.3', '^1.2.3-rc.1')).toBe(true);
    expect(sat('1.9.0', '^1.2.3-rc.1')).toBe(true);
    expect(sat('1.3.0-beta', '^1.2.3-rc.1')).toBe(false);
    expect(sat('2.0.0-alpha', '<2.0.0')).toBe(false);
  });

  it('refuses partial versions and ||', () => {
    expect(() => parseRequirement('^1.2')).toThrow(/partial/);
    expect(() => parseRequirement('1.0.0 || 2.0.0')).toThrow(/\|\|/);
    expect(() => parseRequirement('')).toThrow();
    expect(() => parseRequirement('>=1.0.0,')).toThrow();
  });

  it('reads CLI specs', () => {
    expect(parseCliSpec('data-trading')).toEqual({ name: 'data-trading', requirement: '*' });
    expect(parseCliSpec('data-trading@1.2.3')).toEqual({ name: 'data-trading', requirement: '=1.2.3' });
    expect(parseCliSpec('@acme/x@^1.0.0')).toEqual({ name: '@acme/x', requirement: '^1.0.0' });
  });
});

// A grid of versions to compare set algebra with plain membership.
const GRID = ['0.0.1', '0.1.0', '0.9.0', '1.0.0-alpha', '1.0.0', '1.2.0', '1.2.3-rc.1', '1.2.3', '1.5.0', '2.0.0-beta', '2.0.0', '2.5.1', '3.0.0'].map(v);
const reqArb = fc
  .tuple(fc.constantFrom('^', '~', '=', '>', '>=', '<', '<='), fc.constantFrom(...GRID.map(formatVersion)))
  .map(([op, ver]) => `${op}${ver}`);
const setArb = fc.array(reqArb, { minLength: 1, maxLength: 2 }).map((rs) => requirementSet(rs.join(', '), GRID));

describe('VersionSet algebra (property)', () => {
  const members = (s: VersionSet) => GRID.filter((x) => s.contains(x)).map(formatVersion);
  it('intersection, union and complement agree with membership', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        const ma = new Set(members(a));
        const mb = new Set(members(b));
        expect(members(a.intersect(b))).toEqual(GRID.map(formatVersion).filter((x) => ma.has(x) && mb.has(x)));
        expect(members(a.union(b))).toEqual(GRID.map(formatVersion).filter((x) => ma.has(x) || mb.has(x)));
        expect(members(a.complement())).toEqual(GRID.map(formatVersion).filter((x) => !ma.has(x)));
        expect(a.complement().complement().equals(a)).toBe(true);
        expect(a.minus(b).subsetOf(a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('prints normalised ranges', () => {
    expect(requirementSet('^1.0.0', GRID).toString()).toBe('>=1.0.0, <2.0.0');
    expect(requirementSet('=1.0.0', GRID).toString()).toBe('=1.0.0');
    expect(VersionSet.ANY.toString()).toBe('*');
    expect(requirementSet('>=1.0.0, <1.2.0', GRID).union(requirementSet('>=2.0.0', GRID)).toString()).toBe('>=1.0.0, <1.2.0 or >=2.0.0');
  });
});
