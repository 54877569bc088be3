/**
 * The pure-builtin table (LANGUAGE.md §9): name → implementation over IrConst values.
 * Pure builtins are deterministic and never recorded in the witness; they throw
 * RuntimeTrap(kind, message) for traps and the caller adds the location.
 */
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { RuntimeTrap } from '../errors.ts';
import { encodeCanonical } from '../values/canonical.ts';
import { isAnyBox, isDynamicRecord } from '../values/dynamic.ts';
import { typeName } from '../values/types.ts';

export interface BuiltinContext {
  argTypes: IrType[];
  resultType: IrType;
  types: IrTypeDef[];
}

export type BuiltinImpl = (args: IrConst[], ctx: BuiltinContext) => IrConst;

export interface BuiltinSpec {
  impl: BuiltinImpl;
  /** Accepted argument counts (inclusive). */
  minArgs: number;
  maxArgs: number;
}

const table = new Map<string, BuiltinSpec>();

/** Registers a builtin; the arity check runs before the implementation. */
export function defineBuiltin(name: string, minArgs: number, maxArgs: number, impl: BuiltinImpl): void {
  const spec: BuiltinSpec = { impl, minArgs, maxArgs };
  table.set(name, spec);
}

export function lookupBuiltin(name: string): BuiltinSpec | undefined {
  return table.get(name);
}

export function registeredBuiltinNames(): string[] {
  return [...table.keys()].sort();
}

// ───────────────────────────── argument helpers ─────────────────────────────

export function trap(kind: ConstructorParameters<typeof RuntimeTrap>[0], message: string): never {
  throw new RuntimeTrap(kind, message);
}

/** The argument's type, with `any` boxes opened to their dynamic type. */
export function argValue(args: IrConst[], ctx: BuiltinContext, i: number): { value: IrConst; type: IrType } {
  const value = args[i] ?? null;
  const type = ctx.argTypes[i] ?? { k: 'any' };
  if (type.k === 'any' && isAnyBox(value) && !isDynamicRecord(value)) return { value: value.value, type: value.any };
  return { value, type };
}

/**
 * The bytes an argument stands for: its canonical encoding at the top level, so bytes and
 * strings are raw and integers big-endian (§8.3.6, §8.5.1).
 */
export function argBytes(args: IrConst[], ctx: BuiltinContext, i: number): Uint8Array {
  const { value, type } = argValue(args, ctx, i);
  if (value instanceof Uint8Array && (type.k === 'bytes' || type.k === 'bytesN' || type.k === 'any')) return value;
  if (type.k === 'any' && value === null) return new Uint8Array(0);
  return encodeCanonical(value, type, ctx.types);
}

/**
 * The canonical encoding of an argument exactly as §8.3.6 defines it (an `any` argument is
 * self-describing). Hashes, `concat`, `hex` and the helpers defined through them use this,
 * so they agree byte for byte with the wasm back end's native SHA3 and concat.
 */
export function argCanonical(args: IrConst[], ctx: BuiltinContext, i: number): Uint8Array {
  const value = args[i] ?? null;
  const type = ctx.argTypes[i] ?? { k: 'any' };
  if (value instanceof Uint8Array && (type.k === 'bytes' || type.k === 'bytesN')) return value;
  return encodeCanonical(value, type, ctx.types);
}

/** An integer argument as bigint (enums give their discriminant, floats truncate, bools 0/1). */
export function argInt(args: IrConst[], ctx: BuiltinContext, i: number): bigint {
  const { value, type } = argValue(args, ctx, i);
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  return trap('conversion', `expected an integer argument ${i + 1}, got ${typeName(type, ctx.types)}`);
}

export function argNumber(args: IrConst[], ctx: BuiltinContext, i: number): number {
  const { value } = argValue(args, ctx, i);
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return trap('conversion', `expected a numeric argument ${i + 1}`);
}

export function argList(args: IrConst[], ctx: BuiltinContext, i: number): { items: IrConst[]; elem: IrType } {
  const { value, type } = argValue(args, ctx, i);
  if (Array.isArray(value) && (type.k === 'list' || type.k === 'array')) return { items: value, elem: type.elem };
  if (value instanceof Uint8Array) {
    return { items: Array.from(value, (b) => BigInt(b)), elem: { k: 'int', bits: 8, signed: false } };
  }
  return trap('conversion', `expected a list argument ${i + 1}, got ${typeName(type, ctx.types)}`);
}

/** An integer result in the context's result type (wrapping is the caller's choice). */
export function resultIntBits(ctx: BuiltinContext, fallbackBits: number, fallbackSigned = false): { bits: number; signed: boolean } {
  const t = ctx.resultType;
  if (t.k === 'int') return { bits: t.bits, signed: t.signed };
  return { bits: fallbackBits, signed: fallbackSigned };
}

/** Shapes a byte result for the result type: bytes(N) results are padded or truncated. */
export function bytesResult(b: Uint8Array, ctx: BuiltinContext): IrConst {
  const t = ctx.resultType;
  if (t.k === 'bytesN' && b.length !== t.n) {
    const out = new Uint8Array(t.n);
    out.set(b.subarray(0, t.n));
    return out;
  }
  if (t.k === 'string') return new TextDecoder().decode(b);
  if (t.k === 'any') return { any: { k: 'bytesN', n: b.length }, value: b };
  return b;
}
