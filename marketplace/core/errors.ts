import type { Diagnostic } from '../../compiler/diagnostics/index.ts';

/** The marketplace error codes of MARKETPLACE.md §2.3. */
export const ERROR_NAMES = {
  E001: 'ComponentNotFound',
  E002: 'VersionNotFound',
  E003: 'VersionConflict',
  E004: 'CircularDependency',
  E005: 'SignatureInvalid',
  E006: 'ChecksumMismatch',
  E007: 'UnknownPublisher',
  E008: 'ManifestInvalid',
  E009: 'NameReserved',
  E010: 'VersionNotIncremented',
  E011: 'PackageTooLarge',
  E012: 'NetworkError',
  E013: 'CacheCorrupted',
  E014: 'SchemaConflict',
  E015: 'PermissionDenied',
} as const;

export type MarketplaceCode = keyof typeof ERROR_NAMES;

export interface MarketplaceErrorOptions {
  hint?: string;
  /** Further lines printed under the message (conflict explanations, per-file findings). */
  details?: string[];
  /** Source-positioned diagnostics (manifest errors) the CLI renders with a code frame. */
  diagnostics?: Diagnostic[];
}

/**
 * A failure with a MARKETPLACE.md error code. Library code throws these; only the CLI prints
 * them, as `error[E006]: message`.
 */
export class MarketplaceError extends Error {
  readonly hint: string | undefined;
  readonly details: string[];
  readonly diagnostics: Diagnostic[];

  constructor(
    readonly code: MarketplaceCode,
    message: string,
    options: MarketplaceErrorOptions = {},
  ) {
    super(message);
    this.name = 'MarketplaceError';
    this.hint = options.hint;
    this.details = options.details ?? [];
    this.diagnostics = options.diagnostics ?? [];
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, name: ERROR_NAMES[this.code], message: this.message };
    if (this.hint) out.hint = this.hint;
    if (this.details.length) out.details = this.details;
    if (this.diagnostics.length) out.diagnostics = this.diagnostics;
    return out;
  }
}
