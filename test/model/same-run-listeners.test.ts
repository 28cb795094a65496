/**
 * An 'error' listener added later in the same synchronous run as a use of the socket
 * (src/model/same-run-listeners.ts): for each `connect()`, whether such a listener follows it.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { referenceKey } from '../../src/listeners.js';
import { fileNodes } from '../../src/model/file-nodes.js';
import { listensLaterInRun } from '../../src/model/same-run-listeners.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    'CallExpression[callee.property.name="connect"]'(node: TSESTree.CallExpression) {
      const { sourceCode } = context;
      const callee = node.callee as TSESTree.MemberExpression;
      const key = referenceKey(callee.object, sourceCode);
      const later = fileNodes(sourceCode).calls.filter((call) => call.range[0] > node.range[1]);
      report(node, String(listensLaterInRun(node, later, { has: (other) => other === key }, sourceCode)));
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('listensLaterInRun', () => {
  it('is true for a listener the same run surely reaches after the use', () => {
    expect(
      answers(`
export function plain(sock) { sock.connect(80); sock.on('error', () => {}); }
export function chained(sock) { sock.connect(80); sock.on('data', () => {}).on('error', () => {}); }
export function executor(sock) { return new Promise((resolve) => { sock.connect(80, resolve); sock.once('error', resolve); }); }
export function conditional(sock, quiet) { sock.connect(80); if (!quiet) sock.on('error', () => {}); }
export function early(sock, port) { sock.connect(port); if (!port) return; sock.on('error', () => {}); }
export async function awaited(sock) { sock.connect(80); await ready(); sock.on('error', () => {}); }
export function callback(sock) { sock.connect(80, () => sock.on('error', () => {})); }
export function other(sock, peer) { sock.connect(80); peer.on('error', () => {}); }
`),
    ).toEqual(['2 true', '3 true', '4 true', '5 false', '6 false', '7 false', '8 false', '9 false']);
  });
});
