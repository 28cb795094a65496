/**
 * The I/O a call of a helper of the file does on a socket from outside it (src/model/helper-io.ts):
 * each snippet lists, for every plain or `this.` call, `line callee -> object.method ...`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { helperIo } from '../../src/model/helper-io.js';
import { probe } from '../support/probe.js';

function io(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type === AST_NODE_TYPES.MemberExpression && node.callee.object.type !== AST_NODE_TYPES.ThisExpression) return;
      const found = helperIo(node, context.sourceCode).map(({ method }) => `${context.sourceCode.getText(method.object)}.${method.name}`);
      if (found.length > 0) report(node, `${context.sourceCode.getText(node.callee)} -> ${found.join(' ')}`);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('helperIo', () => {
  it('reads the writes a helper makes whenever it runs, through helpers and loops over queues', () => {
    expect(
      io(`
import net from 'node:net';
const socket = net.connect(1);
const queue = [];
function send(line) { socket.write(line); }
function flush() { while (queue.length > 0) send(queue.shift()); }
function guarded() { if (socket.destroyed) return; socket.write('x'); }
function maybe(ok) { if (ok) socket.write('x'); }
function untilClosed() { while (socket.writable) socket.write('x'); }
function toParam(s) { s.write('x'); }
export function run() {
  flush();
  guarded();
  maybe(true);
  untilClosed();
  toParam(socket);
}
`),
    ).toEqual(['6 send -> socket.write', '12 flush -> socket.write']);
  });

  it("counts `this.x` only where the helper's `this` is the caller's", () => {
    expect(
      io(`
import net from 'node:net';
export class Link {
  socket = net.connect(1);
  kick() { this.notify(); notifyPlain(); }
  notify() { this.socket.write('bye'); }
}
function notifyPlain() { this.socket.write('bye'); }
`),
    ).toEqual(['5 this.notify -> this.socket.write']);
  });

  it('leaves out a socket the helper replaces on every path before its I/O', () => {
    expect(
      io(`
import net from 'node:net';
export class Link {
  redial() { this.open(); this.reuse(); this.late(); }
  open() {
    if (this.tls) this.socket = net.connect(2);
    else this.socket = net.connect(1);
    this.socket.write('hello');
  }
  reuse() {
    if (!this.socket) this.socket = net.connect(1);
    this.socket.write('hello');
  }
  late() {
    this.socket.write('bye');
    this.socket = net.connect(1);
  }
}
`),
    ).toEqual(['4 this.reuse -> this.socket.write', '4 this.late -> this.socket.write']);
  });
});
