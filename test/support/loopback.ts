/**
 * Real sockets on 127.0.0.1 for the live tests of the error-code table: bounded waits on events,
 * servers and connected pairs, a tracker that closes everything a test opened, certificates made
 * on the fly, and a child Node process for facts that end (or limit) a process.
 */
import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import net from 'node:net';

import { generate } from 'selfsigned';

/** The only address these tests use. */
export const LOOPBACK = '127.0.0.1';

/** Loopback events arrive in microseconds; a wait this long means the fact did not happen. */
export const EVENT_TIMEOUT_MS = 2_000;

/** Settles like `promise`, or rejects naming what we waited for once `ms` have passed. */
export async function within<T>(promise: Promise<T>, what: string, ms = EVENT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The arguments of the next `event`. Unlike `events.once`, an `'error'` meanwhile does not reject:
 * these tests provoke errors on purpose and listen for them separately.
 */
export function next(emitter: EventEmitter, event: string, what = `'${event}'`): Promise<unknown[]> {
  return within(new Promise<unknown[]>((resolve) => emitter.once(event, (...args: unknown[]) => resolve(args))), what);
}

/** The error of the next `'error'` event. */
export async function nextError(emitter: EventEmitter, what = "'error'"): Promise<NodeJS.ErrnoException> {
  const [error] = await next(emitter, 'error', what);
  return error as NodeJS.ErrnoException;
}

/** The next `'error'`, and whether the emitter was already destroyed inside the listener. */
export function nextFailure(
  emitter: EventEmitter & { readonly destroyed: boolean },
  what = "'error'",
): Promise<{ error: NodeJS.ErrnoException; destroyed: boolean }> {
  return within(
    new Promise((resolve) => {
      emitter.once('error', (error: NodeJS.ErrnoException) => resolve({ error, destroyed: emitter.destroyed }));
    }),
    what,
  );
}

/** The `hadError` argument of the next `'close'` of a socket. */
export async function nextClose(socket: net.Socket, what = "the socket's 'close'"): Promise<boolean> {
  const [hadError] = await next(socket, 'close', what);
  return hadError as boolean;
}

/** One full turn of the event loop: anything Node had queued for this moment has run. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Records, in order, which of `events` the emitter emits (and the error codes of `'error'`). */
export function recordEvents(emitter: EventEmitter, events: readonly string[]): string[] {
  const seen: string[] = [];
  for (const event of events) {
    emitter.on(event, (arg: unknown) => {
      const code = event === 'error' ? (arg as { code?: unknown }).code : undefined;
      seen.push(typeof code === 'string' ? `${event} ${code}` : event);
    });
  }
  return seen;
}

/** Everything a test opened, closed in reverse order by `closeAll()` (call it in `afterEach`). */
export class Opened {
  readonly #closers: (() => Promise<void> | void)[] = [];

  socket<T extends { destroy(): unknown }>(socket: T): T {
    this.#closers.push(() => {
      socket.destroy();
    });
    return socket;
  }

  /**
   * A server, and every connection it accepts. Accepted sockets get a no-op `'error'` listener:
   * the peer resets them on purpose, and the tests that watch an accepted socket add their own.
   */
  server<T extends net.Server>(server: T): T {
    server.on('connection', (socket: net.Socket) => {
      socket.on('error', () => {});
      this.socket(socket);
    });
    this.#closers.push(
      () =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
        }),
    );
    return server;
  }

  add(close: () => Promise<void> | void): void {
    this.#closers.push(close);
  }

  async closeAll(): Promise<void> {
    const closers = this.#closers.splice(0).reverse();
    for (const close of closers) await within(Promise.resolve(close()), 'a test resource to close');
  }
}

/** Listens on 127.0.0.1 on a free port and returns the port. */
export async function listen(server: net.Server): Promise<number> {
  await within(
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => {
        server.off('error', reject);
        resolve();
      });
    }),
    'the server to listen',
  );
  return (server.address() as net.AddressInfo).port;
}

/** A port on 127.0.0.1 that nothing listens on: bound a moment ago, then closed. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await within(new Promise<void>((resolve) => server.close(() => resolve())), 'the server to close');
  return port;
}

export interface ConnectedPair {
  server: net.Server;
  /** The socket `net.connect` returned. */
  client: net.Socket;
  /** The socket the server accepted. */
  peer: net.Socket;
}

/** A connected client and the server's end of the same connection. */
export async function connectedPair(
  opened: Opened,
  serverOptions: net.ServerOpts = {},
  clientOptions: Partial<net.TcpNetConnectOpts> = {},
): Promise<ConnectedPair> {
  const server = opened.server(net.createServer(serverOptions));
  const accepted = next(server, 'connection', 'the server to accept');
  const port = await listen(server);
  const client = opened.socket(net.connect({ ...clientOptions, port, host: LOOPBACK }));
  const [[peer]] = await Promise.all([accepted, next(client, 'connect', 'the client to connect')]);
  return { server, client, peer: peer as net.Socket };
}

/**
 * Writes one byte at a time, each after the previous callback, until a write fails; returns that
 * error and how many writes it took. Bounded: the failure must come within `max` writes.
 */
export async function writeUntilError(socket: net.Socket, max = 64): Promise<{ error: Error; writes: number }> {
  for (let writes = 1; writes <= max; writes++) {
    const error = await within(
      new Promise<Error | null | undefined>((resolve) => socket.write('x', resolve)),
      `the callback of write #${writes}`,
    );
    if (error) return { error, writes };
  }
  throw new Error(`none of ${max} writes failed`);
}

export interface Pem {
  key: string;
  cert: string;
}

export interface Certificates {
  /** Self-signed, names localhost and 127.0.0.1. */
  selfSigned: Pem;
  /** Self-signed, names 127.0.0.1, expired yesterday. */
  expired: Pem;
  /** Self-signed, names only example.com. */
  wrongName: Pem;
  /** A CA, and a leaf for 127.0.0.1 it signed. */
  ca: Pem;
  leaf: Pem;
  /** Another CA, and a client certificate it signed. */
  otherCa: Pem;
  otherClient: Pem;
}

const DAY_MS = 24 * 60 * 60 * 1000;
type GenerateOptions = NonNullable<Parameters<typeof generate>[1]>;
type Extensions = NonNullable<GenerateOptions['extensions']>;
const localNames = (): Extensions => [
  { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: LOOPBACK }] },
];
const caExtensions = (): Extensions => [
  { name: 'basicConstraints', cA: true, critical: true },
  { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
];

async function pem(commonName: string, options: GenerateOptions): Promise<Pem> {
  // EC keys: generating RSA keys would cost most of the suite's time.
  const made = await generate([{ name: 'commonName', value: commonName }], { keyType: 'ec', algorithm: 'sha256', ...options });
  return { key: made.private, cert: made.cert };
}

let certificates: Promise<Certificates> | undefined;

/** Certificates made once per test file with `selfsigned` (nothing is read from disk). */
export function makeCertificates(): Promise<Certificates> {
  certificates ??= (async () => {
    const ca = await pem('Loopback Test CA', { extensions: caExtensions() });
    const otherCa = await pem('Other Test CA', { extensions: caExtensions() });
    return {
      selfSigned: await pem('localhost', { extensions: localNames() }),
      expired: await pem('localhost', {
        notBeforeDate: new Date(Date.now() - 2 * DAY_MS),
        notAfterDate: new Date(Date.now() - DAY_MS),
        extensions: localNames(),
      }),
      wrongName: await pem('example.com', { extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'example.com' }] }] }),
      ca,
      leaf: await pem('localhost', { ca, extensions: localNames() }),
      otherCa,
      otherClient: await pem('client', { ca: otherCa }),
    };
  })();
  return certificates;
}

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its exit (bounded), collecting its output; stdin is closed. */
export async function run(command: string, args: readonly string[], what = command): Promise<ChildResult> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    const [status] = await within(
      new Promise<unknown[]>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (...args: unknown[]) => resolve(args));
      }),
      `${what} to exit`,
      10_000,
    );
    return { status: status as number | null, stdout, stderr };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}

/**
 * Runs `script` (CommonJS) in a child Node, optionally under `ulimit -n`: for facts that end the
 * process or need a process-wide limit.
 */
export function runNode(script: string, { maxOpenFiles }: { maxOpenFiles?: number } = {}): Promise<ChildResult> {
  return maxOpenFiles === undefined
    ? run(process.execPath, ['-e', script], 'the child Node')
    : run('sh', ['-c', `ulimit -n ${maxOpenFiles} && exec "$0" "$@"`, process.execPath, '-e', script], 'the child Node');
}
