import { ByteWriter, bytesEqual, crc32, dataView, fixedText, readFixedText, sha3 } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { KEY_ID_RE } from '../manifest/rules.ts';
import { merkleRoot } from '../signing/merkle.ts';
import { sectionLeaf, signedMessage, Subject } from '../signing/signature.ts';
import { SIGNATURE_BYTES } from '../signing/mldsa.ts';
import { decodeStored, DecodeError } from './compress.ts';
import {
  ENTRY_SIZE,
  FORMAT_MAJOR,
  FORMAT_MINOR,
  HASH12,
  HEADER_SIZE,
  HeaderFlag,
  MAGIC,
  MAX_PACKAGE_BYTES,
  MAX_RAW_TOTAL,
  PRESENCE_FLAGS,
  REQUIRED_SECTIONS,
  SECTION_NAMES,
  TRAILER_SIZE,
  UNCOMPRESSED_ONLY,
  type EscxFile,
  type SectionEntry,
  type Trailer,
} from './format.ts';

export interface SectionInput {
  type: number;
  raw: Uint8Array;
  stored: Uint8Array;
  compression: number;
}

export interface Signer {
  keyId: string;
  signedAt: bigint | number;
  sign(message: Uint8Array): Uint8Array;
}

/** Header flags for a section list: presence bits, plus STRIPPED when the caller asserts it. */
export function flagsFor(types: readonly number[], stripped: boolean): number {
  let f = stripped ? HeaderFlag.STRIPPED : 0;
  for (const [t, bit] of PRESENCE_FLAGS) if (types.includes(t)) f |= bit;
  return f;
}

/**
 * Assembles a signed `.escx` (§1.1): header, table, contiguous payloads in ascending type
 * order, trailer with the ML-DSA-87 signature over the Merkle root of the section leaves.
 */
export function writeEscx(sections: readonly SectionInput[], stripped: boolean, signer: Signer): Uint8Array {
  const sorted = [...sections].sort((a, b) => a.type - b.type);
  const n = sorted.length;
  if (n < 4 || n > 9) throw new RangeError(`an .escx holds 4..9 sections, not ${n}`);
  let offset = HEADER_SIZE + ENTRY_SIZE * n;
  const table = new ByteWriter();
  const leaves: Uint8Array[] = [];
  for (const s of sorted) {
    table
      .u32(s.type)
      .u32(offset)
      .u32(s.stored.length)
      .u32(s.raw.length)
      .u8(s.compression)
      .u8(0)
      .u16(0)
      .bytes(sha3(s.stored).subarray(0, HASH12));
    leaves.push(sectionLeaf(s.type, s.compression, s.raw.length, s.stored));
    offset += s.stored.length;
  }
  const fileSize = offset + TRAILER_SIZE;
  const header = new ByteWriter()
    .bytes(MAGIC)
    .u8(FORMAT_MAJOR)
    .u8(FORMAT_MINOR)
    .u16(0)
    .u16(FORMAT_MAJOR)
    .u16(FORMAT_MINOR)
    .u32(fileSize)
    .u16(n)
    .u16(flagsFor(sorted.map((s) => s.type), stripped))
    .finish();
  const root = merkleRoot(leaves);
  const signature = signer.sign(signedMessage(Subject.escxSections, n, root, signer.keyId, signer.signedAt));
  if (signature.length !== SIGNATURE_BYTES) throw new Error('ML-DSA-87 signature has the wrong length');
  const out = new ByteWriter();
  out.bytes(header).u32(crc32(header)).bytes(table.finish());
  for (const s of sorted) out.bytes(s.stored);
  out.bytes(root).bytes(signature).bytes(fixedText(signer.keyId, 64, 'key_id')).u64(BigInt(signer.signedAt)).u8(1);
  return out.finish();
}

const e006 = (msg: string) => new MarketplaceError('E006', msg);

/**
 * Parses and checks the structure of an `.escx` (§1.8 steps 1-2): size, magic, versions,
 * reserved bytes, CRC, file size, section count, exact contiguous layout, ascending known
 * ids, required sections, flags. Section contents are not decoded here.
 */
export function parseEscx(bytes: Uint8Array): EscxFile {
  if (bytes.length >= MAX_PACKAGE_BYTES) throw new MarketplaceError('E011', `package is ${bytes.length} bytes; the limit is 50 MB`);
  if (bytes.length < HEADER_SIZE) throw e006(`truncated .escx: ${bytes.length} bytes is shorter than the 24-byte header`);
  const v = dataView(bytes);
  if (!bytesEqual(bytes.subarray(0, 4), MAGIC)) throw e006('not an .escx file (bad magic)');
  const major = bytes[4]!;
  const minor = bytes[5]!;
  if (major !== 0 || minor > 1) throw e006(`unsupported .escx format ${major}.${minor} (this reader accepts 0.0-0.1)`);
  if (v.getUint16(6, true) !== 0) throw e006('reserved header bytes 0x06-0x07 are not zero');
  if (v.getUint16(8, true) !== major || v.getUint16(10, true) !== minor) throw e006('header version fields disagree (0x04/0x05 vs 0x08/0x0A)');
  if (crc32(bytes.subarray(0, 0x14)) !== v.getUint32(0x14, true)) throw e006('header CRC-32 mismatch');
  const fileSize = v.getUint32(0x0c, true);
  if (fileSize !== bytes.length) {
    throw e006(fileSize > bytes.length ? `truncated .escx: header says ${fileSize} bytes, file has ${bytes.length}` : `file has ${bytes.length - fileSize} extra bytes after the declared size ${fileSize}`);
  }
  const n = v.getUint16(0x10, true);
  if (n < 4 || n > 9) throw e006(`section count ${n} is outside 4..9`);
  const flags = v.getUint16(0x12, true);
  const tableEnd = HEADER_SIZE + ENTRY_SIZE * n;
  if (tableEnd + TRAILER_SIZE > bytes.length) throw e006('truncated .escx: section table and trailer do not fit');
  // Size limits first (§1.8 step 1): the declared raw total, before any other table check.
  let rawTotal = 0;
  for (let i = 0; i < n; i++) rawTotal += v.getUint32(HEADER_SIZE + ENTRY_SIZE * i + 12, true);
  if (rawTotal > MAX_RAW_TOTAL) throw new MarketplaceError('E011', `raw sections total ${rawTotal} bytes; the limit is 256 MB`);
  const sections: SectionEntry[] = [];
  let expected = tableEnd;
  const trailerStart = bytes.length - TRAILER_SIZE;
  for (let i = 0; i < n; i++) {
    const o = HEADER_SIZE + ENTRY_SIZE * i;
    const type = v.getUint32(o, true);
    const offset = v.getUint32(o + 4, true);
    const storedSize = v.getUint32(o + 8, true);
    const rawSize = v.getUint32(o + 12, true);
    const compression = bytes[o + 16]!;
    const name = SECTION_NAMES[type];
    if (!name) throw e006(`unknown section id 0x${type.toString(16).padStart(4, '0')}`);
    if (i > 0 && type <= sections[i - 1]!.type) throw e006(`section ${name} is out of order (ids must be strictly ascending)`);
    if (bytes[o + 17] !== 0 || v.getUint16(o + 18, true) !== 0) throw e006(`section ${name}: flags/reserved bytes are not zero`);
    if (compression > 2) throw e006(`section ${name}: unknown compression code ${compression}`);
    if (UNCOMPRESSED_ONLY.has(type) && compression !== 0) throw e006(`section ${name} must be stored uncompressed`);
    if (compression === 0 && storedSize !== rawSize) throw e006(`section ${name}: stored_size ${storedSize} differs from raw_size ${rawSize} without compression`);
    if (offset !== expected) {
      throw e006(offset < expected ? `section ${name} overlaps the previous region (offset ${offset}, expected ${expected})` : `gap before section ${name} (offset ${offset}, expected ${expected})`);
    }
    if (offset + storedSize > trailerStart) throw e006(`section ${name} runs past the payload area (offset ${offset} + ${storedSize} > ${trailerStart})`);
    sections.push({ type, offset, storedSize, rawSize, compression, hash12: bytes.slice(o + 20, o + 32), stored: bytes.subarray(offset, offset + storedSize) });
    expected = offset + storedSize;
  }
  if (expected !== trailerStart) throw e006(`${trailerStart - expected} unaccounted bytes between the last payload and the trailer`);
  for (const t of REQUIRED_SECTIONS) if (!sections.some((s) => s.type === t)) throw e006(`required section ${SECTION_NAMES[t]} is missing`);
  const types = sections.map((s) => s.type);
  const want = flagsFor(types, (flags & HeaderFlag.STRIPPED) !== 0);
  if (flags !== want) throw e006(`header flags 0x${flags.toString(16)} do not match the sections present (expected 0x${want.toString(16)})`);
  return { bytes, formatMajor: major, formatMinor: minor, flags, sections, trailer: readTrailer(bytes.subarray(trailerStart)) };
}

function readTrailer(t: Uint8Array): Trailer {
  const v = dataView(t);
  const keyField = t.subarray(0x1233, 0x1273);
  const keyId = readFixedText(keyField);
  return {
    root: t.slice(0, 32),
    signature: t.slice(0x20, 0x20 + SIGNATURE_BYTES),
    // A malformed key field is kept as "" so step 7 reports it (E007), in §1.8 order.
    keyId: keyId !== undefined && KEY_ID_RE.test(keyId) ? keyId : '',
    signedAt: v.getBigUint64(0x1273, true),
    version: t[0x127b]!,
  };
}

/** §1.8 step 3: hash12 of each section over its stored bytes, then decoded lengths. */
export function checkSectionHashes(file: EscxFile): Map<number, Uint8Array> {
  for (const s of file.sections) {
    if (!bytesEqual(sha3(s.stored).subarray(0, HASH12), s.hash12)) throw e006(`section ${SECTION_NAMES[s.type]}: hash mismatch`);
  }
  const raw = new Map<number, Uint8Array>();
  for (const s of file.sections) {
    try {
      raw.set(s.type, decodeStored(s.stored, s.compression, s.rawSize));
    } catch (e) {
      if (e instanceof DecodeError) throw e006(`section ${SECTION_NAMES[s.type]}: ${e.message}`);
      throw e;
    }
  }
  return raw;
}

export function sectionLeaves(file: EscxFile): Uint8Array[] {
  return file.sections.map((s) => sectionLeaf(s.type, s.compression, s.rawSize, s.stored));
}
