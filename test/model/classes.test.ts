/**
 * A class's members as the model reads them (src/model/classes.ts): what `this.name` is given and
 * where it is read, also through `self` in `const self = this`, in the methods and in the functions
 * nested in them (where `this` means something else).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { classMembers, holdsThis } from '../../src/model/classes.js';
import { probe } from '../support/probe.js';

/** For each class of `code`: its members as `name: values/reads` (`opaque` when not followed). */
function members(code: string): string[] {
  return probe(code, (context, report) => ({
    ClassBody(node: TSESTree.ClassBody) {
      const parts = [...classMembers(node, context.sourceCode)].map(
        ([name, member]) => `${name}: ${member.opaque ? 'opaque' : `${member.values.length}/${member.reads.length}`}`,
      );
      report(node, parts.sort().join(', '));
    },
  })).map(({ message }) => message);
}

describe('classMembers', () => {
  it('reads self.name as this.name, also in functions nested in a method', () => {
    expect(
      members(`
class Conn {
  start() {
    const self = this;
    self.sock = open();
    this.timer = setInterval(function () { self.sock.write('ping'); this.other = 1; }, 1000);
  }
}
`),
    ).toEqual(['sock: 1/1, timer: 1/0']);
  });

  it('reads `delete this.name` as emptying the member, like a nullish write; a compound write as not followed', () => {
    expect(
      members(`
class Link {
  open() {
    delete this.sock;
    this.sock = make();
    this.sock.write('x');
    this.count += 1;
  }
}
`),
    ).toEqual(['count: opaque, sock: 1/1']);
  });

  it('leaves out a self that is written again, or that holds another class instance', () => {
    expect(
      members(`
class Outer {
  start() {
    let self = this;
    self = other;
    self.sock = open();
    const that = this;
    class Inner { run() { that.peer = open(); } }
  }
}
`).sort(),
    ).toEqual(['', '']);
  });
});

describe('holdsThis', () => {
  /** Every name read in `code` that holds the instance, and `this` itself. */
  function holders(code: string): string[] {
    return probe(code, (context, report) => ({
      'MemberExpression > .object'(node: TSESTree.Node) {
        if (holdsThis(node, context.sourceCode)) report(node, context.sourceCode.getText(node));
      },
    })).map(({ message }) => message);
  }

  it('is `this`, or a name given `this` once and never written again, through wrappers', () => {
    expect(
      holders(`
function Conn() {
  const self = this;
  const typed = this as unknown as Conn;
  self.sock = open();
  (typed as Conn).timer = 1;
  this.peer = null;
}
`),
    ).toEqual(['self', 'typed as Conn', 'this']);
  });

  it('is not a name destructured from `this`, written again, or given something else', () => {
    expect(
      holders(`
function Conn() {
  const { sock } = this;
  let later = this;
  later = other;
  const copy = that;
  sock.end();
  later.end();
  copy.end();
}
`),
    ).toEqual([]);
  });
});

