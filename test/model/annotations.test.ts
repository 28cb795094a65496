/**
 * A type annotation that names one of Node's socket classes is syntax (src/model/annotations.ts):
 * every config sees `socket: net.Socket` as a socket, with or without type information. Each
 * snippet lists the parameters, variables and `this` members the detector must call sockets.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { createSocketDetector, mayHaveSockets } from '../../src/socket.js';
import { probe } from '../support/probe.js';

/** Every identifier and `this.x` read the detector calls a socket, as `name kind via`, and what `mayHaveSockets` says. */
function sockets(code: string): { found: string[]; mayHave: boolean } {
  let mayHave = false;
  const found = probe(code, (context, report) => {
    mayHave = mayHaveSockets(context, {});
    const detector = createSocketDetector(context, {});
    const check = (node: TSESTree.Node, name: string): void => {
      const match = detector.match(node);
      if (match) report(node, `${name} ${match.kind} ${match.via}`);
    };
    return {
      'CallExpression > MemberExpression.callee'(member: TSESTree.MemberExpression) {
        const object = member.object;
        if (object.type === AST_NODE_TYPES.Identifier) check(object, object.name);
        else if (object.type === AST_NODE_TYPES.MemberExpression) check(object, context.sourceCode.getText(object));
      },
    };
  }).map(({ message }) => message);
  return { found, mayHave };
}

describe('type annotations naming Node socket classes', () => {
  it('count for parameters, whichever way the module is imported', () => {
    const result = sockets(`
import net from 'node:net';
import * as tls from 'tls';
import type { Socket as NetSocket } from 'net';
import http = require('node:http');
export function a(socket: net.Socket) { socket.destroy(); }
export function b(socket: NetSocket | undefined) { socket?.destroy(); }
export function c(secure: tls.TLSSocket, res: http.ServerResponse, req: http.IncomingMessage) { secure.end(); res.end(); req.resume(); }
export const d = (socket: net.Socket = new net.Socket()) => socket.end();
`);
    expect(result.found).toEqual([
      'socket socket syntax',
      'socket socket syntax',
      'secure socket syntax',
      'res server-response syntax',
      'req incoming-message syntax',
      'socket socket syntax',
    ]);
    expect(result.mayHave).toBe(true);
  });

  it('count for variables and for fields and parameter properties read as this.x', () => {
    expect(
      sockets(`
import type { Socket } from 'node:net';
declare function dial(): unknown;
let current: Socket | null = null;
export class Conn {
  private upstream?: Socket;
  constructor(private readonly client: Socket) {}
  close() {
    current?.destroy();
    this.upstream?.destroy();
    this.client.destroy();
  }
}
`).found,
    ).toEqual(['current socket syntax', 'this.upstream socket syntax', 'this.client socket syntax']);
  });

  it('do not count for names that are not Node socket classes', () => {
    const result = sockets(`
import { Socket } from './my-socket.js';
import type { Duplex } from 'node:stream';
import net from 'node:net';
type Conn = net.Socket;
class Server { close() {} }
export function a(socket: Socket, stream: Duplex, conn: Conn, server: net.Server, list: Array<net.Socket>) {
  socket.destroy();
  stream.destroy();
  conn.destroy();
  server.close();
  list.pop();
}
export function b(socket: net.Socket | string) { socket.toString(); }
`);
    expect(result.found).toEqual([]);
  });

  it('make a file that only annotates sockets worth reading', () => {
    expect(sockets(`import type { Socket } from 'node:net';\nexport function kick(socket: Socket) { socket.destroy(); }\n`).mayHave).toBe(true);
    expect(sockets(`import type { Server } from 'node:net';\nexport function stop(server: Server) { server.close(); }\n`).mayHave).toBe(false);
  });
});
