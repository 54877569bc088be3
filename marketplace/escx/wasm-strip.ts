/**
 * Tells whether a WebAssembly module still carries debug information: a `name` section,
 * `.debug_*` sections or a `sourceMappingURL`. Packages carry modules as compiled; the
 * STRIPPED header flag (required to publish) says none of them has such sections.
 */
export function wasmHasDebugInfo(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return false;
  let i = 8;
  const leb = (): number | undefined => {
    let result = 0;
    let shift = 0;
    for (let k = 0; k < 5; k++) {
      if (i >= bytes.length) return undefined;
      const b = bytes[i++]!;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
    return undefined;
  };
  while (i < bytes.length) {
    const id = bytes[i++]!;
    const size = leb();
    if (size === undefined) return false;
    const end = i + size;
    if (end > bytes.length) return false;
    if (id === 0) {
      const nameLen = leb();
      if (nameLen === undefined || i + nameLen > end) return false;
      const name = Buffer.from(bytes.subarray(i, i + nameLen)).toString('utf8');
      if (name === 'name' || name.startsWith('.debug') || name === 'sourceMappingURL' || name === 'external_debug_info') return true;
    }
    i = end;
  }
  return false;
}
