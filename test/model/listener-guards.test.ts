/**
 * Emitters that keep an 'error' listener of the file for good (src/model/listener-guards.ts
 * `keepsErrorListener`): each snippet lists, for every `emit('error', …)`, whether its emitter
 * always has a listener.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { keepsErrorListener } from '../../src/model/listener-guards.js';
import { probe } from '../support/probe.js';

function heard(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.MemberExpression || context.sourceCode.getText(node.callee.property) !== 'emit') return;
      report(node, keepsErrorListener(node.callee.object, context.sourceCode) ? 'heard' : 'maybe unheard');
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('keepsErrorListener of an instance', () => {
  it("counts a lasting listener the constructor gives the instance, through `self` too", () => {
    expect(
      heard(`
import { EventEmitter } from 'node:events';
export class Client extends EventEmitter {
  constructor() {
    super();
    this.on('error', () => {});
  }
  fail(err) {
    this.emit('error', err);
    const self = this;
    setImmediate(function () { self.emit('error', err); });
  }
}
`),
    ).toEqual(['9 heard', '11 heard']);
  });

  it('leaves a listener for once, one given outside the constructor, and one the class takes off', () => {
    expect(
      heard(`
import { EventEmitter } from 'node:events';
export class Once extends EventEmitter {
  constructor() { super(); this.once('error', () => {}); }
  fail(err) { this.emit('error', err); }
}
export class Later extends EventEmitter {
  start() { this.on('error', () => {}); }
  fail(err) { this.emit('error', err); }
}
export class Detached extends EventEmitter {
  constructor() { super(); this.on('error', () => {}); }
  quiet() { this.removeAllListeners(); }
  fail(err) { this.emit('error', err); }
}
`),
    ).toEqual(['5 maybe unheard', '9 maybe unheard', '14 maybe unheard']);
  });

  it("keeps the listener through removals that cannot name it: other events, or a function other code holds", () => {
    expect(
      heard(`
import { EventEmitter } from 'node:events';
export class Actions extends EventEmitter {
  constructor() { super(); this.on('error', () => {}); }
  forget(id, handler) { this.removeListener(id, handler); this.off('close', handler); this.removeAllListeners('close'); }
  fail(err) { this.emit('error', err); }
}
export class Named extends EventEmitter {
  constructor() { super(); this.on('error', this.ignore); }
  ignore() {}
  quiet() { this.off('error', this.ignore); }
  fail(err) { this.emit('error', err); }
}
const bus = new EventEmitter();
bus.on('error', () => {});
bus.removeAllListeners('close');
bus.emit('error', new Error('x'));
`),
    ).toEqual(['6 heard', '12 maybe unheard', '17 heard']);
  });
});
