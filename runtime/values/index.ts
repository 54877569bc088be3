/** Runtime values: one representation (IrConst) for every runtime part; see specs/values.md. */
export { encodeCanonical, decodeCanonical } from './canonical.ts';
export { fromJs, toJs, anyFromJs, anyToJs, parseHex, toHex } from './js.ts';
export { toJson, fromJson, formatJson, type JsonValue } from './json.ts';
export { valuesEqual, compareValues, compareBytes, bytesEqual } from './equality.ts';
export {
  ANY_LIST,
  anyField,
  anyIndex,
  boxAny,
  dynamicRecord,
  fromAny,
  isAnyBox,
  isDynamicRecord,
  type AnyBox,
  type DynamicRecord,
} from './dynamic.ts';
export {
  ValueError,
  enumDef,
  fitsInt,
  intRange,
  scalarWidth,
  structDef,
  typeName,
  wrapInt,
  zeroValue,
  type IntRange,
} from './types.ts';
