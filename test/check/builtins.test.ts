import { describe, expect, it } from 'vitest';
import { BUILTINS } from '../../compiler/check/builtins.ts';
import { getBuiltin } from '../../runtime/builtins/index.ts';
import { LIBRARY_HELPERS } from '../../compiler/ir/lower/functions.ts';

/** Every name of LANGUAGE.md §9 (the builtin table), as written there. */
const SECTION_9 = [
  'sha3_256', 'hash', 'sha3_512', 'blake3', 'test_keygen', 'bytes', 'concat', 'mldsa_sign', 'mldsa_verify', 'ml_dsa_verify',
  'mlkem_encaps', 'mlkem_decaps', 'constant_time_eq', 'hkdf_sha3', 'groth16_verify', 'current_time', 'timestamp', 'now',
  'kv_get', 'kv_put', 'store_get', 'store_put', 'store_delete', 'store_scan', 'emit', 'query', 'store', 'graph_add_edge',
  'graph_traverse', 'observe_anomaly', 'observe_baseline', 'deviation', 'li_infer', 'li_classify', 'fail', 'some', 'len',
  'list_len', 'fold', 'all', 'append', 'nth', 'min', 'equal', 'hex', 'alloc', 'copy', 'extract_u64_le', 'bitwise_and',
  'bitwise_or', 'bitwise_not', 'serialize', 'encode_cbor', 'wrapping_add', 'wrapping_sub', 'wrapping_mul', 'saturating_add',
  'saturating_sub', 'checked_add', 'checked_sub', 'checked_mul', 'resolve', 'derive_solution_id', 'hash_lex_policy',
  'hash_branding', 'fixed_point_mul_div', 'byzantine_median_aggregate', 'weighted_score', 'z_score_detect',
  'power_factor_compute', 'register_solution', 'register_publisher', 'escrow_lock', 'escrow_release', 'index_search',
  'rbac_evaluate', 'forensic_embed_decide', 'settle_count', 'extract_fix_tag', 'extract_fix_u32', 'extract_fix_u64',
  'extract_fix_seq', 'extract_fix_timestamp', 'extract_fix_checksum', 'compute_fix_checksum', 'count_fix_fields',
  'fix_side_to_data', 'data_side_to_fix', 'fix_ordtype_to_data', 'fix_tif_to_data', 'build_fix_message',
  'streamsight_anomaly', 'streamsight_baseline',
];

describe('the builtin signature table (§9)', () => {
  it('has a signature for every §9 name', () => {
    expect(SECTION_9.filter((n) => !BUILTINS.has(n))).toEqual([]);
  });

  it('records the arities §9 gives', () => {
    const arity = (n: string) => [BUILTINS.get(n)!.minArgs, BUILTINS.get(n)!.maxArgs];
    expect(arity('concat')).toEqual([2, 7]);
    expect(arity('store_scan')).toEqual([2, 4]);
    expect(arity('escrow_lock')).toEqual([2, 3]);
    expect(arity('register_publisher')).toEqual([5, 5]);
    expect(arity('index_search')).toEqual([7, 7]);
    expect(arity('build_fix_message')).toEqual([11, 11]);
    expect(arity('current_time')).toEqual([0, 0]);
  });

  it('maps aliases to one canonical name', () => {
    expect(BUILTINS.get('hash')!.canonical).toBe('sha3_256');
    expect(BUILTINS.get('ml_dsa_verify')!.canonical).toBe('mldsa_verify');
    expect(BUILTINS.get('timestamp')!.canonical).toBe('current_time');
    expect(BUILTINS.get('streamsight_anomaly')!.canonical).toBe('observe_anomaly');
  });

  it('lowers every pure builtin to a name the runtime library implements', () => {
    const pure = [...BUILTINS.values()].filter((s) => s.kind === 'pure').map((s) => s.canonical);
    // Names the lowering emits beyond the table: dynamic access, run-time sizes, library helpers.
    const extra = ['any_field', 'any_index', 'len', 'bytes', 'copy', 'deviation', 'bitwise_and', 'bitwise_or', 'bitwise_not', 'mldsa_sign', 'mldsa_verify', ...LIBRARY_HELPERS];
    expect([...new Set([...pure, ...extra])].filter((n) => !getBuiltin(n))).toEqual([]);
  });
});
