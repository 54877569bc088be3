import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadUrl, serveDirectory, type StaticServer } from '../static-server.ts';
import { removeDir, tempDir, writePackage, type PackageSpec } from '../helpers.ts';
import { runCli } from './run-cli.ts';

// A three-level tree: trade-app -> order-book -> price-schema (+ a direct diamond edge).
const PACKAGES: PackageSpec[] = [
  { name: 'price-schema', version: '1.0.0', category: 'data-schema' },
  { name: 'price-schema', version: '1.1.0', category: 'data-schema' },
  { name: 'price-schema', version: '2.0.0', category: 'data-schema' },
  { name: 'order-book', version: '1.0.0', deps: { 'price-schema': '^1.0.0' } },
  { name: 'order-book', version: '1.2.0', deps: { 'price-schema': '^1.0.0' } },
  { name: 'trade-app', version: '1.0.0', deps: { 'order-book': '^1.0.0', 'price-schema': '>=1.1.0' } },
];

let root: string;
let publisherHome: string;
let clientHome: string;
let registry: string;
let origin: StaticServer;
let lying: StaticServer;
let dead: string;

beforeAll(async () => {
  root = tempDir('mp-e2e-');
  publisherHome = join(root, 'publisher-home');
  clientHome = join(root, 'client-home');
  registry = join(root, 'registry');
  const keygen = await runCli(['mp', 'keygen', '--key-id', 'acme-2026'], { cwd: root, home: publisherHome });
  expect(keygen.code, keygen.stderr).toBe(0);
  for (const p of PACKAGES) {
    const dir = writePackage(join(root, 'src'), { ...p, files: p.category === 'data-schema' ? { [`schemas/${p.name}.data.yaml`]: `name: price\nversion: ${p.version}\n` } : {} });
    const r = await runCli(['mp', 'publish', dir, '--registry', registry], { cwd: root, home: publisherHome });
    expect(r.code, r.stderr).toBe(0);
  }
  origin = await serveDirectory(registry);
  // The lying mirror serves the registry, but every package blob with one byte flipped.
  lying = await serveDirectory(registry, (path) => {
    if (!path.endsWith('.escx')) return undefined;
    const bytes = readFileSync(join(registry, path));
    bytes[bytes.length - 100]! ^= 0xff;
    return bytes;
  });
  dead = await deadUrl();
  mkdirSync(clientHome, { recursive: true });
  writeFileSync(
    join(clientHome, 'config.toml'),
    `[registry]
default = "${origin.url}"
region = "eu"

[[registry.mirrors]]
url = "${lying.url}"
region = "eu"

[[registry.mirrors]]
url = "${dead}"
region = "eu"
`,
  );
}, 120_000);

afterAll(async () => {
  await origin?.close();
  await lying?.close();
  removeDir(root);
});

describe('install over HTTP with a lying and a dead mirror', () => {
  it('installs the three-level tree, then again offline', async () => {
    const ws = join(root, 'ws-online');
    mkdirSync(ws);
    const r = await runCli(['mp', 'install', 'trade-app', '--save'], { cwd: ws, home: clientHome });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('Installed 3 packages');
    expect(r.stderr).toMatch(/served .* wrong checksum/);
    expect(r.stderr).toMatch(/is unavailable/);
    // Every blob came from the origin in the end, after the lying mirror was tried.
    expect(lying.requests.some((p) => p.endsWith('.escx'))).toBe(true);
    expect(origin.requests.filter((p) => p.endsWith('.escx'))).toHaveLength(3);
    const lock = readFileSync(join(ws, 'estream-workspace.toml'), 'utf8');
    expect(lock).toContain('trade-app = "^1.0.0"');
    expect(lock).toMatch(/\[lock\.price-schema\]\nversion = "1\.1\.0"/);
    expect(lock).toMatch(/\[lock\.order-book\]\nversion = "1\.2\.0"/);
    expect(lock).toContain('dependencies = [ "order-book@1.2.0", "price-schema@1.1.0" ]');
    expect(existsSync(join(ws, 'schemas', 'price-schema.data.yaml'))).toBe(true);
    expect(existsSync(join(ws, 'circuits', 'trade_app.fl'))).toBe(true);
    expect(existsSync(join(ws, 'docs', 'vendor', 'order-book', 'README.md'))).toBe(true);

    const list = await runCli(['mp', 'list', '-o', 'json'], { cwd: ws, home: clientHome });
    expect(JSON.parse(list.stdout).map((e: { name: string; version: string }) => `${e.name}@${e.version}`)).toEqual(['order-book@1.2.0', 'price-schema@1.1.0', 'trade-app@1.0.0']);

    const deps = await runCli(['mp', 'deps'], { cwd: ws, home: clientHome });
    expect(deps.stdout).toBe('trade-app 1.0.0\n├── order-book 1.2.0\n│   └── price-schema 1.1.0\n└── price-schema 1.1.0\n');

    // Offline, with every server gone: the cache serves index and packages, re-hashed.
    await origin.close();
    await lying.close();
    const ws2 = join(root, 'ws-offline');
    mkdirSync(ws2);
    const off = await runCli(['mp', 'install', 'trade-app', '--offline'], { cwd: ws2, home: clientHome });
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain('from cache');
    expect(readFileSync(join(ws2, 'estream-workspace.toml'), 'utf8')).toMatch(/\[lock\.trade-app\]\nversion = "1\.0\.0"/);

    // A corrupted cache entry is refused (E013) and removed.
    const cached = join(clientHome, 'cache', 'packages', 'order-book', '1.2.0', 'package.escx');
    const bytes = readFileSync(cached);
    bytes[50]! ^= 1;
    writeFileSync(cached, bytes);
    const ws3 = join(root, 'ws-corrupt');
    mkdirSync(ws3);
    const bad = await runCli(['mp', 'install', 'trade-app', '--offline'], { cwd: ws3, home: clientHome });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error[E013]');
    expect(existsSync(cached)).toBe(false);
    const unreachable = await runCli(['mp', 'install', 'trade-app', '--offline'], { cwd: ws3, home: clientHome });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('error[E012]');
  });
});
