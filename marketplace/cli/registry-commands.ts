import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { diagnosticAt, SourceFile, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import { MarketplaceError } from '../core/errors.ts';
import { locateKeys, pathKey } from '../manifest/toml-locate.ts';
import { isDirectory, listFilesRelative } from '../core/paths.ts';
import { packDirectory } from '../escx/pack.ts';
import { loadManifestText, parseManifestOrThrow, MANIFEST_FILE } from '../manifest/manifest.ts';
import { setLifecycle, yankVersion } from '../registry/lifecycle.ts';
import { publishPackage } from '../registry/publish.ts';
import { searchIndexes, type SearchQuery } from '../registry/search.ts';
import { loadOrCreateAttesterKey } from '../signing/keys.ts';
import { compareVersions, parseCliSpec, parseVersion } from '../version/semver.ts';
import { clientFor, configFor, readPackageFile, signingKeyFor, writableRegistryDir } from './context.ts';
import { printJson, printLines, ProgressBar, table, wantsJson, type GlobalOptions } from './output.ts';

/** A diagnostic at a manifest key (file:line:col with a code frame), when the key is written there. */
function manifestKeyDiagnostic(path: string, key: string[], code: string, message: string): Diagnostic | undefined {
  const text = readFileSync(path, 'utf8');
  const span = locateKeys(text).get(pathKey(key));
  return span ? diagnosticAt('error', code, message, { file: new SourceFile(path, text), ...span }) : undefined;
}

/** Golden vectors must at least be well-formed before publishing (they run with `estream test`). */
function checkGoldenVectors(dir: string): { files: number; problems: string[] } {
  const problems: string[] = [];
  const golden = existsSync(join(dir, 'tests', 'golden')) ? listFilesRelative(join(dir, 'tests', 'golden')) : [];
  for (const f of golden) {
    const text = readFileSync(join(dir, 'tests', 'golden', f), 'utf8');
    try {
      if (f.endsWith('.json')) JSON.parse(text);
      else if (f.endsWith('.toml')) parseToml(text);
    } catch (e) {
      problems.push(`tests/golden/${f}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return { files: golden.length, problems };
}

export function publishCommand(g: GlobalOptions, path: string | undefined, o: { dryRun?: boolean; key?: string; registry?: string; skipTests?: boolean; yes?: boolean }): void {
  const target = resolve(path ?? '.');
  const config = configFor(g, o.registry);
  const registryDir = writableRegistryDir(o.registry ?? g.registry, config);
  const signingKey = signingKeyFor(g, o.key);
  const attesterKey = loadOrCreateAttesterKey();
  let bytes: Uint8Array;
  let tests = { files: 0, problems: [] as string[] };
  const fromDirectory = isDirectory(target);
  if (fromDirectory) {
    // Validate first so manifest errors come out before any tests or packing.
    const manifestPath = join(target, MANIFEST_FILE);
    if (!existsSync(manifestPath)) throw new MarketplaceError('E008', `no ${MANIFEST_FILE} in ${target}`, { hint: 'publish a package directory or an .escx file' });
    parseManifestOrThrow(readFileSync(manifestPath, 'utf8'), manifestPath, 'publish');
    if (!o.skipTests) {
      tests = checkGoldenVectors(target);
      if (tests.problems.length) throw new MarketplaceError('E008', 'golden test vectors are malformed', { details: tests.problems, hint: 'fix them, or pass --skip-tests' });
    }
    const bar = new ProgressBar(g);
    bytes = packDirectory(target, { signingKey, attesterKey, onProgress: (d, t, step) => bar.update(`packing ${step}`, d, t, 'steps') }).bytes;
    bar.done();
  } else bytes = readPackageFile(target);
  let r: ReturnType<typeof publishPackage>;
  try {
    r = publishPackage({ registryDir, bytes, signingKey, attesterKey, dryRun: o.dryRun === true });
  } catch (e) {
    // Name and version refusals point at the manifest key when publishing a directory.
    const key = e instanceof MarketplaceError ? ({ E009: 'name', E010: 'version' } as Record<string, string>)[e.code] : undefined;
    if (key && fromDirectory && existsSync(join(target, MANIFEST_FILE))) {
      const err = e as MarketplaceError;
      const at = manifestKeyDiagnostic(join(target, MANIFEST_FILE), ['package', key], err.code, err.message);
      throw new MarketplaceError(err.code, err.message, { ...(err.hint ? { hint: err.hint } : {}), diagnostics: at ? [at] : [] });
    }
    throw e;
  }
  if (wantsJson(g)) return printJson({ ...r, registry: registryDir, golden_files_checked: tests.files });
  printLines([
    `${r.dryRun ? 'Would publish' : 'Published'} ${r.name} ${r.version} (${r.category}) to ${registryDir}`,
    `  checksum sha3-256:${r.checksum}`,
    `  archive  ${r.archiveUrl}`,
    ...(r.registeredPublisher ? ['  registered the publisher key in this registry'] : []),
    ...(r.registeredAttester ? ['  registered the toolchain attester in this registry'] : []),
    ...(o.skipTests ? ['  golden vectors not checked (--skip-tests)'] : [`  ${tests.files} golden test files checked`]),
  ]);
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
}

export async function searchCommand(g: GlobalOptions, text: string, o: { category?: string; tag?: string[]; verified?: boolean; official?: boolean; type?: string; sort?: string; limit?: string; offset?: string }): Promise<void> {
  const limit = o.limit !== undefined ? Number(o.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new MarketplaceError('E008', '--limit must be an integer 1..100');
  const offset = o.offset !== undefined ? Number(o.offset) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new MarketplaceError('E008', '--offset must be a non-negative integer');
  if (o.sort && !['relevance', 'downloads', 'rating', 'recent'].includes(o.sort)) throw new MarketplaceError('E008', '--sort must be relevance, downloads, rating or recent');
  if (o.type && !['package', 'solution'].includes(o.type)) throw new MarketplaceError('E008', '--type must be package or solution');
  const { client } = clientFor(g);
  const q: SearchQuery = { text, limit, offset };
  if (o.category) q.category = o.category;
  if (o.tag?.length) q.tags = o.tag;
  if (o.verified) q.verified = true;
  if (o.official) q.official = true;
  if (o.type) q.type = o.type as 'package' | 'solution';
  if (o.sort) q.sort = o.sort as SearchQuery['sort'];
  const r = searchIndexes(await client.allIndexes(), q);
  if (wantsJson(g)) return printJson({ total: r.total, results: r.hits });
  printLines([...(r.hits.length ? table(['name', 'version', 'category', 'downloads', 'description'], r.hits.map((h) => [h.name, h.latest, h.category, String(h.downloads), h.description])) : []), `${r.total} results found`]);
}

export async function infoCommand(g: GlobalOptions, name: string, o: { version?: string }): Promise<void> {
  const { client } = clientFor(g);
  const r = await client.resolvePackage(name);
  if (!r) throw new MarketplaceError('E001', `${name} is not in any configured registry`);
  const m = r.metadata;
  const want = o.version ?? m.latest;
  const v = parseVersion(want);
  const entry = v && m.versions.find((e) => compareVersions(parseVersion(e.version)!, v) === 0);
  if (!entry) throw new MarketplaceError('E002', `${name} has no version ${want}`);
  const versions = m.versions.map((e) => `${e.version}${e.yanked ? ' (yanked)' : ''}${e.status !== 'active' ? ` (${e.status})` : ''}`);
  // Pricing, provided circuits and FPGA resources live in the version's manifest.
  const manifestText = g.offline ? undefined : await client.versionManifest(name, entry.version);
  const manifest = manifestText ? loadManifestText(manifestText, 'estream-component.toml', 'dev').manifest : undefined;
  const tbl = (k: string) => (manifest?.data[k] ?? {}) as Record<string, unknown>;
  const pricing = tbl('pricing');
  const details = manifest
    ? {
        license: manifest.license,
        pricing: { license_type: manifest.licenseType, share_price: pricing.share_price ?? null, private_price: pricing.private_price ?? null },
        circuits: (tbl('circuits').provides as string[] | undefined) ?? [],
        resources: tbl('fpga').resource_estimate ?? null,
        visibility: manifest.visibility,
      }
    : undefined;
  const out = { name, registry: r.registry.name, category: m.category, publisher: m.publisher, description: m.description, keywords: m.keywords, badges: m.badges, latest: m.latest, version: entry, versions, ...(details ?? {}) };
  if (wantsJson(g)) return printJson(out);
  printLines([
    `${name} ${entry.version}  (${m.category}, registry ${r.registry.name})`,
    `  ${m.description}`,
    `  publisher   ${m.publisher}${m.badges.length ? ` [${m.badges.join(', ')}]` : ''}`,
    `  published   ${new Date(entry.published_at * 1000).toISOString()}  key ${entry.signature_pubkey_id}`,
    `  checksum    sha3-256:${entry.checksum_sha3}  (${entry.size_bytes} bytes)`,
    `  platform    >=${entry.estream_min_version}${entry.estream_max_version && entry.estream_max_version !== '*' ? `, <=${entry.estream_max_version}` : ''}  api ${entry.api_version || '-'}`,
    `  status      ${entry.yanked ? 'yanked' : entry.status}${entry.successor ? `, successor ${entry.successor}` : ''}${entry.sunset_date ? `, sunset ${entry.sunset_date}` : ''}`,
    `  keywords    ${m.keywords.join(', ') || '-'}`,
    ...(details
      ? [
          `  license     ${details.license}; ${details.pricing.license_type === 'free' ? 'free' : `${details.pricing.license_type}, share $${String(details.pricing.share_price)} / private $${String(details.pricing.private_price)}`}`,
          `  circuits    ${details.circuits.join(', ') || '-'}`,
          ...(details.resources ? [`  resources   ${JSON.stringify(details.resources)}`] : []),
        ]
      : []),
    `  schemas     provides ${entry.schemas_provides.join(', ') || '-'}; requires ${entry.schemas_requires.join(', ') || '-'}`,
    `  dependencies`,
    ...(entry.dependencies.length ? entry.dependencies.map((d) => `    ${d.name} ${d.requirement}${d.optional ? ' (optional)' : ''}`) : ['    (none)']),
    `  versions    ${versions.join(', ')}`,
  ]);
}

function packageNameFor(dir: string, explicit?: string): string {
  if (explicit) return explicit;
  const p = join(dir, MANIFEST_FILE);
  if (!existsSync(p)) throw new MarketplaceError('E008', 'no package given and no estream-component.toml here', { hint: 'pass --package <name>' });
  return parseManifestOrThrow(readFileSync(p, 'utf8'), p, 'dev').manifest.name;
}

export function lifecycleSetCommand(g: GlobalOptions, version: string, status: string, o: { successor?: string; sunset?: string; migrationGuide?: string; package?: string; key?: string; registry?: string }): void {
  if (!['deprecated', 'sunset', 'active'].includes(status)) throw new MarketplaceError('E008', `status must be deprecated or sunset, not ${status}`);
  const registryDir = writableRegistryDir(o.registry ?? g.registry, configFor(g, o.registry));
  const name = packageNameFor(process.cwd(), o.package);
  const change: Parameters<typeof setLifecycle>[3] = { status: status as 'deprecated' | 'sunset' | 'active' };
  if (o.successor) change.successor = o.successor;
  if (o.sunset) change.sunsetDate = o.sunset;
  if (o.migrationGuide) change.migrationGuide = o.migrationGuide;
  const e = setLifecycle(registryDir, name, version, change, signingKeyFor(g, o.key));
  if (wantsJson(g)) return printJson({ name, ...e });
  printLines([`${name} ${e.version} is now ${e.status}${e.successor ? ` (successor ${e.successor})` : ''}${e.sunset_date ? `, sunset on ${e.sunset_date}` : ''}`]);
}

export async function lifecycleCheckCommand(g: GlobalOptions): Promise<void> {
  const { readWorkspace } = await import('../workspace/lockfile.ts');
  const ws = readWorkspace(process.cwd());
  const { client } = clientFor(g);
  await client.loadClosure(Object.keys(ws.lock));
  const rows: { name: string; version: string; status: string; successor?: string; sunset_date?: string; yanked: boolean }[] = [];
  for (const [name, l] of Object.entries(ws.lock)) {
    const e = client.versionEntry(name, l.version);
    if (!e) continue;
    if (e.status !== 'active' || e.yanked) {
      const row: (typeof rows)[number] = { name, version: l.version, status: e.status, yanked: e.yanked };
      if (e.successor) row.successor = e.successor;
      if (e.sunset_date) row.sunset_date = e.sunset_date;
      rows.push(row);
    }
  }
  if (wantsJson(g)) return printJson(rows);
  printLines(rows.length ? table(['name', 'version', 'status', 'successor', 'sunset'], rows.map((r) => [r.name, r.version, r.yanked ? `${r.status}, yanked` : r.status, r.successor ?? '-', r.sunset_date ?? '-'])) : ['No installed package is deprecated, sunset or yanked.']);
}

export function yankCommand(g: GlobalOptions, spec: string, o: { undo?: boolean; key?: string; registry?: string }): void {
  const { name, requirement } = parseCliSpec(spec);
  if (requirement === '*' || !requirement.startsWith('=')) throw new MarketplaceError('E008', 'yank needs an exact version: name@1.2.3');
  const registryDir = writableRegistryDir(o.registry ?? g.registry, configFor(g, o.registry));
  const e = yankVersion(registryDir, name, requirement.slice(1), signingKeyFor(g, o.key), o.undo === true);
  if (wantsJson(g)) return printJson({ name, ...e });
  printLines([`${name} ${e.version} ${e.yanked ? 'yanked' : 'restored'}`]);
}
