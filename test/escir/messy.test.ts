/**
 * Messy legacy files (test/fixtures/escir/messy): every dialect written the way real exports
 * are — doubled keys, anchors and merge keys, CRLF + BOM, tabs in block scalars, YAML 1.1
 * words, quoted numbers, hex strings, elided and Python-like bodies, placeholder ROMs, unknown
 * future keys and a wrong type for nearly every key. Each loads, compiles and runs its tests
 * without throwing, every finding is located, and the documented codes land on the right token.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEscirSource, compileEscirSource, testEscirSource } from '../../compiler/escir/index.ts';
import { fixture, FIXTURES } from './helpers.ts';

const DIR = join(FIXTURES, 'messy');
const FILES = readdirSync(DIR).filter((f) => /\.(escir|flir|template)\.yaml$/.test(f)).sort();

/** `line:col CODE pointer` of every finding with one of `codes`. */
function at(rel: string, codes: string[], mode: 'check' | 'compile' = 'check'): string[] {
  const f = fixture(`messy/${rel}`);
  const ds = mode === 'check' ? checkEscirSource(f.path, f.text) : compileEscirSource(f.path, f.text).diagnostics;
  return ds.filter((d) => codes.includes(d.code)).map((d) => `${d.line}:${d.column} ${d.code} ${d.pointer ?? ''}`);
}

describe('messy legacy files', () => {
  it('every file checks, compiles and tests without throwing; every finding is located inside the file', async () => {
    expect(FILES.length).toBeGreaterThanOrEqual(7);
    for (const name of FILES) {
      const f = fixture(`messy/${name}`);
      const lines = f.text.split('\n').length;
      const all = [checkEscirSource(f.path, f.text), compileEscirSource(f.path, f.text).diagnostics, (await testEscirSource(f.path, f.text)).diagnostics];
      for (const ds of all) {
        expect(ds.length, name).toBeGreaterThan(0);
        for (const d of ds) {
          expect([name, d.code, d.line >= 1 && d.line <= lines, d.column >= 1, typeof d.pointer]).toEqual([name, d.code, true, true, 'string']);
          expect(d.code, name).toMatch(/^[EW]\d{3}$/);
        }
      }
    }
  });

  it('documented keys never give unknown-key noise; only the invented ones do', () => {
    const unknown = FILES.flatMap((n) => at(n, ['W022', 'E022']).map((x) => `${n} ${x}`));
    expect(unknown).toEqual(['reefer_bridge.escir.yaml 121:7 W022 /compute/nodes/10/qubits']);
  });

  it('dialect B: doubled version, YAML 1.1 features, bodies kept as text, located at their token', () => {
    const rel = 'reefer_bridge.escir.yaml';
    expect(at(rel, ['W001', 'W035', 'W058', 'W055', 'E050', 'E051', 'E070'])).toEqual([
      '7:1 W001 /version',
      '87:9 W035 /compute/nodes/1/operation',
      '94:34 W058 /compute/nodes/2/operation',
      '107:9 W055 /compute/nodes/6/operation',
      '127:14 E050 /compute/flows/4',
      '128:13 E051 /compute/flows/5',
      '139:18 E070 /tests/2/steps/0/expect/no_such_port',
      '145:48 W035 /invariants/1/formula',
    ]);
    // Anchors, aliases and merge keys (a merged timer inherits its params), yes/on words.
    expect(at(rel, ['W003']).length).toBe(10);
    // Quoted numbers in numeric params are read; a string where a list belongs is not.
    expect(at(rel, ['E021'])).toEqual(['118:13 E021 /compute/nodes/9/skip', '120:13 E021 /compute/nodes/10/type', '136:12 E021 /tests/1/steps']);
    // Lowering: † codes become errors, declarative keys W090, and E099 says what lowered.
    const lowered = at(rel, ['E035', 'E058', 'E055', 'E099'], 'compile');
    expect(lowered).toEqual(['5:1 E099 ', '87:9 E035 /compute/nodes/1/operation', '94:34 E058 /compute/nodes/2/operation', '107:9 E055 /compute/nodes/6/operation', '145:48 E035 /invariants/1/formula']);
  });

  it('dialect A with CRLF and a BOM: positions count lines and columns as written', () => {
    const f = fixture('messy/pain_parser.escir.yaml');
    expect(f.text.startsWith('\ufeff') && f.text.includes('\r\n')).toBe(true);
    expect(at('pain_parser.escir.yaml', ['E078', 'W055', 'E030', 'E042', 'W076'])).toEqual([
      '52:23 E030 /components/0/uses/2/type',
      '60:16 W055 /components/0/process',
      '83:43 E078 /components/2/initial_data/3/path_hash',
      '90:15 W055 /components/4/process',
      '98:5 E042 /connections/4',
      '103:11 W076 /test_vectors/0/name',
      '109:11 W076 /test_vectors/1/name',
    ]);
    // The executable part (the ROM) still lowers.
    const c = compileEscirSource(f.path, f.text);
    expect(c.lowering!.module.attrs.loweredComponents).toEqual(['schema_rom']);
  });

  it('dialect C: an inheriting composite with wrong types, `remove`, quoted counts and bad wires', () => {
    expect(at('plant_gateway_plus.escir.yaml', ['E021', 'E035', 'E050', 'E060', 'E062', 'W064'])).toEqual([
      '4:10 E050 /extends',
      '4:10 E062 /extends',
      '4:10 E062 /extends',
      '7:18 E021 /limits/max_registers',
      '8:15 E021 /limits/max_alarms',
      '9:25 E021 /limits/max_polls_per_second',
      '11:17 E050 /remove/1',
      '16:9 W064 /composition/1/id',
      '20:14 E060 /composition/2/circuit',
      '22:14 E021 /composition/3/circuit',
      '23:16 E021 /composition/3/instances',
      '24:13 E021 /composition/3/config',
      '25:15 E021 /composition/3/bindings',
      '26:5 E021 /composition/4',
      '30:5 E062 /wiring/1',
      '31:5 E050 /wiring/2',
      '32:12 E021 /wiring/3/from',
      '32:20 E021 /wiring/3/to',
      '33:12 E050 /wiring/4/from',
      '33:54 E021 /wiring/4/convert',
    ]);
    // The base's quoted `max_devices: "16"` and `instances: "8"` are numbers: the capacity check runs.
    expect(at('plant_gateway_base.escir.yaml', ['E063'])).toEqual(['28:5 E063 /composition/1', '36:36 E063 /composition/2/config/max_polls_per_second']);
  });

  it('canonical: a wrong type for each key is one located E021 (no duplicate for name/version)', () => {
    const found = at('wrong_types_canonical.escir.yaml', ['E021']);
    expect(found.filter((x) => x.endsWith(' /name') || x.endsWith(' /version'))).toEqual(['4:7 E021 /name', '5:10 E021 /version']);
    expect(found.length).toBe(20);
  });

  it('a template with placeholders in bodies, params, flows and test values checks clean; compile refuses with E099', () => {
    expect(at('probe_guard.template.yaml', ['E010', 'E021', 'E033', 'E035', 'E040', 'E071'])).toEqual([]);
    expect(at('probe_guard.template.yaml', ['E099'], 'compile')).toEqual(['2:1 E099 /name']);
  });

  it('dialect B graph defects: each documented code once, at its token (flow strings included)', () => {
    expect(at('door_controller.escir.yaml', ['W054', 'W058', 'E042', 'W057', 'E033', 'E053', 'W081', 'E052', 'W072'])).toEqual([
      '38:45 W054 /compute/nodes/0/operation',
      '42:7 W058 /compute/nodes/2/operations',
      '45:69 E042 /compute/nodes/3/into',
      '47:26 W057 /compute/nodes/5/type',
      '48:23 W054 /compute/nodes/6/type',
      '50:46 E033 /compute/nodes/8/timeout_ms',
      '52:12 E053 /compute/nodes/10/id',
      '54:48 W081 /compute/nodes/12/operation',
      '57:27 E042 /compute/edges/1',
      '59:22 E042 /compute/edges/3',
      '59:22 E052 /compute/edges/3',
      '61:15 E042 /compute/edges/5',
      '68:18 W072 /tests/0/steps/1/expect/timeout.expired',
    ]);
  });

  it('FLIR: a doubled `format` is E001 (only `version` may be doubled); a quoted enum value is read', () => {
    expect(at('probe_guard_flat.flir.yaml', ['E001', 'E041'])).toEqual(['3:1 E001 /format']);
  });
});
