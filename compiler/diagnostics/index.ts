export * from './source.ts';
export * from './diagnostic.ts';
export * from './render.ts';
