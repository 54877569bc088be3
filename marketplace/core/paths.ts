import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, readdirSync, statSync, lstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

/** `$ESTREAM_HOME`, default `~/.estream` (MARKETPLACE.md §3.4). Read at call time so tests can set it. */
export function estreamHome(): string {
  const env = process.env.ESTREAM_HOME;
  return env && env.length > 0 ? resolve(env) : join(homedir(), '.estream');
}

/**
 * Checks an archive entry path: relative, `/`-separated, no `.`/`..` segments, no NUL or
 * backslash, no drive letters. Returns a reason when the path is unsafe.
 */
export function unsafeEntryPathReason(path: string): string | undefined {
  if (path.length === 0) return 'empty path';
  if (path.includes('\0')) return 'NUL byte in path';
  if (path.includes('\\')) return 'backslash in path';
  if (path.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(path)) return 'drive-letter path';
  for (const seg of path.split('/')) {
    if (seg === '..') return "'..' segment";
    if (seg === '.' || seg === '') return 'empty or "." segment';
  }
  return undefined;
}

/** Joins an already validated entry path under root and proves the result stays inside it. */
export function joinInside(root: string, entryPath: string): string {
  const base = resolve(root);
  const full = resolve(base, ...entryPath.split('/'));
  if (full !== base && !full.startsWith(base + sep)) throw new Error(`path escapes the target directory: ${entryPath}`);
  return full;
}

/** True when `path` exists and is a directory. */
export const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/**
 * Writes through a temporary file and a rename, so readers never see half a file. On failure
 * (the path is a directory, the disk is full, …) the temporary file is removed and the error
 * rethrown: nothing is left behind.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Lists the regular files under dir as `/`-separated relative paths, sorted by bytes.
 * Skips dot-entries and node_modules; symbolic links are not followed.
 */
export function listFilesRelative(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = join(abs, name);
      const st = lstatSync(full);
      const relPath = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) walk(full, relPath);
      else if (st.isFile()) out.push(relPath);
    }
  };
  if (statSync(dir).isDirectory()) walk(dir, '');
  return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * A minimal glob matcher for manifest `include.*` patterns: `*` (within a segment), `**`
 * (any number of segments), `?` and `{a,b}` alternatives.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, close)
          .split(',')
          .map((s) => s.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function matchGlobs(files: readonly string[], globs: readonly string[]): string[] {
  const res = globs.map((g) => globToRegExp(g.replace(/^\.\//, '')));
  return files.filter((f) => res.some((r) => r.test(f)));
}
