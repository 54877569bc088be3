/**
 * The reference interpreter over real lowered code: the runtime end-to-end fixture is
 * compiled by the front end (compiler/pipeline) and every test block runs on the IR
 * interpreter with a fresh host per test, as the test runner does.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RuntimeTrap } from '../../../runtime/errors.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { interpretCall } from '../../../runtime/interp/index.ts';

const fixture = fileURLToPath(new URL('../builtins/fixtures/runtime_e2e/garage.fl', import.meta.url));

describe('interpreter on a compiled FastLang program', () => {
  it('passes the same tests and traps at the same places as the CLI run', async () => {
    const { loadProgram } = await import('../../../compiler/pipeline/program.ts');
    const program = loadProgram([fixture]);
    expect(program.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const outcomes = new Map<string, string>();
    for (const test of program.ir.tests) {
      try {
        interpretCall(program.ir, test.func, [], { host: createHost({ testName: test.name }) });
        outcomes.set(test.name, 'ok');
      } catch (e) {
        if (!(e instanceof RuntimeTrap)) throw e;
        outcomes.set(test.name, `${e.kind} ${e.location?.line}:${e.location?.column} ${e.callStack.join('>')}`);
      }
    }
    for (const name of ['price_one_hour', 'fp_stable', 'emits', 'sig', 'kem_ok', 'fares_ok', 'hex_ok', 'median_ok', 'cbor_ok', 'now_ok', 'fix_ok', 'encode_layout', 'encode_cbor_clause']) {
      expect(outcomes.get(name), name).toBe('ok');
    }
    expect(outcomes.get('expect_div_by_zero')).toBe('div_by_zero 80:11 expect_div_by_zero>split');
    expect(outcomes.get('expect_no_model')).toBe('no_model 86:5 expect_no_model>no_model');
  }, 60_000);
});
