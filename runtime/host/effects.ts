/**
 * The built-in host effects of LANGUAGE.md §9 (categories T, S, O, AI and the effectful C
 * ones), as functions of (call, host state). specs/builtins.md describes each.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import { ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { sameType } from '../../compiler/ir/ir.ts';
import { resolveKey } from '../builtins/keys.ts';
import { RuntimeTrap } from '../errors.ts';
import { encodeCanonical } from '../values/canonical.ts';
import { boxAny, fromAny, isAnyBox, isDynamicRecord } from '../values/dynamic.ts';
import { compareBytes } from '../values/equality.ts';
import { anyFromJs, toJs } from '../values/js.ts';
import { zeroValue } from '../values/types.ts';
import type { HostClock } from './clock.ts';
import { startsWith, type Collection, type CollectionKind, type CollectionSet } from './collections.ts';
import type { GraphStore } from './graph.ts';
import { normalizeLex, type MetricsRegistry, type ModelRegistry } from './registries.ts';
import type { HostRng } from './rng.ts';
import type { HostCall, HostOptions, StreamRecord } from './types.ts';

/** What effects may touch: the mutable state of one host. */
export interface HostState {
  clock: HostClock;
  streams: CollectionSet;
  metrics: MetricsRegistry;
  models: ModelRegistry;
  rng: HostRng;
  kvSpaces: Map<string, Map<string, { key: IrConst; keyType: IrType; value: IrConst }>>;
  contentStores: Map<string, Map<string, { value: IrConst; type: IrType }>>;
  graph(name: string): GraphStore;
  options: HostOptions;
}

export type Effect = (call: HostCall, host: HostState) => IrConst;

const ANY: IrType = { k: 'any' };

function hostTrap(message: string): never {
  throw new RuntimeTrap('host', message);
}

/** The top-level canonical bytes of an argument (bytes raw, strings UTF-8, integers big-endian). */
function bytesOf(value: IrConst, type: IrType, types: IrTypeDef[]): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (type.k === 'any' && isAnyBox(value) && !isDynamicRecord(value)) return bytesOf(value.value, value.any, types);
  return encodeCanonical(value, type, types);
}

/**
 * Converts a stored value to the type the call site expects: boxes into `any`, checks shape
 * out of `any`, and passes everything else through.
 */
export function coerce(value: IrConst, from: IrType, to: IrType, types: IrTypeDef[]): IrConst {
  if (to.k === 'any') return boxAny(value, from);
  if (to.k === 'void') return null;
  if (from.k === 'any') return fromAny(value, to, types, 'host result');
  return value;
}

/** A possibly-absent stored value shaped for an option (or plain) result type. */
function optional(entry: { value: IrConst; type: IrType } | undefined, to: IrType, types: IrTypeDef[]): IrConst {
  if (to.k === 'option') return entry ? { some: coerce(entry.value, entry.type, to.inner, types) } : null;
  if (to.k === 'any') return entry ? boxAny(entry.value, entry.type) : null;
  return entry ? coerce(entry.value, entry.type, to, types) : zeroValue(to, types);
}

interface Target {
  name: string;
  args: IrConst[];
  argTypes: IrType[];
}

/**
 * The stream/store an effect names: `target`, else a string first argument. A front end
 * that passes both (target plus the name as args[0]) is tolerated.
 */
function target(call: HostCall, arities: number[]): Target {
  if (call.target !== undefined) {
    if (!arities.includes(call.args.length) && typeof call.args[0] === 'string' && call.args[0] === call.target) {
      return { name: call.target, args: call.args.slice(1), argTypes: call.argTypes.slice(1) };
    }
    return { name: call.target, args: call.args, argTypes: call.argTypes };
  }
  const first = call.args[0];
  const name = typeof first === 'string' ? first : isAnyBox(first) && typeof first.value === 'string' ? first.value : undefined;
  if (name === undefined) hostTrap(`${call.name}: the stream or store is not named (no target and no name argument)`);
  return { name, args: call.args.slice(1), argTypes: call.argTypes.slice(1) };
}

function arity(call: HostCall, t: Target, allowed: number[]): void {
  if (!allowed.includes(t.args.length)) {
    hostTrap(`${call.name}(${t.name}, …) takes ${allowed.join(' or ')} arguments after the stream, got ${t.args.length}`);
  }
}

function collection(host: HostState, name: string, kind: CollectionKind): Collection {
  return host.streams.get(name, kind);
}

/** Key of a value emitted into a keyed stream: the first field of the key type, else the value. */
function deriveKey(c: Collection, value: IrConst, type: IrType, types: IrTypeDef[]): { key: IrConst; keyType: IrType } {
  const keyType = c.decl?.key;
  if (type.k === 'struct' && Array.isArray(value)) {
    const def = types[type.id];
    if (def?.kind === 'struct') {
      const i = keyType ? def.fields.findIndex((f) => sameType(f.type, keyType)) : 0;
      if (i >= 0 && def.fields[i]) return { key: value[i]!, keyType: def.fields[i]!.type };
    }
  }
  return { key: value, keyType: type };
}

const clockEffect: Effect = (_call, host) => host.clock.now();

const emit: Effect = (call, host) => {
  const t = target(call, [1, 2]);
  arity(call, t, [1, 2]);
  const c = collection(host, t.name, 'event');
  const now = host.clock.now();
  if (!c.admit(now)) {
    c.dropped++;
    return call.resultType.k === 'void' ? null : false;
  }
  let record: StreamRecord;
  if (c.keyed) {
    const value = t.args[t.args.length - 1]!;
    const type = t.argTypes[t.args.length - 1] ?? ANY;
    const k = t.args.length === 2 ? { key: t.args[0]!, keyType: t.argTypes[0] ?? ANY } : deriveKey(c, value, type, call.types);
    c.put(k.key, k.keyType, value, type, now, call.types);
    record = { at: now, value, type, key: k.key, keyType: k.keyType };
  } else {
    const last = t.args.length - 1;
    record = { at: now, value: t.args[last]!, type: t.argTypes[last] ?? ANY };
    c.append(record, call.types);
  }
  c.accepted++;
  host.streams.notify(t.name, record);
  return call.resultType.k === 'void' ? null : true;
};

const seriesAppend: Effect = (call, host) => {
  const t = target(call, [1]);
  arity(call, t, [1]);
  const c = collection(host, t.name, 'series');
  const record: StreamRecord = { at: host.clock.now(), value: t.args[0]!, type: t.argTypes[0] ?? ANY };
  c.append(record, call.types);
  c.accepted++;
  host.streams.notify(t.name, record);
  return null;
};

function listResult(values: StreamRecord[], to: IrType, types: IrTypeDef[]): IrConst {
  const elem = to.k === 'list' || to.k === 'array' ? to.elem : ANY;
  const items = values.map((r) => coerce(r.value, r.type, elem, types));
  return to.k === 'any' ? boxAny(items, { k: 'list', elem }) : items;
}

const query: Effect = (call, host) => {
  const t = target(call, [0, 1]);
  const c = collection(host, t.name, 'event');
  return listResult(c.records(), call.resultType, call.types);
};

const storeGet: Effect = (call, host) => {
  const t = target(call, [1]);
  arity(call, t, [1]);
  const c = collection(host, t.name, 'kv');
  return optional(c.get(t.args[0]!, t.argTypes[0] ?? ANY, call.types), call.resultType, call.types);
};

const storePut: Effect = (call, host) => {
  const t = target(call, [2]);
  arity(call, t, [2]);
  const c = collection(host, t.name, 'kv');
  c.put(t.args[0]!, t.argTypes[0] ?? ANY, t.args[1]!, t.argTypes[1] ?? ANY, host.clock.now(), call.types);
  return null;
};

const storeDelete: Effect = (call, host) => {
  const t = target(call, [1]);
  arity(call, t, [1]);
  collection(host, t.name, 'kv').delete(t.args[0]!, t.argTypes[0] ?? ANY, call.types);
  return null;
};

/**
 * store_scan(s, prefix) | (s, lo, hi) | (s, prefix, lo, hi) (§9): prefix matches the key's
 * canonical bytes (keyed stores) or the record's (logs); the inclusive range is on the key
 * (keyed) or on the record time in ms (event streams and series).
 */
const storeScan: Effect = (call, host) => {
  const t = target(call, [1, 2, 3]);
  arity(call, t, [1, 2, 3]);
  const c = collection(host, t.name, 'kv');
  const types = call.types;
  const prefix = t.args.length !== 2 ? bytesOf(t.args[0]!, t.argTypes[0] ?? ANY, types) : undefined;
  const lo = t.args.length >= 2 ? t.args.length - 2 : -1;
  let out: StreamRecord[];
  if (c.tabular) {
    const loB = lo >= 0 ? bytesOf(t.args[lo]!, t.argTypes[lo] ?? ANY, types) : undefined;
    const hiB = lo >= 0 ? bytesOf(t.args[lo + 1]!, t.argTypes[lo + 1] ?? ANY, types) : undefined;
    out = c.entries().filter(
      (e) =>
        (!prefix || startsWith(e.keyBytes, prefix)) &&
        (!loB || compareBytes(e.keyBytes, loB) >= 0) &&
        (!hiB || compareBytes(e.keyBytes, hiB) <= 0),
    );
  } else {
    const loT = lo >= 0 ? (t.args[lo] as bigint) : undefined;
    const hiT = lo >= 0 ? (t.args[lo + 1] as bigint) : undefined;
    out = c.log.filter(
      (r) =>
        (!prefix || startsWith(encodeCanonical(r.value, r.type, types), prefix)) &&
        (loT === undefined || r.at >= BigInt(loT)) &&
        (hiT === undefined || r.at <= BigInt(hiT)),
    );
  }
  return listResult(out, call.resultType, types);
};

// store(name, v) → bytes(32): puts v into a named content store and returns its SHA3-256.
const contentStore: Effect = (call, host) => {
  const t = target(call, [1]);
  arity(call, t, [1]);
  const type = t.argTypes[0] ?? ANY;
  const hash = sha3_256(encodeCanonical(t.args[0]!, type, call.types));
  const store = host.contentStores.get(t.name) ?? new Map();
  store.set(Buffer.from(hash).toString('hex'), { value: t.args[0]!, type });
  host.contentStores.set(t.name, store);
  return hash;
};

const graphAddEdge: Effect = (call, host) => {
  const t = target(call, [3]);
  arity(call, t, [3]);
  const [from, to, label] = [0, 1, 2].map((i) => bytesOf(t.args[i]!, t.argTypes[i] ?? ANY, call.types));
  return host.graph(t.name).addEdge(from!, to!, label!);
};

const graphTraverse: Effect = (call, host) => {
  const t = target(call, [3]);
  arity(call, t, [3]);
  const start = bytesOf(t.args[0]!, t.argTypes[0] ?? ANY, call.types);
  const label = bytesOf(t.args[1]!, t.argTypes[1] ?? ANY, call.types);
  const depthV = t.args[2];
  const depth = typeof depthV === 'bigint' ? Number(depthV > 1_000_000n ? 1_000_000n : depthV) : 0;
  return host.graph(t.name).traverse(start, label, Math.max(0, depth));
};

function kvSpace(call: HostCall, host: HostState): Map<string, { key: IrConst; keyType: IrType; value: IrConst }> {
  const name = normalizeLex(call.lexPath ?? '');
  let space = host.kvSpaces.get(name);
  if (!space) {
    space = new Map();
    host.kvSpaces.set(name, space);
  }
  return space;
}

const kvGet: Effect = (call, host) => {
  if (call.args.length !== 1) hostTrap(`kv_get takes 1 argument, got ${call.args.length}`);
  const keyType = call.argTypes[0] ?? ANY;
  const hit = kvSpace(call, host).get(Buffer.from(bytesOf(call.args[0]!, keyType, call.types)).toString('hex'));
  return optional(hit ? { value: hit.value, type: ANY } : undefined, call.resultType, call.types);
};

const kvPut: Effect = (call, host) => {
  if (call.args.length !== 2) hostTrap(`kv_put takes 2 arguments, got ${call.args.length}`);
  const keyType = call.argTypes[0] ?? ANY;
  const key = Buffer.from(bytesOf(call.args[0]!, keyType, call.types)).toString('hex');
  kvSpace(call, host).set(key, { key: call.args[0]!, keyType, value: boxAny(call.args[1]!, call.argTypes[1] ?? ANY) });
  return null;
};

const observeAnomaly: Effect = (call, host) => {
  const f = host.options.anomaly;
  return f ? f(bytesOf(call.args[0] ?? null, call.argTypes[0] ?? ANY, call.types)) : 0;
};

const observeBaseline: Effect = (call, host) => {
  const f = host.options.baseline;
  const v = call.args[0];
  const name = typeof v === 'string' ? v : isAnyBox(v) && typeof v.value === 'string' ? v.value : '';
  return f ? f(name) : 0;
};

const inference: Effect = (call, host) => {
  const model = host.models.require(call.name, call.lexPath);
  const args = call.args.map((a, i) => toJs(a, call.argTypes[i] ?? ANY, call.types));
  let out: unknown;
  try {
    out = model({ name: call.name, args, lexPath: normalizeLex(call.lexPath ?? '') });
  } catch (e) {
    if (e instanceof RuntimeTrap) throw e;
    return hostTrap(`${call.name}: the model for '${call.lexPath ?? ''}' failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return coerce(anyFromJs(out, 'model result'), ANY, call.resultType, call.types);
};

/** mlkem_encaps(ek) → { ciphertext, shared_secret } with host randomness (§8.4.1, §8.5.3). */
const mlkemEncaps: Effect = (call, host) => {
  if (call.args.length !== 1) hostTrap(`mlkem_encaps takes 1 argument, got ${call.args.length}`);
  const ek = resolveKey(call.args[0]!, call.argTypes[0] ?? ANY, call.types, 'mlkemEk');
  const { cipherText, sharedSecret } = ml_kem1024.encapsulate(ek, host.rng.bytes(32));
  const rt = call.resultType;
  if (rt.k === 'struct') {
    const def = call.types[rt.id];
    if (def?.kind === 'struct') {
      return def.fields.map((f) => (f.name === 'shared_secret' || f.name === 'sharedSecret' ? sharedSecret : cipherText));
    }
  }
  return [cipherText, sharedSecret];
};

const groth16Verify: Effect = (call, host) => {
  const verify = host.options.groth16;
  if (!verify) return hostTrap('groth16_verify: no Groth16 verifying key is registered with the host');
  try {
    return verify(
      bytesOf(call.args[0] ?? null, call.argTypes[0] ?? ANY, call.types),
      bytesOf(call.args[1] ?? null, call.argTypes[1] ?? ANY, call.types),
    );
  } catch {
    return false;
  }
};

export const BUILTIN_EFFECTS: ReadonlyMap<string, Effect> = new Map<string, Effect>([
  ['current_time', clockEffect],
  ['timestamp', clockEffect],
  ['now', clockEffect],
  ['emit', emit],
  ['query', query],
  ['series_append', seriesAppend],
  ['store_append', seriesAppend],
  ['append', seriesAppend],
  ['store_get', storeGet],
  ['store_put', storePut],
  ['store_delete', storeDelete],
  ['store_scan', storeScan],
  ['store', contentStore],
  ['graph_add_edge', graphAddEdge],
  ['graph_traverse', graphTraverse],
  ['kv_get', kvGet],
  ['kv_put', kvPut],
  ['observe_anomaly', observeAnomaly],
  ['streamsight_anomaly', observeAnomaly],
  ['observe_baseline', observeBaseline],
  ['streamsight_baseline', observeBaseline],
  ['li_infer', inference],
  ['li_classify', inference],
  ['mlkem_encaps', mlkemEncaps],
  ['groth16_verify', groth16Verify],
]);
