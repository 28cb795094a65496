/**
 * A ws WebSocketServer whose only 'error' is its HTTP server's, relayed (src/model/relayed-errors.ts).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { relaysNoNewError } from '../../src/model/relayed-errors.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    'NewExpression[callee.name="WebSocketServer"]'(node: TSESTree.NewExpression) {
      report(node, String(relaysNoNewError(node, context.sourceCode)));
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('relaysNoNewError', () => {
  it('is true for noServer and for a server the file makes and never listens to, false otherwise', () => {
    expect(
      answers(`
import http from 'node:http';
import { WebSocketServer } from 'ws';
const quiet = http.createServer();
const heard = http.createServer();
const alias = heard;
alias.on('error', report);
new WebSocketServer({ noServer: true });
new WebSocketServer({ server: quiet });
new WebSocketServer({ server: http.createServer() });
new WebSocketServer({ server: heard });
new WebSocketServer({ port: 8080 });
new WebSocketServer({ ...options, server: quiet });
new WebSocketServer(options);
function attach(given) { return new WebSocketServer({ server: given }); }
`),
    ).toEqual(['8 true', '9 true', '10 true', '11 false', '12 false', '13 false', '14 false', '15 false']);
  });

  it('is true for an instance field the file fills only with servers it makes, and never listens to', () => {
    expect(
      answers(`
import http from 'node:http';
import { WebSocketServer } from 'ws';
class Adapter {
  run(app, given) {
    this.quiet = http.createServer(app);
    new WebSocketServer({ server: this.quiet });
    this.heard = http.createServer(app);
    this.heard.on('error', (err) => this.emit('error', err));
    new WebSocketServer({ server: this.heard });
    this.given = given;
    new WebSocketServer({ server: this.given });
    this.either = given || http.createServer(app);
    new WebSocketServer({ server: this.either });
    new WebSocketServer({ server: this.unset });
  }
  stop() {
    this.quiet.close();
    this.quiet = null;
  }
}
`),
    ).toEqual(['7 true', '10 false', '12 false', '14 false', '15 false']);
  });

  it('reads options filled in field by field, and nothing it cannot follow', () => {
    expect(
      answers(`
import http from 'node:http';
import { WebSocketServer } from 'ws';
const server = http.createServer();
const filled = {};
filled.server = server;
new WebSocketServer(filled);
const shared = {};
shared.server = server;
configure(shared);
new WebSocketServer(shared);
const ported = { perMessageDeflate: false };
ported.port = 8080;
new WebSocketServer(ported);
`),
    ).toEqual(['7 true', '11 false', '14 false']);
  });
});
