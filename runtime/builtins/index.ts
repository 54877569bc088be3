/**
 * Pure builtins of LANGUAGE.md §9 / §9.1 (specs/builtins.md lists each with its semantics).
 * Importing this module registers every implementation; effects live in runtime/host.
 */
import { RuntimeTrap } from '../errors.ts';
import { ValueError } from '../values/types.ts';
import { lookupBuiltin, registeredBuiltinNames, type BuiltinImpl } from './registry.ts';
import './crypto.ts';
import './bytes.ts';
import './serialize.ts';
import './domain.ts';
import './fix.ts';

export type { BuiltinImpl, BuiltinContext } from './registry.ts';
export {
  KEY_BUNDLE_STRUCT,
  MLKEM_ENCAPS_STRUCT,
  registerKeyBundleType,
  registerEncapsulationType,
  keysFromSeed,
  resolveKey,
  seedBytes,
  type KeyBundle,
} from './keys.ts';
export { mldsaSign, mldsaVerify } from './crypto.ts';
export { encodeCbor } from './cbor.ts';
export { encodeWithIrLayout, encodeWithLayout, type EncodeLayout } from './serialize.ts';
export { fnv1a32 } from './bytes.ts';

const wrapped = new Map<string, BuiltinImpl>();

/**
 * The implementation of a pure builtin, or undefined. The returned function checks the
 * argument count and turns value errors into `conversion` traps, so callers only ever see
 * RuntimeTrap (without a location: the caller adds it).
 */
export function getBuiltin(name: string): BuiltinImpl | undefined {
  const hit = wrapped.get(name);
  if (hit) return hit;
  const spec = lookupBuiltin(name);
  if (!spec) return undefined;
  const impl: BuiltinImpl = (args, ctx) => {
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs}–${spec.maxArgs}`;
      throw new RuntimeTrap('host', `builtin ${name} takes ${want} arguments, got ${args.length}`);
    }
    try {
      return spec.impl(args, ctx);
    } catch (e) {
      if (e instanceof RuntimeTrap) throw e;
      if (e instanceof ValueError) throw new RuntimeTrap('conversion', `${name}: ${e.message}`);
      throw new RuntimeTrap('host', `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  wrapped.set(name, impl);
  return impl;
}

export function builtinNames(): string[] {
  return registeredBuiltinNames();
}
