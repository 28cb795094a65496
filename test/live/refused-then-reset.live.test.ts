/**
 * What one client's 'error' handler meets on 127.0.0.1, the fact behind `exhaustive-error-codes`'
 * `refusedOnly`: a reconnecting client that retries on ECONNREFUSED alone gets ECONNREFUSED while
 * the server is down and ECONNRESET, on the very same handler, once a connected server resets it;
 * a handler that retries only the first leaves the client for dead after the second. Also the
 * errno names a list of `os.constants.errno` numbers is asked for exist on this platform.
 */
import net from 'node:net';
import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';

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
