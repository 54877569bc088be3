/**
 * Deterministic test keys and key arguments, LANGUAGE.md §8.5.4–§8.5.5.
 * `test_keygen(seed)` derives an ML-DSA-87 key pair from ξ = SHA3-256("fastlang/mldsa87" ‖ seed)
 * and an ML-KEM-1024 key pair from d‖z = SHA3-512("fastlang/mlkem1024" ‖ seed). An integer
 * seed is 8 bytes big-endian; any other seed is its canonical encoding. The key bundle is the
 * struct KEY_BUNDLE_STRUCT; key arguments of the wrong size are treated as seeds.
 */
import { sha3_256, sha3_512 } from '@noble/hashes/sha3.js';
import { ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import type { IrConst, IrStructDef, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { encodeCanonical } from '../values/canonical.ts';
import { isAnyBox } from '../values/dynamic.ts';

export const MLDSA_SK_BYTES = 4896;
export const MLDSA_PK_BYTES = 2592;
export const MLDSA_SIG_BYTES = 4627;
export const MLKEM_EK_BYTES = 1568;
export const MLKEM_DK_BYTES = 3168;
export const MLKEM_CT_BYTES = 1568;
export const MLKEM_SS_BYTES = 32;

/** The key bundle `test_keygen` returns, as the front end represents it. */
export const KEY_BUNDLE_STRUCT: IrStructDef = {
  kind: 'struct',
  name: 'KeyBundle',
  fields: [
    { name: 'mldsa_sk', type: { k: 'bytesN', n: MLDSA_SK_BYTES } },
    { name: 'mldsa_pk', type: { k: 'bytesN', n: MLDSA_PK_BYTES } },
    { name: 'mlkem_ek', type: { k: 'bytesN', n: MLKEM_EK_BYTES } },
    { name: 'mlkem_dk', type: { k: 'bytesN', n: MLKEM_DK_BYTES } },
  ],
};

/** The `{ ciphertext, shared_secret }` struct `mlkem_encaps` returns (§8.5.3). */
export const MLKEM_ENCAPS_STRUCT: IrStructDef = {
  kind: 'struct',
  name: 'MlKemEncapsulation',
  fields: [
    { name: 'ciphertext', type: { k: 'bytesN', n: MLKEM_CT_BYTES } },
    { name: 'shared_secret', type: { k: 'bytesN', n: MLKEM_SS_BYTES } },
  ],
};

function sameStruct(a: IrTypeDef, b: IrStructDef): boolean {
  return (
    a.kind === 'struct' &&
    a.name === b.name &&
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => f.name === b.fields[i]!.name && f.type.k === 'bytesN' && f.type.n === (b.fields[i]!.type as { n: number }).n)
  );
}

function registerStruct(types: IrTypeDef[], def: IrStructDef): IrType {
  const existing = types.findIndex((t) => sameStruct(t, def));
  if (existing >= 0) return { k: 'struct', id: existing };
  types.push({ ...def, fields: def.fields.map((f) => ({ ...f })) });
  return { k: 'struct', id: types.length - 1 };
}

/** Adds the key-bundle struct to a type table (once) and returns its IrType. */
export function registerKeyBundleType(types: IrTypeDef[]): IrType {
  return registerStruct(types, KEY_BUNDLE_STRUCT);
}

/** Adds the ML-KEM encapsulation result struct to a type table (once) and returns its IrType. */
export function registerEncapsulationType(types: IrTypeDef[]): IrType {
  return registerStruct(types, MLKEM_ENCAPS_STRUCT);
}

export interface KeyBundle {
  mldsaSk: Uint8Array;
  mldsaPk: Uint8Array;
  mlkemEk: Uint8Array;
  mlkemDk: Uint8Array;
}

const utf8 = new TextEncoder();
const DSA_LABEL = utf8.encode('fastlang/mldsa87');
const KEM_LABEL = utf8.encode('fastlang/mlkem1024');

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

// Key generation costs milliseconds; tests and journeys derive the same few seeds over and over.
const bundleCache = new Map<string, KeyBundle>();
const CACHE_LIMIT = 256;

export function keysFromSeed(seed: Uint8Array): KeyBundle {
  const cacheKey = Buffer.from(seed).toString('hex');
  const hit = bundleCache.get(cacheKey);
  if (hit) return hit;
  const xi = sha3_256(join(DSA_LABEL, seed));
  const dz = sha3_512(join(KEM_LABEL, seed));
  const dsa = ml_dsa87.keygen(xi);
  const kem = ml_kem1024.keygen(dz);
  const bundle: KeyBundle = { mldsaSk: dsa.secretKey, mldsaPk: dsa.publicKey, mlkemEk: kem.publicKey, mlkemDk: kem.secretKey };
  if (bundleCache.size >= CACHE_LIMIT) bundleCache.delete(bundleCache.keys().next().value!);
  bundleCache.set(cacheKey, bundle);
  return bundle;
}

/** Seed bytes of a value (§8.5.4): integers are 8 bytes big-endian, others their canonical encoding. */
export function seedBytes(value: IrConst, type: IrType, types: IrTypeDef[]): Uint8Array {
  if (type.k === 'any' && isAnyBox(value)) return seedBytes(value.value, value.any, types);
  if (typeof value === 'bigint' && (type.k === 'int' || type.k === 'enum')) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, value));
    return out;
  }
  if (value instanceof Uint8Array) return value;
  if (type.k === 'any' && value === null) return new Uint8Array(0);
  return encodeCanonical(value, type, types);
}

/** The bundle field values of a struct that has the key-bundle field names, else undefined. */
function bundleFields(value: IrConst, type: IrType, types: IrTypeDef[]): KeyBundle | undefined {
  if (type.k === 'any' && isAnyBox(value)) return bundleFields(value.value, value.any, types);
  if (type.k !== 'struct' || !Array.isArray(value)) return undefined;
  const def = types[type.id];
  if (!def || def.kind !== 'struct') return undefined;
  const get = (name: string): Uint8Array | undefined => {
    const i = def.fields.findIndex((f) => f.name === name);
    const v = i >= 0 ? value[i] : undefined;
    return v instanceof Uint8Array ? v : undefined;
  };
  const mldsaSk = get('mldsa_sk');
  const mldsaPk = get('mldsa_pk');
  const mlkemEk = get('mlkem_ek');
  if (!mldsaSk || !mldsaPk || !mlkemEk) return undefined;
  return { mldsaSk, mldsaPk, mlkemEk, mlkemDk: get('mlkem_dk') ?? new Uint8Array(0) };
}

export type KeyRole = 'mldsaSk' | 'mldsaPk' | 'mlkemEk' | 'mlkemDk';

const ROLE_SIZE: Record<KeyRole, number> = {
  mldsaSk: MLDSA_SK_BYTES,
  mldsaPk: MLDSA_PK_BYTES,
  mlkemEk: MLKEM_EK_BYTES,
  mlkemDk: MLKEM_DK_BYTES,
};

/**
 * A key argument (§8.5.5): a key of the exact size is used as is, a key bundle gives its
 * matching key, and any other value is a seed for test_keygen.
 */
export function resolveKey(value: IrConst, type: IrType, types: IrTypeDef[], role: KeyRole): Uint8Array {
  const bundle = bundleFields(value, type, types);
  if (bundle && bundle[role].length === ROLE_SIZE[role]) return bundle[role];
  const raw = type.k === 'any' && isAnyBox(value) ? value.value : value;
  if (raw instanceof Uint8Array && raw.length === ROLE_SIZE[role]) return raw;
  return keysFromSeed(seedBytes(value, type, types))[role];
}

/**
 * A bundle as a value of the wanted type (§8.5.4): the bundle struct itself (fields matched
 * by name), bytes(4896) / bytes(2592) / bytes(1568) for one key, and the ML-DSA public key
 * where `bytes` or `any` is expected.
 */
export function bundleValue(bundle: KeyBundle, type: IrType, types: IrTypeDef[]): IrConst | undefined {
  switch (type.k) {
    case 'struct': {
      const def = types[type.id];
      if (!def || def.kind !== 'struct') return undefined;
      const byName: Record<string, Uint8Array> = {
        mldsa_sk: bundle.mldsaSk,
        mldsa_pk: bundle.mldsaPk,
        mlkem_ek: bundle.mlkemEk,
        mlkem_dk: bundle.mlkemDk,
      };
      if (!def.fields.every((f) => f.name in byName)) return undefined;
      return def.fields.map((f) => byName[f.name]!);
    }
    case 'bytesN':
      if (type.n === MLDSA_SK_BYTES) return bundle.mldsaSk;
      if (type.n === MLDSA_PK_BYTES) return bundle.mldsaPk;
      if (type.n === MLKEM_EK_BYTES) return bundle.mlkemEk;
      if (type.n === MLKEM_DK_BYTES) return bundle.mlkemDk;
      return undefined;
    case 'bytes':
      return bundle.mldsaPk;
    case 'any':
      return { any: { k: 'bytesN', n: MLDSA_PK_BYTES }, value: bundle.mldsaPk };
    default:
      return undefined;
  }
}
