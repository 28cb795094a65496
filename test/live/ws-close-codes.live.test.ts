/**
 * The close code a ws WebSocket's 'close' listener sees after the application's own `close(1000)`
 * (src/model/own-close-reconnects.ts): 1000 once the connection is open, but 1006 while it is
 * still connecting, so `if (code !== 1000) reconnect()` reconnects after a close the application
 * asked for. Measured with ws against servers on 127.0.0.1.
 */
import http from 'node:http';
import type net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';

let slow: http.Server;
let slowPort: number;
const held: net.Socket[] = [];
let open: WebSocketServer;
let openPort: number;

beforeAll(async () => {
  // Takes the upgrade request and never answers it: the client stays CONNECTING.
  slow = http.createServer();
  slow.on('upgrade', (_req, socket: net.Socket) => {
    socket.on('error', () => {});
    held.push(socket);
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  slowPort = (slow.address() as net.AddressInfo).port;
  open = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => open.once('listening', () => resolve()));
  openPort = (open.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => slow.close(() => resolve()));
  for (const client of open.clients) client.terminate();
  await new Promise<void>((resolve) => open.close(() => resolve()));
});

/** Connects, calls `close(1000)` once open (or while connecting), and gives the code its 'close' listener saw. */
function closeCode(port: number, whenOpen: boolean): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.on('error', () => {});
    ws.on('close', (code) => resolve(code));
    if (whenOpen) ws.once('open', () => ws.close(1000));
    else setTimeout(() => ws.close(1000), 50);
  });
}

describe("a ws WebSocket's own close(1000)", () => {
  it('arrives as 1000 once open', async () => {
    expect(await closeCode(openPort, true)).toBe(1000);
  });

  it('arrives as 1006 while it is still connecting', async () => {
    expect(await closeCode(slowPort, false)).toBe(1006);
  });
});
