import { ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';

/** ML-DSA-87 sizes (FIPS 204; MARKETPLACE.md conventions). */
export const PUBLIC_KEY_BYTES = 2592;
export const SECRET_KEY_BYTES = 4896;
export const SIGNATURE_BYTES = 4627;
export const SEED_BYTES = 32;

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** Deterministic key generation from a 32-byte seed. */
export function keypairFromSeed(seed: Uint8Array): KeyPair {
  if (seed.length !== SEED_BYTES) throw new RangeError(`ML-DSA-87 seed must be ${SEED_BYTES} bytes`);
  const { publicKey, secretKey } = ml_dsa87.keygen(seed);
  return { publicKey, secretKey };
}

/**
 * Signs with the pure (empty-context) ML-DSA-87 and no extra entropy, so the same key and
 * message always give the same signature (determinism: same input, same bytes).
 */
export function mldsaSign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ml_dsa87.sign(message, secretKey, { extraEntropy: false });
}

export function mldsaVerify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  try {
    return ml_dsa87.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
