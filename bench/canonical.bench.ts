/**
 * Canonical encoding throughput (specs/values.md): runtime/values encodeCanonical against a
 * straightforward baseline encoder, measured in the same process on the same values.
 * The baseline builds one Uint8Array per scalar and concatenates, as a first implementation
 * would. Run: npx tsx bench/canonical.bench.ts
 */
import b from 'benny';
import type { IrConst, IrType, IrTypeDef } from '../compiler/ir/ir.ts';
import { T } from '../compiler/ir/ir.ts';
import { decodeCanonical, encodeCanonical } from '../runtime/values/index.ts';

const types: IrTypeDef[] = [
  {
    kind: 'struct',
    name: 'Order',
    fields: [
      { name: 'id', type: T.bytesN(32) },
      { name: 'qty', type: T.u64 },
      { name: 'price', type: T.u64 },
      { name: 'side', type: T.u8 },
      { name: 'symbol', type: T.string },
      { name: 'note', type: T.option(T.bytes) },
    ],
  },
];
const ORDER: IrType = { k: 'struct', id: 0 };
const BOOK: IrType = T.list(ORDER);

const order = (i: number): IrConst => [new Uint8Array(32).fill(i & 0xff), BigInt(i * 100), BigInt(17500000000 + i), BigInt(i & 1), `SYM${i}`, i % 3 ? { some: Uint8Array.of(1, 2, 3) } : null];
const book: IrConst = Array.from({ length: 200 }, (_, i) => order(i));

const utf8 = new TextEncoder();
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function intBytes(v: bigint, bits: number): Uint8Array {
  const out = new Uint8Array(bits / 8);
  let x = BigInt.asUintN(bits, v);
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}
/** The baseline: correct for these types, one allocation per value. */
function naive(v: IrConst, t: IrType, nested: boolean): Uint8Array {
  switch (t.k) {
    case 'int':
      return intBytes(v as bigint, t.bits);
    case 'bytesN':
      return v as Uint8Array;
    case 'bytes':
    case 'string': {
      const raw = t.k === 'string' ? utf8.encode(v as string) : (v as Uint8Array);
      return nested ? concat([intBytes(BigInt(raw.length), 32), raw]) : raw;
    }
    case 'option':
      return v === null ? Uint8Array.of(0) : concat([Uint8Array.of(1), naive((v as { some: IrConst }).some, t.inner, true)]);
    case 'struct': {
      const def = types[t.id] as Extract<IrTypeDef, { kind: 'struct' }>;
      return concat(def.fields.map((f, i) => naive((v as IrConst[])[i]!, f.type, true)));
    }
    case 'list':
      return concat([intBytes(BigInt((v as IrConst[]).length), 32), ...(v as IrConst[]).map((x) => naive(x, t.elem, true))]);
    default:
      throw new Error(`baseline does not handle ${t.k}`);
  }
}

const check = Buffer.from(naive(book, BOOK, false)).equals(Buffer.from(encodeCanonical(book, BOOK, types)));
if (!check) throw new Error('baseline and encodeCanonical disagree');
const encoded = encodeCanonical(book, BOOK, types);
console.log(`order book: 200 orders, ${encoded.length} bytes encoded`);

const results: Record<string, number> = {};
await b.suite(
  'canonical encoding of a 200-order book',
  b.add('baseline (allocate and concat)', () => {
    naive(book, BOOK, false);
  }),
  b.add('encodeCanonical', () => {
    encodeCanonical(book, BOOK, types);
  }),
  b.add('decodeCanonical', () => {
    decodeCanonical(encoded, BOOK, types);
  }),
  b.cycle((r: { name: string; ops: number }) => {
    results[r.name] = r.ops;
  }),
  b.complete(() => {
    const base = results['baseline (allocate and concat)']!;
    for (const [name, ops] of Object.entries(results)) {
      console.log(`${name.padEnd(32)} ${ops.toFixed(0).padStart(8)} ops/s  ${(ops / base).toFixed(2)}× baseline`);
    }
  }),
);
