/**
 * A UDP socket that no 'error' can come from: bound and sent from only with callbacks, never
 * connected, never handed on (src/model/udp-quiet.ts).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { quietUdpSocket } from '../../src/model/udp-quiet.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    'CallExpression[callee.property.name="createSocket"]'(node: TSESTree.CallExpression) {
      report(node, String(quietUdpSocket(node, context.sourceCode)));
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('quietUdpSocket', () => {
  it('is true only when every bind and send has a callback and the socket stays in its variable', () => {
    expect(
      answers(`
import dgram from 'node:dgram';
function ping(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, 'h', (err) => s.close()); }
function bound(msg) { const s = dgram.createSocket('udp4'); s.bind(0, () => s.setBroadcast(true)); s.on('message', (m) => s.send(m, 9, 'h', () => {})); }
function bare(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, 'h'); }
function bareBind() { const s = dgram.createSocket('udp4'); s.bind(5353); s.on('message', () => {}); }
function connected(msg) { const s = dgram.createSocket('udp4'); s.connect(9, 'h', () => s.send(msg, () => {})); }
function named(msg, done) { const s = dgram.createSocket('udp4'); s.send(msg, 9, 'h', done); }
function kept(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, 'h', () => {}); return s; }
function idle() { const s = dgram.createSocket('udp4'); s.unref(); }
`),
    ).toEqual(['3 true', '4 true', '5 false', '6 false', '7 false', '8 false', '9 false', '10 false']);
  });
});
