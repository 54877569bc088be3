/**
 * Effect results fed back during replay (LANGUAGE.md §8.4.2): recorded results in order; a
 * different effect name or argument digest is `replay_divergence`.
 */
import { RuntimeTrap, type RuntimeLocation } from '../errors.ts';
import type { EffectRecord } from './recording.ts';

export interface EffectReplay {
  /** The recorded result bytes for the next effect, after checking name and digest. */
  next(name: string, argDigest: Uint8Array, location: RuntimeLocation | undefined): Uint8Array;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export function replayFrom(records: EffectRecord[]): EffectReplay & { remaining(): number } {
  let i = 0;
  return {
    next(name, argDigest, location) {
      const rec = records[i];
      if (!rec) throw new RuntimeTrap('replay_divergence', `effect ${name} was not recorded (the witness has ${records.length} effects)`, location);
      if (rec.name !== name) throw new RuntimeTrap('replay_divergence', `effect #${i + 1} is ${name}, but the witness recorded ${rec.name}`, location);
      if (hex(rec.argDigest) !== hex(argDigest)) throw new RuntimeTrap('replay_divergence', `effect #${i + 1} (${name}) was called with different arguments than recorded`, location);
      i++;
      return rec.result;
    },
    remaining: () => records.length - i,
  };
}
