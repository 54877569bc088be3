/**
 * Bodies, predicates, conditions, formulas and `when` guards: parsed with the one
 * expression language, or classified and kept as text (ESCIR.md §1 body treatment):
 * elision `...` → W055†, Python-like → W035†, bit-slice → W058†, canonical syntax error → E035.
 */
import type { EscirReporter } from '../diagnostics.ts';
import { ExprSyntaxError, type LegacyFeature } from '../expr/lexer.ts';
import { parseBody } from '../expr/parser.ts';
import type { BodyModel } from '../model.ts';
import { isScalar, type YNode, type YScalar } from '../yaml/tree.ts';

export interface BodyOptions {
  canonical: boolean;
  /** What the body is, for messages: "body of node `x`". */
  what: string;
}

export function bodyText(n: YScalar, fileText: string): string {
  return typeof n.value === 'string' ? n.value : n.value === null ? '' : fileText.slice(n.start, n.end);
}

/** Parses a body scalar; reports why it is kept as text when it is. Returns undefined for non-scalars. */
export function parseBodyNode(node: YNode | undefined, r: EscirReporter, opts: BodyOptions): BodyModel | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  const text = bodyText(node, r.file.text);
  const at = (s: number, e: number) => ({ start: node.offsetAt(s), end: Math.max(node.offsetAt(e), node.offsetAt(s) + 1), pointer: node.pointer });
  const model: BodyModel = { text, scalar: node, assigned: [] };
  if (text.trim() === '') {
    r.dagger('W054', `${opts.what} is empty`, node);
    model.opaque = 'opaque-name';
    return model;
  }
  const features: LegacyFeature[] = [];
  try {
    const parsed = parseBody(text, features);
    model.block = parsed.block;
    for (const s of parsed.block.stmts) if (s.k === 'assign' && s.target.k === 'name' && !model.assigned.includes(s.target.name)) model.assigned.push(s.target.name);
  } catch (e) {
    if (!(e instanceof ExprSyntaxError)) throw e;
    const elision = features.find((f) => f.kind === 'elision');
    if (elision) {
      r.dagger('W055', `${opts.what} is elided (\`...\`); the node is not executable`, at(elision.start, elision.end));
      model.opaque = 'elided';
      return model;
    }
    const slice = features.find((f) => f.kind === 'bit-slice');
    if (slice) {
      r.dagger('W058', `${opts.what} uses a bit slice \`[hi:lo]\`; kept as text, not executable`, at(slice.start, slice.end), { hint: 'write `(x >> lo) & mask`' });
      model.opaque = 'bit-slice';
      return model;
    }
    const py = features.find((f) => f.kind === 'python-block' || f.kind === 'python-word' || f.kind === 'hash-comment' || f.kind === 'compound-assign');
    if (py) {
      r.dagger('W035', `${opts.what} is not C-like (${describeFeature(py.kind)}); kept as text, not executable`, at(py.start, py.end));
      model.opaque = 'non-c';
      return model;
    }
    if (opts.canonical) {
      r.error('E035', `syntax error in ${opts.what}: ${e.message}`, at(e.start, e.end));
      model.opaque = 'syntax';
    } else {
      r.dagger('W035', `${opts.what} is not C-like (${e.message}); kept as text, not executable`, at(e.start, e.end));
      model.opaque = 'non-c';
    }
    return model;
  }
  const elision = features.find((f) => f.kind === 'elision');
  if (elision) {
    r.dagger('W055', `${opts.what} is elided (\`...\`); the node is not executable`, at(elision.start, elision.end));
    model.opaque = 'elided';
    return model;
  }
  const legacy = features.find((f) => f.kind === 'hash-comment' || f.kind === 'compound-assign');
  if (legacy) {
    r.dagger('W035', `${opts.what} uses ${describeFeature(legacy.kind)}, which is legacy syntax`, at(legacy.start, legacy.end), {
      hint: legacy.kind === 'hash-comment' ? 'comments are `//`' : 'write `x = x + e`',
    });
    if (opts.canonical) model.opaque = 'non-c';
  }
  return model;
}

function describeFeature(kind: LegacyFeature['kind']): string {
  switch (kind) {
    case 'python-block':
      return 'a Python-style `if x:` block';
    case 'python-word':
      return 'Python words (`and`, `or`, `not`, `None`)';
    case 'hash-comment':
      return 'a `#` comment';
    case 'compound-assign':
      return 'a compound assignment like `+=`';
    default:
      return kind;
  }
}

/** Maps a body-relative range to a file range for reporting. */
export function bodyAt(body: BodyModel, start: number, end: number): { start: number; end: number; pointer: string } {
  const s = body.scalar.offsetAt(start);
  return { start: s, end: Math.max(body.scalar.offsetAt(end), s + 1), pointer: body.scalar.pointer };
}
