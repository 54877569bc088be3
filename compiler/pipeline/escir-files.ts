/** File names `estream compile` compiles as ESCIR, each file its own module (templates need substitutions, so they are left out). */
export const ESCIR_SUFFIXES = ['.escir.yaml', '.escir.yml', '.flir.yaml', '.flir.yml'] as const;

export function isEscirFile(path: string): boolean {
  return ESCIR_SUFFIXES.some((s) => path.endsWith(s));
}

/** What `estream check` validates as ESCIR: compiled files plus templates (checked with placeholders opaque, ESCIR.md §2). */
export const ESCIR_CHECK_SUFFIXES = [...ESCIR_SUFFIXES, '.template.yaml', '.template.yml'] as const;

export function isEscirCheckFile(path: string): boolean {
  return ESCIR_CHECK_SUFFIXES.some((s) => path.endsWith(s));
}
