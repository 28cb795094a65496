/**
 * The socket detector (src/socket.ts), tested through a tiny rule that reports every expression it
 * classifies: each read of a variable, each `obj.prop` read and each function parameter. So every
 * `errors` list below is exactly "what the detector says is a socket" in that snippet, in source order.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { typeOrValueSpecifiersSchema } from '@typescript-eslint/type-utils';
import { AST_NODE_TYPES, ESLintUtils } from '@typescript-eslint/utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import {
  createSocketDetector,
  DEFAULT_STRICT_SOCKET_NAME_PATTERN,
  defaultSocketOptions,
  socketOptionsSchema,
  type SocketEvidence,
  type SocketKind,
  type SocketOptions,
} from '../src/socket.js';
import { ruleTester, typedRuleTester } from './rule-tester.js';

const probe = ESLintUtils.RuleCreator.withoutDocs<[SocketOptions], 'classified'>({
  meta: {
    type: 'problem',
    messages: { classified: '{{name}} is {{kind}} by {{via}}' },
    schema: [{ type: 'object', properties: { ...socketOptionsSchema }, additionalProperties: false }],
  },
  defaultOptions: [defaultSocketOptions],
  create(context, [options]) {
    const detector = createSocketDetector(context, options);
    const report = (node: TSESTree.Node, name: string, found = detector.match(node)): void => {
      if (found) context.report({ node, messageId: 'classified', data: { name, kind: found.kind, via: found.via } });
    };
    return {
      ':function'(fn: TSESTree.FunctionLike) {
        for (const [param, found] of detector.socketParams(fn)) {
          report(param, context.sourceCode.getText(param).replace(/[:=?].*$/su, '').trim(), found);
        }
      },
      MemberExpression(node) {
        const isWrite = node.parent.type === AST_NODE_TYPES.AssignmentExpression && node.parent.left === node;
        if (!isWrite) report(node, context.sourceCode.getText(node));
      },
      'Program:exit'() {
        for (const scope of context.sourceCode.scopeManager?.scopes ?? []) {
          for (const ref of scope.references) {
            // `isValueReference` is typescript-eslint's; espree's references are all values.
            const isValue = (ref as { isValueReference?: boolean }).isValueReference !== false;
            if (ref.isRead() && isValue) report(ref.identifier, ref.identifier.name);
          }
        }
      },
    };
  },
});

/** One expected report: `name` is classified as `kind`, known by `via`. */
function is(name: string, kind: SocketKind = 'socket', via: SocketEvidence = 'syntax') {
  return { messageId: 'classified' as const, data: { name, kind, via } };
}

const strict: [SocketOptions] = [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }];

describe('syntax only', () => {
  ruleTester.run('socket', probe, {
    valid: [
      // Unknown values are not sockets.
      'const socket = getSocket(); socket.end();',
      // A local function named like net's is not net's.
      'function connect(port) { return { port }; }\nconst socket = connect(80);\nsocket.end();',
      `import { connect } from 'node:net';
       export function open() {
         const connect = (port) => ({ port });
         const socket = connect(80);
         return socket;
       }`,
      `import net from 'node:net';
       export function reconnect(net) {
         const socket = net.connect(80);
         socket.end();
       }`,
      // A module that only shares the name.
      "const net = require('./net-mock');\nconst socket = net.connect(80);\nsocket.end();",
      "import net from 'net-mock';\nconst socket = net.connect(80);\nsocket.end();",
      // Methods that do not return the socket.
      "import net from 'node:net';\nconst written = net.connect(80).write('PING');\nif (written) flush();",
      // A reassigned `let` may hold something else.
      "import net from 'node:net';\nlet socket = net.connect(80);\nsocket = createProxy();\nsocket.end();",
      "import net from 'node:net';\nlet socket = net.connect(80);\nsocket ||= createProxy();\nsocket.end();",
      // A class member assigned something unknown in one place is not known to be a socket.
      `import net from 'node:net';
       class Client {
         connect() { this.socket = net.connect(6379); }
         useFake() { this.socket = createFake(); }
         close() { this.socket.end(); }
       }`,
      // ws's WebSocketServer and socket.io also emit 'connection': their arguments are not net.Sockets.
      `import { WebSocketServer } from 'ws';
       const wss = new WebSocketServer({ port: 8080 });
       wss.on('connection', (ws, req) => { ws.send('hello'); });`,
      `import { Server } from 'socket.io';
       const io = new Server(httpServer);
       io.on('connection', (socket) => { socket.emit('welcome'); });`,
      // A receiver we know nothing about: 'connection' is too common an event name.
      "export function attach(server) { server.on('connection', (socket) => socket.setNoDelay(true)); }",
      // On an unknown receiver, 'connect' needs the (req, socket, head) shape, 'upgrade' a second
      // parameter: ws's and engine.io's 'upgrade' pass one value (a response, a transport).
      "emitter.on('connect', (session, link) => { link.write(session); });",
      "ws.on('upgrade', (response) => { response.headers.write(response); });",
      // A net.Socket's own 'connect' event has no arguments to classify.
      "import net from 'node:net';\nnet.connect(80).on('connect', (unexpected) => unexpected);",
      // net.connect's callback receives nothing.
      "import net from 'node:net';\nnet.connect(80, (ready) => {});",
      // http2 request handlers get compatibility objects, none of our kinds.
      "import http2 from 'node:http2';\nhttp2.createServer((req, res) => {});",
      // The name pattern is off by default.
      'export function abortConnection(socket, code) { socket.destroy(); }',
      'class Pool { release() { this.socket.end(); } }',
      // With the strict pattern: plain values, and names that only contain "socket".
      {
        code: "const socket = '/tmp/app.sock';\nconst upstream = { host: 'localhost', port: 8080 };\nlisten(socket, upstream);",
        options: strict,
      },
      { code: 'export function close(sockets, socketPath, webSocket, conn) { conn.end(); }', options: strict },
      { code: 'class Cache { connection = null; flush() { this.connection.end(); } }', options: strict },
      { code: 'function socket() {}\nsocket();', options: strict },
      // Destructured and rest parameters are not followed.
      "import net from 'node:net';\nnet.createServer(({ remoteAddress }) => log(remoteAddress));",
      "import http from 'node:http';\nhttp.createServer((...args) => handle(args));",
      // A table with a value that is not one of Node's modules, or one the file writes into.
      `const http = require('http');
       const transports = { 'http:': http, 'mock:': require('./mock-transport') };
       export function send(url) { return transports[url.protocol].request(url).on('socket', (conn) => conn); }`,
      `const http = require('http');
       exports.protocols = { 'http:': http };
       exports.protocols['unix:'] = require('./unix');
       exports.send = (url) => exports.protocols[url.protocol].request(url).on('socket', (conn) => conn);`,
      `const http = require('http');
       const protocols = { 'http:': http };
       register(protocols);
       export const send = (url) => protocols[url.protocol].request(url).on('socket', (conn) => conn);`,
      // A callback called with something else than a socket on some path is not followed.
      `import net from 'node:net';
       function dial(port, cb) { if (port) cb(net.connect(port)); else cb(null); }
       dial(80, (conn) => conn && conn.end());`,
      // A 'connect' listener of a prototype method whose instance field is replaced elsewhere.
      `import http from 'node:http';
       function Proxy() { this.server = http.createServer(); this.server.on('connect', this.onConnect.bind(this)); this.onConnect = hooks.onConnect; }
       Proxy.prototype.onConnect = function (req, client, head) { client.write('x'); };`,
      // Shapes the detector does not follow must not throw.
      `import net from 'node:net';
       let a = b, b = a;
       a.end();
       server[method]('upgrade', (req, socket, head) => {});
       server.on(...args);
       const { connect } = net;
       new (getSocketClass())();
       this.socket.end();
       for (const socket of sockets) socket.end();
       const self = { socket: net.connect(80), close() { this.socket.end(); } };
       class Loop { constructor() { this.socket = this.socket.on('data', () => {}); } }`,
    ],
    invalid: [
      // Every import style, for net and node:net.
      {
        code: "import net from 'net';\nconst socket = net.connect(443, 'example.com');\nsocket.on('error', onError);",
        errors: [is('socket')],
      },
      {
        code: "import net from 'node:net';\nconst socket = net.createConnection({ port: 5432 });\nsocket.end();",
        errors: [is('socket')],
      },
      {
        code: "import * as net from 'node:net';\nconst socket = new net.Socket();\nsocket.connect(6379);",
        errors: [is('socket')],
      },
      {
        code: "import { connect } from 'node:net';\nconst socket = connect(6379);\nsocket.destroy();",
        errors: [is('socket')],
      },
      {
        code: "import { connect as dial } from 'net';\nconst upstream = dial(80);\nupstream.pipe(client);",
        errors: [is('upstream')],
      },
      {
        code: "import { Socket } from 'node:net';\nconst socket = new Socket({ allowHalfOpen: true });\nsocket.end();",
        errors: [is('socket')],
      },
      {
        code: "const net = require('net');\nconst socket = net.connect(25);\nsocket.write('EHLO localhost');",
        errors: [is('socket')],
      },
      {
        code: "const { connect } = require('node:net');\nconst socket = connect(25);\nsocket.write('EHLO localhost');",
        errors: [is('socket')],
      },
      {
        code: "const { createConnection: open } = require('net');\nconst socket = open({ path: '/tmp/app.sock' });\nsocket.end();",
        errors: [is('socket')],
      },
      {
        code: "const socket = require('node:net').connect(80);\nsocket.end();",
        errors: [is('socket')],
      },
      {
        code: "import net = require('net');\nconst socket = net.connect(80);\nsocket.end();",
        errors: [is('socket')],
      },
      // tls
      {
        code: "import tls from 'node:tls';\nconst socket = tls.connect({ host: 'localhost', port: 443 });\nsocket.on('error', onError);",
        errors: [is('socket')],
      },
      {
        code: "import { TLSSocket } from 'tls';\nconst secure = new TLSSocket(raw, { isServer: true });\nsecure.write('hello');",
        errors: [is('secure')],
      },
      {
        code: "const tls = require('tls');\nconst socket = tls.connect(443, 'localhost');\nsocket.end();",
        errors: [is('socket')],
      },
      // http and https client requests and their responses
      {
        code: "import http from 'node:http';\nconst req = http.request('http://localhost:8080/health');\nreq.end();",
        errors: [is('req', 'client-request')],
      },
      {
        code: `import { get } from 'https';
const req = get('https://localhost:8443', (res) => {
  res.resume();
});
req.on('error', onError);`,
        errors: [is('res', 'incoming-message'), is('res', 'incoming-message'), is('req', 'client-request')],
      },
      {
        code: "const https = require('node:https');\nconst req = https.request({ host: 'localhost' });\nreq.end();",
        errors: [is('req', 'client-request')],
      },
      {
        code: `import * as http from 'http';
const req = http.request(options);
req.on('response', (res) => res.resume());
req.on('socket', (socket) => socket.setNoDelay(true));
req.end();`,
        errors: [
          is('req', 'client-request'),
          is('res', 'incoming-message'),
          is('res', 'incoming-message'),
          is('req', 'client-request'),
          is('socket'),
          is('socket'),
          is('req', 'client-request'),
        ],
      },
      // http2 sessions and their streams
      {
        code: `import http2 from 'node:http2';
const session = http2.connect('https://localhost:8443');
const stream = session.request({ ':path': '/' });
stream.end();`,
        errors: [is('session', 'http2-session'), is('stream', 'http2-stream')],
      },
      {
        code: `import http2 from 'node:http2';
const server = http2.createSecureServer(tlsOptions);
server.on('stream', (stream, headers) => { stream.respond({ ':status': 200 }); });`,
        errors: [is('stream', 'http2-stream'), is('stream', 'http2-stream')],
      },
      // Server callbacks
      {
        code: "import net from 'node:net';\nnet.createServer((socket) => { socket.pipe(socket); });",
        errors: [is('socket'), is('socket'), is('socket')],
      },
      {
        code: "import tls from 'node:tls';\ntls.createServer(tlsOptions, (socket) => { socket.end('bye'); });",
        errors: [is('socket'), is('socket')],
      },
      {
        code: "import { Server } from 'node:net';\nconst server = new Server((socket) => socket.end());",
        errors: [is('socket'), is('socket')],
      },
      {
        code: "import http from 'node:http';\nhttp.createServer(async (req, res) => { res.end('ok'); });",
        errors: [is('req', 'incoming-message'), is('res', 'server-response'), is('res', 'server-response')],
      },
      {
        code: "import net from 'node:net';\nfunction handleConnection(socket) { socket.setKeepAlive(true); }\nnet.createServer(handleConnection);",
        errors: [is('socket'), is('socket')],
      },
      // 'connection' on servers known to be node's
      {
        code: `import net from 'node:net';
const server = net.createServer();
server.on('connection', (socket) => { socket.setTimeout(5000); });`,
        errors: [is('socket'), is('socket')],
      },
      // … also one exported by the same chained assignment that names it
      {
        code: `var net = require('net'), server = module.exports = net.createServer();
server.on('connection', function (client) { client.setTimeout(5000); });`,
        errors: [is('client'), is('client')],
      },
      {
        code: `import http from 'node:http';
const server = http.createServer(app).listen(8080);
server.once('connection', (socket) => socket.setNoDelay(true));`,
        errors: [is('socket'), is('socket')],
      },
      {
        code: `const https = require('https');
https.createServer(tlsOptions, app).on('secureConnection', (socket) => socket.end());`,
        errors: [is('socket'), is('socket')],
      },
      {
        code: `import http from 'node:http';
const server = http.createServer();
server.on('request', (req, res) => { req.socket.setKeepAlive(true); res.end(); });`,
        errors: [
          is('req', 'incoming-message'),
          is('res', 'server-response'),
          is('req.socket'),
          is('req', 'incoming-message'),
          is('res', 'server-response'),
        ],
      },
      // 'upgrade', 'connect', 'clientError': inline, by reference, as class methods
      {
        code: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => { socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n'); });`,
        errors: [is('req', 'incoming-message'), is('socket'), is('socket')],
      },
      {
        code: `export function attachProxy(server) {
  server.on('connect', (req, clientSocket, head) => { clientSocket.write('HTTP/1.1 200 OK\\r\\n\\r\\n'); });
}`,
        errors: [is('clientSocket'), is('clientSocket')],
      },
      {
        code: `server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET' || !socket.writable) return;
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});`,
        errors: [is('socket'), is('socket'), is('socket')],
      },
      {
        code: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', onUpgrade);
function onUpgrade(req, socket, head) { socket.destroy(); }`,
        errors: [is('req', 'incoming-message'), is('socket'), is('socket')],
      },
      {
        code: `import http from 'node:http';
const handleConnect = (req, clientSocket, head) => { clientSocket.end(); };
http.createServer().on('connect', handleConnect);`,
        errors: [is('req', 'incoming-message'), is('clientSocket'), is('clientSocket')],
      },
      {
        code: `import http from 'node:http';
class Proxy {
  server = http.createServer();
  constructor() {
    this.server.on('connect', this.handleConnect.bind(this));
    this.server.on('upgrade', this.handleUpgrade);
  }
  handleConnect(req, clientSocket, head) { clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n'); }
  handleUpgrade = (req, socket) => { socket.destroy(); };
}`,
        errors: [
          is('req', 'incoming-message'),
          is('clientSocket'),
          is('clientSocket'),
          is('req', 'incoming-message'),
          is('socket'),
          is('socket'),
        ],
      },
      // 'upgrade' with two parameters on a receiver the file does not know (an HTTP server from
      // options): every such listener in 68 networking code bases is (req, socket[, head]). The
      // listener is a bound method kept in a table of the instance's handlers, given by a variable.
      {
        code: `function Hub(config) {
  this._handlers = { upgrade: this.onUpgrade.bind(this) };
  var onUpgrade = this._handlers.upgrade;
  config.servers.forEach(function (server) { server.on('upgrade', onUpgrade); });
}
Hub.prototype.onUpgrade = function (request, link) { link.destroy(); };`,
        errors: [is('link'), is('link')],
      },
      {
        code: `import http from 'node:http';
const server = new http.Server();
server.on('checkContinue', (req, res) => { res.writeContinue(); });
server.on('clientError', (err, socket) => socket.destroy());`,
        errors: [
          is('req', 'incoming-message'),
          is('res', 'server-response'),
          is('res', 'server-response'),
          is('socket'),
          is('socket'),
        ],
      },
      {
        code: `import tls from 'node:tls';
const server = tls.createServer(tlsOptions);
server.on('secureConnection', (socket) => socket.end());
server.on('tlsClientError', (err, tlsSocket) => tlsSocket.destroy());`,
        errors: [is('socket'), is('socket'), is('tlsSocket'), is('tlsSocket')],
      },
      {
        code: `import http from 'node:http';
http.get('http://localhost:8080', { timeout: 1000 }, function onResponse(res) { res.resume(); });`,
        errors: [is('res', 'incoming-message'), is('res', 'incoming-message')],
      },
      // Chains return the same socket.
      {
        code: "import net from 'node:net';\nconst socket = net.connect(80).on('error', onError).setTimeout(1000);\nsocket.end();",
        errors: [is('socket')],
      },
      // Data flow: unreassigned `let`, late assignment, nulling out.
      {
        code: "import tls from 'node:tls';\nlet socket;\nsocket = tls.connect(443);\nsocket.end();",
        errors: [is('socket')],
      },
      {
        code: "import net from 'node:net';\nlet socket = net.connect(80);\nsocket.on('close', () => { socket = null; });",
        errors: [is('socket')],
      },
      {
        code: "import net from 'node:net';\nconst socket = net.connect(80);\nconst alias = socket;\nalias.end();",
        errors: [is('socket'), is('alias')],
      },
      // Class members assigned a socket (and nulled) in the same class.
      {
        code: `import net from 'node:net';
class RedisClient {
  socket = net.connect(6379);
  close() { this.socket.end(); this.socket = null; }
}`,
        errors: [is('this.socket')],
      },
      {
        code: `import tls from 'node:tls';
class Client {
  connect() {
    this.socket = tls.connect(443);
    this.socket.on('error', () => this.socket.destroy());
  }
}`,
        errors: [is('this.socket'), is('this.socket')],
      },
      {
        code: `import net from 'node:net';
class Pool {
  #socket = net.connect(6379);
  drain() { this.#socket.end(); }
}`,
        errors: [is('this.#socket')],
      },
      {
        code: "import net from 'node:net';\nimport tls from 'node:tls';\nconst socket = secure ? tls.connect(443) : net.connect(80);\nsocket.end();",
        errors: [is('socket')],
      },
      // The name pattern, when turned on.
      {
        code: 'export function abortConnection(socket, code) { socket.destroy(); }',
        options: strict,
        errors: [is('socket', 'socket', 'name'), is('socket', 'socket', 'name')],
      },
      {
        code: 'class Tunnel { close() { this.clientSocket.end(); this.upstream.end(); } }',
        options: strict,
        errors: [is('this.clientSocket', 'socket', 'name'), is('this.upstream', 'socket', 'name')],
      },
      {
        code: 'export function handleTunnel(req, conn) { conn.end(); }',
        options: [{ socketNamePattern: '^conn$' }],
        errors: [is('conn', 'socket', 'name'), is('conn', 'socket', 'name')],
      },
      // A method of a pre-ES2015 class given as a server's 'connect' listener through `this.m.bind(this)`.
      {
        code: `import http from 'node:http';
               function Proxy() { var self = this; self.server = http.createServer(); self.server.on('connect', self.onConnect.bind(self)); }
               Proxy.prototype.onConnect = function (req, client, head) { client.write('HTTP/1.1 200 OK\\r\\n\\r\\n'); };`,
        errors: [is('req', 'incoming-message'), is('client'), is('client')],
      },
      // The same, bound once into a variable that is then given as the server's connection listener.
      {
        code: `import net from 'node:net';
               function Relay() { var start = this.start.bind(this); this.server = net.createServer(start); }
               Relay.prototype.start = function (conn) { conn.pipe(process.stdout); };`,
        errors: [is('conn'), is('conn')],
      },
      // A module chosen between http and https (the tracker passes through `?:`), and one read from a
      // static table of Node's modules, make requests.
      {
        code: `import http from 'node:http';
               import https from 'node:https';
               export function get(url, secure) {
                 const mod = secure ? https : http;
                 const req = mod.get(url);
                 return req;
               }`,
        errors: [is('req', 'client-request')],
      },
      {
        code: `var http = require('http'), https = require('https');
               exports.protocols = { 'http:': http, 'https:': https };
               exports.send = function (url) {
                 var req = exports.protocols[url.protocol].request(url);
                 req.on('socket', function (conn) { conn.setNoDelay(true); });
                 return req;
               };`,
        errors: [is('req', 'client-request'), is('conn'), is('conn'), is('req', 'client-request')],
      },
      // A callback a function of the file calls with a socket: its parameter is that socket.
      {
        code: `import net from 'node:net';
               function dial(port, cb) { const socket = net.connect(port); if (cb) cb(socket); }
               dial(80, (conn) => { conn.on('close', () => {}); });`,
        errors: [is('socket'), is('conn'), is('conn')],
      },
      // A callback the function also hands on (here, stores) may be called with anything: not followed.
      {
        code: `import net from 'node:net';
               function dial(port, cb) { const socket = net.connect(port); cb(socket); later.push(cb); }
               dial(80, (conn) => conn.end());`,
        errors: [is('socket')],
      },
      // Syntax wins over the name: the kind comes from what the value is.
      {
        code: "import http from 'node:http';\nconst socket = http.request('http://localhost');\nsocket.end();",
        options: strict,
        errors: [is('socket', 'client-request')],
      },
    ],
  });
});

describe('type-aware', () => {
  typedRuleTester.run('socket', probe, {
    valid: [
      // A class of the user's own that happens to be called Socket.
      `class Socket { write(_data: string): void {} }
export function send(socket: Socket) { socket.write('x'); }`,
      // Every stream is a Duplex: only syntax makes one a socket.
      "import { Duplex } from 'node:stream';\nexport function pipeBoth(left: Duplex) { left.end(); }",
      // Servers are not sockets.
      "import type { Server } from 'node:net';\nexport function stop(server: Server) { server.close(); }",
      // A type from another package with the same name as the specifier's.
      {
        code: 'class WebSocket { close(): void {} }\nexport function close(ws: WebSocket) { ws.close(); }',
        options: [{ socketTypes: [{ from: 'package', package: 'ws', name: 'WebSocket' }] }],
      },
      // Types rule out the name pattern for values that cannot hold a net.Socket.
      {
        code: `interface PoolConnection { query(sql: string): void }
export function run(socket: string, upstream: PoolConnection) { upstream.query(socket); }`,
        options: strict,
      },
    ],
    invalid: [
      // A helper's parameter annotated with Node's class: the annotation is syntax (src/model/annotations.ts),
      // so every config knows it, with types or without.
      {
        code: "import type { Socket } from 'node:net';\nexport function abortConnection(socket: Socket, code: string) { socket.destroy(); }",
        errors: [is('socket', 'socket', 'syntax'), is('socket', 'socket', 'syntax')],
      },
      {
        code: "import net from 'net';\nexport class Conn extends net.Socket {}\nexport function reset(conn: Conn | undefined) { conn?.resetAndDestroy(); }",
        errors: [is('conn', 'socket', 'type'), is('conn', 'socket', 'type')],
      },
      {
        code: `import type { IncomingMessage, ServerResponse } from 'node:http';
export function send(req: IncomingMessage, res: ServerResponse) { req.resume(); res.end(); }`,
        errors: [
          is('req', 'incoming-message', 'syntax'),
          is('res', 'server-response', 'syntax'),
          is('req', 'incoming-message', 'syntax'),
          is('res', 'server-response', 'syntax'),
        ],
      },
      {
        code: "import type { ClientHttp2Session } from 'node:http2';\nexport function ping(session: ClientHttp2Session) { session.close(); }",
        errors: [is('session', 'http2-session', 'syntax'), is('session', 'http2-session', 'syntax')],
      },
      {
        // A function of the file whose every return is a new request is a factory: syntax says so.
        code: `import https from 'node:https';
function fire(url: string) { return https.request(url); }
const req = fire('https://localhost:8443');
req.end();`,
        errors: [is('req', 'client-request', 'syntax')],
      },
      {
        // Kept in a variable before it is returned, the request is the factory's no longer: the
        // checker's inferred return type still says what it is.
        code: `import https from 'node:https';
function fire(url: string) { const made = https.request(url); made.setHeader('x-id', '1'); return made; }
const req = fire('https://localhost:8443');
req.end();`,
        errors: [is('made', 'client-request', 'syntax'), is('made', 'client-request', 'syntax'), is('req', 'client-request', 'type')],
      },
      {
        code: `import type { TLSSocket } from 'node:tls';
export class Client {
  private socket: TLSSocket | null = null;
  close() { this.socket?.end(); }
}`,
        errors: [is('this.socket', 'socket', 'syntax')],
      },
      // A server known by its type: its 'connection' listener gets sockets.
      {
        code: "import type { Server } from 'node:net';\nexport function attach(server: Server) { server.on('connection', (socket) => { socket.end(); }); }",
        errors: [is('socket', 'socket', 'type'), is('socket', 'socket', 'type')],
      },
      {
        code: `import type { Server } from 'node:http';
export function attachUpgrade(server: Server) {
  server.on('upgrade', (req, socket, head) => { socket.destroy(); });
}`,
        errors: [is('req', 'incoming-message', 'type'), is('socket', 'socket', 'type'), is('socket', 'socket', 'type')],
      },
      {
        code: "import type { Socket } from 'node:net';\nexport function describe(target: string | Socket) { return target; }",
        errors: [is('target', 'socket', 'type'), is('target', 'socket', 'type')],
      },
      // @types/node types the upgrade socket as a plain Duplex: syntax still makes it a socket.
      {
        code: `import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => { socket.destroy(); });`,
        errors: [is('req', 'incoming-message'), is('socket'), is('socket')],
      },
      // A wrong type never hides what syntax knows.
      {
        code: "import net from 'node:net';\nconst socket = net.connect(80) as unknown as Buffer;\nexport const size = socket.length;",
        errors: [is('socket')],
      },
      {
        code: `import net from 'node:net';
/** @type {import('node:http').ServerResponse} */
const res = net.connect(80);
res.end();`,
        filename: 'file.js',
        errors: [is('res')],
      },
      // JSDoc types count in JavaScript.
      {
        code: `import net from 'node:net';
/** @param {net.Socket} socket */
export function abortConnection(socket) { socket.destroy(); }`,
        filename: 'file.js',
        errors: [is('socket', 'socket', 'type'), is('socket', 'socket', 'type')],
      },
      // socketTypes: a user class (and its subclasses), a package type.
      {
        code: `import { EventEmitter } from 'node:events';
class Tunnel extends EventEmitter { close(): void {} }
class TlsTunnel extends Tunnel {}
export function close(tunnel: Tunnel, secure: TlsTunnel) { tunnel.close(); secure.close(); }`,
        options: [{ socketTypes: [{ from: 'file', name: 'Tunnel' }] }],
        errors: [
          is('tunnel', 'socket', 'type'),
          is('secure', 'socket', 'type'),
          is('tunnel', 'socket', 'type'),
          is('secure', 'socket', 'type'),
        ],
      },
      {
        code: "import { Duplex } from 'node:stream';\nexport function pipeBoth(left: Duplex) { left.end(); }",
        options: [{ socketTypes: [{ from: 'package', package: 'stream', name: 'Duplex' }] }],
        errors: [is('left', 'socket', 'type'), is('left', 'socket', 'type')],
      },
      // The name pattern applies where the type could hold a socket (any, Duplex).
      {
        code: "import type { Duplex } from 'node:stream';\nexport function handleTunnel(clientSocket: Duplex, socket: any) { clientSocket.end(); socket.end(); }",
        options: strict,
        errors: [
          is('clientSocket', 'socket', 'name'),
          is('socket', 'socket', 'name'),
          is('clientSocket', 'socket', 'name'),
          is('socket', 'socket', 'name'),
        ],
      },
    ],
  });
});

/** Lint with ESLint's own Linter (default parser unless told otherwise), the probe rule on. */
function lintWithProbe(code: string, options: SocketOptions = {}, config: Linter.Config = {}): Linter.LintMessage[] {
  const plugin = { rules: { probe } } as unknown as ESLint.Plugin;
  return new Linter({ configType: 'flat' }).verify(code, {
    ...config,
    plugins: { test: plugin },
    rules: { 'test/probe': ['error', options] },
  });
}

describe('options', () => {
  const withoutDescriptions = (schema: unknown): unknown =>
    JSON.parse(JSON.stringify(schema, (key, value: unknown) => (key === 'description' ? undefined : value)));

  it('accepts the same socketTypes as typescript-eslint', () => {
    const { description, ...ours } = socketOptionsSchema.socketTypes;
    expect(description).toMatch(/WebSocket/u);
    expect(withoutDescriptions(ours)).toEqual(withoutDescriptions(typeOrValueSpecifiersSchema as JSONSchema4));
  });

  it('reports an invalid socketNamePattern in one readable line that names the option', () => {
    // ESLint prefixes the rule's name and appends the file on a line of its own.
    expect(() => lintWithProbe('socket.end();', { socketNamePattern: '(socket|sock' })).toThrow(
      /^Error while loading rule 'test\/probe': The socketNamePattern option "\(socket\|sock" is not a valid regular expression \(Invalid regular expression: .*Unterminated group\); give a JavaScript regular expression such as "\^\(\?:socket\|sock\)\$", or null to turn it off\.\n/u,
    );
  });

  it('has a strict name pattern that matches whole socket names only', () => {
    const pattern = new RegExp(DEFAULT_STRICT_SOCKET_NAME_PATTERN, 'u');
    const names = ['socket', 'sock', 'clientSocket', 'proxySocket', 'tlsSocket', 'upstream', 'downstream'];
    const others = ['sockets', 'socketPath', 'socketId', 'webSocket', 'websocket', 'conn', 'connection', 'upstreamUrl'];
    expect(names.filter((name) => pattern.test(name))).toEqual(names);
    expect(others.filter((name) => pattern.test(name))).toEqual([]);
  });

  it('rejects socketTypes entries that are not TypeOrValueSpecifiers', () => {
    expect(() => lintWithProbe('socket.end();', { socketTypes: [{ from: 'package', name: 'WebSocket' } as never] })).toThrow(
      /Key "test\/probe":[^]*should have required property 'package'/u,
    );
  });

  it('treats an empty or null pattern as off', () => {
    for (const socketNamePattern of ['', null]) {
      expect(lintWithProbe('export function f(socket) { socket.end(); }', { socketNamePattern })).toEqual([]);
    }
  });

  it('recognises sockets with the default parser (espree), without type information', () => {
    const messages = lintWithProbe("import net from 'node:net';\nconst socket = net.connect(80);\nsocket.end();");
    expect(messages.map((message) => message.message)).toEqual(['socket is socket by syntax']);
  });

  it('follows require() also when it is a declared global (sourceType commonjs)', () => {
    const messages = lintWithProbe(
      "const net = require('net');\nconst socket = net.connect(80);\nsocket.end();",
      {},
      { languageOptions: { sourceType: 'commonjs' } },
    );
    expect(messages.map((message) => message.message)).toEqual(['socket is socket by syntax']);
  });

  it('does not follow a require() that is a local function', () => {
    const code = "function require(name) { return stubs[name]; }\nconst net = require('net');\nconst socket = net.connect(80);\nsocket.end();";
    expect(lintWithProbe(code, {}, { languageOptions: { sourceType: 'commonjs' } })).toEqual([]);
  });
});
