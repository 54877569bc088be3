import { sha3, sha3Hex, toHex, utf8 } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { unsafeEntryPathReason } from '../core/paths.ts';
import { NAME_RE } from '../manifest/rules.ts';
import type { PackageCache } from '../cache/cache.ts';
import { MAX_PACKAGE_BYTES, SectionType } from '../escx/format.ts';
import { openPackage, packageAttestation } from '../escx/read.ts';
import { verifyPackage, type VerifyReport } from '../escx/verify.ts';
import type { CandidateVersion, PackageSource } from '../resolve/solver.ts';
import { loadLocalTrust, TrustStore, type AttesterRecord, type PublisherRecord } from '../signing/trust.ts';
import { compareVersions, parseVersion } from '../version/semver.ts';
import type { MarketplaceConfig, MirrorConfig, RegistrySource } from './config.ts';
import { attesterPath, INDEX_FILE, metadataPath, publisherPath, REGISTRY_FILE, versionDir, type PackageMetadata, type RegistryIndex, type VersionEntry } from './layout.ts';
import { checkIndex, checkMetadata } from './documents.ts';
import { checkRegistryDirectory, FetchError, fetchBytes, fetchJson, isFileUrl, joinUrl } from './transport.ts';
import { signatureJson } from '../signing/signature.ts';

export interface ClientOptions {
  offline?: boolean;
  /** Skip cache reads (`--force`). */
  force?: boolean;
  /** false = `--no-verify`: checksums still checked, signatures not. */
  verifySignatures?: boolean;
  warn?: (message: string) => void;
  /** Download progress: bytes received of total for a label. */
  progress?: (label: string, received: number, total: number | undefined) => void;
}

export interface ResolvedPackage {
  registry: RegistrySource;
  metadata: PackageMetadata;
}

export interface DownloadedPackage {
  bytes: Uint8Array;
  checksum: string;
  from: 'cache' | string;
  report: VerifyReport;
}

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Reads registries (static layouts over file:// or http(s)://) through the local cache:
 * indexes with a TTL and stale fallback, packages from untrusted mirrors checked against the
 * origin index checksum and the publisher's signature (§3.4).
 */
export class RegistryClient {
  private readonly indexes = new Map<string, RegistryIndex | null>();
  private readonly metadataByName = new Map<string, ResolvedPackage | null>();
  private mirrorOrder: MirrorConfig[] | undefined;

  constructor(
    readonly config: MarketplaceConfig,
    readonly cache: PackageCache,
    readonly options: ClientOptions = {},
  ) {}

  private warn(m: string): void {
    this.options.warn?.(m);
  }

  private headers(src: RegistrySource): Record<string, string> {
    const token = src.tokenEnv ? process.env[src.tokenEnv] : undefined;
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  /**
   * A registry document through the cache: fresh copy used as is; stale or missing copy
   * refetched; fetch failure falls back to a stale copy with a warning. Offline: cache only.
   * Returns undefined when the document does not exist in the registry.
   */
  async document<T>(src: RegistrySource, rel: string): Promise<T | undefined> {
    const key = cacheKey(src);
    // Local directories are read fresh every time (cheap, and a publish shows at once); the
    // copy is still kept for --offline.
    const cached = this.options.force || (isFileUrl(src.url) && !this.options.offline) ? undefined : this.cache.readDocument<T>(key, rel);
    if (cached && (!cached.stale || this.options.offline)) return cached.data;
    if (this.options.offline) {
      throw new MarketplaceError('E012', `offline and ${rel} of registry ${src.name} is not cached`, { hint: 'run once online, or use `install --from <dir>`' });
    }
    try {
      const data = await fetchJson<T>(joinUrl(src.url, rel), { headers: this.headers(src), timeoutMs: 15_000 });
      this.cache.writeDocument(key, rel, src.url, data);
      return data;
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      if (e.kind === 'not-found') return undefined;
      const stale = this.cache.readDocument<T>(key, rel);
      const problem = e.kind === 'malformed' ? 'serves a damaged file' : 'unreachable';
      if (stale) {
        this.warn(`registry ${src.name} ${problem} (${e.message}); using the cached copy of ${rel} from ${new Date(stale.fetched_at * 1000).toISOString()}`);
        return stale.data;
      }
      // A document that arrived but does not parse is an integrity failure (E006), not a network one.
      if (e.kind === 'malformed') throw new MarketplaceError('E006', `registry ${src.name}: ${rel} is not valid JSON: ${e.message}`);
      throw new MarketplaceError('E012', `registry ${src.name} is unreachable and ${rel} is not cached: ${e.message}`);
    }
  }

  async index(src: RegistrySource): Promise<RegistryIndex | null> {
    if (this.indexes.has(src.url)) return this.indexes.get(src.url)!;
    if (!this.options.offline) checkRegistryDirectory(src.url, src.name);
    const doc = await this.document<unknown>(src, INDEX_FILE);
    const idx = doc === undefined ? null : checkIndex(doc, `registry ${src.name}:`);
    this.indexes.set(src.url, idx);
    return idx;
  }

  async allIndexes(): Promise<{ registry: string; index: RegistryIndex }[]> {
    this.requireSources();
    const out: { registry: string; index: RegistryIndex }[] = [];
    for (const src of this.config.sources) {
      const idx = await this.index(src);
      if (idx) out.push({ registry: src.name, index: idx });
    }
    return out;
  }

  private requireSources(): void {
    if (this.config.sources.length === 0) {
      throw new MarketplaceError('E012', 'no registry configured', { hint: 'pass --registry <dir|url> or set [registry] default in $ESTREAM_HOME/config.toml' });
    }
  }

  /** The first registry holding a name serves it (§3.4). undefined = in no registry. */
  async resolvePackage(name: string): Promise<ResolvedPackage | undefined> {
    if (this.metadataByName.has(name)) return this.metadataByName.get(name) ?? undefined;
    this.requireSources();
    // Names become cache paths: anything that is not a package name is in no registry.
    if (!NAME_RE.test(name)) {
      this.metadataByName.set(name, null);
      return undefined;
    }
    let found: ResolvedPackage | null = null;
    for (const src of this.config.sources) {
      const idx = await this.index(src);
      const entry = idx?.packages[name];
      if (!entry) continue;
      const doc = await this.document<unknown>(src, metadataPath(entry.category, name));
      if (doc === undefined) throw new MarketplaceError('E006', `registry ${src.name} lists ${name} but has no metadata for it`);
      const metadata = checkMetadata(doc, name, `registry ${src.name}:`);
      found = { registry: src, metadata };
      break;
    }
    this.metadataByName.set(name, found);
    return found ?? undefined;
  }

  /** Fetches metadata for every name reachable from `roots` through any version's dependencies. */
  async loadClosure(roots: readonly string[]): Promise<void> {
    const seen = new Set<string>();
    let frontier = [...new Set(roots)];
    while (frontier.length) {
      const next: string[] = [];
      const results = await Promise.all(frontier.map(async (n) => [n, await this.resolvePackage(n)] as const));
      for (const [n, r] of results) {
        seen.add(n);
        for (const v of r?.metadata.versions ?? []) for (const d of v.dependencies ?? []) if (!seen.has(d.name) && !next.includes(d.name) && !frontier.includes(d.name)) next.push(d.name);
      }
      frontier = next;
    }
  }

  /** The solver's view of everything loaded so far. */
  packageSource(): PackageSource {
    return {
      versions: (name: string): CandidateVersion[] | undefined => {
        const r = this.metadataByName.get(name);
        if (!r) return undefined;
        return r.metadata.versions.map((v) => candidateOf(v));
      },
    };
  }

  loaded(name: string): ResolvedPackage | undefined {
    return this.metadataByName.get(name) ?? undefined;
  }

  versionEntry(name: string, version: string): VersionEntry | undefined {
    const v = parseVersion(version);
    return v ? this.loaded(name)?.metadata.versions.find((e) => { const ev = parseVersion(e.version); return ev !== undefined && compareVersions(ev, v) === 0; }) : undefined;
  }

  /** The manifest a registry keeps beside a published version (text), if it has one. */
  async versionManifest(name: string, version: string): Promise<string | undefined> {
    const r = this.loaded(name) ?? (await this.resolvePackage(name));
    if (!r) return undefined;
    const rel = `${versionDir(r.metadata.category, name, version)}/estream-component.toml`;
    try {
      return Buffer.from(await fetchBytes(joinUrl(r.registry.url, rel), { headers: this.headers(r.registry), maxBytes: 1 << 20, timeoutMs: 15_000 })).toString('utf8');
    } catch (e) {
      if (e instanceof FetchError) return undefined;
      throw e;
    }
  }

  /** Trust for packages of one registry: its publishers and attesters, plus local keys. */
  private async trustFor(src: RegistrySource, publisher: string, attesterHex: string): Promise<TrustStore> {
    const trust = loadLocalTrust(new TrustStore());
    const pub = await this.document<PublisherRecord>(src, publisherPath(publisher));
    if (pub) trust.addPublisher(pub);
    const att = await this.document<AttesterRecord>(src, attesterPath(attesterHex));
    if (att) trust.addAttester(att);
    return trust;
  }

  /** Mirrors by health: client region first by latency, then other regions; dead ones dropped. */
  private async mirrors(): Promise<MirrorConfig[]> {
    if (this.mirrorOrder) return this.mirrorOrder;
    const probes = await Promise.all(
      this.config.mirrors.map(async (m) => {
        const t0 = performance.now();
        try {
          await fetchBytes(joinUrl(m.url, REGISTRY_FILE), { timeoutMs: PROBE_TIMEOUT_MS, maxBytes: 1 << 20 });
          return { m, ok: true, latency: performance.now() - t0 };
        } catch (e) {
          this.warn(`mirror ${m.url} is unavailable (${(e as Error).message}); skipping it`);
          return { m, ok: false, latency: Infinity };
        }
      }),
    );
    const region = this.config.region;
    this.mirrorOrder = probes
      .filter((p) => p.ok)
      .sort((a, b) => Number(b.m.region === region && region !== undefined) - Number(a.m.region === region && region !== undefined) || a.latency - b.latency)
      .map((p) => p.m);
    return this.mirrorOrder;
  }

  /**
   * The bytes of name@version: a verified cache hit, else the first source (mirrors, then the
   * origin) whose bytes match the index checksum and whose signature verifies.
   */
  async download(name: string, version: string): Promise<DownloadedPackage> {
    const resolved = this.loaded(name) ?? (await this.resolvePackage(name));
    const entry = resolved ? this.versionEntry(name, version) : undefined;
    if (!resolved || !entry) throw new MarketplaceError('E002', `${name} ${version} is not in any configured registry`);
    const unsafe = unsafeEntryPathReason(entry.archive_url);
    if (unsafe) throw new MarketplaceError('E006', `${name} ${version}: archive_url ${JSON.stringify(entry.archive_url)} is not a relative registry path (${unsafe})`);
    const checkSig = this.options.verifySignatures !== false;
    const verify = async (bytes: Uint8Array): Promise<VerifyReport> => {
      const att = packageAttestation(openPackage(bytes));
      const trust = await this.trustFor(resolved.registry, resolved.metadata.publisher, toHex(att.attesterId));
      return verifyPackage(bytes, { trust, publishedAt: entry.published_at, checkSignatures: checkSig, label: `${name}@${version}` });
    };
    if (!this.options.force) {
      const hit = this.cache.read(name, entry.version, entry.checksum_sha3);
      if (hit) {
        try {
          const report = await verify(hit.bytes);
          if (hit.stale) this.cache.refresh(name, entry.version);
          return { bytes: hit.bytes, checksum: hit.entry.checksum, from: 'cache', report };
        } catch (e) {
          if (!(e instanceof MarketplaceError) || e.code === 'E012') throw e;
          this.cache.remove(name, entry.version);
          throw new MarketplaceError('E013', `cached ${name} ${entry.version} fails verification (${e.code}: ${e.message}); the entry was removed`, { hint: 'pass --force to skip the cache' });
        }
      }
    }
    if (this.options.offline) throw new MarketplaceError('E012', `offline and ${name} ${entry.version} is not cached`, { hint: 'run once online, or use `install --from <dir>`' });
    const sources = [...(await this.mirrors()).map((m) => ({ label: `mirror ${m.url}`, url: m.url, headers: {} as Record<string, string> })), { label: `registry ${resolved.registry.name}`, url: resolved.registry.url, headers: this.headers(resolved.registry) }];
    let integrityError: MarketplaceError | undefined;
    const failures: string[] = [];
    for (const s of sources) {
      let bytes: Uint8Array;
      try {
        bytes = await fetchBytes(joinUrl(s.url, entry.archive_url), {
          headers: s.headers,
          maxBytes: MAX_PACKAGE_BYTES,
          onProgress: (r, t) => this.options.progress?.(`${name}@${entry.version}`, r, t),
        });
      } catch (e) {
        if (!(e instanceof FetchError)) throw e;
        failures.push(`${s.label}: ${e.message}`);
        if (e.kind === 'too-large') integrityError = new MarketplaceError('E011', `${name} ${entry.version} from ${s.label} exceeds 50 MB`);
        continue;
      }
      const checksum = toHex(sha3(bytes));
      if (checksum !== entry.checksum_sha3) {
        this.warn(`${s.label} served ${name} ${entry.version} with a wrong checksum; trying the next source`);
        failures.push(`${s.label}: checksum mismatch`);
        integrityError = new MarketplaceError('E006', `${name} ${entry.version}: checksum mismatch (expected ${entry.checksum_sha3}, got ${checksum})`);
        continue;
      }
      let report: VerifyReport;
      try {
        report = await verify(bytes);
      } catch (e) {
        if (!(e instanceof MarketplaceError) || e.code === 'E012') throw e;
        this.warn(`${s.label} served ${name} ${entry.version} failing verification (${e.code}); trying the next source`);
        failures.push(`${s.label}: ${e.code} ${e.message}`);
        integrityError = e;
        continue;
      }
      const pkg = openPackage(bytes);
      this.cache.write(name, entry.version, bytes, pkg.raw.get(SectionType.manifest)!, signatureJson(pkg.file.trailer, pkg.file.sections.length), checkSig);
      return { bytes, checksum, from: s.label, report };
    }
    if (integrityError) throw new MarketplaceError(integrityError.code, integrityError.message, { details: failures });
    throw new MarketplaceError('E012', `cannot download ${name} ${entry.version}: registry and mirrors unreachable`, { details: failures });
  }
}

/**
 * Cache directory of a registry: its configured name plus a short hash of its URL, so two
 * registries both called "default" (say, two --registry runs) never share index copies.
 */
export function cacheKey(src: RegistrySource): string {
  return `${src.name.replace(/[^A-Za-z0-9._-]/g, '_')}-${sha3Hex(utf8(src.url)).slice(0, 12)}`;
}

export function candidateOf(v: VersionEntry): CandidateVersion {
  const c: CandidateVersion = {
    version: v.version,
    dependencies: (v.dependencies ?? []).map((d) => ({ name: d.name, requirement: d.requirement, optional: d.optional === true })),
    yanked: v.yanked === true,
    status: v.status ?? 'active',
    minPlatformVersion: v.estream_min_version,
    maxPlatformVersion: v.estream_max_version ?? '*',
  };
  if (v.api_version) c.apiVersion = v.api_version;
  return c;
}
