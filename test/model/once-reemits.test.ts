/**
 * A socket that listens for 'error' only with once() while the file emits 'error' on it itself
 * (src/model/once-reemits.ts). Every receiver named `socket` counts as a socket here.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { onceButEmitted } from '../../src/model/once-reemits.js';
import { probe } from '../support/probe.js';

const namedSocket = (node: TSESTree.Expression): boolean => node.type === AST_NODE_TYPES.Identifier && node.name === 'socket';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      for (const found of onceButEmitted(context.sourceCode, namedSocket)) report(found.once, `once at ${found.emit.loc.start.line}`);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('onceButEmitted', () => {
  it('finds once() on a socket the file emits on, through a plain copy too, and on a stripped parameter', () => {
    expect(
      answers(`
function deliver(port) {
  const socket = connect(port);
  const same = socket;
  socket.once('timeout', () => same.emit('error', new Error('timed out')));
  socket.once('error', onError);
}
function reuse(socket) {
  for (const event of ['error', 'timeout']) socket.removeAllListeners(event);
  socket.once('timeout', () => socket.emit('error', new Error('timed out')));
  socket.once('error', onError);
}
`),
    ).toEqual(['6 once at 5', '11 once at 10']);
  });

  it('leaves once() alone with a lasting listener, on a parameter not stripped first, an emit on another object, or no emit', () => {
    expect(
      answers(`
function lasting(socket) {
  socket.once('error', onError);
  socket.on('error', () => {});
  socket.once('timeout', () => socket.emit('error', new Error('timed out')));
}
function other(socket, self) {
  socket.once('error', onError);
  socket.once('timeout', () => self.emit('error', new Error('timed out')));
}
function received(socket) {
  socket.once('error', onError);
  socket.once('timeout', () => socket.emit('error', new Error('timed out')));
}
function quiet(socket) {
  socket.once('error', onError);
  socket.emit('data', 'x');
}
`),
    ).toEqual([]);
  });

  it('counts a receiver of any name once the file uses it like a socket', () => {
    expect(
      answers(`
function reuse(link) {
  link.removeAllListeners('error');
  link.once('timeout', () => link.emit('error', new Error('timed out')));
  link.once('error', onError);
}
function watch(job) {
  job.removeAllListeners('error');
  job.once('stalled', () => job.emit('error', new Error('stalled')));
  job.once('error', onError);
}
`),
    ).toEqual(['5 once at 4']);
  });

  it("leaves an emit that runs only while the object has an 'error' listener", () => {
    expect(
      answers(`
function reuse(link) {
  link.removeAllListeners('error');
  link.once('timeout', () => { if (link.listenerCount('error') > 0) link.emit('error', new Error('timed out')); });
  link.once('error', onError);
}
function counted(link) {
  link.removeAllListeners('error');
  link.once('timeout', () => { if (link.listenerCount('error') === 0) link.emit('error', new Error('timed out')); });
  link.once('error', onError);
}
`),
    ).toEqual(['10 once at 9']);
  });
});
