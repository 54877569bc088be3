/**
 * Nodes every part of the tree shares: spans, identifiers, the file node, doc comments and lex paths (LANGUAGE.md §2, §5.1).
 * Part of the FastLang AST contract (see ../ast.ts).
 */
import type { Span } from '../../diagnostics/source.ts';
import type { Decl } from './declarations.ts';

export interface NodeBase {
  span: Span;
}

/** A name as written, with its own span (for precise diagnostics). */
export interface Ident extends NodeBase {
  kind: 'Ident';
  name: string;
}

// ───────────────────────────── files ─────────────────────────────

export type FileKind = 'fl' | 'fld' | 'flj';

/** A `///` comment, kept for docs and pragmas (§2.1). `text` excludes the slashes and one leading space. */
export interface DocComment extends NodeBase {
  kind: 'DocComment';
  text: string;
}

export interface FilePragmas {
  /** `/// govern lex PATH`, with a leading `esn/` stripped. */
  governLex?: { path: string; span: Span };
}

export interface SourceFileAst extends NodeBase {
  kind: 'File';
  path: string;
  fileKind: FileKind;
  /** §5.1 preamble: `@status ID` and `lex PATH` before the first declaration. */
  preamble: { status?: Ident; lex?: LexPath };
  pragmas: FilePragmas;
  decls: Decl[];
  /** Every doc comment in the file, in order (also attached to the declaration they precede). */
  docComments: DocComment[];
}

/** Doc comments attached to a declaration: the run of `///` lines directly above it. */
export interface Documented {
  docs: DocComment[];
  /** True when the last doc line before a `circuit` is `/// test golden` (§2.1, §8.8). */
  testGolden?: boolean;
}

/** `a/b/c` (one line). `segments` excludes separators; a leading `esn/` is kept here, stripped in `normalized`. */
export interface LexPath extends NodeBase {
  kind: 'LexPath';
  segments: string[];
  /** Path joined with '/', older `esn/` prefix stripped. */
  normalized: string;
}
