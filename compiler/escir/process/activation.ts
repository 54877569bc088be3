/**
 * One component's activation (ESCIR.md §7): `<circuit>.<component>.activate(state, now) →
 * state` runs the body once. Registers and slots persist in the state; wire writes are held
 * in locals and committed when the activation ends (at its end or at a `return`), so the
 * component reads its own outputs as they were before it ran. `p.recv()` on an empty stream
 * traps (a branch recv: the runnable rule covers the unconditional ones).
 */
import type { IrExpr, IrFunc } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import type { TExpr } from '../expr/typed.ts';
import { bin, c, call, field, FnBuilder, none, some, TRUE } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import { lowerExpr, lowerStmts, packBytes, type ExprLowerEnv } from '../lower/expr.ts';
import type { ComponentModel } from '../model.ts';
import type { EType } from '../types/etype.ts';
import { lowerCoreMethod, type SlotAccess } from './cores.ts';
import type { ProcessLayout } from './layout.ts';

/** ROM id → name of its lookup function. */
export type RomFuncs = Map<string, string>;

export function activationName(prefix: string, comp: ComponentModel): string {
  return `${prefix}.${comp.id}.activate`;
}

export function lowerActivation(L: ProcessLayout, comp: ComponentModel, roms: RomFuncs, checked: boolean): IrFunc {
  const typed = comp.typed;
  if (!typed) throw new LoweringError(`component \`${comp.id}\` has no executable body`);
  // Located at the component's body; each statement and expression at its token inside it.
  const fn = new FnBuilder(activationName(L.prefix, comp), 'helper', L.stateType, L.spans.component(comp));
  const cx = fn.param('state', L.stateType);
  const now = fn.param('now', T.u64);
  const pending = new Map<string, number>();
  for (const p of comp.ports) if (!p.stream && p.direction === 'output') pending.set(p.id, fn.let(`wire_${p.id}`, L.get(fn, cx, `wire$${comp.id}.${p.id}`)));
  const commit = () => {
    for (const [port, local] of pending) L.set(fn, cx, `wire$${comp.id}.${port}`, fn.get(local));
  };
  const ownWire = (key: string) => {
    const port = key.slice(key.indexOf('.') + 1);
    const local = pending.get(port);
    if (local === undefined) throw new LoweringError(`\`${key}\` is not an output wire of \`${comp.id}\``);
    return local;
  };
  /**
   * A component's state write (a register or an output wire, assigned whole) passes through a
   * witness binding named `component.name`, located at the assignment, so the witness records
   * it and `witness verify` can name it (specs/escir.md §7b).
   */
  const recorded = (key: string, v: IrExpr): IrExpr => fn.get(fn.let(`${comp.id}.${key.slice(key.indexOf('.') + 1)}`, v, { witness: true }));
  const elemOf = (port: string): EType => {
    const p = comp.ports.find((x) => x.id === port)!;
    return p.type.k === 'stream' ? p.type.elem : p.type;
  };
  const env: ExprLowerEnv = {
    fn,
    types: L.types,
    table: L.model.types,
    locals: new Map(),
    checked,
    operand: (key) => L.operand(fn, cx, key, fn.get(now)),
    assign: (key, v) => {
      if (key.startsWith('reg:')) L.set(fn, cx, `reg$${key.slice(4)}`, recorded(key.slice(4), v));
      else if (key.startsWith('wire:')) fn.set(ownWire(key.slice(5)), recorded(key.slice(5), v));
      else throw new LoweringError(`\`${key}\` cannot be assigned`);
    },
    place: (key, path, v) => {
      if (key.startsWith('reg:')) L.set(fn, cx, `reg$${key.slice(4)}`, v, path);
      else if (key.startsWith('wire:')) fn.setPath(ownWire(key.slice(5)), path as never, v);
      else throw new LoweringError(`\`${key}\` cannot be assigned`);
    },
    exit: () => {
      commit();
      fn.returns(fn.get(cx));
    },
    effect: (e) => effect(e),
    spans: L.spans.body(comp.process!),
  };

  const inBlock = (type: import('../../ir/ir.ts').IrType, body: () => IrExpr): IrExpr => {
    let value: IrExpr | undefined;
    const stmts = fn.block(() => {
      value = fn.get(fn.let('fx', body()));
    });
    return { e: 'block', stmts, value: value!, type };
  };
  const trap = (message: string) => fn.emit({ s: 'trap', kind: 'fail', message });

  function effect(e: TExpr & { k: 'effect' }): IrExpr {
    const port = e.target.slice(e.target.indexOf('.') + 1);
    const key = e.target;
    const ty = L.types.of(e.type);
    const args = () => e.args.map((a) => lowerExpr(env, a));
    switch (e.op) {
      case 'recv':
      case 'peek':
        return inBlock(ty, () => {
          fn.if(bin('eq', L.chanCount(fn, cx, key), c(0n, T.u32)), () => trap(`\`${key}.${e.op}()\` on an empty stream`));
          return fn.get(L.pop(fn, cx, key, e.op === 'peek'));
        });
      case 'try_recv':
        return inBlock(ty, () => {
          const out = fn.let('got', none(L.types.of(elemOf(port))));
          fn.if(bin('gt', L.chanCount(fn, cx, key), c(0n, T.u32)), () => fn.set(out, some(fn.get(L.pop(fn, cx, key)))));
          return fn.get(out);
        });
      case 'empty':
      case 'is_empty':
      case 'ready':
      case 'full':
      case 'len':
      case 'available':
        return streamQuery(e.op, key, port);
      case 'send':
      case 'try_send':
        return inBlock(T.bool, () => {
          const item = fn.let('out_item', args()[0]!);
          return fn.get(L.deliver(fn, cx, { kind: 'port', comp: comp.id, port }, item, e.op === 'send' ? 'send' : 'try', fn.get(now), `\`${key}.send()\``));
        });
      case 'wset':
        fn.set(ownWire(key), recorded(key, args()[0]!));
        return TRUE;
      case 'wget':
        return L.wireIn(fn, cx, key, fn.get(now));
      case 'none':
        throw new LoweringError(`\`${key}\` has an unchecked operation`);
      default:
        if (e.op.startsWith('core:')) return core(e, ty);
        throw new LoweringError(`operation \`${e.op}\` has no lowering`);
    }
  }

  function streamQuery(op: string, key: string, port: string): IrExpr {
    const p = comp.ports.find((x) => x.id === port)!;
    if (p.direction !== 'output') {
      const count = L.chanCount(fn, cx, key);
      const depth = c(BigInt(L.channel(key).depth), T.u32);
      switch (op) {
        case 'empty':
        case 'is_empty':
          return bin('eq', count, c(0n, T.u32));
        case 'ready':
          return bin('gt', count, c(0n, T.u32));
        case 'full':
          return bin('ge', count, depth);
        default:
          return count;
      }
    }
    // An output stream: its channels (boundary outputs never fill).
    const chans = L.routesFrom({ kind: 'port', comp: comp.id, port })
      .filter((r) => r.to.kind === 'port')
      .map((r) => `${(r.to as { comp: string }).comp}.${(r.to as { port: string }).port}`)
      .filter((k) => L.net.channels.has(k));
    const free = (k: string) => bin('sub', c(BigInt(L.channel(k).depth), T.u32), L.chanCount(fn, cx, k));
    switch (op) {
      case 'full':
        return chans.map((k) => bin('eq', free(k), c(0n, T.u32))).reduce((a, b) => ({ e: 'logic', op: 'or', left: a, right: b, type: T.bool }), c(false, T.bool) as IrExpr);
      case 'ready':
        return chans.map((k) => bin('gt', free(k), c(0n, T.u32))).reduce((a, b) => ({ e: 'logic', op: 'and', left: a, right: b, type: T.bool }), TRUE as IrExpr);
      case 'len':
        return chans.length ? L.chanCount(fn, cx, chans[0]!) : c(0n, T.u32);
      default:
        return chans.length ? chans.map(free).reduce((a, b) => ({ e: 'if', cond: bin('le', a, b), then: a, else: b, type: T.u32 })) : c(BigInt(0xffffffff), T.u32);
    }
  }

  function core(e: TExpr & { k: 'effect' }, ty: import('../../ir/ir.ts').IrType): IrExpr {
    const [coreName, method] = e.op.slice(5).split('.') as [string, string];
    if (coreName === 'SchemaROM') {
      const slot = e.target.includes('.') ? e.target.slice(e.target.indexOf('.') + 1) : e.target;
      const rom = roms.get(slot) ?? (roms.size === 1 ? [...roms.values()][0] : undefined);
      if (!rom) throw new LoweringError(`SchemaROM slot \`${slot}\` is bound to no memory component (name the slot after one)`);
      const row = call(rom, [lowerExpr(env, e.args[0]!)], L.types.of({ k: 'struct', name: 'rom$Row' }));
      return method === 'contains' ? field(row, 4, T.bool) : row;
    }
    const slotName = `slot$${e.target}`;
    const stateless = !L.has(slotName);
    const sub = (name: string) => {
      const st = L.fields[L.idx(slotName)]!.type;
      const def = L.types.defs[(st as { id: number }).id] as import('../../ir/ir.ts').IrStructDef;
      const i = def.fields.findIndex((f) => f.name === name);
      return { i, type: def.fields[i]!.type };
    };
    const s: SlotAccess = {
      fn,
      get: (name) => {
        const f = sub(name);
        return field(L.get(fn, cx, slotName), f.i, f.type);
      },
      set: (name, v) => L.set(fn, cx, slotName, v, [{ k: 'field', index: sub(name).i }]),
      setAt: (name, i, v) => L.set(fn, cx, slotName, v, [{ k: 'field', index: sub(name).i }, { k: 'index', index: i }]),
      bytesOf: (v, t) => packBytes(env, v, t),
      trap,
    };
    if (stateless && coreName !== 'CharacterClassifier') throw new LoweringError(`core slot \`${e.target}\` has no state`);
    return inBlock(ty, () => lowerCoreMethod(coreName, method, e.args.map((a) => lowerExpr(env, a)), e.args.map((a) => a.type), s));
  }

  lowerStmts(env, typed.stmts);
  commit();
  fn.returns(fn.get(cx));
  return fn.build({ overflowChecks: checked, attrs: { escirComponent: comp.id } });
}
