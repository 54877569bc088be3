/**
 * Port types of each operator (ESCIR.md §5.2), derived from params and from what is wired
 * into the node.
 */
import type { EscirReporter } from '../diagnostics.ts';
import type { EscirModel, NodeModel } from '../model.ts';
import { constParam, listParam, stringParam } from '../ops/params.ts';
import { ET, type EType, type IntWidth } from '../types/etype.ts';
import { get, isMap, isScalar, str } from '../yaml/tree.ts';
import type { GraphAnalysis } from './analyze.ts';
import { extraOutputs } from './build.ts';

/** Sizes fixed by ML-DSA-87 (FIPS 204). */
export const MLDSA87_PUBLIC_KEY = 2592;
export const MLDSA87_SIGNATURE = 4627;

export function expectedInputType(model: EscirModel, n: NodeModel, port: string): EType | undefined {
  switch (n.op) {
    case 'debounce':
      return port === 'in' ? ET.bool : undefined;
    case 'call': {
      const ext = model.externs.get(stringParam(n, 'fn') ?? '');
      return ext?.params.find((p) => p.name === port)?.type;
    }
    case 'unpack':
      return undefined;
    case 'verify':
      if (port === 'key') return { k: 'bytes', n: MLDSA87_PUBLIC_KEY };
      if (port === 'sig') return { k: 'bytes', n: MLDSA87_SIGNATURE };
      return undefined;
    case 'map':
    case 'multimap': {
      const kt = typeParam(model, n, 'key_type');
      const vt = typeParam(model, n, 'value_type');
      if (port === 'lookup' || port === 'remove' || port === 'enable' || port === 'disable') return kt;
      if (port === 'upsert' || port === 'add' || port === 'update' || port === 'insert') return vt;
      return undefined;
    }
    default:
      return undefined;
  }
}

export function typeParam(model: EscirModel, n: NodeModel, name: string): EType | undefined {
  const v = n.params.get(name);
  if (!v) return undefined;
  if (isMap(v)) return model.types.resolveNode(v, { allowStream: false, anonName: `${n.id}$${name === 'value_type' ? 'value' : name}` });
  if (isScalar(v) && typeof v.value === 'string') return model.types.resolveNode(v, { allowStream: false });
  return undefined;
}

const typeCache = new WeakMap<NodeModel, Map<string, EType | undefined>>();

/** typeParam, resolved once per node (resolution reports errors). */
export function cachedTypeParam(model: EscirModel, n: NodeModel, name: string): EType | undefined {
  let m = typeCache.get(n);
  if (!m) {
    m = new Map();
    typeCache.set(n, m);
  }
  if (!m.has(name)) m.set(name, typeParam(model, n, name));
  return m.get(name);
}

export function opOutputTypes(model: EscirModel, n: NodeModel, a: GraphAnalysis, r: EscirReporter): Map<string, EType> {
  const out = new Map<string, EType>();
  const inT = a.inTypes.get(n.id)!;
  const input = inT.get('in') ?? ET.unknown;
  switch (n.op) {
    case 'expr': {
      const tb = a.bodies.get(`${n.id}/body`);
      out.set('out', tb?.value?.type ?? ET.unknown);
      // Named outputs; an assignment to a state register writes the register (analyze.ts assignTarget).
      for (const x of tb?.assigned ?? []) if (x.key.startsWith('named:')) out.set(x.name, x.type);
      if (!tb) for (const name of extraOutputs(n, model)) out.set(name, ET.unknown);
      break;
    }
    case 'compare':
      out.set('out', ET.bool);
      out.set('pass', inT.has('in') ? input : ET.unit);
      out.set('fail', inT.has('in') ? input : ET.unit);
      break;
    case 'change':
      out.set('changed', input);
      out.set('ready', input);
      break;
    case 'filter':
      out.set('pass', input);
      out.set('drop', input);
      break;
    case 'sample':
    case 'select':
      out.set(n.op === 'sample' ? 'pass' : 'out', input);
      break;
    case 'merge': {
      const into = cachedTypeParam(model, n, 'into');
      out.set('out', into ?? ET.unknown);
      break;
    }
    case 'fifo':
      out.set('out', cachedTypeParam(model, n, 'type') ?? input);
      out.set('len', ET.u32);
      out.set('full', ET.bool);
      break;
    case 'map':
      out.set('found', cachedTypeParam(model, n, 'value_type') ?? ET.unknown);
      out.set('missing', cachedTypeParam(model, n, 'key_type') ?? ET.unknown);
      out.set('rejected', cachedTypeParam(model, n, 'value_type') ?? ET.unknown);
      out.set('len', ET.u32);
      break;
    case 'multimap': {
      // `found` carries every value of the key: `{items: [V; per_key], count}`.
      const v = cachedTypeParam(model, n, 'value_type');
      const per = constParam(n, 'per_key') ?? 8;
      if (!v || v.k === 'unknown' || per < 1) {
        out.set('found', ET.unknown);
        break;
      }
      const name = `${n.id}$found`;
      const f = (fname: string, type: EType) => ({ name: fname, type, hasDefault: false, start: n.node.start, end: n.node.end, pointer: n.node.pointer });
      model.types.add({ kind: 'struct', name, fields: [f('items', { k: 'array', elem: v, n: per }), f('count', ET.u32)], start: n.node.start, end: n.node.end, pointer: n.node.pointer });
      out.set('found', { k: 'struct', name });
      break;
    }
    case 'min_heap':
      out.set('peek', cachedTypeParam(model, n, 'value_type') ?? inT.get('insert') ?? ET.unknown);
      out.set('len', ET.u32);
      break;
    case 'arbiter': {
      let t: EType = ET.unknown;
      for (const [k, v] of inT) if (k.startsWith('in') && v.k !== 'unknown') t = v;
      out.set('selected', t);
      out.set('grant', ET.u8);
      break;
    }
    case 'counter': {
      const w = constParam(n, 'width') ?? 32;
      const width = ([8, 16, 32, 64].includes(w) ? w : w <= 8 ? 8 : w <= 16 ? 16 : w <= 32 ? 32 : 64) as IntWidth;
      out.set('out', { k: 'int', bits: width, signed: false });
      out.set('overflow', ET.unit);
      break;
    }
    case 'batch': {
      const max = constParam(n, 'max_count') ?? 0;
      const batch: EType = max > 0 && input.k !== 'unknown' ? { k: 'array', elem: input, n: max } : ET.unknown;
      out.set('batch', batch);
      // Legacy `.full`: the batch emitted because it filled up.
      out.set('full', batch);
      out.set('count', ET.u32);
      break;
    }
    case 'stats': {
      const name = `${n.id}$stats`;
      const fields = listParam(n, 'fields').map((f) => {
        const fname = str(get(f, 'name')) ?? str(f) ?? '?';
        const op = str(get(f, 'operation')) ?? 'count';
        const t: EType = op === 'count' || op === 'sum' ? ET.u64 : ET.f64;
        return { name: fname, type: t, hasDefault: false, start: f.start, end: f.end, pointer: f.pointer };
      });
      model.types.add({ kind: 'struct', name, fields, start: n.node.start, end: n.node.end, pointer: n.node.pointer });
      out.set('out', { k: 'struct', name });
      for (const f of fields) out.set(f.name, f.type);
      break;
    }
    case 'timer':
      out.set('expired', ET.unit);
      out.set('tick', ET.unit);
      out.set('missed', ET.u32);
      break;
    case 'token_bucket':
      out.set('allow', input);
      out.set('deny', input);
      break;
    case 'debounce':
      out.set('transitioned', ET.bool);
      break;
    case 'retry':
      out.set('retry', ET.u32);
      out.set('exhausted', ET.unit);
      break;
    case 'fsm': {
      const en = a.fsmStates.get(n.id);
      const t: EType = en ? { k: 'enum', name: en } : ET.unknown;
      out.set('state', t);
      out.set('changed', t);
      break;
    }
    case 'verify':
      out.set('ok', ET.bool);
      break;
    case 'hash': {
      const alg = stringParam(n, 'algorithm');
      out.set('out', alg === 'fnv1a32' ? ET.u32 : { k: 'bytes', n: 32 });
      break;
    }
    case 'build': {
      const t = cachedTypeParam(model, n, 'type');
      out.set('out', t ?? ET.unknown);
      break;
    }
    case 'unpack':
      out.set('out', cachedTypeParam(model, n, 'type') ?? ET.unknown);
      break;
    case 'pack': {
      let bits = 0;
      for (const l of listParam(n, 'layout')) bits += Number(isScalar(get(l, 'bits')) ? (get(l, 'bits') as { value: unknown }).value : 0);
      out.set('out', bits > 0 ? { k: 'bytes', n: Math.ceil(bits / 8) } : ET.unknown);
      break;
    }
    case 'call': {
      const fn = stringParam(n, 'fn');
      const ext = fn ? model.externs.get(fn) : undefined;
      if (fn && !ext) {
        r.error('E034', `\`call\` names \`${fn}\`, which is not a declared extern`, n.params.get('fn')!, { hint: 'declare it under `externs`' });
        n.executable = false;
      }
      out.set('out', ext?.result ?? ET.unknown);
      break;
    }
    default:
      break;
  }
  return out;
}
