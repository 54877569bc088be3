/**
 * A structural checker for lowered IR, used by the tests on every program they compile: the
 * lowering must hand the back end a module whose types agree everywhere (unique symbols,
 * call arities and argument types, assignment and return types, operand types, field
 * indexes, local ids). Returns the problems found (empty when well formed).
 */
import type { IrExpr, IrFunc, IrModule, IrPlaceStep, IrStmt, IrType } from '../../compiler/ir/ir.ts';
import { sameType } from '../../compiler/ir/ir.ts';

export function wellFormedProblems(m: IrModule): string[] {
  const out: string[] = [];
  const byName = new Map<string, IrFunc>();
  for (const f of m.funcs) {
    if (byName.has(f.name)) out.push(`duplicate function symbol ${f.name}`);
    byName.set(f.name, f);
  }
  for (const t of m.tests) if (!byName.has(t.func)) out.push(`test ${t.name} names missing function ${t.func}`);
  for (const s of m.stateMachines) if (!byName.has(s.stepFunc)) out.push(`state machine ${s.name} names missing ${s.stepFunc}`);
  for (const s of m.streams) for (const f of s.filters) if (!byName.has(f)) out.push(`stream ${s.name} names missing filter ${f}`);
  for (const f of m.funcs) new FuncCheck(m, f, byName, out).run();
  return out;
}

class FuncCheck {
  constructor(
    private readonly m: IrModule,
    private readonly f: IrFunc,
    private readonly funcs: Map<string, IrFunc>,
    private readonly out: string[],
  ) {}

  private bad(msg: string): void {
    this.out.push(`${this.f.name}: ${msg}`);
  }

  private same(a: IrType, b: IrType, what: string): void {
    if (!sameType(a, b)) this.bad(`${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }

  run(): void {
    this.f.locals.forEach((l, i) => l.id !== i && this.bad(`local ${i} has id ${l.id}`));
    for (const p of this.f.params) if (!this.f.locals[p]) this.bad(`param ${p} is not a local`);
    this.stmts(this.f.body, 0);
  }

  private local(id: number): IrType | undefined {
    const l = this.f.locals[id];
    if (!l) this.bad(`unknown local $${id}`);
    return l?.type;
  }

  private stmts(list: IrStmt[], loops: number): void {
    for (const s of list) this.stmt(s, loops);
  }

  private stmt(s: IrStmt, loops: number): void {
    switch (s.s) {
      case 'set': {
        const t = this.local(s.local);
        this.expr(s.value, loops);
        if (t) this.same(s.value.type, t, `set $${s.local}`);
        return;
      }
      case 'setPlace':
      case 'push': {
        let t = this.local(s.local);
        t = t && this.path(t, s.path, loops);
        this.expr(s.value, loops);
        if (!t) return;
        if (s.s === 'push') {
          if (t.k !== 'list') this.bad(`push onto ${t.k}`);
          else this.same(s.value.type, t.elem, 'pushed value');
        } else this.same(s.value.type, t, 'setPlace value');
        return;
      }
      case 'expr':
        this.expr(s.value, loops);
        return;
      case 'if':
        this.expr(s.cond, loops);
        this.same(s.cond.type, { k: 'bool' }, 'if condition');
        this.stmts(s.then, loops);
        this.stmts(s.else, loops);
        return;
      case 'loop':
        this.stmts(s.body, loops + 1);
        return;
      case 'break':
      case 'continue':
        if (loops === 0) this.bad(`${s.s} outside a loop`);
        return;
      case 'return':
        if (s.value) {
          this.expr(s.value, loops);
          if (this.f.result.k !== 'void') this.same(s.value.type, this.f.result, 'return value');
        } else if (this.f.result.k !== 'void') this.bad('return without a value in a non-void function');
        return;
      case 'trap':
        return;
    }
  }

  private path(t: IrType, path: IrPlaceStep[], loops: number): IrType | undefined {
    let cur: IrType | undefined = t;
    for (const p of path) {
      if (!cur) return undefined;
      if (p.k === 'field') {
        if (cur.k !== 'struct') return this.bad(`field step on ${cur.k}`), undefined;
        const def: IrModule['types'][number] | undefined = this.m.types[cur.id];
        const field: { name: string; type: IrType } | undefined = def?.kind === 'struct' ? def.fields[p.index] : undefined;
        if (!field) return this.bad(`field step ${p.index} out of range`), undefined;
        cur = field.type;
      } else {
        this.expr(p.index, loops);
        if (cur.k === 'list' || cur.k === 'array') cur = cur.elem;
        else if (cur.k === 'bytes' || cur.k === 'bytesN' || cur.k === 'string') cur = { k: 'int', bits: 8, signed: false };
        else return this.bad(`index step on ${cur.k}`), undefined;
      }
    }
    return cur;
  }

  private expr(e: IrExpr, loops: number): void {
    const bool: IrType = { k: 'bool' };
    switch (e.e) {
      case 'const':
        return;
      case 'local': {
        const t = this.local(e.id);
        if (t) this.same(e.type, t, `local $${e.id} reference`);
        return;
      }
      case 'binary':
        this.expr(e.left, loops);
        this.expr(e.right, loops);
        if (e.op !== 'shl' && e.op !== 'shr') this.same(e.left.type, e.right.type, `${e.op} operands`);
        if (['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(e.op)) this.same(e.type, bool, `${e.op} result`);
        else this.same(e.type, e.left.type, `${e.op} result`);
        return;
      case 'checkedArith':
      case 'saturatingArith':
        this.expr(e.left, loops);
        this.expr(e.right, loops);
        this.same(e.left.type, e.right.type, `${e.e} operands`);
        return;
      case 'logic':
        this.expr(e.left, loops);
        this.expr(e.right, loops);
        this.same(e.left.type, bool, 'logic left');
        this.same(e.right.type, bool, 'logic right');
        return;
      case 'unary':
        this.expr(e.operand, loops);
        this.same(e.type, e.operand.type, `${e.op} result`);
        return;
      case 'convert':
        this.expr(e.value, loops);
        return;
      case 'struct': {
        e.fields.forEach((x) => this.expr(x, loops));
        if (e.type.k !== 'struct') return this.bad('struct node of non-struct type');
        const def = this.m.types[e.type.id];
        if (def?.kind !== 'struct') return this.bad('struct id is not a struct');
        if (def.fields.length !== e.fields.length) return this.bad(`struct ${def.name}: ${e.fields.length} fields for ${def.fields.length}`);
        def.fields.forEach((fd, i) => this.same(e.fields[i]!.type, fd.type, `field ${def.name}.${fd.name}`));
        return;
      }
      case 'field': {
        this.expr(e.object, loops);
        const t = e.object.type;
        if (t.k !== 'struct') return this.bad(`field of ${t.k}`);
        const def = this.m.types[t.id];
        const fd = def?.kind === 'struct' ? def.fields[e.index] : undefined;
        if (!fd) return this.bad(`field index ${e.index} out of range`);
        this.same(e.type, fd.type, 'field type');
        return;
      }
      case 'list':
        e.elems.forEach((x) => this.expr(x, loops));
        if (e.type.k !== 'list' && e.type.k !== 'array') return this.bad('list node of non-list type');
        for (const x of e.elems) this.same(x.type, e.type.elem, 'list element');
        return;
      case 'fill':
        this.expr(e.fill, loops);
        return;
      case 'index':
        this.expr(e.object, loops);
        this.expr(e.index, loops);
        return;
      case 'slice':
        this.expr(e.object, loops);
        this.expr(e.lo, loops);
        if (e.hi) this.expr(e.hi, loops);
        return;
      case 'len':
        this.expr(e.object, loops);
        return;
      case 'some':
        this.expr(e.value, loops);
        if (e.type.k !== 'option') return this.bad('some of non-option type');
        this.same(e.value.type, e.type.inner, 'some payload');
        return;
      case 'none':
        if (e.type.k !== 'option') this.bad('none of non-option type');
        return;
      case 'isSome':
      case 'unwrap':
        this.expr(e.value, loops);
        if (e.value.type.k !== 'option') this.bad(`${e.e} of a non-option`);
        else if (e.e === 'unwrap') this.same(e.type, e.value.type.inner, 'unwrap result');
        return;
      case 'if':
        this.expr(e.cond, loops);
        this.expr(e.then, loops);
        this.expr(e.else, loops);
        this.same(e.cond.type, bool, 'if condition');
        this.same(e.then.type, e.type, 'if then');
        this.same(e.else.type, e.type, 'if else');
        return;
      case 'block':
        this.stmts(e.stmts, loops);
        this.expr(e.value, loops);
        this.same(e.value.type, e.type, 'block value');
        return;
      case 'call': {
        e.args.forEach((x) => this.expr(x, loops));
        const callee = this.funcs.get(e.func);
        if (!callee) return this.bad(`call to missing function ${e.func}`);
        if (callee.params.length !== e.args.length) return this.bad(`call ${e.func}: ${e.args.length} args for ${callee.params.length}`);
        callee.params.forEach((p, i) => this.same(e.args[i]!.type, callee.locals[p]!.type, `call ${e.func} arg ${i}`));
        this.same(e.type, callee.result, `call ${e.func} result`);
        return;
      }
      case 'builtin':
      case 'host':
        e.args.forEach((x) => this.expr(x, loops));
        return;
      case 'trap':
        return;
    }
  }
}
