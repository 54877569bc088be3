/**
 * State registers written by `expr` bodies (ESCIR.md §6; specs/escir.md §7b): an assignment to
 * a register writes it (it is no named output), the write is committed when the step ends,
 * reads in the step see the value from before it, and a branch that does not assign keeps it.
 */
import { describe, expect, it } from 'vitest';
import { interpreterExecutor, runEscirTests, wasmExecutor } from '../../../compiler/escir/index.ts';
import { compile } from '../helpers.ts';

const text = `escir: "1.0"
kind: circuit
name: regs
version: 1.0.0
inputs:
  - {name: tick, type: u32, mode: event}
outputs:
  - {name: seen, type: u64, mode: event}
  - {name: evens, type: u64, mode: event}
state:
  - {name: acc, type: u64, init: 10}
  - {name: even_count, type: u64, init: 0}
graph:
  nodes:
    - id: bump
      op: expr
      body: |
        acc = acc + (tick as u64)
        acc
    - id: parity
      op: expr
      body: |
        if tick % 2 == 0 { even_count = even_count + 1 }
        even_count
  edges: ["tick -> bump", "bump -> seen", "tick -> parity", "parity -> evens"]
tests:
  - name: accumulates across steps; reads see the value from before the step
    steps:
      - input: {tick: 1}
      - expect: {seen: 10, evens: 0}
      - input: {tick: 2}
      - expect: {seen: 11, evens: 0}
      - input: {tick: 4}
      - expect: {seen: 13, evens: 1}
      - input: {tick: 3}
      - expect: {seen: 17, evens: 2}
      - input: {tick: 5}
      - expect: {seen: 20, evens: 2}
`;

describe('state registers assigned in expr bodies', () => {
  it('are written (committed at the end of the step), not named outputs', async () => {
    const { model, lowering, diagnostics } = compile(text, 'regs.escir.yaml');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // No named output `acc`/`even_count` on the nodes: flows to them would be E051.
    expect([...model!.graph!.analysis!.outTypes.get('bump')!.keys()]).toEqual(['out']);
    for (const executor of [await interpreterExecutor(lowering!.module), await wasmExecutor(lowering!.module)]) {
      const results = runEscirTests(model!, lowering!.graph, executor);
      expect(results.map((r) => `${r.status} ${r.message ?? ''}`)).toEqual(['passed ']);
    }
  });

  it('a flow from a register "port" of the node is reported (the node has no such output)', () => {
    const { diagnostics } = compile(text.replace('"parity -> evens"]', '"parity -> evens", "bump.acc -> seen"]'), 'regs.escir.yaml');
    expect(diagnostics.some((d) => d.code === 'E051' && /no output port `acc`/.test(d.message))).toBe(true);
  });
});
