/** The composite/import search path (ESCIR.md §8): which files it indexes, and how deep. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitIndex } from '../../../compiler/escir/composite/resolver.ts';
import { ESCIR_SUFFIXES, isEscirCheckFile, isEscirFile } from '../../../compiler/escir/suffixes.ts';
import { ESCIR_SUFFIXES as PIPELINE_SUFFIXES, isEscirFile as pipelineIsEscirFile } from '../../../compiler/pipeline/escir-files.ts';

const root = mkdtempSync(join(tmpdir(), 'escir-resolver-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, name: string): string {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `name: ${name}\n`);
  return path;
}

describe('CircuitIndex', () => {
  it('indexes circuits, templates and schemas by name and stem, down to 12 levels, skipping dot and node_modules folders', () => {
    const shallow = put('alarm/siren.escir.yaml', 'siren');
    const yml = put('alarm/horn.flir.yml', 'horn');
    const schema = put('schemas/reading.esf.yaml', 'reading');
    const template = put('templates/gate.template.yml', 'gate');
    const deepest = put(`${Array.from({ length: 12 }, (_, i) => `d${i}`).join('/')}/deep.escir.yaml`, 'deep');
    put(`${Array.from({ length: 13 }, (_, i) => `e${i}`).join('/')}/too_deep.escir.yaml`, 'too_deep');
    put('.hidden/ghost.escir.yaml', 'ghost');
    put('node_modules/pkg/dep.escir.yaml', 'dep');
    put('notes/readme.yaml', 'readme');
    const index = new CircuitIndex([root, join(root, 'missing')]);
    expect(index.find('siren')).toBe(shallow);
    expect(index.find('alarm/siren')).toBe(shallow);
    expect(index.find('horn')).toBe(yml);
    expect(index.find('reading')).toBe(schema);
    expect(index.find('gate')).toBe(template);
    expect(index.find('deep')).toBe(deepest);
    for (const absent of ['too_deep', 'ghost', 'dep', 'readme']) expect(index.find(absent), absent).toBeUndefined();
  });

  it('a root that is a file indexes that file', () => {
    const single = put('single/solo.escir.yaml', 'solo');
    expect(new CircuitIndex([single]).find('solo')).toBe(single);
  });
});

describe('ESCIR file suffixes are defined once', () => {
  it('the pipeline uses the front end’s definition', () => {
    expect(PIPELINE_SUFFIXES).toBe(ESCIR_SUFFIXES);
    expect(pipelineIsEscirFile).toBe(isEscirFile);
    expect(isEscirFile('a/b.flir.yml')).toBe(true);
    expect(isEscirFile('a/b.template.yaml')).toBe(false);
    expect(isEscirCheckFile('a/b.template.yaml')).toBe(true);
    expect(isEscirCheckFile('a/b.esf.yaml')).toBe(false);
  });
});

describe('a context shared by a run over many files (`estream check`, `estream test`)', () => {
  it('resolves each file against its own default root, as when it is loaded alone', () => {
    const a = put('tree_a/cat/one.escir.yaml', 'one');
    const sibling = put('tree_a/transport/link.escir.yaml', 'link');
    const other = put('tree_b/cat/two.escir.yaml', 'two');
    put('tree_b/transport/link.escir.yaml', 'link');
    const shared = new CircuitIndex([]);
    expect(shared.find('transport/link', a)).toBe(sibling);
    expect(shared.find('transport/link', other)).toBe(join(root, 'tree_b/transport/link.escir.yaml'));
    expect(shared.find('two', a)).toBeUndefined();
    expect(shared.rootsFor(a)).toEqual([join(root, 'tree_a')]);
    // Explicit roots are searched together.
    expect(new CircuitIndex([join(root, 'tree_b')]).find('link', a)).toBe(join(root, 'tree_b/transport/link.escir.yaml'));
  });
});
