/** Build the header of a witness for a call on a loaded module. */
import type { CompiledModule } from '../../compiler/wasm/index.ts';
import { sha3Hex, type WitnessHeader } from './format.ts';

export function witnessHeaderFor(
  compiled: CompiledModule,
  func: string,
  options: { sources?: { path: string; text: string | Uint8Array }[]; fuel?: bigint | number } = {},
): Omit<WitnessHeader, 'signed'> {
  const fm = compiled.meta.funcs.find((f) => f.name === func || f.sourceName === func);
  if (!fm) throw new Error(`no function named ${func} in the module`);
  return {
    circuit: fm.sourceName,
    func: fm.name,
    compilerVersion: compiled.meta.compilerVersion,
    moduleHash: sha3Hex(compiled.wasm),
    sources: (options.sources ?? []).map((s) => ({ path: s.path, sha3: sha3Hex(typeof s.text === 'string' ? new TextEncoder().encode(s.text) : s.text) })),
    optLevel: compiled.meta.optLevel,
    fuel: String(options.fuel ?? 10_000_000n),
    attested: fm.attrs['attested'] === true,
  };
}
