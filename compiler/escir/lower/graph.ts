/**
 * A graph circuit → an IrProc (ESCIR.md §6 execution model, §10 mapping). The step
 * function `(state, inputs, now) -> {state, outputs}`:
 *   1. binds inputs (value ports keep their last value, events are options, edges rise);
 *   2. evaluates timers; 3. runs nodes in topological order, absence propagating;
 *   4. commits [W] writes in evaluation order, then edge order; value outputs are registered.
 */
import type { IrConst, IrExpr, IrFunc, IrProc, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import type { EdgeModel, EscirModel, NodeModel, PortModel } from '../model.ts';
import { registersWritten, sourceType, type TypedBody } from '../graph/analyze.ts';
import { OPS } from '../ops/registry.ts';
import { STATEFUL_OPS } from '../ops/lower-stateful.ts';
import { ET, type EType } from '../types/etype.ts';
import { and, bin, builtin, c, call, cond, field, FnBuilder, isSome, none, not, some, struct, TRUE, unwrap, type LocalOptions } from './builder.ts';
import { LoweringError } from './errors.ts';
import { lowerExpr, lowerStmts, packBytes, type ExprLowerEnv } from './expr.ts';
import type { IrTypes } from './ir-types.ts';
import { lowerStatefulNode, type StatefulLowering } from './stateful-call.ts';
import { defaultValueOf } from './defaults.ts';
import { lowerInvariants } from './invariants.ts';
import { lowerCall, lowerPack, lowerUnpack } from './codec.ts';
import { lowerGraphTelemetry } from './telemetry.ts';
import { probedPorts } from './probes.ts';
import { legacyClock } from '../passes/tests.ts';
import { get, items, str } from '../yaml/tree.ts';
import { stringParam } from '../ops/params.ts';
import { CircuitSpans } from './locations.ts';

interface Operand {
  /** Local holding option<T>. */
  opt: number;
  always: boolean;
}

export interface GraphLowering {
  proc: IrProc;
  funcs: IrFunc[];
  inputsType: IrType;
  outputsType: IrType;
  stateType: IrType;
  /** Port name → field index in the inputs / outputs structs. */
  inputFields: string[];
  outputFields: string[];
  /** Invariant predicate functions `(state, inputs, outputs, now) -> option<bool>`. */
  invariants: { name: string; func: string }[];
  /** Slot names of the state struct, in field order (`in$x`, `reg$r`, `node$id`, `fsm$id`, …). */
  stateFieldNames: string[];
  /** Outputs carrying every item of the step as a list (process stream outputs). */
  listOutputs?: Set<string>;
  /** Child (`subcircuits`) output ports exposed as step inputs, by `sub.port`, with their types. */
  subPorts?: Map<string, import('../types/etype.ts').EType>;
  /** Streams written by telemetry `emit`s, and the entries kept as attrs (W090). */
  telemetry?: { streams: import('../../ir/ir.ts').IrStream[]; unresolved: { node: import('../yaml/tree.ts').YNode; what: string; why: string }[] };
}

export function lowerGraph(model: EscirModel, types: IrTypes, onNodeError: (n: NodeModel | undefined, e: LoweringError) => void): GraphLowering | undefined {
  const g = model.graph!;
  const a = g.analysis!;
  const order = g.order!;
  const prefix = model.name ?? 'circuit';
  const checked = model.annotations.checked === true;
  const funcs: IrFunc[] = [];
  const spans = new CircuitSpans(model);

  // ── types ────────────────────────────────────────────────────────────────────────────
  const payload = (p: PortModel): EType => (p.type.k === 'stream' ? p.type.elem : p.type);
  const inPorts = model.inputs.filter((p) => !p.isValidFlag);
  const outPorts = model.outputs.filter((p) => !p.isValidFlag);
  // A child's outputs are event inputs of the step and the edges into its inputs are event
  // outputs, both named `child.port`: the child is a netlist instance, not inlined.
  const subIn = [...a.subTypes].filter(([, t]) => t.k !== 'unknown');
  const subOut = g.edges.filter((e) => e.to.resolved?.kind === 'sub' && e.to.resolved.port);
  const subOutNames = [...new Set(subOut.map((e) => `${(e.to.resolved as { id: string }).id}.${(e.to.resolved as { port: string }).port}`))];
  const subOutType = (name: string): EType => {
    const e = subOut.find((x) => `${(x.to.resolved as { id: string }).id}.${(x.to.resolved as { port: string }).port}` === name)!;
    return sourceType(model, e, a);
  };
  const inputsType = types.defineStruct(`${prefix}$inputs`, [
    ...inPorts.map((p) => ({ name: p.name, type: T.option(types.of(payload(p))) })),
    ...subIn.map(([k, t]) => ({ name: k, type: T.option(types.of(t)) })),
  ]);
  const outputsType = types.defineStruct(`${prefix}$outputs`, [
    ...outPorts.map((p) => ({ name: p.name, type: p.mode === 'value' ? types.of(payload(p)) : T.option(types.of(payload(p))) })),
    ...subOutNames.map((k) => ({ name: k, type: T.option(types.of(subOutType(k))) })),
  ]);
  const stateFields: { name: string; type: IrType; init: IrConst }[] = [];
  for (const p of inPorts) {
    if (p.mode === 'value') stateFields.push({ name: `in$${p.name}`, type: types.of(p.type), init: defaultValueOf(model, p.type, get(p.node, 'default')) });
    if (p.mode === 'edge') stateFields.push({ name: `edge$${p.name}`, type: T.bool, init: false });
  }
  for (const p of outPorts) if (p.mode === 'value') stateFields.push({ name: `out$${p.name}`, type: types.of(payload(p)), init: defaultValueOf(model, payload(p), get(p.node, 'default')) });
  for (const r of model.state) stateFields.push({ name: `reg$${r.name}`, type: types.of(r.type), init: defaultValueOf(model, r.type, r.init) });
  const stateful = new Map<string, StatefulLowering>();
  const fsmIndex = new Map<string, number>();

  // ── step function ────────────────────────────────────────────────────────────────────
  // The state struct is completed after the nodes are lowered (their slots), so build the step
  // against a placeholder id that defineStruct later fills in.
  const stateTypeName = `${prefix}$state`;
  const stateType = types.defineStruct(stateTypeName, []);
  const resultType = types.defineStruct(`${prefix}$step`, [
    { name: 'state', type: stateType },
    { name: 'outputs', type: outputsType },
  ]);
  // Glue code of the step is located at the circuit's `graph` key; each port's, node's and
  // register's code at its own YAML below (lower/locations.ts).
  const fn = new FnBuilder(`${prefix}.step`, 'step', resultType, spans.circuit());
  const st = fn.param('state', stateType);
  const inp = fn.param('inputs', inputsType);
  const now = fn.param('now', T.u64);
  const slot = (name: string) => stateFields.findIndex((f) => f.name === name);
  const getSlot = (name: string) => field(fn.get(st), slot(name), stateFields[slot(name)]!.type);
  const setSlot = (name: string, v: IrExpr) => fn.setField(st, [slot(name)], v);

  const operands = new Map<string, Operand>();
  const defineOperand = (key: string, value: IrExpr, always: boolean, options?: LocalOptions & { name?: string }) => {
    const id = fn.let(options?.name ?? key.replace(/[^A-Za-z0-9_$.]/g, '_'), value, options);
    operands.set(key, { opt: id, always });
    return id;
  };

  // 1. Inputs.
  inPorts.forEach((p, i) => fn.located(spans.port(p), () => {
    const raw = field(fn.get(inp), i, T.option(types.of(payload(p))));
    if (p.mode === 'value') {
      const v = fn.let(`v_${p.name}`, cond(isSome(raw), unwrap(raw), getSlot(`in$${p.name}`)));
      setSlot(`in$${p.name}`, fn.get(v));
      defineOperand(`in:${p.name}`, some(fn.get(v)), true);
    } else if (p.mode === 'edge') {
      const level = fn.let(`lvl_${p.name}`, cond(isSome(raw), unwrap(raw), getSlot(`edge$${p.name}`)));
      const rose = and(fn.get(level), not(getSlot(`edge$${p.name}`)));
      defineOperand(`in:${p.name}`, cond(rose, some(TRUE), none(T.bool)), false);
      setSlot(`edge$${p.name}`, fn.get(level));
    } else defineOperand(`in:${p.name}`, raw, false);
    if (p.validPort) defineOperand(`valid:${p.validPort}`, some(isSome(raw)), true);
  }));
  subIn.forEach(([k, t], j) => defineOperand(`sub:${k}`, field(fn.get(inp), inPorts.length + j, T.option(types.of(t))), false));
  // Registers: read as they were before the step; written at commit (ESCIR.md §6 step 4).
  const pendingWrites = new Map<string, number>();
  const written = registersWritten(a);
  for (const r of model.state) {
    fn.located(spans.of(r.node), () => {
      defineOperand(`state:${r.name}`, some(getSlot(`reg$${r.name}`)), true);
      if (written.has(r.name)) pendingWrites.set(r.name, fn.let(`pending_${r.name}`, none(types.of(r.type))));
    });
  }
  const outLocals = new Map<string, number>();
  for (const p of outPorts) {
    fn.located(spans.port(p), () => {
      if (p.mode === 'value') defineOperand(`out:${p.name}`, some(getSlot(`out$${p.name}`)), true);
      else outLocals.set(p.name, defineOperand(`out:${p.name}`, none(types.of(payload(p))), false));
    });
  }

  const operandExpr = (key: string): IrExpr => {
    const o = operands.get(key);
    if (!o) throw new LoweringError(`\`${key.replace(/^[a-z]+:/, '')}\` is not available where it is read`);
    return fn.get(o.opt);
  };
  const presence = (keys: Iterable<string>): IrExpr => {
    let p: IrExpr = TRUE;
    for (const k of keys) {
      const o = operands.get(k);
      if (!o) throw new LoweringError(`\`${k.replace(/^[a-z]+:/, '')}\` is read before it is computed`);
      if (!o.always) p = p === TRUE ? isSome(fn.get(o.opt)) : and(p, isSome(fn.get(o.opt)));
    }
    return p;
  };
  /** The environment of one body (its tokens locate its IR); without a body, of glue code. */
  const exprEnv = (tb?: TypedBody, assign?: (key: string, v: IrExpr) => void): ExprLowerEnv => ({
    fn,
    types,
    table: model.types,
    locals: new Map(),
    checked,
    operand: (key) => unwrap(operandExpr(key)),
    ...(assign ? { assign } : {}),
    ...(tb ? { spans: spans.body(tb.body) } : {}),
  });

  /** The option arriving over one edge: source, field projections, then the `when` filter. */
  const edgeValue = (e: EdgeModel): IrExpr => {
    const s = e.from.resolved!;
    let key: string;
    let fields: string[] = [];
    let t: EType;
    if (s.kind === 'node') {
      key = `node:${s.node.id}.${s.port}`;
      fields = s.fields;
      t = a.outTypes.get(s.node.id)!.get(s.port) ?? ET.unknown;
    } else if (s.kind === 'input' || s.kind === 'output') {
      key = `${s.kind === 'input' ? (s.port.isValidFlag ? 'valid' : 'in') : 'out'}:${s.port.name}`;
      fields = s.fields;
      t = payload(s.port);
    } else {
      key = `sub:${s.id}.${s.port}`;
      t = a.subTypes.get(`${s.id}.${s.port}`) ?? ET.unknown;
      if (!operands.has(key)) throw new LoweringError(`the type of child output \`${e.from.text}\` is unknown (the child is not on the search path)`);
    }
    let v = operandExpr(key);
    for (const f of fields) {
      if (t.k !== 'struct') throw new LoweringError(`cannot project \`${f}\``);
      const d = model.types.struct(t.name)!;
      const i = d.fields.findIndex((x) => x.name === f);
      const ft = d.fields[i]!.type;
      v = cond(isSome(v), some(field(unwrap(v), i, types.of(ft))), none(types.of(ft)));
      t = ft;
    }
    const when = a.bodies.get(`edge/${e.order}`);
    if (when?.value) {
      const env = exprEnv(when);
      const guard = fn.let(`when${e.order}`, and(presence(when.deps), lowerExpr(env, when.value)));
      v = cond(fn.get(guard), v, none(types.of(t)));
    }
    return v;
  };
  const incoming = (n: NodeModel) => a.incoming.get(n.id) ?? [];
  const portEdges = (n: NodeModel, port: string) => incoming(n).filter((e) => e.to.resolved?.kind === 'node' && e.to.resolved.port === port);
  const enablePresence = (n: NodeModel): IrExpr => {
    // Unit gates wired into a node with no such port are enables (ESCIR.md §5.1).
    let p: IrExpr = TRUE;
    for (const e of incoming(n)) {
      const t = e.to.resolved;
      if (t?.kind !== 'node' || t.explicit || t.port) continue;
      const s = e.from.resolved;
      const st2 = s?.kind === 'node' ? a.outTypes.get(s.node.id)?.get(s.port) : undefined;
      if (st2?.k === 'unit') p = p === TRUE ? isSome(edgeValue(e)) : and(p, isSome(edgeValue(e)));
    }
    return p;
  };

  // 2–3. Nodes: timers first, then topological order.
  const nodeOut = (n: NodeModel, port: string, value: IrExpr) => {
    const key = `node:${n.id}.${port}`;
    const o = operands.get(key);
    if (o) fn.set(o.opt, value);
  };
  // A node's outputs are witness bindings named `node.port` as the YAML writes them
  // (specs/compile-run.md §8.6): `witness verify` names the first node whose value differs.
  const declareOutputs = (n: NodeModel) => {
    for (const [port, t] of a.outTypes.get(n.id)!) {
      if (t.k === 'unknown') continue;
      const spec = OPS[n.op!]!;
      const always = spec.outputs[port] ? !spec.outputs[port]!.event : false;
      defineOperand(`node:${n.id}.${port}`, none(types.of(t)), always, { name: `${n.id}.${port}`, witness: true });
    }
  };
  const commits: { n: NodeModel; low: StatefulLowering }[] = [];
  const early = order.filter((n) => n.op && STATEFUL_OPS[n.op]?.early);
  const rest = order.filter((n) => !early.includes(n));
  for (const n of [...early, ...rest]) {
    try {
      fn.located(spans.node(n), () => {
        declareOutputs(n);
        lowerNode(n);
      });
    } catch (e) {
      if (e instanceof LoweringError) {
        onNodeError(n, e);
        return undefined;
      }
      throw e;
    }
  }

  // Probes: node ports the tests expect on (`expect: {node.port: v}`), kept in the state as
  // the last step's option so the runner can read them (ESCIR.md §6 "expect").
  for (const key of probedPorts(model)) {
    const o = operands.get(`node:${key}`);
    if (!o) continue;
    stateFields.push({ name: `probe$${key}`, type: fn.type(o.opt), init: null });
    fn.located(fn.locals[o.opt]!.loc, () => setSlot(`probe$${key}`, fn.get(o.opt)));
  }

  function lowerNode(n: NodeModel): void {
    const op = n.op!;
    const body = (key: string): TypedBody | undefined => a.bodies.get(`${n.id}/${key}`);
    const inOpt = portEdges(n, 'in')[0];
    const inValue = inOpt ? fn.let(`${n.id}_in`, edgeValue(inOpt)) : undefined;
    if (inValue !== undefined) operands.set(`port:${n.id}.in`, { opt: inValue, always: false });
    const stateful = STATEFUL_OPS[op];
    if (stateful) return lowerStatefulCall(n, stateful);
    switch (op) {
      case 'expr': {
        const tb = body('body');
        if (!tb) throw new LoweringError(`node \`${n.id}\` has no executable body`);
        const fire = fn.let(`${n.id}_fire`, and(presence(tb.deps), enablePresence(n)));
        fn.if(fn.get(fire), () => {
          const env = exprEnv(tb, (key, v) => {
            if (key.startsWith('named:')) nodeOut(n, key.slice(6), some(v));
            else if (key.startsWith('state:')) {
              // A state write: a witness binding named after the register, at the assignment;
              // the register takes it at commit (ESCIR.md §6 step 4).
              const name = key.slice(6);
              const w = fn.let(name, v, { witness: true });
              fn.set(pendingWrites.get(name)!, some(fn.get(w)));
            } else throw new LoweringError(`\`${key}\` cannot be assigned in a graph body`);
          });
          lowerStmts(env, tb.stmts);
          if (tb.value) nodeOut(n, 'out', some(lowerExpr(env, tb.value)));
        });
        return;
      }
      case 'compare': {
        const test = body('body');
        const condB = body('condition');
        const opB = body('operation');
        const deps = new Set([...(test?.deps ?? []), ...(condB?.deps ?? []), ...(opB?.deps ?? [])]);
        if (!test && !condB && !opB) throw new LoweringError(`node \`${n.id}\` has no executable body`);
        let gate = and(presence(deps), enablePresence(n));
        if (inValue !== undefined) gate = and(gate, isSome(fn.get(inValue)));
        const fire = fn.let(`${n.id}_fire`, gate);
        fn.if(fn.get(fire), () => {
          let v: IrExpr;
          if (test?.value) {
            const env = exprEnv(test);
            lowerStmts(env, test.stmts);
            v = lowerExpr(env, test.value);
          } else {
            // Legacy `conditional`: out = !condition || operation.
            const cnd = condB?.value ? lowerExpr(exprEnv(condB), condB.value) : TRUE;
            const opv = opB?.value ? lowerExpr(exprEnv(opB), opB.value) : TRUE;
            v = { e: 'logic', op: 'or', left: not(cnd), right: opv, type: T.bool };
          }
          const r = fn.let(`${n.id}_result`, v);
          nodeOut(n, 'out', some(fn.get(r)));
          const carried = inValue !== undefined ? fn.get(inValue) : some(TRUE);
          fn.if(fn.get(r), () => nodeOut(n, 'pass', carried), () => nodeOut(n, 'fail', carried));
        });
        return;
      }
      case 'filter':
      case 'select': {
        const tb = body(op === 'filter' ? 'predicate' : 'when');
        if (!tb?.value || inValue === undefined) throw new LoweringError(`\`${n.id}\` needs ${op === 'filter' ? 'a predicate' : 'a `when`'} and a wired \`in\``);
        fn.if(and(isSome(fn.get(inValue)), presence([...tb.deps].filter((k) => k !== `port:${n.id}.in`))), () => {
          const env = exprEnv(tb);
          lowerStmts(env, tb.stmts);
          fn.if(lowerExpr(env, tb.value!), () => nodeOut(n, op === 'filter' ? 'pass' : 'out', fn.get(inValue)), () => op === 'filter' && nodeOut(n, 'drop', fn.get(inValue)));
        });
        return;
      }
      case 'build': {
        const t = a.outTypes.get(n.id)!.get('out')!;
        if (t.k !== 'struct') throw new LoweringError(`\`build\` needs a struct \`type\``);
        const d = model.types.struct(t.name)!;
        const deps = new Set<string>();
        for (const [k] of n.exprs) for (const dk of body(k)?.deps ?? []) deps.add(dk);
        fn.if(and(presence(deps), enablePresence(n)), () => {
          const fields = d.fields.map((f) => {
            const tb = body(`fields.${f.name}`);
            if (tb?.value) {
              const env = exprEnv(tb);
              lowerStmts(env, tb.stmts);
              return lowerExpr(env, tb.value);
            }
            if (!f.hasDefault) throw new LoweringError(`\`build\` \`${n.id}\` sets no \`${f.name}\` and ${d.name}.${f.name} has no default (E020)`);
            return c(defaultValueOf(model, f.type, f.defaultValue as never), types.of(f.type));
          });
          nodeOut(n, 'out', some(struct(types.of(t), fields)));
        });
        return;
      }
      case 'hash': {
        if (inValue === undefined) throw new LoweringError(`\`${n.id}\` has no wired \`in\``);
        const alg = stringParam(n, 'algorithm') ?? 'sha3_256';
        const inT = a.inTypes.get(n.id)!.get('in')!;
        const outT = types.of(a.outTypes.get(n.id)!.get('out')!);
        fn.if(isSome(fn.get(inValue)), () => nodeOut(n, 'out', some(builtin(alg, [packBytes(exprEnv(), unwrap(fn.get(inValue)), inT)], outT))));
        return;
      }
      case 'verify': {
        const ops = ['key', 'msg', 'sig'].map((p) => {
          const e = portEdges(n, p)[0];
          if (!e) throw new LoweringError(`\`verify\` \`${n.id}\` needs \`${p}\` wired`);
          return fn.let(`${n.id}_${p}`, edgeValue(e));
        });
        const msgT = a.inTypes.get(n.id)!.get('msg')!;
        fn.if(and(and(isSome(fn.get(ops[0]!)), isSome(fn.get(ops[1]!))), isSome(fn.get(ops[2]!))), () =>
          nodeOut(n, 'ok', some(builtin('mldsa_verify', [packBytes(exprEnv(), unwrap(fn.get(ops[1]!)), msgT), unwrap(fn.get(ops[2]!)), unwrap(fn.get(ops[0]!))], T.bool))),
        );
        return;
      }
      case 'pack':
      case 'unpack': {
        if (inValue === undefined) throw new LoweringError(`\`${n.id}\` has no wired \`in\``);
        const deps = op === 'pack' ? [...n.exprs.keys()].flatMap((k) => [...(body(k)?.deps ?? [])]).filter((k) => k !== `port:${n.id}.in`) : [];
        fn.if(and(isSome(fn.get(inValue)), presence(deps)), () => {
          const v = op === 'pack' ? lowerPack(fn, (tb) => exprEnv(tb), n, body) : lowerUnpack(fn, model, types, n, unwrap(fn.get(inValue)), a.inTypes.get(n.id)!.get('in')!, a.outTypes.get(n.id)!.get('out')!);
          nodeOut(n, 'out', some(v));
        });
        return;
      }
      case 'call': {
        const args = new Map<string, IrExpr>();
        let gate = enablePresence(n);
        for (const p of n.callParams ?? []) {
          const e = portEdges(n, p)[0];
          if (!e) throw new LoweringError(`\`call\` \`${n.id}\` needs its parameter \`${p}\` wired`);
          const id = fn.let(`${n.id}_${p}`, edgeValue(e));
          args.set(p, unwrap(fn.get(id)));
          gate = and(gate, isSome(fn.get(id)));
        }
        fn.if(gate, () => nodeOut(n, 'out', lowerCall(model, types, n, args)));
        return;
      }
      case 'fsm':
        return lowerFsm(n);
      case 'instance':
        return; // its ports are step inputs and outputs (see `subIn` / `subOut`)
      default:
        throw new LoweringError(`operator \`${op}\` has no lowering in this toolchain`);
    }
  }

  function lowerFsm(n: NodeModel): void {
    const enumName = a.fsmStates.get(n.id)!;
    const decl = model.types.declaration(enumName);
    if (decl?.kind !== 'enum') throw new LoweringError('fsm states are missing');
    const enumT = types.of({ k: 'enum', name: enumName });
    const initial = decl.variants.find((v) => v.name === str(n.params.get('initial_state')))?.value ?? 0n;
    stateFields.push({ name: `fsm$${n.id}`, type: enumT, init: initial });
    fsmIndex.set(n.id, stateFields.length - 1);
    const triggers = a.fsmTriggers.get(n.id) ?? [];
    const rules = items(n.params.get('transitions')).map((t, i) => ({ t, i, from: str(get(t, 'from')) ?? '*', to: str(get(t, 'to')) ?? '', trigger: triggers[i] }));
    // Wildcard rules first, then list order; at most one transition per step.
    const ordered = [...rules.filter((r) => r.from === '*'), ...rules.filter((r) => r.from !== '*')];
    const cur = fn.let(`${n.id}_cur`, getSlot(`fsm$${n.id}`));
    const fired = fn.let(`${n.id}_fired`, c(false, T.bool));
    const next = fn.let(`${n.id}_next`, fn.get(cur));
    for (const r of ordered) {
      const toV = decl.variants.find((v) => v.name === r.to);
      if (!toV) continue;
      let cnd: IrExpr = not(fn.get(fired));
      if (r.from !== '*') {
        const fromV = decl.variants.find((v) => v.name === r.from)!;
        cnd = and(cnd, bin('eq', fn.get(cur), c(fromV.value, enumT)));
      }
      if (r.trigger) cnd = and(cnd, presence([r.trigger]));
      const guard = a.bodies.get(`${n.id}/when.${r.i}`);
      fn.if(cnd, () => {
        const apply = () => {
          fn.set(fired, TRUE);
          fn.set(next, c(toV.value, enumT));
        };
        if (guard?.value) fn.if(and(presence(guard.deps), lowerExpr(exprEnv(guard), guard.value)), apply);
        else apply();
      });
    }
    fn.if(and(fn.get(fired), bin('ne', fn.get(next), fn.get(cur))), () => nodeOut(n, 'changed', some(fn.get(next))));
    setSlot(`fsm$${n.id}`, fn.get(next));
    nodeOut(n, 'state', some(fn.get(next)));
  }

  function lowerStatefulCall(n: NodeModel, op: (typeof STATEFUL_OPS)[string]): void {
    const spec = OPS[n.op!]!;
    const inputsCache = new Map<string, IrExpr | undefined>();
    const writes: { port: string; value: IrExpr }[] = [];
    for (const e of incoming(n)) {
      const t = e.to.resolved;
      if (t?.kind !== 'node' || !spec.inputs[t.port]?.write) continue;
      writes.push({ port: t.port, value: fn.get(fn.let(`${n.id}_${t.port}${writes.length}`, edgeValue(e))) });
    }
    const low = lowerStatefulNode(
      model,
      n,
      op,
      types,
      {
        input: (port) => {
          if (!inputsCache.has(port)) {
            if (port === 'in' && operands.has(`port:${n.id}.in`)) inputsCache.set(port, fn.get(operands.get(`port:${n.id}.in`)!.opt));
            else {
              const e = spec.inputs[port]?.write ? [] : portEdges(n, port);
              // merge inputs named by the source (bare edges) also count.
              const bare = n.op === 'merge' ? incoming(n).filter((x) => x.to.resolved?.kind === 'node' && !x.to.resolved.explicit && x.from.segs[0]!.name === port) : [];
              const edge = e[0] ?? bare[0];
              inputsCache.set(port, edge ? fn.get(fn.let(`${n.id}_${port}`, edgeValue(edge))) : undefined);
            }
          }
          return inputsCache.get(port);
        },
        writes,
        inType: (port) => {
          const t = a.inTypes.get(n.id)!.get(port);
          if (t) return t;
          if (n.op === 'merge') {
            const bare = incoming(n).find((x) => x.to.resolved?.kind === 'node' && !x.to.resolved.explicit && x.from.segs[0]!.name === port);
            if (bare) {
              const s = bare.from.resolved;
              if (s?.kind === 'node') return a.outTypes.get(s.node.id)?.get(s.port) ?? ET.unknown;
              if (s?.kind === 'input') return payload(s.port);
            }
          }
          return ET.unknown;
        },
        config: (path) => {
          const cfg = model.inputs.find((p) => p.name === 'config');
          if (!cfg) throw new LoweringError('`config.` parameter with no `config` input');
          let e = unwrap(operandExpr('in:config'));
          let t = cfg.type;
          for (const seg of path) {
            const d = t.k === 'struct' ? model.types.struct(t.name) : undefined;
            const i = d?.fields.findIndex((f) => f.name === seg) ?? -1;
            if (!d || i < 0) throw new LoweringError(`\`config.${path.join('.')}\` does not resolve`);
            t = d.fields[i]!.type;
            e = field(e, i, types.of(t));
          }
          return { expr: e, type: t };
        },
      },
      prefix,
      a.outTypes.get(n.id)!,
      checked,
    );
    stateful.set(n.id, low);
    stateFields.push({ name: `node$${n.id}`, type: low.stateType, init: low.init });
    funcs.push(low.evalFunc);
    if (low.commitFunc) funcs.push(low.commitFunc);
    const resultT = low.evalFunc.result;
    const r = fn.let(`${n.id}_r`, call(low.evalFunc.name, [getSlot(`node$${n.id}`), ...low.evalArgs, fn.get(now)], resultT));
    setSlot(`node$${n.id}`, field(fn.get(r), 0, low.stateType));
    low.outPorts.forEach((p, i) => nodeOut(n, p, field(fn.get(r), i + 1, T.option(types.of(a.outTypes.get(n.id)!.get(p)!)))));
    if (low.commitFunc) commits.push({ n, low });
  }

  // 4. Commit: [W] writes in evaluation order, then state registers.
  for (const { n, low } of commits) {
    fn.located(spans.node(n), () => setSlot(`node$${n.id}`, call(low.commitFunc!.name, [getSlot(`node$${n.id}`), ...low.commitArgs, fn.get(now)], low.stateType)));
  }
  for (const r of model.state) {
    const pending = pendingWrites.get(r.name);
    if (pending === undefined) continue;
    fn.located(spans.of(r.node), () => fn.if(isSome(fn.get(pending)), () => setSlot(`reg$${r.name}`, unwrap(fn.get(pending)))));
  }

  // Outputs: events are their driver's option; value outputs are registered.
  const outFields: IrExpr[] = [];
  for (const p of outPorts) fn.located(spans.port(p), () => {
    const drivers = a.outputDrivers.get(p.name) ?? [];
    const driver = drivers.find((d) => d.to.resolved?.kind === 'output' && d.to.resolved.fields.length === 0);
    const v = driver ? fn.let(`drive_${p.name}`, edgeValue(driver)) : undefined;
    if (p.mode === 'value') {
      if (v !== undefined) fn.if(isSome(fn.get(v)), () => setSlot(`out$${p.name}`, unwrap(fn.get(v))));
      outFields.push(getSlot(`out$${p.name}`));
    } else {
      if (v !== undefined) fn.set(outLocals.get(p.name)!, fn.get(v));
      outFields.push(fn.get(outLocals.get(p.name)!));
    }
  });
  for (const name of subOutNames) {
    const drivers = subOut.filter((e) => `${(e.to.resolved as { id: string }).id}.${(e.to.resolved as { port: string }).port}` === name);
    outFields.push(fn.get(fn.let(`sub_${name.replace('.', '_')}`, edgeValue(drivers[0]!))));
  }
  // Telemetry: guarded `emit`s of the entries that resolve (lower/telemetry.ts).
  const telemetry = lowerGraphTelemetry({
    model,
    types,
    fn,
    prefix,
    read: (key) => {
      if (key.startsWith('out:')) {
        const p = outPorts.find((x) => x.name === key.slice(4));
        if (p?.mode === 'value') return some(getSlot(`out$${p.name}`));
      }
      const o = operands.get(key);
      return o ? fn.get(o.opt) : undefined;
    },
    slot: (name, type, init) => {
      stateFields.push({ name, type, init });
      return { get: () => getSlot(name), set: (v) => setSlot(name, v) };
    },
  });
  types.defineStruct(stateTypeName, stateFields.map((f) => ({ name: f.name, type: f.type })));
  fn.returns(struct(resultType, [fn.get(st), struct(outputsType, outFields)]));
  const stepFunc = fn.build({ exported: true, sourceName: prefix, overflowChecks: checked, attrs: { escir: true } });
  funcs.push(stepFunc);
  const invariants = lowerInvariants(model, types, prefix, stateType, inputsType, outputsType, stateFields, inPorts, outPorts, checked, funcs);

  const proc: IrProc = {
    name: prefix,
    stateType,
    inputsType,
    outputsType,
    initialState: stateFields.map((f) => f.init),
    step: stepFunc.name,
    loc: spans.circuit(),
    attrs: {
      inputs: inPorts.map((p) => ({ name: p.name, mode: p.mode, ...(p.validPort ? { validFlag: p.validPort } : {}) })),
      outputs: outPorts.map((p) => ({ name: p.name, mode: p.mode, ...(p.validPort ? { validFlag: p.validPort } : {}) })),
      // Legacy circuits take `now` from this value input (ESCIR.md §6 "Legacy now").
      ...(model.level === 'legacy' && legacyClock(model) ? { clockInput: legacyClock(model) } : {}),
    },
  };
  return {
    proc,
    funcs,
    inputsType,
    outputsType,
    stateType,
    inputFields: [...inPorts.map((p) => p.name), ...subIn.map(([k]) => k)],
    outputFields: [...outPorts.map((p) => p.name), ...subOutNames],
    subPorts: new Map(subIn),
    invariants,
    stateFieldNames: stateFields.map((f) => f.name),
    telemetry,
  };
}
