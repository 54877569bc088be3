import { toHex, sha3 } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { packageAttestation, packageManifest, openPackage } from '../escx/read.ts';
import { verifyPackage } from '../escx/verify.ts';
import { HeaderFlag, MAX_PACKAGE_BYTES, SectionType } from '../escx/format.ts';
import { AttestationType } from '../escx/attestation.ts';
import { reservedPrefixOf, VISIBILITIES } from '../manifest/rules.ts';
import { attesterIdOf, publicKeyRecord, type SigningKey } from '../signing/keys.ts';
import { signatureJson } from '../signing/signature.ts';
import { TrustStore, type AttesterRecord, type PublisherRecord } from '../signing/trust.ts';
import { compareVersions, formatVersion, parseVersion } from '../version/semver.ts';
import { RegistryDirectory } from './directory.ts';
import { attesterPath, blobPath, publisherPath, versionDir, type PackageMetadata, type VersionEntry } from './layout.ts';

export interface PublishOptions {
  registryDir: string;
  bytes: Uint8Array;
  now?: number;
  /** The publisher's key: registers the publisher on first publication (trust on first use). */
  signingKey?: SigningKey;
  /** The local toolchain witness: registered as an attester on first use. */
  attesterKey?: SigningKey;
  dryRun?: boolean;
}

export interface PublishResult {
  name: string;
  version: string;
  category: string;
  checksum: string;
  archiveUrl: string;
  publishedAt: number;
  registeredPublisher: boolean;
  registeredAttester: boolean;
  dryRun: boolean;
  /** Dependencies this registry does not hold (they may live in another registry). */
  warnings: string[];
}

/**
 * Publishes a signed `.escx` into a static registry directory (§3.4): validates E006-E011 and
 * E015, verifies the package against the registry's keys, then writes the content-addressed
 * blob, the per-version directory, the package metadata and the root index.
 */
export function publishPackage(opts: PublishOptions): PublishResult {
  const reg = new RegistryDirectory(opts.registryDir);
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const bytes = opts.bytes;
  if (bytes.length >= MAX_PACKAGE_BYTES) throw new MarketplaceError('E011', `package is ${bytes.length} bytes; the limit is 50 MB`);
  const pkg = openPackage(bytes);
  const manifest = packageManifest(pkg);
  const name = manifest.name;
  if (manifest.lifecycle.status === 'draft') throw new MarketplaceError('E008', `${name} ${manifest.version} has lifecycle.status = "draft" and cannot be published`);
  if ((pkg.file.flags & HeaderFlag.STRIPPED) === 0) throw new MarketplaceError('E008', 'package is not STRIPPED: a compiled module still carries debug sections', { hint: 'rebuild the .wasm without debug info' });
  const att = packageAttestation(pkg);
  if (att.type !== AttestationType.CompilerPoVC) throw new MarketplaceError('E008', 'publishing needs a CompilerPoVC attestation (type 0)');

  // Publisher and key registration.
  const pubName = manifest.publisher.name!;
  let publisher = reg.readJson<PublisherRecord>(publisherPath(pubName));
  let registeredPublisher = false;
  if (!publisher) {
    if (!opts.signingKey || opts.signingKey.keyId !== pkg.file.trailer.keyId) {
      throw new MarketplaceError('E007', `publisher ${pubName} is not registered in this registry`, { hint: 'publish with the publisher key (--key) to register it' });
    }
    publisher = { name: pubName, display_name: pubName, url: '', verified: false, signing_keys: [publicKeyRecord(opts.signingKey)] };
    registeredPublisher = true;
  }
  const prefix = reservedPrefixOf(name);
  if (prefix && publisher.official !== true) throw new MarketplaceError('E009', `the "${prefix}" prefix is reserved for official publishers; ${pubName} is not one`);

  // Attester registration.
  const attHex = toHex(att.attesterId);
  let attester = reg.readJson<AttesterRecord>(attesterPath(attHex));
  let registeredAttester = false;
  if (!attester) {
    if (!opts.attesterKey || toHex(attesterIdOf(opts.attesterKey.publicKey)) !== attHex) {
      throw new MarketplaceError('E007', `attester ${attHex.slice(0, 16)}… is not registered in this registry`);
    }
    attester = { attester_id: attHex, name: 'estream toolchain witness', algorithm: 'ML-DSA-87', public_key_hex: toHex(opts.attesterKey.publicKey) };
    registeredAttester = true;
  }

  // Ownership, versions, visibility.
  const existing = reg.metadata(name);
  if (existing && existing.publisher !== pubName) throw new MarketplaceError('E015', `${name} belongs to publisher ${existing.publisher}, not ${pubName}`);
  if (existing && existing.category !== manifest.category) throw new MarketplaceError('E008', `${name} is published as ${existing.category}; package.category cannot change to ${manifest.category}`);
  const v = parseVersion(manifest.version)!;
  if (existing) {
    const newer = existing.versions.filter((e) => compareVersions(parseVersion(e.version)!, v) >= 0);
    if (newer.length) {
      const highest = newer.map((e) => e.version).sort((a, b) => compareVersions(parseVersion(b)!, parseVersion(a)!))[0]!;
      throw new MarketplaceError('E010', `${name} ${manifest.version} is not above the published ${highest}`, { hint: 'bump package.version' });
    }
    const last = existing.versions.filter((e) => !e.yanked).at(-1) ?? existing.versions.at(-1);
    if (last && VISIBILITIES.indexOf(manifest.visibility) < VISIBILITIES.indexOf(last.visibility)) {
      throw new MarketplaceError('E008', `marketplace.visibility "${manifest.visibility}" is less open than "${last.visibility}" of ${last.version}; visibility never decreases`);
    }
  }
  if (manifest.lifecycle.successor && !reg.index().packages[manifest.lifecycle.successor] && manifest.lifecycle.successor !== name) {
    throw new MarketplaceError('E008', `lifecycle.successor ${manifest.lifecycle.successor} is not a published package`);
  }

  // Full verification against the registry's own keys (after first-use registration).
  const trust = new TrustStore();
  trust.addPublisher(publisher);
  trust.addAttester(attester);
  verifyPackage(bytes, { trust, publishedAt: now, label: name });

  const index = reg.index();
  const warnings = manifest.dependencies
    .filter((d) => !index.packages[d.name] && d.name !== name)
    .map((d) => `dependency ${d.name} is not in this registry; installs need a registry that has it`);
  const checksum = toHex(sha3(bytes));
  const archiveUrl = blobPath(checksum);
  const result: PublishResult = {
    name,
    version: formatVersion(v),
    category: manifest.category,
    checksum,
    archiveUrl,
    publishedAt: now,
    registeredPublisher,
    registeredAttester,
    dryRun: opts.dryRun === true,
    warnings,
  };
  if (opts.dryRun) return result;

  const entry: VersionEntry = {
    version: manifest.version,
    published_at: now,
    checksum_sha3: checksum,
    signature_pubkey_id: pkg.file.trailer.keyId,
    yanked: false,
    estream_min_version: manifest.escir.minPlatformVersion ?? '0.0.0',
    archive_url: archiveUrl,
    estream_max_version: manifest.escir.maxPlatformVersion,
    api_version: manifest.escir.apiVersion ?? '',
    size_bytes: bytes.length,
    dependencies: manifest.dependencies.map((d) => ({ name: d.name, requirement: d.requirement, optional: d.optional })),
    status: manifest.lifecycle.status === 'deprecated' || manifest.lifecycle.status === 'sunset' ? manifest.lifecycle.status : 'active',
    visibility: manifest.visibility,
    schemas_provides: manifest.schemasProvides,
    schemas_requires: manifest.schemasRequires,
  };
  if (manifest.lifecycle.sunsetDate) entry.sunset_date = manifest.lifecycle.sunsetDate;
  if (manifest.lifecycle.successor) entry.successor = manifest.lifecycle.successor;

  reg.writeBytes(archiveUrl, bytes);
  const vdir = versionDir(manifest.category, name, entry.version);
  reg.writeBytes(`${vdir}/estream-component.toml`, pkg.raw.get(SectionType.manifest)!);
  reg.writeBytes(`${vdir}/checksum.sha3`, Buffer.from(`${checksum}\n`));
  reg.writeBytes(`${vdir}/SIGNATURE.ml-dsa`, Buffer.from(signatureJson(pkg.file.trailer, pkg.file.sections.length)));
  if (registeredPublisher) reg.writeJson(publisherPath(pubName), publisher);
  if (registeredAttester) reg.writeJson(attesterPath(attHex), attester);
  const meta: PackageMetadata = existing ?? {
    name,
    category: manifest.category,
    publisher: pubName,
    description: manifest.description,
    versions: [],
    latest: entry.version,
    keywords: manifest.keywords,
    badges: [],
    stats: { downloads: 0, rating: 0 },
    listing: manifest.listing,
  };
  meta.description = manifest.description;
  meta.keywords = manifest.keywords;
  meta.listing = manifest.listing;
  meta.badges = [...(publisher.verified ? ['verified'] : []), ...(publisher.official ? ['official'] : [])];
  meta.versions.push(entry);
  reg.saveMetadata(meta, now);
  return result;
}
