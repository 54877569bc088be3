/**
 * Reading operator parameters: literals, `"config.x"` (legacy) and `{ref: config.x}`
 * (canonical) references to fields of the `config` input (ESCIR.md §3.2, §3.5).
 */
import type { NodeModel } from '../model.ts';
import { get, isMap, isScalar, isSeq, numericString, type YNode } from '../yaml/tree.ts';

export type ParamValue = { kind: 'const'; value: number | bigint } | { kind: 'config'; path: string[]; node: YNode };

export function paramValue(node: NodeModel, name: string): ParamValue | undefined {
  const v = node.params.get(name);
  if (v === undefined) return undefined;
  if (isScalar(v)) {
    if (typeof v.value === 'bigint' || typeof v.value === 'number') return { kind: 'const', value: v.value };
    if (typeof v.value === 'string' && v.value.startsWith('config.')) return { kind: 'config', path: v.value.split('.').slice(1), node: v };
    const quoted = typeof v.value === 'string' ? numericString(v.value) : undefined;
    if (quoted !== undefined) return { kind: 'const', value: quoted };
    return undefined;
  }
  if (isMap(v)) {
    const ref = get(v, 'ref');
    if (isScalar(ref) && typeof ref.value === 'string' && ref.value.startsWith('config.')) return { kind: 'config', path: ref.value.split('.').slice(1), node: ref };
  }
  return undefined;
}

/** A parameter that must be known when compiling (sizes, widths): literal only. */
export function constParam(node: NodeModel, name: string): number | undefined {
  const p = paramValue(node, name);
  if (p?.kind !== 'const') return undefined;
  return Number(p.value);
}

export function stringParam(node: NodeModel, name: string): string | undefined {
  const v = node.params.get(name);
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

export function boolParam(node: NodeModel, name: string): boolean | undefined {
  const v = node.params.get(name);
  return isScalar(v) && typeof v.value === 'boolean' ? v.value : undefined;
}

export function listParam(node: NodeModel, name: string): YNode[] {
  const v = node.params.get(name);
  return isSeq(v) ? v.items : [];
}
