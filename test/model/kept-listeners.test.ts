/**
 * Listeners a connection adds to a module's emitter and never takes off (src/model/kept-listeners.ts):
 * each snippet lists `line emitter event connection` for every one the model finds. Here a function
 * serves one connection when its first parameter is called `conn` (or one of the names a test gives).
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { connectionParameter, keptListeners } from '../../src/model/kept-listeners.js';
import { probe } from '../support/probe.js';

function kept(code: string, connectionNames: readonly string[] = ['conn']): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const { sourceCode } = context;
      const isConnection = (fn: Parameters<typeof connectionParameter>[0]) => {
        const [first] = fn.params;
        return first?.type === AST_NODE_TYPES.Identifier && connectionNames.includes(first.name) ? first : undefined;
      };
      for (const found of keptListeners(sourceCode, isConnection)) {
        report(found.call, `${sourceCode.getText(found.emitter)} ${found.event} ${found.connection.name}`);
      }
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

/** The connection parameter `connectionParameter` finds in each function of the snippet, as `line name`. */
function connections(code: string): string[] {
  return probe(code, (context, report) => {
    const check = (fn: Parameters<typeof connectionParameter>[0]): void => {
      const isServer = (node: { type: string }) => ['server', 'http.createServer'].includes(context.sourceCode.getText(node as never).replace(/\(.*$/su, ''));
      const param = connectionParameter(fn, context.sourceCode, isServer, (id) => id.name !== 'req', () => false);
      if (param) report(fn, param.name);
    };
    return { ArrowFunctionExpression: check, FunctionDeclaration: check };
  }).map(({ line, message }) => `${line} ${message}`);
}

describe('keptListeners', () => {
  it("finds a connection's closure left on a module's emitter, process or a property of an import (not a one-time one)", () => {
    expect(
      kept(`
import { lifecycle } from './lifecycle';
const bus = new EventEmitter();
function serve(conn) {
  const stop = () => conn.end();
  bus.on('stop', stop);
  process.addListener('SIGTERM', () => conn.destroy());
  lifecycle.events.prependListener('reload', () => conn.write('reload'));
  bus!.on('flush', () => conn.write('flush'));
  process.once('beforeExit', stop);
  process.addEventListener('beforeExit', stop);
}
`),
    ).toEqual(['6 bus stop conn', '7 process SIGTERM conn', '8 lifecycle.events reload conn', '9 bus flush conn']);
  });

  it('leaves out a listener added in the block that makes the emitter: once for each one made', () => {
    expect(
      kept(`
const upstreams = {};
function serve(conn) {
  if (!upstreams.main) {
    upstreams.main = connect();
    upstreams.main.on('close', () => { delete upstreams.main; conn.end(); });
  }
  upstreams.main.on('data', (data) => conn.write(data));
}
`),
    ).toEqual(['8 upstreams.main data conn']);
  });

  it('leaves out removed, local, reassigned and handed-on listeners', () => {
    expect(
      kept(`
const bus = new EventEmitter();
const other = new EventEmitter();
let current = new EventEmitter();
export function reset() { current = new EventEmitter(); }
function serve(conn) {
  const stop = () => conn.end();
  bus.on('stop', stop);
  conn.on('close', () => bus.off('stop', stop));
  current.on('stop', stop);
  const local = new EventEmitter();
  local.on('stop', stop);
  const tick = () => conn.write('tick');
  other.on('tick', tick);
  conn.onTick = tick;
  const unsubscribe = other.on('data', (d) => conn.write(d));
}
function setup(port) {
  other.on('ready', () => port.listen());
}
const shared = () => {};
function serveShared(conn) {
  other.on('shared', shared);
}
`),
    ).toEqual([]);
  });
});

describe('connectionParameter', () => {
  it("is a server listener's or a server callback's socket, or the connection of a ws server's `this`", () => {
    expect(
      connections(`
import WS from 'ws';
server.on('connection', (socket) => {});
http.createServer((req, res) => {});
other.on('connection', (socket) => {});
export function onConnection(this: WS.Server, socket: WS, request) {}
export function plain(this: Other.Server, socket, request) {}
`),
    ).toEqual(['3 socket', '4 res', '6 socket']);
  });

  it('reads the ws server type imported from isomorphic-ws, which is ws in Node, and no other package', () => {
    expect(
      connections(`
import WS from 'isomorphic-ws';
import Other from 'other-ws';
export function onConnection(this: WS.Server, socket: WS, request) {}
export function plain(this: Other.Server, socket, request) {}
`),
    ).toEqual(['4 socket']);
  });
});

describe('keptListeners on an outer connection', () => {
  // Here a function serves one connection when its first parameter is `outer` or `inner`.
  it("finds the inner connection's closure on the outer one; leaves one the file takes off, and the outer's own listeners", () => {
    expect(
      kept(
        `
export function serve(outer) {
  outer.on('error', () => {});
  relay.on('connection', (inner) => {
    outer.on('message', (m) => inner.write(m));
    outer.once('close', () => inner.end());
  });
}
export function tidy(outer) {
  relay.on('connection', (inner) => {
    const forward = (m) => inner.write(m);
    outer.on('message', forward);
    inner.on('close', () => outer.off('message', forward));
  });
}
`,
        ['outer', 'inner'],
      ),
    ).toEqual(['5 outer message inner']);
  });
});
