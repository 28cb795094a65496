/**
 * When a library object of the table (src/libraries.ts) is gone for good: its last events, read
 * from the table and, where the table's library has changed its ways between versions, from the
 * call that made it.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { libraryCreationOf, libraryObjects } from '../libraries.js';

/**
 * The events after which the library object `node` holds is gone (`'end'` for a pg Client). A
 * Redis client of the callback API (node_redis 3 and before, made with a port and a host, or a
 * URL string) has none: it emits 'end' on every lost connection and reconnects (measured,
 * test/live/libraries.live.test.ts), until the application ends it.
 */
export function lastEventsOf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): readonly string[] {
  const creation = libraryCreationOf(node, sourceCode);
  const entry = creation && libraryObjects(sourceCode).get(creation);
  if (!entry) return [];
  if (entry.id === 'redis.createClient' && creation.type === AST_NODE_TYPES.CallExpression && isCallbackApiClient(creation)) return [];
  return entry.deadEvents;
}

/** `createClient(6379, host)`, `createClient('redis://…')`: arguments only the callback API (node_redis ≤ 3) takes. */
function isCallbackApiClient(call: TSESTree.CallExpression): boolean {
  const [first] = call.arguments;
  if (!first) return false;
  if (call.arguments.length >= 2 && first.type !== AST_NODE_TYPES.ObjectExpression) return true;
  return first.type === AST_NODE_TYPES.Literal || first.type === AST_NODE_TYPES.TemplateLiteral;
}

/**
 * Is `event` one after which the library object `node` holds is gone (`'end'` for a pg Client)?
 * Cleanup hung on it runs, unlike cleanup on a socket's 'end'.
 */
export function isLibraryDeadEvent(node: TSESTree.Node, event: string, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return lastEventsOf(node, sourceCode).includes(event);
}
