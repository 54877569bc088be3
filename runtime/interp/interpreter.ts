/**
 * The reference IR interpreter: executes an IrModule over IrConst values with exactly the
 * semantics compiler/ir/ir.ts states. The wasm back end is cross-checked against it, and
 * ESCIR's test runner compares with it, so it favours plain, obviously-correct code.
 *
 * Traps carry the location of the node that trapped (or the nearest enclosing one) and
 * the call stack of circuit names. Fuel: one unit per loop iteration and per call.
 */
import type { IrConst, IrExpr, IrFunc, IrLocal, IrModule, IrPlaceStep, IrStmt, TrapKind } from '../../compiler/ir/ir.ts';
import type { Span } from '../../compiler/diagnostics/source.ts';
import { getBuiltin } from '../builtins/index.ts';
import { RuntimeTrap, type RuntimeLocation } from '../errors.ts';
import type { Host } from '../host/host.ts';
import type { HostCall } from '../host/types.ts';
import { zeroValue } from '../values/types.ts';
import { binaryOp, bytesToString, checkedArith, convertValue, saturatingArith, unaryOp, utf8 } from './ops.ts';

export interface InterpretOptions {
  host: Host;
  /** Fuel for the whole call: loop iterations plus calls (default 10 000 000). */
  fuel?: number;
  /** Maximum call depth (default 1000); deeper recursion traps `fuel`. */
  maxDepth?: number;
  /** Lex path for functions whose attrs name none. */
  lexPath?: string;
  /** Observes every host effect and its result, in order (witness-style recording). */
  onEffect?: (call: HostCall, result: IrConst) => void;
  /** Observes every whole assignment of a `witness` local (§8.4: every `let` binding). */
  onAssign?: (func: IrFunc, local: IrLocal, value: IrConst) => void;
}

export const DEFAULT_FUEL = 10_000_000;
export const DEFAULT_MAX_DEPTH = 1000;

const enum Flow {
  Normal,
  Break,
  Continue,
  Return,
}

/** Control leaving a block expression (`return`/`break`/`continue` nested in a value). */
class ControlSignal {
  constructor(readonly flow: Flow) {}
}

interface Frame {
  func: IrFunc;
  locals: (IrConst | undefined)[];
  ret: IrConst;
  /** Nearest span to blame for a trap raised by a node without its own span. */
  loc: Span | undefined;
  lexPath: string | undefined;
}

export function resolveLocation(span: Span | undefined): RuntimeLocation | undefined {
  if (!span) return undefined;
  const start = span.file.lineCol(span.start);
  const end = span.file.lineCol(Math.max(span.start, span.end));
  return { file: span.file.path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function lexPathOf(attrs: Record<string, unknown> | undefined): string | undefined {
  const lex = attrs?.lex ?? attrs?.lexPath;
  if (typeof lex === 'string') return lex;
  if (lex && typeof lex === 'object' && typeof (lex as { path?: unknown }).path === 'string') return (lex as { path: string }).path;
  return undefined;
}

const tables = new WeakMap<IrFunc[], { length: number; table: Map<string, IrFunc> }>();

/**
 * Functions by symbol, built once per module. A source name also finds its function when
 * no symbol has that name and the source name is unique.
 */
function functionTable(module: IrModule): Map<string, IrFunc> {
  const cached = tables.get(module.funcs);
  if (cached && cached.length === module.funcs.length) return cached.table;
  const table = new Map<string, IrFunc>();
  for (const f of module.funcs) table.set(f.name, f);
  const bySource = new Map<string, IrFunc | null>();
  for (const f of module.funcs) bySource.set(f.sourceName, bySource.has(f.sourceName) ? null : f);
  for (const [name, f] of bySource) if (f && !table.has(name)) table.set(name, f);
  tables.set(module.funcs, { length: module.funcs.length, table });
  return table;
}

export class Interpreter {
  private fuel: number;
  private readonly maxDepth: number;
  private readonly stack: string[] = [];
  private readonly funcs: Map<string, IrFunc>;
  /** Lists built by `push` that no one else has seen yet, so appending in place is safe. */
  private readonly owned = new WeakSet<IrConst[]>();

  constructor(
    readonly module: IrModule,
    readonly options: InterpretOptions,
  ) {
    this.funcs = functionTable(module);
    this.fuel = options.fuel ?? DEFAULT_FUEL;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    options.host.declareStreams(module.streams);
  }

  get fuelLeft(): number {
    return this.fuel;
  }

  /** Calls a function by its module symbol with IR values. */
  call(name: string, args: IrConst[], callSite?: Span): IrConst {
    const func = this.funcs.get(name);
    if (!func) {
      throw new RuntimeTrap('host', `no function '${name}' in the module`, resolveLocation(callSite), [...this.stack]);
    }
    if (args.length !== func.params.length) {
      throw new RuntimeTrap('host', `${func.sourceName} takes ${func.params.length} arguments, got ${args.length}`, resolveLocation(callSite ?? func.loc), [...this.stack]);
    }
    this.stack.push(func.sourceName);
    const frame: Frame = {
      func,
      locals: new Array(func.locals.length),
      ret: null,
      loc: func.loc,
      lexPath: lexPathOf(func.attrs) ?? lexPathOf(this.module.attrs) ?? this.options.lexPath,
    };
    try {
      this.consumeFuel(callSite ?? func.loc, frame);
      if (this.stack.length > this.maxDepth) {
        throw new RuntimeTrap('fuel', `call depth exceeds ${this.maxDepth} (unbounded recursion?)`);
      }
      if (func.notCompiled) {
        const d = func.notCompiled;
        throw new RuntimeTrap('not_compiled', `${func.sourceName} was not compiled: ${d.file}:${d.line}:${d.column}: ${d.message}`);
      }
      func.params.forEach((id, i) => {
        frame.locals[id] = args[i];
      });
      try {
        this.execBlock(func.body, frame);
      } catch (e) {
        if (!(e instanceof ControlSignal) || e.flow !== Flow.Return) throw e;
      }
      return frame.ret;
    } catch (e) {
      throw this.located(e, frame);
    } finally {
      this.stack.pop();
    }
  }

  /** Gives a trap raised in this frame its location and call stack; passes located traps through. */
  private located(e: unknown, frame: Frame): unknown {
    if (e instanceof RuntimeTrap) {
      if (e.location) return e;
      return new RuntimeTrap(e.kind, e.message, resolveLocation(frame.loc ?? frame.func.loc), [...this.stack]);
    }
    if (e instanceof ControlSignal) {
      return new RuntimeTrap('host', `malformed IR: ${e.flow === Flow.Break ? 'break' : 'continue'} outside a loop in ${frame.func.sourceName}`, resolveLocation(frame.loc), [...this.stack]);
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return new RuntimeTrap('fuel', 'the interpreter ran out of stack (recursion too deep)', resolveLocation(frame.loc), [...this.stack]);
    }
    const msg = e instanceof Error ? e.message : String(e);
    return new RuntimeTrap('host', `malformed IR in ${frame.func.sourceName}: ${msg}`, resolveLocation(frame.loc), [...this.stack]);
  }

  private trap(kind: TrapKind, message: string, at: Span | undefined, f: Frame): RuntimeTrap {
    if (at) f.loc = at;
    return new RuntimeTrap(kind, message);
  }

  private consumeFuel(at: Span | undefined, f: Frame): void {
    if (--this.fuel < 0) throw this.trap('fuel', 'out of fuel (too many loop iterations or calls)', at, f);
  }

  private execBlock(stmts: IrStmt[], f: Frame): Flow {
    for (let i = 0; i < stmts.length; i++) {
      const r = this.exec(stmts[i]!, f);
      if (r !== Flow.Normal) return r;
    }
    return Flow.Normal;
  }

  private exec(s: IrStmt, f: Frame): Flow {
    switch (s.s) {
      case 'set': {
        const v = this.eval(s.value, f);
        f.locals[s.local] = v;
        if (this.options.onAssign) {
          const local = f.func.locals[s.local];
          if (local?.witness) this.options.onAssign(f.func, local, v);
        }
        return Flow.Normal;
      }
      case 'setPlace': {
        const v = this.eval(s.value, f);
        if (s.loc) f.loc = s.loc;
        f.locals[s.local] = this.updatePlace(this.readLocal(s.local, f), s.path, 0, f, () => v, s.loc);
        return Flow.Normal;
      }
      case 'push': {
        const v = this.eval(s.value, f);
        if (s.loc) f.loc = s.loc;
        const current = this.readLocal(s.local, f, false);
        if (s.path.length === 0 && Array.isArray(current) && this.owned.has(current)) {
          current.push(v);
          return Flow.Normal;
        }
        const next = this.updatePlace(current, s.path, 0, f, (old) => this.appended(old, v, f, s.loc), s.loc);
        if (s.path.length === 0 && Array.isArray(next)) this.owned.add(next);
        f.locals[s.local] = next;
        return Flow.Normal;
      }
      case 'expr':
        this.eval(s.value, f);
        return Flow.Normal;
      case 'if':
        return this.execBlock(this.eval(s.cond, f) === true ? s.then : s.else, f);
      case 'loop':
        for (;;) {
          this.consumeFuel(s.loc, f);
          let r: Flow;
          try {
            r = this.execBlock(s.body, f);
          } catch (e) {
            if (!(e instanceof ControlSignal) || e.flow === Flow.Return) throw e;
            r = e.flow;
          }
          if (r === Flow.Break) return Flow.Normal;
          if (r === Flow.Return) return Flow.Return;
        }
      case 'break':
        return Flow.Break;
      case 'continue':
        return Flow.Continue;
      case 'return':
        f.ret = s.value ? this.eval(s.value, f) : null;
        return Flow.Return;
      case 'trap':
        throw this.trap(s.kind, s.message, s.loc, f);
      default:
        // A statement kind added to the IR after this interpreter was written.
        throw new Error(`unknown IR statement '${(s as { s: string }).s}'`);
    }
  }

  /** A local's value; reading it shares the value, so `push` may no longer append in place. */
  private readLocal(id: number, f: Frame, shares = true): IrConst {
    let v = f.locals[id];
    if (v === undefined) {
      const local = f.func.locals[id];
      if (!local) throw new Error(`local ${id} does not exist`);
      v = zeroValue(local.type, this.module.types);
      f.locals[id] = v;
    }
    if (shares && Array.isArray(v)) this.owned.delete(v);
    return v;
  }

  private appended(list: IrConst, v: IrConst, f: Frame, at: Span | undefined): IrConst {
    if (!Array.isArray(list)) throw this.trap('conversion', 'push target is not a list', at, f);
    const next = list.slice();
    next.push(v);
    return next;
  }

  private indexValue(e: IrExpr, f: Frame): bigint {
    const i = this.eval(e, f);
    return typeof i === 'bigint' ? i : BigInt(Math.trunc(Number(i)));
  }

  /** A copy of `root` with the place at path[i..] replaced by update(old) (value semantics, §8.2.1). */
  private updatePlace(root: IrConst, path: IrPlaceStep[], i: number, f: Frame, update: (old: IrConst) => IrConst, at: Span | undefined): IrConst {
    if (i === path.length) return update(root);
    const step = path[i]!;
    if (step.k === 'field') {
      if (!Array.isArray(root)) {
        if (root === null) throw this.trap('nil_unwrap', 'assignment into a field of nil', at, f);
        throw this.trap('conversion', 'field assignment into a value that is not a struct', at, f);
      }
      const copy = root.slice();
      copy[step.index] = this.updatePlace(root[step.index] ?? null, path, i + 1, f, update, at);
      return copy;
    }
    const idx = this.indexValue(step.index, f);
    const where = step.loc ?? at;
    if (root instanceof Uint8Array) {
      if (idx < 0n || idx >= BigInt(root.length)) {
        throw this.trap('index_out_of_bounds', `index ${idx} out of bounds for length ${root.length}`, where, f);
      }
      const copy = root.slice();
      const b = this.updatePlace(BigInt(root[Number(idx)]!), path, i + 1, f, update, at);
      copy[Number(idx)] = Number(BigInt.asUintN(8, b as bigint));
      return copy;
    }
    if (!Array.isArray(root)) throw this.trap('conversion', 'indexed assignment into a value that is not a list', where, f);
    if (idx < 0n || idx >= BigInt(root.length)) {
      throw this.trap('index_out_of_bounds', `index ${idx} out of bounds for length ${root.length}`, where, f);
    }
    const copy = root.slice();
    copy[Number(idx)] = this.updatePlace(root[Number(idx)]!, path, i + 1, f, update, at);
    return copy;
  }

  private eval(e: IrExpr, f: Frame): IrConst {
    switch (e.e) {
      case 'const':
        return e.value;
      case 'local':
        return this.readLocal(e.id, f);
      case 'binary': {
        const l = this.eval(e.left, f);
        const r = this.eval(e.right, f);
        f.loc = e.loc ?? f.loc;
        return binaryOp(e.op, l, r, e.left.type, e.checked ?? f.func.overflowChecks, this.module.types);
      }
      case 'checkedArith': {
        const l = this.eval(e.left, f) as bigint;
        const r = this.eval(e.right, f) as bigint;
        return checkedArith(e.op, l, r, e.left.type);
      }
      case 'saturatingArith': {
        const l = this.eval(e.left, f) as bigint;
        const r = this.eval(e.right, f) as bigint;
        return saturatingArith(e.op, l, r, e.left.type);
      }
      case 'logic': {
        const l = this.eval(e.left, f) === true;
        if (e.op === 'and' ? !l : l) return l;
        return this.eval(e.right, f) === true;
      }
      case 'unary': {
        const v = this.eval(e.operand, f);
        f.loc = e.loc ?? f.loc;
        return unaryOp(e.op, v, e.operand.type, e.checked ?? f.func.overflowChecks, this.module.types);
      }
      case 'convert': {
        const v = this.eval(e.value, f);
        f.loc = e.loc ?? f.loc;
        return convertValue(e.kind, v, e.value.type, e.type, this.module.types);
      }
      case 'struct':
      case 'list':
        return (e.e === 'struct' ? e.fields : e.elems).map((x) => this.eval(x, f));
      case 'field': {
        const obj = this.eval(e.object, f);
        if (!Array.isArray(obj)) {
          throw this.trap(obj === null ? 'nil_unwrap' : 'conversion', obj === null ? 'field of nil' : 'field of a value that is not a struct', e.loc, f);
        }
        return obj[e.index] ?? null;
      }
      case 'fill': {
        const fill = this.eval(e.fill, f);
        const n = e.type.k === 'bytesN' ? e.type.n : 0;
        return new Uint8Array(n).fill(Number(BigInt.asUintN(8, typeof fill === 'bigint' ? fill : BigInt(Number(fill)))));
      }
      case 'index':
        return this.evalIndex(e, f);
      case 'slice':
        return this.evalSlice(e, f);
      case 'len': {
        const v = this.eval(e.object, f);
        if (typeof v === 'string') return BigInt(utf8.encode(v).length);
        if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length);
        if (v === null) throw this.trap('nil_unwrap', 'length of nil', e.loc, f);
        throw this.trap('conversion', 'length of a value that is not a list, bytes or string', e.loc, f);
      }
      case 'some':
        return { some: this.eval(e.value, f) };
      case 'none':
        return null;
      case 'isSome':
        return this.eval(e.value, f) !== null;
      case 'unwrap': {
        const v = this.eval(e.value, f);
        if (v === null) throw this.trap('nil_unwrap', 'unwrapped nil (none) where a value is required', e.loc, f);
        return typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && 'some' in v ? v.some : v;
      }
      case 'if':
        return this.eval(e.cond, f) === true ? this.eval(e.then, f) : this.eval(e.else, f);
      case 'block': {
        const flow = this.execBlock(e.stmts, f);
        if (flow !== Flow.Normal) throw new ControlSignal(flow);
        return this.eval(e.value, f);
      }
      case 'call': {
        const args = e.args.map((a) => this.eval(a, f));
        if (e.loc) f.loc = e.loc;
        return this.call(e.func, args, e.loc ?? f.loc);
      }
      case 'builtin':
        return this.evalBuiltin(e, f);
      case 'host':
        return this.evalHost(e, f);
      case 'trap':
        throw this.trap(e.kind, e.message, e.loc, f);
      default:
        throw new Error(`unknown IR expression '${(e as { e: string }).e}'`);
    }
  }

  private evalIndex(e: IrExpr & { e: 'index' }, f: Frame): IrConst {
    const obj = this.eval(e.object, f);
    const idx = this.indexValue(e.index, f);
    const seq = typeof obj === 'string' ? utf8.encode(obj) : obj;
    if (!Array.isArray(seq) && !(seq instanceof Uint8Array)) {
      throw this.trap(obj === null ? 'nil_unwrap' : 'conversion', obj === null ? 'index into nil' : 'index into a value that is not a list, bytes or string', e.loc, f);
    }
    if (idx < 0n || idx >= BigInt(seq.length)) {
      throw this.trap('index_out_of_bounds', `index ${idx} out of bounds for length ${seq.length}`, e.loc, f);
    }
    return seq instanceof Uint8Array ? BigInt(seq[Number(idx)]!) : seq[Number(idx)]!;
  }

  private evalSlice(e: IrExpr & { e: 'slice' }, f: Frame): IrConst {
    const obj = this.eval(e.object, f);
    const seq = typeof obj === 'string' ? utf8.encode(obj) : obj;
    if (!Array.isArray(seq) && !(seq instanceof Uint8Array)) {
      throw this.trap(obj === null ? 'nil_unwrap' : 'conversion', 'slice of a value that is not a list, bytes or string', e.loc, f);
    }
    const lo = this.indexValue(e.lo, f);
    const hi = e.hi ? this.indexValue(e.hi, f) : BigInt(seq.length);
    if (lo < 0n || hi < lo || hi > BigInt(seq.length)) {
      throw this.trap('index_out_of_bounds', `slice [${lo}..${hi}] out of bounds for length ${seq.length}`, e.loc, f);
    }
    const part = seq.slice(Number(lo), Number(hi));
    if (e.type.k === 'string' && part instanceof Uint8Array) return bytesToString(part);
    if (e.type.k === 'bytesN' && part instanceof Uint8Array && part.length !== e.type.n) {
      throw this.trap('index_out_of_bounds', `slice [${lo}..${hi}] has ${part.length} bytes, not ${e.type.n}`, e.loc, f);
    }
    return part;
  }

  private evalBuiltin(e: IrExpr & { e: 'builtin' }, f: Frame): IrConst {
    const args = e.args.map((a) => this.eval(a, f));
    f.loc = e.loc ?? f.loc;
    const impl = getBuiltin(e.name);
    if (!impl) throw this.trap('host', `unknown builtin '${e.name}'`, e.loc, f);
    return impl(args, { argTypes: e.args.map((a) => a.type), resultType: e.type, types: this.module.types });
  }

  private evalHost(e: IrExpr & { e: 'host' }, f: Frame): IrConst {
    const args = e.args.map((a) => this.eval(a, f));
    f.loc = e.loc ?? f.loc;
    const call: HostCall = {
      name: e.name,
      args,
      argTypes: e.args.map((a) => a.type),
      resultType: e.type,
      types: this.module.types,
    };
    if (e.target !== undefined) call.target = e.target;
    if (f.lexPath !== undefined) call.lexPath = f.lexPath;
    const result = this.options.host.invoke(call);
    this.options.onEffect?.(call, result);
    return result;
  }
}

