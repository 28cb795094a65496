/**
 * A field filled on several branches, one of which skips the 'error' listener the others give
 * (src/model/field-branches.ts).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { uncoveredFieldBranches } from '../../src/model/field-branches.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function uncovered(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sockets = createSocketDetector(context, {});
      const isCreation = (node: TSESTree.Node) =>
        (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && sockets.createdBy(node) === 'socket';
      for (const { site, covered } of uncoveredFieldBranches(context.sourceCode, isCreation)) report(site, `unlike ${covered.loc.start.line}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

const client = (tlsWiring: string): string => `
import net from 'node:net';
import tls from 'node:tls';
class Client {
  connect(options) {
    if (options.tls) {
      const secure = this.sock = tls.connect(options);
      ${tlsWiring}
      return;
    }
    this.sock = net.connect(options);
    this.sock.on('error', log);
  }
}
`;

describe('uncoveredFieldBranches', () => {
  it('reads a variable given the socket in the same statement as the field', () => {
    expect(uncovered(client("secure.on('error', log);"))).toEqual([]);
    expect(uncovered(client('secure.destroy();'))).toEqual([]);
    expect(uncovered(client("secure.on('close', log);"))).toEqual(['7: unlike 11']);
    expect(uncovered(client("other.on('error', log);"))).toEqual(['7: unlike 11']);
  });
});
