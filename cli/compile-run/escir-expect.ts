/**
 * `expect` steps of `estream run` scripts (specs/compile-run.md §8.3), with the meaning
 * they have in ESCIR tests (ESCIR.md §6): the outputs of the step before, `null` = absent,
 * structs compared on the listed fields only, floats to 1e-9 relative, a legacy `X_valid`
 * as the presence of X. A stream output of a process circuit carries the step's items as a
 * list: `null` means none, a list compares every item, a single value the last one. An
 * internal `node.port` is read from the probe the lowering keeps in the state.
 */
import type { IrConst, IrType } from '../../compiler/ir/ir.ts';
import type { JsonValue } from '../../runtime/values/index.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import type { EscirCircuit, EscirPort } from './escir-circuit.ts';
import { escirValue, firstMismatch, hintFor as hint, type Matcher } from './escir-values.ts';

export interface Expectation {
  path: string;
  /** Where the value is: a field of the outputs, or a probe slot of the state. */
  from: 'outputs' | 'state';
  field: number;
  shape: EscirPort['shape'];
  /** The payload (item) type. */
  ir: IrType;
  check: { kind: 'absent' } | { kind: 'presence'; present: boolean } | { kind: 'value'; want: Matcher } | { kind: 'items'; want: Matcher[] };
}

export interface ExpectFailure {
  path: string;
  expected: unknown;
  actual: unknown;
  /** The first differing field below the port (`a.b`), when a struct differs. */
  field?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The checks of one `expect` step, typed against the circuit (usage errors name the path). */
export async function typeExpect(body: Record<string, unknown>, c: EscirCircuit, path: string): Promise<Expectation[]> {
  const checks: Expectation[] = [];
  for (const [key, value] of Object.entries(body)) {
    const at = `${path}.${key}`;
    const flagOf = c.outputs.find((p) => p.validFlag === key);
    if (flagOf) {
      if (typeof value !== 'boolean') throw new CliError(`${at}: expected true or false (the presence of '${flagOf.name}')`, EXIT_USAGE);
      checks.push({ path: at, from: 'outputs', field: flagOf.field, shape: flagOf.shape, ir: flagOf.ir, check: { kind: 'presence', present: value } });
      continue;
    }
    const port = c.outputs.find((p) => p.name === key);
    const probe = port ? -1 : c.stateFields.findIndex((f) => f.name === `probe$${key}`);
    if (!port && probe < 0) {
      const names = c.outputs.map((p) => p.name);
      throw new CliError(`${at}: '${key}' is not an output of ${c.name}${hint(key, names)} (outputs: ${names.join(', ') || 'none'})`, EXIT_USAGE);
    }
    const slot = probe >= 0 ? c.stateFields[probe]! : undefined;
    const target = port
      ? { from: 'outputs' as const, field: port.field, shape: port.shape, ir: port.ir, et: port.et }
      : { from: 'state' as const, field: probe, shape: 'option' as const, ir: slot!.type.k === 'option' ? slot!.type.inner : slot!.type, et: undefined };
    const base = { path: at, from: target.from, field: target.field, shape: target.shape, ir: target.ir };
    if (value === null) {
      if (target.shape === 'value') throw new CliError(`${at}: '${key}' is a value port; it is never absent`, EXIT_USAGE);
      checks.push({ ...base, check: { kind: 'absent' } });
    } else if (target.shape === 'list' && Array.isArray(value) && target.ir.k !== 'array') {
      const want = await Promise.all(value.map((v, i) => matcherFor(v, target.et, target.ir, c, `${at}[${i}]`)));
      checks.push({ ...base, check: { kind: 'items', want } });
    } else {
      checks.push({ ...base, check: { kind: 'value', want: await matcherFor(value, target.et, target.ir, c, at) } });
    }
  }
  return checks;
}

async function matcherFor(want: unknown, et: EscirPort['et'] | undefined, ir: IrType, c: EscirCircuit, path: string): Promise<Matcher> {
  const def = ir.k === 'struct' ? c.types[ir.id] : undefined;
  if (def?.kind === 'struct' && isObject(want)) {
    const decl = et?.k === 'struct' ? c.table.struct(et.name) : undefined;
    const fields: { index: number; name: string; matcher: Matcher }[] = [];
    for (const [k, w] of Object.entries(want)) {
      const index = def.fields.findIndex((f) => f.name === k);
      if (index < 0) throw new CliError(`${path}.${k}: ${def.name} has no field '${k}'${hint(k, def.fields.map((f) => f.name))} (fields: ${def.fields.map((f) => f.name).join(', ')})`, EXIT_USAGE);
      fields.push({ index, name: k, matcher: await matcherFor(w, decl?.fields.find((f) => f.name === k)?.type, def.fields[index]!.type, c, `${path}.${k}`) });
    }
    return { kind: 'fields', fields };
  }
  return { kind: 'value', value: await escirValue(want, et, ir, c, path) };
}

/** An option held as `null` / `{some}` (arrays and bytes are values, never options). */
function unwrapOption(v: IrConst): { present: boolean; value: IrConst } {
  if (v === null) return { present: false, value: null };
  if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && 'some' in v) return { present: true, value: v.some };
  return { present: true, value: v };
}

/**
 * The first check that fails against a step's outputs and state, or undefined. `json`
 * renders values for the report.
 */
export function checkExpectations(checks: Expectation[], outputs: IrConst[], state: IrConst[], json: (v: IrConst, t: IrType) => JsonValue, c: EscirCircuit): ExpectFailure | undefined {
  const render = (m: Matcher, t: IrType): JsonValue => {
    if (m.kind === 'value') return json(m.value, t);
    const def = t.k === 'struct' ? c.types[t.id] : undefined;
    const fields = def?.kind === 'struct' ? def.fields : [];
    return Object.fromEntries(m.fields.map((f) => [f.name, render(f.matcher, fields[f.index]?.type ?? t)]));
  };
  for (const x of checks) {
    const raw = (x.from === 'outputs' ? outputs : state)[x.field]!;
    if (x.shape === 'list') {
      const items = Array.isArray(raw) ? raw : [];
      const shown = () => items.map((i) => json(i, x.ir));
      if (x.check.kind === 'absent' || (x.check.kind === 'presence' && !x.check.present)) {
        if (items.length > 0) return { path: x.path, expected: x.check.kind === 'absent' ? null : false, actual: shown() };
      } else if (x.check.kind === 'presence') {
        if (items.length === 0) return { path: x.path, expected: true, actual: [] };
      } else if (x.check.kind === 'items') {
        const want = x.check.want;
        const differs = items.length !== want.length || items.some((item, i) => firstMismatch(item, want[i]!) !== undefined);
        if (differs) return { path: x.path, expected: want.map((m) => render(m, x.ir)), actual: shown() };
      } else {
        const last = items[items.length - 1];
        const at = last === undefined ? '' : firstMismatch(last, x.check.want);
        if (last === undefined || at !== undefined) return { path: x.path, expected: render(x.check.want, x.ir), actual: last === undefined ? [] : json(last, x.ir), ...(at ? { field: at.slice(1) } : {}) };
      }
      continue;
    }
    const { present, value } = x.shape === 'value' ? { present: true, value: raw } : unwrapOption(raw);
    const actual = present ? json(value, x.ir) : null;
    switch (x.check.kind) {
      case 'presence':
        if (present !== x.check.present) return { path: x.path, expected: x.check.present, actual: present };
        break;
      case 'absent':
        if (present) return { path: x.path, expected: null, actual };
        break;
      case 'items':
        break;
      case 'value': {
        const at = present ? firstMismatch(value, x.check.want) : '';
        if (at !== undefined) return { path: x.path, expected: render(x.check.want, x.ir), actual, ...(at ? { field: at.slice(1) } : {}) };
      }
    }
  }
  return undefined;
}
