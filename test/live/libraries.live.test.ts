/**
 * The facts behind the library table (src/libraries.ts), measured on 127.0.0.1: for each library
 * object in it, a small application run in a child Node process, against a fake server that accepts
 * and then resets (or a port that refuses, or one already taken), dies with "Unhandled 'error'
 * event" when it gives the object no 'error' listener; the same application with the listener the
 * rule asks for survives. Libraries that handle their own errors (ioredis, mqtt, mysql2's pools and
 * promise API) are shown surviving without a listener: they are not in the table.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import isomorphicWs from 'isomorphic-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocketClass from 'ws';

import { LIBRARY_OBJECTS } from '../../src/libraries.js';
import { runNode, within } from '../support/loopback.js';
import { applyFirstSuggestion } from './server-process.js';
import {
  fakeAmqp,
  fakeMqtt,
  fakeMysql,
  fakePostgres,
  fakePostgresResettingStartup,
  fakeRedis,
  refusingPort,
  takenPort,
  takenUdpPort,
  type FakeServer,
} from './fake-servers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** How long a child must live on after the failure happened to count as surviving it. */
const GRACE_MS = 500;

interface Outcome {
  /** The exit code, or `'alive'` when it still ran `GRACE_MS` after `settled` showed in its output. */
  code: number | null | 'alive';
  stdout: string;
  stderr: string;
}

/** Exited cleanly (nothing left to do once the connection was gone), or still running. */
function survived(outcome: Outcome): boolean {
  return outcome.code === 0 || outcome.code === 'alive';
}

const servers = new Set<FakeServer>();
afterAll(async () => {
  await Promise.all([...servers].map((server) => server.close()));
});

/**
 * Runs `app` (an ES module; `PORT` is in its environment) in a child Node, from the project root,
 * until it exits, or until its output matches `settled` (the failure happened and was printed) and
 * it is still alive `GRACE_MS` later. Waiting on output, not on a clock, keeps a slow machine from
 * failing the test.
 */
async function run(app: string, start: () => Promise<FakeServer>, settled?: RegExp): Promise<Outcome> {
  const server = await start();
  servers.add(server);
  const child = spawn(process.execPath, ['--input-type=module', '--eval', app], {
    cwd: root,
    env: { ...process.env, PORT: String(server.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // 'close', not 'exit': 'exit' can come before the last of the child's output is read (seen once
  // on a loaded machine: the listener's line was printed, yet missing from stdout).
  const exited = new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  const alive = new Promise<'alive'>((resolve) => {
    const check = (): void => {
      if (settled?.test(stdout + stderr)) setTimeout(() => resolve('alive'), GRACE_MS);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), check()));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), check()));
  });
  try {
    const code = await within(Promise.race([exited, alive]), 'the application to crash or survive', 10_000);
    return { code: child.exitCode ?? (child.signalCode ? null : code), stdout, stderr };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await server.close();
    servers.delete(server);
  }
}

/**
 * One library object: the application without the listener (`flagged`) and with it (`accepted`).
 * `handled` is what the accepted application's listener prints: the error really came.
 */
interface Trial {
  object: string;
  server: () => Promise<FakeServer>;
  flagged: string;
  accepted: string;
  crash: RegExp;
  handled: RegExp;
  /** How the crash shows, when not through EventEmitter's own throw. */
  unhandled?: RegExp;
}

const UNHANDLED = /Unhandled 'error' event/u;

/** A WebSocket peer that completes the handshake, then sends a frame with the reserved opcode 3. */
const BAD_PEER = `import net from 'node:net';
import { WebSocketServer } from 'ws';
function badPeer(port) {
  const peer = net.connect(port, '127.0.0.1');
  peer.on('error', () => {});
  peer.write('GET / HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n');
  peer.once('data', () => peer.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0])));
}`;

export const TRIALS: readonly Trial[] = [
  {
    object: 'pg.Pool',
    server: fakePostgres,
    flagged: `import pg from 'pg';
const pool = new pg.Pool({ host: '127.0.0.1', port: Number(process.env.PORT) });
const client = await pool.connect();
client.release(); // idle in the pool when the server resets it
`,
    accepted: `import pg from 'pg';
const pool = new pg.Pool({ host: '127.0.0.1', port: Number(process.env.PORT) });
pool.on('error', (err) => console.log('idle client lost:', err.code));
const client = await pool.connect();
client.release();
`,
    crash: /ECONNRESET/u,
    handled: /idle client lost: ECONNRESET/u,
  },
  {
    // The pool's own listener covers idle clients only: it removes it from the client it hands out.
    object: 'pg.PoolClient',
    server: fakePostgres,
    flagged: `import pg from 'pg';
const pool = new pg.Pool({ host: '127.0.0.1', port: Number(process.env.PORT) });
pool.on('error', (err) => console.log('idle client lost:', err.code));
const client = await pool.connect(); // held, as during a long transaction
`,
    accepted: `import pg from 'pg';
const pool = new pg.Pool({ host: '127.0.0.1', port: Number(process.env.PORT) });
pool.on('error', (err) => console.log('idle client lost:', err.code));
const client = await pool.connect();
client.on('error', (err) => console.log('checked-out client lost:', err.code));
`,
    crash: /ECONNRESET/u,
    handled: /checked-out client lost: ECONNRESET/u,
  },
  {
    object: 'pg.Client',
    server: fakePostgres,
    flagged: `import { Client } from 'pg';
const client = new Client({ host: '127.0.0.1', port: Number(process.env.PORT) });
await client.connect();
`,
    accepted: `import { Client } from 'pg';
const client = new Client({ host: '127.0.0.1', port: Number(process.env.PORT) });
client.on('error', (err) => console.log('database connection lost:', err.code));
await client.connect();
`,
    crash: /ECONNRESET/u,
    handled: /database connection lost: ECONNRESET/u,
  },
  {
    object: 'redis.createClient',
    server: fakeRedis,
    flagged: `import { createClient } from 'redis';
const client = createClient({ url: \`redis://127.0.0.1:\${process.env.PORT}\` });
await client.connect();
`,
    accepted: `import { createClient } from 'redis';
const client = createClient({ url: \`redis://127.0.0.1:\${process.env.PORT}\` });
client.on('error', (err) => console.log('redis:', err.code));
await client.connect();
`,
    crash: /ECONNRESET/u,
    handled: /redis: ECONNRESET/u,
  },
  {
    object: 'ws.WebSocket',
    server: refusingPort,
    flagged: `import WebSocket from 'ws';
const ws = new WebSocket(\`ws://127.0.0.1:\${process.env.PORT}\`);
ws.on('close', () => console.log('closed'));
`,
    accepted: `import WebSocket from 'ws';
const ws = new WebSocket(\`ws://127.0.0.1:\${process.env.PORT}\`);
ws.on('error', (err) => console.log('feed:', err.code));
ws.on('close', () => console.log('closed'));
`,
    crash: /ECONNREFUSED/u,
    handled: /feed: ECONNREFUSED/u,
  },
  {
    object: 'ws.WebSocketServer',
    server: takenPort,
    flagged: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT) });
wss.on('listening', () => console.log('listening'));
`,
    accepted: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT) });
wss.on('error', (err) => console.log('cannot listen:', err.code));
wss.on('listening', () => console.log('listening'));
`,
    crash: /EADDRINUSE/u,
    handled: /cannot listen: EADDRINUSE/u,
  },
  {
    // One client that sends a frame with a reserved opcode (here a raw socket in the same process).
    object: 'ws.WebSocketServer#connection',
    server: refusingPort,
    flagged: `${BAD_PEER}
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT) });
wss.on('error', (err) => console.log('cannot listen:', err.code));
wss.on('listening', () => badPeer(Number(process.env.PORT)));
wss.on('connection', (ws) => {
  ws.send('hello');
});
`,
    accepted: `${BAD_PEER}
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT) });
wss.on('error', (err) => console.log('cannot listen:', err.code));
wss.on('listening', () => badPeer(Number(process.env.PORT)));
wss.on('connection', (ws) => {
  ws.on('error', (err) => console.log('bad client:', err.code));
  ws.send('hello');
});
`,
    crash: /invalid opcode 3/u,
    handled: /bad client: WS_ERR_INVALID_OPCODE/u,
  },
  {
    object: 'mysql2.createConnection',
    server: fakeMysql,
    flagged: `import mysql from 'mysql2';
const connection = mysql.createConnection({ host: '127.0.0.1', port: Number(process.env.PORT), user: 'app' });
connection.connect((err) => console.log('connected', err?.code ?? 'ok'));
`,
    accepted: `import mysql from 'mysql2';
const connection = mysql.createConnection({ host: '127.0.0.1', port: Number(process.env.PORT), user: 'app' });
connection.on('error', (err) => console.log('mysql:', err.code));
connection.connect((err) => console.log('connected', err?.code ?? 'ok'));
`,
    // A reset read before the connection notices the close is ECONNRESET; after, mysql2's own code.
    crash: /ECONNRESET|PROTOCOL_CONNECTION_LOST/u,
    handled: /mysql: (?:ECONNRESET|PROTOCOL_CONNECTION_LOST)/u,
  },
  {
    object: 'amqplib.connect',
    server: () => fakeAmqp('reset'),
    flagged: `import amqp from 'amqplib';
const connection = await amqp.connect(\`amqp://127.0.0.1:\${process.env.PORT}\`);
connection.on('close', () => console.log('closed'));
`,
    accepted: `import amqp from 'amqplib';
const connection = await amqp.connect(\`amqp://127.0.0.1:\${process.env.PORT}\`);
connection.on('error', (err) => console.log('broker:', err.code));
connection.on('close', () => console.log('closed'));
`,
    crash: /ECONNRESET/u,
    handled: /broker: ECONNRESET/u,
    // amqplib emits through a helper that rethrows what `emit` threw: the same crash, another stack.
    unhandled: /at safeEmit \(.*amqplib/u,
  },
  {
    object: 'dgram.createSocket',
    server: takenUdpPort,
    flagged: `import dgram from 'node:dgram';
const socket = dgram.createSocket('udp4');
socket.bind(Number(process.env.PORT), '127.0.0.1');
`,
    accepted: `import dgram from 'node:dgram';
const socket = dgram.createSocket('udp4');
socket.on('error', (err) => console.log('udp:', err.code));
socket.bind(Number(process.env.PORT), '127.0.0.1');
`,
    crash: /EADDRINUSE/u,
    handled: /udp: EADDRINUSE/u,
  },
];

describe.concurrent('library objects without an error listener crash the process', () => {
  it('every object of the table has a trial, and only those', () => {
    expect(TRIALS.map((trial) => trial.object).sort()).toEqual(LIBRARY_OBJECTS.map((entry) => entry.id).sort());
  });

  for (const trial of TRIALS) {
    it(`${trial.object}: crashes without an 'error' listener`, async () => {
      const outcome = await run(trial.flagged, trial.server);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(trial.unhandled ?? UNHANDLED);
      expect(outcome.stderr).toMatch(trial.crash);
    });

    it(`${trial.object}: the rule flags the crashing application, accepts the surviving one`, () => {
      const flagged = applyFirstSuggestion(trial.flagged, 'require-error-listener');
      expect(flagged.reported).toBe(1);
      expect(flagged.output).toMatch(/\.on\('error', \(err\) => console\.error\(err\)\);/u);
      expect(applyFirstSuggestion(flagged.output, 'require-error-listener').reported).toBe(0);
      expect(applyFirstSuggestion(trial.accepted, 'require-error-listener').reported).toBe(0);
    });

    it(`${trial.object}: survives with one`, async () => {
      const outcome = await run(trial.accepted, trial.server, trial.handled);
      expect(outcome.stderr).toBe('');
      expect(survived(outcome)).toBe(true);
      expect(outcome.stdout).toMatch(trial.handled);
      // The codes the listener got are the table's (a code, not a message like mysql2's own).
      const table = LIBRARY_OBJECTS.find((entry) => entry.id === trial.object)!;
      for (const code of outcome.stdout.match(/\bE[A-Z]{3,}\b/gu) ?? []) expect(table.routineErrorCodes).toContain(code);
    });
  }
});

describe.concurrent('what the table leaves out, and why', () => {
  it('ioredis: without a listener it prints "Unhandled error event" and reconnects; the process lives', async () => {
    const app = `import Redis from 'ioredis';
const redis = new Redis(Number(process.env.PORT), '127.0.0.1');
`;
    const outcome = await run(app, fakeRedis, /\[ioredis\] Unhandled error event: .*ECONNRESET/u);
    expect(survived(outcome)).toBe(true);
  });

  it('mqtt: neither a refused connection nor a refused CONNACK crashes a client without a listener', async () => {
    const app = `import mqtt from 'mqtt';
const client = mqtt.connect(\`mqtt://127.0.0.1:\${process.env.PORT}\`, { reconnectPeriod: 0 });
client.on('close', () => console.log('closed'));
`;
    for (const server of [refusingPort, () => fakeMqtt(5)]) {
      const outcome = await run(app, server, /closed/u);
      expect(survived(outcome)).toBe(true);
      expect(outcome.stderr).toBe('');
    }
  });

  it("mysql2's pools and promise API keep a reset from crashing the application", async () => {
    const apps = [
      `import mysql from 'mysql2';
const pool = mysql.createPool({ host: '127.0.0.1', port: Number(process.env.PORT), user: 'app' });
pool.getConnection((err, connection) => {
  connection?.release();
  console.log('idle');
});
`,
      `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ host: '127.0.0.1', port: Number(process.env.PORT), user: 'app' });
(await pool.getConnection()).release();
console.log('idle');
`,
      `import mysql from 'mysql2/promise';
const connection = await mysql.createConnection({ host: '127.0.0.1', port: Number(process.env.PORT), user: 'app' });
console.log('idle');
`,
    ];
    for (const app of apps) {
      // The fake resets the connection RESET_AFTER_MS after its handshake, well within the grace time.
      const outcome = await run(app, fakeMysql, /idle/u);
      expect(survived(outcome)).toBe(true);
      expect(outcome.stderr).toBe('');
    }
  });

  it('amqplib: a channel without a listener does not crash, its error closes the whole connection', async () => {
    const app = (listen: boolean) => `import amqp from 'amqplib';
const connection = await amqp.connect(\`amqp://127.0.0.1:\${process.env.PORT}\`);
connection.on('error', (err) => console.log('connection error:', err.message));
connection.on('close', () => console.log('connection closed'));
const channel = await connection.createChannel();
${listen ? "channel.on('error', (err) => console.log('channel error:', err.code));" : ''}
`;
    const without = await run(app(false), () => fakeAmqp('close-channel'), /connection closed/u);
    expect(without.stdout).toMatch(/connection error: Channel closed by server: 404/u);
    const withListener = await run(app(true), () => fakeAmqp('close-channel'), /channel error: 404/u);
    expect(survived(withListener)).toBe(true);
    expect(withListener.stdout).not.toContain('connection closed');
  });

  it("pg: once('error') is not enough, a reset brings a second error", async () => {
    const app = `import pg from 'pg';
const client = new pg.Client({ host: '127.0.0.1', port: Number(process.env.PORT) });
client.once('error', (err) => console.log('lost:', err.code));
await client.connect();
`;
    const outcome = await run(app, fakePostgres);
    expect(outcome.stdout).toContain('lost: ECONNRESET');
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/Unhandled 'error' event[\s\S]*Connection terminated unexpectedly/u);
  });

  it('redis: with no listener yet, a refused first connection rejects connect() and stops retrying', async () => {
    const app = (early: boolean) => `import { createClient } from 'redis';
const client = createClient({ url: \`redis://127.0.0.1:\${process.env.PORT}\` });
${early ? "client.on('error', (err) => console.log('redis:', err.code));" : ''}
await client.connect().then(() => console.log('connected'), (err) => console.log('connect() rejected:', err.code));
`;
    const late = await run(app(false), refusingPort);
    expect(late.code).toBe(0);
    expect(late.stdout).toContain('connect() rejected: ECONNREFUSED');
    const early = await run(app(true), refusingPort, /(?:redis: ECONNREFUSED[\s\S]*){2}/u); // still retrying
    expect(survived(early)).toBe(true);
    expect(early.stdout).not.toContain('connect() rejected');
  });
});

describe("pg.Client: until connect() settles, its errors go to connect()'s callback or promise", () => {
  const app = (connect: string) => `import { Client } from 'pg';
const client = new Client({ host: '127.0.0.1', port: Number(process.env.PORT) });
${connect}
`;
  const byCallback = app("client.connect((err) => { console.log('callback:', err ? err.code : 'connected'); if (!err) client.on('error', (e) => console.log('lost:', e.code)); });");
  const byPromise = app("await client.connect().then(() => client.on('error', (e) => console.log('lost:', e.code)), (err) => console.log('rejected:', err.code));");

  it('a refused connection reaches them, with no listener on the client', async () => {
    expect(await run(byCallback, refusingPort)).toMatchObject({ code: 0, stdout: 'callback: ECONNREFUSED\n' });
    expect(await run(byPromise, refusingPort)).toMatchObject({ code: 0, stdout: 'rejected: ECONNREFUSED\n' });
  });

  it('so does a reset during the startup', async () => {
    expect(await run(byCallback, fakePostgresResettingStartup)).toMatchObject({ code: 0, stdout: 'callback: ECONNRESET\n' });
    expect(await run(byPromise, fakePostgresResettingStartup)).toMatchObject({ code: 0, stdout: 'rejected: ECONNRESET\n' });
  });

  it('a listener added once it settles hears the reset that comes later', async () => {
    const connected = await run(byCallback, fakePostgres, /lost: ECONNRESET/u);
    expect(survived(connected)).toBe(true);
    expect(connected.stdout).toMatch(/^callback: connected\nlost: ECONNRESET\n/u);
    const awaited = await run(byPromise, fakePostgres, /lost: ECONNRESET/u);
    expect(survived(awaited)).toBe(true);
  });
});

describe('isomorphic-ws is ws in Node, so the table counts its objects as ws\'s', () => {
  it("its module is ws's own", () => {
    expect(isomorphicWs).toBe(WebSocketClass);
  });

  const client = `import WebSocket from 'isomorphic-ws';
const feed = new WebSocket(\`ws://127.0.0.1:\${process.env.PORT}\`);
feed.onclose = () => console.log('closed');
`;

  it('a client of it with no listener crashes on a refused connection; the rule reports it, and its suggestion keeps the process alive', async () => {
    const bare = await run(client, refusingPort);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(UNHANDLED);
    expect(bare.stderr).toMatch(/ECONNREFUSED/u);
    const fixed = applyFirstSuggestion(client, 'require-error-listener');
    expect(fixed.reported).toBe(1);
    const outcome = await run(fixed.output, refusingPort, /closed/u);
    expect(survived(outcome)).toBe(true);
    expect(outcome.stderr).toMatch(/ECONNREFUSED/u);
    expect(outcome.stdout).toMatch(/closed/u);
  });
});

describe("ws.WebSocketServer given a server: it relays that server's errors, and has none of its own", () => {
  /**
   * A child whose HTTP server listens on a port another server of the same child holds, so listen()
   * fails with EADDRINUSE. `wss`: no WebSocket server (`none`), one given the HTTP server
   * (`server`), or one with `noServer: true`; `listen`: which objects get an 'error' listener.
   */
  const child = (wss: 'none' | 'server' | 'noServer', listen: readonly ('http' | 'wss')[]): string => `
const http = require('node:http');
const net = require('node:net');
const { WebSocketServer } = require('ws');
const holder = net.createServer().listen(0, '127.0.0.1', () => {
  const server = http.createServer();
  const wss = ${JSON.stringify(wss)} === 'none' ? undefined : new WebSocketServer(${JSON.stringify(wss)} === 'server' ? { server } : { noServer: true });
  if (${JSON.stringify(listen)}.includes('http')) server.on('error', (err) => console.log('HTTP ' + err.code));
  if (wss && ${JSON.stringify(listen)}.includes('wss')) wss.on('error', (err) => console.log('WSS ' + err.code));
  server.listen(holder.address().port, '127.0.0.1');
  setTimeout(() => { console.log('SURVIVED listening=' + server.listening); holder.close(); server.close(); }, 300);
});`;

  it("adds no crash to a server nobody listens to, and a listener on it alone swallows the listen failure", async () => {
    const [bare, relayed, swallowed] = await Promise.all([runNode(child('none', [])), runNode(child('server', [])), runNode(child('server', ['wss']))]);
    for (const crashed of [bare, relayed]) {
      expect(crashed.status).not.toBe(0);
      expect(crashed.stderr).toMatch(/EADDRINUSE/);
    }
    expect(swallowed.stdout).toMatch(/^WSS EADDRINUSE\nSURVIVED listening=false$/m);
    expect(swallowed.status).toBe(0);
  });

  it("crashes an application that listens on its HTTP server: the relay re-emits where nobody listens", async () => {
    const [handled, relayed] = await Promise.all([runNode(child('none', ['http'])), runNode(child('server', ['http']))]);
    expect(handled.stdout).toMatch(/^HTTP EADDRINUSE$/m);
    expect(handled.status).toBe(0);
    expect(relayed.status).not.toBe(0);
    expect(relayed.stderr).toMatch(/Unhandled 'error' event[\s\S]*EADDRINUSE/);
  });

  it('with noServer: true it emits nothing, and the HTTP server fails on its own', async () => {
    const result = await runNode(child('noServer', ['http']));
    expect(result.stdout).toMatch(/^HTTP EADDRINUSE\nSURVIVED listening=false$/m);
    expect(result.status).toBe(0);
  });
});

describe('pg.Pool used for one run of awaited queries, then ended', () => {
  /**
   * A child with a fake Postgres that answers each simple query and resets the connection right
   * after its first answer. `between` runs between the queries: nothing (one run of awaited
   * queries), or a wait of its own (the client sits idle in the pool across a turn).
   */
  const run = (between: string): string => `
const net = require('node:net');
const { Pool } = require('pg');
setTimeout(() => { console.log('TIMED OUT'); process.exit(0); }, 3000).unref();
const server = net.createServer((socket) => {
  socket.on('error', () => {});
  let started = false;
  let buffer = Buffer.alloc(0);
  socket.on('data', (data) => {
    buffer = Buffer.concat([buffer, data]);
    for (;;) {
      if (!started) {
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
        buffer = buffer.subarray(buffer.readInt32BE(0));
        started = true;
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]));
        continue;
      }
      if (buffer.length < 5 || buffer.length < buffer.readInt32BE(1) + 1) return;
      const type = buffer[0];
      buffer = buffer.subarray(buffer.readInt32BE(1) + 1);
      if (type !== 0x51) continue;
      const tag = Buffer.from('SELECT 0\\0');
      const complete = Buffer.alloc(5);
      complete[0] = 0x43;
      complete.writeInt32BE(4 + tag.length, 1);
      socket.write(Buffer.concat([complete, tag, Buffer.from([0x5a, 0, 0, 0, 5, 0x49])]));
      setImmediate(() => socket.resetAndDestroy());
    }
  });
});
server.listen(0, '127.0.0.1', async () => {
  const pool = new Pool({ host: '127.0.0.1', port: server.address().port, user: 'u', database: 'd' });
  try {
    for (let i = 0; i < 3; i++) {
      await pool.query('SELECT 1');
      ${between}
    }
  } catch (err) {
    console.log('QUERY REJECTED');
  } finally {
    pool.end();
  }
  setTimeout(() => { console.log('SURVIVED'); server.close(); process.exit(0); }, 200);
});`;

  it("survives a reset after any answer: no client is idle across a turn, and a pool emits 'error' only from an idle one", async () => {
    const result = await runNode(run(''));
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it("survives when the run lends its client (which listens) for the queries and gets it back before end(): a lent client is not the pool's", async () => {
    const lent = run('').replace(
      "    for (let i = 0; i < 3; i++) {\n      await pool.query('SELECT 1');",
      "    const client = await pool.connect();\n    client.on('error', () => console.log('CLIENT ERROR'));\n    try {\n      await client.query('SELECT 1');\n    } finally {\n      client.release();\n    }\n    for (let i = 0; i < 0; i++) {",
    );
    expect(lent).toContain('pool.connect()');
    const result = await runNode(lent);
    expect(result.stdout).toContain('SURVIVED');
    expect(result.status).toBe(0);
  });

  it('crashes when the run waits for something else between two queries: the reset finds the client idle', async () => {
    const result = await runNode(run('await new Promise((resolve) => setTimeout(resolve, 50));'));
    expect(result.stdout).not.toContain('SURVIVED');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Unhandled 'error' event[\s\S]*Emitted 'error' event on BoundPool/);
  });
});

describe("a Redis client of the callback API (node_redis 3, made with a port and a host): 'end' is not its last event", () => {
  it("emits 'end' when the server closes the connection, then reconnects and is ready again", async () => {
    const result = await runNode(`
const net = require('node:net');
const redis = require(${JSON.stringify(path.join(root, 'node_modules/redis-v3'))});
let connections = 0;
const server = net.createServer((peer) => {
  connections += 1;
  peer.on('error', () => {});
  peer.on('data', () => peer.write('+OK\\r\\n'));
  if (connections === 1) setTimeout(() => peer.end(), 100);
});
server.listen(0, '127.0.0.1', () => {
  const client = redis.createClient(server.address().port, '127.0.0.1');
  const seen = [];
  for (const event of ['ready', 'end', 'reconnecting', 'error']) client.on(event, () => seen.push(event));
  setTimeout(() => {
    console.log(JSON.stringify({ seen, connections }));
    client.end(true);
    server.close();
  }, 1500);
});`);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ seen: ['ready', 'end', 'reconnecting', 'ready'], connections: 2 });
  });
});
