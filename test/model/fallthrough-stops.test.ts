/**
 * A socket stopped in an `if` that goes on, used after it (src/model/fallthrough-stops.ts): each
 * snippet lists, for every `write()`, the branch's stop and whether a `return;` after it leaves
 * just the function; nothing for a write not reached that way.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { referenceKey } from '../../src/listeners.js';
import { stopFallingThrough } from '../../src/model/fallthrough-stops.js';
import { probe } from '../support/probe.js';

function stops(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.MemberExpression || context.sourceCode.getText(node.callee.property) !== 'write') return;
      const key = referenceKey(node.callee.object, context.sourceCode);
      const found = key === undefined ? undefined : stopFallingThrough(node, key, 'write', context.sourceCode);
      if (found) report(node, `${found.type} by ${found.detail}() at ${found.branch.loc.start.line}${found.returnLeaves ? ', return leaves' : ''}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('stopFallingThrough', () => {
  it('finds a destroy() or end() in an if that goes on to the write, in a function or a loop', () => {
    expect(
      stops(`
function greet(s, full) {
  if (full) { s.write('full'); s.destroy(); }
  s.write('hi');
}
function answer(s, busy) {
  if (busy) s.end('busy');
  else console.log('free');
  s.write('ready');
}
function pump(s, chunks) {
  for (const c of chunks) {
    if (c.length > 10) s.destroy();
    s.write(c);
  }
}
`),
    ).toEqual(['4: destroyed by destroy() at 3, return leaves', '9: ended by end() at 7, return leaves', '14: destroyed by destroy() at 13']);
  });

  it('passes over a branch that leaves, a check or exit between, a new value, a reconnect, and a write not plainly after', () => {
    expect(
      stops(`
function a(s, x) { if (x) { s.destroy(); return; } s.write('1'); }
function b(s, x) { if (x) s.destroy(); if (s.destroyed) return; s.write('2'); }
function c(s, x, port) { if (x) s.destroy(); s = connect(port); s.write('3'); }
function d(s, x, port) { if (x) s.destroy(); s.connect(port); s.write('4'); }
function e(s, x) { if (x) s.destroy(); if (!s.destroyed) s.write('5'); }
function f(s, t, x) { if (x) t.destroy(); s.write('6'); }
function g(s, x) { if (x) { setTimeout(() => s.destroy(), 10); } s.write('7'); }
`),
    ).toEqual([]);
  });
});
