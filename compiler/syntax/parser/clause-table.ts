/**
 * Which clause words each kind of declaration knows (LANGUAGE.md §5.5–§5.11, §5.17), and the
 * shape of the arguments of the clauses that are plain metadata. Clauses with structure of
 * their own (lex, observe, predicates, inline tests, …) have their own rules in clauses.ts and
 * are listed here only so that ownership is known.
 *
 * §10: a known word on the wrong kind of declaration, or an unknown word, is a warning and the
 * line is skipped.
 */
import type { ClauseOwner } from './base.ts';

/** Argument shapes of metadata clauses. `?` marks an optional single argument. */
export type ArgShape = 'none' | 'id' | 'name' | 'bool?' | 'freq' | 'duration' | 'idlist' | 'number' | 'string' | 'values' | 'record';

export interface ClauseSpec {
  /** Normalised word (§4 A6). */
  canonical: string;
  shape: ArgShape;
  owners: ReadonlySet<ClauseOwner>;
  /** Parsed by a dedicated rule in clauses.ts rather than as plain metadata. */
  structured?: boolean;
}

const HEADER: ClauseOwner[] = ['circuit', 'cloud', 'cloudConfig', 'transaction', 'extern', 'state_machine'];
const CLOUD: ClauseOwner[] = ['cloud', 'cloudConfig'];

const TABLE = new Map<string, ClauseSpec>();

function def(words: string | string[], shape: ArgShape, owners: ClauseOwner[], structured = false, canonical?: string): void {
  for (const w of Array.isArray(words) ? words : [words]) {
    const spec: ClauseSpec = { canonical: canonical ?? w, shape, owners: new Set(owners) };
    if (structured) spec.structured = true;
    const existing = TABLE.get(w);
    if (existing) {
      // A word shared by several declaration kinds (observe, invariant, cortex, status…).
      TABLE.set(w, { ...existing, owners: new Set([...existing.owners, ...owners]) });
    } else {
      TABLE.set(w, spec);
    }
  }
}

// Header clauses (§5.7), shared by circuit, cloud, transaction, state_machine and extern circuit.
def('lex', 'values', HEADER, true);
def(['precision', 'status'], 'id', HEADER);
def('spec', 'name', HEADER);
def('observe', 'values', HEADER, true);
def('streamsight', 'values', HEADER, true, 'observe');
def('attested', 'bool?', HEADER);
def('povc', 'bool?', HEADER, false, 'attested');
def('constant_time', 'bool?', HEADER);
def(['observe_emit', 'fuzz_target', 'golden_test', 'critical_path'], 'none', HEADER);
def('streamsight_emit', 'none', HEADER, false, 'observe_emit');
def('kat_vector', 'none', HEADER, false, 'golden_test');
def('clock_domain', 'freq', HEADER);
def(['invariant', 'monitor', 'property'], 'values', HEADER, true);
def('witness', 'values', HEADER, true);
def('rbac', 'idlist', HEADER);
def('sanitize', 'values', HEADER, true);
def('serialize', 'string', HEADER);
def('esz_emit', 'string', HEADER, false, 'serialize');
def('li_feed', 'values', HEADER);
def('test', 'values', ['circuit', 'cloud'], true);
def('cortex', 'record', HEADER, true);
def(['providers', 'tier_progression'], 'idlist', CLOUD);
def('approval_threshold', 'number', CLOUD);
def('cost_estimate', 'record', CLOUD, true);
def('timeout', 'duration', ['transaction']);
def('emit', 'values', ['transaction'], true);
def('wal', 'bool?', ['state_machine']);

// Data and schema verbs (§5.5).
def(['encode', 'observe', 'govern', 'sign', 'attest', 'cortex', 'invariant'], 'values', ['data'], true);
def(['store', 'series'], 'values', ['data']);

// Stream clauses (§5.6); `|` stages are handled by the stream rule.
def(['retention', 'ttl'], 'duration', ['stream']);
def('consumers', 'idlist', ['stream']);
def('classify', 'values', ['stream'], true);
def('machine', 'values', ['stream']);

// Series and audience clauses (§5.6).
def(['merkle_chain', 'lattice_imprint', 'witness_attest'], 'bool?', ['series']);
def('fields', 'idlist', ['audience']);

// Newer journey header (§5.17).
def('status', 'id', ['journey']);

export function clauseSpec(word: string): ClauseSpec | undefined {
  return TABLE.get(word);
}

/** Is `word` a clause word of `owner`? */
export function isOwnClause(word: string, owner: ClauseOwner): boolean {
  return TABLE.get(word)?.owners.has(owner) ?? false;
}

/** Is `word` a clause word of some declaration kind (so on `owner` it is misplaced, not unknown)? */
export function isKnownClause(word: string): boolean {
  return TABLE.has(word);
}

/** Items of the `Items<…>` blocks whose words are fixed by §5.5–§5.14. */
export const ITEM_WORDS = {
  sign: new Set(['algorithm', 'key_field', 'detached', 'fields']),
  attest: new Set(['attested', 'anchor_field', 'proof_system', 'commitment_scheme']),
  lexBlock: new Set([
    'governance',
    'audit_trail',
    'approval_required',
    'compliance',
    'data_residency',
    'field_governance',
    'sub_lex',
    'share',
    'redact',
  ]),
  cloudConfig: new Set(['region', 'replicas', 'scaling', 'providers', 'entrypoint']),
  cortexDecl: new Set(['expose', 'infer', 'on_anomaly', 'on_suggestion']),
  cortexHandler: new Set(['model', 'confidence_threshold', 'severity', 'channel', 'review_required']),
  platform: new Set(['group', 'connect', 'target', 'observe', 'serialize', 'li_feed']),
  stateMachine: new Set(['initial', 'persistence', 'terminal', 'ai_anomaly_detection', 'verify', 'wal', 'lex', 'status', 'observe']),
  graph: new Set(['node', 'edge', 'overlay', 'storage', 'ai_feed', 'sign', 'observe']),
  domain: new Set(['module', 'graph', 'dag', 'types']),
  oldJourney: new Set(['description', 'package', 'platform', 'import', 'setup', 'step']),
  step: new Set(['actor', 'action', 'expect']),
} as const;

/** What each owner is called in messages. */
export const OWNER_NAMES: Record<ClauseOwner, string> = {
  circuit: 'a circuit',
  cloud: 'a cloud',
  cloudConfig: 'a cloud',
  transaction: 'a transaction',
  extern: 'an extern circuit',
  state_machine: 'a state machine',
  data: 'a data declaration',
  stream: 'a stream',
  series: 'a series',
  audience: 'an audience',
  journey: 'a journey',
};
