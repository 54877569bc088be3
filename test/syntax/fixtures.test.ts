/**
 * The fixture corpus (test/fixtures/fastlang): every file parses with zero errors, and together
 * the files cover all 47 top-level shapes of LANGUAGE.md §5 (§11 item 87).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Decl, SourceFileAst } from '../../compiler/syntax/ast.ts';
import { parse } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../fixtures/fastlang');

function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...fixtureFiles(full));
    else if (/\.(fl|fld|flj)$/.test(name)) out.push(full);
  }
  return out;
}

/** The §5 shape number-name of a declaration. */
function shapeOf(d: Decl): string {
  switch (d.kind) {
    case 'Import':
      return `import ${d.form}`;
    case 'Use':
      return d.glob ? 'use glob' : d.names ? 'use names' : 'use path';
    case 'TypeDecl': {
      const t = d.type;
      if (t.kind === 'StructType') return t.tagged ? 'type tagged struct' : 'type struct';
      if (t.kind === 'EnumType') return t.repr ? 'type enum repr' : 'type enum';
      return 'type alias';
    }
    case 'Const':
      return 'const';
    case 'Data':
      return d.keyword === 'data' ? 'data' : d.fields ? 'schema fields' : 'schema verbs';
    case 'Stream':
    case 'Series':
    case 'Audience':
    case 'Transaction':
    case 'Cortex':
    case 'Platform':
    case 'Domain':
    case 'OldJourney':
    case 'Journey':
    case 'Party':
    case 'Fixture':
    case 'Step':
    case 'JourneyObserve':
    case 'CloudConfig':
      return d.kind;
    case 'Circuit':
      return d.keyword;
    case 'Extern':
      return `extern ${d.form}`;
    case 'StateMachine':
      return `state_machine ${[...new Set(d.transitions.map((t) => t.style))].sort().join('')}`;
    case 'Graph':
      return d.keyword;
    case 'Store':
      return `store ${d.storeKind}`;
    case 'Test':
      return `test ${d.testKind}${d.testKind === 'golden' ? (d.nameIsString ? ' string' : ' name') : ''}`;
    case 'ErrorDecl':
      return 'error';
  }
}

function preambleShapes(ast: SourceFileAst): string[] {
  const out: string[] = [];
  if (ast.preamble.status) out.push('preamble status');
  if (ast.preamble.lex) out.push('preamble lex');
  return out;
}

const files = fixtureFiles(ROOT);

describe('fixture corpus', () => {
  it('has .fl, .fld and .flj files', () => {
    expect(files.some((f) => f.endsWith('.fl'))).toBe(true);
    expect(files.some((f) => f.endsWith('.fld'))).toBe(true);
    expect(files.some((f) => f.endsWith('.flj'))).toBe(true);
  });

  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s parses with zero errors', (_name, file) => {
    const r = parse(readFileSync(file, 'utf8'), file);
    expect(r.errors.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([]);
    expect(r.ast.decls.some((d) => d.kind === 'ErrorDecl')).toBe(false);
  });

  it('covers all 47 top-level shapes', () => {
    const shapes = new Set<string>();
    for (const file of files) {
      const { ast } = parse(readFileSync(file, 'utf8'), file);
      for (const s of preambleShapes(ast)) shapes.add(s);
      for (const d of ast.decls) {
        const shape = shapeOf(d);
        // A state machine mixing styles counts for each style it uses.
        if (shape.startsWith('state_machine ')) for (const style of shape.slice(14)) shapes.add(`state_machine ${style}`);
        else shapes.add(shape);
      }
    }
    expect([...shapes].sort()).toEqual(
      [
        'preamble status',
        'preamble lex',
        'import from',
        'import file',
        'import lexpath',
        'use glob',
        'use names',
        'use path',
        'type alias',
        'type struct',
        'type tagged struct',
        'type enum',
        'type enum repr',
        'const',
        'data',
        'schema fields',
        'schema verbs',
        'Stream',
        'Series',
        'Audience',
        'circuit',
        'cloud',
        'CloudConfig',
        'Transaction',
        'extern block',
        'extern circuit',
        'state_machine A',
        'state_machine B',
        'state_machine C',
        'graph',
        'dag',
        'store kv',
        'store series',
        'store graph',
        'Cortex',
        'Platform',
        'Domain',
        'test golden string',
        'test golden name',
        'test property',
        'test fuzz',
        'OldJourney',
        'Journey',
        'Party',
        'Fixture',
        'Step',
        'JourneyObserve',
      ].sort(),
    );
    expect(shapes.size).toBe(47);
  });
});
