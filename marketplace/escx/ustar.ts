import { compareBytes, concat, utf8 } from '../core/bytes.ts';
import { unsafeEntryPathReason } from '../core/paths.ts';

/** One regular file of a deterministic ustar archive. */
export interface TarEntry {
  path: string;
  data: Uint8Array;
  /** Executable files get 0755, all others 0644 (MARKETPLACE.md §1.2 ustar rules). */
  executable?: boolean;
}

const BLOCK = 512;

function octal(value: number, width: number): Uint8Array {
  // width includes the terminating NUL.
  const s = value.toString(8).padStart(width - 1, '0');
  const out = new Uint8Array(width);
  out.set(utf8(s));
  return out;
}

/** Splits a path into ustar name (<=100 B) and prefix (<=155 B). */
function splitName(path: string): { name: Uint8Array; prefix: Uint8Array } {
  const raw = utf8(path);
  if (raw.length <= 100) return { name: raw, prefix: new Uint8Array(0) };
  for (let i = raw.length - 1; i > 0; i--) {
    if (raw[i] !== 0x2f) continue;
    const prefix = raw.subarray(0, i);
    const name = raw.subarray(i + 1);
    if (prefix.length <= 155 && name.length <= 100 && name.length > 0) return { name, prefix };
  }
  throw new RangeError(`path too long for ustar: ${path}`);
}

/**
 * Writes a ustar archive: entries sorted by path bytes, mtime 0, uid/gid 0, empty owner
 * names, modes 0644/0755, regular files only (directories are implied by paths).
 */
export function writeUstar(entries: readonly TarEntry[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => compareBytes(a.path, b.path));
  const blocks: Uint8Array[] = [];
  let prev: string | undefined;
  for (const e of sorted) {
    const reason = unsafeEntryPathReason(e.path);
    if (reason) throw new RangeError(`unsafe archive path ${JSON.stringify(e.path)}: ${reason}`);
    if (e.path === prev) throw new RangeError(`duplicate archive path ${e.path}`);
    prev = e.path;
    const h = new Uint8Array(BLOCK);
    const { name, prefix } = splitName(e.path);
    h.set(name, 0);
    h.set(octal(e.executable ? 0o755 : 0o644, 8), 100);
    h.set(octal(0, 8), 108);
    h.set(octal(0, 8), 116);
    h.set(octal(e.data.length, 12), 124);
    h.set(octal(0, 12), 136);
    h.fill(0x20, 148, 156); // checksum computed with spaces
    h[156] = 0x30; // '0' regular file
    h.set(utf8('ustar\0'), 257);
    h.set(utf8('00'), 263);
    h.set(prefix, 345);
    let sum = 0;
    for (const b of h) sum += b;
    const chk = utf8(sum.toString(8).padStart(6, '0'));
    h.set(chk, 148);
    h[154] = 0;
    h[155] = 0x20;
    blocks.push(h);
    blocks.push(e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) blocks.push(new Uint8Array(pad));
  }
  blocks.push(new Uint8Array(BLOCK * 2));
  return concat(blocks);
}

export class TarFormatError extends Error {}

function readOctal(field: Uint8Array, what: string): number {
  const s = Buffer.from(field).toString('latin1').replace(/[\0 ]+$/g, '').replace(/^ +/, '');
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarFormatError(`bad ${what} field in tar header`);
  return parseInt(s, 8);
}

function readText(field: Uint8Array): string {
  let end = field.indexOf(0);
  if (end === -1) end = field.length;
  return Buffer.from(field.subarray(0, end)).toString('utf8');
}

/**
 * Reads a ustar archive written by writeUstar (or any plain ustar of regular files).
 * Refuses truncation, bad header checksums, links, devices, unsafe paths and duplicates;
 * `maxTotal` bounds the sum of file sizes.
 */
export function readUstar(data: Uint8Array, maxTotal = Number.MAX_SAFE_INTEGER): TarEntry[] {
  const out: TarEntry[] = [];
  const seen = new Set<string>();
  let off = 0;
  let total = 0;
  while (true) {
    if (off + BLOCK > data.length) throw new TarFormatError('truncated tar archive (missing end blocks)');
    const h = data.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (readOctal(h.subarray(148, 156), 'checksum') !== sum) throw new TarFormatError(`bad tar header checksum at offset ${off}`);
    const type = h[156];
    const name = readText(h.subarray(0, 100));
    const prefix = readText(h.subarray(345, 500));
    const path = prefix ? `${prefix}/${name}` : name;
    const size = readOctal(h.subarray(124, 136), 'size');
    const mode = readOctal(h.subarray(100, 108), 'mode');
    off += BLOCK;
    if (type === 0x35) {
      // A directory entry: nothing to extract, paths imply directories.
      continue;
    }
    if (type !== 0x30 && type !== 0) throw new TarFormatError(`unsupported tar entry type '${String.fromCharCode(type ?? 0)}' for ${path}`);
    const reason = unsafeEntryPathReason(path);
    if (reason) throw new TarFormatError(`unsafe path in archive ${JSON.stringify(path)}: ${reason}`);
    if (seen.has(path)) throw new TarFormatError(`duplicate path in archive: ${path}`);
    seen.add(path);
    total += size;
    if (total > maxTotal) throw new TarFormatError(`archive contents exceed ${maxTotal} bytes`);
    if (off + size > data.length) throw new TarFormatError(`truncated tar archive in ${path}`);
    out.push({ path, data: data.slice(off, off + size), executable: (mode & 0o111) !== 0 });
    off += size + ((BLOCK - (size % BLOCK)) % BLOCK);
  }
  return out;
}
