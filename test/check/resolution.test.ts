import { describe, expect, it } from 'vitest';
import { compile, diags, func, program } from './helpers.ts';

describe('name resolution across files (§10)', () => {
  it('resolves names within the file, then the directory, then the package', () => {
    const pr = program({
      'pkg/a/main.fl': `circuit f() -> u8 { helper() }\n`,
      'pkg/a/near.fl': `circuit helper() -> u8 { 1 }\n`,
      'pkg/b/far.fl': `circuit helper() -> u8 { 2 }\ncircuit only_far() -> u8 { helper() }\n`,
      'pkg/c.fl': `circuit g() -> u8 { only_far() }\n`,
    });
    expect(pr.run('f')).toBe(1n);
    expect(pr.run('g')).toBe(2n);
    // The second declaration of a circuit name gets a unique symbol; the first keeps the name.
    expect(pr.ir.funcs.map((f) => f.name)).toEqual(['f', 'helper', 'helper@far', 'only_far', 'g']);
    expect(func(pr.ir, 'helper@far').sourceName).toBe('helper');
  });

  it('warns about the same circuit name in different files, once, at the later declaration', () => {
    const p = compile({ 'a.fl': `circuit x() -> u8 { 1 }\n`, 'b.fl': `circuit x() -> u8 { 2 }\n` });
    expect(diags(p)).toEqual(["b.fl:1:9: warning: circuit 'x' is also declared in a.fl; each use picks the nearest declaration [FL303]"]);
  });

  it('reports duplicate names in one file as errors and isolates the duplicate', () => {
    const p = compile(`type T = u8\ntype T = u16\ncircuit c() -> u8 { 1 }\ncircuit c() -> u8 { 2 }\ncircuit user() -> u8 { c() }\n`);
    expect(diags(p)).toEqual([
      "main.fl:2:6: error: type 'T' is declared twice in this file [FL301]",
      "main.fl:4:9: error: circuit 'c' is declared twice in this file [FL302]",
    ]);
    expect(func(p.ir, 'c').notCompiled).toBeUndefined();
    expect(func(p.ir, 'c@main').notCompiled?.code).toBe('FL302');
    expect(func(p.ir, 'user').notCompiled).toBeUndefined();
  });

  it('lets explicit imports beat the directory', () => {
    const pr = program({
      'app/main.fl': `import "../lib/fees.fl" { rate }\ncircuit f() -> u32 { rate() }\n`,
      'app/rates.fl': `circuit rate() -> u32 { 1 }\n`,
      'lib/fees.fl': `circuit rate() -> u32 { 2 }\n`,
    });
    expect(pr.run('f')).toBe(2n);
  });

  it('resolves `use m::*`, `use m::{X}`, `use m::X`, module-qualified names and domain modules', () => {
    const pr = program({
      'd/domain.fl': `domain toy.lib {\n  module money from "money/fees.fl"\n}\n`,
      'd/money/fees.fl': `type Amount = u32\nconst BASE: u32 = 7\ncircuit fee(a: Amount) -> Amount { a + BASE }\n`,
      'd/app.fl': `use fees::*\nuse fees::{fee}\nuse fees::Amount\ncircuit g(a: Amount) -> u32 { fees::fee(a) + money::fee(1) + fees::BASE }\n`,
    });
    expect(pr.run('g', [1n])).toBe(23n);
  });

  it('warns about unresolved import, use and domain targets and keeps going', () => {
    const p = compile({
      'x/main.fl': `import "../nowhere/types.fl" { A }\nimport catalog from "lib/catalog"\nuse spaceship::engines::*\ncircuit f() -> u8 { 1 }\n`,
      'x/dom.fl': `domain toy {\n  module gone from "gone.fl"\n}\n`,
    });
    expect(diags(p)).toEqual([
      'x/dom.fl:2:20: warning: domain module \'gone\': file "gone.fl" not found [FL307]',
      'x/main.fl:1:8: warning: import target "../nowhere/types.fl" not found; names resolve across the package anyway [FL305]',
      'x/main.fl:2:21: warning: import target "lib/catalog" not found; names resolve across the package anyway [FL305]',
      "x/main.fl:3:1: warning: use target 'spaceship::engines' is not a file of this package; names resolve across the package anyway [FL306]",
    ]);
  });

  it('notes a .fl/.fld mismatch and uses the file that exists', () => {
    const pr = compile({
      'p/main.fl': `import "types.fl" { Id }\ncircuit f(x: Id) -> Id { x }\n`,
      'p/types.fld': `type Id = bytes(4)\n`,
    });
    expect(diags(pr)).toEqual(['p/main.fl:1:8: note: "types.fl" does not exist; using p/types.fld [FL308]']);
  });

  it('treats an undefined type as opaque any, with one warning per file', () => {
    const p = compile(`circuit f(w: Widget, v: Widget) -> u64 { w.count + v.count }\n`);
    expect(diags(p)).toEqual(["main.fl:1:14: warning: undefined type 'Widget'; it is treated as opaque (any) [FL309]"]);
    expect(func(p.ir, 'f').notCompiled).toBeUndefined();
  });

  it('takes the nearest type declaration; at equal distance the best field match, with a warning', () => {
    const p = compile({
      'm/a.fld': `type Spot = struct { level: u8, bay: u16 }\n`,
      'm/b.fld': `type Spot = struct { floor: u8, slot: u16 }\n`,
      'm/main.fl': `circuit s() -> u8 { let x = Spot { floor: 1, slot: 2 }\n    x.floor }\n`,
      'n/own.fl': `type Spot = struct { zone: u8 }\ncircuit t() -> u8 { Spot { zone: 4 }.zone }\n`,
    });
    expect(diags(p)).toEqual([
      "m/main.fl:1:29: warning: type 'Spot' has 2 different declarations at the same distance; using the one in m/b.fld (best field match) [FL304]",
    ]);
    expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('merges same-named declarations with identical fields into one type', () => {
    const p = compile({
      'a.fl': `type P = struct { x: u8 }\ncircuit mk() -> P { P { x: 1 } }\n`,
      'b.fl': `type P = struct { x: u8 }\ncircuit use_p(p: P) -> u8 { p.x }\ncircuit both() -> u8 { use_p(mk()) }\n`,
    });
    expect(diags(p)).toEqual([]);
    expect(p.ir.types.filter((t) => t.name === 'P')).toHaveLength(1);
  });

  it('errors on unknown names, unknown functions and wrong arity in a body', () => {
    const p = compile(`circuit f(x: u8) -> u8 { x }\ncircuit a() -> u8 { y }\ncircuit b() -> u8 { g(1) }\ncircuit c() -> u8 { f(1, 2) }\n`);
    expect(diags(p)).toEqual([
      "main.fl:2:21: error: unknown name 'y' [FL310]",
      "main.fl:3:21: error: unknown function 'g' [FL311]",
      "main.fl:4:21: error: 'f' takes 1 argument, got 2 [FL312]",
    ]);
  });

  it('resolves bare variants against the expected type first, then all enums with a warning', () => {
    const p = compile(`type A = enum { Red, Green }\ntype B = enum { Green, Blue }\ncircuit a() -> B { Green }\ncircuit b() -> u8 { let g = Green\n    1 }\n`);
    expect(diags(p)).toEqual(["main.fl:4:29: warning: variant 'Green' exists in 2 enums; using A [FL317]"]);
    expect(program(`type A = enum { Red, Green }\ntype B = enum { Green, Blue }\ncircuit a() -> B { Green }\n`).run('a')).toBe(0n);
  });

  it('resolves extern "fl" items to FastLang definitions or builtins, and extern "rust" to host calls', () => {
    const p = compile(`
extern "fl" {
    fn fee(a: u32) -> u32
    fn sha3_256(x: bytes) -> bytes(32)
    fn helper_elsewhere(x: any) -> any
    fn other(a: u8) -> u8;
}
extern "rust" circuit serial_xfer(port: u16, frame: bytes(4)) -> bytes(4)
    lex greenhouse/io/serial
circuit fee(a: u32) -> u32 { a + 1 }
circuit other(a: u32, b: u32) -> u32 { a }
circuit uses(x: u32) -> u32 { fee(x) }
circuit io() -> bytes(4) { serial_xfer(1, 0x01020304) }
`);
    expect(diags(p)).toEqual([
      'main.fl:3:8: note: extern "fl" \'fee\' re-declares the circuit in main.fl [FL315]',
      'main.fl:4:8: note: extern "fl" \'sha3_256\' is the runtime library\'s sha3_256 [FL315]',
      'main.fl:5:8: warning: extern "fl" \'helper_elsewhere\' has no FastLang definition; calls go to the host [FL319]',
      'main.fl:6:8: warning: extern "fl" \'other\' does not match the circuit in main.fl; calls use the circuit [FL316]',
    ]);
    const io = JSON.stringify(func(p.ir, 'io').body, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? 'bytes' : v));
    expect(io).toContain('"e":"host","name":"serial_xfer"');
  });

  it('warns about journeys whose actions or names do not resolve', () => {
    const p = compile({
      'c.fl': `circuit unlock(card: bytes(4)) -> bool { true }\n`,
      'j.flj': `journey ride "Ride"\nparty rider {\n    role: commuter\n    card: bytes(4)\n}\nstep go {\n    actor: rider\n    action: unlock(rider.card, 2)\n    expect: result == ghost\n}\nstep nope {\n    action: teleport(rider)\n}\n`,
    });
    expect(diags(p)).toEqual([
      "j.flj:8:13: warning: 'unlock' takes 1 argument, got 2; the step fails when run [FL313]",
      "j.flj:9:23: warning: undefined name 'ghost' in a journey; the step fails when run [FL313]",
      "j.flj:12:13: warning: journey action 'teleport' is not a known circuit or builtin; the step fails when run [FL313]",
    ]);
  });
});
