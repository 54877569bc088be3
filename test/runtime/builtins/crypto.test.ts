import { createHash, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IrTypeDef } from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';
import {
  KEY_BUNDLE_STRUCT,
  keysFromSeed,
  registerKeyBundleType,
  registerEncapsulationType,
} from '../../../runtime/builtins/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { callBuiltin, hex, text } from './helpers.ts';

const B32 = T.bytesN(32);

describe('hashes of the canonical encoding (LANGUAGE.md §8.5.1)', () => {
  it('SHA3-256 known answers', () => {
    expect(hex(callBuiltin('sha3_256', [['', T.string]], B32))).toBe('a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
    expect(hex(callBuiltin('sha3_256', [['abc', T.string]], B32))).toBe('3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532');
    expect(hex(callBuiltin('hash', [[text('abc'), T.bytes]], B32))).toBe('3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532');
  });

  it('SHA3-512 and BLAKE3 known answers', () => {
    expect(hex(callBuiltin('sha3_512', [['abc', T.string]], T.bytesN(64)))).toBe(
      'b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0',
    );
    expect(hex(callBuiltin('blake3', [['', T.string]], B32))).toBe('af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
    expect(hex(callBuiltin('blake3', [['abc', T.string]], B32))).toBe('6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85');
  });

  it('hashes an any value by its self-describing canonical encoding', () => {
    const boxed = { any: T.u16, value: 5n };
    expect(hex(callBuiltin('sha3_256', [[boxed, T.any]], B32))).toBe(createHash('sha3-256').update(Buffer.from('0110000005', 'hex')).digest('hex'));
    expect(hex(callBuiltin('concat', [[null, T.any], [boxed, T.any]], T.bytes))).toBe('00' + '0110000005');
  });

  it('hashes integers and structs by their canonical encoding', () => {
    const expected = createHash('sha3-256').update(Buffer.from('00000102', 'hex')).digest('hex');
    expect(hex(callBuiltin('sha3_256', [[0x102n, T.u32]], B32))).toBe(expected);
    const types: IrTypeDef[] = [{ kind: 'struct', name: 'P', fields: [{ name: 'a', type: T.u8 }, { name: 'b', type: T.string }] }];
    const viaStruct = callBuiltin('sha3_256', [[[1n, 'hi'], { k: 'struct', id: 0 }]], B32, types);
    expect(hex(viaStruct)).toBe(createHash('sha3-256').update(Buffer.from('01000000026869', 'hex')).digest('hex'));
  });
});

describe('ML-DSA-87 (§8.5.2)', () => {
  const bundle = keysFromSeed(Buffer.from('0000000000000001', 'hex'));
  const msg = text('pay 10 to bob');

  it('has the FIPS 204 sizes', () => {
    expect(bundle.mldsaSk.length).toBe(4896);
    expect(bundle.mldsaPk.length).toBe(2592);
    const sig = callBuiltin('mldsa_sign', [[msg, T.bytes], [bundle.mldsaSk, T.bytesN(4896)]], T.bytesN(4627)) as Uint8Array;
    expect(sig.length).toBe(4627);
  });

  it('signs deterministically and verifies; tampering is rejected', () => {
    const sign = () => callBuiltin('mldsa_sign', [[msg, T.bytes], [bundle.mldsaSk, T.bytesN(4896)]], T.bytesN(4627)) as Uint8Array;
    const sig = sign();
    expect(hex(sign())).toBe(hex(sig));
    const verify = (m: Uint8Array, s: Uint8Array) =>
      callBuiltin('mldsa_verify', [[m, T.bytes], [s, T.bytesN(4627)], [bundle.mldsaPk, T.bytesN(2592)]], T.bool);
    expect(verify(msg, sig)).toBe(true);
    expect(verify(text('pay 99 to bob'), sig)).toBe(false);
    const bad = sig.slice();
    bad[100] ^= 1;
    expect(verify(msg, bad)).toBe(false);
    expect(callBuiltin('ml_dsa_verify', [[msg, T.bytes], [sig, T.bytesN(4627)], [bundle.mldsaPk, T.bytesN(2592)]], T.bool)).toBe(true);
  });

  it('never traps on malformed input', () => {
    expect(callBuiltin('mldsa_verify', [[msg, T.bytes], [new Uint8Array(10), T.bytes], [bundle.mldsaPk, T.bytes]], T.bool)).toBe(false);
    expect(callBuiltin('mldsa_verify', [[msg, T.bytes], [new Uint8Array(4627), T.bytes], [new Uint8Array(2592), T.bytes]], T.bool)).toBe(false);
    expect(callBuiltin('mldsa_verify', [[msg, T.bytes], [null, T.any], [null, T.any]], T.bool)).toBe(false);
  });

  it('treats wrong-size keys as seeds, so sign/verify with the same value succeeds (§8.5.5)', () => {
    const seed = text('alice');
    const sig = callBuiltin('mldsa_sign', [[msg, T.bytes], [seed, T.bytes]], T.bytesN(4627)) as Uint8Array;
    expect(callBuiltin('mldsa_verify', [[msg, T.bytes], [sig, T.bytesN(4627)], [seed, T.bytes]], T.bool)).toBe(true);
    const sig2 = callBuiltin('mldsa_sign', [[msg, T.bytes], [42n, T.u32]], T.bytesN(4627)) as Uint8Array;
    // An integer seed is 8 bytes big-endian whatever its type.
    expect(callBuiltin('mldsa_verify', [[msg, T.bytes], [sig2, T.bytesN(4627)], [42n, T.u64]], T.bool)).toBe(true);
  });
});

describe('test_keygen (§8.5.4)', () => {
  it('derives ξ and d‖z from the seed with the fastlang labels', async () => {
    const { ml_dsa87 } = await import('@noble/post-quantum/ml-dsa.js');
    const { ml_kem1024 } = await import('@noble/post-quantum/ml-kem.js');
    const seed = Buffer.from('0000000000000620', 'hex'); // test_keygen(1568): 1568 is the seed
    const xi = createHash('sha3-256').update(Buffer.concat([Buffer.from('fastlang/mldsa87'), seed])).digest();
    const dz = createHash('sha3-512').update(Buffer.concat([Buffer.from('fastlang/mlkem1024'), seed])).digest();
    const types: IrTypeDef[] = [];
    const bundleType = registerKeyBundleType(types);
    const v = callBuiltin('test_keygen', [[1568n, T.u64]], bundleType, types) as Uint8Array[];
    expect(hex(v[1])).toBe(hex(ml_dsa87.keygen(xi).publicKey));
    expect(hex(v[0])).toBe(hex(ml_dsa87.keygen(xi).secretKey));
    expect(hex(v[2])).toBe(hex(ml_kem1024.keygen(dz).publicKey));
    expect(v.map((k) => k.length)).toEqual([4896, 2592, 1568, 3168]);
  });

  it('converts the bundle to the key the context expects', () => {
    const pk = callBuiltin('test_keygen', [[7n, T.u64]], T.bytesN(2592)) as Uint8Array;
    const sk = callBuiltin('test_keygen', [[7n, T.u64]], T.bytesN(4896)) as Uint8Array;
    const ek = callBuiltin('test_keygen', [[7n, T.u64]], T.bytesN(1568)) as Uint8Array;
    expect([pk.length, sk.length, ek.length]).toEqual([2592, 4896, 1568]);
    expect(hex(callBuiltin('test_keygen', [[7n, T.u64]], T.bytes))).toBe(hex(pk));
    expect(hex(callBuiltin('test_keygen', [[8n, T.u64]], T.bytes))).not.toBe(hex(pk));
  });

  it('registers the key bundle type once and accepts a bundle as a key argument', () => {
    const types: IrTypeDef[] = [];
    const t1 = registerKeyBundleType(types);
    const t2 = registerKeyBundleType(types);
    expect(t1).toEqual(t2);
    expect(types).toHaveLength(1);
    expect((types[0] as typeof KEY_BUNDLE_STRUCT).fields.map((f) => f.name)).toEqual(['mldsa_sk', 'mldsa_pk', 'mlkem_ek', 'mlkem_dk']);
    const b = callBuiltin('test_keygen', [[text('carol'), T.bytes]], t1, types);
    const msg = text('m');
    const sig = callBuiltin('mldsa_sign', [[msg, T.bytes], [b, t1]], T.bytesN(4627), types) as Uint8Array;
    expect(callBuiltin('mldsa_verify', [[msg, T.bytes], [sig, T.bytesN(4627)], [b, t1]], T.bool, types)).toBe(true);
    expect(callBuiltin('mldsa_verify', [[msg, T.bytes], [sig, T.bytesN(4627)], [text('carol'), T.bytes]], T.bool, types)).toBe(true);
  });
});

describe('ML-KEM-1024 (§8.5.3)', () => {
  it('encapsulation (host effect) and decapsulation agree', () => {
    const types: IrTypeDef[] = [];
    const bundleType = registerKeyBundleType(types);
    const encType = registerEncapsulationType(types);
    const bundle = callBuiltin('test_keygen', [[3n, T.u64]], bundleType, types) as Uint8Array[];
    const host = createHost({ testName: 'kem agreement' });
    const r = host.invoke({ name: 'mlkem_encaps', args: [bundle[2]!], argTypes: [T.bytesN(1568)], resultType: encType, types }) as Uint8Array[];
    expect(r[0]!.length).toBe(1568);
    expect(r[1]!.length).toBe(32);
    const ss = callBuiltin('mlkem_decaps', [[r[0]!, T.bytesN(1568)], [bundle[3]!, T.bytesN(3168)]], B32, types);
    expect(hex(ss)).toBe(hex(r[1]!));
    // The bundle itself and the seed also work as the decapsulation key.
    expect(hex(callBuiltin('mlkem_decaps', [[r[0]!, T.bytesN(1568)], [bundle, bundleType]], B32, types))).toBe(hex(r[1]!));
    expect(hex(callBuiltin('mlkem_decaps', [[r[0]!, T.bytesN(1568)], [3n, T.u64]], B32, types))).toBe(hex(r[1]!));
  });

  it('is deterministic under a seeded host and differs across test names', () => {
    const types: IrTypeDef[] = [];
    const encType = registerEncapsulationType(types);
    const run = (name: string) =>
      hex((createHost({ testName: name }).invoke({ name: 'mlkem_encaps', args: [5n], argTypes: [T.u64], resultType: encType, types }) as Uint8Array[])[1]);
    expect(run('a')).toBe(run('a'));
    expect(run('a')).not.toBe(run('b'));
  });
});

describe('hkdf_sha3 and constant_time_eq', () => {
  it('is HKDF-HMAC-SHA3-256 with 32 bytes of output', () => {
    const ikm = text('input key');
    const salt = text('salt');
    const info = text('info');
    const expected = Buffer.from(hkdfSync('sha3-256', ikm, salt, info, 32)).toString('hex');
    expect(hex(callBuiltin('hkdf_sha3', [[ikm, T.bytes], [salt, T.bytes], [info, T.bytes]], B32))).toBe(expected);
    expect(hex(callBuiltin('hkdf_sha3', [[ikm, T.bytes], ['salt', T.string], ['info', T.string]], B32))).toBe(expected);
  });

  it('compares bytes in constant time', () => {
    expect(callBuiltin('constant_time_eq', [[Uint8Array.of(1, 2), T.bytes], [Uint8Array.of(1, 2), T.bytes]], T.bool)).toBe(true);
    expect(callBuiltin('constant_time_eq', [[Uint8Array.of(1, 2), T.bytes], [Uint8Array.of(1, 3), T.bytes]], T.bool)).toBe(false);
    expect(callBuiltin('constant_time_eq', [[Uint8Array.of(1), T.bytes], [Uint8Array.of(1, 0), T.bytes]], T.bool)).toBe(false);
  });
});
