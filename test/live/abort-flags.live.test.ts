/**
 * Which aborts of a client request reach its 'error' listener, measured on 127.0.0.1: the fact
 * behind src/model/abort-flags.ts. A request that has its response (an abort in its own 'response'
 * listener, as a client following a redirect does) emits no 'error' on `abort()` or `destroy()`;
 * one still waiting for its response gets "socket hang up" (ECONNRESET).
 */
import http from 'node:http';
import type net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOOPBACK, within } from '../support/loopback.js';

let server: http.Server;
let port: number;

beforeAll(async () => {
  // Answers the headers of every request at once and keeps its body open.
  server = http.createServer((req, res) => {
    if (req.url === '/slow') return; // never answers
    res.writeHead(301, { location: '/elsewhere' });
    res.write('moved');
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The request's events until it closes, with `close` done on it at `when`. */
async function eventsOf(path: string, close: (req: http.ClientRequest) => void, when: 'response' | 'connected'): Promise<string[]> {
  const events: string[] = [];
  const req = http.get({ host: LOOPBACK, port, path });
  req.on('error', (err: NodeJS.ErrnoException) => events.push(`error ${err.code ?? ''}`));
  if (when === 'response') {
    req.on('response', (res) => {
      res.on('error', () => {});
      close(req);
    });
  } else {
    req.on('socket', (socket) => socket.once('connect', () => setTimeout(() => close(req), 20)));
  }
  await within(new Promise((resolve) => req.once('close', resolve)), "the request's 'close'");
  await new Promise((resolve) => setTimeout(resolve, 20)); // an 'error' would come by now
  return events;
}

describe('aborting a client request', () => {
  it.each([
    ['abort()', (req: http.ClientRequest) => req.abort()],
    ['destroy()', (req: http.ClientRequest) => req.destroy()],
  ])("emits no 'error' with %s in its own 'response' listener", async (_, close) => {
    expect(await eventsOf('/', close, 'response')).toEqual([]);
  });

  it.each([
    ['abort()', (req: http.ClientRequest) => req.abort()],
    ['destroy()', (req: http.ClientRequest) => req.destroy()],
  ])("emits 'socket hang up' with %s while it waits for its response", async (_, close) => {
    expect(await eventsOf('/slow', close, 'connected')).toEqual(['error ECONNRESET']);
  });
});
