/** The CLI-facing entry points: check, compile, test (both back ends) and run. */
import { describe, expect, it } from 'vitest';
import { checkEscirSource, compileEscirSource, runEscirScript, testEscirSource } from '../../compiler/escir/index.ts';
import { fixture } from './helpers.ts';

describe('ESCIR driver', () => {
  it('check reports sorted findings with file:line:col and pointer', () => {
    const f = fixture('legacy/telemetry_bridge.escir.yaml');
    const ds = checkEscirSource(f.path, f.text);
    expect(ds.length).toBeGreaterThan(5);
    expect(ds.every((d) => d.file === f.path && d.line > 0 && d.pointer !== undefined)).toBe(true);
    const lines = ds.map((d) => d.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    // strict (lowering) mode turns † warnings into errors
    expect(checkEscirSource(f.path, f.text, { strict: true }).some((d) => d.code === 'E055')).toBe(true);
  });

  it('compile produces a module with the proc, helpers and invariant predicates', () => {
    const f = fixture('ops/fifo.escir.yaml');
    const c = compileEscirSource(f.path, f.text);
    expect(c.lowering!.module.procs.map((p) => p.name)).toEqual(['fifo_latency']);
    expect(c.lowering!.module.funcs.map((x) => x.name)).toEqual(['lib.fifo.eval.fifo_latency.q', 'lib.fifo.commit.fifo_latency.q', 'fifo_latency.step']);
  });

  it('test runs through both back ends', async () => {
    const f = fixture('ops/timer.escir.yaml');
    const { results } = await testEscirSource(f.path, f.text, { backends: ['interp', 'wasm'] });
    expect(results.map((r) => `${r.backend}:${r.status}`)).toEqual(['interp:passed', 'interp:passed', 'wasm:passed', 'wasm:passed']);
  });

  it('run drives a step script and reports outputs per step', async () => {
    const f = fixture('ops/counter.escir.yaml');
    const c = compileEscirSource(f.path, f.text);
    const { steps, diagnostics } = await runEscirScript(c, 'steps.yaml', 'steps:\n  - input: {tick: true}\n  - input: {tick: true}\n  - advance: {ms: 5}\n');
    expect(diagnostics).toEqual([]);
    expect(steps.map((s) => [s.now, s.outputs.seq, s.outputs.wrapped])).toEqual([
      [0n, 254n, null],
      [0n, 255n, true],
      [5_000_000n, null, null],
    ]);
    const bad = await runEscirScript(c, 'steps.yaml', 'steps:\n  - input: {tock: true}\n');
    expect(bad.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['E070', 'steps.yaml', 2]]);
  });
});
