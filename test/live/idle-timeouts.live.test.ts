/**
 * What a socket's idle 'timeout' does, measured on 127.0.0.1: the fact behind cleanup-dead-socket's
 * `timeoutKeepsOpen` (src/model/idle-timeouts.ts). Node only reports the idle time: a 'timeout'
 * listener that neither ends nor destroys the socket leaves the connection open, on both ends.
 */
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOOPBACK, next, within } from '../support/loopback.js';

let server: net.Server;
let port: number;
/** What the server saw of each connection, in order of arrival. */
const seen: string[][] = [];

beforeAll(async () => {
  server = net.createServer((socket) => {
    const events: string[] = [];
    seen.push(events);
    socket.on('error', () => events.push('error'));
    socket.on('end', () => events.push('end'));
    socket.on('close', () => events.push('close'));
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A connected client with a 50 ms idle timeout whose 'timeout' listener runs `onTimeout`. */
async function idleClient(onTimeout: (socket: net.Socket) => void): Promise<{ socket: net.Socket; peer: string[] }> {
  const socket = net.connect(port, LOOPBACK);
  socket.on('error', () => {});
  await next(socket, 'connect');
  socket.setTimeout(50);
  socket.on('timeout', () => onTimeout(socket));
  await next(socket, 'timeout');
  // The server's events for this connection: the last one to arrive.
  return { socket, peer: seen.at(-1)! };
}

describe("a socket's idle 'timeout'", () => {
  it('leaves the connection open when the listener only reports it', async () => {
    const reported: string[] = [];
    const { socket, peer } = await idleClient(() => reported.push('timed out'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(reported.length).toBeGreaterThanOrEqual(1);
    expect(socket.destroyed).toBe(false);
    expect(socket.readyState).toBe('open');
    expect(peer).toEqual([]);
    socket.destroy();
    await within(new Promise((resolve) => socket.once('close', resolve)), 'the client to close');
  });

  it('closes it when the listener destroys the socket', async () => {
    const { socket, peer } = await idleClient((timedOut) => timedOut.destroy());
    await within(new Promise((resolve) => socket.once('close', resolve)), 'the client to close');
    expect(socket.destroyed).toBe(true);
    await within(
      new Promise<void>((resolve) => {
        const check = (): void => void (peer.includes('close') ? resolve() : setTimeout(check, 5));
        check();
      }),
      'the server to see the close',
    );
    expect(peer).toContain('end');
  });
});
