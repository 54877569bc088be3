/**
 * The checking stage's public pieces (specs/checking.md): the program index and name
 * resolution (§10), type resolution (§6), the builtin signature table (§9) and the
 * diagnostic codes. The walk that applies these rules to every body and emits IR is
 * `compiler/ir/lower` (`lowerProgram`); `compiler/pipeline/program.ts` runs both from paths.
 */
export { Codes, type CheckCode } from './codes.ts';
export { ProgramIndex, type FileInfo, type Def, type FuncDef, type TypeDeclLike } from './program-index.ts';
export { resolveImports, findFile } from './imports.ts';
export { TypeResolver, primType, typeText } from './resolve-types.ts';
export { TypeTable } from './type-table.ts';
export { BUILTINS, paramSpec, isBuiltinName, type BuiltinSig, type BuiltinKind, type ParamSpec } from './builtins.ts';
export { canWiden, unifyNumeric, intFits, defaultIntType } from './numeric.ts';
export { evalUntypedLiteral, evalConstInt, type LiteralValue } from './literal-eval.ts';
export { clauseAttrs, metaToJson } from './clauses.ts';
export { registerCryptoTypes, KEY_BUNDLE_FIELDS, ENCAPSULATION_FIELDS } from './key-types.ts';
export { verifyClaim, isVerifyClaim, VERIFY_CLAIMS, formatPath } from './state-machine-verify.ts';
