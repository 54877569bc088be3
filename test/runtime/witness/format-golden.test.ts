/**
 * Golden bytes of the witness file (specs/witness.md §3). Commitments are published and
 * witness files are kept: the layout must stay bit-identical. The expected file is assembled
 * here field by field from the spec table, independently of the writer.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { keysFromSeed } from '../../../runtime/builtins/index.ts';
import type { WitnessRecording } from '../../../runtime/wasm/recording.ts';
import { checkIntegrity, readWitness, writeWitness, type WitnessHeader } from '../../../runtime/witness/index.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const u16 = (n: number): string => n.toString(16).padStart(4, '0');
const u32 = (n: number): string => n.toString(16).padStart(8, '0');
const text = (s: string): string => u32(Buffer.byteLength(s)) + Buffer.from(s, 'utf8').toString('hex');

const HEADER: Omit<WitnessHeader, 'signed'> = {
  circuit: 'meter',
  func: 'meter',
  compilerVersion: '0.1.0',
  moduleHash: 'ab'.repeat(32),
  sources: [{ path: 'licence.fl', sha3: 'cd'.repeat(32) }],
  optLevel: 1,
  fuel: '1000',
  attested: true,
};

const RECORDING: WitnessRecording = {
  func: 'meter',
  inputs: [Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2), Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 10)],
  records: [
    { kind: 'effect', site: 0, name: 'current_time', argDigest: new Uint8Array(32).fill(0xab), result: Uint8Array.of(0, 0, 1, 2, 3, 4, 5, 6) },
    { kind: 'binding', id: 0, value: Uint8Array.of(0, 0, 1, 2, 3, 4, 5, 6) },
    { kind: 'binding', id: 3, value: new Uint8Array(0) },
    { kind: 'effect', site: 7, name: 'kv_püt', argDigest: new Uint8Array(32).fill(0x01), result: new Uint8Array(0) },
  ],
  output: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x3c),
  bindingsRecorded: true,
};

const headerJson = (attested: boolean): string =>
  `{"circuit":"meter","func":"meter","compilerVersion":"0.1.0","moduleHash":"${'ab'.repeat(32)}",` +
  `"sources":[{"path":"licence.fl","sha3":"${'cd'.repeat(32)}"}],"optLevel":1,"fuel":"1000","attested":${attested},"signed":false}`;

describe('witness file golden bytes', () => {
  it('writes an unsigned witness exactly as the spec lays it out', () => {
    const body =
      '455357495400' + // magic "ESWIT\0"
      u16(1) + // version
      text(headerJson(true)) +
      '01' + // bindings recorded
      u32(2) + u32(12) + '000000020000000100000002' + u32(8) + '000000000000000a' + // inputs
      u32(4) + // records
      '02' + u32(0) + text('current_time') + 'ab'.repeat(32) + u32(8) + '0000010203040506' +
      '01' + u32(0) + u32(8) + '0000010203040506' +
      '01' + u32(3) + u32(0) +
      '02' + u32(7) + text('kv_püt') + '01'.repeat(32) + u32(0) +
      '00' + u32(8) + '000000000000003c'; // outcome: output
    const file = writeWitness(RECORDING, HEADER);
    const commitment = hex(sha3_256(Buffer.from(body, 'hex')));
    expect(commitment).toBe('d7d033696ca0988070f78bed63a0289ad6dfb0a72e05c529fe75c42c76359bc1');
    expect(hex(file)).toBe(body + commitment + '00');
    expect(checkIntegrity(file)).toMatchObject({ ok: true, commitmentOk: true, signature: 'none' });
    expect(readWitness(file).recording).toEqual(RECORDING);
  });

  it('writes a trapped call with its trap JSON and no bindings flag', () => {
    const trap = { kind: 'fail', message: 'always', location: { file: 'a.fl', line: 3, column: 3 } } as const;
    const rec: WitnessRecording = { func: 'boom', inputs: [Uint8Array.of(1)], records: [], trap, bindingsRecorded: false };
    const body =
      '455357495400' + u16(1) + text(headerJson(false)) + '00' + u32(1) + u32(1) + '01' + u32(0) + '01' + text(JSON.stringify(trap));
    const commitment = hex(sha3_256(Buffer.from(body, 'hex')));
    expect(commitment).toBe('9cc96d7a2b296ebbfce0538c6b24704136f1753aade2e54b23ddee0b31dc47c4');
    expect(hex(writeWitness(rec, { ...HEADER, attested: false }))).toBe(body + commitment + '00');
  });

  it('signs deterministically: the signed file hashes to a fixed value', () => {
    const keys = keysFromSeed(new Uint8Array(8).fill(7));
    const file = writeWitness(RECORDING, HEADER, { secretKey: keys.mldsaSk, publicKey: keys.mldsaPk });
    expect(file.length).toBe(7770);
    expect(hex(sha3_256(file))).toBe('0ddc58a0c01664f43db8863c96a2ceab6cbbac6c449476dc821847fcb9fcc4f9');
    const bodyEnd = readWitness(file).bodyEnd;
    // After the commitment: flag 01, u32 length + public key, u32 length + signature.
    expect(hex(file.subarray(bodyEnd + 32, bodyEnd + 37))).toBe('01' + u32(keys.mldsaPk.length));
    expect(checkIntegrity(file).signature).toBe('valid');
  });

  it('keeps its format error messages and offsets', () => {
    const file = writeWitness(RECORDING, HEADER);
    expect(checkIntegrity(file.slice(0, 3)).error).toBe('invalid witness file at byte 0: truncated magic');
    expect(checkIntegrity(file.slice(0, 10)).error).toBe('invalid witness file at byte 8: truncated header length');
    expect(checkIntegrity(file.slice(0, 20)).error).toBe('invalid witness file at byte 12: truncated header');
    expect(checkIntegrity(new Uint8Array([...file, 0])).error).toBe(`invalid witness file at byte ${file.length}: 1 trailing bytes`);
  });
});
