/**
 * Builds the per-node helper functions of a stateful operator (`lib.<op>.eval.<circuit>.<node>`
 * and `lib.<op>.commit.…`) from its StatefulOp description, and the step-side call that
 * threads the node's state slot through them.
 */
import type { IrExpr, IrFunc, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import type { EscirModel, NodeModel } from '../model.ts';
import type { HelperCtx, StateField, StatefulOp } from '../ops/op-context.ts';
import { constParam, paramValue } from '../ops/params.ts';
import { ET, type EType } from '../types/etype.ts';
import { c, convert, field, FnBuilder, none, struct } from './builder.ts';
import { LoweringError } from './errors.ts';
import type { IrTypes } from './ir-types.ts';
import { CircuitSpans } from './locations.ts';

export interface NodeWiring {
  /** Option<T> expressions of non-[W] input ports, computed in the step. */
  input(port: string): IrExpr | undefined;
  /** [W] drivers in edge order. */
  writes: { port: string; value: IrExpr }[];
  /** Payload type arriving on a port. */
  inType(port: string): EType;
  /** A `config.x` path read in the step (the `config` value input). */
  config(path: string[]): { expr: IrExpr; type: EType };
}

export interface StatefulLowering {
  stateType: IrType;
  init: import('../../ir/ir.ts').IrConst;
  fields: StateField[];
  evalFunc: IrFunc;
  commitFunc?: IrFunc;
  outPorts: string[];
  /** Step-side arguments (after state) of eval and commit, and their result layout. */
  evalArgs: IrExpr[];
  commitArgs: IrExpr[];
}

export function lowerStatefulNode(
  model: EscirModel,
  node: NodeModel,
  op: StatefulOp,
  types: IrTypes,
  wiring: NodeWiring,
  prefix: string,
  outTypes: Map<string, EType>,
  checked: boolean,
): StatefulLowering {
  const outType = (port: string): IrType => {
    const t = outTypes.get(port);
    if (!t || t.k === 'unknown') throw new LoweringError(`the type of \`${node.id}.${port}\` is unknown`);
    return types.of(t);
  };
  const safeOutType = (port: string): IrType => {
    const t = outTypes.get(port);
    return t && t.k !== 'unknown' ? types.of(t) : T.bool;
  };
  const fields = op.state({ node, model, types, inType: wiring.inType, outType: safeOutType, constParam: (n) => constParam(node, n) });
  const stateType = types.defineStruct(`${prefix}$${node.id}$state`, fields.map((f) => ({ name: f.name, type: f.type })));
  const init = fields.map((f) => f.init);
  const outPorts = [...outTypes.keys()].filter((p) => outTypes.get(p)!.k !== 'unknown');
  const resultType = types.defineStruct(`${prefix}$${node.id}$eval`, [{ name: 'state', type: stateType }, ...outPorts.map((p) => ({ name: p, type: T.option(outType(p)) }))]);

  // Config-referenced params travel as extra arguments.
  const configParams: { name: string; expr: IrExpr; type: EType }[] = [];
  for (const name of node.params.keys()) {
    const pv = paramValue(node, name);
    if (pv?.kind === 'config') {
      const cfg = wiring.config(pv.path);
      configParams.push({ name, expr: cfg.expr, type: cfg.type });
    }
  }

  const makeHelper = (phase: 'eval' | 'commit') => {
    // All of an operator's code is located at its node (the runtime error names the node).
    const fn = new FnBuilder(`lib.${node.op}.${phase}.${prefix}.${node.id}`, 'helper', phase === 'eval' ? resultType : stateType, new CircuitSpans(model).node(node));
    const st = fn.param('state', stateType);
    const inputParams = new Map<string, number>();
    const writes: { port: string; value: IrExpr }[] = [];
    const args: IrExpr[] = [];
    if (phase === 'eval') {
      for (const port of op.evalInputs(node)) {
        const e = wiring.input(port);
        if (!e) continue;
        inputParams.set(port, fn.param(port, e.type));
        args.push(e);
      }
    } else {
      wiring.writes.forEach((w, i) => {
        const id = fn.param(`${w.port}${i}`, w.value.type);
        writes.push({ port: w.port, value: fn.get(id) });
        args.push(w.value);
      });
    }
    const cfgIds = new Map<string, { id: number; type: EType }>();
    for (const cp of configParams) {
      cfgIds.set(cp.name, { id: fn.param(`cfg_${cp.name}`, cp.expr.type), type: cp.type });
      args.push(cp.expr);
    }
    const now = fn.param('now', T.u64);
    const outLocals = new Map<string, number>();
    if (phase === 'eval') for (const p of outPorts) outLocals.set(p, fn.let(`out_${p}`, none(outType(p))));
    const idx = (name: string) => {
      const i = fields.findIndex((f) => f.name === name);
      if (i < 0) throw new LoweringError(`internal: no state field ${name} in ${node.op}`);
      return i;
    };
    const h: HelperCtx = {
      fn,
      node,
      model,
      types,
      now: fn.get(now),
      get: (name) => field(fn.get(st), idx(name), fields[idx(name)]!.type),
      set: (name, v) => fn.setField(st, [idx(name)], v),
      setAt: (name, i, v) => fn.setPath(st, [{ k: 'field', index: idx(name) }, { k: 'index', index: i }], v),
      setIn: (name, path, v) => fn.setPath(st, [{ k: 'field', index: idx(name) }, ...path], v),
      input: (port) => {
        const id = inputParams.get(port);
        return id !== undefined ? fn.get(id) : none(safeInType(types, wiring.inType(port)));
      },
      wired: (port) => wiring.input(port) !== undefined || wiring.writes.some((w) => w.port === port),
      writes: () => writes,
      output: (port, v) => {
        const id = outLocals.get(port);
        if (id !== undefined) fn.set(id, v);
      },
      outType,
      inType: wiring.inType,
      param: (name, type, fallback) => {
        const cfg = cfgIds.get(name);
        if (cfg) return numericAs(fn.get(cfg.id), cfg.type, type);
        const v = paramValue(node, name);
        if (v?.kind === 'const') return constAs(v.value, type);
        if (fallback !== undefined) return constAs(fallback, type);
        throw new LoweringError(`\`${node.id}\` needs the parameter \`${name}\``);
      },
      constParam: (n) => constParam(node, n),
    };
    if (phase === 'eval') {
      op.eval(h);
      fn.returns(struct(resultType, [fn.get(st), ...outPorts.map((p) => fn.get(outLocals.get(p)!))]));
    } else {
      op.commit!(h);
      fn.returns(fn.get(st));
    }
    return { func: fn.build({ overflowChecks: checked, attrs: { escirOp: node.op, node: node.id } }), args };
  };
  const ev = makeHelper('eval');
  const out: StatefulLowering = { stateType, init, fields, evalFunc: ev.func, outPorts, evalArgs: ev.args, commitArgs: [] };
  if (op.commit) {
    const cm = makeHelper('commit');
    out.commitFunc = cm.func;
    out.commitArgs = cm.args;
  }
  return out;
}

function safeInType(types: IrTypes, t: EType): IrType {
  return t.k === 'unknown' ? T.bool : types.of(t);
}

function constAs(v: number | bigint, type: IrType): IrExpr {
  if (type.k === 'float') return c(Number(v), type);
  if (type.k === 'int') return c(typeof v === 'bigint' ? v : BigInt(Math.floor(v)), type);
  return c(v, type);
}

export function numericAs(e: IrExpr, from: EType, to: IrType): IrExpr {
  if (from.k === 'int' && to.k === 'int') return from.bits === to.bits && from.signed === to.signed ? e : convert('int', e, to);
  if (from.k === 'int' && to.k === 'float') return convert('int_float', e, to);
  if (from.k === 'float' && to.k === 'int') return convert('float_int', e, to);
  if (from.k === 'float' && to.k === 'float') return from.bits === to.bits ? e : convert('float_float', e, to);
  throw new LoweringError(`a config value of type ${from.k} cannot be a numeric parameter`);
}

export { ET };
