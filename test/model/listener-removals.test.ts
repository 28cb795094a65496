/**
 * Where an 'error' listener is taken away while the socket is still in use
 * (src/model/listener-removals.ts): the use that follows, or `kept` when the socket stays open at
 * the end of a path. Every receiver named `socket` or `conn` counts as a socket here; UDP sockets of
 * `dgram.createSocket()` are found by the model itself.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { strippedListeners } from '../../src/model/listener-removals.js';
import { probe } from '../support/probe.js';

const namedSocket = (node: TSESTree.Expression): boolean =>
  (node.type === AST_NODE_TYPES.Identifier && (node.name === 'socket' || node.name === 'conn')) ||
  (node.type === AST_NODE_TYPES.MemberExpression && node.property.type === AST_NODE_TYPES.Identifier && node.property.name === 'socket');

function stripped(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      for (const found of strippedListeners(context.sourceCode, namedSocket)) {
        report(found.removal, `${context.sourceCode.getText(found.socket)}: ${found.method ?? 'kept'}`);
      }
      if (program.body.length === 0) report(program, 'empty');
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('strippedListeners', () => {
  it('reads a method chosen at run time from the strings its variable is set to', () => {
    expect(
      stripped(`
function close(socket, early) {
  let how = 'end';
  if (early) how = 'destroy';
  socket.removeAllListeners('error');
  socket[how]();
}
function abort(socket, early) {
  let how = 'destroy';
  if (early) how = 'resetAndDestroy';
  socket.removeAllListeners('error');
  socket[how]();
}
`),
    ).toEqual(['5 socket: end']);
  });

  it('follows a variable that holds the socket or the socket inside it', () => {
    expect(
      stripped(`
class Client {
  connect() { this.socket = open(); this.socket.on('error', this.onError); }
  close() {
    const conn = (this.socket && this.socket.inner) || this.socket;
    conn.removeListener('error', this.onError);
    conn.end();
  }
}
`),
    ).toEqual(['6 conn: end']);
  });

  it('counts removals of one listener only once every listener the file attaches is gone', () => {
    expect(
      stripped(`
class Client {
  connect() {
    this.socket = open();
    this.socket.on('error', this.onConnectError);
    this.socket.on('error', this.onError);
  }
  ready() {
    this.socket.removeListener('error', this.onConnectError);
    this.socket.write('hello');
  }
  close() {
    this.socket.removeListener('error', this.onConnectError);
    this.socket.removeListener('error', this.onError);
    this.socket.end();
  }
  drop() {
    this.socket.removeListener('error', this.onUnknown);
    this.socket.end();
  }
}
`),
    ).toEqual(['14 this.socket: end']);
  });

  it('treats close() of a UDP socket as a use', () => {
    expect(
      stripped(`
import dgram from 'node:dgram';
let udp = dgram.createSocket('udp4');
udp.on('error', onError);
export function stop() {
  udp.removeListener('error', onError);
  udp.close();
  udp = null;
}
`),
    ).toEqual(['6 udp: close']);
  });

  it('reports a socket the function holds that stays open on some path, and nothing else', () => {
    expect(
      stripped(`
function refused(res, socket, done) {
  socket.removeAllListeners();
  if (res.statusCode === 200) return done(null, socket);
  done(new Error('refused'));
}
function destroyedElsewhere(res, socket, done) {
  socket.removeAllListeners();
  if (res.statusCode === 200) done(null, socket);
  else socket.destroy();
}
function handedOnBefore(socket, pool) {
  pool.add(socket);
  socket.removeAllListeners();
}
function destroyedBefore(socket) {
  socket.destroy();
  socket.removeAllListeners();
}
function inALoop(socket, list) {
  socket.removeAllListeners();
  for (const item of list) if (item) return;
}
class Holder {
  drop() { this.socket.removeAllListeners(); }
}
`),
    ).toEqual(['3 socket: kept']);
  });

  it('leaves a socket alone in close, end and error listeners, not in others', () => {
    expect(
      stripped(`
pool.on('close', (socket) => {
  socket.removeAllListeners();
});
pool.on('error', onError);
function onError(err, socket) {
  socket.removeAllListeners();
}
pool.on('release', (socket) => {
  socket.removeAllListeners();
});
`),
    ).toEqual(['10 socket: kept']);
  });
});
