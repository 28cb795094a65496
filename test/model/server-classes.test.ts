/**
 * Classes that extend one of Node's servers (src/model/server-classes.ts): `this` in their methods
 * is a server of that family; any other class's `this` is none.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { readsServerClasses, serverClassMatch } from '../../src/model/server-classes.js';
import { probe } from '../support/probe.js';

function families(code: string): string[] {
  return probe(code, (context, report) => ({
    ThisExpression(node: TSESTree.ThisExpression) {
      report(node, `${serverClassMatch(node, context.sourceCode)?.family ?? '-'} ${readsServerClasses(context.sourceCode)}`);
    },
  })).map(({ line, message }) => `${line} ${message}`);
}

describe('serverClassMatch', () => {
  it("knows `this` of a class extending net.Server or an imported http Server, not of other classes or of a type named Server", () => {
    expect(
      families(`
import net from 'node:net';
import { Server } from 'node:http';
import { Server as Hub } from 'ws';
class Relay extends net.Server { start() { return this; } }
class Web extends Server { start() { return this; } }
class Socketed extends Hub { start() { return this; } }
class Plain { start() { return this; } }
`),
    ).toEqual(['5 net true', '6 http true', '7 - true', '8 - true']);
    expect(families(`import type { Server } from 'node:net';\nexport class Pool { stop(server: Server) { return this; } }\n`)).toEqual(['2 - false']);
  });

  it('knows `this` of a pre-ES2015 constructor that runs a server class on itself or inherits from one', () => {
    expect(
      families(`
var net = require('net');
var util = require('util');
function Relay() { net.Server.call(this); this.on('connection', onConnection); }
var Gateway = function () { net.Server.apply(this, arguments); };
Gateway.prototype.start = function () { return this; };
var Inherited = function () { return this; };
util.inherits(Inherited, net.Server);
function Plain() { EventEmitter.call(this); return this; }
var callback = function () { return this; };
`),
    ).toEqual(['4 net true', '4 net true', '5 net true', '6 net true', '7 net true', '9 - true', '9 - true', '10 - true']);
  });
});

