/**
 * The search path of ESCIR files for composites and imports (ESCIR.md §8: `category/name`
 * resolves to the circuit with that `name`). Files are indexed by a cheap scan of their
 * top-level `name:` (and `metadata.category`), and loaded (validated) on demand, once.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

export const ESCIR_SUFFIXES = ['.escir.yaml', '.flir.yaml', '.esf.yaml', '.escir.yml', '.template.yaml'];

export class CircuitIndex {
  private built = false;
  private readonly byKey = new Map<string, string[]>();
  private readonly texts = new Map<string, string>();

  constructor(readonly roots: string[]) {}

  private build(): void {
    if (this.built) return;
    this.built = true;
    const seen = new Set<string>();
    const walk = (dir: string, root: string, depth: number) => {
      if (depth > 12) return;
      let entries: string[];
      try {
        entries = readdirSync(dir).sort();
      } catch {
        return;
      }
      for (const name of entries) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        const full = join(dir, name);
        let st;
        try {
          st = statSync(full);
        } catch {
          continue;
        }
        if (st.isDirectory()) walk(full, root, depth + 1);
        else if (ESCIR_SUFFIXES.some((s) => name.endsWith(s)) && !seen.has(full)) {
          seen.add(full);
          this.indexFile(full, root);
        }
      }
    };
    for (const r of this.roots) {
      try {
        if (statSync(r).isDirectory()) walk(resolve(r), resolve(r), 0);
        else this.indexFile(resolve(r), dirname(resolve(r)));
      } catch {
        /* a missing root just contributes nothing */
      }
    }
  }

  private indexFile(path: string, root: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    this.texts.set(path, text);
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
    const stem = rel.replace(/\.(escir|flir|esf|template)\.ya?ml$/, '');
    keys.add(stem);
    keys.add(basename(stem));
    for (const k of keys) {
      const list = this.byKey.get(k) ?? [];
      list.push(path);
      this.byKey.set(k, list);
    }
  }

  /** The file defining circuit `ref` (`category/name`, `name`, or a relative path stem). */
  find(ref: string, near?: string): string | undefined {
    this.build();
    const clean = ref.replace(/\.(escir|flir|esf)\.ya?ml$/, '');
    for (const key of [clean, clean.split('/').pop()!]) {
      const hits = this.byKey.get(key);
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
    this.build();
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
