/**
 * P4: the type table of one ESCIR file. Resolves declarations (struct, `extends` +
 * `additional_fields`, enum, union, alias) and type strings to EType, reporting E030
 * (unknown name), E031 (unknown alias/import), E032 (duplicate name), E040 (bad or
 * unbounded type), E045 (missing parent struct) at the token in question.
 */
import { type EscirReporter } from '../diagnostics.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import { hintOpt } from '../passes/shape.ts';
import { get, intValue, isMap, isScalar, isSeq, items, numericString, str, type YMap, type YNode, type YScalar } from '../yaml/tree.ts';
import { ET, intRange, reprFor, type EType, type FieldDecl, type StructDecl, type TypeDecl } from './etype.ts';
import { parseTypeString, TypeSyntaxError, type TypeRef } from './type-syntax.ts';

const LEGACY_FORBIDDEN = new Set(['i8', 'i16', 'i32', 'i128']);

export interface TypeContext {
  /** Import alias → the imported file's table, or null when the import could not be resolved. */
  imports: Map<string, TypeTable | null>;
  canonical: boolean;
}

export class TypeTable {
  readonly decls = new Map<string, TypeDecl>();
  /** Raw declaration nodes, by name, for lazy resolution in any order. */
  private readonly pending = new Map<string, { node: YNode; keyNode: YScalar }>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly r: EscirReporter,
    readonly ctx: TypeContext,
  ) {}

  /** Registers and resolves every declaration of a `types` mapping (or list of named decls). */
  declareAll(typesNode: YNode | undefined): void {
    if (isMap(typesNode)) {
      for (const e of typesNode.entries) {
        if (this.pending.has(e.key)) continue; // duplicate key: E001 already reported
        this.pending.set(e.key, { node: e.value, keyNode: e.keyNode });
      }
    } else if (isSeq(typesNode)) {
      for (const item of typesNode.items) {
        const nameNode = get(item, 'name');
        const name = str(nameNode);
        if (!name || !isScalar(nameNode)) continue;
        if (this.pending.has(name)) {
          this.r.error('E032', `type \`${name}\` is declared twice`, nameNode);
          continue;
        }
        this.pending.set(name, { node: item, keyNode: nameNode });
      }
    }
    for (const name of this.pending.keys()) this.declaration(name);
  }

  /** Adds a declaration built elsewhere (anonymous inline structs, merged parents). */
  add(decl: TypeDecl): void {
    this.decls.set(decl.name, decl);
  }

  has(name: string): boolean {
    return this.decls.has(name) || this.pending.has(name);
  }

  names(): string[] {
    return [...new Set([...this.pending.keys(), ...this.decls.keys()])];
  }

  declaration(name: string): TypeDecl | undefined {
    const done = this.decls.get(name);
    if (done) return done;
    const p = this.pending.get(name);
    if (!p || this.resolving.has(name)) return undefined;
    this.resolving.add(name);
    const decl = this.buildDecl(name, p.node, p.keyNode);
    this.resolving.delete(name);
    if (decl) this.decls.set(name, decl);
    return decl;
  }

  struct(name: string): StructDecl | undefined {
    const d = this.declaration(name);
    return d?.kind === 'struct' ? d : undefined;
  }

  private buildDecl(name: string, node: YNode, keyNode: YScalar): TypeDecl | undefined {
    const base = { name, start: keyNode.start, end: keyNode.end, pointer: node.pointer };
    if (isScalar(node)) {
      if (typeof node.value !== 'string') {
        this.r.error('E040', `type \`${name}\` must be a declaration or a type string`, node);
        return undefined;
      }
      return { kind: 'alias', target: this.resolveNode(node, { allowStream: false }), ...base };
    }
    if (!isMap(node)) {
      this.r.error('E040', `type \`${name}\` must be a declaration mapping`, node);
      return undefined;
    }
    const kindNode = get(node, 'kind');
    let kind = str(kindNode);
    if (!kind) kind = get(node, 'values') || (get(node, 'variants') && !get(node, 'discriminant')) ? 'enum' : get(node, 'discriminant') ? 'union' : 'struct';
    if (kind === 'enum') return this.buildEnum(node, base);
    if (kind === 'union') return this.buildUnion(node, base);
    if (kind !== 'struct') return undefined; // E021 from P2
    return this.buildStruct(node, base);
  }

  private buildStruct(node: YMap, base: { name: string; start: number; end: number; pointer: string }): StructDecl {
    const fields: FieldDecl[] = [];
    const decl: StructDecl = { kind: 'struct', fields, ...base };
    const extendsNode = get(node, 'extends');
    const parentName = str(extendsNode);
    if (parentName && extendsNode) {
      decl.parent = parentName;
      const parent = this.struct(parentName);
      if (!parent) {
        this.r.error('E045', `parent struct \`${parentName}\` of \`${base.name}\` is not declared`, extendsNode, hintOpt(didYouMean(parentName, this.names())));
      } else {
        for (const f of parent.fields) fields.push({ ...f });
      }
    }
    const own = [...fieldNodes(get(node, 'fields')), ...fieldNodes(get(node, 'additional_fields'))];
    for (const f of own) {
      const dup = fields.find((x) => x.name === f.name);
      if (dup) {
        this.r.error('E032', `field \`${f.name}\` is declared twice in \`${base.name}\``, f.nameNode, {
          related: [this.r.related('first declared here', dup)],
        });
        continue;
      }
      const type = f.typeNode ? this.resolveNode(f.typeNode, { allowStream: false, anonName: `${base.name}$${f.name}` }) : ET.unknown;
      if (!f.typeNode) this.r.error('E020', `field \`${f.name}\` of \`${base.name}\` has no \`type\``, f.nameNode);
      const fd: FieldDecl = { name: f.name, type, hasDefault: f.defaultNode !== undefined, start: f.nameNode.start, end: f.nameNode.end, pointer: f.pointer };
      if (f.defaultNode !== undefined) fd.defaultValue = f.defaultNode;
      fields.push(fd);
    }
    this.checkLengthHints(decl);
    const total = fields.reduce((n, f) => n + this.elementCount(f.type), 0);
    if (total > MAX_ELEMENTS) {
      this.r.error('E040', `struct \`${base.name}\` holds ${total} elements; the limit is ${MAX_ELEMENTS}`, { start: base.start, end: base.end, pointer: base.pointer });
      for (const f of fields) f.type = ET.unknown;
    }
    return decl;
  }

  /** `F_len` / `F_count` siblings must be able to hold F's capacity (ESCIR.md §4). */
  private checkLengthHints(decl: StructDecl): void {
    for (const f of decl.fields) {
      const m = /^(.*)_(len|count)$/.exec(f.name);
      if (!m || f.type.k !== 'int') continue;
      const target = decl.fields.find((x) => x.name === m[1]);
      if (!target) continue;
      const cap = target.type.k === 'bytes' || target.type.k === 'string' || target.type.k === 'array' ? target.type.n : undefined;
      if (cap === undefined) continue;
      const [, max] = intRange(f.type.bits, f.type.signed);
      if (BigInt(cap) > max) {
        this.r.error('E041', `length field \`${f.name}\` (${f.type.signed ? 'i' : 'u'}${f.type.bits}) cannot hold the capacity ${cap} of \`${target.name}\``, f, {
          hint: `use a wider integer for \`${f.name}\``,
        });
      }
    }
  }

  private buildEnum(node: YMap, base: { name: string; start: number; end: number; pointer: string }): TypeDecl {
    const variants: { name: string; value: bigint }[] = [];
    const seen = new Map<string, YNode>();
    const valuesNode = get(node, 'values');
    const variantsNode = get(node, 'variants');
    const implicit = valuesNode !== undefined && variantsNode === undefined;
    const add = (name: string, value: bigint, at: YNode) => {
      const prev = seen.get(name);
      if (prev) {
        this.r.error('E032', `enum value \`${name}\` is declared twice in \`${base.name}\``, at, { related: [this.r.related('first declared here', prev)] });
        return;
      }
      seen.set(name, at);
      variants.push({ name, value });
    };
    items(valuesNode).forEach((v, i) => {
      const name = isScalar(v) && v.value !== null ? String(v.value) : undefined;
      if (name !== undefined) add(name, BigInt(i), v);
    });
    let next = 0n;
    for (const v of items(variantsNode)) {
      if (isScalar(v) && v.value !== null) {
        add(String(v.value), next++, v);
        continue;
      }
      const nameNode = get(v, 'name');
      const name = str(nameNode);
      if (!name) continue;
      const valueNode = get(v, 'value');
      // Legacy exports quote numbers (`value: "1"`): read as the integer (specs/escir.md §4).
      const quoted = !this.ctx.canonical && isScalar(valueNode) && typeof valueNode.value === 'string' ? numericString(valueNode.value) : undefined;
      const given = intValue(valueNode) ?? (typeof quoted === 'bigint' ? quoted : undefined);
      const value = given ?? next;
      if (valueNode !== undefined && given === undefined) this.r.error('E041', `value of enum variant \`${name}\` must be an integer`, valueNode);
      if (value < 0n || value >= 1n << 32n) this.r.error('E041', `value ${value} of enum variant \`${name}\` does not fit u32`, valueNode ?? v);
      add(name, value, nameNode ?? v);
      next = value + 1n;
    }
    return { kind: 'enum', variants, reprBits: reprFor(variants.map((v) => v.value)), implicitOrdinals: implicit, ...base };
  }

  private buildUnion(node: YMap, base: { name: string; start: number; end: number; pointer: string }): TypeDecl {
    const variants: { name: string; value: bigint; type: EType }[] = [];
    let next = 0n;
    for (const v of items(get(node, 'variants'))) {
      const nameNode = get(v, 'name');
      const name = str(nameNode);
      if (!name) continue;
      const value = intValue(get(v, 'value')) ?? next;
      next = value + 1n;
      const typeNode = get(v, 'type');
      let type: EType = ET.unknown;
      if (typeNode) {
        type = this.resolveNode(typeNode, { allowStream: false, anonName: `${base.name}$${name}` });
        if (type.k !== 'struct' && type.k !== 'unknown') {
          this.r.error('E040', `variant \`${name}\` of union \`${base.name}\` must have a struct type`, typeNode);
        }
      }
      if (variants.some((x) => x.name === name)) this.r.error('E032', `variant \`${name}\` is declared twice in \`${base.name}\``, nameNode ?? v);
      else variants.push({ name, value, type });
    }
    return { kind: 'union', discriminant: str(get(node, 'discriminant')) ?? 'kind', variants, tagBits: reprFor(variants.map((v) => v.value)), ...base };
  }

  /** Resolves a type written as a string (or an inline anonymous struct mapping). */
  resolveNode(node: YNode, opts: { allowStream: boolean; anonName?: string }): EType {
    if (isMap(node) && opts.anonName) {
      // Inline `value_type: {seq: u32, at: u64}`: an anonymous struct `<node>$value` (§4).
      const fields: FieldDecl[] = [];
      for (const e of node.entries) {
        const t = this.resolveNode(e.value, { allowStream: false, anonName: `${opts.anonName}$${e.key}` });
        fields.push({ name: e.key, type: t, hasDefault: false, start: e.keyNode.start, end: e.keyNode.end, pointer: e.value.pointer });
      }
      this.decls.set(opts.anonName, { kind: 'struct', name: opts.anonName, fields, start: node.start, end: node.end, pointer: node.pointer });
      return { k: 'struct', name: opts.anonName };
    }
    if (!isScalar(node) || typeof node.value !== 'string') {
      this.r.error('E040', 'a type must be written as a string such as `u32`, `bytes(32)` or `[u8; 4]`', node);
      return ET.unknown;
    }
    return this.resolveString(node.value, node, opts.allowStream);
  }

  /** Scalar elements in a value of this type (structs count their fields' elements). */
  elementCount(t: EType, depth = 0): number {
    if (depth > 32) return MAX_ELEMENTS + 1;
    switch (t.k) {
      case 'array':
        return t.n * this.elementCount(t.elem, depth + 1);
      case 'option':
        return 1 + this.elementCount(t.inner, depth + 1);
      case 'struct': {
        const d = this.decls.get(t.name);
        return d?.kind === 'struct' ? d.fields.reduce((n, f) => n + this.elementCount(f.type, depth + 1), 0) : 1;
      }
      default:
        return 1;
    }
  }

  resolveString(text: string, node: YScalar, allowStream: boolean): EType {
    let ref: TypeRef;
    try {
      ref = parseTypeString(text);
    } catch (e) {
      if (e instanceof TypeSyntaxError) {
        this.r.error('E040', `bad type \`${text}\`: ${e.message}`, { start: node.offsetAt(e.start), end: node.offsetAt(Math.max(e.end, e.start + 1)), pointer: node.pointer });
        return ET.unknown;
      }
      throw e;
    }
    return this.resolveRef(ref, node, allowStream);
  }

  resolveRef(ref: TypeRef, node: YScalar, allowStream: boolean): EType {
    const at = { start: node.offsetAt(ref.start), end: node.offsetAt(ref.end), pointer: node.pointer };
    switch (ref.k) {
      case 'prim': {
        if (!this.ctx.canonical && LEGACY_FORBIDDEN.has(ref.name)) {
          this.r.error('E040', `\`${ref.name}\` is canonical-only; legacy ESCIR has u8..u128, i64, f32, f64`, at);
        }
        switch (ref.name) {
          case 'bool':
            return ET.bool;
          case 'f32':
            return { k: 'float', bits: 32 };
          case 'f64':
            return { k: 'float', bits: 64 };
          case 'datetime':
          case 'timestamp_ns':
            return { k: 'int', bits: 64, signed: false, datetime: true };
          default: {
            const signed = ref.name.startsWith('i');
            const bits = Number(ref.name.slice(1)) as 8 | 16 | 32 | 64 | 128;
            return { k: 'int', bits, signed };
          }
        }
      }
      case 'bytes':
        return { k: 'bytes', n: ref.n };
      case 'string':
        return { k: 'string', n: ref.n };
      case 'array': {
        const elem = this.resolveRef(ref.elem, node, false);
        // Nested arrays multiply: keep every value small enough to build and run.
        if (this.elementCount(elem) * ref.n > MAX_ELEMENTS) {
          this.r.error('E040', `type \`${this.r.file.text.slice(at.start, at.end) || 'array'}\` has more than ${MAX_ELEMENTS} elements`, at);
          return ET.unknown;
        }
        return { k: 'array', elem, n: ref.n };
      }
      case 'option':
        if (!this.ctx.canonical) this.r.error('E040', '`option<T>` is canonical-only; legacy files pair `X` with `X_valid`', at);
        return { k: 'option', inner: this.resolveRef(ref.inner, node, false) };
      case 'stream':
        if (!allowStream) {
          this.r.error('E040', '`Stream<T>` is only allowed as a port type', at);
          return ET.unknown;
        }
        return { k: 'stream', elem: this.resolveRef(ref.elem, node, false) };
      case 'unbounded':
        this.r.error('E040', `unbounded type \`${ref.spelling}\`: every ESCIR type has a fixed size`, at, {
          hint: ref.spelling.startsWith('bytes') ? 'write `bytes(N)`' : ref.spelling.startsWith('string') || ref.spelling === 'str' || ref.spelling === 'String' ? 'write `string(N)`' : 'write `[T; N]`',
        });
        return ET.unknown;
      case 'named': {
        if (ref.qualifier !== undefined) {
          const imported = this.ctx.imports.get(ref.qualifier);
          if (imported === undefined) {
            this.r.error('E031', `unknown import alias \`${ref.qualifier}\``, at, hintOpt(didYouMean(ref.qualifier, this.ctx.imports.keys())));
            return ET.unknown;
          }
          if (imported === null) return ET.unknown; // the import itself was reported
          const decl = imported.declaration(ref.name);
          if (!decl) {
            this.r.error('E030', `type \`${ref.name}\` is not declared in \`${ref.qualifier}\``, at, hintOpt(didYouMean(ref.name, imported.names())));
            return ET.unknown;
          }
          // Imported declarations are copied in under their qualified name.
          const qualified = `${ref.qualifier}.${ref.name}`;
          if (!this.decls.has(qualified)) this.decls.set(qualified, { ...decl, name: qualified });
          return declType(decl, qualified);
        }
        const decl = this.declaration(ref.name);
        if (!decl) {
          if (this.resolving.has(ref.name)) {
            this.r.error('E040', `type \`${ref.name}\` contains itself and has no fixed size`, at);
            return ET.unknown;
          }
          this.r.error('E030', `unknown type \`${ref.name}\``, at, hintOpt(didYouMean(ref.name, [...this.names(), 'u8', 'u16', 'u32', 'u64', 'bool', 'f64', 'datetime'])));
          return ET.unknown;
        }
        return declType(decl, ref.name);
      }
    }
  }
}

/** Largest number of scalar elements one value may hold (arrays of arrays multiply). */
const MAX_ELEMENTS = 1 << 22;

function declType(decl: TypeDecl, name: string): EType {
  switch (decl.kind) {
    case 'alias':
      return decl.target;
    case 'struct':
      return { k: 'struct', name };
    case 'enum':
      return { k: 'enum', name };
    case 'union':
      return { k: 'union', name };
  }
}

interface FieldNode {
  name: string;
  nameNode: YScalar;
  typeNode?: YNode;
  defaultNode?: YNode;
  pointer: string;
}

/** Fields as a list of `{name, type, default?}`, or a mapping `name: type` / `name: {type, default}`. */
function fieldNodes(node: YNode | undefined): FieldNode[] {
  const out: FieldNode[] = [];
  if (isSeq(node)) {
    for (const f of node.items) {
      if (isScalar(f) && typeof f.value === 'string') {
        // `- name: type` written as a one-entry mapping is handled below; a bare string has no type.
        out.push({ name: f.value, nameNode: f, pointer: f.pointer });
        continue;
      }
      if (!isMap(f)) continue;
      const nameNode = get(f, 'name');
      if (isScalar(nameNode) && nameNode.value !== null) {
        const fn: FieldNode = { name: String(nameNode.value), nameNode, pointer: f.pointer };
        const t = get(f, 'type');
        if (t) fn.typeNode = t;
        const d = get(f, 'default');
        if (d) fn.defaultNode = d;
        out.push(fn);
      } else if (f.entries.length === 1) {
        const e = f.entries[0]!;
        out.push({ name: e.key, nameNode: e.keyNode, typeNode: e.value, pointer: f.pointer });
      }
    }
  } else if (isMap(node)) {
    for (const e of node.entries) {
      const fn: FieldNode = { name: e.key, nameNode: e.keyNode, pointer: e.value.pointer };
      if (isMap(e.value) && get(e.value, 'type')) {
        fn.typeNode = get(e.value, 'type')!;
        const d = get(e.value, 'default');
        if (d) fn.defaultNode = d;
      } else fn.typeNode = e.value;
      out.push(fn);
    }
  }
  return out;
}
