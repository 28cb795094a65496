/**
 * Listeners added to one socket on every call of a method (src/model/per-call-listeners.ts): past
 * ten of one event Node warns of a leak, and each event runs every one of them. Measured on a
 * loopback connection; the warning is caught from `process`, never printed.
 */
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: net.Server;
let port: number;

beforeAll(async () => {
  server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.write('ready\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("a method that adds a 'data' listener to the one socket each time it runs", () => {
  it('warns of a leak past ten calls, and one chunk runs every listener', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const client = net.connect(port, '127.0.0.1');
    client.on('error', () => {});
    let runs = 0;
    const command = () => client.on('data', () => runs++);
    try {
      for (let i = 0; i < 11; i++) command();
      await new Promise<void>((resolve) => client.once('data', () => setImmediate(resolve)));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(client.listenerCount('data')).toBe(11);
      expect(runs).toBe(11);
      expect(warnings).toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      client.destroy();
    }
  });
});
