import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escirFiles } from '../../harness/run/escir.ts';
import { FIXTURES, jsonRunAsync, type JsonReport } from './cli/helpers.ts';

/** Defects the realistic corpus (test/fixtures/corpus) found in the harness. */
describe('corpus regressions: estream test', () => {
  let report: JsonReport;
  beforeAll(async () => {
    ({ report } = await jsonRunAsync(['--runs', '60', join(FIXTURES, 'regressions')]));
  }, 300_000);
  const byName = (name: string) => {
    const t = report.tests.find((x) => x.name === name);
    if (!t) throw new Error(`no test ${name} in ${report.tests.map((x) => x.name).join(', ')}`);
    return t;
  };

  it('a trapping builtin call in a fuzz body yields a zero value and sets the panic flag (§8.8.3)', () => {
    const t = byName('nth_panics_in_body');
    expect(t.status, t.message).toBe('passed');
    expect(t.message).toMatch(/iterations? panicked/);
    const p = byName('nth_panic_is_reported');
    expect(p.status).toBe('failed');
    expect(p.message).toContain('assertion failed (the iteration panicked: index_out_of_bounds');
  });

  it('`no_panic` holds in a test that is not a fuzz test', () => {
    expect(byName('no_panic_outside_fuzz').status).toBe('passed');
  });

  it('a test with a malformed literal fails with its compile error, never with a made-up value', () => {
    const t = byName('bad_literal_is_not_compiled');
    expect(t.status).toBe('failed');
    expect(t.message).toContain('not_compiled');
    expect(t.message).toContain("unknown number suffix 'b0100'");
  });

  it('a bare variant in a journey comparison takes the other side’s enum first (§8.2.3)', () => {
    const t = byName('alarm_enum › raise');
    expect(t.status, t.message).toBe('passed');
  });

  it('a FastLang file named on the command line is never loaded as ESCIR', () => {
    expect(escirFiles([join(FIXTURES, 'regressions', 'regress.fl'), join(FIXTURES, 'regressions')])).toEqual([]);
  });

  it('a journey can call query with a closure, with or without a parameter', () => {
    expect(byName('fills_query › first').status).toBe('passed');
    const t = byName('fills_query › second');
    expect(t.status, t.message).toBe('passed');
  });

  it('a journey reaches declared stores through their methods and the store_* builtins', () => {
    const t = byName('stores_in_journeys › open');
    expect(t.status, t.message).toBe('passed');
  });
});
