/**
 * Reopens that let the old socket's listener clear the new one (src/model/clobbered-fields.ts):
 * each snippet lists `line opener field` for every clearing the model finds. Here whatever
 * `net.connect()` makes is a socket.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { clobberingClears } from '../../src/model/clobbered-fields.js';
import { probe } from '../support/probe.js';

function clears(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const isSocket = (value: TSESTree.Node) => value.type === AST_NODE_TYPES.CallExpression;
      for (const { clear, openerName, field } of clobberingClears(context.sourceCode, isSocket)) {
        report(clear, `${openerName ?? '?'} ${context.sourceCode.getText(field)}`);
      }
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('clobberingClears', () => {
  it('finds a field cleared by the listener of a socket the same function ends before it refills the field', () => {
    expect(
      clears(`
class Link {
  open(port) {
    if (this.socket) this.socket.destroy();
    this.socket = net.connect(port);
    this.socket.on('close', () => { this.socket = null; this.up = false; });
  }
  async dial(port) {
    this.conn?.end();
    return new Promise((resolve) => {
      this.conn = net.connect(port, resolve);
      this.conn.once('end', () => { this.conn = undefined; });
    });
  }
}
`),
    ).toEqual(['6 open this.socket', '12 dial this.conn']);
  });

  it('leaves out a guarded clear, a function that never ends the old socket, and a clear in a later callback', () => {
    expect(
      clears(`
class Link {
  open(port) {
    if (this.socket) this.socket.end();
    const socket = (this.socket = net.connect(port));
    this.socket.on('close', () => { if (this.socket === socket) this.socket = null; });
  }
  connect(port) {
    if (this.conn) return;
    this.conn = net.connect(port);
    this.conn.on('close', () => { this.conn = null; });
  }
  restart(port) {
    this.pipe.end();
    this.pipe = net.connect(port);
    this.pipe.on('close', () => { setTimeout(() => { this.pipe = null; }, 10); });
  }
}
`),
    ).toEqual([]);
  });
});
