/**
 * `end(cb)` whose callback alone settles a promise, on a socket another function of the file
 * destroys without an error: which of them can wait for ever?
 *
 * Measured on Node 20 (test/live/cleanup-dead-socket.live.test.ts): once a socket was destroyed
 * without an error (`destroy()`), a later `end(cb)` never calls `cb`, in the same turn or any
 * later one; after a reset (`cb` gets ECONNRESET or ERR_STREAM_DESTROYED), after the peer's FIN
 * (ERR_STREAM_ALREADY_FINISHED), and when `destroy()` comes while the end is pending
 * (ERR_STREAM_DESTROYED), `cb` does run. So only a `destroy()` that can come before the `end()`
 * matters: one in another function (a `destroy` method, a timeout handler), not in the socket's own
 * 'error' or 'close' listener (the socket is errored or finished by then), and not in the function
 * that calls `end()` (there it is the fallback of a pending end), and not one followed by a new
 * value for the same name (`this.socket = null`: then a presence test does tell).
 *
 * An `end()` after a test that reads anything but the socket's presence (`if (socket.destroyed)
 * return`, `if (!this.open)`) is trusted; a bare `socket ? socket.end(r) : r()` is not, since a
 * destroyed socket still passes it.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { boundCall, calleeMember, enclosingFunction, type FunctionNode, isFunction, outermost, runningFunction, skipWrappers } from './ast.js';
import { DETACHING_METHODS, LISTEN_METHODS } from './node-api.js';
import { destroyedNext } from './close-calls.js';
import { listenerFacts, usedLikeSocket } from './close-reach.js';
import { contains, emitterKey, readMethodCall, referenceKey, variableOf } from './dead-socket.js';
import { fileNodes } from './file-nodes.js';
import { isPromiseSettler, namingReferences } from './functions.js';
import { visitOutsideFunctions } from './handler-sinks.js';
import { keyAliases } from './key-aliases.js';
import { prototypeMethodReads } from './prototypes.js';
import { isGlobalCall, type SocketMatcher } from './timers.js';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

export interface StrandedEnd {
  /** The `end(cb)` call. */
  call: TSESTree.CallExpression;
  /** Its socket. */
  object: TSESTree.Expression;
  /** A `destroy()` of the same socket that can come first. */
  destroy: TSESTree.CallExpression;
}

const cache = new WeakMap<TSESTree.Program, readonly StrandedEnd[]>();

/** `end(cb)` calls whose callback settles a promise and that a plain `destroy()` elsewhere can strand. */
export function strandedEnds(sourceCode: SourceCode): readonly StrandedEnd[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: StrandedEnd[] = [];
  const candidates = listenerFacts(sourceCode).endCalls.filter((call) => settlesPromise(call, sourceCode) && !settledByTimer(call, sourceCode));
  if (candidates.length > 0) {
    const destroys = plainDestroys(sourceCode);
    const aliases = keyAliases(sourceCode);
    for (const call of candidates) {
      const object = readMethodCall(call)!.object;
      const key = referenceKey(object, sourceCode);
      if (key === undefined) continue;
      const owner = runningFunction(call);
      const destroy = destroys.find((entry) => aliases.same(entry.key, key) && !(owner && contains(owner, entry.call)));
      if (!destroy || guarded(call, key, sourceCode)) continue;
      found.push({ call, object, destroy: destroy.call });
    }
  }
  cache.set(sourceCode.ast, found);
  return found;
}

/** The last argument of `end(…)` is the resolve/reject of an enclosing `new Promise` executor, or a function that calls one. */
function settlesPromise(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const last = call.arguments.at(-1);
  if (!last || last.type === AST_NODE_TYPES.SpreadElement) return false;
  if (last.type === AST_NODE_TYPES.Identifier) return isPromiseSettler(last, sourceCode);
  if (!isFunction(last)) return false;
  let settles = false;
  visitOutsideFunctions(last.body, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && isPromiseSettler(node.callee, sourceCode)) settles = true;
  }, sourceCode);
  return settles;
}

/**
 * Does a timer of the Promise executor around `call` settle the promise too (`setTimeout(resolve,
 * maxWait)`, or a callback that calls `resolve()`)? Then the promise does not wait on `end()` alone.
 */
function settledByTimer(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  let executor = enclosingFunction(call);
  while (executor && !(executor.parent?.type === AST_NODE_TYPES.NewExpression && executor.parent.arguments[0] === executor)) executor = enclosingFunction(executor);
  if (!executor) return false;
  const ownSettler = (node: Node): boolean =>
    node.type === AST_NODE_TYPES.Identifier && isPromiseSettler(node, sourceCode) && variableOf(node, sourceCode)?.defs[0]?.node === executor;
  let found = false;
  visitOutsideFunctions(executor.body, (node) => {
    if (found || node.type !== AST_NODE_TYPES.CallExpression || !isGlobalCall(node, ['setTimeout'], sourceCode)) return;
    const first = node.arguments[0];
    if (!first || first.type === AST_NODE_TYPES.SpreadElement) return;
    if (ownSettler(first)) found = true;
    else if (isFunction(first)) {
      visitOutsideFunctions(first.body, (inner) => {
        if (inner.type === AST_NODE_TYPES.CallExpression && ownSettler(inner.callee)) found = true;
      }, sourceCode);
    }
  }, sourceCode);
  return found;
}

/** `x.destroy()` without an error, outside the socket's own 'error' and 'close' listeners. */
function plainDestroys(sourceCode: SourceCode): { call: TSESTree.CallExpression; key: string }[] {
  const listeners = listenerFacts(sourceCode).byFunction;
  const found: { call: TSESTree.CallExpression; key: string }[] = [];
  for (const call of fileNodes(sourceCode).calls) {
    const method = readMethodCall(call);
    if (method?.name !== 'destroy' || call.arguments.length > 0) continue;
    const key = referenceKey(method.object, sourceCode);
    if (key === undefined) continue;
    // The function the call is in (not one around it: a method defined in a listener runs later).
    const fn = enclosingFunction(call);
    const event = fn && listeners.get(fn)?.event;
    if (event === 'error' || event === 'close' || (fn && reassignedAfter(call, key, fn, sourceCode))) continue;
    found.push({ call, key });
  }
  return found;
}

/** `this.socket.destroy(); this.socket = null` (or a new socket): the name no longer holds the destroyed one. */
function reassignedAfter(call: TSESTree.CallExpression, key: string, fn: FunctionNode, sourceCode: SourceCode): boolean {
  let reassigned = false;
  visitOutsideFunctions(fn.body, (node) => {
    if (reassigned || node.type !== AST_NODE_TYPES.AssignmentExpression || node.range[0] < call.range[1]) return;
    reassigned = referenceKey(node.left, sourceCode) === key;
  }, sourceCode);
  return reassigned;
}

/**
 * Is a test on the way to the `end()` (before it in its function, and in the caller of a Promise executor)
 * more than the socket's presence: a property of it, a flag, a call?
 */
function guarded(call: TSESTree.CallExpression, key: string, sourceCode: SourceCode): boolean {
  const caller = runningFunction(call);
  for (let fn = enclosingFunction(call); fn; fn = fn === caller ? undefined : enclosingFunction(fn)) {
    let found = false;
    visitOutsideFunctions(fn.body, (node) => {
      if (found || node.range[0] >= call.range[0]) return;
      const test = testOf(node);
      if (test && !presenceOnly(test, key, sourceCode)) found = true;
    }, sourceCode);
    if (found) return true;
  }
  return false;
}

function testOf(node: Node): Node | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.WhileStatement:
      return node.test;
    case AST_NODE_TYPES.LogicalExpression:
      return node.left;
    default:
      return undefined;
  }
}

/** `socket`, `!socket`, `socket == null`: the test reads only whether the socket is there. */
function presenceOnly(test: Node, key: string, sourceCode: SourceCode): boolean {
  let value = skipWrappers(test);
  while (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === '!') value = skipWrappers(value.argument);
  if (value.type === AST_NODE_TYPES.BinaryExpression && ['==', '===', '!=', '!=='].includes(value.operator)) {
    const other = skipWrappers(value.right);
    const nullish = (other.type === AST_NODE_TYPES.Literal && other.value === null) || (other.type === AST_NODE_TYPES.Identifier && other.name === 'undefined');
    if (!nullish) return false;
    value = skipWrappers(value.left);
  }
  if (value.type !== AST_NODE_TYPES.Identifier && value.type !== AST_NODE_TYPES.MemberExpression) return false;
  return referenceKey(value, sourceCode) === key;
}

/**
 * `end()` on a socket inside that socket's own 'error' listener (or another name for it), where the
 * socket is destroyed already (Node destroys a socket before it emits 'error'): the call that
 * `matchSocket` says is on a socket, or on an object the file configures like one (usedLikeSocket).
 */
export function endsInOwnErrorListener(sourceCode: SourceCode, matchSocket: SocketMatcher): TSESTree.CallExpression[] {
  const facts = listenerFacts(sourceCode);
  return facts.endCalls.filter((call) => {
    const fn = enclosingFunction(call);
    const listener = fn && facts.byFunction.get(fn);
    if (!listener || listener.event !== 'error' || runsElsewhere(fn, sourceCode)) return false;
    const object = readMethodCall(call)!.object;
    const key = referenceKey(object, sourceCode);
    const target = emitterKey(listener.target, sourceCode);
    // The aliases are read only here: most files end no socket in an 'error' listener.
    // `end(); destroy();`: the destroy right after does what the socket needs, the end() is harmless.
    if (key === undefined || destroyedNext(call, key, sourceCode)) return false;
    return target !== undefined && keyAliases(sourceCode).same(key, target) && usedLikeSocket(object, matchSocket, sourceCode);
  });
}

/**
 * Is `fn` a named function or a method the file also runs in other ways than as a listener (`close()`
 * runs `kill()` from a timer, where `end()` still flushes)? Registering it, or taking it off, as a
 * listener of any event is no other run. Read by its names: the function's own, or `this.kill` of a
 * prototype method.
 */
function runsElsewhere(fn: FunctionNode, sourceCode: SourceCode): boolean {
  const named = namingReferences(fn, sourceCode);
  const reads: TSESTree.Node[] = named
    ? named.map((reference) => reference.identifier)
    : fn.type === AST_NODE_TYPES.FunctionExpression || fn.type === AST_NODE_TYPES.ArrowFunctionExpression
      ? prototypeMethodReads(fn, sourceCode)
      : [];
  return reads.some((read) => {
    const value: TSESTree.Node = boundCall(outermost(read)) ?? outermost(read);
    const holder = value.parent;
    if (holder?.type !== AST_NODE_TYPES.CallExpression || holder.callee === value) return holder?.type === AST_NODE_TYPES.CallExpression;
    const method = calleeMember(holder)?.name;
    return method === undefined || !(LISTEN_METHODS.has(method) || DETACHING_METHODS.has(method));
  });
}
