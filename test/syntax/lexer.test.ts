import { describe, expect, it } from 'vitest';
import { DiagnosticBag, SourceFile } from '../../compiler/diagnostics/index.ts';
import { lexSource } from '../../compiler/syntax/lexer.ts';

function lex(text: string) {
  const bag = new DiagnosticBag();
  const r = lexSource(new SourceFile('t.fl', text), bag);
  return {
    kinds: r.tokens.map((t) => `${t.tokenType.name}:${t.image}`),
    tokens: r.tokens,
    docs: r.docComments.map((d) => d.text),
    diags: bag.items.map((d) => `${d.line}:${d.column} ${d.code}`),
    messages: bag.items.map((d) => d.message),
  };
}

describe('lexer — LANGUAGE.md §2 and §11 items 1–11', () => {
  it('lexes /// before // and keeps doc comments (item 1)', () => {
    const r = lex('/// docs here\n// plain comment\n//// separator line\ntype A = u8 /// trailing doc\n');
    expect(r.docs).toEqual(['docs here', 'trailing doc']);
    expect(r.kinds).toEqual(['Kw_type:type', 'Identifier:A', 'Eq:=', 'Identifier:u8']);
  });

  it('keeps the pragma doc comments verbatim (item 2)', () => {
    const r = lex('/// govern lex esn/a/b\n/// test golden\ncircuit f() -> u8 { 1 }');
    expect(r.docs).toEqual(['govern lex esn/a/b', 'test golden']);
  });

  it('gives contextual keywords their own type inside the Identifier category (item 3)', () => {
    const r = lex('data state list import');
    expect(r.kinds).toEqual(['Kw_data:data', 'Kw_state:state', 'Kw_list:list', 'Kw_import:import']);
  });

  it('gives reserved words their own type (item 4)', () => {
    const r = lex(
      'let mut if else match while for in return continue break true false nil none as struct enum tagged type circuit fn extern const use test',
    );
    expect(r.kinds.every((k) => k.startsWith('Kw_'))).toBe(true);
  });

  it('classifies typed integers, separators and 256-bit hex (items 5, 6)', () => {
    const hex = '0x' + 'ab'.repeat(32);
    const r = lex(`0u16 31536000u64 1_000_000 0x1F 0xff ${hex} 3u8 0.85 25.0`);
    expect(r.kinds).toEqual([
      'IntLiteral:0u16',
      'IntLiteral:31536000u64',
      'IntLiteral:1_000_000',
      'IntLiteral:0x1F',
      'IntLiteral:0xff',
      `IntLiteral:${hex}`,
      'IntLiteral:3u8',
      'FloatLiteral:0.85',
      'FloatLiteral:25.0',
    ]);
    expect(r.diags).toEqual([]);
  });

  it('classifies durations and frequencies (item 7)', () => {
    const r = lex('30s 5m 24h 365d 7y 250ms 125mhz 10hz 3khz 2ghz 2w');
    expect(r.kinds).toEqual([
      'DurationLiteral:30s',
      'DurationLiteral:5m',
      'DurationLiteral:24h',
      'DurationLiteral:365d',
      'DurationLiteral:7y',
      'DurationLiteral:250ms',
      'FrequencyLiteral:125mhz',
      'FrequencyLiteral:10hz',
      'FrequencyLiteral:3khz',
      'FrequencyLiteral:2ghz',
      'DurationLiteral:2w',
    ]);
  });

  it('lexes a rate and a range as three tokens each (item 8)', () => {
    expect(lex('100000/s').kinds).toEqual(['IntLiteral:100000', 'Slash:/', 'Identifier:s']);
    expect(lex('0..8').kinds).toEqual(['IntLiteral:0', 'DotDot:..', 'IntLiteral:8']);
    expect(lex('x[7..]').kinds).toEqual(['Identifier:x', 'LBracketInline:[', 'IntLiteral:7', 'DotDot:..', 'RBracket:]']);
  });

  it('never makes a minus sign part of a literal', () => {
    expect(lex('-5').kinds).toEqual(['Minus:-', 'IntLiteral:5']);
  });

  it('accepts the \\0 escape and the other defined escapes (item 9)', () => {
    const r = lex('"a\\0b" "q\\"x" "t\\t\\n\\\\" "\\x41"');
    expect(r.kinds).toHaveLength(4);
    expect(r.diags).toEqual([]);
  });

  it('rejects any other escape with its position', () => {
    const r = lex('let s = "ab\\qcd"');
    expect(r.diags).toEqual(['1:12 FL103']);
  });

  it('reports an unterminated string once and keeps it a string', () => {
    const r = lex('let s = "abc\nlet t = 1');
    expect(r.diags).toEqual(['1:9 FL102']);
    expect(r.kinds).toContain('StringLiteral:"abc');
    expect(r.kinds.slice(-4)).toEqual(['Kw_let:let', 'Identifier:t', 'Eq:=', 'IntLiteral:1']);
  });

  it('rejects unknown number suffixes, i8, exponents and over-wide hex', () => {
    const r = lex(`12xyz 5i8 1e9 0x${'f'.repeat(65)} 1.5u8`);
    expect(r.diags).toEqual(['1:1 FL104', '1:7 FL104', '1:11 FL104', '1:15 FL104', '1:83 FL104']);
  });

  it('reports a name glued to a hex number', () => {
    expect(lex('0xffu8').diags).toEqual(['1:5 FL104']);
  });

  it('reports characters outside the language, with non-ASCII called out', () => {
    const r = lex('a # b\nlet café = 1');
    expect(r.diags).toEqual(['1:3 FL101', '2:8 FL101']);
    expect(r.messages[1]).toMatch(/non-ASCII/);
  });

  it('allows non-ASCII text in comments and strings', () => {
    expect(lex('// café ☕\nlet s = "naïve"').diags).toEqual([]);
  });

  it('splits multi-character punctuation as §2.4 lists it', () => {
    const r = lex(':: -> => == != <= >= && || << >> .. ??');
    expect(r.kinds.map((k) => k.split(':')[0])).toEqual([
      'ColonColon',
      'Arrow',
      'FatArrow',
      'EqEq',
      'NotEq',
      'LessEq',
      'GreaterEq',
      'AndAnd',
      'OrOr',
      'ShiftLeft',
      'ShiftRight',
      'DotDot',
      'QuestionQuestion',
    ]);
  });

  it('records whether each token is first on its line, ignoring comments and CR', () => {
    const r = lex('a b // c\r\n  d\n\n/// doc\ne');
    expect(r.tokens.map((t) => `${t.image}${t.nl ? '^' : ''}`)).toEqual(['a^', 'b', 'd^', 'e^']);
  });

  it('gives ( and [ that start a line their own kind (N3)', () => {
    const r = lex('f(x)\n(y)\na[0]\n[1]');
    expect(r.kinds.filter((k) => k.includes('Paren') || k.includes('Bracket')).map((k) => k.split(':')[0])).toEqual([
      'LParenInline',
      'RParen',
      'LParenLineStart',
      'RParen',
      'LBracketInline',
      'RBracket',
      'LBracketLineStart',
      'RBracket',
    ]);
  });

  it('skips a byte-order mark at the start of the file', () => {
    expect(lex('\uFEFFtype A = u8').diags).toEqual([]);
  });

  it('computes line and column lazily from offsets', () => {
    const file = new SourceFile('t.fl', 'ab\ncd\n  ef');
    const r = lexSource(file, new DiagnosticBag());
    const last = r.tokens[r.tokens.length - 1]!;
    expect(file.lineCol(last.startOffset)).toEqual({ line: 3, column: 3 });
  });
});
