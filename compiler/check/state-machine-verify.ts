/**
 * The `verify` claims of a state machine, checked on its transition graph with guards
 * ignored (LANGUAGE.md §8.9.4). Pure functions over the graph so the checker (compile-time
 * error) and the test runner (one test per claim) report exactly the same result, each with
 * a counterexample a person can follow.
 */

export type VerifyClaimName = 'deadlock_free' | 'reachable_all' | 'terminal_convergence';

export const VERIFY_CLAIMS: readonly VerifyClaimName[] = ['deadlock_free', 'reachable_all', 'terminal_convergence'];

export interface StateGraph {
  states: readonly string[];
  initial: string;
  terminal: readonly string[];
  transitions: readonly { from: string; to: string; event: string }[];
}

/** One step of a counterexample path: the state reached, and the event that led there. */
export interface PathStep {
  state: string;
  event?: string;
}

export interface ClaimResult {
  claim: string;
  holds: boolean;
  /** What was checked, or why it fails, in one sentence. */
  message: string;
  /** For a failure: a path from the initial state to the offending state. */
  path?: PathStep[];
  /** For reachable_all: every state not reachable from the initial state. */
  unreachable?: string[];
}

export function isVerifyClaim(name: string): name is VerifyClaimName {
  return (VERIFY_CLAIMS as readonly string[]).includes(name);
}

/** Checks one claim; an unknown claim name is reported as not holding. */
export function verifyClaim(graph: StateGraph, claim: string): ClaimResult {
  switch (claim) {
    case 'deadlock_free':
      return deadlockFree(graph);
    case 'reachable_all':
      return reachableAll(graph);
    case 'terminal_convergence':
      return terminalConvergence(graph);
    default:
      return { claim, holds: false, message: `unknown verify claim '${claim}' (known: ${VERIFY_CLAIMS.join(', ')})` };
  }
}

/** `A --e--> B --f--> C` */
export function formatPath(path: readonly PathStep[]): string {
  return path.map((s, i) => (i === 0 ? s.state : `--${s.event ?? '?'}--> ${s.state}`)).join(' ');
}

function allStates(g: StateGraph): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: string) => {
    if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  };
  g.states.forEach(add);
  add(g.initial);
  g.terminal.forEach(add);
  for (const t of g.transitions) {
    add(t.from);
    add(t.to);
  }
  return out;
}

function successors(g: StateGraph): Map<string, { to: string; event: string }[]> {
  const m = new Map<string, { to: string; event: string }[]>();
  for (const s of allStates(g)) m.set(s, []);
  for (const t of g.transitions) m.get(t.from)!.push({ to: t.to, event: t.event });
  return m;
}

/** Breadth-first search from the initial state: shortest predecessor links of every reachable state. */
function bfs(g: StateGraph): Map<string, PathStep & { prev?: string }> {
  const succ = successors(g);
  const reached = new Map<string, PathStep & { prev?: string }>();
  reached.set(g.initial, { state: g.initial });
  const queue = [g.initial];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const { to, event } of succ.get(s) ?? []) {
      if (!reached.has(to)) {
        reached.set(to, { state: to, event, prev: s });
        queue.push(to);
      }
    }
  }
  return reached;
}

function pathTo(reached: Map<string, PathStep & { prev?: string }>, target: string): PathStep[] {
  const path: PathStep[] = [];
  let cur: string | undefined = target;
  while (cur !== undefined) {
    const step: (PathStep & { prev?: string }) | undefined = reached.get(cur);
    if (!step) break;
    path.unshift(step.event === undefined ? { state: step.state } : { state: step.state, event: step.event });
    cur = step.prev;
  }
  return path;
}

function deadlockFree(g: StateGraph): ClaimResult {
  const succ = successors(g);
  const reached = bfs(g);
  const terminal = new Set(g.terminal);
  for (const s of reached.keys()) {
    if (!terminal.has(s) && (succ.get(s)?.length ?? 0) === 0) {
      const path = pathTo(reached, s);
      return {
        claim: 'deadlock_free',
        holds: false,
        message: `state ${s} is reachable, not terminal, and has no outgoing transition: ${formatPath(path)}`,
        path,
      };
    }
  }
  return { claim: 'deadlock_free', holds: true, message: `every reachable non-terminal state has an outgoing transition` };
}

function reachableAll(g: StateGraph): ClaimResult {
  const reached = bfs(g);
  const unreachable = allStates(g).filter((s) => !reached.has(s));
  if (unreachable.length > 0) {
    return {
      claim: 'reachable_all',
      holds: false,
      message: `${unreachable.length === 1 ? 'state' : 'states'} ${unreachable.join(', ')} cannot be reached from ${g.initial} (reachable: ${[...reached.keys()].join(', ')})`,
      unreachable,
    };
  }
  return { claim: 'reachable_all', holds: true, message: `all ${reached.size} states are reachable from ${g.initial}` };
}

function terminalConvergence(g: StateGraph): ClaimResult {
  const reached = bfs(g);
  if (g.terminal.length > 0) {
    // Reverse reachability from the terminal states.
    const pred = new Map<string, string[]>();
    for (const t of g.transitions) {
      if (!pred.has(t.to)) pred.set(t.to, []);
      pred.get(t.to)!.push(t.from);
    }
    const canFinish = new Set<string>(g.terminal);
    const queue = [...g.terminal];
    while (queue.length > 0) {
      const s = queue.shift()!;
      for (const p of pred.get(s) ?? []) {
        if (!canFinish.has(p)) {
          canFinish.add(p);
          queue.push(p);
        }
      }
    }
    for (const s of reached.keys()) {
      if (!canFinish.has(s)) {
        const path = pathTo(reached, s);
        return {
          claim: 'terminal_convergence',
          holds: false,
          message: `from state ${s} no terminal state (${g.terminal.join(', ')}) can be reached: ${formatPath(path)}`,
          path,
        };
      }
    }
    return { claim: 'terminal_convergence', holds: true, message: `every reachable state can reach a terminal state` };
  }
  // No terminal list: the reachable part must have exactly one sink component.
  const sinks = sinkComponents(g, new Set(reached.keys()));
  if (sinks.length === 1) {
    return { claim: 'terminal_convergence', holds: true, message: `the reachable states converge on one sink {${sinks[0]!.join(', ')}}` };
  }
  const paths = sinks.slice(0, 2).map((c) => pathTo(reached, c[0]!));
  return {
    claim: 'terminal_convergence',
    holds: false,
    message: `no terminal list and the reachable states have ${sinks.length} sink components (${sinks
      .map((c) => `{${c.join(', ')}}`)
      .join(', ')}): ${paths.map(formatPath).join('  and  ')}`,
    path: paths[0],
  };
}

/** Strongly connected components (Tarjan) restricted to `within`, keeping those with no edge leaving them. */
function sinkComponents(g: StateGraph, within: Set<string>): string[][] {
  const succ = successors(g);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const comps: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const { to } of succ.get(v) ?? []) {
      if (!within.has(to)) continue;
      if (!idx.has(to)) {
        strong(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(v, Math.min(low.get(v)!, idx.get(to)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      comps.push(comp);
    }
  };
  for (const s of allStates(g)) if (within.has(s) && !idx.has(s)) strong(s);
  const compOf = new Map<string, number>();
  comps.forEach((c, i) => c.forEach((s) => compOf.set(s, i)));
  const order = allStates(g);
  return comps
    .filter((c, i) => c.every((s) => (succ.get(s) ?? []).every(({ to }) => !within.has(to) || compOf.get(to) === i)))
    .map((c) => [...c].sort((a, b) => order.indexOf(a) - order.indexOf(b)))
    .sort((a, b) => order.indexOf(a[0]!) - order.indexOf(b[0]!));
}
