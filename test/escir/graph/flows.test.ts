import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandFlow, FlowSyntaxError, parseFlow } from '../../../compiler/escir/graph/flows.ts';

describe('flows (ESCIR.md §5.1)', () => {
  it('adjacent groups expand to their cross product in textual order', () => {
    const pairs = expandFlow(parseFlow('a, b -> c -> d, e')).map(([x, y]) => `${x.text}>${y.text}`);
    expect(pairs).toEqual(['a>c', 'b>c', 'c>d', 'c>e']);
  });

  it('endpoints with ports, field projections and composite indices', () => {
    const [[a], [b]] = parseFlow('probe_pool[*].reading -> logger.sample.value');
    expect(a!.index?.value).toBe('*');
    expect(a!.segs.map((s) => s.name)).toEqual(['probe_pool', 'reading']);
    expect(b!.segs.map((s) => s.name)).toEqual(['logger', 'sample', 'value']);
  });

  it('syntax errors carry the offset of the offending token', () => {
    try {
      parseFlow('a => b');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FlowSyntaxError);
      expect((e as FlowSyntaxError).start).toBe(2);
    }
    expect(() => parseFlow('a')).toThrow(FlowSyntaxError);
    expect(() => parseFlow('pool[2] -> b')).toThrow(FlowSyntaxError);
  });

  it('property: a chain of n groups of sizes k_i yields sum k_i*k_{i+1} edges', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 5 }), (sizes) => {
        let id = 0;
        const text = sizes.map((k) => Array.from({ length: k }, () => `n${id++}`).join(', ')).join(' -> ');
        const edges = expandFlow(parseFlow(text));
        let want = 0;
        for (let i = 0; i + 1 < sizes.length; i++) want += sizes[i]! * sizes[i + 1]!;
        return edges.length === want;
      }),
    );
  });
});
