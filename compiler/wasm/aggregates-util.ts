/** Small integer helpers shared by the aggregate emitters. */
import type { Ref } from './context.ts';
import type { FnCx, IntInfo } from './fn-context.ts';
import { intInfo } from './arith.ts';

export { intInfo };

/**
 * An integer as i64 for bounds checks. Signed values are sign-extended so a negative index
 * compares as a huge unsigned number and fails the check; a 128-bit index keeps its low
 * 64 bits unless the high half is non-zero, which saturates to all ones (out of range).
 */
export function convertIntTo64(fx: FnCx, v: Ref, info: IntInfo): Ref {
  const { B, m } = fx.cx;
  if (info.kind === 'i64') return v;
  if (info.kind === 'i32') return info.signed ? m.i64.extend_s(v) : m.i64.extend_u(v);
  const p = fx.tmp('i32');
  return m.block(null, [
    m.local.set(p, v),
    m.select(m.i64.eqz(m.i64.load(8, 8, m.local.get(p, B.i32))), m.i64.load(0, 8, m.local.get(p, B.i32)), m.i64.const(-1n)),
  ], B.i64);
}
