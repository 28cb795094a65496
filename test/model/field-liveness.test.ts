/**
 * Unchecked writes to a socket kept in a field whose death the file tracks elsewhere
 * (src/model/field-liveness.ts): each snippet lists the writes found, with the event of the
 * listener that tracks the death and whether it sets the field to null.
 */
import { describe, expect, it } from 'vitest';

import { fieldDeathUses, fieldReuseTests } from '../../src/model/field-liveness.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function uses(code: string, typed = false): string[] {
  return probe(
    code,
    (context, report) => ({
      'Program:exit'() {
        for (const use of fieldDeathUses(context.sourceCode, createSocketDetector(context, {}))) {
          const object = context.sourceCode.getText(use.object);
          report(use.call, `${object}.${use.method.name} after '${use.event}'${use.nulled ? ' (null)' : ''}${use.nullChecked ? ' (null check)' : ''}`);
        }
      },
    }),
    { typed },
  ).map(({ line, message }) => `${line}: ${message}`);
}

/** A queue that a connect opens and a later flush writes to; `flush` is the flush's body. */
const sender = (flush: string, onError = 'self.conn.destroy(); self.conn = null;'): string => `
import net from 'node:net';
export function Sender(port) { this.port = port; this.conn = null; this.queue = []; }
Sender.prototype.open = function (cb) {
  var self = this;
  self.conn = net.connect(self.port, '127.0.0.1', cb);
  self.conn.on('data', function (chunk) { self.conn.write('ack'); });
  self.conn.on('error', function () { ${onError} });
};
Sender.prototype.flush = function () {
  var self = this;
  ${flush}
  setImmediate(function () { self.flush(); });
};
`;

describe('fieldDeathUses', () => {
  it("finds a write to a field its 'error' listener sets to null, once per function", () => {
    const code = sender("var item = self.queue.shift();\n  if (item === undefined) return;\n  self.conn.write(item);\n  self.conn.write('\\n');");
    expect(uses(code)).toEqual(["14: self.conn.write after 'error' (null)"]);
    expect(uses(code, true)).toEqual(["14: self.conn.write after 'error' (null)"]);
  });

  it('passes over writes that test the field, a flag the death listener sets, or the object first', () => {
    expect(uses(sender('if (self.conn) self.conn.write(self.queue.shift());'))).toEqual([]);
    expect(uses(sender('self.conn?.write(self.queue.shift());'))).toEqual([]);
    expect(uses(sender('if (!self.conn.writable) return;\n  self.conn.write(self.queue.shift());'))).toEqual([]);
    const flagged = sender('if (!self.connected) return;\n  self.conn.write(self.queue.shift());', 'self.connected = false;');
    expect(uses(flagged)).toEqual([]);
    // A state set to a constant of the class (`this.CLOSED`, kept on the prototype) is a flag too; a
    // lower-case member is a value, not a state.
    const stated = (value: string): string => sender('if (self.state !== self.OPEN) return;\n  self.conn.write(self.queue.shift());', `self.state = ${value}; self.partial = null;`);
    expect(uses(stated('this.CLOSED'))).toEqual([]);
    expect(uses(stated('this.lastState'))).toEqual(["13: self.conn.write after 'error'"]);
    expect(uses(sender('if (self.isOpen()) self.conn.write(self.queue.shift());'))).toEqual([]);
    expect(uses(sender('try { self.conn.write(self.queue.shift()); } catch (err) { self.queue.unshift(err); }'))).toEqual([]);
  });

  it("reads a test made through a getter of the class as the getter's own test", () => {
    const uplink = (getter: string): string => `
import http2 from 'node:http2';
export class Uplink {
  _stream = null;
  ${getter}
  send(chunk) {
    if (this.ready) this._stream.write(chunk);
  }
  open(url) {
    const session = http2.connect(url);
    session.on('error', () => session.destroy());
    this._stream = session.request({ ':path': '/' });
    this._stream.on('error', () => {});
    this._stream.on('close', () => { this._stream = null; });
  }
}
`;
    expect(uses(uplink('get ready() { return this._stream && this._stream.writable; }'))).toEqual([]);
    // 'close' sets the field to null, so a getter that tests it for null checks enough.
    expect(uses(uplink('get ready() { return this._stream !== null; }'))).toEqual([]);
    expect(uses(uplink('get ready() { return this.queue.length > 0; }'))).toEqual(["7: this._stream.write after 'close' (null)"]);
  });

  it('passes over a writer whose every call in the file checks the field, or runs as a callback of a function that does', () => {
    const code = `
import net from 'node:net';
export function Sender(port) { this.port = port; this.conn = null; this.queue = []; }
Sender.prototype.open = function (cb) {
  var self = this;
  if (self.conn === null || !self.conn.writable) {
    self.conn = net.connect(self.port, '127.0.0.1', cb);
    self.conn.on('error', function () { self.conn.destroy(); self.conn = null; });
  } else {
    process.nextTick(cb);
  }
};
Sender.prototype.send = function (item) {
  var self = this;
  self.queue.push(item);
  self.open(function () { self.flush(); });
};
Sender.prototype.flush = function () {
  var self = this;
  self.conn.write(self.queue.shift());
  setImmediate(function () { if (self.conn && self.conn.writable) self.flush(); });
};
`;
    expect(uses(code)).toEqual([]);
    // One unchecked call is enough: the reschedule no longer looks.
    expect(uses(code.replace('if (self.conn && self.conn.writable) self.flush();', 'self.flush();'))).toEqual([
      "20: self.conn.write after 'error' (null)",
    ]);
  });

  it("passes over a death listener that tracks nothing (it only logs), and the socket's own listeners", () => {
    expect(uses(sender('self.conn.write(self.queue.shift());', 'console.error("lost");'))).toEqual([]);
    // A mark on the error it fails the queue with is no state of the instance; a flag on the instance is.
    const marked = "var cause = new Error('lost'); cause.fatal = true; self.queue.forEach(function (cb) { cb(cause); });";
    expect(uses(sender('self.conn.write(self.queue.shift());', marked))).toEqual([]);
    expect(uses(sender('self.conn.write(self.queue.shift());', 'self.connected = false;'))).toEqual(["12: self.conn.write after 'error'"]);
  });

  it("follows a flag set by a function the 'close' listener calls; a field it never clears is only closed", () => {
    const code = `
import net from 'node:net';
export class Imap {
  connect() {
    this.state.conn = net.connect(143);
    this.state.conn.on('close', () => this.reset());
  }
  reset() {
    this.state.ready = false;
  }
  send(command) {
    if (this.state.pending.length > 1) return;
    this.state.conn.write(command + '\\r\\n');
  }
  sendWhenReady(command) {
    if (!this.state.ready) return;
    this.state.conn.write(command + '\\r\\n');
  }
  reopen() {
    this.state.conn = net.connect(143);
    this.state.conn.write('HELLO\\r\\n');
  }
}
`;
    expect(uses(code)).toEqual(["13: this.state.conn.write after 'close'"]);
    expect(uses(code, true)).toEqual(["13: this.state.conn.write after 'close'"]);
  });

  it('reads a private field of a class, and passes over end() without data', () => {
    expect(
      uses(`
import net from 'node:net';
export class Link {
  #socket = net.connect(7000);
  #open = true;
  constructor() {
    this.#socket.on('close', () => { this.#open = false; });
  }
  send(line: string) {
    this.#socket.write(line);
  }
  quit() {
    this.#socket.end();
  }
}
`),
    ).toEqual(["10: this.#socket.write after 'close'"]);
  });

  it('reads the listeners a socket got before it was stored, in the same function or in the one that returns it', () => {
    const stored = (send: string) => `
import net from 'node:net';
export class Stats {
  connect(port) {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('close', () => { this.connected = false; });
    this.socket = socket;
  }
  send(metric) {
    ${send}
  }
}
`;
    expect(uses(stored("this.socket.write(metric + '\\n');"))).toEqual(["10: this.socket.write after 'close'"]);
    expect(uses(stored("if (!this.connected) return;\n    this.socket.write(metric + '\\n');"))).toEqual([]);
    const returned = `
import net from 'node:net';
export class Link {
  #socket?: net.Socket;
  #ready = false;
  async open(port: number) {
    this.#socket = await this.#dial(port);
  }
  async #dial(port: number): Promise<net.Socket> {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', (err) => this.#lost(err));
    socket.on('data', () => this.#socket?.write('ACK'));
    return socket;
  }
  #lost(err: Error) {
    this.#ready = false;
    console.error(err);
  }
  send(line: string) {
    this.#socket!.write(line);
  }
}
`;
    expect(uses(returned)).toEqual(["20: this.#socket.write after 'error'"]);
    expect(uses(returned, true)).toEqual(["20: this.#socket.write after 'error'"]);
  });

  it('counts a null test of the field only when something clears the field once the socket dies', () => {
    const link = (onClose: string, send = 'if (!this.socket) return;') => `
import net from 'node:net';
export class Link {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('close', () => { ${onClose} });
  }
  reset() { this.teardown(); }
  teardown() { this.socket = null; }
  send(line) {
    ${send}
    this.socket.write(line);
  }
}
`;
    expect(uses(link('this.ready = false;'))).toEqual(["12: this.socket.write after 'close' (null check)"]);
    expect(uses(link('this.ready = false;', 'if (this.socket == null) return;'))).toEqual(["12: this.socket.write after 'close' (null check)"]);
    // Cleared two calls away from the listener: the null test tells.
    expect(uses(link('this.ready = false; this.reset();'))).toEqual([]);
    // The flag, the socket's own state, or a look at the object still count.
    expect(uses(link('this.ready = false;', 'if (!this.socket || !this.ready) return;'))).toEqual([]);
    expect(uses(link('this.ready = false;', 'if (!this.socket?.writable) return;'))).toEqual([]);
    expect(uses(link('this.ready = false;', 'if (!this.socket || this.isClosing()) return;'))).toEqual([]);
  });

  it("passes over a listener of a stream the death listener destroys, but not one of its 'close'", () => {
    // A relay: the client's 'close' destroys the backend, whose data the client then no longer gets.
    const relay = (onClientClose: string, event = 'data') => `
import net from 'node:net';
export class Relay {
  constructor(client) {
    this.client = net.connect(7000);
    this.client.on('close', this.clientGone.bind(this));
  }
  attach(port) {
    this.backend = net.connect(port);
    this.backend.on('error', () => {});
    this.backend.on('${event}', this.forward.bind(this));
  }
  forward(chunk) { this.client.write(chunk); }
  clientGone() { this.open = false; ${onClientClose} }
}
`;
    expect(uses(relay('if (this.backend) this.backend.destroy();'))).toEqual([]);
    expect(uses(relay('if (this.backend) this.backend.destroy();'), true)).toEqual([]);
    // Nothing destroyed, or a listener of the backend's 'close' (which a destroy still emits).
    expect(uses(relay('console.log("client left");'))).toEqual(["13: this.client.write after 'close'"]);
    expect(uses(relay('if (this.backend) this.backend.destroy();', 'close'))).toEqual(["13: this.client.write after 'close'"]);
  });

  it("passes over a function called only from a listener the death listener removes", () => {
    // A session answers the server's pings from its own 'message' event; 'close' removes those listeners.
    const session = (onClose: string) => `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Session extends EventEmitter {
  constructor() {
    super();
    this.on('message', (text) => { if (text === 'PING') this.answer('PONG'); });
  }
  open(port) {
    this.sock = net.connect(port, '127.0.0.1');
    this.sock.on('error', () => {});
    this.sock.on('data', (chunk) => this.emit('message', String(chunk)));
    this.sock.on('close', () => this.shut());
  }
  answer(text) { this.sock.write(text + '\\n'); }
  shut() { this.live = false; ${onClose} }
}
`;
    expect(uses(session("this.removeAllListeners('message');"))).toEqual([]);
    expect(uses(session('this.removeAllListeners();'), true)).toEqual([]);
    // Another event's listeners removed, or none.
    expect(uses(session("this.removeAllListeners('notice');"))).toEqual(["15: this.sock.write after 'close'"]);
    expect(uses(session(''))).toEqual(["15: this.sock.write after 'close'"]);
  });

  it('passes over a function run only by a timer the death listener clears', () => {
    // A heartbeat: 'close' stops the interval that alone calls beat().
    const heartbeat = (stop: string, extraCall = '') => `
import net from 'node:net';
export class Heartbeat {
  start(port) {
    this.sock = net.connect(port);
    this.sock.on('error', () => {});
    this.sock.on('close', () => this.halt());
    this.schedule();
  }
  schedule() { this.ticker = setInterval(() => { this.beat(); }, 5000); }
  beat() { this.sock.write('beat'); }
  halt() { this.live = false; ${stop} }
  ${extraCall}
}
`;
    expect(uses(heartbeat('clearInterval(this.ticker);'))).toEqual([]);
    expect(uses(heartbeat('clearInterval(this.ticker);'), true)).toEqual([]);
    // The interval survives the close, or a public method calls beat() too.
    expect(uses(heartbeat('this.ticker = undefined;'))).toEqual(["11: this.sock.write after 'close'"]);
    expect(uses(heartbeat('clearInterval(this.ticker);', 'poke() { this.beat(); }'))).toEqual(["11: this.sock.write after 'close'"]);
  });

  it('passes over a method handed only to a queue the death listener stops', () => {
    // A paced writer: the queue alone calls send(), and 'close' stops the queue.
    const paced = (onClose: string, extra = '') => `
import net from 'node:net';
export class Paced {
  constructor() { this.queue = new Pacer(50, this.send.bind(this)); }
  open(port) {
    this.sock = net.connect(port);
    this.sock.on('error', () => {});
    this.sock.on('close', () => { this.up = false; ${onClose} });
  }
  say(line) { if (this.up) this.queue(line); }
  send(line) { this.sock.write(line); }
  ${extra}
}
`;
    expect(uses(paced('this.queue.stop();'))).toEqual([]);
    // The queue runs on after the close, or a method calls send() itself, or hands it elsewhere too.
    expect(uses(paced(''))).toEqual(["11: this.sock.write after 'close'"]);
    expect(uses(paced('this.queue.stop();', 'now(line) { this.send(line); }'))).toEqual(["11: this.sock.write after 'close'"]);
    expect(uses(paced('this.queue.stop();', 'later(line) { setTimeout(this.send.bind(this), 10, line); }'))).toEqual(["11: this.sock.write after 'close'"]);
  });

  it('passes over a write right after a call that tests the field and reopens it', () => {
    const client = (open: string) => `
import net from 'node:net';
export class Client {
  open() {
    ${open}
    this.conn = net.connect(9000);
    this.conn.on('error', () => { this.conn = null; });
  }
  send(line) {
    this.open();
    this.conn.write(line);
  }
}
`;
    expect(uses(client('if (this.conn && !this.conn.destroyed) return;'))).toEqual([]);
    expect(uses(client('if (this.conn && !this.conn.destroyed) return;'), true)).toEqual([]);
    // An opener that does not look at the socket it keeps may keep a dead one.
    expect(uses(client('if (this.opening) return;'))).toEqual(["11: this.conn.write after 'error' (null)"]);
  });
});

function reuseTests(code: string, typed = false): string[] {
  return probe(
    code,
    (context, report) => ({
      'Program:exit'() {
        for (const { read, event } of fieldReuseTests(context.sourceCode, createSocketDetector(context, {}))) {
          report(read, `${context.sourceCode.getText(read)} cleared on '${event}' only`);
        }
      },
    }),
    { typed },
  ).map(({ line, message }) => `${line}: ${message}`);
}

/** A metrics pipe that dials on first use and reuses the socket after; `listeners` and `reuse` vary. */
const pipe = (listeners: string, reuse = 'else process.nextTick(ready);'): string => `
import net from 'node:net';
export function MetricsPipe(port) { this.port = port; this.conn = null; }
MetricsPipe.prototype.ensure = function (ready) {
  var self = this;
  if (self.conn === null) {
    self.conn = net.connect(self.port, '127.0.0.1', ready);
    ${listeners}
  } ${reuse}
};
`;

describe('fieldReuseTests', () => {
  it("finds a connect-or-reuse test of a field only the 'error' listener clears", () => {
    const code = pipe("self.conn.on('error', function () { self.conn.destroy(); self.conn = null; });");
    expect(reuseTests(code)).toEqual(["6: self.conn cleared on 'error' only"]);
    expect(reuseTests(code, true)).toEqual(["6: self.conn cleared on 'error' only"]);
  });

  it("passes over a field also cleared or watched on 'close'/'end', a test of the socket's state, or a flag", () => {
    const onError = "self.conn.on('error', function () { self.conn = null; });";
    expect(reuseTests(pipe(`${onError}\n    self.conn.on('close', function () { self.conn = null; });`))).toEqual([]);
    expect(reuseTests(pipe(`${onError}\n    self.conn.on('end', function () { console.log('peer done'); });`))).toEqual([]);
    expect(reuseTests(pipe(onError, 'else if (!self.conn.writable) { self.conn = null; self.ensure(ready); } else ready();'))).toEqual([]);
    expect(reuseTests(pipe("self.conn.on('error', function () { self.conn = null; self.up = false; });"))).toEqual([]);
    // Nothing clears the field: the file does not treat the null test as a liveness test.
    expect(reuseTests(pipe("self.conn.on('error', function (err) { console.error(err); });"))).toEqual([]);
  });
});
