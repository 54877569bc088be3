import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packDirectory } from '../../../marketplace/escx/pack.ts';
import { RegistryDirectory } from '../../../marketplace/registry/directory.ts';
import { setLifecycle, yankVersion } from '../../../marketplace/registry/lifecycle.ts';
import { publishPackage } from '../../../marketplace/registry/publish.ts';
import { searchIndexes } from '../../../marketplace/registry/search.ts';
import { attesterKey, errorCodeOf, publisherKey, removeDir, tempDir, testKey, writePackage, type PackageSpec } from '../helpers.ts';

const tmp = tempDir();
afterAll(() => removeDir(tmp));

let n = 0;
function publish(registryDir: string, spec: PackageSpec, key = publisherKey(), now = 5_000) {
  const dir = writePackage(join(tmp, `src-${n++}`), spec);
  const { bytes } = packDirectory(dir, { signingKey: key, attesterKey: attesterKey(), timestamp: now });
  return publishPackage({ registryDir, bytes, signingKey: key, attesterKey: attesterKey(), now });
}

describe('publishing into a static registry directory', () => {
  const reg = join(tmp, 'reg');
  beforeAll(() => {
    publish(reg, { name: 'order-book', version: '1.0.0' });
  });

  it('writes the §3.4 layout', () => {
    const r = new RegistryDirectory(reg);
    const meta = r.metadata('order-book')!;
    expect(meta.versions[0]!.version).toBe('1.0.0');
    expect(meta.versions[0]!.archive_url).toMatch(/^blobs\/sha3-256\/[0-9a-f]{2}\/[0-9a-f]{64}\.escx$/);
    const vdir = join(reg, 'index', 'smart-circuit', 'order-book', '1.0.0');
    expect(readFileSync(join(vdir, 'checksum.sha3'), 'utf8')).toBe(`${meta.versions[0]!.checksum_sha3}\n`);
    expect(JSON.parse(readFileSync(join(vdir, 'SIGNATURE.ml-dsa'), 'utf8')).key_id).toBe('acme-2026');
    expect(readFileSync(join(vdir, 'estream-component.toml'), 'utf8')).toContain('name = "order-book"');
    expect(JSON.parse(readFileSync(join(reg, 'publishers', 'acme.json'), 'utf8')).signing_keys[0].key_id).toBe('acme-2026');
  });

  it('requires strictly increasing versions, ignoring build metadata (E010)', () => {
    expect(errorCodeOf(() => publish(reg, { name: 'order-book', version: '1.0.0' }))).toBe('E010');
    expect(errorCodeOf(() => publish(reg, { name: 'order-book', version: '1.0.0+build.7' }))).toBe('E010');
    expect(errorCodeOf(() => publish(reg, { name: 'order-book', version: '0.9.0' }))).toBe('E010');
    expect(publish(reg, { name: 'order-book', version: '1.1.0' }).version).toBe('1.1.0');
  });

  it('reserves official prefixes (E009)', () => {
    expect(errorCodeOf(() => publish(reg, { name: 'estream-core', version: '1.0.0' }))).toBe('E009');
    expect(errorCodeOf(() => publish(reg, { name: 'data-x', version: '1.0.0' }))).toBe('E009');
    const pubFile = join(reg, 'publishers', 'acme.json');
    const rec = JSON.parse(readFileSync(pubFile, 'utf8'));
    writeFileSync(pubFile, JSON.stringify({ ...rec, official: true }));
    expect(publish(reg, { name: 'data-x', version: '1.0.0' }).name).toBe('data-x');
    writeFileSync(pubFile, JSON.stringify(rec));
  });

  it("refuses another publisher's package (E015) and unregistered keys (E007)", () => {
    const mallory = testKey('mallory-1', 9);
    expect(errorCodeOf(() => publish(reg, { name: 'order-book', version: '9.0.0', publisher: 'mallory', keyId: 'mallory-1' }, mallory))).toBe('E015');
    const other = testKey('acme-other', 7);
    expect(errorCodeOf(() => publish(reg, { name: 'fresh', version: '1.0.0', keyId: 'acme-other' }, other))).toBe('E007');
  });

  it('never lets visibility decrease (E008) and refuses drafts', () => {
    publish(reg, { name: 'vis', version: '1.0.0' });
    expect(errorCodeOf(() => publish(reg, { name: 'vis', version: '1.1.0', extraToml: '[marketplace]\nvisibility = "compiled"\n' }))).toBe('E008');
    expect(errorCodeOf(() => publish(reg, { name: 'drafty', version: '1.0.0', extraToml: '[lifecycle]\nstatus = "draft"\n' }))).toBe('E008');
  });

  it('yanks and deprecates only with the owner key', () => {
    expect(yankVersion(reg, 'order-book', '1.0.0', publisherKey(), false, 6_000).yanked).toBe(true);
    expect(new RegistryDirectory(reg).metadata('order-book')!.latest).toBe('1.1.0');
    expect(errorCodeOf(() => yankVersion(reg, 'order-book', '1.1.0', testKey('mallory-1', 9)))).toBe('E015');
    expect(errorCodeOf(() => setLifecycle(reg, 'order-book', '1.1.0', { status: 'deprecated' }, publisherKey()))).toBe('E008');
    expect(errorCodeOf(() => setLifecycle(reg, 'order-book', '1.1.0', { status: 'deprecated', successor: 'nope', sunsetDate: '2027-01-01' }, publisherKey()))).toBe('E008');
    const e = setLifecycle(reg, 'order-book', '1.1.0', { status: 'deprecated', successor: 'vis', sunsetDate: '2027-01-01' }, publisherKey());
    expect(e).toMatchObject({ status: 'deprecated', successor: 'vis', sunset_date: '2027-01-01' });
  });
});

describe('search ranking (§6)', () => {
  const reg = join(tmp, 'search');
  beforeAll(() => {
    publish(reg, { name: 'book', version: '1.0.0' });
    publish(reg, { name: 'book-keeper', version: '1.0.0' });
    publish(reg, { name: 'order-book', version: '1.0.0' });
    publish(reg, { name: 'ledger', version: '1.0.0', extraToml: '' });
    // ledger matches only through its description.
    const r = new RegistryDirectory(reg);
    const meta = r.metadata('ledger')!;
    meta.description = 'A ledger with a book of accounts';
    r.saveMetadata(meta, 6_000);
  });

  it('ranks exact, prefix, substring, then other matches', () => {
    const idx = new RegistryDirectory(reg).index();
    const hits = searchIndexes([{ registry: 'default', index: idx }], { text: 'book' }).hits.map((h) => h.name);
    expect(hits).toEqual(['book', 'book-keeper', 'order-book', 'ledger']);
  });

  it('filters, pages and counts', () => {
    const idx = new RegistryDirectory(reg).index();
    const r = searchIndexes([{ registry: 'default', index: idx }], { text: 'BOOK', limit: 2, offset: 1 });
    expect(r.total).toBe(4);
    expect(r.hits.map((h) => h.name)).toEqual(['book-keeper', 'order-book']);
    expect(searchIndexes([{ registry: 'default', index: idx }], { text: 'book', category: 'data-schema' }).total).toBe(0);
    expect(searchIndexes([{ registry: 'default', index: idx }], { text: 'book', tags: ['test'] }).total).toBe(4);
    expect(searchIndexes([{ registry: 'default', index: idx }], { text: 'book accounts' }).hits.map((h) => h.name)).toEqual(['ledger']);
  });
});
