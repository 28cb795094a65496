/**
 * What `cleanup-dead-socket`'s `reconnectTwice` relies on (src/model/double-reconnects.ts),
 * measured on 127.0.0.1: a failed connection emits 'error' and then 'close', for one of Node's
 * sockets and for a ws WebSocket alike, so a client that reconnects from both listeners opens two
 * connections for each one that fails, and their number doubles with every failure; reconnecting
 * from 'close' alone opens one. And what `reconnectsOwnClose` relies on: a client's own
 * `destroy()` emits 'close' too, so a 'close' listener that reconnects opens a new connection
 * after the client was told to stop. And what `reconnectAtOnce` relies on: a socket whose 'error'
 * listener calls its own `connect()` retries a refusing server in a busy loop, and every attempt's
 * connect callback waits until one attempt succeeds, when they all run. And what
 * `connectCallbackStacks` relies on: the same happens with a delay, from 'close'.
 */
import net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { closedPort, listen, LOOPBACK, nextClose, Opened, recordEvents, within } from '../support/loopback.js';

/** How many connections a reconnecting client has opened once `limit` are open, by failure round. */
async function reconnecting(port: number, fromError: boolean, limit: number, opened: Opened): Promise<number[]> {
  const perRound: number[] = [];
  let total = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const open = (round: number): void => {
    if (total >= limit) return done();
    total++;
    perRound[round] = (perRound[round] ?? 0) + 1;
    const socket = opened.socket(net.connect(port, LOOPBACK));
    socket.on('error', () => {
      if (fromError) setTimeout(() => open(round + 1), 5);
    });
    socket.on('close', () => setTimeout(() => open(round + 1), 5));
  };
  open(0);
  await within(finished, `${limit} connections`);
  return perRound;
}

describe('a client that reconnects when its connection fails', () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  it("gets 'error' then 'close' from a refused socket and from a refused ws WebSocket", async () => {
    const port = await closedPort();
    const socket = opened.socket(net.connect(port, LOOPBACK));
    const socketEvents = recordEvents(socket, ['error', 'close']);
    await nextClose(socket);
    const ws = new WebSocket(`ws://${LOOPBACK}:${port}`);
    const wsEvents: string[] = [];
    ws.on('error', (err: NodeJS.ErrnoException) => wsEvents.push(`error ${err.code}`));
    const wsClosed = new Promise<void>((resolve) => ws.on('close', () => resolve(void wsEvents.push('close'))));
    await within(wsClosed, "the WebSocket's 'close'");
    expect({ socketEvents, wsEvents }).toEqual({ socketEvents: ['error ECONNREFUSED', 'close'], wsEvents: ['error ECONNREFUSED', 'close'] });
  });

  it("doubles its connections with every failure when both 'error' and 'close' reconnect, one a failure from 'close' alone", async () => {
    const port = await closedPort();
    expect(await reconnecting(port, true, 31, opened)).toEqual([1, 2, 4, 8, 16]);
    expect(await reconnecting(port, false, 5, opened)).toEqual([1, 1, 1, 1, 1]);
  });

  it("retries in a busy loop when the 'error' listener calls connect() of the same socket, and stacks every connect callback", async () => {
    const port = await closedPort();
    const socket = opened.socket(new net.Socket());
    // Hundreds of waiting callbacks are the point: Node's leak warning would only add noise here.
    socket.setMaxListeners(0);
    let attempts = 0;
    let callbacks = 0;
    let retrying = true;
    const connect = (): void => {
      attempts++;
      socket.connect(port, LOOPBACK, () => callbacks++);
    };
    socket.on('error', () => {
      if (retrying) connect();
    });
    connect();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const failed = attempts;
    const waiting = socket.listenerCount('connect');
    // The server comes back: the next attempt succeeds, and every callback so far runs.
    const server = opened.server(net.createServer((peer) => peer.destroy()));
    server.listen(port, LOOPBACK);
    await within(new Promise<void>((resolve) => socket.once('connect', () => resolve())), 'a connection once the server is back');
    retrying = false;
    socket.destroy();
    // Hundreds of attempts in 200 ms (thousands a second here), not one per retry delay.
    expect(failed).toBeGreaterThan(100);
    expect(waiting).toBe(failed);
    expect(callbacks).toBe(attempts);
  });

  it("stacks the connect callback of every failed attempt when 'close' connects the same socket again after a delay", async () => {
    const port = await closedPort();
    const socket = opened.socket(new net.Socket());
    let failures = 0;
    let callbacks = 0;
    const connect = (): void => {
      socket.connect(port, LOOPBACK, () => callbacks++);
    };
    const connected = new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.on('error', () => {});
    socket.on('close', () => {
      failures++;
      // After three refusals the server comes back.
      if (failures === 3) {
        opened.server(net.createServer((peer) => peer.destroy())).listen(port, LOOPBACK, () => setTimeout(connect, 5));
      } else if (failures < 3) {
        setTimeout(connect, 5);
      }
    });
    connect();
    await within(connected, 'a connection once the server is back');
    await new Promise((resolve) => setImmediate(resolve));
    socket.removeAllListeners('close');
    socket.destroy();
    expect({ failures, callbacks }).toEqual({ failures: 3, callbacks: 4 });
  });

  it("reconnects after its own destroy(): the 'close' listener runs for a close the client made itself", async () => {
    const server = opened.server(net.createServer());
    let connections = 0;
    server.on('connection', () => connections++);
    const port = await listen(server);
    const client = { socket: undefined as net.Socket | undefined, closes: 0 };
    const connect = (): void => {
      const socket = opened.socket(net.connect(port, LOOPBACK));
      client.socket = socket;
      socket.on('error', () => {});
      socket.on('close', () => {
        client.closes++;
        if (client.closes === 1) setTimeout(connect, 5);
      });
    };
    connect();
    await within(new Promise<void>((resolve) => server.once('connection', () => resolve())), 'the first connection');
    const second = new Promise<void>((resolve) => server.once('connection', () => resolve()));
    client.socket!.destroy(); // the client's own disconnect()
    await within(second, 'a connection after the client destroyed its own');
    expect({ connections, closes: client.closes }).toEqual({ connections: 2, closes: 1 });
  });
});
