import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ByteWriter as SharedByteWriter, concatBytes } from '../../runtime/values/byte-io.ts';

/** H(x) of MARKETPLACE.md: SHA3-256. */
export function sha3(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha3-256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function sha3Hex(...parts: Uint8Array[]): string {
  return toHex(sha3(...parts));
}

/** IEEE CRC-32 as zlib computes it (MARKETPLACE.md conventions). */
export function crc32(data: Uint8Array): number {
  return zlibCrc32(data) >>> 0;
}

/** Lowercase hex. */
export const toHex = bytesToHex;

/** Hex (either case) to bytes, naming the text when it is not whole bytes of hex. */
export function fromHex(hex: string): Uint8Array {
  try {
    return hexToBytes(hex);
  } catch {
    throw new Error(`not a hex string: ${String(hex).slice(0, 16)}…`);
  }
}

export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

export const concat = concatBytes;

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A fixed-width, NUL-padded UTF-8 text field; throws when the text does not fit. */
export function fixedText(text: string, width: number, what: string): Uint8Array {
  const raw = utf8(text);
  if (raw.length > width) throw new RangeError(`${what} "${text}" is longer than ${width} bytes`);
  const out = new Uint8Array(width);
  out.set(raw);
  return out;
}

/** Reads a NUL-padded text field back; bytes after the first NUL must all be NUL. */
export function readFixedText(field: Uint8Array): string | undefined {
  let end = field.indexOf(0);
  if (end === -1) end = field.length;
  for (let i = end; i < field.length; i++) if (field[i] !== 0) return undefined;
  return Buffer.from(field.subarray(0, end)).toString('utf8');
}

/** Every multi-byte integer of the marketplace formats is little-endian (MARKETPLACE.md §1). */
export class ByteWriter extends SharedByteWriter {
  constructor() {
    super('little', 256);
  }
}

export function u16le(v: number): Uint8Array {
  return new ByteWriter().u16(v).finish();
}
export function u32le(v: number): Uint8Array {
  return new ByteWriter().u32(v).finish();
}

export function dataView(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Deterministic byte order for paths: compares UTF-8 bytes (MARKETPLACE.md ustar rule). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
