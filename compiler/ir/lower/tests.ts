/**
 * Test blocks (LANGUAGE.md §5.16, §8.8) as zero-result `kind: 'test'` functions plus IrTest
 * entries. The variables of `forall`/`fuzz` statements become the test function's
 * parameters (the runner generates them); `assert` traps `assert` in a test.
 */
import type { IrFunc, IrTest, IrType } from '../ir.ts';
import { T } from '../ir.ts';
import type { Block, Param, TestDecl } from '../../syntax/ast.ts';
import type { FileInfo } from '../../check/program-index.ts';
import type { ProgramCtx } from './context.ts';
import { uniqueSymbol } from './context.ts';
import { forEachStmt } from './nil-scan.ts';
import { buildFunction } from './functions.ts';
import { lowerStmts } from './stmt.ts';

/** The generated variables of a test body, in order (`forall a: u16, b: u16 { … }`). */
function generatedVars(body: Block): Param[] {
  const out: Param[] = [];
  forEachStmt(body, (s) => {
    if (s.kind === 'Forall') for (const v of s.vars) if (!out.some((o) => o.name.name === v.name.name)) out.push(v);
  });
  return out;
}

export function symbolSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_]+/g, '_');
}

export function lowerTest(
  prog: ProgramCtx,
  test: TestDecl,
  file: FileInfo,
  inline?: { circuit: string; circuitName: string },
): { func: IrFunc; test: IrTest } {
  const base = inline ? `${inline.circuit}__test_${symbolSafe(test.name)}` : `test__${symbolSafe(test.name)}`;
  const name = uniqueSymbol(prog, base);
  const vars = generatedVars(test.body);
  const inputs: { name: string; type: IrType }[] = [];
  const attrs: Record<string, unknown> = { testKind: test.testKind };
  if (inline) attrs.circuit = inline.circuit;
  const func = buildFunction(prog, {
    name,
    sourceName: test.name,
    kind: 'test',
    mode: 'test',
    file,
    loc: test.span,
    result: T.void,
    declared: T.void,
    exported: true,
    attrs,
    params: (cx) =>
      vars.map((v) => {
        const type = prog.resolver.resolve(v.type, file);
        const local = cx.fb.addLocal(v.name.name, type, true, v.name.span);
        cx.fb.declare(v.name.name, { id: local.id, type });
        inputs.push({ name: v.name.name, type });
        return local.id;
      }),
    body: (cx) => lowerStmts(cx, test.body),
  });
  const irTest: IrTest = { name: test.name, kind: inline ? 'inline' : test.testKind, func: name, inputs, loc: test.span };
  if (inline) {
    irTest.circuit = inline.circuit;
    irTest.testKind = test.testKind;
  }
  return { func, test: irTest };
}
