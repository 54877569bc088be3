/**
 * `--input` of `estream run FILE.escir.yaml` (specs/compile-run.md §8):
 *
 *   one step   {"inputs": {"port": value, …}, "now": ns, "state": S, "mocks": {extern: v}}
 *              (each key optional)
 *   a script   {"steps": [{"input": {…}} | {"advance": {"ms"|"ns": n}} | {"setup": {…}}
 *                         | {"expect": {…}} | {"mock": {…}}, …], "now": ns, "state": S}
 *
 * Inline JSON, `@file` (YAML when it ends in .yaml/.yml, so a test's steps can be pasted),
 * or `@-`. Everything is checked before the first step runs; a mistake is a usage error
 * naming where it is (`steps[2].input.reading.milli_c: …`) with a did-you-mean for ports.
 */
import type { IrConst, IrType } from '../../compiler/ir/ir.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import type { EscirCircuit } from './escir-circuit.ts';
import { escirValue, hintFor, parseJsonExact, parseRfc3339Ns } from './escir-values.ts';
import { typeExpect, type Expectation } from './escir-expect.ts';
import { readInputText } from './inputs.ts';

const U64_MAX = (1n << 64n) - 1n;

export interface RawEscirRequest {
  json: Record<string, unknown>;
  origin: string;
}

/** Reads and parses `--input` (syntax only: the circuit is not known yet). */
export async function readEscirRequest(spec: string | undefined): Promise<RawEscirRequest> {
  if (spec === undefined) return { json: {}, origin: '--input' };
  const { text, origin } = readInputText(spec);
  let json: unknown;
  if (/\.ya?ml$/i.test(origin)) {
    const { parse } = await import('yaml');
    try {
      json = exactYaml(parse(text, { intAsBigInt: true }));
    } catch (e) {
      throw new CliError(`${origin} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, EXIT_USAGE);
    }
  } else {
    try {
      json = parseJsonExact(text);
    } catch (e) {
      throw new CliError(`${origin} is not valid JSON: ${(e as Error).message}`, EXIT_USAGE);
    }
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new CliError(`${origin}: the input of an ESCIR circuit is an object: {"inputs": {port: value, …}, "now": ns, "state": …} for one step, or {"steps": […]} for a script`, EXIT_USAGE);
  }
  return { json: json as Record<string, unknown>, origin };
}

/** YAML integers as JSON would carry them: numbers when exact, decimal strings beyond 2^53. */
function exactYaml(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(exactYaml);
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, exactYaml(x)]));
}

/** One step call: the values the step function takes. */
export interface EscirStepCall {
  inputs: IrConst;
  now: bigint;
}

/** Results of externs and values of child outputs for one step (ESCIR.md §6 `mock`). */
export interface MockSet {
  externs: { name: string; value: IrConst }[];
  /** Child (`sub.port`) outputs: inputs of the step. */
  inputs: { field: number; value: IrConst }[];
}

export type ScriptAction =
  | { kind: 'step'; index: number; call: (now: bigint) => EscirStepCall; advanceNs: bigint }
  | { kind: 'mock'; index: number; mocks: MockSet }
  | { kind: 'setup'; index: number; sets: { field: number; name: string; value: IrConst }[] }
  | { kind: 'expect'; index: number; checks: Expectation[] };

export type EscirRequest =
  | { kind: 'step'; state: IrConst | undefined; call: EscirStepCall; mocks?: MockSet }
  | { kind: 'script'; state: IrConst | undefined; now: bigint; actions: ScriptAction[] };

const STEP_KEYS = ['inputs', 'now', 'state', 'mocks'];
const SCRIPT_KEYS = ['steps', 'now', 'state'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The typed request: checks every key, port and value against the compiled circuit. */
export async function typeEscirRequest(raw: RawEscirRequest, c: EscirCircuit): Promise<EscirRequest> {
  const json = raw.json;
  const script = 'steps' in json;
  const allowed = script ? SCRIPT_KEYS : STEP_KEYS;
  for (const key of Object.keys(json)) {
    if (allowed.includes(key)) continue;
    if (script && key === 'inputs') throw new CliError(`${raw.origin}: "inputs" and "steps" exclude each other: a script gives its inputs in {"input": {…}} steps`, EXIT_USAGE);
    if (c.inputs.some((p) => p.name === key)) throw new CliError(`${raw.origin}: '${key}' is a port of ${c.name}: put it under "inputs": {"${key}": …}`, EXIT_USAGE);
    throw new CliError(`${raw.origin}: unknown key '${key}' (an ESCIR step takes ${STEP_KEYS.map((k) => `"${k}"`).join(', ')}; a script ${SCRIPT_KEYS.map((k) => `"${k}"`).join(', ')})${hintFor(key, [...STEP_KEYS, 'steps'])}`, EXIT_USAGE);
  }
  const state = json['state'] === undefined ? undefined : await parseState(json['state'], c);
  const now = json['now'] === undefined ? undefined : parseNow(json['now'], 'now');
  if (!script) {
    const inputs = json['inputs'] ?? {};
    if (!isObject(inputs)) throw new CliError(`inputs: expected an object from input port to value (ports: ${c.inputs.map((p) => p.name).join(', ') || 'none'})`, EXIT_USAGE);
    const typed = await typeInputs(inputs, c, 'inputs');
    const request: EscirRequest = { kind: 'step', state, call: { inputs: typed.inputs, now: now ?? typed.clock ?? 0n } };
    if (json['mocks'] !== undefined) {
      if (!isObject(json['mocks'])) throw new CliError('mocks: expected an object from extern (or child `sub.port`) to its value for this step', EXIT_USAGE);
      request.mocks = await typeMocks(json['mocks'], c, 'mocks');
    }
    return request;
  }
  const steps = json['steps'];
  if (!Array.isArray(steps)) throw new CliError('steps: expected an array of {"input": {…}}, {"advance": {"ms": n}}, {"setup": {…}}, {"expect": {…}} or {"mock": {…}} steps', EXIT_USAGE);
  const actions: ScriptAction[] = [];
  for (let i = 0; i < steps.length; i++) {
    const action = await typeScriptStep(steps[i], i, c);
    if (action.kind === 'expect' && !actions.some((a) => a.kind === 'step')) throw new CliError(`steps[${i}]: \`expect\` before any step: it checks the outputs of the step before it`, EXIT_USAGE);
    actions.push(action);
  }
  return { kind: 'script', state, now: now ?? 0n, actions };
}

/**
 * `now` in nanoseconds (ESCIR's unit, ESCIR.md §4 datetime): a non-negative integer, a
 * decimal string (for values beyond 2^53), or an RFC 3339 date.
 */
export function parseNow(v: unknown, path: string): bigint {
  let ns: bigint | undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) ns = BigInt(v);
  else if (typeof v === 'bigint') ns = v;
  else if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) ns = BigInt(v.trim());
  else if (typeof v === 'string') ns = parseRfc3339Ns(v);
  if (ns === undefined || ns < 0n) throw new CliError(`${path}: expected nanoseconds since 1970 (a non-negative integer, a decimal string or an RFC 3339 date), got ${JSON.stringify(v)}`, EXIT_USAGE);
  if (ns > U64_MAX) throw new CliError(`${path}: ${ns} does not fit u64 nanoseconds`, EXIT_USAGE);
  return ns;
}

/**
 * The state a previous run printed. Every field must be there (a state with a missing slot
 * is not a state of this circuit, perhaps of an older version of it), and each is checked
 * against its type.
 */
async function parseState(v: unknown, c: EscirCircuit): Promise<IrConst> {
  if (!isObject(v)) throw new CliError(`state: expected the "state" object printed by a previous run of ${c.name}`, EXIT_USAGE);
  const missing = c.stateFields.filter((f) => !(f.name in v)).map((f) => f.name);
  const unknown = Object.keys(v).filter((k) => !c.stateFields.some((f) => f.name === k));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [...(missing.length > 0 ? [`lacks ${missing.map((m) => `'${m}'`).join(', ')}`] : []), ...(unknown.length > 0 ? [`has unknown ${unknown.map((m) => `'${m}'`).join(', ')}`] : [])];
    throw new CliError(`state: not a state of ${c.name} (it ${parts.join(' and ')}); pass the "state" printed by a run of this version of the circuit`, EXIT_USAGE);
  }
  requireAllFields(v, c.stateType, c, 'state');
  return escirValue(v, undefined, c.stateType, c, 'state');
}

/** Canonical JSON fills a missing struct field with zero; a state must not lose a slot silently. */
function requireAllFields(v: unknown, t: IrType, c: EscirCircuit, path: string, depth = 0): void {
  if (depth > 64 || v === null || typeof v !== 'object') return;
  if (t.k === 'struct' && isObject(v)) {
    const def = c.types[t.id];
    if (def?.kind !== 'struct') return;
    for (const f of def.fields) {
      if (!(f.name in v)) throw new CliError(`${path}: lacks field '${f.name}' of ${def.name}; pass the "state" printed by a previous run unchanged`, EXIT_USAGE);
      requireAllFields(v[f.name], f.type, c, `${path}.${f.name}`, depth + 1);
    }
  } else if ((t.k === 'array' || t.k === 'list') && Array.isArray(v)) {
    v.forEach((x, i) => requireAllFields(x, t.elem, c, `${path}[${i}]`, depth + 1));
  } else if (t.k === 'option') requireAllFields(v, t.inner, c, path, depth + 1);
}

/**
 * Input ports by name (ESCIR.md §6): a port given a value is present (an event) or set (a
 * value port); a port absent or `null` is an absent event or keeps its value. A legacy
 * `X_valid: false` makes X absent.
 */
async function typeInputs(given: Record<string, unknown>, c: EscirCircuit, path: string): Promise<{ inputs: IrConst[]; clock?: bigint }> {
  const inputs: IrConst[] = c.inputs.map(() => null);
  const flags = new Map<string, boolean>();
  const byFlag = new Map(c.inputs.filter((p) => p.validFlag).map((p) => [p.validFlag!, p]));
  for (const [key, value] of Object.entries(given)) {
    const owner = byFlag.get(key);
    if (!owner) continue;
    if (typeof value !== 'boolean') throw new CliError(`${path}.${key}: expected true or false (the presence of '${owner.name}')`, EXIT_USAGE);
    flags.set(owner.name, value);
  }
  let clock: bigint | undefined;
  for (const [key, value] of Object.entries(given)) {
    if (byFlag.has(key)) continue;
    const port = c.inputs.find((p) => p.name === key);
    if (!port) throw new CliError(unknownPortMessage(key, c, path), EXIT_USAGE);
    if (value === null || flags.get(port.name) === false) continue;
    const v = await escirValue(value, port.et, port.ir, c, `${path}.${key}`);
    inputs[port.field] = { some: v };
    if (key === c.clock && typeof v === 'bigint') clock = v;
  }
  for (const [name, on] of flags) {
    if (on && inputs[c.inputs.find((p) => p.name === name)!.field] === null) throw new CliError(`${path}: '${c.inputs.find((p) => p.name === name)!.validFlag}' is true but '${name}' has no value`, EXIT_USAGE);
  }
  return clock === undefined ? { inputs } : { inputs, clock };
}

function unknownPortMessage(key: string, c: EscirCircuit, path: string): string {
  const names = [...c.inputs.map((p) => p.name), ...c.inputs.flatMap((p) => (p.validFlag ? [p.validFlag] : []))];
  const isOutput = c.outputs.some((p) => p.name === key);
  const what = isOutput ? `'${key}' is an output of ${c.name}, not an input` : `'${key}' is not an input of ${c.name}`;
  return `${path}.${key}: ${what}${hintFor(key, names)} (inputs: ${names.join(', ') || 'none'})`;
}

async function typeScriptStep(step: unknown, index: number, c: EscirCircuit): Promise<ScriptAction> {
  const path = `steps[${index}]`;
  const kinds = ['input', 'advance', 'setup', 'expect', 'mock'];
  if (!isObject(step)) throw new CliError(`${path}: expected {"input": {…}}, {"advance": {"ms": n}}, {"setup": {…}}, {"expect": {…}} or {"mock": {…}}`, EXIT_USAGE);
  const keys = Object.keys(step).filter((k) => k !== 'description');
  const unknown = keys.filter((k) => !kinds.includes(k));
  if (unknown.length > 0) throw new CliError(`${path}: unknown step '${unknown[0]}'${hintFor(unknown[0]!, kinds)} (a step is one of input, advance, setup, expect, mock)`, EXIT_USAGE);
  if (keys.length !== 1) throw new CliError(`${path}: a step has exactly one of input, advance, setup, expect, mock (got ${keys.join(', ') || 'none'})`, EXIT_USAGE);
  const kind = keys[0]!;
  const body = step[kind];
  switch (kind) {
    case 'input': {
      if (body !== null && !isObject(body)) throw new CliError(`${path}.input: expected an object from input port to value`, EXIT_USAGE);
      const typed = await typeInputs(body ?? {}, c, `${path}.input`);
      return { kind: 'step', index, advanceNs: 0n, call: (now) => ({ inputs: typed.inputs, now: typed.clock ?? now }) };
    }
    case 'advance': {
      if (!isObject(body) || Object.keys(body).length === 0) throw new CliError(`${path}.advance: expected {"ms": n} or {"ns": n}`, EXIT_USAGE);
      let ns = 0n;
      for (const [unit, v] of Object.entries(body)) {
        if (unit !== 'ms' && unit !== 'ns') throw new CliError(`${path}.advance: unknown unit '${unit}' (ms or ns)`, EXIT_USAGE);
        const n = parseNow(v, `${path}.advance.${unit}`);
        ns += unit === 'ms' ? n * 1_000_000n : n;
      }
      const empty = c.inputs.map(() => null);
      return { kind: 'step', index, advanceNs: ns, call: (now) => ({ inputs: empty, now }) };
    }
    case 'mock':
      if (!isObject(body)) throw new CliError(`${path}.mock: expected an object from extern (or child \`sub.port\`) to its value for the next step`, EXIT_USAGE);
      return { kind: 'mock', index, mocks: await typeMocks(body, c, `${path}.mock`) };
    case 'setup':
      if (!isObject(body)) throw new CliError(`${path}.setup: expected an object from value input, register or state machine to value`, EXIT_USAGE);
      return { kind: 'setup', index, sets: await typeSetup(body, c, `${path}.setup`) };
    default:
      if (!isObject(body)) throw new CliError(`${path}.expect: expected an object from output port to value (null: absent)`, EXIT_USAGE);
      return { kind: 'expect', index, checks: await typeExpect(body, c, `${path}.expect`) };
  }
}

/** `setup` writes state slots without a step: value inputs (`in$x`), registers (`reg$r`), state machines (`fsm$id`). */
async function typeSetup(body: Record<string, unknown>, c: EscirCircuit, path: string): Promise<{ field: number; name: string; value: IrConst }[]> {
  const sets: { field: number; name: string; value: IrConst }[] = [];
  const settable = c.stateFields.flatMap((f) => (/^(in|reg|fsm)\$/.test(f.name) ? [f.name.slice(f.name.indexOf('$') + 1)] : []));
  for (const [key, value] of Object.entries(body)) {
    const field = ['in', 'reg', 'fsm'].map((p) => c.stateFields.findIndex((f) => f.name === `${p}$${key}`)).find((i) => i >= 0);
    if (field === undefined) {
      throw new CliError(`${path}.${key}: setup sets value inputs, registers and state machines; '${key}' is none of them${hintFor(key, settable)} (settable: ${settable.join(', ') || 'none'})`, EXIT_USAGE);
    }
    const slot = c.stateFields[field]!;
    const et = slot.name.startsWith('in$') ? c.inputs.find((p) => p.name === key)?.et : slot.name.startsWith('reg$') ? c.model.state.find((r) => r.name === key)?.type : undefined;
    sets.push({ field, name: slot.name, value: await escirValue(value, et, slot.type, c, `${path}.${key}`) });
  }
  return sets;
}

/** `mock`: an extern's result, or a child's output (`sub.port`, an input of the step). */
async function typeMocks(body: Record<string, unknown>, c: EscirCircuit, path: string): Promise<MockSet> {
  const mocks: MockSet = { externs: [], inputs: [] };
  const children = c.inputs.filter((p) => p.name.includes('.'));
  for (const [key, value] of Object.entries(body)) {
    const ext = c.externs.get(key);
    if (ext) {
      mocks.externs.push({ name: key, value: await escirValue(value, ext.et, ext.ir, c, `${path}.${key}`) });
      continue;
    }
    const child = children.find((p) => p.name === key);
    if (child) {
      mocks.inputs.push({ field: child.field, value: await escirValue(value, child.et, child.ir, c, `${path}.${key}`) });
      continue;
    }
    const names = [...c.externs.keys(), ...children.map((p) => p.name)];
    const declared = c.model.externs.has(key) ? ` ('${key}' is declared but never called)` : '';
    throw new CliError(`${path}.${key}: not an extern the circuit calls or a child output${declared}${hintFor(key, names)} (mockable: ${names.join(', ') || 'none'})`, EXIT_USAGE);
  }
  return mocks;
}
