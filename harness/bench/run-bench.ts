import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { displayPath } from '../../compiler/pipeline/files.ts';
import type { IrConst, IrFunc, IrModule } from '../../compiler/ir/ir.ts';
import { createHost, type Host } from '../../runtime/host/index.ts';
import { zeroValue } from '../../runtime/values/index.ts';
import { discoverPrograms } from '../../compiler/pipeline/programs.ts';
import { interpreterEngine } from '../exec/engine.ts';
import { readInputVectors, snapshotPaths, type InputVector } from '../golden/snapshot.ts';
import { vectorArgs } from '../run/snapshot.ts';
import { loadProgramForTests } from '../run/load.ts';
import type { CircuitFigures } from './baseline.ts';

/**
 * `estream bench`: measures hot-path circuits with benny (specs/testing.md §Bench). By
 * default every circuit with the `critical_path` header clause in the named files; each is
 * called on its golden inputs (the first vector of `<stem>.<circuit>.inputs.json`), its
 * zero values, or `--input`. Two cases per circuit, measured in the same run: witness
 * recording off and on; plus the JS heap allocated per call.
 */
export interface BenchOptions {
  circuit?: string;
  /** `--input`: JSON text, or `@path` of a JSON file (object by parameter name, or array). */
  input?: string;
  /** Seconds per benny case (benchmark.js maxTime). */
  maxTime: number;
  minSamples: number;
  overflowChecks?: boolean;
  onProgress?(text: string): void;
}

export interface BenchReport {
  figures: CircuitFigures[];
  notices: string[];
}

interface Target {
  func: IrFunc;
  file: string;
  args: IrConst[];
}

export function isCriticalPath(f: IrFunc): boolean {
  const a = f.attrs ?? {};
  return Boolean(a.critical_path ?? a.criticalPath);
}

export async function benchPaths(paths: string[], options: BenchOptions): Promise<BenchReport> {
  const { programs, diagnostics } = discoverPrograms(paths);
  const notices = diagnostics.map((d) => `${d.file}: ${d.message}`);
  const figures: CircuitFigures[] = [];
  for (const group of programs) {
    options.onProgress?.(`compiling ${displayPath(group.root) || '.'}…`);
    const program = await loadProgramForTests(group.files, { overflowChecks: options.overflowChecks === true, root: displayPath(group.root) || '.' });
    const selected = new Set(group.selected);
    const candidates = program.ir.funcs.filter(
      (f) =>
        f.kind === 'circuit' &&
        f.loc !== undefined &&
        selected.has(f.loc.file.path) &&
        (options.circuit !== undefined ? f.sourceName === options.circuit || f.name === options.circuit : isCriticalPath(f)),
    );
    const targets: Target[] = [];
    for (const f of candidates) {
      if (f.notCompiled) {
        notices.push(`${f.sourceName}: not benchmarked, it does not compile: ${f.notCompiled.message}`);
        continue;
      }
      targets.push({ func: f, file: displayPath(f.loc!.file.path), args: inputsFor(f, program.ir, options.input) });
    }
    if (targets.length === 0) continue;
    const runner = await benchRunner(program.ir);
    if (runner.note) notices.push(runner.note);
    for (const t of targets) {
      options.onProgress?.(`benchmarking ${t.func.sourceName} (${t.file})…`);
      figures.push(await measure(t, runner, options));
    }
  }
  if (options.circuit !== undefined && figures.length === 0) {
    throw new Error(`no circuit named ${options.circuit} in ${paths.join(', ')}`);
  }
  return { figures, notices };
}

function inputsFor(f: IrFunc, module: IrModule, input: string | undefined): IrConst[] {
  const params = f.params.map((id) => f.locals[id]!);
  if (input !== undefined) {
    const text = input.startsWith('@') ? readFileSync(input.slice(1), 'utf8') : input;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new Error(`--input is not valid JSON: ${(e as Error).message}`);
    }
    const vector: InputVector = Array.isArray(parsed) ? { positional: parsed } : { byName: (parsed ?? {}) as Record<string, never> };
    return vectorArgs(vector, params, module.types, '--input');
  }
  const vectors = readInputVectors(snapshotPaths(f.loc!.file.path, f.sourceName));
  if (vectors.kind === 'file' && vectors.vectors.length > 0) return vectorArgs(vectors.vectors[0]!, params, module.types, displayPath(vectors.path));
  if (vectors.kind === 'error') throw new Error(`${displayPath(vectors.path)}: ${vectors.message}`);
  return params.map((p) => zeroValue(p.type, module.types));
}

interface Runner {
  engine: 'wasm' | 'interpreter';
  note?: string;
  call(func: string, args: IrConst[], host: Host, witness: boolean): IrConst;
}

/** The plain program (no test instrumentation), compiled once with witness support. */
async function benchRunner(module: IrModule): Promise<Runner> {
  try {
    const { compileModule } = await import('../../compiler/wasm/index.ts');
    const { loadModule } = await import('../../runtime/wasm/index.ts');
    const compiled = await compileModule(module, { optLevel: 2, witness: true });
    const loaded = await loadModule(compiled);
    return { engine: 'wasm', call: (func, args, host, witness) => loaded.callIr(func, args, { host, witness }).value };
  } catch (e) {
    const interp = await interpreterEngine(module);
    return {
      engine: 'interpreter',
      note: `note: the WebAssembly back end refused the module (${(e as Error).message}); measured on the IR interpreter, without a witness`,
      call: (func, args, host) => interp.call(func, args, host),
    };
  }
}

async function measure(t: Target, runner: Runner, options: BenchOptions): Promise<CircuitFigures> {
  const { default: b } = await import('benny');
  const host = createHost({ testName: t.func.sourceName });
  // A circuit that traps on its inputs cannot be measured: say so instead of timing a trap.
  runner.call(t.func.name, t.args, host, false);
  const heapOff = heapPerCall(() => runner.call(t.func.name, t.args, host, false));
  const heapOn = runner.engine === 'wasm' ? heapPerCall(() => runner.call(t.func.name, t.args, host, true)) : heapOff;
  const cases = [b.add('witness off', () => {
    runner.call(t.func.name, t.args, host, false);
  })];
  if (runner.engine === 'wasm') {
    cases.push(b.add('witness on', () => {
      runner.call(t.func.name, t.args, host, true);
    }));
  }
  // benny announces each suite on console.log; the command's own output (and --json) must stay clean.
  const log = console.log;
  console.log = () => {};
  let summary: Awaited<ReturnType<typeof b.suite>>;
  try {
    summary = await b.suite(
      `${t.file}:${t.func.sourceName}`,
      ...cases,
      b.configure({ cases: { maxTime: options.maxTime, minSamples: options.minSamples } }),
      b.cycle(() => undefined),
      b.complete(() => undefined),
    );
  } finally {
    console.log = log;
  }
  const off = summary.results.find((r) => r.name === 'witness off')!;
  const on = summary.results.find((r) => r.name === 'witness on') ?? off;
  return {
    circuit: t.func.sourceName,
    file: t.file,
    opsPerSec: off.ops,
    nsPerCall: 1e9 / off.ops,
    marginPct: off.margin,
    samples: off.samples,
    witnessOpsPerSec: on.ops,
    witnessNsPerCall: 1e9 / on.ops,
    witnessMarginPct: on.margin,
    witnessRatio: off.ops / on.ops,
    heapBytesPerCall: heapOff,
    witnessHeapBytesPerCall: heapOn,
    engine: runner.engine,
  };
}

let gcFn: (() => void) | undefined | null;

function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

/**
 * JS heap allocated per call, approximately: the growth of the used heap over a batch of
 * calls after a full collection (a collection during the batch makes it an underestimate).
 */
function heapPerCall(call: () => void, n = 500): number {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) call();
  const after = process.memoryUsage().heapUsed;
  return Math.max(0, Math.round((after - before) / n));
}
