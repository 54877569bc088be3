import { describe, expect, it } from 'vitest';
import { T } from '../../../compiler/ir/ir.ts';
import { callBuiltin, text } from './helpers.ts';

/** PROTOCOLS.md §2.2 reference messages (FIX.4.2, ^ = SOH): body, BodyLength, CheckSum, total bytes. */
const REFERENCE = [
  ['35=A^49=ESTREAM01^56=BROKERA^34=1^52=20260218-12:00:00.000^98=0^108=30^', 71, '092', 93],
  ['35=0^49=BROKERA^56=ESTREAM01^34=2^52=20260218-12:00:30.000^', 59, '060', 81],
  ['35=D^49=BROKERA^56=ESTREAM01^34=3^52=20260218-12:00:31.000^11=CLT-001^21=1^55=AAPL^54=1^60=20260218-12:00:31.000^38=100^40=2^44=175.00^59=0^', 140, '164', 163],
  ['35=W^49=BROKERA^56=ESTREAM01^34=4^52=20260218-12:00:32.000^55=AAPL^268=2^269=0^270=174.95^271=300^269=1^270=175.05^271=200^', 123, '111', 146],
  ['35=1^49=ESTREAM01^56=BROKERA^34=2^52=20260218-12:01:06.000^112=TR-1^', 68, '023', 90],
  ['35=2^49=ESTREAM01^56=BROKERA^34=3^52=20260218-12:01:07.000^7=5^16=0^', 68, '195', 90],
] as const;

const soh = (s: string) => text(s.replace(/\^/g, '\x01'));
const message = (body: string, len: number, sum: string) => soh(`8=FIX.4.2^9=${len}^${body}10=${sum}^`);
const RAW = [T.bytes, T.u32, T.u32] as const;
const tag = (raw: Uint8Array, t: number, name = 'extract_fix_tag', result = T.bytes) =>
  callBuiltin(name, [[raw, RAW[0]], [BigInt(t), RAW[1]], [BigInt(raw.length), RAW[2]]], result);

describe('FIX helpers (LANGUAGE.md §9 F, PROTOCOLS.md §2.2)', () => {
  it('compute and extract the checksum of every reference message', () => {
    for (const [body, len, sum, total] of REFERENCE) {
      const raw = message(body, len, sum);
      expect(raw.length).toBe(total);
      expect(soh(body).length).toBe(len);
      expect(callBuiltin('compute_fix_checksum', [[raw, T.bytes], [BigInt(raw.length), T.u32]], T.u32)).toBe(BigInt(Number(sum)));
      expect(callBuiltin('extract_fix_checksum', [[raw, T.bytes], [BigInt(raw.length), T.u32]], T.u32)).toBe(BigInt(Number(sum)));
    }
  });

  it('extracts values only at field starts, within raw[0..len]', () => {
    const raw = message(REFERENCE[2][0], 140, '164');
    expect(new TextDecoder().decode(tag(raw, 55) as Uint8Array)).toBe('AAPL');
    expect(new TextDecoder().decode(tag(raw, 11) as Uint8Array)).toBe('CLT-001');
    expect(tag(raw, 999)).toEqual(new Uint8Array(0));
    const trick = soh('110=7^10=3^');
    expect(new TextDecoder().decode(tag(trick, 10) as Uint8Array)).toBe('3');
    // len cuts the search region: tag 10 lies beyond the first 6 bytes.
    expect(callBuiltin('extract_fix_tag', [[trick, T.bytes], [10n, T.u32], [6n, T.u32]], T.bytes)).toEqual(new Uint8Array(0));
    // A len larger than the buffer is clamped.
    expect(callBuiltin('extract_fix_u32', [[trick, T.bytes], [110n, T.u32], [9999n, T.u32]], T.u32)).toBe(7n);
  });

  it('reads integer parts, sequence numbers and timestamps', () => {
    const raw = message(REFERENCE[2][0], 140, '164');
    expect(tag(raw, 44, 'extract_fix_u32', T.u32)).toBe(175n);
    expect(tag(raw, 38, 'extract_fix_u64', T.u64)).toBe(100n);
    expect(tag(raw, 34, 'extract_fix_seq', T.u64)).toBe(3n);
    expect(tag(raw, 55, 'extract_fix_u32', T.u32)).toBe(0n);
    expect(tag(raw, 52, 'extract_fix_timestamp', T.u64)).toBe(BigInt(Date.UTC(2026, 1, 18, 12, 0, 31, 0)));
    expect(tag(soh('52=20260218-12:00:31^'), 52, 'extract_fix_timestamp', T.u64)).toBe(BigInt(Date.UTC(2026, 1, 18, 12, 0, 31)));
    expect(tag(soh('52=2026-02-18^'), 52, 'extract_fix_timestamp', T.u64)).toBe(0n);
  });

  it('counts SOH-terminated fields', () => {
    const raw = message(REFERENCE[0][0], 71, '092');
    expect(callBuiltin('count_fix_fields', [[raw, T.bytes], [BigInt(raw.length), T.u32]], T.u32)).toBe(10n);
  });

  it('maps sides, order types and time in force', () => {
    const map = (name: string, v: bigint) => callBuiltin(name, [[v, T.u32]], T.u8);
    expect([1n, 2n, 3n].map((v) => map('fix_side_to_data', v))).toEqual([0n, 1n, 255n]);
    expect([0n, 1n, 7n].map((v) => callBuiltin('data_side_to_fix', [[v, T.u8]], T.u32))).toEqual([1n, 2n, 0n]);
    expect([1n, 2n, 3n, 4n, 5n].map((v) => map('fix_ordtype_to_data', v))).toEqual([0n, 1n, 2n, 3n, 255n]);
    expect([0n, 1n, 3n, 4n, 2n].map((v) => map('fix_tif_to_data', v))).toEqual([0n, 1n, 2n, 3n, 255n]);
  });

  it('builds a framed FIX 4.2 message that its own readers accept', () => {
    const args: [unknown, Parameters<typeof callBuiltin>[1][0][1]][] = [
      [0x38n, T.u8], // '8' ExecutionReport as a character code
      [text('ESTREAM01'), T.bytesN(32)],
      ['BROKERA', T.string],
      [7n, T.u64],
      [text('ORD-1'), T.bytesN(16)],
      [text('EX-9'), T.bytesN(16)],
      [text('AAPL'), T.bytesN(8)],
      [1n, T.u8],
      [100n, T.u64],
      [175n, T.u64],
      [BigInt(Date.UTC(2026, 1, 18, 12, 0, 31, 5)), T.u64],
    ];
    const raw = callBuiltin('build_fix_message', args as never, T.bytesN(8192)) as Uint8Array;
    expect(raw.length).toBe(8192);
    const end = raw.indexOf(0);
    const s = new TextDecoder().decode(raw.subarray(0, end)).replace(/\x01/g, '^');
    expect(s).toMatch(/^8=FIX\.4\.2\^9=\d+\^35=8\^49=ESTREAM01\^56=BROKERA\^34=7\^37=ORD-1\^17=EX-9\^55=AAPL\^54=1\^38=100\^44=175\^52=20260218-12:00:31\.005\^10=\d{3}\^$/);
    const len = BigInt(end);
    expect(callBuiltin('compute_fix_checksum', [[raw, T.bytes], [len, T.u32]], T.u32)).toBe(callBuiltin('extract_fix_checksum', [[raw, T.bytes], [len, T.u32]], T.u32));
    const bodyLength = Number(tag(raw.subarray(0, end), 9, 'extract_fix_u32', T.u32));
    const afterNine = s.indexOf('^35=') + 1;
    const beforeTen = s.lastIndexOf('10=');
    expect(bodyLength).toBe(beforeTen - afterNine);
    expect(tag(raw.subarray(0, end), 52, 'extract_fix_timestamp', T.u64)).toBe(BigInt(Date.UTC(2026, 1, 18, 12, 0, 31, 5)));
  });
});
