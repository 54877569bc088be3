/** The wasm runtime: load compiled modules and call them (specs/abi.md). */
export { loadModule, DEFAULT_FUEL, type LoadedModule, type CallOptions, type CallResult, type IrCallResult } from './loader.ts';
export type { WitnessRecording, WitnessRecord, BindingRecord, EffectRecord } from './recording.ts';
export { replayFrom, type EffectReplay } from './replay-source.ts';
export { argumentDigest } from './imports.ts';
