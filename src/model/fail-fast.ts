/**
 * A request whose response callback ends the process on a bad answer (`http.get(url, (res) => {
 * if (res.statusCode !== 200) process.exit(1); … })`): the program cannot go on without that
 * answer, a start-up lookup run once before anything is served. Exiting from the request's 'error'
 * listener too is the same plan, not a crash on a routine socket error.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { calleeName, stripListenerChain } from '../listeners.js';
import { dottedName, isFunction, onceSetValue, skipWrappers } from './ast.js';
import { visitOutsideFunctions } from './classes.js';
import { variableOf } from './dead-socket.js';

/** The calls that make a client request whose last argument, a function, gets the response. */
const REQUEST_CALLS: ReadonlySet<string> = new Set(['get', 'request']);

/** Is `target` (an 'error' listener's object) a request whose own response callback exits the process? */
export function exitsOnBadResponse(target: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let request = skipWrappers(stripListenerChain(target));
  // `const req = http.get(url, (res) => …); req.on('error', …)`: the request the variable holds.
  const held = request.type === AST_NODE_TYPES.Identifier ? variableOf(request, sourceCode) : undefined;
  request = (held && onceSetValue(held)) ?? request;
  if (request.type !== AST_NODE_TYPES.CallExpression || !REQUEST_CALLS.has(calleeName(request) ?? '')) return false;
  const callback = request.arguments.at(-1);
  if (!callback || !isFunction(callback)) return false;
  let exits = false;
  visitOutsideFunctions(callback.body, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression && dottedName(node.callee) === 'process.exit') exits = true;
  }, sourceCode);
  return exits;
}
