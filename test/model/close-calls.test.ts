/**
 * Where ending a connection hands its error to code of this file (src/model/close-calls.ts):
 * callbacks of closing calls, awaited closes, and the objects the file ends.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { awaitsClose, closeCallback, destroyedNext, endedKeys, reconnectingKeys, rethrowIsFatal } from '../../src/model/close-calls.js';
import { referenceKey } from '../../src/listeners.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function answers(code: string): string[] {
  return probe(code, (context, report) => {
    const sockets = createSocketDetector(context, {});
    return {
      CallExpression(node: TSESTree.CallExpression) {
        const callback = closeCallback(node, sockets, context.sourceCode);
        if (callback) report(node, `callback of ${callback.method}${callback.closeTime ? ' at close' : ''}${callback.inline ? '' : ' (shared)'}`);
      },
      CatchClause(node: TSESTree.CatchClause) {
        const awaited = awaitsClose(node.parent.block, sockets, context.sourceCode);
        report(node, awaited ? `awaited close, rethrow ${rethrowIsFatal(node) ? 'fatal' : 'awaited'}` : 'no close');
      },
      'Program:exit'(program: TSESTree.Program) {
        // Keys are opaque (`var@75:socket`): the test reads the names they end with.
        const names = [...endedKeys(context.sourceCode)].map((key) => key.replace(/^\w+@\d+[:.]/u, ''));
        report(program, `ended: ${names.sort().join(', ')}`);
      },
    };
  }).map(({ line, message }) => `${line}: ${message}`);
}

describe('close calls', () => {
  it('finds the callbacks sockets call as they end, write or go through a stream helper', () => {
    expect(
      answers(`
import net from 'node:net';
import { finished } from 'node:stream';
const socket = net.connect(7000);
function done(err) {}
socket.write('x', done);
socket.end(() => {});
finished(socket, (err) => {});
process.stdout.end(() => {});
file.close(() => {});
`),
    ).toEqual(['1: ended: socket', '6: callback of write (shared)', '7: callback of end at close', '8: callback of finished']);
  });

  it('knows which awaited values settle when a socket closes', () => {
    expect(
      answers(`
import net from 'node:net';
import { promisify } from 'node:util';
import { once } from 'node:events';
const socket = net.connect(7000);
const endAsync = promisify(socket.end).bind(socket);
async function stop() {
  try { await endAsync(); } catch {}
  try { await once(socket, 'data'); } catch {}
}
try { await once(socket, 'finish'); } catch {}
`),
    ).toEqual(['1: ended: ', '8: awaited close, rethrow awaited', '9: no close', '11: awaited close, rethrow fatal']);
  });

  it('reads an awaited close in the try block and the blocks around it, not in a function the block holds', () => {
    expect(
      answers(`
import net from 'node:net';
import { once } from 'node:events';
const socket = net.connect(7000);
async function stop() {
  await once(socket, 'close');
  try {
    const later = async () => { await once(socket, 'close'); };
    try { socket.write('x'); } catch {}
    try { await once(socket, 'close'); } catch {}
  } catch {}
  try { later(); } catch {}
}
`),
    ).toEqual(['1: ended: ', '9: no close', '10: awaited close, rethrow awaited', '11: awaited close, rethrow awaited', '12: no close']);
  });

  it('reads ends through this.x and skips calls that are no member call', () => {
    expect(
      answers(`
class Conn {
  close() { this.socket.end(); this.other.destroySoon(); end(); }
}
`),
    ).toEqual(['1: ended: other, socket']);
  });

  it('marks a stream helper over a stream the file destroys as closing: it reports a premature close', () => {
    expect(
      answers(`
import net from 'node:net';
import { pipeline, finished, PassThrough } from 'node:stream';
const socket = net.connect(7000);
const out = new PassThrough();
pipeline(socket, out, (err) => {});
finished(socket, (err) => {});
out.on('timeout', () => out.destroy());
`),
    ).toEqual(['1: ended: ', '6: callback of pipeline at close', '7: callback of finished']);
  });
});

describe('reconnectingKeys', () => {
  const reconnecting = (code: string): string[] =>
    probe(code, (context, report) => ({
      'Program:exit'(program: TSESTree.Program) {
        const names = [...reconnectingKeys(context.sourceCode)].map((key) => key.replace(/^\w+@\d+[:.]/u, ''));
        report(program, `reconnecting: ${names.sort().join(', ')}`);
      },
    })).map(({ message }) => message);

  it("follows the 'close' listener into the functions of the file it calls, two calls deep", () => {
    expect(
      reconnecting(`
import net from 'node:net';
class Link {
  start() {
    this.direct = net.connect(1);
    this.direct.on('close', () => this.reconnect());
    this.viaMethod = net.connect(2);
    this.viaMethod.on('close', () => this.onClose());
    this.viaTwo = net.connect(3);
    this.viaTwo.on('close', () => this.handleClose());
    this.viaThree = net.connect(4);
    this.viaThree.on('close', () => this.first());
    this.quiet = net.connect(5);
    this.quiet.on('close', () => this.log());
  }
  reconnect() { this.timer = setTimeout(() => this.start(), 1000); }
  onClose() { this.reconnect(); }
  handleClose() { this.onClose(); }
  first() { this.second(); }
  second() { this.third(); }
  third() { this.reconnect(); }
  log() { console.log('closed'); }
}
`),
    ).toEqual(['reconnecting: direct, viaMethod, viaTwo']);
  });
});

describe('destroyedNext', () => {
  it("finds the destroy() right after an end(), also after an `if` that ends with the end()", () => {
    const answers = probe(
      `
export function close(socket, polite, other) {
  socket.end();
  socket.destroy();
  if (polite) socket.end('bye');
  socket.destroy();
  if (polite) { log(); socket.end('bye'); }
  socket.destroy();
  if (polite) socket.end('bye');
  else socket.destroy();
  if (polite) { socket.end('bye'); log(); }
  socket.destroy();
  socket.end();
  other.destroy();
}
`,
      (context, report) => ({
        CallExpression(node: TSESTree.CallExpression) {
          const callee = node.callee;
          if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier || callee.property.name !== 'end') return;
          const key = referenceKey(callee.object, context.sourceCode)!;
          report(node, String(destroyedNext(node, key, context.sourceCode)));
        },
      }),
    );
    expect(answers.map(({ line, message }) => `${line}: ${message}`)).toEqual(['3: true', '5: true', '7: true', '9: false', '11: false', '13: false']);
  });
});
