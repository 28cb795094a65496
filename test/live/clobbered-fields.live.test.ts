/**
 * What a reopen does to a field whose socket's 'close' listener clears it, measured on 127.0.0.1:
 * the fact behind cleanup-dead-socket's `clearsNewSocket` (src/model/clobbered-fields.ts). `end()`
 * and `destroy()` do not close a socket in the same turn: the old socket's 'close' comes after the
 * new socket is in the field, and its listener clears the new one while that one is still open.
 */
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOOPBACK, next, within } from '../support/loopback.js';

let server: net.Server;
let port: number;
const peers = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((peer) => {
    peers.add(peer);
    peer.on('error', () => {});
    peer.on('end', () => peer.end());
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => {
  for (const peer of peers) peer.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A client that ends its socket and opens a new one in the same turn; `guarded` clears the field only while it still holds the closing socket. */
class Reopener {
  socket: net.Socket | null = null;
  constructor(private readonly guarded: boolean) {}
  async open(close: 'end' | 'destroy'): Promise<net.Socket> {
    this.socket?.[close]();
    const socket = net.connect(port, LOOPBACK);
    this.socket = socket;
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!this.guarded || this.socket === socket) this.socket = null;
    });
    await next(socket, 'connect');
    return socket;
  }
}

describe('a reopen while the old socket is still open', () => {
  it.each(['end', 'destroy'] as const)("lets the old socket's 'close' listener clear the new socket (%s)", async (close) => {
    const client = new Reopener(false);
    const first = await client.open(close);
    const second = await client.open(close);
    expect(first.destroyed || first.writableEnded).toBe(true);
    await within(new Promise((resolve) => (first.closed ? resolve(undefined) : first.once('close', resolve))), "the first socket's 'close'");
    expect(client.socket).toBeNull();
    expect(second.destroyed).toBe(false);
    second.destroy();
  });

  it('keeps the new socket when the listener clears only its own', async () => {
    const client = new Reopener(true);
    const first = await client.open('end');
    const second = await client.open('end');
    await within(new Promise((resolve) => (first.closed ? resolve(undefined) : first.once('close', resolve))), "the first socket's 'close'");
    expect(client.socket).toBe(second);
    second.destroy();
  });
});
