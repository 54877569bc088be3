/**
 * Real legacy files are messier than any fixture: whatever shape a documented key takes, the
 * loader and the lowering report diagnostics and never throw.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, SourceFile } from '../../compiler/diagnostics/index.ts';
import { loadEscirFile, lowerEscir } from '../../compiler/escir/index.ts';

const TOP = ['name', 'version', 'format', 'types', 'inputs', 'outputs', 'compute', 'components', 'connections', 'composition', 'wiring', 'extends', 'limits', 'tests', 'invariants', 'test_vectors', 'streamsight', 'subcircuits', 'annotations', 'metadata', 'imports', 'graph', 'kind', 'consts', 'state', 'instances', 'expose', 'processes', 'channels', 'emissions', 'telemetry', 'topic_routes', 'external', 'externs'];
const NODE_KEYS = ['id', 'type', 'op', 'body', 'operation', 'operations', 'predicate', 'condition', 'depth', 'rate', 'burst', 'ms', 'timeout_ms', 'interval_ms', 'states', 'transitions', 'initial_state', 'inputs', 'into', 'fields', 'capacity', 'value_type', 'levels', 'width', 'skip', 'max_count', 'algorithm', 'params', 'from', 'to', 'trigger', 'when', 'name', 'steps', 'input', 'expect', 'advance', 'setup', 'kind', 'values', 'variants', 'extends', 'additional_fields', 'process', 'ports', 'direction', 'instances', 'circuit', 'config', 'bindings', 'uses', 'state', 'initial_data', 'rows', 'path_hash', 'path', 'source', 'sourceHandle', 'target', 'targetHandle', 'layout', 'fn', 'per_key', 'event', 'topic', 'schema'];
const WORDS = ['transform', 'fifo', 'timer', 'counter', 'state_machine', 'a -> b', 'x -> y.z', 'u8', 'u32', 'bytes(4)', '[u8; 2]', 'Stream<u8>', 'x + 1', '...', 'if x:', 'config.rate', 'struct', 'enum', 'n', 'a[*].b', 'p[n]', 'null', 'a.recv()', 'b.send(1)', 'match x { 1 => {} _ => {} }', 'memory', 'processor', 'router', 'FNV1aHasher', 'SchemaROM', 'Stream<u64>', 'input', 'output', 'p.q', 'rom.lookup(h).valid'];

const scalar = fc.oneof(fc.constantFrom(...WORDS), fc.integer({ min: -5, max: 300 }), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, min: -1, max: 2 }));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...NODE_KEYS), tie('v'), { maxKeys: 5 })),
})).v;
const doc = fc.record({ escir: fc.constantFrom(undefined, '1.0'), body: fc.dictionary(fc.constantFrom(...TOP), value, { maxKeys: 10 }) });

describe('robustness', () => {
  it('property: random documents built from documented keys never make the loader or lowering throw', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const obj: Record<string, unknown> = d.escir ? { escir: d.escir, ...d.body } : { ...d.body };
        const text = stringify(obj);
        for (const mode of ['validate', 'lower'] as const) {
          const bag = new DiagnosticBag();
          const model = loadEscirFile(new SourceFile('r.escir.yaml', text), bag, { mode, searchPath: [] });
          if (model) lowerEscir(model, bag);
          for (const x of bag.items) if (!(x.line >= 1 && x.column >= 1 && typeof x.code === 'string')) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('a well-formed node with every kind of odd param value still loads', () => {
    const text = 'name: t\nversion: 1\ncompute:\n  nodes:\n    - {id: a, type: fifo, depth: "config.nope"}\n    - {id: b, type: timer, timeout_ms: [1, 2]}\n    - {id: c, type: counter, skip: 5}\n    - {id: d, type: state_machine, states: 7, transitions: {x: 1}}\n  flows: [1, "a -> b", {from: a}]\n';
    const bag = new DiagnosticBag();
    expect(() => loadEscirFile(new SourceFile('o.escir.yaml', text), bag)).not.toThrow();
    expect(bag.items.length).toBeGreaterThan(0);
  });
});

describe('robustness of lowering and running', () => {
  it('property: operator circuits with one mutated value compile and run without throwing', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { parse } = await import('yaml');
    const { FIXTURES } = await import('./helpers.ts');
    const { compileEscir, interpreterExecutor, runEscirTests } = await import('../../compiler/escir/index.ts');
    const dir = join(FIXTURES, 'ops');
    const sources = readdirSync(dir).filter((f) => f.endsWith('.escir.yaml')).map((f) => parse(readFileSync(join(dir, f), 'utf8')) as unknown);
    const leaves = (v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) => {
      if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, Array.isArray(v) ? Number(k) : k], out);
      else out.push(path);
      return out;
    };
    const cases = fc.sample(fc.tuple(fc.nat(), fc.nat(), scalar), 150);
    for (const [si, li, replacement] of cases) {
      const src = structuredClone(sources[si % sources.length]) as Record<string, unknown>;
      const all = leaves(src);
      const path = all[li % all.length]!;
      let cur = src as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
      cur[path[path.length - 1]!] = replacement;
      const bag = new DiagnosticBag();
      const { model, lowering } = compileEscir(new SourceFile('m.escir.yaml', stringify(src)), bag);
      if (model && lowering?.graph) runEscirTests(model, lowering.graph, await interpreterExecutor(lowering.module, 100_000));
    }
    expect(cases).toHaveLength(150);
  });
});
