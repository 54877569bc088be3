import { describe, expect, it } from 'vitest';
import { load } from '../helpers.ts';

describe('YAML level (ESCIR.md §2)', () => {
  it('doubled version: format then circuit version, both positions kept', () => {
    const { model, diagnostics } = load('name: t\nversion: "0.9.1"\nversion: "2.3.0"\ncompute: {nodes: [], flows: []}\n');
    expect(model!.formatVersion).toBe('0.9.1');
    expect(model!.circuitVersion).toBe('2.3.0');
    const w = diagnostics.find((d) => d.code === 'W001')!;
    expect(w.line).toBe(3);
    expect(w.related?.[0]?.line).toBe(2);
  });

  it('three versions and nested duplicates are E001 citing both positions', () => {
    const { diagnostics } = load('name: t\nversion: 1\nversion: 2\nversion: 3\ncompute:\n  nodes: []\n  flows: []\n  nodes: []\n');
    const e = diagnostics.filter((d) => d.code === 'E001');
    expect(e.map((d) => d.line)).toEqual([3, 4, 8]);
    expect(e.every((d) => d.related?.length === 1)).toBe(true);
  });

  it('format version order: format (v stripped), escir_version, doubled version; W011 otherwise', () => {
    expect(load('name: t\nformat: v0.8.3\nversion: 3\ncomponents: []\n').model!.formatVersion).toBe('0.8.3');
    expect(load('name: t\nescir_version: "0.9.2"\nversion: 3\ncompute: {nodes: [], flows: []}\n').model!.formatVersion).toBe('0.9.2');
    const none = load('name: t\nversion: 3\ncompute: {nodes: [], flows: []}\n');
    expect(none.model!.formatVersion).toBe('0.9');
    expect(none.model!.circuitVersion).toBe('3');
    expect(none.codes).toContain('W011');
  });

  it('0x.. is an int; yes/no are strings with W003', () => {
    const { model, codes } = load('name: t\nversion: "0.9"\nversion: 1\nannotations: {mask: 0x1F, on_fault: no}\ncompute: {nodes: [], flows: []}\n');
    expect(model!.annotations.mask).toBe(31n);
    expect(model!.annotations.on_fault).toBe('no');
    expect(codes).toContain('W003');
  });

  it('anchors and aliases: W003 in legacy (values expanded), E002 in canonical (loading stops)', () => {
    const legacy = load('name: t\nversion: "0.9"\nversion: 1\nmetadata: &m {a: 1}\nannotations: *m\ncompute: {nodes: [], flows: []}\n');
    expect(legacy.codes.filter((c) => c === 'W003')).toHaveLength(2);
    expect(legacy.model!.annotations).toEqual({ a: 1n });
    const canonical = load('escir: "1.0"\nkind: circuit\nname: t\nversion: 1.0.0\nmeta: &m {a: 1}\n');
    expect(canonical.model).toBeUndefined();
    expect(canonical.codes).toContain('E002');
  });

  it('bad YAML, several documents, non-mapping root: E002 and no model', () => {
    for (const t of ['a: [1, 2\n', 'a: 1\n---\nb: 2\n', '42\n', '']) {
      const r = load(t);
      expect(r.model).toBeUndefined();
      expect(r.codes).toEqual(['E002']);
    }
  });

  it('never throws on arbitrary text', () => {
    const samples = ['{', ':', '- - -', 'a: !!binary xx', '"unterminated', 'a:\n\t- b', '%YAML 9.9\n---\na: 1', '? [a]\n: b\n'];
    for (const t of samples) expect(() => load(t)).not.toThrow();
  });
});
