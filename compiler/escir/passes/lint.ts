/**
 * P8: lint — unused inputs and undriven outputs (W056), unseeded samples (W057), and, when
 * lowering, the declarative constructs kept as attrs (W090). ESCIR.md §1, §9.
 */
import type { EscirReporter } from '../diagnostics.ts';
import type { EscirModel } from '../model.ts';
import type { TypedBody } from '../graph/analyze.ts';
import { entry, isScalar } from '../yaml/tree.ts';

/** Keys kept as `attrs` and never lowered (ESCIR.md §1 table). */
export const DECLARATIVE_KEYS = ['metadata', 'meta', 'license', 'description', 'annotations', 'pipeline', 'targets', 'resources_estimate', 'external', 'resources', 'topic_routes', 'example_config', 'hardware'];

export function lint(model: EscirModel, r: EscirReporter, lowering: boolean, invariants: readonly TypedBody[] = []): void {
  const g = model.graph;
  if (g?.analysis) {
    const a = g.analysis;
    const read = new Set<string>();
    for (const e of g.edges) if (e.from.resolved?.kind === 'input') read.add(e.from.resolved.port.name);
    for (const tb of [...a.bodies.values(), ...invariants]) for (const k of tb.deps) if (k.startsWith('in:') || k.startsWith('valid:')) read.add(k.slice(k.indexOf(':') + 1));
    for (const ts of a.fsmTriggers.values()) for (const k of ts) if (k && (k.startsWith('in:') || k.startsWith('valid:'))) read.add(k.slice(k.indexOf(':') + 1));
    for (const n of g.nodes) for (const [, v] of n.params) if (isScalar(v) && typeof v.value === 'string' && v.value.startsWith('config.')) read.add('config');
    for (const p of model.inputs) {
      if (p.isValidFlag && p.name.endsWith('_valid')) continue; // folded into its partner
      if (!read.has(p.name) && !['clock_ns', 'now', 'current_timestamp'].includes(p.name)) {
        r.warning('W056', `input \`${p.name}\` is never used`, p.nameNode ?? p.node);
      }
    }
    for (const p of model.outputs) {
      if (p.isValidFlag) continue;
      if (!a.outputDrivers.has(p.name) && !model.subcircuits.size) r.warning('W056', `output \`${p.name}\` is never driven`, p.nameNode ?? p.node);
    }
    const deterministic = model.level === 'canonical' || model.annotations.deterministic === true;
    for (const n of g.nodes) {
      if (n.op === 'sample' && !n.params.has('seed') && deterministic) {
        r.warning('W057', `\`${n.id}\` samples with no \`seed\`; seed 0 is used`, n.opNode ?? n.node, { hint: 'add `seed:` so runs are reproducible by intent' });
      }
    }
  }
  if (lowering) {
    for (const key of DECLARATIVE_KEYS) {
      const e = entry(model.root, key);
      if (e) r.warning('W090', `\`${key}\` is declarative; kept as attrs, not lowered`, e.keyNode);
    }
    // `streamsight`, `emissions`, `telemetry`: W090 comes from lowering, entry by entry (lower/telemetry.ts).
  }
}
