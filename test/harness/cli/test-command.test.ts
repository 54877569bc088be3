import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { estream, estreamAsync, FIXTURES, jsonRun, jsonRunAsync, scratchCopy, type CliRun, type JsonReport } from './helpers.ts';

const SLOW = 300_000;

const byName = (r: JsonReport, name: string) => {
  const t = r.tests.find((x) => x.name === name);
  if (!t) throw new Error(`no test ${name} in ${r.tests.map((x) => x.name).join(', ')}`);
  return t;
};

describe('estream test: test blocks', () => {
  let run: CliRun;
  let report: JsonReport;
  beforeAll(async () => {
    ({ run, report } = await jsonRunAsync([join(FIXTURES, 'basic')]));
  }, SLOW);

  it('exits 1 when a test fails and prints exactly the JSON schema', () => {
    expect(run.status).toBe(1);
    expect(Object.keys(report)).toEqual(['tests', 'passed', 'failed', 'skipped']);
    for (const t of report.tests) {
      expect(Object.keys(t)).toEqual(['name', 'kind', 'file', 'line', 'status', 'durationMs', 'message']);
      expect(typeof t.durationMs).toBe('number');
      expect(typeof t.message).toBe('string');
    }
    expect(report.passed + report.failed + report.skipped).toBe(report.tests.length);
  });

  it('passes passing asserts', () => {
    expect(byName(report, 'late_fee_zero')).toMatchObject({ kind: 'golden', status: 'passed', line: 33 });
    expect(byName(report, 'late_fee_week').status).toBe('passed');
  });

  it('reports a failed assert with the expression, both values and a code frame', () => {
    const t = byName(report, 'late_fee_wrong');
    expect(t.status).toBe('failed');
    expect(t.message).toContain('assertion failed: late_fee(3) == 70');
    expect(t.message).toContain('left:  75');
    expect(t.message).toContain('right: 70');
    expect(t.message).toMatch(/fees\.fl:41:\d+: error: assertion failed/);
    expect(t.message).toContain('|     assert late_fee(3) == 70');
  });

  it('reports a trap in the code under test with its span and call stack', () => {
    const t = byName(report, 'split_by_zero');
    expect(t.status).toBe('failed');
    expect(t.message).toContain('div_by_zero');
    expect(t.message).toMatch(/fees\.fl:11:\d+/);
    expect(t.message).toMatch(/call stack: .*split_fee/);
  });

  it('reports require inside nested circuits with the call stack of circuit names', () => {
    const t = byName(report, 'billed_too_late');
    expect(t.status).toBe('failed');
    expect(t.message).toContain('more than a year late');
    expect(t.message).toMatch(/call stack: .*billed → checked_fee/);
  });

  it('runs inline header tests attached to their circuit', () => {
    expect(byName(report, 'capped_fee › cap_applies')).toMatchObject({ kind: 'inline', status: 'passed' });
    expect(byName(report, 'capped_fee › cap_not_hit').status).toBe('passed');
  });

  it('text output ends with exactly "N passed, N failed"', () => {
    const text = estream(['test', join(FIXTURES, 'basic')]);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toBe(`${report.passed} passed, ${report.failed} failed`);
    expect(text.stdout).toMatch(/✓ late_fee_zero \[golden\]/);
    expect(text.stdout).toMatch(/✗ late_fee_wrong \[golden\]/);
    expect(text.status).toBe(1);
  }, SLOW);

  it('--filter, --list and --bail', () => {
    const f = jsonRun(['--filter', 'late_fee', join(FIXTURES, 'basic')]).report;
    expect(f.tests.map((t) => t.name).sort()).toEqual(['late_fee_week', 'late_fee_wrong', 'late_fee_zero']);
    const listed = estream(['test', '--list', join(FIXTURES, 'basic')]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('[golden]  late_fee_zero');
    const bail = jsonRun(['--bail', join(FIXTURES, 'basic')]).report;
    expect(bail.failed).toBe(1);
    expect(bail.skipped).toBeGreaterThan(0);
    expect(bail.tests.filter((t) => t.status === 'skipped').every((t) => t.message === 'skipped by --bail')).toBe(true);
  }, SLOW);

  it('rejects bad input with exit 2 and no stack trace', () => {
    const missing = estream(['test', join(FIXTURES, 'nope')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file or directory');
    const bad = estream(['test', '--runs', 'many', join(FIXTURES, 'basic')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, SLOW);
});

describe('estream test: golden snapshots', () => {
  it('fails when missing, creates with --update-golden, then compares', () => {
    const dir = scratchCopy('golden');
    const first = jsonRun([dir]).report;
    expect(byName(first, 'price_stay')).toMatchObject({ kind: 'snapshot', status: 'failed' });
    expect(byName(first, 'price_stay').message).toContain('is missing');
    expect(existsSync(join(dir, '__golden__'))).toBe(false);

    const update = jsonRun(['--update-golden', dir]);
    expect(update.run.status).toBe(0);
    const snap = join(dir, '__golden__', 'garage.price_stay.json');
    expect(readFileSync(snap, 'utf8')).toBe('{\n  "minutes": 0,\n  "cents": 0,\n  "covered": false\n}\n');
    const gate = JSON.parse(readFileSync(join(dir, '__golden__', 'garage.gate_code.json'), 'utf8')) as string[];
    expect(gate).toHaveLength(2);
    expect(gate[0]).toMatch(/^0x[0-9a-f]{64}$/);

    const again = jsonRun([dir]);
    expect(again.run.status).toBe(0);
    expect(byName(again.report, 'price_stay').status).toBe('passed');

    // a different result fails with the differing path
    writeFileSync(snap, '{\n  "minutes": 0,\n  "cents": 5,\n  "covered": false\n}\n');
    const diff = jsonRun([dir]).report;
    expect(byName(diff, 'price_stay').status).toBe('failed');
    expect(byName(diff, 'price_stay').message).toContain('$.cents: expected 5, got 0');

    // update rewrites it; the bytes are deterministic
    jsonRun(['--update-golden', dir]);
    expect(readFileSync(snap, 'utf8')).toBe('{\n  "minutes": 0,\n  "cents": 0,\n  "covered": false\n}\n');
  }, SLOW);
});

describe('estream test: property and fuzz tests', () => {
  let report: JsonReport;
  beforeAll(async () => {
    ({ report } = await jsonRunAsync([join(FIXTURES, 'property')]));
  }, SLOW);

  it('passes a true property and prints its seed', () => {
    const t = byName(report, 'fee_is_monotone');
    expect(t).toMatchObject({ kind: 'property', status: 'passed' });
    expect(t.message).toMatch(/^100 runs, seed -?\d+$/);
  });

  it('shrinks a failing property to its smallest counterexample, printed as JSON with the seed', () => {
    const t = byName(report, 'max_is_upper_bound');
    expect(t.status).toBe('failed');
    expect(t.message).toContain('"a":1001');
    expect(t.message).toMatch(/seed: -?\d+ \(reproduce with --seed -?\d+/);
  });

  it('fuzz: passes when nothing panics, fails on a panic with no_panic', () => {
    expect(byName(report, 'fee_never_panics')).toMatchObject({ kind: 'fuzz', status: 'passed' });
    const t = byName(report, 'ratio_panics');
    expect(t.status).toBe('failed');
    expect(t.message).toContain('div_by_zero');
    expect(t.message).toContain('"b":0');
  });

  it('fuzz: a panicking call yields a zero value and the body goes on (§8.8.3)', () => {
    const t = byName(report, 'ratio_panic_yields_zero');
    expect(t.status, t.message).toBe('passed');
    expect(t.message).toMatch(/iterations? panicked \(the trapping calls yielded zero values\)/);
  });

  it('--seed and --runs are honoured and reproducible', () => {
    const a = jsonRun(['--seed', '7', '--runs', '20', '--filter', 'fee_is_monotone', join(FIXTURES, 'property')]).report;
    expect(a.tests[0]!.message).toBe('20 runs, seed 7');
    const b1 = jsonRun(['--seed', '11', '--filter', 'max_is_upper_bound', join(FIXTURES, 'property')]).report;
    const b2 = jsonRun(['--seed', '11', '--filter', 'max_is_upper_bound', join(FIXTURES, 'property')]).report;
    expect(b1.tests[0]!.message.replace(/\d+(\.\d+)? ms/g, '')).toBe(b2.tests[0]!.message.replace(/\d+(\.\d+)? ms/g, ''));
  }, SLOW);
});

describe('estream test: clauses', () => {
  let report: JsonReport;
  beforeAll(async () => {
    ({ report } = await jsonRunAsync([join(FIXTURES, 'clauses')]));
  }, SLOW);
  it('an invariant violation fails the test with the clause name and span', () => {
    const t = byName(report, 'surcharge_breaks_invariant');
    expect(t.status).toBe('failed');
    expect(t.message).toContain("invariant 'not_above_price' of surcharge does not hold");
    expect(t.message).toMatch(/clauses\.fl:9:\d+/);
    expect(t.message).toContain('result: 220');
  });
  it('holding invariants and false monitors do not fail', () => {
    expect(byName(report, 'discount_ok').status).toBe('passed');
    expect(byName(report, 'discount_monitored').status).toBe('passed');
  });
});

describe('estream test: state machine claims', () => {
  let report: JsonReport;
  beforeAll(async () => {
    ({ report } = await jsonRunAsync([join(FIXTURES, 'machines')]));
  }, SLOW);
  it('reports each claim as a test', () => {
    for (const c of ['deadlock_free', 'reachable_all', 'terminal_convergence']) {
      expect(byName(report, `loan_flow › ${c}`)).toMatchObject({ kind: 'verify', status: 'passed' });
    }
  });
  it('failing claims carry a counterexample', () => {
    expect(byName(report, 'stuck_flow › deadlock_free').message).toContain('OPEN --hold--> HELD');
    expect(byName(report, 'stuck_flow › terminal_convergence').message).toContain('OPEN --hold--> HELD');
    expect(byName(report, 'orphan_flow › reachable_all').message).toContain('B cannot be reached from A');
  });
});

describe('estream test: journeys', () => {
  let report: JsonReport;
  let text: CliRun;
  beforeAll(async () => {
    [{ report }, text] = await Promise.all([jsonRunAsync([join(FIXTURES, 'journeys')]), estreamAsync(['test', join(FIXTURES, 'journeys')])]);
  }, SLOW);
  it('runs the newer form: result chaining, first failure stops, rest skipped', () => {
    expect(byName(report, 'bike_checkout › unlock')).toMatchObject({ kind: 'journey', status: 'passed' });
    expect(byName(report, 'bike_checkout › dock').status).toBe('passed');
    const wrong = byName(report, 'bike_checkout › wrong_total');
    expect(wrong.status).toBe('failed');
    expect(wrong.message).toContain('left:  350');
    expect(byName(report, 'bike_checkout › never_runs')).toMatchObject({ status: 'skipped', message: 'step wrong_total failed' });
  });
  it('runs the older form with a shared setup scope', () => {
    expect(byName(report, 'bike_checkout_legacy › setup').status).toBe('passed');
    expect(byName(report, 'bike_checkout_legacy › unlock').status).toBe('passed');
    expect(byName(report, 'bike_checkout_legacy › dock').status).toBe('passed');
  });
  it('prints journey metrics in the text output', () => {
    expect(text.stdout).toMatch(/metrics: step_count=3, latency_ms=[\d.]+, docks_used=0/);
  });
});

describe('estream test: data invariants, property clauses, indeterminate predicates', () => {
  let text: CliRun;
  beforeAll(async () => {
    text = await estreamAsync(['test', join(FIXTURES, 'clauses')]);
  }, SLOW);
  it('checks them after each call', () => {
    expect(text.stdout).toMatch(/✗ reading_breaks_data_invariant \[golden\].*invariant 'sane_temperature' of Reading does not hold/);
    expect(text.stdout).toMatch(/✗ single_exit_broken \[golden\].*property 'single_exit' of exits_for does not hold/);
    expect(text.stdout).toMatch(/✓ single_exit_holds \[golden\]/);
    expect(text.stdout).toMatch(/note: invariant 'uses_unknown' of exits_for is indeterminate/);
    expect(text.stdout.trimEnd().split('\n').pop()).toBe('4 passed, 3 failed');
  });
});
