/**
 * The objects that carry a connection's errors beyond the socket itself, measured on Node 20 over
 * 127.0.0.1 (each case in a child Node, since the fact is whether the process crashes):
 * - a `ws` server's connection kept in a Set and given only 'message'/'close' listeners: one
 *   client's invalid frame crashes the process; a client's TCP reset does not (ws swallows the
 *   socket's error and closes the connection);
 * - a gunzip stream a response is piped into: a body cut short by the server is an unhandled
 *   'error' (Z_BUF_ERROR), although the response itself ends normally;
 * - a parser Transform a socket is piped into: `pipe()`'s own 'error' listener on the destination
 *   re-emits the parse error when it is the only one, so the process crashes all the same.
 * require-error-listener relies on these (test/rules/require-error-listener-libraries.test.ts).
 */
import { describe, expect, it } from 'vitest';

import { runNode } from '../support/loopback.js';

/** A ws server on 127.0.0.1 whose connections join a Set; one raw client upgrades, then `then`s. */
function wsServer(then: string, listen = ''): string {
  return `
const net = require('node:net');
const { WebSocketServer } = require('ws');
const clients = new Set();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('error', (err) => console.log('cannot listen:', err.code));
wss.on('listening', () => {
  const peer = net.connect(wss.address().port, '127.0.0.1');
  peer.on('error', () => {});
  peer.write('GET / HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n');
  peer.once('data', () => { ${then} });
});
wss.on('connection', (ws) => {
  clients.add(ws);
  ${listen}
  ws.on('message', (data) => console.log(String(data)));
  ws.on('close', () => { clients.delete(ws); console.log('closed'); });
});
setTimeout(() => { console.log('SURVIVED'); wss.close(); }, 300);
`;
}

/** A response whose gzip body the server cuts short, piped into a gunzip stream (`listen`: with a listener). */
function truncatedGzip(listen: boolean): string {
  return `
const http = require('node:http');
const zlib = require('node:zlib');
const { Writable } = require('node:stream');
const body = zlib.gzipSync(Buffer.alloc(10000, 'a'));
const cut = body.subarray(0, body.length - 20);
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': cut.length });
  res.end(cut);
});
server.listen(0, '127.0.0.1', () => {
  const req = http.get({ host: '127.0.0.1', port: server.address().port }, (res) => {
    const gunzip = zlib.createGunzip();
    ${listen ? "gunzip.on('error', (err) => console.log('body:', err.code));" : ''}
    res.pipe(gunzip).pipe(new Writable({ write(chunk, encoding, done) { done(); } }));
    res.on('end', () => setTimeout(() => { console.log('SURVIVED'); server.close(); }, 100));
  });
  req.on('error', (err) => console.log('request:', err.code));
});
`;
}

/** A socket piped into a frame parser that rejects the peer's first byte, and back. */
function badFrame(listen: boolean): string {
  return `
const net = require('node:net');
const { Transform } = require('node:stream');
class Frames extends Transform {
  _transform(chunk, encoding, done) {
    if (chunk[0] !== 0x01) return done(new Error('bad frame header'));
    done(null, chunk);
  }
}
const server = net.createServer((peer) => { peer.on('error', () => {}); peer.end(Buffer.from([0x7f, 1, 2])); });
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1');
  socket.on('error', (err) => console.log('socket:', err.code));
  const parser = new Frames();
  ${listen ? "parser.on('error', (err) => console.log('parser:', err.message));" : ''}
  socket.pipe(parser).pipe(socket);
  parser.on('data', () => {});
  setTimeout(() => { console.log('SURVIVED'); socket.destroy(); server.close(); }, 200);
});
`;
}

describe("a ws server's connection kept in a Set, with no 'error' listener", () => {
  it('crashes the process when the client sends an invalid frame', async () => {
    const result = await runNode(wsServer('peer.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unhandled 'error' event/u);
    expect(result.stderr).toMatch(/invalid opcode 3/u);
  });

  it("survives the invalid frame with an 'error' listener added by addEventListener (ws turns it into on())", async () => {
    const result = await runNode(
      wsServer('peer.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));', "ws.addEventListener('error', (event) => console.log('error:', event.message));"),
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('error: Invalid WebSocket frame: invalid opcode 3');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it("survives the invalid frame with an 'onerror' handler, also when assigned together with onclose", async () => {
    const result = await runNode(
      wsServer('peer.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));', "ws.onclose = ws.onerror = (event) => console.log('event:', event.type, ws.listenerCount('error'));"),
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('event: error 1');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('survives a client reset: ws closes the connection without an error event', async () => {
    const result = await runNode(wsServer('setTimeout(() => peer.resetAndDestroy(), 20);'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('closed');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe('a gunzip stream fed by a response', () => {
  it('crashes the process when the body is cut short, with no listener on the gunzip', async () => {
    const result = await runNode(truncatedGzip(false));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unhandled 'error' event/u);
    expect(result.stderr).toMatch(/Z_BUF_ERROR/u);
  });

  it('survives with a listener on the gunzip', async () => {
    const result = await runNode(truncatedGzip(true));
    expect(result.stdout).toContain('body: Z_BUF_ERROR');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe('a parser a socket is piped into', () => {
  it("crashes the process on a bad frame: pipe()'s own listener re-emits the error", async () => {
    const result = await runNode(badFrame(false));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unhandled 'error' event/u);
    expect(result.stderr).toMatch(/bad frame header/u);
  });

  it('survives with a listener on the parser', async () => {
    const result = await runNode(badFrame(true));
    expect(result.stdout).toContain('parser: bad frame header');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});
