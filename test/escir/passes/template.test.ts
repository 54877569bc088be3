/** ESCIR.md §2 templates and §11 item 8: template mode, substitution, E010. */
import { describe, expect, it } from 'vitest';
import { load } from '../helpers.ts';

const TEMPLATE = `name: "{{SITE}}_guard"
version: "0.9"
version: "1.0.0"
types:
  Cfg: {kind: struct, fields: [{name: limit, type: u32, default: 10}]}
inputs: [{name: x, type: u32}, {name: config, type: Cfg}]
outputs: [{name: y, type: bool}]
example_config: {limit: "{{LIMIT}}"}
compute:
  nodes:
    - {id: n, type: compare, body: "x > 3"}
  flows: ["x -> n", "n.out -> y"]
`;

describe('templates', () => {
  it('template mode: placeholders are opaque, no E010', () => {
    const { codes, model } = load(TEMPLATE, { name: 'guard.template.yaml' });
    expect(codes).not.toContain('E010');
    expect(model!.template).toBe(true);
  });

  it('substitution: whole-string placeholders take the value type; the result validates', () => {
    const { codes, model } = load(TEMPLATE, { name: 'guard.template.yaml', substitutions: { SITE: 'dock4', LIMIT: 25 } });
    expect(codes.filter((c) => c.startsWith('E'))).toEqual([]);
    expect(model!.name).toBe('dock4_guard');
  });

  it('leftover placeholders are E010 at the placeholder', () => {
    const { diagnostics } = load(TEMPLATE, { name: 'guard.template.yaml', substitutions: { SITE: 'dock4' } });
    const e = diagnostics.find((d) => d.code === 'E010')!;
    expect([e.line, e.column, e.pointer]).toEqual([8, 26, '/example_config/limit']);
    const plain = load(TEMPLATE, { name: 'guard.escir.yaml' });
    expect(plain.codes.filter((c) => c === 'E010')).toHaveLength(2);
  });
});
