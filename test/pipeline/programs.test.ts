import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverPrograms, sourceTreeRoot } from '../../compiler/pipeline/programs.ts';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'estream-programs-'));
  mkdirSync(join(root, 'pkg', 'circuits'), { recursive: true });
  mkdirSync(join(root, 'pkg', 'journeys'), { recursive: true });
  mkdirSync(join(root, 'loose'), { recursive: true });
  writeFileSync(join(root, 'pkg', 'estream-component.toml'), '[component]\n');
  writeFileSync(join(root, 'pkg', 'circuits', 'a.fl'), 'circuit a() -> u8 { 1 }\n');
  writeFileSync(join(root, 'pkg', 'journeys', 'j.flj'), 'journey j "t"\n');
  writeFileSync(join(root, 'loose', 'b.fl'), 'circuit b() -> u8 { 2 }\n');
  writeFileSync(join(root, 'loose', 'c.fld'), 'type C = u8\n');
  writeFileSync(join(root, 'loose', 'notes.txt'), 'not a source\n');
  return root;
}

describe('program discovery (specs/testing.md §Discovery)', () => {
  it('a file inside a package loads the whole package but selects only that file', () => {
    const root = tree();
    const { programs, diagnostics } = discoverPrograms([join(root, 'pkg', 'journeys', 'j.flj')]);
    expect(diagnostics).toEqual([]);
    expect(programs).toHaveLength(1);
    expect(programs[0]!.root).toBe(join(root, 'pkg'));
    expect(programs[0]!.files.map((f) => f.slice(f.indexOf('pkg')))).toEqual(['pkg/circuits/a.fl', 'pkg/journeys/j.flj']);
    expect(programs[0]!.selected.map((f) => f.slice(f.indexOf('pkg')))).toEqual(['pkg/journeys/j.flj']);
  });
  it('paths of one program are grouped and compiled once; loose directories are their own program', () => {
    const root = tree();
    const { programs } = discoverPrograms([join(root, 'pkg', 'circuits'), join(root, 'pkg', 'journeys'), join(root, 'loose')]);
    expect(programs.map((p) => p.root)).toEqual([join(root, 'pkg'), join(root, 'loose')]);
    expect(programs[0]!.selected).toHaveLength(2);
    expect(programs[1]!.files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(['b.fl', 'c.fld']);
  });
  it('outside a package, a file named alone belongs to the source tree above it (same program as the tree run)', () => {
    const root = mkdtempSync(join(tmpdir(), 'estream-programs-'));
    mkdirSync(join(root, 'plant', 'ops'), { recursive: true });
    mkdirSync(join(root, 'plant', 'tests'), { recursive: true });
    writeFileSync(join(root, 'plant', 'types.fld'), 'type Zone = u8\n');
    writeFileSync(join(root, 'plant', 'ops', 'vents.fl'), 'circuit v() -> u8 { 1 }\n');
    writeFileSync(join(root, 'plant', 'tests', 't.fl'), 'test golden g { assert v() == 1 }\n');
    const cwd = process.cwd();
    let alone, subdir, whole;
    try {
      // the climb stays inside the working directory
      process.chdir(root);
      alone = discoverPrograms([join(root, 'plant', 'tests', 't.fl')]).programs;
      subdir = discoverPrograms([join(root, 'plant', 'tests')]).programs;
      whole = discoverPrograms([join(root, 'plant')]).programs;
    } finally {
      process.chdir(cwd);
    }
    for (const ps of [alone, whole]) {
      expect(ps).toHaveLength(1);
      expect(ps[0]!.root).toBe(join(root, 'plant'));
      expect(ps[0]!.files.map((f) => f.slice(f.indexOf('plant')))).toEqual(['plant/ops/vents.fl', 'plant/tests/t.fl', 'plant/types.fld']);
    }
    // a directory named explicitly is still its own program
    expect(subdir!.map((p) => p.root)).toEqual([join(root, 'plant', 'tests')]);
    expect(alone[0]!.selected.map((f) => f.slice(f.indexOf('plant')))).toEqual(['plant/tests/t.fl']);
    // the climb stops below a directory that holds no sources of its own
    expect(sourceTreeRoot(join(root, 'plant', 'ops'), root)).toBe(join(root, 'plant'));
    // and never leaves the boundary (a loose source in a shared parent is not pulled in)
    writeFileSync(join(root, 'loose.fl'), 'circuit loose() -> u8 { 0 }\n');
    expect(sourceTreeRoot(join(root, 'plant', 'ops'), join(root, 'plant'))).toBe(join(root, 'plant'));
    expect(sourceTreeRoot(join(root, 'plant', 'ops'), root)).toBe(root);
  });
  it('reports unreadable paths as diagnostics, not exceptions', () => {
    const { programs, diagnostics } = discoverPrograms(['/definitely/not/here']);
    expect(programs).toEqual([]);
    expect(diagnostics[0]!.message).toContain('no such file or directory');
  });
});
