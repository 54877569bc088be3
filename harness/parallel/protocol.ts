import type { ProgramGroup } from '../../compiler/pipeline/programs.ts';
import type { CompiledArtifact } from '../exec/engine.ts';
import type { RunOptions, TestResult } from '../model.ts';

/** Messages between the test runner and its worker threads (all structured-clonable). */
export type ToWorker =
  | { type: 'init'; group: ProgramGroup; options: RunOptions; compiled?: CompiledArtifact; expectedTests: number }
  | { type: 'run'; index: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; index: number; results: TestResult[] }
  | { type: 'error'; message: string };
