/**
 * P3/P4 declarations: imports (E031), consts, externs, state registers, field defaults and
 * `example_config` (type-checked only), all against the file's type table.
 */
import type { EscirReporter } from '../diagnostics.ts';
import type { ConstModel, EscirModel, ExternModel, StateRegister } from '../model.ts';
import { ET } from '../types/etype.ts';
import { LiteralChecker } from '../types/literals.ts';
import type { TypeTable } from '../types/type-table.ts';
import { get, isMap, isScalar, isSeq, items, str, type YNode } from '../yaml/tree.ts';

export function readConsts(root: YNode, table: TypeTable, lit: LiteralChecker): Map<string, ConstModel> {
  const out = new Map<string, ConstModel>();
  const consts = get(root, 'consts');
  if (!isMap(consts)) return out;
  for (const e of consts.entries) {
    if (out.has(e.key)) continue;
    const typeNode = get(e.value, 'type');
    const valueNode = get(e.value, 'value');
    if (!typeNode || !valueNode) continue; // E020 from P2
    const type = table.resolveNode(typeNode, { allowStream: false });
    const value = lit.check(valueNode, type, { code: 'E041', legacy: false });
    out.set(e.key, { name: e.key, type, value: value ?? null, node: e.value });
  }
  return out;
}

export function readExterns(root: YNode, table: TypeTable, r: EscirReporter): Map<string, ExternModel> {
  const out = new Map<string, ExternModel>();
  const externs = get(root, 'externs');
  if (!isMap(externs)) return out;
  for (const e of externs.entries) {
    const params: { name: string; type: typeof ET.unknown }[] = [];
    const p = get(e.value, 'params');
    if (isSeq(p)) {
      p.items.forEach((it, i) => {
        if (isScalar(it)) params.push({ name: `p${i}`, type: table.resolveNode(it, { allowStream: false }) });
        else {
          const t = get(it, 'type');
          params.push({ name: str(get(it, 'name')) ?? `p${i}`, type: t ? table.resolveNode(t, { allowStream: false }) : ET.unknown });
        }
      });
    } else if (isMap(p)) for (const pe of p.entries) params.push({ name: pe.key, type: table.resolveNode(pe.value, { allowStream: false }) });
    const resultNode = get(e.value, 'result');
    const result = resultNode ? table.resolveNode(resultNode, { allowStream: false }) : ET.unknown;
    if (!resultNode) r.error('E020', `extern \`${e.key}\` has no \`result\` type`, e.keyNode);
    const pure = get(e.value, 'pure');
    out.set(e.key, { name: e.key, params, result, pure: isScalar(pure) ? pure.value === true : false, node: e.value });
  }
  return out;
}

export function readState(root: YNode, table: TypeTable, r: EscirReporter, lit: LiteralChecker, canonical: boolean): StateRegister[] {
  const out: StateRegister[] = [];
  for (const s of items(get(root, 'state'))) {
    const name = str(get(s, 'name'));
    const typeNode = get(s, 'type');
    if (!name || !typeNode) continue;
    if (out.some((x) => x.name === name)) {
      r.error('E032', `state register \`${name}\` is declared twice`, get(s, 'name')!);
      continue;
    }
    const type = table.resolveNode(typeNode, { allowStream: false });
    const init = get(s, 'init');
    const reg: StateRegister = { name, type, node: s };
    if (init) {
      reg.init = init;
      lit.check(init, type, { code: 'E041', legacy: !canonical });
    }
    out.push(reg);
  }
  return out;
}

/** Struct field defaults must fit their field (E041). */
export function checkDefaults(table: TypeTable, lit: LiteralChecker, canonical: boolean): void {
  for (const name of table.names()) {
    const d = table.declaration(name);
    if (d?.kind !== 'struct') continue;
    for (const f of d.fields) if (f.hasDefault && f.defaultValue) lit.check(f.defaultValue as YNode, f.type, { code: 'E041', legacy: !canonical });
  }
}

/** `example_config` is type-checked against the `config` input only (ESCIR.md §1). */
export function checkExampleConfig(model: EscirModel, lit: LiteralChecker): void {
  const ex = get(model.root, 'example_config');
  const config = model.inputs.find((p) => p.name === 'config');
  if (!ex || !config || config.type.k === 'unknown') return;
  lit.check(ex, config.type, { code: 'E041', legacy: model.level === 'legacy', partial: true });
}
