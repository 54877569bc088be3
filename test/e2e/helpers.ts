/**
 * Running the `estream` CLI in tests. Spawning `node bin/estream.js` costs 1–2 s (tsx, then
 * binaryen), so most cases call `main(argv)` from cli/main.ts in this process with standard
 * output and error captured; `spawnEstream` keeps real processes for exit codes and the
 * README commands. Calls must not overlap: the capture replaces process.stdout.write.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin/estream.js');
export const FIXTURES = 'test/fixtures/e2e';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let mainFn: ((argv: string[]) => Promise<number>) | undefined;

/** `estream ARGS` in this process (working directory: the repository). */
export async function estream(args: string[]): Promise<CliResult> {
  mainFn ??= (await import('../../cli/main.ts')).main;
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  const capture = (sink: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  const previousExit = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  let code: number;
  try {
    code = await mainFn(args);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = previousExit;
  }
  return { code, stdout, stderr };
}

/** `node bin/estream.js ARGS` as a separate process. */
export function spawnEstream(args: string[], env: Record<string, string> = {}, cwd = REPO): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 180_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A private ESTREAM_HOME (hence artefact cache) for one test file: set in beforeAll, removed
 * in afterAll. Returns the directory.
 */
export function useTempHome(): { dir: string; restore: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'estream-e2e-'));
  const previous = process.env['ESTREAM_HOME'];
  process.env['ESTREAM_HOME'] = dir;
  return {
    dir,
    restore: () => {
      if (previous === undefined) delete process.env['ESTREAM_HOME'];
      else process.env['ESTREAM_HOME'] = previous;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The result JSON of `estream run … --json`. */
export interface RunJson {
  circuit: string;
  ok: boolean;
  result?: unknown;
  trap?: { kind: string; message: string; file?: string; line?: number; column?: number; callStack: string[] };
  witness?: { path: string; records: number; commitment: string; signed: boolean } | null;
  diagnostics?: { code: string; message: string; file: string; line: number; column: number; severity: string }[];
}

/** Runs one circuit with --json and parses the single JSON line. */
export async function runJson(target: string, circuit: string, input: unknown, extra: string[] = []): Promise<RunJson & { code: number; stderr: string }> {
  const args = ['run', target, circuit, '--json', '--clock', '1700000000000', ...extra];
  if (input !== undefined) args.push('--input', JSON.stringify(input));
  const r = await estream(args);
  const lines = r.stdout.trim().split('\n');
  if (lines.length !== 1 || lines[0] === '') throw new Error(`expected one JSON line from estream ${args.join(' ')}, got:\n${r.stdout}\n${r.stderr}`);
  return { ...(JSON.parse(lines[0]!) as RunJson), code: r.code, stderr: r.stderr };
}
