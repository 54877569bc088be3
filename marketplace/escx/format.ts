/** Constants of the `.escx` binary layout (MARKETPLACE.md §1.1-§1.5). */
export const MAGIC = new Uint8Array([0x45, 0x53, 0x43, 0x58]); // "ESCX"
export const FORMAT_MAJOR = 0;
export const FORMAT_MINOR = 1;
export const HEADER_SIZE = 24;
export const ENTRY_SIZE = 32;
export const TRAILER_SIZE = 4732;
export const ATTESTATION_SIZE = 4840;
export const HASH12 = 12;
/** Packages must be smaller than 50 MB (E011); MB = 2^20 B. */
export const MAX_PACKAGE_BYTES = 50 * 1024 * 1024;
/** Total raw (decoded) section bytes (E011). */
export const MAX_RAW_TOTAL = 256 * 1024 * 1024;

export const SectionType = {
  manifest: 0x0001,
  domain: 0x0002,
  lsp: 0x0003,
  docs: 0x0004,
  tests: 0x0005,
  license: 0x0006,
  attestation: 0x0007,
  fpga: 0x0008,
  widgets: 0x0009,
} as const;

export const SECTION_NAMES: Record<number, string> = {
  1: 'manifest',
  2: 'domain.escx',
  3: 'lsp.escx',
  4: 'docs',
  5: 'tests',
  6: 'LICENSE',
  7: 'attestation.q',
  8: 'fpga',
  9: 'widgets',
};

export const REQUIRED_SECTIONS = [SectionType.manifest, SectionType.domain, SectionType.license, SectionType.attestation];
/** Sections that must be stored uncompressed. */
export const UNCOMPRESSED_ONLY = new Set<number>([SectionType.manifest, SectionType.license, SectionType.attestation]);

export const Compression = { none: 0, deflate: 1, brotli: 2 } as const;

export const HeaderFlag = {
  HAS_FPGA: 1 << 0,
  HAS_TESTS: 1 << 1,
  HAS_DOCS: 1 << 2,
  HAS_LSP: 1 << 3,
  STRIPPED: 1 << 4,
  HAS_WIDGETS: 1 << 5,
} as const;

/** Which presence flag each optional section sets. */
export const PRESENCE_FLAGS: [number, number][] = [
  [SectionType.fpga, HeaderFlag.HAS_FPGA],
  [SectionType.tests, HeaderFlag.HAS_TESTS],
  [SectionType.docs, HeaderFlag.HAS_DOCS],
  [SectionType.lsp, HeaderFlag.HAS_LSP],
  [SectionType.widgets, HeaderFlag.HAS_WIDGETS],
];

export interface SectionEntry {
  type: number;
  offset: number;
  storedSize: number;
  rawSize: number;
  compression: number;
  hash12: Uint8Array;
  /** The bytes as stored (a view into the file). */
  stored: Uint8Array;
}

export interface Trailer {
  root: Uint8Array;
  signature: Uint8Array;
  keyId: string;
  signedAt: bigint;
  version: number;
}

export interface EscxFile {
  bytes: Uint8Array;
  formatMajor: number;
  formatMinor: number;
  flags: number;
  sections: SectionEntry[];
  trailer: Trailer;
}
