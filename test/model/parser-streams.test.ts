/**
 * Parser streams the file feeds (src/model/parser-streams.ts): a `new` of a stream class of the
 * file that extends node:stream's Transform, Duplex or Writable and passes an error on, found at a
 * `.pipe()` as the destination itself, through a variable set once, or through a field of the class.
 */
import { describe, expect, it } from 'vitest';

import { parserFeeds } from '../../src/model/parser-streams.js';
import { probe } from '../support/probe.js';

function feeds(code: string): string[] {
  return probe(code, (context, report) => ({
    'Program:exit'() {
      for (const { creation, sources } of parserFeeds(context.sourceCode)) {
        report(creation, `${context.sourceCode.getText(creation)} <- ${sources.map((s) => context.sourceCode.getText(s)).join(', ')}`);
      }
    },
  })).map(({ line, message }) => `${line}: ${message}`);
}

describe('parserFeeds', () => {
  it('finds classes that fail on a bad chunk, in every import style, by variable, inline and by field', () => {
    expect(
      feeds(`
import { Transform } from 'node:stream';
import * as stream from 'stream';
const Duplex = require('stream').Duplex;
class A extends Transform { _transform(c, e, done) { done(new Error('bad')); } }
class B extends stream.Writable { _write(c, e, cb) { helper(c, cb); } }
class C extends Duplex { _read() {} _write(c, e, cb) { if (c.length > 9) this.destroy(new Error('long')); cb(); } }
const kC = Symbol('c');
class Conn {
  constructor(socket) {
    const a = new A();
    socket.pipe(a);
    socket.pipe(new B());
    this[kC] = new C();
    socket.pipe(this[kC]);
  }
}
`),
    ).toEqual(['11: new A() <- socket', '13: new B() <- socket', '14: new C() <- socket']);
  });

  it('leaves out classes that never pass an error on, and classes not of node:stream', () => {
    expect(
      feeds(`
const { Transform } = require('node:stream');
const { Parser } = require('./parser');
class Pass extends Transform { _transform(c, e, done) { done(null, c); } }
class Other extends Parser { _transform(c, e, done) { done(new Error('bad')); } }
export function f(socket) {
  socket.pipe(new Pass());
  socket.pipe(new Other());
}
`),
    ).toEqual([]);
  });
});
