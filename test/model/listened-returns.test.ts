/**
 * Sockets made by a function of the file that listens on them for good before returning them
 * (src/model/listened-returns.ts): each snippet lists the `off()` calls whose receiver is one, as
 * `line name`.
 */
import { describe, expect, it } from 'vitest';

import { madeWithListener } from '../../src/model/listened-returns.js';
import { probe } from '../support/probe.js';

function listened(code: string): string[] {
  return probe(code, (context, report) => ({
    'CallExpression[callee.property.name="off"]'(node: { callee: { object: { name?: string } } } & Parameters<typeof report>[0]) {
      if (madeWithListener(node.callee.object as never, context.sourceCode)) report(node, node.callee.object.name ?? '?');
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('madeWithListener', () => {
  it("finds a socket a method or function of the file returns after giving it a lasting 'error' listener", () => {
    expect(
      listened(`
class Client {
  connect(port) { const socket = this.open(port); socket.off('error', onError); }
  open(port) { const s = new Socket(); s.on('error', log); s.connect(port); return s; }
}
function dial(port) { const conn = net.connect(port); conn.prependListener('error', log); return conn; }
const link = dial(80);
link.off('error', onError);
`),
    ).toEqual(['3 socket', '8 link']);
  });

  it('leaves what got a once listener, no listener, a listener elsewhere, or comes back from elsewhere', () => {
    expect(
      listened(`
function once(port) { const s = net.connect(port); s.once('error', log); return s; }
function none(port) { const s = net.connect(port); return s; }
function other(port) { const s = net.connect(port); const t = net.connect(port); t.on('error', log); return s; }
function either(port, spare) { const s = net.connect(port); s.on('error', log); if (port) return s; return spare; }
async function later(port) { const s = net.connect(port); s.on('error', log); return s; }
const a = once(1); a.off('error', f);
const b = none(1); b.off('error', f);
const c = other(1); c.off('error', f);
const d = either(1); d.off('error', f);
let e = later(1); e.off('error', f);
let g = imported(1); g.off('error', f);
`),
    ).toEqual([]);
  });
});
