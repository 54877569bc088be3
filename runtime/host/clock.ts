/**
 * The injectable clock (LANGUAGE.md §8.4.3): reads 1 700 000 000 000 ms unless the harness
 * sets it; `current_time`, `timestamp` and `now` all return it as u64 milliseconds. It never
 * moves by itself, so runs are reproducible; harnesses set or advance it.
 */
export const DEFAULT_CLOCK_MS = 1_700_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

export class HostClock {
  private ms: bigint;

  constructor(startMs: number | bigint = DEFAULT_CLOCK_MS) {
    this.ms = HostClock.check(startMs);
  }

  private static check(ms: number | bigint): bigint {
    const v = typeof ms === 'bigint' ? ms : BigInt(Math.trunc(ms));
    if (v < 0n || v > U64_MAX) throw new RangeError(`clock reading ${v} ms is outside u64`);
    return v;
  }

  now(): bigint {
    return this.ms;
  }

  set(ms: number | bigint): void {
    this.ms = HostClock.check(ms);
  }

  advance(ms: number | bigint): bigint {
    const d = typeof ms === 'bigint' ? ms : BigInt(Math.trunc(ms));
    if (d < 0n) throw new RangeError(`the clock cannot go back (advance by ${d} ms)`);
    this.ms = HostClock.check(this.ms + d);
    return this.ms;
  }
}
