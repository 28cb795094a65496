/**
 * What the type checker says of a code (src/model/code-types.ts): the finite union of string
 * literals a value's type allows. Asked with type information (the fixtures' project); without it
 * there are no type services, and so no answer.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { finiteStringMembers, typeServices } from '../../src/model/code-types.js';
import { probe } from '../support/probe.js';

/** For each argument of `use(…)`: the members its type allows, `none`, or `untyped`. */
function members(code: string, typed: boolean): string[] {
  const listener = (context: Readonly<TSESLint.RuleContext<'answer', []>>, report: (node: TSESTree.Node, answer: string) => void) => ({
    'CallExpression[callee.name="use"]'(node: TSESTree.CallExpression) {
      const services = typeServices(context.sourceCode);
      for (const argument of node.arguments) {
        const found = services ? finiteStringMembers(services, argument) : undefined;
        report(argument, found === undefined ? 'untyped' : found === null ? 'none' : found.map(String).join('|'));
      }
    },
  });
  return probe(code, listener, { typed }).map(({ message }) => message);
}

const CODE = `
type Code = 'ECONNRESET' | 'EPIPE';
declare const code: Code | undefined;
declare const kind: 'read' | 'write' | null;
declare const text: string;
enum Level { Low = 'low' }
declare const level: Level;
function generic<T extends Code>(value: T) {
  use(value);
}
use(code, kind, text, level, 'EPIPE');
`;

describe('finiteStringMembers', () => {
  it('lists the literals of a finite union, undefined and null included', { timeout: 30_000 }, () => {
    expect(members(CODE, true)).toEqual(['ECONNRESET|EPIPE', 'undefined|ECONNRESET|EPIPE', 'null|read|write', 'none', 'none', 'EPIPE']);
  });

  it('has nothing to say without type information', () => {
    expect(members(CODE, false)).toEqual(['untyped', 'untyped', 'untyped', 'untyped', 'untyped', 'untyped']);
  });
});
