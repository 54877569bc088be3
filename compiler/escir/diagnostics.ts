/**
 * ESCIR diagnostic codes (ESCIR.md §9) and the reporter every pass uses to append them to a
 * DiagnosticBag with file:line:col, an RFC 6901 pointer and an optional hint.
 *
 * Severity. A code's letter follows its severity: the "†" codes are warnings (W…) when a
 * legacy file is only validated and errors (E…, same number) in canonical files or when a
 * legacy file is lowered; W022 is E022 in canonical files (specs/escir.md "Severities").
 */
import { DiagnosticBag, type Diagnostic, type RelatedLocation, type SourceFile, diagnosticAt } from '../diagnostics/index.ts';
import type { YNode } from './yaml/tree.ts';

export interface CodeInfo {
  summary: string;
  /** † in ESCIR.md: warning in legacy validate-only mode, error otherwise. */
  dagger?: boolean;
}

export const ESCIR_CODES: Record<string, CodeInfo> = {
  E001: { summary: 'duplicate key' },
  W001: { summary: 'legacy doubled `version` accepted (format version, then circuit version)' },
  E002: { summary: 'bad YAML, more than one document, or a root that is not a mapping; anchors/merge keys in canonical files' },
  W003: { summary: 'YAML 1.1 word (yes/no/on/off) kept as a string, anchor, alias or merge key' },
  E004: { summary: 'mixed or unknown dialect' },
  E010: { summary: 'leftover {{PLACEHOLDER}} after template substitution' },
  W011: { summary: 'no format version; 0.9 assumed' },
  E020: { summary: 'missing required key' },
  E021: { summary: 'wrong kind of value or value outside its enumeration' },
  W022: { summary: 'unknown key (E022 in canonical files)' },
  E030: { summary: 'unknown type' },
  E031: { summary: 'unresolved import, alias or schema' },
  E032: { summary: 'duplicate name' },
  W032: { summary: 'type redefined through `extends`' },
  E033: { summary: 'undefined identifier or config reference' },
  E034: { summary: 'unknown function or core method' },
  E035: { summary: 'expression or flow syntax error' },
  W035: { summary: 'non-C body kept as text; the node is not executable', dagger: true },
  W036: { summary: 'integer promoted to float (legacy)' },
  E040: { summary: 'bad or unbounded type' },
  E041: { summary: 'literal does not fit its type' },
  E042: { summary: 'edge type mismatch' },
  E043: { summary: 'width or kind mismatch in an expression' },
  W044: { summary: 'implicit enum ordinals carried on a wire' },
  E045: { summary: 'missing parent struct of `extends`' },
  E050: { summary: 'unresolved endpoint, instance or trigger' },
  E051: { summary: 'port not in the operator' },
  E052: { summary: 'extra driver on a port' },
  E053: { summary: 'stateless cycle' },
  W054: { summary: 'opaque node: no executable body', dagger: true },
  W055: { summary: 'elided body (`...`)', dagger: true },
  W056: { summary: 'unused or undriven port' },
  W057: { summary: 'unseeded sample in a deterministic circuit' },
  W058: { summary: 'variant-keyed or bit-slice body, or unspecified codec', dagger: true },
  E060: { summary: 'missing circuit' },
  E061: { summary: 'unknown config key' },
  E062: { summary: 'index mismatch in composite wiring' },
  E063: { summary: 'SKU limits violated' },
  E064: { summary: '`extends` cycle' },
  W064: { summary: 'probable pool rename (new id with an inherited circuit)' },
  W065: { summary: 'port never mapped to an instance (unexposed)' },
  E066: { summary: 'bad binding' },
  E070: { summary: 'unknown test port' },
  E071: { summary: 'test value does not fit its port' },
  W071: { summary: 'legacy repeat-string test value' },
  W072: { summary: 'timer expectation without `advance`' },
  E073: { summary: 'expectation failed' },
  E074: { summary: 'invariant false' },
  E075: { summary: 'trap (overflow, division by zero, fuel)' },
  W076: { summary: 'test skipped' },
  E078: { summary: 'ROM hash collision or mismatch' },
  W080: { summary: '`X`+`X_valid` pair read as an event port' },
  W081: { summary: 'annotation used as data' },
  W090: { summary: 'declarative construct kept as attrs' },
  E099: { summary: 'lowering refused' },
};

export type At = YNode | { start: number; end: number; pointer?: string };

export interface ReportOptions {
  hint?: string;
  pointer?: string;
  related?: RelatedLocation[];
}

export class EscirReporter {
  constructor(
    readonly file: SourceFile,
    readonly bag: DiagnosticBag,
    /** Canonical file, or a legacy file being lowered: † codes are errors. */
    public strict: boolean,
    /** Canonical file: unknown keys are errors. */
    public canonical: boolean,
  ) {}

  error(code: string, message: string, at: At, options: ReportOptions = {}): Diagnostic {
    return this.emit('error', 'E' + code.slice(1), message, at, options);
  }

  warning(code: string, message: string, at: At, options: ReportOptions = {}): Diagnostic {
    return this.emit('warning', 'W' + code.slice(1), message, at, options);
  }

  /** A † code: warning in legacy validate-only mode, error in canonical files or when lowering. */
  dagger(code: string, message: string, at: At, options: ReportOptions = {}): Diagnostic {
    return this.strict ? this.error(code, message, at, options) : this.warning(code, message, at, options);
  }

  /** A code that is a warning in legacy files and an error in canonical ones (W022/E022, W071/E071). */
  legacyWarning(code: string, message: string, at: At, options: ReportOptions = {}): Diagnostic {
    return this.canonical ? this.error(code, message, at, options) : this.warning(code, message, at, options);
  }

  /**
   * Template mode (ESCIR.md §2): source ranges of scalars holding `{{X}}` placeholders. The
   * placeholders are opaque, so a finding located inside one is about a value not yet known and
   * is not reported (specs/escir.md §10).
   */
  opaque: { start: number; end: number }[] = [];

  related(message: string, at: At): RelatedLocation {
    const lc = this.file.lineCol(at.start);
    return { message, file: this.file.path, line: lc.line, column: lc.column };
  }

  private emit(severity: 'error' | 'warning', code: string, message: string, at: At, options: ReportOptions): Diagnostic {
    const pointer = options.pointer ?? ('pointer' in at && at.pointer !== undefined ? at.pointer : '');
    const d = diagnosticAt(severity, code, message, { file: this.file, start: at.start, end: at.end }, {
      pointer,
      ...(options.hint !== undefined ? { hint: options.hint } : {}),
      ...(options.related !== undefined ? { related: options.related } : {}),
    });
    if (!this.opaque.some((o) => at.start >= o.start && at.start < Math.max(o.end, o.start + 1))) this.bag.add(d);
    return d;
  }
}
