/**
 * The calls of Node's modules that make a socket or a server (src/model/node-api.ts `NODE_MODULES`):
 * `net.Socket()` and `net.Server()` without `new` make the same objects as with it; `tls.TLSSocket()`
 * without `new` throws (measured: test/live/require-error-listener.live.test.ts).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

/** `kind` of each call or `new` the detector says makes a socket, `server <family>` of each server. */
function made(code: string): string[] {
  return probe(code, (context, report) => {
    const detector = createSocketDetector(context, {});
    const answer = (node: TSESTree.CallExpression | TSESTree.NewExpression): void => {
      const socket = detector.match(node);
      const server = detector.serverFamily(node);
      if (socket) report(node, socket.kind);
      else if (server) report(node, `server ${server}`);
    };
    return { 'VariableDeclarator > CallExpression': answer, 'VariableDeclarator > NewExpression': answer };
  }).map(({ line, message }) => `${line}: ${message}`);
}

describe('Node classes called with and without new', () => {
  it('read net.Socket() and net.Server() and tls.Server() like their new, and not tls.TLSSocket()', () => {
    expect(
      made(`
const net = require('net');
const tls = require('tls');
const a = net.Socket();
const b = new net.Socket();
const c = net.Server();
const d = tls.Server({});
const e = tls.TLSSocket(raw);
const f = Socket();
`),
    ).toEqual(['4: socket', '5: socket', '6: server net', '7: server tls']);
  });
});
