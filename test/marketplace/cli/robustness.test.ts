/**
 * `estream marketplace` on bad input (specs/registry.md "CLI", "Reading registry documents"):
 * wrong kinds of paths, missing or damaged registries, usage errors. Every case exits 1 or 2
 * with a clear message and no stack trace, and with `-o json` prints exactly one JSON object.
 * One test per defect found in the robustness pass. Runs the CLI in this process (fast).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../marketplace/core/paths.ts';
import { estream, useTempHome, type CliResult } from '../../e2e/helpers.ts';
import { ORDER_VALIDATOR, removeDir, tempDir } from '../helpers.ts';

let home: ReturnType<typeof useTempHome>;
let root: string;
let registry: string;
let aFile: string;
let emptyDir: string;
let packed: string;

/** No stack trace and no internal error ever reaches the user. */
function clean(r: CliResult): CliResult {
  expect(r.stderr + r.stdout).not.toMatch(/internal error|TypeError|\n\s+at /);
  return r;
}

/** The one JSON object a failing `-o json` run prints. */
function jsonError(r: CliResult): { code: string; name: string; message: string } {
  clean(r);
  const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; name: string; message: string } };
  expect(doc.ok).toBe(false);
  return doc.error;
}

const mp = async (...args: string[]) => clean(await estream(['mp', ...args]));

async function inDirectory<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(before);
  }
}

beforeAll(async () => {
  home = useTempHome();
  root = tempDir('mp-robust-');
  aFile = join(root, 'not-a-dir.escx');
  writeFileSync(aFile, 'garbage\n');
  emptyDir = join(root, 'empty');
  mkdirSync(emptyDir);
  expect((await mp('keygen', '--key-id', 'acme-2026')).code).toBe(0);
  packed = join(root, 'ov.escx');
  expect((await mp('pack', ORDER_VALIDATOR, '--out', packed)).code).toBe(0);
  registry = join(root, 'registry');
  const pub = await mp('publish', packed, '--registry', registry, '-y');
  expect(pub.code, pub.stderr).toBe(0);
}, 60_000);

afterAll(() => {
  home.restore();
  removeDir(root);
});

describe('output paths of the wrong kind', () => {
  it('pack --out DIR writes the default file name inside the directory and leaves no temporary file', async () => {
    const dir = join(root, 'out-dir');
    mkdirSync(dir);
    const r = await mp('pack', ORDER_VALIDATOR, '--out', dir, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).file).toBe(join(dir, 'order-validator-1.2.0.escx'));
    expect(readdirSync(dir)).toEqual(['order-validator-1.2.0.escx']);
  });

  it('keygen --out DIR is a usage error naming a file to use, with or without --force', async () => {
    for (const extra of [[], ['--force']]) {
      const r = await mp('keygen', '--out', emptyDir, ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/estream: --out .*empty is a directory; name the key file, e\.g\. --out .*signing-key\.pem/);
    }
    expect(jsonError(await mp('keygen', '--out', emptyDir, '--json'))).toMatchObject({ code: 'usage', name: 'UsageError' });
    expect(readdirSync(emptyDir)).toEqual([]);
  });

  it('keygen over an existing key names the real option (--out) in its hint', async () => {
    const r = await mp('keygen', '--key-id', 'acme-2026');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E015\]: refusing to overwrite existing key/);
    expect(r.stderr).toMatch(/hint: pass --force to replace it, or --out for another file/);
  });

  it('pack --source --out FILE refuses the file', async () => {
    const r = await mp('pack', ORDER_VALIDATOR, '--source', '--out', aFile);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*not-a-dir\.escx is a file; pack --source writes a directory/);
    expect(jsonError(await mp('pack', ORDER_VALIDATOR, '--source', '--out', aFile, '-o', 'json')).code).toBe('usage');
    expect(readFileSync(aFile, 'utf8')).toBe('garbage\n');
  });

  it('unpack --out FILE refuses the file', async () => {
    const r = await mp('unpack', packed, '--out', aFile);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*not-a-dir\.escx is a file; unpack writes into a directory/);
  });

  it('publish --registry FILE is E012, also as JSON', async () => {
    const r = await mp('publish', packed, '--registry', aFile, '-y');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E012\]: registry .*not-a-dir\.escx is not a directory/);
    expect(jsonError(await mp('publish', packed, '--registry', aFile, '-y', '--json')).code).toBe('E012');
  });

  it('a failed atomic write removes its temporary file and rethrows', () => {
    const dir = join(root, 'atomic');
    mkdirSync(join(dir, 'taken'), { recursive: true });
    expect(() => writeFileAtomic(join(dir, 'taken'), 'x')).toThrow(/EISDIR|directory/);
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('input paths of the wrong kind', () => {
  it('inspect and verify of a directory are E006 naming it', async () => {
    const i = await mp('inspect', emptyDir);
    expect(i.code).toBe(1);
    expect(i.stderr).toMatch(/error\[E006\]: .*empty is a directory, not an \.escx file/);
    const v = await mp('verify', emptyDir, '--json');
    expect(v.code).toBe(1);
    expect(jsonError(v).message).toMatch(/empty is a directory without SIGNATURE\.ml-dsa/);
  });

  it('publish of a directory without a manifest is E008, not a file-system error', async () => {
    const r = await mp('publish', emptyDir, '--registry', registry, '-y');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E008\]: no estream-component\.toml in .*empty/);
  });

  it('lint of a path that does not exist is E008', async () => {
    const r = await mp('lint', join(root, 'nowhere'), '--json');
    expect(r.code).toBe(1);
    expect(jsonError(r)).toMatchObject({ code: 'E008', message: expect.stringMatching(/nowhere is not a package directory/) });
  });

  it('install --from a missing directory is E012 naming it, not "component not found"', async () => {
    const r = await mp('install', 'order-validator', '--from', join(root, 'no-export'), '--dry-run');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E012\]: registry default: no such directory .*no-export/);
  });
});

describe('registries that cannot be read', () => {
  it('a missing registry directory or a file is E012, not an empty result', async () => {
    const missing = await mp('search', 'x', '--registry', join(root, 'no-registry'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error\[E012\]: registry default: no such directory/);
    const file = await mp('info', 'order-validator', '--registry', aFile, '--json');
    expect(jsonError(file)).toMatchObject({ code: 'E012', message: expect.stringMatching(/is not a directory/) });
    // An existing directory without index.json is an empty registry.
    const empty = await mp('search', 'x', '--registry', emptyDir);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/0 results found/);
  });

  it('an unsupported URL scheme is E012, not a relative directory called "ftp:"', async () => {
    const r = await mp('search', 'x', '--registry', 'ftp://example.invalid/reg', '--json');
    expect(r.code).toBe(1);
    expect(jsonError(r)).toMatchObject({ code: 'E012', message: 'unsupported registry URL ftp://example.invalid/reg' });
  });

  it('a registry document that is not JSON is E006, not "unreachable"', async () => {
    const reg = join(root, 'reg-badjson');
    mkdirSync(reg);
    writeFileSync(join(reg, 'index.json'), '{"packages":');
    const r = await mp('search', 'x', '--registry', reg);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[E006\]: registry default: index\.json is not valid JSON/);
  });

  /** A copy of the published registry with one document replaced. */
  function damaged(name: string, file: 'index' | 'metadata', edit: (doc: Record<string, any>) => void): string {
    const reg = join(root, name);
    const copy = (rel: string) => {
      mkdirSync(join(reg, rel, '..'), { recursive: true });
      writeFileSync(join(reg, rel), readFileSync(join(registry, rel)));
    };
    const meta = 'index/smart-circuit/order-validator/metadata.json';
    copy('index.json');
    copy(meta);
    const rel = file === 'index' ? 'index.json' : meta;
    const doc = JSON.parse(readFileSync(join(reg, rel), 'utf8'));
    edit(doc);
    writeFileSync(join(reg, rel), JSON.stringify(doc));
    return reg;
  }

  it('index entries of the wrong shape are E006 naming the field (search used to crash)', async () => {
    const reg = damaged('reg-keywords', 'index', (d) => (d.packages['order-validator'].keywords = 5));
    const r = await mp('search', 'order', '--registry', reg, '--json');
    expect(r.code).toBe(1);
    expect(jsonError(r)).toMatchObject({ code: 'E006', message: expect.stringMatching(/index\.json entry order-validator: keywords must be a list of strings/) });
    // Display fields a hand-written index leaves out take neutral values instead.
    const sparse = damaged('reg-sparse', 'index', (d) => (d.packages['order-validator'] = { category: 'smart-circuit' }));
    const ok = await mp('search', 'order', '--registry', sparse);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/order-validator +smart-circuit/);
  });

  it('metadata of the wrong shape is E006 naming the field (info, install, deps and verify used to crash)', async () => {
    const cases: [string, (d: Record<string, any>) => void, RegExp][] = [
      ['reg-v-number', (d) => (d.versions = [1]), /versions must be a list of objects/],
      ['reg-v-empty', (d) => (d.versions = [{}]), /versions\[0\]: version must be a string/],
      ['reg-v-semver', (d) => (d.versions[0].version = 'one'), /versions\[0\]: version "one" is not a SemVer version/],
      ['reg-v-deps', (d) => (d.versions[0].dependencies = 5), /versions\[0\]: dependencies must be a list of objects/],
      ['reg-v-status', (d) => (d.versions[0].status = 'gone'), /status must be active, deprecated or sunset/],
    ];
    for (const [name, edit, message] of cases) {
      const reg = damaged(name, 'metadata', edit);
      for (const cmd of [['info', 'order-validator'], ['install', 'order-validator', '--dry-run'], ['deps', 'order-validator'], ['verify', 'order-validator']]) {
        const r = await mp(...cmd, '--registry', reg, '--json');
        expect(r.code, `${name} ${cmd[0]}`).toBe(1);
        expect(jsonError(r), `${name} ${cmd[0]}`).toMatchObject({ code: 'E006', message: expect.stringMatching(message) });
      }
    }
  });
});

describe('usage errors and options', () => {
  it('usage errors print one JSON object with -o json and still exit 2', async () => {
    for (const args of [['search', '--json'], ['search', 'x', '--bogus', '-o', 'json'], ['bogus', '--json'], ['list', '-o', 'xml', '--json']]) {
      const r = await mp(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(jsonError(r), args.join(' ')).toMatchObject({ code: 'usage', name: 'UsageError' });
    }
    const text = await mp('search');
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/missing required argument 'query'/);
  });

  it('info NAME --version V is the package version, not the estream version', async () => {
    const r = await mp('info', 'order-validator', '--version', '1.2.0', '--registry', registry, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'order-validator', version: { version: '1.2.0' } });
    const missing = await mp('info', 'order-validator', '--version', '9.9.9', '--registry', registry);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error\[E002\]: order-validator has no version 9\.9\.9/);
    expect((await estream(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('verify --all without lock entries says so instead of printing nothing', async () => {
    const ws = join(root, 'ws-empty');
    mkdirSync(ws);
    await inDirectory(ws, async () => {
      const r = await mp('verify', '--all');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/No packages to verify \(no lock entries in estream-workspace\.toml\)/);
      expect(JSON.parse((await mp('verify', '--all', '--json')).stdout)).toEqual([]);
    });
  });

  it('update reports "Updated", not "Updateed"', async () => {
    const ws = join(root, 'ws-update');
    mkdirSync(ws);
    await inDirectory(ws, async () => {
      const r = await mp('update', '--registry', registry);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Updated 0 packages for ws-update/);
    });
    expect(existsSync(join(ws, 'estream-workspace.toml'))).toBe(true);
  });
});
