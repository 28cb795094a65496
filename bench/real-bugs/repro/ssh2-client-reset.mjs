/**
 * Verdict check (verdicts.md, ssh2 lib/server.js:1232): an SSH client that sends its
 * identification line and then resets the TCP connection crashes a server whose 'connection'
 * listener adds no 'error' listener to the client object.
 *
 *   node ssh2-client-reset.mjs <ssh2 checkout, dependencies installed>
 *
 * Loopback only (127.0.0.1), ends within 3 s. Prints "crashed: ECONNRESET" or "survived".
 */
import net from 'node:net';

import { runScenario } from './harness.mjs';

runScenario(import.meta.url, 'ssh2', (requireFromCheckout) => {
  const { Server, utils } = requireFromCheckout('./lib/index.js');
  const server = new Server({ hostKeys: [utils.generateKeyPairSync('ed25519').private] }, (client) => {
    client.on('authentication', (ctx) => ctx.reject());
  });
  server.listen(0, '127.0.0.1', () => {
    const socket = net.connect(server.address().port, '127.0.0.1', () => {
      socket.write('SSH-2.0-probe\r\n');
      setTimeout(() => socket.resetAndDestroy(), 200);
    });
    socket.on('error', () => {});
  });
});
