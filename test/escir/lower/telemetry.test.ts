/**
 * Telemetry → `emit` (ESCIR.md §1, §10): entries that resolve become guarded emits of a
 * record of their fields; the rest stay in attrs with W090 saying why.
 */
import { describe, expect, it } from 'vitest';
import { interpreterExecutor, runEscirTests } from '../../../compiler/escir/index.ts';
import { compile } from '../helpers.ts';

const text = `escir: "1.0"
kind: circuit
name: tel
version: 1.0.0
types:
  Reading: {kind: struct, fields: [{name: sensor, type: u16}, {name: value, type: i32}]}
inputs: [{name: r, type: Reading, mode: event}, {name: level, type: u8, mode: value}]
outputs: [{name: hot, type: Reading, mode: event}, {name: lvl, type: u8, mode: value}]
graph:
  nodes:
    - {id: gate, op: filter, params: {predicate: "in.value > 100"}}
    - {id: copy, op: expr, body: "level"}
  edges: ["r -> gate", "gate.pass -> hot", "copy -> lvl"]
telemetry:
  - {event: hot, topic: "lex://t/{sensor}/hot", severity: warning, fields: [sensor, value]}
  - {event: lvl, topic: "lex://t/level", severity: info, fields: [{name: now_level, source: lvl}]}
  - {event: hot, topic: "lex://t/{site}", severity: info, when: "hot.value > 200", fields: [value]}
  - {event: nowhere, topic: "lex://t/x", severity: info, fields: [a]}
tests:
  - name: emits
    steps:
      - setup: {level: 1}
      - input: {r: {sensor: 3, value: 150}}
      - input: {r: {sensor: 4, value: 50}, level: 1}
      - input: {r: {sensor: 5, value: 250}, level: 2}
`;

describe('telemetry', () => {
  it('resolving entries emit records to their topic; value events emit on change; the rest are W090 with a reason', async () => {
    const c = compile(text, 'tel.escir.yaml');
    const w090 = c.diagnostics.filter((d) => d.code === 'W090').map((d) => d.message);
    expect(w090).toEqual([
      '`telemetry` entry `hot` is kept as attrs: topic placeholder `{site}` names no listed field',
      '`telemetry` entry `nowhere` is kept as attrs: its event `nowhere` is not a port or node output of the graph',
    ]);
    expect(c.lowering!.module.streams.map((s) => s.name)).toEqual(['lex://t/{sensor}/hot', 'lex://t/level']);
    const ex = await interpreterExecutor(c.lowering!.module);
    expect(runEscirTests(c.model!, c.lowering!.graph, ex).map((r) => r.status)).toEqual(['passed']);
    expect(ex.host!.streams.records('lex://t/{sensor}/hot').map((r) => r.value)).toEqual([
      [3n, 150n],
      [5n, 250n],
    ]);
    // `lvl` is a value output: one record when it first differs from its start value, one when it changes.
    expect(ex.host!.streams.records('lex://t/level').map((r) => r.value)).toEqual([[1n], [2n]]);
  });
});
