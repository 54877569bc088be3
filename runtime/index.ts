/** Public runtime entry: load compiled modules, call circuits, record and verify witnesses. */
export { loadModule, DEFAULT_FUEL, replayFrom, argumentDigest, type LoadedModule, type CallOptions, type CallResult, type IrCallResult, type WitnessRecording, type WitnessRecord } from './wasm/index.ts';
export * from './witness/index.ts';
export { RuntimeTrap, type RuntimeLocation } from './errors.ts';
