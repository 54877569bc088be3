/**
 * The host-effect interface shared by the IR interpreter and the wasm import wrappers
 * (issue 3, runtime interfaces). Effects are LANGUAGE.md §8.4.1: clocks, stores, streams and
 * graphs, observe, models, ML-KEM randomness, host domain helpers and `extern "rust"` items.
 */
import type { IrConst, IrStream, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';

export interface HostCall {
  /** Effect name as in the IR `host` node (`emit`, `kv_get`, `li_infer`, an extern's name, …). */
  name: string;
  /**
   * Argument values. For stream and store effects with `target` set, the stream/store is the
   * target and is not among the args; without `target`, args[0] is its name as a string.
   */
  args: IrConst[];
  argTypes: IrType[];
  resultType: IrType;
  /** Stream or store name for stream and store effects. */
  target?: string;
  types: IrTypeDef[];
  /** Lex path of the calling circuit (kv spaces, model lookup). */
  lexPath?: string;
}

/** A host function over IR values (host domain helpers, `extern "rust"` items, callbacks). */
export type HostFunction = (args: IrConst[], call: HostCall) => IrConst;

/** A model for `li_infer` / `li_classify`: public JS values in, a JSON-like value out. */
export type Model = (request: { name: string; args: unknown[]; lexPath: string }) => unknown;

/** A record held by an event stream or series. */
export interface StreamRecord {
  /** Clock reading (ms) when the record was appended. */
  at: bigint;
  value: IrConst;
  type: IrType;
  /** Key of a keyed (state/kv) record; undefined for logs. */
  key?: IrConst;
  keyType?: IrType;
}

export interface HostOptions {
  /** Initial clock reading in ms (default 1 700 000 000 000, §8.4.3). */
  clockMs?: number | bigint;
  /** Seeds the RNG with SHA3-256 of this name (§8.4.3: tests use the test name). */
  testName?: string;
  /** Explicit 32-byte RNG seed; overrides testName. Without either, randomness is real. */
  rngSeed?: Uint8Array;
  /** Streams and stores declared by the module (also settable later with declareStreams). */
  streams?: IrStream[];
  /** Models by lex path; the key 'default' is the fallback model. */
  models?: Record<string, Model>;
  /** Host domain helpers and callbacks by name. */
  helpers?: Record<string, HostFunction>;
  /** `extern "rust"` functions by name. */
  externs?: Record<string, HostFunction>;
  /** Anomaly score for observe_anomaly (default 0 as in tests). */
  anomaly?: (id: Uint8Array) => number;
  /** Rolling baseline for observe_baseline (default 0 as in tests). */
  baseline?: (name: string) => number;
  /** Groth16 verifier for groth16_verify (needs a registered verifying key, §9). */
  groth16?: (proof: Uint8Array, input: Uint8Array) => boolean;
}
