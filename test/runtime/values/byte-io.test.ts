/** runtime/values/byte-io.ts: the one writer/reader behind canonical values, witnesses and .escx. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, concatBytes, type Endian } from '../../../runtime/values/byte-io.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const truncated = (what: string, at: number, needed: number, left: number) => new RangeError(`${what}@${at} needs ${needed}, has ${left}`);

describe('ByteWriter and ByteReader', () => {
  it('write integers and floats in the chosen byte order', () => {
    const big = new ByteWriter('big', 2).u8(1).u16(0x0203).u32(0x04050607).u64(0x08090a0b0c0d0e0fn).f32(1.5).f64(-2).finish();
    expect(hex(big)).toBe('01' + '0203' + '04050607' + '08090a0b0c0d0e0f' + '3fc00000' + 'c000000000000000');
    const little = new ByteWriter('little', 2).u16(0x0203).u32(0x04050607).u64(5).f32(1.5).finish();
    expect(hex(little)).toBe('0302' + '07060504' + '0500000000000000' + '0000c03f');
  });

  it('length-prefixes bytes and UTF-8 text; text encodes like TextEncoder', () => {
    const w = new ByteWriter('big', 1).lengthPrefixed(Uint8Array.of(0xaa)).utf8('é', true).utf8('\ud800');
    expect(hex(w.finish())).toBe('00000001aa' + '00000002c3a9' + 'efbfbd');
    expect(hex(new ByteWriter('little').utf8('hi', true).finish())).toBe('020000006869');
  });

  it('property: what the writer writes, the reader reads back, in both byte orders', () => {
    const endian = fc.constantFrom<Endian>('big', 'little');
    const item = fc.oneof(
      fc.record({ k: fc.constant('u8' as const), v: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ k: fc.constant('u16' as const), v: fc.integer({ min: 0, max: 0xffff }) }),
      fc.record({ k: fc.constant('u32' as const), v: fc.nat() }),
      fc.record({ k: fc.constant('f64' as const), v: fc.double({ noNaN: true }) }),
      fc.record({ k: fc.constant('blob' as const), v: fc.uint8Array({ maxLength: 300 }) }),
    );
    fc.assert(
      fc.property(endian, fc.array(item, { maxLength: 40 }), (e, items) => {
        const w = new ByteWriter(e, 1);
        for (const it of items) {
          if (it.k === 'blob') w.lengthPrefixed(it.v);
          else w[it.k](it.v);
        }
        const r = new ByteReader(w.finish(), truncated, e);
        for (const it of items) {
          const got = it.k === 'blob' ? r.lengthPrefixed('blob') : r[it.k](it.k);
          expect(got).toEqual(it.v);
        }
        expect(r.remaining).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('reports truncation through the format’s own error, with offset, need and what is left', () => {
    const r = new ByteReader(Uint8Array.of(0, 0, 0, 9, 1), truncated);
    expect(() => r.lengthPrefixed('payload')).toThrow('payload@4 needs 9, has 1');
    expect(() => new ByteReader(Uint8Array.of(1), truncated).u32('count')).toThrow('count@0 needs 4, has 1');
    expect(() => new ByteReader(new Uint8Array(0), truncated).bytes(-1, 'neg')).toThrow('neg@0 needs -1, has 0');
  });

  it('finish copies; reset starts over and drops a buffer grown past 1 MiB', () => {
    const w = new ByteWriter('big', 16).u8(1);
    const a = w.finish();
    w.u8(2);
    expect(hex(a)).toBe('01');
    expect(hex(w.finish())).toBe('0102');
    w.reset();
    expect(w.finish().length).toBe(0);
    w.bytes(new Uint8Array((1 << 20) + 1));
    expect(w.buf.length).toBeGreaterThan(1 << 20);
    w.reset();
    expect(w.buf.length).toBe(16);
    expect(hex(w.u8(7).finish())).toBe('07');
  });

  it('concatBytes joins any number of parts (no spread: many parts do not overflow the stack)', () => {
    expect(concatBytes([])).toEqual(new Uint8Array(0));
    const parts = Array.from({ length: 300_000 }, (_, i) => Uint8Array.of(i & 0xff));
    const all = concatBytes(parts);
    expect(all.length).toBe(300_000);
    expect(all[299_999]).toBe(299_999 & 0xff);
  });
});
