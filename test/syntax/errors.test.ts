/**
 * Erroneous inputs: each case asserts the exact diagnostics (line:column code), that nothing
 * cascades from one mistake, and which declarations still parse after it (§5.18 recovery).
 */
import { describe, expect, it } from 'vitest';
import { parse, show, where } from './helpers.ts';

interface ErrorCase {
  name: string;
  source: string;
  diagnostics: string[];
  decls: string[];
  message?: RegExp;
}

const CASES: ErrorCase[] = [
  {
    name: 'let without a value',
    source: 'circuit a() -> u8 {\n    let x =\n}\ncircuit b() -> u8 { 1 }\n',
    diagnostics: ['3:1 FL202'],
    decls: ['ErrorDecl', 'Circuit'],
    message: /expected an expression, found '}'/,
  },
  {
    name: 'type without a name, then a good one',
    source: 'type = u8\ntype Ok = u8\n',
    diagnostics: ['1:6 FL201'],
    decls: ['ErrorDecl', 'TypeDecl'],
    message: /expected a name, found '='/,
  },
  {
    name: 'two bad declarations each report once',
    source: 'type = u8\ntype Ok = u8\ncircuit c( -> u8 { 1 }\ncircuit d() -> u8 { 2 }\n',
    diagnostics: ['1:6 FL201', '3:12 FL201'],
    decls: ['ErrorDecl', 'TypeDecl', 'ErrorDecl', 'Circuit'],
  },
  {
    name: 'reserved word as a parameter name',
    source: 'circuit f(type: u8) -> u8 { 1 }\n',
    diagnostics: ['1:11 FL203'],
    decls: ['ErrorDecl'],
    message: /'type' is a reserved word/,
  },
  {
    name: 'reserved word as a let name',
    source: 'circuit f() -> u8 {\n  let match = 3\n  1\n}\ntype T = u8\n',
    diagnostics: ['2:7 FL203'],
    decls: ['ErrorDecl', 'TypeDecl'],
  },
  {
    name: 'reserved word as a field name',
    source: 'type P = struct { in: u8 }\n',
    diagnostics: ['1:19 FL203'],
    decls: ['ErrorDecl'],
  },
  {
    name: 'unclosed brace points at the next declaration and the opener',
    source: 'circuit f() -> u8 {\n  let x = 1\n  if x > 0 {\n    x\n}\n\ncircuit g() -> u8 { 2 }\n',
    diagnostics: ['7:1 FL201'],
    decls: ['ErrorDecl', 'Circuit'],
    message: /expected '}'/,
  },
  {
    name: 'end of file inside a call',
    source: 'circuit f() -> u8 { g(1, 2\n',
    diagnostics: ['2:1 FL201'],
    decls: ['ErrorDecl'],
    message: /found end of file/,
  },
  {
    name: 'two statements on one line',
    source: 'circuit f() -> u8 {\n  let x = 1 let y = 2\n  x\n}\n',
    diagnostics: ['2:13 FL206'],
    decls: ['ErrorDecl'],
  },
  {
    name: 'chained comparison keeps the declaration',
    source: 'circuit f(a: u8, b: u8) -> bool {\n  a < b < 3\n}\n',
    diagnostics: ['2:9 FL204'],
    decls: ['Circuit'],
  },
  {
    name: 'unknown escape in a string',
    source: 'const S: string = "a\\qb"\nconst T: u8 = 1\n',
    diagnostics: ['1:21 FL103'],
    decls: ['Const', 'Const'],
  },
  {
    name: 'unknown number suffix',
    source: 'const X: u8 = 12xyz\n',
    diagnostics: ['1:15 FL104'],
    decls: ['Const'],
  },
  {
    name: 'unterminated string does not swallow the next line',
    source: 'const S: string = "abc\nconst T: u8 = 1\n',
    diagnostics: ['1:19 FL102'],
    decls: ['Const', 'Const'],
  },
  {
    name: 'stray token at the top level',
    source: '}\ntype A = u8\n',
    diagnostics: ['1:1 FL205'],
    decls: ['TypeDecl'],
  },
  {
    name: 'stray lines at the top level report once',
    source: 'type A = u8\nlet x = 1\nx = 2\ntype B = u8\n',
    diagnostics: ['2:1 FL205'],
    decls: ['TypeDecl', 'TypeDecl'],
  },
  {
    name: 'circuit without a body',
    source: 'circuit f() -> u8\ntype A = u8\n',
    diagnostics: ['2:1 FL201'],
    decls: ['ErrorDecl', 'TypeDecl'],
    message: /expected '\{' to open the body of circuit 'f'/,
  },
  {
    name: 'missing field type',
    source: 'type A = struct { a: , b: u8 }\ntype B = u8\n',
    diagnostics: ['1:22 FL202'],
    decls: ['ErrorDecl', 'TypeDecl'],
    message: /expected a type/,
  },
  {
    name: 'missing colon in a field',
    source: 'type P = struct { a u8 }\ntype Q = u8\n',
    diagnostics: ['1:21 FL201'],
    decls: ['ErrorDecl', 'TypeDecl'],
  },
  {
    name: 'character outside the language',
    source: 'circuit f() -> u8 { 1 $ 2 }\ntype A = u8\n',
    diagnostics: ['1:23 FL101'],
    decls: ['ErrorDecl', 'TypeDecl'],
  },
  {
    name: 'frequency used as a value',
    source: 'circuit f() -> u64 { 125mhz }\n',
    diagnostics: ['1:22 FL217'],
    decls: ['ErrorDecl'],
  },
  {
    name: 'assignment to something that is not a place',
    source: 'circuit f() -> u8 {\n  1 + 2 = 3\n  1\n}\n',
    diagnostics: ['2:3 FL207'],
    decls: ['Circuit'],
  },
  {
    name: 'double comma in a call',
    source: 'circuit f(a: u8) -> u8 { g(a,, a) }\n',
    diagnostics: ['1:30 FL202'],
    decls: ['ErrorDecl'],
  },
  {
    name: 'return type missing after the arrow',
    source: 'circuit f(a: u8) -> { a }\n',
    diagnostics: ['1:21 FL202'],
    decls: ['ErrorDecl'],
  },
  {
    name: 'a missing comma between two arguments on one line',
    source: 'circuit f(a: u8) -> u8 { g(a a) }\n',
    diagnostics: ['1:30 FL201'],
    decls: ['ErrorDecl'],
    message: /expected ',' or '\)'/,
  },
  {
    name: 'stray > after a generic type',
    source: 'type M = list<u8>>\ntype N = u8\n',
    diagnostics: ['1:17 FL201'],
    decls: ['ErrorDecl', 'TypeDecl'],
  },
  {
    name: 'as on the next line (N6)',
    source: 'circuit f(x: u16) -> u8 {\n  let y = x\n    as u8\n  y\n}\n',
    diagnostics: ['3:5 FL218'],
    decls: ['Circuit'],
  },
  {
    name: 'bad store kind',
    source: 'store bucket things { key: u8 }\ntype A = u8\n',
    diagnostics: ['1:1 FL205'],
    decls: ['TypeDecl'],
  },
  {
    name: 'error deep inside a data verb block',
    source: 'data D : app v1 { a: u8 }\n    @sign { algorithm }\n    @store kv\ntype A = u8\n',
    diagnostics: [],
    decls: ['Data', 'TypeDecl'],
  },
  {
    name: 'error in a header clause skips to the next declaration',
    source: 'circuit f() -> u8\n    @invariant "x" { a < }\n{ 1 }\ncircuit g() -> u8 { 2 }\n',
    diagnostics: ['2:26 FL202'],
    decls: ['ErrorDecl', 'Circuit'],
  },
  {
    name: 'unclosed struct literal inside a journey step',
    source: 'step s {\n  action: f(Foo { a: 1 )\n}\nstep t {\n  actor: a\n}\n',
    diagnostics: ['2:24 FL201'],
    decls: ['ErrorDecl', 'Step'],
  },
];

describe('syntax errors: location, single diagnostic, recovery', () => {
  it.each(CASES)('$name', (c) => {
    const r = parse(c.source, c.name.replace(/\W+/g, '_') + (c.source.startsWith('step') ? '.flj' : '.fl'));
    const errorsAndWarnings = r.diagnostics.filter((d) => d.severity !== 'note');
    expect(where(errorsAndWarnings.filter((d) => d.severity === 'error'))).toEqual(c.diagnostics);
    expect(r.ast.decls.map((d) => d.kind)).toEqual(c.decls);
    if (c.message) expect(r.errors[0]?.message).toMatch(c.message);
  });

  it('fails only the declaration that nests too deeply', () => {
    const r = parse(`circuit f() -> u8 { ${'('.repeat(400)}1${')'.repeat(400)} }\ntype A = u8\n`);
    expect(r.errors.map((d) => d.code)).toEqual(['FL208']);
    expect(r.ast.decls.map((d) => d.kind)).toEqual(['ErrorDecl', 'TypeDecl']);
  });

  it('has at least twenty error cases', () => {
    expect(CASES.filter((c) => c.diagnostics.length > 0).length).toBeGreaterThanOrEqual(20);
  });

  it('gives every diagnostic a span inside the file, ending after it starts', () => {
    for (const c of CASES) {
      const r = parse(c.source);
      const lines = c.source.split('\n');
      for (const d of r.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lines.length);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.endLine > d.line || d.endColumn > d.column).toBe(true);
      }
    }
  });

  it('names the unclosed opener of an unterminated block', () => {
    const r = parse('circuit f() -> u8 {\n  if x {\n    1\n');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.related?.[0]).toMatchObject({ line: 2, column: 8 });
    expect(r.errors[0]!.hint).toMatch(/line 2/);
  });
});

describe('tolerance (§10): warnings, never errors', () => {
  it('warns about unknown clause words and skips their lines', () => {
    const r = parse('circuit f() -> u8\n    @frobnicate yes { a: 1 }\n    mystery 3\n    @precision A\n{ 1 }\n');
    expect(where(r.diagnostics)).toEqual(['2:6 FL210', '3:5 FL210']);
    expect(r.ast.decls[0]!.kind === 'Circuit' && r.ast.decls[0]!.clauses.map((c) => c.name)).toEqual(['precision']);
  });

  it('warns about an unknown clause line after a stream and keeps the next declaration', () => {
    const r = parse('stream s: event<u8>\n    @retention 3d\n    @color blue\ntype A = u8\n');
    expect(where(r.diagnostics)).toEqual(['3:6 FL210']);
    expect(r.ast.decls.map((d) => d.kind)).toEqual(['Stream', 'TypeDecl']);
  });

  it('warns about unknown items in blocks', () => {
    const r = parse('data D : app v1 { a: u8 }\n    @sign { algorithm mldsa87; flavour spicy }\n');
    expect(where(r.diagnostics)).toEqual(['2:32 FL210']);
  });

  it('warns about metadata clauses whose values have the wrong shape', () => {
    const r = parse('circuit f() -> u8\n    @timeout_not_here 3\n    @rbac attendant\n    @clock_domain 30\n{ 1 }\n');
    expect(where(r.diagnostics)).toEqual(['2:6 FL210', '3:11 FL220', '4:19 FL220']);
  });

  it('warns about words left after a clause and keeps the body', () => {
    const r = parse('circuit f() -> u8\n    @observe true extra words\n{ 1 }\n');
    expect(where(r.diagnostics)).toEqual(['2:19 FL221']);
    expect(r.ast.decls[0]!.kind).toBe('Circuit');
  });

  it('warns about a misplaced /// test golden and a missing return type', () => {
    const r = parse('/// test golden\ntype A = u8\ncircuit f(x: u8) {\n  x\n}\n');
    expect(where(r.diagnostics)).toEqual(['1:1 FL212', '3:9 FL215']);
  });

  it('keeps a structured clause written another way as metadata, with a warning', () => {
    const r = parse('circuit f() -> u8\n    @observe latency_ms\n    @witness threshold 3 of 5\n    @sanitize [a.b]\n{ 1 }\n');
    expect(where(r.diagnostics)).toEqual(['2:14 FL220', '3:14 FL220', '4:15 FL220']);
    expect(r.ast.decls[0]!.kind === 'Circuit' && r.ast.decls[0]!.clauses.map((c) => c.name)).toEqual(['observe', 'witness', 'sanitize']);
  });

  it('reads a lex path written as a string', () => {
    const r = parse('circuit f() -> u8\n    @lex "esn/a/b"\n{ 1 }\n');
    const d = r.ast.decls[0]!.kind === 'Circuit' ? r.ast.decls[0]!.clauses[0]!.detail : undefined;
    expect(d?.kind === 'lex' && d.path.normalized).toBe('a/b');
  });

  it('takes an @clause on the head line of a declaration without braces', () => {
    const r = parse('data X : app v1 { a: u8 } @store kv\nstream s: event<u8> @retention 3d\n    @ttl 1d\ntype T = u8\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.decls.map((d) => (d.kind === 'Data' ? d.verbs.length : d.kind === 'Stream' ? d.clauses.length : d.kind))).toEqual([
      1,
      2,
      'TypeDecl',
    ]);
  });

  it('reads an annotation in a parameter list as exactly two words', () => {
    const r = parse('circuit f(@status production, a: u8) -> u8 { a }\ncircuit g(\n  @mood happy\n  b: u8\n) -> u8 { b }\n');
    expect(where(r.diagnostics)).toEqual(['3:4 FL210']);
    expect(r.ast.decls.map((d) => (d.kind === 'Circuit' ? `${d.params.map((p) => p.name.name)} ${d.clauses.map((c) => c.name)}` : d.kind))).toEqual([
      'a status',
      'b ',
    ]);
  });

  it('reads an anonymous struct return type, a body on the lex line, and extra words after a transition', () => {
    const r = parse(
      'circuit f() -> { ok: bool }\n{ { ok: true } }\ncircuit g() -> u8\n    @lex a/b {\n  1\n}\nstate_machine m {\n  A -> B : go\n  B -> A when back\n}\n',
    );
    expect(where(r.diagnostics)).toEqual(['8:10 FL221']);
    expect(r.ast.decls.map((d) => d.kind)).toEqual(['Circuit', 'Circuit', 'StateMachine']);
    const g = r.ast.decls[1]!;
    expect(g.kind === 'Circuit' && g.body.stmts.length).toBe(1);
  });

  it('accepts @ before domain items and optional colons in journey items', () => {
    const d = parse('domain a {\n  @module m from "x.fl"\n  module n\n}\n');
    expect(where(d.diagnostics)).toEqual(['3:3 FL220']);
    expect(d.ast.decls[0]!.kind === 'Domain' && d.ast.decls[0]!.items.map((i) => i.name.name)).toEqual(['m']);
    const j = parse('journey "j" {\n  description: "d"\n}\nstep s {\n  actor rider\n  action go(1)\n  expect: result == 1\n}\n', 'j.flj');
    expect(j.diagnostics).toEqual([]);
    const step = j.ast.decls[1]!;
    expect(step.kind === 'Step' && [step.actor?.name, step.action && show(step.action), step.expects.length]).toEqual(['rider', '(call go 1)', 1]);
  });

  it('notes a unit word in a predicate', () => {
    const r = parse('circuit f(a: u32) -> u32\n    @invariant { a + 1 == 10000 bps }\n{ a }\n');
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['note FL213']);
  });
});
