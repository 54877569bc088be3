import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { concat } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';

/** Why a fetch failed: the resource is absent (404 / no file) or the source is unreachable. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'unreachable' | 'too-large' | 'malformed',
  ) {
    super(message);
  }
}

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  onProgress?: (received: number, total: number | undefined) => void;
  headers?: Record<string, string>;
}

/** Turns a path or URL given by the user into a URL (`./reg` -> `file:///abs/reg`). */
export function toRegistryUrl(spec: string, cwd = process.cwd()): string {
  if (/^(https?|file):\/\//i.test(spec)) return spec.replace(/\/+$/, '');
  // `ftp://host` is not a relative directory named `ftp:` (specs/registry.md).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw new MarketplaceError('E012', `unsupported registry URL ${spec}`, { hint: 'a registry is a directory, a file:// URL or an http(s):// URL' });
  }
  const abs = isAbsolute(spec) ? spec : resolve(cwd, spec);
  return pathToFileURL(abs).href.replace(/\/+$/, '');
}

export function joinUrl(base: string, rel: string): string {
  return `${base.replace(/\/+$/, '')}/${rel.split('/').map(encodeURIComponent).join('/')}`;
}

export function isFileUrl(url: string): boolean {
  return url.startsWith('file://');
}

/**
 * A `file://` registry must name a directory: a missing path or a file there is a mistake in
 * --registry or the config, not an empty registry (an existing directory without index.json is
 * an empty one).
 */
export function checkRegistryDirectory(url: string, name: string): void {
  if (!isFileUrl(url)) return;
  const dir = fileURLToPath(url);
  const hint = 'pass --registry with a registry directory or URL (publish creates a registry directory)';
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new MarketplaceError('E012', `registry ${name}: no such directory ${dir}`, { hint });
  }
  if (!isDir) throw new MarketplaceError('E012', `registry ${name}: ${dir} is not a directory`, { hint });
}

/** The directory of a `file://` registry URL. */
export function fileUrlPath(url: string): string {
  return fileURLToPath(url);
}

/** Fetches bytes from `file://` or `http(s)://`, bounded in time and size. */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  if (isFileUrl(url)) {
    const path = fileURLToPath(url);
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new FetchError(`not a file: ${path}`, 'not-found');
      size = st.size;
    } catch (e) {
      if (e instanceof FetchError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw new FetchError(`${path}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'not found' : (e as Error).message}`, code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : 'unreachable');
    }
    if (size > maxBytes) throw new FetchError(`${path} is larger than ${maxBytes} bytes`, 'too-large');
    const data = new Uint8Array(readFileSync(path));
    options.onProgress?.(data.length, data.length);
    return data;
  }
  if (!/^https?:\/\//i.test(url)) throw new FetchError(`unsupported URL scheme: ${url}`, 'unreachable');
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000), headers: options.headers ?? {}, redirect: 'follow' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const why = err.name === 'TimeoutError' ? 'timed out' : (err.cause?.code ?? err.message);
    throw new FetchError(`${url}: ${why}`, 'unreachable');
  }
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`${url}: HTTP ${res.status}`, 'not-found');
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`${url}: HTTP ${res.status}`, 'unreachable');
  }
  const lenHeader = res.headers.get('content-length');
  const total = lenHeader && /^\d+$/.test(lenHeader) ? Number(lenHeader) : undefined;
  if (total !== undefined && total > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`${url} is larger than ${maxBytes} bytes`, 'too-large');
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      if (received > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new FetchError(`${url} is larger than ${maxBytes} bytes`, 'too-large');
      }
      chunks.push(value);
      options.onProgress?.(received, total);
    }
  } catch (e) {
    if (e instanceof FetchError) throw e;
    throw new FetchError(`${url}: ${(e as Error).message}`, 'unreachable');
  }
  return concat(chunks);
}

export async function fetchJson<T>(url: string, options: FetchOptions = {}): Promise<T> {
  const bytes = await fetchBytes(url, { maxBytes: 16 * 1024 * 1024, ...options });
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch (e) {
    throw new FetchError(`${url}: invalid JSON (${(e as Error).message})`, 'malformed');
  }
}
