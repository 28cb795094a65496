/**
 * The helpers of src/socket-helpers.ts on real sockets on 127.0.0.1: a peer that resets, a peer
 * that finishes cleanly, a peer that never finishes, sockets already destroyed or closed, and
 * helpers called twice. Every wait is bounded by `within()`; nothing sleeps a fixed time.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';

import { afterEach, describe, expect, it } from 'vitest';

import { endGracefully, ignoreBenignClose, onSocketClose, type ClosableStream } from '../src/codes.js';
import {
  closedPort,
  connectedPair,
  listen,
  LOOPBACK,
  next,
  nextClose,
  Opened,
  recordEvents,
  turn,
  within,
} from './support/loopback.js';

const opened = new Opened();
afterEach(() => opened.closeAll());

// The helpers are typed structurally: every socket Node hands out fits (checked by `tsc`).
const fits: [net.Socket, tls.TLSSocket, Duplex] extends [ClosableStream, ClosableStream, ClosableStream] ? true : false = true;

/** A pair whose server side does not end when the client ends (the peer decides when it finishes). */
function halfOpenPair() {
  return connectedPair(opened, { allowHalfOpen: true });
}

describe('onSocketClose', () => {
  it('runs the cleanup once after a peer reset, which brings no end event', async () => {
    expect(fits).toBe(true);
    const { client, peer } = await connectedPair(opened);
    const events = recordEvents(client, ['end', 'error', 'close']);
    let runs = 0;
    onSocketClose(client, () => runs++);
    const closed = nextClose(client);
    peer.resetAndDestroy();
    expect(await closed).toBe(true);
    await turn();
    expect(events).toEqual(['error ECONNRESET', 'close']);
    expect(runs).toBe(1);
  });

  it('runs the cleanup once after a clean close', async () => {
    const { client, peer } = await connectedPair(opened);
    client.on('error', () => {});
    let runs = 0;
    onSocketClose(client, () => runs++);
    const closed = nextClose(client);
    peer.end();
    expect(await closed).toBe(false);
    await turn();
    expect(runs).toBe(1);
  });

  it('runs the cleanup after destroy() called before the helper, once the close comes', async () => {
    const { client } = await connectedPair(opened);
    client.destroy();
    let runs = 0;
    onSocketClose(client, () => runs++);
    await nextClose(client);
    expect(runs).toBe(1);
  });

  it('runs the cleanup of a socket that has already closed, right after the call returns', async () => {
    const { client } = await connectedPair(opened);
    const closed = nextClose(client);
    client.destroy();
    await closed;
    let runs = 0;
    onSocketClose(client, () => runs++);
    expect(runs).toBe(0);
    await turn();
    expect(runs).toBe(1);
  });

  it('runs each registered cleanup once, and not a cancelled one', async () => {
    const { client, peer } = await connectedPair(opened);
    client.on('error', () => {});
    const runs: string[] = [];
    onSocketClose(client, () => runs.push('first'));
    onSocketClose(client, () => runs.push('second'));
    const cancel = onSocketClose(client, () => runs.push('cancelled'));
    cancel();
    const closed = nextClose(client);
    peer.resetAndDestroy();
    await closed;
    await turn();
    expect(runs).toEqual(['first', 'second']);
    expect(client.listenerCount('close')).toBe(0);
  });
});

describe('endGracefully', () => {
  it('resolves after a clean close: FIN sent, the peer finishes, no destroy needed', async () => {
    const { client, peer } = await connectedPair(opened);
    const events = recordEvents(client, ['end', 'error', 'close']);
    const peerEnded = next(peer, 'end', "the peer's 'end'");
    await within(endGracefully(client, { timeoutMs: 1_000 }), 'endGracefully to resolve');
    await peerEnded;
    expect(events).toEqual(['end', 'close']);
    expect(client.closed).toBe(true);
    expect(client.errored).toBe(null);
  });

  it('destroys a socket whose peer never finishes, once timeoutMs have passed', async () => {
    const { client, peer } = await halfOpenPair();
    const peerEnded = next(peer, 'end', "the peer's 'end'");
    const started = performance.now();
    await within(endGracefully(client, { timeoutMs: 150 }), 'endGracefully to resolve');
    const elapsed = performance.now() - started;
    // The peer got our FIN but kept its side open: only the timeout closed the socket.
    await peerEnded;
    expect(peer.writable).toBe(true);
    expect(client.destroyed).toBe(true);
    expect(client.closed).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(140);
  });

  it('resolves, not rejects, when the peer resets the connection while it ends', async () => {
    const { client, peer } = await halfOpenPair();
    const events = recordEvents(client, ['end', 'error', 'close']);
    const ending = endGracefully(client, { timeoutMs: 1_500 });
    await next(peer, 'end', "the peer's 'end'");
    peer.resetAndDestroy();
    await within(ending, 'endGracefully to resolve');
    expect(events).toEqual(['error ECONNRESET', 'close']);
  });

  it('rejects with an error that is not routine teardown, once the socket has closed', async () => {
    const { client } = await halfOpenPair();
    const ending = endGracefully(client, { timeoutMs: 1_500 });
    const outcome = ending.then(
      () => 'resolved',
      (error: NodeJS.ErrnoException) => error.code,
    );
    // write() after end() is a bug, not a teardown: the caller must hear about it.
    client.write('late');
    expect(await within(outcome, 'endGracefully to settle')).toBe('ERR_STREAM_WRITE_AFTER_END');
    expect(client.closed).toBe(true);
  });

  it('resolves for a socket destroyed before the call (end() would never call back)', async () => {
    const { client } = await connectedPair(opened);
    client.destroy();
    await within(endGracefully(client, { timeoutMs: 1_000 }), 'endGracefully to resolve');
    expect(client.closed).toBe(true);
  });

  it('resolves at once for a socket that has already closed', async () => {
    const { client } = await connectedPair(opened);
    const closed = nextClose(client);
    client.destroy();
    await closed;
    await within(endGracefully(client, { timeoutMs: 60_000 }), 'endGracefully to resolve');
    expect(client.listenerCount('error')).toBe(0);
  });

  it('can be called twice: both calls resolve on the same close, the peer sees one FIN', async () => {
    const { client, peer } = await connectedPair(opened);
    const peerEvents = recordEvents(peer, ['end', 'close']);
    const peerClosed = nextClose(peer);
    const first = endGracefully(client, { timeoutMs: 1_000 });
    const second = endGracefully(client, { timeoutMs: 1_000 });
    await within(Promise.all([first, second]), 'both calls to resolve');
    await peerClosed;
    expect(peerEvents).toEqual(['end', 'close']);
    // Each call removed its own listeners once the socket closed.
    expect(client.listenerCount('error')).toBe(0);
  });

  it("ends the raw socket an HTTP server hands to 'upgrade'", async () => {
    const server = opened.server(http.createServer());
    const ended = new Promise<void>((resolve, reject) => {
      server.on('upgrade', (_req, socket: Duplex) => {
        socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: demo\r\n\r\n');
        endGracefully(socket, { timeoutMs: 1_000 }).then(resolve, reject);
      });
    });
    const port = await listen(server);
    const client = opened.socket(net.connect({ port, host: LOOPBACK }));
    client.on('error', () => {});
    const clientClosed = nextClose(client);
    client.resume(); // read the 101 and the FIN after it
    client.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: demo\r\n\r\n');
    await within(ended, 'the upgraded socket to end');
    expect(await clientClosed).toBe(false);
  });
});

describe('ignoreBenignClose', () => {
  it('keeps a peer reset from the handler, and the process alive', async () => {
    const { client, peer } = await connectedPair(opened);
    const seen: string[] = [];
    client.on(
      'error',
      ignoreBenignClose((error: NodeJS.ErrnoException) => seen.push(String(error.code))),
    );
    const closed = nextClose(client);
    peer.resetAndDestroy();
    expect(await closed).toBe(true);
    expect(seen).toEqual([]);
  });

  it('passes a refused connection on to the handler', async () => {
    const port = await closedPort();
    const client = opened.socket(net.connect({ port, host: LOOPBACK }));
    const seen = new Promise<string | undefined>((resolve) => {
      client.on(
        'error',
        ignoreBenignClose((error: NodeJS.ErrnoException) => resolve(error.code)),
      );
    });
    expect(await within(seen, 'the handler to get the error')).toBe('ECONNREFUSED');
  });

  it('passes a write after end() on to the handler: a bug is not teardown', async () => {
    const { client } = await halfOpenPair();
    const seen = new Promise<string | undefined>((resolve) => {
      client.on(
        'error',
        ignoreBenignClose((error: NodeJS.ErrnoException) => resolve(error.code)),
      );
    });
    client.end();
    client.write('late');
    expect(await within(seen, 'the handler to get the error')).toBe('ERR_STREAM_WRITE_AFTER_END');
  });
});
