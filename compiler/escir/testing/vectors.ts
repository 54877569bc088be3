/**
 * `test_vectors` of process circuits (ESCIR.md §6, §3.3): the UTF-8 input is fed as
 * zero-padded 8-byte words (byte i of a word is bits 8i..8i+7: little-endian), one word per
 * step, with the format wire set (xml = 0, json = 1); one more step with no word lets the
 * circuit settle. Emitted records are compared with `expected_fields` by `field_id`;
 * datetimes compare as RFC 3339 instants. More than 100 000 activations is E075.
 *
 * Which ports play which part is found by type (specs/escir.md §9): the byte input is the
 * boundary input carrying u64 or bytes(8), the format wire a value input named like
 * `format`/`json`/`xml`, the output the boundary output of a struct with a `field_id`.
 */
import type { IrConst } from '../../ir/ir.ts';
import type { EscirReporter } from '../diagnostics.ts';
import type { GraphLowering } from '../lower/graph.ts';
import type { EscirModel } from '../model.ts';
import type { BoundaryPort } from '../process/net.ts';
import { parseRfc3339 } from '../types/literals.ts';
import { get, intValue, isScalar, items, str, toPlain, type YNode } from '../yaml/tree.ts';
import type { EscirExecutor, EscirTestResult } from './runner.ts';

const MAX_TOTAL_ACTIVATIONS = 100_000n;

interface VectorPorts {
  bytes: BoundaryPort;
  format?: BoundaryPort;
  fields: BoundaryPort;
}

/** Why vectors cannot run on this circuit, or the ports they use. */
export function vectorPorts(model: EscirModel, g: GraphLowering | undefined): VectorPorts | string {
  if (!g) return 'the circuit does not lower (process components, placeholder ROM or elided states)';
  const net = model.net;
  if (!net) return 'test vectors feed a process circuit (dialect A or canonical `processes`); this one is a graph';
  const placeholder = model.components.find((c) => c.rom?.placeholder);
  if (placeholder) return `the ROM \`${placeholder.id}\` is a placeholder (a row without a real path hash)`;
  const isWord = (b: BoundaryPort) => (b.type.k === 'int' && b.type.bits === 64) || (b.type.k === 'bytes' && b.type.n === 8);
  const bytes = net.boundary.filter((b) => b.direction === 'input' && b.mode !== 'value' && isWord(b));
  if (bytes.length !== 1) return bytes.length ? `${bytes.length} inputs carry 8-byte words; the byte stream is ambiguous` : 'no input carries the 8-byte words of the input text (u64 or bytes(8))';
  const fields = net.boundary.filter((b) => b.direction === 'output' && b.type.k === 'struct' && model.types.struct(b.type.name)?.fields.some((f) => f.name === 'field_id'));
  if (fields.length !== 1) return fields.length ? 'several outputs carry records with a `field_id`' : 'no output carries records with a `field_id`';
  const format = net.boundary.find((b) => b.direction === 'input' && b.mode === 'value' && /format|json|xml/i.test(b.name) && (b.type.k === 'int' || b.type.k === 'bool'));
  return { bytes: bytes[0]!, fields: fields[0]!, ...(format ? { format } : {}) };
}

export function runTestVector(model: EscirModel, g: GraphLowering, ex: EscirExecutor, v: YNode, ports: VectorPorts, r: EscirReporter): EscirTestResult {
  const name = str(get(v, 'name')) ?? '(test vector)';
  const base = { name, file: model.file.path, line: model.file.lineCol(v.start).line, kind: 'test_vector' as const };
  const fail = (message: string, at: YNode, code = 'E073'): EscirTestResult => {
    r.error(code, `test vector \`${name}\`: ${message}`, at);
    return { ...base, status: 'failed', message: `${code} ${message}` };
  };
  const inputNode = get(v, 'input');
  const text = isScalar(inputNode) ? String(inputNode.value ?? '') : JSON.stringify(toPlain(inputNode), (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
  const json = str(get(v, 'input_format')) === 'json';
  const data = new TextEncoder().encode(text);
  const words: IrConst[] = [];
  for (let i = 0; i < data.length; i += 8) {
    const chunk = new Uint8Array(8);
    chunk.set(data.subarray(i, i + 8));
    if (ports.bytes.type.k === 'bytes') words.push(chunk);
    else words.push(chunk.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n));
  }
  const inIdx = (p: BoundaryPort) => g.inputFields.indexOf(p.name);
  const outIdx = g.outputFields.indexOf(ports.fields.name);
  const actIdx = g.stateFieldNames.indexOf('activations');
  let state: IrConst = g.proc.initialState;
  const records: IrConst[][] = [];
  for (let k = 0; k <= words.length; k++) {
    const inputs: IrConst[] = g.inputFields.map(() => null);
    if (k < words.length) inputs[inIdx(ports.bytes)] = { some: words[k]! };
    if (k === 0 && ports.format) inputs[inIdx(ports.format)] = { some: ports.format.type.k === 'bool' ? json : BigInt(json ? 1 : 0) };
    try {
      const res = ex.step(g.proc.name, state, inputs, 0n);
      state = res.state;
      const out = (res.outputs as IrConst[])[outIdx]!;
      if (Array.isArray(out)) records.push(...(out as IrConst[][]));
      else if (out !== null && typeof out === 'object' && 'some' in out) records.push(out.some as IrConst[]);
    } catch (e) {
      return fail(`trap at word ${k}: ${(e as Error).message}`, v, 'E075');
    }
    if (actIdx >= 0 && ((state as IrConst[])[actIdx] as bigint) > MAX_TOTAL_ACTIVATIONS) return fail(`more than ${MAX_TOTAL_ACTIVATIONS} activations`, v, 'E075');
  }
  const fieldNames = model.types.struct((ports.fields.type as { name: string }).name)?.fields.map((f) => f.name) ?? [];
  const col = (...names: string[]) => names.map((n) => fieldNames.indexOf(n)).find((i) => i >= 0) ?? -1;
  const fid = col('field_id');
  const val = col('value', 'data', 'bytes', 'text');
  const len = col('len', 'length', 'value_len', 'size');
  for (const exp of items(get(v, 'expected_fields'))) {
    const idNode = get(exp, 'field_id');
    const id = intValue(idNode) ?? (str(idNode) && /^(0x)?[0-9a-f]+$/i.test(str(idNode)!) ? BigInt(str(idNode)!.startsWith('0x') ? str(idNode)! : `0x${str(idNode)}`) : undefined);
    if (id === undefined) return fail('an expected field needs a `field_id`', exp);
    const hit = records.filter((rec) => rec[fid] === id);
    const label = `field 0x${id.toString(16).padStart(4, '0')}`;
    if (hit.length === 0) return fail(`${label} was not emitted (emitted: ${[...new Set(records.map((x) => `0x${(x[fid] as bigint).toString(16).padStart(4, '0')}`))].join(', ') || 'nothing'})`, idNode ?? exp);
    const want = get(exp, 'value');
    if (want === undefined || (isScalar(want) && want.value === null)) continue;
    const actual = hit.map((rec) => decode(rec[val] ?? null, len >= 0 ? (rec[len] as bigint) : undefined));
    if (!actual.some((a) => sameValue(a, want))) return fail(`${label}: expected ${JSON.stringify(toPlain(want), (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}, got ${actual.map((a) => JSON.stringify(a)).join(' / ')}`, want);
  }
  return { ...base, status: 'passed' };
}

/** A record's value as text (bytes up to `len`, trailing zeros dropped) or a number. */
function decode(v: IrConst, len: bigint | undefined): string | bigint | number | boolean {
  if (v instanceof Uint8Array) {
    let n = v.length;
    if (len !== undefined) n = Math.min(Number(len), v.length);
    else while (n > 0 && v[n - 1] === 0) n--;
    return new TextDecoder().decode(v.subarray(0, n));
  }
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

function sameValue(actual: string | bigint | number | boolean, want: YNode): boolean {
  if (!isScalar(want)) return false;
  const w = want.value;
  if (typeof actual === 'string') {
    if (typeof w === 'string') {
      if (actual === w) return true;
      const a = parseRfc3339(actual);
      const b = parseRfc3339(w);
      return a !== undefined && a === b;
    }
    if (typeof w === 'bigint') return /^-?\d+$/.test(actual.trim()) && BigInt(actual.trim()) === w;
    if (typeof w === 'number') return Number(actual) === w;
    if (typeof w === 'boolean') return actual === String(w);
    return false;
  }
  if (typeof w === 'string') {
    const ns = parseRfc3339(w);
    if (ns !== undefined && typeof actual === 'bigint') return actual === ns || actual * 1_000_000_000n === ns - (ns % 1_000_000_000n);
    return String(actual) === w;
  }
  if (typeof w === 'bigint' && typeof actual === 'bigint') return w === actual;
  return Number(actual) === Number(w);
}
