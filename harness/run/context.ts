import type { SourceLookup } from '../../compiler/diagnostics/index.ts';
import type { IrConst, IrFunc, IrModule } from '../../compiler/ir/ir.ts';
import type { SourceFileAst } from '../../compiler/syntax/ast.ts';
import { RuntimeTrap } from '../../runtime/errors.ts';
import { createHost, type Host } from '../../runtime/host/index.ts';
import { toJson } from '../../runtime/values/index.ts';
import type { Engine } from '../exec/engine.ts';
import { OPERANDS_EFFECT, type AssertSite } from '../exec/instrument-asserts.ts';
import { NO_PANIC_EFFECT } from '../exec/instrument-fuzz.ts';
import { RunState } from '../exec/run-state.ts';
import { AssertionFailure, spanLocation } from '../failure.ts';
import type { RunOptions } from '../model.ts';
import type { ClauseChecker } from '../clauses/checker.ts';

/** Everything the test kinds need about one compiled program. */
export interface ProgramContext {
  /** The module the engine runs (with test instrumentation). */
  module: IrModule;
  asts: readonly SourceFileAst[];
  engine: Engine;
  lookup: SourceLookup;
  display(path: string): string;
  assertSites: Map<string, AssertSite>;
  clauses: ClauseChecker;
  options: RunOptions;
  funcByName: Map<string, IrFunc>;
}

/**
 * A fresh host for one test (LANGUAGE.md §8.4.3: fresh stores, the injected clock, the RNG
 * seeded with the test name), with the harness's own effects registered.
 */
export function newTestHost(ctx: ProgramContext, testName: string, state: RunState): Host {
  const host = createHost({ testName, streams: ctx.module.streams });
  host.registerHelper(OPERANDS_EFFECT, (args, call) => {
    state.operands = { site: String(args[0]), values: args.slice(1), types: call.argTypes.slice(1) };
    return null;
  });
  // `no_panic` (§8.8.3) reads this run's panic flag; outside a fuzz iteration nothing sets it.
  host.registerHelper(NO_PANIC_EFFECT, () => !state.panicked);
  ctx.clauses.register(host, state);
  return host;
}

/**
 * Calls a function of the program from the harness. Its header clauses are checked by the
 * instrumented code itself (clauses/checker.ts), so harness calls and nested calls are alike.
 */
export function callChecked(ctx: ProgramContext, func: IrFunc, args: IrConst[], host: Host, state: RunState): IrConst {
  const value = ctx.engine.call(func.name, args, host);
  if (state.violation) throw state.violation;
  return value;
}

/**
 * Rewrites what a test raised into the failure the user should see: a clause violation
 * recorded by the clause checker, an assert with its captured operand values, or the error
 * itself.
 */
export function explainError(ctx: ProgramContext, e: unknown, state: RunState): unknown {
  if (state.violation) return state.violation;
  if (e instanceof RuntimeTrap && (e.kind === 'assert' || e.kind === 'require')) {
    // Operands count only when they were captured at the assert that trapped.
    const candidate = state.operands ? ctx.assertSites.get(state.operands.site) : undefined;
    const sameSite = candidate?.loc && e.location ? sameLocation(spanLocation(candidate.loc), e.location) : candidate !== undefined;
    const captured = sameSite ? state.operands : undefined;
    const site = sameSite ? candidate : undefined;
    const loc = e.location ?? (site?.loc ? spanLocation(site.loc) : undefined);
    const expression = site?.loc ? sourceText(site.loc) : loc ? lineTextAt(ctx, loc.file, loc.line, loc.column) : undefined;
    const values: string[] = [];
    if (captured && site) {
      const show = (i: number) => {
        try {
          return JSON.stringify(toJson(captured.values[i]!, captured.types[i]!, ctx.module.types));
        } catch {
          return String(captured.values[i]);
        }
      };
      values.push(`left:  ${show(0)}`, `right: ${show(1)}`);
    }
    const what = e.kind === 'assert' ? 'assertion failed' : 'require failed';
    // The statement text may carry the user's message: `require c, "msg"`.
    let expr = expression;
    let userMessage: string | undefined;
    const m = expr !== undefined ? /^(.*?),\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(expr) : null;
    if (m) {
      expr = m[1]!.trim();
      userMessage = m[2]!;
    }
    // The trap's own message, when it says more than "assert failed: <expression>".
    const trapText = e.message.replace(/^(assert(ion)?|require)( failed)?:?\s*/i, '').trim();
    if (!userMessage && trapText && expr !== undefined && !expr.startsWith(trapText) && !trapText.startsWith(expr)) userMessage = trapText;
    if (!userMessage && trapText && expr === undefined) userMessage = trapText;
    const message = userMessage ? `${what} (${userMessage})` : what;
    return new AssertionFailure(message, loc, expr, values, e.callStack);
  }
  return e;
}

function sameLocation(a: { file: string; line: number; column: number }, b: { file: string; line: number; column: number }): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The source text of a span on one line, without a leading `assert`/`require` keyword. */
function sourceText(span: { file: { text: string }; start: number; end: number }): string {
  let text = span.file.text.slice(span.start, span.end);
  const nl = text.indexOf('\n');
  if (nl >= 0) text = text.slice(0, nl);
  return text.replace(/^(assert|require)\s+/, '').trim();
}

function lineTextAt(ctx: ProgramContext, file: string, line: number, column: number): string | undefined {
  const text = ctx.lookup(file);
  if (text === undefined) return undefined;
  const l = text.split('\n')[line - 1];
  if (l === undefined) return undefined;
  return l.slice(Math.max(0, column - 1)).replace(/\r$/, '').replace(/^(assert|require)\s+/, '').trim();
}
