/**
 * `import`, `use` and `domain` (LANGUAGE.md §5.2, §5.15): they add explicit bindings but are
 * never required (§10). Unresolved targets are warnings; a `.fl`/`.fld` mismatch is a note and
 * the file that exists is used.
 */
import { posix } from 'node:path';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Span } from '../diagnostics/source.ts';
import type { Ident } from '../syntax/ast.ts';
import { Codes } from './codes.ts';
import { toPosix, type FileInfo, type ProgramIndex } from './program-index.ts';

const SOURCE_EXTS = ['.fl', '.fld'];

/** Fills every file's explicit bindings from its imports, uses and the program's domains. */
export function resolveImports(index: ProgramIndex, root: string, diagnostics: DiagnosticBag): void {
  const rootDir = posix.normalize(toPosix(root));
  // Domains first: their module names are visible as qualifiers from every file.
  const domainModules = new Map<string, FileInfo[]>();
  for (const file of index.files) {
    for (const d of file.ast.decls) {
      if (d.kind !== 'Domain') continue;
      for (const item of d.items) {
        const target = findFile(index, item.from, [file.dir], item.fromSpan, diagnostics);
        if (!target) {
          diagnostics.warning(Codes.unresolvedDomain, `domain ${item.itemKind} '${item.name.name}': file "${item.from}" not found`, item.fromSpan);
          continue;
        }
        addTo(domainModules, item.name.name, target);
      }
    }
  }
  for (const file of index.files) {
    for (const [name, files] of domainModules) for (const f of files) addTo(file.moduleAliases, name, f);
    for (const d of file.ast.decls) {
      if (d.kind === 'Import') {
        const bases = d.form === 'file' ? [file.dir] : [rootDir, file.dir];
        let target = findFile(index, d.path, bases, d.pathSpan, diagnostics);
        if (!target && d.form === 'lexpath') target = index.files.find((f) => f.lex === d.path);
        if (!target) {
          diagnostics.warning(Codes.unresolvedImport, `import target "${d.path}" not found; names resolve across the package anyway`, d.pathSpan);
          continue;
        }
        addTo(file.moduleAliases, target.stem, target);
        if (d.alias) {
          addTo(file.moduleAliases, d.alias.name, target);
          if (!file.globFiles.includes(target)) file.globFiles.push(target);
        }
        bindNames(index, file, target, d.names, diagnostics);
      } else if (d.kind === 'Use') {
        resolveUse(index, file, d.path, d.glob, d.names, d.span, diagnostics);
      }
    }
  }
}

function resolveUse(
  index: ProgramIndex,
  file: FileInfo,
  path: Ident[],
  glob: boolean,
  names: Ident[] | undefined,
  span: Span,
  diagnostics: DiagnosticBag,
): void {
  // `use a::b::C` names C in module a::b; `use a::b::*` and `use a::{X}` name module a::b.
  const named = !glob && names === undefined;
  const moduleSegs = named ? path.slice(0, -1) : path;
  const target = moduleSegs.length > 0 ? findModule(index, file, moduleSegs.map((s) => s.name)) : undefined;
  if (!target) {
    const shown = path.map((p) => p.name).join('::');
    diagnostics.warning(Codes.unresolvedUse, `use target '${shown}' is not a file of this package; names resolve across the package anyway`, span);
    return;
  }
  addTo(file.moduleAliases, moduleSegs[moduleSegs.length - 1]!.name, target);
  if (glob) {
    if (!file.globFiles.includes(target)) file.globFiles.push(target);
  } else if (names) bindNames(index, file, target, names, diagnostics);
  else bindNames(index, file, target, [path[path.length - 1]!], diagnostics);
}

/** A `use` path's module: a file stem in the same directory first, then the nearest match. */
function findModule(index: ProgramIndex, from: FileInfo, segs: string[]): FileInfo | undefined {
  const last = segs[segs.length - 1]!;
  const aliased = from.moduleAliases.get(last);
  if (aliased && aliased.length > 0) return aliased[0];
  const suffix = segs.join('/');
  const candidates = index.files.filter((f) => f.stem === last && (segs.length === 1 || posix.join(f.dir, f.stem).endsWith(suffix)));
  const pool = candidates.length > 0 ? candidates : index.files.filter((f) => f.stem === last);
  if (pool.length === 0) return undefined;
  return [...pool].sort((a, b) => index.distance(from, a, '') - index.distance(from, b, '') || a.order - b.order)[0];
}

function bindNames(index: ProgramIndex, file: FileInfo, target: FileInfo, names: Ident[], diagnostics: DiagnosticBag): void {
  for (const n of names) {
    const declared =
      index.types.get(n.name)?.some((d) => d.file === target) ||
      index.funcs.get(n.name)?.some((d) => d.file === target) ||
      index.consts.get(n.name)?.some((d) => d.file === target) ||
      index.streams.get(n.name)?.some((d) => d.file === target);
    if (!declared) {
      diagnostics.warning(Codes.importedNameMissing, `'${n.name}' is not declared in ${target.path}; it resolves across the package instead`, n.span);
      continue;
    }
    addTo(file.importedNames, n.name, target);
  }
}

/**
 * Finds the file a path names, relative to each base in turn, then by path suffix anywhere in
 * the program. A path naming `.fl` when only `.fld` exists (or the reverse) is a note (§10).
 */
export function findFile(
  index: ProgramIndex,
  spec: string,
  bases: string[],
  span: Span,
  diagnostics: DiagnosticBag,
): FileInfo | undefined {
  const p = toPosix(spec);
  const ext = SOURCE_EXTS.find((e) => p.endsWith(e)) ?? (p.endsWith('.flj') ? '.flj' : undefined);
  const stemPath = ext ? p.slice(0, -ext.length) : p;
  const exact = (candidate: string) => index.byPath.get(posix.normalize(candidate));
  for (const base of bases) {
    const joined = posix.isAbsolute(p) ? p : posix.join(base, p);
    if (ext) {
      const hit = exact(joined);
      if (hit) return hit;
    } else {
      for (const e of SOURCE_EXTS) {
        const hit = exact(joined + e);
        if (hit) return hit;
      }
    }
  }
  // Mismatched extension: the file that exists is used.
  if (ext) {
    for (const base of bases) {
      const joinedStem = posix.isAbsolute(stemPath) ? stemPath : posix.join(base, stemPath);
      for (const e of SOURCE_EXTS) {
        if (e === ext) continue;
        const hit = exact(joinedStem + e);
        if (hit) {
          diagnostics.note(Codes.flFldMismatch, `"${spec}" does not exist; using ${hit.path}`, span);
          return hit;
        }
      }
    }
  }
  // Tolerance: a path written relative to some other root still names a unique file suffix.
  const clean = stemPath.replace(/^(\.\.?\/)+/, '');
  const bySuffix = index.files.filter((f) => {
    const fp = posix.normalize(toPosix(f.path));
    const fStem = fp.replace(/\.(fl|fld|flj)$/, '');
    return fStem === clean || fStem.endsWith('/' + clean);
  });
  if (bySuffix.length > 0) {
    const preferred = ext ? bySuffix.find((f) => f.path.endsWith(ext)) : undefined;
    return preferred ?? bySuffix.sort((a, b) => a.order - b.order)[0];
  }
  return undefined;
}

function addTo(map: Map<string, FileInfo[]>, key: string, f: FileInfo): void {
  const list = map.get(key);
  if (!list) map.set(key, [f]);
  else if (!list.includes(f)) list.push(f);
}
