/**
 * What `cleanup-dead-socket`'s `replyOnlySettles` relies on (src/model/reply-promises.ts),
 * measured on 127.0.0.1: a client that waits for a reply with a 'data' and an 'error' listener
 * hears only 'end' and 'close' when the server hangs up cleanly instead of answering, so a promise
 * settled by those two listeners stays pending; a 'close' listener that settles it ends the wait,
 * and a 'timeout' listener does not: a closed socket's idle timer never fires (unless the socket
 * is half-open, `allowHalfOpen`, and stays open after the peer's FIN).
 * And what its `connectOnlySettles` relies on: a refused connect emits 'error' and 'close' and never
 * calls the connect callback, so a promise only that callback settles stays pending; unless the
 * file's own 'error' or 'close' listener connects the same socket again: the callback, a 'connect'
 * listener, survives the refusal and runs when a later attempt connects.
 */
import net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { closedPort, listen, LOOPBACK, nextClose, Opened, recordEvents, within } from '../support/loopback.js';

const EVENTS = ['end', 'error', 'close'];

describe('a request whose server hangs up instead of answering', () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  /** A server that reads the request and closes cleanly (a FIN) without a reply. */
  async function hangingUp(): Promise<number> {
    return listen(opened.server(net.createServer((peer) => peer.once('data', () => peer.end()))));
  }

  /** Sends a request and waits for the reply as the shape under test does; says how the promise ended by the socket's 'close'. */
  async function ask(settleOnClose: boolean): Promise<{ outcome: string; seen: string[] }> {
    const socket = opened.socket(net.connect(await hangingUp(), LOOPBACK));
    const seen = recordEvents(socket, EVENTS);
    let outcome = 'pending';
    const reply = new Promise<Buffer>((resolve, reject) => {
      socket.once('data', resolve);
      socket.once('error', reject);
      if (settleOnClose) socket.once('close', () => reject(new Error('closed before the reply')));
    });
    reply.then(
      () => (outcome = 'resolved'),
      () => (outcome = 'rejected'),
    );
    socket.write('PING\r\n');
    await nextClose(socket);
    // Past 'close', nothing more can come from the socket: a pending promise stays so.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { outcome, seen };
  }

  it("emits 'end' and 'close', no 'error': a promise settled by 'data' and 'error' stays pending", async () => {
    expect(await ask(false)).toEqual({ outcome: 'pending', seen: ['end', 'close'] });
  });

  it("a 'close' listener that settles the promise ends the wait", async () => {
    expect((await ask(true)).outcome).toBe('rejected');
  });
});

describe("a request whose server hangs up, on a socket with an idle timeout", () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  /** Asks a server that reads the request and closes cleanly; says which events came within a second. */
  async function events(allowHalfOpen: boolean): Promise<string[]> {
    const port = await listen(opened.server(net.createServer((peer) => peer.once('data', () => peer.end()))));
    const socket = opened.socket(net.connect({ port, host: LOOPBACK, allowHalfOpen }));
    const seen = recordEvents(socket, [...EVENTS, 'timeout']);
    socket.setTimeout(200);
    socket.write('PING\r\n');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return seen;
  }

  it("never times out once the socket closed: a promise a 'timeout' listener would settle stays pending", async () => {
    expect(await events(false)).toEqual(['end', 'close']);
  });

  it("times out after the peer's FIN when the socket is half-open (allowHalfOpen), which keeps it open", async () => {
    expect((await events(true)).slice(0, 2)).toEqual(['end', 'timeout']);
  });
});

describe('a connect to a port nobody listens on', () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  it("emits 'error' and 'close' and never calls the connect callback: a promise only it settles stays pending", async () => {
    const socket = opened.socket(new net.Socket());
    const seen = recordEvents(socket, EVENTS);
    // The file's own 'error' listener elsewhere only logs; it cannot settle the promise.
    socket.on('error', () => {});
    let outcome = 'pending';
    const port = await closedPort();
    new Promise<void>((resolve) => socket.connect(port, LOOPBACK, () => resolve())).then(() => (outcome = 'resolved'));
    await nextClose(socket);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect({ outcome, seen }).toEqual({ outcome: 'pending', seen: ['error ECONNREFUSED', 'close'] });
  });

  it("calls the first connect's callback when the socket's own 'close' listener connects it again and that attempt succeeds", async () => {
    const socket = opened.socket(new net.Socket());
    const seen = recordEvents(socket, EVENTS);
    socket.on('error', () => {});
    const [refused, listening] = [await closedPort(), await listen(opened.server(net.createServer()))];
    socket.once('close', () => socket.connect(listening, LOOPBACK));
    let outcome = 'pending';
    const connected = new Promise<void>((resolve) => socket.connect(refused, LOOPBACK, () => resolve())).then(() => (outcome = 'resolved'));
    await within(connected, 'the first connect callback, on the second attempt');
    expect({ outcome, seen }).toEqual({ outcome: 'resolved', seen: ['error ECONNREFUSED', 'close'] });
  });
});
