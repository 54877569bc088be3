/**
 * `estream check` over ESCIR files of the three legacy dialects (the corpus written with
 * every documented key): no crash, no unknown-key noise, and composites resolve their
 * children exactly as when each file is loaded alone.
 */
import { describe, expect, it } from 'vitest';
import { estream } from '../e2e/helpers.ts';

interface CheckJson {
  files: { path: string; diagnostics: { code: string; severity: string; line: number; column: number; message: string }[] }[];
  errors: number;
}

async function check(paths: string[]): Promise<CheckJson & { code: number; stderr: string }> {
  const r = await estream(['check', ...paths, '--json']);
  return { ...(JSON.parse(r.stdout) as CheckJson), code: r.code, stderr: r.stderr };
}

describe('estream check on legacy ESCIR', () => {
  it('every documented key of dialects A, B and C is known; the files are clean but for real warnings', async () => {
    const r = await check(['test/fixtures/escir/corpus/keys']);
    expect(r.stderr).not.toMatch(/internal error|TypeError|    at /);
    expect(r.files.map((f) => f.path.split('/').pop()).sort()).toEqual(['cold_chain_monitor.escir.yaml', 'cold_site_base.escir.yaml', 'cold_site_plus.escir.yaml', 'frame_router.escir.yaml', 'udp_peer.escir.yaml']);
    const codes = r.files.flatMap((f) => f.diagnostics.map((d) => d.code));
    expect(codes.filter((c) => c === 'W022' || c === 'E022')).toEqual([]);
    expect(r.errors).toBe(0);
    expect(r.code).toBe(0);
    expect([...new Set(codes)].sort()).toEqual(['W001', 'W065']);
  });

  it('a composite checked with other files resolves its children on its own search path (no spurious E060)', async () => {
    const alone = await check(['test/fixtures/escir/composite/gateway/industrial_gateway_lite.escir.yaml']);
    const together = await check(['test/fixtures/escir/composite', 'test/fixtures/escir/corpus']);
    const lite = together.files.find((f) => f.path.endsWith('composite/gateway/industrial_gateway_lite.escir.yaml'))!;
    const brief = (ds: CheckJson['files'][number]['diagnostics']) => ds.map((d) => `${d.line}:${d.column} ${d.code}`);
    expect(brief(lite.diagnostics)).toEqual(brief(alone.files[0]!.diagnostics));
    // Its TCP and Modbus children are found (ESCIR.md §8: only genuinely absent circuits are E060).
    expect(lite.diagnostics.filter((d) => d.code === 'E060').map((d) => d.message).join('\n')).not.toMatch(/tcp_peer|modbus_tcp_client/);
  });
});
