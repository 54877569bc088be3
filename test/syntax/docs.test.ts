import { describe, expect, it } from 'vitest';
import { parse, parseOk } from './helpers.ts';

describe('doc comments and pragmas (§2.1)', () => {
  it('attaches the run of /// lines to the declaration below it', () => {
    const ast = parseOk(
      '/// A ticket id.\n/// Sixteen bytes.\ntype TicketId = bytes(16)\n\ntype Other = u8\n/// Spec: LOT-1\ncircuit f() -> u8 { 1 }\n',
    );
    expect(ast.decls.map((d) => d.docs.map((x) => x.text))).toEqual([['A ticket id.', 'Sixteen bytes.'], [], ['Spec: LOT-1']]);
    expect(ast.docComments).toHaveLength(3);
  });

  it('marks a circuit whose last doc line is /// test golden', () => {
    const ast = parseOk('/// Prices a stay.\n/// test golden\ncircuit price() -> u32 { 1 }\ncircuit other() -> u32 { 2 }\n');
    expect(ast.decls.map((d) => d.kind === 'Circuit' && d.testGolden === true)).toEqual([true, false]);
  });

  it('does not give a declaration the doc comments inside the previous one', () => {
    const ast = parseOk('circuit f() -> u8 {\n  /// inside\n  1\n}\ntype A = u8\n');
    expect(ast.decls[1]!.docs).toEqual([]);
    expect(ast.docComments.map((d) => d.text)).toEqual(['inside']);
  });

  it('reads /// govern lex, strips esn/, and keeps it out of the docs', () => {
    const ast = parseOk('/// govern lex esn/parking/billing\n/// Fee types.\ntype Fee = u32\n', 'x.fld');
    expect(ast.pragmas.governLex?.path).toBe('parking/billing');
    expect(ast.decls[0]!.docs.map((d) => d.text)).toEqual(['Fee types.']);
  });

  it('warns about /// test golden that marks no circuit', () => {
    const r = parse('/// test golden\ntype A = u8\ntype B = u8\n/// test golden\n');
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['1:1 FL212', '4:1 FL212']);
  });

  it('keeps the text of an empty doc line', () => {
    const ast = parseOk('///\n/// x\ntype A = u8\n');
    expect(ast.decls[0]!.docs.map((d) => d.text)).toEqual(['', 'x']);
  });
});
