/**
 * A UDP socket that no 'error' can come from: bound and sent from only with callbacks, never
 * connected, never handed on (src/model/udp-quiet.ts).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { quietUdpSocket, udpUses } from '../../src/model/udp-quiet.js';
import { fileNodes } from '../../src/model/file-nodes.js';
import { referenceKey } from '../../src/model/dead-socket.js';
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
  it('reads a variable that holds a TCP socket in the other branch of an if only in its own branch', () => {
    expect(
      answers(`
import dgram from 'node:dgram';
import net from 'node:net';
export function log(msg, tcp) {
  let client;
  if (tcp) {
    client = new net.Socket();
    client.connect(514, '10.0.0.1', () => client.end(msg));
  } else {
    client = dgram.createSocket('udp4');
    client.send(msg, 514, '10.0.0.1', () => client.close());
  }
}
export function logAndKeep(msg, tcp) {
  let client;
  if (tcp) client = new net.Socket();
  else {
    client = dgram.createSocket('udp4');
    client.send(msg, 514, '10.0.0.1', () => {});
  }
  return client;
}
`),
    ).toEqual(['10 true', '18 false']);
  });
  it('reads a socket kept on a field of a class through every read of the field', () => {
    expect(
      answers(`
import dgram from 'node:dgram';
class Beacon {
  socket = dgram.createSocket('udp4');
  start() { this.socket.bind(0, () => this.socket.setBroadcast(true)); }
  ping(msg) { this.socket.send(msg, 9, 'h', () => {}); }
}
class Listener {
  constructor() { this.socket = dgram.createSocket('udp4'); }
  start() { this.socket.bind(5353); this.socket.on('message', () => {}); }
}
class Shared {
  constructor() { this.socket = dgram.createSocket('udp4'); }
  ping(msg) { this.socket.send(msg, 9, 'h', () => {}); }
  adopt(other) { this.socket = other; }
}
`),
    ).toEqual(['4 true', '9 false', '13 false']);
  });

  it('takes a send without a callback to an IP address the code spells (or a constant holds) as quiet, not one to a name', () => {
    expect(
      answers(`
import dgram from 'node:dgram';
const LOCAL = '127.0.0.1';
var later;
later = '::1';
function spelled(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, '127.0.0.1'); }
function constant(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 0, msg.length, 9, LOCAL); }
function assigned(msg) { const s = dgram.createSocket('udp6'); s.send(msg, 9, later); }
function named(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, 'localhost'); }
function lan(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, '192.168.1.9'); }
function group(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 0, msg.length, 1982, '239.255.255.250'); }
function host(msg, name) { const s = dgram.createSocket('udp4'); s.send(msg, 9, name); }
function nearly(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, '192.168.1'); }
`),
    ).toEqual(['6 true', '7 true', '8 true', '9 false', '10 true', '11 true', '12 false', '13 false']);
  });

  it("takes a send to a field of the class whose only value is an IP address as quiet", () => {
    expect(
      answers(`
import dgram from 'node:dgram';
class Search {
  constructor(options) {
    this.addr = '239.255.255.250';
    this.host = options.host;
    this.socket = dgram.createSocket('udp4');
  }
  search(msg) { this.socket.send(msg, 0, msg.length, 1982, this.addr); }
}
class Ask {
  constructor(options) {
    this.host = options.host;
    this.socket = dgram.createSocket('udp4');
  }
  ask(msg) { this.socket.send(msg, 0, msg.length, 53, this.host); }
}
`),
    ).toEqual(['7 true', '14 false']);
  });

  it("counts close() as a use once listeners are gone only when a send without a callback may fail its lookup", () => {
    const uses = (code: string): string[] =>
      probe(code, (context, report) => ({
        'CallExpression[callee.property.name="removeAllListeners"]'(node: TSESTree.CallExpression) {
          const object = (node.callee as TSESTree.MemberExpression).object;
          const key = referenceKey(object, context.sourceCode);
          const found = udpUses(object, fileNodes(context.sourceCode).calls, new Set([key]), context.sourceCode);
          report(node, found ? [...found].sort().join(',') : 'none');
        },
      })).map(({ line, message }) => `${line} ${message}`);
    expect(
      uses(`
import dgram from 'node:dgram';
function named(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, 'h'); s.removeAllListeners(); }
function heard(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, 'h', () => {}); s.removeAllListeners(); }
function address(msg) { const s = dgram.createSocket('udp4'); s.send(msg, 9, '255.255.255.255'); s.removeAllListeners(); }
`),
    ).toEqual(['3 bind,close,connect,send', '4 bind,connect,send', '5 bind,connect,send']);
  });
});
