/**
 * ESCIR.md §11 items 6, 7 and 10: a canonical circuit per operator with `advance` tests,
 * run through the IR interpreter and through WebAssembly; both must agree on every test.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../compiler/diagnostics/index.ts';
import { interpreterExecutor, runEscirTests, wasmExecutor, type EscirTestResult } from '../../../compiler/escir/index.ts';
import { compile, fixture, FIXTURES } from '../helpers.ts';

const OPS_DIR = join(FIXTURES, 'ops');
const files = readdirSync(OPS_DIR).filter((f) => f.endsWith('.escir.yaml')).sort();

async function runBoth(rel: string): Promise<{ interp: EscirTestResult[]; wasm: EscirTestResult[]; codes: string[] }> {
  const f = fixture(rel);
  const { model, lowering, diagnostics } = compile(f.text, f.path);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(lowering?.graph).toBeDefined();
  const bag = new DiagnosticBag();
  const interp = runEscirTests(model!, lowering!.graph, await interpreterExecutor(lowering!.module), { diagnostics: bag });
  const wasm = runEscirTests(model!, lowering!.graph, await wasmExecutor(lowering!.module), {});
  return { interp, wasm, codes: bag.items.map((d) => d.code) };
}

describe('operator circuits (interpreter and wasm agree)', () => {
  for (const file of files.filter((f) => f !== 'checked.escir.yaml')) {
    it(file, async () => {
      const { interp, wasm } = await runBoth(`ops/${file}`);
      expect(interp.length).toBeGreaterThan(0);
      for (const r of interp) expect({ name: r.name, status: r.status, message: r.message }).toEqual({ name: r.name, status: 'passed', message: undefined });
      expect(wasm.map((r) => [r.name, r.status])).toEqual(interp.map((r) => [r.name, r.status]));
    });
  }

  it('checked arithmetic traps (E075) where the default wraps', async () => {
    const { interp, wasm, codes } = await runBoth('ops/checked.escir.yaml');
    expect(interp.map((r) => r.status)).toEqual(['passed', 'failed', 'failed']);
    expect(interp[1]!.message).toMatch(/^E075 trap/);
    expect(interp[2]!.message).toMatch(/division by zero/);
    expect(wasm.map((r) => r.status)).toEqual(['passed', 'failed', 'failed']);
    expect(codes).toEqual(['E075', 'E075']);
  });

  it('the reefer guard example of ESCIR.md §3.5 passes', async () => {
    const { interp, wasm } = await runBoth('canonical/reefer_guard.escir.yaml');
    expect(interp.map((r) => r.status)).toEqual(['passed']);
    expect(wasm.map((r) => r.status)).toEqual(['passed']);
  });
});
