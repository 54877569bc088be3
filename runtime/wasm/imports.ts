/**
 * The JS side of the module's imports (specs/abi.md §5): traps, host effects (recorded in
 * the witness), pure builtins from runtime/builtins, 128-bit integers and `any` values.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import type { IrConst, IrType, IrTypeDef } from '../../compiler/ir/ir.ts';
import type { ModuleMeta, CallSite } from '../../compiler/wasm/meta.ts';
import { argsLayout, slotKind } from '../../compiler/wasm/layout.ts';
import { loadSlot, readValue, storeSlot, writeValue, type AnyTypeTable, type Arena } from '../../compiler/wasm/value-memory.ts';
import { RuntimeTrap, type RuntimeLocation } from '../errors.ts';
import type { Host } from '../host/index.ts';
import { getBuiltin } from '../builtins/index.ts';
import { decodeCanonical, encodeCanonical, fromAny, valuesEqual, ValueError } from '../values/index.ts';
import { RECORD_EFFECT } from './recording.ts';
import type { EffectReplay } from './replay-source.ts';
import { readWide, wideCompute, wideFromFloat, writeWide } from './wide.ts';

export interface CallState {
  host: Host;
  witnessOn: boolean;
  replay: EffectReplay | undefined;
}

interface ImportContext {
  meta: ModuleMeta;
  types: IrTypeDef[];
  anyTable: AnyTypeTable;
  state: CallState;
  arena: () => Arena;
  exports: () => { 'rt.witReserve': (n: number) => number; 'rt.alloc': (n: number) => number };
  callStack: () => string[];
}

/** Digest of effect arguments: SHA3-256 over each argument as u32 length ‖ canonical bytes. */
export function argumentDigest(args: IrConst[], argTypes: IrType[], types: IrTypeDef[]): Uint8Array {
  const parts = args.map((a, i) => encodeCanonical(a, argTypes[i]!, types));
  const total = parts.reduce((n, p) => n + 4 + p.length, 0);
  const buf = new Uint8Array(total);
  const view = new DataView(buf.buffer);
  let off = 0;
  for (const p of parts) {
    view.setUint32(off, p.length);
    buf.set(p, off + 4);
    off += 4 + p.length;
  }
  return sha3_256(buf);
}

export function buildImports(cx: ImportContext): Record<string, (...args: never[]) => unknown> {
  const { meta, types, anyTable } = cx;
  const loc = (site: { loc?: RuntimeLocation } | undefined): RuntimeLocation | undefined => (site?.loc ? { ...site.loc } : undefined);

  const readArgs = (site: CallSite, ptr: number): IrConst[] => {
    const a = cx.arena();
    const kinds = site.argTypes.map((t) => slotKind(t, types));
    const layout = argsLayout(kinds);
    return site.argTypes.map((t, i) => readValue(a, t, loadSlot(a, ptr + layout.offsets[i]!, kinds[i]!), types, anyTable));
  };
  /** Lay a result out and return a pointer to an 8-byte box holding its slot. */
  const boxResult = (t: IrType, v: IrConst): number => {
    const a = cx.arena();
    const kind = slotKind(t, types);
    const slot = kind === 'none' ? 0 : writeValue(a, t, v, types, anyTable);
    const box = a.alloc(8);
    storeSlot(a, box, kind, slot);
    return box;
  };
  const located = (e: unknown, site: { loc?: RuntimeLocation }, what: string): RuntimeTrap => {
    if (e instanceof RuntimeTrap) return e.location ? e : new RuntimeTrap(e.kind, e.message, loc(site), cx.callStack());
    if (e instanceof ValueError) return new RuntimeTrap('conversion', `${what}: ${e.message}`, loc(site), cx.callStack());
    return new RuntimeTrap('host', `${what} failed: ${e instanceof Error ? e.message : String(e)}`, loc(site), cx.callStack());
  };
  const recordEffect = (siteId: number, digest: Uint8Array, result: Uint8Array) => {
    const p = cx.exports()['rt.witReserve'](9 + 32 + result.length);
    const a = cx.arena();
    a.bytes[p] = RECORD_EFFECT;
    a.view.setUint32(p + 1, siteId, true);
    a.view.setUint32(p + 5, 32 + result.length, true);
    a.bytes.set(digest, p + 9);
    a.bytes.set(result, p + 9 + 32);
  };
  const readAny = (p: number): IrConst => readValue(cx.arena(), { k: 'any' }, p, types, anyTable);

  return {
    trap(siteId: number) {
      const site = meta.sites[siteId];
      throw new RuntimeTrap(site?.kind ?? 'host', site?.message ?? `trap #${siteId}`, loc(site), cx.callStack());
    },
    host(siteId: number, argsPtr: number): number {
      const site = meta.callSites[siteId]!;
      const args = readArgs(site, argsPtr);
      const { state } = cx;
      let result: IrConst;
      if (state.replay) {
        const digest = argumentDigest(args, site.argTypes, types);
        const bytes = state.replay.next(site.name, digest, loc(site));
        try {
          result = decodeCanonical(bytes, site.resultType, types);
        } catch (e) {
          throw new RuntimeTrap('replay_divergence', `recorded result of ${site.name} does not decode as its type: ${(e as Error).message}`, loc(site), cx.callStack());
        }
        if (state.witnessOn) recordEffect(siteId, digest, bytes);
        return boxResult(site.resultType, result);
      }
      try {
        const call = { name: site.name, args, argTypes: site.argTypes, resultType: site.resultType, types } as Parameters<Host['invoke']>[0];
        if (site.target !== undefined) call.target = site.target;
        if (site.lexPath !== undefined) call.lexPath = site.lexPath;
        result = state.host.invoke(call);
      } catch (e) {
        throw located(e, site, `host effect ${site.name}`);
      }
      if (state.witnessOn) recordEffect(siteId, argumentDigest(args, site.argTypes, types), encodeCanonical(result, site.resultType, types));
      try {
        return boxResult(site.resultType, result);
      } catch (e) {
        throw located(e, site, `result of host effect ${site.name}`);
      }
    },
    builtin(siteId: number, argsPtr: number): number {
      const site = meta.callSites[siteId]!;
      const impl = getBuiltin(site.name);
      if (!impl) throw new RuntimeTrap('host', `unknown builtin ${site.name}`, loc(site), cx.callStack());
      const args = readArgs(site, argsPtr);
      let result: IrConst;
      try {
        result = impl(args, { argTypes: site.argTypes, resultType: site.resultType, types });
        return boxResult(site.resultType, result);
      } catch (e) {
        throw located(e, site, `builtin ${site.name}`);
      }
    },
    fmod: (a: number, b: number) => a % b,
    wide(op: number, pa: number, pb: number, flags: number, out: number): number {
      const view = cx.arena().view;
      const signed = (flags & 1) === 1;
      const a = readWide(view, pa, signed);
      const b = pb === 0 ? 0n : readWide(view, pb, signed);
      const r = wideCompute(op, a, b, signed, flags & 6);
      if (r.status === 0) writeWide(cx.arena().view, out, r.value);
      return r.status;
    },
    wideCmp(pa: number, pb: number, signed: number): number {
      const view = cx.arena().view;
      const a = readWide(view, pa, signed === 1);
      const b = readWide(view, pb, signed === 1);
      return a < b ? -1 : a > b ? 1 : 0;
    },
    wideFrom64(v: bigint, signed: number, out: number): void {
      writeWide(cx.arena().view, out, signed === 1 ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v));
    },
    wideFromF64(f: number, signed: number, out: number): void {
      writeWide(cx.arena().view, out, wideFromFloat(f, signed === 1));
    },
    wideToF64(p: number, signed: number): number {
      return Number(readWide(cx.arena().view, p, signed === 1));
    },
    fromAny(p: number, typeIndex: number, siteId: number): number {
      const target = anyTable.typeAt(typeIndex);
      let v: IrConst;
      try {
        v = fromAny(readAny(p), target, types);
      } catch (e) {
        const site = meta.sites[siteId];
        const detail = e instanceof Error ? e.message : String(e);
        throw new RuntimeTrap('conversion', `${site?.message ?? 'dynamic value has the wrong shape'}: ${detail}`, loc(site), cx.callStack());
      }
      return boxResult(target, v);
    },
    anyEq: (a: number, b: number) => (valuesEqual(readAny(a), readAny(b)) ? 1 : 0),
    anyEnc(p: number, dst: number, sizeOnly: number): number {
      const bytes = encodeCanonical(readAny(p), { k: 'any' }, types);
      if (sizeOnly) return bytes.length;
      cx.arena().bytes.set(bytes, dst);
      return dst + bytes.length;
    },
  };
}
