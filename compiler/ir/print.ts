/**
 * Textual IR for `estream compile --emit ir`: deterministic (same module, same text), one
 * S-expression per node with its type after the head, e.g. `(add u32 $0 (const u32 1))`.
 * Locals print as `$id`; `@file:line:col` marks the source span of trapping or recorded nodes.
 */
import { sortedJson } from '../check/clauses.ts';
import type { Span } from '../diagnostics/source.ts';
import type { IrConst, IrExpr, IrFunc, IrModule, IrPlaceStep, IrStmt, IrType, IrTypeDef } from './ir.ts';
import { typeText } from './type-rules.ts';

export interface PrintOptions {
  /** Print source locations (`@file:line:col`) on nodes that carry them. Default true. */
  locations?: boolean;
}

export function printModule(m: IrModule, options: PrintOptions = {}): string {
  const p = new Printer(m.types, options.locations ?? true);
  const out: string[] = ['; estream IR'];
  m.types.forEach((t, i) => out.push(p.typeDef(i, t)));
  for (const s of m.streams) {
    const parts = [`stream ${s.name} ${s.kind}`];
    if (s.elem) parts.push(`elem=${p.type(s.elem)}`);
    if (s.key) parts.push(`key=${p.type(s.key)}`);
    if (s.value) parts.push(`value=${p.type(s.value)}`);
    if (s.filters.length) parts.push(`filters=[${s.filters.join(', ')}]`);
    if (s.throttle) parts.push(`throttle=${s.throttle.perSecond}/s burst ${s.throttle.burst}`);
    if (s.retentionMs !== undefined) parts.push(`retention=${s.retentionMs === null ? 'forever' : `${s.retentionMs}ms`}`);
    if (s.merkleChain !== undefined) parts.push(`merkle_chain=${s.merkleChain}`);
    out.push(parts.join(' '));
  }
  for (const sm of m.stateMachines) {
    out.push(`state_machine ${sm.name} step=${sm.stepFunc} initial=${sm.initial} wal=${sm.wal}`);
    out.push(`  states [${sm.states.join(', ')}]`);
    out.push(`  events [${sm.events.join(', ')}]`);
    if (sm.terminal.length) out.push(`  terminal [${sm.terminal.join(', ')}]`);
    for (const t of sm.transitions) {
      out.push(`  ${t.from} -> ${t.to} on ${t.event}${t.guard ? ` guard ${t.guard}` : ''}${t.action ? ` action ${t.action}` : ''}`);
    }
    if (sm.verify.length) out.push(`  verify [${sm.verify.join(', ')}]`);
  }
  for (const t of m.tests) {
    const inputs = t.inputs.map((i) => `${i.name}: ${p.type(i.type)}`).join(', ');
    out.push(`test ${JSON.stringify(t.name)} ${t.kind}${t.testKind ? `/${t.testKind}` : ''} func=${t.func}${t.circuit ? ` circuit=${t.circuit}` : ''}${inputs ? ` inputs(${inputs})` : ''}`);
  }
  for (const proc of m.procs) {
    out.push(`proc ${proc.name} step=${proc.step} state=${p.type(proc.stateType)} inputs=${p.type(proc.inputsType)} outputs=${p.type(proc.outputsType)}`);
  }
  if (Object.keys(m.attrs).length > 0) out.push(`attrs ${JSON.stringify(sortedJson(jsonSafe(m.attrs)))}`);
  for (const f of m.funcs) out.push('', ...p.func(f));
  return out.join('\n') + '\n';
}

export function printFunc(f: IrFunc, types: IrTypeDef[], options: PrintOptions = {}): string {
  return new Printer(types, options.locations ?? true).func(f).join('\n') + '\n';
}

class Printer {
  constructor(
    private readonly types: IrTypeDef[],
    private readonly locations: boolean,
  ) {}

  typeDef(i: number, t: IrTypeDef): string {
    if (t.kind === 'struct') {
      const enc = t.encode ? ` encode(${t.encode.size ?? t.encode.format ?? ''})` : '';
      return `type #${i} struct ${t.name} { ${t.fields.map((f) => `${f.name}: ${this.type(f.type)}`).join(', ')} }${enc}`;
    }
    return `type #${i} enum ${t.name} u${t.reprBits} { ${t.variants.map((v) => `${v.name} = ${v.value}`).join(', ')} }`;
  }

  type(t: IrType): string {
    return typeText(t, (x) => `${this.types[x.id]?.name ?? '?'}#${x.id}`);
  }

  loc(span: Span | undefined): string {
    if (!this.locations || !span) return '';
    const lc = span.file.lineCol(span.start);
    return ` @${span.file.path}:${lc.line}:${lc.column}`;
  }

  func(f: IrFunc): string[] {
    const params = f.params.map((id) => `$${id} ${f.locals[id]?.name ?? '?'}: ${this.type(f.locals[id]?.type ?? { k: 'any' })}`).join(', ');
    const flags = [f.kind, f.exported ? 'exported' : 'internal', f.overflowChecks ? 'overflow=trap' : 'overflow=wrap'];
    const out = [`func ${f.name}(${params}) -> ${this.type(f.result)} ${flags.join(' ')}${f.sourceName !== f.name ? ` source=${JSON.stringify(f.sourceName)}` : ''}${this.loc(f.loc)}`];
    if (f.notCompiled) out.push(`  not_compiled ${JSON.stringify(`${f.notCompiled.file}:${f.notCompiled.line}:${f.notCompiled.column}: ${f.notCompiled.message}`)}`);
    if (Object.keys(f.attrs).length > 0) out.push(`  attrs ${JSON.stringify(sortedJson(jsonSafe(f.attrs)))}`);
    for (const l of f.locals) {
      if (f.params.includes(l.id)) continue;
      out.push(`  local $${l.id} ${l.name}: ${this.type(l.type)}${l.witness ? ' witness' : ''}`);
    }
    out.push('  {');
    for (const s of f.body) out.push(...this.stmt(s, '    '));
    out.push('  }');
    return out;
  }

  stmt(s: IrStmt, ind: string): string[] {
    switch (s.s) {
      case 'set':
        return [`${ind}$${s.local} = ${this.expr(s.value)}${this.loc(s.loc)}`];
      case 'setPlace':
        return [`${ind}$${s.local}${this.path(s.path)} = ${this.expr(s.value)}${this.loc(s.loc)}`];
      case 'push':
        return [`${ind}push $${s.local}${this.path(s.path)} ${this.expr(s.value)}${this.loc(s.loc)}`];
      case 'expr':
        return [`${ind}${this.expr(s.value)}`];
      case 'if': {
        const out = [`${ind}if ${this.expr(s.cond)} {`];
        for (const x of s.then) out.push(...this.stmt(x, ind + '  '));
        if (s.else.length > 0) {
          out.push(`${ind}} else {`);
          for (const x of s.else) out.push(...this.stmt(x, ind + '  '));
        }
        out.push(`${ind}}`);
        return out;
      }
      case 'loop': {
        const out = [`${ind}loop {${this.loc(s.loc)}`];
        for (const x of s.body) out.push(...this.stmt(x, ind + '  '));
        out.push(`${ind}}`);
        return out;
      }
      case 'break':
      case 'continue':
        return [`${ind}${s.s}`];
      case 'return':
        return [`${ind}return${s.value ? ' ' + this.expr(s.value) : ''}`];
      case 'trap':
        return [`${ind}trap ${s.kind} ${JSON.stringify(s.message)}${this.loc(s.loc)}`];
    }
  }

  path(path: IrPlaceStep[]): string {
    return path.map((p) => (p.k === 'field' ? `.${p.index}` : `[${this.expr(p.index)}]`)).join('');
  }

  expr(e: IrExpr): string {
    const t = this.type(e.type);
    const l = this.loc(e.loc);
    switch (e.e) {
      case 'const':
        return `(const ${t} ${this.constant(e.value)})`;
      case 'local':
        return `$${e.id}`;
      case 'binary':
        return `(${e.op}${e.checked === undefined ? '' : e.checked ? '.checked' : '.wrapping'} ${t} ${this.expr(e.left)} ${this.expr(e.right)}${l})`;
      case 'checkedArith':
        return `(checked_${e.op} ${t} ${this.expr(e.left)} ${this.expr(e.right)}${l})`;
      case 'saturatingArith':
        return `(saturating_${e.op} ${t} ${this.expr(e.left)} ${this.expr(e.right)}${l})`;
      case 'logic':
        return `(${e.op === 'and' ? '&&' : '||'} ${this.expr(e.left)} ${this.expr(e.right)})`;
      case 'unary':
        return `(${e.op}${e.checked === undefined ? '' : e.checked ? '.checked' : '.wrapping'} ${t} ${this.expr(e.operand)}${l})`;
      case 'convert':
        return `(convert.${e.kind} ${t} ${this.expr(e.value)}${l})`;
      case 'struct':
        return `(struct ${t} ${e.fields.map((x) => this.expr(x)).join(' ')})`;
      case 'field':
        return `(field ${e.index} ${t} ${this.expr(e.object)})`;
      case 'list':
        return `(list ${t}${e.elems.map((x) => ' ' + this.expr(x)).join('')})`;
      case 'fill':
        return `(fill ${t} ${this.expr(e.fill)})`;
      case 'index':
        return `(index ${t} ${this.expr(e.object)} ${this.expr(e.index)}${l})`;
      case 'slice':
        return `(slice ${t} ${this.expr(e.object)} ${this.expr(e.lo)}${e.hi ? ' ' + this.expr(e.hi) : ''}${l})`;
      case 'len':
        return `(len ${this.expr(e.object)})`;
      case 'some':
        return `(some ${t} ${this.expr(e.value)})`;
      case 'none':
        return `(none ${t})`;
      case 'isSome':
        return `(is_some ${this.expr(e.value)})`;
      case 'unwrap':
        return `(unwrap ${t} ${this.expr(e.value)}${l})`;
      case 'if':
        return `(if ${t} ${this.expr(e.cond)} ${this.expr(e.then)} ${this.expr(e.else)})`;
      case 'block': {
        const stmts = e.stmts.map((s) => this.stmt(s, '').map((l) => l.trim()).join(' ')).join('; ');
        return `(block ${t} { ${stmts} } ${this.expr(e.value)})`;
      }
      case 'call':
        return `(call ${e.func} ${t}${e.args.map((a) => ' ' + this.expr(a)).join('')}${l})`;
      case 'builtin':
        return `(builtin ${e.name} ${t}${e.args.map((a) => ' ' + this.expr(a)).join('')}${l})`;
      case 'host':
        return `(host ${e.name}${e.target !== undefined ? `[${e.target}]` : ''} ${t}${e.args.map((a) => ' ' + this.expr(a)).join('')}${l})`;
      case 'trap':
        return `(trap ${e.kind} ${t} ${JSON.stringify(e.message)}${l})`;
    }
  }

  constant(v: IrConst): string {
    if (v === null) return 'nil';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(1) : String(v);
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    if (v instanceof Uint8Array) return v.every((b) => b === 0) ? `zero[${v.length}]` : '0x' + Buffer.from(v).toString('hex');
    if (Array.isArray(v)) return `[${v.map((x) => this.constant(x)).join(', ')}]`;
    if ('some' in v) return `some(${this.constant(v.some)})`;
    return `any(${this.type(v.any)}, ${this.constant(v.value)})`;
  }
}

/** attrs may hold spans or bigints; print them as plain data. */
function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v && typeof v === 'object') {
    if ('file' in v && 'start' in v && 'end' in v) {
      const s = v as Span;
      const lc = s.file.lineCol(s.start);
      return `${s.file.path}:${lc.line}:${lc.column}`;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonSafe(x);
    return out;
  }
  return v;
}
