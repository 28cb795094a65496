/**
 * What a file-wide `process.on('uncaughtException', …)` handler does to a connection reset that no
 * 'error' listener hears (src/model/uncaught-handlers.ts): each case runs in a child Node process,
 * a server on 127.0.0.1 whose connection has only a 'close' listener and a client that resets it.
 */
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

/** The child prints one JSON line once the reset has been dealt with, then closes what it opened. */
interface Report {
  uncaught?: string;
  closed?: boolean;
}

function resetServer(handler: string): { status: number | null; report: Report | undefined; stderr: string } {
  const source = `
const net = require('node:net');
${handler}
let closed = false;
const server = net.createServer((socket) => {
  socket.on('close', () => { closed = true; });
});
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => setTimeout(() => client.resetAndDestroy(), 50));
  client.on('error', () => {});
  setTimeout(() => {
    console.log(JSON.stringify({ uncaught: globalThis.caught, closed }));
    server.close();
  }, 500).unref();
  setTimeout(() => process.exit(3), 5000).unref();
});
`;
  const child = spawnSync(process.execPath, ['-e', source], { encoding: 'utf8', timeout: 10_000 });
  const line = child.stdout.trim().split('\n').pop();
  return { status: child.status, report: line ? (JSON.parse(line) as Report) : undefined, stderr: child.stderr };
}

describe("a file-wide 'uncaughtException' handler", () => {
  it("takes a reset no 'error' listener hears: the process lives and the socket still closes", () => {
    const run = resetServer("process.on('uncaughtException', (err) => { globalThis.caught = err.code; });");
    expect(run.status).toBe(0);
    expect(run.report).toEqual({ uncaught: 'ECONNRESET', closed: true });
  });

  it('without one, the same reset ends the process', () => {
    const run = resetServer('');
    expect(run.status).toBe(1);
    expect(run.report).toBeUndefined();
    expect(run.stderr).toMatch(/ECONNRESET/);
  });

  it('a handler that exits ends it all the same', () => {
    const run = resetServer("process.on('uncaughtException', () => process.exit(7));");
    expect(run.status).toBe(7);
  });
});
