/**
 * Where ending a connection hands its error to code of this file: the callback of `socket.end(cb)`,
 * `socket.write(data, cb)`, `socket.close(cb)`, `pipeline(…, cb)` and `finished(socket, cb)`; an
 * awaited close whose rejection lands in a `catch` (`await promisify(socket.end)()`,
 * `await once(socket, 'close')`, `await finished(socket)`, `await new Promise((r) => socket.end(r))`);
 * the objects the file calls `end()` / `destroySoon()` on (their 'error' arrives while the code
 * ends them) or `abort()` / `destroy()` on (a pending client request then fails with "socket hang
 * up"), and the objects whose 'close' listener reconnects (their resets are routine: the module
 * recovers from them). Which values are sockets is the detector's answer, passed in.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { readString } from '../code-dispatch.js';
import { calleeName, findVariable, referenceKey, stripListenerChain } from '../listeners.js';
import type { SocketDetector } from './sockets.js';
import { enclosingFunction, type FunctionNode, isFunction, propertyName, skipWrappers } from './ast.js';
import { holdsThis } from './classes.js';
import { fileListeners, fileNodes } from './file-nodes.js';
import { resourceNodes } from './resource-walk.js';
import { resolveFunction } from './functions.js';
import { dottedName, visitOutsideFunctions } from './handler-sinks.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

const CALLBACK_METHODS = new Set(['end', 'write', 'close']);
const STREAM_HELPERS = new Set(['pipeline', 'finished']);
const CLOSE_EVENTS = new Set(['close', 'finish', 'end']);

/** `process.stdin`, `process.stdout`, `process.stderr`: streams, but not connections that end. */
export function isStdio(node: Node): boolean {
  return /^process\.std(?:in|out|err)$/u.test(dottedName(node) ?? '');
}

/** A socket other than the process's stdio, as the detector knows it. */
export function isClosingSocket(node: Node | undefined, sockets: SocketDetector): boolean {
  return node !== undefined && node.type !== AST_NODE_TYPES.SpreadElement && !isStdio(node) && sockets.match(node) !== undefined;
}

export interface CloseCallback {
  fn: FunctionNode;
  /** The method or helper the callback is given to: `end`, `write`, `close`, `pipeline`, `finished`. */
  method: string;
  /** Written right there as the argument. */
  inline: boolean;
  /**
   * The callback runs as the connection ends: `end()`/`close()`, and a stream helper over a stream
   * the file destroys (the helper then reports ERR_STREAM_PREMATURE_CLOSE); not `write()`.
   */
  closeTime: boolean;
}

/** The callback a call gives a socket's `end`/`write`/`close`, or a stream helper over a socket. */
export function closeCallback(call: TSESTree.CallExpression, sockets: SocketDetector, sourceCode: SourceCode): CloseCallback | undefined {
  const name = calleeName(call);
  if (name === undefined || (!CALLBACK_METHODS.has(name) && !STREAM_HELPERS.has(name))) return undefined;
  const last = call.arguments.at(-1);
  const fn = last && last.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(last, sourceCode) : undefined;
  if (!fn || !last) return undefined;
  const inline = fn === skipWrappers(last);
  const callee = skipWrappers(call.callee);
  if (CALLBACK_METHODS.has(name) && callee.type === AST_NODE_TYPES.MemberExpression && isClosingSocket(callee.object, sockets)) {
    return { fn, method: name, inline, closeTime: name !== 'write' };
  }
  const streams = call.arguments.slice(0, -1);
  if (STREAM_HELPERS.has(name) && streams.some((arg) => isClosingSocket(arg, sockets))) {
    const destroyed = closedKeys(sourceCode).get('destroy');
    const closeTime = streams.some((arg) => destroyed?.has(objectKey(arg, sourceCode) ?? '') === true);
    return { fn, method: name, inline, closeTime };
  }
  return undefined;
}

/**
 * Does the `try` block await something that settles when a socket closes (and rejects with its
 * error)? Read from the file's list of awaits, those in the block and not in a function it holds:
 * no walk of the block, which in `try` blocks nested in one another would cost each level again.
 */
export function awaitsClose(block: TSESTree.BlockStatement, sockets: SocketDetector, sourceCode: SourceCode): boolean {
  const [start, end] = block.range;
  const awaits = resourceNodes(sourceCode).awaits;
  // The awaits are in source order: start at the first one in the block.
  let low = 0;
  for (let high = awaits.length; low < high; ) {
    const middle = (low + high) >>> 1;
    if (awaits[middle]!.range[0] < start) low = middle + 1;
    else high = middle;
  }
  for (let at = low; at < awaits.length && awaits[at]!.range[0] < end; at++) {
    const node = awaits[at]!;
    const fn = enclosingFunction(node);
    if (!(fn && fn.range[0] >= start) && isAwaitedClose(node.argument, sockets, sourceCode)) return true;
  }
  return false;
}

/**
 * A rethrow from this `catch` ends the process: at the top level (top-level await), or in an async
 * callback handed to a call (nobody awaits its promise). Elsewhere it rejects a promise a caller awaits.
 */
export function rethrowIsFatal(clause: TSESTree.CatchClause): boolean {
  const owner = enclosingFunction(clause.parent);
  const holder = owner?.parent;
  return (
    !owner ||
    (owner.async &&
      (holder?.type === AST_NODE_TYPES.CallExpression || holder?.type === AST_NODE_TYPES.NewExpression) &&
      holder.arguments.includes(owner as TSESTree.CallExpressionArgument))
  );
}

/** The methods a file closes an object with, as `closedKeys` reads them. */
export type ClosingMethod = 'end' | 'destroySoon' | 'destroy' | 'abort';
const CLOSING_METHODS: ReadonlySet<string> = new Set<ClosingMethod>(['end', 'destroySoon', 'destroy', 'abort']);

/** The object a member call or a listener chain starts from, as a reference key (`this.socket.on(...).on(...)` -> `this.socket`). */
export function objectKey(node: Node, sourceCode: SourceCode): string | undefined {
  return node.type === AST_NODE_TYPES.SpreadElement ? undefined : referenceKey(stripListenerChain(node), sourceCode);
}

const closedCache = new WeakMap<TSESTree.Program, ReadonlyMap<ClosingMethod, ReadonlySet<string>>>();

/** Reference keys of the objects this file calls `end()`, `destroySoon()`, `destroy()` or `abort()` on, per method (read once per file). */
export function closedKeys(sourceCode: SourceCode): ReadonlyMap<ClosingMethod, ReadonlySet<string>> {
  const known = closedCache.get(sourceCode.ast);
  if (known) return known;
  const keys = new Map<ClosingMethod, Set<string>>();
  for (const node of fileNodes(sourceCode).calls) {
    const name = calleeName(node);
    const callee = skipWrappers(node.callee);
    if (name !== undefined && CLOSING_METHODS.has(name) && callee.type === AST_NODE_TYPES.MemberExpression) {
      const key = objectKey(callee.object, sourceCode);
      // `socket.end(); socket.destroy();`: destroyed in the same run, it emits no error of the end.
      if (key && name === 'end' && destroyedNext(node, key, sourceCode)) continue;
      if (key) {
        const method = name as ClosingMethod;
        if (!keys.has(method)) keys.set(method, new Set());
        keys.get(method)!.add(key);
      }
    }
  }
  closedCache.set(sourceCode.ast, keys);
  return keys;
}

/**
 * Is the statement after `call`'s a `destroy()` without an error of the same object? Ended with
 * writes pending to a peer that resets, a socket meets ECONNRESET; destroyed right after, it emits
 * only 'close' (measured: test/live/provoked-errors.live.test.ts). The `end()` may close an `if`
 * whose next statement is the `destroy()`.
 */
export function destroyedNext(call: TSESTree.CallExpression, key: string, sourceCode: SourceCode): boolean {
  let statement: TSESTree.Statement | undefined = skipWrappers(call) === call && call.parent.type === AST_NODE_TYPES.ExpressionStatement ? call.parent : undefined;
  // `if (close) socket.end(BYE); socket.destroy();`: the `if` ends with the `end()`, and the destroy follows it.
  while (statement) {
    const parent: TSESTree.Node = statement.parent;
    const block: TSESTree.BlockStatement | undefined = parent.type === AST_NODE_TYPES.BlockStatement && parent.body.at(-1) === statement ? parent : undefined;
    const branch: TSESTree.Node | undefined = block ? block.parent : parent;
    if (branch?.type !== AST_NODE_TYPES.IfStatement || (branch.consequent !== (block ?? statement) && branch.alternate !== (block ?? statement))) break;
    statement = branch;
  }
  const siblings = statement?.parent.type === AST_NODE_TYPES.BlockStatement || statement?.parent.type === AST_NODE_TYPES.Program ? statement.parent.body : undefined;
  const next = siblings?.[siblings.indexOf(statement!) + 1];
  const destroy = next?.type === AST_NODE_TYPES.ExpressionStatement ? skipWrappers(next.expression) : undefined;
  if (destroy?.type !== AST_NODE_TYPES.CallExpression || destroy.arguments.length > 0 || calleeName(destroy) !== 'destroy') return false;
  const callee = skipWrappers(destroy.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && objectKey(callee.object, sourceCode) === key;
}

const endedCache = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/** Reference keys of the objects this file calls `end()` / `destroySoon()` on (read once per file). */
export function endedKeys(sourceCode: SourceCode): ReadonlySet<string> {
  const known = endedCache.get(sourceCode.ast);
  if (known) return known;
  const closed = closedKeys(sourceCode);
  const keys = new Set([...(closed.get('end') ?? []), ...(closed.get('destroySoon') ?? [])]);
  endedCache.set(sourceCode.ast, keys);
  return keys;
}

/** `connect`, `_connect`, `reconnect`, `scheduleReconnect`, `_tryReconnect`...: a method that opens the connection again. */
const RECONNECT_NAME = /^_*connect$|reconnect/iu;
const TIMERS = new Set(['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask']);

const reconnectCache = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/**
 * Reference keys of the objects whose 'close' listener reconnects: it calls a connect or reconnect
 * function of this file (a local function, or a method through `this` or `self = this`), directly
 * or from a timer it sets. Their ECONNRESET and EPIPE are then routine blips the module recovers from.
 */
export function reconnectingKeys(sourceCode: SourceCode): ReadonlySet<string> {
  return keysReconnectedOn(sourceCode, CLOSE_ONLY, reconnectCache);
}

const CLOSE_ONLY: ReadonlySet<string> = new Set(['close']);
/** The events after which a socket is gone: 'close', and 'end' or 'error' that come before it. */
const DEATH_EVENTS: ReadonlySet<string> = new Set(['close', 'end', 'error']);
const reconnectOnDeathCache = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/**
 * Reference keys of the objects whose 'close', 'end' or 'error' listener reconnects (as
 * `reconnectingKeys` reads it): the object outlives each of its sockets, so what it keeps for
 * itself (a rate interval on `this`) belongs to it, not to the socket that just died.
 */
export function keysReconnectedOnDeath(sourceCode: SourceCode): ReadonlySet<string> {
  return keysReconnectedOn(sourceCode, DEATH_EVENTS, reconnectOnDeathCache);
}

function keysReconnectedOn(sourceCode: SourceCode, events: ReadonlySet<string>, cache: WeakMap<TSESTree.Program, ReadonlySet<string>>): ReadonlySet<string> {
  const known = cache.get(sourceCode.ast);
  if (known) return known;
  const keys = new Set<string>();
  for (const listener of fileListeners(sourceCode)) {
    const fn = events.has(listener.event) && listener.listener ? resolveFunction(listener.listener, sourceCode) : undefined;
    const key = fn && objectKey(listener.target, sourceCode);
    if (key && reconnects(fn, sourceCode)) keys.add(key);
  }
  cache.set(sourceCode.ast, keys);
  return keys;
}

/**
 * Does this function call a connect/reconnect function of the file, itself or from a timer, or
 * through a function of the file it calls (`() => this.onClose()` whose method reconnects; two
 * calls deep)?
 */
function reconnects(fn: FunctionNode, sourceCode: SourceCode, depth = 0): boolean {
  let found = false;
  const scan = (root: Node): void =>
    visitOutsideFunctions(root, (node) => {
      if (found || node.type !== AST_NODE_TYPES.CallExpression) return;
      if (isReconnectReference(node.callee, sourceCode)) found = true;
      else if (TIMERS.has(calleeName(node) ?? '')) {
        for (const argument of node.arguments) {
          const value = skipWrappers(argument);
          if (isFunction(value)) scan(value.body);
          else if (isReconnectReference(value, sourceCode)) found = true;
        }
      } else if (depth < 2) {
        const callee = resolveFunction(node.callee, sourceCode);
        if (callee && callee !== fn && reconnects(callee, sourceCode, depth + 1)) found = true;
      }
    }, sourceCode);
  scan(fn.body);
  return found;
}

/** `reconnect` (a function of this file), `this.connect`, `self._reconnect`, `this.reconnect.bind(this)`. */
function isReconnectReference(node: Node, sourceCode: SourceCode): boolean {
  let target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.CallExpression && target.callee.type === AST_NODE_TYPES.MemberExpression && propertyName(target.callee) === 'bind') {
    target = skipWrappers(target.callee.object);
  }
  if (target.type === AST_NODE_TYPES.Identifier) return RECONNECT_NAME.test(target.name) && resolveFunction(target, sourceCode) !== undefined;
  if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
  return RECONNECT_NAME.test(propertyName(target) ?? '') && holdsThis(target.object, sourceCode);
}

/** `promisify(socket.end)`, `promisify(socket.end.bind(socket))`, `promisify(socket.end).bind(socket)`. */
function isPromisifiedClose(node: Node, sockets: SocketDetector, sourceCode: SourceCode, depth = 0): boolean {
  let target = skipWrappers(node);
  if (depth > 3) return false;
  if (target.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(sourceCode.getScope(target), target.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    return def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init
      ? isPromisifiedClose(def.node.init, sockets, sourceCode, depth + 1)
      : false;
  }
  if (target.type !== AST_NODE_TYPES.CallExpression) return false;
  if (target.callee.type === AST_NODE_TYPES.MemberExpression && propertyName(target.callee) === 'bind') {
    target = skipWrappers(target.callee.object);
    if (target.type !== AST_NODE_TYPES.CallExpression) return false;
  }
  if (calleeName(target) !== 'promisify') return false;
  let method = target.arguments[0] && skipWrappers(target.arguments[0]);
  if (
    method?.type === AST_NODE_TYPES.CallExpression &&
    method.callee.type === AST_NODE_TYPES.MemberExpression &&
    propertyName(method.callee) === 'bind'
  ) {
    method = skipWrappers(method.callee.object);
  }
  return (
    method?.type === AST_NODE_TYPES.MemberExpression &&
    ['end', 'close'].includes(propertyName(method) ?? '') &&
    isClosingSocket(method.object, sockets)
  );
}

/** Does this awaited value settle when a socket closes (and reject with its error)? */
function isAwaitedClose(argument: Node, sockets: SocketDetector, sourceCode: SourceCode): boolean {
  const target = skipWrappers(argument);
  if (target.type === AST_NODE_TYPES.CallExpression) {
    const name = calleeName(target);
    if (name && STREAM_HELPERS.has(name)) return target.arguments.some((arg) => isClosingSocket(arg, sockets));
    // events.once(socket, 'close') rejects when the socket emits 'error' first.
    if (name === 'once' && isClosingSocket(target.arguments[0], sockets)) {
      const event = target.arguments[1] && readString(target.arguments[1], sourceCode.getScope(target));
      return event !== null && event !== undefined && CLOSE_EVENTS.has(event.value);
    }
    return isPromisifiedClose(target.callee, sockets, sourceCode);
  }
  if (
    target.type === AST_NODE_TYPES.NewExpression &&
    target.callee.type === AST_NODE_TYPES.Identifier &&
    target.callee.name === 'Promise' &&
    target.arguments[0]
  ) {
    const executor = skipWrappers(target.arguments[0]);
    if (!isFunction(executor)) return false;
    let found = false;
    visitOutsideFunctions(executor.body, (node) => {
      if (
        node.type === AST_NODE_TYPES.CallExpression &&
        node.callee.type === AST_NODE_TYPES.MemberExpression &&
        CALLBACK_METHODS.has(propertyName(node.callee) ?? '') &&
        propertyName(node.callee) !== 'write' &&
        isClosingSocket(node.callee.object, sockets)
      ) {
        found = true;
      }
    }, sourceCode);
    return found;
  }
  return false;
}
