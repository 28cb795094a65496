/**
 * What happens on 127.0.0.1 to an HTTP request or a socket whose 'error' listener is taken away
 * while it is still open: the facts `require-error-listener` relies on when it reports a closure
 * that strips a request it does not destroy (`strippedKept`), a socket stripped and then piped
 * (`strippedListener`), and when it accepts `abort()` as the end of a request.
 *
 * Each case runs in a child Node, because the fact is whether that process crashes.
 */
import { describe, expect, it } from 'vitest';

import { runNode } from '../support/loopback.js';

/**
 * A child whose server answers a POST before its upload is over and resets the connection 50 ms
 * later, while the client keeps writing. When the response ends, the client removes the request's
 * only 'error' listener and does `after` to it (the default agent: keep-alive, as in Node 20).
 * It prints `SURVIVED` when no error reached the process within 400 ms.
 */
const answeredThen = (after: string): string => `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.socket.on('error', () => {});
  res.end('early');
  setTimeout(() => req.socket.resetAndDestroy(), 50);
});
server.listen(0, '127.0.0.1', () => {
  const request = http.request({ port: server.address().port, host: '127.0.0.1', method: 'POST' });
  const onError = () => {};
  request.on('error', onError);
  request.on('response', (res) => {
    res.on('end', () => {
      request.removeListener('error', onError);
      ${after}
    });
    res.resume();
  });
  const pump = setInterval(() => { if (!request.destroyed) request.write('x'.repeat(65536)); }, 5);
  setTimeout(() => { clearInterval(pump); console.log('SURVIVED'); request.destroy(); server.close(); server.closeAllConnections(); }, 400);
});`;

describe("an HTTP request whose 'error' listener is removed once its response has ended", () => {
  it('crashes the process when the connection is reset while the request is kept', async () => {
    const result = await runNode(answeredThen('/* kept */'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Emitted 'error' event on ClientRequest/);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it('survives when the request is destroyed', async () => {
    const result = await runNode(answeredThen('request.destroy();'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('survives when the request is aborted: abort() destroys it too', async () => {
    const result = await runNode(answeredThen('request.abort();'));
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("a socket stripped of its 'error' listeners and piped into a parser", () => {
  it("crashes the process on a reset: pipe() gives the source no 'error' listener", async () => {
    const result = await runNode(`
const net = require('node:net');
const { PassThrough } = require('node:stream');
const server = net.createServer((peer) => { peer.on('error', () => {}); setTimeout(() => peer.resetAndDestroy(), 30); });
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1', () => {
    socket.removeAllListeners('error');
    const parser = new PassThrough();
    parser.on('error', () => {});
    socket.pipe(parser).resume();
  });
  socket.once('error', () => {});
  setTimeout(() => { console.log('SURVIVED'); socket.destroy(); server.close(); }, 300);
});`);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
    expect(result.stdout).not.toContain('SURVIVED');
  });
});
