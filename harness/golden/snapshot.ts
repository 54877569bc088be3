import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Golden snapshots of `/// test golden` circuits (LANGUAGE.md §8.8.4). The snapshot of
 * circuit C in `dir/stem.fl` is `dir/__golden__/stem.C.json`; its optional input vectors
 * are `dir/stem.C.inputs.json` (or `dir/__golden__/stem.C.inputs.json`).
 * The file holds the canonical JSON of the result (specs/values.md), pretty-printed with
 * two-space indentation and a final newline, so the same result always gives the same bytes.
 * With several input vectors it holds a JSON array of the results, in vector order.
 * specs/testing.md §Golden snapshots is the full format.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface SnapshotPaths {
  snapshot: string;
  /** Where input vectors are looked for, in order. */
  inputCandidates: string[];
}

export function snapshotPaths(sourcePath: string, circuit: string): SnapshotPaths {
  const dir = dirname(sourcePath);
  const stem = fileStem(sourcePath);
  return {
    snapshot: join(dir, '__golden__', `${stem}.${circuit}.json`),
    inputCandidates: [join(dir, `${stem}.${circuit}.inputs.json`), join(dir, '__golden__', `${stem}.${circuit}.inputs.json`)],
  };
}

/** `garage.fl` → `garage` (only the last extension is dropped). */
export function fileStem(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** One input vector: arguments by parameter name, or positionally. */
export type InputVector = { byName: Record<string, Json> } | { positional: Json[] };

export type InputVectors =
  | { kind: 'canonical' }
  | { kind: 'file'; path: string; vectors: InputVector[]; several: boolean }
  | { kind: 'error'; path: string; message: string };

/**
 * Reads the input vectors of a golden circuit. A JSON object is one vector (by parameter
 * name); a JSON array is a list of vectors, each an object (by name) or an array
 * (positional). No file means the canonical inputs: every parameter's zero value.
 */
export function readInputVectors(paths: SnapshotPaths): InputVectors {
  const path = paths.inputCandidates.find((p) => existsSync(p));
  if (path === undefined) return { kind: 'canonical' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { kind: 'error', path, message: `cannot read input vectors: ${(e as Error).message}` };
  }
  const toVector = (v: unknown, where: string): InputVector | string => {
    if (Array.isArray(v)) return { positional: v as Json[] };
    if (v !== null && typeof v === 'object') return { byName: v as Record<string, Json> };
    return `${where}: expected an object of arguments by parameter name, or an array of arguments`;
  };
  if (Array.isArray(parsed)) {
    const vectors: InputVector[] = [];
    for (let i = 0; i < parsed.length; i++) {
      const v = toVector(parsed[i], `vector ${i}`);
      if (typeof v === 'string') return { kind: 'error', path, message: v };
      vectors.push(v);
    }
    return { kind: 'file', path, vectors, several: true };
  }
  const v = toVector(parsed, 'inputs');
  if (typeof v === 'string') return { kind: 'error', path, message: v };
  return { kind: 'file', path, vectors: [v], several: false };
}

/** The exact bytes written for a snapshot value. */
export function serializeSnapshot(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export type SnapshotOutcome =
  | { status: 'match' }
  | { status: 'missing' }
  | { status: 'different'; differences: string[] }
  | { status: 'unreadable'; message: string }
  | { status: 'written'; created: boolean };

/**
 * Compares `actual` with the stored snapshot; with `update`, writes it when it is missing or
 * different (and only then, so an unchanged file keeps its mtime).
 */
export function checkSnapshot(path: string, actual: Json, update: boolean): SnapshotOutcome {
  let stored: Json | undefined;
  if (existsSync(path)) {
    try {
      stored = JSON.parse(readFileSync(path, 'utf8')) as Json;
    } catch (e) {
      if (!update) return { status: 'unreadable', message: `${(e as Error).message}` };
    }
  }
  if (stored !== undefined) {
    const differences = diffJson(stored, actual, '$');
    if (differences.length === 0) return { status: 'match' };
    if (!update) return { status: 'different', differences };
  } else if (!update) {
    return { status: 'missing' };
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, serializeSnapshot(actual));
  return { status: 'written', created: stored === undefined };
}

/**
 * Structural differences between the stored (expected) and actual JSON, as `path: expected
 * X, got Y` lines. Object key order is not significant; everything else is exact.
 */
export function diffJson(expected: Json, actual: Json, path: string, out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) return out;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      out.push(`${path}: expected ${expected.length} elements, got ${actual.length}`);
    }
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) diffJson(expected[i]!, actual[i]!, `${path}[${i}]`, out, limit);
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const k of Object.keys(expected)) {
      if (!(k in actual)) out.push(`${path}.${k}: expected ${show(expected[k]!)}, missing`);
      else diffJson(expected[k]!, actual[k]!, `${path}.${k}`, out, limit);
    }
    for (const k of Object.keys(actual)) if (!(k in expected)) out.push(`${path}.${k}: unexpected ${show(actual[k]!)}`);
    return out;
  }
  if (expected !== actual) out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  return out;
}

function isObject(v: Json): v is { [key: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v: Json): string {
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
