/**
 * 'error' listeners that never see the errors a module's own aborts provoke
 * (src/model/abort-flags.ts): each snippet lists, for every `req.on('error', …)`, whether the
 * listener stops on the module's abort flag (`stops`) or may re-emit an abort's "socket hang up".
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { ABORTS, stopsOnAbortFlag } from '../../src/model/abort-flags.js';
import { isFunction } from '../../src/model/ast.js';
import { referenceKey } from '../../src/model/dead-socket.js';
import { sameObjects } from '../../src/model/same-objects.js';
import { probe } from '../support/probe.js';

function verdicts(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const callee = node.callee;
      const [event, listener] = node.arguments;
      if (callee.type !== AST_NODE_TYPES.MemberExpression || event?.type !== AST_NODE_TYPES.Literal || event.value !== 'error' || !isFunction(listener)) return;
      const { canonical } = sameObjects(context.sourceCode);
      const object = canonical(referenceKey(callee.object, context.sourceCode)!);
      report(node, stopsOnAbortFlag(listener, object, ABORTS, canonical, context.sourceCode) ? 'stops' : 'hears');
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('stopsOnAbortFlag', () => {
  it('reads a flag under a symbol key, among other reasons to return', () => {
    expect(
      verdicts(`
const kDone = Symbol('done');
function send(url, emitter) {
  const req = http.get(url);
  setTimeout(() => { req[kDone] = true; req.destroy(); }, 1000);
  req.on('error', (err) => { if (!emitter || req[kDone]) return; emitter.emit('error', err); });
}
function sendLoose(url, emitter) {
  const req = http.get(url);
  setTimeout(() => { req[kDone] = true; req.destroy(); }, 1000);
  req.on('error', (err) => { if (!emitter && req[kDone]) return; emitter.emit('error', err); });
}
`),
    ).toEqual(['6 stops', '11 hears']);
  });

  it("leaves out aborts in the request's own 'response' listener, not another request's", () => {
    expect(
      verdicts(`
function follow(url, emitter) {
  const req = http.get(url);
  req.on('error', (err) => emitter.emit('error', err));
  req.on('response', (res) => { req.abort(); follow(res.headers.location, emitter); });
}
function race(url, other, emitter) {
  const req = http.get(url);
  req.on('error', (err) => emitter.emit('error', err));
  other.on('response', () => req.abort());
}
`),
    ).toEqual(['4 stops', '9 hears']);
  });
});
