/**
 * The in-module runtime library (specs/abi.md §3–§5): bump allocator, call entry/exit with
 * fuel and the shadow call stack, the witness buffer, byte helpers and the JS imports every
 * module declares.
 */
import { MEM, type WasmContext } from './context.ts';

/** Imports from module "env" with their signatures; the loader provides each one. */
export function declareImports(cx: WasmContext): void {
  const { B, m } = cx;
  const imp = (name: string, params: number[], result: number) =>
    m.addFunctionImport(`rt.${name}`, 'env', name, B.createType(params), result);
  imp('trap', [B.i32], B.none);
  // host / builtin call: (callSite, argsStructPtr) -> result box pointer
  imp('host', [B.i32, B.i32], B.i32);
  imp('builtin', [B.i32, B.i32], B.i32);
  imp('fmod', [B.f64, B.f64], B.f64);
  // 128-bit integers: (op, a, b, flags, out) -> status
  imp('wide', [B.i32, B.i32, B.i32, B.i32, B.i32], B.i32);
  imp('wideCmp', [B.i32, B.i32, B.i32], B.i32);
  imp('wideFrom64', [B.i64, B.i32, B.i32], B.none);
  imp('wideFromF64', [B.f64, B.i32, B.i32], B.none);
  imp('wideToF64', [B.i32, B.i32], B.f64);
  // any: (ptr, targetTypeIndex, site) -> slot box; equality; canonical encoding
  imp('fromAny', [B.i32, B.i32, B.i32], B.i32);
  imp('anyEq', [B.i32, B.i32], B.i32);
  imp('anyEnc', [B.i32, B.i32, B.i32], B.i32);
}

export function declareGlobals(cx: WasmContext): void {
  const { B, m } = cx;
  m.addGlobal('rt.heap', B.i32, true, m.i32.const(0));
  m.addGlobal('rt.heapBase', B.i32, true, m.i32.const(0));
  m.addGlobal('rt.fuel', B.i64, true, m.i64.const(0n));
  m.addGlobal('rt.depth', B.i32, true, m.i32.const(0));
  m.addGlobal('rt.witOn', B.i32, true, m.i32.const(0));
  m.addGlobal('rt.witHead', B.i32, true, m.i32.const(0));
  m.addGlobal('rt.witChunk', B.i32, true, m.i32.const(0));
  m.addGlobal('rt.witPos', B.i32, true, m.i32.const(0));
  m.addGlobal('rt.witEnd', B.i32, true, m.i32.const(0));
}

const WIT_CHUNK = 65536;

export function defineRuntimeFunctions(cx: WasmContext, heapBase: number): void {
  const { B, m } = cx;
  const g = (n: string, t = B.i32) => m.global.get(n, t);
  const l = (i: number, t = B.i32) => m.local.get(i, t);

  const oomSite = cx.site('fuel', 'memory limit exceeded', undefined);
  // alloc(n): 8-aligned, zeroed. vars: 1 p, 2 end, 3 have
  m.addFunction(
    'rt.alloc',
    B.createType([B.i32]),
    B.i32,
    [B.i32, B.i32, B.i32],
    m.block(null, [
      m.local.set(1, m.i32.and(m.i32.add(g('rt.heap'), m.i32.const(7)), m.i32.const(-8))),
      m.local.set(2, m.i32.add(l(1), l(0))),
      m.if(m.i32.lt_u(l(2), l(1)), m.block(null, [m.call('rt.trap', [m.i32.const(oomSite)], B.none), m.unreachable()])),
      m.local.set(3, m.i32.shl(m.memory.size(), m.i32.const(16))),
      m.if(
        m.i32.gt_u(l(2), l(3)),
        m.if(
          m.i32.eq(
            m.memory.grow(m.i32.shr_u(m.i32.add(m.i32.sub(l(2), l(3)), m.i32.const(65535)), m.i32.const(16))),
            m.i32.const(-1),
          ),
          m.block(null, [m.call('rt.trap', [m.i32.const(oomSite)], B.none), m.unreachable()]),
        ),
      ),
      m.global.set('rt.heap', l(2)),
      m.memory.fill(l(1), m.i32.const(0), l(0)),
      l(1),
    ], B.i32),
  );
  m.addFunctionExport('rt.alloc', 'rt.alloc');

  // begin(fuel, witOn): reset the heap, stack and witness for a new top-level call.
  m.addFunction(
    'rt.begin',
    B.createType([B.i64, B.i32]),
    B.none,
    [],
    m.block(null, [
      m.global.set('rt.heap', g('rt.heapBase')),
      m.global.set('rt.depth', m.i32.const(0)),
      m.global.set('rt.fuel', l(0, B.i64)),
      m.global.set('rt.witOn', l(1)),
      m.global.set('rt.witHead', m.i32.const(0)),
      m.global.set('rt.witChunk', m.i32.const(0)),
      m.global.set('rt.witPos', m.i32.const(0)),
      m.global.set('rt.witEnd', m.i32.const(0)),
    ]),
  );
  m.addFunctionExport('rt.begin', 'rt.begin');

  // Heap base is set by the start function so the data segment size stays out of code.
  m.addFunction('rt.init', B.none, B.none, [], m.block(null, [m.global.set('rt.heapBase', m.i32.const(heapBase)), m.global.set('rt.heap', m.i32.const(heapBase))]));
  m.setStart(m.getFunction('rt.init'));

  const depthSite = cx.site('fuel', `call depth limit (${MEM.maxDepth}) exceeded`, undefined);
  const fuelSite = cx.site('fuel', 'fuel exhausted (calls)', undefined);
  // enter(funcIndex): one unit of fuel per call; push the shadow stack.
  m.addFunction(
    'rt.enter',
    B.createType([B.i32]),
    B.none,
    [],
    m.block(null, [
      m.global.set('rt.fuel', m.i64.sub(g('rt.fuel', B.i64), m.i64.const(1n))),
      m.if(m.i64.lt_s(g('rt.fuel', B.i64), m.i64.const(0n)), m.block(null, [m.call('rt.trap', [m.i32.const(fuelSite)], B.none), m.unreachable()])),
      m.if(m.i32.ge_u(g('rt.depth'), m.i32.const(MEM.maxDepth)), m.block(null, [m.call('rt.trap', [m.i32.const(depthSite)], B.none), m.unreachable()])),
      m.i32.store(MEM.callStack, 4, m.i32.shl(g('rt.depth'), m.i32.const(2)), l(0)),
      m.global.set('rt.depth', m.i32.add(g('rt.depth'), m.i32.const(1))),
    ]),
  );
  m.addFunction('rt.leave', B.none, B.none, [], m.global.set('rt.depth', m.i32.sub(g('rt.depth'), m.i32.const(1))));
  m.addFunction('rt.getDepth', B.none, B.i32, [], g('rt.depth'));
  m.addFunctionExport('rt.getDepth', 'rt.depth');

  // witReserve(n) -> address of n bytes in the witness buffer (chunks linked from witHead).
  // chunk = [u32 next][u32 used][data…]; vars: 1 chunk size, 2 new chunk
  m.addFunction(
    'rt.witReserve',
    B.createType([B.i32]),
    B.i32,
    [B.i32, B.i32],
    m.block(null, [
      m.if(
        m.i32.gt_u(m.i32.add(g('rt.witPos'), l(0)), g('rt.witEnd')),
        m.block(null, [
          m.local.set(1, m.select(m.i32.gt_u(m.i32.add(l(0), m.i32.const(8)), m.i32.const(WIT_CHUNK)), m.i32.add(l(0), m.i32.const(8)), m.i32.const(WIT_CHUNK))),
          m.local.set(2, m.call('rt.alloc', [l(1)], B.i32)),
          m.if(
            g('rt.witChunk'),
            m.block(null, [
              m.i32.store(4, 4, g('rt.witChunk'), m.i32.sub(g('rt.witPos'), m.i32.add(g('rt.witChunk'), m.i32.const(8)))),
              m.i32.store(0, 4, g('rt.witChunk'), l(2)),
            ]),
            m.global.set('rt.witHead', l(2)),
          ),
          m.global.set('rt.witChunk', l(2)),
          m.global.set('rt.witPos', m.i32.add(l(2), m.i32.const(8))),
          m.global.set('rt.witEnd', m.i32.add(l(2), l(1))),
        ]),
      ),
      m.local.set(2, g('rt.witPos')),
      m.global.set('rt.witPos', m.i32.add(l(2), l(0))),
      l(2),
    ], B.i32),
  );
  m.addFunctionExport('rt.witReserve', 'rt.witReserve');
  // witFinish() -> head chunk (0 when nothing was recorded), after sealing the last chunk.
  m.addFunction(
    'rt.witFinish',
    B.none,
    B.i32,
    [],
    m.block(null, [
      m.if(g('rt.witChunk'), m.i32.store(4, 4, g('rt.witChunk'), m.i32.sub(g('rt.witPos'), m.i32.add(g('rt.witChunk'), m.i32.const(8))))),
      g('rt.witHead'),
    ], B.i32),
  );
  m.addFunctionExport('rt.witFinish', 'rt.witFinish');

  // cmpBytes(pa, la, pb, lb) -> -1 / 0 / 1, lexicographic then by length. vars: 4 i, 5 n, 6 ca, 7 cb
  m.addFunction(
    'rt.cmpBytes',
    B.createType([B.i32, B.i32, B.i32, B.i32]),
    B.i32,
    [B.i32, B.i32, B.i32, B.i32],
    m.block(null, [
      m.local.set(5, m.select(m.i32.lt_u(l(1), l(3)), l(1), l(3))),
      m.local.set(4, m.i32.const(0)),
      m.block('done', [
        m.loop(
          'next',
          m.block(null, [
            m.br('done', m.i32.ge_u(l(4), l(5))),
            m.local.set(6, m.i32.load8_u(0, 1, m.i32.add(l(0), l(4)))),
            m.local.set(7, m.i32.load8_u(0, 1, m.i32.add(l(2), l(4)))),
            m.if(m.i32.ne(l(6), l(7)), m.return(m.select(m.i32.lt_u(l(6), l(7)), m.i32.const(-1), m.i32.const(1)))),
            m.local.set(4, m.i32.add(l(4), m.i32.const(1))),
            m.br('next'),
          ]),
        ),
      ]),
      m.i32.sub(m.i32.gt_u(l(1), l(3)), m.i32.lt_u(l(1), l(3))),
    ], B.i32),
  );

  // Byte swaps for big-endian canonical encoding.
  m.addFunction(
    'rt.bswap32',
    B.createType([B.i32]),
    B.i32,
    [],
    m.i32.or(
      m.i32.or(m.i32.shl(l(0), m.i32.const(24)), m.i32.shl(m.i32.and(l(0), m.i32.const(0xff00)), m.i32.const(8))),
      m.i32.or(m.i32.and(m.i32.shr_u(l(0), m.i32.const(8)), m.i32.const(0xff00)), m.i32.shr_u(l(0), m.i32.const(24))),
    ),
  );
  m.addFunction(
    'rt.bswap64',
    B.createType([B.i64]),
    B.i64,
    [],
    m.i64.or(
      m.i64.shl(m.i64.extend_u(m.call('rt.bswap32', [m.i32.wrap(l(0, B.i64))], B.i32)), m.i64.const(32n)),
      m.i64.extend_u(m.call('rt.bswap32', [m.i32.wrap(m.i64.shr_u(l(0, B.i64), m.i64.const(32n)))], B.i32)),
    ),
  );
}
