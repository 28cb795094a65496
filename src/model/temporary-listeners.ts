/**
 * 'error' listeners a function gives a socket for one exchange only: `const onError = …;
 * socket.on('error', onError)`, taken off again by name (`socket.removeListener('error', onError)`)
 * somewhere in that function or a closure of it, outside the listener itself (on the reply, once
 * connected, once closed). Between two exchanges such a listener is gone: it does not keep the
 * socket listened to (a client that reads each reply with its own listener, and whose connect took
 * its `once('error', reject)` off again, has nobody listening while it idles).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import type { ListenerCall } from '../listeners.js';
import { referenceKey } from '../listeners.js';
import { calleeMember, enclosingFunction, removedErrorHandler } from './ast.js';
import { variableOf } from './dead-socket.js';
import type { Keys } from './ws-open-state.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Is the 'error' listener of `registration` (on the object of `keys`) one its function takes off
 * again by name? `calls` are the file's calls.
 */
export function isTemporaryListener(registration: ListenerCall, calls: readonly TSESTree.CallExpression[], keys: Keys, sourceCode: SourceCode): boolean {
  const listener = registration.listener;
  const owner = enclosingFunction(registration.call);
  if (listener?.type !== AST_NODE_TYPES.Identifier || !owner) return false;
  // Taken off by the listener itself, it stays until the first error, which closes the socket.
  const own = variableOf(listener, sourceCode)?.defs[0]?.node;
  const body = own?.type === AST_NODE_TYPES.VariableDeclarator ? own.init : own;
  return calls.some((call) => {
    if (call.range[0] < owner.range[0] || call.range[1] > owner.range[1]) return false;
    if (body && call.range[0] >= body.range[0] && call.range[1] <= body.range[1]) return false;
    const removed = removedErrorHandler(call);
    return removed?.type === AST_NODE_TYPES.Identifier && removed.name === listener.name && keys.has(referenceKey(calleeMember(call)!.object, sourceCode));
  });
}
