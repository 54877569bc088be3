/**
 * Golden diagnostics (ESCIR.md §11 item 9): the rendered findings of each legacy fixture,
 * with line:col inside block scalars and flows, pointer, code and hint. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run test/escir/golden.test.ts` and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, renderDiagnostics, SourceFile, sortDiagnostics } from '../../compiler/diagnostics/index.ts';
import { loadEscirFile } from '../../compiler/escir/index.ts';
import { FIXTURES } from './helpers.ts';

const CASES = [
  'legacy/telemetry_bridge.escir.yaml',
  'legacy/iso20022_parser.escir.yaml',
  'legacy/all_node_types.escir.yaml',
  'legacy/rom_defects.escir.yaml',
  'composite/gateway/industrial_gateway_lite.escir.yaml',
  'composite/gateway/industrial_gateway_standard.escir.yaml',
  'composite/gateway/industrial_gateway_premium.escir.yaml',
];

describe('golden diagnostics', () => {
  for (const rel of CASES) {
    it(rel, () => {
      const abs = join(FIXTURES, rel);
      const path = relative(process.cwd(), abs);
      const text = readFileSync(abs, 'utf8');
      const bag = new DiagnosticBag();
      loadEscirFile(new SourceFile(path, text), bag);
      const rendered = renderDiagnostics(sortDiagnostics(bag.items), (f) => (f === path ? text : undefined)) + '\n';
      const golden = join(FIXTURES, 'golden', rel.replace(/\//g, '__').replace(/\.escir\.yaml$/, '.txt'));
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, rendered);
      expect(rendered).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
