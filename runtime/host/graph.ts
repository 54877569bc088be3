/**
 * In-memory graph stores (LANGUAGE.md §9): `graph_add_edge(g, from, to, label)` stores an
 * edge whose id is sha3_256(from ‖ to ‖ label) over the canonical encodings, and
 * `graph_traverse(g, start, label, depth)` walks `label` edges breadth-first.
 * Nodes are identified by their canonical encoding; traversal returns each reached node
 * (the start excluded) once, in BFS order, as bytes(32): the node itself when it is 32
 * bytes, else the SHA3-256 of its encoding (specs/builtins.md).
 */
import { sha3_256 } from '@noble/hashes/sha3.js';

interface Edge {
  id: Uint8Array;
  to: Uint8Array;
  label: Uint8Array;
}

function key(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class GraphStore {
  private readonly out = new Map<string, Edge[]>();
  private readonly ids = new Set<string>();

  static edgeId(from: Uint8Array, to: Uint8Array, label: Uint8Array): Uint8Array {
    const buf = new Uint8Array(from.length + to.length + label.length);
    buf.set(from);
    buf.set(to, from.length);
    buf.set(label, from.length + to.length);
    return sha3_256(buf);
  }

  /** Adds the edge (idempotent: the same edge twice is stored once) and returns its id. */
  addEdge(from: Uint8Array, to: Uint8Array, label: Uint8Array): Uint8Array {
    const id = GraphStore.edgeId(from, to, label);
    const k = key(id);
    if (!this.ids.has(k)) {
      this.ids.add(k);
      const list = this.out.get(key(from)) ?? [];
      list.push({ id, to: new Uint8Array(to), label: new Uint8Array(label) });
      this.out.set(key(from), list);
    }
    return id;
  }

  get edgeCount(): number {
    return this.ids.size;
  }

  traverse(start: Uint8Array, label: Uint8Array, depth: number): Uint8Array[] {
    const seen = new Set<string>([key(start)]);
    const reached: Uint8Array[] = [];
    let frontier: Uint8Array[] = [start];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const next: Uint8Array[] = [];
      for (const node of frontier) {
        for (const e of this.out.get(key(node)) ?? []) {
          if (!sameBytes(e.label, label)) continue;
          const k = key(e.to);
          if (seen.has(k)) continue;
          seen.add(k);
          reached.push(e.to);
          next.push(e.to);
        }
      }
      frontier = next;
    }
    return reached.map((n) => (n.length === 32 ? n : sha3_256(n)));
  }
}
