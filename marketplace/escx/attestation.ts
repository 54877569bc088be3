import { ByteWriter, compareBytes, concat, dataView, fixedText, readFixedText, sha3, u16le, u32le, utf8 } from '../core/bytes.ts';
import { SIGNATURE_BYTES } from '../signing/mldsa.ts';
import { ATTESTATION_SIZE } from './format.ts';

/** Attestation types (§1.4). */
export const AttestationType = { CompilerPoVC: 0, PlatformVerification: 1, CommunityAudit: 2 } as const;

export interface Attestation {
  packageId: Uint8Array;
  version: string;
  type: number;
  compilerVersion: string;
  apiVersion: string;
  sourceHash: Uint8Array;
  compiledHash: Uint8Array;
  attestationHash: Uint8Array;
  witnessSignature: Uint8Array;
  attesterId: Uint8Array;
  attestedAt: bigint;
}

/** package_id = H(utf8(canonical name)). */
export const packageIdOf = (name: string): Uint8Array => sha3(utf8(name));

/**
 * source_hash (§1.4): H(for each .fl sorted by path: u16 len(path) || path || u32 len || content).
 * Only `.fl` files count, as the reference says.
 */
export function sourceHash(files: readonly { path: string; data: Uint8Array }[]): Uint8Array {
  const fl = files.filter((f) => f.path.endsWith('.fl')).sort((a, b) => compareBytes(a.path, b.path));
  const parts: Uint8Array[] = [];
  for (const f of fl) {
    const p = utf8(f.path);
    parts.push(u16le(p.length), p, u32le(f.data.length), f.data);
  }
  return sha3(concat(parts));
}

export const attestationHashOf = (sourceHash: Uint8Array, compiledHash: Uint8Array): Uint8Array => sha3(sourceHash, compiledHash);

/** The 101-byte message the witness signs. */
export function attestationMessage(type: number, packageId: Uint8Array, version: string, attestationHash: Uint8Array): Uint8Array {
  return new ByteWriter().bytes(utf8('ESCX-ATTESTATION')).u8(type).bytes(packageId).bytes(fixedText(version, 20, 'version')).bytes(attestationHash).finish();
}

export function encodeAttestation(a: Attestation): Uint8Array {
  const out = new ByteWriter()
    .bytes(a.packageId)
    .bytes(fixedText(a.version, 20, 'version'))
    .u8(a.type)
    .bytes(fixedText(a.compilerVersion, 12, 'compiler_version'))
    .bytes(fixedText(a.apiVersion, 12, 'api_version'))
    .bytes(a.sourceHash)
    .bytes(a.compiledHash)
    .bytes(a.attestationHash)
    .bytes(a.witnessSignature)
    .bytes(a.attesterId)
    .u64(a.attestedAt)
    .finish();
  if (out.length !== ATTESTATION_SIZE) throw new Error(`attestation record is ${out.length} bytes, expected ${ATTESTATION_SIZE}`);
  return out;
}

export function decodeAttestation(raw: Uint8Array): Attestation | string {
  if (raw.length !== ATTESTATION_SIZE) return `attestation record is ${raw.length} bytes, expected ${ATTESTATION_SIZE}`;
  const version = readFixedText(raw.subarray(0x20, 0x34));
  const compilerVersion = readFixedText(raw.subarray(0x35, 0x41));
  const apiVersion = readFixedText(raw.subarray(0x41, 0x4d));
  if (version === undefined || compilerVersion === undefined || apiVersion === undefined) return 'attestation text fields are not NUL-padded';
  const type = raw[0x34]!;
  if (type > 2) return `unknown attestation type ${type}`;
  return {
    packageId: raw.slice(0, 32),
    version,
    type,
    compilerVersion,
    apiVersion,
    sourceHash: raw.slice(0x4d, 0x6d),
    compiledHash: raw.slice(0x6d, 0x8d),
    attestationHash: raw.slice(0x8d, 0xad),
    witnessSignature: raw.slice(0xad, 0xad + SIGNATURE_BYTES),
    attesterId: raw.slice(0x12c0, 0x12e0),
    attestedAt: dataView(raw).getBigUint64(0x12e0, true),
  };
}
