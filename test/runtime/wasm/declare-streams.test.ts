/**
 * loadModule must tell a host it did not create itself about the module's streams and
 * stores: without the declaration a throttled stream accepts every record (the defect R
 * reported: outside the test harness, throttle/retention/merkle chains were lost).
 */
import { describe, expect, it } from 'vitest';
import { compileSources } from '../../../compiler/pipeline/program.ts';
import { compileModule } from '../../../compiler/wasm/index.ts';
import { createHost } from '../../../runtime/host/index.ts';
import { loadModule } from '../../../runtime/wasm/index.ts';

const SOURCE = `type Ping = struct { n: u32, }
stream pings: event<Ping>
    | throttle 2/s burst 2

circuit send(n: u32) -> bool {
    emit(pings, Ping { n: n })
}
`;

async function compiled() {
  const program = compileSources([{ path: 'pings.fl', text: SOURCE }]);
  expect(program.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compileModule(program.ir, { optLevel: 0, witness: false });
}

describe('loadModule declares the module streams on the host', () => {
  it('applies the throttle with the module host (control)', async () => {
    const m = await loadModule(await compiled());
    const sent = [1, 2, 3].map((n) => m.call('send', [n]).value);
    expect(sent).toEqual([true, true, false]);
  });

  it('applies the throttle with a host given to loadModule', async () => {
    const host = createHost();
    const m = await loadModule(await compiled(), { host });
    const sent = [1, 2, 3].map((n) => m.call('send', [n]).value);
    expect(sent).toEqual([true, true, false]);
    expect(host.streams.records('pings')).toHaveLength(2);
    expect(host.streams.stats('pings')).toEqual({ accepted: 2, dropped: 1 });
  });

  it('applies the throttle with a host given to one call', async () => {
    const m = await loadModule(await compiled());
    const host = createHost();
    const sent = [1, 2, 3].map((n) => m.call('send', [n], { host }).value);
    expect(sent).toEqual([true, true, false]);
  });
});
