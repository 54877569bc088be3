/**
 * `loadEscirFile`: P0–P8 over one `.escir.yaml` / `.flir.yaml` file, producing the typed
 * model and appending every finding to the DiagnosticBag. Only E002 stops loading; other
 * errors mark the model `blocked` (it does not lower) but every pass still runs.
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import { existsSync } from 'node:fs';
import { DiagnosticBag, SourceFile } from '../diagnostics/index.ts';
import { checkComposite, type LoadContext } from './composite/composite.ts';
import { CircuitIndex, searchRootOf } from './composite/resolver.ts';
import { EscirReporter } from './diagnostics.ts';
import { analyzeGraph } from './graph/analyze.ts';
import { buildGraph } from './graph/build.ts';
import type { EscirModel } from './model.ts';
import { checkComponents } from './passes/components.ts';
import { checkDefaults, checkExampleConfig, readConsts, readExterns, readState } from './passes/declarations.ts';
import { checkDuplicateKeys, readHeader, reportYamlFeatures } from './passes/header.ts';
import { DECLARATIVE_KEYS, lint } from './passes/lint.ts';
import { readPorts } from './passes/ports.ts';
import { CANONICAL_ROOT, LEGACY_ROOT } from './passes/schemas.ts';
import { checkShape } from './passes/shape.ts';
import { applyTemplate, type Substitutions } from './passes/template.ts';
import { readInvariants, readTests, typeInvariants } from './passes/tests.ts';
import { LiteralChecker } from './types/literals.ts';
import { TypeTable } from './types/type-table.ts';
import { parseYamlTree } from './yaml/load-yaml.ts';
import { get, items, str, toPlain } from './yaml/tree.ts';

export interface EscirLoadOptions {
  /** `lower`: † codes are errors and declarative constructs are reported (W090). Default `validate`. */
  mode?: 'validate' | 'lower';
  /** Directories (or files) searched for composite children, parents and imports. Default: the file's directory. */
  searchPath?: string[];
  /** Validate a template with placeholders opaque (default for `*.template.yaml` without substitutions). */
  template?: boolean;
  /** Placeholder values substituted before validation. */
  substitutions?: Substitutions;
  /** Shared between files of one run so referenced circuits load once. */
  context?: EscirLoadContext;
}

/** Loads referenced files once per run, quietly (their own findings belong to their own check). */
export class EscirLoadContext implements LoadContext {
  readonly stack: string[] = [];
  private readonly cache = new Map<string, EscirModel | null>();
  readonly index: CircuitIndex;

  constructor(searchPath: string[]) {
    this.index = new CircuitIndex(searchPath);
  }

  load(path: string): EscirModel | undefined {
    const key = resolve(path);
    if (this.cache.has(key)) return this.cache.get(key) ?? undefined;
    const text = this.index.text(key);
    if (text === undefined) {
      this.cache.set(key, null);
      return undefined;
    }
    this.stack.push(key);
    try {
      const model = loadEscirFile(new SourceFile(shortPath(path), text), new DiagnosticBag(), { context: this });
      this.cache.set(key, model ?? null);
      return model;
    } finally {
      this.stack.pop();
    }
  }
}

export function loadEscirFile(file: SourceFile, diagnostics: DiagnosticBag, options: EscirLoadOptions = {}): EscirModel | undefined {
  const before = diagnostics.items.length;
  const r = new EscirReporter(file, diagnostics, false, false);
  const parsed = parseYamlTree(file.text, r);
  if (!parsed) return undefined;
  const { root } = parsed;
  const level = get(root, 'escir') !== undefined ? 'canonical' : 'legacy';
  r.canonical = level === 'canonical';
  r.strict = level === 'canonical' || options.mode === 'lower';
  if (!reportYamlFeatures(parsed.features, level, r)) return undefined;

  const isTemplateFile = /\.template\.ya?ml$/.test(file.path);
  const templateMode = options.template ?? (isTemplateFile && !options.substitutions);
  applyTemplate(root, options.substitutions, templateMode, r);

  // P1 header and dialect.
  const versions = checkDuplicateKeys(root, level, r);
  const header = readHeader(root, level, versions, r);
  // P2 shape.
  checkShape(root, level === 'canonical' ? CANONICAL_ROOT : LEGACY_ROOT, r, 'the circuit');

  const ctx = ctxFor(options, file);
  // P3/P4 imports, types, ports, declarations.
  const imports = new Map<string, TypeTable | null>();
  for (const imp of items(get(root, 'imports'))) {
    const alias = str(get(imp, 'as'));
    const target = str(get(imp, 'schema')) ?? str(get(imp, 'circuit'));
    if (!alias || !target) continue;
    imports.set(alias, resolveImport(target, file, ctx, r, get(imp, 'schema') ?? get(imp, 'circuit')!));
  }
  const types = new TypeTable(r, { imports, canonical: level === 'canonical' });
  types.declareAll(get(root, 'types'));
  const lit = new LiteralChecker(types, r);
  const model: EscirModel = {
    file,
    root,
    level,
    dialect: header.dialect,
    formatVersion: header.formatVersion,
    circuitVersion: header.circuitVersion,
    name: header.name,
    kind: header.kind,
    template: templateMode,
    types,
    consts: readConsts(root, types, lit),
    externs: readExterns(root, types, r),
    inputs: readPorts(get(root, 'inputs'), 'input', types, r, level === 'canonical'),
    outputs: readPorts(get(root, 'outputs'), 'output', types, r, level === 'canonical'),
    state: readState(root, types, r, lit, level === 'canonical'),
    components: [],
    tests: [],
    invariants: [],
    annotations: (toPlain(get(root, 'annotations')) as Record<string, unknown>) ?? {},
    attrs: {},
    subcircuits: new Map(),
    blocked: false,
  };
  for (const s of items(get(root, 'subcircuits'))) {
    const id = str(get(s, 'id'));
    if (id) model.subcircuits.set(id, s);
  }
  // Children are loaded (quietly) for the types of their ports; a missing one only leaves them unknown.
  for (const n of items(get(get(root, level === 'canonical' ? 'graph' : 'compute'), 'nodes'))) {
    if (str(get(n, 'op')) === 'instance' || str(get(n, 'type')) === 'instance') {
      const id = str(get(n, 'id'));
      if (id) model.subcircuits.set(id, n);
    }
  }
  for (const [id, s] of model.subcircuits) {
    const circuit = str(get(s, 'circuit')) ?? str(get(get(s, 'params'), 'circuit'));
    const path = circuit ? ctxFor(options, file).index.find(circuit, file.path) : undefined;
    if (!path || ctxFor(options, file).stack.includes(resolve(path)) || resolve(path) === resolve(file.path)) continue;
    const child = ctxFor(options, file).load(path);
    if (child) (model.subModels ??= new Map()).set(id, child);
  }
  for (const key of DECLARATIVE_KEYS) {
    const v = get(root, key);
    if (v !== undefined) model.attrs[key] = toPlain(v);
  }
  for (const key of ['streamsight', 'emissions', 'telemetry', 'limits']) {
    const v = get(root, key);
    if (v !== undefined) model.attrs[key] = toPlain(v);
  }
  if (typeof model.annotations !== 'object' || model.annotations === null || Array.isArray(model.annotations)) model.annotations = {};
  checkDefaults(types, lit, level === 'canonical');
  checkExampleConfig(model, lit);

  // P5 graph / process.
  const graph = buildGraph(model, r);
  if (graph) {
    model.graph = graph;
    graph.analysis = analyzeGraph(model, graph, r);
  }
  if (get(root, 'components')) model.components = checkComponents(model, r);
  else if (level === 'canonical' && get(root, 'processes')) model.components = checkComponents(model, r, 'processes');
  // P6 composite, after the merge.
  if (header.dialect === 'C' || header.dialect === 'composite') {
    ctx.stack.push(resolve(file.path));
    try {
      model.composite = checkComposite(model, r, ctx);
    } finally {
      ctx.stack.pop();
    }
  }
  // P7 tests, invariants, vectors.
  model.invariants = readInvariants(model, r);
  const invariantBodies = typeInvariants(model, r);
  model.tests = readTests(model, r);
  // P8 lint (an input only an invariant reads is used).
  lint(model, r, options.mode === 'lower', [...invariantBodies.values()].filter((tb) => tb !== undefined));

  model.blocked = diagnostics.items.slice(before).some((d) => d.severity === 'error');
  return model;
}

const contexts = new WeakMap<EscirLoadOptions, EscirLoadContext>();

/** The load context of a call: the one given, else one per options object (so one file shares it). */
function ctxFor(options: EscirLoadOptions, file: SourceFile): EscirLoadContext {
  if (options.context) return options.context;
  let c = contexts.get(options);
  if (!c) {
    c = new EscirLoadContext(options.searchPath ?? defaultSearchPath(file.path));
    contexts.set(options, c);
  }
  return c;
}

/** A path relative to the working directory when that is shorter (as the CLI shows paths). */
function shortPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && rel.length < p.length ? rel.split(sep).join('/') : p;
}

/** Without a search path: the file's directory and its parent (sibling category folders). */
export function defaultSearchPath(path: string): string[] {
  return [searchRootOf(path)];
}

function resolveImport(target: string, file: SourceFile, ctx: EscirLoadContext, r: EscirReporter, at: import('./yaml/tree.ts').YNode): TypeTable | null {
  const candidates = [join(dirname(file.path), target), ...ctx.index.rootsFor(file.path).map((root) => join(root, target))];
  let path = candidates.find((c) => existsSync(c));
  if (!path) path = ctx.index.find(target, file.path);
  if (!path) {
    r.error('E031', `cannot resolve import \`${target}\``, at, { hint: 'put the file beside this one or on the search path' });
    return null;
  }
  if (ctx.stack.includes(resolve(path))) return null;
  const model = ctx.load(path);
  if (!model) {
    r.error('E031', `import \`${target}\` could not be loaded`, at);
    return null;
  }
  return model.types;
}

