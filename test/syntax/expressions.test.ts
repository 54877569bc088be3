import { describe, expect, it } from 'vitest';
import { onlyDecl, parse, show, stmts, sx, sxAll, where } from './helpers.ts';

describe('precedence (§7.2, §11 item 59)', () => {
  it('binds as the table says', () => {
    expect(sx('4 + n as u32')).toBe('(+ 4 (as n u32))');
    expect(sx('!a && !b')).toBe('(&& (! a) (! b))');
    expect(sx('a - b - c')).toBe('(- (- a b) c)');
    expect(sx('a || b && c')).toBe('(|| a (&& b c))');
    expect(sx('a ?? b || c')).toBe('(?? a (|| b c))');
    expect(sx('a == b | c')).toBe('(== a (| b c))');
    expect(sx('a | b ^ c & d')).toBe('(| a (^ b (& c d)))');
    expect(sx('a & b << 2')).toBe('(& a (<< b 2))');
    expect(sx('a << 1 + 2')).toBe('(<< a (+ 1 2))');
    expect(sx('a + b * c % d')).toBe('(+ a (% (* b c) d))');
    expect(sx('-x as i32 * 2')).toBe('(* (as (- x) i32) 2)');
    expect(sx('a.b(c)[0].d')).toBe('(. ([] (.b a c) 0) d)');
    expect(sx('x as u8 as u16')).toBe('(as (as x u8) u16)');
  });

  it('rejects chained comparisons (item 60) but keeps parsing', () => {
    const r = parse('circuit t(a: u8, b: u8, c: u8) -> bool { a < b < c }\ntype Next = u8\n');
    expect(where(r.diagnostics)).toEqual(['1:48 FL204']);
    expect(r.ast.decls.map((d) => d.kind)).toEqual(['Circuit', 'TypeDecl']);
  });

  it('reads predicate word operators only inside predicates (item 70)', () => {
    const c = onlyDecl('circuit t(a: bool, b: bool) -> bool\n  @invariant { a implies b subset_of c does_not_contain d }\n{ a }\n', 'Circuit');
    const d = c.clauses[0]!.detail!;
    expect(d.kind === 'predicate' && show(d.expr)).toBe('(does_not_contain (subset_of (implies a b) c) d)');
    // Outside a predicate, `implies` is just a name.
    expect(sxAll('let implies = 1\nimplies')).toEqual(['(let implies 1)', 'implies']);
  });
});

describe('newline rules (§3)', () => {
  it('N3: a line starting with ( or [ begins a new statement (item 12)', () => {
    expect(sxAll('let free = total - taken\n(free + 1) * stride')).toEqual(['(let free (- total taken))', '(* (+ free 1) stride)']);
    expect(sxAll('let a = b\n[1, 2]')).toEqual(['(let a b)', '(list 1 2)']);
    expect(sxAll('f(x)\n(y)')).toEqual(['(call f x)', 'y']);
  });

  it('N3: inside brackets such a line is the next element', () => {
    expect(sx('[\n  a\n  (b)\n  [c]\n]')).toBe('(list a b (list c))');
    expect(sx('f(\n  a,\n  (b),\n)')).toBe('(call f a b)');
  });

  it('N4: a line starting with a binary operator continues (item 13)', () => {
    expect(sx('let code: u16 = (pair[1] as u16)\n    | ((pair[0] as u16) << 8)')).toBe(
      '(let code: u16 (| (as ([] pair 1) u16) (<< (as ([] pair 0) u16) 8)))',
    );
    expect(sx('let ok = a > 0\n  && b > 0\n  || c')).toBe('(let ok (|| (&& (> a 0) (> b 0)) c))');
    expect(sx('let s = a\n  + b\n  - c')).toBe('(let s (- (+ a b) c))');
  });

  it('N2: a line-final operator continues the expression', () => {
    expect(sx('let s = a +\n  b')).toBe('(let s (+ a b))');
  });

  it('N4: a leading . continues a member access, a leading else continues an if (item 16)', () => {
    expect(sx('let n = items\n  .filter(x)\n  .len()')).toBe('(let n (.len (.filter items x)))');
    expect(sx('if a { 1 }\nelse if b { 2 }\nelse { 3 }')).toBe('(if a { 1 } (if b { 2 } { 3 }))');
  });

  it('N6: as must stay on its operand’s line', () => {
    const r = parse('circuit t(x: u16) -> u8 {\n  let y = x\n    as u8\n  y\n}\n');
    expect(where(r.diagnostics)).toEqual(['3:5 FL218']);
  });

  it('statements end at a line break or ; (item 18)', () => {
    expect(sxAll('let a = 1; let b = 2\na; b;')).toEqual(['(let a 1)', '(let b 2)', 'a;', 'b;']);
  });

  it('two statements on one line need a ;', () => {
    const r = parse('circuit t() -> u8 {\n  let a = 1 let b = 2\n  a\n}\n');
    expect(where(r.diagnostics)).toEqual(['2:13 FL206']);
  });
});

describe('struct literals versus blocks (§7.2)', () => {
  it('takes a struct tail after a capitalised or generic head, or with `{ ID :`', () => {
    expect(sx('Spot { level: 1, bay: 2 }')).toBe('(struct Spot level:1 bay:2)');
    expect(sx('Spot {}')).toBe('(struct Spot)');
    expect(sx('let a = list<Spot>{}')).toBe('(let a (struct list<Spot>))');
    expect(sx('let a = spot { level: 1 }')).toBe('(let a (struct spot level:1))');
    expect(sx('let a = Fault::Jammed { code: 1 }')).toBe('(let a (struct Fault::Jammed code:1))');
  });

  it('reads `..` and `..base` (item 61)', () => {
    expect(sx('let b = Spot { level: 1, .. }')).toBe('(let b (struct Spot level:1 ..))');
    expect(sx('let c = Spot { bay: 18, ..b }')).toBe('(let c (struct Spot bay:18 ..b))');
  });

  it('reads anonymous struct literals and `@` before a field name', () => {
    expect(sx('return { ok: false, reason: some(Fault::Jammed) };')).toBe('(return (struct ok:false reason:(call some Fault::Jammed)))');
    expect(sx('let x = { @status: 1, ..}')).toBe('(let x (struct status:1 ..))');
    expect(sx('let x = Point {\n  x: 1\n  y: 2\n}')).toBe('(let x (struct Point x:1 y:2))');
  });

  it('never takes a struct literal in a condition (CondExpr)', () => {
    expect(sx('if x == Foo { 1 }')).toBe('(if (== x Foo) { 1 })');
    expect(sx('while Ready { tick() }')).toBe('(while Ready { (call tick) })');
    expect(sx('for x in Items { x }')).toBe('(for x Items { x })');
    expect(sx('match Mode { A => 1 }')).toBe('(match Mode [A 1])');
    expect(sx('if (Foo { a: 1 }) == b { 1 }')).toBe('(if (== (struct Foo a:1) b) { 1 })');
  });

  it('does not read `bytes(8) {` in a condition as a fill (item 62)', () => {
    expect(sx('if code == bytes(8) { return 1 }')).toBe('(if (== code (bytes 8)) { (return 1) })');
  });

  it('needs the struct brace on the head’s line', () => {
    expect(sxAll('let a = Spot\n{ 1 }')).toEqual(['(let a Spot)', '{ 1 }']);
  });
});

describe('construction forms (§7.4, items 52, 63–68)', () => {
  it('reads byte fills, byte lists and list conversions', () => {
    expect(sx('let z = bytes(32)')).toBe('(let z (bytes 32))');
    expect(sx('let f = bytes(32){0xff}')).toBe('(let f (bytes 32 0xff))');
    expect(sx('let p = bytes [(code >> 8) as u8, (code & 0xFF) as u8]')).toBe('(let p (bytes-lit (as (>> code 8) u8) (as (& code 0xFF) u8)))');
    expect(sx('let h: bytes(4) = [0x46, 0x4C, 0x00, 0x01]')).toBe('(let h: bytes(4) (list 0x46 0x4C 0x00 0x01))');
    expect(sx('let one = bytes[1, 2]')).toBe('(let one (bytes-lit 1 2))');
    // `bytes[i]` without a blank or comma indexes a value named `bytes`.
    expect(sx('let b = bytes[i]')).toBe('(let b ([] bytes i))');
  });

  it('reads list<T>, ::new(), {} and ?? (item 64)', () => {
    expect(sx('let a = list<Spot>')).toBe('(let a (type list<Spot>))');
    expect(sx('let a = list<Spot>::new()')).toBe('(let a (call (type list<Spot>::new)))');
    expect(sx('let a = list<list<u8>>::new()')).toBe('(let a (call (type list<list<u8>>::new)))');
    expect(sx('let o = option<u8>')).toBe('(let o (type option<u8>))');
    expect(sx('let f = fares.get(zone) ?? Fare { cents: 0 }')).toBe('(let f (?? (.get fares zone) (struct Fare cents:0)))');
    expect(sx('list < max')).toBe('(< list max)');
  });

  it('reads closures (item 65)', () => {
    expect(sx('fold(stays, 0, |acc, s| acc + s.minutes)')).toBe('(call fold stays 0 (fn [acc s] (+ acc (. s minutes))))');
    expect(sx('all(xs, |x| x > 0 && x < 9)')).toBe('(call all xs (fn [x] (&& (> x 0) (< x 9))))');
    expect(sx('query(s, || true)')).toBe('(call query s (fn [] true))');
    const typed = stmts('map(xs, |x: u8| x)')[0]!;
    expect(
      typed.kind === 'ExprStmt' && typed.expr.kind === 'Call' && typed.expr.args[1]!.kind === 'Closure' && typed.expr.args[1]!.paramTypes?.length,
    ).toBe(1);
  });

  it('reads ranges and slices (item 66)', () => {
    expect(sx('let t = sha3_256(p)[0..8]')).toBe('(let t ([..] (call sha3_256 p) 0 8))');
    expect(sx('x[7..]')).toBe('([..] x 7 _)');
    expect(sx('x[..4]')).toBe('([..] x _ 4)');
    expect(sx('x[0:16]')).toBe('([:] x 0 16)');
    expect(sx('x[2:]')).toBe('([:] x 2 _)');
    expect(sx('for i in 0..n { i }')).toBe('(for i (.. 0 n) { i })');
  });

  it('reads methods with and without parentheses (item 67)', () => {
    expect(sx('lot.meters.push(x)')).toBe('(.push (. lot meters) x)');
    expect(sx('a.len')).toBe('(. a len)');
    expect(sx('a.len()')).toBe('(.len a)');
    expect(sx('result.@status')).toBe('(. result status)');
    expect(sx('kv.put(k, v)')).toBe('(.put kv k v)');
  });

  it('reads both emit forms (item 68)', () => {
    expect(sxAll('emit(gate_events, e)\nemit gate_events GateEvent { plate: 1 }')).toEqual([
      '(call emit gate_events e)',
      '(emit gate_events (struct GateEvent plate:1))',
    ]);
  });

  it('reads if as a value and else if (item 56)', () => {
    expect(sx('let p = if t < 1 { 0 } else if t > 9 { 100 } else { t }')).toBe('(let p (if (< t 1) { 0 } (if (> t 9) { 100 } { t })))');
  });

  it('normalises the older builtin names (A6)', () => {
    expect(sx('streamsight_anomaly(x)')).toBe('(call observe_anomaly x)');
  });
});

describe('match (§7.2 rules 4–6, item 57)', () => {
  it('reads every pattern kind and arm kind', () => {
    expect(
      sx(
        'match f {\n  Fault::Jammed => 1,\n  Clear => 0\n  -1 => { 2 }\n  "x" => 3, 0x10 => 4, true => 5, none => 6, nil => 7,\n  some(v) => v,\n  _ => 9,\n}',
      ),
    ).toBe('(match f [Fault::Jammed 1] [Clear 0] [-1 { 2 }] ["x" 3] [16 4] [true 5] [nil 6] [nil 7] [(some v) v] [_ 9])');
  });

  it('reads `{ ID :` after => as a struct, any other { as a block, {} as an empty block', () => {
    expect(sx('match k { A => { x: 1 }, B => { x }, C => {} }')).toBe('(match k [A (struct x:1)] [B { x }] [C { }])');
  });
});

describe('statements (§7.1, items 54–58, 69)', () => {
  it('reads let with types, mut and _', () => {
    expect(sxAll('let x: u32 = 0\nlet mut y = 1\nlet _ = f()')).toEqual(['(let x: u32 0)', '(let mut y 1)', '(let _ (call f))']);
  });

  it('reads assignments to places under value semantics (item 55)', () => {
    expect(sxAll('lot.taken = t\nlot.meters[2].n = 1\nx = x + 1')).toEqual([
      '(= (. lot taken) t)',
      '(= (. ([] (. lot meters) 2) n) 1)',
      '(= x (+ x 1))',
    ]);
  });

  it('reads loops, continue and break (item 58)', () => {
    expect(sx('for slot in slots {\n  if slot.free { continue }\n  taken = taken + 1\n  break\n}')).toBe(
      '(for slot slots { (if (. slot free) { (continue) }) (= taken (+ taken 1)) (break) })',
    );
    expect(sx('while i < 3 { i = i + 1 }')).toBe('(while (< i 3) { (= i (+ i 1)) })');
  });

  it('reads assert/require in both spellings', () => {
    expect(sxAll('require taken <= MAX, "over capacity"\nassert ok\nrequire(ok, "m")\nassert(ok)')).toEqual([
      '(require (<= taken MAX) "over capacity")',
      '(assert ok)',
      '(require ok "m")',
      '(assert ok)',
    ]);
  });

  it('treats statement words as names when their form does not follow', () => {
    expect(sxAll('let assert = 1\nobserve = 2\nforall.x = 3\nemit(s, v)')).toEqual([
      '(let assert 1)',
      '(= observe 2)',
      '(= (. forall x) 3)',
      '(call emit s v)',
    ]);
  });

  it('reads forall, fuzz, body observe and @invariant (item 69)', () => {
    expect(sxAll('forall a: u16, b: u8 { assert a > 0 }\nfuzz d: u16 { assert no_panic }')).toEqual([
      '(forall [a:u16 b:u8] { (assert (> a 0)) })',
      '(fuzz [d:u16] { (assert no_panic) })',
    ]);
    expect(sxAll('observe gate: [opened, closed]\n@invariant "small" { x < 10 }\n@invariant { y }')).toEqual([
      '(observe gate [opened closed])',
      '(invariant "small" (< x 10))',
      '(invariant y)',
    ]);
  });

  it('reads return with and without a value', () => {
    expect(sxAll('if a { return }\nreturn 1')).toEqual(['(if a { (return) })', '(return 1)']);
  });

  it('lets keywords be names: data, state, list, import (item 3)', () => {
    const c = onlyDecl('circuit join(list: list<any>, data: bytes, state: u8) -> u8 {\n  let import = state\n  import + list.len()\n}\n', 'Circuit');
    expect(c.params.map((p) => `${p.name.name}:${show(p.type)}`)).toEqual(['list:list<any>', 'data:bytes', 'state:u8']);
  });
});
