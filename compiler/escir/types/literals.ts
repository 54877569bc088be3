/**
 * YAML literals → IR constants for a known ESCIR type (ESCIR.md §4 "Encodings"), with E041
 * (or the test-value code the caller chooses) when a literal does not fit.
 *   bytes(N): N ints, "0x" + 2N hex digits, or {repeat: b, count: N}
 *   string(N): at most N UTF-8 bytes          datetime: int ns or an RFC 3339 string
 *   struct: mapping of fields (missing ones take defaults, else zero)   enum: variant name or value
 */
import type { IrConst } from '../../ir/ir.ts';
import type { EscirReporter } from '../diagnostics.ts';
import { get, intValue, isMap, isScalar, isSeq, numberValue, type YNode } from '../yaml/tree.ts';
import { intRange, typeName, type EType, type StructDecl } from './etype.ts';
import type { TypeTable } from './type-table.ts';

export interface LiteralOptions {
  /** Code reported when the literal does not fit (E041 for declarations, E071 for test values). */
  code: 'E041' | 'E071';
  legacy: boolean;
  /** Struct literal may list only some fields (test expectations). */
  partial?: boolean;
}

/** Marker for "field not listed" in partial struct literals (expectations compare listed fields only). */
export const UNLISTED = Symbol('unlisted');

const REPEAT_STRING = /^\s*\[?\s*(0x[0-9A-Fa-f]+|[0-9]+)\s*;\s*([0-9]+)\s*\]?\s*$/;

export class LiteralChecker {
  constructor(
    private readonly table: TypeTable,
    private readonly r: EscirReporter,
  ) {}

  check(node: YNode, type: EType, opts: LiteralOptions): IrConst | undefined {
    const bad = (msg: string, at: YNode = node): undefined => {
      this.r.error(opts.code, msg, at);
      return undefined;
    };
    if (isScalar(node) && typeof node.value === 'string' && /\{\{[A-Z0-9_]+\}\}/.test(node.value)) return undefined; // template placeholder
    switch (type.k) {
      case 'unknown':
      case 'stream':
        return undefined;
      case 'unit':
        return true;
      case 'bool':
        if (isScalar(node) && typeof node.value === 'boolean') return node.value;
        return bad(`expected a bool, found ${show(node)}`);
      case 'int': {
        let v = intValue(node);
        if (v === undefined && type.datetime && isScalar(node) && typeof node.value === 'string') {
          const ns = parseRfc3339(node.value);
          if (ns === undefined) return bad(`expected a datetime (integer nanoseconds or RFC 3339), found ${show(node)}`);
          v = ns;
        }
        if (v === undefined && isScalar(node) && typeof node.value === 'string' && /^-?(0x[0-9A-Fa-f]+|[0-9]+)$/.test(node.value.trim())) {
          v = node.value.trim().startsWith('-') ? -BigInt(node.value.trim().slice(1)) : BigInt(node.value.trim());
        }
        if (v === undefined) return bad(`expected ${typeName(type)}, found ${show(node)}`);
        const [lo, hi] = intRange(type.bits, type.signed);
        if (v < lo || v > hi) return bad(`${v} does not fit ${typeName(type)} (${lo}..${hi})`);
        return v;
      }
      case 'float': {
        const v = numberValue(node);
        if (v === undefined) return bad(`expected ${typeName(type)}, found ${show(node)}`);
        return type.bits === 32 ? Math.fround(v) : v;
      }
      case 'bytes':
        return this.bytes(node, type.n, opts, bad);
      case 'string': {
        if (!isScalar(node) || typeof node.value !== 'string') return bad(`expected a string of at most ${type.n} bytes, found ${show(node)}`);
        const len = Buffer.byteLength(node.value, 'utf8');
        if (len > type.n) return bad(`string is ${len} UTF-8 bytes; string(${type.n}) holds at most ${type.n}`);
        return node.value;
      }
      case 'array': {
        if (isMap(node) && get(node, 'repeat') !== undefined) {
          const count = intValue(get(node, 'count'));
          if (count !== BigInt(type.n)) return bad(`repeat count must be ${type.n}`);
          const one = this.check(get(node, 'repeat')!, type.elem, opts);
          return one === undefined ? undefined : Array.from({ length: type.n }, () => one);
        }
        if (!isSeq(node)) return bad(`expected a list of ${type.n} ${typeName(type.elem)}, found ${show(node)}`);
        if (node.items.length !== type.n) return bad(`expected ${type.n} elements, found ${node.items.length}`);
        const out: IrConst[] = [];
        for (const it of node.items) {
          const v = this.check(it, type.elem, opts);
          if (v === undefined) return undefined;
          out.push(v);
        }
        return out;
      }
      case 'option':
        if (isScalar(node) && node.value === null) return null;
        {
          const v = this.check(node, type.inner, opts);
          return v === undefined ? undefined : { some: v };
        }
      case 'enum': {
        const decl = this.table.declaration(type.name);
        if (decl?.kind !== 'enum') return undefined;
        if (isScalar(node) && typeof node.value === 'string') {
          const name = node.value.includes('::') ? node.value.split('::')[1]! : node.value;
          const v = decl.variants.find((x) => x.name === name);
          if (!v) return bad(`\`${node.value}\` is not a value of enum ${type.name} (${decl.variants.map((x) => x.name).join(', ')})`);
          return v.value;
        }
        const iv = intValue(node);
        if (iv !== undefined && decl.variants.some((x) => x.value === iv)) return iv;
        return bad(`expected a value of enum ${type.name}, found ${show(node)}`);
      }
      case 'struct': {
        const decl = this.table.struct(type.name);
        if (!decl) return undefined;
        return this.struct(node, decl, opts, bad);
      }
      case 'union': {
        const decl = this.table.declaration(type.name);
        if (decl?.kind !== 'union' || !isMap(node)) return bad(`expected a mapping for union ${type.name}`);
        // `{Variant: {...}}` or `{<discriminant>: Variant, ...fields}`.
        let variantName: string | undefined;
        let body: YNode | undefined;
        const disc = get(node, decl.discriminant);
        if (isScalar(disc) && (typeof disc.value === 'string' || typeof disc.value === 'bigint')) {
          // The tag by name or by value; the payload inline or under the variant's name.
          const dv = disc.value;
          variantName = typeof dv === 'string' ? dv : decl.variants.find((v) => v.value === dv)?.name;
          const nested = variantName !== undefined ? get(node, variantName) : undefined;
          body = isMap(nested) && node.entries.length === 2 ? nested : node;
        } else if (node.entries.length === 1) {
          variantName = node.entries[0]!.key;
          body = node.entries[0]!.value;
        }
        const variant = decl.variants.find((v) => v.name === variantName);
        if (!variant || !body) return bad(`expected one variant of union ${type.name} (${decl.variants.map((v) => v.name).join(', ')})`);
        const values: IrConst[] = [variant.value];
        for (const v of decl.variants) {
          if (v === variant) {
            const sd = v.type.k === 'struct' ? this.table.struct(v.type.name) : undefined;
            const val = sd ? this.struct(body, sd, opts, bad, decl.discriminant) : undefined;
            if (val === undefined) return undefined;
            values.push(val);
          } else values.push(zeroValue(v.type, this.table));
        }
        return values;
      }
    }
  }

  private struct(node: YNode, decl: StructDecl, opts: LiteralOptions, bad: (m: string, at?: YNode) => undefined, skipKey?: string): IrConst | undefined {
    if (!isMap(node)) return bad(`expected a mapping for struct ${decl.name}, found ${show(node)}`);
    for (const e of node.entries) {
      if (e.key === skipKey) continue;
      if (!decl.fields.some((f) => f.name === e.key)) {
        this.r.error(opts.code, `struct ${decl.name} has no field \`${e.key}\``, e.keyNode);
        return undefined;
      }
    }
    const out: (IrConst | typeof UNLISTED)[] = [];
    for (const f of decl.fields) {
      const v = get(node, f.name);
      if (v === undefined) {
        if (opts.partial) out.push(UNLISTED);
        else out.push(f.hasDefault ? (this.check(f.defaultValue as YNode, f.type, { ...opts, code: 'E041' }) ?? zeroValue(f.type, this.table)) : zeroValue(f.type, this.table));
        continue;
      }
      const c = this.check(v, f.type, opts);
      if (c === undefined) return undefined;
      out.push(c);
    }
    return out as IrConst;
  }

  private bytes(node: YNode, n: number, opts: LiteralOptions, bad: (m: string, at?: YNode) => undefined): IrConst | undefined {
    if (isSeq(node)) {
      if (node.items.length === 1 && isScalar(node.items[0]) && typeof node.items[0].value === 'string' && REPEAT_STRING.test(node.items[0].value)) {
        return this.repeatString(node.items[0].value, node, n, opts, bad);
      }
      if (node.items.length !== n) return bad(`bytes(${n}) needs exactly ${n} bytes, found ${node.items.length}`);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = intValue(node.items[i]);
        if (v === undefined || v < 0n || v > 255n) return bad(`byte ${i} must be an integer 0..255`, node.items[i]);
        out[i] = Number(v);
      }
      return out;
    }
    if (isMap(node)) {
      const rep = intValue(get(node, 'repeat'));
      const count = intValue(get(node, 'count'));
      if (rep === undefined || count === undefined || rep < 0n || rep > 255n) return bad('`{repeat, count}` needs a byte 0..255 and a count');
      if (count !== BigInt(n)) return bad(`repeat count ${count} does not match bytes(${n})`);
      return new Uint8Array(n).fill(Number(rep));
    }
    if (isScalar(node) && typeof node.value === 'string') {
      const s = node.value;
      if (REPEAT_STRING.test(s)) return this.repeatString(s, node, n, opts, bad);
      if (/^0x[0-9A-Fa-f]*$/.test(s)) {
        const hex = s.slice(2);
        if (hex.length !== 2 * n) return bad(`bytes(${n}) needs "0x" and ${2 * n} hex digits, found ${hex.length}`);
        return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
      }
    }
    if (isScalar(node) && typeof node.value === 'bigint' && n <= 16) {
      // `0x..` is an int in YAML 1.2: accept it as the big-endian bytes when it fits.
      const v = node.value;
      if (v >= 0n && v < 1n << BigInt(8 * n)) {
        const text = this.r.file.text.slice(node.start, node.end);
        if (/^0x[0-9A-Fa-f]+$/.test(text) && text.length - 2 === 2 * n) {
          const out = new Uint8Array(n);
          for (let i = 0; i < n; i++) out[i] = Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn);
          return out;
        }
      }
    }
    return bad(`expected bytes(${n}): ${n} integers, "0x" + ${2 * n} hex digits, or {repeat, count}; found ${show(node)}`);
  }

  /** `"[0x05; 32]"` is one YAML string, not an array: a legacy test habit (ESCIR.md §9 W071). */
  private repeatString(s: string, node: YNode, n: number, opts: LiteralOptions, bad: (m: string, at?: YNode) => undefined): IrConst | undefined {
    const m = REPEAT_STRING.exec(s)!;
    const byte = BigInt(m[1]!);
    const count = Number(m[2]!);
    if (!opts.legacy) return bad(`\`${s.trim()}\` is a single string, not a byte array; write {repeat: ${m[1]}, count: ${count}}`);
    this.r.warning('W071', `\`${s.trim()}\` is a string; read as ${count} bytes of ${m[1]}`, node, { hint: `write {repeat: ${m[1]}, count: ${count}}` });
    if (count !== n || byte > 255n) return bad(`repeat count ${count} does not match bytes(${n})`);
    return new Uint8Array(n).fill(Number(byte));
  }
}

function show(node: YNode): string {
  if (isScalar(node)) return node.value === null ? 'null' : typeof node.value === 'string' ? `"${node.value.length > 40 ? node.value.slice(0, 40) + '…' : node.value}"` : String(node.value);
  return isSeq(node) ? `a list of ${node.items.length}` : 'a mapping';
}

/** Nanoseconds since the epoch of an RFC 3339 timestamp, keeping sub-millisecond digits. */
export function parseRfc3339(s: string): bigint | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, frac, tz] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (Number.isNaN(ms)) return undefined;
  let offsetMin = 0;
  if (tz && tz !== 'Z' && tz !== 'z') {
    const sign = tz[0] === '-' ? -1 : 1;
    offsetMin = sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6)));
  }
  const nsFrac = BigInt((frac ?? '').padEnd(9, '0') || '0');
  return (BigInt(ms) - BigInt(offsetMin) * 60_000n) * 1_000_000n + nsFrac;
}

/** RFC 3339 text of a nanosecond timestamp (for datetime comparisons in test vectors). */
export function formatRfc3339(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const rest = ns % 1_000_000_000n;
  const iso = new Date(Number(ms)).toISOString().slice(0, 19);
  return rest === 0n ? `${iso}Z` : `${iso}.${rest.toString().padStart(9, '0').replace(/0+$/, '')}Z`;
}

/** The all-zero value of a type (the initial value of registers, absent struct fields). */
export function zeroValue(type: EType, table: TypeTable): IrConst {
  switch (type.k) {
    case 'int':
      return 0n;
    case 'float':
      return 0;
    case 'bool':
    case 'unit':
      return false;
    case 'bytes':
      return new Uint8Array(type.n);
    case 'string':
      return '';
    case 'array':
      return Array.from({ length: type.n }, () => zeroValue(type.elem, table));
    case 'option':
      return null;
    case 'enum': {
      const d = table.declaration(type.name);
      return d?.kind === 'enum' && d.variants.length > 0 ? d.variants[0]!.value : 0n;
    }
    case 'struct': {
      const d = table.struct(type.name);
      return d ? d.fields.map((f) => zeroValue(f.type, table)) : [];
    }
    case 'union': {
      const d = table.declaration(type.name);
      if (d?.kind !== 'union') return [];
      return [d.variants[0]?.value ?? 0n, ...d.variants.map((v) => zeroValue(v.type, table))];
    }
    default:
      return null;
  }
}
