import { sha3, toHex } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import { loadManifestText, type Manifest } from '../manifest/manifest.ts';
import { decodeAttestation, type Attestation } from './attestation.ts';
import { BundleFormatError, readBundle, type Bundle } from './bundle.ts';
import { checkSectionHashes, parseEscx } from './container.ts';
import { MAX_RAW_TOTAL, SECTION_NAMES, SectionType, type EscxFile } from './format.ts';
import { readUstar, TarFormatError, type TarEntry } from './ustar.ts';

/** A package after the integrity steps (§1.8 steps 1-3): structure checked, sections decoded. */
export interface OpenedPackage {
  file: EscxFile;
  raw: Map<number, Uint8Array>;
}

export function openPackage(bytes: Uint8Array): OpenedPackage {
  const file = parseEscx(bytes);
  return { file, raw: checkSectionHashes(file) };
}

/** Manifest of an opened package (§1.8 step 4; E008 with positioned diagnostics). */
export function packageManifest(pkg: OpenedPackage, label = 'manifest'): Manifest {
  const text = Buffer.from(pkg.raw.get(SectionType.manifest)!).toString('utf8');
  const r = loadManifestText(text, `${label}#estream-component.toml`, 'publish');
  if (!r.manifest) {
    const first = r.diagnostics.find((d) => d.severity === 'error');
    throw new MarketplaceError('E008', `embedded manifest is invalid${first ? `: ${first.message}` : ''}`, { diagnostics: r.diagnostics });
  }
  return r.manifest;
}

export function packageAttestation(pkg: OpenedPackage): Attestation {
  const a = decodeAttestation(pkg.raw.get(SectionType.attestation)!);
  if (typeof a === 'string') throw new MarketplaceError('E006', a);
  return a;
}

export function packageBundle(pkg: OpenedPackage): Bundle {
  try {
    return readBundle(pkg.raw.get(SectionType.domain)!);
  } catch (e) {
    if (e instanceof BundleFormatError) throw new MarketplaceError('E006', e.message);
    throw e;
  }
}

export function sectionArchive(pkg: OpenedPackage, type: number): TarEntry[] {
  const raw = pkg.raw.get(type);
  if (!raw) return [];
  try {
    return readUstar(raw, MAX_RAW_TOTAL);
  } catch (e) {
    if (e instanceof TarFormatError) throw new MarketplaceError('E006', `section ${SECTION_NAMES[type]}: ${e.message}`);
    throw e;
  }
}

/** Every file the package would unpack to, path-checked and with no path twice. */
export function packageFiles(pkg: OpenedPackage): { path: string; data: Uint8Array; section: string }[] {
  const out: { path: string; data: Uint8Array; section: string }[] = [];
  out.push({ path: 'estream-component.toml', data: pkg.raw.get(SectionType.manifest)!, section: 'manifest' });
  for (const f of packageBundle(pkg).files) out.push({ ...f, section: 'domain.escx' });
  const lsp = pkg.raw.get(SectionType.lsp);
  if (lsp) out.push({ path: 'lsp.json', data: lsp, section: 'lsp.escx' });
  for (const t of [SectionType.docs, SectionType.tests, SectionType.fpga, SectionType.widgets]) {
    for (const e of sectionArchive(pkg, t)) out.push({ path: e.path, data: e.data, section: SECTION_NAMES[t]! });
  }
  out.push({ path: 'LICENSE', data: pkg.raw.get(SectionType.license)!, section: 'LICENSE' });
  const seen = new Map<string, string>();
  for (const f of out) {
    const prev = seen.get(f.path);
    if (prev) throw new MarketplaceError('E006', `path ${f.path} appears in both ${prev} and ${f.section}`);
    seen.set(f.path, f.section);
  }
  return out;
}

/** A JSON-ready description of a package (`inspect`). */
export function describePackage(pkg: OpenedPackage): Record<string, unknown> {
  const { file } = pkg;
  const att = decodeAttestation(pkg.raw.get(SectionType.attestation)!);
  const manifestText = Buffer.from(pkg.raw.get(SectionType.manifest)!).toString('utf8');
  const m = loadManifestText(manifestText, 'estream-component.toml', 'dev').manifest;
  return {
    format: `${file.formatMajor}.${file.formatMinor}`,
    size: file.bytes.length,
    sha3_256: toHex(sha3(file.bytes)),
    flags: file.flags,
    name: m?.name,
    version: m?.version,
    category: m?.category,
    sections: file.sections.map((s) => ({
      id: s.type,
      name: SECTION_NAMES[s.type],
      offset: s.offset,
      stored_size: s.storedSize,
      raw_size: s.rawSize,
      compression: ['none', 'deflate', 'brotli'][s.compression],
      hash12: toHex(s.hash12),
    })),
    attestation:
      typeof att === 'string'
        ? { error: att }
        : {
            type: att.type,
            package_id: toHex(att.packageId),
            version: att.version,
            compiler_version: att.compilerVersion,
            api_version: att.apiVersion,
            source_hash: toHex(att.sourceHash),
            compiled_hash: toHex(att.compiledHash),
            attester_id: toHex(att.attesterId),
            attested_at: Number(att.attestedAt),
          },
    signature: { key_id: file.trailer.keyId, signed_at: Number(file.trailer.signedAt), merkle_root: toHex(file.trailer.root), version: file.trailer.version },
    files: packageFiles(pkg).map((f) => ({ path: f.path, section: f.section, size: f.data.length })),
  };
}
