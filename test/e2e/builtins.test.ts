/**
 * Pure builtins through `estream run` (LANGUAGE.md §9): crypto (C) and test keys (J) checked
 * against node:crypto and @noble, bytes and collections (B), arithmetic forms (W), pure
 * domain helpers (D) and FIX helpers (F). Expected values are computed independently here.
 */
import { createHash } from 'node:crypto';
import { blake3 } from '@noble/hashes/blake3.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha3_256 } from '@noble/hashes/sha3.js';
import { ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runJson, useTempHome } from './helpers.ts';

const CRYPTO = `${FIXTURES}/crypto`;
const COLLECTIONS = `${FIXTURES}/collections`;
const DOMAIN = `${FIXTURES}/domain`;
let home: ReturnType<typeof useTempHome>;

beforeAll(() => {
  home = useTempHome();
});
afterAll(() => home.restore());

const hex = (b: Uint8Array | Buffer) => `0x${Buffer.from(b).toString('hex')}`;
const sha3 = (...parts: (string | Uint8Array)[]) => {
  const h = createHash('sha3-256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const u32be = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const u64be = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
};

async function value(program: string, circuit: string, input: unknown): Promise<unknown> {
  const r = await runJson(program, circuit, input, ['-O0']);
  if (!r.ok) throw new Error(`${circuit} failed: ${JSON.stringify(r.trap ?? r.diagnostics)} ${r.stderr}`);
  return r.result;
}

/** test_keygen (LANGUAGE.md §8.5.4): ξ = SHA3-256("fastlang/mldsa87" ‖ seed as 8 bytes BE). */
function mldsaKeys(seed: bigint) {
  return ml_dsa87.keygen(new Uint8Array(sha3('fastlang/mldsa87', u64be(seed))));
}

describe('crypto builtins (C, J)', () => {
  it('sha3_256 and hash hash the canonical encoding (raw bytes and strings at the top level)', async () => {
    expect(await value(CRYPTO, 'digest', ['0x616263'])).toBe(hex(sha3('abc')));
    expect(await value(CRYPTO, 'digest', ['0x'])).toBe(hex(sha3('')));
    expect(await value(CRYPTO, 'digest_text', ['abc'])).toBe(hex(sha3('abc')));
  });

  it('concat joins canonical encodings (bytes(4) raw, u32 big-endian)', async () => {
    expect(await value(CRYPTO, 'digest_pair', ['0x01020304', 5])).toBe(hex(sha3(Buffer.from([1, 2, 3, 4]), u32be(5))));
  });

  it('sha3_512 and blake3', async () => {
    expect(await value(CRYPTO, 'digest_512', ['0x616263'])).toBe(hex(createHash('sha3-512').update('abc').digest()));
    expect(await value(CRYPTO, 'digest_blake3', ['0x616263'])).toBe(hex(blake3(new TextEncoder().encode('abc'))));
  });

  it('test_keygen derives the ML-DSA-87 key pair of §8.5.4; signing is deterministic FIPS 204', async () => {
    const keys = mldsaKeys(7n);
    expect(await value(CRYPTO, 'public_key', [7])).toBe(hex(keys.publicKey));
    const msg = new TextEncoder().encode('order #1');
    const sig = (await value(CRYPTO, 'sign_message', [hex(msg), 7])) as string;
    expect(sig).toBe(hex(ml_dsa87.sign(msg, keys.secretKey, { extraEntropy: false })));
    expect(ml_dsa87.verify(Buffer.from(sig.slice(2), 'hex'), msg, keys.publicKey)).toBe(true);
  });

  it('mldsa_verify accepts a good signature and rejects a tampered one (never traps)', async () => {
    const keys = mldsaKeys(9n);
    const msg = new TextEncoder().encode('hello');
    const sig = ml_dsa87.sign(msg, keys.secretKey, { extraEntropy: false });
    expect(await value(CRYPTO, 'verify_message', [hex(msg), hex(sig), hex(keys.publicKey)])).toBe(true);
    const bad = Uint8Array.from(sig);
    bad[10]! ^= 1;
    expect(await value(CRYPTO, 'verify_message', [hex(msg), hex(bad), hex(keys.publicKey)])).toBe(false);
    expect(await value(CRYPTO, 'sign_and_verify', ['0x616263', 7])).toBe(true);
  });

  it('mlkem_encaps returns a 1568-byte ciphertext and a 32-byte shared secret', async () => {
    expect(await value(CRYPTO, 'encapsulate', [3])).toBe(1600);
  });

  it('constant_time_eq and hkdf_sha3 (HKDF-HMAC-SHA3-256)', async () => {
    expect(await value(CRYPTO, 'same_bytes', ['0x0102', '0x0102'])).toBe(true);
    expect(await value(CRYPTO, 'same_bytes', ['0x0102', '0x0103'])).toBe(false);
    const okm = hkdf(sha3_256, Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3), 32);
    expect(await value(CRYPTO, 'derive_key', ['0x01', '0x02', '0x03'])).toBe(hex(okm));
  });
});

describe('bytes and collection builtins (B)', () => {
  const items = [
    { sku: '0x0102030405060708', qty: 2, price: 150 },
    { sku: 'abc', qty: 0, price: 7 },
  ];

  it('fold, all, push, append, nth, min, equal', async () => {
    expect(await value(COLLECTIONS, 'total', [items])).toBe(300);
    expect(await value(COLLECTIONS, 'all_in_stock', [items])).toBe(false);
    expect(await value(COLLECTIONS, 'all_in_stock', [[]])).toBe(true);
    const extended = (await value(COLLECTIONS, 'with_extra', [items, 'new'])) as { sku: string; qty: number }[];
    expect(extended.map((i) => i.sku)).toEqual(['0x0102030405060708', '0x6162630000000000', '0x6e65770000000000', '0x6578747261320000']);
    expect(await value(COLLECTIONS, 'second', [[5, 6, 7]])).toBe(6);
    expect(await value(COLLECTIONS, 'smaller', [9, 3])).toBe(3);
    expect(await value(COLLECTIONS, 'same', [[1, 2], [1, 2]])).toBe(true);
    expect(await value(COLLECTIONS, 'same', [[1, 2], [2, 1]])).toBe(false);
  });

  it('len, hex, slices, extract_u64_le, bitwise_*', async () => {
    expect(await value(COLLECTIONS, 'counts', ['0x0102', 'héllo', [1, 2, 3]])).toBe(2 * 10000 + 6 * 100 + 3);
    expect(await value(COLLECTIONS, 'to_hex', ['0xdeadBEEF'])).toBe('deadbeef');
    expect(await value(COLLECTIONS, 'header', ['0x000102030405060708090a0b0c0d0e0f'])).toBe('0x00010203');
    expect(await value(COLLECTIONS, 'tail', ['0x0102030405', 3])).toBe('0x0405');
    expect(await value(COLLECTIONS, 'read_le', ['0x00ff0000000000000001', 1])).toBe(255);
    expect(await value(COLLECTIONS, 'masks', ['0xffff0000', '0x0f0f0f0f'])).toBe('0xf0f00000');
  });

  it('bytes(N), bytes(N){v}, bytes [..], alloc/copy, serialize', async () => {
    expect(await value(COLLECTIONS, 'fill', [0])).toBe('0x000000000000');
    expect(await value(COLLECTIONS, 'fill', [1])).toBe('0xabababababab');
    expect(await value(COLLECTIONS, 'pins', [0x1234])).toBe('0x1234');
    expect(await value(COLLECTIONS, 'copy_into', ['0xaabbccdd'])).toBe('0x0000aabbcc000000');
    // Default serialize is the canonical encoding: bytes(8) raw, u32 and u64 big-endian.
    expect(await value(COLLECTIONS, 'encoded', [{ sku: 'ab', qty: 1, price: 2 }])).toBe('0x6162000000000000' + '00000001' + '0000000000000002');
  });

  it('for over a range with continue and break', async () => {
    expect(await value(COLLECTIONS, 'evens', [20])).toEqual([0, 2, 4, 6, 8, 10]);
    expect(await value(COLLECTIONS, 'evens', [0])).toEqual([]);
  });
});

describe('pure domain helpers (D) and FIX helpers (F)', () => {
  it('resolve, derive_solution_id and hash_lex_policy are SHA3-256 of their §9 concatenations', async () => {
    expect(await value(DOMAIN, 'solution_ids', ['acme', 'widget'])).toEqual([hex(sha3('acme/widget')), hex(sha3('acme@widget')), hex(sha3('acme'))]);
  });

  it('fixed_point_mul_div is exact and traps on a zero divisor at the call', async () => {
    expect(await value(DOMAIN, 'mul_div', [1000003, 1000, 10000])).toBe(100000);
    expect(await value(DOMAIN, 'mul_div', ['18446744073709551615', 3, 4])).toBe('13835058055282163711');
    const r = await runJson(DOMAIN, 'mul_div', [1, 1, 0], ['-O0']);
    expect(r.trap).toMatchObject({ kind: 'div_by_zero', line: 8, column: 5 });
  });

  it('median, weighted score, z-score, power factor', async () => {
    expect(await value(DOMAIN, 'median', [[1, 2, 3, 100, 5], 20])).toBe(3);
    expect(await value(DOMAIN, 'weighted', [[10, 20], [1, 3]])).toBe(17);
    expect(await value(DOMAIN, 'zscore', [130, 100, 1000])).toBe(300);
    expect(await value(DOMAIN, 'power_factor', [3, 4])).toBe(600);
  });

  it('FIX field extraction, checksums and side/type mappings', async () => {
    const raw = Buffer.from('8=FIX.4.2\x019=20\x0135=D\x0134=12\x0155=ACME\x0138=300\x0110=000\x01');
    const before10 = raw.subarray(0, raw.indexOf('10='));
    const sum = [...before10].reduce((a, b) => a + b, 0) % 256;
    expect(await value(DOMAIN, 'fix_fields', [hex(raw)])).toEqual([300, 12, 0, sum, 7]);
    expect(await value(DOMAIN, 'fix_symbol', [hex(raw)])).toBe(hex(Buffer.from('ACME')));
    expect(await value(DOMAIN, 'fix_sides', [2])).toEqual([1, 2, 1, 2]);
  });
});
