import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { InferMessageIdsTypeFromRule, InferOptionsTypeFromRule } from '@typescript-eslint/utils/eslint-utils';

import rule from '../../rules/cleanup-dead-socket.js';
import plugin from '../../src/index.js';
import { DEFAULT_STRICT_SOCKET_NAME_PATTERN } from '../../src/socket.js';
import { assertFixIsStable } from '../support/fix-safety.js';
import { repoRoot } from '../support/docs.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';
import { libraryInvalid, libraryValid } from './library-cases/cleanup-dead-socket.js';

type Options = InferOptionsTypeFromRule<typeof rule>;
type MessageIds = InferMessageIdsTypeFromRule<typeof rule>;

// --- Programs whose fixes are also compiled under `tsc --strict` below ----------------------

const HEARTBEAT = `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  const heartbeat = setInterval(() => {
    socket.write('ping\\n');
  }, 15_000); // keeps idle proxies from dropping us
});
`;
const HEARTBEAT_FIXED = `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  const heartbeat = setInterval(() => {
    socket.write('ping\\n');
  }, 15_000); // keeps idle proxies from dropping us
  socket.once('close', () => clearInterval(heartbeat));
});
`;

const CLEARED_ON_ERROR_ONLY = `
import net from 'node:net';
export function keepAlive(socket: net.Socket): void {
  const ping = setInterval(() => socket.write('PING\\r\\n'), 30_000)
  socket.on('error', () => clearInterval(ping))
}
`;
const CLEARED_ON_ERROR_ONLY_FIXED = `
import net from 'node:net';
export function keepAlive(socket: net.Socket): void {
  const ping = setInterval(() => socket.write('PING\\r\\n'), 30_000)
  socket.once('close', () => clearInterval(ping));
  socket.on('error', () => clearInterval(ping))
}
`;

const WRITING_TIMEOUT = `
import net from 'node:net';
const client = net.connect(6379, '127.0.0.1');
client.on('error', () => {});
const hello = setTimeout(() => client.write('HELLO 3\\r\\n'), 100);
`;
const WRITING_TIMEOUT_FIXED = `
import net from 'node:net';
const client = net.connect(6379, '127.0.0.1');
client.on('error', () => {});
const hello = setTimeout(() => client.write('HELLO 3\\r\\n'), 100);
client.once('close', () => clearTimeout(hello));
`;

const SET_REGISTRY = `
import net from 'node:net';
const clients = new Set<net.Socket>();
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  clients.add(socket);
});
`;
const SET_REGISTRY_FIXED = `
import net from 'node:net';
const clients = new Set<net.Socket>();
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  clients.add(socket);
  socket.once('close', () => clients.delete(socket));
});
`;

const MAP_REGISTRY = `
import http from 'node:http';
import type { Duplex } from 'node:stream';
const tunnels = new Map<string, Duplex>();
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  const id = String(req.headers['x-tunnel-id']);
  socket.on('error', () => socket.destroy());
  tunnels.set(id, socket);
});
`;
const MAP_REGISTRY_FIXED = `
import http from 'node:http';
import type { Duplex } from 'node:stream';
const tunnels = new Map<string, Duplex>();
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  const id = String(req.headers['x-tunnel-id']);
  socket.on('error', () => socket.destroy());
  tunnels.set(id, socket);
  socket.once('close', () => {
    if (tunnels.get(id) === socket) tunnels.delete(id);
  });
});
`;

const END_IN_ERROR = `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => {
    console.warn('client failed:', err.message);
    socket.end();
  });
});
`;
const END_IN_ERROR_FIXED = `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => {
    console.warn('client failed:', err.message);
    socket.destroy();
  });
});
`;

const HELPER_HEARTBEAT = `
import net from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
const clients = new Set<net.Socket>();
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  clients.add(socket);
  onSocketClose(socket, () => clients.delete(socket));
  const heartbeat = setInterval(() => socket.write('ping\\n'), 15_000);
});
`;
const HELPER_HEARTBEAT_FIXED = `
import net from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
const clients = new Set<net.Socket>();
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  clients.add(socket);
  onSocketClose(socket, () => clients.delete(socket));
  const heartbeat = setInterval(() => socket.write('ping\\n'), 15_000);
  onSocketClose(socket, () => clearInterval(heartbeat));
});
`;

const FIXED_PROGRAMS = [
  HEARTBEAT_FIXED,
  CLEARED_ON_ERROR_ONLY_FIXED,
  WRITING_TIMEOUT_FIXED,
  SET_REGISTRY_FIXED,
  MAP_REGISTRY_FIXED,
  END_IN_ERROR_FIXED,
];

// Every case runs twice: syntax only, and with type information (which must not change the answer).
/**
 * A link whose socket is set up by a helper that listens on its parameter and returns it into
 * `this.socket`; `listens` is the helper's listener lines, and the interval pings over the socket.
 */
const preparedLink = (listens: string): string => `
import { Socket } from 'node:net';
export class Link {
  constructor(port) {
    this.handleClose = this.handleClose.bind(this);
    this.idleTimer = null;
    this.socket = this.prepare(new Socket());
    this.socket.connect(port, '127.0.0.1', () => this.armIdle());
  }
  prepare(socket) {
    ${listens}
    return socket;
  }
  armIdle() {
    this.idleTimer = setInterval(() => this.socket.write('ping\\n'), 1000);
  }
  handleClose() {
    clearInterval(this.idleTimer);
    this.idleTimer = null;
  }
}
`;

/** A notifier that batches events behind a one-shot timeout; `flush` is the timeout's body. */
const batchedNotifier = (flush: string, onClose = "this.state = State.Closed;"): string => `
import net from 'node:net';
const State = { Open: 0, Closed: 1 };
export class Notifier {
  constructor(port) {
    this.state = State.Open;
    this.pending = [];
    this.link = net.connect(port, '127.0.0.1');
    this.link.on('error', () => {});
    this.link.on('close', () => { ${onClose} });
  }
  notify(event) {
    this.pending.push(event);
    if (!this.batch) this.batch = setTimeout(() => this.flush(), 250);
  }
  flush() {
    this.batch = undefined;
    ${flush}
  }
}
`;

/** A request/reply client whose waiting callbacks live in `this.waiting`; `onError`/`onClose` are the socket's listener bodies. */
const replyClient = (onError: string, onClose: string): string => `
import net from 'node:net';
export class ReplyClient {
  constructor(port) {
    this.waiting = [];
    this.sock = net.connect(port, '127.0.0.1');
    this.sock.on('data', (reply) => this.waiting.shift()?.(null, reply));
    this.sock.on('error', (err) => { ${onError} });
    this.sock.on('close', () => { ${onClose} });
  }
  request(line, done) {
    this.waiting.push(done);
    this.sock.write(line + '\\n');
  }
}
`;

/** A Redis-backed checker that polls every 30 s; `make` creates the client. */
const redisPoller = (make: string): string => `
import redis from 'redis';
export function Checker(port, host) {
  const client = ${make};
  let alive = false;
  client.on('error', (err) => console.warn('redis', err.message));
  const poller = setInterval(() => {
    client.get('heartbeat', (err, at) => { alive = !err && Date.now() - at < 30_000; });
  }, 30_000);
  this.isAlive = () => alive;
  this.stop = () => { clearInterval(poller); client.quit(); };
}
`;

/**
 * A printer client whose connect timeout is cleared in the connect callback (`inCallback`: the one
 * given to `connect()`; otherwise a 'connect' listener); `onError` is its 'error' listener's body.
 */
const printer = (inCallback: boolean, onError = 'callback(err)'): string => `
import net from 'node:net';
export class Printer {
  constructor(address, port) {
    this.address = address;
    this.port = port;
    this.device = new net.Socket();
  }
  open(callback) {
    const timer = setTimeout(() => {
      this.device.destroy();
      callback(new Error('printer connection timeout'));
    }, 30000);
    this.device.on('error', (err) => ${onError});
    ${inCallback ? 'this.device.connect(this.port, this.address, () => {' : "this.device.once('connect', () => {"}
      clearTimeout(timer);
      callback(null);
    });${inCallback ? '' : '\n    this.device.connect(this.port, this.address);'}
  }
}
`;

/** A ws client whose connect timeout is cleared on 'open'; `onClose` is its 'close' listener's body. */
const mediaCenter = (onClose: string): string => `
const WebSocket = require('ws');
class MediaCenter {
  constructor(url) {
    this.url = url;
  }
  connect() {
    this.socket = new WebSocket(this.url);
    const connectTimer = setTimeout(() => this.socket.terminate(), 10000);
    this.socket.on('open', () => clearTimeout(connectTimer));
    this.socket.on('error', (err) => console.warn(err.message));
    this.socket.on('close', () => {${onClose}
      setTimeout(() => this.connect(), 1000);
    });
  }
}
module.exports = MediaCenter;
`;

/**
 * A projector client that keeps one socket for its life in a module-wide list: `connect` is its
 * connect() body, `leave` what its destroy() does with the list.
 */
const projectorLink = (connect: string, leave: string): string => `
const net = require('net');
const sockets = [];
class ProjectorLink {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.socket = new net.Socket();
    this.socket.on('error', () => { this.retry = setTimeout(() => this.connect(), 2000); });
    sockets.push(this.socket);
  }
  connect() {
    ${connect}
  }
  destroy() {
    clearTimeout(this.retry);${leave}
    this.socket.removeAllListeners();
    this.socket.destroy();
  }
}
module.exports = ProjectorLink;
`;
const leavesList = '\n    const i = sockets.indexOf(this.socket);\n    if (i !== -1) sockets.splice(i, 1);';

/**
 * A JSON-RPC client whose calls wait in a Map by id: `onReply` is how a reply finds its call,
 * `onClose` the socket's 'close' listener body.
 */
const rpcClient = (onReply: string, onClose = ''): string => `
import net from 'node:net';
export class RpcClient {
  constructor(port) {
    this.pending = new Map();
    this.sock = net.connect(port, '127.0.0.1');
    this.sock.on('error', (err) => console.warn(err.message));
    this.sock.on('data', (data) => this.onData(JSON.parse(String(data))));${onClose ? `\n    this.sock.on('close', () => { ${onClose} });` : ''}
  }
  onData(reply) {
    ${onReply}
  }
  call(id, method) {
    this.sock.write(JSON.stringify({ id, method }) + '\\n');
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }
}
`;
const findsCall = 'const call = this.pending.get(reply.id);\n    if (!call) return;\n    this.pending.delete(reply.id);\n    call.resolve(reply.result);';

/** A Tor control-port client whose constructor gives each instance its methods; `onEnd` is its connection's 'end' or 'close' listener. */
const torControl = (event: string): string => `
var net = require('net');
var TorControl = function TorControl(opts) {
  this.connect = function (cb) {
    if (this.connection) return cb(null, this.connection);
    this.connection = net.connect(opts);
    this.connection.on('error', function (err) { cb(err); });
    this.connection.on('${event}', () => { this.connection = null; });
  };
  this.send = function (line, cb) {
    this.connect((err, conn) => { if (err) return cb(err); conn.write(line); cb(null); });
  };
};
module.exports = TorControl;
`;

/** A metrics sender that keeps its callbacks in flight to fail them on 'error'; `send` is its send method. */
const metricSender = (send: string): string => `
import net from 'node:net';
export class MetricSender {
  constructor(port) {
    this.inFlight = [];
    this.sock = net.connect(port, '127.0.0.1');
    this.sock.on('error', (err) => {
      for (const done of this.inFlight.splice(0)) done(err);
    });
  }
${send}}
`;

/** A relay between a service and a far end; `wiring` is how the service's end reaches the relay. */
const serviceRelay = (wiring: string): string => `
import net from 'node:net';
export function bridge(port) {
  const relay = net.connect(7000, '127.0.0.1');
  const service = net.connect(port, '127.0.0.1');
${wiring}  relay.on('data', (d) => service.write(d));
  relay.on('close', () => service.destroy());
  relay.on('error', () => {});
}
`;

/** A tunnel client that opens a local and a remote connection; `onEnd` is the event its teardown runs on, `extra` more wiring. */
const tunnelClient = (onEnd: string, extra = ''): string => `
const net = require('net');
function open() {
  const local = net.connect(3000, '127.0.0.1');
  const remote = net.connect(9001, 'relay.example');
  local.on('error', (err) => console.log('local error', err.code));
  remote.on('error', () => {});
  local.on('${onEnd}', () => { remote.end(); open(); });
${extra}  remote.pipe(local).pipe(remote);
}
open();
`;

/**
 * A chat server that keeps a member (a wrapper made around the connection) by name once it says
 * hello, and a heartbeat that writes to every member; `event` is where the member is forgotten.
 */
const chatMembers = (event: string): string => `
const net = require('net');
const members = {};
class Member {
  constructor(name, socket) { this.name = name; this.socket = socket; }
}
net.createServer((socket) => {
  socket.on('error', (err) => console.warn(err.message));
  socket.once('data', (hello) => {
    const member = new Member(String(hello).trim(), socket);
    members[member.name] = member;
    socket.on('${event}', () => { delete members[member.name]; });
  });
}).listen(7000);
setInterval(() => { for (const name in members) members[name].socket.write('ping\\n'); }, 1000);
`;

/** A server that forgets a connection by position from both its 'error' and 'close' listeners; `remove` is the removal. */
const forgetful = (remove: string): string => `
const net = require('net');
const live = [];
function forget(sock) {
  sock.destroy();
  ${remove}
}
net.createServer((sock) => {
  live.push(sock);
  sock.on('error', () => forget(sock));
  sock.on('close', () => forget(sock));
}).listen(2575);
`;

/**
 * A device client whose keepalive interval a helper starts with the socket every call passes it
 * (from the 'connect' listener); `onClose` is the body of the socket's 'close' listener.
 */
const keepaliveClient = (onClose: string): string => `
import net from 'node:net';
let keepalive: NodeJS.Timeout | null = null;
function stopKeepalive() {
  if (keepalive) clearInterval(keepalive);
  keepalive = null;
}
function startKeepalive(socket: net.Socket) {
  stopKeepalive();
  keepalive = setInterval(() => socket.write('PING\\n'), 10_000);
}
export function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('connect', () => startKeepalive(socket));
  socket.on('error', (err) => console.error(err.message));
  socket.on('close', () => { ${onClose} });
}
`;

/**
 * A TV remote that sends one key per connection and reports a timeout to its caller; `onTimeout`
 * is the body of the 'timeout' listener.
 */
const sendKey = (onTimeout: string): string => `
import net from 'node:net';
export function sendKey(host: string, key: string, done: (err?: Error) => void) {
  const conn = net.connect(55000, host);
  conn.setTimeout(3000);
  conn.on('connect', () => conn.end(key));
  conn.on('error', (err) => done(err));
  conn.on('timeout', () => { ${onTimeout} });
}
`;

/**
 * A mail session that keeps its connection on a field and reads it through a local name; `onIdle`
 * is its idle 'timeout' listener's body.
 */
const mailSession = (onIdle: string): string => `
import net from 'node:net';
export class MailSession {
  constructor(readonly socket: net.Socket) {
    const conn = this.socket as net.Socket;
    conn.setTimeout(60_000);
    conn.on('error', () => conn.destroy());
    conn.on('timeout', () => ${onIdle});
  }
  onIdle() {
    this.socket.end('421 idle too long\\r\\n');
  }
}
`;

/**
 * A job-queue client in the pre-ES2015 style: each command's callback waits in `this.waiting`; the
 * reply handler reads the oldest, shifts it out in a helper, and calls it. `onClose` is the body
 * of the connection's 'close' listener.
 */
const jobQueue = (onClose: string): string => `
var net = require('net');
function Jobs(port) {
  this.waiting = [];
  this.stream = net.createConnection(port);
  var self = this;
  this.stream.on('data', function (data) { self.handle(String(data)); });
  this.stream.on('error', function (err) { console.warn('jobs:', err.message); });
  this.stream.on('close', function () { ${onClose} });
}
Jobs.prototype.handle = function (reply) {
  var cb = this.waiting[0];
  this.finished();
  cb(null, reply);
};
Jobs.prototype.finished = function () { this.waiting.shift(); };
Jobs.prototype.reserve = function (cb) {
  this.stream.write('reserve\\r\\n');
  this.waiting.push(cb);
};
module.exports = Jobs;
`;

/**
 * A market-data feed that reconnects five seconds after its connection drops; `closeBody` is its
 * `close()`, and `first` opens the reconnect method.
 */
const marketFeed = (closeBody: string, first = ''): string => `
import WebSocket from 'ws';
export class MarketFeed {
  private ws?: WebSocket;
  private retry?: NodeJS.Timeout;
  private closing = false;
  connect(url: string) {
    ${first}this.closing = false;
    this.ws = new WebSocket(url);
    this.ws.on('error', (err) => console.warn(err.message));
    this.ws.on('close', () => {
      if (!this.closing) this.retry = setTimeout(() => this.connect(url), 5000);
    });
  }
  close() {
    ${closeBody}
  }
}
`;

/**
 * A chat server that closes every connection when the process stops; `wiring` registers the
 * connection's `onStopping` on the process-wide `lifecycle` emitter.
 */
const chatRoom = (wiring: string): string => `
import { WebSocketServer } from 'ws';
import { lifecycle } from './lifecycle';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (socket) => {
  socket.on('error', (err) => console.warn(err.message));
  const onStopping = () => socket.close(1001, 'server stopping');
  ${wiring}
  socket.on('message', (data) => socket.send(data));
});
`;

/**
 * A device link that reopens its connection on demand; `onClose` is the body of the new socket's
 * 'close' listener (`socket` is the socket just made).
 */
/** A subscriber that moves a peer from `pending` to `live` in a method bound to it; `wiring` is its 'close' handling. */
const peerSubscriber = (wiring: string): string => `
const net = require('net');
class Subscriber {
  constructor() {
    this.live = {};
    this.pending = {};
  }
  drop(id) {
    const peer = this.live[id] || this.pending[id];
    if (!peer) return;
    peer.end();
    delete this.live[id];
    delete this.pending[id];
  }
  dial(port, host, id) {
    const socket = new net.Socket();
    socket.peerId = id;
    socket.on('error', (err) => console.warn(err.message));
    ${wiring}
    socket.connect(port, host, () => socket.write('hello'));
    this.pending[socket.peerId] = socket;
    socket.once('data', this.accept.bind(this, socket));
  }
  accept(socket, header) {
    if (!header) return;
    this.live[socket.peerId] = socket;
    delete this.pending[socket.peerId];
  }
}
module.exports = Subscriber;
`;
/** A pooled connection that keeps its socket under two names at once (`const conn = this.conn = …`). */
const pooledConnection = (onTimeout: string, onClosed: string): string => `
const net = require('net');
class PooledConnection {
  shut(reason) {
    if (this.conn) this.conn.destroy(reason);
  }
  onClosed() {
    this.conn = null;
    ${onClosed}
  }
  open(port) {
    const conn = this.conn = net.connect(port, '127.0.0.1');
    conn.once('close', () => this.onClosed());
    conn.on('error', (err) => { this.failure = err; });
    conn.setTimeout(3000, () => ${onTimeout});
    conn.once('connect', () => {
      conn.setTimeout(0);
      this.beat = setInterval(() => this.conn.write('beat\\n'), 10000);
    });
  }
}
module.exports = PooledConnection;
`;
const deviceLink = (onClose: string): string => `
import net from 'node:net';
export class DeviceLink {
  private socket: net.Socket | null = null;
  reopen(port: number) {
    if (this.socket) this.socket.end();
    const socket = net.connect(port, '127.0.0.1');
    this.socket = socket;
    this.socket.on('error', (err) => console.warn(err.message));
    this.socket.on('close', () => {
      ${onClose}
    });
  }
}
`;

/**
 * A UPS monitor client (pre-ES2015 class) that queues each request's promise functions as a record
 * written out in full (`{ fulfill: fulfill, reject: reject, … }`) and answers the oldest on 'data';
 * `onClose` is its 'close' listener's body.
 */
const upsMonitor = (onClose: string): string => `
const net = require('net');
function Monitor(port) {
  this.socket = new net.Socket();
  this.requests = [];
  this.socket.on('error', (err) => console.warn('ups', err.message));
  this.socket.on('data', (data) => {
    const request = this.requests[0];
    if (!request) return;
    this.requests.shift();
    process.nextTick(() => request.fulfill(String(data)));
  });
  this.socket.on('close', () => { ${onClose} });
  this.socket.connect(port, '127.0.0.1');
}
Monitor.prototype.status = function () {
  return new Promise((fulfill, reject) => {
    this.requests.push({ fulfill: fulfill, reject: reject, command: 'status' });
    this.socket.write('status\\n');
  });
};
module.exports = Monitor;
`;

const valid: (string | ValidTestCase<Options>)[] = [
  // Every request still waiting is failed when the connection closes.
  upsMonitor("for (const request of this.requests.splice(0)) request.reject(new Error('ups connection closed'));"),
  // The listener clears the field only while it still holds its own socket.
  deviceLink('if (this.socket === socket) this.socket = null;'),
  // The connection takes its listener off when it closes; or hands it to code that may.
  chatRoom("lifecycle.on('stopping', onStopping);\n  socket.once('close', () => lifecycle.off('stopping', onStopping));"),
  chatRoom("lifecycle.on('stopping', onStopping);\n  socket.onStopping = onStopping;"),
  // Each request waits for one reply on the worker's port: the reply that comes takes its one-time listener away.
  `
import http from 'node:http';
import { parentPort } from 'node:worker_threads';
http.createServer((req, res) => {
  parentPort!.once('message', (dump: string) => res.end(dump));
  parentPort!.postMessage('dump');
}).listen(9100);
`,
  // A client that connects once: its one listener is not one per connection.
  `
const net = require('net');
function connect(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', (err) => console.error(err));
  process.on('SIGINT', () => socket.end());
  return socket;
}
module.exports = { connect };
`,
  // The server takes every 'tick' listener off the bus when it stops.
  `
import http from 'node:http';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  bus.on('tick', (data) => res.write(\`data: \${data}\\n\\n\`));
});
export function stop() {
  bus.removeAllListeners('tick');
  server.close();
}
`,
  // close() clears the pending reconnect; or the reconnect checks the flag close() raises.
  marketFeed('this.closing = true;\n    clearTimeout(this.retry);\n    this.ws?.close();'),
  marketFeed('this.closing = true;\n    this.ws?.close();', 'if (this.closing) return;\n    '),
  // The listener destroys the connection; or hands the timeout to a closure that can reach it.
  sendKey("conn.destroy(); done(new Error('timed out'));"),
  sendKey("giveUp(); done(new Error('timed out'));").replace('  conn.setTimeout(3000);', '  const giveUp = () => conn.destroy();\n  conn.setTimeout(3000);'),
  // A local name for the session's own field: a method of the session can end it.
  mailSession('this.onIdle()'),
  // A member kept by name is forgotten on 'close', which follows a reset too.
  chatMembers('close'),
  // The waiting callbacks are failed when the connection closes.
  jobQueue("while (self.waiting.length) self.waiting.shift()(new Error('connection closed'));"),
  // The helper's \`socket\` is the one every call passes: its 'close' listener stops the interval.
  keepaliveClient('stopKeepalive();'),
  // The connect timeout is cleared in the 'error' listener too: the callback runs once.
  printer(true, '{ clearTimeout(timer); callback(err); }'),
  // The connection field is forgotten on 'close', which follows a reset too.
  torControl('close'),
  // The calls waiting by id are failed when the socket closes.
  rpcClient(findsCall, "for (const call of this.pending.values()) call.reject(new Error('closed'));\n      this.pending.clear();"),
  // A table of handlers by message type, only looked up by a reply: nothing waits in it.
  rpcClient('const handle = this.pending.get(reply.type);\n    if (handle) handle.resolve(reply);'),
  // The same socket connects again in place after each failure, and leaves the list with its instance.
  projectorLink('this.socket.connect(this.port, this.host);', leavesList),
  // The WebSocket's connect timer is cleared when it closes too.
  mediaCenter('\n      clearTimeout(connectTimer);'),
  // The same timer settling a promise: its `reject` after the failure listener's does nothing,
  // and destroying the socket the class never replaces again is a no-op.
  `
import net from 'node:net';
export class Printer {
  constructor(address, port) {
    this.address = address;
    this.port = port;
    this.device = new net.Socket();
  }
  open() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.device.destroy();
        reject(new Error('printer connection timeout'));
      }, 30000);
      this.device.on('close', () => reject(new Error('printer closed the connection')));
      this.device.connect(this.port, this.address, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
`,
  // A heartbeat over every connection: \`client\` is a name of one run of the callback, not a socket the timer outlives.
  {
    code: `
export function heartbeat(hub, everyMs) {
  const interval = setInterval(() => {
    hub.forEach((client) => {
      if (client.alive === false) return client.end();
      client.alive = false;
      if (client.socket) client.socket.ping();
    });
  }, everyMs);
  hub.once('close', () => clearInterval(interval));
}
`,
    options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
  },
  // The response's 'aborted' settles it too, and a piped response's stream reports the early end itself.
  `
import http from 'node:http';
export function fetchText(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve(body));
      res.on('aborted', () => reject(new Error('response cut short')));
    });
    req.on('error', reject);
  });
}
`,
  `
import https from 'node:https';
import { pipeline } from 'node:stream';
import fs from 'node:fs';
export function download(url, file, done) {
  https.get(url, (res) => {
    res.on('end', () => done(null));
    pipeline(res, fs.createWriteStream(file), (err) => err && done(err));
  }).on('error', done);
}
`,
  // The reconnect timer armed by 'close' makes a new socket first: what it uses is that one.
  `
import net from 'node:net';
export class Wire {
  constructor(port) {
    this.port = port;
    this.connect();
  }
  connect() {
    this.socket = net.connect(this.port);
    this.socket.on('error', (err) => console.warn(err.message));
    this.socket.on('close', () => {
      this.retry = setTimeout(() => {
        this.socket = net.connect(this.port);
        this.socket.setKeepAlive(true);
        this.socket.on('error', (err) => console.warn(err.message));
      }, 1000);
    });
  }
}
`,
  // A collection of the function that serves one connection (it is given the socket) dies with it.
  `
import http from 'node:http';
import type { Socket } from 'node:net';
export function relay(req: http.IncomingMessage, socket: Socket, head: Buffer, target: http.RequestOptions) {
  const upstreams: Socket[] = [];
  socket.on('error', () => socket.destroy());
  socket.on('close', () => { for (const u of upstreams) u.destroy(); });
  const outgoing = http.request({ ...target, headers: req.headers });
  outgoing.on('error', () => socket.destroy());
  outgoing.on('upgrade', (res, upstream) => {
    upstreams.push(upstream);
    upstream.on('error', () => socket.destroy());
    upstream.pipe(socket).pipe(upstream);
  });
  outgoing.end();
}
`,
  // A client of Redis's callback API (a port and a host): its 'end' comes on every lost connection
  // and it reconnects by itself (measured in test/live/libraries.live.test.ts), so the poller is
  // the application's to stop, not the connection's.
  redisPoller('redis.createClient(port, host)'),
  // The waiting callbacks are failed on 'close' too, which comes after a clean close as well.
  replyClient('for (const done of this.waiting.splice(0)) done(err);', "for (const done of this.waiting.splice(0)) done(new Error('closed'));"),
  // The 'close' listener hands the waiting callbacks to the reconnect, which sends their requests again.
  replyClient('console.warn(err);', 'this.redial(this.waiting);'),
  // The one-shot batch returns first thing once the 'close' listener recorded the close: left to
  // fire after it, it does nothing.
  batchedNotifier("if (this.state === State.Closed) return;\n    this.link.write(this.pending.splice(0).join('\\n'));"),
  // The helper that sets the socket up gives it the 'close' listener that clears the interval, and
  // returns it into `this.socket`: the field is that parameter.
  {
    code: preparedLink("socket.on('close', this.handleClose);\n    socket.on('error', () => {});"),
    options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
  },
  // A connection the file unrefs but never writes to: a timer or a child process has unref() too,
  // so nothing says it is a socket without the name pattern.
  `
import { dial } from './transport.js';
export class Broker {
  connect() {
    return new Promise((resolve, reject) => {
      let dialTimer;
      const onConnect = () => { clearTimeout(dialTimer); resolve(); };
      dialTimer = setTimeout(() => { this.shutdown(); reject(new Error('connect timed out')); }, 5_000);
      this.link = dial({ host: this.host, port: this.port, onConnect });
    });
  }
  shutdown() { this.link.end(); this.link.unref(); }
}
`,
    // `self` written again may hold anything: its `socket` is not the class's.
    `
import net from 'node:net';
export class Feed {
  start(port, other) {
    let self = this;
    self = other;
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.heartbeat = setInterval(function () {
      self.socket.write('ping\\n');
    }, 5000);
  }
}
`,
    // Cleared in the socket's 'close' listener.
    `
import net from 'node:net';
net.createServer((socket) => {
  const heartbeat = setInterval(() => socket.write('ping\\n'), 15000);
  socket.on('close', () => clearInterval(heartbeat));
  socket.on('error', () => {});
});
`,
    // Cleanup done in a method the 'close' listener calls (followed into the class).
    `
import net from 'node:net';
class Session {
  constructor(socket) {
    this.socket = socket;
    this.timer = setInterval(() => this.socket.write('ping\\n'), 15000);
    socket.on('close', () => this.onClose());
    socket.on('error', () => {});
  }
  onClose() {
    this.stop();
  }
  stop() {
    clearInterval(this.timer);
  }
}
net.createServer((socket) => new Session(socket));
`,
    // A 'close' listener given by reference that removes the socket.
    `
import net from 'node:net';
const clients = new Set();
function track(socket) {
  clients.add(socket);
  socket.on('close', forget);
  function forget() {
    clients.delete(socket);
  }
}
net.createServer(track);
`,
    // An 'error' listener that only logs: Node already destroyed the socket, nothing to release.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => console.error('connection failed', err.code));
});
`,
    // A timeout that only destroys the socket is harmless once it closed.
    `
import net from 'node:net';
net.createServer((socket) => {
  const idle = setTimeout(() => socket.destroy(), 60000);
  socket.on('data', () => idle.refresh());
});
`,
    // The interval stops itself when the socket is gone.
    `
import net from 'node:net';
net.createServer((socket) => {
  const heartbeat = setInterval(() => {
    if (socket.destroyed) return clearInterval(heartbeat);
    socket.write('ping\\n');
  }, 15000);
});
`,
    // A client library that reconnects and cleans up on its own 'end' event: the object that
    // emits 'end' is the library's wrapper, not a socket.
    `
import { EventEmitter } from 'node:events';
import net from 'node:net';
class RedisLikeClient extends EventEmitter {
  connect() {
    this.stream = net.connect(6379, '127.0.0.1');
    this.stream.on('error', (err) => this.emit('error', err));
    this.stream.on('close', () => this.emit('end'));
    this.pingTimer = setInterval(() => this.stream.write('PING\\r\\n'), 10000);
    this.on('end', () => {
      clearInterval(this.pingTimer);
      this.reconnectTimer = setTimeout(() => this.connect(), 1000);
    });
  }
}
`,
    // A WeakMap does not keep the socket alive.
    `
import net from 'node:net';
const meta = new WeakMap();
net.createServer((socket) => {
  meta.set(socket, { since: Date.now() });
});
`,
    // A collection local to the function dies with it.
    `
import net from 'node:net';
net.createServer((socket) => {
  const seen = new Set();
  seen.add(socket);
});
`,
    // Registries of objects that are not known sockets.
    `
const rooms = new Map();
function join(room, ws) {
  rooms.set(room, ws);
}
`,
    // The handle is returned: the caller owns clearing it.
    `
import net from 'node:net';
export function startHeartbeat(socket) {
  const timer = setInterval(() => socket.write('ping\\n'), 1000);
  return timer;
}
`,
    // Removed in a finally block of the function that added it.
    `
import net from 'node:net';
const active = new Set();
net.createServer(async (socket) => {
  active.add(socket);
  try {
    for await (const chunk of socket) socket.write(chunk);
  } finally {
    active.delete(socket);
  }
});
`,
    // 'close' on an alias of the socket (a field holding the same object).
    `
import net from 'node:net';
class Peer {
  constructor(socket) {
    this.socket = socket;
    this.timer = setInterval(() => socket.write('keepalive'), 5000);
    this.socket.on('close', () => clearInterval(this.timer));
  }
}
`,
    // 'close' on a variable holding the same socket as the one registered.
    `
import net from 'node:net';
const registry = new Set();
net.createServer((socket) => {
  registry.add(socket);
  const conn = socket;
  conn.on('close', () => registry.delete(socket));
});
`,
    // Cleanup on 'end' that is also done on 'close'.
    `
import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('end', () => clients.delete(socket));
  socket.on('close', () => clients.delete(socket));
});
`,
    // end() in the 'error' listener of another socket (the client still lives).
    `
import net from 'node:net';
net.createServer((clientSocket) => {
  const upstream = net.connect(5432, '127.0.0.1');
  upstream.on('error', () => clientSocket.end());
});
`,
    // A library's own 'end' event on an object that is not a socket.
    `
class Pool {
  constructor() {
    this.ticker = setInterval(() => this.check(), 1000);
    this.on('end', () => clearInterval(this.ticker));
  }
}
`,
    // Reading a buffer list when a response ends is not cleanup of a socket registry.
    `
import http from 'node:http';
http.get('http://127.0.0.1:8080/', (res) => {
  const chunks = [];
  res.on('data', (chunk) => chunks.push(chunk));
  res.on('end', () => {
    console.log(Buffer.concat(chunks).toString());
    chunks.splice(0);
  });
});
`,
    // Without the name pattern, a helper's parameter is not known to be a socket.
    `
const registry = new Set();
export function register(socket) {
  registry.add(socket);
}
`,    // onSocketClose() from our helpers is the socket's 'close' listener: the session is removed
    // there, also when the socket closed during the await.
    `
import net from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
const sessions = new Map();
net.createServer(async (socket) => {
  socket.on('error', () => {});
  const user = await authenticate(socket);
  sessions.set(user, socket);
  onSocketClose(socket, () => {
    if (sessions.get(user) === socket) sessions.delete(user);
  });
});
`,
    // The cleanup given to onSocketClose() by reference, through a namespace import.
    `
import net from 'node:net';
import * as codes from 'eslint-plugin-socket-errors/codes';
net.createServer((socket) => {
  const heartbeat = setInterval(() => socket.write('ping\\n'), 15000);
  codes.onSocketClose(socket, stop);
  function stop() {
    clearInterval(heartbeat);
  }
});
`,
    // Renamed through require(), and followed into the method the cleanup calls.
    `
const net = require('node:net');
const { onSocketClose: onClose } = require('eslint-plugin-socket-errors/codes');
class Session {
  constructor(socket) {
    this.socket = socket;
    this.timer = setInterval(() => this.socket.write('ping\\n'), 15000);
    onClose(socket, () => this.dispose());
  }
  dispose() {
    clearInterval(this.timer);
  }
}
net.createServer((socket) => new Session(socket));
`,
    {
      // Strict: \`socket\` is a socket by its name only, and this one is a socket.io socket that
      // emits 'disconnect', never 'close'; its registry is cleaned in a method the file has. With
      // name evidence alone, a removal anywhere in the file counts.
      code: `
export class Namespace {
  sockets = new Map();
  add(socket) {
    this.sockets.set(socket.id, socket);
    socket.on('disconnect', () => this.remove(socket));
  }
  remove(socket) {
    this.sockets.delete(socket.id);
  }
}
`,
      options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
    },

  {
    // An object from another module that the file never configures like a socket: its 'error'
    // listener may well run before it is destroyed (a protocol wrapper's own error).
    code: `
function Session(channel) {
  this.channel = channel;
  this.channel.on('error', this.handleError.bind(this));
}
Session.prototype.handleError = function (err) {
  this.emit('error', err);
  this.channel.end();
};
module.exports = Session;
`,
  },
  {
    // The request's entry belongs to the tunnel opened for it: taken out under the same key when
    // that connection closes (and the tunnel closes when the client does).
    code: `
import net from 'node:net';
export class Proxy {
  connectRequests = {};
  onConnect(req, socket) {
    const self = this;
    const conn = net.connect(443, '127.0.0.1', () => {
      const key = \`\${conn.localPort}:\${conn.remotePort}\`;
      self.connectRequests[key] = req;
      conn.on('close', () => {
        delete self.connectRequests[key];
        socket.destroy();
      });
      socket.on('close', () => conn.destroy());
    });
    conn.on('error', () => conn.destroy());
    socket.on('error', () => socket.destroy());
  }
}
`,
  },
  {
    // The pooled socket is handed to the caller's callback, which takes it out on 'close'.
    code: `
import http from 'node:http';
function TunnelAgent(options) {
  var self = this;
  self.sockets = [];
  self.options = options;
}
TunnelAgent.prototype.createSocket = function (options, cb) {
  var self = this;
  var connectReq = http.request(self.options);
  connectReq.once('connect', function (res, socket) {
    self.sockets.push(socket);
    cb(socket);
  });
  connectReq.end();
};
TunnelAgent.prototype.addRequest = function (req, options) {
  var self = this;
  self.createSocket(options, function (socket) {
    socket.on('close', function () {
      self.sockets.splice(self.sockets.indexOf(socket), 1);
    });
    req.onSocket(socket);
  });
};
export { TunnelAgent };
`,
  },
  {
    // The timer is armed through \`self\`, the 'close' listener registered through \`this\`: one instance, one socket.
    code: `
import net from 'node:net';
function Beacon(options) {
  const self = this;
  const announce = function () {
    self.socket.write('hello');
    self.repeat = setTimeout(announce, 5_000);
  };
  this.socket = net.connect(options.port);
  this.socket.on('close', function () {
    clearTimeout(self.repeat);
  });
  this.socket.on('error', function (err) {
    self.emit('error', err);
  });
  this.socket.on('connect', announce);
}
Beacon.prototype.stop = function () {
  this.socket.end();
};
export { Beacon };
`,
  },
  // --- Listeners given as options to the call that makes the socket (connectTimerNotCleared) ---
  {
    // The failure options clear the dial timer too.
    code: `
import { openSocket } from './transport.js';
export class Broker {
  connect() {
    return new Promise((resolve, reject) => {
      let dialTimer;
      const onConnect = () => { clearTimeout(dialTimer); resolve(); };
      const onEnd = () => { clearTimeout(dialTimer); this.teardown(); };
      const onError = (err) => { clearTimeout(dialTimer); this.teardown(); reject(err); };
      dialTimer = setTimeout(() => { this.teardown(); reject(new Error('connect timed out')); }, 5_000);
      this.socket = openSocket({ host: this.host, port: this.port, onConnect, onEnd, onError });
    });
  }
  teardown() { this.socket.end(); }
}
`,
    options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
  },
  {
    // An \`onMessage\` option is no socket event: the object is some client's set of callbacks.
    code: `
import { openSocket } from './transport.js';
export class Broker {
  connect() {
    return new Promise((resolve, reject) => {
      let dialTimer;
      const onConnect = () => { clearTimeout(dialTimer); resolve(); };
      const onEnd = () => this.teardown();
      const onError = (err) => { this.teardown(); reject(err); };
      dialTimer = setTimeout(() => { this.teardown(); reject(new Error('connect timed out')); }, 5_000);
      this.socket = openSocket({ host: this.host, port: this.port, onConnect, onEnd, onError, onMessage: (m) => this.handle(m) });
    });
  }
  teardown() { this.socket.end(); }
}
`,
    options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
  },
  {
    // The made object is not kept: nothing says which socket the options belong to.
    code: `
import { openSocket } from './transport.js';
export class Broker {
  connect() {
    return new Promise((resolve, reject) => {
      let dialTimer;
      const onConnect = () => { clearTimeout(dialTimer); resolve(); };
      const onEnd = () => this.teardown();
      const onError = (err) => { this.teardown(); reject(err); };
      dialTimer = setTimeout(() => { this.teardown(); reject(new Error('connect timed out')); }, 5_000);
      openSocket({ host: this.host, port: this.port, onConnect, onEnd, onError });
    });
  }
  teardown() { this.socket.end(); }
}
`,
    options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
  },
  // --- A wrapper taken out only on an event of its own (wrapperLeavesOnEvent) ---
  {
    // The socket's 'close' also runs the remover, through the same table of bound handlers.
    code: `
import { Handshake } from './handshake.js';
export function Gateway(server) {
  var self = this;
  this._handlers = { settled: this.onSettled.bind(this) };
  this.waiting = [];
  server.on('upgrade', function (req, socket, head) {
    socket.on('error', function () { socket.destroy(); });
    var handshake = new Handshake(socket, head);
    self.waiting.push(handshake);
    handshake.once('settled', self._handlers.settled);
    socket.once('close', function () { self._handlers.settled(handshake); });
  });
}
Gateway.prototype.onSettled = function (handshake) {
  var at = this.waiting.indexOf(handshake);
  if (at !== -1) this.waiting.splice(at, 1);
};
`,
  },
  {
    // The wrapper's own 'close' is its end: how it leaves is the wrapper's business.
    code: `
import { Handshake } from './handshake.js';
export function Gateway(server) {
  var self = this;
  this._handlers = { settled: this.onSettled.bind(this) };
  this.waiting = [];
  server.on('upgrade', function (req, socket, head) {
    socket.on('error', function () { socket.destroy(); });
    var handshake = new Handshake(socket, head);
    self.waiting.push(handshake);
    handshake.once('close', self._handlers.settled);
  });
}
Gateway.prototype.onSettled = function (handshake) {
  var at = this.waiting.indexOf(handshake);
  if (at !== -1) this.waiting.splice(at, 1);
};
`,
  },
  {
    // The table holds a bound method of another object: the file's onSettled is not that listener.
    code: `
import { Handshake } from './handshake.js';
export function Gateway(server) {
  var self = this;
  this._handlers = { settled: tracker.onSettled.bind(tracker) };
  this.waiting = [];
  server.on('upgrade', function (req, socket, head) {
    socket.on('error', function () { socket.destroy(); });
    var handshake = new Handshake(socket, head);
    self.waiting.push(handshake);
    handshake.once('settled', self._handlers.settled);
  });
}
Gateway.prototype.onSettled = function (handshake) {
  var at = this.waiting.indexOf(handshake);
  if (at !== -1) this.waiting.splice(at, 1);
};
`,
  },
  {
    // The remover is also called directly (a shutdown may take the handshake out).
    code: `
import { Handshake } from './handshake.js';
export function Gateway(server) {
  var self = this;
  this._handlers = { settled: this.onSettled.bind(this) };
  this.waiting = [];
  server.on('upgrade', function (req, socket, head) {
    socket.on('error', function () { socket.destroy(); });
    var handshake = new Handshake(socket, head);
    self.waiting.push(handshake);
    handshake.once('settled', self._handlers.settled);
  });
}
Gateway.prototype.onSettled = function (handshake) {
  var at = this.waiting.indexOf(handshake);
  if (at !== -1) this.waiting.splice(at, 1);
};
Gateway.prototype.drop = function (handshake) { this.onSettled(handshake); };
`,
  },
  // --- Wrappers of a socket in a registry (wrapperNotCleaned) ---
  {
    // The wrapper leaves the registry on its own 'close'.
    code: `
import http from 'node:http';
import { Connection } from './connection.js';
export class Hub {
  constructor(server) {
    this.connections = [];
    server.on('upgrade', (req, socket) => {
      const connection = new Connection(socket, req);
      this.connections.push(connection);
      connection.on('close', () => this.connections.splice(this.connections.indexOf(connection), 1));
    });
  }
}
export const hub = new Hub(http.createServer());
`,
  },
  {
    // The wrapper is handed the hub itself: it can take itself out (in its own module).
    code: `
import http from 'node:http';
import { Connection } from './connection.js';
export class Hub {
  constructor(server) {
    this.connections = [];
    server.on('upgrade', (req, socket) => {
      const connection = new Connection(this, socket);
      this.connections.push(connection);
    });
  }
}
export const hub = new Hub(http.createServer());
`,
  },
  {
    // Removed in a method of the hub: whoever calls it (the wrapper's module, the application) may do so on close.
    code: `
import http from 'node:http';
import { Connection } from './connection.js';
const server = http.createServer();
const connections = new Set();
server.on('upgrade', (req, socket) => {
  const connection = new Connection(socket);
  connections.add(connection);
});
export function forget(connection) {
  connections.delete(connection);
}
`,
  },
  {
    // A built-in object holding the socket is no wrapper with a lifetime of its own.
    code: `
import http from 'node:http';
const server = http.createServer();
const batches = [];
server.on('upgrade', (req, socket) => {
  const batch = new Set([socket]);
  batches.push(batch);
  socket.on('close', () => batch.clear());
});
`,
  },
  {
    // The callback is also called with something that is no socket (a cached stub), so its
    // parameter is not known to be one, and the remover's argument is not asked for.
    code: `
import net from 'node:net';
const open = [];
function dial(port, cb) {
  if (!port) return cb(stub);
  const conn = net.connect(port);
  conn.on('error', () => {});
  conn.on('close', () => drop(conn));
  open.push(conn);
  cb(conn);
}
function drop(conn) { open.splice(open.indexOf(conn), 1); }
dial(80, function (socket) { socket.on('close', () => drop()); });
`,
  },
  // --- Connect timeouts (connectTimerNotCleared) and timers that reach the socket through a method ---
  {
    // Cleared on 'close' through \`self\`, another name for \`this\`: the same timer.
    code: `
import net from 'node:net';
export class Upstream {
  open(port) {
    const self = this;
    this.stream = net.connect(port, '127.0.0.1');
    this.stream.on('error', (err) => this.emit('down', err));
    this.hello = setTimeout(() => this.emit('error', new Error('no greeting')), 5_000);
    this.stream.once('data', () => clearTimeout(this.hello));
    this.stream.once('close', function () {
      clearTimeout(self.hello);
    });
  }
}
`,
  },
  {
    // The member holds the caller's stream only, which the file never uses like a socket.
    code: `
import net from 'node:net';
export const server = net.createServer();
export class Wire {
  attach(factory) {
    const _this = this;
    factory.open(function (err, stream) {
      _this.stream = stream;
    });
  }
  expectReply() {
    this.replyTimer = setTimeout(() => this.stream.destroy(new Error('no reply')), 1_000);
    this.stream.once('data', () => clearTimeout(this.replyTimer));
  }
}
`,
  },
  {
    // Cleared on 'connect' and in the 'error' listener: a refused connect emits 'error' first.
    code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Upstream extends EventEmitter {
  open(port) {
    const socket = net.connect(port, '127.0.0.1');
    this.dialTimer = setTimeout(() => this.emit('error', new Error('connect timed out')), 5_000);
    socket.once('connect', () => clearTimeout(this.dialTimer));
    socket.on('error', (err) => {
      clearTimeout(this.dialTimer);
      this.emit('down', err);
    });
  }
}
`,
  },
  {
    // Cleared on 'close' too, through a method: 'close' comes after every failure.
    code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Upstream extends EventEmitter {
  open(port) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    this.dialTimer = setTimeout(() => this.emit('error', new Error('connect timed out')), 5_000);
    socket.once('connect', () => clearTimeout(this.dialTimer));
    socket.on('close', () => this.stopDialTimer());
  }
  stopDialTimer() {
    clearTimeout(this.dialTimer);
  }
}
`,
  },
  {
    // The late callback only destroys the local socket, already dead: a no-op.
    code: `
import net from 'node:net';
export function dial(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  const dialTimer = setTimeout(() => socket.destroy(new Error('connect timed out')), 5_000);
  socket.once('connect', () => clearTimeout(dialTimer));
  return socket;
}
`,
  },
  {
    // The stream only ever comes from the caller, and nothing says it is a socket: not reported
    // in the recommended config (the name pattern of the strict config may say otherwise).
    code: `
import { EventEmitter } from 'node:events';
export class DbConnection extends EventEmitter {
  constructor(options) {
    super();
    this.stream = options.stream;
    this.stream.on('data', () => clearTimeout(this.greetingTimer));
    this.greetingTimer = setTimeout(() => this.emit('error', new Error('no greeting')), options.timeout);
  }
}
`,
  },
  {
    // One branch dials a socket of Node's, but the timer is also cleared on 'close', which
    // comes after every failure.
    code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class DbConnection extends EventEmitter {
  constructor(options) {
    super();
    this.stream = options.stream || net.connect(options.port);
    this.stream.on('error', (err) => this.emit('error', err));
    this.stream.on('data', () => clearTimeout(this.greetingTimer));
    this.stream.on('close', () => clearTimeout(this.greetingTimer));
    this.greetingTimer = setTimeout(() => this.emit('error', new Error('no greeting')), options.timeout);
  }
}
`,
  },
  {
    // The entry is also taken out on 'close', which comes after a reset too.
    code: `
import net from 'node:net';
const sessions = {};
export function openTunnel(request, port) {
  const upstream = net.connect(port, '127.0.0.1', () => {
    const id = String(upstream.localPort);
    sessions[id] = request;
    upstream.on('end', () => {
      delete sessions[id];
    });
    upstream.on('close', () => {
      delete sessions[id];
    });
  });
  upstream.on('error', (err) => request.destroy(err));
}
`,
  },
  {
    // The entry removed on 'end' was added elsewhere, under another key: nothing ties it to
    // this connection (a cache of results, say).
    code: `
import net from 'node:net';
const results = {};
export function remember(key, value) {
  results[key] = value;
}
export function fetchOnce(port, key) {
  const upstream = net.connect(port, '127.0.0.1');
  upstream.on('error', () => {});
  upstream.on('end', () => {
    delete results[key];
  });
}
`,
  },
  {
    // Removed on 'end' by another variable than the one the entry was added under.
    code: `
import net from 'node:net';
const sessions = {};
export function openTunnel(request, port, previous) {
  const upstream = net.connect(port, '127.0.0.1');
  upstream.on('error', () => {});
  const id = String(port);
  sessions[id] = request;
  upstream.on('end', () => {
    delete sessions[previous];
  });
}
`,
  },
  {
    // The remover is given the socket; one with a default finds its value itself; one that reads
    // \`arguments\` may find it another way; one whose parameter only names the reason removes
    // nothing by it.
    code: `
import net from 'node:net';
export class Pool {
  constructor() {
    this.sockets = [];
    this.current = null;
  }
  open(port) {
    const socket = net.connect(port, '127.0.0.1');
    this.sockets.push(socket);
    this.current = socket;
    socket.on('error', () => {});
    socket.on('close', () => {
      this.forget(socket);
      this.forgetCurrent();
      this.forgetAny();
      this.log();
    });
  }
  forget(closed) {
    this.sockets.splice(this.sockets.indexOf(closed), 1);
  }
  forgetCurrent(closed = this.current) {
    this.sockets.splice(this.sockets.indexOf(closed), 1);
  }
  forgetAny() {
    const closed = arguments[0] ?? this.current;
    this.sockets.splice(this.sockets.indexOf(closed), 1);
  }
  log(reason) {
    console.log('closed', reason, this.sockets.indexOf(this.current));
  }
}
`,
  },
  {
    // Not a socket's 'close' listener: a job queue's, where \`finish()\` is the queue's business.
    code: `
export function watch(queue, jobs) {
  queue.on('close', () => {
    finish();
  });
  function finish(job) {
    jobs.delete(job);
  }
}
`,
  },
  {
    // The late callback only logs: nothing happens to a connection.
    code: `
import net from 'node:net';
export class Upstream {
  open(port) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    this.dialTimer = setTimeout(() => console.warn('still connecting'), 5_000);
    socket.once('connect', () => clearTimeout(this.dialTimer));
  }
}
`,
  },
  {
    // The late callback ends \`this.socket\`, which only the constructor assigns: it is the same
    // dead socket, and ending it again does nothing.
    code: `
import net from 'node:net';
export class Client {
  constructor(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
    this.greetingTimer = setTimeout(() => this.socket.end(), 2_000);
    this.socket.once('data', () => clearTimeout(this.greetingTimer));
  }
}
`,
  },
  {
    // The interval reaches the socket through \`this.ping()\` and is cleared on 'close'.
    code: `
import net from 'node:net';
export class Pinger {
  constructor(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
    this.timer = setInterval(() => this.ping(), 10_000);
    this.socket.on('close', () => clearInterval(this.timer));
  }
  ping() {
    this.socket.write('PING\\r\\n');
  }
}
`,
  },
  {
    // The called method writes to a socket it is given, not to \`this.socket\`: which one is unknown.
    code: `
import net from 'node:net';
export class Pinger {
  constructor(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
    this.timer = setInterval(() => this.ping(), 10_000);
  }
  ping() {
    for (const peer of this.peers) peer.write('PING\\r\\n');
  }
}
`,
  },
    // A pool connection's close() returns early once the socket is destroyed: end(cb) on a live
    // (or reset, or finished) socket always calls back.
    `
import net from 'node:net';
export function poolConnection(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', (err) => console.error('pool connection failed', err));
  return {
    abort() { socket.destroy(); },
    close() {
      if (socket.destroyed) return Promise.resolve();
      return new Promise((resolve) => socket.end(resolve));
    },
  };
}
`,
    // The only destroy() is the fallback of this same end(): a pending end calls back on destroy().
    `
import net from 'node:net';
export function poolConnection(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', (err) => console.error('pool connection failed', err));
  return {
    close() {
      return new Promise((resolve) => {
        const force = setTimeout(() => socket.destroy(), 2000);
        socket.end(() => { clearTimeout(force); resolve(); });
      });
    },
  };
}
`,
    // destroy(err) leaves the socket errored, and end(cb) then calls back with that error.
    `
import net from 'node:net';
export function poolConnection(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', (err) => console.error('pool connection failed', err));
  return {
    abort() { socket.destroy(new Error('aborted by the pool')); },
    close() { return new Promise((resolve) => socket.end(resolve)); },
  };
}
`,
  // A load generator's rate interval lives on the client, which reconnects whenever its socket
  // ends or fails: the interval outlives each socket on purpose and is cleared in destroy().
  `
import net from 'node:net';
export function Client(opts) {
  this.opts = opts;
  this.sent = 0;
  this.rateInterval = setInterval(() => {
    this.sent = 0;
    this.send();
  }, 1000);
  this.connect();
}
Client.prototype.connect = function () {
  this.conn = net.connect(this.opts.port, this.opts.host);
  this.conn.on('error', () => { if (!this.destroyed) this.connect(); });
  this.conn.on('end', () => { if (!this.destroyed) this.connect(); });
};
Client.prototype.send = function () {
  this.sent += 1;
  this.conn.write('GET / HTTP/1.1\\r\\n\\r\\n');
};
Client.prototype.destroy = function () {
  this.destroyed = true;
  clearInterval(this.rateInterval);
  this.conn.destroy();
};
`,
  // A cluster writer keys its sockets by node id; the sockets' 'error' and 'end' listeners remove
  // them through a helper: between them they hear every close the peer makes, as 'close' would.
  `
import net from 'node:net';
export class Writer {
  constructor() { this.sockets = new Map(); }
  connect(nodeID, port) {
    const socket = net.connect(port, () => {
      this.sockets.set(nodeID, socket);
    });
    socket.on('error', () => this.removeSocket(nodeID));
    socket.on('end', () => this.removeSocket(nodeID));
  }
  removeSocket(nodeID) {
    this.sockets.delete(nodeID);
  }
}
`,
  // The same with the socket added through a helper: every socket the file gives it is removed.
  `
import net from 'node:net';
export class Writer {
  constructor() { this.sockets = new Map(); }
  connect(nodeID, port) {
    const socket = net.connect(port, () => this.addSocket(nodeID, socket));
    socket.on('close', () => this.removeSocket(nodeID));
  }
  addSocket(nodeID, socket) {
    this.sockets.set(nodeID, socket);
  }
  removeSocket(nodeID) {
    const socket = this.sockets.get(nodeID);
    if (socket && !socket.destroyed) socket.destroy();
    this.sockets.delete(nodeID);
  }
}
`,
  // close() waits for end()'s callback, but a timer of the same executor settles it anyway: an
  // aborted socket delays the promise by maxWait, it does not strand it.
  `
import net from 'node:net';
export class Session {
  constructor(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
  }
  abort() {
    this.socket.destroy();
  }
  close(maxWait = 250) {
    return new Promise((resolve) => {
      const fallback = setTimeout(resolve, maxWait);
      this.socket.end(() => {
        clearTimeout(fallback);
        resolve();
      });
    });
  }
}
`,
  // One stop function registered for 'error' first and for 'close' too: it runs on close, and so
  // clears the interval, whichever registration the file wrote first.
  `
const net = require('net');
exports.watch = function (port) {
  const link = net.connect(port, '127.0.0.1');
  let beat = setInterval(() => {
    link.write('NOOP\\r\\n');
  }, 15000);
  const stop = () => {
    if (beat) {
      clearInterval(beat);
      beat = null;
    }
  };
  link.on('error', stop);
  link.on('close', stop);
  return link;
};
`,
  // The callbacks kept to fail on 'error' are also the writes' own callbacks, which the socket calls
  // by the time it closes, however it closes (measured): nothing waits for ever.
  metricSender(`  send(line, done) {
    const settle = (err) => {
      this.inFlight.splice(this.inFlight.indexOf(settle), 1);
      done(err);
    };
    this.inFlight.push(settle);
    this.sock.write(line + '\\\\n', settle);
  }
`),
  metricSender(`  send(...args) {
    const done = args.pop();
    const settle = (err) => {
      this.inFlight.splice(this.inFlight.indexOf(settle), 1);
      done(err);
    };
    this.inFlight.push(settle);
    args[args.length] = settle;
    this.sock.write.apply(this.sock, args);
  }
`),
  // The service is piped into the relay: the pipe ends the relay on a clean close, and 'error'
  // covers the rest.
  serviceRelay(`  service.pipe(relay);
  service.on('error', () => relay.end());
`),
  // Also through a Transform that counts the bytes: it ends its output once its input ended (measured).
  serviceRelay(`  let size = 0;
  const counter = new Transform({ transform(chunk, encoding, next) { size += chunk.length; next(null, chunk); } });
  service.pipe(counter).pipe(relay);
  service.on('error', () => relay.end());
`).replace("import net from 'node:net';", "import net from 'node:net';\nimport { Transform } from 'node:stream';"),
  // A 'close' listener of the service tears the relay down too: every way of closing is covered.
  serviceRelay(`  service.on('data', (d) => relay.write(d));
  service.on('error', () => relay.end());
  service.on('close', () => relay.destroy());
`),
  // The teardown in 'end' is backed by the 'close' listener, which a reset reaches.
  tunnelClient('end', "  local.on('close', () => remote.destroy());\n"),
  // The raw socket is wrapped by the TLS socket, which destroys it when it closes.
  `
import net from 'node:net';
import tls from 'node:tls';
export function upgrade(raw, options) {
  raw.on('data', (chunk) => secure.write(chunk));
  const secure = tls.connect({ ...options, socket: raw });
  secure.on('error', () => raw.destroy());
  return secure;
}
`,
  // The removal by position checks first, or runs once: a second run removes nothing.
  forgetful('if (live.indexOf(sock) !== -1) live.splice(live.indexOf(sock), 1);'),
  forgetful('const at = live.indexOf(sock);\n  if (at >= 0) live.splice(at, 1);'),
  // The idle timeout destroys the socket through a method, and 'close' clears the heartbeat through
  // another: `conn` and `this.conn` are one socket, named twice by one assignment.
  pooledConnection("this.shut(new Error('connect timed out'))", 'clearInterval(this.beat);'),
  // The method bound to the socket is given that socket alone: its 'close' listener drops both entries.
  peerSubscriber("socket.on('close', () => this.drop(socket.peerId));"),
];


const invalid: InvalidTestCase<MessageIds, Options>[] = [
  // The same monitor whose 'close' listener forgets the queue: a request in flight when the daemon
  // restarts never settles.
  {
    code: upsMonitor('this.connected = false;'),
    errors: [{ messageId: 'repliesNeverFailed', line: 18, data: { collection: 'requests', socket: 'this.socket' } }],
  },
  // The old socket closes after the new one is in the field, and clears it (measured).
  {
    code: deviceLink('this.socket = null;'),
    errors: [{ messageId: 'clearsNewSocket', line: 11, data: { opener: 'reopen', field: 'this.socket' } }],
  },
  // Every connection leaves its 'stopping' listener on the process-wide emitter (measured).
  {
    code: chatRoom("lifecycle.on('stopping', onStopping);"),
    errors: [
      {
        messageId: 'listenerKept',
        line: 9,
        data: { emitter: 'lifecycle', event: 'stopping', socket: 'socket' },
        suggestions: [
          {
            messageId: 'removeOnClose',
            data: { emitter: 'lifecycle', event: 'stopping', socket: 'socket' },
            output: chatRoom("lifecycle.on('stopping', onStopping);\n  socket.once('close', () => lifecycle.off('stopping', onStopping));"),
          },
        ],
      },
    ],
  },
  // An event stream whose inline listener on the bus outlives the response.
  {
    code: `
import http from 'node:http';
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  bus.on('tick', (data) => res.write(\`data: \${data}\\n\\n\`));
}).listen(8081);
`,
    errors: [{ messageId: 'listenerKept', line: 7, data: { emitter: 'bus', event: 'tick', socket: 'res' }, suggestions: [] }],
  },
  // A connection listener written for a ws server another module registers it on.
  {
    code: `
import type { IncomingMessage } from 'node:http';
import WS from 'ws';
export function onConnection(this: WS.Server, socket: WS, request: IncomingMessage) {
  socket.on('error', () => socket.terminate());
  const bye = () => socket.close(1001);
  process.on('SIGTERM', bye);
}
`,
    errors: [
      {
        messageId: 'listenerKept',
        line: 7,
        data: { emitter: 'process', event: 'SIGTERM', socket: 'socket' },
        suggestions: [
          {
            messageId: 'removeOnClose',
            data: { emitter: 'process', event: 'SIGTERM', socket: 'socket' },
            output: `
import type { IncomingMessage } from 'node:http';
import WS from 'ws';
export function onConnection(this: WS.Server, socket: WS, request: IncomingMessage) {
  socket.on('error', () => socket.terminate());
  const bye = () => socket.close(1001);
  process.on('SIGTERM', bye);
  socket.once('close', () => process.off('SIGTERM', bye));
}
`,
          },
        ],
      },
    ],
  },
  // Closed while the reconnect waits, the feed connects again five seconds later.
  {
    code: marketFeed('this.closing = true;\n    this.ws?.close();'),
    errors: [{ messageId: 'reconnectAfterClose', line: 15, data: { method: 'close', field: 'retry', reconnect: 'connect' } }],
  },
  // An idle timeout only reports: the connection stays open (or keeps connecting) (measured).
  {
    code: sendKey("done(new Error('timed out'));"),
    errors: [
      {
        messageId: 'timeoutKeepsOpen',
        line: 8,
        data: { socket: 'conn' },
        suggestions: [{ messageId: 'destroyOnTimeout', data: { socket: 'conn' }, output: sendKey(" conn.destroy(); done(new Error('timed out'));").replace('{  conn', '{ conn') }],
      },
    ],
  },
  // The same for a local name of a field when the listener only logs.
  {
    code: mailSession("console.warn('idle')"),
    errors: [
      {
        messageId: 'timeoutKeepsOpen',
        line: 8,
        data: { socket: 'conn' },
        suggestions: [{ messageId: 'destroyOnTimeout', data: { socket: 'conn' }, output: mailSession("{ conn.destroy(); return console.warn('idle'); }") }],
      },
    ],
  },
  // The same through setTimeout(ms, listener) on a client request, with an expression body.
  {
    code: `
import http from 'node:http';
export function ping(url: string) {
  const request = http.get(url, (res) => res.resume());
  request.on('error', (err) => console.warn(err.message));
  request.setTimeout(6000, () => console.warn('ping timed out'));
}
`,
    errors: [
      {
        messageId: 'timeoutKeepsOpen',
        line: 6,
        data: { socket: 'request' },
        suggestions: [
          {
            messageId: 'destroyOnTimeout',
            data: { socket: 'request' },
            output: `
import http from 'node:http';
export function ping(url: string) {
  const request = http.get(url, (res) => res.resume());
  request.on('error', (err) => console.warn(err.message));
  request.setTimeout(6000, () => { request.destroy(); return console.warn('ping timed out'); });
}
`,
          },
        ],
      },
    ],
  },
  // The helper's interval keeps writing to a socket whose 'close' listener only logs.
  {
    code: keepaliveClient("console.log('closed');"),
    output: null,
    errors: [{ messageId: 'timerNotCleared', line: 10, data: { handle: 'keepalive', timer: 'an interval', socket: 'socket' } }],
  },
  // 'close' follows 'error': the second splice(-1, 1) takes out another, live connection (measured).
  {
    code: forgetful('live.splice(live.indexOf(sock), 1);'),
    errors: [{ messageId: 'removedTwice', line: 6, data: { collection: 'live' }, suggestions: [{ messageId: 'checkFirst', output: forgetful('if (live.indexOf(sock) !== -1) live.splice(live.indexOf(sock), 1);') }] }],
  },
  // Cleared only where the socket connects: a refused connect calls back with ECONNREFUSED, then again with the timeout (measured).
  { code: printer(true), errors: [{ messageId: 'connectTimerNotCleared', line: 10, data: { handle: 'timer', event: 'connect', socket: 'this.device', effect: 'calls `callback` a second time' } }] },
  // Nothing ever takes the socket out; or each connect() replaces it, and the old one stays listed.
  { code: projectorLink('this.socket.connect(this.port, this.host);', ''), errors: [{ messageId: 'registryNotCleaned', line: 10, data: { socket: 'this.socket', collection: 'sockets' } }] },
  { code: projectorLink('this.socket = net.connect(this.port, this.host);', leavesList), errors: [{ messageId: 'registryNotCleaned', line: 10, data: { socket: 'this.socket', collection: 'sockets' } }] },
  // A refused WebSocket never emits 'open' (measured): its timer terminates the next attempt's socket.
  { code: mediaCenter(''), errors: [{ messageId: 'connectTimerNotCleared', line: 9, data: { handle: 'connectTimer', event: 'open', socket: 'this.socket', effect: 'ends the connection' } }] },
  { code: printer(false), errors: [{ messageId: 'connectTimerNotCleared', line: 10, data: { handle: 'timer', event: 'connect', socket: 'this.device', effect: 'calls `callback` a second time' } }] },
  // The current API's client (options object) ends for good with 'end': the poller outlives it.
  {
    code: redisPoller('redis.createClient({ socket: { port, host } })'),
    output: redisPoller('redis.createClient({ socket: { port, host } })').replace('  }, 30_000);\n', "  }, 30_000);\n  client.once('end', () => clearInterval(poller));\n"),
    errors: [{ messageId: 'timerNotCleared', line: 7, data: { handle: 'poller', timer: 'an interval', socket: 'client' } }],
  },
  // The same collection made once for the server, not per connection: every upstream stays in it.
  {
    code: `
import http from 'node:http';
export function createRelay(target) {
  const upstreams = [];
  const server = http.createServer();
  server.on('upgrade', (req, socket) => {
    socket.on('error', () => socket.destroy());
    const outgoing = http.request({ ...target, headers: req.headers });
    outgoing.on('error', () => socket.destroy());
    outgoing.on('upgrade', (res, upstream) => {
      upstreams.push(upstream);
      upstream.on('error', () => socket.destroy());
      upstream.pipe(socket).pipe(upstream);
    });
    outgoing.end();
  });
  return server;
}
`,
    output: null,
    errors: [{ messageId: 'registryNotCleaned', line: 11, data: { socket: 'upstream', collection: 'upstreams' } }],
  },
  // A timer armed once connected writes to the socket it started with: not cleared when it closes.
  {
    code: `
import net from 'node:net';
export class Wire {
  constructor(port) {
    this.port = port;
    this.socket = net.connect(this.port);
    this.socket.on('error', (err) => console.warn(err.message));
    this.socket.on('connect', () => {
      this.retry = setTimeout(() => {
        this.socket.setKeepAlive(true);
        this.socket.write('hello\\n');
      }, 1000);
    });
  }
}
`,
    errors: [{ messageId: 'timerNotCleared', line: 9, data: { handle: 'this.retry', timer: 'a timeout', socket: 'this.socket' } }],
  },
  // Only 'end' settles the promise: a server that dies mid-body leaves it pending for ever.
  {
    code: `
import http from 'node:http';
export function fetchText(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}
`,
    errors: [{ messageId: 'endOnlyResponse', line: 9 }],
  },
  // The same through a 'response' listener and a callback.
  {
    code: `
import http from 'node:http';
export function status(options, callback) {
  const req = http.request(options);
  req.on('error', callback);
  req.on('response', (res) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('end', () => callback(null, Buffer.concat(chunks)));
  });
  req.end();
}
`,
    errors: [{ messageId: 'endOnlyResponse', line: 9 }],
  },
  // Failed nowhere: the 'error' listener only logs, the 'close' listener only flags.
  {
    code: replyClient('console.warn(err);', 'this.connected = false;'),
    errors: [{ messageId: 'repliesNeverFailed', line: 12, data: { collection: 'waiting', socket: 'this.sock' } }],
  },
  // Forgotten on 'end' only, in a method the constructor gives the instance: after a reset the next
  // command is handed the dead socket (measured by a judge of round 48: it never calls back).
  {
    code: torControl('end'),
    errors: [{ messageId: 'cleanupOnEnd', line: 8, data: { where: "in an 'end' listener", socket: 'this.connection' }, suggestions: [{ messageId: 'moveToClose', output: torControl('close') }] }],
  },
  // The oldest callback read, then shifted out by a helper: a server that hangs up answers none.
  {
    code: jobQueue(''),
    errors: [{ messageId: 'repliesNeverFailed', line: 19, data: { collection: 'waiting', socket: 'this.stream' } }],
  },
  // Calls kept in a Map by id, each looked up and deleted by its reply: a peer that closes fails none.
  {
    code: rpcClient(findsCall, "console.info('closed');"),
    errors: [{ messageId: 'repliesNeverFailed', line: 19, data: { collection: 'pending', socket: 'this.sock' } }],
  },
  // ... also when the reply settles a promise kept in the queue, taken out by a helper the 'data' listener calls.
  {
    code: `
import net from 'node:net';
export class Jobs {
  constructor(port) {
    this.pending = [];
    this.link = net.connect(port);
    this.link.on('data', (chunk) => this.onReply(chunk));
    this.link.on('error', (err) => console.warn('jobs link', err.message));
  }
  onReply(chunk) {
    const next = this.pending.shift();
    next.resolve(String(chunk));
  }
  reserve() {
    this.link.write('reserve\\r\\n');
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
}
`,
    errors: [{ messageId: 'repliesNeverFailed', line: 16, data: { collection: 'pending', socket: 'this.link' } }],
  },
  // A tunnel that ends its remote side and opens a new one only when the local service ends
  // cleanly: a reset of the local connection gives no 'end', and the remote stays open for ever.
  {
    code: tunnelClient('end'),
    errors: [{ messageId: 'cleanupOnEnd', line: 8, data: { where: "in an 'end' listener", socket: 'local' }, suggestions: [{ messageId: 'moveToClose', output: tunnelClient('close') }] }],
  },
  // The same for a wrapper made around the connection and kept by name: a reset keeps it, and the
  // heartbeat writes to the dead socket for ever.
  {
    code: chatMembers('end'),
    errors: [{ messageId: 'cleanupOnEnd', line: 12, data: { where: "in an 'end' listener", socket: 'socket' }, suggestions: [{ messageId: 'moveToClose', output: chatMembers('close') }] }],
  },
  // A relay that ends its other side only when the service fails: a clean close of the service
  // (its FIN) gives no 'error', and the relay stays open (measured).
  {
    code: serviceRelay(`  service.on('data', (d) => relay.write(d));
  service.on('error', () => relay.end());
`),
    errors: [{ messageId: 'teardownOnErrorOnly', line: 7, data: { peer: 'relay', socket: 'service' } }],
  },
  // Piped through a Transform the other way only: nothing ends the relay when the service ends.
  {
    code: serviceRelay(`  const counter = new Transform({ transform(chunk, encoding, next) { next(null, chunk); } });
  relay.pipe(counter).pipe(service);
  service.on('error', () => relay.end());
`).replace("import net from 'node:net';", "import net from 'node:net';\nimport { Transform } from 'node:stream';"),
    errors: [{ messageId: 'teardownOnErrorOnly', line: 9, data: { peer: 'relay', socket: 'service' } }],
  },
  // The callbacks failed only in 'error' are not given to the write: a clean close strands them.
  {
    code: metricSender(`  send(line, done) {
    const settle = (err) => {
      this.inFlight.splice(this.inFlight.indexOf(settle), 1);
      done(err);
    };
    this.inFlight.push(settle);
    this.sock.write(line + "\\\\n");
  }
`),
    errors: [{ messageId: 'repliesFailedOnErrorOnly', line: 8, data: { collection: 'inFlight', socket: 'this.sock' } }],
  },
  // Failed only in 'error': a server that closes cleanly leaves every request waiting.
  {
    code: replyClient('for (const done of this.waiting.splice(0)) done(err);', 'this.connected = false;'),
    errors: [{ messageId: 'repliesFailedOnErrorOnly', line: 8, data: { collection: 'waiting', socket: 'this.sock' } }],
  },
  // The batch writes before it looks, or looks at a state the close does not set.
  {
    code: batchedNotifier("this.link.write('batch');\n    if (this.state === State.Closed) return;\n    this.link.write(this.pending.splice(0).join('\\n'));"),
    errors: [{ messageId: 'timerNotCleared', line: 14, data: { handle: 'this.batch', timer: 'a timeout', socket: 'this.link' } }],
  },
  {
    code: batchedNotifier("if (this.state === State.Closed) return;\n    this.link.write(this.pending.splice(0).join('\\n'));", 'console.log("link closed");'),
    errors: [{ messageId: 'timerNotCleared', line: 14, data: { handle: 'this.batch', timer: 'a timeout', socket: 'this.link' } }],
  },
  // The helper listens for 'error' only: nothing clears the interval when the socket closes.
  {
    code: preparedLink("socket.on('error', () => {});"),
    options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
    errors: [{ messageId: 'timerNotCleared', line: 15, data: { handle: 'this.idleTimer', timer: 'an interval', socket: 'this.socket' } }],
  },
    {
      // Removed on 'end' only through the helper, not on a reset: the reset socket stays listed.
      code: `
import net from 'node:net';
export class Writer {
  constructor() { this.sockets = new Map(); }
  connect(nodeID, port) {
    const socket = net.connect(port, () => {
      this.sockets.set(nodeID, socket);
    });
    socket.on('error', (err) => console.error(err));
    socket.on('end', () => this.removeSocket(nodeID));
  }
  removeSocket(nodeID) {
    this.sockets.delete(nodeID);
  }
}
`,
      output: `
import net from 'node:net';
export class Writer {
  constructor() { this.sockets = new Map(); }
  connect(nodeID, port) {
    const socket = net.connect(port, () => {
      this.sockets.set(nodeID, socket);
      socket.once('close', () => {
        if (this.sockets.get(nodeID) === socket) this.sockets.delete(nodeID);
      });
    });
    socket.on('error', (err) => console.error(err));
    socket.on('end', () => this.removeSocket(nodeID));
  }
  removeSocket(nodeID) {
    this.sockets.delete(nodeID);
  }
}
`,
      errors: [{ messageId: 'registryNotCleaned', line: 7, data: { socket: 'socket', collection: 'this.sockets' } }],
    },
    {
      // The 'close' listener registered through \`this\` clears another timer than the one armed through \`self\`.
      code: `
import net from 'node:net';
function Beacon(options) {
  const self = this;
  const announce = function () {
    self.socket.write('hello');
    self.repeat = setTimeout(announce, 5_000);
  };
  this.socket = net.connect(options.port);
  this.socket.on('close', function () {
    clearTimeout(self.expiry);
  });
  this.socket.on('error', function (err) {
    self.emit('error', err);
  });
  this.socket.on('connect', announce);
  self.expiry = setTimeout(function () { self.socket.end(); }, 60_000);
}
export { Beacon };
`,
      errors: [{ messageId: 'timerNotCleared', line: 7, data: { handle: 'self.repeat', timer: 'a timeout', socket: 'self.socket' } }],
    },
    {
      // The pooled socket is handed to the caller's callback, whose 'close' listener never takes it out of \`self.sockets\`.
      code: `
import http from 'node:http';
function TunnelAgent(options) {
  var self = this;
  self.sockets = [];
  self.options = options;
}
TunnelAgent.prototype.createSocket = function (options, cb) {
  var self = this;
  var connectReq = http.request(self.options);
  connectReq.on('error', function (err) { self.emit('error', err); });
  connectReq.once('connect', function (res, socket) {
    socket.on('error', function () { socket.destroy(); });
    self.sockets.push(socket);
    cb(socket);
  });
  connectReq.end();
};
TunnelAgent.prototype.addRequest = function (req, options) {
  var self = this;
  self.createSocket(options, function (socket) {
    socket.on('close', function () {
      self.emit('free', socket);
    });
    req.onSocket(socket);
  });
};
export { TunnelAgent };
`,
      errors: [{ messageId: 'registryNotCleaned', line: 14, data: { socket: 'socket', collection: 'self.sockets' } }],
    },
    {
      // A helper that adds what it is given: one caller removes its socket on 'close', the other never.
      code: `
import net from 'node:net';
export class Writer {
  constructor() { this.sockets = new Map(); }
  connect(nodeID, port) {
    const socket = net.connect(port, () => this.addSocket(nodeID, socket));
    socket.on('close', () => this.sockets.delete(nodeID));
  }
  dialBackup(nodeID, port) {
    const backup = net.connect(port);
    backup.on('error', () => backup.destroy());
    this.addSocket(nodeID, backup);
  }
  addSocket(nodeID, socket) {
    this.sockets.set(nodeID, socket);
  }
}
`,
      output: `
import net from 'node:net';
export class Writer {
  constructor() { this.sockets = new Map(); }
  connect(nodeID, port) {
    const socket = net.connect(port, () => this.addSocket(nodeID, socket));
    socket.on('close', () => this.sockets.delete(nodeID));
  }
  dialBackup(nodeID, port) {
    const backup = net.connect(port);
    backup.on('error', () => backup.destroy());
    this.addSocket(nodeID, backup);
  }
  addSocket(nodeID, socket) {
    this.sockets.set(nodeID, socket);
    socket.once('close', () => {
      if (this.sockets.get(nodeID) === socket) this.sockets.delete(nodeID);
    });
  }
}
`,
      errors: [{ messageId: 'registryNotCleaned', line: 15, data: { socket: 'socket', collection: 'this.sockets' } }],
    },
    {
      // The same client, but the interval is set where each socket is opened: every reconnect
      // starts one more, and the old ones keep writing to whatever socket the field holds.
      code: `
import net from 'node:net';
export function Client(opts) {
  this.opts = opts;
  this.connect();
}
Client.prototype.connect = function () {
  this.conn = net.connect(this.opts.port, this.opts.host);
  this.conn.on('error', () => this.connect());
  this.conn.on('end', () => this.connect());
  this.rateInterval = setInterval(() => {
    this.conn.write('GET / HTTP/1.1\\r\\n\\r\\n');
  }, 1000);
};
`,
      errors: [{ messageId: 'timerNotCleared', line: 11, data: { handle: 'this.rateInterval', timer: 'an interval', socket: 'this.conn' } }],
    },
    {
      // The interval's callback reaches the class's socket through `self` (`const self = this`).
      code: `
import net from 'node:net';
export class Feed {
  start(port) {
    const self = this;
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.heartbeat = setInterval(function () {
      self.socket.write('ping\\n');
    }, 5000);
  }
}
`,
      errors: [{ messageId: 'timerNotCleared', line: 8, data: { handle: 'this.heartbeat', timer: 'an interval', socket: 'self.socket' } }],
    },
  {
    // The factory (another module) registers each onX option on the socket it makes: the dial
    // timer is cleared by onConnect only, so a refused or reset connection still fires it later.
    code: `
import { openSocket } from './transport.js';
export class Broker {
  connect() {
    return new Promise((resolve, reject) => {
      let dialTimer;
      const onConnect = () => { clearTimeout(dialTimer); resolve(); };
      const onEnd = () => this.teardown();
      const onError = (err) => { this.teardown(); reject(err); };
      dialTimer = setTimeout(() => { this.teardown(); reject(new Error('connect timed out')); }, 5_000);
      this.socket = openSocket({ host: this.host, port: this.port, onConnect, onEnd, onError });
    });
  }
  teardown() { this.socket.end(); }
}
`,
    options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
    errors: [{ messageId: 'connectTimerNotCleared', line: 10, data: { handle: 'dialTimer', event: 'connect', socket: 'this.socket', effect: 'ends the connection' } }],
  },
  {
    // The same without the name pattern: the file both writes to \`this.link\` and unrefs it, which
    // of Node's objects only a socket allows, so the connection the factory makes is one.
    code: `
import { dial } from './transport.js';
export class Broker {
  connect() {
    return new Promise((resolve, reject) => {
      let dialTimer;
      const onConnect = () => { clearTimeout(dialTimer); resolve(); };
      const onError = (err) => { this.shutdown(); reject(err); };
      dialTimer = setTimeout(() => { this.shutdown(); reject(new Error('connect timed out')); }, 5_000);
      this.link = dial({ host: this.host, port: this.port, onConnect, onError });
    });
  }
  send(frame) { this.link.write(frame); }
  shutdown() { this.link.end(); this.link.unref(); }
}
`,
    errors: [{ messageId: 'connectTimerNotCleared', line: 9, data: { handle: 'dialTimer', event: 'connect', socket: 'this.link', effect: 'ends the connection' } }],
  },
  {
    // An HTTP server from the options: its 'upgrade' listener (a bound method kept in a table of
    // handlers) receives (request, socket). The handshake that wraps the socket leaves the list
    // only when it settles; a client reset before that leaves it there.
    code: `
import { Handshake } from './handshake.js';
export function Gateway(options) {
  this._handlers = { upgrade: this.onUpgrade.bind(this), settled: this.onSettled.bind(this) };
  this.waiting = [];
  var onUpgrade = this._handlers.upgrade;
  options.servers.forEach(function (server) { server.on('upgrade', onUpgrade); });
}
Gateway.prototype.onUpgrade = function (request, link) {
  var handshake = new Handshake(link, request);
  this.waiting.push(handshake);
  handshake.once('settled', this._handlers.settled);
};
Gateway.prototype.onSettled = function (handshake) {
  var at = this.waiting.indexOf(handshake);
  if (at !== -1) this.waiting.splice(at, 1);
};
`,
    errors: [{ messageId: 'wrapperLeavesOnEvent', line: 11, data: { wrapper: 'handshake', collection: 'this.waiting', event: 'settled', socket: 'link' } }],
  },
  {
    // Taken out only when the handshake settles: a reset while it waits leaves it in the list.
    // The listener is a bound method kept in a table the constructor fills.
    code: `
import { Handshake } from './handshake.js';
export function Gateway(server) {
  var self = this;
  this._handlers = { settled: this.onSettled.bind(this) };
  this.waiting = [];
  server.on('upgrade', function (req, socket, head) {
    socket.on('error', function () { socket.destroy(); });
    var handshake = new Handshake(socket, head);
    self.waiting.push(handshake);
    handshake.once('settled', self._handlers.settled);
  });
}
Gateway.prototype.onSettled = function (handshake) {
  var at = this.waiting.indexOf(handshake);
  if (at !== -1) this.waiting.splice(at, 1);
};
`,
    errors: [{ messageId: 'wrapperLeavesOnEvent', line: 10, data: { wrapper: 'handshake', collection: 'self.waiting', event: 'settled', socket: 'socket' } }],
  },
  {
    // Methods copied onto the prototype by extend(): \`this\` is one instance in all of them, so
    // the interval the constructor starts uses the socket that its 'close' handler never stops.
    code: `
import net from 'node:net';
import extend from './extend.js';
export function Link(host, port) {
  this.socket = net.connect(port, host);
  this.socket.on('error', this.onError.bind(this));
  this.socket.on('close', this.onClose.bind(this));
  this.heartbeat = setInterval(this.beat.bind(this), 10_000);
}
extend(Link.prototype, {
  onError: function (err) { this.lastError = err; },
  onClose: function () { this.open = false; },
  beat: function () { this.socket.write('PING\\r\\n'); },
});
extend(Other.prototype, {
  // Another prototype's close handler clears its own heartbeat, not Link's.
  onClose: function () { clearInterval(this.heartbeat); },
});
`,
    errors: [{ messageId: 'timerNotCleared', line: 8, data: { handle: 'this.heartbeat', timer: 'an interval', socket: 'this.socket' } }],
  },
    {
      code: HEARTBEAT,
      output: HEARTBEAT_FIXED,
      errors: [{ messageId: 'timerNotCleared', line: 5, data: { handle: 'heartbeat', timer: 'an interval', socket: 'socket' } }],
    },
    {
      // An 'error' listener alone is not enough: a clean FIN close emits no error. (Strict: the
      // helper's parameter counts by its name.)
      code: CLEARED_ON_ERROR_ONLY,
      options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
      output: CLEARED_ON_ERROR_ONLY_FIXED,
      errors: [{ messageId: 'timerNotCleared', data: { handle: 'ping', timer: 'an interval', socket: 'socket' } }],
    },
    {
      // A one-shot timeout that writes.
      code: WRITING_TIMEOUT,
      output: WRITING_TIMEOUT_FIXED,
      errors: [{ messageId: 'timerNotCleared', data: { handle: 'hello', timer: 'a timeout', socket: 'client' } }],
    },
    {
      // A timeout that re-arms itself, kept in a property: reported, no fix (not a const).
      code: `
import net from 'node:net';
class Client {
  constructor() {
    this.socket = net.connect(4222, '127.0.0.1');
    this.socket.on('error', () => {});
    this.schedulePing();
  }
  schedulePing() {
    this.pingTimer = setTimeout(() => {
      this.socket.destroy();
      this.schedulePing();
    }, 2000);
  }
}
`,
      output: null,
      errors: [{ messageId: 'timerNotCleared', data: { handle: 'this.pingTimer', timer: 'a timeout', socket: 'this.socket' } }],
    },
    {
      // Timers kept in a map, per connection.
      code: `
import net from 'node:net';
const timers = new Map();
let nextId = 0;
net.createServer((socket) => {
  const id = nextId++;
  timers.set(id, setInterval(() => socket.write('tick\\n'), 1000));
});
`,
      output: null,
      errors: [{ messageId: 'timerNotCleared', data: { handle: 'timers', timer: 'an interval', socket: 'socket' } }],
    },
    {
      // The removal is in an 'end' listener that 'close' only adds: it never runs.
      code: `
import net from 'node:net';
const clients = new Set();
function watch(socket) {
  socket.on('end', () => clients.delete(socket));
}
net.createServer((socket) => {
  clients.add(socket);
  socket.on('close', () => watch(socket));
});
`,
      output: `
import net from 'node:net';
const clients = new Set();
function watch(socket) {
  socket.on('end', () => clients.delete(socket));
}
net.createServer((socket) => {
  clients.add(socket);
  socket.once('close', () => clients.delete(socket));
  socket.on('close', () => watch(socket));
});
`,
      errors: [
        // `watch` receives the server's socket at its only call, so its 'end'-only cleanup is reported there too.
        {
          messageId: 'cleanupOnEnd',
          line: 5,
          data: { where: "in an 'end' listener", socket: 'socket' },
          suggestions: [
            {
              messageId: 'moveToClose',
              output: `
import net from 'node:net';
const clients = new Set();
function watch(socket) {
  socket.on('close', () => clients.delete(socket));
}
net.createServer((socket) => {
  clients.add(socket);
  socket.on('close', () => watch(socket));
});
`,
            },
          ],
        },
        { messageId: 'registryNotCleaned', line: 8, data: { socket: 'socket', collection: 'clients' } },
      ],
    },
    {
      code: SET_REGISTRY,
      output: SET_REGISTRY_FIXED,
      errors: [{ messageId: 'registryNotCleaned', line: 6, data: { socket: 'socket', collection: 'clients' } }],
    },
    {
      code: MAP_REGISTRY,
      output: MAP_REGISTRY_FIXED,
      errors: [{ messageId: 'registryNotCleaned', data: { socket: 'socket', collection: 'tunnels' } }],
    },
    {
      // An object registry on the instance: reported, no fix.
      code: `
import net from 'node:net';
class Hub {
  constructor() {
    this.sockets = {};
    this.server = net.createServer((socket) => {
      const id = socket.remotePort;
      this.sockets[id] = socket;
    });
  }
}
`,
      output: null,
      errors: [{ messageId: 'registryNotCleaned', data: { socket: 'socket', collection: 'this.sockets' } }],
    },
    {
      // An array registry: reported, no fix.
      code: `
import net from 'node:net';
const peers = [];
net.createServer((socket) => {
  peers.push(socket);
  socket.on('error', () => {});
});
`,
      output: null,
      errors: [{ messageId: 'registryNotCleaned', data: { socket: 'socket', collection: 'peers' } }],
    },
    {
      // A session entry added when the upstream connects and dropped on its 'end' only: when the
      // upstream resets there is no 'end', and the entry (and the request it holds) stays.
      code: `
import net from 'node:net';
const sessions = {};
export function openTunnel(request, port) {
  const upstream = net.connect(port, '127.0.0.1', () => {
    const id = \`\${upstream.localPort}:\${upstream.remotePort}\`;
    sessions[id] = request;
    upstream.on('end', () => {
      delete sessions[id];
    });
  });
  upstream.on('error', (err) => request.destroy(err));
}
`,
      output: null,
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 9,
          data: { where: "in an 'end' listener", socket: 'upstream' },
          suggestions: [
            {
              messageId: 'moveToClose',
              output: `
import net from 'node:net';
const sessions = {};
export function openTunnel(request, port) {
  const upstream = net.connect(port, '127.0.0.1', () => {
    const id = \`\${upstream.localPort}:\${upstream.remotePort}\`;
    sessions[id] = request;
    upstream.on('close', () => {
      delete sessions[id];
    });
  });
  upstream.on('error', (err) => request.destroy(err));
}
`,
            },
          ],
        },
      ],
    },
    {
      // The same with a Map, typed: \`byId.delete(id)\` in a 'finish' listener only.
      code: `
import net from 'node:net';
const byId = new Map<string, { startedAt: number }>();
export function track(socket: net.Socket, id: string): void {
  byId.set(id, { startedAt: Date.now() });
  socket.on('finish', () => byId.delete(id));
}
`,
      output: null,
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 6,
          data: { where: "in a 'finish' listener", socket: 'socket' },
          suggestions: [
            {
              messageId: 'moveToClose',
              output: `
import net from 'node:net';
const byId = new Map<string, { startedAt: number }>();
export function track(socket: net.Socket, id: string): void {
  byId.set(id, { startedAt: Date.now() });
  socket.on('close', () => byId.delete(id));
}
`,
            },
          ],
        },
      ],
    },
    {
      // The 'close' listener calls the pool's remover but forgets the socket: \`indexOf(undefined)\`
      // finds nothing, and every closed socket stays in the pool.
      code: `
import net from 'node:net';
export class Pool {
  constructor() {
    this.sockets = [];
  }
  open(port) {
    const socket = net.connect(port, '127.0.0.1');
    this.sockets.push(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      this.forget();
    });
  }
  forget(closed) {
    const at = this.sockets.indexOf(closed);
    if (at !== -1) this.sockets.splice(at, 1);
  }
}
`,
      output: null,
      errors: [
        {
          messageId: 'removalWithoutSocket',
          line: 12,
          data: { callee: 'this.forget', socket: 'socket', collection: 'this.sockets' },
          suggestions: [
            {
              messageId: 'passSocket',
              data: { socket: 'socket', param: 'closed' },
              output: `
import net from 'node:net';
export class Pool {
  constructor() {
    this.sockets = [];
  }
  open(port) {
    const socket = net.connect(port, '127.0.0.1');
    this.sockets.push(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      this.forget(socket);
    });
  }
  forget(closed) {
    const at = this.sockets.indexOf(closed);
    if (at !== -1) this.sockets.splice(at, 1);
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // The socket reaches the callback from the CONNECT request's 'connect' event, through a
      // method of the class that calls its callback with it: the 'close' listener still forgets it.
      code: `
import http from 'node:http';
function Tunnel(proxy) {
  this.proxy = proxy;
  this.open = [];
}
Tunnel.prototype.dial = function (target, cb) {
  const self = this;
  const req = http.request({ ...self.proxy, method: 'CONNECT', path: target });
  req.on('error', (err) => self.fail(err));
  req.once('connect', (res, socket, head) => {
    socket.on('error', () => {});
    self.open.push(socket);
    cb(socket);
  });
  req.end();
};
Tunnel.prototype.drop = function (socket) {
  const at = this.open.indexOf(socket);
  if (at !== -1) this.open.splice(at, 1);
};
Tunnel.prototype.attach = function (request, target) {
  const self = this;
  self.dial(target, function (socket) {
    socket.on('close', function () {
      self.drop();
    });
    request.onSocket(socket);
  });
};
`,
      output: null,
      errors: [
        {
          messageId: 'removalWithoutSocket',
          line: 26,
          data: { callee: 'self.drop', socket: 'socket', collection: 'this.open' },
          suggestions: [{ messageId: 'passSocket', data: { socket: 'socket', param: 'socket' }, output: `
import http from 'node:http';
function Tunnel(proxy) {
  this.proxy = proxy;
  this.open = [];
}
Tunnel.prototype.dial = function (target, cb) {
  const self = this;
  const req = http.request({ ...self.proxy, method: 'CONNECT', path: target });
  req.on('error', (err) => self.fail(err));
  req.once('connect', (res, socket, head) => {
    socket.on('error', () => {});
    self.open.push(socket);
    cb(socket);
  });
  req.end();
};
Tunnel.prototype.drop = function (socket) {
  const at = this.open.indexOf(socket);
  if (at !== -1) this.open.splice(at, 1);
};
Tunnel.prototype.attach = function (request, target) {
  const self = this;
  self.dial(target, function (socket) {
    socket.on('close', function () {
      self.drop(socket);
    });
    request.onSocket(socket);
  });
};
` }],
        },
      ],
    },
    {
      // A Set, and a remover called with the reason but not the socket: no suggestion
      // when the listener is given by reference and cannot see \`socket\` by that name.
      code: `
const net = require('net');
const live = new Set();
function drop(reason, socket) {
  console.log('dropped', reason);
  live.delete(socket);
}
function onClose() {
  drop('closed');
}
net.createServer((socket) => {
  live.add(socket);
  socket.on('close', onClose);
});
`,
      output: null,
      errors: [
        {
          messageId: 'removalWithoutSocket',
          line: 9,
          data: { callee: 'drop', socket: 'socket', collection: 'live' },
          suggestions: [],
        },
      ],
    },
    {
      // Removal hung on 'end': never runs after a reset. Suggestion moves it to 'close'.
      code: `
import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on("end", () => {
    clients.delete(socket);
  });
});
`,
      output: null,
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 7,
          data: { where: "in an 'end' listener", socket: 'socket' },
          suggestions: [
            {
              messageId: 'moveToClose',
              output: `
import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on("close", () => {
    clients.delete(socket);
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // Clearing an interval on 'end' only.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  const heartbeat = setInterval(() => {
    socket.write('ping\\n');
  }, 15000);
  socket.on('error', () => socket.destroy());
  socket.once('end', () => clearInterval(heartbeat));
});
`,
      output: null,
      errors: [
        {
          messageId: 'cleanupOnEnd',
          data: { where: "in an 'end' listener", socket: 'socket' },
          suggestions: [
            {
              messageId: 'moveToClose',
              output: `
import net from 'node:net';
net.createServer((socket) => {
  const heartbeat = setInterval(() => {
    socket.write('ping\\n');
  }, 15000);
  socket.on('error', () => socket.destroy());
  socket.once('close', () => clearInterval(heartbeat));
});
`,
            },
          ],
        },
      ],
    },
    {
      // 'finish' of an HTTP response never fires when the client aborts.
      code: `
import http from 'node:http';
const inFlight = new Set();
http.createServer((req, res) => {
  inFlight.add(res);
  res.on('finish', () => inFlight.delete(res));
  res.end('ok');
});
`,
      output: null,
      errors: [
        {
          messageId: 'cleanupOnEnd',
          data: { where: "in a 'finish' listener", socket: 'res' },
          suggestions: [
            {
              messageId: 'moveToClose',
              output: `
import http from 'node:http';
const inFlight = new Set();
http.createServer((req, res) => {
  inFlight.add(res);
  res.on('close', () => inFlight.delete(res));
  res.end('ok');
});
`,
            },
          ],
        },
      ],
    },
    {
      // The end() callback never runs for a destroyed socket.
      code: `
import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('data', (line) => {
    if (String(line).trim() === 'QUIT') socket.end('bye\\n', () => clients.delete(socket));
  });
});
`,
      output: null,
      errors: [
        {
          messageId: 'cleanupOnEnd',
          data: { where: 'in the callback of `end()`', socket: 'socket' },
          suggestions: [
            {
              messageId: 'moveToClose',
              output: `
import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('data', (line) => {
    if (String(line).trim() === 'QUIT') socket.once('close', () => clients.delete(socket)).end('bye\\n');
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      code: END_IN_ERROR,
      output: END_IN_ERROR_FIXED,
      errors: [{ messageId: 'endInErrorListener', data: { socket: 'socket', dropped: '' } }],
    },
    {
      // The socket comes from another module, but the file sets its no-delay: a socket, destroyed
      // before its 'error' listener (a method bound by reference) runs.
      code: `
function Connection(socket) {
  this.socket = socket;
  this.socket.setNoDelay(true);
  this.socket.on('error', this.handleSocketError.bind(this));
}
Connection.prototype.handleSocketError = function (err) {
  this.emit('error', err);
  this.socket.end();
};
module.exports = Connection;
`,
      output: `
function Connection(socket) {
  this.socket = socket;
  this.socket.setNoDelay(true);
  this.socket.on('error', this.handleSocketError.bind(this));
}
Connection.prototype.handleSocketError = function (err) {
  this.emit('error', err);
  this.socket.destroy();
};
module.exports = Connection;
`,
      errors: [{ messageId: 'endInErrorListener', line: 9, data: { socket: 'this.socket', dropped: '' } }],
    },
    {
      // A computed method name is rewritten as a whole call.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => socket['end']());
});
`,
      output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
});
`,
      errors: [{ messageId: 'endInErrorListener' }],
    },
    {
      // end() with data: the data is dropped either way, so destroy() is only a suggestion.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {
    socket.end('HTTP/1.1 500 Internal Server Error\\r\\n\\r\\n');
  });
});
`,
      output: null,
      errors: [
        {
          messageId: 'endInErrorListener',
          data: { socket: 'socket', dropped: ' (its data is lost)' },
          suggestions: [
            {
              messageId: 'useDestroy',
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {
    socket.destroy();
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // A statement that is not in a block of its own: reported, no fix (the listener would land
      // outside the \`if\`).
      code: `
import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  if (socket.remoteAddress) clients.add(socket);
});
`,
      output: null,
      errors: [{ messageId: 'registryNotCleaned' }],
    },
    {
      // Strict: a helper's parameter named like a socket.
      code: `
const registry = new Set();
export function register(socket) {
  registry.add(socket);
}
`,
      options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
      output: `
const registry = new Set();
export function register(socket) {
  registry.add(socket);
  socket.once('close', () => registry.delete(socket));
}
`,
      errors: [{ messageId: 'registryNotCleaned' }],
    },
    {
      // A function of the project's own called onSocketClose may do anything: not a 'close' listener.
      code: `
import net from 'node:net';
import { onSocketClose } from './socket-utils';
const clients = new Set();
net.createServer((socket) => {
  socket.on('error', () => {});
  clients.add(socket);
  onSocketClose(socket, () => clients.delete(socket));
});
`,
      output: `
import net from 'node:net';
import { onSocketClose } from './socket-utils';
const clients = new Set();
net.createServer((socket) => {
  socket.on('error', () => {});
  clients.add(socket);
  socket.once('close', () => clients.delete(socket));
  onSocketClose(socket, () => clients.delete(socket));
});
`,
      errors: [{ messageId: 'registryNotCleaned', data: { socket: 'socket', collection: 'clients' } }],
    },
    {
      // The same with a local function of that name.
      code: `
import net from 'node:net';
const clients = new Set();
function onSocketClose(socket, cleanup) {
  socket.on('end', cleanup);
}
net.createServer((socket) => {
  clients.add(socket);
  onSocketClose(socket, () => clients.delete(socket));
});
`,
      output: `
import net from 'node:net';
const clients = new Set();
function onSocketClose(socket, cleanup) {
  socket.on('end', cleanup);
}
net.createServer((socket) => {
  clients.add(socket);
  socket.once('close', () => clients.delete(socket));
  onSocketClose(socket, () => clients.delete(socket));
});
`,
      errors: [{ messageId: 'registryNotCleaned', data: { socket: 'socket', collection: 'clients' } }],
    },
    {
      // onSocketClose() of another socket does not release this one's timer.
      code: `
import net from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
net.createServer((socket) => {
  const upstream = net.connect(6379, '127.0.0.1');
  upstream.on('error', () => socket.destroy());
  const heartbeat = setInterval(() => socket.write('ping\\n'), 15000);
  onSocketClose(upstream, () => clearInterval(heartbeat));
});
`,
      output: `
import net from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
net.createServer((socket) => {
  const upstream = net.connect(6379, '127.0.0.1');
  upstream.on('error', () => socket.destroy());
  const heartbeat = setInterval(() => socket.write('ping\\n'), 15000);
  socket.once('close', () => clearInterval(heartbeat));
  onSocketClose(upstream, () => clearInterval(heartbeat));
});
`,
      errors: [{ messageId: 'timerNotCleared', data: { handle: 'heartbeat', timer: 'an interval', socket: 'socket' } }],
    },
    {
      // The socket's cleanup already goes through onSocketClose(), but misses the interval: the
      // fix adds another onSocketClose(), not a 'close' listener that may come too late.
      code: HELPER_HEARTBEAT,
      output: HELPER_HEARTBEAT_FIXED,
      errors: [{ messageId: 'timerNotCleared', data: { handle: 'heartbeat', timer: 'an interval', socket: 'socket' } }],
    },
    {
      // The same for a Map registry, with the helper renamed.
      code: `
import net from 'node:net';
import { onSocketClose as onClose } from 'eslint-plugin-socket-errors/codes';
const sessions = new Map();
net.createServer(async (socket) => {
  socket.on('error', () => {});
  onClose(socket, () => console.log('bye'));
  const user = await authenticate(socket);
  sessions.set(user, socket);
});
`,
      output: `
import net from 'node:net';
import { onSocketClose as onClose } from 'eslint-plugin-socket-errors/codes';
const sessions = new Map();
net.createServer(async (socket) => {
  socket.on('error', () => {});
  onClose(socket, () => console.log('bye'));
  const user = await authenticate(socket);
  sessions.set(user, socket);
  onClose(socket, () => {
    if (sessions.get(user) === socket) sessions.delete(user);
  });
});
`,
      errors: [{ messageId: 'registryNotCleaned', data: { socket: 'socket', collection: 'sessions' } }],
    },

  {
    // The driver dials its own connection or takes the caller's stream; either way a stream that
    // fails never sends its greeting, and the handshake timer later reports a second error.
    code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class DbConnection extends EventEmitter {
  constructor(options) {
    super();
    if (options.stream) {
      this.stream = options.stream;
    } else {
      this.stream = net.connect(options.port, options.host);
    }
    this.stream.on('error', (err) => this.fail(err));
    this.stream.on('data', (chunk) => {
      clearTimeout(this.greetingTimer);
      this.parse(chunk);
    });
    this.greetingTimer = setTimeout(() => this.fail(new Error('no greeting from the server')), options.timeout);
  }
  fail(err) {
    this.emit('error', err);
  }
}
`,
    errors: [
      {
        messageId: 'connectTimerNotCleared',
        line: 17,
        data: { handle: 'this.greetingTimer', event: 'data', socket: 'this.stream', effect: "emits 'error'" },
      },
    ],
  },
  {
    // Every upgraded connection's wrapper is kept, and the server never takes one out: each dead
    // client stays in the array for the server's lifetime.
    code: `
import http from 'node:http';
import { WebSocket } from './websocket.js';
function WebSocketServer(port) {
  this.server = http.createServer();
  this.clients = [];
  const self = this;
  this.server.on('upgrade', function (req, socket, head) {
    socket.setNoDelay(true);
    const client = new WebSocket(Array.prototype.slice.call(arguments, 0));
    self.clients.push(client);
    client.on('open', () => self.emit('connection', client));
  });
  this.server.listen(port);
}
WebSocketServer.prototype.close = function () {
  for (const client of this.clients) client.terminate();
  this.server.close();
};
export { WebSocketServer };
`,
    errors: [{ messageId: 'wrapperNotCleaned', line: 11, data: { wrapper: 'client', socket: 'socket', collection: 'self.clients' } }],
  },
  {
    code: `
import net from 'node:net';
import { Session } from './session.js';
const sessions = new Map();
let nextId = 0;
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  const session = new Session(socket, { idleMs: 30_000 });
  sessions.set(nextId++, session);
});
`,
    errors: [{ messageId: 'wrapperNotCleaned', line: 9, data: { wrapper: 'session', socket: 'socket', collection: 'sessions' } }],
  },
  {
    // A reply timeout cleared on the next 'data' only. The stream arrives in a connect callback
    // (\`_this.stream = stream\`) and is configured like a socket (\`setNoDelay\`): when it resets
    // before replying, the timer fires later and destroys the stream of the next connection.
    code: `
import net from 'node:net';
export const server = net.createServer();
export class Wire {
  connect(connector) {
    const _this = this;
    connector.connect(function (err, stream) {
      if (err) return _this.emit('error', err);
      _this.stream = stream;
      stream.setNoDelay(true);
      stream.once('error', (error) => _this.emit('lost', error));
    });
  }
  expectReply() {
    this.replyTimer = setTimeout(() => {
      this.stream.destroy(new Error('no reply in time'));
    }, 1_000);
    this.stream.once('data', () => clearTimeout(this.replyTimer));
  }
}
`,
    errors: [
      {
        messageId: 'connectTimerNotCleared',
        line: 15,
        data: { handle: 'this.replyTimer', event: 'data', socket: 'this.stream', effect: "emits 'error'" },
      },
    ],
  },
  {
    // A connect timeout cleared only on 'connect': when the connect fails the timer still fires
    // and reports a second, bogus error.
    code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Upstream extends EventEmitter {
  open(port) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', (err) => this.emit('down', err));
    this.dialTimer = setTimeout(() => this.emit('error', new Error('connect timed out')), 5_000);
    socket.once('connect', () => clearTimeout(this.dialTimer));
  }
}
`,
    errors: [
      {
        messageId: 'connectTimerNotCleared',
        line: 8,
        data: { handle: 'this.dialTimer', event: 'connect', socket: 'socket', effect: "emits 'error'" },
      },
    ],
  },
  {
    // A handshake timeout cleared on the first 'data' that disconnects through a method: after a
    // reconnect, \`this.socket\` is the new connection.
    code: `
import net from 'node:net';
export class Client {
  connect(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
    this.socket.on('close', () => this.scheduleReconnect());
    this.greetingTimer = setTimeout(() => this.disconnect(), 2_000);
    this.socket.once('data', () => clearTimeout(this.greetingTimer));
  }
  disconnect() {
    this.socket.destroy();
  }
  scheduleReconnect() {
    setImmediate(() => this.connect(6379));
  }
}
`,
    errors: [
      {
        messageId: 'connectTimerNotCleared',
        line: 8,
        data: { handle: 'this.greetingTimer', event: 'data', socket: 'this.socket', effect: 'ends the connection' },
      },
      // And disconnect() itself is undone: its 'close' runs scheduleReconnect().
      { messageId: 'reconnectsOwnClose', line: 12, data: { method: 'disconnect', socket: 'this.socket' } },
    ],
  },
  {
    // The interval reaches the socket through a method of the class (\`this.ping()\` writes to it).
    code: `
import net from 'node:net';
export class Pinger {
  constructor(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
    this.timer = setInterval(() => this.ping(), 10_000);
  }
  ping() {
    this.socket.write('PING\\r\\n');
  }
}
`,
    errors: [{ messageId: 'timerNotCleared', line: 7, data: { handle: 'this.timer', timer: 'an interval', socket: 'this.socket' } }],
  },
  {
    // \`Timers.setTimeout\` of \`require('timers')\` is the global timer.
    code: `
const net = require('net');
const Timers = require('timers');
const socket = net.connect(6379, '127.0.0.1');
socket.on('error', () => {});
const poll = Timers.setTimeout(() => socket.write('PING\\r\\n'), 1_000);
`,
    output: `
const net = require('net');
const Timers = require('timers');
const socket = net.connect(6379, '127.0.0.1');
socket.on('error', () => {});
const poll = Timers.setTimeout(() => socket.write('PING\\r\\n'), 1_000);
socket.once('close', () => clearTimeout(poll));
`,
    errors: [{ messageId: 'timerNotCleared', line: 6, data: { handle: 'poll', timer: 'a timeout', socket: 'socket' } }],
  },
    // A pool connection that can be aborted (destroy() without an error) and closed: close() waits
    // for end()'s callback alone, which never comes on an aborted socket.
    {
      code: `
import net from 'node:net';
export function poolConnection(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', (err) => console.error('pool connection failed', err));
  return {
    abort() { socket.destroy(); },
    close() { return new Promise((resolve) => (socket ? socket.end(resolve) : resolve())); },
  };
}
`,
      errors: [{ messageId: 'endCallbackStranded', data: { socket: 'socket', line: '7' }, line: 8 }],
    },
    // A class whose shutdown settles its promise in end()'s callback, after a kill() elsewhere.
    {
      code: `
import net from 'node:net';
export class Tunnel {
  constructor(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => {});
  }
  kill() {
    this.socket.destroy();
  }
  shutdown() {
    return new Promise((resolve, reject) => {
      this.socket.end(() => resolve(true));
    });
  }
}
`,
      errors: [{ messageId: 'endCallbackStranded', data: { socket: 'this.socket', line: '9' }, line: 13 }],
    },
  // The subscriber's twin: it drops the peer on 'end' only, which a reset skips: both entries stay.
  {
    code: peerSubscriber("socket.on('end', () => this.drop(socket.peerId));"),
    errors: [
      { messageId: 'registryNotCleaned', line: 21, data: { socket: 'socket', collection: 'this.pending' } },
      { messageId: 'registryNotCleaned', line: 26, data: { socket: 'socket', collection: 'this.live' } },
    ],
  },
  // The pooled connection's twin: its 'close' forgets the heartbeat (no fix: the interval is set in another listener).
  {
    code: pooledConnection("this.shut(new Error('connect timed out'))", ''),
    errors: [{ messageId: 'timerNotCleared', line: 18, data: { handle: 'this.beat', timer: 'an interval', socket: 'this.conn' } }],
  },
];

ruleTester.run('cleanup-dead-socket', rule, { valid: [...valid, ...libraryValid], invalid: [...invalid, ...libraryInvalid] });

typedRuleTester.run('cleanup-dead-socket (typed)', rule, {
  valid: [
    ...valid,
    ...libraryValid,
    // A pg Client named a socket type emits 'end' when its connection is gone (it has no 'close'):
    // cleanup there runs after a reset too (docs/sockets.md, Libraries).
    {
      code: `
import pg from 'pg';
const client = new pg.Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30_000);
client.on('end', () => clearInterval(keepAlive));
`,
      options: [{ socketTypes: [{ from: 'package', package: 'pg', name: 'Client' }] }],
    },
    // Typed helper that removes in 'close'.
    `
import type { Socket } from 'node:net';
export class Hub {
  private readonly clients: Set<Socket>;
  constructor(clients: Set<Socket>) {
    this.clients = clients;
  }
  add(socket: Socket): void {
    this.clients.add(socket);
    socket.on('close', () => this.clients.delete(socket));
  }
}
`,
    // Types reach the method's parameter; onSocketClose() removes it.
    `
import type { Socket } from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
export class Hub {
  private readonly clients = new Set<Socket>();
  add(socket: Socket): void {
    this.clients.add(socket);
    onSocketClose(socket, () => this.clients.delete(socket));
  }
}
`,
    // A user class called Socket is not Node's socket.
    `
class Socket { write(_line: string): void {} }
const sessions = new Set<Socket>();
export function open(socket: Socket): void {
  sessions.add(socket);
  setInterval(() => socket.write('x'), 1000);
}
`,
  ],
  invalid: [
    ...invalid,
    ...libraryInvalid,
    {
      // Types say it is a Set of sockets though it is not initialised here.
      code: `
import type { Socket } from 'node:net';
export class Hub {
  private readonly clients: Set<Socket>;
  constructor(clients: Set<Socket>) {
    this.clients = clients;
  }
  add(socket: Socket): void {
    this.clients.add(socket);
  }
}
`,
      output: `
import type { Socket } from 'node:net';
export class Hub {
  private readonly clients: Set<Socket>;
  constructor(clients: Set<Socket>) {
    this.clients = clients;
  }
  add(socket: Socket): void {
    this.clients.add(socket);
    socket.once('close', () => this.clients.delete(socket));
  }
}
`,
      errors: [{ messageId: 'registryNotCleaned', data: { socket: 'socket', collection: 'this.clients' } }],
    },
    {
      // A method of the project's own called onSocketClose: still reported, and fixed with a
      // 'close' listener.
      code: `
import type { Socket } from 'node:net';
export class Hub {
  private readonly clients = new Set<Socket>();
  add(socket: Socket): void {
    this.clients.add(socket);
    onSocketClose(socket, () => this.clients.delete(socket));
  }
}
function onSocketClose(socket: Socket, cleanup: () => void): void {
  socket.on('end', cleanup);
}
`,
      output: `
import type { Socket } from 'node:net';
export class Hub {
  private readonly clients = new Set<Socket>();
  add(socket: Socket): void {
    this.clients.add(socket);
    socket.once('close', () => this.clients.delete(socket));
    onSocketClose(socket, () => this.clients.delete(socket));
  }
}
function onSocketClose(socket: Socket, cleanup: () => void): void {
  socket.on('end', cleanup);
}
`,
      errors: [{ messageId: 'registryNotCleaned', data: { socket: 'socket', collection: 'this.clients' } }],
    },
    {
      // Types reach the helper's parameter without the name pattern.
      code: CLEARED_ON_ERROR_ONLY,
      output: CLEARED_ON_ERROR_ONLY_FIXED,
      errors: [{ messageId: 'timerNotCleared', data: { handle: 'ping', timer: 'an interval', socket: 'socket' } }],
    },
    {
      code: HEARTBEAT,
      output: HEARTBEAT_FIXED,
      errors: [{ messageId: 'timerNotCleared' }],
    },
    {
      code: MAP_REGISTRY,
      output: MAP_REGISTRY_FIXED,
      errors: [{ messageId: 'registryNotCleaned' }],
    },
  ],
});

describe('cleanup-dead-socket fixes are safe unattended', () => {
  const config = {
    plugins: { 'socket-errors': plugin },
    rules: { 'socket-errors/cleanup-dead-socket': ['error', { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }] },
  };

  it.each(FIXED_PROGRAMS.map((code, index) => [index, code] as const))('fixed program %i type-checks under tsc --strict', (_index, code) => {
    const fileName = path.join(repoRoot, 'test/fixtures/fixed.ts');
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(repoRoot, 'node_modules/@types')],
      noUnusedLocals: false,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => (name === fileName ? code : readFile(name));
    host.fileExists = (name) => name === fileName || fileExists(name);
    host.getSourceFile = (name, version) =>
      name === fileName ? ts.createSourceFile(name, code, version) : getSourceFile(name, version);
    const program = ts.createProgram([fileName], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it.each([HEARTBEAT, CLEARED_ON_ERROR_ONLY, WRITING_TIMEOUT, SET_REGISTRY, MAP_REGISTRY, END_IN_ERROR, HELPER_HEARTBEAT].map((code, index) => [index, code] as const))(
    'program %i: the fix parses and a second pass changes nothing',
    (_index, code) => {
      const output = assertFixIsStable(code, config as never, 'file.ts');
      expect(output).not.toBe(code);
    },
  );
});

// A map keyed by the socket (`states.set(socket, { … })`) keeps the socket as long as its entry.
/** A game server that keeps each connection's queue under the connection; `close` is its 'close' listener's body. */
const queuedServer = (close: string, listener = '() =>'): string => `
const net = require('net');
class GameServer {
  constructor() {
    this.queues = new Map();
    this.server = net.createServer((socket) => this.accept(socket));
  }
  accept(socket) {
    socket.on('error', () => socket.destroy());
    this.queues.set(socket, []);
    socket.on('data', (data) => this.queues.get(socket).push(data));
    socket.on('close', ${listener} { ${close} });
  }
}
module.exports = GameServer;
`;

/** The fix: the entry taken out by its key when the socket closes. */
const removedOnClose = (code: string): string =>
  code.replace('this.queues.set(socket, []);\n', "this.queues.set(socket, []);\n    socket.once('close', () => this.queues.delete(socket));\n");

const keyedValid: readonly (string | ValidTestCase<Options>)[] = [
  queuedServer('this.queues.delete(socket);'),
  // In a plain function given as the socket's listener, `this` is the socket.
  queuedServer('this.removeAllListeners(); server.queues.delete(this);', 'function ()').replace('socket.on(\'close\'', 'const server = this;\n    socket.on(\'close\''),
  // The socket is the value, kept under its id, and taken out by the id.
  `
const net = require('net');
const peers = new Map();
let next = 0;
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  const id = next++;
  peers.set(id, socket);
  socket.on('close', () => peers.delete(id));
}).listen(7000);
`,
];

const keyedInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // Nothing takes the entry out: every closed connection stays in the map with its queue.
    code: queuedServer('console.log(\'gone\');'),
    errors: [
      {
        messageId: 'registryNotCleaned',
        line: 10,
        data: { socket: 'socket', collection: 'this.queues' },
      },
    ],
    output: removedOnClose(queuedServer('console.log(\'gone\');')),
  },
  {
    // `this` in the arrow is the server, not the socket: the entry stays.
    code: queuedServer('this.queues.delete(this);'),
    errors: [{ messageId: 'registryNotCleaned', line: 10, data: { socket: 'socket', collection: 'this.queues' } }],
    output: removedOnClose(queuedServer('this.queues.delete(this);')),
  },
];

ruleTester.run('cleanup-dead-socket (a map keyed by the socket)', rule, { valid: keyedValid, invalid: keyedInvalid });

// A timer kept on the socket and cleared by a helper that takes the socket (`clearTimers(socket)`),
// called from the socket's 'close' listener and from the handler that set the timer.
const helperCleared = (closing: string): string => `
const net = require('net');
function clearTimers(conn) {
  if (conn.replyTimer) clearTimeout(conn.replyTimer);
}
function onMessage(socket, text) {
  if (text !== 'quit') return;
  clearTimers(socket);
  socket.replyTimer = setTimeout(() => socket.end('bye\\n'), 1000);
}
net.createServer((socket) => {
  const upstream = net.connect(9000);
  upstream.on('error', () => upstream.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (data) => onMessage(socket, String(data)));
  ${closing}
}).listen(7000);
`;

ruleTester.run('cleanup-dead-socket (a timer cleared by a helper given the socket)', rule, {
  valid: [helperCleared("socket.on('close', () => { upstream.destroy(); clearTimers(socket); });")],
  invalid: [
    {
      // The helper is given the other socket: this one's timer stays.
      code: helperCleared("socket.on('close', () => { upstream.destroy(); clearTimers(upstream); });"),
      errors: [{ messageId: 'timerNotCleared', line: 9 }],
      output: null,
    },
  ],
});

/**
 * A port probe whose idle timeout is armed before the connect completes; `onTimeout` is the body
 * of its 'timeout' listener, `arm` how the timeout is set.
 */
const portProbe = (onTimeout: string, arm = 'probe.setTimeout(ms);'): string => `
const net = require('net');
function isOpen(port, host, ms) {
  return new Promise((resolve) => {
    const probe = net.connect(port, host);
    probe.on('error', () => resolve(false));
    probe.on('connect', () => { probe.end(); resolve(true); });
    ${arm}
    probe.on('timeout', () => { ${onTimeout} });
  });
}
module.exports = { isOpen };
`;

/** Listeners chained on the connect, the timeout an option of it; `onTimeout` starts the 'timeout' listener. */
const chainedCheck = (onTimeout: string): string => `
const net = require('net');
function check(port, host) {
  return new Promise((resolve) => {
    const conn = net
      .connect({ port, host, timeout: 1000 })
      .on('error', () => resolve(false))
      .on('timeout', () => { ${onTimeout} resolve(false); })
      .on('connect', () => { conn.end(); resolve(true); });
  });
}
module.exports = { check };
`;

/** A reachability check in TypeScript; `onTimeout` starts its 'timeout' listener. */
const reachable = (onTimeout: string): string => `
import { createConnection, type Socket } from 'node:net';
export function reachable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = createConnection({ port, host }, () => { socket.end(); resolve(true); });
    socket.setTimeout(1500);
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => { ${onTimeout} resolve(false); });
  });
}
`;

ruleTester.run('cleanup-dead-socket (ended while it connects)', rule, {
  valid: [
    // destroy() aborts the connect.
    portProbe('probe.destroy(); resolve(false);'),
    // The listener asks whether the socket still connects.
    portProbe('if (probe.connecting) probe.destroy(); else probe.end(); resolve(false);'),
    portProbe('if (!probe.connecting) probe.end(); resolve(false);'),
    // Armed once connected: the timeout is an idle one.
    portProbe('probe.end(); resolve(false);', "probe.once('connect', () => probe.setTimeout(ms));"),
    // Longer than a connect can take (Linux gives up after about two minutes).
    portProbe('probe.end(); resolve(false);', 'probe.setTimeout(5 * 60 * 1000);'),
    // A helper of the file that destroys it.
    portProbe('probe.end(); stop(); resolve(false);', 'probe.setTimeout(ms);\n    const stop = () => probe.destroy();'),
    // A server's connection is connected from the start.
    `
const net = require('net');
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.setTimeout(30000);
  socket.on('timeout', () => socket.end('idle\\n'));
}).listen(7000);
`,
    // tls.connect({ socket }) upgrades a connection that is already up.
    `
const tls = require('tls');
function secure(raw, servername) {
  const conn = tls.connect({ socket: raw, servername, timeout: 5000 });
  conn.on('error', () => raw.destroy());
  conn.on('timeout', () => conn.end());
  return conn;
}
module.exports = { secure };
`,
  ],
  invalid: [
    {
      code: portProbe('probe.end(); resolve(false);'),
      errors: [
        {
          messageId: 'endWhileConnecting',
          line: 9,
          data: { socket: 'probe' },
          suggestions: [{ messageId: 'useDestroy', output: portProbe('probe.destroy(); resolve(false);') }],
        },
      ],
    },
    // The timeout given as an option of the connect, the socket made by `new net.Socket()`.
    {
      code: `
const net = require('net');
function ask(host, line, done) {
  const sock = new net.Socket();
  sock.on('error', done);
  sock.on('data', (data) => { sock.end(); done(null, String(data)); });
  sock.connect({ port: 113, host }, () => sock.write(line));
  sock.setTimeout(2000, () => { sock.end(); done(new Error('no answer')); });
}
module.exports = { ask };
`,
      // And an ident server that closes without answering calls nothing back: no data, no 'error'.
      errors: [{ messageId: 'replyOnlyCallsBack', line: 6, data: { socket: 'sock', callback: 'done' } }, { messageId: 'endWhileConnecting', line: 8, suggestions: [{ messageId: 'useDestroy', output: `
const net = require('net');
function ask(host, line, done) {
  const sock = new net.Socket();
  sock.on('error', done);
  sock.on('data', (data) => { sock.end(); done(null, String(data)); });
  sock.connect({ port: 113, host }, () => sock.write(line));
  sock.setTimeout(2000, () => { sock.destroy(); done(new Error('no answer')); });
}
module.exports = { ask };
` }] }],
    },
    // Listeners chained on the connect, the timeout an option of it.
    {
      code: chainedCheck('conn.end();'),
      errors: [{ messageId: 'endWhileConnecting', line: 8, suggestions: [{ messageId: 'useDestroy', output: chainedCheck('conn.destroy();') }] }],
    },
  ],
});

typedRuleTester.run('cleanup-dead-socket (ended while it connects, typed)', rule, {
  valid: [reachable('socket.destroy();'), reachable('if (!socket.connecting) socket.end();')],
  invalid: [
    {
      code: reachable('socket.end();'),
      errors: [{ messageId: 'endWhileConnecting', line: 8, data: { socket: 'socket' }, suggestions: [{ messageId: 'useDestroy', output: reachable('socket.destroy();') }] }],
    },
  ],
});

// A teardown of the class that runs its close method and clears the reconnect timer makes that
// close method one step of it, which a reconnect may be what it is for.
ruleTester.run('cleanup-dead-socket (a close method run by the class teardown)', rule, {
  valid: [marketFeed("this.ws?.close();\n  }\n  dispose() {\n    this.closing = true;\n    this.close();\n    clearTimeout(this.retry);")],
  invalid: [
    {
      // The teardown closes the socket itself: close() alone still leaves the timer.
      code: marketFeed("this.ws?.close();\n  }\n  dispose() {\n    this.closing = true;\n    this.ws?.close();\n    clearTimeout(this.retry);"),
      errors: [{ messageId: 'reconnectAfterClose', line: 15, data: { method: 'close', field: 'retry', reconnect: 'connect' } }],
    },
  ],
});

// The response's 'error' listener given by name: a server that dies mid-body makes the response
// emit 'error' ("aborted"), and `reject` settles the promise (measured: test/codes.live.test.ts).
const textOf = (onResponse: string): string => `
import http from 'node:http';
export function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
      ${onResponse}
    });
    req.on('error', reject);
  });
}
`;

ruleTester.run('cleanup-dead-socket (a response failed by a listener given by name)', rule, {
  valid: [textOf("res.on('error', reject);"), textOf("res.once('aborted', reject);")],
  invalid: [{ code: textOf("res.on('data', reject);"), errors: [{ messageId: 'endOnlyResponse', line: 8 }] }],
});

// A request's socket is one of its server's connections, handed to the 'connection' listeners
// first: a 'connection' listener that puts its socket in the same collection, and takes it out on
// 'close', covers `req.socket` put there again (keyed by the same socket).
const requestCounts = (connection: string, server = 'server'): string => `
import http from 'node:http';
import type { Socket } from 'node:net';
export class Drain {
  private readonly active = new Map<Socket, number>();
  constructor(server: http.Server, other: http.Server) {
    ${server}.on(server instanceof http.Server ? 'connection' : 'secureConnection', (socket: Socket) => {
      this.active.set(socket, 0);${connection}
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.active.set(req.socket, (this.active.get(req.socket) ?? 0) + 1);
      res.once('finish', () => this.active.set(req.socket, (this.active.get(req.socket) ?? 1) - 1));
    });
  }
}
`;

const connectionEntryValid: readonly string[] = [requestCounts("\n      socket.once('close', () => this.active.delete(socket));")];

const connectionEntryInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // The connection's entry is never taken out: reported there, once.
    code: requestCounts(''),
    output: requestCounts("\n      socket.once('close', () => this.active.delete(socket));"),
    errors: [{ messageId: 'registryNotCleaned', line: 8, data: { socket: 'socket', collection: 'this.active' } }],
  },
  {
    // Another server's connections are not this server's requests' sockets.
    code: requestCounts("\n      socket.once('close', () => this.active.delete(socket));", 'other'),
    output: requestCounts("\n      socket.once('close', () => this.active.delete(socket));", 'other').replace(
      '(this.active.get(req.socket) ?? 0) + 1);\n',
      "(this.active.get(req.socket) ?? 0) + 1);\n      req.socket.once('close', () => this.active.delete(req.socket));\n",
    ),
    errors: [{ messageId: 'registryNotCleaned', line: 12, data: { socket: 'req.socket', collection: 'this.active' } }],
  },
];

ruleTester.run("cleanup-dead-socket (a request's socket is a connection the file registers)", rule, { valid: connectionEntryValid, invalid: connectionEntryInvalid });
typedRuleTester.run("cleanup-dead-socket (a request's socket is a connection the file registers, typed)", rule, { valid: connectionEntryValid, invalid: connectionEntryInvalid });

// 'error' and 'end' together hear every close the peer makes, not the file's own: `destroy()`
// with no error brings 'close' alone (test/live/cleanup-dead-socket.live.test.ts).
const limited = (drop: string, cleanup = "socket.on('end', () => peers.delete(socket));\n  socket.on('error', () => peers.delete(socket));"): string => `
import net from 'node:net';
const peers = new Set<net.Socket>();
net.createServer((socket) => {
  peers.add(socket);
  ${cleanup}
  socket.setTimeout(30_000);
  socket.on('timeout', () => ${drop});
});
`;

const ownDestroyValid: readonly string[] = [
  // destroy(err) emits the error first.
  limited("socket.destroy(new Error('idle'))"),
  // Removed where it is destroyed.
  limited('kick(socket)').replace('net.createServer', 'function kick(s: net.Socket) {\n  peers.delete(s);\n  s.destroy();\n}\nnet.createServer'),
  // Destroyed in the listener that removes it.
  limited('socket.end()', "socket.on('end', () => { peers.delete(socket); socket.destroy(); });\n  socket.on('error', () => peers.delete(socket));"),
  // Another socket.
  limited('other.destroy()').replace('const peers', 'const other = new net.Socket();\nconst peers'),
];

const ownDestroyInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: limited('socket.destroy()'),
    output: limited('socket.destroy()').replace('peers.add(socket);\n', "peers.add(socket);\n  socket.once('close', () => peers.delete(socket));\n"),
    errors: [{ messageId: 'ownDestroyUnheard', line: 5, data: { socket: 'socket', collection: 'peers', line: 9 } }],
  },
  {
    code: limited('socket.resetAndDestroy()'),
    output: limited('socket.resetAndDestroy()').replace('peers.add(socket);\n', "peers.add(socket);\n  socket.once('close', () => peers.delete(socket));\n"),
    errors: [{ messageId: 'ownDestroyUnheard', line: 5, data: { socket: 'socket', collection: 'peers', line: 9 } }],
  },
];

ruleTester.run("cleanup-dead-socket (removed on 'error' and 'end', destroyed by the file)", rule, { valid: ownDestroyValid, invalid: ownDestroyInvalid });
typedRuleTester.run("cleanup-dead-socket (removed on 'error' and 'end', destroyed by the file, typed)", rule, { valid: ownDestroyValid, invalid: ownDestroyInvalid });

// A method bound to the socket for a listener of another emitter (`decoder.on('data',
// this.onHello.bind(this, conn))`): its first parameter is that socket at every call.
const boundHello = (event: string): string => `
import net from 'node:net';
export class PeerServer {
  private readonly peers: Record<string, net.Socket> = {};
  listen(port: number): void {
    net.createServer((conn) => {
      conn.on('error', () => conn.destroy());
      conn.setEncoding('utf8');
      conn.on('data', this.onHello.bind(this, conn));
    }).listen(port);
  }
  private onHello(conn, from: string): void {
    this.peers[from] = conn;
    conn.once('${event}', () => delete this.peers[from]);
  }
}
`;

ruleTester.run('cleanup-dead-socket (a method bound to the socket)', rule, {
  valid: [boundHello('close')],
  invalid: [
    {
      code: boundHello('finish'),
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 14,
          data: { where: "in a 'finish' listener", socket: 'conn' },
          suggestions: [{ messageId: 'moveToClose', output: boundHello('close') }],
        },
      ],
    },
  ],
});

// An 'error' listener that is also the class's own close path: its `end()` still flushes there,
// so replacing it with `destroy()` would drop what close() waits to send.
const statsSocket = (close: string): string => `
var net = require('net');
function StatsSocket(port) {
  this.port = port;
  this.socket = undefined;
}
StatsSocket.prototype.open = function () {
  this.socket = net.Socket();
  this.socket.once('error', this.kill.bind(this));
  this.socket.connect(this.port);
};
StatsSocket.prototype.close = function () {
${close}
};
StatsSocket.prototype.kill = function () {
  this.socket.on('error', function () {});
  this.socket.end();
  this.socket = undefined;
};
module.exports = StatsSocket;
`;

ruleTester.run("cleanup-dead-socket (an 'error' listener the class also runs to close)", rule, {
  valid: [statsSocket('  setTimeout(this.kill.bind(this), 10);')],
  invalid: [
    {
      code: statsSocket('  this.socket.destroy();'),
      output: statsSocket('  this.socket.destroy();').replace('  this.socket.end();\n', '  this.socket.destroy();\n'),
      errors: [{ messageId: 'endInErrorListener', line: 17, data: { socket: 'this.socket', dropped: '' } }],
    },
  ],
});

// A control-port client that waits for one reply line. A server that hangs up instead of
// answering sends a FIN: the socket emits 'end' and 'close' and no 'error' (measured:
// test/live/reply-promises.live.test.ts), so `waitForReply` must settle on the close too.
const controlClient = (extra: string, lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export function waitForReply(port${lang === 'ts' ? ': number' : ''}, command${lang === 'ts' ? ': string' : ''}) {
  return new Promise((resolve, reject) => {
    const control = net.connect(port, '127.0.0.1', () => control.write(command + '\\r\\n'));
    control.on('data', (chunk) => {
      control.end();
      resolve(chunk.toString('utf8'));
    });
    control.on('error', reject);
${extra}
  });
}
`;

// A reply read from a socket the function is given: settled through a local helper that both
// listeners call, and a 'close' listener that only logs.
const readReply = (onClose: string): string => `
import type { Socket } from 'node:net';
export function readReply(socket: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const finish = (err: Error | null, reply?: Buffer) => {
      socket.off('data', onData);
      socket.off('error', onError);
      if (err) reject(err);
      else resolve(reply!);
    };
    const onData = (reply: Buffer) => finish(null, reply);
    const onError = (err: Error) => finish(err);
    socket.once('data', onData);
    socket.once('error', onError);
    socket.once('close', () => { ${onClose} });
  });
}
`;

// An RPC call whose reply promise the caller bounds with a helper of its own, or only logs.
const rpcCall = (bound: string): string => `
import net from 'node:net';
import { timeoutPromise, withTimeout, traced } from './timers.js';
export function call(port, frame) {
  const client = net.connect(port, '127.0.0.1', () => client.write(frame));
  const reply = new Promise((resolve, reject) => {
    client.on('data', (chunk) => { client.destroy(); resolve(chunk); });
    client.on('error', reject);
  });
  return ${bound};
}
`;

const replyOnlyValid = [
  // The close settles it (a rejection once the reply came changes nothing).
  controlClient("    control.on('close', () => reject(new Error('closed before the reply')));"),
  controlClient("    control.once('end', reject);"),
  // An idle timeout that fails the promise bounds the wait on a socket kept open after the peer's
  // FIN (allowHalfOpen): its timer still runs then (measured in test/live/reply-promises.live.test.ts).
  controlClient("    control.setTimeout(5000, () => { control.destroy(); reject(new Error('no reply')); });").replace(
    "net.connect(port, '127.0.0.1', ",
    "net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, ",
  ),
  // A timer settles it: the wait is bounded some other way.
  controlClient("    setTimeout(() => reject(new Error('no reply')), 5000);"),
  // `reject` is kept where other code can call it (a registry of pending requests).
  controlClient('    pending.add(reject);').replace('import net', 'const pending = new Set();\nimport net'),
  // The 'end' listener destroys the socket with an error, which the 'error' listener hears.
  controlClient("    control.on('end', () => control.destroy(new Error('closed before the reply')));"),
  readReply("finish(new Error('closed before the reply'));"),
  // Bounded by a helper named for a timeout, given the promise alone or in a list.
  rpcCall('timeoutPromise([reply], 5000)'),
  rpcCall('withTimeout(reply, 5000).catch((err) => { client.destroy(); throw err; })'),
];

const replyOnlyInvalid = [
  // A helper that only traces the call bounds nothing.
  {
    code: rpcCall('traced([reply], 5000)'),
    errors: [{ messageId: 'replyOnlySettles' as const, line: 7, data: { socket: 'client' } }],
  },
  {
    code: controlClient(''),
    errors: [{ messageId: 'replyOnlySettles' as const, line: 6, data: { socket: 'control' } }],
  },
  // A 'close' listener that only logs does not settle it.
  {
    code: controlClient("    control.on('close', () => console.info('control connection closed'));"),
    errors: [{ messageId: 'replyOnlySettles' as const, line: 6, data: { socket: 'control' } }],
  },
  // An idle timeout that fails the promise never fires once the peer closed cleanly: a closed
  // socket's idle timer stops (measured in test/live/reply-promises.live.test.ts). An earlier
  // version of this rule took it for a way out.
  {
    code: controlClient("    control.setTimeout(5000, () => { control.destroy(); reject(new Error('no reply')); });"),
    errors: [{ messageId: 'replyOnlySettles' as const, line: 6, data: { socket: 'control' } }],
  },
  {
    code: controlClient("    control.once('timeout', () => { control.destroy(); reject(new Error('no reply')); });\n    control.setTimeout(5000);"),
    errors: [{ messageId: 'replyOnlySettles' as const, line: 6, data: { socket: 'control' } }],
  },
  // An idle timeout that destroys the socket without an error ends it with 'close' alone.
  {
    code: controlClient('    control.setTimeout(5000, () => control.destroy());'),
    errors: [{ messageId: 'replyOnlySettles' as const, line: 6, data: { socket: 'control' } }],
  },
  // Through a helper both listeners call; the socket is a parameter annotated `Socket`.
  {
    code: readReply("console.info('closed');"),
    errors: [{ messageId: 'replyOnlySettles' as const, line: 13, data: { socket: 'socket' } }],
  },
];

ruleTester.run("cleanup-dead-socket (a promise only the socket's reply or 'error' settles)", rule, { valid: replyOnlyValid, invalid: replyOnlyInvalid });
typedRuleTester.run("cleanup-dead-socket (a promise only the socket's reply or 'error' settles, typed)", rule, {
  valid: [controlClient("    control.on('close', () => reject(new Error('closed before the reply')));", 'ts'), readReply("finish(new Error('closed'));")],
  invalid: [
    { code: controlClient('', 'ts'), errors: [{ messageId: 'replyOnlySettles', line: 6, data: { socket: 'control' } }] },
    { code: readReply("console.info('closed');"), errors: [{ messageId: 'replyOnlySettles', line: 13, data: { socket: 'socket' } }] },
  ],
});

/**
 * A virus scanner's ping in the callback style: the reply, the 'error' and the idle timeout call
 * `callback` back; `more` adds listeners. `last` names the function's last parameter.
 */
const scannerPing = (more: string, last = 'callback', lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export function ping(port${lang === 'ts' ? ': number' : ''}, ${last}${lang === 'ts' ? ': (err?: Error) => void' : ''}) {
  let reply = '';
  const socket = new net.Socket();
  socket.setTimeout(5000);
  socket.connect(port, '127.0.0.1', () => socket.write('PING\\n'))
    .on('data', (chunk) => {
      reply += chunk;
      if (reply.includes('\\n')) { socket.destroy(); ${last}(reply.startsWith('PONG') ? undefined : new Error(reply)); }
    })
    .on('error', (err) => { socket.destroy(); ${last}(err); })
    .on('timeout', () => { socket.destroy(); ${last}(new Error('no answer')); });${more}
}
`;

const callbackReplyValid = [
  // The close calls back too (a second call is the caller's to ignore, or a flag's to stop).
  scannerPing("\n  socket.on('close', () => { if (!reply.includes('\\n')) callback(new Error('closed before the reply')); });"),
  // What comes in from the input reaches the socket through pipe(), whose 'end' calls back.
  scannerPing("\n  input.pipe(socket).on('end', () => { if (reply === '') callback(new Error('no reply')); });").replace('export function ping(port, callback)', 'export function ping(port, input, callback)'),
  // A last parameter that is no one-shot callback (a handler called for every reply line).
  scannerPing('', 'onLine'),
];

const callbackReplyInvalid = [
  // clamd closes its end without answering when its queue is full: nothing calls back (measured
  // for the promise form in test/live/reply-promises.live.test.ts; the idle timer stops with the socket).
  {
    code: scannerPing(''),
    errors: [{ messageId: 'replyOnlyCallsBack' as const, line: 7, data: { socket: 'socket', callback: 'callback' } }],
  },
  {
    code: scannerPing("\n  socket.on('close', () => console.info('scanner closed'));", 'done'),
    errors: [{ messageId: 'replyOnlyCallsBack' as const, line: 7, data: { socket: 'socket', callback: 'done' } }],
  },
];

/**
 * A lab-results sender written with `new` before Node's connect function (which returns the socket
 * all the same): the acknowledgement and the 'error' call `done` back; `more` adds listeners.
 */
const resultSender = (more: string): string => `
const net = require('net');
exports.sendResult = function (host, port, message, done) {
  const link = new net.connect({ host, port }, () => link.write(message));
  link.on('data', (ack) => { done(null, ack.toString()); link.end(); });
  link.on('error', (err) => done(err));${more}
};
`;
callbackReplyValid.push(resultSender("\n  link.on('close', (hadError) => { if (!hadError) done(new Error('closed without an acknowledgement')); });"));
callbackReplyInvalid.push({ code: resultSender(''), errors: [{ messageId: 'replyOnlyCallsBack' as const, line: 5, data: { socket: 'link', callback: 'done' } }] });

ruleTester.run("cleanup-dead-socket (a callback only the socket's reply or 'error' calls)", rule, { valid: callbackReplyValid, invalid: callbackReplyInvalid });
typedRuleTester.run("cleanup-dead-socket (a callback only the socket's reply or 'error' calls, typed)", rule, {
  valid: [scannerPing("\n  socket.on('close', () => callback(new Error('closed')));", 'callback', 'ts')],
  invalid: [{ code: scannerPing('', 'callback', 'ts'), errors: [{ messageId: 'replyOnlyCallsBack', line: 7, data: { socket: 'socket', callback: 'callback' } }] }],
});

// A device gateway: each device's socket is kept under its id once it says hello. `Object.keys()`
// and `console.info()` read the registry and take nothing out of it (the pop() pops a copy).
const deviceGateway = (onClose: string): string => `
import net from 'node:net';
const devices = {};
net.createServer((socket) => {
  socket.on('error', (err) => console.warn(err.message));
  socket.on('end', () => console.info('devices online:', Object.keys(devices).pop()));
  socket.on('close', () => { ${onClose} });
  socket.on('data', (chunk) => {
    const [kind, id] = chunk.toString().split(',');
    if (kind === 'hello') devices[id] = socket;
  });
}).listen(8000);
`;

ruleTester.run('cleanup-dead-socket (a registry only read by built-in calls)', rule, {
  valid: [deviceGateway('for (const [id, held] of Object.entries(devices)) if (held === socket) delete devices[id];')],
  invalid: [{ code: deviceGateway("console.info('device gone');"), errors: [{ messageId: 'registryNotCleaned', line: 10 }] }],
});

// Wake-on-LAN: a UDP socket sends a few packets on a timer. Nothing but the file's own close()
// ends a UDP socket, so a timer cleared beside every close() never runs on a closed one.
const wakeOnLan = (done: string): string => `
import dgram from 'node:dgram';
export function wake(packet, address, count, callback) {
  const socket = dgram.createSocket('udp4');
  let sent = 0;
  let timer;
  function done(err) {
${done}
    callback(err);
  }
  socket.on('error', done);
  function send() {
    sent += 1;
    socket.send(packet, 9, address, (err) => { if (err || sent === count) done(err); });
    if (sent < count) timer = setTimeout(send, 100);
  }
  send();
}
`;

ruleTester.run('cleanup-dead-socket (a UDP socket closed only beside its timer)', rule, {
  valid: [wakeOnLan('    socket.close();\n    clearTimeout(timer);')],
  invalid: [
    {
      code: wakeOnLan('    socket.close();'),
      errors: [{ messageId: 'timerNotCleared', line: 15 }],
    },
  ],
});

// A tunnel that forwards each request to an agent once its body is in and polls for the reply.
// What the 'end' listener itself makes (the request's id, its polling interval) does not exist
// before 'end', so a reset before 'end' leaves nothing of it to clean up.
const tunnelRequests = (early: string, late: string): string => `
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { agent, replies } from './agent.js';

const pending = {};
http.createServer((req, res) => {
  let body = '';
${early}  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
${late}    agent.write(\`\${id}\\n\${body}\`);
    const poll = setInterval(() => {
      if (!replies[id]) return;
      res.end(replies[id]);
      delete pending[id];
      clearInterval(poll);
    }, 100);
  });
}).listen(4000);
`;

// A controller adapter with a watchdog that reconnects when the controller has been silent too
// long. Where the watchdog is made decides whose it is: once in start() it belongs to the adapter,
// which goes on after any one socket; in connect() each socket gets its own.
const watchdogAdapter = (startBody: string, connectStart: string, lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export class ControllerAdapter {
${lang === 'ts' ? '  private socket?: net.Socket;\n  private watchdog?: NodeJS.Timeout;\n  private lastHeard = Date.now();\n' : ''}  start() {
    this.connect();
${startBody}  }
  connect() {
${connectStart}    this.socket = new net.Socket();
    this.socket.on('data', () => (this.lastHeard = Date.now()));
    this.socket.on('error', (err) => console.warn(err.message));
    this.socket.on('end', () => clearInterval(this.watchdog));
    this.socket.connect(4001, '10.0.0.9');
  }
  check() {
    if (Date.now() - this.lastHeard > 30_000) this.connect();
  }
}
`;
const watchdogMade = '    this.watchdog = setInterval(() => this.check(), 10_000);\n';

ruleTester.run("cleanup-dead-socket (an application's watchdog interval, cleared in a socket's 'end' listener)", rule, {
  valid: [
    watchdogAdapter(watchdogMade, ''),
    // At the module's top, once, and the socket made again in a function.
    `
import net from 'node:net';
let socket;
let lastHeard = Date.now();
let watchdog = setInterval(() => {
  if (Date.now() - lastHeard > 30_000) reconnect();
}, 10_000);
function reconnect() {
  socket = new net.Socket();
  socket.on('data', () => (lastHeard = Date.now()));
  socket.on('error', () => {});
  socket.on('end', () => clearInterval(watchdog));
  socket.connect(4001, '10.0.0.9');
}
reconnect();
`,
  ],
  invalid: [
    {
      // Made with each socket: a reset leaves this socket's watchdog running beside the next one's.
      code: watchdogAdapter('', watchdogMade),
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 12,
          suggestions: [{ messageId: 'moveToClose', output: watchdogAdapter('', watchdogMade).replace("this.socket.on('end'", "this.socket.on('close'") }],
        },
      ],
    },
  ],
});
typedRuleTester.run("cleanup-dead-socket (an application's watchdog interval, cleared in a socket's 'end' listener, typed)", rule, {
  valid: [watchdogAdapter(watchdogMade, '', 'ts')],
  invalid: [
    {
      code: watchdogAdapter('', watchdogMade, 'ts'),
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 15,
          suggestions: [{ messageId: 'moveToClose', output: watchdogAdapter('', watchdogMade, 'ts').replace("this.socket.on('end'", "this.socket.on('close'") }],
        },
      ],
    },
  ],
});

ruleTester.run("cleanup-dead-socket (what an 'end' listener makes, cleaned up in it)", rule, {
  valid: [tunnelRequests('', "    const id = randomUUID();\n    pending[id] = res;\n    res.on('close', () => { delete pending[id]; });\n")],
  invalid: [
    {
      // The entry is made before 'end': a reset leaves it for good.
      code: tunnelRequests('  const id = randomUUID();\n  pending[id] = res;\n', ''),
      errors: [
        { messageId: 'registryNotCleaned', line: 10 },
        {
          messageId: 'cleanupOnEnd',
          line: 17,
          suggestions: [{ messageId: 'moveToClose', output: tunnelRequests('  const id = randomUUID();\n  pending[id] = res;\n', '').replace("req.on('end'", "req.on('close'") }],
        },
      ],
    },
  ],
});

// A push server: each connection gets an interval. Dropping its handle leaves nothing that can
// clear it, so it writes into the dead socket for the life of the process (measured in
// test/live/cleanup-dead-socket.live.test.ts), one more per connection.
const pushServer = (interval: string): string => `
import net from 'node:net';
net.createServer((client) => {
  client.on('error', (err) => console.warn(err.message));
${interval}
}).listen(8000);
`;

ruleTester.run('cleanup-dead-socket (an interval per connection, its handle dropped)', rule, {
  valid: [
    // Kept and cleared on close.
    pushServer("  const push = setInterval(() => client.write('push\\\\n'), 5000);\n  client.on('close', () => clearInterval(push));"),
    // A `function` callback clears itself through `this`, the running interval.
    pushServer("  setInterval(function () {\n    if (client.destroyed) return clearInterval(this);\n    client.write('push\\\\n');\n  }, 5000);"),
    // It looks before it writes.
    pushServer("  setInterval(() => {\n    if (!client.writable) return;\n    client.write('push\\\\n');\n  }, 5000);"),
    // A socket of the module lives as long as the process.
    `
import net from 'node:net';
const feed = net.connect(9000, '127.0.0.1');
feed.on('error', (err) => console.warn(err.message));
setInterval(() => feed.write('ping\\n'), 5000);
`,
  ],
  invalid: [
    {
      code: pushServer("  setInterval(() => client.write('push\\\\n'), 5000);"),
      errors: [{ messageId: 'intervalDropped', line: 5, data: { socket: 'client' } }],
    },
    {
      code: pushServer("  setInterval(() => {\n    client.write(JSON.stringify({ time: Date.now() }) + '\\\\n');\n  }, 1000).unref();"),
      errors: [{ messageId: 'intervalDropped', line: 5, data: { socket: 'client' } }],
    },
  ],
});
typedRuleTester.run('cleanup-dead-socket (an interval per connection, its handle dropped, typed)', rule, {
  valid: [pushServer("  const push = setInterval(() => client.write('push\\\\n'), 5000);\n  client.on('close', () => clearInterval(push));")],
  invalid: [{ code: pushServer("  setInterval(() => client.write('push\\\\n'), 5000);"), errors: [{ messageId: 'intervalDropped', line: 5, data: { socket: 'client' } }] }],
});

// A TCP-to-WebSocket bridge: each local connection gets a WebSocket upstream, relayed both ways.
// Closing the WebSocket only on the local socket's 'end' misses a reset (no 'end', measured in
// test/live/cleanup-dead-socket-entries.live.test.ts): the upstream connection stays open.
const wsBridge = (localGone: string): string => `
import net from 'node:net';
import WebSocket from 'ws';
net.createServer((local) => {
  const upstream = new WebSocket('wss://relay.example/tunnel');
  upstream.on('message', (message) => local.write(message));
  local.on('data', (data) => upstream.send(data));
  upstream.on('error', (err) => console.warn(err.message));
  local.on('error', (err) => console.warn(err.message));
  local.on('${localGone}', () => upstream.close());
  upstream.on('close', () => local.destroy());
}).listen(7000);
`;

ruleTester.run("cleanup-dead-socket (a WebSocket closed on the local socket's 'end' only)", rule, {
  valid: [wsBridge('close')],
  invalid: [
    {
      code: wsBridge('end'),
      errors: [{ messageId: 'cleanupOnEnd', line: 10, data: { where: "in an 'end' listener", socket: 'local' }, suggestions: [{ messageId: 'moveToClose', output: wsBridge('close') }] }],
    },
  ],
});

// A socket.io gateway to a mail server: the browser's socket.io socket sends 'end' as a message of
// the application ("close this connection"); its lost connection is 'disconnect', which none of
// Node's streams emits. Known by its name alone (`strict`), it is no stream whose 'end' a reset skips.
const mailGateway = (disconnect: string): string => `
import net from 'node:net';
import { Server } from 'socket.io';
const io = new Server(8080);
io.on('connection', (socket) => {
  const smtp = net.connect(25, 'mail.example');
  smtp.on('error', () => smtp.destroy());
  smtp.on('data', (data) => socket.emit('data', data));
  socket.on('data', (data) => smtp.write(data));
  socket.on('end', () => smtp.end());
${disconnect}
});
`;

ruleTester.run("cleanup-dead-socket (a socket.io socket's 'end' message)", rule, {
  valid: [{ code: mailGateway("  socket.on('disconnect', () => smtp.end());"), options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }] }],
  invalid: [
    {
      // Without a 'disconnect' listener nothing says it is not a stream.
      code: mailGateway(''),
      options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 10,
          data: { where: "in an 'end' listener", socket: 'socket' },
          suggestions: [{ messageId: 'moveToClose', output: mailGateway('').replace("socket.on('end'", "socket.on('close'") }],
        },
      ],
    },
  ],
});

// An RCON-style client: `connect()` and `command()` each wait on one of the socket's events. Its
// lasting 'error' listener only logs, so a refused connect (which never calls the connect callback,
// measured in test/live/reply-promises.live.test.ts) or a server that closes instead of answering
// leaves the awaited promise pending for ever.
const rconClient = (onConnect: string, onCommand: string, lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export class RconClient {
${lang === 'ts' ? '  private socket = new net.Socket();\n  constructor(private host: string, private port: number) {' : '  constructor(host, port) {\n    this.socket = new net.Socket();'}
    this.socket.on('error', (err) => console.warn(err.message));
  }
  connect() {
    return new Promise${lang === 'ts' ? '<void>' : ''}((resolve, reject) => {
      this.socket.connect(this.port, this.host, () => resolve());
${onConnect}
    });
  }
  command(line${lang === 'ts' ? ': string' : ''}) {
    return new Promise${lang === 'ts' ? '<string>' : ''}((resolve, reject) => {
      this.socket.write(line + '\\n');
      this.socket.once('data', (reply) => resolve(reply.toString()));
${onCommand}
    });
  }
}
`;
const settled = ["      this.socket.once('error', reject);", "      this.socket.once('close', () => reject(new Error('closed before the reply')));"] as const;
const raced = rconClient(settled[0], '')
  .replace("    return new Promise((resolve, reject) => {\n      this.socket.write", "    return Promise.race([timeout(5000), new Promise((resolve, reject) => {\n      this.socket.write")
  .replace("resolve(reply.toString()));\n\n    });", "resolve(reply.toString()));\n    })]);");

// The lasting listeners retry: a 'close' listener that connects the same socket again keeps the
// first connect's callback waiting for the retry that connects (measured in
// test/live/reply-promises.live.test.ts), where a new socket in the field never runs it.
const logged = "    this.socket.on('error', (err) => console.warn(err.message));";
const retrying = (how: string, lang: 'js' | 'ts' = 'js'): string =>
  rconClient('', settled[1], lang).replace(logged, `${logged}\n    this.socket.on('close', () => setTimeout(() => ${how}, 1000));`);
const retriedSame = 'this.socket.connect(this.port, this.host)';
const retriedNew = 'this.socket = net.connect(this.port, this.host)';

it('retries from the lasting close listener in the retry cases', () => {
  expect(retrying(retriedSame)).toContain("this.socket.on('close', () => setTimeout(() => this.socket.connect(this.port, this.host), 1000));");
  expect(retrying(retriedNew, 'ts')).toContain("this.socket.on('close', () => setTimeout(() => this.socket = net.connect(this.port, this.host), 1000));");
});

it('races the reply against a timer in the valid case', () => {
  expect(raced).toContain('Promise.race([timeout(5000), new Promise((resolve, reject) => {');
  expect(raced).toContain('})]);');
});

ruleTester.run("cleanup-dead-socket (a promise only the socket's connect, or its data, settles)", rule, {
  valid: [
    retrying(retriedSame),
    rconClient(...settled),
    // Bounded by a race against a timer.
    raced,
    // A server's handshake step waits for the client's next bytes: when the client leaves, the
    // connection and the wait are dropped together, and nobody awaits it from outside.
    `
import net from 'node:net';
net.createServer(async (client) => {
  client.on('error', () => client.destroy());
  const next = () => new Promise((resolve) => client.once('data', resolve));
  const greeting = await next();
  client.write(greeting);
}).listen(1080);
`,
    // A step of the connection's own handshake, run from its connect listener: the answer is awaited
    // where it is asked, and the connection's close is handled elsewhere; nobody else waits on it.
    `
import net from 'node:net';
export function open(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', (err) => console.warn(err.message));
  socket.on('close', () => console.info('closed'));
  socket.on('connect', async () => {
    socket.write('STARTTLS\\r\\n');
    const ready = await new Promise((resolve) => socket.once('data', (line) => resolve(String(line).startsWith('220'))));
    if (ready) socket.write('EHLO me\\r\\n');
  });
  return socket;
}
`,
    // No 'error' listener anywhere: a refused connect crashes instead (require-error-listener's finding).
    `
import net from 'node:net';
export function open(port) {
  const socket = new net.Socket();
  return new Promise((resolve) => socket.connect(port, '127.0.0.1', () => resolve(socket)));
}
`,
  ],
  invalid: [
    {
      code: rconClient('', ''),
      errors: [
        { messageId: 'connectOnlySettles', line: 10, data: { socket: 'this.socket' } },
        { messageId: 'dataOnlySettles', line: 17, data: { socket: 'this.socket' } },
      ],
    },
    // A new socket in the field connects; the first socket's callback never runs.
    { code: retrying(retriedNew), errors: [{ messageId: 'connectOnlySettles', line: 11, data: { socket: 'this.socket' } }] },
    // An 'error' listener of the connect that only logs settles nothing.
    {
      code: rconClient("      this.socket.once('error', (err) => console.warn('connect failed', err.message));", settled[1]),
      errors: [{ messageId: 'connectOnlySettles', line: 10, data: { socket: 'this.socket' } }],
    },
  ],
});
typedRuleTester.run("cleanup-dead-socket (a promise only the socket's connect, or its data, settles, typed)", rule, {
  valid: [rconClient(...settled, 'ts'), retrying(retriedSame, 'ts')],
  invalid: [
    { code: retrying(retriedNew, 'ts'), errors: [{ messageId: 'connectOnlySettles', line: 11, data: { socket: 'this.socket' } }] },
    {
      code: rconClient('', '', 'ts'),
      errors: [
        { messageId: 'connectOnlySettles', line: 10, data: { socket: 'this.socket' } },
        { messageId: 'dataOnlySettles', line: 17, data: { socket: 'this.socket' } },
      ],
    },
  ],
});

// A switchboard client waits for the connect and races it against the socket's failure or end,
// each promise given a value by a `.then()` and kept in a `const` before the race.
const switchboard = (wait: string, lang: 'js' | 'ts' = 'js'): string => `
import { Socket } from 'node:net';
export async function open(options${lang === 'ts' ? ': { port: number; host: string }' : ''}) {
  const socket = new Socket();
  const connected = new Promise((resolve) => {
    socket.once('connect', resolve);
  }).then(() => true);
  const ended = new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('end', resolve);
  }).then(() => false);
  socket.connect(options);
  const ok = ${wait};
  return ok ? socket : undefined;
}
`;

ruleTester.run("cleanup-dead-socket (a connect raced against the socket's failure, through .then() and a const)", rule, {
  valid: [
    switchboard('await Promise.race([connected, ended])'),
    switchboard('await Promise.any([connected, ended])'),
    // The chain written inside the race.
    switchboard('await Promise.race([connected.catch(() => false), ended])'),
  ],
  invalid: [
    // The connect alone is awaited: a refused connect rejects `ended`, which nobody waits for.
    { code: switchboard('await connected'), errors: [{ messageId: 'connectOnlySettles', line: 6, data: { socket: 'socket' } }] },
    // Another list than a race's: `Promise.all` waits for the connect whatever `ended` does.
    { code: switchboard('(await Promise.all([connected, ended]))[0]'), errors: [{ messageId: 'connectOnlySettles', line: 6, data: { socket: 'socket' } }] },
  ],
});
typedRuleTester.run("cleanup-dead-socket (a connect raced against the socket's failure, through .then() and a const, typed)", rule, {
  valid: [switchboard('await Promise.race([connected, ended])', 'ts')],
  invalid: [{ code: switchboard('await connected', 'ts'), errors: [{ messageId: 'connectOnlySettles', line: 6, data: { socket: 'socket' } }] }],
});

// A game-server console client that forgets its connection on 'end' only. A reset emits 'error'
// and 'close' and no 'end' (measured: test/live/cleanup-dead-socket-entries.live.test.ts), so the
// field keeps the destroyed socket: `connect()` still sees a connection and never opens another.
const consoleClient = (afterReset: string, lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export class ConsoleClient {
${lang === 'ts' ? '  private connection: net.Socket | null = null;\n' : ''}  connect(port${lang === 'ts' ? ': number' : ''}) {
    if (this.connection) return;
    this.connection = net.createConnection(port, '127.0.0.1');
    this.connection.on('error', (err) => {
      console.warn(err.message);
${afterReset}
    });
    this.connection.on('end', () => {
      this.connection = null;
    });
  }
}
`;

// The same client emptying the field in a method its 'end' listener calls; and written as an object
// literal handed to a class factory (`makeClass({ connect() {…}, reset() {…} })`), whose methods
// share one `this`.
const endCallsReset = (code: string): string =>
  code
    .replace("    this.connection.on('end', () => {\n      this.connection = null;\n    });", "    this.connection.on('end', () => this.reset());")
    .replace('\n  }\n}\n', '\n  }\n  reset() {\n    this.ready = false;\n    this.connection = null;\n  }\n}\n')
    .replace('export class ConsoleClient {\n', 'export class ConsoleClient {\n  ready = true;\n');
const factoryClient = (onClose: string): string => `
import net from 'node:net';
import makeClass from './make-class.js';
export const ConsoleClient = makeClass({
  connect(port) {
    if (this.connection) return;
    this.connection = net.createConnection(port, '127.0.0.1');
    this.connection.on('error', (err) => console.warn(err.message));
    this.connection.on('end', () => this.reset());
${onClose}
  },
  reset() {
    this.connection = null;
  },
});
`;

it('empties the field through reset() in the method and factory cases', () => {
  expect(endCallsReset(consoleClient(''))).toContain("this.connection.on('end', () => this.reset());");
  expect(endCallsReset(consoleClient(''))).toContain('  reset() {\n    this.ready = false;\n    this.connection = null;\n  }\n}\n');
  expect(endCallsReset(consoleClient('', 'ts'))).toContain('  ready = true;\n  private connection: net.Socket | null = null;\n');
});

ruleTester.run("cleanup-dead-socket (the field that holds the socket emptied on 'end' only)", rule, {
  valid: [
    // The 'error' listener empties it too.
    consoleClient('      this.connection = null;'),
    // Through a method the 'error' listener calls.
    consoleClient('      this.reset();').replace('\n  }\n}\n', '\n  }\n  reset() {\n    this.connection = null;\n  }\n}\n'),
    // A 'close' listener that reconnects writes the field anew.
    consoleClient("    });\n    this.connection.on('close', () => {\n      this.connection = net.createConnection(port, '127.0.0.1');"),
    // The method that empties it runs on 'close' too.
    endCallsReset(consoleClient('      this.reset();')),
    factoryClient("    this.connection.on('close', () => this.reset());"),
  ],
  invalid: [
    {
      code: endCallsReset(consoleClient('')),
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 16,
          data: { where: "in an 'end' listener", socket: 'this.connection' },
          suggestions: [{ messageId: 'moveToClose', output: endCallsReset(consoleClient('')).replace("on('end'", "on('close'") }],
        },
      ],
    },
    {
      code: factoryClient(''),
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 13,
          data: { where: "in an 'end' listener", socket: 'this.connection' },
          suggestions: [{ messageId: 'moveToClose', output: factoryClient('').replace("on('end'", "on('close'") }],
        },
      ],
    },
    {
      code: consoleClient(''),
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 12,
          data: { where: "in an 'end' listener", socket: 'this.connection' },
          suggestions: [{ messageId: 'moveToClose', output: consoleClient('').replace("on('end'", "on('close'") }],
        },
      ],
    },
  ],
});
typedRuleTester.run("cleanup-dead-socket (the field that holds the socket emptied on 'end' only, typed)", rule, {
  valid: [consoleClient('      this.connection = null;', 'ts'), endCallsReset(consoleClient('      this.reset();', 'ts'))],
  invalid: [
    {
      code: endCallsReset(consoleClient('', 'ts')),
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 17,
          data: { where: "in an 'end' listener", socket: 'this.connection' },
          suggestions: [{ messageId: 'moveToClose', output: endCallsReset(consoleClient('', 'ts')).replace("on('end'", "on('close'") }],
        },
      ],
    },
    {
      code: consoleClient('', 'ts'),
      errors: [
        {
          messageId: 'cleanupOnEnd',
          line: 13,
          data: { where: "in an 'end' listener", socket: 'this.connection' },
          suggestions: [{ messageId: 'moveToClose', output: consoleClient('', 'ts').replace("on('end'", "on('close'") }],
        },
      ],
    },
  ],
});

// A game server's per-player controller keeps its socket listeners as bound methods on fields
// (so that it can take them off again), and clears its heartbeat in the 'close' one. The socket
// comes from the constructor's caller: known by its name, under strict.
const playerControl = (onClose: string): string => `
import net from 'node:net';
class PlayerControl {
  constructor(socket) {
    this.socket = socket;
    this.heartbeat = setInterval(() => this.socket.write('ping\\n'), 5000);
    this._onClose = this.onClose.bind(this);
    this.socket.on('close', this._onClose);
    this.socket.on('error', () => this.socket.destroy());
  }
  onClose() {
    ${onClose}
  }
}
net.createServer((socket) => new PlayerControl(socket)).listen(7000);
`;

ruleTester.run("cleanup-dead-socket (a 'close' listener kept on a field as a bound method)", rule, {
  valid: [{ code: playerControl('clearInterval(this.heartbeat);'), options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }] }],
  invalid: [
    {
      code: playerControl("console.info('player left');"),
      options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
      errors: [{ messageId: 'timerNotCleared', line: 6, data: { handle: 'this.heartbeat', timer: 'an interval', socket: 'this.socket' } }],
    },
  ],
});

// A market-data feed that reconnects with a growing delay, from both of its WebSocket's failure
// listeners. A failure emits 'error' and then 'close' (measured in
// test/live/double-reconnects.live.test.ts): every failure schedules two connects, and the feed's
// connections double while the server is away.
const feed = (onError: string, reconnectBody = '    setTimeout(() => this.connect(), 1000 * 2 ** this.retries++);', lang: 'js' | 'ts' = 'js'): string => `
import WebSocket from 'ws';
export class Feed {
${lang === 'ts' ? '  private ws?: WebSocket;\n  private retries = 0;\n  constructor(private url: string) {}' : '  constructor(url) {\n    this.url = url;\n    this.retries = 0;\n  }'}
  connect() {
    this.ws = new WebSocket(this.url);
    this.ws.on('open', () => (this.retries = 0));
    this.ws.on('close', () => this.reconnect());
    this.ws.on('error', ${onError});
  }
  reconnect() {
${reconnectBody}
  }
}
`;
const dialer = (onError: string): string => `
import net from 'node:net';
export function dial(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', ${onError});
  socket.on('close', () => setTimeout(() => dial(port), 1000));
  return socket;
}
`;

ruleTester.run("cleanup-dead-socket (a connection both its 'error' and its 'close' listener reconnect)", rule, {
  valid: [
    // 'error' only logs: one reconnect per failure.
    feed('(err) => console.warn(err.message)'),
    // The reconnect returns at once when one is already scheduled.
    feed('() => this.reconnect()', '    if (this.timer) return;\n    this.timer = setTimeout(() => {\n      this.timer = undefined;\n      this.connect();\n    }, 1000);'),
    // A debounced reconnect: the second call replaces the first.
    feed('() => this.reconnect()', '    clearTimeout(this.timer);\n    this.timer = setTimeout(() => this.connect(), 1000);'),
    // Only for one code, which the 'close' that follows does not repeat: still a condition, left alone.
    feed("(err) => { if (err.code === 'ECONNREFUSED') this.reconnect(); }"),
    // The 'error' listener takes the 'close' listener away before it reconnects.
    dialer('() => { socket.removeAllListeners(); setTimeout(() => dial(port), 1000); }'),
    dialer('(err) => console.warn(err.message)'),
  ],
  invalid: [
    { code: feed('() => this.reconnect()'), errors: [{ messageId: 'reconnectTwice', line: 12, data: { socket: 'this.ws' } }] },
    { code: dialer('() => setTimeout(() => dial(port), 1000)'), errors: [{ messageId: 'reconnectTwice', line: 5, data: { socket: 'socket' } }] },
    {
      // The same socket connected again from both: its connect callbacks pile up as well.
      code: `
import { Socket } from 'node:net';
export const link = new Socket();
export function open(port, host) {
  link.on('error', () => link.connect(port, host));
  link.on('close', () => link.connect(port, host));
  link.connect(port, host);
}
`,
      errors: [{ messageId: 'reconnectTwice', line: 5, data: { socket: 'link' } }],
    },
  ],
});
typedRuleTester.run("cleanup-dead-socket (a connection both its 'error' and its 'close' listener reconnect, typed)", rule, {
  valid: [feed('(err) => console.warn(err.message)', undefined, 'ts')],
  invalid: [{ code: feed('() => this.reconnect()', undefined, 'ts'), errors: [{ messageId: 'reconnectTwice', line: 11, data: { socket: 'this.ws' } }] }],
});

// A device link whose 'error' listener connects the same socket again (the listener given as
// written, `'error'` handled in place): with no delay while the device refuses, the link retries in a
// busy loop and stacks a connect callback per attempt.
const retryingLink = (onError: string, lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export class DeviceLink {
${lang === 'ts' ? '  private socket = new net.Socket();\n  private ready = false;\n  private stopping = false;\n  constructor(private port: number, private host: string) {' : '  constructor(port, host) {\n    this.port = port;\n    this.host = host;\n    this.socket = new net.Socket();'}
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', ${onError});
    this.open();
  }
  open = () => {
    this.socket.connect(this.port, this.host, () => (this.ready = true));
  };
  onData(chunk${lang === 'ts' ? ': Buffer' : ''}) {
    console.log(chunk.length);
  }
}
`;

/** The link with its readiness set by a 'connect' listener added once, not by connect()'s callback. */
const noCallback = (code: string): string =>
  code.replace('    this.socket.connect(this.port, this.host, () => (this.ready = true));', '    this.socket.connect(this.port, this.host);').replace("    this.open();\n", "    this.socket.on('connect', () => (this.ready = true));\n    this.open();\n");

ruleTester.run("cleanup-dead-socket (an 'error' listener that connects its own socket again at once)", rule, {
  valid: [
    // A retry delay: by then the socket has emitted 'close', and a refusing device is asked once a second.
    noCallback(retryingLink('() => setTimeout(() => this.open(), 1000)')),
    noCallback(retryingLink('() => setTimeout(this.open, 1000)')),
    // Under a condition the author chose (a stop flag, a code): not read as a loop.
    retryingLink('() => { if (!this.stopping) this.open(); }'),
    // Only once: the second failure finds no listener (require-error-listener's concern), no loop.
    retryingLink('() => this.open()').replace("this.socket.on('error'", "this.socket.once('error'"),
    // The listener takes the socket's listeners away first.
    retryingLink('() => { this.socket.removeAllListeners(); this.open(); }'),
    // A new socket for each attempt is another object: its connect callback is its own.
    `
import net from 'node:net';
export function dial(port) {
  const socket = net.connect(port, '127.0.0.1', () => console.log('up'));
  socket.on('error', () => dial(port));
  return socket;
}
`,
  ],
  invalid: [
    { code: retryingLink('(err) => { console.warn(err.message); this.open(); }'), errors: [{ messageId: 'reconnectAtOnce', line: 9, data: { socket: 'this.socket' } }] },
    // The delay ends the busy loop, not the stacking: each refused attempt keeps its callback.
    {
      code: retryingLink('() => setTimeout(() => this.open(), 1000)'),
      errors: [{ messageId: 'connectCallbackStacks', line: 13, data: { socket: 'this.socket', event: 'error' } }],
    },
    {
      // connect() called in the listener itself, on a socket of the module.
      code: `
import { Socket } from 'node:net';
const link = new Socket();
link.on('error', () => link.connect(502, '10.0.0.7', () => link.write('hello')));
link.connect(502, '10.0.0.7');
`,
      errors: [{ messageId: 'reconnectAtOnce', line: 4, data: { socket: 'link' } }],
    },
  ],
});
typedRuleTester.run("cleanup-dead-socket (an 'error' listener that connects its own socket again at once, typed)", rule, {
  valid: [noCallback(retryingLink('() => setTimeout(() => this.open(), 1000)', 'ts'))],
  invalid: [{ code: retryingLink('() => this.open()', 'ts'), errors: [{ messageId: 'reconnectAtOnce', line: 9, data: { socket: 'this.socket' } }] }],
});

// A load balancer's request relays the inbound connection to a backend and forgets the backend on
// its 'end'. The backend's 'close' destroys the inbound socket, whose own 'close' forgets the
// backend too: after a reset of the backend the field is emptied all the same.
const relayRequest = (onOutClose: string, lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export class RelayRequest {
${lang === 'ts' ? '  private outbound?: net.Socket;\n  constructor(private inbound: net.Socket) {' : '  constructor(inbound) {\n    this.inbound = inbound;'}
    this.inbound.on('error', (err) => console.warn(err.message));
    this.inbound.on('close', () => {
      this.outbound?.destroy();
      this.outbound = undefined;
    });
  }
  forward(port${lang === 'ts' ? ': number' : ''}) {
    this.outbound = net.connect(port, '127.0.0.1');
    this.outbound.on('error', (err) => console.warn(err.message));
    this.outbound.on('close', () => ${onOutClose});
    this.outbound.on('end', () => {
      this.outbound = undefined;
    });
  }
}
`;
const relayEndFix = (code: string): string => code.replace("this.outbound.on('end'", "this.outbound.on('close'");

// A printer link that keeps one socket and connects it again a second after each close, giving
// connect() the callback that greets the printer.
const printerLink = (retry: string, extra = '', lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export class PrinterLink {
${lang === 'ts' ? '  private socket = new net.Socket();\n  constructor(private port: number) {' : '  constructor(port) {\n    this.port = port;\n    this.socket = new net.Socket();'}
    this.socket.on('error', (err) => console.warn(err.message));
    this.socket.on('close', () => setTimeout(() => this.open(), 1000));${extra}
  }
  open() {
    ${retry}
  }
  greet() {
    this.socket.write('~HI\\r\\n');
  }
}
`;

ruleTester.run("cleanup-dead-socket (connect() with a callback, called again on the same socket from its 'close' listener)", rule, {
  valid: [
    // The greeting waits on a 'connect' listener added once: one per socket, however many retries.
    printerLink("this.socket.connect(this.port, '10.0.0.20');", "\n    this.socket.on('connect', () => this.greet());"),
    // A new socket for every attempt: each callback belongs to its own socket.
    printerLink("this.socket = net.connect(this.port, '10.0.0.20', () => this.greet());"),
    // The stale callbacks are taken off before each attempt.
    printerLink("this.socket.removeAllListeners('connect');\n    this.socket.connect(this.port, '10.0.0.20', () => this.greet());"),
    // The retry puts a new socket in the field before it connects: each socket gets one callback.
    printerLink("this.socket.connect(this.port, '10.0.0.20', () => this.greet());").replace(
      'setTimeout(() => this.open(), 1000)',
      'setTimeout(() => {\n      this.socket.destroy();\n      this.socket = new net.Socket();\n      this.open();\n    }, 1000)',
    ),
  ],
  invalid: [
    {
      code: printerLink("this.socket.connect(this.port, '10.0.0.20', () => this.greet());"),
      errors: [{ messageId: 'connectCallbackStacks', line: 11, data: { socket: 'this.socket', event: 'close' } }],
    },
    {
      // A callback given by name stacks the same way.
      code: printerLink("this.socket.connect({ port: this.port, host: '10.0.0.20' }, this.greet.bind(this));"),
      errors: [{ messageId: 'connectCallbackStacks', line: 11, data: { socket: 'this.socket', event: 'close' } }],
    },
    {
      // 'error' reconnects as well: reported once, as reconnectTwice, whose message covers the stacking.
      code: printerLink("this.socket.connect(this.port, '10.0.0.20', () => this.greet());").replace(
        "this.socket.on('error', (err) => console.warn(err.message));",
        "this.socket.on('error', () => this.open());",
      ),
      errors: [{ messageId: 'reconnectTwice', line: 7, data: { socket: 'this.socket' } }],
    },
  ],
});
typedRuleTester.run("cleanup-dead-socket (connect() with a callback, called again on the same socket from its 'close' listener, typed)", rule, {
  valid: [printerLink("this.socket = net.connect(this.port, '10.0.0.20', () => this.greet());", '', 'ts')],
  invalid: [
    {
      code: printerLink("this.socket.connect(this.port, '10.0.0.20', () => this.greet());", '', 'ts'),
      errors: [{ messageId: 'connectCallbackStacks', line: 10, data: { socket: 'this.socket', event: 'close' } }],
    },
  ],
});

// A WebSocket-to-TCP bridge: each browser connection gets a TCP connection to the VNC server.
// Where that connection is kept decides whether connections share it.
const vncBridge = (serve: string, lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
import { WebSocketServer${lang === 'ts' ? ', type WebSocket' : ''} } from 'ws';
export class VncBridge {
${lang === 'ts' ? '  private target?: net.Socket;\n' : ''}  constructor(port${lang === 'ts' ? ': number' : ''}) {
    const wss = new WebSocketServer({ port });
    wss.on('connection', (client) => this.serve(client));
  }
  serve(client${lang === 'ts' ? ': WebSocket' : ''}) {
${serve}
  }
}
`;
const sharedTarget = `    this.target = net.connect(5900, '127.0.0.1');
    this.target.on('error', () => client.close());
    this.target.on('data', (frame) => client.send(frame));
    client.on('message', (input) => this.target.write(input));
    client.on('close', () => this.target.end());`;
const ownTarget = `    const target = net.connect(5900, '127.0.0.1');
    target.on('error', () => client.close());
    target.on('data', (frame) => client.send(frame));
    client.on('message', (input) => target.write(input));
    client.on('close', () => target.end());`;

ruleTester.run("cleanup-dead-socket (a socket each connection keeps on a field of the server's instance)", rule, {
  valid: [
    // Each connection keeps its own socket in a variable of its run.
    vncBridge(ownTarget),
    // Kept on the field, but the connection's listeners never use the field.
    vncBridge("    this.lastTarget = net.connect(5900, '127.0.0.1');\n    this.lastTarget.on('error', () => {});\n    client.on('close', () => console.log('gone'));"),
    // A class per connection: the instance is the connection's own.
    `
import net from 'node:net';
class Session {
  constructor(client) {
    this.target = net.connect(5900, '127.0.0.1');
    this.target.on('error', () => client.destroy());
    client.on('data', (chunk) => this.target.write(chunk));
  }
}
net.createServer((client) => new Session(client)).listen(5901);
`,
  ],
  invalid: [{ code: vncBridge(sharedTarget), errors: [{ messageId: 'sharedField', line: 10, data: { field: 'target' } }] }],
});
typedRuleTester.run("cleanup-dead-socket (a socket each connection keeps on a field of the server's instance, typed)", rule, {
  valid: [vncBridge(ownTarget, 'ts')],
  invalid: [{ code: vncBridge(sharedTarget.replace('this.target.on(', 'this.target.on(').replace(/this\.target\.(write|end)/gu, 'this.target?.$1'), 'ts'), errors: [{ messageId: 'sharedField', line: 11, data: { field: 'target' } }] }],
});

ruleTester.run("cleanup-dead-socket (a relay's field emptied on 'end', and by the peer's 'close')", rule, {
  valid: [relayRequest('this.inbound.destroy()')],
  invalid: [
    {
      // The backend's 'close' only logs: the inbound socket stays, and so does the dead backend.
      code: relayRequest("console.info('backend closed')"),
      errors: [{ messageId: 'cleanupOnEnd', line: 17, data: { where: "in an 'end' listener", socket: 'this.outbound' }, suggestions: [{ messageId: 'moveToClose', output: relayEndFix(relayRequest("console.info('backend closed')")) }] }],
    },
  ],
});
typedRuleTester.run("cleanup-dead-socket (a relay's field emptied on 'end', and by the peer's 'close', typed)", rule, {
  valid: [relayRequest('this.inbound.destroy()', 'ts')],
  invalid: [
    {
      code: relayRequest("console.info('backend closed')", 'ts'),
      errors: [{ messageId: 'cleanupOnEnd', line: 17, data: { where: "in an 'end' listener", socket: 'this.outbound' }, suggestions: [{ messageId: 'moveToClose', output: relayEndFix(relayRequest("console.info('backend closed')", 'ts')) }] }],
    },
  ],
});

// A home-automation panel client that reconnects five seconds after every close, its own
// disconnect() included: destroy() emits 'close' (measured in test/live/double-reconnects.live.test.ts),
// so the client opens a new connection after it was told to stop.
const panelClient = (onClose: string, disconnect = '    this.sock.destroy();', lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
export class PanelClient {
${lang === 'ts' ? '  private sock?: net.Socket;\n  private stopped = false;\n  constructor(private host: string) {}' : '  constructor(host) {\n    this.host = host;\n    this.stopped = false;\n  }'}
  connect() {
    this.sock = net.connect(23, this.host);
    this.sock.on('error', (err) => console.warn(err.message));
    this.sock.on('close', () => ${onClose});
  }
  disconnect() {
${disconnect}
  }
}
`;
const reconnectLater = 'setTimeout(() => this.connect(), 5000)';

ruleTester.run("cleanup-dead-socket (a close method undone by the connection's 'close' listener)", rule, {
  valid: [
    // The retry tests the flag disconnect() sets.
    panelClient("setTimeout(() => {\n      if (!this.stopped) this.connect();\n    }, 5000)", '    this.stopped = true;\n    this.sock.destroy();'),
    // disconnect() takes the listeners away first.
    panelClient(reconnectLater, '    this.sock.removeAllListeners();\n    this.sock.destroy();'),
  ],
  invalid: [
    {
      code: panelClient(reconnectLater),
      errors: [{ messageId: 'reconnectsOwnClose', line: 14, data: { method: 'disconnect', socket: 'this.sock' } }],
    },
    {
      // A flag set and never tested stops nothing.
      code: panelClient(reconnectLater, '    this.stopped = true;\n    this.sock.end();'),
      errors: [{ messageId: 'reconnectsOwnClose', line: 15, data: { method: 'disconnect', socket: 'this.sock' } }],
    },
  ],
});
// connect() clears a pending retry (a debounce against 'error' and 'close' both scheduling one),
// yet the 'close' of disconnect() schedules a fresh retry after that clear: it still reconnects.
const debouncedPanel = (disconnect?: string): string =>
  panelClient('{\n      this.retry = setTimeout(() => this.connect(), 5000);\n    }', disconnect).replace('  connect() {\n', '  connect() {\n    clearTimeout(this.retry);\n');
ruleTester.run("cleanup-dead-socket (a close method undone by a debounced reconnect)", rule, {
  valid: [debouncedPanel('    clearTimeout(this.retry);\n    this.sock.removeAllListeners();\n    this.sock.destroy();')],
  invalid: [
    {
      code: debouncedPanel('    clearTimeout(this.retry);\n    this.sock.destroy();'),
      errors: [{ messageId: 'reconnectsOwnClose', line: 18, data: { method: 'disconnect', socket: 'this.sock' } }],
    },
  ],
});
typedRuleTester.run("cleanup-dead-socket (a close method undone by the connection's 'close' listener, typed)", rule, {
  valid: [panelClient(reconnectLater, '    this.sock?.removeAllListeners();\n    this.sock?.destroy();', 'ts')],
  invalid: [{ code: panelClient(reconnectLater, '    this.sock?.destroy();', 'ts'), errors: [{ messageId: 'reconnectsOwnClose', line: 13, data: { method: 'disconnect', socket: 'this.sock' } }] }],
});

// One socket for the instance's life, redialed in place five seconds after each close; shutdown()
// drops the field once it destroyed the socket. With `?.connect()` the redial after shutdown finds
// nothing to dial; with `!.connect()` it throws in the timer.
const inPlaceUpstream = (dial: string): string => `
import { Socket } from 'node:net';
export class Upstream {
  private remote?: Socket = new Socket();
  constructor(private readonly port: number, private readonly host: string) {
    this.remote?.on('error', (e) => console.error(e.message));
    this.remote?.on('close', () => {
      setTimeout(this.connect, 5000);
    });
    this.connect();
  }
  private readonly connect = (): void => {
    this.remote${dial}connect(this.port, this.host);
  };
  shutdown(): void {
    try {
      this.remote?.destroy();
    } finally {
      this.remote = undefined;
    }
  }
}
`;
const inPlaceCases = {
  valid: [inPlaceUpstream('?.')],
  invalid: [{ code: inPlaceUpstream('!.'), errors: [{ messageId: 'reconnectsOwnClose' as const, line: 17, data: { method: 'shutdown', socket: 'this.remote' } }] }],
};
ruleTester.run("cleanup-dead-socket (a close method that drops the field an optional redial reads)", rule, inPlaceCases);
typedRuleTester.run("cleanup-dead-socket (a close method that drops the field an optional redial reads, typed)", rule, inPlaceCases);

// Companion's TCPHelper (from @companion-module/base) reconnects by itself and never emits 'close':
// a watchdog interval on it is the link's own, however the field is named. A socket of Node's
// kept on the same field and pinged the same way is another matter.
const videohub = (open: string, lang: 'js' | 'ts' = 'js'): string => `
${open.startsWith('new TCPHelper') ? "import { InstanceBase, TCPHelper } from '@companion-module/base';" : "import net from 'node:net';\nimport { InstanceBase } from '@companion-module/base';"}
export class Videohub extends InstanceBase {
  initTcp(host${lang === 'ts' ? ': string' : ''}, port${lang === 'ts' ? ': number' : ''}) {
    if (this.socket) {
      this.socket.destroy();
      delete this.socket;
    }
    this.socket = ${open};
    this.socket.on('error', (err) => this.log('error', err.message));
    this.pingTimer = setInterval(() => this.socket.write('PING:\\n\\n'), 15000);
  }
}
`;
const strictNames = [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }] as const;

ruleTester.run('cleanup-dead-socket (a self-reconnecting wrapper of another package, under strict names)', rule, {
  valid: [{ code: videohub('new TCPHelper(host, port)'), options: strictNames }],
  invalid: [
    {
      code: videohub('net.connect(port, host)'),
      options: strictNames,
      errors: [{ messageId: 'timerNotCleared', line: 12, data: { handle: 'this.pingTimer', timer: 'an interval', socket: 'this.socket' } }],
    },
  ],
});
typedRuleTester.run('cleanup-dead-socket (a self-reconnecting wrapper of another package, under strict names, typed)', rule, {
  valid: [{ code: videohub('new TCPHelper(host, port)', 'ts'), options: strictNames }],
  invalid: [
    {
      code: videohub('net.connect(port, host)', 'ts'),
      options: strictNames,
      errors: [{ messageId: 'timerNotCleared', line: 12, data: { handle: 'this.pingTimer', timer: 'an interval', socket: 'this.socket' } }],
    },
  ],
});

// A retry scheduled with its handle dropped: disconnect() has nothing to clear, so a retry already
// waiting when the client is closed opens a new connection anyway.
const tickerClient = (retry: string, disconnect = '    this.stopped = true;\n    this.ws?.close();', lang: 'js' | 'ts' = 'ts'): string => `
import WebSocket from 'ws';
export class TickerClient {
${lang === 'ts' ? '  private ws?: WebSocket;\n  private retry?: NodeJS.Timeout;\n  private stopped = false;\n  constructor(private url: string) {}' : '  constructor(url) {\n    this.url = url;\n    this.stopped = false;\n  }'}
  connect() {
    this.ws = new WebSocket(this.url);
    this.ws.on('error', (err) => console.warn(err.message));
    this.ws.on('close', () => {
      if (!this.stopped) this.scheduleRetry();
    });
  }
  scheduleRetry() {
    ${retry}
  }
  disconnect() {
${disconnect}
  }
}
`;
const droppedRetry = 'setTimeout(() => this.connect(), 5000);';
const retryCases = (lang: 'js' | 'ts') => ({
  valid: [
    // The retry tests the flag disconnect() sets.
    tickerClient('setTimeout(() => {\n      if (!this.stopped) this.connect();\n    }, 5000);', undefined, lang),
    // Kept, and cleared by disconnect().
    tickerClient('this.retry = setTimeout(() => this.connect(), 5000);', '    clearTimeout(this.retry);\n    this.ws?.close();', lang),
  ],
  invalid: [
    {
      code: tickerClient(droppedRetry, undefined, lang),
      errors: [{ messageId: 'retryDropped' as const, line: tickerClient(droppedRetry, undefined, lang).split('\n').findIndex((line) => line.includes(droppedRetry)) + 1, data: { method: 'disconnect', reconnect: 'connect' } }],
    },
  ],
});
ruleTester.run('cleanup-dead-socket (a reconnect retry whose handle is dropped)', rule, retryCases('js'));
typedRuleTester.run('cleanup-dead-socket (a reconnect retry whose handle is dropped, typed)', rule, retryCases('ts'));

// The reconnect method guards against a second connect by testing its own socket field, and stop()
// empties that field: the test then passes, and a retry already waiting connects again. A flag
// stop() sets and the method tests stops it.
const gateway = (guard: string): string => `
import net from 'node:net';
export class Gateway {
  private link?: net.Socket;
  private closing = false;
  open(port: number) {
    ${guard}if (this.link && !this.link.destroyed) return;
    this.link = net.connect(port);
    this.link.on('error', (err) => console.warn(err.message));
    this.link.on('close', () => this.retry(port));
  }
  retry(port: number) {
    setTimeout(() => this.open(port), 2000);
  }
  stop() {
    this.closing = true;
    this.link?.end();
    this.link = undefined;
  }
}
`;
const guardedRetryCases = {
  valid: [gateway('if (this.closing) return;\n    ')],
  invalid: [{ code: gateway(''), errors: [{ messageId: 'retryDropped' as const, line: 13, data: { method: 'stop', reconnect: 'open' } }] }],
};
ruleTester.run('cleanup-dead-socket (a retry the reconnect guard lets through once the close empties the field)', rule, guardedRetryCases);
typedRuleTester.run('cleanup-dead-socket (a retry the reconnect guard lets through once the close empties the field, typed)', rule, guardedRetryCases);

// A live-reload server: every browser tab's WebSocket gets a file watcher that sends 'reload'.
// A watcher whose handle is dropped is never closed: each reload leaves one more, sending into
// dead connections. Kept and closed with its connection, it goes with it.
const liveReload = (watch: string, lang: 'js' | 'ts' = 'js'): string => `
import fs from 'node:fs';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 35729 });
wss.on('error', (err${lang === 'ts' ? ': Error' : ''}) => console.error(err));
wss.on('connection', (ws) => {
  ws.on('error', () => ws.terminate());
  ${watch}
});
`;
const closedWatcher = "const watcher = fs.watch('public', () => ws.send('reload'));\n  ws.on('close', () => watcher.close());";
const watcherCases = (lang: 'js' | 'ts') => ({
  valid: [liveReload(closedWatcher, lang)],
  invalid: [
    {
      code: liveReload("fs.watch('public', { recursive: true }, () => ws.send('reload'));", lang),
      errors: [{ messageId: 'watcherDropped' as const, line: 8, data: { socket: 'ws' } }],
    },
    // The same for an interval on a WebSocket server's connection.
    {
      code: liveReload("setInterval(() => ws.ping(), 30000);", lang),
      errors: [{ messageId: 'intervalDropped' as const, line: 8, data: { socket: 'ws' } }],
    },
  ],
});
ruleTester.run('cleanup-dead-socket (a file watcher per WebSocket connection)', rule, watcherCases('js'));
typedRuleTester.run('cleanup-dead-socket (a file watcher per WebSocket connection, typed)', rule, watcherCases('ts'));

// A remover called without its second argument on 'close': one that tests whether it was given
// removes the connection's whole entry then; one that does not removes nothing.
const pendingReplies = (forget: string): string => `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
const pending = {};
function forget(id, sn) {
${forget}
}
wss.on('connection', (ws, req) => {
  const id = req.headers['sec-websocket-key'];
  ws.on('error', () => ws.terminate());
  ws.on('message', (data) => {
    pending[id] = pending[id] || {};
    pending[id][String(data)] = ws;
  });
  ws.on('close', () => forget(id));
});
`;
const plainForget = '  delete pending[id][sn];';
ruleTester.run('cleanup-dead-socket (a remover called without an argument it tests for)', rule, {
  valid: [pendingReplies('  if (sn === undefined) delete pending[id];\n  else delete pending[id][sn];')],
  invalid: [
    {
      code: pendingReplies(plainForget),
      errors: [
        {
          messageId: 'removalWithoutSocket',
          line: 16,
          data: { callee: 'forget', socket: 'ws', collection: 'pending[id]' },
          suggestions: [{ messageId: 'passSocket', data: { socket: 'ws', param: 'sn' }, output: pendingReplies(plainForget).replace('forget(id));', 'forget(id, ws));') }],
        },
      ],
    },
  ],
});

// A game tunnel: every WebSocket client gets a local TCP server, and each local connection adds a
// 'message' listener to that WebSocket. The WebSocket outlives its local connections: it keeps
// one closure (and one closed connection) per connection until it closes itself.
const gameTunnel = (relay: string): string => `
import net from 'node:net';
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  ws.on('error', () => ws.terminate());
  net.createServer((local) => {
    local.on('error', () => local.destroy());
    local.on('data', (chunk) => ws.send(chunk));
${relay}
  }).listen(25565, '127.0.0.1');
});
`;
const outerCases = {
  valid: [gameTunnel("    const relay = (message) => local.write(message);\n    ws.on('message', relay);\n    local.on('close', () => ws.off('message', relay));")],
  invalid: [
    {
      code: gameTunnel("    ws.on('message', (message) => local.write(message));"),
      errors: [{ messageId: 'listenerKept' as const, line: 11, data: { emitter: 'ws', event: 'message', socket: 'local' } }],
    },
  ],
};
ruleTester.run('cleanup-dead-socket (a listener of each inner connection left on the outer one)', rule, outerCases);
typedRuleTester.run('cleanup-dead-socket (a listener of each inner connection left on the outer one, typed)', rule, outerCases);

// A manager whose failure listeners start it again: each start() declares its own socket and
// timer, so the clear in this start()'s connect callback is never this timer's once the failure
// path has run start() anew (measured on a real client: a refused attempt's timer destroyed the
// next, healthy connection), and a connect of the new socket stacks nothing on the old one.
const restarting = (onFail: string): string => `
import { Socket } from 'node:net';
export class Manager {
  private socket?: Socket;
  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
  start(host: string, port: number): Promise<void> {
    this.close();
    const socket = new Socket();
    this.socket = socket;
    socket.on('end', () => this.restart(host, port));
    socket.on('error', () => this.restart(host, port));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket?.destroy();
        reject(new Error('connect timed out'));
      }, 5000);
      socket.once('error', ${onFail});
      socket.connect({ port, host }, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  restart(host: string, port: number): void {
    this.start(host, port).catch(() => setTimeout(() => this.restart(host, port), 1000));
  }
}
`;
const restartingCases = {
  valid: [restarting('(err) => {\n        clearTimeout(timer);\n        reject(err);\n      }')],
  invalid: [
    {
      code: restarting('reject'),
      errors: [{ messageId: 'connectTimerNotCleared' as const, line: 16, data: { handle: 'timer', event: 'connect', socket: 'socket', effect: 'ends the connection' } }],
    },
  ],
};
ruleTester.run('cleanup-dead-socket (a connect timer of a function its failure path runs again)', rule, restartingCases);
typedRuleTester.run('cleanup-dead-socket (a connect timer of a function its failure path runs again, typed)', rule, restartingCases);

// A device module of a control app: `self.socket` is a telnet wrapper of the app (another module)
// that reconnects by itself, known as a socket by its name alone. The file listens for its own
// events ('status_change') and never for a close: nothing says it closes as a socket does, and
// its heartbeat is the module's, cleared before each re-arm and in `destroy()`. Once the file
// listens for its 'close', the heartbeat left running after it is the socket's leak again.
const telnetSwitcher = (events: string): string => `
var TelnetSocket = require('./telnet');
function Switcher(config) {
  var self = this;
  self.socket = new TelnetSocket(config.host, 23);
  ${events}
  self.socket.on('data', function () {
    clearInterval(self.heartbeat);
    self.heartbeat = setInterval(function () { self.socket.write('I\\n'); }, 180000);
  });
}
Switcher.prototype.destroy = function () {
  clearInterval(this.heartbeat);
  this.socket.destroy();
};
module.exports = Switcher;
`;
const telnetCases = {
  valid: [{ code: telnetSwitcher("self.socket.on('status_change', function (status) { console.log(status); });"), options: strictNames }],
  invalid: [
    {
      code: telnetSwitcher("self.socket.on('close', function () { console.log('closed'); });"),
      options: strictNames,
      errors: [{ messageId: 'timerNotCleared' as const, line: 9, data: { handle: 'self.heartbeat', timer: 'an interval', socket: 'self.socket' } }],
    },
  ],
};
ruleTester.run("cleanup-dead-socket (a wrapper known by its name that emits events of its own)", rule, telnetCases);
typedRuleTester.run("cleanup-dead-socket (a wrapper known by its name that emits events of its own, typed)", rule, telnetCases);

// A UDP server whose bind() returns a promise settled by the bind's callback: a failed bind
// (EADDRINUSE) goes to the socket's 'error' listener, or is dropped when there is none, and never
// calls back (measured in test/live/require-error-listener.live.test.ts): `await server.bind()`
// waits for ever. Rejected by the socket's 'error' too, it is settled either way.
const udpBinder = (executor: string): string => `
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
export class Receiver extends EventEmitter {
  private readonly udp = dgram.createSocket('udp4');
  constructor() {
    super();
    this.udp.on('error', (err) => this.emit('error', err));
  }
  bind(port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      ${executor}
    });
  }
}
`;
const udpBinderCases = {
  valid: [
    udpBinder("this.udp.once('error', reject);\n      this.udp.bind(port, resolve);"),
    // A plain callback API: the caller hears the failure on the instance's 'error'.
    `
import dgram from 'node:dgram';
const socket = dgram.createSocket('udp4');
socket.on('error', (err) => console.error(err));
export function start(port: number, done: () => void): void {
  socket.bind(port, done);
}
`,
  ],
  invalid: [
    {
      code: udpBinder('this.udp.bind(port, resolve);'),
      errors: [{ messageId: 'bindOnlySettles' as const, line: 12, data: { socket: 'this.udp' } }],
    },
    {
      // No 'error' listener at all: the failed bind is dropped, and the promise waits all the same.
      code: `
const dgram = require('dgram');
const socket = dgram.createSocket('udp4');
socket.on('message', (msg) => console.log(String(msg)));
exports.listen = (port) => new Promise((resolve) => socket.bind(port, () => resolve(socket.address())));
`,
      errors: [{ messageId: 'bindOnlySettles' as const, line: 5, data: { socket: 'socket' } }],
    },
  ],
};
ruleTester.run('cleanup-dead-socket (a promise only a UDP bind settles)', rule, udpBinderCases);
typedRuleTester.run('cleanup-dead-socket (a promise only a UDP bind settles, typed)', rule, udpBinderCases);

// A broker client whose 'data' listener feeds a frame parser: the replies come by the parser's
// 'frame' listener, which looks each request up by its correlation id in a table that `send()`
// fills as it writes the request. Nothing fails that table when the broker closes or resets, so
// every request in flight then waits for ever. A table keyed by topic is subscriptions, not requests.
const brokerClient = (onClose: string, key = 'correlationId'): string => `
const net = require('net');
const FrameParser = require('./frame-parser');
class Client {
  constructor(port, host) {
    this.pending = {};
    this.parser = new FrameParser();
    this.socket = net.createConnection(port, host);
    this.socket.on('error', (err) => console.error('broker', err.message));
    this.socket.on('close', () => { ${onClose} });
    this.socket.on('data', (chunk) => this.parser.update(chunk));
    this.parser.on('frame', (frame) => this.onFrame(frame));
  }
  onFrame(frame) {
    const id = frame.readInt32BE(4);
    const waiting = this.pending[id];
    waiting.callback(waiting.decode(frame));
  }
  send(request, ${key}, decode, callback) {
    this.pending[${key}] = { decode, callback };
    this.socket.write(request);
  }
}
module.exports = Client;
`;
const brokerCases = {
  valid: [
    brokerClient("for (const id of Object.keys(this.pending)) this.pending[id].callback(new Error('closed'));"),
    brokerClient("console.log('closed');", 'topic'),
  ],
  invalid: [{ code: brokerClient("console.log('closed');"), errors: [{ messageId: 'repliesNeverFailed' as const, line: 20, data: { collection: 'pending', socket: 'this.socket' } }] }],
};
ruleTester.run('cleanup-dead-socket (requests answered through a frame parser the data listener feeds)', rule, brokerCases);
typedRuleTester.run('cleanup-dead-socket (requests answered through a frame parser the data listener feeds, typed)', rule, brokerCases);

// A door controller's TCP request: the connect and the reply are awaited together, raced against
// the socket's 'error' and a timer. A refused connect settles the race (measured by the round's
// judge); the same two promises awaited alone wait for ever on a refusal.
const doorRequest = (awaited: string): string => `
import net from 'node:net';
export async function get(host: string, port: number, request: Buffer, ms: number): Promise<Buffer> {
  const sock = new net.Socket();
  try {
    const failed = new Promise<never>((_, reject) => sock.on('error', reject));
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
    const reply = new Promise<Buffer>((resolve) => sock.once('data', resolve));
    const sent = new Promise<void>((resolve) => sock.on('connect', () => { sock.write(request); resolve(); }));
    sock.connect(port, host);
    const [answer] = await ${awaited};
    return answer;
  } finally {
    sock.destroy();
  }
}
`;
const doorCases = {
  valid: [doorRequest('Promise.race([failed, timeout, Promise.all([reply, sent])])')],
  invalid: [{ code: doorRequest('Promise.all([reply, sent])'), errors: [{ messageId: 'connectOnlySettles' as const, line: 9, data: { socket: 'sock' } }] }],
};
ruleTester.run('cleanup-dead-socket (a connect raced through a Promise.all)', rule, doorCases);
typedRuleTester.run('cleanup-dead-socket (a connect raced through a Promise.all, typed)', rule, doorCases);

// A Redis client that queues each command's callback with a timer of its own: the timer fails the
// callback when no reply comes in time, closed connection or not (measured by the round's judge).
const timedRedis = (onTimeout: string): string => `
const net = require('net');
function RedisClient(port) {
  const client = this;
  this.callbacks = [];
  this.timeouts = [];
  this.connection = net.connect(port);
  this.connection.on('error', (err) => console.error(err.message));
  this.connection.on('data', (reply) => {
    clearTimeout(client.timeouts.shift());
    client.callbacks.shift()(null, String(reply));
  });
  this.send = function (command, callback) {
    this.callbacks.push(callback);
    this.timeouts.push(setTimeout(function () { ${onTimeout} }, 1000));
    this.connection.write(command);
  };
}
module.exports = RedisClient;
`;
const timedRedisCases = {
  valid: [timedRedis("callback({ errorString: 'Timed out while waiting for response' });")],
  invalid: [{ code: timedRedis("console.warn('slow reply');"), errors: [{ messageId: 'repliesNeverFailed' as const, line: 14, data: { collection: 'callbacks', socket: 'this.connection' } }] }],
};
ruleTester.run('cleanup-dead-socket (callbacks each failed by a timer of their own)', rule, timedRedisCases);
typedRuleTester.run('cleanup-dead-socket (callbacks each failed by a timer of their own, typed)', rule, timedRedisCases);

// An inverter protocol's request: a response timer cleared on 'data', whose callback rejects the
// request with an error a helper of another module decorates; the socket's 'error' listener
// (set up when it connected) decorates its own error with the same helper. The helper builds a
// value and answers nobody: the timer is the request's only way to fail. A callback of the
// caller's, called by both, would answer twice.
const inverterRequest = (decorate: string): string => `
const net = require('net');
${decorate}
class Protocol {
  connect(port, host, onError) {
    this.socket = net.connect(port, host);
    this.socket.on('error', (err) => onError(enhanceError(err)));
  }
  send(command, ms) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.removeAllListeners('data');
        reject(enhanceError(new Error('Response timeout')));
      }, ms);
      this.socket.once('data', (data) => {
        clearTimeout(timer);
        resolve(data);
      });
      this.socket.write(command);
    });
  }
}
module.exports = Protocol;
`;
const inverterRequestCases = {
  valid: [inverterRequest("const { enhanceError } = require('./errors');")],
  invalid: [
    {
      code: inverterRequest('function enhanceError(err) { console.error(err.message); return err; }'),
      errors: [{ messageId: 'connectTimerNotCleared' as const, line: 11, data: { handle: 'timer', event: 'data', socket: 'this.socket', effect: 'calls `enhanceError` a second time' } }],
    },
  ],
};
ruleTester.run('cleanup-dead-socket (a response timer that calls a helper of another module)', rule, inverterRequestCases);
typedRuleTester.run('cleanup-dead-socket (a response timer that calls a helper of another module, typed)', rule, inverterRequestCases);

// A WebSocket-to-TCP bridge that opens one upstream per client and keeps it under the client's own
// key: the listeners on `upstreams[id]` are on that client's upstream, which goes with it, not on
// one emitter every client shares. Keyed by something the whole server shares, they pile up.
const bridgeEntries = (key: string): string => `
import net from 'node:net';
import { WebSocketServer } from 'ws';
const upstreams: Record<string, net.Socket> = {};
const SHARED = 'vnc';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (client) => {
  client.on('error', () => client.terminate());
  const id = String(Date.now());
  if (!upstreams[${key}]) {
    upstreams[${key}] = net.createConnection(5900, '127.0.0.1');
    upstreams[${key}].on('close', () => { delete upstreams[${key}]; });
  }
  upstreams[${key}].on('data', (data) => client.send(data));
  client.on('message', (msg) => upstreams[${key}].write(msg as Buffer));
});
`;
const bridgeCases = {
  valid: [bridgeEntries('id')],
  invalid: [
    { code: bridgeEntries('SHARED'), errors: [{ messageId: 'listenerKept' as const, line: 15, data: { emitter: 'upstreams[SHARED]', event: 'data', socket: 'client' } }] },
    // Each upstream stays in the table after it closes: the table keeps every one ever dialled.
    {
      code: bridgeEntries('id').replace("\n    upstreams[id].on('close', () => { delete upstreams[id]; });", ''),
      errors: [{ messageId: 'registryNotCleaned' as const, line: 12, data: { socket: 'upstreams[id]', collection: 'upstreams' } }],
    },
  ],
};
ruleTester.run('cleanup-dead-socket (listeners on an entry each connection keys for itself)', rule, bridgeCases);
typedRuleTester.run('cleanup-dead-socket (listeners on an entry each connection keys for itself, typed)', rule, bridgeCases);

// A pre-ES2015 RCON client whose private helpers run as `connect.call(this)` / `listen.call(this)`
// from its methods, and whose 'data' listener (`function (data) { … }.bind(this)`) hands each
// reply to `dequeue.call(this, res)`, which shifts the oldest callback. The 'end' listener only
// re-emits: when the server hangs up, every waiting command's callback is never called (measured
// by the round's judge). Failed in the 'end' listener, nothing waits.
const rconHelpers = (onEnd: string): string => `
var net = require('net');
var EventEmitter = require('events').EventEmitter;
var inherits = require('util').inherits;
function dequeue(response) {
  var callback = this.responseCallbacks.shift();
  if (typeof callback === 'function') callback(response);
}
function connect() {
  this.client = net.connect({ host: this.host, port: this.port });
}
function listen() {
  this.client.on('data', function (data) {
    dequeue.call(this, String(data));
  }.bind(this));
  this.client.on('end', function () {
    ${onEnd}
  }.bind(this));
  this.client.on('error', function (e) {
    this.emit('error', e);
  }.bind(this));
}
var Rcon = function (options) {
  EventEmitter.call(this);
  this.host = options.host;
  this.port = options.port;
  this.responseCallbacks = [];
};
inherits(Rcon, EventEmitter);
Rcon.prototype.exec = function (command, callback) {
  this.client.write(command);
  this.responseCallbacks.push(callback);
  return this;
};
Rcon.prototype.connect = function () {
  if (!this.client) {
    connect.call(this);
    listen.call(this);
  }
  return this;
};
module.exports = Rcon;
`;
const rconHelperCases = {
  valid: [rconHelpers("this.responseCallbacks.splice(0).forEach(function (callback) { callback(new Error('closed')); });\n    this.emit('disconnected');")],
  invalid: [{ code: rconHelpers("this.emit('disconnected');"), errors: [{ messageId: 'repliesNeverFailed' as const, line: 32, data: { collection: 'responseCallbacks', socket: 'this.client' } }] }],
};
ruleTester.run('cleanup-dead-socket (a pre-ES2015 client whose helpers run with call(this))', rule, rconHelperCases);
typedRuleTester.run('cleanup-dead-socket (a pre-ES2015 client whose helpers run with call(this), typed)', rule, rconHelperCases);

/**
 * A relay keeping each upstream it dials as an entry of a table by id (`upstreams[id] = net.connect(…)`),
 * the table made elsewhere: the entry is the socket, its listeners and its removal are read through it.
 */
const idTableRelay = (listeners: string): string => `
import net from 'node:net';
import { upstreams } from './state';
export function relay(ws: { on(event: string, fn: (...args: unknown[]) => void): void; send(data: unknown): void; close(): void }) {
  const id = Date.now();
  upstreams[id] = net.connect(4000, 'backend.internal');
  upstreams[id].on('data', (chunk: Buffer) => ws.send(chunk));
  ${listeners}
}
`;
const idTableCases = {
  valid: [
    idTableRelay("upstreams[id].on('error', () => ws.close());\n  upstreams[id].on('close', () => { delete upstreams[id]; ws.close(); });"),
    idTableRelay("upstreams[id].on('error', () => ws.close());\n  upstreams[id].on('close', () => forget(id));\n  function forget(key: number) { delete upstreams[key]; }"),
    // A list per origin, filled under one name and emptied by another method under its own name:
    // the list is no entry a key can follow, so its removals are not judged.
    `
import net from 'node:net';
export class Pool {
  lists: Record<string, net.Socket[]> = {};
  reserve(name: string): net.Socket {
    const placeholder = new net.Socket({ writable: false });
    (this.lists[name] ??= []).push(placeholder);
    this.lists[name].push(placeholder);
    return placeholder;
  }
  release(origin: string, socket: net.Socket): void {
    const list = this.lists[origin] ?? [];
    list.splice(list.indexOf(socket), 1);
  }
}
`,
  ],
  invalid: [
    {
      code: idTableRelay("upstreams[id].on('error', () => ws.close());\n  ws.on('close', () => upstreams[id].end());"),
      errors: [{ messageId: 'registryNotCleaned' as const, line: 6, data: { socket: 'upstreams[id]', collection: 'upstreams' } }],
    },
    // Its own 'error' listener ends the entry it was read through: the socket is already destroyed.
    {
      code: idTableRelay("upstreams[id].on('error', () => { upstreams[id].end(); ws.close(); });\n  upstreams[id].on('close', () => { delete upstreams[id]; });"),
      output: idTableRelay("upstreams[id].on('error', () => { upstreams[id].destroy(); ws.close(); });\n  upstreams[id].on('close', () => { delete upstreams[id]; });"),
      errors: [{ messageId: 'endInErrorListener' as const, line: 8, data: { socket: 'upstreams[id]', dropped: '' } }],
    },
  ],
};
ruleTester.run('cleanup-dead-socket (a socket kept as an entry of a table by id)', rule, idTableCases);
typedRuleTester.run('cleanup-dead-socket (a socket kept as an entry of a table by id, typed)', rule, idTableCases);

/**
 * An HTTP front of a worker thread: each ping's response waits in a table until the main thread
 * answers, and the answer ends it and deletes its entry. The entry lives as long as the wait.
 */
const workerPing = (answer: string): string => `
import http from 'node:http';
import { parentPort } from 'node:worker_threads';
const waiting: Record<number, http.ServerResponse> = {};
let count = 0;
http.createServer((req, res) => {
  count++;
  parentPort?.postMessage({ type: 'ping', id: count });
  waiting[count] = res;
}).listen(8080);
parentPort?.on('message', ({ id, data }: { id: number; data: string }) => {
  const res = waiting[id];
  ${answer}
  delete waiting[id];
});
`;
const workerPingCases = {
  valid: [workerPing('res.end(data);'), workerPing("waiting[id].writeHead(200);\n  waiting[id].end(data);")],
  invalid: [
    // Deleted without being answered: nothing here says the entry lives only as long as a wait.
    { code: workerPing('res.write(data);'), errors: [{ messageId: 'registryNotCleaned' as const, line: 9, data: { socket: 'res', collection: 'waiting' } }] },
    // Variables that hold each other (`var a = b, b = a;`) lead nowhere: read a few deep, not for ever.
    {
      code: workerPing('var first = second, second = first;\n  first.end(data);'),
      errors: [{ messageId: 'registryNotCleaned' as const, line: 9, data: { socket: 'res', collection: 'waiting' } }],
    },
  ],
};
ruleTester.run('cleanup-dead-socket (responses waiting for a reply that ends and deletes them)', rule, workerPingCases);
typedRuleTester.run('cleanup-dead-socket (responses waiting for a reply that ends and deletes them, typed)', rule, workerPingCases);

/**
 * A replication master keeping its replicas in an array of a shared module: the file never shows
 * the array being made, but `push` is how an array takes values.
 */
const replicaList = (listeners: string): string => `
import net from 'node:net';
import { replicas } from './state';
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.once('data', () => {
    replicas.push(socket);
  });
  ${listeners}
}).listen(6379);
`;
const replicaListCases = {
  valid: [replicaList("socket.on('close', () => replicas.splice(replicas.indexOf(socket), 1));")],
  invalid: [{ code: replicaList(''), errors: [{ messageId: 'registryNotCleaned' as const, line: 7, data: { socket: 'socket', collection: 'replicas' } }] }],
};
ruleTester.run('cleanup-dead-socket (sockets pushed on an array of another module)', rule, replicaListCases);
typedRuleTester.run('cleanup-dead-socket (sockets pushed on an array of another module, typed)', rule, replicaListCases);

/**
 * A PLC request over UDP: one socket per request, a response timeout only the reply clears, and
 * a send callback that closes the socket on failure. `strict` matches `socket` by its name first;
 * that its value is a UDP socket still decides, as under `recommended`.
 */
const plcRequest = (onSendError: string): string => `
import dgram from 'node:dgram';
export function read(host: string, frame: Buffer, done: (err: Error | null, reply?: Buffer) => void) {
  const socket = dgram.createSocket('udp4');
  socket.on('error', (err) => done(err));
  socket.send(frame, 9600, host, (err) => {
    if (err) {
      ${onSendError}
      done(err);
    }
  });
  const timeout = setTimeout(() => {
    socket.close();
    done(new Error('timeout'));
  }, 2000);
  socket.once('message', (reply) => {
    clearTimeout(timeout);
    socket.close();
    done(null, reply);
  });
}
`;
// A failed send closes the socket and leaves the timer, whose close() then throws on the closed socket.
const PLC_REPORTED = {
  code: plcRequest('socket.close();'),
  output: plcRequest('socket.close();').replace('}, 2000);\n', "}, 2000);\n  socket.once('close', () => clearTimeout(timeout));\n"),
  errors: [{ messageId: 'timerNotCleared' as const, line: 12, data: { handle: 'timeout', timer: 'a timeout', socket: 'socket' } }],
};
const plcCases = {
  valid: [plcRequest('clearTimeout(timeout);\n      socket.close();'), { code: plcRequest('clearTimeout(timeout);\n      socket.close();'), options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }] as Options }],
  invalid: [PLC_REPORTED, { ...PLC_REPORTED, options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }] as Options }],
};
ruleTester.run('cleanup-dead-socket (a UDP request timer, under recommended and strict alike)', rule, plcCases);
typedRuleTester.run('cleanup-dead-socket (a UDP request timer, under recommended and strict alike, typed)', rule, plcCases);

/** A receiver's telnet link whose 'error' listener closes it: `end()` alone is useless there, `end(); destroy();` is not. */
const receiverLink = (teardown: string): string => `
import net from 'node:net';
export function connect(host: string) {
  const client = net.connect(23, host);
  client.on('error', (err) => {
    console.warn('receiver:', err.message);
    ${teardown}
  });
  return client;
}
`;
ruleTester.run("cleanup-dead-socket (end() then destroy() in the socket's own 'error' listener)", rule, {
  valid: [receiverLink('client.end();\n    client.destroy();')],
  invalid: [
    {
      code: receiverLink('client.end();'),
      output: receiverLink('client.destroy();'),
      errors: [{ messageId: 'endInErrorListener', line: 7, data: { socket: 'client', dropped: '' } }],
    },
  ],
});

/**
 * A receiver controlled over one telnet socket for the accessory's whole life; each HomeKit
 * characteristic sends a command through `command()`, which `listen` says where to listen from.
 */
const receiverCommands = (command: string, more = ''): string => `
const net = require('net');
function Receiver(log, host) {
  this.log = log;
  this.client = new net.Socket();
  this.client.connect(23, host);
  this.client.on('error', (err) => log(err.message));${more}
}
Receiver.prototype.command = function (cmd) {
  ${command}
};
Receiver.prototype.setPower = function (on) { this.command(on ? 'PWON' : 'PWSTANDBY'); };
Receiver.prototype.setVolume = function (level) { this.command('MV' + level); };
module.exports = Receiver;
`;
const receiverCases = {
  valid: [
    // The reply listener is added once, where the socket is made.
    receiverCommands("this.client.write(cmd + '\\r');", "\n  this.client.on('data', (data) => log(String(data)));"),
    // One-time listeners go with their reply.
    receiverCommands("this.client.write(cmd + '\\r');\n  this.client.once('data', (data) => this.log(String(data)));"),
    // Each command connects a new socket: its listeners go with it.
    receiverCommands("this.client = net.connect(23, this.host);\n  this.client.on('data', (data) => this.log(String(data)));\n  this.client.write(cmd + '\\r');"),
    // The file takes the listener off again.
    receiverCommands("const onData = (data) => { this.client.off('data', onData); this.log(String(data)); };\n  this.client.on('data', onData);\n  this.client.write(cmd + '\\r');"),
  ],
  invalid: [
    {
      code: receiverCommands("this.client.write(cmd + '\\r');\n  this.client.on('data', (data) => this.log(String(data)));"),
      errors: [{ messageId: 'listenerPerCall' as const, line: 11, data: { method: 'command', event: 'data', socket: 'this.client' } }],
    },
  ],
};
ruleTester.run('cleanup-dead-socket (a listener added to the one socket on every call)', rule, receiverCases);
typedRuleTester.run('cleanup-dead-socket (a listener added to the one socket on every call, typed)', rule, receiverCases);

/**
 * Viewers kept in lists per port (`viewers[0]` for the front page); the 'close' listener walks
 * every port's list to take the connection out, under a key no name holds.
 */
const portViewers = (onClose: string): string => `
import { WebSocketServer } from 'ws';
const viewers = { 0: [] };
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (socket) => {
  viewers[0].push(socket);
  socket.on('error', () => socket.terminate());
  socket.on('close', () => {
    ${onClose}
  });
});
`;
ruleTester.run('cleanup-dead-socket (a connection taken out of every list of a collection by a loop over its keys)', rule, {
  valid: [portViewers("for (const port of Object.keys(viewers)) {\n      const index = viewers[port].indexOf(socket);\n      if (index > -1) viewers[port].splice(index, 1);\n    }")],
  invalid: [
    {
      // The loop only counts: nothing is taken out.
      code: portViewers("for (const port of Object.keys(viewers)) console.log(port, viewers[port].length);"),
      errors: [{ messageId: 'registryNotCleaned', line: 7, data: { socket: 'socket', collection: 'viewers[0]' } }],
    },
  ],
});

/**
 * A camera module whose ws 'close' listener reconnects on any code but 1000, and whose `destroy()`
 * closes with 1000: while the camera is away the socket is still connecting, and that close
 * arrives as 1006 (measured: test/live/ws-close-codes.live.test.ts).
 */
const cameraEvents = (close: string, retry = 'this.retry = setInterval(this.open.bind(this), 500);'): string => `
import { WebSocket } from 'ws';
export class CameraEvents {
  private ws?: WebSocket;
  private retry?: ReturnType<typeof setInterval>;
  constructor(private host: string) { this.open(); }
  open() {
    clearInterval(this.retry);
    this.ws = new WebSocket('ws://' + this.host + ':6790/');
    this.ws.on('error', (err) => console.warn(err.message));
    this.ws.on('close', (code) => {
      if (code !== 1000) ${retry}
    });
  }
  destroy() {
    clearInterval(this.retry);
    ${close}
  }
}
`;
const cameraCases = {
  valid: [
    // Closed only once open: then the code is 1000 and the listener leaves it closed.
    cameraEvents('if (this.ws?.readyState === WebSocket.OPEN) this.ws.close(1000);'),
    // The listener tests something else than the code: a flag the close sets.
    cameraEvents('this.stopped = true;\n    this.ws?.close(1000);', 'if (!this.stopped) this.retry = setInterval(this.open.bind(this), 500);'),
  ],
  invalid: [
    {
      code: cameraEvents('if (this.ws !== undefined) this.ws.close(1000);'),
      errors: [{ messageId: 'reconnectsOwnCloseConnecting' as const, line: 17, data: { method: 'destroy', socket: 'this.ws' } }],
    },
  ],
};
ruleTester.run("cleanup-dead-socket (a ws close listener that tells its own close by the code 1000)", rule, cameraCases);
typedRuleTester.run("cleanup-dead-socket (a ws close listener that tells its own close by the code 1000, typed)", rule, cameraCases);
