/**
 * An 'error' listener added again later in the same synchronous run as a use of the socket
 * (`sock.removeAllListeners(); sock.connect(port, cb); sock.on('error', onError);`): a socket
 * emits nothing from inside `connect()`, `write()` or `end()`, its errors come on a later turn
 * (measured: a listener added in the turn it connects gets the refusal,
 * test/live/require-error-listener.live.test.ts), so that listener is in time for the use before it.
 *
 * Only a listener the run surely reaches: written in the same function as the use, outside any
 * condition, loop, `try` or nested function, with no `await`, `yield`, `return` or `throw` of that
 * function between the use and it.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { listenerCallOf, referenceKey, stripListenerChain } from '../listeners.js';
import { isFunction, runningFunction } from './ast.js';
import { visitOutsideFunctions } from './classes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Nodes between the use and the listener that may keep the run from reaching the listener. */
const EXITS = new Set<string>([AST_NODE_TYPES.AwaitExpression, AST_NODE_TYPES.YieldExpression, AST_NODE_TYPES.ReturnStatement, AST_NODE_TYPES.ThrowStatement]);
/** Where a listener may not run every time the function does. */
const CONDITIONAL = new Set<string>([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.SwitchCase,
  AST_NODE_TYPES.TryStatement,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/** Does one of `later` (calls after `use`, in source order) give the socket (`keys`) an 'error' listener in the same run as `use`? */
export function listensLaterInRun(use: TSESTree.CallExpression, later: readonly TSESTree.CallExpression[], keys: { has(key: string | undefined): boolean }, sourceCode: SourceCode): boolean {
  const runner = runningFunction(use);
  if (!runner) return false;
  const listener = later.find((call) => {
    if (call.range[0] <= use.range[1] || call.range[0] >= runner.range[1] || runningFunction(call) !== runner) return false;
    const found = listenerCallOf(call, sourceCode);
    return found?.event === 'error' && keys.has(referenceKey(stripListenerChain(found.target), sourceCode));
  });
  if (!listener || !reachedEveryRun(listener, runner)) return false;
  let exits = false;
  visitOutsideFunctions(runner.body, (node) => {
    if (!exits && EXITS.has(node.type) && node.range[0] > use.range[1] && node.range[1] <= listener.range[0]) exits = true;
  }, sourceCode);
  return !exits;
}

/** Is `call` written outside every condition, loop and `try` of `runner` (and of the promise executors in it)? */
function reachedEveryRun(call: TSESTree.Node, runner: TSESTree.Node): boolean {
  for (let current = call.parent; current && current !== runner; current = current.parent) {
    if (CONDITIONAL.has(current.type)) return false;
    if (isFunction(current) && runningFunction(current) !== runningFunction(call)) return false;
  }
  return true;
}
