import type { Span } from '../compiler/diagnostics/source.ts';
import { renderDiagnostic, diagnosticAt, diagnosticAtLocation, type SourceLookup } from '../compiler/diagnostics/index.ts';
import { RuntimeTrap, type RuntimeLocation } from '../runtime/errors.ts';
import { JourneyAssertion } from './journey/evaluator.ts';
import { JourneyError } from './journey/values.ts';

/**
 * Turning what went wrong in a test into text: a one-line message and a detail block with a
 * code frame (the renderer of compiler/diagnostics), the values involved and the call stack
 * of circuit names. Runner finding codes are FL8xx (specs/testing.md §Failure codes).
 */
export const FailureCodes = {
  assertion: 'FL801',
  trap: 'FL802',
  clause: 'FL803',
  golden: 'FL804',
  journey: 'FL805',
  property: 'FL806',
  verify: 'FL807',
  load: 'FL808',
} as const;

/** A clause (`invariant`, `property`, data `@invariant`) that did not hold after a call. */
export class ClauseViolation extends Error {
  constructor(
    readonly clause: string,
    readonly label: string,
    readonly circuit: string,
    readonly location: RuntimeLocation | undefined,
    readonly values: string[] = [],
  ) {
    super(`${clause} ${label ? `'${label}' ` : ''}of ${circuit} does not hold`);
    this.name = 'ClauseViolation';
  }
}

/** An `assert` in a test block that failed, with the operand values the harness captured. */
export class AssertionFailure extends Error {
  constructor(
    message: string,
    readonly location: RuntimeLocation | undefined,
    readonly expression: string | undefined,
    readonly values: string[] = [],
    readonly callStack: string[] = [],
  ) {
    super(message);
    this.name = 'AssertionFailure';
  }
}

export interface FailureText {
  message: string;
  detail: string;
}

export function spanLocation(span: Span): RuntimeLocation {
  const s = span.file.lineCol(span.start);
  const e = span.file.lineCol(Math.max(span.end, span.start));
  return { file: span.file.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

export function frameAt(code: string, message: string, loc: RuntimeLocation | undefined, lookup: SourceLookup): string {
  if (!loc) return message;
  return renderDiagnostic(diagnosticAtLocation('error', code, message, loc), lookup);
}

export function frameAtSpan(code: string, message: string, span: Span, lookup: SourceLookup): string {
  return renderDiagnostic(diagnosticAt('error', code, message, span), lookup);
}

function stackLine(stack: readonly string[]): string | undefined {
  const collapsed = stack.filter((s, i) => i === 0 || s !== stack[i - 1]);
  return collapsed.length > 0 ? `call stack: ${collapsed.join(' → ')}` : undefined;
}

/** Describes any error a test raised; unknown errors are reported as runner errors, never thrown. */
export function describeFailure(e: unknown, lookup: SourceLookup): FailureText {
  if (e instanceof AssertionFailure) {
    const head = e.expression ? `${e.message}: ${e.expression}` : e.message;
    const parts = [frameAt(FailureCodes.assertion, head, e.location, lookup), ...e.values];
    const stack = stackLine(e.callStack);
    if (stack && e.callStack.length > 1) parts.push(stack);
    return { message: head, detail: parts.join('\n') };
  }
  if (e instanceof ClauseViolation) {
    const parts = [frameAt(FailureCodes.clause, e.message, e.location, lookup), ...e.values];
    return { message: e.message, detail: parts.join('\n') };
  }
  if (e instanceof RuntimeTrap) {
    const head = `${e.kind}: ${e.message}`;
    const parts = [frameAt(FailureCodes.trap, head, e.location, lookup)];
    const stack = stackLine(e.callStack);
    if (stack) parts.push(stack);
    const where = e.location ? ` at ${e.location.file}:${e.location.line}:${e.location.column}` : '';
    return { message: `${head}${where}`, detail: parts.join('\n') };
  }
  if (e instanceof JourneyAssertion) {
    const parts = [frameAtSpan(FailureCodes.assertion, e.message, e.span, lookup), ...e.values];
    return { message: e.message, detail: parts.join('\n') };
  }
  if (e instanceof JourneyError) {
    const detail = e.span ? frameAtSpan(FailureCodes.journey, e.message, e.span, lookup) : e.message;
    return { message: e.message, detail };
  }
  const err = e as Error;
  const message = `internal error in the test runner: ${err?.message ?? String(e)}`;
  return { message, detail: process.env.ESTREAM_DEBUG && err?.stack ? `${message}\n${err.stack}` : message };
}
