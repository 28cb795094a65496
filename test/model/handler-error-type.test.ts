/**
 * What the type checker says of a handler's error parameter (src/model/handler-error-type.ts): the
 * codes its `code` can hold, and whether it is an object. Without type information nothing is known.
 */
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { isFunction, paramIdentifier } from '../../src/model/ast.js';
import { errorType } from '../../src/model/handler-error-type.js';
import { fixturesDir } from '../rule-tester.js';

/** `line: codes object` for the first parameter of every function handed to `handler(…)`. */
function types(code: string, typed: boolean): string[] {
  const rule: TSESLint.RuleModule<'answer', []> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { answer: '{{answer}}' }, schema: [] },
    create: (context) => ({
      CallExpression(node: TSESTree.CallExpression) {
        if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'handler') return;
        const fn = node.arguments[0];
        const param = isFunction(fn) ? fn.params[0] : undefined;
        const type = errorType(context, param && paramIdentifier(param));
        const answer = `${type.codes ? [...type.codes].sort().join(' ') || 'no codes' : 'any code'}${type.object ? ', object' : ''}`;
        context.report({ node, messageId: 'answer', data: { answer } });
      },
    }),
  };
  const plugin = { rules: { probe: rule } } as unknown as ESLint.Plugin;
  const parserOptions = typed
    ? { projectService: { allowDefaultProject: ['*.ts*'], defaultProject: 'tsconfig.json' }, tsconfigRootDir: fixturesDir }
    : {};
  const messages = new Linter({ configType: 'flat', cwd: fixturesDir }).verify(
    code,
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions }, plugins: { model: plugin }, rules: { 'model/probe': 'error' } },
    path.join(fixturesDir, 'file.ts'),
  );
  return messages.map(({ line, message }) => `${line}: ${message}`);
}

const CODE = `
interface CloseError extends Error { code: 'EPIPE' | 'ECONNRESET' }
declare function handler(fn: (err: any) => void): void;
handler((err: CloseError) => {});
handler((err: NodeJS.ErrnoException) => {});
handler((err: CloseError | null) => {});
handler((err: unknown) => {});
handler((err) => {});
`;

describe('errorType', () => {
  it('reads the codes a literal union allows, and whether the error is an object', () => {
    expect(types(CODE, true)).toEqual([
      '4: ECONNRESET EPIPE, object',
      '5: any code, object',
      '6: ECONNRESET EPIPE',
      '7: any code',
      '8: any code',
    ]);
  });

  it('knows nothing without type information', () => {
    expect(types(CODE, false)).toEqual(['4: any code', '5: any code', '6: any code', '7: any code', '8: any code']);
  });
});
