/**
 * P7: `tests`, `invariants` and `test_vectors`, checked statically (ESCIR.md §6 "Tests"):
 * unknown ports (E070), values that do not fit (E071, legacy repeat strings W071), timer
 * expectations with no `advance` (W072). They run only if the circuit lowers (testing/).
 */
import type { DiagnosticBag } from '../../diagnostics/index.ts';
import { EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import type { EscirModel, InvariantModel, TestModel, TestStep } from '../model.ts';
import { checkBody } from '../graph/analyze.ts';
import { ET, type EType } from '../types/etype.ts';
import { LiteralChecker } from '../types/literals.ts';
import { get, intValue, isMap, isScalar, items, numberValue, numericString, str, type YEntry, type YNode } from '../yaml/tree.ts';
import { parseBodyNode } from './bodies.ts';
import { hintOpt } from './shape.ts';

const STEP_ORDER: TestStep['kind'][] = ['setup', 'mock', 'input', 'advance', 'expect'];

/** Where a test step's value lands, and its type. */
export interface TestTarget {
  kind: 'input' | 'valid' | 'output' | 'node' | 'state' | 'sub';
  name: string;
  type: EType;
}

export function readTests(model: EscirModel, r: EscirReporter): TestModel[] {
  const out: TestModel[] = [];
  const lit = new LiteralChecker(model.types, r);
  for (const t of items(get(model.root, 'tests'))) {
    const name = str(get(t, 'name')) ?? '(unnamed test)';
    const test: TestModel = { name, node: t, steps: [] };
    let advanced = false;
    for (const s of items(get(t, 'steps'))) {
      if (!isMap(s)) continue; // the shape pass reports it (E021)
      for (const kind of STEP_ORDER) {
        const e = s.entries.find((x) => x.key === kind);
        if (!e) continue;
        const step: TestStep = { kind, node: e.value };
        if (kind === 'advance') {
          const legacy = model.level === 'legacy';
          const ms = advanceAmount(get(e.value, 'ms'), 1_000_000n, legacy, r);
          const ns = advanceAmount(get(e.value, 'ns'), 1n, legacy, r);
          const sec = advanceAmount(get(e.value, 's'), 1_000_000_000n, legacy, r);
          step.advanceNs = (ms ?? 0n) + (ns ?? 0n) + (sec ?? 0n);
          if (ms === undefined && ns === undefined && sec === undefined && !(isMap(e.value) && e.value.entries.some((x) => ['ms', 'ns', 's'].includes(x.key)))) {
            r.error('E021', '`advance` needs `ms` or `ns`', e.value, { hint: 'write `advance: {ms: 100}`' });
          }
          advanced = true;
        } else checkStepPorts(model, kind, e, r, lit, advanced);
        test.steps.push(step);
      }
    }
    out.push(test);
  }
  for (const v of items(get(model.root, 'test_vectors'))) {
    if (!get(v, 'expected_fields') && !get(v, 'input')) r.error('E020', 'a test vector needs `input` and `expected_fields`', v);
    // ESCIR.md §7: process circuits with elided states or a placeholder ROM load, but their vectors cannot run.
    const why = vectorSkipReason(model);
    if (why) r.warning('W076', `test vector \`${str(get(v, 'name')) ?? '?'}\` will be skipped: ${why}`, get(v, 'name') ?? v);
  }
  return out;
}

export function testTarget(model: EscirModel, kind: TestStep['kind'], name: string): TestTarget | undefined {
  const input = model.inputs.find((p) => p.name === name);
  const output = model.outputs.find((p) => p.name === name);
  const elem = (t: EType) => (t.k === 'stream' ? t.elem : t);
  // Process circuits: the boundary of the network (legacy unconnected ports included).
  const boundary = model.net?.boundary.find((b) => b.name === name && b.direction === (kind === 'expect' ? 'output' : 'input'));
  if (boundary && !(kind === 'expect' ? output : input)) return { kind: kind === 'expect' ? 'output' : 'input', name, type: boundary.type };
  if (model.net && kind === 'setup' && !input) {
    const [comp, reg] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
    const st = model.components.find((c) => c.id === comp)?.state.find((s) => s.name === reg);
    if (st) return { kind: 'state', name, type: st.type };
  }
  if (kind === 'input' || kind === 'setup') {
    if (input) return { kind: input.isValidFlag ? 'valid' : 'input', name, type: elem(input.type) };
    if (kind === 'setup') {
      const st = model.state.find((s) => s.name === name);
      if (st) return { kind: 'state', name, type: st.type };
      const node = model.graph?.nodes.find((n) => n.id === name);
      if (node) return { kind: 'node', name, type: ET.unknown };
    }
    return undefined;
  }
  if (kind === 'expect') {
    if (output) return { kind: 'output', name, type: elem(output.type) };
    const [head, port] = name.split('.');
    const node = model.graph?.nodes.find((n) => n.id === head);
    if (node && port) {
      const t = model.graph?.analysis?.outTypes.get(node.id)?.get(port);
      if (t) return { kind: 'node', name, type: t };
    }
    if (input && model.level === 'legacy') return { kind: 'input', name, type: elem(input.type) };
    return undefined;
  }
  if (kind === 'mock') {
    const [head] = name.split('.');
    if (head && (model.subcircuits.has(head) || model.externs.has(head))) return { kind: 'sub', name, type: ET.unknown };
    return undefined;
  }
  return undefined;
}

function checkStepPorts(model: EscirModel, kind: TestStep['kind'], e: YEntry, r: EscirReporter, lit: LiteralChecker, advanced: boolean): void {
  if (!isMap(e.value)) {
    r.error('E021', `\`${kind}\` is a mapping of ports to values`, e.value);
    return;
  }
  for (const kv of e.value.entries) {
    const target = testTarget(model, kind, kv.key);
    if (!target) {
      const names = kind === 'expect' ? model.outputs.map((p) => p.name) : kind === 'mock' ? [...model.subcircuits.keys()] : model.inputs.map((p) => p.name);
      r.error('E070', `\`${kv.key}\` is not ${kind === 'expect' ? 'an output' : kind === 'mock' ? 'a subcircuit or extern port' : 'an input'} of the circuit`, kv.keyNode, hintOpt(didYouMean(kv.key, names)));
      continue;
    }
    if (kind === 'expect' && !(kv.value.kind === 'scalar' && kv.value.value === null)) {
      // A process stream output may be expected as the list of the step's items.
      const stream = model.net?.boundary.some((b) => b.name === kv.key && b.direction === 'output' && b.mode === 'stream');
      if (stream && kv.value.kind === 'seq' && target.type.k !== 'array') for (const it of kv.value.items) lit.check(it, target.type, { code: 'E071', legacy: model.level === 'legacy', partial: true });
      else lit.check(kv.value, target.type, { code: 'E071', legacy: model.level === 'legacy', partial: true });
      if (!advanced && drivenByTimer(model, kv.key)) {
        r.warning('W072', `expectation on \`${kv.key}\`, driven by a timer, with no \`advance\` before it`, kv.keyNode, { hint: 'add `advance: {ms: …}` so the timer can fire' });
      } else if (model.level === 'legacy' && drivenByTimer(model, kv.key) && !legacyClock(model)) {
        r.warning('W072', `timer expectation on \`${kv.key}\`: the circuit has no \`clock_ns\`/\`now\`/\`current_timestamp\` input, so time stays 0`, kv.keyNode);
      }
    } else if (kind === 'input' || (kind === 'setup' && target.kind !== 'node')) {
      lit.check(kv.value, target.type, { code: 'E071', legacy: model.level === 'legacy' });
    }
  }
}

/** Legacy `now`: the u64 input `clock_ns`, `now` or `current_timestamp` (ESCIR.md §6). */
export function legacyClock(model: EscirModel): string | undefined {
  for (const n of ['clock_ns', 'now', 'current_timestamp']) if (model.inputs.some((p) => p.name === n)) return n;
  return undefined;
}

function drivenByTimer(model: EscirModel, output: string): boolean {
  // `expect: {timer_node.expired: …}` reads the timer's own port.
  const [head, port] = output.split('.');
  if (port !== undefined && model.graph?.nodes.some((n) => n.id === head && n.op === 'timer')) return true;
  const drivers = model.graph?.analysis?.outputDrivers.get(output) ?? [];
  return drivers.some((e) => e.from.resolved?.kind === 'node' && e.from.resolved.node.op === 'timer');
}

/** Invariants (`formula` legacy, `expr` canonical): bool expressions over ports and state. */
export function readInvariants(model: EscirModel, r: EscirReporter): InvariantModel[] {
  const out: InvariantModel[] = [];
  const canonical = model.level === 'canonical';
  for (const inv of items(get(model.root, 'invariants'))) {
    const name = str(get(inv, 'name')) ?? '(unnamed invariant)';
    const node = get(inv, canonical ? 'expr' : 'formula') ?? get(inv, 'expr') ?? get(inv, 'formula');
    const m: InvariantModel = { name, node: inv };
    const body = parseBodyNode(node, r, { canonical, what: `invariant \`${name}\`` });
    if (body) m.body = body;
    out.push(m);
  }
  return out;
}

/** Types invariant bodies once the graph is analysed. */
export function typeInvariants(model: EscirModel, r: EscirReporter): Map<InvariantModel, ReturnType<typeof checkBody>> {
  const out = new Map<InvariantModel, ReturnType<typeof checkBody>>();
  for (const inv of model.invariants) {
    if (!inv.body?.block || inv.body.opaque) continue;
    out.set(inv, checkBody(model, inv.body, model.graph?.analysis, r, {}, ET.bool, false));
  }
  return out;
}

/** A reporter writing to a throwaway bag (re-reading values at run time must not re-report). */
export function quietReporter(model: EscirModel, bag: DiagnosticBag): EscirReporter {
  return new EscirReporter(model.file, bag, model.level === 'canonical', model.level === 'canonical');
}


/** Why a file's test vectors cannot run, known before lowering (elided or opaque components, a placeholder ROM, no process). */
function vectorSkipReason(model: EscirModel): string | undefined {
  if (!model.net) return 'test vectors feed a process circuit (dialect A or canonical `processes`)';
  const rom = model.components.find((c) => c.rom?.placeholder);
  if (rom) return `the ROM \`${rom.id}\` is a placeholder (a row without a real path hash)`;
  const opaque = model.components.find((c) => c.type !== 'memory' && c.process?.opaque);
  if (opaque) return `component \`${opaque.id}\` is ${opaque.process!.opaque === 'elided' ? 'elided' : 'not executable'}`;
  return undefined;
}

/**
 * An `advance` amount in ns (`unit` ns per written unit): an integer, a float (rounded to the ns),
 * or in legacy files a quoted number. Negative amounts or other values are E021: `now` never
 * decreases (ESCIR.md §6). Undefined when absent or wrong.
 */
function advanceAmount(n: YNode | undefined, unit: bigint, legacy: boolean, r: EscirReporter): bigint | undefined {
  if (n === undefined) return undefined;
  let v: number | bigint | undefined = intValue(n) ?? numberValue(n);
  if (v === undefined && legacy && isScalar(n) && typeof n.value === 'string') v = numericString(n.value);
  // A non-numeric string is reported by the shape pass (E021).
  if (v === undefined && isScalar(n) && typeof n.value === 'string' && numericString(n.value) === undefined) return undefined;
  if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) {
    r.error('E021', '`advance` takes a number of ms, ns or s', n);
    return undefined;
  }
  const ns = typeof v === 'bigint' ? v * unit : BigInt(Math.round(v * Number(unit)));
  if (ns < 0n) {
    r.error('E021', '`advance` cannot go back in time', n);
    return undefined;
  }
  return ns;
}
