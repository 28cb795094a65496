/**
 * The model's syntax helpers (src/model/ast.ts): one answer per question, whichever rule asks.
 * Each case is an expression whose member or wrapper a rule must see through.
 */
import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { calleeMember, enclosingFunction, inDeadBranch, isNullish, outermost, propertyName, skipWrappers } from '../../src/model/ast.js';

/** The expression of the first statement of `code`. */
function expression(code: string): TSESTree.Expression {
  const program = parse(code, { range: true });
  const statement = program.body[0];
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) throw new Error(`not an expression: ${code}`);
  // The parser leaves `parent` unset; the helpers climb it.
  const link = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
    (node as { parent?: TSESTree.Node }).parent = parent;
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string' && child !== parent) {
          link(child as TSESTree.Node, node);
        }
      }
    }
  };
  for (const node of program.body) link(node, program);
  return statement.expression;
}

describe('propertyName', () => {
  it.each([
    ['s.write', 'write'],
    ["s['write']", 'write'],
    ['s[`write`]', 'write'],
    ['this.#socket', '#socket'],
    ['s[method]', undefined],
    ['s[`wr${x}`]', undefined],
  ])('%s names %s', (code, name) => {
    const member = skipWrappers(expression(code));
    expect(member.type).toBe(AST_NODE_TYPES.MemberExpression);
    expect(propertyName(member as TSESTree.MemberExpression)).toBe(name);
  });
});

describe('propertyName of a key the module holds in a constant', () => {
  /** The expression of the last statement of `code`. */
  const last = (code: string): TSESTree.MemberExpression => {
    const statements = code.split('\n');
    const member = skipWrappers(expression([statements.at(-1)!, ...statements.slice(0, -1)].join('\n')));
    if (member.type !== AST_NODE_TYPES.MemberExpression) throw new Error(`not a member: ${code}`);
    return member;
  };
  it.each([
    ["const kSocket = Symbol('socket');\nthis[kSocket]", '[kSocket]'],
    ["import { kSocket } from './symbols';\nthis[kSocket]", '[kSocket]'],
    ["const { kSocket: kS } = require('./symbols');\nthis[kS]", '[kS]'],
    ["export const kSocket = Symbol('socket');\nthis[kSocket]", '[kSocket]'],
    ['let kSocket = 1;\nthis[kSocket]', undefined],
    ['var i = 0;\nlist[i]', undefined],
    ['list[i]', undefined],
  ])('%s names %s', (code, name) => {
    expect(propertyName(last(code))).toBe(name);
  });
});

describe('calleeMember', () => {
  it.each(['s.destroy()', 's?.destroy()', "s['destroy']()", 's[`destroy`]()', '(s as net.Socket).destroy()', 's!.destroy()'])(
    '%s calls destroy on s',
    (code) => {
      const call = skipWrappers(expression(code));
      expect(call.type).toBe(AST_NODE_TYPES.CallExpression);
      const member = calleeMember(call as TSESTree.CallExpression);
      expect(member?.name).toBe('destroy');
      expect(member && skipWrappers(member.object)).toMatchObject({ type: AST_NODE_TYPES.Identifier, name: 's' });
    },
  );
});

describe('wrappers', () => {
  it('skipWrappers and outermost are inverse walks over `!`, `as`, `satisfies` and `?.`', () => {
    const whole = expression('(s?.socket! as Socket) satisfies object');
    const inner = skipWrappers(whole);
    expect(inner.type).toBe(AST_NODE_TYPES.MemberExpression);
    expect(outermost(inner)).toBe(whole);
  });

  it('enclosingFunction finds the nearest function, not the node itself', () => {
    const arrow = expression('(socket) => function inner() { socket.end(); }');
    expect(arrow.type).toBe(AST_NODE_TYPES.ArrowFunctionExpression);
    const inner = (arrow as TSESTree.ArrowFunctionExpression).body as TSESTree.FunctionExpression;
    const call = (inner.body.body[0] as TSESTree.ExpressionStatement).expression;
    expect(enclosingFunction(call)).toBe(inner);
    expect(enclosingFunction(inner)).toBe(arrow);
    expect(enclosingFunction(arrow)).toBeUndefined();
  });
});

describe('isNullish', () => {
  it.each([
    ['null', true],
    ['void 0', true],
    ['undefined', true],
    ['(null as any)', true],
    ['b = undefined', true],
    ['b = c = void(0)', true],
    ['b = c = 0', false],
    ['b ??= null', false],
    ['socket', false],
  ])('%s holds nothing: %s', (code, nullish) => {
    expect(isNullish(expression(code))).toBe(nullish);
  });
});

describe('inDeadBranch', () => {
  /** Is the call `target()` in `code` (one statement) in a branch no run takes? */
  const dead = (code: string): boolean => {
    const program = parse(code, { range: true });
    let found: TSESTree.Node | undefined;
    const link = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
      (node as { parent?: TSESTree.Node }).parent = parent;
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'target') found = node;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'parent') continue;
        for (const child of Array.isArray(value) ? value : [value]) {
          if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') link(child as TSESTree.Node, node);
        }
      }
    };
    link(program, undefined);
    return inDeadBranch(found!);
  };

  it('reads literal tests, their negation, and || / && with a literal', () => {
    expect(['if (false) { target(); }', 'if (0) target();', 'if (x || 1) {} else { target(); }', 'if (!true) target();', 'x = true ? 1 : target();', 'if (x && 0) target();'].map(dead)).toEqual([true, true, true, true, true, true]);
  });

  it('leaves tests it cannot read, the live branch, and the test itself', () => {
    expect(['if (x) { target(); }', 'if (true) target();', 'if (x || 1) target();', 'if (target()) {}', 'if (x ?? false) target();'].map(dead)).toEqual([false, false, false, false, false]);
  });
});
