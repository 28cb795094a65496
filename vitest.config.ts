import { availableParallelism } from 'node:os';

import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that need no module state of their own run one after another in shared workers
 * (`isolate: false`): most of their cost was importing ESLint, typescript-eslint and the plugin
 * again for each file. Files that lint with type information keep isolated workers: the typed
 * parser keeps one project service per process, and files with other tsconfig roots would meet it.
 */
const SHARED = [
  'test/model/**/*.test.ts',
  'test/live/**/*.test.ts',
  'test/helper-imports.test.ts',
  'test/languages.test.ts',
  'test/libraries.test.ts',
  'test/listeners.test.ts',
  'test/messages.test.ts',
  'test/option-patterns.test.ts',
  'test/shortcuts.test.ts',
];

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: a single worker on a 2-core machine. Test
    // files here spend much of their time in child processes (eslint, tsc, git) and waiting on
    // sockets, so one worker per core keeps both cores busy.
    maxWorkers: availableParallelism(),
    // Files that load the plugin from dist/ would each rebuild a stale build; build it once first.
    globalSetup: ['test/support/global-setup.ts'],
    // Typed rule tests start a TypeScript program per file; live-socket tests wait on real events.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'shared', include: SHARED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...SHARED] } },
    ],
  },
});
