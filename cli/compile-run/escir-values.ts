/**
 * Values of ESCIR ports, registers and expectations on the command line. They are canonical
 * JSON (specs/values.md) over the lowered IR types, with the ESCIR type's extra knowledge
 * applied first (ESCIR.md §4): a `datetime` also takes an RFC 3339 string, and a
 * `string(N)` holds at most N UTF-8 bytes. Integers beyond 2^53 keep every digit: the
 * input is parsed so that they arrive as decimal strings, never as rounded doubles.
 */
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import type { EType } from '../../compiler/escir/types/etype.ts';
import type { TypeTable } from '../../compiler/escir/types/type-table.ts';
import { valuesEqual } from '../../runtime/values/index.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { closeNames } from '../../compiler/diagnostics/suggest.ts';
import { parseRfc3339 } from '../../compiler/escir/types/literals.ts';

/**
 * JSON.parse, except that an integer literal beyond ±(2^53−1) becomes its decimal string
 * (exact), which canonical JSON accepts for every integer type.
 */
export function parseJsonExact(text: string): unknown {
  const chunks: string[] = [];
  const number = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      number.lastIndex = i;
      const m = number.exec(text);
      if (m) {
        const integral = m[1] === undefined && m[2] === undefined;
        if (integral && !Number.isSafeInteger(Number(m[0]))) {
          chunks.push(text.slice(copied, i), `"${m[0]}"`);
          copied = i + m[0].length;
        }
        i += m[0].length;
        continue;
      }
    }
    i++;
  }
  if (copied === 0) return JSON.parse(text);
  chunks.push(text.slice(copied));
  try {
    return JSON.parse(chunks.join(''));
  } catch {
    // Report the error at its position in the text as written.
    return JSON.parse(text);
  }
}

/** A compiled expectation: structs compare the listed fields only (ESCIR.md §6 "Tests"). */
export type Matcher = { kind: 'fields'; fields: { index: number; name: string; matcher: Matcher }[] } | { kind: 'value'; value: IrConst };

/** `; did you mean 'x'?` for the candidates close to `name` (edit distance), else ''. */
export function hintFor(name: string, candidates: readonly string[]): string {
  const close = closeNames(name, candidates);
  return close.length > 0 ? `; did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : '';
}

/**
 * Nanoseconds since 1970 of an RFC 3339 timestamp, keeping sub-millisecond digits (the ESCIR
 * literal rule); undefined for text that is not one, or a time before 1970 (`now` is unsigned).
 */
export function parseRfc3339Ns(s: string): bigint | undefined {
  const ns = parseRfc3339(s);
  return ns === undefined || ns < 0n ? undefined : ns;
}

/** What converting a value needs: the lowered module's types and the circuit's ESCIR types. */
export interface EscirValueContext {
  types: IrTypeDef[];
  table: TypeTable;
}

/**
 * Applies the ESCIR-only rules to a JSON value before canonical-JSON conversion: RFC 3339
 * datetimes become nanosecond strings; `string(N)` bounds are checked.
 */
function prepare(json: unknown, t: EType, ctx: EscirValueContext, path: string, depth = 0): unknown {
  if (depth > 64 || json === null || json === undefined) return json;
  switch (t.k) {
    case 'int':
      if (t.datetime && typeof json === 'string' && !/^\s*-?\d+\s*$/.test(json) && !/^\s*0x/i.test(json)) {
        const ns = parseRfc3339Ns(json);
        if (ns === undefined) throw new CliError(`${path}: expected a datetime (integer nanoseconds or an RFC 3339 date), got ${JSON.stringify(json)}`, EXIT_USAGE);
        return ns.toString();
      }
      return json;
    case 'string':
      if (typeof json === 'string' && Buffer.byteLength(json, 'utf8') > t.n) {
        throw new CliError(`${path}: ${JSON.stringify(json)} is ${Buffer.byteLength(json, 'utf8')} bytes of UTF-8; string(${t.n}) holds at most ${t.n}`, EXIT_USAGE);
      }
      return json;
    case 'bytes':
      return repeated(json, t.n, path) ?? json;
    case 'union':
      return prepareUnion(json, t.name, ctx, path, depth);
    case 'option':
      return prepare(json, t.inner, ctx, path, depth + 1);
    case 'stream':
      return prepare(json, t.elem, ctx, path, depth + 1);
    case 'array': {
      const items = repeated(json, t.n, path) ?? json;
      return Array.isArray(items) ? items.map((x, i) => prepare(x, t.elem, ctx, `${path}[${i}]`, depth + 1)) : items;
    }
    case 'struct': {
      const decl = ctx.table.struct(t.name);
      if (!decl || typeof json !== 'object' || Array.isArray(json)) return json;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
        const f = decl.fields.find((x) => x.name === k);
        out[k] = f ? prepare(v, f.type, ctx, `${path}.${k}`, depth + 1) : v;
      }
      return out;
    }
    default:
      return json;
  }
}

/** `{"repeat": x, "count": N}` (ESCIR.md §4) as N copies of x; undefined for any other value. */
function repeated(json: unknown, n: number, path: string): unknown[] | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json) || !('repeat' in json)) return undefined;
  const { repeat, count, ...rest } = json as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || Number(count) !== n) throw new CliError(`${path}: {"repeat": x, "count": ${n}} needs exactly the keys repeat and count, with count ${n}`, EXIT_USAGE);
  return Array.from({ length: n }, () => repeat);
}

/**
 * A union is lowered to a struct of its tag and one field per variant. It is written as in
 * ESCIR literals: `{"Variant": {…}}`, or `{"<tag>": "Variant" | value, …fields}` (the
 * fields inline or under the variant's name); the lowered form is accepted as it is.
 */
function prepareUnion(json: unknown, name: string, ctx: EscirValueContext, path: string, depth: number): unknown {
  const decl = ctx.table.declaration(name);
  if (decl?.kind !== 'union' || json === null || typeof json !== 'object' || Array.isArray(json)) return json;
  const obj = json as Record<string, unknown>;
  const keys = Object.keys(obj);
  const tag = obj[decl.discriminant];
  let variant: (typeof decl.variants)[number] | undefined;
  let body: unknown;
  if (tag !== undefined) {
    const asInt = typeof tag === 'number' && Number.isInteger(tag) ? BigInt(tag) : typeof tag === 'bigint' ? tag : typeof tag === 'string' && /^\d+$/.test(tag) ? BigInt(tag) : undefined;
    variant = decl.variants.find((v) => v.name === tag || v.value === asInt);
    if (!variant) throw new CliError(`${path}.${decl.discriminant}: ${JSON.stringify(tag)} is not a variant of ${name} (${decl.variants.map((v) => v.name).join(', ')})`, EXIT_USAGE);
    const nested = obj[variant.name];
    // Already the lowered form (tag plus variant fields), or the payload under the variant's name.
    if (keys.every((k) => k === decl.discriminant || decl.variants.some((v) => v.name === k))) body = nested ?? {};
    else body = Object.fromEntries(Object.entries(obj).filter(([k]) => k !== decl.discriminant));
  } else if (keys.length === 1) {
    variant = decl.variants.find((v) => v.name === keys[0]);
    body = obj[keys[0]!];
  }
  if (!variant) throw new CliError(`${path}: a ${name} is {"Variant": {…}} or {"${decl.discriminant}": "Variant", …} (variants: ${decl.variants.map((v) => v.name).join(', ')})`, EXIT_USAGE);
  return { [decl.discriminant]: variant.value.toString(), [variant.name]: prepare(body, variant.type, ctx, `${path}.${variant.name}`, depth + 1) };
}

/** A JSON value of an ESCIR type as the IR value the step function takes; usage errors name `path`. */
export async function escirValue(json: unknown, et: EType | undefined, ir: IrType, ctx: EscirValueContext, path: string): Promise<IrConst> {
  const { fromJson, ValueError } = await import('../../runtime/values/index.ts');
  const prepared = et ? prepare(json, et, ctx, path) : json;
  try {
    return fromJson(prepared, ir, ctx.types, path);
  } catch (e) {
    if (e instanceof ValueError) throw new CliError(e.message, EXIT_USAGE);
    throw e;
  }
}

/**
 * The first place where `actual` differs from an expectation (ESCIR.md §6 "Tests"): structs
 * compare the listed fields only, floats to 1e-9 relative, everything else exactly.
 * Returns undefined when it matches, else the dotted field path below the port.
 */
export function firstMismatch(actual: IrConst, m: Matcher, path = ''): string | undefined {
  if (m.kind === 'fields') {
    if (!Array.isArray(actual)) return path;
    for (const f of m.fields) {
      const d = firstMismatch(actual[f.index]!, f.matcher, `${path}.${f.name}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const want = m.value;
  if (typeof want === 'number' && typeof actual === 'number') {
    return want === actual || Math.abs(actual - want) <= 1e-9 * Math.max(Math.abs(want), Math.abs(actual)) ? undefined : path;
  }
  return valuesEqual(actual, want) ? undefined : path;
}
