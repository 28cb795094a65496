/**
 * A dispatch on an error's code as one whole (src/model/code-dispatches.ts): the codes an `if`
 * chain or a `switch` names, where each goes, where the others go, and what a switch's cases cover.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { hasStringCase, readIfDispatch, switchCoverage, switchOutcomes } from '../../src/model/code-dispatches.js';
import { readCodeSwitch } from '../../src/model/code-reads.js';
import { probe } from '../support/probe.js';

/** For each `if` that heads a dispatch: `CODE:outcome …, rest outcome`, and the lines of its statements. */
function ifDispatches(code: string): string[] {
  const seen = new WeakSet<TSESTree.Node>();
  return probe(code, (context, report) => ({
    IfStatement(node: TSESTree.IfStatement) {
      if (seen.has(node)) return;
      const dispatch = readIfDispatch(node, context.sourceCode.getScope(node));
      if (!dispatch) return;
      for (const statement of dispatch.statements) seen.add(statement);
      const named = dispatch.named.map(([code, outcome]) => `${code.value}:${outcome}`).join(' ');
      const lines = dispatch.statements.map((statement) => statement.loc.start.line).join(',');
      report(node, `${named}, rest ${dispatch.rest}${dispatch.open ? ', open' : ''} (lines ${lines})`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('readIfDispatch', () => {
  it('reads else-if chains and consecutive guards on one code as one dispatch', () => {
    expect(
      ifDispatches(`
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') {
    reconnect();
  } else if (err.code === 'EPIPE') {
    console.log('gone');
  } else {
    throw err;
  }
});
function onClose(err) {
  if (err.code === 'ECONNRESET') return reconnect();
  if (err.code === 'ETIMEDOUT') return;
  if (closing) return;
}
function onEnd(err) {
  if (err.code !== 'EPIPE') fail(err);
}
`),
    ).toEqual([
      '3: ECONNRESET:handled EPIPE:silent, rest handled (lines 3,5)',
      '12: ECONNRESET:handled ETIMEDOUT:silent, rest silent (lines 12,13)',
      '17: EPIPE:silent, rest handled (lines 17)',
    ]);
  });
});

describe('switch dispatches', () => {
  it('reads what each case and the rest meet, and what the cases cover', () => {
    const answers = probe(
      `
function onError(err) {
  switch (err.code) {
    case 'ECONNRESET':
    case undefined:
      reconnect();
      break;
    case null:
      break;
    default:
      log(err);
  }
}
switch (value) { case 1: }
`,
      (context, report) => ({
        SwitchStatement(node: TSESTree.SwitchStatement) {
          const scope = context.sourceCode.getScope(node);
          const coverage = switchCoverage(node, scope, () => undefined);
          const dispatch = readCodeSwitch(node, scope);
          const outcomes = dispatch ? switchOutcomes(node, dispatch) : null;
          report(
            node,
            [
              `strings ${hasStringCase(node, scope)}`,
              coverage ? `covers ${[...coverage.covered].map(String).join('|')} default ${coverage.defaultCase !== null}` : 'unread',
              outcomes ? `${outcomes.named.map(([code, outcome]) => `${code.value}:${outcome}`).join(' ')} rest ${outcomes.rest}` : 'no dispatch',
            ].join(', '),
          );
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(answers).toEqual([
      '3: strings true, covers ECONNRESET|undefined|null default true, ECONNRESET:handled rest silent',
      '14: strings false, unread, no dispatch',
    ]);
  });
});
