/**
 * Callbacks waiting for replies that only a socket's 'error' listener fails
 * (src/model/pending-replies.ts): each snippet lists the drains found, with the collection's field.
 * Every receiver whose text ends in `sock` counts as a socket here.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { errorOnlyDrains, unfailedReplies } from '../../src/model/pending-replies.js';
import { probe } from '../support/probe.js';

function drains(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const isSocket = (node: TSESTree.Expression): boolean => context.sourceCode.getText(node).endsWith('sock');
      for (const found of errorOnlyDrains(context.sourceCode, isSocket)) report(found.node, `${found.field} of ${context.sourceCode.getText(found.socket)}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

/** A line client whose requests wait in `this.waiting`; `onError` and `onClose` are the socket's listener bodies. */
const lineClient = (onError: string, onClose = 'this.ready = false;', request = 'this.waiting.push(cb);'): string => `
import net from 'node:net';
export class LineClient {
  constructor(port) {
    this.waiting = [];
    this.sock = net.connect(port, '127.0.0.1');
    this.sock.on('data', (reply) => { const cb = this.waiting.shift(); if (cb) cb(null, reply); });
    this.sock.on('error', (err) => { ${onError} });
    this.sock.on('close', () => { ${onClose} });
  }
  request(line, cb) {
    ${request}
    this.sock.write(line + '\\n');
  }
  failAll(err) { for (const cb of this.waiting.splice(0)) cb(err); }
}
`;

describe('errorOnlyDrains', () => {
  it("finds the waiting callbacks failed in 'error' by forEach, for … of, or a loop that shifts them", () => {
    expect(drains(lineClient('this.waiting.forEach((cb) => cb(err)); this.waiting = [];'))).toEqual(['8: waiting of this.sock']);
    expect(drains(lineClient('for (const cb of this.waiting.splice(0)) cb(err);'))).toEqual(['8: waiting of this.sock']);
    expect(drains(lineClient('let cb; while ((cb = this.waiting.shift())) cb(err);'))).toEqual(['8: waiting of this.sock']);
    // Through a function of the file given the error and the collection, as pre-ES2015 code does.
    expect(
      drains(`
var net = require('net');
function fail(err, fns) { for (var fn; fn = fns.shift();) fn(err); }
function Conn(port) { this.pending = []; this.sock = net.connect(port); }
Conn.prototype.open = function () {
  var self = this;
  this.sock.on('error', function (e) { fail(e, self.pending); });
};
Conn.prototype.send = function (cmd, fn) { this.pending.push(fn); this.sock.write(cmd); };
`),
    ).toEqual(['7: pending of this.sock']);
  });

  it("passes over a collection the 'close' listener reaches, one the file never fills, and callbacks not given the error", () => {
    // 'close' (through a method) fails them too.
    expect(drains(lineClient('this.failAll(err);', "this.failAll(new Error('closed'));"))).toEqual([]);
    // Nothing is ever added: nothing waits.
    expect(drains(lineClient('this.failAll(err);', 'this.ready = false;', 'void cb;'))).toEqual([]);
    // Told something else than the error (a count), so not failed here.
    expect(drains(lineClient('this.waiting.forEach((cb) => cb(null, 0));'))).toEqual([]);
    // The failing method itself, not only its callers.
    expect(drains(lineClient('this.failAll(err);'))).toEqual(['8: waiting of this.sock']);
  });
});

describe('unfailedReplies, calls waiting in a Map by id', () => {
  const unfailed = (code: string): string[] =>
    probe(code, (context, report) => ({
      'Program:exit'() {
        const isSocket = (node: TSESTree.Expression): boolean => context.sourceCode.getText(node).endsWith('sock');
        for (const found of unfailedReplies(context.sourceCode, isSocket)) report(found.node, found.field);
      },
    })).map(({ line, message }) => `${line}: ${message}`);
  const client = (onData: string): string => `
class Rpc {
  constructor(port) {
    this.calls = new Map();
    this.handlers = new Map();
    this.sock = net.connect(port);
    this.sock.on('data', (data) => { const reply = JSON.parse(data); ${onData} });
  }
  call(id) { return new Promise((resolve, reject) => this.calls.set(id, { resolve, reject })); }
  on(type, fn) { this.handlers.set(type, fn); }
}
`;

  it('finds one whose entry the reply looks up and deletes, not a table of handlers it only looks up', () => {
    expect(unfailed(client('const c = this.calls.get(reply.id); this.calls.delete(reply.id); c.resolve(reply);'))).toEqual(['9: calls']);
    expect(unfailed(client('const h = this.handlers.get(reply.type); h(reply);'))).toEqual([]);
  });

  it('finds the oldest read first and shifted out, here or in a function the reply calls; not one only read', () => {
    const queue = (onReply: string, done = ''): string => `
function Conn(sock) {
  this.sock = sock;
  this.waiting = [];
  var self = this;
  this.sock.on('data', function (data) { self.onReply(String(data)); });
}
Conn.prototype.onReply = function (reply) { ${onReply} };
Conn.prototype.done = function () { ${done} };
Conn.prototype.ask = function (question, cb) { this.sock.write(question); this.waiting.push(cb); };
`;
    expect(unfailed(queue('var cb = this.waiting[0]; this.waiting.shift(); cb(null, reply);'))).toEqual(['10: waiting']);
    expect(unfailed(queue('var cb = this.waiting[0]; this.done(); cb(null, reply);', 'this.waiting.shift();'))).toEqual(['10: waiting']);
    // Only read: the callback stays queued (a handler for every reply, not one waiting call).
    expect(unfailed(queue('var cb = this.waiting[0]; cb(null, reply);'))).toEqual([]);
    expect(unfailed(queue('var first = this.waiting[0]; this.waiting.shift(); console.info(first);'))).toEqual([]);
  });

  it('finds records of promise functions written out in full as well as in shorthand', () => {
    const promised = (record: string): string => `
function Conn(sock) {
  this.sock = sock;
  this.waiting = [];
  var self = this;
  this.sock.on('data', function (data) { var next = self.waiting.shift(); next.resolve(String(data)); });
}
Conn.prototype.ask = function (question) {
  var self = this;
  return new Promise(function (resolve, reject) { self.waiting.push(${record}); self.sock.write(question); });
};
`;
    expect(unfailed(promised('{ resolve, reject }'))).toEqual(['10: waiting']);
    expect(unfailed(promised('{ resolve: resolve, reject: reject, question: question }'))).toEqual(['10: waiting']);
    // A record of plain values is no callback.
    expect(unfailed(promised("{ question: 'x' }"))).toEqual([]);
  });

  it("reads the replies a parser the 'data' listener feeds hands out, and a table each request fills under its id", () => {
    const framed = (fill: string, feed = 'self.parser.push(chunk)'): string => `
function Conn(sock, parser) {
  this.sock = sock;
  this.parser = parser;
  this.table = {};
  var self = this;
  this.sock.on('data', function (chunk) { ${feed}; });
  this.parser.on('frame', function (frame) { self.table[frame.id].done(null, frame); });
}
Conn.prototype.request = function (msg, done) {
  ${fill}
  this.sock.write(msg.bytes);
};
`;
    expect(unfailed(framed('this.table[msg.id] = { done: done };'))).toEqual(['11: table']);
    expect(unfailed(framed('this.table[msg.requestId] = { done: done };'))).toEqual(['11: table']);
    // Keyed by what the message is about, not by the request: a handler table.
    expect(unfailed(framed('this.table[msg.topic] = { done: done };'))).toEqual([]);
    // The chunk goes nowhere the file listens on.
    expect(unfailed(framed('this.table[msg.id] = { done: done };', 'console.log(chunk.length)'))).toEqual([]);
  });

  it('leaves callbacks that a timer armed beside each of them fails on its own', () => {
    const timed = (timer: string): string => `
function Client(sock) {
  var self = this;
  this.sock = sock;
  this.callbacks = [];
  this.timers = [];
  this.sock.on('data', function (reply) { clearTimeout(self.timers.shift()); self.callbacks.shift()(null, reply); });
}
Client.prototype.send = function (cmd, callback) {
  this.callbacks.push(callback);
  ${timer}
  this.sock.write(cmd);
};
`;
    expect(unfailed(timed("this.timers.push(setTimeout(function () { callback(new Error('timed out')); }, 1000));"))).toEqual([]);
    // A timer that only logs fails nothing.
    expect(unfailed(timed("this.timers.push(setTimeout(function () { console.warn('slow'); }, 1000));"))).toEqual(['10: callbacks']);
  });
});
