/**
 * Which reference keys name one object (src/model/same-objects.ts): every call `x.abort()` or
 * `x.end()` of a snippet is read back as its object's text and the text of the first object of the
 * file with the same canonical key.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { referenceKey } from '../../src/listeners.js';
import { sameObjects } from '../../src/model/same-objects.js';
import { probe } from '../support/probe.js';

function sameAs(code: string): string[] {
  const seen = new Map<string, string>();
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.MemberExpression || node.callee.property.type !== AST_NODE_TYPES.Identifier) return;
      if (!['abort', 'end', 'on'].includes(node.callee.property.name)) return;
      const key = referenceKey(node.callee.object, context.sourceCode);
      if (key === undefined) return;
      const canonical = sameObjects(context.sourceCode).canonical(key);
      const text = context.sourceCode.getText(node.callee.object);
      if (!seen.has(canonical)) seen.set(canonical, text);
      report(node, `${text} is ${seen.get(canonical)}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('sameObjects', () => {
  it('joins a chained assignment, self.f with this.f, and the value a method of the class returns', () => {
    expect(
      sameAs(`
function Call() {}
Call.prototype.open = function () {
  if (this.req) return this.req;
  var self = this;
  var req = this.req = make();
  req.on('error', onError);
  return req;
};
Call.prototype.send = function () {
  var self = this;
  var req = this.open();
  req.end();
  setTimeout(function () { self.req.abort(); }, 10);
};
`),
    ).toEqual(['7: req is req', '13: req is req', '14: self.req is req']);
  });

  it('keeps apart what a method returns when it returns two objects, and two fields of one object', () => {
    expect(
      sameAs(`
class Call {
  open() {
    this.req = make();
    this.req.on('error', onError);
    this.retryReq = make();
    this.retryReq.on('error', onError);
  }
  current() {
    if (this.retrying) return this.retryReq;
    return this.req;
  }
  cancel() {
    const req = this.current();
    req.abort();
  }
}
`),
    ).toEqual(['5: this.req is this.req', '7: this.retryReq is this.retryReq', '15: req is req']);
  });
});
