/**
 * Parser of ESCIR bodies: one C-like grammar for every body, predicate, condition,
 * formula and `when` (ESCIR.md §6), extended with the statements of the process dialect
 * (§7). Statements end at a line break or `;`; `(` and `[` at the start of a line never
 * continue the previous expression.
 */
import type { BinaryOp, Block, Expr, MatchArm, Pattern, Stmt, TypeText } from './ast.ts';
import { ExprSyntaxError, lex, type LegacyFeature, type Token } from './lexer.ts';

export interface ParsedBody {
  block: Block;
  features: LegacyFeature[];
}

export interface ParsedExpr {
  expr: Expr;
  features: LegacyFeature[];
}

/** Parses a whole body (statements, then an optional result expression). Throws ExprSyntaxError. */
export function parseBody(src: string, features: LegacyFeature[] = []): ParsedBody {
  const p = new Parser(src, lex(src, features), features);
  const block = p.blockContents('eof');
  return { block, features };
}

/** Parses exactly one expression. Throws ExprSyntaxError. */
export function parseExpression(src: string, features: LegacyFeature[] = []): ParsedExpr {
  const p = new Parser(src, lex(src, features), features);
  const expr = p.expression();
  p.expectEnd();
  return { expr, features };
}

const BINARY_PREC: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '|': 5,
  '^': 6,
  '&': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};
const CAST_PREC = 11;
const PYTHON_WORDS = new Set(['and', 'or', 'not', 'elif', 'def', 'pass', 'None', 'True', 'False']);

class Parser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly toks: Token[],
    private readonly features: LegacyFeature[],
  ) {}

  private get tok(): Token {
    return this.toks[this.pos]!;
  }
  private peek(k = 1): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.tok;
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }
  private is(text: string): boolean {
    return (this.tok.kind === 'punct' || this.tok.kind === 'ident') && this.tok.text === text;
  }
  private eat(text: string): boolean {
    if (this.is(text)) {
      this.next();
      return true;
    }
    return false;
  }
  private expect(text: string, what?: string): Token {
    if (!this.is(text)) this.fail(`expected \`${text}\`${what ? ` ${what}` : ''}, found ${this.describe(this.tok)}`, this.tok);
    return this.next();
  }
  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of text' : `\`${t.text}\``;
  }
  private fail(message: string, t: Token): never {
    throw new ExprSyntaxError(message, t.start, Math.max(t.end, t.start + 1));
  }

  private atEof(): boolean {
    return this.tok.kind === 'eof';
  }

  expectEnd(): void {
    if (this.tok.kind !== 'eof') this.fail(`unexpected ${this.describe(this.tok)} after the expression`, this.tok);
  }

  // ── statements ──────────────────────────────────────────────────────────────────────

  blockContents(close: '}' | 'eof'): Block {
    const start = this.tok.start;
    const stmts: Stmt[] = [];
    let result: Expr | undefined;
    while (!(close === 'eof' ? this.tok.kind === 'eof' : this.is('}'))) {
      if (this.atEof()) this.fail('expected `}`, found end of text', this.tok);
      if (this.eat(';')) continue;
      if (result) {
        // A result expression followed by more statements was an expression statement.
        stmts.push({ k: 'expr', value: result, start: result.start, end: result.end });
        result = undefined;
      }
      const s = this.statement();
      const terminated = this.eat(';');
      const atEnd = close === 'eof' ? this.atEof() : this.is('}');
      if (!terminated && !atEnd && !this.tok.nlBefore && s.k !== 'if' && s.k !== 'match' && s.k !== 'for') {
        this.fail(`expected \`;\` or a line break, found ${this.describe(this.tok)}`, this.tok);
      }
      if (s.k === 'expr' && !terminated) result = s.value;
      else if (s.k === 'if' && !terminated && s.else && atEnd) result = ifAsExpr(s);
      else if (s.k === 'match' && !terminated && atEnd) result = { k: 'matchExpr', subject: s.subject, arms: s.arms, start: s.start, end: s.end };
      else stmts.push(s);
    }
    const end = this.tok.start;
    return result ? { stmts, result, start, end } : { stmts, start, end };
  }

  private block(): Block {
    this.expect('{');
    const b = this.blockContents('}');
    const close = this.expect('}');
    b.end = close.end;
    return b;
  }

  private statement(): Stmt {
    const t = this.tok;
    if (t.kind === 'punct' && t.text === '...') {
      this.next();
      return { k: 'elision', start: t.start, end: t.end };
    }
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'let': {
          this.next();
          const mutable = this.eat('mut');
          const name = this.identifier('a variable name');
          let type: TypeText | undefined;
          if (this.eat(':')) type = this.typeText();
          this.expect('=', 'in `let`');
          const value = this.expression();
          return { k: 'let', name: name.text, nameStart: name.start, mutable, value, start: t.start, end: value.end, ...(type ? { type } : {}) };
        }
        case 'if':
          return this.ifStatement();
        case 'match': {
          this.next();
          const subject = this.expression(true);
          const arms = this.matchArms();
          return { k: 'match', subject, arms, start: t.start, end: this.toks[this.pos - 1]!.end };
        }
        case 'for': {
          this.next();
          const name = this.identifier('a loop variable');
          this.expect('in', 'in `for`');
          const from = this.expression(true);
          this.expect('..', 'in the `for` range');
          const to = this.expression(true);
          const body = this.block();
          return { k: 'for', name: name.text, from, to, body, start: t.start, end: body.end };
        }
        case 'while':
          if (this.looksLikePythonBlock()) this.pythonBlock(t);
          this.fail('`while` loops are not part of ESCIR; use `for i in 0..K` with a constant bound', t);
          break;
        case 'return': {
          this.next();
          if (this.tok.nlBefore || this.is(';') || this.is('}') || this.tok.kind === 'eof') return { k: 'return', start: t.start, end: t.end };
          const value = this.expression();
          return { k: 'return', value, start: t.start, end: value.end };
        }
        case 'break':
          this.next();
          return { k: 'break', start: t.start, end: t.end };
        case 'continue':
          this.next();
          return { k: 'continue', start: t.start, end: t.end };
        case 'elif':
        case 'def':
        case 'else':
          if (this.looksLikePythonBlock()) this.pythonBlock(t);
          break;
        default:
          break;
      }
    }
    const target = this.expression();
    if (this.tok.kind === 'punct' && (this.tok.text === '=' || /^([-+*/%|&^]|<<|>>)=$/.test(this.tok.text))) {
      const opTok = this.next();
      const value = this.expression();
      const op = opTok.text === '=' ? undefined : (opTok.text.slice(0, -1) as BinaryOp);
      return { k: 'assign', target, value, start: target.start, end: value.end, ...(op ? { op } : {}) };
    }
    return { k: 'expr', value: target, start: target.start, end: target.end };
  }

  private ifStatement(): Stmt {
    const t = this.next(); // 'if'
    if (this.looksLikePythonBlock()) this.pythonBlock(t);
    const cond = this.expression(true);
    if (this.is(':')) this.pythonBlock(t);
    const then = this.block();
    let elseBlock: Block | undefined;
    if (this.is('else')) {
      this.next();
      if (this.is('if')) {
        const inner = this.ifStatement();
        // `else if` with a final `else` is also a value (its block's result); without one it is a statement.
        elseBlock = inner.k === 'if' && inner.else ? { stmts: [], result: ifAsExpr(inner), start: inner.start, end: inner.end } : { stmts: [inner], start: inner.start, end: inner.end };
      } else {
        if (this.is(':')) this.pythonBlock(t);
        elseBlock = this.block();
      }
    }
    const end = elseBlock ? elseBlock.end : then.end;
    return elseBlock ? { k: 'if', cond, then, else: elseBlock, start: t.start, end } : { k: 'if', cond, then, start: t.start, end };
  }

  /** `if x:` / `else:` / `while x:` lines: Python-like legacy bodies (W035). */
  private looksLikePythonBlock(): boolean {
    for (let k = this.pos; k < this.toks.length; k++) {
      const t = this.toks[k]!;
      if (k > this.pos && t.nlBefore) {
        const prev = this.toks[k - 1]!;
        return prev.kind === 'punct' && prev.text === ':';
      }
      if (t.kind === 'eof') {
        const prev = this.toks[k - 1]!;
        return prev.kind === 'punct' && prev.text === ':';
      }
      if (t.kind === 'punct' && t.text === '{') return false;
    }
    return false;
  }

  private pythonBlock(t: Token): never {
    this.features.push({ kind: 'python-block', start: t.start, end: t.end });
    this.fail('Python-style block (`if x:`) is not ESCIR syntax', t);
  }

  private matchArms(): MatchArm[] {
    this.expect('{', 'after the `match` subject');
    const arms: MatchArm[] = [];
    while (!this.is('}')) {
      if (this.tok.kind === 'eof') this.fail('expected `}` closing `match`', this.tok);
      if (this.eat(',')) continue;
      const start = this.tok.start;
      const patterns: Pattern[] = [this.pattern()];
      while (this.eat('|')) patterns.push(this.pattern());
      this.expect('=>', 'after the match pattern');
      let body: Block;
      if (this.is('{')) body = this.block();
      else {
        const s = this.statement();
        body = s.k === 'expr' ? { stmts: [], result: s.value, start: s.start, end: s.end } : { stmts: [s], start: s.start, end: s.end };
      }
      arms.push({ patterns, body, start, end: body.end });
    }
    this.expect('}');
    return arms;
  }

  private pattern(): Pattern {
    const t = this.tok;
    if (t.kind === 'ident' && t.text === '_') {
      this.next();
      return { k: 'wild', start: t.start, end: t.end };
    }
    if (t.kind === 'ident' && this.peek().text === '::') {
      this.next();
      this.next();
      const v = this.identifier('an enum variant');
      return { k: 'enum', type: t.text, variant: v.text, start: t.start, end: v.end };
    }
    if (t.kind === 'ident' && t.text !== 'true' && t.text !== 'false') {
      this.next();
      return { k: 'name', name: t.text, start: t.start, end: t.end };
    }
    const value = this.unary();
    if (this.is('..') || this.is('..=')) {
      const inclusive = this.next().text === '..=';
      const hi = this.unary();
      return { k: 'range', lo: value, hi, inclusive, start: value.start, end: hi.end };
    }
    return { k: 'lit', value, start: value.start, end: value.end };
  }

  private identifier(what: string): Token {
    if (this.tok.kind !== 'ident') this.fail(`expected ${what}, found ${this.describe(this.tok)}`, this.tok);
    return this.next();
  }

  /** A type written in an expression; its text is parsed by the type parser later. */
  private typeText(): TypeText {
    const start = this.tok.start;
    let depth = 0;
    let end = start;
    const first = this.tok;
    if (first.kind !== 'ident' && !(first.kind === 'punct' && first.text === '[')) this.fail(`expected a type, found ${this.describe(first)}`, first);
    for (;;) {
      const t = this.tok;
      if (t.kind === 'eof') break;
      if (t.kind === 'punct') {
        if (t.text === '<' || t.text === '[' || t.text === '(') depth++;
        else if (t.text === '>' || t.text === ']' || t.text === ')') {
          if (depth === 0) break;
          depth--;
        } else if (t.text === '>>') {
          if (depth < 2) break;
          depth -= 2;
        } else if (depth === 0 && t.text !== '.') break;
      } else if (depth === 0 && end !== start && this.toks[this.pos - 1]!.kind !== 'punct') break;
      end = t.end;
      this.next();
      if (depth === 0 && this.tok.nlBefore) break;
    }
    return { text: this.src.slice(start, end), start, end };
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────

  expression(noStruct = false): Expr {
    const cond = this.binary(0, noStruct);
    if (this.is('?')) {
      this.next();
      const then = this.expression(noStruct);
      this.expect(':', 'in `c ? a : b`');
      const other = this.expression(noStruct);
      return { k: 'cond', cond, then, else: other, start: cond.start, end: other.end };
    }
    return cond;
  }

  private binary(minPrec: number, noStruct: boolean): Expr {
    let left = this.unary(noStruct);
    for (;;) {
      const t = this.tok;
      if (t.kind === 'ident' && t.text === 'as' && CAST_PREC > minPrec) {
        this.next();
        const type = this.typeText();
        left = { k: 'cast', value: left, type, start: left.start, end: type.end };
        continue;
      }
      if (t.kind === 'ident' && (t.text === 'and' || t.text === 'or')) {
        this.features.push({ kind: 'python-word', start: t.start, end: t.end });
        this.fail(`\`${t.text}\` is Python; ESCIR writes \`${t.text === 'and' ? '&&' : '||'}\``, t);
      }
      if (t.kind !== 'punct') break;
      const prec = BINARY_PREC[t.text];
      if (prec === undefined || prec <= minPrec) break;
      this.next();
      const right = this.binary(prec, noStruct);
      left = { k: 'binary', op: t.text as BinaryOp, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(noStruct = false): Expr {
    const t = this.tok;
    if (t.kind === 'punct' && (t.text === '!' || t.text === '-' || t.text === '~')) {
      this.next();
      const operand = this.unary(noStruct);
      return { k: 'unary', op: t.text, operand, start: t.start, end: operand.end };
    }
    if (t.kind === 'ident' && t.text === 'not') {
      this.features.push({ kind: 'python-word', start: t.start, end: t.end });
      this.fail('`not` is Python; ESCIR writes `!`', t);
    }
    return this.postfix(this.primary(noStruct));
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'punct') return e;
      if (t.text === '.') {
        this.next();
        const name = this.tok;
        if (name.kind !== 'ident' && name.kind !== 'int') this.fail(`expected a field name after \`.\`, found ${this.describe(name)}`, name);
        this.next();
        if (this.is('(') && !this.tok.nlBefore) {
          const args = this.args();
          e = { k: 'call', callee: name.text, calleeStart: name.start, receiver: e, args, start: e.start, end: this.toks[this.pos - 1]!.end };
        } else e = { k: 'field', object: e, name: name.text, nameStart: name.start, start: e.start, end: name.end };
        continue;
      }
      if (t.text === '[' && !t.nlBefore) {
        this.next();
        if (this.is('..')) {
          this.next();
          const hi = this.is(']') ? undefined : this.expression();
          const close = this.expect(']');
          e = { k: 'slice', object: e, start: e.start, end: close.end, ...(hi ? { hi } : {}) };
          continue;
        }
        const index = this.expression();
        if (this.is('..')) {
          this.next();
          const hi = this.is(']') ? undefined : this.expression();
          const close = this.expect(']');
          e = { k: 'slice', object: e, lo: index, start: e.start, end: close.end, ...(hi ? { hi } : {}) };
          continue;
        }
        if (this.is(':')) {
          // Verilog-style bit slice `x[15:8]` (legacy, W058).
          this.features.push({ kind: 'bit-slice', start: t.start, end: this.tok.end });
          this.fail('bit slice `[hi:lo]` is not ESCIR syntax; use shifts and masks', this.tok);
        }
        const close = this.expect(']');
        e = { k: 'index', object: e, index, start: e.start, end: close.end };
        continue;
      }
      if (t.text === '(' && !t.nlBefore && e.k === 'name') {
        const args = this.args();
        e = { k: 'call', callee: e.name, calleeStart: e.start, args, start: e.start, end: this.toks[this.pos - 1]!.end };
        continue;
      }
      return e;
    }
  }

  private args(): Expr[] {
    this.expect('(');
    const args: Expr[] = [];
    while (!this.is(')')) {
      args.push(this.expression());
      if (!this.eat(',')) break;
    }
    this.expect(')', 'closing the argument list');
    return args;
  }

  private primary(noStruct: boolean): Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'int':
        this.next();
        return { k: 'int', value: t.value as bigint, hex: t.text.startsWith('0x') || t.text.startsWith('0X'), start: t.start, end: t.end, ...(t.suffix ? { suffix: t.suffix } : {}) };
      case 'float':
        this.next();
        return { k: 'float', value: t.value as number, start: t.start, end: t.end };
      case 'str':
        this.next();
        return { k: 'str', value: t.value as string, start: t.start, end: t.end };
      case 'char':
        this.next();
        return { k: 'char', value: t.value as number, start: t.start, end: t.end };
      case 'ident': {
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { k: 'bool', value: t.text === 'true', start: t.start, end: t.end };
        }
        if (t.text === 'if') {
          const s = this.ifStatement();
          if (s.k !== 'if' || !s.else) this.fail('an `if` used as a value needs an `else`', t);
          return ifAsExpr(s);
        }
        if (t.text === 'match') {
          this.next();
          const subject = this.expression(true);
          const arms = this.matchArms();
          return { k: 'matchExpr', subject, arms, start: t.start, end: this.toks[this.pos - 1]!.end };
        }
        if (PYTHON_WORDS.has(t.text) && (t.text === 'None' || t.text === 'True' || t.text === 'False')) {
          this.features.push({ kind: 'python-word', start: t.start, end: t.end });
        }
        this.next();
        if (this.is('::')) {
          this.next();
          const v = this.identifier('an enum variant after `::`');
          return { k: 'enum', type: t.text, variant: v.text, start: t.start, end: v.end };
        }
        if (!noStruct && this.is('{') && !this.tok.nlBefore && /^[A-Z]/.test(t.text) && this.looksLikeStructLiteral()) {
          return this.structLiteral(t);
        }
        return { k: 'name', name: t.text, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.text === '(') {
          this.next();
          const inner = this.expression();
          const close = this.expect(')', 'closing `(`');
          return { ...inner, start: t.start, end: close.end };
        }
        if (t.text === '{') {
          const block = this.block();
          return { k: 'block', block, start: block.start, end: block.end };
        }
        if (t.text === '[') {
          // `[0x05; 32]` array-repeat or `[a, b]` list literal: kept as a call to the list builtin.
          this.next();
          const elems: Expr[] = [];
          while (!this.is(']')) {
            elems.push(this.expression());
            if (this.is(';')) {
              this.next();
              const count = this.expression();
              const close = this.expect(']');
              return { k: 'call', callee: '__repeat', calleeStart: t.start, args: [elems[0]!, count], start: t.start, end: close.end };
            }
            if (!this.eat(',')) break;
          }
          const close = this.expect(']');
          return { k: 'call', callee: '__list', calleeStart: t.start, args: elems, start: t.start, end: close.end };
        }
        break;
      default:
        break;
    }
    this.fail(`expected an expression, found ${this.describe(t)}`, t);
  }

  private looksLikeStructLiteral(): boolean {
    const a = this.peek(1);
    const b = this.peek(2);
    return (a.kind === 'punct' && a.text === '}') || (a.kind === 'ident' && b.kind === 'punct' && (b.text === ':' || b.text === ',' || b.text === '}'));
  }

  private structLiteral(typeTok: Token): Expr {
    this.expect('{');
    const fields: { name: string; value: Expr; start: number }[] = [];
    while (!this.is('}')) {
      const name = this.identifier('a field name');
      let value: Expr;
      if (this.eat(':')) value = this.expression();
      else value = { k: 'name', name: name.text, start: name.start, end: name.end };
      fields.push({ name: name.text, value, start: name.start });
      if (!this.eat(',')) break;
    }
    const close = this.expect('}', 'closing the struct literal');
    return { k: 'struct', type: typeTok.text, fields, start: typeTok.start, end: close.end };
  }
}

function ifAsExpr(s: Stmt & { k: 'if' }): Expr {
  return { k: 'ifExpr', cond: s.cond, then: s.then, else: s.else!, start: s.start, end: s.end };
}
