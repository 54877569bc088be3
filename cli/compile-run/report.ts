/**
 * Text output shared by `compile`, `run` and `witness`: diagnostics with code frames, runtime
 * traps in the `file:line:col: error: kind: message` form (LANGUAGE.md §8.3.5) with a code
 * frame and the circuit call stack, and short renderings of values.
 */
import type { Diagnostic, LineLocation } from '../../compiler/diagnostics/index.ts';
import type { RuntimeTrap } from '../../runtime/errors.ts';

export interface Output {
  color: boolean;
}

/**
 * Runs slow work, saying what it is on a terminal if it takes longer than half a second
 * (a cached compilation stays silent).
 */
export async function withProgress<T>(message: string, work: () => Promise<T>, enabled = process.stderr.isTTY === true): Promise<T> {
  if (!enabled) return work();
  const timer = setTimeout(() => process.stderr.write(`${message}…\n`), 500);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}

/** Colour only on a terminal, never with NO_COLOR or --no-color. */
export function outputFor(stream: NodeJS.WriteStream, colorFlag: boolean | undefined): Output {
  return { color: colorFlag !== false && stream.isTTY === true && process.env['NO_COLOR'] === undefined };
}

export type SourceTexts = ReadonlyMap<string, string> | ((path: string) => string | undefined);

function lookupOf(sources: SourceTexts): (path: string) => string | undefined {
  return typeof sources === 'function' ? sources : (p) => sources.get(p);
}

/** Every diagnostic with its code frame, blank-line separated; '' when there are none. */
export async function renderAll(diagnostics: readonly Diagnostic[], sources: SourceTexts, out: Output): Promise<string> {
  if (diagnostics.length === 0) return '';
  const { renderDiagnostic } = await import('../../compiler/diagnostics/index.ts');
  const lookup = lookupOf(sources);
  return diagnostics.map((d) => renderDiagnostic(d, lookup, { color: out.color })).join('\n\n') + '\n';
}

/**
 * A located message rendered like a diagnostic but without a `[CODE]` suffix: used for
 * traps and witness differences, whose first line is `file:line:col: error: …`.
 */
export async function renderLocated(
  loc: LineLocation,
  message: string,
  sources: SourceTexts,
  out: Output,
  severity: Diagnostic['severity'] = 'error',
): Promise<string> {
  const { renderDiagnostic, diagnosticAtLocation } = await import('../../compiler/diagnostics/index.ts');
  const text = renderDiagnostic(diagnosticAtLocation(severity, '', message, loc), lookupOf(sources), { color: out.color });
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const rest = nl < 0 ? '' : text.slice(nl);
  // The renderer always appends " [CODE]"; a trap line ends with its message.
  return first.replace(/ \[\]$/, '') + rest;
}

/** A runtime trap: located first line, code frame, then the circuit call stack. */
export async function renderTrap(trap: RuntimeTrap, sources: SourceTexts, out: Output): Promise<string> {
  const lines: string[] = [];
  if (trap.location) lines.push(await renderLocated(trap.location, `${trap.kind}: ${trap.message}`, sources, out));
  else lines.push(`error: ${trap.kind}: ${trap.message}`);
  if (trap.callStack.length > 0) {
    lines.push('call stack (innermost last):');
    for (const name of trap.callStack) lines.push(`  ${name}`);
  }
  return lines.join('\n') + '\n';
}

/** Location object for JSON output. */
export function trapJson(trap: RuntimeTrap): Record<string, unknown> {
  return {
    kind: trap.kind,
    message: trap.message,
    ...(trap.location
      ? {
          file: trap.location.file,
          line: trap.location.line,
          column: trap.location.column,
          endLine: trap.location.endLine ?? trap.location.line,
          endColumn: trap.location.endColumn ?? trap.location.column + 1,
        }
      : {}),
    callStack: trap.callStack,
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function hex(b: Uint8Array): string {
  return `0x${Buffer.from(b).toString('hex')}`;
}
