import { describe, expect, it } from 'vitest';
import { ClauseChecker } from '../../../harness/clauses/checker.ts';
import { createEngine, interpreterEngine } from '../../../harness/exec/engine.ts';
import type { AssertSite } from '../../../harness/exec/instrument-asserts.ts';
import { describeFailure } from '../../../harness/failure.ts';
import type { ProgramContext } from '../../../harness/run/context.ts';
import { discoverTests } from '../../../harness/run/discover.ts';
import { instrumentModule } from '../../../harness/run/run-tests.ts';
import { runTestBlock } from '../../../harness/run/test-block.ts';
import { feeModule, SOURCE } from '../ir-fixtures.ts';

async function context(kind: 'wasm' | 'interpreter'): Promise<ProgramContext> {
  const module = feeModule();
  const sites = new Map<string, AssertSite>();
  const clauses = new ClauseChecker(module);
  const instrumented = instrumentModule(module, clauses, sites);
  return {
    module: instrumented,
    asts: [],
    engine: kind === 'wasm' ? await createEngine(instrumented) : await interpreterEngine(instrumented),
    lookup: (p) => (p === SOURCE.path ? SOURCE.text : undefined),
    display: (p) => p,
    assertSites: sites,
    clauses,
    options: {},
    funcByName: new Map(instrumented.funcs.map((f) => [f.name, f])),
  };
}

describe.each(['interpreter', 'wasm'] as const)('test blocks on instrumented IR (%s engine)', (kind) => {
  it('a passing assert passes', async () => {
    const ctx = await context(kind);
    expect(ctx.engine.kind).toBe(kind);
    const [t] = discoverTests(ctx.module, [], new Set(['fees.fl']), (p) => p).filter((x) => x.name === 'fee_ok');
    const r = runTestBlock(ctx, { ...t!, ir: t!.ir! });
    expect(r.status).toBe('passed');
    expect(r.line).toBe(5);
  });

  it('a failing assert shows the expression, both values and a code frame', async () => {
    const ctx = await context(kind);
    const t = discoverTests(ctx.module, [], new Set(['fees.fl']), (p) => p).find((x) => x.name === 'fee_ten')!;
    const r = runTestBlock(ctx, { ...t, ir: t.ir! });
    expect(r.status).toBe('failed');
    expect(r.message).toBe('assertion failed: fee(10) == 21');
    expect(r.detail).toContain('fees.fl:4:23: error: assertion failed: fee(10) == 21 [FL801]');
    expect(r.detail).toContain('left:  20');
    expect(r.detail).toContain('right: 21');
    expect(r.detail).toContain('4 | test golden fee_ten { assert fee(10) == 21 }');
  });

  it('an invariant violated after a call fails the test with its name and span', async () => {
    const ctx = await context(kind);
    expect(ctx.clauses.predicateCount).toBe(1);
    const t = discoverTests(ctx.module, [], new Set(['fees.fl']), (p) => p).find((x) => x.name === 'fee_big')!;
    const r = runTestBlock(ctx, { ...t, ir: t.ir! });
    expect(r.status).toBe('failed');
    expect(r.message).toBe("invariant 'small' of fee does not hold");
    expect(r.detail).toContain('fees.fl:2:5');
    expect(r.detail).toContain('result: 120');
    expect(r.detail).toContain('days: 60');
  });

  it('describes unknown errors as runner errors instead of throwing', () => {
    expect(describeFailure(new TypeError('boom'), () => undefined).message).toBe('internal error in the test runner: boom');
  });
});
