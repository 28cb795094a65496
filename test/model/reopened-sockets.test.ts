/**
 * A socket variable that one function of the file refills (src/model/reopened-sockets.ts): which
 * registrations have a reopener, and which calls may run it again.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { listenerCallOf, referenceKey } from '../../src/listeners.js';
import { enclosingFunction } from '../../src/model/ast.js';
import { mayRun, reopenerOf, replacedAfter } from '../../src/model/reopened-sockets.js';
import { probe } from '../support/probe.js';

const name = (fn: TSESTree.Node | undefined): string => (fn?.type === AST_NODE_TYPES.FunctionDeclaration ? (fn.id?.name ?? '?') : '-');

describe('reopenerOf and mayRun', () => {
  it("finds the function that refills a listener's socket, and the calls that may run it", () => {
    const answers = probe(
      `
import net from 'node:net';
import { log } from './log.js';
let socket;
let other = net.connect(2);
function open() {
  socket = net.connect(1);
  socket.on('error', () => { log('failed'); socket.write('x'); retry(); open(); });
  other.on('error', () => {});
}
function retry() { open(); }
function later() { setTimeout(open, 100); }
`,
      (context, report) => ({
        CallExpression(node: TSESTree.CallExpression) {
          const listener = listenerCallOf(node, context.sourceCode);
          if (!listener || listener.event !== 'error') return;
          const reopener = reopenerOf(listener.target, node, context.sourceCode);
          report(node, `reopener ${name(reopener)}`);
          if (!reopener || listener.listener?.type !== AST_NODE_TYPES.ArrowFunctionExpression || listener.listener.body.type !== AST_NODE_TYPES.BlockStatement) return;
          for (const statement of listener.listener.body.body) {
            const call = statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.CallExpression ? statement.expression : undefined;
            if (call && enclosingFunction(call) === listener.listener) report(call, `${context.sourceCode.getText(call.callee)} ${mayRun(call, reopener, context.sourceCode)}`);
          }
        },
      }),
    ).map(({ line, message }) => `${line} ${message}`);
    expect(answers).toEqual(['8 reopener open', '8 log false', '8 socket.write false', '8 retry true', '8 open true', '9 reopener -']);
  });
});

describe('replacedAfter', () => {
  it('finds where the same function puts a new socket in the name after a call, not in a callback or another function', () => {
    const answers = probe(
      `
import net from 'node:net';
class Client {
  reconnect() {
    this.socket.end();
    const note = () => { this.socket = net.connect(1); };
    this.socket = new net.Socket();
  }
  retire() {
    this.socket.end();
    this.socket = null;
  }
}
`,
      (context, report) => ({
        'CallExpression[callee.property.name="end"]'(call: TSESTree.CallExpression) {
          const { sourceCode } = context;
          const key = referenceKey((call.callee as TSESTree.MemberExpression).object, sourceCode);
          const at = replacedAfter(call, enclosingFunction(call), new Set([key]), sourceCode);
          report(call, Number.isFinite(at) ? `replaced on line ${sourceCode.getLocFromIndex(at).line}` : 'not replaced');
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(answers).toEqual(['5: replaced on line 7', '10: not replaced']);
  });
});
