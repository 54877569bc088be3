import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/testing');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/estream.js ARGS` in `cwd` (the repository root by default). */
export function estream(args: string[], cwd = ROOT, timeout = 120_000): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/estream.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export interface JsonReport {
  tests: { name: string; kind: string; file: string; line: number; status: string; durationMs: number; message: string }[];
  passed: number;
  failed: number;
  skipped: number;
}

export function jsonRun(args: string[], cwd = ROOT): { run: CliRun; report: JsonReport } {
  const run = estream(['test', '--json', ...args], cwd);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, report };
}

/** A scratch copy of a fixture directory (for tests that write golden files or edit sources). */
export function scratchCopy(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'estream-test-'));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

/** The same as estream(), without blocking the test worker (for beforeAll hooks). */
export function estreamAsync(args: string[], cwd = ROOT): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/estream.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolvePromise({ status: code ?? -1, stdout, stderr }));
  });
}

export async function jsonRunAsync(args: string[], cwd = ROOT): Promise<{ run: CliRun; report: JsonReport }> {
  const run = await estreamAsync(['test', '--json', ...args], cwd);
  try {
    return { run, report: JSON.parse(run.stdout) as JsonReport };
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}
