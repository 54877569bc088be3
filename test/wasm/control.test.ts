import { describe, expect, it } from 'vitest';
import { ModuleBuilder, E, S, T, at } from './ir-builder.ts';
import { build, trapOf } from './helpers.ts';
import { compileModule } from '../../compiler/wasm/index.ts';

function program() {
  const mb = new ModuleBuilder();
  // sum of odd i below n, with continue and break
  mb.func('odd_sum', T.u64, (f) => {
    const n = f.param('n', T.u64);
    const i = f.declare('i', T.u64);
    const acc = f.declare('acc', T.u64);
    f.add(
      S.loop([
        S.set(i, E.bin('add', f.get(i), E.int(1))),
        S.if(E.bin('ge', f.get(i), n), [S.break()]),
        S.if(E.bin('eq', E.bin('rem', f.get(i), E.int(2)), E.int(0)), [S.continue()]),
        S.set(acc, E.bin('add', f.get(acc), f.get(i))),
      ], at(5, 3)),
      S.ret(f.get(acc)),
    );
  });
  mb.func('forever', T.void, (f) => {
    f.add(S.loop([], at(8, 5)));
  });
  mb.func('recurse', T.u64, (f) => {
    const n = f.param('n', T.u64);
    f.add(S.ret(E.call('recurse', [E.bin('add', n, E.int(1))], T.u64)));
  }, { loc: at(40, 1) });
  mb.func('fact', T.u64, (f) => {
    const n = f.param('n', T.u64);
    f.add(S.if(E.bin('le', n, E.int(1)), [S.ret(E.int(1))]));
    f.add(S.ret(E.bin('mul', n, E.call('fact', [E.bin('sub', n, E.int(1))], T.u64), at(41, 9), true)));
  }, { kind: 'helper', exported: false });
  mb.func('block_value', T.u32, (f) => {
    const x = f.param('x', T.u32);
    const t = f.declare('%t', T.u32, false);
    f.add(S.ret({ e: 'block', stmts: [S.set(t, E.bin('mul', x, E.int(2, T.u32)))], value: E.bin('add', f.get(t), E.int(1, T.u32)), type: T.u32 }));
  });
  mb.func('logic', T.bool, (f) => {
    const a = f.param('a', T.bool);
    f.add(S.ret({ e: 'logic', op: 'or', left: a, right: { e: 'trap', kind: 'fail', message: 'evaluated', type: T.bool, loc: at(2, 2) }, type: T.bool }));
  });
  mb.func('require', T.u32, (f) => {
    const x = f.param('x', T.u32);
    f.add(S.if(E.bin('eq', x, E.int(0, T.u32)), [S.trap('require', 'x must be non-zero', at(50, 5))]));
    f.add(S.if(E.bin('gt', x, E.int(9, T.u32)), [S.trap('fail', 'too big', at(51, 5))]));
    f.add(S.ret(x));
  });
  mb.func('no_match', T.u32, (f) => {
    f.param('x', T.u32);
    f.add(S.trap('no_match', 'no arm matched', at(60, 1)));
  });
  mb.func('assert', T.void, (f) => {
    f.add(S.trap('assert', 'assertion failed: total == 3', at(61, 4)));
  }, { kind: 'test' });
  const m = mb.build();
  m.funcs.push({
    ...m.funcs[0]!,
    name: 'broken',
    sourceName: 'broken',
    body: [],
    notCompiled: { severity: 'error', code: 'E0101', message: 'unknown name `q`', file: 'test/prog.fl', line: 70, column: 3, endLine: 70, endColumn: 4 },
  });
  m.funcs.push({ ...m.funcs[0]!, name: 'bad_ir', sourceName: 'bad_ir', body: [S.ret(E.field(E.int(1), 0, T.u8))] });
  return m;
}

describe('control flow, calls and traps', async () => {
  const ir = program();
  const { mod, compiled } = await build(ir);
  it('loops with break and continue', () => {
    expect(mod.callIr('odd_sum', [10n]).value).toBe(1n + 3n + 5n + 7n + 9n);
  });
  it('fuel exhaustion is a located error, not a hang', () => {
    const t = trapOf(() => mod.callIr('forever', [], { fuel: 1000 }));
    expect([t.kind, t.location?.file, t.location?.line, t.location?.column]).toEqual(['fuel', 'test/prog.fl', 8, 5]);
  });
  it('unbounded recursion is stopped', () => {
    const t = trapOf(() => mod.callIr('recurse', [0n]));
    expect(t.kind).toBe('fuel');
    expect(t.callStack[0]).toBe('recurse');
    expect(t.callStack.length).toBeGreaterThan(100);
  });
  it('calls, helpers, and the call stack of a trap', () => {
    expect(mod.callIr('fact', [20n]).value).toBe(2432902008176640000n);
    const t = trapOf(() => mod.callIr('fact', [21n]));
    expect([t.kind, t.location?.line, t.location?.column]).toEqual(['overflow', 41, 9]);
    expect(t.callStack).toEqual(['fact']);
    expect(t.format()).toMatch(/^test\/prog\.fl:41:9: error: overflow:/);
  });
  it('block values and short-circuit logic', () => {
    expect(mod.callIr('block_value', [20n]).value).toBe(41n);
    expect(mod.callIr('logic', [true]).value).toBe(true);
    expect(trapOf(() => mod.callIr('logic', [false])).kind).toBe('fail');
  });
  it('require, fail and no_match trap with their span', () => {
    expect(mod.callIr('require', [5n]).value).toBe(5n);
    const r = trapOf(() => mod.callIr('require', [0n]));
    expect([r.kind, r.message, r.location?.line]).toEqual(['require', 'x must be non-zero', 50]);
    const f = trapOf(() => mod.call('require', [10]));
    expect([f.kind, f.message, f.location?.line]).toEqual(['fail', 'too big', 51]);
    const nm = trapOf(() => mod.callIr('no_match', [1n]));
    expect([nm.kind, nm.location?.line, nm.location?.column]).toEqual(['no_match', 60, 1]);
    const as = trapOf(() => mod.callIr('assert', []));
    expect([as.kind, as.message, as.location?.line]).toEqual(['assert', 'assertion failed: total == 3', 61]);
  });
  it('a declaration with front-end errors traps not_compiled quoting its diagnostic', () => {
    const t = trapOf(() => mod.callIr('broken', [1n]));
    expect(t.kind).toBe('not_compiled');
    expect(t.message).toMatch(/unknown name `q`/);
    expect(t.location?.line).toBe(70);
    expect(compiled.meta.funcs.find((f) => f.name === 'broken')?.compiled).toBe(false);
  });
  it('IR the back end cannot compile becomes a diagnostic and a not_compiled trap, not a crash', () => {
    expect(compiled.meta.diagnostics.map((d) => d.code)).toEqual(['E0601']);
    expect(compiled.meta.diagnostics[0]!.message).toMatch(/bad_ir/);
    expect(compiled.meta.funcs.find((f) => f.name === 'bad_ir')?.compiled).toBe(false);
    expect(trapOf(() => mod.callIr('bad_ir', [1n])).kind).toBe('not_compiled');
    expect(compiled.meta.funcs.filter((f) => f.compiled).length).toBe(ir.funcs.length - 2);
  });
  it('a function whose generated code fails validation is refused alone, silently', async () => {
    const mb = new ModuleBuilder();
    mb.func('small', T.u32, (f) => f.add(S.ret(E.int(1, T.u32))));
    // The call claims u64 but the callee returns u32: this IR is inconsistent, and the
    // generated wasm does not validate.
    mb.func('inconsistent', T.u64, (f) => f.add(S.ret(E.call('small', [], T.u64))), { loc: at(90, 1) });
    mb.func('fine', T.u32, (f) => f.add(S.ret(E.int(7, T.u32))));
    const writes: string[] = [];
    const saved = process.stdout.write;
    process.stdout.write = ((c: string) => (writes.push(String(c)), true)) as typeof process.stdout.write;
    let compiledOk;
    try {
      compiledOk = await compileModule(mb.build(), { optLevel: 1 });
    } finally {
      process.stdout.write = saved;
    }
    expect(writes.join('')).toBe('');
    expect(compiledOk.meta.funcs.map((f) => [f.name, f.compiled])).toEqual([['small', true], ['inconsistent', false], ['fine', true]]);
    expect(compiledOk.meta.diagnostics[0]).toMatchObject({ code: 'E0601', line: 90 });
    const { mod: m } = await build(mb.build());
    expect(m.callIr('fine', []).value).toBe(7n);
    expect(trapOf(() => m.callIr('inconsistent', [])).kind).toBe('not_compiled');
  });
  it('a duplicate function symbol is refused with a diagnostic, not a crash', async () => {
    const mb = new ModuleBuilder();
    mb.func('twin', T.u32, (f) => f.add(S.ret(E.int(1, T.u32))));
    mb.func('twin', T.u32, (f) => f.add(S.ret(E.int(2, T.u32))), { loc: at(77, 1) });
    const { mod: m, compiled: c } = await build(mb.build());
    expect(c.meta.diagnostics.map((d) => [d.code, d.line])).toEqual([['E0601', 77]]);
    expect(m.callIr('twin', []).value).toBe(1n);
  });
  it('tolerates values where the IR says void', async () => {
    const mb = new ModuleBuilder();
    mb.func('loose', T.u32, (f) => {
      const sink = f.declare('%sink', T.void, false);
      f.add(S.set(sink, E.int(5, T.u32)));
      f.add(S.expr({ e: 'if', cond: E.bool(true), then: E.int(1, T.u32), else: E.int(2, T.u32), type: T.void }));
      f.add(S.expr({ e: 'block', stmts: [], value: E.int(3, T.u32), type: T.void }));
      f.add(S.ret(E.int(9, T.u32)));
    });
    const { mod: m, compiled: c } = await build(mb.build());
    expect(c.meta.diagnostics).toEqual([]);
    expect(m.callIr('loose', []).value).toBe(9n);
  });
  it('identical IR and options give identical bytes at every level, and every level validates', async () => {
    for (const optLevel of [0, 1, 2, 3] as const) {
      const a = await compileModule(program(), { optLevel });
      const b = await compileModule(program(), { optLevel });
      expect(Buffer.from(a.wasm).equals(Buffer.from(b.wasm))).toBe(true);
      expect(JSON.stringify(a.meta)).toBe(JSON.stringify(b.meta));
      const { mod: m } = await build(program(), optLevel);
      expect(m.callIr('odd_sum', [10n]).value).toBe(25n);
    }
  });
});
