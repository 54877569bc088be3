import { describe, expect, it } from 'vitest';
import { createHost } from '../../../runtime/host/index.ts';
import { compile, diags, func, program, trapOf } from '../../check/helpers.ts';

const FEES = `
circuit late_fee(days: u16) -> u32 { days as u32 * 25 }
`;

describe('test blocks (§5.16, §8.8)', () => {
  it('lowers golden tests to zero-parameter test functions whose asserts trap assert', () => {
    const pr = program(`${FEES}
test golden late_fee_zero { assert late_fee(0) == 0 }
test golden "wrong" { assert late_fee(1) == 0, "one day costs" }
`);
    expect(pr.ir.tests).toMatchObject([
      { name: 'late_fee_zero', kind: 'golden', func: 'test__late_fee_zero', inputs: [] },
      { name: 'wrong', kind: 'golden', func: 'test__wrong', inputs: [] },
    ]);
    expect(func(pr.ir, 'test__late_fee_zero').kind).toBe('test');
    expect(pr.run('test__late_fee_zero')).toBeNull();
    expect(trapOf(() => pr.run('test__wrong'))).toMatchObject({ kind: 'assert', message: 'one day costs' });
  });

  it('makes forall/fuzz variables the test function parameters', () => {
    const pr = program(`${FEES}
test property "fee_is_monotone" {
    forall a: u16, b: u16 { assert a > b || late_fee(a) <= late_fee(b) }
}
test fuzz "fee_total" {
    fuzz days: u16, tier: u8 { let f = late_fee(days)
        assert no_panic }
}
`);
    expect(pr.ir.tests.map((t) => [t.kind, t.inputs.map((i) => i.name)])).toEqual([
      ['property', ['a', 'b']],
      ['fuzz', ['days', 'tier']],
    ]);
    expect(pr.run('test__fee_is_monotone', [3n, 5n])).toBeNull();
    // §8.8.3: `no_panic` reads the test host's panic flag, so it lowers to a host read.
    const host = createHost();
    let flag = true;
    host.registerHelper('no_panic', () => flag);
    expect(pr.run('test__fee_total', [3n, 1n], host)).toBeNull();
    flag = false;
    expect(trapOf(() => pr.run('test__fee_total', [3n, 1n], host))).toMatchObject({ kind: 'assert' });
  });

  it('attaches inline header tests to their circuit', () => {
    const pr = program(`
circuit open_gate(lane: u8) -> bool
    test golden "lane_zero" { assert open_gate(0) == true }
{ lane < 8 }
`);
    expect(pr.ir.tests).toMatchObject([{ name: 'lane_zero', kind: 'inline', testKind: 'golden', circuit: 'open_gate' }]);
    expect(pr.run(pr.ir.tests[0]!.func)).toBeNull();
  });

  it('marks /// test golden and golden_test circuits (a misplaced pragma is the parser\'s warning)', () => {
    const p = compile(`/// test golden\ncircuit a() -> u8 { 1 }\ncircuit b() -> u8\n    golden_test\n{ 2 }\n/// test golden\ntype T = u8\n`);
    expect(func(p.ir, 'a').attrs.golden_test).toBe(true);
    expect(func(p.ir, 'b').attrs.golden_test).toBe(true);
    expect(diags(p).filter((d) => d.includes('test golden'))).toHaveLength(1);
  });

  it('rejects forall outside a test', () => {
    expect(diags(compile(`circuit f() -> u8 {\n    forall a: u8 { assert a == a }\n    1\n}\n`), 'error')).toEqual([
      "main.fl:2:5: error: 'forall' is only allowed in a test [FL501]",
    ]);
  });
});
