import { describe, expect, it } from 'vitest';
import { ModuleBuilder, E, S, T, at } from '../../wasm/ir-builder.ts';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';
import { checkIntegrity, readWitness, showWitness, verifyWitness, witnessHeaderFor, writeWitness } from '../../../runtime/witness/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { keysFromSeed } from '../../../runtime/builtins/index.ts';
import { RuntimeTrap } from '../../../runtime/errors.ts';
import type { IrModule } from '../../../compiler/ir/ir.ts';

/** A metered licence: reads the clock and a kv counter, loops over usage, records bindings. */
function licence(variant: 'good' | 'changed' = 'good'): IrModule {
  const mb = new ModuleBuilder();
  mb.func('meter', T.u64, (f) => {
    const usage = f.param('usage', T.list(T.u32));
    const rate = f.param('rate', T.u64);
    const now = f.let('now', E.host('current_time', [], T.u64, at(3, 15)), at(3, 5));
    const total = f.declare('total', T.u64, true, at(4, 5));
    const i = f.declare('i', T.u64, true, at(5, 5));
    f.add(S.set(total, E.int(0), at(4, 5)));
    f.add(
      S.loop([
        S.if(E.bin('ge', f.get(i), E.len(usage)), [S.break()]),
        S.set(total, E.bin('add', f.get(total), E.bin('mul', E.convert('int', E.index(usage, f.get(i), T.u32), T.u64), variant === 'good' ? rate : E.bin('add', rate, E.int(1))))),
        S.set(i, E.bin('add', f.get(i), E.int(1))),
      ], at(6, 5)),
    );
    const digest = f.let('digest', E.builtin('sha3_256', [E.builtin('concat', [E.convert('int_bytes', f.get(total), T.bytesN(8)), E.convert('int_bytes', now, T.bytesN(8))], T.bytes)], T.bytesN(32)), at(9, 5));
    f.add(S.expr(E.host('kv_put', [E.str('last'), digest], T.void, at(10, 5))));
    f.add(S.ret(f.get(total)));
  }, { attrs: { attested: true, lex: 'acme' } });
  return mb.build();
}

async function record(ir = licence(), key?: Parameters<typeof writeWitness>[2]) {
  const compiled = await compileModule(ir, { optLevel: 1 });
  const mod = await loadModule(compiled);
  const r = mod.callIr('meter', [[1n, 2n, 3n], 10n], { witness: true, host: createHost() });
  const header = witnessHeaderFor(compiled, 'meter', { sources: [{ path: 'licence.fl', text: 'circuit meter…' }] });
  return { compiled, mod, value: r.value, file: writeWitness(r.witness!, header, key) };
}

describe('witness recording, file, replay and tampering', () => {
  it('records inputs, every witness binding in order, effects and the output', async () => {
    const { mod, value } = await record();
    expect(value).toBe(60n);
    const r = mod.callIr('meter', [[1n, 2n, 3n], 10n], { witness: true }).witness!;
    const names = r.records.map((x) => (x.kind === 'binding' ? mod.meta.bindings[x.id]!.name : `!${x.name}`));
    expect(names).toEqual(['!current_time', 'now', 'total', 'total', 'i', 'total', 'i', 'total', 'i', 'digest', '!kv_put']);
    expect(r.inputs.length).toBe(2);
    expect(Buffer.from(r.output!).toString('hex')).toBe('000000000000003c');
    expect(mod.meta.bindings.find((b) => b.name === 'digest')?.loc).toMatchObject({ file: 'test/prog.fl', line: 9, column: 5 });
  });

  it('witness off records nothing and returns the same value', async () => {
    const { mod } = await record();
    const r = mod.callIr('meter', [[1n, 2n, 3n], 10n]);
    expect(r.witness).toBeUndefined();
    expect(r.value).toBe(60n);
  });

  it('verifies: integrity, then replay with recorded effects reproduces every binding', async () => {
    const { file, compiled } = await record();
    const report = await verifyWitness(file, async () => loadModule(compiled));
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ ok: true, commitmentOk: true, replayed: true, signature: 'none' });
    // Replay uses recorded effect results: a host whose clock differs changes nothing.
    const text = showWitness(readWitness(file), compiled.meta);
    expect(text).toMatch(/let now: u64 = 1700000000000 {2}@ test\/prog\.fl:3:5/);
    expect(text).toMatch(/outcome: 60/);
  });

  it('names the first binding whose value differs when the program changed', async () => {
    const { file } = await record();
    const changed = await loadModule(await compileModule(licence('changed'), { optLevel: 1 }));
    const report = await verifyWitness(file, async () => changed);
    expect(report.ok).toBe(false);
    expect(report.difference?.binding?.name).toBe('total');
    expect(report.difference?.loc).toMatchObject({ line: 4, column: 5 });
    expect(report.error).toMatch(/binding total has a different value/);
  });

  it('a replay whose effect arguments differ is replay_divergence', async () => {
    const { file } = await record();
    const parsed = readWitness(file);
    const compiled = await compileModule(licence(), { optLevel: 0 });
    const mod = await loadModule(compiled);
    // Different usage → different digest → kv_put is called with different arguments.
    const { replay } = await import('../../../runtime/witness/verify.ts');
    parsed.recording.inputs[0] = (await import('../../../runtime/values/index.ts')).encodeCanonical([5n], T.list(T.u32), mod.types);
    const r = replay(parsed, mod);
    expect(r.difference?.message).toMatch(/binding total|replay diverged/);
    try {
      mod.callIr('meter', [[5n], 10n], {
        witness: true,
        replay: (await import('../../../runtime/wasm/index.ts')).replayFrom(parsed.recording.records.filter((x) => x.kind === 'effect') as never),
      });
      throw new Error('expected divergence');
    } catch (e) {
      expect(e).toBeInstanceOf(RuntimeTrap);
      expect((e as RuntimeTrap).kind).toBe('replay_divergence');
      expect((e as RuntimeTrap).location?.line).toBe(10);
    }
  });

  it('a flipped byte anywhere in an unsigned witness is caught', async () => {
    const { file } = await record();
    for (let i = 0; i < file.length; i++) {
      const bad = file.slice();
      bad[i] ^= 0x01;
      const r = checkIntegrity(bad);
      expect(r.ok, `byte ${i} of ${file.length}`).toBe(false);
    }
    expect(checkIntegrity(file).ok).toBe(true);
    expect(checkIntegrity(file.slice(0, file.length - 1)).ok).toBe(false);
    expect(checkIntegrity(new Uint8Array([...file, 0])).ok).toBe(false);
  });

  it('attested circuits get the commitment signed with ML-DSA-87; tampering breaks it', async () => {
    const keys = keysFromSeed(new Uint8Array(8).fill(7));
    const { file, compiled } = await record(licence(), { secretKey: keys.mldsaSk, publicKey: keys.mldsaPk });
    const parsed = readWitness(file);
    expect(parsed.header.signed).toBe(true);
    expect(parsed.signature?.signature.length).toBe(4627);
    const ok = await verifyWitness(file, async () => loadModule(compiled));
    expect(ok).toMatchObject({ ok: true, signature: 'valid' });
    // Flip bytes across the whole file (body, commitment, key, signature); a sample keeps it fast.
    for (let i = 0; i < file.length; i += Math.max(1, Math.floor(file.length / 97))) {
      const bad = file.slice();
      bad[i] ^= 0x80;
      expect(checkIntegrity(bad).ok, `byte ${i}`).toBe(false);
    }
    const last = file.slice();
    last[last.length - 1] ^= 1;
    expect(checkIntegrity(last).ok).toBe(false);
  });

  it('a void circuit with an effect verifies', async () => {
    const mb = new ModuleBuilder();
    mb.func('touch', T.void, (f) => {
      const k = f.param('k', T.string);
      f.add(S.expr(E.host('kv_put', [k, E.int(1)], T.void, at(2, 2))));
    });
    const compiled = await compileModule(mb.build(), { optLevel: 1 });
    const mod = await loadModule(compiled);
    const rec = mod.call('touch', ['a'], { witness: true }).witness!;
    const file = writeWitness(rec, witnessHeaderFor(compiled, 'touch'));
    expect(await verifyWitness(file, async () => mod)).toMatchObject({ ok: true, replayed: true });
  });

  it('a trapping call is recorded with its trap and verifies', async () => {
    const mb = new ModuleBuilder();
    mb.func('boom', T.u32, (f) => {
      const x = f.param('x', T.u32);
      f.let('y', E.bin('add', x, E.int(1, T.u32)), at(2, 2));
      f.add(S.trap('fail', 'always', at(3, 3)));
    });
    const compiled = await compileModule(mb.build(), { optLevel: 1 });
    const mod = await loadModule(compiled);
    let rec;
    try {
      mod.callIr('boom', [1n], { witness: true });
    } catch (e) {
      rec = (e as RuntimeTrap & { witness?: never }).witness;
    }
    expect(rec).toBeDefined();
    const file = writeWitness(rec!, witnessHeaderFor(compiled, 'boom'));
    const report = await verifyWitness(file, async () => mod);
    expect(report.ok).toBe(true);
    expect(readWitness(file).recording.trap).toMatchObject({ kind: 'fail', message: 'always', location: { line: 3 } });
  });
});
