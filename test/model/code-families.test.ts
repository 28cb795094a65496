/**
 * Which codes belong together and which a dispatch leaves out (src/model/code-families.ts): a
 * kind's family (with the user's own codes), the siblings a handled kind misses on a silent path,
 * and the codes that cannot arrive inside `ignoreBenignClose(fn)`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { readIfDispatch } from '../../src/model/code-dispatches.js';
import { codeFamilies, isSocketUnion, missingSiblings, namesSocketCode, unreachableCodes } from '../../src/model/code-families.js';
import { probe } from '../support/probe.js';

const families = codeFamilies({ UND_ERR_SOCKET: 'connection-lost' });
const ignored = new Set(['misuse'] as const);

describe('codeFamilies', () => {
  it('joins the user codes to their kind', () => {
    expect(families.kindOf('EPIPE')).toBe('connection-lost');
    expect(families.kindOf('UND_ERR_SOCKET')).toBe('connection-lost');
    expect(families.kindOf('ENOENT')).toBeUndefined();
    expect(families.familyOf('connection-lost')).toEqual(expect.arrayContaining(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']));
  });

  it('tells unions of socket codes or kinds from others', () => {
    expect(isSocketUnion(['ECONNRESET', undefined], families)).toBe(true);
    expect(isSocketUnion(['connection-lost', 'timeout'], families)).toBe(true);
    expect(isSocketUnion(['read', 'write'], families)).toBe(false);
  });
});

/** For each dispatch: the kinds it misses siblings of, or `complete`; and what cannot arrive. */
function missing(code: string): string[] {
  const seen = new WeakSet<TSESTree.Node>();
  return probe(code, (context, report) => ({
    IfStatement(node: TSESTree.IfStatement) {
      if (seen.has(node)) return;
      const dispatch = readIfDispatch(node, context.sourceCode.getScope(node));
      if (!dispatch) return;
      for (const statement of dispatch.statements) seen.add(statement);
      const codes = dispatch.named.map(([named]) => named);
      if (!namesSocketCode(codes, families, ignored)) {
        report(node, 'not a socket dispatch');
        return;
      }
      const cannotArrive = unreachableCodes(dispatch.first.subject, context.sourceCode);
      const gaps = missingSiblings(dispatch.named, dispatch.rest, null, cannotArrive, families, ignored);
      report(
        node,
        gaps.length === 0
          ? 'complete'
          : gaps.map((gap) => `${gap.kind}: ${gap.missing.includes('EPIPE') ? 'EPIPE…' : 'no EPIPE'} ${gap.missing.includes('UND_ERR_SOCKET') ? 'UND_ERR_SOCKET' : ''}`.trim()).join('; '),
      );
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('missingSiblings and unreachableCodes', () => {
  it('reports the family a handled code leaves to a silent path, without codes that cannot arrive', () => {
    expect(
      missing(`
import { ignoreBenignClose } from 'eslint-plugin-socket-errors/codes';
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') reconnect();
});
socket.on('error', (err) => {
  if (err.code === 'ECONNRESET') reconnect();
  else throw err;
});
socket.on('error', (err) => {
  if (err.code === 'ENOENT') reconnect();
});
socket.on('error', ignoreBenignClose((err) => {
  if (err.code === 'ECONNRESET') reconnect();
}));
`),
    ).toEqual([
      '4: connection-lost: EPIPE… UND_ERR_SOCKET',
      '7: complete',
      '11: not a socket dispatch',
      '14: connection-lost: no EPIPE UND_ERR_SOCKET',
    ]);
  });
});
