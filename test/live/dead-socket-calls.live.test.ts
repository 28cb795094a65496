/**
 * What calls on a destroyed socket do, measured on 127.0.0.1: the facts behind no-use-after-dead's
 * `QUIET_WHEN_DEAD` (src/model/dead-socket.ts) and behind counting an `end()` of the peer in the
 * client's 'close' listener for a `pipe()` or a `write()` in the peer's connect callback
 * (src/model/liveness-peers.ts `stopsPeerOnClose`, src/model/liveness-calls.ts `CLOSES_ONCE_CONNECTED`).
 */
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: net.Server;
let port: number;
/** The server's side of every connection, destroyed at the end (a reset after a write can leave it open). */
const accepted = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((socket) => {
    accepted.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const socket of accepted) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A connected socket, destroyed and closed. */
async function deadSocket(): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.destroy();
  await new Promise((resolve) => socket.once('close', resolve));
  return socket;
}


/**
 * Serves the one connection of a front server on 127.0.0.1 with `serve` (which calls `done` once
 * its backend closed), against a user that connects and, with `leave`, then leaves; closes both.
 */
async function frontConnection(serve: (client: net.Socket, done: () => void) => void, leave?: (user: net.Socket) => void): Promise<void> {
  const front = net.createServer();
  const served = new Promise<void>((resolve) => front.on('connection', (client) => serve(client, resolve)));
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const user = net.connect((front.address() as net.AddressInfo).port, '127.0.0.1', () => leave?.(user));
  user.on('error', () => {});
  try {
    await served;
  } finally {
    user.destroy();
    front.close();
  }
}

describe('calls on a destroyed socket', () => {
  it.each([
    ['resume', (s: net.Socket) => s.resume()],
    ['setKeepAlive', (s: net.Socket) => s.setKeepAlive(true, 1000)],
    ['setNoDelay', (s: net.Socket) => s.setNoDelay(true)],
    ['setTimeout', (s: net.Socket) => s.setTimeout(20)],
    ['setTimeout(0)', (s: net.Socket) => s.setTimeout(0)],
    ['cork and uncork', (s: net.Socket) => (s.cork(), s.uncork())],
  ])('%s neither throws nor emits anything', async (_name, call) => {
    const socket = await deadSocket();
    const events: string[] = [];
    for (const event of ['error', 'timeout', 'close', 'end']) socket.on(event, () => events.push(event));
    expect(() => call(socket)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(events).toEqual([]);
  });

  it('write() fails, in its callback only', async () => {
    const socket = await deadSocket();
    const events: string[] = [];
    socket.on('error', () => events.push('error'));
    const failure = await new Promise<string | undefined>((resolve) => socket.write('x', (err) => resolve((err as NodeJS.ErrnoException | null)?.code)));
    expect(failure).toBe('ERR_STREAM_DESTROYED');
    expect(events).toEqual([]);
  });
});

describe("a client that leaves while its backend connects, and whose 'close' listener ends the backend", () => {
  it('the connect callback still runs; piping the dead client there leaves the backend to close', async () => {
    const seen: string[] = [];
    await frontConnection((client, done) => {
      client.on('error', () => {});
      const backend = net.connect(port, '127.0.0.1', () => {
        seen.push(`connect callback, client destroyed: ${client.destroyed}`);
        client.resume();
        client.pipe(backend).pipe(client);
      });
      backend.on('error', (err) => seen.push(`backend error ${(err as NodeJS.ErrnoException).code}`));
      client.once('close', () => {
        seen.push(`client close, backend connecting: ${backend.connecting}`);
        backend.end();
      });
      backend.on('close', done);
      client.destroy(); // the client leaves before the backend is up
    });
    expect(seen).toEqual(['client close, backend connecting: true', 'connect callback, client destroyed: true']);
  });
});

describe("a client that fails while its backend connects, and whose 'error' listener ends the backend", () => {
  it('the connect callback pipes the failed client into the backend: nothing throws, and the backend closes', async () => {
    const seen: string[] = [];
    await frontConnection((client, done) => {
      const backend = net.connect(port, '127.0.0.1', () => {
        seen.push(`connect callback, client destroyed: ${client.destroyed}`);
        client.pipe(backend);
        backend.pipe(client);
      });
      backend.on('error', (err) => seen.push(`backend error ${(err as NodeJS.ErrnoException).code}`));
      client.on('error', () => {
        seen.push(`client error, backend connecting: ${backend.connecting}`);
        backend.end();
      });
      backend.on('close', done);
      client.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    });
    expect(seen).toEqual(['client error, backend connecting: true', 'connect callback, client destroyed: true']);
  });
});

describe('end(), destroySoon() and resetAndDestroy() on a socket still connecting', () => {
  it.each(['end', 'destroySoon', 'resetAndDestroy'] as const)('%s(): the connect callback still runs, then the socket closes', async (method) => {
    const seen: string[] = [];
    const socket = net.connect(port, '127.0.0.1', () => seen.push('connect callback'));
    socket.on('error', (err) => seen.push(`error ${(err as NodeJS.ErrnoException).code}`));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket[method]();
    try {
      await closed;
      expect(seen).toEqual(['connect callback']);
    } finally {
      socket.destroy();
    }
  });
});

describe('a write in the connect callback of a socket ended while it connects', () => {
  it.each([
    ['end', 'write', 'ERR_STREAM_WRITE_AFTER_END'],
    ['destroySoon', 'write', 'ERR_STREAM_WRITE_AFTER_END'],
    ['end', 'end(data)', 'ERR_STREAM_WRITE_AFTER_END'],
    ['resetAndDestroy', 'write', undefined],
  ] as const)('after %s(), %s() in the callback emits %s', async (stop, use, code) => {
    const errors: string[] = [];
    const socket = net.connect(port, '127.0.0.1', () => {
      if (use === 'write') socket.write('head');
      else socket.end('head');
    });
    socket.on('error', (err) => errors.push(String((err as NodeJS.ErrnoException).code)));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket[stop]();
    try {
      await closed;
      expect(errors).toEqual(code ? [code] : []);
    } finally {
      socket.destroy();
    }
  });
});

describe("a client that ends cleanly while its backend connects, heard only on 'error'", () => {
  it('piping the ended client into the backend in the connect callback ends the backend, which closes', async () => {
    const seen: string[] = [];
    await frontConnection(
      (client, done) => {
        const backend = new net.Socket();
        client.on('error', () => backend.destroy());
        backend.on('error', (err) => seen.push(`backend error ${(err as NodeJS.ErrnoException).code}`));
        backend.on('close', done);
        client.resume();
        // The client's FIN is in before the backend connects.
        client.once('end', () =>
          backend.connect(port, '127.0.0.1', () => {
            seen.push(`connect callback, client ended: ${client.readableEnded}`);
            client.pipe(backend);
            backend.pipe(client);
          }),
        );
      },
      (user) => user.end(),
    );
    expect(seen).toEqual(['connect callback, client ended: true']);
  });
});
