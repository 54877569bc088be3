/**
 * Shared steps of the `estream witness` end-to-end tests (test/cli/witness*.test.ts): the
 * `verify --json` report, and the flip-every-byte tamper check.
 */
import { writeFileSync } from 'node:fs';
import { estream, type CliResult } from '../e2e/helpers.ts';

/** What `estream witness verify --json` prints. */
export interface VerifyJson {
  ok: boolean;
  commitmentOk: boolean;
  signature: string;
  signer?: string;
  replayed: boolean;
  error?: string;
  problems: string[];
  sources: { path: string; state: string }[];
  difference?: { message: string; binding?: string; file?: string; line?: number; column?: number; recorded?: string; replayed?: string };
}

/** `estream witness verify FILE --json`, parsed, with the exit code. */
export async function verifyJson(file: string, extra: string[] = []): Promise<VerifyJson & { code: number }> {
  const r = await estream(['witness', 'verify', file, '--json', ...extra]);
  return { ...(JSON.parse(r.stdout) as VerifyJson), code: r.code };
}

/**
 * Flips every byte of `bytes` in turn (XOR with `mask(i)`), writes the copy to `scratch` and
 * runs `estream witness verify` on it. Returns the offsets whose change `caught` did not
 * recognise in the result: an empty list means every flip was detected.
 */
export async function undetectedFlips(bytes: Uint8Array, scratch: string, mask: (i: number) => number, caught: (r: CliResult) => boolean): Promise<number[]> {
  const missed: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const copy = Buffer.from(bytes);
    copy[i]! ^= mask(i);
    writeFileSync(scratch, copy);
    if (!caught(await estream(['witness', 'verify', scratch]))) missed.push(i);
  }
  return missed;
}

/** A rejection as the text report shows it: exit 1 and "NOT verified". */
export const reportedNotVerified = (r: CliResult): boolean => r.code === 1 && /NOT verified/.test(r.stdout);
