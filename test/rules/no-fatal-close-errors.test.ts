/**
 * no-fatal-close-errors: an error a connection raises when it ends (ECONNRESET, EPIPE, ENOTCONN...)
 * must not reach `throw`, `process.exit`, `assert.ifError`... unless the path excluded those codes.
 * Syntax cases first, then the typed ones (guard shape, code types, sockets known by type), then
 * the checks every fix output must pass: `tsc --strict` finds nothing and a second `--fix` changes
 * nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Linter } from 'eslint';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import rule, { STRICT_CLOSE_CODES, type NoFatalCloseErrorsOptions } from '../../rules/no-fatal-close-errors.js';
import { SOCKET_ERRORS } from '../../src/codes.js';
import plugin from '../../src/index.js';
import { DEFAULT_STRICT_SOCKET_NAME_PATTERN } from '../../src/socket.js';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import { assertFixIsStable } from '../support/fix-safety.js';
import { fixturesDir, ruleTester, typedParserOptions, typedRuleTester } from '../rule-tester.js';
import { libraryInvalid, libraryValid } from './library-cases/no-fatal-close-errors.js';

/** The guard the fix inserts for the recommended codes, where nothing is known about `err`'s type. */
const GUARD =
  "if (typeof err === 'object' && err !== null && 'code' in err && (err.code === 'ENOTCONN' || err.code === 'ECONNRESET' || err.code === 'EPIPE')) return;";
/** The same, where type information says `err` is an Error. */
const TYPED_GUARD = "if ('code' in err && (err.code === 'ENOTCONN' || err.code === 'ECONNRESET' || err.code === 'EPIPE')) return;";

const strictOptions: Options = [
  { codes: STRICT_CLOSE_CODES, reemitIsFatal: true, socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN },
];

/** The strict guard (every benign code of the table, three comparisons a line), indented by `indent`. */
function strictGuard(indent: string): string {
  const comparisons = STRICT_CLOSE_CODES.map((code) => `err.code === '${code}'`);
  const lines: string[] = [];
  for (let i = 0; i < comparisons.length; i += 3) lines.push(comparisons.slice(i, i + 3).join(' || '));
  return `if (typeof err === 'object' && err !== null && 'code' in err && (${lines.join(` ||\n${indent}    `)})) return;`;
}
/**
 * A wrapper whose socket's 'error' listener re-emits only while `_closing` is down; `close()` raises
 * it before its `end()`, and so does `refuse()` when `flagged`. `guard` is what a fix puts before the re-emit.
 */
const flaggedTunnel = (flagged: boolean, guard = ''): string => `
const net = require('net');
const { EventEmitter } = require('events');
class Tunnel extends EventEmitter {
  constructor(port) {
    super();
    const self = this;
    this._closing = false;
    this._socket = net.connect(port, '127.0.0.1');
    this._socket.addListener('error', function (err) {
      if (!self._closing && !self._established) {
        self._closing = true;
        ${guard}self.emit('error', err);
      }
    });
  }
  refuse(reason) {
${flagged ? '    this._closing = true;\n' : ''}    this.emit('refused', reason);
    this._socket.end();
  }
  close() {
    if (this._closing) return;
    this._closing = true;
    this._socket.end('BYE\\r\\n');
  }
}
module.exports = Tunnel;
`;
/**
 * A helper that re-emits a probe's error on the response its caller gave an 'error' listener; with
 * `unheardCaller`, a second server calls it with a response nobody listens to. `guard` goes before the re-emit.
 */
const statusRelay = (unheardCaller = false, guard = ''): string => `
const http = require('http');
function relayStatus(res, url) {
  const probe = http.get(url, (answer) => {
    res.end(String(answer.statusCode));
    answer.resume();
  });
  probe.on('error', (err) => {
    probe.destroy();
    ${guard}res.emit('error', err);
  });
}
http.createServer((req, res) => {
  res.on('error', () => res.destroy());
  relayStatus(res, 'http://127.0.0.1:9000/health');
}).listen(8080);
${unheardCaller ? "http.createServer((req, res) => relayStatus(res, 'http://127.0.0.1:9001/health')).listen(8081);\n" : ''}`;
/** A proxy whose client response listens for 'error' only once, re-emitting the upstream's errors on it; `guard` goes before the re-emit. */
const onceProxy = (guard = ''): string => `
const http = require('http');
function proxyTo(port) {
  return (clientReq, clientRes) => {
    const outbound = http.request({ port, path: clientReq.url }, (answer) => answer.pipe(clientRes));
    clientRes.once('error', () => outbound.destroy());
    outbound.on('error', (err) => {
      outbound.destroy();
      ${guard}clientRes.emit('error', err);
    });
    clientReq.pipe(outbound);
  };
}
module.exports = proxyTo;
`;
const strictListed = `${STRICT_CLOSE_CODES.slice(0, 3).join(', ')} and ${STRICT_CLOSE_CODES.length - 3} more`;

/**
 * A client whose connect failure goes through `failConnect`, which tears the socket down with
 * `teardown(err, quiet)` (a throw only when not quiet) and rejects the awaited `open()`; `guard`
 * stands before the call in the socket's 'error' listener.
 */
const quietTeardown = (quiet: string, guard = ''): string => `
const net = require('net');
class Client {
  open(port) {
    return new Promise((resolve, reject) => {
      this.rejectOpen = reject;
      this.socket = net.connect(port, '127.0.0.1', () => resolve(this));
      this.socket.on('error', (err) => {
        ${guard}this.failConnect(err);
      });
    });
  }
  failConnect(err) {
    this.teardown(err, ${quiet});
    this.rejectOpen(err);
  }
  teardown(err, quiet) {
    this.socket.destroy();
    if (!quiet) throw err;
  }
}
module.exports = Client;
`;

type Options = [NoFatalCloseErrorsOptions];
type MessageIds = 'fatalCloseError' | 'fatalReemit' | 'addGuard';
type Cases = { valid: readonly (string | ValidTestCase<Options>)[]; invalid: readonly InvalidTestCase<MessageIds, Options>[] };

/**
 * A client whose 'close' listener calls its `onClose()` method, which does `closing`; every socket
 * error is re-emitted on the client.
 */
const closingThroughMethod = (closing: string): string => `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Feed extends EventEmitter {
  constructor(port) {
    super();
    this.port = port;
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('close', () => this.onClose());
    this.socket.on('error', (err) => this.onError(err));
  }
  reconnect() { this.timer = setTimeout(() => this.constructor.call(this, this.port), 1000); }
  onClose() { ${closing} }
  onError(err) {
    this.emit('error', err);
  }
}
`;

/**
 * A client whose socket is set up by a helper that makes one when none is given (`fallback`) and
 * listens on it; 'close' reconnects, and every socket error is re-emitted on the client.
 */
const setUpWithFallback = (fallback: string): string => `
import { Socket } from 'node:net';
import { EventEmitter } from 'node:events';
export class Conn extends EventEmitter {
  constructor(port) {
    super();
    this.port = port;
    this.socket = this.setUpSocket(null);
  }
  setUpSocket(socket) {
    ${fallback}
    socket.on('close', () => this.reconnect());
    socket.on('error', (err) => this.emit('error', err));
    return socket;
  }
  reconnect() { this.timer = setTimeout(() => this.socket.connect(this.port, '127.0.0.1'), 1000); }
}
`;

/**
 * A client that re-emits its socket's errors through a method and ends the socket in close() (then
 * `afterEnd`); `listener` is its 'error' listener's body.
 */
const reemittingClient = (afterEnd = '', listener = 'this.fail(err)'): string => `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => ${listener});
  }
  fail(error) {
    this.emit('error', error);
  }
  close() {
    this.socket.end();${afterEnd}
  }
}
`;

/** A peer whose socket errors are re-emitted and whose disconnect(polite) may say goodbye; `close` ends its body. */
const politePeer = (close: string, listener = "this.emit('error', err)"): string => `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Peer extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => ${listener});
  }
  disconnect(polite) {
    if (polite) this.socket.end(Buffer.from([0]));
    ${close}
  }
}
`;

/**
 * A client whose handshake request gives up on a timeout or a bad answer, and follows a redirect
 * by aborting the answered request; `guard` opens the request's 'error' listener.
 */
const handshakeClient = (guard: string): string => `
import https from 'node:https';
import { EventEmitter } from 'node:events';
const kGaveUp = Symbol('gave up');
export class Channel extends EventEmitter {
  open(url) {
    let req = (this.req = https.get(url));
    const timer = setTimeout(() => {
      req[kGaveUp] = true;
      req.destroy();
    }, 5000);
    req.on('error', (err) => {
      ${guard}
      req = this.req = null;
      clearTimeout(timer);
      this.emit('error', err);
    });
    req.on('response', (res) => {
      if (res.statusCode === 301) {
        req.abort();
        this.open(res.headers.location);
        return;
      }
      req[kGaveUp] = true;
      req.abort();
    });
  }
}
`;

const valid: Cases['valid'] = [
  // strict: every abort that can make an error raises the flag first, and the listener returns on
  // it; the redirect aborts a request that has its response, which makes no 'error' (measured).
  { code: handshakeClient('if (req === null || req[kGaveUp]) return;'), options: [{ reemitIsFatal: true }] },
  // strict: ended and destroyed in the same run, the socket emits no error of the end (measured).
  {
    code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.emit('error', err));
  }
  close() {
    this.socket.end();
    this.socket.destroy();
    this.socket = null;
  }
}
`,
    options: [{ reemitIsFatal: true }],
  },
  // strict: the goodbye is sent only on request, and the destroy follows the `if` either way.
  {
    code: politePeer('this.socket.destroy();'),
    options: [{ reemitIsFatal: true }],
  },
  // The failure path tears down quietly (`teardown(err, true)` never reaches its throw) and rejects the awaited open().
  quietTeardown('true'),
    // The benign codes return early, everything else is rethrown.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => {
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN') return;
    throw err;
  });
});
`,
    // The helper from our codes module.
    `
import net from 'node:net';
import { isBenignCloseError } from 'eslint-plugin-socket-errors/codes';
const socket = net.connect(5432);
socket.on('error', (err) => {
  if (isBenignCloseError(err)) return;
  console.error(err);
  process.exit(1);
});
`,
    // classifySocketError: the whole connection-lost family returns first.
    `
import net from 'node:net';
import { classifySocketError } from 'eslint-plugin-socket-errors/codes';
const socket = net.connect(5432);
socket.on('error', (err) => {
  if (classifySocketError(err) === 'connection-lost') return;
  throw err;
});
`,
    // A switch whose cases for the benign codes return.
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => {
    switch (err.code) {
      case 'ECONNRESET':
      case 'EPIPE':
      case 'ENOTCONN':
        return;
      default:
        throw err;
    }
  });
});
`,
    // Membership in a list that holds the benign codes.
    `
import net from 'node:net';
const ROUTINE = new Set(['ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNABORTED']);
net.createServer((socket) => {
  socket.on('error', (err) => {
    if (!ROUTINE.has(err.code)) throw err;
  });
});
`,
    // A server's own 'error' listener handles listen failures (EADDRINUSE, EACCES): exiting is right.
    `
import net from 'node:net';
const server = net.createServer();
server.on('error', (err) => {
  console.error('cannot listen:', err.message);
  process.exit(1);
});
server.listen(8080);
`,
    // Errors of child processes and file streams are not connection errors.
    `
import { spawn } from 'node:child_process';
import fs from 'node:fs';
const child = spawn('gzip');
child.stdin.on('error', (err) => { throw err; });
const out = fs.createWriteStream('/var/log/app.log');
out.on('error', (err) => { throw err; });
`,
    // An assertion about which code arrived is an invariant, not a crash on the benign ones.
    `
import net from 'node:net';
import assert from 'node:assert';
const socket = net.connect(80);
socket.on('error', (err) => {
  assert(err.code !== 'ERR_STREAM_WRITE_AFTER_END', 'wrote after end()');
  socket.destroy();
});
`,
    // Rejecting a promise with the error is its API contract.
    `
import net from 'node:net';
export function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, () => resolve(socket));
    socket.once('error', reject);
    socket.once('error', (err) => reject(err));
  });
}
`,
    // Callbacks without an error parameter exit on success, by design (a CLI that is done).
    `
import net from 'node:net';
const socket = net.connect(9000, () => {
  socket.end('QUIT\\r\\n', () => process.exit(0));
  socket.write('bye', (err) => {
    if (!err) process.exit(0);
  });
});
`,
    // process.stdout's EPIPE is a closed pipe, not a connection: the classic `| head` handling.
    `
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});
`,
    // A throw caught inside the listener itself.
    `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err) => {
  try {
    throw err;
  } catch (e) {
    console.warn(e);
  }
});
`,
    // A user's predicate named in benignGuards.
    {
      code: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err) => {
  if (isIgnorableSocketError(err)) return;
  throw err;
});
`,
      options: [{ benignGuards: ['isIgnorableSocketError'] }],
    },
    // A rethrow in a named async function rejects its promise: the caller decides.
    `
import { pipeline } from 'node:stream/promises';
import net from 'node:net';
export async function upload(file) {
  const socket = net.connect(9000);
  try {
    await pipeline(file, socket);
  } catch (err) {
    throw new Error('upload failed', { cause: err });
  }
}
`,
    // A listener that only logs is not fatal (Node already destroyed the socket).
    `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('error', (err) => console.error('client error', err));
});
`,
    // Emitters that are not sockets.
    `
export function watch(db) {
  db.on('error', (err) => { throw err; });
}
`,
    // Re-emitting is not fatal by default (reemitIsFatal is for strict).
    `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.emit('error', err));
  }
  close() {
    this.socket.end();
  }
}
`,
    // The re-emit runs only while someone listens, asked through Node's static listenerCount or a
    // helper named for it: it cannot go unhandled, even where this code ends the socket itself.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { emitterListenerCount } from './util.js';
export class Session extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      if (emitterListenerCount(this, 'error') > 0) this.emit('error', err);
    });
    this.socket.on('timeout', (err) => {
      if (EventEmitter.listenerCount(this, 'error')) this.emit('error', err);
    });
  }
  close() {
    this.socket.end();
  }
}
`,
      options: strictOptions,
    },
    // The response the error is re-emitted on keeps an 'error' listener of this file (added with
    // on(), never removed), in the same function or in the only function that calls the helper:
    // the re-emit is always heard, even where the code destroys the request itself.
    {
      code: `
const http = require('http');
function proxyTo(port) {
  return (clientReq, clientRes) => {
    let settled = false;
    const settle = () => {
      if (!settled) {
        settled = true;
        outbound.destroy();
      }
    };
    const outbound = http.request({ port, path: clientReq.url, method: clientReq.method }, (answer) => {
      clientRes.writeHead(answer.statusCode, answer.headers);
      answer.pipe(clientRes);
    });
    clientRes.on('error', settle);
    outbound.on('error', (err) => {
      settle();
      clientRes.emit('error', err);
    });
    clientReq.pipe(outbound);
  };
}
module.exports = proxyTo;
`,
      options: strictOptions,
    },
    {
      code: statusRelay(),
      options: strictOptions,
    },
    // A command-line program (it starts with #!) that serves nothing: its one connection is its
    // whole job, and exiting when it fails is the plan.
    `#!/usr/bin/env node
const net = require('net');
const [host, port] = process.argv.slice(2);
const probe = net.connect(Number(port), host, () => probe.end('PING\\r\\n'));
probe.setEncoding('utf8');
probe.on('data', (answer) => process.stdout.write(answer));
probe.on('error', (err) => {
  console.error(\`\${host}:\${port}: \${err.message}\`);
  process.exit(2);
});
probe.on('close', () => process.exit(0));
`,
    // Every end() of the socket comes after the flag the listener checks is raised: the errors the
    // module's own shutdown provokes are never re-emitted.
    { code: flaggedTunnel(true), options: strictOptions },
    // eventemitter3 drops an 'error' nobody hears: the re-emit of the reset its own end() provoked cannot crash.
    ...[`import { EventEmitter } from 'eventemitter3';`, `const EventEmitter = require('eventemitter3');`].map((imported) => ({
      code: `
import net from 'node:net';
${imported}
export class Client extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      this.emit('error', err);
    });
  }
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
}
`,
      options: [{ reemitIsFatal: true }] as Options,
    })),
    // With reemitIsFatal, re-emitting is fine when this code never ends the socket itself.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.emit('error', err));
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // A client request's end() finishes sending it; it does not end the connection: forwarding its
    // errors is the wrapper's contract, even with reemitIsFatal.
    {
      code: `
import https from 'node:https';
import { EventEmitter } from 'node:events';
export class Fetch extends EventEmitter {
  send(url, body) {
    const req = https.request(url, { method: 'POST' });
    req.on('error', (err) => this.emit('error', err));
    req.end(body);
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // Only EADDRNOTAVAIL reaches the exit.
    `
import net from 'node:net';
const socket = net.connect({ port: 80, localAddress: '10.9.9.9' });
socket.on('error', (err) => {
  if (err.code === 'EADDRNOTAVAIL') process.exit(2);
  socket.destroy();
});
`,
    // A code test this rule cannot read (a lookup table) is trusted to exclude the codes.
    `
import net from 'node:net';
const IGNORED = { ECONNRESET: true, EPIPE: true, ENOTCONN: true };
const socket = net.connect(80);
socket.on('error', (err) => {
  if (IGNORED[err.code]) return;
  throw err;
});
`,
    // Without the name pattern, a parameter called socket is not known to be one.
    `
export function attach(socket) {
  socket.on('error', (err) => { throw err; });
}
`,
    // In a test, a failed assertion fails the test (the runner catches it), it does not end a server.
    {
      code: `
import assert from 'node:assert';
describe('framed writer', () => {
  it('calls back once per write', (done) => {
    const socket = new FakeSocket();
    socket.write(Buffer.from('x'), (err) => {
      assert.ifError(err);
      done();
    });
  });
});
`,
      options: strictOptions,
    },
    // The codes that reach the exit were configured away.
    {
      code: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') return;
  process.exit(1);
});
`,
      options: [{ codes: ['ECONNRESET'] }],
    },
    // ignoreBenignClose(fn) from our codes module: the benign codes never reach fn, so it may exit on the rest.
    `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
const socket = net.connect(5432);
socket.on('error', ignoreBenignClose((err) => {
  console.error('database link failed', err);
  process.exit(1);
}));
`,
    // Strict codes and reemitIsFatal: a wrapper that re-emits what is left, through a namespace import.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
import * as codes from 'eslint-plugin-socket-errors/codes';
export class Client extends EventEmitter {
  socket = net.connect(7000);
  constructor() {
    super();
    this.socket.on('error', codes.ignoreBenignClose((err) => this.emit('error', err)));
  }
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
}
`,
      options: strictOptions,
    },
    // The wrapped handler given by reference (renamed import), and the wrapper held in a const (require).
    {
      code: `
import net from 'node:net';
import { ignoreBenignClose as realFailuresOnly } from 'eslint-plugin-socket-errors/codes';
function onError(err) {
  throw err;
}
const socket = net.connect(5432);
socket.on('error', realFailuresOnly(onError));
`,
      options: strictOptions,
    },
    {
      code: `
const net = require('node:net');
const { ignoreBenignClose } = require('eslint-plugin-socket-errors/codes');
const onError = ignoreBenignClose((err) => {
  throw err;
});
const socket = net.connect(5432);
socket.on('error', onError);
`,
      options: strictOptions,
    },
    // The wrapper in a class field, registered as this.onError.
    `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
export class Link {
  socket = net.connect(5432);
  onError = ignoreBenignClose((err) => {
    throw err;
  });
  open() {
    this.socket.on('error', this.onError);
  }
}
`,
    // A local function named ignoreBenignClose is not our helper: like any wrapper the rule cannot
    // see into, the function it wraps is not followed (nothing is known about what reaches it).
    `
import net from 'node:net';
function ignoreBenignClose(handler) {
  return handler;
}
const socket = net.connect(5432);
socket.on('error', ignoreBenignClose((err) => {
  throw err;
}));
`,
    // reemitIsFatal: false turns even the reconnecting client's re-emit off.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Ticker extends EventEmitter {
  open(port) {
    const sock = net.connect(port);
    sock.on('error', (err) => this.emit('error', err));
    sock.on('close', () => setTimeout(() => this.open(port), 1000));
  }
}
`,
      options: [{ reemitIsFatal: false }],
    },
    // The helper wraps what it is given instead of making a socket: nothing says it holds one.
    setUpWithFallback('socket = wrap(socket);'),
    // Recommended: the method the 'close' listener calls only reports the close.
    closingThroughMethod("this.emit('close');"),
    // Recommended: a 'close' listener that only reports the close does not reconnect, so the
    // re-emit is the wrapper's contract.
    `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Ticker extends EventEmitter {
  open(port) {
    const sock = net.connect(port);
    sock.on('error', (err) => this.emit('error', err));
    sock.on('close', () => this.emit('close'));
  }
}
`,
    // A request this code destroys, re-emitting its errors without reemitIsFatal (the default).
    `
import https from 'node:https';
import { EventEmitter } from 'node:events';
export class Probe extends EventEmitter {
  check(url) {
    const req = https.get(url);
    req.on('error', (err) => this.emit('error', err));
    req.setTimeout(2000, () => req.destroy());
  }
}
`,
    // destroy() of a raw socket adds no 'error' (measured on Node 20): re-emitting its errors is the
    // wrapper's contract.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Link extends EventEmitter {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => this.emit('error', err));
  }
  close() {
    this.socket.destroy();
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // A 'close' listener that only reports the close, or opens a connection through another
    // module's connect(), is no reconnect of this socket's owner.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Link extends EventEmitter {
  open(port) {
    const socket = net.connect(port);
    socket.on('error', (err) => this.emit('error', err));
    socket.on('close', () => {
      this.emit('close');
      net.connect(port + 1).end('closed\\n');
    });
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // The reconnecting client looks at the code first: the routine ones are dropped on purpose.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Feed extends EventEmitter {
  connect(port) {
    const socket = net.connect(port);
    socket.on('error', (err) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.code === 'ENOTCONN') return;
      this.emit('error', err);
    });
    socket.on('close', () => setTimeout(() => this.connect(port), 1000));
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // A pipeline over streams this code never destroys: its errors are the wrapper's to forward.
    {
      code: `
import net from 'node:net';
import { pipeline, PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
export class Tail extends EventEmitter {
  start(port) {
    const socket = net.connect(port);
    this.lines = new PassThrough();
    pipeline(socket, this.lines, (err) => {
      if (err) this.emit('error', err);
    });
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // A field that also holds the module's own errors is not followed to its re-emit.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Line extends EventEmitter {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => { this.lastError = err; });
    this.timer = setTimeout(() => { this.lastError = new Error('no answer'); this.socket.end(); }, 5000);
  }
  finish() {
    if (this.lastError) this.emit('error', this.lastError);
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // The listener keeps only what is not routine on close: the re-emit on 'close' sees none of it.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { isBenignCloseError } from 'eslint-plugin-socket-errors/codes';
export class Line extends EventEmitter {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      if (isBenignCloseError(err)) return;
      this.lastError = err;
    });
    this.socket.on('close', () => {
      const err = this.lastError;
      if (err) this.emit('error', err);
    });
  }
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // A stored error of a socket this module never ends nor reconnects: handing it on is the
    // wrapper's contract, even with reemitIsFatal.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Line extends EventEmitter {
  open(port) {
    const socket = net.connect(port);
    socket.on('error', (err) => { this.lastError = err; });
    socket.on('close', () => {
      if (this.lastError) this.emit('error', this.lastError);
    });
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // The re-emit runs only when the wrapper has an 'error' listener: nothing goes unhandled.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Link extends EventEmitter {
  open(port) {
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      if (this.listeners('error').length > 0) this.emit('error', err);
    });
  }
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // The module forgets the socket as it ends it, and the listener acts only while it still holds
    // one: the errors its own end() provokes are never handed on.
    {
      code: `
var net = require('net');
var EventEmitter = require('events').EventEmitter;
function Sender(port) { this.port = port; this.socket = null; this.events = new EventEmitter(); }
Sender.prototype.connect = function () {
  var self = this;
  if (self.socket === null) {
    self.socket = net.connect(self.port);
    self.socket.on('error', function (err) {
      if (self.socket) {
        self.socket.destroy();
        self.socket = null;
        self.events.emit('error', err);
      }
    });
  }
};
Sender.prototype.close = function () {
  if (this.socket) {
    this.socket.end();
    this.socket = null;
  }
};
`,
      options: [{ reemitIsFatal: true }],
    },
    // A table with a transport that is not one of Node's modules: what `request()` makes is not known.
    {
      code: `
var http = require('http');
var https = require('https');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
exports.transports = { 'http:': http, 'https:': require('./unix-transport') };
function Call(url) { EventEmitter.call(this); this.url = url; }
util.inherits(Call, EventEmitter);
Call.prototype.open = function () {
  var self = this;
  var req = this.req = exports.transports[this.url.protocol].request(this.url);
  req.on('error', function (err) {
    self.emit('error', err);
  });
  return req;
};
Call.prototype.send = function (ms) {
  var req = this.open();
  setTimeout(function () { req.abort(); }, ms);
  req.end();
};
`,
      options: [{ reemitIsFatal: true }],
    },
    // The module raises a flag before it aborts its request, and the listener stops on it: the
    // abort's "socket hang up" is never re-emitted (other errors are the caller's to handle).
    {
      code: `
var http = require('http');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Call(url) { EventEmitter.call(this); this.url = url; }
util.inherits(Call, EventEmitter);
Call.prototype.open = function () {
  var self = this;
  var req = this.req = http.request(this.url);
  req.on('error', function (err) {
    if (self.cancelled) return;
    self.emit('error', err);
  });
  return req;
};
Call.prototype.send = function (ms) {
  var self = this;
  var req = this.open();
  setTimeout(function () {
    self.cancelled = true;
    req.abort();
  }, ms);
  req.end();
};
`,
      options: [{ reemitIsFatal: true }],
    },
    // A once listener that throws only when no other 'error' listener is left does what Node does
    // for an emitter nobody listens to: it adds no crash of its own.
    `
import http from 'node:http';
export function timed(url, ms, cancel) {
  const req = http.get(url);
  req.once('error', (err) => {
    cancel();
    if (req.listenerCount('error') === 0) throw err;
  });
  req.setTimeout(ms, () => req.destroy(new Error('timed out')));
  return req;
}
`,
    // The flag is a variable the listener and the timeout share: set before the abort, tested first.
    {
      code: `
import http from 'node:http';
import { PassThrough } from 'node:stream';
export function fetch(url, ms) {
  const out = new PassThrough();
  let finished = false;
  const req = http.get(url);
  req.setTimeout(ms, () => {
    if (finished) return;
    finished = true;
    req.abort();
    out.emit('error', new Error('timed out'));
  });
  req.on('error', (err) => {
    if (finished) return;
    finished = true;
    out.emit('error', err);
  });
  return out;
}
`,
      options: [{ reemitIsFatal: true }],
    },
    // The request aborted is whichever of two this.current() returns: not known to be the one listened to.
    {
      code: `
var http = require('http');
function Call(url) { this.url = url; }
Call.prototype.open = function () {
  var self = this;
  this.req = http.request(this.url);
  this.req.on('error', function (err) { self.emit('error', err); });
};
Call.prototype.current = function () {
  if (this.retrying) return this.retryReq;
  return this.req;
};
Call.prototype.cancel = function () {
  var req = this.current();
  req.abort();
};
`,
      options: [{ reemitIsFatal: true }],
    },
    // A function of the file that the handler hands the error to and that only logs it.
    `
import net from 'node:net';
function report(error) {
  console.error('connection lost', error);
}
const socket = net.connect(6379);
socket.on('error', (err) => report(err));
`,
    // A callback that arrives as a parameter is not a function of the file: the one that receives
    // it (and throws on a bad argument) is not what runs.
    `
import net from 'node:net';
export function open(url, done) {
  if (typeof url !== 'string') throw new TypeError('url must be a string');
  const socket = net.connect(Number(url));
  socket.once('error', (err) => done(err));
}
`,
    // An async helper that throws rejects a promise; a recursive helper is walked once.
    `
import net from 'node:net';
async function fail(error) {
  throw error;
}
function retry(error, attempts) {
  if (attempts > 0) retry(error, attempts - 1);
  else console.warn(error);
}
const socket = net.connect(6379);
socket.on('error', (err) => {
  void fail(err).catch(() => {});
  retry(err, 3);
});
`,
    // The helper's own test excludes the routine codes before it throws.
    `
import net from 'node:net';
function rethrowUnexpected(error) {
  if (['ECONNRESET', 'EPIPE', 'ENOTCONN'].includes(error.code)) return;
  throw error;
}
const socket = net.connect(6379);
socket.on('error', rethrowUnexpected);
socket.on('error', (err) => rethrowUnexpected(err));
`,
];

const invalid: Cases['invalid'] = [
  // strict: the same client, whose listener never looks at the flag: its own timeout's "socket hang up" is re-emitted.
  {
    code: handshakeClient('if (req === null) return;'),
    output: handshakeClient('if (req === null) return;').replace(
      "      this.emit('error', err);",
      "      if (typeof err === 'object' && err !== null && 'code' in err && (err.code === 'ENOTCONN' || err.code === 'ECONNRESET' || err.code === 'EPIPE')) return;\n      this.emit('error', err);",
    ),
    options: [{ reemitIsFatal: true }],
    errors: [{ messageId: 'fatalReemit', line: 16, data: { source: "'error' listener", sink: "this.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
  },
  // The same teardown told not to be quiet: a reset then throws out of the listener.
  {
    code: quietTeardown('false'),
    output: quietTeardown('false', `${GUARD}\n        `),
    errors: [{ messageId: 'fatalCloseError', line: 9, data: { source: "'error' listener", sink: 'this.failConnect()', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
  },
    // The error handed to a function of the file that throws it: the guard goes before the call.
    {
      code: `
import net from 'node:net';
function fail(error) {
  throw error;
}
const socket = net.connect(6379);
socket.on('error', (err) => {
  fail(err);
});
`,
      output: `
import net from 'node:net';
function fail(error) {
  throw error;
}
const socket = net.connect(6379);
socket.on('error', (err) => {
  ${GUARD}
  fail(err);
});
`,
      errors: [{ messageId: 'fatalCloseError', line: 8, data: { source: "'error' listener", sink: 'fail()', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // A method of a pre-ES2015 class that lets every code but EPIPE through to a throw.
    {
      code: `
import net from 'node:net';
export function Conn(port) {
  this.socket = net.connect(port);
  this.socket.on('error', (err) => { this.ignore(err); });
}
Conn.prototype.ignore = function (error) {
  if (error.code !== 'EPIPE') throw error;
};
`,
      output: `
import net from 'node:net';
export function Conn(port) {
  this.socket = net.connect(port);
  this.socket.on('error', (err) => { ${GUARD.replace("(err.code === 'ENOTCONN' || err.code === 'ECONNRESET' || err.code === 'EPIPE')", "(err.code === 'ENOTCONN' || err.code === 'ECONNRESET')")} this.ignore(err); });
}
Conn.prototype.ignore = function (error) {
  if (error.code !== 'EPIPE') throw error;
};
`,
      errors: [{ messageId: 'fatalCloseError', line: 5, data: { source: "'error' listener", sink: 'this.ignore()', codes: 'ENOTCONN and ECONNRESET' } }],
    },
    // Two calls deep, to process.exit(), after the handler's own test let ECONNRESET through.
    {
      code: `
import net from 'node:net';
function die(error) {
  console.error(error);
  process.exit(1);
}
function onFailure(error) {
  die(error);
}
net.createServer((socket) => {
  socket.on('error', (err) => {
    if (err.code === 'EPIPE' || err.code === 'ENOTCONN') return;
    onFailure(err);
  });
});
`,
      output: `
import net from 'node:net';
function die(error) {
  console.error(error);
  process.exit(1);
}
function onFailure(error) {
  die(error);
}
net.createServer((socket) => {
  socket.on('error', (err) => {
    if (err.code === 'EPIPE' || err.code === 'ENOTCONN') return;
    ${GUARD.replace("(err.code === 'ENOTCONN' || err.code === 'ECONNRESET' || err.code === 'EPIPE')", "err.code === 'ECONNRESET'")}
    onFailure(err);
  });
});
`,
      errors: [{ messageId: 'fatalCloseError', line: 13, data: { source: "'error' listener", sink: 'onFailure()', codes: 'ECONNRESET' } }],
    },
    // strict: a method of the class re-emits what the module's own end() provokes.
    {
      code: reemittingClient(),
      options: [{ reemitIsFatal: true }],
      output: null,
      errors: [
        {
          messageId: 'fatalReemit',
          line: 8,
          data: { source: "'error' listener", sink: 'this.fail()', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: reemittingClient('', `{ ${GUARD} this.fail(err); }`),
            },
          ],
        },
      ],
    },
    // strict: the goodbye ends the socket on one branch and the destroy is on the other: ended alone,
    // the socket may meet the reset its end() provoked.
    {
      code: politePeer('else this.socket.destroy();'),
      options: [{ reemitIsFatal: true }],
      output: null,
      errors: [
        {
          messageId: 'fatalReemit',
          line: 8,
          suggestions: [
            {
              messageId: 'addGuard',
              output: politePeer('else this.socket.destroy();', `{ ${GUARD} this.emit('error', err); }`),
            },
          ],
        },
      ],
    },
    // strict: destroyed only in a later turn, the socket may meet the reset its end() provoked first.
    {
      code: reemittingClient('\n    setImmediate(() => this.socket.destroy());'),
      options: [{ reemitIsFatal: true }],
      output: null,
      errors: [
        {
          messageId: 'fatalReemit',
          line: 8,
          data: { source: "'error' listener", sink: 'this.fail()', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: reemittingClient('\n    setImmediate(() => this.socket.destroy());', `{ ${GUARD} this.fail(err); }`),
            },
          ],
        },
      ],
    },
    // Cleanup runs, then the throw crashes on a peer reset: the guard goes right before the throw.
    {
      code: `
import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('error', (err) => {
    clients.delete(socket);
    throw err;
  });
});
`,
      output: `
import net from 'node:net';
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('error', (err) => {
    clients.delete(socket);
    ${GUARD}
    throw err;
  });
});
`,
      errors: [
        {
          messageId: 'fatalCloseError',
          data: { source: "'error' listener", sink: 'throw', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          line: 8,
        },
      ],
    },
    // Only one of the three excluded: the others still crash.
    {
      code: `
import net from 'node:net';
const socket = net.connect(6379);
socket.on('error', (err) => {
  if (err.code !== 'ECONNRESET') throw err;
});
`,
      output: `
import net from 'node:net';
const socket = net.connect(6379);
socket.on('error', (err) => {
  if (err.code !== 'ECONNRESET') { if (typeof err === 'object' && err !== null && 'code' in err && (err.code === 'ENOTCONN' || err.code === 'EPIPE')) return; throw err; }
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'ENOTCONN and EPIPE' } }],
    },
    // A switch that forgets EPIPE.
    {
      code: `
import net from 'node:net';
const socket = net.connect(6379);
socket.on('error', (err) => {
  switch (err.code) {
    case 'ECONNRESET':
    case 'ENOTCONN':
      return;
    default:
      throw err;
  }
});
`,
      output: `
import net from 'node:net';
const socket = net.connect(6379);
socket.on('error', (err) => {
  switch (err.code) {
    case 'ECONNRESET':
    case 'ENOTCONN':
      return;
    default:
      if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'EPIPE') return;
      throw err;
  }
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'EPIPE' } }],
    },
    // A list that holds only one of them.
    {
      code: `
import net from 'node:net';
const socket = net.connect(6379);
socket.on('error', (err) => {
  if (['EPIPE'].includes(err.code)) return;
  console.error(err);
  process.exit(1);
});
`,
      output: `
import net from 'node:net';
const socket = net.connect(6379);
socket.on('error', (err) => {
  if (['EPIPE'].includes(err.code)) return;
  console.error(err);
  if (typeof err === 'object' && err !== null && 'code' in err && (err.code === 'ENOTCONN' || err.code === 'ECONNRESET')) return;
  process.exit(1);
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'process.exit()', codes: 'ENOTCONN and ECONNRESET' } }],
    },
    // A listener without a parameter cannot test the code: the suggestion adds one.
    {
      code: `
import net from 'node:net';
const socket = net.connect(6379);
socket.on('error', () => {
  console.error('lost the cache');
  process.exit(1);
});
`,
      output: null,
      errors: [
        {
          messageId: 'fatalCloseError',
          suggestions: [
            {
              messageId: 'addGuard',
              output: `
import net from 'node:net';
const socket = net.connect(6379);
socket.on('error', (err) => {
  console.error('lost the cache');
  ${GUARD}
  process.exit(1);
});
`,
            },
          ],
        },
      ],
    },
    // end() callbacks get the error of the shutdown (ENOTCONN on older Node and other runtimes).
    {
      code: `
import net from 'node:net';
export function quit() {
  const socket = net.connect(25);
  socket.end('QUIT\\r\\n', (err) => {
    if (err) throw err;
  });
}
`,
      output: `
import net from 'node:net';
export function quit() {
  const socket = net.connect(25);
  socket.end('QUIT\\r\\n', (err) => {
    if (err) { ${GUARD} throw err; }
  });
}
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: '`end()` callback', sink: 'throw', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // write() callback with assert.ifError; an expression body gets a suggestion.
    {
      code: `
import net from 'node:net';
import assert from 'node:assert';
const socket = net.connect(80);
socket.write('PING', (err) => assert.ifError(err));
`,
      output: null,
      errors: [
        {
          messageId: 'fatalCloseError',
          data: { source: '`write()` callback', sink: 'assert.ifError()', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: `
import net from 'node:net';
import assert from 'node:assert';
const socket = net.connect(80);
socket.write('PING', (err) => { ${GUARD} assert.ifError(err); });
`,
            },
          ],
        },
      ],
    },
    // pipeline() callback with assert(!err).
    {
      code: `
import net from 'node:net';
import { pipeline } from 'node:stream';
import assert from 'node:assert';
net.createServer((socket) => {
  pipeline(socket, socket, (err) => {
    assert(!err);
  });
});
`,
      output: `
import net from 'node:net';
import { pipeline } from 'node:stream';
import assert from 'node:assert';
net.createServer((socket) => {
  pipeline(socket, socket, (err) => {
    ${GUARD}
    assert(!err);
  });
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: '`pipeline()` callback', sink: 'assert(!err)', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // finished() callback; the error test is `err != null`.
    {
      code: `
import http from 'node:http';
import stream from 'node:stream';
http.createServer((req, res) => {
  stream.finished(res, (err) => {
    if (err != null) {
      console.error('response failed');
      process.exit(1);
    }
  });
  res.end('ok');
});
`,
      output: `
import http from 'node:http';
import stream from 'node:stream';
http.createServer((req, res) => {
  stream.finished(res, (err) => {
    if (err != null) {
      console.error('response failed');
      ${GUARD}
      process.exit(1);
    }
  });
  res.end('ok');
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: '`finished()` callback', sink: 'process.exit()', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // catch around an awaited finished() from stream/promises, in a listener nobody awaits.
    {
      code: `
import net from 'node:net';
import { finished } from 'node:stream/promises';
net.createServer(async (socket) => {
  socket.end('bye');
  try {
    await finished(socket);
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
});
`,
      output: null,
      errors: [
        {
          messageId: 'fatalCloseError',
          data: { source: 'catch block', sink: 'process.exit()', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: `
import net from 'node:net';
import { finished } from 'node:stream/promises';
net.createServer(async (socket) => {
  socket.end('bye');
  try {
    await finished(socket);
  } catch (err) {
    console.error(err);
    ${GUARD}
    process.exit(1);
  }
});
`,
            },
          ],
        },
      ],
    },
    // ...and a rethrow there rejects a promise nobody handles.
    {
      code: `
import net from 'node:net';
import { once } from 'node:events';
net.createServer(async (socket) => {
  socket.end();
  try {
    await once(socket, 'close');
  } catch (err) {
    throw err;
  }
});
`,
      output: null,
      errors: [{ messageId: 'fatalCloseError', data: { source: 'catch block', sink: 'throw', codes: 'ENOTCONN, ECONNRESET and EPIPE' }, suggestions: [{ messageId: 'addGuard', output: `
import net from 'node:net';
import { once } from 'node:events';
net.createServer(async (socket) => {
  socket.end();
  try {
    await once(socket, 'close');
  } catch (err) {
    ${GUARD}
    throw err;
  }
});
` }] }],
    },
    // An awaited promisified end() at the top level of a module: no `return` possible there.
    {
      code: `
import net from 'node:net';
import { promisify } from 'node:util';
const socket = net.connect(7000);
const endSocket = promisify(socket.end.bind(socket));
try {
  await endSocket();
} catch (err) {
  throw err;
}
`,
      output: null,
      errors: [{ messageId: 'fatalCloseError', data: { source: 'catch block', sink: 'throw', codes: 'ENOTCONN, ECONNRESET and EPIPE' }, suggestions: [] }],
    },
    // A handler given by reference may have other callers: a suggestion, not a fix.
    {
      code: `
import net from 'node:net';
function crash(err) {
  throw err;
}
const socket = net.connect(80);
socket.on('error', crash);
`,
      output: null,
      errors: [{ messageId: 'fatalCloseError', line: 4, suggestions: [{ messageId: 'addGuard', output: `
import net from 'node:net';
function crash(err) {
  ${GUARD}
  throw err;
}
const socket = net.connect(80);
socket.on('error', crash);
` }] }],
    },
    // A function of your own that ends the process.
    {
      code: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err) => {
  logger.fatal(err);
});
`,
      options: [{ fatalFunctions: ['logger.fatal'] }],
      output: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err) => {
  ${GUARD}
  logger.fatal(err);
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'logger.fatal()', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // A throw in a timer callback is uncaught all the same.
    {
      code: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err) => {
  setImmediate(() => {
    throw err;
  });
});
`,
      output: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err) => {
  setImmediate(() => {
    ${GUARD}
    throw err;
  });
});
`,
      errors: [{ messageId: 'fatalCloseError' }],
    },
    // An HTTP client request: "socket hang up" is an ECONNRESET too.
    {
      code: `
import https from 'node:https';
const req = https.get('https://status.internal/health');
req.on('error', (err) => {
  console.error('health check failed', err);
  process.exit(1);
});
`,
      output: `
import https from 'node:https';
const req = https.get('https://status.internal/health');
req.on('error', (err) => {
  console.error('health check failed', err);
  ${GUARD}
  process.exit(1);
});
`,
      errors: [{ messageId: 'fatalCloseError' }],
    },
    // An async listener: the throw becomes an unhandled rejection.
    {
      code: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', async (err) => {
  await flushMetrics();
  throw err;
});
`,
      output: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', async (err) => {
  await flushMetrics();
  ${GUARD}
  throw err;
});
`,
      errors: [{ messageId: 'fatalCloseError' }],
    },
    // The exit inside an expression: no statement to put the guard before.
    {
      code: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err) => err && process.exit(1));
`,
      output: null,
      errors: [{ messageId: 'fatalCloseError', suggestions: [] }],
    },
    // A destructured code: the suggestion compares it directly.
    {
      code: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', ({ code, message }) => {
  console.error(code, message);
  process.exit(1);
});
`,
      output: null,
      errors: [{ messageId: 'fatalCloseError', suggestions: [{ messageId: 'addGuard', output: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', ({ code, message }) => {
  console.error(code, message);
  if (code === 'ENOTCONN' || code === 'ECONNRESET' || code === 'EPIPE') return;
  process.exit(1);
});
` }] }],
    },
    // Strict: every benign code, and a parameter named socket counts.
    {
      code: `
export function attach(socket) {
  socket.on('error', (err) => {
    throw err;
  });
}
`,
      options: strictOptions,
      output: `
export function attach(socket) {
  socket.on('error', (err) => {
    ${strictGuard('    ')}
    throw err;
  });
}
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: strictListed } }],
    },
    // Strict: a driver re-emits the ECONNRESET its own end() provoked; apps without a listener crash.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      this.emit('error', err);
    });
  }
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
}
`,
      options: [{ reemitIsFatal: true }],
      output: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port);
    this.socket.on('error', (err) => {
      ${GUARD}
      this.emit('error', err);
    });
  }
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
}
`,
      errors: [{ messageId: 'fatalReemit', data: { source: "'error' listener", sink: "this.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // The same program when it serves: exiting on one connection's reset ends the service.
    {
      code: `#!/usr/bin/env node
import net from 'node:net';
const echo = net.createServer((peer) => {
  peer.on('error', (err) => {
    console.error(err.message);
    process.exit(2);
  });
  peer.pipe(peer);
});
echo.listen(Number(process.argv[2]));
`,
      output: `#!/usr/bin/env node
import net from 'node:net';
const echo = net.createServer((peer) => {
  peer.on('error', (err) => {
    console.error(err.message);
    ${GUARD}
    process.exit(2);
  });
  peer.pipe(peer);
});
echo.listen(Number(process.argv[2]));
`,
      errors: [{ messageId: 'fatalCloseError', line: 6, data: { source: "'error' listener", sink: 'process.exit()', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // One end() with no flag raised before it: its ECONNRESET can reach the re-emit.
    {
      code: flaggedTunnel(false),
      options: strictOptions,
      output: flaggedTunnel(false, `${strictGuard('        ')}\n        `),
      errors: [{ messageId: 'fatalReemit', line: 13 }],
    },
    // A once() listener is gone after the first error, so a second re-emit is unheard; and a
    // helper one of whose callers gives the response no listener can re-emit into nobody.
    {
      code: onceProxy(),
      options: strictOptions,
      output: onceProxy(`${strictGuard('      ')}\n      `),
      errors: [{ messageId: 'fatalReemit', line: 9 }],
    },
    {
      code: statusRelay(true),
      options: strictOptions,
      output: statusRelay(true, `${strictGuard('    ')}\n    `),
      errors: [{ messageId: 'fatalReemit', line: 10 }],
    },
    // One handler registered on a request and on the socket it upgrades to is reported once; the
    // module ends that socket, so re-emitting its errors is fatal under reemitIsFatal.
    {
      code: `
import http from 'node:http';
export function forward(target, socket, server) {
  const upstream = http.request(target);
  upstream.on('error', onError);
  upstream.on('upgrade', (res, upstreamSocket) => {
    upstreamSocket.on('error', onError);
    socket.on('error', () => upstreamSocket.end());
  });
  upstream.end();
  function onError(err) {
    server.emit('error', err);
  }
}
`,
      options: [{ reemitIsFatal: true }],
      output: null,
      errors: [{ messageId: 'fatalReemit', line: 12, suggestions: [{ messageId: 'addGuard', output: `
import http from 'node:http';
export function forward(target, socket, server) {
  const upstream = http.request(target);
  upstream.on('error', onError);
  upstream.on('upgrade', (res, upstreamSocket) => {
    upstreamSocket.on('error', onError);
    socket.on('error', () => upstreamSocket.end());
  });
  upstream.end();
  function onError(err) {
    ${GUARD}
    server.emit('error', err);
  }
}
` }] }],
    },
    // The guard is not needed for codes already excluded; only the rest are added.
    {
      code: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', function onError(err) {
  if (err.code === 'EPIPE') return;
  throw err;
});
`,
      output: `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', function onError(err) {
  if (err.code === 'EPIPE') return;
  if (typeof err === 'object' && err !== null && 'code' in err && (err.code === 'ENOTCONN' || err.code === 'ECONNRESET')) return;
  throw err;
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'ENOTCONN and ECONNRESET' } }],
    },
    // Inside ignoreBenignClose(fn) only the configured codes that are not benign on close still reach the sink.
    {
      code: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
const socket = net.connect(5432);
socket.on('error', ignoreBenignClose((err: Error) => {
  throw err;
}));
`,
      output: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
const socket = net.connect(5432);
socket.on('error', ignoreBenignClose((err: Error) => {
  if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ECONNREFUSED') return;
  throw err;
}));
`,
      options: [{ codes: ['ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNREFUSED'] }],
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'ECONNREFUSED' } }],
    },
    // The same through a reference: suggested, not fixed (other code may call onError).
    {
      code: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
function onError(err) {
  console.error(err);
  process.exit(1);
}
const socket = net.connect(5432);
socket.on('error', ignoreBenignClose(onError));
`,
      output: null,
      options: [{ codes: ['ECONNRESET', 'ECONNREFUSED'] }],
      errors: [
        {
          messageId: 'fatalCloseError',
          data: { source: "'error' listener", sink: 'process.exit()', codes: 'ECONNREFUSED' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
function onError(err) {
  console.error(err);
  if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ECONNREFUSED') return;
  process.exit(1);
}
const socket = net.connect(5432);
socket.on('error', ignoreBenignClose(onError));
`,
            },
          ],
        },
      ],
    },
    // One handler, wrapped on one socket and registered bare on another: the bare one gets every code.
    {
      code: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
function onError(err) {
  throw err;
}
const primary = net.connect(5432);
const replica = net.connect(5433);
primary.on('error', ignoreBenignClose(onError));
replica.on('error', onError);
`,
      output: null,
      errors: [
        {
          messageId: 'fatalCloseError',
          data: { source: "'error' listener", sink: 'throw', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
function onError(err) {
  ${GUARD}
  throw err;
}
const primary = net.connect(5432);
const replica = net.connect(5433);
primary.on('error', ignoreBenignClose(onError));
replica.on('error', onError);
`,
            },
          ],
        },
      ],
    },
    // A local ignoreBenignClose is not ours: a handler held in its result is not followed, and the
    // bare registration of the same function is reported as before.
    {
      code: `
import net from 'node:net';
const ignoreBenignClose = (handler) => (err) => handler(err);
function onError(err) {
  throw err;
}
const socket = net.connect(5432);
socket.on('error', ignoreBenignClose(onError));
socket.once('error', onError);
`,
      output: null,
      errors: [
        {
          messageId: 'fatalCloseError',
          data: { source: "'error' listener", sink: 'throw', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: `
import net from 'node:net';
const ignoreBenignClose = (handler) => (err) => handler(err);
function onError(err) {
  ${GUARD}
  throw err;
}
const socket = net.connect(5432);
socket.on('error', ignoreBenignClose(onError));
socket.once('error', onError);
`,
            },
          ],
        },
      ],
    },
    // Strict: a client that aborts its own request on timeout re-emits the "socket hang up"
    // (ECONNRESET) that abort provokes; apps without a listener on the client crash.
    {
      code: `
import https from 'node:https';
import { EventEmitter } from 'node:events';
export class Probe extends EventEmitter {
  check(url) {
    const req = https.get(url, (res) => this.emit('status', res.statusCode));
    req.on('error', (err) => {
      this.emit('error', err);
    });
    req.setTimeout(2000, () => req.destroy());
  }
}
`,
      options: [{ reemitIsFatal: true }],
      output: `
import https from 'node:https';
import { EventEmitter } from 'node:events';
export class Probe extends EventEmitter {
  check(url) {
    const req = https.get(url, (res) => this.emit('status', res.statusCode));
    req.on('error', (err) => {
      ${GUARD}
      this.emit('error', err);
    });
    req.setTimeout(2000, () => req.destroy());
  }
}
`,
      errors: [{ messageId: 'fatalReemit', data: { source: "'error' listener", sink: "this.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // Recommended: the helper makes the socket itself when none is given, so its parameter is a
    // socket, which reconnects on 'close'.
    {
      code: setUpWithFallback('if (!socket) socket = new Socket();'),
      errors: [
        {
          messageId: 'fatalReemit',
          data: { source: "'error' listener", sink: "this.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: setUpWithFallback('if (!socket) socket = new Socket();').replace("(err) => this.emit('error', err)", `(err) => { ${GUARD} this.emit('error', err); }`),
            },
          ],
        },
      ],
    },
    // Recommended: the 'close' listener reconnects through a method of the class, so a reset is
    // routine, and re-emitting it crashes an app that trusted the client to reconnect.
    {
      code: closingThroughMethod("this.reconnect(); this.emit('close');"),
      errors: [
        {
          messageId: 'fatalReemit',
          data: { source: "'error' listener", sink: 'this.onError()', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: closingThroughMethod("this.reconnect(); this.emit('close');").replace('(err) => this.onError(err)', `(err) => { ${GUARD} this.onError(err); }`),
            },
          ],
        },
      ],
    },
    // Recommended (reemitIsFatal unset): a log shipper that reconnects on 'close' by itself still
    // hands every reset to its stream's users, which crashes an app that trusted it to reconnect.
    {
      code: `
import net from 'node:net';
import { Writable } from 'node:stream';
export function shipTo(port) {
  const out = new Writable({ write(chunk, enc, done) { done(); } });
  let conn;
  function connect() {
    conn = net.createConnection(port);
    conn.on('error', onError);
    conn.on('close', () => setTimeout(connect, 500));
  }
  function onError(err) {
    out.emit('error', err);
  }
  connect();
  return out;
}
`,
      errors: [
        {
          messageId: 'fatalReemit',
          data: { source: "'error' listener", sink: "out.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          suggestions: [
            {
              messageId: 'addGuard',
              output: `
import net from 'node:net';
import { Writable } from 'node:stream';
export function shipTo(port) {
  const out = new Writable({ write(chunk, enc, done) { done(); } });
  let conn;
  function connect() {
    conn = net.createConnection(port);
    conn.on('error', onError);
    conn.on('close', () => setTimeout(connect, 500));
  }
  function onError(err) {
    ${GUARD}
    out.emit('error', err);
  }
  connect();
  return out;
}
`,
            },
          ],
        },
      ],
    },
    // Strict: a client that reconnects when its socket closes meets resets routinely; re-emitting
    // every one of them (only ECONNREFUSED is filtered) crashes apps without a listener.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
function Feed(port) {
  EventEmitter.call(this);
  this.port = port;
  this.connect();
}
Feed.prototype.connect = function () {
  var self = this;
  var sock = net.connect(this.port);
  sock.on('error', function (err) {
    if (err.code !== 'ECONNREFUSED') self.emit('error', err);
  });
  sock.on('close', function () {
    setTimeout(function () { self.connect(); }, 1000);
  });
};
`,
      options: [{ reemitIsFatal: true }],
      output: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
function Feed(port) {
  EventEmitter.call(this);
  this.port = port;
  this.connect();
}
Feed.prototype.connect = function () {
  var self = this;
  var sock = net.connect(this.port);
  sock.on('error', function (err) {
    if (err.code !== 'ECONNREFUSED') { ${GUARD} self.emit('error', err); }
  });
  sock.on('close', function () {
    setTimeout(function () { self.connect(); }, 1000);
  });
};
`,
      errors: [{ messageId: 'fatalReemit', data: { source: "'error' listener", sink: "self.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // Strict: the error is kept in a variable and re-emitted from it; the 'close' listener
    // reconnects through a local function.
    {
      code: `
import net from 'node:net';
import { Writable } from 'node:stream';
export function tcpLog(port) {
  let socket = null;
  let lastError = null;
  const out = new Writable({ write: (chunk, encoding, done) => socket.write(chunk, done) });
  function connect() {
    socket = net.connect(port);
    socket.on('error', (err) => {
      lastError = err;
      out.emit('error', lastError);
    });
    socket.on('close', () => reconnect());
  }
  function reconnect() {
    setTimeout(connect, 500);
  }
  connect();
  return out;
}
`,
      options: [{ reemitIsFatal: true }],
      output: `
import net from 'node:net';
import { Writable } from 'node:stream';
export function tcpLog(port) {
  let socket = null;
  let lastError = null;
  const out = new Writable({ write: (chunk, encoding, done) => socket.write(chunk, done) });
  function connect() {
    socket = net.connect(port);
    socket.on('error', (err) => {
      lastError = err;
      ${GUARD}
      out.emit('error', lastError);
    });
    socket.on('close', () => reconnect());
  }
  function reconnect() {
    setTimeout(connect, 500);
  }
  connect();
  return out;
}
`,
      errors: [{ messageId: 'fatalReemit', data: { source: "'error' listener", sink: "out.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // Strict: a pipeline over a stream this code destroys reports ERR_STREAM_PREMATURE_CLOSE,
    // and its callback re-emits it on the wrapper.
    {
      code: `
import net from 'node:net';
import { pipeline, PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
export class Tail extends EventEmitter {
  start(port) {
    const socket = net.connect(port);
    this.lines = new PassThrough();
    pipeline(socket, this.lines, (err) => {
      if (err) this.emit('error', err);
    });
  }
  stop() {
    this.lines.destroy();
  }
}
`,
      options: [{ reemitIsFatal: true, codes: ['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE'] }],
      output: `
import net from 'node:net';
import { pipeline, PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
export class Tail extends EventEmitter {
  start(port) {
    const socket = net.connect(port);
    this.lines = new PassThrough();
    pipeline(socket, this.lines, (err) => {
      if (err) { if (typeof err === 'object' && err !== null && 'code' in err && (err.code === 'ECONNRESET' || err.code === 'ERR_STREAM_PREMATURE_CLOSE')) return; this.emit('error', err); }
    });
  }
  stop() {
    this.lines.destroy();
  }
}
`,
      errors: [{ messageId: 'fatalReemit', data: { source: '`pipeline()` callback', sink: "this.emit('error', ...)", codes: 'ECONNRESET and 1 more' } }],
    },
    // The request is made in one method (a chained assignment) and aborted from a timer of another,
    // reached through the first method's return value: the abort's "socket hang up" is re-emitted.
    {
      code: `
var http = require('http');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Call(url) { EventEmitter.call(this); this.url = url; }
util.inherits(Call, EventEmitter);
Call.prototype.open = function () {
  if (this.req) return this.req;
  var self = this;
  var req = this.req = http.request(this.url);
  req.on('error', function (err) {
    self.emit('error', err);
  });
  return req;
};
Call.prototype.send = function (ms) {
  var req = this.open();
  setTimeout(function () { req.abort(); }, ms);
  req.end();
};
`,
      options: [{ reemitIsFatal: true }],
      output: `
var http = require('http');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Call(url) { EventEmitter.call(this); this.url = url; }
util.inherits(Call, EventEmitter);
Call.prototype.open = function () {
  if (this.req) return this.req;
  var self = this;
  var req = this.req = http.request(this.url);
  req.on('error', function (err) {
    ${GUARD}
    self.emit('error', err);
  });
  return req;
};
Call.prototype.send = function (ms) {
  var req = this.open();
  setTimeout(function () { req.abort(); }, ms);
  req.end();
};
`,
      errors: [{ messageId: 'fatalReemit', data: { source: "'error' listener", sink: "self.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // The same request made through the module's own table of Node's modules, picked by protocol.
    {
      code: `
var http = require('http');
var https = require('https');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
exports.transports = { 'http:': http, 'https:': https };
function Call(url) { EventEmitter.call(this); this.url = url; }
util.inherits(Call, EventEmitter);
Call.prototype.open = function () {
  var self = this;
  var req = this.req = exports.transports[this.url.protocol].request(this.url);
  req.on('error', function (err) {
    self.emit('error', err);
  });
  return req;
};
Call.prototype.send = function (ms) {
  var req = this.open();
  setTimeout(function () { req.abort(); }, ms);
  req.end();
};
`,
      options: [{ reemitIsFatal: true }],
      output: `
var http = require('http');
var https = require('https');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
exports.transports = { 'http:': http, 'https:': https };
function Call(url) { EventEmitter.call(this); this.url = url; }
util.inherits(Call, EventEmitter);
Call.prototype.open = function () {
  var self = this;
  var req = this.req = exports.transports[this.url.protocol].request(this.url);
  req.on('error', function (err) {
    ${GUARD}
    self.emit('error', err);
  });
  return req;
};
Call.prototype.send = function (ms) {
  var req = this.open();
  setTimeout(function () { req.abort(); }, ms);
  req.end();
};
`,
      errors: [{ messageId: 'fatalReemit', data: { source: "'error' listener", sink: "self.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // The flag is raised only after the abort: the "socket hang up" may come first, and is re-emitted.
    {
      code: `
var http = require('http');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Call(url) { EventEmitter.call(this); this.url = url; }
util.inherits(Call, EventEmitter);
Call.prototype.open = function () {
  var self = this;
  var req = this.req = http.request(this.url);
  req.on('error', function (err) {
    if (self.cancelled) return;
    self.emit('error', err);
  });
  return req;
};
Call.prototype.send = function (ms) {
  var self = this;
  var req = this.open();
  setTimeout(function () {
    req.abort();
    self.cancelled = true;
  }, ms);
  req.end();
};
`,
      options: [{ reemitIsFatal: true }],
      output: `
var http = require('http');
var util = require('util');
var EventEmitter = require('events').EventEmitter;
function Call(url) { EventEmitter.call(this); this.url = url; }
util.inherits(Call, EventEmitter);
Call.prototype.open = function () {
  var self = this;
  var req = this.req = http.request(this.url);
  req.on('error', function (err) {
    if (self.cancelled) return;
    ${GUARD}
    self.emit('error', err);
  });
  return req;
};
Call.prototype.send = function (ms) {
  var self = this;
  var req = this.open();
  setTimeout(function () {
    req.abort();
    self.cancelled = true;
  }, ms);
  req.end();
};
`,
      errors: [{ messageId: 'fatalReemit', data: { source: "'error' listener", sink: "self.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // The same sender, with a listener that re-emits whether or not the module still holds the socket.
    {
      code: `
var net = require('net');
var EventEmitter = require('events').EventEmitter;
function Sender(port) { this.port = port; this.socket = null; this.events = new EventEmitter(); }
Sender.prototype.connect = function () {
  var self = this;
  if (self.socket === null) {
    self.socket = net.connect(self.port);
    self.socket.on('error', function (err) {
      self.events.emit('error', err);
    });
  }
};
Sender.prototype.close = function () {
  if (this.socket) {
    this.socket.end();
    this.socket = null;
  }
};
`,
      options: [{ reemitIsFatal: true }],
      output: `
var net = require('net');
var EventEmitter = require('events').EventEmitter;
function Sender(port) { this.port = port; this.socket = null; this.events = new EventEmitter(); }
Sender.prototype.connect = function () {
  var self = this;
  if (self.socket === null) {
    self.socket = net.connect(self.port);
    self.socket.on('error', function (err) {
      ${GUARD}
      self.events.emit('error', err);
    });
  }
};
Sender.prototype.close = function () {
  if (this.socket) {
    this.socket.end();
    this.socket = null;
  }
};
`,
      errors: [{ messageId: 'fatalReemit', data: { source: "'error' listener", sink: "self.events.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // The socket's error is kept in a field and re-emitted when the socket closes, and the module
    // ends that socket itself (through the field holding it): its reset reaches the wrapper's users.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Line extends EventEmitter {
  open(port) {
    const socket = net.connect(port);
    this.socket = socket;
    socket.on('error', (err) => {
      this.lastError = err;
    });
    socket.on('close', () => this.finish());
  }
  quit() {
    this.socket.end('QUIT\\r\\n');
  }
  finish() {
    const err = this.lastError;
    if (err) {
      this.lastError = null;
      this.emit('error', err);
    }
    this.emit('close');
  }
}
`,
      options: [{ reemitIsFatal: true }],
      errors: [{ messageId: 'fatalReemit', line: 20, data: { source: 'stored error', sink: "this.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
    // Recommended: the stored error of a socket that reconnects on 'close' is re-emitted on every blip.
    {
      code: `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class Feed extends EventEmitter {
  connect(port) {
    const socket = net.connect(port);
    socket.on('error', (err) => { this.lastError = err; });
    socket.on('close', () => {
      if (this.lastError) this.emit('error', this.lastError);
      setTimeout(() => this.connect(port), 1000);
    });
  }
}
`,
      errors: [{ messageId: 'fatalReemit', line: 9, data: { source: 'stored error', sink: "this.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
];

ruleTester.run('no-fatal-close-errors', rule, { valid: [...valid, ...libraryValid], invalid: [...invalid, ...libraryInvalid(false)] });

/**
 * The same cases with type information: the verdicts do not change; where the checker knows the
 * error is an Error (a listener on a socket Node's types describe), the fix uses the shorter guard.
 */
const typedGuard = (text: string) => text.replaceAll("typeof err === 'object' && err !== null && 'code' in err", "'code' in err");
/**
 * An inline `(err) =>` listener on a socket held in a variable (not an undeclared class field, which
 * TypeScript types as any): @types/node types `err` as Error; so does an `(err: Error)` annotation.
 */
const errorIsTyped = (code: string) =>
  /(?:net\.connect|https\.get|net\.createServer)\(/.test(code) &&
  /\.on\('error', (?:async )?(?:\(err\) =>|function \w*\(err\)|ignoreBenignClose\(\(err: Error\) =>)/.test(code) &&
  !code.includes('this.socket');
typedRuleTester.run('no-fatal-close-errors (typed, same cases)', rule, {
  valid: [...valid, ...libraryValid],
  invalid: [...libraryInvalid(true), ...invalid.map((testCase) => {
    if (!errorIsTyped(testCase.code)) return testCase;
    return {
      ...testCase,
      output: typeof testCase.output === 'string' ? typedGuard(testCase.output) : testCase.output,
      errors: testCase.errors.map((error) => ({
        ...error,
        suggestions: error.suggestions?.map((suggestion) => ({ ...suggestion, output: typedGuard(suggestion.output) })),
      })),
    };
  })],
});


typedRuleTester.run('no-fatal-close-errors (typed)', rule, {
  valid: [
    // The code's type allows none of the benign codes.
    `
import net from 'node:net';
interface ListenError extends Error { code: 'EADDRINUSE' | 'EACCES' }
declare const socket: net.Socket;
socket.on('error', (err: ListenError) => {
  throw err;
});
`,
    // ignoreBenignClose() with a typed handler: under strict codes nothing benign reaches the throw.
    {
      code: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
export function watch(link: net.Socket) {
  link.on('error', ignoreBenignClose((err: NodeJS.ErrnoException) => {
    throw err;
  }));
}
`,
      options: strictOptions,
    },
    // A parameter typed as something other than a socket.
    `
import { EventEmitter } from 'node:events';
export function watch(queue: EventEmitter) {
  queue.on('error', (err) => { throw err; });
}
`,
  ],
  invalid: [
    // Typed as Error: the shorter guard type-checks (`'code' in err` narrows it).
    {
      code: `
import net from 'node:net';
export function watch(link: net.Socket) {
  link.on('error', (err) => {
    throw err;
  });
}
`,
      output: `
import net from 'node:net';
export function watch(link: net.Socket) {
  link.on('error', (err) => {
    ${TYPED_GUARD}
    throw err;
  });
}
`,
      errors: [{ messageId: 'fatalCloseError' }],
    },
    // ignoreBenignClose(): only the configured code that is not benign on close is guarded, with the short guard.
    {
      code: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
export function watch(link: net.Socket) {
  link.on('error', ignoreBenignClose((err: NodeJS.ErrnoException) => {
    throw err;
  }));
}
`,
      output: `
import net from 'node:net';
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
export function watch(link: net.Socket) {
  link.on('error', ignoreBenignClose((err: NodeJS.ErrnoException) => {
    if ('code' in err && err.code === 'ECONNREFUSED') return;
    throw err;
  }));
}
`,
      options: [{ codes: [...STRICT_CLOSE_CODES, 'ECONNREFUSED'] }],
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'ECONNREFUSED' } }],
    },
    // A code type that allows only some of them: the guard names those.
    {
      code: `
import net from 'node:net';
interface PipeError extends Error { code: 'EPIPE' | 'EBADF' }
declare const socket: net.Socket;
socket.on('error', (err: PipeError) => {
  throw err;
});
`,
      output: `
import net from 'node:net';
interface PipeError extends Error { code: 'EPIPE' | 'EBADF' }
declare const socket: net.Socket;
socket.on('error', (err: PipeError) => {
  if ('code' in err && err.code === 'EPIPE') return;
  throw err;
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'EPIPE' } }],
    },
    // An unknown catch variable: the long guard type-checks.
    {
      code: `
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
export function serve(server: net.Server) {
  server.on('connection', async (socket) => {
    try {
      await pipeline(socket, socket);
    } catch (err) {
      console.error(err);
      process.exit(1);
    }
  });
}
`,
      output: null,
      errors: [{ messageId: 'fatalCloseError', suggestions: [{ messageId: 'addGuard', output: `
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
export function serve(server: net.Server) {
  server.on('connection', async (socket) => {
    try {
      await pipeline(socket, socket);
    } catch (err) {
      console.error(err);
      ${GUARD}
      process.exit(1);
    }
  });
}
` }] }],
    },
  ],
});

describe('fix outputs', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const typeRoots = [path.resolve(here, '../../node_modules/@types')];

  /** Programs whose fixed output must type-check, each with the parameter types real code gives `err`. */
  const programs: Record<string, string> = {
    'listener (Error)': `
import net from 'node:net';
const clients = new Set<net.Socket>();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('error', (err) => {
    clients.delete(socket);
    throw err;
  });
});
`,
    'listener (NodeJS.ErrnoException)': `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'ECONNRESET') throw err;
});
`,
    'listener (any)': `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err: any) => {
  console.error(err);
  process.exit(1);
});
`,
    'listener (unknown)': `
import net from 'node:net';
const socket = net.connect(80);
socket.on('error', (err: unknown) => {
  throw err;
});
`,
    'write callback (Error | null | undefined)': `
import net from 'node:net';
const socket = net.connect(80);
socket.write('PING', (err) => {
  if (err) throw err;
});
`,
    'end callback, unbraced branch': `
import net from 'node:net';
const socket = net.connect(80);
socket.end(() => undefined);
socket.on('error', (err) => {
  if (err.message) throw err;
});
`,
    'pipeline callback (NodeJS.ErrnoException | null)': `
import net from 'node:net';
import { pipeline } from 'node:stream';
import assert from 'node:assert';
net.createServer((socket) => {
  pipeline(socket, socket, (err) => {
    assert(!err);
  });
});
`,
    'strict codes': `
import net from 'node:net';
export function attach(socket: net.Socket) {
  socket.on('error', (err) => {
    throw err;
  });
}
`,
  };

  const config = (options: unknown[] = []) => ({
    plugins: { 'socket-errors': plugin as never },
    rules: { 'socket-errors/no-fatal-close-errors': ['error', ...options] as never },
  });

  const fixed: Record<string, string> = {};
  for (const [name, code] of Object.entries(programs)) {
    const options = name === 'strict codes' ? strictOptions : [];
    it(`${name}: a second --fix pass changes nothing`, () => {
      const output = assertFixIsStable(code, config(options), 'file.ts');
      expect(output).not.toBe(code);
      fixed[name] = output;
    });
  }

  // With type information the guard is shorter where `err` is known to be an object: fix again, typed.
  const typedLinter = new Linter({ configType: 'flat', cwd: fixturesDir });
  const typedConfig = (options: unknown[] = []): Linter.Config[] => [
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: typedParserOptions,
      },
    },
    config(options),
  ];
  for (const [name, code] of Object.entries(programs)) {
    const options = name === 'strict codes' ? strictOptions : [];
    it(`${name}, typed: a second --fix pass changes nothing`, () => {
      const filename = path.join(fixturesDir, 'file.ts');
      const first = typedLinter.verifyAndFix(code, typedConfig(options), { filename });
      expect(first.fixed).toBe(true);
      expect(first.messages.filter((m) => m.fatal)).toEqual([]);
      const second = typedLinter.verifyAndFix(first.output, typedConfig(options), { filename });
      expect(second.output).toBe(first.output);
      fixed[`${name} (typed)`] = first.output;
    });
  }

  it('the typed fixes use the short guard where err is an Error', () => {
    expect(fixed['listener (Error) (typed)']).toContain("if ('code' in err && (err.code === 'ENOTCONN'");
    expect(fixed['listener (unknown) (typed)']).toContain("typeof err === 'object' && err !== null && 'code' in err");
  });

  it('every fixed output type-checks under strict', () => {
    expect(Object.keys(fixed)).toHaveLength(2 * Object.keys(programs).length);
    const dir = mkdtempSync(path.join(tmpdir(), 'nfce-fix-'));
    try {
      const files = Object.values(fixed).map((output, index) => {
        const file = path.join(dir, `fixed${index}.ts`);
        writeFileSync(file, output);
        return file;
      });
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ['node'],
        typeRoots,
        skipLibCheck: true,
        useUnknownInCatchVariables: true,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the strict default is every code the table marks benign on close', () => {
    const benign = Object.entries(SOCKET_ERRORS)
      .filter(([, info]) => info.benignOnClose)
      .map(([code]) => code);
    expect(STRICT_CLOSE_CODES).toEqual(benign);
    expect(plugin.configs.strict.rules?.['socket-errors/no-fatal-close-errors']).toEqual(['error', expect.objectContaining({ codes: benign })]);
    // The recommended three are in the table, and benign there.
    for (const code of rule.meta.defaultOptions?.[0]?.codes ?? []) expect(SOCKET_ERRORS[code as keyof typeof SOCKET_ERRORS]?.benignOnClose).toBe(true);
  });
});

// A client whose constructor gives the instance a lasting 'error' listener of its own: its
// re-emits always have a listener. One that listens once is heard once, and the next crashes.
const selfHeardClient = (own: string, guard = ''): string => `
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class ChatClient extends EventEmitter {
  private socket?: net.Socket;
  constructor(private port: number) {
    super();
    ${own}
  }
  connect() {
    this.socket = net.connect(this.port);
    this.socket.on('error', (err) => {${guard}
      this.emit('error', err);
    });
    this.socket.on('close', () => setTimeout(() => this.connect(), 1000));
  }
}
`;
/** The fix's guard: with types, `err` is known to be an object. */
const resetGuard = (typed: boolean): string =>
  `\n      if (${typed ? '' : "typeof err === 'object' && err !== null && "}'code' in err && (err.code === 'ENOTCONN' || err.code === 'ECONNRESET' || err.code === 'EPIPE')) return;`;

const selfHeardValid: Cases['valid'] = [
  selfHeardClient("this.on('error', () => {});"),
  // Removals of other events' listeners, and of a listener the caller names (an action's reply
  // handler under its id), cannot take off the inline 'error' listener: no other code holds it.
  selfHeardClient("this.on('error', () => {});\n  }\n  forget(id: string, handler: () => void) {\n    this.removeListener(id, handler);\n    this.removeAllListeners('close');"),
];

const selfHeardInvalid = (typed: boolean): Cases['invalid'] => [
  {
    code: selfHeardClient("this.once('error', () => {});"),
    output: selfHeardClient("this.once('error', () => {});", resetGuard(typed)),
    errors: [{ messageId: 'fatalReemit', line: 13, data: { source: "'error' listener", sink: "this.emit('error', ...)", codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
  },
  {
    // The class takes its own listener off again.
    code: selfHeardClient("this.on('error', () => {});\n  }\n  quiet() {\n    this.removeAllListeners('error');"),
    output: selfHeardClient("this.on('error', () => {});\n  }\n  quiet() {\n    this.removeAllListeners('error');", resetGuard(typed)),
    errors: [{ messageId: 'fatalReemit', line: 16 }],
  },
  {
    // Its own listener is a method, which the class names again to take it off.
    code: selfHeardClient("this.on('error', this.ignore);\n  }\n  ignore() {}\n  quiet() {\n    this.off('error', this.ignore);"),
    output: selfHeardClient("this.on('error', this.ignore);\n  }\n  ignore() {}\n  quiet() {\n    this.off('error', this.ignore);", resetGuard(typed)),
    errors: [{ messageId: 'fatalReemit', line: 17 }],
  },
];

ruleTester.run('no-fatal-close-errors (a class that listens to itself)', rule, { valid: selfHeardValid, invalid: selfHeardInvalid(false) });
typedRuleTester.run('no-fatal-close-errors (a class that listens to itself, typed)', rule, { valid: selfHeardValid, invalid: selfHeardInvalid(true) });

// A throw guarded by the error's message: only the codes an error with that message can have reach
// it. ws's handshake refusal is no socket error; "socket hang up" is Node's message for a reset (measured).
const throttledFeed = (message: string, guard = ''): string => `
const WebSocket = require('ws');
class Feed {
  connect(url) {
    this.socket = new WebSocket(url);
    this.socket.on('error', (err) => {${guard} this.onError(err); });
    this.socket.on('close', () => this.connect(url));
  }
  onError(err) {
    if (err.message === '${message}') throw new Error('The server throttles this client.');
    console.warn(err.message);
  }
}
module.exports = Feed;
`;

ruleTester.run('no-fatal-close-errors (a throw guarded by the message)', rule, {
  valid: [{ code: throttledFeed('unexpected server response (429)'), options: strictOptions }],
  invalid: [
    {
      code: throttledFeed('socket hang up'),
      output: throttledFeed('socket hang up', " if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ECONNRESET') return;"),
      options: strictOptions,
      errors: [{ messageId: 'fatalCloseError', line: 6, data: { source: "'error' listener", sink: 'this.onError()', codes: 'ECONNRESET' } }],
    },
  ],
});

// A start-up lookup the program cannot go on without: `onBadStatus` is what its response callback
// does with a bad answer. Where that ends the process, so does the request's 'error' listener, by
// the same plan; where a bad answer is only reported, exiting on a reset is a crash.
const bootLookup = (onBadStatus: string): string => `
import http from 'node:http';
export function loadAddress(url, use) {
  http.get(url, (res) => {
    if (res.statusCode !== 200) ${onBadStatus};
    res.on('data', (chunk) => use(String(chunk)));
  }).on('error', (err) => {
    console.error('cannot look the address up; exiting', err.message);
    process.exit(1);
  });
}
`;
const bootLookupCases = (typed: boolean) => ({
  valid: [bootLookup("{ console.error('cannot look the address up; exiting'); process.exit(1); }")],
  invalid: [
    {
      code: bootLookup("console.warn('lookup answered', res.statusCode)"),
      // Untyped, the guard cannot know `err` is an object with a code; typed, it can.
      output: bootLookup("console.warn('lookup answered', res.statusCode)").replace(
        '    process.exit(1);',
        `    if (${typed ? '' : "typeof err === 'object' && err !== null && "}'code' in err && (err.code === 'ENOTCONN' || err.code === 'ECONNRESET' || err.code === 'EPIPE')) return;\n    process.exit(1);`,
      ),
      errors: [{ messageId: 'fatalCloseError' as const, line: 9, data: { source: "'error' listener", sink: 'process.exit()', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
    },
  ],
});
ruleTester.run('no-fatal-close-errors (a start-up request that exits on a bad answer too)', rule, bootLookupCases(false));
typedRuleTester.run('no-fatal-close-errors (a start-up request that exits on a bad answer too, typed)', rule, bootLookupCases(true));

// A syslog client that logs over TCP or UDP and re-emits its socket's errors to its users. Closing a
// UDP socket raises nothing, and its measured errors (a failed bind) are no teardown errors, so under
// strict the UDP re-emit hands no close-time error on; the TCP one, which the client ends, does.
const syslogClient = (make: string): string => `
import dgram from 'node:dgram';
import net from 'node:net';
import { EventEmitter } from 'node:events';
export class SyslogClient extends EventEmitter {
  private socket: net.Socket | dgram.Socket | null = null;
  open(): void {
    const socket = ${make};
    socket.on('error', (err) => {
      this.emit('error', err);
    });
    this.socket = socket;
  }
  close(): void {
    (this.socket as net.Socket).end();
  }
}
`;

ruleTester.run('no-fatal-close-errors (a UDP socket known by its name re-emits no teardown error)', rule, {
  valid: [{ code: syslogClient("dgram.createSocket('udp4')"), options: strictOptions }],
  invalid: [
    {
      code: syslogClient('new net.Socket()'),
      options: strictOptions,
      output: syslogClient('new net.Socket()').replace("(err) => {\n", `(err) => {\n      ${strictGuard('      ')}\n`),
      errors: [{ messageId: 'fatalReemit', line: 10 }],
    },
  ],
});

// A BOSH/WebSocket gateway shares one 'error' listener between its HTTP server and its ws server and
// throws when nobody else listens. A ws WebSocketServer errs on a listen failure only (EADDRINUSE,
// measured in test/live/libraries.live.test.ts), like the HTTP server: no close error reaches it.
// A ws client with the same listener throws on a refused connect, a routine error of its own.
const gateway = (target: string): string => `
import http from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
export function start(port) {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  const upstream = new WebSocket('ws://127.0.0.1:9000');
  const failed = (err) => {
    console.error(err);
    throw err;
  };
  server.on('error', failed);
  ${target}.on('error', failed);
  wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));
  upstream.on('close', () => wss.close());
  server.listen(port);
}
`;

ruleTester.run("no-fatal-close-errors (a ws server's own 'error' listener)", rule, {
  valid: [gateway('wss')],
  invalid: [
    {
      code: gateway('upstream'),
      errors: [
        {
          messageId: 'fatalCloseError',
          line: 10,
          data: { source: "'error' listener", sink: 'throw', codes: 'ECONNREFUSED' },
          suggestions: [
            {
              messageId: 'addGuard',
              data: { source: "'error' listener", sink: 'throw', codes: 'ECONNREFUSED' },
              output: gateway('upstream').replace(
                '    throw err;',
                "    if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ECONNREFUSED') return;\n    throw err;",
              ),
            },
          ],
        },
      ],
    },
  ],
});

// A server that finds its Unix socket path taken checks whether something still answers there: a
// probe that connects and then throws, whose 'error' listener hears only a failed connect (a Unix
// socket is never reset; measured in test/live/probe-sockets.live.test.ts). Over TCP, a server that
// resets what it accepts fails the probe's connect with ECONNRESET (measured there too).
const staleSocketCheck = (address: string, onConnect = 'throw inUse;'): string => `
import fs from 'node:fs';
import net from 'node:net';
export function listenOn(server: net.Server, socketPath: string): void {
  server.on('error', (inUse: NodeJS.ErrnoException) => {
    if (inUse.code !== 'EADDRINUSE') throw inUse;
    net.connect(${address}, () => {
      ${onConnect}
    }).on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNREFUSED') throw err;
      fs.unlinkSync(socketPath);
      server.listen(socketPath);
    });
  });
  server.listen(socketPath);
}
`;
const probeReported = (typed: boolean, address: string, onConnect?: string) => ({
  code: staleSocketCheck(address, onConnect),
  // Untyped, the guard cannot know `err` is an object; typed, it knows it is one.
  output: staleSocketCheck(address, onConnect).replace(
    "      if (err.code !== 'ECONNREFUSED') throw err;",
    `      if (err.code !== 'ECONNREFUSED') { if (${typed ? '' : "typeof err === 'object' && err !== null && "}'code' in err && (err.code === 'ENOTCONN' || err.code === 'ECONNRESET' || err.code === 'EPIPE')) return; throw err; }`,
  ),
  errors: [{ messageId: 'fatalCloseError' as const, line: 10, data: { source: "'error' listener", sink: 'throw', codes: 'ENOTCONN, ECONNRESET and EPIPE' } }],
});
const staleSocketCases = (typed: boolean) => ({
  valid: [staleSocketCheck('socketPath'), staleSocketCheck("'/run/app.sock'"), staleSocketCheck('{ path: socketPath }')],
  invalid: [
    // A TCP port: a listener that resets at once fails the connect with ECONNRESET.
    probeReported(typed, '4000'),
    // The callback lets the connection live on.
    probeReported(typed, 'socketPath', "console.log('the path is in use');"),
  ],
});
ruleTester.run('no-fatal-close-errors (a stale Unix socket check)', rule, staleSocketCases(false));
typedRuleTester.run('no-fatal-close-errors (a stale Unix socket check, typed)', rule, staleSocketCases(true));
