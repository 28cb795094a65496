/**
 * What one client's 'error' handler meets on 127.0.0.1, the fact behind `exhaustive-error-codes`'
 * `refusedOnly`: a reconnecting client that retries on ECONNREFUSED alone gets ECONNREFUSED while
 * the server is down and ECONNRESET, on the very same handler, once a connected server resets it;
 * a handler that retries only the first leaves the client for dead after the second. Also the
 * errno names a list of `os.constants.errno` numbers is asked for exist on this platform. And a
 * listener added with `addEventListener('error', …)` (or `onerror`) on ws's WebSocket gets an
 * event with no `code`: the code is on its `error` field, so `event.code` names no code of the table.
 */
import net from 'node:net';
import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { PORTABLE_ERRNO } from '../../src/model/code-families.js';
import { LOOPBACK, closedPort, listen, within } from '../support/loopback.js';

describe("one reconnecting client's 'error' handler", () => {
  it('meets ECONNREFUSED while the server is down and ECONNRESET once a connected server resets', async () => {
    const codes: (string | undefined)[] = [];
    const refusedPort = await closedPort();
    const server = net.createServer((peer) => {
      peer.on('error', () => {});
      setTimeout(() => peer.resetAndDestroy(), 20);
    });
    const port = await listen(server);
    try {
      await within(
        new Promise<void>((resolve) => {
          // The client's own retry logic: the first target refuses, the next one accepts then resets.
          const targets = [refusedPort, port];
          const dial = (): void => {
            const client = net.connect(targets.shift()!, LOOPBACK);
            client.on('error', (err: NodeJS.ErrnoException) => {
              codes.push(err.code);
              if (targets.length > 0) dial();
              else resolve();
            });
          };
          dial();
        }),
        'a refused connect, then a reset',
      );
    } finally {
      server.close();
    }
    expect(codes).toEqual(['ECONNREFUSED', 'ECONNRESET']);
  });

  it('finds every portable errno name in os.constants.errno (Linux has no ESHUTDOWN, no EHOSTDOWN)', () => {
    const errno = constants.errno as Record<string, number | undefined>;
    expect([...PORTABLE_ERRNO].filter((name) => typeof errno[name] !== 'number')).toEqual([]);
  });
});

describe("ws's EventTarget 'error' listener", () => {
  it('gets an event without a code, the refused connect in its error field', async () => {
    const port = await closedPort();
    const client = new WebSocket(`ws://${LOOPBACK}:${port}/`);
    const seen = await within(
      new Promise<unknown[]>((resolve) => {
        client.onerror = (event) => resolve(['code' in event, (event as unknown as { code?: string }).code, (event.error as NodeJS.ErrnoException).code]);
      }),
      'a refused WebSocket connect',
    );
    const listened = await within(
      new Promise<unknown[]>((resolve) => {
        const again = new WebSocket(`ws://${LOOPBACK}:${port}/`);
        again.addEventListener('error', (event) => resolve(['code' in event, (event.error as NodeJS.ErrnoException).code]));
      }),
      'a second refused WebSocket connect',
    );
    expect(seen).toEqual([false, undefined, 'ECONNREFUSED']);
    expect(listened).toEqual([false, 'ECONNREFUSED']);
  });
});
