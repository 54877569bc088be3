import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { CliError } from '../../cli/errors.ts';
import { sha3Hex, toHex } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { isDirectory, listFilesRelative, writeFileAtomic } from '../core/paths.ts';
import { lintPackage } from '../authoring/lint.ts';
import { scaffoldPackage } from '../authoring/scaffold.ts';
import { defaultTimestamp, packDirectory } from '../escx/pack.ts';
import { buildSourceArchive, CHECKSUM_FILE, SIGNATURE_FILE, sourceLayoutPaths, verifySourceArchive, verifySourceFiles, type SourceSignature } from '../escx/source-archive.ts';
import { describePackage, openPackage, sectionArchive, packageAttestation } from '../escx/read.ts';
import { unpackPackage } from '../escx/unpack.ts';
import { verifyPackage } from '../escx/verify.ts';
import { SectionType } from '../escx/format.ts';
import { loadManifestText } from '../manifest/manifest.ts';
import { generateSigningKey, loadOrCreateAttesterKey, saveSigningKey, defaultKeyPath } from '../signing/keys.ts';
import { loadLocalTrust, TrustStore, type AttesterRecord, type PublisherRecord } from '../signing/trust.ts';
import { attesterPath, publisherPath } from '../registry/layout.ts';
import { configFor, clientFor, readPackageFile, signingKeyFor } from './context.ts';
import { info, printJson, printLines, ProgressBar, renderDiagnosticsText, table, wantsJson, type GlobalOptions } from './output.ts';

export function keygenCommand(g: GlobalOptions, o: { keyId?: string; out?: string; force?: boolean }): void {
  const user = (() => {
    try {
      return userInfo().username.replace(/[^A-Za-z0-9._-]/g, '') || 'publisher';
    } catch {
      return 'publisher';
    }
  })();
  const keyId = o.keyId ?? `${user}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
  const path = resolve(o.out ?? configFor(g).defaultKey ?? defaultKeyPath());
  if (isDirectory(path)) {
    throw new CliError(`--out ${path} is a directory; name the key file, e.g. --out ${join(path, 'signing-key.pem')}`);
  }
  const key = generateSigningKey(keyId);
  const saved = saveSigningKey(key, path, o.force === true);
  const result = { key_id: keyId, algorithm: 'ML-DSA-87', private_key: saved.privatePath, public_key: saved.publicPath, fingerprint: sha3Hex(key.publicKey).slice(0, 32) };
  if (wantsJson(g)) printJson(result);
  else printLines([`Generated ML-DSA-87 key ${keyId}`, `  private key  ${saved.privatePath} (keep it secret)`, `  public key   ${saved.publicPath}`, `  fingerprint  ${result.fingerprint}`, `Set publisher.signing_key_id = "${keyId}" in your manifest.`]);
}

export function scaffoldCommand(g: GlobalOptions, category: string, name: string, o: { author?: string; license?: string; lang?: string; dir?: string }): void {
  // `-o` is the output directory here (§6), unless it names an output format.
  const dirOpt = o.dir ?? (g.outputFormat && g.outputFormat !== 'json' && g.outputFormat !== 'table' ? g.outputFormat : undefined);
  const dir = resolve(dirOpt ?? `./${name.replace(/^@[^/]+\//, '')}`);
  if (o.lang !== undefined && o.lang !== 'fastlang' && o.lang !== 'escir') throw new MarketplaceError('E008', `--lang must be fastlang or escir, not ${o.lang}`);
  const files = scaffoldPackage({ category, name, dir, ...(o.author ? { author: o.author } : {}), ...(o.license ? { license: o.license } : {}), ...(o.lang ? { lang: o.lang as 'fastlang' | 'escir' } : {}) });
  if (wantsJson(g)) printJson({ directory: dir, files });
  else printLines([`Created ${category} package ${name} in ${dir}`, ...files.map((f) => `  ${f}`)]);
}

export function packCommand(g: GlobalOptions, path: string | undefined, o: { key?: string; out?: string; source?: boolean }): void {
  const dir = resolve(path ?? '.');
  if (!isDirectory(dir)) throw new MarketplaceError('E008', `${dir} is not a package directory`);
  const signingKey = signingKeyFor(g, o.key);
  if (o.source) return packSource(g, dir, signingKey, o.out);
  const attesterKey = loadOrCreateAttesterKey();
  const bar = new ProgressBar(g);
  const r = packDirectory(dir, { signingKey, attesterKey, onProgress: (d, t, step) => bar.update(`packing ${step}`, d, t, 'steps') });
  bar.done();
  // `--out DIR` (an existing directory) puts the default file name inside it, as cp does.
  const fileName = `${r.manifest.name.replace(/^@/, '').replace('/', '-')}-${r.manifest.version}.escx`;
  const file = o.out === undefined ? resolve(fileName) : isDirectory(o.out) ? resolve(o.out, fileName) : resolve(o.out);
  writeFileAtomic(file, r.bytes);
  const result = { file, name: r.manifest.name, version: r.manifest.version, size: r.bytes.length, sha3_256: sha3Hex(r.bytes), stripped: r.stripped, key_id: signingKey.keyId, warnings: r.plan.warnings };
  if (wantsJson(g)) printJson(result);
  else {
    for (const w of r.plan.warnings) process.stderr.write(`warning: ${w}\n`);
    printLines([`Packed ${r.manifest.name} ${r.manifest.version} -> ${file}`, `  ${r.bytes.length} bytes, sha3-256 ${result.sha3_256}`, `  signed with ${signingKey.keyId}`]);
  }
}

/** `pack --source`: package.tar.gz + checksum.sha3 + SIGNATURE.ml-dsa (§1.6) into a directory. */
function packSource(g: GlobalOptions, dir: string, key: ReturnType<typeof signingKeyFor>, out: string | undefined): void {
  const name = loadManifestText(readFileSync(join(dir, 'estream-component.toml'), 'utf8'), 'estream-component.toml', 'dev').manifest;
  const target = resolve(out ?? `${(name?.name ?? 'package').replace(/^@/, '').replace('/', '-')}-${name?.version ?? '0.0.0'}-source`);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new CliError(`--out ${target} is a file; pack --source writes a directory`);
  const r = buildSourceArchive(dir, key, defaultTimestamp());
  writeFileAtomic(join(target, 'package.tar.gz'), r.archive);
  writeFileAtomic(join(target, CHECKSUM_FILE), r.checksum);
  writeFileAtomic(join(target, SIGNATURE_FILE), `${JSON.stringify(r.signature, null, 2)}\n`);
  if (wantsJson(g)) return printJson({ directory: target, checksum: r.checksum.trim(), files: r.signature.files.length, key_id: key.keyId });
  printLines([`Wrote source archive to ${target}`, `  package.tar.gz  ${r.archive.length} bytes, ${r.signature.files.length} files`, `  signed with ${key.keyId}`]);
}

const SOURCE_VERDICT_CODES: Record<string, 'E005' | 'E006' | 'E007'> = {
  TamperedFile: 'E006',
  MerkleRootMismatch: 'E006',
  UnknownKey: 'E007',
  ExpiredKey: 'E005',
  RevokedKey: 'E005',
  InvalidSignature: 'E005',
};

/** `verify <dir>` for a source archive directory or an unpacked source tree with SIGNATURE.ml-dsa. */
function verifySourceDir(g: GlobalOptions, dir: string): void {
  let sig: SourceSignature;
  try {
    sig = JSON.parse(readFileSync(join(dir, SIGNATURE_FILE), 'utf8')) as SourceSignature;
  } catch (e) {
    throw new MarketplaceError('E006', `${join(dir, SIGNATURE_FILE)} is not valid JSON: ${(e as Error).message}`);
  }
  const trust = loadLocalTrust(new TrustStore());
  const now = Math.floor(Date.now() / 1000);
  const archivePath = join(dir, 'package.tar.gz');
  const verdict = existsSync(archivePath)
    ? verifySourceArchive(readPackageFile(archivePath), existsSync(join(dir, CHECKSUM_FILE)) ? readFileSync(join(dir, CHECKSUM_FILE), 'utf8') : '', sig, trust, undefined, now)
    : verifySourceFiles(sourceLayoutPaths(listFilesRelative(dir)).map((p) => ({ path: p, data: new Uint8Array(readFileSync(join(dir, p))) })), sig, trust, undefined, now);
  if (verdict.result !== 'Valid') {
    const detail = 'path' in verdict ? `: ${verdict.path}` : 'keyId' in verdict ? `: ${verdict.keyId}` : '';
    throw new MarketplaceError(SOURCE_VERDICT_CODES[verdict.result]!, `source archive verification failed: ${verdict.result}${detail}`);
  }
  if (wantsJson(g)) return printJson({ target: dir, valid: true, result: verdict.result, key_id: verdict.keyId, files: sig.files.length, merkle_root: sig.merkle_root });
  printLines([`✓ ${dir}: Valid (source archive)`, `  files      ${sig.files.length}`, `  key        ${verdict.keyId}`, `  root       ${sig.merkle_root}`]);
}

/** Runs fn, naming the file in any marketplace error it throws (errors carry their location). */
function aboutFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MarketplaceError && !e.message.startsWith(file)) {
      throw new MarketplaceError(e.code, `${file}: ${e.message}`, { ...(e.hint ? { hint: e.hint } : {}), details: e.details, diagnostics: e.diagnostics });
    }
    throw e;
  }
}

export function inspectCommand(g: GlobalOptions, file: string): void {
  const d = aboutFile(file, () => describePackage(openPackage(readPackageFile(file))));
  if (wantsJson(g)) return printJson(d);
  const sections = d.sections as { id: number; name: string; offset: number; stored_size: number; raw_size: number; compression: string; hash12: string }[];
  const sig = d.signature as Record<string, unknown>;
  printLines([
    `${String(d.name)} ${String(d.version)} (${String(d.category)}), .escx ${String(d.format)}, ${String(d.size)} bytes`,
    `sha3-256 ${String(d.sha3_256)}`,
    ...table(['id', 'section', 'offset', 'stored', 'raw', 'compression', 'hash12'], sections.map((s) => [`0x${s.id.toString(16).padStart(4, '0')}`, s.name, String(s.offset), String(s.stored_size), String(s.raw_size), s.compression, s.hash12])),
    `signed by ${String(sig.key_id)} at ${new Date(Number(sig.signed_at) * 1000).toISOString()}, merkle root ${String(sig.merkle_root)}`,
    'files:',
    ...(d.files as { path: string; section: string; size: number }[]).map((f) => `  ${f.path} (${f.section}, ${f.size} B)`),
  ]);
}

export function unpackCommand(g: GlobalOptions, file: string, o: { out?: string; force?: boolean }): void {
  const target = resolve(o.out ?? '.');
  if (existsSync(target) && !statSync(target).isDirectory()) throw new CliError(`--out ${target} is a file; unpack writes into a directory`);
  const r = aboutFile(file, () => unpackPackage(readPackageFile(file), target, o.force === true));
  if (wantsJson(g)) printJson({ target, files: r.files });
  else printLines([`Unpacked ${r.files.length} files into ${target}`, ...r.files.map((f) => `  ${f.path}`)]);
}

/** Trust for verifying a local file: local keys, plus the configured registry's records. */
async function trustForFile(g: GlobalOptions, bytes: Uint8Array): Promise<TrustStore> {
  const trust = loadLocalTrust(new TrustStore());
  const config = configFor(g);
  if (config.sources.length === 0) return trust;
  const { client } = clientFor(g);
  let publisher: string | undefined;
  let attHex: string;
  try {
    const pkg = openPackage(bytes);
    const manifestText = Buffer.from(pkg.raw.get(SectionType.manifest)!).toString('utf8');
    publisher = loadManifestText(manifestText, 'estream-component.toml', 'dev').manifest?.publisher.name;
    attHex = toHex(packageAttestation(pkg).attesterId);
  } catch {
    return trust; // verifyPackage reports what is wrong with the file, in §1.8 order
  }
  for (const src of config.sources) {
    try {
      if (publisher) {
        const p = await client.document<PublisherRecord>(src, publisherPath(publisher));
        if (p) trust.addPublisher(p);
      }
      const a = await client.document<AttesterRecord>(src, attesterPath(attHex));
      if (a) trust.addAttester(a);
    } catch (e) {
      info(g, `registry ${src.name}: ${(e as Error).message}`);
    }
  }
  return trust;
}

export async function verifyCommand(g: GlobalOptions, target: string | undefined, o: { all?: boolean; fpga?: boolean }): Promise<void> {
  const results: Record<string, unknown>[] = [];
  const show = (label: string, bytes: Uint8Array, rep: ReturnType<typeof verifyPackage>) => {
    const r: Record<string, unknown> = { target: label, valid: true, name: rep.name, version: rep.version, publisher: rep.publisher, key_id: rep.keyId, signed_at: rep.signedAt, checksum: rep.sha3, merkle_root: rep.merkleRoot, attestation: rep.attester ?? 'unchecked' };
    if (rep.flagged) r.flagged = rep.flagged;
    if (rep.trustedBy) r.trusted_by = rep.trustedBy;
    if (o.fpga) r.fpga = sectionArchive(openPackage(bytes), SectionType.fpga).map((e) => ({ path: e.path, sha3_256: sha3Hex(e.data) }));
    results.push(r);
  };
  if (o.all) {
    const { readWorkspace } = await import('../workspace/lockfile.ts');
    const ws = readWorkspace(process.cwd());
    if (Object.keys(ws.lock).length === 0) {
      if (wantsJson(g)) return printJson([]);
      return printLines(['No packages to verify (no lock entries in estream-workspace.toml).']);
    }
    const { client } = clientFor(g);
    await client.loadClosure(Object.keys(ws.lock));
    for (const [name, e] of Object.entries(ws.lock)) {
      const got = await client.download(name, e.version);
      show(`${name}@${e.version}`, got.bytes, got.report);
    }
  } else if (target && isDirectory(target)) {
    if (!existsSync(join(target, SIGNATURE_FILE))) {
      throw new MarketplaceError('E006', `${target} is a directory without ${SIGNATURE_FILE}: neither an .escx file nor a source archive`);
    }
    return verifySourceDir(g, target);
  } else if (target && (target.endsWith('.escx') || existsSync(target))) {
    const bytes = readPackageFile(target);
    const trust = await trustForFile(g, bytes);
    show(target, bytes, aboutFile(target, () => verifyPackage(bytes, { trust, label: target })));
  } else if (target) {
    const { parseCliSpec } = await import('../version/semver.ts');
    const spec = parseCliSpec(target);
    const { client } = clientFor(g);
    const resolved = await client.resolvePackage(spec.name);
    if (!resolved) throw new MarketplaceError('E001', `${spec.name} is not in any configured registry`);
    const version = spec.requirement === '*' ? resolved.metadata.latest : spec.requirement.replace(/^=/, '');
    const got = await client.download(spec.name, version);
    show(`${spec.name}@${version}`, got.bytes, got.report);
  } else throw new MarketplaceError('E008', 'verify needs a package name, an .escx file, or --all');
  if (wantsJson(g)) return printJson(o.all ? results : results[0]);
  for (const r of results) {
    printLines([
      `✓ ${String(r.target)}: valid`,
      `  package    ${String(r.name)} ${String(r.version)}`,
      `  publisher  ${String(r.publisher ?? '')}  key ${String(r.key_id)}${r.trusted_by ? ` (${String(r.trusted_by)})` : ''}`,
      `  signed at  ${new Date(Number(r.signed_at) * 1000).toISOString()}`,
      `  checksum   sha3-256:${String(r.checksum)}`,
      `  root       ${String(r.merkle_root)}`,
      `  attested   ${String(r.attestation)}`,
      ...(r.flagged ? [`  warning    ${String(r.flagged)}`] : []),
      ...((r.fpga as { path: string; sha3_256: string }[] | undefined) ?? []).map((b) => `  bitstream  ${b.path} ${b.sha3_256}`),
    ]);
  }
}

export function lintCommand(g: GlobalOptions, path: string | undefined, o: { fix?: boolean; denyWarnings?: boolean }): void {
  const dir = resolve(path ?? '.');
  if (!isDirectory(dir)) throw new MarketplaceError('E008', `${dir} is not a package directory`);
  const r = lintPackage(dir, configFor(g).apiVersion, o.fix === true);
  const failed = r.errors > 0 || (o.denyWarnings === true && r.warnings > 0);
  if (wantsJson(g)) printJson({ errors: r.errors, warnings: r.warnings, info: r.info, escir_compatibility: r.escir_compatibility, manifest_valid: r.manifest_valid, fixed: r.fixed, diagnostics: r.diagnostics });
  else {
    if (r.diagnostics.length) process.stderr.write(`${renderDiagnosticsText(r.diagnostics)}\n\n`);
    printLines([`${r.errors} errors, ${r.warnings} warnings, ${r.info} info${r.fixed ? ' (manifest rewritten in the canonical dialect)' : ''}`, `manifest ${r.manifest_valid ? 'valid' : 'invalid'}, ESCIR compatibility: ${r.escir_compatibility}`]);
  }
  if (failed) process.exitCode = 1;
}
