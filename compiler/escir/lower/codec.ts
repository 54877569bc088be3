/**
 * `pack`, `unpack` and `call` (ESCIR.md §5.2 "new" operators).
 *
 * A `layout[{expr, bits, endian}]` is a bit stream written most significant bit first, in
 * list order. Entries are grouped into chunks of whole bytes (at most 64 bits each); a
 * chunk is big-endian unless it is a single entry marked `endian: little`, whose bytes are
 * then reversed. `pack` evaluates each entry's `expr` over `in` and masks it to `bits`;
 * `unpack` reads the same layout from `bytes(N)` into the fields of `type`, an entry naming
 * its field with `field` (or `name`, or `expr`). `call` calls a declared extern — a host
 * import the runtime provides (tests: `mock`).
 */
import type { IrExpr } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import type { TypedBody } from '../graph/analyze.ts';
import type { EscirModel, NodeModel } from '../model.ts';
import type { EType } from '../types/etype.ts';
import { zeroValue } from '../types/literals.ts';
import { get, intValue, items, str } from '../yaml/tree.ts';
import { bin, c, convert, index, some, struct, type FnBuilder } from './builder.ts';
import { LoweringError } from './errors.ts';
import { lowerExpr, lowerStmts, type ExprLowerEnv } from './expr.ts';
import type { IrTypes } from './ir-types.ts';

export interface LayoutEntry {
  bits: number;
  little: boolean;
  /** unpack: the destination field. */
  field?: string;
  index: number;
}

/** The layout entries grouped into byte-aligned chunks (ESCIR.md §5.2 `layout`). */
export function layoutChunks(n: NodeModel): LayoutEntry[][] {
  const entries: LayoutEntry[] = items(n.params.get('layout')).map((l, i) => {
    const bits = Number(intValue(get(l, 'bits')) ?? 0n);
    const endian = str(get(l, 'endian')) ?? 'big';
    const f = str(get(l, 'field')) ?? str(get(l, 'name')) ?? str(get(l, 'expr'));
    return { bits, little: endian === 'little' || endian === 'le', index: i, ...(f !== undefined ? { field: f } : {}) };
  });
  const chunks: LayoutEntry[][] = [];
  let cur: LayoutEntry[] = [];
  let bits = 0;
  for (const e of entries) {
    if (e.bits < 1 || e.bits > 64) throw new LoweringError(`layout entry ${e.index} of \`${n.id}\` has ${e.bits} bits; an entry holds 1 to 64`);
    cur.push(e);
    bits += e.bits;
    if (bits > 64) throw new LoweringError(`layout of \`${n.id}\`: entries ${cur[0]!.index}–${e.index} straddle more than 64 bits before a byte boundary`);
    if (bits % 8 === 0) {
      chunks.push(cur);
      cur = [];
      bits = 0;
    }
  }
  if (cur.length) throw new LoweringError(`layout of \`${n.id}\` ends ${bits} bits past a byte boundary; pad it to whole bytes`);
  for (const ch of chunks) if (ch.some((e) => e.little) && !(ch.length === 1 && ch[0]!.bits % 8 === 0)) throw new LoweringError(`layout entry ${ch.find((e) => e.little)!.index} of \`${n.id}\`: \`endian: little\` needs a whole-byte entry`);
  return chunks;
}

const mask = (bits: number) => (bits >= 64 ? (1n << 64n) - 1n : (1n << BigInt(bits)) - 1n);

/** `pack`: the layout's bytes from the entries' values over `in`. */
export function lowerPack(fn: FnBuilder, envOf: (tb: TypedBody) => ExprLowerEnv, n: NodeModel, bodies: (key: string) => TypedBody | undefined): IrExpr {
  const bytes: IrExpr[] = [];
  for (const chunk of layoutChunks(n)) {
    const total = chunk.reduce((s, e) => s + e.bits, 0);
    const acc = fn.let('acc', c(0n, T.u64));
    for (const e of chunk) {
      const tb = bodies(`layout.${e.index}`);
      if (!tb?.value) throw new LoweringError(`layout entry ${e.index} of \`${n.id}\` has no executable \`expr\``);
      const env = envOf(tb);
      lowerStmts(env, tb.stmts);
      let v = lowerExpr(env, tb.value);
      if (v.type.k === 'bool') v = convert('bool_int', v, T.u64);
      else if (v.type.k === 'enum') v = convert('enum_int', v, T.u64);
      else if (v.type.k === 'int' && !(v.type.bits === 64 && !v.type.signed)) v = convert('int', v, T.u64);
      const shifted = e.bits >= 64 ? c(0n, T.u64) : bin('shl', fn.get(acc), c(BigInt(e.bits), T.u64));
      fn.set(acc, bin('or', shifted, bin('and', v, c(mask(e.bits), T.u64))));
    }
    const k = total / 8;
    const order = Array.from({ length: k }, (_, i) => i);
    if (chunk.length === 1 && chunk[0]!.little) order.reverse();
    for (const i of order) bytes.push(convert('int', bin('shr', fn.get(acc), c(BigInt(8 * (k - 1 - i)), T.u64)), T.u8));
  }
  return convert('list_bytes', { e: 'list', elems: bytes, type: { k: 'array', elem: T.u8, n: bytes.length } }, T.bytesN(bytes.length));
}

/** `unpack`: the fields of `type` read from `bytes(N)`. */
export function lowerUnpack(fn: FnBuilder, model: EscirModel, types: IrTypes, n: NodeModel, input: IrExpr, inType: EType, outType: EType): IrExpr {
  if (outType.k !== 'struct') throw new LoweringError(`\`unpack\` \`${n.id}\` needs a struct \`type\``);
  if (inType.k !== 'bytes') throw new LoweringError(`\`unpack\` \`${n.id}\` reads bytes(N), not the value wired to \`in\``);
  const decl = model.types.struct(outType.name)!;
  const values = new Map<string, IrExpr>();
  let offset = 0;
  for (const chunk of layoutChunks(n)) {
    const total = chunk.reduce((s, e) => s + e.bits, 0);
    const k = total / 8;
    if (offset + k > inType.n) throw new LoweringError(`layout of \`${n.id}\` reads ${offset + k} bytes from bytes(${inType.n})`);
    const order = Array.from({ length: k }, (_, i) => i);
    if (chunk.length === 1 && chunk[0]!.little) order.reverse();
    const acc = fn.let('acc', c(0n, T.u64));
    for (const i of order) fn.set(acc, bin('or', bin('shl', fn.get(acc), c(8n, T.u64)), convert('int', index(input, c(BigInt(offset + i), T.u64), T.u8), T.u64)));
    let used = 0;
    for (const e of chunk) {
      used += e.bits;
      if (!e.field) continue;
      const fi = decl.fields.findIndex((f) => f.name === e.field);
      if (fi < 0) throw new LoweringError(`layout entry ${e.index} of \`${n.id}\` names \`${e.field}\`, which ${decl.name} does not have`);
      const ft = decl.fields[fi]!.type;
      const raw = bin('and', bin('shr', fn.get(acc), c(BigInt(total - used), T.u64)), c(mask(e.bits), T.u64));
      const irT = types.of(ft);
      const v = ft.k === 'bool' ? bin('ne', raw, c(0n, T.u64)) : ft.k === 'enum' ? convert('int_enum', raw, irT) : ft.k === 'int' ? convert('int', raw, irT) : undefined;
      if (!v) throw new LoweringError(`layout entry ${e.index} of \`${n.id}\`: field \`${e.field}\` is ${ft.k}; entries fill integers, bools or enums`);
      values.set(e.field, v);
    }
    offset += k;
  }
  const fields = decl.fields.map((f) => values.get(f.name) ?? c(zeroValue(f.type, model.types), types.of(f.type)));
  return struct(types.of(outType), fields);
}

/** `call`: the extern as a host import, with the node's parameter ports as arguments. */
export function lowerCall(model: EscirModel, types: IrTypes, n: NodeModel, args: Map<string, IrExpr>): IrExpr {
  const name = str(n.params.get('fn'))!;
  const ext = model.externs.get(name);
  if (!ext) throw new LoweringError(`\`call\` names \`${name}\`, which is not a declared extern`);
  const values = ext.params.map((p) => {
    const v = args.get(p.name);
    if (!v) throw new LoweringError(`\`call\` \`${n.id}\` needs its parameter \`${p.name}\` wired`);
    return v;
  });
  return some({ e: 'host', name, args: values, type: types.of(ext.result) });
}
