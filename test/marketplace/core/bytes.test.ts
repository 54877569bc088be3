/** marketplace/core/bytes.ts: hex through @noble/hashes with the marketplace's error message, LE writer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, concat, fromHex, toHex, u16le, u32le } from '../../../marketplace/core/bytes.ts';

describe('marketplace bytes helpers', () => {
  it('hex round-trips, lowercase out, either case in', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(fromHex(toHex(b))).toEqual(b);
      }),
    );
    expect(toHex(Uint8Array.of(0, 0xab, 0xff))).toBe('00abff');
    expect(fromHex('00ABff')).toEqual(Uint8Array.of(0, 0xab, 0xff));
    expect(toHex(new Uint8Array(Buffer.from('0102030405', 'hex')).subarray(1, 3))).toBe('0203');
  });

  it('rejects what is not whole bytes of hex with the message callers rely on', () => {
    expect(() => fromHex('abc')).toThrow('not a hex string: abc…');
    expect(() => fromHex('zz')).toThrow('not a hex string: zz…');
    expect(() => fromHex('0x00')).toThrow(/^not a hex string: 0x00…$/);
    expect(() => fromHex('é1')).toThrow('not a hex string');
    expect(() => fromHex(5 as unknown as string)).toThrow('not a hex string: 5…');
  });

  it('writes little-endian and concatenates', () => {
    expect(toHex(u16le(0x0102))).toBe('0201');
    expect(toHex(u32le(0x01020304))).toBe('04030201');
    expect(toHex(new ByteWriter().u8(0x100 + 7).u32(-1).u64(1n).bytes(Uint8Array.of(9)).finish())).toBe('07' + 'ffffffff' + '0100000000000000' + '09');
    expect(concat([Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)])).toEqual(Uint8Array.of(1, 2, 3));
  });
});
