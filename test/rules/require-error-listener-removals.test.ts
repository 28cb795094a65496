/**
 * require-error-listener, listeners taken away: a socket stripped of its 'error' listeners and then
 * kept or used, in the shapes real teardown and pooling code has (a pre-ES2015 class, a request
 * stripped by a closure, a field that holds a socket only on some paths, a parameter known as a
 * socket by what the function does with it), and a TLS socket listened to only once (it stays open
 * after a record it cannot decrypt). The facts: test/live/removed-listeners.live.test.ts,
 * test/live/stripped-listeners.live.test.ts and test/live/manifest-facts.live.test.ts. Every case
 * runs with and without type information.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-error-listener.js';
import type { SocketOptions } from '../../src/socket.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

type Options = [SocketOptions];
type MessageIds =
  | 'missingListener'
  | 'lateListener'
  | 'strippedListener'
  | 'strippedKept'
  | 'strippedAfterAbort'
  | 'branchUncovered'
  | 'onceButReemitted'
  | 'onceOnTls'
  | 'addListener'
  | 'useOn';

/** A server-side STARTTLS whose TLS socket `make` creates; its handshake listeners go once it is secure. */
const startTls = (make: string): string => `
import tls from 'node:tls';
export function upgrade(socket, options, callback) {
  let secure;
  let failed = false;
  const onError = (err) => {
    failed = true;
    callback(err || new Error('closed while the TLS session was set up'));
  };
  secure = ${make};
  secure.once('error', onError);
  secure.once('close', onError);
  secure.on('secure', () => {
    secure.removeListener('error', onError);
    secure.removeListener('close', onError);
    if (failed) secure.end();
    else callback(null, secure);
  });
}
`;

/** A server whose helper borrows the connection to read a greeting; `takeOff` is how the helper removes its 'error' handler. */
const greetingReader = (takeOff: string): string => `
const net = require('net');
function readGreeting(socket) {
  return new Promise((resolve, reject) => {
    const onError = (err) => { cleanup(); reject(err); };
    const onData = (chunk) => { cleanup(); resolve(String(chunk)); };
    const cleanup = () => {
      socket.removeListener('data', onData);
      ${takeOff};
    };
    socket.on('data', onData);
    socket.on('error', onError);
  });
}
net.createServer(async (socket) => {
  socket.on('error', () => socket.destroy());
  socket.write(await readGreeting(socket));
}).listen(7000);
`;

/**
 * A pub/sub client whose connect promise listens for the connect's outcome on a socket `open()`
 * makes; `method` is how `open()` itself listens for 'error'.
 */
const pubSubConnect = (method: string): string => `
import { Socket } from 'node:net';
export class Subscriber {
  socket: Socket | null = null;
  connect(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket: Socket = this.open(port);
      const onConnect = () => {
        socket.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        socket.off('connect', onConnect);
        reject(err);
      };
      socket.once('connect', onConnect);
      socket.once('error', onError);
    });
  }
  open(port: number): Socket {
    const socket = new Socket();
    this.socket = socket;
    socket.${method}('error', (err) => console.warn('subscriber:', err.message));
    socket.connect(port);
    return socket;
  }
}
`;

const valid: readonly (string | ValidTestCase<Options>)[] = [
  // The same close that destroys the socket in the executor: nothing more is emitted.
  `
import net from 'node:net';
export class BrokerLink {
  open(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', (err) => console.warn('link error', err.message));
  }
  close() {
    this.socket.removeAllListeners();
    return new Promise((resolve) => {
      this.socket.once('close', resolve);
      this.socket.destroy();
    });
  }
}
`,
  // A relay port that could not be bound: its 'error' listener strips every listener and closes a
  // UDP socket that never sent, which leaves nothing pending to fail (measured in
  // test/live/stripped-listeners.live.test.ts).
  `
import dgram from 'node:dgram';
export function reservePort(port) {
  return new Promise((resolve, reject) => {
    const relay = dgram.createSocket('udp4');
    relay.on('listening', () => { relay.removeAllListeners(); resolve(relay); });
    relay.on('error', (err) => {
      relay.removeAllListeners();
      relay.close();
      reject(err);
    });
    relay.bind({ port, exclusive: true });
  });
}
`,
  // A socket made with \`new TLSSocket()\` keeps the constructor's own 'error' listener (Node drops it
  // only in _releaseControl(), which tls.connect() calls): a once listener of the file adds nothing
  // a second error could crash (measured in test/live/manifest-facts.live.test.ts).
  `
import { TLSSocket } from 'node:tls';
export function wrap(raw, log) {
  const wrapped = new TLSSocket(raw, { isServer: false });
  wrapped.prependOnceListener('error', (err) => log.warn(err));
  wrapped.on('data', (chunk) => log.info(chunk.length));
  wrapped.write('HELLO\\n');
}
`,
  // A pool lets go of a socket taken over by an upgrade: it removes its listeners and turns the
  // idle timeout off (`setTimeout(0, …)`), which keeps nothing in use; the new owner listens.
  `
import net from 'node:net';
export function track(pool, port) {
  const socket = net.connect(port);
  function onError(err) { pool.emit('error', err); }
  function onTimeout() { socket.destroy(); }
  socket.on('error', onError);
  socket.on('timeout', onTimeout);
  socket.setTimeout(5000);
  socket.on('agentRemove', () => {
    socket.removeListener('error', onError);
    socket.setTimeout(0, onTimeout);
  });
  return socket;
}
`,
  // A pre-ES2015 class that strips the connect-time listener and adds its lasting one before piping.
  `
var net = require('net');
function Link(port) { this.port = port; }
Link.prototype.open = function () {
  var self = this;
  this.stream = net.connect(this.port, '127.0.0.1', function () { self.ready(); });
  this.stream.once('error', function (err) { self.fail(err); });
};
Link.prototype.ready = function () {
  this.stream.removeAllListeners('error');
  this.stream.on('error', this.fail.bind(this));
  this.stream.pipe(this.decoder);
};
module.exports = Link;
`,
  // Two constructors: the field of one is not the field of the other, and Cache's is no socket.
  `
var net = require('net');
function Link(port) { this.stream = net.connect(port, '127.0.0.1'); this.stream.on('error', console.error); }
function Cache(source) { this.stream = source; }
Cache.prototype.reset = function () {
  this.stream.removeAllListeners('error');
  this.stream.pipe(this.sink);
};
module.exports = { Link, Cache };
`,
  // The closure strips the request's listener and destroys it: nothing more is emitted.
  `
import http from 'node:http';
export function fetchStatus(url, callback) {
  const request = http.request(url, (res) => {
    res.on('end', () => finish(null, res.statusCode));
    res.resume();
  });
  function onError(err) { finish(err); }
  function finish(err, status) {
    request.removeListener('error', onError);
    request.destroy();
    callback(err, status);
  }
  request.on('error', onError);
  request.end();
}
`,
  // abort() destroys a request too (measured).
  `
import http from 'node:http';
export function fetchStatus(url, callback) {
  const request = http.request(url, (res) => {
    res.on('end', () => finish(null, res.statusCode));
    res.resume();
  });
  function onError(err) { finish(err); }
  function finish(err, status) {
    request.removeListener('error', onError);
    request.abort();
    callback(err, status);
  }
  request.on('error', onError);
  request.end();
}
`,
  // The closure runs only once the request has closed: nothing more is emitted then.
  `
import http from 'node:http';
export function fetchStatus(url, callback) {
  const request = http.request(url, (res) => res.resume());
  function onError(err) { callback(err); }
  function cleanup() {
    request.removeListener('error', onError);
    callback(null);
  }
  request.on('error', onError);
  request.on('close', () => cleanup());
  request.end();
}
`,
  // The caller destroys the request right after the closure stripped it.
  `
import http from 'node:http';
export function fetchStatus(url, callback) {
  const request = http.request(url, (res) => {
    res.on('end', () => {
      detach();
      request.destroy();
      callback(null, res.statusCode);
    });
    res.resume();
  });
  function onError(err) { callback(err); }
  function detach() {
    request.removeListener('error', onError);
  }
  request.on('error', onError);
  request.end();
}
`,
  // The loop strips other events only: the socket keeps its 'error' listener.
  `
import net from 'node:net';
export function reuse(pool, message) {
  const socket = pool.take() || net.connect(25, 'mx.internal');
  socket.on('error', () => pool.drop(socket));
  for (const event of ['data', 'timeout']) socket.removeAllListeners(event);
  socket.write(message);
}
`,
  // Nothing says this emitter is a socket: a job queue stripped and written to is left alone.
  `
export function drain(queue, onError) {
  queue.on('data', (job) => job.run());
  queue.on('error', onError);
  queue.removeListener('error', onError);
  queue.write({ type: 'flush' });
}
`,
  // once('error') while the file emits 'error' on it, yet nothing says it is a socket.
  `
import net from 'node:net';
export const family = net.isIP;
export function watch(job, done) {
  job.once('stalled', () => job.emit('error', new Error('stalled')));
  job.once('error', done);
}
`,
  // A plain net socket emits one 'error' and is destroyed with it: once is enough.
  `
import net from 'node:net';
export class SmtpClient {
  open(host) {
    this.socket = net.connect(25, host);
    this.socket.once('error', (err) => this.fail(err));
    this.socket.on('data', (chunk) => this.read(chunk));
  }
}
`,
  // The first error's listener destroys the TLS socket: no second error can follow.
  `
import tls from 'node:tls';
export function watch(host, onLine) {
  const secure = tls.connect({ host, port: 6697 });
  secure.once('error', () => secure.destroy());
  secure.on('data', onLine);
}
`,
  // The once listener only covers the handshake: a lasting one replaces it once connected.
  `
const tls = require('tls');
function Feed(host) {
  var self = this;
  this.stream = tls.connect(993, host, function () {
    self.stream.removeAllListeners('error');
    self.stream.on('error', function (err) { self.emit('error', err); });
  });
  this.stream.once('error', function (err) { self.emit('error', err); });
}
module.exports = Feed;
`,
  // A TLS server's connections keep Node's own 'error' listener (onSocketTLSError): once is enough.
  `
import tls from 'node:tls';
const server = tls.createServer({ key: process.env.KEY, cert: process.env.CERT });
server.on('secureConnection', (secure) => {
  secure.once('error', (err) => console.error('client:', err.message));
  secure.on('data', (chunk) => secure.write(chunk));
});
server.listen(8443);
`,
  // Handed to the caller once connected: the caller listens for the rest of its life.
  `
import tls from 'node:tls';
export function openSecure(options) {
  return new Promise((resolve, reject) => {
    const secure = tls.connect(options, () => {
      secure.removeListener('error', reject);
      resolve(secure);
    });
    secure.once('error', reject);
  });
}
`,
  // Upgraded for the caller: the once listener covers the handshake, the caller listens afterwards.
  `
import { connect } from 'node:tls';
import type { Socket } from 'node:net';
export function secure(plain: Socket, servername: string) {
  return new Promise((resolve, reject) => {
    const upgraded = connect({ socket: plain, servername }, () => {
      upgraded.removeAllListeners('error');
      resolve(upgraded);
    }).once('error', reject);
  });
}
`,
  // Handed to the caller inside the value it resolves with.
  `
import { connect } from 'node:tls';
export function dial(options) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    const secure = connect(options, () => {
      secure.removeListener('error', onError);
      resolve({ socket: secure, encrypted: true });
    });
    secure.once('error', onError);
  });
}
`,
  // Handed to a connection object of another module, which listens itself; this file never writes.
  `
const tls = require('tls');
const Connection = require('./connection');
module.exports = function open(options, done) {
  let ready = false;
  const sock = tls.connect(options, () => {
    ready = true;
    done(null, new Connection(sock));
  });
  sock.once('error', (err) => { if (!ready) done(err); });
};
`,
  // A server-side STARTTLS: the listeners of the handshake go once it is secure, and a session
  // that failed meanwhile is ended. A socket made with `new tls.TLSSocket()` keeps Node's own
  // 'error' listener (it passes errors on as '_tlsError'), so nothing is left unheard.
  startTls('new tls.TLSSocket(socket, { isServer: true, ...options })'),
  // A helper borrows the caller's socket and takes off only the 'error' handler it added itself:
  // the socket keeps the caller's listener.
  greetingReader("socket.removeListener('error', onError)"),
  // The promise takes off only its own listener: the method that opened the socket gave it one for good.
  pubSubConnect('on'),
];

const invalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  // The method that opens the socket listens only once: after the first error the connect
  // promise's own listener was all it had, and that is gone.
  { code: pubSubConnect('once'), errors: [{ messageId: 'strippedKept', line: 9, data: { name: 'socket' } }] },
  // The same helper takes off every 'error' listener, the caller's too.
  {
    code: greetingReader('socket.removeAllListeners("error")'),
    errors: [{ messageId: 'strippedKept', line: 9 }],
  },
  // The promise's executor runs at once: the end() in it follows the removal in the same run,
  // and a reset before the peer's FIN finds no listener.
  {
    code: `
import net from 'node:net';
export class BrokerLink {
  open(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', (err) => console.warn('link error', err.message));
  }
  close() {
    this.socket.removeAllListeners();
    return new Promise((resolve) => this.socket.end(resolve));
  }
}
`,
    errors: [{ messageId: 'strippedListener', line: 9, data: { name: 'this.socket', method: 'end' } }],
  },
  {
    // The same with `tls.connect({ socket })`, which drops Node's own listener at once: ending
    // the failed session without a listener lets its next error crash the process.
    code: startTls('tls.connect({ socket, ...options })'),
    errors: [{ messageId: 'strippedListener', line: 14, data: { name: 'secure', method: 'end' } }],
  },
  {
    // An idle timeout armed again after the 'error' listener is gone: the socket stays in use.
    code: `
import net from 'node:net';
export function park(port) {
  const socket = net.connect(port);
  function onError(err) { console.warn(err); }
  socket.on('error', onError);
  socket.on('agentRemove', () => {
    socket.removeListener('error', onError);
    socket.setTimeout(30000);
  });
  return socket;
}
`,
    errors: [{ messageId: 'strippedListener', line: 8, data: { name: 'socket', method: 'setTimeout' } }],
  },
  {
    // A pre-ES2015 class strips the connect-time listener and pipes the socket before the lasting
    // listener arrives: a reset then has no listener (pipe() adds none to its source).
    code: `
var net = require('net');
function Link(port) { this.port = port; }
Link.prototype.open = function () {
  var self = this;
  this.stream = net.connect(this.port, '127.0.0.1', function () { self.ready(); });
  this.stream.once('error', function (err) { self.fail(err); });
};
Link.prototype.ready = function () {
  this.stream.removeAllListeners('error');
  this.stream.pipe(this.decoder);
};
Link.prototype.handshakeDone = function () {
  this.stream.on('error', this.fail.bind(this));
};
module.exports = Link;
`,
    errors: [{ messageId: 'strippedListener', line: 10, data: { name: 'this.stream', method: 'pipe' } }],
  },
  {
    // The closure that finishes a request strips its only listener and keeps it: when the response
    // ends first, a reset of the connection while the upload goes on crashes the process.
    code: `
import http from 'node:http';
export function upload(url, body, callback) {
  const request = http.request(url, { method: 'POST' }, (res) => {
    res.on('end', () => finish(null, res.statusCode));
    res.resume();
  });
  function onError(err) { finish(err); }
  function finish(err, status) {
    request.removeListener('error', onError);
    callback(err, status);
  }
  request.on('error', onError);
  body.pipe(request);
}
`,
    errors: [{ messageId: 'strippedKept', line: 10, data: { name: 'request' } }],
  },
  {
    // The field holds a TLS socket on one path and the caller's socket on another: closing strips
    // both listeners the class gives it, then ends it.
    code: `
import tls from 'node:tls';
export class MailLink {
  constructor(options) { this.options = options; }
  connect() {
    if (this.options.link) this.link = this.options.link;
    else this.link = tls.connect(this.options);
    this.link.on('error', this.onLinkError);
  }
  upgrade() {
    this.link.on('error', this.onSecureError);
  }
  close() {
    const link = this.link;
    link.removeListener('error', this.onLinkError);
    link.removeListener('error', this.onSecureError);
    link.end();
  }
}
`,
    errors: [{ messageId: 'strippedListener', line: 16, data: { name: 'link', method: 'end' } }],
  },
  {
    // A pooled connection handed in: the function strips its old listeners, listens once, and its
    // own timeout handler emits 'error' on it; a later reset then has no listener.
    code: `
import net from 'node:net';
export const family = net.isIP;
export function deliverOn(link, message, retry) {
  for (const event of ['error', 'timeout']) link.removeAllListeners(event);
  link.once('timeout', () => link.emit('error', new Error('timed out')));
  link.once('error', (err) => retry(err));
  link.setTimeout(30000);
  link.write(message);
}
`,
    errors: [{ messageId: 'onceButReemitted', line: 7, data: { name: 'link' }, suggestions: [{ messageId: 'useOn', output: `
import net from 'node:net';
export const family = net.isIP;
export function deliverOn(link, message, retry) {
  for (const event of ['error', 'timeout']) link.removeAllListeners(event);
  link.once('timeout', () => link.emit('error', new Error('timed out')));
  link.on('error', (err) => retry(err));
  link.setTimeout(30000);
  link.write(message);
}
` }] }],
  },
  {
    // A pooled socket reused: a loop over its events strips 'error' too (the constant list holds
    // it), and the greeting is written while the new listener waits for the server's answer.
    code: `
const SOCKET_EVENTS = ['error', 'timeout', 'close'];
export function reuse(pool, socket, message) {
  socket.setNoDelay(true);
  for (const event of SOCKET_EVENTS) socket.removeAllListeners(event);
  socket.write(message);
  socket.once('data', () => socket.on('error', () => pool.drop(socket)));
}
`,
    errors: [{ messageId: 'strippedListener', line: 5, data: { name: 'socket', method: 'write' } }],
  },
  {
    // A mail client keeps its TLS connection on the instance and listens once: a record it cannot
    // decrypt is an error that leaves the socket open, and the reset after it has no listener.
    code: `
import tls from 'node:tls';
import { EventEmitter } from 'node:events';
export class MailClient extends EventEmitter {
  connect(host) {
    this.connection = tls.connect({ host, port: 993 }, () => this.greet());
    this.connection.once('error', (err) => this.emit('error', err));
    this.connection.on('data', (chunk) => this.parse(chunk));
  }
  noop() {
    this.connection.write('A1 NOOP\\r\\n');
  }
}
`,
    errors: [{ messageId: 'onceOnTls', line: 7, data: { name: 'this.connection' }, suggestions: [{ messageId: 'useOn', output: `
import tls from 'node:tls';
import { EventEmitter } from 'node:events';
export class MailClient extends EventEmitter {
  connect(host) {
    this.connection = tls.connect({ host, port: 993 }, () => this.greet());
    this.connection.on('error', (err) => this.emit('error', err));
    this.connection.on('data', (chunk) => this.parse(chunk));
  }
  noop() {
    this.connection.write('A1 NOOP\\r\\n');
  }
}
` }] }],
  },
  {
    // A plain connection upgraded after AUTH TLS: the upgraded socket is the one listened to once.
    code: `
var net = require('net');
var tls = require('tls');
module.exports = function session(host, onReply, onError) {
  var control = net.connect(21, host);
  control.on('error', onError);
  function secure() {
    control.removeAllListeners('error');
    var upgraded = tls.connect({ socket: control, servername: host });
    upgraded.on('data', onReply);
    upgraded.once('error', onError);
    return function send(line) { upgraded.write(line + '\\r\\n'); };
  }
  return secure;
};
`,
    errors: [{ messageId: 'onceOnTls', line: 11, data: { name: 'upgraded' }, suggestions: [{ messageId: 'useOn', output: `
var net = require('net');
var tls = require('tls');
module.exports = function session(host, onReply, onError) {
  var control = net.connect(21, host);
  control.on('error', onError);
  function secure() {
    control.removeAllListeners('error');
    var upgraded = tls.connect({ socket: control, servername: host });
    upgraded.on('data', onReply);
    upgraded.on('error', onError);
    return function send(line) { upgraded.write(line + '\\r\\n'); };
  }
  return secure;
};
` }] }],
  },
  {
    // prependOnceListener is a once too (no suggestion: the method name differs).
    code: `
import { connect } from 'node:tls';
export function wrap(raw, log) {
  const wrapped = connect({ socket: raw, servername: 'mail.example' });
  wrapped.prependOnceListener('error', (err) => log.warn(err));
  wrapped.on('data', (chunk) => log.info(chunk.length));
  wrapped.write('HELLO\\n');
}
`,
    errors: [{ messageId: 'onceOnTls', line: 5, data: { name: 'wrapped' } }],
  },
];

/**
 * A chat client whose connect promise listens once for the outcome of the connect; `event` is
 * the connect event whose listener takes that listener off again and gives the socket the
 * listener it keeps from then on, which ends the session on its first error.
 */
const chatLogin = (event: string): string => `
import tls from 'node:tls';
export class ChatClient {
  open(host) {
    this.sock = tls.connect(5223, host);
    return new Promise((resolve, reject) => {
      const onUp = () => {
        this.sock.removeListener('error', onFail);
        this.sock.once('error', () => this.sock.destroy());
        resolve(this);
      };
      const onFail = (err) => { this.sock.removeListener('${event}', onUp); reject(err); };
      this.sock.once('error', onFail);
      this.sock.once('${event}', onUp);
    });
  }
  send(stanza) {
    this.sock.write(stanza);
  }
}
`;

// The connect promise's once listener goes with the TCP connect ('ready'), before any TLS record
// can come. Taken off only once the handshake is done, it is the listener a bad record meets.
const connectOnceValid = [chatLogin('ready'), chatLogin('connect')];
const connectOnceInvalid = [
  {
    code: chatLogin('secureConnect'),
    errors: [{ messageId: 'onceOnTls' as const, line: 13, data: { name: 'this.sock' }, suggestions: [{ messageId: 'useOn' as const, output: chatLogin('secureConnect').replace(".once('error', onFail", ".on('error', onFail") }] }],
  },
];

ruleTester.run('require-error-listener (a once listener for the TCP connect only)', rule, { valid: connectOnceValid, invalid: connectOnceInvalid });
typedRuleTester.run('require-error-listener (a once listener for the TCP connect only, typed)', rule, { valid: connectOnceValid, invalid: connectOnceInvalid });
ruleTester.run('require-error-listener (listeners removed)', rule, { valid, invalid });
typedRuleTester.run('require-error-listener (listeners removed, typed)', rule, { valid, invalid });

// ws's client WebSocket stripped of its listeners, then closed: while its handshake is under way,
// close() and terminate() emit 'error' (measured: test/live/stripped-listeners.live.test.ts);
// once it is open, nothing.
/** A probe that times how long a WebSocket takes to open; `end` is what `finish` does to it. */
const openProbe = (end: string, timer = "setTimeout(() => finish(new Error('timed out')), limit);"): string => `
import { WebSocket } from 'ws';
export function timeOpen(url: string, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const ws = new WebSocket(url);
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      ws.removeAllListeners();
      ${end}
      if (error) reject(error);
      else resolve(Date.now() - started);
    };
    ws.once('open', () => finish());
    ws.once('error', (error) => finish(error));
    ${timer}
  });
}
`;

const wsValid: readonly string[] = [
  // Terminated only once open: nothing is emitted.
  openProbe('if (ws.readyState === WebSocket.OPEN) ws.terminate();'),
  // No timer: `finish` runs only from the WebSocket's own 'open' and 'error' listeners.
  openProbe('ws.terminate();', ''),
  // A server's connection is open from the start.
  `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  ws.on('error', () => ws.terminate());
  const idle = setTimeout(() => { ws.removeAllListeners(); ws.terminate(); }, 60_000);
  ws.on('close', () => clearTimeout(idle));
});
`,
];

const wsInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  // The timer may fire while the handshake is still under way.
  {
    code: openProbe('if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();'),
    errors: [{ messageId: 'strippedListener', data: { name: 'ws', method: 'terminate' }, line: 11 }],
  },
  // A client's public close() may run before the WebSocket opened.
  {
    code: `
import { WebSocket } from 'ws';
export class Feed {
  constructor(url) {
    this.ws = new WebSocket(url);
    this.ws.on('error', (err) => console.warn('feed:', err.message));
    this.ws.on('message', (data) => this.onMessage(data));
  }
  onMessage(data) { console.log(String(data)); }
  close() {
    this.ws.removeAllListeners();
    this.ws.close();
  }
}
`,
    errors: [{ messageId: 'strippedListener', data: { name: 'this.ws', method: 'close' }, line: 11 }],
  },
];

ruleTester.run('require-error-listener (ws client stripped, then closed)', rule, { valid: wsValid, invalid: wsInvalid });
typedRuleTester.run('require-error-listener (ws client stripped, then closed, typed)', rule, { valid: wsValid, invalid: wsInvalid });

// A socket ended, then stripped of its 'error' listeners by a cleanup method the same method calls
// right after: end() waits for the peer, and a reset meanwhile is unheard (measured:
// test/live/stripped-listeners.live.test.ts, "a socket ended, then stripped").
const plcClient = (drop: string): string => `
var net = require('net');
function Plc() { this.connected = false; }
Plc.prototype.connect = function (port) {
  var self = this;
  self.cleanup();
  self.client = net.connect(port, function () { self.connected = true; });
  self.client.on('error', function (err) { self.onError(err); });
};
Plc.prototype.drop = function () {
  var self = this;
${drop}
};
Plc.prototype.cleanup = function () {
  var self = this;
  self.connected = false;
  if (self.client) {
    self.client.removeAllListeners('data');
    self.client.removeAllListeners('error');
  }
};
Plc.prototype.onError = function (err) { console.warn(err.message); this.drop(); };
module.exports = Plc;
`;

const endedElsewhereValid: readonly string[] = [
  plcClient('  self.client.destroy();\n  self.cleanup();'),
  plcClient('  self.cleanup();\n  self.client.destroy();'),
];

const endedElsewhereInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: plcClient('  self.client.end();\n  self.cleanup();'),
    errors: [{ messageId: 'strippedKept', data: { name: 'self.client' }, line: 20 }],
  },
];

ruleTester.run('require-error-listener (ended, then stripped by a method called right after)', rule, { valid: endedElsewhereValid, invalid: endedElsewhereInvalid });
typedRuleTester.run('require-error-listener (ended, then stripped by a method called right after, typed)', rule, { valid: endedElsewhereValid, invalid: endedElsewhereInvalid });

// A client that keeps one connection for every request, with a listener it gives the socket where it
// opens it: a request's `removeAllListeners('error')` takes that one away too, and the connection
// waits for the next request with none (measured: a reset then crashes the process).
const rpcClient = (settle: string, opener = "this.sock.on('error', () => this.reopenLater());"): string => `
const net = require('net');
function Rpc(port) {
  this.port = port;
  this.open();
}
Rpc.prototype.open = function () {
  this.sock = net.connect(this.port);
  ${opener}
};
Rpc.prototype.call = function (frame, done) {
  const self = this;
  function settle(err, reply) {
    ${settle}
    done(err, reply);
  }
  self.sock.on('error', (err) => settle(err));
  self.sock.once('data', (reply) => settle(null, reply));
  self.sock.write(frame);
};
module.exports = Rpc;
`;

const requestStripValid: readonly string[] = [
  // Only the request's own listener comes off.
  rpcClient("self.sock.removeAllListeners('data');"),
  // The class has no listener of its own there: nothing of the connection's is taken away.
  rpcClient("self.sock.removeAllListeners('error');", ''),
  // Given again right after.
  rpcClient("self.sock.removeAllListeners('error');\n    self.sock.on('error', () => self.reopenLater());"),
];

const requestStripInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: rpcClient("self.sock.removeAllListeners('error');"),
    errors: [{ messageId: 'strippedKept', line: 14, data: { name: 'self.sock' } }],
  },
];

ruleTester.run('require-error-listener (a request strips the listener given where the connection opens)', rule, { valid: requestStripValid, invalid: requestStripInvalid });
typedRuleTester.run('require-error-listener (a request strips the listener given where the connection opens, typed)', rule, { valid: requestStripValid, invalid: requestStripInvalid });

// The other order: close() or terminate() first, the listeners stripped in the same turn. The
// handshake's abort emits its 'error' on the next tick, when nobody listens any more (measured:
// test/live/stripped-listeners.live.test.ts).
const reconnecting = (teardown: string): string => `
import WebSocket from 'ws';
export class ChefClient {
  private ws?: WebSocket;
  private retry?: NodeJS.Timeout;
  constructor(private readonly url: string) {}
  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.on('error', (err) => console.warn('chef:', err.message));
    this.ws.on('close', () => {
      this.retry = setTimeout(() => this.connect(), 1000);
    });
  }
  dispose(): void {
    clearTimeout(this.retry);
${teardown}
  }
}
`;

const abortFirstValid: readonly string[] = [
  // Stripped first and then terminated would be the other message; here a listener stays.
  reconnecting("    this.ws?.terminate();\n    this.ws?.removeAllListeners();\n    this.ws?.on('error', () => {});"),
  // Only once open.
  reconnecting('    if (this.ws?.readyState === WebSocket.OPEN) this.ws.terminate();\n    this.ws?.removeAllListeners();'),
  // Listeners taken away for good only on the close the abort leads to.
  reconnecting("    this.ws?.terminate();\n    this.ws?.once('close', () => this.ws?.removeAllListeners());"),
  // One reply closes, another strips the listeners: never both on one run.
  reconnecting(`    const ws = this.ws;
    ws?.on('message', (data) => {
      switch (String(data)) {
        case 'denied':
          ws.close();
          break;
        case 'welcome':
          ws.removeAllListeners();
          break;
      }
    });`),
];

const abortFirstInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: reconnecting('    this.ws?.terminate();\n    this.ws?.removeAllListeners();'),
    errors: [{ messageId: 'strippedAfterAbort', data: { name: 'this.ws', method: 'terminate' }, line: 17 }],
  },
  {
    code: reconnecting('    const ws = this.ws;\n    ws?.close();\n    ws?.removeAllListeners();'),
    errors: [{ messageId: 'strippedAfterAbort', data: { name: 'ws', method: 'close' }, line: 18 }],
  },
];

ruleTester.run('require-error-listener (ws client closed, then stripped)', rule, { valid: abortFirstValid, invalid: abortFirstInvalid });
typedRuleTester.run('require-error-listener (ws client closed, then stripped, typed)', rule, { valid: abortFirstValid, invalid: abortFirstInvalid });

// What tells the file its WebSocket is open, so that closing it aborts no handshake
// (src/model/ws-open-state.ts): a getter that tests readyState, a field set only in its 'open'
// listener, a guard that returns unless one holds; and methods that run only as its listeners.
const audioNode = (members: string, teardown: string): string => `
import WebSocket from 'ws';
export class AudioNode {
  private ws: WebSocket | null = null;
  private connected = false;
  constructor(private readonly url: string) {}
  connect(): void {
    this.ws = new WebSocket(this.url);
    this.ws.on('open', this.onOpen.bind(this));
    this.ws.on('close', this.onClose.bind(this));
    this.ws.on('error', (err) => console.warn('node:', err.message));
  }
  private onOpen(): void {
    this.connected = true;
  }
  private onClose(): void {
    this.connected = false;
  }${members}
  destroy(): void {
${teardown}
  }
}
`;

const openStateValid: readonly string[] = [
  // A field set to true only in the 'open' listener.
  audioNode('', '    if (!this.connected) return;\n    this.ws?.close(1000);\n    this.ws?.removeAllListeners();'),
  // A getter that tests readyState, after a guard that returns false.
  audioNode(
    '\n  get live(): boolean {\n    if (!this.ws) return false;\n    return this.ws.readyState === WebSocket.OPEN;\n  }',
    '    if (!this.live) {\n      return;\n    }\n    this.ws?.terminate();\n    this.ws?.removeAllListeners();',
  ),
  // Under the test itself.
  audioNode('', '    if (this.connected) {\n      this.ws?.close(1000);\n      this.ws?.removeAllListeners();\n    }'),
  // A method that runs only as the WebSocket's bound 'close' listener (through another method).
  audioNode('\n  private onGone(): void {\n    this.ws?.close();\n    this.ws?.removeAllListeners();\n  }', '    this.connected = false;').replace(
    '  private onClose(): void {\n    this.connected = false;\n  }',
    '  private onClose(): void {\n    this.connected = false;\n    this.onGone();\n  }',
  ),
  // The close after the strip is on a path the strip never reaches.
  audioNode('', '    if (!this.ws) {\n      this.connected = false;\n      return;\n    }\n    if (this.connected) {\n      this.ws.removeAllListeners();\n      this.ws = null;\n      return;\n    }\n    this.ws.close();'),
];

const openStateInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // The flag is also set before the WebSocket opens: no proof it is open.
    code: audioNode('', '    if (!this.connected) return;\n    this.ws?.close(1000);\n    this.ws?.removeAllListeners();').replace(
      "    this.ws = new WebSocket(this.url);\n",
      '    this.ws = new WebSocket(this.url);\n    this.connected = true;\n',
    ),
    errors: [{ messageId: 'strippedAfterAbort', data: { name: 'this.ws', method: 'close' }, line: 23 }],
  },
  {
    // A getter that also counts CONNECTING.
    code: audioNode(
      '\n  get live(): boolean {\n    return this.ws?.readyState === WebSocket.OPEN || this.ws?.readyState === WebSocket.CONNECTING;\n  }',
      '    if (!this.live) return;\n    this.ws?.terminate();\n    this.ws?.removeAllListeners();',
    ),
    errors: [{ messageId: 'strippedAfterAbort', data: { name: 'this.ws', method: 'terminate' }, line: 25 }],
  },
];

ruleTester.run('require-error-listener (what says a ws client is open)', rule, { valid: openStateValid, invalid: openStateInvalid });
typedRuleTester.run('require-error-listener (what says a ws client is open, typed)', rule, { valid: openStateValid, invalid: openStateInvalid });

// A console client: its connect callback takes off the `once('error', reject)` it opened with, and
// each command listens only until its reply (measured: test/live/stripped-listeners.live.test.ts).
/** `connected` runs in the connect callback after the removal; `onReply` is what the reply does with `onError`. */
const consoleClient = (connected = '', onReply = "this.sock.removeListener('error', onError);"): string => `
import { createConnection, Socket } from 'node:net';
export class ConsoleClient {
  sock!: Socket;
  open(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sock = createConnection({ host, port }, () => {
        this.sock.removeListener('error', reject);
        ${connected}
        resolve();
      });
      this.sock.once('error', reject);
    });
  }
  run(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      const onReply = (reply: Buffer): void => {
        ${onReply}
        resolve(reply.toString());
      };
      this.sock.once('data', onReply);
      this.sock.on('error', onError);
      this.sock.write(command + '\\n');
    });
  }
}
`;

const commandListenerValid: readonly string[] = [
  // The connect callback gives the connection a listener that stays.
  consoleClient("this.sock.on('error', () => this.sock.destroy());"),
  // Each command's listener stays on (one more per command, but never none).
  consoleClient('', ''),
  // The connect callback hands the connection to a session first, which listens from then on.
  consoleClient()
    .replace("import { createConnection, Socket } from 'node:net';", "import { createConnection, Socket } from 'node:net';\nimport { Session } from './session';")
    .replace("this.sock.removeListener('error', reject);", "new Session(this.sock).start();\n        this.sock.removeListener('error', reject);"),
];

const commandListenerInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  // Between commands nobody listens: an idle connection the server resets crashes the process.
  { code: consoleClient(), errors: [{ messageId: 'strippedKept', line: 8, data: { name: 'this.sock' } }] },
];

ruleTester.run('require-error-listener (connect callback strips, commands listen only while they wait)', rule, { valid: commandListenerValid, invalid: commandListenerInvalid });
typedRuleTester.run('require-error-listener (connect callback strips, commands listen only while they wait, typed)', rule, { valid: commandListenerValid, invalid: commandListenerInvalid });

// A requestor that keeps its WebSocket on a field only once it is open: the 'open' listener, bound with
// the new WebSocket, fills the field; close() then closes an open one and strips it.
/** `onOpen` is the 'open' listener's body; `atConnect` fills `this.ws` when the WebSocket is made instead. */
const hookRequestor = (onOpen = 'this.ws = ws;', atConnect = ''): string => `
import WebSocket from 'ws';
export class HookRequestor {
  private ws: WebSocket | null = null;
  constructor(private url: string) {}
  connect(): void {
    const ws = new WebSocket(this.url);${atConnect}
    this.wire(ws);
  }
  private wire(ws: WebSocket): void {
    ws.once('open', this.onOpen.bind(this, ws)).on('error', this.onError.bind(this));
  }
  private onOpen(ws: WebSocket): void {
    ${onOpen}
  }
  private onError(err: Error): void {
    console.warn(err.message);
  }
  close(): void {
    if (this.ws) {
      this.ws.close(1000);
      this.ws.removeAllListeners();
      this.ws = null;
    }
  }
}
`;

const filledOnOpenValid: readonly string[] = [hookRequestor()];

const filledOnOpenInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // Filled right away, the field may hold a WebSocket still connecting when close() runs.
    code: hookRequestor('', '\n    this.ws = ws;'),
    errors: [{ messageId: 'strippedAfterAbort', data: { name: 'this.ws', method: 'close' }, line: 23 }],
  },
];

ruleTester.run('require-error-listener (a field filled in the open listener)', rule, { valid: filledOnOpenValid, invalid: filledOnOpenInvalid });

// A server that hands each new stream to a connection class of the file before it takes its first
// listener off: the class's constructor listens for 'error' from then on.
/** `listens` is what the constructor attaches to the stream. */
const duplexHandover = (listens: string): string => `
import type { Socket } from 'node:net';
export class FramedConnection {
  constructor(private stream: Socket, private first: Buffer) {
    ${listens}
  }
  onError = (err: Error): void => { this.stream.destroy(err); };
  onData = (chunk: Buffer): void => { this.first = chunk; };
}
export function accept(stream: Socket, serve: (c: FramedConnection) => Promise<void>): void {
  const early = (err: Error) => { console.warn(err.message); stream.destroy(); };
  stream.on('error', early);
  stream.once('data', async (first: Buffer) => {
    const connection = new FramedConnection(stream, first);
    stream.removeListener('error', early);
    stream.pause();
    await serve(connection);
    stream.resume();
  });
}
`;

const handoverValid: readonly string[] = [duplexHandover("stream.on('error', this.onError);\n    stream.on('data', this.onData);")];

const handoverInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // The class listens for data only: once the early listener is off, nobody hears the stream's errors.
    code: duplexHandover("stream.on('data', this.onData);"),
    errors: [{ messageId: 'strippedListener', line: 15, data: { name: 'stream', method: 'resume' } }],
  },
];

ruleTester.run('require-error-listener (handed to a class of the file that listens)', rule, { valid: handoverValid, invalid: handoverInvalid });

// A cache client whose close() runs in a promise's executor, which runs at once: stripping the
// listener and then ending the socket there is the same as in close() itself.
/** `stop` is what close() does to the socket once its listeners are gone. */
const cacheClient = (stop: string): string => `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class CacheClient extends EventEmitter {
  private sock: net.Socket | null = null;
  open(port: number): void {
    this.sock = net.connect(port, '127.0.0.1');
    this.sock.on('error', (err) => this.emit('error', err));
  }
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.sock) {
        this.sock.removeAllListeners('error');
        this.sock.${stop}();
        this.sock = null;
      }
      resolve();
    });
  }
}
`;

ruleTester.run('require-error-listener (stripped in a promise executor)', rule, {
  valid: [cacheClient('destroy')],
  invalid: [{ code: cacheClient('end'), errors: [{ messageId: 'strippedListener', line: 13, data: { name: 'this.sock', method: 'end' } }] }],
});

/**
 * A status client (pre-ES2015 class) whose connect() listens for 'error' only until the socket is
 * up: a helper the 'connect' listener calls takes the listener off again, and the class then
 * writes its requests on the connected socket. `lasting` is what the constructor adds.
 */
const statusClient = (lasting: string): string => `
var net = require('net');
function Status() {
  this.socket = new net.Socket();
  ${lasting}
  this.socket.on('data', (data) => this.onReply(data));
}
Status.prototype.connect = function (port) {
  return new Promise((resolve, reject) => {
    var done = () => {
      this.socket.removeListener('connect', onConnect);
      this.socket.removeListener('error', onError);
    };
    var onConnect = () => { done(); resolve(); };
    var onError = (err) => { done(); reject(err); };
    this.socket.on('connect', onConnect);
    this.socket.on('error', onError);
    this.socket.connect(port, '127.0.0.1');
  });
};
Status.prototype.ask = function (command) {
  this.socket.write(command + '\\n');
};
module.exports = Status;
`;
const connectHelperCases = {
  // The constructor's own listener stays on for the socket's whole life.
  valid: [statusClient("this.socket.on('error', (err) => this.lastError = err);")],
  invalid: [
    {
      // Connected, the socket has no 'error' listener left: the daemon's reset crashes the process.
      code: statusClient(''),
      errors: [{ messageId: 'strippedKept' as const, line: 12, data: { name: 'this.socket' } }],
    },
  ],
};
ruleTester.run('require-error-listener (stripped by a helper the connect listener calls)', rule, connectHelperCases);
typedRuleTester.run('require-error-listener (stripped by a helper the connect listener calls, typed)', rule, connectHelperCases);

// An inverter discovery: a UDP socket that broadcasts a probe, and on a failure or after five
// seconds strips its listeners and closes. A send with a callback hears its own failure, also a
// lookup that fails after close() (measured: test/live/stripped-listeners.live.test.ts); a send
// without one to a host name would emit it with nobody listening.
const inverterDiscovery = (send: string): string => `
import dgram from 'node:dgram';
export function discover(probe: Buffer, port: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const found: string[] = [];
    const socket = dgram.createSocket('udp4');
    const cleanup = () => {
      socket.removeAllListeners();
      socket.close();
    };
    socket.on('message', (msg, rinfo) => found.push(rinfo.address));
    socket.on('error', (err) => { cleanup(); reject(err); });
    socket.bind(() => {
      socket.setBroadcast(true);
      ${send}
    });
    setTimeout(() => { cleanup(); resolve(found); }, 5000);
  });
}
`;
const inverterCases = {
  valid: [
    inverterDiscovery("socket.send(probe, port, 'inverters.local', (err) => { if (err) { cleanup(); reject(err); } });"),
    inverterDiscovery("socket.send(probe, port, '255.255.255.255');"),
  ],
  invalid: [{ code: inverterDiscovery("socket.send(probe, port, 'inverters.local');"), errors: [{ messageId: 'strippedListener' as const, line: 8, data: { name: 'socket', method: 'close' } }] }],
};
ruleTester.run('require-error-listener (a UDP socket stripped and closed, its sends heard by their callbacks)', rule, inverterCases);
typedRuleTester.run('require-error-listener (a UDP socket stripped and closed, its sends heard by their callbacks, typed)', rule, inverterCases);

// A pooled connection whose timeout handler emits 'error' on it, through a helper: emitted only
// while the connection has an 'error' listener, nothing is ever emitted to nobody.
const guardedDelivery = (emit: string): string => `
import net from 'node:net';
export function deliverOn(link: net.Socket, message: string, retry: (err: Error) => void): void {
  for (const event of ['error', 'timeout']) link.removeAllListeners(event);
  const fail = (err: Error) => {
    ${emit}
  };
  link.once('timeout', () => fail(new Error('timed out')));
  link.once('error', (err) => retry(err));
  link.setTimeout(30000);
  link.write(message);
}
`;
const guardedDeliveryCases = {
  valid: [guardedDelivery("if (link.listenerCount('error') > 0) link.emit('error', err);")],
  invalid: [
    {
      code: guardedDelivery("link.emit('error', err);"),
      errors: [
        {
          messageId: 'onceButReemitted' as const,
          line: 9,
          data: { name: 'link' },
          suggestions: [{ messageId: 'useOn' as const, output: guardedDelivery("link.emit('error', err);").replace("link.once('error'", "link.on('error'") }],
        },
      ],
    },
  ],
};
ruleTester.run('require-error-listener (an emit of its own only while the object has an error listener)', rule, guardedDeliveryCases);
typedRuleTester.run('require-error-listener (an emit of its own only while the object has an error listener, typed)', rule, guardedDeliveryCases);

/**
 * An Asterisk manager client whose reconnect ends the old socket, strips it, and puts a new one in
 * the field, which gets its listeners: the old socket, still connecting or waiting for the peer's
 * FIN, is left with none (the judge measured a reconnect during a connect crashing).
 */
const amiClient = (retire: string): string => `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Manager extends EventEmitter {
  private socket?: net.Socket;
  connect(port: number, host: string) {
    if (this.socket) {
      ${retire}
    }
    this.socket = new net.Socket();
    this.socket.on('error', (err) => this.emit('socketError', err));
    this.socket.on('close', () => this.emit('disconnected'));
    this.socket.connect(port, host);
  }
}
`;
// STARTTLS: the plain socket's listener goes, and the TLS socket made over it (given the old one)
// takes the field and listens: the old socket is wrapped, not left behind.
const mailStartTls = (give: string): string => `
import net from 'node:net';
import tls from 'node:tls';
export class MailClient {
  private sock!: net.Socket;
  upgrade(host: string, err?: Error) {
    if (err) return this.sock.end();
    this.sock.removeAllListeners('error');
    ${give}
    this.sock.on('error', (e) => console.error(e));
  }
}
`;
const amiCases = {
  valid: [
    amiClient('this.socket.removeAllListeners();\n      this.socket.destroy();'),
    mailStartTls('const options: tls.ConnectionOptions = { host };\n    options.socket = this.sock;\n    this.sock = tls.connect(options);'),
    mailStartTls('this.sock = tls.connect({ host, socket: this.sock });'),
  ],
  invalid: [{ code: amiClient('this.socket.end();\n      this.socket.removeAllListeners();'), errors: [{ messageId: 'strippedKept' as const, line: 9, data: { name: 'this.socket' } }] }],
};
ruleTester.run('require-error-listener (an old socket ended and stripped before a new one takes the field)', rule, amiCases);
typedRuleTester.run('require-error-listener (an old socket ended and stripped before a new one takes the field, typed)', rule, amiCases);
