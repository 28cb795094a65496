/**
 * `end(cb)` callbacks that settle a promise on a socket another function destroys without an
 * error (src/model/end-callbacks.ts): each snippet lists the stranded `end()` calls found, with the
 * line of the `destroy()` that can come first.
 */
import { describe, expect, it } from 'vitest';

import { endsInOwnErrorListener, strandedEnds } from '../../src/model/end-callbacks.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function stranded(code: string, typed = false): string[] {
  return probe(
    code,
    (context, report) => ({
      'Program:exit'() {
        for (const { call, object, destroy } of strandedEnds(context.sourceCode)) {
          report(call, `${context.sourceCode.getText(object)}.end after destroy() on line ${destroy.loc.start.line}`);
        }
      },
    }),
    { typed },
  ).map(({ line, message }) => `${line}: ${message}`);
}

/** A database link whose `close` waits for `end()`; `close` is its body, `kill` the other way out. */
const link = (close: string, kill = 'link.socket.destroy();'): string => `
import net from 'node:net';
export function openLink(port: number) {
  const link = { socket: net.connect(port, '127.0.0.1') };
  link.socket.on('error', (err) => console.error('link failed', err));
  return {
    kill() { ${kill} },
    close() {
      ${close}
    },
  };
}
`;

describe('strandedEnds', () => {
  it('finds an end() whose callback is the only way a promise settles, when another method destroys the socket', () => {
    const code = link('return new Promise((resolve) => link.socket.end(resolve));');
    expect(stranded(code)).toEqual(['9: link.socket.end after destroy() on line 7']);
    expect(stranded(code, true)).toEqual(['9: link.socket.end after destroy() on line 7']);
    const callback = link('return new Promise((resolve, reject) => {\n        link.socket.end(() => resolve(true));\n      });');
    expect(stranded(callback)).toEqual(['10: link.socket.end after destroy() on line 7']);
    // A test for the socket's presence only: a destroyed socket is still there.
    const present = link('return new Promise((done) => (link.socket ? link.socket.end(done) : done()));');
    expect(stranded(present)).toEqual(['9: link.socket.end after destroy() on line 7']);
  });

  it('passes over an end() after a test of the socket, a destroy() that cannot come first, or a callback that settles nothing', () => {
    // The close method returns early on a destroyed socket.
    expect(stranded(link('if (link.socket.destroyed) return;\n      return new Promise((resolve) => link.socket.end(resolve));'))).toEqual([]);
    // destroy() only as the fallback of this end(): a pending end's callback runs on destroy() (measured).
    expect(stranded(link('return new Promise((resolve) => {\n        setTimeout(() => link.socket.destroy(), 1000);\n        link.socket.end(resolve);\n      });', ''))).toEqual([]);
    // destroy(err): the socket is errored, and end(cb) then calls back with that error.
    expect(stranded(link('return new Promise((resolve) => link.socket.end(resolve));', "link.socket.destroy(new Error('killed'));"))).toEqual([]);
    // destroy() in the socket's own 'close' listener: it is finished or errored by then.
    expect(stranded(link('return new Promise((resolve) => link.socket.end(resolve));', "link.socket.on('close', () => link.socket.destroy());"))).toEqual([]);
    // The destroyed socket is dropped from the name, so the presence test tells.
    const dropped = link('return new Promise((done) => (link.socket ? link.socket.end(done) : done()));', 'link.socket.destroy();\n      link.socket = null;');
    expect(stranded(dropped)).toEqual([]);
    // The callback only logs: nobody waits on it.
    expect(stranded(link("link.socket.end(() => console.log('closed'));"))).toEqual([]);
  });
});

describe('endsInOwnErrorListener', () => {
  const ends = (listener: string): string[] =>
    probe(
      `
import net from 'node:net';
const client = net.connect(23, 'receiver.local');
client.on('error', (err) => {
  ${listener}
});
`,
      (context, report) => ({
        'Program:exit'() {
          const sockets = createSocketDetector(context, {});
          for (const call of endsInOwnErrorListener(context.sourceCode, (node) => sockets.match(node))) report(call, 'end');
        },
      }),
    ).map(({ line, message }) => `${line}: ${message}`);

  it("finds end() in the socket's own 'error' listener, not when destroy() follows it at once", () => {
    expect(ends('console.warn(err.message);\n  client.end();')).toEqual(['6: end']);
    expect(ends('client.end();\n  client.destroy();')).toEqual([]);
    expect(ends('client.end();\n  console.warn(err.message);\n  client.destroy();')).toEqual(['5: end']);
  });
});
