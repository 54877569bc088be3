import { ByteWriter, fixedText, sha3, toHex, utf8 } from '../core/bytes.ts';

export const SIGNATURE_DOMAIN = utf8('ESCX-SIGNATURE-1');
export const SIGNATURE_VERSION = 1;
export const ALGORITHM_ML_DSA_87 = 1;
export const Subject = { escxSections: 1, sourceArchive: 2 } as const;

/** `.escx` leaf (§1.5): H(0x00 || u32 type || u8 compression || u32 raw_size || stored bytes). */
export function sectionLeaf(type: number, compression: number, rawSize: number, stored: Uint8Array): Uint8Array {
  const head = new ByteWriter().u8(0).u32(type).u8(compression).u32(rawSize).finish();
  return sha3(head, stored);
}

/** The 128-byte signed message of §1.5. */
export function signedMessage(subject: number, leafCount: number, root: Uint8Array, keyId: string, signedAt: bigint | number): Uint8Array {
  return new ByteWriter()
    .bytes(SIGNATURE_DOMAIN)
    .u8(SIGNATURE_VERSION)
    .u8(ALGORITHM_ML_DSA_87)
    .u8(subject)
    .u8(0)
    .u32(leafCount)
    .bytes(root)
    .bytes(fixedText(keyId, 64, 'key_id'))
    .u64(BigInt(signedAt))
    .finish();
}

/** Detached copy of an `.escx` trailer, stored beside packages as `SIGNATURE.ml-dsa` (JSON). */
export function signatureJson(trailer: { keyId: string; signedAt: bigint; root: Uint8Array; signature: Uint8Array }, leafCount: number): string {
  return `${JSON.stringify(
    {
      format_version: 1,
      algorithm: 'ML-DSA-87',
      subject: 'escx-sections',
      key_id: trailer.keyId,
      signed_at: Number(trailer.signedAt),
      leaf_count: leafCount,
      merkle_root: toHex(trailer.root),
      signature: toHex(trailer.signature),
    },
    null,
    2,
  )}\n`;
}
