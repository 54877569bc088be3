import { performance } from 'node:perf_hooks';
import { displayPath } from '../../compiler/pipeline/files.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { IrFunc, IrModule, IrTest } from '../../compiler/ir/ir.ts';
import { ClauseChecker } from '../clauses/checker.ts';
import { discoverPrograms, type ProgramGroup } from '../../compiler/pipeline/programs.ts';
import { availableParallelism } from 'node:os';
import { createEngine, type CompiledArtifact, type Engine } from '../exec/engine.ts';
import { instrumentAsserts, type AssertSite } from '../exec/instrument-asserts.ts';
import { summarize, type RunOptions, type RunSummary, type TestResult } from '../model.ts';
import type { ProgramContext } from './context.ts';
import { discoverTests, type DiscoveredTest } from './discover.ts';
import { escirFiles } from './escir.ts';
import { runJourneyTest } from './journey.ts';
import { loadProgramForTests, type LoadedProgram } from './load.ts';
import { runPropertyTest } from './property.ts';
import { runSnapshot } from './snapshot.ts';
import { runTestBlock, base } from './test-block.ts';
import { runVerifyClaim } from './verify.ts';

export interface RunHooks {
  /** A finished test (for streaming output). */
  onResult?(r: TestResult): void;
  /** Progress and program-level notices. */
  onNotice?(text: string): void;
}

export interface ListedTest {
  name: string;
  kind: string;
  file: string;
  line: number;
}

/**
 * `estream test`: discover programs, compile each once, discover its tests, run them
 * (each isolated on a fresh host), and summarise (specs/testing.md).
 */
export async function runTests(paths: string[], options: RunOptions, hooks: RunHooks = {}): Promise<RunSummary> {
  const { programs, diagnostics } = discoverPrograms(paths);
  const notices: string[] = diagnostics.map(formatIoDiagnostic);
  const results: TestResult[] = [];
  const matcher = makeFilter(options.filter);
  const bail = { stopped: false };
  for (const group of programs) {
    const prepared = await prepareProgram(group, options, hooks);
    if ('failure' in prepared) {
      results.push(prepared.failure);
      hooks.onResult?.(prepared.failure);
      if (options.bail) bail.stopped = true;
      continue;
    }
    const tests = prepared.tests.filter((t) => matcher(t));
    const workers = plannedWorkers(tests, options);
    if (workers > 1 && !bail.stopped) {
      hooks.onNotice?.(`running ${tests.length} tests on ${workers} worker threads`);
      const { runInWorkers } = await import('../parallel/pool.ts');
      const indices = tests.map((t) => prepared.tests.indexOf(t));
      results.push(...(await runInWorkers(group, options, prepared.ctx, prepared.tests, indices, workers, bail, hooks)));
      continue;
    }
    for (const test of tests) {
      if (bail.stopped) {
        for (const r of skippedResults(test, 'skipped by --bail')) {
          results.push(r);
          hooks.onResult?.(r);
        }
        continue;
      }
      const produced = await runOne(prepared.ctx, test, (r) => hooks.onResult?.(r));
      results.push(...produced);
      if (options.bail && produced.some((r) => r.status === 'failed')) bail.stopped = true;
    }
  }
  const escir = escirFiles(paths);
  if (escir.length > 0 && !bail.stopped) {
    const { runEscirFiles } = await import('./escir.ts');
    results.push(...(await runEscirFiles(escir, matcher, hooks)));
  }
  return summarize(results, notices);
}

/**
 * How many worker threads a program's tests get: one per core (at most `--workers`), but
 * only when there is enough work to repay starting them (each worker loads the program;
 * the compiled wasm is shared). Weight: iterations of property/fuzz tests, steps of
 * journeys, 1 for anything else.
 */
export function plannedWorkers(tests: readonly DiscoveredTest[], options: RunOptions): number {
  const cores = options.workers ?? Math.min(2, availableParallelism());
  if (cores <= 1 || tests.length < 2) return 1;
  let weight = 0;
  for (const t of tests) {
    const gen = t.ir ? generatedInputsKind(t.ir) : undefined;
    if (gen) weight += options.runs ?? (gen === 'fuzz' ? 1000 : 100);
    else if (t.journey) weight += t.journey.steps.length;
    else weight += 1;
  }
  return weight >= PARALLEL_MIN_WEIGHT ? Math.min(cores, tests.length) : 1;
}

/** Below this much work a single thread finishes before workers would have loaded the program. */
export const PARALLEL_MIN_WEIGHT = 3000;

/** `estream test --list`: the tests that would run, without running them. */
export async function listTests(paths: string[], options: RunOptions, hooks: RunHooks = {}): Promise<{ tests: ListedTest[]; notices: string[] }> {
  const { programs, diagnostics } = discoverPrograms(paths);
  const notices = diagnostics.map(formatIoDiagnostic);
  const matcher = makeFilter(options.filter);
  const out: ListedTest[] = [];
  for (const group of programs) {
    const prepared = await prepareProgram(group, options, hooks, false);
    if ('failure' in prepared) {
      notices.push(prepared.failure.message);
      continue;
    }
    for (const t of prepared.tests.filter((x) => matcher(x))) {
      if (t.journey) {
        for (const s of t.journey.steps) {
          out.push({ name: `${t.name} › ${s.name}`, kind: 'journey', file: t.file, line: s.span.file.lineCol(s.span.start).line });
        }
      } else out.push({ name: t.name, kind: t.kind, file: t.file, line: t.line });
    }
  }
  const escir = escirFiles(paths);
  if (escir.length > 0) {
    const { listEscirTests } = await import('./escir.ts');
    out.push(...(await listEscirTests(escir)).filter(matcher));
  }
  return { tests: out, notices };
}

export async function prepareProgram(
  group: ProgramGroup,
  options: RunOptions,
  hooks: RunHooks,
  compile = true,
  compiled?: CompiledArtifact,
): Promise<{ ctx: ProgramContext; tests: DiscoveredTest[] } | { failure: TestResult }> {
  const root = displayPath(group.root) || '.';
  const t0 = performance.now();
  hooks.onNotice?.(`compiling ${root} (${group.files.length} file${group.files.length === 1 ? '' : 's'})…`);
  let program: LoadedProgram;
  try {
    program = await loadProgramForTests(group.files, { overflowChecks: options.overflowChecks === true, root });
  } catch (e) {
    const message = `cannot compile the program at ${root}: ${(e as Error)?.message ?? String(e)}`;
    return { failure: { name: `compile ${root}`, kind: 'program', file: root, line: 1, status: 'failed', durationMs: performance.now() - t0, message } };
  }
  try {
    return await finishPreparing(group, program, root, options, hooks, compile, compiled, t0);
  } catch (e) {
    // A defect in the runner's own preparation must not end the run.
    const message = `cannot prepare the tests of ${root}: internal error in the test runner: ${(e as Error)?.message ?? String(e)}`;
    return { failure: { name: `compile ${root}`, kind: 'program', file: root, line: 1, status: 'failed', durationMs: performance.now() - t0, message } };
  }
}

async function finishPreparing(
  group: ProgramGroup,
  program: LoadedProgram,
  root: string,
  options: RunOptions,
  hooks: RunHooks,
  compile: boolean,
  compiled: CompiledArtifact | undefined,
  t0: number,
): Promise<{ ctx: ProgramContext; tests: DiscoveredTest[] }> {
  const errors = program.diagnostics.filter((d) => d.severity === 'error').length;
  const sites = new Map<string, AssertSite>();
  const clauses = new ClauseChecker(program.ir);
  const instrumented = instrumentModule(program.ir, clauses, sites);
  const selected = new Set(group.selected);
  const tests = discoverTests(program.ir, program.asts, selected, (p) => displayPath(p));
  const lookup = (p: string) => program.sources.get(p);
  const engine: Engine = compile
    ? await createEngine(instrumented, { ...(compiled ? { compiled } : {}), ...(options.engine ? { engine: options.engine } : {}) })
    : { kind: 'interpreter', call: () => null };
  const ms = performance.now() - t0;
  hooks.onNotice?.(
    `compiled ${root} in ${ms.toFixed(0)} ms: ${tests.length} test${tests.length === 1 ? '' : 's'}` +
      `${errors > 0 ? `, ${errors} compile error${errors === 1 ? '' : 's'} (declarations with errors trap when called)` : ''}` +
      `${compile ? `, running on ${engine.kind === 'wasm' ? 'WebAssembly' : 'the IR interpreter'}` : ''}`,
  );
  if (compile && engine.fallbackReason) hooks.onNotice?.(`note: ${engine.fallbackReason}; tests of ${root} run on the IR interpreter`);
  const funcByName = new Map<string, IrFunc>(instrumented.funcs.map((f) => [f.name, f]));
  const ctx: ProgramContext = {
    module: instrumented,
    asts: program.asts,
    engine,
    lookup: (p) => lookup(p) ?? lookup(displayPath(p)),
    display: (p) => displayPath(p),
    assertSites: sites,
    clauses,
    options,
    funcByName,
  };
  return { ctx, tests };
}

/** Test-mode instrumentation: assert operand capture everywhere, clause checks on circuits. */
export function instrumentModule(module: IrModule, clauses: ClauseChecker, sites: Map<string, AssertSite>): IrModule {
  const withAsserts: IrModule = { ...module, funcs: module.funcs.map((f) => (f.notCompiled ? f : instrumentAsserts(f, sites))) };
  return clauses.instrument(withAsserts);
}

export async function runOne(ctx: ProgramContext, test: DiscoveredTest, onResult: (r: TestResult) => void): Promise<TestResult[]> {
  const done = (r: TestResult): TestResult[] => {
    onResult(r);
    return [r];
  };
  try {
    if (test.notCompiled) {
      return done({ ...base(test), status: 'failed', durationMs: 0, message: test.notCompiled });
    }
    if (test.journey) return runJourneyTest(ctx, test.journey, onResult);
    if (test.machine) return done(runVerifyClaim(ctx, { ...test, machine: test.machine }));
    if (test.circuit) return done(runSnapshot(ctx, { ...test, circuit: test.circuit }));
    if (test.ir) {
      if (generatedInputsKind(test.ir) !== undefined) return done(await runPropertyTest(ctx, { ...test, ir: test.ir }));
      return done(runTestBlock(ctx, { ...test, ir: test.ir }));
    }
    return done({ ...base(test), status: 'skipped', durationMs: 0, message: 'nothing to run' });
  } catch (e) {
    // A runner defect must never end the run: report it on the test and go on.
    const message = `internal error in the test runner: ${(e as Error)?.message ?? String(e)}`;
    return done({ ...base(test), status: 'failed', durationMs: 0, message, detail: process.env.ESTREAM_DEBUG ? `${message}\n${(e as Error)?.stack}` : message });
  }
}

/** 'property' or 'fuzz' for tests whose inputs are generated (blocks and inline clauses alike). */
export function generatedInputsKind(t: IrTest): 'property' | 'fuzz' | undefined {
  const k = t.kind === 'inline' ? t.testKind : t.kind;
  return k === 'property' || k === 'fuzz' ? k : undefined;
}

export function skippedResults(test: DiscoveredTest, why: string): TestResult[] {
  if (test.journey) {
    return test.journey.steps.map((s) => ({
      name: `${test.name} › ${s.name}`,
      kind: 'journey' as const,
      file: test.file,
      line: s.span.file.lineCol(s.span.start).line,
      status: 'skipped' as const,
      durationMs: 0,
      message: why,
    }));
  }
  return [{ ...base(test), status: 'skipped', durationMs: 0, message: why }];
}

/**
 * `--filter`: a substring of the test name or file path, or `/regex/flags`. A journey is
 * selected when its name or any step's `journey › step` name matches (its steps depend on
 * each other, so it runs whole).
 */
export function makeFilter(filter: string | undefined): (t: Pick<DiscoveredTest, 'name' | 'file'> & { journey?: DiscoveredTest['journey'] }) => boolean {
  if (!filter) return () => true;
  const m = /^\/(.*)\/([a-z]*)$/.exec(filter);
  const test = m ? ((re: RegExp) => (s: string) => re.test(s))(new RegExp(m[1]!, m[2])) : (s: string) => s.includes(filter);
  return (t) => {
    if (test(t.name) || test(t.file)) return true;
    return t.journey?.steps.some((s) => test(`${t.name} › ${s.name}`)) ?? false;
  };
}

function formatIoDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}
