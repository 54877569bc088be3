/**
 * `estream run FILE.escir.yaml [CIRCUIT]` (issue 5 item 4, specs/compile-run.md §8): compile
 * the circuit through the ESCIR front end and the wasm back end, then call its step function
 * `(state, inputs, now) -> {state, outputs}` once with an explicit state and `now`, or run a
 * script of steps. After every step the circuit's invariants are checked (ESCIR.md §6 step
 * 4). A witness records a step call exactly like a FastLang call; a script writes one per
 * step.
 */
import type { IrConst } from '../../compiler/ir/ir.ts';
import type { RunCommandOptions } from '../commands/run.ts';
import type { LoadedModule } from '../../runtime/wasm/index.ts';
import type { RuntimeTrap } from '../../runtime/errors.ts';
import { CliError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../errors.ts';
import { displayPath } from '../../compiler/source/files.ts';
import type { EscirCircuit } from './escir-circuit.ts';
import type { EscirRequest, EscirStepCall, MockSet } from './escir-input.ts';
import { checkExpectations, type ExpectFailure } from './escir-expect.ts';
import type { JsonValue } from '../../runtime/values/index.ts';
import type { WrittenWitness } from './escir-witness.ts';

/** Flags of `run` that only mean something for FastLang, with why. */
const FASTLANG_ONLY: [keyof RunCommandOptions, string, string][] = [
  ['overflowChecks', '--overflow-checks', 'an ESCIR circuit chooses with the `checked: true` annotation (ESCIR.md §6)'],
  ['clock', '--clock', 'ESCIR has no clock: pass "now" (nanoseconds) in --input'],
  ['seed', '--seed', 'ESCIR circuits use no host randomness (ESCIR.md §6)'],
  ['model', '--model', 'ESCIR circuits call no models'],
];

/** What one step did: the values it was called with and what it produced. */
interface StepOutcome {
  now: bigint;
  inputs: IrConst;
  outputs: IrConst;
  state: IrConst;
}

type Failure =
  | { kind: 'trap'; trap: RuntimeTrap }
  | { kind: 'invariant'; name: string; now: bigint; loc: { file: string; line: number; column: number; endLine: number; endColumn: number } }
  | ({ kind: 'expect' } & ExpectFailure);

interface Session {
  c: EscirCircuit;
  loaded: LoadedModule;
  fuel: bigint;
  /** Where the witness of step `n` goes (1-based), or undefined without --witness. */
  witnessPath: ((n: number) => string) | undefined;
  writeWitness: (path: string, recording: import('../../runtime/wasm/index.ts').WitnessRecording) => Promise<WrittenWitness>;
  witnesses: WrittenWitness[];
  /** Extern results for the step being run (`mocks` / a `mock` step); cleared after it. */
  externResults: Map<string, IrConst>;
  json: (v: IrConst, t: import('../../compiler/ir/ir.ts').IrType) => JsonValue;
}

export async function runEscirCommand(target: string, circuitName: string | undefined, opts: RunCommandOptions): Promise<number> {
  const { compileFlags } = await import('./programs.ts');
  const { outputFor, renderAll, renderTrap, renderLocated, trapJson, plural, withProgress } = await import('./report.ts');
  const { parseFuel, readWitnessKey } = await import('./host-setup.ts');
  const { readEscirRequest, typeEscirRequest } = await import('./escir-input.ts');
  const jsonMode = opts.json === true;
  const out = outputFor(process.stderr, opts.color);

  // Everything the user typed is checked before the compilation.
  for (const [flag, name, why] of FASTLANG_ONLY) {
    if (opts[flag] !== undefined && opts[flag] !== false) throw new CliError(`${name} does not apply to ESCIR circuits: ${why}`, EXIT_USAGE);
  }
  const flags = await compileFlags(opts, 0);
  const { DEFAULT_FUEL } = await import('../../runtime/index.ts');
  const fuel = parseFuel(opts.fuel, DEFAULT_FUEL);
  const key = opts.key !== undefined ? await readWitnessKey(opts.key) : undefined;
  const file = displayPath(target);
  await requireFile(target);
  const raw = await readEscirRequest(opts.input);
  await checkCircuitName(target, circuitName);

  const { compileEscirFile } = await import('../../compiler/pipeline/compile.ts');
  const compilation = await withProgress(`compiling ${file}`, () => compileEscirFile(file, { optLevel: flags.optLevel, witness: true }), jsonMode ? false : undefined);
  const sources = new Map(compilation.sources.map((s) => [s.path, s.text]));
  const emit = (obj: Record<string, unknown>) => process.stdout.write(JSON.stringify(obj) + '\n');
  const model = compilation.escir?.model;
  const graph = compilation.escir?.lowering?.graph;
  const compiled = compilation.compiled;
  const shownName = model?.name ?? circuitName ?? file;
  const stepMeta = compiled && graph ? compiled.meta.funcs.find((f) => f.name === graph.proc.step) : undefined;
  if (!model || !graph || !compiled || !stepMeta?.compiled || compilation.errors > 0) {
    const errors = compilation.diagnostics.filter((d) => d.severity === 'error');
    const why = errors.length > 0 ? `${plural(errors.length, 'error')} above` : model?.kind === 'composite' || model?.dialect === 'C' ? 'a composite lowers to a netlist and is not executed (ESCIR.md §8); run its circuits' : 'it has no graph that lowers to a step function';
    if (jsonMode) emit({ circuit: shownName, ok: false, diagnostics: errors, ...(errors.length === 0 ? { error: `${shownName} cannot run: ${why}` } : {}) });
    else process.stderr.write((await renderAll(errors, sources, out)) + `${errors.length > 0 ? '\n' : ''}estream: ${shownName} cannot run: ${why}\n`);
    return EXIT_FINDINGS;
  }

  const { escirCircuit } = await import('./escir-circuit.ts');
  const c = await escirCircuit(model, graph, compiled);
  const request = await typeEscirRequest(raw, c);
  const { loadModule } = await import('../../runtime/index.ts');
  const { createHost } = await import('../../runtime/host/index.ts');
  const { toJson } = await import('../../runtime/values/index.ts');
  const { writeStepWitness, stepWitnessPath } = await import('./escir-witness.ts');
  const loaded = await loadModule(compiled, { host: createHost({ streams: compiled.meta.streams as never }) });
  const session: Session = {
    c,
    loaded,
    fuel,
    witnessPath: opts.witness === undefined ? undefined : request.kind === 'step' ? () => opts.witness! : (n) => stepWitnessPath(opts.witness!, n),
    writeWitness: (path, recording) => writeStepWitness(path, recording, c, compiled, compilation.sources, fuel, key),
    witnesses: [],
    externResults: new Map(),
    json: (v, t) => toJson(v, t, c.types),
  };
  await registerExterns(session);
  const run = await execute(session, request);
  const { failure, failedAt } = run;
  const u64 = { k: 'int', bits: 64, signed: false } as const;
  const stepJson = (o: StepOutcome) => ({ now: session.json(o.now, u64), outputs: session.json(o.outputs, c.outputsType) });
  const stateJson = session.json(run.state, c.stateType);
  const result: Record<string, JsonValue> =
    request.kind === 'step' ? (run.done[0] ? { ...stepJson(run.done[0]), state: stateJson } : {}) : { steps: run.done.map(stepJson), state: stateJson };
  const notes = witnessNotes(session, key, opts.witness !== undefined);
  if (jsonMode) {
    const witness = request.kind === 'step' ? (session.witnesses[0] ?? null) : session.witnesses;
    emit({ circuit: c.name, ok: failure === undefined, ...result, ...(failure ? failureToJson(failure, trapJson, failedAt) : {}), witness });
    return failure ? EXIT_FINDINGS : EXIT_OK;
  }
  // A single step that trapped has no result; a script prints the steps that ran.
  const { formatJson } = await import('../../runtime/values/index.ts');
  if (Object.keys(result).length > 0) process.stdout.write(formatJson(result));
  if (failure) {
    const where = failedAt !== undefined ? `in steps[${failedAt}] of the script` : undefined;
    process.stderr.write(await renderFailure(failure, sources, out, where, { renderTrap, renderLocated }));
  }
  const ws = session.witnesses;
  const signedBy = (w: WrittenWitness) => (w.signed ? `, signed with ML-DSA-87 key ${w.keyId}` : '');
  if (ws.length === 1) process.stderr.write(`witness written to ${ws[0]!.path}: ${plural(ws[0]!.records, 'record')}, commitment ${ws[0]!.commitment}${signedBy(ws[0]!)}\n`);
  else if (ws.length > 1) process.stderr.write(`${ws.length} witnesses written, one per step: ${ws[0]!.path} … ${ws[ws.length - 1]!.path}${signedBy(ws[0]!)}\n`);
  for (const n of notes) process.stderr.write(n + '\n');
  return failure ? EXIT_FINDINGS : EXIT_OK;
}

interface Execution {
  /** The steps that ran, in order (a trapping step is not among them). */
  done: StepOutcome[];
  /** The state after the last step that ran. */
  state: IrConst;
  failure?: Failure;
  /** Index in the script's `steps` of the step that failed. */
  failedAt?: number;
}

/** Runs the one step, or the script's actions in order until one fails. */
async function execute(s: Session, request: EscirRequest): Promise<Execution> {
  const run: Execution = { done: [], state: request.state ?? s.loaded.initialState(s.c.proc) };
  if (request.kind === 'step') {
    const r = await runStep(s, run.state, request.call, 1, request.mocks);
    if (r.outcome) {
      run.done.push(r.outcome);
      run.state = r.outcome.state;
    }
    if (r.failure) run.failure = r.failure;
    return run;
  }
  let now = request.now;
  let mocks: MockSet | undefined;
  for (const action of request.actions) {
    if (action.kind === 'setup') {
      run.state = withFields(run.state, action.sets);
      continue;
    }
    if (action.kind === 'mock') {
      // ESCIR.md §6: a mock drives the next step only; two in a row add up.
      mocks = { externs: [...(mocks?.externs ?? []), ...action.mocks.externs], inputs: [...(mocks?.inputs ?? []), ...action.mocks.inputs] };
      continue;
    }
    let failure: Failure | undefined;
    if (action.kind === 'expect') {
      const last = run.done[run.done.length - 1]!;
      const missed = checkExpectations(action.checks, last.outputs as IrConst[], last.state as IrConst[], s.json, s.c);
      if (missed) failure = { kind: 'expect', ...missed };
    } else {
      now += action.advanceNs;
      const call = action.call(now);
      now = call.now;
      const r = await runStep(s, run.state, call, run.done.length + 1, mocks);
      mocks = undefined;
      if (r.outcome) {
        run.done.push(r.outcome);
        run.state = r.outcome.state;
      }
      failure = r.failure;
    }
    if (failure) {
      run.failure = failure;
      run.failedAt = action.index;
      break;
    }
  }
  return run;
}

/** The ESCIR circuits under a directory (by top-level `name`); empty when `dir` is not a directory. */
export async function escirCircuitsIn(dir: string): Promise<{ file: string; name: string }[]> {
  const { statSync, readFileSync } = await import('node:fs');
  try {
    if (!statSync(dir).isDirectory()) return [];
  } catch {
    return [];
  }
  const { collectFiles } = await import('../../compiler/source/files.ts');
  const { ESCIR_SUFFIXES } = await import('../../compiler/escir/suffixes.ts');
  const found: { file: string; name: string }[] = [];
  for (const file of collectFiles([dir], ESCIR_SUFFIXES).files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const name = /^name:[ \t]*["']?([^"'#\n]+?)["']?[ \t]*(#.*)?$/m.exec(text)?.[1]?.trim();
    if (name !== undefined) found.push({ file: displayPath(file), name });
  }
  return found;
}

/**
 * The ESCIR file under a directory whose circuit is `name` (its `name`, or the last segment
 * of a `category/name`); undefined when there is none. Several matches are a usage error.
 */
export async function findEscirCircuitFile(dir: string, name: string): Promise<string | undefined> {
  const hits = (await escirCircuitsIn(dir)).filter((c) => c.name === name || c.name.split('/').pop() === name).map((c) => c.file);
  if (hits.length > 1) throw new CliError(`several ESCIR files under ${displayPath(dir)} hold a circuit named '${name}': ${hits.join(', ')}; name the file`, EXIT_USAGE);
  return hits[0];
}

async function requireFile(target: string): Promise<void> {
  const { statSync } = await import('node:fs');
  let isFile = false;
  try {
    isFile = statSync(target).isFile();
  } catch {
    throw new CliError(`${target}: no such file or directory`, EXIT_USAGE);
  }
  if (!isFile) throw new CliError(`${target}: not a file`, EXIT_USAGE);
}

/**
 * An ESCIR file is one circuit: a CIRCUIT argument must be its `name` (checked on the YAML
 * before the compilation; a file that does not parse is left to the compiler's diagnostics).
 */
async function checkCircuitName(target: string, circuitName: string | undefined): Promise<void> {
  if (circuitName === undefined) return;
  const { readFileSync } = await import('node:fs');
  const { parse } = await import('yaml');
  let name: unknown;
  try {
    name = (parse(readFileSync(target, 'utf8'), { uniqueKeys: false }) as Record<string, unknown> | null)?.['name'];
  } catch {
    return;
  }
  if (typeof name !== 'string' || name === circuitName || name.split('/').pop() === circuitName) return;
  throw new CliError(`${displayPath(target)} holds the circuit '${name}', not '${circuitName}' (an ESCIR file is one circuit; the circuit argument may be left out)`, EXIT_USAGE);
}

/** One call of the step function, its witness, then the invariants over the step. */
async function runStep(s: Session, state: IrConst, given: EscirStepCall, n: number, mocks?: MockSet): Promise<{ outcome?: StepOutcome; failure?: Failure }> {
  const { RuntimeTrap } = await import('../../runtime/errors.ts');
  const wantWitness = s.witnessPath !== undefined;
  let call = given;
  if (mocks && mocks.inputs.length > 0) {
    const inputs = [...(given.inputs as IrConst[])];
    for (const m of mocks.inputs) inputs[m.field] = { some: m.value };
    call = { inputs, now: given.now };
  }
  s.externResults = new Map((mocks?.externs ?? []).map((m) => [m.name, m.value]));
  let result: ReturnType<LoadedModule['step']>;
  try {
    result = s.loaded.step(s.c.proc, state, call.inputs, call.now, { witness: wantWitness, fuel: s.fuel });
  } catch (e) {
    if (!(e instanceof RuntimeTrap)) throw e;
    // The witness of a failed call verifies like any other (specs/compile-run.md §4).
    const recording = (e as RuntimeTrap & { witness?: import('../../runtime/wasm/index.ts').WitnessRecording }).witness;
    if (wantWitness && recording) s.witnesses.push(await s.writeWitness(s.witnessPath!(n), recording));
    return { failure: { kind: 'trap', trap: await located(e, s.c) } };
  }
  if (wantWitness && result.witness) s.witnesses.push(await s.writeWitness(s.witnessPath!(n), result.witness));
  const outcome: StepOutcome = { now: call.now, inputs: call.inputs, outputs: result.outputs, state: result.state };
  // ESCIR.md §6 step 4: invariants hold after every step; one that reads an absent event is skipped (none).
  for (const inv of s.c.invariants) {
    let holds: IrConst;
    try {
      holds = s.loaded.callIr(inv.func, [outcome.state, outcome.inputs, outcome.outputs, outcome.now], { fuel: s.fuel }).value;
    } catch (e) {
      if (!(e instanceof RuntimeTrap)) throw e;
      return { outcome, failure: { kind: 'trap', trap: await located(e, s.c) } };
    }
    if (holds !== null && typeof holds === 'object' && 'some' in holds && holds.some === false) {
      const file = s.c.model.file;
      const a = file.lineCol(inv.loc.start);
      const b = file.lineCol(inv.loc.end);
      return { outcome, failure: { kind: 'invariant', name: inv.name, now: outcome.now, loc: { file: file.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column } } };
    }
  }
  return { outcome };
}

/**
 * Traps of the runtime library itself (fuel, memory) have no source location; for an ESCIR
 * circuit they are reported at the circuit's graph, so every trap reads file:line:col.
 */
async function located(trap: RuntimeTrap, c: EscirCircuit): Promise<RuntimeTrap> {
  if (trap.location) return trap;
  const { RuntimeTrap: Trap } = await import('../../runtime/errors.ts');
  const root = c.model.root;
  const entry = root.entries.find((e) => e.key === 'graph') ?? root.entries.find((e) => e.key === 'compute') ?? root.entries.find((e) => e.key === 'name');
  const at = entry ? entry.keyNode : root;
  const a = c.model.file.lineCol(at.start);
  const b = c.model.file.lineCol(at.end);
  return new Trap(trap.kind, trap.message, { file: c.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column }, trap.callStack);
}

function withFields(state: IrConst, sets: { field: number; value: IrConst }[]): IrConst {
  const copy = [...(state as IrConst[])];
  for (const s of sets) copy[s.field] = s.value;
  return copy;
}

/**
 * Every extern the circuit calls answers with the result mocked for the current step; one
 * without a mock traps at its `call` node, saying how to give it.
 */
async function registerExterns(s: Session): Promise<void> {
  const { RuntimeTrap } = await import('../../runtime/errors.ts');
  for (const name of s.c.externs.keys()) {
    s.loaded.host.registerExtern(name, () => {
      const v = s.externResults.get(name);
      if (v === undefined) throw new RuntimeTrap('host', `extern '${name}' has no result for this step: give one with {"mocks": {"${name}": …}} (a script: a {"mock": …} step before it)`);
      return v;
    });
  }
}

function witnessNotes(s: Session, key: unknown, wanted: boolean): string[] {
  if (!wanted) return key ? ['note: --key signs witnesses; it has no effect without --witness'] : [];
  if (s.c.attested && !key) return [`note: ${s.c.name} is attested (povc_enabled); pass --key to sign the witness commitment with ML-DSA-87`];
  if (!s.c.attested && key) return [`note: ${s.c.name} is not attested (no \`povc_enabled: true\` annotation); the witness is not signed`];
  return [];
}

function failureToJson(f: Failure, trapJson: (t: RuntimeTrap) => Record<string, unknown>, step: number | undefined): Record<string, unknown> {
  const at = step === undefined ? {} : { step };
  if (f.kind === 'trap') return { ...at, trap: trapJson(f.trap) };
  if (f.kind === 'invariant') return { ...at, invariant: { name: f.name, now: f.now.toString(), ...f.loc } };
  return { ...at, expect: { path: f.path, ...(f.field !== undefined ? { field: f.field } : {}), expected: f.expected, actual: f.actual } };
}

async function renderFailure(
  f: Failure,
  sources: ReadonlyMap<string, string>,
  out: import('./report.ts').Output,
  where: string | undefined,
  r: Pick<typeof import('./report.ts'), 'renderTrap' | 'renderLocated'>,
): Promise<string> {
  const suffix = where ? ` (${where})` : '';
  if (f.kind === 'trap') {
    const text = await r.renderTrap(f.trap, sources, out);
    return where ? `${text}${where}\n` : text;
  }
  if (f.kind === 'invariant') return (await r.renderLocated(f.loc, `invariant '${f.name}' is false after the step at now=${f.now}${suffix}`, sources, out)) + '\n';
  const field = f.field !== undefined ? ` (field ${f.field} differs)` : '';
  return `error: ${f.path}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}${field}\n`;
}
