/**
 * Version resolution (specs/registry.md §Resolution): the PubGrub solver on a generated
 * registry of 1,000 packages x 20 versions, against a naive chronological backtracking
 * resolver written here for the comparison only, measured in the same process.
 *   - a realistic root (12 direct dependencies, carets, a few hundred reachable packages);
 *   - a backtracking trap: the wrong early choice only shows after many independent packages.
 * Prints medians and ratios. Run: npx tsx bench/resolve.bench.ts
 */
import b from 'benny';
import { solve, type CandidateVersion, type PackageSource } from '../marketplace/resolve/solver.ts';
import { compareVersions, parseRequirement, parseVersion, satisfies, type Requirement, type Version } from '../marketplace/version/semver.ts';

type Registry = Map<string, CandidateVersion[]>;

/** Deterministic PRNG (mulberry32) so every run benchmarks the same registry. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateRegistry(packages: number, versionsPer: number): Registry {
  const rand = rng(42);
  const reg: Registry = new Map();
  const versionText = (v: number) => `${1 + Math.floor(v / 10)}.${v % 10}.0`;
  for (let i = 0; i < packages; i++) {
    const versions: CandidateVersion[] = [];
    for (let v = 0; v < versionsPer; v++) {
      const deps: CandidateVersion['dependencies'] = [];
      const count = i >= packages - 50 ? 0 : Math.floor(rand() * 4);
      for (let d = 0; d < count; d++) {
        // Dependencies point "down" the index (no cycles), mostly to nearby packages.
        const target = Math.min(packages - 1, i + 1 + Math.floor(rand() * 40));
        if (deps.some((x) => x.name === `pkg${target}`)) continue;
        const major = 1 + Math.floor(rand() * 2);
        const minor = Math.floor(rand() * 5);
        deps.push({ name: `pkg${target}`, requirement: `^${major}.${minor}.0` });
      }
      versions.push({ version: versionText(v), dependencies: deps });
    }
    reg.set(`pkg${i}`, versions);
  }
  return reg;
}

/** The trap: `a` 2.0.0 (tried first) conflicts with `z`, which is only reached after p1..pN. */
function trapRegistry(n: number): Registry {
  const reg: Registry = new Map();
  reg.set('a', [
    { version: '1.0.0', dependencies: [] },
    { version: '2.0.0', dependencies: [{ name: 'y', requirement: '^2.0.0' }] },
  ]);
  for (let i = 1; i <= n; i++) reg.set(`p${i}`, ['1.0.0', '1.1.0', '1.2.0'].map((version) => ({ version, dependencies: [] })));
  // Several z versions, so PubGrub's fewest-candidates rule decides `a` first and must learn.
  reg.set('z', ['1.0.0', '1.1.0', '1.2.0', '1.3.0'].map((version) => ({ version, dependencies: [{ name: 'y', requirement: '^1.0.0' }] })));
  reg.set('y', ['1.0.0', '2.0.0'].map((version) => ({ version, dependencies: [] })));
  return reg;
}

const sourceOf = (reg: Registry): PackageSource => ({ versions: (n) => reg.get(n) });

/**
 * Naive resolver: a FIFO queue of requirements walked depth-first; each package takes the
 * highest version meeting every requirement seen so far; a dead end undoes the latest choice
 * (chronological backtracking, no learning). Bounded by a step limit.
 */
function naiveResolve(reg: Registry, roots: { name: string; requirement: string }[], maxSteps: number): { selected: Map<string, string>; steps: number } | undefined {
  const parsed = new Map<string, Requirement>();
  const req = (s: string) => parsed.get(s) ?? parsed.set(s, parseRequirement(s)).get(s)!;
  const versions = new Map<string, { v: Version; info: CandidateVersion }[]>();
  for (const [n, vs] of reg) versions.set(n, vs.map((info) => ({ v: parseVersion(info.version)!, info })).sort((x, y) => compareVersions(y.v, x.v)));
  const queue = [...roots];
  const chosen = new Map<string, { v: Version; info: CandidateVersion }>();
  const constraints = new Map<string, Requirement[]>();
  let steps = 0;
  const rec = (qi: number): boolean => {
    if (++steps > maxSteps) throw new Error('step limit');
    if (qi === queue.length) return true;
    const item = queue[qi]!;
    const cons = constraints.get(item.name) ?? [];
    constraints.set(item.name, cons);
    cons.push(req(item.requirement));
    const picked = chosen.get(item.name);
    if (picked) {
      if (cons.every((c) => satisfies(picked.v, c)) && rec(qi + 1)) return true;
    } else {
      for (const cand of versions.get(item.name) ?? []) {
        if (!cons.every((c) => satisfies(cand.v, c))) continue;
        chosen.set(item.name, cand);
        const before = queue.length;
        queue.push(...cand.info.dependencies);
        if (rec(qi + 1)) return true;
        queue.length = before;
        chosen.delete(item.name);
      }
    }
    cons.pop();
    return false;
  };
  try {
    return rec(0) ? { selected: new Map([...chosen].map(([k, v]) => [k, v.info.version])), steps } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Median wall-clock and CPU time (ms) of `runs` calls. CPU time is printed too because a shared
 * machine under load stretches wall-clock time without the code doing more work.
 */
function median(fn: () => unknown, runs: number): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { wall: mid(wall), cpu: mid(cpu) };
}
const fmt = (m: { wall: number; cpu: number }) => `${m.wall.toFixed(2)} ms wall / ${m.cpu.toFixed(2)} ms CPU`;

const registry = generateRegistry(1000, 20);
const rootRand = rng(7);
const realisticRoot = Array.from({ length: 12 }, () => ({ name: `pkg${Math.floor(rootRand() * 300)}`, requirement: `^${1 + Math.floor(rootRand() * 2)}.0.0` })).filter(
  (r, i, a) => a.findIndex((x) => x.name === r.name) === i,
);
const trapN = 9;
const trap = trapRegistry(trapN);
const trapRoot = [{ name: 'a', requirement: '*' }, ...Array.from({ length: trapN }, (_, i) => ({ name: `p${i + 1}`, requirement: '*' })), { name: 'z', requirement: '*' }];

const pub = solve(sourceOf(registry), { root: 'app', requirements: realisticRoot });
const NAIVE_LIMIT = 3_000_000;
const naive = naiveResolve(registry, realisticRoot, NAIVE_LIMIT);
console.log(`registry: 1000 packages x 20 versions; realistic root: ${realisticRoot.length} direct deps, ${pub.selected.size} selected; PubGrub ${pub.stats.decisions} decisions, ${pub.stats.conflicts} conflicts`);
console.log(`naive resolver on the realistic root: ${naive ? `${naive.selected.size} selected in ${naive.steps} steps` : `gave up after ${NAIVE_LIMIT} steps`}`);
const trapPub = solve(sourceOf(trap), { root: 'app', requirements: trapRoot });
const trapNaive = naiveResolve(trap, trapRoot, NAIVE_LIMIT);
console.log(`trap (${trapN} independent packages between the bad choice and its conflict): PubGrub picks a ${trapPub.selected.get('a')} after ${trapPub.stats.conflicts} conflict(s); naive ${trapNaive ? `picks a ${trapNaive.selected.get('a')} after ${trapNaive.steps} steps` : 'gave up'}`);

const medPub = median(() => solve(sourceOf(registry), { root: 'app', requirements: realisticRoot }), 41);
const medNaive = median(() => naiveResolve(registry, realisticRoot, NAIVE_LIMIT), 5);
const medTrapPub = median(() => solve(sourceOf(trap), { root: 'app', requirements: trapRoot }), 41);
const medTrapNaive = median(() => naiveResolve(trap, trapRoot, NAIVE_LIMIT), 3);
const note = (r: unknown) => (r ? '' : ' (gave up at the step limit: the ratio is a lower bound)');
console.log(`median realistic: PubGrub ${fmt(medPub)} (goal < 100 ms); naive ${fmt(medNaive)}${note(naive)}; ratio naive/PubGrub ${(medNaive.cpu / medPub.cpu).toFixed(1)} (CPU)`);
console.log(`median trap:      PubGrub ${fmt(medTrapPub)}; naive ${fmt(medTrapNaive)}${note(trapNaive)}; ratio naive/PubGrub ${(medTrapNaive.cpu / medTrapPub.cpu).toFixed(1)} (CPU)`);

// The naive resolver on the realistic root runs into its step limit (seconds per call), so the
// suite's baseline is the naive resolver on the trap, where it does finish.
await b.suite(
  'resolve',
  b.add('naive, backtracking trap (baseline)', () => {
    naiveResolve(trap, trapRoot, NAIVE_LIMIT);
  }),
  b.add('PubGrub, backtracking trap', () => {
    solve(sourceOf(trap), { root: 'app', requirements: trapRoot });
  }),
  b.add('PubGrub, realistic root (527 packages)', () => {
    solve(sourceOf(registry), { root: 'app', requirements: realisticRoot });
  }),
  b.cycle(),
  b.complete((summary: { results: { name: string; details: { median: number } }[] }) => {
    // benny rounds `ops` to an integer; the median time per call keeps slow cases visible.
    const ops = (r: { details: { median: number } }) => 1 / r.details.median;
    const base = ops(summary.results[0]!);
    for (const r of summary.results) {
      const ratio = r.name.includes('trap') ? `  ${(ops(r) / base).toFixed(1)}x baseline` : '';
      console.log(`${r.name.padEnd(40)} ${ops(r).toFixed(1).padStart(9)} ops/s  ${(1000 / ops(r)).toFixed(2).padStart(8)} ms/op${ratio}`);
    }
  }),
);
