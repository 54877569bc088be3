/**
 * Token-level lookahead predicates shared by the grammar's GATEs and by error recovery. They
 * implement the same-line decisions of LANGUAGE.md §3 and §5.18 without consuming anything.
 */
import { EOF, tokenMatcher, type TokenType } from 'chevrotain';
import type { FileKind } from '../ast.ts';
import type { FlToken } from '../lexer.ts';
import {
  At,
  Colon,
  ColonColon,
  Comma,
  Eq,
  Greater,
  Identifier,
  IntLiteral,
  K,
  LBrace,
  LBracket,
  LParen,
  Less,
  RBrace,
  RBracket,
  RParen,
  Semicolon,
  ShiftRight,
  StringLiteral,
  Word,
  DotDot,
} from '../tokens.ts';

export interface Peek {
  (k: number): FlToken;
}

export type DeclKind =
  | 'import'
  | 'use'
  | 'type'
  | 'const'
  | 'data'
  | 'schema'
  | 'stream'
  | 'series'
  | 'audience'
  | 'circuit'
  | 'cloud'
  | 'transaction'
  | 'extern'
  | 'state_machine'
  | 'graph'
  | 'dag'
  | 'store'
  | 'cortex'
  | 'platform'
  | 'domain'
  | 'test'
  | 'journey'
  | 'party'
  | 'fixture'
  | 'step'
  | 'observe'
  | 'preambleStatus'
  | 'preambleLex';

export function is(tok: FlToken, type: TokenType): boolean {
  return tokenMatcher(tok, type);
}

export function isEof(tok: FlToken): boolean {
  return tok.tokenType === EOF;
}

export function endOf(tok: FlToken): number {
  return tok.startOffset + tok.image.length;
}

/** `a` ends exactly where `b` starts (no blank between them). */
export function adjacent(a: FlToken, b: FlToken): boolean {
  return endOf(a) === b.startOffset;
}

function sameLine(tok: FlToken): boolean {
  return !isEof(tok) && tok.nl !== true;
}

const STORE_KINDS = new Set(['kv', 'series', 'graph']);
const TEST_KINDS = new Set(['golden', 'property', 'fuzz']);

/**
 * Which declaration starts at LA(1), if any (§5.18).
 *
 * Loose mode is the top-level dispatcher: the introducer decides, except for the words that are
 * also clause words (`store`, `series`, `cortex`, `observe`), which need their declaration shape.
 * Strict mode also requires the line start and the shape of the first few tokens; it decides where
 * a clause list ends and where error recovery may resume, so `data = 1` in a body never counts.
 */
export function declStartKind(la: Peek, fileKind: FileKind, strict: boolean): DeclKind | null {
  const t1 = la(1);
  if (strict && !t1.nl) return null;
  if (!is(t1, Word)) {
    if (!strict && is(t1, At) && la(2).image === 'status' && sameLine(la(2))) return 'preambleStatus';
    if (!strict && is(t1, At) && la(2).image === 'lex' && sameLine(la(2)) && sameLine(la(3))) return 'preambleLex';
    return null;
  }
  const t2 = la(2);
  const t3 = la(3);
  const word2 = is(t2, Word) && sameLine(t2);
  switch (t1.image) {
    case 'import':
      return !strict || (sameLine(t2) && (is(t2, Word) || is(t2, StringLiteral))) ? 'import' : null;
    case 'use':
      return !strict || word2 ? 'use' : null;
    case 'type':
      return !strict || (word2 && (is(t3, Eq) || is(t3, K.struct) || is(t3, K.enum))) ? 'type' : null;
    case 'const':
      return !strict || (word2 && is(t3, Colon)) ? 'const' : null;
    case 'data':
    case 'schema':
    case 'stream':
      return !strict || (word2 && is(t3, Colon)) ? (t1.image as DeclKind) : null;
    case 'series':
      return word2 && t2.image !== 'retain' && is(t3, Colon) ? 'series' : null;
    case 'audience':
      return !strict || (word2 && t3.image === 'inherits') ? 'audience' : null;
    case 'circuit':
    case 'transaction':
      return !strict || (word2 && is(t3, LParen)) ? (t1.image as DeclKind) : null;
    case 'cloud':
    case 'state_machine':
    case 'domain':
      return !strict || word2 ? (t1.image as DeclKind) : null;
    case 'extern':
      return !strict || (sameLine(t2) && is(t2, StringLiteral)) ? 'extern' : null;
    case 'graph':
    case 'dag':
      return !strict || (word2 && is(t3, LBrace)) ? (t1.image as DeclKind) : null;
    case 'store':
      return word2 && STORE_KINDS.has(t2.image) && is(t3, Word) && sameLine(t3) && t3.image !== 'retain' ? 'store' : null;
    case 'cortex':
      return word2 && is(t3, LBrace) ? 'cortex' : null;
    case 'platform':
      return !strict || (word2 && is(t3, Word)) ? 'platform' : null;
    case 'test':
      return !strict || (word2 && TEST_KINDS.has(t2.image)) ? 'test' : null;
    case 'journey':
      return !strict || (sameLine(t2) && (is(t2, StringLiteral) || (is(t2, Word) && is(t3, StringLiteral)))) ? 'journey' : null;
    case 'party':
    case 'fixture':
    case 'step':
      return !strict || (word2 && is(t3, LBrace)) ? (t1.image as DeclKind) : null;
    case 'observe':
      // Top-level only in journeys; in other files an `observe` line is a data verb, but a
      // stray top-level `observe metrics: […]` is still read as one rather than rejected.
      if (fileKind === 'flj') return !strict || t2.image === 'metrics' ? 'observe' : null;
      return !strict && t2.image === 'metrics' ? 'observe' : null;
    case 'lex':
      // Only the top level treats `lex` as file-level; everywhere else it is a header clause.
      return strict ? null : 'preambleLex';
    case 'status':
      // `status production` at the top level: the preamble's `@status` written plain.
      return !strict && word2 ? 'preambleStatus' : null;
    default:
      return null;
  }
}

/** The introducer words, for messages. */
export const INTRODUCERS =
  'import, use, type, const, data, schema, stream, series, audience, circuit, cloud, transaction, extern, ' +
  'state_machine, graph, dag, store, cortex, platform, domain, test, journey, party, fixture, step or observe';

/**
 * §7.2 rule 1/2/4: does the `{` at LA(k) open a struct literal rather than a block?
 * True for `{ ID :`, `{ @ID :` and `{ ..`.
 */
export function looksLikeStructBody(la: Peek, k: number): boolean {
  const a = la(k + 1);
  if (is(a, DotDot)) return true;
  if (is(a, At)) return is(la(k + 2), Word) && is(la(k + 3), Colon);
  return is(a, Word) && is(la(k + 2), Colon) && !is(la(k + 2), ColonColon);
}

/**
 * §7.2 `( 'list' | 'option' ) '<' Type '>'` in an expression: GATE that the tokens after the
 * `<` at LA(k) form a balanced type argument list. Returns the lookahead index just after the
 * closing `>`, or 0 when they do not (then `<` is a comparison).
 */
export function scanTypeArguments(la: Peek, k: number): number {
  let depth = 0;
  // Brackets inside the argument (`bytes(32)`, `[u8; 4]`, `{ a: u8, b: u16 }`) may hold `,`/`;`.
  let nested = 0;
  for (let i = k; i < k + 64; i++) {
    const t = la(i);
    if (isEof(t)) return 0;
    if (is(t, Less)) depth++;
    else if (is(t, Greater)) depth--;
    else if (is(t, ShiftRight)) depth -= 2;
    else if (is(t, LParen) || is(t, LBracket) || is(t, LBrace)) nested++;
    else if (is(t, RParen) || is(t, RBracket) || is(t, RBrace)) nested--;
    // `list`/`option` take one argument: a `,` right inside their `<…>` is a comparison's
    // (`f(list < n, m > 2)`); `state<K, V>` nested deeper still scans.
    else if ((is(t, Comma) || is(t, Semicolon)) && depth === 1 && nested === 0) return 0;
    else if (
      !(
        is(t, Word) ||
        is(t, IntLiteral) ||
        is(t, Comma) ||
        is(t, Semicolon) ||
        is(t, ColonColon) ||
        is(t, Colon) ||
        is(t, LParen) ||
        is(t, RParen) ||
        is(t, LBracket) ||
        is(t, RBracket) ||
        is(t, LBrace) ||
        is(t, RBrace) ||
        is(t, At)
      )
    ) {
      return 0;
    }
    if (depth === 0) return i + 1;
    if (depth < 0) return 0;
  }
  return 0;
}

/** A name that starts with a capital letter (`Spot`, `Fault`): §7.2 rule 1. */
export function isCapitalized(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 65 && c <= 90;
}

export function isIdentifierToken(tok: FlToken): boolean {
  return is(tok, Identifier);
}
