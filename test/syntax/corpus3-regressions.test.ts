import { describe, expect, it } from 'vitest';
import type { Decl } from '../../compiler/syntax/ast.ts';
import { parse, parseOk, sx, sxAll, where } from './helpers.ts';

/** Defects found by the adversarial corpus (test/fixtures/corpus3), one test each. */
describe('corpus3 regressions: syntax', () => {
  it('takes a plain verb word on the line of a data declaration’s closing brace as its first verb', () => {
    const ast = parseOk('data Inline : app v1 { a: u8, } encode cbor\n    @store kv\ntype T = u8\n');
    const d = ast.decls[0] as Extract<Decl, { kind: 'Data' }>;
    expect(d.verbs.map((v) => v.name)).toEqual(['encode', 'store']);
    expect(ast.decls.map((x) => x.kind)).toEqual(['Data', 'TypeDecl']);
    const s = parseOk('stream s: event<u8> retention 5d\n    ttl 1h\n');
    expect((s.decls[0] as Extract<Decl, { kind: 'Stream' }>).clauses.map((c) => c.name)).toEqual(['retention', 'ttl']);
  });

  it('still rejects a word that is no verb after a data declaration’s closing brace', () => {
    const r = parse('data D : app v1 { a: u8 } bogus words\ntype T = u8\n');
    expect(where(r.errors)).toEqual(['1:27 FL205']);
    expect(r.ast.decls.map((x) => x.kind)).toEqual(['Data', 'TypeDecl']);
  });

  it('reads `return`, `break` and `continue` as a match arm body', () => {
    expect(sx('match x { 0 => return 1, 1 => return, 2 => break, 3 => continue, _ => x }')).toBe(
      '(match x [0 { (return 1) }] [1 { (return) }] [2 { (break) }] [3 { (continue) }] [_ x])',
    );
    expect(sx('match x {\n    0 => return 1\n    _ => return\n}')).toBe('(match x [0 { (return 1) }] [_ { (return) }])');
  });

  it('still rejects other statements as an arm body, and goes on to report later errors', () => {
    const r = parse('circuit f(x: u8) -> u8 {\n    match x { 0 => return 1, _ => let y = 1 }\n}\ncircuit g(x: u8) -> u8 {\n    x +* 2\n}\ntype Ok = u8\n');
    expect(where(r.errors)).toEqual(['2:35 FL202', '5:8 FL202']);
    expect(r.errors[0]!.message).toBe("expected an expression or a block after '=>', found reserved word 'let'");
    expect(r.ast.decls.map((d) => d.kind)).toEqual(['ErrorDecl', 'ErrorDecl', 'TypeDecl']);
  });

  it('compares a value named `list` or `option` when a comma sits right inside the angle brackets', () => {
    expect(sx('f(list < n, m > 2)')).toBe('(call f (< list n) (> m 2))');
    expect(sx('g(option < a, b > c)')).toBe('(call g (< option a) (> b c))');
    // Commas nested inside the type argument still make a type.
    expect(sx('list<{ a: u8, b: u16 }>::new()')).toBe('(call (type list<{ a: u8, b: u16 }>::new))');
    expect(sx('list<state<u8, u16>>')).toBe('(type list<state<u8, u16>>)');
  });

  it('recognises `/// test golden` however its words are spaced', () => {
    const ast = parseOk('///   test \t golden\ncircuit g(a: u8) -> u8 { a }\n');
    expect(ast.decls[0]!.kind === 'Circuit' && ast.decls[0]!.testGolden).toBe(true);
    const other = parseOk('/// test goldens\ncircuit h(a: u8) -> u8 { a }\n');
    expect(other.decls[0]!.kind === 'Circuit' && other.decls[0]!.testGolden).toBeFalsy();
  });

  it('ends an assert at the line break even when the next line starts with a predicate word', () => {
    expect(sxAll('assert xs == none\ndoes_not_contain.push(1)\nimplies = 2')).toEqual([
      '(assert (== xs none))',
      '(.push does_not_contain 1)',
      '(= implies 2)',
    ]);
    // On the operand's line, inside brackets, and in predicate braces the words still apply.
    expect(sxAll('assert xs does_not_contain 3\nassert (xs\n    does_not_contain 4)')).toEqual([
      '(assert (does_not_contain xs 3))',
      '(assert (does_not_contain xs 4))',
    ]);
    expect(sx('@invariant { a > 0\n    implies b > 0 }')).toBe('(invariant (implies (> a 0) (> b 0)))');
  });

  it('reads an `else if` chain of any length without meeting the nesting limit', () => {
    const arms = Array.from({ length: 1000 }, (_, i) => `    else if tag == ${i + 1} { ${i} }`).join('\n');
    const ast = parseOk(`circuit decode(tag: u32) -> u32 {\n    if tag == 0 { 0 }\n${arms}\n    else { 9 }\n}\n`);
    const body = (ast.decls[0] as Extract<Decl, { kind: 'Circuit' }>).body.stmts[0]!;
    let node = body.kind === 'ExprStmt' ? body.expr : undefined;
    let branches = 0;
    const end = node?.span.end;
    while (node !== undefined && node.kind === 'If') {
      branches++;
      expect(node.span.end).toBe(end); // every branch spans to the end of the chain
      node = node.else?.kind === 'If' ? node.else : undefined;
    }
    expect(branches).toBe(1001);
    expect(sx('if a { 1 } else if b { 2 } else { 3 }')).toBe('(if a { 1 } (if b { 2 } { 3 }))');
    expect(where(parse('circuit f(x: u8) -> u8 { if x > 1 { 1 } else x }\n').errors)).toEqual(['1:46 FL202']);
  });

  it('reads the file preamble written plain (`status production`) and a lex path written as a string', () => {
    const ast = parseOk('status production\nlex "lib/loans"\ntype A = u8\n');
    expect(ast.preamble.status?.name).toBe('production');
    expect(ast.preamble.lex?.normalized).toBe('lib/loans');
    expect(parseOk('@status draft\nlex "esn/lib/x"\n').preamble.lex?.normalized).toBe('lib/x');
    expect(parseOk('@lex lib/at\n@status draft\n').preamble.lex?.normalized).toBe('lib/at');
    // After the first declaration it is still the usual warning.
    expect(where(parse('type A = u8\nstatus production\n').diagnostics)).toEqual(['2:1 FL214']);
  });
});
