import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSnapshot, diffJson, fileStem, readInputVectors, serializeSnapshot, snapshotPaths } from '../../../harness/golden/snapshot.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'golden-'));

describe('golden snapshot paths (LANGUAGE.md §8.8.4)', () => {
  it('lives in __golden__ next to the source, named <stem>.<circuit>.json', () => {
    const p = snapshotPaths('lib/garage.fl', 'price_stay');
    expect(p.snapshot).toBe(join('lib', '__golden__', 'garage.price_stay.json'));
    expect(p.inputCandidates[0]).toBe(join('lib', 'garage.price_stay.inputs.json'));
    expect(fileStem('a/b.c.fl')).toBe('b.c');
  });
});

describe('checkSnapshot', () => {
  it('fails when missing, writes only with update, then matches', () => {
    const d = dir();
    const path = join(d, '__golden__', 'x.c.json');
    expect(checkSnapshot(path, { fee: 5 }, false)).toEqual({ status: 'missing' });
    expect(checkSnapshot(path, { fee: 5 }, true)).toEqual({ status: 'written', created: true });
    expect(readFileSync(path, 'utf8')).toBe('{\n  "fee": 5\n}\n');
    expect(checkSnapshot(path, { fee: 5 }, false)).toEqual({ status: 'match' });
  });

  it('reports differences by path and leaves the file alone without update', () => {
    const d = dir();
    const path = join(d, 's.json');
    writeFileSync(path, serializeSnapshot({ fee: 5, lane: [1, 2] }));
    const out = checkSnapshot(path, { fee: 6, lane: [1, 3] }, false);
    expect(out.status).toBe('different');
    expect(out.status === 'different' && out.differences).toEqual(['$.fee: expected 5, got 6', '$.lane[1]: expected 2, got 3']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ fee: 5, lane: [1, 2] });
  });

  it('does not rewrite an unchanged file on update (same bytes, same mtime)', () => {
    const d = dir();
    const path = join(d, 's.json');
    checkSnapshot(path, [1, '0x00'], true);
    const before = statSync(path).mtimeMs;
    expect(checkSnapshot(path, [1, '0x00'], true)).toEqual({ status: 'match' });
    expect(statSync(path).mtimeMs).toBe(before);
  });

  it('treats key order as insignificant and flags unreadable files', () => {
    expect(diffJson({ a: 1, b: 2 }, { b: 2, a: 1 }, '$')).toEqual([]);
    const d = dir();
    const path = join(d, 'bad.json');
    writeFileSync(path, '{ nope');
    expect(checkSnapshot(path, 1, false).status).toBe('unreadable');
  });

  it('serialises deterministically', () => {
    expect(serializeSnapshot({ b: [1, { c: null }], a: '0xff' })).toBe(serializeSnapshot({ b: [1, { c: null }], a: '0xff' }));
  });
});

describe('input vectors', () => {
  it('defaults to canonical inputs', () => {
    expect(readInputVectors(snapshotPaths(join(dir(), 'a.fl'), 'c'))).toEqual({ kind: 'canonical' });
  });
  it('reads one vector (object) or several (array)', () => {
    const d = dir();
    writeFileSync(join(d, 'a.c.inputs.json'), '{"x": 1}');
    expect(readInputVectors(snapshotPaths(join(d, 'a.fl'), 'c'))).toMatchObject({ kind: 'file', several: false, vectors: [{ byName: { x: 1 } }] });
    mkdirSync(join(d, '__golden__'));
    writeFileSync(join(d, '__golden__', 'a.d.inputs.json'), '[{"x": 1}, [2, 3]]');
    expect(readInputVectors(snapshotPaths(join(d, 'a.fl'), 'd'))).toMatchObject({
      kind: 'file',
      several: true,
      vectors: [{ byName: { x: 1 } }, { positional: [2, 3] }],
    });
  });
  it('reports malformed vectors instead of throwing', () => {
    const d = dir();
    writeFileSync(join(d, 'a.c.inputs.json'), '[1]');
    expect(readInputVectors(snapshotPaths(join(d, 'a.fl'), 'c'))).toMatchObject({ kind: 'error' });
    writeFileSync(join(d, 'a.e.inputs.json'), 'not json');
    expect(readInputVectors(snapshotPaths(join(d, 'a.fl'), 'e'))).toMatchObject({ kind: 'error' });
  });
});
