/**
 * The builtin signature table: every name of LANGUAGE.md §9 (and the magic methods of §9.1,
 * handled in the lowering). For each: arity, category, how it lowers and how its arguments
 * and result are typed.
 *
 * Lowering kinds:
 * - `pure`: an IR `builtin` node (deterministic, never in the witness);
 * - `host`: an IR `host` node (an effect the runtime executes and the witness records);
 * - `core`: lowered directly to IR nodes (`len`, `min`, `some`, `wrapping_*`, …);
 * - `special`: needs its own lowering (closures, places, streams, keys, `fail`).
 */
import type { IrType } from '../ir/ir.ts';
import { T } from './type-table.ts';

export type BuiltinKind = 'pure' | 'host' | 'core' | 'special';
export type Category = 'C' | 'B' | 'T' | 'S' | 'O' | 'AI' | 'F' | 'X' | 'J' | 'W' | 'D';

/**
 * How an argument is typed:
 * - an IrType: converted to that type (literals take it, implicit conversions apply);
 * - 'value': any value, passed with its own type (literals take their default type);
 * - 'bytes': bytes, bytes(N) or string, passed as is;
 * - 'int': any integer, passed as is (literals default to u64);
 * - 'key-sk' / 'key-pk' / 'key-ek': a key argument (§8.5.5);
 * - 'stream': a stream, store, series or graph name (becomes the host `target`);
 * - 'closure': a closure (fold, all, query).
 */
export type ParamSpec = IrType | 'value' | 'bytes' | 'int' | 'key-sk' | 'key-pk' | 'key-ek' | 'stream' | 'closure';

/** The result type: fixed, or computed from the lowered argument types. */
export type ResultSpec = IrType | 'keyBundle' | 'encapsulation' | ((args: IrType[]) => IrType);

export interface BuiltinSig {
  /** The IR builtin/host name (aliases map to one canonical name). */
  canonical: string;
  kind: BuiltinKind;
  category: Category;
  minArgs: number;
  maxArgs: number;
  /** Argument typing; the last spec repeats for variadic builtins. */
  params: ParamSpec[];
  result: ResultSpec;
  /** §9 says "predicates only" (allowed elsewhere too; the checker does not restrict it). */
  predicatesOnly?: boolean;
}

const sameAsFirst = (args: IrType[]): IrType => args[0] ?? T.any;
const listElem = (args: IrType[]): IrType => {
  const l = args[0];
  return l && (l.k === 'list' || l.k === 'array') ? l.elem : l?.k === 'bytes' || l?.k === 'bytesN' ? T.u8 : T.any;
};

function sig(
  canonical: string,
  kind: BuiltinKind,
  category: Category,
  arity: number | [number, number],
  params: ParamSpec[],
  result: ResultSpec,
  extra: Partial<BuiltinSig> = {},
): BuiltinSig {
  const [minArgs, maxArgs] = typeof arity === 'number' ? [arity, arity] : arity;
  return { canonical, kind, category, minArgs, maxArgs, params, result, ...extra };
}

const host = (name: string, arity: number | [number, number], params: ParamSpec[], result: ResultSpec, cat: Category = 'D') =>
  sig(name, 'host', cat, arity, params, result);
const pure = (name: string, arity: number | [number, number], params: ParamSpec[], result: ResultSpec, cat: Category = 'B') =>
  sig(name, 'pure', cat, arity, params, result);

const fixRaw: ParamSpec[] = ['bytes', 'int', 'int'];

/** Every builtin name as written in source → its signature. */
export const BUILTINS: ReadonlyMap<string, BuiltinSig> = new Map<string, BuiltinSig>([
  // C crypto
  ['sha3_256', pure('sha3_256', 1, ['value'], T.bytesN(32), 'C')],
  ['hash', pure('sha3_256', 1, ['value'], T.bytesN(32), 'C')],
  ['sha3_512', pure('sha3_512', 1, ['value'], T.bytesN(64), 'C')],
  ['blake3', pure('blake3', 1, ['value'], T.bytesN(32), 'C')],
  ['mldsa_sign', sig('mldsa_sign', 'special', 'C', 2, ['value', 'key-sk'], T.bytesN(4627))],
  ['mldsa_verify', sig('mldsa_verify', 'special', 'C', 3, ['value', 'bytes', 'key-pk'], T.bool)],
  ['ml_dsa_verify', sig('mldsa_verify', 'special', 'C', 3, ['value', 'bytes', 'key-pk'], T.bool)],
  // Randomness makes encapsulation an effect (§8.4 item 1).
  ['mlkem_encaps', sig('mlkem_encaps', 'special', 'C', 1, ['key-ek'], 'encapsulation')],
  ['mlkem_decaps', pure('mlkem_decaps', 2, ['bytes', 'bytes'], T.bytesN(32), 'C')],
  ['constant_time_eq', pure('constant_time_eq', 2, ['bytes', 'bytes'], T.bool, 'C')],
  ['hkdf_sha3', pure('hkdf_sha3', 3, ['value', 'value', 'value'], T.bytesN(32), 'C')],
  ['groth16_verify', host('groth16_verify', 2, ['value', 'value'], T.bool, 'C')],
  // J test
  ['test_keygen', sig('test_keygen', 'pure', 'J', 1, ['value'], 'keyBundle')],
  // B bytes and collections
  ['bytes', sig('bytes', 'special', 'B', [1, 2], [T.u64, T.u8], T.bytes)],
  ['concat', pure('concat', [2, 7], ['value'], T.bytes)],
  ['len', sig('len', 'core', 'B', 1, ['value'], T.u64)],
  ['list_len', sig('len', 'core', 'B', 1, ['value'], T.u64)],
  ['fold', sig('fold', 'special', 'B', 3, ['value', 'value', 'closure'], T.any)],
  ['all', sig('all', 'special', 'B', 2, ['value', 'closure'], T.bool)],
  ['append', sig('append', 'special', 'B', 2, ['value', 'value'], T.void)],
  ['nth', sig('nth', 'core', 'B', 2, ['value', T.u64], listElem)],
  ['min', sig('min', 'core', 'B', 2, ['value', 'value'], sameAsFirst)],
  ['equal', sig('equal', 'core', 'B', 2, ['value', 'value'], T.bool)],
  // Extensions beyond §9 (specs/checking.md): the runtime library implements them.
  ['max', sig('max', 'core', 'B', 2, ['value', 'value'], sameAsFirst)],
  ['abs', pure('abs', 1, ['value'], sameAsFirst)],
  ['hex', pure('hex', 1, ['value'], T.string)],
  ['alloc', pure('alloc', 1, ['int'], T.bytes)],
  ['copy', sig('copy', 'special', 'B', 5, ['value', 'int', 'bytes', 'int', 'int'], T.void)],
  ['extract_u64_le', pure('extract_u64_le', 2, ['bytes', 'int'], T.u64)],
  ['bitwise_and', sig('bitwise_and', 'core', 'B', 2, ['value', 'value'], sameAsFirst)],
  ['bitwise_or', sig('bitwise_or', 'core', 'B', 2, ['value', 'value'], sameAsFirst)],
  ['bitwise_not', sig('bitwise_not', 'core', 'B', 1, ['value'], sameAsFirst)],
  ['serialize', pure('serialize', 1, ['value'], T.bytes)],
  ['encode_cbor', pure('encode_cbor', 1, ['value'], T.bytes)],
  // T time
  ['current_time', host('current_time', 0, [], T.u64, 'T')],
  ['timestamp', host('current_time', 0, [], T.u64, 'T')],
  ['now', host('current_time', 0, [], T.u64, 'T')],
  // S state, streams, graphs
  ['kv_get', host('kv_get', 1, ['value'], T.any, 'S')],
  ['kv_put', host('kv_put', 2, ['value', 'value'], T.void, 'S')],
  ['store_get', sig('store_get', 'special', 'S', 2, ['stream', 'value'], T.any)],
  ['store_put', sig('store_put', 'special', 'S', 3, ['stream', 'value', 'value'], T.void)],
  ['store_delete', sig('store_delete', 'special', 'S', 2, ['stream', 'value'], T.void)],
  ['store_scan', sig('store_scan', 'special', 'S', [2, 4], ['stream', 'value'], T.any)],
  ['emit', sig('emit', 'special', 'S', 2, ['stream', 'value'], T.bool)],
  ['query', sig('query', 'special', 'S', 2, ['stream', 'closure'], T.any)],
  ['store', sig('store', 'special', 'S', 2, ['stream', 'value'], T.bytesN(32))],
  ['graph_add_edge', sig('graph_add_edge', 'special', 'S', 4, ['stream', 'value', 'value', 'value'], T.bytesN(32))],
  ['graph_traverse', sig('graph_traverse', 'special', 'S', 4, ['stream', 'value', 'value', T.u64], T.list(T.bytesN(32)))],
  // O observability
  ['observe_anomaly', host('observe_anomaly', 1, ['value'], T.f64, 'O')],
  ['streamsight_anomaly', host('observe_anomaly', 1, ['value'], T.f64, 'O')],
  ['observe_baseline', host('observe_baseline', 1, ['value'], T.f64, 'O')],
  ['streamsight_baseline', host('observe_baseline', 1, ['value'], T.f64, 'O')],
  ['deviation', sig('deviation', 'special', 'O', 2, [T.f64, T.f64], T.f64, { predicatesOnly: true })],
  // AI inference
  ['li_infer', host('li_infer', 2, ['value', 'value'], T.any, 'AI')],
  ['li_classify', host('li_classify', 2, ['value', 'value'], T.any, 'AI')],
  // X control
  ['fail', sig('fail', 'special', 'X', [0, 1], ['value'], T.void)],
  ['some', sig('some', 'core', 'X', 1, ['value'], (a) => T.option(a[0] ?? T.any))],
  // W arithmetic (§8.1 item 3)
  ['wrapping_add', sig('wrapping_add', 'core', 'W', 2, ['value', 'value'], sameAsFirst)],
  ['wrapping_sub', sig('wrapping_sub', 'core', 'W', 2, ['value', 'value'], sameAsFirst)],
  ['wrapping_mul', sig('wrapping_mul', 'core', 'W', 2, ['value', 'value'], sameAsFirst)],
  ['checked_add', sig('checked_add', 'core', 'W', 2, ['value', 'value'], (a) => T.option(a[0] ?? T.u64))],
  ['checked_sub', sig('checked_sub', 'core', 'W', 2, ['value', 'value'], (a) => T.option(a[0] ?? T.u64))],
  ['checked_mul', sig('checked_mul', 'core', 'W', 2, ['value', 'value'], (a) => T.option(a[0] ?? T.u64))],
  ['saturating_add', sig('saturating_add', 'core', 'W', 2, ['value', 'value'], sameAsFirst)],
  ['saturating_sub', sig('saturating_sub', 'core', 'W', 2, ['value', 'value'], sameAsFirst)],
  ['saturating_mul', sig('saturating_mul', 'core', 'W', 2, ['value', 'value'], sameAsFirst)],
  // D domain helpers: pure ones live in the runtime library
  ['resolve', pure('resolve', 2, ['value', 'value'], T.bytesN(32), 'D')],
  ['derive_solution_id', pure('derive_solution_id', 2, ['value', 'value'], T.bytesN(32), 'D')],
  ['hash_lex_policy', pure('hash_lex_policy', 1, ['value'], T.bytesN(32), 'D')],
  ['hash_branding', pure('hash_branding', 1, ['value'], T.bytesN(32), 'D')],
  ['fixed_point_mul_div', pure('fixed_point_mul_div', 3, ['int', 'int', 'int'], sameAsFirst, 'D')],
  ['byzantine_median_aggregate', pure('byzantine_median_aggregate', 2, ['value', 'int'], T.u64, 'D')],
  ['weighted_score', pure('weighted_score', 2, ['value', 'value'], T.u64, 'D')],
  ['z_score_detect', pure('z_score_detect', 3, ['int', 'int', 'int'], T.i64, 'D')],
  ['power_factor_compute', pure('power_factor_compute', 2, ['int', 'int'], T.u32, 'D')],
  // D domain helpers that are host effects
  ['register_solution', host('register_solution', 2, ['value'], T.any)],
  ['register_publisher', host('register_publisher', 5, ['value'], T.any)],
  ['escrow_lock', host('escrow_lock', [2, 3], ['value'], T.any)],
  ['escrow_release', host('escrow_release', 2, ['value'], T.any)],
  ['index_search', host('index_search', 7, ['value'], T.any)],
  ['rbac_evaluate', host('rbac_evaluate', 2, ['value'], T.any)],
  ['forensic_embed_decide', host('forensic_embed_decide', 2, ['value'], T.any)],
  ['settle_count', { ...host('settle_count', 1, ['value'], T.u64), predicatesOnly: true }],
  // F FIX helpers
  ['extract_fix_tag', pure('extract_fix_tag', 3, fixRaw, T.bytes, 'F')],
  ['extract_fix_u32', pure('extract_fix_u32', 3, fixRaw, T.u32, 'F')],
  ['extract_fix_u64', pure('extract_fix_u64', 3, fixRaw, T.u64, 'F')],
  ['extract_fix_seq', pure('extract_fix_seq', 3, fixRaw, T.u64, 'F')],
  ['extract_fix_timestamp', pure('extract_fix_timestamp', 3, fixRaw, T.u64, 'F')],
  ['extract_fix_checksum', pure('extract_fix_checksum', 2, ['bytes', 'int'], T.u32, 'F')],
  ['compute_fix_checksum', pure('compute_fix_checksum', 2, ['bytes', 'int'], T.u32, 'F')],
  ['count_fix_fields', pure('count_fix_fields', 2, ['bytes', 'int'], T.u32, 'F')],
  ['fix_side_to_data', pure('fix_side_to_data', 1, ['int'], T.u8, 'F')],
  ['data_side_to_fix', pure('data_side_to_fix', 1, ['int'], T.u32, 'F')],
  ['fix_ordtype_to_data', pure('fix_ordtype_to_data', 1, ['int'], T.u8, 'F')],
  ['fix_tif_to_data', pure('fix_tif_to_data', 1, ['int'], T.u8, 'F')],
  ['build_fix_message', pure('build_fix_message', 11, ['value'], T.bytesN(8192), 'F')],
]);

/** The spec for argument i (variadic builtins repeat their last spec). */
export function paramSpec(sig: BuiltinSig, i: number): ParamSpec {
  return sig.params[Math.min(i, sig.params.length - 1)] ?? 'value';
}

export function isBuiltinName(name: string): boolean {
  return BUILTINS.has(name);
}
