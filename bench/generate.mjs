#!/usr/bin/env node
/**
 * Writes a deterministic corpus of TypeScript server code for `npm run bench`:
 * `node bench/generate.mjs --lines 100000 --out bench/corpus/100000 [--seed 1]`; with `--single`, one file
 * whose connection handler alone has about `--lines` lines (the single-function series).
 *
 * Most files never touch a socket (utility modules, classes, data transforms, config parsing),
 * as in real code bases; about one file in six is server code of the shapes our rules look at:
 * net/tls/http servers and clients with 'error'/'close' listeners (some missing), `switch (err.code)`
 * and if-chains on socket codes, `includes` allow-lists, timers holding sockets, client registries.
 * The same seed always gives the same files, and a larger corpus starts with the files of a smaller
 * one, so the scaling series measures the same code plus more of it.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** Bumped whenever the templates change, so cached corpora are rebuilt. */
export const GENERATOR_VERSION = 3;
/** The same for the single-function file of the single-function series. */
export const SINGLE_FUNCTION_VERSION = 2;

/** mulberry32: small, fast, and the same sequence on every platform. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (p) => next() < p;
  const sample = (items, count) => {
    const pool = [...items];
    const out = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
    return out;
  };
  return { next, int, pick, chance, sample };
}

const NOUNS = [
  'account', 'order', 'invoice', 'session', 'tenant', 'shipment', 'report', 'metric', 'ticket', 'product',
  'payment', 'profile', 'message', 'channel', 'device', 'job', 'schedule', 'backup', 'policy', 'quota',
  'asset', 'region', 'catalog', 'cart', 'coupon', 'review', 'audit', 'export', 'import', 'webhook',
];
const VERBS = ['load', 'save', 'build', 'merge', 'format', 'parse', 'check', 'apply', 'collect', 'resolve', 'render', 'score'];
const CONNECTION_LOST = ['ECONNRESET', 'EPIPE', 'ENOTCONN', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE'];
const TIMEOUTS = ['ETIMEDOUT', 'ERR_SOCKET_CONNECTION_TIMEOUT'];
const REFUSED = ['ECONNREFUSED'];
const UNREACHABLE = ['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN'];
const DNS = ['ENOTFOUND', 'EAI_AGAIN'];
const ALL_SOCKET_CODES = [...CONNECTION_LOST, ...TIMEOUTS, ...REFUSED, ...UNREACHABLE, ...DNS, 'EADDRINUSE', 'EMFILE'];

const cap = (word) => word[0].toUpperCase() + word.slice(1);

/** One file: its path inside the corpus and its text. */
function makeFile(rnd, index) {
  const noun = rnd.pick(NOUNS);
  const Noun = cap(noun);
  const id = `${noun}${index}`;
  // Roughly one file in six is network code; the rest is what surrounds it in a real service.
  const socketKinds = [tcpServer, tlsClient, httpProxy, errorPolicy, connectionPool, wrappedConnection];
  const plainKinds = [utilityModule, domainClass, dataTransform, configModule, asyncService, stateMachine];
  const socketFile = rnd.chance(1 / 6);
  const kind = socketFile ? rnd.pick(socketKinds) : rnd.pick(plainKinds);
  const dir = socketFile ? 'net' : rnd.pick(['core', 'domain', 'util', 'services', 'config']);
  return { path: `src/${dir}/${kind.name}-${id}.ts`, text: kind(rnd, { noun, Noun, id }) };
}

// ---------------------------------------------------------------- network code

/** A dispatch on `errVar.code`; `styles` limits it to some shapes (0 switch, 1 if-chain, 2 includes, 3 rethrow). */
function codeDispatch(rnd, errVar, indent, styles) {
  const pad = ' '.repeat(indent);
  const codes = rnd.sample(ALL_SOCKET_CODES, rnd.int(2, 5));
  const style = styles ? rnd.pick(styles) : rnd.int(0, 3);
  if (style === 0) {
    const lines = [`${pad}switch (${errVar}.code) {`];
    for (const code of codes) lines.push(`${pad}  case '${code}':`);
    lines.push(`${pad}    log.debug('connection ended: %s', ${errVar}.code);`, `${pad}    break;`);
    if (rnd.chance(0.6)) lines.push(`${pad}  default:`, `${pad}    log.error('socket failed', ${errVar});`);
    lines.push(`${pad}}`);
    return lines.join('\n');
  }
  if (style === 1) {
    const lines = [];
    codes.forEach((code, i) => {
      lines.push(`${pad}${i === 0 ? '' : '} else '}if (${errVar}.code === '${code}') {`);
      lines.push(`${pad}  stats.${code.toLowerCase().replace(/_/g, '')} += 1;`);
    });
    lines.push(`${pad}} else {`, `${pad}  log.error('unexpected socket error', ${errVar});`, `${pad}}`);
    return lines.join('\n');
  }
  if (style === 2) {
    return [
      `${pad}if ([${codes.map((c) => `'${c}'`).join(', ')}].includes(${errVar}.code ?? '')) {`,
      `${pad}  return;`,
      `${pad}}`,
      `${pad}log.error('socket error', ${errVar});`,
    ].join('\n');
  }
  return [
    `${pad}if (${errVar}.code === '${codes[0]}' || ${errVar}.code === '${codes[1]}') return;`,
    `${pad}throw ${errVar};`,
  ].join('\n');
}

function header(rnd, modules) {
  const lines = [];
  for (const mod of modules) {
    const style = rnd.int(0, 2);
    if (style === 0) lines.push(`import * as ${mod} from 'node:${mod}';`);
    else if (style === 1) lines.push(`import ${mod} from 'node:${mod}';`);
    else lines.push(`import ${mod} from '${mod}';`);
  }
  lines.push(
    '',
    'const log = {',
    '  debug: (message: string, ...args: unknown[]): void => void [message, args],',
    '  error: (message: string, ...args: unknown[]): void => void [message, args],',
    '};',
    'const stats: Record<string, number> = {};',
    '',
  );
  return lines.join('\n');
}

function tcpServer(rnd, { Noun, id }) {
  const registry = rnd.pick(['Set', 'Map']);
  const keepErrorListener = rnd.chance(0.75);
  const clearTimer = rnd.chance(0.7);
  const removeOnClose = rnd.chance(0.75);
  const add = registry === 'Set' ? 'clients.add(socket)' : 'clients.set(connectionId, socket)';
  const remove = registry === 'Set' ? 'clients.delete(socket)' : 'clients.delete(connectionId)';
  const type = registry === 'Set' ? 'Set<net.Socket>' : 'Map<number, net.Socket>';
  const handlers = [];
  const count = rnd.int(2, 5);
  for (let i = 0; i < count; i++) {
    handlers.push(`
function handle${Noun}Frame${i}(socket: net.Socket, frame: Buffer): void {
  const kind = frame.readUInt8(0);
  if (kind === ${i}) {
    socket.write(Buffer.from([${i}, frame.length & 0xff]));
  } else if (frame.length > ${64 * (i + 1)}) {
    socket.end();
  }
}`);
  }
  return `${header(rnd, ['net'])}
const clients: ${type} = new ${registry}();
let nextConnectionId = 0;

${handlers.join('\n')}

export function start${Noun}Server(port: number): net.Server {
  const server = net.createServer((socket) => {
    const connectionId = nextConnectionId++;
    ${add};
    socket.setNoDelay(true);
    const heartbeat = setInterval(() => {
      socket.write('ping\\n');
    }, ${rnd.int(5, 60) * 1000});
    socket.on('data', (chunk: Buffer) => {
      handle${Noun}Frame${rnd.int(0, count - 1)}(socket, chunk);
    });
${keepErrorListener ? `    socket.on('error', (err: NodeJS.ErrnoException) => {\n${codeDispatch(rnd, 'err', 6)}\n    });\n` : ''}    socket.on('close', () => {
${clearTimer ? '      clearInterval(heartbeat);\n' : ''}${removeOnClose ? `      ${remove};\n` : ''}      log.debug('connection %d closed', connectionId);
    });
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') {
      log.error('port %d in use', port);
      process.exit(1);
    }
  });
  server.listen(port, '127.0.0.1');
  return server;
}

export function broadcast${id}(message: string): number {
  let sent = 0;
  for (const socket of clients.values()) {
    if (!socket.destroyed && socket.writable) {
      socket.write(message);
      sent++;
    }
  }
  return sent;
}
`;
}

function tlsClient(rnd, { Noun, id }) {
  const withListener = rnd.chance(0.8);
  const retryable = rnd.sample([...CONNECTION_LOST, ...TIMEOUTS, ...REFUSED], rnd.int(2, 4));
  return `${header(rnd, ['tls'])}
const RETRYABLE_${id.toUpperCase()} = [${retryable.map((c) => `'${c}'`).join(', ')}];

export interface ${Noun}ClientOptions {
  host: string;
  port: number;
  attempts: number;
}

export function connect${Noun}(options: ${Noun}ClientOptions, attempt = 0): tls.TLSSocket {
  const socket = tls.connect({ host: options.host, port: options.port, servername: options.host });
  socket.setTimeout(${rnd.int(5, 30) * 1000});
  socket.on('timeout', () => {
    socket.destroy(new Error('${Noun} handshake timed out'));
  });
${withListener ? `  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (RETRYABLE_${id.toUpperCase()}.includes(err.code ?? '') && attempt < options.attempts) {
      setTimeout(() => connect${Noun}(options, attempt + 1), ${rnd.int(1, 9) * 100} * 2 ** attempt);
      return;
    }
${codeDispatch(rnd, 'err', 4)}
  });
` : ''}  socket.once('secureConnect', () => {
    socket.write(JSON.stringify({ hello: '${Noun}', attempt }));
  });
  return socket;
}

export async function request${Noun}(options: ${Noun}ClientOptions, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect${Noun}(options);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.end(body);
  });
}
`;
}

function httpProxy(rnd, { Noun, id }) {
  const upstreamListener = rnd.chance(0.7);
  const upgradeListener = rnd.chance(0.6);
  return `${header(rnd, ['http', 'net'])}
const upstreamHost = '127.0.0.1';
const upstreamPort = ${rnd.int(3000, 9000)};

export function create${Noun}Proxy(): http.Server {
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: upstreamHost, port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
${upstreamListener ? `    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(err.code === 'ECONNREFUSED' ? 'upstream down' : 'bad gateway');
    });
` : ''}    req.pipe(upstream);
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
${upgradeListener ? `    socket.on('error', (err: NodeJS.ErrnoException) => {
${codeDispatch(rnd, 'err', 6)}
    });
` : ''}    const target = net.connect(upstreamPort, upstreamHost, () => {
      target.write(head);
      socket.pipe(target).pipe(socket);
    });
    target.on('error', () => socket.destroy());
    socket.on('close', () => target.destroy());
  });

  server.on('clientError', (err: NodeJS.ErrnoException, socket: net.Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return;
    socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
  });
  return server;
}

export function ${id}Healthy(server: http.Server): boolean {
  return server.listening;
}
`;
}

function errorPolicy(rnd, { Noun, id }) {
  const fns = [];
  const count = rnd.int(2, 4);
  for (let i = 0; i < count; i++) {
    fns.push(`
export function handle${Noun}Error${i}(err: NodeJS.ErrnoException, socket: net.Socket): void {
${codeDispatch(rnd, 'err', 2)}
  if (!socket.destroyed) socket.destroy();
}`);
  }
  const kinds = ['lost', 'timeout', 'refused', 'dns'];
  return `${header(rnd, ['net'])}
export type ${Noun}ErrorKind = ${kinds.map((k) => `'${k}'`).join(' | ')};

export function classify${Noun}(err: NodeJS.ErrnoException): ${Noun}ErrorKind | undefined {
  switch (err.code) {
${CONNECTION_LOST.map((c) => `    case '${c}':`).join('\n')}
      return 'lost';
${TIMEOUTS.map((c) => `    case '${c}':`).join('\n')}
      return 'timeout';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    default:
      return undefined;
  }
}

export function is${Noun}Retryable(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ECONNRESET' || err.code === 'ETIMEDOUT' || err.code === 'ECONNREFUSED';
}

export function describe${Noun}(kind: ${Noun}ErrorKind): string {
  switch (kind) {
${kinds.slice(0, rnd.chance(0.5) ? 4 : 3).map((k) => `    case '${k}':\n      return '${id} ${k}';`).join('\n')}
  }
  return 'unknown';
}
${fns.join('\n')}
`;
}

function connectionPool(rnd, { Noun, id }) {
  const idleCleared = rnd.chance(0.7);
  return `${header(rnd, ['net'])}
interface Pooled${Noun} {
  socket: net.Socket;
  idleTimer: NodeJS.Timeout | undefined;
  lastUsed: number;
}

export class ${Noun}Pool {
  private readonly idle = new Map<string, Pooled${Noun}[]>();
  private readonly busy = new Set<net.Socket>();

  constructor(private readonly maxIdle = ${rnd.int(2, 16)}) {}

  acquire(host: string, port: number): net.Socket {
    const key = \`\${host}:\${port}\`;
    const entry = this.idle.get(key)?.pop();
    if (entry) {
      clearTimeout(entry.idleTimer);
      this.busy.add(entry.socket);
      return entry.socket;
    }
    const socket = net.createConnection({ host, port });
    socket.on('error', (err: NodeJS.ErrnoException) => {
${codeDispatch(rnd, 'err', 6)}
    });
    socket.on('close', () => {
      this.busy.delete(socket);
${idleCleared ? '      this.forget(key, socket);\n' : ''}    });
    this.busy.add(socket);
    return socket;
  }

  release(host: string, port: number, socket: net.Socket): void {
    const key = \`\${host}:\${port}\`;
    this.busy.delete(socket);
    const list = this.idle.get(key) ?? [];
    if (list.length >= this.maxIdle || socket.destroyed) {
      socket.destroy();
      return;
    }
    const entry: Pooled${Noun} = { socket, idleTimer: undefined, lastUsed: Date.now() };
    entry.idleTimer = setTimeout(() => socket.end(), ${rnd.int(10, 90) * 1000});
    list.push(entry);
    this.idle.set(key, list);
  }

  private forget(key: string, socket: net.Socket): void {
    const list = this.idle.get(key);
    if (!list) return;
    const index = list.findIndex((entry) => entry.socket === socket);
    if (index >= 0) {
      clearTimeout(list[index]?.idleTimer);
      list.splice(index, 1);
    }
  }

  get size(): number {
    let total = this.busy.size;
    for (const list of this.idle.values()) total += list.length;
    return total;
  }
}

export const ${id}Pool = new ${Noun}Pool();
`;
}

function wrappedConnection(rnd, { Noun, id }) {
  return `${header(rnd, ['net', 'events'])}
export class ${Noun}Connection extends events.EventEmitter {
  private socket: net.Socket | undefined;
  private readonly queue: string[] = [];

  open(port: number): void {
    const socket = net.connect(port, '127.0.0.1');
    this.socket = socket;
    socket.on('connect', () => this.flush());
    socket.on('error', (err: NodeJS.ErrnoException) => {
      ${rnd.chance(0.5) ? "if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;\n      " : ''}this.emit('error', err);
    });
    socket.on('close', (hadError: boolean) => {
      this.socket = undefined;
      this.emit('close', hadError);
    });
  }

  send(message: string): void {
    this.queue.push(message);
    this.flush();
  }

  private flush(): void {
    const socket = this.socket;
    if (!socket || socket.connecting || socket.destroyed) return;
    for (const message of this.queue.splice(0)) socket.write(\`\${message}\\n\`);
  }

  close(): void {
    this.socket?.end();
  }
}

export function open${id}(port: number): ${Noun}Connection {
  const connection = new ${Noun}Connection();
  connection.on('error', (err: Error) => log.error('${id} failed', err));
  connection.open(port);
  return connection;
}
`;
}

// ---------------------------------------------------------------- ordinary code

function utilityModule(rnd, { id }) {
  const parts = [];
  const count = rnd.int(5, 12);
  for (let i = 0; i < count; i++) {
    const verb = rnd.pick(VERBS);
    const shape = rnd.int(0, 4);
    if (shape === 0) {
      parts.push(`
export function ${verb}Chunks${i}<T>(items: readonly T[], size = ${rnd.int(2, 32)}): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}`);
    } else if (shape === 1) {
      parts.push(`
export function ${verb}Slug${i}(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, ${rnd.int(24, 80)});
}`);
    } else if (shape === 2) {
      parts.push(`
export function ${verb}Group${i}<T, K extends string>(items: readonly T[], key: (item: T) => K): Record<K, T[]> {
  const groups = {} as Record<K, T[]>;
  for (const item of items) {
    const k = key(item);
    (groups[k] ??= []).push(item);
  }
  return groups;
}`);
    } else if (shape === 3) {
      parts.push(`
export function ${verb}Clamp${i}(value: number, min = ${rnd.int(0, 10)}, max = ${rnd.int(11, 1000)}): number {
  if (Number.isNaN(value)) return min;
  return Math.min(max, Math.max(min, value));
}`);
    } else {
      parts.push(`
export async function ${verb}Retry${i}<T>(task: () => Promise<T>, attempts = ${rnd.int(2, 6)}): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await task();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, ${rnd.int(10, 500)} * (attempt + 1)));
    }
  }
  throw lastError;
}`);
    }
  }
  return `// Helpers for ${id}.\n${parts.join('\n')}\n`;
}

function domainClass(rnd, { Noun, noun, id }) {
  const fields = rnd.sample(['name', 'owner', 'status', 'createdAt', 'total', 'tags', 'priority', 'notes', 'region', 'version'], rnd.int(3, 7));
  const types = { name: 'string', owner: 'string', status: "'draft' | 'active' | 'archived'", createdAt: 'Date', total: 'number', tags: 'string[]', priority: 'number', notes: 'string', region: 'string', version: 'number' };
  const defaults = { name: "''", owner: "'system'", status: "'draft'", createdAt: 'new Date(0)', total: '0', tags: '[]', priority: '1', notes: "''", region: "'eu'", version: '1' };
  const methods = [];
  for (const field of fields) {
    methods.push(`
  get ${field}(): ${types[field]} {
    return this.data.${field};
  }

  with${cap(field)}(value: ${types[field]}): ${Noun} {
    return new ${Noun}(this.id, { ...this.data, ${field}: value });
  }`);
  }
  return `export interface ${Noun}Data {
${fields.map((f) => `  ${f}: ${types[f]};`).join('\n')}
}

export class ${Noun} {
  static empty(id: string): ${Noun} {
    return new ${Noun}(id, { ${fields.map((f) => `${f}: ${defaults[f]}`).join(', ')} });
  }

  constructor(
    readonly id: string,
    private readonly data: ${Noun}Data,
  ) {}
${methods.join('\n')}

  equals(other: ${Noun}): boolean {
    return this.id === other.id && JSON.stringify(this.data) === JSON.stringify(other.data);
  }

  toJSON(): ${Noun}Data & { id: string } {
    return { id: this.id, ...this.data };
  }
}

export function sort${Noun}s(${noun}s: readonly ${Noun}[]): ${Noun}[] {
  return [...${noun}s].sort((a, b) => a.id.localeCompare(b.id));
}

export const ${id}Fixture = ${Noun}.empty('${id}');
`;
}

function dataTransform(rnd, { Noun, id }) {
  const metrics = rnd.sample(['count', 'sum', 'min', 'max', 'mean', 'p95', 'errors', 'latency'], rnd.int(3, 6));
  return `export interface ${Noun}Row {
  key: string;
  at: number;
  value: number;
  labels: Record<string, string>;
}

export interface ${Noun}Summary {
${metrics.map((m) => `  ${m}: number;`).join('\n')}
}

export function summarize${Noun}(rows: readonly ${Noun}Row[]): ${Noun}Summary {
  const values = rows.map((row) => row.value).sort((a, b) => a - b);
  const sum = values.reduce((total, value) => total + value, 0);
  return {
${metrics
  .map((m) => {
    const expr = {
      count: 'values.length',
      sum: 'sum',
      min: 'values[0] ?? 0',
      max: 'values[values.length - 1] ?? 0',
      mean: 'values.length ? sum / values.length : 0',
      p95: 'values[Math.floor(values.length * 0.95)] ?? 0',
      errors: "rows.filter((row) => row.labels['status'] === 'error').length",
      latency: "rows.filter((row) => row.labels['kind'] === 'latency').reduce((t, r) => t + r.value, 0)",
    }[m];
    return `    ${m}: ${expr},`;
  })
  .join('\n')}
  };
}

export function bucket${Noun}(rows: readonly ${Noun}Row[], width = ${rnd.int(10, 600)}_000): Map<number, ${Noun}Row[]> {
  const buckets = new Map<number, ${Noun}Row[]>();
  for (const row of rows) {
    const start = row.at - (row.at % width);
    const bucket = buckets.get(start);
    if (bucket) bucket.push(row);
    else buckets.set(start, [row]);
  }
  return buckets;
}

export function pivot${Noun}(rows: readonly ${Noun}Row[], label: string): Record<string, number> {
  return rows.reduce<Record<string, number>>((acc, row) => {
    const key = row.labels[label] ?? 'none';
    acc[key] = (acc[key] ?? 0) + row.value;
    return acc;
  }, {});
}

export const ${id}Columns = ${JSON.stringify(metrics)} as const;
`;
}

function configModule(rnd, { Noun, id }) {
  const keys = rnd.sample(['PORT', 'HOST', 'LOG_LEVEL', 'TIMEOUT_MS', 'RETRIES', 'DATA_DIR', 'CACHE_SIZE', 'FEATURE_FLAGS'], rnd.int(3, 6));
  return `import { readFile } from 'node:fs/promises';

export interface ${Noun}Config {
${keys.map((k) => `  ${k.toLowerCase()}: ${['PORT', 'TIMEOUT_MS', 'RETRIES', 'CACHE_SIZE'].includes(k) ? 'number' : 'string'};`).join('\n')}
}

export class ${Noun}ConfigError extends Error {
  constructor(readonly key: string, message: string) {
    super(\`\${key}: \${message}\`);
  }
}

function readNumber(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ${Noun}ConfigError(key, \`expected a number, got \${raw}\`);
  return value;
}

export function load${Noun}Config(env: NodeJS.ProcessEnv = process.env): ${Noun}Config {
  return {
${keys
  .map((k) =>
    ['PORT', 'TIMEOUT_MS', 'RETRIES', 'CACHE_SIZE'].includes(k)
      ? `    ${k.toLowerCase()}: readNumber(env, '${k}', ${rnd.int(1, 9000)}),`
      : `    ${k.toLowerCase()}: env['${k}'] ?? '${rnd.pick(['info', 'localhost', '/var/lib/app', 'none'])}',`,
  )
  .join('\n')}
  };
}

export async function read${Noun}File(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export const ${id}Defaults = { retryOn: ['ECONNRESET', 'ETIMEDOUT'], attempts: ${rnd.int(1, 5)} };
`;
}

function asyncService(rnd, { Noun, noun, id }) {
  const ops = rnd.sample(['create', 'update', 'remove', 'find', 'list', 'archive', 'restore'], rnd.int(3, 6));
  return `export interface ${Noun}Record {
  id: string;
  revision: number;
  payload: Record<string, unknown>;
}

export interface ${Noun}Store {
  get(id: string): Promise<${Noun}Record | undefined>;
  put(record: ${Noun}Record): Promise<void>;
  delete(id: string): Promise<boolean>;
  all(): Promise<${Noun}Record[]>;
}

export class ${Noun}Service {
  private readonly cache = new Map<string, ${Noun}Record>();

  constructor(private readonly store: ${Noun}Store) {}
${ops
  .map(
    (op) => `
  async ${op}${Noun}(id: string, payload: Record<string, unknown> = {}): Promise<${Noun}Record | undefined> {
    const current = this.cache.get(id) ?? (await this.store.get(id));
    if (!current && !${op === 'create'}) return undefined;
    const next: ${Noun}Record = { id, revision: (current?.revision ?? 0) + 1, payload: { ...current?.payload, ...payload, op: '${op}' } };
    await this.store.put(next);
    this.cache.set(id, next);
    return next;
  }`,
  )
  .join('\n')}

  async count(): Promise<number> {
    const ${noun}s = await this.store.all();
    return ${noun}s.filter((record) => record.revision > 0).length;
  }
}

export function memory${Noun}Store(): ${Noun}Store {
  const records = new Map<string, ${Noun}Record>();
  return {
    get: async (id) => records.get(id),
    put: async (record) => {
      records.set(record.id, record);
    },
    delete: async (id) => records.delete(id),
    all: async () => [...records.values()],
  };
}

export const ${id}Service = new ${Noun}Service(memory${Noun}Store());
`;
}

function stateMachine(rnd, { Noun, id }) {
  const states = rnd.sample(['idle', 'loading', 'ready', 'failed', 'stale', 'closing', 'closed', 'paused'], rnd.int(3, 6));
  const events = rnd.sample(['start', 'succeed', 'fail', 'reset', 'pause', 'resume', 'expire'], rnd.int(3, 5));
  const covered = rnd.chance(0.6) ? states : states.slice(0, -1);
  return `export type ${Noun}State = ${states.map((s) => `'${s}'`).join(' | ')};
export type ${Noun}Event = ${events.map((e) => `{ type: '${e}' }`).join(' | ')};

export function next${Noun}State(state: ${Noun}State, event: ${Noun}Event): ${Noun}State {
  switch (state) {
${covered
  .map(
    (s) => `    case '${s}':
      switch (event.type) {
${events
  .slice(0, rnd.int(1, events.length))
  .map((e) => `        case '${e}':\n          return '${rnd.pick(states)}';`)
  .join('\n')}
        default:
          return state;
      }`,
  )
  .join('\n')}
  }
  return state;
}

export function label${Noun}(state: ${Noun}State): string {
  if (state === '${states[0]}') return 'waiting';
  if (state === '${states[1]}') return 'busy';
  return state.toUpperCase();
}

export const ${id}Initial: ${Noun}State = '${states[0]}';
`;
}

// ---------------------------------------------------------------- corpus

function writeTsconfig(out) {
  writeFileSync(
    path.join(out, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          types: ['node'],
          strict: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['src'],
      },
      null,
      2,
    ) + '\n',
  );
  writeFileSync(path.join(out, 'package.json'), JSON.stringify({ name: 'bench-corpus', private: true, type: 'module' }, null, 2) + '\n');
}

export function generateCorpus({ lines, out, seed = 1 }) {
  const rnd = createRandom(seed);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeTsconfig(out);
  let total = 0;
  let files = 0;
  let socketFiles = 0;
  for (let index = 0; total < lines; index++) {
    const file = makeFile(rnd, index);
    const target = path.join(out, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.text);
    total += file.text.split('\n').length;
    files++;
    if (file.path.startsWith('src/net/')) socketFiles++;
  }
  const manifest = { generator: GENERATOR_VERSION, seed, requestedLines: lines, lines: total, files, socketFiles };
  writeFileSync(path.join(out, 'corpus.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

// ---------------------------------------------------------------- one big function

/**
 * The blocks of the single big connection handler: each is a few statements of socket code that
 * sits in the handler's own body (listeners, code dispatches, writes, timers, registries, an
 * upstream connection), so that a rule that walks the whole function per node shows up as time
 * per line growing with the function.
 */
function handlerBlock(rnd, i) {
  const pad = '  ';
  switch (rnd.int(0, 8)) {
    case 0:
      return [
        `${pad}socket.on('error', (err: NodeJS.ErrnoException) => {`,
        codeDispatch(rnd, 'err', 4),
        `${pad}});`,
      ].join('\n');
    case 1:
      // Half of them on the connection's last failure, read all through the handler (as a switch
      // or an if-chain: a rethrow or return would end the handler there for the type checker).
      if (rnd.chance(0.5)) return [`${pad}if (failure) {`, codeDispatch(rnd, 'failure', 4, [0, 1]), `${pad}}`].join('\n');
      return [
        `${pad}const failure${i} = failures.get(connectionId + ${i});`,
        `${pad}if (failure${i}) {`,
        codeDispatch(rnd, `failure${i}`, 4),
        `${pad}}`,
      ].join('\n');
    case 2:
      return [
        `${pad}if (!socket.destroyed && socket.writable) {`,
        `${pad}  socket.write(\`frame ${i} \${connectionId}\\n\`);`,
        `${pad}}`,
        `${pad}socket.setTimeout(${rnd.int(5, 60) * 1000});`,
      ].join('\n');
    case 3:
      return [
        `${pad}let received${i} = 0;`,
        `${pad}socket.on('data', (chunk: Buffer) => {`,
        `${pad}  received${i} += chunk.length;`,
        `${pad}  if (chunk.length > ${rnd.int(16, 4096)}) socket.write(Buffer.from([${i % 256}, chunk.length & 0xff]));`,
        `${pad}});`,
      ].join('\n');
    case 4:
      return [
        `${pad}const heartbeat${i} = setInterval(() => {`,
        `${pad}  socket.write('ping ${i}\\n');`,
        `${pad}}, ${rnd.int(5, 60) * 1000});`,
        `${pad}socket.once('close', () => clearInterval(heartbeat${i}));`,
      ].join('\n');
    case 5:
      return [
        `${pad}const upstream${i} = net.connect(${rnd.int(3000, 9000)}, '127.0.0.1');`,
        `${pad}upstream${i}.on('error', (err: NodeJS.ErrnoException) => {`,
        `${pad}  if (err.code === 'ECONNREFUSED') socket.destroy();`,
        `${pad}  else log.error('upstream ${i} failed', err);`,
        `${pad}});`,
        // Each upstream in a registry of its own, left in its own 'close' listener: a rule that
        // judges each socket against every listener or removal of the file grows with the square.
        `${pad}upstreams.add(upstream${i});`,
        `${pad}upstream${i}.once('close', () => upstreams.delete(upstream${i}));`,
        `${pad}socket.once('close', () => upstream${i}.destroy());`,
      ].join('\n');
    case 7:
      // One-line checks of the connection's last failure, as long handlers grow them.
      return `${pad}if (failure?.code === '${rnd.pick(CONNECTION_LOST)}') log.debug('peer ${i} saw a reset');`;
    case 8:
      return `${pad}socket.write('line ${i}\\n');`;
    default:
      return [
        `${pad}peers.set(connectionId + ${i}, socket);`,
        `${pad}socket.once('close', () => {`,
        `${pad}  peers.delete(connectionId + ${i});`,
        `${pad}  log.debug('peer ${i} of %d gone', connectionId);`,
        `${pad}});`,
      ].join('\n');
  }
}

/**
 * One file whose connection handler alone is about `lines` lines long (for the single-function
 * series of `npm run bench`): `node bench/generate.mjs --single --lines 4000 --out DIR`.
 */
export function singleFunctionSource({ lines, seed = 1 }) {
  const rnd = createRandom(seed);
  const head = `${header(rnd, ['net'])}
const clients = new Set<net.Socket>();
const peers = new Map<number, net.Socket>();
const upstreams = new Set<net.Socket>();
const failures = new Map<number, NodeJS.ErrnoException>();
let nextConnectionId = 0;

export function handleConnection(socket: net.Socket): void {
  const connectionId = nextConnectionId++;
  const failure = failures.get(connectionId);
  clients.add(socket);
`;
  const tail = `  socket.on('close', () => {
    clients.delete(socket);
    log.debug('connection %d closed', connectionId);
  });
}

export function startServer(port: number): net.Server {
  const server = net.createServer(handleConnection);
  server.listen(port, '127.0.0.1');
  return server;
}
`;
  const blocks = [];
  let body = 0;
  for (let i = 0; body < lines; i++) {
    const block = handlerBlock(rnd, i);
    blocks.push(block);
    body += block.split('\n').length;
  }
  return { text: `${head}${blocks.join('\n')}\n${tail}`, functionLines: body + 6 };
}

/**
 * Writes the single-function file (with a tsconfig.json) to `out`, `copies` times over
 * (`handler-0.ts`, `handler-1.ts`, ...): the series lints about as many lines at each size, so a
 * small function's time is not a few milliseconds lost in the noise.
 */
export function generateSingleFunction({ lines, out, seed = 1, copies = 1 }) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'src'), { recursive: true });
  writeTsconfig(out);
  const { text, functionLines } = singleFunctionSource({ lines, seed });
  for (let copy = 0; copy < copies; copy++) writeFileSync(path.join(out, `src/handler-${copy}.ts`), text);
  const fileLines = text.split('\n').length;
  const manifest = { generator: SINGLE_FUNCTION_VERSION, kind: 'single-function', seed, requestedLines: lines, copies, fileLines, lines: fileLines * copies, functionLines, files: copies };
  writeFileSync(path.join(out, 'corpus.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Every lintable file under a directory (node_modules, dist and dot-directories skipped). */
export function listSourceFiles(dir) {
  const out = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      lines: { type: 'string', default: '100000' },
      out: { type: 'string', default: 'bench/corpus/100000' },
      seed: { type: 'string', default: '1' },
      single: { type: 'boolean', default: false },
    },
  });
  if (values.single) {
    const manifest = generateSingleFunction({ lines: Number(values.lines), out: path.resolve(values.out), seed: Number(values.seed) });
    console.log(`wrote one file with a ${manifest.functionLines}-line function (${manifest.lines} lines) to ${values.out}`);
    process.exit(0);
  }
  const manifest = generateCorpus({ lines: Number(values.lines), out: path.resolve(values.out), seed: Number(values.seed) });
  console.log(`wrote ${manifest.files} files (${manifest.socketFiles} network), ${manifest.lines} lines to ${values.out}`);
}
