/**
 * Flow strings (ESCIR.md §5.1):
 *   flow     ::= group ("->" group)+        group ::= endpoint ("," endpoint)*
 *   endpoint ::= IDENT ("." IDENT)* | IDENT "[" (INT|"n"|"*") "]" ("." IDENT)+
 * Adjacent groups expand to their cross product, in textual order.
 */
import type { EndpointSeg } from '../model.ts';

export interface RawEndpoint {
  text: string;
  segs: EndpointSeg[];
  index?: { value: number | 'n' | '*'; start: number; end: number };
  start: number;
  end: number;
}

export class FlowSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Parses a flow into its groups (offsets are indices into `src`). */
export function parseFlow(src: string): RawEndpoint[][] {
  const groups: RawEndpoint[][] = [];
  let pos = 0;
  const ws = () => {
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  };
  const endpoint = (): RawEndpoint => {
    ws();
    const start = pos;
    const segs: EndpointSeg[] = [];
    let index: RawEndpoint['index'];
    const ident = (): EndpointSeg => {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(pos));
      if (!m) {
        const found = pos < src.length ? `\`${src[pos]}\`` : 'end of flow';
        throw new FlowSyntaxError(`expected a name in the flow, found ${found}`, pos, pos + 1);
      }
      const seg = { name: m[0], start: pos, end: pos + m[0].length };
      pos += m[0].length;
      return seg;
    };
    segs.push(ident());
    if (src[pos] === '[') {
      const is = pos;
      pos++;
      const m = /^\s*(\d+|n|\*)\s*\]/.exec(src.slice(pos));
      if (!m) throw new FlowSyntaxError('expected `[k]`, `[n]` or `[*]` after an instance name', is, Math.min(src.length, is + 1));
      pos += m[0].length;
      const v = m[1]!;
      index = { value: v === 'n' || v === '*' ? v : Number(v), start: is, end: pos };
      if (src[pos] !== '.') throw new FlowSyntaxError('an indexed endpoint needs a port: `pool[n].port`', is, pos);
    }
    while (src[pos] === '.') {
      pos++;
      segs.push(ident());
    }
    return { text: src.slice(start, pos), segs, start, end: pos, ...(index ? { index } : {}) };
  };
  const group = (): RawEndpoint[] => {
    const g = [endpoint()];
    ws();
    while (src[pos] === ',') {
      pos++;
      g.push(endpoint());
      ws();
    }
    return g;
  };
  groups.push(group());
  ws();
  while (src.startsWith('->', pos)) {
    pos += 2;
    groups.push(group());
    ws();
  }
  if (pos < src.length) {
    const found = src.slice(pos, pos + 2) === '=>' ? '`=>` (write `->`)' : `\`${src[pos]}\``;
    throw new FlowSyntaxError(`unexpected ${found} in the flow`, pos, pos + 1);
  }
  if (groups.length < 2) throw new FlowSyntaxError('a flow needs at least one `->`', 0, Math.max(1, src.length));
  return groups;
}

/** The (from, to) pairs of a parsed flow in commit order. */
export function expandFlow(groups: RawEndpoint[][]): [RawEndpoint, RawEndpoint][] {
  const out: [RawEndpoint, RawEndpoint][] = [];
  for (let g = 0; g + 1 < groups.length; g++) for (const a of groups[g]!) for (const b of groups[g + 1]!) out.push([a, b]);
  return out;
}
