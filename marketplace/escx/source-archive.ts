import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ByteWriter, compareBytes, fromHex, sha3, sha3Hex, toHex, utf8 } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { listFilesRelative, unsafeEntryPathReason } from '../core/paths.ts';
import { MANIFEST_FILE, parseManifestOrThrow } from '../manifest/manifest.ts';
import type { SigningKey } from '../signing/keys.ts';
import { merkleRoot } from '../signing/merkle.ts';
import { mldsaSign, mldsaVerify } from '../signing/mldsa.ts';
import { signedMessage, Subject } from '../signing/signature.ts';
import { keyUsableAt, type TrustStore } from '../signing/trust.ts';
import { MAX_PACKAGE_BYTES } from './format.ts';
import { readUstar, TarFormatError, writeUstar } from './ustar.ts';

/** Files and folders a source archive carries (MARKETPLACE.md §1.6 layout). */
const LAYOUT_FILES = ['estream-component.toml', 'README.md', 'LICENSE', 'CHANGELOG.md'];
const LAYOUT_DIRS = ['schemas/', 'circuits/', 'tests/golden/', 'fpga/', 'widgets/'];
export const SIGNATURE_FILE = 'SIGNATURE.ml-dsa';
export const CHECKSUM_FILE = 'checksum.sha3';

/** The package files a source archive carries (everything else in a directory is not signed). */
export function sourceLayoutPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => LAYOUT_FILES.includes(p) || LAYOUT_DIRS.some((d) => p.startsWith(d)));
}

export interface SourceSignature {
  format_version: 1;
  algorithm: 'ML-DSA-87';
  subject: 'source-archive';
  key_id: string;
  signed_at: number;
  leaf_count: number;
  merkle_root: string;
  files: { path: string; size: number; sha3_256: string }[];
  signature: string;
}

/** File leaf (§1.6): H(0x00 || u16 len(path) || path || u64 size || content). */
export function fileLeaf(path: string, content: Uint8Array): Uint8Array {
  const p = utf8(path);
  return sha3(new ByteWriter().u8(0).u16(p.length).bytes(p).u64(content.length).finish(), content);
}

/** gzip with the header made reproducible: mtime 0 and OS byte 0x03 (§1.6). */
export function reproducibleGzip(data: Uint8Array): Uint8Array {
  const gz = new Uint8Array(gzipSync(data, { level: 9 }));
  gz.fill(0, 4, 8);
  gz[9] = 0x03;
  return gz;
}

export interface SourceArchive {
  archive: Uint8Array;
  checksum: string;
  signature: SourceSignature;
}

/** `package.tar.gz`, its checksum and its signature for a package directory. */
export function buildSourceArchive(dir: string, key: SigningKey, signedAt: number): SourceArchive {
  parseManifestOrThrow(readFileSync(join(dir, MANIFEST_FILE), 'utf8'), join(dir, MANIFEST_FILE), 'publish');
  if (!existsSync(join(dir, 'README.md'))) throw new MarketplaceError('E008', 'a source archive needs README.md');
  const paths = sourceLayoutPaths(listFilesRelative(dir));
  const files = paths.map((path) => ({ path, data: new Uint8Array(readFileSync(join(dir, path))) })).sort((a, b) => compareBytes(a.path, b.path));
  const archive = reproducibleGzip(writeUstar(files));
  const root = merkleRoot(files.map((f) => fileLeaf(f.path, f.data)));
  const signature = mldsaSign(signedMessage(Subject.sourceArchive, files.length, root, key.keyId, signedAt), key.secretKey);
  return {
    archive,
    checksum: `${sha3Hex(archive)}\n`,
    signature: {
      format_version: 1,
      algorithm: 'ML-DSA-87',
      subject: 'source-archive',
      key_id: key.keyId,
      signed_at: signedAt,
      leaf_count: files.length,
      merkle_root: toHex(root),
      files: files.map((f) => ({ path: f.path, size: f.data.length, sha3_256: sha3Hex(f.data) })),
      signature: toHex(signature),
    },
  };
}

/** Results of §1.6. */
export type SourceVerdict =
  | { result: 'Valid'; keyId: string; publisher: string }
  | { result: 'TamperedFile'; path: string }
  | { result: 'MerkleRootMismatch' }
  | { result: 'UnknownKey'; keyId: string }
  | { result: 'ExpiredKey'; keyId: string }
  | { result: 'RevokedKey'; keyId: string }
  | { result: 'InvalidSignature' };

/** Reads the files of a `package.tar.gz` (bounded, paths checked). */
export function readSourceArchive(archive: Uint8Array): { path: string; data: Uint8Array }[] {
  let tar: Uint8Array;
  try {
    tar = new Uint8Array(gunzipSync(archive, { maxOutputLength: 256 * 1024 * 1024 }));
  } catch (e) {
    throw new MarketplaceError('E006', `package.tar.gz is not a valid gzip stream: ${(e as Error).message}`);
  }
  try {
    return readUstar(tar, 256 * 1024 * 1024);
  } catch (e) {
    if (e instanceof TarFormatError) throw new MarketplaceError('E006', `package.tar.gz: ${e.message}`);
    throw e;
  }
}

/**
 * Verifies source files against a SIGNATURE.ml-dsa (§1.6): every listed file present with its
 * hash, nothing extra, Merkle root, key known and usable at `publishedAt`, ML-DSA-87.
 */
export function verifySourceFiles(files: readonly { path: string; data: Uint8Array }[], sig: SourceSignature, trust: TrustStore, publisher: string | undefined, publishedAt: number): SourceVerdict {
  const byPath = new Map(files.filter((f) => f.path !== SIGNATURE_FILE && f.path !== CHECKSUM_FILE).map((f) => [f.path, f.data]));
  for (const f of sig.files ?? []) {
    if (unsafeEntryPathReason(f.path)) return { result: 'TamperedFile', path: f.path };
    const data = byPath.get(f.path);
    if (!data || data.length !== f.size || sha3Hex(data) !== f.sha3_256) return { result: 'TamperedFile', path: f.path };
  }
  const listed = new Set((sig.files ?? []).map((f) => f.path));
  for (const p of byPath.keys()) if (!listed.has(p)) return { result: 'TamperedFile', path: p };
  const sorted = [...byPath].sort(([a], [b]) => compareBytes(a, b));
  const root = merkleRoot(sorted.map(([p, d]) => fileLeaf(p, d)));
  if (toHex(root) !== sig.merkle_root || sig.leaf_count !== sorted.length) return { result: 'MerkleRootMismatch' };
  const key = trust.key(sig.key_id, publisher);
  if (!key) return { result: 'UnknownKey', keyId: sig.key_id };
  const usable = keyUsableAt(key.record, publishedAt);
  if (!usable.ok) return key.record.status === 'revoked' ? { result: 'RevokedKey', keyId: sig.key_id } : { result: 'ExpiredKey', keyId: sig.key_id };
  let signature: Uint8Array;
  try {
    signature = fromHex(sig.signature);
  } catch {
    return { result: 'InvalidSignature' };
  }
  const ok = mldsaVerify(signature, signedMessage(Subject.sourceArchive, sig.leaf_count, root, sig.key_id, sig.signed_at), key.publicKey);
  return ok ? { result: 'Valid', keyId: sig.key_id, publisher: key.publisher } : { result: 'InvalidSignature' };
}

/** Checks the archive against checksum.sha3 (E006), then verifies its files. */
export function verifySourceArchive(archive: Uint8Array, checksumText: string, sig: SourceSignature, trust: TrustStore, publisher: string | undefined, publishedAt: number): SourceVerdict {
  if (archive.length >= MAX_PACKAGE_BYTES) throw new MarketplaceError('E011', 'source archive is 50 MB or more');
  if (checksumText.trim() !== sha3Hex(archive)) throw new MarketplaceError('E006', 'package.tar.gz does not match checksum.sha3');
  return verifySourceFiles(readSourceArchive(archive), sig, trust, publisher, publishedAt);
}
