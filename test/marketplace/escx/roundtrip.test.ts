import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { listFilesRelative } from '../../../marketplace/core/paths.ts';
import { packDirectory } from '../../../marketplace/escx/pack.ts';
import { unpackPackage } from '../../../marketplace/escx/unpack.ts';
import { verifyPackage } from '../../../marketplace/escx/verify.ts';
import { APACHE, attesterKey, ORDER_VALIDATOR, packFixture, publisherKey, removeDir, tempDir, trustFor } from '../helpers.ts';

const tmp = tempDir();
afterAll(() => removeDir(tmp));

const MANIFEST = `[package]
name = "round-trip"
version = "1.0.0"
description = "round trip"
license = "Apache-2.0"
category = "smart-circuit"

[publisher]
id = "${'cd'.repeat(32)}"
name = "acme"
signing_key_id = "acme-2026"

[escir]
api_version = "1.0.0"
min_platform_version = "0.1.0"

[include]
docs = ["docs/**"]
`;

const segment = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const content = fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.string({ maxLength: 400 }).map((s) => new TextEncoder().encode(s)));

describe('pack -> unpack', () => {
  it('restores every packed file byte for byte (property)', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(segment, { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(segment, { maxLength: 3 }),
        fc.uniqueArray(segment, { maxLength: 3 }),
        fc.uniqueArray(segment, { minLength: 1, maxLength: 3 }),
        fc.array(content, { minLength: 14, maxLength: 14 }),
        (circuits, schemas, vectors, docs, blobs) => {
          const dir = join(tmp, `pkg-${run}`);
          const out = join(tmp, `out-${run++}`);
          const files = new Map<string, Uint8Array>();
          let b = 0;
          const put = (p: string, data: Uint8Array) => {
            files.set(p, data);
            mkdirSync(join(dir, p, '..'), { recursive: true });
            writeFileSync(join(dir, p), data);
          };
          put('estream-component.toml', new TextEncoder().encode(MANIFEST));
          put('README.md', new TextEncoder().encode('# rt\n'));
          put('LICENSE', new TextEncoder().encode(APACHE));
          for (const c of circuits) put(`circuits/${c}.fl`, blobs[b++ % blobs.length]!);
          for (const s of schemas) put(`schemas/${s}.data.yaml`, blobs[b++ % blobs.length]!);
          for (const v of vectors) put(`tests/golden/${v}.json`, blobs[b++ % blobs.length]!);
          for (const d of docs) put(`docs/${d}.md`, blobs[b++ % blobs.length]!);
          const { bytes } = packDirectory(dir, { signingKey: publisherKey(), attesterKey: attesterKey(), timestamp: 5 });
          verifyPackage(bytes, { trust: trustFor(), publishedAt: 2_000 });
          unpackPackage(bytes, out);
          const restored = listFilesRelative(out);
          expect(restored).toEqual([...files.keys()].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
          for (const [p, data] of files) expect(new Uint8Array(readFileSync(join(out, p)))).toEqual(data);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('is deterministic: same directory and time give the same bytes', () => {
    expect(packFixture()).toEqual(packFixture());
  });

  it('refuses to overwrite existing files unless forced', () => {
    const bytes = packFixture();
    const out = join(tmp, 'existing');
    unpackPackage(bytes, out);
    expect(() => unpackPackage(bytes, out)).toThrow(/already exists/);
    expect(unpackPackage(bytes, out, true).files.length).toBeGreaterThan(3);
  });

  it('packs the fixture sections the manifest asks for', () => {
    const bytes = packFixture();
    const out = join(tmp, 'fixture');
    const r = unpackPackage(bytes, out);
    expect(r.files.map((f) => f.path).sort()).toEqual(
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'circuits/validate.fl', 'estream-component.toml', 'schemas/order.data.yaml', 'tests/golden/basic.json', 'tests/golden/manifest.toml'].sort(),
    );
    expect(readFileSync(join(out, 'estream-component.toml'), 'utf8')).toBe(readFileSync(join(ORDER_VALIDATOR, 'estream-component.toml'), 'utf8'));
    expect(existsSync(join(out, 'circuits', 'validate.fl'))).toBe(true);
  });
});
