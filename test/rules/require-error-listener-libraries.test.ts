/**
 * require-error-listener on library objects the application keeps in more places than a `const`:
 * a WebSocket server held in a `let` or on a field, the connections it hands out (to 'connection'
 * listeners and `handleUpgrade` callbacks), and connections put in a Set, an array or an object.
 * A collection attaches no listener, so a connection kept there and read back later is still
 * unguarded: one client's invalid frame ends the process (test/live/library-connections.live.test.ts).
 * Every case runs with and without type information.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-error-listener.js';
import type { SocketOptions } from '../../src/socket.js';
import { ruleTester, typedRuleTester } from '../rule-tester.js';

type Options = [SocketOptions];
type MessageIds = 'missingListener' | 'lateListener' | 'lateHandOff' | 'branchUncovered' | 'addListener';

/** The suggestion's listener for a library object held in `name`. */
const logs = (name: string): string => `${name}.on('error', (err) => console.error(err))`;

/** An HTTP server that upgrades with ws and echoes; `first` is what the upgrade callback does first. */
const upgradedEcho = (first = ''): string => `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
wss.on('error', (err) => console.error(err));
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  wss.handleUpgrade(req, socket, head, (ws) => {
${first}    ws.on('message', (data) => ws.send(data));
  });
});
`;

/** Per-channel rooms of ws connections kept under the channel's name; `first` is what the upgrade callback does first. */
const channelRooms = (first = ''): string => `
import { WebSocketServer } from 'ws';
export function attach(server, channels) {
  const rooms = {};
  const wss = new WebSocketServer({ noServer: true });
  wss.on('error', (err) => console.error(err));
  channels.forEach((name) => {
    rooms[name] = [];
    server.on('upgrade', (req, socket, head) => {
      if (req.url !== '/live/' + name) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
${first}        rooms[name].push(ws);
        ws.on('close', () => rooms[name].splice(rooms[name].indexOf(ws), 1));
      });
    });
  });
}
`;

/**
 * A voice server whose named connection handler declares TypeScript's `this` (the server ws calls
 * it on) before the connection; `first` is what the handler does first.
 */
const voiceHandler = (first = ''): string => `
import { WebSocketServer, type WebSocket } from 'ws';
function onPeer(this: WebSocketServer, peer: WebSocket) {
  ${first}peer.on('message', (frame) => peer.send(frame));
}
const voice = new WebSocketServer({ port: 3478 });
voice.on('error', (err) => console.error(err));
voice.on('connection', onPeer);
`;

/** A ws server keeping its connections by id; `handlers` are the connection's handlers. */
const wsClients = (handlers: string): string => `
import { WebSocketServer } from 'ws';
const clients = new Map();
let next = 0;
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (ws) => {
  const id = next++;
  clients.set(id, ws);
  ${handlers}
});
`;
const CLOSE_AND_ECHO = 'ws.onclose = () => clients.delete(id);\n  ws.onmessage = (event) => ws.send(event.data);';

/**
 * A WebSocket server that keeps each connection in a record of a registry; `keep` stores the
 * record, `more` is the rest of the file.
 */
const roomRecords = (keep: string, more = ''): string => `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
const members = {};
wss.on('connection', (ws) => {
  const id = Math.random().toString(36).slice(2);
  ${keep}
  ws.on('message', (data) => members[id].rooms.push(String(data)));
});${more}
`;

const valid: readonly (string | ValidTestCase<Options>)[] = [
  voiceHandler("peer.on('error', () => peer.terminate());\n  "),
  // A WebSocket server with no server of its own emits no 'error' at all. One given a server the
  // file makes and never listens to only relays that server's listen failure, which ends the
  // process with or without it (a listener on the WebSocket server alone would swallow it).
  `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const upgrades = new WebSocketServer({ noServer: true });
const server = http.createServer();
const relay = new WebSocketServer({ server });
const inline = new WebSocketServer({ server: http.createServer() });
for (const wss of [upgrades, relay, inline]) wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));
server.listen(8080);
`,
  // Every connection gets its listener first thing, then joins the registry.
  `
import { WebSocketServer } from 'ws';
const clients = new Set();
let wss;
if (process.env.PORT) wss = new WebSocketServer({ port: Number(process.env.PORT) });
else wss = new WebSocketServer({ noServer: true });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  ws.on('error', (err) => console.warn('client sent a bad frame', err.code));
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
});
`,
  // A connection's `onerror` handler is an 'error' listener (ws adds it with on(), measured), also
  // when one assignment gives it to `onclose` too.
  `${wsClients('ws.onclose = ws.onerror = () => clients.delete(id);')}wss.on('connection', (ws) => {
  ws.onerror = (event) => console.warn(event.message);
  ws.onmessage = (event) => ws.send(event.data);
});
`,
  // A registry of the project's own (`hub.add`) may attach the listener: a hand-off.
  `
import { WebSocketServer } from 'ws';
import { hub } from './hub.js';
const wss = new WebSocketServer({ noServer: true });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  hub.add(ws);
  ws.on('message', (data) => hub.broadcast(String(data)));
});
`,
  // The upgraded connection goes to the server's own 'connection' listener, which listens.
  `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  ws.on('error', () => ws.terminate());
});
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
`,
  // The field also holds a server the caller passed in: which one listens is not followed.
  `
import { WebSocketServer } from 'ws';
export class Hub {
  constructor(options) {
    this.wss = options.wss ?? new WebSocketServer({ port: options.port });
    if (!options.wss) this.wss.on('error', (err) => console.error(err));
    this.wss.on('connection', (ws) => ws.send('hello'));
  }
  replace(wss) {
    this.wss = wss;
  }
}
`,
  // Decompressing a file: nobody on the network feeds it.
  `
import fs from 'node:fs';
import zlib from 'node:zlib';
export function restore(path, out) {
  fs.createReadStream(path).pipe(zlib.createGunzip()).pipe(out);
}
`,
  // pipeline() handles the errors of every stream it joins.
  `
import http from 'node:http';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream';
export function download(url, out, done) {
  const req = http.get(url, (res) => pipeline(res, zlib.createGunzip(), out, done));
  req.on('error', done);
}
`,
  // Listened on, chained or by name; compressing what the server sends is no feed from the peer.
  `
import http from 'node:http';
import zlib from 'node:zlib';
export function download(url, out, fail) {
  const req = http.get(url, (res) => {
    res.pipe(zlib.createGunzip()).on('error', fail).pipe(out);
  });
  req.on('error', fail);
}
export function proxyBody(client, out, fail) {
  const inflate = zlib.createInflate();
  inflate.on('error', fail);
  client.request('/feed').on('response', (res) => res.pipe(inflate).pipe(out));
}
export const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-encoding': 'gzip' });
  fs.createReadStream('index.html').pipe(zlib.createGzip()).pipe(res);
});
`,
  // The object that holds the connection is handed on with it: its new owner may listen.
  `
import net from 'node:net';
export function dial(port, host) {
  const endpoint = new Endpoint();
  endpoint.socket = net.connect(port, host);
  endpoint.pipe(endpoint.socket).pipe(endpoint);
  return endpoint;
}
`,
  // The file listens on every endpoint's socket field, wherever it is set.
  `
const net = require('net');
function Agent() { this.endpoints = {}; }
Agent.prototype.open = function (key, port) {
  var endpoint = new Endpoint();
  endpoint.socket = net.connect(port);
  this.endpoints[key] = endpoint;
  watch(endpoint);
};
function watch(endpoint) {
  endpoint.socket.on('error', (err) => endpoint.emit('error', err));
}
`,
  // A record handed to a module of the project, which may listen; or one whose socket the file
  // listens to where it reads the record back.
  roomRecords('hub.track({ ws, rooms: [] });').replace("const members = {};", "import { hub } from './hub.js';\nconst members = {};"),
  roomRecords('members[id] = { ws, rooms: [] };\n  heed(id);', "\nfunction heed(id) {\n  members[id].ws.on('error', () => delete members[id]);\n}"),
];

const invalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // `onclose` and `onmessage` handlers, and no `onerror`: a client's invalid frame crashes the process.
    code: wsClients(CLOSE_AND_ECHO),
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket', name: 'ws' }, line: 6, suggestions: [
      {
        messageId: 'addListener',
        data: { listener: logs('ws'), noun: 'WebSocket', obtained: 'received' },
        output: wsClients(CLOSE_AND_ECHO).replace('(ws) => {\n', `(ws) => {\n  ${logs('ws')};\n`),
      },
    ] }],
  },
  {
    // The connection is the handler's first runtime parameter: \`this\` is the server, not a socket.
    code: voiceHandler(),
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket', name: 'peer' }, line: 3, column: 40, suggestions: [
      {
        messageId: 'addListener',
        data: { listener: logs('peer'), noun: 'WebSocket', obtained: 'received' },
        output: voiceHandler(`${logs('peer')};\n  `),
      },
    ] }],
  },
  {
    // The application listens on its HTTP server, and the WebSocket server re-emits that server's
    // errors where nobody listens: a port already taken crashes the process all the same.
    code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
server.on('error', (err) => console.error('cannot listen', err.code));
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));
server.listen(8080);
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket server', name: 'wss' }, line: 6, suggestions: [
      {
        messageId: 'addListener',
        data: { listener: logs('wss'), noun: 'WebSocket server', obtained: 'created' },
        output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
server.on('error', (err) => console.error('cannot listen', err.code));
const wss = new WebSocketServer({ server });
${logs('wss')};
wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));
server.listen(8080);
`,
      },
    ] }],
  },
  {
    // A server handed in by the caller may have the caller's listener, which the relay defeats.
    code: `
import { WebSocketServer } from 'ws';
export function attach(server, onClient) {
  const wss = new WebSocketServer({ server });
  wss.on('connection', onClient);
}
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket server', name: 'wss' }, line: 4, suggestions: [
      {
        messageId: 'addListener',
        data: { listener: logs('wss'), noun: 'WebSocket server', obtained: 'created' },
        output: `
import { WebSocketServer } from 'ws';
export function attach(server, onClient) {
  const wss = new WebSocketServer({ server });
  ${logs('wss')};
  wss.on('connection', onClient);
}
`,
      },
    ] }],
  },
  {
    // A ws server kept on a field of a pre-ES2015 class (a chained \`exports = … = function\`):
    // a connection over the limit is closed without a listener, and its close handshake can fail.
    code: `
const Ws = require('ws');
const Peer = require('./peer');
const internals = {};
exports = module.exports = internals.Hub = function (server, limit) {
  this._limit = limit;
  this._peers = new Set();
  this._wss = new Ws.Server({ server });
  this._wss.on('connection', (ws, req) => {
    if (this._peers.size >= this._limit) {
      return ws.close();
    }
    this._join(ws, req);
  });
  this._wss.on('error', () => {});
};
internals.Hub.prototype._join = function (ws, req) {
  ws.on('error', () => {});
  this._peers.add(new Peer(ws, req));
};
`,
    errors: [
      {
        messageId: 'branchUncovered',
        line: 11,
        suggestions: [{ messageId: 'addListener', data: { listener: logs('ws'), noun: 'WebSocket', obtained: 'received' }, output: `
const Ws = require('ws');
const Peer = require('./peer');
const internals = {};
exports = module.exports = internals.Hub = function (server, limit) {
  this._limit = limit;
  this._peers = new Set();
  this._wss = new Ws.Server({ server });
  this._wss.on('connection', (ws, req) => {
    ws.on('error', (err) => console.error(err));
    if (this._peers.size >= this._limit) {
      return ws.close();
    }
    this._join(ws, req);
  });
  this._wss.on('error', () => {});
};
internals.Hub.prototype._join = function (ws, req) {
  ws.on('error', () => {});
  this._peers.add(new Peer(ws, req));
};
` }],
      },
    ],
  },
  {
    // The server is made on one of two branches; its connections join a Set and are never guarded.
    code: `
import { WebSocketServer } from 'ws';
const clients = new Set();
let wss;
if (process.env.PORT) wss = new WebSocketServer({ port: Number(process.env.PORT) });
else wss = new WebSocketServer({ noServer: true });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  clients.add(ws);
  ws.on('message', (data) => console.log(String(data)));
  ws.on('close', () => clients.delete(ws));
});
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket', name: 'ws' },
        line: 8,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('ws'), noun: 'WebSocket', obtained: 'received' },
            output: `
import { WebSocketServer } from 'ws';
const clients = new Set();
let wss;
if (process.env.PORT) wss = new WebSocketServer({ port: Number(process.env.PORT) });
else wss = new WebSocketServer({ noServer: true });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  ${logs('ws')};
  clients.add(ws);
  ws.on('message', (data) => console.log(String(data)));
  ws.on('close', () => clients.delete(ws));
});
`,
          },
        ],
      },
    ],
  },
  {
    // A dev server's live-reload socket server kept on a field; clients are pinged but never guarded.
    code: `
const WebSocket = require('ws');
module.exports = class LiveReload {
  constructor(options) {
    this.clients = [];
    this.wss = new WebSocket.Server(options);
    this.wss.on('error', (err) => console.error(err.message));
    this.wss.on('connection', (client) => {
      this.clients.push(client);
      client.on('pong', () => { client.isAlive = true; });
      client.on('close', () => this.clients.splice(this.clients.indexOf(client), 1));
    });
  }
  close() {
    this.wss.close();
    this.wss = null;
  }
};
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket', name: 'client' }, line: 8, suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('client'), noun: 'WebSocket', obtained: 'received' },
            output: `
const WebSocket = require('ws');
module.exports = class LiveReload {
  constructor(options) {
    this.clients = [];
    this.wss = new WebSocket.Server(options);
    this.wss.on('error', (err) => console.error(err.message));
    this.wss.on('connection', (client) => {
      ${logs('client')};
      this.clients.push(client);
      client.on('pong', () => { client.isAlive = true; });
      client.on('close', () => this.clients.splice(this.clients.indexOf(client), 1));
    });
  }
  close() {
    this.wss.close();
    this.wss = null;
  }
};
`,
          },
        ],
       }],
  },
  {
    // Pre-ES2015: the server on `node.server` with `node = this`, connections in an object by id.
    // The server itself, given the caller's HTTP server and kept on the instance, is listened to
    // for 'connection' only: it re-emits that HTTP server's errors where nobody listens.
    code: `
var ws = require('ws');
function ListenerNode(options) {
  var node = this;
  node.clients = {};
  node.server = new ws.Server({ server: options.server, path: options.path });
  node.server.on('connection', function (socket) {
    var id = Math.random().toString(16);
    node.clients[id] = socket;
    socket.on('close', function () { delete node.clients[id]; });
    socket.on('message', function (data) { node.receive(id, data); });
  });
}
module.exports = ListenerNode;
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket server', name: 'node.server' },
        line: 6,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
var ws = require('ws');
function ListenerNode(options) {
  var node = this;
  node.clients = {};
  node.server = new ws.Server({ server: options.server, path: options.path }).on('error', (err) => console.error(err));
  node.server.on('connection', function (socket) {
    var id = Math.random().toString(16);
    node.clients[id] = socket;
    socket.on('close', function () { delete node.clients[id]; });
    socket.on('message', function (data) { node.receive(id, data); });
  });
}
module.exports = ListenerNode;
`,
          },
        ],
      },
      { messageId: 'missingListener', data: { noun: 'WebSocket', name: 'socket' }, line: 7, suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('socket'), noun: 'WebSocket', obtained: 'received' },
            output: `
var ws = require('ws');
function ListenerNode(options) {
  var node = this;
  node.clients = {};
  node.server = new ws.Server({ server: options.server, path: options.path });
  node.server.on('connection', function (socket) {
    ${logs('socket')};
    var id = Math.random().toString(16);
    node.clients[id] = socket;
    socket.on('close', function () { delete node.clients[id]; });
    socket.on('message', function (data) { node.receive(id, data); });
  });
}
module.exports = ListenerNode;
`,
          },
        ],
       }],
  },
  {
    // The callback of handleUpgrade receives the same connection a 'connection' listener would.
    code: upgradedEcho(),
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket', name: 'ws' }, line: 9, suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('ws'), noun: 'WebSocket', obtained: 'received' },
            output: upgradedEcho(`    ${logs('ws')};\n`),
          },
        ],
       }],
  },
  {
    // Handed to another module only once a message comes: until then nothing listens.
    code: `
import { WebSocketServer } from 'ws';
import { rooms } from './rooms.js';
const wss = new WebSocketServer({ port: 4444 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (conn) => {
  conn.on('message', (data) => {
    rooms.join(String(data), conn);
  });
});
`,
    errors: [{ messageId: 'lateHandOff', data: { name: 'conn', when: 'in a later callback' }, line: 6, suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('conn'), noun: 'WebSocket', obtained: 'received' },
            output: `
import { WebSocketServer } from 'ws';
import { rooms } from './rooms.js';
const wss = new WebSocketServer({ port: 4444 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (conn) => {
  ${logs('conn')};
  conn.on('message', (data) => {
    rooms.join(String(data), conn);
  });
});
`,
          },
        ],
       }],
  },
  {
    // Pushed on an array kept under a computed key (one per channel): the array listens to nothing.
    code: channelRooms(),
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket', name: 'ws' }, line: 11, suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('ws'), noun: 'WebSocket', obtained: 'received' },
            output: channelRooms(`        ${logs('ws')};\n`),
          },
        ],
       }],
  },
  {
    // The connection announced on itself, not on the server: only its own listeners hear that, and
    // the file adds none for 'error'.
    code: upgradedEcho("    ws.emit('connection', ws, req);\n"),
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket', name: 'ws' }, line: 9, suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('ws'), noun: 'WebSocket', obtained: 'received' },
            output: upgradedEcho(`    ${logs('ws')};\n    ws.emit('connection', ws, req);\n`),
          },
        ],
       }],
  },
  {
    // A compressed response piped through gunzip: a body the server cuts short crashes the process.
    code: `
import http from 'node:http';
import zlib from 'node:zlib';
export function download(url, out, fail) {
  const req = http.get(url, (res) => {
    res.pipe(zlib.createGunzip()).pipe(out);
  });
  req.on('error', fail);
}
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'decompression stream', name: 'zlib.createGunzip()' },
        line: 6,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: ".on('error', (err) => console.error(err))", noun: 'decompression stream', obtained: 'created' },
            output: `
import http from 'node:http';
import zlib from 'node:zlib';
export function download(url, out, fail) {
  const req = http.get(url, (res) => {
    res.pipe(zlib.createGunzip().on('error', (err) => console.error(err))).pipe(out);
  });
  req.on('error', fail);
}
`,
          },
        ],
      },
    ],
  },
  {
    // Made ahead, fed from a 'response' listener of a client this file does not know.
    code: `
const zlib = require('zlib');
function fetchFeed(client, out) {
  const inflate = zlib.createInflate();
  const req = client.request('/feed');
  req.on('response', (res) => res.pipe(inflate).pipe(out));
  req.end();
}
module.exports = fetchFeed;
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'decompression stream', name: 'inflate' },
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('inflate'), noun: 'decompression stream', obtained: 'created' },
            output: `
const zlib = require('zlib');
function fetchFeed(client, out) {
  const inflate = zlib.createInflate();
  ${logs('inflate')};
  const req = client.request('/feed');
  req.on('response', (res) => res.pipe(inflate).pipe(out));
  req.end();
}
module.exports = fetchFeed;
`,
          },
        ],
      },
    ],
  },
  {
    // A server that inflates request bodies: any client can send a corrupt one.
    code: `
import http from 'node:http';
import { createInflate } from 'node:zlib';
http.createServer((req, res) => {
  req.pipe(createInflate()).pipe(res);
}).listen(8080);
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'decompression stream', name: 'createInflate()' },
        line: 5,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: ".on('error', (err) => console.error(err))", noun: 'decompression stream', obtained: 'created' },
            output: `
import http from 'node:http';
import { createInflate } from 'node:zlib';
http.createServer((req, res) => {
  req.pipe(createInflate().on('error', (err) => console.error(err))).pipe(res);
}).listen(8080);
`,
          },
        ],
      },
    ],
  },
  {
    // The connection is stored on a field of a local object, piped to and from it, and the object
    // is only kept in the agent's registry: nothing ever listens for the socket's 'error'.
    code: `
const net = require('net');
function Agent() { this.endpoints = {}; }
Agent.prototype.open = function (key, options) {
  var endpoint = new Endpoint(options);
  endpoint.socket = net.connect({ host: options.host, port: options.port });
  this.endpoints[key] = endpoint;
  endpoint.pipe(endpoint.socket).pipe(endpoint);
  return endpoint.createStream();
};
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'socket', name: 'endpoint.socket' },
        line: 6,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: ".on('error', (err) => console.error(err))", noun: 'socket', obtained: 'created' },
            output: `
const net = require('net');
function Agent() { this.endpoints = {}; }
Agent.prototype.open = function (key, options) {
  var endpoint = new Endpoint(options);
  endpoint.socket = net.connect({ host: options.host, port: options.port }).on('error', (err) => console.error(err));
  this.endpoints[key] = endpoint;
  endpoint.pipe(endpoint.socket).pipe(endpoint);
  return endpoint.createStream();
};
`,
          },
        ],
      },
    ],
  },
  // Kept in a record of a registry, in place or pushed: neither attaches a listener, and one
  // client's invalid frame crashes the server (measured: test/live/libraries.live.test.ts).
  ...['members[id] = { ws, rooms: [] };', 'list.push({ id, ws, rooms: [] });'].map((keep) => ({
    code: roomRecords(keep, keep.startsWith('list') ? '\nconst list = [];' : ''),
    errors: [
      {
        messageId: 'missingListener' as const,
        line: 6,
        data: { noun: 'WebSocket', name: 'ws' },
        suggestions: [{ messageId: 'addListener' as const, output: roomRecords(keep, keep.startsWith('list') ? '\nconst list = [];' : '').replace("  const id = Math", "  ws.on('error', (err) => console.error(err));\n  const id = Math") }],
      },
    ],
  })),
];

ruleTester.run('require-error-listener (library objects kept in fields and collections)', rule, { valid, invalid });
typedRuleTester.run('require-error-listener (library objects kept in fields and collections, typed)', rule, { valid, invalid });

// http-proxy's `proxy.ws(req, socket, head)` gives the socket a listener only once the target
// answers the upgrade (measured: test/live/require-error-listener.live.test.ts): no hand-off.
const wsProxy = (first = ''): string => `
import http from 'node:http';
import httpProxy from 'http-proxy';
const proxy = httpProxy.createProxyServer({ target: 'http://127.0.0.1:9000', ws: true });
proxy.on('error', (err) => console.error('proxy:', err.message));
const server = http.createServer((req, res) => proxy.web(req, res));
server.on('upgrade', (req, socket, head) => {
  ${first}proxy.ws(req, socket, head);
});
server.listen(8080);
`;

const proxyValid: readonly string[] = [
  wsProxy("socket.on('error', () => socket.destroy());\n  "),
  // http-proxy emits 'proxyReqWs' from within ws(), before any I/O: a listener added there is in time.
  wsProxy().replace(
    "proxy.on('error', (err) => console.error('proxy:', err.message));",
    "proxy.on('error', (err) => console.error('proxy:', err.message));\nproxy.on('proxyReqWs', (proxyReq, req, socket) => socket.on('error', (err) => console.warn('client:', err.message)));",
  ),
  // Another package's proxy (the fork http-proxy-3 listens first thing): a hand-off.
  wsProxy().replace("from 'http-proxy'", "from 'http-proxy-3'"),
  // A proxy kept on the instance, the socket listened to first.
  `
import { createProxyServer } from 'http-proxy';
export class Gateway {
  constructor(target) { this.proxy = createProxyServer({ target }); }
  upgrade(req, socket, head) {
    socket.on('error', () => socket.destroy());
    this.proxy.ws(req, socket, head);
  }
  attach(server) { server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head)); }
}
`,
];

const proxyInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: wsProxy(),
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'socket', name: 'socket' },
        line: 7,
        suggestions: [{ messageId: 'addListener', output: wsProxy("socket.on('error', () => socket.destroy());\n  ") }],
      },
    ],
  },
];

// The proxy picked from a table of them, keyed by the path it serves.
const routedProxy = `
import httpProxy from 'http-proxy';
export function proxyUpgrades(httpServer, routes) {
  const proxies = {};
  for (const [prefix, target] of Object.entries(routes)) proxies[prefix] = [httpProxy.createProxyServer({ target }), target];
  httpServer.on('upgrade', (req, socket, head) => {
    for (const prefix in proxies) {
      if (!req.url.startsWith(prefix)) continue;
      const [proxy] = proxies[prefix];
      proxy.ws(req, socket, head);
      return;
    }
  });
}
`;

ruleTester.run('require-error-listener (http-proxy ws(), picked from a table)', rule, {
  valid: [],
  invalid: [
    {
      code: routedProxy,
      errors: [
        {
          messageId: 'missingListener',
          data: { noun: 'socket', name: 'socket' },
          line: 6,
          suggestions: [{ messageId: 'addListener', output: routedProxy.replace('(req, socket, head) => {\n', "(req, socket, head) => {\n    socket.on('error', () => socket.destroy());\n") }],
        },
      ],
    },
  ],
});
ruleTester.run('require-error-listener (http-proxy ws())', rule, { valid: proxyValid, invalid: proxyInvalid });
typedRuleTester.run('require-error-listener (http-proxy ws(), typed)', rule, { valid: proxyValid, invalid: proxyInvalid });

// What a listener returns is dropped by the emitter: `return socket.on('close', …)` (compiled
// CoffeeScript returns its last expression) hands the connection to nobody.
const coffeeServer = (greet: string, call = 'return this.greet(socket, request);'): string => `
var ws = require('ws');
var Stream = function (port) {
  this.server = new ws.Server({ port: port });
  this.server.on('error', (err) => console.error(err));
  this.server.on('connection', (socket, request) => {
    ${call}
  });
};
Stream.prototype.greet = function (socket, request) {
  socket.send('hello ' + request.url);
${greet}
};
module.exports = Stream;
`;
const returnsRegistration = "  return socket.on('close', () => console.log('gone'));";

/** A 'connection' listener given as a `function` that returns its last call; `first` goes first in its body. */
const inlineReturn = (first: string): string => `
var ws = require('ws');
var wss = new ws.Server({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', function (socket) {
${first}  socket.send('hello');
  return socket.on('close', () => console.log('gone'));
});
`;

const droppedReturnValid: readonly string[] = [
  // The caller keeps what the method returns, and listens to it.
  coffeeServer(returnsRegistration, "const kept = this.greet(socket, request);\n    kept.on('error', () => kept.terminate());"),
  coffeeServer(`${returnsRegistration.replace("'close'", "'error'")}`),
];

const droppedReturnInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: coffeeServer(returnsRegistration),
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket', name: 'socket' },
        line: 6,
        suggestions: [{ messageId: 'addListener', output: coffeeServer(returnsRegistration).replace('(socket, request) => {\n', `(socket, request) => {\n    ${logs('socket')};\n`) }],
      },
    ],
  },
  {
    code: inlineReturn(''),
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket', name: 'socket' },
        line: 5,
        suggestions: [{ messageId: 'addListener', output: inlineReturn(`  ${logs('socket')};\n`) }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (what a listener returns is dropped)', rule, { valid: droppedReturnValid, invalid: droppedReturnInvalid });

// pg's Client emits nothing before connect(), and until connect() settles every error goes to its
// callback or rejects its promise (measured): a listener, or a hand-off, there is in time.
const reportStore = (connecting: string): string => `
import pg from 'pg';
export async function openStore(url, done) {
  const client = new pg.Client({ connectionString: url });
  ${connecting}
}
`;
const LISTEN = "client.on('error', (err) => console.error(err))";

const settledConnectValid: readonly string[] = [
  reportStore(`await client.connect();\n  ${LISTEN};\n  return client;`),
  reportStore(`client.connect((err) => {\n    if (err) return done(err);\n    done(null, client);\n  });`),
  reportStore(`client.connect((err) => {\n    if (!err) ${LISTEN};\n  });`),
  reportStore(`client.connect().then(() => ${LISTEN}, done);`),
];

const settledConnectInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // Connected, then waiting on a query with no listener: a reset then emits 'error'.
    code: reportStore(`await client.connect();\n  await client.query('SELECT 1');\n  ${LISTEN};\n  return client;`),
    errors: [
      {
        messageId: 'lateListener',
        line: 4,
        data: { name: 'client', when: 'after an `await`' },
        suggestions: [{ messageId: 'addListener', output: reportStore(`${LISTEN};\n  await client.connect();\n  await client.query('SELECT 1');\n  ${LISTEN};\n  return client;`) }],
      },
    ],
  },
  {
    // A timer is no part of connect(): once connected, a reset before it fires has no listener.
    code: reportStore(`client.connect();\n  setTimeout(() => ${LISTEN}, 1000);`),
    errors: [
      {
        messageId: 'lateListener',
        line: 4,
        data: { name: 'client', when: 'in a later callback' },
        suggestions: [{ messageId: 'addListener', output: reportStore(`${LISTEN};\n  client.connect();\n  setTimeout(() => ${LISTEN}, 1000);`) }],
      },
    ],
  },
];

ruleTester.run("require-error-listener (pg's connect() takes its errors until it settles)", rule, { valid: settledConnectValid, invalid: settledConnectInvalid });
typedRuleTester.run("require-error-listener (pg's connect() takes its errors until it settles, typed)", rule, { valid: settledConnectValid, invalid: settledConnectInvalid });

// A UDP socket opens nothing, and emits nothing, until it binds, sends or connects (measured): a
// listener added later, before the first of those, is in time.
const udpRelay = (early: string, late: string): string => `
import dgram from 'node:dgram';
import net from 'node:net';
export function start(port: number) {
  const relay = dgram.createSocket('udp4');
${early}  const server = net.createServer((socket) => socket.on('error', () => socket.destroy()));
  server.on('error', (err) => console.error(err));
  server.on('listening', () => {
    relay.on('error', (err) => console.error(err));
    relay.on('message', (msg, from) => relay.send(msg, from.port, from.address));
${late}  });
  server.listen(port);
}
`;

const udpLateValid: readonly string[] = [udpRelay('', '    relay.bind(port);\n')];

const udpLateInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // Bound at once: a port in use fails before the server listens.
    code: udpRelay('  relay.bind(port);\n', ''),
    errors: [
      {
        messageId: 'lateListener',
        line: 5,
        data: { name: 'relay', when: 'in a later callback' },
        suggestions: [{ messageId: 'addListener', output: udpRelay("  relay.on('error', (err) => console.error(err));\n  relay.bind(port);\n", '') }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a UDP socket before its first bind or send)', rule, { valid: udpLateValid, invalid: udpLateInvalid });
typedRuleTester.run('require-error-listener (a UDP socket before its first bind or send, typed)', rule, { valid: udpLateValid, invalid: udpLateInvalid });

// What a Map or WeakMap of the file gives back for the socket (`rooms.get(ws)`) is the value stored
// under it: the lookup hands the socket to nobody, so the branch that only closes it keeps it unheard.
const roomServer = (registry: string, first = ''): string => `
import { WebSocketServer, type WebSocket } from 'ws';
${registry}
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws: WebSocket) => {
${first}  const room = rooms.get(ws);
  if (!room) {
    ws.close(1011, 'no room');
    return;
  }
  ws.on('error', () => ws.terminate());
  ws.on('message', (m) => ws.send(m));
});
`;

const lookupValid: readonly string[] = [
  // A registry of the project's own may listen when it is asked.
  roomServer("import { rooms } from './rooms.js';"),
  roomServer('const rooms = new WeakMap<WebSocket, string>();', "  ws.on('error', () => ws.terminate());\n"),
];

const lookupInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: roomServer('const rooms = new WeakMap<WebSocket, string>();'),
    errors: [
      {
        messageId: 'branchUncovered',
        line: 9,
        data: { name: 'ws' },
        suggestions: [{ messageId: 'addListener', output: roomServer('const rooms = new WeakMap<WebSocket, string>();', `  ${logs('ws')};\n`) }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a lookup in a Map of the file)', rule, { valid: lookupValid, invalid: lookupInvalid });
typedRuleTester.run('require-error-listener (a lookup in a Map of the file, typed)', rule, { valid: lookupValid, invalid: lookupInvalid });

// A pool made for one reset script: it lends its one client for awaited queries, gets it back and
// is ended in the same turn, so no client is ever idle in it across I/O (measured): the pool needs
// no listener. The lent client does (the pool takes its own listener off a client it lends).
const resetScript = (between: string): string => `
import { Pool } from 'pg';
export async function resetDatabase(url: string) {
  const maintenance = new Pool({ connectionString: url });
  try {
    const client = await maintenance.connect();
    client.on('error', (err) => console.error(err));
    try {
      await client.query('DROP DATABASE IF EXISTS app');
      await client.query('CREATE DATABASE app');
    } finally {
      client.release();
    }
    ${between}
  } finally {
    await maintenance.end();
  }
}
`;

const lentPoolValid: readonly string[] = [resetScript('')];

const lentPoolInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // The client waits idle in the pool while the script sleeps: a reset then is the pool's 'error'.
    code: resetScript('await new Promise((resolve) => setTimeout(resolve, 1000));'),
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        data: { noun: 'pool', name: 'maintenance' },
        suggestions: [{ messageId: 'addListener', output: resetScript('await new Promise((resolve) => setTimeout(resolve, 1000));').replace("  const maintenance = new Pool({ connectionString: url });\n", `  const maintenance = new Pool({ connectionString: url });\n  ${logs('maintenance')};\n`) }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a pg pool that lends its client for one run)', rule, { valid: lentPoolValid, invalid: lentPoolInvalid });
typedRuleTester.run('require-error-listener (a pg pool that lends its client for one run, typed)', rule, { valid: lentPoolValid, invalid: lentPoolInvalid });

// isomorphic-ws is ws in Node (its Node entry re-exports ws): the same objects, the same crash
// (test/live/libraries.live.test.ts).
const isomorphicClient = (listens: string): string => `
import WebSocket from 'isomorphic-ws';
export function open(url: string) {
  const feed = new WebSocket(url);${listens}
  feed.onclose = () => setTimeout(() => open(url), 1000);
  return feed;
}
`;

const isomorphicValid: readonly string[] = [
  isomorphicClient("\n  feed.on('error', (err) => console.warn('feed down:', err.message));"),
  isomorphicClient("\n  feed.onerror = (event) => console.warn('feed down:', event.message);"),
  `
import { WebSocketServer } from 'isomorphic-ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('cannot listen:', err.code));
wss.on('connection', (ws) => {
  ws.on('error', () => ws.terminate());
  ws.send('hello');
});
`,
];

const isomorphicInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: isomorphicClient(''),
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        data: { noun: 'WebSocket', name: 'feed' },
        suggestions: [{ messageId: 'addListener', output: isomorphicClient(`\n  ${logs('feed')};`) }],
      },
    ],
  },
  {
    code: `
const { Server } = require('isomorphic-ws');
const wss = new Server({ port: 8080 });
wss.on('connection', (ws) => ws.send('hello'));
`,
    errors: [
      {
        messageId: 'missingListener',
        line: 3,
        data: { noun: 'WebSocket server', name: 'wss' },
        suggestions: [
          {
            messageId: 'addListener',
            output: `
const { Server } = require('isomorphic-ws');
const wss = new Server({ port: 8080 });
${logs('wss')};
wss.on('connection', (ws) => ws.send('hello'));
`,
          },
        ],
      },
      {
        messageId: 'missingListener',
        line: 4,
        data: { noun: 'WebSocket', name: 'ws' },
        suggestions: [],
      },
    ],
  },
];

ruleTester.run('require-error-listener (isomorphic-ws)', rule, { valid: isomorphicValid, invalid: isomorphicInvalid });
typedRuleTester.run('require-error-listener (isomorphic-ws, typed)', rule, { valid: isomorphicValid, invalid: isomorphicInvalid });

// A library object kept on an instance field, like a socket there (src/model/instance-fields.ts):
// the class that listens to the field for other events (also through ws's handler properties,
// `this.ws.onmessage = …`) and never for 'error' leaves it unheard. A WebSocket that reconnects on
// 'close' still crashes on the refused connection that comes first (test/live/libraries.live.test.ts).
const fieldFeed = (listens: string): string => `
import WebSocket from 'ws';
export class Feed {
  private ws?: WebSocket;
  constructor(private readonly url: string) {
    this.open();
  }
  private open(): void {
    this.ws = new WebSocket(this.url);${listens}
    this.ws.onmessage = (event) => this.parse(String(event.data));
    this.ws.onclose = () => setTimeout(() => this.open(), 1000);
  }
  private parse(text: string): void {
    console.log(text);
  }
}
`;

const fieldValid: readonly string[] = [
  fieldFeed("\n    this.ws.onerror = (event) => console.warn('feed down:', event.message);"),
  fieldFeed("\n    this.ws.addEventListener('error', () => console.warn('feed down'));"),
  fieldFeed("\n    this.ws.on('error', (err) => console.warn('feed down:', err.message));"),
  // Never listened to by the class: whoever uses it may.
  `
import { Pool } from 'pg';
export class Store {
  readonly pool = new Pool({ max: 4 });
  readonly db: Pool;
  constructor() {
    this.db = new Pool({ max: 2 });
  }
}
`,
  // Handed on as soon as it is made: the receiver's business.
  `
import WebSocket from 'ws';
import { EventEmitter } from 'node:events';
export class Dialer extends EventEmitter {
  private ws?: WebSocket;
  dial(url: string): void {
    this.ws = new WebSocket(url);
    this.ws.onmessage = (event) => this.emit('message', event.data);
    this.emit('socket', this.ws);
  }
}
`,
];

const fieldInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: fieldFeed(''),
    errors: [
      {
        messageId: 'missingListener',
        line: 9,
        data: { noun: 'WebSocket', name: 'this.ws' },
        suggestions: [{ messageId: 'addListener', output: fieldFeed('').replace('new WebSocket(this.url);', `new WebSocket(this.url).on('error', (err) => console.error(err));`) }],
      },
    ],
  },
  {
    // A pool kept on a field of a pre-ES2015 class, listened to for 'connect' only: an idle
    // client's reset is the pool's 'error'.
    code: `
var pg = require('pg');
function Store(config) {
  this.pool = new pg.Pool(config);
  this.pool.on('connect', function (client) { client.query('SET search_path TO app'); });
}
module.exports = Store;
`,
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        data: { noun: 'pool', name: 'this.pool' },
        suggestions: [
          {
            messageId: 'addListener',
            output: `
var pg = require('pg');
function Store(config) {
  this.pool = new pg.Pool(config).on('error', (err) => console.error(err));
  this.pool.on('connect', function (client) { client.query('SET search_path TO app'); });
}
module.exports = Store;
`,
          },
        ],
      },
    ],
  },
];

ruleTester.run('require-error-listener (library objects on instance fields)', rule, { valid: fieldValid, invalid: fieldInvalid });
typedRuleTester.run('require-error-listener (library objects on instance fields, typed)', rule, { valid: fieldValid, invalid: fieldInvalid });

// A WebSocket server given an HTTP server the class keeps on a field, made there: it relays that
// server's errors only, so it adds no crash unless the file listens to that server (src/model/relayed-errors.ts).
const fieldServer = (listens: string): string => `
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
export class Adapter {
  private http?: http.Server;
  private wss?: WebSocketServer;
  run(port: number): void {
    this.http = http.createServer((req, res) => res.end('ok'));${listens}
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (ws: WebSocket) => {
      ws.on('error', () => ws.terminate());
      ws.send('hello');
    });
    this.http.listen(port);
  }
}
`;

const fieldServerValid: readonly string[] = [fieldServer('')];

const fieldServerInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // The class handles its HTTP server's errors: the WebSocket server re-emits each where nobody listens.
    code: fieldServer("\n    this.http.on('error', (err) => console.warn('http:', err.message));"),
    errors: [
      {
        messageId: 'missingListener',
        line: 10,
        data: { noun: 'WebSocket server', name: 'this.wss' },
        suggestions: [
          {
            messageId: 'addListener',
            output: fieldServer("\n    this.http.on('error', (err) => console.warn('http:', err.message));").replace(
              'new WebSocketServer({ server: this.http });',
              "new WebSocketServer({ server: this.http }).on('error', (err) => console.error(err));",
            ),
          },
        ],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a WebSocket server given a server kept on a field)', rule, { valid: fieldServerValid, invalid: fieldServerInvalid });
typedRuleTester.run('require-error-listener (a WebSocket server given a server kept on a field, typed)', rule, { valid: fieldServerValid, invalid: fieldServerInvalid });

// pg's Client opens its connection only in connect(), and takes every error there until it settles
// (test/live/libraries.live.test.ts): one the file never connects emits nothing.
const truncate = (connect: string): string => `
import pg from 'pg';
export async function clearData(url: string): Promise<void> {
  const conn = new pg.Client(url);${connect}
  await conn.query('TRUNCATE events');
  await conn.end();
}
`;

const neverConnectedValid: readonly string[] = [truncate('')];

const neverConnectedInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    // Connected: a reset while the query runs is the client's 'error'.
    code: truncate('\n  await conn.connect();'),
    errors: [
      {
        messageId: 'missingListener',
        line: 4,
        data: { noun: 'client', name: 'conn' },
        suggestions: [{ messageId: 'addListener', output: truncate(`\n  ${logs('conn')};\n  await conn.connect();`) }],
      },
    ],
  },
];

ruleTester.run('require-error-listener (a pg client never connected)', rule, { valid: neverConnectedValid, invalid: neverConnectedInvalid });
typedRuleTester.run('require-error-listener (a pg client never connected, typed)', rule, { valid: neverConnectedValid, invalid: neverConnectedInvalid });

// A decompression stream picked on branches into a `let`, then fed from the response: the same
// stream with no 'error' listener (a truncated gzip body is an unhandled "unexpected end of file").
const pickedDecoder = (listens: string): string => `
import https from 'node:https';
import { createBrotliDecompress, createGunzip, type BrotliDecompress, type Gunzip } from 'node:zlib';
export function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => {
      const data: string[] = [];
      let decoder: Gunzip | BrotliDecompress | undefined = undefined;
      if (res.headers['content-encoding'] === 'gzip') decoder = createGunzip();
      else decoder = createBrotliDecompress();
      res.pipe(decoder);${listens}
      decoder.on('data', (chunk) => data.push(String(chunk)));
      decoder.on('end', () => resolve(data.join('')));
    }).on('error', reject);
  });
}
`;

ruleTester.run('require-error-listener (a decompression stream picked on branches)', rule, {
  valid: [pickedDecoder('\n      decoder.on(\'error\', reject);')],
  invalid: [
    {
      code: pickedDecoder(''),
      errors: [
        { messageId: 'missingListener', line: 9, data: { noun: 'decompression stream', name: 'decoder' } },
        { messageId: 'missingListener', line: 10, data: { noun: 'decompression stream', name: 'decoder' } },
      ],
    },
  ],
});

// A database pool or client a class keeps on a field and queries itself: nothing of the class listens,
// and an idle client's reset is the pool's 'error' (test/live/libraries.live.test.ts). A field the
// class neither listens to nor uses is left to whoever uses the class.
const jobRepository = (listens: string): string => `
import { Pool } from 'pg';
export class JobRepository {
  private readonly pool: Pool;
  constructor(connectionString: string) {
    this.pool = new Pool({ connectionString });${listens}
  }
  async due(now: Date): Promise<unknown[]> {
    const result = await this.pool.query('SELECT * FROM jobs WHERE run_at <= $1', [now]);
    return result.rows;
  }
}
`;

ruleTester.run('require-error-listener (a database pool its class queries)', rule, {
  valid: [jobRepository("\n    this.pool.on('error', (err) => console.warn('idle client lost:', err.message));")],
  invalid: [
    {
      code: jobRepository(''),
      errors: [
        {
          messageId: 'missingListener',
          line: 6,
          data: { noun: 'pool', name: 'this.pool' },
          suggestions: [{ messageId: 'addListener', output: jobRepository('').replace('new Pool({ connectionString });', "new Pool({ connectionString }).on('error', (err) => console.error(err));") }],
        },
      ],
    },
  ],
});

// A node-redis client a class makes, connects and publishes on itself: a Redis restart is the
// client's 'error' on each failed reconnection (test/live/libraries.live.test.ts), and nothing
// of the class listens. Made and never used by the class, it is left to the class's users.
const roomBus = (setUp: string, publish = ''): string => `
import { createClient } from 'redis';
export class RoomBus {
  constructor(url) {
    this.pub = createClient({ url });${setUp}
  }${publish}
}
`;
const feed = `
import { createClient } from 'redis';
export class Feed {
  #sub = createClient();
  start() {
    return this.#sub.connect();
  }
}
`;
const publishes = "\n  publish(room, message) {\n    return this.pub.publish(room, message);\n  }";

const clientUse: { valid: readonly (string | ValidTestCase<Options>)[]; invalid: readonly InvalidTestCase<MessageIds, Options>[] } = {
  valid: [roomBus(''), roomBus("\n    this.pub.on('error', (err) => console.warn('redis:', err.message));\n    this.pub.connect();", publishes)],
  invalid: [
    {
      code: roomBus("\n    this.pub.connect();"),
      errors: [
        {
          messageId: 'missingListener',
          line: 5,
          data: { noun: 'client', name: 'this.pub' },
          suggestions: [{ messageId: 'addListener', output: roomBus("\n    this.pub.connect();").replace('createClient({ url });', "createClient({ url }).on('error', (err) => console.error(err));") }],
        },
      ],
    },
    {
      code: roomBus('', publishes),
      errors: [
        {
          messageId: 'missingListener',
          line: 5,
          data: { noun: 'client', name: 'this.pub' },
          suggestions: [{ messageId: 'addListener', output: roomBus('', publishes).replace('createClient({ url });', "createClient({ url }).on('error', (err) => console.error(err));") }],
        },
      ],
    },
    // Made in a class field's initialiser: the finding names the field.
    {
      code: feed,
      errors: [
        {
          messageId: 'missingListener',
          line: 4,
          data: { noun: 'client', name: 'this.#sub' },
          suggestions: [{ messageId: 'addListener', output: feed.replace('createClient();', "createClient().on('error', (err) => console.error(err));") }],
        },
      ],
    },
  ],
};
ruleTester.run('require-error-listener (a client its class uses itself)', rule, clientUse);
typedRuleTester.run('require-error-listener (a client its class uses itself, typed)', rule, clientUse);

/**
 * A pub/sub server that files each connection under the topic it asks for, in its first message:
 * a topic's list starts as `[ws]`, later subscribers are pushed on it. `more` is the rest of the
 * connection listener.
 */
const topicLists = (more = ''): string => `
import { WebSocketServer, type WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
const subscribers: Record<string, WebSocket[]> = {};
wss.on('connection', (ws: WebSocket) => {
  ws.on('message', (data) => {
    const topic = String(data);
    if (subscribers[topic]) subscribers[topic].push(ws);
    else subscribers[topic] = [ws];
  });${more}
});
`;
const LISTENED_LISTS = "\n  ws.on('close', () => {\n    for (const topic of Object.keys(subscribers)) subscribers[topic][0]?.on('error', () => {});\n  });";
const topicListCases = {
  valid: [topicLists("\n  ws.on('error', () => ws.terminate());")],
  invalid: [
    {
      // The file listens on what it reads back from the lists: filing it there is a hand-off, a late one.
      code: topicLists(LISTENED_LISTS),
      errors: [
        {
          messageId: 'lateHandOff' as const,
          line: 6,
          data: { name: 'ws', when: 'in a later callback' },
          suggestions: [{ messageId: 'addListener' as const, output: topicLists(LISTENED_LISTS).replace('(ws: WebSocket) => {\n', `(ws: WebSocket) => {\n  ${logs('ws')};\n`) }],
        },
      ],
    },
    {
      // Neither the list it starts nor the one it joins listens: no hand-off, a missing listener.
      code: topicLists(),
      errors: [
        {
          messageId: 'missingListener' as const,
          line: 6,
          data: { noun: 'WebSocket', name: 'ws' },
          suggestions: [{ messageId: 'addListener' as const, output: topicLists().replace('(ws: WebSocket) => {\n', `(ws: WebSocket) => {\n  ${logs('ws')};\n`) }],
        },
      ],
    },
  ],
};
ruleTester.run('require-error-listener (a connection filed under a topic in a later callback)', rule, topicListCases);
typedRuleTester.run('require-error-listener (a connection filed under a topic in a later callback, typed)', rule, topicListCases);
