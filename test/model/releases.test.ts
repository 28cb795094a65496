/**
 * What releases a socket's resources and where (src/model/releases.ts and src/model/end-hooks.ts):
 * the kinds of release, and the judgement of a resource's releases against the functions that run
 * when its socket closes, a `finally`, and the 'end' hooks a reset skips.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { matchOncePerObject, referenceKey } from '../../src/dead-socket.js';
import { armedInHook, endHookCandidates, isEndHook } from '../../src/model/end-hooks.js';
import { judgeReleases, releaseIndex, releasesOf, removalOnlyOnWrapperEvent } from '../../src/model/releases.js';
import { resourceNodes } from '../../src/model/resource-walk.js';
import { createSocketDetector } from '../../src/socket.js';
import { probe } from '../support/probe.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Context = Readonly<TSESLint.RuleContext<'answer', []>>;

/** The reference key of the first variable called `name`. */
function keyOf(sourceCode: SourceCode, name: string): string {
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === name) {
      return referenceKey(node.id, sourceCode) ?? '';
    }
  }
  return '';
}

function answers(code: string, ask: (context: Context) => string[]): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program: TSESTree.Program) {
      for (const answer of ask(context)) report(program, answer);
    },
  })).map(({ message }) => message);
}

/** How the resource `resource` of the socket `socket` is released, as one line. */
function judged(context: Context, resource: string, socket: string, ownFunction?: TSESTree.Node): string {
  const { sourceCode } = context;
  const matchSocket = matchOncePerObject(createSocketDetector(context, {}), sourceCode);
  const judgement = judgeReleases(sourceCode, matchSocket, {
    key: keyOf(sourceCode, resource),
    socketKey: keyOf(sourceCode, socket),
    ownFunction,
    filter: () => true,
  });
  if (judgement.released) return `${resource} released`;
  const moved = judgement.onEnd.map(({ release, hook }) => `line ${release.node.loc.start.line} on ${hook.endCall ? 'end()' : hook.listener?.event}`);
  const quiet = judgement.quietDestroy ? `, destroyed on line ${judgement.quietDestroy.loc.start.line}` : '';
  return `${resource} not released${moved.length > 0 ? `, only ${moved.join(', ')}` : ''}${quiet}`;
}

describe('releasesOf', () => {
  it('counts a removal from an entry under a key no name holds as one from every entry of that collection', () => {
    expect(
      answers(
        `
const lists = { 0: [], 1: [] };
const other = { 0: [] };
function leave(socket) {
  for (const port of Object.keys(lists)) {
    const index = lists[port + ''].indexOf(socket);
    if (index > -1) lists[port + ''].splice(index, 1);
  }
}
`,
        ({ sourceCode }) => {
          const program = sourceCode.ast;
          const declarator = (program.body[0] as TSESTree.VariableDeclaration).declarations[0];
          const otherDeclarator = (program.body[1] as TSESTree.VariableDeclaration).declarations[0];
          const entry = (id: TSESTree.Node) => `${referenceKey(id, sourceCode)!}.0`;
          return [`lists[0]: ${releasesOf(sourceCode, entry(declarator.id)).length}`, `other[0]: ${releasesOf(sourceCode, entry(otherDeclarator.id)).length}`];
        },
      ),
    ).toEqual(['lists[0]: 1', 'other[0]: 0']);
  });

  it('reads every kind of release, under every name of the resource', () => {
    expect(
      answers(
        `
const clients = new Set();
const alias = clients;
const beat = setInterval(() => {}, 1000);
clearInterval(beat);
alias.delete(socket);
clients.clear();
delete clients[id];
clients[id] = null;
clients[id] = socket;
pull(clients, socket);
console.info(Object.keys(clients).pop(), JSON.stringify(clients), Array.from(clients));
`,
        ({ sourceCode }) => [
          ...releasesOf(sourceCode, keyOf(sourceCode, 'clients')).map(
            (release) => `line ${release.node.loc.start.line}${release.helper ? ' maybe' : ''}`,
          ),
          ...releasesOf(sourceCode, keyOf(sourceCode, 'beat')).map((release) => `beat line ${release.node.loc.start.line}${release.timer ? ' timer' : ''}`),
        ],
      ),
    ).toEqual(['line 6', 'line 7', 'line 8', 'line 9', 'line 11 maybe', 'beat line 5 timer']);
  });
});

describe('judgeReleases', () => {
  it('does not count a release reached by running again the function that declares the resource: that run has its own', () => {
    const session = (onFail: string): string => `
import net from 'node:net';
function open(port) {
  const socket = new net.Socket();
  const timer = setTimeout(() => socket.write('ping'), 5000);
  socket.on('error', ${onFail});
  socket.connect(port, '127.0.0.1', () => clearTimeout(timer));
}
`;
    const ask = (context: Context) => [judged(context, 'timer', 'socket')];
    expect(answers(session('() => open(7000)').replace("socket.on('error'", "socket.on('end', () => open(7000));\n  socket.on('error'"), ask)).toEqual(['timer not released']);
    expect(answers(session('() => clearTimeout(timer)').replace("socket.on('error'", "socket.on('end', () => clearTimeout(timer));\n  socket.on('error'"), ask)).toEqual(['timer released']);
  });

  it("counts a release in the socket's 'close' listener or in a helper it calls", () => {
    expect(
      answers(
        `
import net from 'node:net';
const clients = new Set();
const timers = new Set();
const socket = net.connect(7000);
clients.add(socket);
timers.add(socket);
function forget() { clients.delete(socket); }
socket.on('close', () => forget());
`,
        (context) => [judged(context, 'clients', 'socket'), judged(context, 'timers', 'socket')],
      ),
    ).toEqual(['clients released', 'timers not released']);
  });

  it("reports a release that runs only on 'end' or in the callback of end()", () => {
    expect(
      answers(
        `
import net from 'node:net';
const clients = new Set();
const socket = net.connect(7000);
clients.add(socket);
socket.on('end', () => clients.delete(socket));
socket.end('bye', () => clients.clear());
`,
        (context) => [judged(context, 'clients', 'socket')],
      ),
    ).toEqual(['clients not released, only line 6 on end, line 7 on end()']);
  });

  it("counts 'error' with 'end' as 'close', unless the file destroys the socket with no error where neither removes it", () => {
    expect(
      answers(
        `
import net from 'node:net';
const heard = new Set();
const dropped = new Set();
const a = net.connect(7000);
const b = net.connect(7001);
heard.add(a);
a.on('end', () => { heard.delete(a); a.destroy(); });
a.on('error', () => heard.delete(a));
a.on('timeout', () => a.destroy(new Error('idle')));
dropped.add(b);
b.on('end', () => dropped.delete(b));
b.on('error', () => dropped.delete(b));
b.on('timeout', () => b.destroy());
`,
        (context) => [judged(context, 'heard', 'a'), judged(context, 'dropped', 'b')],
      ),
    ).toEqual(['heard released', 'dropped not released, destroyed on line 14']);
  });

  it('counts a release in a finally of the function that took the resource', () => {
    expect(
      answers(
        `
import net from 'node:net';
const busy = new Set();
export async function send(data) {
  const socket = net.connect(7000);
  busy.add(socket);
  try {
    await write(socket, data);
  } finally {
    busy.delete(socket);
  }
}
`,
        (context) => {
          const send = context.sourceCode.ast.body.find((node) => node.type === AST_NODE_TYPES.ExportNamedDeclaration)!.declaration!;
          return [judged(context, 'busy', 'socket', send), judged(context, 'busy', 'socket')];
        },
      ),
    ).toEqual(['busy released', 'busy not released']);
  });
});

describe('releases through a helper that takes the socket', () => {
  /** For each `x.y = setTimeout(…)`: the lines of the releases of that handle, and whether it is released when `x` closes. */
  const handles = (code: string): string[] =>
    answers(code, (context) => {
      const { sourceCode } = context;
      const matchSocket = matchOncePerObject(createSocketDetector(context, {}), sourceCode);
      return resourceNodes(sourceCode).nodes.flatMap((node) => {
        if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.left.type !== AST_NODE_TYPES.MemberExpression) return [];
        const key = referenceKey(node.left, sourceCode) ?? '';
        const socketKey = referenceKey(node.left.object, sourceCode) ?? '';
        const lines = releasesOf(sourceCode, key).map((release) => release.node.loc.start.line);
        const { released } = judgeReleases(sourceCode, matchSocket, { key, socketKey, ownFunction: undefined, filter: (release) => release.timer });
        return [`line ${node.loc.start.line}: releases ${lines.join(',')}, ${released ? 'released' : 'not released'}`];
      });
    });

  it("reads a helper's clearTimeout(param.timer) as the timer of the socket every call passes, under any of its names", () => {
    expect(
      handles(`
const net = require('net');
function clearTimers(conn) { clearTimeout(conn.replyTimer); }
function onMessage(socket, text) {
  clearTimers(socket);
  socket.replyTimer = setTimeout(() => socket.end('bye'), 1000);
}
net.createServer((socket) => {
  socket.on('data', (data) => onMessage(socket, String(data)));
  socket.on('close', () => clearTimers(socket));
});
`),
    ).toEqual(['line 6: releases 3,6, released']);
  });

  it('leaves a helper called with two different sockets, and one never called on close', () => {
    expect(
      handles(`
const net = require('net');
function clearTimers(conn) { clearTimeout(conn.replyTimer); }
function stopTimers(conn) { clearTimeout(conn.pingTimer); }
net.createServer((socket) => {
  const upstream = net.connect(9000);
  socket.replyTimer = setTimeout(() => socket.end('bye'), 1000);
  socket.pingTimer = setInterval(() => socket.write('ping'), 1000);
  socket.on('data', () => stopTimers(socket));
  socket.on('close', () => clearTimers(upstream));
  upstream.on('close', () => clearTimers(socket));
});
`),
    ).toEqual(['line 7: releases 7, not released', 'line 8: releases 4,8, not released']);
  });
});

describe('end hooks', () => {
  it("are 'end'/'finish' listeners and end() callbacks; a library's own last event is no end hook", () => {
    expect(
      answers(
        `
import net from 'node:net';
import pg from 'pg';
const socket = net.connect(7000);
socket.on('end', () => {});
socket.on('finish', () => {});
socket.end(() => {});
const db = new pg.Client();
db.on('end', () => {});
`,
        (context) => {
          const matchSocket = matchOncePerObject(createSocketDetector(context, {}), context.sourceCode);
          return endHookCandidates(context.sourceCode).map(
            (hook) => `line ${hook.fn.loc.start.line}${isEndHook(hook, matchSocket, context.sourceCode) ? ' end hook' : ''}`,
          );
        },
      ),
    ).toEqual(['line 5 end hook', 'line 6 end hook', 'line 9', 'line 7 end hook']);
  });

  it("tell what the hook makes itself: an entry keyed by a name it declares, a timer it starts", () => {
    expect(
      answers(
        `
import net from 'node:net';
const pending = {};
const socket = net.connect(7000);
const early = nextId();
pending[early] = socket;
socket.on('end', () => {
  const id = nextId();
  pending[id] = socket;
  const poll = setInterval(() => { delete pending[id]; clearInterval(poll); }, 100);
  delete pending[early];
  pending.delete(id);
  clearInterval(heartbeat);
});
const heartbeat = setInterval(() => socket.write('ping'), 1000);
`,
        (context) =>
          endHookCandidates(context.sourceCode).flatMap((hook) =>
            (releaseIndex(context.sourceCode).byListener.get(hook.fn) ?? []).map((release) => `line ${release.node.loc.start.line}${armedInHook(release, hook, context.sourceCode) ? ' armed in the hook' : ''}`),
          ),
      ),
    ).toEqual(['line 10 armed in the hook', 'line 10 armed in the hook', 'line 11', 'line 12 armed in the hook', 'line 12 armed in the hook', 'line 13']);
  });
});

describe('removalOnlyOnWrapperEvent', () => {
  /** For each `pending.push(x)`: the wrapper event every removal from `pending` waits for, or `none`. */
  function events(code: string): string[] {
    return probe(code, (context, report) => ({
      'Program:exit'() {
        const { sourceCode } = context;
        for (const node of resourceNodes(sourceCode).nodes) {
          if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) continue;
          const { object, property } = node.callee;
          if (property.type !== AST_NODE_TYPES.Identifier || property.name !== 'push' || !node.arguments[0]) continue;
          const listener = removalOnlyOnWrapperEvent(sourceCode, referenceKey(object, sourceCode) ?? '', node.arguments[0]);
          report(node, listener ? listener.event : 'none');
        }
      },
    })).map(({ line, message }) => `${line}: ${message}`);
  }

  it("finds removals that run only in a listener for the wrapper's own non-ending event", () => {
    expect(
      events(`
const pending = [];
function remove(request) { pending.splice(pending.indexOf(request), 1); }
export function track(socket) {
  const request = new Request(socket);
  pending.push(request);
  request.once('accepted', remove);
}
`),
    ).toEqual(['6: accepted']);
    expect(
      events(`
const pending = [];
function remove(request) { pending.splice(pending.indexOf(request), 1); }
export function track(socket) {
  const request = new Request(socket);
  pending.push(request);
  request.once('close', remove);
  const other = new Request(socket);
  pending.push(other);
  other.once('accepted', () => remove(other));
}
`),
    ).toEqual(['6: none', '9: none']);
  });
});
