/**
 * The one growable byte writer, bounds-checked byte reader and byte concatenation behind every
 * binary format of estream: the canonical value encoding and the witness file (big-endian,
 * specs/values.md, specs/witness.md) and the marketplace containers (little-endian,
 * MARKETPLACE.md §1). Each format keeps its own layout and its own error wording; this module
 * only owns buffer growth, endianness and bounds checks.
 */

export type Endian = 'big' | 'little';

/** Buffers above this size are dropped by `reset()` so one huge value does not pin memory. */
const KEEP_AT_MOST = 1 << 20;

export class ByteWriter {
  /** The scratch buffer; bytes [0, pos) are written. Exposed for encoders that write in place. */
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  private readonly little: boolean;

  constructor(
    endian: Endian = 'big',
    private readonly initialSize = 1024,
  ) {
    this.little = endian === 'little';
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes, doubling the buffer as often as needed. */
  reserve(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.reserve(1);
    this.buf[this.pos++] = v;
    return this;
  }

  u16(v: number): this {
    this.reserve(2);
    this.view.setUint16(this.pos, v, this.little);
    this.pos += 2;
    return this;
  }

  u32(v: number): this {
    this.reserve(4);
    this.view.setUint32(this.pos, v, this.little);
    this.pos += 4;
    return this;
  }

  u64(v: bigint | number): this {
    this.reserve(8);
    this.view.setBigUint64(this.pos, BigInt(v), this.little);
    this.pos += 8;
    return this;
  }

  f32(v: number): this {
    this.reserve(4);
    this.view.setFloat32(this.pos, v, this.little);
    this.pos += 4;
    return this;
  }

  f64(v: number): this {
    this.reserve(8);
    this.view.setFloat64(this.pos, v, this.little);
    this.pos += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** `u32 length ‖ bytes`. */
  lengthPrefixed(b: Uint8Array): this {
    return this.u32(b.length).bytes(b);
  }

  /**
   * UTF-8 of `s` (unpaired surrogates become U+FFFD, as TextEncoder does), optionally
   * preceded by its u32 byte length. Encodes straight into the buffer: UTF-8 needs at most
   * 3 bytes per UTF-16 unit.
   */
  utf8(s: string, lengthPrefixed = false): this {
    const head = lengthPrefixed ? 4 : 0;
    this.reserve(head + s.length * 3);
    const { written } = utf8Encoder.encodeInto(s, this.buf.subarray(this.pos + head));
    if (lengthPrefixed) this.view.setUint32(this.pos, written, this.little);
    this.pos += head + written;
    return this;
  }

  /** A copy of the bytes written so far; the writer stays usable. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Starts over at position 0, dropping the buffer if one large value grew it past 1 MiB. */
  reset(): void {
    this.pos = 0;
    if (this.buf.length > KEEP_AT_MOST) {
      this.buf = new Uint8Array(this.initialSize);
      this.view = new DataView(this.buf.buffer);
    }
  }
}

const utf8Encoder = new TextEncoder();

/**
 * Builds the error a format reports when its input ends early: `at` is the offset of the
 * read, `needed` the bytes it wanted, `left` the bytes there were.
 */
export type TruncationError = (what: string, at: number, needed: number, left: number) => Error;

export class ByteReader {
  pos = 0;
  readonly view: DataView;
  private readonly little: boolean;

  constructor(
    readonly buf: Uint8Array,
    private readonly truncated: TruncationError,
    endian: Endian = 'big',
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.little = endian === 'little';
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Throws the format's truncation error unless `n` more bytes are there. */
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.buf.length) throw this.truncated(what, this.pos, n, this.buf.length - this.pos);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, this.little);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, this.little);
    this.pos += 4;
    return v;
  }

  f32(what: string): number {
    this.need(4, what);
    const v = this.view.getFloat32(this.pos, this.little);
    this.pos += 4;
    return v;
  }

  f64(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, this.little);
    this.pos += 8;
    return v;
  }

  /** A copy of the next `n` bytes. */
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** `u32 length ‖ bytes`; the length is read as "`what` length". */
  lengthPrefixed(what: string): Uint8Array {
    return this.bytes(this.u32(`${what} length`), what);
  }
}

/** The parts joined into one new array (takes an array: a spread would overflow the stack on many parts). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
