/**
 * Wasm runtime benchmarks (issue 3), every figure a ratio against a baseline measured in the
 * same run:
 *  1. circuit call overhead: a trivial circuit through callIr and call vs a plain JS function;
 *  2. witness on vs off on a realistic circuit (several bindings, a loop, a hash) — goal ≤ 1.3×;
 *  3. SHA3-256 of 32 bytes inside wasm vs node:crypto called from JS — goal ≥ 1× (per hash);
 *  4. back-end compile time of this module at -O2 relative to -O0 (IR → validated wasm; the
 *     lines/s figure through the front end is the pipeline's own benchmark).
 * Run: npx tsx bench/runtime.bench.ts
 */
import b from 'benny';
import { createHash } from 'node:crypto';
import { compileModule } from '../compiler/wasm/index.ts';
import { loadModule } from '../runtime/wasm/index.ts';
import { ModuleBuilder, E, S, T } from '../test/wasm/ir-builder.ts';

const HASHES_PER_CALL = 1000;

function program() {
  const mb = new ModuleBuilder();
  mb.func('add', T.u32, (f) => {
    const a = f.param('a', T.u32);
    const c = f.param('b', T.u32);
    f.add(S.ret(E.bin('add', a, c)));
  });
  // A metering circuit: per usage record, a few named bindings; then a digest.
  const Usage = mb.struct('Usage', [['units', T.u32], ['rate', T.u32], ['discount', T.u32]]);
  mb.func('meter', T.bytesN(32), (f) => {
    const usage = f.param('usage', T.list(Usage));
    const total = f.declare('total', T.u64);
    const i = f.declare('i', T.u64);
    const gross = f.declare('gross', T.u64);
    const net = f.declare('net', T.u64);
    const item = f.declare('item', Usage);
    f.add(
      S.loop([
        S.if(E.bin('ge', f.get(i), E.len(usage)), [S.break()]),
        S.set(item, E.index(usage, f.get(i), Usage)),
        S.set(gross, E.bin('mul', E.convert('int', E.field(f.get(item), 0, T.u32), T.u64), E.convert('int', E.field(f.get(item), 1, T.u32), T.u64))),
        S.set(net, E.bin('sub', f.get(gross), E.convert('int', E.field(f.get(item), 2, T.u32), T.u64))),
        S.set(total, E.bin('add', f.get(total), f.get(net))),
        S.set(i, E.bin('add', f.get(i), E.int(1))),
      ]),
    );
    const digest = f.let('digest', E.builtin('sha3_256', [E.convert('int_bytes', f.get(total), T.bytesN(8))], T.bytesN(32)));
    f.add(S.ret(digest));
  });
  // h = sha3_256(h), HASHES_PER_CALL times, on 32-byte values.
  mb.func('hash_chain', T.bytesN(32), (f) => {
    const seed = f.param('seed', T.bytesN(32));
    const h = f.declare('%h', T.bytesN(32), false);
    const n = f.declare('%n', T.u32, false);
    f.add(S.set(h, seed));
    f.add(
      S.loop([
        S.if(E.bin('ge', f.get(n), E.int(HASHES_PER_CALL, T.u32)), [S.break()]),
        S.set(h, E.builtin('sha3_256', [f.get(h)], T.bytesN(32))),
        S.set(n, E.bin('add', f.get(n), E.int(1, T.u32))),
      ]),
    );
    f.add(S.ret(f.get(h)));
  });
  return mb.build();
}

const mod = await loadModule(await compileModule(program(), { optLevel: 2 }));
const jsAdd = (a: number, c: number) => (a + c) | 0;
const usage = Array.from({ length: 64 }, (_, i) => [BigInt(i + 1), 3n, BigInt(i % 2)]);
const seed = new Uint8Array(32).fill(7);

// Both hash paths must agree before they are timed.
let jsH: Uint8Array = seed;
for (let i = 0; i < HASHES_PER_CALL; i++) jsH = createHash('sha3-256').update(jsH).digest();
const wasmH = mod.callIr('hash_chain', [seed]).value as Uint8Array;
if (Buffer.compare(Buffer.from(jsH), Buffer.from(wasmH)) !== 0) throw new Error('wasm SHA3-256 disagrees with node:crypto');

type Results = Record<string, number>;
async function suite(name: string, cases: Record<string, () => unknown>): Promise<Results> {
  const results: Results = {};
  await b.suite(
    name,
    ...Object.entries(cases).map(([n, fn]) => b.add(n, fn)),
    b.cycle((r: { name: string; ops: number }) => {
      results[r.name] = r.ops;
    }),
    b.complete(() => undefined),
  );
  return results;
}

const call = await suite('call overhead', {
  'plain JS function': () => jsAdd(3, 4),
  'wasm callIr(add)': () => mod.callIr('add', [3n, 4n]),
  'wasm call(add) with JS values': () => mod.call('add', [3, 4]),
});
const wit = await suite('witness', {
  'meter, witness off': () => mod.callIr('meter', [usage]),
  'meter, witness on': () => mod.callIr('meter', [usage], { witness: true }),
});
const sha = await suite('sha3-256 of 32 bytes', {
  [`node:crypto × ${HASHES_PER_CALL}`]: () => {
    let h: Uint8Array = seed;
    for (let i = 0; i < HASHES_PER_CALL; i++) h = createHash('sha3-256').update(h).digest();
    return h;
  },
  [`wasm × ${HASHES_PER_CALL} (one call)`]: () => mod.callIr('hash_chain', [seed]),
});

const comp = await suite('IR → wasm compile', {
  'compile -O0': () => compileModule(program(), { optLevel: 0 }),
  'compile -O2': () => compileModule(program(), { optLevel: 2 }),
});

const fmt = (n: number) => `${n.toFixed(2)}×`;
console.log('\n── ratios (same run) ──');
console.log(`call overhead: callIr is ${fmt(call['plain JS function']! / call['wasm callIr(add)']!)} slower than a JS call; call() with JS values ${fmt(call['plain JS function']! / call['wasm call(add) with JS values']!)}`);
console.log(`  (${(1e6 / call['wasm callIr(add)']!).toFixed(2)} µs per callIr, ${(1e6 / call['wasm call(add) with JS values']!).toFixed(2)} µs per call)`);
const witRatio = wit['meter, witness off']! / wit['meter, witness on']!;
console.log(`witness on vs off: ${fmt(witRatio)} the time (goal ≤ 1.3×) ${witRatio <= 1.3 ? 'MET' : 'NOT MET'}`);
const shaRatio = sha[`wasm × ${HASHES_PER_CALL} (one call)`]! / sha[`node:crypto × ${HASHES_PER_CALL}`]!;
console.log(`compile: -O0 ${(1000 / comp['compile -O0']!).toFixed(1)} ms, -O2 ${(1000 / comp['compile -O2']!).toFixed(1)} ms per module (-O2 takes ${fmt(comp['compile -O0']! / comp['compile -O2']!)} as long)`);
console.log(`SHA3-256(32 B) in wasm vs node:crypto: ${fmt(shaRatio)} as fast per hash (goal ≥ 1×) ${shaRatio >= 1 ? 'MET' : 'NOT MET'}`);
