/**
 * Golden bytes of the little-endian marketplace encodings (MARKETPLACE.md §1.5, specs/escx.md):
 * signatures and package ids are computed over them, so they must never change.
 */
import { describe, expect, it } from 'vitest';
import { sha3Hex, toHex } from '../../../marketplace/core/bytes.ts';
import { attestationMessage } from '../../../marketplace/escx/attestation.ts';
import { sectionLeaf, signedMessage } from '../../../marketplace/signing/signature.ts';
import { packFixture } from '../helpers.ts';

describe('marketplace golden bytes', () => {
  it('the 128-byte signed message', () => {
    const msg = signedMessage(1, 5, new Uint8Array(32).fill(0xee), 'acme-2026', 2000n);
    expect(msg.length).toBe(128);
    expect(toHex(msg)).toBe(
      Buffer.from('ESCX-SIGNATURE-1').toString('hex') +
        '01' + '01' + '01' + '00' + // version, algorithm, subject, reserved
        '05000000' + // leaf count, u32 LE
        'ee'.repeat(32) +
        Buffer.from('acme-2026').toString('hex') + '00'.repeat(64 - 9) +
        'd007000000000000', // signed_at, u64 LE
    );
  });

  it('a section leaf hash and the attestation message', () => {
    expect(toHex(sectionLeaf(3, 1, 0x01020304, Uint8Array.of(9, 9)))).toBe('70bc377e67ac8e44d14c5236b2e523a4e70d5851b6fa65cdbdd147f6014c786f');
    expect(toHex(attestationMessage(2, new Uint8Array(32).fill(0x11), '1.2.3', new Uint8Array(32).fill(0x22)))).toBe(
      Buffer.from('ESCX-ATTESTATION').toString('hex') + '02' + '11'.repeat(32) + Buffer.from('1.2.3').toString('hex') + '00'.repeat(15) + '22'.repeat(32),
    );
  });

  it('a whole packed fixture package (deterministic keys and timestamp)', () => {
    const bytes = packFixture();
    expect(bytes.length).toBe(11167);
    expect(sha3Hex(bytes)).toBe('e0fb6e3d8df2ef494f0c4d7caf71bb92a44fe85230f579a162e88b42baa37004');
  });
});
