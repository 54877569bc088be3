/** Host effects (LANGUAGE.md §8.4): createHost and what tests inspect; see specs/builtins.md. */
export { createHost, type Host } from './host.ts';
export type { HostCall, HostFunction, HostOptions, Model, StreamRecord } from './types.ts';
export { HostClock, DEFAULT_CLOCK_MS } from './clock.ts';
export { HostRng } from './rng.ts';
export { CollectionSet, Collection } from './collections.ts';
export { GraphStore } from './graph.ts';
export { MetricsRegistry, ModelRegistry, HOST_DOMAIN_HELPERS, normalizeLex, toMetric } from './registries.ts';
export { BUILTIN_EFFECTS, coerce } from './effects.ts';
