/**
 * The crypto result types the checker types builtins with (LANGUAGE.md §8.5): the key bundle
 * `test_keygen` returns and the `{ ciphertext, shared_secret }` of `mlkem_encaps`. The runtime
 * library registers the same definitions (runtime/builtins/keys.ts), so names, field order and
 * sizes must stay identical.
 */
import type { IrType } from '../ir/ir.ts';
import { T, type TypeTable } from './type-table.ts';

export const KEY_BUNDLE_FIELDS = [
  { name: 'mldsa_sk', type: T.bytesN(4896) },
  { name: 'mldsa_pk', type: T.bytesN(2592) },
  { name: 'mlkem_ek', type: T.bytesN(1568) },
  { name: 'mlkem_dk', type: T.bytesN(3168) },
];

export const ENCAPSULATION_FIELDS = [
  { name: 'ciphertext', type: T.bytesN(1568) },
  { name: 'shared_secret', type: T.bytesN(32) },
];

export function registerCryptoTypes(types: TypeTable): { keyBundle: IrType; encapsulation: IrType } {
  const kb = types.reserveStruct('KeyBundle');
  types.setStructFields(kb, KEY_BUNDLE_FIELDS.map((f) => ({ ...f })));
  const enc = types.reserveStruct('MlKemEncapsulation');
  types.setStructFields(enc, ENCAPSULATION_FIELDS.map((f) => ({ ...f })));
  return { keyBundle: { k: 'struct', id: kb }, encapsulation: { k: 'struct', id: enc } };
}
