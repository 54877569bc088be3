import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackageCache } from '../../../marketplace/cache/cache.ts';
import { MarketplaceError } from '../../../marketplace/core/errors.ts';
import { packDirectory } from '../../../marketplace/escx/pack.ts';
import { RegistryClient } from '../../../marketplace/registry/client.ts';
import type { MarketplaceConfig } from '../../../marketplace/registry/config.ts';
import { publishPackage } from '../../../marketplace/registry/publish.ts';
import { deadUrl, serveDirectory, type StaticServer } from '../static-server.ts';
import { attesterKey, publisherKey, removeDir, tempDir, writePackage } from '../helpers.ts';

const tmp = tempDir();
const reg = join(tmp, 'reg');
let origin: StaticServer;
let mirrorEu: StaticServer;
let mirrorUs: StaticServer;

beforeAll(async () => {
  const dir = writePackage(join(tmp, 'src'), { name: 'ticker', version: '1.0.0' });
  const { bytes } = packDirectory(dir, { signingKey: publisherKey(), attesterKey: attesterKey(), timestamp: 5_000 });
  publishPackage({ registryDir: reg, bytes, signingKey: publisherKey(), attesterKey: attesterKey(), now: 5_000 });
  origin = await serveDirectory(reg);
  mirrorEu = await serveDirectory(reg);
  mirrorUs = await serveDirectory(reg);
}, 60_000);
afterAll(async () => {
  await Promise.all([origin.close(), mirrorEu.close(), mirrorUs.close()]);
  removeDir(tmp);
});

function client(name: string, url: string, clock: { now: number }, extra: Partial<MarketplaceConfig> = {}, warnings: string[] = [], offline = false): RegistryClient {
  const cache = new PackageCache(join(tmp, name), 24 * 3600, 1 << 30, () => clock.now);
  const config: MarketplaceConfig = {
    home: tmp,
    sources: [{ name: 'default', url }],
    mirrors: [],
    cacheDir: cache.dir,
    ttlHours: 24,
    maxSizeMb: 500,
    defaultKey: '',
    platformVersion: '1.0.0',
    apiVersion: '1.0.0',
    ...extra,
  };
  return new RegistryClient(config, cache, { warn: (m) => warnings.push(m), offline });
}

describe('registry client over HTTP', () => {
  it('uses a fresh index copy, refetches a stale one, and falls back to it with a warning', async () => {
    const clock = { now: 10_000 };
    const before = origin.requests.length;
    expect((await client('ttl', origin.url, clock).resolvePackage('ticker'))!.metadata.latest).toBe('1.0.0');
    const fetched = origin.requests.length - before;
    expect(fetched).toBeGreaterThan(0);
    await client('ttl', origin.url, clock).resolvePackage('ticker');
    expect(origin.requests.length - before).toBe(fetched); // fresh copies, no request
    clock.now += 24 * 3600;
    await client('ttl', origin.url, clock).resolvePackage('ticker');
    expect(origin.requests.length - before).toBe(2 * fetched); // stale: refetched
  });

  it('falls back to a stale copy with a warning when the registry is down, E012 without a copy', async () => {
    const clock = { now: 10_000 };
    const temporary = await serveDirectory(reg);
    await client('fallback', temporary.url, clock).resolvePackage('ticker');
    await temporary.close();
    clock.now += 2 * 24 * 3600;
    const warnings: string[] = [];
    const r = await client('fallback', temporary.url, clock, {}, warnings).resolvePackage('ticker');
    expect(r!.metadata.name).toBe('ticker');
    expect(warnings.some((w) => /unreachable .*using the cached copy/.test(w))).toBe(true);
    await expect(client('no-copy', temporary.url, clock).resolvePackage('ticker')).rejects.toMatchObject({ code: 'E012' });
  });

  it('prefers healthy mirrors of the client region, then the origin', async () => {
    const clock = { now: 10_000 };
    const warnings: string[] = [];
    const dead = await deadUrl();
    const c = client('mirrors', origin.url, clock, { region: 'eu', mirrors: [{ url: dead, region: 'eu' }, { url: mirrorUs.url, region: 'us' }, { url: mirrorEu.url, region: 'eu' }] }, warnings);
    await c.loadClosure(['ticker']);
    const got = await c.download('ticker', '1.0.0');
    expect(got.from).toBe(`mirror ${mirrorEu.url}`);
    expect(mirrorUs.requests.some((p) => p.endsWith('.escx'))).toBe(false);
    expect(warnings.some((w) => w.includes(dead) && w.includes('unavailable'))).toBe(true);
    const again = await c.download('ticker', '1.0.0');
    expect(again.from).toBe('cache');
  });

  it('works offline from the cache only', async () => {
    const clock = { now: 10_000 };
    const online = client('offline', origin.url, clock);
    await online.loadClosure(['ticker']);
    await online.download('ticker', '1.0.0');
    clock.now += 10 * 24 * 3600; // far past the TTL: offline still uses the copies
    const off = client('offline', origin.url, clock, {}, [], true);
    await off.loadClosure(['ticker']);
    expect((await off.download('ticker', '1.0.0')).from).toBe('cache');
    const empty = client('offline-empty', origin.url, clock, {}, [], true);
    const err = await empty.resolvePackage('ticker').catch((e: MarketplaceError) => e);
    expect((err as MarketplaceError).code).toBe('E012');
  });
});
