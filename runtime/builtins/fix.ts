/**
 * Category F builtins: FIX tag=value<SOH> helpers (LANGUAGE.md §9; framing facts from
 * PROTOCOLS.md §2.2). Every reader works on raw[0..len] (len clamped to the buffer), finds
 * fields only at field starts (so tag 10 never matches inside `110=`), and returns empty or
 * 0 on anything malformed rather than trapping.
 */
import type { IrConst, IrType } from '../../compiler/ir/ir.ts';
import { argBytes, argInt, argValue, bytesResult, defineBuiltin, trap, type BuiltinContext } from './registry.ts';
import { intRange } from '../values/types.ts';

export const SOH = 0x01;
const EQ = 0x3d;
const utf8 = new TextEncoder();

function region(raw: Uint8Array, len: bigint): number {
  return len < 0n ? 0 : Number(len > BigInt(raw.length) ? BigInt(raw.length) : len);
}

export interface FixField {
  tag: number;
  /** Offset of the tag's first digit. */
  start: number;
  valueStart: number;
  valueEnd: number;
}

/** The well-formed `tag=value` fields of raw[0..end), in order. */
export function fixFields(raw: Uint8Array, end: number): FixField[] {
  const fields: FixField[] = [];
  let pos = 0;
  while (pos < end) {
    let soh = raw.indexOf(SOH, pos);
    if (soh < 0 || soh > end) soh = end;
    let i = pos;
    let tag = 0;
    while (i < soh && raw[i]! >= 0x30 && raw[i]! <= 0x39 && tag < 1e9) tag = tag * 10 + (raw[i++]! - 0x30);
    if (i > pos && i < soh && raw[i] === EQ) fields.push({ tag, start: pos, valueStart: i + 1, valueEnd: soh });
    pos = soh + 1;
  }
  return fields;
}

export function findFixValue(raw: Uint8Array, tag: bigint, len: bigint): Uint8Array {
  const end = region(raw, len);
  const f = fixFields(raw, end).find((x) => BigInt(x.tag) === tag);
  return f ? raw.slice(f.valueStart, f.valueEnd) : new Uint8Array(0);
}

/** The integer part of a FIX value (`175.00` → 175, `-3` → −3); 0 without leading digits; clamped to the type. */
export function fixInteger(value: Uint8Array, bits: number, signed: boolean): bigint {
  let i = 0;
  let neg = false;
  if (signed && value[0] === 0x2d) {
    neg = true;
    i = 1;
  }
  let n = 0n;
  let any = false;
  while (i < value.length && value[i]! >= 0x30 && value[i]! <= 0x39) {
    n = n * 10n + BigInt(value[i++]! - 0x30);
    any = true;
  }
  if (!any) return 0n;
  if (neg) n = -n;
  const r = intRange(bits, signed);
  return n > r.max ? r.max : n < r.min ? r.min : n;
}

/** `YYYYMMDD-HH:MM:SS[.sss]` (UTC) → ms since the epoch; 0 when malformed. */
export function parseFixTimestamp(value: Uint8Array): bigint {
  const s = new TextDecoder().decode(value);
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(s);
  if (!m) return 0n;
  const [, y, mo, d, h, mi, se, frac] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(se) > 60) return 0n;
  const ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(se), frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
  return Number.isFinite(ms) && ms >= 0 ? BigInt(ms) : 0n;
}

export function formatFixTimestamp(ms: bigint): string {
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return '19700101-00:00:00.000';
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

/** The byte sum of raw[0..end) up to the start of the `10=` field (or all of it), mod 256. */
export function fixChecksum(raw: Uint8Array, end: number): number {
  const trailer = fixFields(raw, end).find((f) => f.tag === 10);
  const stop = trailer ? trailer.start : end;
  let sum = 0;
  for (let i = 0; i < stop; i++) sum += raw[i]!;
  return sum % 256;
}

function resultBits(ctx: BuiltinContext, bits: number): { bits: number; signed: boolean } {
  return ctx.resultType.k === 'int' ? { bits: ctx.resultType.bits, signed: ctx.resultType.signed } : { bits, signed: false };
}

defineBuiltin('extract_fix_tag', 3, 3, (args, ctx) =>
  bytesResult(findFixValue(argBytes(args, ctx, 0), argInt(args, ctx, 1), argInt(args, ctx, 2)), ctx),
);

function integerExtractor(name: string, bits: number): void {
  defineBuiltin(name, 3, 3, (args, ctx) => {
    const t = resultBits(ctx, bits);
    return fixInteger(findFixValue(argBytes(args, ctx, 0), argInt(args, ctx, 1), argInt(args, ctx, 2)), t.bits, t.signed);
  });
}
integerExtractor('extract_fix_u32', 32);
integerExtractor('extract_fix_u64', 64);
integerExtractor('extract_fix_seq', 64);

defineBuiltin('extract_fix_timestamp', 3, 3, (args, ctx) =>
  parseFixTimestamp(findFixValue(argBytes(args, ctx, 0), argInt(args, ctx, 1), argInt(args, ctx, 2))),
);

defineBuiltin('extract_fix_checksum', 2, 2, (args, ctx) =>
  fixInteger(findFixValue(argBytes(args, ctx, 0), 10n, argInt(args, ctx, 1)), 32, false),
);

defineBuiltin('compute_fix_checksum', 2, 2, (args, ctx) => {
  const raw = argBytes(args, ctx, 0);
  return BigInt(fixChecksum(raw, region(raw, argInt(args, ctx, 1))));
});

defineBuiltin('count_fix_fields', 2, 2, (args, ctx) => {
  const raw = argBytes(args, ctx, 0);
  const end = region(raw, argInt(args, ctx, 1));
  let n = 0n;
  for (let i = 0; i < end; i++) if (raw[i] === SOH) n++;
  return n;
});

// Side 1 ↔ 0 buy, 2 ↔ 1 sell; order type 1–4 → 0–3; time in force 0, 1, 3, 4 → 0–3 (§9).
function mapping(name: string, table: Map<bigint, bigint>, otherwise: bigint): void {
  defineBuiltin(name, 1, 1, (args, ctx) => table.get(argInt(args, ctx, 0)) ?? otherwise);
}
mapping('fix_side_to_data', new Map([[1n, 0n], [2n, 1n]]), 255n);
mapping('data_side_to_fix', new Map([[0n, 1n], [1n, 2n]]), 0n);
mapping('fix_ordtype_to_data', new Map([[1n, 0n], [2n, 1n], [3n, 2n], [4n, 3n]]), 255n);
mapping('fix_tif_to_data', new Map([[0n, 0n], [1n, 1n], [3n, 2n], [4n, 3n]]), 255n);

/** The text of one build_fix_message argument (specs/builtins.md). */
function fieldText(value: IrConst, type: IrType, role: 'msgType' | 'timestamp' | 'plain'): Uint8Array {
  if (value instanceof Uint8Array) {
    let end = value.length;
    while (end > 0 && value[end - 1] === 0) end--; // zero padding of bytes(N) is not text
    return value.slice(0, end);
  }
  if (typeof value === 'string') return utf8.encode(value);
  if (typeof value === 'boolean') return utf8.encode(value ? 'Y' : 'N');
  if (typeof value === 'number') return utf8.encode(String(value));
  if (typeof value === 'bigint') {
    // A one-byte message type at or above '0' is a character code ('D' = 0x44); below, a digit (8 → "8").
    if (role === 'msgType' && type.k === 'int' && type.bits === 8 && value >= 0x30n && value < 0x7fn) {
      return Uint8Array.of(Number(value));
    }
    if (role === 'timestamp') return utf8.encode(formatFixTimestamp(value));
    return utf8.encode(value.toString());
  }
  return new Uint8Array(0);
}

export const FIX_MESSAGE_BYTES = 8192;
const BUILD_TAGS = [35, 49, 56, 34, 37, 17, 55, 54, 38, 44, 52] as const;

defineBuiltin('build_fix_message', 11, 11, (args, ctx) => {
  const body: number[] = [];
  BUILD_TAGS.forEach((tag, i) => {
    const { value, type } = argValue(args, ctx, i);
    const text = fieldText(value, type, i === 0 ? 'msgType' : tag === 52 ? 'timestamp' : 'plain');
    body.push(...utf8.encode(`${tag}=`), ...text, SOH);
  });
  const head = utf8.encode(`8=FIX.4.2\x019=${body.length}\x01`);
  let sum = 0;
  for (const b of head) sum += b;
  for (const b of body) sum += b;
  const trailer = utf8.encode(`10=${String(sum % 256).padStart(3, '0')}\x01`);
  const total = head.length + body.length + trailer.length;
  const size = ctx.resultType.k === 'bytesN' ? ctx.resultType.n : FIX_MESSAGE_BYTES;
  if (total > size) trap('conversion', `build_fix_message: the message needs ${total} bytes, more than bytes(${size})`);
  const out = new Uint8Array(size);
  out.set(head);
  out.set(body, head.length);
  out.set(trailer, head.length + body.length);
  return out;
});
