import { isValidVersion, requirementError } from '../version/semver.ts';
import { isTable, type Table } from './dialects.ts';
import * as R from './rules.ts';

export type ValidationMode = 'publish' | 'dev';

/** One finding against a canonical key path. Codes: E008 (invalid), L009 (unknown key, warning). */
export interface ManifestFinding {
  severity: 'error' | 'warning';
  code: string;
  path: string[];
  message: string;
  hint?: string;
}

/** Keys of every known table (§2.1); `*` marks tables whose keys are free (names, tiers). */
const KNOWN: Record<string, string[] | '*'> = {
  package: ['name', 'version', 'description', 'license', 'category', 'repository', 'homepage', 'readme', 'keywords', 'implementation_type'],
  publisher: ['id', 'name', 'signing_key_id', 'email', 'url'],
  escir: ['api_version', 'min_platform_version', 'max_platform_version', 'stability'],
  lex: ['requirements'],
  dependencies: '*',
  pricing: ['license_type', 'share_price', 'private_price', 'free_features', 'premium_features'],
  telemetry: ['schema_hash', 'metrics', 'aggregate_window', 'cohort_min_size', 'noise_budget'],
  marketplace: ['pricing', 'visibility', 'listing', 'pricing_tiers'],
  schemas: ['provides', 'requires'],
  circuits: ['provides', 'target'],
  include: ['schemas', 'circuits', 'tests', 'docs', 'fpga', 'widgets'],
  lifecycle: ['status', 'sunset_date', 'successor', 'migration_guide', 'changelog', 'breaking_change_notice_days'],
  author: ['name', 'email', 'url'],
  wire_adapter: ['protocol_family', 'transports', 'bidirectional', 'request_response'],
  widget: ['widget_category', 'roles', 'sizes', 'data_sources'],
  fpga: ['device_family', 'resource_estimate'],
  solution: ['tier', 'lex_policy', 'branding', 'upgrade_policy'],
};

export function validateManifestData(data: Table, mode: ValidationMode): ManifestFinding[] {
  const out: ManifestFinding[] = [];
  const err = (path: string[], message: string, hint?: string) =>
    out.push(hint === undefined ? { severity: 'error', code: 'E008', path, message } : { severity: 'error', code: 'E008', path, message, hint });
  const table = (name: string): Table | undefined => {
    const t = data[name];
    if (t === undefined) return undefined;
    if (!isTable(t)) {
      err([name], `'${name}' must be a table`);
      return undefined;
    }
    return t;
  };
  const str = (t: Table | undefined, tn: string, key: string, required: boolean): string | undefined => {
    const v = t?.[key];
    if (v === undefined) {
      if (required) err(t ? [tn, key] : [tn], `missing required key ${tn}.${key}`);
      return undefined;
    }
    if (typeof v !== 'string') {
      err([tn, key], `${tn}.${key} must be a string`);
      return undefined;
    }
    return v;
  };
  const strList = (t: Table | undefined, tn: string, key: string, required = false): string[] | undefined => {
    const v = t?.[key];
    if (v === undefined) {
      if (required) err(t ? [tn, key] : [tn], `missing required key ${tn}.${key}`);
      return undefined;
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      err([tn, key], `${tn}.${key} must be an array of strings`);
      return undefined;
    }
    return v as string[];
  };
  const oneOf = (t: Table | undefined, tn: string, key: string, allowed: readonly string[], required = false) => {
    const v = str(t, tn, key, required);
    if (v !== undefined && !allowed.includes(v)) err([tn, key], `${tn}.${key} "${v}" is not one of: ${allowed.join(', ')}`);
    return v;
  };
  const subset = (t: Table | undefined, tn: string, key: string, allowed: readonly string[], required = false) => {
    const v = strList(t, tn, key, required);
    for (const x of v ?? []) if (!allowed.includes(x)) err([tn, key], `${tn}.${key} value "${x}" is not one of: ${allowed.join(', ')}`);
    return v;
  };
  const bool = (t: Table | undefined, tn: string, key: string) => {
    if (t?.[key] !== undefined && typeof t[key] !== 'boolean') err([tn, key], `${tn}.${key} must be true or false`);
  };
  const int = (t: Table | undefined, tn: string, key: string, min: number, required = false): number | undefined => {
    const v = t?.[key];
    if (v === undefined) {
      if (required) err(t ? [tn, key] : [tn], `missing required key ${tn}.${key}`);
      return undefined;
    }
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
      err([tn, key], `${tn}.${key} must be an integer >= ${min}`);
      return undefined;
    }
    return n;
  };
  const publishOnly = mode === 'publish';

  // [package]
  const pkg = table('package');
  if (!pkg) err(['package'], 'missing [package] table');
  const name = str(pkg, 'package', 'name', true);
  if (name !== undefined) {
    if (!R.NAME_RE.test(name)) err(['package', 'name'], `package name "${name}" must match ^[a-z0-9-]+$ or ^@[a-z0-9-]+/[a-z0-9-]+$`);
    else if (Buffer.byteLength(name) > 128) err(['package', 'name'], 'package name is longer than 128 bytes');
  }
  const version = str(pkg, 'package', 'version', true);
  if (version !== undefined && !isValidVersion(version)) err(['package', 'version'], `package.version "${version}" is not a SemVer 2.0.0 version (MAJOR.MINOR.PATCH)`);
  else if (version !== undefined && Buffer.byteLength(version) > 20) err(['package', 'version'], 'package.version is longer than the 20 bytes the attestation record holds');
  const description = str(pkg, 'package', 'description', true);
  if (description !== undefined) {
    const n = Buffer.byteLength(description);
    if (n < 1 || n > 512 || /[\r\n]/.test(description)) err(['package', 'description'], 'package.description must be one line of 1-512 bytes');
  }
  const license = str(pkg, 'package', 'license', true);
  if (license !== undefined && !R.isSpdxExpression(license)) err(['package', 'license'], `package.license "${license}" is not an SPDX expression or LicenseRef-*`);
  const category = oneOf(pkg, 'package', 'category', R.CATEGORIES, true);
  str(pkg, 'package', 'repository', false);
  str(pkg, 'package', 'homepage', false);
  str(pkg, 'package', 'readme', false);
  const keywords = strList(pkg, 'package', 'keywords');
  if (keywords && keywords.length > 10) err(['package', 'keywords'], `package.keywords has ${keywords.length} entries; at most 10 are allowed`);
  oneOf(pkg, 'package', 'implementation_type', R.IMPLEMENTATION_TYPES);

  // [publisher]
  const pub = table('publisher');
  if (!pub && publishOnly) err(['publisher'], 'missing [publisher] table (required to publish)');
  const pid = str(pub, 'publisher', 'id', publishOnly && !!pub);
  if (pid !== undefined && !R.HEX64_RE.test(pid)) err(['publisher', 'id'], 'publisher.id must be 64 lowercase hex characters');
  const pname = str(pub, 'publisher', 'name', publishOnly && !!pub);
  if (pname !== undefined && Buffer.byteLength(pname) > 64) err(['publisher', 'name'], 'publisher.name is longer than 64 bytes');
  const keyId = str(pub, 'publisher', 'signing_key_id', publishOnly && !!pub);
  if (keyId !== undefined && !R.KEY_ID_RE.test(keyId)) err(['publisher', 'signing_key_id'], 'publisher.signing_key_id must match [A-Za-z0-9._-]{1,64}');
  str(pub, 'publisher', 'email', false);
  str(pub, 'publisher', 'url', false);

  // [escir]
  const escir = table('escir');
  if (!escir) err(['escir'], 'missing [escir] table (escir.min_platform_version is required)');
  const api = str(escir, 'escir', 'api_version', publishOnly && !!escir);
  if (api !== undefined && !isValidVersion(api)) err(['escir', 'api_version'], `escir.api_version "${api}" is not a SemVer version`);
  if (api !== undefined && Buffer.byteLength(api) > 12) err(['escir', 'api_version'], 'escir.api_version is longer than 12 bytes');
  const minP = str(escir, 'escir', 'min_platform_version', !!escir);
  if (minP !== undefined && !isValidVersion(minP)) err(['escir', 'min_platform_version'], `escir.min_platform_version "${minP}" is not a SemVer version`);
  const maxP = str(escir, 'escir', 'max_platform_version', false);
  if (maxP !== undefined && maxP !== '*' && !isValidVersion(maxP)) err(['escir', 'max_platform_version'], `escir.max_platform_version "${maxP}" must be a SemVer version or "*"`);
  oneOf(escir, 'escir', 'stability', R.STABILITIES);

  // [lex]
  const lex = table('lex');
  for (const p of strList(lex, 'lex', 'requirements') ?? []) if (!p.startsWith('esn/')) err(['lex', 'requirements'], `lex requirement "${p}" must be an esn/... path`);

  // [dependencies]
  const deps = table('dependencies');
  for (const [dn, dv] of Object.entries(deps ?? {})) {
    const path = ['dependencies', dn];
    let req: unknown = dv;
    if (isTable(dv)) {
      req = dv.version;
      if (req === undefined) err(path, `dependency ${dn} needs a version`);
      if (dv.optional !== undefined && typeof dv.optional !== 'boolean') err([...path, 'optional'], 'optional must be true or false');
      if (dv.package !== undefined && (typeof dv.package !== 'string' || !R.NAME_RE.test(dv.package))) err([...path, 'package'], 'package must be a valid package name');
      for (const k of Object.keys(dv)) if (!['version', 'optional', 'package'].includes(k)) out.push({ severity: 'warning', code: 'L009', path: [...path, k], message: `unknown key dependencies.${dn}.${k}` });
    } else if (typeof dv !== 'string') {
      err(path, `dependency ${dn} must be a requirement string or a table`);
      continue;
    }
    if (!isTable(dv) && !R.NAME_RE.test(dn)) err(path, `dependency name "${dn}" is not a valid package name`);
    if (typeof req === 'string') {
      const e = requirementError(req);
      if (e) err(isTable(dv) ? [...path, 'version'] : path, `dependency ${dn}: ${e}`);
    } else if (req !== undefined) err(path, `dependency ${dn}: version must be a string`);
  }

  // [pricing] / [telemetry]
  const pricing = table('pricing');
  const lt = oneOf(pricing, 'pricing', 'license_type', R.LICENSE_TYPES) ?? 'free';
  const paid = lt !== 'free';
  const share = str(pricing, 'pricing', 'share_price', paid);
  const priv = str(pricing, 'pricing', 'private_price', paid);
  const priceOk = (v: string | undefined, key: string) => {
    if (v === undefined) return undefined;
    if (!R.PRICE_RE.test(v) || R.priceToMicros(v) <= 0n) {
      err(['pricing', key], `pricing.${key} "${v}" must be a USD amount > 0 with at most 6 decimals`);
      return undefined;
    }
    return R.priceToMicros(v);
  };
  const sm = priceOk(share, 'share_price');
  const pm = priceOk(priv, 'private_price');
  if (sm !== undefined && pm !== undefined && pm < sm) err(['pricing', 'private_price'], 'pricing.private_price must be >= share_price');
  if (lt === 'freemium') {
    for (const k of ['free_features', 'premium_features']) {
      const l = strList(pricing, 'pricing', k, true);
      if (l && l.length === 0) err(['pricing', k], `pricing.${k} must not be empty for freemium`);
    }
  }
  const tel = table('telemetry');
  if (paid) {
    if (!tel) err(['telemetry'], 'paid packages need a [telemetry] table');
    const sh = str(tel, 'telemetry', 'schema_hash', !!tel);
    if (sh !== undefined && sh !== 'auto' && !R.HEX64_RE.test(sh)) err(['telemetry', 'schema_hash'], 'telemetry.schema_hash must be 64 hex or "auto"');
    const metrics = strList(tel, 'telemetry', 'metrics', !!tel);
    if (metrics && metrics.length === 0) err(['telemetry', 'metrics'], 'telemetry.metrics must not be empty');
    const w = str(tel, 'telemetry', 'aggregate_window', !!tel);
    if (w !== undefined && (!R.WINDOW_RE.test(w) || R.windowSeconds(w) < 3600)) err(['telemetry', 'aggregate_window'], `telemetry.aggregate_window "${w}" must look like 1h/90m/1d and be at least 1h`);
    const c = int(tel, 'telemetry', 'cohort_min_size', 0, !!tel);
    if (c !== undefined && c < 50) err(['telemetry', 'cohort_min_size'], 'telemetry.cohort_min_size must be >= 50');
    const nb = tel?.noise_budget;
    if (nb === undefined && tel) err(['telemetry', 'noise_budget'], 'missing required key telemetry.noise_budget');
    else if (nb !== undefined && !(typeof nb === 'number' ? nb > 0 : typeof nb === 'string' && /^\d+(\.\d+)?$/.test(nb) && Number(nb) > 0)) {
      err(['telemetry', 'noise_budget'], 'telemetry.noise_budget must be a decimal > 0');
    }
  }

  // [marketplace]
  const mk = table('marketplace');
  oneOf(mk, 'marketplace', 'pricing', R.MARKETPLACE_PRICING);
  oneOf(mk, 'marketplace', 'visibility', R.VISIBILITIES);
  oneOf(mk, 'marketplace', 'listing', R.LISTINGS);
  if (mk?.pricing_tiers !== undefined) {
    if (!isTable(mk.pricing_tiers)) err(['marketplace', 'pricing_tiers'], 'marketplace.pricing_tiers must be a table');
    else {
      const pt = mk.pricing_tiers;
      for (const k of ['default_rate_micros', 'volume_discount_threshold', 'min_rate_micros']) int(pt, 'marketplace.pricing_tiers', k, 0);
      const bps = int(pt, 'marketplace.pricing_tiers', 'volume_discount_bps', 0);
      if (bps !== undefined && bps > 10000) err(['marketplace', 'pricing_tiers', 'volume_discount_bps'], 'volume_discount_bps must be <= 10000');
      bool(pt, 'marketplace.pricing_tiers', 'allows_custom_deals');
    }
  }

  // [schemas] [circuits] [include]
  const schemas = table('schemas');
  strList(schemas, 'schemas', 'provides');
  strList(schemas, 'schemas', 'requires');
  const circuits = table('circuits');
  strList(circuits, 'circuits', 'provides');
  subset(circuits, 'circuits', 'target', R.CIRCUIT_TARGETS);
  const include = table('include');
  for (const k of Object.keys(R.DEFAULT_INCLUDE)) {
    const v = include?.[k];
    if (v !== undefined && typeof v !== 'string') strList(include, 'include', k);
  }

  // [lifecycle]
  const lc = table('lifecycle');
  const status = oneOf(lc, 'lifecycle', 'status', R.LIFECYCLE_STATUSES);
  const sunset = str(lc, 'lifecycle', 'sunset_date', status === 'deprecated');
  if (sunset !== undefined && !R.isValidDate(sunset)) err(['lifecycle', 'sunset_date'], `lifecycle.sunset_date "${sunset}" must be a YYYY-MM-DD date`);
  const successor = str(lc, 'lifecycle', 'successor', status === 'deprecated');
  if (successor !== undefined && !R.NAME_RE.test(successor)) err(['lifecycle', 'successor'], `lifecycle.successor "${successor}" is not a package name`);
  str(lc, 'lifecycle', 'migration_guide', false);
  str(lc, 'lifecycle', 'changelog', false);
  int(lc, 'lifecycle', 'breaking_change_notice_days', 0);

  const author = table('author');
  if (author) str(author, 'author', 'name', true);

  // Category tables.
  const wa = table('wire_adapter');
  if (category === 'wire-adapter' || wa) {
    if (!wa) err(['wire_adapter'], 'wire-adapter packages need a [wire_adapter] table');
    oneOf(wa, 'wire_adapter', 'protocol_family', R.PROTOCOL_FAMILIES, !!wa);
    subset(wa, 'wire_adapter', 'transports', R.TRANSPORTS, !!wa);
    bool(wa, 'wire_adapter', 'bidirectional');
    bool(wa, 'wire_adapter', 'request_response');
  }
  const widget = table('widget');
  if (category === 'console-widget' || widget) {
    if (!widget) err(['widget'], 'console-widget packages need a [widget] table');
    oneOf(widget, 'widget', 'widget_category', R.WIDGET_CATEGORIES, !!widget);
    subset(widget, 'widget', 'roles', R.WIDGET_ROLES, !!widget);
    subset(widget, 'widget', 'sizes', R.WIDGET_SIZES, !!widget);
    subset(widget, 'widget', 'data_sources', R.WIDGET_DATA_SOURCES, !!widget);
  }
  const fpga = table('fpga');
  if (category === 'fpga-circuit' || fpga) {
    if (!fpga) err(['fpga'], 'fpga-circuit packages need an [fpga] table');
    strList(fpga, 'fpga', 'device_family', !!fpga);
    const re = fpga?.resource_estimate;
    if (fpga && re === undefined) err(['fpga'], 'missing required key fpga.resource_estimate');
    else if (re !== undefined) {
      if (!isTable(re)) err(['fpga', 'resource_estimate'], 'fpga.resource_estimate must be a table {luts, brams, dsps}');
      else for (const k of ['luts', 'brams', 'dsps']) int(re, 'fpga.resource_estimate', k, 0, true);
    }
  }
  const sol = table('solution');
  if (sol) {
    oneOf(sol, 'solution', 'tier', R.SOLUTION_TIERS);
    str(sol, 'solution', 'lex_policy', false);
    if (sol.branding !== undefined) {
      if (!isTable(sol.branding)) err(['solution', 'branding'], 'solution.branding must be a table');
      else {
        str(sol.branding, 'solution.branding', 'display_name', true);
        for (const k of ['theme_hash', 'logo_hash']) {
          const v = str(sol.branding, 'solution.branding', k, false);
          if (v !== undefined && v !== 'auto' && !/^[0-9a-f]+$/.test(v)) err(['solution', 'branding', k], `solution.branding.${k} must be hex or "auto"`);
        }
      }
    }
    if (sol.upgrade_policy !== undefined) {
      if (!isTable(sol.upgrade_policy)) err(['solution', 'upgrade_policy'], 'solution.upgrade_policy must be a table');
      else for (const k of ['auto_accept_patch', 'auto_accept_minor', 'auto_accept_major']) bool(sol.upgrade_policy, 'solution.upgrade_policy', k);
    }
  }

  // Unknown keys only warn (§2.1).
  for (const [tn, tv] of Object.entries(data)) {
    const known = KNOWN[tn];
    if (!known) {
      out.push({ severity: 'warning', code: 'L009', path: [tn], message: `unknown table or key '${tn}'` });
      continue;
    }
    if (known === '*' || !isTable(tv)) continue;
    for (const k of Object.keys(tv)) if (!known.includes(k)) out.push({ severity: 'warning', code: 'L009', path: [tn, k], message: `unknown key '${tn}.${k}'` });
  }
  return out;
}
