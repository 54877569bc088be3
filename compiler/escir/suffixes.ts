/**
 * The file names ESCIR tools recognise — the one definition; the pipeline and the CLI import
 * it from here (the front end runs before the pipeline, so it cannot import from there).
 */

/** Circuits: `estream compile`/`run`/`test` take each such file as one module. */
export const ESCIR_SUFFIXES = ['.escir.yaml', '.escir.yml', '.flir.yaml', '.flir.yml'] as const;

/** Templates (ESCIR.md §2): checked with placeholders opaque; compiled only with substitutions. */
export const ESCIR_TEMPLATE_SUFFIXES = ['.template.yaml', '.template.yml'] as const;

/** What `estream check` validates as ESCIR: circuits and templates. */
export const ESCIR_CHECK_SUFFIXES = [...ESCIR_SUFFIXES, ...ESCIR_TEMPLATE_SUFFIXES] as const;

/** ESF schema files a circuit imports (`imports: [{schema: x.esf.yaml}]`). */
export const ESF_SCHEMA_SUFFIXES = ['.esf.yaml', '.esf.yml'] as const;

/** What the search path of composites and imports indexes (ESCIR.md §8): all of the above. */
export const ESCIR_SEARCH_SUFFIXES = [...ESCIR_CHECK_SUFFIXES, ...ESF_SCHEMA_SUFFIXES] as const;

/** The suffix of a file name that makes it an ESCIR or ESF file, stripped to get its stem. */
export const ESCIR_STEM_SUFFIX = /\.(escir|flir|esf|template)\.ya?ml$/;

export function isEscirFile(path: string): boolean {
  return ESCIR_SUFFIXES.some((s) => path.endsWith(s));
}

export function isEscirCheckFile(path: string): boolean {
  return ESCIR_CHECK_SUFFIXES.some((s) => path.endsWith(s));
}
