/**
 * http-proxy's `proxy.ws(req, socket, head)`, which listens on the socket only once the target
 * answers (src/model/http-proxies.ts).
 */
import { describe, expect, it } from 'vitest';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { proxiedWithoutListener } from '../../src/model/http-proxies.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const [first, second] = node.arguments;
      if (node.callee.type !== AST_NODE_TYPES.MemberExpression || !first || !second) return;
      // The socket is the second argument; the first (the request) is never it.
      const asked = (argument: TSESTree.Node): string => String(proxiedWithoutListener(node, argument, context.sourceCode));
      if (node.callee.property.type === AST_NODE_TYPES.Identifier && node.callee.property.name === 'ws') report(node, `${asked(second)} ${asked(first)}`);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('proxiedWithoutListener', () => {
  it("knows http-proxy's servers, however made and imported, kept in a variable, on the instance or in a table", () => {
    expect(
      answers(`
const httpProxy = require('http-proxy');
const a = httpProxy.createProxyServer({});
const b = require('http-proxy').createProxy({});
const c = new httpProxy.Server({});
class G { constructor() { this.proxy = httpProxy.createServer({}); } up(req, socket, head) { this.proxy.ws(req, socket, head); } }
a.ws(req, socket, head);
b.ws(req, socket, head, { target });
c.ws(req, socket);
const [picked] = table[context];
picked.ws(req, socket, head);
`),
    ).toEqual(['6 true false', '7 true false', '8 true false', '9 true false', '11 true false']);
  });

  it("takes a listener added to the socket in a 'proxyReqWs' listener as in time", () => {
    expect(
      answers(`
const httpProxy = require('http-proxy');
const proxy = httpProxy.createProxyServer({});
proxy.on('proxyReqWs', (proxyReq, req, socket) => { socket.on('error', () => socket.destroy()); });
proxy.ws(req, socket, head);
`),
    ).toEqual(['5 false false']);
  });

  it('leaves files that make no http-proxy server alone', () => {
    expect(
      answers(`
import { createProxyServer } from 'http-proxy-3';
import type { Server } from 'http-proxy';
const fork = createProxyServer({});
const local = makeProxy();
fork.ws(req, socket, head);
local.ws(req, socket, head);
`),
    ).toEqual(['6 false false', '7 false false']);
  });
});
