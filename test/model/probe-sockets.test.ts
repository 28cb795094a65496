/**
 * Probe sockets (src/model/probe-sockets.ts): a connect to a Unix socket path whose callback ends
 * the socket or the process, and that never reads nor writes, hears no error of a closing connection.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { readMethodCall } from '../../src/model/dead-socket.js';
import { isProbeSocket } from '../../src/model/probe-sockets.js';
import { probe } from '../support/probe.js';

/** For every `x.on('error', …)`: is `x` a probe? */
function probes(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      const method = readMethodCall(node);
      const [event] = node.arguments;
      if (method?.name !== 'on' || event?.type !== AST_NODE_TYPES.Literal || event.value !== 'error') return;
      report(node, String(isProbeSocket(method.object, context.sourceCode)));
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('probe sockets', () => {
  it('knows a Unix socket path by its spelling or by the unlink or listen of the same expression', () => {
    expect(
      probes(`
import fs from 'node:fs';
import net from 'node:net';
export function checks(server: net.Server, config: { socket: string }, port: number) {
  net.connect(config.socket, () => { throw new Error('in use'); }).on('error', () => fs.unlinkSync(config.socket));
  net.connect('/run/app.sock', () => process.exit(1)).on('error', () => {});
  net.connect({ path: config.socket }, () => { throw new Error('in use'); }).on('error', () => {});
  net.connect(port, () => { throw new Error('in use'); }).on('error', () => {});
  net.connect('8080', () => { throw new Error('in use'); }).on('error', () => {});
  server.listen(config.socket);
}
`),
    ).toEqual(['5: true', '6: true', '7: true', '8: false', '9: false']);
  });

  it('wants a callback that ends the socket or the process, and no read, write or keeping', () => {
    expect(
      probes(`
import net from 'node:net';
export function checks(path: string, resolve: (used: boolean) => void) {
  const a = net.connect('/run/a.sock', () => { a.destroy(); resolve(true); });
  a.on('error', () => resolve(false));
  const b = net.connect('/run/b.sock', () => { resolve(true); });
  b.on('error', () => resolve(false));
  const c = net.connect('/run/c.sock', () => { c.destroy(); });
  c.on('data', (chunk) => console.log(String(chunk)));
  c.on('error', () => {});
  const d = net.connect('/run/d.sock', () => { d.write('PING'); d.destroy(); });
  d.on('error', () => {});
  const kept = net.connect('/run/e.sock', () => { throw new Error('in use'); }).on('error', () => {});
  return kept;
}
`),
    ).toEqual(['5: true', '7: false', '10: false', '12: false', '13: false']);
  });

  it("takes only net's own connect for a probe, not a socket's connect() (which may carry traffic elsewhere)", () => {
    expect(
      probes(`
import net from 'node:net';
export function reuse(sock: net.Socket, path: string) {
  sock.connect('/run/app.sock', () => { throw new Error('in use'); }).on('error', () => {});
  sock.write('hello');
}
`),
    ).toEqual(['4: false']);
  });
});
