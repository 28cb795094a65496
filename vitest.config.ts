import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

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

/**
 * Files whose only typed linting is of test/fixtures, with the options of test/rule-tester.ts
 * (`typedParserOptions`): they can share that one project service, and with it the start-up of
 * its program and the library typings it keeps, in workers of their own.
 */
const TYPED_FIXTURES = ['test/rules/**/*.test.ts', 'test/socket.test.ts', 'test/autofix-safety.test.ts', 'test/docs-examples.test.ts'];

/** The order projects start in: the long isolated files first, the many short shared ones last. */
const PROJECT_ORDER = ['isolated', 'typed-fixtures', 'shared'];

/**
 * The files known to take longest, longest first: on a clone without vitest's cache of last run's
 * durations they start first (by file size, the default, the longest started minutes in, and one
 * worker finished alone). Once a run has recorded durations, those decide.
 */
const LONGEST = [
  'test/robustness.test.ts',
  'test/precommit.test.ts',
  'test/rules/cleanup-dead-socket.test.ts',
  'test/autofix-safety.test.ts',
  'test/rules/no-fatal-close-errors.test.ts',
  'test/rules/require-error-listener.test.ts',
  'test/type-shortcuts.test.ts',
  'test/readme-configs.test.ts',
  'test/shortcuts.test.ts',
  'test/scale.test.ts',
];

/**
 * With two workers taking files from one queue, the run takes at least its longest file: longest
 * first, so that short files fill the end. The files of a shared (`isolate: false`) project stay
 * together in the queue: a worker is only reused for the next file of the same project.
 */
class LongestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const key = (spec: TestSpecification) => `${spec.project.name}:${path.relative(config.root, spec.moduleId)}`;
    const recorded = files.every((spec) => cache.getFileTestResults(key(spec)) !== undefined);
    const known = (spec: TestSpecification) => {
      const index = LONGEST.indexOf(path.relative(config.root, spec.moduleId).split(path.sep).join('/'));
      return index === -1 ? LONGEST.length : index;
    };
    const size = (spec: TestSpecification) => cache.getFileStats(key(spec))?.size ?? statSync(spec.moduleId).size;
    const rank = (spec: TestSpecification) => {
      const index = PROJECT_ORDER.indexOf(spec.project.name);
      return index === -1 ? PROJECT_ORDER.length : index;
    };
    const sorted = [...files].sort((a, b) => {
      if (rank(a) !== rank(b)) return rank(a) - rank(b);
      if (recorded) {
        const [ra, rb] = [cache.getFileTestResults(key(a))!, cache.getFileTestResults(key(b))!];
        if (ra.failed !== rb.failed) return ra.failed ? -1 : 1;
        return rb.duration - ra.duration;
      }
      return known(a) - known(b) || size(b) - size(a);
    });
    return Promise.resolve(sorted);
  }
}

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: a single worker on a 2-core machine. Test
    // files here spend much of their time in child processes (eslint, tsc, git) and waiting on
    // sockets, so one worker per core keeps both cores busy.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongestFirst },
    // Files that load the plugin from dist/ would each rebuild a stale build; build it once first.
    globalSetup: ['test/support/global-setup.ts'],
    // Typed rule tests start a TypeScript program per file; live-socket tests wait on real events.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'shared', include: SHARED, isolate: false } },
      { extends: true, test: { name: 'typed-fixtures', include: TYPED_FIXTURES, isolate: false } },
      {
        extends: true,
        test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...SHARED, ...TYPED_FIXTURES] },
      },
    ],
  },
});
