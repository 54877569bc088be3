/**
 * Content-hash artefact cache (STYLE.md: keyed by everything that changes the output). The
 * key combines a caller-provided content key (e.g. SHA3 of the program's sources), the
 * compiler and ABI versions and the options. Entries are `<key>.wasm` + `<key>.json`, written
 * atomically; an entry whose wasm does not match its recorded hash is ignored.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha3_256 } from '@noble/hashes/sha3.js';
import type { IrModule } from '../ir/ir.ts';
import { ABI_VERSION, COMPILER_VERSION, compileModule, type CompileOptions, type CompiledModule } from './index.ts';
import type { ModuleMeta } from './meta.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export function cacheKey(contentKey: string, options: CompileOptions): string {
  const material = JSON.stringify({ contentKey, compiler: COMPILER_VERSION, abi: ABI_VERSION, optLevel: options.optLevel, witness: options.witness ?? true });
  return hex(sha3_256(new TextEncoder().encode(material)));
}

interface Entry {
  wasmSha3: string;
  meta: ModuleMeta;
}

export class ArtifactCache {
  constructor(readonly dir: string) {}

  async get(key: string): Promise<CompiledModule | undefined> {
    try {
      const [wasm, json] = await Promise.all([readFile(join(this.dir, `${key}.wasm`)), readFile(join(this.dir, `${key}.json`), 'utf8')]);
      const entry = JSON.parse(json) as Entry;
      const bytes = new Uint8Array(wasm);
      if (entry.wasmSha3 !== hex(sha3_256(bytes))) return undefined;
      return { wasm: bytes, meta: entry.meta };
    } catch {
      return undefined;
    }
  }

  async put(key: string, compiled: CompiledModule): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const entry: Entry = { wasmSha3: hex(sha3_256(compiled.wasm)), meta: compiled.meta };
    const tmp = `.${key}.${process.pid}.tmp`;
    await writeFile(join(this.dir, `${tmp}.wasm`), compiled.wasm);
    await writeFile(join(this.dir, `${tmp}.json`), JSON.stringify(entry));
    // The json is renamed last: a reader that finds it also finds the matching wasm.
    await rename(join(this.dir, `${tmp}.wasm`), join(this.dir, `${key}.wasm`));
    await rename(join(this.dir, `${tmp}.json`), join(this.dir, `${key}.json`));
  }
}

/** Compile unless an entry for (contentKey, options) exists. */
export async function compileCached(
  ir: IrModule | (() => IrModule | Promise<IrModule>),
  contentKey: string,
  options: CompileOptions,
  cache: ArtifactCache,
): Promise<{ compiled: CompiledModule; hit: boolean; key: string }> {
  const key = cacheKey(contentKey, options);
  const hit = await cache.get(key);
  if (hit) return { compiled: hit, hit: true, key };
  const module = typeof ir === 'function' ? await ir() : ir;
  const compiled = await compileModule(module, options);
  await cache.put(key, compiled);
  return { compiled, hit: false, key };
}
