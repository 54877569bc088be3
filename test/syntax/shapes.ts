/**
 * The 47 top-level shapes of LANGUAGE.md §5 and the classifier that names a declaration's shape,
 * shared by the fixture-corpus tests (§11 item 87).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Decl, SourceFileAst } from '../../compiler/syntax/ast.ts';

export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...fixtureFiles(full));
    else if (/\.(fl|fld|flj)$/.test(name)) out.push(full);
  }
  return out;
}

/** The §5 shape number-name of a declaration. */
export function shapeOf(d: Decl): string {
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

export function preambleShapes(ast: SourceFileAst): string[] {
  const out: string[] = [];
  if (ast.preamble.status) out.push('preamble status');
  if (ast.preamble.lex) out.push('preamble lex');
  return out;
}

/** Every §5 shape name, as `shapeOf`/`preambleShapes` spell them. */
export const ALL_SHAPES: readonly string[] = [
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
];

/** The shapes the declarations of one file cover; a state machine counts once per style it uses. */
export function shapesOf(ast: SourceFileAst): string[] {
  const shapes = preambleShapes(ast);
  for (const d of ast.decls) {
    const shape = shapeOf(d);
    if (shape.startsWith('state_machine ')) for (const style of shape.slice(14)) shapes.push(`state_machine ${style}`);
    else shapes.push(shape);
  }
  return shapes;
}
