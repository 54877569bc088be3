/**
 * Legacy graphs that cannot lower as a whole (opaque nodes, unresolved flows) still lower their
 * executable parts (ESCIR.md §1, issue 5 item 3): each executable expression node becomes a
 * function of its operands, each executable primitive its `lib.<op>.eval/commit` helpers over its
 * state struct. They are not wired into a step; E099 says why.
 */
import type { IrFunc } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import type { TExpr, TStmt } from '../expr/typed.ts';
import type { EscirModel, NodeModel } from '../model.ts';
import { STATEFUL_OPS } from '../ops/lower-stateful.ts';
import { OPS } from '../ops/registry.ts';
import { ET, type EType } from '../types/etype.ts';
import { zeroValue } from '../types/literals.ts';
import { c, FnBuilder, none } from './builder.ts';
import { LoweringError } from './errors.ts';
import { lowerExpr, lowerStmts } from './expr.ts';
import type { IrTypes } from './ir-types.ts';
import { lowerStatefulNode } from './stateful-call.ts';
import { CircuitSpans } from './locations.ts';

/** Lowers what can be lowered node by node; returns the functions and the ids of the nodes done. */
export function lowerExecutableParts(model: EscirModel, types: IrTypes): { funcs: IrFunc[]; lowered: string[] } {
  const g = model.graph;
  const a = g?.analysis;
  const funcs: IrFunc[] = [];
  const lowered: string[] = [];
  if (!g || !a) return { funcs, lowered };
  const prefix = model.name ?? 'circuit';
  const checked = model.annotations.checked === true;
  for (const n of g.nodes) {
    if (!n.executable || !n.op || n.op === 'fsm') continue;
    try {
      const stateful = STATEFUL_OPS[n.op];
      if (stateful) {
        const spec = OPS[n.op]!;
        const inType = (port: string): EType => a.inTypes.get(n.id)?.get(port) ?? ET.unknown;
        const low = lowerStatefulNode(
          model,
          n,
          stateful,
          types,
          {
            input: (port) => (a.inTypes.get(n.id)?.has(port) && !spec.inputs[port]?.write ? none(types.of(inType(port))) : undefined),
            writes: (a.incoming.get(n.id) ?? [])
              .filter((e) => e.to.resolved?.kind === 'node' && spec.inputs[e.to.resolved.port]?.write)
              .map((e) => {
                const port = (e.to.resolved as { port: string }).port;
                return { port, value: none(types.of(inType(port))) };
              }),
            inType,
            config: (path) => configField(model, types, path),
          },
          prefix,
          a.outTypes.get(n.id)!,
          checked,
        );
        funcs.push(low.evalFunc, ...(low.commitFunc ? [low.commitFunc] : []));
        lowered.push(n.id);
        continue;
      }
      // Every checked body of the node (expressions, predicates, build fields, pack layouts).
      const keys = [...a.bodies.keys()].filter((k) => k.startsWith(`${n.id}/`)).map((k) => k.slice(n.id.length + 1));
      for (const k of keys) funcs.push(bodyFunction(model, types, n, k, checked));
      if (keys.length > 0) lowered.push(n.id);
    } catch (e) {
      if (!(e instanceof LoweringError)) throw e;
    }
  }
  return { funcs, lowered };
}

function configField(model: EscirModel, types: IrTypes, path: string[]) {
  let t = model.inputs.find((p) => p.name === 'config')?.type ?? ET.unknown;
  for (const seg of path) t = t.k === 'struct' ? (model.types.struct(t.name)?.fields.find((f) => f.name === seg)?.type ?? ET.unknown) : ET.unknown;
  if (t.k === 'unknown') throw new LoweringError(`\`config.${path.join('.')}\` does not resolve`);
  return { expr: c(zeroValue(t, model.types), types.of(t)), type: t };
}

/** `<circuit>.<node>.<key>(operands…)`: the body as a function of the values it reads. */
function bodyFunction(model: EscirModel, types: IrTypes, n: NodeModel, key: string, checked: boolean): IrFunc {
  const tb = model.graph!.analysis!.bodies.get(`${n.id}/${key}`)!;
  const result = tb.value ? types.of(tb.value.type) : T.void;
  const spans = new CircuitSpans(model);
  const fn = new FnBuilder(`${model.name ?? 'circuit'}.${n.id}.${key}`, 'helper', result, spans.node(n));
  const params = new Map<string, number>();
  for (const [k, t] of operandTypes(tb.stmts, tb.value)) params.set(k, fn.param(k.replace(/[^A-Za-z0-9_]/g, '_'), types.of(t)));
  const env = {
    fn,
    types,
    table: model.types,
    locals: new Map<number, number>(),
    checked,
    operand: (k: string) => fn.get(params.get(k)!),
    assign: (_k: string, v: import('../../ir/ir.ts').IrExpr) => fn.emit({ s: 'expr', value: v }),
    spans: spans.body(tb.body),
  };
  lowerStmts(env, tb.stmts);
  if (tb.value) fn.returns(lowerExpr(env, tb.value));
  return fn.build({ overflowChecks: checked, attrs: { escirOp: n.op, node: n.id, body: key } });
}

function operandTypes(stmts: TStmt[], value?: TExpr): Map<string, EType> {
  const out = new Map<string, EType>();
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (x === null || typeof x !== 'object') return;
    const o = x as { k?: string; key?: string; type?: EType };
    if (o.k === 'operand' && o.key && o.type && !out.has(o.key)) out.set(o.key, o.type);
    for (const v of Object.values(o)) if (v && typeof v === 'object') visit(v);
  };
  visit(stmts);
  if (value) visit(value);
  return out;
}
