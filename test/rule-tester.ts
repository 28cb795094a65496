/**
 * RuleTester set up for vitest, in the two modes every rule is tested in:
 * - `ruleTester`: syntax only (typescript-eslint's parser, no type information);
 * - `typedRuleTester`: type information from the project service. Test code is linted as
 *   `test/fixtures/file.ts` (or `file.js`, `react.tsx`) under `test/fixtures/tsconfig.json`.
 * Each typed test file pays ~2 s of program start-up once: keep a rule's typed cases in one file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const ruleTester = new RuleTester();

export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: {
        allowDefaultProject: ['*.ts*', '*.js'],
        defaultProject: 'tsconfig.json',
      },
      tsconfigRootDir: fixturesDir,
    },
  },
});
