/**
 * What a call does to a socket's liveness (src/model/liveness-calls.ts) and which references the
 * model follows (src/model/liveness-keys.ts): every call of the snippet with its effect.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { lifecycleEffect } from '../../src/model/liveness-calls.js';
import { probe } from '../support/probe.js';

function effects(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const effect = lifecycleEffect(node, context.sourceCode);
      if (!effect) return;
      const key = 'key' in effect ? ` ${effect.key.replace(/^(var@\d+:|this@\d+)/, '')}` : '';
      report(node, `${effect.type}${key}${'detail' in effect ? ` by ${effect.detail}` : ''}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('lifecycleEffect', () => {
  it('reads destroy, end, endGracefully, connect and calls on this', () => {
    expect(
      effects(`
import net from 'node:net';
import { endGracefully } from 'eslint-plugin-socket-errors/codes';
export function serve(socket: net.Socket, other: net.Socket) {
  socket.destroy();
  socket.resetAndDestroy();
  other.end();
  endGracefully(other, { timeoutMs: 10 });
  socket.connect(80);
  socket.pause();
}
declare function open(): net.Socket;
class Client {
  socket = open();
  close() {
    this.socket.destroy();
    this.reconnect();
  }
  reconnect() {}
}
`),
    ).toEqual([
      '5: destroyed socket by destroy',
      '6: destroyed socket by resetAndDestroy',
      '7: ended other by end',
      '8: ended other by endGracefully',
      '9: connected socket',
      '16: destroyed .socket by destroy',
      '17: this-call',
    ]);
  });

  it('does not follow a variable another function may replace', () => {
    expect(
      effects(`
import net from 'node:net';
declare function open(): net.Socket;
let socket = open();
function reconnect() { socket = open(); }
function close() { socket.destroy(); }
function closeLocal() { let local = open(); local = open(); local.destroy(); }
`),
    ).toEqual(['7: destroyed local by destroy']);
  });
});
