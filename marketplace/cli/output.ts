import { readFileSync } from 'node:fs';
import { renderDiagnostic, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import { MarketplaceError } from '../core/errors.ts';

/** Options every `estream marketplace` subcommand understands (MARKETPLACE.md §6 globals). */
export interface GlobalOptions {
  registry?: string;
  mirror?: string[];
  outputFormat?: string;
  json?: boolean;
  offline?: boolean;
  verbose?: boolean;
}

export const wantsJson = (o: GlobalOptions): boolean => o.json === true || o.outputFormat === 'json';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v instanceof Set ? [...v] : v), 2)}\n`);
}

export function printLines(lines: string[]): void {
  if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
}

export function warn(o: GlobalOptions, message: string): void {
  if (!wantsJson(o) || o.verbose) process.stderr.write(`warning: ${message}\n`);
}

export function info(o: GlobalOptions, message: string): void {
  if (o.verbose) process.stderr.write(`${message}\n`);
}

const readSource = (path: string): string | undefined => {
  try {
    return readFileSync(path.replace(/#.*$/, ''), 'utf8');
  } catch {
    return undefined;
  }
};

/** Renders diagnostics (manifest errors) with a code frame, the way every stage's are shown. */
export function renderDiagnosticsText(ds: readonly Diagnostic[], lookup: (p: string) => string | undefined = readSource): string {
  return ds.map((d) => renderDiagnostic(d, lookup, { color: process.stderr.isTTY === true })).join('\n\n');
}

/**
 * Prints a marketplace error as `error[E006]: message`, its detail lines indented, positioned
 * diagnostics with code frames, and the hint; in JSON mode, one JSON object on stdout.
 */
export function reportError(o: GlobalOptions, e: MarketplaceError, sources?: (p: string) => string | undefined): void {
  if (wantsJson(o)) {
    printJson({ ok: false, error: e.toJSON() });
    return;
  }
  const out: string[] = [`error[${e.code}]: ${e.message}`];
  for (const l of e.details) out.push(`  ${l}`);
  const errs = e.diagnostics.filter((d) => d.severity === 'error');
  if (errs.length) out.push(renderDiagnosticsText(errs, sources));
  if (e.hint) out.push(`  = hint: ${e.hint}`);
  process.stderr.write(`${out.join('\n')}\n`);
}

const SYSTEM_ERROR_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

/** System calls whose failure is reported as "cannot write" (`open` is reported as itself). */
const WRITE_SYSCALLS = new Set(['write', 'rename', 'mkdir', 'copyfile', 'unlink', 'rmdir', 'symlink', 'chmod']);

/**
 * A file-system failure (Node's `ENOENT`, `EISDIR`, …) as one readable line naming the path,
 * e.g. `cannot write out.escx: it is a directory`; undefined for anything else.
 */
export function describeSystemError(e: unknown): { code: string; message: string } | undefined {
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (!(e instanceof Error) || typeof err.code !== 'string' || typeof err.syscall !== 'string') return undefined;
  const reason = SYSTEM_ERROR_REASONS[err.code];
  if (!reason) return undefined;
  const verb = err.syscall === 'open' ? 'open' : WRITE_SYSCALLS.has(err.syscall) ? 'write' : 'read';
  // A rename's destination is the file the user named; its source is our temporary file.
  const path = err.dest ?? err.path ?? '';
  return { code: err.code, message: `cannot ${verb} ${path}: ${reason}` };
}

/** One JSON error object for failures that carry no marketplace code (usage, file system). */
export function printJsonError(code: string, name: string, message: string): void {
  printJson({ ok: false, error: { code, name, message } });
}

/** A one-line progress bar on stderr, drawn only on a terminal and never in JSON mode. */
export class ProgressBar {
  private last = 0;
  private readonly enabled: boolean;

  constructor(o: GlobalOptions) {
    this.enabled = process.stderr.isTTY === true && !wantsJson(o);
  }

  update(label: string, done: number, total: number | undefined, unit: 'bytes' | 'steps' = 'bytes'): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 50 && (total === undefined || done < total)) return;
    this.last = now;
    const width = 24;
    const frac = total ? Math.min(1, done / total) : 0;
    const bar = total ? '#'.repeat(Math.round(frac * width)).padEnd(width, '-') : '?'.repeat(width);
    const amount = unit === 'bytes' ? `${(done / 1048576).toFixed(2)}${total ? `/${(total / 1048576).toFixed(2)}` : ''} MB` : `${done}/${total ?? '?'}`;
    process.stderr.write(`\r[${bar}] ${total ? `${Math.round(frac * 100)}%`.padStart(4) : ''} ${label} ${amount}\x1b[K`);
  }

  done(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

/** Formats rows as aligned columns. */
export function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)];
}
