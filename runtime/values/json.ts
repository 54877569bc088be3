/**
 * Canonical JSON (CLI `--input`, `--json` output, golden files; specs/values.md): integers
 * as numbers within ±(2^53−1), otherwise decimal strings; bytes as lower-case "0x…"; struct
 * fields in declaration order; enums by variant name; options as null or the value; floats
 * as numbers, with "NaN", "Infinity" and "-Infinity" as strings.
 */
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { isAnyBox, isDynamicRecord } from './dynamic.ts';
import { fromJs, toHex } from './js.ts';
import { enumDef, structDef } from './types.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function jsonInt(v: bigint): JsonValue {
  return v <= SAFE && v >= -SAFE ? Number(v) : v.toString();
}

function jsonFloat(v: number): JsonValue {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return Object.is(v, -0) ? 0 : v;
}

export function toJson(value: IrConst, type: IrType, types: IrTypeDef[]): JsonValue {
  switch (type.k) {
    case 'int':
      return jsonInt(value as bigint);
    case 'float':
      return jsonFloat(value as number);
    case 'bool':
    case 'string':
      return value as boolean | string;
    case 'void':
      return null;
    case 'bytes':
    case 'bytesN':
      return toHex(value as Uint8Array);
    case 'enum': {
      const variant = enumDef(type, types).variants.find((x) => x.value === value);
      return variant ? variant.name : jsonInt(value as bigint);
    }
    case 'struct': {
      const def = structDef(type, types);
      const out: { [key: string]: JsonValue } = {};
      def.fields.forEach((f, i) => {
        out[f.name] = toJson((value as IrConst[])[i]!, f.type, types);
      });
      return out;
    }
    case 'list':
    case 'array':
      return (value as IrConst[]).map((x) => toJson(x, type.elem, types));
    case 'option':
      return value === null ? null : toJson((value as { some: IrConst }).some, type.inner, types);
    case 'any':
      return anyToJson(value, types);
  }
}

function anyToJson(value: IrConst, types: IrTypeDef[]): JsonValue {
  if (value === null || !isAnyBox(value)) return null;
  if (isDynamicRecord(value)) {
    const out: { [key: string]: JsonValue } = {};
    value.keys.forEach((k, i) => {
      out[k] = anyToJson(value.value[i]!, types);
    });
    return out;
  }
  return toJson(value.value, value.any, types);
}

/** Canonical JSON → IrConst; accepts everything fromJs accepts (decimal strings, hex bytes, …). */
export function fromJson(json: unknown, type: IrType, types: IrTypeDef[], path = 'input'): IrConst {
  return fromJs(json, type, types, path);
}

/**
 * JSON text with stable formatting (two-space indent, trailing newline), so golden files
 * are byte-identical across runs. Key order is the order toJson produced.
 */
export function formatJson(json: JsonValue): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
