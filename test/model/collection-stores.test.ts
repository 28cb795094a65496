/**
 * Collections that keep a value without listening on it (src/model/collection-stores.ts): `push`,
 * `obj[key] =`, and `add`/`set` on a collection the file makes itself; lookups and removals.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { collectionLookup, keptInCollection, keptInRecord, startedEntry } from '../../src/model/collection-stores.js';
import { handOffSummary } from '../../src/model/summaries.js';
import { probe } from '../support/probe.js';

/** For every call or assignment whose argument or right side is `ws`: kept, looked up, or neither. */
function answers(code: string): string[] {
  return probe(code, (context, report) => ({
    'CallExpression:exit'(node) {
      const value = node.arguments.find((arg) => arg.type === AST_NODE_TYPES.Identifier && arg.name === 'ws');
      if (!value) return;
      const kept = keptInCollection(node, value, context.sourceCode);
      report(node, kept ? 'kept' : collectionLookup(node, value) ? 'lookup' : 'handed on');
    },
    'AssignmentExpression:exit'(node) {
      if (node.right.type !== AST_NODE_TYPES.Identifier || node.right.name !== 'ws') return;
      report(node, keptInCollection(node, node.right, context.sourceCode) ? 'kept' : 'handed on');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('keptInCollection', () => {
  it("keeps values in the file's own Sets, Maps, arrays and objects", () => {
    expect(
      answers(`
const clients = new Set();
const byId = new Map();
const sessions = {};
function onConnection(ws, id) {
  clients.add(ws);
  byId.set(id, ws);
  sessions[id] = ws;
}
`),
    ).toEqual(['6: kept', '7: kept', '8: kept']);
  });

  it('keeps values pushed on any array or stored by key on any object, and in collections held on fields', () => {
    expect(
      answers(`
class Hub {
  constructor() { this.clients = new Set(); }
  join(ws, list, id) {
    this.clients.add(ws);
    list.push(ws);
    this.byId[id] = ws;
  }
}
`),
    ).toEqual(['5: kept', '6: kept', '7: kept']);
  });

  it('keeps values pushed on an array kept under a computed key, unless the file listens on what it reads back', () => {
    expect(
      answers(`
const rooms = {};
const lobbies = {};
function join(ws, room) {
  rooms[room].push(ws);
  lobbies[room].push(ws);
  rooms[room].push(ws, ws);
}
function watch(room, n) {
  const peer = lobbies[room][n];
  peer.on('error', () => peer.terminate());
}
`),
    ).toEqual(['5: kept', '6: handed on', '7: handed on']);
  });

  it('keeps a value that starts a list under a computed key, unless the file listens on what it reads back', () => {
    const started = (code: string): string[] =>
      probe(code, (context, report) => ({
        ArrayExpression(node) {
          const [value] = node.elements;
          if (value?.type === AST_NODE_TYPES.Identifier && value.name === 'ws') report(node, startedEntry(node, value, context.sourceCode) ? 'kept' : 'handed on');
        },
      })).map(({ line, message }) => `${line}: ${message}`);
    expect(
      started(`
const rooms = {};
const lobbies = {};
function join(ws, room) {
  rooms[room] = [ws];
  lobbies[room] = [ws];
  rooms[room] = [ws, ws];
  rooms.all = [ws];
  send([ws]);
}
function watch(room) {
  lobbies[room][0].on('error', () => {});
}
`),
    ).toEqual(['5: kept', '6: handed on', '7: handed on', '8: handed on', '9: handed on']);
  });

  it("hands values to a registry whose kind the file does not give (it may listen)", () => {
    expect(
      answers(`
import { rooms } from './rooms.js';
function onConnection(ws, id) {
  rooms.add(ws);
  rooms.lobby.set(id, ws);
  register(ws);
}
`),
    ).toEqual(['4: handed on', '5: handed on', '6: handed on']);
  });
});

describe('keptInCollection, read back and listened to', () => {
  it("hands values on to a collection whose entries the file reads back and gives an 'error' listener", () => {
    expect(
      answers(`
function Finder() { this.links = {}; this.spare = new Map(); this.quiet = {}; }
Finder.prototype.open = function (names) {
  var self = this;
  names.forEach(function (name) {
    var ws = connect(name);
    self.links[name] = ws;
    self.spare.set(name, ws);
    self.quiet[name] = ws;
  });
};
Finder.prototype.start = function () {
  var self = this;
  Object.keys(this.links).forEach(function (name) {
    var link = self.links[name];
    link.on('error', function (err) { console.warn(name, err.message); });
  });
  this.spare.get('a').on('error', function () {});
  this.quiet.a.on('error', function () {});
  this.quiet[0].on('message', function () {});
};
`),
    ).toEqual(['7: handed on', '8: handed on', '9: kept']);
  });
});

describe('collectionLookup', () => {
  it('takes lookups and removals for what they are', () => {
    expect(
      answers(`
function onClose(clients, list, ws) {
  clients.delete(ws);
  list.splice(list.indexOf(ws), 1);
  if (clients.has(ws)) notify(ws);
}
`),
    ).toEqual(['3: lookup', '4: lookup', '5: lookup', '5: handed on']);
  });
});

describe('keptInRecord', () => {
  /** For every property whose value is `ws`: kept in a record of a collection, or not. */
  const records = (code: string): string[] =>
    probe(code, (context, report) => ({
      Property(node) {
        if (node.value.type !== AST_NODE_TYPES.Identifier || node.value.name !== 'ws') return;
        report(node, keptInRecord(node, context.sourceCode, true) ? 'kept' : 'not kept');
      },
    })).map(({ line, message }) => `${line}: ${message}`);

  it('keeps a record stored by key or pushed in a collection the file makes; not one handed to a call or queued where others fill, nor one whose socket the file listens to by that name', () => {
    expect(
      records(`
const members = {};
const list = [];
function onConnection(ws, id) {
  members[id] = { ws, rooms: [] };
  list.push({ id, ws });
  hub.track({ ws });
  this.queue.push({ id, ws });
}
`),
    ).toEqual(['5: kept', '6: kept', '7: not kept', '8: not kept']);
    expect(
      records(`
const members = {};
function onConnection(ws, id) {
  members[id] = { ws, rooms: [] };
}
function heed(id) {
  members[id].ws.on('error', () => delete members[id]);
}
`),
    ).toEqual(['4: not kept']);
  });
});

describe('keptInCollection, with the hand-offs of the file followed', () => {
  const followed = (code: string): string[] =>
    probe(code, (context, report) => ({
      'AssignmentExpression:exit'(node) {
        if (node.right.type !== AST_NODE_TYPES.Identifier || node.right.name !== 'ws') return;
        const summaryOf = (call: Parameters<typeof handOffSummary>[0], argument: Parameters<typeof handOffSummary>[1]) => handOffSummary(call, argument, context.sourceCode);
        report(node, keptInCollection(node, node.right, context.sourceCode, summaryOf) ? 'kept' : 'handed on');
      },
    })).map(({ line, message }) => `${line}: ${message}`);
  const links = (setUp: string): string => `
class Links {
  open(kind, ws) {
    this.links[kind] = ws;
    this.watch(this.links[kind]);
  }
  watch(link) { ${setUp} }
}
`;

  it("hands on a value read back at once to the file's function that listens on it", () => {
    expect(followed(links("link.on('error', (err) => this.emit('error', err));"))).toEqual(['4: handed on']);
  });

  it('keeps a value read back by a function that does not listen', () => {
    expect(followed(links("link.on('close', () => this.open());"))).toEqual(['4: kept']);
  });
});
