import { ByteWriter, compareBytes, dataView, fixedText, readFixedText, sha3, utf8 } from '../core/bytes.ts';
import { unsafeEntryPathReason } from '../core/paths.ts';

/**
 * The `domain.escx` section (§1.3). Its 32-byte inner header is the reference's; the body is
 * estream's "artefact bundle" (bytecode_format 1), because the compiled bytecode of §1.3 does
 * not exist yet: compiled `.wasm` modules are carried as they are, with circuit sources and
 * schemas when the visibility allows (specs/escx.md §domain.escx).
 *
 *   header(32)  api_version[12] | bytecode_format u32 | entry_count u32 | symtab_off u32 | reloc_off u32 | flags u32
 *   entries     entry_count x 48: H(circuit name)[32] | kind u32 | data_off u32 | data_size u32 | path_index u32
 *   data        file contents, in entry order, contiguous
 *   symtab      entry_count x (u16 len || UTF-8 path)
 *   reloc       empty (reloc_off = section length)
 */
export const BYTECODE_FORMAT_BUNDLE = 1;
export const BUNDLE_HEADER = 32;
export const BUNDLE_ENTRY = 48;
export const BundleFlag = { HAS_SOURCES: 1 } as const;

export const ArtefactKind = { wasm: 1, fastlang: 2, escir: 3, schema: 4, other: 5 } as const;

export interface BundleFile {
  path: string;
  data: Uint8Array;
}

export function artefactKind(path: string): number {
  if (path.endsWith('.wasm')) return ArtefactKind.wasm;
  if (/\.(fl|fld|flj)$/.test(path)) return ArtefactKind.fastlang;
  if (path.endsWith('.escir.yaml') || path.endsWith('.escir.yml')) return ArtefactKind.escir;
  if (path.endsWith('.data.yaml') || path.startsWith('schemas/')) return ArtefactKind.schema;
  return ArtefactKind.other;
}

export const isSourceKind = (k: number): boolean => k === ArtefactKind.fastlang || k === ArtefactKind.escir;

/** Circuit name of an artefact: the file name without its extensions. */
export function circuitName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.(escir\.ya?ml|data\.yaml|wasm|fl|fld|flj|yaml|yml)$/, '');
}

export function writeBundle(files: readonly BundleFile[], apiVersion: string): Uint8Array {
  const sorted = [...files].sort((a, b) => compareBytes(a.path, b.path));
  for (const f of sorted) {
    const reason = unsafeEntryPathReason(f.path);
    if (reason) throw new RangeError(`unsafe bundle path ${JSON.stringify(f.path)}: ${reason}`);
  }
  const n = sorted.length;
  const entriesEnd = BUNDLE_HEADER + BUNDLE_ENTRY * n;
  let dataSize = 0;
  for (const f of sorted) dataSize += f.data.length;
  const symtabOff = entriesEnd + dataSize;
  const symtab = new ByteWriter();
  for (const f of sorted) {
    const p = utf8(f.path);
    symtab.u16(p.length).bytes(p);
  }
  const symBytes = symtab.finish();
  const relocOff = symtabOff + symBytes.length;
  const hasSources = sorted.some((f) => isSourceKind(artefactKind(f.path)));
  const w = new ByteWriter()
    .bytes(fixedText(apiVersion, 12, 'api_version'))
    .u32(BYTECODE_FORMAT_BUNDLE)
    .u32(n)
    .u32(symtabOff)
    .u32(relocOff)
    .u32(hasSources ? BundleFlag.HAS_SOURCES : 0);
  let off = entriesEnd;
  sorted.forEach((f, i) => {
    w.bytes(sha3(utf8(circuitName(f.path)))).u32(artefactKind(f.path)).u32(off).u32(f.data.length).u32(i);
    off += f.data.length;
  });
  for (const f of sorted) w.bytes(f.data);
  w.bytes(symBytes);
  return w.finish();
}

export interface Bundle {
  apiVersion: string;
  flags: number;
  files: BundleFile[];
}

export class BundleFormatError extends Error {}

/** Reads a bundle, refusing out-of-range offsets, unsafe or duplicate paths and stray bytes. */
export function readBundle(raw: Uint8Array): Bundle {
  const bad = (m: string) => new BundleFormatError(`domain.escx: ${m}`);
  if (raw.length < BUNDLE_HEADER) throw bad('shorter than its 32-byte header');
  const v = dataView(raw);
  const apiVersion = readFixedText(raw.subarray(0, 12));
  if (apiVersion === undefined) throw bad('api_version field is not NUL-padded text');
  const format = v.getUint32(12, true);
  if (format !== BYTECODE_FORMAT_BUNDLE) throw bad(`unknown bytecode_format ${format}`);
  const n = v.getUint32(16, true);
  const symtabOff = v.getUint32(20, true);
  const relocOff = v.getUint32(24, true);
  const flags = v.getUint32(28, true);
  const entriesEnd = BUNDLE_HEADER + BUNDLE_ENTRY * n;
  if (entriesEnd > raw.length || symtabOff < entriesEnd || symtabOff > raw.length) throw bad('entry table or symbol table out of range');
  if (relocOff !== raw.length) throw bad('relocation table must be empty and end the section');
  const paths: string[] = [];
  let p = symtabOff;
  for (let i = 0; i < n; i++) {
    if (p + 2 > relocOff) throw bad('symbol table truncated');
    const len = v.getUint16(p, true);
    if (p + 2 + len > relocOff) throw bad('symbol table truncated');
    paths.push(Buffer.from(raw.subarray(p + 2, p + 2 + len)).toString('utf8'));
    p += 2 + len;
  }
  if (p !== relocOff) throw bad('extra bytes after the symbol table');
  const files: BundleFile[] = [];
  const seen = new Set<string>();
  let expected = entriesEnd;
  for (let i = 0; i < n; i++) {
    const o = BUNDLE_HEADER + BUNDLE_ENTRY * i;
    const dataOff = v.getUint32(o + 36, true);
    const size = v.getUint32(o + 40, true);
    const idx = v.getUint32(o + 44, true);
    if (idx >= n) throw bad(`entry ${i} names symbol ${idx} of ${n}`);
    if (dataOff !== expected || dataOff + size > symtabOff) throw bad(`entry ${i} data out of range or not contiguous`);
    const path = paths[idx]!;
    const reason = unsafeEntryPathReason(path);
    if (reason) throw bad(`unsafe path ${JSON.stringify(path)}: ${reason}`);
    if (seen.has(path)) throw bad(`duplicate path ${path}`);
    seen.add(path);
    files.push({ path, data: raw.slice(dataOff, dataOff + size) });
    expected = dataOff + size;
  }
  if (expected !== symtabOff) throw bad('data area does not end at the symbol table');
  return { apiVersion, flags, files };
}
