/**
 * The three legacy dialects load into the typed model with precise diagnostics and no
 * unknown-key noise for documented keys (ESCIR.md §1, §3, §11 items 2, 3, 5); their
 * executable parts lower.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../compiler/diagnostics/index.ts';
import { interpreterExecutor, runEscirTests } from '../../compiler/escir/index.ts';
import { compile, fixture, load, loadFixture } from './helpers.ts';

const LEGACY = ['legacy/telemetry_bridge.escir.yaml', 'legacy/iso20022_parser.escir.yaml', 'legacy/all_node_types.escir.yaml', 'legacy/door_alarm.escir.yaml', 'legacy/rom_defects.escir.yaml'];
const COMPOSITES = ['composite/gateway/industrial_gateway_lite.escir.yaml', 'composite/gateway/industrial_gateway_standard.escir.yaml', 'composite/gateway/industrial_gateway_premium.escir.yaml'];

describe('legacy dialects', () => {
  it('documented keys never produce W022', () => {
    for (const f of [...LEGACY, ...COMPOSITES]) expect(loadFixture(f).codes, f).not.toContain('W022');
  });

  it('dialect A: format version, int circuit version, streams, decorators, conditional connection, ROM, elision', () => {
    const { model, codes } = loadFixture('legacy/iso20022_parser.escir.yaml');
    expect([model!.dialect, model!.formatVersion, model!.circuitVersion]).toEqual(['A', '0.8.3', '3']);
    expect(model!.components.map((c) => c.id)).toEqual(['tokenizer', 'hasher', 'router', 'rom']);
    expect(model!.components[0]!.ports.filter((p) => p.stream).map((p) => p.id)).toEqual(['bytes_in', 'tag_open']);
    expect(codes).toEqual(expect.arrayContaining(['W055', 'W076', 'W065', 'W056']));
    expect(model!.attrs.pipeline).toEqual({ target_ii: 1n, target_latency: 12n, target_fmax_mhz: 250n, stages: 6n });
  });

  it('dialect B: all 24 legacy node types map to ops; chains, fan-in and fan-out expand', () => {
    const { model, codes } = loadFixture('legacy/all_node_types.escir.yaml');
    const ops = Object.fromEntries(model!.graph!.nodes.map((n) => [n.written, n.op]));
    expect(Object.keys(ops)).toHaveLength(24);
    expect(ops).toMatchObject({ transform: 'expr', conditional: 'compare', comparator: 'change', probabilistic_filter: 'sample', multiplexer: 'merge', retry_controller: 'retry', state_machine: 'fsm', verify_mldsa: 'verify', struct_build: 'build', output_formatter: 'build' });
    expect(model!.graph!.nodes.find((n) => n.id === 'st')!.op).toBe('stats');
    expect(model!.graph!.nodes.find((n) => n.id === 'acc')!.op).toBe('batch');
    expect(model!.graph!.edges.length).toBeGreaterThan(20);
    expect(codes).toEqual(expect.arrayContaining(['E051', 'E052', 'W054', 'W080']));
  });

  it('dialect B: non-C bodies are kept as text with their codes, the rest is checked', () => {
    const { model, codes } = loadFixture('legacy/telemetry_bridge.escir.yaml');
    const opaque = model!.graph!.nodes.filter((n) => !n.executable).map((n) => n.id);
    expect(opaque).toEqual(['classify', 'crc', 'route', 'fmt', 'pack', 'compute_checksum']);
    expect(codes).toEqual(expect.arrayContaining(['W001', 'W003', 'W035', 'W054', 'W055', 'W058', 'W081', 'E050', 'E051', 'E035']));
    expect(model!.attrs.metadata).toMatchObject({ circuit_id: 'telemetry-bridge' });
  });

  it('a fully executable legacy graph lowers and its tests run (legacy `now` = clock_ns, X_valid = presence)', async () => {
    const f = fixture('legacy/door_alarm.escir.yaml');
    const { model, lowering } = compile(f.text, f.path);
    expect(lowering!.module.procs[0]!.attrs.clockInput).toBe('clock_ns');
    const results = runEscirTests(model!, lowering!.graph, await interpreterExecutor(lowering!.module));
    expect(results.map((r) => r.status)).toEqual(['passed']);
  });

  it('non-executable legacy graphs still lower their types and state machines (E099 lists the rest)', () => {
    const f = fixture('legacy/all_node_types.escir.yaml');
    const { lowering, diagnostics } = compile(f.text, f.path);
    expect(lowering!.module.procs).toEqual([]);
    expect(lowering!.module.stateMachines.map((s) => s.name)).toEqual(['all_node_types.sm']);
    expect(lowering!.module.types.map((t) => t.name)).toEqual(expect.arrayContaining(['Sample', 'Pair', 'Ev', 'Cfg']));
    expect(diagnostics.some((d) => d.code === 'E099')).toBe(true);
  });

  it('executable parts of a non-lowerable graph become functions the back ends accept', async () => {
    const f = fixture('legacy/all_node_types.escir.yaml');
    const { lowering } = compile(f.text, f.path);
    const m = lowering!.module;
    expect(m.attrs.loweredNodes).toEqual(expect.arrayContaining(['t1', 'cmp', 'q', 'tbl', 'heap', 'tmr', 'rc']));
    const { interpretCall } = await import('../../runtime/interp/index.ts');
    const { createHost } = await import('../../runtime/host/host.ts');
    // t1 = sample.value * 2, a function of its operand
    expect(interpretCall(m, 'all_node_types.t1.body', [[1n, 21n, 0n]], { host: createHost() })).toBe(42n);
    const { compileModule } = await import('../../compiler/wasm/index.ts');
    const compiled = await compileModule(m, { optLevel: 0, witness: false });
    expect(compiled.wasm.length).toBeGreaterThan(0);
  });

  it('dialect C: base → child → grandchild merge by id, configs deep-merge, pools expand', () => {
    const { model } = loadFixture('composite/gateway/industrial_gateway_premium.escir.yaml');
    const c = model!.composite!;
    expect(c.parents).toEqual(['industrial/industrial_gateway_standard', 'industrial/industrial_gateway_lite']);
    const count = (id: string) => c.entries.find((e) => e.id === id)?.count;
    expect([count('tcp_pool'), count('modbus_pool'), count('serial_pool'), count('dnp3_pool')]).toEqual([200, 200, 8, 50]);
    expect(c.limits).toMatchObject({ max_devices: 200, max_polls_per_second: 5000, max_redundant_pairs: 4 });
    expect(c.entries.find((e) => e.id === 'scheduler')!.config).toHaveLength(2);
    expect(c.netlist.instances.filter((i) => i.name.startsWith('modbus_pool[')).length).toBe(200);
    expect(c.netlist.conns.filter((x) => x.to === 'alarms.sample')).toHaveLength(200);
  });

  it('property: truncated or line-dropped legacy files load without throwing', () => {
    const texts = [...LEGACY, ...COMPOSITES].map((f) => fixture(f));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 6 }), (i, at, n) => {
        const { text, path } = texts[i]!;
        const lines = text.split('\n');
        lines.splice(at % Math.max(1, lines.length), n);
        const bag = new DiagnosticBag();
        load(lines.join('\n'), { name: path });
        load(text.slice(0, (at * 37) % text.length), { name: path });
        return bag.items.length === 0;
      }),
      { numRuns: 60 },
    );
  });
});
