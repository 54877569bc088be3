import { describe, expect, it } from 'vitest';
import { compile, func } from './helpers.ts';

/** One case per row of the §10 severity table: the severity and code the row demands. */
const ROWS: { row: string; src: string | Record<string, string>; severity: 'error' | 'warning' | 'note'; code: string }[] = [
  { row: 'duplicate type name in one file', src: 'type A = u8\ntype A = u8\n', severity: 'error', code: 'FL301' },
  { row: 'duplicate circuit name in one file', src: 'circuit a() -> u8 { 1 }\ncircuit a() -> u8 { 2 }\n', severity: 'error', code: 'FL302' },
  {
    row: 'same type name in different files (equal distance, different fields)',
    src: { 'a.fld': 'type S = struct { x: u8 }\n', 'b.fld': 'type S = struct { y: u8 }\n', 'c.fl': 'circuit f(s: S) -> u8 { 1 }\n' },
    severity: 'warning',
    code: 'FL304',
  },
  { row: 'same circuit name in different files', src: { 'a.fl': 'circuit a() -> u8 { 1 }\n', 'b.fl': 'circuit a() -> u8 { 2 }\n' }, severity: 'warning', code: 'FL303' },
  { row: 'unresolved import', src: 'import "nope.fl" { X }\n', severity: 'warning', code: 'FL305' },
  { row: 'unresolved use', src: 'use nowhere::*\n', severity: 'warning', code: 'FL306' },
  { row: 'unresolved domain target', src: 'domain d {\n  module m from "m.fl"\n}\n', severity: 'warning', code: 'FL307' },
  { row: '.fl/.fld mismatch', src: { 'a.fl': 'import "t.fl" { T }\n', 't.fld': 'type T = u8\n' }, severity: 'note', code: 'FL308' },
  { row: 'undefined type', src: 'circuit f(x: Nope) -> u8 { 1 }\n', severity: 'warning', code: 'FL309' },
  { row: 'unknown name in a body', src: 'circuit f() -> u8 { nope }\n', severity: 'error', code: 'FL310' },
  { row: 'unknown function in a body', src: 'circuit f() -> u8 { nope() }\n', severity: 'error', code: 'FL311' },
  { row: 'wrong arity in a body', src: 'circuit g(a: u8) -> u8 { a }\ncircuit f() -> u8 { g() }\n', severity: 'error', code: 'FL312' },
  { row: 'journey action unresolved', src: { 'j.flj': 'step s {\n    action: nope(1)\n}\n' }, severity: 'warning', code: 'FL313' },
  { row: 'unresolved predicate name', src: 'circuit f() -> u8\n    invariant { nope > 1 }\n{ 1 }\n', severity: 'warning', code: 'FL314' },
  { row: 'unknown struct-literal field', src: 'type S = struct { a: u8 }\ncircuit f() -> S { S { a: 1, b: 2 } }\n', severity: 'error', code: 'FL404' },
  { row: 'missing struct-literal field', src: 'type S = struct { a: u8, b: u8 }\ncircuit f() -> S { S { a: 1 } }\n', severity: 'warning', code: 'FL405' },
  { row: 'ambiguous variant', src: 'type A = enum { X }\ntype B = enum { X, Y }\ncircuit f() -> u8 { let v = X\n    1 }\n', severity: 'warning', code: 'FL317' },
  { row: 'non-exhaustive match', src: 'circuit f(x: u8) -> u8 { match x { 0 => 1 } }\n', severity: 'warning', code: 'FL407' },
  { row: 'extern "fl" re-declaring a known name', src: 'extern "fl" {\n    fn f() -> u8\n}\ncircuit f() -> u8 { 1 }\n', severity: 'note', code: 'FL315' },
  { row: 'extern "fl" with an incompatible signature', src: 'extern "fl" {\n    fn f(a: u8) -> u8\n}\ncircuit f() -> u8 { 1 }\n', severity: 'warning', code: 'FL316' },
  { row: 'key argument of the wrong size', src: 'circuit f(m: bytes(4), k: bytes(16)) -> bytes(4627) { mldsa_sign(m, k) }\n', severity: 'warning', code: 'FL408' },
  { row: 'encode layout larger than N', src: 'data D : app v1 { a: u64, }\n    encode @ bytes(4) { a @ le }\n', severity: 'warning', code: 'FL419' },
  { row: 'literal too large for bytes(N)', src: 'circuit f() -> bytes(1) { 0x1234 }\n', severity: 'error', code: 'FL414' },
  { row: 'mixed signedness without as', src: 'circuit f(a: i32, b: u32) -> i32 { a + b }\n', severity: 'error', code: 'FL403' },
  { row: 'int/float without as', src: 'circuit f(a: u32, b: f64) -> f64 { a * b }\n', severity: 'error', code: 'FL403' },
  { row: 'failed verify', src: 'state_machine m {\n    initial A\n    verify reachable_all\n    B -> A when e\n}\n', severity: 'error', code: 'FL601' },
];

describe('§10 severity table', () => {
  for (const r of ROWS) {
    it(`${r.row}: ${r.severity} ${r.code}`, () => {
      const p = compile(r.src);
      const d = p.diagnostics.find((x) => x.code === r.code);
      expect(d, `no ${r.code} in ${JSON.stringify(p.diagnostics.map((x) => x.code))}`).toBeDefined();
      expect(d!.severity).toBe(r.severity);
      expect(d!.line).toBeGreaterThanOrEqual(1);
      expect(d!.column).toBeGreaterThanOrEqual(1);
      // A warning or note never stops a circuit from compiling.
      if (r.severity !== 'error') for (const f of p.ir.funcs) expect(f.notCompiled).toBeUndefined();
    });
  }

  it('unknown clause words, misplaced pragmas and unit words never block compilation (parser warnings)', () => {
    const p = compile('/// test golden\ntype T = u8\ncircuit f(x: u8) -> u8\n    @frobnicate 7\n    invariant { x + 1 > 0 bps }\n{ x }\n');
    expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(func(p.ir, 'f').notCompiled).toBeUndefined();
  });
});
