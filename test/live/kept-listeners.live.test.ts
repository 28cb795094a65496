/**
 * What a connection's listener on a module's emitter does once the connection is gone, measured on
 * 127.0.0.1: the fact behind cleanup-dead-socket's `listenerKept` (src/model/kept-listeners.ts).
 * Nothing takes a listener off when the socket its closure holds closes: every connection that ever
 * came leaves one, the emitter warns past ten, and the next event runs them all on dead sockets.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { LOOPBACK, next, within } from '../support/loopback.js';

const CONNECTIONS = 11;
let server: net.Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/**
 * A server whose 'connection' listener adds a 'stopping' listener to `lifecycle` (and, with
 * `removeOnClose`, takes it off on the socket's 'close'); `CONNECTIONS` clients come and go.
 */
async function serveAndClose(lifecycle: EventEmitter, removeOnClose: boolean): Promise<{ ended: string[] }> {
  const ended: string[] = [];
  const closed: Promise<unknown>[] = [];
  server = net.createServer((socket) => {
    socket.on('error', () => {});
    const onStopping = (): void => {
      ended.push(socket.destroyed ? 'dead' : 'live');
      socket.end();
    };
    lifecycle.on('stopping', onStopping);
    if (removeOnClose) socket.once('close', () => lifecycle.off('stopping', onStopping));
    closed.push(new Promise((resolve) => socket.once('close', resolve)));
  });
  await new Promise<void>((resolve) => server!.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as net.AddressInfo;
  for (let i = 0; i < CONNECTIONS; i++) {
    const client = net.connect(port, LOOPBACK);
    client.on('error', () => {});
    await next(client, 'connect');
    client.destroy();
  }
  await within(
    (async () => {
      while (closed.length < CONNECTIONS) await new Promise((resolve) => setTimeout(resolve, 5));
      await Promise.all(closed);
    })(),
    'the server side of every connection to close',
  );
  return { ended };
}

describe("a connection's listener on a module's emitter", () => {
  it('stays after the connection closes, warns past ten, and runs on every dead socket', async () => {
    const lifecycle = new EventEmitter();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const { ended } = await serveAndClose(lifecycle, false);
      expect(lifecycle.listenerCount('stopping')).toBe(CONNECTIONS);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings).toContain('MaxListenersExceededWarning');
      lifecycle.emit('stopping');
      expect(ended).toEqual(Array.from({ length: CONNECTIONS }, () => 'dead'));
    } finally {
      process.off('warning', onWarning);
    }
  });

  it("is gone once the socket's 'close' listener takes it off", async () => {
    const lifecycle = new EventEmitter();
    const { ended } = await serveAndClose(lifecycle, true);
    expect(lifecycle.listenerCount('stopping')).toBe(0);
    lifecycle.emit('stopping');
    expect(ended).toEqual([]);
  });
});
