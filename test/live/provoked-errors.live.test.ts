/**
 * The errors a module provokes or recovers from itself, measured on 127.0.0.1: the facts
 * `no-fatal-close-errors` relies on when, with `reemitIsFatal` (strict), it counts a re-emit of
 * them as fatal.
 *
 * - aborting or destroying a pending client request makes its 'error' "socket hang up"
 *   (ECONNRESET); destroying a raw socket makes none;
 * - `end()` with writes pending to a peer that resets meets ECONNRESET, but not when `destroy()`
 *   follows it in the same run: the destroyed socket emits only 'close';
 * - destroying a stream of a `pipeline()` / `finished()` makes its callback fail with
 *   ERR_STREAM_PREMATURE_CLOSE;
 * - a client that reconnects when its socket closes meets ECONNRESET on a peer reset and
 *   ECONNREFUSED while the peer is away: re-emitting them on a wrapper nobody listens to ends the
 *   process on a routine blip.
 *
 * Each case runs in a child Node and prints what it saw as one JSON line.
 */
import { describe, expect, it } from 'vitest';

import { runNode } from '../support/loopback.js';

async function seen(script: string): Promise<unknown> {
  const result = await runNode(script);
  expect(result.stderr).toBe('');
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as unknown;
}

/**
 * A server that accepts and never answers; the child requests, then calls `method()` on the
 * request either right away (`now`) or once its socket is connected (`connected`), and lists the
 * request's events for 300 ms.
 */
function pendingRequest(method: 'abort' | 'destroy', when: 'now' | 'connected'): string {
  return `
const http = require('node:http');
const server = http.createServer(() => {});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ port: server.address().port, host: '127.0.0.1' });
  const events = [];
  req.on('error', (err) => events.push('error ' + err.code + ' ' + err.message));
  req.end();
  const act = () => req.${method}();
  if (${JSON.stringify(when)} === 'now') act();
  else req.on('socket', (socket) => socket.on('connect', () => setTimeout(act, 30)));
  setTimeout(() => {
    console.log(JSON.stringify(events));
    server.closeAllConnections();
    server.close();
  }, 300);
});`;
}

describe('a client request the module aborts or destroys itself', () => {
  it('destroy() of a pending request makes an error "socket hang up" (ECONNRESET), connected or not', async () => {
    expect(await seen(pendingRequest('destroy', 'now'))).toEqual(['error ECONNRESET socket hang up']);
    expect(await seen(pendingRequest('destroy', 'connected'))).toEqual(['error ECONNRESET socket hang up']);
  });

  it('abort() of a request waiting for its response makes the same error; before it connects, none', async () => {
    expect(await seen(pendingRequest('abort', 'connected'))).toEqual(['error ECONNRESET socket hang up']);
    expect(await seen(pendingRequest('abort', 'now'))).toEqual([]);
  });

  it('destroy() of a raw socket makes no error', async () => {
    expect(
      await seen(`
const net = require('node:net');
const server = net.createServer((peer) => peer.on('error', () => {}));
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1');
  const events = [];
  socket.on('error', (err) => events.push('error ' + err.code));
  socket.on('connect', () => setTimeout(() => socket.destroy(), 30));
  setTimeout(() => { console.log(JSON.stringify(events)); server.close(); }, 300);
});`),
    ).toEqual([]);
  });
});

describe('a socket the module ends and destroys in the same run', () => {
  /** A peer that resets on the first data; the client writes 8 MB, ends, then (`then`) calls more, in the same run. */
  const endWhileWriting = (then: string): string => `
const net = require('node:net');
const server = net.createServer((peer) => { peer.on('error', () => {}); peer.once('data', () => peer.resetAndDestroy()); });
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1');
  const events = [];
  socket.on('error', (err) => events.push('error ' + err.code));
  socket.on('close', () => events.push('close'));
  socket.on('connect', () => {
    socket.write(Buffer.alloc(8 << 20));
    socket.end();
    ${then}
  });
  setTimeout(() => { console.log(JSON.stringify(events)); server.close(); }, 400);
});`;

  it("end() alone with writes pending to a peer that resets meets ECONNRESET; followed by destroy() it meets none", async () => {
    expect(await seen(endWhileWriting(''))).toEqual(['error ECONNRESET', 'close']);
    expect(await seen(endWhileWriting('socket.destroy();'))).toEqual(['close']);
  });
});

describe('a stream helper over a stream the module destroys', () => {
  const helper = (call: string, destroyed: string): string => `
const net = require('node:net');
const { pipeline, finished, PassThrough } = require('node:stream');
const server = net.createServer((peer) => { peer.on('error', () => {}); peer.write('hello'); });
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1');
  socket.on('error', () => {});
  const out = new PassThrough();
  out.resume();
  const events = [];
  ${call}
  socket.on('connect', () => setTimeout(() => ${destroyed}.destroy(), 30));
  setTimeout(() => { console.log(JSON.stringify(events)); server.close(); }, 300);
});`;

  it('pipeline() reports ERR_STREAM_PREMATURE_CLOSE when either stream is destroyed without an error', async () => {
    const call = "pipeline(socket, out, (err) => events.push(err ? err.code : 'ok'));";
    expect(await seen(helper(call, 'socket'))).toEqual(['ERR_STREAM_PREMATURE_CLOSE']);
    expect(await seen(helper(call, 'out'))).toEqual(['ERR_STREAM_PREMATURE_CLOSE']);
  });

  it('finished() reports ERR_STREAM_PREMATURE_CLOSE when its stream is destroyed', async () => {
    const call = "finished(socket, (err) => events.push(err ? err.code : 'ok'));";
    expect(await seen(helper(call, 'socket'))).toEqual(['ERR_STREAM_PREMATURE_CLOSE']);
  });
});

describe('a client that reconnects when its socket closes', () => {
  /**
   * A peer that resets the first connection and then stops listening; the client reconnects on
   * 'close' and forwards its socket's errors to a wrapper with `forward`.
   */
  const reconnecting = (forward: string): string => `
const net = require('node:net');
const { EventEmitter } = require('node:events');
const server = net.createServer((peer) => {
  peer.on('error', () => {});
  setTimeout(() => { peer.resetAndDestroy(); server.close(); }, 30);
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const client = new EventEmitter();
  const codes = [];
  let attempts = 0;
  function connect() {
    attempts += 1;
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', (err) => {
      codes.push(err.code);
      ${forward}
    });
    socket.on('close', () => { if (attempts < 3) setTimeout(connect, 20); });
  }
  connect();
  setTimeout(() => console.log(JSON.stringify(codes)), 400);
});`;

  it('meets ECONNRESET on the reset, then ECONNREFUSED while the peer is away', async () => {
    expect(await seen(reconnecting('/* kept to itself */'))).toEqual(['ECONNRESET', 'ECONNREFUSED', 'ECONNREFUSED']);
  });

  it("ends the process on the first reset when it re-emits every error on a wrapper nobody listens to", async () => {
    const result = await runNode(reconnecting("client.emit('error', err);"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
    expect(result.stdout).toBe('');
  });
});
