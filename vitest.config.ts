import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Hooks start whole services (index built from the SOPs, its classifier trained, a first deploy checked).
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
