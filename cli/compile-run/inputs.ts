/**
 * `--input JSON|@file.json|@-` for `estream run`: a JSON array (arguments by position) or a
 * JSON object (arguments by parameter name), each value in canonical JSON as
 * specs/values.md describes (decimal strings for wide integers, "0x…" bytes, variant names).
 */
import { readFileSync } from 'node:fs';
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { ioReason } from '../../compiler/pipeline/files.ts';

export interface Parameter {
  name: string;
  type: IrType;
}

/** The input text: inline JSON, `@path` for a file, `@-` for standard input. */
export function readInputText(spec: string): { text: string; origin: string } {
  if (!spec.startsWith('@')) return { text: spec, origin: '--input' };
  const path = spec.slice(1);
  if (path === '') throw new CliError("--input @ needs a file name (or @- for standard input)", EXIT_USAGE);
  try {
    return { text: readFileSync(path === '-' ? 0 : path, 'utf8'), origin: path === '-' ? 'standard input' : path };
  } catch (e) {
    throw new CliError(`cannot read input file ${path}: ${ioReason(e)}`, EXIT_USAGE);
  }
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${origin} is not valid JSON: ${(e as Error).message}`, EXIT_USAGE);
  }
}

function signature(circuit: string, params: readonly Parameter[], types: IrTypeDef[], typeName: (t: IrType, types: IrTypeDef[]) => string): string {
  return `${circuit}(${params.map((p) => `${p.name}: ${typeName(p.type, types)}`).join(', ')})`;
}

/**
 * The argument values for a call. A missing `--input` is accepted only for a circuit without
 * parameters; a missing, extra or ill-typed argument is a usage error naming the parameter.
 */
export async function parseArguments(spec: string | undefined, circuit: string, params: readonly Parameter[], types: IrTypeDef[]): Promise<IrConst[]> {
  const { fromJson, typeName, ValueError } = await import('../../runtime/values/index.ts');
  const sig = signature(circuit, params, types, typeName);
  if (spec === undefined) {
    if (params.length === 0) return [];
    throw new CliError(`${circuit} takes ${params.length} argument${params.length === 1 ? '' : 's'}: pass --input with a JSON array or object for ${sig}`, EXIT_USAGE);
  }
  const { text, origin } = readInputText(spec);
  const json = parseJson(text, origin);
  let values: unknown[];
  if (Array.isArray(json)) {
    if (json.length !== params.length) throw new CliError(`${circuit} takes ${params.length} argument${params.length === 1 ? '' : 's'}, the input array has ${json.length}: ${sig}`, EXIT_USAGE);
    values = json;
  } else if (json !== null && typeof json === 'object') {
    const byName = json as Record<string, unknown>;
    const unknown = Object.keys(byName).filter((k) => !params.some((p) => p.name === k));
    if (unknown.length > 0) throw new CliError(`${circuit} has no parameter ${unknown.map((k) => `'${k}'`).join(', ')}: ${sig}`, EXIT_USAGE);
    const missing = params.filter((p) => !(p.name in byName));
    if (missing.length > 0) throw new CliError(`input lacks ${missing.map((p) => `'${p.name}'`).join(', ')}: ${sig}`, EXIT_USAGE);
    values = params.map((p) => byName[p.name]);
  } else if (params.length === 1) {
    // A single scalar argument may be given bare: --input 42.
    values = [json];
  } else {
    throw new CliError(`--input must be a JSON array (by position) or object (by parameter name) for ${sig}`, EXIT_USAGE);
  }
  return params.map((p, i) => {
    try {
      return fromJson(values[i], p.type, types, `input.${p.name}`);
    } catch (e) {
      if (e instanceof ValueError) throw new CliError(e.message, EXIT_USAGE);
      throw e;
    }
  });
}
