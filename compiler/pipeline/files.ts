/**
 * Source files of the pipeline. The implementation lives in compiler/source/files.ts, below
 * every stage, so the ESCIR front end (which runs before the pipeline and may not import it)
 * uses the same directory walk; this module keeps the pipeline's import path.
 */
export { collectFiles, readSourceText, ioReason, displayPath, type CollectedFiles, type CollectOptions } from '../source/files.ts';
