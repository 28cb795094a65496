/**
 * Functions of the file that make a socket and give it straight back: `function dial(port) {
 * return net.connect(port); }`, `const open = () => tls.connect(opts)`, a prototype method
 * returning `http.request(…)`. A call of one (`const conn = dial(6379)`) is where the socket is
 * created, for every rule: the function itself attached nothing to it, so the caller is the one
 * that must listen for 'error' (the factory's own `return` is a hand-off to that caller).
 *
 * Only factories whose every `return` (or arrow body) is itself a creation count: one that keeps
 * the socket in a variable first may well have given it a listener. Async functions and generators
 * return something else. Cached per function on its node.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, isFunction, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { resolveFunction } from './functions.js';
import type { SocketKind } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Creation = TSESTree.CallExpression | TSESTree.NewExpression;

const kindCache = new WeakMap<FunctionNode, SocketKind | null>();

/**
 * The kind of socket `call` returns when its callee is a factory of this file; `createdBy` says
 * which kind of socket a creation of Node's own modules makes (the detector's syntax, not asked of types).
 */
export function factoryKind(call: TSESTree.CallExpression, sourceCode: SourceCode, createdBy: (creation: Creation) => SocketKind | undefined): SocketKind | undefined {
  const callee = skipWrappers(call.callee);
  // Cheap first: only names and `this.m` / `self.m` can resolve to a function of the file.
  if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const fn = resolveFunction(callee, sourceCode);
  if (!fn || fn.async || fn.generator) return undefined;
  const cached = kindCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  kindCache.set(fn, null); // a factory calling itself is no factory
  const kind = returnedKind(fn, sourceCode, createdBy);
  kindCache.set(fn, kind ?? null);
  return kind;
}

function returnedKind(fn: FunctionNode, sourceCode: SourceCode, createdBy: (creation: Creation) => SocketKind | undefined): SocketKind | undefined {
  const values: TSESTree.Node[] = [];
  let other = false;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    values.push(fn.body);
  } else {
    const visit = (node: TSESTree.Node): void => {
      if (other || isFunction(node) || node.type === AST_NODE_TYPES.ClassBody) return;
      if (node.type === AST_NODE_TYPES.ReturnStatement) {
        if (node.argument) values.push(node.argument);
        else other = true;
        return;
      }
      visitChildren(node, visit, sourceCode);
    };
    visit(fn.body);
  }
  if (other || values.length === 0) return undefined;
  let kind: SocketKind | undefined;
  for (const value of values) {
    const made = skipWrappers(value);
    const madeKind = made.type === AST_NODE_TYPES.CallExpression || made.type === AST_NODE_TYPES.NewExpression ? createdBy(made) : undefined;
    if (!madeKind || (kind !== undefined && kind !== madeKind)) return undefined;
    kind = madeKind;
  }
  return kind;
}
