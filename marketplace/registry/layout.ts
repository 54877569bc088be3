/**
 * The static registry layout (MARKETPLACE.md §3.4, specs/registry.md): plain files any HTTP
 * server or CDN can serve. Paths are relative to the registry root.
 */
export const REGISTRY_FORMAT = 1;

export interface VersionEntry {
  version: string;
  published_at: number;
  checksum_sha3: string;
  signature_pubkey_id: string;
  yanked: boolean;
  estream_min_version: string;
  /** Relative to the registry root, so every mirror serves the same path. */
  archive_url: string;
  // Additive fields: what the solver needs without fetching each version's manifest.
  estream_max_version: string;
  api_version: string;
  size_bytes: number;
  dependencies: { name: string; requirement: string; optional: boolean }[];
  status: 'active' | 'deprecated' | 'sunset';
  sunset_date?: string;
  successor?: string;
  migration_guide?: string;
  yanked_at?: number;
  visibility: string;
  schemas_provides: string[];
  schemas_requires: string[];
}

export interface PackageMetadata {
  name: string;
  category: string;
  publisher: string;
  description: string;
  versions: VersionEntry[];
  latest: string;
  keywords: string[];
  badges: string[];
  stats: { downloads: number; rating: number };
  listing: string;
}

/** One line of the root index: enough to search and to find the metadata file. */
export interface IndexEntry {
  category: string;
  description: string;
  keywords: string[];
  publisher: string;
  latest: string;
  updated_at: number;
  badges: string[];
  downloads: number;
  rating: number;
  listing: string;
}

export interface RegistryIndex {
  format: number;
  name: string;
  updated_at: number;
  packages: Record<string, IndexEntry>;
}

export const INDEX_FILE = 'index.json';
export const REGISTRY_FILE = 'registry.json';

export const metadataPath = (category: string, name: string): string => `index/${category}/${name}/metadata.json`;
export const versionDir = (category: string, name: string, version: string): string => `index/${category}/${name}/${version}`;
export const blobPath = (checksumHex: string): string => `blobs/sha3-256/${checksumHex.slice(0, 2)}/${checksumHex}.escx`;
export const publisherPath = (name: string): string => `publishers/${name}.json`;
export const attesterPath = (idHex: string): string => `attesters/${idHex}.json`;
