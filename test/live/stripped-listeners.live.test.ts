/**
 * What happens on 127.0.0.1 once a socket's 'error' listeners are taken away, and how many
 * 'error' events one failure makes: the facts `require-error-listener` relies on when it reports a
 * stripped listener (`strippedListener`, `strippedKept`, a UDP socket's `close()`), when it accepts
 * `once('error')` and when it does not (`onceButReemitted`), and why a plain socket stripped before
 * STARTTLS is left alone.
 *
 * Each case runs in a child Node, because the fact is whether that process crashes.
 */
import { describe, expect, it } from 'vitest';

import { makeCertificates, runNode } from '../support/loopback.js';

/**
 * A child that connects to a peer which keeps its side open and then resets, strips the client's
 * 'error' listeners right after connecting and does `after` to the client. It prints `SURVIVED`
 * when no error reached the process within 300 ms.
 */
function strippedThen(after: string, { tls = false } = {}): string {
  return `
const net = require('node:net');
const tls = require('node:tls');
const server = net.createServer({ allowHalfOpen: true }, (peer) => {
  peer.on('error', () => {});
  setTimeout(() => peer.resetAndDestroy(), 30);
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const socket = ${tls ? "tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false })" : "net.connect(port, '127.0.0.1')"};
  socket.on('error', () => {});
  socket.removeAllListeners('error');
  ${after}
  setTimeout(() => { console.log('SURVIVED'); socket.destroy(); server.close(); }, 300);
});`;
}

describe("a socket whose 'error' listeners were removed", () => {
  it('crashes the process on the next peer reset when it is kept', async () => {
    const result = await runNode(strippedThen('/* kept */'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it('crashes the process on the next peer reset when it is only ended (end() does not silence it)', async () => {
    const result = await runNode(strippedThen('socket.end();'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it('crashes the process when a TLS socket is only ended', async () => {
    const result = await runNode(strippedThen('socket.end();', { tls: true }));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it('survives when it is destroyed: a destroyed socket emits no further error', async () => {
    const result = await runNode(strippedThen('socket.destroy();'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('survives when end() is followed by destroy() in the same run, with 8 MB still queued, connecting or connected', async () => {
    const connecting = await runNode(strippedThen('socket.write(Buffer.alloc(8 << 20)); socket.end(); socket.destroy();'));
    const connected = await runNode(strippedThen("socket.on('connect', () => { socket.write(Buffer.alloc(8 << 20)); socket.end(); socket.destroy(); });"));
    for (const result of [connecting, connected]) {
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('SURVIVED');
      expect(result.status).toBe(0);
    }
  });

  it('survives when a TLS socket is destroyed', async () => {
    const result = await runNode(strippedThen('socket.destroy();', { tls: true }));
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("a client whose connect callback takes off its early 'error' listener, and whose requests listen only while they wait", () => {
  const client = (connected: string): string => `
const net = require('node:net');
const server = net.createServer((peer) => {
  peer.on('error', () => {});
  peer.on('data', () => { peer.write('pong'); setTimeout(() => peer.resetAndDestroy(), 50); });
});
server.listen(0, '127.0.0.1', () => {
  const fail = () => {};
  const sock = net.createConnection({ port: server.address().port, host: '127.0.0.1' }, () => {
    sock.removeListener('error', fail);
    ${connected}
    const onError = () => {};
    sock.once('data', () => sock.removeListener('error', onError));
    sock.on('error', onError);
    sock.write('ping');
  });
  sock.once('error', fail);
  setTimeout(() => { console.log('SURVIVED'); sock.destroy(); server.close(); }, 300);
});`;

  it('crashes the process when the server resets the idle connection', async () => {
    const result = await runNode(client(''));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it('survives when the connect callback leaves a lasting listener', async () => {
    const result = await runNode(client("sock.on('error', () => {});"));
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("a socket ended, then stripped of its 'error' listener", () => {
  /** A client connecting to a port nobody listens on, ended and stripped in the same run (`then` after). */
  const endedThenStripped = (then: string): string => `
const net = require('node:net');
const probe = net.createServer();
probe.listen(0, '127.0.0.1', () => {
  const port = probe.address().port;
  probe.close(() => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.end();
    socket.removeAllListeners('error');
    ${then}
    setTimeout(() => console.log('SURVIVED'), 300);
  });
});`;

  it('crashes the process when the connect is refused: end() does not cancel it', async () => {
    const result = await runNode(endedThenStripped(''));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
  });

  it('survives when destroy() follows', async () => {
    const result = await runNode(endedThenStripped('socket.destroy();'));
    expect(result.stdout).toContain('SURVIVED');
  });
});

describe("an HTTP/2 session whose early 'error' listener is removed once it connects", () => {
  /** The session listens for 'error' until 'connect' (then, with `keep`, adds another); the peer resets 100 ms in. */
  const session = (keep: boolean): string => `
const http2 = require('node:http2');
const net = require('node:net');
const server = net.createServer((peer) => { peer.on('error', () => {}); setTimeout(() => peer.resetAndDestroy(), 100); });
server.listen(0, '127.0.0.1', () => {
  const session = http2.connect('http://127.0.0.1:' + server.address().port);
  const early = () => {};
  session.once('error', early);
  session.on('connect', () => {
    session.removeListener('error', early);
    ${keep ? "session.on('error', () => {});" : ''}
  });
  setTimeout(() => { console.log('SURVIVED'); session.destroy(); server.close(); }, 400);
});`;

  it('crashes the process on the peer reset: the session lives on, with nobody listening', async () => {
    const result = await runNode(session(false));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it('survives when the connect listener adds another', async () => {
    const result = await runNode(session(true));
    expect(result.stdout).toContain('SURVIVED');
  });
});

describe("how many 'error' events one failure makes", () => {
  const count = (connect: string): string => `
const net = require('node:net');
const tls = require('node:tls');
const server = net.createServer((peer) => { peer.on('error', () => {}); setTimeout(() => peer.resetAndDestroy(), 30); });
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const socket = ${connect};
  let errors = 0;
  socket.on('error', () => errors++);
  setTimeout(() => { console.log('ERRORS ' + errors); socket.destroy(); server.close(); }, 300);
});`;

  it('one for a reset net socket, one for a reset TLS socket, one for a refused connection', async () => {
    const results = await Promise.all([
      runNode(count("net.connect(port, '127.0.0.1')")),
      runNode(count("tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false })")),
      runNode(count("net.connect(1, '127.0.0.1')")),
    ]);
    expect(results.map((result) => result.stdout.trim())).toEqual(['ERRORS 1', 'ERRORS 1', 'ERRORS 1']);
  });

  it("so once('error') holds, unless the code emits 'error' on the socket itself: that second one crashes", async () => {
    const result = await runNode(`
const net = require('node:net');
const socket = net.connect(1, '127.0.0.1');
socket.once('error', () => { socket.emit('error', new Error('timed out')); });
setTimeout(() => console.log('SURVIVED'), 300);`);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/timed out/);
    expect(result.stdout).not.toContain('SURVIVED');
  });
});

describe("a UDP socket whose only 'error' listener was removed before close()", () => {
  /**
   * A child that sends to a host name whose lookup fails 20 ms later (a lookup function of its
   * own, so nothing leaves the machine), then does `before` and closes the socket right away.
   */
  const sendThenClose = (before: string, callback = false): string => `
const dgram = require('node:dgram');
const dns = require('node:dns');
const lookup = (host, options, callback) => {
  if (host !== 'tracker.invalid') return dns.lookup(host, options, callback);
  setTimeout(() => callback(Object.assign(new Error('getaddrinfo ENOTFOUND ' + host), { code: 'ENOTFOUND' })), 20);
};
const socket = dgram.createSocket({ type: 'udp4', lookup });
const onError = () => console.log('LISTENER');
socket.on('error', onError);
socket.bind(0, '127.0.0.1', () => {
  socket.send(Buffer.from('announce'), 9, 'tracker.invalid'${callback ? ", (err) => console.log('CALLBACK ' + err.code)" : ''});
  ${before}
  socket.close();
  setTimeout(() => console.log('SURVIVED'), 200);
});`;

  it('crashes the process: close() does not stop a pending send from emitting its lookup error', async () => {
    const result = await runNode(sendThenClose("socket.removeListener('error', onError);"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ENOTFOUND/);
    expect(result.stdout).not.toContain('SURVIVED');
  });

  it("survives when the send has a callback: the lookup's failure goes there, also after close()", async () => {
    const result = await runNode(sendThenClose("socket.removeListener('error', onError);", true));
    expect(result.stdout).toBe('CALLBACK ENOTFOUND\nSURVIVED\n');
    expect(result.status).toBe(0);
  });

  it('survives when the listener stays', async () => {
    const result = await runNode(sendThenClose('/* listener kept */'));
    expect(result.stdout).toContain('LISTENER');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('survives when it never sent: a failed bind, then listeners removed and close(), emits nothing more', async () => {
    // The relay-port shape: the second bind of a port fails with EADDRINUSE (exclusive), or the
    // bind address fails its lookup, and the 'error' listener strips every listener and closes.
    const result = await runNode(`
const dgram = require('node:dgram');
const dns = require('node:dns');
const lookup = (host, options, callback) => {
  if (host !== 'relay.invalid') return dns.lookup(host, options, callback);
  setTimeout(() => callback(Object.assign(new Error('getaddrinfo ENOTFOUND ' + host), { code: 'ENOTFOUND' })), 20);
};
const holder = dgram.createSocket('udp4');
holder.bind({ address: '127.0.0.1', port: 0, exclusive: true }, () => {
  const open = (address, port) => {
    const socket = dgram.createSocket({ type: 'udp4', lookup });
    socket.on('error', (err) => {
      console.log('FAILED ' + err.code);
      socket.removeAllListeners();
      socket.close();
    });
    socket.bind({ address, port, exclusive: true });
  };
  open('127.0.0.1', holder.address().port);
  open('relay.invalid', 0);
  setTimeout(() => { console.log('SURVIVED'); holder.close(); }, 200);
});`);
    expect(result.stdout).toContain('FAILED EADDRINUSE');
    expect(result.stdout).toContain('FAILED ENOTFOUND');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

/**
 * A child with ws's client WebSocket to a server that takes the TCP connection and never answers
 * the handshake (`answers`: a ws server that completes it). After 100 ms the child strips the
 * WebSocket's listeners and does `how` (`close` or `terminate`); it prints the state before, and
 * `SURVIVED` 200 ms later when nothing crashed.
 */
function wsStripped(how: 'close' | 'terminate', answers: boolean, abortFirst = false): string {
  return `
const net = require('node:net');
const { WebSocket, WebSocketServer } = require('ws');
setTimeout(() => { console.log('TIMED OUT'); process.exit(3); }, 3000);
const server = ${answers ? "new WebSocketServer({ host: '127.0.0.1', port: 0 })" : "net.createServer((peer) => peer.on('error', () => {})).listen(0, '127.0.0.1')"};
server.on('listening', () => {
  const ws = new WebSocket('ws://127.0.0.1:' + server.address().port + '/');
  ws.on('error', () => {});
  setTimeout(() => {
    console.log('state=' + ws.readyState);
    ${abortFirst ? `ws.${how}();\n    ws.removeAllListeners();` : `ws.removeAllListeners();\n    ws.${how}();`}
    setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 200);
  }, 100);
});`;
}

describe("ws's client WebSocket stripped of its listeners, then closed", () => {
  it.each(['close', 'terminate'] as const)("crashes the process when %s() aborts a handshake still under way: ws emits 'error'", async (how) => {
    const result = await runNode(wsStripped(how, false));
    expect(result.stdout).toContain('state=0');
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*WebSocket was closed before the connection was established/u);
  });

  it.each(['close', 'terminate'] as const)("crashes it too when %s() comes first and the listeners go in the same turn: the 'error' is emitted on the next tick", async (how) => {
    const result = await runNode(wsStripped(how, false, true));
    expect(result.stdout).toContain('state=0');
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*WebSocket was closed before the connection was established/u);
  });

  it.each(['close', 'terminate'] as const)('survives %s() once the WebSocket is open', async (how) => {
    const result = await runNode(wsStripped(how, true));
    expect(result.stdout).toContain('state=1');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe('a plain socket stripped of its \'error\' listeners and then wrapped by TLS (STARTTLS)', () => {
  it("hands its errors to the TLS socket: one 'error' there on a reset, and no crash from the plain one", async () => {
    const { selfSigned } = await makeCertificates();
    const result = await runNode(`
const net = require('node:net');
const tls = require('node:tls');
const secureContext = tls.createSecureContext(${JSON.stringify(selfSigned)});
const server = net.createServer((raw) => {
  raw.on('error', () => {});
  const secure = new tls.TLSSocket(raw, { isServer: true, secureContext });
  secure.on('error', () => {});
  secure.on('secure', () => setTimeout(() => raw.resetAndDestroy(), 30));
});
server.listen(0, '127.0.0.1', () => {
  const plain = net.connect(server.address().port, '127.0.0.1', () => {
    plain.removeAllListeners('error');
    const secure = tls.connect({ socket: plain, rejectUnauthorized: false });
    let errors = 0;
    secure.on('error', (err) => { errors++; console.log('TLS ' + err.code); });
    setTimeout(() => { console.log('ERRORS ' + errors); secure.destroy(); server.close(); }, 300);
  });
  plain.on('error', () => {});
});`);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('TLS ECONNRESET');
    expect(result.stdout).toContain('ERRORS 1');
    expect(result.status).toBe(0);
  });
});
