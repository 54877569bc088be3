/**
 * ROMs of `memory` components (ESCIR.md §7 "XPath hash"): up to 256 rows `{path_hash u32,
 * field_id u16, field_type u8, privacy_tier u8, valid, is_root, message_type}` looked up by
 * hash only. A row may give `path`, which is hashed (FNV-1a-32) and must match a given
 * `path_hash`; two rows with one hash collide (E078). A row hashing to 0 or without any hash
 * is a placeholder: the circuit loads, but its test vectors cannot mean anything (W076).
 */
import type { IrConst, IrExpr, IrFunc } from '../../ir/ir.ts';
import type { Span } from '../../diagnostics/index.ts';
import { T } from '../../ir/ir.ts';
import type { EscirReporter } from '../diagnostics.ts';
import { bin, c, field, FnBuilder, index } from '../lower/builder.ts';
import type { IrTypes } from '../lower/ir-types.ts';
import { fnv1a32 } from '../ops/fnv.ts';
import type { EType, StructDecl } from '../types/etype.ts';
import type { TypeTable } from '../types/type-table.ts';
import { get, intValue, isScalar, items, str, type YNode } from '../yaml/tree.ts';

/** The row struct every ROM lookup returns (a name no user type can take). */
export const ROM_ROW = 'rom$Row';
export const ROM_ROWS = 256;
export const ROM_ROW_TYPE: EType = { k: 'struct', name: ROM_ROW };

export interface RomRow {
  pathHash: bigint;
  fieldId: bigint;
  fieldType: bigint;
  privacy: bigint;
  valid: boolean;
  isRoot: boolean;
  messageType: bigint;
  node: YNode;
}

export interface Rom {
  rows: RomRow[];
  /** A row with no real hash (placeholder ROM), if any. */
  placeholder?: YNode;
}

/** Registers the row struct once in a file's type table. */
export function ensureRomRowType(table: TypeTable): void {
  if (table.has(ROM_ROW)) return;
  const f = (name: string, type: EType) => ({ name, type, hasDefault: false, start: 0, end: 0, pointer: '' });
  const decl: StructDecl = {
    kind: 'struct',
    name: ROM_ROW,
    fields: [f('path_hash', { k: 'int', bits: 32, signed: false }), f('field_id', { k: 'int', bits: 16, signed: false }), f('field_type', { k: 'int', bits: 8, signed: false }), f('privacy_tier', { k: 'int', bits: 8, signed: false }), f('valid', { k: 'bool' }), f('is_root', { k: 'bool' }), f('message_type', { k: 'int', bits: 16, signed: false })],
    start: 0,
    end: 0,
    pointer: '',
  };
  table.add(decl);
}

/** ESF field type codes (PROTOCOLS.md §1.3), accepted by name in ROM rows. */
const FIELD_TYPES = ['none', 'string', 'u8', 'u16', 'u32', 'u64', 'u128', 'i64', 'bytes', 'date', 'datetime', 'decimal', 'bic', 'iban', 'currency', 'enum'];
const PRIVACY: Record<string, bigint> = { public: 0n, restricted: 1n, private: 2n, encrypted: 4n };
const MESSAGE_TYPES: Record<string, bigint> = { 'pacs.008': 0x0008n, 'pacs.002': 0x0002n, 'camt.053': 0x0053n, 'camt.052': 0x0052n };

function number(n: YNode | undefined, names?: (s: string) => bigint | undefined): bigint | undefined {
  const v = intValue(n);
  if (v !== undefined) return v;
  const s = str(n);
  if (s === undefined) return undefined;
  if (/^0x[0-9a-f]+$/i.test(s)) return BigInt(s);
  if (/^\d+$/.test(s)) return BigInt(s);
  return names?.(s);
}

/** Reads and checks the rows of one `memory` component (E078 mismatch/collision, E041 too many or too wide). */
export function readRom(component: YNode, r: EscirReporter): Rom {
  const rom: Rom = { rows: [] };
  const byHash = new Map<bigint, YNode>();
  const rows = items(get(component, 'initial_data') ?? get(component, 'rows'));
  if (rows.length > ROM_ROWS) r.error('E041', `a ROM holds ${ROM_ROWS} rows; this one lists ${rows.length}`, rows[ROM_ROWS]!);
  for (const row of rows.slice(0, ROM_ROWS)) {
    const hashNode = get(row, 'path_hash');
    let hash = number(hashNode);
    const path = str(get(row, 'path'));
    if (path !== undefined) {
      const computed = BigInt(fnv1a32(new TextEncoder().encode(path)));
      if (hash === undefined) hash = computed;
      else if (hash !== computed) {
        r.error('E078', `ROM row \`${path}\`: path_hash 0x${hash.toString(16)} does not match FNV-1a-32 of the path (0x${computed.toString(16).padStart(8, '0')})`, hashNode ?? row);
      }
    }
    if (hash === undefined || hash === 0n) {
      rom.placeholder ??= hashNode ?? row;
      if (hash === undefined) continue;
    }
    const prev = byHash.get(hash);
    if (prev && hash !== 0n) r.error('E078', `ROM hash collision: 0x${hash.toString(16).padStart(8, '0')} is used by two rows`, hashNode ?? row, { related: [r.related('first row here', prev)] });
    else byHash.set(hash, hashNode ?? row);
    const fit = (key: string, v: bigint | undefined, bits: number): bigint => {
      if (v === undefined) return 0n;
      if (v < 0n || v >= 1n << BigInt(bits)) {
        r.error('E041', `ROM \`${key}\` ${v} does not fit u${bits}`, get(row, key) ?? row);
        return 0n;
      }
      return v;
    };
    const flag = (key: string, dflt: boolean) => {
      const v = get(row, key);
      return isScalar(v) && typeof v.value === 'boolean' ? v.value : dflt;
    };
    rom.rows.push({
      pathHash: fit('path_hash', hash, 32),
      fieldId: fit('field_id', number(get(row, 'field_id')), 16),
      fieldType: fit('field_type', number(get(row, 'field_type'), (s) => (FIELD_TYPES.includes(s.toLowerCase()) ? BigInt(FIELD_TYPES.indexOf(s.toLowerCase())) : undefined)), 8),
      privacy: fit('privacy_tier', number(get(row, 'privacy_tier'), (s) => PRIVACY[s.toLowerCase()]), 8),
      valid: flag('valid', true),
      isRoot: flag('is_root', false),
      messageType: fit('message_type', number(get(row, 'message_type'), (s) => MESSAGE_TYPES[s.toLowerCase().slice(0, 8)]), 16),
      node: row,
    });
  }
  return rom;
}

function rowConst(row: RomRow | undefined): IrConst {
  if (!row) return [0n, 0n, 0n, 0n, false, false, 0n];
  return [row.pathHash, row.fieldId, row.fieldType, row.privacy, row.valid, row.isRoot, row.messageType];
}

/** `<circuit>.<rom>.lookup(h: u32) -> rom$Row`: the row with that hash, or a zero row (`valid = false`). */
export function romLookupFunc(name: string, rom: Rom, types: IrTypes, loc?: Span): IrFunc {
  const rowT = types.of(ROM_ROW_TYPE);
  const fn = new FnBuilder(name, 'helper', rowT, loc);
  const h = fn.param('h', T.u32);
  const n = rom.rows.length;
  if (n > 0) {
    const table: IrExpr = c(rom.rows.map(rowConst), { k: 'array', elem: rowT, n });
    const rows = fn.let('rows', table);
    fn.forRange('i', n, (i) => {
      const row = index(fn.get(rows), { e: 'convert', kind: 'int', value: i, type: T.u64 }, rowT);
      fn.if(bin('eq', field(row, 0, T.u32), fn.get(h)), () => fn.returns(row));
    });
  }
  fn.returns(c(rowConst(undefined), rowT));
  return fn.build({ attrs: { escirRom: name, rows: n } });
}
