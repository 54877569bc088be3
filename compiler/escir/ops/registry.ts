/**
 * The closed operator registry (ESCIR.md §5.2): legacy type names, parameters, ports and
 * which ports are [W] (applied at commit). Semantics live in ops/lower-*.ts.
 */

export type ParamKind = 'int' | 'number' | 'string' | 'bool' | 'expr' | 'type' | 'list' | 'map' | 'any';

export interface ParamSpec {
  kind: ParamKind;
  required?: boolean;
  /** `"config.x"` may stand for the value (numeric params, ESCIR.md §3.2). */
  configRef?: boolean;
  enum?: readonly string[];
}

export interface PortSpec {
  /** [W]: applied at commit, invisible within the step; several drivers allowed. */
  write?: boolean;
  /** Output only present in some steps (`?` in ESCIR.md). */
  event?: boolean;
}

export interface OpSpec {
  op: string;
  params: Record<string, ParamSpec>;
  /** Named input ports; `dynamic` ops take operands named in their body or params. */
  inputs: Record<string, PortSpec>;
  outputs: Record<string, PortSpec>;
  /** Port a bare edge into the node lands on (undefined: the edge is only a dependency). */
  defaultIn?: string;
  /** Port a bare edge out of the node leaves from. */
  defaultOut: string;
  stateful: boolean;
  /** Input ports are named by the body or by params (expr, build, merge, arbiter, verify). */
  dynamicInputs?: boolean;
}

const n = (required = false): ParamSpec => ({ kind: 'number', required, configRef: true });
const i = (required = false): ParamSpec => ({ kind: 'int', required, configRef: true });
const s = (required = false, e?: readonly string[]): ParamSpec => (e ? { kind: 'string', required, enum: e } : { kind: 'string', required });
const x = (required = false): ParamSpec => ({ kind: 'expr', required });
const W: PortSpec = { write: true };
const IN: PortSpec = {};
const EV: PortSpec = { event: true };
const VAL: PortSpec = {};

export const OPS: Record<string, OpSpec> = {
  expr: { op: 'expr', params: { body: x(true) }, inputs: {}, outputs: { out: EV }, defaultOut: 'out', stateful: false, dynamicInputs: true },
  compare: { op: 'compare', params: { body: x(), condition: x(), operation: x() }, inputs: { in: IN }, outputs: { out: EV, pass: EV, fail: EV }, defaultOut: 'pass', stateful: false, dynamicInputs: true },
  change: { op: 'change', params: { threshold: n(), key_of: s() }, inputs: { in: IN }, outputs: { changed: EV, ready: EV }, defaultIn: 'in', defaultOut: 'changed', stateful: true },
  filter: { op: 'filter', params: { predicate: x(true) }, inputs: { in: IN }, outputs: { pass: EV, drop: EV }, defaultIn: 'in', defaultOut: 'pass', stateful: false },
  sample: { op: 'sample', params: { rate: n(), rate_source: s(), seed: i() }, inputs: { in: IN }, outputs: { pass: EV }, defaultIn: 'in', defaultOut: 'pass', stateful: true },
  merge: { op: 'merge', params: { inputs: { kind: 'list', required: true }, into: { kind: 'type', required: true }, depth: i() }, inputs: {}, outputs: { out: EV }, defaultOut: 'out', stateful: true, dynamicInputs: true },
  fifo: { op: 'fifo', params: { depth: i(true), overflow_policy: s(false, ['drop_oldest', 'drop_newest', 'stall', 'drop']), type: { kind: 'type' } }, inputs: { in: W, pop: W }, outputs: { out: EV, len: VAL, full: VAL }, defaultIn: 'in', defaultOut: 'out', stateful: true },
  map: {
    op: 'map',
    params: { capacity: i(true), key_type: { kind: 'type', required: true }, value_type: { kind: 'type', required: true }, key_of: s() },
    inputs: { upsert: W, add: W, update: W, remove: W, enable: W, disable: W, lookup: IN },
    outputs: { found: EV, missing: EV, rejected: EV, len: VAL },
    defaultIn: 'upsert',
    defaultOut: 'found',
    stateful: true,
  },
  multimap: {
    op: 'multimap',
    params: { capacity: i(true), key_type: { kind: 'type', required: true }, value_type: { kind: 'type', required: true }, key_of: s(), per_key: i() },
    inputs: { insert: W, remove: W, lookup: IN },
    outputs: { found: EV },
    defaultIn: 'insert',
    defaultOut: 'found',
    stateful: true,
  },
  min_heap: {
    op: 'min_heap',
    params: { capacity: i(true), key_type: { kind: 'type' }, value_type: { kind: 'type' }, prio_of: s(), key_of: s() },
    inputs: { insert: W, remove: W, update: W, update_next_time: W, pop: W },
    outputs: { peek: EV, len: VAL },
    defaultIn: 'insert',
    defaultOut: 'peek',
    stateful: true,
  },
  arbiter: { op: 'arbiter', params: { levels: i(true), policy: s(false, ['strict_priority', 'round_robin']), prio_of: s() }, inputs: {}, outputs: { selected: EV, grant: EV }, defaultOut: 'selected', stateful: true, dynamicInputs: true },
  counter: { op: 'counter', params: { width: i(), start: i(), wrap: { kind: 'bool' }, skip: { kind: 'list' } }, inputs: { in: IN }, outputs: { out: EV, overflow: EV }, defaultIn: 'in', defaultOut: 'out', stateful: true },
  batch: { op: 'batch', params: { max_count: i(true) }, inputs: { in: IN, flush: IN }, outputs: { batch: EV, full: VAL, count: VAL }, defaultIn: 'in', defaultOut: 'batch', stateful: true },
  stats: { op: 'stats', params: { fields: { kind: 'list' }, window_size: i() }, inputs: {}, outputs: { out: VAL }, defaultOut: 'out', stateful: true, dynamicInputs: true },
  timer: { op: 'timer', params: { timeout_ms: n(), interval_ms: n() }, inputs: { start: W, stop: W }, outputs: { expired: EV, tick: EV, missed: VAL }, defaultIn: 'start', defaultOut: 'expired', stateful: true },
  token_bucket: { op: 'token_bucket', params: { rate: n(true), burst: n(true) }, inputs: { in: IN }, outputs: { allow: EV, deny: EV }, defaultIn: 'in', defaultOut: 'allow', stateful: true },
  debounce: { op: 'debounce', params: { ms: n(true) }, inputs: { in: IN }, outputs: { transitioned: EV }, defaultIn: 'in', defaultOut: 'transitioned', stateful: true },
  retry: { op: 'retry', params: { max_attempts: i(true), delay_ms: n(true) }, inputs: { fail: IN, ok: W }, outputs: { retry: EV, exhausted: EV }, defaultIn: 'fail', defaultOut: 'retry', stateful: true },
  fsm: {
    op: 'fsm',
    params: { initial_state: s(true), states: { kind: 'any', required: true }, transitions: { kind: 'list', required: true } },
    inputs: {},
    outputs: { state: VAL, changed: EV },
    defaultOut: 'state',
    stateful: true,
    dynamicInputs: true,
  },
  verify: { op: 'verify', params: { alg: s(false, ['ml_dsa_87']) }, inputs: { key: IN, msg: IN, sig: IN }, outputs: { ok: EV }, defaultOut: 'ok', stateful: false },
  hash: { op: 'hash', params: { algorithm: s(true, ['blake3', 'sha3_256', 'fnv1a32']) }, inputs: { in: IN }, outputs: { out: EV }, defaultIn: 'in', defaultOut: 'out', stateful: false },
  build: { op: 'build', params: { type: { kind: 'type', required: true }, fields: { kind: 'map' } }, inputs: {}, outputs: { out: EV }, defaultOut: 'out', stateful: false, dynamicInputs: true },
  select: { op: 'select', params: { when: x(true) }, inputs: { in: IN }, outputs: { out: EV }, defaultIn: 'in', defaultOut: 'out', stateful: false, dynamicInputs: true },
  pack: { op: 'pack', params: { layout: { kind: 'list' }, format: s() }, inputs: { in: IN }, outputs: { out: EV }, defaultIn: 'in', defaultOut: 'out', stateful: false, dynamicInputs: true },
  unpack: { op: 'unpack', params: { layout: { kind: 'list' }, format: s(), type: { kind: 'type' } }, inputs: { in: IN }, outputs: { out: EV }, defaultIn: 'in', defaultOut: 'out', stateful: false },
  call: { op: 'call', params: { fn: s(true) }, inputs: {}, outputs: { out: EV }, defaultOut: 'out', stateful: false, dynamicInputs: true },
  instance: { op: 'instance', params: { circuit: s(true), config: { kind: 'any' } }, inputs: {}, outputs: {}, defaultOut: 'out', stateful: true, dynamicInputs: true },
};

/** Legacy `type` → op (ESCIR.md §5.2 first column). `accumulator` depends on its params. */
export const LEGACY_TYPES: Record<string, string> = {
  transform: 'expr',
  arithmetic: 'expr',
  compare: 'compare',
  conditional: 'compare',
  comparator: 'change',
  filter: 'filter',
  probabilistic_filter: 'sample',
  multiplexer: 'merge',
  fifo: 'fifo',
  map: 'map',
  multimap: 'multimap',
  min_heap: 'min_heap',
  arbiter: 'arbiter',
  counter: 'counter',
  accumulator: 'batch',
  timer: 'timer',
  token_bucket: 'token_bucket',
  debounce: 'debounce',
  retry_controller: 'retry',
  state_machine: 'fsm',
  verify_mldsa: 'verify',
  hash: 'hash',
  struct_build: 'build',
  output_formatter: 'build',
};

/** Canonical spellings of params whose legacy name differs. */
export const LEGACY_PARAM_ALIASES: Record<string, Record<string, string>> = {
  expr: { operation: 'body' },
  build: { output_type: 'type', schema: 'type' },
};

export function opFor(written: string, hasParam: (k: string) => boolean): string | undefined {
  if (written === 'accumulator') return hasParam('max_count') ? 'batch' : 'stats';
  return LEGACY_TYPES[written];
}
