/**
 * The sign of `err.errno` on Node's socket errors, measured on 127.0.0.1: the fact
 * `no-unknown-error-code`'s `errnoSign` relies on (src/model/errno-constants.ts). libuv's errno
 * is negative; `os.constants.errno` holds the operating system's positive number.
 */
import { describe, expect, it } from 'vitest';

import { runNode } from '../support/loopback.js';

/** A server that resets every connection; the client writes and prints what its 'error' carries. */
const RESET = `
const net = require('node:net');
const { constants } = require('node:os');
const server = net.createServer((socket) => socket.resetAndDestroy());
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => client.write('x'));
  client.on('error', (err) => {
    console.log(JSON.stringify({ code: err.code, errno: err.errno, constant: constants.errno[err.code] }));
    client.destroy();
    server.close();
  });
});`;

describe('errno of a socket error', () => {
  it('is the negative of os.constants.errno for the same code', async () => {
    const result = await runNode(RESET);
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { code: string; errno: number; constant: number };
    expect(seen.code).toBe('ECONNRESET');
    expect(seen.constant).toBeGreaterThan(0);
    expect(seen.errno).toBe(-seen.constant);
  });
});
