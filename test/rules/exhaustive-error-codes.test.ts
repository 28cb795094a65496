/**
 * exhaustive-error-codes: a dispatch on socket error codes must not silently miss codes of the
 * kinds it names. The syntax cases run twice, without and with type information (untyped values
 * are `any` to the checker, so the verdicts are the same); the union cases need types.
 */
import type { RunTests } from '@typescript-eslint/rule-tester';
import type { ESLintUtils } from '@typescript-eslint/utils';

import rule from '../../rules/exhaustive-error-codes.js';
import { socketErrorCodesOfKind } from '../../src/codes.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

type Cases = RunTests<ESLintUtils.InferMessageIdsTypeFromRule<typeof rule>, ESLintUtils.InferOptionsTypeFromRule<typeof rule>>;

const tlsSiblings = socketErrorCodesOfKind('tls').filter((code) => code !== 'DEPTH_ZERO_SELF_SIGNED_CERT');
/** What a dispatch on ECONNREFUSED alone is asked for: one code of each kind of a peer gone, then the rest. */
const peerGoneKinds = (['connection-lost', 'timeout', 'unreachable'] as const).map((kind) => socketErrorCodesOfKind(kind));
const PEER_GONE = [...new Set([...peerGoneKinds.map((codes) => codes[0]!), ...peerGoneKinds.flat()])];

/**
 * A proxy's error step: a switch sends ECONNRESET to `onReset` and forwards the rest; `onReset`
 * tests the code again before it answers 504. `more` follows (another use of `onReset`).
 */
const resetStep = (more = '', test = "err && err.code === 'ECONNRESET'"): string => `
function onReset(err, res) {
  if (${test}) {
    res.writeHead(504);
    res.end();
  }
}
module.exports = function onProxyError(err, res, next) {
  switch (err && err.code) {
    case 'ECONNRESET': return onReset(err, res);
    default: next(err);
  }
};
${more}`;

/** A feed client that retries on ECONNREFUSED alone; `listen` registers its handler, `test` is the retry's condition. */
const feedClient = (listen: string, test = "event.code === 'ECONNREFUSED'"): string => `
import WebSocket from 'ws';
let feed;
function onFeedError(event) {
  if (${test}) setTimeout(open, 1000);
  console.warn('feed error', event);
}
function open() {
  feed = new WebSocket('ws://127.0.0.1:8080/feed');
  ${listen};
}
open();
`;

const valid: Cases['valid'] = [
  // Every branch only logs a hint, through the configured logger's own method name (`errorLog`).
  `
export class Gateway {
  constructor(options) {
    this.options = options;
  }
  onServerError(error) {
    this.options.log.errorLog(\`connection error: \${error.message}\`);
    if (error.code === 'ECONNREFUSED') {
      this.options.log.errorLog('the backend refused: is it running?');
    } else if (error.code === 'ETIMEDOUT') {
      this.options.log.errorLog('the backend timed out: check the network');
    }
  }
}
`,
  // Only ECONNRESET reaches the helper: its own test is no dispatch that drops EPIPE and the rest.
  resetStep(),
  // A code is read where the file spells it: one built from pieces is not read (the rule says so).
  `
socket.on('error', (err) => {
  if (err.code === 'ECONN' + 'RESET') reconnect();
});
`,
    // the else branch calls a method of the class that hands the error on: a deliberate allow-list
    `
import net from 'node:net';
export class Client {
  connect(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      if (err.code === 'ECONNRESET') this.reconnect(port);
      else this.ignore(err);
    });
  }
  reconnect(port) {
    setTimeout(() => this.connect(port), 1000);
  }
  ignore(err) {
    this.emit('error', err);
  }
}
`,
  // The other codes are rethrown: a deliberate allow-list, not a gap.
  `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') return;
  throw err;
});
`,
  // Forwarded to the callback.
  `
function onError(err, callback) {
  if (err.code === 'ECONNRESET') {
    pool.delete(socket);
    return;
  }
  callback(err);
}
`,
  // Rejected: that is the API contract of a promise.
  `
new Promise((resolve, reject) => {
  socket.once('error', (err) => {
    if (err.code === 'ECONNRESET') resolve(null);
    else reject(err);
  });
});
`,
  // Re-emitted on a wrapper.
  `
class Connection extends EventEmitter {
  onError(err) {
    if (err.code === 'EPIPE') {
      this.reconnect();
    } else {
      this.emit('error', err);
    }
  }
}
`,
  // Returned to the caller.
  `
function normalize(err) {
  if (err.code === 'ETIMEDOUT') {
    return new TimeoutError(err);
  }
  return err;
}
`,
  // Destroying the socket with the error hands it on.
  `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    stats.resets += 1;
    return;
  }
  socket.destroy(err);
});
`,
  // Ending the process on a listen failure is a decision, not a dropped error.
  `
server.on('error', (err) => {
  if (err.code === 'EMFILE') {
    server.close();
    return;
  }
  process.exit(1);
});
`,
  // Anything the rest path does besides logging counts as handling it.
  `
upstream.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    retry(req);
  } else {
    res.statusCode = 502;
    res.end();
  }
});
`,
  // Code after the dispatch forwards every code, the named ones included.
  `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    metrics.resets += 1;
  }
  this.emit('error', err);
});
`,
  // A switch whose default forwards.
  `
function onError(err) {
  switch (err.code) {
    case 'ECONNRESET':
      return reconnect();
    default:
      throw err;
  }
}
`,
  // A switch without default, followed by a rethrow.
  `
function onError(err) {
  switch (err.code) {
    case 'ETIMEDOUT':
      return retry();
  }
  throw err;
}
`,
  // Predicates classify for their caller: they return booleans and handle nothing.
  `
function isRetryable(err) {
  return ['ECONNRESET', 'ETIMEDOUT'].includes(err.code);
}
`,
  `
function isTransient(err) {
  if (err.code === 'ECONNRESET') return true;
  if (err.code === 'ETIMEDOUT') return true;
  return false;
}
`,
  `
const shouldRetry = (err) => {
  switch (err.code) {
    case 'ECONNREFUSED':
      return true;
    default:
      return false;
  }
};
`,
  // File-system codes are not socket codes: never a socket dispatch.
  `
try {
  fs.mkdirSync(dir);
} catch (err) {
  if (err.code !== 'EEXIST') console.error(err);
}
`,
  `
function readConfig(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err.code === 'ENOENT' || err.code === 'EACCES') {
      return null;
    }
  }
}
`,
  // Strings that are not error codes.
  `
switch (message.type) {
  case 'data':
    onData(message);
    break;
}
`,
  `
if (options.encoding === 'utf8') decode();
`,
  // Invariants are assertions, not dispatches.
  `
socket.on('error', (err) => {
  assert(err.code !== 'ERR_STREAM_WRITE_AFTER_END');
});
`,
  // Configuration data, not compared here.
  `
const defaults = { retryOn: ['ECONNRESET', 'ETIMEDOUT'], retries: 3 };
`,
  // Every code of the kind is named: the family is complete.
  `
socket.on('error', (err) => {
  if (['ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNABORTED', 'ESHUTDOWN', 'ERR_STREAM_PREMATURE_CLOSE'].includes(err.code)) {
    pool.delete(socket);
  }
});
`,
  // ECONNREFUSED alone, the rest forwarded: a deliberate choice (retry a refused connect, report the rest).
  `
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') return retryLater();
  callback(err);
});
`,
  // A port probe: refused means free, anything else is the caller's to know.
  `
function isPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = net.connect(port, '127.0.0.1');
    probe.on('connect', () => { probe.destroy(); resolve(false); });
    probe.on('error', (err) => {
      if (err.code === 'ECONNREFUSED') resolve(true);
      else reject(err);
    });
  });
}
`,
  // ECONNREFUSED retried and ECONNRESET named as ignored: the author chose (the family rule judges).
  `
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') return retryLater();
  if (err.code === 'ECONNRESET') return;
  console.error(err);
});
`,
  // A hint for ECONNREFUSED that only logs: nothing is done for it that the others miss.
  `
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') console.error('Is the server running on port 6379?');
  else console.error(err);
});
`,
  // Both paths only close: the named code gets nothing the others do not.
  `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    upstream.destroy();
    return;
  }
  console.error(err);
  upstream.destroy();
});
`,
  // A list exported for another module, with one code of each kind: a choice, not an enumeration.
  `
export const RETRYABLE = ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN'];
`,
  // An exported list the file tests itself: the dispatch decides (here the rest is forwarded).
  `
export const LOST = ['ECONNRESET', 'EPIPE'];
export function onError(err, callback) {
  if (LOST.includes(err.code)) return reconnect();
  callback(err);
}
`,
  // Lists that are configuration data: option defaults, the fallback of an option.
  `
module.exports.defaults = { retryCodes: ['ECONNRESET', 'EPIPE'], retries: 3 };
export function retryCodes(options) {
  return options.codes ?? ['ECONNRESET', 'EPIPE'];
}
`,
  // File-system codes exported as a list.
  `
export const IGNORED = ['ENOENT', 'EEXIST', 'ENOTDIR'];
`,
  // Errno numbers of every connection-lost name every platform has (Linux has no ESHUTDOWN).
  `
const os = require('os');
exports.LOST_ERRNOS = [os.constants.errno.ECONNRESET, os.constants.errno.EPIPE, os.constants.errno.ENOTCONN, os.constants.errno.ECONNABORTED];
`,
  // TLS, protocol, cancelled and misuse codes are separate decisions by default.
  `
tlsSocket.on('error', (err) => {
  if (err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT') promptToTrust(host);
});
`,
  `
server.on('clientError', (err, socket) => {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    socket.end('HTTP/1.1 431 Request Header Fields Too Large\\r\\n\\r\\n');
  }
});
`,
  // The address family is off by default (EADDRINUSE is worth a retry, EADDRNOTAVAIL is not).
  `
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') setTimeout(() => server.listen(port), 1000);
});
`,
  // Log-only handlers: every path only logs, so no code is handled and none is dropped.
  `
proxy.on('error', (err, req) => {
  debug('proxy error %O', err);
  if (err.code === 'ECONNRESET' && req.body) {
    console.error('the request body was already read by a body parser');
  }
});
`,
  `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') return;
  console.error(err);
});
`,
  // The error was handed on before the dispatch (wrapped by the base class).
  `
class ReadError extends RequestError {
  constructor(error, request) {
    super(error.message, error, request);
    if (error.code === 'ECONNRESET') {
      this.code = error.code;
    }
  }
}
`,
  // Loops: what follows is the next attempt, not followed.
  `
async function connectWithRetry() {
  for (;;) {
    try {
      return await connect();
    } catch (err) {
      if (err.code === 'ECONNRESET') {
        await sleep(100);
      }
    }
  }
}
`,
  // A list we cannot read fully may hold the siblings.
  `
const RETRY = ['ECONNRESET', ...extraCodes];
function onError(err) {
  if (RETRY.includes(err.code)) retry();
}
`,
  // A list changed after its declaration is not a constant.
  `
const RETRY = ['ECONNRESET'];
RETRY.push(...loadCodes());
function onError(err) {
  if (RETRY.includes(err.code)) retry();
}
`,
  // A comment saying the default is deliberate.
  `
function onError(err) {
  switch (err.code) {
    case 'EMFILE':
    case 'ENFILE':
    case 'ENOBUFS':
      server.pauseAccepting();
      break;
    // no default
  }
}
`,
  {
    code: `
function onError(err) {
  switch (err.code) {
    case 'EMFILE':
    case 'ENFILE':
    case 'ENOBUFS':
      server.pauseAccepting();
      break;
    // other codes reach the caller
  }
}
`,
    options: [{ defaultCaseCommentPattern: '^other codes reach the caller$' }],
  },
  // ignoreKinds turns a family off.
  {
    code: `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') pool.delete(socket);
});
`,
    options: [{ ignoreKinds: ['connection-lost'] }],
  },
  // additionalCodes complete a family the same way.
  {
    code: `
function onRequestError(err) {
  if (['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNABORTED', 'ESHUTDOWN', 'ERR_STREAM_PREMATURE_CLOSE'].includes(err.code)) {
    agent.reset();
  }
}
`,
    options: [{ additionalCodes: { UND_ERR_SOCKET: 'connection-lost' } }],
  },
  // A ternary is an expression, not a dispatch.
  `
const delay = err.code === 'ETIMEDOUT' ? 1000 : 0;
`,
  // errno is not a code (no-unknown-error-code reports comparing it with strings).
  `
if (err.errno === 'ECONNRESET') reconnect();
`,
  // A method named error on something that is not a logger is not assumed to log.
  `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    reconnect();
    return;
  }
  this.error(err);
});
`,
  // Inside ignoreBenignClose(fn) the codes benign on close never arrive: ETIMEDOUT need not be named.
  `
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
socket.on('error', ignoreBenignClose((err) => {
  if (err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}));
`,
  // Every sibling of ECONNRESET is benign on close too (namespace import).
  `
import * as codes from 'eslint-plugin-socket-errors/codes';
socket.on('error', codes.ignoreBenignClose((err) => {
  if (err.code === 'ECONNRESET') {
    pool.delete(socket);
    return;
  }
  console.error('socket error', err);
}));
`,
  // A handler only ever passed to ignoreBenignClose, reading the code it destructures.
  `
const { ignoreBenignClose } = require('eslint-plugin-socket-errors/codes');
function onError({ code }) {
  if (code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    reconnect();
  }
}
socket.on('error', ignoreBenignClose(onError));
`,
  {
    // a host that is the loopback address or none: both are on every machine
    code: `
const host = options.localOnly ? '127.0.0.1' : null;
const server = http.createServer(handle);
server.listen(options.port, host);
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') process.exit(1);
});
`,
    options: [{ ignoreKinds: ['misuse'] }],
  },
  {
    // a dev server that listens on a port of every address: only a host that is not local gives EADDRNOTAVAIL
    code: `
const server = http.createServer(handle);
const PORT = 3000;
server.listen(PORT, () => console.log('listening on ' + PORT));
server.on('error', (error) => {
  if (error.code === 'EADDRINUSE') {
    console.log('port ' + PORT + ' is taken');
    server.close();
  }
});
`,
    options: [{ ignoreKinds: ['misuse'] }],
  },
  {
    // the same with the listener chained on listen(), which returns the server
    code: `
const server = net.createServer(onConnection);
server.listen(3333, () => console.info('stratum up')).on('error', (err) => {
  if (err.code === 'EADDRINUSE') setTimeout(() => server.listen(3333), 5000);
});
`,
    options: [{ ignoreKinds: ['misuse'] }],
  },
  {
    // the same with an options object without a host, and with the wildcard host
    code: `
const server = net.createServer(onConnection);
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') setTimeout(() => server.listen({ port: 8080 }), 1000);
});
server.listen({ port: 8080 });
server.listen(8080, '0.0.0.0');
`,
    options: [{ ignoreKinds: ['misuse'] }],
  },
  {
    // a probe of a Unix socket file: ECONNREFUSED says the file is stale, which is safe to remove;
    // no timeout or unreachable host can come from a Unix domain socket
    code: `
function reuseStaleSocket(file, retry) {
  const probe = new net.Socket();
  probe.on('error', (err) => {
    if (err.code === 'ECONNREFUSED') {
      fs.unlinkSync(file);
      retry();
    }
  });
  probe.connect({ path: file }, () => probe.destroy());
}
`,
  },
  {
    // a client of a local daemon's socket, made with its path
    code: `
const daemon = net.createConnection('/var/run/backup.sock');
daemon.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') console.error('the backup daemon is not running');
});
`,
  },
  {
    // a peer link that reconnects from its 'close' listener after every loss: the refused branch
    // only asks for the same reconnect, and a reset reaches it through 'close'
    code: `
function link(peer) {
  const wire = new WebSocket(peer.url);
  wire.on('close', function () {
    reconnect(peer);
  });
  wire.on('error', function (err) {
    if (err.code === 'ECONNREFUSED') {
      reconnect(peer);
    }
  });
}
`,
  },
  // A listener added through the EventTarget interface gets an event without a `code` (ws puts
  // the error in `event.error`; a browser's WebSocket gives none): no code of the table arrives.
  feedClient("feed.addEventListener('error', onFeedError)"),
  `
const feed = new WebSocket(location.origin.replace('http', 'ws') + '/live');
feed.onerror = (event) => {
  if (event.code === 'ECONNREFUSED') setTimeout(() => location.reload(), 1000);
};
`,
];

const invalid: Cases['invalid'] = [
  {
    // The same handler given to `on('error')` gets the error itself: a reset is never retried.
    code: feedClient("feed.on('error', onFeedError)"),
    errors: [{ messageId: 'refusedOnly', line: 5, data: { missing: 'ECONNRESET, ETIMEDOUT and 12 more' }, suggestions: [{ messageId: 'addSiblings', output: feedClient("feed.on('error', onFeedError)", `event.code === 'ECONNREFUSED' || ${PEER_GONE.map((code) => `event.code === '${code}'`).join(' || ')}`) }] }],
  },
  {
    // The helper is also exported, and another module may hand it any error.
    code: resetStep('module.exports.onReset = onReset;'),
    errors: [
      {
        messageId: 'missingSiblings',
        line: 3,
        data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
        suggestions: [
          {
            messageId: 'addSiblings',
            output: resetStep(
              'module.exports.onReset = onReset;',
              "err && (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE')",
            ),
          },
        ],
      },
    ],
  },
    {
      // the else branch calls a method of the class that only logs: EPIPE and the rest are dropped
      code: `
import net from 'node:net';
export class Client {
  connect(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      if (err.code === 'ECONNRESET') this.reconnect(port);
      else this.ignore(err);
    });
  }
  reconnect(port) {
    setTimeout(() => this.connect(port), 1000);
  }
  ignore(err) {
    console.warn('socket error', err.message);
  }
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 7,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [{ messageId: 'addSiblings', output: `
import net from 'node:net';
export class Client {
  connect(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') this.reconnect(port);
      else this.ignore(err);
    });
  }
  reconnect(port) {
    setTimeout(() => this.connect(port), 1000);
  }
  ignore(err) {
    console.warn('socket error', err.message);
  }
}
` }],
        },
      ],
    },
    {
      // the same hints sent to something that is not a logger (an alerting hook): the branches act
      code: `
export class Gateway {
  constructor(options) {
    this.options = options;
  }
  onServerError(error) {
    this.options.log.errorLog(\`connection error: \${error.message}\`);
    if (error.code === 'ECONNREFUSED') {
      this.options.alerts.errorLog('the backend refused: is it running?');
    } else if (error.code === 'ETIMEDOUT') {
      this.options.alerts.errorLog('the backend timed out: check the network');
    }
  }
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 10,
          data: { named: 'ETIMEDOUT', missing: 'ERR_SOCKET_CONNECTION_TIMEOUT and 2 more', kind: 'timeout' },
          suggestions: [{ messageId: 'addSiblings', output: `
export class Gateway {
  constructor(options) {
    this.options = options;
  }
  onServerError(error) {
    this.options.log.errorLog(\`connection error: \${error.message}\`);
    if (error.code === 'ECONNREFUSED') {
      this.options.alerts.errorLog('the backend refused: is it running?');
    } else if (error.code === 'ETIMEDOUT' || error.code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      this.options.alerts.errorLog('the backend timed out: check the network');
    }
  }
}
` }],
        },
      ],
    },
    {
      // the 'close' listener reconnects only while the peer is wanted: a reset of a link no longer
      // wanted is dropped, yet a refused one is retried
      code: `
function link(peer) {
  const wire = new WebSocket(peer.url);
  wire.on('close', function () {
    if (peer.wanted) reconnect(peer);
  });
  wire.on('error', function (err) {
    if (err.code === 'ECONNREFUSED') {
      reconnect(peer);
    }
  });
}
`,
      errors: [{ messageId: 'refusedOnly', line: 8, data: { missing: 'ECONNRESET, ETIMEDOUT and 12 more' }, suggestions: [{ messageId: 'addSiblings', output: `
function link(peer) {
  const wire = new WebSocket(peer.url);
  wire.on('close', function () {
    if (peer.wanted) reconnect(peer);
  });
  wire.on('error', function (err) {
    if (err.code === 'ECONNREFUSED' || ${PEER_GONE.map((code) => `err.code === '${code}'`).join(' || ')}) {
      reconnect(peer);
    }
  });
}
` }] }],
    },
    {
      // reconnects on ECONNREFUSED only: a reset later on never reconnects
      code: `
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') scheduleReconnect();
});
`,
      errors: [
        {
          messageId: 'refusedOnly',
          line: 3,
          data: { missing: 'ECONNRESET, ETIMEDOUT and 12 more' },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED' || ${PEER_GONE.map((code) => `err.code === '${code}'`).join(' || ')}) scheduleReconnect();
});
`,
            },
          ],
        },
      ],
    },
    {
      // a health check that takes a node out only when it refuses; a timeout only logs
      code: `
function healthCheck(node) {
  const probe = net.connect(node.adminPort, node.host);
  probe.on('error', (err) => {
    if (err.code == 'ECONNREFUSED') {
      failures[node.id] = (failures[node.id] ?? 0) + 1;
      ring.remove(node.id);
    } else {
      log('health check of ' + node.id + ' failed with ' + err.code);
    }
  });
}
`,
      errors: [{ messageId: 'refusedOnly', line: 5, data: { missing: 'ECONNRESET, ETIMEDOUT and 12 more' }, suggestions: [{ messageId: 'addSiblings', output: `
function healthCheck(node) {
  const probe = net.connect(node.adminPort, node.host);
  probe.on('error', (err) => {
    if (err.code == 'ECONNREFUSED' || ${PEER_GONE.map((code) => `err.code == '${code}'`).join(' || ')}) {
      failures[node.id] = (failures[node.id] ?? 0) + 1;
      ring.remove(node.id);
    } else {
      log('health check of ' + node.id + ' failed with ' + err.code);
    }
  });
}
` }] }],
    },
    {
      // a tunnel retries its local connection when refused, and gives up on any other code without a word
      code: `
local.once('error', (err) => {
  debug('local error %s', err.message);
  local.end();
  if (err.code !== 'ECONNREFUSED') {
    return tunnel.end();
  }
  setTimeout(openLocal, 1000);
});
`,
      errors: [
        {
          messageId: 'refusedOnly',
          line: 5,
          data: { missing: 'ECONNRESET, ETIMEDOUT and 12 more' },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
local.once('error', (err) => {
  debug('local error %s', err.message);
  local.end();
  if (err.code !== 'ECONNREFUSED' && ${PEER_GONE.map((code) => `err.code !== '${code}'`).join(' && ')}) {
    return tunnel.end();
  }
  setTimeout(openLocal, 1000);
});
`,
            },
          ],
        },
      ],
    },
    {
      // reconnects on ECONNRESET, and only closes on EPIPE: the client stays down
      code: `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') return reconnect();
  socket.destroy();
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') return reconnect();
  socket.destroy();
});
`,
            },
          ],
        },
      ],
    },
    {
      // a list of connection-lost codes exported for the error handler of another module
      code: `
export const CONNECTION_LOST_CODES = ['ENOTCONN', 'ECONNRESET'];
`,
      errors: [
        {
          messageId: 'incompleteList',
          line: 2,
          data: { kind: 'connection-lost', missing: 'EPIPE, ECONNABORTED, ESHUTDOWN and 1 more' },
          suggestions: [
            {
              messageId: 'addToList',
              output: `
export const CONNECTION_LOST_CODES = ['ENOTCONN', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ESHUTDOWN', 'ERR_STREAM_PREMATURE_CLOSE'];
`,
            },
          ],
        },
      ],
    },
    {
      // errno numbers returned by an exported function: EPIPE is missing
      code: `
const os = require('os');
function reconnectErrnos() {
  return [os.constants.errno.ENOTCONN, os.constants.errno.ECONNREFUSED, os.constants.errno.ECONNRESET];
}
module.exports = { reconnectErrnos };
`,
      errors: [
        {
          messageId: 'incompleteList',
          line: 4,
          data: { kind: 'connection-lost', missing: 'EPIPE, ECONNABORTED' },
          suggestions: [
            {
              messageId: 'addToList',
              output: `
const os = require('os');
function reconnectErrnos() {
  return [os.constants.errno.ENOTCONN, os.constants.errno.ECONNREFUSED, os.constants.errno.ECONNRESET, os.constants.errno.EPIPE, os.constants.errno.ECONNABORTED];
}
module.exports = { reconnectErrnos };
`,
            },
          ],
        },
      ],
    },
    {
      // handles ECONNRESET (drops the socket from the pool), only logs EPIPE and ENOTCONN
      code: `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    pool.delete(socket);
    return;
  }
  console.error('socket error', err);
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    pool.delete(socket);
    return;
  }
  console.error('socket error', err);
});
` },
          ],
        },
      ],
    },
    {
      // the client library bug: a module-level allow-list, the rest silently dropped
      code: `
const RECONNECT_ON = ['ECONNREFUSED', 'EADDRINUSE', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT'];

function onConnectionError(error) {
  if (RECONNECT_ON.includes(error.code)) {
    scheduleReconnect();
  } else {
    debug('connection error ignored', error);
  }
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 5,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const RECONNECT_ON = ['ECONNREFUSED', 'EADDRINUSE', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN', 'ECONNABORTED', 'ESHUTDOWN', 'ERR_STREAM_PREMATURE_CLOSE'];

function onConnectionError(error) {
  if (RECONNECT_ON.includes(error.code)) {
    scheduleReconnect();
  } else {
    debug('connection error ignored', error);
  }
}
` },
          ],
        },
        {
          messageId: 'missingSiblings',
          line: 5,
          data: { named: 'ENOTFOUND', missing: 'EAI_AGAIN, EAI_FAIL, ESERVFAIL, EREFUSED, ETIMEOUT', kind: 'dns' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const RECONNECT_ON = ['ECONNREFUSED', 'EADDRINUSE', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EAI_FAIL', 'ESERVFAIL', 'EREFUSED', 'ETIMEOUT'];

function onConnectionError(error) {
  if (RECONNECT_ON.includes(error.code)) {
    scheduleReconnect();
  } else {
    debug('connection error ignored', error);
  }
}
` },
          ],
        },
        {
          messageId: 'missingSiblings',
          line: 5,
          data: { named: 'ETIMEDOUT', missing: 'ERR_SOCKET_CONNECTION_TIMEOUT and 2 more', kind: 'timeout' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const RECONNECT_ON = ['ECONNREFUSED', 'EADDRINUSE', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ERR_TLS_HANDSHAKE_TIMEOUT', 'ERR_HTTP_REQUEST_TIMEOUT'];

function onConnectionError(error) {
  if (RECONNECT_ON.includes(error.code)) {
    scheduleReconnect();
  } else {
    debug('connection error ignored', error);
  }
}
` },
          ],
        },
      ],
    },
    {
      // switch with a partial family and no default
      code: `
function onSocketError(err) {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      connections.delete(this);
      break;
  }
}
`,
      errors: [
        {
          messageId: 'missingDefault',
          line: 3,
          suggestions: [
            { messageId: 'addDefault', output: `
function onSocketError(err) {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      connections.delete(this);
      break;
    default:
      // Other codes are ignored on purpose.
      break;
  }
}
` },
          ],
        },
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'ECONNRESET, EPIPE', missing: 'ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
function onSocketError(err) {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ENOTCONN':
    case 'ECONNABORTED':
    case 'ESHUTDOWN':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      connections.delete(this);
      break;
  }
}
` },
          ],
        },
      ],
    },
    {
      // if/else-if chain of || groups, nothing after it
      code: `
req.on('error', (err) => {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
    metrics.aborted += 1;
  } else if (err.code === 'EHOSTUNREACH') {
    markUpstreamDown(target);
  }
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ECONNRESET, EPIPE', missing: 'ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
req.on('error', (err) => {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    metrics.aborted += 1;
  } else if (err.code === 'EHOSTUNREACH') {
    markUpstreamDown(target);
  }
});
` },
          ],
        },
        {
          messageId: 'missingSiblings',
          line: 5,
          data: { named: 'EHOSTUNREACH', missing: 'ENETUNREACH, ENETDOWN, EHOSTDOWN', kind: 'unreachable' },
          suggestions: [
            { messageId: 'addSiblings', output: `
req.on('error', (err) => {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
    metrics.aborted += 1;
  } else if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' || err.code === 'ENETDOWN' || err.code === 'EHOSTDOWN') {
    markUpstreamDown(target);
  }
});
` },
          ],
        },
      ],
    },
    {
      // !== group: the consequent takes every other code, and only logs
      code: `
upstream.on('error', (err) => {
  if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') {
    logger.warn({ err }, 'upstream error');
    return;
  }
  retryRequest(req, res);
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ECONNRESET, EPIPE', missing: 'ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
upstream.on('error', (err) => {
  if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE' && err.code !== 'ENOTCONN' && err.code !== 'ECONNABORTED' && err.code !== 'ESHUTDOWN' && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
    logger.warn({ err }, 'upstream error');
    return;
  }
  retryRequest(req, res);
});
` },
          ],
        },
      ],
    },
    {
      // inline new Set([...]).has(err?.code)
      code: `
client.on('error', (err) => {
  if (new Set(['ENOTFOUND', 'EAI_AGAIN']).has(err?.code)) {
    resolver.invalidate(host);
  }
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ENOTFOUND, EAI_AGAIN', missing: 'EAI_FAIL, ESERVFAIL, EREFUSED, ETIMEOUT', kind: 'dns' },
          suggestions: [
            { messageId: 'addSiblings', output: `
client.on('error', (err) => {
  if (new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ESERVFAIL', 'EREFUSED', 'ETIMEOUT']).has(err?.code)) {
    resolver.invalidate(host);
  }
});
` },
          ],
        },
      ],
    },
    {
      // module const Set, err.cause?.code
      code: `
const DNS_FAILURES = new Set(['ENOTFOUND']);

async function fetchWithFallback(url) {
  try {
    return await fetch(url);
  } catch (error) {
    if (DNS_FAILURES.has(error.cause?.code)) {
      return fetch(mirrorOf(url));
    }
    console.warn('fetch failed', error);
  }
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 8,
          data: { named: 'ENOTFOUND', missing: 'EAI_AGAIN, EAI_FAIL, ESERVFAIL, EREFUSED, ETIMEOUT', kind: 'dns' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const DNS_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ESERVFAIL', 'EREFUSED', 'ETIMEOUT']);

async function fetchWithFallback(url) {
  try {
    return await fetch(url);
  } catch (error) {
    if (DNS_FAILURES.has(error.cause?.code)) {
      return fetch(mirrorOf(url));
    }
    console.warn('fetch failed', error);
  }
}
` },
          ],
        },
      ],
    },
    {
      // destructured code
      code: `
server.on('clientError', (err, socket) => {
  const { code } = err;
  if (code === 'ECONNRESET') {
    socket.destroy();
  }
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
server.on('clientError', (err, socket) => {
  const { code } = err;
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ENOTCONN' || code === 'ECONNABORTED' || code === 'ESHUTDOWN' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    socket.destroy();
  }
});
` },
          ],
        },
      ],
    },
    {
      // consecutive guards join one dispatch
      code: `
stream.on('error', (err) => {
  if (err.code === 'ECONNRESET') return reconnect();
  if (err.code === 'EPIPE') return reconnect();
  console.error(err);
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ECONNRESET, EPIPE', missing: 'ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
stream.on('error', (err) => {
  if (err.code === 'ECONNRESET' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') return reconnect();
  if (err.code === 'EPIPE') return reconnect();
  console.error(err);
});
` },
          ],
        },
      ],
    },
    {
      // indexOf(...) !== -1, and an extra condition
      code: `
const TRANSIENT = ['ETIMEDOUT'];
function onError(err) {
  if (this.retries < 3 && TRANSIENT.indexOf(err.code) !== -1) {
    this.retry();
  }
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'ETIMEDOUT', missing: 'ERR_SOCKET_CONNECTION_TIMEOUT and 2 more', kind: 'timeout' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const TRANSIENT = ['ETIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ERR_TLS_HANDSHAKE_TIMEOUT', 'ERR_HTTP_REQUEST_TIMEOUT'];
function onError(err) {
  if (this.retries < 3 && TRANSIENT.indexOf(err.code) !== -1) {
    this.retry();
  }
}
` },
          ],
        },
      ],
    },
    {
      // guard inside && gets parentheses
      code: `
socket.on('error', (err) => {
  if (err && err.code === 'ECONNRESET') {
    socket.destroy();
  }
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
socket.on('error', (err) => {
  if (err && (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE')) {
    socket.destroy();
  }
});
` },
          ],
        },
      ],
    },
    {
      // a constant, a template literal
      code: `
const RESET = 'ECONNRESET';
function onError(err) {
  switch (err.code) {
    case RESET:
      reconnect();
      break;
    case \`ETIMEDOUT\`:
      reconnect();
      break;
    default:
      break;
  }
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 5,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const RESET = 'ECONNRESET';
function onError(err) {
  switch (err.code) {
    case RESET:
    case 'EPIPE':
    case 'ENOTCONN':
    case 'ECONNABORTED':
    case 'ESHUTDOWN':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      reconnect();
      break;
    case \`ETIMEDOUT\`:
      reconnect();
      break;
    default:
      break;
  }
}
` },
          ],
        },
        {
          messageId: 'missingSiblings',
          line: 8,
          data: { named: 'ETIMEDOUT', missing: 'ERR_SOCKET_CONNECTION_TIMEOUT and 2 more', kind: 'timeout' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const RESET = 'ECONNRESET';
function onError(err) {
  switch (err.code) {
    case RESET:
      reconnect();
      break;
    case \`ETIMEDOUT\`:
    case \`ERR_SOCKET_CONNECTION_TIMEOUT\`:
    case \`ERR_TLS_HANDSHAKE_TIMEOUT\`:
    case \`ERR_HTTP_REQUEST_TIMEOUT\`:
      reconnect();
      break;
    default:
      break;
  }
}
` },
          ],
        },
      ],
    },
    {
      // full family but no default: the rest is silent
      code: `
function onError(err) {
  switch (err.code) {
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
      markDown(host);
      break;
  }
}
`,
      errors: [
        {
          messageId: 'missingDefault',
          line: 3,
          suggestions: [
            { messageId: 'addDefault', output: `
function onError(err) {
  switch (err.code) {
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
      markDown(host);
      break;
    default:
      // Other codes are ignored on purpose.
      break;
  }
}
` },
          ],
        },
      ],
    },
    {
      // the last case runs off the end: a break keeps it from falling into the new default
      code: `
function onError(err) {
  switch (err.code) {
    case 'EMFILE':
      server.pauseAccepting();
  }
}
`,
      errors: [
        {
          messageId: 'missingDefault',
          line: 3,
          suggestions: [
            { messageId: 'addDefault', output: `
function onError(err) {
  switch (err.code) {
    case 'EMFILE':
      server.pauseAccepting();
      break;
    default:
      // Other codes are ignored on purpose.
      break;
  }
}
` },
          ],
        },
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'EMFILE', missing: 'ENFILE, ENOBUFS', kind: 'resources' },
          suggestions: [
            { messageId: 'addSiblings', output: `
function onError(err) {
  switch (err.code) {
    case 'EMFILE':
    case 'ENFILE':
    case 'ENOBUFS':
      server.pauseAccepting();
  }
}
` },
          ],
        },
      ],
    },
    {
      // a default that only logs is silent
      code: `
function onError(err) {
  switch (err.code) {
    case 'ETIMEDOUT':
      return this.retry();
    default:
      this.log.warn({ err }, 'giving up');
  }
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'ETIMEDOUT', missing: 'ERR_SOCKET_CONNECTION_TIMEOUT and 2 more', kind: 'timeout' },
          suggestions: [
            { messageId: 'addSiblings', output: `
function onError(err) {
  switch (err.code) {
    case 'ETIMEDOUT':
    case 'ERR_SOCKET_CONNECTION_TIMEOUT':
    case 'ERR_TLS_HANDSHAKE_TIMEOUT':
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return this.retry();
    default:
      this.log.warn({ err }, 'giving up');
  }
}
` },
          ],
        },
      ],
    },
    {
      // promise .catch: the end of the callback drops the error
      code: `
connect(options).catch((err) => {
  if (err.code === 'ENETUNREACH') {
    return connect(fallbackOptions);
  }
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ENETUNREACH', missing: 'EHOSTUNREACH, ENETDOWN, EHOSTDOWN', kind: 'unreachable' },
          suggestions: [
            { messageId: 'addSiblings', output: `
connect(options).catch((err) => {
  if (err.code === 'ENETUNREACH' || err.code === 'EHOSTUNREACH' || err.code === 'ENETDOWN' || err.code === 'EHOSTDOWN') {
    return connect(fallbackOptions);
  }
});
` },
          ],
        },
      ],
    },
    {
      // additionalCodes: a user code joins its kind
      code: `
function onRequestError(err) {
  if (err.code === 'UND_ERR_SOCKET') {
    agent.reset();
  }
}
`,
      options: [{ additionalCodes: { UND_ERR_SOCKET: 'connection-lost' } }],
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'UND_ERR_SOCKET', missing: 'ECONNRESET, EPIPE, ENOTCONN and 3 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
function onRequestError(err) {
  if (err.code === 'UND_ERR_SOCKET' || err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    agent.reset();
  }
}
` },
          ],
        },
      ],
    },
    {
      // ignoreKinds: [] checks TLS families too. The family is long and grows with the table, so
      // the expectation is built from it: every other tls code, named in the message (as many as fit
      // a hover: the first two) and added by the suggestion (all of them).
      code: `
tlsSocket.on('error', (err) => {
  if (err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    promptToTrust(host);
  }
});
`,
      options: [{ ignoreKinds: [] }],
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: {
            named: 'DEPTH_ZERO_SELF_SIGNED_CERT',
            missing: `${tlsSiblings.slice(0, 2).join(', ')} and ${tlsSiblings.length - 2} more`,
            kind: 'tls',
          },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
tlsSocket.on('error', (err) => {
  if (err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT'${tlsSiblings.map((code) => ` || err.code === '${code}'`).join('')}) {
    promptToTrust(host);
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // strict options: the address family
      code: `
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') {
    server.listen(port + 1);
  }
});
`,
      options: [{ ignoreKinds: ['misuse'] }],
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'EADDRINUSE', missing: 'EADDRNOTAVAIL', kind: 'address' },
          suggestions: [
            { messageId: 'addSiblings', output: `
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL') {
    server.listen(port + 1);
  }
});
` },
          ],
        },
      ],
    },
    {
      // chained on a listen() given a configured address, which may not be local
      code: `
const server = net.createServer(onConnection);
server.listen(3333, config.bindAddress).on('error', (err) => {
  if (err.code === 'EADDRINUSE') setTimeout(() => server.listen(3333, config.bindAddress), 5000);
});
`,
      options: [{ ignoreKinds: ['misuse'] }],
      errors: [
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'EADDRINUSE', missing: 'EADDRNOTAVAIL', kind: 'address' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const server = net.createServer(onConnection);
server.listen(3333, config.bindAddress).on('error', (err) => {
  if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL') setTimeout(() => server.listen(3333, config.bindAddress), 5000);
});
` },
          ],
        },
      ],
    },
    {
      // the same choice between the loopback address and a configured one
      code: `
const host = options.localOnly ? '127.0.0.1' : options.address;
const server = http.createServer(handle);
server.listen(options.port, host);
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') process.exit(1);
});
`,
      options: [{ ignoreKinds: ['misuse'] }],
      errors: [
        {
          messageId: 'missingSiblings',
          line: 6,
          data: { named: 'EADDRINUSE', missing: 'EADDRNOTAVAIL', kind: 'address' },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
const host = options.localOnly ? '127.0.0.1' : options.address;
const server = http.createServer(handle);
server.listen(options.port, host);
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL') process.exit(1);
});
`,
            },
          ],
        },
      ],
    },
    {
      // a host given by the caller may be an address this machine does not have
      code: `
export function start(port, host) {
  const server = net.createServer(onConnection);
  server.on('error', (err) => {
    if (err.code === 'EADDRINUSE') process.exitCode = 3;
  });
  server.listen(port, host);
}
`,
      options: [{ ignoreKinds: ['misuse'] }],
      errors: [
        {
          messageId: 'missingSiblings',
          line: 5,
          data: { named: 'EADDRINUSE', missing: 'EADDRNOTAVAIL', kind: 'address' },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
export function start(port, host) {
  const server = net.createServer(onConnection);
  server.on('error', (err) => {
    if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL') process.exitCode = 3;
  });
  server.listen(port, host);
}
`,
            },
          ],
        },
      ],
    },
    {
      // one hostless listen is not enough when another passes an options object of unknown keys
      code: `
const server = net.createServer(onConnection);
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') process.exitCode = 3;
});
server.listen(8080);
server.listen(config.listen);
`,
      options: [{ ignoreKinds: ['misuse'] }],
      errors: [
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'EADDRINUSE', missing: 'EADDRNOTAVAIL', kind: 'address' },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
const server = net.createServer(onConnection);
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL') process.exitCode = 3;
});
server.listen(8080);
server.listen(config.listen);
`,
            },
          ],
        },
      ],
    },
    {
      // the same probe over TCP: a reset or a timeout means the node is gone just as well
      code: `
function probeNode(node, drop) {
  const probe = new net.Socket();
  probe.on('error', (err) => {
    if (err.code === 'ECONNREFUSED') drop(node);
  });
  probe.connect({ port: node.port, host: node.host }, () => probe.destroy());
}
`,
      errors: [
        {
          messageId: 'refusedOnly',
          line: 5,
          data: { missing: 'ECONNRESET, ETIMEDOUT and 12 more' },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
function probeNode(node, drop) {
  const probe = new net.Socket();
  probe.on('error', (err) => {
    if (err.code === 'ECONNREFUSED' || ${PEER_GONE.map((code) => `err.code === '${code}'`).join(' || ')}) drop(node);
  });
  probe.connect({ port: node.port, host: node.host }, () => probe.destroy());
}
`,
            },
          ],
        },
      ],
    },
    {
      // a socket connected by path here and by port there is not only a Unix domain socket
      code: `
const conn = new net.Socket();
conn.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') reconnectLater();
});
if (useFile) conn.connect({ path: '/run/app.sock' });
else conn.connect(6000, 'db.internal');
`,
      errors: [
        {
          messageId: 'refusedOnly',
          line: 4,
          data: { missing: 'ECONNRESET, ETIMEDOUT and 12 more' },
          suggestions: [
            {
              messageId: 'addSiblings',
              output: `
const conn = new net.Socket();
conn.on('error', (err) => {
  if (err.code === 'ECONNREFUSED' || ${PEER_GONE.map((code) => `err.code === '${code}'`).join(' || ')}) reconnectLater();
});
if (useFile) conn.connect({ path: '/run/app.sock' });
else conn.connect(6000, 'db.internal');
`,
            },
          ],
        },
      ],
    },
    {
      // a comment that does not match defaultCaseCommentPattern
      code: `
function onError(err) {
  switch (err.code) {
    case 'EMFILE':
    case 'ENFILE':
    case 'ENOBUFS':
      server.pauseAccepting();
      break;
    // no default
  }
}
`,
      options: [{ defaultCaseCommentPattern: '^other codes reach the caller$' }],
      errors: [
        {
          messageId: 'missingDefault',
          line: 3,
          suggestions: [
            { messageId: 'addDefault', output: `
function onError(err) {
  switch (err.code) {
    case 'EMFILE':
    case 'ENFILE':
    case 'ENOBUFS':
      server.pauseAccepting();
      break;
    default:
      // Other codes are ignored on purpose.
      break;
    // no default
  }
}
` },
          ],
        },
      ],
    },
    {
      // inline array literal with includes, an else that only logs
      code: `
socket.on('error', (err) => {
  if (['ECONNRESET', 'EPIPE'].includes(err.code)) {
    pool.delete(socket);
  } else {
    log.error(err);
  }
});
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ECONNRESET, EPIPE', missing: 'ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
socket.on('error', (err) => {
  if (['ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNABORTED', 'ESHUTDOWN', 'ERR_STREAM_PREMATURE_CLOSE'].includes(err.code)) {
    pool.delete(socket);
  } else {
    log.error(err);
  }
});
` },
          ],
        },
      ],
    },
    {
      // Object.freeze list, a cast read, negated membership
      code: `
const LOST = Object.freeze(['ECONNRESET']);
function onError(err: unknown) {
  if (!LOST.includes((err as NodeJS.ErrnoException).code)) {
    console.warn('unexpected', err);
    return;
  }
  reconnect();
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
const LOST = Object.freeze(['ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNABORTED', 'ESHUTDOWN', 'ERR_STREAM_PREMATURE_CLOSE']);
function onError(err: unknown) {
  if (!LOST.includes((err as NodeJS.ErrnoException).code)) {
    console.warn('unexpected', err);
    return;
  }
  reconnect();
}
` },
          ],
        },
      ],
    },
    {
      // const code = err.code, else-if chain ending in a log-only else
      code: `
function onUpstreamError(err) {
  const code = err.code;
  if (code === 'ETIMEDOUT') {
    return retry();
  } else if (code === 'ENOTFOUND') {
    return failover();
  } else {
    console.error('upstream failed', err);
  }
}
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 4,
          data: { named: 'ETIMEDOUT', missing: 'ERR_SOCKET_CONNECTION_TIMEOUT and 2 more', kind: 'timeout' },
          suggestions: [
            { messageId: 'addSiblings', output: `
function onUpstreamError(err) {
  const code = err.code;
  if (code === 'ETIMEDOUT' || code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return retry();
  } else if (code === 'ENOTFOUND') {
    return failover();
  } else {
    console.error('upstream failed', err);
  }
}
` },
          ],
        },
        {
          messageId: 'missingSiblings',
          line: 6,
          data: { named: 'ENOTFOUND', missing: 'EAI_AGAIN, EAI_FAIL, ESERVFAIL, EREFUSED, ETIMEOUT', kind: 'dns' },
          suggestions: [
            { messageId: 'addSiblings', output: `
function onUpstreamError(err) {
  const code = err.code;
  if (code === 'ETIMEDOUT') {
    return retry();
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'ESERVFAIL' || code === 'EREFUSED' || code === 'ETIMEOUT') {
    return failover();
  } else {
    console.error('upstream failed', err);
  }
}
` },
          ],
        },
      ],
    },
    {
      // inside ignoreBenignClose(fn): the siblings that can still arrive, not the benign ETIMEDOUT
      code: `
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
socket.on('error', ignoreBenignClose((err) => {
  if (err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}));
`,
      errors: [
        {
          messageId: 'missingSiblings',
          data: { named: 'ERR_SOCKET_CONNECTION_TIMEOUT', missing: 'ERR_TLS_HANDSHAKE_TIMEOUT and 1 more', kind: 'timeout' },
          suggestions: [{ messageId: 'addSiblings', output: `
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
socket.on('error', ignoreBenignClose((err) => {
  if (err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}));
` }],
        },
      ],
    },
    {
      // a local function named ignoreBenignClose is not ours: every sibling is asked for
      code: `
const ignoreBenignClose = (handler) => (err) => handler(err);
socket.on('error', ignoreBenignClose((err) => {
  if (err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}));
`,
      errors: [
        {
          messageId: 'missingSiblings',
          data: { named: 'ERR_SOCKET_CONNECTION_TIMEOUT', missing: 'ETIMEDOUT, ERR_TLS_HANDSHAKE_TIMEOUT and 1 more', kind: 'timeout' },
          suggestions: [{ messageId: 'addSiblings', output: `
const ignoreBenignClose = (handler) => (err) => handler(err);
socket.on('error', ignoreBenignClose((err) => {
  if (err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || err.code === 'ETIMEDOUT' || err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}));
` }],
        },
      ],
    },
    {
      // the handler is also registered bare, where ETIMEDOUT arrives
      code: `
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
function onError(err) {
  if (err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}
primary.on('error', ignoreBenignClose(onError));
replica.on('error', onError);
`,
      errors: [
        {
          messageId: 'missingSiblings',
          data: { named: 'ERR_SOCKET_CONNECTION_TIMEOUT', missing: 'ETIMEDOUT, ERR_TLS_HANDSHAKE_TIMEOUT and 1 more', kind: 'timeout' },
          suggestions: [{ messageId: 'addSiblings', output: `
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
function onError(err) {
  if (err.code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || err.code === 'ETIMEDOUT' || err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}
primary.on('error', ignoreBenignClose(onError));
replica.on('error', onError);
` }],
        },
      ],
    },
    {
      // a dispatch on another error (the cause) inside the wrapped handler
      code: `
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
socket.on('error', ignoreBenignClose((err) => {
  if (err.cause?.code === 'ERR_SOCKET_CONNECTION_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}));
`,
      errors: [
        {
          messageId: 'missingSiblings',
          data: { named: 'ERR_SOCKET_CONNECTION_TIMEOUT', missing: 'ETIMEDOUT, ERR_TLS_HANDSHAKE_TIMEOUT and 1 more', kind: 'timeout' },
          suggestions: [{ messageId: 'addSiblings', output: `
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
socket.on('error', ignoreBenignClose((err) => {
  if (err.cause?.code === 'ERR_SOCKET_CONNECTION_TIMEOUT' || err.cause?.code === 'ETIMEDOUT' || err.cause?.code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || err.cause?.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    reconnect();
    return;
  }
  console.error('socket error', err);
}));
` }],
        },
      ],
    },
];

ruleTester.run('exhaustive-error-codes', rule, { valid, invalid });
typedRuleTester.run('exhaustive-error-codes (typed, same cases)', rule, { valid, invalid });

typedRuleTester.run('exhaustive-error-codes (typed unions)', rule, {
  valid: [
    // Every member of the union has a case.
    `
type RetryCode = 'ECONNRESET' | 'ETIMEDOUT';
export function delayFor(code: RetryCode): number {
  switch (code) {
    case 'ECONNRESET':
      return 0;
    case 'ETIMEDOUT':
      return 1000;
  }
}
`,
    // considerDefaultExhaustive: the default covers the rest.
    {
      code: `
import { classifySocketError } from '../../src/codes.js';
export function onError(err: Error): void {
  switch (classifySocketError(err)) {
    case 'connection-lost':
      reconnect();
      break;
    default:
      throw err;
  }
}
declare function reconnect(): void;
`,
      options: [{ considerDefaultExhaustive: true }],
    },
    // considerDefaultExhaustive also accepts the comment.
    {
      code: `
type RetryCode = 'ECONNRESET' | 'ETIMEDOUT';
export function onRetry(code: RetryCode): void {
  switch (code) {
    case 'ECONNRESET':
      reset();
      break;
    // no default
  }
}
declare function reset(): void;
`,
      options: [{ considerDefaultExhaustive: true }],
    },
    // A finite union that is not about sockets is not this rule's business.
    `
type Phase = 'read' | 'write' | 'close';
export function onPhase(phase: Phase): void {
  switch (phase) {
    case 'read':
      break;
  }
}
`,
    // The type says only these codes can arrive: the family rule does not ask for codes it excludes.
    `
export function onError(err: { code: 'ECONNRESET' | 'ETIMEDOUT' }): void {
  if (err.code === 'ECONNRESET') {
    reconnect();
  }
}
declare function reconnect(): void;
`,
    // Inside ignoreBenignClose(fn) a union switch need not list the codes benign on close (ETIMEDOUT).
    `
import type net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
interface TimeoutError extends Error { code: 'ETIMEDOUT' | 'ERR_SOCKET_CONNECTION_TIMEOUT' | 'ERR_TLS_HANDSHAKE_TIMEOUT' }
export function watch(socket: net.Socket): void {
  socket.on('error', ignoreBenignClose((err: TimeoutError) => {
    switch (err.code) {
      case 'ERR_SOCKET_CONNECTION_TIMEOUT':
      case 'ERR_TLS_HANDSHAKE_TIMEOUT':
        socket.destroy();
        break;
    }
  }));
}
`,
  ],
  invalid: [
    {
      // switch over SocketErrorKind (classifySocketError) misses kinds
      code: `
import { classifySocketError } from '../../src/codes.js';

export function onError(err: Error): void {
  switch (classifySocketError(err)) {
    case 'connection-lost':
    case 'timeout':
      reconnect();
      break;
    case 'refused':
    case 'unreachable':
    case 'dns':
      backOff();
      break;
    default:
      throw err;
  }
}
declare function reconnect(): void;
declare function backOff(): void;
`,
      errors: [
        {
          messageId: 'unionNotExhaustive',
          line: 5,
          data: { missing: 'undefined, address, resources, tls and 3 more' },
          suggestions: [
            { messageId: 'addMissingCases', output: `
import { classifySocketError } from '../../src/codes.js';

export function onError(err: Error): void {
  switch (classifySocketError(err)) {
    case 'connection-lost':
    case 'timeout':
      reconnect();
      break;
    case 'refused':
    case 'unreachable':
    case 'dns':
      backOff();
      break;
    case undefined:
    case 'address':
    case 'resources':
    case 'tls':
    case 'protocol':
    case 'cancelled':
    case 'misuse':
    default:
      throw err;
  }
}
declare function reconnect(): void;
declare function backOff(): void;
` },
          ],
        },
      ],
    },
    {
      // a user union of codes
      code: `
type RetryCode = 'ECONNRESET' | 'ETIMEDOUT' | 'EAI_AGAIN';

export function delayFor(code: RetryCode): number {
  switch (code) {
    case 'ECONNRESET':
      return 0;
    case 'ETIMEDOUT':
      return 1000;
  }
  return 5000;
}
`,
      errors: [
        {
          messageId: 'unionNotExhaustive',
          line: 5,
          data: { missing: 'EAI_AGAIN' },
          suggestions: [
            { messageId: 'addMissingCases', output: `
type RetryCode = 'ECONNRESET' | 'ETIMEDOUT' | 'EAI_AGAIN';

export function delayFor(code: RetryCode): number {
  switch (code) {
    case 'ECONNRESET':
      return 0;
    case 'ETIMEDOUT':
      return 1000;
    case 'EAI_AGAIN':
      break;
  }
  return 5000;
}
` },
          ],
        },
      ],
    },
    {
      // no cases at all
      code: `
import type { SocketErrorCodeOf } from '../../src/codes.js';

export function onLost(code: SocketErrorCodeOf<'connection-lost'>): void {
  switch (code) {
  }
}
`,
      errors: [
        {
          messageId: 'unionNotExhaustive',
          line: 5,
          data: { missing: 'ECONNRESET, EPIPE, ENOTCONN and 3 more' },
          suggestions: [
            { messageId: 'addMissingCases', output: `
import type { SocketErrorCodeOf } from '../../src/codes.js';

export function onLost(code: SocketErrorCodeOf<'connection-lost'>): void {
  switch (code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ENOTCONN':
    case 'ECONNABORTED':
    case 'ESHUTDOWN':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      break;
  }
}
` },
          ],
        },
      ],
    },
    {
      // open type (NodeJS.ErrnoException): needs a default
      code: `
export function onError(err: NodeJS.ErrnoException): void {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ENOTCONN':
    case 'ECONNABORTED':
    case 'ESHUTDOWN':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      cleanup();
      break;
  }
}
declare function cleanup(): void;
`,
      errors: [
        {
          messageId: 'missingDefault',
          line: 3,
          suggestions: [
            { messageId: 'addDefault', output: `
export function onError(err: NodeJS.ErrnoException): void {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ENOTCONN':
    case 'ECONNABORTED':
    case 'ESHUTDOWN':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      cleanup();
      break;
    default:
      // Other codes are ignored on purpose.
      break;
  }
}
declare function cleanup(): void;
` },
          ],
        },
      ],
    },
    {
      // if chain over an open type keeps the family rule
      code: `
export function onError(err: NodeJS.ErrnoException): void {
  if (err.code === 'ECONNRESET') {
    cleanup();
  }
}
declare function cleanup(): void;
`,
      errors: [
        {
          messageId: 'missingSiblings',
          line: 3,
          data: { named: 'ECONNRESET', missing: 'EPIPE, ENOTCONN, ECONNABORTED, ESHUTDOWN and 1 more', kind: 'connection-lost' },
          suggestions: [
            { messageId: 'addSiblings', output: `
export function onError(err: NodeJS.ErrnoException): void {
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN' || err.code === 'ECONNABORTED' || err.code === 'ESHUTDOWN' || err.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    cleanup();
  }
}
declare function cleanup(): void;
` },
          ],
        },
      ],
    },
    {
      // A default does not cover missing members unless considerDefaultExhaustive says so; the new
      // cases go before it and share its body.
      code: `
type RetryCode = 'ECONNRESET' | 'ETIMEDOUT';
export function onRetry(code: RetryCode): void {
  switch (code) {
    case 'ECONNRESET':
      reset();
      break;
    default:
      giveUp();
  }
}
declare function reset(): void;
declare function giveUp(): void;
`,
      errors: [
        {
          messageId: 'unionNotExhaustive',
          line: 4,
          data: { missing: 'ETIMEDOUT' },
          suggestions: [
            {
              messageId: 'addMissingCases',
              output: `
type RetryCode = 'ECONNRESET' | 'ETIMEDOUT';
export function onRetry(code: RetryCode): void {
  switch (code) {
    case 'ECONNRESET':
      reset();
      break;
    case 'ETIMEDOUT':
    default:
      giveUp();
  }
}
declare function reset(): void;
declare function giveUp(): void;
`,
            },
          ],
        },
      ],
    },
    {
      // inside ignoreBenignClose(fn): only the member that can still arrive
      code: `
import type net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
interface TimeoutError extends Error { code: 'ETIMEDOUT' | 'ERR_SOCKET_CONNECTION_TIMEOUT' | 'ERR_TLS_HANDSHAKE_TIMEOUT' }
export function watch(socket: net.Socket): void {
  socket.on('error', ignoreBenignClose((err: TimeoutError) => {
    switch (err.code) {
      case 'ERR_SOCKET_CONNECTION_TIMEOUT':
        socket.destroy();
        break;
    }
  }));
}
`,
      errors: [
        {
          messageId: 'unionNotExhaustive',
          data: { missing: 'ERR_TLS_HANDSHAKE_TIMEOUT' },
          suggestions: [{ messageId: 'addMissingCases', output: `
import type net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
interface TimeoutError extends Error { code: 'ETIMEDOUT' | 'ERR_SOCKET_CONNECTION_TIMEOUT' | 'ERR_TLS_HANDSHAKE_TIMEOUT' }
export function watch(socket: net.Socket): void {
  socket.on('error', ignoreBenignClose((err: TimeoutError) => {
    switch (err.code) {
      case 'ERR_SOCKET_CONNECTION_TIMEOUT':
        socket.destroy();
        break;
      case 'ERR_TLS_HANDSHAKE_TIMEOUT':
        break;
    }
  }));
}
` }],
        },
      ],
    },
    {
      // a declared ignoreBenignClose that is not imported from our module: every member
      code: `
import type net from 'node:net';
declare function ignoreBenignClose<E extends Error>(handler: (error: E) => void): (error: E) => void;
interface TimeoutError extends Error { code: 'ETIMEDOUT' | 'ERR_SOCKET_CONNECTION_TIMEOUT' | 'ERR_TLS_HANDSHAKE_TIMEOUT' }
export function watch(socket: net.Socket): void {
  socket.on('error', ignoreBenignClose((err: TimeoutError) => {
    switch (err.code) {
      case 'ERR_SOCKET_CONNECTION_TIMEOUT':
        socket.destroy();
        break;
    }
  }));
}
`,
      errors: [
        {
          messageId: 'unionNotExhaustive',
          data: { missing: 'ETIMEDOUT, ERR_TLS_HANDSHAKE_TIMEOUT' },
          suggestions: [{ messageId: 'addMissingCases', output: `
import type net from 'node:net';
declare function ignoreBenignClose<E extends Error>(handler: (error: E) => void): (error: E) => void;
interface TimeoutError extends Error { code: 'ETIMEDOUT' | 'ERR_SOCKET_CONNECTION_TIMEOUT' | 'ERR_TLS_HANDSHAKE_TIMEOUT' }
export function watch(socket: net.Socket): void {
  socket.on('error', ignoreBenignClose((err: TimeoutError) => {
    switch (err.code) {
      case 'ERR_SOCKET_CONNECTION_TIMEOUT':
        socket.destroy();
        break;
      case 'ETIMEDOUT':
      case 'ERR_TLS_HANDSHAKE_TIMEOUT':
        break;
    }
  }));
}
` }],
        },
      ],
    },
  ],
});

// A command-line tool that exits quietly when the reader of its output goes away: a standard
// stream's write can fail with EPIPE and with no other code of the family (measured).
const pipedOutput = (registrations: string): string => `
import net from 'node:net';
function onPipeError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(0);
}
${registrations}
export function tail(port: number) {
  const socket = net.connect(port);
  socket.on('error', () => socket.destroy());
  socket.pipe(process.stdout);
}
`;

const stdStreamValid: Cases['valid'] = [
  pipedOutput("process.stdout.on('error', onPipeError);\nprocess.stderr.on('error', onPipeError);"),
  `
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  else throw err;
});
`,
];

const stdStreamInvalid: Cases['invalid'] = [
  {
    // The same listener on a network socket: a reset there is dropped.
    code: pipedOutput("process.stdout.on('error', onPipeError);\nnet.connect(7000).on('error', onPipeError);"),
    errors: [
      {
        messageId: 'missingSiblings',
        line: 4,
        data: { named: 'EPIPE', missing: 'ECONNRESET, ENOTCONN, ECONNABORTED and 2 more', kind: 'connection-lost' },
        suggestions: [
          {
            messageId: 'addSiblings',
            output: pipedOutput("process.stdout.on('error', onPipeError);\nnet.connect(7000).on('error', onPipeError);").replace(
              "error.code === 'EPIPE')",
              "error.code === 'EPIPE' || error.code === 'ECONNRESET' || error.code === 'ENOTCONN' || error.code === 'ECONNABORTED' || error.code === 'ESHUTDOWN' || error.code === 'ERR_STREAM_PREMATURE_CLOSE')",
            ),
          },
        ],
      },
    ],
  },
];

ruleTester.run('exhaustive-error-codes (standard streams)', rule, { valid: stdStreamValid, invalid: stdStreamInvalid });
typedRuleTester.run('exhaustive-error-codes (standard streams, typed)', rule, { valid: stdStreamValid, invalid: stdStreamInvalid });

// A port check that reads the code as `err['code']`: a listen() with no host cannot give EADDRNOTAVAIL.
const portCheck = (listen: string, test = "err['code'] === 'EADDRINUSE'"): string => `
import net from 'node:net';
export function isPortOpen(port: number, host?: string) {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', (err: NodeJS.ErrnoException) => {
      s.close();
      if (${test}) reject(new Error('port taken'));
      else console.warn(err.message);
    });
    s.once('listening', () => s.close(() => resolve(true)));
    ${listen}
  });
}
`;

const computedReadValid: Cases['valid'] = [{ code: portCheck('s.listen(port);'), options: [{ ignoreKinds: ['misuse'] }] }];

const computedReadInvalid: Cases['invalid'] = [
  {
    // A host the rule cannot read keeps every code.
    code: portCheck('s.listen(port, host);'),
    options: [{ ignoreKinds: ['misuse'] }],
    errors: [
      {
        messageId: 'missingSiblings',
        line: 8,
        data: { named: 'EADDRINUSE', missing: 'EADDRNOTAVAIL', kind: 'address' },
        suggestions: [{ messageId: 'addSiblings', output: portCheck('s.listen(port, host);', "err['code'] === 'EADDRINUSE' || err['code'] === 'EADDRNOTAVAIL'") }],
      },
    ],
  },
];

ruleTester.run('exhaustive-error-codes (a code read with brackets)', rule, { valid: computedReadValid, invalid: computedReadInvalid });
typedRuleTester.run('exhaustive-error-codes (a code read with brackets, typed)', rule, { valid: computedReadValid, invalid: computedReadInvalid });
