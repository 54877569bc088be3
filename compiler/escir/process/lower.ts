/**
 * A process circuit → an IrProc (ESCIR.md §7 lowering, §10 "process → CFG"). The step
 * `(state, inputs, now) → {state, outputs}`:
 *   1. clears the per-step outputs and binds the inputs (value inputs are held; event and
 *      stream inputs deliver one item along their routes);
 *   2. runs components in declaration order, in rounds, until none is runnable — runnable
 *      when the streams its unconditional path reads hold enough items and every `stall`
 *      FIFO it sends to has room for its static maximum of sends; a component whose
 *      unconditional path reads no stream runs once per step (specs/escir.md §11);
 *   3. returns value outputs (held), event outputs (the last item this step) and stream
 *      outputs (every item this step, in order).
 * More than 100 000 activations in one step traps (`fuel`, E075 in tests).
 */
import type { IrExpr, IrFunc, IrProc, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { and, bin, c, call, cond, field, FnBuilder, isSome, none, not, some, struct, TRUE, unwrap } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import type { GraphLowering } from '../lower/graph.ts';
import type { IrTypes } from '../lower/ir-types.ts';
import type { ComponentModel, EscirModel } from '../model.ts';
import { activationName, lowerActivation, type RomFuncs } from './activation.ts';
import { ProcessLayout, MAX_ACTIVATIONS } from './layout.ts';
import { sendPolicy } from './net.ts';
import { romLookupFunc } from './rom.ts';
import { lowerInvariants } from '../lower/invariants.ts';
import { lowerProcessEmissions } from './emissions.ts';
import { CircuitSpans } from '../lower/locations.ts';

export interface ProcessLowering extends GraphLowering {
  /** Outputs that carry a list of items per step (stream mode). */
  listOutputs: Set<string>;
}

/** ROM lookup functions of every memory component. */
export function lowerRoms(model: EscirModel, types: IrTypes): { funcs: IrFunc[]; roms: RomFuncs } {
  const prefix = model.name ?? 'circuit';
  const funcs: IrFunc[] = [];
  const roms: RomFuncs = new Map();
  for (const comp of model.components) {
    if (comp.type !== 'memory' || !comp.rom) continue;
    const f = romLookupFunc(`${prefix}.${comp.id}.lookup`, comp.rom, types, new CircuitSpans(model).of(comp.node));
    funcs.push(f);
    roms.set(comp.id, f.name);
  }
  return { funcs, roms };
}

/** Activations of the components whose bodies checked, when the whole circuit cannot lower. */
export function lowerProcessParts(model: EscirModel, types: IrTypes): { funcs: IrFunc[]; lowered: string[] } {
  const { funcs, roms } = lowerRoms(model, types);
  const lowered = [...roms.keys()];
  if (!model.net) return { funcs, lowered };
  let L: ProcessLayout;
  try {
    L = new ProcessLayout(model, types, model.net, active(model));
  } catch (e) {
    if (e instanceof LoweringError) return { funcs, lowered };
    throw e;
  }
  for (const comp of active(model)) {
    if (!comp.typed) continue;
    try {
      funcs.push(lowerActivation(L, comp, roms, model.annotations.checked === true));
      lowered.push(comp.id);
    } catch (e) {
      if (!(e instanceof LoweringError)) throw e;
    }
  }
  return { funcs, lowered };
}

function active(model: EscirModel): ComponentModel[] {
  return model.components.filter((c) => c.type !== 'memory');
}

export function lowerProcessCircuit(model: EscirModel, types: IrTypes): ProcessLowering {
  const net = model.net;
  if (!net) throw new LoweringError('the circuit has no process network');
  const comps = active(model);
  const blocked = comps.filter((c) => !c.typed);
  if (blocked.length) throw new LoweringError(`component${blocked.length > 1 ? 's' : ''} ${blocked.map((c) => `\`${c.id}\``).join(', ')} ha${blocked.length > 1 ? 've' : 's'} no executable body`);
  const checked = model.annotations.checked === true;
  const L = new ProcessLayout(model, types, net, comps);
  const { funcs, roms } = lowerRoms(model, types);
  for (const comp of comps) funcs.push(lowerActivation(L, comp, roms, checked));

  const prefix = L.prefix;
  const ins = net.boundary.filter((b) => b.direction === 'input');
  const outs = net.boundary.filter((b) => b.direction === 'output');
  const inputsType = types.defineStruct(`${prefix}$inputs`, ins.map((b) => ({ name: b.name, type: T.option(types.of(b.type)) })));
  const outType = (b: (typeof outs)[number]): IrType => (b.mode === 'stream' ? T.list(types.of(b.type)) : b.mode === 'value' ? types.of(b.type) : T.option(types.of(b.type)));
  const outputsType = types.defineStruct(`${prefix}$outputs`, outs.map((b) => ({ name: b.name, type: outType(b) })));
  const resultType = types.defineStruct(`${prefix}$step`, [
    { name: 'state', type: L.stateType },
    { name: 'outputs', type: outputsType },
  ]);

  // Glue code at the circuit's `processes`/`components` key; ports' and components' code at their YAML.
  const fn = new FnBuilder(`${prefix}.step`, 'step', resultType, L.spans.circuit());
  const cx = fn.param('state', L.stateType);
  const inp = fn.param('inputs', inputsType);
  const now = fn.param('now', T.u64);

  // 1. Per-step outputs, then inputs.
  for (const b of outs) {
    fn.located(L.spans.of(b.node), () => {
      if (b.mode === 'stream') L.set(fn, cx, `outq$${b.name}`, c([], T.list(types.of(b.type))));
      else if (b.mode !== 'value') L.set(fn, cx, `out$${b.name}`, none(types.of(b.type)));
    });
  }
  ins.forEach((b, i) => fn.located(L.spans.of(b.node), () => {
    const raw = fn.let(`in_${i}`, field(fn.get(inp), i, T.option(types.of(b.type))));
    if (b.mode === 'value') {
      fn.if(isSome(fn.get(raw)), () => L.set(fn, cx, `in$${b.name}`, unwrap(fn.get(raw))));
      return;
    }
    let present: IrExpr = isSome(fn.get(raw));
    if (b.mode === 'edge') {
      const level = fn.let(`lvl_${i}`, cond(isSome(fn.get(raw)), unwrap(fn.get(raw)), L.get(fn, cx, `edge$${b.name}`)));
      present = fn.get(fn.let(`rose_${i}`, and(fn.get(level), not(L.get(fn, cx, `edge$${b.name}`)))));
      L.set(fn, cx, `edge$${b.name}`, fn.get(level));
    }
    fn.if(present, () => {
      const item = fn.let(`item_${i}`, unwrap(fn.get(raw)));
      L.set(fn, cx, `in$${b.name}`, fn.get(item));
      L.deliver(fn, cx, { kind: 'input', name: b.name }, item, 'input', fn.get(now), `input \`${b.name}\``);
    });
  }));

  // 2. Rounds.
  const acts = fn.let('activations', c(0n, T.u32));
  const ran = comps.map((comp) => fn.let(`ran_${comp.id}`, c(false, T.bool)));
  const loop = fn.block(() => {
    const progressed = fn.let('progressed', c(false, T.bool));
    comps.forEach((comp, k) => fn.located(L.spans.component(comp), () => {
      fn.if(runnable(comp, ran[k]!), () => {
        fn.set(cx, call(activationName(prefix, comp), [fn.get(cx), fn.get(now)], L.stateType));
        fn.set(ran[k]!, TRUE);
        fn.set(progressed, TRUE);
        fn.set(acts, bin('add', fn.get(acts), c(1n, T.u32)));
        fn.if(bin('gt', fn.get(acts), c(BigInt(MAX_ACTIVATIONS), T.u32)), () =>
          fn.emit({ s: 'trap', kind: 'fuel', message: `more than ${MAX_ACTIVATIONS} activations in one step (a process loop that never settles)` }),
        );
      });
    }));
    fn.if(not(fn.get(progressed)), () => fn.emit({ s: 'break' }));
  });
  fn.emit({ s: 'loop', body: loop });
  L.set(fn, cx, 'activations', bin('add', L.get(fn, cx, 'activations'), { e: 'convert', kind: 'int', value: fn.get(acts), type: T.u64 }));

  function runnable(comp: ComponentModel, ranLocal: number): IrExpr {
    const typed = comp.typed!;
    let ok: IrExpr = TRUE;
    const add = (x: IrExpr) => (ok = ok === TRUE ? x : and(ok, x));
    for (const [port, n] of typed.recvs) add(bin('ge', L.chanCount(fn, cx, `${comp.id}.${port}`), c(BigInt(n), T.u32)));
    const need = new Map<string, number>();
    for (const [port, n] of typed.sends) {
      const out = comp.ports.find((p) => p.id === port);
      for (const r of L.routesFrom({ kind: 'port', comp: comp.id, port })) {
        if (r.to.kind !== 'port') continue;
        const key = `${r.to.comp}.${r.to.port}`;
        const ch = net!.channels.get(key);
        if (ch && sendPolicy(out, ch) === 'stall') need.set(key, (need.get(key) ?? 0) + n);
      }
    }
    for (const [key, n] of need) {
      const depth = L.channel(key).depth;
      if (n > depth) throw new LoweringError(`\`${comp.id}\` may send ${n} items to the stall FIFO \`${key}\` (depth ${depth}) in one activation; it could never run`);
      add(bin('le', L.chanCount(fn, cx, key), c(BigInt(depth - n), T.u32)));
    }
    if (typed.recvs.size === 0) add(not(fn.get(ranLocal)));
    return ok;
  }

  // 3. Outputs. Wires driving outputs are read after the rounds: value outputs hold the wire,
  // event outputs carry it in the steps where its component ran.
  for (const b of outs) {
    if (b.mode === 'stream') continue;
    for (const r of [...net.routes].reverse()) {
      if (r.to.kind !== 'output' || r.to.name !== b.name || r.from.kind !== 'port') continue;
      if (!L.has(`wire$${r.from.comp}.${r.from.port}`)) continue;
      const src = L.get(fn, cx, `wire$${r.from.comp}.${r.from.port}`);
      const k = comps.findIndex((x) => x.id === (r.from as { comp: string }).comp);
      fn.located(L.spans.of(b.node), () => {
        let when: IrExpr = b.mode === 'value' ? TRUE : fn.get(ran[k]!);
        if (r.cond) when = and(when, L.condition(fn, cx, r, src, fn.get(now)));
        fn.if(when, () => L.set(fn, cx, `out$${b.name}`, b.mode === 'value' ? src : some(src)));
      });
    }
  }
  const telemetry = lowerProcessEmissions(model, L, types, fn, cx);
  const outFields = outs.map((b) => L.get(fn, cx, b.mode === 'stream' ? `outq$${b.name}` : `out$${b.name}`));
  fn.returns(struct(resultType, [fn.get(cx), struct(outputsType, outFields)]));
  const stepFunc = fn.build({ exported: true, sourceName: prefix, overflowChecks: checked, attrs: { escir: true, process: true } });
  funcs.push(stepFunc);

  // Invariants over the declared ports (the boundary inputs and outputs come first, in order).
  const inPorts = model.inputs.filter((p) => !p.isValidFlag);
  const outPorts = model.outputs.filter((p) => !p.isValidFlag);
  const listOutputs = new Set(outs.filter((b) => b.mode === 'stream').map((b) => b.name));
  const invariants = lowerInvariants(model, types, prefix, L.stateType, inputsType, outputsType, L.fields, inPorts, outPorts, checked, funcs, listOutputs);
  const proc: IrProc = {
    name: prefix,
    stateType: L.stateType,
    inputsType,
    outputsType,
    initialState: L.fields.map((f) => f.init),
    step: stepFunc.name,
    loc: L.spans.circuit(),
    attrs: {
      process: true,
      inputs: ins.map((b) => ({ name: b.name, mode: b.mode, ...(b.port ? { port: `${b.port.comp}.${b.port.port}` } : {}) })),
      outputs: outs.map((b) => ({ name: b.name, mode: b.mode, ...(b.port ? { port: `${b.port.comp}.${b.port.port}` } : {}) })),
      components: comps.map((x) => x.id),
      channels: [...net.channels.values()].map((ch) => ({ port: ch.key, depth: ch.depth, policy: ch.policy })),
    },
  };
  return {
    proc,
    funcs,
    inputsType,
    outputsType,
    stateType: L.stateType,
    inputFields: ins.map((b) => b.name),
    outputFields: outs.map((b) => b.name),
    invariants,
    stateFieldNames: L.fields.map((f) => f.name),
    listOutputs,
    telemetry,
  };
}
