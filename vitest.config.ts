import { availableParallelism } from 'node:os';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Vitest's default is one worker less than the cores: a single worker on a 2-core machine. Test
    // files here spend much of their time in child processes (eslint, tsc, git) and waiting on
    // sockets, so one worker per core keeps both cores busy.
    maxWorkers: availableParallelism(),
    // Files that load the plugin from dist/ would each rebuild a stale build; build it once first.
    globalSetup: ['test/support/global-setup.ts'],
    // Typed rule tests start a TypeScript program per file; live-socket tests wait on real events.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
