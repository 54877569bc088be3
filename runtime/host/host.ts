/**
 * The Host: one set of effect state (clock, stores, streams, graphs, metrics, models,
 * registries, RNG) that executes `host` IR nodes. Each createHost() is fresh, so every test
 * is isolated; a journey passes one host to all of its steps (§8.4.3).
 */
import type { IrConst, IrStream } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../errors.ts';
import { fromJs, toJs } from '../values/js.ts';
import { ValueError } from '../values/types.ts';
import { HostClock } from './clock.ts';
import { CollectionSet } from './collections.ts';
import { BUILTIN_EFFECTS, type HostState } from './effects.ts';
import { GraphStore } from './graph.ts';
import { FunctionRegistry, HOST_DOMAIN_HELPERS, MetricsRegistry, ModelRegistry, normalizeLex } from './registries.ts';
import { HostRng } from './rng.ts';
import type { HostCall, HostFunction, HostOptions, Model } from './types.ts';

export interface Host {
  /** Executes one effect. Throws RuntimeTrap (without location: the caller adds it). */
  invoke(call: HostCall): IrConst;
  readonly clock: HostClock;
  /** Streams and stores: declarations, live records, sinks, merkle heads. */
  readonly streams: CollectionSet;
  readonly metrics: MetricsRegistry;
  readonly models: ModelRegistry;
  readonly rng: HostRng;
  /** Tells the host the module's streams and stores (throttle, retention, kind, merkle chain). */
  declareStreams(streams: IrStream[]): void;
  /** Registers a host domain helper or callback over IR values. */
  registerHelper(name: string, fn: HostFunction): void;
  /** Registers an `extern "rust"` function over IR values. */
  registerExtern(name: string, fn: HostFunction): void;
  /** Registers a host function over public JS values (converted with toJs / fromJs). */
  registerJsFunction(name: string, fn: (...args: unknown[]) => unknown): void;
  registerModel(lexPath: string, model: Model): void;
  /** The in-memory graph store of that name. */
  graph(name: string): GraphStore;
  /** Value in a kv lex-path space, or undefined. */
  kvEntries(lexPath: string): { key: IrConst; value: IrConst }[];
  /** Whether the host can execute an effect of this name (built-in or registered). */
  handles(name: string): boolean;
}

class MemoryHost implements Host, HostState {
  readonly clock: HostClock;
  readonly streams: CollectionSet;
  readonly metrics = new MetricsRegistry();
  readonly models = new ModelRegistry();
  readonly rng: HostRng;
  readonly kvSpaces: HostState['kvSpaces'] = new Map();
  readonly contentStores: HostState['contentStores'] = new Map();
  private readonly graphs = new Map<string, GraphStore>();
  private readonly helpers = new FunctionRegistry();
  private readonly externs = new FunctionRegistry();
  private readonly declared = new WeakSet<IrStream[]>();

  constructor(readonly options: HostOptions) {
    this.clock = new HostClock(options.clockMs);
    this.streams = new CollectionSet(this.clock);
    this.rng = options.rngSeed ? new HostRng(options.rngSeed) : options.testName !== undefined ? HostRng.forTestName(options.testName) : new HostRng();
    if (options.streams) this.declareStreams(options.streams);
    for (const [path, model] of Object.entries(options.models ?? {})) this.models.register(path, model);
    for (const [name, fn] of Object.entries(options.helpers ?? {})) this.helpers.register(name, fn);
    for (const [name, fn] of Object.entries(options.externs ?? {})) this.externs.register(name, fn);
  }

  declareStreams(streams: IrStream[]): void {
    if (this.declared.has(streams)) return;
    this.declared.add(streams);
    this.streams.declare(streams);
  }

  registerHelper(name: string, fn: HostFunction): void {
    this.helpers.register(name, fn);
  }

  registerExtern(name: string, fn: HostFunction): void {
    this.externs.register(name, fn);
  }

  registerJsFunction(name: string, fn: (...args: unknown[]) => unknown): void {
    this.helpers.register(name, (args, call) => {
      const jsArgs = args.map((a, i) => toJs(a, call.argTypes[i] ?? { k: 'any' }, call.types));
      return fromJs(fn(...jsArgs), call.resultType, call.types, `${name} result`);
    });
  }

  registerModel(lexPath: string, model: Model): void {
    this.models.register(lexPath, model);
  }

  graph(name: string): GraphStore {
    let g = this.graphs.get(name);
    if (!g) {
      g = new GraphStore();
      this.graphs.set(name, g);
    }
    return g;
  }

  kvEntries(lexPath: string): { key: IrConst; value: IrConst }[] {
    return [...(this.kvSpaces.get(normalizeLex(lexPath))?.values() ?? [])].map((e) => ({ key: e.key, value: e.value }));
  }

  handles(name: string): boolean {
    return BUILTIN_EFFECTS.has(name) || this.helpers.has(name) || this.externs.has(name);
  }

  invoke(call: HostCall): IrConst {
    const fn = this.helpers.get(call.name) ?? this.externs.get(call.name);
    const effect = fn ? undefined : BUILTIN_EFFECTS.get(call.name);
    if (!fn && !effect) {
      const what = HOST_DOMAIN_HELPERS.has(call.name) ? 'host domain helper' : 'host function';
      throw new RuntimeTrap('host', `${what} '${call.name}' is not registered with the host`);
    }
    try {
      return fn ? fn(call.args, call) : effect!(call, this);
    } catch (e) {
      if (e instanceof RuntimeTrap) throw e;
      if (e instanceof ValueError) throw new RuntimeTrap('conversion', `${call.name}: ${e.message}`);
      throw new RuntimeTrap('host', `${call.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** A fresh host: clock at 1 700 000 000 000 ms unless set, empty stores, no models. */
export function createHost(options: HostOptions = {}): Host {
  return new MemoryHost(options);
}
