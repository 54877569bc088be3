/**
 * End-to-end tests of `estream check` and `estream parse`, run as a user would run them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/estream.js');
const FIXTURES = join(REPO, 'test/fixtures/fastlang');

function estream(args: string[], cwd = REPO): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'estream-check-'));
  mkdirSync(join(work, 'src/nested'), { recursive: true });
  writeFileSync(join(work, 'src/good.fl'), 'type A = u8\ncircuit f(x: u8) -> u8 { x }\n');
  writeFileSync(join(work, 'src/nested/bad.fl'), 'circuit g() -> u8 {\n    let x =\n}\ntype B = u8\ncircuit h( -> u8 { 1 }\n');
  writeFileSync(join(work, 'src/nested/warn.flj'), 'journey j "t"\n    @mood happy\n');
  writeFileSync(join(work, 'src/notes.txt'), 'not FastLang {{{');
  symlinkSync(join(work, 'missing-target.fl'), join(work, 'src/dangling.fl'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('estream check', () => {
  it('checks the fixture corpus with zero errors (exit 0)', () => {
    const r = estream(['check', '--parse-only', FIXTURES]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toMatch(/^checked \d+ files: 0 errors, 0 warnings/);
  });

  it('prints one JSON object with files, counts and timings', () => {
    const r = estream(['check', '--parse-only', '--json', '--timings', join(work, 'src/good.fl'), join(work, 'src/nested')]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      files: { path: string; diagnostics: { code: string; line: number; column: number; severity: string; endLine: number; endColumn: number }[] }[];
      errors: number;
      warnings: number;
      timings: Record<string, number>;
    };
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(report.files.map((f) => f.path.split('/').slice(-2).join('/'))).toEqual(['src/good.fl', 'nested/bad.fl', 'nested/warn.flj']);
    expect(report.files[1]!.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:1 FL202', '5:12 FL201']);
    expect(report.files[2]!.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning FL210']);
    expect([report.errors, report.warnings]).toEqual([2, 1]);
    expect(Object.keys(report.timings)).toEqual(expect.arrayContaining(['collect', 'read', 'parse', 'total']));
  });

  it('shows each diagnostic with file:line:col and a code frame, then a summary (exit 1)', () => {
    const r = estream(['check', join(work, 'src/nested/bad.fl')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("bad.fl:3:1: error: expected an expression, found '}' [FL202]");
    expect(r.stdout).toMatch(/3 \| }\n\s+\| \^/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stdout.trim().split('\n').pop()).toBe('checked 1 file: 2 errors, 0 warnings');
  });

  it('walks directories for .fl/.fld/.flj only, reporting unreadable entries (exit 2)', () => {
    const r = estream(['check', '--parse-only', '--json', join(work, 'src')]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string }[] }[] };
    const names = report.files.map((f) => f.path.split('/').pop());
    expect(names).not.toContain('notes.txt');
    expect(report.files.find((f) => f.path.endsWith('dangling.fl'))?.diagnostics.map((d) => d.code)).toEqual(['FL9001']);
  });

  it('reports a path that does not exist as a diagnostic, never a stack trace (exit 2)', () => {
    const r = estream(['check', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('no/such/dir:1:1: error: cannot read file: no such file or directory [FL9001]');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('prints phase times with --timings', () => {
    const r = estream(['check', '--parse-only', '--timings', join(work, 'src/good.fl')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n {2}parse +\d+\.\d ms\n/);
  });

  it('explains itself with --help', () => {
    const r = estream(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--parse-only');
    expect(r.stdout).toContain('Exit status');
  });
});

describe('estream parse', () => {
  it('dumps the AST as JSON with spans as positions', () => {
    const r = estream(['parse', join(work, 'src/good.fl'), '--ast-json']);
    expect(r.code).toBe(0);
    const ast = JSON.parse(r.stdout) as { kind: string; decls: { kind: string; span: { line: number; column: number } }[] };
    expect(ast.kind).toBe('File');
    expect(ast.decls.map((d) => `${d.kind}@${d.span.line}:${d.span.column}`)).toEqual(['TypeDecl@1:1', 'Circuit@2:1']);
  });

  it('prints tokens and an outline, with diagnostics on stderr', () => {
    const tokens = estream(['parse', '--tokens', join(work, 'src/good.fl')]);
    expect(tokens.stdout.split('\n')[0]).toBe('1:1^ Kw_type "type"');
    const outline = estream(['parse', join(work, 'src/nested/bad.fl')]);
    expect(outline.code).toBe(1);
    expect(outline.stdout).toBe('1:1 ErrorDecl\n4:1 TypeDecl B\n5:1 ErrorDecl\n');
    expect(outline.stderr).toContain('[FL202]');
  });
});
