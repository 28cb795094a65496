/**
 * Realistic socket code for the robustness and autofix-safety tests: the shapes our rules look at
 * (DESIGN.md §4–§5), both the ones they report and the traps they must stay quiet on. Each snippet
 * is a body without imports, written against `net`, `tls`, `http`, `https`, `EventEmitter`,
 * `pipeline`, `finished` and `assert`; `wrapSnippet` puts it in a module of each style users write.
 */

export interface Snippet {
  name: string;
  code: string;
  /** Uses TypeScript syntax: only wrapped as .ts/.tsx. */
  typescript?: boolean;
}

export const SNIPPETS: readonly Snippet[] = [
  {
    name: 'server with a full connection-lost dispatch',
    code: `
const server = net.createServer((socket) => {
  socket.on('error', (err) => {
    switch (err.code) {
      case 'ECONNRESET':
      case 'EPIPE':
      case 'ENOTCONN':
      case 'ECONNABORTED':
      case 'ERR_STREAM_PREMATURE_CLOSE':
        return;
      default:
        console.error('connection failed', err);
    }
  });
  socket.on('data', (chunk) => socket.write(chunk));
});
server.listen(0, '127.0.0.1');
`,
  },
  {
    name: 'registry without removal and no error listener',
    code: `
const clients = new Set();
net.createServer((socket) => {
  clients.add(socket);
  socket.on('data', (line) => {
    for (const peer of clients) if (peer !== socket) peer.write(line);
  });
}).listen(7000, '127.0.0.1');
`,
  },
  {
    name: 'heartbeat interval never cleared',
    code: `
function keepAlive(socket) {
  const heartbeat = setInterval(() => {
    socket.write('ping\\n');
  }, 15000);
  socket.on('error', () => socket.destroy());
  socket.on('end', () => clearInterval(heartbeat));
  return heartbeat;
}
`,
  },
  {
    name: 'upgrade socket handed over without a listener',
    code: `
const server = http.createServer((req, res) => res.end('ok'));
server.on('upgrade', (req, socket, head) => {
  const upstream = net.connect(9000, '127.0.0.1', () => {
    upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  upstream.on('error', () => socket.destroy());
});
`,
  },
  {
    name: 'http.request without an error listener',
    code: `
function fetchStatus(path, done) {
  const req = http.request({ host: '127.0.0.1', port: 8080, path }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => { body += chunk; });
    res.on('end', () => done(null, body));
  });
  req.end();
}
`,
  },
  {
    name: 'clientError guard from the Node docs',
    code: `
const server = http.createServer();
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    return;
  }
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
`,
  },
  {
    name: 'end() inside an error listener',
    code: `
net.createServer((socket) => {
  socket.on('error', (err) => {
    console.warn('client went away', err.message);
    socket.end();
  });
}).listen(0, '127.0.0.1');
`,
  },
  {
    name: 'write after destroy on the same path',
    code: `
function reject(socket, reason) {
  socket.destroy();
  socket.write('closing: ' + reason);
  if (!socket.destroyed) socket.end();
}
`,
  },
  {
    name: 'if-chain naming one code of a kind, silent else',
    code: `
function onSocketError(err, socket) {
  if (err.code === 'ECONNRESET') {
    socket.destroy();
  } else if (err.code === 'ETIMEDOUT') {
    console.log('timed out');
  } else {
    console.log('ignored', err.code);
  }
}
`,
  },
  {
    name: 'allow-list that forwards the rest',
    code: `
const ROUTINE = ['ECONNRESET', 'EPIPE', 'ENOTCONN'];
function handle(err, callback) {
  if (ROUTINE.includes(err.code)) return;
  callback(err);
}
`,
  },
  {
    name: 'cleanup hung on an end() callback',
    code: `
const sessions = new Map();
function close(id) {
  const socket = sessions.get(id);
  if (!socket) return;
  socket.end(() => {
    sessions.delete(id);
  });
}
`,
  },
  {
    name: 're-emitting socket errors on a wrapper',
    code: `
class Connection extends EventEmitter {
  constructor(port) {
    super();
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('error', (err) => this.emit('error', err));
    this.socket.on('close', () => this.emit('close'));
  }
  send(line) {
    if (this.socket.writable) this.socket.write(line + '\\n');
  }
}
`,
  },
  {
    name: 'fatal sinks in teardown callbacks',
    code: `
function relay(source, destination) {
  pipeline(source, destination, (err) => {
    assert.ifError(err);
  });
  finished(destination, (err) => {
    if (err) process.exit(1);
  });
  destination.on('error', (err) => {
    throw err;
  });
}
`,
  },
  {
    name: 'typos, errno and message matching',
    code: `
function classify(err) {
  if (err.code === 'ECONNRESTE') return 'reset';
  if (err.errno === 'EPIPE') return 'pipe';
  if (err.message.includes('ECONNREFUSED')) return 'refused';
  switch (err.code) {
    case 'ETIMEOUT':
      return 'timeout';
    case 'ENOTFOUND':
      return 'dns';
  }
  return undefined;
}
`,
  },
  {
    name: 'map registry cleaned up in close',
    code: `
const peers = new Map();
let nextId = 0;
net.createServer((socket) => {
  const id = nextId++;
  peers.set(id, socket);
  socket.on('error', () => {});
  socket.on('close', () => peers.delete(id));
}).listen(0, '127.0.0.1');
`,
  },
  {
    name: 'TLS client with a re-arming retry timer',
    code: `
function connectWithRetry(options, attempt = 0) {
  const socket = tls.connect(options);
  let retry;
  socket.on('error', (err) => {
    if (err.code === 'ECONNREFUSED' && attempt < 5) {
      retry = setTimeout(() => connectWithRetry(options, attempt + 1), 100 * 2 ** attempt);
      return;
    }
    console.error(err);
  });
  socket.setTimeout(5000, () => {
    socket.write('still there?');
    retry = setTimeout(() => socket.destroy(), 1000);
  });
  return socket;
}
`,
  },
  {
    name: 'catch around an awaited close',
    code: `
async function shutdown(server, socket) {
  try {
    await new Promise((resolve, reject) => socket.end((err) => (err ? reject(err) : resolve())));
    await new Promise((resolve) => server.close(() => resolve()));
  } catch (err) {
    if (err.code === 'ENOTCONN') return;
    throw err;
  }
}
`,
  },
  {
    name: 'listeners given by reference',
    code: `
function onConnection(socket) {
  socket.setNoDelay(true);
  socket.on('data', (chunk) => socket.write(chunk));
}
class Gateway {
  constructor(server) {
    server.on('connection', onConnection);
    server.on('upgrade', this.handleUpgrade);
  }
  handleUpgrade(req, socket) {
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  }
}
`,
  },
  {
    name: 'traps: ENOENT dispatch, exit on listen failure, retry option data',
    code: `
const retryDefaults = { retryOn: ['ECONNRESET', 'ETIMEDOUT'], attempts: 3 };
function readOptional(fs, file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    switch (err.code) {
      case 'ENOENT':
        return undefined;
      case 'EEXIST':
        return '';
      default:
        throw err;
    }
  }
}
const server = https.createServer({}, (req, res) => res.end());
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') process.exit(1);
});
function isRetryable(err) {
  return retryDefaults.retryOn.includes(err.code);
}
`,
  },
  {
    name: 'promise rejection is the contract',
    code: `
function request(port, body) {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    const chunks = [];
    socket.on('error', reject);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.end(body);
  });
}
`,
  },
  {
    name: 'typed dispatch over a union of kinds',
    typescript: true,
    code: `
type Kind = 'connection-lost' | 'timeout' | 'refused' | 'dns';
function react(kind: Kind, socket: net.Socket): void {
  switch (kind) {
    case 'connection-lost':
      socket.destroy();
      break;
    case 'timeout':
      socket.end();
      break;
  }
}
function onError(err: NodeJS.ErrnoException, socket: net.Socket): void {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      socket.destroy();
      break;
  }
}
`,
  },
  {
    name: 'typed pool with timers and registries',
    typescript: true,
    code: `
class Pool {
  private readonly idle = new Map<string, net.Socket>();
  private readonly timers = new Map<net.Socket, NodeJS.Timeout>();
  park(key: string, socket: net.Socket): void {
    this.idle.set(key, socket);
    this.timers.set(socket, setInterval(() => socket.write(''), 30_000));
    socket.once('close', () => {
      clearInterval(this.timers.get(socket));
      this.idle.delete(key);
    });
  }
  take(key: string): net.Socket | undefined {
    const socket = this.idle.get(key);
    if (socket && !socket.destroyed) return socket;
    return undefined;
  }
}
`,
  },
];

export type WrapperName = 'esm' | 'esm-namespace' | 'commonjs' | 'ts-module' | 'ts-function' | 'tsx-component' | 'jsx-component';

export interface WrappedProgram {
  wrapper: WrapperName;
  /** A file name whose extension picks the parser, JSX and module kind (see `languageOptionsFor`). */
  filename: string;
  code: string;
}

const ESM_IMPORTS = `import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';
import assert from 'node:assert';
import { EventEmitter } from 'node:events';
import { pipeline, finished } from 'node:stream';
`;

const NAMESPACE_IMPORTS = `import * as net from 'net';
import * as tls from 'tls';
import * as http from 'http';
import * as https from 'https';
import * as assert from 'assert';
import { EventEmitter } from 'events';
import { pipeline, finished } from 'stream';
`;

const REQUIRES = `'use strict';
const net = require('node:net');
const tls = require('tls');
const http = require('node:http');
const https = require('https');
const assert = require('node:assert');
const { EventEmitter } = require('node:events');
const { pipeline, finished } = require('stream');
`;

const indent = (code: string) =>
  code
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');

/** The wrappers a snippet can go in: every style for JS snippets, the TS ones for TS snippets. */
export function wrappersFor(typescript: boolean): WrapperName[] {
  return typescript
    ? ['ts-module', 'ts-function', 'tsx-component']
    : ['esm', 'esm-namespace', 'commonjs', 'ts-module', 'ts-function', 'tsx-component', 'jsx-component'];
}

export function wrapSnippet(code: string, wrapper: WrapperName): WrappedProgram {
  switch (wrapper) {
    case 'esm':
      return { wrapper, filename: 'server.js', code: `${ESM_IMPORTS}\n${code}\nexport {};\n` };
    case 'esm-namespace':
      return { wrapper, filename: 'server.mjs', code: `${NAMESPACE_IMPORTS}\n${code}\n` };
    case 'commonjs':
      return { wrapper, filename: 'server.cjs', code: `${REQUIRES}\n${code}\nmodule.exports = {};\n` };
    case 'ts-module':
      return { wrapper, filename: 'server.ts', code: `${ESM_IMPORTS}\n${code}\nexport {};\n` };
    case 'ts-function':
      return {
        wrapper,
        filename: 'install.ts',
        code: `${ESM_IMPORTS}\nexport async function install(): Promise<void> {\n${indent(code)}\n}\n`,
      };
    case 'tsx-component':
      return {
        wrapper,
        filename: 'panel.tsx',
        code: `${ESM_IMPORTS}\nexport function StatusPanel(props: { port: number }) {\n${indent(code)}\n  return <section data-port={props.port}><h1>Server</h1></section>;\n}\n`,
      };
    case 'jsx-component':
      return {
        wrapper,
        filename: 'panel.jsx',
        code: `${ESM_IMPORTS}\nexport function StatusPanel({ port }) {\n${indent(code)}\n  return <section data-port={port}>{port > 0 ? <b>up</b> : null}</section>;\n}\n`,
      };
  }
}

/** Every snippet in every wrapper that fits it. */
export function wrappedSnippets(): (WrappedProgram & { snippet: string })[] {
  return SNIPPETS.flatMap((snippet) =>
    wrappersFor(snippet.typescript ?? false).map((wrapper) => ({ snippet: snippet.name, ...wrapSnippet(snippet.code, wrapper) })),
  );
}
