/**
 * What a write does to a socket that closed while the code kept it in a field, measured on
 * 127.0.0.1: the facts `no-use-after-dead` relies on when it reports an unchecked write to a socket
 * field whose death the file tracks elsewhere (src/model/field-liveness.ts).
 *
 * - after the peer's FIN, a write inside the 'end' listener still goes out (Node ends its own side
 *   only after the listeners); once that is done `writable` is false and a write fails with EPIPE,
 *   in its callback only;
 * - after a reset the socket is destroyed and a write fails with ERR_STREAM_DESTROYED, again in
 *   its callback only;
 * - either way no 'error' is emitted and no 'drain' follows, although `write()` returned false:
 *   the data is lost without a trace, and a caller waiting for 'drain' waits for ever;
 * - a corked batch written after 'close' does not throw either: each write's callback gets EPIPE
 *   and `writableNeedDrain` stays false, so a loop that stops for 'drain' writes it all away.
 *
 * Each case runs in a child Node and prints what it saw as one JSON line.
 */
import { describe, expect, it } from 'vitest';

import { runNode } from '../support/loopback.js';

async function seen(script: string): Promise<unknown> {
  const result = await runNode(script);
  expect(result.stderr).toBe('');
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as unknown;
}

/**
 * A peer that ends (`end`) or resets (`reset`) the connection 20 ms after it opens; the client keeps
 * its socket and writes to it `when`: inside its 'end' listener, in the next turn after 'end', or
 * after 'close'. It lists what the socket reported for 300 ms.
 */
function writeAfter(peer: 'end' | 'reset', when: 'in-end' | 'after-end' | 'after-close'): string {
  return `
const net = require('node:net');
const server = net.createServer((peer) => {
  peer.on('error', () => {});
  setTimeout(() => ${peer === 'reset' ? 'peer.resetAndDestroy()' : 'peer.end()'}, 20);
});
server.listen(0, '127.0.0.1', () => {
  const client = { socket: net.connect(server.address().port, '127.0.0.1') };
  const events = [];
  const write = () => {
    const writable = client.socket.writable;
    const returned = client.socket.write('ping', (err) => events.push('callback ' + (err ? err.code : 'ok')));
    events.push('write writable=' + writable + ' returned=' + returned);
  };
  client.socket.on('error', (err) => events.push('error ' + err.code));
  client.socket.on('drain', () => events.push('drain'));
  client.socket.on('end', () => {
    if (${JSON.stringify(when)} === 'in-end') write();
    if (${JSON.stringify(when)} === 'after-end') setImmediate(write);
  });
  client.socket.on('close', () => {
    if (${JSON.stringify(when)} === 'after-close') write();
  });
  setTimeout(() => { console.log(JSON.stringify(events)); server.close(); }, 300);
});`;
}

describe('a write to a socket kept in a field after its peer went away', () => {
  it("still goes out inside the 'end' listener: Node ends its own side after the listeners", async () => {
    expect(await seen(writeAfter('end', 'in-end'))).toEqual(['write writable=true returned=true', 'callback ok']);
  });

  it("fails with EPIPE in its callback only once the 'end' is handled: no 'error', no 'drain'", async () => {
    expect(await seen(writeAfter('end', 'after-end'))).toEqual(['write writable=false returned=false', 'callback EPIPE']);
    expect(await seen(writeAfter('end', 'after-close'))).toEqual(['write writable=false returned=false', 'callback EPIPE']);
  });

  it("fails with ERR_STREAM_DESTROYED in its callback only after a reset: no second 'error', no 'drain'", async () => {
    expect(await seen(writeAfter('reset', 'after-close'))).toEqual([
      'error ECONNRESET',
      'write writable=false returned=false',
      'callback ERR_STREAM_DESTROYED',
    ]);
  });

  it("a corked batch written after the peer ended does not throw: each write's callback gets EPIPE, no 'drain' wait", async () => {
    // What a batch writer behind `if (!this.socket) return` meets once the socket it keeps closed.
    const result = await seen(`
const net = require('node:net');
const server = net.createServer((peer) => { peer.on('error', () => {}); setTimeout(() => peer.end(), 20); });
server.listen(0, '127.0.0.1', () => {
  const link = { socket: net.connect(server.address().port, '127.0.0.1') };
  const events = [];
  link.socket.on('error', (err) => events.push('error ' + err.code));
  link.socket.on('drain', () => events.push('drain'));
  link.socket.on('close', () => setImmediate(() => {
    try {
      link.socket.cork();
      for (const chunk of ['a', 'b']) link.socket.write(chunk, (err) => events.push('callback ' + (err ? err.code : 'ok')));
      events.push('needDrain=' + link.socket.writableNeedDrain);
      link.socket.uncork();
    } catch (err) { events.push('threw ' + err.code); }
  }));
  setTimeout(() => { console.log(JSON.stringify(events)); server.close(); }, 300);
});`);
    expect(result).toEqual(['needDrain=false', 'callback EPIPE', 'callback EPIPE']);
  });

  it("a field its 'error' listener set to null throws a TypeError at the next write", async () => {
    const result = await runNode(`
const net = require('node:net');
const server = net.createServer((peer) => { peer.on('error', () => {}); setTimeout(() => peer.resetAndDestroy(), 20); });
server.listen(0, '127.0.0.1', () => {
  const sender = { socket: net.connect(server.address().port, '127.0.0.1') };
  sender.socket.on('error', () => { sender.socket.destroy(); sender.socket = null; });
  setTimeout(() => {
    server.close();
    try { sender.socket.write('ping'); console.log('"wrote"'); } catch (err) { console.log(JSON.stringify(err.name)); }
  }, 200);
});`);
    expect(result.stdout.trim()).toBe('"TypeError"');
  });
});
