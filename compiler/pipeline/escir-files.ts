/**
 * ESCIR file names in the pipeline: `estream compile` compiles each circuit file as its own
 * module (templates need substitutions, so they are left out); `estream check` also validates
 * templates. Defined once in the ESCIR front end (compiler/escir/suffixes.ts).
 */
export { ESCIR_SUFFIXES, ESCIR_CHECK_SUFFIXES, isEscirFile, isEscirCheckFile } from '../escir/suffixes.ts';
