import { describe, expect, it } from 'vitest';
import { compile, diags, func, program } from '../../check/helpers.ts';

describe('clause metadata and declarations carried as attrs (§8.7)', () => {
  it('records header clauses the same with and without @ (§4)', () => {
    const src = (at: string) => `
circuit f(x: u8) -> u8
    ${at}lex garage/billing
    ${at}attested true
    ${at}critical_path
    ${at}observe metrics: [seen]
    ${at}rbac [attendant, admin]
    ${at}witness threshold(2, 3)
    ${at}precision C
{ x }
`;
    const a = func(program(src('@')).ir, 'f').attrs;
    const b = func(program(src('')).ir, 'f').attrs;
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      lex: 'garage/billing',
      attested: true,
      critical_path: true,
      rbac: ['attendant', 'admin'],
      witness_threshold: { k: 2, n: 3 },
      precision: 'C',
      observe: { metrics: ['seen'] },
    });
  });

  it('takes the file default lex from /// govern lex and the preamble', () => {
    expect(func(program(`/// govern lex esn/garage/core\ncircuit f() -> u8 { 1 }\n`).ir, 'f').attrs.lex).toBe('garage/core');
    expect(func(program(`lex library/loans\ncircuit f() -> u8 { 1 }\n`).ir, 'f').attrs.lex).toBe('library/loans');
  });

  it('rejects an impossible witness threshold', () => {
    expect(diags(compile(`circuit f() -> u8\n    witness threshold(4, 3)\n{ 1 }\n`), 'error')).toEqual([
      'main.fl:2:5: error: witness threshold(4, 3) needs 1 ≤ k ≤ n [FL418]',
    ]);
  });

  it('puts a data encode layout on the struct and warns when it is larger than N', () => {
    const p = compile(`
data Reading : app v1 { station: bytes(32), temp_c10: i16, }
    @encode @ bytes(48) { station @ le, temp_c10 @ le, }
    @store kv
data Small : app v1 { a: u64, b: u64, }
    encode @ bytes(8) { a @ be, b @ be = 0x0052, }
`);
    expect(diags(p)).toEqual(['main.fl:6:5: warning: encode layout needs 16 bytes but is declared bytes(8); serialize traps [FL419]']);
    const reading = p.ir.types.find((t) => t.name === 'Reading');
    expect(reading).toMatchObject({ kind: 'struct', encode: { size: 48, fields: [{ field: 'station', index: 0, endian: 'le' }, { field: 'temp_c10', index: 1 }] } });
    expect((p.ir.attrs.data as Record<string, unknown>).Reading).toMatchObject({ keyword: 'data', category: 'app', version: 'v1' });
  });

  it('keeps transactions (running their emit clauses) and metadata-only declarations', () => {
    const pr = program(`
type Shift = struct { id: u32, total: u64 }
type Settled = struct { shift_id: u32, total_cents: u64 }
stream ledger_events: event<Settled>
transaction settle_shift(shift: Shift)
    lex bakery/ledger/settle
    timeout 45s
    emit ledger_events Settled { shift_id: shift.id, total_cents: shift.total }
cloud bakery_cloud
    @status production
{ region eu_west
  entrypoint settle_shift }
platform bakery_line v1 {
    group ovens [proofer, oven_a]
    @target edge_box
}
`);
    const t = func(pr.ir, 'settle_shift');
    expect(t.attrs).toMatchObject({ transaction: true, lex: 'bakery/ledger/settle' });
    expect(pr.run('settle_shift', [[1n, 2n]])).toBeNull();
    expect(Object.keys(pr.ir.attrs).sort()).toEqual(['cloud', 'platform', 'streams']);
  });
});
