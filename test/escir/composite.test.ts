/** Canonical composites (ESCIR.md §3.5, §8): instances, inject, expose, extends + remove. */
import { describe, expect, it } from 'vitest';
import { loadFixture } from './helpers.ts';

describe('canonical composites', () => {
  it('a clean base composite: pools expand, [*] merges and broadcasts, exposure maps ports', () => {
    const { model, codes } = loadFixture('composite/canonical/site_base.escir.yaml');
    expect(codes).toEqual([]);
    const c = model!.composite!;
    expect(c.netlist.instances.map((i) => i.name)).toEqual(['probes[0]', 'probes[1]', 'probes[2]', 'probes[3]', 'log', 'spare']);
    expect(c.netlist.conns).toEqual([0, 1, 2, 3].map((i) => ({ from: `probes[${i}].alarm`, to: 'log.alarm' })));
    expect(c.exposedInputs[0]!.to).toEqual(['probes[*].reading']);
  });

  it('extends: child scalars replace, configs stack, `remove` drops, new ids append; then every check runs', () => {
    const { model, diagnostics } = loadFixture('composite/canonical/site_large.escir.yaml');
    const c = model!.composite!;
    expect(c.entries.map((e) => e.id)).toEqual(['probes', 'log', 'audit', 'extra']);
    const probes = c.entries.find((e) => e.id === 'probes')!;
    expect(probes.count).toBe(8);
    expect(probes.config).toHaveLength(2);
    const byCode = Object.fromEntries(diagnostics.map((d) => [d.code, d]));
    expect(Object.keys(byCode).sort()).toEqual(['E061', 'E062', 'E063', 'W064']);
    expect([byCode.E061!.line, byCode.E061!.pointer]).toEqual([11, '/instances/2/config/threshold']);
    expect(byCode.E061!.hint).toContain('`limit`');
  });

  it('a canonical circuit reads `{ref: config.x}` params from its config input at run time', async () => {
    const { compile, fixture } = await import('./helpers.ts');
    const { interpreterExecutor, runEscirTests } = await import('../../compiler/escir/index.ts');
    const f = fixture('composite/canonical/guard.escir.yaml');
    const { model, lowering } = compile(f.text, f.path);
    const results = runEscirTests(model!, lowering!.graph, await interpreterExecutor(lowering!.module));
    expect(results.map((r) => r.status)).toEqual(['passed']);
  });
});
