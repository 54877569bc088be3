import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha3, toHex } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/paths.ts';
import { packageIdOf } from '../escx/attestation.ts';

/** `entry.json` of a cached package (MARKETPLACE.md §3.4). */
export interface CacheEntry {
  package_id: string;
  name: string;
  version: string;
  cached_at: number;
  expires_at: number;
  size_bytes: number;
  checksum: string;
  is_verified: boolean;
  access_count: number;
  last_accessed_at: number;
}

/** A registry file kept with the time it was fetched (index.json, metadata, publishers). */
export interface CachedDocument<T> {
  fetched_at: number;
  source: string;
  data: T;
}

/**
 * The local cache under `$ESTREAM_HOME/cache` (§3.4): registry index copies with a TTL, and
 * verified packages that are re-hashed on every hit.
 */
export class PackageCache {
  constructor(
    readonly dir: string,
    readonly ttlSeconds: number,
    readonly maxBytes: number,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  // --- registry documents ------------------------------------------------------------------

  private docPath(registry: string, rel: string): string {
    return join(this.dir, 'registry', registry, ...rel.split('/'));
  }

  readDocument<T>(registry: string, rel: string): (CachedDocument<T> & { stale: boolean }) | undefined {
    const p = this.docPath(registry, rel);
    if (!existsSync(p)) return undefined;
    try {
      const doc = JSON.parse(readFileSync(p, 'utf8')) as CachedDocument<T>;
      if (typeof doc.fetched_at !== 'number' || doc.data === undefined) return undefined;
      return { ...doc, stale: this.now() - doc.fetched_at >= this.ttlSeconds };
    } catch {
      return undefined; // a damaged copy is simply refetched
    }
  }

  writeDocument<T>(registry: string, rel: string, source: string, data: T): void {
    const doc: CachedDocument<T> = { fetched_at: this.now(), source, data };
    writeFileAtomic(this.docPath(registry, rel), JSON.stringify(doc));
  }

  // --- packages ------------------------------------------------------------------------------

  packageDir(name: string, version: string): string {
    return join(this.dir, 'packages', ...name.split('/'), version);
  }

  entry(name: string, version: string): CacheEntry | undefined {
    const p = join(this.packageDir(name, version), 'entry.json');
    if (!existsSync(p)) return undefined;
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
  }

  /**
   * A cache hit: the package bytes, re-hashed against the entry (mismatch: entry removed,
   * E013). Returns undefined when nothing is cached. `expected` is the index checksum when
   * known: an entry that no longer matches the index is dropped and refetched.
   */
  read(name: string, version: string, expected?: string): { bytes: Uint8Array; entry: CacheEntry; stale: boolean } | undefined {
    const dir = this.packageDir(name, version);
    const entry = this.entry(name, version);
    const file = join(dir, 'package.escx');
    if (!entry || !existsSync(file)) return undefined;
    const bytes = new Uint8Array(readFileSync(file));
    if (toHex(sha3(bytes)) !== entry.checksum || bytes.length !== entry.size_bytes) {
      this.remove(name, version);
      throw new MarketplaceError('E013', `cached ${name} ${version} is corrupted (checksum mismatch); the entry was removed`, { hint: 'run the command again, or pass --force to skip the cache' });
    }
    if (expected !== undefined && expected !== entry.checksum) {
      this.remove(name, version);
      return undefined;
    }
    const now = this.now();
    entry.access_count += 1;
    entry.last_accessed_at = now;
    writeFileAtomic(join(dir, 'entry.json'), `${JSON.stringify(entry, null, 2)}\n`);
    return { bytes, entry, stale: now >= entry.expires_at };
  }

  /** Stores a verified package and the documents that travel with it. */
  write(name: string, version: string, bytes: Uint8Array, manifestText: Uint8Array, signatureJson: string, verified: boolean): CacheEntry {
    const dir = this.packageDir(name, version);
    const now = this.now();
    const entry: CacheEntry = {
      package_id: toHex(packageIdOf(name)),
      name,
      version,
      cached_at: now,
      expires_at: now + this.ttlSeconds,
      size_bytes: bytes.length,
      checksum: toHex(sha3(bytes)),
      is_verified: verified,
      access_count: 0,
      last_accessed_at: now,
    };
    writeFileAtomic(join(dir, 'package.escx'), bytes);
    writeFileAtomic(join(dir, 'estream-component.toml'), manifestText);
    writeFileAtomic(join(dir, 'SIGNATURE.ml-dsa'), signatureJson);
    writeFileAtomic(join(dir, 'entry.json'), `${JSON.stringify(entry, null, 2)}\n`);
    return entry;
  }

  /** Marks a revalidated entry fresh for another TTL. */
  refresh(name: string, version: string): void {
    const entry = this.entry(name, version);
    if (!entry) return;
    entry.expires_at = this.now() + this.ttlSeconds;
    writeFileAtomic(join(this.packageDir(name, version), 'entry.json'), `${JSON.stringify(entry, null, 2)}\n`);
  }

  remove(name: string, version: string): void {
    const dir = this.packageDir(name, version);
    rmSync(dir, { recursive: true, force: true });
    // Drop emptied parent directories up to packages/.
    let parent = dirname(dir);
    const stop = join(this.dir, 'packages');
    while (parent.startsWith(stop) && parent !== stop && existsSync(parent) && readdirSync(parent).length === 0) {
      rmSync(parent, { recursive: true, force: true });
      parent = dirname(parent);
    }
  }

  /** Every cached package entry with its on-disk size. */
  entries(): { entry: CacheEntry; bytes: number }[] {
    const root = join(this.dir, 'packages');
    const out: { entry: CacheEntry; bytes: number }[] = [];
    const walk = (d: string) => {
      if (!existsSync(d)) return;
      if (existsSync(join(d, 'entry.json'))) {
        try {
          const entry = JSON.parse(readFileSync(join(d, 'entry.json'), 'utf8')) as CacheEntry;
          let bytes = 0;
          for (const f of readdirSync(d)) bytes += statSync(join(d, f)).size;
          out.push({ entry, bytes });
        } catch {
          // unreadable entry: ignored here, refused on read
        }
        return;
      }
      for (const n of readdirSync(d)) if (statSync(join(d, n)).isDirectory()) walk(join(d, n));
    };
    walk(root);
    return out;
  }

  /**
   * Eviction (§3.4), run after every install/update: stale entries first (oldest access
   * first), then least recently used (ties: larger first, then name) until the cache is under
   * its cap. Entries in use (`keep`, as "name@version") are never evicted.
   */
  evict(keep: ReadonlySet<string>): { evicted: string[]; totalBytes: number } {
    const all = this.entries();
    let total = all.reduce((s, e) => s + e.bytes, 0);
    const evicted: string[] = [];
    if (total <= this.maxBytes) return { evicted, totalBytes: total };
    const now = this.now();
    const candidates = all.filter((e) => !keep.has(`${e.entry.name}@${e.entry.version}`));
    const stale = candidates.filter((e) => e.entry.expires_at <= now).sort((a, b) => a.entry.last_accessed_at - b.entry.last_accessed_at);
    const fresh = candidates
      .filter((e) => e.entry.expires_at > now)
      .sort((a, b) => a.entry.last_accessed_at - b.entry.last_accessed_at || b.bytes - a.bytes || (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0));
    for (const e of [...stale, ...fresh]) {
      if (total <= this.maxBytes) break;
      this.remove(e.entry.name, e.entry.version);
      total -= e.bytes;
      evicted.push(`${e.entry.name}@${e.entry.version}`);
    }
    return { evicted, totalBytes: total };
  }
}
