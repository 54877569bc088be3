/**
 * Words for syntax errors. Chevrotain's default messages list token sequences; these name what
 * was expected the way a person would ("expected a type, found '}'"). Each message starts with
 * its stable diagnostic code (`FL2xx message`), split off again by the parser's error handler.
 */
import { EOF, tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { Identifier, NumberLiteral, Reserved, StringLiteral, Word } from '../tokens.ts';

/** How a token is named in "found …". */
export function describeToken(tok: IToken): string {
  if (tok.tokenType === EOF) return 'end of file';
  if (tokenMatcher(tok, Reserved)) return `reserved word '${tok.image}'`;
  if (tok.tokenType === Identifier) return `'${tok.image}'`;
  if (tokenMatcher(tok, Word)) return `'${tok.image}'`;
  if (tokenMatcher(tok, StringLiteral)) return `string ${truncate(tok.image)}`;
  if (tokenMatcher(tok, NumberLiteral)) return `number ${tok.image}`;
  return `'${tok.image}'`;
}

/** How a token type is named in "expected …". */
export function describeTokenType(t: TokenType): string {
  if (t === EOF) return 'end of file';
  return t.LABEL ?? t.name;
}

function truncate(s: string): string {
  return s.length > 24 ? `${s.slice(0, 21)}…"` : s;
}

function foundReserved(actual: IToken, expectsName: boolean): string | undefined {
  if (expectsName && tokenMatcher(actual, Reserved)) {
    return `FL203 '${actual.image}' is a reserved word and cannot be used as a name`;
  }
  return undefined;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    const reserved = foundReserved(actual, expected === Identifier || expected === Word);
    if (reserved) return reserved;
    return `FL201 expected ${describeTokenType(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `FL205 expected a declaration, found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, customUserDescription }) {
    const first = actual[0]!;
    const expectsName = customUserDescription?.includes('name') ?? false;
    const reserved = foundReserved(first, expectsName);
    if (reserved) return reserved;
    if (customUserDescription) return `FL202 expected ${customUserDescription}, found ${describeToken(first)}`;
    const starts = new Set<string>();
    for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) starts.add(describeTokenType(path[0]));
    const list = [...starts];
    const words = list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
    return `FL202 expected ${words || 'something else'}, found ${describeToken(first)}`;
  },
  buildEarlyExitMessage({ actual, customUserDescription }) {
    return `FL202 expected ${customUserDescription ?? 'at least one item'}, found ${describeToken(actual[0]!)}`;
  },
};

/** Splits `FL2xx message` into code and text (messages without a code are FL201). */
export function splitCodedMessage(message: string): { code: string; message: string } {
  const m = /^(FL\d{3,4}) ([\s\S]*)$/.exec(message);
  return m ? { code: m[1]!, message: m[2]! } : { code: 'FL201', message };
}
