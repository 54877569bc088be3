/**
 * Checks the values of a metadata clause against its shape (clause-table.ts). A mismatch is a
 * warning (FL220): such clauses are metadata only (§8.7), so the declaration still compiles.
 * The values are normalised where the shape says so (`forever`/`none` durations, a bare Bool
 * clause meaning `true`).
 */
import type { Span } from '../../diagnostics/index.ts';
import type { MetaValue } from '../ast.ts';
import type { ClauseSpec } from './clause-table.ts';
import { asDuration } from './normalize.ts';

type Warn = (message: string, span: Span) => void;

const SHAPE_WORDS: Record<string, string> = {
  id: 'a name',
  name: 'a name',
  freq: 'a frequency such as 125mhz',
  duration: 'a duration such as 30d, forever or none',
  idlist: 'a list such as [a, b]',
  number: 'a number',
  string: 'a string',
};

export function validateClauseArgs(spec: ClauseSpec, args: MetaValue[], warn: Warn, word: string, wordSpan: Span): MetaValue[] {
  switch (spec.shape) {
    case 'none':
      if (args.length > 0) warn(`'${word}' takes no arguments`, args[0]!.span);
      return args;
    case 'bool?':
      if (args.length === 0) return [{ kind: 'bool', value: true, span: wordSpan }];
      if (args.length > 1 || args[0]!.kind !== 'bool') warn(`'${word}' expects true or false`, args[0]!.span);
      return args;
    case 'duration': {
      const out = args.map(asDuration);
      if (out.length !== 1 || out[0]!.kind !== 'duration') warn(`'${word}' expects ${SHAPE_WORDS['duration']}`, out[0]?.span ?? wordSpan);
      return out;
    }
    case 'id':
    case 'name':
      if (args.length !== 1 || !(args[0]!.kind === 'id' || args[0]!.kind === 'string' || args[0]!.kind === 'int')) {
        warn(`'${word}' expects ${SHAPE_WORDS[spec.shape]}`, args[0]?.span ?? wordSpan);
      }
      return args;
    case 'freq':
      if (args.length !== 1 || args[0]!.kind !== 'int' || !/hz$/i.test(args[0]!.text)) {
        warn(`'${word}' expects ${SHAPE_WORDS['freq']}`, args[0]?.span ?? wordSpan);
      }
      return args;
    case 'idlist':
      if (args.length !== 1 || args[0]!.kind !== 'list') warn(`'${word}' expects ${SHAPE_WORDS['idlist']}`, args[0]?.span ?? wordSpan);
      return args;
    case 'number':
      if (args.length !== 1 || !(args[0]!.kind === 'int' || args[0]!.kind === 'float'))
        warn(`'${word}' expects ${SHAPE_WORDS['number']}`, args[0]?.span ?? wordSpan);
      return args;
    case 'string':
      if (args.length !== 1 || args[0]!.kind !== 'string') warn(`'${word}' expects ${SHAPE_WORDS['string']}`, args[0]?.span ?? wordSpan);
      return args;
    case 'values':
    case 'record':
      return args;
  }
}
