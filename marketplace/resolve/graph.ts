import { MarketplaceError } from '../core/errors.ts';

export const MAX_DEPTH = 64;

export interface GraphNode {
  version: string;
  /** Selected packages this one depends on. */
  deps: string[];
  schemasProvides?: string[];
  schemasRequires?: string[];
}

/**
 * Checks the selected graph (§3.2 "Then"): no cycle (E004, printed as a path), longest path
 * from the root at most 64 edges (E004), and returns the install order — Kahn's algorithm,
 * dependencies first, ties by name.
 */
export function checkGraph(root: string, rootDeps: readonly string[], nodes: ReadonlyMap<string, GraphNode>): string[] {
  const label = (n: string) => `${n} ${nodes.get(n)!.version}`;
  const names = [...nodes.keys()].sort();
  // Cycle detection: iterative DFS with an explicit path stack.
  const state = new Map<string, 1 | 2>();
  for (const start of names) {
    if (state.has(start)) continue;
    const stack: { n: string; i: number }[] = [{ n: start, i: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const deps = [...nodes.get(top.n)!.deps].sort();
      if (top.i >= deps.length) {
        state.set(top.n, 2);
        stack.pop();
        continue;
      }
      const d = deps[top.i++]!;
      if (!nodes.has(d)) continue;
      const s = state.get(d);
      if (s === 1) {
        const from = stack.findIndex((f) => f.n === d);
        const cycle = [...stack.slice(from).map((f) => label(f.n)), label(d)];
        throw new MarketplaceError('E004', 'circular dependency', { details: [cycle.join(' -> ')] });
      }
      if (s === undefined) {
        state.set(d, 1);
        stack.push({ n: d, i: 0 });
      }
    }
  }
  // Longest path from the root (acyclic now), memoised.
  const depth = new Map<string, { edges: number; next?: string }>();
  const longest = (n: string): { edges: number; next?: string } => {
    const known = depth.get(n);
    if (known) return known;
    let best: { edges: number; next?: string } = { edges: 0 };
    for (const d of nodes.get(n)!.deps) {
      if (!nodes.has(d)) continue;
      const l = longest(d);
      if (l.edges + 1 > best.edges) best = { edges: l.edges + 1, next: d };
    }
    depth.set(n, best);
    return best;
  };
  for (const n of names) longestIterative(n, nodes, depth);
  let deepest: { edges: number; first?: string } = { edges: 0 };
  for (const d of rootDeps) {
    if (!nodes.has(d)) continue;
    const l = longest(d);
    if (l.edges + 1 > deepest.edges) deepest = { edges: l.edges + 1, first: d };
  }
  if (deepest.edges > MAX_DEPTH) {
    const path = [root];
    let cur: string | undefined = deepest.first;
    while (cur) {
      path.push(label(cur));
      cur = depth.get(cur)?.next;
    }
    const shown = path.length > 8 ? [...path.slice(0, 4), '…', ...path.slice(-3)] : path;
    throw new MarketplaceError('E004', `dependency depth ${deepest.edges} exceeds ${MAX_DEPTH}`, { details: [shown.join(' -> ')] });
  }
  // Kahn: a package becomes ready once all its dependencies are placed.
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of names) {
    const deps = nodes.get(n)!.deps.filter((d) => nodes.has(d));
    remaining.set(n, new Set(deps).size);
    for (const d of new Set(deps)) {
      if (!dependents.has(d)) dependents.set(d, []);
      dependents.get(d)!.push(n);
    }
  }
  const ready = names.filter((n) => remaining.get(n) === 0);
  const order: string[] = [];
  while (ready.length) {
    ready.sort();
    const n = ready.shift()!;
    order.push(n);
    for (const m of dependents.get(n) ?? []) {
      const r = remaining.get(m)! - 1;
      remaining.set(m, r);
      if (r === 0) ready.push(m);
    }
  }
  return order;
}

/** Fills the depth memo bottom-up so deep chains do not overflow the call stack. */
function longestIterative(start: string, nodes: ReadonlyMap<string, GraphNode>, depth: Map<string, { edges: number; next?: string }>): void {
  if (depth.has(start)) return;
  const stack: { n: string; expanded: boolean }[] = [{ n: start, expanded: false }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (depth.has(top.n)) {
      stack.pop();
      continue;
    }
    const deps = nodes.get(top.n)!.deps.filter((d) => nodes.has(d));
    if (!top.expanded) {
      top.expanded = true;
      for (const d of deps) if (!depth.has(d)) stack.push({ n: d, expanded: false });
      continue;
    }
    let best: { edges: number; next?: string } = { edges: 0 };
    for (const d of deps) {
      const l = depth.get(d)!;
      if (l.edges + 1 > best.edges) best = { edges: l.edges + 1, next: d };
    }
    depth.set(top.n, best);
    stack.pop();
  }
}

/** Every required schema provided (E008), and by exactly one selected package (E014). */
export function checkSchemas(nodes: ReadonlyMap<string, GraphNode>, rootProvides: readonly string[] = []): void {
  const providers = new Map<string, string[]>();
  for (const s of rootProvides) providers.set(s, ['(workspace)']);
  for (const [n, node] of [...nodes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const s of node.schemasProvides ?? []) {
      const list = providers.get(s) ?? [];
      list.push(`${n} ${node.version}`);
      providers.set(s, list);
    }
  }
  for (const [s, list] of providers) {
    if (list.length > 1) throw new MarketplaceError('E014', `schema ${s} is provided by more than one package: ${list.join(', ')}`);
  }
  for (const [n, node] of nodes) {
    for (const s of node.schemasRequires ?? []) {
      if (!providers.has(s)) throw new MarketplaceError('E008', `${n} ${node.version} requires schema ${s}, which no selected package provides`);
    }
  }
}
