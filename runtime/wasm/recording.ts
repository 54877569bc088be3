/**
 * The witness recording of one call, as the wasm runtime produces it: inputs, the ordered
 * binding and effect records, and the output (specs/witness.md §2). Compiled code writes
 * inputs, bindings and the output into linear memory; the import wrapper writes effects while
 * it is in JS. The buffer is copied out once when the call ends and parsed only when read.
 */
import type { RuntimeLocation } from '../errors.ts';
import type { TrapKind } from '../../compiler/ir/ir.ts';
import { concatBytes } from '../values/byte-io.ts';

export interface BindingRecord {
  kind: 'binding';
  /** Index into ModuleMeta.bindings. */
  id: number;
  /** Canonical encoding (top level) of the value assigned. */
  value: Uint8Array;
}

export interface EffectRecord {
  kind: 'effect';
  /** Effect name (`kv_get`, `emit`, …). */
  name: string;
  /** SHA3-256 over the arguments (specs/witness.md §3). */
  argDigest: Uint8Array;
  /** Canonical encoding (top level) of the result. */
  result: Uint8Array;
  /** Index into ModuleMeta.callSites (where the effect was called). */
  site: number;
}

export type WitnessRecord = BindingRecord | EffectRecord;

export interface WitnessRecording {
  func: string;
  /** Canonical encoding (top level) of each argument. */
  inputs: Uint8Array[];
  records: WitnessRecord[];
  /** Canonical encoding of the result; absent when the call trapped. */
  output?: Uint8Array;
  trap?: { kind: TrapKind; message: string; location?: RuntimeLocation };
  /** False when the module was compiled without witness code (bindings missing). */
  bindingsRecorded: boolean;
}

export const RECORD_BINDING = 1;
export const RECORD_EFFECT = 2;
export const RECORD_INPUT = 3;
export const RECORD_OUTPUT = 4;

/** Copy the chunk list the module built ([next u32][used u32][records…]) out of memory once. */
export function copyOutRecords(bytes: Uint8Array, head: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (head === 0) return new Uint8Array(0);
  if (view.getUint32(head, true) === 0) return bytes.slice(head + 8, head + 8 + view.getUint32(head + 4, true));
  const parts: Uint8Array[] = [];
  for (let chunk = head; chunk !== 0; chunk = view.getUint32(chunk, true)) parts.push(bytes.subarray(chunk + 8, chunk + 8 + view.getUint32(chunk + 4, true)));
  return concatBytes(parts);
}

interface Parsed {
  inputs: Uint8Array[];
  records: WitnessRecord[];
  output?: Uint8Array;
}

/** Decode a copied-out record buffer. */
export function parseRecords(buf: Uint8Array, sites: { name: string }[]): Parsed {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Parsed = { inputs: [], records: [] };
  let p = 0;
  while (p < buf.length) {
    const tag = buf[p]!;
    const id = view.getUint32(p + 1, true);
    const len = view.getUint32(p + 5, true);
    const payload = buf.subarray(p + 9, p + 9 + len);
    if (tag === RECORD_BINDING) out.records.push({ kind: 'binding', id, value: payload });
    else if (tag === RECORD_EFFECT) out.records.push({ kind: 'effect', site: id, name: sites[id]?.name ?? `#${id}`, argDigest: payload.subarray(0, 32), result: payload.subarray(32) });
    else if (tag === RECORD_INPUT) out.inputs[id] = payload;
    else if (tag === RECORD_OUTPUT) out.output = payload;
    else throw new Error(`corrupt witness buffer: record tag ${tag}`);
    p += 9 + len;
  }
  return out;
}

/** A recording backed by the raw buffer; records are decoded on first access. */
export class BufferedRecording implements WitnessRecording {
  private parsed: Parsed | undefined;
  trap?: { kind: TrapKind; message: string; location?: RuntimeLocation };
  private inputsOverride: Uint8Array[] | undefined;
  private outputOverride: Uint8Array | undefined;

  constructor(
    readonly func: string,
    /** The records exactly as compiled code and the import wrapper wrote them. */
    readonly raw: Uint8Array,
    private readonly sites: { name: string }[],
    readonly bindingsRecorded: boolean,
  ) {}

  private get data(): Parsed {
    this.parsed ??= parseRecords(this.raw, this.sites);
    return this.parsed;
  }
  get inputs(): Uint8Array[] {
    return this.inputsOverride ?? this.data.inputs;
  }
  set inputs(v: Uint8Array[]) {
    this.inputsOverride = v;
  }
  get records(): WitnessRecord[] {
    return this.data.records;
  }
  get output(): Uint8Array | undefined {
    // A void result has no output record: its canonical encoding is empty.
    return this.outputOverride ?? (this.trap ? undefined : (this.data.output ?? new Uint8Array(0)));
  }
  set output(v: Uint8Array | undefined) {
    this.outputOverride = v;
  }
}
