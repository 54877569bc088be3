/**
 * The legacy corpus (test/fixtures/escir/corpus): an ISO 20022 parser (dialect A), a Modbus
 * client, a poll scheduler, a stream emitter and a telemetry bridge (dialect B), the three
 * gateway SKUs (dialect C), a FLIR file and a template — written as real files are, with
 * their known defects — and `corpus/keys`, one clean file per dialect (a C child and its
 * parent) written with every key ESCIR.md documents. All load with diagnostics and no unknown-key noise for documented
 * keys, and their executable parts lower (and run, where they are complete).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEscirSource, interpreterExecutor, runEscirTests, wasmExecutor } from '../../compiler/escir/index.ts';
import { compile, fixture, FIXTURES, loadFixture } from './helpers.ts';

const CORPUS = join(FIXTURES, 'corpus');
const files: string[] = [];
const walk = (d: string) => {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(escir|flir|template)\.yaml$/.test(n)) files.push(relative(FIXTURES, p));
  }
};
walk(CORPUS);

const codesOf = (rel: string, mode: 'validate' | 'lower' = 'validate') => loadFixture(rel, { mode }).codes;

describe('legacy corpus', () => {
  it('every file loads in both modes with located diagnostics and no unknown-key warning', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const rel of files) {
      for (const mode of ['validate', 'lower'] as const) {
        const { model, diagnostics } = loadFixture(rel, { mode });
        expect(model, rel).toBeDefined();
        for (const d of diagnostics) expect([rel, d.line >= 1 && d.column >= 1, typeof d.pointer]).toEqual([rel, true, 'string']);
        expect(diagnostics.filter((d) => d.code === 'W022' || d.code === 'E022').map((d) => d.message), rel).toEqual([]);
      }
    }
  });

  it('ISO 20022 parser (dialect A): the §7 findings, a placeholder ROM, and its executable parts lower', async () => {
    const rel = 'corpus/finance/iso20022_parser.escir.yaml';
    const { model, codes } = loadFixture(rel);
    expect([model!.dialect, model!.formatVersion, model!.circuitVersion]).toEqual(['A', '0.8.3', '7']);
    expect(codes).toEqual(expect.arrayContaining(['W003', 'W055', 'W056', 'W065', 'W076', 'E033', 'E034', 'E043', 'E050', 'W035']));
    const f = fixture(rel);
    const { lowering, diagnostics } = compile(f.text, f.path);
    expect(lowering!.module.attrs.loweredComponents).toEqual(['schema_rom', 'field_router']);
    expect(diagnostics.find((d) => d.code === 'E099')!.message).toMatch(/lowered: `schema_rom`, `field_router`/);
    const { interpretCall } = await import('../../runtime/interp/index.ts');
    const { createHost } = await import('../../runtime/host/host.ts');
    const lookup = (h: number) => interpretCall(lowering!.module, 'iso20022_parser.schema_rom.lookup', [BigInt(h)], { host: createHost() }) as unknown[];
    expect(lookup(0xa948038e)).toEqual([0xa948038en, 1n, 1n, 0n, true, false, 8n]);
    expect(lookup(0x12345678)[4]).toBe(false);
  });

  it('Modbus client (dialect B): four body notations, opaque nodes, defects; state machine and primitives lower', () => {
    const rel = 'corpus/protocol/modbus_tcp_client.escir.yaml';
    expect(codesOf(rel)).toEqual(expect.arrayContaining(['W001', 'W003', 'W035', 'W054', 'W058', 'E042', 'E050']));
    const f = fixture(rel);
    const { lowering } = compile(f.text, f.path);
    const m = lowering!.module;
    expect(m.stateMachines.map((s) => s.name)).toEqual(['modbus_tcp_client.conn']);
    expect(m.attrs.loweredNodes).toEqual(expect.arrayContaining(['tid_gen', 'build_mbap', 'inflight', 'response_timer', 'retry', 'check_protocol', 'is_exception']));
    // The fsm's states match the declared enum, so its state can leave on the `ConnState` port.
    expect(codesOf(rel).filter((c) => c === 'E042')).toHaveLength(2);
  });

  it('poll scheduler and telemetry bridge: only their real defects are errors', () => {
    const sched = loadFixture('corpus/scheduler/poll_scheduler.escir.yaml');
    expect(sched.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual(['E030 unknown type `SchedEvent`']);
    const bridge = loadFixture('corpus/telemetry/telemetry_bridge.escir.yaml').diagnostics;
    expect(bridge.map((d) => d.code)).toEqual(expect.arrayContaining(['W001', 'W003', 'E031', 'W057', 'W058', 'W035', 'W054', 'W055', 'E035']));
    // Union literals `{kind: 4, Health: {…}}` fit; the `yes` given for a bool does not.
    expect(bridge.filter((d) => d.code === 'E071').map((d) => d.message)).toEqual(['expected a bool, found "yes"']);
  });

  it('complete legacy graphs lower and run: the stream emitter (with telemetry) and the FLIR file', async () => {
    for (const rel of ['corpus/streaming/stream_emitter.escir.yaml', 'corpus/flir/threshold_alarm.flir.yaml']) {
      const f = fixture(rel);
      const { model, lowering, diagnostics } = compile(f.text, f.path);
      expect(diagnostics.filter((d) => d.severity === 'error'), rel).toEqual([]);
      const interp = await interpreterExecutor(lowering!.module);
      const results = runEscirTests(model!, lowering!.graph, interp);
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((r) => r.status === 'passed'), rel).toBe(true);
      const wasm = runEscirTests(model!, lowering!.graph, await wasmExecutor(lowering!.module));
      expect(wasm.map((r) => r.status)).toEqual(results.map((r) => r.status));
      if (rel.includes('stream_emitter')) {
        expect(lowering!.module.streams.map((s) => s.name)).toEqual(['lex://estream/sys/streaming/events', 'lex://estream/sys/streaming/health']);
        expect(interp.host!.streams.records('lex://estream/sys/streaming/events').map((r) => r.value)).toEqual([[7n, 300n, 2n]]);
        expect(diagnostics.filter((d) => d.code === 'W090').map((d) => d.message)).not.toContain(expect.stringMatching(/streamsight/));
      }
    }
  });

  it('the keys corpus (every documented key of dialects A, B and C) loads clean, runs, and merges', async () => {
    // Dialect B: every header and graph key; its tests pass on both back ends; telemetry resolves.
    const monitor = fixture('corpus/keys/cold_chain_monitor.escir.yaml');
    const b = compile(monitor.text, monitor.path);
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(b.model!.dialect).toBe('B');
    expect([b.model!.formatVersion, b.model!.circuitVersion]).toEqual(['0.9.1', '2.3.0']);
    const interp = await interpreterExecutor(b.lowering!.module);
    const results = runEscirTests(b.model!, b.lowering!.graph, interp);
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    expect(runEscirTests(b.model!, b.lowering!.graph, await wasmExecutor(b.lowering!.module)).map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    expect(b.lowering!.module.streams.map((s) => s.name)).toEqual(['lex://fleet/cold_chain_monitor/alarm/{probe_id}', 'lex://fleet/cold_chain_monitor/door']);
    // Dialect A: components, cores, a ROM, a conditional connection, emissions; its vector runs.
    const router = fixture('corpus/keys/frame_router.escir.yaml');
    const a = compile(router.text, router.path);
    expect(a.model!.dialect).toBe('A');
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const vectors = runEscirTests(a.model!, a.lowering!.graph, await interpreterExecutor(a.lowering!.module));
    expect(vectors.map((r) => `${r.kind} ${r.status}`)).toEqual(['test_vector passed']);
    // Dialect C: the child extends the base; pools grow to 8 and keep their inherited circuits.
    const plus = loadFixture('corpus/keys/cold_site_plus.escir.yaml');
    expect(plus.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const c = plus.model!.composite!;
    expect(c.parents).toEqual(['cold/cold_site_base']);
    expect(c.netlist.instances.filter((i) => i.name.startsWith('monitors[')).map((i) => i.circuit)).toEqual(Array(8).fill('telemetry/cold_chain_monitor'));
    expect(c.netlist.instances.map((i) => i.name)).toContain('router');
  });

  it('gateway SKUs (dialect C): every defect class of ESCIR.md §8', () => {
    const lite = loadFixture('corpus/industrial/industrial_gateway_lite.escir.yaml').diagnostics;
    const std = loadFixture('corpus/industrial/industrial_gateway_standard.escir.yaml').diagnostics;
    const prem = loadFixture('corpus/industrial/industrial_gateway_premium.escir.yaml').diagnostics;
    const has = (ds: typeof lite, code: string, re: RegExp) => expect(ds.some((d) => d.code === code && re.test(d.message)), `${code} ${re}`).toBe(true);
    has(lite, 'E050', /no instance `router`/);
    has(lite, 'E042', /types differ/);
    has(lite, 'E060', /transport\/tcp_peer/);
    has(std, 'E061', /no config key `priority_levels`/);
    has(std, 'E061', /no config key `change_detection`/);
    has(std, 'E063', /config array `devices` .* holds 10; `limits.max_devices` is 50/);
    has(std, 'W065', /exposes no ports/);
    has(prem, 'W064', /`modbus_clients` .* like inherited `modbus_pool`/);
    has(prem, 'E063', /`max_polls_per_second` is 1000; `limits.max_polls_per_second` is 5000/);
    has(prem, 'E060', /redundancy\/hot_standby/);
    expect(lite.filter((d) => d.code === 'E063')).toEqual([]); // the lite arrays hold exactly its limits
    // W064 cites where the renamed pool was declared, in the ancestor's own file.
    const w064 = prem.find((d) => d.code === 'W064')!;
    expect(w064.related![0]!.file).toMatch(/industrial_gateway_lite\.escir\.yaml$/);
  });

  it('the site template: opaque placeholders in template mode, substituted otherwise, E010 for leftovers', () => {
    const f = fixture('corpus/templates/site_gateway.template.yaml');
    expect(checkEscirSource(f.path, f.text).filter((d) => d.severity === 'error')).toEqual([]);
    const subs = { SITE: 'plant7', SKU_TIER: 'standard', DEVICES: 50, POLLS: 1000, VERSION: '1.0.0' };
    const full = checkEscirSource(f.path, f.text, { substitutions: subs });
    expect(full.some((d) => d.code === 'E061')).toBe(true); // the standard parent's defects now apply
    expect(full.some((d) => d.code === 'E010')).toBe(false);
    const partial = checkEscirSource(f.path, f.text, { substitutions: { SITE: 'x', SKU_TIER: 'lite' } });
    expect(partial.filter((d) => d.code === 'E010').map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringContaining('{{POLLS}}'), expect.stringContaining('{{VERSION}}')]));
  });
});
