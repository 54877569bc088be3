import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { SourceFile, diagnosticAt, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import { MarketplaceError } from '../core/errors.ts';
import { isTable, normaliseManifest, type Dialect, type Table } from './dialects.ts';
import { DEFAULT_INCLUDE, type Category } from './rules.ts';
import { locateKeys, pathKey, type KeyLocations } from './toml-locate.ts';
import { validateManifestData, type ValidationMode } from './validate.ts';

export const MANIFEST_FILE = 'estream-component.toml';

export interface DependencySpec {
  /** Key as written under [dependencies] (an alias when `package` is given). */
  key: string;
  /** Real package name. */
  name: string;
  requirement: string;
  optional: boolean;
}

/** Typed view of a validated, canonical manifest. `data` keeps every key for round trips. */
export interface Manifest {
  dialect: Dialect;
  data: Table;
  name: string;
  version: string;
  description: string;
  license: string;
  category: Category;
  readme: string;
  keywords: string[];
  publisher: { id?: string; name?: string; signingKeyId?: string };
  escir: { apiVersion?: string; minPlatformVersion?: string; maxPlatformVersion: string; stability: string };
  dependencies: DependencySpec[];
  /** Globs per include kind, and which kinds were written explicitly (those must match). */
  include: Record<string, string[]>;
  explicitInclude: Set<string>;
  lifecycle: { status: string; sunsetDate?: string; successor?: string; migrationGuide?: string; changelog: string };
  visibility: string;
  listing: string;
  licenseType: string;
  schemasProvides: string[];
  schemasRequires: string[];
  lexRequirements: string[];
}

export interface ManifestLoad {
  manifest?: Manifest;
  dialect?: Dialect;
  /** Errors (E008) and warnings (L009 unknown keys, L008 older dialect), positioned at the key. */
  diagnostics: Diagnostic[];
  source: SourceFile;
}

/** Parses, normalises and validates manifest text. Never throws on bad input. */
export function loadManifestText(text: string, path: string, mode: ValidationMode = 'publish'): ManifestLoad {
  const source = new SourceFile(path, text);
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (e) {
    const te = e as { line?: number; column?: number; message?: string };
    const line = te.line ?? 1;
    const column = te.column ?? 1;
    const offset = source.offsetOf(line, column);
    const message = (te.message ?? String(e)).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    return { diagnostics: [diagnosticAt('error', 'E008', `invalid TOML: ${message}`, { file: source, start: offset, end: offset + 1 })], source };
  }
  const norm = normaliseManifest(doc);
  const locations = locateKeys(text);
  const at = (canonical: string[]) => positionOf(canonical, norm.origin, locations);
  const diagnostics: Diagnostic[] = [];
  for (const p of norm.problems) {
    const span = locations.get(pathKey(p.path)) ?? { start: 0, end: 1 };
    diagnostics.push(diagnosticAt('error', 'E008', p.message, { file: source, ...span }));
  }
  if (norm.dialect !== 'canonical') {
    diagnostics.push(
      diagnosticAt('warning', 'L008', `manifest uses the older ${norm.dialect} dialect`, { file: source, start: 0, end: 1 }, { hint: 'run `estream marketplace lint --fix` to rewrite it in the canonical dialect' }),
    );
  }
  for (const f of validateManifestData(norm.data, mode)) {
    const span = at(f.path);
    diagnostics.push(diagnosticAt(f.severity, f.code, f.message, { file: source, ...span }, f.hint ? { hint: f.hint } : {}));
  }
  const failed = diagnostics.some((d) => d.severity === 'error');
  return failed ? { dialect: norm.dialect, diagnostics, source } : { manifest: toManifest(norm.data, norm.dialect), dialect: norm.dialect, diagnostics, source };
}

/** Where a canonical key path was written: the key itself, else its nearest written parent. */
function positionOf(canonical: string[], origin: Map<string, string[]>, locations: KeyLocations): { start: number; end: number } {
  for (let n = canonical.length; n > 0; n--) {
    const prefix = canonical.slice(0, n);
    const written = origin.get(prefix.join('\0')) ?? prefix;
    const span = locations.get(pathKey(written));
    if (span) return span;
  }
  return { start: 0, end: 0 };
}

/** Loads and validates, throwing E008 with positioned diagnostics on failure. */
export function parseManifestOrThrow(text: string, path: string, mode: ValidationMode = 'publish'): { manifest: Manifest; warnings: Diagnostic[] } {
  const r = loadManifestText(text, path, mode);
  if (!r.manifest) {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const summary = errors.length === 1 ? `: ${errors[0]!.message}` : ` (${errors.length} errors)`;
    throw new MarketplaceError('E008', `invalid manifest ${path}${summary}`, { diagnostics: r.diagnostics });
  }
  return { manifest: r.manifest, warnings: r.diagnostics.filter((d) => d.severity !== 'error') };
}

const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const sub = (t: Table, k: string): Table => (isTable(t[k]) ? (t[k] as Table) : {});

function toManifest(data: Table, dialect: Dialect): Manifest {
  const pkg = sub(data, 'package');
  const pub = sub(data, 'publisher');
  const escir = sub(data, 'escir');
  const mk = sub(data, 'marketplace');
  const lc = sub(data, 'lifecycle');
  const inc = sub(data, 'include');
  const dependencies: DependencySpec[] = [];
  for (const [key, v] of Object.entries(sub(data, 'dependencies'))) {
    if (typeof v === 'string') dependencies.push({ key, name: key, requirement: v, optional: false });
    else if (isTable(v)) dependencies.push({ key, name: s(v.package) ?? key, requirement: s(v.version) ?? '*', optional: v.optional === true });
  }
  dependencies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const include: Record<string, string[]> = {};
  const explicitInclude = new Set<string>();
  for (const k of Object.keys(DEFAULT_INCLUDE)) {
    if (inc[k] !== undefined) {
      include[k] = list(inc[k]);
      explicitInclude.add(k);
    } else include[k] = DEFAULT_INCLUDE[k]!;
  }
  const publisher: Manifest['publisher'] = {};
  if (s(pub.id)) publisher.id = s(pub.id)!;
  if (s(pub.name)) publisher.name = s(pub.name)!;
  if (s(pub.signing_key_id)) publisher.signingKeyId = s(pub.signing_key_id)!;
  const esc: Manifest['escir'] = { maxPlatformVersion: s(escir.max_platform_version) ?? '*', stability: s(escir.stability) ?? 'stable' };
  if (s(escir.api_version)) esc.apiVersion = s(escir.api_version)!;
  if (s(escir.min_platform_version)) esc.minPlatformVersion = s(escir.min_platform_version)!;
  const lifecycle: Manifest['lifecycle'] = { status: s(lc.status) ?? 'active', changelog: s(lc.changelog) ?? 'CHANGELOG.md' };
  if (s(lc.sunset_date)) lifecycle.sunsetDate = s(lc.sunset_date)!;
  if (s(lc.successor)) lifecycle.successor = s(lc.successor)!;
  if (s(lc.migration_guide)) lifecycle.migrationGuide = s(lc.migration_guide)!;
  return {
    dialect,
    data,
    name: s(pkg.name)!,
    version: s(pkg.version)!,
    description: s(pkg.description)!,
    license: s(pkg.license)!,
    category: s(pkg.category) as Category,
    readme: s(pkg.readme) ?? 'README.md',
    keywords: list(pkg.keywords),
    publisher,
    escir: esc,
    dependencies,
    include,
    explicitInclude,
    lifecycle,
    visibility: s(mk.visibility) ?? 'open',
    listing: s(mk.listing) ?? 'public',
    licenseType: s(sub(data, 'pricing').license_type) ?? 'free',
    schemasProvides: list(sub(data, 'schemas').provides),
    schemasRequires: list(sub(data, 'schemas').requires),
    lexRequirements: list(sub(data, 'lex').requirements),
  };
}

/** Table order of the canonical dialect, used when rewriting (`lint --fix`, older dialects in `pack`). */
const TABLE_ORDER = ['package', 'publisher', 'author', 'escir', 'lex', 'dependencies', 'pricing', 'telemetry', 'marketplace', 'schemas', 'circuits', 'include', 'lifecycle', 'wire_adapter', 'widget', 'fpga', 'solution'];

/** Canonical TOML text of normalised manifest data (deterministic key order). */
export function canonicalManifestText(data: Table): string {
  const ordered: Table = {};
  const keys = Object.keys(data).sort((a, b) => {
    const ia = TABLE_ORDER.indexOf(a);
    const ib = TABLE_ORDER.indexOf(b);
    return (ia === -1 ? 999 : ia) - (ib === -1 ? 999 : ib) || (a < b ? -1 : a > b ? 1 : 0);
  });
  for (const k of keys) ordered[k] = data[k];
  return `${stringifyToml(ordered).trim()}\n`;
}
