import { RuntimeTrap } from '../../runtime/errors.ts';

/** Runs `fn` and returns the RuntimeTrap it throws; anything else (or no trap) fails the test. */
export function trapOf(fn: () => unknown): RuntimeTrap {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuntimeTrap) return e;
    throw e;
  }
  throw new Error('expected a trap');
}
