/**
 * An object the file uses like a socket, whatever its name (src/model/socket-evidence.ts), and the
 * reference keys of `this` in a pre-ES2015 class (src/listeners.ts) that let the file's methods
 * agree on one instance.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { referenceKey } from '../../src/listeners.js';
import { usedAsSocket } from '../../src/model/socket-evidence.js';
import { probe } from '../support/probe.js';

/** Only `net.connect(…)` is a socket to this probe: the rest must come from how the file uses an object. */
const connectCall = (node: TSESTree.Expression): boolean =>
  node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && node.callee.property.type === AST_NODE_TYPES.Identifier && node.callee.property.name === 'connect';

/** Each `probe(x)` call of the snippet: is `x` used like a socket? */
function used(code: string): string[] {
  return probe(code, (context, report) => ({
    'CallExpression[callee.name="probe"]'(node: TSESTree.CallExpression) {
      const key = referenceKey(node.arguments[0]!, context.sourceCode);
      report(node, String(key !== undefined && usedAsSocket(context.sourceCode, (other) => other === key, connectCall)));
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('usedAsSocket', () => {
  it("reads socket-only events and settings (not setTimeout, which many clients have), write() with unref(), and a socket assigned on one path among others", () => {
    expect(
      used(`
function a(link) { link.once('timeout', retry); probe(link); }
function b(link) { link.setKeepAlive(true); probe(link); }
function c(link) { link.setTimeout(1000, retry); probe(link); }
function d(link) { link.once('stalled', retry); link.on('close', retry); probe(link); }
let shared = options.link;
function e() { shared = options.fallback ? net.connect(25) : options.link; probe(shared); }
function f(job) { job.on('data', run); job.write('x'); probe(job); }
function g(link) { link.write(frame); link.end(); link.unref(); probe(link); }
function h(timer, out) { timer.unref(); out.write('x'); probe(timer); probe(out); }
`),
    ).toEqual(['2 true', '3 true', '4 false', '5 false', '7 true', '8 false', '9 true', '10 false', '10 false']);
  });
});

describe('referenceKey of this', () => {
  it('keys the constructor and the prototype methods of one class alike, and no other function', () => {
    const keys = probe(
      `
function Client() { this.socket = null; }
Client.prototype.open = function () { this.socket = null; };
Client.prototype.close = function () { const inner = function () { this.socket = null; }; };
function Server() { this.socket = null; }
function helper() { this.socket = null; }
`,
      (context, report) => ({
        'MemberExpression[object.type="ThisExpression"]'(node: TSESTree.MemberExpression) {
          report(node, referenceKey(node, context.sourceCode) ?? 'none');
        },
      }),
    ).map(({ line, message }) => `${line} ${message}`);
    expect(keys).toEqual(['2 this@proto:Client.socket', '3 this@proto:Client.socket', '4 none', '5 none', '6 none']);
  });
});
