/**
 * One negative test per ESCIR diagnostic code (ESCIR.md §9, §11): a minimal file that must
 * produce the code, with the position and pointer it points at.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticBag } from '../../compiler/diagnostics/index.ts';
import { ESCIR_CODES, interpreterExecutor, runEscirTests } from '../../compiler/escir/index.ts';
import { compile, load, loadFixture } from './helpers.ts';

const canonical = (body: string, head = '') => `escir: "1.0"
kind: circuit
name: t
version: 1.0.0
${head}inputs: [{name: x, type: u32, mode: event}]
outputs: [{name: y, type: u32, mode: event}]
${body}`;

const graph = (nodes: string, edges: string) => `graph:
  nodes:
${nodes}
  edges: ${edges}
`;

const legacy = (body: string, head = '') => `name: t
version: "0.9"
version: "1.0.0"
${head}inputs: [{name: x, type: u32}]
outputs: [{name: y, type: u32}]
${body}`;

const lgraph = (nodes: string, flows: string) => `compute:
  nodes:
${nodes}
  flows: ${flows}
`;

const OK_NODE = '    - {id: n, op: expr, body: "x + 1"}';
const OK_LNODE = '    - {id: n, type: transform, body: "x + 1"}';

interface Case {
  code: string;
  text: string;
  /** Expected 1-based line of the first diagnostic with this code. */
  line?: number;
  pointer?: string;
  options?: Parameters<typeof load>[1];
}

const CASES: Case[] = [
  { code: 'E001', text: canonical(graph(OK_NODE, '["n -> y"]')).replace('name: t\n', 'name: t\nname: u\n'), line: 4, pointer: '/name' },
  { code: 'E001', text: legacy(lgraph(OK_LNODE, '["n -> y"]')).replace('version: "1.0.0"\n', 'version: "1.0.0"\nversion: "2"\n'), line: 3 },
  { code: 'W001', text: legacy(lgraph(OK_LNODE, '["n -> y"]')), line: 3, pointer: '/version' },
  { code: 'E002', text: 'name: [unclosed\n' },
  { code: 'E002', text: '- just\n- a list\n', line: 1 },
  { code: 'E002', text: canonical(graph(OK_NODE, '["n -> y"]'), 'meta: &m {a: 1}\n') },
  { code: 'W003', text: legacy(lgraph(OK_LNODE, '["n -> y"]'), 'annotations: {deterministic: yes}\n'), line: 4, pointer: '/annotations/deterministic' },
  { code: 'E004', text: legacy(lgraph(OK_LNODE, '["n -> y"]') + 'composition: []\n') },
  { code: 'E004', text: 'name: t\nversion: 1\ntypes: {}\n' },
  { code: 'E010', text: legacy(lgraph(OK_LNODE, '["n -> y"]'), 'description: "for {{SITE}}"\n'), line: 4, pointer: '/description' },
  { code: 'W011', text: 'name: t\nversion: 3\ninputs: [{name: x, type: u32}]\noutputs: [{name: y, type: u32}]\n' + lgraph(OK_LNODE, '["n -> y"]') },
  { code: 'E020', text: canonical(graph(OK_NODE, '["n -> y"]')).replace('kind: circuit\n', '') },
  { code: 'E021', text: canonical(graph(OK_NODE, '["n -> y"]')).replace('kind: circuit', 'kind: widget'), line: 2, pointer: '/kind' },
  { code: 'W022', text: legacy(lgraph(OK_LNODE, '["n -> y"]'), 'colour: blue\n'), line: 4, pointer: '/colour' },
  { code: 'E022', text: canonical(graph(OK_NODE, '["n -> y"]'), 'colour: blue\n'), line: 5, pointer: '/colour' },
  { code: 'E022', text: canonical(graph('    - {id: n, op: fifo, params: {depht: 4}}', '["x -> n.in", "n.out -> y"]')) },
  { code: 'E030', text: canonical(graph(OK_NODE, '["n -> y"]')).replace('{name: y, type: u32', '{name: y, type: Foo'), line: 6, pointer: '/outputs/0/type' },
  { code: 'E031', text: canonical(graph(OK_NODE, '["n -> y"]')).replace('{name: y, type: u32', '{name: y, type: probe.Sample') },
  { code: 'E031', text: canonical(graph(OK_NODE, '["n -> y"]'), 'imports: [{schema: cold/probe.esf.yaml, as: probe}]\n') },
  { code: 'E032', text: canonical(graph(`${OK_NODE}\n${OK_NODE}`, '["n -> y"]')) },
  { code: 'E033', text: canonical(graph('    - {id: n, op: expr, body: "x + zzz"}', '["n -> y"]')), line: 9, pointer: '/graph/nodes/0/body' },
  { code: 'E034', text: canonical(graph('    - {id: n, op: expr, body: "crc(x)"}', '["n -> y"]')) },
  { code: 'E035', text: canonical(graph('    - {id: n, op: expr, body: "x +"}', '["n -> y"]')) },
  { code: 'E035', text: canonical(graph(OK_NODE, '["n => y"]')) },
  { code: 'W035', text: legacy(lgraph('    - id: n\n      type: transform\n      body: |\n        if x > 1:\n            y = 2', '["n -> y"]')) },
  { code: 'W036', text: legacy(lgraph('    - {id: n, type: transform, body: "x + 1.5"}', '["n -> y"]')) },
  { code: 'E040', text: canonical(graph(OK_NODE, '["n -> y"]')).replace('{name: y, type: u32', '{name: y, type: bytes') },
  { code: 'E041', text: canonical(graph(OK_NODE, '["n -> y"]'), 'consts: {BIG: {type: u8, value: 300}}\n') },
  { code: 'E042', text: canonical(graph(OK_NODE, '["n -> y"]')).replace('{name: y, type: u32', '{name: y, type: bool') },
  { code: 'E043', text: canonical(graph('    - {id: n, op: expr, body: "x + 1.5"}', '["n -> y"]')) },
  { code: 'W044', text: legacy(lgraph('    - {id: n, type: transform, body: "Mode::on"}', '["n -> y"]'), 'types: {Mode: {kind: enum, values: [off_, on]}}\n').replace('{name: y, type: u32}', '{name: y, type: Mode}') },
  { code: 'E045', text: canonical(graph(OK_NODE, '["n -> y"]'), 'types: {B: {kind: struct, extends: Missing, additional_fields: [{name: a, type: u8}]}}\n') },
  { code: 'E050', text: canonical(graph(OK_NODE, '["ghost -> y"]')) },
  { code: 'E051', text: canonical(graph('    - {id: n, op: fifo, params: {depth: 2}}', '["x -> n.in", "n.requeue -> y"]')) },
  { code: 'E052', text: canonical(graph(`${OK_NODE}\n    - {id: m, op: expr, body: "x + 2"}`, '["n -> y", "m -> y"]')) },
  { code: 'E053', text: canonical(graph('    - {id: a, op: expr, body: "b + x"}\n    - {id: b, op: expr, body: "a + 1"}', '["a -> y"]')) },
  { code: 'W054', text: legacy(lgraph('    - {id: n, type: transform}', '["n -> y"]')) },
  { code: 'E054', text: canonical(graph('    - {id: n, op: compare}', '["x -> n", "n -> y"]')) },
  { code: 'W055', text: legacy(lgraph('    - {id: n, type: transform, body: "..."}', '["n -> y"]')) },
  { code: 'W056', text: canonical(graph('    - {id: n, op: expr, body: "7"}', '["n -> y"]')) },
  { code: 'W057', text: canonical(graph('    - {id: n, op: sample, params: {rate: 0.5}}', '["x -> n", "n.pass -> y"]')) },
  { code: 'W058', text: legacy(lgraph('    - id: n\n      type: transform\n      operations: {A: "x", B: "x + 1"}', '["n -> y"]')) },
  { code: 'W058', text: legacy(lgraph('    - {id: n, type: transform, body: "x[15:8]"}', '["n -> y"]')) },
  {
    code: 'E070',
    text: canonical(graph(OK_NODE, '["n -> y"]')) + 'tests:\n  - name: t\n    steps:\n      - input: {nope: 1}\n',
    pointer: '/tests/0/steps/0/input/nope',
  },
  { code: 'E071', text: canonical(graph(OK_NODE, '["n -> y"]')).replace('type: u32, mode: event}]\noutputs', 'type: u8, mode: event}]\noutputs').replace('x + 1', 'x as u32') + 'tests:\n  - name: t\n    steps:\n      - input: {x: 300}\n' },
  {
    code: 'W071',
    text: legacy(lgraph('    - {id: n, type: transform, body: "x"}', '["n -> y"]')).replace(/type: u32/g, 'type: "bytes(4)"') + 'tests:\n  - name: t\n    steps:\n      - input: {x: "[0x05; 4]"}\n',
  },
  {
    code: 'W072',
    text: canonical(graph('    - {id: t, op: timer, params: {timeout_ms: 5}}', '["x -> t.start", "t.expired -> y"]')).replace('{name: y, type: u32', '{name: y, type: bool') + 'tests:\n  - name: t\n    steps:\n      - input: {x: 1}\n      - expect: {y: true}\n',
  },
  { code: 'W080', text: legacy(lgraph(OK_LNODE, '["n -> y"]')).replace('inputs: [{name: x, type: u32}]', 'inputs: [{name: x, type: u32}, {name: door_valid, type: bool}]') },
  { code: 'W081', text: legacy(lgraph('    - {id: n, type: transform, body: "x * scale"}', '["n -> y"]'), 'annotations: {scale: 3}\n') },
  { code: 'W090', text: canonical(graph(OK_NODE, '["n -> y"]'), 'meta: {owner: ops}\n'), options: { mode: 'lower' } },
  { code: 'E054', text: legacy(lgraph('    - {id: n, type: transform}', '["n -> y"]')), options: { mode: 'lower' } },
];

describe('negative test per diagnostic code', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.text.split('\n').find((l) => l.includes('body') || l.includes('type:')) ?? ''}`.slice(0, 100), () => {
      const { codes, diagnostics } = load(c.text, c.options ?? {});
      expect(codes).toContain(c.code);
      const d = diagnostics.find((x) => x.code === c.code)!;
      expect(d.file).toBe('inline.escir.yaml');
      expect(d.line).toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
      expect(d.pointer).toBeDefined();
      if (c.line !== undefined) expect(d.line).toBe(c.line);
      if (c.pointer !== undefined) expect(d.pointer).toBe(c.pointer);
    });
  }

  it('E078: ROM path hash mismatch and collision', () => {
    const { codes } = loadFixture('legacy/rom_defects.escir.yaml');
    expect(codes.filter((c) => c === 'E078')).toHaveLength(2);
  });

  it('W076: process test vectors are skipped', () => {
    expect(loadFixture('legacy/iso20022_parser.escir.yaml').codes).toContain('W076');
  });

  it('E099: lowering a legacy file with opaque nodes is refused and lists why', () => {
    const { diagnostics } = compile(legacy(lgraph('    - {id: n, type: transform}\n    - {id: m, type: transform, body: "x + 1"}', '["n -> y"]')));
    const e = diagnostics.find((d) => d.code === 'E099')!;
    expect(e).toBeDefined();
    expect(e.related?.some((r) => r.message.includes('`n`'))).toBe(true);
  });

  it('E073, E074, E075 come from running tests', async () => {
    const text = canonical(graph('    - {id: n, op: expr, body: "x + 1"}', '["n -> y"]'), 'annotations: {checked: true}\n')
      .replace('type: u32, mode: event}]\noutputs', 'type: u8, mode: event}]\noutputs')
      .replace('{name: y, type: u32', '{name: y, type: u8') +
      'invariants:\n  - {name: small, expr: "y < 200"}\ntests:\n  - name: wrong\n    steps:\n      - input: {x: 1}\n      - expect: {y: 3}\n  - name: invariant\n    steps:\n      - input: {x: 250}\n  - name: trap\n    steps:\n      - input: {x: 255}\n';
    const { model, lowering } = compile(text);
    const bag = new DiagnosticBag();
    const results = runEscirTests(model!, lowering!.graph, await interpreterExecutor(lowering!.module), { diagnostics: bag });
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(bag.items.map((d) => d.code)).toEqual(['E073', 'E074', 'E075']);
  });

  it('every documented code has a negative test somewhere in this suite', () => {
    const covered = new Set([...CASES.map((c) => c.code), 'E078', 'W076', 'E099', 'E073', 'E074', 'E075', 'E060', 'E061', 'E062', 'E063', 'E064', 'W064', 'W065', 'E066', 'W032']);
    const missing = Object.keys(ESCIR_CODES).filter((c) => !covered.has(c));
    expect(missing).toEqual([]);
  });
});

describe('composite codes (ESCIR.md §8)', () => {
  it('gateway premium: E060, E061, E062, E063, W064, W065, E050, E042 after the extends merge', () => {
    const { codes } = loadFixture('composite/gateway/industrial_gateway_premium.escir.yaml');
    for (const c of ['E060', 'E061', 'E062', 'E063', 'W064', 'W065', 'E050', 'E042']) expect(codes).toContain(c);
  });
  it('E064: extends cycle', () => {
    expect(loadFixture('composite/cycle/a.escir.yaml').codes).toContain('E064');
  });
  it('E066: bad binding (unknown slot, unknown instance)', () => {
    const { codes } = loadFixture('composite/bindings/bad_slot.escir.yaml');
    expect(codes.filter((c) => c === 'E066')).toHaveLength(2);
  });
  it('W032: a child redefines an inherited type', () => {
    const dir = mkdtempSync(join(tmpdir(), 'escir-w032-'));
    mkdirSync(join(dir, 'c'));
    writeFileSync(join(dir, 'c', 'base.escir.yaml'), 'name: base\nversion: "0.9"\nversion: "1"\ntypes: {Cfg: {kind: struct, fields: [{name: a, type: u8}]}}\nlimits: {max_devices: 1}\ncomposition: []\n');
    const child = 'name: child\nversion: "0.9"\nversion: "1"\nextends: base\ntypes: {Cfg: {kind: struct, fields: [{name: a, type: u16}]}}\nlimits: {max_devices: 1}\ncomposition: []\n';
    const { codes } = load(child, { name: join(dir, 'c', 'child.escir.yaml') });
    expect(codes).toContain('W032');
  });
});
