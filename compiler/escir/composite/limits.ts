/**
 * Limits (ESCIR.md §8, E063), checked on the merged composite: a recognised gateway SKU
 * must declare exactly the table's limits; pool sizes stay within `max_devices`; the config
 * arrays of children that hold devices, registers or alarms must be sized for the limit;
 * a poll rate in an instance's effective config (overrides over the child's defaults) must
 * reach `max_polls_per_second`.
 *
 * What an array holds is read from its element type first (a struct named after, or identified
 * by its first `*_id` field: `device_id` / `register_id` / `alarm_id`), then from its field name; a poll rate is a
 * config key named `max_polls_per_second`, `polls_per_second` or `poll_rate[_hz]`.
 */
import type { EscirReporter } from '../diagnostics.ts';
import type { EscirModel } from '../model.ts';
import type { EType } from '../types/etype.ts';
import { get, isMap, str, toPlain, type YNode } from '../yaml/tree.ts';
import type { CompEntry, CompositeModel, Here, Note, Origin, Prefix } from './composite.ts';
import { limitForName, skuOf, type SkuLimits } from './sku.ts';

type CapacityLimit = 'max_devices' | 'max_registers' | 'max_alarms';

const POLL_RATE = /^(max_)?polls?_per_(second|sec|s)$|^poll_rate(_hz)?$/;

/** Which limit an array of this element type, in a field of this name, must hold. */
export function capacityLimit(model: EscirModel, fieldName: string, elem: EType): CapacityLimit | undefined {
  if (elem.k === 'struct') {
    const byName = limitForName(elem.name);
    if (byName) return byName;
    // The element's own identity is its first `*_id` field.
    const id = model.types.struct(elem.name)?.fields.find((f) => /_id$/.test(f.name))?.name;
    if (id === 'alarm_id') return 'max_alarms';
    if (id === 'register_id') return 'max_registers';
    if (id === 'device_id' || id === 'slave_id') return 'max_devices';
  }
  return limitForName(fieldName);
}

export function checkLimits(model: EscirModel, comp: CompositeModel, r: EscirReporter, here: Here, prefix: Prefix, note: Note): void {
  const L = comp.limits;
  const lo = comp.limitsOrigin;
  const limitsAt = lo ? (lo.from ? here(lo) : lo.node) : model.root;
  const skuName = str(get(get(get(model.root, 'metadata'), 'marketplace'), 'sku')) ?? str(get(get(model.root, 'meta'), 'sku'));
  const sku: SkuLimits | undefined = skuOf(skuName, model.name);
  if (model.level === 'legacy' && !lo && model.dialect === 'C') r.error('E020', 'a composite needs `limits`', model.root.entries[0]?.keyNode ?? model.root, { pointer: '' });
  if (sku) {
    for (const key of ['max_devices', 'max_registers', 'max_alarms', 'max_polls_per_second', 'historian_buffer_hours', 'historian_buffer_days', 'max_redundant_pairs'] as const) {
      const want = sku[key];
      if (want === undefined) continue;
      const got = L[key];
      const node = lo && !lo.from ? (get(lo.node, key) ?? limitsAt) : limitsAt;
      if (got === undefined) r.error('E063', `${sku.sku} needs \`limits.${key}: ${want}\``, node, { hint: `add \`${key}: ${want}\`` });
      else if (got !== want) r.error('E063', `${prefix(lo ?? { file: model.file, node: model.root })}\`limits.${key}\` is ${got}; ${sku.sku} specifies ${want}`, node, note(lo ?? { file: model.file, node: model.root }));
    }
  }
  const at = (o: Origin, node?: YNode) => (o.from ? here(o) : (node ?? o.node));
  for (const e of comp.entries) {
    if (L.max_devices !== undefined && e.count > L.max_devices) {
      const o = e.countOrigin ?? e.origin;
      r.error('E063', `${prefix(o)}pool \`${e.id}\` has ${e.count} instances; \`limits.max_devices\` is ${L.max_devices}`, at(o), note(o));
    }
    const child = e.child;
    const configType = child?.inputs.find((p) => p.name === 'config')?.type;
    const struct = configType?.k === 'struct' ? child!.types.struct(configType.name) : undefined;
    for (const f of struct?.fields ?? []) {
      if (f.type.k !== 'array') continue;
      const lim = capacityLimit(child!, f.name, f.type.elem);
      if (!lim || L[lim] === undefined || f.type.n >= L[lim]!) continue;
      r.error('E063', `${prefix(e.origin)}\`${e.id}\`: config array \`${f.name}\` of \`${e.circuit}\` holds ${f.type.n}; \`limits.${lim}\` is ${L[lim]}`, at(e.origin), {
        ...note(e.origin),
        hint: `size the array for ${L[lim]} or lower the limit`,
      });
    }
    checkConfigValues(e, comp, r, prefix, note, at, struct?.fields.map((f) => ({ name: f.name, value: f.hasDefault ? f.defaultValue : undefined })) ?? []);
  }
}

/** Capacities and rates given as config values: each key's effective value, where it was set. */
function checkConfigValues(
  e: CompEntry,
  comp: CompositeModel,
  r: EscirReporter,
  prefix: Prefix,
  note: Note,
  at: (o: Origin, node?: YNode) => YNode,
  defaults: { name: string; value: unknown }[],
): void {
  const L = comp.limits;
  const merged = new Map<string, { value: unknown; origin?: Origin; node?: YNode }>();
  for (const d of defaults) if (d.value !== undefined) merged.set(d.name, { value: isYNode(d.value) ? toPlain(d.value) : d.value });
  for (const layer of e.config) {
    const plain = toPlain(layer.node) as Record<string, unknown>;
    if (!plain || typeof plain !== 'object') continue;
    for (const [k, v] of Object.entries(flatten(plain))) merged.set(k, { value: v, origin: layer.origin, node: findPath(layer.node, k) ?? layer.node });
  }
  for (const [k, { value: v, origin, node }] of merged) {
    const num = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : undefined;
    if (num === undefined) continue;
    const leaf = k.split('.').pop()!;
    const o = origin ?? e.origin;
    const where = origin ? at(origin, node) : at(e.origin);
    const what = origin ? `\`${k}\`` : `\`${k}\` (the default of \`${e.child?.name ?? e.circuit}\`)`;
    if (POLL_RATE.test(leaf)) {
      if (L.max_polls_per_second !== undefined && num < L.max_polls_per_second) r.error('E063', `${prefix(o)}\`${e.id}\`: ${what} is ${num}; \`limits.max_polls_per_second\` is ${L.max_polls_per_second}`, where, note(o));
      continue;
    }
    const lim = /(^max_|capacity|_size$|_count$|_max$|_limit$)/.test(leaf) ? limitForName(leaf) : undefined;
    if (lim && L[lim] !== undefined && num < L[lim]!) r.error('E063', `${prefix(o)}\`${e.id}\`: ${what} is ${num}; \`limits.${lim}\` is ${L[lim]}`, where, note(o));
  }
}

function isYNode(v: unknown): v is YNode {
  return typeof v === 'object' && v !== null && 'kind' in v && 'pointer' in v;
}

function flatten(o: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = v;
  }
  return out;
}

function findPath(node: YNode, path: string): YNode | undefined {
  let cur: YNode | undefined = node;
  for (const seg of path.split('.')) cur = isMap(cur) ? get(cur, seg) : undefined;
  return cur;
}
