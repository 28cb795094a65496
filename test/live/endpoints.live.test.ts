/**
 * The facts src/model/endpoints.ts relies on, measured on this machine: which codes a `listen()`
 * without a host and a socket connected by path can fail with. exhaustive-error-codes asks a
 * dispatch for no code these rule out (EADDRNOTAVAIL; for a Unix domain socket also timeouts and
 * unreachable hosts), and treats ECONNREFUSED on a Unix domain socket as a stale socket file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-errors-endpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The code `listen(...args)` fails with, or 'listening' (the server is closed either way). */
function listenOutcome(args: (number | string | net.ListenOptions)[]): Promise<string> {
  const server = net.createServer();
  return new Promise<string>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'no code'));
    server.once('listening', () => resolve('listening'));
    (server.listen as (...values: unknown[]) => net.Server)(...args);
  }).finally(() => server.close());
}

/** The code a connect by path fails with, or 'connected' (the socket is destroyed either way). */
function connectOutcome(file: string): Promise<string> {
  const socket = net.connect({ path: file });
  return new Promise<string>((resolve) => {
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'no code'));
    socket.once('connect', () => resolve('connected'));
  }).finally(() => socket.destroy());
}

describe('listen() without a host', () => {
  it('fails with EADDRINUSE on a taken port, never EADDRNOTAVAIL; a host that is not local gives EADDRNOTAVAIL', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      // The wildcard binds 127.0.0.1 too, so the port is taken there.
      expect(await listenOutcome([port])).toBe('EADDRINUSE');
      expect(await listenOutcome([{ port }])).toBe('EADDRINUSE');
      expect(await listenOutcome([port, '0.0.0.0'])).toBe('EADDRINUSE');
      expect(await listenOutcome([0])).toBe('listening');
      // 192.0.2.1 is TEST-NET-1: documentation only, on no interface of any machine.
      expect(await listenOutcome([0, '192.0.2.1'])).toBe('EADDRNOTAVAIL');
      // The loopback address is on every machine: taken it gives EADDRINUSE, free it listens.
      expect(await listenOutcome([port, '127.0.0.1'])).toBe('EADDRINUSE');
      expect(await listenOutcome([0, '127.0.0.1'])).toBe('listening');
      // A `null` host is no host: every address.
      expect(await listenOutcome([port, null as unknown as string])).toBe('EADDRINUSE');
    } finally {
      taken.close();
    }
  });
});

describe.skipIf(process.platform === 'win32')('a socket connected by path (Unix domain)', () => {
  it('fails with ENOENT for a missing file and ECONNREFUSED for a file nobody listens on', async () => {
    expect(await connectOutcome(path.join(dir, 'missing.sock'))).toBe('ENOENT');
    // A server that exits without closing leaves its socket file behind: a stale file.
    const stale = path.join(dir, 'stale.sock');
    execFileSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(stale)}, () => process.exit(0))`]);
    expect(existsSync(stale)).toBe(true);
    expect(await connectOutcome(stale)).toBe('ECONNREFUSED');
    expect(await listenOutcome([stale])).toBe('EADDRINUSE');
  });

  it.skipIf(process.platform !== 'linux')('fails with EAGAIN, not a timeout, when the backlog is full', async () => {
    const file = path.join(dir, 'full.sock');
    const server = net.createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve) => server.listen({ path: file, backlog: 1 }, resolve));
    const sockets: net.Socket[] = [];
    const outcomes = new Map<string, number>();
    try {
      await Promise.all(
        Array.from({ length: 200 }, () => {
          const socket = net.connect({ path: file });
          sockets.push(socket);
          return new Promise<void>((resolve) => {
            const count = (outcome: string) => {
              outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
              resolve();
            };
            socket.once('error', (err: NodeJS.ErrnoException) => count(err.code ?? 'no code'));
            socket.once('connect', () => count('connected'));
          });
        }),
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
    expect(outcomes.get('EAGAIN')).toBeGreaterThan(0);
    expect([...outcomes.keys()].sort()).toEqual(['EAGAIN', 'connected']);
  });
});
