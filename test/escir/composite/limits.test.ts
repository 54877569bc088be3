/**
 * Limits (ESCIR.md §8, E063) on the merged composite: what a config array holds comes from
 * its element type before its name; a poll rate left at the child's default counts too.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../helpers.ts';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'escir-limits-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const child = `name: poller
version: "0.9"
version: "1"
metadata: {category: sched}
types:
  Slot: {kind: struct, fields: [{name: register_id, type: u16}, {name: device_id, type: u16}]}
  Unit: {kind: struct, fields: [{name: slave_id, type: u8}]}
  Cfg:
    kind: struct
    fields:
      - {name: max_polls_per_second, type: u32, default: 100}
      - {name: table, type: "[Slot; 64]"}
      - {name: stations, type: "[Unit; 4]"}
      - {name: history, type: "[u16; 2]"}
inputs: [{name: config, type: Cfg}]
outputs: [{name: tick, type: u8}]
compute:
  nodes: [{id: n, type: transform, body: "1"}]
  flows: ["n -> tick"]
`;

const parent = (config: string) => `name: plant/gw
version: "0.9"
version: "1"
limits: {max_devices: 8, max_registers: 128, max_alarms: 4, max_polls_per_second: 500}
composition:
  - id: sched
    circuit: sched/poller
${config}`;

describe('E063 limits', () => {
  it('arrays are classed by their element (first `*_id` field) before their name; the default poll rate counts', () => {
    const dir = tree({ 'sched/poller.escir.yaml': child, 'plant/gw.escir.yaml': parent('') });
    const { diagnostics } = load(parent(''), { name: join(dir, 'plant', 'gw.escir.yaml') });
    const e063 = diagnostics.filter((d) => d.code === 'E063').map((d) => d.message);
    expect(e063).toEqual([
      '`sched`: config array `table` of `sched/poller` holds 64; `limits.max_registers` is 128',
      '`sched`: config array `stations` of `sched/poller` holds 4; `limits.max_devices` is 8',
      '`sched`: `max_polls_per_second` (the default of `poller`) is 100; `limits.max_polls_per_second` is 500',
    ]);
  });

  it('an override that reaches the rate clears it, and is located at the override', () => {
    const text = parent('    config: {max_polls_per_second: 250}\n');
    const dir = tree({ 'sched/poller.escir.yaml': child, 'plant/gw.escir.yaml': text });
    const { diagnostics } = load(text, { name: join(dir, 'plant', 'gw.escir.yaml') });
    const rate = diagnostics.find((d) => d.code === 'E063' && d.message.includes('polls'))!;
    expect(rate.message).toBe('`sched`: `max_polls_per_second` is 250; `limits.max_polls_per_second` is 500');
    expect(rate.pointer).toBe('/composition/0/config/max_polls_per_second');
    const ok = parent('    config: {max_polls_per_second: 500}\n');
    const dir2 = tree({ 'sched/poller.escir.yaml': child, 'plant/gw.escir.yaml': ok });
    expect(load(ok, { name: join(dir2, 'plant', 'gw.escir.yaml') }).diagnostics.filter((d) => d.message.includes('polls'))).toEqual([]);
  });
});
