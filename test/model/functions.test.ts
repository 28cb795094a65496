/**
 * Which function of the file a callee or listener argument runs (src/model/functions.ts): what
 * lets the rules follow a socket into a helper, a listener given by reference or a method of a
 * pre-ES2015 class. Each snippet marks the callees that must resolve with the name of the function
 * they run; every other callee must resolve to nothing.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { isFunctionValue, resolveFunction, tableEntryReads } from '../../src/model/functions.js';
import { probe } from '../support/probe.js';

/** For each `target(…)` call in `code`, the function its first argument (or, without one, its callee) resolves to. */
function resolved(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'target') return;
      const [argument] = node.arguments;
      if (!argument) return;
      const fn = resolveFunction(argument, context.sourceCode);
      const name = !fn ? 'nothing' : fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id?.name : `line ${fn.loc.start.line}`;
      report(node, name ?? 'anonymous');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('resolveFunction', () => {
  it('does not take a parameter for the function that declares it', () => {
    expect(
      resolved(`
function open(url, done) {
  target(done);
  target(open);
}
`),
    ).toEqual(['3: nothing', '4: open']);
  });

  it('follows names that only ever hold one function', () => {
    expect(
      resolved(`
function onClose() {}
const onError = (err) => {};
let onEnd = function () {};
let replaced = () => {};
replaced = () => {};
target(onClose);
target(onError);
target(onEnd);
target(replaced);
target(onClose.bind(null));
target(onClose.bind(null, 'extra'));
function relay(socket, onData) { target(onData); target(socket); }
`),
    ).toEqual(['7: onClose', '8: line 3', '9: line 4', '10: nothing', '11: onClose', '12: nothing', '13: nothing', '13: nothing']);
  });

  it('follows a field the class assigns a bound method once, not one it assigns twice', () => {
    expect(
      resolved(`
class Session {
  constructor(socket, other) {
    this._onClose = this.onClose.bind(this);
    this._onData = this.onData.bind(this);
    this._onData = other;
    target(this._onClose);
    target(this._onData);
  }
  onClose() {}
  onData() {}
}
function Legacy(socket) {
  this._onEnd = this.onEnd.bind(this);
  target(this._onEnd);
}
Legacy.prototype.onEnd = function () {};
`),
    ).toEqual(['7: line 10', '8: nothing', '15: line 17']);
  });

  it('follows this.method, self.method and bind(this) in classes', () => {
    expect(
      resolved(`
class Proxy {
  #onData = (chunk) => {};
  handleUpgrade(req, socket) {}
  static create() {}
  start() {
    const self = this;
    target(this.handleUpgrade);
    target(this.handleUpgrade.bind(this));
    target(self.handleUpgrade);
    target(this.#onData);
    target(this.create);
    target(function () { return this.handleUpgrade; }.call(this));
  }
}
`),
    ).toEqual(['8: line 4', '9: line 4', '10: line 4', '11: line 3', '12: nothing', '13: nothing']);
  });

  it('follows this.method to a class of the file the class extends, the nearest first', () => {
    expect(
      resolved(`
class Stoppable {
  track(socket) {}
  stop() {}
}
class Tunnel extends Stoppable {
  stop() {}
}
class Client extends Tunnel {
  start() {
    target(this.track);
    target(this.stop);
    target(this.missing);
  }
}
class Other extends require('events') {
  start() { target(this.track); }
}
`),
    ).toEqual(['11: line 3', '12: line 7', '13: nothing', '17: nothing']);
  });

  it('follows methods of constructor functions given on their prototype', () => {
    expect(
      resolved(`
function Conn(stream) {
  var self = this;
  target(this.onError);
  target(self.onError.bind(self));
  target(this.missing);
}
Conn.prototype.onError = function (err) {};
Conn.prototype.connect = function () {
  var that = this;
  target(that.onError);
  target(function () { target(this.onError); });
};
`),
    ).toEqual(['4: line 8', '5: line 8', '6: nothing', '11: line 8', '12: line 12', '12: nothing']);
  });

  it("follows methods given to the prototype as an object literal, constructors named by a dotted path, and a top-level literal's own methods", () => {
    expect(
      resolved(`
function Conn() {}
Conn.prototype = {
  connect() { target(this.onError); },
  onError: function (err) {},
};
Object.assign(Conn.prototype, { pause() { var self = this; target(self.connect); } });
internals.Listener = function () { target(this._add); };
internals.Listener.prototype._add = function (ws) {};
var handlers = { run() { target(this.stop); }, stop() {} };
`),
    ).toEqual(['4: line 5', '7: line 4', '8: line 9', '10: line 10']);
  });

  it("follows a table of bound handlers the constructor keeps on the instance", () => {
    expect(
      resolved(`
function Server(config) {
  this._handlers = { upgrade: this.handleUpgrade.bind(this), resolved: this.handleResolved.bind(this) };
  this.routes = { upgrade: this.handleUpgrade.bind(this) };
  this.routes.upgrade = config.onUpgrade;
  this.spread = { ...config.handlers, upgrade: this.handleUpgrade.bind(this) };
}
Server.prototype.handleUpgrade = function (req, socket) {};
Server.prototype.handleResolved = function (request) {};
Server.prototype.mount = function (server) {
  var self = this;
  var onUpgrade = this._handlers.upgrade;
  target(onUpgrade);
  target(self._handlers.resolved);
  target(this._handlers.missing);
  target(this.routes.upgrade);
  target(this.spread.upgrade);
  target(other._handlers.upgrade);
};
class Proxy {
  constructor() { this.handlers = { close: this.onClose.bind(this) }; }
  onClose() {}
  start() { target(this.handlers.close); }
}
`),
    ).toEqual(['13: line 8', '14: line 9', '15: nothing', '16: nothing', '17: nothing', '18: nothing', '23: line 22']);
  });

  it('reads a table entry back from where the handler is put in it (the reverse of the lookup)', () => {
    const lines = probe(
      `
function Server(config) {
  this._handlers = { upgrade: this.handleUpgrade.bind(this), resolved: this.handleResolved.bind(this) };
  this.routes = { upgrade: this.handleUpgrade.bind(this) };
  this.routes.upgrade = config.onUpgrade;
  this.spread = { ...config.handlers, upgrade: this.handleUpgrade.bind(this) };
}
Server.prototype.mount = function (server) {
  var self = this;
  var onUpgrade = this._handlers.upgrade;
  server.on('upgrade', onUpgrade);
  server.on('resolved', self._handlers.resolved);
  server.on('other', this.routes.upgrade);
};
`,
      (context, report) => ({
        'Property > CallExpression'(node: TSESTree.CallExpression) {
          const reads = tableEntryReads(node, context.sourceCode).map((read) => `${read.loc.start.line}:${context.sourceCode.getText(read)}`);
          report(node, reads.join(' ') || 'none');
        },
      }),
    ).map(({ line, message }) => `${line} ${message}`);
    expect(lines).toEqual([
      '3 10:this._handlers.upgrade 11:onUpgrade',
      '3 12:self._handlers.resolved',
      // An entry written again, a spread: the table may hold other functions.
      '4 none',
      '6 none',
    ]);
  });
});

describe('isFunctionValue', () => {
  it('tells a callback from data: functions, the resolve of a promise, parameters named as callbacks', () => {
    const answers = probe(
      `
function onEnd() {}
const handler = () => {};
export function close(socket, cb, payload, options) {
  target(() => {});
  target(onEnd);
  target(handler);
  target(cb);
  target(payload);
  target(options.done);
  return new Promise((resolve, settle) => { target(resolve); target(settle); });
}
`,
      (context, report) => ({
        CallExpression(node: TSESTree.CallExpression) {
          if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'target') return;
          report(node, `${context.sourceCode.getText(node.arguments[0])}: ${isFunctionValue(node.arguments[0]!, context.sourceCode)}`);
        },
      }),
    );
    expect(answers.map(({ message }) => message)).toEqual([
      '() => {}: true',
      'onEnd: true',
      'handler: true',
      'cb: true',
      'payload: false',
      'options.done: false',
      'resolve: true',
      'settle: true',
    ]);
  });
});
