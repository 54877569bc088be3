/**
 * Doc comments (LANGUAGE.md §2.1): attaching each run of `///` lines to the declaration that
 * follows it, and reading the two pragmas `/// test golden` and `/// govern lex PATH`.
 */
import type { DiagnosticBag } from '../diagnostics/index.ts';
import type { Decl, DocComment, FilePragmas } from './ast.ts';

const GOVERN_LEX = /^govern\s+lex\s+(\S+)\s*$/;

const TEST_GOLDEN = /^test\s+golden$/;

/** `/// test golden`, however the two words are spaced (`///  test\tgolden`). */
export function isTestGoldenPragma(doc: DocComment): boolean {
  return TEST_GOLDEN.test(doc.text.trim());
}

/**
 * Gives every declaration the doc comments between the previous declaration's end and its own
 * start (pragmas excluded), sets `testGolden`, fills domain item docs, and returns the file
 * pragmas. A `/// test golden` that marks no circuit is a warning (§10).
 */
export function attachDocComments(decls: Decl[], docs: readonly DocComment[], diagnostics: DiagnosticBag): FilePragmas {
  const pragmas: FilePragmas = {};
  const attachable: DocComment[] = [];
  for (const d of docs) {
    const m = GOVERN_LEX.exec(d.text.trim());
    if (m) {
      if (pragmas.governLex === undefined) pragmas.governLex = { path: stripEsn(m[1]!), span: d.span };
      continue;
    }
    attachable.push(d);
  }

  const owner = new Map<DocComment, Decl>();
  let i = 0;
  let prevEnd = 0;
  for (const decl of decls) {
    while (i < attachable.length && attachable[i]!.span.start < prevEnd) i++;
    const own: DocComment[] = [];
    while (i < attachable.length && attachable[i]!.span.start < decl.span.start) {
      own.push(attachable[i]!);
      i++;
    }
    decl.docs = own;
    for (const d of own) owner.set(d, decl);
    if (decl.kind === 'Circuit' && own.some(isTestGoldenPragma)) decl.testGolden = true;
    if (decl.kind === 'Domain') attachDomainDocs(decl, attachable);
    prevEnd = decl.span.end;
  }

  for (const d of attachable) {
    if (!isTestGoldenPragma(d)) continue;
    if (owner.get(d)?.kind !== 'Circuit') {
      diagnostics.warning('FL212', '`/// test golden` must be the doc comment of a circuit; it is ignored here', d.span, {
        hint: 'put it on the line just above `circuit`',
      });
    }
  }
  return pragmas;
}

/** Inside a domain, docs before the first item describe the domain; others document their item. */
function attachDomainDocs(domain: Extract<Decl, { kind: 'Domain' }>, docs: readonly DocComment[]): void {
  const inside = docs.filter((d) => d.span.start > domain.span.start && d.span.start < domain.span.end);
  let prevEnd = domain.span.start;
  domain.items.forEach((item, index) => {
    const own = inside.filter((d) => d.span.start >= prevEnd && d.span.start < item.span.start);
    if (index === 0) domain.docs = [...domain.docs, ...own];
    else item.docs = own;
    prevEnd = item.span.end;
  });
}

/** Older lex paths start with `esn/`, which normalisation strips (§2.1). */
export function stripEsn(path: string): string {
  return path.startsWith('esn/') ? path.slice(4) : path;
}
