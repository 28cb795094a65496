/**
 * A 'close' listener that runs, for every loss, the recovery an 'error' listener runs for one code
 * (src/model/close-recovery.ts).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { recoveredOnClose } from '../../src/model/close-recovery.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  const ask = (context: Parameters<Parameters<typeof probe>[1]>[0], report: (node: TSESTree.Node, message: string) => void) => (node: TSESTree.Node) =>
    report(node, String(recoveredOnClose(node, context.sourceCode)));
  return probe(code, (context, report) => ({
    'BinaryExpression[right.value="ECONNREFUSED"]': ask(context, report),
    'SwitchCase[test.value="ECONNREFUSED"] > Literal.test': ask(context, report),
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('recoveredOnClose', () => {
  it("is true when a close listener of the same object calls the branch's function on every run", () => {
    expect(
      answers(`
function open(peer) {
  const ws = new WebSocket(peer.url);
  ws.on('close', () => reconnect(peer));
  ws.on('error', (err) => { if (err.code === 'ECONNREFUSED') reconnect(peer); });
  ws.on('error', (err) => { switch (err.code) { case 'ECONNREFUSED': reconnect(peer); break; } });
  ws.on('error', (err) => { if (err.code === 'ECONNREFUSED') retrySoon(peer); });
  ws.on('error', (err) => { if (err.code !== 'ECONNREFUSED') reconnect(peer); });
}
function guarded(peer) {
  const ws = new WebSocket(peer.url);
  ws.on('close', () => { if (peer.wanted) reconnect(peer); });
  ws.on('error', (err) => { if (err.code === 'ECONNREFUSED') reconnect(peer); });
}
function other(peer, backup) {
  const ws = new WebSocket(peer.url);
  backup.on('close', () => reconnect(peer));
  ws.on('error', (err) => { if (err.code === 'ECONNREFUSED') reconnect(peer); });
}
`),
    ).toEqual(['5 true', '6 true', '7 false', '8 false', '13 false', '18 false']);
  });
});
