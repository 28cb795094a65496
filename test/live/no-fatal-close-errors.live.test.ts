/**
 * The rule's point, on real sockets: an echo server whose 'error' listener rethrows is flagged, and
 * a peer reset (RST) on 127.0.0.1 ends its process; after `eslint --fix` (ESLint's API, the
 * recommended config) the same server survives the reset and keeps serving.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { within } from '../support/loopback.js';
import { connectAndReset, echo, fixWithEslint, startServer, stopAll } from './server-process.js';

const server = `import net from 'node:net';

const server = net.createServer((socket) => {
  socket.on('error', (err) => {
    console.error('connection failed:', err.code);
    throw err;
  });
  socket.on('data', (chunk) => socket.write(chunk));
});
server.listen(0, '127.0.0.1', () => console.log(\`PORT \${server.address().port}\`));
`;

describe('no-fatal-close-errors on a live server', () => {
  afterEach(stopAll);

  it('flags the rethrow, and --fix removes the report', async () => {
    const { before, output, after } = await fixWithEslint(server, 'no-fatal-close-errors');
    expect(before).toEqual(['socket-errors/no-fatal-close-errors']);
    expect(output).not.toBe(server);
    expect(after).toEqual([]);
  });

  it('the flagged server dies on a peer reset', async () => {
    const child = await startServer(server);
    await connectAndReset(child.port);
    const code = await within(child.exited, 'the flagged server to crash', 5_000);
    expect(code).not.toBe(0);
    expect(child.stderr()).toMatch(/ECONNRESET/);
  });

  it('the fixed server survives the reset and serves the next connection', async () => {
    const { output } = await fixWithEslint(server, 'no-fatal-close-errors');
    const child = await startServer(output);
    await connectAndReset(child.port);
    expect(await echo(child.port, 'still there?\n')).toBe('still there?\n');
    expect(child.stderr()).toMatch(/connection failed: ECONNRESET/);
    child.stop();
    await within(child.exited, 'the fixed server to stop');
  });
});
