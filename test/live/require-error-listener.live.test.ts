/**
 * The rule's point, on real sockets: an echo server that never listens for 'error' on its
 * connections is flagged and dies on the first peer reset (RST) on 127.0.0.1; with the rule's
 * suggestion applied (as an editor applies it), the same server survives and keeps serving.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { runNode, within } from '../support/loopback.js';
import { applyFirstSuggestion, connectAndReset, echo, startServer, stopAll } from './server-process.js';

const server = `import net from 'node:net';

const server = net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
});
server.listen(0, '127.0.0.1', () => console.log(\`PORT \${server.address().port}\`));
`;

describe('require-error-listener on a live server', () => {
  afterEach(stopAll);

  it('the flagged server dies on a peer reset', async () => {
    expect(applyFirstSuggestion(server, 'require-error-listener').reported).toBe(1);
    const child = await startServer(server);
    await connectAndReset(child.port);
    const code = await within(child.exited, 'the flagged server to crash', 5_000);
    expect(code).not.toBe(0);
    expect(child.stderr()).toMatch(/ECONNRESET/);
  });

  it('with the suggestion applied, the server survives the reset and serves the next connection', async () => {
    const { output } = applyFirstSuggestion(server, 'require-error-listener');
    expect(output).toContain("socket.on('error', () => socket.destroy());");
    expect(applyFirstSuggestion(output, 'require-error-listener').reported).toBe(0);
    const child = await startServer(output);
    await connectAndReset(child.port);
    expect(await echo(child.port, 'still there?\n')).toBe('still there?\n');
    child.stop();
    await within(child.exited, 'the server to stop');
  });
});

/**
 * A child whose upgrade-like server does `branch` to each connection it receives (no 'error'
 * listener), while the client keeps its side open and resets after 30 ms. It prints `SURVIVED`
 * when no error reached the process within 300 ms. The facts behind `branchUncovered`.
 */
function keptThen(branch: string): string {
  return `
const net = require('node:net');
const server = net.createServer({ allowHalfOpen: true }, (socket) => { ${branch} });
server.listen(0, '127.0.0.1', () => {
  const client = net.connect({ port: server.address().port, host: '127.0.0.1', allowHalfOpen: true });
  client.on('error', () => {});
  client.on('connect', () => setTimeout(() => client.resetAndDestroy(), 30));
  setTimeout(() => { console.log('SURVIVED'); server.close(); }, 300);
});`;
}

describe('a received socket on a branch with no listener', () => {
  it('crashes the process on a peer reset while a timer keeps it for later', async () => {
    const result = await runNode(keptThen('setTimeout(() => socket.end(), 1000);'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it('crashes the process on a peer reset even when it is ended right away (end() waits for the peer)', async () => {
    const result = await runNode(keptThen("socket.end('HTTP/1.1 404 Not Found\\\\r\\\\n\\\\r\\\\n');"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it('survives when that branch destroys it', async () => {
    const result = await runNode(keptThen("socket.write('HTTP/1.1 404 Not Found\\\\r\\\\n\\\\r\\\\n'); socket.destroy();"));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SURVIVED');
  });
});
