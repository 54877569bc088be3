/**
 * The ESCIR test runner (ESCIR.md §6 "Tests"): executes `tests` step by step through a
 * pluggable executor, checks `invariants` after every step and reports `test_vectors` of
 * circuits that do not lower as skipped (W076). Results carry file and line; findings
 * (E073 expect failed, E074 invariant false, E075 trap, W076 skipped) also go to an
 * optional DiagnosticBag.
 */
import { DiagnosticBag } from '../../diagnostics/index.ts';
import type { IrConst } from '../../ir/ir.ts';
import { EscirReporter } from '../diagnostics.ts';
import type { GraphLowering } from '../lower/graph.ts';
import type { EscirModel, TestModel } from '../model.ts';
import { legacyClock, testTarget } from '../passes/tests.ts';
import { typeName, type EType } from '../types/etype.ts';
import { LiteralChecker, UNLISTED } from '../types/literals.ts';
import { get, isMap, items, str, type YNode } from '../yaml/tree.ts';
import { runTestVector, vectorPorts } from './vectors.ts';

export interface EscirExecutor {
  step(proc: string, state: IrConst, inputs: IrConst, now: bigint): { state: IrConst; outputs: IrConst };
  /** Calls a function of the module (invariant predicates); without it invariants are skipped. */
  call?(func: string, args: IrConst[]): IrConst;
  /** Sets (or clears, with undefined) the result an extern returns: `mock` steps. */
  mock?(name: string, value: IrConst | undefined): void;
  /** The host effects go to (emitted telemetry can be read from its streams). */
  host?: import('../../../runtime/host/host.ts').Host;
}

export interface EscirTestResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  message?: string;
  file: string;
  line: number;
  /** What ran: a test, an invariant check, or a test vector. */
  kind?: 'test' | 'test_vector';
}

export interface RunOptions {
  /** Findings of the run (E073, E074, E075, W076) are appended here when given. */
  diagnostics?: DiagnosticBag;
}

export function runEscirTests(model: EscirModel, lowering: GraphLowering | undefined, executor: EscirExecutor, options: RunOptions = {}): EscirTestResult[] {
  const bag = options.diagnostics ?? new DiagnosticBag();
  const r = new EscirReporter(model.file, bag, true, model.level === 'canonical');
  const results: EscirTestResult[] = [];
  const lineOf = (n: YNode) => model.file.lineCol(n.start).line;
  for (const test of model.tests) {
    if (!lowering) {
      r.warning('W076', `test \`${test.name}\` skipped: the circuit does not lower`, get(test.node, 'name') ?? test.node);
      results.push({ name: test.name, status: 'skipped', message: 'the circuit does not lower', file: model.file.path, line: lineOf(test.node), kind: 'test' });
      continue;
    }
    results.push(runOne(model, lowering, executor, test, r));
  }
  // Invariants that read what the step does not expose (internal node ports, stream lists) are not checked.
  if (lowering && model.tests.length > 0) {
    for (const inv of model.invariants) {
      if (inv.body?.block && !inv.body.opaque && !lowering.invariants.some((x) => x.name === inv.name)) {
        r.warning('W076', `invariant \`${inv.name}\` is not checked: it reads a value the step does not expose (an internal node port or a stream output)`, get(inv.node, 'name') ?? inv.node);
      }
    }
  }
  const ports = items(get(model.root, 'test_vectors')).length ? vectorPorts(model, lowering) : undefined;
  for (const v of items(get(model.root, 'test_vectors'))) {
    if (ports !== undefined && typeof ports !== 'string') {
      results.push(runTestVector(model, lowering!, executor, v, ports, r));
      continue;
    }
    const name = str(get(v, 'name')) ?? '(test vector)';
    const why = ports ?? 'the circuit does not lower';
    r.warning('W076', `test vector \`${name}\` skipped: ${why}`, get(v, 'name') ?? v);
    results.push({ name, status: 'skipped', message: why, file: model.file.path, line: lineOf(v), kind: 'test_vector' });
  }
  return results;
}

class TestFailure extends Error {
  constructor(
    message: string,
    readonly at: YNode,
    readonly code: 'E073' | 'E074' | 'E075' | 'W076',
  ) {
    super(message);
  }
}

function runOne(model: EscirModel, g: GraphLowering, ex: EscirExecutor, test: TestModel, r: EscirReporter): EscirTestResult {
  const base = { name: test.name, file: model.file.path, line: model.file.lineCol(test.node.start).line, kind: 'test' as const };
  const quiet = new EscirReporter(model.file, new DiagnosticBag(), true, model.level === 'canonical');
  const lit = new LiteralChecker(model.types, quiet);
  const clock = model.level === 'legacy' ? legacyClock(model) : undefined;
  let state = structuredCloneConst(g.proc.initialState);
  let now = 0n;
  let lastOutputs: IrConst | undefined;
  let lastInputs: IrConst | undefined;
  const stateField = (name: string): number => g.stateFieldNames.indexOf(name);
  const value = (node: YNode, t: EType, partial: boolean): IrConst | typeof UNLISTED | undefined =>
    lit.check(node, t, { code: 'E071', legacy: model.level === 'legacy', partial }) as IrConst | undefined;
  // `mock` values drive extern results and child outputs in the next step only.
  const mockedExterns = new Map<string, IrConst>();
  const mockedInputs = new Map<number, IrConst>();
  const step = (inputs: IrConst[]) => {
    for (const [i, v] of mockedInputs) inputs[i] = { some: v };
    for (const [name, v] of mockedExterns) {
      if (!ex.mock) throw new TestFailure('this executor cannot mock externs', test.node, 'W076');
      ex.mock(name, v);
    }
    try {
      const res = ex.step(g.proc.name, state, inputs, now);
      state = res.state;
      lastOutputs = res.outputs;
      lastInputs = inputs;
    } catch (e) {
      throw new TestFailure(`trap: ${(e as Error).message}`, test.node, 'E075');
    } finally {
      for (const name of mockedExterns.keys()) ex.mock?.(name, undefined);
      mockedExterns.clear();
      mockedInputs.clear();
    }
    checkInvariants();
  };
  const checkInvariants = () => {
    if (!ex.call) return;
    for (const inv of g.invariants) {
      let v: IrConst;
      try {
        v = ex.call(inv.func, [state, lastInputs!, lastOutputs!, now]);
      } catch (e) {
        throw new TestFailure(`trap in invariant \`${inv.name}\`: ${(e as Error).message}`, test.node, 'E075');
      }
      if (v !== null && typeof v === 'object' && 'some' in v && v.some === false) {
        const im = model.invariants.find((x) => x.name === inv.name);
        throw new TestFailure(`invariant \`${inv.name}\` is false after step at now=${now}`, im?.node ?? test.node, 'E074');
      }
    }
  };
  const emptyInputs = (): IrConst[] => g.inputFields.map(() => null);
  try {
    for (const s of test.steps) {
      switch (s.kind) {
        case 'setup': {
          if (!isMap(s.node)) break;
          for (const e of s.node.entries) {
            const target = testTarget(model, 'setup', e.key);
            if (!target) throw new TestFailure(`unknown setup target \`${e.key}\``, e.keyNode, 'W076');
            if (target.kind === 'input' || target.kind === 'state') {
              const idx = stateField(target.kind === 'input' ? `in$${e.key}` : `reg$${e.key}`);
              const v = value(e.value, target.type, false);
              if (idx < 0 || v === undefined) throw new TestFailure(`cannot set \`${e.key}\` (only value inputs, config and registers)`, e.keyNode, 'W076');
              state = withIndex(state, idx, v as IrConst);
              if (clock && e.key === clock && typeof v === 'bigint') now = v;
            } else if (target.kind === 'node') {
              const idx = stateField(`fsm$${e.key}`);
              const enumName = model.graph?.analysis?.fsmStates.get(e.key);
              const decl = enumName ? model.types.declaration(enumName) : undefined;
              const wanted = str(e.value);
              const variant = decl?.kind === 'enum' ? decl.variants.find((x) => x.name === wanted) : undefined;
              if (idx < 0 || !variant) throw new TestFailure(`setup of \`${e.key}\` supports fsm states only`, e.keyNode, 'W076');
              state = withIndex(state, idx, variant.value);
            } else throw new TestFailure(`cannot set \`${e.key}\``, e.keyNode, 'W076');
          }
          break;
        }
        case 'input': {
          const inputs = emptyInputs();
          if (isMap(s.node)) {
            const flags = new Map<string, boolean>();
            for (const e of s.node.entries) {
              const target = testTarget(model, 'input', e.key);
              if (target?.kind === 'valid') flags.set(e.key, (e.value as { value?: unknown }).value === true);
            }
            for (const e of s.node.entries) {
              const target = testTarget(model, 'input', e.key);
              if (!target) throw new TestFailure(`unknown input \`${e.key}\``, e.keyNode, 'E073');
              if (target.kind === 'valid') continue;
              const idx = g.inputFields.indexOf(e.key);
              const port = model.inputs.find((p) => p.name === e.key);
              if (port?.validPort && flags.get(port.validPort) === false) continue; // legacy: X_valid gives presence
              if (e.value.kind === 'scalar' && e.value.value === null) continue;
              const v = value(e.value, target.type, false);
              if (v === undefined) throw new TestFailure(`input \`${e.key}\` does not fit ${typeName(target.type)}`, e.value, 'E073');
              inputs[idx] = { some: v as IrConst };
              if (clock && e.key === clock && typeof v === 'bigint') now = v;
            }
            // A legacy flag given without its value: present with the value kept.
            for (const [flag, on] of flags) {
              const port = model.inputs.find((p) => p.validPort === flag);
              if (on && port && inputs[g.inputFields.indexOf(port.name)] === null) {
                throw new TestFailure(`\`${flag}\` is true but \`${port.name}\` has no value`, s.node, 'E073');
              }
            }
          }
          step(inputs);
          break;
        }
        case 'advance':
          now += s.advanceNs ?? 0n;
          step(emptyInputs());
          break;
        case 'mock': {
          if (!isMap(s.node)) break;
          for (const e of s.node.entries) {
            const [head] = e.key.split('.');
            const ext = model.externs.get(head!);
            if (ext) {
              const v = value(e.value, ext.result, false);
              if (v === undefined) throw new TestFailure(`mocked result of \`${head}\` does not fit ${typeName(ext.result)}`, e.value, 'E073');
              mockedExterns.set(head!, v as IrConst);
              continue;
            }
            // A child's output port is an input of the step (lower/graph.ts "sub ports").
            const i = g.inputFields.indexOf(e.key);
            const t = g.subPorts?.get(e.key);
            if (i < 0 || !t) throw new TestFailure(`\`${e.key}\` is not a mockable extern or child output of this circuit`, e.keyNode, 'W076');
            const v = value(e.value, t, false);
            if (v === undefined) throw new TestFailure(`mocked value of \`${e.key}\` does not fit ${typeName(t)}`, e.value, 'E073');
            mockedInputs.set(i, v as IrConst);
          }
          break;
        }
        case 'expect': {
          if (!isMap(s.node)) break;
          if (lastOutputs === undefined) throw new TestFailure('`expect` before any step', s.node, 'E073');
          const outs = lastOutputs as IrConst[];
          for (const e of s.node.entries) {
            const target = testTarget(model, 'expect', e.key);
            if (!target) throw new TestFailure(`unknown output \`${e.key}\``, e.keyNode, 'E073');
            let actual: IrConst;
            let isEvent: boolean;
            const validOf = model.outputs.find((p) => p.validPort === e.key);
            if (validOf) {
              const i = g.outputFields.indexOf(validOf.name);
              actual = outs[i] !== null;
              isEvent = false;
            } else if (target.kind === 'node') {
              // An internal `node.port`: the probe the lowering keeps in the state.
              const i = stateField(`probe$${e.key}`);
              if (i < 0) throw new TestFailure(`\`${e.key}\` is not observable (the port is not computed in the step)`, e.keyNode, 'W076');
              actual = (state as IrConst[])[i]!;
              isEvent = true;
            } else {
              const i = g.outputFields.indexOf(e.key);
              if (i < 0) throw new TestFailure(`\`${e.key}\` is not observable from the step outputs`, e.keyNode, 'W076');
              const port = model.outputs.find((p) => p.name === e.key);
              const boundary = model.net?.boundary.find((b) => b.direction === 'output' && b.name === e.key);
              isEvent = (port?.mode ?? boundary?.mode ?? 'value') !== 'value';
              actual = outs[i]!;
            }
            const wantNull = e.value.kind === 'scalar' && e.value.value === null;
            if (g.listOutputs?.has(e.key)) {
              // A stream output: a list compares every item of the step; a value, the last one.
              const list = actual as IrConst[];
              if (wantNull) {
                if (list.length > 0) throw new TestFailure(`expected no item on \`${e.key}\`, got ${show(list)}`, e.value, 'E073');
                continue;
              }
              if (e.value.kind === 'seq' && target.type.k !== 'array') {
                const want = value(e.value, { k: 'array', elem: target.type, n: e.value.items.length }, true);
                if (want === undefined) throw new TestFailure(`expected items of \`${e.key}\` do not fit ${typeName(target.type)}`, e.value, 'E073');
                if (!matches(list, want)) throw new TestFailure(`expected \`${e.key}\` = ${show(want)}, got ${show(list)}`, e.value, 'E073');
                continue;
              }
              if (list.length === 0) throw new TestFailure(`expected \`${e.key}\` = ${showNode(e.value)}, but nothing was sent`, e.value, 'E073');
              const want = value(e.value, target.type, true);
              if (want === undefined) throw new TestFailure(`expected value of \`${e.key}\` does not fit ${typeName(target.type)}`, e.value, 'E073');
              if (!matches(list[list.length - 1]!, want)) throw new TestFailure(`expected \`${e.key}\` = ${show(want)}, got ${show(list[list.length - 1]!)} (last of ${list.length})`, e.value, 'E073');
              continue;
            }
            if (isEvent) {
              if (wantNull) {
                if (actual !== null) throw new TestFailure(`expected \`${e.key}\` absent, got ${show(unwrapSome(actual))}`, e.value, 'E073');
                continue;
              }
              if (actual === null) throw new TestFailure(`expected \`${e.key}\` = ${showNode(e.value)}, but it is absent`, e.value, 'E073');
              actual = unwrapSome(actual);
            } else if (wantNull) throw new TestFailure(`\`${e.key}\` is a value port; it is never absent`, e.value, 'E073');
            const want = value(e.value, validOf ? { k: 'bool' } : target.type, true);
            if (want === undefined) throw new TestFailure(`expected value of \`${e.key}\` does not fit ${typeName(target.type)}`, e.value, 'E073');
            if (!matches(actual, want)) throw new TestFailure(`expected \`${e.key}\` = ${show(want)}, got ${show(actual)}`, e.value, 'E073');
          }
          break;
        }
      }
    }
  } catch (e) {
    if (!(e instanceof TestFailure)) throw e;
    if (e.code === 'W076') {
      r.warning('W076', `test \`${test.name}\` skipped: ${e.message}`, e.at);
      return { ...base, status: 'skipped', message: e.message };
    }
    r.error(e.code, `test \`${test.name}\`: ${e.message}`, e.at);
    const lc = model.file.lineCol(e.at.start);
    return { ...base, status: 'failed', message: `${e.code} ${e.message}`, line: lc.line };
  }
  return { ...base, status: 'passed' };
}

function withIndex(state: IrConst, i: number, v: IrConst): IrConst {
  const copy = [...(state as IrConst[])];
  copy[i] = v;
  return copy;
}

function structuredCloneConst(v: IrConst): IrConst {
  if (Array.isArray(v)) return v.map(structuredCloneConst);
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (v !== null && typeof v === 'object' && 'some' in v) return { some: structuredCloneConst(v.some) };
  return v;
}

function unwrapSome(v: IrConst): IrConst {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && 'some' in v ? v.some : v;
}

/** Equality for expectations: listed struct fields only; floats within 1e-9 relative. */
export function matches(actual: IrConst, want: IrConst | typeof UNLISTED): boolean {
  if (want === UNLISTED) return true;
  if (typeof want === 'number' && typeof actual === 'number') {
    if (want === actual) return true;
    return Math.abs(actual - want) <= 1e-9 * Math.max(Math.abs(want), Math.abs(actual));
  }
  if (typeof want === 'bigint' || typeof want === 'boolean' || typeof want === 'string') return actual === want;
  if (want === null) return actual === null;
  if (want instanceof Uint8Array) return actual instanceof Uint8Array && actual.length === want.length && actual.every((b, i) => b === want[i]);
  if (Array.isArray(want)) return Array.isArray(actual) && actual.length === want.length && want.every((w, i) => matches(actual[i]!, w as IrConst));
  if (typeof want === 'object' && 'some' in want) return actual !== null && typeof actual === 'object' && 'some' in (actual as object) && matches((actual as { some: IrConst }).some, want.some);
  return JSON.stringify(actual, big) === JSON.stringify(want, big);
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `0x${Buffer.from(v).toString('hex')}` : v;
}

function show(v: IrConst | typeof UNLISTED): string {
  if (v === UNLISTED) return '…';
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
  return JSON.stringify(v, (k, x) => (x === UNLISTED ? '…' : big(k, x)));
}

function showNode(n: YNode): string {
  return n.kind === 'scalar' ? String(n.value) : n.kind === 'seq' ? '[…]' : '{…}';
}
