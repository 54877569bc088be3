import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarketplaceError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/paths.ts';
import { checkIndex, checkMetadata } from './documents.ts';
import { compareVersions, isPrerelease, parseVersion } from '../version/semver.ts';
import { INDEX_FILE, metadataPath, REGISTRY_FILE, REGISTRY_FORMAT, type IndexEntry, type PackageMetadata, type RegistryIndex, type VersionEntry } from './layout.ts';

/** Read/write access to a registry that is a local directory (publish, yank, lifecycle). */
export class RegistryDirectory {
  constructor(readonly root: string) {}

  path(rel: string): string {
    return join(this.root, ...rel.split('/'));
  }

  readJson<T>(rel: string): T | undefined {
    const p = this.path(rel);
    if (!existsSync(p)) return undefined;
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as T;
    } catch (e) {
      throw new MarketplaceError('E006', `registry file ${p} is not valid JSON: ${(e as Error).message}`);
    }
  }

  writeBytes(rel: string, data: Uint8Array): void {
    writeFileAtomic(this.path(rel), data);
  }

  writeJson(rel: string, value: unknown): void {
    writeFileAtomic(this.path(rel), `${JSON.stringify(value, null, 2)}\n`);
  }

  index(): RegistryIndex {
    const doc = this.readJson<unknown>(INDEX_FILE);
    return doc === undefined ? { format: REGISTRY_FORMAT, name: 'default', updated_at: 0, packages: {} } : checkIndex(doc, `registry ${this.root}:`);
  }

  metadata(name: string): PackageMetadata | undefined {
    const entry = this.index().packages[name];
    const doc = entry ? this.readJson<unknown>(metadataPath(entry.category, name)) : undefined;
    return doc === undefined ? undefined : checkMetadata(doc, name, `registry ${this.root}:`);
  }

  /** Writes metadata and refreshes the package's line in the root index. */
  saveMetadata(meta: PackageMetadata, now: number): void {
    meta.versions.sort((a, b) => compareVersions(parseVersion(a.version)!, parseVersion(b.version)!));
    meta.latest = latestVersion(meta.versions) ?? meta.latest;
    this.writeJson(metadataPath(meta.category, meta.name), meta);
    const index = this.index();
    const entry: IndexEntry = {
      category: meta.category,
      description: meta.description,
      keywords: meta.keywords,
      publisher: meta.publisher,
      latest: meta.latest,
      updated_at: now,
      badges: meta.badges,
      downloads: meta.stats.downloads,
      rating: meta.stats.rating,
      listing: meta.listing,
    };
    index.packages[meta.name] = entry;
    const sorted: Record<string, IndexEntry> = {};
    for (const k of Object.keys(index.packages).sort()) sorted[k] = index.packages[k]!;
    index.packages = sorted;
    index.updated_at = now;
    this.writeJson(INDEX_FILE, index);
    if (!existsSync(this.path(REGISTRY_FILE))) this.writeJson(REGISTRY_FILE, { format: REGISTRY_FORMAT, name: index.name });
  }
}

/** Highest version that is neither yanked nor a pre-release (else the highest at all). */
export function latestVersion(versions: readonly VersionEntry[]): string | undefined {
  const usable = versions.filter((v) => !v.yanked);
  const releases = usable.filter((v) => !isPrerelease(parseVersion(v.version)!));
  const pool = releases.length ? releases : usable.length ? usable : versions;
  let best: VersionEntry | undefined;
  for (const v of pool) if (!best || compareVersions(parseVersion(v.version)!, parseVersion(best.version)!) > 0) best = v;
  return best?.version;
}
