/** ESCIR.md §4 and §11 item 4: every type and literal form; E030, E031, E040, E041. */
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, SourceFile } from '../../../compiler/diagnostics/index.ts';
import { EscirReporter } from '../../../compiler/escir/diagnostics.ts';
import { parseTypeString, TypeSyntaxError } from '../../../compiler/escir/types/type-syntax.ts';
import { formatRfc3339, LiteralChecker, parseRfc3339 } from '../../../compiler/escir/types/literals.ts';
import { load } from '../helpers.ts';

const head = 'escir: "1.0"\nkind: circuit\nname: t\nversion: 1.0.0\n';

function constOf(type: string, value: string) {
  const { model, codes } = load(`${head}consts: {C: {type: "${type}", value: ${value}}}\n`);
  return { value: model?.consts.get('C')?.value, codes };
}

describe('type strings', () => {
  it('parses every form; both array spellings are one type', () => {
    const forms = ['bool', 'u8', 'u128', 'i8', 'i128', 'f32', 'f64', 'datetime', 'timestamp_ns', 'bytes(32)', 'string(16)', '[u8; 4]', 'Array<u8, 4>', 'option<u16>', 'Stream<Reading>', 'probe.Sample', 'Reading'];
    for (const f of forms) expect(() => parseTypeString(f)).not.toThrow();
    const strip = (t: object): unknown => JSON.parse(JSON.stringify(t, (k, v) => (k === 'start' || k === 'end' ? undefined : v)));
    expect(strip(parseTypeString('[u8; 4]'))).toEqual(strip(parseTypeString('Array<u8, 4>')));
  });

  it('unbounded spellings parse as such (E040 later); sizes are bounded', () => {
    for (const f of ['bytes', 'string', '[u8]', 'list<u8>']) expect(parseTypeString(f).k).toBe('unbounded');
    expect(() => parseTypeString('bytes(0)')).toThrow(TypeSyntaxError);
    expect(() => parseTypeString('bytes(2000000)')).toThrow(TypeSyntaxError);
  });

  it('E030 unknown type, E031 unknown alias, E040 unbounded or Stream off a port', () => {
    expect(load(`${head}types: {R: {kind: struct, fields: [{name: a, type: Missing}]}}\n`).codes).toContain('E030');
    expect(load(`${head}types: {R: {kind: struct, fields: [{name: a, type: nope.Missing}]}}\n`).codes).toContain('E031');
    expect(load(`${head}types: {R: {kind: struct, fields: [{name: a, type: "list<u8>"}]}}\n`).codes).toContain('E040');
    expect(load(`${head}types: {R: {kind: struct, fields: [{name: a, type: "Stream<u8>"}]}}\n`).codes).toContain('E040');
    expect(load('name: t\nversion: "0.9"\nversion: 1\ntypes: {R: {kind: struct, fields: [{name: a, type: i32}]}}\ncompute: {nodes: [], flows: []}\n').codes).toContain('E040');
  });
});

describe('literals', () => {
  it('bytes(N): N ints, 0x + 2N hex digits, {repeat, count}', () => {
    expect(constOf('bytes(3)', '[1, 2, 3]').value).toEqual(new Uint8Array([1, 2, 3]));
    expect(constOf('bytes(3)', '"0x0a0b0c"').value).toEqual(new Uint8Array([10, 11, 12]));
    expect(constOf('bytes(3)', '{repeat: 0x1f, count: 3}').value).toEqual(new Uint8Array([31, 31, 31]));
    expect(constOf('bytes(3)', '"0x0a0b"').codes).toContain('E041');
    expect(constOf('bytes(32)', '"[0x05; 32]"').codes).toContain('E041');
  });

  it('string(N) counts UTF-8 bytes: "µs" is 3 bytes', () => {
    expect(constOf('string(3)', '"µs"').value).toBe('µs');
    expect(constOf('string(2)', '"µs"').codes).toContain('E041');
  });

  it('datetime: integer nanoseconds or RFC 3339', () => {
    expect(constOf('datetime', '1700000000000000000').value).toBe(1700000000000000000n);
    expect(constOf('datetime', '"2023-11-14T22:13:20Z"').value).toBe(1700000000000000000n);
    expect(constOf('datetime', '"2023-11-14T23:13:20.5+01:00"').value).toBe(1700000000500000000n);
    expect(constOf('datetime', '"yesterday"').codes).toContain('E041');
    expect(parseRfc3339('1970-01-01T00:00:00.000000001Z')).toBe(1n);
    expect(formatRfc3339(1700000000500000000n)).toBe('2023-11-14T22:13:20.5Z');
  });

  it('integers range-check, hex ints, floats, bools, arrays, options, enums, structs with defaults', () => {
    expect(constOf('u8', '0xff').value).toBe(255n);
    expect(constOf('u8', '256').codes).toContain('E041');
    expect(constOf('i16', '-32768').value).toBe(-32768n);
    expect(constOf('f32', '0.1').value).toBe(Math.fround(0.1));
    expect(constOf('[u16; 2]', '[1, 2]').value).toEqual([1n, 2n]);
    expect(constOf('[u16; 2]', '[1]').codes).toContain('E041');
    expect(constOf('option<u8>', 'null').value).toBeNull();
    expect(constOf('option<u8>', '4').value).toEqual({ some: 4n });
    const s = load(`${head}types: {M: {kind: enum, variants: [{name: a, value: 3}, {name: b, value: 300}]}, R: {kind: struct, fields: [{name: m, type: M}, {name: n, type: u8, default: 9}]}}\nconsts: {C: {type: R, value: {m: b}}}\n`);
    expect(s.model!.consts.get('C')!.value).toEqual([300n, 9n]);
    const d = s.model!.types.declaration('M');
    expect(d?.kind === 'enum' && d.reprBits).toBe(16);
  });

  it('defaults must fit (E041); F_len must hold the capacity of F (E041)', () => {
    expect(load(`${head}types: {R: {kind: struct, fields: [{name: n, type: u8, default: 999}]}}\n`).codes).toContain('E041');
    expect(load(`${head}types: {R: {kind: struct, fields: [{name: payload, type: "bytes(300)"}, {name: payload_len, type: u8}]}}\n`).codes).toContain('E041');
  });

  it('struct extends: parent fields first; a missing parent is E045', () => {
    const { model } = load(`${head}types:\n  A: {kind: struct, fields: [{name: x, type: u8}]}\n  B: {extends: A, additional_fields: [{name: y, type: u16}]}\n`);
    expect(model!.types.struct('B')!.fields.map((f) => f.name)).toEqual(['x', 'y']);
  });

  it('legacy repeat strings in test values are W071 and read as repeats', () => {
    const file = new SourceFile('t.yaml', 'v: "[0x05; 4]"\n');
    const bag = new DiagnosticBag();
    const r = new EscirReporter(file, bag, false, false);
    const { model } = load(`${head}`);
    const lit = new LiteralChecker(model!.types, r);
    const node = { kind: 'scalar' as const, value: '[0x05; 4]', style: 'double' as const, start: 3, end: 14, pointer: '/v', offsetAt: (i: number) => 4 + i };
    expect(lit.check(node, { k: 'bytes', n: 4 }, { code: 'E071', legacy: true })).toEqual(new Uint8Array([5, 5, 5, 5]));
    expect(bag.items.map((d) => d.code)).toEqual(['W071']);
  });
});
