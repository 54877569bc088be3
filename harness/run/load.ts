import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { IrModule } from '../../compiler/ir/ir.ts';
import type { SourceFileAst } from '../../compiler/syntax/ast.ts';

/** A program as the compiler front end gives it to the harness. */
export interface LoadedProgram {
  asts: SourceFileAst[];
  ir: IrModule;
  diagnostics: Diagnostic[];
  /** Source text by path, for code frames. */
  sources: Map<string, string>;
}

/**
 * Loads a program with the front end (`compiler/pipeline/program.ts`: parse, resolve, check,
 * lower). The harness compiles each program once, whatever number of tests it holds.
 */
export async function loadProgramForTests(files: string[], options: { overflowChecks?: boolean; root?: string }): Promise<LoadedProgram> {
  const { loadProgram } = await import('../../compiler/pipeline/program.ts');
  const program = loadProgram(files, {
    overflowChecks: options.overflowChecks === true,
    ...(options.root !== undefined ? { root: options.root } : {}),
  });
  const sources = new Map<string, string>();
  for (const f of program.files) sources.set(f.path, f.source.text);
  return { asts: program.files.map((f) => f.ast), ir: program.ir, diagnostics: program.diagnostics, sources };
}
