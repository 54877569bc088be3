import { describe, expect, it } from 'vitest';
import { compile, diags, func, program, trapOf } from '../../check/helpers.ts';
import { interpretCall } from '../../../runtime/interp/index.ts';
import { createHost } from '../../../runtime/host/index.ts';

describe('error isolation (§10)', () => {
  it('keeps a circuit with errors in the IR; calling it traps not_compiled quoting its first diagnostic', () => {
    const p = compile(`circuit good(x: u8) -> u8 { x + 1 }\ncircuit bad(x: u8) -> u8 { x + missing }\ncircuit caller(x: u8) -> u8 { if x == 0 { bad(x) } else { good(x) } }\n`);
    expect(diags(p, 'error')).toEqual(["main.fl:2:32: error: unknown name 'missing' [FL310]"]);
    const bad = func(p.ir, 'bad');
    expect(bad.notCompiled).toMatchObject({ code: 'FL310', line: 2, column: 32 });
    expect(bad.params).toHaveLength(1);
    expect(func(p.ir, 'caller').notCompiled).toBeUndefined();
    const run = (name: string, args: bigint[]) => interpretCall(p.ir, name, args, { host: createHost(), fuel: 10_000 });
    expect(run('caller', [4n])).toBe(5n);
    const t = trapOf(() => run('caller', [0n]));
    expect(t.kind).toBe('not_compiled');
    expect(t.message).toBe("bad was not compiled: main.fl:2:32: unknown name 'missing'");
  });

  it('reports every error in every circuit and keeps going', () => {
    const p = compile(`circuit a() -> u8 { x }\ncircuit b() -> u8 { y }\ncircuit c() -> u8 { 300 }\ncircuit d() -> u8 { 4 }\n`);
    expect(diags(p, 'error').map((d) => d.split(': error')[0])).toEqual(['main.fl:1:21', 'main.fl:2:21', 'main.fl:3:21']);
    expect(p.ir.funcs.map((f) => [f.name, f.notCompiled ? 'x' : 'ok'])).toEqual([
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'x'],
      ['d', 'ok'],
    ]);
  });

  it('does not cascade errors from one bad operand', () => {
    const p = compile(`circuit f(a: i64, b: u64) -> u64 { (a + b) * 2 + 1 }\n`);
    expect(diags(p)).toEqual(["main.fl:1:39: error: mixed signedness: i64 and u64 need an explicit 'as' [FL403]"]);
  });

  it('isolates a declaration that contains a parse error', () => {
    const p = compile(`circuit ok() -> u8 { 1 }\ncircuit broken() -> u8 {\n    let x = \n}\ncircuit after() -> u8 { 2 }\n`);
    expect(p.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('FL2'))).toBe(true);
    expect(func(p.ir, 'ok').notCompiled).toBeUndefined();
    expect(func(p.ir, 'after').notCompiled).toBeUndefined();
    const broken = p.ir.funcs.find((f) => f.name === 'broken');
    if (broken) expect(broken.notCompiled).toBeDefined();
  });

  it('never lets unknown clause words or metadata block compilation', () => {
    const pr = program(`circuit f(x: u8) -> u8\n    @mystery_clause 42\n    @precision A\n    @spec GARAGE-LOT-007\n    clock_domain 200mhz\n{ x }\n`);
    expect(pr.run('f', [3n])).toBe(3n);
    expect(func(pr.ir, 'f').attrs).toMatchObject({ precision: 'A', spec: 'GARAGE-LOT-007' });
  });
});
