import fc from 'fast-check';
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';

/**
 * fast-check arbitraries for every IrType, producing values in the IR's own representation
 * (IrConst: bigint integers, Uint8Array bytes, arrays for structs and lists, …). Every
 * arbitrary shrinks towards the type's zero value, so a failing property reports the
 * smallest input fast-check can find. Size limits are documented in specs/testing.md
 * §Property and fuzz inputs.
 */
export interface ArbitraryLimits {
  /** Longest generated list and unsized `bytes`. */
  maxListLength: number;
  maxBytesLength: number;
  maxStringLength: number;
}

export const DEFAULT_LIMITS: ArbitraryLimits = { maxListLength: 8, maxBytesLength: 64, maxStringLength: 32 };

export function arbitraryFor(
  type: IrType,
  types: readonly IrTypeDef[],
  limits: ArbitraryLimits = DEFAULT_LIMITS,
): fc.Arbitrary<IrConst> {
  switch (type.k) {
    case 'int': {
      const { min, max } = intRange(type.bits, type.signed);
      return fc.bigInt({ min, max });
    }
    case 'float':
      // Finite values only: NaN and infinities are legal f64 values, but a property over
      // "any number" almost never means them, and a NaN counterexample hides the real bug.
      return type.bits === 32
        ? fc.float({ noNaN: true, noDefaultInfinity: true }).map((x) => x)
        : fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'bool':
      return fc.boolean();
    case 'void':
      return fc.constant(null);
    case 'bytesN':
      return fc.uint8Array({ minLength: type.n, maxLength: type.n });
    case 'bytes':
      return fc.uint8Array({ maxLength: limits.maxBytesLength });
    case 'string':
      return fc.string({ maxLength: limits.maxStringLength });
    case 'struct': {
      const def = types[type.id];
      if (!def || def.kind !== 'struct') return fc.constant([]);
      if (def.fields.length === 0) return fc.constant([]);
      return fc.tuple(...def.fields.map((f) => arbitraryFor(f.type, types, limits))).map((vs) => vs as IrConst[]);
    }
    case 'enum': {
      const def = types[type.id];
      if (!def || def.kind !== 'enum' || def.variants.length === 0) return fc.constant(0n);
      // Shrinks towards the first variant.
      return fc.constantFrom(...def.variants.map((v) => v.value));
    }
    case 'list':
      return fc.array(arbitraryFor(type.elem, types, limits), { maxLength: limits.maxListLength }).map((xs) => xs as IrConst[]);
    case 'array':
      return fc
        .array(arbitraryFor(type.elem, types, limits), { minLength: type.n, maxLength: type.n })
        .map((xs) => xs as IrConst[]);
    case 'option':
      return fc.option(arbitraryFor(type.inner, types, limits).map((v): IrConst => ({ some: v })), { nil: null });
    case 'any':
      // A dynamic value: an integer or a byte string, the two shapes host values take most.
      return fc.oneof(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v): IrConst => ({ any: { k: 'int', bits: 64, signed: false }, value: v })),
        fc.uint8Array({ maxLength: limits.maxBytesLength }).map((v): IrConst => ({ any: { k: 'bytes' }, value: v })),
      );
  }
}

/** Arbitrary of a whole input tuple (the generated variables of one property or fuzz test). */
export function arbitraryForInputs(
  inputs: readonly { name: string; type: IrType }[],
  types: readonly IrTypeDef[],
  limits: ArbitraryLimits = DEFAULT_LIMITS,
): fc.Arbitrary<IrConst[]> {
  if (inputs.length === 0) return fc.constant([]);
  return fc.tuple(...inputs.map((i) => arbitraryFor(i.type, types, limits))).map((vs) => vs as IrConst[]);
}

export function intRange(bits: number, signed: boolean): { min: bigint; max: bigint } {
  const b = BigInt(bits);
  return signed ? { min: -(1n << (b - 1n)), max: (1n << (b - 1n)) - 1n } : { min: 0n, max: (1n << b) - 1n };
}
