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

export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.k) {
    case 'field':
      walkExpr(e.object, visit);
      break;
    case 'index':
      walkExpr(e.object, visit);
      walkExpr(e.index, visit);
      break;
    case 'slice':
      walkExpr(e.object, visit);
      if (e.lo) walkExpr(e.lo, visit);
      if (e.hi) walkExpr(e.hi, visit);
      break;
    case 'unary':
      walkExpr(e.operand, visit);
      break;
    case 'binary':
      walkExpr(e.left, visit);
      walkExpr(e.right, visit);
      break;
    case 'cond':
      walkExpr(e.cond, visit);
      walkExpr(e.then, visit);
      walkExpr(e.else, visit);
      break;
    case 'call':
      if (e.receiver) walkExpr(e.receiver, visit);
      for (const a of e.args) walkExpr(a, visit);
      break;
    case 'struct':
      for (const f of e.fields) walkExpr(f.value, visit);
      break;
    case 'cast':
      walkExpr(e.value, visit);
      break;
    case 'ifExpr':
      walkExpr(e.cond, visit);
      walkBlock(e.then, visit);
      walkBlock(e.else, visit);
      break;
    case 'matchExpr':
      walkExpr(e.subject, visit);
      for (const a of e.arms) walkBlock(a.body, visit);
      break;
    case 'block':
      walkBlock(e.block, visit);
      break;
    default:
      break;
  }
}

export function walkBlock(b: Block, visit: (e: Expr) => void): void {
  for (const s of b.stmts) walkStmt(s, visit);
  if (b.result) walkExpr(b.result, visit);
}

export function walkStmt(s: Stmt, visit: (e: Expr) => void): void {
  switch (s.k) {
    case 'let':
      walkExpr(s.value, visit);
      break;
    case 'assign':
      walkExpr(s.target, visit);
      walkExpr(s.value, visit);
      break;
    case 'expr':
      walkExpr(s.value, visit);
      break;
    case 'if':
      walkExpr(s.cond, visit);
      walkBlock(s.then, visit);
      if (s.else) walkBlock(s.else, visit);
      break;
    case 'match':
      walkExpr(s.subject, visit);
      for (const a of s.arms) walkBlock(a.body, visit);
      break;
    case 'for':
      walkExpr(s.from, visit);
      walkExpr(s.to, visit);
      walkBlock(s.body, visit);
      break;
    case 'return':
      if (s.value) walkExpr(s.value, visit);
      break;
    default:
      break;
  }
}
