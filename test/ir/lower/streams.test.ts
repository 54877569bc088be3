import { describe, expect, it } from 'vitest';
import { bytes, diags, compile, func, program } from '../../check/helpers.ts';
import { createHost } from '../../../runtime/host/index.ts';

const DECLS = `
type GateEvent = struct { plate: bytes(4), lane: u8 }
type Ticket = struct { paid: bool, cents: u32 }
stream gate_events: event<GateEvent>
    | filter record.lane < 8
    | filter record.plate != 0
    | throttle 500/s burst 1000
    @retention 45d
stream tickets: state<bytes(4), Ticket>
store kv fares { key: bytes(2), value: Ticket, @ttl none, }
`;

describe('streams and stores (§5.6, §5.13, §8.4)', () => {
  it('declares IrStreams with filters, throttle and retention', () => {
    const pr = program(DECLS);
    expect(pr.ir.streams.map((s) => [s.name, s.kind, s.filters])).toEqual([
      ['gate_events', 'event', ['gate_events__filter0', 'gate_events__filter1']],
      ['tickets', 'state', []],
      ['fares', 'kv', []],
    ]);
    const g = pr.ir.streams[0]!;
    expect(g.throttle).toEqual({ perSecond: 500, burst: 1000 });
    expect(g.retentionMs).toBe(45 * 86_400_000);
    expect(pr.ir.streams[2]!.retentionMs).toBeNull();
    expect(func(pr.ir, 'gate_events__filter0').kind).toBe('filter');
  });

  it('runs the | filter stages in the compiled code before the host emit', () => {
    const pr = program(`${DECLS}
circuit gate(plate: bytes(4), lane: u8) -> bool {
    emit(gate_events, GateEvent { plate: plate, lane: lane })
}
circuit kw(lane: u8) -> u8 {
    emit gate_events GateEvent { plate: 0x01020304, lane: lane }
    lane
}
`);
    const host = createHost();
    expect(pr.run('gate', [bytes(1, 2, 3, 4), 3n], host)).toBe(true);
    expect(pr.run('gate', [bytes(1, 2, 3, 4), 9n], host)).toBe(false);
    expect(pr.run('gate', [bytes(0, 0, 0, 0), 1n], host)).toBe(false);
    expect(pr.run('kw', [2n], host)).toBe(2n);
  });

  it('lowers store methods and store_* builtins to host effects with the store as target', () => {
    const pr = program(`${DECLS}
circuit put_get(k: bytes(2), c: u32) -> u32 {
    fares.put(k, Ticket { paid: true, cents: c })
    let t = fares.get(k) ?? Ticket { paid: false, cents: 0 }
    t.cents
}
circuit via_builtins(k: bytes(4)) -> bool {
    store_put(tickets, k, Ticket { paid: true, cents: 1 })
    let t = store_get(tickets, k)
    store_delete(tickets, k)
    t != nil && store_get(tickets, k) == nil
}
`);
    const host = createHost();
    expect(pr.run('put_get', [bytes(0, 1), 77n], host)).toBe(77n);
    expect(pr.run('via_builtins', [bytes(1, 1, 1, 1)], host)).toBe(true);
  });

  it('filters query results with the closure in the compiled code', () => {
    const pr = program(`${DECLS}
circuit add(l: u8) -> bool { emit(gate_events, GateEvent { plate: 0x01, lane: l }) }
circuit busy() -> u64 { len(query(gate_events, |e| e.lane > 2)) }
`);
    const host = createHost();
    pr.run('add', [1n], host);
    pr.run('add', [5n], host);
    pr.run('add', [6n], host);
    expect(pr.run('busy', [], host)).toBe(2n);
  });

  it('warns when emitting to an undeclared stream and still hands the value to the host', () => {
    const p = compile(`circuit e(x: u8) -> bool { emit(audit_log, x) }`);
    expect(diags(p)).toEqual(["main.fl:1:33: warning: stream 'audit_log' is not declared; the value goes to the host as is [FL320]"]);
  });
});
