/**
 * JSON form of the AST for `estream parse --ast-json`: spans become
 * `{ start, end, line, column, endLine, endColumn }` (offsets and 1-based positions), bigints
 * become decimal strings, byte arrays become lower-case hex. Keys keep their AST order, so the
 * output is deterministic.
 */
import type { Span } from '../diagnostics/index.ts';
import type { SourceFileAst } from './ast.ts';

export function astToJson(ast: SourceFileAst): unknown {
  return convert(ast);
}

function isSpan(v: object): v is Span {
  return 'file' in v && 'start' in v && 'end' in v && Object.keys(v).length === 3;
}

function convert(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(convert);
  if (isSpan(v)) {
    const a = v.file.lineCol(v.start);
    const b = v.file.lineCol(v.end);
    return { start: v.start, end: v.end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = convert(x);
  return out;
}
