/**
 * The error-code table (src/codes.ts) proved on real sockets. Each test provokes an error on
 * 127.0.0.1, checks what Node reports (code, syscall, message, and the events around it, as
 * DESIGN.md §3 states them), then checks that the guards classify that very error object exactly as
 * the table entry says. A table entry that disagrees with what Node does fails here.
 *
 * Not provoked here: ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENETDOWN, EHOSTDOWN (need a remote or
 * broken network), ENOTFOUND and the other DNS codes (need a resolver), EADDRNOTAVAIL (needs an
 * address other than 127.0.0.1), ECONNABORTED (libuv ignores it in accept(); reads and writes report
 * it on Windows), ESHUTDOWN (Node never writes after its own shutdown), ECANCELED (Node drops the
 * callbacks of requests cancelled by a close), EBADF and ENOTSOCK (listen({ fd }) on a bad
 * descriptor gives EINVAL), ERR_SOCKET_CONNECTION_TIMEOUT (Node 20's connect loop always records an
 * error first).
 */
import { spawnSync } from 'node:child_process';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  classifySocketError,
  isBenignCloseError,
  isDeadSocketError,
  isKnownErrorCode,
  isSocketError,
  SOCKET_ERRORS,
  type SocketErrorCode,
  type SocketErrorKind,
} from '../src/codes.js';
import {
  type Certificates,
  closedPort,
  connectedPair,
  listen,
  LOOPBACK,
  makeCertificates,
  next,
  nextClose,
  nextError,
  nextFailure,
  Opened,
  recordEvents,
  run,
  runNode,
  turn,
  within,
  writeUntilError,
} from './support/loopback.js';

const opened = new Opened();
afterEach(() => opened.closeAll());

interface Classification {
  kind: SocketErrorKind;
  dead: boolean;
  benignOnClose: boolean;
}

const syscallOf = (error: unknown): unknown => (error as { syscall?: unknown }).syscall;
const errno = (name: keyof typeof os.constants.errno) => -os.constants.errno[name];

/**
 * `error` has `code`; the table entry says `expected` (kind, dead, benignOnClose); every guard
 * answers the same for the real error object; and the syscall Node reported, if any, is listed.
 */
function expectClassified(error: unknown, code: SocketErrorCode, expected: Classification): void {
  expect(error).toHaveProperty('code', code);
  const { kind, dead, benignOnClose, syscalls } = SOCKET_ERRORS[code];
  expect({ kind, dead, benignOnClose }, `the table entry SOCKET_ERRORS.${code}`).toEqual(expected);
  expect(
    {
      isSocketError: isSocketError(error),
      kind: classifySocketError(error),
      dead: isDeadSocketError(error),
      benignOnClose: isBenignCloseError(error),
    },
    `the guards on a real ${code}`,
  ).toEqual({ isSocketError: true, ...expected });
  const syscall = syscallOf(error);
  if (syscall !== undefined) {
    expect(syscalls, `Node reported ${code} with syscall ${JSON.stringify(syscall)}: list it in the table`).toContain(syscall);
  }
}

/** A code Node raises that the table does not classify; `isKnownErrorCode` must still know it. */
function expectKnownButUnclassified(error: unknown, code: string): void {
  expect(error).toHaveProperty('code', code);
  expect(isKnownErrorCode(code), `${code} is not a known code`).toBe(true);
  expect(isSocketError(error), `${code} is now in the table: classify it with expectClassified`).toBe(false);
}

describe('a peer that resets the connection (RST)', () => {
  it("ECONNRESET on read: 'error' on an already destroyed socket, then 'close' with hadError, no 'end'", async () => {
    const { client, peer } = await connectedPair(opened);
    const events = recordEvents(client, ['end', 'error', 'close']);
    const closed = nextClose(client);
    const inListener = within(
      new Promise<{ error: unknown; destroyed: boolean; closed: boolean; errored: boolean }>((resolve) => {
        client.once('error', (error) =>
          resolve({ error, destroyed: client.destroyed, closed: client.closed, errored: client.errored === error }),
        );
      }),
      "the client's 'error'",
    );
    peer.resetAndDestroy();

    const { error, ...state } = await inListener;
    expect(error).toMatchObject({ code: 'ECONNRESET', syscall: 'read', errno: errno('ECONNRESET'), message: 'read ECONNRESET' });
    expect(state).toEqual({ destroyed: true, closed: true, errored: true });
    expect(await closed).toBe(true);
    expect(events).toEqual(['error ECONNRESET', 'close']);
    expectClassified(error, 'ECONNRESET', { kind: 'connection-lost', dead: state.destroyed, benignOnClose: true });

    // A second destroy() is a no-op: no second 'error', no second 'close'.
    client.destroy(new Error('destroyed again'));
    await turn();
    expect(events).toEqual(['error ECONNRESET', 'close']);
  });

  it('ECONNRESET on write: the first write after the reset fails, to its callback and as error', async () => {
    // The accepted socket does not read (pauseOnConnect), so the reset can only surface on a write.
    const { client, peer } = await connectedPair(opened, { pauseOnConnect: true });
    client.resetAndDestroy();
    await nextClose(client);

    const errorEvent = nextError(peer);
    const closed = nextClose(peer);
    const { error, writes } = await writeUntilError(peer);
    expect(error).toMatchObject({ code: 'ECONNRESET', syscall: 'write', errno: errno('ECONNRESET'), message: 'write ECONNRESET' });
    expect(writes).toBe(1);
    expect(await errorEvent).toBe(error);
    expect(await closed).toBe(true);
    expectClassified(error, 'ECONNRESET', { kind: 'connection-lost', dead: peer.destroyed, benignOnClose: true });
  });

  it("end() after a peer reset: shutdown's ENOTCONN is swallowed; the app sees 'finish', then read ECONNRESET", async () => {
    const { client, peer } = await connectedPair(opened, { pauseOnConnect: true });
    client.resetAndDestroy();
    await nextClose(client);

    const events = recordEvents(peer, ['finish', 'end', 'error', 'close']);
    const [endError] = await within(new Promise<unknown[]>((resolve) => peer.end((...args: unknown[]) => resolve(args))), 'the end() callback');
    await turn();
    // shutdown(2) failed with ENOTCONN (the kernel already dropped the connection); Node 20 takes
    // that as a finished shutdown: the callback gets no error and 'finish' is emitted.
    expect(endError ?? null).toBeNull();
    expect(events).toEqual(['finish']);
    expect(peer.destroyed).toBe(false);

    const error = nextError(peer);
    const closed = nextClose(peer);
    peer.resume();
    expect(await error).toMatchObject({ code: 'ECONNRESET', syscall: 'read' });
    expect(await closed).toBe(true);
    expect(events).toEqual(['finish', 'error ECONNRESET', 'close']);
    expectClassified(await error, 'ECONNRESET', { kind: 'connection-lost', dead: true, benignOnClose: true });
  });

  it('stream.finished() on a socket the peer resets reports the reset itself', async () => {
    const { client, peer } = await connectedPair(opened);
    client.on('error', () => {});
    const done = within(new Promise<unknown>((resolve) => finished(client, resolve)), 'stream.finished');
    peer.resetAndDestroy();
    const error = await done;
    expect(error).toMatchObject({ code: 'ECONNRESET', syscall: 'read' });
    expectClassified(error, 'ECONNRESET', { kind: 'connection-lost', dead: client.destroyed, benignOnClose: true });
  });

  it('stream.finished() on a socket destroyed before it ended: ERR_STREAM_PREMATURE_CLOSE', async () => {
    const { client } = await connectedPair(opened);
    const done = within(new Promise<unknown>((resolve) => finished(client, resolve)), 'stream.finished');
    client.destroy();
    const error = await done;
    expect(error).toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE', message: 'Premature close' });
    expect(syscallOf(error)).toBeUndefined();
    expectClassified(error, 'ERR_STREAM_PREMATURE_CLOSE', { kind: 'connection-lost', dead: client.destroyed, benignOnClose: true });
  });

  it("ECONNRESET on connect: the server resets in its 'connection' listener, before the client saw the connect", async () => {
    const server = opened.server(net.createServer((peer) => peer.resetAndDestroy()));
    const port = await listen(server);
    const client = opened.socket(net.connect(port, LOOPBACK));
    const events = recordEvents(client, ['connect', 'error', 'close']);
    const closed = nextClose(client);
    const error = await nextError(client);
    expect(error).toMatchObject({
      code: 'ECONNRESET',
      syscall: 'connect',
      address: LOOPBACK,
      port,
      message: `connect ECONNRESET ${LOOPBACK}:${port}`,
    });
    expect(await closed).toBe(true);
    expect(events).toEqual(['error ECONNRESET', 'close']);
    expectClassified(error, 'ECONNRESET', { kind: 'connection-lost', dead: client.destroyed, benignOnClose: true });
  });

  it("a socket with no 'error' listener crashes the process on the first ECONNRESET", async () => {
    const { status, stderr } = await runNode(`
      const net = require('node:net');
      const server = net.createServer((peer) => { server.close(); peer.resetAndDestroy(); });
      server.listen(0, '127.0.0.1', () => net.connect(server.address().port, '127.0.0.1'));
    `);
    expect(status).toBe(1);
    expect(stderr).toContain("Unhandled 'error' event");
    expect(stderr).toMatch(/Error: (connect|read) ECONNRESET/);
    expect(stderr).toContain("Emitted 'error' event on Socket instance");
  });
});

describe('a peer that closed its side (FIN)', () => {
  it('EPIPE with no syscall: a write after the peer ended (allowHalfOpen false)', async () => {
    const { client, peer } = await connectedPair(opened);
    const ended = next(client, 'end');
    client.resume();
    peer.end();
    await ended;
    // Node already ended our side in answer to the FIN, and swapped write() for one that fails.
    expect({ writable: client.writable, writableEnded: client.writableEnded }).toEqual({ writable: false, writableEnded: true });

    const errorEvent = nextFailure(client, "the client's 'error'");
    const callback = within(new Promise<unknown>((resolve) => client.write('late', resolve)), 'the write callback');
    const [error, fromEvent] = await Promise.all([callback, errorEvent]);
    expect(error).toMatchObject({ code: 'EPIPE', message: 'This socket has been ended by the other party' });
    expect(syscallOf(error)).toBeUndefined();
    expect(fromEvent.error).toBe(error);
    expectClassified(error, 'EPIPE', { kind: 'connection-lost', dead: fromEvent.destroyed, benignOnClose: true });
  });

  it("EPIPE from write(2) (syscall 'write'): allowHalfOpen, and the peer closed entirely", async () => {
    const { client, peer } = await connectedPair(opened, {}, { allowHalfOpen: true });
    const ended = next(client, 'end');
    client.resume();
    peer.destroy();
    await ended;
    expect(client.writable).toBe(true);

    // The first write reaches a closed socket, whose kernel answers with RST; the next one fails.
    const errorEvent = nextError(client);
    const { error, writes } = await writeUntilError(client);
    expect(error).toMatchObject({ code: 'EPIPE', syscall: 'write', errno: errno('EPIPE'), message: 'write EPIPE' });
    expect(writes).toBe(2);
    expect(await errorEvent).toBe(error);
    expectClassified(error, 'EPIPE', { kind: 'connection-lost', dead: client.destroyed, benignOnClose: true });
  });
});

describe('connecting and listening', () => {
  it('ECONNREFUSED names the address and port', async () => {
    const port = await closedPort();
    const socket = opened.socket(net.connect(port, LOOPBACK));
    const closed = nextClose(socket);
    const error = await nextError(socket);
    expect(error).toMatchObject({
      code: 'ECONNREFUSED',
      syscall: 'connect',
      errno: errno('ECONNREFUSED'),
      address: LOOPBACK,
      port,
      message: `connect ECONNREFUSED ${LOOPBACK}:${port}`,
    });
    expect(await closed).toBe(true);
    expectClassified(error, 'ECONNREFUSED', { kind: 'refused', dead: socket.destroyed, benignOnClose: false });
  });

  it("ECONNREFUSED on 'localhost': one error per address, an AggregateError when there are several", async (context) => {
    const addresses = await dns.lookup('localhost', { all: true });
    const loopback = addresses.every(({ address }) => address.startsWith('127.') || address === '::1');
    if (!loopback) context.skip();
    const port = await closedPort();
    const socket = opened.socket(net.connect({ port, host: 'localhost', autoSelectFamily: true }));
    const error = await nextError(socket);
    expect(error).toHaveProperty('code', 'ECONNREFUSED');
    if (addresses.length === 1) {
      expect(error).toMatchObject({ syscall: 'connect', address: addresses[0]?.address, port });
    } else {
      // autoSelectFamily tried each address: the code is the first attempt's, the rest are in `errors`.
      expect(error).toBeInstanceOf(AggregateError);
      const attempts = (error as unknown as AggregateError).errors as NodeJS.ErrnoException[];
      expect(attempts.map((attempt) => [attempt.code, attempt.syscall])).toEqual(addresses.map(() => ['ECONNREFUSED', 'connect']));
    }
    expectClassified(error, 'ECONNREFUSED', { kind: 'refused', dead: true, benignOnClose: false });
  });

  it.skipIf(process.platform !== 'linux')('a host with two addresses, both refused: an AggregateError with the code, whose message is empty', async () => {
    const port = await closedPort();
    const twoAddresses: net.LookupFunction = (_host, options, callback) =>
      options.all
        ? (callback as (err: null, addresses: { address: string; family: number }[]) => void)(null, [
            { address: '127.0.0.1', family: 4 },
            { address: '127.0.0.2', family: 4 },
          ])
        : callback(null, '127.0.0.1', 4);
    const socket = opened.socket(net.connect({ port, host: 'two.test', autoSelectFamily: true, lookup: twoAddresses }));
    const error = await nextError(socket);
    expect(error).toBeInstanceOf(AggregateError);
    expect(error.code).toBe('ECONNREFUSED');
    // What a check of the text sees: no code in it (`err.message.includes('ECONNREFUSED')`, `${err}`).
    expect(error.message).toBe('');
    expect(String(error)).toBe('AggregateError');
  });

  it("a write while connecting: its callback gets ERR_SOCKET_CLOSED_BEFORE_CONNECTION, 'error' gets ECONNREFUSED", async () => {
    const port = await closedPort();
    const socket = opened.socket(net.connect(port, LOOPBACK));
    const errorEvent = nextError(socket);
    const callback = within(new Promise<unknown>((resolve) => socket.write('hello', resolve)), 'the write callback');
    const [error, refused] = await Promise.all([callback, errorEvent]);
    expect(error).toMatchObject({
      code: 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION',
      message: 'Socket closed before the connection was established',
    });
    expect(refused).toHaveProperty('code', 'ECONNREFUSED');
    // The failed connect is the error; the queued write was cancelled with the socket.
    expectClassified(error, 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION', { kind: 'cancelled', dead: socket.destroyed, benignOnClose: true });
  });

  it('ABORT_ERR: a connect whose signal is aborted while connecting destroys the socket', async () => {
    const { server } = await connectedPair(opened);
    const { port } = server.address() as net.AddressInfo;
    const controller = new AbortController();
    const socket = opened.socket(net.connect({ port, host: LOOPBACK, signal: controller.signal }));
    const events = recordEvents(socket, ['connect', 'error', 'close']);
    const closed = nextClose(socket);
    const failed = nextFailure(socket, "the socket's 'error'");
    controller.abort();
    const { error, destroyed } = await failed;
    expect(error).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', message: 'The operation was aborted' });
    expect(syscallOf(error)).toBeUndefined();
    expect(await closed).toBe(true);
    expect(events).toEqual(['error ABORT_ERR', 'close']);
    expectClassified(error, 'ABORT_ERR', { kind: 'cancelled', dead: destroyed, benignOnClose: true });
  });

  it("ABORT_ERR with a signal aborted before net.connect(): 'error' and 'close', yet Node 20 connects the socket anyway", async () => {
    const { server } = await connectedPair(opened);
    const { port } = server.address() as net.AddressInfo;
    const socket = opened.socket(net.connect({ port, host: LOOPBACK, signal: AbortSignal.abort() }));
    const events = recordEvents(socket, ['connect', 'error', 'close']);
    const error = nextError(socket);
    // The stream is destroyed by the signal first, then connect() revives it (no handle yet, so
    // 'close' has no hadError argument); cleanup hung on 'close' runs while the connection lives on.
    const connected = next(socket, 'connect', "the aborted socket's 'connect'");
    expect(await error).toMatchObject({ code: 'ABORT_ERR' });
    await connected;
    expect(events).toEqual(['error ABORT_ERR', 'close', 'connect']);
    expect(socket.destroyed).toBe(false);
    expectClassified(await error, 'ABORT_ERR', { kind: 'cancelled', dead: true, benignOnClose: true });
  });

  it("EADDRINUSE: listen() on a taken port (syscall 'listen'), and a client bound to it (syscall 'bind')", async () => {
    const first = opened.server(net.createServer());
    const port = await listen(first);

    const second = opened.server(net.createServer());
    const listenError = nextError(second);
    second.listen(port, LOOPBACK);
    expect(await listenError).toMatchObject({
      code: 'EADDRINUSE',
      syscall: 'listen',
      errno: errno('EADDRINUSE'),
      address: LOOPBACK,
      port,
      message: `listen EADDRINUSE: address already in use ${LOOPBACK}:${port}`,
    });
    expect(second.listening).toBe(false);
    expectClassified(await listenError, 'EADDRINUSE', { kind: 'address', dead: true, benignOnClose: false });

    const client = opened.socket(net.connect({ port, host: LOOPBACK, localAddress: LOOPBACK, localPort: port }));
    const bindError = await nextError(client);
    expect(bindError).toMatchObject({ code: 'EADDRINUSE', syscall: 'bind', message: `bind EADDRINUSE ${LOOPBACK}:${port}` });
    expectClassified(bindError, 'EADDRINUSE', { kind: 'address', dead: client.destroyed, benignOnClose: false });
  });

  it("EINVAL: listen() on a descriptor that is not a socket (syscall 'listen')", async () => {
    const fd = fs.openSync(fileURLToPath(import.meta.url), 'r');
    opened.add(() => fs.closeSync(fd));
    const server = opened.server(net.createServer());
    const error = nextError(server);
    server.listen({ fd });
    expect(await error).toMatchObject({ code: 'EINVAL', syscall: 'listen', message: 'listen EINVAL: invalid argument' });
    expect(server.listening).toBe(false);
    expectClassified(await error, 'EINVAL', { kind: 'misuse', dead: false, benignOnClose: false });
  });

  it('EMFILE: connecting when the process has no descriptor left (ulimit -n)', async () => {
    // A child process under a low descriptor limit opens connections until one fails, then
    // prints that error. The limit runs out on socket() (client) or accept() (server).
    const { status, stdout, stderr } = await runNode(
      `
      const net = require('node:net');
      const sockets = [];
      const server = net.createServer((peer) => { sockets.push(peer); peer.on('error', () => {}); });
      const report = (error) => {
        const { code, syscall, message } = error;
        console.log(JSON.stringify({ code, syscall, message, connections: sockets.length }));
        for (const socket of sockets) socket.destroy();
        server.close();
      };
      server.on('error', report);
      server.listen(0, '127.0.0.1', function connectOne() {
        if (sockets.length > 1000) return report({ code: 'none' });
        const socket = net.connect(server.address().port, '127.0.0.1');
        sockets.push(socket);
        socket.on('error', report).on('connect', connectOne);
      });
    `,
      { maxOpenFiles: 64 },
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const error = JSON.parse(stdout) as { code: string; syscall: string; message: string };
    expect(error).toMatchObject({ code: 'EMFILE', message: expect.stringMatching(/^(connect|accept) EMFILE/) as unknown });
    expectClassified(error, 'EMFILE', { kind: 'resources', dead: true, benignOnClose: false });
  });
});

describe('using a stream the wrong way', () => {
  it("ERR_STREAM_WRITE_AFTER_END: write() after end() fails to the callback and as 'error'", async () => {
    const { client } = await connectedPair(opened);
    const order: string[] = [];
    const errorEvent = within(
      new Promise<{ error: unknown; destroyed: boolean }>((resolve) =>
        client.once('error', (error) => {
          order.push('error');
          resolve({ error, destroyed: client.destroyed });
        }),
      ),
      "the client's 'error'",
    );
    client.end();
    const callback = within(
      new Promise<unknown>((resolve) =>
        client.write('late', (error) => {
          order.push('callback');
          resolve(error);
        }),
      ),
      'the write callback',
    );
    const [error, fromEvent] = await Promise.all([callback, errorEvent]);
    expect(error).toMatchObject({ code: 'ERR_STREAM_WRITE_AFTER_END', message: 'write after end' });
    expect(fromEvent.error).toBe(error);
    expect(order).toEqual(['callback', 'error']);
    expectClassified(error, 'ERR_STREAM_WRITE_AFTER_END', { kind: 'misuse', dead: fromEvent.destroyed, benignOnClose: false });
  });

  it("ERR_STREAM_DESTROYED: write() after destroy() fails to the callback only; end(cb) never calls back", async () => {
    const { client } = await connectedPair(opened);
    const events = recordEvents(client, ['error', 'finish', 'close']);
    const closed = nextClose(client);
    client.destroy();
    const callback = within(new Promise<unknown>((resolve) => client.write('late', resolve)), 'the write callback');
    let endCalledBack = false;
    client.end(() => {
      endCalledBack = true;
    });
    const error = await callback;
    expect(error).toMatchObject({ code: 'ERR_STREAM_DESTROYED', message: 'Cannot call write after a stream was destroyed' });
    expect(await closed).toBe(false);
    await turn();
    expect(endCalledBack).toBe(false);
    expect(events).toEqual(['close']);
    expectClassified(error, 'ERR_STREAM_DESTROYED', { kind: 'cancelled', dead: client.destroyed, benignOnClose: true });
  });

  it('ERR_STREAM_ALREADY_FINISHED: end(cb) after finish fails to the callback only; the socket stays open', async () => {
    const { client } = await connectedPair(opened);
    const events = recordEvents(client, ['error', 'close']);
    const finishedEvent = next(client, 'finish');
    client.end();
    await finishedEvent;
    // @types/node types this callback without arguments; Node passes the error.
    const error = await within(new Promise<unknown>((resolve) => client.end((...args: unknown[]) => resolve(args[0]))), 'the end() callback');
    await turn();
    expect(error).toMatchObject({ code: 'ERR_STREAM_ALREADY_FINISHED', message: 'Cannot call end after a stream was finished' });
    expect(events).toEqual([]);
    expect(client.destroyed).toBe(false);
    expectClassified(error, 'ERR_STREAM_ALREADY_FINISHED', { kind: 'misuse', dead: client.destroyed, benignOnClose: false });
  });

  it("ERR_SOCKET_CLOSED: write() on a socket that never connected fails to the callback and as 'error'", async () => {
    const socket = opened.socket(new net.Socket());
    const errorEvent = nextError(socket);
    const callback = within(new Promise<unknown>((resolve) => socket.write('hello', resolve)), 'the write callback');
    const [error, fromEvent] = await Promise.all([callback, errorEvent]);
    expect(error).toMatchObject({ code: 'ERR_SOCKET_CLOSED', message: 'Socket is closed' });
    expect(fromEvent).toBe(error);
    expectClassified(error, 'ERR_SOCKET_CLOSED', { kind: 'misuse', dead: socket.destroyed, benignOnClose: false });
  });

  it('ERR_SOCKET_CLOSED: resetAndDestroy() on a socket that never connected', async () => {
    const socket = opened.socket(new net.Socket());
    const closed = nextClose(socket);
    const error = nextError(socket);
    socket.resetAndDestroy();
    expect(await error).toMatchObject({ code: 'ERR_SOCKET_CLOSED', message: 'Socket is closed' });
    expect(await closed).toBeUndefined(); // no handle, so no hadError argument
    expectClassified(await error, 'ERR_SOCKET_CLOSED', { kind: 'misuse', dead: socket.destroyed, benignOnClose: false });
  });
});

/** An HTTP server on 127.0.0.1 whose connections are closed after the test. */
async function httpServer(
  handler?: http.RequestListener,
  options: http.ServerOptions = {},
): Promise<{ server: http.Server; port: number }> {
  const server = opened.server(handler ? http.createServer(options, handler) : http.createServer(options));
  return { server, port: await listen(server) };
}

/** Sends raw bytes to a server and collects every byte it answers until the connection closes. */
async function exchange(port: number, request: string): Promise<string> {
  const socket = opened.socket(net.connect(port, LOOPBACK));
  socket.on('error', () => {});
  let answer = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
  const closed = nextClose(socket, 'the server to close the connection');
  socket.write(request);
  await closed;
  return answer;
}

interface ClientErrorSeen {
  error: unknown;
  destroyed: boolean;
  writable: boolean;
}

/** The first `'clientError'`, with the socket's state inside the listener; the listener replies. */
function firstClientError(server: http.Server, reply: string): Promise<ClientErrorSeen> {
  return within(
    new Promise((resolve) => {
      let first = true;
      server.on('clientError', (error, socket) => {
        if (!first) return; // a second one (EOF mid-request) can follow the reply
        first = false;
        resolve({ error, destroyed: socket.destroyed, writable: socket.writable });
        socket.end(reply);
      });
    }),
    "the server's 'clientError'",
  );
}

describe('HTTP/1.1', () => {
  it('client: "socket hang up" (ECONNRESET, no syscall) when the server drops the request', async () => {
    const { port } = await httpServer((request) => request.socket.destroy());
    const request = opened.socket(http.get({ host: LOOPBACK, port }));
    const events = recordEvents(request, ['response', 'error', 'close']);
    const closed = next(request, 'close');
    const error = await nextError(request);
    await closed;
    expect(error).toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(syscallOf(error)).toBeUndefined();
    expect(events).toEqual(['error ECONNRESET', 'close']);
    expectClassified(error, 'ECONNRESET', { kind: 'connection-lost', dead: request.destroyed, benignOnClose: true });
  });

  it("client: a response cut off mid-body: 'aborted', then ECONNRESET \"aborted\" on the response", async () => {
    let cutOff: (() => void) | undefined;
    const { port } = await httpServer((_, response) => {
      response.write('part of the body');
      cutOff = () => response.socket?.destroy();
    });
    const request = opened.socket(http.get({ host: LOOPBACK, port }));
    const requestEvents = recordEvents(request, ['error']);
    const [message] = (await next(request, 'response')) as [http.IncomingMessage];
    const responseEvents = recordEvents(message, ['aborted', 'end', 'error', 'close']);
    const closed = next(message, 'close', "the response's 'close'");
    await next(message, 'data', 'the first part of the body');
    cutOff?.();
    await closed;
    expect(responseEvents).toEqual(['aborted', 'error ECONNRESET', 'close']);
    expect(requestEvents).toEqual([]);
    expect(message.errored).toMatchObject({ code: 'ECONNRESET', message: 'aborted' });
    expect(syscallOf(message.errored)).toBeUndefined();
    expectClassified(message.errored, 'ECONNRESET', { kind: 'connection-lost', dead: message.destroyed, benignOnClose: true });
  });

  it('server: res.end(cb) on a response whose client went away never calls cb', async () => {
    let arrived: () => void = () => {};
    let responseClosed: () => void = () => {};
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const closed = new Promise<void>((resolve) => (responseClosed = resolve));
    let endCalledBack = false;
    const { port } = await httpServer((_, response) => {
      response.on('close', () => {
        response.end('too late', () => {
          endCalledBack = true;
        });
        responseClosed();
      });
      arrived();
    });
    const request = opened.socket(http.get({ host: LOOPBACK, port }));
    request.on('error', () => {});
    await within(requestArrived, 'the request to arrive');
    request.destroy();
    await within(closed, "the response's 'close'");
    await turn();
    expect(endCalledBack).toBe(false);
  });

  it.each([
    {
      code: 'HPE_INVALID_METHOD' as const,
      request: 'FOO@ / HTTP/1.1\r\n\r\n',
      reason: 'Invalid method encountered',
      reply: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
    },
    {
      code: 'HPE_HEADER_OVERFLOW' as const,
      request: `GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      reason: 'Header overflow',
      reply: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
    },
    {
      code: 'HPE_INVALID_CONSTANT' as const,
      request: 'GET / HTTX/1.1\r\n\r\n',
      reason: 'Expected HTTP/, RTSP/ or ICE/',
      reply: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n',
    },
  ])("server 'clientError' $code: the socket is still open, and the listener's reply reaches the client", async ({ code, request, reason, reply }) => {
    const { server, port } = await httpServer();
    const seen = firstClientError(server, reply);
    const answer = exchange(port, request);
    const { error, destroyed, writable } = await seen;
    expect(error).toMatchObject({ code, reason, message: `Parse Error: ${reason}` });
    expect({ destroyed, writable }).toEqual({ destroyed: false, writable: true });
    expect(await answer).toBe(reply);
    expectClassified(error, code, { kind: 'protocol', dead: destroyed, benignOnClose: false });
  });

  it("server without a 'clientError' listener: Node answers 400 itself and closes", async () => {
    const { port } = await httpServer();
    expect(await exchange(port, 'FOO@ / HTTP/1.1\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  it("server ERR_HTTP_REQUEST_TIMEOUT: 'clientError' once requestTimeout passes; the socket is open for a 408", async () => {
    const { server, port } = await httpServer(undefined, { requestTimeout: 100, connectionsCheckingInterval: 20 });
    const reply = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';
    const seen = firstClientError(server, reply);
    const answer = exchange(port, 'GET / HTTP/1.1\r\n'); // the request never finishes
    const { error, destroyed, writable } = await seen;
    expect(error).toMatchObject({ code: 'ERR_HTTP_REQUEST_TIMEOUT', message: 'Request timeout' });
    expect({ destroyed, writable }).toEqual({ destroyed: false, writable: true });
    expect(await answer).toBe(reply);
    expectClassified(error, 'ERR_HTTP_REQUEST_TIMEOUT', { kind: 'timeout', dead: destroyed, benignOnClose: false });
  });

  it('client HPE_INVALID_CONSTANT: a response that is not HTTP; Node destroys the client socket', async () => {
    const server = opened.server(
      net.createServer((peer) => {
        peer.once('data', () => peer.end('hello, this is not HTTP\r\n\r\n'));
      }),
    );
    const port = await listen(server);
    const request = opened.socket(http.get({ host: LOOPBACK, port }));
    const error = await nextError(request);
    expect(error).toMatchObject({ code: 'HPE_INVALID_CONSTANT', message: 'Parse Error: Expected HTTP/, RTSP/ or ICE/' });
    expect(request.socket?.destroyed).toBe(true);
    // The table says not dead: on the server side ('clientError' above) the socket stays usable,
    // and a rule must not flag the reply written there. On a client the socket is gone anyway.
    expectClassified(error, 'HPE_INVALID_CONSTANT', { kind: 'protocol', dead: false, benignOnClose: false });
  });

  it('ERR_HTTP_HEADERS_SENT: setHeader() after the body started throws; the response still completes', async () => {
    const thrown: unknown[] = [];
    const { port } = await httpServer((_, response) => {
      response.write('first ');
      try {
        response.setHeader('X-Late', 'yes');
      } catch (error) {
        thrown.push(error);
      }
      response.end('and last');
    });
    const request = opened.socket(http.get({ host: LOOPBACK, port }));
    const [message] = (await next(request, 'response')) as [http.IncomingMessage];
    let body = '';
    message.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    await next(message, 'end', 'the whole body');
    expect(body).toBe('first and last');
    expect(thrown).toHaveLength(1);
    expect(thrown[0]).toMatchObject({ code: 'ERR_HTTP_HEADERS_SENT', message: 'Cannot set headers after they are sent to the client' });
    expectClassified(thrown[0], 'ERR_HTTP_HEADERS_SENT', { kind: 'misuse', dead: false, benignOnClose: false });
  });
});

describe('TLS', () => {
  let certs: Certificates;
  beforeAll(async () => {
    certs = await within(makeCertificates(), 'certificates', 10_000);
  });

  /** A TLS server on 127.0.0.1 that greets each secure connection and ends it. */
  async function tlsServer(options: tls.TlsOptions): Promise<{ server: tls.Server; port: number }> {
    const server = opened.server(
      tls.createServer(options, (socket) => {
        socket.on('error', () => {});
        socket.end('hello');
      }),
    );
    return { server, port: await listen(server) };
  }

  /** The server's first `'tlsClientError'`, with the socket's state inside the listener. */
  function firstTlsClientError(server: tls.Server): Promise<{ error: unknown; socket: tls.TLSSocket; destroyed: boolean }> {
    return within(
      new Promise((resolve) => {
        server.once('tlsClientError', (error, socket) => resolve({ error, socket, destroyed: socket.destroyed }));
      }),
      "the server's 'tlsClientError'",
    );
  }

  /** A TLS client to 127.0.0.1, and its first 'error' with its state inside the listener. */
  function tlsClient(port: number, options: tls.ConnectionOptions = {}) {
    const socket = opened.socket(tls.connect({ ...options, host: LOOPBACK, port }));
    const events = recordEvents(socket, ['secureConnect', 'error', 'close']);
    const closed = nextClose(socket);
    const failed = nextFailure(socket, "the TLS client's 'error'");
    return { socket, events, closed, failed };
  }

  const TLS_FAILURE = { kind: 'tls', benignOnClose: false } as const;

  it.each([
    {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT' as const,
      message: 'self-signed certificate',
      server: (c: Certificates) => c.selfSigned,
      trust: (): string[] => [],
    },
    {
      code: 'CERT_HAS_EXPIRED' as const,
      message: 'certificate has expired',
      server: (c: Certificates) => c.expired,
      trust: (c: Certificates) => [c.expired.cert],
    },
    {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID' as const,
      message: "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ",
      server: (c: Certificates) => c.wrongName,
      trust: (c: Certificates) => [c.wrongName.cert],
    },
    {
      code: 'SELF_SIGNED_CERT_IN_CHAIN' as const,
      message: 'self-signed certificate in certificate chain',
      server: (c: Certificates) => ({ key: c.leaf.key, cert: `${c.leaf.cert.trimEnd()}\n${c.ca.cert}` }),
      trust: (): string[] => [],
    },
    {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' as const,
      message: 'unable to verify the first certificate',
      server: (c: Certificates) => c.leaf,
      trust: (): string[] => [],
    },
  ])('client rejects the server certificate: $code; the server sees "socket hang up"', async ({ code, message, server: pem, trust }) => {
    const { server, port } = await tlsServer(pem(certs));
    const serverSide = firstTlsClientError(server);
    const trusted = trust(certs);
    const client = tlsClient(port, trusted.length ? { ca: trusted } : {});
    const { error, destroyed } = await client.failed;
    expect(error).toMatchObject({ code, message });
    expect(syscallOf(error)).toBeUndefined();
    expect(await client.closed).toBe(true);
    expect(client.events).toEqual([`error ${code}`, 'close']);
    expectClassified(error, code, { ...TLS_FAILURE, dead: destroyed });

    // Node's client checks the certificate after the handshake and just drops the connection.
    const seen = await serverSide;
    expect(seen.error).toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(syscallOf(seen.error)).toBeUndefined();
    expectClassified(seen.error, 'ECONNRESET', { kind: 'connection-lost', dead: seen.destroyed, benignOnClose: true });
  });

  it('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: no shared cipher; the server sees ERR_SSL_NO_SHARED_CIPHER', async () => {
    const { server, port } = await tlsServer({ ...certs.leaf, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
    const serverSide = firstTlsClientError(server);
    const client = tlsClient(port, { ca: [certs.ca.cert], maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' });
    const { error, destroyed } = await client.failed;
    expect(error).toMatchObject({ code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', reason: 'sslv3 alert handshake failure' });
    expect(syscallOf(error)).toBeUndefined();
    expectClassified(error, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', { ...TLS_FAILURE, dead: destroyed });
    const seen = await serverSide;
    expect(seen.destroyed).toBe(true);
    expectKnownButUnclassified(seen.error, 'ERR_SSL_NO_SHARED_CIPHER');
  });

  it('a TLS version mismatch: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, not a handshake-failure alert', async () => {
    const { server, port } = await tlsServer({ ...certs.leaf, minVersion: 'TLSv1.3' });
    const serverSide = firstTlsClientError(server);
    const client = tlsClient(port, { ca: [certs.ca.cert], maxVersion: 'TLSv1.2' });
    const { error } = await client.failed;
    expectKnownButUnclassified(error, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    expectKnownButUnclassified((await serverSide).error, 'ERR_SSL_UNSUPPORTED_PROTOCOL');
  });

  it("a TLS client against a plain HTTP server: ERR_SSL_WRONG_VERSION_NUMBER; the server gets HPE_INVALID_METHOD", async () => {
    const { server, port } = await httpServer();
    const serverSide = firstClientError(server, 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    const client = tlsClient(port, { ca: [certs.ca.cert] });
    const { error, destroyed } = await client.failed;
    expect(error).toMatchObject({ code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: 'wrong version number' });
    expect(syscallOf(error)).toBeUndefined();
    expectClassified(error, 'ERR_SSL_WRONG_VERSION_NUMBER', { ...TLS_FAILURE, dead: destroyed });
    expectClassified((await serverSide).error, 'HPE_INVALID_METHOD', { kind: 'protocol', dead: false, benignOnClose: false });
  });

  it("the same with a write pending: EPROTO (syscall 'write') to the callback and as 'error'", async () => {
    const { server, port } = await httpServer();
    server.on('clientError', (_, socket) => socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'));
    const client = tlsClient(port, { ca: [certs.ca.cert] });
    const callback = within(new Promise<unknown>((resolve) => client.socket.write('GET / HTTP/1.1\r\n\r\n', resolve)), 'the write callback');
    const [error, { error: fromEvent, destroyed }] = await Promise.all([callback, client.failed]);
    expect(error).toMatchObject({ code: 'EPROTO', syscall: 'write', errno: errno('EPROTO') });
    expect((error as Error).message).toMatch(/^write EPROTO .*wrong version number/);
    expect(fromEvent).toBe(error);
    expectClassified(error, 'EPROTO', { ...TLS_FAILURE, dead: destroyed });
  });

  it('a TLS client whose server closes before the handshake: ECONNRESET, no syscall', async () => {
    const server = opened.server(net.createServer((peer) => peer.once('data', () => peer.end())));
    const port = await listen(server);
    const client = tlsClient(port, { ca: [certs.ca.cert] });
    const { error, destroyed } = await client.failed;
    expect(error).toMatchObject({
      code: 'ECONNRESET',
      message: 'Client network socket disconnected before secure TLS connection was established',
    });
    expect(syscallOf(error)).toBeUndefined();
    expectClassified(error, 'ECONNRESET', { kind: 'connection-lost', dead: destroyed, benignOnClose: true });
  });

  it.each([
    { what: 'an HTTP request', bytes: 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', code: 'ERR_SSL_HTTP_REQUEST' },
    { what: 'other bytes', bytes: 'hello, this is not TLS\r\n\r\n', code: 'ERR_SSL_WRONG_VERSION_NUMBER' },
  ] as const)("a plain client sending $what to a TLS server: 'tlsClientError' $code", async ({ bytes, code }) => {
    const { server, port } = await tlsServer(certs.leaf);
    const serverSide = firstTlsClientError(server);
    const client = opened.socket(net.connect(port, LOOPBACK));
    client.on('error', () => {});
    client.resume().write(bytes);
    const { error, destroyed } = await serverSide;
    expect(syscallOf(error)).toBeUndefined();
    expectClassified(error, code, { ...TLS_FAILURE, dead: destroyed });
  });

  it("ERR_TLS_HANDSHAKE_TIMEOUT: 'tlsClientError', and Node leaves the socket open for the listener to destroy", async () => {
    const { server, port } = await tlsServer({ ...certs.leaf, handshakeTimeout: 50 });
    const serverSide = firstTlsClientError(server);
    const silent = opened.socket(net.connect(port, LOOPBACK)); // connects and never says hello
    silent.on('error', () => {});
    const { error, socket, destroyed } = await serverSide;
    expect(error).toMatchObject({ code: 'ERR_TLS_HANDSHAKE_TIMEOUT', message: 'TLS handshake timeout' });
    await turn();
    expect({ inListener: destroyed, afterwards: socket.destroyed }).toEqual({ inListener: false, afterwards: false });
    // Dead all the same: no handshake will follow, so the socket is only worth destroying.
    expectClassified(error, 'ERR_TLS_HANDSHAKE_TIMEOUT', { kind: 'timeout', dead: true, benignOnClose: false });
    const closed = nextClose(socket);
    socket.destroy();
    await closed;
  });

  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;

  it.skipIf(!openssl)("ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: a client that does not trust the server's CA says so (openssl s_client)", async () => {
    // Node's own client checks certificates after the handshake and sends no alert; OpenSSL's does.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-errors-'));
    opened.add(() => fs.rmSync(dir, { recursive: true, force: true }));
    const caFile = path.join(dir, 'other-ca.pem');
    fs.writeFileSync(caFile, certs.otherCa.cert);
    const { server, port } = await tlsServer(certs.leaf);
    const serverSide = firstTlsClientError(server);
    const client = run('openssl', ['s_client', '-connect', `${LOOPBACK}:${port}`, '-CAfile', caFile, '-verify_return_error'], 'openssl s_client');
    const { error, destroyed } = await serverSide;
    expect(error).toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', reason: 'tlsv1 alert unknown ca' });
    expect(syscallOf(error)).toBeUndefined();
    expectClassified(error, 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', { ...TLS_FAILURE, dead: destroyed });
    expect((await client).status).not.toBe(0);
  });
});

describe('HTTP/2', () => {
  const { NGHTTP2_INTERNAL_ERROR, NGHTTP2_PROTOCOL_ERROR } = http2.constants;

  async function h2Server(onStream?: (stream: http2.ServerHttp2Stream) => void): Promise<{ server: http2.Http2Server; url: string }> {
    const server = opened.server(http2.createServer());
    server.on('session', (session) => {
      session.on('error', () => {});
      opened.socket(session);
    });
    if (onStream) server.on('stream', onStream);
    return { server, url: `http://${LOOPBACK}:${await listen(server)}` };
  }

  function h2Client(url: string): http2.ClientHttp2Session {
    return opened.socket(http2.connect(url));
  }

  it('ERR_HTTP2_STREAM_ERROR: the server closes a stream with an error code; the session lives on', async () => {
    const { url } = await h2Server((stream) => {
      stream.on('error', () => {}); // the server's own stream errors the same way
      stream.close(NGHTTP2_INTERNAL_ERROR);
    });
    const session = h2Client(url);
    const request = session.request({ ':path': '/' });
    request.resume();
    const error = await nextError(request);
    expect(error).toMatchObject({ code: 'ERR_HTTP2_STREAM_ERROR', message: 'Stream closed with error code NGHTTP2_INTERNAL_ERROR' });
    expect({ stream: request.destroyed, session: session.destroyed }).toEqual({ stream: true, session: false });
    expectClassified(error, 'ERR_HTTP2_STREAM_ERROR', { kind: 'protocol', dead: request.destroyed, benignOnClose: false });
  });

  it('ERR_HTTP2_GOAWAY_SESSION: request() throws once the session is closing, by close() or by a GOAWAY', async () => {
    const { server, url } = await h2Server();
    const ours = h2Client(url);
    await next(ours, 'connect');
    ours.close();
    expect(() => ours.request({ ':path': '/' })).toThrow(expect.objectContaining({ code: 'ERR_HTTP2_GOAWAY_SESSION' }));

    server.on('session', (session) => session.goaway());
    const theirs = h2Client(url);
    await next(theirs, 'goaway');
    let error: unknown;
    try {
      theirs.request({ ':path': '/' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({
      code: 'ERR_HTTP2_GOAWAY_SESSION',
      message: 'New streams cannot be created after receiving a GOAWAY',
    });
    expectClassified(error, 'ERR_HTTP2_GOAWAY_SESSION', { kind: 'protocol', dead: true, benignOnClose: true });
  });

  it('ERR_HTTP2_INVALID_SESSION: request() on a destroyed session throws', async () => {
    const { url } = await h2Server();
    const session = h2Client(url);
    await next(session, 'connect');
    session.destroy();
    let error: unknown;
    try {
      session.request({ ':path': '/' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'ERR_HTTP2_INVALID_SESSION', message: 'The session has been destroyed' });
    expectClassified(error, 'ERR_HTTP2_INVALID_SESSION', { kind: 'misuse', dead: session.destroyed, benignOnClose: false });
  });

  it('ERR_HTTP2_SESSION_ERROR: a GOAWAY with an error code destroys the session', async () => {
    const { server, url } = await h2Server();
    server.on('session', (session) => session.goaway(NGHTTP2_PROTOCOL_ERROR));
    const session = h2Client(url);
    const failed = nextFailure(session, "the session's 'error'");
    const { error, destroyed } = await failed;
    expect(error).toMatchObject({ code: 'ERR_HTTP2_SESSION_ERROR', message: 'Session closed with error code 1' });
    expectClassified(error, 'ERR_HTTP2_SESSION_ERROR', { kind: 'protocol', dead: destroyed, benignOnClose: false });
  });

  it('ERR_HTTP2_STREAM_CANCEL: a stream still pending when its session is destroyed', async () => {
    const { url } = await h2Server();
    const session = h2Client(url);
    const request = session.request({ ':path': '/' }); // pending until the session connects
    const error = nextError(request);
    session.destroy();
    expect(await error).toMatchObject({ code: 'ERR_HTTP2_STREAM_CANCEL', message: 'The pending stream has been canceled' });
    expectClassified(await error, 'ERR_HTTP2_STREAM_CANCEL', { kind: 'cancelled', dead: request.destroyed, benignOnClose: true });
  });
});
