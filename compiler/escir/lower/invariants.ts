/**
 * Invariants → predicate functions `(state, inputs, outputs, now) -> option<bool>` run after
 * every step (ESCIR.md §6 step 4, §10 "invariants → assert funcs"). `none` means the
 * invariant read an absent event and is skipped for that step.
 */
import type { IrExpr, IrFunc, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import type { EscirModel, PortModel } from '../model.ts';
import { typeInvariantsQuiet } from './invariant-types.ts';
import { and, field, FnBuilder, isSome, none, some, unwrap, TRUE } from './builder.ts';
import { lowerExpr, lowerStmts } from './expr.ts';
import type { IrTypes } from './ir-types.ts';
import { CircuitSpans } from './locations.ts';

export function lowerInvariants(
  model: EscirModel,
  types: IrTypes,
  prefix: string,
  stateType: IrType,
  inputsType: IrType,
  outputsType: IrType,
  stateFields: { name: string; type: IrType }[],
  inPorts: PortModel[],
  outPorts: PortModel[],
  checked: boolean,
  funcs: IrFunc[],
  /** Outputs carrying lists (process streams): invariants cannot read them. */
  listOutputs?: Set<string>,
): { name: string; func: string }[] {
  const out: { name: string; func: string }[] = [];
  const typed = typeInvariantsQuiet(model);
  const spans = new CircuitSpans(model);
  model.invariants.forEach((inv, k) => {
    const tb = typed.get(inv);
    if (!tb?.value) return;
    const fn = new FnBuilder(`${prefix}.invariant.${k}`, 'predicate', T.option(T.bool), spans.invariant(inv));
    const st = fn.param('state', stateType);
    const inp = fn.param('inputs', inputsType);
    const outs = fn.param('outputs', outputsType);
    fn.param('now', T.u64);
    const slot = (name: string) => {
      const i = stateFields.findIndex((f) => f.name === name);
      return i < 0 ? undefined : field(fn.get(st), i, stateFields[i]!.type);
    };
    // Every operand as an option: value ports and registers are always present.
    const operand = (key: string): IrExpr | undefined => {
      const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      if (kind === 'in') {
        const p = inPorts.findIndex((x) => x.name === name);
        if (p < 0) return undefined;
        if (inPorts[p]!.mode === 'value') return some(slot(`in$${name}`)!);
        return field(fn.get(inp), p, T.option(types.of(payloadOf(inPorts[p]!))));
      }
      if (kind === 'valid') {
        const p = inPorts.findIndex((x) => x.validPort === name);
        return p < 0 ? undefined : some(isSome(field(fn.get(inp), p, T.option(types.of(payloadOf(inPorts[p]!))))));
      }
      if (kind === 'out') {
        const p = outPorts.findIndex((x) => x.name === name);
        if (p < 0 || listOutputs?.has(name)) return undefined;
        const t = types.of(payloadOf(outPorts[p]!));
        return outPorts[p]!.mode === 'value' ? some(field(fn.get(outs), p, t)) : field(fn.get(outs), p, T.option(t));
      }
      if (kind === 'state') {
        const s = slot(`reg$${name}`);
        return s ? some(s) : undefined;
      }
      return undefined;
    };
    const bound = new Map<string, number>();
    for (const key of tb.deps) {
      const e = operand(key);
      if (!e) return; // reads a node port: not checkable from outside the step
      bound.set(key, fn.let(key.replace(/[^A-Za-z0-9_$]/g, '_'), e));
    }
    let present: IrExpr = TRUE;
    for (const id of bound.values()) present = present === TRUE ? isSome(fn.get(id)) : and(present, isSome(fn.get(id)));
    const result = fn.let('result', none(T.bool));
    fn.if(present, () => {
      const env = { fn, types, table: model.types, locals: new Map<number, number>(), checked, operand: (key: string) => unwrap(fn.get(bound.get(key)!)), spans: spans.body(tb.body) };
      lowerStmts(env, tb.stmts);
      fn.set(result, some(lowerExpr(env, tb.value!)));
    });
    fn.returns(fn.get(result));
    funcs.push(fn.build({ attrs: { invariant: inv.name } }));
    out.push({ name: inv.name, func: fn.name });
  });
  return out;
}

function payloadOf(p: PortModel) {
  return p.type.k === 'stream' ? p.type.elem : p.type;
}
