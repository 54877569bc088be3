/**
 * SHA3 inside wasm (issue 3: the most called builtin; a JS crossing costs more than the
 * hash). Keccak-f[1600] over 25 i64 locals, one round per loop iteration, and a sponge with
 * SHA3 padding (0x06 … 0x80). Lanes are little-endian, like wasm memory, so no swaps.
 */
import { MEM, type Ref, type WasmContext } from './context.ts';

const RHO = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];
export const ROUND_CONSTANTS: bigint[] = [
  0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n, 0x000000000000808bn,
  0x0000000080000001n, 0x8000000080008081n, 0x8000000000008009n, 0x000000000000008an, 0x0000000000000088n,
  0x0000000080008009n, 0x000000008000000an, 0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n,
  0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n, 0x000000000000800an, 0x800000008000000an,
  0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
];

/** The round-constant table, placed at MEM.keccakRc by a data segment. */
export function roundConstantBytes(): Uint8Array {
  const out = new Uint8Array(24 * 8);
  const dv = new DataView(out.buffer);
  ROUND_CONSTANTS.forEach((rc, i) => dv.setBigUint64(i * 8, rc, true));
  return out;
}

export function defineKeccak(cx: WasmContext): void {
  const { B, m } = cx;
  // locals: 0 statePtr; 1..25 a[i]; 26..30 c[x]; 31..55 b[i]; 56 d; 57 round (i32)
  const A = (i: number) => 1 + i;
  const C = (x: number) => 26 + x;
  const Bv = (i: number) => 31 + i;
  const D = 56;
  const ROUND = 57;
  const get = (i: number): Ref => m.local.get(i, B.i64);
  const rotl = (v: Ref, n: number): Ref => (n === 0 ? v : m.i64.rotl(v, m.i64.const(BigInt(n))));
  const body: Ref[] = [];
  for (let i = 0; i < 25; i++) body.push(m.local.set(A(i), m.i64.load(i * 8, 8, m.local.get(0, B.i32))));
  const round: Ref[] = [];
  // θ
  for (let x = 0; x < 5; x++) {
    round.push(m.local.set(C(x), m.i64.xor(m.i64.xor(m.i64.xor(get(A(x)), get(A(x + 5))), m.i64.xor(get(A(x + 10)), get(A(x + 15)))), get(A(x + 20)))));
  }
  for (let x = 0; x < 5; x++) {
    round.push(m.local.set(D, m.i64.xor(get(C((x + 4) % 5)), rotl(get(C((x + 1) % 5)), 1))));
    for (let y = 0; y < 5; y++) round.push(m.local.set(A(x + 5 * y), m.i64.xor(get(A(x + 5 * y)), get(D))));
  }
  // ρ and π
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      const nx = y;
      const ny = (2 * x + 3 * y) % 5;
      round.push(m.local.set(Bv(nx + 5 * ny), rotl(get(A(x + 5 * y)), RHO[x + 5 * y]!)));
    }
  }
  // χ
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      round.push(
        m.local.set(
          A(x + 5 * y),
          m.i64.xor(get(Bv(x + 5 * y)), m.i64.and(m.i64.xor(get(Bv(((x + 1) % 5) + 5 * y)), m.i64.const(-1n)), get(Bv(((x + 2) % 5) + 5 * y)))),
        ),
      );
    }
  }
  // ι
  round.push(
    m.local.set(A(0), m.i64.xor(get(A(0)), m.i64.load(MEM.keccakRc, 8, m.i32.shl(m.local.get(ROUND, B.i32), m.i32.const(3))))),
  );
  round.push(m.local.set(ROUND, m.i32.add(m.local.get(ROUND, B.i32), m.i32.const(1))));
  round.push(m.br('round', m.i32.lt_u(m.local.get(ROUND, B.i32), m.i32.const(24))));
  body.push(m.local.set(ROUND, m.i32.const(0)));
  body.push(m.loop('round', m.block(null, round)));
  for (let i = 0; i < 25; i++) body.push(m.i64.store(i * 8, 8, m.local.get(0, B.i32), get(A(i))));
  const vars = [...Array(56).fill(B.i64), B.i32];
  m.addFunction('rt.keccakF', B.createType([B.i32]), B.none, vars, m.block(null, body));

  // sha3(ptr, len, rate, outLen, out). vars: 5 i (lane index)
  const l = (i: number) => m.local.get(i, B.i32);
  const S = MEM.keccakState;
  const BLK = MEM.keccakBlock;
  let lanesLabel = 0;
  const xorLanes = (src: Ref): Ref => {
    const label = `lanes${lanesLabel++}`;
    return (
    m.block(null, [
      m.local.set(5, m.i32.const(0)),
      m.loop(
        label,
        m.block(null, [
          m.i64.store(S, 8, m.local.get(5, B.i32), m.i64.xor(m.i64.load(S, 8, m.local.get(5, B.i32)), m.i64.load(0, 1, m.i32.add(src, m.local.get(5, B.i32))))),
          m.local.set(5, m.i32.add(m.local.get(5, B.i32), m.i32.const(8))),
          m.br(label, m.i32.lt_u(m.local.get(5, B.i32), l(2))),
        ]),
      ),
    ]));
  };
  m.addFunction(
    'rt.sha3',
    B.createType([B.i32, B.i32, B.i32, B.i32, B.i32]),
    B.none,
    [B.i32],
    m.block(null, [
      m.memory.fill(m.i32.const(S), m.i32.const(0), m.i32.const(200)),
      m.block('absorbed', [
        m.loop(
          'absorb',
          m.block(null, [
            m.br('absorbed', m.i32.lt_u(l(1), l(2))),
            xorLanes(l(0)),
            m.call('rt.keccakF', [m.i32.const(S)], B.none),
            m.local.set(0, m.i32.add(l(0), l(2))),
            m.local.set(1, m.i32.sub(l(1), l(2))),
            m.br('absorb'),
          ]),
        ),
      ]),
      m.memory.fill(m.i32.const(BLK), m.i32.const(0), l(2)),
      m.memory.copy(m.i32.const(BLK), l(0), l(1)),
      m.i32.store8(BLK, 1, l(1), m.i32.xor(m.i32.load8_u(BLK, 1, l(1)), m.i32.const(0x06))),
      m.i32.store8(BLK - 1, 1, l(2), m.i32.xor(m.i32.load8_u(BLK - 1, 1, l(2)), m.i32.const(0x80))),
      xorLanes(m.i32.const(BLK)),
      m.call('rt.keccakF', [m.i32.const(S)], B.none),
      m.memory.copy(l(4), m.i32.const(S), l(3)),
    ]),
  );
}
