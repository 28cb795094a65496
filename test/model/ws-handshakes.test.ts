/**
 * ws's client WebSocket closed while its handshake may be under way (src/model/ws-handshakes.ts).
 */
import { describe, expect, it } from 'vitest';

import type { TSESTree } from '@typescript-eslint/utils';

import { referenceKey } from '../../src/listeners.js';
import { calleeMember, enclosingFunction } from '../../src/model/ast.js';
import { fileNodes } from '../../src/model/file-nodes.js';
import { abortedJustBefore, HANDSHAKE_ABORTS, holdsWsClient, mayAbortHandshake } from '../../src/model/ws-handshakes.js';
import { probe } from '../support/probe.js';

/** For each `close()`/`terminate()`: `<line> client` or `other`, then `may abort` or `open`. */
function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const member = calleeMember(node);
      if (!member || !HANDSHAKE_ABORTS.has(member.name)) return;
      const key = referenceKey(member.object, context.sourceCode);
      const keys = { has: (other: string | undefined) => other !== undefined && other === key };
      const client = holdsWsClient(keys, context.sourceCode);
      report(node, `${client ? 'client' : 'other'} ${mayAbortHandshake(node, enclosingFunction(node), keys, context.sourceCode) ? 'may abort' : 'open'}`);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('holdsWsClient and mayAbortHandshake', () => {
  it("knows ws's client WebSockets, in a variable or a field, and not a server's connections", () => {
    expect(
      answers(`
import { WebSocket, WebSocketServer } from 'ws';
const ws = new WebSocket('ws://127.0.0.1:8080');
setTimeout(() => ws.terminate(), 1000);
class Feed {
  open(url) { this.socket = new WebSocket(url) as WebSocket; }
  stop() { this.socket.close(); }
}
new WebSocketServer({ port: 8081 }).on('connection', (peer) => setTimeout(() => peer.terminate(), 1000));
`),
    ).toEqual(['4 client may abort', '7 client may abort', '9 other may abort']);
  });

  it("says open under a test of readyState against OPEN, in the WebSocket's own listeners, and in a function only they call", () => {
    expect(
      answers(`
import { WebSocket } from 'ws';
const ws = new WebSocket('ws://127.0.0.1:8080');
setTimeout(() => { if (ws.readyState === WebSocket.OPEN) ws.close(); }, 1000);
setTimeout(() => ws.readyState === 1 && ws.close(), 1000);
setTimeout(() => { if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(); }, 1000);
ws.on('open', () => ws.close());
function stop() { ws.terminate(); }
ws.on('error', () => stop());
ws.once('close', stop);
function later() { ws.terminate(); }
ws.on('open', later);
setTimeout(later, 5000);
`),
    ).toEqual(['4 client open', '5 client open', '6 client may abort', '7 client open', '8 client open', '11 client may abort']);
  });
});

describe('abortedJustBefore', () => {
  /** For each `removeAllListeners()`: the line of the abort right before it, or `none`. */
  function aborts(code: string): string[] {
    return probe(code, (context, report) => ({
      'CallExpression[callee.property.name="removeAllListeners"]'(node: TSESTree.CallExpression) {
        const member = calleeMember(node)!;
        const key = referenceKey(member.object, context.sourceCode);
        const keys = { has: (other: string | undefined) => other !== undefined && other === key };
        const calls = fileNodes(context.sourceCode).calls;
        const abort = abortedJustBefore(calls, calls.indexOf(node), enclosingFunction(node), keys, context.sourceCode);
        report(node, abort ? `after line ${abort.loc.start.line}` : 'none');
      },
    })).map(({ line, message }) => `${line} ${message}`);
  }

  it("finds the close() or terminate() earlier in the same function, unless an 'error' listener comes between or after, or it runs once open", () => {
    expect(
      aborts(`
import { WebSocket } from 'ws';
const ws = new WebSocket('ws://127.0.0.1:8080');
function stop() {
  ws.terminate();
  ws.removeAllListeners();
}
function quiet() {
  ws.close();
  ws.removeAllListeners();
  ws.on('error', () => {});
}
function elsewhere() {
  ws.removeAllListeners();
}
setTimeout(() => ws.terminate(), 10);
function opened() {
  if (ws.readyState === WebSocket.OPEN) ws.close();
  ws.removeAllListeners();
}
function onReply(kind) {
  switch (kind) {
    case 'refused':
      ws.close();
      break;
    case 'accepted':
      ws.removeAllListeners();
      break;
  }
}
function later() {
  setTimeout(() => ws.close(), 10);
  ws.removeAllListeners();
}
`),
    ).toEqual(['6 after line 5', '10 none', '14 none', '19 none', '27 none', '33 none']);
  });
});
