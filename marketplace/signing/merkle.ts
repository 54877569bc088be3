import { sha3 } from '../core/bytes.ts';

const NODE_PREFIX = new Uint8Array([0x01]);

/**
 * Merkle root of MARKETPLACE.md §1.5: node = H(0x01 || L || R); an unpaired last node moves
 * up unchanged (no duplication); one leaf is the root. Zero leaves have no root.
 */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) throw new RangeError('a Merkle tree needs at least one leaf');
  let level = [...leaves];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? sha3(NODE_PREFIX, level[i]!, level[i + 1]!) : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}
