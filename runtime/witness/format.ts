/**
 * The binary witness file (specs/witness.md): a header, the inputs, the ordered binding and
 * effect records, the outcome, a SHA3-256 commitment over all of it, and an optional
 * ML-DSA-87 signature of the commitment. Every byte is covered: a flipped byte fails the
 * parse, the commitment or the signature.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { TrapKind } from '../../compiler/ir/ir.ts';
import type { RuntimeLocation } from '../errors.ts';
import type { WitnessRecord, WitnessRecording } from '../wasm/recording.ts';
import { mldsaSign, mldsaVerify } from '../builtins/index.ts';
import { ByteReader, ByteWriter } from '../values/byte-io.ts';

export const WITNESS_MAGIC = 'ESWIT\0';
export const WITNESS_VERSION = 1;
const TAG_BINDING = 1;
const TAG_EFFECT = 2;

export class WitnessFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`invalid witness file at byte ${offset}: ${message}`);
  }
}

/** What the witness says about where it came from (JSON in the file, key order fixed). */
export interface WitnessHeader {
  /** The circuit as written in the source. */
  circuit: string;
  /** IrFunc symbol that was called. */
  func: string;
  compilerVersion: string;
  /** SHA3-256 (hex) of the wasm module that ran. */
  moduleHash: string;
  /** Source files of the program, with SHA3-256 of their contents (hex), for recompilation. */
  sources: { path: string; sha3: string }[];
  /** Compile options that change the code (overflow checks are per function in the IR). */
  optLevel: number;
  fuel: string;
  /** The circuit is marked `attested` (LANGUAGE.md §8.7). */
  attested: boolean;
  /** A signature section follows the commitment. */
  signed: boolean;
}

export interface WitnessFile {
  header: WitnessHeader;
  recording: WitnessRecording;
  commitment: Uint8Array;
  signature?: { publicKey: Uint8Array; signature: Uint8Array };
}

function truncated(what: string, at: number): WitnessFormatError {
  return new WitnessFormatError(`truncated ${what}`, at);
}

/** u32 length ‖ UTF-8 text, as a format error at the text's offset when it is not UTF-8. */
function readText(r: ByteReader, what: string): string {
  const at = r.pos;
  const raw = r.lengthPrefixed(what);
  try {
    return utf8Strict.decode(raw);
  } catch {
    throw new WitnessFormatError(`${what} is not UTF-8`, at);
  }
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

const HEADER_KEYS: (keyof WitnessHeader)[] = ['circuit', 'func', 'compilerVersion', 'moduleHash', 'sources', 'optLevel', 'fuel', 'attested', 'signed'];

function headerJson(h: WitnessHeader): string {
  const ordered: Record<string, unknown> = {};
  for (const k of HEADER_KEYS) ordered[k] = k === 'sources' ? h.sources.map((s) => ({ path: s.path, sha3: s.sha3 })) : h[k];
  return JSON.stringify(ordered);
}

/** The body: everything the commitment covers. */
function writeBody(w: ByteWriter, header: WitnessHeader, rec: WitnessRecording): void {
  w.utf8(WITNESS_MAGIC);
  w.u16(WITNESS_VERSION);
  w.utf8(headerJson(header), true);
  w.u8(rec.bindingsRecorded ? 1 : 0);
  w.u32(rec.inputs.length);
  for (const i of rec.inputs) w.lengthPrefixed(i);
  w.u32(rec.records.length);
  for (const r of rec.records) {
    if (r.kind === 'binding') {
      w.u8(TAG_BINDING);
      w.u32(r.id);
      w.lengthPrefixed(r.value);
    } else {
      w.u8(TAG_EFFECT);
      w.u32(r.site);
      w.utf8(r.name, true);
      w.bytes(r.argDigest);
      w.lengthPrefixed(r.result);
    }
  }
  if (rec.trap) {
    w.u8(1);
    w.utf8(JSON.stringify({ kind: rec.trap.kind, message: rec.trap.message, location: rec.trap.location ?? null }), true);
  } else {
    w.u8(0);
    w.lengthPrefixed(rec.output ?? new Uint8Array(0));
  }
}

export interface SigningKey {
  /** ML-DSA-87 secret key (4896 bytes). */
  secretKey: Uint8Array;
  /** The matching public key (2592 bytes), stored in the file for verification. */
  publicKey: Uint8Array;
}

/**
 * Serialise a recording. The commitment is signed when `key` is given and the circuit is
 * attested (issue 3 item 6); `header.signed` says whether a signature follows.
 */
export function writeWitness(rec: WitnessRecording, header: Omit<WitnessHeader, 'signed'>, key?: SigningKey): Uint8Array {
  const signed = key !== undefined && header.attested;
  const full: WitnessHeader = { ...header, signed };
  const w = new ByteWriter();
  writeBody(w, full, rec);
  const body = w.finish();
  const commitment = sha3_256(body);
  w.bytes(commitment);
  if (signed) {
    w.u8(1);
    w.lengthPrefixed(key!.publicKey);
    w.lengthPrefixed(mldsaSign(commitment, key!.secretKey));
  } else w.u8(0);
  return w.finish();
}

/** Parse a witness file; throws WitnessFormatError on any structural problem. */
export function readWitness(bytes: Uint8Array): WitnessFile & { bodyEnd: number } {
  const r = new ByteReader(bytes, truncated);
  const magic = new TextDecoder().decode(r.bytes(WITNESS_MAGIC.length, 'magic'));
  if (magic !== WITNESS_MAGIC) throw new WitnessFormatError('not a witness file (bad magic)', 0);
  const version = r.u16('version');
  if (version !== WITNESS_VERSION) throw new WitnessFormatError(`unsupported version ${version}`, r.pos - 2);
  const headerAt = r.pos;
  let header: WitnessHeader;
  try {
    header = JSON.parse(readText(r, 'header')) as WitnessHeader;
  } catch (e) {
    if (e instanceof WitnessFormatError) throw e;
    throw new WitnessFormatError('header is not valid JSON', headerAt);
  }
  if (typeof header !== 'object' || header === null || typeof header.func !== 'string' || !Array.isArray(header.sources)) {
    throw new WitnessFormatError('header lacks required fields', headerAt);
  }
  const flag = r.u8('bindings flag');
  if (flag > 1) throw new WitnessFormatError(`bad bindings flag ${flag}`, r.pos - 1);
  const inputs: Uint8Array[] = [];
  const nInputs = r.u32('input count');
  for (let i = 0; i < nInputs; i++) inputs.push(r.lengthPrefixed(`input ${i}`));
  const records: WitnessRecord[] = [];
  const nRecords = r.u32('record count');
  for (let i = 0; i < nRecords; i++) {
    const tagAt = r.pos;
    const tag = r.u8('record tag');
    if (tag === TAG_BINDING) records.push({ kind: 'binding', id: r.u32('binding id'), value: r.lengthPrefixed('binding value') });
    else if (tag === TAG_EFFECT) {
      const site = r.u32('effect site');
      const name = readText(r, 'effect name');
      const argDigest = r.bytes(32, 'argument digest');
      records.push({ kind: 'effect', site, name, argDigest, result: r.lengthPrefixed('effect result') });
    } else throw new WitnessFormatError(`unknown record tag ${tag}`, tagAt);
  }
  const recording: WitnessRecording = { func: header.func, inputs, records, bindingsRecorded: flag === 1 };
  const outcomeAt = r.pos;
  const outcome = r.u8('outcome');
  if (outcome === 0) recording.output = r.lengthPrefixed('output');
  else if (outcome === 1) {
    let t: { kind: TrapKind; message: string; location: RuntimeLocation | null };
    try {
      t = JSON.parse(readText(r, 'trap'));
    } catch (e) {
      if (e instanceof WitnessFormatError) throw e;
      throw new WitnessFormatError('trap is not valid JSON', outcomeAt);
    }
    recording.trap = { kind: t.kind, message: t.message };
    if (t.location) recording.trap.location = t.location;
  } else throw new WitnessFormatError(`bad outcome tag ${outcome}`, outcomeAt);
  const bodyEnd = r.pos;
  const commitment = r.bytes(32, 'commitment');
  const sigAt = r.pos;
  const sigFlag = r.u8('signature flag');
  const file: WitnessFile & { bodyEnd: number } = { header, recording, commitment, bodyEnd };
  if (sigFlag === 1) file.signature = { publicKey: r.lengthPrefixed('public key'), signature: r.lengthPrefixed('signature') };
  else if (sigFlag !== 0) throw new WitnessFormatError(`bad signature flag ${sigFlag}`, sigAt);
  if ((sigFlag === 1) !== (header.signed === true)) throw new WitnessFormatError('signature presence does not match the header', sigAt);
  if (r.pos !== bytes.length) throw new WitnessFormatError(`${bytes.length - r.pos} trailing bytes`, r.pos);
  return file;
}

export interface IntegrityReport {
  ok: boolean;
  commitmentOk: boolean;
  signature: 'none' | 'valid' | 'invalid';
  file?: WitnessFile;
  error?: string;
}

/** Parse, recompute the commitment and check the signature. Never throws. */
export function checkIntegrity(bytes: Uint8Array): IntegrityReport {
  let file: WitnessFile & { bodyEnd: number };
  try {
    file = readWitness(bytes);
  } catch (e) {
    return { ok: false, commitmentOk: false, signature: 'none', error: (e as Error).message };
  }
  const expected = sha3_256(bytes.subarray(0, file.bodyEnd));
  const commitmentOk = Buffer.from(expected).equals(Buffer.from(file.commitment));
  let signature: IntegrityReport['signature'] = 'none';
  if (file.signature) signature = mldsaVerify(file.commitment, file.signature.signature, file.signature.publicKey) ? 'valid' : 'invalid';
  const ok = commitmentOk && signature !== 'invalid';
  const report: IntegrityReport = { ok, commitmentOk, signature, file };
  if (!commitmentOk) report.error = 'commitment mismatch: the witness was modified after it was written';
  else if (signature === 'invalid') report.error = 'ML-DSA-87 signature of the commitment does not verify';
  return report;
}

export function sha3Hex(bytes: Uint8Array): string {
  return bytesToHex(sha3_256(bytes));
}
