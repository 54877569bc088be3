/**
 * Normalises the two older manifest dialects to the canonical one (MARKETPLACE.md §2.2).
 * Every moved key remembers where it was written (`origin`) so diagnostics still point at the
 * user's own text.
 */
export type Dialect = 'canonical' | 'component' | 'platform';

export type Table = Record<string, unknown>;

export interface NormalisedManifest {
  dialect: Dialect;
  data: Table;
  /** canonical key path (NUL-joined) -> key path as written. */
  origin: Map<string, string[]>;
  /** Normalisation failures (mixtures, conflicts) with the written key path they concern. */
  problems: { path: string[]; message: string }[];
}

export const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export function detectDialect(doc: Table): { dialect: Dialect; mixture?: string } {
  const hasComponent = isTable(doc.component);
  const pkg = doc.package;
  const platformMarks = isTable(doc.platform) || (isTable(pkg) && typeof pkg.publisher === 'string');
  if (hasComponent && (isTable(pkg) || isTable(doc.platform))) {
    return { dialect: 'component', mixture: 'a [component] table cannot be combined with [package] or [platform]' };
  }
  if (hasComponent) return { dialect: 'component' };
  if (platformMarks) return { dialect: 'platform' };
  return { dialect: 'canonical' };
}

const COMPONENT_PACKAGE_KEYS = new Set([
  'name',
  'version',
  'description',
  'license',
  'category',
  'repository',
  'homepage',
  'readme',
  'keywords',
  'implementation_type',
]);

class Builder {
  readonly data: Table = {};
  readonly origin = new Map<string, string[]>();
  readonly problems: { path: string[]; message: string }[] = [];

  /** Sets a leaf (or sub-table) at canonical path; a different existing value is a conflict. */
  put(path: string[], value: unknown, from: string[]): void {
    let t = this.data;
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i]!;
      if (!isTable(t[k])) {
        if (t[k] !== undefined) {
          this.problems.push({ path: from, message: `'${path.slice(0, i + 1).join('.')}' is both a value and a table` });
          return;
        }
        t[k] = {};
      }
      t = t[k] as Table;
    }
    const last = path[path.length - 1]!;
    if (isTable(value)) {
      for (const [k, v] of Object.entries(value)) this.put([...path, k], v, [...from, k]);
      if (Object.keys(value).length === 0 && t[last] === undefined) t[last] = {};
      this.origin.set(path.join('\0'), from);
      return;
    }
    if (t[last] !== undefined && JSON.stringify(t[last]) !== JSON.stringify(value)) {
      this.problems.push({ path: from, message: `'${from.join('.')}' conflicts with '${path.join('.')}' written elsewhere` });
      return;
    }
    t[last] = value;
    this.origin.set(path.join('\0'), from);
  }
}

function normaliseComponent(doc: Table, b: Builder): void {
  for (const [k, v] of Object.entries(doc)) if (k !== 'component') b.put([k], v, [k]);
  const comp = doc.component as Table;
  for (const [k, v] of Object.entries(comp)) {
    const from = ['component', k];
    if (COMPONENT_PACKAGE_KEYS.has(k)) b.put(['package', k], v, from);
    else if (k === 'estream' && isTable(v)) {
      for (const [ek, ev] of Object.entries(v)) {
        const to = ek === 'min_version' ? 'min_platform_version' : ek === 'max_version' ? 'max_platform_version' : ek;
        b.put(['escir', to], ev, [...from, ek]);
      }
    } else if (k === 'status') {
      const lifecycle = isTable(doc.lifecycle) ? doc.lifecycle : undefined;
      const lowered = typeof v === 'string' ? v.toLowerCase() : v;
      if (lifecycle && lifecycle.status !== undefined) {
        if (lifecycle.status !== lowered) {
          b.problems.push({ path: from, message: `component.status "${String(v)}" conflicts with lifecycle.status "${String(lifecycle.status)}"` });
        }
      } else b.put(['lifecycle', 'status'], lowered, from);
    } else if (k === 'circuits' && isTable(v)) {
      for (const [ck, cv] of Object.entries(v)) {
        if (ck === 'source') b.put(['include', 'circuits'], typeof cv === 'string' ? [cv] : cv, [...from, ck]);
        else b.put(['circuits', ck], cv, [...from, ck]);
      }
    } else b.put([k], v, from);
  }
}

/** `org.pkg` -> `@org/pkg` (platform dialect names). */
export function platformName(name: string): string {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)$/.exec(name);
  return m ? `@${m[1]}/${m[2]}` : name;
}

const stripOperator = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/^\s*(>=|<=|=|>|<|\^|~)\s*/, '') : v);

function normalisePlatform(doc: Table, b: Builder): void {
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'wire' || k === 'boundary') continue; // §2.2: ignored
    if (k === 'package' && isTable(v)) {
      for (const [pk, pv] of Object.entries(v)) {
        const from = ['package', pk];
        if (pk === 'publisher' && typeof pv === 'string') b.put(['publisher', 'name'], pv, from);
        else if (pk === 'name' && typeof pv === 'string') b.put(['package', 'name'], platformName(pv), from);
        else if (pk === 'license' && typeof pv === 'string' && pv.toLowerCase() === 'commercial') b.put(['package', 'license'], 'LicenseRef-Commercial', from);
        else b.put(['package', pk], pv, from);
      }
    } else if (k === 'platform' && isTable(v)) {
      for (const [pk, pv] of Object.entries(v)) {
        const from = ['platform', pk];
        if (pk === 'minimum') b.put(['escir', 'min_platform_version'], stripOperator(pv), from);
        else if (pk === 'maximum') b.put(['escir', 'max_platform_version'], stripOperator(pv), from);
        else if (pk === 'flir_api') b.put(['escir', 'api_version'], pv, from);
        else b.put(['platform', pk], pv, from);
      }
    } else if (k === 'flir' && isTable(v)) {
      b.put(['escir'], v, ['flir']);
    } else if (k === 'dependencies' && isTable(v)) {
      for (const [dk, dv] of Object.entries(v)) {
        const from = ['dependencies', dk];
        const value = isTable(dv) && typeof dv.package === 'string' ? { ...dv, package: platformName(dv.package) } : dv;
        b.put(['dependencies', platformName(dk)], value, from);
      }
    } else if (k === 'marketplace' && isTable(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        b.put(['marketplace', mk], mk === 'pricing' && mv === 'metered' ? 'usage-based' : mv, ['marketplace', mk]);
      }
    } else b.put([k], v, [k]);
  }
}

export function normaliseManifest(doc: Table): NormalisedManifest {
  const { dialect, mixture } = detectDialect(doc);
  const b = new Builder();
  if (mixture) b.problems.push({ path: ['component'], message: `mixed manifest dialects: ${mixture}` });
  if (dialect === 'component') normaliseComponent(doc, b);
  else if (dialect === 'platform') normalisePlatform(doc, b);
  else for (const [k, v] of Object.entries(doc)) b.put([k], v, [k]);
  return { dialect, data: b.data, origin: b.origin, problems: b.problems };
}
