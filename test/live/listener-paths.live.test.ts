/**
 * What happens on 127.0.0.1 when a function waits (an `await`) while the socket it holds has no
 * 'error' listener on the path it took: the facts `require-error-listener` relies on when it reports
 * a pause reached without a listener (`pauseUncovered`), and the near-misses it leaves alone (a
 * socket made with `new` and not connected yet, a socket destroyed before the pause); and why the
 * sockets of a TLS server's 'secureConnection' are left alone.
 *
 * Each case runs in a child Node, because the fact is whether that process crashes.
 */
import { describe, expect, it } from 'vitest';

import { makeCertificates, runNode } from '../support/loopback.js';

/**
 * A child whose peer accepts and resets right away; `open` makes the socket `socket` (with `port`
 * in scope), the function then waits 200 ms and only afterwards adds a listener. It prints
 * `SURVIVED` when no error reached the process.
 */
function waitsThen(open: string, beforeWait = ''): string {
  return `
const net = require('node:net');
const server = net.createServer((peer) => {
  peer.on('error', () => {});
  peer.resetAndDestroy();
});
server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  const branch = process.argv.length > 100; // false: the path without the listener
  ${open}
  if (branch) socket.on('error', () => {});
  ${beforeWait}
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.on('error', () => {});
  console.log('SURVIVED');
  socket.destroy();
  server.close();
});`;
}

describe("a socket without an 'error' listener while its function waits", () => {
  it('crashes the process when the peer resets during the await, although a listener follows it', async () => {
    const result = await runNode(waitsThen("const socket = net.connect(port, '127.0.0.1');"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET|EPIPE/);
    expect(result.stdout).not.toContain('SURVIVED');
  });

  it('crashes the process when the connection is refused during the await', async () => {
    const result = await runNode(
      waitsThen("server.close(); const socket = net.connect(port, '127.0.0.1');"),
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
  });

  it('survives with `new net.Socket()` not yet connected: it does no I/O, so nothing fails while it waits', async () => {
    const result = await runNode(waitsThen('const socket = new net.Socket();'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('survives when the socket is destroyed before the await: a destroyed socket emits no error', async () => {
    const result = await runNode(waitsThen("const socket = net.connect(port, '127.0.0.1');", 'socket.destroy();'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("a TLS server's connection without an 'error' listener", () => {
  it('survives a client reset after the handshake: the TLS server keeps a listener that swallows it', async () => {
    const { selfSigned } = await makeCertificates();
    const result = await runNode(`
const net = require('node:net');
const tls = require('node:tls');
const server = tls.createServer(${JSON.stringify(selfSigned)});
server.on('secureConnection', (socket) => {
  socket.write('hello');
  setTimeout(() => socket.write('again'), 100);
});
server.listen(0, '127.0.0.1', () => {
  const raw = net.connect(server.address().port, '127.0.0.1');
  raw.on('error', () => {});
  const client = tls.connect({ socket: raw, rejectUnauthorized: false }, () => setTimeout(() => raw.resetAndDestroy(), 50));
  client.on('error', () => {});
  setTimeout(() => { console.log('SURVIVED'); server.close(); }, 400);
});`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe('a connection whose listener comes later, while its client resets at once', () => {
  /** A server whose connection listener adds the 'error' listener by `later`; 100 clients connect and reset. */
  const lateListener = (later: string): string => `
const net = require('node:net');
let crashes = 0;
process.on('uncaughtException', () => { crashes++; });
const server = net.createServer((socket) => {
  ${later}
});
server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => {
      const client = net.connect(port, '127.0.0.1', () => { client.resetAndDestroy(); setTimeout(resolve, 2); });
      client.on('error', () => {});
    });
  }
  setTimeout(() => { console.log(JSON.stringify({ crashes })); server.close(); }, 200);
});`;

  it('meets the reset unheard when the listener waits for a timer (a query to another host, say)', async () => {
    const result = await runNode(lateListener("setTimeout(() => socket.on('error', () => {}), 20);"));
    expect((JSON.parse(result.stdout.trim()) as { crashes: number }).crashes).toBeGreaterThan(90);
  });

  it('is in time when the listener comes on the next turn (setImmediate): a new connection does no read before it', async () => {
    const result = await runNode(lateListener("setImmediate(() => socket.on('error', () => {}));"));
    expect(JSON.parse(result.stdout.trim())).toEqual({ crashes: 0 });
  });
});
