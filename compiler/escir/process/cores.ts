/**
 * Core slots of process components (ESCIR.md §3.3 `uses`): their state, the methods process
 * code may call on them, the methods' types, and their IR. The names are the ones legacy
 * code uses; their meaning is fixed here (specs/escir.md §11 "Cores"):
 *
 *   CharacterClassifier  stateless byte classes for tokenizers
 *   FNV1aHasher          FNV-1a-32 with a stack of saved hashes (incremental XPath hashing, §7)
 *   SHA3_256             an absorbing SHA3-256
 *   SchemaROM            the ROM of a `memory` component (`lookup(h)` → row, `valid = false` on a miss)
 */
import type { IrConst, IrExpr, IrType } from '../../ir/ir.ts';
import { T } from '../../ir/ir.ts';
import { and, bin, builtin, c, cond, convert, field, index, or, TRUE, type FnBuilder } from '../lower/builder.ts';
import { ET, type EType } from '../types/etype.ts';

export const FNV_BASIS = 0x811c9dc5n;
export const FNV_PRIME = 0x01000193n;
/** Saved hashes an FNV1aHasher holds (XML depth ≤ 16 in PROTOCOLS.md §1.4, with room). */
export const FNV_STACK = 32;

/** Core slot types and the methods ESCIR code calls on them. */
export const CORE_METHODS: Record<string, string[]> = {
  CharacterClassifier: ['classify', 'class_of', 'is_whitespace', 'is_name_start', 'is_name_char', 'is_digit', 'is_alpha', 'is_delimiter'],
  FNV1aHasher: ['reset', 'init', 'update', 'feed', 'push', 'pop', 'finish', 'digest', 'hash', 'value', 'current', 'push_segment', 'pop_segment', 'depth'],
  SHA3_256: ['reset', 'init', 'update', 'absorb', 'finalize', 'finish', 'digest', 'squeeze', 'hash'],
  SchemaROM: ['lookup', 'read', 'get', 'contains'],
};

/** What a method takes and gives: `bytes-like` arguments accept integers, bytes and strings. */
export interface CoreSignature {
  params: (EType | 'bytes-like')[];
  /** Optional trailing parameters (`hash()` / `hash(x)`). */
  optional?: number;
  result: EType;
}

const BYTE = ET.u8;
const B32: EType = { k: 'bytes', n: 32 };

export function coreSignature(core: string, method: string, rowType: EType): CoreSignature | undefined {
  switch (core) {
    case 'CharacterClassifier':
      return { params: [BYTE], result: method === 'classify' || method === 'class_of' ? BYTE : ET.bool };
    case 'FNV1aHasher':
      switch (method) {
        case 'update':
        case 'feed':
          return { params: ['bytes-like'], result: ET.u32 };
        case 'push':
        case 'push_segment':
          return method === 'push' ? { params: ['bytes-like'], optional: 1, result: ET.u32 } : { params: ['bytes-like'], result: ET.u32 };
        case 'hash':
          return { params: ['bytes-like'], optional: 1, result: ET.u32 };
        case 'depth':
          return { params: [], result: ET.u32 };
        default:
          return { params: [], result: ET.u32 };
      }
    case 'SHA3_256':
      switch (method) {
        case 'update':
        case 'absorb':
          return { params: ['bytes-like'], result: ET.bool };
        case 'reset':
        case 'init':
          return { params: [], result: ET.bool };
        case 'hash':
          return { params: ['bytes-like'], optional: 1, result: B32 };
        default:
          return { params: [], result: B32 };
      }
    case 'SchemaROM':
      return { params: [ET.u32], result: method === 'contains' ? ET.bool : rowType };
    default:
      return undefined;
  }
}

/** The IR state of a slot: its fields and their initial values (none: stateless). */
export function coreStateFields(core: string): { name: string; type: IrType; init: IrConst }[] {
  switch (core) {
    case 'FNV1aHasher':
      return [
        { name: 'h', type: T.u32, init: FNV_BASIS },
        { name: 'stack', type: { k: 'array', elem: T.u32, n: FNV_STACK }, init: Array.from({ length: FNV_STACK }, () => 0n) },
        { name: 'depth', type: T.u32, init: 0n },
      ];
    case 'SHA3_256':
      return [{ name: 'buf', type: T.bytes, init: new Uint8Array(0) }];
    default:
      return [];
  }
}

/** Access to one slot's state inside the activation being lowered. */
export interface SlotAccess {
  fn: FnBuilder;
  get(field: string): IrExpr;
  set(field: string, value: IrExpr): void;
  setAt(field: string, i: IrExpr, value: IrExpr): void;
  /** Bytes of a value as hashed (bytes and strings raw, integers little-endian, structs packed). */
  bytesOf(value: IrExpr, type: EType): IrExpr;
  /** A located trap (stack overflow/underflow of a hasher). */
  trap(message: string): void;
  /** The ROM lookup of the slot's memory component (SchemaROM). */
  romLookup?(hash: IrExpr): IrExpr;
  rowType?: IrType;
}

const isByte = (t: EType) => t.k === 'int' && t.bits === 8;

/** Lowers `slot.method(args)`; `types` are the checked argument types. */
export function lowerCoreMethod(core: string, method: string, args: IrExpr[], types: EType[], s: SlotAccess): IrExpr {
  switch (core) {
    case 'CharacterClassifier':
      return classify(method, convert('int', args[0]!, T.u8));
    case 'FNV1aHasher':
      return fnvMethod(method, args, types, s);
    case 'SHA3_256':
      return shaMethod(method, args, types, s);
    case 'SchemaROM': {
      const row = s.romLookup!(args[0]!);
      return method === 'contains' ? field(row, 4, T.bool) : row;
    }
    default:
      throw new Error(`unknown core ${core}`);
  }
}

// ── CharacterClassifier ─────────────────────────────────────────────────────────────────

const ch = (x: string) => c(BigInt(x.charCodeAt(0)), T.u8);
const inRange = (b: IrExpr, lo: string, hi: string) => and(bin('ge', b, ch(lo)), bin('le', b, ch(hi)));
const anyOf = (b: IrExpr, chars: string) => [...chars].map((x) => bin('eq', b, ch(x))).reduce((a, x) => or(a, x));

function classify(method: string, b: IrExpr): IrExpr {
  const ws = anyOf(b, ' \t\r\n');
  const alpha = or(or(inRange(b, 'a', 'z'), inRange(b, 'A', 'Z')), bin('ge', b, c(0x80n, T.u8)));
  const digit = inRange(b, '0', '9');
  const nameStart = or(or(alpha, bin('eq', b, ch('_'))), bin('eq', b, ch(':')));
  switch (method) {
    case 'is_whitespace':
      return ws;
    case 'is_digit':
      return digit;
    case 'is_alpha':
      return alpha;
    case 'is_name_start':
      return nameStart;
    case 'is_name_char':
      return or(or(nameStart, digit), or(bin('eq', b, ch('-')), bin('eq', b, ch('.'))));
    case 'is_delimiter':
      return anyOf(b, '<>/="\'?!{}[],:');
    default:
      // classify: whitespace → ' ', name-start → 'A', digit → '0', NUL padding → 0, else the byte.
      return cond(ws, ch(' '), cond(or(alpha, bin('eq', b, ch('_'))), ch('A'), cond(digit, ch('0'), b)));
  }
}

// ── FNV1aHasher ─────────────────────────────────────────────────────────────────────────

function fnvMethod(method: string, args: IrExpr[], types: EType[], s: SlotAccess): IrExpr {
  const feed = (arg: IrExpr, t: EType) => {
    if (isByte(t)) {
      s.set('h', bin('mul', bin('xor', s.get('h'), convert('int', arg, T.u32)), c(FNV_PRIME, T.u32), false));
      return;
    }
    const bytes = s.fn.let('fnv_bytes', s.bytesOf(arg, t));
    const i = s.fn.let('fnv_i', c(0n, T.u64));
    const body = s.fn.block(() => {
      s.fn.if(bin('ge', s.fn.get(i), { e: 'len', object: s.fn.get(bytes), type: T.u64 }), () => s.fn.emit({ s: 'break' }));
      s.set('h', bin('mul', bin('xor', s.get('h'), convert('int', index(s.fn.get(bytes), s.fn.get(i), T.u8), T.u32)), c(FNV_PRIME, T.u32), false));
      s.fn.set(i, bin('add', s.fn.get(i), c(1n, T.u64)));
    });
    s.fn.emit({ s: 'loop', body });
  };
  const push = () => {
    s.fn.if(bin('ge', s.get('depth'), c(BigInt(FNV_STACK), T.u32)), () => s.trap(`FNV1aHasher: more than ${FNV_STACK} nested segments`));
    s.setAt('stack', convert('int', s.get('depth'), T.u64), s.get('h'));
    s.set('depth', bin('add', s.get('depth'), c(1n, T.u32)));
  };
  switch (method) {
    case 'reset':
    case 'init':
      s.set('h', c(FNV_BASIS, T.u32));
      s.set('depth', c(0n, T.u32));
      break;
    case 'update':
    case 'feed':
      feed(args[0]!, types[0]!);
      break;
    case 'push':
    case 'push_segment':
      push();
      if (method === 'push_segment' || args.length > 0) {
        feed(c(BigInt('/'.charCodeAt(0)), T.u8), BYTE);
        feed(args[0]!, types[0]!);
      }
      break;
    case 'pop':
    case 'pop_segment':
      s.fn.if(bin('eq', s.get('depth'), c(0n, T.u32)), () => s.trap('FNV1aHasher: `pop` with no saved segment'));
      s.set('depth', bin('sub', s.get('depth'), c(1n, T.u32)));
      s.set('h', index(s.get('stack'), convert('int', s.get('depth'), T.u64), T.u32));
      break;
    case 'depth':
      return s.get('depth');
    case 'hash':
      if (args.length > 0) return builtin('fnv1a32', [s.bytesOf(args[0]!, types[0]!)], T.u32);
      break;
    default:
      break;
  }
  return s.get('h');
}

// ── SHA3_256 ────────────────────────────────────────────────────────────────────────────

function shaMethod(method: string, args: IrExpr[], types: EType[], s: SlotAccess): IrExpr {
  switch (method) {
    case 'reset':
    case 'init':
      s.set('buf', c(new Uint8Array(0), T.bytes));
      return TRUE;
    case 'update':
    case 'absorb':
      s.set('buf', builtin('concat', [s.get('buf'), s.bytesOf(args[0]!, types[0]!)], T.bytes));
      return TRUE;
    case 'hash':
      if (args.length > 0) return builtin('sha3_256', [s.bytesOf(args[0]!, types[0]!)], T.bytesN(32));
      return builtin('sha3_256', [s.get('buf')], T.bytesN(32));
    default:
      return builtin('sha3_256', [s.get('buf')], T.bytesN(32));
  }
}
