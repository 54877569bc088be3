import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteWriter, crc32, dataView, sha3, utf8 } from '../../../marketplace/core/bytes.ts';
import { writeBundle } from '../../../marketplace/escx/bundle.ts';
import { compressForStorage, deflateForStorage } from '../../../marketplace/escx/compress.ts';
import { parseEscx, writeEscx, type SectionInput } from '../../../marketplace/escx/container.ts';
import { MAX_PACKAGE_BYTES, SectionType } from '../../../marketplace/escx/format.ts';
import { openPackage } from '../../../marketplace/escx/read.ts';
import { unpackPackage } from '../../../marketplace/escx/unpack.ts';
import { verifyPackage } from '../../../marketplace/escx/verify.ts';
import { writeUstar } from '../../../marketplace/escx/ustar.ts';
import { mldsaSign } from '../../../marketplace/signing/mldsa.ts';
import { errorCodeOf, packFixture, publisherKey, removeDir, tempDir, trustFor } from '../helpers.ts';

const tmp = tempDir();
afterAll(() => removeDir(tmp));

let good: Uint8Array;
beforeAll(() => {
  good = packFixture();
});

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'ok';
}

/** Re-signs arbitrary sections: hostile content that is nevertheless correctly signed. */
function signed(sections: SectionInput[]): Uint8Array {
  const key = publisherKey();
  return writeEscx(sections, true, { keyId: key.keyId, signedAt: 3, sign: (m) => mldsaSign(m, key.secretKey) });
}

/** The fixture's sections with one replaced. */
function withSection(type: number, stored: Uint8Array, raw: Uint8Array, compression: number): Uint8Array {
  const pkg = openPackage(good);
  const sections: SectionInput[] = pkg.file.sections.map((s) => ({ type: s.type, raw: pkg.raw.get(s.type)!, stored: s.stored, compression: s.compression }));
  const i = sections.findIndex((s) => s.type === type);
  const replacement = { type, raw, stored, compression };
  if (i === -1) sections.push(replacement);
  else sections[i] = replacement;
  return signed(sections);
}

/** A raw ustar header for a path writeUstar would refuse. */
function rawTar(path: string, data: Uint8Array): Uint8Array {
  const h = new Uint8Array(512);
  h.set(utf8(path), 0);
  h.set(utf8('0000644\0'), 100);
  h.set(utf8('0000000\0'), 108);
  h.set(utf8('0000000\0'), 116);
  h.set(utf8(`${data.length.toString(8).padStart(11, '0')}\0`), 124);
  h.set(utf8('00000000000\0'), 136);
  h.fill(0x20, 148, 156);
  h[156] = 0x30;
  h.set(utf8('ustar\0'), 257);
  h.set(utf8('00'), 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.set(utf8(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
  const body = new Uint8Array(Math.ceil(data.length / 512) * 512);
  body.set(data);
  return new ByteWriter().bytes(h).bytes(body).bytes(new Uint8Array(1024)).finish();
}

describe('verify catches every single-byte change', () => {
  it('outside the signature: every position', () => {
    const trust = trustFor();
    expect(verifyPackage(good, { trust, publishedAt: 2_000 }).name).toBe('order-validator');
    const sigStart = good.length - 4732 + 0x20;
    const sigEnd = sigStart + 4627;
    for (let i = 0; i < good.length; i++) {
      if (i >= sigStart && i < sigEnd) continue;
      const bad = good.slice();
      bad[i]! ^= 0x01;
      expect(errorCodeOf(() => verifyPackage(bad, { trust, publishedAt: 2_000 })), `byte ${i}`).not.toBe('ok');
    }
  });

  it('inside the ML-DSA-87 signature: a spread of positions', () => {
    const trust = trustFor();
    const sigStart = good.length - 4732 + 0x20;
    for (let k = 0; k < 4627; k += 97) {
      const bad = good.slice();
      bad[sigStart + k]! ^= 0x80;
      expect(errorCodeOf(() => verifyPackage(bad, { trust, publishedAt: 2_000 }))).toBe('E005');
    }
  });

  it('reports the first failing step of §1.8', () => {
    const trust = trustFor();
    const bad = good.slice();
    bad[good.length - 1] = 2; // trailer version
    expect(errorCodeOf(() => verifyPackage(bad, { trust, publishedAt: 2_000 }))).toBe('E006');
    expect(errorCodeOf(() => verifyPackage(good, { trust: trustFor('someone-else'), publishedAt: 2_000 }))).toBe('E007');
    expect(errorCodeOf(() => verifyPackage(good, { trust, publishedAt: 500 }))).toBe('E005');
    const noAttester = trustFor();
    expect(errorCodeOf(() => verifyPackage(good, { trust: new (noAttester.constructor as typeof import('../../../marketplace/signing/trust.ts').TrustStore)(), publishedAt: 2_000 }))).toBe('E007');
  });
});

describe('hostile input is refused precisely', () => {
  it('truncation at any length', () => {
    for (const n of [0, 3, 23, 24, 100, good.length - 4733, good.length - 1]) {
      const code = errorCodeOf(() => parseEscx(good.slice(0, n)));
      expect(code, `length ${n}`).toBe('E006');
    }
    expect(messageOf(() => parseEscx(good.slice(0, good.length - 1)))).toMatch(/truncated/);
  });

  it('bad header CRC', () => {
    const bad = good.slice();
    dataView(bad).setUint32(0x14, crc32(bad.subarray(0, 0x14)) ^ 1, true);
    expect(messageOf(() => parseEscx(bad))).toMatch(/CRC/);
  });

  it('overlapping and out-of-range sections', () => {
    const overlap = good.slice();
    const v = dataView(overlap);
    v.setUint32(24 + 32 + 4, v.getUint32(24 + 4, true), true); // second section starts where the first does
    expect(messageOf(() => parseEscx(overlap))).toMatch(/overlaps/);
    const beyond = good.slice();
    dataView(beyond).setUint32(24 + 8, 0x00ffffff, true);
    dataView(beyond).setUint32(24 + 12, 0x00ffffff, true);
    expect(messageOf(() => parseEscx(beyond))).toMatch(/runs past/);
    const extra = new Uint8Array(good.length + 1);
    extra.set(good);
    expect(messageOf(() => parseEscx(extra))).toMatch(/extra bytes|declared/);
  });

  it('unknown compression codes and unknown section ids', () => {
    const bad = good.slice();
    bad[24 + 32 + 16] = 3; // domain.escx compression
    expect(messageOf(() => parseEscx(bad))).toMatch(/unknown compression code 3/);
    const id = good.slice();
    dataView(id).setUint32(24 + 32, 0x0a, true);
    expect(messageOf(() => parseEscx(id))).toMatch(/unknown section id|order/);
  });

  it('decompression bombs stop at the declared size', () => {
    const bomb = new Uint8Array(brotliCompressSync(new Uint8Array(8 * 1024 * 1024)));
    const pkg = withSection(SectionType.docs, bomb, new Uint8Array(4096), 2);
    expect(messageOf(() => openPackage(pkg))).toMatch(/exceeds the declared raw size|decompression bomb/);
    const deflateBomb = deflateForStorage(new Uint8Array(8 * 1024 * 1024));
    const pkg2 = withSection(SectionType.tests, deflateBomb, new Uint8Array(10), 1);
    expect(errorCodeOf(() => openPackage(pkg2))).toBe('E006');
  });

  it('declared raw sizes over 256 MB are E011', () => {
    const bad = good.slice();
    for (let i = 0; i < 6; i++) dataView(bad).setUint32(24 + 32 * i + 12, 60 * 1024 * 1024, true);
    expect(errorCodeOf(() => parseEscx(bad))).toBe('E011');
  });

  it('packages of 50 MB or more are E011 before anything else', () => {
    expect(errorCodeOf(() => parseEscx(new Uint8Array(MAX_PACKAGE_BYTES)))).toBe('E011');
  });

  it('path traversal and absolute paths in archives write nothing', () => {
    for (const path of ['../escaped.txt', '/tmp/absolute.txt', 'docs/../../up.txt']) {
      const tar = rawTar(path, utf8('pwned'));
      const { stored, compression } = compressForStorage(tar, true);
      const pkg = withSection(SectionType.docs, stored, tar, compression);
      const target = join(tmp, 'target', String(Math.random()).slice(2));
      expect(errorCodeOf(() => unpackPackage(pkg, target))).toBe('E006');
      expect(existsSync(target)).toBe(false);
      expect(existsSync(join(tmp, 'escaped.txt'))).toBe(false);
      expect(existsSync(join(tmp, 'target', 'up.txt'))).toBe(false);
    }
  });

  it('path traversal inside domain.escx is refused', () => {
    const bundle = writeBundle([{ path: 'circuits/aa.fl', data: utf8('x') }], '1.0.0');
    // Rewrite the symbol table path "circuits/aa.fl" into "../circuits/a" (same length).
    const evil = bundle.slice();
    const at = Buffer.from(evil).indexOf('circuits/aa.fl');
    evil.set(utf8('../circuits/a'), at);
    evil[at + 13] = 0x6c;
    const pkg = withSection(SectionType.domain, evil, evil, 0);
    expect(messageOf(() => unpackPackage(pkg, join(tmp, 'domain-target')))).toMatch(/unsafe path|compiled_hash/);
    expect(existsSync(join(tmp, 'domain-target'))).toBe(false);
  });

  it('duplicate paths across sections are refused', () => {
    const tar = writeUstar([{ path: 'LICENSE', data: utf8('other') }]);
    const pkg = withSection(SectionType.tests, tar, tar, 0);
    expect(messageOf(() => unpackPackage(pkg, join(tmp, 'dup')))).toMatch(/appears in both/);
    expect(readdirSync(tmp)).not.toContain('dup');
  });

  it('a correctly signed package with a wrong attestation hash is caught', () => {
    const pkg = openPackage(good);
    const att = pkg.raw.get(SectionType.attestation)!.slice();
    att.set(sha3(utf8('not the sources')), 0x4d);
    const bad = withSection(SectionType.attestation, att, att, 0);
    expect(messageOf(() => verifyPackage(bad, { trust: trustFor(), publishedAt: 2_000 }))).toMatch(/source_hash/);
  });
});
