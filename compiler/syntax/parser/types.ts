/**
 * Type expressions (LANGUAGE.md §6), struct and enum bodies (§5.3).
 * `>>` closing two generic levels (§2.4) is handled with `pendingGt`: the inner close consumes
 * the `>>` token and the enclosing close then consumes nothing.
 */
import type { IToken, OrMethodOpts } from 'chevrotain';
import type { Span } from '../../diagnostics/index.ts';
import type { EnumVariant, Expr, GenericType, Ident, PrimName, StructField, TypeExpr } from '../ast.ts';
import {
  At,
  Colon,
  ColonColon,
  Comma,
  Eq,
  Greater,
  Identifier,
  IntLiteral,
  K,
  LBrace,
  LBracket,
  LParen,
  Less,
  RBrace,
  RBracket,
  RParen,
  Semicolon,
  ShiftRight,
  Word,
} from '../tokens.ts';
import { MetaRules } from './meta.ts';
import { numberInfo } from '../lexer.ts';

const PRIM_NAMES: ReadonlySet<string> = new Set([
  'u8',
  'u16',
  'u32',
  'u64',
  'u128',
  'i16',
  'i32',
  'i64',
  'f32',
  'f64',
  'bool',
  'string',
  'any',
  'void',
]);

type SizeSpec = { kind: 'int'; value: number } | { kind: 'name'; name: Ident };

export abstract class TypeRules extends MetaRules {
  /** Type expressions by their first token (one-token lookahead, no gates on the common path). */
  typeExpr = this.RULE('typeExpr', (): TypeExpr => {
    if (!this.RECORDING_PHASE) this.guardNesting();
    const outermost = this.typeDepth === 0;
    const t = this.OR(
      (this.typeAlts ??= {
        ERR_MSG: 'a type',
        IGNORE_AMBIGUITIES: true,
        DEF: [
          this.alt(() => this.SUBRULE(this.arrayType)),
          this.alt(() => this.SUBRULE(this.structType)),
          this.alt(() => this.SUBRULE(this.enumType)),
          this.alt((): TypeExpr => {
            const body = this.SUBRULE(this.structBody);
            return this.RECORDING_PHASE
              ? (undefined as never)
              : { kind: 'StructType', tagged: false, anonymous: true, fields: body.fields, span: body.span };
          }),
          this.alt(() => this.SUBRULE(this.bytesType)),
          this.alt(() => this.SUBRULE(this.genericOrNamedType)),
          this.alt(() => this.SUBRULE(this.namedType)),
        ],
      }),
    );
    if (outermost && this.pendingGt && !this.RECORDING_PHASE) {
      this.pendingGt = false;
      this.fail('FL201', "unexpected '>': no generic type is open here", this.LA(0));
    }
    return t;
  });

  /** `list<T>`, `option<T>`, `event<T>`, `state<K, V>`, or a type that is merely named like them. */
  genericOrNamedType = this.RULE(
    'genericOrNamedType',
    (): TypeExpr =>
      this.OR(
        (this.genericTypeAlts ??= {
          IGNORE_AMBIGUITIES: true,
          DEF: [
            this.altIf(
              () => this.isAt(2, Less) && !this.isAt(1, K.state),
              () => this.SUBRULE(this.genericType),
            ),
            this.altIf(
              () => this.isAt(2, Less),
              () => this.SUBRULE(this.stateType),
            ),
            this.alt(() => {
              const first = this.OR1([
                this.alt(() => this.CONSUME(K.list)),
                this.alt(() => this.CONSUME(K.option)),
                this.alt(() => this.CONSUME(K.event)),
                this.alt(() => this.CONSUME(K.state)),
              ]);
              return this.SUBRULE(this.namedTypeTail, { ARGS: [first] });
            }),
          ],
        }),
      ),
  );

  /** `list<T>`, `option<T>`, `event<T>`. */
  genericType = this.RULE('genericType', (): GenericType => {
    const kw = this.OR([this.alt(() => this.CONSUME(K.list)), this.alt(() => this.CONSUME(K.option)), this.alt(() => this.CONSUME(K.event))]);
    this.CONSUME(Less);
    this.typeDepth++;
    const arg = this.SUBRULE(this.typeExpr);
    this.SUBRULE(this.closeAngle);
    this.typeDepth--;
    return this.RECORDING_PHASE
      ? (undefined as never)
      : {
          kind: 'GenericType',
          name: kw.image as GenericType['name'],
          arg,
          span: this.span(kw.startOffset),
        };
  });

  /** `state<K, V>` (streams only). */
  stateType = this.RULE('stateType', (): TypeExpr => {
    const kw = this.CONSUME(K.state);
    this.CONSUME(Less);
    this.typeDepth++;
    const key = this.SUBRULE(this.typeExpr);
    this.CONSUME(Comma);
    const value = this.SUBRULE1(this.typeExpr);
    this.SUBRULE(this.closeAngle);
    this.typeDepth--;
    return this.RECORDING_PHASE ? (undefined as never) : { kind: 'StateType', key, value, span: this.span(kw.startOffset) };
  });

  /** The `>` that closes a generic, or half of a `>>` (§2.4). */
  closeAngle = this.RULE('closeAngle', (): void => {
    this.OR({
      ERR_MSG: "'>'",
      DEF: [
        this.altIf(
          () => !this.pendingGt,
          () => {
            this.CONSUME(Greater);
          },
        ),
        this.altIf(
          () => !this.pendingGt,
          () => {
            this.CONSUME(ShiftRight);
            this.ACTION(() => {
              this.pendingGt = true;
            });
          },
        ),
        this.altIf(
          () => this.pendingGt,
          () => {
            this.ACTION(() => {
              this.pendingGt = false;
            });
          },
        ),
      ],
    });
  });

  /** `[T; N]` (a `,` in place of the `;` is accepted). */
  arrayType = this.RULE('arrayType', (): TypeExpr => {
    const open = this.CONSUME(LBracket);
    const saved = this.typeDepth;
    this.typeDepth = 0;
    const element = this.SUBRULE(this.typeExpr);
    this.typeDepth = saved;
    this.OR([this.alt(() => this.CONSUME(Semicolon)), this.alt(() => this.CONSUME(Comma))]);
    const size = this.SUBRULE(this.sizeSpec);
    this.CONSUME(RBracket);
    return this.RECORDING_PHASE ? (undefined as never) : { kind: 'ArrayType', element, size, span: this.span(open.startOffset) };
  });

  /** INT or a constant's name, in `bytes(N)` and `[T; N]`. */
  sizeSpec = this.RULE(
    'sizeSpec',
    (): SizeSpec =>
      this.OR({
        ERR_MSG: 'a size (a number or a constant)',
        DEF: [
          this.alt(() => {
            const n = this.CONSUME(IntLiteral);
            return this.ACTION((): SizeSpec => {
              const info = numberInfo(n);
              return { kind: 'int', value: info.kind === 'int' ? Number(info.value) : 0 };
            });
          }),
          this.alt(() => {
            const id = this.CONSUME(Identifier);
            return this.RECORDING_PHASE ? (undefined as never) : { kind: 'name', name: this.ident(id) };
          }),
        ],
      }),
  );

  /** `bytes`, `bytes(N)`. */
  bytesType = this.RULE('bytesType', (): TypeExpr => {
    const kw = this.CONSUME(K.bytes);
    const size = this.OPTION(
      this.gated(
        () => this.isAt(1, LParen) && this.sameLine(1),
        () => {
          this.CONSUME(LParen);
          const s = this.SUBRULE(this.sizeSpec);
          this.CONSUME(RParen);
          return s;
        },
      ),
    );
    return this.RECORDING_PHASE
      ? (undefined as never)
      : size
        ? { kind: 'BytesType', size, span: this.span(kw.startOffset) }
        : { kind: 'BytesType', span: this.span(kw.startOffset) };
  });

  /** `struct {…}` and `tagged struct {…}`. */
  structType = this.RULE('structType', (): TypeExpr => {
    const tagged = this.OPTION(() => this.CONSUME(K.tagged));
    const kw = this.CONSUME(K.struct);
    const body = this.SUBRULE(this.structBody);
    return this.RECORDING_PHASE
      ? (undefined as never)
      : {
          kind: 'StructType',
          tagged: tagged !== undefined,
          anonymous: false,
          fields: body.fields,
          span: this.span((tagged ?? kw).startOffset),
        };
  });

  /** `enum {…}` and `enum u8 {…}`. */
  enumType = this.RULE('enumType', (): TypeExpr => {
    const kw = this.CONSUME(K.enum);
    const repr = this.OPTION(
      this.gated(
        () => this.isAt(2, LBrace),
        () => this.CONSUME(Identifier),
      ),
    );
    const body = this.SUBRULE(this.enumBody);
    return this.RECORDING_PHASE
      ? (undefined as never)
      : repr
        ? { kind: 'EnumType', repr: this.ident(repr), variants: body, span: this.span(kw.startOffset) }
        : { kind: 'EnumType', variants: body, span: this.span(kw.startOffset) };
  });

  /** A declared type, or a primitive: `Spot`, `shelf_types::Genre`, `u32`. */
  namedType = this.RULE('namedType', (): TypeExpr => {
    const first = this.CONSUME(Identifier);
    return this.SUBRULE(this.namedTypeTail, { ARGS: [first] });
  });

  namedTypeTail = this.RULE('namedTypeTail', (first?: IToken): TypeExpr => {
    const rest: Ident[] = [];
    if (this.RECORDING_PHASE || this.isAt(1, ColonColon)) {
      this.MANY(
        this.gated(
          () => this.isAt(1, ColonColon) && this.isAt(2, Word),
          () => {
            this.CONSUME(ColonColon);
            const seg = this.CONSUME(Word);
            rest.push(this.ident(seg));
          },
        ),
      );
    }
    if (this.RECORDING_PHASE) return undefined as never;
    const head = first!;
    if (rest.length === 0 && PRIM_NAMES.has(head.image)) {
      return { kind: 'PrimType', name: head.image as PrimName, span: this.tokenSpan(head) };
    }
    return { kind: 'NamedType', path: [this.ident(head), ...rest], span: this.span(head.startOffset) };
  });

  private typeAlts?: OrMethodOpts<TypeExpr>;
  private genericTypeAlts?: OrMethodOpts<TypeExpr>;

  /**
   * StructBody = '{' ( Field ( ',' Field )* ','? )? '}' — fields may also be separated by line
   * breaks or ';', and a missing last comma is fine (§11 item 27).
   */
  structBody = this.RULE('structBody', (): { fields: StructField[]; span: Span } => {
    const open = this.CONSUME(LBrace);
    const fields: StructField[] = [];
    this.separatedItems(
      0,
      null,
      "a field (name: type) or '}'",
      [
        this.alt(() => {
          fields.push(this.SUBRULE(this.structField));
        }),
      ],
      () => this.itemSeparatorCheck("'}'"),
    );
    this.CONSUME(RBrace);
    return this.RECORDING_PHASE ? (undefined as never) : { fields, span: this.span(open.startOffset) };
  });

  /** Field = '@'? ID ':' Type — the `@` is ignored (§4 A3). */
  structField = this.RULE('structField', (): StructField => {
    const at = this.OPTION(() => this.CONSUME(At));
    const name = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const saved = this.typeDepth;
    this.typeDepth = 0;
    const type = this.SUBRULE(this.typeExpr);
    this.typeDepth = saved;
    return this.RECORDING_PHASE
      ? (undefined as never)
      : {
          kind: 'StructField',
          name: this.ident(name),
          type,
          span: this.span((at ?? name).startOffset),
        };
  });

  /** EnumBody = '{' Variant ( ',' Variant )* ','? '}', Variant = ID ( '=' Expr )?. */
  enumBody = this.RULE('enumBody', (): EnumVariant[] => {
    this.CONSUME(LBrace);
    const variants: EnumVariant[] = [];
    const saved = this.openBracketContext();
    this.separatedItems(
      0,
      RBrace,
      "a variant or '}'",
      [
        this.altIf(
          () => this.listItemMayStart(),
          () => {
            const name = this.CONSUME(Identifier);
            const value = this.OPTION(() => {
              this.CONSUME(Eq);
              return this.SUBRULE(this.expr);
            });
            this.ACTION(() => {
              const v: EnumVariant = { kind: 'EnumVariant', name: this.ident(name), span: this.span(name.startOffset) };
              if (value !== undefined) v.value = value as Expr;
              variants.push(v);
            });
          },
        ),
      ],
    );
    this.restoreContext(saved);
    this.CONSUME(RBrace);
    return variants;
  });

  /**
   * In a separated list, a new item may start after an opener, a separator or a line break;
   * two items on one line need a `,` between them.
   */
  /** Two items of a list on one line need a `,` or `;` between them (§3 N8). */
  protected itemSeparatorCheck(closer: string): void {
    if (this.RECORDING_PHASE || this.isAt(1, Comma) || this.isAt(1, Semicolon) || this.listItemMayStart()) return;
    const t = this.la(1);
    this.fail('FL201', `expected ',' or ${closer}, found ${t.tokenType.name === 'EOF' ? 'end of file' : `'${t.image}'`}`, t);
  }

  protected listItemMayStart(): boolean {
    const prev = this.la(0);
    if (this.la(1).nl) return true;
    const c = prev.image;
    return c === '{' || c === '[' || c === '(' || c === ',' || c === ';' || c === '|';
  }
}
