/**
 * When a socket gets its first 'error' listener, seen from its creation (src/model/listener-state.ts):
 * right away ('now'), only in a later callback, only after the function paused, or never ('none');
 * and whether the code destroys it on the spot instead. Each snippet lists the answer for every
 * `net.connect()`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { followCreation, followParameter } from '../../src/model/summaries.js';
import { arrivesNextTurn, listenerArrival, neverConnected, otherCaseOfSameSwitch, ownerOf, pausesOf, uncoveredBranch } from '../../src/model/listener-state.js';
import { LIBRARY_OBJECTS } from '../../src/libraries.js';
import { probe } from '../support/probe.js';

function arrivals(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (context.sourceCode.getText(node.callee) !== 'net.connect') return;
      const { first, destroyed } = listenerArrival(followCreation(node, context.sourceCode), context.sourceCode);
      report(node, `${first ?? 'none'}${destroyed ? ' destroyed' : ''}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('listenerArrival', () => {
  it("counts a web stream's start() as right away, and its other hooks as later", () => {
    expect(
      arrivals(`
import net from 'node:net';
export function readable() {
  const started = net.connect(7000);
  new ReadableStream({ start(controller) { started.on('error', (err) => controller.error(err)); } });
  const writable = net.connect(7001);
  new WritableStream({ start: () => { writable.on('error', () => {}); } });
  const pulled = net.connect(7002);
  new ReadableStream({ pull() { pulled.on('error', () => {}); } });
  const other = net.connect(7003);
  new Thing({ start() { other.on('error', () => {}); } });
}
`),
    ).toEqual(['4: now', '6: now', '8: callback', '10: callback']);
  });

  it('tells a listener right away from one in a later callback, after an await, or none', () => {
    expect(
      arrivals(`
import net from 'node:net';
export async function open() {
  const now = net.connect(7000);
  now.on('error', () => {});
  const timer = net.connect(7001);
  setTimeout(() => timer.on('error', () => {}), 10);
  const paused = net.connect(7002);
  await ready();
  paused.on('error', () => {});
  const never = net.connect(7003);
  never.write('hello');
}
`),
    ).toEqual(['4: now', '6: callback', '8: await', '11: none']);
  });

  it('counts a helper of the file that the owner calls right away as right away, unless an await or a timer comes first', () => {
    expect(
      arrivals(`
import net from 'node:net';
const shared = net.connect(7000);
const listen = () => shared.on('error', () => {});
listen();
export async function open() {
  const late = net.connect(7001);
  const guard = () => late.on('error', () => {});
  await ready();
  guard();
  const timed = net.connect(7002);
  const later = () => timed.on('error', () => {});
  setTimeout(later, 10);
  const twice = net.connect(7003);
  function attach() { twice.on('error', () => {}); }
  attach();
  return attach;
}
`),
    ).toEqual(['3: now', '7: await', '11: callback', '14: callback']);
  });

  it('counts callbacks that run before their call returns as right away', () => {
    expect(
      arrivals(`
import net from 'node:net';
export function open(ports) {
  return new Promise((resolve) => {
    const socket = net.connect(7000);
    [1].forEach(() => socket.on('error', resolve));
  });
}
`),
    ).toEqual(['5: now']);
  });

  it('ignores a pause in another branch than the creation', () => {
    expect(
      arrivals(`
import net from 'node:net';
export async function open(fast) {
  let socket;
  if (fast) socket = net.connect(7000);
  else await ready();
  socket.on('error', () => {});
}
`),
    ).toEqual(['5: now']);
  });

  it('reads a socket destroyed on the spot, unless an earlier return keeps it', () => {
    expect(
      arrivals(`
import net from 'node:net';
export function refuse() {
  const socket = net.connect(7000);
  socket.destroy();
}
export function maybe(handled) {
  const socket = net.connect(7001);
  if (handled(socket.remotePort)) return;
  socket.destroy();
}
`),
    ).toEqual(['4: none destroyed', '8: none']);
  });
});

/** For every `net.connect()`: the line of the read kept on a branch that does nothing to the socket, or 'covered'. */
function uncovered(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (context.sourceCode.getText(node.callee) !== 'net.connect') return;
      const kept = uncoveredBranch(followCreation(node, context.sourceCode), context.sourceCode);
      report(node, kept ? `kept at ${kept.loc.start.line}` : 'covered');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('uncoveredBranch', () => {
  it('finds a socket kept for later on a branch of if, ?: or switch that neither listens nor hands it on', () => {
    expect(
      uncovered(`
import net from 'node:net';
export async function open(route) {
  const a = net.connect(7000);
  if (route) hub.accept(a);
  else setTimeout(() => a.end(), 1000);
  const b = net.connect(7001);
  route ? b.on('error', () => {}) : b.once('data', () => b.end());
  const c = net.connect(7002);
  switch (route) {
    case 'x': hub.accept(c); break;
    default: await delay(10); c.end();
  }
}
`),
    ).toEqual(['4: kept at 6', '7: kept at 8', '9: kept at 12']);
  });

  it('finds a branch that only ends the socket right away: end() waits for the peer', () => {
    expect(
      uncovered(`
import net from 'node:net';
export function open(route) {
  const a = net.connect(7000);
  if (route) hub.accept(a);
  else a.end('bye');
}
`),
    ).toEqual(['4: kept at 6']);
  });

  it('leaves alone a branch that destroys or throws, and a use on the path of the listener', () => {
    expect(
      uncovered(`
import net from 'node:net';
export function open(route) {
  const a = net.connect(7000);
  if (route) hub.accept(a);
  else setTimeout(() => a.destroy(), 10);
  const b = net.connect(7001);
  if (route) hub.accept(b);
  else throw new Error(b.remoteAddress);
  const c = net.connect(7002);
  c.on('error', () => {});
  if (route) hub.accept(c);
  else setTimeout(() => c.end(), 10);
  const d = net.connect(7003);
  route && hub.accept(d);
  setTimeout(() => d.end(), 10);
  const e = net.connect(7004);
  setTimeout(() => e.end(), 10);
}
`),
    ).toEqual(['4: covered', '7: covered', '10: covered', '14: covered', '17: covered']);
  });
});

describe('pausesOf', () => {
  it("lists a function's own await, yield and for await, not those of functions inside it", () => {
    const answers = probe(
      `
async function* pump(source) {
  await start();
  for await (const chunk of source) yield chunk;
  const later = async () => { await stop(); };
}
`,
      (context, report) => ({
        'FunctionDeclaration > BlockStatement > ExpressionStatement'(node: TSESTree.ExpressionStatement) {
          report(node, String(pausesOf(ownerOf(node, context.sourceCode), context.sourceCode).map((pause) => pause.type).join(' ')));
        },
      }),
    );
    expect(answers.map(({ message }) => message)).toEqual(['AwaitExpression ForOfStatement YieldExpression']);
  });

  it('finds none in a function whose text has no await or yield, whatever the functions around it do', () => {
    const answers = probe(
      `
async function outer(source) {
  await start();
  function plain() { ready(); }
  const awaitable = () => { yieldTo(source); };
  return [plain, awaitable];
}
async function inner() { const f = async () => { await stop(); }; f(); }
`,
      (context, report) => ({
        'BlockStatement > ExpressionStatement'(node: TSESTree.ExpressionStatement) {
          report(node, String(pausesOf(ownerOf(node, context.sourceCode), context.sourceCode).map((pause) => pause.type).join(' ')));
        },
      }),
    );
    expect(answers.map(({ line, message }) => `${line}: ${message}`)).toEqual(['3: AwaitExpression', '4: ', '5: ', '8: AwaitExpression', '8: ']);
  });
});

/** The answer for every call or `new` of `callee`, followed as the library object `id`. */
function libraryArrivals(code: string, id: string, callee: string): string[] {
  const library = LIBRARY_OBJECTS.find((entry) => entry.id === id)!;
  return probe(code, (context, report) => {
    const answer = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      if (context.sourceCode.getText(node.callee) === callee) report(node, listenerArrival(followCreation(node, context.sourceCode, library), context.sourceCode).first ?? 'none');
    };
    return { NewExpression: answer, CallExpression: answer };
  }).map(({ line, message }) => `${line}: ${message}`);
}

/** The answer for every `new pg.Client()`, followed as pg's Client. */
const clientArrivals = (code: string): string[] => libraryArrivals(code, 'pg.Client', 'pg.Client');

describe('listenerArrival of an object whose connect() takes its errors until it settles', () => {
  it("counts connect()'s callback, its then() and the await of it as right away, and nothing else", () => {
    expect(
      clientArrivals(`
import pg from 'pg';
export async function open(done) {
  const a = new pg.Client();
  a.connect((err) => { if (!err) a.on('error', done); });
  const b = new pg.Client();
  b.connect().then(() => b.on('error', done));
  const c = new pg.Client();
  await c.connect();
  c.on('error', done);
  const d = new pg.Client();
  await d.connect();
  await d.query('SELECT 1');
  d.on('error', done);
  const e = new pg.Client();
  e.connect();
  setTimeout(() => e.on('error', done), 10);
}
`),
    ).toEqual(['4: now', '6: now', '8: now', '11: await', '15: callback']);
  });
});

/** The answer for every `dgram.createSocket()`, followed as a UDP socket. */
const udpArrivals = (code: string): string[] => libraryArrivals(code, 'dgram.createSocket', 'dgram.createSocket');

describe('listenerArrival of a UDP socket', () => {
  it('counts a later listener as in time when every bind, send and connect comes after it, in its callback', () => {
    expect(
      udpArrivals(`
import dgram from 'node:dgram';
export function open(server, port) {
  const quiet = dgram.createSocket('udp4');
  server.on('listening', () => { quiet.on('error', () => {}); quiet.bind(port); });
  const bound = dgram.createSocket('udp4');
  bound.bind(port);
  server.on('listening', () => bound.on('error', () => {}));
  const sentFirst = dgram.createSocket('udp4');
  server.on('listening', () => { sentFirst.send('x', port); sentFirst.on('error', () => {}); });
}
`),
    ).toEqual(['4: now', '6: callback', '9: callback']);
  });
});

/** The first listener of every `new net.Socket(…)`, seen from its creation. */
function idleArrivals(code: string): string[] {
  return probe(code, (context, report) => ({
    NewExpression(node: TSESTree.NewExpression) {
      if (context.sourceCode.getText(node.callee) !== 'net.Socket') return;
      report(node, listenerArrival(followCreation(node, context.sourceCode), context.sourceCode).first ?? 'none');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('listenerArrival of a `new net.Socket()` not connected yet', () => {
  it('counts a later listener as in time when every connect and write runs in its callback, or in a helper only it calls', () => {
    expect(
      idleArrivals(`
import net from 'node:net';
export function links(server, port) {
  const inline = new net.Socket();
  server.on('ready', () => { inline.connect(port); inline.on('error', () => {}); });
  const helped = new net.Socket({ allowHalfOpen: true });
  function dial() { helped.connect(port); }
  server.on('ready', () => { dial(); helped.on('error', () => {}); });
  const early = new net.Socket();
  early.connect(port);
  server.on('ready', () => early.on('error', () => {}));
  const elsewhere = new net.Socket();
  server.on('start', () => elsewhere.connect(port));
  server.on('ready', () => elsewhere.on('error', () => {}));
  const opened = new net.Socket({ fd: 3 });
  server.on('ready', () => opened.on('error', () => {}));
}
`),
    ).toEqual(['4: now', '6: now', '9: callback', '12: callback', '15: callback']);
  });
});

describe('neverConnected', () => {
  it('is true for a pg client the function keeps and never connects, false once connected or handed on', () => {
    const library = LIBRARY_OBJECTS.find((entry) => entry.id === 'pg.Client')!;
    expect(
      probe(
        `
import pg from 'pg';
async function quiet(url) {
  const a = new pg.Client(url);
  await a.query('SELECT 1');
}
async function connected(url) {
  const b = new pg.Client(url);
  await b.connect();
}
function handed(url) {
  const c = new pg.Client(url);
  return c;
}
`,
        (context, report) => ({
          NewExpression(node: TSESTree.NewExpression) {
            report(node, String(neverConnected(followCreation(node, context.sourceCode, library))));
          },
        }),
      ).map(({ line, message }) => `${line}: ${message}`),
    ).toEqual(['4: true', '8: false', '12: false']);
  });
});

describe('arrivesNextTurn', () => {
  it("is true for a listener or a listening hand-off in a callback queued for the next turn right there, not a timer's", () => {
    expect(
      probe(
        `
import net from 'node:net';
function handle(s) { s.on('error', () => s.destroy()); }
net.createServer((a) => { setImmediate(() => handle(a)); });
net.createServer((b) => { process.nextTick(() => b.on('error', () => {})); });
net.createServer((c) => { setTimeout(() => handle(c), 10); });
net.createServer((d) => { setImmediate(() => setTimeout(() => handle(d), 10)); });
`,
        (context, report) => ({
          'CallExpression[callee.property.name="createServer"] > ArrowFunctionExpression'(fn: TSESTree.ArrowFunctionExpression) {
            const param = fn.params[0] as TSESTree.Identifier;
            report(param, String(arrivesNextTurn(followParameter(fn, param, context.sourceCode))));
          },
        }),
      ).map(({ line, message }) => `${line}: ${message}`),
    ).toEqual(['4: true', '5: true', '6: false', '7: false']);
  });
});

describe('otherCaseOfSameSwitch', () => {
  it("tells a read in a case of a second switch on the same value that the socket's case never leads to", () => {
    const answers = probe(
      `
function ship(kind, other) {
  switch (kind) {
    case 'a': var s = make('a'); break;
    case 'b': case 'c': var s = make('bc'); break;
    default: var s = make('other');
  }
  switch (kind) {
    case 'a': s.use('a'); break;
    case 'c': s.use('c'); break;
    default: s.use('default');
  }
  switch (other) {
    case 'a': s.use('other a');
  }
}
`,
      (context, report) => ({
        'CallExpression[callee.property.name="use"]'(use: TSESTree.CallExpression) {
          const read = (use.callee as TSESTree.MemberExpression).object;
          const made = context.sourceCode.ast.body[0]!;
          const creations = (made as TSESTree.FunctionDeclaration).body.body[0] as TSESTree.SwitchStatement;
          const where = creations.cases.filter((clause) => clause.consequent.length > 0).map((clause) => (otherCaseOfSameSwitch(read, clause.consequent[0]!, context.sourceCode) ? 'never' : 'may')).join(' ');
          report(use, `${context.sourceCode.getText(use.arguments[0])}: ${where}`);
        },
      }),
    ).map(({ message }) => message);
    // Made under 'a', 'b'/'c' and default; read under 'a', 'c', default, and in a switch on another value.
    expect(answers).toEqual(["'a': may never never", "'c': never may never", "'default': never may may", "'other a': may may may"]);
  });
});
