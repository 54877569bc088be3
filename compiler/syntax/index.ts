/**
 * Public entry points of the FastLang front end (LANGUAGE.md §2–§7).
 *
 *   lexSource(file, diagnostics)   → tokens, doc comments
 *   parseSource(file, diagnostics) → SourceFileAst (ast.ts); the file kind comes from the extension
 *
 * Both report problems to the DiagnosticBag (codes FL1xx lexical, FL2xx syntax, documented in
 * specs/diagnostics.md) and never throw on bad input.
 */
import { spanOf, type DiagnosticBag, type SourceFile } from '../diagnostics/index.ts';
import type { FileKind, SourceFileAst } from './ast.ts';
import { attachDocComments } from './docs.ts';
import { lexSource } from './lexer.ts';
import { sharedParser } from './parser/parser.ts';

export { lexSource, type FlToken, type LexResult } from './lexer.ts';
export type * from './ast.ts';

/** `.fld` type files, `.flj` journeys, everything else `.fl` source. */
export function fileKindOf(path: string): FileKind {
  if (path.endsWith('.fld')) return 'fld';
  if (path.endsWith('.flj')) return 'flj';
  return 'fl';
}

/** The extensions `estream check` collects from directories. */
export const FASTLANG_EXTENSIONS: readonly string[] = ['.fl', '.fld', '.flj'];

/** Builds the shared parser now (it is otherwise built by the first parse), e.g. to time it apart. */
export function prepareParser(): void {
  sharedParser();
}

export function parseSource(file: SourceFile, diagnostics: DiagnosticBag): SourceFileAst {
  const fileKind = fileKindOf(file.path);
  const ast: SourceFileAst = {
    kind: 'File',
    path: file.path,
    fileKind,
    preamble: {},
    pragmas: {},
    decls: [],
    docComments: [],
    span: spanOf(file, 0, file.text.length),
  };
  try {
    const lexed = lexSource(file, diagnostics);
    ast.docComments = lexed.docComments;
    const parsed = sharedParser().parseTokens(file, fileKind, lexed.tokens, lexed.errorOffsets, diagnostics);
    ast.decls = parsed.decls;
    ast.preamble = parsed.preamble;
    ast.pragmas = attachDocComments(ast.decls, ast.docComments, diagnostics);
  } catch (e) {
    // A defect in the parser must surface as a diagnostic with a location, never as a crash.
    const overflow = e instanceof RangeError && /call stack/i.test(e.message);
    diagnostics.error(
      'FL299',
      overflow ? 'the file is nested too deeply to parse' : `internal error in the FastLang parser: ${(e as Error)?.message ?? String(e)}`,
      spanOf(file, 0),
      { hint: overflow ? 'split deeply nested expressions with let bindings' : 'please report this together with the file' },
    );
  }
  return ast;
}
