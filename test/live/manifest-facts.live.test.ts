/**
 * Whether the bugs of some real-bug benchmark fixes (bench/real-bugs/manifest.json) still happen on
 * today's Node, measured on 127.0.0.1 with small programs of the same shape, written for this file:
 * the evidence behind each entry's `node20` field. Fixes whose bug no longer happens are counted
 * apart by the benchmark, so each verdict here is a measurement both ways: the ways the failure could
 * still come (peer reset, refused connect, a broken TLS record, destroy() first) are tried.
 *
 * Each case runs in a child Node, because the fact is whether that process crashes or hangs. A child
 * ends itself: a crash ends it at once, and one that survives prints `SURVIVED` (or its outcome)
 * a bounded time after the provocation, then exits.
 */
import { describe, expect, it } from 'vitest';

import { makeCertificates, runNode } from '../support/loopback.js';

/** A TLS record (application data, TLS 1.2 framing) that no session can decrypt. */
const BROKEN_RECORD = 'Buffer.from([0x17, 0x03, 0x03, 0x00, 0x20, ...Buffer.alloc(32, 7)])';

describe("node-imap a4be10c, node-ftp fd50ede: once('error') on the TLS connection", () => {
  /**
   * A child whose TLS client reaches its server through a relay. Once the handshake is done, the
   * relay stops forwarding the server and sends the client a record it cannot decrypt. After the
   * client's first error, `then` happens: the relay resets the connection (`reset`), or the client
   * writes to the socket 20 ms later (`write`, as a keep-alive NOOP or a LOGOUT would). It prints
   * `SURVIVED` once the client socket has closed (a crash comes before). `open` makes the TLS
   * socket and passes it to `start`: node-imap wraps a plain socket before connecting it, node-ftp
   * upgrades a connected one (AUTH TLS) after stripping its listeners. The client listens with
   * `listen`: 'once' in the parents, 'on' in the fixes.
   */
  const brokenRecord = (pem: object, open: string, { listen = 'once', then = 'reset' } = {}): string => `
const net = require('node:net');
const tls = require('node:tls');
const server = tls.createServer(${JSON.stringify(pem)}, (secure) => secure.on('error', () => {}));
const exit = (outcome) => { console.log(outcome); process.exit(0); };
setTimeout(() => exit('TIMED OUT'), 3000);
let breakIt;
let resetIt;
const relay = net.createServer((client) => {
  client.on('error', () => {});
  const upstream = net.connect(server.address().port, '127.0.0.1');
  upstream.on('error', () => {});
  client.pipe(upstream);
  upstream.pipe(client);
  breakIt = () => {
    upstream.unpipe(client);
    upstream.destroy();
    client.write(${BROKEN_RECORD});
  };
  resetIt = () => client.resetAndDestroy();
});
const start = (socket) => {
  socket.on('secureConnect', () => setTimeout(breakIt, 30));
  socket.on('close', () => setTimeout(() => exit('SURVIVED'), 50));
  let errors = 0;
  socket.${listen}('error', (err) => {
    console.log('ERROR ' + err.code + (socket.destroyed ? ' destroyed' : ' open'));
    if (errors++ > 0) return;
    if (${JSON.stringify(then)} === 'reset') resetIt();
    else setTimeout(() => socket.write('A2 NOOP\\r\\n'), 20);
  });
};
server.listen(0, '127.0.0.1', () => relay.listen(0, '127.0.0.1', () => {
  const port = relay.address().port;
  ${open}
}));`;
  const imap = `
  const plain = new net.Socket();
  start(tls.connect({ socket: plain, rejectUnauthorized: false }));
  plain.connect(port, '127.0.0.1');`;
  const ftp = `
  const plain = net.connect(port, '127.0.0.1', () => {
    plain.removeAllListeners('error');
    start(tls.connect({ socket: plain, rejectUnauthorized: false }));
  });
  plain.once('error', () => {});`;

  it('crashes the process: a broken record is one error that leaves the socket open, the reset after it a second', async () => {
    const { selfSigned } = await makeCertificates();
    const results = await Promise.all([runNode(brokenRecord(selfSigned, imap)), runNode(brokenRecord(selfSigned, ftp))]);
    for (const result of results) {
      expect(result.stdout).toMatch(/^ERROR ERR_SSL_\w+ open$/m);
      expect(result.stdout).not.toContain('SURVIVED');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
    }
  });

  it('crashes the process when the module writes after that first error (a NOOP, a LOGOUT): EPROTO', async () => {
    const { selfSigned } = await makeCertificates();
    const results = await Promise.all([
      runNode(brokenRecord(selfSigned, imap, { then: 'write' })),
      runNode(brokenRecord(selfSigned, ftp, { then: 'write' })),
    ]);
    for (const result of results) {
      expect(result.stdout).toMatch(/^ERROR ERR_SSL_\w+ open$/m);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*EPROTO/);
    }
  });

  it("survives with on('error'), as in the fixes: both errors reach the listener", async () => {
    const { selfSigned } = await makeCertificates();
    const result = await runNode(brokenRecord(selfSigned, imap, { listen: 'on' }));
    expect(result.stdout).toMatch(/^ERROR ERR_SSL_\w+ open\nERROR ECONNRESET/m);
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("node-http2 0115e64: a server's connection piped to and from a stream, with no 'error' listener", () => {
  /**
   * A child whose server pipes each connection both ways through a PassThrough (standing for the
   * HTTP/2 endpoint) and writes to it every 5 ms; the client resets 50 ms after connecting.
   * `server` makes the server from `handle`.
   */
  const pipedThenReset = (server: string, connect: string): string => `
const net = require('node:net');
const tls = require('node:tls');
const { PassThrough } = require('node:stream');
const handle = (socket) => {
  const endpoint = new PassThrough();
  endpoint.pipe(socket).pipe(endpoint);
  const frames = setInterval(() => endpoint.write(Buffer.alloc(16384)), 5);
  socket.on('close', (hadError) => {
    clearInterval(frames);
    console.log('CLOSED hadError=' + hadError);
    setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 100);
  });
};
const server = ${server};
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const raw = net.connect(port, '127.0.0.1');
  raw.on('error', () => {});
  ${connect}
});`;

  it('crashes the process over plain TCP (the parent\'s `plain` mode): the client reset reaches no listener', async () => {
    const result = await runNode(
      pipedThenReset('net.createServer(handle)', "raw.on('connect', () => setTimeout(() => raw.resetAndDestroy(), 50));"),
    );
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
  });

  it("survives over TLS: Node keeps an 'error' listener of its own on a TLS server's connection", async () => {
    const { selfSigned } = await makeCertificates();
    const result = await runNode(
      pipedThenReset(
        `tls.createServer(${JSON.stringify({ ...selfSigned, ALPNProtocols: ['h2'] })}, handle)`,
        `const client = tls.connect({ socket: raw, rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => setTimeout(() => raw.resetAndDestroy(), 50));
  client.on('error', () => {});`,
      ),
    );
    expect(result.stdout).toContain('CLOSED hadError=true');
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("node-http-mitm-proxy c8e5a89: a proxy's request, response and upstream response with no 'error' listener", () => {
  /**
   * A child running a proxy in the parent's shape: the client's request and response and the
   * upstream response are kept on a context object and piped through filters (plain emitters with
   * `write` and `end`), and only the upstream request has an 'error' listener. The upstream server
   * streams 40 KiB in 1 KiB writes. `provoke` is what fails: the client resets while uploading
   * (10 ms after the proxy has the request), while downloading, or before the response comes, or
   * the upstream server resets mid-response. It prints `SURVIVED` 150 ms after the client's
   * response or the upstream request has ended. With
   * `secure`, the proxy speaks HTTPS to its client, as for an intercepted TLS connection.
   */
  const proxied = (provoke: 'upload' | 'download' | 'before-response' | 'upstream', pem?: object): string => `
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const tls = require('node:tls');
const { EventEmitter } = require('node:events');
const provoke = ${JSON.stringify(provoke)};
const pem = ${JSON.stringify(pem ?? null)};
class Filter extends EventEmitter {
  constructor(write, end) {
    super();
    this.writable = true;
    this.write = (chunk) => { write(chunk); return true; };
    this.end = (chunk) => end(chunk);
  }
}
const done = () => setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 150);
const upstream = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200);
  let writes = 0;
  const pump = setInterval(() => {
    res.write('x'.repeat(1024));
    writes++;
    if (writes === 5 && provoke === 'upstream') { clearInterval(pump); res.socket.resetAndDestroy(); }
    if (writes === 40) { clearInterval(pump); res.end(); }
  }, 10);
  res.on('close', () => clearInterval(pump));
});
let resetClient;
const onRequest = (clientToProxyRequest, proxyToClientResponse) => {
  if (provoke === 'upload' || provoke === 'before-response') setTimeout(resetClient, 10);
  const ctx = { clientToProxyRequest, proxyToClientResponse };
  ctx.proxyToClientResponse.on('close', () => {
    console.log(ctx.proxyToClientResponse.writableFinished ? 'RESPONSE SENT' : 'CLIENT GONE');
    done();
  });
  ctx.clientToProxyRequest.pause();
  ctx.proxyToServerRequest = http.request(
    { host: '127.0.0.1', port: upstream.address().port, method: clientToProxyRequest.method, path: clientToProxyRequest.url, agent: false },
    (serverToProxyResponse) => {
      serverToProxyResponse.pause();
      ctx.serverToProxyResponse = serverToProxyResponse;
      setTimeout(() => {
        ctx.proxyToClientResponse.writeHead(serverToProxyResponse.statusCode, serverToProxyResponse.headers);
        ctx.serverToProxyResponse.pipe(new Filter((c) => ctx.proxyToClientResponse.write(c), (c) => ctx.proxyToClientResponse.end(c)));
        ctx.serverToProxyResponse.resume();
      }, provoke === 'before-response' ? 80 : 0);
    },
  );
  ctx.proxyToServerRequest.on('error', (err) => {
    console.log('UPSTREAM ' + err.code);
    done();
  });
  ctx.clientToProxyRequest.pipe(new Filter((c) => ctx.proxyToServerRequest.write(c), (c) => ctx.proxyToServerRequest.end(c)));
  ctx.clientToProxyRequest.resume();
};
const proxy = pem ? https.createServer(pem, onRequest) : http.createServer(onRequest);
upstream.listen(0, '127.0.0.1', () => proxy.listen(0, '127.0.0.1', () => {
  const port = proxy.address().port;
  const raw = net.connect(port, '127.0.0.1');
  raw.on('error', () => {});
  const client = pem ? tls.connect({ socket: raw, rejectUnauthorized: false }) : raw;
  client.on('error', () => {});
  resetClient = () => raw.resetAndDestroy();
  if (provoke === 'upload') {
    client.write('POST /upload HTTP/1.1\\r\\nHost: example.test\\r\\nContent-Length: 100000\\r\\n\\r\\n' + 'y'.repeat(1000));
  } else {
    client.write('GET / HTTP/1.1\\r\\nHost: example.test\\r\\n\\r\\n');
    if (provoke === 'download') client.once('data', () => setTimeout(resetClient, 15));
  }
}));`;

  it('survives client resets while uploading, downloading and before the response, and an upstream reset', async () => {
    const results = await Promise.all(
      (['upload', 'download', 'before-response', 'upstream'] as const).map((provoke) => runNode(proxied(provoke))),
    );
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('SURVIVED');
      expect(result.status).toBe(0);
    }
    // The resets did happen: the client left before its response was sent, and the upstream
    // request's own listener saw the upstream reset.
    expect(results.slice(0, 3).map((result) => result.stdout.split('\n')[0])).toEqual(['CLIENT GONE', 'CLIENT GONE', 'CLIENT GONE']);
    expect(results[3]?.stdout).toContain('UPSTREAM ECONNRESET');
  });

  it('survives the same client resets when the proxy speaks HTTPS to its client', async () => {
    const { selfSigned } = await makeCertificates();
    const results = await Promise.all((['upload', 'download'] as const).map((provoke) => runNode(proxied(provoke, selfSigned))));
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('CLIENT GONE');
      expect(result.stdout).toContain('SURVIVED');
      expect(result.status).toBe(0);
    }
  });
});

/**
 * A child that connects to a server which accepts and never answers (or, with `peer`, resets or
 * ends the connection 20 ms in), lets `before` happen to the socket, then settles a promise the way
 * `shutdown` says and prints `SETTLED` or, 300 ms later, `HUNG`.
 */
const shutdownAfter = (before: string, shutdown: string, peer = ''): string => `
const net = require('node:net');
const server = net.createServer((conn) => {
  conn.on('error', () => {});
  ${peer}
});
server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1');
  let closed = false;
  socket.on('error', () => {});
  socket.on('close', () => { closed = true; });
  socket.on('connect', () => {
    ${before}
    setTimeout(() => {
      const hung = setTimeout(() => { console.log('HUNG'); process.exit(0); }, 300);
      ${shutdown}.then(() => { clearTimeout(hung); console.log('SETTLED'); process.exit(0); });
    }, 60);
  });
});`;
const endCallbackOnly = 'new Promise((resolve) => socket.end(resolve))';

describe('postgres a5daa3e: a shutdown settled only by the callback of end()', () => {
  it("hangs after the module's own destroy() (its connect timeout): end()'s callback never runs", async () => {
    const result = await runNode(shutdownAfter('socket.destroy();', endCallbackOnly));
    expect(result.stdout.trim()).toBe('HUNG');
    expect(result.status).toBe(0);
  });

  it("settles after a peer reset or a peer's end, and after destroy() with the fix's wait for 'close'", async () => {
    const results = await Promise.all([
      runNode(shutdownAfter('', endCallbackOnly, 'setTimeout(() => conn.resetAndDestroy(), 20);')),
      runNode(shutdownAfter('', endCallbackOnly, 'setTimeout(() => conn.end(), 20);')),
      runNode(shutdownAfter('socket.destroy();', "new Promise((resolve) => (closed ? resolve() : socket.once('close', resolve)))")),
    ]);
    expect(results.map((result) => result.stdout.trim())).toEqual(['SETTLED', 'SETTLED', 'SETTLED']);
  });
});

describe("js-libp2p-tcp 3813100: close() settled by end()'s callback, or by a fallback timer that 'close' clears", () => {
  /**
   * A child with the parent's close(): it returns at once on a destroyed socket, else ends the
   * socket and settles in end()'s callback, with a 2 s fallback timer that the socket's 'close'
   * clears. `scenario` makes the socket and calls close() (with `report`) in one of the ways the
   * socket can die while the end is pending. Prints `SETTLED` for each close(), or `HUNG` 400 ms
   * after the first.
   */
  const closing = (scenario: string, closes = 1): string => `
const net = require('node:net');
function close(socket) {
  if (socket.destroyed) return undefined;
  return new Promise((resolve, reject) => {
    const fallback = setTimeout(() => { socket.destroy(); resolve(); }, 2000);
    socket.once('close', () => clearTimeout(fallback));
    socket.end((err) => (err ? reject(err) : resolve()));
  });
}
let settled = 0;
let hung;
const report = (promise) => {
  hung ??= setTimeout(() => { console.log('HUNG'); process.exit(0); }, 400);
  Promise.resolve(promise).then(() => {}, () => {}).then(() => {
    console.log('SETTLED');
    if (++settled === ${closes}) process.exit(0);
  });
};
const server = net.createServer({ allowHalfOpen: true }, (peer) => {
  peer.on('error', () => {});
  peer.pause(); // reads nothing: a large write keeps the end pending
  server.emit('peer', peer);
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  ${scenario}
});`;
  const connected = (then: string): string => `
  const socket = net.connect(port, '127.0.0.1', () => { ${then} });
  socket.on('error', () => {});`;
  const pendingEnd = 'while (socket.write(Buffer.alloc(65536)));';

  it('settles in every way the socket can die while its end is pending', async () => {
    const results = await Promise.all([
      // The peer resets while the end waits on a full send buffer.
      runNode(closing(`server.once('peer', (p) => setTimeout(() => p.resetAndDestroy(), 40)); ${connected(`${pendingEnd} report(close(socket));`)}`)),
      // Another part of the module destroys the socket while the end is pending.
      runNode(closing(connected(`${pendingEnd} report(close(socket)); setTimeout(() => socket.destroy(), 40);`))),
      // close() while still connecting: refused, or destroyed (an abort).
      runNode(closing("const socket = net.connect(1, '127.0.0.1'); socket.on('error', () => {}); report(close(socket));")),
      runNode(closing("const socket = net.connect(port, '127.0.0.1'); socket.on('error', () => {}); report(close(socket)); socket.destroy();")),
      // Two close() at once (the fix's own test), and close() once the peer has reset.
      runNode(closing(connected('report(close(socket)); report(close(socket));'), 2)),
      runNode(closing(`${connected("socket.once('close', () => report(close(socket)));")} server.once('peer', (p) => setTimeout(() => p.resetAndDestroy(), 20));`)),
    ]);
    expect(results.map((result) => result.stdout.trim().replace(/\n/g, ' '))).toEqual([
      'SETTLED',
      'SETTLED',
      'SETTLED',
      'SETTLED',
      'SETTLED SETTLED',
      'SETTLED',
    ]);
  });
});

describe("agentkeepalive 24afa4a: the idle sockets of a keep-alive agent of its own", () => {
  /**
   * A child that makes one keep-alive request through `agent`; the server answers, and resets the
   * connection once the socket waits in the agent's pool. The parent's agent is a
   * copy of Node's agent code, not `http.Agent`: it makes the sockets, pools them on 'free' and
   * never listens for 'error' on them. Prints `POOLED` with the pooled socket's 'error' listener
   * count, and `SURVIVED` once that socket has closed (a crash comes before).
   */
  const idleReset = (agent: string): string => `
const http = require('node:http');
const net = require('node:net');
const { EventEmitter } = require('node:events');
class PoolingAgent extends EventEmitter {
  constructor() {
    super();
    this.keepAlive = true;
    this.idle = [];
    this.on('free', (socket) => {
      socket._httpMessage = null;
      this.idle.push(socket);
    });
  }
  addRequest(request, options) {
    request.onSocket(this.idle.pop() ?? this.createSocket(options));
  }
  createSocket(options) {
    const socket = net.createConnection({ host: options.host, port: options.port });
    socket.on('free', () => this.emit('free', socket, options));
    socket.on('close', () => this.idle.splice(this.idle.indexOf(socket) >>> 0, 1));
    return socket;
  }
}
setTimeout(() => { console.log('TIMED OUT'); process.exit(0); }, 3000);
let serverSide;
const server = http.createServer((req, res) => {
  serverSide = req.socket;
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  const request = http.get({ host: '127.0.0.1', port: server.address().port, agent: ${agent} }, (res) => res.resume());
  request.on('error', (err) => console.log('REQUEST ' + err.code));
  request.on('socket', (socket) => socket.on('free', () => setImmediate(() => {
    console.log('POOLED ' + socket.listenerCount('error'));
    socket.on('close', () => setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 50));
    serverSide.resetAndDestroy();
  })));
});`;

  it("crashes the process: the request takes its listener away when it frees the socket, and the agent adds none", async () => {
    const result = await runNode(idleReset('new PoolingAgent()'));
    expect(result.stdout).toContain('POOLED 0');
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*ECONNRESET/);
  });

  it("survives with Node's own http.Agent, which listens on the sockets it pools", async () => {
    const result = await runNode(idleReset('new http.Agent({ keepAlive: true })'));
    expect(result.stdout).toMatch(/POOLED [1-9]/);
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });
});

describe("mysql eed516a: a TLS socket made with new tls.TLSSocket() and no 'error' listener of the module", () => {
  /**
   * The module wraps its connected plain socket with `new tls.TLSSocket(raw, { isServer: false })`
   * (the parent listens to nothing on it, the fix to '_tlsError'). The server either answers the
   * handshake with bytes that are no TLS (`garbage`), or completes it, sends a record nobody can
   * decrypt and resets (`reset`). `make` is `new` (the module's way) or `connect` (tls.connect).
   */
  const wrapped = (pem: object, make: 'new' | 'connect', server: 'garbage' | 'reset'): string => `
const net = require('node:net');
const tls = require('node:tls');
setTimeout(() => { console.log('TIMED OUT'); process.exit(0); }, 3000);
const plain = net.createServer((s) => {
  s.on('error', () => {});
  s.once('data', () => s.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\nnot tls'));
});
const secure = tls.createServer(${JSON.stringify(pem)}, (s) => {
  s.on('error', () => {});
  setTimeout(() => { s._parent.write(${BROKEN_RECORD}); setTimeout(() => s._parent.resetAndDestroy(), 50); }, 30);
});
const server = ${JSON.stringify(server)} === 'garbage' ? plain : secure;
server.listen(0, '127.0.0.1', () => {
  const raw = net.connect(server.address().port, '127.0.0.1', () => {
    const socket = ${JSON.stringify(make)} === 'new'
      ? new tls.TLSSocket(raw, { isServer: false, rejectUnauthorized: false })
      : tls.connect({ socket: raw, rejectUnauthorized: false });
    console.log('OWN LISTENERS ' + socket.listenerCount('error'));
    socket.on('_tlsError', (err) => console.log('TLSERROR ' + err.code));
    socket.on('close', () => setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 100));
    socket.write('hello');
  });
  raw.on('error', () => {});
});`;

  it("survives a failed handshake and a reset after one: Node's own 'error' listener passes them on as '_tlsError'", async () => {
    const { selfSigned } = await makeCertificates();
    const results = await Promise.all([runNode(wrapped(selfSigned, 'new', 'garbage')), runNode(wrapped(selfSigned, 'new', 'reset'))]);
    for (const result of results) {
      expect(result.stdout).toMatch(/^OWN LISTENERS 1$/m);
      expect(result.stdout).toMatch(/^TLSERROR E\w+$/m);
      expect(result.stdout).toContain('SURVIVED');
      expect(result.status).toBe(0);
    }
  });

  it('crashes the process when the same socket comes from tls.connect(), which drops that listener', async () => {
    const { selfSigned } = await makeCertificates();
    const results = await Promise.all([runNode(wrapped(selfSigned, 'connect', 'garbage')), runNode(wrapped(selfSigned, 'connect', 'reset'))]);
    for (const result of results) {
      expect(result.stdout).toMatch(/^OWN LISTENERS 0$/m);
      expect(result.stdout).not.toContain('SURVIVED');
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/Unhandled 'error' event/);
    }
  });
});
