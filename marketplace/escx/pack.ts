import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareBytes, sha3, utf8 } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { listFilesRelative, matchGlobs } from '../core/paths.ts';
import { canonicalManifestText, MANIFEST_FILE, parseManifestOrThrow, type Manifest } from '../manifest/manifest.ts';
import { licenseTextMatches } from '../manifest/rules.ts';
import { attesterIdOf, type SigningKey } from '../signing/keys.ts';
import { mldsaSign } from '../signing/mldsa.ts';
import { attestationHashOf, attestationMessage, AttestationType, encodeAttestation, packageIdOf, sourceHash } from './attestation.ts';
import { writeBundle, type BundleFile } from './bundle.ts';
import { compressForStorage } from './compress.ts';
import { writeEscx, type SectionInput } from './container.ts';
import { MAX_PACKAGE_BYTES, SectionType } from './format.ts';
import { writeUstar, type TarEntry } from './ustar.ts';
import { wasmHasDebugInfo } from './wasm-strip.ts';

/** The toolchain version written as `compiler_version` in attestations. */
export const COMPILER_VERSION = '0.1.0';

export const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'];

export interface PackOptions {
  signingKey: SigningKey;
  attesterKey: SigningKey;
  /** Unix seconds for signed_at/attested_at; default SOURCE_DATE_EPOCH, else now. */
  timestamp?: number;
  /** Called once per finished step, for a progress bar. */
  onProgress?: (done: number, total: number, step: string) => void;
}

/** Which package files go into which section (before any bytes are built). */
export interface PackPlan {
  manifest: Manifest;
  manifestText: string;
  domain: string[];
  docs: string[];
  tests: string[];
  fpga: string[];
  widgets: string[];
  license: string;
  lsp: string | undefined;
  /** All `.fl` sources (for source_hash), included in domain.escx or not. */
  fastlangSources: string[];
  warnings: string[];
}

const e008 = (msg: string, hint?: string) => new MarketplaceError('E008', msg, hint ? { hint } : {});

/** Decides the file → section assignment of a package directory (§1.2, §2.1 include globs). */
export function planPackage(dir: string): PackPlan {
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw e008(`no ${MANIFEST_FILE} in ${dir}`, 'create one with `estream marketplace scaffold`');
  const text = readFileSync(manifestPath, 'utf8');
  const { manifest, warnings } = parseManifestOrThrow(text, manifestPath, 'publish');
  const files = listFilesRelative(dir);
  const fileSet = new Set(files);
  const inc = manifest.include;
  for (const kind of manifest.explicitInclude) {
    for (const glob of inc[kind]!) {
      if (matchGlobs(files, [glob]).length === 0) throw e008(`include.${kind} glob "${glob}" matches no file`);
    }
  }
  if (!fileSet.has(manifest.readme)) throw e008(`README not found: ${manifest.readme}`, 'the docs section requires a README');
  const license = LICENSE_FILES.find((f) => fileSet.has(f));
  if (!license) throw e008('LICENSE file missing', 'add a LICENSE file whose text matches package.license');
  const licenseText = readFileSync(join(dir, license), 'utf8');
  if (!licenseTextMatches(manifest.license, licenseText)) throw e008(`${license} does not match the SPDX license "${manifest.license}"`);

  const taken = new Set<string>([MANIFEST_FILE, license]);
  const take = (list: string[]) => {
    const out = list.filter((f) => !taken.has(f));
    for (const f of out) taken.add(f);
    return out;
  };
  const circuitSources = matchGlobs(files, [...inc.circuits!, 'circuits/**/*.escir.yaml', 'circuits/**/*.escir.yml']);
  const sectionDirs = /^(tests|docs|fpga|widgets)\//;
  const wasm = files.filter((f) => f.endsWith('.wasm') && !sectionDirs.test(f));
  const schemas = matchGlobs(files, inc.schemas!);
  const open = manifest.visibility === 'open';
  const domain = take([...(open ? circuitSources : []), ...wasm, ...schemas].filter((f, i, a) => a.indexOf(f) === i));
  const docs = take([manifest.readme, ...(fileSet.has(manifest.lifecycle.changelog) ? [manifest.lifecycle.changelog] : []), ...matchGlobs(files, inc.docs!)]);
  const tests = take(matchGlobs(files, inc.tests!));
  const fpgaGlobs = manifest.explicitInclude.has('fpga') || manifest.category !== 'fpga-circuit' ? inc.fpga! : ['fpga/**'];
  const widgetGlobs = manifest.explicitInclude.has('widgets') || manifest.category !== 'console-widget' ? inc.widgets! : ['widgets/**'];
  const fpga = take(matchGlobs(files, fpgaGlobs));
  const widgets = take(matchGlobs(files, widgetGlobs));
  const lsp = fileSet.has('lsp.json') && !taken.has('lsp.json') ? 'lsp.json' : undefined;
  for (const s of manifest.schemasProvides) {
    const found = schemas.some((f) => f === s || f.endsWith(`/${s}`) || f.replace(/^.*\//, '').replace(/\.data\.yaml$|\.ya?ml$/, '') === s);
    if (!found) throw e008(`schemas.provides names "${s}", but no schema file matching it is included`);
  }
  if (domain.length === 0 && open) warnings.push({ severity: 'warning', code: 'L006', message: 'package carries no circuits, schemas or compiled modules', file: manifestPath, line: 1, column: 1, endLine: 1, endColumn: 1 });
  return {
    manifest,
    manifestText: manifest.dialect === 'canonical' ? text : canonicalManifestText(manifest.data),
    domain,
    docs,
    tests,
    fpga,
    widgets,
    license,
    lsp,
    fastlangSources: circuitSources.filter((f) => f.endsWith('.fl')),
    warnings: warnings.map((w) => `${w.file}:${w.line}:${w.column}: ${w.message} [${w.code}]`),
  };
}

/** Sorted-keys, whitespace-free JSON (the lsp.escx form of §1.2). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function defaultTimestamp(): number {
  const env = process.env.SOURCE_DATE_EPOCH;
  if (env && /^\d+$/.test(env)) return Number(env);
  return Math.floor(Date.now() / 1000);
}

export interface PackResult {
  bytes: Uint8Array;
  manifest: Manifest;
  plan: PackPlan;
  stripped: boolean;
  sourceHash: Uint8Array;
  compiledHash: Uint8Array;
}

/** Packs a package directory into a signed `.escx` (§1). */
export function packDirectory(dir: string, options: PackOptions): PackResult {
  const plan = planPackage(dir);
  const { manifest } = plan;
  if (manifest.publisher.signingKeyId !== undefined && manifest.publisher.signingKeyId !== options.signingKey.keyId) {
    throw new MarketplaceError('E007', `publisher.signing_key_id is "${manifest.publisher.signingKeyId}" but the signing key is "${options.signingKey.keyId}"`, {
      hint: 'sign with the key the manifest names (--key), or update publisher.signing_key_id',
    });
  }
  const read = (p: string) => new Uint8Array(readFileSync(join(dir, p)));
  const steps = 6;
  let done = 0;
  const progress = (step: string) => options.onProgress?.(++done, steps, step);

  const domainFiles: BundleFile[] = plan.domain.map((path) => ({ path, data: read(path) }));
  const stripped = !domainFiles.some((f) => f.path.endsWith('.wasm') && wasmHasDebugInfo(f.data));
  const apiVersion = manifest.escir.apiVersion ?? '';
  const domainRaw = writeBundle(domainFiles, apiVersion);
  progress('domain.escx');

  const sections: SectionInput[] = [];
  const add = (type: number, raw: Uint8Array, compressible: boolean) => {
    const { stored, compression } = compressForStorage(raw, compressible);
    sections.push({ type, raw, stored, compression });
  };
  add(SectionType.manifest, utf8(plan.manifestText), false);
  add(SectionType.domain, domainRaw, true);
  if (plan.lsp) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(dir, plan.lsp), 'utf8'));
    } catch (e) {
      throw e008(`lsp.json is not valid JSON: ${(e as Error).message}`);
    }
    add(SectionType.lsp, utf8(canonicalJson(parsed)), true);
  }
  const tar = (paths: string[]): Uint8Array => writeUstar(paths.map((path): TarEntry => ({ path, data: read(path) })));
  add(SectionType.docs, tar(plan.docs), true);
  if (plan.tests.length) add(SectionType.tests, tar(plan.tests), true);
  add(SectionType.license, read(plan.license), false);
  if (plan.fpga.length) add(SectionType.fpga, tar(plan.fpga), true);
  if (plan.widgets.length) add(SectionType.widgets, tar(plan.widgets), true);
  progress('sections');

  const timestamp = options.timestamp ?? defaultTimestamp();
  const packageId = packageIdOf(manifest.name);
  const srcHash = sourceHash(plan.fastlangSources.sort(compareBytes).map((path) => ({ path, data: read(path) })));
  const compiledHash = sha3(domainRaw);
  const attHash = attestationHashOf(srcHash, compiledHash);
  const witnessSignature = mldsaSign(attestationMessage(AttestationType.CompilerPoVC, packageId, manifest.version, attHash), options.attesterKey.secretKey);
  add(
    SectionType.attestation,
    encodeAttestation({
      packageId,
      version: manifest.version,
      type: AttestationType.CompilerPoVC,
      compilerVersion: COMPILER_VERSION,
      apiVersion,
      sourceHash: srcHash,
      compiledHash,
      attestationHash: attHash,
      witnessSignature,
      attesterId: attesterIdOf(options.attesterKey.publicKey),
      attestedAt: BigInt(timestamp),
    }),
    false,
  );
  progress('attestation');

  const bytes = writeEscx(sections, stripped, {
    keyId: options.signingKey.keyId,
    signedAt: timestamp,
    sign: (m) => mldsaSign(m, options.signingKey.secretKey),
  });
  progress('signature');
  if (bytes.length >= MAX_PACKAGE_BYTES) throw new MarketplaceError('E011', `package would be ${bytes.length} bytes; the limit is 50 MB`);
  progress('done');
  return { bytes, manifest, plan, stripped, sourceHash: srcHash, compiledHash };
}
