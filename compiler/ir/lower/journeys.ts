/**
 * Journeys (`.flj`, LANGUAGE.md §5.17, §8.10) are run by the test runner, not compiled; the
 * checker resolves their names so problems show up at check time. §10: an unresolved action,
 * a wrong arity or an undefined name is a warning (the step fails when run).
 */
import type { Block, Expr, Stmt } from '../../syntax/ast.ts';
import { BUILTINS } from '../../check/builtins.ts';
import { walkExpr } from '../../check/ast-walk.ts';
import { Codes } from '../../check/codes.ts';
import type { FileInfo, FuncDef } from '../../check/program-index.ts';
import type { ProgramCtx } from './context.ts';

const MAGIC = new Set(['result', 'system', 'no_panic', 'true', 'false']);

export function checkJourneys(prog: ProgramCtx): void {
  for (const file of prog.index.files) {
    if (file.ast.fileKind !== 'flj') continue;
    const known = new Set<string>(MAGIC);
    for (const d of file.ast.decls) {
      if (d.kind === 'Party' || d.kind === 'Fixture') known.add(d.name.name);
      if (d.kind === 'OldJourney') for (const imp of d.imports) for (const n of imp.names) known.add(n.name);
    }
    for (const d of file.ast.decls) {
      if (d.kind === 'Step') {
        if (d.action) checkExpr(prog, file, d.action, known, true);
        for (const e of d.expects) checkExpr(prog, file, e, known, false);
      } else if (d.kind === 'Party' || d.kind === 'Fixture') {
        // A bare identifier value (`role: commuter`) is a symbol, not a reference.
        for (const entry of d.entries) if (entry.value && entry.value.kind !== 'Name') checkExpr(prog, file, entry.value, known, false);
      } else if (d.kind === 'OldJourney') {
        // The older form shares one scope between setup and steps (§8.10 item 5).
        if (d.setup) checkBlock(prog, file, d.setup, known);
        for (const s of d.steps) checkBlock(prog, file, s.body, known);
      }
    }
  }
}

function checkBlock(prog: ProgramCtx, file: FileInfo, b: Block, known: Set<string>): void {
  for (const s of b.stmts) checkStmt(prog, file, s, known);
}

function checkStmt(prog: ProgramCtx, file: FileInfo, s: Stmt, known: Set<string>): void {
  switch (s.kind) {
    case 'Let':
      checkExpr(prog, file, s.value, known, true);
      if (s.name) known.add(s.name.name);
      return;
    case 'Assign':
      checkExpr(prog, file, s.value, known, true);
      return;
    case 'Assert':
      checkExpr(prog, file, s.cond, known, true);
      return;
    case 'ExprStmt':
      checkExpr(prog, file, s.expr, known, true);
      return;
    case 'For':
      checkExpr(prog, file, s.iterable, known, true);
      if (s.binding) known.add(s.binding.name);
      checkBlock(prog, file, s.body, known);
      return;
    case 'While':
      checkExpr(prog, file, s.cond, known, true);
      checkBlock(prog, file, s.body, known);
      return;
    default:
      return;
  }
}

/** `m__step` of a declared state machine: callable like a circuit (LANGUAGE.md §8.9 item 2). */
function isMachineStep(prog: ProgramCtx, name: string): boolean {
  return name.endsWith('__step') && prog.index.machines.has(name.slice(0, -'__step'.length));
}

function findFunc(prog: ProgramCtx, file: FileInfo, name: string): FuncDef | undefined {
  return prog.index.nearest(file, prog.index.funcs.get(name))[0] as FuncDef | undefined;
}

function checkExpr(prog: ProgramCtx, file: FileInfo, e: Expr, known: Set<string>, action: boolean): void {
  const callees = new Set<Expr>();
  const closureParams = new Set<string>();
  walkExpr(e, (x) => {
    if (x.kind === 'Closure') for (const p of x.params) closureParams.add(p.name);
    if (x.kind === 'Call' && x.callee.kind === 'Name') {
      callees.add(x.callee);
      const name = x.callee.name;
      const def = findFunc(prog, file, name);
      if (def) {
        const sig = prog.sigs.get(def);
        if (sig && sig.params.length !== x.args.length) {
          prog.diagnostics.warning(
            Codes.journeyUnresolved,
            `'${name}' takes ${sig.params.length} argument${sig.params.length === 1 ? '' : 's'}, got ${x.args.length}; the step fails when run`,
            x.span,
          );
        }
      } else if (isMachineStep(prog, name)) {
        if (x.args.length !== 2) {
          prog.diagnostics.warning(Codes.journeyUnresolved, `'${name}' takes 2 arguments (state, event), got ${x.args.length}; the step fails when run`, x.span);
        }
      } else if (!BUILTINS.has(name) && name !== 'bytes') {
        prog.diagnostics.warning(
          Codes.journeyUnresolved,
          `${action ? 'journey action' : 'function'} '${name}' is not a known circuit or builtin; the step fails when run`,
          x.callee.span,
        );
      }
    }
  });
  walkExpr(e, (x) => {
    if (x.kind !== 'Name' || callees.has(x) || known.has(x.name) || closureParams.has(x.name)) return;
    if (prog.consts.lookup(file, x.name)) return;
    if (prog.types.defs.some((d) => d.kind === 'enum' && d.variants.some((v) => v.name === x.name))) return;
    if (prog.index.streams.has(x.name) || prog.index.funcs.has(x.name)) return;
    prog.diagnostics.warning(Codes.journeyUnresolved, `undefined name '${x.name}' in a journey; the step fails when run`, x.span);
  });
}
