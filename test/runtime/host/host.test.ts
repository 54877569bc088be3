import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IrConst, IrStream, IrType, IrTypeDef } from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';
import { createHost, DEFAULT_CLOCK_MS, type Host, type HostCall } from '../../../runtime/host/index.ts';
import { trapOf } from '../trap.ts';

const TYPES: IrTypeDef[] = [{ kind: 'struct', name: 'Ticket', fields: [{ name: 'id', type: T.bytesN(2) }, { name: 'cents', type: T.u32 }] }];
const TICKET: IrType = { k: 'struct', id: 0 };

function invoke(h: Host, name: string, args: [IrConst, IrType][], resultType: IrType, extra: Partial<HostCall> = {}): IrConst {
  return h.invoke({ name, args: args.map((a) => a[0]), argTypes: args.map((a) => a[1]), resultType, types: TYPES, ...extra });
}

describe('clock (LANGUAGE.md §8.4.3)', () => {
  it('reads 1 700 000 000 000 ms by default from all three names', () => {
    const h = createHost();
    expect(DEFAULT_CLOCK_MS).toBe(1_700_000_000_000n);
    for (const name of ['current_time', 'timestamp', 'now']) expect(invoke(h, name, [], T.u64)).toBe(DEFAULT_CLOCK_MS);
  });

  it('is settable and advanceable, never backwards', () => {
    const h = createHost({ clockMs: 5 });
    expect(invoke(h, 'now', [], T.u64)).toBe(5n);
    h.clock.advance(10);
    expect(invoke(h, 'now', [], T.u64)).toBe(15n);
    h.clock.set(100n);
    expect(h.clock.now()).toBe(100n);
    expect(() => h.clock.advance(-1)).toThrow(RangeError);
  });

  it('gives each host fresh state', () => {
    const a = createHost();
    a.clock.advance(1000);
    invoke(a, 'kv_put', [['k', T.string], [1n, T.u8]], T.void);
    const b = createHost();
    expect(b.clock.now()).toBe(DEFAULT_CLOCK_MS);
    expect(invoke(b, 'kv_get', [['k', T.string]], T.any)).toBeNull();
  });
});

describe('kv spaces', () => {
  it('keeps one space per lex path and returns nil when absent', () => {
    const h = createHost();
    invoke(h, 'kv_put', [['rate', T.string], [42n, T.u32]], T.void, { lexPath: 'esn/garage/billing' });
    expect(invoke(h, 'kv_get', [['rate', T.string]], T.any, { lexPath: 'garage/billing' })).toEqual({ any: T.u32, value: 42n });
    expect(invoke(h, 'kv_get', [['rate', T.string]], T.any, { lexPath: 'garage/other' })).toBeNull();
    expect(invoke(h, 'kv_get', [['rate', T.string]], T.option(T.u64), { lexPath: 'garage/billing' })).toEqual({ some: 42n });
  });
});

describe('keyed stores', () => {
  const key = (n: number) => Uint8Array.of(0, n);

  it('store_get / store_put / store_delete by target or by name argument', () => {
    const h = createHost();
    invoke(h, 'store_put', [[key(1), T.bytesN(2)], [[key(1), 300n], TICKET]], T.void, { target: 'tickets' });
    expect(invoke(h, 'store_get', [[key(1), T.bytesN(2)]], T.option(TICKET), { target: 'tickets' })).toEqual({ some: [key(1), 300n] });
    expect(invoke(h, 'store_get', [['tickets', T.string], [key(1), T.bytesN(2)]], T.option(TICKET))).toEqual({ some: [key(1), 300n] });
    invoke(h, 'store_delete', [[key(1), T.bytesN(2)]], T.void, { target: 'tickets' });
    expect(invoke(h, 'store_get', [[key(1), T.bytesN(2)]], T.option(TICKET), { target: 'tickets' })).toBeNull();
    expect(trapOf(() => invoke(h, 'store_get', [[key(1), T.bytesN(2)]], T.option(TICKET))).message).toContain('not named');
  });

  it('store_scan by prefix, by key range, and both, in key order', () => {
    const h = createHost();
    for (const k of ['b2', 'a1', 'a3', 'a2', 'c1']) invoke(h, 'store_put', [[k, T.string], [k.toUpperCase(), T.string]], T.void, { target: 's' });
    const scan = (args: [IrConst, IrType][]) => invoke(h, 'store_scan', args, T.list(T.string), { target: 's' });
    expect(scan([['a', T.string]])).toEqual(['A1', 'A2', 'A3']);
    expect(scan([['a2', T.string], ['b2', T.string]])).toEqual(['A2', 'A3', 'B2']);
    expect(scan([['a', T.string], ['a2', T.string], ['z', T.string]])).toEqual(['A2', 'A3']);
  });

  it('store_scan over an event stream uses an inclusive ms range', () => {
    const h = createHost({ clockMs: 1000, streams: [{ name: 'ev', kind: 'event', elem: T.u32, filters: [] }] });
    for (let i = 0; i < 5; i++) {
      invoke(h, 'emit', [[BigInt(i), T.u32]], T.bool, { target: 'ev' });
      h.clock.advance(10);
    }
    expect(invoke(h, 'store_scan', [[1010n, T.u64], [1030n, T.u64]], T.list(T.u32), { target: 'ev' })).toEqual([1n, 2n, 3n]);
  });

  it('store returns the content hash of the canonical encoding', () => {
    const h = createHost();
    const hash = invoke(h, 'store', [['blobs', T.string], [7n, T.u16]], T.bytesN(32)) as Uint8Array;
    expect(Buffer.from(hash).toString('hex')).toBe(createHash('sha3-256').update(Buffer.from([0, 7])).digest('hex'));
  });
});

describe('streams (§8.4.4)', () => {
  const throttled: IrStream = { name: 'gate_events', kind: 'event', elem: T.u32, filters: [], throttle: { perSecond: 2, burst: 3 } };

  it('emit appends, notifies sinks and query returns live records', () => {
    const h = createHost({ streams: [{ name: 'log', kind: 'event', elem: T.u32, filters: [] }] });
    const seen: IrConst[] = [];
    h.streams.onEmit('log', (r) => seen.push(r.value));
    expect(invoke(h, 'emit', [[1n, T.u32]], T.bool, { target: 'log' })).toBe(true);
    expect(invoke(h, 'emit', [[2n, T.u32]], T.bool, { target: 'log' })).toBe(true);
    expect(seen).toEqual([1n, 2n]);
    expect(invoke(h, 'query', [], T.list(T.u32), { target: 'log' })).toEqual([1n, 2n]);
    expect(h.streams.records('log').map((r) => r.at)).toEqual([DEFAULT_CLOCK_MS, DEFAULT_CLOCK_MS]);
  });

  it('throttle is a token bucket on the clock', () => {
    const h = createHost({ streams: [throttled] });
    const emit = () => invoke(h, 'emit', [[0n, T.u32]], T.bool, { target: 'gate_events' });
    expect([emit(), emit(), emit(), emit()]).toEqual([true, true, true, false]);
    h.clock.advance(499);
    expect(emit()).toBe(false);
    h.clock.advance(1);
    expect(emit()).toBe(true);
    h.clock.advance(10_000);
    expect([emit(), emit(), emit(), emit()]).toEqual([true, true, true, false]);
    expect(h.streams.stats('gate_events')).toEqual({ accepted: 7, dropped: 3 });
  });

  it('throttle rates may be fractional', () => {
    const h = createHost({ streams: [{ name: 'slow', kind: 'event', filters: [], throttle: { perSecond: 0.5, burst: 1 } }] });
    const emit = () => invoke(h, 'emit', [[0n, T.u32]], T.bool, { target: 'slow' });
    expect([emit(), emit()]).toEqual([true, false]);
    h.clock.advance(1999);
    expect(emit()).toBe(false);
    h.clock.advance(1);
    expect(emit()).toBe(true);
  });

  it('retention hides older entries; forever keeps them', () => {
    const h = createHost({ streams: [{ name: 'short', kind: 'event', filters: [], retentionMs: 1000 }, { name: 'forever', kind: 'event', filters: [], retentionMs: null }] });
    for (const s of ['short', 'forever']) invoke(h, 'emit', [[1n, T.u8]], T.bool, { target: s });
    h.clock.advance(999);
    expect(invoke(h, 'query', [], T.list(T.u8), { target: 'short' })).toEqual([1n]);
    h.clock.advance(2);
    expect(invoke(h, 'query', [], T.list(T.u8), { target: 'short' })).toEqual([]);
    expect(invoke(h, 'query', [], T.list(T.u8), { target: 'forever' })).toEqual([1n]);
  });

  it('state streams are keyed tables; emit takes the key from the record', () => {
    const h = createHost({ streams: [{ name: 'tickets', kind: 'state', key: T.bytesN(2), value: TICKET, filters: [] }] });
    invoke(h, 'emit', [[[Uint8Array.of(0, 1), 100n], TICKET]], T.bool, { target: 'tickets' });
    invoke(h, 'emit', [[[Uint8Array.of(0, 1), 250n], TICKET]], T.bool, { target: 'tickets' });
    invoke(h, 'emit', [[[Uint8Array.of(0, 0), 5n], TICKET]], T.bool, { target: 'tickets' });
    expect(invoke(h, 'query', [], T.list(TICKET), { target: 'tickets' })).toEqual([
      [Uint8Array.of(0, 0), 5n],
      [Uint8Array.of(0, 1), 250n],
    ]);
    expect(invoke(h, 'store_get', [[Uint8Array.of(0, 1), T.bytesN(2)]], T.option(TICKET), { target: 'tickets' })).toEqual({ some: [Uint8Array.of(0, 1), 250n] });
  });

  it('merkle_chain keeps a SHA3-256 chain head over canonical encodings', () => {
    const h = createHost({ streams: [{ name: 'audit', kind: 'series', filters: [], merkleChain: true }] });
    expect(h.streams.head('audit')).toEqual(new Uint8Array(32));
    invoke(h, 'series_append', [[1n, T.u16]], T.void, { target: 'audit' });
    invoke(h, 'emit', [[2n, T.u16]], T.bool, { target: 'audit' });
    const h1 = createHash('sha3-256').update(Buffer.concat([Buffer.alloc(32), Buffer.from([0, 1])])).digest();
    const h2 = createHash('sha3-256').update(Buffer.concat([h1, Buffer.from([0, 2])])).digest();
    expect(Buffer.from(h.streams.head('audit')!).toString('hex')).toBe(h2.toString('hex'));
    expect(h.streams.head('nothing')).toBeUndefined();
  });
});

describe('graphs', () => {
  it('edge ids are sha3_256(from‖to‖label); traversal is BFS along one label', () => {
    const h = createHost();
    const n = (i: number) => new Uint8Array(32).fill(i);
    const add = (a: number, b: number, label: string) => invoke(h, 'graph_add_edge', [[n(a), T.bytesN(32)], [n(b), T.bytesN(32)], [label, T.string]], T.bytesN(32), { target: 'g' });
    const id = add(1, 2, 'next') as Uint8Array;
    expect(Buffer.from(id).toString('hex')).toBe(createHash('sha3-256').update(Buffer.concat([n(1), n(2), Buffer.from('next')])).digest('hex'));
    add(2, 3, 'next');
    add(1, 4, 'next');
    add(3, 5, 'next');
    add(1, 9, 'other');
    add(3, 1, 'next');
    const walk = (depth: number) => invoke(h, 'graph_traverse', [[n(1), T.bytesN(32)], ['next', T.string], [BigInt(depth), T.u32]], T.list(T.bytesN(32)), { target: 'g' }) as Uint8Array[];
    expect(walk(0)).toEqual([]);
    expect(walk(1).map((x) => x[0])).toEqual([2, 4]);
    expect(walk(5).map((x) => x[0])).toEqual([2, 4, 3, 5]);
    expect(h.graph('g').edgeCount).toBe(6);
  });
});

describe('observe, metrics, models', () => {
  it('observe_anomaly and observe_baseline are 0 in tests, injectable otherwise', () => {
    expect(invoke(createHost(), 'observe_anomaly', [[new Uint8Array(32), T.bytesN(32)]], T.f64)).toBe(0);
    expect(invoke(createHost(), 'streamsight_baseline', [['lat', T.string]], T.f64)).toBe(0);
    expect(invoke(createHost({ baseline: (n) => n.length }), 'observe_baseline', [['lat', T.string]], T.f64)).toBe(3);
  });

  it('metrics read 0.0 until sampled', () => {
    const h = createHost();
    expect(h.metrics.get('stays_priced')).toBe(0);
    h.metrics.sample('stays_priced', 12n);
    h.metrics.sample('ok', true);
    expect(h.metrics.snapshot()).toEqual({ ok: 1, stays_priced: 12 });
  });

  it('li_infer without a model traps no_model naming the lex path', () => {
    const t = trapOf(() => invoke(createHost(), 'li_infer', [['x', T.string], [1n, T.u8]], T.any, { lexPath: 'farm/frost' }));
    expect(t.kind).toBe('no_model');
    expect(t.message).toContain("'farm/frost'");
  });

  it('models resolve by lex path, then ancestors, then default', () => {
    const h = createHost({ models: { default: () => 'default' } });
    h.registerModel('farm', ({ args }) => ({ score: 0.9, input: args[1] }));
    expect(invoke(h, 'li_classify', [['x', T.string], [3n, T.u8]], T.any, { lexPath: 'farm/frost' })).toMatchObject({ keys: ['score', 'input'] });
    expect(invoke(h, 'li_infer', [['x', T.string], [3n, T.u8]], T.any, { lexPath: 'city' })).toEqual({ any: T.string, value: 'default' });
    const failing = createHost({ models: { default: () => { throw new Error('boom'); } } });
    expect(trapOf(() => invoke(failing, 'li_infer', [['x', T.string], [1n, T.u8]], T.any)).message).toContain('boom');
  });
});

describe('host functions', () => {
  it('unregistered helpers and externs are host errors naming them', () => {
    const a = trapOf(() => invoke(createHost(), 'escrow_lock', [[1n, T.u64]], T.any));
    expect(a.kind).toBe('host');
    expect(a.message).toBe("host domain helper 'escrow_lock' is not registered with the host");
    const b = trapOf(() => invoke(createHost(), 'serial_xfer', [[1n, T.u16]], T.bytesN(4)));
    expect(b.message).toBe("host function 'serial_xfer' is not registered with the host");
  });

  it('registered functions run over IR or public JS values', () => {
    const h = createHost();
    h.registerExtern('serial_xfer', (args) => Uint8Array.of(Number(args[0]), 0, 0, 0));
    h.registerJsFunction('settle_count', (id) => (id as number) * 2);
    expect(invoke(h, 'serial_xfer', [[9n, T.u16]], T.bytesN(4))).toEqual(Uint8Array.of(9, 0, 0, 0));
    expect(invoke(h, 'settle_count', [[21n, T.u32]], T.u64)).toBe(42n);
    h.registerHelper('broken', () => {
      throw new TypeError('nope');
    });
    const t = trapOf(() => invoke(h, 'broken', [], T.void));
    expect(t.kind).toBe('host');
    expect(t.message).toContain('broken failed: nope');
    expect(h.handles('serial_xfer') && h.handles('emit') && !h.handles('zzz')).toBe(true);
  });

  it('groth16_verify needs a registered verifier', () => {
    expect(trapOf(() => invoke(createHost(), 'groth16_verify', [[Uint8Array.of(1), T.bytes], [Uint8Array.of(2), T.bytes]], T.bool)).message).toContain('no Groth16 verifying key');
    const h = createHost({ groth16: (proof, input) => proof[0] === 1 && input[0] === 2 });
    expect(invoke(h, 'groth16_verify', [[Uint8Array.of(1), T.bytes], [Uint8Array.of(2), T.bytes]], T.bool)).toBe(true);
  });

  it('the seeded RNG is deterministic per test name', () => {
    const a = createHost({ testName: 'x' }).rng.bytes(40);
    expect(createHost({ testName: 'x' }).rng.bytes(40)).toEqual(a);
    expect(createHost({ testName: 'y' }).rng.bytes(40)).not.toEqual(a);
    const seed = createHash('sha3-256').update('x').digest();
    const first = createHash('sha3-256').update(Buffer.concat([seed, Buffer.alloc(8)])).digest();
    expect(Buffer.from(a.subarray(0, 32))).toEqual(first);
  });
});
