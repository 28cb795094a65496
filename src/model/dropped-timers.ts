/**
 * An interval (or a file watcher) started for one connection whose handle the file drops
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
import { closingLibraryObject } from './close-reach.js';
import { contains, readMethodCall } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';
import { calleeExport } from './import-bindings.js';
import { resolveFunction } from './functions.js';
import { keyAliases } from './key-aliases.js';
import { isGlobalCall, type SocketMatcher, throughRefCalls, type Timer, timerUse } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface DroppedInterval {
  /** The `setInterval(…)` or `fs.watch(…)` call. */
  call: TSESTree.CallExpression;
  /** The socket its callback writes to. */
  socket: TSESTree.Expression;
  /** An interval, or a file watcher (`fs.watch(path, listener)`), which nothing closes either. */
  kind: 'interval' | 'watcher';
}

const FS_MODULES: ReadonlySet<string> = new Set(['fs', 'node:fs']);
/** What a WebSocket (ws, and the libraries of src/libraries.ts alike) writes with. */
const LIBRARY_IO: ReadonlySet<string> = new Set(['send', 'ping']);

/** What a callback reads of a socket to tell it is still open. */
const OPEN_STATE = new Set(['destroyed', 'writable', 'writableEnded', 'readyState', 'closed', 'readable']);

/** The intervals of the file started per connection with their handle dropped. */
export function droppedIntervals(sourceCode: SourceCode, matchSocket: SocketMatcher): DroppedInterval[] {
  const found: DroppedInterval[] = [];
  for (const call of fileNodes(sourceCode).calls) {
    if (!isDropped(call)) continue;
    const kind = isGlobalCall(call, ['setInterval'], sourceCode) ? 'interval' : isFileWatch(call, sourceCode) ? 'watcher' : undefined;
    if (!kind) continue;
    // The interval's callback comes first, a watcher's listener last (`fs.watch(path, options, listener)`).
    const first = kind === 'interval' ? call.arguments[0] : call.arguments.at(-1);
    const callback = first && first.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(first, sourceCode) : undefined;
    const starter = enclosingFunction(call);
    if (!callback || !starter || readsThis(callback, sourceCode)) continue;
    const timer: Timer = { call, kind: 'setInterval', handleKey: `dropped@${call.range[0]}`, handleText: '', declaration: undefined, handleVariable: undefined, callback };
    const use = timerUse(timer, matchSocket, sourceCode);
    if (!use || use.followed || !keyDeclaredWithin(keyAliases(sourceCode).root(use.socketKey), starter)) continue;
    if (!use.io && !sendsOnLibraryObject(callback, use, sourceCode)) continue;
    if (testsOpenState(callback, use.socketKey, sourceCode)) continue;
    found.push({ call, socket: use.socket, kind });
  }
  return found;
}

/** A library's connection the callback sends on (`ws.send('refresh')`): its I/O, not in Node's list. */
function sendsOnLibraryObject(callback: FunctionNode, use: { socket: TSESTree.Expression; socketKey: string }, sourceCode: SourceCode): boolean {
  if (!closingLibraryObject(use.socket, sourceCode)) return false;
  const aliases = keyAliases(sourceCode);
  return fileNodes(sourceCode).calls.some((call) => {
    if (!contains(callback, call)) return false;
    const method = readMethodCall(call);
    const key = method && LIBRARY_IO.has(method.name) ? referenceKey(method.object, sourceCode) : undefined;
    return key !== undefined && aliases.same(key, use.socketKey);
  });
}

/** `fs.watch(path, listener)`: Node's file watcher, open until its `close()`. */
function isFileWatch(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  if (call.arguments.length < 2 || !mayWatch(call)) return false;
  const named = calleeExport(call.callee, sourceCode);
  return named?.name === 'watch' && FS_MODULES.has(named.from);
}

/** The cheap test first: the callee is spelled `watch` or `….watch`. */
function mayWatch(call: TSESTree.CallExpression): boolean {
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.Identifier ? callee.name === 'watch' : callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'watch';
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
