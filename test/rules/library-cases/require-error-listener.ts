/**
 * require-error-listener on the objects of client libraries (src/libraries.ts): database pools and
 * clients, Redis clients, WebSockets, AMQP connections, UDP sockets. Spread into the rule's test
 * file, so every case runs with and without type information. Why each object is here, and why
 * ioredis, mqtt and mysql2's pools are not: test/live/libraries.live.test.ts.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import type { SocketOptions } from '../../../src/socket.js';

type Options = [SocketOptions];
type MessageIds = 'missingListener' | 'lateListener' | 'lateHandOff' | 'addListener';

/** The suggestion's listener for a library object held in `name`. */
const logs = (name: string): string => `${name}.on('error', (err) => console.error(err))`;

/**
 * A pre-ES2015 class that keeps a UDP socket per name in `this.sockets` (one method) and reads
 * each back to listen for `event` on it (another); `added` goes right after each creation.
 */
const beacon = (event: 'error' | 'message', added = ''): string => `
var dgram = require('dgram');
function Beacon(names) { this.names = names; this.sockets = null; }
Beacon.prototype.open = function () {
  var self = this;
  this.sockets = {};
  this.names.forEach(function (name) {
    var socket = dgram.createSocket('udp4');
${added}    self.sockets[name] = socket;
  });
};
Beacon.prototype.start = function () {
  var self = this;
  if (!this.sockets) this.open();
  Object.keys(this.sockets).forEach(function (name) {
    var socket = self.sockets[name];
    socket.on('${event}', function (value) { console.warn(name, value); });
    socket.bind(1900);
  });
};
module.exports = Beacon;
`;

/** An SNMP-style responder that answers on the caller's socket, or on a new one when given none; `callback` ends the send. */
const trapReply = (callback: string): string => `
import dgram from 'node:dgram';
export function reply(sock, message, peer) {
  if (!sock) {
    sock = dgram.createSocket('udp4');
  }
  sock.send(message, peer.port, peer.address${callback ? `, ${callback}` : ''});
}
`;

export const libraryValid: readonly (string | ValidTestCase<Options>)[] = [
  // ws's addEventListener('error') is an 'error' listener (ws turns it into on()).
  `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('cannot listen', err));
wss.on('connection', (ws) => {
  ws.addEventListener('error', (event) => console.warn(event.message));
  ws.addEventListener('message', (event) => ws.send(event.data));
});
`,
  // A server handed in by the caller: ws's handleUpgrade callback listens before its first pause.
  `
import WebSocket from 'ws';
export function relay(req, socket, head, options) {
  options.wss.handleUpgrade(req, socket, head, async (client) => {
    client.on('error', () => client.terminate());
    const target = await new Promise((resolve) => client.once('message', resolve));
    const remote = new WebSocket(String(target));
    remote.on('error', () => client.close());
    client.on('message', (data) => remote.send(data));
  });
}
`,
  // A cast of the server keeps it a WebSocket server: its connections' listener is seen.
  `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ server }) as WebSocketServer & { reloadAll(): void };
wss.on('connection', (ws) => {
  ws.on('error', () => ws.terminate());
  ws.send('reload');
});
server.listen(35729);
`,
  // A pool made for one run of queries awaited one after the other, then ended: a client is idle
  // only between two queries in the same turn, and a pool emits 'error' only from an idle client
  // (measured in test/live/libraries.live.test.ts).
  `
import { Pool } from 'pg';
export default async function resetSchema(url) {
  const pool = new Pool({ connectionString: url });
  try {
    await pool.query('DROP SCHEMA IF EXISTS jobs CASCADE');
    await pool.query('CREATE SCHEMA jobs');
  } finally {
    await pool.end();
  }
}
`,
  // The pool gets its listener right after it is created: idle clients that lose their server are handled.
  `
import pg from 'pg';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
pool.on('error', (err) => console.error('idle database client lost', err));
export function query(text, params) {
  return pool.query(text, params);
}
`,
  // A client checked out of the pool gets its own listener: the pool's covers idle clients only.
  `
import pg from 'pg';
const pool = new pg.Pool();
pool.on('error', (err) => console.error('idle database client lost', err));
export async function transfer(from, to, amount) {
  const client = await pool.connect();
  client.on('error', (err) => console.error('database connection lost mid-transaction', err));
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
`,
  // pool.connect() with a callback, or not awaited, or on a pool from elsewhere: not followed.
  `
import { Pool } from 'pg';
const pool = new Pool();
pool.on('error', () => {});
pool.connect((err, client, release) => release());
export async function check(otherPool) {
  const client = await otherPool.connect();
  client.release();
}
`,
  // Every client the pool makes gets a listener as it connects (graphile-worker does this).
  `
import pg from 'pg';
const pool = new pg.Pool();
pool.on('error', (err) => console.error('idle client', err));
pool.on('connect', (client) => client.on('error', (err) => console.error('active client', err)));
export async function vacuum() {
  const client = await pool.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    client.release();
  }
}
`,
  // Released on the spot: no window for an error.
  `
import pg from 'pg';
const pool = new pg.Pool();
pool.on('error', () => {});
export async function warmUp() {
  const client = await pool.connect();
  client.release();
}
`,
  // Chained onto the creation, before connect(): no window without a listener.
  `
import { createClient } from 'redis';
const client = await createClient({ url: process.env.REDIS_URL })
  .on('error', (err) => console.error('redis', err))
  .connect();
await client.set('started', Date.now());
`,
  // Exported: the importing module owns it now (without types, another module is not followed).
  `
const { Pool } = require('pg');
export const pool = new Pool();
`,
  // ws's browser-style API adds an 'error' listener too.
  `
import WebSocket from 'ws';
export function subscribe(url, onMessage) {
  const ws = new WebSocket(url);
  ws.onerror = (event) => console.error('feed failed', event.error);
  ws.onmessage = (event) => onMessage(event.data);
}
`,
  `
import { WebSocket } from 'ws';
const ws = new WebSocket('wss://feed.example.com');
ws.addEventListener('error', () => ws.terminate());
`,
  // The server's connections: handed to a registry (whose owner listens), or given a listener.
  `
import { WebSocketServer } from 'ws';
const clients = new Set();
const wss = new WebSocketServer({ noServer: true });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  ws.on('error', (err) => console.warn('client sent a bad frame', err.code));
  ws.on('close', () => clients.delete(ws));
});
wss.on('connection', (ws) => register(ws));
`,
  // The browser's global WebSocket (no import from 'ws') never crashes a process.
  `
const ws = new WebSocket('wss://feed.example.com');
ws.onmessage = (event) => console.log(event.data);
`,
  // Not in the table, measured: ioredis prints "Unhandled error event" and reconnects; mqtt handles
  // its connection errors; mysql2's pools and promise API handle a lost connection.
  `
import Redis from 'ioredis';
import mqtt from 'mqtt';
import mysql from 'mysql2/promise';
const redis = new Redis(6379, 'cache.internal');
const broker = mqtt.connect('mqtt://broker.internal');
const pool = mysql.createPool({ host: 'db.internal' });
const connection = await mysql.createConnection({ host: 'db.internal' });
`,
  `
const mysql = require('mysql2');
const pool = mysql.createPool({ host: 'db.internal' });
pool.query('SELECT 1', () => {});
`,
  // A class of the project's own that happens to be called Pool.
  `
class Pool {
  query() {}
}
const pool = new Pool();
pool.query();
`,
  // The promise is not the connection: what `.then` receives is not followed (not guessed either).
  `
import amqp from 'amqplib';
amqp.connect('amqp://broker.internal').then((connection) => connection.createChannel());
`,
  // The AMQP connection gets its listener right away; the UDP socket too, chained.
  `
import amqp from 'amqplib';
import dgram from 'node:dgram';
const connection = await amqp.connect(process.env.AMQP_URL);
connection.on('error', (err) => console.error('broker connection lost', err));
const socket = dgram.createSocket('udp4').on('error', (err) => console.error(err)).bind(41234);
`,
  // The listener comes later in the same synchronous run: nothing can be emitted before it.
  `
import mysql from 'mysql2';
const connection = mysql.createConnection({ host: 'db.internal', user: 'app' });
connection.connect();
connection.on('error', (err) => console.error('database connection lost', err.code));
`,
  // The same named connection listener, which listens for 'error' first.
  `
import { WebSocketServer } from 'ws';
const peers = new Map();
function attach(ws, request) {
  ws.on('error', (err) => console.warn('peer failed', err.code));
  peers.set(request.socket.remoteAddress, ws);
  ws.on('close', () => peers.delete(request.socket.remoteAddress));
}
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('cannot listen', err));
wss.on('connection', attach);
`,
  // A metrics client that passes a callback to every send: a failed lookup or send goes to it, and
  // a socket that never connect()s is not told of an unreachable port (measured).
  `
import dgram from 'node:dgram';
export function sendMetric(host, line) {
  const socket = dgram.createSocket('udp4');
  socket.send(line, 8125, host, (err) => {
    if (err) console.warn('metric lost', err.code);
    socket.close();
  });
}
`,
  // The same when the socket is a fallback for the caller's: every send has a callback.
  trapReply('(err) => { if (err) console.warn(\'reply lost\', err.code); }'),
  // Bound with a callback: bind's own listener holds until 'listening', where the socket is handed
  // to a registry that listens for it.
  `
import dgram from 'node:dgram';
export function discover(registry, port) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.bind({ port, exclusive: false }, () => socket.setBroadcast(true));
  socket.on('listening', () => {
    registry.add(socket);
  });
}
`,
  // Sockets kept in a map on the instance, which the start method reads back and listens to at once.
  beacon('error'),
];

export const libraryInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  // The fallback socket's send has no callback: a failed lookup is emitted as 'error'.
  {
    code: trapReply(''),
    errors: [
      {
        messageId: 'missingListener',
        line: 5,
        suggestions: [
          {
            messageId: 'addListener',
            output: trapReply('').replace("createSocket('udp4');\n", "createSocket('udp4');\n    sock.on('error', (err) => console.error(err));\n"),
          },
        ],
      },
    ],
  },
  {
    // Between the two queries the run waits for something else: a reset then finds the client
    // idle in the pool, whose 'error' has no listener.
    code: `
import { Pool } from 'pg';
export async function migrate(url, pause) {
  const pool = new Pool({ connectionString: url });
  await pool.query('BEGIN');
  await pause();
  await pool.query('COMMIT');
  await pool.end();
}
`,
    errors: [{ messageId: 'missingListener', line: 4, suggestions: [{ messageId: 'addListener', output: `
import { Pool } from 'pg';
export async function migrate(url, pause) {
  const pool = new Pool({ connectionString: url });
  ${logs('pool')};
  await pool.query('BEGIN');
  await pause();
  await pool.query('COMMIT');
  await pool.end();
}
` }] }],
  },
  // The typical database module: a pool, queries through it, and no listener for its idle clients.
  {
    code: `
import pg from 'pg';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
export function query(text, params) {
  return pool.query(text, params);
}
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'pool', name: 'pool' },
        line: 3,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('pool'), noun: 'pool', obtained: 'created' },
            output: `
import pg from 'pg';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
${logs('pool')};
export function query(text, params) {
  return pool.query(text, params);
}
`,
          },
        ],
      },
    ],
  },
  // The pool's listener does not cover a client checked out of it (pg removes it on checkout).
  {
    code: `
import pg from 'pg';
const pool = new pg.Pool();
pool.on('error', (err) => console.error('idle database client lost', err));
export async function transfer(from, to, amount) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'pooled client', name: 'client' },
        line: 6,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import pg from 'pg';
const pool = new pg.Pool();
pool.on('error', (err) => console.error('idle database client lost', err));
export async function transfer(from, to, amount) {
  const client = await pool.connect();
  ${logs('client')};
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  // destroy() at the end of a script does not cover the awaits before it.
  {
    code: `
import { createClient } from 'redis';
const client = createClient();
await client.connect();
await client.set('greeting', 'hello');
client.destroy();
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'client', name: 'client' },
        line: 3,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import { createClient } from 'redis';
const client = createClient();
${logs('client')};
await client.connect();
await client.set('greeting', 'hello');
client.destroy();
`,
          },
        ],
      },
    ],
  },
  // CommonJS, destructured; the pool is only used inside the exported object's functions.
  {
    code: `
const { Pool, Client } = require('pg');
const pool = new Pool();
const listener = new Client();
listener.connect();
module.exports = { query: (text) => pool.query(text) };
`,
    errors: [
      { messageId: 'missingListener', data: { noun: 'pool', name: 'pool' }, line: 3, suggestions: [{ messageId: 'addListener', output: `
const { Pool, Client } = require('pg');
const pool = new Pool();
${logs('pool')};
const listener = new Client();
listener.connect();
module.exports = { query: (text) => pool.query(text) };
` }] },
      { messageId: 'missingListener', data: { noun: 'client', name: 'listener' }, line: 4, suggestions: [{ messageId: 'addListener', output: `
const { Pool, Client } = require('pg');
const pool = new Pool();
const listener = new Client();
${logs('listener')};
listener.connect();
module.exports = { query: (text) => pool.query(text) };
` }] },
    ],
  },
  // TypeScript's import = require.
  {
    code: `
import pg = require('pg');
export async function migrate() {
  const client = new pg.Client();
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'client', name: 'client' }, line: 4, suggestions: [{ messageId: 'addListener', output: `
import pg = require('pg');
export async function migrate() {
  const client = new pg.Client();
  ${logs('client')};
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}
` }] }],
  },
  // The listener only after `await connect()`: an unreachable Redis at start-up rejects connect()
  // (no retry) instead of being retried, and a top-level await then ends the process.
  {
    code: `
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
await client.connect();
client.on('error', (err) => console.error('redis', err));
`,
    errors: [
      {
        messageId: 'lateListener',
        data: { noun: 'client', name: 'client', when: 'after an `await`' },
        line: 3,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
${logs('client')};
await client.connect();
client.on('error', (err) => console.error('redis', err));
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import * as redis from 'redis';
export async function connectCache() {
  const cache = redis.createClient();
  await cache.connect();
  return cache;
}
`,
    errors: [{ messageId: 'lateHandOff', data: { name: 'cache', when: 'after an `await`' }, line: 4, suggestions: [{ messageId: 'addListener', output: `
import * as redis from 'redis';
export async function connectCache() {
  const cache = redis.createClient();
  ${logs('cache')};
  await cache.connect();
  return cache;
}
` }] }],
  },
  // A WebSocket client that reconnects on 'close' but has no 'error' listener: the first refused
  // connection ends the process before any retry.
  {
    code: `
import WebSocket from 'ws';
function connect(url) {
  const ws = new WebSocket(url);
  ws.on('message', (data) => console.log(String(data)));
  ws.on('close', () => setTimeout(() => connect(url), 1000));
}
connect('wss://feed.example.com');
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket', name: 'ws' },
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import WebSocket from 'ws';
function connect(url) {
  const ws = new WebSocket(url);
  ${logs('ws')};
  ws.on('message', (data) => console.log(String(data)));
  ws.on('close', () => setTimeout(() => connect(url), 1000));
}
connect('wss://feed.example.com');
`,
          },
        ],
      },
    ],
  },
  // ws's module is the WebSocket class, and carries the server class (under its old name too).
  {
    code: `
const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
wss.on('connection', (ws) => ws.send('hello'));
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'WebSocket server', name: 'wss' }, line: 3, suggestions: [{ messageId: 'addListener', output: `
const WebSocket = require('ws');
const wss = new WebSocket.Server({ port: 8080 });
${logs('wss')};
wss.on('connection', (ws) => ws.send('hello'));
` }] },
      // Its connections too (a concise body gets no suggestion: there is no statement to add).
      { messageId: 'missingListener', data: { noun: 'WebSocket', name: 'ws' }, line: 4 },
    ],
  },
  // The connection listener is a function of the file given by name: its parameter is each connection.
  {
    code: `
import { WebSocketServer } from 'ws';
const peers = new Map();
function attach(ws, request) {
  peers.set(request.socket.remoteAddress, ws);
  ws.on('close', () => peers.delete(request.socket.remoteAddress));
  ws.on('message', (data) => ws.send(data));
}
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('cannot listen', err));
wss.on('connection', attach);
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket', name: 'ws' },
        line: 4,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import { WebSocketServer } from 'ws';
const peers = new Map();
function attach(ws, request) {
  ${logs('ws')};
  peers.set(request.socket.remoteAddress, ws);
  ws.on('close', () => peers.delete(request.socket.remoteAddress));
  ws.on('message', (data) => ws.send(data));
}
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('cannot listen', err));
wss.on('connection', attach);
`,
          },
        ],
      },
    ],
  },
  // One client that sends an invalid frame crashes a server whose connections have no listener.
  {
    code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('cannot listen', err));
wss.on('connection', (ws, request) => {
  ws.on('message', (data) => ws.send(data));
});
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket', name: 'ws' },
        line: 5,
        suggestions: [
          {
            messageId: 'addListener',
            data: { listener: logs('ws'), noun: 'WebSocket', obtained: 'received' },
            output: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error('cannot listen', err));
wss.on('connection', (ws, request) => {
  ${logs('ws')};
  ws.on('message', (data) => ws.send(data));
});
`,
          },
        ],
      },
    ],
  },
  // A cast of the server to the application's own type keeps it a WebSocket server.
  {
    code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ server }) as WebSocketServer & { reloadAll(): void };
wss.on('connection', (ws) => {
  ws.send('reload');
});
server.listen(35729);
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket', name: 'ws' },
        line: 6,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const wss = new WebSocketServer({ server }) as WebSocketServer & { reloadAll(): void };
wss.on('connection', (ws) => {
  ${logs('ws')};
  ws.send('reload');
});
server.listen(35729);
`,
          },
        ],
      },
    ],
  },
  // ... also kept in a field.
  {
    code: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
export class Reloader {
  start(port: number) {
    const server = http.createServer();
    this.wss = new WebSocketServer({ server }) as AppServer;
    this.wss.on('connection', (ws) => {
      ws.send('connected');
    });
    server.listen(port);
  }
}
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'WebSocket', name: 'ws' },
        line: 8,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import http from 'node:http';
import { WebSocketServer } from 'ws';
export class Reloader {
  start(port: number) {
    const server = http.createServer();
    this.wss = new WebSocketServer({ server }) as AppServer;
    this.wss.on('connection', (ws) => {
      ${logs('ws')};
      ws.send('connected');
    });
    server.listen(port);
  }
}
`,
          },
        ],
      },
    ],
  },
  // A server handed in by the caller (a field of a parameter): ws's four-argument handleUpgrade
  // gives the callback a connection, whose listener comes only after the first message.
  {
    code: `
import WebSocket from 'ws';
export function relay(req, socket, head, options) {
  options.wss.handleUpgrade(req, socket, head, async (client) => {
    const target = await new Promise((resolve) => client.once('message', resolve));
    const remote = new WebSocket(String(target));
    remote.on('error', () => client.close());
    client.addEventListener('error', () => remote.close());
    client.on('message', (data) => remote.send(data));
  });
}
`,
    errors: [{ messageId: 'lateListener', data: { name: 'client', when: 'after an `await`' }, line: 4, suggestions: [{ messageId: 'addListener', output: `
import WebSocket from 'ws';
export function relay(req, socket, head, options) {
  options.wss.handleUpgrade(req, socket, head, async (client) => {
    ${logs('client')};
    const target = await new Promise((resolve) => client.once('message', resolve));
    const remote = new WebSocket(String(target));
    remote.on('error', () => client.close());
    client.addEventListener('error', () => remote.close());
    client.on('message', (data) => remote.send(data));
  });
}
` }] }],
  },
  {
    code: `
const mysql = require('mysql2');
const connection = mysql.createConnection({ host: 'db.internal', user: 'app' });
connection.query('SELECT 1', (err, rows) => console.log(err, rows));
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'connection', name: 'connection' }, line: 3, suggestions: [{ messageId: 'addListener', output: `
const mysql = require('mysql2');
const connection = mysql.createConnection({ host: 'db.internal', user: 'app' });
${logs('connection')};
connection.query('SELECT 1', (err, rows) => console.log(err, rows));
` }] }],
  },
  // The awaited connection is the object; its channel is not in the table (its errors go to the connection).
  {
    code: `
import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);
const channel = await connection.createChannel();
await channel.assertQueue('jobs');
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'AMQP connection', name: 'connection' },
        line: 3,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);
${logs('connection')};
const channel = await connection.createChannel();
await channel.assertQueue('jobs');
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { createSocket } from 'node:dgram';
const server = createSocket('udp4');
server.on('message', (msg, rinfo) => server.send(msg, rinfo.port, rinfo.address));
server.bind(41234);
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'UDP socket', name: 'server' }, line: 3, suggestions: [{ messageId: 'addListener', output: `
import { createSocket } from 'node:dgram';
const server = createSocket('udp4');
${logs('server')};
server.on('message', (msg, rinfo) => server.send(msg, rinfo.port, rinfo.address));
server.bind(41234);
` }] }],
  },
  // Read back from the map, the sockets get a 'message' listener only: the map hands them to nothing that listens for 'error'.
  {
    code: beacon('message'),
    errors: [{ messageId: 'missingListener', data: { noun: 'UDP socket', name: 'socket' }, line: 8, suggestions: [{ messageId: 'addListener', output: beacon('message', `    ${logs('socket')};\n`) }] }],
  },
  // Connected, the socket is told of the peer's unreachable port: the failed receive is emitted
  // as 'error' (ECONNREFUSED), whatever callback the sends have (measured).
  {
    code: `
import dgram from 'node:dgram';
export function sendMetric(host, line) {
  const socket = dgram.createSocket('udp4');
  socket.connect(8125, host, () => {
    socket.send(line, () => socket.close());
  });
}
`,
    errors: [{ messageId: 'missingListener', data: { noun: 'UDP socket', name: 'socket' }, line: 4, suggestions: [{ messageId: 'addListener', output: `
import dgram from 'node:dgram';
export function sendMetric(host, line) {
  const socket = dgram.createSocket('udp4');
  ${logs('socket')};
  socket.connect(8125, host, () => {
    socket.send(line, () => socket.close());
  });
}
` }] }],
  },
  // Bound without a callback: a port already taken is emitted as 'error' before 'listening' comes.
  {
    code: `
import dgram from 'node:dgram';
export function discover(registry, port) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.bind({ port, exclusive: false });
  socket.on('listening', () => {
    registry.add(socket);
  });
}
`,
    errors: [{ messageId: 'lateHandOff', line: 4, suggestions: [{ messageId: 'addListener', output: `
import dgram from 'node:dgram';
export function discover(registry, port) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  ${logs('socket')};
  socket.bind({ port, exclusive: false });
  socket.on('listening', () => {
    registry.add(socket);
  });
}
` }] }],
  },
  // Not stored anywhere: the suggestion chains the listener onto the creation (`on` returns the pool).
  {
    code: `
import { Pool } from 'pg';
new Pool().query('SELECT 1');
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'pool', name: 'new Pool()' },
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import { Pool } from 'pg';
new Pool()${logs('')}.query('SELECT 1');
`,
          },
        ],
      },
    ],
  },
];

/** Only types can tell: the class comes through the project's own module (test/fixtures/database.ts). */
export const libraryTypedValid: readonly (string | ValidTestCase<Options>)[] = [
  `
import { Pool } from './database.js';
const pool = new Pool();
pool.on('error', (err) => console.error('idle database client lost', err));
export const query = (text: string) => pool.query(text);
`,
];

export const libraryTypedInvalid: readonly InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `
import { Pool } from './database.js';
const pool = new Pool();
export const query = (text: string) => pool.query(text);
`,
    errors: [
      {
        messageId: 'missingListener',
        data: { noun: 'pool', name: 'pool' },
        line: 3,
        suggestions: [
          {
            messageId: 'addListener',
            output: `
import { Pool } from './database.js';
const pool = new Pool();
${logs('pool')};
export const query = (text: string) => pool.query(text);
`,
          },
        ],
      },
    ],
  },
];
