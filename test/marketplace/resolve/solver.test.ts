import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketplaceError } from '../../../marketplace/core/errors.ts';
import { checkGraph, type GraphNode } from '../../../marketplace/resolve/graph.ts';
import { solve, type CandidateVersion, type PackageSource, type SolveRequest } from '../../../marketplace/resolve/solver.ts';
import { parseRequirement, parseVersion, satisfies } from '../../../marketplace/version/semver.ts';

type Reg = Record<string, (Omit<CandidateVersion, 'dependencies'> & { dependencies?: CandidateVersion['dependencies']; deps?: Record<string, string> })[]>;

function source(reg: Reg): PackageSource {
  return {
    versions: (name) =>
      reg[name]?.map((v) => ({ ...v, dependencies: v.dependencies ?? Object.entries(v.deps ?? {}).map(([n, r]) => ({ name: n, requirement: r })) })),
  };
}

function run(reg: Reg, requirements: Record<string, string>, extra: Partial<SolveRequest> = {}) {
  return solve(source(reg), { root: 'my-app', requirements: Object.entries(requirements).map(([name, requirement]) => ({ name, requirement })), ...extra });
}

function failure(fn: () => unknown): MarketplaceError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MarketplaceError);
    return e as MarketplaceError;
  }
  throw new Error('expected a failure');
}

const pick = (r: ReturnType<typeof run>) => Object.fromEntries([...r.selected].sort());

describe('PubGrub solving', () => {
  it('solves a diamond with the highest versions that agree', () => {
    const reg: Reg = {
      a: [{ version: '1.0.0', deps: { c: '^1.0.0' } }, { version: '1.1.0', deps: { c: '^1.0.0' } }],
      b: [{ version: '1.0.0', deps: { c: '>=1.2.0' } }],
      c: [{ version: '1.0.0' }, { version: '1.2.0' }, { version: '1.5.0' }, { version: '2.0.0' }],
    };
    expect(pick(run(reg, { a: '^1.0.0', b: '^1.0.0' }))).toEqual({ a: '1.1.0', b: '1.0.0', c: '1.5.0' });
  });

  it('backjumps over a conflict and learns from it (solver.md partial-satisfier example)', () => {
    const reg: Reg = {
      foo: [{ version: '1.0.0' }, { version: '1.1.0', deps: { left: '^1.0.0', right: '^1.0.0' } }],
      left: [{ version: '1.0.0', deps: { shared: '>=1.0.0' } }],
      right: [{ version: '1.0.0', deps: { shared: '<2.0.0' } }],
      shared: [{ version: '1.0.0', deps: { target: '^1.0.0' } }, { version: '2.0.0' }],
      target: [{ version: '1.0.0' }, { version: '2.0.0' }],
    };
    const r = run(reg, { foo: '^1.0.0', target: '^2.0.0' });
    expect(pick(r)).toEqual({ foo: '1.0.0', target: '2.0.0' });
    expect(r.stats.conflicts).toBeGreaterThan(0);
    expect(r.stats.learned).toBeGreaterThan(0);
  });

  it('applies the 0.x caret rules', () => {
    const reg: Reg = { z: ['0.2.3', '0.2.9', '0.3.0', '0.0.3', '0.0.4'].map((version) => ({ version })) };
    expect(pick(run(reg, { z: '^0.2.3' }))).toEqual({ z: '0.2.9' });
    expect(pick(run(reg, { z: '^0.0.3' }))).toEqual({ z: '0.0.3' });
  });

  it('takes pre-releases only when a requirement names them', () => {
    const reg: Reg = { p: ['1.2.3-rc.1', '1.2.3-rc.2', '1.3.0-beta'].map((version) => ({ version })) };
    expect(pick(run(reg, { p: '^1.2.3-rc.1' }))).toEqual({ p: '1.2.3-rc.2' });
    const e = failure(() => run(reg, { p: '*' }));
    expect(e.code).toBe('E002');
  });

  it('skips yanked and sunset versions unless locked', () => {
    const reg: Reg = { y: [{ version: '1.0.0' }, { version: '1.1.0', yanked: true }, { version: '1.2.0', status: 'sunset' }] };
    expect(pick(run(reg, { y: '^1.0.0' }))).toEqual({ y: '1.0.0' });
    expect(pick(run(reg, { y: '^1.0.0' }, { locked: new Map([['y', '1.1.0']]) }))).toEqual({ y: '1.1.0' });
    const kept = run(reg, { y: '^1.0.0' }, { locked: new Map([['y', '1.2.0']]) });
    expect(pick(kept)).toEqual({ y: '1.2.0' });
    expect(kept.warnings[0]).toMatch(/sunset/);
  });

  it('prefers the locked version over the highest', () => {
    const reg: Reg = { l: ['1.0.0', '1.1.0', '1.2.0'].map((version) => ({ version })) };
    expect(pick(run(reg, { l: '^1.0.0' }, { locked: new Map([['l', '1.1.0']]) }))).toEqual({ l: '1.1.0' });
    expect(pick(run(reg, { l: '^1.2.0' }, { locked: new Map([['l', '1.1.0']]) }))).toEqual({ l: '1.2.0' });
  });

  it('filters by platform range and ESCIR API version', () => {
    const reg: Reg = {
      q: [
        { version: '1.0.0', minPlatformVersion: '0.1.0' },
        { version: '1.1.0', minPlatformVersion: '9.0.0' },
        { version: '1.2.0', apiVersion: '2.0.0' },
        { version: '1.3.0', maxPlatformVersion: '0.5.0' },
      ],
    };
    expect(pick(run(reg, { q: '*' }, { platformVersion: '1.0.0', toolchainApiVersion: '1.0.0' }))).toEqual({ q: '1.0.0' });
  });

  it('leaves optional dependencies out unless asked, but honours their range when selected', () => {
    const reg: Reg = {
      a: [{ version: '1.0.0', dependencies: [{ name: 'opt', requirement: '^1.0.0', optional: true }] }],
      b: [{ version: '1.0.0', deps: { opt: '*' } }],
      opt: [{ version: '1.0.0' }, { version: '2.0.0' }],
    };
    expect(pick(run(reg, { a: '*' }))).toEqual({ a: '1.0.0' });
    expect(pick(run(reg, { a: '*' }, { includeOptional: true }))).toEqual({ a: '1.0.0', opt: '1.0.0' });
    expect(pick(run(reg, { a: '*', b: '*' }))).toEqual({ a: '1.0.0', b: '1.0.0', opt: '1.0.0' });
  });
});

describe('conflict explanations (§3.2 shape)', () => {
  it('reproduces the reference explanation', () => {
    const reg: Reg = {
      'data-trading': ['1.0.0', '1.2.0', '2.0.0', '2.1.0'].map((version) => ({ version })),
      'estream-wire-fix': [{ version: '1.0.0', deps: { 'data-trading': '^2.0.0' } }],
    };
    const e = failure(() => run(reg, { 'data-trading': '^1.0.0', 'estream-wire-fix': '=1.0.0' }));
    expect(e.code).toBe('E003');
    expect([`error[${e.code}]: ${e.message}`, ...e.details.map((l) => `  ${l}`)].join('\n')).toBe(
      `error[E003]: version solving failed
  Because my-app depends on data-trading >=1.0.0, <2.0.0
  and estream-wire-fix 1.0.0 depends on data-trading >=2.0.0, <3.0.0,
  my-app is incompatible with estream-wire-fix 1.0.0. (1)
  And because my-app depends on estream-wire-fix =1.0.0, no solution exists.`,
    );
  });

  it('explains a failure after backtracking through every version', () => {
    const reg: Reg = {
      a: [
        { version: '1.0.0', deps: { c: '^1.0.0' } },
        { version: '2.0.0', deps: { c: '^2.0.0' } },
      ],
      b: [{ version: '1.0.0', deps: { c: '^3.0.0' } }],
      c: ['1.0.0', '2.0.0', '3.0.0'].map((version) => ({ version })),
    };
    const e = failure(() => run(reg, { a: '*', b: '*' }));
    expect(e.code).toBe('E003');
    expect(e.details).toEqual([
      'Because a 2.0.0 depends on c >=2.0.0, <3.0.0',
      'and a 1.0.0 depends on c >=1.0.0, <2.0.0,',
      'every version of a requires c >=1.0.0, <3.0.0. (1)',
      'And because b 1.0.0 depends on c >=3.0.0, <4.0.0, every version of b is incompatible with every version of a. (2)',
      'And because my-app depends on a *, my-app is incompatible with every version of b. (3)',
      'And because my-app depends on b *, no solution exists.',
    ]);
  });

  it('names unknown packages (E001) and empty requirements (E002)', () => {
    const reg: Reg = { known: [{ version: '1.0.0', deps: { ghost: '^1.0.0' } }], old: [{ version: '1.0.0' }] };
    const unknown = failure(() => run(reg, { known: '*' }));
    expect(unknown.code).toBe('E001');
    expect(unknown.message).toBe('component not found: ghost');
    const none = failure(() => run(reg, { old: '^2.0.0' }));
    expect(none.code).toBe('E002');
    expect(none.details).toEqual(['Because my-app depends on old >=2.0.0, <3.0.0', 'and no installable versions of old >=2.0.0, <3.0.0 exist,', 'no solution exists.']);
  });
});

describe('graph checks', () => {
  const node = (version: string, deps: string[] = []): GraphNode => ({ version, deps });

  it('finds cycles and prints them as a path (E004)', () => {
    const reg: Reg = { a: [{ version: '1.0.0', deps: { b: '*' } }], b: [{ version: '2.1.0', deps: { a: '*' } }] };
    const r = run(reg, { a: '*' });
    const nodes = new Map([...r.selected].map(([n, v]) => [n, node(v, n === 'a' ? ['b'] : ['a'])]));
    const e = failure(() => checkGraph('my-app', ['a'], nodes));
    expect(e.code).toBe('E004');
    expect(e.details).toEqual(['a 1.0.0 -> b 2.1.0 -> a 1.0.0']);
  });

  it('allows depth 64 and refuses depth 65 (E004)', () => {
    const chain = (n: number) => {
      const reg: Reg = {};
      for (let i = 1; i <= n; i++) reg[`p${i}`] = [{ version: '1.0.0', deps: i < n ? { [`p${i + 1}`]: '^1.0.0' } : {} }];
      const r = run(reg, { p1: '*' });
      expect(r.selected.size).toBe(n);
      return new Map([...r.selected].map(([name]) => [name, node('1.0.0', Number(name.slice(1)) < n ? [`p${Number(name.slice(1)) + 1}`] : [])]));
    };
    expect(checkGraph('my-app', ['p1'], chain(64))[0]).toBe('p64');
    const e = failure(() => checkGraph('my-app', ['p1'], chain(65)));
    expect(e.code).toBe('E004');
    expect(e.message).toBe('dependency depth 65 exceeds 64');
  });

  it('orders installs dependencies first, ties by name', () => {
    const nodes = new Map([
      ['app-b', node('1.0.0', ['lib'])],
      ['app-a', node('1.0.0', ['lib', 'util'])],
      ['lib', node('1.0.0', ['util'])],
      ['util', node('1.0.0')],
      ['zeta', node('1.0.0')],
    ]);
    expect(checkGraph('root', ['app-a', 'app-b', 'zeta'], nodes)).toEqual(['util', 'lib', 'app-a', 'app-b', 'zeta']);
  });
});

// Brute force over every combination of a tiny registry, to check completeness and soundness.
describe('solver agrees with exhaustive search (property)', () => {
  const names = ['a', 'b', 'c', 'd'];
  const versions = ['1.0.0', '1.1.0', '2.0.0'];
  const reqs = ['^1.0.0', '^2.0.0', '>=1.1.0', '=1.0.0', '*', '<2.0.0'];
  const regArb = fc.record(
    Object.fromEntries(names.map((n) => [n, fc.array(fc.record({ dep: fc.constantFrom(...names.filter((m) => m !== n)), req: fc.constantFrom(...reqs), has: fc.boolean() }), { minLength: 3, maxLength: 3 })])),
  );

  it('finds a valid solution exactly when one exists', () => {
    fc.assert(
      fc.property(regArb, fc.constantFrom(...reqs), fc.constantFrom(...reqs), (spec, ra, rb) => {
        const reg: Reg = {};
        for (const n of names) reg[n] = versions.map((version, i) => ({ version, deps: spec[n]![i]!.has ? { [spec[n]![i]!.dep]: spec[n]![i]!.req } : {} }));
        const rootReqs: Record<string, string> = { a: ra, b: rb };
        const valid = (sel: Map<string, string>): boolean => {
          for (const [n, r] of Object.entries(rootReqs)) if (!sel.has(n) || !satisfies(parseVersion(sel.get(n)!)!, parseRequirement(r))) return false;
          for (const [n, ver] of sel) {
            for (const [d, r] of Object.entries(reg[n]!.find((x) => x.version === ver)!.deps ?? {})) {
              if (!sel.has(d) || !satisfies(parseVersion(sel.get(d)!)!, parseRequirement(r))) return false;
            }
          }
          return true;
        };
        let exists = false;
        const choices = ['-', ...versions];
        const rec = (i: number, sel: Map<string, string>) => {
          if (exists) return;
          if (i === names.length) {
            exists = valid(sel);
            return;
          }
          for (const c of choices) {
            const next = new Map(sel);
            if (c !== '-') next.set(names[i]!, c);
            rec(i + 1, next);
          }
        };
        rec(0, new Map());
        let result: Map<string, string> | undefined;
        try {
          result = run(reg, rootReqs).selected;
        } catch (e) {
          expect(e).toBeInstanceOf(MarketplaceError);
          expect(['E002', 'E003']).toContain((e as MarketplaceError).code);
        }
        expect(result !== undefined).toBe(exists);
        if (result) expect(valid(result)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
