/**
 * What `estream run` gives the host and the witness writer: the clock (`--clock`), the RNG
 * seed (`--seed`), models for `li_infer`/`li_classify` (`--model`) and the ML-DSA-87 key that
 * signs witnesses of attested circuits (`--key`).
 */
import { readFileSync } from 'node:fs';
import type { Model } from '../../runtime/host/index.ts';
import type { SigningKey } from '../../runtime/witness/index.ts';
import { CliError, EXIT_USAGE } from '../errors.ts';
import { ioReason } from '../../compiler/pipeline/files.ts';

const U64_MAX = (1n << 64n) - 1n;

/**
 * `--clock` as u64 milliseconds: an integer, or an ISO-8601 date (`2024-05-01T12:00:00Z`).
 * Without it the clock reads the wall-clock time once, when the run starts; it does not move
 * during the call (LANGUAGE.md §8.4.3), and the witness records every reading.
 */
export function parseClock(text: string | undefined, now: () => number = Date.now): bigint {
  if (text === undefined) return BigInt(now());
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const v = BigInt(t);
    if (v > U64_MAX) throw new CliError(`--clock ${t} does not fit u64 milliseconds`, EXIT_USAGE);
    return v;
  }
  const ms = Date.parse(t);
  if (Number.isNaN(ms) || ms < 0) throw new CliError(`--clock takes milliseconds since 1970 or an ISO-8601 date, not '${text}'`, EXIT_USAGE);
  return BigInt(ms);
}

export function parseFuel(text: string | undefined, fallback: bigint): bigint {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n) throw new CliError(`--fuel takes a positive integer, not '${text}'`, EXIT_USAGE);
  const v = BigInt(text.trim());
  if (v > (1n << 63n) - 1n) throw new CliError(`--fuel ${text} is too large (at most 2^63-1)`, EXIT_USAGE);
  return v;
}

/**
 * `--model FILE.json`: a JSON object from lex path (or "default") to the value the model
 * answers for every request from that lex path. Enough to run and witness model-backed
 * circuits from the command line; programs needing a real model register one through the
 * runtime API (`createHost({ models })`).
 */
export function readModels(path: string | undefined): Record<string, Model> | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read model file ${path}: ${ioReason(e)}`, EXIT_USAGE);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`model file ${path} is not valid JSON: ${(e as Error).message}`, EXIT_USAGE);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new CliError(`model file ${path} must be a JSON object from lex path (or "default") to the model's answer`, EXIT_USAGE);
  }
  const models: Record<string, Model> = {};
  for (const [lexPath, answer] of Object.entries(json as Record<string, unknown>)) models[lexPath] = () => answer;
  return models;
}

/**
 * `--key FILE`: an ML-DSA-87 private key in the marketplace's PEM format (made with
 * `estream marketplace keygen`), so one key file serves packages and witnesses.
 */
export async function readWitnessKey(path: string): Promise<SigningKey & { keyId: string }> {
  const { readSigningKey } = await import('../../marketplace/signing/keys.ts');
  try {
    const key = readSigningKey(path);
    return { secretKey: key.secretKey, publicKey: key.publicKey, keyId: key.keyId };
  } catch (e) {
    throw new CliError(`${(e as Error).message}${(e as { hint?: string }).hint ? ` (${(e as { hint?: string }).hint})` : ''}`, EXIT_USAGE);
  }
}
