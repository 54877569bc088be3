import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { toHex } from '../../marketplace/core/bytes.ts';
import { MarketplaceError } from '../../marketplace/core/errors.ts';
import { packDirectory } from '../../marketplace/escx/pack.ts';
import { generateSigningKey, publicKeyRecord, type SigningKey } from '../../marketplace/signing/keys.ts';
import { TrustStore } from '../../marketplace/signing/trust.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'marketplace');
export const ORDER_VALIDATOR = join(FIXTURES, 'packages', 'order-validator');

const keys = new Map<string, SigningKey>();
/** Deterministic test keys (seeded), created once per process. */
export function testKey(keyId: string, seedByte: number): SigningKey {
  let k = keys.get(keyId);
  if (!k) {
    k = generateSigningKey(keyId, new Uint8Array(32).fill(seedByte), 1_000);
    keys.set(keyId, k);
  }
  return k;
}
export const publisherKey = () => testKey('acme-2026', 1);
export const attesterKey = () => testKey('witness', 2);

export function trustFor(publisher = 'acme', key = publisherKey(), attester = attesterKey()): TrustStore {
  const t = new TrustStore();
  t.addPublisher({ name: publisher, display_name: publisher, url: '', verified: true, signing_keys: [publicKeyRecord(key)] });
  t.addAttester({ attester_id: '', name: 'test witness', algorithm: 'ML-DSA-87', public_key_hex: toHex(attester.publicKey) });
  return t;
}

/** The MarketplaceError code `fn` throws, or 'ok' when it returns; any other error fails the test. */
export function errorCodeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MarketplaceError);
    return (e as MarketplaceError).code;
  }
  return 'ok';
}

export function tempDir(prefix = 'mp-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function packFixture(dir = ORDER_VALIDATOR, timestamp = 2_000): Uint8Array {
  return packDirectory(dir, { signingKey: publisherKey(), attesterKey: attesterKey(), timestamp }).bytes;
}

export interface PackageSpec {
  name: string;
  version: string;
  category?: string;
  deps?: Record<string, string>;
  publisher?: string;
  keyId?: string;
  extraToml?: string;
  files?: Record<string, string | Uint8Array>;
}

export const APACHE = 'Apache License\nVersion 2.0, January 2004\n';

/** Writes a minimal valid package directory. */
export function writePackage(root: string, spec: PackageSpec): string {
  const dir = join(root, `${spec.name.replace(/[@/]/g, '_')}-${spec.version}`);
  mkdirSync(join(dir, 'circuits'), { recursive: true });
  const deps = Object.entries(spec.deps ?? {})
    .map(([n, r]) => `"${n}" = "${r}"`)
    .join('\n');
  writeFileSync(
    join(dir, 'estream-component.toml'),
    `[package]
name = "${spec.name}"
version = "${spec.version}"
description = "Test package ${spec.name}"
license = "Apache-2.0"
category = "${spec.category ?? 'smart-circuit'}"
keywords = ["test"]

[publisher]
id = "${'ab'.repeat(32)}"
name = "${spec.publisher ?? 'acme'}"
signing_key_id = "${spec.keyId ?? 'acme-2026'}"

[escir]
api_version = "1.0.0"
min_platform_version = "0.1.0"

[dependencies]
${deps}
${spec.extraToml ?? ''}`,
  );
  writeFileSync(join(dir, 'README.md'), `# ${spec.name}\n`);
  writeFileSync(join(dir, 'LICENSE'), APACHE);
  const stem = spec.name.replace(/^@[^/]+\//, '').replace(/-/g, '_');
  writeFileSync(join(dir, 'circuits', `${stem}.fl`), `circuit ${stem}(x: u64) -> u64 { x }\n// ${spec.version}\n`);
  for (const [p, c] of Object.entries(spec.files ?? {})) {
    const full = join(dir, ...p.split('/'));
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, c);
  }
  return dir;
}

export function copyFixture(src: string, dest: string): string {
  cpSync(src, dest, { recursive: true });
  return dest;
}
