/**
 * What cleanupOnEnd relies on for an entry a connection owns (`registry[id] = request` beside
 * `conn.on('end', () => delete registry[id])`), measured on Node over 127.0.0.1: once the socket
 * is up and has talked, a peer reset gives 'error' then 'close', never 'end' nor 'finish' (not even
 * after our own `end()`), while a clean close gives 'end' and 'close'. Only 'close' comes both ways.
 * So a removal by position run from both 'error' and 'close' runs twice, and the second
 * `splice(indexOf(…), 1)` takes out another, live connection. And a relayed socket torn down only in the other's 'error' listener outlives a clean close of
 * that one, unless the other is piped into it (the pipe ends it on 'end'), also through a Transform.
 * And the callbacks of writes still pending when the socket closes are all called by then, whether
 * we destroy it or the peer goes away: a collection of those callbacks strands nothing.
 */
import net from 'node:net';
import { Transform } from 'node:stream';

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

describe('the callbacks of pending writes', () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  /** Writes 50 chunks of 1 MB to a peer that never reads, then closes as `close` says; how many callbacks ran by 'close'. */
  async function calledBack(close: (socket: net.Socket, peer: net.Socket) => void): Promise<number> {
    let accepted: (peer: net.Socket) => void = () => {};
    const peerReady = new Promise<net.Socket>((resolve) => (accepted = resolve));
    const server = opened.server(net.createServer((peer) => { peer.pause(); accepted(peer); }));
    const socket = opened.socket(net.connect(await listen(server), LOOPBACK));
    socket.on('error', () => {});
    let called = 0;
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 50; i++) socket.write(chunk, () => called++);
    close(socket, await peerReady);
    await nextClose(socket);
    return called;
  }

  it("are all called by 'close' when we destroy the socket", async () => {
    expect(await calledBack((socket) => setTimeout(() => socket.destroy(), 20))).toBe(50);
  });

  it("are all called by 'close' when the peer goes away", async () => {
    expect(await calledBack((_socket, peer) => setTimeout(() => peer.destroy(), 20))).toBe(50);
  });
});

describe('a relayed socket torn down in the other one\'s \'error\' listener only', () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  /** The service says hello and closes cleanly; the relay's far end stays quiet. `wire` joins the two. */
  async function relayAfterCleanClose(wire: (service: net.Socket, relay: net.Socket) => void): Promise<{ ended: boolean; destroyed: boolean }> {
    const service = opened.server(net.createServer((peer) => peer.end('hello\n')));
    const far = opened.server(net.createServer(() => {}));
    const relay = opened.socket(net.connect(await listen(far), LOOPBACK));
    relay.on('error', () => {});
    const upstream = opened.socket(net.connect(await listen(service), LOOPBACK));
    upstream.on('error', () => relay.end());
    wire(upstream, relay);
    await nextClose(upstream);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { ended: relay.writableEnded, destroyed: relay.destroyed };
  }

  it("stays open when the other closes cleanly and only writes its data on", async () => {
    expect(await relayAfterCleanClose((service, relay) => service.on('data', (chunk) => relay.write(chunk)))).toEqual({ ended: false, destroyed: false });
  });

  it('is ended when the other is piped into it', async () => {
    expect((await relayAfterCleanClose((service, relay) => service.pipe(relay))).ended).toBe(true);
  });

  it('is ended when the other is piped into it through a Transform that counts the bytes', async () => {
    let size = 0;
    const counter = (): Transform => new Transform({ transform(chunk: Buffer, _encoding, next) { size += chunk.length; next(null, chunk); } });
    expect((await relayAfterCleanClose((service, relay) => service.pipe(counter()).pipe(relay))).ended).toBe(true);
    expect(size).toBe('hello\n'.length);
  });
});

describe("a removal by position run from both 'error' and 'close'", () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  it('takes out another live connection the second time', async () => {
    const live: net.Socket[] = [];
    const forget = (sock: net.Socket): void => {
      live.splice(live.indexOf(sock), 1);
    };
    let accepted = 0;
    let bothIn: () => void = () => {};
    const ready = new Promise<void>((resolve) => (bothIn = resolve));
    const server = opened.server(
      net.createServer((sock) => {
        live.push(sock);
        sock.on('error', () => forget(sock));
        sock.on('close', () => forget(sock));
        if (++accepted === 2) bothIn();
      }),
    );
    const port = await listen(server);
    const first = opened.socket(net.connect(port, LOOPBACK));
    first.on('error', () => {});
    await new Promise((resolve) => first.once('connect', resolve));
    const second = opened.socket(net.connect(port, LOOPBACK));
    second.on('error', () => {});
    await ready;
    const [reset] = live;
    const closed = new Promise((resolve) => reset!.once('close', resolve));
    first.resetAndDestroy();
    await closed;
    expect(live.length).toBe(0);
    expect(second.destroyed).toBe(false);
  });
});
