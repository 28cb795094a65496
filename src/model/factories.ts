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
const returnsCreationCache = new WeakMap<TSESTree.Program, boolean>();

/** One step of the linter's traversal (`sourceCode.traverse()`, ESLint ≥ 9): a node entered (phase 1) or left, or a code path event. */
interface TraversalStep {
  kind: number;
  target: unknown;
  phase?: number;
}
const VISIT = 1;

/**
 * The kind of socket `call` returns when its callee is a factory of this file; `createdBy` says
 * which kind of socket a creation of Node's own modules makes (the detector's syntax, not asked of
 * types); `mayBeMadeByNode` is true at least for every call or `new` of Node's own modules that
 * makes a socket (not through a factory of the file), from syntax alone.
 */
export function factoryKind(
  call: TSESTree.CallExpression,
  sourceCode: SourceCode,
  createdBy: (creation: Creation) => SocketKind | undefined,
  mayBeMadeByNode: (creation: Creation) => boolean,
): SocketKind | undefined {
  const callee = skipWrappers(call.callee);
  // Cheap first: only names and `this.m` / `self.m` can resolve to a function of the file.
  if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (!returnsCreation(sourceCode, mayBeMadeByNode)) return undefined;
  const fn = resolveFunction(callee, sourceCode);
  if (!fn || fn.async || fn.generator) return undefined;
  const cached = kindCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  kindCache.set(fn, null); // a factory calling itself is no factory
  const kind = returnedKind(fn, sourceCode, createdBy);
  kindCache.set(fn, kind ?? null);
  return kind;
}

/**
 * What `fn` returns: each `return`'s value (not those of nested functions), or an arrow's body.
 * Undefined when some `return` gives no value, or none is there.
 */
export function returnedValues(fn: FunctionNode, sourceCode: SourceCode): TSESTree.Node[] | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const values: TSESTree.Node[] = [];
  let other = false;
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
  return other || values.length === 0 ? undefined : values;
}

function returnedKind(fn: FunctionNode, sourceCode: SourceCode, createdBy: (creation: Creation) => SocketKind | undefined): SocketKind | undefined {
  const values = returnedValues(fn, sourceCode);
  if (!values) return undefined;
  let kind: SocketKind | undefined;
  for (const value of values) {
    const made = skipWrappers(value);
    const madeKind = made.type === AST_NODE_TYPES.CallExpression || made.type === AST_NODE_TYPES.NewExpression ? createdBy(made) : undefined;
    if (!madeKind || (kind !== undefined && kind !== madeKind)) return undefined;
    kind = madeKind;
  }
  return kind;
}

/**
 * Does some `return` or arrow body of the file give back what one of Node's own calls makes (`return
 * net.connect(port)`)? Without one no function is a factory: a factory returns only creations, and
 * one returning only other factories' calls leads, in the end, to a factory returning Node's own
 * (a factory calling itself is none). Read once per file from the linter's traversal, where it keeps
 * one (ESLint ≥ 9); without it, every function may be one.
 */
function returnsCreation(sourceCode: SourceCode, mayBeMadeByNode: (creation: Creation) => boolean): boolean {
  const program = sourceCode.ast;
  const cached = returnsCreationCache.get(program);
  if (cached !== undefined) return cached;
  const traverse = (sourceCode as { traverse?: unknown }).traverse;
  let found = typeof traverse !== 'function';
  if (typeof traverse === 'function') {
    for (const step of traverse.call(sourceCode) as Iterable<TraversalStep>) {
      if (step.kind !== VISIT || step.phase !== 1) continue;
      const node = step.target as TSESTree.Node;
      const value =
        node.type === AST_NODE_TYPES.ReturnStatement
          ? node.argument
          : node.type === AST_NODE_TYPES.ArrowFunctionExpression && node.body.type !== AST_NODE_TYPES.BlockStatement
            ? node.body
            : undefined;
      const made = value && skipWrappers(value);
      if ((made?.type === AST_NODE_TYPES.CallExpression || made?.type === AST_NODE_TYPES.NewExpression) && mayBeMadeByNode(made)) {
        found = true;
        break;
      }
    }
  }
  returnsCreationCache.set(program, found);
  return found;
}
