/**
 * The canonical ESCIR circuit of this project and its FastLang twin produce the same
 * outputs on the same inputs (issue 5 "Done means"), over random input sequences.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IrConst } from '../../compiler/ir/ir.ts';
import { loadProgram } from '../../compiler/pipeline/program.ts';
import { interpretCall, interpretStep } from '../../runtime/interp/index.ts';
import { createHost } from '../../runtime/host/host.ts';
import { interpreterExecutor, runEscirTests } from '../../compiler/escir/index.ts';
import { compile } from './helpers.ts';
import { readFileSync } from 'node:fs';

const ROOT = join(import.meta.dirname, '..', '..');
const ESCIR = join(ROOT, 'circuits', 'escir', 'rate_limited_alarm.escir.yaml');
const FASTLANG = join(ROOT, 'circuits', 'rate_limited_alarm.fl');

describe('rate_limited_alarm: ESCIR and FastLang agree', () => {
  const escir = compile(readFileSync(ESCIR, 'utf8'), ESCIR);
  const fl = loadProgram([FASTLANG]);

  it('both compile cleanly', () => {
    expect(escir.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fl.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('the ESCIR tests and invariant pass', async () => {
    const results = runEscirTests(escir.model!, escir.lowering!.graph, await interpreterExecutor(escir.lowering!.module));
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed']);
  });

  it('property: same alarms and suppression counts for any input sequence', () => {
    const module = escir.lowering!.module;
    const proc = module.procs[0]!;
    const host = createHost();
    const step = fc.record({ present: fc.boolean(), sensor: fc.integer({ min: 0, max: 65535 }), milli_c: fc.integer({ min: -30000, max: 30000 }), dtMs: fc.integer({ min: 0, max: 1200 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        let es: IrConst = proc.initialState;
        let fs: IrConst = [0n, 0n, false, 1n, 0n];
        let now = 0n;
        for (const s of steps) {
          now += BigInt(s.dtMs) * 1_000_000n;
          const reading: IrConst = [BigInt(s.sensor), BigInt(s.milli_c)];
          const e = interpretStep(module, proc.name, es, [s.present ? { some: reading } : null], now, { host });
          es = e.state;
          const f = interpretCall(fl.ir, 'rate_limited_alarm_step', [fs, s.present, reading, now], { host }) as IrConst[];
          fs = f[0]!;
          const [eAlarm, eSuppressed] = e.outputs as IrConst[];
          expect(f[1]).toEqual(eAlarm);
          expect(f[2]).toEqual(eSuppressed);
        }
        return true;
      }),
      { numRuns: 80 },
    );
  });
});
