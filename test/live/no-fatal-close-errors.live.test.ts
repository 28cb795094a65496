/**
 * The rule's point, on real sockets: an echo server whose 'error' listener rethrows is flagged, and
 * a peer reset (RST) on 127.0.0.1 ends its process; after `eslint --fix` (ESLint's API, the
 * recommended config) the same server survives the reset and keeps serving.
 *
 * Then the facts the rule relies on for re-emits away from the listener, each in a child Node:
 * - a socket the module has ended itself still gets ECONNRESET when the peer resets, and its
 *   'close' follows that 'error': an error the listener stored in a field and the 'close' path
 *   re-emits on a wrapper nobody listens to ends the process;
 * - a request made in one method and aborted from a timer set in another gets "socket hang up"
 *   (ECONNRESET): re-emitted on the wrapper, it ends the process too;
 * - the same re-emit behind `listenerCount('error') > 0` does not.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { runNode, within } from '../support/loopback.js';
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
    expect(await child.stderrMatching(/connection failed/, 'the fixed server to log the reset')).toMatch(/connection failed: ECONNRESET/);
    child.stop();
    await within(child.exited, 'the fixed server to stop');
  });
});

/**
 * A client wrapper that ends its socket (`QUIT`), a peer that resets on the first byte, and a
 * listener that keeps the error in `link._error` for the 'close' path to re-emit.
 */
const storedThenReemitted = (reemit: string): string => `
const net = require('node:net');
const { EventEmitter } = require('node:events');
const server = net.createServer((peer) => { peer.on('error', () => {}); peer.on('data', () => peer.resetAndDestroy()); });
server.listen(0, '127.0.0.1', () => {
  const link = new EventEmitter();
  const socket = net.connect(server.address().port, '127.0.0.1');
  const events = [];
  socket.on('error', (err) => { events.push('error ' + err.code); link._error = err; });
  socket.on('close', () => {
    events.push('close');
    console.log(JSON.stringify(events));
    server.close();
    const err = link._error;
    if (err) { link._error = null; ${reemit} }
  });
  socket.on('connect', () => socket.end('QUIT\\r\\n'));
});`;

/** A request made by `open()` whose 'error' is re-emitted on the wrapper, aborted by `send()`'s timer once it waits for its answer. */
const abortedElsewhere = (reemit: string): string => `
const http = require('node:http');
const { EventEmitter } = require('node:events');
const server = http.createServer(() => {});
server.listen(0, '127.0.0.1', () => {
  const call = new EventEmitter();
  call.open = function () {
    if (this.req) return this.req;
    const self = this;
    const req = this.req = http.request({ port: server.address().port, host: '127.0.0.1' });
    req.on('error', (err) => { console.log(JSON.stringify(['error ' + err.code + ' ' + err.message])); ${reemit} });
    return req;
  };
  call.send = function () {
    const req = this.open();
    req.end();
    req.on('socket', (socket) => socket.on('connect', () => setTimeout(() => req.abort(), 30)));
  };
  call.send();
  setTimeout(() => { server.closeAllConnections(); server.close(); }, 300);
});`;

describe('re-emits away from the listener, on Node 20', () => {
  it('an error stored by the listener of a socket the module ended is re-emitted on close, and ends the process', async () => {
    const result = await runNode(storedThenReemitted("link.emit('error', err);"));
    expect(JSON.parse(result.stdout.trim())).toEqual(['error ECONNRESET', 'close']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
  });

  it('a request aborted from another method re-emits "socket hang up", which ends the process', async () => {
    const result = await runNode(abortedElsewhere('self.emit(\'error\', err);'));
    expect(JSON.parse(result.stdout.trim().split('\n')[0] ?? '')).toEqual(['error ECONNRESET socket hang up']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it("the same re-emits behind listenerCount('error') > 0 do not", async () => {
    const stored = await runNode(storedThenReemitted("if (link.listenerCount('error') > 0) link.emit('error', err);"));
    expect(stored.status).toBe(0);
    expect(stored.stderr).toBe('');
    const aborted = await runNode(abortedElsewhere("if (self.listenerCount('error') > 0) self.emit('error', err);"));
    expect(aborted.status).toBe(0);
    expect(aborted.stderr).toBe('');
  });
});
