import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests } from '../../../harness/run/run-tests.ts';

/**
 * A state machine's `<name>__step` (LANGUAGE.md §8.9 item 2) is callable from journeys of
 * both forms, as it is from test blocks (found by corpus4: the journey linker only knew
 * circuits, so the step failed as "unknown circuit or builtin").
 */
describe('journeys call a state machine step function', () => {
  it('older and newer journeys pass, with no unresolved-action warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'estream-step-'));
    writeFileSync(
      join(dir, 'vents.fl'),
      `state_machine vent {
    state Shut { on Warm => Open, }
    state Open { on Cool => Shut, }
}
`,
    );
    writeFileSync(
      join(dir, 'old.flj'),
      `journey "vent_old" {
    step "warm" { assert vent__step(0, 0) == 1 }
    step "no transition" { assert vent__step(1, 0) == -1 }
}
`,
    );
    writeFileSync(
      join(dir, 'new.flj'),
      `journey vent_new "newer form"
step cool {
    actor: system
    action: vent__step(1, 1)
    expect: result == 0
}
`,
    );
    for (const engine of ['interpreter', 'wasm'] as const) {
      const summary = await runTests([dir], { engine, workers: 1 });
      const bad = summary.tests.filter((t) => t.status !== 'passed').map((t) => `${t.name}: ${t.message}`);
      expect(bad).toEqual([]);
      expect(summary.tests.map((t) => t.name).sort()).toEqual(['vent_new › cool', 'vent_old › no transition', 'vent_old › warm']);
      const text = JSON.stringify(summary);
      expect(text).not.toMatch(/is not a known circuit or builtin/);
    }
  }, 120_000);

  it('a step call with the wrong arity is a located warning at compile time', async () => {
    const { compileSources } = await import('../../../compiler/pipeline/program.ts');
    const p = compileSources([
      { path: 'm.fl', text: 'state_machine vent {\n    state Shut { on Warm => Open, }\n    state Open { on Cool => Shut, }\n}\n' },
      { path: 'j.flj', text: 'journey j "t"\nstep s {\n    actor: system\n    action: vent__step(0)\n    expect: result == 1\n}\n' },
    ]);
    const ws = p.diagnostics.filter((d) => d.code === 'FL313').map((d) => `${d.file}:${d.line}: ${d.message}`);
    expect(ws).toEqual(["j.flj:4: 'vent__step' takes 2 arguments (state, event), got 1; the step fails when run"]);
  });
});
