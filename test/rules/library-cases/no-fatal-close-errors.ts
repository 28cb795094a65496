/**
 * no-fatal-close-errors on the 'error' listeners of client libraries' objects (src/libraries.ts):
 * a pool's idle client or a WebSocket that loses its connection emits the same routine codes as a
 * socket, and a `throw` there crashes the process. The codes are the ones the table measured for
 * each object (its `routineErrorCodes`), not the configured ones.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import type { NoFatalCloseErrorsOptions } from '../../../rules/no-fatal-close-errors.js';

type Options = [NoFatalCloseErrorsOptions];
type MessageIds = 'fatalCloseError' | 'fatalReemit' | 'addGuard';

export const libraryValid: readonly (string | ValidTestCase<Options>)[] = [
  // Routine codes return first; anything else is unexpected and may crash on purpose.
  `
import pg from 'pg';
import { isBenignCloseError } from 'eslint-plugin-socket-errors/codes';
const pool = new pg.Pool();
pool.on('error', (err) => {
  if (isBenignCloseError(err)) return;
  throw err;
});
`,
  // A log-only listener is what the table's objects need.
  `
import WebSocket from 'ws';
const ws = new WebSocket('wss://feed.example.com');
ws.on('error', (err) => console.warn('feed lost', err));
`,
  // A Redis client's listener that returns on both of its routine codes.
  `
import { createClient } from 'redis';
const client = createClient();
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET') return;
  throw err;
});
`,
  // A pool's listener that returns on ECONNRESET: the other default codes (EPIPE, ENOTCONN) never reach it.
  `
const { Pool } = require('pg');
const pool = new Pool();
pool.on('error', (err) => {
  if (err.code === 'ECONNRESET') return;
  process.exit(1);
});
`,
  // A server-side WebSocket's 'error' is a protocol error (an invalid frame), never a socket code.
  `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('error', (err) => console.error(err));
wss.on('connection', (ws) => {
  ws.on('error', (err) => {
    throw err;
  });
});
`,
  // ioredis is not in the table (it does not crash without a listener): not judged here.
  `
import Redis from 'ioredis';
const redis = new Redis();
redis.on('error', (err) => {
  throw err;
});
`,
];

/** The fix's guard for `codes`: typed, the checker knows `err` is an object; untyped it cannot. */
function guardFor(codes: readonly string[], typed: boolean): string {
  const tests = codes.map((code) => `err.code === '${code}'`).join(' || ');
  const grouped = codes.length > 1 ? `(${tests})` : tests;
  return typed ? `if ('code' in err && ${grouped}) return;` : `if (typeof err === 'object' && err !== null && 'code' in err && ${grouped}) return;`;
}

/** `typed`: run with type information (where the listener's `err` is typed as an Error). */
export function libraryInvalid(typed: boolean): InvalidTestCase<MessageIds, Options>[] {
  return [
    // An idle client's ECONNRESET (the database restarted) reaches the throw: the pool's measured code only.
    {
      code: `
import pg from 'pg';
const pool = new pg.Pool();
pool.on('error', (err) => {
  throw err;
});
`,
      output: `
import pg from 'pg';
const pool = new pg.Pool();
pool.on('error', (err) => {
  ${guardFor(['ECONNRESET'], typed)}
  throw err;
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'ECONNRESET' }, line: 5 }],
    },
    // A WebSocket that cannot connect gets ECONNREFUSED (`require` gives `any` in a TypeScript file).
    {
      code: `
const WebSocket = require('ws');
const ws = new WebSocket('wss://feed.example.com');
ws.on('error', function (err) {
  console.error('feed lost', err);
  process.exit(1);
});
`,
      output: `
const WebSocket = require('ws');
const ws = new WebSocket('wss://feed.example.com');
ws.on('error', function (err) {
  console.error('feed lost', err);
  ${guardFor(['ECONNREFUSED'], false)}
  process.exit(1);
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'process.exit()', codes: 'ECONNREFUSED' }, line: 6 }],
    },
    // A Redis client gets ECONNREFUSED on every reconnection attempt while the server is down
    // (its typings give the listener's `err` no type).
    {
      code: `
import { createClient } from 'redis';
const client = createClient({ url: 'redis://127.0.0.1:6379' });
client.on('error', (err) => {
  throw err;
});
`,
      output: `
import { createClient } from 'redis';
const client = createClient({ url: 'redis://127.0.0.1:6379' });
client.on('error', (err) => {
  ${guardFor(['ECONNRESET', 'ECONNREFUSED'], false)}
  throw err;
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'ECONNRESET and ECONNREFUSED' }, line: 5 }],
    },
    // Only the reconnect's code is let through: a reset still crashes.
    {
      code: `
const redis = require('redis');
const client = redis.createClient();
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') return;
  process.exit(1);
});
`,
      output: `
const redis = require('redis');
const client = redis.createClient();
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') return;
  ${guardFor(['ECONNRESET'], false)}
  process.exit(1);
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'process.exit()', codes: 'ECONNRESET' }, line: 6 }],
    },
    // The configured codes do not decide for a library object: its table entry does.
    {
      code: `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => {
  throw err;
});
`,
      options: [{ codes: ['EPIPE'] }],
      output: `
import { Client } from 'pg';
const client = new Client();
client.on('error', (err) => {
  ${guardFor(['ECONNRESET'], typed)}
  throw err;
});
`,
      errors: [{ messageId: 'fatalCloseError', data: { source: "'error' listener", sink: 'throw', codes: 'ECONNRESET' }, line: 5 }],
    },
  ];
}
