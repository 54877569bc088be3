import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha3, toHex } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { estreamHome, writeFileAtomic } from '../core/paths.ts';
import { KEY_ID_RE } from '../manifest/rules.ts';
import { keypairFromSeed, PUBLIC_KEY_BYTES, SEED_BYTES } from './mldsa.ts';

/** A signing key held locally: the seed is the secret, the key pair is derived from it. */
export interface SigningKey {
  keyId: string;
  seed: Uint8Array;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
  createdAt: number;
}

/** A public key as the registry publishes it (MARKETPLACE.md §1.7 `signing_keys[]`). */
export interface PublicKeyRecord {
  key_id: string;
  algorithm: 'ML-DSA-87';
  public_key_hex: string;
  created_at: number;
  expires_at?: number;
  status: 'active' | 'rotated' | 'revoked';
  revoked_at?: number;
  /** When the key was replaced (additive to §1.7: the point a rotated key stops signing). */
  rotated_at?: number;
  rotation_signature?: string;
}

const PEM_LABEL = 'ESTREAM ML-DSA-87 PRIVATE KEY';

export const defaultKeyPath = (): string => join(estreamHome(), 'keys', 'signing-key.pem');
export const defaultAttesterKeyPath = (): string => join(estreamHome(), 'keys', 'attester-key.pem');

export function generateSigningKey(keyId: string, seed: Uint8Array = new Uint8Array(randomBytes(SEED_BYTES)), createdAt = nowSeconds()): SigningKey {
  if (!KEY_ID_RE.test(keyId)) throw new MarketplaceError('E007', `key id "${keyId}" must match [A-Za-z0-9._-]{1,64}`);
  const kp = keypairFromSeed(seed);
  return { keyId, seed, publicKey: kp.publicKey, secretKey: kp.secretKey, createdAt };
}

/**
 * PEM text of a private key: headers carry the key id and creation time, the body is the
 * 32-byte seed followed by the 2592-byte public key (so a truncated or edited file is noticed).
 */
export function privateKeyPem(key: SigningKey): string {
  const body = Buffer.concat([key.seed, key.publicKey]).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${PEM_LABEL}-----`, `Key-Id: ${key.keyId}`, `Created-At: ${key.createdAt}`, '', ...lines, `-----END ${PEM_LABEL}-----`, ''].join('\n');
}

export function parsePrivateKeyPem(text: string, path: string): SigningKey {
  const bad = (why: string) => new MarketplaceError('E007', `cannot read signing key ${path}: ${why}`);
  const m = new RegExp(`-----BEGIN ${PEM_LABEL}-----\\r?\\n([\\s\\S]*?)-----END ${PEM_LABEL}-----`).exec(text);
  if (!m) throw bad('not an estream ML-DSA-87 private key (PEM)');
  const [head, b64 = ''] = m[1]!.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of (head ?? '').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const keyId = headers.get('key-id');
  if (!keyId || !KEY_ID_RE.test(keyId)) throw bad('missing or invalid Key-Id header');
  const raw = new Uint8Array(Buffer.from(b64.replace(/\s+/g, ''), 'base64'));
  if (raw.length !== SEED_BYTES + PUBLIC_KEY_BYTES) throw bad('key body has the wrong length');
  const seed = raw.slice(0, SEED_BYTES);
  const key = generateSigningKey(keyId, seed, Number(headers.get('created-at') ?? 0));
  if (Buffer.compare(Buffer.from(key.publicKey), Buffer.from(raw.subarray(SEED_BYTES))) !== 0) throw bad('public key does not match the seed');
  return key;
}

export function readSigningKey(path: string): SigningKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new MarketplaceError('E007', `signing key not found: ${path}`, { hint: 'create one with `estream marketplace keygen`' });
  }
  return parsePrivateKeyPem(text, path);
}

export function publicKeyRecord(key: SigningKey, expiresAt?: number): PublicKeyRecord {
  const rec: PublicKeyRecord = { key_id: key.keyId, algorithm: 'ML-DSA-87', public_key_hex: toHex(key.publicKey), created_at: key.createdAt, status: 'active' };
  if (expiresAt !== undefined) rec.expires_at = expiresAt;
  return rec;
}

/** Writes `<path>` (private, mode 0600) and `<path minus .pem>.pub.json`. Refuses to overwrite. */
export function saveSigningKey(key: SigningKey, path: string, force = false): { privatePath: string; publicPath: string } {
  const publicPath = path.replace(/\.pem$/, '') + '.pub.json';
  if (!force && existsSync(path)) throw new MarketplaceError('E015', `refusing to overwrite existing key ${path}`, { hint: 'pass --force to replace it, or --out for another file' });
  writeFileAtomic(path, privateKeyPem(key));
  try {
    chmodSync(path, 0o600);
  } catch {
    // Best effort: some filesystems have no modes.
  }
  writeFileAtomic(publicPath, `${JSON.stringify(publicKeyRecord(key), null, 2)}\n`);
  return { privatePath: path, publicPath };
}

/** The attester identity of a compiler witness key (§1.4 `attester_id`): H(public key). */
export const attesterIdOf = (publicKey: Uint8Array): Uint8Array => sha3(publicKey);

/** The toolchain's witness key, created on first use (no compiler identity exists otherwise). */
export function loadOrCreateAttesterKey(path = defaultAttesterKeyPath()): SigningKey {
  if (existsSync(path)) return readSigningKey(path);
  const key = generateSigningKey('estream-compiler-witness');
  saveSigningKey(key, path);
  return key;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
