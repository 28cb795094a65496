/**
 * no-fatal-close-errors on the 'error' listeners of client libraries' objects (src/libraries.ts):
 * a pool's idle client or a WebSocket that loses its connection emits the same routine codes as a
 * socket, and a `throw` there crashes the process. `guard` is the fix's guard line (its form
 * depends on whether the checker types `err`); `untypedGuard` the one where it cannot (`require`
 * gives `any` in a TypeScript file).
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
  // ioredis is not in the table (it does not crash without a listener): not judged here.
  `
import Redis from 'ioredis';
const redis = new Redis();
redis.on('error', (err) => {
  throw err;
});
`,
];

export function libraryInvalid(guard: string, untypedGuard: string): InvalidTestCase<MessageIds, Options>[] {
  return [
    // An idle client's ECONNRESET (the database restarted) reaches the throw.
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
  ${guard}
  throw err;
});
`,
      errors: [
        {
          messageId: 'fatalCloseError',
          data: { source: "'error' listener", sink: 'throw', codes: 'ENOTCONN, ECONNRESET and EPIPE' },
          line: 5,
        },
      ],
    },
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
  ${untypedGuard}
  process.exit(1);
});
`,
      errors: [{ messageId: 'fatalCloseError', line: 6 }],
    },
  ];
}
