import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { MarketplaceError } from '../core/errors.ts';
import { estreamHome } from '../core/paths.ts';
import { toRegistryUrl } from './transport.ts';

export interface RegistrySource {
  name: string;
  url: string;
  tokenEnv?: string;
}

export interface MirrorConfig {
  url: string;
  region?: string;
}

/** `$ESTREAM_HOME/config.toml` (MARKETPLACE.md §3.4) with defaults applied. */
export interface MarketplaceConfig {
  home: string;
  /** Registries in lookup order: the default first, then the extra sources in config order. */
  sources: RegistrySource[];
  mirrors: MirrorConfig[];
  region?: string;
  cacheDir: string;
  ttlHours: number;
  maxSizeMb: number;
  defaultKey: string;
  /** The platform version installs are checked against. */
  platformVersion: string;
  /** The toolchain's ESCIR API version. */
  apiVersion: string;
}

/** The platform and ESCIR API versions this toolchain implements. */
export const PLATFORM_VERSION = '1.0.0';
export const TOOLCHAIN_API_VERSION = '1.0.0';

export interface ConfigOverrides {
  registry?: string;
  mirrors?: string[];
  /** Use `registry` alone: no configured sources or mirrors (install --from). */
  only?: boolean;
}

export function loadConfig(overrides: ConfigOverrides = {}): MarketplaceConfig {
  const home = estreamHome();
  const path = join(home, 'config.toml');
  let doc: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      doc = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      const te = e as { line?: number; column?: number; message: string };
      throw new MarketplaceError('E008', `${path}:${te.line ?? 1}:${te.column ?? 1}: invalid config: ${te.message.split('\n')[0]}`);
    }
  }
  const tbl = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const reg = tbl(doc.registry);
  const cache = tbl(doc.cache);
  const signing = tbl(doc.signing);
  const sources: RegistrySource[] = [];
  const defaultUrl = overrides.registry ?? process.env.ESTREAM_REGISTRY ?? (typeof reg.default === 'string' ? reg.default : undefined);
  if (defaultUrl) sources.push({ name: 'default', url: toRegistryUrl(defaultUrl) });
  if (Array.isArray(reg.sources) && !overrides.only) {
    for (const s of reg.sources.map(tbl)) {
      if (typeof s.url !== 'string') continue;
      const src: RegistrySource = { name: typeof s.name === 'string' ? s.name : `source-${sources.length}`, url: toRegistryUrl(s.url) };
      if (typeof s.token_env === 'string') src.tokenEnv = s.token_env;
      sources.push(src);
    }
  }
  const mirrors: MirrorConfig[] = (overrides.mirrors ?? []).map((url) => ({ url: toRegistryUrl(url) }));
  if (Array.isArray(reg.mirrors) && !overrides.only) {
    for (const m of reg.mirrors.map(tbl)) {
      if (typeof m.url !== 'string') continue;
      const mc: MirrorConfig = { url: toRegistryUrl(m.url) };
      if (typeof m.region === 'string') mc.region = m.region;
      mirrors.push(mc);
    }
  }
  const num = (v: unknown, d: number) => (typeof v === 'number' && v > 0 ? v : typeof v === 'bigint' ? Number(v) : d);
  const cfg: MarketplaceConfig = {
    home,
    sources,
    mirrors,
    cacheDir: typeof cache.dir === 'string' ? resolve(home, cache.dir) : join(home, 'cache'),
    ttlHours: num(cache.ttl_hours, 24),
    maxSizeMb: num(cache.max_size_mb, 500),
    defaultKey: typeof signing.default_key === 'string' ? resolve(home, signing.default_key) : join(home, 'keys', 'signing-key.pem'),
    platformVersion: process.env.ESTREAM_PLATFORM_VERSION ?? PLATFORM_VERSION,
    apiVersion: process.env.ESTREAM_API_VERSION ?? TOOLCHAIN_API_VERSION,
  };
  const region = process.env.ESTREAM_REGION ?? (typeof reg.region === 'string' ? reg.region : undefined);
  if (region) cfg.region = region;
  return cfg;
}
