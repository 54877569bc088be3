import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IrType, IrTypeDef } from '../../../compiler/ir/ir.ts';
import { arbitraryFor, intRange } from '../../../harness/property/arbitraries.ts';
import { runProperty, seedForName } from '../../../harness/property/run-property.ts';
import { encodeCanonical, decodeCanonical, valuesEqual } from '../../../runtime/values/index.ts';

const types: IrTypeDef[] = [
  { kind: 'struct', name: 'Spot', fields: [{ name: 'level', type: { k: 'int', bits: 8, signed: false } }, { name: 'id', type: { k: 'bytesN', n: 4 } }] },
  { kind: 'enum', name: 'Gate', reprBits: 8, variants: [{ name: 'Entry', value: 0n }, { name: 'Exit', value: 3n }] },
];

const samples: IrType[] = [
  { k: 'int', bits: 8, signed: false },
  { k: 'int', bits: 16, signed: true },
  { k: 'int', bits: 64, signed: false },
  { k: 'int', bits: 128, signed: false },
  { k: 'float', bits: 64 },
  { k: 'bool' },
  { k: 'bytesN', n: 32 },
  { k: 'bytes' },
  { k: 'string' },
  { k: 'struct', id: 0 },
  { k: 'enum', id: 1 },
  { k: 'list', elem: { k: 'struct', id: 0 } },
  { k: 'array', elem: { k: 'int', bits: 32, signed: false }, n: 3 },
  { k: 'option', inner: { k: 'bytesN', n: 2 } },
];

describe('arbitraries per IrType', () => {
  it('generate values of their type (canonical encoding round-trips)', () => {
    for (const t of samples) {
      fc.assert(
        fc.property(arbitraryFor(t, types), (v) => valuesEqual(decodeCanonical(encodeCanonical(v, t, types), t, types), v)),
        { numRuns: 50, seed: 7 },
      );
    }
  });

  it('respect integer ranges and fixed sizes', () => {
    fc.assert(fc.property(arbitraryFor({ k: 'int', bits: 16, signed: true }, types), (v) => {
      const r = intRange(16, true);
      return typeof v === 'bigint' && v >= r.min && v <= r.max;
    }), { seed: 1 });
    fc.assert(fc.property(arbitraryFor({ k: 'bytesN', n: 5 }, types), (v) => v instanceof Uint8Array && v.length === 5), { seed: 1 });
    fc.assert(fc.property(arbitraryFor({ k: 'enum', id: 1 }, types), (v) => v === 0n || v === 3n), { seed: 1 });
  });
});

describe('runProperty', () => {
  const u16 = { k: 'int', bits: 16, signed: false } as IrType;
  it('shrinks a failing property to the smallest counterexample and reports it as JSON', () => {
    const r = runProperty([{ name: 'a', type: u16 }, { name: 'b', type: u16 }], types, ([a]) => ((a as bigint) >= 100n ? { ok: false, error: new Error('too big') } : { ok: true }), { runs: 200, seed: 42 });
    expect(r.failed).toBe(true);
    expect(r.counterexample).toEqual({ a: 100, b: 0 });
    expect((r.error as Error).message).toBe('too big');
    expect(r.seed).toBe(42);
  });

  it('is reproducible from its seed', () => {
    const seen: string[][] = [[], []];
    for (const k of [0, 1]) {
      runProperty([{ name: 'x', type: u16 }], types, ([x]) => {
        seen[k]!.push(String(x));
        return { ok: true };
      }, { runs: 20, seed: seedForName('fee_is_monotone') });
    }
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).toHaveLength(20);
  });

  it('counts rejected inputs without failing', () => {
    const r = runProperty([{ name: 'x', type: u16 }], types, ([x]) => ((x as bigint) % 2n === 1n ? { reject: true } : { ok: true }), { runs: 50, seed: 3 });
    expect(r.failed).toBe(false);
    expect(r.skipped).toBeGreaterThan(0);
  });

  it('derives a stable seed from the test name', () => {
    expect(seedForName('a')).toBe(seedForName('a'));
    expect(seedForName('a')).not.toBe(seedForName('b'));
    expect(Number.isInteger(seedForName('a'))).toBe(true);
  });
});

describe('runProperty when nearly every input is rejected', () => {
  it('is not a failure of the code under test', () => {
    const r = runProperty([{ name: 'x', type: { k: 'int', bits: 8, signed: false } }], types, () => ({ reject: true }), { runs: 20, seed: 1 });
    expect(r.failed).toBe(false);
    expect(r.tooManyRejected).toBe(true);
  });
});

describe('runProperty with a time budget (--fuzz-time)', () => {
  it('stops early without failing', () => {
    const busy = () => {
      const end = performance.now() + 3;
      while (performance.now() < end) {
        /* spin */
      }
      return { ok: true } as const;
    };
    const r = runProperty([{ name: 'x', type: { k: 'int', bits: 8, signed: false } }], types, busy, { runs: 1000, seed: 1, timeLimitMs: 60 });
    expect(r.failed).toBe(false);
    expect(r.interrupted).toBe(true);
    expect(r.runs).toBeLessThan(1000);
  });
});
