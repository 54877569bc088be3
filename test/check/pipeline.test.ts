import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCircuitSymbol } from '../../compiler/ir/lower/index.ts';
import { printModule } from '../../compiler/ir/print.ts';
import { compileSources, loadProgram } from '../../compiler/pipeline/program.ts';

describe('compiler/pipeline/program.ts', () => {
  it('turns unreadable paths into diagnostics, never exceptions', () => {
    const p = loadProgram(['/definitely/not/here.fl']);
    expect(p.diagnostics.map((d) => d.code)).toEqual(['FL9001']);
    expect(p.ir.funcs).toEqual([]);
  });

  it('loads a directory tree as one program, with the directory as package root', () => {
    const root = mkdtempSync(join(tmpdir(), 'estream-prog-'));
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'lib', 'money.fld'), 'type Cents = u64\n');
    writeFileSync(join(root, 'lib', 'fees.fl'), 'circuit fee(c: Cents) -> Cents { c / 10 }\n');
    writeFileSync(join(root, 'main.fl'), 'import fees from "lib/fees"\ncircuit total(c: Cents) -> Cents { c + fees::fee(c) }\n');
    writeFileSync(join(root, 'notes.txt'), 'not a source file');
    const p = loadProgram([root]);
    expect(p.diagnostics).toEqual([]);
    expect(p.files.map((f) => f.path.slice(root.length + 1))).toEqual(['lib/fees.fl', 'lib/money.fld', 'main.fl']);
    expect(p.ir.funcs.map((f) => f.name)).toEqual(['fee', 'total']);
  });

  it('applies overflow checks per file when given a function', () => {
    const p = compileSources(
      [
        { path: 'money/a.fl', text: 'circuit a(x: u8) -> u8 { x + 1 }\n' },
        { path: 'ui/b.fl', text: 'circuit b(x: u8) -> u8 { x + 1 }\n' },
      ],
      { overflowChecks: (file) => file.startsWith('money/') },
    );
    expect(p.ir.funcs.map((f) => [f.name, f.overflowChecks])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('finds a circuit symbol by source name, preferring the given file', () => {
    const p = compileSources([
      { path: 'a.fl', text: 'circuit x() -> u8 { 1 }\n' },
      { path: 'b.fl', text: 'circuit x() -> u8 { 2 }\n' },
    ]);
    expect(findCircuitSymbol(p.ir, 'x')).toBe('x');
    expect(findCircuitSymbol(p.ir, 'x', 'b.fl')).toBe('x@b');
    expect(findCircuitSymbol(p.ir, 'nope')).toBeUndefined();
  });

  it('prints the IR deterministically, with or without locations', () => {
    const src = [{ path: 'm.fl', text: 'type P = struct { a: u8 }\ncircuit f(p: P) -> u8 {\n    let q = p.a + 1\n    q\n}\n' }];
    const a = printModule(compileSources(src).ir);
    expect(printModule(compileSources(src).ir)).toBe(a);
    expect(a).toContain('func f($0 p: P#2) -> u8 circuit exported overflow=wrap @m.fl:2:9');
    expect(a).toContain('local $1 q: u8 witness');
    expect(a).toContain('$1 = (add u8 (field 0 u8 $0) (const u8 1) @m.fl:3:17) @m.fl:3:5');
    expect(printModule(compileSources(src).ir, { locations: false })).not.toContain('@m.fl');
  });
});
