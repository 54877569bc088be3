import type { Span } from '../../compiler/diagnostics/source.ts';
import type { IrFunc, IrModule, IrStateMachine, IrTest } from '../../compiler/ir/ir.ts';
import type * as A from '../../compiler/syntax/ast.ts';
import type { StateGraph } from '../../compiler/check/state-machine-verify.ts';
import { journeysOf, type JourneyPlan } from '../journey/plan.ts';
import type { TestKind } from '../model.ts';

/** A test found in the program, before it runs. */
export interface DiscoveredTest {
  name: string;
  kind: TestKind;
  /** Display path and line of the declaration. */
  file: string;
  line: number;
  /** Path of the source as loaded (for golden files next to it). */
  sourcePath: string;
  ir?: IrTest;
  circuit?: IrFunc;
  machine?: { name: string; graph: StateGraph; claim: string; span: Span };
  journey?: JourneyPlan;
  /** A test the compiler dropped: it fails with this message. */
  notCompiled?: string;
}

/** The golden-test markers a circuit can carry: `/// test golden` or `golden_test` (§8.8.4, §8.7). */
export function isGoldenCircuit(f: IrFunc): boolean {
  const a = f.attrs ?? {};
  return Boolean(a.golden_test ?? a.goldenTest ?? a.test_golden ?? a.testGolden ?? a.kat_vector);
}

/**
 * Finds every test of the selected files (specs/testing.md §Discovery): test blocks and
 * inline tests from the IR (and, should the compiler have dropped one, from the AST, so it
 * is reported rather than silently lost), `/// test golden` circuits, `verify` claims of
 * state machines, and journeys of `.flj` files. Ordered by file, then line.
 */
export function discoverTests(
  module: IrModule,
  asts: readonly A.SourceFileAst[],
  selected: ReadonlySet<string>,
  display: (p: string) => string,
): DiscoveredTest[] {
  const out: DiscoveredTest[] = [];
  const inSelected = (span: Span | undefined) => span !== undefined && selected.has(span.file.path);
  const at = (span: Span) => ({ file: display(span.file.path), line: span.file.lineCol(span.start).line, sourcePath: span.file.path });

  // Test blocks and inline tests lowered by the compiler.
  const seen = new Map<string, number>();
  for (const t of module.tests) {
    if (!inSelected(t.loc)) continue;
    const name = t.kind === 'inline' && t.circuit ? `${t.circuit} › ${t.name}` : t.name;
    const kind: TestKind = t.kind === 'inline' ? 'inline' : t.kind;
    out.push({ name, kind, ...at(t.loc!), ir: t });
    const key = `${t.loc!.file.path}\u0000${t.name}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  // Test declarations the compiler did not lower (reported, never lost).
  for (const ast of asts) {
    if (!selected.has(ast.path)) continue;
    for (const { decl, circuit } of testDecls(ast)) {
      const key = `${ast.path}\u0000${decl.name}`;
      const n = seen.get(key) ?? 0;
      if (n > 0) {
        seen.set(key, n - 1);
        continue;
      }
      const name = circuit ? `${circuit} › ${decl.name}` : decl.name;
      out.push({
        name,
        kind: circuit ? 'inline' : decl.testKind,
        ...at(decl.span),
        notCompiled: `the compiler produced no code for this test (see the diagnostics of ${display(ast.path)})`,
      });
    }
  }
  // Golden snapshot circuits.
  for (const f of module.funcs) {
    if (f.kind !== 'circuit' || !inSelected(f.loc) || !isGoldenCircuit(f)) continue;
    out.push({ name: f.sourceName, kind: 'snapshot', ...at(f.loc!), circuit: f });
  }
  // State machine claims: from the IR when lowered, else from the declaration itself.
  const machines = new Map<string, IrStateMachine>();
  for (const m of module.stateMachines) if (m.loc) machines.set(`${m.loc.file.path}\u0000${m.name}`, m);
  for (const ast of asts) {
    if (!selected.has(ast.path)) continue;
    for (const d of ast.decls) {
      if (d.kind !== 'StateMachine' || d.verify.length === 0) continue;
      const ir = machines.get(`${ast.path}\u0000${d.name.name}`);
      const graph = ir ? graphOfIr(ir) : graphOfDecl(d);
      for (const claim of d.verify) {
        out.push({
          name: `${d.name.name} › ${claim.name}`,
          kind: 'verify',
          ...at(claim.span),
          machine: { name: d.name.name, graph, claim: claim.name, span: claim.span },
        });
      }
    }
  }
  // Journeys.
  for (const ast of asts) {
    if (!selected.has(ast.path) || ast.fileKind !== 'flj') continue;
    for (const plan of journeysOf(ast)) {
      out.push({ name: plan.name, kind: 'journey', ...at(plan.span), journey: plan });
    }
  }
  const order = [...selected];
  out.sort((a, b) => order.indexOf(a.sourcePath) - order.indexOf(b.sourcePath) || a.line - b.line);
  return out;
}

function testDecls(ast: A.SourceFileAst): { decl: A.TestDecl; circuit?: string }[] {
  const out: { decl: A.TestDecl; circuit?: string }[] = [];
  for (const d of ast.decls) {
    if (d.kind === 'Test') out.push({ decl: d });
    else if (d.kind === 'Circuit' || d.kind === 'Transaction') {
      for (const c of d.clauses) if (c.detail?.kind === 'test') out.push({ decl: c.detail.test, circuit: d.name.name });
    }
  }
  return out;
}

function graphOfIr(m: IrStateMachine): StateGraph {
  return { states: m.states, initial: m.initial, terminal: m.terminal, transitions: m.transitions };
}

/** The transition graph of a declaration (LANGUAGE.md §8.9.1), guards ignored. */
export function graphOfDecl(d: A.StateMachineDecl): StateGraph {
  const states: string[] = [];
  const add = (s: string) => {
    if (!states.includes(s)) states.push(s);
  };
  d.states.forEach((s) => add(s.name));
  if (d.initial) add(d.initial.name);
  d.terminal.forEach((s) => add(s.name));
  const transitions = d.transitions.map((t) => {
    add(t.from.name);
    add(t.to.name);
    return { from: t.from.name, to: t.to.name, event: t.event?.name ?? '' };
  });
  const initial = d.initial?.name ?? d.states[0]?.name ?? transitions[0]?.from ?? states[0] ?? '';
  return { states, initial, terminal: d.terminal.map((t) => t.name), transitions };
}
