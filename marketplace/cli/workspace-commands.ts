import { resolve } from 'node:path';
import { MarketplaceError } from '../core/errors.ts';
import { solve } from '../resolve/solver.ts';
import { exportClosure } from '../workspace/export.ts';
import { installPackages, type InstallOptions, type InstallReport } from '../workspace/install.ts';
import { readWorkspace } from '../workspace/lockfile.ts';
import { parseCliSpec } from '../version/semver.ts';
import { clientFor } from './context.ts';
import { printJson, printLines, table, warn, wantsJson, type GlobalOptions } from './output.ts';

export interface InstallFlags {
  save?: boolean;
  dryRun?: boolean;
  force?: boolean;
  verify?: boolean;
  locked?: boolean;
  includeOptional?: boolean;
  from?: string;
}

const PAST_TENSE = { install: 'Installed', update: 'Updated' } as const;

function printInstall(g: GlobalOptions, r: InstallReport, verb: 'install' | 'update'): void {
  for (const w of r.warnings) warn(g, w);
  if (wantsJson(g)) return printJson(r);
  const lines = r.packages.map((p) => `  ${p.previous ? `${p.name} ${p.previous} -> ${p.version}` : `${p.name} ${p.version}`}  (${p.category}${p.source ? `, from ${p.source}` : ''})`);
  printLines([
    `${r.dryRun ? `Would ${verb}` : PAST_TENSE[verb]} ${r.packages.length} package${r.packages.length === 1 ? '' : 's'} for ${r.root}${r.dryRun ? ' (dry run, nothing written)' : ''}:`,
    ...lines,
    ...r.removed.map((n) => `  removed ${n}`),
    ...(r.evicted.length ? [`Evicted from cache: ${r.evicted.join(', ')}`] : []),
  ]);
}

export async function installCommand(g: GlobalOptions, specs: string[], o: InstallFlags): Promise<void> {
  const extra: Parameters<typeof clientFor>[1] = { force: o.force === true, verifySignatures: o.verify !== false };
  if (o.from) extra.only = resolve(o.from);
  const { client, bar } = clientFor(g, extra);
  const opts: InstallOptions = { cwd: process.cwd(), specs };
  if (o.save) opts.save = true;
  if (o.dryRun) opts.dryRun = true;
  if (o.force) opts.force = true;
  if (o.locked) opts.locked = true;
  if (o.includeOptional) opts.includeOptional = true;
  const r = await installPackages(client, opts);
  bar.done();
  printInstall(g, r, 'install');
}

export async function updateCommand(g: GlobalOptions, names: string[], o: { dryRun?: boolean }): Promise<void> {
  const { client, bar } = clientFor(g);
  const opts: InstallOptions = { cwd: process.cwd(), specs: [], unpin: names.length ? names : 'all' };
  if (o.dryRun) opts.dryRun = true;
  const r = await installPackages(client, opts);
  bar.done();
  printInstall(g, r, 'update');
}

export function listCommand(g: GlobalOptions, o: { format?: string }): void {
  const ws = readWorkspace(process.cwd());
  const rows = Object.entries(ws.lock).map(([name, e]) => ({ name, version: e.version, category: e.category, registry: e.registry, checksum: e.checksum, dependencies: e.dependencies, direct: name in ws.dependencies }));
  if (wantsJson(g) || o.format === 'json') return printJson(rows);
  if (o.format !== undefined && o.format !== 'table') throw new MarketplaceError('E008', '--format must be table or json');
  printLines(rows.length ? table(['name', 'version', 'category', 'registry', 'direct'], rows.map((r) => [r.name, r.version, r.category, r.registry, r.direct ? 'yes' : 'no'])) : ['No packages installed (no lock entries in estream-workspace.toml).']);
}

/** `deps [name]`: the dependency tree from the lockfile, or resolved from the registry for a package not installed. */
export async function depsCommand(g: GlobalOptions, spec: string | undefined): Promise<void> {
  const ws = readWorkspace(process.cwd());
  let graph = new Map<string, { version: string; deps: string[] }>();
  let roots: string[];
  const fromLock = !spec || ws.lock[parseCliSpec(spec).name];
  if (fromLock) {
    for (const [n, e] of Object.entries(ws.lock)) graph.set(n, { version: e.version, deps: e.dependencies.map((d) => d.slice(0, d.lastIndexOf('@'))) });
    const dependedOn = new Set([...graph.values()].flatMap((n) => n.deps));
    roots = spec ? [parseCliSpec(spec).name] : [...graph.keys()].filter((n) => !dependedOn.has(n) || n in ws.dependencies).sort();
  } else {
    const s = parseCliSpec(spec);
    const { client } = clientFor(g);
    await client.loadClosure([s.name]);
    const res = solve(client.packageSource(), { root: 'deps', requirements: [s], platformVersion: client.config.platformVersion, toolchainApiVersion: client.config.apiVersion });
    graph = new Map([...res.selected].map(([n, v]) => [n, { version: v, deps: (client.versionEntry(n, v)?.dependencies ?? []).map((d) => d.name).filter((d) => res.selected.has(d)) }]));
    roots = [s.name];
  }
  type Tree = { name: string; version: string; dependencies: Tree[] };
  const build = (n: string, path: Set<string>): Tree => {
    const node = graph.get(n)!;
    return { name: n, version: node.version, dependencies: path.has(n) ? [] : [...node.deps].sort().map((d) => build(d, new Set([...path, n]))) };
  };
  const trees = roots.filter((r) => graph.has(r)).map((r) => build(r, new Set()));
  if (wantsJson(g)) return printJson(trees);
  const lines: string[] = [];
  const draw = (t: Tree, prefix: string, last: boolean, top: boolean) => {
    lines.push(top ? `${t.name} ${t.version}` : `${prefix}${last ? '└── ' : '├── '}${t.name} ${t.version}`);
    const next = top ? '' : `${prefix}${last ? '    ' : '│   '}`;
    t.dependencies.forEach((d, i) => draw(d, next, i === t.dependencies.length - 1, false));
  };
  for (const t of trees) draw(t, '', true, true);
  printLines(lines.length ? lines : ['No dependencies.']);
}

export async function exportCommand(g: GlobalOptions, specs: string[], o: { output?: string }): Promise<void> {
  if (!o.output) throw new MarketplaceError('E008', 'export needs --output <dir>');
  const { client, bar } = clientFor(g);
  const r = await exportClosure(client, specs, resolve(o.output));
  bar.done();
  if (wantsJson(g)) return printJson(r);
  printLines([`Exported ${r.packages.length} packages to ${r.output}:`, ...r.packages.map((p) => `  ${p.name} ${p.version}`), `Install elsewhere with: estream marketplace install --from ${r.output} ${specs.join(' ')}`]);
}
