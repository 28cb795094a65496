/**
 * The timers that may hold a socket (src/model/timers.ts): a callback of the file and a handle kept
 * somewhere the cleanup can reach, what the callback does with a socket, and whether the handle is
 * handed on (then whoever gets it clears it).
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { displayName, matchOncePerObject, referenceKey } from '../../src/dead-socket.js';
import { resourceNodes } from '../../src/model/resource-walk.js';
import { clearedWithUdpClose } from '../../src/model/timer-guards.js';
import { handedOn, madeAround, timerOfHandle, timersOf, timerUse } from '../../src/model/timers.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

/** One line per timer: `line kind handle [use] [handed on]`, with the answers of `ask` after it. */
function timers(code: string, ask?: (sourceCode: Parameters<typeof timersOf>[0]) => string[]): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      const matchSocket = matchOncePerObject(createSocketDetector(context, {}), context.sourceCode);
      for (const timer of timersOf(context.sourceCode)) {
        const use = timerUse(timer, matchSocket, context.sourceCode);
        const used = use ? ` uses ${displayName(use.socket, context.sourceCode)}${use.io ? ' io' : ''}${use.rearms ? ' rearms' : ''}` : '';
        const handed = handedOn(timer, context.sourceCode) ? ' handed on' : '';
        report(timer.call, `${timer.kind} ${timer.handleText}${used}${handed}`);
      }
      for (const answer of ask?.(context.sourceCode) ?? []) report(program, answer);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

/** The reference key of the variable `name` declares. */
function keyOfVariable(sourceCode: Parameters<typeof timersOf>[0], name: string): string {
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === name) {
      return referenceKey(node.id, sourceCode) ?? '';
    }
  }
  return '';
}

describe('timersOf', () => {
  it('finds the timers whose handle is kept: a const, this.x, a map entry, through unref()', () => {
    expect(
      timers(`
import net from 'node:net';
class Pinger {
  start(socket: net.Socket) {
    this.ping = setInterval(() => socket.write('ping'), 1000).unref();
  }
}
const timeouts = new Map();
net.createServer((socket) => {
  const idle = setTimeout(() => socket.destroy(), 5000);
  timeouts.set(socket, setTimeout(onIdle, 5000));
  setInterval(() => socket.write('tick'), 1000);
  function onIdle() { socket.end(); }
});
`),
    ).toEqual([
      '5: setInterval this.ping uses socket io',
      '10: setTimeout idle uses socket',
      '11: setTimeout timeouts uses socket',
    ]);
  });

  it('leaves out a local function named like a timer', () => {
    expect(
      timers(`
import net from 'node:net';
net.createServer((socket) => {
  const beat = setInterval(() => socket.write('ping'), 1000);
});
function setInterval(fn: () => void, ms: number) { return 0; }
`),
    ).toEqual([]);
  });

  it('reads what the callback does with the socket: I/O, re-arming, a returned handle', () => {
    expect(
      timers(`
import net from 'node:net';
export function keepAlive(socket: net.Socket) {
  const beat = setInterval(() => socket.write('ping'), 1000);
  return beat;
}
net.createServer((socket) => {
  const retry = setTimeout(function again() {
    socket.destroy();
    setTimeout(again, 10);
  }, 10);
});
`),
    ).toEqual(['4: setInterval beat uses socket io handed on', '8: setTimeout retry uses socket rearms']);
  });

  it('finds the timer of a handle by another name for it', () => {
    expect(
      timers(
        `
import net from 'node:net';
net.createServer((socket) => {
  const beat = setInterval(() => socket.write('ping'), 1000);
  const copy = beat;
});
`,
        (sourceCode) => [`copy is ${timerOfHandle(sourceCode, keyOfVariable(sourceCode, 'copy'))?.handleText ?? 'nothing'}`],
      ),
    ).toEqual(['1: copy is beat', '4: setInterval beat uses socket io']);
  });
});

describe('timerUse through methods and the timers module', () => {
  it('follows `this.method()` to I/O on `this.x`, not to a socket the method gets otherwise', () => {
    expect(
      timers(`
import net from 'node:net';
class Pinger {
  constructor(port: number) {
    this.socket = net.connect(port);
    this.beat = setInterval(() => this.ping(), 1000);
    this.other = setInterval(() => this.broadcast(), 1000);
    this.redial = setInterval(() => this.reconnect(), 1000);
  }
  ping() { this.socket.write('ping'); }
  broadcast() { for (const peer of this.peers) peer.write('ping'); }
  reconnect() { this.socket.on('data', () => this.socket.write('hello')); }
}
`),
    ).toEqual(['6: setInterval this.beat uses this.socket io', '7: setInterval this.other', '8: setInterval this.redial']);
  });

  it("reads `Timers.setTimeout` of `require('timers')` as the global timer, not any object's method", () => {
    expect(
      timers(`
const net = require('net');
const Timers = require('timers');
const scheduler = makeScheduler();
const socket = net.connect(7000);
const poll = Timers.setTimeout(() => socket.write('ping'), 1000);
const job = scheduler.setTimeout(() => socket.write('ping'), 1000);
`),
    ).toEqual(['6: setTimeout poll uses socket io']);
  });
});

describe('clearedWithUdpClose', () => {
  /** For each timer: is it cleared wherever the file closes the UDP socket `socket` (or a TCP one)? */
  function cleared(code: string): string[] {
    return probe(code, (context, report) => ({
      'Program:exit'(program) {
        const { sourceCode } = context;
        const socket = resourceNodes(sourceCode).nodes.find((node) => node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === 'socket');
        if (socket?.type !== AST_NODE_TYPES.VariableDeclarator) return;
        for (const timer of timersOf(sourceCode)) report(program, String(clearedWithUdpClose(socket.id, referenceKey(socket.id, sourceCode) ?? '', timer.handleKey, sourceCode)));
      },
    })).map(({ message }) => message);
  }

  const beacon = (made: string, stop: string): string => `
import dgram from 'node:dgram';
import net from 'node:net';
const socket = ${made};
let timer = setInterval(() => socket.send('beacon', 9, '255.255.255.255'), 1000);
export function stop() {
  ${stop}
}
export function restart() {
  clearInterval(timer);
  timer = setInterval(() => socket.send('beacon', 9, '255.255.255.255'), 1000);
}
`;

  it('says yes when every close() of a UDP socket sits beside a clear of the timer, or there is none', () => {
    expect(cleared(beacon("dgram.createSocket('udp4')", 'clearInterval(timer);\n  socket.close();'))).toEqual(['true', 'true']);
    expect(cleared(beacon("dgram.createSocket('udp4')", 'clearInterval(timer);'))).toEqual(['true', 'true']);
  });

  it("leaves out the timer's own close(): it runs once, when the timer fires", () => {
    const ownClose = (callback: boolean) =>
      probe(
        `
import dgram from 'node:dgram';
const socket = dgram.createSocket('udp4');
const timer = setTimeout(() => socket.close(), 1000);
socket.once('message', () => { clearTimeout(timer); socket.close(); });
`,
        (context, report) => ({
          'Program:exit'(program) {
            const { sourceCode } = context;
            const [timer] = timersOf(sourceCode);
            const socket = resourceNodes(sourceCode).nodes.find((node) => node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === 'socket');
            if (!timer || socket?.type !== AST_NODE_TYPES.VariableDeclarator) return;
            report(program, String(clearedWithUdpClose(socket.id, referenceKey(socket.id, sourceCode)!, timer.handleKey, sourceCode, callback ? timer.callback : undefined)));
          },
        }),
      ).map(({ message }) => message);
    expect(ownClose(true)).toEqual(['true']);
    expect(ownClose(false)).toEqual(['false']);
  });

  it('says no for a close() that leaves the timer, and for a TCP socket, which its peer can close', () => {
    expect(cleared(beacon("dgram.createSocket('udp4')", 'socket.close();'))).toEqual(['false', 'false']);
    expect(cleared(beacon('net.connect(9)', 'clearInterval(timer);\n  socket.end();'))).toEqual(['false', 'false']);
  });
});

describe('madeAround', () => {
  it("tells a timer made in the run that registers a socket's listener from one made once for many sockets", () => {
    const answers = probe(
      `
const watchdog = setInterval(() => check(), 1000);
function connect() {
  const socket = net.connect(7000);
  const stats = setInterval(() => report(), 1000);
  socket.on('end', () => clearInterval(stats));
  socket.on('connect', () => {
    socket.on('end', () => clearInterval(stats));
  });
}
class Adapter {
  start() { this.watchdog = setInterval(() => this.check(), 1000); this.connect(); }
  connect() { this.socket = net.connect(7000); this.socket.on('end', () => clearInterval(this.watchdog)); }
}
socket.on('end', () => clearInterval(watchdog));
`,
      (context, report) => ({
        'Program:exit'() {
          const timers = timersOf(context.sourceCode);
          for (const call of resourceNodes(context.sourceCode).callsAndCatches) {
            if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || call.arguments.length !== 2) continue;
            const made = timers.filter((timer) => madeAround(timer, call)).map((timer) => timer.handleText);
            report(call, made.join(', ') || 'none');
          }
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(answers).toEqual(['6: stats', '7: stats', '8: stats', '13: none', '15: watchdog']);
  });
});
