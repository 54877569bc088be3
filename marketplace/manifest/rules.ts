/** Value sets and patterns of the manifest table (MARKETPLACE.md §2.1). */
export const CATEGORIES = ['data-schema', 'wire-adapter', 'smart-circuit', 'fpga-circuit', 'integration', 'console-widget'] as const;
export type Category = (typeof CATEGORIES)[number];
export const IMPLEMENTATION_TYPES = ['FastLang', 'Hybrid', 'Pure Rust', 'Pure RTL', 'Platform'];
export const STABILITIES = ['stable', 'preview', 'experimental'];
export const LICENSE_TYPES = ['free', 'per-seat', 'per-invocation', 'per-minute', 'metered-hourly', 'flat-rate', 'freemium'];
export const MARKETPLACE_PRICING = ['free', 'one-time', 'subscription', 'usage-based', 'enterprise', 'freemium'];
/** Openness order: interface < compiled < licensed < open (visibility never decreases). */
export const VISIBILITIES = ['interface', 'compiled', 'licensed', 'open'];
export const LISTINGS = ['public', 'unlisted', 'private', 'solution-only'];
export const CIRCUIT_TARGETS = ['cpu', 'fpga'];
export const LIFECYCLE_STATUSES = ['draft', 'active', 'deprecated', 'sunset'];
export const PROTOCOL_FAMILIES = ['financial', 'messaging', 'healthcare', 'industrial', 'general'];
export const TRANSPORTS = ['tcp', 'udp', 'serial', 'websocket', 'tls', 'quic'];
export const WIDGET_CATEGORIES = ['analytics', 'monitoring', 'control', 'visualization'];
export const WIDGET_ROLES = ['viewer', 'operator', 'developer', 'registrar', 'governance', 'admin'];
export const WIDGET_SIZES = ['small', 'medium', 'large'];
export const WIDGET_DATA_SOURCES = ['eslite', 'api', 'lex-stream'];
export const SOLUTION_TIERS = ['platform', 'solution', 'customer'];

/** Reserved name prefixes (E009): official publishers only. */
export const RESERVED_PREFIXES = ['estream-', 'data-', 'esf-'];

export const NAME_RE = /^(?:[a-z0-9-]+|@[a-z0-9-]+\/[a-z0-9-]+)$/;
export const KEY_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;
export const HEX64_RE = /^[0-9a-f]{64}$/;
export const PRICE_RE = /^\d+(\.\d{1,6})?$/;
export const WINDOW_RE = /^[1-9][0-9]*[smhd]$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Default `include.*` globs (§2.1). */
export const DEFAULT_INCLUDE: Record<string, string[]> = {
  schemas: ['schemas/*.data.yaml'],
  circuits: ['circuits/*.fl'],
  tests: ['tests/golden/**'],
  docs: [],
  fpga: [],
  widgets: [],
};

/** The bare name a reserved prefix applies to: the name itself, or the scope of `@scope/name`. */
export function reservedPrefixOf(name: string): string | undefined {
  const subject = name.startsWith('@') ? name.slice(1, name.indexOf('/')) : name;
  return RESERVED_PREFIXES.find((p) => subject.startsWith(p));
}

/** USD decimal text to integer micros, exactly ("0.0004" -> 400n). */
export function priceToMicros(text: string): bigint {
  const [whole, frac = ''] = text.split('.');
  return BigInt(whole!) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
}

export function windowSeconds(text: string): number {
  const n = Number(text.slice(0, -1));
  const unit = text[text.length - 1];
  return n * (unit === 's' ? 1 : unit === 'm' ? 60 : unit === 'h' ? 3600 : 86400);
}

export function isValidDate(text: string): boolean {
  if (!DATE_RE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * SPDX license expression syntax: ids (`Apache-2.0`, `LicenseRef-x`), `AND`, `OR`, `WITH`,
 * parentheses, `+` suffix. The id list itself is open (new SPDX ids appear every release).
 */
export function isSpdxExpression(text: string): boolean {
  const tokens = text.match(/\(|\)|[A-Za-z0-9.+:-]+|\S/g);
  if (!tokens) return false;
  let i = 0;
  const id = (t: string | undefined) => t !== undefined && /^(?:LicenseRef-[A-Za-z0-9.-]+|DocumentRef-[A-Za-z0-9.-]+:LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9][A-Za-z0-9.-]*\+?)$/.test(t) && !['AND', 'OR', 'WITH'].includes(t);
  const primary = (): boolean => {
    if (tokens[i] === '(') {
      i++;
      if (!expr()) return false;
      return tokens[i++] === ')';
    }
    if (!id(tokens[i])) return false;
    i++;
    if (tokens[i] === 'WITH') {
      i++;
      if (!id(tokens[i])) return false;
      i++;
    }
    return true;
  };
  const expr = (): boolean => {
    if (!primary()) return false;
    while (tokens[i] === 'AND' || tokens[i] === 'OR') {
      i++;
      if (!primary()) return false;
    }
    return true;
  };
  return expr() && i === tokens.length;
}

/** Phrases that identify the text of common licenses, for the LICENSE-matches-SPDX check. */
const LICENSE_MARKERS: Record<string, RegExp> = {
  'Apache-2.0': /Apache License/i,
  MIT: /Permission is hereby granted, free of charge/i,
  'BSD-2-Clause': /Redistribution and use in source and binary forms/i,
  'BSD-3-Clause': /Redistribution and use in source and binary forms/i,
  ISC: /Permission to use, copy, modify, and\/or distribute/i,
  'MPL-2.0': /Mozilla Public License/i,
  'GPL-2.0-only': /GNU GENERAL PUBLIC LICENSE/i,
  'GPL-3.0-only': /GNU GENERAL PUBLIC LICENSE/i,
  'GPL-2.0-or-later': /GNU GENERAL PUBLIC LICENSE/i,
  'GPL-3.0-or-later': /GNU GENERAL PUBLIC LICENSE/i,
  'LGPL-3.0-only': /GNU LESSER GENERAL PUBLIC LICENSE/i,
  'AGPL-3.0-only': /GNU AFFERO GENERAL PUBLIC LICENSE/i,
  Unlicense: /This is free and unencumbered software/i,
};

/**
 * Does the LICENSE text match the manifest's SPDX expression? Known ids must show their
 * marker phrase (any id of an OR/AND expression may); unknown ids and LicenseRef-* are accepted
 * when the text is non-empty.
 */
export function licenseTextMatches(spdx: string, text: string): boolean {
  if (text.trim().length === 0) return false;
  const ids = spdx.match(/[A-Za-z0-9.+-]+/g)?.filter((t) => !['AND', 'OR', 'WITH'].includes(t)) ?? [];
  const known = ids.filter((id) => LICENSE_MARKERS[id.replace(/\+$/, '')]);
  if (known.length === 0) return true;
  return known.some((id) => LICENSE_MARKERS[id.replace(/\+$/, '')]!.test(text));
}
