/**
 * The code of a file that receives a connection's error (src/model/error-handlers.ts): 'error'
 * listeners, closing calls' callbacks and catch blocks around awaited closes, one per function.
 * Each handler is read back at its body as `kind label` and the facts of how the error arrives.
 */
import { describe, expect, it } from 'vitest';

import { errorHandlers } from '../../src/model/error-handlers.js';
import { createSocketDetector, DEFAULT_STRICT_SOCKET_NAME_PATTERN } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function handlers(code: string, options: Parameters<typeof createSocketDetector>[1] = {}): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      for (const handler of errorHandlers(context.sourceCode, createSocketDetector(context, options))) {
        const facts = [
          handler.inline ? 'inline' : 'shared',
          handler.closeTime && 'closing',
          handler.reconnects && 'reconnects',
          handler.mayHaveNoError && 'maybe-no-error',
          handler.excluded && 'benign-excluded',
          !handler.throwIsFatal && 'rethrow-awaited',
          handler.errName && `err=${handler.errName.name}`,
          handler.libraryCodes && `codes=${handler.libraryCodes.join(',') || 'none'}`,
          handler.storedFrom && `field=${handler.storedFrom.field} from=${handler.storedFrom.origins.map((origin) => origin.body.loc.start.line).join(',')}`,
        ].filter(Boolean);
        report(handler.body, `${handler.kind} ${handler.label}: ${facts.join(' ')}`);
      }
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('errorHandlers', () => {
  it("gives a library object's listener its measured codes, also when its name alone makes it a socket", () => {
    const code = `
import dgram from 'node:dgram';
const socket = dgram.createSocket('udp4');
socket.on('error', (err) => bus.emit('error', err));
`;
    expect(handlers(code)).toEqual(["4: listener 'error' listener: inline err=err codes=EADDRINUSE"]);
    expect(handlers(code, { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN })).toEqual(["4: listener 'error' listener: inline err=err codes=EADDRINUSE"]);
  });

  it("reads no library server's own 'error' listener (a listen failure), and a library client's with its codes", () => {
    expect(
      handlers(`
import WebSocket, { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => { throw err; });
const feed = new WebSocket('ws://127.0.0.1:9000');
feed.on('error', (err) => { throw err; });
`),
    ).toEqual(["6: listener 'error' listener: inline err=err codes=ECONNREFUSED"]);
  });

  it("knows an 'error' listener of a socket whose 'close' listener reconnects, not one that only ends it", () => {
    expect(
      handlers(`
import net from 'node:net';
export function connect(port) {
  const feed = net.connect(port);
  feed.on('error', (err) => bus.emit('error', err));
  feed.on('close', () => setTimeout(() => connect(port), 500));
  const once = net.connect(port + 1);
  once.on('error', (err) => bus.emit('error', err));
  once.end('bye');
}
`),
    ).toEqual([
      "5: listener 'error' listener: inline closing reconnects err=err",
      "8: listener 'error' listener: inline closing err=err",
    ]);
  });

  it("finds 'error' listeners on sockets, one per function, and knows when the file ends the socket", () => {
    expect(
      handlers(`
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
function onError(err) { throw err; }
net.createServer((socket) => {
  socket.on('error', onError);
  socket.once('error', onError);
  socket.on('error', ignoreBenignClose((error) => { throw error; }));
  socket.end();
  process.stdout.on('error', (err) => { throw err; });
  emitter.on('error', (err) => { throw err; });
});
`),
    ).toEqual([
      "4: listener 'error' listener: shared closing err=err",
      "8: listener 'error' listener: inline closing benign-excluded err=error",
    ]);
  });

  it('finds the callbacks of closing calls, called with no error on success', () => {
    expect(
      handlers(`
import net from 'node:net';
import { pipeline } from 'node:stream';
const socket = net.connect(7000);
socket.write('hi', (err) => {});
socket.end(function (error = null) {});
pipeline(socket, socket, ({ code }) => {});
`),
    ).toEqual([
      "5: callback `write()` callback: inline maybe-no-error err=err",
      "6: callback `end()` callback: inline closing maybe-no-error err=error",
      "7: callback `pipeline()` callback: inline maybe-no-error",
    ]);
  });

  it('finds catch blocks around an awaited close, and whether a rethrow there is awaited', () => {
    expect(
      handlers(`
import net from 'node:net';
import { once } from 'node:events';
async function stop(socket: net.Socket) {
  try { await once(socket, 'close'); } catch (err) { throw err; }
}
setImmediate(async () => {
  const socket = net.connect(7000);
  try { await new Promise((resolve) => socket.end(resolve)); } catch {}
  try { await fetch('/'); } catch (err) {}
});
`),
    ).toEqual([
      '5: catch catch block: inline closing rethrow-awaited err=err',
      '9: catch catch block: inline closing',
    ]);
  });

  it('knows when the file aborts a client request: a pending one fails with "socket hang up"', () => {
    expect(
      handlers(`
import http from 'node:http';
import net from 'node:net';
const req = http.request('http://127.0.0.1:8080/');
req.on('error', (err) => {});
setTimeout(() => req.abort(), 1000);
const other = http.request('http://127.0.0.1:8080/');
other.on('error', (err) => {});
other.end();
const socket = net.connect(7000);
socket.on('error', (err) => {});
socket.destroy();
`),
    ).toEqual([
      "5: listener 'error' listener: inline closing err=err",
      "8: listener 'error' listener: inline err=err",
      "11: listener 'error' listener: inline err=err",
    ]);
  });

  it("knows when a socket's 'close' listener reconnects, also through a timer and a listener chain", () => {
    expect(
      handlers(`
import net from 'node:net';
function connect() {
  const socket = net.connect(7000);
  socket.on('close', () => setTimeout(connect, 1000)).on('error', (err) => {});
}
class Link {
  open() {
    const self = this;
    this.socket = net.connect(7000);
    this.socket.on('error', (err) => {});
    this.socket.on('close', function () { setTimeout(() => self.reconnect(), 500); });
  }
  reconnect() {}
}
const probe = net.connect(7000);
probe.on('error', (err) => {});
probe.on('close', () => net.connect(7000));
`),
    ).toEqual([
      "5: listener 'error' listener: inline closing reconnects err=err",
      "11: listener 'error' listener: inline closing reconnects err=err",
      "17: listener 'error' listener: inline err=err",
    ]);
  });

  it("reads the ended socket through a listener chain (sock.on('connect', f).on('error', g))", () => {
    expect(
      handlers(`
import net from 'node:net';
export function open(client, port) {
  const sock = net.connect(port);
  sock.on('connect', () => client.emit('connect')).on('error', (err) => client.emit('error', err));
  client.on('end', () => sock.end());
}
`),
    ).toEqual(["5: listener 'error' listener: inline closing err=err"]);
  });

  it("gives a library object's listener the codes its table entry measured, and a socket's none", () => {
    expect(
      handlers(`
import net from 'node:net';
import { createClient } from 'redis';
const { Pool } = require('pg');
const pool = new Pool();
pool.on('error', (err) => { throw err; });
const client = createClient();
client.on('error', (err) => { throw err; });
function shared(err) { throw err; }
const socket = net.connect(7000);
socket.on('error', shared);
client.on('error', shared);
`),
    ).toEqual([
      "6: listener 'error' listener: inline err=err codes=ECONNRESET",
      "8: listener 'error' listener: inline err=err codes=ECONNRESET,ECONNREFUSED",
      "9: listener 'error' listener: shared err=err",
    ]);
  });

  it('knows a request is aborted under another name: a chained assignment, self.req, the value of this.open()', () => {
    expect(
      handlers(`
var http = require('http');
function Call(url) { this.url = url; }
Call.prototype.open = function () {
  if (this.req) return this.req;
  var self = this;
  var req = this.req = http.request(this.url);
  req.on('error', function (err) { self.emit('error', err); });
  return req;
};
Call.prototype.send = function () {
  var req = this.open();
  setTimeout(function () { req.abort(); }, 1000);
};
function Probe(url) { this.url = url; }
Probe.prototype.start = function () {
  this.req = http.request(this.url);
  this.req.on('error', function (err) { this.emit('error', err); }.bind(this));
};
Probe.prototype.stop = function () {
  var self = this;
  setTimeout(function () { self.req.destroy(); }, 10);
};
`),
    ).toEqual([
      "8: listener 'error' listener: inline closing err=err",
      "18: listener 'error' listener: shared closing err=err",
    ]);
  });

  it('does not take the value of a method that returns one of two requests for either', () => {
    expect(
      handlers(`
var http = require('http');
function Call(url) { this.url = url; }
Call.prototype.open = function () {
  var self = this;
  this.req = http.request(this.url);
  this.req.on('error', function (err) { self.emit('error', err); });
};
Call.prototype.current = function () {
  if (this.retrying) return this.retryReq;
  return this.req;
};
Call.prototype.cancel = function () {
  this.current().abort();
  var req = this.current();
  req.abort();
};
`),
    ).toEqual(["7: listener 'error' listener: inline err=err"]);
  });

  it('follows an error a listener stores in a field to the function that re-emits it', () => {
    expect(
      handlers(`
import net from 'node:net';
export class Line {
  open(port) {
    const socket = net.connect(port);
    this.socket = socket;
    socket.on('error', (err) => { this.lastError = err; });
    socket.on('close', () => this.finish());
  }
  quit() { this.socket.end('QUIT'); }
  finish() {
    const err = this.lastError;
    if (err) { this.lastError = null; this.emit('error', err); }
  }
  report() { if (this.lastError) this.emit('error', this.lastError); }
}
`),
    ).toEqual([
      "7: listener 'error' listener: inline closing err=err",
      '11: stored stored error: shared closing maybe-no-error rethrow-awaited err=err field=lastError from=7',
      '15: stored stored error: shared closing maybe-no-error rethrow-awaited field=lastError from=7',
    ]);
  });

  it('leaves a field that also holds other errors, and an error stored by a callback', () => {
    expect(
      handlers(`
import net from 'node:net';
export class Line {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => { this.lastError = err; });
    this.timer = setTimeout(() => { this.lastError = new Error('timed out'); }, 5000);
    this.socket.end('bye', (err) => { this.endError = err; });
  }
  finish() {
    this.emit('error', this.lastError);
    this.emit('error', this.endError);
  }
}
`),
    ).toEqual([
      "6: listener 'error' listener: inline closing err=err",
      '8: callback `end()` callback: inline closing maybe-no-error err=err',
    ]);
  });

  it('does not count an end() of a socket the module forgets, for a listener that acts only while it holds one', () => {
    expect(
      handlers(`
var net = require('net');
function Sender(port) { this.port = port; this.socket = null; }
Sender.prototype.connect = function () {
  var self = this;
  self.socket = net.connect(self.port);
  self.socket.on('error', function (err) { if (self.socket) { self.socket = null; bus.emit('error', err); } });
  self.socket.on('error', function (err) { bus.emit('error', err); });
};
Sender.prototype.close = function () {
  this.socket.end();
  this.socket = null;
};
`),
    ).toEqual(["7: listener 'error' listener: inline err=err", "8: listener 'error' listener: inline closing err=err"]);
  });
});
