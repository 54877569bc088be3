/**
 * The typed model of one ESCIR file, as the passes build it. It keeps a reference to the
 * positioned YAML tree so later stages can still point at any token.
 */
import type { SourceFile } from '../diagnostics/index.ts';
import type { Block, Expr } from './expr/ast.ts';
import type { EType } from './types/etype.ts';
import type { TypeTable } from './types/type-table.ts';
import type { YMap, YNode, YScalar } from './yaml/tree.ts';

export type Level = 'legacy' | 'canonical';
/** Legacy dialects A (components/process), B (compute graph), C (composite/SKU); canonical kinds. */
export type Dialect = 'A' | 'B' | 'C' | 'circuit' | 'composite';

export type PortMode = 'value' | 'event' | 'edge' | 'stream';

export interface PortModel {
  name: string;
  type: EType;
  mode: PortMode;
  direction: 'input' | 'output';
  node: YNode;
  nameNode: YScalar | undefined;
  fifo?: { depth: number; policy: string };
  /** Legacy `X` + `X_valid`: the name of the bool port giving presence. */
  validPort?: string;
  /** Legacy `X_valid` ports folded into their partner: not a port of their own. */
  isValidFlag?: boolean;
  /** Legacy `trigger: rising_edge`. */
  trigger?: string;
}

/** A body parsed with the expression language, or kept as text with the reason. */
export interface BodyModel {
  text: string;
  /** The YAML scalar the text came from: maps body offsets to file offsets. */
  scalar: YScalar;
  block?: Block;
  /** Why the body is not executable (W035/W054/W055/W058 reported), if so. */
  opaque?: 'non-c' | 'syntax' | 'elided' | 'variant' | 'bit-slice' | 'opaque-name';
  /** Names assigned at top level (named outputs of an `expr`). */
  assigned: string[];
}

export interface NodeModel {
  id: string;
  /** Canonical op name (`expr`, `fifo`, …), undefined when the legacy type is unknown. */
  op: string | undefined;
  /** The type as written (legacy) or the op (canonical). */
  written: string;
  node: YMap;
  idNode: YScalar | undefined;
  opNode: YNode | undefined;
  /** Parameters: canonical `params` entries, or the legacy keys beside `type`. */
  params: Map<string, YNode>;
  body?: BodyModel;
  /** Extra bodies: `predicate`, `condition`, `operation`, and fsm `when` guards, by key. */
  exprs: Map<string, BodyModel>;
  executable: boolean;
  index: number;
  /** `call` nodes: the extern's parameter names (its input ports). */
  callParams?: string[];
}

export interface EndpointSeg {
  name: string;
  start: number;
  end: number;
}

export interface Endpoint {
  text: string;
  segs: EndpointSeg[];
  /** `[k]`, `[n]` or `[*]` after the first segment (composites). */
  index?: { value: number | 'n' | '*'; start: number; end: number };
  /** File offsets of the whole endpoint. */
  start: number;
  end: number;
  pointer: string;
  resolved?: ResolvedEndpoint;
}

export type ResolvedEndpoint =
  | { kind: 'node'; node: NodeModel; port: string; explicit: boolean; fields: string[] }
  | { kind: 'input'; port: PortModel; fields: string[] }
  | { kind: 'output'; port: PortModel; fields: string[] }
  | { kind: 'sub'; id: string; port: string | undefined };

export interface EdgeModel {
  from: Endpoint;
  to: Endpoint;
  when?: BodyModel;
  /** Position in textual order (commit order). */
  order: number;
  node: YNode;
}

export interface GraphModel {
  nodes: NodeModel[];
  edges: EdgeModel[];
  /** Topological evaluation order, when there is no stateless cycle. */
  order?: NodeModel[];
  /** Port types, typed bodies and dependencies (graph/analyze.ts). */
  analysis?: import('./graph/analyze.ts').GraphAnalysis;
}

export interface StateRegister {
  name: string;
  type: EType;
  init?: YNode;
  node: YNode;
}

export interface ConstModel {
  name: string;
  type: EType;
  value: unknown;
  node: YNode;
}

export interface ExternModel {
  name: string;
  params: { name: string; type: EType }[];
  result: EType;
  pure: boolean;
  node: YNode;
}

export interface TestStep {
  kind: 'setup' | 'input' | 'advance' | 'mock' | 'expect';
  node: YNode;
  /** For advance: nanoseconds. */
  advanceNs?: bigint;
}

export interface TestModel {
  name: string;
  node: YNode;
  steps: TestStep[];
}

export interface InvariantModel {
  name: string;
  body?: BodyModel;
  node: YNode;
}

export interface ProcessPortModel {
  id: string;
  /** As declared (`Stream<T>` for stream ports). */
  type: EType;
  direction: string;
  node: YNode;
  stream: boolean;
  /** Channel depth and policy from the port (`fifo`, `@fifo(…)`, `overflow_policy`), when given. */
  fifo?: { depth?: number; policy?: string };
  /** `fire_and_forget` or a dropping `overflow_policy`: sends drop when the channel is full. */
  dropWhenFull?: boolean;
}

export interface ComponentModel {
  id: string;
  type: string;
  node: YMap;
  ports: ProcessPortModel[];
  state: StateRegister[];
  uses: { id: string; type: string }[];
  process?: BodyModel;
  /** Component-level `@fifo(depth, policy)` / `@streaming(depth)` decorators. */
  fifo?: { depth?: number; policy?: string };
  /** Rows of a `memory` component. */
  rom?: import('./process/rom.ts').Rom;
  /** The checked body (process/check.ts), when it parsed and typed. */
  typed?: import('./process/check.ts').TypedProcess;
}

export interface EscirModel {
  file: SourceFile;
  root: YMap;
  level: Level;
  dialect: Dialect | undefined;
  /** Format version (legacy: `format`, `escir_version` or the first doubled `version`). */
  formatVersion: string;
  /** Circuit version (canonical semver, or the legacy circuit revision). */
  circuitVersion: string | undefined;
  name: string | undefined;
  kind: 'circuit' | 'composite' | undefined;
  template: boolean;
  types: TypeTable;
  consts: Map<string, ConstModel>;
  externs: Map<string, ExternModel>;
  inputs: PortModel[];
  outputs: PortModel[];
  state: StateRegister[];
  graph?: GraphModel;
  components: ComponentModel[];
  tests: TestModel[];
  invariants: InvariantModel[];
  annotations: Record<string, unknown>;
  /** Declarative parts kept as metadata (ESCIR.md §1 table), by key. */
  attrs: Record<string, unknown>;
  /** Subcircuit / instance ids usable as endpoint first segments. */
  subcircuits: Map<string, YNode>;
  /** Children named by `subcircuits` (and `instance` nodes) that were found on the search path. */
  subModels?: Map<string, EscirModel>;
  /** Channels, wires and boundary ports of a process circuit (dialect A, canonical `processes`). */
  net?: import('./process/net.ts').ProcessNet;
  /** Composite data after `extends` merge (dialect C and canonical composites). */
  composite?: import('./composite/composite.ts').CompositeModel;
  /** Set by the passes: an error that blocks lowering was reported. */
  blocked: boolean;
}

export type { Expr };
