/**
 * Probes (ESCIR.md §6 `expect` on `node.port`): the internal node ports a file's tests expect
 * on. The graph step keeps their last value in the state so the runner can read them.
 */
import type { EscirModel } from '../model.ts';

/** `node.port` names that test expectations read. */
export function probedPorts(model: EscirModel): string[] {
  const out = new Set<string>();
  for (const t of model.tests) {
    for (const s of t.steps) {
      if (s.kind !== 'expect' || s.node.kind !== 'map') continue;
      for (const e of s.node.entries) {
        const [head, port] = e.key.split('.');
        if (port && model.graph?.nodes.some((n) => n.id === head)) out.add(`${head}.${port}`);
      }
    }
  }
  return [...out];
}
