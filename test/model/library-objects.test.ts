/**
 * The client library objects a file makes or receives (src/libraries.ts `libraryObjects`): here,
 * which parameters receive a `ws` server's connections.
 */
import { describe, expect, it } from 'vitest';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { libraryCreationOf, libraryObjects } from '../../src/libraries.js';
import { probe } from '../support/probe.js';

function objects(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      for (const [node, entry] of libraryObjects(context.sourceCode)) report(node, entry.id);
    },
  })).map(({ line, column, message }) => `${line}:${column} ${message}`);
}

describe("a ws server's connections", () => {
  it('are the first parameter of its connection listeners, inline or a function of the file given by name', () => {
    expect(
      objects(`
import { WebSocketServer } from 'ws';
function attach(ws, request) { ws.send(request.url); }
const greet = function (client) { client.send('hi'); };
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', attach);
wss.on('connection', greet);
wss.on('connection', (inline) => inline.send('x'));
wss.on('listening', function (notConnection) {});
`),
    ).toEqual([
      '3:17 ws.WebSocketServer#connection',
      '4:25 ws.WebSocketServer#connection',
      '5:13 ws.WebSocketServer',
      '8:23 ws.WebSocketServer#connection',
    ]);
  });
});

describe('libraryCreationOf a name', () => {
  function creations(code: string): string[] {
    return probe(code, (context, report) => ({
      MemberExpression(node: TSESTree.MemberExpression) {
        if (node.object.type !== AST_NODE_TYPES.Identifier || node.property.type !== AST_NODE_TYPES.Identifier || node.property.name !== 'send') return;
        const creation = libraryCreationOf(node.object, context.sourceCode);
        report(node, `${node.object.name}: ${creation ? `line ${creation.loc.start.line}` : 'none'}`);
      },
    })).map(({ message }) => message);
  }

  it("reads a connection listener's parameter as the connection, unless the listener gives it another value", () => {
    expect(
      creations(`
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  setTimeout(() => ws.send('hello'), 10);
});
wss.on('connection', (ws) => {
  ws = wrap(ws);
  ws.send('hello');
});
`),
    ).toEqual(['ws: line 4', 'ws: none']);
  });
});
