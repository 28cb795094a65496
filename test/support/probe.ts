/**
 * Lint a snippet with a one-off rule: the model's tests ask a question of every node of one type
 * and read the answers back as messages, in source order.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { type ESLint, Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';

export interface ProbeAnswer {
  line: number;
  column: number;
  message: string;
}

/**
 * Runs `listener(context, report)` as a rule over `code` (TypeScript syntax, no type information)
 * and returns what it reported.
 */
export function probe(
  code: string,
  listener: (context: Readonly<TSESLint.RuleContext<'answer', []>>, report: (node: TSESTree.Node, answer: string) => void) => TSESLint.RuleListener,
): ProbeAnswer[] {
  const rule: TSESLint.RuleModule<'answer', []> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { answer: '{{answer}}' }, schema: [] },
    create(context) {
      return listener(context, (node, answer) => context.report({ node, messageId: 'answer', data: { answer } }));
    },
  };
  const plugin = { rules: { probe: rule } } as unknown as ESLint.Plugin;
  const messages = new Linter({ configType: 'flat' }).verify(code, {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
    plugins: { model: plugin },
    rules: { 'model/probe': 'error' },
  }, 'probe.ts');
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`cannot parse the snippet: ${fatal.message}`);
  return messages.map(({ line, column, message }) => ({ line, column, message }));
}
