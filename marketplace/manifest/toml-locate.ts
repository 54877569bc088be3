/**
 * Finds where each key of a TOML document is written, so manifest diagnostics can point at
 * the key's line and column (smol-toml returns plain values without positions).
 *
 * The scanner understands table headers, arrays of tables (indexed `[[x]]` -> `x.0`, `x.1`),
 * dotted and quoted keys, inline tables, and skips every string form and multi-line arrays.
 * It only records positions; the document itself is parsed by smol-toml.
 */
export interface KeySpan {
  start: number;
  end: number;
}

export type KeyLocations = Map<string, KeySpan>;

/** Key paths are joined with NUL so that quoted keys containing dots stay unambiguous. */
export const pathKey = (path: readonly string[]): string => path.join('\0');

export function locateKeys(text: string): KeyLocations {
  const out: KeyLocations = new Map();
  const arrayCounts = new Map<string, number>();
  let table: string[] = [];
  let i = 0;
  const n = text.length;

  const skipWs = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const skipComment = () => {
    if (text[i] === '#') while (i < n && text[i] !== '\n') i++;
  };
  const skipWsNl = () => {
    for (;;) {
      while (i < n && /[ \t\r\n]/.test(text[i]!)) i++;
      if (text[i] === '#') skipComment();
      else return;
    }
  };

  const readKeyPart = (): string | undefined => {
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = c;
      let s = '';
      i++;
      while (i < n && text[i] !== q && text[i] !== '\n') {
        if (q === '"' && text[i] === '\\' && i + 1 < n) {
          s += text[i + 1];
          i += 2;
        } else s += text[i++];
      }
      i++;
      return s;
    }
    const start = i;
    while (i < n && /[A-Za-z0-9_-]/.test(text[i]!)) i++;
    return i > start ? text.slice(start, i) : undefined;
  };

  const readDottedKey = (): { parts: string[]; start: number; end: number } | undefined => {
    const start = i;
    const parts: string[] = [];
    for (;;) {
      skipWs();
      const p = readKeyPart();
      if (p === undefined) return parts.length ? { parts, start, end: i } : undefined;
      parts.push(p);
      const save = i;
      skipWs();
      if (text[i] === '.') {
        i++;
        continue;
      }
      i = save;
      return { parts, start, end: i };
    }
  };

  const skipString = () => {
    const q = text[i]!;
    if (text.startsWith(q.repeat(3), i)) {
      i += 3;
      while (i < n && !text.startsWith(q.repeat(3), i)) i += q === '"' && text[i] === '\\' ? 2 : 1;
      i += 3;
      while (text[i] === q) i++; // up to two quotes may close the content
      return;
    }
    i++;
    while (i < n && text[i] !== q && text[i] !== '\n') i += q === '"' && text[i] === '\\' ? 2 : 1;
    i++;
  };

  const skipValue = (path: string[]): void => {
    skipWs();
    const c = text[i];
    if (c === '"' || c === "'") return skipString();
    if (c === '[') {
      i++;
      let idx = 0;
      for (;;) {
        skipWsNl();
        if (i >= n || text[i] === ']') {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          idx++;
          continue;
        }
        const before = i;
        skipValue([...path, String(idx)]);
        if (i === before) i++;
      }
    }
    if (c === '{') {
      i++;
      for (;;) {
        skipWsNl();
        if (i >= n || text[i] === '}') {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        const key = readDottedKey();
        if (!key) {
          i++;
          continue;
        }
        out.set(pathKey([...path, ...key.parts]), { start: key.start + leadingWs(text, key.start), end: key.end });
        skipWs();
        if (text[i] === '=') i++;
        skipValue([...path, ...key.parts]);
      }
    }
    // Scalars: numbers, booleans, dates run to a delimiter.
    while (i < n && !/[,\]}\n#]/.test(text[i]!)) i++;
  };

  while (i < n) {
    skipWsNl();
    if (i >= n) break;
    if (text[i] === '[') {
      const isArray = text[i + 1] === '[';
      i += isArray ? 2 : 1;
      const key = readDottedKey();
      if (key) {
        let path = key.parts;
        if (isArray) {
          const base = pathKey(path);
          const idx = arrayCounts.get(base) ?? 0;
          arrayCounts.set(base, idx + 1);
          path = [...path, String(idx)];
          if (!out.has(base)) out.set(base, { start: key.start + leadingWs(text, key.start), end: key.end });
        }
        out.set(pathKey(path), { start: key.start + leadingWs(text, key.start), end: key.end });
        table = path;
      }
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const key = readDottedKey();
    if (!key) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const full = [...table, ...key.parts];
    out.set(pathKey(full), { start: key.start + leadingWs(text, key.start), end: key.end });
    skipWs();
    if (text[i] === '=') i++;
    skipValue(full);
    while (i < n && text[i] !== '\n') {
      if (text[i] === '#') skipComment();
      else i++;
    }
  }
  return out;
}

function leadingWs(text: string, at: number): number {
  let k = 0;
  while (text[at + k] === ' ' || text[at + k] === '\t') k++;
  return k;
}
