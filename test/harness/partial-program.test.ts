import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../harness/model.ts';
import { runTests } from '../../harness/run/run-tests.ts';

/**
 * A program where half the circuits do not compile still runs every other test on wasm
 * (LANGUAGE.md §10 error isolation), and a trap in the code under test reports the span of
 * the operation that trapped.
 */
const SRC = `type Fee = struct { cents: u32, days: u16 }
circuit good_fee(days: u16) -> Fee { Fee { cents: days as u32 * 25, days: days } }
circuit bad_type(days: u16) -> Fee { Fee { cents: days, days: "x" } }
circuit bad_call(days: u16) -> u32 { no_such_helper(days) }
circuit per_day(total: u32, days: u32) -> u32 {
    let each = total / days
    each
}
circuit uses_bad(d: u16) -> u32 { bad_call(d) + 1 }
test golden good_one { assert good_fee(4).cents == 100 }
test golden calls_bad_type { assert bad_type(1).days == 1 }
test golden calls_bad_indirectly { assert uses_bad(2) == 3 }
test golden traps_at_the_operator { assert per_day(10, 0) == 0 }
test golden still_runs_after { assert per_day(10, 5) == 2 }
`;
const JOURNEY = `journey "mixed" {
    step "fine" { assert good_fee(1).cents == 25 }
    step "broken" { assert bad_call(1) == 0 }
    step "never" { assert true }
}
`;

describe('a half-broken program', () => {
  let summary: RunSummary;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-partial-'));
    writeFileSync(join(dir, 'fees.fl'), SRC);
    writeFileSync(join(dir, 'mixed.flj'), JOURNEY);
    summary = await runTests([dir], { workers: 1 });
  }, 120_000);
  const get = (name: string) => {
    const t = summary.tests.find((x) => x.name === name);
    if (!t) throw new Error(`no test ${name}: ${summary.tests.map((x) => x.name).join(', ')}`);
    return t;
  };

  it('runs the tests of the circuits that compiled', () => {
    expect(get('good_one').status).toBe('passed');
    expect(get('still_runs_after').status).toBe('passed');
    expect(get('mixed › fine').status).toBe('passed');
  });

  it('fails the tests that reach a broken circuit with not_compiled and its first diagnostic', () => {
    const t = get('calls_bad_type');
    expect(t.status).toBe('failed');
    expect(t.message).toMatch(/not_compiled/);
    expect(t.message).toMatch(/fees\.fl:3:/);
    const indirect = get('calls_bad_indirectly');
    expect(indirect.status).toBe('failed');
    expect(indirect.message).toMatch(/unknown function 'no_such_helper'/);
    expect(get('mixed › broken').status).toBe('failed');
    expect(get('mixed › never').status).toBe('skipped');
  });

  it('a division by zero reports the operator of the circuit under test', () => {
    const t = get('traps_at_the_operator');
    expect(t.status).toBe('failed');
    expect(t.message).toMatch(/^div_by_zero/);
    expect(t.detail).toMatch(/fees\.fl:6:22/);
  });
});
