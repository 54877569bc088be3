/**
 * The search path of ESCIR files for composites and imports (ESCIR.md §8: `category/name`
 * resolves to the circuit with that `name`). Files are indexed by a cheap scan of their
 * top-level `name:` (and `metadata.category`), and loaded (validated) on demand, once.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { collectFiles } from '../../source/files.ts';
import { ESCIR_SEARCH_SUFFIXES, ESCIR_STEM_SUFFIX } from '../suffixes.ts';

/** How deep below a search root circuits are looked for (a bound for huge or looping trees). */
const SEARCH_DEPTH = 12;

/**
 * The default search root of a file (ESCIR.md §8, specs/escir.md §8): the parent of its
 * directory, so sibling category folders resolve (`alarm/` beside `gateway/`).
 */
export function searchRootOf(path: string): string {
  const dir = dirname(resolve(path));
  const parent = dirname(dir);
  return parent === dir ? dir : parent;
}

type KeyIndex = Map<string, string[]>;

/**
 * Given roots are searched together, in order. Without roots (one context shared by a run
 * over many files, as `estream check` and `estream test` do), each asking file searches its
 * own default root, so a file resolves exactly as it does when loaded alone.
 */
export class CircuitIndex {
  private readonly explicit: boolean;
  private combined: KeyIndex | undefined;
  private readonly byRoot = new Map<string, KeyIndex>();
  private readonly texts = new Map<string, string>();

  constructor(readonly roots: string[]) {
    this.explicit = roots.length > 0;
  }

  /** The roots a file near `near` searches. */
  rootsFor(near: string): string[] {
    return this.explicit ? this.roots : [searchRootOf(near)];
  }

  private keysFor(near: string | undefined): KeyIndex {
    if (this.explicit || near === undefined) {
      if (!this.combined) {
        this.combined = new Map();
        const seen = new Set<string>();
        for (const r of this.roots) this.indexRoot(resolve(r), this.combined, seen);
      }
      return this.combined;
    }
    const root = searchRootOf(near);
    let keys = this.byRoot.get(root);
    if (!keys) {
      keys = new Map();
      this.indexRoot(root, keys, new Set());
      this.byRoot.set(root, keys);
    }
    return keys;
  }

  /** Indexes the files under `root` (or `root` itself, a file) not `seen` under an earlier root. */
  private indexRoot(root: string, keys: KeyIndex, seen: Set<string>): void {
    const index = (path: string, base: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      this.indexFile(path, base, keys);
    };
    let isDirectory: boolean;
    try {
      isDirectory = statSync(root).isDirectory();
    } catch {
      return; // a missing root just contributes nothing
    }
    if (!isDirectory) index(root, dirname(root));
    // Unreadable entries are skipped: the search path is a convenience, not an input.
    else for (const f of collectFiles([root], ESCIR_SEARCH_SUFFIXES, { maxDepth: SEARCH_DEPTH }).files) index(f, root);
  }

  private indexFile(path: string, root: string, byKey: KeyIndex): void {
    const text = this.text(path);
    if (text === undefined) return;
    const keys = new Set<string>();
    const name = /^name:[ \t]*["']?([^"'#\n]+?)["']?[ \t]*(#.*)?$/m.exec(text)?.[1]?.trim();
    const category = /^[ \t]+category:[ \t]*["']?([^"'#\n]+?)["']?[ \t]*(#.*)?$/m.exec(text)?.[1]?.trim();
    if (name) {
      keys.add(name);
      const last = name.split('/').pop()!;
      keys.add(last);
      if (category && !name.includes('/')) keys.add(`${category}/${name}`);
    }
    const rel = relative(root, path).split(sep).join('/');
    const stem = rel.replace(ESCIR_STEM_SUFFIX, '');
    keys.add(stem);
    keys.add(basename(stem));
    for (const k of keys) {
      const list = byKey.get(k) ?? [];
      list.push(path);
      byKey.set(k, list);
    }
  }

  /** The file defining circuit `ref` (`category/name`, `name`, or a relative path stem). */
  find(ref: string, near?: string): string | undefined {
    const byKey = this.keysFor(near);
    const clean = ref.replace(/\.(escir|flir|esf)\.ya?ml$/, '');
    for (const key of [clean, clean.split('/').pop()!]) {
      const hits = byKey.get(key);
      if (hits && hits.length > 0) {
        if (near) {
          const close = hits.find((h) => dirname(h) === dirname(near));
          if (close) return close;
        }
        return hits[0];
      }
    }
    return undefined;
  }

  text(path: string): string | undefined {
    if (!this.texts.has(path)) {
      try {
        this.texts.set(path, readFileSync(path, 'utf8'));
      } catch {
        return undefined;
      }
    }
    return this.texts.get(path);
  }
}
