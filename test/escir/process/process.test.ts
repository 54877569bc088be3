/**
 * Process circuits (ESCIR.md §7): activations, channels, the runnable rule, rounds, wires
 * committed at activation end, `select` on conditional connections, ROM lookups, traps, and
 * the canonical ISO 20022 extractor's test vectors through both back ends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../../compiler/diagnostics/index.ts';
import { fnv1a32, interpreterExecutor, runEscirTests, wasmExecutor, type EscirTestResult } from '../../../compiler/escir/index.ts';
import { compile } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

const circuit = (body: string, head = '') => `escir: "1.0"
kind: circuit
name: p
version: 1.0.0
${head}${body}`;

async function run(text: string, wasm = false): Promise<{ results: EscirTestResult[]; codes: string[]; messages: string[] }> {
  const c = compile(text, 'p.escir.yaml');
  const errors = c.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { results: [], codes: errors.map((d) => d.code), messages: errors.map((d) => d.message) };
  const bag = new DiagnosticBag();
  const ex = wasm ? await wasmExecutor(c.lowering!.module) : await interpreterExecutor(c.lowering!.module);
  const results = runEscirTests(c.model!, c.lowering!.graph, ex, { diagnostics: bag });
  return { results, codes: bag.items.map((d) => d.code), messages: results.map((r) => r.message ?? '') };
}

const PAIRS = circuit(`inputs: [{name: x, type: u32, mode: event}]
outputs: [{name: y, type: u32, mode: stream}, {name: total, type: u32, mode: value}]
processes:
  - id: pair
    ports:
      - {id: a, type: "Stream<u32>", direction: input, fifo: {depth: 4}}
      - {id: s, type: "Stream<u32>", direction: output}
      - {id: t, type: u32, direction: output}
    state: [{name: acc, type: u32}]
    body: |
      let p = a.recv()
      let q = a.recv()
      acc = acc + p + q
      t = acc
      s.send(p + q)
channels: [{from: x, to: pair.a}, {from: pair.s, to: y}, {from: pair.t, to: total}]
tests:
  - name: an activation waits for the two items its unconditional path receives
    steps:
      - input: {x: 1}
      - expect: {y: null, total: 0}
      - input: {x: 2}
      - expect: {y: [3], total: 3}
      - setup: {pair.acc: 100}
      - input: {x: 10}
      - input: {x: 20}
      - expect: {y: 30, total: 130}
invariants: [{name: total grows, expr: "total >= 0"}]
`);

describe('process lowering', () => {
  it('runs activations when their streams hold enough items; interpreter and wasm agree', async () => {
    const i = await run(PAIRS);
    const w = await run(PAIRS, true);
    expect(i.results.map((r) => [r.name, r.status, r.message])).toEqual([['an activation waits for the two items its unconditional path receives', 'passed', undefined]]);
    expect(w.results.map((r) => r.status)).toEqual(['passed']);
  });

  it('rounds drain a stall FIFO; a component without stream reads runs once per step; wires commit at activation end', async () => {
    const text = circuit(`inputs: [{name: x, type: u8, mode: event}]
outputs: [{name: out, type: u8, mode: stream}, {name: seen, type: u8, mode: value}, {name: ticks, type: u32, mode: value}]
processes:
  - id: src
    ports:
      - {id: in, type: "Stream<u8>", direction: input}
      - {id: mid, type: "Stream<u8>", direction: output}
    body: |
      let v = in.recv()
      for i in 0..3 { mid.send(v + i as u8) }
  - id: sink
    ports:
      - {id: mid, type: "Stream<u8>", direction: input, fifo: {depth: 3, policy: stall}}
      - {id: out, type: "Stream<u8>", direction: output}
      - {id: last, type: u8, direction: output}
    body: |
      let v = mid.recv()
      // own wires read as they were before this activation
      if last != v { out.send(v) }
      last = v
      return
      last = 0
  - id: clock
    ports: [{id: n, type: u32, direction: output}]
    body: "n = n + 1"
channels:
  - {from: x, to: src.in}
  - {from: src.mid, to: sink.mid}
  - {from: sink.out, to: out}
  - {from: sink.last, to: seen}
  - {from: clock.n, to: ticks}
tests:
  - name: one input, three items through the FIFO in rounds
    steps:
      - input: {x: 10}
      - expect: {out: [10, 11, 12], seen: 12, ticks: 1}
      - advance: {ms: 1}
      - expect: {out: null, seen: 12, ticks: 2}
`);
    const { results } = await run(text);
    expect(results.map((r) => [r.status, r.message])).toEqual([['passed', undefined]]);
  });

  it('a connection condition selects the route; a ROM lookup misses with valid = false', async () => {
    const text = circuit(`inputs: [{name: h, type: u32, mode: event}]
outputs: [{name: hit, type: u16, mode: event}, {name: miss, type: u32, mode: event}]
processes:
  - id: router
    ports:
      - {id: h, type: "Stream<u32>", direction: input}
      - {id: out, type: "Stream<u32>", direction: output}
      - {id: ids, type: "Stream<u16>", direction: output}
    body: |
      let h = h.recv()
      match rom.lookup(h).valid {
        true => ids.send(rom.lookup(h).field_id)
        _ => out.send(h)
      }
  - id: rom
    type: memory
    rows:
      - {path: /Doc/Hdr/Ref, field_id: 2}
      - {path_hash: 0xa948038e, field_id: 1}
channels:
  - {from: h, to: router.h}
  - {from: router.ids, to: hit}
  - {from: router.out, to: miss, when: "item != 0"}
tests:
  - name: hash hits and misses
    steps:
      - input: {h: 0x377e7f9b}
      - expect: {hit: 2, miss: null}
      - input: {h: 0xa948038e}
      - expect: {hit: 1}
      - input: {h: 5}
      - expect: {hit: null, miss: 5}
      - input: {h: 0}
      - expect: {hit: null, miss: null}
`);
    const { results } = await run(text, true);
    expect(results.map((r) => [r.status, r.message])).toEqual([['passed', undefined]]);
    expect(fnv1a32(new TextEncoder().encode('/Doc/Hdr/Ref'))).toBe(0x377e7f9b);
  });

  it('a branch recv on an empty stream and a loop that never settles trap (E075)', async () => {
    const text = circuit(`inputs: [{name: x, type: u8, mode: event}]
outputs: [{name: y, type: u8, mode: event}]
processes:
  - id: a
    ports:
      - {id: in, type: "Stream<u8>", direction: input}
      - {id: other, type: "Stream<u8>", direction: input}
      - {id: out, type: "Stream<u8>", direction: output}
    body: |
      let v = in.recv()
      if v == 1 { out.send(other.recv()) }
      if v == 2 { out.send(v) }
  - id: b
    ports:
      - {id: in, type: "Stream<u8>", direction: input}
      - {id: back, type: "Stream<u8>", direction: output}
      - {id: y, type: "Stream<u8>", direction: output}
    body: |
      let v = in.recv()
      back.send(v)
channels:
  - {from: x, to: a.in}
  - {from: a.out, to: b.in}
  - {from: b.back, to: a.in}
tests:
  - name: branch recv
    steps:
      - input: {x: 1}
  - name: ping-pong
    steps:
      - input: {x: 2}
`);
    const { results, codes } = await run(text);
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(results[0]!.message).toMatch(/E075 .*`a\.other\.recv\(\)` on an empty stream/);
    expect(results[1]!.message).toMatch(/E075 .*100000 activations/);
    expect(codes).toEqual(['E075', 'E075']);
  });

  it('match values, moving slices and value methods', async () => {
    const text = circuit(`inputs: [{name: w, type: "bytes(8)", mode: event}]
outputs: [{name: y, type: u16, mode: stream}, {name: tag, type: u8, mode: event}]
processes:
  - id: a
    ports:
      - {id: in, type: "Stream<bytes(8)>", direction: input}
      - {id: out, type: "Stream<u16>", direction: output}
      - {id: t, type: "Stream<u8>", direction: output}
    body: |
      let w = in.recv()
      for i in 0..4 {
        let pair = w[i * 2..(i + 1) * 2]
        let v = (pair[0] as u16 << 8) | pair[1] as u16
        out.send(v.min(1000))
      }
      t.send(match w[0] { 0 => 'z', 1 | 2 => 'o', _ => (w[0] as u32).to_le_bytes()[0] })
      let k = match w[7] { 9 => 1 }
channels: [{from: w, to: a.in}, {from: a.out, to: y}, {from: a.t, to: tag}]
tests:
  - name: pairs
    steps:
      - input: {w: "0x0001000203e80e09"}
      - expect: {y: [1, 2, 1000, 1000], tag: 122}
  - name: uncovered match value traps
    steps:
      - input: {w: "0x0200000000000000"}
`);
    const { results } = await run(text);
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed']);
    expect(results[1]!.message).toMatch(/^E075 .*no `match` arm covers the value/);
  });

  it('refuses a component that could never run (more static sends than its stall FIFO holds)', async () => {
    const text = circuit(`inputs: [{name: x, type: u8, mode: event}]
outputs: [{name: y, type: u8, mode: stream}]
processes:
  - id: a
    ports:
      - {id: in, type: "Stream<u8>", direction: input}
      - {id: out, type: "Stream<u8>", direction: output}
    body: "let v = in.recv()\\nfor i in 0..8 { out.send(v) }"
  - id: b
    ports:
      - {id: in, type: "Stream<u8>", direction: input, fifo: {depth: 4}}
      - {id: out, type: "Stream<u8>", direction: output}
    body: "out.send(in.recv())"
channels: [{from: x, to: a.in}, {from: a.out, to: b.in}, {from: b.out, to: y}]
`);
    const { codes, messages } = await run(text);
    expect(codes).toEqual(['E099']);
    expect(messages[0]).toMatch(/may send 8 items to the stall FIFO `b\.in` \(depth 4\)/);
  });

  it('checks process bodies: undefined names, unknown methods, `.len` of bytes(N), narrowing bytes', () => {
    const text = circuit(`inputs: [{name: x, type: u8, mode: event}]
processes:
  - id: a
    ports: [{id: in, type: "Stream<u8>", direction: input}]
    state: [{name: big, type: "bytes(256)"}, {name: small, type: "bytes(64)"}]
    uses: [{id: h, type: FNV1aHasher}]
    body: |
      let v = in.recv()
      small = big
      if big.len > 0 { h.push_segment(v) }
      h.crunch(v)
      in.shove(v)
      missing = MAX_DEPTH
channels: [{from: x, to: a.in}]
`);
    const c = compile(text, 'p.escir.yaml');
    const codes = c.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^E043 expected bytes\(64\), found bytes\(256\)/),
        expect.stringMatching(/^E043 `\.len` of a bytes\(256\) value is always 256/),
        expect.stringMatching(/^E034 core `FNV1aHasher` has no method `crunch`/),
        expect.stringMatching(/^E034 port `in` has no method `shove`/),
        expect.stringMatching(/^E033 assignment to undefined register or wire `missing`/),
        expect.stringMatching(/^E033 undefined name `MAX_DEPTH`/),
      ]),
    );
  });
});

describe('legacy dialect A circuits that are complete lower and run', () => {
  it('unconnected ports are the boundary (`component.port`), externals name them, tests drive them', async () => {
    const text = `name: upper
format: v0.9.0
version: 2
external:
  - {id: bytes_in, type: AXIStream, width: 64, direction: input}
components:
  - id: split
    type: processor
    annotations: ["@streaming(depth: 4)"]
    ports:
      - {id: bytes_in, type: "Stream<u64>", direction: input}
      - {id: chars, type: "Stream<u8>", direction: output}
    process: |
      let w = bytes_in.recv()
      for i in 0..8 {
        let b = ((w >> (i * 8)) & 0xFF) as u8
        if b != 0 { chars.send(b) }
      }
  - id: upper
    type: router
    annotations: ["@fifo(depth: 16, policy: stall)"]
    ports:
      - {id: chars, type: "Stream<u8>", direction: input}
      - {id: out, type: "Stream<u8>", direction: output}
      - {id: count, type: u32, direction: output}
    process: |
      let c = chars.recv()
      match c {
        'a'..='z' => out.send(c - 32)
        _ => out.send(c)
      }
      count = count + 1
connections:
  - {source: split, sourceHandle: chars, target: upper, targetHandle: chars}
tests:
  - name: ab
    steps:
      - input: {bytes_in: 0x7a2162}
      - expect: {upper.out: [66, 33, 90], upper.count: 3}
`;
    const c = compile(text, 'upper.escir.yaml');
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(c.lowering!.graph!.inputFields).toEqual(['bytes_in']);
    expect(c.lowering!.graph!.outputFields).toEqual(['upper.out', 'upper.count']);
    const results = runEscirTests(c.model!, c.lowering!.graph, await interpreterExecutor(c.lowering!.module));
    expect(results.map((r) => [r.status, r.message])).toEqual([['passed', undefined]]);
  });
});

describe('process network findings', () => {
  it('E050 unknown process, E051 unknown port and wrong direction, E042 stream into wire, W056 unconnected, E078 row hash', () => {
    const text = circuit(`inputs: [{name: x, type: u8, mode: event}]
outputs: [{name: y, type: u8, mode: stream}]
processes:
  - id: a
    ports:
      - {id: in, type: "Stream<u8>", direction: input}
      - {id: out, type: "Stream<u8>", direction: output}
      - {id: w, type: u8, direction: input}
      - {id: spare, type: u8, direction: output}
    body: "out.send(in.recv() + w)"
  - id: rom
    type: memory
    rows: [{path: /Doc/Hdr/Ref, path_hash: 0x12345678, field_id: 2}]
channels:
  - {from: x, to: a.in}
  - {from: a.out, to: ghost.in}
  - {from: a.out, to: a.nope}
  - {from: a.in, to: y}
  - {from: a.out, to: a.w}
`);
    const c = compile(text, 'p.escir.yaml');
    const found = c.diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^E050 channel to `ghost\.in`: `ghost` is not a process or output/),
        expect.stringMatching(/^E051 process `a` has no port `nope`/),
        expect.stringMatching(/^E051 `a\.in` is an input port; a channel from needs an output/),
        expect.stringMatching(/^E042 `a\.out` is a stream but `a\.w` is a wire/),
        expect.stringMatching(/^W056 port `a\.spare` is not connected/),
        expect.stringMatching(/^E078 ROM row `\/Doc\/Hdr\/Ref`: path_hash 0x12345678 does not match/),
      ]),
    );
  });
});

describe('the canonical ISO 20022 extractor (circuits/escir/iso20022_fields.escir.yaml)', () => {
  const path = join(ROOT, 'circuits', 'escir', 'iso20022_fields.escir.yaml');
  const text = readFileSync(path, 'utf8');

  it('lowers completely and passes its tests and test vectors (XML and JSON) in both back ends', async () => {
    const c = compile(text, path);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(c.lowering!.module.procs[0]!.attrs.components).toEqual(['reader', 'extract']);
    for (const ex of [await interpreterExecutor(c.lowering!.module), await wasmExecutor(c.lowering!.module)]) {
      const results = runEscirTests(c.model!, c.lowering!.graph, ex);
      expect(results.map((r) => [r.kind, r.status, r.message])).toEqual([
        ['test', 'passed', undefined],
        ['test', 'passed', undefined],
        ['test_vector', 'passed', undefined],
        ['test_vector', 'passed', undefined],
        ['test_vector', 'passed', undefined],
      ]);
    }
  });

  it('a wrong expected field fails with E073 at the expectation', async () => {
    const bad = text.replace('{field_id: 0x0102, value: E2E001}', '{field_id: 0x0102, value: E2E002}');
    const c = compile(bad, path);
    const bag = new DiagnosticBag();
    const results = runEscirTests(c.model!, c.lowering!.graph, await interpreterExecutor(c.lowering!.module), { diagnostics: bag });
    expect(results.find((r) => r.name === 'minimal pacs.008 (XML)')!.message).toBe('E073 field 0x0102: expected "E2E002", got "E2E001"');
    const d = bag.items.find((x) => x.code === 'E073')!;
    expect(bad.split('\n')[d.line - 1]).toContain('E2E002');
  });

  it('telemetry emits the public fields it extracts', async () => {
    const c = compile(text, path);
    const ex = await interpreterExecutor(c.lowering!.module);
    runEscirTests(c.model!, c.lowering!.graph, ex);
    const records = ex.host!.streams.records('lex://estream/finance/iso20022/public-fields').map((r) => r.value);
    expect(records.slice(0, 4)).toEqual([
      [1n, 3n],
      [1n, 16n],
      [2n, 20n],
      [3n, 1n],
    ]);
  });
});
