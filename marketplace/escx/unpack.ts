import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MarketplaceError } from '../core/errors.ts';
import { joinInside, unsafeEntryPathReason } from '../core/paths.ts';
import { openPackage, packageFiles } from './read.ts';

export interface UnpackResult {
  files: { path: string; size: number; section: string }[];
}

/**
 * Extracts a package into `target`. Everything is decoded and every path checked before the
 * first byte is written, so hostile input writes nothing; no path can leave `target`.
 * Existing files are only replaced with `force`.
 */
export function unpackPackage(bytes: Uint8Array, target: string, force = false): UnpackResult {
  const pkg = openPackage(bytes);
  const files = packageFiles(pkg);
  const planned = files.map((f) => {
    const reason = unsafeEntryPathReason(f.path);
    if (reason) throw new MarketplaceError('E006', `unsafe path ${JSON.stringify(f.path)} in ${f.section}: ${reason}`);
    return { ...f, full: joinInside(target, f.path) };
  });
  if (!force) {
    const clash = planned.find((f) => existsSync(f.full));
    if (clash) throw new MarketplaceError('E015', `${clash.path} already exists in ${target}`, { hint: 'pass --force to overwrite' });
  }
  for (const f of planned) {
    mkdirSync(dirname(f.full), { recursive: true });
    writeFileSync(f.full, f.data);
  }
  return { files: files.map((f) => ({ path: f.path, size: f.data.length, section: f.section })) };
}
