import type { Span } from '../../compiler/diagnostics/source.ts';
import type { IrConst, IrExpr, IrFunc, IrModule, IrStmt, IrType } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../../runtime/errors.ts';
import type { Host } from '../../runtime/host/index.ts';
import { interpretCall } from '../../runtime/interp/index.ts';
import { toJson } from '../../runtime/values/index.ts';
import { DEFAULT_FUEL } from '../exec/engine.ts';
import { mapStmtLists } from '../exec/ir-walk.ts';
import type { RunState } from '../exec/run-state.ts';
import { ClauseViolation, spanLocation } from '../failure.ts';
import { predicatesOf, type PredicateInfo } from './predicates.ts';

/**
 * Header clauses checked after each call in tests (LANGUAGE.md §8.6): `invariant`,
 * `property` (a false one fails the test with its name and span), `monitor` (reported
 * only), and data `@invariant`s on returned values. A predicate that traps is indeterminate
 * and reported as a note.
 *
 * Mechanism: every circuit with clauses is instrumented so that each of its `return`s first
 * hands the call's inputs (as passed), its result and its top-level `let`s to the harness
 * effect CHECK_EFFECT; the harness then evaluates the predicate functions on the reference
 * interpreter (a trap inside a predicate must not abort the test, §8.6.6). Calls made inside
 * the compiled code and calls the harness makes are checked alike.
 */
export const CHECK_EFFECT = '__estream_check_clauses';

export class ClauseChecker {
  /** Predicates by the IrFunc name of the circuit they belong to. */
  private readonly byOwner = new Map<string, PredicateInfo[]>();
  /** Data invariants by struct type id. */
  private readonly byType = new Map<number, PredicateInfo[]>();
  /** Per instrumented circuit: the names of the values passed to CHECK_EFFECT, in order. */
  private readonly layouts = new Map<string, { inputs: string[]; lets: string[] }>();
  private module: IrModule | undefined;

  constructor(original: IrModule) {
    for (const p of predicatesOf(original)) {
      if (p.owner) {
        const list = this.byOwner.get(p.owner) ?? [];
        list.push(p);
        this.byOwner.set(p.owner, list);
      } else if (p.dataType !== undefined) {
        const list = this.byType.get(p.dataType) ?? [];
        list.push(p);
        this.byType.set(p.dataType, list);
      }
    }
  }

  get predicateCount(): number {
    let n = 0;
    for (const l of this.byOwner.values()) n += l.length;
    for (const l of this.byType.values()) n += l.length;
    return n;
  }

  /** The module with every circuit that has clauses instrumented (others unchanged). */
  instrument(module: IrModule): IrModule {
    const funcs = module.funcs.map((f) => {
      if (f.kind === 'predicate' || f.kind === 'test' || f.notCompiled) return f;
      const owned = this.byOwner.get(f.name) ?? [];
      const data = f.result.k === 'struct' ? (this.byType.get(f.result.id) ?? []) : [];
      if (owned.length === 0 && data.length === 0) return f;
      return this.instrumentFunc(f, owned);
    });
    this.module = { ...module, funcs };
    return this.module;
  }

  private instrumentFunc(f: IrFunc, owned: PredicateInfo[]): IrFunc {
    const locals = [...f.locals];
    const temp = (type: IrType, name: string) => {
      const id = locals.length;
      locals.push({ id, name, type, witness: false });
      return id;
    };
    // The inputs as passed: parameters may be reassigned in the body.
    const inputs = f.params.map((id) => ({ name: f.locals[id]!.name, id: temp(f.locals[id]!.type, `%in_${f.locals[id]!.name}`), param: id }));
    // Top-level lets the predicates read (§8.6.2 step 4): the first local of that name.
    const letNames = [...new Set(owned.flatMap((p) => p.lets))];
    const lets = letNames
      .map((n) => ({ name: n, local: f.locals.find((l) => l.name === n && !f.params.includes(l.id)) }))
      .filter((x): x is { name: string; local: (typeof f.locals)[number] } => x.local !== undefined);
    this.layouts.set(f.name, { inputs: inputs.map((i) => i.name), lets: lets.map((l) => l.name) });
    const resultTemp = temp(f.result, '%result');
    const checkCall = (result: IrExpr): IrStmt => ({
      s: 'expr',
      value: {
        e: 'host',
        name: CHECK_EFFECT,
        args: [
          { e: 'const', value: f.name, type: { k: 'string' } },
          result,
          ...inputs.map((i): IrExpr => ({ e: 'local', id: i.id, type: f.locals[i.param]!.type })),
          ...lets.map((l): IrExpr => ({ e: 'local', id: l.local.id, type: l.local.type })),
        ],
        type: { k: 'void' },
      },
    });
    const voidResult: IrExpr = { e: 'const', value: null, type: { k: 'void' } };
    let body = mapStmtLists(f.body, (list) =>
      list.map((s): IrStmt => {
        if (s.s !== 'return') return s;
        if (!s.value) return { s: 'return', value: { e: 'block', stmts: [checkCall(voidResult)], value: voidResult, type: { k: 'void' } } } as IrStmt;
        const value: IrExpr = {
          e: 'block',
          stmts: [{ s: 'set', local: resultTemp, value: s.value }, checkCall({ e: 'local', id: resultTemp, type: f.result })],
          value: { e: 'local', id: resultTemp, type: f.result },
          type: f.result,
        };
        return { s: 'return', value };
      }),
    );
    const prologue: IrStmt[] = inputs.map((i) => ({ s: 'set', local: i.id, value: { e: 'local', id: i.param, type: f.locals[i.param]!.type } }));
    const last = body[body.length - 1];
    if (f.result.k === 'void' && (!last || last.s !== 'return')) body = [...body, checkCall(voidResult)];
    return { ...f, locals, body: [...prologue, ...body] };
  }

  /** Registers the harness effect that evaluates the clauses on `host` for this test. */
  register(host: Host, state: RunState): void {
    if (this.byType.size > 0) {
      // Data `@invariant`s also hold for every value emitted to a stream (§8.6.1).
      const invoke = host.invoke.bind(host);
      host.invoke = (call) => {
        if (call.name === 'emit') {
          call.args.forEach((v, i) => {
            const t = call.argTypes[i];
            if (t?.k === 'struct' && this.byType.has(t.id)) this.check('', v, t, new Map(), host, state);
          });
        }
        return invoke(call);
      };
    }
    host.registerHelper(CHECK_EFFECT, (args, call) => {
      const owner = String(args[0]);
      const layout = this.layouts.get(owner);
      if (!layout) return null;
      const result = args[1]!;
      const resultType = call.argTypes[1]!;
      const values = new Map<string, IrConst>();
      layout.inputs.forEach((n, i) => values.set(n, args[2 + i]!));
      layout.lets.forEach((n, i) => values.set(n, args[2 + layout.inputs.length + i]!));
      this.check(owner, result, resultType, values, host, state);
      return null;
    });
  }

  private check(owner: string, result: IrConst, resultType: IrType, values: Map<string, IrConst>, host: Host, state: RunState): void {
    const module = this.module;
    if (!module) return;
    const preds = [...(this.byOwner.get(owner) ?? []), ...(resultType.k === 'struct' ? (this.byType.get(resultType.id) ?? []) : [])];
    for (const p of preds) {
      if (p.indeterminate) {
        // An unresolved name (a compile warning) makes the predicate indeterminate (§8.6.2).
        const note = `note: ${p.clause} ${p.label ? `'${p.label}' ` : ''}of ${p.ownerName} is indeterminate (it names something that is not in scope)${where(p.span)}`;
        if (!state.indeterminate.includes(note)) state.indeterminate.push(note);
        continue;
      }
      const func = p.func;
      let args: IrConst[];
      try {
        args = func.params.map((id) => {
          const name = func.locals[id]!.name;
          if (p.dataType !== undefined && !p.owner) return result;
          if (name === 'result' || name === p.resultParam) return result;
          if (p.metrics.includes(name)) return host.metrics.get(name);
          if (values.has(name)) return values.get(name)!;
          throw new Error(`no value for '${name}'`);
        });
      } catch (e) {
        state.indeterminate.push(`note: ${p.clause} ${p.label ? `'${p.label}' ` : ''}of ${p.ownerName} is indeterminate: ${(e as Error).message}`);
        continue;
      }
      let holds: IrConst;
      try {
        holds = interpretCall(module, func.name, args, { host, fuel: DEFAULT_FUEL });
      } catch (e) {
        const why = e instanceof RuntimeTrap ? `${e.kind}: ${e.message}` : (e as Error).message;
        state.indeterminate.push(`note: ${p.clause} ${p.label ? `'${p.label}' ` : ''}of ${p.ownerName} is indeterminate (${why})`);
        continue;
      }
      if (holds === true) continue;
      if (p.clause === 'monitor') {
        state.monitorReports.push(`monitor ${p.label ? `'${p.label}' ` : ''}of ${p.ownerName} is false${where(p.span)}`);
        continue;
      }
      const shown = [`${p.owner ? 'result' : 'value'}: ${show(result, resultType, module)}`];
      for (const [n, v] of values) {
        const local = func.locals.find((l) => l.name === n);
        if (local && func.params.includes(local.id)) shown.push(`${n}: ${show(v, local.type, module)}`);
      }
      const violation = new ClauseViolation(p.clause, p.label, p.ownerName, p.span ? spanLocation(p.span) : undefined, shown);
      state.violation ??= violation;
      throw new RuntimeTrap('assert', violation.message, violation.location);
    }
  }
}

function show(v: IrConst, t: IrType, module: IrModule): string {
  try {
    return JSON.stringify(toJson(v, t, module.types));
  } catch {
    return String(v);
  }
}

function where(span: Span | undefined): string {
  if (!span) return '';
  const l = spanLocation(span);
  return ` (${l.file}:${l.line}:${l.column})`;
}
