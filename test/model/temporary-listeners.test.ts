/**
 * 'error' listeners a function gives for one exchange only (src/model/temporary-listeners.ts), and
 * the connect callback read as the socket's 'connect' listener (src/model/connected-sockets.ts).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { listenerCallOf, referenceKey } from '../../src/listeners.js';
import { listensOnConnect } from '../../src/model/connected-sockets.js';
import { isTemporaryListener } from '../../src/model/temporary-listeners.js';
import { probe } from '../support/probe.js';

/** For each `x.on('error', f)` / `once`: `line temporary|lasting`, `x` being the object of every check. */
function temporaries(code: string): string[] {
  return probe(code, (context, report) => {
    const calls: TSESTree.CallExpression[] = [];
    return {
      CallExpression(node: TSESTree.CallExpression) {
        calls.push(node);
      },
      'Program:exit'() {
        for (const call of calls) {
          const listener = listenerCallOf(call, context.sourceCode);
          if (listener?.event !== 'error') continue;
          const key = referenceKey(listener.target, context.sourceCode);
          const keys = { has: (candidate: string | undefined) => candidate !== undefined && candidate === key };
          report(call, isTemporaryListener(listener, calls, keys, context.sourceCode) ? 'temporary' : 'lasting');
        }
      },
    };
  }).map(({ line, message }) => `${line} ${message}`);
}

describe('isTemporaryListener', () => {
  it('finds a listener its function takes off again by name, outside the listener itself', () => {
    expect(
      temporaries(`
export function ask(sock, question) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    sock.once('data', (reply) => { sock.removeListener('error', onError); resolve(reply); });
    sock.on('error', onError);
    sock.write(question);
  });
}
export function watch(sock) {
  const onError = (err) => { sock.off('error', onError); console.warn(err); };
  sock.on('error', onError);
  const other = () => {};
  sock.on('error', other);
  sock.on('error', (err) => console.warn(err));
}
export function elsewhere(sock, onFail) {
  sock.on('error', onFail);
}
export function drop(sock, onFail) {
  sock.off('error', onFail);
}
`),
    ).toEqual(['6 temporary', '12 lasting', '14 lasting', '15 lasting', '18 lasting']);
  });
});

/** For each removal of an 'error' listener: whether its function is a 'connect' listener of that socket. */
function onConnect(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.MemberExpression || node.callee.property.type !== AST_NODE_TYPES.Identifier || node.callee.property.name !== 'removeListener') return;
      let fn: TSESTree.Node | undefined = node.parent;
      while (fn && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) fn = fn.parent;
      const key = referenceKey(node.callee.object, context.sourceCode);
      const keys = { has: (candidate: string | undefined) => candidate !== undefined && candidate === key };
      report(node, String(fn !== undefined && listensOnConnect(fn, keys, null, context.sourceCode)));
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('listensOnConnect', () => {
  it("reads the callback of the call that connects the socket as its 'connect' listener", () => {
    expect(
      onConnect(`
import net from 'node:net';
export class Client {
  open(reject) {
    this.sock = net.createConnection({ port: 7000 }, () => this.sock.removeListener('error', reject));
    const plain = net.connect(7001, () => plain.removeListener('error', reject));
    const idle = new net.Socket();
    idle.connect(7002, '127.0.0.1', () => idle.removeListener('error', reject));
    const other = net.connect(7003);
    net.connect(7004, () => other.removeListener('error', reject));
    setTimeout(() => other.removeListener('error', reject), 10);
  }
}
`),
    ).toEqual(['5 true', '6 true', '8 true', '10 false', '11 false']);
  });
});
