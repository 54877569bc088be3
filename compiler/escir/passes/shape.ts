/**
 * P2: shape checking against a small declarative schema. Reports missing required keys
 * (E020), a value of the wrong kind or outside its enumeration (E021) and unknown keys
 * (W022 in legacy files, E022 in canonical ones), each with a did-you-mean hint.
 */
import { type EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import { describeKind, type YMap, type YNode } from '../yaml/tree.ts';

export type Shape =
  | { t: 'any' }
  | { t: 'scalar'; enum?: readonly string[]; kinds?: readonly ('string' | 'number' | 'bool' | 'null')[] }
  | { t: 'seq'; of: Shape; /** a single item may be written without the list */ single?: boolean }
  | { t: 'map'; keys: Record<string, Shape>; required?: readonly string[]; open?: (key: string, value: YNode) => boolean; name?: string }
  /** A mapping from user-chosen names to values of one shape. */
  | { t: 'dict'; of: Shape }
  /** Alternatives chosen by the node's kind (scalar, map, seq). */
  | { t: 'either'; scalar?: Shape; map?: Shape; seq?: Shape };

export const ANY: Shape = { t: 'any' };
export const SCALAR: Shape = { t: 'scalar' };
export const STRING: Shape = { t: 'scalar', kinds: ['string', 'number'] };
export const NUMBER: Shape = { t: 'scalar', kinds: ['number', 'string'] };
export const BOOL: Shape = { t: 'scalar', kinds: ['bool', 'string'] };

export function oneOf(...values: string[]): Shape {
  return { t: 'scalar', enum: values };
}
export function seq(of: Shape, single = false): Shape {
  return { t: 'seq', of, single };
}
export function map(keys: Record<string, Shape>, required: readonly string[] = [], open?: (key: string, value: YNode) => boolean, name?: string): Shape {
  const m: Shape = { t: 'map', keys, required };
  if (open) m.open = open;
  if (name) m.name = name;
  return m;
}
export function dict(of: Shape): Shape {
  return { t: 'dict', of };
}
export function either(options: { scalar?: Shape; map?: Shape; seq?: Shape }): Shape {
  return { t: 'either', ...options };
}

export function checkShape(node: YNode | undefined, shape: Shape, r: EscirReporter, what: string): void {
  if (node === undefined) return;
  switch (shape.t) {
    case 'any':
      return;
    case 'scalar': {
      if (node.kind !== 'scalar') {
        r.error('E021', `${what} must be a scalar, found ${describeKind(node)}`, node);
        return;
      }
      if (node.value === null) return; // nulls are judged where the value is used
      const wrong = shape.kinds ? wrongScalarKind(node.value, shape.kinds) : undefined;
      if (wrong) {
        r.error('E021', `${what} must be ${wrong}, found ${describeScalar(node.value)}`, node);
        return;
      }
      if (shape.enum && !shape.enum.includes(String(node.value))) {
        r.error('E021', `${what} must be one of ${shape.enum.map((e) => `\`${e}\``).join(', ')}; found \`${String(node.value)}\``, node, {
          ...hintOpt(didYouMean(String(node.value), shape.enum)),
        });
      }
      return;
    }
    case 'seq': {
      if (node.kind === 'seq') {
        node.items.forEach((item, i) => checkShape(item, shape.of, r, `${what}[${i}]`));
        return;
      }
      if (shape.single || node.kind === 'scalar' && node.value === null) {
        if (node.kind !== 'scalar' || node.value !== null) checkShape(node, shape.of, r, what);
        return;
      }
      r.error('E021', `${what} must be a list, found ${describeKind(node)}`, node);
      return;
    }
    case 'dict': {
      if (node.kind !== 'map') {
        if (node.kind === 'scalar' && node.value === null) return;
        r.error('E021', `${what} must be a mapping, found ${describeKind(node)}`, node);
        return;
      }
      for (const e of node.entries) checkShape(e.value, shape.of, r, `${what}.${e.key}`);
      return;
    }
    case 'either': {
      const alt = node.kind === 'map' ? shape.map : node.kind === 'seq' ? shape.seq : shape.scalar;
      if (!alt) {
        if (node.kind === 'scalar' && node.value === null) return;
        const allowed = [shape.scalar && 'a scalar', shape.map && 'a mapping', shape.seq && 'a list'].filter(Boolean).join(' or ');
        r.error('E021', `${what} must be ${allowed}, found ${describeKind(node)}`, node);
        return;
      }
      checkShape(node, alt, r, what);
      return;
    }
    case 'map': {
      if (node.kind !== 'map') {
        if (node.kind === 'scalar' && node.value === null) return;
        r.error('E021', `${what} must be a mapping, found ${describeKind(node)}`, node);
        return;
      }
      checkMap(node, shape, r, what);
      return;
    }
  }
}

function checkMap(node: YMap, shape: Extract<Shape, { t: 'map' }>, r: EscirReporter, what: string): void {
  for (const req of shape.required ?? []) {
    if (!node.entries.some((e) => e.key === req)) {
      r.error('E020', `${what} is missing the required key \`${req}\``, keyAnchor(node), { pointer: node.pointer });
    }
  }
  for (const e of node.entries) {
    const sub = shape.keys[e.key];
    if (sub) {
      checkShape(e.value, sub, r, `\`${e.key}\``);
      continue;
    }
    if (shape.open && shape.open(e.key, e.value)) continue;
    // Legacy files carry vendor extensions as `x-*` keys (ESCIR.md §3.1: legacy may add keys).
    if (!r.canonical && e.key.startsWith('x-')) continue;
    r.legacyWarning('W022', `unknown key \`${e.key}\` in ${shape.name ?? what}`, e.keyNode, {
      ...hintOpt(didYouMean(e.key, Object.keys(shape.keys))),
    });
  }
}

const YAML11_WORDS = new Set(['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'false', 'Yes', 'No', 'On', 'Off', 'YES', 'NO', 'ON', 'OFF', 'True', 'False', 'TRUE', 'FALSE']);

/**
 * Why a scalar cannot be of the shape's kinds (the text of what was expected), or undefined.
 * The first kind is the intended one; a `'string'` after it admits only strings that stand for
 * it: a quoted number (legacy exports quote them), a `config.x` reference or a `{{X}}`
 * template placeholder for numbers, a YAML 1.1 word (W003) for booleans (specs/escir.md §4).
 */
function wrongScalarKind(value: unknown, kinds: readonly string[]): string | undefined {
  const actual = typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : typeof value === 'number' || typeof value === 'bigint' ? 'number' : 'other';
  const intended = kinds[0];
  const text = intended === 'number' ? 'a number' : intended === 'bool' ? 'a boolean' : 'a string';
  if (!kinds.includes(actual)) return text;
  if (actual !== 'string' || intended === 'string') return undefined;
  const t = (value as string).trim();
  if (t.includes('{{')) return undefined;
  if (intended === 'number') return /^[+-]?(0[xX][0-9a-fA-F]+|[0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t) || t.startsWith('config.') ? undefined : text;
  if (intended === 'bool') return YAML11_WORDS.has(t) ? undefined : text;
  return undefined;
}

function describeScalar(value: unknown): string {
  return typeof value === 'string' ? `the string \`${value.length > 40 ? `${value.slice(0, 40)}…` : value}\`` : typeof value === 'boolean' ? `the boolean \`${value}\`` : `the number \`${String(value)}\``;
}

/** Where to point for a missing key: the map's first key (its own line), or the map itself. */
function keyAnchor(node: YMap): YNode {
  const first = node.entries[0]?.keyNode;
  return first ? { ...first, pointer: node.pointer } : node;
}

export function hintOpt(hint: string | undefined): { hint?: string } {
  return hint !== undefined ? { hint } : {};
}
