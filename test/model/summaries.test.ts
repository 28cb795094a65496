/**
 * What a function of the file does with the socket in its parameter (src/model/summaries.ts):
 * listens or hands it on right away ('now'), only in a later callback ('callback') or after an
 * `await` ('await'), or never ('none'). The snippets list the summary of the first parameter of
 * every function declaration, or the answer at every call that hands on a `socket`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { followCreation, handOffSummary, parameterSummary, receiversOf } from '../../src/model/summaries.js';
import type { ParameterSummary } from '../../src/model/socket-flow.js';
import { probe } from '../support/probe.js';

/** A summary as text: a late hand-off reads `callback (hand-off)`. */
const shown = (summary: ParameterSummary | undefined, none: string): string => (summary === undefined ? none : typeof summary === 'object' ? `${summary.handOff} (hand-off)` : summary);

function summaries(code: string): string[] {
  return probe(code, (context, report) => ({
    FunctionDeclaration(node: TSESTree.FunctionDeclaration) {
      report(node, `${node.id?.name}: ${shown(parameterSummary(node, 0, context.sourceCode), 'cannot follow')}`);
    },
  })).map(({ message }) => message);
}

/** The answer at every `new` that hands on a `socket`. */
function atNews(code: string): string[] {
  return probe(code, (context, report) => ({
    'NewExpression[arguments.length>0]'(node: TSESTree.NewExpression) {
      const argument = node.arguments[0]!;
      if (argument.type !== AST_NODE_TYPES.Identifier || argument.name !== 'socket') return;
      report(node, `new ${context.sourceCode.getText(node.callee)}: ${shown(handOffSummary(node, argument, context.sourceCode), 'handed on')}`);
    },
  })).map(({ message }) => message);
}

function atCalls(code: string): string[] {
  return probe(code, (context, report) => ({
    'CallExpression[arguments.length>0]'(node: TSESTree.CallExpression) {
      const argument = node.arguments[0]!;
      if (argument.type !== AST_NODE_TYPES.Identifier || argument.name !== 'socket') return;
      report(node, `${context.sourceCode.getText(node.callee)}: ${shown(handOffSummary(node, argument, context.sourceCode), 'handed on')}`);
    },
  })).map(({ message }) => message);
}

describe('parameterSummary', () => {
  it('tells a function that only hands the socket on later from one that listens later', () => {
    expect(
      summaries(`
import { register } from './registry';
function registersLater(socket) { setTimeout(() => register(socket), 10); }
function listensLater(socket) { setTimeout(() => socket.on('error', () => {}), 10); }
async function registersAfterAwait(socket) { await ready(); register(socket); }
`),
    ).toEqual(['registersLater: callback (hand-off)', 'listensLater: callback', 'registersAfterAwait: await (hand-off)']);
  });

  it('tells right away, later callback, after an await and never apart', () => {
    expect(
      summaries(`
function listens(socket) { socket.on('error', () => socket.destroy()); }
function handsOn(socket) { return socket; }
function destroys(socket) { socket.destroy(); }
function inTimer(socket) { setTimeout(() => socket.on('error', () => {}), 10); }
async function afterAwait(socket) { await ready(); socket.on('error', () => {}); }
function writes(socket) { socket.write('bye'); }
function destructured({ socket }) { socket.on('error', () => {}); }
`),
    ).toEqual([
      'listens: now',
      'handsOn: now',
      'destroys: now',
      'inTimer: callback',
      'afterAwait: await',
      'writes: none',
      'destructured: cannot follow',
    ]);
  });

  it('follows hand-offs from one function of the file to another, and counts a function reaching itself as handing on', () => {
    expect(
      summaries(`
async function late(socket) { await ready(); socket.on('error', () => {}); }
function relay(socket) { late(socket); }
function retry(socket) { if (failed()) retry(socket); }
`),
    ).toEqual(['late: await', 'relay: await', 'retry: now']);
  });
});

describe('handOffSummary', () => {
  it('answers at each call of a function of the file, and not for callees it cannot follow', () => {
    expect(
      atCalls(`
import { register } from './registry.js';
function ignore(socket) { socket.write('x'); }
export function serve(socket, rest) {
  ignore(socket);
  ignore(socket);
  register(socket);
}
`),
    ).toEqual(['ignore: none', 'ignore: none', 'register: handed on']);
  });
});

describe('handOffSummary of a property of an object literal', () => {
  /** The answer at every call that hands on `socket` as a property of an object literal. */
  function atProperties(code: string): string[] {
    return probe(code, (context, report) => ({
      ':matches(CallExpression, NewExpression) > ObjectExpression > Property'(node: TSESTree.Property) {
        if (node.value.type !== AST_NODE_TYPES.Identifier || node.value.name !== 'socket') return;
        const call = node.parent.parent as TSESTree.CallExpression | TSESTree.NewExpression;
        const callee = `${call.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${context.sourceCode.getText(call.callee)}`;
        report(node, `${callee}: ${shown(handOffSummary(call, node, context.sourceCode), 'handed on')}`);
      },
    })).map(({ message }) => message);
  }

  it('follows the property into a function of the file that destructures it', () => {
    expect(
      atProperties(`
import { register } from './registry.js';
function join({ a, b }) { a.pipe(b).pipe(a); }
function guard({ b: conn = null }) { conn.on('error', () => {}); }
function keepAll({ a, ...rest }) { return rest; }
function onlyA({ a }) { a.resume(); }
function whole(pair) { pair.b.write('x'); }
export function serve(other, socket) {
  join({ a: other, b: socket });
  guard({ 'b': socket });
  keepAll({ a: other, b: socket });
  onlyA({ a: other, b: socket });
  whole({ a: other, b: socket });
  register({ b: socket });
  join({ a: other, [key]: socket });
}
`),
    ).toEqual(['join: none', 'guard: now', 'keepAll: handed on', 'onlyA: none', 'whole: none', 'register: handed on', 'join: handed on']);
  });

  it('follows the property read from an options object the function keeps in one parameter', () => {
    expect(
      atProperties(`
class Session {
  constructor(opts) { this.socket = opts.b; this.socket.on('data', (d) => this.socket.write(d)); }
}
class Guarded {
  constructor(opts) { this.conn = opts.b; this.conn.on('error', () => this.conn.destroy()); }
}
function later(opts) { setTimeout(() => opts.b.on('error', () => {}), 10); }
function passesOn(opts) { keep(opts); opts.b.write('x'); }
function rewrites(opts) { opts.b = null; }
export function serve(other, socket) {
  new Session({ a: other, b: socket });
  new Guarded({ b: socket });
  later({ b: socket });
  passesOn({ b: socket });
  rewrites({ b: socket });
}
`),
    ).toEqual(['new Session: none', 'new Guarded: now', 'later: callback', 'passesOn: handed on', 'rewrites: handed on']);
  });
});

describe('receiversOf', () => {
  it('lists the functions of the file a socket is handed to right away, with the parameter that receives it', () => {
    const answers = probe(
      `
import net from 'node:net';
function start(socket, preface) {
  if (preface) socket.on('error', () => {});
}
async function later(socket) {
  await tick();
  socket.on('error', () => {});
}
export function open(port) {
  const socket = net.connect(port);
  start(socket, true);
  later(socket);
  log(socket);
}
`,
      (context, report) => ({
        CallExpression(node: TSESTree.CallExpression) {
          if (context.sourceCode.getText(node.callee) !== 'net.connect') return;
          const found = receiversOf(followCreation(node, context.sourceCode), context.sourceCode);
          report(node, found.map(({ fn, param }) => `${fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id?.name : '?'}(${param.name})`).join(', '));
        },
      }),
    );
    expect(answers.map(({ message }) => message)).toEqual(['start(socket)']);
  });

  it('names the destructured parameter that receives a property', () => {
    const answers = probe(
      `
import net from 'node:net';
function start({ peer, preface }) {
  if (preface) peer.on('error', () => {});
}
export function open(port) {
  const socket = net.connect(port);
  start({ peer: socket, preface: true });
}
`,
      (context, report) => ({
        CallExpression(node: TSESTree.CallExpression) {
          if (context.sourceCode.getText(node.callee) !== 'net.connect') return;
          const found = receiversOf(followCreation(node, context.sourceCode), context.sourceCode);
          report(node, found.map(({ fn, param }) => `${fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id?.name : '?'}(${param.name})`).join(', '));
        },
      }),
    );
    expect(answers.map(({ message }) => message)).toEqual(['start(peer)']);
  });
});

describe('handOffSummary across modules (typed)', () => {
  /** What each `new X(socket, …)` and call handing on `socket` gets, linted as test/fixtures/file.ts. */
  function atCallsAndNews(code: string, typed = true): string[] {
    const answer = (node: TSESTree.CallExpression | TSESTree.NewExpression, context: { sourceCode: Parameters<typeof handOffSummary>[2] }): string | undefined => {
      const argument = node.arguments[0];
      if (argument?.type !== AST_NODE_TYPES.Identifier || argument.name !== 'socket') return undefined;
      const callee = context.sourceCode.getText(node.callee);
      return `${node.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${callee}: ${shown(handOffSummary(node, argument, context.sourceCode), 'handed on')}`;
    };
    return probe(
      code,
      (context, report) => ({
        CallExpression(node: TSESTree.CallExpression) {
          const text = answer(node, context);
          if (text) report(node, text);
        },
        NewExpression(node: TSESTree.NewExpression) {
          const text = answer(node, context);
          if (text) report(node, text);
        },
      }),
      { typed },
    ).map(({ message }) => message);
  }

  const code = `
import * as helpers from './connection-helpers.js';
import { GuardedSession, Holder, Plain, Session, Tracked, guard, guardFromElsewhere, guardLater, logPeer, pick, trackTraffic } from './connection-helpers.js';
import { Readable } from 'node:stream';
import type { Socket } from 'node:net';
export function serve(socket: Socket) {
  trackTraffic(socket);
  helpers.trackTraffic(socket);
  guard(socket);
  guardLater(socket);
  logPeer(socket);
  guardFromElsewhere(socket);
  new Session(socket, 1);
  new GuardedSession(socket);
  new Holder(socket);
  new Tracked(socket);
  new Plain(socket);
  pick(socket);
  new Readable(socket);
}
`;

  it('summarises the function or constructor another module of the project declares, in that module', () => {
    expect(atCallsAndNews(code)).toEqual([
      'trackTraffic: none',
      'helpers.trackTraffic: none',
      'guard: now',
      'guardLater: await',
      // Followed on into the module's own function, which never listens.
      'logPeer: none',
      // Re-exported from a third module, which listens.
      'guardFromElsewhere: now',
      'new Session: none',
      'new GuardedSession: now',
      // Kept on the instance by a parameter property; a class without a constructor; a `let`; a package's declaration file.
      'new Holder: handed on',
      // Stored on a field the class listens on elsewhere: handed on to the instance.
      'new Tracked: now',
      'new Plain: handed on',
      'pick: handed on',
      'new Readable: handed on',
    ]);
  });

  it('follows a CommonJS constructor of the project (`exports = module.exports = internals.Session = function …`)', () => {
    expect(
      atCallsAndNews(`
import Session from './legacy-session.cjs';
import type { Socket } from 'node:net';
export function serve(socket: Socket) {
  return new Session(socket, 1);
}
`),
    ).toEqual(['new Session: none']);
  });

  it('counts every hand-off to another module as handled without type information', () => {
    expect(atCallsAndNews(code, false).every((answer) => answer.endsWith(': handed on'))).toBe(true);
  });
});

describe('handOffSummary of a new', () => {
  it("follows a class's constructor or a constructor function of the file; an imported class or one without a constructor hands on", () => {
    expect(
      atNews(`
import { Remote } from './remote.js';
class Listens { constructor(socket) { socket.on('error', () => {}); } }
class Keeps { constructor(socket) { this.conn = socket; socket.on('data', () => {}); } }
class NoConstructor { run() {} }
function Legacy(socket) { this.socket = socket; this.socket.on('error', () => {}); }
const Expr = class { constructor(socket) { socket.write('hi'); } };
export function accept(socket) {
  new Listens(socket);
  new Keeps(socket);
  new NoConstructor(socket);
  new Legacy(socket);
  new Expr(socket);
  new Remote(socket);
}
`),
    ).toEqual(['new Listens: now', 'new Keeps: none', 'new NoConstructor: handed on', 'new Legacy: now', 'new Expr: none', 'new Remote: handed on']);
  });
});

