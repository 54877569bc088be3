/**
 * Test helpers: compile FastLang snippets through the real pipeline (parser → checker →
 * lowering) and run the resulting IR on the reference interpreter.
 */
import { compileSources, type LoadedProgram } from '../../compiler/pipeline/program.ts';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import type { IrConst, IrFunc, IrModule } from '../../compiler/ir/ir.ts';
import { createHost, type Host } from '../../runtime/host/index.ts';
import { interpretCall } from '../../runtime/interp/index.ts';
import type { ProgramOptions } from '../../compiler/pipeline/program.ts';
import { wellFormedProblems } from '../ir/well-formed.ts';
import { printFunc } from '../../compiler/ir/print.ts';

export type Sources = string | Record<string, string>;

/** Compiles through the real pipeline; the IR must be well formed whatever the diagnostics. */
export function compile(src: Sources, options: ProgramOptions = {}): LoadedProgram {
  const files = typeof src === 'string' ? { 'main.fl': src } : src;
  const sorted = Object.keys(files).sort();
  const p = compileSources(
    sorted.map((path) => ({ path, text: files[path]! })),
    options,
  );
  const problems = wellFormedProblems(p.ir);
  if (problems.length > 0) throw new Error('ill-formed IR:\n' + problems.join('\n'));
  return p;
}

/** `file:line:col: severity: message [code]` lines, for assertions. */
export function diags(p: LoadedProgram, severity?: Diagnostic['severity']): string[] {
  return p.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
}

export function codes(p: LoadedProgram, severity?: Diagnostic['severity']): string[] {
  return p.diagnostics.filter((d) => !severity || d.severity === severity).map((d) => d.code);
}

export function errors(p: LoadedProgram): Diagnostic[] {
  return p.diagnostics.filter((d) => d.severity === 'error');
}

export function func(m: IrModule, name: string): IrFunc {
  const f = m.funcs.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name} in ${m.funcs.map((x) => x.name).join(', ')}`);
  return f;
}

/** Compiles (expecting no errors) and returns a runner for the module's functions. */
export function program(src: Sources, options: ProgramOptions = {}) {
  const p = compile(src, options);
  const errs = errors(p);
  if (errs.length > 0) throw new Error('unexpected errors:\n' + diags(p, 'error').join('\n'));
  return {
    p,
    ir: p.ir,
    run(name: string, args: IrConst[] = [], host: Host = createHost()): IrConst {
      return interpretCall(p.ir, name, args, { host, fuel: 1_000_000 });
    },
  };
}

/** Runs and returns the thrown RuntimeTrap (fails if nothing is thrown). */
export function trapOf(fn: () => unknown): { kind: string; message: string; location?: { file: string; line: number; column: number } } {
  try {
    fn();
  } catch (e) {
    return e as { kind: string; message: string; location?: { file: string; line: number; column: number } };
  }
  throw new Error('expected a trap');
}

export const bytes = (...xs: number[]) => new Uint8Array(xs);
export const utf8 = (s: string) => new TextEncoder().encode(s);

/** The type a local of `fn` was given, from the printed IR (`local $n name: T`). */
export function localType(src: Sources, fn: string, local: string): string {
  const p = program(src);
  const text = printFunc(func(p.ir, fn), p.ir.types);
  const line = text.split('\n').find((l) => new RegExp(`local \\$\\d+ ${local}: `).test(l));
  if (!line) throw new Error(`no local ${local} in\n${text}`);
  return line.replace(/.*: /, '').replace(/ witness$/, '');
}
