/**
 * What a socket's idle 'timeout' does, measured on 127.0.0.1: the fact behind cleanup-dead-socket's
 * `timeoutKeepsOpen` (src/model/idle-timeouts.ts). Node only reports the idle time: a 'timeout'
 * listener that neither ends nor destroys the socket leaves the connection open, on both ends.
 * And `endWhileConnecting`: on a socket that times out while it still connects, `end()` does not
 * stop the connect; `destroy()` does.
 */
import net from 'node:net';
import { Worker } from 'node:worker_threads';

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

/**
 * A port whose listener never accepts: its event loop (a worker's) is blocked, so once the accept
 * queue is full the kernel drops further SYNs and a connect stays under way, as to a host that
 * drops them (Linux). `release()` unblocks the worker and ends it.
 */
async function unansweredPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const blocked = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const net = require('node:net');
    const { parentPort, workerData } = require('node:worker_threads');
    const server = net.createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      parentPort.postMessage(server.address().port);
      Atomics.wait(workerData, 0, 0, 10000);
      server.close();
    });`,
    { eval: true, workerData: blocked },
  );
  const [port] = (await within(next(worker, 'message'), 'the listener')) as [number];
  // Fill the accept queue (a backlog of 1 holds two): later SYNs go unanswered.
  const fillers = Array.from({ length: 4 }, () => net.connect(port, LOOPBACK).on('error', () => {}));
  await new Promise((resolve) => setTimeout(resolve, 100));
  const release = async (): Promise<void> => {
    for (const filler of fillers) filler.destroy();
    Atomics.store(blocked, 0, 1);
    Atomics.notify(blocked, 0);
    await worker.terminate();
  };
  return { port, release };
}

describe.skipIf(process.platform !== 'linux')("a socket's idle 'timeout' while it still connects", () => {
  it('keeps connecting after end(), and stops on destroy()', async () => {
    const { port, release } = await unansweredPort();
    const ended = net.connect(port, LOOPBACK);
    const destroyed = net.connect(port, LOOPBACK);
    try {
      for (const socket of [ended, destroyed]) {
        socket.on('error', () => {});
        socket.setTimeout(50);
      }
      const timedOut = next(ended, 'timeout');
      const closed = next(destroyed, 'close');
      ended.on('timeout', () => ended.end());
      destroyed.on('timeout', () => destroyed.destroy());
      await within(timedOut, "the first socket's timeout");
      expect(ended.connecting).toBe(true);
      await within(closed, 'the destroyed socket to close');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ended.connecting).toBe(true);
      expect(ended.destroyed).toBe(false);
    } finally {
      ended.destroy();
      destroyed.destroy();
      await release();
    }
  });
});
