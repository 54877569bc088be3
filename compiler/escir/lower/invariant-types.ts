/** Types invariant bodies again without reporting (the loader already reported their findings). */
import { DiagnosticBag } from '../../diagnostics/index.ts';
import { EscirReporter } from '../diagnostics.ts';
import { checkBody, type TypedBody } from '../graph/analyze.ts';
import type { EscirModel, InvariantModel } from '../model.ts';
import { ET } from '../types/etype.ts';

export function typeInvariantsQuiet(model: EscirModel): Map<InvariantModel, TypedBody | undefined> {
  const r = new EscirReporter(model.file, new DiagnosticBag(), model.level === 'canonical', model.level === 'canonical');
  const out = new Map<InvariantModel, TypedBody | undefined>();
  for (const inv of model.invariants) {
    if (!inv.body?.block || inv.body.opaque) continue;
    out.set(inv, checkBody(model, inv.body, model.graph?.analysis, r, {}, ET.bool, false));
  }
  return out;
}
