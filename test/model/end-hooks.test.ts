/**
 * Which 'end' hooks a peer reset skips (src/model/end-hooks.ts `isEndHook`): each snippet reports
 * the line of every 'end' listener the model takes for a stream's end. Sockets are known by syntax
 * (`net.connect()`) or, as in `strict`, by their name.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { endHookCandidates, endOnlyFieldResets, foreignEmitterByName, isEndHook, worthMovingToClose } from '../../src/model/end-hooks.js';
import { referenceKey } from '../../src/model/dead-socket.js';
import { releaseIndex } from '../../src/model/releases.js';
import { createSocketDetector, DEFAULT_STRICT_SOCKET_NAME_PATTERN } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function endHooks(code: string): number[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sockets = createSocketDetector(context, { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN });
      for (const hook of endHookCandidates(context.sourceCode)) {
        if (hook.listener && isEndHook(hook, (node) => sockets.match(node), context.sourceCode)) report(hook.listener.call, 'end');
      }
    },
  })).map(({ line }) => line);
}

function fieldResets(code: string): number[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const sockets = createSocketDetector(context, {});
      for (const { reset } of endOnlyFieldResets((node) => sockets.match(node), context.sourceCode)) report(reset, 'reset');
    },
  })).map(({ line }) => line);
}

describe('isEndHook', () => {
  it("takes an object known by its name alone and heard on 'disconnect' for socket.io's, whose 'end' is a message", () => {
    expect(
      endHooks(`
io.on('connection', (socket) => {
  socket.on('end', () => log('asked to end'));
  socket.on('disconnect', () => log('gone'));
});
io.on('connection', (socket) => {
  socket.on('end', () => log('ended'));
});
`),
    ).toEqual([7]);
  });

  it("keeps one of Node's sockets known by syntax, whatever else the file listens for on it", () => {
    expect(
      endHooks(`
import net from 'node:net';
const upstream = net.connect(25, 'mail.example');
upstream.on('end', () => log('ended'));
upstream.on('disconnect', () => log('never emitted'));
`),
    ).toEqual([4]);
  });
});

describe('endOnlyFieldResets', () => {
  const client = (extra: string): string => `
import net from 'node:net';
export class Client {
  open() {
    this.sock = net.connect(7000, '127.0.0.1');
    this.sock.on('error', (err) => this.failed(err));
    this.sock.on('end', () => { this.sock = null; });
${extra}
  }
  failed(err) { log(err); }
  stop() { this.sock = undefined; }
}
`;

  it("finds the field that holds the socket emptied in its 'end' listener only", () => {
    expect(fieldResets(client(''))).toEqual([7]);
    // A 'close' listener that logs only empties nothing.
    expect(fieldResets(client("    this.sock.on('close', () => log('closed'));"))).toEqual([7]);
  });

  it("finds it emptied in a method the 'end' listener calls, and not when 'close' calls that method too", () => {
    const viaMethod = client('').replace("this.sock.on('end', () => { this.sock = null; });", "this.sock.on('end', () => this.reset());");
    const reset = viaMethod.replace('  failed(err) { log(err); }', '  failed(err) { log(err); }\n  reset() { this.ready = false; this.sock = null; }');
    expect(fieldResets(reset)).toEqual([11]);
    expect(fieldResets(reset.replace("this.sock.on('end', () => this.reset());", "this.sock.on('end', () => this.reset());\n    this.sock.on('close', () => this.reset());"))).toEqual([]);
  });

  it("leaves it when the socket's 'close' destroys a peer whose own 'close' empties the field", () => {
    const relay = (onOutClose: string) => `
import net from 'node:net';
export class Relay {
  constructor(inbound) {
    this.inbound = inbound;
    inbound.on('close', () => { this.outbound?.destroy(); this.outbound = undefined; });
  }
  forward(port) {
    this.outbound = net.connect(port, '127.0.0.1');
    this.outbound.on('error', log);
    this.outbound.on('close', () => ${onOutClose});
    this.outbound.on('end', () => { this.outbound = undefined; });
  }
}
`;
    expect(fieldResets(relay('this.inbound.destroy()'))).toEqual([]);
    expect(fieldResets(relay("log('closed')"))).toEqual([12]);
  });

  it("leaves it when what 'close' or 'error' runs writes the field, or the socket is held by a variable", () => {
    expect(fieldResets(client("    this.sock.on('close', () => { this.sock = null; });"))).toEqual([]);
    expect(fieldResets(client('').replace('failed(err) { log(err); }', 'failed(err) { log(err); this.sock = null; }'))).toEqual([]);
    expect(
      fieldResets(`
import net from 'node:net';
let sock = net.connect(7000, '127.0.0.1');
sock.on('error', log);
sock.on('end', () => { sock = null; });
`),
    ).toEqual([]);
  });
});

describe('worthMovingToClose', () => {
  const moved = (code: string): number[] =>
    probe(code, (context, report) => ({
      'Program:exit'() {
        const sockets = createSocketDetector(context, {});
        const byListener = releaseIndex(context.sourceCode).byListener;
        for (const hook of endHookCandidates(context.sourceCode)) {
          for (const release of byListener.get(hook.fn) ?? []) {
            if (worthMovingToClose(release, hook, (node) => sockets.match(node), context.sourceCode)) report(release.node, 'move');
          }
        }
      },
    })).map(({ line }) => line);
  const registry = (made: string): string => `
import net from 'node:net';
const peers = {};
class Peer { constructor(id, socket) { this.id = id; this.socket = socket; } }
net.createServer((socket) => {
  const peer = ${made};
  peers[peer.id] = peer;
  socket.on('end', () => { delete peers[peer.id]; });
}).listen(7000);
`;

  it('takes an entry that is a wrapper made around the socket for one that lives as long as it', () => {
    expect(moved(registry('new Peer(String(Math.random()), socket)'))).toEqual([8]);
  });

  it('leaves a wrapper also handed the registry (it can take itself out), and a value made without the socket', () => {
    expect(moved(registry('new Peer(peers, socket)'))).toEqual([]);
    expect(moved(registry('new Peer(String(Math.random()), null)'))).toEqual([]);
  });
});

/** For every `foreign(x)`: is `x`, known as a socket by its name alone, an emitter of events of its own that never closes? */
function foreign(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'foreign' || !node.arguments[0]) return;
      const sockets = createSocketDetector(context, { socketNamePattern: DEFAULT_STRICT_SOCKET_NAME_PATTERN });
      const [target] = node.arguments;
      const key = referenceKey(target, context.sourceCode);
      if (key !== undefined) report(node, String(foreignEmitterByName(target, key, (n) => sockets.match(n), context.sourceCode)));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('foreignEmitterByName', () => {
  it('takes an object known by its name that the file hears events of its own from, and no close, for no socket', () => {
    expect(
      foreign(`
import net from 'node:net';
declare function makeLink(): any;
function a() {
  const socket = makeLink();
  socket.on('status_change', (status: string) => console.log(status));
  foreign(socket);
}
function b() {
  const socket = makeLink();
  socket.on('status_change', (status: string) => console.log(status));
  socket.on('close', () => console.log('closed'));
  foreign(socket);
}
function c() {
  const socket = makeLink();
  socket.on('data', (chunk: Buffer) => console.log(chunk.length));
  foreign(socket);
}
function d() {
  const socket = net.connect(80);
  socket.on('status_change', () => {});
  foreign(socket);
}
`),
    ).toEqual(['7: true', '13: false', '18: false', '23: false']);
  });
});
