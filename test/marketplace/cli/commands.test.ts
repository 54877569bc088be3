import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, ORDER_VALIDATOR, removeDir, tempDir, writePackage, type PackageSpec } from '../helpers.ts';
import { runCli } from './run-cli.ts';

let root: string;
let home: string;
const cli = (args: string[], cwd = root) => runCli(args, { cwd, home });

beforeAll(async () => {
  root = tempDir('mp-cli-');
  home = join(root, 'home');
  const r = await cli(['mp', 'keygen', '--key-id', 'acme-2026']);
  expect(r.code, r.stderr).toBe(0);
}, 60_000);
afterAll(() => removeDir(root));

describe('package commands', () => {
  it('keygen refuses to overwrite a key', async () => {
    const again = await cli(['marketplace', 'keygen', '--key-id', 'acme-2026']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/refusing to overwrite/);
  });

  it('pack -> inspect -> verify -> unpack, with JSON output', async () => {
    const pkg = copyFixture(ORDER_VALIDATOR, join(root, 'ov'));
    const pack = await cli(['mp', 'pack', pkg, '--out', join(root, 'ov.escx'), '-o', 'json']);
    expect(pack.code, pack.stderr).toBe(0);
    expect(JSON.parse(pack.stdout)).toMatchObject({ name: 'order-validator', version: '1.2.0', key_id: 'acme-2026', stripped: true });
    const inspect = await cli(['mp', 'inspect', join(root, 'ov.escx'), '--json']);
    const d = JSON.parse(inspect.stdout);
    expect(d.sections.map((s: { name: string }) => s.name)).toEqual(['manifest', 'domain.escx', 'docs', 'tests', 'LICENSE', 'attestation.q']);
    const verify = await cli(['mp', 'verify', join(root, 'ov.escx')]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/✓ .*ov\.escx: valid/);
    const unpack = await cli(['mp', 'unpack', join(root, 'ov.escx'), '--out', join(root, 'ov-out')]);
    expect(unpack.code).toBe(0);
    expect(readFileSync(join(root, 'ov-out', 'circuits', 'validate.fl'), 'utf8')).toBe(readFileSync(join(pkg, 'circuits', 'validate.fl'), 'utf8'));
  });

  it('verify reports a tampered file with its error code and exit 1', async () => {
    const bytes = readFileSync(join(root, 'ov.escx'));
    bytes[bytes.length - 200]! ^= 1;
    writeFileSync(join(root, 'tampered.escx'), bytes);
    const r = await cli(['mp', 'verify', join(root, 'tampered.escx')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[E005\]: .*tampered\.escx: ML-DSA-87 publisher signature is invalid/);
    const j = await cli(['mp', 'verify', join(root, 'tampered.escx'), '-o', 'json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { code: 'E005', name: 'SignatureInvalid' } });
  });

  it('pack --source writes a signed source archive that verify accepts, and catches tampering', async () => {
    const pkg = copyFixture(ORDER_VALIDATOR, join(root, 'ov-src'));
    const out = join(root, 'ov-source');
    const pack = await cli(['mp', 'pack', pkg, '--source', '--out', out]);
    expect(pack.code, pack.stderr).toBe(0);
    const ok = await cli(['mp', 'verify', out, '-o', 'json']);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, result: 'Valid', files: 8 });
    // The extracted tree with its signature verifies too; an edited file is TamperedFile (E006).
    writeFileSync(join(pkg, 'SIGNATURE.ml-dsa'), readFileSync(join(out, 'SIGNATURE.ml-dsa')));
    expect((await cli(['mp', 'verify', pkg])).code).toBe(0);
    writeFileSync(join(pkg, 'circuits', 'validate.fl'), 'circuit evil() {}\n');
    const bad = await cli(['mp', 'verify', pkg]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error[E006]: source archive verification failed: TamperedFile: circuits/validate.fl');
  });

  it('manifest errors point at file:line:col with a code frame', async () => {
    const pkg = copyFixture(ORDER_VALIDATOR, join(root, 'broken'));
    const m = join(pkg, 'estream-component.toml');
    writeFileSync(m, readFileSync(m, 'utf8').replace('version = "1.2.0"', 'version = "1.2"'));
    const r = await cli(['mp', 'pack', pkg]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E008]: invalid manifest');
    expect(r.stderr).toContain(`${m}:4:1: error: package.version "1.2" is not a SemVer 2.0.0 version`);
    expect(r.stderr).toContain('4 | version = "1.2"');
    expect(r.stderr).toContain('  | ^^^^^^^');
  });

  it('scaffold creates a package that lints clean and packs', async () => {
    const r = await cli(['mp', 'scaffold', 'wire-adapter', 'fix-bridge', '-o', join(root, 'fix-bridge'), '--author', 'acme']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(root, 'fix-bridge', 'tests', 'golden', 'manifest.toml'))).toBe(true);
    const again = await cli(['mp', 'scaffold', 'wire-adapter', 'fix-bridge', '-o', join(root, 'fix-bridge')]);
    expect(again.code).toBe(1);
    const lint = await cli(['mp', 'lint', join(root, 'fix-bridge'), '--json']);
    expect(lint.code, lint.stdout).toBe(0);
    expect(JSON.parse(lint.stdout)).toMatchObject({ errors: 0, warnings: 0, manifest_valid: true, escir_compatibility: 'compatible' });
    const pack = await cli(['mp', 'pack', join(root, 'fix-bridge'), '--out', join(root, 'fix.escx')]);
    expect(pack.code, pack.stderr).toBe(0);
  });

  it('lint --fix rewrites an older dialect; --deny-warnings fails on warnings', async () => {
    const dir = join(root, 'legacy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'estream-component.toml'), readFileSync(join(FIXTURES, 'manifests', 'component-dialect.toml')));
    writeFileSync(join(dir, 'README.md'), '# legacy\n');
    writeFileSync(join(dir, 'LICENSE'), 'Apache License 2.0\n');
    const before = await cli(['mp', 'lint', dir, '--deny-warnings']);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('[L008]');
    const fix = await cli(['mp', 'lint', dir, '--fix', '-o', 'json']);
    expect(JSON.parse(fix.stdout).fixed).toBe(true);
    expect(readFileSync(join(dir, 'estream-component.toml'), 'utf8')).toMatch(/^\[package\]\nname = "fix-gateway"/);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['mp', 'search'])).code).toBe(2);
    expect((await cli(['mp', 'list', '-o', 'yaml'])).code).toBe(2);
  });
});

describe('workspace commands on a directory registry', () => {
  let reg: string;
  beforeAll(async () => {
    reg = join(root, 'registry');
    const pkgs: PackageSpec[] = [
      { name: 'base', version: '1.0.0' },
      { name: 'base', version: '1.1.0' },
      { name: 'mid', version: '1.0.0', deps: { base: '^1.0.0' } },
      { name: 'top', version: '1.0.0', deps: { mid: '^1.0.0' } },
    ];
    for (const p of pkgs) {
      const r = await cli(['mp', 'publish', writePackage(join(root, 'src'), p), '--registry', reg]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 60_000);

  it('installs, honours --locked, yanks, updates and exports for --from', async () => {
    const ws = join(root, 'ws');
    mkdirSync(ws);
    const dry = await cli(['mp', 'install', 'top@^1.0.0', '--registry', reg, '--dry-run', '-o', 'json'], ws);
    expect(JSON.parse(dry.stdout).installOrder).toEqual(['base', 'mid', 'top']);
    expect(existsSync(join(ws, 'estream-workspace.toml'))).toBe(false);
    const inst = await cli(['mp', 'install', 'top', 'base@1.0.0', '--registry', reg, '--save'], ws);
    expect(inst.code, inst.stderr).toBe(0);
    expect(readFileSync(join(ws, 'estream-workspace.toml'), 'utf8')).toContain('base = "=1.0.0"');

    // --locked: relaxing base would move it to 1.1.0, which the lock forbids.
    const lockFile = join(ws, 'estream-workspace.toml');
    writeFileSync(lockFile, readFileSync(lockFile, 'utf8').replace('base = "=1.0.0"', 'base = "^1.1.0"'));
    const locked = await cli(['mp', 'install', '--registry', reg, '--locked'], ws);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('error[E003]: the lockfile would change');
    expect(locked.stderr).toContain('base: 1.0.0 -> 1.1.0');

    const upd = await cli(['mp', 'update', '--registry', reg], ws);
    expect(upd.code, upd.stderr).toBe(0);
    expect(upd.stdout).toContain('base 1.0.0 -> 1.1.0');

    // A yanked version stays installable for the lock that pins it.
    const yank = await cli(['mp', 'yank', 'base@1.1.0', '--registry', reg], ws);
    expect(yank.code, yank.stderr).toBe(0);
    const again = await cli(['mp', 'install', '--registry', reg, '--locked'], ws);
    expect(again.code, again.stderr).toBe(0);

    const exp = await cli(['mp', 'export', 'top', '--output', join(root, 'bundle'), '--registry', reg], ws);
    expect(exp.code, exp.stderr).toBe(0);
    const ws2 = join(root, 'ws2');
    mkdirSync(ws2);
    const from = await cli(['mp', 'install', 'top', '--from', join(root, 'bundle')], ws2);
    expect(from.code, from.stderr).toBe(0);
    expect(from.stdout).toContain('Installed 3 packages');

    const unknown = await cli(['mp', 'install', 'nothing-here', '--registry', reg], ws2);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error[E001]: component not found: nothing-here');
  });

  it('search, info and lifecycle', async () => {
    const s = await cli(['mp', 'search', 'base', '--registry', reg]);
    expect(s.stdout).toMatch(/base\s+1\.0\.0/);
    expect(s.stdout.trim().split('\n').at(-1)).toBe('1 results found');
    const info = await cli(['mp', 'info', 'mid', '--registry', reg, '--json']);
    expect(JSON.parse(info.stdout).version.dependencies).toEqual([{ name: 'base', requirement: '^1.0.0', optional: false }]);
    const dep = await cli(['mp', 'lifecycle', 'set', '1.0.0', 'deprecated', '--package', 'mid', '--successor', 'top', '--sunset', '2027-06-30', '--registry', reg]);
    expect(dep.code, dep.stderr).toBe(0);
    const check = await cli(['mp', 'lifecycle', 'check', '--registry', reg], join(root, 'ws'));
    expect(check.stdout).toMatch(/mid\s+1\.0\.0\s+deprecated\s+top\s+2027-06-30/);
  });
});
