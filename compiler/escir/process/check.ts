/**
 * Typing of process bodies and route conditions (ESCIR.md §7). Names resolve locals →
 * the component's wires and registers → `now` → consts → enum variants; ports, core slots
 * and ROMs are reached through their methods. Also computes, per component, what the
 * runnable rule needs: the items each stream input must hold for the unconditional path,
 * and the static maximum of sends per output stream.
 */
import { type EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import type { Expr, Pos } from '../expr/ast.ts';
import type { CheckEnv, NameBinding } from '../expr/check.ts';
import { ProcessChecker, type ProcessHooks } from '../expr/check-process.ts';
import type { TExpr, TLocal, TStmt } from '../expr/typed.ts';
import type { BodyModel, ComponentModel, EscirModel } from '../model.ts';
import { bodyAt } from '../passes/bodies.ts';
import { hintOpt } from '../passes/shape.ts';
import { ET, typeName, type EType } from '../types/etype.ts';
import { coreSignature, CORE_METHODS } from './cores.ts';
import type { NetRoute, ProcessNet } from './net.ts';
import { ROM_ROW_TYPE } from './rom.ts';

export interface TypedProcess {
  stmts: TStmt[];
  locals: TLocal[];
  /** Port id → items it must hold before an activation (recvs on the unconditional path). */
  recvs: Map<string, number>;
  /** Port id → the most items one activation can send to it (`send`, not `try_send`). */
  sends: Map<string, number>;
}

export const PORT_METHODS = ['recv', 'send', 'try_recv', 'try_send', 'peek', 'ready', 'full', 'empty', 'len', 'is_empty', 'available'];
const PORT_ALIASES: Record<string, string> = { read: 'recv', pop: 'recv', write: 'send', push: 'send' };

type Report = CheckEnv['report'];

function reporterFor(body: BodyModel, r: EscirReporter): Report {
  return (severity, code, message, start, end, hint) => {
    const at = bodyAt(body, start, end);
    if (severity === 'error') r.error(code, message, at, hintOpt(hint));
    else r.warning(code, message, at, hintOpt(hint));
  };
}

function constBinding(model: EscirModel, name: string): NameBinding | undefined {
  const c = model.consts.get(name);
  if (c) return { kind: 'const', value: c.value as never, type: c.type };
  if (model.level === 'legacy' && name in model.annotations) {
    const v = model.annotations[name];
    if (typeof v === 'bigint' || typeof v === 'boolean') {
      return { kind: 'const', value: v, type: typeof v === 'boolean' ? ET.bool : ET.i64, warn: { code: 'W081', message: `annotation \`${name}\` is read as data; it is folded to the constant ${String(v)}` } };
    }
  }
  return undefined;
}

/** Checks one component's body; undefined when it does not type (findings reported). */
export function checkProcessBody(model: EscirModel, comp: ComponentModel, body: BodyModel, roms: ComponentModel[], r: EscirReporter): TypedProcess | undefined {
  const ports = new Map(comp.ports.map((p) => [p.id, p]));
  const regs = new Map(comp.state.map((s) => [s.name, s]));
  const slots = new Map(comp.uses.map((u) => [u.id, u.type]));
  const romIds = new Set(roms.map((x) => x.id));
  const elem = (t: EType) => (t.k === 'stream' ? t.elem : t);
  const env: CheckEnv = {
    table: model.types,
    canonical: model.level === 'canonical',
    externs: new Map([...model.externs].map(([k, v]) => [k, { params: v.params.map((p) => p.type), result: v.result }])),
    report: reporterFor(body, r),
    names: () => [...comp.ports.filter((p) => !p.stream).map((p) => p.id), ...regs.keys(), ...model.consts.keys(), 'now'],
    resolve(name) {
      const p = ports.get(name);
      if (p && !p.stream) return { kind: 'value', key: `${p.direction === 'output' ? 'wire' : 'wirein'}:${comp.id}.${name}`, type: p.type };
      const reg = regs.get(name);
      if (reg) return { kind: 'value', key: `reg:${comp.id}.${name}`, type: reg.type };
      if (name === 'now') return { kind: 'value', key: 'now', type: { k: 'int', bits: 64, signed: false, datetime: true } };
      return constBinding(model, name);
    },
    assignable(name) {
      const reg = regs.get(name);
      if (reg) return { key: `reg:${comp.id}.${name}`, type: reg.type };
      const p = ports.get(name);
      if (p && !p.stream && p.direction !== 'input') return { key: `wire:${comp.id}.${name}`, type: p.type };
      return undefined;
    },
  };
  const bytesLike = (c: ProcessChecker, e: Expr): TExpr => {
    const v = c.expr(e);
    const t = v.type;
    if (!(t.k === 'int' || t.k === 'bytes' || t.k === 'string' || t.k === 'struct' || t.k === 'array' || t.k === 'bool' || t.k === 'enum' || t.k === 'unknown')) {
      c.report('E043', `cannot hash a value of type ${typeName(t)}`, e);
    }
    return v;
  };
  const effect = (op: string, target: string, args: TExpr[], type: EType, at: Pos): TExpr => ({ k: 'effect', op, target, args, type, ...at });
  const hooks: ProcessHooks = {
    method(name, method, args, at, methodAt, c) {
      const arity = (n: number, max = n) => {
        if (args.length >= n && args.length <= max) return true;
        c.report('E034', `\`${name}.${method}()\` takes ${n === max ? n : `${n} to ${max}`} argument${max === 1 ? '' : 's'}`, at);
        return false;
      };
      const port = ports.get(name);
      if (port) {
        // Legacy spellings: `read`/`pop` receive, `write`/`push` send.
        method = PORT_ALIASES[method] ?? method;
        const target = `${comp.id}.${name}`;
        const t = elem(port.type);
        const input = port.direction !== 'output';
        if (!PORT_METHODS.includes(method)) {
          c.report('E034', `port \`${name}\` has no method \`${method}\``, methodAt, didYouMean(method, PORT_METHODS));
          return effect('none', target, [], ET.unknown, at);
        }
        if (!port.stream) {
          // Legacy code calls `recv()`/`send(v)` on wires too: a read and a write.
          if (method === 'recv' && input && arity(0)) return effect('wget', target, [], t, at);
          if (method === 'send' && !input && arity(1)) return effect('wset', target, [c.arg(args[0]!, t)], ET.bool, at);
          c.report('E034', `\`${name}\` is a wire; \`${method}()\` needs a stream port`, methodAt, { recv: 'read it by name', send: 'assign it' }[method]);
          return effect('none', target, [], ET.unknown, at);
        }
        const inputOnly = ['recv', 'try_recv', 'peek', 'empty', 'is_empty'];
        const outputOnly = ['send', 'try_send'];
        if ((input && outputOnly.includes(method)) || (!input && inputOnly.includes(method))) {
          c.report('E034', `\`${name}\` is an ${port.direction} stream; \`${method}()\` is for ${input ? 'outputs' : 'inputs'}`, methodAt);
          return effect('none', target, [], ET.unknown, at);
        }
        switch (method) {
          case 'recv':
          case 'peek':
            return arity(0) ? effect(method, target, [], t, at) : effect('none', target, [], ET.unknown, at);
          case 'try_recv':
            return arity(0) ? effect(method, target, [], { k: 'option', inner: t }, at) : effect('none', target, [], ET.unknown, at);
          case 'send':
          case 'try_send':
            return arity(1) ? effect(method, target, [c.arg(args[0]!, t)], ET.bool, at) : effect('none', target, [], ET.unknown, at);
          case 'len':
          case 'available':
            return arity(0) ? effect(method, target, [], ET.u32, at) : effect('none', target, [], ET.unknown, at);
          default:
            return arity(0) ? effect(method, target, [], ET.bool, at) : effect('none', target, [], ET.unknown, at);
        }
      }
      const core = slots.get(name) ?? (romIds.has(name) ? 'SchemaROM' : undefined);
      if (!core) return undefined;
      const methods = CORE_METHODS[core];
      if (!methods) return effect('none', name, [], ET.unknown, at); // unknown core type: E030 already
      if (!methods.includes(method)) {
        c.report('E034', `core \`${core}\` has no method \`${method}\``, methodAt, didYouMean(method, methods));
        return effect('none', name, [], ET.unknown, at);
      }
      const sig = coreSignature(core, method, ROM_ROW_TYPE)!;
      if (!arity(sig.params.length - (sig.optional ?? 0), sig.params.length)) return effect('none', name, [], ET.unknown, at);
      const typed = args.map((a, i) => (sig.params[i] === 'bytes-like' ? bytesLike(c, a) : c.arg(a, sig.params[i] as EType)));
      const target = romIds.has(name) && !slots.has(name) ? name : `${comp.id}.${name}`;
      return effect(`core:${core}.${method}`, target, typed, sig.result, at);
    },
    call(callee, args, at, c) {
      if (callee !== 'lookup' || roms.length !== 1) return undefined;
      if (args.length !== 1) {
        c.report('E034', '`lookup(h)` takes 1 argument', at);
        return effect('none', roms[0]!.id, [], ET.unknown, at);
      }
      return effect('core:SchemaROM.lookup', roms[0]!.id, [c.arg(args[0]!, ET.u32)], ROM_ROW_TYPE, at);
    },
    placeBase(name) {
      const reg = regs.get(name);
      if (reg) return { key: `reg:${comp.id}.${name}`, type: reg.type };
      const p = ports.get(name);
      if (p && !p.stream && p.direction !== 'input') return { key: `wire:${comp.id}.${name}`, type: p.type };
      return undefined;
    },
    misuse(name) {
      const p = ports.get(name);
      if (p?.stream) return `\`${name}\` is a stream port: ${p.direction === 'output' ? `send with \`${name}.send(v)\`` : `read it with \`${name}.recv()\``}`;
      if (slots.has(name)) return `\`${name}\` is a core slot (${slots.get(name)}): call its methods`;
      if (romIds.has(name)) return `\`${name}\` is a ROM: read it with \`${name}.lookup(h)\``;
      return undefined;
    },
  };
  const checker = new ProcessChecker(env, hooks);
  checker.typeReporter = (text, at) => {
    const scalar = body.scalar;
    return model.types.resolveString(text, { ...scalar, value: text, offsetAt: (i: number) => scalar.offsetAt(at.start + i) }, false);
  };
  const stmts = checker.processBody(body.block!);
  if (checker.failed) return undefined;
  const recvs = new Map<string, number>();
  const sends = new Map<string, number>();
  countRecvs(stmts, 1, recvs);
  for (const [k, v] of countSends(stmts)) sends.set(k, v);
  const local = (m: Map<string, number>) => new Map([...m].map(([k, v]) => [k.slice(comp.id.length + 1), v]));
  return { stmts, locals: checker.locals, recvs: local(recvs), sends: local(sends) };
}

/** A route condition: names are `component.wire`, circuit inputs, consts and the carried item (`item`, its fields). */
export function checkRouteCondition(model: EscirModel, net: ProcessNet, route: NetRoute, payload: EType, comps: ComponentModel[], r: EscirReporter): { value: TExpr; stmts: TStmt[]; locals: TLocal[] } | undefined {
  const body = route.when!;
  if (!body.block || body.opaque) return undefined;
  const byId = new Map(comps.map((c) => [c.id, c]));
  const itemStruct = payload.k === 'struct' ? model.types.struct(payload.name) : undefined;
  const env: CheckEnv = {
    table: model.types,
    canonical: model.level === 'canonical',
    report: reporterFor(body, r),
    names: () => ['item', ...(itemStruct?.fields.map((f) => f.name) ?? []), ...byId.keys(), ...model.inputs.map((p) => p.name), ...model.consts.keys()],
    resolve(name) {
      if (name === 'item' || name === 'value') return { kind: 'value', key: 'item', type: payload };
      const fi = itemStruct?.fields.findIndex((f) => f.name === name) ?? -1;
      if (fi >= 0) return { kind: 'value', key: `item.${fi}`, type: itemStruct!.fields[fi]!.type };
      const comp = byId.get(name);
      if (comp) {
        const wires = comp.ports.filter((p) => !p.stream);
        return {
          kind: 'node',
          id: name,
          port: (p) => {
            const port = wires.find((x) => x.id === p);
            return port ? { key: `${port.direction === 'output' ? 'wire' : 'wirein'}:${name}.${p}`, type: port.type } : undefined;
          },
          ports: () => wires.map((p) => p.id),
        };
      }
      const input = net.boundary.find((b) => b.direction === 'input' && b.name === name && b.mode === 'value');
      if (input) return { kind: 'value', key: `in:${name}`, type: input.type };
      return constBinding(model, name);
    },
  };
  const checker = new ProcessChecker(env, { method: () => undefined, call: () => undefined, placeBase: () => undefined, misuse: () => undefined });
  const res = checker.body(body.block);
  if (!res.value) {
    r.error('E035', 'a condition is a bool expression', body.scalar);
    return undefined;
  }
  const value = checker.coerce(res.value, ET.bool, res.value);
  if (checker.failed) return undefined;
  return { value, stmts: res.stmts, locals: checker.locals };
}

// ── static counts for the runnable rule ───────────────────────────────────────────────

function forCount(s: TStmt & { k: 'for' }): number {
  const a = s.from.k === 'const' && typeof s.from.value === 'bigint' ? s.from.value : 0n;
  const b = s.to.k === 'const' && typeof s.to.value === 'bigint' ? s.to.value : a + 1n;
  return Number(b > a ? b - a : 0n);
}

/** Recvs on the unconditional path (inside branches they are not counted: a branch recv on an empty stream traps). */
function countRecvs(stmts: TStmt[], mult: number, out: Map<string, number>): void {
  const add = (k: string, n: number) => out.set(k, (out.get(k) ?? 0) + n);
  const expr = (e: TExpr, m: number): void => {
    switch (e.k) {
      case 'effect':
        if (e.op === 'recv') add(e.target, m);
        e.args.forEach((x) => expr(x, m));
        return;
      case 'cond':
        expr(e.cond, m);
        return;
      case 'logic':
        expr(e.left, m);
        return;
      case 'block':
        countRecvs(e.stmts, m, out);
        expr(e.value, m);
        return;
      default:
        for (const v of Object.values(e)) {
          if (v && typeof v === 'object' && 'k' in (v as object) && 'type' in (v as object)) expr(v as TExpr, m);
          if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'type' in x) expr(x as TExpr, m);
        }
    }
  };
  for (const s of stmts) {
    switch (s.k) {
      case 'if':
        expr(s.cond, mult);
        break;
      case 'for':
        countRecvs(s.body, mult * forCount(s), out);
        break;
      case 'return':
      case 'break':
      case 'continue':
        return; // what follows is not on the unconditional path
      case 'place':
        for (const p of s.path) if (p.k === 'index') expr(p.index, mult);
        expr(s.value, mult);
        break;
      default:
        expr(s.value, mult);
    }
  }
}

/** The static maximum of `send`s per port: branches take the larger, loops multiply. */
function countSends(stmts: TStmt[]): Map<string, number> {
  const total = new Map<string, number>();
  const plus = (a: Map<string, number>, b: Map<string, number>, k = 1) => {
    for (const [p, n] of b) a.set(p, (a.get(p) ?? 0) + n * k);
  };
  const max = (a: Map<string, number>, b: Map<string, number>) => {
    const out = new Map(a);
    for (const [p, n] of b) out.set(p, Math.max(out.get(p) ?? 0, n));
    return out;
  };
  const expr = (e: TExpr): Map<string, number> => {
    const m = new Map<string, number>();
    if (e.k === 'effect') {
      if (e.op === 'send') m.set(e.target, 1);
      for (const a of e.args) plus(m, expr(a));
      return m;
    }
    if (e.k === 'cond') {
      plus(m, expr(e.cond));
      plus(m, max(expr(e.then), expr(e.else)));
      return m;
    }
    if (e.k === 'block') {
      plus(m, countSends(e.stmts));
      plus(m, expr(e.value));
      return m;
    }
    for (const v of Object.values(e)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && 'k' in (v as object) && 'type' in (v as object)) plus(m, expr(v as TExpr));
      if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'type' in x) plus(m, expr(x as TExpr));
    }
    return m;
  };
  for (const s of stmts) {
    switch (s.k) {
      case 'if':
        plus(total, expr(s.cond));
        plus(total, max(countSends(s.then), countSends(s.else)));
        break;
      case 'for':
        plus(total, countSends(s.body), forCount(s));
        break;
      case 'return':
      case 'break':
      case 'continue':
        break;
      case 'place':
        for (const p of s.path) if (p.k === 'index') plus(total, expr(p.index));
        plus(total, expr(s.value));
        break;
      default:
        plus(total, expr(s.value));
    }
  }
  return total;
}
