import { describe, expect, it } from 'vitest';
import type { IrTypeDef } from '../../../compiler/ir/ir.ts';
import { T } from '../../../compiler/ir/ir.ts';
import { builtinNames, getBuiltin } from '../../../runtime/builtins/index.ts';
import { anyFromJs } from '../../../runtime/values/index.ts';
import { builtinTrap, callBuiltin, hex, text } from './helpers.ts';

describe('bytes and collection builtins (LANGUAGE.md §9 B)', () => {
  it('concat joins canonical encodings', () => {
    expect(hex(callBuiltin('concat', [[text('ab'), T.bytes], ['/', T.string], [0x0102n, T.u16]], T.bytes))).toBe('61622f0102');
    expect(hex(callBuiltin('concat', [[Uint8Array.of(1), T.bytesN(1)], [true, T.bool]], T.bytes))).toBe('0101');
  });

  it('hex is lower-case without prefix', () => {
    expect(callBuiltin('hex', [[Uint8Array.of(0xab, 0x01), T.bytes]], T.string)).toBe('ab01');
  });

  it('alloc and bytes make zeroed buffers', () => {
    expect(callBuiltin('alloc', [[3n, T.u64]], T.bytes)).toEqual(new Uint8Array(3));
    expect(callBuiltin('bytes', [[4n, T.u64]], T.bytesN(4))).toEqual(new Uint8Array(4));
    expect(callBuiltin('bytes', [[2n, T.u64], [0x1fn, T.u8]], T.bytesN(2))).toEqual(Uint8Array.of(0x1f, 0x1f));
    expect(builtinTrap('alloc', [[-1n, T.i64]], T.bytes).kind).toBe('index_out_of_bounds');
  });

  it('copy returns the updated destination and leaves the input alone', () => {
    const dst = new Uint8Array(5);
    const out = callBuiltin('copy', [[dst, T.bytesN(5)], [1n, T.u64], [Uint8Array.of(7, 8, 9), T.bytes], [1n, T.u64], [2n, T.u64]], T.bytesN(5));
    expect(out).toEqual(Uint8Array.of(0, 8, 9, 0, 0));
    expect(dst).toEqual(new Uint8Array(5));
    const t = builtinTrap('copy', [[dst, T.bytesN(5)], [4n, T.u64], [Uint8Array.of(7, 8, 9), T.bytes], [0n, T.u64], [2n, T.u64]], T.bytesN(5));
    expect(t.kind).toBe('index_out_of_bounds');
  });

  it('extract_u64_le reads little-endian and traps past the end', () => {
    const b = Uint8Array.of(0xff, 1, 0, 0, 0, 0, 0, 0, 0x80);
    expect(callBuiltin('extract_u64_le', [[b, T.bytes], [1n, T.u64]], T.u64)).toBe(0x8000000000000001n);
    expect(builtinTrap('extract_u64_le', [[b, T.bytes], [2n, T.u64]], T.u64).kind).toBe('index_out_of_bounds');
  });

  it('bitwise_* on integers and same-size bytes', () => {
    expect(callBuiltin('bitwise_and', [[0xf0n, T.u8], [0x3cn, T.u8]], T.u8)).toBe(0x30n);
    expect(callBuiltin('bitwise_or', [[Uint8Array.of(0xf0, 1), T.bytesN(2)], [Uint8Array.of(0x0f, 2), T.bytesN(2)]], T.bytesN(2))).toEqual(Uint8Array.of(0xff, 3));
    expect(callBuiltin('bitwise_not', [[0n, T.u16]], T.u16)).toBe(0xffffn);
    expect(callBuiltin('bitwise_not', [[Uint8Array.of(0x0f), T.bytesN(1)]], T.bytesN(1))).toEqual(Uint8Array.of(0xf0));
    expect(builtinTrap('bitwise_and', [[Uint8Array.of(1), T.bytes], [Uint8Array.of(1, 2), T.bytes]], T.bytes).kind).toBe('conversion');
  });

  it('len, nth, min, max, equal', () => {
    expect(callBuiltin('len', [[[1n, 2n], T.list(T.u8)]], T.u64)).toBe(2n);
    expect(callBuiltin('list_len', [['é', T.string]], T.u64)).toBe(2n);
    expect(callBuiltin('nth', [[[1n, 2n], T.list(T.u8)], [1n, T.u64]], T.u8)).toBe(2n);
    expect(builtinTrap('nth', [[[1n], T.list(T.u8)], [1n, T.u64]], T.u8).kind).toBe('index_out_of_bounds');
    expect(callBuiltin('min', [[3n, T.u8], [2n, T.u8]], T.u8)).toBe(2n);
    expect(callBuiltin('max', [[3n, T.u8], [2n, T.u8]], T.u8)).toBe(3n);
    expect(callBuiltin('equal', [[Uint8Array.of(1), T.bytes], [Uint8Array.of(1), T.bytes]], T.bool)).toBe(true);
  });

  it('explicit arithmetic forms (§8.1.3)', () => {
    expect(callBuiltin('wrapping_add', [[250n, T.u8], [10n, T.u8]], T.u8)).toBe(4n);
    expect(callBuiltin('wrapping_mul', [[0x10000n, T.u32], [0x10000n, T.u32]], T.u32)).toBe(0n);
    expect(callBuiltin('checked_sub', [[0n, T.u8], [1n, T.u8]], T.option(T.u8))).toBeNull();
    expect(callBuiltin('checked_add', [[1n, T.u8], [1n, T.u8]], T.option(T.u8))).toEqual({ some: 2n });
    expect(callBuiltin('saturating_sub', [[1n, T.u8], [5n, T.u8]], T.u8)).toBe(0n);
    expect(callBuiltin('saturating_add', [[-0x7fffn, T.i16], [-10n, T.i16]], T.i16)).toBe(-0x8000n);
    expect(callBuiltin('saturating_mul', [[-300n, T.i16], [300n, T.i16]], T.i16)).toBe(-0x8000n);
    expect(callBuiltin('saturating_mul', [[20n, T.u8], [20n, T.u8]], T.u8)).toBe(255n);
  });

  it('any accessors for dynamic field access', () => {
    const v = anyFromJs({ score: 7 });
    expect(callBuiltin('any_field', [[v, T.any], ['score', T.string]], T.any)).toEqual({ any: T.u64, value: 7n });
  });

  it('fnv1a32 matches the ESCIR test values', () => {
    expect(callBuiltin('fnv1a32', [['', T.string]], T.u32)).toBe(0x811c9dc5n);
    expect(callBuiltin('fnv1a32', [['a', T.string]], T.u32)).toBe(0xe40c292cn);
    expect(callBuiltin('fnv1a32', [['/Doc/Hdr/Ref', T.string]], T.u32)).toBe(0x377e7f9bn);
    expect(callBuiltin('fnv1a32', [['/Document/FIToFICstmrCdtTrf/GrpHdr/MsgId', T.string]], T.u32)).toBe(0xa948038en);
  });

  it('checks arity and reports unknown names', () => {
    expect(getBuiltin('no_such_builtin')).toBeUndefined();
    expect(builtinTrap('sha3_256', [], T.bytesN(32)).message).toContain('takes 1 arguments, got 0');
    for (const name of ['sha3_256', 'concat', 'build_fix_message', 'fixed_point_mul_div', 'encode_cbor', 'test_keygen']) {
      expect(builtinNames()).toContain(name);
    }
  });
});

describe('serialize and encode_cbor (§8.7 encode)', () => {
  const types: IrTypeDef[] = [
    { kind: 'struct', name: 'Reading', fields: [{ name: 'station', type: T.bytesN(4) }, { name: 'temp', type: T.i16 }, { name: 'ver', type: T.u16 }] },
  ];
  const R = { k: 'struct', id: 0 } as const;
  const reading = [Uint8Array.of(1, 2, 3, 4), -2n, 0n];

  it('defaults to the canonical encoding', () => {
    expect(hex(callBuiltin('serialize', [[reading, R]], T.bytes, types))).toBe('01020304fffe0000');
  });

  it('follows an encode layout: order, endianness, pinned constants, zero padding', () => {
    const layout = JSON.stringify({ size: 12, entries: [{ field: 'temp', endian: 'le' }, { field: 'station' }, { field: 'ver', endian: 'le', value: '0x0052' }] });
    expect(hex(callBuiltin('serialize', [[reading, R], [layout, T.string]], T.bytesN(12), types))).toBe('feff' + '01020304' + '5200' + '00000000');
    const tooSmall = JSON.stringify({ size: 4, entries: [{ field: 'station' }, { field: 'temp' }] });
    expect(builtinTrap('serialize', [[reading, R], [tooSmall, T.string]], T.bytes, types).kind).toBe('conversion');
  });

  it('follows the encode clause the front end puts on the struct (IrStructDef.encode)', () => {
    const withClause: IrTypeDef[] = [
      {
        ...types[0]!,
        kind: 'struct',
        fields: (types[0] as Extract<IrTypeDef, { kind: 'struct' }>).fields,
        encode: {
          size: 12,
          fields: [
            { field: 'temp', index: 1, endian: 'le' },
            { field: 'station', index: 0, endian: 'be' },
            { field: 'ver', index: 2, endian: 'le', value: 0x52n },
            { field: 'magic', index: -1, endian: 'be', value: 0xabcdn },
          ],
        },
      },
    ];
    expect(hex(callBuiltin('serialize', [[reading, R]], T.bytes, withClause))).toBe('feff' + '01020304' + '5200' + 'abcd' + '0000');
    const tooBig: IrTypeDef[] = [{ ...(withClause[0] as Extract<IrTypeDef, { kind: 'struct' }>), encode: { size: 4, fields: [{ field: 'station', index: 0, endian: 'be' }, { field: 'temp', index: 1, endian: 'be' }] } }];
    expect(builtinTrap('serialize', [[reading, R]], T.bytes, tooBig).message).toContain('writes 6 bytes, more than bytes(4)');
    const cbor: IrTypeDef[] = [{ ...(withClause[0] as Extract<IrTypeDef, { kind: 'struct' }>), encode: { format: 'cbor', fields: [] } }];
    expect(hex(callBuiltin('serialize', [[reading, R]], T.bytes, cbor))).toBe(hex(callBuiltin('encode_cbor', [[reading, R]], T.bytes, types)));
  });

  it('deterministic CBOR matches RFC 8949 examples', () => {
    const cbor = (v: unknown, t: Parameters<typeof callBuiltin>[1][0][1]) => hex(callBuiltin('encode_cbor', [[v as never, t]], T.bytes));
    expect(cbor(0n, T.u8)).toBe('00');
    expect(cbor(24n, T.u8)).toBe('1818');
    expect(cbor(1000000n, T.u32)).toBe('1a000f4240');
    expect(cbor(18446744073709551615n, T.u64)).toBe('1bffffffffffffffff');
    expect(cbor(18446744073709551616n, T.u128)).toBe('c249010000000000000000');
    expect(cbor(-1000n, T.i32)).toBe('3903e7');
    expect(cbor(1.5, T.f64)).toBe('f93e00');
    expect(cbor(100000, T.f64)).toBe('fa47c35000');
    expect(cbor(1.1, T.f64)).toBe('fb3ff199999999999a');
    expect(cbor(5.960464477539063e-8, T.f64)).toBe('f90001');
    expect(cbor(Infinity, T.f64)).toBe('f97c00');
    expect(cbor(NaN, T.f64)).toBe('f97e00');
    expect(cbor('IETF', T.string)).toBe('6449455446');
    expect(cbor(Uint8Array.of(1, 2, 3, 4), T.bytes)).toBe('4401020304');
    expect(cbor([1n, 2n, 3n], T.list(T.u8))).toBe('83010203');
    expect(cbor(null, T.option(T.u8))).toBe('f6');
    expect(cbor(true, T.bool)).toBe('f5');
  });

  it('CBOR maps structs with keys in deterministic order', () => {
    const t: IrTypeDef[] = [{ kind: 'struct', name: 'S', fields: [{ name: 'bb', type: T.u8 }, { name: 'a', type: T.list(T.u8) }] }];
    // "a" (61 61) sorts before "bb" (62 62 62) bytewise.
    expect(hex(callBuiltin('encode_cbor', [[[1n, [2n, 3n]], { k: 'struct', id: 0 }]], T.bytes, t))).toBe('a2' + '6161' + '820203' + '626262' + '01');
    expect(hex(callBuiltin('serialize', [[[1n, [2n, 3n]], { k: 'struct', id: 0 }], ['cbor', T.string]], T.bytes, t))).toBe('a26161820203626262' + '01');
  });
});
