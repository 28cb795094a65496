/**
 * A removal by position that a socket's 'error' and 'close' listeners both run
 * (src/model/double-removals.ts): the second run of `splice(indexOf(…), 1)` removes another entry.
 */
import { describe, expect, it } from 'vitest';

import { doubleRemovals } from '../../src/model/double-removals.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

function removals(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      const sockets = createSocketDetector(context, {});
      const found = doubleRemovals(context.sourceCode, (node) => sockets.match(node) !== undefined);
      report(program, found.map(({ call }) => String(call.loc.start.line)).join(' ') || 'none');
    },
  })).map(({ message }) => message);
}

/** A server whose connections `onError` and `onClose` (listener bodies) forget by position through `drop`. */
const server = (drop: string, onError = 'drop(sock)', onClose = 'drop(sock)'): string => `
import net from 'node:net';
const live = [];
function drop(sock) {
  ${drop}
}
net.createServer((sock) => {
  live.push(sock);
  sock.on('error', () => ${onError});
  sock.on('close', () => ${onClose});
});
`;

describe('doubleRemovals', () => {
  it("finds an unconditional splice(indexOf(…), 1) run from both 'error' and 'close'", () => {
    expect(removals(server('live.splice(live.indexOf(sock), 1);'))).toEqual(['5']);
  });

  it('leaves a removal run from one of them, a checked one, and one after an early return', () => {
    expect(removals(server('live.splice(live.indexOf(sock), 1);', 'console.warn(sock)'))).toEqual(['none']);
    expect(removals(server('if (live.includes(sock)) live.splice(live.indexOf(sock), 1);'))).toEqual(['none']);
    expect(removals(server('if (sock.gone) return;\n  sock.gone = true;\n  live.splice(live.indexOf(sock), 1);'))).toEqual(['none']);
    expect(removals(server('live.splice(other.indexOf(sock), 1);'))).toEqual(['none']);
  });
});
