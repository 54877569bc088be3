import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../compiler/pipeline/program.ts';
import { compileModule } from '../../compiler/wasm/index.ts';

/**
 * The realistic corpus (test/fixtures/corpus) as one program: the front end reports no
 * error, and every function it lowered becomes validated WebAssembly.
 */
describe('the realistic corpus compiles', () => {
  it('has no front-end error and no function refused by the back end', async () => {
    const p = loadProgram([join(import.meta.dirname, '..', 'fixtures', 'corpus')]);
    expect(p.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([]);
    expect(p.ir.funcs.filter((f) => f.notCompiled).map((f) => f.name)).toEqual([]);
    const compiled = await compileModule(p.ir, { optLevel: 0 });
    expect(compiled.meta.funcs.filter((f) => !f.compiled).map((f) => f.name)).toEqual([]);
    expect(compiled.meta.funcs.length).toBeGreaterThan(250);
  }, 120_000);
});
