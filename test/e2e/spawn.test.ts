/**
 * A few real `node bin/estream.js` processes: the README's main job (`npm run demo`: compile
 * → key → run with a signed witness → verify), exit codes as the shell sees them, and input
 * from standard input. Everything else runs in process (helpers.ts) because each spawn
 * costs 1–2 s.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO, spawnEstream, useTempHome } from './helpers.ts';

let home: ReturnType<typeof useTempHome>;

beforeAll(() => {
  home = useTempHome();
});
afterAll(() => home.restore());

describe('estream as a process', () => {
  it('npm run demo compiles, runs and verifies the bundled example', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'circuits/licensing/examples/demo.mjs')], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ESTREAM_HOME: home.dir },
      timeout: 240_000,
    });
    expect(r.status).toBe(0);
    // The result goes to stdout; notes such as "witness written" go to stderr.
    expect(r.stderr).not.toMatch(/error|failed/);
    expect(r.stdout).toMatch(/\[1\/4\] compile the program to WebAssembly\n\$ estream compile circuits\/licensing -o out\/demo\n/);
    expect(r.stdout).toMatch(/compiled 1 program: 8\/8 circuits to WebAssembly, 0 errors, 0 warnings/);
    expect(r.stdout).toMatch(/"publisher": 850003/);
    expect(r.stderr).toMatch(/witness written to out\/demo\/split_settlement\.wit: 4 records, commitment 0x[0-9a-f]{64}, signed with ML-DSA-87 key demo/);
    expect(r.stdout).toMatch(/verified: out\/demo\/split_settlement\.wit — split_settlement \(attested\)/);
    expect(r.stdout).toMatch(/valid ML-DSA-87 signature/);
    expect(existsSync(join(REPO, 'out/demo/licensing.wasm'))).toBe(true);
  });

  it('exits 1 on a runtime trap with the located message on stderr', () => {
    const r = spawnEstream(['run', `${FIXTURES}/traps`, 'divide', '--input', '[1, 0]'], { ESTREAM_HOME: home.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('test/fixtures/e2e/traps/traps.fl:12:7: error: div_by_zero: division by zero');
  });

  it('exits 2 on a usage error, without a stack trace', () => {
    const r = spawnEstream(['run', `${FIXTURES}/traps`, 'nope'], { ESTREAM_HOME: home.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^estream: no circuit named 'nope' in the program/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads --input @- from standard input', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/estream.js'), 'run', `${FIXTURES}/traps`, 'add_u8', '--input', '@-', '--json'], {
      cwd: REPO,
      encoding: 'utf8',
      input: '{"a": 250, "b": 10}',
      env: { ...process.env, ESTREAM_HOME: home.dir },
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ circuit: 'add_u8', ok: true, result: 4 });
  });
});
