import type { Span } from '../../compiler/diagnostics/source.ts';
import type { IrFunc, IrModule } from '../../compiler/ir/ir.ts';

/**
 * What the harness needs to know about one lowered predicate clause (an IrFunc of kind
 * 'predicate'), read from the metadata the lowering records in its attrs.
 */
export interface PredicateInfo {
  func: IrFunc;
  clause: 'invariant' | 'monitor' | 'property';
  label: string;
  /** IrFunc name of the circuit the header clause belongs to. */
  owner?: string;
  /** The owner as written, for messages. */
  ownerName: string;
  /** Struct type id of a data `@invariant`. */
  dataType?: number;
  /** Parameters fed from the circuit's top-level lets at exit (§8.6.2 step 4). */
  lets: string[];
  /** Parameters fed from observed metrics (§8.6.2 step 5). */
  metrics: string[];
  /** The parameter holding the circuit's result when not named `result`. */
  resultParam?: string;
  /** An unresolved name made the predicate indeterminate (§8.6.2): it is never evaluated. */
  indeterminate: boolean;
  span?: Span;
}

type Attrs = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function predicatesOf(module: IrModule): PredicateInfo[] {
  const out: PredicateInfo[] = [];
  const byName = new Map(module.funcs.map((f) => [f.name, f]));
  for (const f of module.funcs) {
    if (f.kind !== 'predicate') continue;
    const a: Attrs = f.attrs ?? {};
    const clauseWord = str(a.clause) ?? str(a.predicate) ?? str(a.predicateKind) ?? 'invariant';
    const clause = clauseWord === 'monitor' ? 'monitor' : clauseWord === 'property' ? 'property' : 'invariant';
    const owner = str(a.circuit) ?? str(a.owner) ?? str(a.of);
    const ownerFunc = owner ? byName.get(owner) : undefined;
    const dataTypeRaw = a.dataType ?? a.typeId ?? a.data_type;
    const dataType = typeof dataTypeRaw === 'number' ? dataTypeRaw : undefined;
    const extras = Array.isArray(a.extras) ? (a.extras as { name?: unknown; source?: unknown }[]) : [];
    const lets = extras.filter((x) => x.source === 'let').map((x) => String(x.name));
    const metrics = extras.filter((x) => x.source === 'metric').map((x) => String(x.name));
    const unresolved = a.unresolved ?? a.indeterminate;
    const indeterminate = unresolved === true || (Array.isArray(unresolved) && unresolved.length > 0);
    const info: PredicateInfo = {
      func: f,
      clause,
      label: str(a.label) ?? str(a.name) ?? '',
      ownerName: ownerFunc?.sourceName ?? owner ?? str(a.dataName) ?? str(a.typeName) ?? f.sourceName,
      lets,
      metrics,
      indeterminate,
    };
    if (owner) info.owner = owner;
    if (dataType !== undefined && !owner) info.dataType = dataType;
    const rp = str(a.resultParam);
    if (rp) info.resultParam = rp;
    if (f.loc) info.span = f.loc;
    out.push(info);
  }
  return out;
}
