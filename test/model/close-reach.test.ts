/**
 * Which functions run when a socket closes (src/model/close-reach.ts): its 'close' listeners,
 * inline or by reference, our `onSocketClose`, the helpers they call, a wrapper's listeners on its
 * own lifecycle; and which listener a node runs in.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { matchOncePerObject, referenceKey } from '../../src/dead-socket.js';
import type { FunctionNode } from '../../src/model/ast.js';
import { closeEventOf, closeReach, listenerFacts, listenerAround, ownLifecycleReach, withLibraryObjects } from '../../src/model/close-reach.js';
import { resourceNodes } from '../../src/model/resource-walk.js';
import { DEFAULT_STRICT_SOCKET_NAME_PATTERN, createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A function by its name, or `line N` for an anonymous one. */
function nameOf(fn: FunctionNode): string {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) return fn.id.name;
  if (fn.parent.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) return fn.parent.id.name;
  if (fn.parent.type === AST_NODE_TYPES.MethodDefinition && fn.parent.key.type === AST_NODE_TYPES.Identifier) return fn.parent.key.name;
  return `line ${fn.loc.start.line}`;
}

/** The reference key of the first variable called `name`. */
function keyOf(sourceCode: SourceCode, name: string): string {
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === name) {
      return referenceKey(node.id, sourceCode) ?? '';
    }
  }
  return '';
}

function answers(code: string, ask: (context: Readonly<TSESLint.RuleContext<'answer', []>>) => string[]): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program: TSESTree.Program) {
      for (const answer of ask(context)) report(program, answer);
    },
  })).map(({ message }) => message);
}

describe('closeReach', () => {
  it('runs the close listeners of a socket and its other names, and the helpers they call', () => {
    expect(
      answers(
        `
import net from 'node:net';
const socket = net.connect(7000);
const same = socket;
function forget() { drop(); }
function drop() {}
function onClose() { forget(); }
same.on('close', onClose);
socket.on('end', function onEnd() {});
const other = net.connect(7001);
other.once('close', () => drop());
`,
        ({ sourceCode }) => [
          [...closeReach(sourceCode, keyOf(sourceCode, 'socket'))].map(nameOf).sort().join(' '),
          [...closeReach(sourceCode, keyOf(sourceCode, 'other'))].map(nameOf).sort().join(' '),
        ],
      ),
    ).toEqual(['drop forget onClose', 'drop line 11']);
  });

  it("reads our onSocketClose as a 'close' listener", () => {
    expect(
      answers(
        `
import net from 'node:net';
import { onSocketClose } from 'eslint-plugin-socket-errors/codes';
const socket = net.connect(7000);
onSocketClose(socket, function cleanup() {});
`,
        ({ sourceCode }) => [
          [...closeReach(sourceCode, keyOf(sourceCode, 'socket'))].map(nameOf).join(' '),
          `${listenerFacts(sourceCode).helperCloses.length} helper close`,
        ],
      ),
    ).toEqual(['cleanup', '1 helper close']);
  });

  it("follows a wrapper's listeners on its own lifecycle events, when the wrapper is no socket", () => {
    expect(
      answers(
        `
import { EventEmitter } from 'node:events';
class Client extends EventEmitter {
  constructor() {
    super();
    this.on('disconnect', () => this.reset());
    this.on('message', () => this.handle());
  }
  reset() {}
  handle() {}
}
`,
        (context) => {
          const matchSocket = matchOncePerObject(createSocketDetector(context, {}), context.sourceCode);
          return [[...ownLifecycleReach(context.sourceCode, matchSocket)].map(nameOf).join(' ')];
        },
      ),
    ).toEqual(['line 6 reset']);
  });
});

describe('listenerAround', () => {
  it('finds the innermost listener or end() callback a node runs in (a server callback is no listener)', () => {
    expect(
      answers(
        `
import net from 'node:net';
net.createServer((socket) => {
  socket.on('data', function onData() { count(); });
  socket.end('bye', function ended() { done(); });
  top();
});
`,
        ({ sourceCode }) =>
          resourceNodes(sourceCode).nodes.flatMap((node) => {
            if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return [];
            const around = listenerAround(node, sourceCode);
            return [`${node.callee.name} in ${around ? nameOf(around) : 'nothing'}`];
          }),
      ),
    ).toEqual(['count in onData', 'done in ended', 'top in nothing']);
  });
});

describe('library objects (withLibraryObjects, closeEventOf)', () => {
  /** For each variable declared in the file: whether it counts as a socket here, and its close event. */
  function holders(code: string): string[] {
    return answers(code, (context) => {
      const matchSocket = withLibraryObjects(matchOncePerObject(createSocketDetector(context, {}), context.sourceCode), context.sourceCode);
      const found: string[] = [];
      for (const node of resourceNodes(context.sourceCode).nodes) {
        if (node.type !== AST_NODE_TYPES.VariableDeclarator || node.id.type !== AST_NODE_TYPES.Identifier) continue;
        const event = matchSocket(node.id) ? closeEventOf(node.id, context.sourceCode) : 'not held';
        found.push(`${node.id.name}: ${event ?? 'no event to add'}`);
      }
      return found;
    });
  }

  it("knows a library object's own last event, by every import style", () => {
    expect(
      holders(`
import pg, { Client } from 'pg';
import * as redis from 'redis';
import WebSocket, { WebSocketServer } from 'ws';
const mysql = require('mysql2');
const a = new Client();
const b = new pg.Client();
const c = redis.createClient();
const d = new WebSocket('ws://127.0.0.1:1');
const e = mysql.createConnection({});
const f = new pg.Pool();
const g = new WebSocketServer({ port: 1 });
`),
    ).toEqual([
      'mysql: not held',
      'a: end',
      'b: end',
      'c: end',
      'd: close',
      'e: no event to add',
      'f: not held',
      'g: not held',
    ]);
  });

  it('gives a library object known by a socket-like name the library match, as without the name pattern', () => {
    const via = answers(
      `
import dgram from 'node:dgram';
const socket = dgram.createSocket('udp4');
`,
      (context) => {
        const detector = createSocketDetector(context, { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN });
        const matchSocket = withLibraryObjects(matchOncePerObject(detector, context.sourceCode), context.sourceCode);
        const declarator = resourceNodes(context.sourceCode).nodes.find((node) => node.type === AST_NODE_TYPES.VariableDeclarator);
        return declarator?.type === AST_NODE_TYPES.VariableDeclarator ? [`${matchSocket(declarator.id)?.via}`] : [];
      },
    );
    expect(via).toEqual(['syntax']);
  });

  it('counts the last event as the close of the object: its listeners are the close reach', () => {
    expect(
      answers(
        `
const { Client } = require('pg');
const client = new Client();
client.on('end', function onEnd() {});
client.on('close', function neverEmitted() {});
`,
        (context) => [...closeReach(context.sourceCode, keyOf(context.sourceCode, 'client'))].map(nameOf),
      ),
    ).toEqual(['onEnd']);
  });

  it('leaves a local class of the same name alone', () => {
    expect(holders(`class Client {}\nconst client = new Client();`)).toEqual(['client: not held']);
  });
});
