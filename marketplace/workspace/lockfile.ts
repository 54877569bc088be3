import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { MarketplaceError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/paths.ts';

export const LOCK_FILE = 'estream-workspace.toml';

export interface LockEntry {
  version: string;
  /** `sha3-256:<hex>` of the `.escx`. */
  checksum: string;
  category: string;
  registry: string;
  /** `name@version` of each selected dependency. */
  dependencies: string[];
  /** Workspace files this package installed (additive to §3.3; tells our files from the user's). */
  files: string[];
}

/** `estream-workspace.toml` (MARKETPLACE.md §3.3). */
export interface Workspace {
  name?: string;
  dependencies: Record<string, string>;
  lock: Record<string, LockEntry>;
  /** Other top-level tables, kept as they were. */
  extra: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function readWorkspace(dir: string): Workspace {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return { dependencies: {}, lock: {}, extra: {} };
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    const te = e as { line?: number; column?: number; message: string };
    throw new MarketplaceError('E008', `${path}:${te.line ?? 1}:${te.column ?? 1}: invalid workspace file: ${te.message.split('\n')[0]}`);
  }
  const ws = (doc.workspace ?? {}) as Record<string, unknown>;
  const lockVersion = ws.lock_version;
  if (lockVersion !== undefined && Number(lockVersion) !== 1) throw new MarketplaceError('E008', `${path}: unsupported lock_version ${String(lockVersion)} (this tool writes 1)`);
  const dependencies: Record<string, string> = {};
  for (const [k, v] of Object.entries((doc.dependencies ?? {}) as Record<string, unknown>)) {
    const req = typeof v === 'string' ? v : str((v as Record<string, unknown>)?.version);
    if (req === undefined) throw new MarketplaceError('E008', `${path}: dependency ${k} needs a requirement string`);
    dependencies[k] = req;
  }
  const lock: Record<string, LockEntry> = {};
  for (const [k, v] of Object.entries((doc.lock ?? {}) as Record<string, unknown>)) {
    const e = v as Record<string, unknown>;
    const version = str(e.version);
    const checksum = str(e.checksum);
    if (!version || !checksum) throw new MarketplaceError('E008', `${path}: lock entry ${k} needs version and checksum`);
    lock[k] = {
      version,
      checksum,
      category: str(e.category) ?? '',
      registry: str(e.registry) ?? 'default',
      dependencies: Array.isArray(e.dependencies) ? e.dependencies.filter((x): x is string => typeof x === 'string') : [],
      files: Array.isArray(e.files) ? e.files.filter((x): x is string => typeof x === 'string') : [],
    };
  }
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!['workspace', 'dependencies', 'lock'].includes(k)) extra[k] = v;
  const out: Workspace = { dependencies, lock, extra };
  const name = str(ws.name);
  if (name) out.name = name;
  return out;
}

/** Writes the workspace deterministically: requirements and lock entries sorted by name. */
export function workspaceText(ws: Workspace): string {
  const sortObj = <T>(o: Record<string, T>) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));
  const workspace: Record<string, unknown> = { lock_version: 1 };
  if (ws.name) workspace.name = ws.name;
  const doc: Record<string, unknown> = { workspace, dependencies: sortObj(ws.dependencies) };
  const lock: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(sortObj(ws.lock))) {
    lock[k] = { version: e.version, checksum: e.checksum, category: e.category, registry: e.registry, dependencies: [...e.dependencies].sort(), files: [...e.files].sort() };
  }
  doc.lock = lock;
  for (const [k, v] of Object.entries(ws.extra)) doc[k] = v;
  return `${stringifyToml(doc).trim()}\n`;
}

export function writeWorkspace(dir: string, ws: Workspace): void {
  writeFileAtomic(join(dir, LOCK_FILE), workspaceText(ws));
}
