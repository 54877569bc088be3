import { sha3, toHex } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { openPackage, packageAttestation } from '../escx/read.ts';
import { SectionType } from '../escx/format.ts';
import type { RegistryClient } from '../registry/client.ts';
import { RegistryDirectory } from '../registry/directory.ts';
import { attesterPath, publisherPath, versionDir, type PackageMetadata } from '../registry/layout.ts';
import { solve } from '../resolve/solver.ts';
import { signatureJson } from '../signing/signature.ts';
import { parseCliSpec, requirementError } from '../version/semver.ts';

export interface ExportReport {
  output: string;
  packages: { name: string; version: string; checksum: string }[];
}

/**
 * `export <pkg>... --output <dir>` (§3.4 offline): the whole dependency closure, verified,
 * written as a static registry that `install --from <dir>` (or any HTTP server) can serve.
 */
export async function exportClosure(client: RegistryClient, specs: string[], output: string, now = Math.floor(Date.now() / 1000)): Promise<ExportReport> {
  const reqs = specs.map(parseCliSpec);
  for (const r of reqs) {
    const e = requirementError(r.requirement);
    if (e) throw new MarketplaceError('E008', `${r.name}@${r.requirement}: ${e}`);
  }
  await client.loadClosure(reqs.map((r) => r.name));
  const result = solve(client.packageSource(), {
    root: 'export',
    requirements: reqs,
    platformVersion: client.config.platformVersion,
    toolchainApiVersion: client.config.apiVersion,
  });
  const out = new RegistryDirectory(output);
  const report: ExportReport = { output, packages: [] };
  const metas = new Map<string, PackageMetadata>();
  for (const [name, version] of [...result.selected].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const got = await client.download(name, version);
    const resolved = client.loaded(name)!;
    const entry = client.versionEntry(name, version)!;
    const pkg = openPackage(got.bytes);
    out.writeBytes(entry.archive_url, got.bytes);
    const vdir = versionDir(resolved.metadata.category, name, entry.version);
    out.writeBytes(`${vdir}/estream-component.toml`, pkg.raw.get(SectionType.manifest)!);
    out.writeBytes(`${vdir}/checksum.sha3`, Buffer.from(`${toHex(sha3(got.bytes))}\n`));
    out.writeBytes(`${vdir}/SIGNATURE.ml-dsa`, Buffer.from(signatureJson(pkg.file.trailer, pkg.file.sections.length)));
    const pub = await client.document<unknown>(resolved.registry, publisherPath(resolved.metadata.publisher));
    if (pub) out.writeJson(publisherPath(resolved.metadata.publisher), pub);
    const attHex = toHex(packageAttestation(pkg).attesterId);
    const att = await client.document<unknown>(resolved.registry, attesterPath(attHex));
    if (att) out.writeJson(attesterPath(attHex), att);
    const meta = metas.get(name) ?? { ...resolved.metadata, versions: [] };
    meta.versions.push({ ...entry });
    metas.set(name, meta);
    report.packages.push({ name, version: entry.version, checksum: entry.checksum_sha3 });
  }
  for (const meta of metas.values()) out.saveMetadata(meta, now);
  return report;
}
