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
  it('keeps no socket stripped one listener at a time by a closure called right after the socket was handed on', () => {
    expect(
      stripped(`
function handedOn(socket, hub) {
  function detach() { socket.removeListener('error', onFail); }
  function onFail() {}
  socket.on('error', onFail);
  socket.once('data', () => { hub.emit('adopt', socket); detach(); });
}
function counted(socket, hub) {
  function detach() { socket.removeListener('error', onFail); }
  function onFail() {}
  socket.on('error', onFail);
  socket.once('data', () => { hub.count++; detach(); });
}
function strippedAll(socket, hub) {
  function detach() { socket.removeAllListeners(); }
  socket.on('error', () => {});
  socket.once('data', () => { hub.emit('adopt', socket); detach(); });
}
`),
    ).toEqual(['9 socket: kept', '15 socket: kept']);
  });

  it("reads a removal in a promise's executor with the calls after it there, which run at once", () => {
    expect(
      stripped(`
function close(socket) {
  return new Promise((resolve) => {
    socket.removeAllListeners('error');
    socket.end();
    resolve();
  });
}
function destroyLater(socket) {
  return new Promise((resolve) => {
    socket.removeAllListeners('error');
    socket.destroy();
    resolve();
  });
}
`),
    ).toEqual(['4 socket: end']);
  });

  it('takes no use through a reference set to null after the removal (it throws instead)', () => {
    expect(
      stripped(`
class Session {
  shut() {
    this.socket.removeAllListeners();
    this.socket = null;
    try { this.socket.end(); } catch (err) {}
  }
  shutKept() {
    const socket = this.socket;
    socket.removeAllListeners();
    this.socket = null;
    socket.end();
  }
  shutBranch(done) {
    this.socket.removeAllListeners();
    if (done) this.socket = null;
    this.socket.end();
  }
}
`),
    ).toEqual(['10 socket: end', '15 this.socket: end']);
  });

  it('takes no use followed in the same block by destroy() of the socket, with only calls between', () => {
    expect(
      stripped(`
function shut(socket, log) {
  socket.removeAllListeners();
  socket.end();
  log('closing');
  socket.destroy();
}
function later(socket) {
  socket.removeAllListeners();
  socket.end();
  setTimeout(() => socket.destroy(), 1000);
}
function failing(socket) {
  socket.removeAllListeners();
  socket.end();
  socket.destroy(new Error('closed'));
}
function branch(socket, hard) {
  socket.removeAllListeners();
  socket.end();
  if (hard) socket.destroy();
}
`),
    ).toEqual(['9 socket: end', '14 socket: end', '19 socket: end']);
  });

  it("counts an 'error' listener anywhere in a chain of listeners on the socket, and a use at the end of one", () => {
    expect(
      stripped(`
function adopt(socket, owner) {
  socket.removeAllListeners();
  socket.on('close', () => owner.closed()).on('error', (err) => owner.failed(err));
  socket.setKeepAlive(true);
}
function adoptQuietly(socket, owner) {
  socket.removeAllListeners();
  socket.on('close', () => owner.closed()).on('data', (chunk) => owner.read(chunk));
  socket.setKeepAlive(true);
}
function rearm(conn) {
  conn.removeAllListeners();
  conn.on('close', () => {}).end();
}
`),
    ).toEqual(['8 socket: setKeepAlive', '13 conn: end']);
  });

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

  it('reads end() then destroy() written with optional chaining as the pair it is', () => {
    const link = (after: string): string => `
export class Link {
  close() {
    this.socket?.removeAllListeners();
    this.socket?.end();
    ${after}
    this.socket = undefined;
  }
}
`;
    // destroy() right after end() leaves nothing to emit (test/live/stripped-listeners.live.test.ts).
    expect(stripped(link('this.socket?.destroy();'))).toEqual([]);
    expect(stripped(link('this.flushed = true;'))).toEqual(['4 this.socket: end']);
  });

  it('treats close() of a UDP socket as a use when the file sends on it', () => {
    const tracker = (send: string): string => `
import dgram from 'node:dgram';
let udp = dgram.createSocket('udp4');
udp.on('error', onError);
export function stop() {
  udp.removeListener('error', onError);
  udp.close();
  udp = null;
}
export function announce(packet) { ${send} }
`;
    expect(stripped(tracker("udp.send(packet, 6969, 'tracker.example');"))).toEqual(['6 udp: close']);
    // Nothing sent, nothing pending: close() emits nothing (test/live/stripped-listeners.live.test.ts).
    expect(stripped(tracker('queue.push(packet);'))).toEqual([]);
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

  it('follows a socket into a closure of the function that holds it, when a caller keeps it open', () => {
    expect(
      stripped(`
function keptByCaller(open, done) {
  const socket = open();
  function finish(err) {
    socket.removeListener('error', onError);
    done(err);
  }
  function onError(err) { finish(err); }
  socket.on('error', onError);
  socket.on('data', () => finish(null));
}
function destroyedByCaller(open, done) {
  const socket = open();
  function finish(err) {
    socket.removeListener('error', onError);
  }
  function onError(err) { finish(err); }
  socket.on('error', onError);
  socket.on('data', () => { finish(null); socket.destroy(); });
}
function onlyOnClose(open, done) {
  const socket = open();
  const finish = () => {
    socket.removeListener('error', onError);
    done();
  };
  function onError(err) { done(err); }
  socket.on('error', onError);
  socket.on('close', () => finish());
}
`),
    ).toEqual(['5 socket: kept']);
  });

  it('keys this in the methods of a pre-ES2015 class by its constructor', () => {
    expect(
      stripped(`
function Client(port) { this.socket = open(port); this.socket.on('error', onError); }
Client.prototype.ready = function () {
  this.socket.removeAllListeners('error');
  this.socket.pipe(this.parser);
};
function Other() {}
Other.prototype.reset = function () {
  this.socket.removeListener('error', onError);
  this.socket.write('x');
};
`),
    ).toEqual(['4 this.socket: pipe']);
  });

  it('counts an object the file uses like a socket, whatever its name', () => {
    const noneByName = (): boolean => false;
    const found = probe(
      `
import tls from 'node:tls';
class Mailer {
  connect() {
    this.link = this.options.link || tls.connect(this.options);
    this.link.on('error', this.onError);
  }
  close() {
    this.link.removeListener('error', this.onError);
    this.link.end();
  }
}
function recycle(conn, onError) {
  conn.setKeepAlive(true);
  conn.on('error', onError);
  conn.removeListener('error', onError);
  conn.write('RSET');
}
function queue(jobs, onError) {
  jobs.on('error', onError);
  jobs.removeListener('error', onError);
  jobs.write('flush');
}
`,
      (context, report) => ({
        'Program:exit'() {
          const isCreated = (node: TSESTree.Expression): boolean => node.type === AST_NODE_TYPES.CallExpression && context.sourceCode.getText(node.callee) === 'tls.connect';
          for (const found of strippedListeners(context.sourceCode, (node) => noneByName() || isCreated(node))) {
            report(found.removal, `${context.sourceCode.getText(found.socket)}: ${found.method ?? 'kept'}`);
          }
        },
      }),
    ).map(({ line, message }) => `${line} ${message}`);
    expect(found).toEqual(['9 this.link: end', '16 conn: write']);
  });

  it("reads removeAllListeners(event) in a loop over events that holds 'error'", () => {
    expect(
      stripped(`
const EVENTS = new Set(['error', 'close', 'timeout']);
function release(socket) {
  for (const event of EVENTS) socket.removeAllListeners(event);
}
function reuse(socket) {
  for (const event of ['error', 'timeout']) {
    socket.removeAllListeners(event);
  }
  socket.write('RSET');
}
function quiet(socket) {
  for (const event of ['data', 'timeout']) socket.removeAllListeners(event);
}
function destroyed(socket) {
  for (const event of EVENTS) socket.removeAllListeners(event);
  socket.destroy();
}
`),
    ).toEqual(['4 socket: kept', '8 socket: write']);
  });

  it('keeps a socket ended just before the removal, unless it is destroyed, heard again, a client request, or ended in an awaited executor', () => {
    expect(
      stripped(`
import http from 'node:http';
class Stream {
  close() {
    this.socket.end();
    this.socket.removeAllListeners('error');
    this.socket = null;
  }
  quit() {
    this.socket.end();
    this.socket.removeAllListeners('error');
    this.socket.destroy();
  }
  again() {
    this.socket.end();
    this.socket.removeAllListeners('error');
    this.socket.on('error', () => {});
  }
}
let conn;
export function open(opts) { conn = http.request(opts); }
export function finish() {
  conn.end();
  conn.removeAllListeners();
}
export async function drain() {
  await new Promise((resolve) => { this.socket.end(); resolve(); });
  this.socket.removeAllListeners('error');
}
`),
    ).toEqual(['6 this.socket: kept']);
  });

  it("keeps a field of the class stripped in its own named 'connect' listener, not another object's field", () => {
    expect(
      stripped(`
class Queue {
  open() {
    const onConnect = () => {
      this.socket.off('error', onError);
      this.socket.off('timeout', onTimeout);
    };
    const onError = () => {};
    const onTimeout = () => {};
    this.socket.once('connect', onConnect);
    this.socket.once('error', onError);
    this.socket.once('timeout', onTimeout);
    this.client.socket.once('connect', () => this.client.socket.off('error', onError));
    this.client.socket.once('error', onError);
  }
}
`),
    ).toEqual(['5 this.socket: kept']);
  });

  it('reads a socket ended right before a call of the method that strips it as ended there', () => {
    expect(
      stripped(`
class Link {
  drop() { this.socket.end(); this.cleanup(); }
  close() { this.socket.destroy(); this.cleanup(); }
  cleanup() { this.socket.removeAllListeners('error'); }
}
`),
    ).toEqual(['5 this.socket: kept']);
    expect(
      stripped(`
class Link {
  close() { this.socket.destroy(); this.cleanup(); }
  restart() { this.cleanup(); this.socket = net.connect(1); }
  cleanup() { this.socket.removeAllListeners('error'); }
}
`),
    ).toEqual([]);
  });
});

describe('strippedListeners of a connection its class listens to where it opens it', () => {
  it("keeps it open when a request's code (a 'data' listener, a helper it calls) strips every 'error' listener", () => {
    expect(
      stripped(`
import net from 'node:net';
export class Link {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', () => this.retry());
  }
  ask(line, done) {
    this.socket.once('data', (reply) => { this.socket.removeAllListeners('error'); done(reply); });
    const finish = () => { this.socket.removeAllListeners('error'); };
    this.socket.on('timeout', () => finish());
    this.socket.on('close', () => this.socket.removeAllListeners('error'));
    this.socket.write(line);
  }
}
`),
    ).toEqual(['9 this.socket: kept', '10 this.socket: kept']);
  });

  it("leaves a class that gives no lasting listener where it opens, and a removal of one listener", () => {
    expect(
      stripped(`
import net from 'node:net';
export class Link {
  open(port) {
    this.socket = net.connect(port);
    this.socket.once('error', () => this.retry());
  }
  ask(line, onFail) {
    this.socket.once('data', () => { this.socket.removeAllListeners('error'); });
    this.socket.once('data', () => { this.socket.removeListener('error', onFail); });
  }
}
`),
    ).toEqual([]);
  });

  it("keeps a field open when a helper its 'connect' listener calls strips the connect-time listener", () => {
    const client = (lasting: string): string => `
class Status {
  constructor() {
    this.socket = new Socket();
    ${lasting}
  }
  connect(port) {
    return new Promise((resolve, reject) => {
      const done = () => { this.socket.removeListener('connect', onConnect); this.socket.removeListener('error', onError); };
      const onConnect = () => { done(); resolve(); };
      const onError = (err) => { done(); reject(err); };
      this.socket.on('connect', onConnect);
      this.socket.on('error', onError);
      this.socket.connect(port);
    });
  }
}
`;
    expect(stripped(client(''))).toEqual(['9 this.socket: kept']);
    expect(stripped(client("this.socket.on('error', (err) => console.warn(err));"))).toEqual([]);
  });
});
