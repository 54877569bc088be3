import { dirname } from 'node:path';
import type * as A from '../../compiler/syntax/ast.ts';
import type { Span } from '../../compiler/diagnostics/source.ts';
import type { IrConst, IrFunc, IrModule, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { BUILTINS } from '../../compiler/check/builtins.ts';
import { primType } from '../../compiler/check/resolve-types.ts';
import { getBuiltin, KEY_BUNDLE_STRUCT } from '../../runtime/builtins/index.ts';
import { isAnyBox, structDef } from '../../runtime/values/index.ts';
import type { EvalHost, Evaluator } from './evaluator.ts';
import { Scope, locOf } from './evaluator.ts';
import { RuntimeTrap } from '../../runtime/errors.ts';
import { JourneyError, naturalType, toIr, typed, U64, type JValue } from './values.ts';

/** What a journey needs from the program under test to run its calls. */
export interface JourneyBackend {
  module: IrModule;
  asts: readonly A.SourceFileAst[];
  /** Runs a circuit of the program (compiled code, shared journey host, clause checks). */
  callFunc(func: IrFunc, args: IrConst[]): IrConst;
  /** A host effect (clock, stores, streams, …) on the journey's shared host. */
  hostEffect(name: string, args: IrConst[], argTypes: IrType[], resultType: IrType, target?: string): IrConst;
  /** Whether `name` is a host effect the runtime knows. */
  isHostEffect(name: string): boolean;
}

/**
 * The result type of a builtin called from a journey, from the checker's signature table
 * (compiler/check/builtins.ts), so `nth(xs, 1).field`, `min(a, b)` or `checked_add(a, b)`
 * are typed exactly as in a circuit. `any` when the signature leaves it open.
 */
function signatureResult(name: string, argTypes: IrType[]): IrType {
  const r = BUILTINS.get(name)?.result;
  return typeof r === 'function' ? r(argTypes) : fixedResult(name);
}

/** The result type the builtin's signature fixes (not computed from the arguments), else `any`. */
function fixedResult(name: string): IrType {
  const r = BUILTINS.get(name)?.result;
  return r && typeof r === 'object' ? r : { k: 'any' };
}

/**
 * Resolves the names a journey uses against the program: circuits (nearest file first, as
 * §10 resolves names), `const`s, enum variants, type names and aliases, pure builtins and
 * host effects. Implements the evaluator's EvalHost.
 */
export class JourneyLinker implements EvalHost {
  readonly types: IrTypeDef[];
  private readonly circuits = new Map<string, IrFunc[]>();
  private readonly consts = new Map<string, A.ConstDecl[]>();
  private readonly aliases = new Map<string, A.TypeExpr>();
  private readonly constValues = new Map<string, JValue>();
  private readonly resolving = new Set<string>();
  evaluator: Evaluator | undefined;
  warnings: { message: string; span?: Span }[] = [];

  constructor(
    private readonly backend: JourneyBackend,
    /** The journey file, for nearest-scope resolution. */
    private readonly journeyPath: string,
  ) {
    this.types = backend.module.types;
    for (const f of backend.module.funcs) {
      // A state machine's `<name>__step` is callable like a circuit (LANGUAGE.md §8.9 item 2).
      if (f.kind !== 'circuit' && f.kind !== 'helper' && f.kind !== 'step') continue;
      const list = this.circuits.get(f.sourceName) ?? [];
      list.push(f);
      this.circuits.set(f.sourceName, list);
    }
    for (const ast of backend.asts) {
      for (const d of ast.decls) {
        if (d.kind === 'Const') {
          const list = this.consts.get(d.name.name) ?? [];
          list.push(d);
          this.consts.set(d.name.name, list);
        } else if (d.kind === 'TypeDecl' && d.type.kind !== 'StructType' && d.type.kind !== 'EnumType') {
          if (!this.aliases.has(d.name.name)) this.aliases.set(d.name.name, d.type);
        }
      }
    }
  }

  warn(message: string, span?: Span): void {
    if (!this.warnings.some((w) => w.message === message && w.span?.start === span?.start)) {
      this.warnings.push(span ? { message, span } : { message });
    }
  }

  /** The circuit `name` nearest to the journey file: same directory, then the first in path order. */
  findCircuit(name: string): IrFunc | undefined {
    const list = this.circuits.get(name);
    if (!list || list.length === 0) return undefined;
    const dir = dirname(this.journeyPath);
    const compiled = list.filter((f) => !f.notCompiled);
    const pool = compiled.length > 0 ? compiled : list;
    return pool.find((f) => f.loc && dirname(f.loc.file.path) === dir) ?? pool[0];
  }

  global(name: string): JValue | undefined {
    const cached = this.constValues.get(name);
    if (cached) return cached;
    const decls = this.consts.get(name);
    if (decls && this.evaluator && !this.resolving.has(name)) {
      const decl = decls.find((d) => dirname(d.span.file.path) === dirname(this.journeyPath)) ?? decls[0]!;
      this.resolving.add(name);
      try {
        const v = this.evaluator.expr(decl.value, new Scope());
        const t = this.resolveType(decl.type);
        const value = typed(t, this.evaluator.coerceIr(v, t, decl.value.span, name));
        this.constValues.set(name, value);
        return value;
      } finally {
        this.resolving.delete(name);
      }
    }
    // A bare variant resolves against every visible enum; the first in type order wins (§8.2.3).
    for (let id = 0; id < this.types.length; id++) {
      const def = this.types[id]!;
      if (def.kind !== 'enum') continue;
      const v = def.variants.find((x) => x.name === name);
      if (v) return typed({ k: 'enum', id }, v.value);
    }
    return undefined;
  }

  path(segments: string[]): JValue | undefined {
    if (segments.length < 2) return this.global(segments[0] ?? '');
    const typeName = segments[segments.length - 2]!;
    const last = segments[segments.length - 1]!;
    for (let id = 0; id < this.types.length; id++) {
      const def = this.types[id]!;
      if (def.kind === 'enum' && def.name === typeName) {
        const v = def.variants.find((x) => x.name === last);
        if (v) return typed({ k: 'enum', id }, v.value);
      }
    }
    return this.global(last);
  }

  resolveType(t: A.TypeExpr, seen: Set<string> = new Set()): IrType {
    switch (t.kind) {
      case 'PrimType':
        return primType(t.name);
      case 'BytesType': {
        if (!t.size) return { k: 'bytes' };
        if (t.size.kind === 'int') return { k: 'bytesN', n: t.size.value };
        const c = this.global(t.size.name.name);
        if (c && c.k === 'typed' && typeof c.v === 'bigint') return { k: 'bytesN', n: Number(c.v) };
        throw new JourneyError(`unknown size constant '${t.size.name.name}'`, t.size.name.span);
      }
      case 'GenericType':
        if (t.name === 'list') return { k: 'list', elem: this.resolveType(t.arg, seen) };
        if (t.name === 'option') return { k: 'option', inner: this.resolveType(t.arg, seen) };
        return { k: 'any' };
      case 'ArrayType': {
        const n = t.size.kind === 'int' ? t.size.value : Number((this.global(t.size.name.name) as { v?: bigint } | undefined)?.v ?? 0n);
        return { k: 'array', elem: this.resolveType(t.element, seen), n };
      }
      case 'NamedType': {
        const name = t.path[t.path.length - 1]!.name;
        const id = this.types.findIndex((d) => d.name === name);
        if (id >= 0) return { k: this.types[id]!.kind, id } as IrType;
        const alias = this.aliases.get(name);
        if (alias && !seen.has(name)) {
          seen.add(name);
          return this.resolveType(alias, seen);
        }
        return { k: 'any' };
      }
      default:
        return { k: 'any' };
    }
  }

  call(name: string, args: JValue[], span: Span): JValue | undefined {
    const func = this.findCircuit(name);
    if (func) return this.callCircuit(func, args, span);
    const builtin = getBuiltin(name);
    if (builtin) {
      const irArgs = args.map((a) => this.natural(a, span));
      const resultType = this.builtinResultType(name, irArgs.map((a) => a.type));
      let value: IrConst;
      try {
        value = builtin(
          irArgs.map((a) => a.value),
          { argTypes: irArgs.map((a) => a.type), resultType, types: this.types },
        );
      } catch (e) {
        // Builtins trap without a location; the call site in the journey is the location.
        if (e instanceof RuntimeTrap && !e.location) throw new RuntimeTrap(e.kind, `${name}: ${e.message}`, locOf(span), e.callStack);
        throw e;
      }
      return typed(resultType.k === 'any' ? shapeType(value) : resultType, value);
    }
    const storeForm = /^store_(get|put|delete)$/.exec(name);
    if (storeForm && args[0]?.k === 'symbol') {
      const r = this.streamMethod(args[0].name, storeForm[1]!, args.slice(1), span);
      if (r) return r;
    }
    if (this.backend.isHostEffect(name)) {
      let target: string | undefined;
      let rest = args;
      if (args[0]?.k === 'symbol') {
        target = args[0].name;
        rest = args.slice(1);
      }
      const irArgs = rest.map((a) => this.natural(a, span));
      // Effects are typed by their fixed result only: their arguments exclude the target.
      const resultType = fixedResult(name);
      const value = this.backend.hostEffect(
        name,
        irArgs.map((a) => a.value),
        irArgs.map((a) => a.type),
        resultType,
        target,
      );
      return typed(resultType, value);
    }
    return undefined;
  }

  /**
   * `.get(k)`, `.put(k, v)`, `.delete(k)`, `.append(e)` on a declared store or stream (§9.1),
   * and the builtin forms `store_get/put/delete(s, …)`: keys and values convert to the
   * declared types, as in compiled code. Undefined when `stream` is not declared.
   */
  streamMethod(stream: string, method: string, args: JValue[], span: Span): JValue | undefined {
    const decl = this.backend.module.streams.find((s) => s.name === stream);
    if (!decl) return undefined;
    const any: IrType = { k: 'any' };
    const key = decl.key ?? any;
    const value = decl.value ?? decl.elem ?? any;
    const want = { get: 1, put: 2, delete: 1, append: 1 }[method];
    if (want === undefined) return undefined;
    if (args.length !== want) throw new JourneyError(`.${method}() takes ${want} argument${want === 1 ? '' : 's'}, got ${args.length}`, span);
    const conv = (v: JValue, t: IrType, what: string) => this.evaluator!.coerceIr(v, t, span, what);
    const effect = (name: string, irArgs: IrConst[], types: IrType[], result: IrType) => this.backend.hostEffect(name, irArgs, types, result, decl.name);
    switch (method) {
      case 'get': {
        const result: IrType = { k: 'option', inner: value };
        return typed(result, effect('store_get', [conv(args[0]!, key, 'key')], [key], result));
      }
      case 'put':
        effect('store_put', [conv(args[0]!, key, 'key'), conv(args[1]!, value, 'value')], [key, value], { k: 'void' });
        return { k: 'nil' };
      case 'delete':
        effect('store_delete', [conv(args[0]!, key, 'key')], [key], { k: 'void' });
        return { k: 'nil' };
      default: {
        const elem = decl.elem ?? value;
        effect('series_append', [conv(args[0]!, elem, 'record')], [elem], { k: 'void' });
        return { k: 'nil' };
      }
    }
  }

  streamRecords(stream: string): JValue | undefined {
    const decl = this.backend.module.streams.find((s) => s.name === stream);
    const elem = decl?.elem ?? decl?.value;
    if (!decl || !elem) return undefined;
    const listType: IrType = { k: 'list', elem };
    return typed(listType, this.backend.hostEffect('query', [], [], listType, decl.name));
  }

  private callCircuit(func: IrFunc, args: JValue[], span: Span): JValue {
    // LANGUAGE.md §10: a journey action with the wrong arity fails the step when run.
    if (args.length !== func.params.length) {
      throw new JourneyError(
        `${func.sourceName} takes ${func.params.length} argument${func.params.length === 1 ? '' : 's'}, got ${args.length}`,
        span,
      );
    }
    const irArgs = func.params.map((id, i) => {
      const local = func.locals[id]!;
      return this.evaluator!.coerceIr(args[i]!, local.type, span, `${func.sourceName}(${local.name})`);
    });
    const value = this.backend.callFunc(func, irArgs);
    return typed(func.result, value);
  }

  private natural(v: JValue, span: Span): { type: IrType; value: IrConst } {
    const type = naturalType(v);
    try {
      return { type, value: toIr(v, type, this.types, 'argument', (m) => this.warn(m, span)) };
    } catch (e) {
      throw new JourneyError((e as Error).message, span);
    }
  }

  private builtinResultType(name: string, argTypes: IrType[]): IrType {
    if (name === 'test_keygen') {
      const id = this.types.findIndex((d) => d.kind === 'struct' && d.name === KEY_BUNDLE_STRUCT.name);
      if (id >= 0) return { k: 'struct', id };
      this.types.push(KEY_BUNDLE_STRUCT);
      return { k: 'struct', id: this.types.length - 1 };
    }
    return signatureResult(name, argTypes);
  }
}

/** The IR type a builtin's result value has when its signature does not say. */
function shapeType(v: IrConst): IrType {
  if (typeof v === 'bigint') return U64;
  if (typeof v === 'number') return { k: 'float', bits: 64 };
  if (typeof v === 'boolean') return { k: 'bool' };
  if (typeof v === 'string') return { k: 'string' };
  if (v instanceof Uint8Array) return { k: 'bytesN', n: v.length };
  if (isAnyBox(v)) return { k: 'any' };
  return { k: 'any' };
}

export { structDef };
