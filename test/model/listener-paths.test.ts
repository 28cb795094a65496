/**
 * A socket's 'error'-listener state along the code paths of its holder (src/model/listener-paths.ts):
 * the first pause reached on a path without a listener, and a read that keeps the socket on a path
 * that never gets one while another path does. Each snippet lists the answer for every
 * `net.connect()` / `new net.Socket()`, and for the socket parameter of every `handle` function.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { ListenerPaths } from '../../src/model/listener-paths.js';
import { followCreation, followParameter } from '../../src/model/summaries.js';
import type { SocketFlow } from '../../src/model/socket-flow.js';
import { probe } from '../support/probe.js';

/**
 * The answers for `code`. The tracker reads the linter's traversal on the first question; every
 * snippet is also answered from listeners recording the traversal as it happens, and without the
 * shortcut for holders with one path and no pause, and all must agree.
 */
function gaps(code: string, untouched = false): string[] {
  const replayed = gapsOf(code, true, true, untouched);
  expect(gapsOf(code, false, true, untouched)).toEqual(replayed);
  expect(gapsOf(code, true, false, untouched)).toEqual(replayed);
  return replayed;
}

function gapsOf(code: string, replay: boolean, straightCut = true, untouched = false): string[] {
  return probe(code, (context, report) => {
    const paths = new ListenerPaths(context.sourceCode, { replay, straightCut });
    const flows: [TSESTree.Node, () => SocketFlow][] = [];
    const describe = (node: TSESTree.Node | undefined): string => (node ? `${node.loc.start.line}:${node.loc.start.column + 1}` : '-');
    return {
      ...paths.listeners,
      CallExpression(node: TSESTree.CallExpression) {
        if (context.sourceCode.getText(node.callee) === 'net.connect') flows.push([node, () => followCreation(node, context.sourceCode)]);
      },
      NewExpression(node: TSESTree.NewExpression) {
        if (context.sourceCode.getText(node.callee) === 'net.Socket') flows.push([node, () => followCreation(node, context.sourceCode)]);
      },
      FunctionDeclaration(node: TSESTree.FunctionDeclaration) {
        const param = node.params[0];
        if (node.id?.name === 'handle' && param?.type === AST_NODE_TYPES.Identifier) flows.push([node, () => followParameter(node, param, context.sourceCode)]);
      },
      'Program:exit'() {
        for (const [node, flow] of flows) {
          const found = paths.gaps(flow(), untouched);
          report(node, `pause ${describe(found.pause)}, kept ${describe(found.kept)}${untouched ? `, left ${found.left === true}` : ''}`);
        }
      },
    };
  }).map(({ line, message }) => `${line}: ${message}`);
}

describe('ListenerPaths.gaps: pauses', () => {
  it('finds an await reached on the path of a && or ?. that gave the socket no listener', () => {
    expect(
      gaps(`
import net from 'node:net';
export async function open(ready: boolean, opts: { onSocket?: (s: net.Socket) => void }) {
  const first = net.connect(7000);
  ready && first.on('error', () => {});
  await tick();
  const second = net.connect(7001);
  opts.onSocket?.(second);
  await tick();
  return [first, second];
}
`),
    ).toEqual(['4: pause 6:3, kept -', '7: pause 9:3, kept -']);
  });

  it('answers each of several sockets in several functions of one file, whatever the order of the questions', () => {
    // Each question places only its own nodes: a later question about another function reads the steps again.
    expect(
      gaps(`
import net from 'node:net';
export async function first(ready: boolean) {
  const socket = net.connect(7000);
  if (ready) socket.on('error', () => {});
  await tick();
  return socket;
}
export function handle(socket: net.Socket, ok: boolean) {
  if (ok) return hub.accept(socket);
  socket.setTimeout(1000);
}
export async function second(opts: { onSocket?: (s: net.Socket) => void }) {
  const socket = net.connect(7001);
  opts.onSocket?.(socket);
  await tick();
  return socket;
}
`),
    ).toEqual(['4: pause 6:3, kept -', '9: pause -, kept 11:3', '14: pause 16:3, kept -']);
  });

  it('reads the steps of the function asked about alone: class fields, functions in templates, the program', () => {
    // A class field's function starts two code paths (the initialiser's, then its own); a template
    // visits its text before its expressions, out of source order; the program passes over the
    // functions it holds. Each answer must be the one a reading of every step gives.
    expect(
      gaps(`
import net from 'node:net';
const top = net.connect(6999);
if (process.env.TLS) top.on('error', () => {});
await tick();
class Pool {
  open = async (ready: boolean) => {
    const socket = net.connect(7000);
    if (ready) socket.on('error', () => {});
    await tick();
    return socket;
  };
}
const label = \`\${(async (ready: boolean) => {
  const socket = net.connect(7001);
  if (ready) socket.on('error', () => {});
  await tick();
  return socket;
})()} and \${[1].map(async () => {
  const socket = net.connect(7002);
  await tick();
  socket.on('error', () => {});
})}\`;
export async function handle(socket: net.Socket, ok: boolean) {
  const inner = () => net.connect(7003);
  if (ok) socket.on('error', () => {});
  await tick();
  return inner;
}
`),
    ).toEqual(['3: pause 5:1, kept -', '8: pause 10:5, kept -', '15: pause 17:3, kept -', '20: pause 21:3, kept -', '24: pause 27:3, kept -', '25: pause -, kept -']);
  });

  it('finds a yield reached after an if that listens on one branch only', () => {
    expect(
      gaps(`
import net from 'node:net';
export function* open(secure: boolean) {
  const socket = net.connect(7000);
  if (secure) socket.on('error', () => {});
  yield socket.remotePort;
  socket.on('error', () => {});
}
`),
    ).toEqual(['4: pause 6:3, kept -']);
  });

  it('finds a parameter waited on before its listener on one path', () => {
    expect(
      gaps(`
export async function handle(socket, known) {
  if (known) socket.on('error', () => {});
  await lookup();
  socket.on('error', () => {});
}
`),
    ).toEqual(['2: pause 4:3, kept -']);
  });

  it('leaves alone paths that listen, destroy or throw before the pause, a pause before the creation, and `new net.Socket()`', () => {
    expect(
      gaps(`
import net from 'node:net';
export async function open(ok: boolean) {
  await warmUp();
  const destroyed = net.connect(7000);
  if (!ok) destroyed.destroy();
  else destroyed.on('error', () => {});
  await tick();
  const thrown = net.connect(7001);
  if (!ok) throw new Error('refused');
  thrown.on('error', () => {});
  await tick();
  const unconnected = new net.Socket();
  if (ok) unconnected.on('error', () => {});
  await tick();
  unconnected.on('error', () => {});
  unconnected.connect(7002);
}
`),
    ).toEqual(['5: pause -, kept -', '9: pause -, kept -', '13: pause -, kept -']);
  });
});

describe('ListenerPaths.gaps: kept reads', () => {
  it('finds a read after the branches merge, on the path that did not hand the socket on', () => {
    expect(
      gaps(`
import net from 'node:net';
export function relay(mine: boolean, hub: { accept(s: net.Socket): void }) {
  const socket = net.connect(7000);
  if (mine) hub.accept(socket);
  socket.write('hello');
}
`),
    ).toEqual(['4: pause -, kept 6:3']);
  });

  it('finds a parameter ended and kept on an early return while the other path listens', () => {
    expect(
      gaps(`
export function handle(socket, banned) {
  if (banned) {
    socket.end('bye');
    return;
  }
  socket.on('error', () => {});
}
`),
    ).toEqual(['2: pause -, kept 4:5']);
  });

  it('leaves alone a read from which a listener is still reached, and paths that destroy or throw', () => {
    expect(
      gaps(`
import net from 'node:net';
export function open(ok: boolean) {
  const guarded = net.connect(7000);
  if (guarded.destroyed) return;
  guarded.on('error', () => {});
  const destroyed = net.connect(7001);
  if (!ok) {
    destroyed.end();
    destroyed.destroy();
    return;
  }
  destroyed.on('error', () => {});
  const thrown = net.connect(7002);
  if (!ok) throw new Error(String(thrown.remotePort));
  thrown.on('error', () => {});
}
`),
    ).toEqual(['4: pause -, kept -', '7: pause -, kept -', '14: pause -, kept -']);
  });
});

describe("ListenerPaths.gaps: the peer's address, and callbacks that hand the socket on later", () => {
  it("compares the branches of a test on the peer's address; reading the address keeps nothing", () => {
    expect(
      gaps(`
export function handle(socket, allowed, pending) {
  if (allowed.includes(socket.remoteAddress)) {
    socket.on('error', () => socket.destroy());
    return;
  }
  pending.push(() => socket.write('late'));
}
`),
    ).toEqual(['2: pause -, kept 7:22']);
    expect(
      gaps(`
export function handle(socket, closed) {
  if (closed) {
    console.warn('late connection from', socket.remoteAddress, socket.remotePort);
    return;
  }
  socket.on('error', () => socket.destroy());
}
`),
    ).toEqual(['2: pause -, kept -']);
  });

  it('keeps the socket in a later callback that may destroy it or hand it on', () => {
    expect(
      gaps(`
import net from 'node:net';
export function handle(socket, trusted) {
  if (trusted) {
    accept(socket);
    return;
  }
  const probe = net.connect(113);
  probe.on('error', () => probe.destroy());
  probe.on('close', (failed) => (failed ? socket.destroy() : accept(socket)));
}
function accept(socket) {
  socket.on('error', () => socket.destroy());
}
`),
    ).toEqual(['3: pause -, kept 10:43', '8: pause -, kept -']);
  });
});

describe('ListenerPaths.gaps: a path that returns without touching the socket (untouched)', () => {
  it('is found only when asked, and not where every path listens, hands on or destroys, nor after a timer that destroys', () => {
    const code = `
export function handle(socket, req) {
  if (req.headers.upgrade === 'websocket') accept(req, socket);
}
`;
    expect(gaps(code)).toEqual(['2: pause -, kept -']);
    expect(gaps(code, true)).toEqual(['2: pause -, kept -, left true']);
    expect(
      gaps(
        `
export function handle(socket, req) {
  if (req.headers.upgrade === 'websocket') accept(req, socket);
  else socket.destroy();
}
`,
        true,
      ),
    ).toEqual(['2: pause -, kept -, left false']);
    expect(
      gaps(
        `
export function handle(socket, req) {
  if (req.headers.upgrade === 'websocket') accept(req, socket);
  else setTimeout(() => socket.destroy(), 1000);
}
`,
        true,
      ),
    ).toEqual(['2: pause -, kept -, left false']);
  });
});

describe('ListenerPaths.gaps: try and catch', () => {
  it('takes a catch entered after the listener when some path into it listened, not when none did', () => {
    expect(
      gaps(`
import net from 'node:net';
import { once } from 'node:events';
export async function open() {
  const waited = net.connect(7000);
  try {
    await once(waited, 'connect');
  } catch {
    await cleanUp();
  }
  const unheard = net.connect(7001);
  try {
    unheard.setNoDelay(true);
  } catch {
    await cleanUp();
  }
  unheard.on('error', () => {});
}
`),
    ).toEqual(['5: pause -, kept -', '11: pause 15:5, kept -']);
  });
});

describe('ListenerPaths.gaps: loops and empty variables', () => {
  it('follows no socket past the end of a loop round, nor on the path where its variable is empty', () => {
    expect(
      gaps(`
import net from 'node:net';
export async function firstReachable(ports: number[]) {
  for (const port of ports) {
    let socket: net.Socket | null = null;
    if (port > 0) socket = net.connect(port);
    else await warmUp();
    if (socket) {
      socket.on('error', () => {});
      return socket;
    }
    await backOff();
  }
}
`),
    ).toEqual(['6: pause -, kept -']);
  });
});

describe('ListenerPaths.gaps: correlated conditions', () => {
  it('compares no paths when two forks test the same condition (one of their mixes never runs)', () => {
    expect(
      gaps(`
import net from 'node:net';
import tls from 'node:tls';
export function open(secure: boolean) {
  const socket = new net.Socket();
  const options: { socket?: net.Socket } = {};
  if (secure) options.socket = socket;
  const stream = secure ? tls.connect(options) : keep(socket);
  socket.once('close', () => stream.destroy());
  socket.connect(993);
}
`),
    ).toEqual(['5: pause -, kept -']);
  });
});
