/**
 * A parameter of a function of this file that every call gives a socket is that socket (the
 * detector's call-site flow): `function kick(socket) { … }` called as `kick(conn)` where `conn`
 * came from `net.connect()`. Each snippet lists the reads the detector must call sockets.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

/** `name kind via` for every receiver of a method call that the detector calls a socket. */
function receivers(code: string): string[] {
  return probe(code, (context, report) => {
    const detector = createSocketDetector(context, {});
    return {
      'CallExpression > MemberExpression.callee'(member: TSESTree.MemberExpression) {
        const object = member.object;
        if (object.type !== AST_NODE_TYPES.Identifier) return;
        const match = detector.match(object);
        if (match) report(object, `${object.name} ${match.kind} ${match.via}`);
      },
    };
  }).map(({ line, message }) => `${line}: ${message}`);
}

describe('call-site flow', () => {
  it('makes a helper parameter a socket when every call passes one', () => {
    expect(
      receivers(`
import net from 'node:net';
function kick(conn, reason) {
  conn.end(reason);
}
const onConnect = (client) => client.setNoDelay(true);
net.createServer((socket) => {
  onConnect(socket);
  kick(socket, 'bye');
}).listen(7000);
kick(net.connect(7000), 'hello');
`),
    ).toEqual(['4: conn socket syntax', '6: client socket syntax']);
  });

  it('follows calls through this in a class', () => {
    expect(
      receivers(`
import http from 'node:http';
export class Gateway {
  server = http.createServer();
  start() {
    this.server.on('upgrade', (req, socket, head) => this.reject(socket, 401));
  }
  reject(socket, status) {
    socket.end('HTTP/1.1 ' + status + '\\r\\n\\r\\n');
  }
}
`),
    ).toEqual(['9: socket socket syntax']);
  });

  it('stays silent when a call passes something else, or the function is used another way', () => {
    expect(
      receivers(`
import net from 'node:net';
function close(stream) {
  stream.end();
}
close(net.connect(1));
close(process.stdout);

function drain(conn) {
  conn.resume();
}
drain(net.connect(1));
export const handlers = [drain];

let swap = (conn) => conn.pause();
swap(net.connect(1));
swap = () => {};

function spread(conn) {
  conn.pause();
}
spread(...[net.connect(1)]);
`),
    ).toEqual([]);
  });
});
