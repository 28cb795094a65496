/**
 * A socket stored on a field of a local object (src/model/field-holders.ts): the field's reads
 * after the store, not on a sibling branch, and where the holder itself is handed on.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { localFieldHolder } from '../../src/model/field-holders.js';
import { probe } from '../support/probe.js';

/** For every store to a `.socket` field: its reads and the holder's hand-offs, by line. */
function holders(code: string): string[] {
  return probe(code, (context, report) => ({
    AssignmentExpression(node) {
      if (node.left.type !== AST_NODE_TYPES.MemberExpression || context.sourceCode.getText(node.left.property) !== 'socket') return;
      const held = localFieldHolder(node, context.sourceCode);
      const lines = (nodes: readonly { loc: { start: { line: number } } }[]): string => nodes.map((n) => n.loc.start.line).join(',');
      report(node, held ? `reads ${lines(held.reads)}; handed on ${lines(held.escapes)}` : 'not followed');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('localFieldHolder', () => {
  it("follows the field's reads and keeps a holder stored by key, piped into or called", () => {
    expect(
      holders(`
function open(agent, key, port) {
  var endpoint = new Endpoint();
  endpoint.socket = net.connect(port);
  agent.endpoints[key] = endpoint;
  endpoint.pipe(endpoint.socket).pipe(endpoint);
  return endpoint.createStream();
}
`),
    ).toEqual(['4: reads 6; handed on ']);
  });

  it('hands the socket on with its holder, and skips a sibling branch', () => {
    expect(
      holders(`
function open(agent, key, port, reuse) {
  var endpoint;
  if (reuse) {
    endpoint = agent.endpoints[key];
    agent.emit('reused', endpoint);
  } else {
    endpoint = new Endpoint();
    endpoint.socket = net.connect(port);
    endpoint.socket.setNoDelay(true);
    return endpoint;
  }
}
`),
    ).toEqual(['9: reads 10; handed on 11']);
  });

  it("leaves instance fields, and fields the file listens on anywhere, to the store's old reading", () => {
    expect(
      holders(`
class Client {
  connect(port) {
    this.socket = net.connect(port);
    const self = this;
    self.socket = net.connect(port);
  }
}
function open(port) {
  const conn = {};
  conn.socket = net.connect(port);
  return conn.id;
}
function watch(conn) {
  conn.socket.on('error', () => conn.close());
}
`),
    ).toEqual(['4: not followed', '6: not followed', '11: not followed']);
  });
});
