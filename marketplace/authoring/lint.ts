import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnosticAt, fileDiagnostic, SourceFile, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import { locateKeys, pathKey } from '../manifest/toml-locate.ts';
import { listFilesRelative, matchGlobs, writeFileAtomic } from '../core/paths.ts';
import { LICENSE_FILES } from '../escx/pack.ts';
import { canonicalManifestText, loadManifestText, MANIFEST_FILE } from '../manifest/manifest.ts';
import { normaliseManifest, type Table } from '../manifest/dialects.ts';
import { licenseTextMatches, NAME_RE, priceToMicros, PRICE_RE, reservedPrefixOf } from '../manifest/rules.ts';
import { parse as parseToml } from 'smol-toml';
import { compareVersions, parseVersion } from '../version/semver.ts';

export interface LintReport {
  errors: number;
  warnings: number;
  info: number;
  escir_compatibility: 'compatible' | 'newer-than-toolchain' | 'unknown';
  manifest_valid: boolean;
  fixed: boolean;
  diagnostics: Diagnostic[];
}

const at = (file: string, code: string, severity: Diagnostic['severity'], message: string, hint?: string): Diagnostic => fileDiagnostic(severity, code, message, file, hint);

/**
 * `lint [path]` (MARKETPLACE.md §6): manifest and package rules L001-L015. `fix` rewrites an
 * older-dialect manifest in the canonical dialect (L008).
 */
export function lintPackage(dir: string, toolchainApi: string, fix = false): LintReport {
  const manifestPath = join(dir, MANIFEST_FILE);
  const ds: Diagnostic[] = [];
  const report = (): LintReport => {
    const count = (s: Diagnostic['severity']) => ds.filter((d) => d.severity === s).length;
    return { errors: count('error'), warnings: count('warning'), info: count('note'), escir_compatibility: compat, manifest_valid: valid, fixed, diagnostics: ds };
  };
  let compat: LintReport['escir_compatibility'] = 'unknown';
  let valid = false;
  let fixed = false;
  if (!existsSync(manifestPath)) {
    ds.push(at(manifestPath, 'L001', 'error', `no ${MANIFEST_FILE} found`));
    return report();
  }
  let text = readFileSync(manifestPath, 'utf8');
  let loaded = loadManifestText(text, manifestPath, 'dev');
  if (fix && loaded.dialect && loaded.dialect !== 'canonical' && !loaded.diagnostics.some((d) => d.severity === 'error' && d.code === 'E008' && /invalid TOML|mixed|conflicts/.test(d.message))) {
    text = canonicalManifestText(normaliseManifest(parseToml(text) as Table).data);
    writeFileAtomic(manifestPath, text);
    loaded = loadManifestText(text, manifestPath, 'dev');
    fixed = true;
  }
  for (const d of loaded.diagnostics) {
    if (d.code === 'E008') {
      const code = /packages need an? \[|missing required key fpga\.resource_estimate/.test(d.message)
        ? 'L005'
        : /lifecycle\.(sunset_date|successor)/.test(d.message) && /missing required/.test(d.message)
          ? 'L007'
          : 'L001';
      ds.push({ ...d, code });
    } else ds.push(d);
  }
  const m = loaded.manifest;
  valid = m !== undefined;
  // Findings about a manifest key point at the key when it is written.
  const source = new SourceFile(manifestPath, text);
  const keys = locateKeys(text);
  const atKey = (path: string[], code: string, severity: Diagnostic['severity'], message: string, hint?: string): Diagnostic => {
    for (let n = path.length; n > 0; n--) {
      const span = keys.get(pathKey(path.slice(0, n)));
      if (span) return diagnosticAt(severity, code, message, { file: source, ...span }, hint ? { hint } : {});
    }
    return at(manifestPath, code, severity, message, hint);
  };
  const files = existsSync(dir) ? listFilesRelative(dir) : [];
  const has = (f: string) => files.includes(f);
  // L002 name and reserved prefix (E009 at publish: lint cannot know whether the publisher is official).
  const rawName = m?.name;
  if (rawName !== undefined) {
    if (!NAME_RE.test(rawName)) ds.push(atKey(['package', 'name'], 'L002', 'error', `invalid package name ${rawName}`));
    const prefix = reservedPrefixOf(rawName);
    if (prefix) ds.push(atKey(['package', 'name'], 'L002', 'warning', `the "${prefix}" prefix is reserved for official publishers`, 'publishing fails with E009 unless your publisher is official'));
  }
  // L003 LICENSE
  const licenseFile = LICENSE_FILES.find(has);
  if (!licenseFile) ds.push(at(manifestPath, 'L003', 'error', 'LICENSE file missing'));
  else if (m && !licenseTextMatches(m.license, readFileSync(join(dir, licenseFile), 'utf8'))) ds.push(at(join(dir, licenseFile), 'L003', 'error', `${licenseFile} does not match SPDX "${m.license}"`));
  // L004 README
  const readme = m?.readme ?? 'README.md';
  if (!has(readme)) ds.push(at(manifestPath, 'L004', 'error', `README missing: ${readme}`));
  if (!m) return report();
  // L006 explicit globs
  for (const kind of m.explicitInclude) for (const g of m.include[kind]!) if (matchGlobs(files, [g]).length === 0) ds.push(atKey(['include', kind], 'L006', 'error', `include.${kind} glob "${g}" matches no file`));
  // L010 publish-only fields
  const missing = [!m.publisher.id && 'publisher.id', !m.publisher.name && 'publisher.name', !m.publisher.signingKeyId && 'publisher.signing_key_id', !m.escir.apiVersion && 'escir.api_version'].filter(Boolean);
  if (missing.length) ds.push(atKey(['publisher'], 'L010', 'warning', `fields required to publish are missing: ${missing.join(', ')}`));
  // L015 / escir compatibility
  const api = m.escir.apiVersion ? parseVersion(m.escir.apiVersion) : undefined;
  const tool = parseVersion(toolchainApi)!;
  if (api) {
    const newer = api.major !== tool.major ? api.major > tool.major : compareVersions(api, tool) > 0;
    compat = newer ? 'newer-than-toolchain' : 'compatible';
    if (newer) ds.push(atKey(['escir', 'api_version'], 'L015', 'error', `escir.api_version ${m.escir.apiVersion} is newer than this toolchain's ${toolchainApi}`));
  }
  // L011 telemetry metrics observed by some circuit; L012 golden vectors per circuit.
  const circuitFiles = matchGlobs(files, [...m.include.circuits!, 'circuits/**/*.escir.yaml']);
  const circuitText = circuitFiles.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const metrics = ((m.data.telemetry as Table | undefined)?.metrics as unknown[] | undefined) ?? [];
  for (const metric of metrics) if (typeof metric === 'string' && !circuitText.includes(metric)) ds.push(atKey(['telemetry', 'metrics'], 'L011', 'error', `telemetry metric "${metric}" is not observed by any circuit`));
  const golden = files.filter((f) => f.startsWith('tests/golden/'));
  const goldenText = golden.filter((f) => /\.(toml|json)$/.test(f)).map((f) => `${f}\n${readFileSync(join(dir, f), 'utf8')}`).join('\n');
  for (const f of circuitFiles) {
    const name = f.slice(f.lastIndexOf('/') + 1).replace(/\.(fl|fld|flj|escir\.yaml)$/, '');
    if (!goldenText.includes(name)) ds.push(at(join(dir, f), 'L012', 'warning', `circuit ${name} has no golden test vectors in tests/golden/`));
  }
  // L008 is reported by the manifest loader; L013, L014 are information.
  if (!has(m.lifecycle.changelog)) ds.push(at(manifestPath, 'L013', 'note', `${m.lifecycle.changelog} missing`));
  const pricing = (m.data.pricing ?? {}) as Table;
  if (typeof pricing.share_price === 'string' && typeof pricing.private_price === 'string' && PRICE_RE.test(pricing.share_price) && PRICE_RE.test(pricing.private_price)) {
    const share = priceToMicros(pricing.share_price);
    const priv = priceToMicros(pricing.private_price);
    if (share > 0n && (priv * 100n < share * 120n || priv * 100n > share * 150n)) ds.push(atKey(['pricing', 'private_price'], 'L014', 'note', 'private_price is outside the guidance of share_price +20..50%'));
  }
  return report();
}
