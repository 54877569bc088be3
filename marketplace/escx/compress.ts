import { brotliCompressSync, brotliDecompressSync, constants, inflateSync, deflateSync } from 'node:zlib';
import { Compression } from './format.ts';

/** §1.2: writers store brotli when it is smaller, else the raw bytes. */
export function compressForStorage(raw: Uint8Array, allowCompression: boolean): { stored: Uint8Array; compression: number } {
  if (!allowCompression || raw.length === 0) return { stored: raw, compression: Compression.none };
  // Quality 11 costs about a second per MB. Data that even a quick pass cannot shrink (random
  // or already compressed bytes) is stored raw without paying for it; the choice depends only
  // on the bytes, so packing stays deterministic.
  if (raw.length > 64 * 1024) {
    const quick = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    if (quick.length >= raw.length) return { stored: raw, compression: Compression.none };
  }
  const br = new Uint8Array(
    brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 22,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
  );
  return br.length < raw.length ? { stored: br, compression: Compression.brotli } : { stored: raw, compression: Compression.none };
}

/** Deflate (code 1) as §1.2 writes it; used for readers' tests and for packages that ask for it. */
export function deflateForStorage(raw: Uint8Array): Uint8Array {
  return new Uint8Array(deflateSync(raw, { level: 9 }));
}

export class DecodeError extends Error {}

/**
 * Decodes stored bytes, never producing more than rawSize bytes (a decompression bomb stops
 * at the limit), and insists on exactly rawSize.
 */
export function decodeStored(stored: Uint8Array, compression: number, rawSize: number): Uint8Array {
  let raw: Uint8Array;
  try {
    if (compression === Compression.none) raw = stored;
    else if (compression === Compression.deflate) raw = new Uint8Array(inflateSync(stored, { maxOutputLength: Math.max(1, rawSize) }));
    else if (compression === Compression.brotli) raw = new Uint8Array(brotliDecompressSync(stored, { maxOutputLength: Math.max(1, rawSize) }));
    else throw new DecodeError(`unknown compression code ${compression}`);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(err.message)) {
      throw new DecodeError(`decoded data exceeds the declared raw size ${rawSize} (decompression bomb?)`);
    }
    throw new DecodeError(`corrupt compressed data: ${err.message}`);
  }
  if (raw.length !== rawSize) throw new DecodeError(`decoded length ${raw.length} differs from raw_size ${rawSize}`);
  return raw;
}
