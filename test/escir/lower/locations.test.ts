/**
 * Locations and witness bindings set by the lowering itself (specs/escir.md §7b): every
 * statement and expression that can trap, every index step and every local of every lowered
 * function carries a span in the circuit's own file; node outputs and state writes are
 * witness bindings; and the spans are the parts of the YAML they were lowered from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, SourceFile, type Span } from '../../../compiler/diagnostics/index.ts';
import type { IrFunc, IrModule } from '../../../compiler/ir/ir.ts';
import { compileEscir } from '../../../compiler/escir/index.ts';
import { fillLoc } from '../../../compiler/escir/lower/locations.ts';

const ROOT = join(import.meta.dirname, '..', '..', 'fixtures');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (name.endsWith('.escir.yaml')) out.push(p);
  }
  return out;
}

function lowered(path: string): IrModule | undefined {
  const file = new SourceFile(relative(process.cwd(), path), readFileSync(path, 'utf8'));
  return compileEscir(file, new DiagnosticBag()).lowering?.module;
}

const LOCATED_STMTS = new Set(['set', 'setPlace', 'push', 'loop', 'trap']);

/** Every part of a function that should carry a span but does not, as `func: what`. */
function unlocated(f: IrFunc, file: string): string[] {
  const missing: string[] = [];
  const check = (what: string, loc: Span | undefined) => {
    if (loc === undefined) missing.push(`${f.name}: ${what}`);
    else if (loc.file.path !== file) missing.push(`${f.name}: ${what} in ${loc.file.path}`);
  };
  check('the function', f.loc);
  for (const l of f.locals) check(`local ${l.name}`, l.loc);
  const stack: unknown[] = [...f.body];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue;
    const n = v as Record<string, unknown>;
    if (n['e'] === 'const') continue;
    if (typeof n['e'] === 'string') check(`expression ${n['e'] as string}`, n['loc'] as Span | undefined);
    else if (typeof n['s'] === 'string' && LOCATED_STMTS.has(n['s'] as string)) check(`statement ${n['s'] as string}`, n['loc'] as Span | undefined);
    else if (n['k'] === 'index') check('index step', n['loc'] as Span | undefined);
    else if (typeof n['s'] !== 'string' && n['k'] !== 'field') continue;
    for (const [key, child] of Object.entries(n)) if (key !== 'type' && key !== 'loc' && child !== null && typeof child === 'object') stack.push(child);
  }
  return missing;
}

describe('the ESCIR lowering locates what it produces', () => {
  const files = [...yamlFiles(join(ROOT, 'escir')), ...yamlFiles(join(ROOT, 'escir-run')), ...yamlFiles(join(ROOT, '..', '..', 'circuits', 'escir'))];

  it('every lowered function, statement, expression and local of every fixture has a span in its file', () => {
    let funcs = 0;
    for (const path of files) {
      const module = lowered(path);
      if (!module) continue;
      const file = relative(process.cwd(), path);
      for (const f of module.funcs) {
        funcs++;
        expect(unlocated(f, file), file).toEqual([]);
      }
      for (const p of module.procs) expect(p.loc?.file.path, `${file}: proc ${p.name}`).toBe(file);
      for (const s of module.streams) expect(s.loc?.file.path, `${file}: stream ${s.name}`).toBe(file);
      for (const m of module.stateMachines) expect(m.loc?.file.path, `${file}: state machine ${m.name}`).toBe(file);
    }
    // The fixtures lower hundreds of functions; a regression that lowers none would pass vacuously.
    expect(funcs).toBeGreaterThan(100);
  });

  it('node outputs and state writes are witness bindings named as the YAML writes them, at their node', () => {
    const path = join(ROOT, 'escir-run', 'located_traps.escir.yaml');
    const module = lowered(path)!;
    const step = module.funcs.find((f) => f.name === 'located_traps.step')!;
    const at = (name: string) => {
      const l = step.locals.find((x) => x.name === name && x.witness);
      expect(l, name).toBeDefined();
      const { line, column } = l!.loc!.file.lineCol(l!.loc!.start);
      return `${line}:${column}`;
    };
    // Node outputs at the node's body (a block scalar: its first line); the register write at its assignment.
    expect(at('quotient.out')).toBe('22:9');
    expect(at('running.out')).toBe('28:9');
    expect(at('acc')).toBe('29:9');
    expect(step.locals.filter((l) => l.witness).map((l) => l.name).sort()).toEqual(['acc', 'quotient.out', 'running.out']);
  });

  it('a division inside a block scalar is located at its own token', () => {
    const path = join(ROOT, 'escir-run', 'located_traps.escir.yaml');
    const module = lowered(path)!;
    const divs: string[] = [];
    for (const f of module.funcs) {
      const stack: unknown[] = [...f.body];
      while (stack.length > 0) {
        const v = stack.pop();
        if (Array.isArray(v)) stack.push(...v);
        else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
          const n = v as Record<string, unknown>;
          if (n['e'] === 'binary' && n['op'] === 'div') {
            const loc = n['loc'] as Span;
            const a = loc.file.lineCol(loc.start);
            divs.push(`${f.name} ${a.line}:${a.column} ${loc.file.text.slice(loc.start, loc.end)}`);
          }
          for (const [key, child] of Object.entries(n)) if (key !== 'type' && key !== 'loc') stack.push(child);
        }
      }
    }
    expect(divs.sort()).toEqual(['located_traps.invariant.0 37:17 acc / limit', 'located_traps.step 23:17 scaled / divisor']);
  });

  it('fillLoc keeps the spans already set and leaves constants alone', () => {
    const file = new SourceFile('x.escir.yaml', 'abcdef');
    const outer: Span = { file, start: 0, end: 6 };
    const inner: Span = { file, start: 2, end: 3 };
    const constant = { e: 'const', value: 1n, type: { k: 'int', bits: 32, signed: false } };
    const own = { e: 'local', id: 0, type: constant.type, loc: inner };
    const stmt = { s: 'set', local: 1, value: { e: 'bin', op: 'add', left: own, right: constant, type: constant.type } };
    fillLoc(stmt, outer);
    expect((stmt as { loc?: Span }).loc).toBe(outer);
    expect((stmt.value as { loc?: Span }).loc).toBe(outer);
    expect(own.loc).toBe(inner);
    expect('loc' in constant).toBe(false);
  });
});
