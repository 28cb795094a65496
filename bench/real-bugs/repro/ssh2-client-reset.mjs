/**
 * Verdict check (verdicts.md, ssh2 lib/server.js:1232): an SSH client that sends its
 * identification line and then resets the TCP connection crashes a server whose 'connection'
 * listener adds no 'error' listener to the client object.
 *
 *   node ssh2-client-reset.mjs <ssh2 checkout, dependencies installed>
 *
 * Loopback only (127.0.0.1), ends within 3 s. Prints "crashed: ECONNRESET" or "survived".
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

const [libDir, child] = process.argv.slice(2);
if (!libDir) {
  process.stderr.write('usage: node ssh2-client-reset.mjs <ssh2 checkout>\n');
  process.exit(2);
}

if (child !== '--child') {
  const run = fork(new URL(import.meta.url).pathname, [libDir, '--child'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stderr = '';
  run.stderr.on('data', (chunk) => (stderr += chunk));
  run.on('exit', (code) => {
    const crash = /code: '(\w+)'/.exec(stderr);
    process.stdout.write(code === 0 ? 'survived\n' : `crashed: ${crash ? crash[1] : `exit ${code}`}\n`);
  });
} else {
  const { Server, utils } = createRequire(path.resolve(libDir, 'package.json'))('./lib/index.js');
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
  setTimeout(() => process.exit(0), 3000);
}
