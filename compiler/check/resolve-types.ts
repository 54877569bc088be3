/**
 * Type expressions (LANGUAGE.md §6) to IR types, in the scope of the file that writes them.
 * - Aliases are transparent; named structs and enums are nominal, but same-named declarations
 *   with identical fields are one type.
 * - An undefined type is a warning and becomes `any`: opaque, with `any` fields (§10).
 * - Same type name in several files: the nearest declaration wins; at equal distance the one
 *   whose fields best match the struct literals of the using file wins, with a warning (§10).
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Span } from '../diagnostics/source.ts';
import type { IrType } from '../ir/ir.ts';
import type { EnumType, Ident, StructField, TypeExpr } from '../syntax/ast.ts';
import { Codes } from './codes.ts';
import { evalConstInt } from './literal-eval.ts';
import { related, type Def, type FileInfo, type ProgramIndex, type TypeDeclLike } from './program-index.ts';
import { T, type TypeTable } from './type-table.ts';

export type ConstIntLookup = (file: FileInfo, name: string) => bigint | undefined;

export class TypeResolver {
  private readonly byDef = new Map<Def<TypeDeclLike>, IrType>();
  private readonly inProgress = new Set<Def<TypeDeclLike>>();
  private readonly groups = new Map<string, IrType>();
  private readonly warned = new Set<string>();

  constructor(
    readonly index: ProgramIndex,
    readonly table: TypeTable,
    readonly diagnostics: DiagnosticBag,
    readonly constInt: ConstIntLookup,
  ) {}

  resolve(t: TypeExpr, file: FileInfo): IrType {
    switch (t.kind) {
      case 'PrimType':
        return primType(t.name);
      case 'BytesType': {
        if (!t.size) return T.bytes;
        if (t.size.kind === 'int') return T.bytesN(t.size.value);
        const name = t.size.name.name;
        const n = this.constInt(file, name);
        if (n === undefined || n < 0n) {
          // Like an undefined type (§10), an undefined size is a warning: the bytes are unsized.
          if (this.index.nearest(file, this.index.consts.get(name)).length === 0) {
            this.diagnostics.warning(Codes.notConstant, `undefined constant '${name}' in bytes(${name}); the type is unsized bytes`, t.size.name.span);
          } else this.diagnostics.error(Codes.notConstant, `bytes size '${name}' is not a non-negative integer constant`, t.size.name.span);
          return T.bytes;
        }
        return T.bytesN(Number(n));
      }
      case 'GenericType': {
        const arg = this.resolve(t.arg, file);
        if (t.name === 'list') return T.list(arg);
        if (t.name === 'option') return arg.k === 'option' ? arg : T.option(arg);
        // `event<T>` outside a stream declaration stands for one event value.
        return arg;
      }
      case 'StateType':
        // `state<K,V>` outside a stream declaration is a handle the checker cannot type.
        this.resolve(t.key, file);
        this.resolve(t.value, file);
        return T.any;
      case 'ArrayType': {
        const elem = this.resolve(t.element, file);
        const n = t.size.kind === 'int' ? BigInt(t.size.value) : this.constInt(file, t.size.name.name);
        if (n === undefined || n < 0n) {
          if (t.size.kind === 'name') this.diagnostics.error(Codes.notConstant, `array length '${t.size.name.name}' is not an integer constant`, t.size.name.span);
          return T.list(elem);
        }
        return { k: 'array', elem, n: Number(n) };
      }
      case 'StructType':
        return this.table.internAnonStruct(this.fields(t.fields, file));
      case 'EnumType':
        return this.anonEnum(t, file);
      case 'NamedType':
        return this.resolveNamed(t.path, file, t.span);
    }
  }

  /**
   * Resolves `Name` or `m::Name` used as a type. `literalFields`: the field names of the
   * struct literal `Name { … }` being typed, which pick among same-distance declarations
   * (LANGUAGE.md §10 "best field match"; see lookup).
   */
  resolveNamed(path: Ident[], file: FileInfo, span: Span, literalFields?: readonly string[]): IrType {
    const name = path[path.length - 1]!.name;
    const qualifier = path.length > 1 ? path[path.length - 2]!.name : undefined;
    const def = this.lookup(name, file, qualifier, span, literalFields);
    if (!def) {
      const key = `${file.path}\0${name}`;
      if (!this.warned.has(key)) {
        this.warned.add(key);
        this.diagnostics.warning(Codes.undefinedType, `undefined type '${path.map((p) => p.name).join('::')}'; it is treated as opaque (any)`, span);
      }
      return T.any;
    }
    return this.typeOfDef(def);
  }

  /** The declaration a type name denotes from a file (§10 rules), or undefined. */
  lookup(
    name: string,
    file: FileInfo,
    qualifier: string | undefined,
    span?: Span,
    /** The field names of the struct literal being typed: they decide first, the file's hints break ties. */
    literalFields?: readonly string[],
  ): Def<TypeDeclLike> | undefined {
    const cands = this.index.nearest(file, this.index.types.get(name), qualifier);
    if (cands.length <= 1) return cands[0];
    // Identical declarations are one type: no ambiguity.
    const shapes = new Set(cands.map((c) => shapeKey(c.decl)));
    if (shapes.size === 1) return cands[0];
    const used = file.fieldHints.get(name) ?? new Set<string>();
    const match = (fields: Set<string>, names: Iterable<string>) => {
      let n = 0;
      for (const u of names) n += fields.has(u) ? 1 : -1;
      return n;
    };
    let best = cands[0]!;
    let bestScore = -Infinity;
    for (const c of cands) {
      const fields = new Set(declFieldNames(c.decl));
      // A literal is typed by its own fields, so one file may build both same-named types.
      const score = (literalFields ? match(fields, literalFields) * 1_000_000 : 0) + match(fields, used);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    const key = `${file.path}\0ambiguous\0${name}`;
    if (span && !this.warned.has(key)) {
      this.warned.add(key);
      this.diagnostics.warning(
        Codes.ambiguousType,
        `type '${name}' has ${cands.length} different declarations at the same distance; using the one in ${best.file.path} (best field match)`,
        span,
        { related: cands.filter((c) => c !== best).map((c) => related('also declared here', c.span)) },
      );
    }
    return best;
  }

  typeOfDef(def: Def<TypeDeclLike>): IrType {
    const known = this.byDef.get(def);
    if (known) return known;
    const group = `${def.name}\0${shapeKey(def.decl)}`;
    const shared = this.groups.get(group);
    if (shared) {
      this.byDef.set(def, shared);
      return shared;
    }
    const decl = def.decl;
    if (decl.kind === 'Data') {
      if (decl.fields === null) return this.remember(def, group, T.any);
      const id = this.table.reserveStruct(def.name, def.span);
      const t: IrType = { k: 'struct', id };
      this.remember(def, group, t);
      this.table.setStructFields(id, this.fields(decl.fields, def.file));
      return t;
    }
    const rhs = decl.type;
    if (rhs.kind === 'StructType') {
      const id = this.table.reserveStruct(def.name, def.span);
      const t: IrType = { k: 'struct', id };
      this.remember(def, group, t);
      this.table.setStructFields(id, this.fields(rhs.fields, def.file));
      return t;
    }
    if (rhs.kind === 'EnumType') {
      const id = this.table.reserveEnum(def.name, reprBits(rhs), def.span);
      const t: IrType = { k: 'enum', id };
      this.remember(def, group, t);
      this.table.setEnumVariants(id, this.variants(rhs, def.file));
      return t;
    }
    // Alias: transparent. A cycle of aliases is an error and becomes `any`.
    if (this.inProgress.has(def)) {
      this.diagnostics.error(Codes.typeCycle, `type alias '${def.name}' refers to itself`, def.span);
      return T.any;
    }
    this.inProgress.add(def);
    const t = this.resolve(rhs, def.file);
    this.inProgress.delete(def);
    return this.remember(def, group, t);
  }

  private remember(def: Def<TypeDeclLike>, group: string, t: IrType): IrType {
    this.byDef.set(def, t);
    this.groups.set(group, t);
    return t;
  }

  private fields(fields: StructField[], file: FileInfo): { name: string; type: IrType }[] {
    return fields.map((f) => ({ name: f.name.name, type: this.resolve(f.type, file) }));
  }

  private anonEnum(t: EnumType, file: FileInfo): IrType {
    return this.table.internAnonEnum(reprBits(t), this.variants(t, file));
  }

  /** Variants count from 0, each unvalued variant one more than the previous (§6). */
  private variants(t: EnumType, file: FileInfo): { name: string; value: bigint }[] {
    const out: { name: string; value: bigint }[] = [];
    let next = 0n;
    const bits = BigInt(reprBits(t));
    for (const v of t.variants) {
      let value = next;
      if (v.value) {
        const c = evalConstInt(v.value, (n) => this.constInt(file, n));
        if (c === undefined) this.diagnostics.error(Codes.notConstant, `the value of variant '${v.name.name}' is not an integer constant`, v.value.span);
        else value = c;
      }
      if (value < 0n || value >= 1n << bits) {
        this.diagnostics.error(Codes.literalRange, `variant '${v.name.name}' = ${value} does not fit the enum's u${bits} representation`, v.span);
      }
      out.push({ name: v.name.name, value });
      next = value + 1n;
    }
    return out;
  }
}

export function primType(name: string): IrType {
  switch (name) {
    case 'u8':
      return T.u8;
    case 'u16':
      return T.u16;
    case 'u32':
      return T.u32;
    case 'u64':
      return T.u64;
    case 'u128':
      return T.u128;
    case 'i16':
      return T.i16;
    case 'i32':
      return T.i32;
    case 'i64':
      return T.i64;
    case 'f32':
      return T.f32;
    case 'f64':
      return T.f64;
    case 'bool':
      return T.bool;
    case 'string':
      return T.string;
    case 'void':
      return T.void;
    default:
      return T.any;
  }
}

function reprBits(t: EnumType): 8 | 16 | 32 | 64 {
  switch (t.repr?.name) {
    case 'u16':
    case 'i16':
      return 16;
    case 'u32':
    case 'i32':
      return 32;
    case 'u64':
    case 'i64':
      return 64;
    default:
      return 8;
  }
}

function declFieldNames(d: TypeDeclLike): string[] {
  if (d.kind === 'Data') return (d.fields ?? []).map((f) => f.name.name);
  return d.type.kind === 'StructType' ? d.type.fields.map((f) => f.name.name) : [];
}

/** A textual shape of a declaration's right-hand side, equal for identical declarations. */
export function shapeKey(d: TypeDeclLike): string {
  if (d.kind === 'Data') return d.fields === null ? 'opaque' : `struct{${d.fields.map((f) => `${f.name.name}:${typeText(f.type)}`).join(',')}}`;
  return typeText(d.type);
}

export function typeText(t: TypeExpr): string {
  switch (t.kind) {
    case 'PrimType':
      return t.name;
    case 'NamedType':
      return t.path.map((p) => p.name).join('::');
    case 'BytesType':
      return t.size ? `bytes(${t.size.kind === 'int' ? t.size.value : t.size.name.name})` : 'bytes';
    case 'GenericType':
      return `${t.name}<${typeText(t.arg)}>`;
    case 'StateType':
      return `state<${typeText(t.key)},${typeText(t.value)}>`;
    case 'ArrayType':
      return `[${typeText(t.element)};${t.size.kind === 'int' ? t.size.value : t.size.name.name}]`;
    case 'StructType':
      return `struct{${t.fields.map((f) => `${f.name.name}:${typeText(f.type)}`).join(',')}}`;
    case 'EnumType':
      return `enum ${t.repr?.name ?? ''}{${t.variants.map((v) => v.name.name + (v.value ? '=' + exprText(v.value) : '')).join(',')}}`;
  }
}

function exprText(e: import('../syntax/ast.ts').Expr): string {
  return e.kind === 'Int' ? e.value.toString() : e.kind;
}
