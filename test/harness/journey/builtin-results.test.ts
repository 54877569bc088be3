import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests } from '../../../harness/run/run-tests.ts';

/**
 * Builtins called from a journey take the result type of their signature
 * (compiler/check/builtins.ts), so a struct taken out of a list by `nth` keeps its fields.
 * Found by test/fixtures/corpus2/isostatus (`nth(o.payment.history, 5).to`).
 */
describe('journey builtin results are typed by the signature table', () => {
  it('nth, min and checked_add results are usable like in a circuit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'k2-journey-'));
    writeFileSync(
      join(dir, 'a.fl'),
      `type C = struct { from: u8, to: u8 }
type P = struct { h: list<C>, n: u8 }
circuit mk() -> P { P { h: [C { from: 1, to: 2 }, C { from: 2, to: 3 }], n: 2 } }
`,
    );
    writeFileSync(
      join(dir, 'j.flj'),
      `journey "typed_builtins" {
    setup { let p = mk() }
    step "nth field" {
        assert nth(p.h, 1).to == 3
        assert nth(p.h, 0) == C { from: 1, to: 2 }
    }
    step "min and checked" {
        let small = min(p.n, 9u8)
        assert small == 2
        assert checked_add(250u8, 10u8) == nil
        assert checked_add(250u8, 5u8) == some(255u8)
    }
}
`,
    );
    const summary = await runTests([dir], { engine: 'interpreter', workers: 1 });
    const failed = summary.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.message}`);
    expect(failed).toEqual([]);
    expect(summary.tests.map((t) => t.name)).toEqual(['typed_builtins › setup', 'typed_builtins › nth field', 'typed_builtins › min and checked']);
  }, 60_000);
});
