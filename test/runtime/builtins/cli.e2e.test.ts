/**
 * End to end through the CLI: a FastLang program that calls builtins and host effects
 * (hashes, ML-DSA, ML-KEM, streams with a throttle, kv stores, FIX, CBOR, the clock) is
 * compiled and tested with `estream test --json`; the runtime library serves every call.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = 'test/runtime/builtins/fixtures/runtime_e2e';

interface TestReport {
  tests: { name: string; status: string; message: string }[];
  passed: number;
  failed: number;
}

describe('runtime builtins and effects through `estream test`', () => {
  it('runs real code against the runtime library', () => {
    const run = spawnSync(process.execPath, ['bin/estream.js', 'test', fixture, '--json'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
    expect(run.status, run.stderr).toBe(1); // two tests fail on purpose
    const report = JSON.parse(run.stdout) as TestReport;
    const byName = new Map(report.tests.map((t) => [t.name, t]));
    for (const name of ['price_one_hour', 'fp_stable', 'emits', 'sig', 'kem_ok', 'fares_ok', 'hex_ok', 'median_ok', 'cbor_ok', 'now_ok', 'fix_ok', 'encode_layout', 'encode_cbor_clause']) {
      expect(byName.get(name)?.status, `${name}: ${byName.get(name)?.message}`).toBe('passed');
    }
    expect(report.failed).toBe(2);
    const div = byName.get('expect_div_by_zero')!;
    expect(div.status).toBe('failed');
    expect(div.message).toContain('garage.fl:80:11: error: div_by_zero');
    const model = byName.get('expect_no_model')!;
    expect(model.message).toContain('garage.fl:86:5: error: no_model');
    expect(model.message).toContain("lex path 'farm/frost'");
  }, 240_000);
});
