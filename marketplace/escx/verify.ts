import { bytesEqual, sha3, toHex } from '../core/bytes.ts';
import { MarketplaceError } from '../core/errors.ts';
import type { Manifest } from '../manifest/manifest.ts';
import { merkleRoot } from '../signing/merkle.ts';
import { mldsaVerify } from '../signing/mldsa.ts';
import { signedMessage, Subject } from '../signing/signature.ts';
import { keyUsableAt, LOCAL_KEYS, type TrustStore } from '../signing/trust.ts';
import { attestationHashOf, attestationMessage, packageIdOf, sourceHash } from './attestation.ts';
import { BundleFlag } from './bundle.ts';
import { sectionLeaves } from './container.ts';
import { SectionType } from './format.ts';
import { openPackage, packageAttestation, packageBundle, packageManifest } from './read.ts';

export interface VerifyOptions {
  trust: TrustStore;
  /** Registry publication time (Unix s) the key status is judged against; default now. */
  publishedAt?: number;
  /** false = `--no-verify`: integrity is still checked, signatures are not. */
  checkSignatures?: boolean;
  label?: string;
}

export interface VerifyReport {
  name: string;
  version: string;
  manifest: Manifest;
  keyId: string;
  publisher: string | undefined;
  signedAt: number;
  merkleRoot: string;
  sha3: string;
  attester: string | undefined;
  signaturesChecked: boolean;
  /** Set when the signing key is one of the user's own keys rather than a registry's. */
  trustedBy?: 'local key';
  /** Set when valid but worth showing (a key revoked after publication). */
  flagged?: string;
}

/** Verifies a package in the order of MARKETPLACE.md §1.8; the first failure is thrown. */
export function verifyPackage(bytes: Uint8Array, options: VerifyOptions): VerifyReport {
  const checkSig = options.checkSignatures !== false;
  // Steps 1-3: size (E011), structure (E006), section hashes and decoded lengths (E006).
  const pkg = openPackage(bytes);
  // Step 4: manifest (E008).
  const manifest = packageManifest(pkg, options.label);
  // Step 5: attestation.
  const att = packageAttestation(pkg);
  if (!bytesEqual(att.packageId, packageIdOf(manifest.name))) throw new MarketplaceError('E006', `attestation package_id does not match ${manifest.name}`);
  if (att.version !== manifest.version) throw new MarketplaceError('E006', `attestation version ${att.version} does not match manifest version ${manifest.version}`);
  const domainRaw = pkg.raw.get(SectionType.domain)!;
  if (!bytesEqual(att.compiledHash, sha3(domainRaw))) throw new MarketplaceError('E006', 'attestation compiled_hash does not match domain.escx');
  const bundle = packageBundle(pkg);
  if (bundle.flags & BundleFlag.HAS_SOURCES) {
    if (!bytesEqual(att.sourceHash, sourceHash(bundle.files))) throw new MarketplaceError('E006', 'attestation source_hash does not match the packaged sources');
  }
  if (!bytesEqual(att.attestationHash, attestationHashOf(att.sourceHash, att.compiledHash))) throw new MarketplaceError('E006', 'attestation_hash does not recompute');
  const attesterHex = toHex(att.attesterId);
  const attester = options.trust.attester(attesterHex);
  if (checkSig) {
    if (!attester) throw new MarketplaceError('E007', `attester ${attesterHex.slice(0, 16)}… is not a registered compiler identity`);
    if (!mldsaVerify(att.witnessSignature, attestationMessage(att.type, att.packageId, att.version, att.attestationHash), attester.publicKey)) {
      throw new MarketplaceError('E005', 'attestation witness signature is invalid');
    }
  }
  // Step 6: Merkle root.
  const root = merkleRoot(sectionLeaves(pkg.file));
  const trailer = pkg.file.trailer;
  if (!bytesEqual(root, trailer.root)) throw new MarketplaceError('E006', 'Merkle root of the sections does not match the trailer');
  // Step 7: trailer version, key id, registration, key status.
  if (trailer.version !== 1) throw new MarketplaceError('E006', `unsupported trailer version ${trailer.version}`);
  if (!trailer.keyId) throw new MarketplaceError('E007', 'trailer key_id is malformed');
  if (manifest.publisher.signingKeyId !== trailer.keyId) {
    throw new MarketplaceError('E007', `package is signed with key "${trailer.keyId}" but the manifest names "${manifest.publisher.signingKeyId ?? ''}"`);
  }
  const report: VerifyReport = {
    name: manifest.name,
    version: manifest.version,
    manifest,
    keyId: trailer.keyId,
    publisher: manifest.publisher.name,
    signedAt: Number(trailer.signedAt),
    merkleRoot: toHex(root),
    sha3: toHex(sha3(bytes)),
    attester: attester?.name,
    signaturesChecked: checkSig,
  };
  if (!checkSig) return report;
  const key = options.trust.key(trailer.keyId, manifest.publisher.name);
  if (!key) throw new MarketplaceError('E007', `signing key "${trailer.keyId}" is not registered${manifest.publisher.name ? ` for publisher ${manifest.publisher.name}` : ''}`);
  // The user's own keys vouch for what they sign; show the manifest's publisher then.
  if (key.publisher !== LOCAL_KEYS) report.publisher = key.publisher;
  else report.trustedBy = 'local key';
  const usable = keyUsableAt(key.record, options.publishedAt ?? Math.floor(Date.now() / 1000));
  if (!usable.ok) throw new MarketplaceError('E005', usable.reason ?? 'key unusable for this publication');
  if (usable.flagged) report.flagged = usable.flagged;
  // Step 8: ML-DSA-87 over the 128-byte message rebuilt from the recomputed root.
  const message = signedMessage(Subject.escxSections, pkg.file.sections.length, root, trailer.keyId, trailer.signedAt);
  if (!mldsaVerify(trailer.signature, message, key.publicKey)) throw new MarketplaceError('E005', 'ML-DSA-87 publisher signature is invalid');
  return report;
}
