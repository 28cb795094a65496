/**
 * Connections both their 'error' and their 'close' listener reconnect (src/model/double-reconnects.ts).
 */
import { describe, expect, it } from 'vitest';

import { doubleReconnects, immediateReconnects, stackedConnectCallbacks } from '../../src/model/double-reconnects.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

/** The line of each reported 'error' listener, with the line of its 'close' listener. */
function found(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sockets = createSocketDetector(context, {});
      for (const { error, close } of doubleReconnects(context.sourceCode, (creation) => sockets.createdBy(creation) === 'socket')) {
        report(error.call, `close at ${close.call.loc.start.line}`);
      }
    },
  })).map(({ line, message }) => `${line}, ${message}`);
}

const client = (onError: string, reconnect = 'setTimeout(() => this.open(), 500);'): string => `
import net from 'node:net';
class Client {
  open() {
    this.sock = net.connect(7000, '127.0.0.1');
    this.sock.on('error', ${onError});
    this.sock.on('close', () => this.retry());
  }
  retry() { ${reconnect} }
}
`;

describe('doubleReconnects', () => {
  it('follows the reconnect into the opener, directly, through a timer, or through a method', () => {
    expect(found(client('() => this.retry()'))).toEqual(['6, close at 7']);
    expect(found(client('() => setTimeout(() => this.open(), 500)'))).toEqual(['6, close at 7']);
    expect(found(client('() => this.open()'))).toEqual(['6, close at 7']);
    expect(found(client('() => this.retry()', 'setTimeout(this.open.bind(this), 500);'))).toEqual(['6, close at 7']);
  });

  it('takes the same socket connected again for a reconnect', () => {
    expect(
      found(`
import { Socket } from 'node:net';
const link = new Socket();
link.on('error', () => link.connect(80, 'example'));
link.on('close', () => link.connect(80, 'example'));
`),
    ).toEqual(['4, close at 5']);
  });

  it('leaves a reconnect under a condition, behind an early return or a cleared timer, and one only from close', () => {
    expect(found(client('(err) => log(err)'))).toEqual([]);
    expect(found(client('(err) => err.code === "ECONNREFUSED" && this.retry()'))).toEqual([]);
    expect(found(client('() => this.retry()', 'if (this.pending) return; this.pending = setTimeout(() => this.open(), 500);'))).toEqual([]);
    expect(found(client('() => this.retry()', 'clearTimeout(this.pending); this.pending = setTimeout(() => this.open(), 500);'))).toEqual([]);
    expect(found(client('() => { this.sock.removeAllListeners(); this.retry(); }'))).toEqual([]);
  });

  it('needs the reconnect to make the same connection: another socket, or a creation the predicate refuses, is none', () => {
    expect(found(client('() => this.retry()').replace("this.sock.on('close'", "this.other.on('close'"))).toEqual([]);
    expect(found(client('() => this.retry()').replace("net.connect(7000, '127.0.0.1')", 'makeLink()'))).toEqual([]);
  });
});

/** The line of each 'error' listener that connects its own socket again at once. */
function immediate(code: string): number[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sockets = createSocketDetector(context, {});
      for (const error of immediateReconnects(context.sourceCode, (target) => sockets.match(target)?.kind === 'socket')) report(error.call, 'at once');
    },
  })).map(({ line }) => line);
}

const link = (onError: string, retry = 'this.sock.connect(7000, this.host, () => this.hello());'): string => `
import net from 'node:net';
class Link {
  constructor(host) {
    this.host = host;
    this.sock = new net.Socket();
    this.sock.on('error', ${onError});
  }
  dial() { ${retry} }
}
`;

describe('immediateReconnects', () => {
  it("follows the 'error' listener into the file's functions to connect() of the same socket, with no timer on the way", () => {
    expect(immediate(link('() => this.dial()'))).toEqual([7]);
    expect(immediate(link('() => this.sock.connect(7000, this.host)'))).toEqual([7]);
    expect(immediate(link('() => this.dial()', 'this.again();\n  }\n  again() { this.sock.connect(7000, this.host);'))).toEqual([7]);
  });

  it('leaves a delayed, conditional or guarded reconnect, a new socket, and objects that are no Node socket', () => {
    expect(immediate(link('() => setTimeout(() => this.dial(), 500)'))).toEqual([]);
    expect(immediate(link('() => process.nextTick(() => this.dial())'))).toEqual([]);
    expect(immediate(link('(err) => { if (err.code !== "ECONNREFUSED") this.dial(); }'))).toEqual([]);
    expect(immediate(link('() => this.dial()', 'if (this.closed) return;\n    this.sock.connect(7000, this.host);'))).toEqual([]);
    expect(immediate(link('() => this.dial()', 'this.sock = net.connect(7000, this.host);'))).toEqual([]);
    expect(immediate(link('() => this.dial()').replace('new net.Socket()', 'new Pool()'))).toEqual([]);
  });
});

/** The line of each `connect(…, callback)` a listener of its socket calls again, with that listener's event. */
function stacked(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sockets = createSocketDetector(context, {});
      for (const { call, listener } of stackedConnectCallbacks(context.sourceCode, (target) => sockets.match(target)?.kind === 'socket')) report(call, listener.event);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('stackedConnectCallbacks', () => {
  it("finds connect() with a callback that the socket's own 'close' or 'error' listener calls again, at once or later", () => {
    expect(stacked(link('() => this.dial()'))).toEqual(['9: error']);
    expect(stacked(link('() => setTimeout(() => this.dial(), 500)'))).toEqual(['9: error']);
    expect(stacked(link('() => {}').replace("this.sock.on('error', () => {});", "this.sock.on('close', () => setTimeout(this.dial.bind(this), 500));"))).toEqual(['9: close']);
  });

  it('leaves connect() without a callback, a new socket, a once listener, and a file that takes the listeners off', () => {
    expect(stacked(link('() => this.dial()', 'this.sock.connect(7000, this.host);'))).toEqual([]);
    expect(stacked(link('() => this.dial()', 'this.sock = net.connect(7000, this.host, () => this.hello());'))).toEqual([]);
    expect(stacked(link('() => { this.sock = new net.Socket(); this.dial(); }'))).toEqual([]);
    expect(stacked(link('() => setTimeout(() => { this.sock = new net.Socket(); this.dial(); }, 500)'))).toEqual([]);
    expect(stacked(link('() => { this.dial(); this.sock = new net.Socket(); }'))).toEqual(['9: error']);
    expect(stacked(link('() => this.dial()').replace("this.sock.on('error'", "this.sock.once('error'"))).toEqual([]);
    expect(stacked(link('() => this.dial()', "this.sock.removeAllListeners('connect');\n    this.sock.connect(7000, this.host, () => this.hello());"))).toEqual([]);
  });

  it('does not follow into the function that declares the socket: run again, it connects a new one', () => {
    const start = (onError: string): string => `
import net from 'node:net';
function start(port) {
  const sock = new net.Socket();
  sock.on('error', ${onError});
  sock.connect(port, '127.0.0.1', () => sock.write('hello'));
}
`;
    expect(stacked(start('() => start(7000)'))).toEqual([]);
    expect(stacked(start("() => sock.connect(7000, '127.0.0.1', () => sock.write('again'))"))).toEqual(['5: error']);
  });
});
