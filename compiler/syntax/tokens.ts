/**
 * FastLang token types (LANGUAGE.md §2).
 *
 * The Chevrotain lexer only knows a handful of *lexical* patterns (one identifier pattern, one
 * number pattern, strings, comments, punctuation). Keywords and number kinds are assigned in a
 * post-pass (lexer.ts) by re-typing tokens, which is several times faster than one regex per
 * keyword and gives the same result as `longer_alt`.
 *
 * Categories:
 *   AnyToken       every real token (lets recovery rules consume "anything")
 *   Word           every word: identifiers, contextual keywords and reserved words
 *   Identifier     identifiers and contextual keywords (§2.2: contextual keywords are names too)
 *   Reserved       the reserved words of §2.2, never names
 *   NumberLiteral  integers, floats, durations, frequencies
 *   BinaryOperator every token that can be a binary operator (§7.2)
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
export const Word = createToken({ name: 'Word', pattern: Lexer.NA, categories: [AnyToken], label: 'a word' });
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA, label: 'an operator' });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: Lexer.NA, categories: [AnyToken], label: 'a number' });
export const Reserved = createToken({ name: 'Reserved', pattern: Lexer.NA, categories: [Word], label: 'a reserved word' });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Word],
  label: 'a name',
});

// ───────────────────────────── trivia ─────────────────────────────

/** Blanks, line breaks, and a UTF-8 byte-order mark (some editors write one at the start of a file). */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });
/** `///` exactly; four or more slashes are an ordinary comment (a separator line, not documentation). */
export const DocComment = createToken({ name: 'DocComment', pattern: /\/\/\/(?!\/)[^\n]*/, group: 'docs' });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });

// ───────────────────────────── literals ─────────────────────────────

/** Every number shape of §2.3; the post-pass re-types it to one of the four kinds below. */
export const RawNumber = createToken({
  name: 'RawNumber',
  pattern: /0[xX][0-9A-Fa-f_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[A-Za-z][A-Za-z0-9]*)?/,
  categories: [NumberLiteral],
});
export const IntLiteral = createToken({ name: 'IntLiteral', pattern: Lexer.NA, categories: [NumberLiteral], label: 'an integer' });
export const FloatLiteral = createToken({ name: 'FloatLiteral', pattern: Lexer.NA, categories: [NumberLiteral], label: 'a number' });
export const DurationLiteral = createToken({ name: 'DurationLiteral', pattern: Lexer.NA, categories: [NumberLiteral], label: 'a duration' });
export const FrequencyLiteral = createToken({ name: 'FrequencyLiteral', pattern: Lexer.NA, categories: [NumberLiteral], label: 'a frequency' });

/** A double-quoted single-line string; escapes are checked in the post-pass. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  categories: [AnyToken],
  label: 'a string',
});
/** A string that reaches the end of its line: reported once, then treated as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  categories: [StringLiteral],
});

// ───────────────────────────── punctuation (§2.4) ─────────────────────────────

function punct(name: string, pattern: string, binary = false): TokenType {
  return createToken({
    name,
    pattern,
    categories: binary ? [AnyToken, BinaryOperator] : [AnyToken],
    label: `'${pattern}'`,
  });
}

export const ColonColon = punct('ColonColon', '::');
export const Arrow = punct('Arrow', '->');
export const FatArrow = punct('FatArrow', '=>');
export const EqEq = punct('EqEq', '==', true);
export const NotEq = punct('NotEq', '!=', true);
export const LessEq = punct('LessEq', '<=', true);
export const GreaterEq = punct('GreaterEq', '>=', true);
export const AndAnd = punct('AndAnd', '&&', true);
export const OrOr = punct('OrOr', '||', true);
export const ShiftLeft = punct('ShiftLeft', '<<', true);
export const ShiftRight = punct('ShiftRight', '>>', true);
export const DotDot = punct('DotDot', '..', true);
export const QuestionQuestion = punct('QuestionQuestion', '??', true);

export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
/**
 * `(` and `[` come in two kinds: on the same line as the token before them, or first on their
 * line. A postfix call or index takes only the first kind (§3 N3), which lets the postfix loop
 * decide on one token without a gate. Elsewhere the grammar consumes the parent category.
 */
export const LParen = createToken({ name: 'LParen', pattern: Lexer.NA, categories: [AnyToken], label: "'('" });
export const LParenInline = createToken({ name: 'LParenInline', pattern: '(', categories: [LParen], label: "'('" });
export const LParenLineStart = createToken({ name: 'LParenLineStart', pattern: Lexer.NA, categories: [LParen], label: "'('" });
export const RParen = punct('RParen', ')');
export const LBracket = createToken({ name: 'LBracket', pattern: Lexer.NA, categories: [AnyToken], label: "'['" });
export const LBracketInline = createToken({ name: 'LBracketInline', pattern: '[', categories: [LBracket], label: "'['" });
export const LBracketLineStart = createToken({ name: 'LBracketLineStart', pattern: Lexer.NA, categories: [LBracket], label: "'['" });
export const RBracket = punct('RBracket', ']');
export const Less = punct('Less', '<', true);
export const Greater = punct('Greater', '>', true);
export const Comma = punct('Comma', ',');
export const Colon = punct('Colon', ':');
export const Semicolon = punct('Semicolon', ';');
export const Dot = punct('Dot', '.');
export const Eq = punct('Eq', '=');
export const At = punct('At', '@');
export const Pipe = punct('Pipe', '|', true);
export const Amp = punct('Amp', '&', true);
export const Caret = punct('Caret', '^', true);
export const Bang = punct('Bang', '!');
export const Plus = punct('Plus', '+', true);
export const Minus = punct('Minus', '-', true);
export const Star = punct('Star', '*', true);
export const Slash = punct('Slash', '/', true);
export const Percent = punct('Percent', '%', true);

// ───────────────────────────── words ─────────────────────────────

/** §2.2: never identifiers. */
export const RESERVED_WORDS = [
  'let',
  'mut',
  'if',
  'else',
  'match',
  'while',
  'for',
  'in',
  'return',
  'continue',
  'break',
  'true',
  'false',
  'nil',
  'none',
  'as',
  'struct',
  'enum',
  'tagged',
  'type',
  'circuit',
  'fn',
  'extern',
  'const',
  'use',
  'test',
] as const;
export type ReservedWord = (typeof RESERVED_WORDS)[number];

/**
 * Contextual keywords the grammar refers to by token type. They are names everywhere else
 * (category Identifier). Clause words that only carry metadata are recognised by their text
 * instead (clause-table.ts) and need no token type.
 */
/** The declaration introducers (§5) that are not reserved words. */
export const CONTEXTUAL_INTRODUCERS = [
  'import',
  'data',
  'schema',
  'stream',
  'series',
  'audience',
  'cloud',
  'transaction',
  'state_machine',
  'graph',
  'dag',
  'store',
  'cortex',
  'platform',
  'domain',
  'journey',
  'party',
  'fixture',
  'step',
] as const;

export const CONTEXTUAL_KEYWORDS = [
  // declaration introducers
  ...CONTEXTUAL_INTRODUCERS,
  'observe',
  'lex',
  'status',
  // declaration parts
  'from',
  'inherits',
  'module',
  'types',
  'kv',
  'retain',
  'golden',
  'property',
  'fuzz',
  'setup',
  'description',
  'package',
  'actor',
  'action',
  'expect',
  'state',
  'on',
  'when',
  'guard',
  'trigger',
  'initial',
  'persistence',
  'terminal',
  'verify',
  'node',
  'edge',
  'overlay',
  'storage',
  'tier',
  'capacity',
  'infer',
  'on_anomaly',
  'on_suggestion',
  'expose',
  'group',
  'connect',
  'target',
  'region',
  'replicas',
  'scaling',
  'entrypoint',
  'model',
  // clauses and items with structure
  'encode',
  'govern',
  'sign',
  'attest',
  'invariant',
  'monitor',
  'witness',
  'threshold',
  'sanitize',
  'retention',
  'ttl',
  'consumers',
  'classify',
  'machine',
  'filter',
  'throttle',
  'burst',
  'metrics',
  'events',
  'level',
  'anomaly',
  'emit',
  'cost_estimate',
  'li_feed',
  'visibility',
  'ai_feed',
  'inference',
  'sub_lex',
  'share',
  'redact',
  'field_governance',
  'streamsight',
  // statements
  'assert',
  'require',
  'forall',
  // types and values
  'list',
  'option',
  'event',
  'bytes',
  'forever',
  'some',
  // predicate word operators (§7.3), also binary operators
  'implies',
  'subset_of',
  'does_not_contain',
] as const;
export type ContextualKeyword = (typeof CONTEXTUAL_KEYWORDS)[number];

const PREDICATE_OPERATORS = new Set<string>(['implies', 'subset_of', 'does_not_contain']);

export const K = {} as Record<ContextualKeyword | ReservedWord, TokenType>;
for (const w of RESERVED_WORDS) {
  K[w] = createToken({ name: `Kw_${w}`, pattern: Lexer.NA, categories: [Reserved], label: `'${w}'` });
}
for (const w of CONTEXTUAL_KEYWORDS) {
  K[w] = createToken({
    name: `Kw_${w}`,
    pattern: Lexer.NA,
    categories: PREDICATE_OPERATORS.has(w) ? [Identifier, BinaryOperator] : [Identifier],
    label: `'${w}'`,
  });
}

/** Word text → token type, consulted once per identifier by the lexer post-pass. */
export const KEYWORD_TYPES: ReadonlyMap<string, TokenType> = new Map(Object.entries(K));

export const RESERVED_SET: ReadonlySet<string> = new Set(RESERVED_WORDS);

/** Lexer definition: order matters (longer punctuation first, `///` before `//`). */
export const LEXER_TOKENS: TokenType[] = [
  WhiteSpace,
  DocComment,
  LineComment,
  StringLiteral,
  UnterminatedString,
  RawNumber,
  Identifier,
  ColonColon,
  Arrow,
  FatArrow,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  AndAnd,
  OrOr,
  ShiftLeft,
  ShiftRight,
  DotDot,
  QuestionQuestion,
  LBrace,
  RBrace,
  LParenInline,
  RParen,
  LBracketInline,
  RBracket,
  Less,
  Greater,
  Comma,
  Colon,
  Semicolon,
  Dot,
  Eq,
  At,
  Pipe,
  Amp,
  Caret,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
];

/** Everything the parser may see. */
export const PARSER_TOKENS: TokenType[] = [
  AnyToken,
  Word,
  BinaryOperator,
  NumberLiteral,
  Reserved,
  Identifier,
  IntLiteral,
  FloatLiteral,
  DurationLiteral,
  FrequencyLiteral,
  StringLiteral,
  UnterminatedString,
  LParen,
  LParenLineStart,
  LBracket,
  LBracketLineStart,
  ...LEXER_TOKENS.filter(
    (t) =>
      t !== WhiteSpace &&
      t !== DocComment &&
      t !== LineComment &&
      t !== StringLiteral &&
      t !== UnterminatedString &&
      t !== RawNumber &&
      t !== Identifier,
  ),
  ...Object.values(K),
];
