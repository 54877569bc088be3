/**
 * The one C-like expression and statement language of ESCIR (ESCIR.md §6 "Expressions",
 * §7 statements). Offsets are indices into the body string; the caller maps them to file
 * offsets through the YAML scalar they came from.
 */

export interface Pos {
  start: number;
  end: number;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '|' | '^' | '&' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%';
export type UnaryOp = '!' | '-' | '~';

/** A type written inside an expression (`as T`, struct literal type, `let x: T`). */
export interface TypeText extends Pos {
  text: string;
}

export type Expr = Pos &
  (
    | { k: 'int'; value: bigint; hex: boolean; suffix?: string }
    | { k: 'float'; value: number }
    | { k: 'bool'; value: boolean }
    | { k: 'str'; value: string }
    | { k: 'char'; value: number }
    | { k: 'name'; name: string }
    | { k: 'field'; object: Expr; name: string; nameStart: number }
    | { k: 'index'; object: Expr; index: Expr }
    | { k: 'slice'; object: Expr; lo?: Expr; hi?: Expr }
    | { k: 'unary'; op: UnaryOp; operand: Expr }
    | { k: 'binary'; op: BinaryOp; left: Expr; right: Expr }
    | { k: 'cond'; cond: Expr; then: Expr; else: Expr }
    /** `f(args)` or `recv.m(args)` (method call: receiver set). */
    | { k: 'call'; callee: string; calleeStart: number; receiver?: Expr; args: Expr[] }
    | { k: 'enum'; type: string; variant: string }
    | { k: 'struct'; type: string; fields: { name: string; value: Expr; start: number }[] }
    | { k: 'cast'; value: Expr; type: TypeText }
    /** `if c {…} else {…}` used as a value: a block whose last expression is the value. */
    | { k: 'ifExpr'; cond: Expr; then: Block; else: Block }
    | { k: 'matchExpr'; subject: Expr; arms: MatchArm[] }
    | { k: 'block'; block: Block }
  );

export interface Block extends Pos {
  stmts: Stmt[];
  /** The trailing expression without `;`, if any: the block's value. */
  result?: Expr;
}

export interface MatchArm extends Pos {
  patterns: Pattern[];
  body: Block;
}

export type Pattern = Pos &
  (
    | { k: 'wild' }
    | { k: 'lit'; value: Expr }
    | { k: 'enum'; type: string; variant: string }
    | { k: 'name'; name: string }
    /** `'a'..='z'` (inclusive) or `0..10` (exclusive). */
    | { k: 'range'; lo: Expr; hi: Expr; inclusive: boolean }
  );

export type Stmt = Pos &
  (
    | { k: 'let'; name: string; nameStart: number; type?: TypeText; value: Expr; mutable: boolean }
    | { k: 'assign'; target: Expr; value: Expr; op?: BinaryOp }
    | { k: 'expr'; value: Expr }
    | { k: 'if'; cond: Expr; then: Block; else?: Block }
    | { k: 'match'; subject: Expr; arms: MatchArm[] }
    | { k: 'for'; name: string; from: Expr; to: Expr; body: Block }
    | { k: 'return'; value?: Expr }
    | { k: 'break' }
    | { k: 'continue' }
    /** `...` standing for elided code (ESCIR.md W055). */
    | { k: 'elision' }
  );

/** A direct part of an expression or statement that holds code. */
type Part = Expr | Block | undefined;

/** The sub-expressions and blocks of an expression, in source order. */
function exprParts(e: Expr): Part[] {
  switch (e.k) {
    case 'field':
      return [e.object];
    case 'cast':
      return [e.value];
    case 'index':
      return [e.object, e.index];
    case 'slice':
      return [e.object, e.lo, e.hi];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'cond':
    case 'ifExpr':
      return [e.cond, e.then, e.else];
    case 'call':
      return [e.receiver, ...e.args];
    case 'struct':
      return e.fields.map((f) => f.value);
    case 'matchExpr':
      return [e.subject, ...e.arms.map((a) => a.body)];
    case 'block':
      return [e.block];
    default:
      return [];
  }
}

/** The expressions and blocks of a statement, in source order. */
function stmtParts(s: Stmt): Part[] {
  switch (s.k) {
    case 'let':
    case 'expr':
      return [s.value];
    case 'assign':
      return [s.target, s.value];
    case 'if':
      return [s.cond, s.then, s.else];
    case 'match':
      return [s.subject, ...s.arms.map((a) => a.body)];
    case 'for':
      return [s.from, s.to, s.body];
    case 'return':
      return [s.value];
    default:
      return [];
  }
}

function walkPart(p: Part, visit: (e: Expr) => void): void {
  if (p === undefined) return;
  if ('k' in p) walkExpr(p, visit);
  else walkBlock(p, visit);
}

/** Visits `e` and every expression inside it (blocks included), parents first. */
export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  for (const p of exprParts(e)) walkPart(p, visit);
}

export function walkBlock(b: Block, visit: (e: Expr) => void): void {
  for (const s of b.stmts) walkStmt(s, visit);
  if (b.result) walkExpr(b.result, visit);
}

export function walkStmt(s: Stmt, visit: (e: Expr) => void): void {
  for (const p of stmtParts(s)) walkPart(p, visit);
}
