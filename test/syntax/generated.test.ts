/**
 * Grammar-directed property tests: fast-check builds random *valid* programs together with the
 * tree they must parse to, printed with as few parentheses as precedence allows and with line
 * breaks wherever §3 permits them. The parser must accept every one with zero errors and give
 * back exactly the expected tree (as an S-expression, see helpers.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, show } from './helpers.ts';

/** Generated code and the S-expression of its tree; `prec` is the precedence of its top operator. */
interface Gen {
  text: string;
  sx: string;
  prec: number;
}

const ATOM = 16;
// Names that are plain in expressions (contextual keywords included, but not the ones that start
// other constructs there: bytes/list/option/event, statement words).
const NAMES = ['x', 'y', 'total', 'count', 'data', 'state', 'key', 'value', 'events', 'target', 'metrics', 'import', 'result', 'node', 'role'];
const BINARY: [string, number][] = [
  ['??', 3],
  ['||', 4],
  ['&&', 5],
  ['==', 6],
  ['!=', 6],
  ['<', 6],
  ['>', 6],
  ['<=', 6],
  ['>=', 6],
  ['|', 7],
  ['^', 8],
  ['&', 9],
  ['<<', 10],
  ['>>', 10],
  ['+', 11],
  ['-', 11],
  ['*', 12],
  ['/', 12],
  ['%', 12],
];
const TYPES = ['u8', 'u32', 'u64', 'i64', 'bool', 'bytes(32)', 'list<u8>', 'list<list<u8>>', 'Spot', 'option<u16>'];
const BREAKS = [' ', ' ', ' ', '\n    ', ' \n    '];

function paren(g: Gen, needed: boolean): string {
  return needed ? `(${g.text})` : g.text;
}

/** A condition (§7.1 CondExpr) holding a brace needs brackets around it. */
function cond(g: Gen): string {
  return g.text.includes('{') ? `(${g.text})` : g.text;
}

const atom: fc.Arbitrary<Gen> = fc.oneof(
  fc.constantFrom(...NAMES).map((n) => ({ text: n, sx: n, prec: ATOM })),
  fc.constantFrom('0', '42', '0xff', '1_000', '3u8', '0.5').map((n) => ({ text: n, sx: n, prec: ATOM })),
  fc.constantFrom('true', 'false', 'nil', 'none').map((n) => ({ text: n, sx: n, prec: ATOM })),
  fc.constantFrom('"s"', '"a b"').map((s) => ({ text: s, sx: s, prec: ATOM })),
  fc.constantFrom('Fault::Jammed', 'a::b::C').map((p) => ({ text: p, sx: p, prec: ATOM })),
  fc.constantFrom('bytes(32)', 'bytes(8){0xff}').map((b) => ({ text: b, sx: b === 'bytes(32)' ? '(bytes 32)' : '(bytes 8 0xff)', prec: ATOM })),
  fc
    .constantFrom('list<u8>::new()', 'list<Spot>{}')
    .map((b) => ({ text: b, sx: b.endsWith('()') ? '(call (type list<u8>::new))' : '(struct list<Spot>)', prec: ATOM })),
);

const expr: fc.Arbitrary<Gen> = fc.letrec<{ e: Gen }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    // binary, minimal parentheses, a line break before or after the operator now and then
    fc.tuple(tie('e'), fc.constantFrom(...BINARY), tie('e'), fc.constantFrom(...BREAKS)).map(([l, [op, p], r, br]) => {
      const leftParens = l.prec < p || (p === 6 && l.prec === 6);
      const rightParens = r.prec <= p;
      const before = br.startsWith('\n') ? br : ' ';
      const after = br.startsWith(' \n') ? br.slice(1) : ' ';
      return { text: `${paren(l, leftParens)}${before}${op}${after}${paren(r, rightParens)}`, sx: `(${op} ${l.sx} ${r.sx})`, prec: p };
    }),
    fc.tuple(fc.constantFrom('!', '-'), tie('e')).map(([op, e]) => ({ text: `${op}${paren(e, e.prec < 14)}`, sx: `(${op} ${e.sx})`, prec: 14 })),
    fc.tuple(tie('e'), fc.constantFrom(...TYPES)).map(([e, t]) => ({ text: `${paren(e, e.prec < 13)} as ${t}`, sx: `(as ${e.sx} ${t})`, prec: 13 })),
    fc.tuple(fc.constantFrom('f', 'sha3_256', 'fold'), fc.array(tie('e'), { maxLength: 3 }), fc.boolean()).map(([f, args, multiline]) => {
      const sep = multiline ? ',\n        ' : ', ';
      return {
        text: `${f}(${args.map((a) => a.text).join(sep)}${multiline && args.length ? ',' : ''})`,
        sx: `(call ${f}${args.map((a) => ' ' + a.sx).join('')})`,
        prec: 15,
      };
    }),
    fc
      .tuple(tie('e'), fc.constantFrom('len', 'get', 'push'))
      .map(([e, m]) => ({ text: `${paren(e, e.prec < 15)}.${m}(1)`, sx: `(.${m} ${e.sx} 1)`, prec: 15 })),
    fc
      .tuple(tie('e'), fc.constantFrom('field', 'type', '@status'))
      .map(([e, f]) => ({ text: `${paren(e, e.prec < 15)}\n        .${f}`, sx: `(. ${e.sx} ${f.replace('@', '')})`, prec: 15 })),
    fc.tuple(tie('e'), tie('e')).map(([e, i]) => ({ text: `${paren(e, e.prec < 15)}[${i.text}]`, sx: `([] ${e.sx} ${i.sx})`, prec: 15 })),
    fc.tuple(tie('e'), fc.constantFrom('[0..8]', '[2..]', '[:4]')).map(([e, s]) => ({
      text: `${paren(e, e.prec < 15)}${s}`,
      sx: s === '[0..8]' ? `([..] ${e.sx} 0 8)` : s === '[2..]' ? `([..] ${e.sx} 2 _)` : `([:] ${e.sx} _ 4)`,
      prec: 15,
    })),
    fc
      .array(tie('e'), { maxLength: 3 })
      .map((xs) => ({ text: `[${xs.map((x) => x.text).join(', ')}]`, sx: `(list${xs.map((x) => ' ' + x.sx).join('')})`, prec: ATOM })),
    fc
      .tuple(tie('e'), tie('e'))
      .map(([a, b]) => ({ text: `Spot { level: ${a.text}, bay: ${b.text} }`, sx: `(struct Spot level:${a.sx} bay:${b.sx})`, prec: ATOM })),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => ({
      text: `if ${cond(c)} { ${a.text} } else { ${b.text} }`,
      sx: `(if ${c.sx} { ${a.sx} } { ${b.sx} })`,
      prec: ATOM,
    })),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([s, a, b]) => ({
      text: `match ${cond(s)} {\n        0 => ${a.text},\n        _ => { ${b.text} }\n    }`,
      sx: `(match ${s.sx} [0 ${a.sx}] [_ { ${b.sx} }])`,
      prec: ATOM,
    })),
    tie('e').map((body) => ({ text: `|acc, s| ${body.text}`, sx: `(fn [acc s] ${body.sx})`, prec: 1 })),
  ),
})).e;

/** A statement, with the S-expression of its tree. Statements never start with an operator. */
const statement: fc.Arbitrary<Gen> = fc.oneof(
  fc.tuple(fc.constantFrom(...NAMES), expr, fc.boolean()).map(([n, e, typed]) => ({
    text: `let ${n}${typed ? ': u64' : ''} = ${e.text}`,
    sx: `(let ${n}${typed ? ': u64' : ''} ${e.sx})`,
    prec: 0,
  })),
  fc.tuple(fc.constantFrom(...NAMES), expr).map(([n, e]) => ({ text: `${n}.total = ${e.text}`, sx: `(= (. ${n} total) ${e.sx})`, prec: 0 })),
  expr.filter((e) => !/^[-|.]/.test(e.text)).map((e) => ({ text: e.text, sx: e.sx, prec: 0 })),
  expr.map((e) => ({ text: `require ${e.text}, "msg"`, sx: `(require ${e.sx} "msg")`, prec: 0 })),
  expr.map((e) => ({ text: `return ${e.text}`, sx: `(return ${e.sx})`, prec: 0 })),
  fc.tuple(expr, expr).map(([c, b]) => ({ text: `while ${cond(c)} {\n        ${b.text}\n    }`, sx: `(while ${c.sx} { ${b.sx} })`, prec: 0 })),
  fc.tuple(expr, expr).map(([c, b]) => ({ text: `for item in ${cond(c)} { ${b.text} }`, sx: `(for item ${c.sx} { ${b.sx} })`, prec: 0 })),
);

/** Header clause lines, each with its expected clause name. */
const CLAUSES: [string, string][] = [
  ['lex harbor/fees', 'lex'],
  ['lex esn/harbor/fees { governance layered; audit_trail true }', 'lex'],
  ['precision C', 'precision'],
  ['status production', 'status'],
  ['spec FEE-2-B', 'spec'],
  ['observe metrics: [fees]', 'observe'],
  ['observe true', 'observe'],
  ['streamsight true', 'observe'],
  ['attested true', 'attested'],
  ['povc false', 'attested'],
  ['constant_time', 'constant_time'],
  ['observe_emit', 'observe_emit'],
  ['kat_vector', 'golden_test'],
  ['critical_path', 'critical_path'],
  ['clock_domain 125mhz', 'clock_domain'],
  ['invariant "ok" { result >= 0 }', 'invariant'],
  ['invariant total < 10', 'invariant'],
  ['monitor "m" { deviation(x, baseline) < 0.5 }', 'monitor'],
  ['property safety "p" { x <= 1 }', 'property'],
  ['witness threshold(2, 3)', 'witness'],
  ['rbac [clerk, harbormaster]', 'rbac'],
  ['sanitize cols [a.b], retention 2y', 'sanitize'],
  ['serialize "out/x.escir"', 'serialize'],
  ['esz_emit "out/x.esz"', 'serialize'],
  ['li_feed tides true, swells false', 'li_feed'],
  ['cortex { model ai/x, threshold: 0.8 }', 'cortex'],
  ['test golden "t" { assert true }', 'test'],
];

const circuit = fc
  .record({
    clauses: fc.array(fc.tuple(fc.constantFrom(...CLAUSES), fc.boolean()), { maxLength: 6 }),
    body: fc.array(statement, { minLength: 1, maxLength: 5 }),
    braceOnSignatureLine: fc.boolean(),
    docs: fc.constantFrom('', '/// Does a thing.\n', '/// test golden\n'),
  })
  .map(({ clauses, body, braceOnSignatureLine, docs }) => {
    const header = clauses.map(([[line], at]) => `\n    ${at ? '@' : ''}${line}`).join('');
    const open = clauses.length === 0 && braceOnSignatureLine ? ' {' : '\n{';
    const text = `${docs}circuit gen(x: u64, data: bytes) -> u64${header}${open}\n${body.map((s) => '    ' + s.text).join('\n')}\n}\n`;
    return { text, clauses: clauses.map(([[, name]]) => name), body: body.map((s) => s.sx), golden: docs.includes('test golden') };
  });

/** Declaration templates: `@` marks an optional clause prefix, resolved at random. */
const DECLS: [string, string][] = [
  ['type T = struct { a: u8, b: list<u16> }', 'TypeDecl'],
  ['type E = enum u8 { A = 0, B = 0x01, }', 'TypeDecl'],
  ['const C: u8 = 3;', 'Const'],
  ['import lib from "lib/x"', 'Import'],
  ['use a::{B, C}', 'Use'],
  [
    'data D : app v1 { a: u8, }\n    @encode @ bytes(4) { a @ le }\n    @store kv\n    @series retain 2y\n    @sign { @algorithm mldsa87; detached true }\n    @attest { povc true }',
    'Data',
  ],
  ['data P : core v1 { a: u8 }', 'Data'],
  ['schema S : core v1 { sign { detached false } }\n    @store kv', 'Data'],
  ['stream s: event<D>\n    | filter record.a > 0\n    | throttle 5/s burst 9\n    @retention 3d\n    @consumers [x]', 'Stream'],
  ['series se: s\n    @merkle_chain true', 'Series'],
  ['audience au inherits crew\n    @fields [a]', 'Audience'],
  ['transaction t(a: u8)\n    @lex a/b\n    @timeout 5s\n    // note\n    @emit s D { a: a }', 'Transaction'],
  ['extern "rust" circuit ex(a: u8) -> u8\n    @lex a/io', 'Extern'],
  ['extern "fl" {\n    fn f(a: any) -> any\n}', 'Extern'],
  ['state_machine m\n    @wal true\n{\n    @initial A\n    A -> B when go\n    state B { on back => A }\n}', 'StateMachine'],
  ['graph g {\n    @node N : D\n    @edge e : N -> N\n}', 'Graph'],
  ['store kv st { key: u8, value: D, @ttl none, }', 'Store'],
  ['store series log { @schema: D, retention: 3d }', 'Store'],
  ['cortex cx {\n    expose [a]\n}', 'Cortex'],
  ['platform pl v1 {\n    @target box\n    group g [a]\n}', 'Platform'],
  ['domain a.b {\n    module m from "m.fl"\n}', 'Domain'],
  ['test golden "g" { assert true }', 'Test'],
  ['cloud cl\n    @status production\n{ region eu }', 'CloudConfig'],
  ['circuit c(a: u8) -> u8\n    @lex a/b\n{ a }', 'Circuit'],
];

const declarationSequence = fc.array(
  fc.tuple(fc.constantFrom(...DECLS), fc.boolean(), fc.constantFrom('\n', '\n\n', '\n// comment\n', '\n/// doc\n')),
  {
    minLength: 1,
    maxLength: 8,
  },
);

describe('generated valid programs', () => {
  it('parse any sequence of declarations, in either spelling, into the expected kinds', () => {
    fc.assert(
      fc.property(declarationSequence, (decls) => {
        const text = decls.map(([[template], at, gap]) => template.replace(/@(?=[a-z])/g, at ? '@' : '') + gap).join('');
        const r = parse(text);
        expect(r.diagnostics.filter((d) => d.severity !== 'note').map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([]);
        expect(r.ast.decls.map((d) => d.kind)).toEqual(decls.map(([[, kind]]) => kind));
      }),
      { numRuns: 300 },
    );
  });

  it('parse to exactly the expected expression trees', () => {
    fc.assert(
      fc.property(expr, (e) => {
        const r = parse(`circuit t() -> u64 {\n    let v = ${e.text}\n}\n`);
        expect(r.errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
        const c = r.ast.decls[0]!;
        expect(c.kind === 'Circuit' && show(c.body.stmts[0]!)).toBe(`(let v ${e.sx})`);
      }),
      { numRuns: 400 },
    );
  });

  it('parse circuits with any mix of header clauses, spellings and statements', () => {
    fc.assert(
      fc.property(fc.array(circuit, { minLength: 1, maxLength: 3 }), (circuits) => {
        const r = parse(circuits.map((c) => c.text).join('\n'));
        expect(r.diagnostics.filter((d) => d.severity !== 'note').map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([]);
        expect(r.ast.decls).toHaveLength(circuits.length);
        r.ast.decls.forEach((d, i) => {
          expect(d.kind).toBe('Circuit');
          if (d.kind !== 'Circuit') return;
          expect(d.clauses.map((c) => c.name)).toEqual(circuits[i]!.clauses);
          expect(d.body.stmts.map(show)).toEqual(circuits[i]!.body);
          expect(d.testGolden === true).toBe(circuits[i]!.golden);
        });
      }),
      { numRuns: 200 },
    );
  });
});
