/**
 * The client library objects a file makes or receives (src/libraries.ts `libraryObjects`): here,
 * which parameters receive a `ws` server's connections.
 */
import { describe, expect, it } from 'vitest';

import { libraryObjects } from '../../src/libraries.js';
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
