/** ESCIR.md §2 Positions: diagnostics inside block scalars, flow strings and type strings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, SourceFile } from '../../../compiler/diagnostics/index.ts';
import { EscirReporter } from '../../../compiler/escir/diagnostics.ts';
import { parseYamlTree } from '../../../compiler/escir/yaml/load-yaml.ts';
import { get, type YScalar } from '../../../compiler/escir/yaml/tree.ts';
import { load } from '../helpers.ts';

function scalar(text: string, key: string): { s: YScalar; text: string } {
  const r = new EscirReporter(new SourceFile('p.yaml', text), new DiagnosticBag(), false, false);
  const t = parseYamlTree(text, r)!;
  return { s: get(t.root, key) as YScalar, text };
}

describe('scalar positions', () => {
  it('block literal: line = first content line + inner line, column = indent + inner column', () => {
    const { s, text } = scalar('a: 1\nbody: |\n    let v = 1\n      v + zz\n', 'body');
    const i = (s.value as string).indexOf('zz');
    const off = s.offsetAt(i);
    expect(text.slice(off, off + 2)).toBe('zz');
    expect(new SourceFile('p', text).lineCol(off)).toEqual({ line: 4, column: 11 });
  });

  it('double-quoted strings with escapes', () => {
    const { s, text } = scalar('k: "a\\tb \\u00e9 target"\n', 'k');
    const off = s.offsetAt((s.value as string).indexOf('target'));
    expect(text.slice(off, off + 6)).toBe('target');
  });

  it('single-quoted strings with doubled quotes', () => {
    const { s, text } = scalar("k: 'it''s here'\n", 'k');
    const off = s.offsetAt((s.value as string).indexOf('here'));
    expect(text.slice(off, off + 4)).toBe('here');
  });

  it('folded plain scalars across lines', () => {
    const { s, text } = scalar('k: alpha\n  beta gamma\n', 'k');
    const off = s.offsetAt((s.value as string).indexOf('gamma'));
    expect(text.slice(off, off + 5)).toBe('gamma');
  });

  it('property: every character of a double-quoted ASCII string maps to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abc XYZ019_-+*/<>=!?:,.'.split('')), maxLength: 40 }), (str) => {
        const { s, text } = scalar(`k: "${str}"\n`, 'k');
        for (let i = 0; i < str.length; i++) if (text[s.offsetAt(i)] !== str[i]) return false;
        return true;
      }),
    );
  });

  it('property: quoted strings with escapes and doubled quotes map each value character to its source', () => {
    const unit = fc.constantFrom(...'ab 0:'.split(''), "'", '"', '\\');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (str) => {
        // Double-quoted: `\"` and `\\` escapes point at their backslash; anything else at itself.
        const dq = scalar(`k: "${str.replace(/[\\"]/g, (c) => `\\${c}`)}"\n`, 'k');
        expect(dq.s.value).toBe(str);
        for (let i = 0; i < str.length; i++) expect(dq.text[dq.s.offsetAt(i)]).toBe(str[i] === '"' || str[i] === '\\' ? '\\' : str[i]);
        // Single-quoted: a doubled quote is one character, at the first quote of the pair.
        const sq = scalar(`k: '${str.replace(/'/g, "''")}'\n`, 'k');
        expect(sq.s.value).toBe(str);
        for (let i = 0; i < str.length; i++) expect(sq.text[sq.s.offsetAt(i)]).toBe(str[i]);
      }),
    );
  });

  it('property: block literal lines map to their source lines', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z][a-z0-9 +]{0,12}$/), { minLength: 1, maxLength: 6 }), fc.integer({ min: 2, max: 6 }), (lines, indent) => {
        const pad = ' '.repeat(indent);
        const text = `k: |\n${lines.map((l) => pad + l).join('\n')}\n`;
        const { s } = scalar(text, 'k');
        const value = s.value as string;
        for (let i = 0; i < value.length; i++) if (value[i] !== '\n' && text[s.offsetAt(i)] !== value[i]) return false;
        return true;
      }),
    );
  });
});

describe('positions of diagnostics', () => {
  it('a flow error points at the token inside the flow string', () => {
    const text = 'escir: "1.0"\nkind: circuit\nname: t\nversion: 1.0.0\ninputs: [{name: x, type: u32, mode: event}]\noutputs: [{name: y, type: u32, mode: event}]\ngraph:\n  nodes:\n    - {id: n, op: expr, body: "x"}\n  edges: ["x -> n", "n -> yy"]\n';
    const d = load(text).diagnostics.find((x) => x.code === 'E050')!;
    expect([d.line, d.column, d.pointer, d.hint]).toEqual([10, 27, '/graph/edges/1', 'did you mean `y`?']);
  });

  it('a type error points inside the type string', () => {
    const text = 'escir: "1.0"\nkind: circuit\nname: t\nversion: 1.0.0\ntypes:\n  R: {kind: struct, fields: [{name: a, type: "[Sampel; 4]"}]}\n';
    const d = load(text).diagnostics.find((x) => x.code === 'E030')!;
    expect([d.line, d.column]).toEqual([6, 48]);
  });
});
