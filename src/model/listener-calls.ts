/**
 * Reading a call as a listener registration (`target.on('event', fn)`, src/listeners.ts) where most
 * calls of a file are none: the call's scope, which only a constant event name needs (`const EVENT =
 * 'error'`), is looked up only then.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getListenerCall, type ListenerCall } from '../listeners.js';
import { propertyName, skipWrappers } from './ast.js';
import { LISTEN_METHODS } from './node-api.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * `getListenerCall(call, scope)` with the call's scope asked for only where the event is not
 * written as a string: most calls of a file are no listener calls, and most listener calls name
 * their event.
 */
export function listenerCallIn(call: TSESTree.CallExpression, sourceCode: SourceCode): ListenerCall | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = propertyName(callee);
  if (method === undefined || !LISTEN_METHODS.has(method)) return undefined;
  const event = call.arguments[0];
  const named = event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string';
  return getListenerCall(call, named ? undefined : sourceCode.getScope(call));
}

