/**
 * ESCIR front-end cost, relative to the bare YAML parse of the same files (measured in the
 * same process): full load with every pass, and load + lowering of a canonical circuit.
 * Run: npx tsx bench/escir-load.bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import b from 'benny';
import { parseAllDocuments } from 'yaml';
import { DiagnosticBag, SourceFile } from '../compiler/diagnostics/index.ts';
import { compileEscir, EscirLoadContext, loadEscirFile } from '../compiler/escir/index.ts';

const root = join(import.meta.dirname, '..');
const legacyPath = join(root, 'test/fixtures/escir/legacy/all_node_types.escir.yaml');
const canonicalPath = join(root, 'circuits/escir/rate_limited_alarm.escir.yaml');
const legacy = readFileSync(legacyPath, 'utf8');
const canonical = readFileSync(canonicalPath, 'utf8');
const context = new EscirLoadContext([join(root, 'test/fixtures/escir')]);

const results = new Map<string, number>();
await b.suite(
  'ESCIR load vs YAML parse',
  b.add('yaml parse (baseline)', () => {
    parseAllDocuments(legacy, { uniqueKeys: false });
  }),
  b.add('loadEscirFile, all passes (legacy graph, 24 nodes)', () => {
    loadEscirFile(new SourceFile(legacyPath, legacy), new DiagnosticBag(), { context });
  }),
  b.add('compileEscir (canonical: load + lower)', () => {
    compileEscir(new SourceFile(canonicalPath, canonical), new DiagnosticBag(), { context });
  }),
  b.cycle(),
  b.complete((summary) => {
    for (const r of summary.results) results.set(r.name, r.ops);
  }),
);
const base = results.get('yaml parse (baseline)')!;
for (const [name, ops] of results) {
  if (name === 'yaml parse (baseline)') continue;
  console.log(`${name}: ${(base / ops).toFixed(2)}x the time of the baseline YAML parse (${ops.toFixed(0)} ops/s vs ${base.toFixed(0)})`);
}
