/**
 * Category C and J builtins (LANGUAGE.md §9, §8.5): hashes of the canonical encoding,
 * deterministic ML-DSA-87, ML-KEM-1024 decapsulation, HKDF-HMAC-SHA3-256, constant-time
 * equality and test_keygen. `mlkem_encaps` needs randomness and is a host effect.
 */
import { blake3 } from '@noble/hashes/blake3.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha3_256, sha3_512 } from '@noble/hashes/sha3.js';
import { ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { argBytes, argCanonical, argValue, bytesResult, defineBuiltin, trap, type BuiltinContext } from './registry.ts';
import { bundleValue, keysFromSeed, MLDSA_SIG_BYTES, MLKEM_CT_BYTES, resolveKey, seedBytes } from './keys.ts';
import type { IrConst } from '../../compiler/ir/ir.ts';

const EMPTY = new Uint8Array(0);

/** ML-DSA-87 signing as §8.5.2 fixes it: rnd = 32 zero bytes, empty context. */
export function mldsaSign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ml_dsa87.sign(message, secretKey, { extraEntropy: false, context: EMPTY });
}

/** ML-DSA-87 verification; false on any malformed input, never throws (§8.5.2). */
export function mldsaVerify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== MLDSA_SIG_BYTES || publicKey.length !== ml_dsa87.lengths.publicKey) return false;
  try {
    return ml_dsa87.verify(signature, message, publicKey, { context: EMPTY });
  } catch {
    return false;
  }
}

function hashBuiltin(name: string, fn: (b: Uint8Array) => Uint8Array): void {
  defineBuiltin(name, 1, 1, (args, ctx) => bytesResult(fn(argCanonical(args, ctx, 0)), ctx));
}

hashBuiltin('sha3_256', sha3_256);
hashBuiltin('hash', sha3_256);
hashBuiltin('sha3_512', sha3_512);
hashBuiltin('blake3', (b) => blake3(b));

defineBuiltin('mldsa_sign', 2, 2, (args, ctx) => {
  const { value, type } = argValue(args, ctx, 1);
  const sk = resolveKey(value, type, ctx.types, 'mldsaSk');
  return bytesResult(mldsaSign(argCanonical(args, ctx, 0), sk), ctx);
});

function verifyBuiltin(args: IrConst[], ctx: BuiltinContext): IrConst {
  try {
    const sig = argBytes(args, ctx, 1);
    const { value, type } = argValue(args, ctx, 2);
    const pk = resolveKey(value, type, ctx.types, 'mldsaPk');
    return mldsaVerify(argCanonical(args, ctx, 0), sig, pk);
  } catch {
    return false;
  }
}
defineBuiltin('mldsa_verify', 3, 3, verifyBuiltin);
defineBuiltin('ml_dsa_verify', 3, 3, verifyBuiltin);

defineBuiltin('mlkem_decaps', 2, 2, (args, ctx) => {
  const ct = argBytes(args, ctx, 0);
  if (ct.length !== MLKEM_CT_BYTES) trap('conversion', `mlkem_decaps: ciphertext must be ${MLKEM_CT_BYTES} bytes, got ${ct.length}`);
  const { value, type } = argValue(args, ctx, 1);
  const dk = resolveKey(value, type, ctx.types, 'mlkemDk');
  return bytesResult(ml_kem1024.decapsulate(ct, dk), ctx);
});

defineBuiltin('constant_time_eq', 2, 2, (args, ctx) => {
  const a = argBytes(args, ctx, 0);
  const b = argBytes(args, ctx, 1);
  // Every byte is visited whatever the contents; only the length short-circuits.
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
});

defineBuiltin('hkdf_sha3', 3, 3, (args, ctx) =>
  bytesResult(hkdf(sha3_256, argCanonical(args, ctx, 0), argCanonical(args, ctx, 1), argCanonical(args, ctx, 2), 32), ctx),
);

defineBuiltin('test_keygen', 1, 1, (args, ctx) => {
  const { value, type } = argValue(args, ctx, 0);
  const bundle = keysFromSeed(seedBytes(value, type, ctx.types));
  const out = bundleValue(bundle, ctx.resultType, ctx.types);
  if (out === undefined) {
    trap('conversion', `test_keygen: a key bundle converts to bytes(4896), bytes(2592), bytes(1568), bytes or any, not to the requested type`);
  }
  return out;
});
