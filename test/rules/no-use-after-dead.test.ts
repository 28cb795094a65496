import path from 'node:path';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { InferMessageIdsTypeFromRule, InferOptionsTypeFromRule } from '@typescript-eslint/utils/eslint-utils';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import rule from '../../rules/no-use-after-dead.js';
import { DEFAULT_STRICT_SOCKET_NAME_PATTERN } from '../../src/socket.js';
import { fixturesDir, ruleTester, typedRuleTester } from '../rule-tester.js';
import { repoRoot } from '../support/docs.js';

type Options = InferOptionsTypeFromRule<typeof rule>;
type MessageIds = InferMessageIdsTypeFromRule<typeof rule>;

// Every case runs twice: syntax only, and with type information (which must not change the answer).
/**
 * A CONNECT-style relay whose upstream's connect callback writes a reply to the client under
 * `if (clientSocket.writable)`, after a loop running `loopBody`; `write` is what stands before the write.
 */
const guardedReply = (loopBody: string, write = ''): string => `
import net from 'node:net';
net.createServer((clientSocket) => {
  const upstream = net.connect(5432, '127.0.0.1', () => {
    if (clientSocket.writable) {
      const reply = Buffer.alloc(10);
      for (let i = 0; i < 4; i++) ${loopBody}
      ${write}clientSocket.write(reply);
    } else {
      upstream.end();
    }
  });
  upstream.on('error', () => clientSocket.destroy());
  clientSocket.on('error', () => upstream.destroy());
});
`;

/** A terminal client whose 'data' listener passes what it reads through `answerQueries()`, whose body is `answer`. */
const terminal = (answer: string): string => `
const net = require('net');
class Terminal {
  open(port, reply) {
    this.reply = reply;
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
    this.socket.on('end', () => { this.closed = true; });
    this.socket.on('data', (chunk) => this.print(this.answerQueries(chunk.toString())));
  }
  answerQueries(text) {
${answer}
  }
  print(text) {
    process.stdout.write(text);
  }
}
module.exports = Terminal;
`;

/**
 * A relay whose link's 'close' listener moves `state` off `OPEN` to `closed` (and drops its queue);
 * its heartbeat writes only while `state` is `OPEN`; `write` is what stands before the write.
 */
const heartbeat = (closed: string, write = ''): string => `
import net from 'node:net';
export class Relay {
  open(port) {
    this.state = this.OPEN;
    this.queue = [];
    this.link = net.connect(port);
    this.link.on('error', () => {});
    this.link.on('close', () => {
      this.state = ${closed};
      this.queue = null;
    });
  }
  beat() {
    if (this.state === this.OPEN) ${write}this.link.write('PING\\n');
  }
}
Relay.prototype.OPEN = 1;
Relay.prototype.CLOSED = 3;
`;

/** An HTTP/2 upload stream kept in a field that 'close' sets to null; `send()` tests `getter` first. */
const uplink = (getter: string): string => `
import http2 from 'node:http2';
export class Uplink {
  _stream: http2.ClientHttp2Stream | null = null;
  queue: string[] = [];
  ${getter}
  send(chunk: string) {
    if (this.ready) this._stream.write(chunk);
  }
  open(url: string) {
    const session = http2.connect(url);
    session.on('error', () => session.destroy());
    this._stream = session.request({ ':path': '/' });
    this._stream.on('error', () => {});
    this._stream.on('close', () => { this._stream = null; });
  }
}
`;

/** A queue client whose quit() writes a goodbye (after `guard`, if any), then `destroy` (a statement) ends the socket. */
const goodbye = (destroy: string, guard = ''): string => `
import { Socket } from 'node:net';
export class Queue {
  constructor(port) {
    this.socket = new Socket();
    this.socket.on('error', () => { this.ready = false; });
    this.socket.connect(port);
  }
  quit() {
    ${guard}this.socket.write('quit\\r\\n');
    ${destroy}
  }
}
`;

/** A lamp client whose 'error' and 'close' listeners mark it offline; `method` is its last method. */
const lamp = (method: string): string => `
import net from 'node:net';
export class Lamp {
  connect(port) {
    this.conn = net.connect(port, '127.0.0.1');
    this.conn.on('error', () => { this.online = false; });
    this.conn.on('close', () => { this.online = false; });
  }
  ${method}
}
`;

/**
 * A log shipper whose socket's 'error' listener flushes the queue with a loop; `refill` runs in the
 * loop before each write.
 */
const flushOnError = (refill = ''): string => `
import net from 'node:net';
const queue: string[] = [];
let socket = net.connect(5000, '127.0.0.1');
socket.on('error', () => {
  while (queue.length > 0) {
    ${refill}socket.write(queue.shift()!);
  }
});
`;

/**
 * A line client whose farewell goes through a helper: `bye()` writes to the module's socket unless
 * `guard` stops it first; the 'error' listener says goodbye.
 */
const farewell = (guard = ''): string => `
import net from 'node:net';
const socket = net.connect(6000, '127.0.0.1');
function bye() {
  ${guard}socket.write('BYE\\r\\n');
}
socket.on('error', (err) => {
  console.warn(err.message);
  bye();
});
`;

/** A session kicked with `kill()` on its socket, then told why through a method that writes. */
const kickedSession = (kill: string): string => `
import net from 'node:net';
export class Session {
  private socket = net.connect(6000, '127.0.0.1');
  kick(reason: string) {
    this.socket.${kill}();
    this.notify(reason);
  }
  private notify(reason: string) {
    this.socket.write(\`KICKED \${reason}\\n\`);
  }
}
`;

/**
 * A log shipper that reconnects: `open()` refills the module's `socket` and listens to the new one;
 * `onError` is the body of its 'error' listener.
 */
const reconnectingShipper = (onError: string): string => `
import net from 'node:net';
const queue: string[] = [];
let socket: net.Socket;
function drain() {
  while (queue.length > 0) socket.write(queue.shift()!);
}
function open() {
  socket = net.connect(5000, '127.0.0.1');
  socket.on('connect', drain);
  socket.on('error', () => { ${onError} });
  socket.on('close', () => setTimeout(open, 1000));
}
open();
`;

/**
 * An IRC-style client that paces its lines through a queue which alone calls `send()`; `onClose`
 * ends the socket's 'close' listener.
 */
const pacedClient = (onClose: string, guard = ''): string => `
import net from 'node:net';
export class Paced {
  constructor() {
    this.up = false;
    this.queue = new Pacer(50, this.send.bind(this));
  }
  open(port) {
    this.sock = net.connect(port);
    this.sock.on('connect', () => { this.up = true; });
    this.sock.on('error', (err) => console.warn(err.message));
    this.sock.on('close', () => { this.up = false; ${onClose} });
  }
  say(line) {
    if (this.up) this.queue(line);
  }
  send(line) {
    ${guard}this.sock.write(line);
  }
}
`;

/**
 * A pool connection of a pre-ES2015 class that reconnects from its socket's own 'error' listener;
 * `make` is how `connect()` fills `this.socket` before it sets the socket up and writes.
 */
const reconnectingPool = (make: string): string => `
const net = require('node:net');
const tls = require('node:tls');
function Connection(port, host, secure) {
  this.port = port;
  this.host = host;
  this.secure = secure;
}
Connection.prototype.connect = function () {
  var self = this;
  ${make}
  this.socket.on('error', function (err) {
    console.warn('pool connection failed:', err.message);
    self.connect();
  });
  this.socket.setKeepAlive(true);
  this.socket.write('hello\\n');
};
module.exports = Connection;
`;

/**
 * A SOCKS-like server that dials the target from a helper (retried on failure) and, once the
 * target is up, answers the client and joins the two; `onClose` is what it does when the client closes.
 */
const socksDial = (onClose: string): string => `
const net = require('net');
net.createServer((client) => {
  let target = null;
  client.on('error', () => { if (target) target.destroy(); });
  client.once('data', (greeting) => dial(String(greeting), 0));
  function dial(address, tries) {
    const [host, port] = address.split(':');
    target = net.connect(Number(port), host, () => {
      client.write('OK\\n');
      target.pipe(client);
      client.pipe(target);
    });
    target.on('error', () => { if (tries < 3) setTimeout(() => dial(address, tries + 1), 1000); });
    ${onClose}
  }
}).listen(1080);
`;

/**
 * A two-seat game server that turns a third player away in an `if`; `turnAway` is that branch's
 * body. Without a `return` there, the code after it seats the player it just let go.
 */
const gameSeats = (turnAway: string): string => `
import net from 'node:net';
const seats: net.Socket[] = [];
net.createServer((player) => {
  player.on('error', () => {});
  player.on('close', () => seats.splice(seats.indexOf(player), 1));
  if (seats.length === 2) {
    ${turnAway}
  }
  seats.push(player);
  player.write('welcome\\n');
}).listen(7000);
`;

const valid: (string | ValidTestCase<Options>)[] = [
  // The branch leaves after turning the player away: the rest seats only players it kept.
  gameSeats("player.end('full\\n');\n    return;"),
  // Guarded after the branch (a liveness check), or the name given a new socket: nothing dead is used.
  `
import net from 'node:net';
export function greet(socket: net.Socket, banned: boolean) {
  socket.on('error', () => {});
  if (banned) socket.destroy();
  if (!socket.destroyed) socket.write('hello\\n');
}
`,
  `
import net from 'node:net';
export function redial(port: number, link: net.Socket, stale: boolean) {
  if (stale) link.destroy();
  link = net.connect(port);
  link.on('error', () => {});
  link.write('hello\\n');
}
`,
  // end() leaves reading and the socket's options to work: only writes fail after it.
  `
import net from 'node:net';
export function drain(socket: net.Socket, done: boolean) {
  socket.on('error', () => {});
  if (done) socket.end();
  socket.setTimeout(0);
}
`,
  ...[
    // end(), endGracefully() and resetAndDestroy() on a socket that is still connecting do not
    // cancel its connect callback (measured on Node 20: the callback runs once the connection is
    // up); only destroy() does. The callback then writes to a client that has closed: a write to a
    // destroyed socket fails in its callback only, with no 'error' (test/live/dead-socket-calls.live.test.ts),
    // and the upstream, ended, closes once it is up. Nothing crashes and nothing stays open.
    "clientSocket.on('close', () => void endGracefully(upstream, { timeoutMs: 1000 }));",
    "clientSocket.on('close', () => upstream.end());",
    "clientSocket.on('close', () => upstream.resetAndDestroy());",
  ].map(
    (stop) => `
import http from 'node:http';
import net from 'node:net';
import { endGracefully } from 'eslint-plugin-socket-errors/codes';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket) => {
  const upstream = net.connect(443, 'example.test', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
  });
  ${stop}
  upstream.on('error', () => clientSocket.destroy());
});
`,
  ),
  // A SOCKS server that dials the target in a helper: the client's 'close' listener, added next to
  // the dial, ends the target; the reply written in the connect callback to a client that left is lost quietly.
  socksDial("client.on('close', () => { if (target) target.end(); });"),
  // The queue is stopped when the socket closes, and lines reach it only while the flag is up.
  pacedClient('this.queue.stop();'),
  // The listener opens a new connection first: \`socket\` is the new one when drain() writes.
  reconnectingShipper('open(); drain();'),
  // The helper checks the socket first: nothing is written to a dead one.
  farewell('if (socket.destroyed) return;\n  '),
  farewell('if (socket.writable) '),
  // A goodbye right before destroy(): on a dead socket there is nobody to say it to, and nothing is emitted.
  goodbye('this.socket.destroy();'),
  // The write is checked through a getter of the class that tests the field first.
  uplink('get ready() { return this._stream && this._stream.writable; }'),
  // The 'close' listener sets the state to a constant the prototype holds: the heartbeat's test is a check.
  heartbeat('this.CLOSED'),
  // The write's callback reads its error: on a socket that closed meanwhile it gets
  // ERR_STREAM_DESTROYED, so the loss is heard, not silent.
  `
import net from 'node:net';
export class MailClient {
  connect(port) {
    this.state = { loggedIn: false };
    this.state.conn = net.connect(port);
    this.state.conn.on('close', () => { this.state.loggedIn = false; });
  }
  command(line) {
    this.state.conn.write(line + '\\r\\n', (err) => {
      if (err) this.fail(err);
    });
  }
}
`,
    // A socket field whose 'close' listener clears a flag the writer tests first.
    `
import net from 'node:net';
export class Feed {
  connected = false;
  socket = net.connect(7000);
  constructor() {
    this.socket.on('connect', () => { this.connected = true; });
    this.socket.on('close', () => { this.connected = false; });
  }
  publish(line) {
    if (!this.connected) return;
    this.socket.write(line + '\\n');
  }
}
`,
    // The field is read with `?.` and its own 'data' listener answers while it is alive; the
    // reconnect writes right after it created the new socket.
    `
import net from 'node:net';
export class Feed {
  constructor(port) {
    this.port = port;
    this.reconnect();
  }
  reconnect() {
    this.socket = net.connect(this.port);
    this.socket.write('HELLO\\n');
    this.socket.on('data', () => this.socket.write('ACK\\n'));
    this.socket.on('error', () => { this.socket = null; });
  }
  publish(line) {
    this.socket?.write(line + '\\n');
  }
}
`,
    // The 'close' listener clears the field through two calls of the file: the null test tells a
    // dead socket, as does a test of the flag next to it.
    `
import net from 'node:net';
export class StatsClient {
  connect(port) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.on('close', () => this.onClose());
    this.socket = socket;
  }
  onClose() { this.connected = false; this.teardown(); }
  teardown() { this.socket = null; }
  send(metric) {
    if (!this.socket) return;
    this.socket.write(metric + '\\n');
  }
  sendWhenUp(metric) {
    if (!this.socket || !this.connected) return;
    this.socket.write(metric + '\\n');
  }
}
`,
    // A socket a function of the file dials and returns: its own 'data' listener answers while it
    // is alive, and the sender tests `writable` behind the null test.
    `
import net from 'node:net';
export class Link {
  #socket?: net.Socket;
  #ready = false;
  async open(port: number) {
    this.#socket = await this.#dial(port);
  }
  async #dial(port: number): Promise<net.Socket> {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.on('close', () => { this.#ready = false; });
    socket.on('data', () => this.#socket?.write('ACK'));
    return socket;
  }
  send(line: string) {
    if (!this.#socket || !this.#socket.writable) return;
    this.#socket.write(line);
  }
}
`,
    // A death listener that only logs tracks nothing: there is no state to check before writing.
    `
import net from 'node:net';
export class Feed {
  socket = net.connect(7000);
  constructor() {
    this.socket.on('close', () => console.log('feed closed'));
  }
  publish(line) {
    this.socket.write(line + '\\n');
  }
}
`,
    // Writes before destroy() are fine: the socket is still open.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.write('bye\\n');
  socket.destroy();
});
`,
    // destroy() on one branch only, with a liveness check before the write: reached alive on the other path.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.length > 65536) socket.destroy();
    if (!socket.destroyed) socket.write('ok\\n');
  });
});
`,
    // A liveness guard after destroy() (the destroy is on a path that returned).
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.length > 65536) {
      socket.destroy();
      return;
    }
    socket.write('ok\\n');
  });
});
`,
    // The 'close' listener reconnects the same socket before writing: it is alive again.
    `
import net from 'node:net';
const socket = new net.Socket();
socket.on('error', () => {});
socket.on('close', () => {
  socket.connect(6379, '127.0.0.1');
  socket.write('PING\\r\\n');
});
socket.connect(6379, '127.0.0.1');
`,
    // end() without data after destroy is a no-op, not I/O.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {
    socket.end();
  });
});
`,
    // An 'error' listener that only logs: nothing is written.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => console.error('client failed', err.message));
});
`,
    // Guarded by writable inside the listener of another socket's error.
    `
import net from 'node:net';
net.createServer((clientSocket) => {
  const upstream = net.connect(5432, '127.0.0.1');
  upstream.on('error', () => {
    if (clientSocket.writable) clientSocket.end('upstream unavailable\\n');
  });
  clientSocket.on('error', () => upstream.destroy());
});
`,
    // The guard holds across a loop that does nothing to any socket (it fills the reply).
    guardedReply('reply[i] = 0;'),
    // The only caller of answerQueries() is the socket's own 'data' listener, and String#replace
    // runs its callback before it returns: the write happens while the socket is still reading.
    terminal(`    return text.replace(/\\x1b\\[c/g, () => {
      this.socket.write(this.reply);
      return '';
    });`),
    // Node's documented 'clientError' guard.
    `
import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    return;
  }
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
`,
    // A parse error leaves the socket open: answering 431 in that branch is what Node expects.
    `
import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('clientError', (err, socket) => {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    socket.end('HTTP/1.1 431 Request Header Fields Too Large\\r\\n\\r\\n');
    return;
  }
  socket.destroy();
});
`,
    // The connect callback writes to the client socket, but the client's 'close' destroys the
    // upstream, so the callback never runs once the client is gone.
    `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, 'example.test', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  clientSocket.on('close', () => upstream.destroy());
  upstream.on('error', () => clientSocket.destroy());
});
`,
    // The connect callback checks the client first.
    `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket) => {
  const upstream = net.connect(443, 'example.test', () => {
    if (clientSocket.destroyed) return upstream.destroy();
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
  });
  upstream.on('error', () => clientSocket.destroy());
});
`,
    // The upstream's 'error' listener answers 502 only when nothing was sent yet.
    `
import http from 'node:http';
http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502);
    res.end('Bad gateway');
  });
  req.pipe(upstream);
});
`,
    // A flag set where the headers are sent guards the 502, as \`res.headersSent\` would: the
    // upstream's 'error' listener answers only while \`gotResponse\` is still false.
    `
import http from 'node:http';
export function forward(req: http.IncomingMessage, res: http.ServerResponse) {
  let gotResponse = false;
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    gotResponse = true;
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    if (gotResponse) {
      res.destroy();
    } else {
      res.writeHead(502);
      res.end();
    }
  });
  req.pipe(upstream);
}
`,
    // Nothing else writes to res, so headers cannot have been sent before the upstream failed.
    `
import http from 'node:http';
http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: 8080 });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end('Bad gateway');
  });
  upstream.end();
});
`,
    // Not known to be a socket (a WebSocket wrapper): the rule does not guess.
    `
function attach(ws) {
  ws.on('close', () => {
    ws.write('bye');
  });
}
`,
    // A reconnecting client: the 'close' listener calls a method that may replace this.socket.
    `
import net from 'node:net';
class Client {
  constructor() {
    this.socket = net.connect(6379, '127.0.0.1');
    this.socket.on('close', () => {
      this.reconnect();
      this.socket.write('HELLO\\r\\n');
    });
  }
  reconnect() {
    this.socket = net.connect(6379, '127.0.0.1');
  }
}
`,
    // A let variable that another function replaces is not followed after destroy().
    `
import net from 'node:net';
let conn = net.connect(6379, '127.0.0.1');
function reopen() { conn = net.connect(6379, '127.0.0.1'); }
function restart() {
  conn.destroy();
  reopen();
  conn.write('PING\\r\\n');
}
`,
    // A nested callback created in the 'close' listener runs later: not followed (precision first).
    `
import net from 'node:net';
const socket = net.connect(6379, '127.0.0.1');
socket.on('error', () => {});
socket.on('close', () => {
  setTimeout(() => {
    socket.connect(6379, '127.0.0.1');
  }, 1000);
});
`,
    // writableEnded and a guard kept in a const count too.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {
    const open = !socket.destroyed;
    if (open) socket.write('bye');
    if (!socket.writableEnded) socket.setNoDelay(true);
  });
});
`,
    // A check the rule cannot read (readyState) still counts as a guard.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {
    if (socket.readyState === 'open') socket.write('bye');
  });
});
`,
    // Loops: a loop that gives the socket a new value forgets its death at its head.
    flushOnError("socket = net.connect(5000, '127.0.0.1');\n    "),
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.destroy();
  for (const line of ['a', 'b']) {
    socket = net.connect(1, '127.0.0.1');
    socket.write(line);
  }
});
`,
    // A guard read through optional chaining counts too (it is what the suggestion writes).
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', () => {
    if (socket?.writable) socket?.write('bye');
    if (!socket?.destroyed) socket.setNoDelay(true);
  });
});
`,
    // Writes before end() are fine; after it, reading and the socket options still work (a
    // half-closed connection can still receive), and end() without data is a no-op.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.write('bye\\n');
  socket.end();
  socket.setTimeout(5000);
  socket.resume();
  socket.end();
});
`,
    // end() on one branch only, a liveness guard after end(), and a reconnect after end().
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.includes('QUIT')) socket.end('bye\\n');
    if (socket.writable) socket.write('ok\\n');
  });
  socket.on('timeout', () => {
    socket.end();
    if (socket.writable) socket.write('late\\n');
  });
});
const client = new net.Socket();
client.on('error', () => {});
client.end();
client.connect(6379, '127.0.0.1');
client.write('PING\\r\\n');
`,
    // endGracefully() after the last write, and on a path of its own.
    `
import net from 'node:net';
import { endGracefully } from 'eslint-plugin-socket-errors/codes';
net.createServer(async (socket) => {
  socket.on('error', () => {});
  socket.write('BYE\\n');
  await endGracefully(socket, { timeoutMs: 1000 });
  socket.setTimeout(0);
});
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    if (chunk.includes('QUIT')) {
      void endGracefully(socket, { timeoutMs: 1000 });
      return;
    }
    socket.write(chunk);
  });
});
`,
    // A project's own endGracefully may do anything: only the helper imported from our module counts.
    `
import net from 'node:net';
async function endGracefully(socket, options) {
  console.log('draining', socket.remoteAddress, options.timeoutMs);
}
net.createServer(async (socket) => {
  socket.on('error', () => {});
  await endGracefully(socket, { timeoutMs: 1000 });
  socket.write('still open\\n');
});
`,
    `
import net from 'node:net';
import { endGracefully } from './shutdown.js';
net.createServer(async (socket) => {
  socket.on('error', () => {});
  await endGracefully(socket, { timeoutMs: 1000 });
  socket.write('still open\\n');
});
`,
    // 'clientError' option off: only known-dead sockets are reported.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('clientError', (err, socket) => {
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
`,
      options: [{ reportMayBeDead: false }],
    },
    // Without the name pattern, a helper's parameter is not known to be a socket.
    `
function abort(socket) {
  socket.destroy();
  socket.write('late');
}
`,
    // A log forwarder that dials once and reuses its socket: a 'close' listener also clears the
    // field, so a null test tells a closed socket from a live one.
    `
import net from 'node:net';
export function LogForwarder(port) { this.port = port; this.link = null; }
LogForwarder.prototype.connect = function (onReady) {
  var self = this;
  if (self.link === null) {
    self.link = net.connect(self.port, '127.0.0.1', onReady);
    self.link.on('error', function () { self.link = null; });
    self.link.on('close', function () { self.link = null; });
  } else {
    setImmediate(onReady);
  }
};
LogForwarder.prototype.send = function (line) {
  var self = this;
  self.connect(function () { if (self.link) self.link.write(line); });
};
`,
    // The reuse branch asks the socket itself whether it can still write before it picks it again.
    `
import net from 'node:net';
export function LogForwarder(port) { this.port = port; this.link = null; }
LogForwarder.prototype.connect = function (onReady) {
  var self = this;
  if (self.link === null) {
    self.link = net.connect(self.port, '127.0.0.1', onReady);
    self.link.on('error', function () { self.link = null; });
  } else if (!self.link.writable) {
    self.link.destroy();
    self.link = null;
    self.connect(onReady);
  } else {
    setImmediate(onReady);
  }
};
LogForwarder.prototype.send = function (line) {
  var self = this;
  self.connect(function () { if (self.link) self.link.write(line); });
};
`,
  // Calls that do nothing loud on a destroyed socket (no throw, no event) cannot fail on a client
  // that may have left while the backend connected.
  `
import net from 'node:net';
net.createServer((clientSocket) => {
  const backend = net.connect(5432, '127.0.0.1', () => {
    clientSocket.setNoDelay(true);
    clientSocket.setKeepAlive(true, 30000);
    clientSocket.resume();
  });
  backend.on('error', () => clientSocket.destroy());
});
`,
  // A tunnel: the remote's 'close' listener (given by name) ends the local connection, so the local
  // one closes once connected; piping the remote that left meanwhile leaves nothing open.
  `
import net from 'node:net';
export function tunnel(remotePort, localPort, rewrite) {
  const remote = net.connect(remotePort, 'tunnel.example');
  remote.on('error', () => remote.destroy());
  remote.once('connect', () => {
    const local = net.connect({ host: 'localhost', port: localPort });
    const onRemoteClose = () => local.end();
    remote.once('close', onRemoteClose);
    local.once('error', () => remote.removeListener('close', onRemoteClose));
    local.once('connect', () => {
      remote.resume();
      let stream = remote;
      if (rewrite) stream = remote.pipe(rewrite);
      stream.pipe(local).pipe(remote);
    });
  });
}
`,
  // The write two calls down from the check: the queue's sender tests the field before it calls
  // the packer, which calls the writer in the same tick (no await, no callback between them).
  `
import net from 'node:net';
export class LogSender {
  open(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => { this.socket.destroy(); this.socket = null; });
    this.socket.on('close', () => { this.socket = null; });
  }
  send() {
    if (!this.socket) return;
    if (this.socket.writable) this.pack();
    else setTimeout(() => { if (this.socket) this.pack(); }, 100);
  }
  pack() {
    const record = JSON.stringify({ at: Date.now() });
    this.writeOut(record);
  }
  writeOut(record) {
    this.socket.write(record + '\\n');
  }
}
`,
  // The same forwarder over UDP: the null test opens a datagram socket, which has no peer to
  // close it cleanly; the field holds a TCP socket only on another path.
  `
import dgram from 'node:dgram';
import net from 'node:net';
export function LogForwarder(port, udp) { this.port = port; this.udp = udp; this.link = null; }
LogForwarder.prototype.connect = function () {
  var self = this;
  if (self.udp) {
    if (!self.link) {
      self.link = dgram.createSocket('udp4').on('listening', function () { self.ready = true; });
      self.link.on('error', function (err) { console.error(err); });
      self.link.bind();
    }
    return;
  }
  self.link = net.connect(self.port, '127.0.0.1');
  self.link.on('error', function () { self.link.destroy(); self.link = null; });
};
LogForwarder.prototype.send = function (line) {
  this.connect();
  if (this.link && !this.udp) this.link.write(line);
};
`,
  // A proxy session: the write runs only in the 'data' listener of the internal connection, which
  // the client's 'close' listener (a bound method) destroys; a destroyed stream emits no more data.
  `
import net from 'node:net';
export class Session {
  constructor(client: net.Socket) {
    this.client = client;
    this.client.on('error', () => {});
    this.client.on('close', this.onClientClose.bind(this));
  }
  start(port) {
    this.inner = net.createConnection(port, '127.0.0.1');
    this.inner.on('error', () => {});
    this.inner.on('data', this.onInnerData.bind(this));
  }
  onInnerData(data) { this.client.write(data); }
  onClientClose() {
    this.closed = true;
    if (this.inner) this.inner.destroy();
  }
}
`,
  // A keep-alive ping reached only from an interval that the 'close' listener stops.
  `
const net = require('net');
class Device {
  connect(port) {
    this.link = net.connect(port, '127.0.0.1');
    this.link.on('error', () => this.link.destroy());
    this.link.on('close', () => this.stop());
    this.link.on('connect', () => this.begin());
  }
  begin() {
    this.up = true;
    this.pinger = setInterval(async () => { await this.ping(); }, 10000);
  }
  async ping() { this.link.write('PING\\n'); }
  stop() {
    this.up = false;
    clearInterval(this.pinger);
  }
}
module.exports = Device;
`,
  // The request first calls the method that reconnects unless the field holds a live socket.
  `
import net from 'node:net';
export class Probe {
  constructor(port) { this.port = port; this.conn = null; }
  ensure() {
    if (this.conn && !this.conn.destroyed) return;
    this.conn = net.connect(this.port, '127.0.0.1');
    this.conn.on('error', () => { this.conn = null; });
  }
  request(line) {
    this.ensure();
    this.conn.write(line + '\\r\\n');
  }
}
`,
  // `end()` given only a callback sends nothing: the promise's resolve, or a parameter named as a
  // callback. (On a socket a reset destroyed, `end(cb)` still calls `cb`, with ERR_STREAM_DESTROYED.)
  lamp('disconnect() {\n    return new Promise((resolve) => this.conn.end(resolve as any));\n  }'),
  lamp('quit(done) {\n    this.conn.end(done);\n  }'),
  // The helper the 'error' listener calls makes a new socket for the field on every path before it
  // sets it up and writes: the dead one is not touched.
  reconnectingPool('if (this.secure) {\n    this.socket = tls.connect(this.port, this.host);\n  } else {\n    this.socket = net.connect(this.port, this.host);\n  }'),
  // Fields keyed by the module's constants: two constants are two fields, and a key a parameter
  // holds may name any field.
  `
const net = require('node:net');
const { kSocket, kSpare } = require('./symbols');
class Link {
  swap() {
    this[kSocket].destroy();
    this[kSpare].write('hello');
  }
  drop(key) {
    this[key].destroy();
    this[key === 'a' ? 'b' : 'a'].write('hello');
  }
}
module.exports = Link;
`,
];

/** A sender that checks its field, then calls a packer that awaits before the writer writes. */
const awaitingPacker = (write: string): string => `
import net from 'node:net';
export class LogSender {
  open(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', () => { this.socket.destroy(); this.socket = null; });
  }
  send() {
    if (this.socket?.writable) void this.pack();
  }
  async pack() {
    const record = await compress({ at: Date.now() });
    this.writeOut(record);
  }
  writeOut(record) {
    ${write}
  }
}
`;

/** A link that keeps its socket under a symbol the module imports, and writes after destroying it. */
const SYMBOL_LINK = `
import net from 'node:net';
import { kSocket } from './symbols';
export class Link {
  open(port) {
    this[kSocket] = net.connect(port, '127.0.0.1');
    this[kSocket].on('error', () => {});
  }
  close() {
    this[kSocket].destroy();
    this[kSocket].write('bye');
  }
}
`;

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // destroy() on one branch that goes on: the path through it writes to the destroyed socket
    // (the other path is alive, which the path analysis alone would take for enough).
    code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.length > 65536) socket.destroy();
    socket.write('ok\\n');
  });
});
`,
    errors: [
      {
        messageId: 'afterStopInBranch',
        line: 6,
        data: { name: 'socket', method: 'write', stop: 'destroy', line: '5', outcome: 'cannot reach the peer' },
        suggestions: [{ messageId: 'returnAfterStop', data: { stop: 'destroy' }, output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.length > 65536) { socket.destroy(); return; }
    socket.write('ok\\n');
  });
});
` }],
      },
    ],
  },
  {
    // No `return` after turning the third player away: it is seated and greeted anyway.
    code: gameSeats("player.write('full\\n');\n    player.destroy();"),
    errors: [
      {
        messageId: 'afterStopInBranch',
        line: 12,
        data: { name: 'player', method: 'write', stop: 'destroy', line: '9', outcome: 'cannot reach the peer' },
        suggestions: [{ messageId: 'returnAfterStop', data: { stop: 'destroy' }, output: gameSeats("player.write('full\\n');\n    player.destroy();\n    return;") }],
      },
    ],
  },
  {
    // end() in a one-statement branch: the write after it is a write after end, an 'error' of its own.
    code: `
import net from 'node:net';
export function answer(socket: net.Socket, busy: boolean) {
  socket.on('error', () => {});
  if (busy) socket.end('busy\\n');
  socket.write('ready\\n');
}
`,
    errors: [
      {
        messageId: 'afterStopInBranch',
        line: 6,
        data: { name: 'socket', method: 'write', stop: 'end', line: '5', outcome: 'fails (write after end)' },
        suggestions: [
          {
            messageId: 'returnAfterStop',
            data: { stop: 'end' },
            output: `
import net from 'node:net';
export function answer(socket: net.Socket, busy: boolean) {
  socket.on('error', () => {});
  if (busy) { socket.end('busy\\n'); return; }
  socket.write('ready\\n');
}
`,
          },
        ],
      },
    ],
  },
  {
    // The branch logs after the stop: the suggested return comes last, after the log.
    code: gameSeats("player.destroy();\n    console.info('turned a player away');"),
    errors: [
      {
        messageId: 'afterStopInBranch',
        line: 12,
        suggestions: [{ messageId: 'returnAfterStop', data: { stop: 'destroy' }, output: gameSeats("player.destroy();\n    console.info('turned a player away');\n    return;") }],
      },
    ],
  },
  {
    // In a loop, a `return` would leave more than this turn: reported, with nothing suggested.
    code: `
import net from 'node:net';
export function pump(socket: net.Socket, chunks: Buffer[]) {
  for (const chunk of chunks) {
    if (socket.writableLength > 1e6) socket.destroy();
    socket.write(chunk);
  }
}
`,
    errors: [{ messageId: 'afterStopInBranch', line: 6, suggestions: [] }],
  },
  {
    // The client's 'close' listener only logs: nothing stops the target, which the connect callback
    // then joins to a client that is gone (the pipe ends nothing): the target stays open.
    code: socksDial("client.on('close', () => console.log('client left'));"),
    errors: [
      {
        messageId: 'whileConnecting',
        line: 10,
        data: { name: 'client', method: 'write', detail: 'target' },
        suggestions: [
          {
            messageId: 'guardUse',
            data: { method: 'write', guard: 'client.writable' },
            output: socksDial("client.on('close', () => console.log('client left'));").replace("      client.write(", "      if (client.writable) client.write("),
          },
        ],
      },
    ],
  },
  // The same client whose queue runs on after the close: a queued line goes to a dead socket.
  {
    code: pacedClient(''),
    errors: [{ messageId: 'fieldMayBeDead', line: 18, suggestions: [{ messageId: 'guardUse', output: pacedClient('', 'if (this.sock.writable) ') }] }],
  },
  // The variable still holds the socket that failed: the drain writes every queued line into it.
  {
    code: reconnectingShipper('drain();'),
    errors: [{ messageId: 'deadInHelper', line: 11, data: { name: 'socket', detail: "in its own 'error' listener", helper: 'drain', method: 'write' } }],
  },
  // The socket is destroyed in its own 'error' listener: the helper's write is lost.
  {
    code: farewell(),
    errors: [{ messageId: 'deadInHelper', line: 9, data: { name: 'socket', detail: "in its own 'error' listener", helper: 'bye', method: 'write' } }],
  },
  // Destroyed on this path, then a method of the class writes to the same field.
  ...['destroy', 'resetAndDestroy'].map((kill) => ({
    code: kickedSession(kill),
    errors: [{ messageId: 'deadInHelper' as const, line: 7, data: { name: 'this.socket', detail: `destroyed by \`${kill}()\``, helper: 'this.notify', method: 'write' } }],
  })),
  // A dead socket stays dead however often a loop turns: each write of the flush is lost.
  {
    code: flushOnError(),
    errors: [
      {
        messageId: 'inDeadListener',
        data: { name: 'socket', method: 'write', detail: 'error' },
        line: 7,
        suggestions: [
          {
            messageId: 'guardUse',
            data: { method: 'write', guard: 'socket.writable' },
            output: flushOnError().replace('socket.write(', 'if (socket.writable) socket.write('),
          },
        ],
      },
    ],
  },
  // \`end()\` given a parameter that is not named as a callback sends it as data: it may be lost.
  {
    code: lamp('bye(farewell) {\n    this.conn.end(farewell);\n  }'),
    errors: [
      {
        messageId: 'fieldMayBeDead',
        line: 10,
        suggestions: [{ messageId: 'guardUse', output: lamp('bye(farewell) {\n    if (this.conn.writable) this.conn.end(farewell);\n  }') }],
      },
    ],
  },
  // The same goodbye, destroyed only later: the write may still be lost on a socket that died.
  {
    code: goodbye('setTimeout(() => this.socket.destroy(), 100);'),
    errors: [
      {
        messageId: 'fieldMayBeDead',
        line: 10,
        suggestions: [
          {
            messageId: 'guardUse',
            output: goodbye('setTimeout(() => this.socket.destroy(), 100);', 'if (this.socket.writable) '),
          }
        ],
      },
    ],
  },
  // The getter tests something else: after 'close' the write meets a null field.
  {
    code: uplink('get ready() { return this.queue.length > 0; }'),
    errors: [
      {
        messageId: 'fieldNulled',
        data: { name: 'this._stream', method: 'write', detail: 'close' },
        suggestions: [
          {
            messageId: 'guardUse',
            data: { method: 'write', guard: 'this._stream?.writable' },
            output: uplink('get ready() { return this.queue.length > 0; }').replace('if (this.ready) this', 'if (this.ready) if (this._stream?.writable) this'),
          },
        ],
      },
    ],
  },
  {
    // The same with a value that is no constant (a lower-case member): the test proves nothing.
    code: heartbeat('this.closedState'),
    errors: [
      {
        messageId: 'fieldMayBeDead',
        line: 15,
        data: { name: 'this.link', method: 'write', detail: 'close' },
        suggestions: [
          { messageId: 'guardUse', data: { method: 'write', guard: 'this.link.writable' }, output: heartbeat('this.closedState', 'if (this.link.writable) ') },
        ],
      },
    ],
  },
    {
      // `self` holds `this` in a class method: `self.socket` is the class's socket.
      code: `
import net from 'node:net';
export class Feed {
  stop() {
    const self = this;
    self.socket.destroy();
    self.socket.write('bye\\n');
  }
  start(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  }
}
`,
      errors: [
        {
          messageId: 'afterDestroy',
          line: 7,
          data: { name: 'self.socket', method: 'write', detail: 'destroy' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'self.socket.writable' },
              output: `
import net from 'node:net';
export class Feed {
  stop() {
    const self = this;
    self.socket.destroy();
    if (self.socket.writable) self.socket.write('bye\\n');
  }
  start(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => {});
  }
}
`,
            },
          ],
        },
      ],
    },
    // The same check two calls up, but the packer awaits before it writes: by then the socket
    // may have died and its field been set to null.
    {
      code: awaitingPacker('this.socket.write(record);'),
      errors: [
        {
          messageId: 'fieldNulled',
          data: { name: 'this.socket', method: 'write', detail: 'error' },
          suggestions: [
            { messageId: 'guardUse', data: { method: 'write', guard: 'this.socket?.writable' }, output: awaitingPacker('if (this.socket?.writable) this.socket.write(record);') },
          ],
        },
      ],
    },
    // The 'error' listener sets the field to null; a queued flush writes to it later unchecked.
    {
      code: `
import net from 'node:net';
export function Sender(port) { this.port = port; this.conn = null; this.queue = []; }
Sender.prototype.open = function () {
  var self = this;
  self.conn = net.connect(self.port, '127.0.0.1', function () { self.flush(); });
  self.conn.on('error', function () { self.conn.destroy(); self.conn = null; });
};
Sender.prototype.flush = function () {
  var self = this;
  var item = self.queue.shift();
  if (item === undefined) return;
  self.conn.write(item);
  setImmediate(function () { self.flush(); });
};
`,
      errors: [
        {
          messageId: 'fieldNulled',
          data: { name: 'self.conn', method: 'write', detail: 'error' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'self.conn?.writable' },
              output: `
import net from 'node:net';
export function Sender(port) { this.port = port; this.conn = null; this.queue = []; }
Sender.prototype.open = function () {
  var self = this;
  self.conn = net.connect(self.port, '127.0.0.1', function () { self.flush(); });
  self.conn.on('error', function () { self.conn.destroy(); self.conn = null; });
};
Sender.prototype.flush = function () {
  var self = this;
  var item = self.queue.shift();
  if (item === undefined) return;
  if (self.conn?.writable) self.conn.write(item);
  setImmediate(function () { self.flush(); });
};
`,
            },
          ],
        },
      ],
    },
    // The socket gets its 'close' listener before it is stored; the listener sets a flag and
    // leaves the field as it is, so the sender's null test passes on the dead socket.
    {
      code: `
import net from 'node:net';
export class StatsClient {
  connect(port) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.on('close', () => { this.connected = false; });
    this.socket = socket;
    this.connected = true;
  }
  send(metric) {
    if (!this.socket) return;
    this.socket.write(metric + '\\n');
  }
}
`,
      errors: [
        {
          messageId: 'fieldNullChecked',
          data: { name: 'this.socket', method: 'write', detail: 'close' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'this.socket.writable' },
              output: `
import net from 'node:net';
export class StatsClient {
  connect(port) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.on('close', () => { this.connected = false; });
    this.socket = socket;
    this.connected = true;
  }
  send(metric) {
    if (!this.socket) return;
    if (this.socket.writable) this.socket.write(metric + '\\n');
  }
}
`,
            },
          ],
        },
      ],
    },
    // A batch writer behind a null test: the socket a function of the file dialled and returned
    // has listeners that only note its death in a flag, so a dead socket stays in the field.
    {
      code: `
import net from 'node:net';
export class Link {
  #socket?: net.Socket;
  #ready = false;
  async open(port: number) {
    this.#socket = await this.#dial(port);
    this.#ready = true;
  }
  async #dial(port: number): Promise<net.Socket> {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', (err) => this.#lost(err));
    socket.once('close', () => this.#lost(new Error('closed')));
    return socket;
  }
  #lost(err: Error) {
    this.#ready = false;
    console.error(err);
  }
  send(chunks: string[]) {
    if (!this.#socket) return;
    this.#socket.cork();
    for (const chunk of chunks) this.#socket.write(chunk);
    this.#socket.uncork();
  }
}
`,
      errors: [
        {
          messageId: 'fieldNullChecked',
          data: { name: 'this.#socket', method: 'write', detail: 'error' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'this.#socket.writable' },
              output: `
import net from 'node:net';
export class Link {
  #socket?: net.Socket;
  #ready = false;
  async open(port: number) {
    this.#socket = await this.#dial(port);
    this.#ready = true;
  }
  async #dial(port: number): Promise<net.Socket> {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', (err) => this.#lost(err));
    socket.once('close', () => this.#lost(new Error('closed')));
    return socket;
  }
  #lost(err: Error) {
    this.#ready = false;
    console.error(err);
  }
  send(chunks: string[]) {
    if (!this.#socket) return;
    this.#socket.cork();
    for (const chunk of chunks) if (this.#socket.writable) this.#socket.write(chunk);
    this.#socket.uncork();
  }
}
`,
            },
          ],
        },
      ],
    },
    // A callback that ignores the error hears nothing of the loss.
    {
      code: `
import net from 'node:net';
export class MailClient {
  connect(port) {
    this.state = { loggedIn: false };
    this.state.conn = net.connect(port);
    this.state.conn.on('close', () => { this.state.loggedIn = false; });
  }
  command(line, next) {
    this.state.conn.write(line + '\\r\\n', () => next());
  }
}
`,
      errors: [
        {
          messageId: 'fieldMayBeDead',
          data: { name: 'this.state.conn', method: 'write', detail: 'close' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'this.state.conn.writable' },
              output: `
import net from 'node:net';
export class MailClient {
  connect(port) {
    this.state = { loggedIn: false };
    this.state.conn = net.connect(port);
    this.state.conn.on('close', () => { this.state.loggedIn = false; });
  }
  command(line, next) {
    if (this.state.conn.writable) this.state.conn.write(line + '\\r\\n', () => next());
  }
}
`,
            },
          ],
        },
      ],
    },
    // The 'close' listener marks the client logged out, but the command writer checks only its
    // queue: after the server hung up, the command is written into a closed socket and lost.
    {
      code: `
import net from 'node:net';
export class MailClient {
  connect(port) {
    this.state = { loggedIn: false, queue: [] };
    this.state.conn = net.connect(port);
    this.state.conn.on('close', () => { this.state.loggedIn = false; });
  }
  command(line) {
    this.state.queue.push(line);
    if (this.state.queue.length > 1) return;
    this.state.conn.write(line + '\\r\\n');
  }
}
`,
      errors: [
        {
          messageId: 'fieldMayBeDead',
          data: { name: 'this.state.conn', method: 'write', detail: 'close' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'this.state.conn.writable' },
              output: `
import net from 'node:net';
export class MailClient {
  connect(port) {
    this.state = { loggedIn: false, queue: [] };
    this.state.conn = net.connect(port);
    this.state.conn.on('close', () => { this.state.loggedIn = false; });
  }
  command(line) {
    this.state.queue.push(line);
    if (this.state.queue.length > 1) return;
    if (this.state.conn.writable) this.state.conn.write(line + '\\r\\n');
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.includes('QUIT')) {
      socket.destroy();
      socket.write('bye\\n');
    }
  });
});
`,
      errors: [
        {
          messageId: 'afterDestroy',
          line: 7,
          data: { name: 'socket', method: 'write', detail: 'destroy' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk.includes('QUIT')) {
      socket.destroy();
      if (socket.writable) socket.write('bye\\n');
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // resetAndDestroy() too, and every I/O method of a socket.
      code: `
import net from 'node:net';
const socket = net.connect(80, '127.0.0.1');
socket.on('error', () => {});
socket.resetAndDestroy();
socket.setKeepAlive(true, 1000);
`,
      errors: [
        {
          messageId: 'afterDestroy',
          data: { name: 'socket', method: 'setKeepAlive', detail: 'resetAndDestroy' },
          // Not a write: `destroyed` is what tells whether the socket options still apply.
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'setKeepAlive', guard: '!socket.destroyed' },
              output: `
import net from 'node:net';
const socket = net.connect(80, '127.0.0.1');
socket.on('error', () => {});
socket.resetAndDestroy();
if (!socket.destroyed) socket.setKeepAlive(true, 1000);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', () => {
    socket.write('goodbye\\n');
  });
});
`,
      errors: [
        {
          messageId: 'inDeadListener',
          data: { name: 'socket', method: 'write', detail: 'close' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', () => {
    if (socket.writable) socket.write('goodbye\\n');
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // The socket is already destroyed when 'error' fires; end() with data drops the data.
      code: `
import net from 'node:net';
net.createServer((clientSocket) => {
  clientSocket.on('error', (err) => {
    clientSocket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
  });
});
`,
      errors: [
        {
          messageId: 'inDeadListener',
          data: { name: 'clientSocket', method: 'end', detail: 'error' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'end', guard: 'clientSocket.writable' },
              output: `
import net from 'node:net';
net.createServer((clientSocket) => {
  clientSocket.on('error', (err) => {
    if (clientSocket.writable) clientSocket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // A guard on the error code does not revive a socket inside its own 'error' listener.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => {
    if (err.code !== 'ECONNRESET') socket.setNoDelay(true);
  });
});
`,
      errors: [
        {
          messageId: 'inDeadListener',
          data: { name: 'socket', method: 'setNoDelay', detail: 'error' },
          // The use is the whole body of an `if` without `else`: a second `if` there parses the same.
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'setNoDelay', guard: '!socket.destroyed' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => {
    if (err.code !== 'ECONNRESET') if (!socket.destroyed) socket.setNoDelay(true);
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // Listener given by reference: the function is only used there.
      code: `
import net from 'node:net';
const socket = net.connect(25, '127.0.0.1');
function onClose() {
  socket.pipe(process.stdout);
}
socket.on('error', () => {});
socket.on('close', onClose);
`,
      errors: [
        {
          messageId: 'inDeadListener',
          data: { name: 'socket', method: 'pipe', detail: 'close' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'pipe', guard: '!socket.destroyed' },
              output: `
import net from 'node:net';
const socket = net.connect(25, '127.0.0.1');
function onClose() {
  if (!socket.destroyed) socket.pipe(process.stdout);
}
socket.on('error', () => {});
socket.on('close', onClose);
`,
            },
          ],
        },
      ],
    },
    {
      // A branch that established a dead code for an error of the socket (write callback).
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.write('hello\\n', (err) => {
    if (err && (err.code === 'EPIPE' || err.code === 'ECONNRESET')) {
      socket.write('retrying\\n');
    }
  });
});
`,
      errors: [
        {
          messageId: 'deadCodeBranch',
          data: { name: 'socket', method: 'write', detail: 'EPIPE, ECONNRESET' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.write('hello\\n', (err) => {
    if (err && (err.code === 'EPIPE' || err.code === 'ECONNRESET')) {
      if (socket.writable) socket.write('retrying\\n');
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // The same through an early exit, and a switch.
      code: `
import { finished } from 'node:stream';
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  finished(socket, (err) => {
    if (!err || err.code !== 'ECONNRESET') return;
    socket.cork();
  });
  socket.end('bye', (err) => {
    switch (err?.code) {
      case 'EPIPE':
        socket.uncork();
        break;
      default:
        break;
    }
  });
});
`,
      errors: [
        {
          messageId: 'deadCodeBranch',
          data: { name: 'socket', method: 'cork', detail: 'ECONNRESET' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'cork', guard: 'socket.writable' },
              output: `
import { finished } from 'node:stream';
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  finished(socket, (err) => {
    if (!err || err.code !== 'ECONNRESET') return;
    if (socket.writable) socket.cork();
  });
  socket.end('bye', (err) => {
    switch (err?.code) {
      case 'EPIPE':
        socket.uncork();
        break;
      default:
        break;
    }
  });
});
`,
            },
          ],
        },
        {
          messageId: 'deadCodeBranch',
          data: { name: 'socket', method: 'uncork', detail: 'EPIPE' },
          // Inside a `case`: the guard goes in front of the statement, the `break` stays.
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'uncork', guard: 'socket.writable' },
              output: `
import { finished } from 'node:stream';
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  finished(socket, (err) => {
    if (!err || err.code !== 'ECONNRESET') return;
    socket.cork();
  });
  socket.end('bye', (err) => {
    switch (err?.code) {
      case 'EPIPE':
        if (socket.writable) socket.uncork();
        break;
      default:
        break;
    }
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // Writing to the 'clientError' socket without checking it is still writable.
      code: `
import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('clientError', (err, socket) => {
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
`,
      errors: [
        {
          messageId: 'clientErrorSocket',
          data: { name: 'socket', method: 'end', detail: 'clientError' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'end', guard: 'socket.writable' },
              output: `
import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.on('clientError', (err, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
`,
            },
          ],
        },
      ],
    },
    {
      // Excluding ECONNRESET alone still lets a destroyed socket through when the code is EPIPE.
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET') {
    socket.write('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
  }
});
`,
      errors: [
        {
          messageId: 'deadCodeBranch',
          data: { name: 'socket', method: 'write', detail: 'ECONNRESET' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET') {
    if (socket.writable) socket.write('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
  }
});
`,
            },
          ],
        },
      ],
    },
    ...[
      // However the destroy() and the write are spelled, one answer: a template-literal key and an
      // optional call are the same calls as `socket.destroy()` / `socket.write()`.
      ["socket.destroy();", "socket[`write`]('bye\\n');"],
      ["socket?.destroy();", "socket.write('bye\\n');"],
      ['socket[`destroy`]();', "socket.write('bye\\n');"],
    ].map(
      ([destroy, write]): InvalidTestCase<MessageIds, Options> => ({
        code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  ${destroy}
  ${write}
});
`,
        errors: [
          {
            messageId: 'afterDestroy',
            line: 6,
            data: { name: 'socket', method: 'write', detail: 'destroy' },
            suggestions: [
              {
                messageId: 'guardUse',
                data: { method: 'write', guard: 'socket.writable' },
                output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  ${destroy}
  if (socket.writable) ${write}
});
`,
              },
            ],
          },
        ],
      }),
    ),
    {
      // A CONNECT tunnel: the client may have gone while the upstream was connecting, and its reset
      // only logs (with a destroy of the upstream there, the shape is fine: see the greeting tunnel).
      code: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, 'example.test', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => clientSocket.destroy());
  clientSocket.on('error', (err) => console.warn(err.message));
});
`,
      errors: [
        {
          messageId: 'whileConnecting',
          line: 7,
          data: { name: 'clientSocket', method: 'write', detail: 'upstream' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'clientSocket.writable' },
              output: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, 'example.test', () => {
    if (clientSocket.writable) clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => clientSocket.destroy());
  clientSocket.on('error', (err) => console.warn(err.message));
});
`,
            },
          ],
        },
      ],
    },
    {
      // The client's 'close' listener that would stop the upstream is added only once the upstream
      // has connected: a client gone while it connected has emitted 'close' already.
      code: `
import net from 'node:net';
net.createServer((client) => {
  client.on('error', () => {});
  const upstream = net.connect(9000, '127.0.0.1', () => {
    client.write('ready');
    client.once('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  upstream.on('error', () => client.destroy());
});
`,
      errors: [
        {
          messageId: 'whileConnecting',
          line: 6,
          data: { name: 'client', method: 'write', detail: 'upstream' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'client.writable' },
              output: `
import net from 'node:net';
net.createServer((client) => {
  client.on('error', () => {});
  const upstream = net.connect(9000, '127.0.0.1', () => {
    if (client.writable) client.write('ready');
    client.once('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  upstream.on('error', () => client.destroy());
});
`,
            },
          ],
        },
      ],
    },
    {
      // The same answer sent from setImmediate(): it runs after the listener returns, when the
      // socket may have ended.
      code: terminal(`    if (text.includes('\\x1b[c')) setImmediate(() => this.socket.write(this.reply));
    return text;`),
      errors: [{ messageId: 'fieldMayBeDead', line: 12 }],
    },
    {
      // A loop that may end a socket between the guard and the write: what the guard proved is not
      // carried past it.
      code: guardedReply('if (reply[i]) upstream.end();'),
      errors: [
        {
          messageId: 'whileConnecting',
          line: 8,
          data: { name: 'clientSocket', method: 'write', detail: 'upstream' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'clientSocket.writable' },
              output: guardedReply('if (reply[i]) upstream.end();', 'if (clientSocket.writable) '),
            },
          ],
        },
      ],
    },
    {
      // The same with a 'connect' listener, piping the client that may have left: nothing ends the backend then.
      code: `
import net from 'node:net';
net.createServer((clientSocket) => {
  const backend = new net.Socket();
  backend.on('connect', () => {
    clientSocket.pipe(backend);
  });
  backend.on('error', () => clientSocket.destroy());
  backend.connect(5432, '127.0.0.1');
});
`,
      errors: [
        {
          messageId: 'whileConnecting',
          data: { name: 'clientSocket', method: 'pipe', detail: 'backend' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'pipe', guard: '!clientSocket.destroyed' },
              output: `
import net from 'node:net';
net.createServer((clientSocket) => {
  const backend = new net.Socket();
  backend.on('connect', () => {
    if (!clientSocket.destroyed) clientSocket.pipe(backend);
  });
  backend.on('error', () => clientSocket.destroy());
  backend.connect(5432, '127.0.0.1');
});
`,
            },
          ],
        },
      ],
    },
    {
      // The upstream failed; the client may already be gone, and a 502 into a tunnel is garbage anyway.
      code: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket) => {
  const upstream = net.connect(443, 'example.test');
  upstream.on('error', () => {
    clientSocket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
  });
  clientSocket.on('error', () => upstream.destroy());
});
`,
      errors: [
        {
          messageId: 'afterPeerError',
          data: { name: 'clientSocket', method: 'end', detail: 'upstream' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'end', guard: 'clientSocket.writable' },
              output: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket) => {
  const upstream = net.connect(443, 'example.test');
  upstream.on('error', () => {
    if (clientSocket.writable) clientSocket.end('HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n');
  });
  clientSocket.on('error', () => upstream.destroy());
});
`,
            },
          ],
        },
      ],
    },
    {
      // A proxy's upstream 'error' listener answering 502 after the response may have started.
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end('Bad gateway');
  });
  req.pipe(upstream);
});
`,
      errors: [
        {
          messageId: 'headersMaybeSent',
          line: 9,
          data: { name: 'res', method: 'writeHead', detail: 'upstream' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'writeHead', guard: '!res.headersSent' },
              output: `
import http from 'node:http';
http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end('Bad gateway');
  });
  req.pipe(upstream);
});
`,
            },
          ],
        },
      ],
    },
    {
      // A flag that the header-sending callback never sets does not say whether headers went out.
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  let closed = false;
  res.on('close', () => { closed = true; });
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    if (!closed) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
`,
      errors: [
        {
          messageId: 'headersMaybeSent',
          line: 11,
          data: { name: 'res', method: 'writeHead', detail: 'upstream' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'writeHead', guard: '!res.headersSent' },
              output: `
import http from 'node:http';
http.createServer((req, res) => {
  let closed = false;
  res.on('close', () => { closed = true; });
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => {
    if (!closed) if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
`,
            },
          ],
        },
      ],
    },
    {
      // One report per socket and function: the later writes repeat the same problem.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', (hadError) => {
    socket.write('a');
    socket.write('b');
  });
});
`,
      errors: [
        {
          messageId: 'inDeadListener',
          line: 5,
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', (hadError) => {
    if (socket.writable) socket.write('a');
    socket.write('b');
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // A guard before destroy() does not cover a write after it.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  if (!socket.writable) return;
  socket.destroy();
  socket.write('late');
});
`,
      errors: [
        {
          messageId: 'afterDestroy',
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  if (!socket.writable) return;
  socket.destroy();
  if (socket.writable) socket.write('late');
});
`,
            },
          ],
        },
      ],
    },
    {
      // destroy() on both branches: dead on every path.
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk[0] === 0) {
      socket.destroy();
    } else {
      socket.destroy(new Error('bad frame'));
    }
    socket.write('x');
  });
});
`,
      errors: [
        {
          messageId: 'afterDestroy',
          line: 10,
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', (chunk) => {
    if (chunk[0] === 0) {
      socket.destroy();
    } else {
      socket.destroy(new Error('bad frame'));
    }
    if (socket.writable) socket.write('x');
  });
});
`,
            },
          ],
        },
      ],
    },
    {
      // HTTP response destroyed, then written.
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  req.on('error', () => {});
  if (!req.headers.authorization) {
    res.destroy();
  }
  else return;
  res.setHeader('x-reason', 'denied');
});
`,
      errors: [
        {
          messageId: 'afterDestroy',
          data: { name: 'res', method: 'setHeader', detail: 'destroy' },
          // Headers: what throws is setting them once they are out (ERR_HTTP_HEADERS_SENT).
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'setHeader', guard: '!res.headersSent' },
              output: `
import http from 'node:http';
http.createServer((req, res) => {
  req.on('error', () => {});
  if (!req.headers.authorization) {
    res.destroy();
  }
  else return;
  if (!res.headersSent) res.setHeader('x-reason', 'denied');
});
`,
            },
          ],
        },
      ],
    },
    {
      // Strict: a helper's parameter named like a socket.
      code: `
function abort(socket) {
  socket.destroy();
  socket.write('late');
}
`,
      options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
      errors: [
        {
          messageId: 'afterDestroy',
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
function abort(socket) {
  socket.destroy();
  if (socket.writable) socket.write('late');
}
`,
            },
          ],
        },
      ],
    },
    // No suggestion when the use is not a whole statement, or when a new `if` would take an `else`.
    {
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', (hadError) => {
    const flushed = socket.write('bye\\n');
    console.log(flushed);
  });
  socket.on('error', (err) => {
    if (err.code === 'EPIPE') socket.write('reset\\n');
    else console.log(err);
  });
});
`,
      errors: [
        {
          messageId: 'inDeadListener',
          data: { name: 'socket', method: 'write', detail: 'close' },
          suggestions: [],
        },
        {
          messageId: 'deadCodeBranch',
          data: { name: 'socket', method: 'write', detail: 'EPIPE' },
          suggestions: [],
        },
      ],
    },
    // The statement is kept as written (optional call, comments); the guard reads the same way.
    {
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', () => {
    // say goodbye
    socket?.write('bye\\n' /* best effort */); // the trailing comment stays
  });
});
`,
      errors: [
        {
          messageId: 'inDeadListener',
          data: { name: 'socket', method: 'write', detail: 'close' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket?.writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('close', () => {
    // say goodbye
    if (socket?.writable) socket?.write('bye\\n' /* best effort */); // the trailing comment stays
  });
});
`,
            },
          ],
        },
      ],
    },
    // A parenthesized receiver keeps its parentheses in the guard.
    {
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.destroy();
  (socket as net.Socket).write('late');
});
`,
      errors: [
        {
          messageId: 'afterDestroy',
          data: { name: 'socket', method: 'write', detail: 'destroy' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: '(socket as net.Socket).writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.destroy();
  if ((socket as net.Socket).writable) (socket as net.Socket).write('late');
});
`,
            },
          ],
        },
      ],
    },
    // An HTTP response keeps `writable === true` even once destroyed: its guard is `destroyed`.
    {
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  res.on('close', () => {
    res.end('too late');
  });
});
`,
      errors: [
        {
          messageId: 'inDeadListener',
          data: { name: 'res', method: 'end', detail: 'close' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'end', guard: '!res.destroyed' },
              output: `
import http from 'node:http';
http.createServer((req, res) => {
  res.on('close', () => {
    if (!res.destroyed) res.end('too late');
  });
});
`,
            },
          ],
        },
      ],
    },
    // A write after end() fails with ERR_STREAM_WRITE_AFTER_END.
    {
      code: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.end('bye\\n');
  socket.write('one more thing\\n');
});
`,
      errors: [
        {
          messageId: 'afterEnd',
          data: { name: 'socket', method: 'write', detail: 'end' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => {});
  socket.end('bye\\n');
  if (socket.writable) socket.write('one more thing\\n');
});
`,
            },
          ],
        },
      ],
    },
    // endGracefully() ends the socket, as end() does.
    {
      code: `
import net from 'node:net';
import { endGracefully } from 'eslint-plugin-socket-errors/codes';
net.createServer(async (socket) => {
  socket.on('error', () => {});
  await endGracefully(socket, { timeoutMs: 1000 });
  socket.write('bye\\n');
});
`,
      errors: [
        {
          messageId: 'afterEnd',
          data: { name: 'socket', method: 'write', detail: 'endGracefully' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import net from 'node:net';
import { endGracefully } from 'eslint-plugin-socket-errors/codes';
net.createServer(async (socket) => {
  socket.on('error', () => {});
  await endGracefully(socket, { timeoutMs: 1000 });
  if (socket.writable) socket.write('bye\\n');
});
`,
            },
          ],
        },
      ],
    },
    // Not awaited, renamed: it calls socket.end() before it returns.
    {
      code: `
import net from 'node:net';
import { endGracefully as close } from 'eslint-plugin-socket-errors/codes';
net.createServer((socket) => {
  socket.on('error', () => {});
  close(socket, { timeoutMs: 1000 }).catch((err) => console.error(err));
  socket.end('BYE\\n');
});
`,
      errors: [
        {
          messageId: 'afterEnd',
          data: { name: 'socket', method: 'end', detail: 'endGracefully' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'end', guard: 'socket.writable' },
              output: `
import net from 'node:net';
import { endGracefully as close } from 'eslint-plugin-socket-errors/codes';
net.createServer((socket) => {
  socket.on('error', () => {});
  close(socket, { timeoutMs: 1000 }).catch((err) => console.error(err));
  if (socket.writable) socket.end('BYE\\n');
});
`,
            },
          ],
        },
      ],
    },
    // The CommonJS namespace form.
    {
      code: `
const codes = require('eslint-plugin-socket-errors/codes');
const net = require('node:net');
net.createServer((socket) => {
  socket.on('error', () => {});
  codes.endGracefully(socket, { timeoutMs: 1000 });
  socket.write('bye\\n');
});
`,
      errors: [
        {
          messageId: 'afterEnd',
          data: { name: 'socket', method: 'write', detail: 'endGracefully' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
const codes = require('eslint-plugin-socket-errors/codes');
const net = require('node:net');
net.createServer((socket) => {
  socket.on('error', () => {});
  codes.endGracefully(socket, { timeoutMs: 1000 });
  if (socket.writable) socket.write('bye\\n');
});
`,
            },
          ],
        },
      ],
    },
    // An ended response: `writableEnded` guards a write, `headersSent` a header (end() sent them).
    {
      code: `
import http from 'node:http';
http.createServer((req, res) => {
  res.end('ok');
  res.write('and more');
});
http.createServer((req, res) => {
  res.end();
  res.setHeader('x-late', '1');
});
`,
      errors: [
        {
          messageId: 'afterEnd',
          data: { name: 'res', method: 'write', detail: 'end' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: '!res.writableEnded' },
              output: `
import http from 'node:http';
http.createServer((req, res) => {
  res.end('ok');
  if (!res.writableEnded) res.write('and more');
});
http.createServer((req, res) => {
  res.end();
  res.setHeader('x-late', '1');
});
`,
            },
          ],
        },
        {
          messageId: 'afterEnd',
          data: { name: 'res', method: 'setHeader', detail: 'end' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'setHeader', guard: '!res.headersSent' },
              output: `
import http from 'node:http';
http.createServer((req, res) => {
  res.end('ok');
  res.write('and more');
});
http.createServer((req, res) => {
  res.end();
  if (!res.headersSent) res.setHeader('x-late', '1');
});
`,
            },
          ],
        },
      ],
    },
    // A log forwarder clears its socket field only when the socket errors: a collector that closes
    // the connection cleanly emits no 'error', so the null test keeps picking the closed socket.
    {
      code: `
import net from 'node:net';
export function LogForwarder(port) { this.port = port; this.link = null; }
LogForwarder.prototype.connect = function (onReady) {
  var self = this;
  if (self.link === null) {
    self.link = net.connect(self.port, '127.0.0.1', onReady);
    self.link.on('error', function () { self.link.destroy(); self.link = null; });
  } else {
    setImmediate(onReady);
  }
};
LogForwarder.prototype.send = function (line) {
  var self = this;
  self.connect(function () { if (self.link) self.link.write(line); });
};
`,
      errors: [{ messageId: 'fieldReusedAfterClose', data: { name: 'self.link', detail: 'error' }, line: 6 }],
    },
    // The same in a class with a private field, and a negated test.
    {
      code: `
import net from 'node:net';
export class MetricsLink {
  #socket = null;
  constructor(port) { this.port = port; }
  send(line) {
    if (!this.#socket) {
      this.#socket = net.connect(this.port, '127.0.0.1');
      this.#socket.on('error', () => { this.#socket = undefined; });
    }
    this.#socket.write(line);
  }
}
`,
      errors: [{ messageId: 'fieldReusedAfterClose', data: { name: 'this.#socket', detail: 'error' }, line: 7 }],
    },
    // The helper keeps the field when it is set: in the 'error' listener it is the dead socket.
    {
      code: reconnectingPool('if (!this.socket) this.socket = net.connect(this.port, this.host);'),
      errors: [{ messageId: 'deadInHelper', line: 14, data: { name: 'this.socket', detail: "in its own 'error' listener", helper: 'self.connect', method: 'setKeepAlive' } }],
    },
    // A field keyed by a symbol the module imports (`this[kSocket]`) is one field like `this.socket`.
    {
      code: SYMBOL_LINK,
      errors: [
        {
          messageId: 'afterDestroy',
          line: 11,
          data: { name: 'this[kSocket]', method: 'write', detail: 'destroy' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'this[kSocket].writable' },
              output: SYMBOL_LINK.replace("    this[kSocket].write('bye');", "    if (this[kSocket].writable) this[kSocket].write('bye');"),
            },
          ],
        },
      ],
    },
];

ruleTester.run('no-use-after-dead', rule, { valid, invalid });

/** Cases only types can tell; their code and every suggested output also compile (checked below). */
const typedInvalid: InvalidTestCase<MessageIds, Options>[] = [
    {
      // Types reach a helper's parameter that syntax alone cannot see.
      code: `
import type { Socket } from 'node:net';
export function reject(socket: Socket, reason: string): void {
  socket.destroy();
  socket.write(reason);
}
`,
      errors: [
        {
          messageId: 'afterDestroy',
          data: { name: 'socket', method: 'write', detail: 'destroy' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import type { Socket } from 'node:net';
export function reject(socket: Socket, reason: string): void {
  socket.destroy();
  if (socket.writable) socket.write(reason);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
export function watch(upstream: Socket, res: ServerResponse): void {
  upstream.pipe(res);
  upstream.on('error', () => {
    res.setHeader('retry-after', '1');
  });
}
`,
      errors: [
        {
          messageId: 'headersMaybeSent',
          data: { name: 'res', method: 'setHeader', detail: 'upstream' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'setHeader', guard: '!res.headersSent' },
              output: `
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
export function watch(upstream: Socket, res: ServerResponse): void {
  upstream.pipe(res);
  upstream.on('error', () => {
    if (!res.headersSent) res.setHeader('retry-after', '1');
  });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { connect } from 'node:tls';
const secure = connect({ host: '127.0.0.1', port: 8443 });
secure.on('close', () => {
  secure.setTimeout(1000);
});
`,
      errors: [
        {
          messageId: 'inDeadListener',
          data: { name: 'secure', method: 'setTimeout', detail: 'close' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'setTimeout', guard: '!secure.destroyed' },
              output: `
import { connect } from 'node:tls';
const secure = connect({ host: '127.0.0.1', port: 8443 });
secure.on('close', () => {
  if (!secure.destroyed) secure.setTimeout(1000);
});
`,
            },
          ],
        },
      ],
    },
    {
      // Types reach a helper's parameter, and endGracefully() ends it.
      code: `
import type { Socket } from 'node:net';
import { endGracefully } from 'eslint-plugin-socket-errors/codes';
export async function quit(socket: Socket): Promise<void> {
  await endGracefully(socket, { timeoutMs: 1_000 });
  socket.write('BYE\\n');
}
`,
      errors: [
        {
          messageId: 'afterEnd',
          data: { name: 'socket', method: 'write', detail: 'endGracefully' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: 'socket.writable' },
              output: `
import type { Socket } from 'node:net';
import { endGracefully } from 'eslint-plugin-socket-errors/codes';
export async function quit(socket: Socket): Promise<void> {
  await endGracefully(socket, { timeoutMs: 1_000 });
  if (socket.writable) socket.write('BYE\\n');
}
`,
            },
          ],
        },
      ],
    },
    {
      // A destroyed response: `destroyed`, since its `writable` stays true.
      code: `
import type { IncomingMessage, ServerResponse } from 'node:http';
export function deny(req: IncomingMessage, res: ServerResponse): void {
  res.destroy();
  res.write(\`denied: \${req.url ?? '/'}\`);
}
`,
      errors: [
        {
          messageId: 'afterDestroy',
          data: { name: 'res', method: 'write', detail: 'destroy' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: '!res.destroyed' },
              output: `
import type { IncomingMessage, ServerResponse } from 'node:http';
export function deny(req: IncomingMessage, res: ServerResponse): void {
  res.destroy();
  if (!res.destroyed) res.write(\`denied: \${req.url ?? '/'}\`);
}
`,
            },
          ],
        },
      ],
    },
    {
      // An ended client request: `writableEnded`.
      code: `
import http from 'node:http';
export function post(body: string): void {
  const request = http.request({ host: '127.0.0.1', port: 8080, method: 'POST' });
  request.on('error', (err) => console.error(err));
  request.end(body);
  request.write('\\n');
}
`,
      errors: [
        {
          messageId: 'afterEnd',
          data: { name: 'request', method: 'write', detail: 'end' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'write', guard: '!request.writableEnded' },
              output: `
import http from 'node:http';
export function post(body: string): void {
  const request = http.request({ host: '127.0.0.1', port: 8080, method: 'POST' });
  request.on('error', (err) => console.error(err));
  request.end(body);
  if (!request.writableEnded) request.write('\\n');
}
`,
            },
          ],
        },
      ],
    },
    {
      // A type named in socketTypes that has no \`writable\`: no guard that would not compile.
      code: `
import { EventEmitter } from 'node:events';
class Tunnel extends EventEmitter {
  destroy(): void {}
  write(_chunk: string): boolean {
    return true;
  }
}
export function close(tunnel: Tunnel): void {
  tunnel.destroy();
  tunnel.write('bye');
}
`,
      options: [{ socketTypes: [{ from: 'file', name: 'Tunnel' }] }],
      errors: [{ messageId: 'afterDestroy', data: { name: 'tunnel', method: 'write', detail: 'destroy' }, suggestions: [] }],
    },
];

typedRuleTester.run('no-use-after-dead (typed)', rule, {
  valid: [
    ...valid,
    // A typed helper that only logs.
    `
import type { Socket } from 'node:net';
export function onError(socket: Socket, err: Error): void {
  console.error(socket.remoteAddress, err.message);
}
`,
    // Typed: destroyed on one branch, guarded afterwards.
    `
import type { Socket } from 'node:net';
export function reply(socket: Socket, line: string): void {
  if (line === 'QUIT') socket.destroy();
  if (socket.destroyed) return;
  socket.write(line);
}
`,
    // A user type called Socket is not Node's socket.
    `
class Socket { destroy(): void {} write(_line: string): void {} }
export function run(socket: Socket): void {
  socket.destroy();
  socket.write('x');
}
`,
    // A typed local endGracefully is not ours.
    `
import type { Socket } from 'node:net';
async function endGracefully(socket: Socket, options: { timeoutMs: number }): Promise<void> {
  socket.setTimeout(options.timeoutMs);
}
export async function drain(socket: Socket): Promise<void> {
  await endGracefully(socket, { timeoutMs: 1_000 });
  socket.write('still open\\n');
}
`,
  ],
  invalid: [...invalid, ...typedInvalid],
});

/**
 * A suggestion must leave code that still compiles: each typed-only case, and every output its
 * suggestions produce, is type-checked with @types/node under `strict` (the options of
 * test/fixtures/tsconfig.json), our helpers' module resolved to its source.
 */
describe('no-use-after-dead: the suggested guards type-check', () => {
  const files = new Map<string, string>();
  typedInvalid.forEach((testCase, index) => {
    files.set(path.join(fixturesDir, `typed-case-${index}.ts`), testCase.code);
    testCase.errors.forEach((error, errorIndex) => {
      (error.suggestions ?? []).forEach((suggestion, suggestionIndex) => {
        files.set(path.join(fixturesDir, `typed-case-${index}-${errorIndex}-${suggestionIndex}.ts`), suggestion.output);
      });
    });
  });

  it(`compiles the ${files.size} programs (cases and suggested outputs) without errors`, () => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      paths: { 'eslint-plugin-socket-errors/codes': [path.join(repoRoot, 'src/codes.ts')] },
    };
    const base = ts.createCompilerHost(options);
    const host: ts.CompilerHost = {
      ...base,
      fileExists: (name) => files.has(name) || base.fileExists(name),
      readFile: (name) => files.get(name) ?? base.readFile(name),
      getSourceFile: (name, languageVersion, ...rest) => {
        const text = files.get(name);
        return text === undefined ? base.getSourceFile(name, languageVersion, ...rest) : ts.createSourceFile(name, text, languageVersion, true);
      },
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const errors = [...files.keys()].flatMap((name) =>
      ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => `${path.basename(name)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
    );
    expect(errors).toEqual([]);
    expect(files.size).toBeGreaterThan(typedInvalid.length);
  });
});

// A recording proxy: it answers from its upstream response's 'end' listener, once the whole body
// is in (the request emits no 'error' after that, even on a reset: test/live/response-ends.live.test.ts),
// and a dropped request is answered before the upstream request is made. Neither can precede the
// upstream 'error' listener's 502. A gateway timeout that answers while the upstream is pending can.
const recordingProxy = (extra: string): string => `
import http from 'node:http';
http.createServer((req, res) => {
  if (req.url === '/drop') {
    res.writeHead(499);
    res.end('dropped');
    return;
  }
  const upstream = http.request({ host: '127.0.0.1', port: 8080, path: req.url }, (upstreamRes) => {
    const chunks = [];
    upstreamRes.on('data', (chunk) => chunks.push(chunk));
    upstreamRes.on('end', () => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      res.end(Buffer.concat(chunks));
    });
  });
  upstream.on('error', () => {
    res.writeHead(502);
    res.end('Bad gateway');
  });
${extra}
  upstream.end();
});
`;

ruleTester.run("no-use-after-dead (headers sent after the upstream response's 'end', or before the upstream is made)", rule, {
  valid: [recordingProxy('')],
  invalid: [
    {
      code: recordingProxy("  setTimeout(() => {\n    res.writeHead(504);\n    res.end('Gateway timeout');\n  }, 5000);"),
      errors: [
        {
          messageId: 'headersMaybeSent',
          line: 18,
          data: { name: 'res', method: 'writeHead', detail: 'upstream' },
          suggestions: [
            {
              messageId: 'guardUse',
              data: { method: 'writeHead', guard: '!res.headersSent' },
              output: recordingProxy("  setTimeout(() => {\n    res.writeHead(504);\n    res.end('Gateway timeout');\n  }, 5000);").replace('    res.writeHead(502);', '    if (!res.headersSent) res.writeHead(502);'),
            },
          ],
        },
      ],
    },
  ],
});

// A TCP proxy that pipes the client into its backend once the backend connects, and destroys the
// backend from the client's 'error' listener. A client that left cleanly meanwhile has ended, and
// the pipe ends the backend (measured in test/live/dead-socket-calls.live.test.ts); one that failed
// ran its 'error' listener, whose destroy() cancels the connect callback: nothing is left open.
const pipingProxy = (onClientError: string, lang: 'js' | 'ts' = 'js'): string => `
import net from 'node:net';
net.createServer((client${lang === 'ts' ? ': net.Socket' : ''}) => {
  const backend = net.createConnection(5432, '127.0.0.1');
  backend.once('connect', () => {
    client.pipe(backend);
    backend.pipe(client);
  });
  backend.on('error', () => client.destroy());
  client.on('error', () => ${onClientError});
});
`;

// Ending the backend there does not cancel its connect callback, but the pipe of the failed client
// is quiet and the backend closes once connected (measured: test/live/dead-socket-calls.live.test.ts).
// A listener that only logs leaves the backend open: the failed client never ends it through the pipe.
const pipingProxyReported = (lang: 'js' | 'ts' = 'js') => {
  const code = pipingProxy("console.warn('client failed')", lang);
  return {
    code,
    errors: [
      {
        messageId: 'whileConnecting' as const,
        line: 6,
        data: { name: 'client', method: 'pipe', detail: 'backend' },
        suggestions: [{ messageId: 'guardUse' as const, data: { method: 'pipe', guard: '!client.destroyed' }, output: code.replace('    client.pipe(backend);', '    if (!client.destroyed) client.pipe(backend);') }],
      },
    ],
  };
};
ruleTester.run("no-use-after-dead (a client piped into its backend, whose 'error' listener destroys or ends the backend)", rule, {
  valid: [pipingProxy('backend.destroy()'), pipingProxy('backend.end()')],
  invalid: [pipingProxyReported()],
});
typedRuleTester.run("no-use-after-dead (a client piped into its backend, whose 'error' listener destroys or ends the backend, typed)", rule, {
  valid: [pipingProxy('backend.destroy()', 'ts'), pipingProxy('backend.end()', 'ts')],
  invalid: [pipingProxyReported('ts')],
});

// `setTimeout(0)` in the socket's own 'error' listener only turns its idle timer off: a no-op on a
// destroyed socket (measured: test/live/dead-socket-calls.live.test.ts), and no I/O.
const panelSession = (onError: string): string => `
import net from 'node:net';
export function openSession(port: number, host: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = new net.Socket();
    socket.setTimeout(5000);
    socket.once('error', (err) => {
      ${onError}
      socket.removeAllListeners();
      reject(err);
    });
    socket.once('ready', () => resolve(socket));
    socket.connect(port, host);
  });
}
`;

const disarmCases = {
  valid: [panelSession('socket.setTimeout(0);')],
  invalid: [
    {
      code: panelSession("socket.write('BYE\\r\\n');"),
      errors: [
        {
          messageId: 'inDeadListener' as const,
          line: 8,
          data: { name: 'socket', method: 'write', detail: 'error' },
          suggestions: [{ messageId: 'guardUse' as const, data: { method: 'write', guard: 'socket.writable' }, output: panelSession("if (socket.writable) socket.write('BYE\\r\\n');") }],
        },
      ],
    },
  ],
};
ruleTester.run("no-use-after-dead (the idle timer turned off in the socket's own 'error' listener)", rule, disarmCases);
typedRuleTester.run("no-use-after-dead (the idle timer turned off in the socket's own 'error' listener, typed)", rule, disarmCases);

// A tunnel whose client may leave while the upstream connects: the client's listener ends the
// upstream, its connect callback still runs, and a write there emits ERR_STREAM_WRITE_AFTER_END
// (measured: test/live/dead-socket-calls.live.test.ts).
const endedTunnel = (onClose: string, use = 'upstream.write(head);'): string => `
import net from 'node:net';
import http from 'node:http';
http.createServer().on('connect', (req, client, head) => {
  client.on('error', () => client.destroy());
  const upstream = net.connect(443, 'example.com', () => {
    client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    ${use}
    upstream.pipe(client).pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  ${onClose}
});
`;
const relayCode = (use = 'upstream.write(greeting);'): string => `
import net from 'node:net';
export function relay(client: net.Socket, port: number, greeting: string): void {
  const upstream = new net.Socket();
  upstream.once('connect', () => {
    ${use}
    upstream.pipe(client);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.end());
  client.on('error', () => client.destroy());
  upstream.connect(port, '127.0.0.1');
}
`;
const endsUpstream = "client.on('close', () => upstream.end());";
const endedTunnelCases = {
  valid: [
    // destroy() cancels the connect callback; resetAndDestroy() waits for the connect and ends nothing.
    endedTunnel("client.on('close', () => upstream.destroy());"),
    endedTunnel("client.on('close', () => upstream.resetAndDestroy());"),
    // The callback looks first: at the client, at a flag the listener sets, or at the upstream.
    endedTunnel(endsUpstream, 'if (client.destroyed) return upstream.destroy();\n    upstream.write(head);'),
    endedTunnel("let gone = false;\n  client.on('close', () => {\n    gone = true;\n    upstream.end();\n  });", 'if (gone) return;\n    upstream.write(head);'),
    endedTunnel(endsUpstream, 'if (upstream.writable) upstream.write(head);'),
    // A listener added once connected cannot have run before.
    endedTunnel("client.on('close', () => upstream.destroy());", "client.on('end', () => upstream.end());\n    upstream.write(head);"),
    // The client's 'close' follows its 'end' or 'error' at once, and destroys the upstream first.
    endedTunnel("client.on('end', () => upstream.end());\n  client.on('close', () => upstream.destroy());"),
  ],
  invalid: [
    {
      code: endedTunnel(endsUpstream),
      errors: [
        {
          messageId: 'endedWhileConnecting' as const,
          line: 8,
          data: { name: 'upstream', method: 'write', peer: 'client', event: 'close', line: '12' },
          suggestions: [{ messageId: 'guardUse' as const, data: { method: 'write', guard: 'upstream.writable' }, output: endedTunnel(endsUpstream, 'if (upstream.writable) upstream.write(head);') }],
        },
      ],
    },
    {
      // A half-close of the client, passed on with destroySoon(), and the head sent with end().
      code: endedTunnel("client.on('end', () => upstream.destroySoon());", 'upstream.end(head);'),
      errors: [
        {
          messageId: 'endedWhileConnecting' as const,
          line: 8,
          data: { name: 'upstream', method: 'end', peer: 'client', event: 'end', line: '12' },
          suggestions: [
            {
              messageId: 'guardUse' as const,
              data: { method: 'end', guard: 'upstream.writable' },
              output: endedTunnel("client.on('end', () => upstream.destroySoon());", 'if (upstream.writable) upstream.end(head);'),
            },
          ],
        },
      ],
    },
    {
      // The same with a 'connect' listener on a socket made first and connected after.
      code: relayCode(),
      errors: [
        {
          messageId: 'endedWhileConnecting' as const,
          line: 6,
          data: { name: 'upstream', method: 'write', peer: 'client', event: 'error', line: '10' },
          suggestions: [{ messageId: 'guardUse' as const, data: { method: 'write', guard: 'upstream.writable' }, output: relayCode('if (upstream.writable) upstream.write(greeting);') }],
        },
      ],
    },
  ],
};
ruleTester.run("no-use-after-dead (a write in the connect callback of a socket another listener may have ended)", rule, endedTunnelCases);
typedRuleTester.run("no-use-after-dead (a write in the connect callback of a socket another listener may have ended, typed)", rule, endedTunnelCases);

// A CONNECT tunnel that greets the client, then pipes it into the upstream, and whose client
// 'error' listener (a shared teardown helper) destroys the upstream: a client that failed while the
// upstream connected cancelled the callback; one that sent a FIN is still writable (an HTTP
// server's sockets are half-open), takes the greeting, and the pipe ends the upstream (measured).
const greetingTunnel = (pipes: string, teardown = 'upstream.destroy();'): string => `
import http from 'node:http';
import net from 'node:net';
http.createServer().on('connect', (req, client, head) => {
  const upstream = net.connect(443, 'example.com', () => {
    client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    ${pipes}
  });
  const teardown = () => {
    try { client.destroy(); } catch {}
    try { ${teardown} } catch {}
  };
  upstream.on('error', teardown);
  client.on('error', teardown);
});
`;
const greetingReported = (code: string) => ({
  code,
  errors: [
    {
      messageId: 'whileConnecting' as const,
      line: 6,
      data: { name: 'client', method: 'write', detail: 'upstream' },
      suggestions: [
        {
          messageId: 'guardUse' as const,
          data: { method: 'write', guard: 'client.writable' },
          output: code.replace("    client.write('", "    if (client.writable) client.write('"),
        },
      ],
    },
  ],
});
const greetingCases = {
  valid: [
    greetingTunnel('upstream.pipe(client);\n    client.pipe(upstream);'),
    greetingTunnel('upstream.pipe(client).pipe(upstream);'),
    // The helper only ends the upstream: the connect callback still runs, but the greeting to the
    // failed client fails in its callback alone, and the upstream closes once connected (measured).
    greetingTunnel('upstream.pipe(client).pipe(upstream);', 'upstream.end();'),
  ],
  invalid: [
    // Piped only on one branch: a client that left with a FIN leaves the upstream open on the other.
    greetingReported(greetingTunnel('upstream.pipe(client);\n    if (head.length === 0) client.pipe(upstream);')),
    // The helper leaves the upstream alone: a failed client never ends it through the pipe.
    greetingReported(greetingTunnel('upstream.pipe(client).pipe(upstream);', "console.warn('client gone');")),
  ],
};
ruleTester.run('no-use-after-dead (a greeting written before the client is piped into the upstream)', rule, greetingCases);
typedRuleTester.run('no-use-after-dead (a greeting written before the client is piped into the upstream, typed)', rule, greetingCases);

/**
 * A LAN discovery that listens for beacons for a while and closes after a timeout; its 'error'
 * listener (a port taken) closes the socket too. The timeout then closes a closed socket.
 */
const beaconDiscovery = (listener: string, timer: string): string => `
import dgram from 'node:dgram';
export function discover(ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const found: string[] = [];
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    socket.on('message', (msg) => found.push(msg.toString()));
    socket.on('error', (err) => {
      ${listener}
    });
    socket.bind(9131, () => socket.addMembership('239.255.250.250'));
    ${timer}
  });
}
`;
const closedUdp = (code: string, line: number, closeLine: number, method = 'close') => ({
  code,
  errors: [{ messageId: 'closedUdpInTimer' as const, line, data: { name: 'socket', method, line: String(closeLine) } }],
});
const beaconCases = {
  valid: [
    // The listener clears the timer it would race.
    beaconDiscovery('clearTimeout(stop);\n      socket.close();\n      reject(err);', 'const stop = setTimeout(() => socket.close(() => resolve(found)), ms);'),
    // The timer asks a flag the listener sets.
    beaconDiscovery('failed = true;\n      socket.close();\n      reject(err);', 'let failed = false;\n    setTimeout(() => { if (!failed) socket.close(() => resolve(found)); }, ms);'),
    // The listener does not close the socket: the timer's close() is the first.
    beaconDiscovery('reject(err);', 'setTimeout(() => socket.close(() => resolve(found)), ms);'),
    // A close() in a try.
    beaconDiscovery('socket.close();\n      reject(err);', 'setTimeout(() => { try { socket.close(); } catch { /* closed on error */ } resolve(found); }, ms);'),
  ],
  invalid: [
    closedUdp(beaconDiscovery('reject(err);\n      socket.close();', 'setTimeout(() => {\n      socket.close(() => resolve(found));\n    }, ms);'), 14, 10),
    // A beacon sent every second: the next send after a failed bind throws, callback or not.
    closedUdp(
      beaconDiscovery('socket.close();\n      reject(err);', "setInterval(() => socket.send('M-SEARCH', 9131, '239.255.250.250', () => {}), 1000);\n    setTimeout(() => resolve(found), ms);"),
      13,
      9,
      'send',
    ),
  ],
};
ruleTester.run('no-use-after-dead (a UDP socket its error listener closes, used again from a timer)', rule, beaconCases);
typedRuleTester.run('no-use-after-dead (a UDP socket its error listener closes, used again from a timer, typed)', rule, beaconCases);
