/**
 * Regressions found by fuzzing the fixtures and by the messy legacy files: each was a crash, a
 * silent drop of a wrong-typed key, or noise on a documented key.
 */
import { describe, expect, it } from 'vitest';
import { estream } from '../e2e/helpers.ts';
import { compile, fixture, load } from './helpers.ts';

const graph = (nodes: string, extra = '') =>
  `name: g\nformat: v0.9\nversion: 1\ninputs: [{name: x, type: u8}, {name: config, type: Cfg}]\noutputs: [{name: y, type: u8}]\ntypes:\n  Cfg: {kind: struct, fields: [{name: rate, type: u32}]}\ncompute:\n  nodes:\n${nodes}\n  flows: ["x -> n"]\n${extra}`;
const codesAt = (text: string, codes: string[], name?: string) =>
  load(text, name ? { name } : {}).diagnostics.filter((d) => codes.includes(d.code)).map((d) => `${d.line}:${d.column} ${d.code}`);

describe('ESCIR hardening', () => {
  it('a map whose value struct has no fields refuses lowering instead of throwing', () => {
    const f = fixture('ops/map.escir.yaml');
    const text = f.text.replace(/ {2}Device: \{kind: struct.*\n/, '  Device: {id: q, type: fifo}\n');
    expect(text).not.toBe(f.text);
    const out = compile(text);
    expect(out.diagnostics.some((d) => d.code === 'E099')).toBe(true);
  });

  it('`advance` takes ints, floats and (legacy) quoted numbers; infinity, negative or text is E021, never a throw', () => {
    const text = graph('    - {id: n, type: counter}', 'tests:\n  - name: t\n    steps:\n      - advance: {ms: .inf}\n      - advance: {ms: "-5"}\n      - advance: {ms: "12"}\n      - advance: {ns: soon}\n      - advance: {ms: 1.5}\n');
    expect(codesAt(text, ['E021'])).toEqual(['15:23 E021', '16:23 E021', '18:23 E021']);
    const t = load(text).model!.tests[0]!;
    expect(t.steps.map((s) => s.advanceNs)).toEqual([0n, 0n, 12_000_000n, 0n, 1_500_000n]);
  });

  it('legacy quoted numbers in numeric params are numbers; canonical ones stay E021', () => {
    const legacy = graph('    - {id: n, type: token_bucket, rate: "100", burst: "0x4"}\n    - {id: m, type: counter, width: "2.5"}');
    expect(codesAt(legacy, ['E021'])).toEqual(['11:37 E021']);
    const model = load(legacy).model!;
    expect(model.graph!.nodes[0]!.params.get('burst')).toBeDefined();
    const canonical = 'escir: "1.0"\nkind: circuit\nname: c\nversion: 1.0.0\ninputs: [{name: x, type: u8, mode: event}]\noutputs: []\ngraph:\n  nodes: [{id: n, op: token_bucket, params: {rate: "100", burst: 4}}]\n  edges: ["x -> n"]\n';
    expect(codesAt(canonical, ['E021'])).toEqual(['8:52 E021']);
  });

  it('an operator parameter of the wrong shape is a located E021 (list, bool, string, number)', () => {
    const text = graph('    - {id: n, type: counter, skip: "0", wrap: 5}\n    - {id: t, type: timer, timeout_ms: [1, 2]}\n    - {id: f, type: fifo, depth: 4, overflow_policy: {drop: 1}}');
    expect(load(text).diagnostics.filter((d) => d.code === 'E021').map((d) => `${d.line}:${d.column} ${d.pointer}`)).toEqual([
      '10:36 /compute/nodes/0/skip',
      '10:47 /compute/nodes/0/wrap',
      '11:40 /compute/nodes/1/timeout_ms',
      '12:54 /compute/nodes/2/overflow_policy',
    ]);
    expect(() => compile(text)).not.toThrow();
  });

  it('scalar kinds are enforced: a non-numeric string for a number, a non-boolean for a flag', () => {
    const text = graph('    - {id: n, type: counter}', 'pipeline: {target_ii: fast, stages: 2}\nannotations: {deterministic: maybe, povc_enabled: "no", witness_tier: 2}\nlimits_note: 1\n');
    expect(codesAt(text, ['E021'])).toEqual(['12:23 E021', '13:30 E021']);
    // Quoted numbers and template placeholders pass the shape check.
    expect(codesAt(graph('    - {id: n, type: counter}', 'pipeline: {target_ii: "2", target_latency: "{{LAT}}"}\n'), ['E021'])).toEqual([]);
  });

  it('legacy composites may `remove` inherited instances (no W022), also as a single id', () => {
    const base = fixture('messy/plant_gateway_plus.escir.yaml');
    const text = base.text.replace('remove: [sched, ghost]', 'remove: sched');
    const { diagnostics } = load(text, { name: base.path });
    expect(diagnostics.filter((d) => d.code === 'W022')).toEqual([]);
    // `sched` is gone: the inherited wire from it no longer resolves.
    expect(diagnostics.filter((d) => d.code === 'E050' && /`sched`/.test(d.message)).map((d) => d.message)).toEqual([expect.stringMatching(/inherited .* wire from `sched.poll`: no instance `sched`/)]);
  });

  it('a wire with a non-string endpoint or a string without `->` is reported, not dropped', () => {
    const text = 'name: c/x\nversion: 1\nlimits: {max_devices: 1}\ncomposition: [{id: a, circuit: c/none}]\nwiring:\n  - {from: 42, to: null}\n  - "a.out"\n';
    expect(codesAt(text, ['E021', 'E035'])).toEqual(['6:12 E021', '6:20 E021', '7:5 E035']);
  });

  it('quoted pool sizes and limits are numbers (`instances: "12"` against `max_devices: "10"`)', () => {
    const text = 'name: c/x\nversion: 1\nlimits: {max_devices: "10"}\ncomposition: [{id: a, circuit: c/none, instances: "12"}]\n';
    expect(load(text).diagnostics.filter((d) => d.code === 'E063').map((d) => d.message)).toEqual([expect.stringMatching(/has 12 instances; `limits.max_devices` is 10/)]);
  });

  it('template mode: placeholders are opaque wherever they stand; an unquoted one gets a hint', () => {
    const f = fixture('messy/probe_guard.template.yaml');
    expect(load(f.text, { name: f.path }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // With values nothing is opaque: a leftover placeholder is E010.
    const subs = load(f.text, { name: f.path, substitutions: { NAME: 'a', VERSION: '1.0.0', SITE: 's', TIER: 2, TEMP_TYPE: 'u32', LIMIT: 800, HOLD_MS: 100, RATE: 5, HOT: 900 } });
    expect(subs.diagnostics.filter((d) => d.code === 'E010').map((d) => `${d.line}:${d.column}`)).toEqual(['32:8']);
    const bad = load('name: t\nversion: 1\nx: {{A}}\n', { name: 'b.template.yaml' }).diagnostics[0]!;
    expect([bad.code, bad.line, bad.column, bad.hint]).toEqual(['E002', 3, 5, expect.stringMatching(/inside quotes/)]);
  });

  it('empty documents around the circuit are skipped; two circuits in one file are E002', () => {
    const one = load('---\n# comment\nname: a\nversion: 1\ncompute: {nodes: [], flows: []}\n...\n---\n# trailing\n');
    expect([one.model !== undefined, one.codes.includes('E002')]).toEqual([true, false]);
    expect(load('name: a\n---\nname: b\n').codes).toEqual(['E002']);
    expect(load('# nothing\n---\n').codes).toEqual(['E002']);
  });

  it('nested aliases that expand without bound are one located E002, not a stack overflow', () => {
    const levels = ['big: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9]'];
    for (let i = 1; i <= 6; i++) levels.push(`b${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    const text = `name: x\nversion: 1\n${levels.join('\n')}\nb7: [${Array.from({ length: 9 }, () => '*a6').join(', ')}]\n`;
    const { codes, diagnostics } = load(text);
    expect(codes).toEqual(['E002']);
    expect([diagnostics[0]!.line, diagnostics[0]!.column, diagnostics[0]!.message]).toEqual([8, 15, expect.stringMatching(/expands to more than/)]);
  });

  it('an alias used as a key is read as its scalar (W003), not an E002 that stops loading', () => {
    const { model, diagnostics } = load('name: y\nformat: v0.9\nversion: 1\nx-key: &k id\ncompute:\n  nodes:\n    - {*k : m, type: counter}\n  flows: []\n');
    expect(model!.graph!.nodes.map((n) => n.id)).toEqual(['m']);
    expect(diagnostics.filter((d) => d.code === 'W003').map((d) => `${d.line}:${d.column} ${d.message.slice(0, 9)}`)).toEqual(['4:11 anchor `&', '7:8 alias `*k']);
  });

  it('legacy flows that are lists, numbers or mappings without an endpoint are reported, not dropped', () => {
    const text = 'name: t\nformat: v0.9\nversion: 1\ninputs: [{name: v, type: u8}]\noutputs: [{name: o, type: u8}]\ncompute:\n  nodes: [{id: n, type: transform, operation: "v"}]\n  flows: ["v -> n -> o", [1], 7, {from: v}, null]\n';
    expect(codesAt(text, ['E020', 'E021'])).toEqual(['8:26 E021', '8:31 E021', '8:34 E020']);
  });

  it('a state machine transition that is not a mapping, or has no `to`, is reported and blocks lowering', () => {
    const text = graph('    - id: n\n      type: state_machine\n      initial_state: a\n      states: [a, b]\n      transitions:\n        - "a -> b"\n        - {from: a, trigger: x}');
    expect(codesAt(text, ['E021', 'E020'])).toEqual(['15:11 E021', '16:11 E020']);
    expect(compile(text).lowering!.module.stateMachines).toEqual([]);
  });

  it('`estream compile --json` on a template compiles it as ESCIR (E099), not as FastLang', async () => {
    const r = await estream(['compile', '--json', 'test/fixtures/escir/messy/probe_guard.template.yaml']);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string }[] };
    expect(r.code).toBe(1);
    expect(out.diagnostics.map((d) => d.code)).toContain('E099');
    expect(out.diagnostics.filter((d) => d.code.startsWith('FL'))).toEqual([]);
  });

  it('`estream check/compile/test --json` over the messy files: JSON, exit 1, no internal error', async () => {
    const files = ['reefer_bridge.escir.yaml', 'pain_parser.escir.yaml', 'plant_gateway_plus.escir.yaml', 'probe_guard_flat.flir.yaml', 'wrong_types_canonical.escir.yaml'].map((n) => `test/fixtures/escir/messy/${n}`);
    for (const cmd of ['check', 'compile', 'test']) {
      const r = await estream([cmd, '--json', ...files]);
      expect([cmd, r.code, r.stderr]).toEqual([cmd, 1, '']);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
      expect(r.stdout).not.toMatch(/internal error|TypeError|E0603/);
    }
  });
});
