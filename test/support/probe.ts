/**
 * Lint a snippet with a one-off rule: the model's tests ask a question of every node of one type
 * and read the answers back as messages, in source order.
 */
import path from 'node:path';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { type ESLint, Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';

import { fixturesDir } from '../rule-tester.js';

export interface ProbeAnswer {
  line: number;
  column: number;
  message: string;
}

/**
 * Runs `listener(context, report)` as a rule over `code` (TypeScript syntax) and returns what it
 * reported. Without type information unless `typed`: then the snippet is linted as
 * test/fixtures/file.ts of the fixtures' project.
 */
export function probe(
  code: string,
  listener: (context: Readonly<TSESLint.RuleContext<'answer', []>>, report: (node: TSESTree.Node, answer: string) => void) => TSESLint.RuleListener,
  { typed = false }: { typed?: boolean } = {},
): ProbeAnswer[] {
  const rule: TSESLint.RuleModule<'answer', []> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { answer: '{{answer}}' }, schema: [] },
    create(context) {
      return listener(context, (node, answer) => context.report({ node, messageId: 'answer', data: { answer } }));
    },
  };
  const plugin = { rules: { probe: rule } } as unknown as ESLint.Plugin;
  const parserOptions = typed
    ? { projectService: { allowDefaultProject: ['*.ts'], defaultProject: 'tsconfig.json' }, tsconfigRootDir: fixturesDir }
    : {};
  const messages = new Linter({ configType: 'flat', cwd: typed ? fixturesDir : undefined }).verify(code, {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, sourceType: 'module', parserOptions },
    plugins: { model: plugin },
    rules: { 'model/probe': 'error' },
  }, typed ? path.join(fixturesDir, 'file.ts') : 'probe.ts');
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`cannot parse the snippet: ${fatal.message}`);
  return messages.map(({ line, column, message }) => ({ line, column, message }));
}
