/**
 * A client's own close undone by its 'close' listener: `disconnect() { this.sock.destroy(); }` with
 * `this.sock.on('close', () => setTimeout(() => this.connect(), 5000))`. Closing the connection
 * on purpose emits 'close' too (measured: test/live/double-reconnects.live.test.ts), so the
 * listener opens a new connection after the application asked the client to stop: it cannot be
 * closed, and the process does not exit.
 *
 * Only where the close is a method named as one (`close`, `disconnect`, `stop`, `end`, …) that
 * closes the connection itself (`destroy()`, `end()`, `close()`, `terminate()` of it) and takes
 * none of its listeners away, and where the 'close' listener reconnects as double-reconnects.ts
 * reads it: unconditionally, with no early return on the way (a flag the method sets and the
 * listener tests is such a condition). A cleared timer on the way is no such condition here: the
 * reconnect function may clear a pending retry, but the listener schedules its own after the close.
 * Nor a method that drops the connection (`this.sock = undefined`) when every reconnect of the file
 * dials it with an optional call (`this.sock?.connect(…)`): the redial connects nothing.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import type { ListenerCall } from '../listeners.js';
import { calleeMember, enclosingFunction, type FunctionNode, isNullish, keyName, propertyName, skipWrappers, underCondition } from './ast.js';
import { fieldOnlyHolds, visitOutsideFunctions } from './classes.js';
import { libraryObjectOf, libraryObjects } from '../libraries.js';
import { emitterKey, referenceKey } from './dead-socket.js';
import { detaches, reconnectsListener } from './double-reconnects.js';
import { fileListeners, fileNodes } from './file-nodes.js';
import { keyAliases } from './key-aliases.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface OwnCloseReconnect {
  /** The close method's call that closes the connection. */
  call: TSESTree.CallExpression;
  /** The close method's name. */
  method: string;
  /** The 'close' listener that reconnects. */
  listener: ListenerCall;
  /** Only when the close comes while a ws WebSocket connects (its close code is then 1006). */
  whileConnecting: boolean;
}

const CLOSE_METHODS = /^(?:close|disconnect|destroy|stop|end|shutdown|terminate|quit|dispose)$/u;
const CLOSING_CALLS: ReadonlySet<string> = new Set(['destroy', 'end', 'close', 'terminate']);

/** The close methods of the file whose connection's 'close' listener reconnects it. */
export function ownCloseReconnects(sourceCode: SourceCode, isConnection: (creation: TSESTree.CallExpression | TSESTree.NewExpression) => boolean): OwnCloseReconnect[] {
  const closes = fileListeners(sourceCode).filter((listener) => listener.event === 'close' && listener.listener);
  if (closes.length === 0) return [];
  const aliases = keyAliases(sourceCode);
  const found: OwnCloseReconnect[] = [];
  for (const listener of closes) {
    const key = emitterKey(listener.target, sourceCode);
    // A debounced reconnect still runs after an own close: the clear comes before the listener.
    const reconnects = key === undefined ? false : reconnectsListener(key, sourceCode, isConnection, false)?.(listener) === true;
    // A ws WebSocket's close code (`if (code !== 1000) retry()`) tells its own close from a lost
    // connection only once it is open: `close(1000)` while it connects arrives as 1006 (measured).
    const ws = !reconnects && key !== undefined && isWsWebSocket(listener.target, sourceCode);
    const whileConnecting = ws ? reconnectsListener(key, sourceCode, isConnection, false, true) : undefined;
    if (key === undefined || !(reconnects || whileConnecting?.(listener))) continue;
    for (const call of fileNodes(sourceCode).calls) {
      const member = calleeMember(call);
      const target = member && CLOSING_CALLS.has(member.name) ? referenceKey(member.object, sourceCode) : undefined;
      if (target === undefined || !aliases.same(target, key)) continue;
      const method = enclosingFunction(call);
      const name = method && methodName(method);
      if (!method || name === undefined || !CLOSE_METHODS.test(name) || detaches(method, key, sourceCode)) continue;
      // Closed only once open (`if (ws.readyState === WebSocket.OPEN) ws.close(1000)`): the code tells.
      if (whileConnecting && underCondition(call, method, (test) => !/readyState|\bOPEN\b/u.test(sourceCode.getText(test)))) continue;
      if (droppedBeforeRedial(method, key, sourceCode)) break;
      found.push({ call, method: name, listener, whileConnecting: whileConnecting !== undefined });
      break;
    }
  }
  return found;
}

/**
 * Does the close method drop the connection (`this.sock = undefined`) where every reconnect of the
 * file dials it through an optional call (`this.sock?.connect(…)`)? The 'close' listener's redial
 * then finds nothing to connect.
 */
function droppedBeforeRedial(method: FunctionNode, key: string, sourceCode: SourceCode): boolean {
  const aliases = keyAliases(sourceCode);
  let dropped = false;
  let redials = 0;
  for (const node of fileNodes(sourceCode).calls) {
    const member = calleeMember(node);
    if (member?.name !== 'connect') continue;
    const target = referenceKey(member.object, sourceCode);
    if (target === undefined || !aliases.same(target, key)) continue;
    const callee = node.callee.type === AST_NODE_TYPES.MemberExpression ? node.callee : undefined;
    if (!callee?.optional) return false;
    redials += 1;
  }
  visitOutsideFunctions(method.body, (node) => {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || !isNullish(node.right)) return;
    const target = referenceKey(node.left, sourceCode);
    if (target !== undefined && aliases.same(target, key)) dropped = true;
  }, sourceCode);
  return dropped && redials > 0;
}

/** Is the emitter a WebSocket of ws (`new WebSocket(url)` stored there, or the field's only value)? */
function isWsWebSocket(target: TSESTree.Node, sourceCode: SourceCode): boolean {
  const node = skipWrappers(target);
  return libraryObjectOf(node, sourceCode)?.id === 'ws.WebSocket' || fieldOnlyHolds(node, (value) => libraryObjects(sourceCode).get(value)?.id === 'ws.WebSocket', sourceCode);
}

/** The name a method is called by: a class or object literal method, a prototype method, a named function. */
function methodName(fn: FunctionNode): string | undefined {
  const holder = fn.parent;
  if ((holder.type === AST_NODE_TYPES.MethodDefinition || holder.type === AST_NODE_TYPES.Property) && holder.value === fn && !holder.computed) return keyName(holder.key);
  if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === fn && holder.left.type === AST_NODE_TYPES.MemberExpression) return propertyName(holder.left);
  return fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id?.name : undefined;
}
