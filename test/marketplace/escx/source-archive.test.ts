import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { sha3Hex, utf8 } from '../../../marketplace/core/bytes.ts';
import { buildSourceArchive, readSourceArchive, verifySourceArchive, verifySourceFiles } from '../../../marketplace/escx/source-archive.ts';
import { generateSigningKey, publicKeyRecord } from '../../../marketplace/signing/keys.ts';
import { TrustStore } from '../../../marketplace/signing/trust.ts';
import { ORDER_VALIDATOR, publisherKey, trustFor } from '../helpers.ts';

describe('source archives (§1.6)', () => {
  const built = buildSourceArchive(ORDER_VALIDATOR, publisherKey(), 4_000);
  const files = () => readSourceArchive(built.archive);

  it('are reproducible gzip with mtime 0 and OS byte 3, sorted ustar inside', () => {
    expect(buildSourceArchive(ORDER_VALIDATOR, publisherKey(), 4_000).archive).toEqual(built.archive);
    expect([...built.archive.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    expect(built.archive[9]).toBe(3);
    expect(gunzipSync(built.archive).length % 512).toBe(0);
    expect(files().map((f) => f.path)).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'circuits/validate.fl', 'estream-component.toml', 'schemas/order.data.yaml', 'tests/golden/basic.json', 'tests/golden/manifest.toml']);
    expect(built.checksum).toBe(`${sha3Hex(built.archive)}\n`);
    expect(built.signature.leaf_count).toBe(8);
  });

  it('verify Valid, then each failure result', () => {
    const trust = trustFor();
    expect(verifySourceArchive(built.archive, built.checksum, built.signature, trust, 'acme', 5_000).result).toBe('Valid');
    const tampered = files().map((f) => (f.path === 'circuits/validate.fl' ? { ...f, data: utf8('evil') } : f));
    expect(verifySourceFiles(tampered, built.signature, trust, 'acme', 5_000)).toEqual({ result: 'TamperedFile', path: 'circuits/validate.fl' });
    expect(verifySourceFiles([...files(), { path: 'circuits/extra.fl', data: utf8('x') }], built.signature, trust, 'acme', 5_000)).toEqual({ result: 'TamperedFile', path: 'circuits/extra.fl' });
    expect(verifySourceFiles(files(), { ...built.signature, merkle_root: '00'.repeat(32) }, trust, 'acme', 5_000).result).toBe('MerkleRootMismatch');
    expect(verifySourceFiles(files(), built.signature, new TrustStore(), 'acme', 5_000).result).toBe('UnknownKey');
    const expired = new TrustStore();
    expired.addPublisher({ name: 'acme', display_name: '', url: '', verified: true, signing_keys: [{ ...publicKeyRecord(publisherKey()), expires_at: 4_500 }] });
    expect(verifySourceFiles(files(), built.signature, expired, 'acme', 5_000).result).toBe('ExpiredKey');
    const revoked = new TrustStore();
    revoked.addPublisher({ name: 'acme', display_name: '', url: '', verified: true, signing_keys: [{ ...publicKeyRecord(publisherKey()), status: 'revoked', revoked_at: 4_800 }] });
    expect(verifySourceFiles(files(), built.signature, revoked, 'acme', 5_000).result).toBe('RevokedKey');
    expect(verifySourceFiles(files(), built.signature, revoked, 'acme', 4_700).result).toBe('Valid');
    const other = generateSigningKey('acme-2026', new Uint8Array(32).fill(8), 1);
    expect(verifySourceFiles(files(), built.signature, trustFor('acme', other), 'acme', 5_000).result).toBe('InvalidSignature');
  });

  it('refuses an archive that does not match checksum.sha3 (E006)', () => {
    const bad = built.archive.slice();
    bad[bad.length - 10]! ^= 1;
    expect(() => verifySourceArchive(bad, built.checksum, built.signature, trustFor(), 'acme', 5_000)).toThrow(/checksum/);
  });
});
