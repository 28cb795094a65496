/**
 * Every `❌ Incorrect` example in docs/rules/*.md is reported by its rule, and every `✅ Correct`
 * example is not: the docs are run, so they cannot drift from the rules.
 */
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { readDocExamples, readRuleDoc, ruleDocNames } from './support/docs.js';
import { fixturesDir, typedParserOptions } from './rule-tester.js';

const linter = new Linter({ configType: 'flat', cwd: fixturesDir });

function lint(ruleName: string, example: ReturnType<typeof readDocExamples>[number]) {
  const ruleId = `socket-errors/${ruleName}`;
  const config: Linter.Config = {
    files: ['**/*.*'],
    plugins: { 'socket-errors': plugin as never },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        ecmaFeatures: { jsx: example.language.endsWith('x') },
        ...(example.typed ? typedParserOptions : {}),
      },
    },
    rules: { [ruleId]: example.options ? ['error', example.options] : 'error' },
  };
  const filename = `${fixturesDir}/file.${example.language}`;
  const messages = linter.verify(example.code, config, { filename });
  const fatal = messages.filter((m) => m.fatal);
  expect(fatal, `example at docs/rules/${ruleName}.md:${example.line} does not parse`).toEqual([]);
  return messages.filter((m) => m.ruleId === ruleId);
}

const documented = ruleDocNames().filter((name) => name in plugin.rules);

describe.skipIf(documented.length === 0)('docs examples are linted as they say', () => {
  for (const name of documented) {
    const examples = readDocExamples(readRuleDoc(name));
    describe(name, () => {
      it('has both incorrect and correct examples', () => {
        expect(examples.some((e) => e.expect === 'incorrect')).toBe(true);
        expect(examples.some((e) => e.expect === 'correct')).toBe(true);
      });
      for (const example of examples) {
        it(`${example.expect} example at line ${example.line}${example.typed ? ' (typed)' : ''}`, () => {
          const reports = lint(name, example);
          if (example.expect === 'incorrect') expect(reports.length, 'expected at least one report').toBeGreaterThan(0);
          else expect(reports.map((r) => r.message)).toEqual([]);
        });
      }
    });
  }
});
