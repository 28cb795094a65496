/**
 * What the emitter of an 'error' listener rules out (src/model/endpoints.ts): each snippet lists,
 * for every `err.code` read, whether ECONNRESET and EPIPE can still arrive, as `line reset pipe`
 * with `-` for a code ruled out.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { endpointFacts } from '../../src/model/endpoints.js';
import { probe } from '../support/probe.js';

function arriving(code: string): string[] {
  return probe(code, (context, report) => ({
    MemberExpression(node: TSESTree.MemberExpression) {
      if (context.sourceCode.getText(node) !== 'err.code' && context.sourceCode.getText(node) !== "err['code']") return;
      const { cannotArrive } = endpointFacts(node, context.sourceCode);
      report(node, `${cannotArrive.has('ECONNRESET') ? '-' : 'reset'} ${cannotArrive.has('EPIPE') ? '-' : 'pipe'}`);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('endpointFacts of the standard streams', () => {
  it('leaves only EPIPE to a listener on process.stdout, stderr or stdin, inline or by name', () => {
    expect(
      arriving(`
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); });
function quiet(err) { if (err.code === 'EPIPE') process.exit(0); }
process.stderr.on('error', quiet);
process.stdin.once('error', quiet);
`),
    ).toEqual(['2 - pipe', '3 - pipe']);
  });

  it('keeps every code for a listener also on a socket, or on a local `process`', () => {
    expect(
      arriving(`
import net from 'node:net';
function quiet(err) { if (err.code === 'EPIPE') process.exit(0); }
process.stdout.on('error', quiet);
net.connect(7000).on('error', quiet);
export function run(process) {
  process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); });
}
`),
    ).toEqual(['3 reset pipe', '7 reset pipe']);
  });
});

describe('endpointFacts of a server', () => {
  it("rules EADDRNOTAVAIL out for a listen() with no host, the code read with a dot or brackets", () => {
    expect(
      probe(`
import net from 'node:net';
const s = net.createServer();
s.on('error', (err) => { if (err['code'] === 'EADDRINUSE') s.close(); });
s.listen(8080);
`, (context, report) => ({
        MemberExpression(node: TSESTree.MemberExpression) {
          if (context.sourceCode.getText(node) !== "err['code']") return;
          report(node, endpointFacts(node, context.sourceCode).cannotArrive.has('EADDRNOTAVAIL') ? 'ruled out' : 'may arrive');
        },
      })).map(({ line, message }) => `${line} ${message}`),
    ).toEqual(['4 ruled out']);
  });

  it("reads a listener chained on listen() as one on its server (listen() returns it)", () => {
    const ruledOut = (code: string): string[] =>
      probe(code, (context, report) => ({
        MemberExpression(node: TSESTree.MemberExpression) {
          if (context.sourceCode.getText(node) !== 'err.code') return;
          report(node, endpointFacts(node, context.sourceCode).cannotArrive.has('EADDRNOTAVAIL') ? 'ruled out' : 'may arrive');
        },
      })).map(({ line, message }) => `${line} ${message}`);
    const chained = (listen: string): string => `
import net from 'node:net';
const s = net.createServer();
s.${listen}.on('error', (err) => { if (err.code === 'EADDRINUSE') s.close(); });
`;
    expect(ruledOut(chained('listen(8080)'))).toEqual(['4 ruled out']);
    expect(ruledOut(chained("listen(8080, () => console.info('up')).once('listening', ready)"))).toEqual(['4 ruled out']);
    expect(ruledOut(chained("listen(8080, '10.0.0.7')"))).toEqual(['4 may arrive']);
    expect(ruledOut(chained('address()'))).toEqual(['4 may arrive']);
  });
});
