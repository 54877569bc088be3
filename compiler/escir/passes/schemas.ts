/**
 * The documented keys of ESCIR (ESCIR.md §3), as shapes for P2. Legacy shapes accept every
 * key ESCIR.md documents for any dialect (real files mix them freely, and an unknown-key
 * warning on a documented key would be noise); canonical shapes are exact.
 */
import { ANY, BOOL, NUMBER, SCALAR, STRING, dict, either, map, oneOf, seq, type Shape } from './shape.ts';

const open = () => true;

// ── shared pieces ────────────────────────────────────────────────────────────────────────

const IMPORT = map({ circuit: STRING, schema: STRING, as: STRING, version: STRING, description: STRING }, [], undefined, 'an import');

const FIELD = either({
  scalar: STRING,
  map: map({ name: STRING, type: ANY, default: ANY, description: STRING, unit: STRING }, ['name'], undefined, 'a field'),
});
const FIELDS = either({ seq: seq(FIELD), map: dict(ANY) });

const VARIANT = either({
  scalar: STRING,
  map: map({ name: STRING, value: ANY, type: ANY, description: STRING }, ['name'], undefined, 'a variant'),
});

export const TYPE_DECL: Shape = either({
  scalar: STRING,
  map: map(
    {
      kind: oneOf('struct', 'enum', 'union'),
      fields: FIELDS,
      extends: STRING,
      additional_fields: FIELDS,
      values: seq(SCALAR),
      variants: seq(VARIANT),
      discriminant: STRING,
      description: STRING,
      repr: STRING,
    },
    [],
    undefined,
    'a type declaration',
  ),
});

// Port keys documented anywhere in ESCIR.md (§3.1 ports, §3.3 component ports, §3.5 modes) are
// accepted on legacy ports: real files mix them.
const LEGACY_PORT = map(
  {
    name: STRING,
    id: STRING,
    type: ANY,
    description: STRING,
    trigger: oneOf('rising_edge'),
    default: ANY,
    unit: STRING,
    mode: oneOf('value', 'event', 'edge', 'stream'),
    fifo: ANY,
    direction: STRING,
    annotations: ANY,
    fire_and_forget: BOOL,
    overflow_policy: STRING,
    width: NUMBER,
  },
  [],
  undefined,
  'a port',
);

const SEVERITY = oneOf('debug', 'info', 'warning', 'error', 'critical');
const EMIT_FIELD = either({ scalar: STRING, map: map({ name: STRING, source: STRING }, ['name'], undefined, 'an emitted field') });

const STREAMSIGHT = map(
  {
    namespace: STRING,
    emit: seq(map({ event: STRING, topic: STRING, severity: SEVERITY, fields: seq(EMIT_FIELD), when: STRING, description: STRING }, ['event'], undefined, 'an emit entry')),
    enabled: BOOL,
  },
  [],
  undefined,
  '`streamsight`',
);

const TEST_STEP = map(
  { setup: ANY, input: ANY, mock: ANY, expect: ANY, advance: map({ ms: NUMBER, ns: NUMBER, s: NUMBER }, [], undefined, '`advance`'), description: STRING, name: STRING },
  [],
  undefined,
  'a test step',
);
const TEST = map({ name: STRING, description: STRING, steps: seq(TEST_STEP) }, ['name'], undefined, 'a test');

/** Every parameter ESCIR.md §5.2 documents for some operator; legacy nodes carry them beside `type`. */
export const NODE_PARAMS = [
  'body', 'operation', 'operations', 'condition', 'threshold', 'key_of', 'predicate', 'rate', 'rate_source', 'seed',
  'inputs', 'into', 'depth', 'overflow_policy', 'capacity', 'key_type', 'value_type', 'per_key', 'prio_of', 'levels',
  'policy', 'width', 'start', 'wrap', 'skip', 'max_count', 'fields', 'window_size', 'timeout_ms', 'interval_ms', 'rate',
  'burst', 'ms', 'max_attempts', 'delay_ms', 'initial_state', 'states', 'transitions', 'alg', 'algorithm', 'format',
  'layout', 'fn', 'when', 'circuit', 'config', 'output_type', 'schema', 'outputs', 'annotations',
] as const;

const LEGACY_NODE_KEYS: Record<string, Shape> = { id: STRING, type: STRING, description: STRING, label: STRING, op: STRING, params: ANY };
for (const p of NODE_PARAMS) LEGACY_NODE_KEYS[p] = ANY;

const LEGACY_NODE = map(LEGACY_NODE_KEYS, ['id'], undefined, 'a compute node');

const COMPONENT_PORT = map(
  { id: STRING, name: STRING, type: ANY, direction: oneOf('input', 'output', 'inout', 'in', 'out'), annotations: ANY, fire_and_forget: BOOL, overflow_policy: STRING, description: STRING, width: NUMBER, fifo: ANY, mode: STRING, label: STRING },
  [],
  undefined,
  'a component port',
);

const ROM_ROW = map(
  { path_hash: ANY, path: STRING, field_id: ANY, field_type: ANY, privacy_tier: ANY, valid: ANY, is_root: ANY, message_type: ANY, description: STRING, name: STRING },
  [],
  undefined,
  'a ROM row',
);

const TEST_VECTOR = map(
  {
    name: STRING,
    description: STRING,
    input_format: oneOf('xml', 'json'),
    input: ANY,
    expected_fields: seq(map({ field_id: ANY, value: ANY, name: STRING, description: STRING }, ['field_id'], undefined, 'an expected field')),
  },
  ['name'],
  undefined,
  'a test vector',
);

const COMPONENT = map(
  {
    id: STRING,
    type: oneOf('processor', 'router', 'memory'),
    label: STRING,
    description: STRING,
    process: STRING,
    ports: seq(COMPONENT_PORT),
    state: seq(map({ name: STRING, type: ANY, init: ANY, default: ANY, description: STRING }, ['name'], undefined, 'a register')),
    uses: seq(map({ id: STRING, name: STRING, type: STRING, description: STRING, params: ANY }, ['type'], undefined, 'a core slot')),
    annotations: ANY,
    initial_data: seq(ROM_ROW),
    targets: ANY,
  },
  ['id'],
  undefined,
  'a component',
);

// `from`/`to` ("component.port", the canonical channel form) are accepted too; net.ts requires one form.
const CONNECTION = map(
  { id: STRING, source: STRING, sourceHandle: STRING, target: STRING, targetHandle: STRING, condition: STRING, label: STRING, description: STRING, from: STRING, to: STRING, when: STRING, type: STRING, animated: ANY },
  [],
  undefined,
  'a connection',
);

const LIMITS = map(
  {
    max_devices: NUMBER,
    max_registers: NUMBER,
    max_alarms: NUMBER,
    max_polls_per_second: NUMBER,
    historian_buffer_hours: NUMBER,
    historian_buffer_days: NUMBER,
    max_redundant_pairs: NUMBER,
  },
  [],
  undefined,
  '`limits`',
);

const COMPOSITION_ENTRY = map(
  {
    id: STRING,
    circuit: STRING,
    instances: NUMBER,
    config: dict(ANY),
    bindings: seq(map({ from: STRING, to: STRING, description: STRING }, ['from', 'to'], undefined, 'a binding')),
    description: STRING,
    note: STRING,
  },
  ['id'],
  undefined,
  'a composition entry',
);

const WIRE = either({
  scalar: STRING,
  map: map({ from: STRING, to: STRING, convert: STRING, description: STRING, note: STRING, when: STRING }, ['from', 'to'], undefined, 'a wire'),
});

// Legacy annotations: the documented keys are typed; any other key is accepted (ESCIR.md §3.1:
// "legacy may add keys"). A list of decorators is accepted as well.
const LEGACY_ANNOTATIONS = either({
  map: map(
    { witness_tier: SCALAR, precision_class: STRING, deterministic: BOOL, streamsight_emit: BOOL, povc_enabled: BOOL, compliance: seq(STRING, true), platform_fee_basis_points: NUMBER },
    [],
    open,
    '`annotations`',
  ),
  seq: seq(ANY),
});

// ── legacy root ──────────────────────────────────────────────────────────────────────────

export const LEGACY_ROOT: Shape = map(
  {
    name: STRING,
    version: SCALAR,
    format: STRING,
    escir_version: STRING,
    license: STRING,
    description: STRING,
    metadata: ANY,
    imports: seq(IMPORT),
    types: either({ map: dict(TYPE_DECL), seq: seq(ANY) }),
    inputs: seq(LEGACY_PORT),
    outputs: seq(LEGACY_PORT),
    annotations: LEGACY_ANNOTATIONS,
    pipeline: map({ target_ii: NUMBER, target_latency: NUMBER, target_fmax_mhz: NUMBER, stages: ANY }, [], open, '`pipeline`'),
    targets: ANY,
    resources_estimate: ANY,
    // Declarative (kept as attrs): the documented values are AXIStream/Wire, others are not judged.
    external: seq(map({ id: STRING, type: STRING, width: NUMBER, direction: STRING, description: STRING, name: STRING }, ['id'], undefined, 'an external port')),
    resources: seq(map({ id: STRING, type: STRING, params: ANY, instances: NUMBER, description: STRING }, ['id'], undefined, 'a resource')),
    bindings: seq(map({ component: STRING, resource: STRING, port: STRING }, [], undefined, 'a binding')),
    example_config: ANY,
    streamsight: STREAMSIGHT,
    emissions: seq(map({ path: STRING, schema: STRING, condition: STRING, fields: ANY, description: STRING }, [], undefined, 'an emission')),
    tests: seq(TEST),
    test_vectors: seq(TEST_VECTOR),
    invariants: seq(map({ name: STRING, description: STRING, formula: STRING, expr: STRING }, [], undefined, 'an invariant')),
    topic_routes: seq(map({ event_type: STRING, topic_template: STRING, severity: SEVERITY, sample_rate: NUMBER }, [], undefined, 'a topic route')),
    subcircuits: seq(map({ id: STRING, circuit: STRING, config: ANY, description: STRING }, ['id'], undefined, 'a subcircuit')),
    compute: map({ nodes: seq(LEGACY_NODE), flows: seq(ANY), edges: seq(ANY) }, ['nodes'], undefined, '`compute`'),
    components: seq(COMPONENT),
    connections: seq(CONNECTION),
    composition: seq(COMPOSITION_ENTRY),
    wiring: seq(WIRE),
    extends: STRING,
    // ESCIR.md §8 `extends` rule 3 (legacy composites too): inherited instances to drop.
    remove: seq(STRING, true),
    limits: LIMITS,
  },
  [],
  undefined,
  'the circuit',
);

// ── canonical root ───────────────────────────────────────────────────────────────────────

const CANONICAL_ANNOTATIONS = new Set(['witness_tier', 'precision_class', 'deterministic', 'streamsight_emit', 'povc_enabled', 'compliance', 'platform_fee_basis_points']);

export const CANONICAL_ANNOTATIONS_SHAPE: Shape = map(
  {
    witness_tier: SCALAR,
    precision_class: oneOf('B', 'standard', 'high', 'exact'),
    deterministic: BOOL,
    streamsight_emit: BOOL,
    povc_enabled: BOOL,
    compliance: seq(STRING),
    platform_fee_basis_points: NUMBER,
  },
  [],
  // "booleans (deterministic, streamsight_emit, povc_enabled, …)": any boolean flag, and x-* keys.
  (key, value) => key.startsWith('x-') || CANONICAL_ANNOTATIONS.has(key) || (value.kind === 'scalar' && typeof value.value === 'boolean'),
  '`annotations`',
);

const CANONICAL_PORT = map(
  { name: STRING, type: ANY, mode: oneOf('value', 'event', 'edge', 'stream'), fifo: map({ depth: NUMBER, policy: oneOf('stall', 'drop_oldest', 'drop_newest', 'drop') }, ['depth'], undefined, '`fifo`'), description: STRING, default: ANY },
  ['name', 'type'],
  undefined,
  'a port',
);

const CANONICAL_NODE = map({ id: STRING, op: STRING, params: dict(ANY), body: STRING, description: STRING }, ['id', 'op'], undefined, 'a graph node');
const CANONICAL_EDGE = either({ scalar: STRING, map: map({ from: STRING, to: STRING, when: STRING }, ['from', 'to'], undefined, 'an edge') });

const CANONICAL_TEST_STEP = map(
  { setup: ANY, input: ANY, advance: map({ ms: NUMBER, ns: NUMBER }, [], undefined, '`advance`'), mock: ANY, expect: ANY, description: STRING },
  [],
  undefined,
  'a test step',
);

export const CANONICAL_ROOT: Shape = map(
  {
    escir: STRING,
    kind: oneOf('circuit', 'composite'),
    name: STRING,
    version: STRING,
    description: STRING,
    meta: ANY,
    imports: seq(IMPORT),
    types: dict(TYPE_DECL),
    consts: dict(map({ type: ANY, value: ANY, description: STRING }, ['type', 'value'], undefined, 'a const')),
    externs: dict(map({ params: either({ seq: seq(ANY), map: dict(ANY) }), result: ANY, pure: BOOL, description: STRING }, [], undefined, 'an extern')),
    state: seq(map({ name: STRING, type: ANY, init: ANY, description: STRING }, ['name', 'type'], undefined, 'a state register')),
    annotations: CANONICAL_ANNOTATIONS_SHAPE,
    hardware: ANY,
    inputs: seq(CANONICAL_PORT),
    outputs: seq(CANONICAL_PORT),
    graph: map({ nodes: seq(CANONICAL_NODE), edges: seq(CANONICAL_EDGE) }, ['nodes'], undefined, '`graph`'),
    processes: seq(
      map(
        {
          id: STRING,
          type: oneOf('processor', 'router', 'memory'),
          ports: seq(ANY),
          state: seq(ANY),
          uses: seq(ANY),
          body: STRING,
          description: STRING,
          annotations: ANY,
          // A `memory` process is a ROM (ESCIR.md §7: canonical rows give `path`).
          rows: seq(ROM_ROW),
          initial_data: seq(ROM_ROW),
        },
        ['id'],
        undefined,
        'a process',
      ),
    ),
    channels: seq(map({ from: STRING, to: STRING, when: STRING }, ['from', 'to'], undefined, 'a channel')),
    extends: map({ circuit: STRING }, ['circuit'], undefined, '`extends`'),
    remove: seq(STRING),
    instances: seq(map({ id: STRING, circuit: STRING, count: NUMBER, config: ANY, inject: dict(STRING), description: STRING }, ['id', 'circuit'], undefined, 'an instance')),
    wiring: seq(WIRE),
    expose: map(
      {
        inputs: seq(map({ name: STRING, to: seq(STRING, true), type: ANY }, ['name', 'to'], undefined, 'an exposed input')),
        outputs: seq(map({ name: STRING, from: STRING, type: ANY }, ['name', 'from'], undefined, 'an exposed output')),
      },
      [],
      undefined,
      '`expose`',
    ),
    limits: LIMITS,
    telemetry: seq(map({ event: STRING, topic: STRING, severity: SEVERITY, when: STRING, fields: seq(EMIT_FIELD) }, ['event', 'topic'], undefined, 'a telemetry entry')),
    tests: seq(map({ name: STRING, description: STRING, steps: seq(CANONICAL_TEST_STEP) }, ['name', 'steps'], undefined, 'a test')),
    invariants: seq(map({ name: STRING, expr: STRING, description: STRING }, ['name', 'expr'], undefined, 'an invariant')),
    test_vectors: seq(TEST_VECTOR),
  },
  ['escir', 'kind', 'name', 'version'],
  undefined,
  'the circuit',
);
