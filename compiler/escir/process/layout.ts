/**
 * The state of a lowered process circuit (ESCIR.md §10 "process → CFG with chan.recv/send"):
 * one struct holding every register, committed wire, core slot, channel ring buffer
 * (`chan<T, depth>` as `{items: [T; depth], head, count}`), boundary register and the
 * per-step boundary outputs. Also the code shared by activations and the step: delivering
 * an item along the routes of a source, and reading a wire through its muxes (`select`).
 */
import type { IrConst, IrExpr, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { and, bin, c, cond, convert, field, FnBuilder, index, not, some, TRUE } from '../lower/builder.ts';
import { LoweringError } from '../lower/errors.ts';
import { lowerExpr, lowerStmts, type ExprLowerEnv } from '../lower/expr.ts';
import type { IrTypes } from '../lower/ir-types.ts';
import { defaultValueOf } from '../lower/defaults.ts';
import type { ComponentModel, EscirModel } from '../model.ts';
import { zeroValue } from '../types/literals.ts';
import type { EType } from '../types/etype.ts';
import { get } from '../yaml/tree.ts';
import { coreStateFields } from './cores.ts';
import { CircuitSpans } from '../lower/locations.ts';
import { sendPolicy, type BoundaryPort, type ChannelModel, type NetRoute, type NetSource, type ProcessNet } from './net.ts';

export interface StateField {
  name: string;
  type: IrType;
  init: IrConst;
}

/** Most activations one step may run (ESCIR.md §6 "test_vectors": over 100 000 is E075). */
export const MAX_ACTIVATIONS = 100_000;

export class ProcessLayout {
  readonly fields: StateField[] = [];
  private readonly index = new Map<string, number>();
  readonly prefix: string;
  stateType: IrType = T.void;
  /** Where the circuit's parts are in the YAML (lower/locations.ts). */
  readonly spans: CircuitSpans;

  constructor(
    readonly model: EscirModel,
    readonly types: IrTypes,
    readonly net: ProcessNet,
    readonly comps: ComponentModel[],
  ) {
    this.prefix = model.name ?? 'circuit';
    this.spans = new CircuitSpans(model);
    const elem = (t: EType) => (t.k === 'stream' ? t.elem : t);
    // A slot whose type did not resolve (reported by P4) is left out: only the parts that use it fail.
    const guard = (f: () => void) => {
      try {
        f();
      } catch (e) {
        if (!(e instanceof LoweringError)) throw e;
      }
    };
    for (const b of net.boundary) {
      guard(() => {
        const t = types.of(b.type);
        if (b.direction === 'input') {
          const declared = model.inputs.find((p) => p.name === b.name);
          this.add(`in$${b.name}`, t, defaultValueOf(model, b.type, declared ? get(declared.node, 'default') : undefined));
          if (b.mode === 'edge') this.add(`edge$${b.name}`, T.bool, false);
        } else if (b.mode === 'stream') this.add(`outq$${b.name}`, T.list(t), []);
        else if (b.mode === 'event' || b.mode === 'edge') this.add(`out$${b.name}`, T.option(t), null);
        else this.add(`out$${b.name}`, t, zeroValue(b.type, model.types));
      });
    }
    for (const comp of comps) {
      for (const r of comp.state) guard(() => this.add(`reg$${comp.id}.${r.name}`, types.of(r.type), defaultValueOf(model, r.type, r.init)));
      for (const p of comp.ports) if (!p.stream && p.direction === 'output') guard(() => this.add(`wire$${comp.id}.${p.id}`, types.of(p.type), zeroValue(p.type, model.types)));
      for (const u of comp.uses) {
        const fs = coreStateFields(u.type);
        if (fs.length === 0) continue;
        const st = types.defineStruct(`${this.prefix}$${comp.id}$${u.id}`, fs.map((f) => ({ name: f.name, type: f.type })));
        this.add(`slot$${comp.id}.${u.id}`, st, fs.map((f) => f.init));
      }
      for (const p of comp.ports) {
        const ch = net.channels.get(`${comp.id}.${p.id}`);
        if (!ch) continue;
        guard(() => {
          const et = types.of(elem(p.type));
          const st = types.defineStruct(`${this.prefix}$chan$${ch.key}`, [
            { name: 'items', type: { k: 'array', elem: et, n: ch.depth } },
            { name: 'head', type: T.u32 },
            { name: 'count', type: T.u32 },
          ]);
          const zero = zeroValue(ch.elem, model.types);
          this.add(`chan$${ch.key}`, st, [Array.from({ length: ch.depth }, () => zero), 0n, 0n]);
        });
      }
    }
    this.add('activations', T.u64, 0n);
    this.stateType = types.defineStruct(`${this.prefix}$state`, this.fields.map((f) => ({ name: f.name, type: f.type })));
  }

  private add(name: string, type: IrType, init: IrConst): void {
    if (this.index.has(name)) return;
    this.index.set(name, this.fields.length);
    this.fields.push({ name, type, init });
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  idx(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new LoweringError(`internal: no state slot \`${name}\``);
    return i;
  }

  /** `ctx.<slot>` in a function whose local `cx` holds the state. */
  get(fn: FnBuilder, cx: number, name: string): IrExpr {
    const i = this.idx(name);
    return field(fn.get(cx), i, this.fields[i]!.type);
  }

  set(fn: FnBuilder, cx: number, name: string, value: IrExpr, path: import('../../ir/ir.ts').IrPlaceStep[] = []): void {
    fn.setPath(cx, [{ k: 'field', index: this.idx(name) }, ...(path as never[])], value);
  }

  channel(key: string): ChannelModel {
    const ch = this.net.channels.get(key);
    if (!ch) throw new LoweringError(`internal: no channel \`${key}\``);
    return ch;
  }

  chanCount(fn: FnBuilder, cx: number, key: string): IrExpr {
    return field(this.get(fn, cx, `chan$${key}`), 2, T.u32);
  }

  /** Pops the head of a channel into a fresh local (the caller checks it is not empty). */
  pop(fn: FnBuilder, cx: number, key: string, keep = false): number {
    const ch = this.channel(key);
    const chan = this.get(fn, cx, `chan$${key}`);
    const head = field(chan, 1, T.u32);
    const elemT = this.types.of(ch.elem);
    const v = fn.let('item', index(field(chan, 0, { k: 'array', elem: elemT, n: ch.depth }), convert('int', head, T.u64), elemT));
    if (!keep) {
      this.set(fn, cx, `chan$${key}`, bin('rem', bin('add', field(this.get(fn, cx, `chan$${key}`), 1, T.u32), c(1n, T.u32)), c(BigInt(ch.depth), T.u32)), [{ k: 'field', index: 1 }]);
      this.set(fn, cx, `chan$${key}`, bin('sub', this.chanCount(fn, cx, key), c(1n, T.u32)), [{ k: 'field', index: 2 }]);
    }
    return v;
  }

  private push(fn: FnBuilder, cx: number, key: string, item: IrExpr): void {
    const ch = this.channel(key);
    const chan = () => this.get(fn, cx, `chan$${key}`);
    const tail = bin('rem', bin('add', field(chan(), 1, T.u32), field(chan(), 2, T.u32)), c(BigInt(ch.depth), T.u32));
    this.set(fn, cx, `chan$${key}`, item, [{ k: 'field', index: 0 }, { k: 'index', index: convert('int', tail, T.u64) }]);
    this.set(fn, cx, `chan$${key}`, bin('add', this.chanCount(fn, cx, key), c(1n, T.u32)), [{ k: 'field', index: 2 }]);
  }

  routesFrom(src: NetSource): NetRoute[] {
    return this.net.routes.filter((r) => (src.kind === 'port' ? r.from.kind === 'port' && r.from.comp === src.comp && r.from.port === src.port : r.from.kind === 'input' && r.from.name === src.name));
  }

  boundary(name: string, direction: 'input' | 'output'): BoundaryPort {
    const b = this.net.boundary.find((x) => x.name === name && x.direction === direction);
    if (!b) throw new LoweringError(`internal: no boundary ${direction} \`${name}\``);
    return b;
  }

  /**
   * Delivers `item` (a local) along every route of `src` whose condition holds, in route
   * order (`select`). Returns a local: whether every target took it. `mode`: `send` traps on a
   * full stall FIFO (the runnable rule makes that unreachable), `try` sends to nothing unless
   * all stall targets have room, `input` traps (the environment cannot be stalled).
   */
  deliver(fn: FnBuilder, cx: number, src: NetSource, item: number, mode: 'send' | 'try' | 'input', now: IrExpr, what: string): number {
    const ok = fn.let('sent', TRUE);
    const routes = this.routesFrom(src);
    const outPort = src.kind === 'port' ? this.comps.find((x) => x.id === src.comp)?.ports.find((p) => p.id === src.port) : undefined;
    const guard = (r: NetRoute): IrExpr => (r.cond ? this.condition(fn, cx, r, fn.get(item), now) : TRUE);
    const stallFull = (r: NetRoute): IrExpr | undefined => {
      if (r.to.kind !== 'port') return undefined;
      const key = `${r.to.comp}.${r.to.port}`;
      const ch = this.net.channels.get(key);
      if (!ch || (mode !== 'input' && sendPolicy(outPort, ch) !== 'stall')) return undefined;
      return bin('ge', this.chanCount(fn, cx, key), c(BigInt(ch.depth), T.u32));
    };
    const body = () => {
      for (const r of routes) {
        fn.if(guard(r), () => {
          if (r.to.kind === 'output') {
            const b = this.boundary(r.to.name, 'output');
            if (b.mode === 'stream') fn.emit({ s: 'push', local: cx, path: [{ k: 'field', index: this.idx(`outq$${b.name}`) }], value: fn.get(item) });
            else this.set(fn, cx, `out$${b.name}`, b.mode === 'value' ? fn.get(item) : some(fn.get(item)));
            return;
          }
          const key = `${r.to.comp}.${r.to.port}`;
          const ch = this.net.channels.get(key);
          if (!ch) return; // a wire sink reads the source through its mux
          const policy = mode === 'input' ? 'stall' : sendPolicy(outPort, ch);
          const full = bin('ge', this.chanCount(fn, cx, key), c(BigInt(ch.depth), T.u32));
          if (policy === 'stall') {
            fn.if(full, () => fn.emit({ s: 'trap', kind: 'fail', message: mode === 'input' ? `${what}: the FIFO of \`${key}\` is full` : `${what}: send to the full stall FIFO of \`${key}\`` }), () => this.push(fn, cx, key, fn.get(item)));
          } else if (policy === 'drop_oldest') {
            fn.if(full, () => void this.pop(fn, cx, key));
            this.push(fn, cx, key, fn.get(item));
          } else fn.if(full, () => fn.set(ok, c(false, T.bool)), () => this.push(fn, cx, key, fn.get(item)));
        });
      }
    };
    if (mode === 'try') {
      let room: IrExpr = TRUE;
      for (const r of routes) {
        const f = stallFull(r);
        if (f) room = and(room, not(and(guard(r), f)));
      }
      fn.set(ok, room);
      fn.if(fn.get(ok), body);
    } else body();
    return ok;
  }

  private inCondition = new Set<NetRoute>();

  /** A route condition with `item` bound (ESCIR.md §7: a connection condition becomes `select`). */
  condition(fn: FnBuilder, cx: number, r: NetRoute, item: IrExpr, now: IrExpr): IrExpr {
    if (this.inCondition.has(r)) throw new LoweringError('a connection condition reads the wire it selects');
    this.inCondition.add(r);
    try {
      const env: ExprLowerEnv = {
        fn,
        types: this.types,
        table: this.model.types,
        locals: new Map(),
        checked: false,
        operand: (key) => {
          if (key === 'item') return item;
          if (key.startsWith('item.')) {
            const i = Number(key.slice(5));
            const t = item.type.k === 'struct' ? (this.types.defs[item.type.id] as import('../../ir/ir.ts').IrStructDef).fields[i]!.type : T.void;
            return field(item, i, t);
          }
          return this.operand(fn, cx, key, now);
        },
        ...(r.when ? { spans: this.spans.body(r.when) } : {}),
      };
      let value: IrExpr | undefined;
      const stmts = fn.block(() => {
        lowerStmts(env, r.cond!.stmts);
        value = fn.get(fn.let('cond', lowerExpr(env, r.cond!.value)));
      });
      return { e: 'block', stmts, value: value!, type: T.bool };
    } finally {
      this.inCondition.delete(r);
    }
  }

  /** Values every process body and condition may read: wires, registers, boundary inputs, `now`. */
  operand(fn: FnBuilder, cx: number, key: string, now: IrExpr): IrExpr {
    const colon = key.indexOf(':');
    const kind = colon < 0 ? key : key.slice(0, colon);
    const name = key.slice(colon + 1);
    switch (kind) {
      case 'now':
        return now;
      case 'reg':
        return this.get(fn, cx, `reg$${name}`);
      case 'wire':
        return this.get(fn, cx, `wire$${name}`);
      case 'in':
        return this.get(fn, cx, `in$${name}`);
      case 'wirein':
        return this.wireIn(fn, cx, name, now);
      default:
        throw new LoweringError(`\`${key}\` cannot be read here`);
    }
  }

  /** An input wire: the first route into it whose condition holds, else its zero value. */
  wireIn(fn: FnBuilder, cx: number, key: string, now: IrExpr): IrExpr {
    const [comp, port] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
    const p = this.comps.find((x) => x.id === comp)?.ports.find((x) => x.id === port);
    if (!p) throw new LoweringError(`internal: no port \`${key}\``);
    const t = this.types.of(p.type);
    let value: IrExpr = c(zeroValue(p.type, this.model.types), t);
    const routes = this.net.routes.filter((r) => r.to.kind === 'port' && r.to.comp === comp && r.to.port === port);
    for (const r of [...routes].reverse()) {
      const src = r.from.kind === 'port' ? this.get(fn, cx, `wire$${r.from.comp}.${r.from.port}`) : this.get(fn, cx, `in$${r.from.name}`);
      value = r.cond ? cond(this.condition(fn, cx, r, src, now), src, value) : src;
    }
    return value;
  }
}
