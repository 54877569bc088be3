/**
 * Type strings (ESCIR.md §4):
 *   type ::= prim | ("bytes"|"string") "(" N ")" | "[" type ";" N "]" | "Array<" type "," N ">"
 *          | "option<" type ">" | "Stream<" type ">" | IDENT ("." IDENT)?
 * Unbounded spellings (`bytes`, `string`, `[T]`, `list<T>`) parse, so P4 can report E040
 * at the right token instead of a syntax error. Offsets are indices into the string.
 */

export const PRIMS = ['bool', 'u8', 'u16', 'u32', 'u64', 'u128', 'i8', 'i16', 'i32', 'i64', 'i128', 'f32', 'f64', 'datetime', 'timestamp_ns'] as const;
export type PrimName = (typeof PRIMS)[number];
const PRIM_SET = new Set<string>(PRIMS);

/** Largest N of a sized type (2^20). */
export const MAX_N = 1 << 20;

export type TypeRef = { start: number; end: number } & (
  | { k: 'prim'; name: PrimName }
  | { k: 'bytes'; n: number }
  | { k: 'string'; n: number }
  | { k: 'array'; elem: TypeRef; n: number }
  | { k: 'option'; inner: TypeRef }
  | { k: 'stream'; elem: TypeRef }
  | { k: 'named'; name: string; qualifier?: string }
  /** An unbounded spelling, kept so the checker can say E040 with the exact span. */
  | { k: 'unbounded'; spelling: string }
);

export class TypeSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
    /** Well-formed but not a valid bounded type (E040 rather than a parse error). */
    readonly bad = false,
  ) {
    super(message);
  }
}

export function parseTypeString(src: string): TypeRef {
  const p = new TypeParser(src);
  p.skipWs();
  const t = p.type();
  p.skipWs();
  if (p.pos < src.length) throw new TypeSyntaxError(`unexpected \`${src.slice(p.pos)}\` after the type`, p.pos, src.length);
  return t;
}

class TypeParser {
  pos = 0;
  constructor(private readonly src: string) {}

  skipWs(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private eat(s: string): boolean {
    this.skipWs();
    if (this.src.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  private expect(s: string): void {
    if (!this.eat(s)) {
      const found = this.pos < this.src.length ? `\`${this.src[this.pos]}\`` : 'end of type';
      throw new TypeSyntaxError(`expected \`${s}\` in type, found ${found}`, this.pos, this.pos + 1);
    }
  }

  private ident(): { text: string; start: number; end: number } {
    this.skipWs();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    if (!m) {
      const found = this.pos < this.src.length ? `\`${this.src[this.pos]}\`` : 'end of text';
      throw new TypeSyntaxError(`expected a type, found ${found}`, this.pos, this.pos + 1);
    }
    const start = this.pos;
    this.pos += m[0].length;
    return { text: m[0], start, end: this.pos };
  }

  private size(): number {
    this.skipWs();
    const start = this.pos;
    const m = /^(0x[0-9A-Fa-f]+|[0-9][0-9_]*)/.exec(this.src.slice(this.pos));
    if (!m) throw new TypeSyntaxError('expected a size (a positive integer)', this.pos, this.pos + 1);
    this.pos += m[0].length;
    const n = Number(m[0].startsWith('0x') ? BigInt(m[0]) : BigInt(m[0].replace(/_/g, '')));
    if (n < 1 || n > MAX_N) throw new TypeSyntaxError(`size ${m[0]} is out of range 1..${MAX_N}`, start, this.pos, true);
    return n;
  }

  type(): TypeRef {
    this.skipWs();
    const start = this.pos;
    if (this.eat('[')) {
      const elem = this.type();
      if (this.eat(';')) {
        const n = this.size();
        this.expect(']');
        return { k: 'array', elem, n, start, end: this.pos };
      }
      this.expect(']');
      return { k: 'unbounded', spelling: this.src.slice(start, this.pos), start, end: this.pos };
    }
    const id = this.ident();
    const word = id.text;
    if ((word === 'bytes' || word === 'string') && this.peekChar() === '(') {
      this.expect('(');
      const n = this.size();
      this.expect(')');
      return word === 'bytes' ? { k: 'bytes', n, start, end: this.pos } : { k: 'string', n, start, end: this.pos };
    }
    if (word === 'bytes' || word === 'string' || word === 'str' || word === 'String') return { k: 'unbounded', spelling: word, start, end: id.end };
    if ((word === 'Array' || word === 'array') && this.peekChar() === '<') {
      this.expect('<');
      const elem = this.type();
      this.expect(',');
      const n = this.size();
      this.expect('>');
      return { k: 'array', elem, n, start, end: this.pos };
    }
    if ((word === 'option' || word === 'Option') && this.peekChar() === '<') {
      this.expect('<');
      const inner = this.type();
      this.expect('>');
      return { k: 'option', inner, start, end: this.pos };
    }
    if (word === 'Stream' && this.peekChar() === '<') {
      this.expect('<');
      const elem = this.type();
      this.expect('>');
      return { k: 'stream', elem, start, end: this.pos };
    }
    if ((word === 'list' || word === 'List' || word === 'Vec' || word === 'vec') && this.peekChar() === '<') {
      this.expect('<');
      this.type();
      this.expect('>');
      return { k: 'unbounded', spelling: this.src.slice(start, this.pos), start, end: this.pos };
    }
    if (PRIM_SET.has(word)) return { k: 'prim', name: word as PrimName, start, end: id.end };
    if (this.peekChar() === '.') {
      this.pos++;
      const second = this.ident();
      return { k: 'named', name: second.text, qualifier: word, start, end: second.end };
    }
    return { k: 'named', name: word, start, end: id.end };
  }

  private peekChar(): string | undefined {
    this.skipWs();
    return this.src[this.pos];
  }
}
