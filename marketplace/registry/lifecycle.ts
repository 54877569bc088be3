import { toHex } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { isValidDate, NAME_RE } from '../manifest/rules.ts';
import type { SigningKey } from '../signing/keys.ts';
import type { PublisherRecord } from '../signing/trust.ts';
import { compareVersions, parseVersion } from '../version/semver.ts';
import { RegistryDirectory } from './directory.ts';
import { publisherPath, type PackageMetadata, type VersionEntry } from './layout.ts';

export interface LifecycleChange {
  status: 'deprecated' | 'sunset' | 'active';
  successor?: string;
  sunsetDate?: string;
  migrationGuide?: string;
}

/** Loads a package for a change and checks the caller's key belongs to its publisher (E015). */
function ownedEntry(reg: RegistryDirectory, name: string, version: string, key: SigningKey | undefined): { meta: PackageMetadata; entry: VersionEntry } {
  const meta = reg.metadata(name);
  if (!meta) throw new MarketplaceError('E001', `${name} is not in registry ${reg.root}`);
  const v = parseVersion(version);
  const entry = v ? meta.versions.find((e) => compareVersions(parseVersion(e.version)!, v) === 0) : undefined;
  if (!entry) throw new MarketplaceError('E002', `${name} has no published version ${version}`);
  const publisher = reg.readJson<PublisherRecord>(publisherPath(meta.publisher));
  const ok = key && publisher?.signing_keys.some((k) => k.key_id === key.keyId && k.status === 'active' && k.public_key_hex === toHex(key.publicKey));
  if (!ok) throw new MarketplaceError('E015', `only publisher ${meta.publisher} can change ${name}`, { hint: 'pass the publisher signing key with --key' });
  return { meta, entry };
}

/** `lifecycle set <ver> {deprecated,sunset}` (§6): deprecated needs a successor and a sunset date. */
export function setLifecycle(registryDir: string, name: string, version: string, change: LifecycleChange, key: SigningKey | undefined, now = Math.floor(Date.now() / 1000)): VersionEntry {
  const reg = new RegistryDirectory(registryDir);
  const { meta, entry } = ownedEntry(reg, name, version, key);
  if (change.status === 'deprecated' && (!change.successor || !change.sunsetDate)) {
    throw new MarketplaceError('E008', 'deprecating needs --successor and --sunset <YYYY-MM-DD>');
  }
  if (change.sunsetDate !== undefined && !isValidDate(change.sunsetDate)) throw new MarketplaceError('E008', `sunset date "${change.sunsetDate}" must be YYYY-MM-DD`);
  if (change.successor !== undefined) {
    if (!NAME_RE.test(change.successor)) throw new MarketplaceError('E008', `successor "${change.successor}" is not a package name`);
    if (!reg.index().packages[change.successor]) throw new MarketplaceError('E008', `successor ${change.successor} is not a published package`);
  }
  entry.status = change.status;
  if (change.successor !== undefined) entry.successor = change.successor;
  if (change.sunsetDate !== undefined) entry.sunset_date = change.sunsetDate;
  if (change.migrationGuide !== undefined) entry.migration_guide = change.migrationGuide;
  reg.saveMetadata(meta, now);
  return entry;
}

/** `yank <name@version>`: yanked versions stay downloadable for lockfiles but are no candidates. */
export function yankVersion(registryDir: string, name: string, version: string, key: SigningKey | undefined, undo = false, now = Math.floor(Date.now() / 1000)): VersionEntry {
  const reg = new RegistryDirectory(registryDir);
  const { meta, entry } = ownedEntry(reg, name, version, key);
  entry.yanked = !undo;
  if (undo) delete entry.yanked_at;
  else entry.yanked_at = now;
  reg.saveMetadata(meta, now);
  return entry;
}
