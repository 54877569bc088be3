/**
 * Every runtime error kind of LANGUAGE.md §8.3.5 through `estream run`, each located at the
 * operation that trapped (file:line:col), with the code frame and the circuit call stack;
 * fuel exhaustion; wrapping arithmetic against --overflow-checks (§8.1).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estream, FIXTURES, runJson, useTempHome } from './helpers.ts';

const P = `${FIXTURES}/traps`;
const FILE = `${P}/traps.fl`;
let home: ReturnType<typeof useTempHome>;

beforeAll(() => {
  home = useTempHome();
});
afterAll(() => home.restore());

interface TrapCase {
  circuit: string;
  input: unknown;
  kind: string;
  at: [number, number];
  message: RegExp;
  extra?: string[];
}

const CASES: TrapCase[] = [
  { circuit: 'add_u8', input: [200, 100], kind: 'overflow', at: [8, 7], message: /overflow/, extra: ['--overflow-checks'] },
  { circuit: 'divide', input: [1, 0], kind: 'div_by_zero', at: [12, 7], message: /division by zero/ },
  { circuit: 'pick', input: [[1, 2], 5], kind: 'index_out_of_bounds', at: [16, 5], message: /out of bounds/ },
  { circuit: 'weight_of', input: [[{ label: 'a', weight: 3 }], 'b'], kind: 'nil_unwrap', at: [27, 18], message: /nil/ },
  { circuit: 'to_shape', input: [7], kind: 'conversion', at: [32, 5], message: /Shape/ },
  { circuit: 'sides', input: [3], kind: 'no_match', at: [36, 5], message: /match/ },
  { circuit: 'refuse', input: ['x'], kind: 'fail', at: [43, 5], message: /^refused by policy$/ },
  { circuit: 'checked_transfer', input: [1, 2], kind: 'require', at: [47, 5], message: /^insufficient balance$/ },
  // §8.3.3: outside a test, `assert` behaves like `require`.
  { circuit: 'asserted', input: [11], kind: 'require', at: [52, 5], message: /x must be small/ },
  { circuit: 'shifted', input: [1, 40], kind: 'overflow', at: [57, 7], message: /shift count/ },
  { circuit: 'spin', input: [1], kind: 'fuel', at: [62, 5], message: /fuel/, extra: ['--fuel', '5000'] },
  { circuit: 'padded', input: ['too long'], kind: 'conversion', at: [69, 23], message: /longer than bytes\(4\)/ },
];

describe('each trap kind is located at its operation', () => {
  for (const c of CASES) {
    it(`${c.circuit}: ${c.kind} at ${c.at.join(':')}`, async () => {
      const r = await runJson(P, c.circuit, c.input, ['-O0', ...(c.extra ?? [])]);
      expect(r.code).toBe(1);
      expect(r.ok).toBe(false);
      expect(r.trap).toMatchObject({ kind: c.kind, file: FILE, line: c.at[0], column: c.at[1] });
      expect(r.trap!.message).toMatch(c.message);
      expect(r.trap!.callStack).toEqual([c.circuit]);
    });
  }

  it('prints file:line:col: error: kind: message, the code frame and the call stack (text mode)', async () => {
    const r = await estream(['run', P, 'outer', '--input', '[0]', '-O0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`${FILE}:12:7: error: div_by_zero: division by zero`);
    expect(lines[1]).toMatch(/^ +\|$/);
    expect(lines[2]).toBe('12 |     a / b');
    expect(lines[3]).toBe('   |       ^');
    expect(lines.slice(4, 8)).toEqual(['call stack (innermost last):', '  outer', '  middle', '  divide']);
  });

  it('locates the same traps identically at -O2', async () => {
    for (const c of CASES.filter((x) => ['divide', 'pick', 'refuse', 'shifted'].includes(x.circuit))) {
      const r = await runJson(P, c.circuit, c.input, ['-O2']);
      expect(r.trap).toMatchObject({ kind: c.kind, line: c.at[0], column: c.at[1] });
    }
  });
});

describe('arithmetic modes (LANGUAGE.md §8.1)', () => {
  it('wraps by default and traps with --overflow-checks', async () => {
    const wrapped = await runJson(P, 'add_u8', [200, 100], ['-O0']);
    expect(wrapped).toMatchObject({ ok: true, result: 44, code: 0 });
    const checked = await runJson(P, 'add_u8', [200, 100], ['-O0', '--overflow-checks']);
    expect(checked.trap?.kind).toBe('overflow');
    const fine = await runJson(P, 'add_u8', [100, 100], ['-O0', '--overflow-checks']);
    expect(fine.result).toBe(200);
  });

  it('property: u8 addition wraps modulo 256, and traps exactly when it overflows under checks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), async (a, b) => {
        const wrapped = await runJson(P, 'add_u8', [a, b], ['-O0']);
        expect(wrapped.result).toBe((a + b) % 256);
        const checked = await runJson(P, 'add_u8', [a, b], ['-O0', '--overflow-checks']);
        if (a + b > 255) expect(checked.trap).toMatchObject({ kind: 'overflow', line: 8, column: 7 });
        else expect(checked.result).toBe(a + b);
      }),
      { numRuns: 25, seed: 7, examples: [[255, 1], [255, 0], [128, 128]] },
    );
  });

  it('checks subtraction under --overflow-checks after require passed', async () => {
    const r = await runJson(P, 'checked_transfer', [5, 3], ['-O0', '--overflow-checks']);
    expect(r.result).toBe(2);
  });
});

describe('fuel', () => {
  it('ends an endless loop as a located fuel error, whatever the budget', async () => {
    for (const fuel of ['1', '100000']) {
      const r = await runJson(P, 'spin', [1], ['-O0', '--fuel', fuel]);
      expect(r.trap).toMatchObject({ kind: 'fuel', line: 62, column: 5 });
    }
  });

  it('lets a bounded loop finish within its budget and stops it below', async () => {
    const r = await runJson(P, 'pick', [[1, 2, 3], 2], ['-O0', '--fuel', '10']);
    expect(r.result).toBe(3);
  });

  it('refuses a fuel budget that is not a positive integer (exit 2)', async () => {
    const r = await estream(['run', P, 'spin', '--input', '[1]', '--fuel', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fuel takes a positive integer/);
  });
});
