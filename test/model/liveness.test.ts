/**
 * Where a socket is known dead along the code paths (src/model/liveness.ts): the tracker is fed by
 * a rule's code path listeners, and each snippet lists what it answers at every I/O call.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { ANY_IO_METHOD, readMethodCall, referenceKey } from '../../src/model/dead-socket.js';
import { LivenessTracker } from '../../src/model/liveness.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

type Probe = Parameters<typeof probe>[1];

/** `probe` with type information: the snippet is linted as test/fixtures/file.ts of the fixtures' project. */
function typedProbe(code: string, listener: Probe): { line: number; message: string }[] {
  return probe(code, listener, { typed: true });
}

/** `line: name method -> answer` for every I/O call: known dead (why), may be dead (why), or alive. */
function answers(code: string, typed = false): string[] {
  return (typed ? typedProbe : probe)(code, (context, report) => {
    const tracker = new LivenessTracker(context.sourceCode, createSocketDetector(context, {}));
    return {
      ...tracker.listeners,
      CallExpression(node: TSESTree.CallExpression) {
        const method = readMethodCall(node);
        const key = method && referenceKey(method.object, context.sourceCode);
        if (!method || !ANY_IO_METHOD.has(method.name) || key === undefined) return;
        const known = tracker.deathAt(key, method.name);
        const maybe = known ? undefined : tracker.mayBeDeadAt(key, method.object);
        const answer = known
          ? `dead ${known.death.reason} ${known.death.detail}${known.ended ? ' (ended)' : ''}`
          : maybe
            ? `may be dead ${maybe.reason}`
            : 'alive';
        report(node, `${context.sourceCode.getText(method.object)}.${method.name} -> ${answer}`);
      },
    };
  }).map(({ line, message }) => `${line}: ${message}`);
}

describe('LivenessTracker', () => {
  it('knows a socket destroyed or ended on every path, and forgets it where one path keeps it', () => {
    expect(
      answers(`
import net from 'node:net';
net.createServer((socket) => {
  socket.destroy();
  socket.write('late');
}).listen(1);
net.createServer((socket) => {
  socket.end();
  socket.setNoDelay(true);
  socket.write('late');
}).listen(2);
net.createServer((socket) => {
  if (Math.random() > 0.5) socket.destroy();
  socket.write('maybe');
}).listen(3);
net.createServer((socket) => {
  socket.destroy();
  socket.connect(4);
  socket.write('again');
}).listen(4);
`),
    ).toEqual([
      '5: socket.write -> dead destroyed destroy',
      // \`end()\` on an ended socket is no I/O (the rule asks the kind); options still work after it.
      '8: socket.end -> alive',
      '9: socket.setNoDelay -> alive',
      '10: socket.write -> dead ended end (ended)',
      '14: socket.write -> alive',
      '19: socket.write -> alive',
    ]);
  });

  it("seeds a socket dead in its own 'close' listener and learns from conditions", () => {
    expect(
      answers(`
import net from 'node:net';
const socket = net.connect(1);
socket.on('close', () => socket.write('bye'));
socket.on('error', (err) => {
  socket.write('gone');
});
socket.once('error', (err) => {
  if (err.code === 'ECONNRESET') socket.write('reset');
});
net.createServer((conn) => {
  if (conn.destroyed) conn.write('x');
  if (!conn.writable) return;
  conn.write('y');
}).listen(2);
`),
    ).toEqual([
      '4: socket.write -> dead close close',
      '6: socket.write -> dead error error',
      // The branch says why: a dead code of this socket's error.
      '9: socket.write -> dead dead-code ECONNRESET',
      '12: conn.write -> dead dead-code `destroyed` is true',
      '14: conn.write -> alive',
    ]);
  });

  it("answers 'may be dead' in a 'clientError' listener and for another socket in a connect callback", () => {
    expect(
      answers(`
import http from 'node:http';
import net from 'node:net';
const server = http.createServer();
server.on('clientError', (err, socket) => {
  socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
});
net.createServer((client) => {
  const upstream = net.connect(80, () => {
    client.write('connected');
    upstream.write('hello');
  });
}).listen(1);
`),
    ).toEqual(['6: socket.end -> may be dead client-error', '10: client.write -> may be dead connecting', '11: upstream.write -> alive']);
  });

  it('asks the type checker whether a callback connects a socket, with types only', () => {
    const code = `
import net from 'node:net';
declare function dial(port: number, onConnect: () => void): net.Socket;
export function relay(client: net.Socket): void {
  dial(80, () => {
    client.write('connected');
  });
}
`;
    expect(answers(code, true)).toEqual(['6: client.write -> may be dead connecting']);
    expect(answers(code)).toEqual(['6: client.write -> alive']);
  });
  it('keeps a death across a loop that gives the socket no new value, and forgets it in one that does', () => {
    expect(
      answers(`
import net from 'node:net';
const lines = ['a', 'b'];
net.createServer((socket) => {
  socket.destroy();
  for (const line of lines) socket.write(line);
}).listen(1);
net.createServer((socket) => {
  socket.destroy();
  for (const line of lines) {
    socket = net.connect(2);
    socket.write(line);
  }
}).listen(2);
net.createServer((socket, other) => {
  socket.destroy();
  for (socket of [other]) socket.write('x');
}).listen(3);
net.createServer((socket) => {
  socket.destroy();
  while (lines.length > 0) {
    socket.connect(4);
    socket.write(lines.shift());
  }
}).listen(4);
`),
    ).toEqual([
      '6: socket.write -> dead destroyed destroy',
      '12: socket.write -> alive',
      '17: socket.write -> alive',
      '23: socket.write -> alive',
    ]);
  });
});
