/**
 * UDP sockets their 'error' listener closes, used again from a timer (src/model/udp-closed-uses.ts):
 * each snippet lists `line method close@line` for every use the model finds.
 */
import { describe, expect, it } from 'vitest';

import { udpClosedUses } from '../../src/model/udp-closed-uses.js';
import { probe } from '../support/probe.js';

function uses(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program) {
      const found = udpClosedUses(context.sourceCode).map((use) => `${use.call.loc.start.line} ${use.method} close@${use.close.loc.start.line}`);
      report(program, found.join(', ') || 'none');
    },
  })).map(({ message }) => message);
}

const discovery = (onError: string, timer: string, module = "const dgram = require('dgram');"): string => `
${module}
function discover(ms, done) {
  const sock = dgram.createSocket('udp4');
  sock.on('error', ${onError});
  sock.bind(1900);
  ${timer}
}
`;

describe('udpClosedUses', () => {
  it("finds close() or send() in a timer on a UDP socket its 'error' listener closes", () => {
    expect(uses(discovery('() => sock.close()', 'setTimeout(() => sock.close(done), ms);'))).toEqual(['7 close close@5']);
    expect(uses(discovery('(err) => { done(err); sock.close(); }', "setInterval(() => sock.send('hi', 1900, '239.255.255.250'), 1000);"))).toEqual(['7 send close@5']);
    // Given by name.
    expect(uses(discovery('() => sock.close()', 'setTimeout(stop, ms);\n  function stop() { sock.close(); done(); }'))).toEqual(['8 close close@5']);
  });

  it('leaves a listener that does not close, a guarded use, a cleared timer, and a socket of another module', () => {
    expect(uses(discovery('(err) => done(err)', 'setTimeout(() => sock.close(done), ms);'))).toEqual(['none']);
    expect(uses(discovery('(err) => { if (err.code === "EADDRINUSE") sock.close(); }', 'setTimeout(() => sock.close(done), ms);'))).toEqual(['none']);
    expect(uses(discovery('() => sock.close()', 'setTimeout(() => { if (open) sock.close(done); }, ms);'))).toEqual(['none']);
    expect(uses(discovery('() => sock.close()', 'setTimeout(() => { try { sock.close(); } catch {} }, ms);'))).toEqual(['none']);
    expect(uses(discovery('() => { clearTimeout(t); sock.close(); }', 'const t = setTimeout(() => sock.close(done), ms);'))).toEqual(['none']);
    expect(uses(discovery('() => sock.close()', 'setTimeout(() => sock.close(done), ms);', "const dgram = require('./udp');"))).toEqual(['none']);
  });
});
