/**
 * Lexer of the ESCIR expression/statement language. Tolerant of legacy habits it must
 * report rather than reject outright: `#` comments and compound assignments are lexed and
 * recorded as legacy features (W035), so the caller decides the severity.
 */

export type TokKind = 'int' | 'float' | 'str' | 'char' | 'ident' | 'punct' | 'eof';

export interface Token {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
  /** A line break separates this token from the previous one. */
  nlBefore: boolean;
  value?: bigint | number | string;
  suffix?: string;
}

export interface LegacyFeature {
  kind: 'hash-comment' | 'compound-assign' | 'python-block' | 'bit-slice' | 'elision' | 'python-word';
  start: number;
  end: number;
}

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const PUNCT3 = ['...', '<<=', '>>=', '..='];
const PUNCT2 = ['::', '->', '=>', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '..', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^='];
const PUNCT1 = '{}()[]<>,:;.=|&^!+-*/%?~@';

const INT_SUFFIX = /^(u8|u16|u32|u64|u128|i8|i16|i32|i64|i128)$/;

export function lex(src: string, features: LegacyFeature[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  let nl = true;
  const n = src.length;
  while (i < n) {
    let c = src[i]!;
    if (c === '\n') {
      nl = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '#') {
      const s = i;
      while (i < n && src[i] !== '\n') i++;
      features.push({ kind: 'hash-comment', start: s, end: i });
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c)) {
      if (c === '0' && (src[i + 1] === 'x' || src[i + 1] === 'X')) {
        i += 2;
        while (i < n && /[0-9A-Fa-f_]/.test(src[i]!)) i++;
        const digits = src.slice(start + 2, i).replace(/_/g, '');
        if (digits === '') throw new ExprSyntaxError('hex literal needs digits', start, i);
        let suffix: string | undefined;
        const m = /^(u8|u16|u32|u64|u128|i8|i16|i32|i64|i128)/.exec(src.slice(i));
        if (m && !/[A-Za-z0-9_]/.test(src[i + m[0].length] ?? '')) {
          suffix = m[0];
          i += m[0].length;
        }
        out.push({ kind: 'int', text: src.slice(start, i), start, end: i, nlBefore: nl, value: BigInt('0x' + digits), ...(suffix ? { suffix } : {}) });
        nl = false;
        continue;
      }
      while (i < n && /[0-9_]/.test(src[i]!)) i++;
      let isFloat = false;
      if (src[i] === '.' && /[0-9]/.test(src[i + 1] ?? '')) {
        isFloat = true;
        i++;
        while (i < n && /[0-9_]/.test(src[i]!)) i++;
      }
      if ((src[i] === 'e' || src[i] === 'E') && /[0-9+-]/.test(src[i + 1] ?? '')) {
        const save = i;
        i++;
        if (src[i] === '+' || src[i] === '-') i++;
        if (/[0-9]/.test(src[i] ?? '')) {
          isFloat = true;
          while (i < n && /[0-9]/.test(src[i]!)) i++;
        } else i = save;
      }
      const numText = src.slice(start, i).replace(/_/g, '');
      let suffix: string | undefined;
      const sm = /^[A-Za-z][A-Za-z0-9]*/.exec(src.slice(i));
      if (sm) {
        if (!isFloat && INT_SUFFIX.test(sm[0])) {
          suffix = sm[0];
          i += sm[0].length;
        } else if (sm[0] === 'f32' || sm[0] === 'f64') {
          suffix = sm[0];
          isFloat = true;
          i += sm[0].length;
        } else {
          throw new ExprSyntaxError(`unknown number suffix \`${sm[0]}\``, i, i + sm[0].length);
        }
      }
      if (isFloat) out.push({ kind: 'float', text: src.slice(start, i), start, end: i, nlBefore: nl, value: Number(numText), ...(suffix ? { suffix } : {}) });
      else out.push({ kind: 'int', text: src.slice(start, i), start, end: i, nlBefore: nl, value: BigInt(numText), ...(suffix ? { suffix } : {}) });
      nl = false;
      continue;
    }
    // Rust-style byte literals in legacy process code: `b'<'` is a char, `b"…"` a string.
    if (c === 'b' && (src[i + 1] === "'" || src[i + 1] === '"')) {
      i++;
      c = src[i]!;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < n && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      out.push({ kind: 'ident', text: src.slice(start, i), start, end: i, nlBefore: nl });
      nl = false;
      continue;
    }
    if (c === '"') {
      i++;
      let value = '';
      while (i < n && src[i] !== '"') {
        if (src[i] === '\n') throw new ExprSyntaxError('unterminated string', start, i);
        if (src[i] === '\\') {
          const [ch, len] = escape(src, i, start);
          value += ch;
          i += len;
        } else value += src[i++];
      }
      if (i >= n) throw new ExprSyntaxError('unterminated string', start, n);
      i++;
      out.push({ kind: 'str', text: src.slice(start, i), start, end: i, nlBefore: nl, value });
      nl = false;
      continue;
    }
    if (c === "'") {
      i++;
      let ch: string;
      if (src[i] === '\\') {
        const [e, len] = escape(src, i, start);
        ch = e;
        i += len;
      } else {
        const cp = src.codePointAt(i) ?? 0;
        ch = String.fromCodePoint(cp);
        i += ch.length;
      }
      if (src[i] !== "'") throw new ExprSyntaxError('unterminated character literal', start, i);
      i++;
      out.push({ kind: 'char', text: src.slice(start, i), start, end: i, nlBefore: nl, value: ch.codePointAt(0) ?? 0 });
      nl = false;
      continue;
    }
    const p3 = src.slice(i, i + 3);
    const p2 = src.slice(i, i + 2);
    let p: string | undefined;
    if (PUNCT3.includes(p3)) p = p3;
    else if (PUNCT2.includes(p2)) p = p2;
    else if (PUNCT1.includes(c)) p = c;
    if (p === undefined) throw new ExprSyntaxError(`unexpected character \`${c}\``, i, i + 1);
    i += p.length;
    if (/^[-+*/%|&^]=$|^<<=$|^>>=$/.test(p)) features.push({ kind: 'compound-assign', start, end: i });
    if (p === '...') features.push({ kind: 'elision', start, end: i });
    out.push({ kind: 'punct', text: p, start, end: i, nlBefore: nl });
    nl = false;
  }
  out.push({ kind: 'eof', text: '', start: n, end: n, nlBefore: true });
  return out;
}

function escape(src: string, i: number, litStart: number): [string, number] {
  const e = src[i + 1];
  switch (e) {
    case 'n':
      return ['\n', 2];
    case 't':
      return ['\t', 2];
    case 'r':
      return ['\r', 2];
    case '0':
      return ['\0', 2];
    case '\\':
      return ['\\', 2];
    case '"':
      return ['"', 2];
    case "'":
      return ["'", 2];
    case 'x': {
      const hex = src.slice(i + 2, i + 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new ExprSyntaxError('\\x needs two hex digits', i, i + 4);
      return [String.fromCharCode(parseInt(hex, 16)), 4];
    }
    default:
      throw new ExprSyntaxError(`unknown escape \\${e ?? ''}`, i, i + 2 > litStart ? i + 2 : i + 1);
  }
}
