/**
 * A parameter of a function of this file that every call gives a socket is that socket (the
 * detector's call-site flow): `function kick(socket) { … }` called as `kick(conn)` where `conn`
 * came from `net.connect()`. Each snippet lists the reads the detector must call sockets.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { callSites, weakest } from '../../src/model/call-sites.js';
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

  it('reads the arguments a bind() fixes first as what every call of the bound function passes', () => {
    expect(
      receivers(`
import net from 'node:net';
class Server {
  listen() {
    net.createServer((conn) => {
      const decoder = makeDecoder();
      conn.pipe(decoder);
      decoder.on('data', this.onMessage.bind(this, conn));
      decoder.on('end', this.onEnd.bind(this));
    }).listen(9100);
  }
  onMessage(conn, message) {
    conn.write(message);
    message.ack();
  }
  onEnd(conn) {
    conn.end();
  }
}
`),
    ).toEqual(['7: conn socket syntax', '13: conn socket syntax']);
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

/** For each function of the snippet: the lines of its calls, or `unknown` when the file does not see them all. */
function sites(code: string): string[] {
  return probe(code, (context, report) => {
    const variables = {
      variableOf: (identifier: TSESTree.Identifier) => ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name),
      // Each variable here is written once.
      variableWrites: () => ({ values: [{} as TSESTree.Node] }),
    };
    const visit = (fn: TSESTree.FunctionLike): void => {
      const calls = callSites(fn, context.sourceCode, variables);
      report(fn, calls ? calls.map((call) => call.node.loc.start.line).join(',') : 'unknown');
    };
    return { FunctionDeclaration: visit, 'VariableDeclarator > ArrowFunctionExpression': visit, 'MethodDefinition > FunctionExpression': visit };
  }).map(({ line, message }) => `${line}: ${message}`);
}

describe('callSites', () => {
  it('lists the calls of a function when the file sees every one', () => {
    expect(
      sites(`
function kick(conn) {}
kick(a);
kick(b);
export { kick };
function passed(conn) {}
list.push(passed);
const arrow = (conn) => {};
arrow(c);
class Gateway {
  reject(socket) {}
  start() {
    this.reject(d);
  }
}
`),
    ).toEqual(['2: 3,4', '6: unknown', '8: 9', '11: 13', '12: unknown']);
  });

  it('keeps the weakest evidence', () => {
    expect(weakest('syntax', 'name')).toBe('name');
    expect(weakest('type', 'syntax')).toBe('type');
  });
});
