import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex, toHex } from '../core/bytes.ts';
import { estreamHome } from '../core/paths.ts';
import { attesterIdOf, type PublicKeyRecord } from './keys.ts';
import { PUBLIC_KEY_BYTES } from './mldsa.ts';

/** A publisher as the registry lists it (MARKETPLACE.md §1.7), plus the operator's `official` mark. */
export interface PublisherRecord {
  name: string;
  display_name: string;
  url: string;
  verified: boolean;
  /** Official publishers may use the reserved prefixes (E009). Set by the registry operator. */
  official?: boolean;
  signing_keys: PublicKeyRecord[];
}

/** A registered compiler identity whose witness signs attestations (§1.4). */
export interface AttesterRecord {
  attester_id: string;
  name: string;
  algorithm: 'ML-DSA-87';
  public_key_hex: string;
}

export interface ResolvedKey {
  publisher: string;
  record: PublicKeyRecord;
  publicKey: Uint8Array;
}

/** Publisher slot of the user's own keys ($ESTREAM_HOME/keys/*.pub.json). */
export const LOCAL_KEYS = '*local*';

/** The keys a verifier trusts: registry publishers and attesters, plus the user's own keys. */
export class TrustStore {
  private readonly publishers = new Map<string, PublisherRecord>();
  private readonly attesters = new Map<string, { name: string; publicKey: Uint8Array }>();

  addPublisher(p: PublisherRecord): void {
    const existing = this.publishers.get(p.name);
    if (!existing) {
      this.publishers.set(p.name, { ...p, signing_keys: [...p.signing_keys] });
      return;
    }
    for (const k of p.signing_keys) if (!existing.signing_keys.some((e) => e.key_id === k.key_id)) existing.signing_keys.push(k);
  }

  addAttester(a: AttesterRecord): void {
    const pk = fromHex(a.public_key_hex);
    if (pk.length !== PUBLIC_KEY_BYTES) return;
    // The id is derived, never taken on trust from the record.
    this.attesters.set(toHex(attesterIdOf(pk)), { name: a.name, publicKey: pk });
  }

  publisher(name: string): PublisherRecord | undefined {
    return this.publishers.get(name);
  }

  attester(idHex: string): { name: string; publicKey: Uint8Array } | undefined {
    return this.attesters.get(idHex);
  }

  /**
   * Finds a key by id within the named publisher (a key never vouches for another publisher),
   * or among the user's own keys (LOCAL_KEYS), which vouch for whatever the user signs.
   */
  key(keyId: string, publisherName?: string): ResolvedKey | undefined {
    const named = publisherName !== undefined ? [this.publishers.get(publisherName)] : [...this.publishers.values()];
    const candidates = [...named, this.publishers.get(LOCAL_KEYS)].filter((p): p is PublisherRecord => !!p);
    for (const p of candidates) {
      const record = p.signing_keys.find((k) => k.key_id === keyId);
      if (record) return { publisher: p.name, record, publicKey: fromHex(record.public_key_hex) };
    }
    return undefined;
  }
}

/**
 * The user's local trust: every `$ESTREAM_HOME/keys/*.pub.json` is trusted as the user's own
 * key (for any publisher unless the file names one), the attester key likewise, and
 * `$ESTREAM_HOME/trust/{publishers,attesters}/*.json` hold records the user chose to trust.
 */
export function loadLocalTrust(store = new TrustStore()): TrustStore {
  const home = estreamHome();
  const keysDir = join(home, 'keys');
  const readJson = (p: string): unknown => {
    try {
      return JSON.parse(readFileSync(p, 'utf8'));
    } catch {
      return undefined;
    }
  };
  if (existsSync(keysDir)) {
    for (const f of readdirSync(keysDir).sort()) {
      if (!f.endsWith('.pub.json')) continue;
      const rec = readJson(join(keysDir, f)) as (PublicKeyRecord & { publisher?: string }) | undefined;
      if (!rec || typeof rec.public_key_hex !== 'string' || typeof rec.key_id !== 'string') continue;
      if (f.startsWith('attester-key')) store.addAttester({ attester_id: '', name: 'local toolchain', algorithm: 'ML-DSA-87', public_key_hex: rec.public_key_hex });
      else store.addPublisher({ name: rec.publisher ?? LOCAL_KEYS, display_name: 'local keys', url: '', verified: false, signing_keys: [{ ...rec, status: rec.status ?? 'active' }] });
    }
  }
  for (const kind of ['publishers', 'attesters'] as const) {
    const dir = join(home, 'trust', kind);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.json')) continue;
      const rec = readJson(join(dir, f));
      if (!rec || typeof rec !== 'object') continue;
      if (kind === 'publishers' && Array.isArray((rec as PublisherRecord).signing_keys)) store.addPublisher(rec as PublisherRecord);
      if (kind === 'attesters' && typeof (rec as AttesterRecord).public_key_hex === 'string') store.addAttester(rec as AttesterRecord);
    }
  }
  return store;
}

/**
 * Is the key usable for a publication made at `publishedAt` (§1.7)? Judged on the registry's
 * publication time, never on the package's own signed_at. Revoked keys stay valid for earlier
 * publications but are flagged.
 */
export function keyUsableAt(record: PublicKeyRecord, publishedAt: number): { ok: boolean; reason?: string; flagged?: string } {
  if (record.created_at && publishedAt < record.created_at) return { ok: false, reason: `key ${record.key_id} did not exist yet at publication time` };
  if (record.expires_at !== undefined && publishedAt >= record.expires_at) return { ok: false, reason: `key ${record.key_id} had expired at publication time` };
  if (record.status === 'revoked') {
    if (record.revoked_at === undefined || publishedAt >= record.revoked_at) return { ok: false, reason: `key ${record.key_id} is revoked` };
    return { ok: true, flagged: `key ${record.key_id} was revoked after this publication` };
  }
  if (record.status === 'rotated') {
    if (record.rotated_at === undefined || publishedAt >= record.rotated_at) return { ok: false, reason: `key ${record.key_id} was rotated out before this publication` };
  }
  return { ok: true };
}
