/**
 * Which codes belong together and which a dispatch leaves out (src/model/code-families.ts): a
 * kind's family (with the user's own codes), the siblings a handled kind misses on a silent path,
 * and the codes that cannot arrive inside `ignoreBenignClose(fn)`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { readIfDispatch } from '../../src/model/code-dispatches.js';
import {
  codeFamilies,
  incompleteListFamilies,
  isSocketUnion,
  missingSiblings,
  namesSocketCode,
  peerGoneAfterRefused,
  unreachableCodes,
} from '../../src/model/code-families.js';
import type { NamedCode } from '../../src/model/code-reads.js';
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

  it("knows that only the caller's cases reach a helper called from `case 'ECONNRESET':` alone (its own `if` is no dispatch)", () => {
    const helper = (calls: string): string => `
function onReset(err, res) {
  if (err && err.code === 'ECONNRESET') res.destroy();
}
function onError(err, res, next) {
  switch (err && err.code) {
    case 'ECONNRESET': return onReset(err, res);
    default: next(err);
  }
}
${calls}`;
    // The table's codes are ruled out; a code added by the options (UND_ERR_SOCKET here) is still asked for.
    expect(missing(helper(''))).toEqual(['3: connection-lost: no EPIPE UND_ERR_SOCKET']);
    // Also called where every code arrives, or with a case above it that falls through: the siblings may reach it.
    expect(missing(helper('process.on("uncaughtException", (e) => onReset(e, null));'))).toEqual(['3: connection-lost: EPIPE… UND_ERR_SOCKET']);
    expect(missing(helper('').replace("case 'ECONNRESET':", "case 'EPIPE': log(err);\n    case 'ECONNRESET':"))).toEqual(['3: connection-lost: EPIPE… UND_ERR_SOCKET']);
  });
});

describe('unreachableCodes of an EventTarget listener', () => {
  it("rules out every code of the table for a listener added with addEventListener('error') or onerror only", () => {
    expect(
      missing(`
function onDomError(event) {
  if (event.code === 'ECONNRESET') reconnect();
}
function onBoth(event) {
  if (event.code === 'ECONNRESET') reconnect();
}
feed.addEventListener('error', onDomError);
feed.onerror = (event) => {
  if (event.code === 'ECONNRESET') reconnect();
};
feed.addEventListener('error', onBoth);
socket.on('error', onBoth);
feed.addEventListener('message', (event) => {
  if (event.code === 'ECONNRESET') reconnect();
});
`),
    ).toEqual(['3: connection-lost: no EPIPE UND_ERR_SOCKET', '6: connection-lost: EPIPE… UND_ERR_SOCKET', '10: connection-lost: no EPIPE UND_ERR_SOCKET', '15: connection-lost: EPIPE… UND_ERR_SOCKET']);
  });
});

/** For each dispatch: what peerGoneAfterRefused says (the first missing codes), or `none`. */
function refused(code: string): string[] {
  const seen = new WeakSet<TSESTree.Node>();
  return probe(code, (context, report) => ({
    IfStatement(node: TSESTree.IfStatement) {
      if (seen.has(node)) return;
      const dispatch = readIfDispatch(node, context.sourceCode.getScope(node));
      if (!dispatch) return;
      for (const statement of dispatch.statements) seen.add(statement);
      const found = peerGoneAfterRefused(dispatch.named, dispatch.rest, null, new Set(), families, ignored);
      report(node, found ? found.missing.slice(0, 3).join(',') : 'none');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('peerGoneAfterRefused', () => {
  it('asks a dispatch that acts on ECONNREFUSED alone for the codes of a peer that is gone', () => {
    expect(
      refused(`
probe.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') ring.remove(node);
  else log('health check failed', err.code);
});
local.once('error', (err) => {
  if (err.code !== 'ECONNREFUSED') return tunnel.end();
  setTimeout(openLocal, 1000);
});
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') return retryLater();
  callback(err);
});
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') return retryLater();
  if (err.code === 'ECONNRESET') return;
});
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') console.error('is the server running?');
});
client.on('error', (err) => {
  if (err.code === 'ECONNREFUSED') client.destroy();
  client.destroy();
});
`),
    ).toEqual([
      '3: ECONNRESET,ETIMEDOUT,EHOSTUNREACH',
      '7: ECONNRESET,ETIMEDOUT,EHOSTUNREACH',
      '11: none',
      '15: none',
      '19: none',
      '22: none',
    ]);
  });
});

describe('incompleteListFamilies', () => {
  const named = (...values: string[]): NamedCode[] =>
    values.map((value) => ({ value, literal: true, node: null as never, site: null as never, anchor: null as never }));
  const gaps = (codes: NamedCode[], errno: boolean) =>
    incompleteListFamilies(codes, errno, families, ignored).map(({ kind, missing }) => `${kind}: ${missing.join(',')}`);

  it('asks a list that enumerates a kind (two codes or more) for the rest of it', () => {
    expect(gaps(named('ENOTCONN', 'ECONNRESET', 'ECONNREFUSED'), false)).toEqual([
      'connection-lost: EPIPE,ECONNABORTED,ESHUTDOWN,ERR_STREAM_PREMATURE_CLOSE,UND_ERR_SOCKET',
    ]);
    // errno numbers: only the names every platform's os.constants.errno has
    expect(gaps(named('ENOTCONN', 'ECONNRESET'), true)).toEqual(['connection-lost: EPIPE,ECONNABORTED']);
    expect(gaps(named('ENOTCONN', 'ECONNRESET', 'EPIPE', 'ECONNABORTED'), true)).toEqual([]);
  });

  it('leaves one code of a kind alone: a choice, not an enumeration', () => {
    expect(gaps(named('ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'ENOTFOUND'), false)).toEqual([]);
    expect(gaps(named('ECONNRESET', 'ECONNRESET'), false)).toEqual([]);
  });
});
