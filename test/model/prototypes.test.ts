/**
 * Pre-ES2015 classes (src/model/prototypes.ts): which functions are a constructor's methods, however
 * the prototype is given them, and what the instance's fields hold through `this` and `self`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { referenceKey } from '../../src/listeners.js';
import { constructorOwnerOf, instanceOwner, prototypeFields, prototypeIndex } from '../../src/model/prototypes.js';
import { probe } from '../support/probe.js';

/** The index's methods as `Owner.name → line of the function` (or `several`). */
function methods(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'(program: TSESTree.Program) {
      for (const [key, fn] of prototypeIndex(context.sourceCode).methods) report(program, `${key} → ${fn ? `line ${fn.loc.start.line}` : 'several'}`);
    },
  })).map(({ message }) => message);
}

/** For each `target(x)` call: the constructor whose instance `x` holds, or `none`. */
function owners(code: string): string[] {
  return probe(code, (context, report) => ({
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'target' || !node.arguments[0]) return;
      report(node, instanceOwner(node.arguments[0], context.sourceCode) ?? 'none');
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('the methods of an object literal', () => {
  it('are one object\'s, given to a name, to module.exports, to export default or to a call that makes one', () => {
    const literal = (holder: string) => `${holder}{ open() { this.sock = connect(); target(this); }, close: function () { target(this); }, arrow: () => target(this) }${holder.endsWith('(') ? ')' : ''};\n`;
    const found = (holder: string) => methods(literal(holder)).map((line) => line.replace(/@object:\d+/u, '@object'));
    for (const holder of ['const api = ', 'module.exports = ', 'export default ', 'const Rcon = make(']) {
      expect(found(holder), holder).toEqual(['@object.open → line 1', '@object.close → line 1', '@object.arrow → line 1']);
    }
    expect(owners(literal('const api = ')).map((owner) => owner.replace(/@object:\d+/u, '@object'))).toEqual(['1: @object', '1: @object', '1: none']);
  });

  it('leave a literal made inside a function alone; a nested literal is no method', () => {
    expect(methods("const table = { inner: { open() { this.x = 1; } } };\nfunction f() { return { open() { this.y = 2; } }; }\n")).toEqual(['@object:14.inner → several']);
  });
});

describe('instanceOwner of a function expression', () => {
  it('counts one given methods or another class by util.inherits, not a plain callback stored on a name', () => {
    expect(
      owners(`
var Relay = function () { target(this); };
util.inherits(Relay, EventEmitter);
var Session = function () { target(this); };
Session.prototype.close = function () {};
var onData = function () { target(this); };
`),
    ).toEqual(['2: Relay', '4: Session', '6: none']);
  });
});

describe('prototypeIndex', () => {
  it('reads methods given one by one, as a literal, and copied in by a call', () => {
    expect(
      methods(`
function Conn() {}
Conn.prototype.connect = function () {};
Conn.prototype = {
  write(data) {},
  end: function () {},
  get ready() { return true; },
  ['computed']() {},
};
Object.assign(Conn.prototype, { pause() {} });
extend(Conn.prototype, { resume: function () {} }, { connect() {} });
internals.Listener = function () {};
internals.Listener.prototype._add = function (ws) {};
`),
    ).toEqual([
      'Conn.connect → several',
      'Conn.write → line 5',
      'Conn.end → line 6',
      'Conn.pause → line 10',
      'Conn.resume → line 11',
      'internals.Listener._add → line 13',
    ]);
  });
});

describe('prototypeIndex, methods a constructor gives each instance', () => {
  it('reads `this.m = function` and `this.m = () =>` in the constructor body, not in a nested function', () => {
    expect(
      methods(`
var Ctl = function Ctl(opts) {
  this.connect = function (cb) {};
  this.close = () => {};
  setup(function () { this.later = function () {}; });
};
`),
    ).toEqual(['Ctl.connect → line 3', 'Ctl.close → line 4']);
  });
});

describe('instanceOwner', () => {
  it('knows `this` and `self` in constructors and methods, not in other functions', () => {
    expect(
      owners(`
exports = module.exports = internals.Listener = function () {
  var self = this;
  target(this);
  target(self);
  setImmediate(function () { target(this); target(self); });
  setImmediate(() => target(this));
};
internals.Listener.prototype = { close() { target(this); } };
var handlers = {};
handlers.onData = function () { target(this); };
var Plain = function () { target(this); };
`),
    ).toEqual(['4: internals.Listener', '5: internals.Listener', '6: none', '6: internals.Listener', '7: internals.Listener', '9: internals.Listener', '11: none', '12: none']);
  });
});

describe('prototypeFields', () => {
  it('collects what the constructor and the methods assign to each field, also in callbacks through self', () => {
    const answers = probe(
      `
function Gateway(opts) {
  var self = this;
  this.server = http.createServer();
  this.port = opts.port;
  setImmediate(function () { self.retries = 0; });
}
Gateway.prototype = {
  start() { this.port += 1; this.server.listen(this.port); },
  stop: function () { this.server = null; },
};
`,
      (context, report) => ({
        'Program:exit'(program: TSESTree.Program) {
          for (const [name, member] of prototypeFields('Gateway', context.sourceCode)) {
            report(program, `${name}: ${member.values.length} values, ${member.reads.length} reads${member.opaque ? ', opaque' : ''}`);
          }
        },
      }),
    ).map(({ message }) => message);
    // \`this.port += 1\` is a write not followed (opaque), not a read; \`this.server = null\` adds no value.
    expect(answers.sort()).toEqual(['port: 1 values, 1 reads, opaque', 'retries: 1 values, 0 reads', 'server: 1 values, 1 reads']);
  });
});

describe('one instance across methods', () => {
  /** For each `target(x)`: the reference key of `x` (undefined: unknown), and whether the function around it is the constructor. */
  function keys(code: string): string[] {
    return probe(code, (context, report) => ({
      CallExpression(node: TSESTree.CallExpression) {
        if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'target' || !node.arguments[0]) return;
        let fn: TSESTree.Node | undefined = node.parent;
        while (fn && fn.type !== AST_NODE_TYPES.FunctionExpression && fn.type !== AST_NODE_TYPES.FunctionDeclaration) fn = fn.parent;
        const constructorOf = fn ? constructorOwnerOf(fn, context.sourceCode) : undefined;
        report(node, `${referenceKey(node.arguments[0], context.sourceCode) ?? 'unknown'}${constructorOf ? ' (constructor)' : ''}`);
      },
    })).map(({ line, message }) => `${line}: ${message}`);
  }

  it('keys `this` by the constructor whether the prototype gets its methods one by one, as a literal or by extend()', () => {
    expect(
      keys(`
var Conn = function Conn(socket) { target(this.socket); };
extend(Conn.prototype, { ping: function () { target(this.socket); } });
function Pool() { target(this.clients); }
Object.assign(Pool.prototype, { add: function () { target(this.clients); } });
function Lone() { target(this.socket); }
extend(Other.prototype, { close: function () { target(this.socket); } });
`),
    ).toEqual([
      '2: this@proto:Conn.socket (constructor)',
      '3: this@proto:Conn.socket',
      '4: this@proto:Pool.clients (constructor)',
      '5: this@proto:Pool.clients',
      '6: unknown',
      '7: this@proto:Other.socket',
    ]);
  });
});

describe('private helpers of a pre-ES2015 class', () => {
  it("takes a function only ever called with call(this) or apply(this) from the class, and a function bound to its this, as the class's", () => {
    expect(
      owners(`
var inherits = require('util').inherits;
function listen() {
  target(this);
  this.sock.on('data', function (data) { target(this); dequeue.call(this, data); }.bind(this));
}
function dequeue(data) { target(this); }
function plain() { target(this); }
function Link() {}
inherits(Link, require('events').EventEmitter);
Link.prototype.open = function () { listen.call(this); plain.call(this); };
plain();
`),
    ).toEqual(['4: Link', '5: Link', '7: Link', '8: plain']);
  });
});
