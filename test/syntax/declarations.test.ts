import { describe, expect, it } from 'vitest';
import type { Clause, MetaValue } from '../../compiler/syntax/ast.ts';
import { onlyDecl, parse, parseOk, show, where } from './helpers.ts';

/** A compact view of clause metadata: `name(arg, arg)`. */
function meta(v: MetaValue): string {
  switch (v.kind) {
    case 'id':
      return v.name;
    case 'int':
    case 'float':
      return v.text;
    case 'string':
      return JSON.stringify(v.value);
    case 'bool':
      return String(v.value);
    case 'duration':
      return v.ms === null ? `${v.text}=never` : `${v.text}=${v.ms}ms`;
    case 'list':
      return `[${v.items.map(meta).join(' ')}]`;
    case 'record':
      return `{${v.entries.map((e) => `${e.key}:${meta(e.value)}`).join(' ')}}`;
    case 'expr':
      return show(v.expr);
    case 'type':
      return show(v.type);
  }
}
function clause(c: Clause): string {
  return `${c.at ? '@' : ''}${c.name}(${c.args.map(meta).join(', ')})${c.legacyName ? ` was ${c.legacyName}` : ''}`;
}

describe('file preamble, import, use (§5.1–§5.2, items 24–25)', () => {
  it('reads the preamble and the govern lex pragma', () => {
    const ast = parseOk('/// govern lex esn/lib/loans\n@status production\nlex library/loans\ntype A = u8\n');
    expect(ast.preamble.status?.name).toBe('production');
    expect(ast.preamble.lex?.normalized).toBe('library/loans');
    expect(ast.pragmas.governLex?.path).toBe('lib/loans');
  });

  it('normalises an older esn/ lex path', () => {
    expect(parseOk('lex esn/library/loans\n').preamble.lex?.normalized).toBe('library/loans');
  });

  it('warns about a file-level lex after the first declaration', () => {
    const r = parse('type A = u8\nlex late/path\n');
    expect(where(r.diagnostics)).toEqual(['2:1 FL214']);
  });

  it('reads the three import forms and the three use forms', () => {
    const ast = parseOk(
      'import catalog from "library/catalog"\nimport "../shared/shelf.fl" { ShelfId, Genre, }\nimport "./e.fl" {}\nimport library/types { Patron }\n' +
        'use shelf_types::*\nuse rack::{Bay, Slot}\nuse campus::library::Reader\n',
    );
    const [a, b, c, d, e, f, g] = ast.decls;
    expect(a!.kind === 'Import' && [a.form, a.alias?.name, a.path]).toEqual(['from', 'catalog', 'library/catalog']);
    expect(b!.kind === 'Import' && [b.form, b.path, b.names.map((n) => n.name)]).toEqual(['file', '../shared/shelf.fl', ['ShelfId', 'Genre']]);
    expect(c!.kind === 'Import' && c.names).toEqual([]);
    expect(d!.kind === 'Import' && [d.form, d.path, d.names.map((n) => n.name)]).toEqual(['lexpath', 'library/types', ['Patron']]);
    expect(e!.kind === 'Use' && [e.path.map((p) => p.name), e.glob]).toEqual([['shelf_types'], true]);
    expect(f!.kind === 'Use' && f.names?.map((n) => n.name)).toEqual(['Bay', 'Slot']);
    expect(g!.kind === 'Use' && [g.path.map((p) => p.name), g.glob]).toEqual([['campus', 'library', 'Reader'], false]);
  });
});

describe('type and const (§5.3–§5.4, items 26–28, 52–53)', () => {
  it('reads every type form', () => {
    const ast = parseOk(
      'type TicketId = bytes(16)\ntype Spot = struct { level: u8, bay: u16, covered: bool, }\ntype Gate = enum { Entry, Exit }\n' +
        'type Fault = enum u8 { Clear = 0, Jammed = 0x01, PowerLoss = 2, }\ntype Fee = tagged struct { tag: u8, flat: u32, }\n' +
        'type Blob = bytes\ntype Shelf = struct {\n  tags: list<{ label: string, kind: enum { Topic, Age } }>,\n  hold: option<struct { patron: bytes(16), until: u64 }>,\n  grid: [u8; N]\n}\n',
    );
    expect(ast.decls.map((d) => (d.kind === 'TypeDecl' ? `${d.name.name} = ${show(d.type)}` : d.kind))).toEqual([
      'TicketId = bytes(16)',
      'Spot = struct { level: u8, bay: u16, covered: bool }',
      'Gate = enum { Entry, Exit }',
      'Fault = enum u8 { Clear=0, Jammed=0x01, PowerLoss=2 }',
      'Fee = tagged struct { tag: u8, flat: u32 }',
      'Blob = bytes',
      'Shelf = struct { tags: list<{ label: string, kind: enum { Topic, Age } }>, hold: option<struct { patron: bytes(16), until: u64 }>, grid: [u8; N] }',
    ]);
  });

  it('accepts a missing last comma, `;` and line breaks between fields (item 27), and @ before a field (item 21)', () => {
    const t = onlyDecl('type A = struct {\n  a: u8\n  @status: u8; c: u16\n}\n', 'TypeDecl');
    expect(show(t.type)).toBe('struct { a: u8, status: u8, c: u16 }');
  });

  it('splits >> in nested generics (item 11)', () => {
    const t = onlyDecl('type M = list<list<list<u8>>>\n', 'TypeDecl');
    expect(show(t.type)).toBe('list<list<list<u8>>>');
    expect(where(parse('type M = list<u8>>\n').diagnostics)).toEqual(['1:17 FL201']);
  });

  it('reads const with [T; N] over several lines (item 28)', () => {
    const c = onlyDecl('const RATES: [Rate; 2] = [\n    Rate { minutes: 60, cents: 300 },\n    Rate { minutes: 1440, cents: 2500 },\n]\n', 'Const');
    expect(show(c.type)).toBe('[Rate; 2]');
    expect(show(c.value)).toBe('(list (struct Rate minutes:60 cents:300) (struct Rate minutes:1440 cents:2500))');
  });
});

describe('data and schema (§5.5, items 29–35)', () => {
  const newer =
    'data Reading : app v1 { station: bytes(32), temp: i16, }\n' +
    '    @encode @ bytes(48) { station @ le, temp @ le, tag @ be = 0x0052 }\n    @store kv\n    @series retain 2y\n' +
    '    @observe metrics [temp] level adaptive\n    @govern { PII -> encrypted(audience: steward) }\n' +
    '    @sign { algorithm mldsa87; key_field station; detached true }\n    @attest { @attested true; anchor_field station; proof_system groth16 }\n' +
    '    @cortex { visibility { owner_email redact for non-member }\n        inference on_write { consumer "frost"; threshold temp < 0 } }\n' +
    '    @invariant "sane" { temp > -500 }\n';
  const older = newer.replace(/@(?=[a-z])/g, '').replace('attested true', 'povc true');

  it('reads every verb in the newer spelling', () => {
    const d = onlyDecl(newer, 'Data');
    expect(d.fields?.map((f) => f.name.name)).toEqual(['station', 'temp']);
    expect(d.verbs.map(clause)).toEqual([
      '@encode(bytes(48))',
      '@store(kv)',
      '@series(retain, 2y=63072000000ms)',
      '@observe(metrics, [temp], adaptive)',
      '@govern({PII:{encrypted:{audience:steward}}})',
      '@sign({algorithm:mldsa87 key_field:station detached:true})',
      '@attest({attested:true anchor_field:station proof_system:groth16})',
      '@cortex({visibility:{owner_email:[redact for non-member]} inference:[on_write {consumer:"frost" threshold:(< temp 0)}]})',
      '@invariant("sane", (> temp (- 500)))',
    ]);
    const enc = d.verbs[0]!.detail;
    expect(enc?.kind === 'encode' && enc.layout.map((l) => `${l.field.name}@${l.endian}${l.value ? '=' + show(l.value) : ''}`)).toEqual([
      'station@le',
      'temp@le',
      'tag@be=0x0052',
    ]);
  });

  it('gives the same verbs in the older spelling (A1, A6: povc → attested)', () => {
    const a = onlyDecl(newer, 'Data').verbs.map((c) => clause(c).replace(/^@/, ''));
    const b = onlyDecl(older, 'Data').verbs.map(clause);
    expect(b).toEqual(a);
  });

  it('reads data without verbs, and every encode form (item 30)', () => {
    const ast = parseOk('data A : app v1 { x: u8 }\ndata B : app v1 { x: u8 }\n  encode\n  encode cbor\n');
    expect(ast.decls.map((d) => (d.kind === 'Data' ? d.verbs.map(clause).join(' ') : ''))).toEqual(['', 'encode() encode(cbor)']);
  });

  it('reads both schema forms (item 34)', () => {
    const ast = parseOk(
      'schema S : core v1 { a: u8, @status: u8 }\n  sign { detached false }\nschema Envelope : core v1 { sign { detached false } attest { commitment_scheme pedersen } }\n',
    );
    const [a, b] = ast.decls;
    expect(a!.kind === 'Data' && [a.keyword, a.fields?.length, a.verbs.map(clause)]).toEqual(['schema', 2, ['sign({detached:false})']]);
    expect(b!.kind === 'Data' && [b.fields, b.verbs.map(clause)]).toEqual([null, ['sign({detached:false})', 'attest({commitment_scheme:pedersen})']]);
  });

  it('tells verbs from store/series/cortex declarations (item 35)', () => {
    const ast = parseOk(
      'data A : app v1 { x: u8 }\n  store kv\nstore kv idx { key: u8, value: A, }\ndata B : app v1 { x: u8 }\n  series retain 3d\nseries audit: events\n' +
        'data C : app v1 { x: u8 }\n  cortex { visibility { x hash } }\ncortex insight {\n  expose [x]\n}\n',
    );
    expect(ast.decls.map((d) => d.kind)).toEqual(['Data', 'Store', 'Data', 'Series', 'Data', 'Cortex']);
  });

  it('warns about an unknown verb and keeps the declaration', () => {
    const r = parse('data A : app v1 { x: u8 }\n  @frobnicate 3\n  store kv\n');
    expect(where(r.diagnostics)).toEqual(['2:4 FL210']);
    expect(r.ast.decls[0]!.kind === 'Data' && r.ast.decls[0]!.verbs.map(clause)).toEqual(['store(kv)']);
  });
});

describe('stream, series, audience (§5.6, items 14, 36–37)', () => {
  it('reads every stream clause; | filter ends at its line (N5)', () => {
    const s = onlyDecl(
      'stream gate_events: event<GateEvent>\n    | filter record.plate != 0\n    | throttle 500/s burst 1000\n    @retention 45d\n    @consumers [billing, observe]\n' +
        '    @classify plate: PII, lane: METADATA\n    ttl forever\n    machine [OPEN -> PAID -> CLOSED]\n',
      'Stream',
    );
    expect(show(s.type)).toBe('event<GateEvent>');
    expect(s.filters.map(show)).toEqual(['(!= (. record plate) 0)']);
    expect(s.throttle && [s.throttle.rate, s.throttle.unit, s.throttle.burst]).toEqual([500n, 's', 1000n]);
    expect(s.clauses.map(clause)).toEqual([
      '@retention(45d=3888000000ms)',
      '@consumers([billing observe])',
      '@classify({plate:PII lane:METADATA})',
      'ttl(forever=never)',
      'machine([OPEN PAID CLOSED])',
    ]);
  });

  it('keeps two | filter stages apart rather than reading a bitwise or', () => {
    const s = onlyDecl('stream s: event<T>\n  | filter record.qty > 0\n  | filter record.qty < 9\n', 'Stream');
    expect(s.filters.map(show)).toEqual(['(> (. record qty) 0)', '(< (. record qty) 9)']);
  });

  it('reads series and audience with and without @', () => {
    const ast = parseOk(
      'series audit: gate_events\n    @merkle_chain true\n    lattice_imprint false\naudience staff inherits authenticated\n    fields [plate, lane]\n    @fields [x]\n',
    );
    const [s, a] = ast.decls;
    expect(s!.kind === 'Series' && [s.target.name, s.clauses.map(clause)]).toEqual([
      'gate_events',
      ['@merkle_chain(true)', 'lattice_imprint(false)'],
    ]);
    expect(a!.kind === 'Audience' && [a.parent.name, a.clauses.map(clause)]).toEqual(['authenticated', ['fields([plate lane])', '@fields([x])']]);
  });
});

describe('circuit (§5.7, items 15, 17, 19–20, 38–42)', () => {
  it('reads multi-line and zero-parameter circuits, annotation lines in the parameter list (item 20)', () => {
    const ast = parseOk(
      'circuit open_gate(\n    @status production\n    lane: u8,\n    ticket: TicketId\n) -> bool\n    invariant lane < 8\n    @rbac [attendant]\n{ lane < 8 }\n' +
        'circuit legacy(\n    status draft\n    a: u8\n) -> u8 { a }\ncircuit nothing() -> u64\n{\n    now()\n}\n',
    );
    const [a, b, c] = ast.decls;
    expect(a!.kind === 'Circuit' && [a.params.map((p) => p.name.name), a.clauses.map(clause)]).toEqual([
      ['lane', 'ticket'],
      ['@status(production)', 'invariant((< lane 8))', '@rbac([attendant])'],
    ]);
    expect(b!.kind === 'Circuit' && b.clauses.map(clause)).toEqual(['status(draft)']);
    expect(c!.kind === 'Circuit' && c.params).toEqual([]);
  });

  it('reads a bare invariant followed by the body { (item 15)', () => {
    const c = onlyDecl('circuit f(x: u8) -> bool\n    invariant x < Max\n{\n    x < 8\n}\n', 'Circuit');
    expect(c.clauses.map(clause)).toEqual(['invariant((< x Max))']);
    expect(show(c.body)).toBe('{ (< x 8) }');
  });

  it('continues an observe line ending the line with a metrics: line (N7, item 17)', () => {
    const c = onlyDecl('circuit f() -> u8\n    @observe\n    metrics: [a, b]\n    observe\n{ 1 }\n', 'Circuit');
    expect(c.clauses.map((x) => (x.detail?.kind === 'observe' ? `${x.detail.form}:${x.detail.metrics.map((m) => m.name).join(',')}` : '?'))).toEqual([
      'named:a,b',
      'bool:',
    ]);
  });

  const everyClauseNewer = [
    '@lex garage/billing { governance layered; audit_trail true; approval_required false; compliance [GDPR]; data_residency eu; field_governance { PII -> public }; sub_lex public fan_out share [a] }',
    '@precision C',
    '@status production',
    '@spec GARAGE-LOT-007',
    '@observe metrics: [stays]',
    '@observe true',
    '@attested true',
    '@constant_time true',
    '@constant_time',
    '@observe_emit',
    '@fuzz_target',
    '@golden_test',
    '@critical_path',
    '@clock_domain 200mhz',
    '@invariant "ordered" { b >= a }',
    '@monitor "slow" { deviation(open_ms, baseline) < 0.25 }',
    '@property safety "single" { exits(t) <= 1 }',
    '@witness threshold(3, 5)',
    '@rbac [attendant]',
    '@sanitize plate_cols [driver.plate], retention 2y',
    '@serialize "out/f.escir"',
    '@li_feed tides true, swells false',
    '@cortex { model ai/lot/fees, features: [a], threshold: 0.8, }',
    '@test golden "zero" { assert f(0, 0) == 0 }',
  ];

  it('reads every header clause in the newer spelling (items 19, 39–42)', () => {
    const c = onlyDecl(`circuit f(a: u64, b: u64) -> u32\n    ${everyClauseNewer.join('\n    ')}\n{ 1 }\n`, 'Circuit');
    expect(c.clauses.map(clause)).toEqual([
      '@lex(garage/billing)',
      '@precision(C)',
      '@status(production)',
      '@spec(GARAGE-LOT-007)',
      '@observe(metrics, [stays])',
      '@observe(true)',
      '@attested(true)',
      '@constant_time(true)',
      '@constant_time(true)',
      '@observe_emit()',
      '@fuzz_target()',
      '@golden_test()',
      '@critical_path()',
      '@clock_domain(200mhz)',
      '@invariant("ordered", (>= b a))',
      '@monitor("slow", (< (call deviation open_ms baseline) 0.25))',
      '@property(safety, "single", (<= (call exits t) 1))',
      '@witness(3, 5)',
      '@rbac([attendant])',
      '@sanitize(plate_cols, [(. driver plate)], {retention:2y=63072000000ms})',
      '@serialize("out/f.escir")',
      '@li_feed(tides, true, swells, false)',
      '@cortex({model:ai/lot/fees features:[a] threshold:0.8})',
      '@test("zero")',
    ]);
    const lex = c.clauses[0]!.detail;
    expect(lex?.kind === 'lex' && lex.block.map(clause)).toEqual([
      'governance(layered)',
      'audit_trail(true)',
      'approval_required(false)',
      'compliance([GDPR])',
      'data_residency(eu)',
      'field_governance({PII:public})',
      'sub_lex(public, fan_out, share, [a])',
    ]);
    expect(c.clauses.find((x) => x.name === 'witness')?.detail).toEqual({ kind: 'witnessThreshold', k: 3n, n: 5n });
    const test = c.clauses[c.clauses.length - 1]!.detail;
    expect(test?.kind === 'test' && [test.test.testKind, test.test.name]).toEqual(['golden', 'zero']);
  });

  it('gives the same clauses in the older spelling, older words normalised (A6, item 23)', () => {
    const older = everyClauseNewer
      .map((l) => l.replace(/^@/, ''))
      .concat(['povc true', 'streamsight true', 'streamsight_emit', 'esz_emit "o.esz"', 'kat_vector']);
    const c = onlyDecl(`circuit f(a: u64, b: u64) -> u32\n    ${older.join('\n    ')}\n{ 1 }\n`, 'Circuit');
    expect(c.clauses.slice(-5).map(clause)).toEqual([
      'attested(true) was povc',
      'observe(true) was streamsight',
      'observe_emit() was streamsight_emit',
      'serialize("o.esz") was esz_emit',
      'golden_test() was kat_vector',
    ]);
    expect(c.clauses.slice(0, -5).every((x) => !x.at)).toBe(true);
  });

  it('reads a lex block whose share/redact lines continue the sub_lex (item 40)', () => {
    const c = onlyDecl(
      'circuit f() -> u8\n    @lex a/b { sub_lex public fan_out\n        share [x]\n        redact [y]\n      governance layered }\n{ 1 }\n',
      'Circuit',
    );
    const d = c.clauses[0]!.detail;
    expect(d?.kind === 'lex' && d.block.map(clause)).toEqual(['sub_lex(public, fan_out, share, [x], redact, [y])', 'governance(layered)']);
  });

  it('warns about a clause of another declaration kind and skips the line (§10)', () => {
    const r = parse('circuit f() -> u8\n    timeout 30s\n    wal true\n    @precision A\n{ 1 }\n');
    expect(where(r.diagnostics)).toEqual(['2:5 FL211', '3:5 FL211']);
    expect(r.ast.decls[0]!.kind === 'Circuit' && r.ast.decls[0]!.clauses.map(clause)).toEqual(['@precision(A)']);
  });

  it('reads the body { on the signature line too', () => {
    const c = onlyDecl('circuit f(x: u8) -> u8 {\n  x\n}\n', 'Circuit');
    expect(show(c.body)).toBe('{ x }');
  });
});

describe('cloud, transaction, extern (§5.8–§5.10, items 43–45)', () => {
  it('reads both cloud forms', () => {
    const ast = parseOk(
      'cloud publish(menu: bytes) -> bytes(32)\n    lex bakery/ops\n    providers [gcp, azure]\n    tier_progression [staging, prod]\n    approval_threshold 3\n' +
        '    cost_estimate { compute: 0.40, storage: 0.08 }\n{ blake3(menu) }\ncloud bakery\n    @status production\n{ region eu_west\n  scaling { min: 1, max: 4, }\n  entrypoint publish }\n',
    );
    const [a, b] = ast.decls;
    expect(a!.kind === 'Circuit' && [a.keyword, a.clauses.map(clause)]).toEqual([
      'cloud',
      [
        'lex(bakery/ops)',
        'providers([gcp azure])',
        'tier_progression([staging prod])',
        'approval_threshold(3)',
        'cost_estimate({compute:0.40 storage:0.08})',
      ],
    ]);
    expect(b!.kind === 'CloudConfig' && [b.clauses.map(clause), b.items.map(clause)]).toEqual([
      ['@status(production)'],
      ['region(eu_west)', 'scaling({min:1 max:4})', 'entrypoint(publish)'],
    ]);
  });

  it('reads a body-less transaction at the end of the file, with comment lines between clauses (item 44)', () => {
    const t = onlyDecl(
      'transaction settle(shift: Shift)\n    lex bakery/ledger\n    timeout 45s\n    // one record per till\n    emit ledger Settled { id: shift.id }',
      'Transaction',
    );
    expect(t.body).toBeUndefined();
    expect(t.clauses.map(clause)).toEqual(['lex(bakery/ledger)', 'timeout(45s=45000ms)', 'emit(ledger, (struct Settled id:(. shift id)))']);
    expect(t.clauses[2]!.detail?.kind).toBe('emit');
  });

  it('reads both extern forms (item 45)', () => {
    const ast = parseOk(
      'extern "fl" {\n    fn shelf_lookup(shelf: any, key: bytes) -> any\n    fn title_match(title: bytes, p: bytes(64)) -> bool;\n    fn log(m: string)\n}\n' +
        'extern "rust" circuit serial(port: u16, frame: bytes(256)) -> bytes(256)\n    lex io/serial\n',
    );
    const [a, b] = ast.decls;
    expect(
      a!.kind === 'Extern' && [
        a.abi,
        a.form,
        a.items.map((i) => `${i.itemKind} ${i.name.name}/${i.params.length}${i.returnType ? ' -> ' + show(i.returnType) : ''}`),
      ],
    ).toEqual(['fl', 'block', ['fn shelf_lookup/2 -> any', 'fn title_match/2 -> bool', 'fn log/1']]);
    expect(b!.kind === 'Extern' && [b.form, b.items[0]!.clauses.map(clause)]).toEqual(['circuit', ['lex(io/serial)']]);
  });
});

describe('state machines (§5.11, item 46)', () => {
  it('reads styles A, B and C into one shape', () => {
    const ast = parseOk(
      'state_machine a {\n    initial REQ\n    persistence wal\n    terminal [DONE, LOST]\n    verify reachable_all\n    REQ -> ON when out\n    ON -> DONE when in guard ok\n    ON -> LOST { trigger late; action bill }\n}\n' +
        'state_machine c\n    lex g/v\n    wal true\n    observe anomaly: { model ai/g/v, features: [state, temp], threshold: 0.9, }\n{\n    state Closed { on Heat => Open, }\n    state Open { on Cool => Closed, on Storm => Closed, }\n    verify deadlock_free;\n}\n',
    );
    const [a, c] = ast.decls;
    expect(a!.kind === 'StateMachine' && [a.initial?.name, a.persistence?.name, a.terminal.map((t) => t.name), a.verify.map((v) => v.name)]).toEqual([
      'REQ',
      'wal',
      ['DONE', 'LOST'],
      ['reachable_all'],
    ]);
    const tr = (t: {
      from: { name: string };
      to: { name: string };
      event?: { name: string };
      guard?: { name: string };
      action?: { name: string };
      style: string;
    }) =>
      `${t.style}:${t.from.name}->${t.to.name}${t.event ? ' on ' + t.event.name : ''}${t.guard ? ' if ' + t.guard.name : ''}${t.action ? ' do ' + t.action.name : ''}`;
    expect(a!.kind === 'StateMachine' && a.transitions.map(tr)).toEqual(['A:REQ->ON on out', 'A:ON->DONE on in if ok', 'B:ON->LOST on late do bill']);
    expect(c!.kind === 'StateMachine' && [c.states.map((s) => s.name), c.transitions.map(tr), c.clauses.map((x) => x.name)]).toEqual([
      ['Closed', 'Open'],
      ['C:Closed->Open on Heat', 'C:Open->Closed on Cool', 'C:Open->Closed on Storm'],
      ['lex', 'wal', 'observe'],
    ]);
  });
});

describe('graph, store, cortex, platform, domain (§5.12–§5.15, items 47–49)', () => {
  it('reads every graph item', () => {
    const g = onlyDecl(
      'graph shelf_map {\n    node Book : BookInfo\n    edge shelved_in : Book -> Shelf\n    edge struct { w: u32 }\n    overlay loans: u32 curate delta_curate\n' +
        '    storage csr { hot @bram, cold @ssd }\n    @sign ml_dsa_87\n    ai_feed model_a\n    @observe shelf_map: [node_count] threshold: { node_count 0.8\n        baseline_window 600 }\n}\n',
      'Graph',
    );
    expect(g.items.map(clause)).toEqual([
      'node(Book, BookInfo)',
      'edge(shelved_in, Book, Shelf)',
      'edge(struct { w: u32 })',
      'overlay(loans, u32, curate, delta_curate)',
      'storage(csr, {hot:bram cold:ssd})',
      '@sign(ml_dsa_87)',
      'ai_feed(model_a)',
      '@observe(shelf_map, [node_count], {threshold:{node_count:0.8 baseline_window:600}})',
    ]);
  });

  it('reads both store dialects (item 48)', () => {
    const ast = parseOk(
      'store kv dock { key: bytes(16), value: Dock, @ttl none, }\nstore kv fares {\n    persistence disk\n    key bytes(8)\n    value struct { cents: u32 }\n}\n' +
        'store series log { schema: Ride, retention: 400d, merkle_chain: true, }\n',
    );
    const entry = (e: { name: { name: string }; at: boolean; type?: Parameters<typeof show>[0]; value?: MetaValue }) =>
      `${e.at ? '@' : ''}${e.name.name}=${e.type ? show(e.type) : meta(e.value!)}`;
    expect(ast.decls.map((d) => (d.kind === 'Store' ? `${d.storeKind} ${d.name.name}: ${d.entries.map(entry).join(', ')}` : d.kind))).toEqual([
      'kv dock: key=bytes(16), value=Dock, @ttl=none=never',
      'kv fares: persistence=disk, key=bytes(8), value=struct { cents: u32 }',
      'series log: schema=Ride, retention=400d=34560000000ms, merkle_chain=true',
    ]);
  });

  it('reads cortex, platform and domain declarations', () => {
    const ast = parseOk(
      'cortex insight {\n    expose [minutes, dock]\n    infer on_insert { model forecaster; confidence_threshold 0.7 }\n    on_anomaly page { severity high; channel desk }\n}\n' +
        'platform line v1 {\n    group ovens [proofer, oven_a]\n    connect proofer.out -> oven_a.in\n    @target edge_box\n    streamsight true\n}\n' +
        'domain toy.library {\n  /// Lending and fines\n  module loans from "circuits/loans.fl"\n  /// Bulk loading\n  module import from "circuits/bulk.fl"\n  types shelf from "circuits/shelf.fld"\n}\n',
    );
    const [c, p, d] = ast.decls;
    expect(c!.kind === 'Cortex' && c.items.map(clause)).toEqual([
      'expose([minutes dock])',
      'infer(on_insert, {model:forecaster confidence_threshold:0.7})',
      'on_anomaly(page, {severity:high channel:desk})',
    ]);
    expect(p!.kind === 'Platform' && [p.version.name, p.items.map(clause)]).toEqual([
      'v1',
      ['group(ovens, [proofer oven_a])', 'connect(proofer.out, oven_a.in)', '@target(edge_box)', 'observe(true) was streamsight'],
    ]);
    expect(
      d!.kind === 'Domain' && [
        d.path.map((x) => x.name),
        d.items.map((i) => `${i.itemKind} ${i.name.name} ${i.from} [${i.docs.map((x) => x.text)}]`),
        d.docs.map((x) => x.text),
      ],
    ).toEqual([
      ['toy', 'library'],
      ['module loans circuits/loans.fl []', 'module import circuits/bulk.fl [Bulk loading]', 'types shelf circuits/shelf.fld []'],
      ['Lending and fines'],
    ]);
  });
});

describe('tests (§5.16, item 50)', () => {
  it('reads golden with a string or a name, property and fuzz', () => {
    const ast = parseOk(
      'test golden late_fee_zero { assert late_fee(0) == 0 }\ntest golden "s" { assert true }\ntest property "mono" {\n    forall a: u16, b: u16 { assert a > b || f(a) <= f(b) }\n}\n' +
        'test fuzz "total" {\n    fuzz days: u16 { let f = g(days)\n        assert no_panic }\n}\n',
    );
    expect(ast.decls.map((d) => (d.kind === 'Test' ? `${d.testKind} ${d.nameIsString ? JSON.stringify(d.name) : d.name}` : d.kind))).toEqual([
      'golden late_fee_zero',
      'golden "s"',
      'property "mono"',
      'fuzz "total"',
    ]);
  });
});

describe('journeys (§5.17, item 51)', () => {
  it('reads the older form', () => {
    const j = onlyDecl(
      'journey "bike_checkout" {\n    description "Rider unlocks"\n    package "toy.bikes"\n    platform ">= 0.9.0"\n    import bikes.fleet-core.docks { unlock_bike, Trip }\n' +
        '    setup { let card = sha3_256("card-7") }\n    step "unlock" { let r = unlock_bike(card)\n        assert r.ok == true }\n}\n',
      'OldJourney',
      'j.flj',
    );
    expect([j.name, j.description, j.package, j.platform]).toEqual(['bike_checkout', 'Rider unlocks', 'toy.bikes', '>= 0.9.0']);
    expect(j.imports.map((i) => `${i.path.join('.')} {${i.names.map((n) => n.name).join(',')}}`)).toEqual([
      'bikes.fleet-core.docks {unlock_bike,Trip}',
    ]);
    expect(j.setup && show(j.setup)).toBe('{ (let card (call sha3_256 "card-7")) }');
    expect(j.steps.map((s) => `${s.name}: ${show(s.body)}`)).toEqual(['unlock: { (let r (call unlock_bike card)) (assert (== (. r ok) true)) }']);
  });

  it('reads the newer form: header, party, fixture, step, observe', () => {
    const ast = parseOk(
      'journey bike_checkout "Rider unlocks, rides and docks"\n    @status production\nparty rider {\n    role: commuter\n    card: bytes(32) = sha3_256("rider-card")\n    pin: bytes(4)\n}\n' +
        'fixture trip { dock_id: 0x0A\n    minutes: 25 }\nstep unlock {\n    actor: rider\n    action: unlock_bike(trip, rider.card)\n    expect: result.ok == true\n    expect: result.@status == 1\n}\n' +
        'observe metrics: [step_count, latency_ms]\n',
      'j.flj',
    );
    const [h, p, f, s, o] = ast.decls;
    expect(h!.kind === 'Journey' && [h.name.name, h.title, h.clauses.map(clause)]).toEqual([
      'bike_checkout',
      'Rider unlocks, rides and docks',
      ['@status(production)'],
    ]);
    const entry = (e: { name: { name: string }; bytesSize?: number; value?: Parameters<typeof show>[0] }) =>
      `${e.name.name}=${e.bytesSize !== undefined ? `bytes(${e.bytesSize})` : ''}${e.bytesSize !== undefined && e.value ? ' = ' : ''}${e.value ? show(e.value) : ''}`;
    expect(p!.kind === 'Party' && p.entries.map(entry)).toEqual(['role=commuter', 'card=bytes(32) = (call sha3_256 "rider-card")', 'pin=bytes(4)']);
    expect(f!.kind === 'Fixture' && f.entries.map(entry)).toEqual(['dock_id=0x0A', 'minutes=25']);
    expect(s!.kind === 'Step' && [s.actor?.name, s.action && show(s.action), s.expects.map(show)]).toEqual([
      'rider',
      '(call unlock_bike trip (. rider card))',
      ['(== (. result ok) true)', '(== (. result status) 1)'],
    ]);
    expect(o!.kind === 'JourneyObserve' && o.metrics.map((m) => m.name)).toEqual(['step_count', 'latency_ms']);
  });
});
