/**
 * A function that borrows a socket from its caller (the socket is its parameter), listens for
 * 'error' with a handler of its own while it uses it, and takes exactly that handler off again
 * (`socket.removeListener('error', onError)`): it leaves the socket's listeners as the caller gave
 * them, so whether the socket is covered afterwards is the caller's business, not this function's.
 * Only a function the file calls (never given as a callback: a listener's parameter is a socket
 * the emitter hands over, not one a caller lends).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { listenerCallOf, variableOf } from '../dead-socket.js';
import { type FunctionNode, isFunction, removedErrorHandler, skipWrappers } from './ast.js';
import { plainCallsByName } from './functions.js';
import { fileNodes } from './file-nodes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Does `removal` take off an 'error' handler that the function borrowing `socket` added itself? */
export function restoresBorrowed(removal: TSESTree.CallExpression, socket: TSESTree.Expression, sourceCode: SourceCode): boolean {
  const handler = removedErrorHandler(removal);
  if (!handler) return false;
  const target = skipWrappers(socket);
  if (target.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = variableOf(target, sourceCode);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || definition?.type !== TSESLint.Scope.DefinitionType.Parameter) return false;
  const borrower = definition.node;
  if (!isFunction(borrower) || !calledOnly(borrower, sourceCode)) return false;
  const text = sourceCode.getText(handler);
  return fileNodes(sourceCode).calls.some((call) => {
    if (call.range[0] < borrower.range[0] || call.range[1] > borrower.range[1]) return false;
    const listener = listenerCallOf(call, sourceCode);
    const on = listener && skipWrappers(listener.target);
    return (
      listener?.event === 'error' &&
      listener.listener !== undefined &&
      sourceCode.getText(listener.listener) === text &&
      on?.type === AST_NODE_TYPES.Identifier &&
      variableOf(on, sourceCode) === variable
    );
  });
}

/** Is `fn` a named function of the file, only ever called (not an inline callback, not given by reference)? */
function calledOnly(fn: FunctionNode, sourceCode: SourceCode): boolean {
  const holder = fn.parent;
  if (holder?.type === AST_NODE_TYPES.CallExpression || holder?.type === AST_NODE_TYPES.NewExpression) return false;
  return plainCallsByName(fn, sourceCode) !== undefined;
}
