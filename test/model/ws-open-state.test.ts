/**
 * What tells a file that ws's client WebSocket is open (src/model/ws-open-state.ts), and which
 * methods run only as its listeners.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { referenceKey } from '../../src/listeners.js';
import { leavesBefore } from '../../src/model/ast.js';
import { filledWhenOpen, guardedOpen, isOpenTest, runsOnlyAsListener } from '../../src/model/ws-open-state.js';
import { probe } from '../support/probe.js';

const CLASS = `
import WebSocket from 'ws';
class Node {
  connect() {
    this.ws = new WebSocket(this.url);
    this.ws.on('open', this.onOpen.bind(this));
    this.ws.onclose = this.onClose.bind(this);
  }
  onOpen() { this.ready = true; }
  onClose() { this.ready = false; this.gone(); }
  gone() { this.ws.close(); }
  get open() { if (!this.ws) return false; return this.ws.readyState === WebSocket.OPEN; }
  get either() { return this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING; }
  start() { this.busy = true; }
  stop() {
    if (!this.ready) return;
    if (this.open) this.ws.close();
    if (this.either) this.ws.close();
    if (this.busy) this.ws.close();
    this.ws.close();
  }
}
`;

describe('isOpenTest, guardedOpen and runsOnlyAsListener', () => {
  it("read a flag set only in the 'open' listener, a getter that tests readyState, and a guard that returns unless one holds", () => {
    const answers = probe(CLASS, (context, report) => {
      let key: string | undefined;
      const keys = { has: (other: string | undefined) => other !== undefined && other === key };
      return {
        'AssignmentExpression[right.type="NewExpression"]'(node: TSESTree.AssignmentExpression) {
          key = referenceKey(node.left, context.sourceCode);
        },
        'IfStatement[test.type="MemberExpression"]'(node: TSESTree.IfStatement) {
          report(node, `test ${isOpenTest(node.test, keys, context.sourceCode)}`);
        },
        'MethodDefinition[kind="method"]:exit'(node: TSESTree.MethodDefinition) {
          report(node, `listener-only ${runsOnlyAsListener(node.value, keys, context.sourceCode)}`);
        },
        'CallExpression[callee.property.name="close"]'(node: TSESTree.CallExpression) {
          let fn: TSESTree.Node | undefined = node.parent;
          while (fn && fn.type !== AST_NODE_TYPES.FunctionExpression) fn = fn.parent;
          report(node, `guarded ${guardedOpen(node, fn, keys, context.sourceCode)}`);
        },
      };
    }).map(({ line, message }) => `${line} ${message}`);
    expect(answers).toEqual([
      '4 listener-only false',
      '9 listener-only true',
      '10 listener-only true',
      '11 listener-only true',
      '11 guarded false',
      '14 listener-only false',
      '15 listener-only false',
      '17 test true',
      '17 guarded true',
      '18 test false',
      '18 guarded true',
      '19 test false',
      '19 guarded true',
      '20 guarded true',
    ]);
  });
});

describe('filledWhenOpen', () => {
  it("reads a field given the WebSocket only by its 'open' listener as open whenever it holds one", () => {
    const code = (fill: string): string => `
import WebSocket from 'ws';
class Hooks {
  connect() {
    const ws = new WebSocket(this.url);${fill}
    ws.once('open', () => { this.live = ws; });
  }
  stop() {
    this.live.close();
    this.live = null;
  }
}
`;
    const answer = (source: string): string[] =>
      probe(source, (context, report) => {
        let key: string | undefined;
        const keys = { has: (other: string | undefined) => other !== undefined && other === key };
        return {
          VariableDeclarator(node: TSESTree.VariableDeclarator) {
            key = referenceKey(node.id, context.sourceCode);
          },
          'CallExpression[callee.property.name="close"]'(node: TSESTree.CallExpression) {
            report(node, String(filledWhenOpen((node.callee as TSESTree.MemberExpression).object, keys, context.sourceCode)));
          },
        };
      }).map(({ message }) => message);
    expect(answer(code(''))).toEqual(['true']);
    expect(answer(code('\n    this.live = ws;'))).toEqual(['false']);
  });
});

describe('leavesBefore', () => {
  it('says a later node is out of reach once a block around the first returns without holding it', () => {
    const answers = probe(
      `
function stop(ws, clean) {
  if (clean) {
    ws.removeAllListeners();
    return;
  }
  ws.close();
  if (clean) ws.removeAllListeners();
  ws.terminate();
}
`,
      (context, report) => {
        const calls: TSESTree.CallExpression[] = [];
        return {
          'ExpressionStatement > CallExpression'(node: TSESTree.CallExpression) {
            calls.push(node);
          },
          'Program:exit'() {
            const [first, close, second, terminate] = calls as [TSESTree.CallExpression, TSESTree.CallExpression, TSESTree.CallExpression, TSESTree.CallExpression];
            report(first, `close ${leavesBefore(first, close)}`);
            report(second, `terminate ${leavesBefore(second, terminate)}`);
          },
        };
      },
    ).map(({ line, message }) => `${line} ${message}`);
    expect(answers).toEqual(['4 close true', '8 terminate false']);
  });
});
