import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The CLI end-to-end tests spawn processes; two workers match the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
