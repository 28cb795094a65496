/**
 * Every regular-expression option of every rule: an invalid expression stops ESLint with one
 * readable line that names the rule and the option, never a bare SyntaxError, whatever the file
 * holds (a file with no socket at all included).
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';

interface ObjectSchema {
  properties?: Record<string, { type?: string | string[] }>;
}

/** `[rule, option]` for every string option whose name ends with "Pattern". */
const patternOptions = Object.entries(plugin.rules).flatMap(([name, rule]) => {
  const schema = (Array.isArray(rule.meta.schema) ? rule.meta.schema : []) as ObjectSchema[];
  return schema.flatMap((entry) =>
    Object.entries(entry.properties ?? {})
      .filter(([option, property]) => /Pattern$/.test(option) && [property.type].flat().includes('string'))
      .map(([option]) => [name, option] as const),
  );
});

const lint = (code: string, ruleId: string, options: Record<string, unknown>) =>
  new Linter({ configType: 'flat' }).verify(code, {
    files: ['**/*.ts'],
    plugins: { 'socket-errors': plugin as never },
    languageOptions: { parser: tsParser },
    rules: { [ruleId]: ['error', options] },
  }, 'server.ts');

describe('regular-expression options', () => {
  it('exist in the rules (defaultCaseCommentPattern and the shared socketNamePattern at least)', () => {
    const options = new Set(patternOptions.map(([, option]) => option));
    expect(options).toEqual(new Set(['defaultCaseCommentPattern', 'socketNamePattern']));
  });

  const files = {
    'a file with a socket dispatch': "import net from 'node:net';\nnet.connect(80).on('error', (err: NodeJS.ErrnoException) => {\n  switch (err.code) {\n    case 'ECONNRESET':\n      break;\n  }\n});\n",
    'a file with no socket': 'export const answer = 42;\n',
  };

  describe.each(patternOptions)('%s: %s', (name, option) => {
    it.each(Object.entries(files))('reports an invalid value in one line naming the option (%s)', (_, code) => {
      let thrown: unknown;
      try {
        lint(code, `socket-errors/${name}`, { [option]: '(unclosed' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).not.toBeInstanceOf(SyntaxError);
      const firstLine = (thrown as Error).message.split('\n')[0];
      expect(firstLine).toMatch(
        new RegExp(
          `^Error while loading rule 'socket-errors/${name}': The ${option} option "\\(unclosed" is not a valid regular expression \\(Invalid regular expression: .*\\); give a JavaScript regular expression such as ".+"(, or .+)?\\.$`,
          'u',
        ),
      );
    });

    it('accepts a valid value', () => {
      expect(() => lint(files['a file with a socket dispatch'], `socket-errors/${name}`, { [option]: '^(?:reviewed|no default)$' })).not.toThrow();
    });
  });
});
