/**
 * Property: mutating any ESCIR fixture of the project — deleting, duplicating or retyping a key,
 * swapping a scalar for a mapping or a list, truncating the text, dropping or doubling a line,
 * CRLF + BOM, YAML 1.1 words, anchors and merge keys, extra documents — never makes `check` or
 * `compile` throw, and every finding they report is located inside the file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { checkEscirSource, compileEscirSource } from '../../compiler/escir/index.ts';
import { FIXTURES } from './helpers.ts';

const files: { path: string; text: string }[] = [];
const walk = (d: string) => {
  for (const n of readdirSync(d).sort()) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(escir|flir|template)\.yaml$/.test(n)) files.push({ path: p, text: readFileSync(p, 'utf8') });
  }
};
walk(FIXTURES);
walk(join(FIXTURES, '..', 'escir-run'));

const REPLACEMENTS: unknown[] = [null, 0, -1, 'x', '', 'config.nope', 'a -> b', [], {}, [1, 'a'], { a: 1 }, { id: 'q', type: 'fifo' }, true, '0xzz', 3.5, 'Stream<u8>', '...', 2n ** 64n, 'bytes(0)', [[]], { '': null }, '{{X}}'];
const WORDS = ['yes', 'no', 'on', 'off', '0x1F', '"12"', '~', '*nope', '&a x', '[', '{', "'", '|', '>-', '- ', ': :', '.inf', '-.nan', '"\\u00e9"'];

type Collection = { items: unknown[] };
function collections(node: unknown, out: Collection[] = []): Collection[] {
  if (isMap(node)) {
    out.push(node as unknown as Collection);
    for (const p of node.items) collections(p.value, out);
  } else if (isSeq(node)) {
    out.push(node as unknown as Collection);
    for (const x of node.items) collections(x, out);
  }
  return out;
}

/** One mutation of `text`, chosen and placed by the numbers. */
function mutate(text: string, kind: number, a: number, b: number, c: number): string {
  const lines = text.split('\n');
  const line = a % lines.length;
  switch (kind) {
    case 0:
      return text.slice(0, a % (text.length + 1));
    case 1:
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    case 2:
      lines.splice(line, 1 + (b % 3));
      return lines.join('\n');
    case 3:
      return '\ufeff' + text.replace(/\n/g, '\r\n');
    case 4:
      lines[line] = lines[line]!.replace(/(:\s+)(\S.*)$/, `$1${WORDS[b % WORDS.length]}`);
      return lines.join('\n');
    case 5: {
      const m = /^(\s*)(- )?([A-Za-z_]+):/.exec(lines[line]!);
      if (m) {
        const indent = ' '.repeat(m[1]!.length + (m[2] ? 2 : 0));
        lines.splice(line + 1, 0, `${indent}<<: {x_extra: 1, ${m[3]}: 2}`);
        lines.splice(line, 0, `${indent}future_key_${b % 5}: &anc {a: [1, 2], b: yes}`);
      }
      return lines.join('\n');
    }
    case 6:
      return b % 2 ? `---\n${text}\n...\n` : `${text}\n---\nname: other\n`;
    default: {
      // Structural: delete, duplicate, replace or retype an entry of a random mapping or list.
      const doc = parseDocument(text, { uniqueKeys: false }) as Document.Parsed;
      if (doc.errors.length > 0) return text;
      const cols = collections(doc.contents);
      if (cols.length === 0) return text;
      const col = cols[a % cols.length]!;
      if (col.items.length === 0) return text;
      const i = b % col.items.length;
      const isPairs = isMap(col);
      const current = isPairs ? (col.items[i] as { value: unknown }).value : col.items[i];
      const set = (v: unknown) => {
        if (isPairs) (col.items[i] as { value: unknown }).value = v;
        else col.items[i] = v;
      };
      const op = kind - 7;
      if (op === 0) col.items.splice(i, 1);
      else if (op === 1) col.items.splice(i, 0, col.items[i]);
      else if (op === 2) set(doc.createNode(REPLACEMENTS[c % REPLACEMENTS.length]));
      else set(isScalar(current) ? doc.createNode(c % 2 ? [current.value] : { k: current.value }) : isSeq(current) ? doc.createNode({ k: 1 }) : doc.createNode('str'));
      try {
        return doc.toString();
      } catch {
        return text;
      }
    }
  }
}

function located(ds: Diagnostic[], text: string): boolean {
  const lines = text.split(/\r?\n/).length + 1;
  return ds.every((d) => Number.isInteger(d.line) && Number.isInteger(d.column) && d.line >= 1 && d.column >= 1 && d.line <= lines && d.endLine >= d.line && typeof d.code === 'string');
}

describe('mutated fixtures', () => {
  it('property: check and compile never throw, and every finding is located in the file', () => {
    expect(files.length).toBeGreaterThan(40);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 10 }), fc.nat(), fc.nat(), fc.nat(), (f, kind, a, b, c) => {
        const { path, text } = files[f % files.length]!;
        const mutated = mutate(text, kind, a, b, c);
        return located(checkEscirSource(path, mutated), mutated) && located(compileEscirSource(path, mutated).diagnostics, mutated);
      }),
      // ESCIR_MUTATION_RUNS raises the count for a deeper local search; CI keeps it quick.
      { numRuns: Number(process.env['ESCIR_MUTATION_RUNS'] ?? 120) },
    );
  });
});
