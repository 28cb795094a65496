/**
 * cleanup-dead-socket on a real server (127.0.0.1): a per-connection heartbeat interval and a
 * client registry, written without cleanup, leak once a client resets; after `eslint --fix`
 * (through ESLint's API) the same server releases both.
 *
 * Each server runs as a child Node process, so its timers never leak into the test runner. The
 * test drives it over stdin/stdout: the child prints its port, then answers each `probe` line with
 * how many sockets closed, how many the registry holds and how many timers are active
 * (`process.getActiveResourcesInfo()` counts 'Timeout').
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import { ESLint } from 'eslint';
import WebSocket from 'ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import plugin from '../../src/index.js';
import { closedPort, connectedPair, listen, LOOPBACK, nextClose, Opened, recordEvents, within } from '../support/loopback.js';

const LEAKY_SERVER = `import net from 'node:net';
import readline from 'node:readline';

const clients = new Set();
let closed = 0;

const server = net.createServer((socket) => {
  socket.on('error', () => {});
  socket.on('close', () => {
    closed += 1;
  });
  clients.add(socket);
  const heartbeat = setInterval(() => {
    socket.write('ping\\n');
  }, 20);
  socket.write('registered\\n');
});

server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'probe') {
    const timers = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    console.log(JSON.stringify({ closed, clients: clients.size, timers }));
  } else if (line === 'exit') {
    process.exit(0);
  }
});
`;

interface Probe {
  closed: number;
  clients: number;
  timers: number;
}

const workDir = mkdtempSync(path.join(os.tmpdir(), 'cleanup-dead-socket-live-'));
const children = new Set<ChildProcessWithoutNullStreams>();

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

async function lintAndFix(source: string): Promise<{ output: string; reports: string[] }> {
  const eslint = new ESLint({
    cwd: workDir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.mjs'],
        plugins: { 'socket-errors': plugin as never },
        rules: { 'socket-errors/cleanup-dead-socket': 'error' },
      },
    ],
    fix: true,
  });
  const [result] = await eslint.lintText(source, { filePath: path.join(workDir, 'server.mjs') });
  return { output: result?.output ?? source, reports: (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`) };
}

/** Starts the server source in a child process; resolves its port and a probe function. */
async function startServer(name: string, source: string) {
  const file = path.join(workDir, `${name}.mjs`);
  writeFileSync(file, source);
  const child = spawn(process.execPath, [file], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  lines.on('line', (line) => waiting.shift()?.resolve(line));
  child.once('exit', (code) => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`${name} exited (${code}): ${stderr}`));
  });
  const nextLine = (what: string) =>
    within(new Promise<string>((resolve, reject) => waiting.push({ resolve, reject })), `${what} from the ${name} server`, 5_000);
  const { port } = JSON.parse(await nextLine('its port')) as { port: number };
  const probe = async (): Promise<Probe> => {
    child.stdin.write('probe\n');
    return JSON.parse(await nextLine('a probe answer')) as Probe;
  };
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.write('exit\n');
    await within(exited, `${name} server exit`, 5_000).catch(() => child.kill('SIGKILL'));
    children.delete(child);
  };
  return { port, probe, stop };
}

/** A client connects, waits until the server registered it, then resets the connection. */
async function connectAndReset(port: number): Promise<void> {
  const client = net.connect(port, LOOPBACK);
  client.on('error', () => {});
  try {
    await within(
      new Promise<void>((resolve) => {
        let seen = '';
        client.on('data', (chunk: Buffer) => {
          seen += String(chunk);
          if (seen.includes('registered\n')) resolve();
        });
      }),
      'the server to register the client',
    );
  } finally {
    client.resetAndDestroy();
  }
}

/** Probes until the server saw the socket close (bounded), then returns that probe. */
async function afterClose(probe: () => Promise<Probe>): Promise<Probe> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const answer = await probe();
    if (answer.closed >= 1) {
      // One more round trip: a 'close' listener added by the fix runs in the same tick as ours.
      return probe();
    }
    if (Date.now() > deadline) throw new Error(`the server never saw the client close: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('cleanup-dead-socket on a live server', () => {
  it('the unfixed server leaks the interval and the registry entry; the fixed one releases both', async () => {
    const { output, reports } = await lintAndFix(LEAKY_SERVER);
    // Both leaks are found and fixed unattended; what remains is nothing.
    expect(output).not.toBe(LEAKY_SERVER);
    expect(output).toContain("socket.once('close', () => clients.delete(socket));");
    expect(output).toContain("socket.once('close', () => clearInterval(heartbeat));");
    expect(reports).toEqual([]);
    const second = await lintAndFix(output);
    expect(second.output).toBe(output);

    const leaky = await startServer('leaky', LEAKY_SERVER);
    try {
      await connectAndReset(leaky.port);
      const after = await afterClose(leaky.probe);
      expect(after).toEqual({ closed: 1, clients: 1, timers: 1 });
    } finally {
      await leaky.stop();
    }

    const fixed = await startServer('fixed', output);
    try {
      await connectAndReset(fixed.port);
      const after = await afterClose(fixed.probe);
      expect(after).toEqual({ closed: 1, clients: 0, timers: 0 });
    } finally {
      await fixed.stop();
    }
  });
});

/**
 * Which events a client socket that fails emits (connectTimerNotCleared): none of them is the
 * success event, so a connect timeout cleared only on 'connect' (or the first 'data') is still armed
 * after 'close'.
 */
describe("the events of a client socket that fails before it is up", () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());
  const EVENTS = ['connect', 'ready', 'data', 'end', 'error', 'close'];

  it("a refused connect emits 'error' then 'close', never 'connect'", async () => {
    const socket = opened.socket(net.connect(await closedPort(), LOOPBACK));
    const seen = recordEvents(socket, EVENTS);
    await nextClose(socket);
    expect(seen).toEqual(['error ECONNREFUSED', 'close']);
  });

  it("a ws WebSocket whose connect is refused emits 'error' then 'close', never 'open'", async () => {
    const ws = new WebSocket(`ws://${LOOPBACK}:${await closedPort()}/`);
    const seen = recordEvents(ws, ['open', 'error', 'close']);
    await within(new Promise<void>((resolve) => ws.once('close', () => resolve())), 'the WebSocket to close');
    expect(seen).toEqual(['error ECONNREFUSED', 'close']);
  });

  it("a socket destroyed before it connects (an abort) emits only 'close'", async () => {
    const port = await listen(opened.server(net.createServer()));
    const socket = opened.socket(net.connect(port, LOOPBACK));
    const seen = recordEvents(socket, EVENTS);
    socket.destroy();
    await nextClose(socket);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['close']);
  });

  it("a peer that hangs up before sending anything gives 'end' or 'error', then 'close', never 'data'", async () => {
    const finServer = opened.server(net.createServer((peer) => peer.end()));
    const fin = opened.socket(net.connect(await listen(finServer), LOOPBACK));
    const finSeen = recordEvents(fin, EVENTS);
    await nextClose(fin);
    expect(finSeen).toEqual(['connect', 'ready', 'end', 'close']);

    const rstServer = opened.server(net.createServer((peer) => setTimeout(() => peer.resetAndDestroy(), 20)));
    const rst = opened.socket(net.connect(await listen(rstServer), LOOPBACK));
    const rstSeen = recordEvents(rst, EVENTS);
    await nextClose(rst);
    expect(rstSeen).toEqual(['connect', 'ready', 'error ECONNRESET', 'close']);
  });
});

/**
 * When `end(cb)` calls `cb` (src/model/end-callbacks.ts): a promise settled only there waits for
 * ever on a socket that a plain `destroy()` closed first, at once or turns earlier; after a reset,
 * the peer's FIN, or a `destroy()` while the end is pending, `cb` runs (with an error).
 */
describe('the callback of end() on a socket that is already gone', () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  /** Whether `cb` of `socket.end(cb)` ran within 200 ms, and with which code. */
  function endCallback(socket: net.Socket): Promise<string> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('never'), 200);
      socket.end((err?: NodeJS.ErrnoException | null) => {
        clearTimeout(timer);
        resolve(err?.code ?? 'ran');
      });
    });
  }

  it('never runs after a destroy() without an error, in the same turn or a later one', async () => {
    const { client: sameTurn } = await connectedPair(opened);
    sameTurn.destroy();
    expect(await endCallback(sameTurn)).toBe('never');

    const { client: later } = await connectedPair(opened);
    later.destroy();
    await nextClose(later);
    expect(await endCallback(later)).toBe('never');
  });

  it("runs after a reset, after the peer's FIN, and when destroy() comes while the end is pending", async () => {
    const reset = await connectedPair(opened);
    reset.client.on('error', () => {});
    reset.peer.resetAndDestroy();
    await nextClose(reset.client);
    expect(await endCallback(reset.client)).toBe('ERR_STREAM_DESTROYED');

    const fin = await connectedPair(opened);
    fin.peer.end();
    await nextClose(fin.client);
    expect(await endCallback(fin.client)).toBe('ERR_STREAM_ALREADY_FINISHED');

    // The peer reads nothing, so the end waits behind a large write until destroy().
    const pending = await connectedPair(opened);
    pending.peer.pause();
    pending.client.write(Buffer.alloc(16 * 1024 * 1024));
    const settled = endCallback(pending.client);
    pending.client.destroy();
    expect(await settled).toBe('ERR_STREAM_DESTROYED');
  });
});

/**
 * The events one side of a loopback connection emits within a while after the server does
 * `serverDoes` to its socket: the client's (with a 'data' listener when `reading`), or the server
 * socket's own (an error with its message). The other side swallows its errors.
 */
async function sideEvents(side: 'client' | 'server', serverDoes: (socket: net.Socket) => void, reading = false): Promise<string[]> {
  const events: string[] = [];
  const watch = (socket: net.Socket): void => {
    for (const event of ['end', 'error', 'close']) socket.on(event, (err?: Error) => events.push(event === 'error' && side === 'server' ? `error ${err?.message}` : event));
    if (reading) socket.on('data', () => {});
  };
  const server = net.createServer((socket) => {
    if (side === 'server') watch(socket);
    else socket.on('error', () => {});
    serverDoes(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  if (side === 'client') watch(client);
  else client.on('error', () => {});
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
  return events;
}

describe("'error' and 'end' together hear every close the peer makes, as 'close' does", () => {
  const clientEvents = (serverDoes: (socket: net.Socket) => void, reading: boolean): Promise<string[]> => sideEvents('client', serverDoes, reading);

  it.each([true, false])("a FIN brings 'end' and a reset 'error' before 'close'; unread data holds back 'end' and 'close' alike (reading: %s)", async (reading) => {
    expect(await clientEvents((socket) => socket.end(), reading)).toEqual(['end', 'close']);
    expect(await clientEvents((socket) => socket.resetAndDestroy(), reading)).toEqual(['error', 'close']);
    expect(await clientEvents((socket) => socket.end('hello'), reading)).toEqual(reading ? ['end', 'close'] : []);
  });
});

describe("nor a close the application makes itself: its own destroy() brings neither 'error' nor 'end'", () => {
  const ownEvents = (serverDoes: (socket: net.Socket) => void): Promise<string[]> => sideEvents('server', serverDoes);

  it("destroy() and resetAndDestroy() bring only 'close'; destroy(err) brings the error first", async () => {
    expect(await ownEvents((socket) => socket.destroy())).toEqual(['close']);
    expect(await ownEvents((socket) => socket.resetAndDestroy())).toEqual(['close']);
    expect(await ownEvents((socket) => socket.setTimeout(20, () => socket.destroy()))).toEqual(['close']);
    expect(await ownEvents((socket) => socket.destroy(new Error('too much')))).toEqual(['error too much', 'close']);
  });
});

describe('a connect timer cleared only in the connect callback', () => {
  it('lets the callback run twice on a refused connect: once with ECONNREFUSED, then with the timeout', async () => {
    const port = await closedPort();
    const calls: string[] = [];
    const socket = new net.Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      calls.push('timeout');
    }, 150);
    socket.on('error', (err: NodeJS.ErrnoException) => calls.push(err.code ?? 'error'));
    socket.connect(port, LOOPBACK, () => {
      clearTimeout(timer);
      calls.push('connected');
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    socket.destroy();
    expect(calls).toEqual(['ECONNREFUSED', 'timeout']);
  });
});

describe('an interval started for a connection, its handle dropped', () => {
  const opened = new Opened();
  afterEach(() => opened.closeAll());

  it("keeps firing after the socket closed, each write failing, until the process clears it", async () => {
    const server = opened.server(net.createServer((peer) => peer.destroy()));
    const socket = opened.socket(net.connect(await listen(server), LOOPBACK));
    socket.on('error', () => {});
    const failed: string[] = [];
    let firedAfterClose = 0;
    let closed = false;
    socket.on('close', () => (closed = true));
    // The shape under test drops the handle; the test keeps it only to stop it at the end.
    const interval = setInterval(() => {
      if (closed) firedAfterClose += 1;
      socket.write('ping\n', (err) => err && failed.push((err as NodeJS.ErrnoException).code ?? err.message));
    }, 10);
    try {
      await nextClose(socket);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(firedAfterClose).toBeGreaterThan(2);
      expect(failed.length).toBeGreaterThan(2);
    } finally {
      clearInterval(interval);
    }
  });
});
