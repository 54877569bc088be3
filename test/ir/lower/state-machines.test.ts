import { describe, expect, it } from 'vitest';
import { compile, diags, func, program } from '../../check/helpers.ts';

describe('state machines (§5.11, §8.9)', () => {
  it('numbers states and events in order of first mention and compiles __step', () => {
    const pr = program(`
state_machine loan_flow {
    initial REQUESTED
    persistence wal
    terminal [RETURNED, LOST]
    REQUESTED -> ON_LOAN when checked_out
    ON_LOAN -> RETURNED when scanned_in guard not_damaged
    ON_LOAN -> LOST { trigger overdue; action bill_patron }
}
circuit not_damaged() -> bool { false }
circuit bill_patron() -> u8 { 1 }
`);
    const m = pr.ir.stateMachines[0]!;
    expect(m).toMatchObject({
      name: 'loan_flow',
      states: ['REQUESTED', 'RETURNED', 'LOST', 'ON_LOAN'],
      events: ['checked_out', 'scanned_in', 'overdue'],
      initial: 'REQUESTED',
      terminal: ['RETURNED', 'LOST'],
      wal: true,
      stepFunc: 'loan_flow__step',
    });
    expect(func(pr.ir, 'loan_flow__step').params.length).toBe(2);
    expect(pr.run('loan_flow__step', [0n, 0n])).toBe(3n);
    // The guard is false: no transition.
    expect(pr.run('loan_flow__step', [3n, 1n])).toBe(-1n);
    expect(pr.run('loan_flow__step', [3n, 2n])).toBe(2n);
    expect(pr.run('loan_flow__step', [0n, 2n])).toBe(-1n);
  });

  it('supports style C blocks and warns about unresolved guards', () => {
    const p = compile(`
state_machine vent_control
    wal true
{
    state Closed { on Heat => Open, }
    state Open { on Cool => Closed, on Storm => Closed, }
    Open -> Closed when Reset guard is_safe
    verify deadlock_free;
}
`);
    expect(diags(p)).toEqual(["main.fl:7:37: warning: guard 'is_safe' is neither a circuit nor an extern callback; the guard counts as true [FL603]"]);
    const m = p.ir.stateMachines[0]!;
    expect(m.states).toEqual(['Closed', 'Open']);
    expect(m.events).toEqual(['Heat', 'Cool', 'Storm', 'Reset']);
    expect(m.wal).toBe(true);
  });

  it('checks verify claims at compile time with a counterexample path', () => {
    const p = compile(`
state_machine door {
    initial OPEN
    verify deadlock_free
    verify reachable_all
    verify terminal_convergence
    verify fairness
    OPEN -> HELD when hold
    LOCKED -> OPEN when unlock
}
`);
    expect(diags(p)).toEqual([
      'main.fl:4:12: error: verify deadlock_free failed: state HELD is reachable, not terminal, and has no outgoing transition: OPEN --hold--> HELD [FL601]',
      'main.fl:5:12: error: verify reachable_all failed: state LOCKED cannot be reached from OPEN (reachable: OPEN, HELD) [FL601]',
      "main.fl:7:12: warning: unknown verify claim 'fairness' (known: deadlock_free, reachable_all, terminal_convergence) [FL602]",
    ]);
    expect(func(p.ir, 'door__step').notCompiled?.code).toBe('FL601');
  });
});
