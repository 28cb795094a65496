/**
 * Node's networking modules held as values (src/model/module-values.ts): a choice of modules, a
 * static table of them, a field of a pre-ES2015 class given one; and what is no such value.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { mayHoldModuleValues, modulesOf } from '../../src/model/module-values.js';
import { probe } from '../support/probe.js';

/** For each `target(x)`: the modules `x` may hold, or `none`. */
function held(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'target') return;
      const [argument] = node.arguments;
      if (argument && argument.type !== AST_NODE_TYPES.SpreadElement) report(node, modulesOf(argument, context.sourceCode)?.join(',') || 'none');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('modulesOf', () => {
  it('reads choices, static tables and fields given modules', () => {
    expect(
      held(`
import http from 'node:http';
import * as https from 'https';
const net = require('net');
const table = { 'http:': http, 'https:': https };
exports.protocols = { 'http:': http, 'https:': https };
function Client(opts) { this.mod = opts.httpModule || table[opts.protocol]; }
Client.prototype.send = function (url, secure) {
  target(secure ? https : http);
  target(table[url.protocol]);
  target(exports.protocols[url.protocol]);
  target(this.mod);
  target(net);
};
`),
    ).toEqual(['9: https,http', '10: http,https', '11: http,https', '12: http,https', '13: net']);
  });

  it('does not read tables with other values, tables the file writes into or passes on, or modules a caller gives', () => {
    expect(
      held(`
import http from 'node:http';
const mixed = { 'http:': http, 'mock:': require('./mock') };
const shared = { 'http:': http };
register(shared);
exports.protocols = { 'http:': http };
exports.protocols['unix:'] = unixTransport;
const require2 = require;
export function send(url, opts) {
  target(mixed[url.protocol]);
  target(shared[url.protocol]);
  target(exports.protocols[url.protocol]);
  target(opts.httpModule);
  target(require2('http'));
}
`),
    ).toEqual(['10: none', '11: none', '12: none', '13: none', '14: none']);
  });
});

describe('mayHoldModuleValues', () => {
  const holds = (code: string): string[] =>
    probe(code, (context, report) => ({ 'Program:exit'(node: TSESTree.Program) { report(node, String(mayHoldModuleValues(context.sourceCode))); } })).map(({ message }) => message);

  it('is true only where a module is read as a value, not only as `http.member`', () => {
    expect(holds("const http = require('http');\nexports.protocols = { 'http:': http };")).toEqual(['true']);
    expect(holds("import http from 'node:http';\nexport const agent = new http.Agent();")).toEqual(['false']);
  });
});
