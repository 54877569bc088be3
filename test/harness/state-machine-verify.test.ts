import { describe, expect, it } from 'vitest';
import { formatPath, verifyClaim, type StateGraph } from '../../compiler/check/state-machine-verify.ts';

const loan: StateGraph = {
  states: ['REQUESTED', 'ON_LOAN', 'RETURNED', 'LOST'],
  initial: 'REQUESTED',
  terminal: ['RETURNED', 'LOST'],
  transitions: [
    { from: 'REQUESTED', to: 'ON_LOAN', event: 'checked_out' },
    { from: 'ON_LOAN', to: 'RETURNED', event: 'scanned_in' },
    { from: 'ON_LOAN', to: 'LOST', event: 'overdue' },
  ],
};

describe('verify claims (LANGUAGE.md §8.9.4)', () => {
  it('holds on a well-formed machine', () => {
    for (const c of ['deadlock_free', 'reachable_all', 'terminal_convergence']) expect(verifyClaim(loan, c).holds).toBe(true);
  });

  it('deadlock_free fails with the shortest path to the stuck state', () => {
    const g: StateGraph = { ...loan, transitions: [...loan.transitions, { from: 'ON_LOAN', to: 'HELD', event: 'hold' }] };
    const r = verifyClaim(g, 'deadlock_free');
    expect(r.holds).toBe(false);
    expect(r.path).toEqual([{ state: 'REQUESTED' }, { state: 'ON_LOAN', event: 'checked_out' }, { state: 'HELD', event: 'hold' }]);
    expect(r.message).toContain('REQUESTED --checked_out--> ON_LOAN --hold--> HELD');
  });

  it('reachable_all names the unreachable states', () => {
    const g: StateGraph = { ...loan, states: [...loan.states, 'ARCHIVED'] };
    const r = verifyClaim(g, 'reachable_all');
    expect(r.holds).toBe(false);
    expect(r.unreachable).toEqual(['ARCHIVED']);
    expect(r.message).toContain('ARCHIVED cannot be reached from REQUESTED');
  });

  it('terminal_convergence fails when a reachable state cannot finish', () => {
    const g: StateGraph = {
      ...loan,
      transitions: [...loan.transitions, { from: 'ON_LOAN', to: 'LIMBO', event: 'glitch' }, { from: 'LIMBO', to: 'LIMBO', event: 'tick' }],
    };
    const r = verifyClaim(g, 'terminal_convergence');
    expect(r.holds).toBe(false);
    expect(formatPath(r.path!)).toBe('REQUESTED --checked_out--> ON_LOAN --glitch--> LIMBO');
    // deadlock_free still holds: LIMBO has an outgoing transition
    expect(verifyClaim(g, 'deadlock_free').holds).toBe(true);
  });

  it('terminal_convergence without a terminal list needs exactly one sink component', () => {
    const cycle: StateGraph = {
      states: ['Closed', 'Open'],
      initial: 'Closed',
      terminal: [],
      transitions: [
        { from: 'Closed', to: 'Open', event: 'Heat' },
        { from: 'Open', to: 'Closed', event: 'Cool' },
      ],
    };
    expect(verifyClaim(cycle, 'terminal_convergence').holds).toBe(true);
    const split: StateGraph = { ...cycle, states: ['Start', 'A', 'B'], initial: 'Start', transitions: [
      { from: 'Start', to: 'A', event: 'a' },
      { from: 'Start', to: 'B', event: 'b' },
    ] };
    const r = verifyClaim(split, 'terminal_convergence');
    expect(r.holds).toBe(false);
    expect(r.message).toContain('2 sink components');
  });

  it('reports an unknown claim instead of throwing', () => {
    const r = verifyClaim(loan, 'always_happy');
    expect(r.holds).toBe(false);
    expect(r.message).toContain("unknown verify claim 'always_happy'");
  });
});
