/**
 * In-memory streams and stores (LANGUAGE.md §8.4.3–§8.4.4, §9 category S). One named
 * collection per stream/store: an ordered log (event streams, series) or a keyed table
 * (state streams, kv stores). `emit` applies the declared throttle as a token bucket on the
 * host clock, then appends; retention/ttl hide older entries; `merkle_chain` keeps a
 * SHA3-256 chain head. `| filter` stages ran in the compiled code before the host is called.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import type { IrConst, IrStream, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { encodeCanonical } from '../values/canonical.ts';
import { compareBytes } from '../values/equality.ts';
import type { HostClock } from './clock.ts';
import type { StreamRecord } from './types.ts';

export type CollectionKind = IrStream['kind'];

interface KeyedEntry extends StreamRecord {
  keyBytes: Uint8Array;
}

export type EmitListener = (record: StreamRecord, stream: string) => void;

function hexKey(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export function startsWith(b: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > b.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix[i]) return false;
  return true;
}

export class Collection {
  readonly log: StreamRecord[] = [];
  readonly table = new Map<string, KeyedEntry>();
  /** Token bucket credit in milli-tokens and the clock reading it was last refilled at. */
  private credit: number | undefined;
  private refilledAt = 0n;
  /** SHA3-256 chain head (32 zero bytes before the first record). */
  head: Uint8Array | undefined;
  accepted = 0;
  dropped = 0;

  constructor(
    readonly name: string,
    public kind: CollectionKind,
    public decl: IrStream | undefined,
  ) {
    if (decl?.merkleChain) this.head = new Uint8Array(32);
  }

  get keyed(): boolean {
    return this.kind === 'state' || this.kind === 'kv';
  }

  /**
   * Token bucket (§8.4.4): `burst` tokens at first, refilled at `perSecond` tokens per 1000 ms
   * of host clock (a rate may be fractional, e.g. 30/min), one token per record.
   */
  admit(now: bigint): boolean {
    const t = this.decl?.throttle;
    if (!t) return true;
    const capacity = Math.max(0, t.burst) * 1000;
    if (this.credit === undefined) this.credit = capacity;
    else if (now > this.refilledAt) {
      // Past a full refill the exact gap does not matter; cap it to keep the float exact.
      const gap = now - this.refilledAt;
      const elapsed = gap > 1_000_000_000n ? 1e9 : Number(gap);
      this.credit = Math.min(capacity, this.credit + elapsed * Math.max(0, t.perSecond));
    }
    if (now > this.refilledAt) this.refilledAt = now;
    // A hair of tolerance keeps rates like 0.1/s from missing a token to rounding.
    if (this.credit < 1000 - 1e-6) return false;
    this.credit = Math.max(0, this.credit - 1000);
    return true;
  }

  /** Drops entries older than the retention/ttl window (§8.4.4: `forever`/`none` never expire). */
  expire(now: bigint): void {
    const ms = this.decl?.retentionMs;
    if (ms === undefined || ms === null) return;
    const cutoff = now - BigInt(Math.floor(ms));
    if (this.keyed) {
      for (const [k, e] of this.table) if (e.at < cutoff) this.table.delete(k);
    } else {
      let drop = 0;
      while (drop < this.log.length && this.log[drop]!.at < cutoff) drop++;
      if (drop > 0) this.log.splice(0, drop);
    }
  }

  chain(value: IrConst, type: IrType, types: IrTypeDef[]): void {
    if (!this.head) return;
    const enc = encodeCanonical(value, type, types);
    const buf = new Uint8Array(32 + enc.length);
    buf.set(this.head);
    buf.set(enc, 32);
    this.head = sha3_256(buf);
  }

  append(record: StreamRecord, types: IrTypeDef[]): void {
    this.log.push(record);
    this.chain(record.value, record.type, types);
  }

  put(key: IrConst, keyType: IrType, value: IrConst, valueType: IrType, at: bigint, types: IrTypeDef[]): void {
    const keyBytes = encodeCanonical(key, keyType, types);
    this.table.set(hexKey(keyBytes), { at, key, keyType, keyBytes, value, type: valueType });
    this.chain(value, valueType, types);
  }

  get(key: IrConst, keyType: IrType, types: IrTypeDef[]): KeyedEntry | undefined {
    return this.table.get(hexKey(encodeCanonical(key, keyType, types)));
  }

  delete(key: IrConst, keyType: IrType, types: IrTypeDef[]): boolean {
    return this.table.delete(hexKey(encodeCanonical(key, keyType, types)));
  }

  /** Keyed entries in canonical key order (deterministic scans). */
  entries(): KeyedEntry[] {
    return [...this.table.values()].sort((a, b) => compareBytes(a.keyBytes, b.keyBytes));
  }

  /**
   * Whether the keyed table holds this collection's records: state/kv collections, and an
   * undeclared name that was only ever written with store_put.
   */
  get tabular(): boolean {
    return this.keyed || (this.log.length === 0 && this.table.size > 0);
  }

  /** Live records: the log in order, or the table in key order. */
  records(): StreamRecord[] {
    return this.tabular ? this.entries() : [...this.log];
  }
}

/** All named collections of one host, created from declarations or on first use. */
export class CollectionSet {
  private readonly byName = new Map<string, Collection>();
  private readonly listeners = new Map<string, EmitListener[]>();

  constructor(private readonly clock: HostClock) {}

  declare(streams: IrStream[]): void {
    for (const s of streams) {
      const existing = this.byName.get(s.name);
      if (existing) {
        existing.decl = s;
        existing.kind = s.kind;
        if (s.merkleChain && !existing.head) existing.head = new Uint8Array(32);
      } else this.byName.set(s.name, new Collection(s.name, s.kind, s));
    }
  }

  /** The collection, created with `kind` if undeclared. */
  get(name: string, kind: CollectionKind): Collection {
    let c = this.byName.get(name);
    if (!c) {
      c = new Collection(name, kind, undefined);
      this.byName.set(name, c);
    }
    c.expire(this.clock.now());
    return c;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** Live records of a stream or store (tests inspect sinks this way). */
  records(name: string): StreamRecord[] {
    const c = this.byName.get(name);
    if (!c) return [];
    c.expire(this.clock.now());
    return c.records();
  }

  /** Merkle chain head of a `merkle_chain` stream (recorded in the witness), else undefined. */
  head(name: string): Uint8Array | undefined {
    const h = this.byName.get(name)?.head;
    return h ? new Uint8Array(h) : undefined;
  }

  stats(name: string): { accepted: number; dropped: number } {
    const c = this.byName.get(name);
    return { accepted: c?.accepted ?? 0, dropped: c?.dropped ?? 0 };
  }

  /** Subscribes a sink to a stream's accepted records; returns an unsubscribe function. */
  onEmit(name: string, listener: EmitListener): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener);
    this.listeners.set(name, list);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  notify(name: string, record: StreamRecord): void {
    for (const l of this.listeners.get(name) ?? []) l(record, name);
    for (const l of this.listeners.get('*') ?? []) l(record, name);
  }

}
