/**
 * Where and how a file reads an error's code (src/model/code-reads.ts): the reads of `err.code`
 * and `err.errno`, the strings they are compared with, code lists, and what an `if` test or a
 * `switch` says about the codes it names. Each snippet reads every test and lists the answers.
 */
import { type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import {
  mayReadErrorCode,
  readCode,
  readCodeSwitch,
  readCodeTest,
  resolveCodeList,
  readString,
} from '../../src/model/code-reads.js';
import { probe } from '../support/probe.js';

/** For each `if` test: which way it sends the codes it names, and which. */
function tests(code: string): string[] {
  return probe(code, (context, report) => ({
    IfStatement(node: TSESTree.IfStatement) {
      const test = readCodeTest(node.test, context.sourceCode.getScope(node));
      report(
        node,
        test ? `${test.read.property} ${test.matches ? 'named' : 'others'} ${test.codes.map((c) => c.value).join(',')}${test.open ? ' open' : ''}` : 'none',
      );
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('readCodeTest', () => {
  it('reads comparisons, groups, lists and negations of an error code', () => {
    expect(
      tests(`
const RETRY = ['ECONNRESET', 'EPIPE'];
const DEAD = new Set(['ECONNRESET', 'ETIMEDOUT']);
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') {}
  if (err?.cause?.code === 'EPIPE' || err?.cause?.code === 'ECONNABORTED') {}
  if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') {}
  if (RETRY.includes(err.code)) {}
  if (DEAD.has(err.code)) {}
  if (RETRY.indexOf(err.code) === -1) {}
  if (!['EPIPE'].includes(err.code)) {}
  if (err && err.code === 'ETIMEDOUT') {}
  if (err.errno === 'ECONNRESET') {}
});
`),
    ).toEqual([
      '5: code named ECONNRESET',
      '6: code named EPIPE,ECONNABORTED',
      '7: code others ECONNRESET,EPIPE',
      '8: code named ECONNRESET,EPIPE',
      '9: code named ECONNRESET,ETIMEDOUT',
      '10: code others ECONNRESET,EPIPE',
      '11: code others EPIPE',
      '12: code named ETIMEDOUT',
      '13: errno named ECONNRESET',
    ]);
  });

  it('reads codes held in constants and destructured, and leaves other tests alone', () => {
    expect(
      tests(`
function onError({ code }) {
  if (code === 'EPIPE') {}
}
socket.on('error', (err) => {
  const { code } = err;
  const reason = err.code;
  if (code === 'ECONNRESET') {}
  if (reason === 'EPIPE') {}
  if (err.code === 'A' && err.code === 'B') {}
  if (err.code === 0) {}
  if (err.message === 'EPIPE') {}
  if (LIST.includes(err.code)) {}
});
`),
    ).toEqual(['3: code named EPIPE', '8: code named ECONNRESET', '9: code named EPIPE', '10: none', '11: none', '12: none', '13: none']);
  });
});

describe('readCodeSwitch, resolveCodeList, readString, readCode', () => {
  it('reads the cases of a switch on a code, and says when one is not a constant', () => {
    const answers = probe(
      `
switch (err.code) {
  case 'ECONNRESET':
  case \`EPIPE\`:
    break;
  case OTHER:
    break;
  default:
}
switch (kind) { case 'a': }
`,
      (context, report) => ({
        SwitchStatement(node: TSESTree.SwitchStatement) {
          const dispatch = readCodeSwitch(node, context.sourceCode.getScope(node));
          report(node, dispatch ? `${dispatch.codes.map((c) => c.value).join(',')} open=${dispatch.open} default=${dispatch.defaultCase !== null}` : 'none');
        },
      }),
    ).map(({ message }) => message);
    expect(answers).toEqual(['ECONNRESET,EPIPE open=true default=true', 'none']);
  });

  it('resolves lists through constants, spreads, Set and Object.freeze, not mutated ones', () => {
    const answers = probe(
      `
const BASE = ['ECONNRESET'];
const ALL = Object.freeze([...BASE, 'EPIPE', other]);
const GROWN = ['EPIPE'];
GROWN.push('X');
use(ALL, new Set(GROWN));
`,
      (context, report) => ({
        'CallExpression[callee.name="use"]'(node: TSESTree.CallExpression) {
          for (const argument of node.arguments) {
            const list = resolveCodeList(argument, context.sourceCode.getScope(node));
            report(argument, list ? `${list.codes.map((c) => c.value).join(',')} open=${list.open}` : 'none');
          }
        },
      }),
    ).map(({ message }) => message);
    expect(answers).toEqual(['ECONNRESET,EPIPE open=true', 'none']);
  });

  it('reads constant strings and the reads of a code', () => {
    const answers = probe(
      `
const NAME = 'EPIPE';
let changed = 'X';
changed = 'Y';
use(NAME, changed, 'a' + 'b', 3, err.code, err['errno'], errCode, statusCode);
`,
      (context, report) => ({
        'CallExpression[callee.name="use"]'(node: TSESTree.CallExpression) {
          const scope = context.sourceCode.getScope(node);
          for (const argument of node.arguments) {
            const value = readString(argument, scope);
            const read = readCode(argument, scope);
            report(argument, `${value ? value.value : '-'} ${read ? `${read.property}${read.byNameOnly ? ' by name' : ''}` : '-'}`);
          }
        },
      }),
    ).map(({ message }) => message);
    expect(answers).toEqual(['EPIPE -', '- -', 'ab -', '- -', '- code', '- errno', '- code by name', '- -']);
  });
});

describe('mayReadErrorCode', () => {
  it('says no for a file whose tokens never read a code', () => {
    const answers = (code: string): string[] =>
      probe(code, (context, report) => ({ Program: (node) => report(node, String(mayReadErrorCode(context.sourceCode))) })).map(
        ({ message }) => message,
      );
    expect(answers('res.statusCode = 500;')).toEqual(['false']);
    expect(answers("if (err.code === 'EPIPE') {}")).toEqual(['true']);
    expect(answers("const { errno } = err;")).toEqual(['true']);
  });
});
