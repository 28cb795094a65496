/**
 * RuleTester set up for vitest, in the two modes every rule is tested in:
 * - `ruleTester`: syntax only (typescript-eslint's parser, no type information);
 * - `typedRuleTester`: type information from the project service. Test code is linted as
 *   `test/fixtures/file.ts` (or `file.js`, `react.tsx`) under `test/fixtures/tsconfig.json`.
 * Each process pays ~2 s of program start-up once: test files that lint test/fixtures with type
 * information share workers (vitest.config.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { RuleTester, type RunTests } from '@typescript-eslint/rule-tester';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * The parser options of every typed lint of test/fixtures. typescript-eslint keeps one project
 * service per process, made with the options of the first typed lint: tests that share a worker
 * must all ask for the same.
 */
export const typedParserOptions = {
  projectService: { allowDefaultProject: ['*.ts*', '*.js*'], defaultProject: 'tsconfig.json' },
  tsconfigRootDir: fixturesDir,
};

export const ruleTester = new RuleTester();

let libraryTypingsKept = false;

/**
 * Typed cases import client libraries (redis, ws, pg...) or not, case by case. The program of
 * `file.ts` drops a library's typings when a case does not import it, and the project service then
 * forgets them: the next case that imports redis parsed its typings again (2-3 s each time).
 * test/fixtures/libraries is a project of its own that imports them all; once it is open, the
 * parsed typings stay in the service and each case's program takes them from there. Nothing in
 * `file.ts`'s program changes: the libraries are not in it unless the case imports them.
 */
export function keepLibraryTypings(): void {
  if (libraryTypingsKept) return;
  libraryTypingsKept = true;
  const filename = path.join(fixturesDir, 'libraries', 'typings.ts');
  const messages = new Linter({ configType: 'flat', cwd: fixturesDir }).verify(
    readFileSync(filename, 'utf8'),
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: typedParserOptions } },
    filename,
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`test/fixtures/libraries/typings.ts: ${fatal.message}`);
}

class TypedRuleTester extends RuleTester {
  override run<MessageIds extends string, Options extends readonly unknown[]>(
    ruleName: string,
    rule: RuleModule<MessageIds, Options>,
    test: RunTests<NoInfer<MessageIds>, NoInfer<Options>>,
  ): void {
    keepLibraryTypings();
    super.run(ruleName, rule, test);
  }
}

export const typedRuleTester = new TypedRuleTester({ languageOptions: { parserOptions: typedParserOptions } });
