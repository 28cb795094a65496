/**
 * A function that borrows its caller's socket and takes off only the 'error' handler it added
 * itself (src/model/borrowed-sockets.ts) leaves the socket as the caller gave it.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { restoresBorrowed } from '../../src/model/borrowed-sockets.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const callee = node.callee;
      if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier || !callee.property.name.startsWith('remove')) return;
      report(node, String(restoresBorrowed(node, callee.object, context.sourceCode)));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('restoresBorrowed', () => {
  it("knows a borrowed socket whose own 'error' handler is taken off again", () => {
    expect(
      answers(`
import net from 'node:net';
function borrow(socket, done) {
  const onError = (err) => done(err);
  socket.on('error', onError);
  socket.removeListener('error', onError);
  socket.removeListener('error', done);
  socket.removeAllListeners('error');
}
function own(port, done) {
  const socket = net.connect(port);
  const onError = (err) => done(err);
  socket.on('error', onError);
  socket.removeListener('error', onError);
}
`),
    ).toEqual(['6: true', '7: false', '8: false', '14: false']);
  });

  it("does not take a listener's parameter for a borrowed socket: the emitter hands it over", () => {
    expect(
      answers(`
import net from 'node:net';
function onConnection(sock) {
  const onFail = (err) => console.warn(err.message);
  sock.on('error', onFail);
  sock.removeListener('error', onFail);
}
net.createServer(onConnection);
net.createServer((conn) => {
  const onFail = (err) => console.warn(err.message);
  conn.on('error', onFail);
  conn.removeListener('error', onFail);
});
`),
    ).toEqual(['6: false', '12: false']);
  });
});
