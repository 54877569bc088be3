/**
 * Shape checks of the registry documents `index.json` and `metadata.json` (specs/registry.md
 * "Reading registry documents"). A registry is plain files anyone can edit or serve, so what is
 * read is untrusted: a field of the wrong type is E006 naming the file and the field, never a
 * crash further on. Fields a hand-written registry may leave out get the values `publish`
 * would have written for them.
 */
import { MarketplaceError } from '../core/errors.ts';
import { parseVersion } from '../version/semver.ts';
import { latestVersion } from './directory.ts';
import type { IndexEntry, PackageMetadata, RegistryIndex, VersionEntry } from './layout.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one field of a document, checking its type; `fallback` is used when it is absent. */
class FieldReader {
  constructor(
    private readonly doc: Json,
    private readonly where: string,
  ) {}

  private fail(key: string, want: string): never {
    throw new MarketplaceError('E006', `${this.where}: ${key} must be ${want}`, { hint: 'the registry file is damaged; republish the package or repair the file' });
  }

  private present(key: string): boolean {
    return this.doc[key] !== undefined && this.doc[key] !== null;
  }

  string(key: string, fallback?: string): string {
    if (!this.present(key)) return fallback ?? this.fail(key, 'a string');
    const v = this.doc[key];
    return typeof v === 'string' ? v : this.fail(key, 'a string');
  }

  number(key: string, fallback: number): number {
    if (!this.present(key)) return fallback;
    const v = this.doc[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : this.fail(key, 'a number');
  }

  boolean(key: string, fallback: boolean): boolean {
    if (!this.present(key)) return fallback;
    const v = this.doc[key];
    return typeof v === 'boolean' ? v : this.fail(key, 'true or false');
  }

  strings(key: string): string[] {
    if (!this.present(key)) return [];
    const v = this.doc[key];
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...(v as string[])] : this.fail(key, 'a list of strings');
  }

  objects(key: string, fallback?: Json[]): Json[] {
    if (!this.present(key)) return fallback ?? this.fail(key, 'a list');
    const v = this.doc[key];
    return Array.isArray(v) && v.every(isObject) ? (v as Json[]) : this.fail(key, 'a list of objects');
  }

  object(key: string, fallback?: Json): Json {
    if (!this.present(key)) return fallback ?? this.fail(key, 'an object');
    const v = this.doc[key];
    return isObject(v) ? v : this.fail(key, 'an object');
  }

  /** Copies the optional string fields that are present. */
  optionalStrings<K extends string>(keys: readonly K[]): Partial<Record<K, string>> {
    const out: Partial<Record<K, string>> = {};
    for (const k of keys) if (this.present(k)) out[k] = this.string(k);
    return out;
  }
}

/** `index.json`: `{format, name, updated_at, packages: {name: entry}}`. */
export function checkIndex(doc: unknown, where: string): RegistryIndex {
  if (!isObject(doc)) throw new MarketplaceError('E006', `${where}: index.json is malformed (not a JSON object)`);
  const f = new FieldReader(doc, `${where} index.json`);
  const packages: Record<string, IndexEntry> = {};
  for (const [name, raw] of Object.entries(f.object('packages'))) {
    if (!isObject(raw)) throw new MarketplaceError('E006', `${where} index.json: the entry for ${name} is not an object`);
    const e = new FieldReader(raw, `${where} index.json entry ${name}`);
    packages[name] = {
      category: e.string('category'),
      description: e.string('description', ''),
      keywords: e.strings('keywords'),
      publisher: e.string('publisher', ''),
      latest: e.string('latest', ''),
      updated_at: e.number('updated_at', 0),
      badges: e.strings('badges'),
      downloads: e.number('downloads', 0),
      rating: e.number('rating', 0),
      listing: e.string('listing', 'public'),
    };
  }
  return { format: f.number('format', 1), name: f.string('name', 'default'), updated_at: f.number('updated_at', 0), packages };
}

const STATUSES = ['active', 'deprecated', 'sunset'] as const;

function checkVersionEntry(raw: Json, where: string): VersionEntry {
  const f = new FieldReader(raw, where);
  const version = f.string('version');
  if (!parseVersion(version)) throw new MarketplaceError('E006', `${where}: version "${version}" is not a SemVer version`);
  const status = f.string('status', 'active');
  if (!(STATUSES as readonly string[]).includes(status)) throw new MarketplaceError('E006', `${where}: status must be active, deprecated or sunset, not "${status}"`);
  const dependencies = f.objects('dependencies', []).map((d, i) => {
    const df = new FieldReader(d, `${where} dependency ${i}`);
    return { name: df.string('name'), requirement: df.string('requirement', '*'), optional: df.boolean('optional', false) };
  });
  const entry: VersionEntry = {
    version,
    published_at: f.number('published_at', 0),
    checksum_sha3: f.string('checksum_sha3'),
    signature_pubkey_id: f.string('signature_pubkey_id', ''),
    yanked: f.boolean('yanked', false),
    estream_min_version: f.string('estream_min_version', '0.0.0'),
    archive_url: f.string('archive_url'),
    estream_max_version: f.string('estream_max_version', '*'),
    api_version: f.string('api_version', ''),
    size_bytes: f.number('size_bytes', 0),
    dependencies,
    status: status as VersionEntry['status'],
    visibility: f.string('visibility', 'public'),
    schemas_provides: f.strings('schemas_provides'),
    schemas_requires: f.strings('schemas_requires'),
    ...f.optionalStrings(['sunset_date', 'successor', 'migration_guide'] as const),
  };
  if (raw['yanked_at'] !== undefined && raw['yanked_at'] !== null) entry.yanked_at = f.number('yanked_at', 0);
  return entry;
}

/** `index/<category>/<name>/metadata.json` of package `name`. */
export function checkMetadata(doc: unknown, name: string, where: string): PackageMetadata {
  const file = `${where} metadata for ${name}`;
  if (!isObject(doc)) throw new MarketplaceError('E006', `${file} is malformed (not a JSON object)`);
  const f = new FieldReader(doc, file);
  const docName = f.string('name');
  if (docName !== name) throw new MarketplaceError('E006', `${file} is malformed: it names ${docName}`);
  const versions = f.objects('versions').map((v, i) => checkVersionEntry(v, `${file}, versions[${i}]`));
  const stats = new FieldReader(f.object('stats', {}), `${file}, stats`);
  return {
    name,
    category: f.string('category'),
    publisher: f.string('publisher'),
    description: f.string('description', ''),
    versions,
    latest: f.string('latest', latestVersion(versions) ?? ''),
    keywords: f.strings('keywords'),
    badges: f.strings('badges'),
    stats: { downloads: stats.number('downloads', 0), rating: stats.number('rating', 0) },
    listing: f.string('listing', 'public'),
  };
}
