/**
 * An interval started for one connection whose handle the file drops
 * (`setInterval(() => socket.write('ping'), 5000);` as a statement): nothing can ever clear it, so
 * once the socket closes it keeps firing for the life of the process, writing into the dead socket
 * and keeping it, and everything the callback holds, in memory. Each connection adds one more.
 *
 * Found where a `setInterval(…)` whose value is not kept (a statement, also through `.unref()`) has
 * a callback of the file that does I/O on a socket (src/model/timers.ts `timerUse`) that belongs to
 * the function the interval is started in (a parameter of it, as a connection listener's socket,
 * or a name it declares): a socket of the module lives as long as the process anyway. Not when the
 * callback is a `function` that reads `this` (`clearInterval(this)` clears the running interval)
 * or tests whether the socket is still open before it writes.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { keyDeclaredWithin, referenceKey } from '../listeners.js';
import { enclosingFunction, type FunctionNode, propertyName, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { contains } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { keyAliases } from './key-aliases.js';
import { isGlobalCall, type SocketMatcher, throughRefCalls, type Timer, timerUse } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface DroppedInterval {
  /** The `setInterval(…)` call. */
  call: TSESTree.CallExpression;
  /** The socket its callback writes to. */
  socket: TSESTree.Expression;
}

/** What a callback reads of a socket to tell it is still open. */
const OPEN_STATE = new Set(['destroyed', 'writable', 'writableEnded', 'readyState', 'closed', 'readable']);

/** The intervals of the file started per connection with their handle dropped. */
export function droppedIntervals(sourceCode: SourceCode, matchSocket: SocketMatcher): DroppedInterval[] {
  const found: DroppedInterval[] = [];
  for (const call of fileNodes(sourceCode).calls) {
    if (!isDropped(call) || !isGlobalCall(call, ['setInterval'], sourceCode)) continue;
    const first = call.arguments[0];
    const callback = first && first.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(first, sourceCode) : undefined;
    const starter = enclosingFunction(call);
    if (!callback || !starter || readsThis(callback, sourceCode)) continue;
    const timer: Timer = { call, kind: 'setInterval', handleKey: `dropped@${call.range[0]}`, handleText: '', declaration: undefined, handleVariable: undefined, callback };
    const use = timerUse(timer, matchSocket, sourceCode);
    if (!use?.io || use.followed || !keyDeclaredWithin(keyAliases(sourceCode).root(use.socketKey), starter)) continue;
    if (testsOpenState(callback, use.socketKey, sourceCode)) continue;
    found.push({ call, socket: use.socket });
  }
  return found;
}

/** Is the call's value thrown away: a statement of its own, also through `.unref()` / `.ref()`? */
function isDropped(call: TSESTree.CallExpression): boolean {
  return throughRefCalls(call).parent?.type === AST_NODE_TYPES.ExpressionStatement;
}

/** Does a `function` callback read `this`, which is the running interval (`clearInterval(this)`)? */
function readsThis(callback: FunctionNode, sourceCode: SourceCode): boolean {
  if (callback.type === AST_NODE_TYPES.ArrowFunctionExpression) return false;
  let reads = false;
  const visit = (node: TSESTree.Node): void => {
    if (reads) return;
    if (node.type === AST_NODE_TYPES.ThisExpression) reads = true;
    else if (node.type !== AST_NODE_TYPES.FunctionExpression && node.type !== AST_NODE_TYPES.FunctionDeclaration) visitChildren(node, visit, sourceCode);
  };
  visitChildren(callback.body, visit, sourceCode);
  return reads;
}

/** Does the callback read whether the socket is still open (`if (socket.destroyed) return;`)? */
function testsOpenState(callback: FunctionNode, socketKey: string, sourceCode: SourceCode): boolean {
  const aliases = keyAliases(sourceCode);
  let tests = false;
  const visit = (node: TSESTree.Node): void => {
    if (tests) return;
    if (node.type === AST_NODE_TYPES.MemberExpression && OPEN_STATE.has(propertyName(node) ?? '') && contains(callback, node)) {
      const object = skipWrappers(node.object);
      const key = object.type === AST_NODE_TYPES.Identifier || object.type === AST_NODE_TYPES.MemberExpression ? referenceKey(object, sourceCode) : undefined;
      if (key !== undefined && aliases.same(key, socketKey)) tests = true;
    }
    visitChildren(node, visit, sourceCode);
  };
  visit(callback.body);
  return tests;
}
