import type { IrConst, IrType, IrTypeDef } from '../../../compiler/ir/ir.ts';
import { getBuiltin } from '../../../runtime/builtins/index.ts';
import { RuntimeTrap } from '../../../runtime/errors.ts';

/** Calls a pure builtin with typed arguments. */
export function callBuiltin(name: string, args: [IrConst, IrType][], resultType: IrType, types: IrTypeDef[] = []): IrConst {
  const impl = getBuiltin(name);
  if (!impl) throw new Error(`no builtin ${name}`);
  return impl(
    args.map((a) => a[0]),
    { argTypes: args.map((a) => a[1]), resultType, types },
  );
}

export function builtinTrap(name: string, args: [IrConst, IrType][], resultType: IrType, types: IrTypeDef[] = []): RuntimeTrap {
  try {
    callBuiltin(name, args, resultType, types);
  } catch (e) {
    if (e instanceof RuntimeTrap) return e;
    throw e;
  }
  throw new Error(`expected ${name} to trap`);
}

export const hex = (b: IrConst): string => Buffer.from(b as Uint8Array).toString('hex');
export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
