import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Typed rule tests start a TypeScript program per file; live-socket tests wait on real events.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
