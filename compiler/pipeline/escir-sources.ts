/**
 * Which files an ESCIR compilation read. The ESCIR loader follows `imports` (and composite
 * references) into other files through its load context; a witness must name every one of
 * them with its hash, so a changed import is caught like a changed circuit
 * (specs/compile-run.md §8). The context can also serve texts held in memory instead of the
 * files on disk (witness verification recompiles the located copies of recorded sources).
 */
import { resolve } from 'node:path';
import { DiagnosticBag, SourceFile } from '../diagnostics/index.ts';
import { EscirLoadContext, loadEscirFile } from '../escir/load.ts';
import type { EscirModel } from '../escir/model.ts';
import { displayPath } from '../source/files.ts';

export class SourceTrackingEscirContext extends EscirLoadContext {
  /** Files loaded through this context, by absolute path, in load order. */
  private readonly read = new Map<string, { path: string; text: string }>();
  private readonly fromOverlay = new Map<string, EscirModel | null>();

  constructor(
    searchPath: string[],
    /** Texts to use instead of the files, by absolute path. */
    private readonly overlay: ReadonlyMap<string, string> = new Map(),
  ) {
    super(searchPath);
  }

  override load(path: string): EscirModel | undefined {
    const key = resolve(path);
    const given = this.overlay.get(key);
    const text = given ?? this.index.text(key);
    if (text !== undefined && !this.read.has(key)) this.read.set(key, { path: displayPath(key), text });
    if (given === undefined) return super.load(path);
    // Same as the base class, but on the text held in memory.
    if (this.fromOverlay.has(key)) return this.fromOverlay.get(key) ?? undefined;
    this.stack.push(key);
    try {
      const model = loadEscirFile(new SourceFile(displayPath(key), given), new DiagnosticBag(), { context: this });
      this.fromOverlay.set(key, model ?? null);
      return model;
    } finally {
      this.stack.pop();
    }
  }

  /** The files read besides `mainPath`, in load order. */
  dependencies(mainPath: string): { path: string; text: string }[] {
    const main = resolve(mainPath);
    return [...this.read.entries()].filter(([key]) => key !== main).map(([, source]) => source);
  }
}
