import type { TrapKind } from '../compiler/ir/ir.ts';

/** Where a runtime error happened, resolved to file:line:col. */
export interface RuntimeLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * A runtime error of a circuit (LANGUAGE.md §8.3.5): a kind, a message and the source
 * location of the operation that trapped. Both the wasm runtime and the IR interpreter
 * throw this, so tests and the CLI treat them alike.
 */
export class RuntimeTrap extends Error {
  constructor(
    readonly kind: TrapKind,
    message: string,
    readonly location?: RuntimeLocation,
    /** Circuit names from the outermost call to the one that trapped. */
    readonly callStack: string[] = [],
  ) {
    super(message);
    this.name = 'RuntimeTrap';
  }

  /** `file:line:col: error: kind: message` — the one-line form the CLI prints. */
  format(): string {
    const where = this.location ? `${this.location.file}:${this.location.line}:${this.location.column}: ` : '';
    return `${where}error: ${this.kind}: ${this.message}`;
  }
}
