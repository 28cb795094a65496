/**
 * 'timeout' listeners that leave their socket open (src/model/idle-timeouts.ts): each snippet
 * lists the registrations the model reports, as `line name`.
 */
import { describe, expect, it } from 'vitest';

import { endedWhileConnecting, openAfterTimeout } from '../../src/model/idle-timeouts.js';
import { probe } from '../support/probe.js';

function reported(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      for (const { call, socket } of openAfterTimeout(context.sourceCode, () => true)) report(call, socket.name);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('openAfterTimeout', () => {
  it('reports listeners that only report the timeout, through parameters, imports and globals', () => {
    expect(
      reported(`
import net from 'node:net';
import { log } from './log.js';
export function probePort(port, done) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('connect', () => { socket.end(); done(null, true); });
  socket.on('error', () => done(null, false));
  socket.setTimeout(1000, () => { log('slow'); done(null, false); });
}
export function check(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port);
    socket.setTimeout(500);
    socket.on('timeout', () => reject(new Error('timed out')));
    socket.on('connect', () => { socket.destroy(); resolve(); });
  });
}
`),
    ).toEqual(['8 socket', '14 socket']);
  });

  it('leaves sockets something else can close, or that the listener can reach', () => {
    expect(
      reported(`
import net from 'node:net';
export function handedOn(port, pool) {
  const socket = net.connect(port);
  pool.add(socket);
  socket.on('timeout', () => console.warn('idle'));
}
export function named(port) {
  const socket = net.connect(port);
  socket.on('timeout', () => socket.end());
}
export function throughClosure(port) {
  const socket = net.connect(port);
  function stop() { socket.destroy(); }
  socket.on('timeout', () => stop());
}
export function rethrows(port) {
  const socket = net.connect(port);
  socket.on('timeout', () => { throw new Error('idle'); });
}
export function reassigned(port) {
  let socket = net.connect(port);
  socket.on('timeout', () => console.warn('idle'));
  socket = net.connect(port + 1);
}
export class Client {
  open(port) {
    const socket = net.connect(port);
    this.stop = () => socket.destroy();
    socket.on('timeout', () => this.stop());
  }
  quiet(port) {
    const socket = net.connect(port);
    socket.on('timeout', () => this.emit('idle'));
  }
  kept(port) {
    const socket = this.socket = net.connect(port);
    socket.on('timeout', () => this.emit('idle'));
  }
}
`),
    ).toEqual(['34 socket']);
  });

  it("takes a local name of another object's field for that object's: its methods can end it", () => {
    const session = (onTimeout: string, holder = 'this.socket'): string => `
export class Session {
  start() {
    const socket = ${holder};
    socket.on('timeout', () => ${onTimeout});
  }
}
`;
    expect(reported(session('this.onIdle()'))).toEqual([]);
    expect(reported(session('conn.close()', 'conn.socket'))).toEqual([]);
    // Only logs; or calls what holds no reference to it.
    expect(reported(session("console.warn('idle')"))).toEqual(['5 socket']);
    expect(reported(session('other.close()', 'conn.socket'))).toEqual(['5 socket']);
    expect(reported(session('this.onIdle()', 'makeSocket()'))).toEqual(['5 socket']);
  });
});

/** The `end()` calls of 'timeout' listeners that may run while the socket connects, as `line name`; `net` calls make sockets. */
function endedConnecting(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const made = (node: { callee: unknown }) => /\bnet\.(?:connect|createConnection|Socket)\b/u.test(context.sourceCode.getText(node as never));
      for (const { end, socket } of endedWhileConnecting(context.sourceCode, made)) report(end, socket.name);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('endedWhileConnecting', () => {
  it('finds end() in a timeout armed where the connect starts: setTimeout, the option, a chain, new Socket', () => {
    expect(
      endedConnecting(`
import net from 'node:net';
export function a(port) {
  const s = net.connect(port);
  s.setTimeout(1000);
  s.on('timeout', () => s.end());
}
export function b(port) {
  const s = net.connect({ port, timeout: 1000 }).on('timeout', () => { s.end(); });
}
export function c(port) {
  const s = new net.Socket();
  s.connect(port);
  s.setTimeout(1000, () => s.end());
}
`),
    ).toEqual(['6 s', '9 s', '14 s']);
  });

  it('leaves timeouts armed once connected or too long to fire first, sockets not connected here, and listeners that destroy or ask', () => {
    expect(
      endedConnecting(`
import net from 'node:net';
export function connected(port) {
  const s = net.connect(port, () => { s.setTimeout(1000); s.on('timeout', () => s.end()); });
}
export function long(port) {
  const s = net.connect(port);
  s.setTimeout(300000);
  s.on('timeout', () => s.end());
}
export function given(s) {
  s.setTimeout(1000);
  s.on('timeout', () => s.end());
}
export function neverConnected() {
  const s = new net.Socket();
  s.setTimeout(1000, () => s.end());
}
export function asks(port) {
  const s = net.connect(port);
  s.setTimeout(1000, () => { if (s.pending) s.destroy(); else s.end(); });
}
export function twoListeners(port) {
  const s = net.connect(port);
  s.setTimeout(1000);
  s.on('timeout', () => s.end());
  s.on('timeout', () => s.destroy());
}
`),
    ).toEqual([]);
  });
});
