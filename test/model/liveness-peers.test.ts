/**
 * What the whole file says about the two sockets of a proxy (src/model/liveness-peers.ts): can
 * another function have sent a response's headers, and does a socket's 'close' stop its peer?
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { enclosingFunction } from '../../src/model/ast.js';
import { readMethodCall, referenceKey } from '../../src/model/dead-socket.js';
import { headersMaySendElsewhere, peerEndsWhileConnecting, pipedInCallback, stopsPeerOnClose } from '../../src/model/liveness-peers.js';
import { probe } from '../support/probe.js';

/** For every `res.writeHead(…)`: may the headers have been sent outside its function? */
function headers(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const method = readMethodCall(node);
      const fn = enclosingFunction(node);
      const key = method && referenceKey(method.object, context.sourceCode);
      if (method?.name !== 'writeHead' || !fn || key === undefined) return;
      // The peer: the emitter of the listener the call is in (`upstream` of `upstream.on('error', …)`).
      const listener = fn.parent.type === AST_NODE_TYPES.CallExpression ? readMethodCall(fn.parent) : undefined;
      const peerKey = listener ? referenceKey(listener.object, context.sourceCode) : undefined;
      report(node, String(headersMaySendElsewhere(key, fn, node, context.sourceCode, peerKey)));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

/**
 * For every `stops(a, b)`: does a 'close'/'end' listener of `a` destroy or end `b`, or a pipeline tie them?
 * The function around the call stands for `b`'s connect callback.
 */
function stops(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'stops') return;
      const [a, b] = node.arguments.map((argument) => referenceKey(argument, context.sourceCode));
      if (a === undefined || b === undefined) return;
      // `stops(a, b, 'piped')`: the use is `a.pipe(b)`.
      const piped = node.arguments.length > 2;
      report(node, String(stopsPeerOnClose(a, b, enclosingFunction(node), context.sourceCode, piped)));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

/** For every `x.write(…)`: which listener of another emitter may have ended `x` while the function around the call (its connect callback) waited? */
function endedWhileConnecting(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const method = readMethodCall(node);
      const fn = enclosingFunction(node);
      const key = method && referenceKey(method.object, context.sourceCode);
      if (method?.name !== 'write' || !fn || key === undefined) return;
      const peer = peerEndsWhileConnecting(key, fn, node, context.sourceCode);
      report(node, peer ? `${peer.peerName} '${peer.event}' at ${peer.registration.loc.start.line}` : 'none');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

/** For every `piped(a, b)`: does the function around the call (a connect callback) pipe `a` into `b` each time it runs? */
function piped(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'piped') return;
      const [a, b] = node.arguments.map((argument) => referenceKey(argument, context.sourceCode));
      const fn = enclosingFunction(node);
      if (a === undefined || b === undefined || !fn) return;
      report(node, String(pipedInCallback(a, b, fn, context.sourceCode)));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('liveness peers', () => {
  it('knows headers sent by another function, unless a flag set there guards the use', () => {
    expect(
      headers(`
import http from 'node:http';
http.createServer((req, res) => {
  const upstream = http.request('http://x', (answer) => answer.pipe(res));
  upstream.on('error', () => res.writeHead(502));
}).listen(1);
http.createServer((req, res) => {
  let answered = false;
  const upstream = http.request('http://x', (answer) => { answered = true; answer.pipe(res); });
  upstream.on('error', () => { if (!answered) res.writeHead(502); });
}).listen(2);
http.createServer((req, res) => {
  const upstream = http.request('http://x');
  upstream.on('error', () => res.writeHead(502));
}).listen(3);
`),
    ).toEqual(['5: true', '10: false', '14: false']);
  });

  it("leaves headers sent in the upstream response's 'end' listener, or before the upstream is made on a path that returns", () => {
    expect(
      headers(`
import http from 'node:http';
http.createServer((req, res) => {
  if (req.method === 'PURGE') { res.writeHead(204); res.end(); return; }
  const upstream = http.request('http://x', (answer) => answer.on('end', () => res.writeHead(200)));
  upstream.on('error', () => res.writeHead(502));
}).listen(1);
http.createServer((req, res) => {
  if (req.method === 'PURGE') { res.writeHead(204); res.end(); }
  const upstream = http.request('http://x', (answer) => answer.on('data', () => res.writeHead(200)));
  upstream.on('error', () => res.writeHead(502));
}).listen(2);
`),
    ).toEqual(expect.arrayContaining(['6: false', '11: true']));
  });

  it("finds a 'close' listener that destroys the peer, or a pipeline of the two", () => {
    expect(
      stops(`
import net from 'node:net';
import { pipeline } from 'node:stream';
declare const client: net.Socket;
declare const upstream: net.Socket;
declare const other: net.Socket;
client.on('close', () => upstream.destroy());
client.on('error', () => other.destroy());
pipeline(client, other, () => {});
stops(client, upstream);
stops(upstream, client);
stops(client, other);
`),
    ).toEqual(['10: true', '11: false', '12: true']);
  });

  it("counts an 'error' listener that destroys or ends the peer only for a pipe into the peer", () => {
    expect(
      stops(`
import net from 'node:net';
declare const client: net.Socket;
declare const upstream: net.Socket;
declare const other: net.Socket;
client.on('error', () => upstream.destroy());
client.on('error', () => other.end());
stops(client, upstream, 'piped');
stops(client, upstream);
stops(client, other, 'piped');
stops(client, other);
`),
    ).toEqual(['8: true', '9: false', '10: true', '11: false']);
  });

  it("counts a 'close' or 'end' listener that ends the peer, for a write as for a pipe: the peer closes once connected", () => {
    expect(
      stops(`
import net from 'node:net';
declare const client: net.Socket;
declare const upstream: net.Socket;
declare const other: net.Socket;
declare const third: net.Socket;
client.on('close', () => { if (upstream) upstream.end(); });
client.on('end', () => other.end());
client.on('close', () => console.log(third.remoteAddress));
stops(client, upstream);
stops(client, other, 'piped');
stops(client, third);
`),
    ).toEqual(['10: true', '11: true', '12: false']);
  });

  it("does not count a 'close' listener added only in the peer's connect callback: it comes too late", () => {
    expect(
      stops(`
import net from 'node:net';
declare const client: net.Socket;
const upstream = net.connect(9000, () => {
  client.once('close', () => upstream.destroy());
  stops(client, upstream);
});
const backup = net.connect(9001, () => {
  stops(client, backup);
});
client.once('close', () => backup.destroy());
`),
    ).toEqual(['6: false', '9: true']);
  });

  it("finds another emitter's 'close', 'end' or 'error' listener that ends a socket while it connects, and only one that leaves its connect callback to run", () => {
    expect(
      endedWhileConnecting(`
import net from 'node:net';
export function tunnels(client: net.Socket, other: net.Socket) {
  const a = net.connect(1, () => a.write('x'));
  client.on('close', () => a.end());
  const b = net.connect(2, () => b.write('x'));
  client.on('end', () => b.destroySoon());
  const c = net.connect(3, () => c.write('x'));
  client.on('close', () => c.destroy());
  const d = net.connect(4, () => d.write('x'));
  client.on('close', () => d.resetAndDestroy());
  const e = net.connect(5, () => e.write('x'));
  other.on('error', () => e.end());
  other.on('close', () => e.destroy());
  const g = net.connect(7, () => g.write('x'));
  other.on('error', () => g.end());
  other.on('close', () => g.end());
  const h = net.connect(8, () => h.write('x'));
  const teardown = () => h.destroy();
  client.on('end', () => { h.end(); teardown(); });
  const f = net.connect(6, () => {
    client.on('close', () => f.end());
    f.write('x');
  });
}
`),
    ).toEqual(["4: client 'close' at 5", "6: client 'end' at 7", '8: none', '10: none', '12: none', "15: other 'close' at 17", '18: none', '23: none']);
  });

  it('leaves a callback that looks first at the peer, the socket or a flag the listener sets, and a listener added by another function', () => {
    expect(
      endedWhileConnecting(`
import net from 'node:net';
export function tunnels(client: net.Socket) {
  let gone = false;
  client.on('close', () => {
    gone = true;
    a.end();
    b.end();
    c.end();
    d.end();
  });
  const a = net.connect(1, () => {
    if (gone) return;
    a.write('x');
  });
  const b = net.connect(2, () => client.destroyed || b.write('x'));
  const c = net.connect(3, () => (c.writable ? c.write('x') : undefined));
  const d = net.connect(4, () => d.write('x'));
}
export function later(client: net.Socket) {
  const e = net.connect(5, () => e.write('x'));
  return e;
}
export function elsewhere(client: net.Socket, e: net.Socket) {
  client.on('close', () => e.end());
}
`),
    ).toEqual(['14: none', '16: none', '17: none', "18: client 'close' at 5", '21: none']);
  });

  it('knows a connect callback that pipes the client into a const upstream each time it runs', () => {
    expect(
      piped(`
import net from 'node:net';
export function tunnels(client: net.Socket, flag: boolean) {
  const a = net.connect(1, () => {
    piped(client, a);
    client.pipe(a);
  });
  const b = net.connect(2, () => {
    piped(client, b);
    b.pipe(client).pipe(b);
  });
  const c = net.connect(3, () => {
    piped(client, c);
    if (flag) client.pipe(c);
  });
  let d = net.connect(4, () => {
    piped(client, d);
    client.pipe(d);
  });
  const e = new net.Socket();
  e.once('connect', () => {
    piped(client, e);
    client.pipe(e);
  });
}
`),
    ).toEqual(['5: true', '9: true', '13: false', '17: false', '22: true']);
  });

  it("follows a client's 'error' listener into a helper of the file that destroys the peer", () => {
    expect(
      stops(`
import net from 'node:net';
declare const client: net.Socket;
const upstream = net.connect(9000, () => stops(client, upstream, 'piped'));
const other = net.connect(9001, () => stops(client, other, 'piped'));
function teardown(err: Error) {
  console.warn(err.message);
  try { upstream.destroy(); } catch {}
}
client.on('error', (err) => teardown(err));
client.on('error', (err) => console.warn(other.remoteAddress));
`),
    ).toEqual(['4: true', '5: false']);
  });
});
