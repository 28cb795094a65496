/**
 * Functions with an upgrade handler's signature that another module calls (src/model/server-events.ts).
 */
import { describe, expect, it } from 'vitest';

import type { TSESTree } from '@typescript-eslint/utils';

import { foreignUpgradeHandlers, isHttp2Session, type Registration, soleHandoverListener } from '../../src/model/server-events.js';
import { listenerCallOf } from '../../src/listeners.js';
import { isFunction } from '../../src/model/ast.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      for (const { param } of foreignUpgradeHandlers(context.sourceCode, /^(?:socket|clientSocket)$/u)) report(param, param.name);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('foreignUpgradeHandlers', () => {
  it('finds (req, socket) methods, prototype methods, exported functions and arrows the file never calls', () => {
    expect(
      answers(`
class Gateway {
  handleUpgrade(req, socket) { socket.write('x'); }
}
Tunnel.prototype.onConnect = function (request, clientSocket, head) { clientSocket.pipe(this.up); };
export function relay(req, socket) { socket.pipe(socket); }
exports.upgrade = (req, socket) => socket.end('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
`),
    ).toEqual(['3 socket', '5 clientSocket', '6 socket', '7 socket']);
  });

  it('leaves alone functions the file calls or names, callbacks, other names, and sockets only destroyed or never read', () => {
    expect(
      answers(`
class Gateway {
  handleUpgrade(req, socket) { socket.write('x'); }
  start(server) { server.on('upgrade', (req, socket) => this.handleUpgrade(req, socket)); }
}
function relay(req, socket) { socket.pipe(socket); }
relay(currentRequest, currentSocket);
function bound(req, socket) { socket.pipe(socket); }
server.on('connect', bound);
function other(res, socket) { socket.write('x'); }
function conn(req, stream) { stream.write('x'); }
function decline(req, socket) { if (!req.headers.upgrade) socket.destroy(); }
function ignore(req, socket, options) { req.headers.via = options.via; }
`),
    ).toEqual([]);
  });
});

describe('foreignUpgradeHandlers, the socket kept from the request', () => {
  const reads = (code: string): string[] =>
    probe(code, (context, report) => ({
      'Program:exit'() {
        for (const { param, read } of foreignUpgradeHandlers(context.sourceCode, /^socket$/u)) report(read ?? param, read ? context.sourceCode.getText(read) : param.name);
      },
    })).map(({ line, message }) => `${line} ${message}`);

  it('takes `req.socket` for a socket parameter never read, in a constructor the module exports or extends', () => {
    expect(
      reads(`
function Peer(req, socket, head) {
  this.stream = req.socket;
  this.stream.on('data', (chunk) => this.emit('data', chunk));
}
util.inherits(Peer, Stream);
Peer.prototype.close = function () { this.stream.end(); };
Peer.Peer = Peer;
module.exports = Peer;
`),
    ).toEqual(['3 req.socket']);
  });

  it('leaves a request socket only read, read twice, or a constructor the file itself calls', () => {
    expect(
      reads(`
function Audit(req, socket) { this.from = req.socket.remoteAddress; log(this.from); }
module.exports.Audit = Audit;
function Twice(req, socket) { this.a = req.socket; this.b = req.connection; start(this); }
exports.Twice = Twice;
function Peer(req, socket) { this.stream = req.socket; start(this); }
server.on('upgrade', (req, socket) => { socket.on('error', () => socket.destroy()); new Peer(req, socket); });
`),
    ).toEqual([]);
  });
});

describe('isHttp2Session', () => {
  it("knows a 'session' listener's parameter and `http2.connect()` for HTTP/2 sessions, and an HTTP server for none", () => {
    const sessions = probe(
      `
import http from 'node:http';
import http2 from 'node:http2';
const h2 = http2.createServer();
h2.on('session', (session) => session.on('connect', (_s, socket) => socket));
const client = http2.connect('http://127.0.0.1:8080');
client.on('connect', (_s, socket) => socket);
const web = http.createServer();
web.on('connect', (req, socket) => socket);
function later(session) { session.on('connect', (_s, socket) => socket); }
`,
      (context, report) => ({
        CallExpression(node: TSESTree.CallExpression) {
          const listener = listenerCallOf(node, context.sourceCode);
          if (listener?.event !== 'connect') return;
          report(node, String(isHttp2Session(listener.target, createSocketDetector(context, {}), context.sourceCode)));
        },
      }),
    ).map(({ line, message }) => `${line} ${message}`);
    expect(sessions).toEqual(['5 true', '7 true', '9 false', '10 false']);
  });
});


describe('soleHandoverListener', () => {
  it("holds for the only 'upgrade' listener of a server the file keeps to itself, not for a shared, handed-in or doubly heard one", () => {
    const sole = probe(
      `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const own = http.createServer();
own.on('upgrade', (req, socket) => socket);
const shared = http.createServer();
new WebSocketServer({ server: shared });
shared.on('upgrade', (req, socket) => socket);
const twice = http.createServer();
twice.on('upgrade', (req, socket) => socket);
twice.on('upgrade', (req, socket) => socket);
export function attach(given) { given.on('upgrade', (req, socket) => socket); }
`,
      (context, report) => {
        const registrations: Registration[] = [];
        return {
          CallExpression(node: TSESTree.CallExpression) {
            const listener = listenerCallOf(node, context.sourceCode);
            const fn = listener?.listener;
            if (listener?.event === 'upgrade' && fn && isFunction(fn)) {
              registrations.push({ fn, event: 'upgrade', receiver: listener.target, call: node });
            }
          },
          'Program:exit'() {
            for (const registration of registrations) report(registration.call, String(soleHandoverListener(registration, registrations, context.sourceCode)));
          },
        };
      },
    ).map(({ line, message }) => `${line} ${message}`);
    expect(sole).toEqual(['5 true', '8 false', '10 false', '11 false', '12 false']);
  });
});
