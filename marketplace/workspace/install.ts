import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MarketplaceError } from '../core/errors.ts';
import { joinInside, writeFileAtomic } from '../core/paths.ts';
import { openPackage, packageFiles } from '../escx/read.ts';
import { MANIFEST_FILE, loadManifestText } from '../manifest/manifest.ts';
import type { RegistryClient } from '../registry/client.ts';
import { checkGraph, checkSchemas, type GraphNode } from '../resolve/graph.ts';
import { solve } from '../resolve/solver.ts';
import { parseCliSpec, requirementError } from '../version/semver.ts';
import { readWorkspace, writeWorkspace, type LockEntry, type Workspace } from './lockfile.ts';
import { placeFiles } from './targets.ts';

export interface InstallOptions {
  cwd: string;
  /** `name[@req]` from the command line. */
  specs: string[];
  save?: boolean;
  dryRun?: boolean;
  force?: boolean;
  locked?: boolean;
  includeOptional?: boolean;
  /** `update`: packages whose lock pin is ignored ('all' = every package). */
  unpin?: string[] | 'all';
}

export interface InstalledPackage {
  name: string;
  version: string;
  category: string;
  previous?: string;
  /** Where the bytes came from: cache, a mirror, the registry; undefined on dry runs. */
  source?: string;
  flagged?: string;
}

export interface InstallReport {
  root: string;
  packages: InstalledPackage[];
  installOrder: string[];
  removed: string[];
  lockChanged: boolean;
  warnings: string[];
  evicted: string[];
  dryRun: boolean;
}

/** The workspace's own name: [workspace] name, else the component manifest's, else the folder. */
function rootName(cwd: string, ws: Workspace): { name: string; manifestDeps: { name: string; requirement: string; optional: boolean }[]; provides: string[] } {
  const manifestPath = join(cwd, MANIFEST_FILE);
  if (existsSync(manifestPath)) {
    const r = loadManifestText(readFileSync(manifestPath, 'utf8'), manifestPath, 'dev');
    if (r.manifest) return { name: ws.name ?? r.manifest.name, manifestDeps: r.manifest.dependencies, provides: r.manifest.schemasProvides };
  }
  return { name: ws.name ?? basename(cwd), manifestDeps: [], provides: [] };
}

/**
 * `install` / `update` (§6, §3.2-§3.4): solve against the registries, download and verify in
 * install order, place files, write the lock, evict the cache.
 */
export async function installPackages(client: RegistryClient, opts: InstallOptions): Promise<InstallReport> {
  const ws = readWorkspace(opts.cwd);
  const root = rootName(opts.cwd, ws);
  const warnings: string[] = [];

  // Requirements: workspace [dependencies], the component manifest's, then the command line.
  const reqs = new Map<string, { requirement: string; optional: boolean }>();
  for (const [n, r] of Object.entries(ws.dependencies)) reqs.set(n, { requirement: r, optional: false });
  for (const d of root.manifestDeps) if (!reqs.has(d.name)) reqs.set(d.name, { requirement: d.requirement, optional: d.optional });
  const cli = opts.specs.map(parseCliSpec);
  for (const s of cli) {
    const e = requirementError(s.requirement);
    if (e) throw new MarketplaceError('E008', `${s.name}@${s.requirement}: ${e}`);
    reqs.set(s.name, { requirement: s.requirement, optional: false });
  }
  // Packages installed earlier without --save stay as top-level roots.
  const dependedOn = new Set(Object.values(ws.lock).flatMap((e) => e.dependencies.map((d) => d.slice(0, d.lastIndexOf('@')))));
  for (const n of Object.keys(ws.lock)) if (!reqs.has(n) && !dependedOn.has(n)) reqs.set(n, { requirement: '*', optional: false });

  const unpinned = opts.unpin === 'all' ? new Set(Object.keys(ws.lock)) : new Set(opts.unpin ?? []);
  for (const n of unpinned) if (opts.unpin !== 'all' && !ws.lock[n]) throw new MarketplaceError('E001', `${n} is not in the lockfile`);
  const locked = new Map<string, string>();
  for (const [n, e] of Object.entries(ws.lock)) if (!unpinned.has(n)) locked.set(n, e.version);

  await client.loadClosure([...reqs.keys(), ...Object.keys(ws.lock)]);
  const requirements = [...reqs].map(([name, r]) => ({ name, requirement: r.requirement, optional: r.optional })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const result = solve(client.packageSource(), {
    root: root.name,
    requirements,
    locked,
    platformVersion: client.config.platformVersion,
    toolchainApiVersion: client.config.apiVersion,
    includeOptional: opts.includeOptional === true,
  });
  warnings.push(...result.warnings);

  // Graph checks on the selection.
  const nodes = new Map<string, GraphNode>();
  for (const [name, version] of result.selected) {
    const entry = client.versionEntry(name, version)!;
    const deps = (entry.dependencies ?? []).filter((d) => result.selected.has(d.name)).map((d) => d.name);
    nodes.set(name, { version, deps, schemasProvides: entry.schemas_provides ?? [], schemasRequires: entry.schemas_requires ?? [] });
    if (entry.status === 'deprecated') warnings.push(`${name} ${version} is deprecated${entry.successor ? `; successor: ${entry.successor}` : ''}${entry.sunset_date ? `, sunset on ${entry.sunset_date}` : ''}`);
  }
  const rootDeps = requirements.filter((r) => result.selected.has(r.name)).map((r) => r.name);
  const installOrder = checkGraph(root.name, rootDeps, nodes);
  checkSchemas(nodes, root.provides);

  // Lock comparison: --locked refuses any change; a pinned version whose checksum moved is E006.
  const newLock: Record<string, LockEntry> = {};
  for (const name of installOrder) {
    const version = result.selected.get(name)!;
    const entry = client.versionEntry(name, version)!;
    const resolved = client.loaded(name)!;
    const checksum = `sha3-256:${entry.checksum_sha3}`;
    const prev = ws.lock[name];
    if (prev && prev.version === version && prev.checksum !== checksum) {
      throw new MarketplaceError('E006', `${name} ${version}: registry checksum ${checksum} differs from the lockfile's ${prev.checksum}`);
    }
    newLock[name] = {
      version,
      checksum,
      category: resolved.metadata.category,
      registry: resolved.registry.name,
      dependencies: nodes.get(name)!.deps.map((d) => `${d}@${result.selected.get(d)}`).sort(),
      files: prev?.version === version ? prev.files : [],
    };
  }
  const removed = Object.keys(ws.lock).filter((n) => !newLock[n]);
  const changed = removed.length > 0 || Object.entries(newLock).some(([n, e]) => ws.lock[n]?.version !== e.version);
  if (opts.locked && changed) {
    const diffs = [
      ...Object.entries(newLock).filter(([n, e]) => ws.lock[n]?.version !== e.version).map(([n, e]) => `${n}: ${ws.lock[n]?.version ?? '(none)'} -> ${e.version}`),
      ...removed.map((n) => `${n}: ${ws.lock[n]!.version} -> (removed)`),
    ];
    throw new MarketplaceError('E003', 'the lockfile would change, and --locked forbids it', { details: diffs });
  }
  const packages: InstalledPackage[] = installOrder.map((name) => {
    const p: InstalledPackage = { name, version: newLock[name]!.version, category: newLock[name]!.category };
    if (ws.lock[name] && ws.lock[name]!.version !== p.version) p.previous = ws.lock[name]!.version;
    return p;
  });
  const report: InstallReport = { root: root.name, packages, installOrder, removed, lockChanged: changed, warnings, evicted: [], dryRun: opts.dryRun === true };
  if (opts.dryRun) return report;

  // Download and verify everything before touching the workspace.
  const placed = new Map<string, ReturnType<typeof placeFiles>>();
  for (const p of packages) {
    const got = await client.download(p.name, p.version);
    p.source = got.from;
    if (got.report.flagged) {
      p.flagged = got.report.flagged;
      warnings.push(`${p.name} ${p.version}: ${got.report.flagged}`);
    }
    if (!got.report.signaturesChecked) warnings.push(`${p.name} ${p.version}: signature not checked (--no-verify)`);
    if (got.report.manifest.licenseType !== 'free') warnings.push(`${p.name} ${p.version} is a paid package (${got.report.manifest.licenseType}); obtain a license token before use`);
    placed.set(p.name, placeFiles(p.name, p.category, packageFiles(openPackage(got.bytes))));
  }

  // Files: ours (listed in the old lock) may be replaced; a user's guarded file needs --force.
  const owned = new Set(Object.values(ws.lock).flatMap((e) => e.files));
  const claimed = new Map<string, string>();
  for (const [name, files] of placed) {
    for (const f of files) {
      const other = claimed.get(f.target);
      if (other && other !== name) throw new MarketplaceError('E014', `${name} and ${other} both install ${f.target}`);
      claimed.set(f.target, name);
      if (f.guarded && !opts.force && !owned.has(f.target) && existsSync(joinInside(opts.cwd, f.target))) {
        throw new MarketplaceError('E015', `${f.target} already exists and does not belong to an installed package`, { hint: 'pass --force to overwrite it' });
      }
    }
  }
  for (const f of owned) if (!claimed.has(f)) rmSync(joinInside(opts.cwd, f), { force: true });
  for (const [name, files] of placed) {
    for (const f of files) writeFileAtomic(joinInside(opts.cwd, f.target), f.data);
    newLock[name]!.files = files.map((f) => f.target).sort();
  }

  const next: Workspace = { ...ws, lock: newLock };
  if (opts.save) for (const s of cli) next.dependencies[s.name] = s.requirement === '*' ? `^${newLock[s.name]!.version}` : s.requirement;
  writeWorkspace(opts.cwd, next);
  report.evicted = client.cache.evict(new Set(packages.map((p) => `${p.name}@${p.version}`))).evicted;
  return report;
}
