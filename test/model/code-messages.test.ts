/**
 * Where a file reads an error's code out of its message (src/model/code-messages.ts): which codes
 * the check looks for, and whether it names one code exactly (then it can compare the code).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { codeComparedBeside, nodeSocketErrorParam, readAddresslessEquality, readMessageCall, readMessageEquality, type MessageMatch } from '../../src/model/code-messages.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

const isCode = (word: string): boolean => ['ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(word);

function matches(code: string): string[] {
  const describeMatch = (found: MessageMatch): string =>
    `${found.words.join(',')}${found.replacement ? ` exact ${found.replacement.value} on ${found.replacement.node.type}` : ''}`;
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const found = readMessageCall(node, context.sourceCode, isCode);
      if (found) report(node, describeMatch(found));
    },
    BinaryExpression(node: TSESTree.BinaryExpression) {
      const found = readMessageEquality(node, context.sourceCode, isCode);
      if (found) report(node, describeMatch(found));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('message reads of codes', () => {
  it('finds codes matched in messages, and the checks that name one exactly', () => {
    expect(
      matches(`
socket.on('error', (err) => {
  if (err.message.includes('ECONNRESET')) {}
  if (err.message?.includes('EPIPE')) {}
  if (err.message.indexOf('read ECONNRESET') !== -1) {}
  if (/ETIMEDOUT/.test(err.message)) {}
  if (/EPIPE|ECONNRESET/i.test(err.message)) {}
  if (err.message.match(/EPIPE/)) {}
  if (err.message === 'read ECONNRESET') {}
  if (err.message.includes('socket hang up')) {}
  if (err.code.includes('EPIPE')) {}
});
`),
    ).toEqual([
      '3: ECONNRESET exact ECONNRESET on CallExpression',
      '4: EPIPE exact EPIPE on ChainExpression',
      '5: ECONNRESET',
      '6: ETIMEDOUT exact ETIMEDOUT on CallExpression',
      '7: EPIPE,ECONNRESET',
      '8: EPIPE',
      '9: ECONNRESET',
    ]);
  });

  it("compares a whole message only when it is worded as Node words a system error", () => {
    expect(
      matches(`
export function ignorable(err) {
  if (err.message === 'write EPIPE') return true;
  if (err.message === 'ECONNRESET: connection reset by peer') return true;
  if (err.message === 'connect ETIMEDOUT 10.1.1.1:443') return true;
  if (err.message === 'resize(2) failed, EPIPE') return true;
  return err.message !== 'pipe broken (EPIPE)';
}
`),
    ).toEqual(['3: EPIPE', '4: ECONNRESET', '5: ETIMEDOUT']);
  });

  it('follows the message into a name that keeps its text, without a rewrite', () => {
    expect(
      matches(`
function isConnectionError(error) {
  const text = \`\${error.message}\`;
  const detail = String(error.message ?? '');
  const lowered = error.message.toLowerCase();
  let later = error.message;
  later = 'x';
  return text.includes('ETIMEDOUT') || detail.indexOf('EPIPE') >= 0 || lowered.includes('ECONNRESET') || later.includes('EPIPE');
}
`),
    ).toEqual(['8: ETIMEDOUT', '8: EPIPE']);
  });

  it('leaves assertions of tests alone', () => {
    expect(
      matches(`
assert.match(err.message, /ECONNRESET/);
expect(err.message.includes('EPIPE')).toBe(true);
assert.ok(/EPIPE/.test(err.message));
`),
    ).toEqual([]);
  });
});

describe('codeComparedBeside', () => {
  it("tells a message test OR'ed with a test of the same error's code for every code it names from one that stands alone", () => {
    // The code may be read through a \`const\` that holds it (\`const code = err?.code || ''\`), not a \`let\`.
    const beside = probe(
      `
export function kinds(err, other) {
  const a = /ECONNRESET/.test(err.message) || err.code === 'ECONNRESET';
  const b = err.message.includes('EPIPE') || (other.code === 'EPIPE');
  const c = /EPIPE|ECONNRESET/.test(err.message) || err.code === 'EPIPE';
  const d = (err.message.includes('EPIPE') || err.code === 'ETIMEDOUT') || 'EPIPE' == err.code;
  const code = err?.code || '';
  const otherCode = other.code;
  let later = err.code;
  const e = code === 'EPIPE' || err.message.includes('EPIPE');
  const f = otherCode === 'EPIPE' || err.message.includes('EPIPE');
  const g = later === 'EPIPE' || err.message.includes('EPIPE');
  later = other.code;
  return [a, b, c, d, e, f, g];
}
`,
      (context, report) => ({
        CallExpression(node: TSESTree.CallExpression) {
          const found = readMessageCall(node, context.sourceCode, isCode);
          if (found) report(node, String(codeComparedBeside(found, context.sourceCode)));
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(beside).toEqual(['3: true', '4: false', '5: false', '6: true', '10: true', '11: false', '12: false']);
  });
});

/** For every comparison of a whole message Node never gives: the code, and whether the error is one of Node's own socket's. */
function addressless(code: string): string[] {
  return probe(code, (context, report) => ({
    BinaryExpression(node: TSESTree.BinaryExpression) {
      const found = readAddresslessEquality(node);
      if (found) report(node, `${found.code} ${nodeSocketErrorParam(found.error, context.sourceCode, createSocketDetector(context, {}))}`);
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('whole messages Node never gives its sockets', () => {
  it("reads `connect`, `listen` and `bind` without the address, and knows the error of Node's own socket by syntax", () => {
    expect(
      addressless(`
import net from 'node:net';
import dgram from 'node:dgram';
declare const pool: { on(event: string, fn: (err: Error) => void): void };
const socket = net.connect(80, 'example.test');
socket.on('error', (err) => console.log(err.message === 'connect ECONNREFUSED'));
const server = net.createServer();
function onListenError(error: Error) {
  if (error.message !== 'listen EADDRINUSE') throw error;
}
server.on('error', onListenError);
pool.on('error', (err) => console.log(err.message === 'connect ETIMEDOUT'));
dgram.createSocket('udp4').on('error', (e) => console.log('bind EADDRINUSE' === e.message, e.message === 'read ECONNRESET'));
`),
    ).toEqual(['6: ECONNREFUSED true', '9: EADDRINUSE false', '12: ETIMEDOUT false', '13: EADDRINUSE true']);
  });
});
