/**
 * What cleanupOnEnd relies on for an entry a connection owns (`registry[id] = request` beside
 * `conn.on('end', () => delete registry[id])`), measured on Node over 127.0.0.1: once the socket
 * is up and has talked, a peer reset gives 'error' then 'close', never 'end' nor 'finish' (not even
 * after our own `end()`), while a clean close gives 'end' and 'close'. Only 'close' comes both ways.
 */
import net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { listen, LOOPBACK, nextClose, Opened, recordEvents } from '../support/loopback.js';

const EVENTS = ['end', 'finish', 'error', 'close'];

describe('the last events of a connection that has talked', () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  /** A server that answers the first chunk, then hangs up as `hangUp` says. */
  async function upstream(hangUp: (peer: net.Socket) => void): Promise<number> {
    const server = opened.server(
      net.createServer((peer) => {
        peer.once('data', () => {
          peer.write('hello\n');
          setTimeout(() => hangUp(peer), 20);
        });
      }),
    );
    return listen(server);
  }

  it("a peer reset after the exchange gives 'error' then 'close', never 'end' or 'finish'", async () => {
    const socket = opened.socket(net.connect(await upstream((peer) => peer.resetAndDestroy()), LOOPBACK));
    const seen = recordEvents(socket, EVENTS);
    socket.resume();
    socket.write('hi\n');
    await nextClose(socket);
    expect(seen).toEqual(['error ECONNRESET', 'close']);
  });

  it("our own end() does not bring 'finish' when the peer resets before reading it", async () => {
    const server = opened.server(net.createServer((peer) => peer.resetAndDestroy()));
    const resetting = await listen(server);
    const socket = opened.socket(net.connect(resetting, LOOPBACK));
    const seen = recordEvents(socket, EVENTS);
    // Enough data that the kernel cannot take it all before the reset arrives.
    socket.on('connect', () => socket.end(Buffer.alloc(16 * 1024 * 1024)));
    await nextClose(socket);
    expect(seen.filter((event) => event !== 'error EPIPE')).toEqual(['error ECONNRESET', 'close']);
  });

  it("a clean close after the exchange gives 'end' and 'close'", async () => {
    const socket = opened.socket(net.connect(await upstream((peer) => peer.end()), LOOPBACK));
    const seen = recordEvents(socket, EVENTS);
    socket.resume(); // read the greeting, so the peer's FIN is seen
    socket.write('hi\n');
    socket.on('end', () => socket.end());
    await nextClose(socket);
    expect(seen).toEqual(['end', 'finish', 'close']);
  });
});
