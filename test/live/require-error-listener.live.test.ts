/**
 * The rule's point, on real sockets: an echo server that never listens for 'error' on its
 * connections is flagged and dies on the first peer reset (RST) on 127.0.0.1; with the rule's
 * suggestion applied (as an editor applies it), the same server survives and keeps serving.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { makeCertificates, runNode, within } from '../support/loopback.js';
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

describe("once('error') where a second error cannot crash (near-misses of onceOnTls)", () => {
  /** A TLS record (application data, TLS 1.2 framing) that no session can decrypt. */
  const brokenRecord = 'Buffer.from([0x17, 0x03, 0x03, 0x00, 0x20, ...Buffer.alloc(32, 7)])';

  it("a TLS server's connection keeps Node's own 'error' listener: once survives a bad record and the reset after it", async () => {
    const { selfSigned } = await makeCertificates();
    const result = await runNode(`
const net = require('node:net');
const tls = require('node:tls');
setTimeout(() => { console.log('TIMED OUT'); process.exit(0); }, 3000);
const server = tls.createServer(${JSON.stringify(selfSigned)}, (secure) => {
  console.log('LISTENERS ' + secure.listeners('error').map((f) => f.name).join(','));
  secure.once('error', (err) => console.log('ERROR ' + err.code + (secure.destroyed ? ' destroyed' : ' open')));
  secure.on('close', () => setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 100));
});
server.listen(0, '127.0.0.1', () => {
  const raw = net.connect(server.address().port, '127.0.0.1');
  raw.on('error', () => {});
  const client = tls.connect({ socket: raw, rejectUnauthorized: false }, () => setTimeout(() => {
    raw.write(${brokenRecord});
    setTimeout(() => raw.resetAndDestroy(), 50);
  }, 30));
  client.on('error', () => {});
});`);
    expect(result.stdout).toMatch(/^LISTENERS onSocketTLSError$/m);
    expect(result.stdout).toMatch(/^ERROR ERR_SSL_\w+ open$/m);
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('a TLS client that destroys its socket in the once listener survives the bad record and the reset (without destroy(), it crashes)', async () => {
    const { selfSigned } = await makeCertificates();
    const client = (then: string): string => `
const net = require('node:net');
const tls = require('node:tls');
setTimeout(() => { console.log('TIMED OUT'); process.exit(0); }, 3000);
const server = tls.createServer(${JSON.stringify(selfSigned)}, (secure) => {
  secure.on('error', () => {});
  setTimeout(() => {
    secure._parent.write(${brokenRecord});
    setTimeout(() => secure._parent.resetAndDestroy(), 50);
  }, 30);
});
server.listen(0, '127.0.0.1', () => {
  const client = tls.connect({ port: server.address().port, host: '127.0.0.1', rejectUnauthorized: false });
  client.once('error', (err) => { console.log('ERROR ' + err.code); ${then} });
  client.on('close', () => setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 100));
});`;
    const [destroyed, kept] = await Promise.all([runNode(client('client.destroy();')), runNode(client(''))]);
    expect(destroyed.stdout).toMatch(/^ERROR ERR_SSL_\w+$/m);
    expect(destroyed.stdout).toContain('SURVIVED');
    expect(destroyed.status).toBe(0);
    expect(kept.stdout).toMatch(/^ERROR ERR_SSL_\w+$/m);
    expect(kept.status).not.toBe(0);
    expect(kept.stderr).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
  });
});

describe("a CONNECT request's 'upgrade' listener", () => {
  it("never runs: Node emits 'connect' for a CONNECT request, even when the proxy answers 101", async () => {
    const result = await runNode(`
const http = require('node:http');
setTimeout(() => { console.log('TIMED OUT'); process.exit(0); }, 3000);
const proxy = http.createServer();
proxy.on('connect', (req, socket) => {
  socket.on('error', () => {});
  socket.write(req.url.startsWith('switch') ? 'HTTP/1.1 101 Switching Protocols\\r\\nConnection: Upgrade\\r\\nUpgrade: tunnel\\r\\n\\r\\n' : 'HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
});
proxy.listen(0, '127.0.0.1', async () => {
  for (const path of ['plain.example:443', 'switch.example:443']) {
    await new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: proxy.address().port, method: 'CONNECT', path, agent: false });
      req.once('upgrade', (res, socket) => { console.log('UPGRADE ' + res.statusCode); socket.destroy(); resolve(); });
      req.once('connect', (res, socket) => { console.log('CONNECT ' + res.statusCode); socket.destroy(); resolve(); });
      req.once('error', (err) => { console.log('ERROR ' + err.code); resolve(); });
      req.end();
    });
  }
  proxy.close();
  process.exit(0);
});`);
    expect(result.stdout.trim().split('\n')).toEqual(['CONNECT 200', 'CONNECT 101']);
    expect(result.status).toBe(0);
  });
});

describe("the socket an HTTPS server hands to 'upgrade' and 'connect' listeners", () => {
  /**
   * A child server (HTTPS, or plain HTTP as the control) whose 'upgrade' and 'connect' listeners
   * answer and add no 'error' listener. Its client sends an upgrade request and a CONNECT request
   * over their own connections, each reset (RST) 50 ms after the answer. The child prints the
   * 'error' listener count of each handed-over socket, then `SURVIVED` once both have closed (a
   * crash comes first).
   */
  const handedOver = (secure: boolean, pem: object): string => `
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const tls = require('node:tls');
setTimeout(() => { console.log('TIMED OUT'); process.exit(3); }, 4000);
const server = ${secure ? `https.createServer(${JSON.stringify(pem)})` : 'http.createServer()'};
let closed = 0;
const received = (name, socket, answer) => {
  console.log(name + ' listeners=' + socket.listenerCount('error'));
  socket.write(answer);
  socket.on('close', () => { if (++closed === 2) { console.log('SURVIVED'); process.exit(0); } });
};
server.on('upgrade', (req, socket) => received('UPGRADE', socket, 'HTTP/1.1 101 Switching Protocols\\r\\nConnection: Upgrade\\r\\nUpgrade: echo\\r\\n\\r\\n'));
server.on('connect', (req, socket) => received('CONNECT', socket, 'HTTP/1.1 200 Connection Established\\r\\n\\r\\n'));
server.listen(0, '127.0.0.1', () => {
  for (const head of ['GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: Upgrade\\r\\nUpgrade: echo\\r\\n\\r\\n', 'CONNECT example.test:443 HTTP/1.1\\r\\nHost: example.test:443\\r\\n\\r\\n']) {
    const raw = net.connect(server.address().port, '127.0.0.1');
    raw.on('error', () => {});
    const client = ${secure ? "tls.connect({ socket: raw, rejectUnauthorized: false }, () => client.write(head))" : "raw.on('connect', () => raw.write(head))"};
    client.on('error', () => {});
    client.once('data', () => setTimeout(() => raw.resetAndDestroy(), 50));
  }
});`;

  it("survives over HTTPS: the TLS server's own 'error' listener stays on the socket", async () => {
    const { selfSigned } = await makeCertificates();
    const result = await runNode(handedOver(true, selfSigned));
    expect(result.stdout).toContain('UPGRADE listeners=1');
    expect(result.stdout).toContain('CONNECT listeners=1');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('crashes over plain HTTP: the socket is handed over with no listener', async () => {
    const result = await runNode(handedOver(false, {}));
    expect(result.stdout).toMatch(/(?:UPGRADE|CONNECT) listeners=0/);
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
  });
});

describe("an upgrade's request and its `socket`", () => {
  /**
   * A child HTTP server hands each upgrade to a constructor of the shape a WebSocket module
   * exports, `Peer(req, socket, head)`, which never reads `socket` and keeps `req.socket` instead,
   * listening for 'data' and 'end' (and for 'error' when `listens`). The client upgrades and
   * resets (RST) 50 ms after the answer. The child prints whether both names hold one socket and
   * its 'error' listener count, then `SURVIVED` once it has closed (a crash comes first).
   */
  const keptFromRequest = (listens: boolean): string => `
const http = require('node:http');
const net = require('node:net');
setTimeout(() => { console.log('TIMED OUT'); process.exit(3); }, 4000);
function Peer(req, socket, head) {
  this.stream = req.socket;
  this.stream.on('data', () => {});
  this.stream.on('end', () => this.stream.end());
  ${listens ? "this.stream.on('error', () => this.stream.destroy());" : ''}
  this.stream.on('close', () => { console.log('SURVIVED'); process.exit(0); });
  this.stream.write('HTTP/1.1 101 Switching Protocols\\r\\nConnection: Upgrade\\r\\nUpgrade: echo\\r\\n\\r\\n');
}
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  console.log('same=' + (req.socket === socket) + ' listeners=' + socket.listenerCount('error'));
  new Peer(req, socket, head);
});
server.listen(0, '127.0.0.1', () => {
  const raw = net.connect(server.address().port, '127.0.0.1', () => raw.write('GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: Upgrade\\r\\nUpgrade: echo\\r\\n\\r\\n'));
  raw.on('error', () => {});
  raw.once('data', () => setTimeout(() => raw.resetAndDestroy(), 50));
});`;

  it("crashes: `req.socket` is the handed-over socket, with no 'error' listener", async () => {
    const result = await runNode(keptFromRequest(false));
    expect(result.stdout).toContain('same=true listeners=0');
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
  });

  it("survives once the kept socket has an 'error' listener", async () => {
    const result = await runNode(keptFromRequest(true));
    expect(result.stdout).toContain('same=true listeners=0');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("http-proxy's ws(req, socket, head)", () => {
  /**
   * A child HTTP server whose 'upgrade' listener hands each socket to http-proxy's `proxy.ws()`
   * (with its own 'error' listener first when `listens` is 'before', or in the proxy's
   * 'proxyReqWs' listener when it is 'proxyReqWs'). The target takes the TCP connection and
   * never answers; the client sends an upgrade request and resets (RST) 100 ms later. The child
   * prints the socket's 'error' listener count right after `ws()`, then `SURVIVED` (a crash comes first).
   */
  const proxied = (listens: 'none' | 'before' | 'proxyReqWs'): string => `
const http = require('node:http');
const net = require('node:net');
const httpProxy = require('http-proxy');
setTimeout(() => { console.log('TIMED OUT'); process.exit(3); }, 4000);
const target = net.createServer((peer) => peer.on('error', () => {}));
target.listen(0, '127.0.0.1', () => {
  const proxy = httpProxy.createProxyServer({ target: 'http://127.0.0.1:' + target.address().port });
  proxy.on('error', (err) => console.log('proxy error ' + err.code));
  ${listens === 'proxyReqWs' ? "proxy.on('proxyReqWs', (proxyReq, req, socket) => socket.on('error', () => socket.destroy()));" : ''}
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    ${listens === 'before' ? "socket.on('error', () => socket.destroy());" : ''}
    proxy.ws(req, socket, head);
    console.log('listeners=' + socket.listenerCount('error'));
  });
  server.listen(0, '127.0.0.1', () => {
    const raw = net.connect(server.address().port, '127.0.0.1', () => raw.write('GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: Upgrade\\r\\nUpgrade: websocket\\r\\n\\r\\n'));
    raw.on('error', () => {});
    setTimeout(() => raw.resetAndDestroy(), 100);
    setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 600);
  });
});`;

  it('crashes on a client reset while the target has not answered: ws() adds no listener until it does', async () => {
    const result = await runNode(proxied('none'));
    expect(result.stdout).toContain('listeners=0');
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
  });

  it.each(['before', 'proxyReqWs'] as const)("survives with the application's own listener (%s): 'proxyReqWs' is emitted from within ws()", async (listens) => {
    const result = await runNode(proxied(listens));
    expect(result.stdout).toContain('listeners=1');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("a UDP socket's bind(port, cb)", () => {
  /**
   * A child holds a UDP port on 127.0.0.1 and binds a second socket with no 'error' listener to
   * the same port, with a callback (`withCallback`) or without. It prints the second socket's
   * 'error' listener count right after `bind()`, `BOUND` if the callback ever runs, and
   * `SURVIVED` 300 ms later (a crash comes first).
   */
  const bindTaken = (withCallback: boolean): string => `
const dgram = require('node:dgram');
const holder = dgram.createSocket('udp4');
holder.on('error', () => {});
holder.bind(0, '127.0.0.1', () => {
  const late = dgram.createSocket('udp4');
  ${withCallback ? "late.bind(holder.address().port, '127.0.0.1', () => console.log('BOUND'));" : "late.bind(holder.address().port, '127.0.0.1');"}
  console.log('listeners=' + late.listenerCount('error'));
  setTimeout(() => { console.log('SURVIVED'); late.close(); holder.close(); }, 300);
});`;

  it("keeps an 'error' listener of its own while it binds: a failed bind is dropped, and the callback never runs", async () => {
    const result = await runNode(bindTaken(true));
    expect(result.stdout).toContain('listeners=1');
    expect(result.stdout).not.toContain('BOUND');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it("with an 'error' listener of the code's, the failed bind goes there, and a promise of the callback stays pending", async () => {
    const result = await runNode(`
const dgram = require('node:dgram');
const holder = dgram.createSocket('udp4');
holder.bind(0, '127.0.0.1', () => {
  const late = dgram.createSocket('udp4');
  late.on('error', (err) => console.log('error=' + err.code));
  new Promise((resolve) => late.bind(holder.address().port, '127.0.0.1', resolve)).then(() => console.log('BOUND'));
  setTimeout(() => { console.log('PENDING'); late.close(); holder.close(); }, 300);
});`);
    expect(result.stdout).toBe('error=EADDRINUSE\nPENDING\n');
    expect(result.status).toBe(0);
  });

  it('without a callback, the failed bind is an unhandled error', async () => {
    const result = await runNode(bindTaken(false));
    expect(result.stdout).toContain('listeners=0');
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.stderr).toMatch(/Unhandled 'error' event|EADDRINUSE/);
  });
});

describe('a UDP socket before it binds, sends or connects', () => {
  it("opens nothing and emits nothing: a listener added a while later, before bind(), gets the bind's error", async () => {
    const result = await runNode(`
const dgram = require('node:dgram');
const holder = dgram.createSocket('udp4');
holder.on('error', () => {});
holder.bind(0, '127.0.0.1', () => {
  const late = dgram.createSocket('udp4');
  setTimeout(() => {
    late.on('error', (err) => { console.log('error=' + err.code); holder.close(); });
    late.bind(holder.address().port, '127.0.0.1');
  }, 200);
});`);
    expect(result.stdout.trim()).toBe('error=EADDRINUSE');
    expect(result.status).toBe(0);
  });
});

describe('a TCP socket made with `new net.Socket()`, before it connects', () => {
  it('emits nothing while idle, nor on end(); a listener added in the turn it connects gets the refusal', async () => {
    const result = await runNode(`
const net = require('node:net');
const probe = net.createServer().listen(0, '127.0.0.1', () => {
  const port = probe.address().port;
  probe.close(() => {
    const sock = new net.Socket();
    const seen = [];
    sock.on('close', () => seen.push('close'));
    sock.end();
    setTimeout(() => {
      console.log('idle=' + (seen.join(',') || 'none') + ' listeners=' + sock.listenerCount('error'));
      sock.connect(port, '127.0.0.1');
      sock.on('error', (err) => console.log('error=' + err.code));
    }, 200);
  });
});`);
    expect(result.stdout.trim().split('\n')).toEqual(['idle=none listeners=0', 'error=ECONNREFUSED']);
    expect(result.status).toBe(0);
  });

  it('fails a write with an error nobody hears: the process dies', async () => {
    const result = await runNode(`
const net = require('node:net');
const sock = new net.Socket();
setTimeout(() => sock.write('hello'), 50);`);
    expect(result.stderr).toContain('ERR_SOCKET_CLOSED');
    expect(result.status).not.toBe(0);
  });
});

describe('a UDP socket with no error listener whose every send has a callback', () => {
  /**
   * A child sends, with a callback each, to a closed port on 127.0.0.1 (which answers ICMP "port
   * unreachable"), a 70 kB datagram, and a name that does not resolve (once while `close()` runs),
   * from a socket with no 'error' listener, unconnected or `connect()`ed to that closed port. It
   * prints the errors the callbacks receive and `SURVIVED` 400 ms later (a crash comes first).
   */
  const sends = (connected: boolean): string => `
const dgram = require('node:dgram');
const closed = dgram.createSocket('udp4');
closed.bind(0, '127.0.0.1', () => {
  const port = closed.address().port;
  closed.close(() => {
    const socket = dgram.createSocket('udp4');
    const seen = [];
    const sendAll = () => {
      for (let i = 0; i < 3; i++) ${connected ? 'socket.send(Buffer.from("x"), (err) => err && seen.push(err.code));' : 'socket.send(Buffer.from("x"), port, "127.0.0.1", (err) => err && seen.push(err.code));'}
      ${connected ? '' : 'socket.send(Buffer.alloc(70000), port, "127.0.0.1", (err) => err && seen.push(err.code));'}
      ${connected ? '' : 'socket.send(Buffer.from("x"), port, "no-such-host.invalid", (err) => seen.push("close:" + (err && err.code)));'}
    };
    ${connected ? "socket.connect(port, '127.0.0.1', sendAll);" : 'sendAll();'}
    setTimeout(() => {
      ${connected ? '' : 'socket.close();'}
      setTimeout(() => { console.log('seen=' + seen.join(',')); console.log('SURVIVED'); ${connected ? 'socket.close();' : ''} }, 200);
    }, 200);
  });
});`;

  it('unconnected: every failure goes to its callback, and the process survives', async () => {
    const result = await runNode(sends(false));
    expect(result.stdout).toMatch(/seen=.*EMSGSIZE/);
    expect(result.stdout).toMatch(/close:E(?:NOTFOUND|AI_AGAIN)/);
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it("connected: the peer's unreachable port comes back as a failed receive, emitted as 'error' (ECONNREFUSED)", async () => {
    const result = await runNode(sends(true));
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.stderr).toMatch(/ECONNREFUSED/);
  });

  it("unconnected, a send without a callback emits its failure as 'error': a name that does not resolve crashes the process", async () => {
    const result = await runNode(`
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
socket.send(Buffer.from('metric:1|c'), 8125, 'no-such-host.invalid');
setTimeout(() => { console.log('SURVIVED'); socket.close(); }, 400);`);
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.stderr).toMatch(/E(?:NOTFOUND|AI_AGAIN)/);
  });

  it('unconnected, sends without a callback to a closed port on 127.0.0.1 emit nothing: the process survives', async () => {
    const result = await runNode(`
const dgram = require('node:dgram');
const closed = dgram.createSocket('udp4');
closed.bind(0, '127.0.0.1', () => {
  const port = closed.address().port;
  closed.close(() => {
    const socket = dgram.createSocket('udp4');
    for (let i = 0; i < 20; i++) socket.send(Buffer.from('worker@election'), port, '127.0.0.1');
    setTimeout(() => { console.log('SURVIVED'); socket.close(); }, 400);
  });
});`);
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('unconnected, a failed send without a callback to any IP literal emits nothing: only a lookup could fail loudly', async () => {
    // Too large a datagram fails in the kernel (EMSGSIZE) before anything leaves the machine; with
    // a callback the callback hears it, without one nothing does (no route, ENETUNREACH, is the same).
    const result = await runNode(`
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
socket.bind(0, '127.0.0.1', () => {
  socket.send(Buffer.alloc(70000), 1982, '192.0.2.1', (err) => console.log('callback ' + (err && err.code)));
  socket.send(Buffer.alloc(70000), 1982, '239.255.255.250');
  socket.send(Buffer.alloc(70000), 1982, '192.0.2.1');
  setTimeout(() => { console.log('SURVIVED'); socket.close(); }, 400);
});`);
    expect(result.stdout).toBe('callback EMSGSIZE\nSURVIVED\n');
    expect(result.status).toBe(0);
  });

  it("a 'listening' listener runs in the same emit as bind's callback: nothing is emitted between them", async () => {
    const result = await runNode(`
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
socket.bind(0, '127.0.0.1', () => console.log('callback listeners=' + socket.listenerCount('error')));
socket.on('listening', () => {
  console.log('listening listeners=' + socket.listenerCount('error'));
  socket.on('error', () => {});
  socket.close();
});`);
    expect(result.stdout).toBe('callback listeners=0\nlistening listeners=0\n');
    expect(result.status).toBe(0);
  });
});

describe('end() on a socket and on a client request', () => {
  it('returns the object itself, so `const req = http.request(…).end()` holds the request', async () => {
    const result = await runNode(`
const http = require('node:http');
const net = require('node:net');
const server = net.createServer((peer) => peer.destroy());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  console.log('socket ' + (socket.end() === socket));
  const req = http.request({ host: '127.0.0.1', port, method: 'CONNECT', path: 'example.test:443' });
  req.on('error', () => {});
  console.log('request ' + (req.end() === req));
  socket.destroy();
  req.destroy();
  server.close();
});`);
    expect(result.stdout.trim().split('\n')).toEqual(['socket true', 'request true']);
    expect(result.status).toBe(0);
  });
});

describe("an HTTP/2 session's 'connect' socket", () => {
  it("keeps Node's own 'error' listener: a client reset crashes nothing, unlike an HTTP server's 'connect' socket", async () => {
    const result = await runNode(`
const http2 = require('node:http2');
const net = require('node:net');
const server = http2.createServer();
server.on('session', (session) => {
  session.on('connect', (_session, socket) => {
    console.log('listeners ' + socket.listenerCount('error'));
    socket.on('close', () => setTimeout(() => { console.log('SURVIVED'); server.close(); }, 100));
  });
});
server.listen(0, '127.0.0.1', () => {
  const raw = net.connect(server.address().port, '127.0.0.1');
  raw.on('error', () => {});
  const client = http2.connect('http://127.0.0.1', { createConnection: () => raw });
  client.on('error', () => {});
  client.on('connect', () => setTimeout(() => raw.resetAndDestroy(), 50));
});`);
    expect(result.stdout.trim().split('\n')).toEqual(['listeners 1', 'SURVIVED']);
    expect(result.status).toBe(0);
  });
});

/**
 * A server made with `pauseOnConnect: true`: the client writes and resets while the server's
 * socket is paused; 200 ms later the server does `act` on it and waits 300 ms more.
 */
function pausedServer(act: string): string {
  return `
const net = require('node:net');
const server = net.createServer({ pauseOnConnect: true }, (socket) => {
  setTimeout(() => {
    ${act}
    setTimeout(() => { console.log('SURVIVED'); socket.destroy(); server.close(); }, 300);
  }, 200);
});
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => {
    client.write('hello');
    setTimeout(() => client.resetAndDestroy(), 50);
  });
  client.on('error', () => {});
});`;
}

describe("a socket paused on connect (what lets a 'later' listener count there)", () => {
  it('survives a reset during the pause when the listener comes later, before resume()', async () => {
    const result = await runNode(pausedServer("socket.on('error', (err) => console.log('heard', err.code)); socket.resume();"));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SURVIVED');
  });

  it('survives with no listener at all while nothing resumes or writes', async () => {
    const result = await runNode(pausedServer(''));
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('SURVIVED');
  });

  it('crashes once the application writes to it with no listener', async () => {
    const result = await runNode(pausedServer("socket.write('welcome');"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unhandled 'error' event|ECONNRESET|EPIPE/u);
  });
});

describe("Node's factories called with `new`", () => {
  it('return the same objects as plain calls: a socket, a TLS socket, a client request, a server', async () => {
    const result = await runNode(`
const net = require('node:net');
const tls = require('node:tls');
const http = require('node:http');
const server = net.createServer((peer) => peer.destroy());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const made = [new net.createConnection(port, '127.0.0.1'), new net.connect(port, '127.0.0.1'), new tls.connect(port, '127.0.0.1'), new http.request({ port, host: '127.0.0.1' })];
  for (const each of made) each.on('error', () => {});
  made[3].end();
  const other = new net.createServer();
  console.log(JSON.stringify([made[0] instanceof net.Socket, made[1] instanceof net.Socket, made[2] instanceof tls.TLSSocket, made[3] instanceof http.ClientRequest, other instanceof net.Server]));
  for (const each of made) each.destroy();
  server.close();
});`);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout.trim())).toEqual([true, true, true, true, true]);
  });
});

describe("an 'upgrade' listener that leaves some upgrades untouched", () => {
  /** An HTTP server whose only 'upgrade' listener takes WebSocket upgrades (`first` runs before); the client asks for h2c and resets. */
  const ignoring = (first: string): string => `
const http = require('node:http');
const net = require('node:net');
const server = http.createServer((req, res) => res.end('ok'));
server.on('upgrade', (req, socket) => {
  ${first}
  if (req.headers.upgrade === 'websocket') socket.end('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
});
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => {
    client.write('GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: Upgrade\\r\\nUpgrade: h2c\\r\\n\\r\\n');
    setTimeout(() => client.resetAndDestroy(), 50);
  });
  client.on('error', () => {});
  setTimeout(() => { console.log('SURVIVED'); server.close(); }, 300);
});`;

  it("crashes the process when the client of an ignored upgrade resets: Node handed the socket over without its listener", async () => {
    const result = await runNode(ignoring(''));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ECONNRESET/);
  });

  it("survives with a listener given before the test", async () => {
    const result = await runNode(ignoring("socket.on('error', () => socket.destroy());"));
    expect(result.stdout).toContain('SURVIVED');
  });
});

describe("Node's socket and server classes called without `new`", () => {
  it('make the same objects: net.Socket(), net.Server(), tls.Server(), http.Server(); tls.TLSSocket() throws', async () => {
    const result = await runNode(`
const net = require('node:net');
const tls = require('node:tls');
const http = require('node:http');
console.log(net.Socket() instanceof net.Socket, net.Server() instanceof net.Server, tls.Server() instanceof tls.Server, http.Server() instanceof http.Server);
try { tls.TLSSocket(new net.Socket()); console.log('made'); } catch { console.log('threw'); }
`);
    expect(result.stdout.trim().split('\n')).toEqual(['true true true true', 'threw']);
  });

  it("a socket made by net.Socket() with no 'error' listener crashes on a failed connect", async () => {
    const result = await runNode(`
const net = require('node:net');
const socket = net.Socket();
socket.on('connect', () => console.log('connected'));
socket.connect({ path: '/nonexistent/player.sock' });
`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Unhandled 'error' event|ENOENT/u);
  });
});
