import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';

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

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not a hex string: ${hex.slice(0, 16)}…`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

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

/** Little-endian writer over a growable buffer. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.reserve(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
    return this;
  }

  u16(v: number): this {
    this.reserve(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
    return this;
  }

  u32(v: number): this {
    this.reserve(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
    return this;
  }

  u64(v: bigint | number): this {
    this.reserve(8);
    this.view.setBigUint64(this.length, BigInt(v), true);
    this.length += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
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
