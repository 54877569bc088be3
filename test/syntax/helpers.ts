/**
 * Test helpers: parse snippets and print expressions as S-expressions, so precedence and
 * newline rules can be asserted in one readable line.
 */
import { expect } from 'vitest';
import { DiagnosticBag, SourceFile, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { Block, Decl, Expr, Pattern, SourceFileAst, Stmt, TypeExpr } from '../../compiler/syntax/ast.ts';
import { parseSource } from '../../compiler/syntax/index.ts';

export interface Parsed {
  ast: SourceFileAst;
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
}

export function parse(source: string, path = 'test.fl'): Parsed {
  const bag = new DiagnosticBag();
  const ast = parseSource(new SourceFile(path, source), bag);
  return { ast, diagnostics: bag.items, errors: bag.items.filter((d) => d.severity === 'error') };
}

/** Parses and requires zero errors, and zero warnings unless `allowWarnings`. */
export function parseOk(source: string, path = 'test.fl', allowWarnings = false): SourceFileAst {
  const r = parse(source, path);
  const shown = r.diagnostics.filter((d) => d.severity === 'error' || (d.severity === 'warning' && !allowWarnings));
  expect(shown.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([]);
  return r.ast;
}

export function onlyDecl<K extends Decl['kind']>(source: string, kind: K, path = 'test.fl'): Extract<Decl, { kind: K }> {
  const ast = parseOk(source, path);
  expect(ast.decls.map((d) => d.kind)).toEqual([kind]);
  return ast.decls[0] as Extract<Decl, { kind: K }>;
}

/** The statements of a circuit body holding `body`. */
export function stmts(body: string): Stmt[] {
  const c = onlyDecl(`circuit t() -> u8 {\n${body}\n}\n`, 'Circuit');
  return c.body.stmts;
}

/** The single expression statement `body`, as an S-expression. */
export function sx(body: string): string {
  const s = stmts(body);
  expect(s.length).toBe(1);
  return show(s[0]!);
}

/** All statements of `body`, each as an S-expression. */
export function sxAll(body: string): string[] {
  return stmts(body).map(show);
}

export function show(n: Expr | Stmt | Block | Pattern | TypeExpr | undefined | null): string {
  if (n === undefined) return '_';
  if (n === null) return 'null';
  switch (n.kind) {
    case 'Int':
      return n.text;
    case 'Float':
      return n.text;
    case 'String':
      return JSON.stringify(n.value);
    case 'Bool':
      return String(n.value);
    case 'Nil':
      return n.keyword;
    case 'Duration':
      return n.text;
    case 'Name':
      return n.name;
    case 'Path':
      return n.segments.map((s) => s.name).join('::');
    case 'Binary':
      return `(${n.op} ${show(n.left)} ${show(n.right)})`;
    case 'Unary':
      return `(${n.op} ${show(n.operand)})`;
    case 'Cast':
      return `(as ${show(n.expr)} ${show(n.type)})`;
    case 'Call':
      return `(call ${show(n.callee)}${n.args.map((a) => ' ' + show(a)).join('')})`;
    case 'MethodCall':
      return `(.${n.method.name} ${show(n.receiver)}${n.args.map((a) => ' ' + show(a)).join('')})`;
    case 'Member':
      return `(. ${show(n.object)} ${n.field.name})`;
    case 'Index':
      return `([] ${show(n.object)} ${show(n.index)})`;
    case 'Slice':
      return `(${n.style === 'colon' ? '[:]' : '[..]'} ${show(n.object)} ${show(n.lo)} ${show(n.hi)})`;
    case 'StructLit': {
      const fields = n.fields.map((f) => ` ${f.name.name}:${show(f.value)}`).join('');
      const rest = n.rest ? (n.rest.base ? ` ..${show(n.rest.base)}` : ' ..') : '';
      return `(struct${n.type ? ' ' + show(n.type) : ''}${fields}${rest})`;
    }
    case 'ByteFill':
      return `(bytes ${show(n.size)}${n.fill ? ' ' + show(n.fill) : ''})`;
    case 'BytesLit':
      return `(bytes-lit${n.elements.map((e) => ' ' + show(e)).join('')})`;
    case 'ListLit':
      return `(list${n.elements.map((e) => ' ' + show(e)).join('')})`;
    case 'TypeValue':
      return `(type ${show(n.type)}${n.member ? '::' + n.member.name : ''})`;
    case 'If':
      return `(if ${show(n.cond)} ${show(n.then)}${n.else ? ' ' + show(n.else) : ''})`;
    case 'Match':
      return `(match ${show(n.scrutinee)}${n.arms.map((a) => ` [${show(a.pattern)} ${show(a.body)}]`).join('')})`;
    case 'BlockExpr':
      return show(n.block);
    case 'Closure':
      return `(fn [${n.params.map((p) => p.name).join(' ')}] ${show(n.body)})`;
    case 'Range':
      return `(.. ${show(n.lo)} ${show(n.hi)})`;
    case 'ErrorExpr':
      return '<error>';
    case 'Block':
      return `{${n.stmts.map((s) => ' ' + show(s)).join('')} }`;
    case 'Let':
      return `(let${n.mutable ? ' mut' : ''} ${n.name ? n.name.name : '_'}${n.type ? ': ' + show(n.type) : ''} ${show(n.value)})`;
    case 'Assign':
      return `(= ${show(n.target)} ${show(n.value)})`;
    case 'Return':
      return `(return${n.value ? ' ' + show(n.value) : ''})`;
    case 'While':
      return `(while ${show(n.cond)} ${show(n.body)})`;
    case 'For':
      return `(for ${n.binding ? n.binding.name : '_'} ${show(n.iterable)} ${show(n.body)})`;
    case 'Continue':
      return '(continue)';
    case 'Break':
      return '(break)';
    case 'Assert':
      return `(${n.keyword} ${show(n.cond)}${n.message !== undefined ? ' ' + JSON.stringify(n.message) : ''})`;
    case 'Emit':
      return `(emit ${n.stream.name} ${show(n.value)})`;
    case 'Forall':
      return `(${n.keyword} [${n.vars.map((v) => `${v.name.name}:${show(v.type)}`).join(' ')}] ${show(n.body)})`;
    case 'Observe':
      return `(observe ${n.name.name} [${n.metrics.map((m) => m.name).join(' ')}])`;
    case 'Invariant':
      return `(invariant${n.label !== undefined ? ' ' + JSON.stringify(n.label) : ''} ${show(n.expr)})`;
    case 'ExprStmt':
      return show(n.expr) + (n.semicolon ? ';' : '');
    // patterns
    case 'WildcardPat':
      return '_';
    case 'IntPat':
      return String(n.value);
    case 'StringPat':
      return JSON.stringify(n.value);
    case 'BoolPat':
      return String(n.value);
    case 'NilPat':
      return 'nil';
    case 'SomePat':
      return `(some ${show(n.inner)})`;
    case 'PathPat':
      return n.segments.map((s) => s.name).join('::');
    case 'NamePat':
      return n.name.name;
    // types
    case 'PrimType':
      return n.name;
    case 'NamedType':
      return n.path.map((p) => p.name).join('::');
    case 'BytesType':
      return n.size === undefined ? 'bytes' : `bytes(${n.size.kind === 'int' ? n.size.value : n.size.name.name})`;
    case 'GenericType':
      return `${n.name}<${show(n.arg)}>`;
    case 'StateType':
      return `state<${show(n.key)}, ${show(n.value)}>`;
    case 'ArrayType':
      return `[${show(n.element)}; ${n.size.kind === 'int' ? n.size.value : n.size.name.name}]`;
    case 'StructType':
      return `${n.tagged ? 'tagged ' : ''}${n.anonymous ? '' : 'struct '}{${n.fields.map((f) => ` ${f.name.name}: ${show(f.type)}`).join(',')} }`;
    case 'EnumType':
      return `enum${n.repr ? ' ' + n.repr.name : ''} {${n.variants.map((v) => ' ' + v.name.name + (v.value ? '=' + show(v.value) : '')).join(',')} }`;
  }
}

/** `line:col CODE` of every diagnostic, for compact assertions. */
export function where(diagnostics: Diagnostic[]): string[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column).map((d) => `${d.line}:${d.column} ${d.code}`);
}
