/**
 * require-error-listener, sockets that cross a function of the same file: handed to a method of a
 * pre-ES2015 class whose prototype is given as an object literal (`Conn.prototype = { … }`,
 * `Object.assign(Conn.prototype, { … })`, `extend(Conn.prototype, { … })`), to a method of a
 * constructor named by a dotted path (`internals.Listener`), or kept on a field of such a class
 * (`this.server`, `self.sock`), or returned by a function of the file (`const conn = dial(port)`). Each has syntax and typed runs; the valid cases are the near-misses
 * where following the socket would guess.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-error-listener.js';
import { DEFAULT_STRICT_SOCKET_NAME_PATTERN, type SocketOptions } from '../../src/socket.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

type Options = [SocketOptions];
type MessageIds = 'missingListener' | 'lateListener' | 'lateHandOff' | 'strippedListener' | 'strippedKept' | 'branchUncovered' | 'onceButReemitted' | 'addListener' | 'useOn';

const strict: Options = [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }];

/** A line-protocol server that gives each connection to a class of the file; `session` is the class. */
const sessionServer = (session: string): string => `
const net = require('net');
${session}
net.createServer((conn) => { new Session(conn); }).listen(7070);
`;
/** The suggestion's output for `sessionServer(session)`: the connection listened to first thing. */
const listened = (session: string): string =>
  sessionServer(session).replace('(conn) => { new Session(conn); }', "(conn) => {\n  conn.on('error', () => conn.destroy()); new Session(conn); }");

/**
 * A relay that pairs each new connection with the one waiting; `guard` is what `bridge` does
 * first with the pair it destructures, `first` what the connection listener does first.
 */
const pairingRelay = (guard: string, first = ''): string => `
const net = require('net');
let lonely = null;
function bridge({ left, right }) {
${guard}  left.pipe(right).pipe(left);
}
net.createServer((peer) => {
${first}  if (lonely) {
    bridge({ left: lonely, right: peer });
    lonely = null;
    return;
  }
  peer.on('error', () => peer.destroy());
  lonely = peer;
}).listen(7000);
`;

/**
 * A WebSocket game server that gives each connection to a session class inside an options
 * object; `listen` is what the constructor does with the socket it reads from the options.
 */
const gameSessions = (listen: string): string => `
import { WebSocketServer } from 'ws';
class Session {
  constructor(options) {
    this.ws = options.socket;
    this.player = options.player;
${listen}    this.ws.on('message', (data) => this.ws.send(String(data)));
  }
}
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err.message));
wss.on('connection', (socket) => {
  new Session({ socket, player: 'guest' });
});
`;

const valid: readonly (string | ValidTestCase<Options>)[] = [
  // A class of the file that listens for 'error' on the connection it keeps (on the field or on
  // the parameter it stored), or hands the field on.
  sessionServer(`class Session {
  constructor(stream) {
    this.stream = stream;
    stream.on('error', () => stream.destroy());
    stream.on('data', (chunk) => this.stream.write(chunk));
  }
}`),
  sessionServer(`function Session(stream) {
  this.stream = stream;
  this.stream.on('error', () => this.stream.destroy());
  stream.on('data', (chunk) => this.stream.write(chunk));
}`),
  sessionServer(`const pump = require('pump');
class Session {
  constructor(stream) {
    this.stream = stream;
    stream.on('data', () => {});
    pump(this.stream, process.stdout);
  }
}`),
  // The prototype's method listens before it writes: the tunnel is handled.
  `
var http = require('http');
function Proxy() { this.server = http.createServer(); }
Proxy.prototype = {
  listen() {
    this.server.on('connect', (req, socket) => this.tunnel(req, socket));
  },
  tunnel(req, socket) {
    socket.on('error', () => socket.destroy());
    socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
  },
};
`,
  // The method hands the socket to another module, which may listen: counted as handled.
  `
var http = require('http');
var relay = require('./relay');
function Proxy() { this.server = http.createServer(); }
Object.assign(Proxy.prototype, {
  listen: function () {
    var self = this;
    this.server.on('connect', function (req, socket) { self.tunnel(req, socket); });
  },
  tunnel: function (req, socket) { relay.attach(req, socket); },
});
`,
  // Each connection is handed to Node's HTTP server (`emit('connection')` on it), whose own listener takes its errors.
  `
var net = require('net');
var http = require('http');
function Sniffer(app) {
  this.web = http.createServer(app);
  var accept = this.accept.bind(this);
  this.server = net.createServer(accept);
}
Sniffer.prototype.accept = function (conn) {
  conn.setNoDelay(true);
  this.web.emit('connection', conn);
};
`,
  // A transport that only passes each connection on to its users (`self.emit('connection', conn)`)
  // hands it over: whoever listens keeps it, as with a net.Server's own 'connection' event.
  `
var net = require('net');
var EventEmitter = require('events').EventEmitter;
var util = require('util');
function Acceptor(port) {
  EventEmitter.call(this);
  var self = this;
  this.server = net.createServer(function (conn) {
    conn.setNoDelay(true);
    self.emit('connection', conn);
  });
  this.server.listen(port);
}
util.inherits(Acceptor, EventEmitter);
module.exports = Acceptor;
`,
  // Two functions under one method name (the literal, then a patch): either may run, so neither is followed.
  `
var http = require('http');
function Proxy() { this.server = http.createServer(); }
Proxy.prototype = {
  listen() {
    this.server.on('connect', (req, socket) => this.tunnel(req, socket));
  },
  tunnel(req, socket) { socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n'); },
};
Proxy.prototype.tunnel = function (req, socket) { socket.on('error', () => socket.destroy()); };
`,
  // A function stored on a name with no prototype methods is not a constructor: its \`this\` is unknown.
  `
var http = require('http');
var server = http.createServer();
var handlers = {};
handlers.onConnect = function (req, socket, head) { this.tunnel(req, socket); };
handlers.tunnel = function (req, socket) { socket.write('HTTP/1.1 200\\r\\n\\r\\n'); };
server.on('connect', handlers.onConnect);
`,
  // \`self\` given another value later is not the instance.
  `
var http = require('http');
function Gateway() {
  var self = this;
  this.server = http.createServer();
  this.server.on('upgrade', function (req, socket) { self.accept(req, socket); });
  self = null;
}
Gateway.prototype.accept = function (req, socket) { socket.write('x'); };
`,
  // The field's socket gets its 'error' listener in another method of the literal.
  `
var net = require('net');
function Conn(port) { this.port = port; }
Conn.prototype = {
  connect: function () {
    this.sock = net.connect(this.port);
    this.sock.on('data', (chunk) => this.onData(chunk));
    this.watch();
  },
  watch: function () { this.sock.on('error', (err) => this.emit('error', err)); },
  onData: function (chunk) {},
};
`,
  // A factory that gives the socket its listener before returning it: the caller's socket is handled.
  `
var net = require('net');
function dial(port) {
  var conn = net.connect(port, '127.0.0.1');
  conn.on('error', (err) => console.error('link failed', err));
  return conn;
}
exports.ping = function (port) { dial(port).end('PING\\r\\n'); };
`,
  // The caller listens on what the factory returns.
  `
var net = require('net');
function dial(port) { return net.connect(port, '127.0.0.1'); }
exports.ping = function (port) {
  var conn = dial(port);
  conn.on('error', () => conn.destroy());
  conn.end('PING\\r\\n');
};
`,
  // One return gives back something other than a new socket (a kept one): not a factory.
  `
var net = require('net');
var cached = null;
function dial(port) {
  if (cached) return cached;
  return net.connect(port, '127.0.0.1');
}
exports.ping = function (port) { dial(port).end('PING\\r\\n'); };
`,
  // An async function returns a promise, not the socket.
  `
var net = require('net');
async function dial(port) { return net.connect(port, '127.0.0.1'); }
exports.ping = async function (port) { const pending = dial(port); await pending; };
`,
  // A function of another module that returns a socket may have given it a listener.
  `
var dial = require('./dial');
exports.ping = function (port) { var conn = dial(port); conn.end('PING\\r\\n'); };
`,
  // The second peer goes to a function of the file inside an object literal; the function takes it
  // apart and listens on it.
  pairingRelay("  right.on('error', () => left.destroy());\n"),
  // The session reads the socket from its options and listens on it.
  gameSessions("    this.ws.on('error', () => this.ws.terminate());\n"),
];

const invalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  // The session reads the socket from its options object and only handles messages: one bad
  // frame from a client is an unhandled 'error' (ws emits it on the connection).
  {
    code: gameSessions(''),
    errors: [
      {
        messageId: 'missingListener',
        line: 12,
        suggestions: [
          {
            messageId: 'addListener',
            output: gameSessions('').replace("  new Session({ socket, player: 'guest' });", "  socket.on('error', (err) => console.error(err));\n  new Session({ socket, player: 'guest' });"),
          },
        ],
      },
    ],
  },
  // The class keeps the connection and writes its greeting on the field: the socket is the class's
  // to listen to, and the server drops the session, so nobody else can (a client reset ends the
  // process). This was a valid case until the class's own traffic on a field it is given counted.
  {
    code: sessionServer(`class Session {
  constructor(stream) {
    this.stream = stream;
    this.stream.write('220 ready\\r\\n');
  }
}`),
    errors: [{ messageId: 'missingListener', line: 9, suggestions: [{ messageId: 'addListener', output: listened(`class Session {
  constructor(stream) {
    this.stream = stream;
    this.stream.write('220 ready\\r\\n');
  }
}`) }] }],
  },
  // The connection goes to a class of the file that keeps it and listens to it for data, never
  // for 'error': the first client reset crashes the server.
  {
    code: sessionServer(`class Session {
  constructor(stream) {
    this.stream = stream;
    stream.on('data', (chunk) => this.onData(chunk));
    this.stream.write('RFB 003.008\\n');
  }
  onData(chunk) { this.stream.write(chunk); }
}`),
    errors: [{ messageId: 'missingListener', line: 11, suggestions: [{ messageId: 'addListener', output: listened(`class Session {
  constructor(stream) {
    this.stream = stream;
    stream.on('data', (chunk) => this.onData(chunk));
    this.stream.write('RFB 003.008\\n');
  }
  onData(chunk) { this.stream.write(chunk); }
}`) }] }],
  },
  {
    code: sessionServer(`function Session(stream) {
  var self = this;
  self.stream = stream;
  stream.on('data', function (chunk) { self.stream.write(chunk); });
}`),
    errors: [{ messageId: 'missingListener', line: 8, suggestions: [{ messageId: 'addListener', output: listened(`function Session(stream) {
  var self = this;
  self.stream = stream;
  stream.on('data', function (chunk) { self.stream.write(chunk); });
}`) }] }],
  },
  // The server field may be the caller's own server: whatever it is, an 'upgrade' listener with
  // two parameters receives (req, socket), and Node's HTTP servers hand that socket over without
  // their 'error' listener.
  {
    code: `
var http = require('http');
function Gateway(opts) {
  var self = this;
  this.server = opts.server || http.createServer();
  this.server.on('upgrade', function (req, socket) { self.accept(req, socket); });
}
Gateway.prototype.accept = function (req, socket) { socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n'); };
`,
    errors: [{ messageId: 'missingListener', line: 6, suggestions: [{ messageId: 'addListener', output: `
var http = require('http');
function Gateway(opts) {
  var self = this;
  this.server = opts.server || http.createServer();
  this.server.on('upgrade', function (req, socket) {
    socket.on('error', () => socket.destroy()); self.accept(req, socket); });
}
Gateway.prototype.accept = function (req, socket) { socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n'); };
` }] }],
  },
  // A prototype method given as the server's 'connect' listener by \`self.onConnect.bind(self)\`:
  // its socket waits for an asynchronous check with no 'error' listener.
  {
    code: `
const http = require('http');
const net = require('net');
function Proxy(port) {
  const self = this;
  self.server = http.createServer();
  self.server.on('connect', self.onConnect.bind(self));
  self.server.listen(port);
}
Proxy.prototype.onConnect = function (req, client, head) {
  const self = this;
  self.authorize(req, function (err) {
    if (err) return client.end('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
    const upstream = net.connect(443, req.url.split(':')[0], () => upstream.pipe(client).pipe(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
};
module.exports = Proxy;
`,
    errors: [{ messageId: 'lateListener', data: { name: 'client', when: 'in a later callback' }, line: 10, suggestions: [{ messageId: 'addListener', output: `
const http = require('http');
const net = require('net');
function Proxy(port) {
  const self = this;
  self.server = http.createServer();
  self.server.on('connect', self.onConnect.bind(self));
  self.server.listen(port);
}
Proxy.prototype.onConnect = function (req, client, head) {
  client.on('error', () => client.destroy());
  const self = this;
  self.authorize(req, function (err) {
    if (err) return client.end('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
    const upstream = net.connect(443, req.url.split(':')[0], () => upstream.pipe(client).pipe(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
};
module.exports = Proxy;
` }] }],
  },
  // Prototype given as an object literal: \`this.tunnel\` runs the literal's method, which writes unguarded.
  {
    code: `
var http = require('http');
function Proxy() { this.server = http.createServer(); }
Proxy.prototype = {
  listen() {
    this.server.on('connect', (req, socket) => this.tunnel(req, socket));
  },
  tunnel(req, socket) { socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n'); },
};
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'socket' }, line: 6 }],
  },
  // \`Object.assign(Proxy.prototype, { … })\`, called through \`var self = this\`.
  {
    code: `
var http = require('http');
function Proxy() { this.server = http.createServer(); }
Object.assign(Proxy.prototype, {
  listen: function () {
    var self = this;
    this.server.on('connect', (req, socket) => self.tunnel(req, socket));
  },
  tunnel: function (req, socket) { socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n'); },
});
`,
    errors: [{ messageId: 'missingListener', line: 7 }],
  },
  // A library's \`extend(Proxy.prototype, { … })\` copies the methods the same way.
  {
    code: `
var http = require('http');
var extend = require('xtend/mutable');
function Proxy() { this.server = http.createServer(); }
extend(Proxy.prototype, {
  listen() {
    var self = this;
    this.server.on('connect', (req, socket) => self.tunnel(req, socket));
  },
  tunnel(req, socket) { socket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n'); },
});
`,
    errors: [{ messageId: 'missingListener', line: 8 }],
  },
  // A constructor named by a dotted path, its method given on \`internals.Listener.prototype\`.
  {
    code: `
var http = require('http');
var internals = {};
exports = module.exports = internals.Listener = function (options) {
  this.server = http.createServer();
  this.server.on('upgrade', (req, socket, head) => this.accept(req, socket, head));
};
internals.Listener.prototype.accept = function (req, socket, head) {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
};
`,
    errors: [{ messageId: 'missingListener', line: 6 }],
  },
  // The server is a field of a pre-ES2015 class: its 'upgrade' listener receives Node's socket,
  // which the prototype method writes to without a listener.
  {
    code: `
var http = require('http');
var util = require('util');
function Gateway() {
  var self = this;
  this.server = http.createServer();
  this.server.on('upgrade', function (req, socket) { self.accept(req, socket); });
}
util.inherits(Gateway, require('events').EventEmitter);
Gateway.prototype.accept = function (req, socket) { socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n'); };
`,
    errors: [{ messageId: 'missingListener', line: 7, suggestions: [{ messageId: 'addListener', output: `
var http = require('http');
var util = require('util');
function Gateway() {
  var self = this;
  this.server = http.createServer();
  this.server.on('upgrade', function (req, socket) {
    socket.on('error', () => socket.destroy()); self.accept(req, socket); });
}
util.inherits(Gateway, require('events').EventEmitter);
Gateway.prototype.accept = function (req, socket) { socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n'); };
` }] }],
  },
  // A field that holds a TLS socket on one branch and a plain one on the other: both need the listener.
  {
    code: `
var net = require('net');
var tls = require('tls');
function Conn(opts) { this.opts = opts; }
Conn.prototype = {
  connect: function () {
    this.sock = this.opts.tls ? tls.connect(this.opts.port) : net.connect(this.opts.port);
    this.sock.on('data', (chunk) => this.onData(chunk));
  },
  onData: function (chunk) {},
};
`,
    errors: [
      { messageId: 'missingListener', data: { noun: 'socket', name: 'tls.connect()' }, suggestions: [{ messageId: 'addListener', output: `
var net = require('net');
var tls = require('tls');
function Conn(opts) { this.opts = opts; }
Conn.prototype = {
  connect: function () {
    this.sock = this.opts.tls ? tls.connect(this.opts.port).on('error', (err) => console.error(err)) : net.connect(this.opts.port);
    this.sock.on('data', (chunk) => this.onData(chunk));
  },
  onData: function (chunk) {},
};
` }] },
      { messageId: 'missingListener', data: { noun: 'socket', name: 'net.connect()' }, suggestions: [{ messageId: 'addListener', output: `
var net = require('net');
var tls = require('tls');
function Conn(opts) { this.opts = opts; }
Conn.prototype = {
  connect: function () {
    this.sock = this.opts.tls ? tls.connect(this.opts.port) : net.connect(this.opts.port).on('error', (err) => console.error(err));
    this.sock.on('data', (chunk) => this.onData(chunk));
  },
  onData: function (chunk) {},
};
` }] },
    ],
  },
  // A request kept on a field in one method and listened to (for 'response' only) in another.
  {
    code: `
var http = require('http');
function Client(url) { this.url = url; }
Object.assign(Client.prototype, {
  send(body) {
    this.req = http.request(this.url, { method: 'POST' });
    this.req.end(body);
  },
  wire() {
    this.req.on('response', (res) => res.resume());
  },
});
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'request', name: 'this.req' }, suggestions: [{ messageId: 'addListener', output: `
var http = require('http');
function Client(url) { this.url = url; }
Object.assign(Client.prototype, {
  send(body) {
    this.req = http.request(this.url, { method: 'POST' }).on('error', (err) => console.error(err));
    this.req.end(body);
  },
  wire() {
    this.req.on('response', (res) => res.resume());
  },
});
` }] }],
  },
  // A function of the file that returns a new socket: the caller is where it is created.
  {
    code: `
import net from 'node:net';
function dial(port: number) {
  return net.connect(port, '127.0.0.1');
}
export function ping(port: number) {
  const conn = dial(port);
  conn.end('PING\\r\\n');
}
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'conn' }, line: 7, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
function dial(port: number) {
  return net.connect(port, '127.0.0.1');
}
export function ping(port: number) {
  const conn = dial(port);
  conn.on('error', () => conn.destroy());
  conn.end('PING\\r\\n');
}
` }] }],
  },
  // A prototype method that returns a new socket, called through \`this\`; the caller that returns it
  // hands it on, the one that writes to it keeps it without a listener.
  {
    code: `
var net = require('net');
function Pool(port) { this.port = port; }
Pool.prototype.create = function () {
  return net.connect(this.port);
};
Pool.prototype.acquire = function () {
  var self = this;
  var conn = self.create();
  conn.setKeepAlive(true);
  return conn;
};
Pool.prototype.warm = function () {
  var conn = this.create();
  conn.write('PING\\r\\n');
};
`,
    errors: [{ messageId: 'missingListener', line: 14, suggestions: [{ messageId: 'addListener', output: `
var net = require('net');
function Pool(port) { this.port = port; }
Pool.prototype.create = function () {
  return net.connect(this.port);
};
Pool.prototype.acquire = function () {
  var self = this;
  var conn = self.create();
  conn.setKeepAlive(true);
  return conn;
};
Pool.prototype.warm = function () {
  var conn = this.create();
  conn.on('error', () => conn.destroy());
  conn.write('PING\\r\\n');
};
` }] }],
  },
  // The connection listener is a prototype method bound once into a variable; it pipes each connection
  // through a codec and tells the class's own users of it, which hands on no duty to listen (Node's
  // servers emit 'connection' with sockets they listen to themselves).
  {
    code: `
var net = require('net');
var EventEmitter = require('events').EventEmitter;
var util = require('util');
function FrameServer(codecs) {
  EventEmitter.call(this);
  this.codecs = codecs;
  var start = this.start.bind(this);
  this.server = net.createServer(start);
}
util.inherits(FrameServer, EventEmitter);
FrameServer.prototype.start = function (conn) {
  var codec = this.codecs.create();
  codec.pipe(conn).pipe(codec);
  this.emit('connection', conn, codec);
};
`,
    errors: [{ messageId: 'missingListener', line: 12, suggestions: [{ messageId: 'addListener', output: `
var net = require('net');
var EventEmitter = require('events').EventEmitter;
var util = require('util');
function FrameServer(codecs) {
  EventEmitter.call(this);
  this.codecs = codecs;
  var start = this.start.bind(this);
  this.server = net.createServer(start);
}
util.inherits(FrameServer, EventEmitter);
FrameServer.prototype.start = function (conn) {
  conn.on('error', () => conn.destroy());
  var codec = this.codecs.create();
  codec.pipe(conn).pipe(codec);
  this.emit('connection', conn, codec);
};
` }] }],
  },
  // An arrow that returns what another factory returns is a factory too.
  {
    code: `
var tls = require('tls');
var open = (host) => tls.connect(443, host);
var openDefault = () => open('mail.example.test');
exports.hello = function () {
  var link = openDefault();
  link.write('EHLO example.test\\r\\n');
};
`,
    errors: [{ messageId: 'missingListener', line: 6, suggestions: [{ messageId: 'addListener', output: `
var tls = require('tls');
var open = (host) => tls.connect(443, host);
var openDefault = () => open('mail.example.test');
exports.hello = function () {
  var link = openDefault();
  link.on('error', () => link.destroy());
  link.write('EHLO example.test\\r\\n');
};
` }] }],
  },
  // The same relay whose function only pipes the pair: the second peer, handed over inside an
  // object literal, has no 'error' listener on that branch, and its first reset crashes the relay.
  {
    code: pairingRelay(''),
    errors: [{ messageId: 'branchUncovered', line: 9, suggestions: [{ messageId: 'addListener', output: pairingRelay('', "  peer.on('error', () => peer.destroy());\n") }] }],
  },
];

ruleTester.run('require-error-listener (crossing functions)', rule, { valid, invalid });
ruleTester.run('require-error-listener (crossing functions, strict)', rule, {
  valid: valid.map((item) => (typeof item === 'string' ? { code: item, options: strict } : { ...item, options: strict })),
  invalid: invalid.map((item) => ({ ...item, options: strict })),
});
typedRuleTester.run('require-error-listener (crossing functions, typed)', rule, { valid, invalid });

/**
 * Sockets handed to another module of the project (test/fixtures/connection-helpers.ts). With type
 * information the callee's declaration is summarised like a function of the file; without it, a
 * hand-off to another module counts as handled, so the invalid cases are valid untyped.
 */
const crossModuleValid: readonly string[] = [
  // The other module listens right away, in a function, a re-exported function of a third module, or a constructor.
  `
import net from 'node:net';
import { GuardedSession, guard, guardFromElsewhere, logPeer } from './connection-helpers.js';
export const server = net.createServer((socket) => {
  logPeer(socket);
  guard(socket);
  socket.write('hello\\r\\n');
});
export const relay = net.createServer((socket) => {
  guardFromElsewhere(socket);
  socket.pipe(socket);
});
export const sessions = net.createServer((socket) => {
  new GuardedSession(socket);
  socket.write('hello\\r\\n');
});
`,
  // Kept on the instance by a parameter property (a method may listen), or one name for two functions: not followed.
  `
import net from 'node:net';
import { Holder, pick } from './connection-helpers.js';
export const server = net.createServer((socket) => {
  new Holder(socket).watch();
});
export const other = net.createServer((socket) => {
  pick(socket);
});
`,
];

const crossModuleInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  // The helper of another module only counts bytes: the connection never gets an 'error' listener.
  {
    code: `
import net from 'node:net';
import { trackTraffic } from './connection-helpers.js';
export const server = net.createServer((socket) => {
  trackTraffic(socket);
  socket.write('hello\\r\\n');
});
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'socket' }, line: 4, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
import { trackTraffic } from './connection-helpers.js';
export const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  trackTraffic(socket);
  socket.write('hello\\r\\n');
});
` }] }],
  },
  // A wrapper class of another module that never listens, and a namespace import of a helper that only logs.
  {
    code: `
import net from 'node:net';
import * as helpers from './connection-helpers.js';
export function open(port: number) {
  const conn = net.connect(port, '127.0.0.1');
  helpers.logPeer(conn);
  return new helpers.Session(conn, 1);
}
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'conn' }, line: 5, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
import * as helpers from './connection-helpers.js';
export function open(port: number) {
  const conn = net.connect(port, '127.0.0.1');
  conn.on('error', () => conn.destroy());
  helpers.logPeer(conn);
  return new helpers.Session(conn, 1);
}
` }] }],
  },
  // The other module listens only after an await.
  {
    code: `
import net from 'node:net';
import { guardLater } from './connection-helpers.js';
export const server = net.createServer((socket) => {
  void guardLater(socket);
});
`,
    errors: [{ messageId: 'lateListener', data: { name: 'socket', when: 'after an `await`' }, line: 4, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
import { guardLater } from './connection-helpers.js';
export const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  void guardLater(socket);
});
` }] }],
  },
];

ruleTester.run('require-error-listener (crossing modules, untyped: handed on)', rule, {
  valid: [...crossModuleValid, ...crossModuleInvalid.map(({ code }) => code)],
  invalid: [],
});
typedRuleTester.run('require-error-listener (crossing modules, typed)', rule, { valid: [...crossModuleValid], invalid: [...crossModuleInvalid] });

// A field filled on several branches of one method: the branches that make the socket give it a
// listener through a helper; the branch that adopts a connection from the options does not.
// A metrics client's connect(): each transport fills `this.socket`; the TLS branch keeps the
// socket in a variable as well (`const tlsSocket = this.socket = tls.connect(…)`) and wires it there.
const carbonClient = (tlsWiring: string): string => `
import net from 'node:net';
import tls from 'node:tls';
export class CarbonClient {
  connect(options) {
    if (options.tls) {
      const tlsSocket = this.socket = tls.connect(options);
      tlsSocket.on('secureConnect', () => this.ready());
      ${tlsWiring}
      return;
    }
    this.socket = net.connect(options);
    this.socket.on('error', (err) => this.fail(err));
  }
  ready() {}
  fail(err) { console.error(err); }
}
`;

const fieldBranchValid: readonly string[] = [
  // The TLS branch names the socket twice in one statement and listens on the variable: the same socket.
  carbonClient("tlsSocket.on('error', (err) => this.fail(err));"),
  // Every branch gives the listener, the adopted connection too.
  `
import net from 'node:net';
import tls from 'node:tls';
export class Mailer {
  connect(options) {
    const watch = () => this.socket.on('error', (err) => this.fail(err));
    if (options.connection) {
      this.socket = options.connection;
      watch();
      return;
    }
    this.socket = options.secure ? tls.connect(options) : net.connect(options);
    watch();
  }
  fail(err) { console.error(err); }
}
`,
  // The adopted connection goes to a TLS upgrade on one branch and is destroyed on the other.
  `
import net from 'node:net';
export class Client {
  connect(options) {
    if (options.connection) {
      this.socket = options.connection;
      if (options.secure) setImmediate(() => this.upgrade());
      else setImmediate(() => this.socket.destroy());
      return;
    }
    this.socket = net.connect(options);
    this.socket.on('error', () => this.socket.destroy());
  }
  upgrade() {
    this.socket.on('error', () => this.socket.destroy());
  }
}
`,
  // The adopted connection is handed on: whoever receives it listens.
  `
import net from 'node:net';
export class Relay {
  open(options, onSocket) {
    if (options.connection) {
      this.socket = options.connection;
      onSocket(this.socket);
      return;
    }
    this.socket = net.connect(options);
    this.socket.on('error', () => this.socket.destroy());
  }
}
`,
  // A field filled by a function of the file, which may listen itself, and a reset to null.
  `
import net from 'node:net';
export class Pool {
  open(options) {
    if (options.reuse) {
      this.socket = this.dial(options);
    } else if (options.close) {
      this.socket = null;
    } else {
      this.socket = net.connect(options);
      this.socket.on('error', () => this.socket.destroy());
    }
  }
  dial(options) {
    const socket = net.connect(options);
    socket.on('error', () => socket.destroy());
    return socket;
  }
}
`,
  // The data connection is upgraded to TLS once connected: a socket made with
  // `new tls.TLSSocket()` keeps Node's own 'error' listener, and the raw one keeps the file's.
  `
import net from 'node:net';
import tls from 'node:tls';
export class DataChannel {
  open(host, port, secure, context) {
    this.socket = new net.Socket();
    this.socket.on('error', (err) => this.emit('error', err));
    this.socket.connect({ host, port }, () => {
      if (secure) {
        const upgraded = new tls.TLSSocket(this.socket, { isServer: true, secureContext: context });
        this.socket = upgraded;
      }
      this.socket.connected = true;
    });
  }
}
`,
  // Only connections the caller gives: none of the branches makes one of Node's sockets.
  `
export class Session {
  attach(options) {
    if (options.primary) {
      this.socket = options.primary;
      this.socket.on('error', (err) => this.emit('error', err));
    } else {
      this.socket = options.fallback;
    }
  }
}
`,
];

const fieldBranchInvalid: readonly InvalidTestCase<MessageIds | 'fieldBranchUncovered', Options>[] = [
  {
    // The variable that names the TLS socket gets only a 'close' listener.
    code: carbonClient("tlsSocket.on('close', () => this.fail(new Error('closed')));"),
    errors: [{ messageId: 'fieldBranchUncovered', line: 7, data: { name: 'this.socket', line: '12' } }],
  },
  {
    // The branches that connect call the helper that listens; the one that adopts a connection
    // from the options goes straight on, and a reset of that connection crashes the process.
    code: `
import net from 'node:net';
import tls from 'node:tls';
export class Mailer {
  connect(options) {
    const watch = () => this.socket.on('error', (err) => this.fail(err));
    if (options.connection) {
      this.socket = options.connection;
      setImmediate(() => this.greet());
      return;
    }
    if (options.secure) {
      this.socket = tls.connect(options, () => this.greet());
      watch();
      return;
    }
    this.socket = net.connect(options, () => this.greet());
    watch();
  }
  greet() {
    this.socket.on('data', (chunk) => this.read(chunk));
    this.socket.write('EHLO example.test\\r\\n');
  }
  read(chunk) { console.log(String(chunk)); }
  fail(err) { console.error(err); }
}
`,
    errors: [{ messageId: 'fieldBranchUncovered', line: 8, data: { name: 'this.socket', line: '13' } }],
  },
  {
    // The same through a callback: the connecting branches listen inside a lookup's callback;
    // the adopted connection is upgraded on one branch only.
    code: `
import net from 'node:net';
export class Client {
  connect(options) {
    if (options.connection) {
      this.socket = options.connection;
      if (options.secure) setImmediate(() => this.upgrade());
      else setImmediate(() => this.ready());
      return;
    }
    lookup(options.host, (err, address) => {
      this.socket = net.connect(options.port, address);
      this.socket.on('error', () => this.socket.destroy());
      this.ready();
    });
  }
  upgrade() {
    this.socket.on('error', () => this.socket.destroy());
  }
  ready() {
    this.socket.setKeepAlive(true);
  }
}
`,
    errors: [{ messageId: 'fieldBranchUncovered', line: 6, data: { name: 'this.socket', line: '12' } }],
  },
];

ruleTester.run('require-error-listener (a field filled on several branches)', rule, { valid: fieldBranchValid, invalid: fieldBranchInvalid });
typedRuleTester.run('require-error-listener (a field filled on several branches, typed)', rule, { valid: fieldBranchValid, invalid: fieldBranchInvalid });

// strict: a WebSocket-style constructor the module exports for other modules' 'upgrade'
// listeners, `Connection(req, socket, head)`. It never reads `socket`: it keeps `req.socket`, the
// same handed-over socket with no 'error' listener (measured: test/live/require-error-listener.live.test.ts).
const upgradeConnection = (prototype: string, keep = 'this.conn = req.socket;'): string => `
const util = require('util');
const Stream = require('stream');

function Connection(req, socket, head, options) {
  this.request = req;
  ${keep}
  this.conn.setNoDelay(true);
  this.conn.on('data', (chunk) => this.parse(chunk));
  this.conn.on('end', () => this.finish());
}
util.inherits(Connection, Stream);

Connection.prototype.parse = function (chunk) { this.emit('message', chunk); };
${prototype}
module.exports = Connection;
`;
const finish = 'Connection.prototype.finish = function () { this.emit(\'close\'); };';

const keptRequestSocketValid: readonly (string | ValidTestCase<Options>)[] = [
  // The class listens for 'error' on the field in a method of its prototype.
  { code: upgradeConnection(`${finish}\nConnection.prototype.start = function () { this.conn.on('error', () => this.conn.destroy()); };`), options: strict },
  // The request's socket is only read for its address: the constructor keeps no socket.
  {
    code: upgradeConnection(finish, 'this.address = req.connection.remoteAddress;\n  this.conn = options.transport;'),
    options: strict,
  },
  // Without a socket name pattern (`recommended`), a function no caller of the file names is not followed.
  upgradeConnection(finish),
];

const keptRequestSocketInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: upgradeConnection(finish),
    options: strict,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'socket', name: 'req.socket' },
        line: 7,
        suggestions: [{ messageId: 'addListener', output: upgradeConnection(finish).replace('options) {\n', "options) {\n  req.socket.on('error', () => req.socket.destroy());\n") }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (an exported upgrade constructor keeping req.socket)', rule, { valid: keptRequestSocketValid, invalid: keptRequestSocketInvalid });
typedRuleTester.run('require-error-listener (an exported upgrade constructor keeping req.socket, typed)', rule, { valid: keptRequestSocketValid, invalid: keptRequestSocketInvalid });

// A socket kept in a private field and read through a getter that only returns it: the class
// listens to it through the getter (`this.socket.on('data', …)`), so 'error' is its part too.
const ipcProvider = (more = ''): string => `
import { connect } from 'node:net';
import type { Socket } from 'node:net';
export class IpcProvider {
  #socket: Socket;
  get socket(): Socket { return this.#socket; }
  constructor(path: string, private onMessage: (line: string) => void) {
    this.#socket = connect(path);
    this.socket.on('data', (data) => this.onMessage(String(data)));
    this.socket.on('end', () => this.socket.destroy());${more}
  }
  send(line: string): void { this.socket.write(line + '\\n'); }
}
`;

const getterValid: readonly string[] = [
  ipcProvider("\n    this.socket.on('error', (err) => { console.warn(err.message); this.socket.destroy(); });"),
  // The getter hands the socket to a function that may listen.
  ipcProvider('\n    watch(this.socket);'),
  // Never listened to by the class: whoever uses it may.
  `
import { connect } from 'node:net';
import type { Socket } from 'node:net';
export class Pipe {
  #socket: Socket;
  get socket(): Socket { return this.#socket; }
  constructor(path: string) { this.#socket = connect(path); }
}
`,
];

const getterInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: ipcProvider(),
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'socket', name: 'this.#socket' },
        line: 8,
        suggestions: [{ messageId: 'addListener', output: ipcProvider().replace('connect(path);', "connect(path).on('error', (err) => console.error(err));") }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a field read through a getter)', rule, { valid: getterValid, invalid: getterInvalid });
typedRuleTester.run('require-error-listener (a field read through a getter, typed)', rule, { valid: getterValid, invalid: getterInvalid });

// A socket put in a Set the file keeps for shutdown hands its errors to nobody: the Set attaches no
// listener, and what reads it back only destroys (the same as for library objects).
const trackedEcho = (first = '', registry = 'const sockets = new Set();'): string => `
const net = require('net');
${registry}
const server = net.createServer((socket) => {
  ${first}sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('data', (data) => socket.write(data));
});
server.listen(7000);
process.on('SIGTERM', () => {
  for (const socket of sockets) socket.destroy();
  server.close();
});
`;

const trackedValid: readonly string[] = [
  trackedEcho("socket.on('error', () => socket.destroy());\n  "),
  // A registry of the project's own may listen.
  trackedEcho('', "const sockets = require('./registry');"),
];

const trackedInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: trackedEcho(),
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'socket', name: 'socket' },
        line: 4,
        suggestions: [{ messageId: 'addListener', output: trackedEcho("socket.on('error', () => socket.destroy());\n  ") }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a socket kept in a Set for shutdown)', rule, { valid: trackedValid, invalid: trackedInvalid });
typedRuleTester.run('require-error-listener (a socket kept in a Set for shutdown, typed)', rule, { valid: trackedValid, invalid: trackedInvalid });

// A method the class inherits from a class of the file (`this.track(client)` in a subclass of
// `Tracker`) is followed like its own: one that only keeps the socket in a Set hands it to nobody.
const inheritedTracker = (track: string): string => `
import net from 'node:net';
class Tracker {
  private open = new Set<net.Socket>();
  track(socket: net.Socket): void {
    this.open.add(socket);
${track}  }
}
export class Relay extends Tracker {
  start(port: number): net.Server {
    return net.createServer((client) => {
      this.track(client);
      const upstream = net.connect(port);
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
  }
}
`;

const inheritedValid: readonly string[] = [
  inheritedTracker("    socket.on('error', () => socket.destroy());\n    socket.on('close', () => this.open.delete(socket));\n"),
];

const inheritedInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: inheritedTracker("    socket.on('close', () => this.open.delete(socket));\n"),
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'socket', name: 'client' },
        line: 12,
        suggestions: [
          {
            messageId: 'addListener',
            output: inheritedTracker("    socket.on('close', () => this.open.delete(socket));\n").replace('(client) => {\n', "(client) => {\n      client.on('error', () => client.destroy());\n"),
          },
        ],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a method inherited from a class of the file)', rule, { valid: inheritedValid, invalid: inheritedInvalid });
typedRuleTester.run('require-error-listener (a method inherited from a class of the file, typed)', rule, { valid: inheritedValid, invalid: inheritedInvalid });

// A web stream's constructor runs `start(controller)` before it returns (measured: a refused
// connect reaches the listener added there), so the socket has its listener in time.
const musicClient = (hook: string): string => `
import { connect, type Socket } from 'node:net';
export function connectPlayer(port: number, host: string): ReadableStream<Uint8Array> {
  return lines(connect(port, host));
}
function lines(socket: Socket): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    ${hook}(controller) {
      socket.on('data', (chunk) => controller.enqueue(chunk));
      socket.on('end', () => controller.close());
      socket.on('error', (err) => controller.error(err));
    },
  });
}
`;

const streamStartValid: readonly string[] = [musicClient('start')];

const streamStartInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // `cancel()` runs only when the reader cancels: the socket waits for it with no listener.
    code: musicClient('cancel'),
    errors: [
      {
        messageId: 'lateListener',
        line: 4,
        data: { name: 'connect()', when: 'in a later callback' },
        suggestions: [{ messageId: 'addListener', output: musicClient('cancel').replace('lines(connect(port, host))', "lines(connect(port, host).on('error', (err) => console.error(err)))") }],
      },
    ],
  },
];

ruleTester.run("require-error-listener (a web stream's start)", rule, { valid: streamStartValid, invalid: streamStartInvalid });
typedRuleTester.run("require-error-listener (a web stream's start, typed)", rule, { valid: streamStartValid, invalid: streamStartInvalid });

// An arrow whose body is the request returns it when it runs: the caller that gets it listens
// before it ends it. An arrow given to a timer or to forEach returns it to nobody.
const tokenRequests = (use: string): string => `
import https from 'node:https';
const makeTokenRequest = (code: string) =>
  https.request({ method: 'POST', host: 'auth.example.com', path: '/token?code=' + code });
export function runRequest(req: ReturnType<typeof https.request>, done: (err: Error | null) => void) {
  req.once('error', done);
  req.once('response', (res) => { res.resume(); done(null); });
  req.end();
}
${use}
`;

const arrowReturnValid: readonly string[] = [
  tokenRequests("export const login = (code: string, done: (err: Error | null) => void) => runRequest(makeTokenRequest(code), done);"),
  // A port forward hands each connection to its caller through an accept function.
  `
import { createServer, type Socket } from 'node:net';
export function forward(port: number, offer: (accept: () => Socket, reject: () => void) => void) {
  return createServer((s) => offer(() => s, () => s.destroy())).listen(port);
}
`,
];

const arrowReturnInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: tokenRequests("export function warmUp(hosts: string[]) {\n  hosts.forEach((host) => https.get({ host, path: '/health' }));\n}"),
    errors: [
      {
        messageId: 'missingListener',
        line: 11,
        data: { noun: 'request', name: 'https.get()' },
        suggestions: [
          {
            messageId: 'addListener',
            output: tokenRequests("export function warmUp(hosts: string[]) {\n  hosts.forEach((host) => https.get({ host, path: '/health' }).on('error', (err) => console.error(err)));\n}"),
          },
        ],
      },
    ],
  },
];

ruleTester.run('require-error-listener (an arrow that returns the request)', rule, { valid: arrowReturnValid, invalid: arrowReturnInvalid });
typedRuleTester.run('require-error-listener (an arrow that returns the request, typed)', rule, { valid: arrowReturnValid, invalid: arrowReturnInvalid });

// A variable of the file that keeps the latest connection (`current = socket`) hands it to nobody
// when every read of it only uses the socket (writes, tests, ends): no one can listen through it.
const latestClient = (kept: string, extra = ''): string => `
import net from 'node:net';
let current: net.Socket | null = null;
net.createServer((socket) => {
  ${kept}current = socket;
  socket.on('close', () => {
    if (current === socket) current = null;
  });
}).listen(7000);
export function broadcast(line: string): void {
  if (current && !current.destroyed) current.write(line + '\\n');
}
${extra}`;

const keptVariableValid: string[] = [
  latestClient("socket.on('error', () => socket.destroy());\n  "),
  // The file listens through the variable.
  latestClient('', "export function watch(): void {\n  current?.on('error', (err) => console.error(err));\n}\n"),
  // The variable is handed on: a function of another module may listen.
  latestClient('', "import { adopt } from './adopt';\nexport function handOver(): void {\n  if (current) adopt(current);\n}\n"),
  // Exported: every importer can reach the socket.
  latestClient('').replace('let current', 'export let current'),
];

const keptVariableInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: latestClient(''),
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'socket', name: 'socket' },
        line: 4,
        suggestions: [{ messageId: 'addListener', output: latestClient("socket.on('error', () => socket.destroy());\n  ") }],
      },
    ],
  },
];

// Never read at all: nothing can ever listen through it.
const unreadLink = (listen: string): string => `
import net from 'node:net';
let link = null;
export function open(port: number): void {
  link = net.connect(port)${listen};
}
`;
keptVariableInvalid.push({
  code: unreadLink(''),
  errors: [
    {
      messageId: 'missingListener',
      data: { noun: 'socket', name: 'link' },
      line: 5,
      suggestions: [{ messageId: 'addListener', output: unreadLink(";\n  link.on('error', () => link.destroy())") }],
    },
  ],
});

// A CommonJS syslog receiver that keeps its socket in a name it never declared (no `var`): an
// implicit global. Its bind fails asynchronously, so the try/catch around it never sees EADDRINUSE.
const implicitGlobal = (after: string): string => `
const dgram = require('dgram');
exports.start = function (output) {
  try {
    receiver = dgram.createSocket('udp4', (msg) => output.write(msg));
    receiver.bind(514);${after}
  } catch (err) {
    console.error('cannot listen on 514:', err.message);
  }
};
`;
keptVariableValid.push(
  // The file listens through the name.
  implicitGlobal("\n    receiver.on('error', (err) => console.error(err.message));"),
  // Handed to a function of another module through the name: the hand-off covers it.
  `
const dgram = require('dgram');
const { watch } = require('./health');
exports.start = function () {
  receiver = dgram.createSocket('udp4');
  watch(receiver);
};
`,
);
keptVariableInvalid.push({
  code: implicitGlobal(''),
  errors: [
    {
      messageId: 'missingListener',
      data: { noun: 'UDP socket', name: 'receiver' },
      line: 5,
      suggestions: [{ messageId: 'addListener', output: implicitGlobal('').replace("    receiver.bind(514);", "    receiver.on('error', (err) => console.error(err));\n    receiver.bind(514);") }],
    },
  ],
});

ruleTester.run('require-error-listener (a variable of the file keeping the latest socket)', rule, { valid: keptVariableValid, invalid: keptVariableInvalid });
typedRuleTester.run('require-error-listener (a variable of the file keeping the latest socket, typed)', rule, {
  valid: keptVariableValid,
  invalid: keptVariableInvalid,
});

// A parser stream a connection is piped into (src/model/parser-streams.ts): a class of the file,
// or typed of another module, that extends node:stream's Transform, Duplex or Writable and passes
// an error on. One bad frame from the peer is an 'error' that `pipe()`'s own listener re-emits,
// and the process crashes (test/live/library-connections.live.test.ts).
const FRAMES = `
const { Transform } = require('node:stream');
class Frames extends Transform {
  _transform(chunk, encoding, done) {
    if (chunk[0] !== 0x01) return done(new Error('bad frame header'));
    done(null, chunk);
  }
}`;

/** A client that pipes its socket into `parser` (a `new` of a class of `classes`) and back; `more` follows. */
const framedClient = (classes: string, parser: string, more = ''): string => `
const net = require('node:net');${classes}
function dial(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => socket.destroy());
  const parser = ${parser};
  socket.pipe(parser).pipe(socket);
  parser.on('data', (frame) => console.log(frame.length));${more}
  return socket;
}
module.exports = dial;
`;

const parserValid: readonly string[] = [
  // A transform that never passes an error on cannot fail on what the peer sends.
  framedClient(`
const stream = require('stream');
class Pass extends stream.Transform {
  _transform(chunk, encoding, done) { done(null, chunk); }
}`, 'new Pass()'),
  // The parser has its listener; or it is fed from a file; or pipeline() handles every stream's errors.
  framedClient(FRAMES, 'new Frames()', "\n  parser.on('error', () => socket.destroy());"),
  `${FRAMES}
const fs = require('node:fs');
const net = require('node:net');
module.exports = (path, port) => {
  fs.createReadStream(path).pipe(new Frames()).pipe(net.connect(port, '127.0.0.1').on('error', () => {}));
};
`,
  `${FRAMES}
const net = require('node:net');
const { pipeline } = require('node:stream');
module.exports = (port, out) => {
  pipeline(net.connect(port, '127.0.0.1'), new Frames(), out, (err) => err && console.warn(err.message));
};
`,
  // A class that extends something other than Node's stream classes is not read as one.
  framedClient(`
const { Parser } = require('./parser');
class Frames extends Parser {
  _transform(chunk, encoding, done) { done(new Error('bad')); }
}`, 'new Frames()'),
];

const SYMBOL_PARSER = `
const net = require('node:net');
const { Writable } = require('node:stream');
const kParser = Symbol('parser');
class Sink extends Writable {
  _write(chunk, encoding, callback) { decode(this, chunk, callback); }
}
function decode(sink, chunk, callback) { callback(chunk.length > 1024 ? new Error('too large') : null); }
class Connection {
  constructor(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => this.socket.destroy());
    this[kParser] = new Sink();
    this.socket.pipe(this[kParser]);
  }
}
module.exports = Connection;
`;

const parserInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: framedClient(FRAMES, 'new Frames()'),
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'parser stream', name: 'parser' },
        line: 13,
        suggestions: [{ messageId: 'addListener', output: framedClient(FRAMES, 'new Frames()').replace('  socket.pipe(parser)', "  parser.on('error', (err) => console.error(err));\n  socket.pipe(parser)") }],
      },
    ],
  },
  // Kept under a symbol key by a connection class; its write side hands the callback to a helper.
  {
    code: SYMBOL_PARSER,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'parser stream', name: 'this[kParser]' },
        line: 13,
        suggestions: [{ messageId: 'addListener', output: SYMBOL_PARSER.replace('new Sink();', "new Sink().on('error', (err) => console.error(err));") }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a parser stream fed by a socket)', rule, { valid: parserValid, invalid: parserInvalid });
typedRuleTester.run('require-error-listener (a parser stream fed by a socket, typed)', rule, { valid: parserValid, invalid: parserInvalid });

/** A connection of the project's own wire protocol, parsing with a class of test/fixtures/frame-parsers.ts. */
const importedParser = (name: string): string => `
import net from 'node:net';
import { ${name} } from './frame-parsers.js';
export function open(port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => socket.destroy());
  const frames = new ${name}();
  socket.pipe(frames).pipe(socket);
  return socket;
}
`;

const importedParserInvalid: readonly InvalidTestCase<MessageIds, Options>[] = ['FrameParser', 'MessageFrames'].map((name) => ({
  code: importedParser(name),
  errors: [
    {
      messageId: 'missingListener',
      data: { noun: 'parser stream', name: 'frames' },
      line: 7,
      suggestions: [{ messageId: 'addListener', output: importedParser(name).replace('  socket.pipe(frames)', "  frames.on('error', (err) => console.error(err));\n  socket.pipe(frames)") }],
    },
  ],
}));

// Without types the class of another module is not read: nothing is reported.
ruleTester.run('require-error-listener (a parser stream of another module, untyped)', rule, {
  valid: [importedParser('PassFrames'), ...importedParserInvalid.map(({ code }) => code)],
  invalid: [],
});
typedRuleTester.run('require-error-listener (a parser stream of another module, typed)', rule, { valid: [importedParser('PassFrames')], invalid: importedParserInvalid });

// A pre-ES2015 client that keeps its connection through a setter and writes through a getter
// method (`this.getStream().write(…)`): the class carries traffic on the socket itself, so the
// socket is its own to listen to. A refused connect crashes the process when nothing listens.
const accessorClient = (more: string): string => `
const net = require('node:net');
function Conn(options) {
  this.options = options;
  this.stream = false;
}
Conn.prototype.setStream = function (s) {
  this.stream = s;
};
Conn.prototype.getStream = function () {
  return this.stream;
};
Conn.prototype.init = function (done) {
  var self = this;
  var newStream = net.connect(this.options, function () { done(); });
  newStream.on('readable', function () { self.read(); });
  newStream.on('end', function () { self.setStream(false); });
  self.setStream(newStream);
};
${more}
module.exports = Conn;
`;
const accessorCases = {
  valid: [
    // The listener comes through the getter too.
    accessorClient("Conn.prototype.send = function (buf) {\n  this.getStream().write(buf);\n};\nConn.prototype.watch = function () {\n  this.getStream().on('error', (err) => this.emit('error', err));\n};"),
    // The class never uses the socket itself: whoever uses the class may listen.
    accessorClient(''),
    // The class writes on the field, and the getter is only its users' way to the socket's events:
    // returning it hands it on.
    accessorClient('Conn.prototype.send = function (buf) {\n  this.stream.write(buf);\n};'),
  ],
  invalid: [
    {
      code: accessorClient('Conn.prototype.send = function (buf) {\n  this.getStream().write(buf);\n};'),
      errors: [{ messageId: 'missingListener' as const, line: 15, data: { noun: 'socket', name: 'newStream' }, suggestions: [{ messageId: 'addListener' as const, output: accessorClient('Conn.prototype.send = function (buf) {\n  this.getStream().write(buf);\n};').replace("  var newStream = net.connect(this.options, function () { done(); });\n", "  var newStream = net.connect(this.options, function () { done(); });\n  newStream.on('error', () => newStream.destroy());\n") }] }],
    },
  ],
};
ruleTester.run('require-error-listener (a socket kept through a setter and used through a getter method)', rule, accessorCases);
typedRuleTester.run('require-error-listener (a socket kept through a setter and used through a getter method, typed)', rule, accessorCases);

/**
 * A pair of connections kept under a key the code computes (`this.links[kind]`), each handed at
 * once to a method that sets it up: the method's listeners are the connection's.
 */
const keyedLinks = (setUp: string): string => `
import net from 'node:net';
export class PipePair {
  links = {};
  open(kind, path) {
    this.links[kind]?.destroy();
    this.links[kind] = net.connect(path);
    this.watch(kind, this.links[kind]);
  }
  watch(kind, link) {
    ${setUp}
  }
  send(kind, line) {
    this.links[kind].write(line + '\\n');
  }
}
`;
const keyedCases = {
  valid: [keyedLinks("link.addListener('error', (err) => this.emit('error', { kind, err }));\n    link.on('close', () => this.open(kind, link.path));")],
  invalid: [
    {
      code: keyedLinks("link.on('close', () => this.open(kind, link.path));"),
      errors: [
        {
          messageId: 'missingListener' as const,
          line: 7,
          suggestions: [
            {
              messageId: 'addListener' as const,
              output: keyedLinks("link.on('close', () => this.open(kind, link.path));").replace('= net.connect(path);', "= net.connect(path).on('error', (err) => console.error(err));"),
            },
          ],
        },
      ],
    },
  ],
};
ruleTester.run('require-error-listener (connections kept under a computed key and set up by a method)', rule, keyedCases);
typedRuleTester.run('require-error-listener (connections kept under a computed key and set up by a method, typed)', rule, keyedCases);

/**
 * A chat server that hands each connection to a helper of the file at once; `helper` is the
 * helper's body, which defers its work to a timer.
 */
const chatEnter = (helper: string): string => `
import { WebSocketServer, type WebSocket } from 'ws';
import { broadcast } from './broadcast';
const server = new WebSocketServer({ port: 8077 });
server.on('error', (err) => console.error(err));
function enter(socket: WebSocket) {
  ${helper}
}
server.on('connection', (socket: WebSocket) => {
  enter(socket);
});
`;
const chatReported = (helper: string, messageId: 'lateHandOff' | 'lateListener') => ({
  code: chatEnter(helper),
  errors: [
    {
      messageId,
      line: 9,
      data: { name: 'socket', when: 'in a later callback' },
      suggestions: [{ messageId: 'addListener' as const, output: chatEnter(helper).replace('(socket: WebSocket) => {\n  enter', "(socket: WebSocket) => {\n  socket.on('error', (err) => console.error(err));\n  enter") }],
    },
  ],
});
const chatEnterCases = {
  valid: [chatEnter("socket.on('error', () => socket.terminate());\n  setTimeout(() => broadcast(socket), 100);")],
  invalid: [
    // The helper only hands the socket on, later: nothing ever adds an 'error' listener in this file.
    chatReported('setTimeout(() => broadcast(socket), 100);', 'lateHandOff'),
    // The helper listens, later: a late listener.
    chatReported("setTimeout(() => socket.on('error', () => socket.terminate()), 100);", 'lateListener'),
  ],
};
ruleTester.run('require-error-listener (a helper that hands the socket on, or listens, only later)', rule, chatEnterCases);
typedRuleTester.run('require-error-listener (a helper that hands the socket on, or listens, only later, typed)', rule, chatEnterCases);

/** An MQTT-like broker front that passes each client socket along with every packet it reads. */
const packetFront = (more: string): string => `
import net from 'node:net';
import { broker } from './broker';
net.createServer((socket) => {
  socket.on('data', (packet) => broker.dispatch(packet, socket));
  socket.on('close', () => broker.emit('left', socket));${more}
}).listen(1883);
`;
/** The one finding on `packetFront(more)`, with its suggestion applied. */
const packetReported = (more: string, messageId: 'missingListener' | 'lateHandOff', data: Record<string, string>) => ({
  code: packetFront(more),
  errors: [
    {
      messageId,
      line: 4,
      data,
      suggestions: [{ messageId: 'addListener' as const, output: packetFront(more).replace('(socket) => {\n', "(socket) => {\n  socket.on('error', () => socket.destroy());\n") }],
    },
  ],
});
const packetFrontCases = {
  valid: [packetFront("\n  socket.on('error', () => socket.destroy());")],
  invalid: [
    // Passed along with each packet and once it closed: nobody takes it into keeping, nothing listens.
    packetReported('', 'missingListener', { noun: 'socket', name: 'socket' }),
    // Handed over in a one-time listener for its first bytes: a late hand-off.
    packetReported("\n  socket.once('data', (head) => broker.adopt(head, socket));", 'lateHandOff', { name: 'socket', when: 'in a later callback' }),
  ],
};
ruleTester.run('require-error-listener (a socket passed along with each packet it reads)', rule, packetFrontCases);
typedRuleTester.run('require-error-listener (a socket passed along with each packet it reads, typed)', rule, packetFrontCases);
