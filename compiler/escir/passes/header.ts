/**
 * P1: duplicate keys, YAML-level features, level (legacy/canonical), dialect and the
 * header (name, format version, circuit version). ESCIR.md §1, §2, §3.1, §3.5.
 */
import type { EscirReporter } from '../diagnostics.ts';
import type { Dialect, EscirModel, Level } from '../model.ts';
import type { YamlFeature } from '../yaml/load-yaml.ts';
import { entry, get, isMap, isScalar, isSeq, scalarText, type YEntry, type YMap, type YNode } from '../yaml/tree.ts';

/** What the header says: these fields of the model (model.ts documents them). */
export type HeaderInfo = Pick<EscirModel, 'level' | 'dialect' | 'formatVersion' | 'circuitVersion' | 'name' | 'kind'>;

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

const DIALECT_KEYS: Record<'A' | 'B' | 'C', string[]> = {
  A: ['components', 'connections'],
  B: ['compute'],
  C: ['composition', 'wiring', 'extends', 'limits'],
};

/** Reports YAML features; returns false when loading must stop (E002 in canonical files). */
export function reportYamlFeatures(features: YamlFeature[], level: Level, r: EscirReporter): boolean {
  let ok = true;
  for (const f of features) {
    if (f.kind === 'yaml11-word') {
      r.warning('W003', `\`${f.text}\` is a plain string in YAML 1.2, not a boolean`, f, { hint: f.text.match(/^(yes|on)$/i) ? 'write `true` (or quote it to keep the string)' : 'write `false` (or quote it to keep the string)' });
      continue;
    }
    const what = f.kind === 'anchor' ? `anchor \`${f.text}\`` : f.kind === 'alias' ? `alias \`${f.text}\`` : 'merge key `<<`';
    if (level === 'canonical') {
      r.error('E002', `${what} is not allowed in canonical ESCIR`, f, { hint: 'write the values out' });
      ok = false;
    } else r.warning('W003', `${what}: YAML 1.1 feature; the value is expanded in place`, f);
  }
  return ok;
}

/** Duplicate keys everywhere; the legacy doubled top-level `version` is W001. Returns the version entries. */
export function checkDuplicateKeys(root: YMap, level: Level, r: EscirReporter): YEntry[] {
  let versions: YEntry[] = [];
  const visit = (n: YNode, isRoot: boolean) => {
    if (isMap(n)) {
      const byKey = new Map<string, YEntry[]>();
      for (const e of n.entries) {
        const list = byKey.get(e.key);
        if (list) list.push(e);
        else byKey.set(e.key, [e]);
      }
      for (const [key, list] of byKey) {
        if (list.length < 2) continue;
        if (isRoot && key === 'version') {
          versions = list;
          if (level === 'legacy' && list.length === 2) {
            r.warning('W001', 'doubled `version`: the first is the format version, the second the circuit version', list[1]!.keyNode, {
              related: [r.related('format version here', list[0]!.keyNode)],
            });
            continue;
          }
        }
        for (let i = 1; i < list.length; i++) {
          r.error('E001', `duplicate key \`${key}\`${list.length > 2 ? ` (${list.length} times)` : ''}`, list[i]!.keyNode, {
            related: [r.related('first defined here', list[0]!.keyNode)],
            hint: key === 'version' && level === 'canonical' ? 'canonical files give the format in `escir:` and the circuit version once' : 'keep one of them',
          });
        }
      }
      for (const e of n.entries) visit(e.value, false);
    } else if (isSeq(n)) for (const it of n.items) visit(it, false);
  };
  visit(root, true);
  if (versions.length === 0) {
    const v = entry(root, 'version');
    if (v) versions = [v];
  }
  return versions;
}

export function readHeader(root: YMap, level: Level, versions: YEntry[], r: EscirReporter): HeaderInfo {
  const text = r.file.text;
  const nameNode = get(root, 'name');
  const name = scalarText(nameNode, text);
  if (!nameNode) r.error('E020', 'the circuit has no `name`', firstKey(root), { pointer: '' });
  // A list or mapping is reported by the shape pass (E021); here only a non-text scalar.
  else if (name === undefined && isScalar(nameNode)) r.error('E021', '`name` must be a string', nameNode);

  if (level === 'canonical') {
    const esc = get(root, 'escir')!;
    const v = scalarText(esc, text);
    if (v !== '1.0') r.error('E021', `unsupported ESCIR version \`${v ?? '?'}\`; this toolchain reads \`escir: "1.0"\``, esc);
    const kindNode = get(root, 'kind');
    const kind = scalarText(kindNode, text);
    if (!kindNode) r.error('E020', 'canonical ESCIR needs `kind: circuit` or `kind: composite`', firstKey(root), { pointer: '' });
    const versionNode = versions[0]?.value;
    const circuitVersion = scalarText(versionNode, text);
    if (!versionNode) r.error('E020', 'the circuit has no `version`', firstKey(root), { pointer: '', hint: 'add `version: 0.1.0` (semver)' });
    else if (isScalar(versionNode) && (circuitVersion === undefined || !SEMVER.test(circuitVersion))) {
      r.error('E021', `\`version\` must be a semver string such as \`1.2.0\`; found \`${circuitVersion ?? '?'}\``, versionNode);
    }
    const k = kind === 'circuit' || kind === 'composite' ? kind : undefined;
    checkCanonicalBody(root, k, r);
    return { level, dialect: k, formatVersion: '1.0', circuitVersion, name, kind: k };
  }

  // Legacy: the dialect comes from the body keys.
  const found: ('A' | 'B' | 'C')[] = [];
  for (const d of ['A', 'B', 'C'] as const) if (DIALECT_KEYS[d].some((k) => entry(root, k))) found.push(d);
  let dialect: Dialect | undefined;
  if (found.length === 1) dialect = found[0];
  else if (found.length === 0) {
    r.error('E004', 'unknown dialect: no `components`, `compute` or `composition` body', firstKey(root), {
      pointer: '',
      hint: 'legacy ESCIR has `components`/`connections` (A), `compute` (B) or `composition`/`wiring` (C); canonical files start with `escir: "1.0"`',
    });
  } else {
    const keys = found.map((d) => DIALECT_KEYS[d].find((k) => entry(root, k))!);
    const second = entry(root, keys[1]!)!;
    r.error('E004', `mixed dialects: \`${keys.join('`, `')}\` belong to different legacy dialects`, second.keyNode, {
      related: [r.related(`\`${keys[0]}\` here`, entry(root, keys[0]!)!.keyNode)],
    });
    dialect = found[0];
  }

  // Format version: `format:` (strip v), `escir_version:`, then the first doubled `version`.
  let formatVersion: string | undefined;
  const format = scalarText(get(root, 'format'), text);
  const escirVersion = scalarText(get(root, 'escir_version'), text);
  let circuitVersion: string | undefined;
  if (format !== undefined) formatVersion = format.replace(/^[vV]/, '');
  else if (escirVersion !== undefined) formatVersion = escirVersion.replace(/^[vV]/, '');
  else if (versions.length === 2) formatVersion = scalarText(versions[0]!.value, text)?.replace(/^[vV]/, '');
  if (versions.length >= 2) circuitVersion = scalarText(versions[versions.length === 2 ? 1 : 0]!.value, text);
  else if (versions.length === 1) circuitVersion = scalarText(versions[0]!.value, text);
  if (formatVersion === undefined) {
    r.warning('W011', 'no format version (`format`, `escir_version` or a doubled `version`); 0.9 assumed', versions[0]?.keyNode ?? firstKey(root), { pointer: '' });
    formatVersion = '0.9';
  }
  if (versions.length === 0) r.error('E020', 'the circuit has no `version`', firstKey(root), { pointer: '' });
  return { level, dialect, formatVersion, circuitVersion, name, kind: undefined };
}

function checkCanonicalBody(root: YMap, kind: 'circuit' | 'composite' | undefined, r: EscirReporter): void {
  if (kind === 'circuit') {
    const graph = entry(root, 'graph');
    const processes = entry(root, 'processes');
    if (graph && processes) r.error('E004', 'a circuit body is either `graph` or `processes`, not both', processes.keyNode, { related: [r.related('`graph` here', graph.keyNode)] });
    for (const k of ['instances', 'extends', 'remove', 'expose']) {
      const e = entry(root, k);
      if (e) r.error('E004', `\`${k}\` belongs to \`kind: composite\``, e.keyNode);
    }
  } else if (kind === 'composite') {
    for (const k of ['graph', 'processes', 'channels']) {
      const e = entry(root, k);
      if (e) r.error('E004', `\`${k}\` belongs to \`kind: circuit\``, e.keyNode);
    }
  }
}

function firstKey(root: YMap): YNode {
  return root.entries[0]?.keyNode ?? root;
}

export function isScalarNode(n: YNode | undefined): boolean {
  return isScalar(n);
}
