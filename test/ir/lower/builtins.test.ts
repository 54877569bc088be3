import { sha3_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { bytes, codes, compile, diags, func, program, trapOf, utf8 } from '../../check/helpers.ts';
import type { IrExpr, IrStmt } from '../../../compiler/ir/ir.ts';

function allExprs(stmts: IrStmt[]): IrExpr[] {
  const out: IrExpr[] = [];
  const visitE = (e: IrExpr): void => {
    out.push(e);
    for (const v of Object.values(e)) {
      if (v && typeof v === 'object' && 'e' in v) visitE(v as IrExpr);
      if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'e' in x) visitE(x as IrExpr); else if (x && typeof x === 'object' && 's' in x) visitS(x as IrStmt);
    }
  };
  const visitS = (s: IrStmt): void => {
    for (const v of Object.values(s)) {
      if (v && typeof v === 'object' && 'e' in v) visitE(v as IrExpr);
      if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 's' in x) visitS(x as IrStmt); else if (x && typeof x === 'object' && 'e' in x) visitE(x as IrExpr);
    }
  };
  stmts.forEach(visitS);
  return out;
}

describe('builtins (§9)', () => {
  it('hashes the canonical encoding (pure builtin)', () => {
    const pr = program(`
circuit h(s: string) -> bytes(32) { sha3_256(s) }
circuit h2(s: string) -> bytes(32) { hash(s) }
`);
    expect(pr.run('h', ['abc'])).toEqual(sha3_256(utf8('abc')));
    expect(pr.run('h2', ['abc'])).toEqual(sha3_256(utf8('abc')));
    expect(allExprs(func(pr.ir, 'h2').body).some((e) => e.e === 'builtin' && e.name === 'sha3_256')).toBe(true);
  });

  it('lowers core builtins to IR nodes: len, min, max, equal, some, nth', () => {
    const pr = program(`
circuit l(xs: list<u8>, s: string, b: bytes(3)) -> u64 { len(xs) + s.len() + b.len }
circuit m(a: u8, b: u32) -> u32 { min(a, b) + max(a, b) }
circuit e(a: bytes(2), b: bytes(2)) -> bool { equal(a, b) }
circuit n(xs: list<u8>) -> u8 { nth(xs, 1) }
`);
    expect(pr.run('l', [[1n, 2n], 'abc', bytes(1, 2, 3)])).toBe(8n);
    expect(pr.run('m', [3n, 10n])).toBe(13n);
    expect(pr.run('e', [bytes(1, 2), bytes(1, 2)])).toBe(true);
    expect(trapOf(() => pr.run('n', [[1n]])).kind).toBe('index_out_of_bounds');
    expect(allExprs(func(pr.ir, 'l').body).filter((x) => x.e === 'len').length).toBe(3);
  });

  it('wrapping_*, checked_* and saturating_* ignore the overflow mode', () => {
    const pr = program(
      `
circuit w(a: u8, b: u8) -> u8 { wrapping_add(a, b) }
circuit c(a: u8, b: u8) -> option<u8> { checked_mul(a, b) }
circuit s(a: u8, b: u8) -> u8 { saturating_sub(a, b) }
circuit sm(a: i8x, b: i16) -> i16 { saturating_mul(a, b) }
`.replace('i8x', 'i16'),
      { overflowChecks: true },
    );
    expect(pr.run('w', [200n, 100n])).toBe(44n);
    expect(pr.run('c', [16n, 16n])).toBeNull();
    expect(pr.run('c', [3n, 5n])).toEqual({ some: 15n });
    expect(pr.run('s', [1n, 5n])).toBe(0n);
    expect(pr.run('sm', [300n, -300n])).toBe(-32768n);
    expect(pr.run('sm', [3n, 4n])).toBe(12n);
  });

  it('lowers fold, all and query closures to loops', () => {
    const pr = program(`
type Stay = struct { minutes: u32 }
circuit mins(stays: list<Stay>) -> u32 { fold(stays, 0, |acc, s| acc + s.minutes) }
circuit small(xs: list<u8>) -> bool { all(xs, |x| x < 10) }
`);
    expect(pr.run('mins', [[[5n], [7n]]])).toBe(12n);
    expect(pr.run('small', [[1n, 2n]])).toBe(true);
    expect(pr.run('small', [[]])).toBe(true);
    expect(pr.run('small', [[1n, 20n]])).toBe(false);
    expect(codes(compile(`circuit f(xs: list<u8>) -> u8 { let g = |x| x\n    1 }`), 'error')).toEqual(['FL412']);
  });

  it('append and push change the list place; copy assigns the pure result back', () => {
    const pr = program(`
circuit a(xs: list<u8>) -> list<u8> {
    append(xs, 1)
    xs.push(2)
    xs
}
circuit c(dst: bytes(4), src: bytes(2)) -> bytes(4) {
    copy(dst, 1, src, 0, 2)
    dst
}
`);
    expect(pr.run('a', [[0n]])).toEqual([0n, 1n, 2n]);
    expect(pr.run('c', [bytes(9, 9, 9, 9), bytes(1, 2)])).toEqual(bytes(9, 1, 2, 9));
  });

  it('fills bytes(N){v} and builds zero values with bytes(N)', () => {
    const pr = program(`
circuit f(v: u8) -> bytes(3) { bytes(3){v} }
circuit z() -> bytes(2) { bytes(2) }
`);
    expect(pr.run('f', [7n])).toEqual(bytes(7, 7, 7));
    expect(pr.run('z')).toEqual(bytes(0, 0));
  });

  it('gives test_keygen a key bundle that converts to the key the context needs (§8.5.4)', () => {
    const pr = program(`
circuit pk(seed: u64) -> bytes(2592) { test_keygen(seed) }
circuit sign_verify(msg: bytes(8)) -> bool {
    let keys = test_keygen(1568)
    let sig = mldsa_sign(msg, keys)
    mldsa_verify(msg, sig, keys)
}
`);
    expect((pr.run('pk', [1n]) as Uint8Array).length).toBe(2592);
    expect(pr.run('sign_verify', [bytes(1, 2, 3, 4, 5, 6, 7, 8)])).toBe(true);
  });

  it('warns about a key of the wrong size (used as a seed) and rejects bundle sizes that do not exist', () => {
    const p = compile(`
circuit s(msg: bytes(4), sk: bytes(32)) -> bytes(4627) { mldsa_sign(msg, sk) }
circuit b() -> bytes(100) { test_keygen(1) }
`);
    expect(diags(p)).toEqual([
      'main.fl:2:74: warning: expected a ML-DSA-87 secret key (bytes(4896)) or a key bundle, found bytes(32); the value is used as a seed [FL408]',
      'main.fl:3:29: error: body value has type KeyBundle, expected bytes(100): a key bundle converts only to bytes(4896), bytes(2592), bytes(1568), bytes or any [FL408]',
    ]);
  });

  it('lowers effects to host calls: clock, kv, models, domain helpers', () => {
    const pr = program(`
circuit t() -> u64 { current_time() + timestamp() - now() }
circuit kv(k: bytes(4)) -> u64 {
    kv_put(k, 5)
    kv_get(k) as u64
}
`);
    expect(pr.run('t')).toBe(1_700_000_000_000n);
    expect(pr.run('kv', [bytes(1, 2, 3, 4)])).toBe(5n);
    const hosts = allExprs(func(pr.ir, 't').body).filter((e) => e.e === 'host');
    expect(hosts.map((h) => (h as { name: string }).name)).toEqual(['current_time', 'current_time', 'current_time']);
  });

  it('checks builtin arity', () => {
    const p = compile(`circuit h() -> bytes(32) { sha3_256() }\ncircuit c() -> bytes { concat(1) }\n`);
    expect(diags(p, 'error')).toEqual([
      'main.fl:1:28: error: sha3_256() takes 1 argument, got 0 [FL312]',
      'main.fl:2:24: error: concat() takes 2 to 7 arguments, got 1 [FL312]',
    ]);
  });

  it('lets a parameter with a builtin name shadow it as a value', () => {
    const pr = program(`circuit f(hash: bytes(32)) -> bytes(32) { hash }`);
    expect(pr.run('f', [new Uint8Array(32).fill(3)])).toEqual(new Uint8Array(32).fill(3));
  });

  it('calls the pure domain and FIX helpers as builtins', () => {
    const pr = program(`
circuit r(a: string, b: string) -> bytes(32) { resolve(a, b) }
circuit side(s: u32) -> u8 { fix_side_to_data(s) }
`);
    expect((pr.run('r', ['a', 'b']) as Uint8Array).length).toBe(32);
    expect(pr.run('side', [2n])).toBe(1n);
  });
});
