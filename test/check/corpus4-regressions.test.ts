import { describe, expect, it } from 'vitest';
import { codes, diags, program } from './helpers.ts';

/** Tolerance defects the fourth corpus (test/fixtures/corpus4) found in name resolution. */
describe('same-named types at equal distance: each struct literal picks by its own fields (§10)', () => {
  // Two `Reading`s in sibling directories, one file (a third sibling) building both.
  const SRC = {
    'pkg/types/gw.fld': 'type Reading = struct { register: bytes(4), raw: list<u16>, scaled: i64 }\n',
    'pkg/alarms/al.fld': 'type Reading = struct { register: bytes(4), value: i64, at_ms: u64 }\n',
    'pkg/tests/t.fl': `circuit alarm_value(v: i64) -> i64 {
    let r = Reading { register: "flow", value: v, at_ms: 1 }
    r.value
}
circuit gw_value(w: u16) -> i64 {
    let r = Reading { register: "flow", raw: [w], scaled: w as i64 * 10 }
    r.scaled + len(r.raw) as i64
}
`,
  };

  it('both literals compile and read their own fields', () => {
    const p = program(SRC);
    expect(diags(p.p, 'error')).toEqual([]);
    expect(codes(p.p, 'warning')).toContain('FL304');
    expect(p.run('alarm_value', [-7n])).toBe(-7n);
    expect(p.run('gw_value', [25n])).toBe(251n);
  });

  it('a literal naming only shared fields still takes the file-wide best match', () => {
    const p = program({
      ...SRC,
      'pkg/tests/u.fl': `circuit shared() -> bytes(4) {
    let r = Reading { register: "x", .. }
    let s = Reading { register: "y", value: 2, at_ms: 3 }
    r.register
}
`,
    });
    expect(diags(p.p, 'error')).toEqual([]);
  });
});
