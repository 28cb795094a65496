/**
 * Values put in a collection (src/model/registrations.ts): which calls and indexed writes register,
 * what kind of collection holds them (from the value the file gives it, else from its type), and
 * whether the collection outlives the function that fills it.
 */
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { type ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { displayName, referenceKey as referenceKeyOf } from '../../src/dead-socket.js';
import { collectionForm, deletesAnotherKey, entryAddedIn, entryOfConnection, keyedRegistrationsOf, outlives, registrationsOf, wrappedSocket } from '../../src/model/registrations.js';
import { isRemovedFrom } from '../../src/model/releases.js';
import { createSocketDetector } from '../../src/socket.js';
import { enclosingFunction } from '../../src/model/ast.js';
import { fixturesDir } from '../rule-tester.js';
import { probe } from '../support/probe.js';

/** The collection of each registration, with type information (the fixtures' project). */
function typedForms(code: string): string[] {
  const rule: TSESLint.RuleModule<'answer', []> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { answer: '{{answer}}' }, schema: [] },
    create(context) {
      return {
        'Program:exit'() {
          for (const registration of registrationsOf(context.sourceCode)) {
            const form = collectionForm(registration, context) ?? 'unknown';
            context.report({ node: registration.node, messageId: 'answer', data: { answer: `${displayName(registration.collection, context.sourceCode)} ${form}` } });
          }
        },
      };
    },
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tsParser,
        parserOptions: { projectService: { allowDefaultProject: ['*.ts*'], defaultProject: 'tsconfig.json' }, tsconfigRootDir: fixturesDir },
      },
      plugins: { model: { rules: { probe: rule } } as unknown as ESLint.Plugin },
      rules: { 'model/probe': 'error' },
    },
    path.join(fixturesDir, 'file.ts'),
  );
  return messages.map(({ line, message }) => `${line}: ${message}`);
}

/** One line per registration: `line method collection <- value form [outlives]`. */
function registrations(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      const { sourceCode } = context;
      for (const registration of registrationsOf(sourceCode)) {
        const form = collectionForm(registration, context) ?? 'unknown';
        const lives = outlives(registration, sourceCode) ? ' outlives' : '';
        report(registration.node, `${registration.method} ${displayName(registration.collection, sourceCode)} <- ${displayName(registration.socket, sourceCode)} ${form}${lives}`);
      }
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('registrationsOf', () => {
  it('reads table[id] = value into the table, and leaves a list that is itself an entry under a name', () => {
    expect(
      registrations(`
const table = {};
export function open(name, socket) {
  table[name] = socket;
  table[name].push(socket);
  table.all.push(socket);
}
`),
    ).toEqual(['4: index table <- socket object outlives', '6: push table.all <- socket unknown outlives']);
  });

  it('reads add, set, push and indexed writes, with the collection each is given', () => {
    expect(
      registrations(`
import net from 'node:net';
const clients = new Set();
const byId = new Map();
const queue = [];
const registry = Object.create(null);
const seen = new WeakSet();
net.createServer((socket) => {
  clients.add(socket);
  byId.set(socket.remoteAddress, socket);
  queue.push(socket);
  registry[socket.remotePort] = socket;
  registry[socket.remotePort] = null;
  seen.add(socket);
});
`),
    ).toEqual([
      '9: add clients <- socket set outlives',
      '10: set byId <- socket map outlives',
      '11: push queue <- socket array outlives',
      '12: index registry <- socket object outlives',
      '14: add seen <- socket weak outlives',
    ]);
  });

  it('knows class fields and collections that die with their function', () => {
    expect(
      registrations(`
import net from 'node:net';
class Pool {
  sockets = new Set();
  track(socket: net.Socket) {
    this.sockets.add(socket);
    const local = new Set();
    local.add(socket);
    this.pending.add(socket);
  }
}
`),
    ).toEqual(['6: add this.sockets <- socket set outlives', '8: add local <- socket set', '9: add this.pending <- socket unknown outlives']);
  });

  it('asks the type of a collection the file does not give a value', () => {
    const code = `
import net from 'node:net';
export function track(bySet: Set<net.Socket>, byMap: Map<string, net.Socket>, list: net.Socket[], byId: Record<string, net.Socket>, socket: net.Socket) {
  bySet.add(socket);
  byMap.set('a', socket);
  list.push(socket);
  byId['a'] = socket;
}
`;
    expect(typedForms(code)).toEqual(['4: bySet set', '5: byMap map', '6: list array', '7: byId object']);
    expect(registrations(code)).toEqual(['4: add bySet <- socket unknown', '5: set byMap <- socket unknown', '6: push list <- socket unknown', '7: index byId <- socket unknown']);
  });
});

describe('entryAddedIn', () => {
  /** One line per removal (`delete x[k]`, `x.delete(k)`): the registration it undoes in the function around its listener. */
  function entries(code: string): string[] {
    return probe(code, (context, report) => ({
      'UnaryExpression[operator="delete"], CallExpression[callee.property.name="delete"]'(node) {
        // The function that registers the listener the removal runs in.
        const listener = enclosingFunction(node);
        const registering = listener && enclosingFunction(listener);
        const found = entryAddedIn(node, registering, context.sourceCode);
        report(node, found ? `undoes line ${found.node.loc.start.line}` : 'none');
      },
    })).map(({ line, message }) => `${line}: ${message}`);
  }

  it('finds the entry added under the same key variable in the function that registers the listener', () => {
    expect(
      entries(`
const sessions = {};
const byId = new Map();
function open(conn, request) {
  const id = conn.remotePort;
  sessions[id] = request;
  byId.set(id, { request });
  conn.on('end', () => { delete sessions[id]; });
  conn.on('end', () => byId.delete(id));
}
`),
    ).toEqual(['8: undoes line 6', '9: undoes line 7']);
  });

  it('finds nothing for another key variable, another collection, or an entry added in another function', () => {
    expect(
      entries(`
const sessions = {};
const others = {};
function add(id, request) {
  sessions[id] = request;
}
function open(conn, request, previous) {
  const id = conn.remotePort;
  others[id] = request;
  conn.on('end', () => { delete sessions[previous]; });
  conn.on('end', () => { delete sessions[id]; });
}
`),
    ).toEqual(['10: none', '11: none']);
  });
});

describe('wrappedSocket', () => {
  /** One line per registration: `line value wraps <socket>|nothing [removed]`. */
  function wrappers(code: string): string[] {
    return probe(code, (context, report) => ({
      'Program:exit'() {
        const { sourceCode } = context;
        const detector = createSocketDetector(context, {});
        for (const registration of registrationsOf(sourceCode)) {
          const socket = wrappedSocket(registration, (node) => detector.match(node), sourceCode);
          const removed = isRemovedFrom(sourceCode, registration.collectionKey) ? ' removed' : '';
          report(registration.node, `${displayName(registration.socket, sourceCode)} wraps ${socket ? sourceCode.getText(socket) : 'nothing'}${removed}`);
        }
      },
    })).map(({ line, message }) => `${line}: ${message}`);
  }

  it("finds the socket a registered object is made from, directly or through the listener's arguments", () => {
    expect(
      wrappers(`
import http from 'node:http';
import { Client } from './client.js';
function Server() {
  this.clients = [];
  this.http = http.createServer();
  var self = this;
  this.http.on('upgrade', function (req, socket) {
    const client = new Client(Array.prototype.slice.call(arguments));
    self.clients.push(client);
    const direct = new Client(socket, { timeout: 10 });
    self.clients.push(direct);
  });
}
Server.prototype.close = function () {};
export { Server };
`),
    ).toEqual(['10: client wraps socket', '12: direct wraps socket']);
  });

  it('finds none for a wrapper given its owner or registry, a built-in, a reassigned variable; sees removals through self', () => {
    expect(
      wrappers(`
import net from 'node:net';
import { Client } from './client.js';
class Hub {
  constructor() {
    this.clients = new Set();
    const self = this;
    net.createServer((socket) => {
      const owned = new Client(self, socket);
      this.clients.add(owned);
      const listed = new Client(socket, this.clients);
      this.clients.add(listed);
      const builtIn = new Set([socket]);
      this.clients.add(builtIn);
      let later = new Client(socket);
      later = null;
      this.clients.add(later);
    });
  }
  drop(client) {
    const self = this;
    self.clients.delete(client);
  }
}
export { Hub };
`),
    ).toEqual(['10: owned wraps nothing removed', '12: listed wraps nothing removed', '14: builtIn wraps nothing removed', '17: later wraps nothing removed']);
  });
});

describe('referenceKey through a variable holding this', () => {
  it('gives self.x the key of this.x where const self = this, and not through a variable written again', () => {
    const answers = probe(
      `
class Wire {
  open() {
    const self = this;
    let other = this;
    other = null;
    self.timer = 1;
    this.timer = 2;
    other.timer = 3;
  }
}
function Legacy() {
  var that = this;
  that.socket = null;
}
Legacy.prototype.close = function () {
  this.socket = null;
};
`,
      (context, report) => ({
        'AssignmentExpression > MemberExpression.left'(left: TSESTree.MemberExpression) {
          const { sourceCode } = context;
          report(left, `${sourceCode.getText(left)}: ${referenceKeyOf(left, sourceCode)!.replace(/@\d+/gu, '@')}`);
        },
      }),
    ).map(({ message }) => message);
    expect(answers).toEqual([
      'self.timer: this@.timer',
      'this.timer: this@.timer',
      'other.timer: var@:other.timer',
      'that.socket: this@proto:Legacy.socket',
      'Legacy.prototype.close: var@:Legacy.prototype.close',
      'this.socket: this@proto:Legacy.socket',
    ]);
  });
});

describe('referenceKey of an entry under a name bound once', () => {
  it('keys table[id] by the binding of id, and not where id is written again or is a global', () => {
    const answers = probe(
      `
const table = {};
function open(name) {
  const id = name + Date.now();
  let slot = 0;
  slot += 1;
  table[id] = 1;
  table[name] = 2;
  table[slot] = 3;
  table[unknown] = 4;
}
`,
      (context, report) => ({
        'AssignmentExpression[operator="="] > MemberExpression.left'(left: TSESTree.MemberExpression) {
          const { sourceCode } = context;
          report(left, `${sourceCode.getText(left)}: ${(referenceKeyOf(left, sourceCode) ?? 'none').replace(/@\d+/gu, '@')}`);
        },
      }),
    ).map(({ message }) => message);
    expect(answers).toEqual(['table[id]: var@:table.[var@:id]', 'table[name]: var@:table.[var@:name]', 'table[slot]: none', 'table[unknown]: none']);
  });
});

describe('keyedRegistrationsOf and deletesAnotherKey', () => {
  it("reads map.set(key, value) with the key as the registered value, and finds deletes of a class's own `this`", () => {
    const answers = probe(
      `
class Server {
  constructor() { this.queues = new Map(); }
  accept(socket) {
    this.queues.set(socket, []);
    this.byName.set(socket.name + ':' + socket.port, socket);
    socket.on('close', () => this.queues.delete(this));
    socket.on('end', function () { registry.delete(this); });
  }
}
`,
      (context, report) => {
        const deletes: TSESTree.CallExpression[] = [];
        return {
          'CallExpression[callee.property.name="delete"]'(node: TSESTree.CallExpression) {
            deletes.push(node);
          },
          'Program:exit'() {
            const { sourceCode } = context;
            const keyed = keyedRegistrationsOf(sourceCode);
            for (const registration of keyed) report(registration.node, `keyed ${displayName(registration.socket, sourceCode)}`);
            for (const call of deletes) report(call, `delete another key: ${deletesAnotherKey(call, keyed[0]!.socket)}`);
          },
        };
      },
    ).map(({ line, message }) => `${line}: ${message}`);
    expect(answers).toEqual(['5: keyed socket', '7: delete another key: true', '8: delete another key: false']);
  });
});

describe('entryOfConnection', () => {
  /** One line per registration of the file: whether a connection listener's entry speaks for it. */
  function answers(code: string): string[] {
    return probe(code, (context, report) => ({
      'Program:exit'() {
        for (const registration of [...registrationsOf(context.sourceCode), ...keyedRegistrationsOf(context.sourceCode)]) {
          report(registration.node, `${context.sourceCode.getText(registration.socket)} ${entryOfConnection(registration, context.sourceCode) ? 'connection' : 'own'}`);
        }
      },
    })).map(({ line, message }) => `${line}: ${message}`);
  }

  it("reads req.socket of a 'request' listener as the socket a 'connection' listener of the same server put in the same collection", () => {
    expect(
      answers(`
const server = http.createServer();
const other = http.createServer();
const counts = new Map();
const seen = new Set();
server.on(secure ? 'secureConnection' : 'connection', (socket) => { counts.set(socket, 0); });
server.on('request', (req, res) => {
  counts.set(req.socket, counts.get(req.socket) + 1);
  seen.add(req.socket);
});
other.on('request', (req) => counts.set(req.connection, 1));
server.on('upgrade', (req) => counts.set(req.socket, 1));
`),
    ).toEqual([
      '6: 0 own',
      '6: socket own',
      '8: counts.get(req.socket) + 1 own',
      '8: req.socket connection',
      '9: req.socket own',
      '11: 1 own',
      '11: req.connection own',
      '12: 1 own',
      '12: req.socket own',
    ]);
  });
});
