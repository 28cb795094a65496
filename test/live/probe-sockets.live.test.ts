/**
 * A probe socket (src/model/probe-sockets.ts): made only to learn whether something answers, its
 * connect callback destroys it (or ends the process), and it never reads nor writes. Measured on a
 * Unix socket: its 'error' listener hears a failed connect (ENOENT, ECONNREFUSED), and nothing
 * else, also when the server closes every connection at once. Over TCP it is not so: a server
 * that resets a connection as soon as it accepts it fails the probe's connect with ECONNRESET.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let resetting: net.Server;
let port: number;
let closedPort: number;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));

beforeAll(async () => {
  // A server that resets each connection as soon as it has it.
  resetting = net.createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
  port = (resetting.address() as net.AddressInfo).port;
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});
afterAll(async () => {
  await new Promise<void>((resolve) => resetting.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Probes `connect` with a callback that destroys the socket: what reached its 'error' listener, and whether it connected. */
function probe(connect: (callback: () => void) => net.Socket): Promise<{ errors: string[]; connected: boolean }> {
  return new Promise((resolve) => {
    const errors: string[] = [];
    let connected = false;
    const socket = connect(() => {
      connected = true;
      socket.destroy();
    });
    socket.on('error', (err) => errors.push(String((err as NodeJS.ErrnoException).code)));
    socket.on('close', () => setTimeout(() => resolve({ errors, connected }), 50));
  });
}

describe('a probe socket whose connect callback destroys it', () => {
  it('over TCP, hears ECONNRESET from a server that resets every connection at once, and never connects', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await probe((callback) => net.connect(port, '127.0.0.1', callback))).toEqual({ errors: ['ECONNRESET'], connected: false });
    }
  });

  it('over a Unix socket, hears nothing from a server that closes every connection at once', async () => {
    const file = path.join(dir, 'closing.sock');
    const closing = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => closing.listen(file, resolve));
    try {
      for (let i = 0; i < 5; i++) expect(await probe((callback) => net.connect(file, callback))).toEqual({ errors: [], connected: true });
    } finally {
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    }
  });

  it('hears ECONNREFUSED from a closed port, and ENOENT from a Unix socket path with nothing there', async () => {
    expect(await probe((callback) => net.connect(closedPort, '127.0.0.1', callback))).toEqual({ errors: ['ECONNREFUSED'], connected: false });
    expect(await probe((callback) => net.connect(path.join(dir, 'none.sock'), callback))).toEqual({ errors: ['ENOENT'], connected: false });
  });

  it('hears ECONNREFUSED from a Unix socket file nobody listens on any more', async () => {
    const stale = path.join(dir, 'stale.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(stale, resolve));
    // Closing unlinks the file: put a stale one back, as a crashed process leaves it.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(stale, resolve));
    const copy = path.join(dir, 'copy.sock');
    fs.linkSync(stale, copy);
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    try {
      expect(await probe((callback) => net.connect(copy, callback))).toEqual({ errors: ['ECONNREFUSED'], connected: false });
    } finally {
      fs.rmSync(copy, { force: true });
    }
  });
});
