/**
 * Source locations of lowered ESCIR (specs/escir.md §7b). The lowering knows which part of
 * the circuit each piece of IR comes from, so it says so itself: every statement and
 * expression that can trap, and every local, carries the span of the YAML it was lowered
 * from — the expression token inside a body written as a block scalar, the body of a node
 * written on one line, the node, a process component, an invariant or a port — and the
 * function's glue code the node, component or circuit key it serves.
 */
import { spanOf, type Span } from '../../diagnostics/index.ts';
import type { BodyModel, ComponentModel, EscirModel, InvariantModel, NodeModel, PortModel } from '../model.ts';
import type { YNode } from '../yaml/tree.ts';

/** Maps a range of a body's text to the span a runtime error or binding names. */
export type BodySpans = (start: number, end: number) => Span;

export class CircuitSpans {
  constructor(readonly model: EscirModel) {}

  /** A YAML node; a block scalar (`|`, `>`) is its text, not the indicator line above it. */
  of(n: YNode): Span {
    if (n.kind === 'scalar' && (n.style === 'literal' || n.style === 'folded')) {
      const text = String(n.value ?? '').trimEnd();
      if (text.length > 0) return spanOf(this.model.file, n.offsetAt(0), n.offsetAt(text.length - 1) + 1);
    }
    return spanOf(this.model.file, n.start, n.end);
  }

  /**
   * The circuit's body key (`graph`, `compute`, `processes`, `components`), else its name:
   * where glue code of the step function is located, and a trap of the runtime library.
   */
  circuit(): Span {
    for (const key of ['graph', 'compute', 'processes', 'components', 'name']) {
      const entry = this.model.root.entries.find((e) => e.key === key);
      if (entry) return this.of(entry.keyNode);
    }
    return spanOf(this.model.file, this.model.root.start);
  }

  /** A node's body (an arithmetic trap shows the formula), else its one expression parameter, else the node. */
  node(n: NodeModel): Span {
    if (n.body) return this.of(n.body.scalar);
    if (n.exprs.size === 1) return this.of([...n.exprs.values()][0]!.scalar);
    return this.of(n.node);
  }

  port(p: PortModel): Span {
    return this.of(p.node);
  }

  invariant(inv: InvariantModel): Span {
    return inv.body ? this.of(inv.body.scalar) : this.of(inv.node);
  }

  /** A process component's body, else the component. */
  component(c: ComponentModel): Span {
    return c.process ? this.of(c.process.scalar) : this.of(c.node);
  }

  /**
   * Tokens of a body. In a block scalar (`|`, `>`) each expression is located at its own
   * token, line and column inside the block; a body written on one line (plain or quoted)
   * is located as a whole, so the code frame underlines the formula.
   */
  body(b: BodyModel): BodySpans {
    const scalar = b.scalar;
    if (scalar.style !== 'literal' && scalar.style !== 'folded') {
      const whole = this.of(scalar);
      return () => whole;
    }
    return (start, end) => {
      const s = scalar.offsetAt(start);
      return spanOf(this.model.file, s, Math.max(scalar.offsetAt(end), s + 1));
    };
  }
}

/**
 * Sets `loc` on every statement, expression and index step under `root` that has none
 * (the parts of a node that already has one are taken to have theirs).
 * Constants are left alone: they cannot trap, and `TRUE`/`FALSE` are shared objects.
 * Generic over node kinds (children are found by shape), so kinds added to the IR later
 * are located too.
 */
export function fillLoc(root: unknown, loc: Span): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue;
    const n = v as Record<string, unknown>;
    const expr = typeof n['e'] === 'string';
    const stmt = typeof n['s'] === 'string';
    const indexStep = n['k'] === 'index';
    if (!expr && !stmt && !indexStep) continue;
    if (n['e'] === 'const') continue;
    if (expr || indexStep || (stmt && LOCATED_STMTS.has(n['s'] as string))) {
      // A node with a span was located together with its parts (this lowering locates only
      // through here), so it is not entered again: emitting nested blocks stays linear.
      if (n['loc'] !== undefined) continue;
      n['loc'] = loc;
    }
    for (const [key, child] of Object.entries(n)) {
      if (key === 'type' || key === 'loc') continue;
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
}

/** Statement kinds whose IR shape has a `loc` (compiler/ir/ir.ts IrStmt). */
const LOCATED_STMTS = new Set(['set', 'setPlace', 'push', 'loop', 'trap']);
