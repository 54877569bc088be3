/** Initial values: a port's or register's declared default, else struct field defaults, else zero. */
import type { IrConst } from '../../ir/ir.ts';
import { DiagnosticBag } from '../../diagnostics/index.ts';
import { EscirReporter } from '../diagnostics.ts';
import type { EscirModel } from '../model.ts';
import type { EType } from '../types/etype.ts';
import { LiteralChecker, zeroValue } from '../types/literals.ts';
import type { YNode } from '../yaml/tree.ts';

export function defaultValueOf(model: EscirModel, type: EType, literal: YNode | undefined): IrConst {
  const quiet = new EscirReporter(model.file, new DiagnosticBag(), true, model.level === 'canonical');
  const lit = new LiteralChecker(model.types, quiet);
  if (literal) {
    const v = lit.check(literal, type, { code: 'E041', legacy: model.level === 'legacy' });
    if (v !== undefined) return v;
  }
  if (type.k === 'struct') {
    const d = model.types.struct(type.name);
    if (d) return d.fields.map((f) => defaultValueOf(model, f.type, f.hasDefault ? (f.defaultValue as YNode) : undefined));
  }
  return zeroValue(type, model.types);
}
