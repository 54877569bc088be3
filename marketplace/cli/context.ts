import { existsSync, readFileSync, statSync } from 'node:fs';
import { PackageCache } from '../cache/cache.ts';
import { MarketplaceError } from '../core/errors.ts';
import { RegistryClient, type ClientOptions } from '../registry/client.ts';
import { loadConfig, type ConfigOverrides, type MarketplaceConfig } from '../registry/config.ts';
import { fileUrlPath, isFileUrl, toRegistryUrl } from '../registry/transport.ts';
import { readSigningKey, type SigningKey } from '../signing/keys.ts';
import { ProgressBar, warn, type GlobalOptions } from './output.ts';

export function configFor(g: GlobalOptions, registryOverride?: string, only = false): MarketplaceConfig {
  const o: ConfigOverrides = {};
  const reg = registryOverride ?? g.registry;
  if (reg) o.registry = reg;
  if (g.mirror?.length && !only) o.mirrors = g.mirror;
  if (only) o.only = true;
  return loadConfig(o);
}

/** A client over the configured registries, or over `only` alone (install --from). */
export function clientFor(g: GlobalOptions, extra: Partial<ClientOptions> & { only?: string } = {}): { client: RegistryClient; bar: ProgressBar } {
  const { only, ...clientExtra } = extra;
  const config = only ? configFor(g, only, true) : configFor(g);
  const cache = new PackageCache(config.cacheDir, config.ttlHours * 3600, config.maxSizeMb * 1024 * 1024);
  const bar = new ProgressBar(g);
  const options: ClientOptions = {
    offline: g.offline === true,
    warn: (m) => {
      bar.done();
      warn(g, m);
    },
    progress: (label, r, t) => bar.update(label, r, t),
    ...clientExtra,
  };
  return { client: new RegistryClient(config, cache, options), bar };
}

export function signingKeyFor(g: GlobalOptions, keyPath?: string): SigningKey {
  return readSigningKey(keyPath ?? configFor(g).defaultKey);
}

/** The directory a registry URL or path names, for commands that write (publish, yank, lifecycle). */
export function writableRegistryDir(spec: string | undefined, config: MarketplaceConfig): string {
  const url = spec ? toRegistryUrl(spec) : config.sources[0]?.url;
  if (!url) throw new MarketplaceError('E012', 'no registry given', { hint: 'pass --registry <dir>, or set [registry] default in $ESTREAM_HOME/config.toml' });
  if (!isFileUrl(url)) {
    throw new MarketplaceError('E015', `registry ${url} is served over HTTP and read-only here`, { hint: 'publish into the registry directory the server serves (--registry <dir>)' });
  }
  const dir = fileUrlPath(url);
  // A missing directory is created by publish; a file in its place is a mistake.
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new MarketplaceError('E012', `registry ${dir} is not a directory`, { hint: 'pass --registry <dir> naming a registry directory' });
  return dir;
}

export function readPackageFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new MarketplaceError('E006', `no such file: ${path}`);
  if (statSync(path).isDirectory()) throw new MarketplaceError('E006', `${path} is a directory, not an .escx file`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new MarketplaceError('E006', `cannot read ${path}: ${(e as Error).message}`);
  }
}
