/**
 * "Not a socket" read from declarations for calls of functions that declare no return type
 * (src/model/declared-returns.ts): each `return` hands back a variable declared without a socket
 * part and never narrowed into one. Asked of every `keep(…)` argument; without type information, or
 * with the shortcuts off, it answers nothing.
 */
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, ESLintUtils, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { findVariable } from '../../src/listeners.js';
import { createDeclaredReturns } from '../../src/model/declared-returns.js';
import { NODE_TYPES } from '../../src/model/node-api.js';
import { fixturesDir } from '../rule-tester.js';

function answers(code: string, typed: boolean, enabled = true): string[] {
  const rule: TSESLint.RuleModule<'answer', []> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { answer: '{{answer}}' }, schema: [] },
    create(context) {
      const sourceCode = context.sourceCode;
      const services = sourceCode.parserServices?.program ? (ESLintUtils.getParserServices(context, true) as ParserServicesWithTypeInformation) : undefined;
      const { noSocketByDeclarations } = createDeclaredReturns({
        services,
        sourceCode,
        enabled,
        variableOf: (identifier) => findVariable(sourceCode.getScope(identifier), identifier),
        // Only member reads and returns keep a variable's parts here (the detector knows more).
        cannotNarrow: (read) => read.parent?.type === AST_NODE_TYPES.MemberExpression || read.parent?.type === AST_NODE_TYPES.ReturnStatement,
        // A socket is a type named like one of Node's socket classes (the detector checks the module too).
        nodeTypeOf: (type) => NODE_TYPES[type.getSymbol()?.getName() ?? '']?.[0],
      });
      return {
        CallExpression(node: TSESTree.CallExpression) {
          if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'keep') return;
          const [value] = node.arguments;
          if (value) context.report({ node, messageId: 'answer', data: { answer: `${sourceCode.getText(value)}: ${noSocketByDeclarations(value) ? 'no socket' : 'ask'}` } });
        },
      };
    },
  };
  const plugin = { rules: { probe: rule } } as unknown as ESLint.Plugin;
  const parserOptions = typed ? { projectService: { allowDefaultProject: ['*.ts*'], defaultProject: 'tsconfig.json' }, tsconfigRootDir: fixturesDir } : {};
  const messages = new Linter({ configType: 'flat', cwd: fixturesDir }).verify(
    code,
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions }, plugins: { model: plugin }, rules: { 'model/probe': 'error' } },
    path.join(fixturesDir, 'file.ts'),
  );
  return messages.map(({ line, message }) => `${line}: ${message}`);
}

const CODE = `
import net from 'node:net';
import type { Server, Socket } from 'node:net';
declare function keep(value: unknown): void;
function server(port: number) { let made: Server = net.createServer(); made.listen(port); return made; }
function socket() { const made: Socket = new net.Socket(); return made; }
function maybe(flag: boolean) { let made: Server | null = null; if (flag) made = net.createServer(); return made; }
function generic<T>(value: T) { const kept: T = value; return kept; }
function unannotated() { const made = net.createServer(); return made; }
function returnsCall() { return net.createServer(); }
async function later() { const made: Server = net.createServer(); return made; }
keep(server(1));
keep(socket());
keep(maybe(true));
keep(generic(1));
keep(unannotated());
keep(returnsCall());
keep(later());
const held = server(2);
keep(held);
`;

describe('createDeclaredReturns', () => {
  it('answers calls of functions that return variables declared without a socket part, and what they initialize', () => {
    expect(answers(CODE, true)).toEqual([
      '12: server(1): no socket',
      '13: socket(): ask',
      '14: maybe(true): no socket',
      '15: generic(1): ask',
      '16: unannotated(): ask',
      '17: returnsCall(): ask',
      '18: later(): ask',
      '20: held: no socket',
    ]);
  });

  it('answers nothing without types or with the shortcuts off', () => {
    const asked = ['server(1)', 'socket()', 'maybe(true)', 'generic(1)', 'unannotated()', 'returnsCall()', 'later()'].map((text, i) => `${12 + i}: ${text}: ask`);
    expect(answers(CODE, false)).toEqual([...asked, '20: held: ask']);
    expect(answers(CODE, true, false)).toEqual([...asked, '20: held: ask']);
  });
});
