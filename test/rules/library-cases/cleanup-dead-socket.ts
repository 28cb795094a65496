/**
 * cleanup-dead-socket on client libraries' objects (src/libraries.ts), recognised by import: a
 * timer or a registry that holds a pg `Client`, a Redis client or a `WebSocket` must be released on
 * that object's own last event ('end' for pg and Redis, 'close' for ws), and the fix names it.
 * Run untyped and typed (the same answers: recognition is by import).
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import type { CleanupDeadSocketOptions } from '../../../rules/cleanup-dead-socket.js';

type Options = [CleanupDeadSocketOptions];
type MessageIds = 'timerNotCleared' | 'connectTimerNotCleared' | 'registryNotCleaned' | 'cleanupOnEnd' | 'moveToClose' | 'endInErrorListener' | 'useDestroy';

export const libraryValid: readonly (string | ValidTestCase<Options>)[] = [
  // UDP sockets end only by the file's own close(), which the registry's owner calls for all of them.
  `
import dgram from 'node:dgram';
export class Relay {
  constructor() {
    this.sockets = [];
  }
  listen(addresses, port) {
    for (const address of addresses) {
      const udp = dgram.createSocket('udp4');
      udp.on('error', (err) => console.error(err));
      udp.on('message', (msg, from) => this.onMessage(msg, from));
      udp.bind(port, address);
      this.sockets.push(udp);
    }
  }
  stop() {
    for (const udp of this.sockets) udp.close();
  }
}
`,
  // A pg Client has no 'close': its 'end' is its last event, and cleanup there runs after a reset.
  `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
client.on('end', () => clearInterval(keepAlive));
`,
  // The same with require and the module's namespace.
  `
const pg = require('pg');
const client = new pg.Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
client.once('end', () => {
  clearInterval(keepAlive);
});
`,
  // A Redis client: 'end' too; a registry of clients emptied there.
  `
import { createClient } from 'redis';
const open = new Set();
export function connect(url) {
  const client = createClient({ url });
  client.on('error', (err) => console.error(err));
  open.add(client);
  client.on('end', () => open.delete(client));
  return client;
}
`,
  // A ws WebSocket's last event is 'close', as a socket's.
  `
import WebSocket from 'ws';
const ws = new WebSocket('wss://feed.example.com');
ws.on('error', (err) => console.error(err));
const ping = setInterval(() => ws.ping(), 10000);
ws.on('close', () => clearInterval(ping));
`,
  // A pool lives on (it has no last event): its timer is the application's business.
  `
import pg from 'pg';
const pool = new pg.Pool();
pool.on('error', (err) => console.error(err));
const report = setInterval(() => pool.query('SELECT 1'), 60000);
`,
  // A WebSocketServer is closed by the application itself (ws's own heartbeat example clears on
  // 'close', but a server that lives as long as the process needs nothing).
  `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
const sweep = setInterval(() => wss.emit('sweep'), 30000);
`,
  // pg calls the callback of `end(cb)` once the connection is gone, reset or not.
  `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
export function stop() {
  client.end(() => clearInterval(keepAlive));
}
client.on('end', () => clearInterval(keepAlive));
`,
  // Not the library's Client: a local class of the same name.
  `
class Client {
  query() {}
}
const client = new Client();
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
`,
  // ioredis is not in the table.
  `
import Redis from 'ioredis';
const redis = new Redis();
const ping = setInterval(() => redis.ping(), 10000);
`,
  // `end()` in a pg client's 'error' listener is how pg says to drop it (not a destroyed socket).
  `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => {
  console.error(err);
  client.end();
});
`,
];

export const libraryInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // Never cleared: after the server restarts the interval queries a client that is gone, forever.
  {
    code: `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
`,
    output: `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
client.once('end', () => clearInterval(keepAlive));
`,
    errors: [{ messageId: 'timerNotCleared', data: { handle: 'keepAlive', timer: 'an interval', socket: 'client' }, line: 5 }],
  },
  // require, and a pooled client checked out of a pool.
  {
    code: `
const { Pool } = require('pg');
const pool = new Pool();
pool.on('error', (err) => console.error(err));
async function listen() {
  const client = await pool.connect();
  client.on('error', (err) => console.error(err));
  const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
  await client.query('LISTEN jobs');
}
`,
    output: `
const { Pool } = require('pg');
const pool = new Pool();
pool.on('error', (err) => console.error(err));
async function listen() {
  const client = await pool.connect();
  client.on('error', (err) => console.error(err));
  const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
  client.once('end', () => clearInterval(keepAlive));
  await client.query('LISTEN jobs');
}
`,
    errors: [{ messageId: 'timerNotCleared', data: { handle: 'keepAlive', timer: 'an interval', socket: 'client' }, line: 8 }],
  },
  // A Redis client (namespace import) in a registry that is never emptied.
  {
    code: `
import * as redis from 'redis';
const open = new Set();
export function connect(url) {
  const client = redis.createClient({ url });
  client.on('error', (err) => console.error(err));
  open.add(client);
  return client;
}
`,
    output: `
import * as redis from 'redis';
const open = new Set();
export function connect(url) {
  const client = redis.createClient({ url });
  client.on('error', (err) => console.error(err));
  open.add(client);
  client.once('end', () => open.delete(client));
  return client;
}
`,
    errors: [{ messageId: 'registryNotCleaned', data: { socket: 'client', collection: 'open' }, line: 7 }],
  },
  // A WebSocket: 'close', and a cleanup hung on 'end' (ws never emits it) moves there.
  {
    code: `
import { WebSocket } from 'ws';
const ws = new WebSocket('wss://feed.example.com');
ws.on('error', (err) => console.error(err));
const ping = setInterval(() => ws.ping(), 10000);
ws.on('end', () => clearInterval(ping));
`,
    output: null,
    errors: [
      {
        messageId: 'cleanupOnEnd',
        data: { where: "in an 'end' listener", socket: 'ws' },
        line: 6,
        suggestions: [
          {
            messageId: 'moveToClose',
            output: `
import { WebSocket } from 'ws';
const ws = new WebSocket('wss://feed.example.com');
ws.on('error', (err) => console.error(err));
const ping = setInterval(() => ws.ping(), 10000);
ws.on('close', () => clearInterval(ping));
`,
          },
        ],
      },
    ],
  },
  // A pg client's cleanup on 'finish' (never emitted): reported, and no suggestion names 'close'.
  {
    code: `
import pg from 'pg';
const client = new pg.Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
client.on('finish', () => clearInterval(keepAlive));
`,
    output: null,
    errors: [{ messageId: 'cleanupOnEnd', data: { where: "in a 'finish' listener", socket: 'client' }, line: 6, suggestions: [] }],
  },
  // Cleared on 'close', which a pg Client never emits: the interval outlives it.
  {
    code: `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
client.on('close', () => clearInterval(keepAlive));
`,
    output: `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => console.error(err));
const keepAlive = setInterval(() => client.query('SELECT 1'), 30000);
client.once('end', () => clearInterval(keepAlive));
client.on('close', () => clearInterval(keepAlive));
`,
    errors: [{ messageId: 'timerNotCleared', line: 5 }],
  },
  // A mysql2 connection's last event is its fatal 'error': reported, but no fix (a listener
  // added for the cleanup would also swallow its errors).
  {
    code: `
const mysql = require('mysql2');
const connection = mysql.createConnection({ host: '127.0.0.1' });
const keepAlive = setInterval(() => connection.ping(), 30000);
`,
    output: null,
    errors: [{ messageId: 'timerNotCleared', data: { handle: 'keepAlive', timer: 'an interval', socket: 'connection' }, line: 4 }],
  },
];
