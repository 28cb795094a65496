/**
 * What the code does with a socket from where it obtains it (src/model/hand-offs.ts): the 'error'
 * listeners it attaches, where the socket leaves the function's hands and where it is destroyed,
 * through the variables that hold it. Each snippet lists, for every `net.connect()` and for the
 * first parameter of every function named `handle`, the uses the model reads, as
 * `effect@line[:when]`, then the names the socket was stored in.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { libraryObjects } from '../../src/libraries.js';
import type { SocketFlow } from '../../src/model/socket-flow.js';
import { followCreation, followParameter } from '../../src/model/summaries.js';
import { probe } from '../support/probe.js';

function describeFlow(flow: SocketFlow): string {
  const uses = flow.uses.map((use) => `${use.effect}@${use.at.loc.start.line}${use.when ? `:${use.when}` : ''}`);
  return [uses.join(' ') || '-', flow.names.map((name) => name.name).join(',') || '-'].join(' | ');
}

function flows(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (context.sourceCode.getText(node.callee) === 'net.connect') report(node, describeFlow(followCreation(node, context.sourceCode)));
    },
    FunctionDeclaration(node: TSESTree.FunctionDeclaration) {
      const param = node.params[0];
      if (node.id?.name === 'handle' && param?.type === AST_NODE_TYPES.Identifier) {
        report(node, describeFlow(followParameter(node, param, context.sourceCode)));
      }
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('followCreation', () => {
  it('follows the variables that hold the socket and the methods that return it', () => {
    expect(
      flows(`
import net from 'node:net';
export function open() {
  const socket = net.connect(7000);
  const same = socket;
  same.setNoDelay(true).on('error', () => same.destroy());
}
`),
    ).toEqual(['4: listener@6 destroy@6 | socket,same']);
  });

  it('reads a listener for an event it cannot name as a possible error listener, and others as nothing', () => {
    expect(
      flows(`
import net from 'node:net';
export function open(event) {
  const socket = net.connect(7000);
  socket.on('data', (chunk) => console.log(chunk));
  socket.on(event, () => {});
}
`),
    ).toEqual(['4: listener@6 | socket']);
  });

  it('counts returning, storing outside and passing on as hand-offs, logging and piping as none', () => {
    expect(
      flows(`
import net from 'node:net';
import { track } from './registry.js';
export let shared;
export function open(source) {
  const socket = net.connect(7000);
  console.log(socket);
  source.pipe(socket);
  track(socket);
  shared = socket;
  return socket;
}
`),
    ).toEqual(['6: escape@9 escape@10 escape@11 | socket']);
  });

  it("reads an arrow's body as handed on where the arrow runs, unless a timer or forEach runs it", () => {
    expect(
      flows(`
import net from 'node:net';
export const dial = (port) =>
  net.connect(port);
export function warm(ports) {
  ports.forEach((port) => net.connect(port));
  setTimeout(() => net.connect(7000), 10);
}
`),
    ).toEqual(['4: escape@4 | -', '6: - | -', '7: - | -']);
  });

  it("reads a lookup in a Map or WeakMap of the file as no hand-off, and one in another module's registry as one", () => {
    expect(
      flows(`
import net from 'node:net';
import { registry } from './registry.js';
const names = new WeakMap();
export function open() {
  const socket = net.connect(7000);
  names.get(socket);
  registry.get(socket);
}
`),
    ).toEqual(['6: escape@8 | socket']);
  });

  it('reads an arrow that returns a socket made outside it as handed on where the arrow goes', () => {
    expect(
      flows(`
import net from 'node:net';
export function offer(accept) {
  const socket = net.connect(7000);
  accept(
    () => socket,
    () => socket.destroy(),
  );
}
`),
    ).toEqual(['4: escape@6 destroy@7 | socket']);
  });

  it('reads a return from a listener, or from a function whose every call drops the value, as no hand-off', () => {
    expect(
      flows(`
import net from 'node:net';
function handle(socket) {
  socket.write('hello');
  return socket.on('close', () => console.log('gone'));
}
net.createServer((conn) => {
  handle(conn);
}).on('connection', function (peer) {
  const upstream = net.connect(7000);
  return upstream;
});
`),
    ).toEqual(['3: - | -', '10: - | upstream']);
  });

  it('reads a return as a hand-off when a call keeps the value, or the function is named elsewhere', () => {
    expect(
      flows(`
import net from 'node:net';
function handle(socket) {
  return socket.on('close', () => console.log('gone'));
}
const kept = handle(net.connect(7000));
export { handle };
`),
    ).toEqual(['3: escape@4 | -', '6: escape@6 | -']);
  });

  it("reads a socket put in a Set or array of the file, or taken out of it, as no hand-off; a project's registry as one", () => {
    expect(
      flows(`
import net from 'node:net';
import { registry } from './registry.js';
const open = new Set();
const all = [];
export function dial(port) {
  const socket = net.connect(port);
  open.add(socket);
  all.push(socket);
  socket.on('close', () => open.delete(socket));
  registry.add(socket);
}
`),
    ).toEqual(['7: escape@11 | socket']);
  });

  it("reads a socket stored by key in an object the file makes as no hand-off; in one whose entries the file listens to as one", () => {
    expect(
      flows(`
import net from 'node:net';
const byId = {};
const heard = {};
export function dial(id, port) {
  const socket = net.connect(port);
  byId[id] = socket;
}
export function watched(id, port) {
  const socket = net.connect(port);
  heard[id] = socket;
}
export function watch(id) {
  heard[id].on('error', () => delete heard[id]);
}
`),
    ).toEqual(['6: - | socket', '10: escape@11 | socket']);
  });

  it('records a destroy call', () => {
    expect(
      flows(`
import net from 'node:net';
net.connect(7000).destroy();
`),
    ).toEqual(['3: destroy@3 | -']);
  });

  it('follows a hand-off into a function of the file: none when it never listens, its timing when it listens late', () => {
    expect(
      flows(`
import net from 'node:net';
function ignore(socket) {
  socket.write('hello');
}
async function later(socket) {
  await ready();
  socket.on('error', () => {});
}
export function open() {
  const a = net.connect(7000);
  ignore(a);
  const b = net.connect(7001);
  later(b);
}
`),
    ).toEqual(['11: - | a', '13: escape@14:await | b']);
  });

  it("reads `this.emit('connection', socket)` of a socket the class pipes as no hand-off; passed on bare, emitted on another object, or by a server subclass, as one", () => {
    expect(
      flows(`
import net from 'node:net';
import { EventEmitter } from 'node:events';
class Relay extends EventEmitter {
  open(codec) {
    const socket = net.connect(7000);
    codec.pipe(socket).pipe(codec);
    this.emit('connection', socket);
  }
  forward() {
    const socket = net.connect(7001);
    this.emit('connection', socket);
  }
  hand(httpServer) {
    const socket = net.connect(7002);
    socket.pipe(process.stdout);
    httpServer.emit('connection', socket);
  }
}
class Front extends net.Server {
  open() {
    const socket = net.connect(7003);
    socket.write('hello');
    this.emit('connection', socket);
  }
}
`),
    ).toEqual(['6: - | socket', '11: escape@12 | socket', '15: escape@17 | socket', '22: escape@24 | socket']);
  });

  it('reads a socket given to its own emit as no hand-off, and given to another emitter as one', () => {
    expect(
      flows(`
import net from 'node:net';
export function open(hub) {
  const socket = net.connect(7000);
  socket.emit('connection', socket);
  const other = net.connect(7001);
  hub.emit('connection', other);
}
`),
    ).toEqual(['4: - | socket', '6: escape@7 | other']);
  });
});

describe('followParameter', () => {
  it('reads what a function does with the socket in its parameter', () => {
    expect(
      flows(`
function handle(socket, log) {
  log(socket.remoteAddress);
  setTimeout(() => socket.on('error', () => {}), 10);
}
`),
    ).toEqual(['2: listener@4 | -']);
  });
  it('keeps a UDP socket stored on a field its own class listens to or sends on unheard, and hands on one another class may wire', () => {
    const udpFlows = (code: string): string[] =>
      probe(code, (context, report) => ({
        'Program:exit'() {
          for (const [node, library] of libraryObjects(context.sourceCode)) report(node, describeFlow(followCreation(node, context.sourceCode, library)));
        },
      })).map(({ line, message }) => `${line}: ${message}`);
    expect(
      udpFlows(`
import dgram from 'node:dgram';
class Beacon {
  socket = dgram.createSocket('udp4');
  start() { this.socket.on('message', (msg) => console.log(msg)); this.socket.bind(5353); }
}
function Link() { this.socket = dgram.createSocket('udp4'); }
Link.prototype.send = function (data, done) { this.socket.send(data, 9, 'h', done); };
function Peer(socket) { this.socket = socket; this.socket.on('data', () => {}); }
Peer.prototype.write = function (data) { this.socket.write(data); };
function Meter() { this.udp = dgram.createSocket('udp4'); }
Meter.prototype.count = function (line) { this.udp.send(line, 8125, this.host); };
`),
    ).toEqual(['4: - | -', '7: escape@7 | -', '11: - | -']);
  });
  it('reads a const that picks one of two fields as a copy, handed on only where the copy is', () => {
    const gateway = (use: string): string => `
import net from 'node:net';
export class Gateway {
  open(kind) {
    if (kind === 1) { this.a = net.connect(1); this.a.on('data', () => {}); } else { this.b = net.connect(2); this.b.on('data', () => {}); }
    const pick = kind === 1 ? this.a : this.b;
    ${use}
  }
}
`;
    expect(flows(gateway('pick.write(kind);'))).toEqual(['5: - | -', '5: - | -']);
    expect(flows(gateway('forward(pick);'))).toEqual(['5: escape@5 | -', '5: escape@5 | -']);
  });
});

describe('a socket passed along with what it reads, or once it ended', () => {
  it("is no hand-off in its own 'data' listener (on), nor in its 'close' or 'end' listener; it is in a one-time 'data' listener", () => {
    expect(
      flows(`
import { broker } from './broker';
function handle(socket) {
  socket.on('data', (chunk) => broker.dispatch(chunk, socket));
  socket.on('close', () => broker.emit('left', socket));
  socket.once('data', (head) => broker.adopt(head, socket));
  other.on('data', (chunk) => broker.dispatch(chunk, socket));
}
`),
    ).toEqual(['3: escape@6 escape@7 | -']);
  });
});
