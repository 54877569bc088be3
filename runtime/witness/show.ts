/** Human-readable rendering of a witness file (`estream witness show`). */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import type { ModuleMeta } from '../../compiler/wasm/meta.ts';
import { typesFromJson } from '../../compiler/wasm/meta.ts';
import { typeName } from '../../compiler/wasm/layout.ts';
import { decodeCanonical, formatJson, toJson } from '../values/index.ts';
import type { WitnessFile } from './format.ts';

function hex(b: Uint8Array, max = 64): string {
  const h = bytesToHex(b);
  return h.length > max * 2 ? `0x${h.slice(0, max * 2)}… (${b.length} bytes)` : `0x${h}`;
}

function value(bytes: Uint8Array, t: IrType | undefined, types: IrTypeDef[]): string {
  if (!t) return hex(bytes);
  try {
    return formatJson(toJson(decodeCanonical(bytes, t, types), t, types)).replace(/\s*\n\s*/g, ' ').trim();
  } catch {
    return hex(bytes);
  }
}

function where(loc: { file: string; line: number; column: number } | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '<no location>';
}

/** Text listing of a witness; with the module's metadata, values are decoded and named. */
export function showWitness(file: WitnessFile, meta?: ModuleMeta): string {
  const types = meta ? typesFromJson(meta.types) : [];
  const fm = meta?.funcs.find((f) => f.name === file.header.func);
  const h = file.header;
  const out: string[] = [];
  out.push(`witness of ${h.circuit} (${h.func})`);
  out.push(`  compiler ${h.compilerVersion}, -O${h.optLevel}, fuel ${h.fuel}, module sha3 ${h.moduleHash}`);
  for (const s of h.sources) out.push(`  source ${s.path} sha3 ${s.sha3}`);
  out.push(`  attested: ${h.attested ? 'yes' : 'no'}, signed: ${h.signed ? 'yes (ML-DSA-87)' : 'no'}`);
  out.push('inputs:');
  file.recording.inputs.forEach((b, i) => out.push(`  ${fm?.params[i]?.name ?? `#${i}`} = ${value(b, fm?.params[i]?.type, types)}`));
  out.push(`records (${file.recording.records.length}):`);
  file.recording.records.forEach((r, i) => {
    if (r.kind === 'binding') {
      const b = meta?.bindings[r.id];
      const label = b ? `${b.name}: ${typeName(b.type, types)}` : `binding #${r.id}`;
      out.push(`  ${i + 1}. let ${label} = ${value(r.value, b?.type, types)}  @ ${where(b?.loc)}`);
    } else {
      const site = meta?.callSites[r.site];
      out.push(`  ${i + 1}. effect ${r.name}(args sha3 ${hex(r.argDigest)}) -> ${value(r.result, site?.resultType, types)}  @ ${where(site?.loc)}`);
    }
  });
  if (file.recording.trap) out.push(`outcome: trap ${file.recording.trap.kind}: ${file.recording.trap.message} @ ${where(file.recording.trap.location)}`);
  else out.push(`outcome: ${value(file.recording.output ?? new Uint8Array(0), fm?.result, types)}`);
  out.push(`commitment: ${hex(file.commitment)}`);
  if (file.signature) out.push(`signature: ${hex(file.signature.signature, 16)} by ${hex(file.signature.publicKey, 16)}`);
  return out.join('\n');
}
