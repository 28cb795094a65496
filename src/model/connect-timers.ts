/**
 * Connect and handshake timeouts that outlive a socket which failed: a one-shot `setTimeout` armed
 * in the function that registers the socket's success listener ('connect', 'secureConnect',
 * 'ready', 'data', a ws WebSocket's 'open') and cleared in that listener, but in none of the listeners a failing socket runs
 * ('error', 'end', 'close', 'timeout') nor in what they call. Also what the timer's callback does
 * when it fires after the socket died.
 *
 * Measured on Node 20 over 127.0.0.1 (test/live/cleanup-dead-socket.live.test.ts): a refused
 * connect emits 'error' then 'close'; a socket destroyed before it connects emits only 'close'; a
 * peer that closes or resets before sending anything gives 'connect', then 'end' or 'error', then
 * 'close', never 'data'; a refused ws WebSocket emits 'error' then 'close', never 'open'. The
 * success event never comes, so a timer cleared only there fires later.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { emitterKey, readMethodCall, referenceKey } from '../dead-socket.js';
import { variableOf } from './dead-socket.js';
import { keyDeclaredWithin, type ListenerCall, stripListenerChain } from '../listeners.js';
import { enclosingFunction, type FunctionNode, isPromiseExecutor, propertyName, skipWrappers } from './ast.js';
import { classBodyOf, classMembers, holdsThis, visitChildren, visitOutsideFunctions } from './classes.js';
import { fileListeners } from './file-nodes.js';
import { listenerFacts, listenerAround, listenerReach } from './close-reach.js';
import { resolveFunction } from './functions.js';
import { optionListenerAround, optionListeners } from './option-listeners.js';
import { releaseIndex, releasesOf } from './releases.js';
import { resourceNodes } from './resource-walk.js';
import { usedAsSocket } from './socket-evidence.js';
import { type Timer, timersOf } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Events that say the connection came up (or spoke): a connect timeout is cleared there. */
const SUCCESS_EVENTS = new Set(['connect', 'secureConnect', 'ready', 'data', 'open']);
/** Events a socket that fails emits instead (and the idle 'timeout' after which callers destroy it). */
const FAILURE_EVENTS: ReadonlySet<string> = new Set(['error', 'end', 'close', 'timeout']);

export interface ConnectTimer {
  timer: Timer;
  /** The success listener that clears the timer (its target is the socket). */
  success: ListenerCall;
  socketKey: string;
}

const cache = new WeakMap<TSESTree.Program, readonly ConnectTimer[]>();

/** The file's one-shot timers cleared on a socket's success event and on none of its failure events. */
export function connectTimersOf(sourceCode: SourceCode): readonly ConnectTimer[] {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const found: ConnectTimer[] = [];
  for (const timer of timersOf(sourceCode)) {
    if (timer.kind !== 'setTimeout') continue;
    const connect = successClear(timer, sourceCode);
    if (connect && !clearedOnFailure(timer, connect.socketKey, sourceCode)) found.push(connect);
  }
  cache.set(sourceCode.ast, found);
  return found;
}

/** The success listener, registered where the timer is armed, that clears it. */
function successClear(timer: Timer, sourceCode: SourceCode): ConnectTimer | undefined {
  const armedIn = enclosingFunction(timer.call);
  const listeners = listenerFacts(sourceCode).byFunction;
  for (const release of releasesOf(sourceCode, timer.handleKey)) {
    if (!release.timer) continue;
    // A listener registered on the socket, or given as an option to the call that makes it.
    const fn = listenerAround(release.node, sourceCode) ?? optionListenerAround(release.node, sourceCode);
    const listener = (fn && (listeners.get(fn) ?? optionListeners(sourceCode).byFunction.get(fn))) ?? connectCallbackAround(release.node);
    if (!listener || !SUCCESS_EVENTS.has(listener.event) || enclosingFunction(listener.call) !== armedIn) continue;
    const socketKey = emitterKey(listener.target, sourceCode);
    if (socketKey !== undefined) return { timer, success: listener, socketKey };
  }
  return undefined;
}

/**
 * `socket.connect(port, host, () => { clearTimeout(t); … })`: Node adds the last argument of
 * `connect()` as a one-time 'connect' listener of the socket, as a listener call on it.
 */
function connectCallbackAround(node: TSESTree.Node): ListenerCall | undefined {
  const fn = enclosingFunction(node);
  const call = fn?.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== fn) return undefined;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'connect') return undefined;
  // `this.device.on('error', f).connect(port, host, cb)`: the socket the chain starts from.
  return { call, target: stripListenerChain(callee.object) as TSESTree.Expression, method: 'connect', event: 'connect', listener: fn };
}

/**
 * Is the timer cleared in a failure listener of the socket, or in what one calls? A handle held in
 * a local variable is cleared only from inside the function that declares it: a failure path that
 * calls that function again (`onError → reconnect() → init()`, with `clearTimeout(timer)` in
 * init's connect callback) runs it anew, with a new `timer`, and clears that one.
 */
function clearedOnFailure(timer: Timer, socketKey: string, sourceCode: SourceCode): boolean {
  const reach = listenerReach(sourceCode, socketKey, FAILURE_EVENTS);
  const runners = releaseIndex(sourceCode).runners;
  return releasesOf(sourceCode, timer.handleKey).some((release) => release.timer && runners.get(release)!.some((fn) => reach.has(fn) && !keyDeclaredWithin(timer.handleKey, fn)));
}

/** Makes the socket of a Node module call (`net.connect(…)`), from syntax: the detector's `createdBy`. */
export type SocketMaker = (node: TSESTree.CallExpression | TSESTree.NewExpression) => unknown;

/**
 * Does `this.x` hold a socket in at least one of the values its class assigns (`this.stream =
 * net.connect(…)` in one branch, `this.stream = options.stream` in another; `_this.stream =
 * stream` in a connect callback, where the file sets `stream`'s no-delay or keep-alive)? The
 * detector answers only when every value is a socket; for a connect timeout that is too strict: a
 * stream handed in by the caller fails the same way (no success event, then 'error' or 'close').
 */
export function mayHoldNodeSocket(node: TSESTree.Node, createdBy: SocketMaker, sourceCode: SourceCode): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.object.type !== AST_NODE_TYPES.ThisExpression) return false;
  const name = propertyName(target);
  const body = classBodyOf(target);
  const member = name === undefined || !body ? undefined : classMembers(body, sourceCode).get(name)?.values;
  if (member?.some((value) => madeByNode(value, createdBy))) return true;
  // Also through another name for `this` (`const _this = this`), and in pre-ES2015 classes.
  const key = referenceKey(target, sourceCode);
  if (key === undefined) return false;
  const usedLikeSocket = (value: TSESTree.Node): boolean => {
    if (madeByNode(value, createdBy)) return true;
    const key = referenceKey(value, sourceCode);
    return key !== undefined && usedAsSocket(sourceCode, (candidate) => candidate === key, () => false);
  };
  return usedAsSocket(sourceCode, (candidate) => candidate === key, usedLikeSocket);
}

function madeByNode(value: TSESTree.Node, createdBy: SocketMaker): boolean {
  const made = skipWrappers(value);
  return (made.type === AST_NODE_TYPES.CallExpression || made.type === AST_NODE_TYPES.NewExpression) && createdBy(made) !== undefined;
}

/** What a late callback does that matters once the socket is gone. */
export type AfterDeath = 'error' | 'kill';

/** How many same-file calls deep the callback is followed. */
const EFFECT_DEPTH = 3;
/** Calls that close a connection (a wrapper's `disconnect()`, a request's `abort()`). */
const KILL_METHODS = new Set(['destroy', 'end', 'abort', 'disconnect', 'close', 'resetAndDestroy', 'terminate']);

const effectCache = new WeakMap<FunctionNode, AfterDeath | null>();

/**
 * What `fn` does, directly or through the functions and methods of the file it calls: emits
 * 'error' (`emit('error', …)`, `this.stream.destroy(err)`) or closes a connection the instance
 * holds and a method replaces (`this.stream.destroy()` where `connect()` assigns `this.stream`):
 * after a reconnect that is the new connection. Closing a socket that nothing replaces again is
 * a no-op, and does not count.
 */
export function afterDeathEffect(fn: FunctionNode, sourceCode: SourceCode): AfterDeath | undefined {
  const cached = effectCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let effect: AfterDeath | undefined;
  const seen = new Set<TSESTree.Node>([fn]);
  const visit = (node: TSESTree.Node, depth: number): void => {
    if (effect === 'error') return;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const found = callEffect(node, sourceCode);
      if (found === 'error' || (found && !effect)) effect = found;
      const callee = resolveFunction(node.callee, sourceCode);
      if (callee && depth < EFFECT_DEPTH && !seen.has(callee)) {
        seen.add(callee);
        visit(callee.body, depth + 1);
      }
    }
    visitChildren(node, (child) => visit(child, depth), sourceCode);
  };
  visit(fn.body, 0);
  effectCache.set(fn, effect ?? null);
  return effect;
}

function callEffect(call: TSESTree.CallExpression, sourceCode: SourceCode): AfterDeath | undefined {
  const method = readMethodCall(call);
  if (method) {
    const [first] = call.arguments;
    if (method.name === 'emit' && first?.type === AST_NODE_TYPES.Literal && first.value === 'error') return 'error';
    // A socket that is not replaced is dead already: destroying it again, even with an error, is
    // a no-op. One a method assigns anew (a reconnect) may be the next, healthy connection.
    if (!KILL_METHODS.has(method.name) || !isReplaceable(method.object, sourceCode)) return undefined;
    return method.name === 'destroy' && first && !isNullishLiteral(first) ? 'error' : 'kill';
  }
  return undefined;
}

/** `this.x` (or `self.x`) where a method other than the constructor assigns `this.x`: a reconnect. */
function isReplaceable(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression || !isInstanceHeld(target.object, sourceCode)) return false;
  const name = propertyName(target);
  return name !== undefined && reassignedInMethods(sourceCode).has(name);
}

const reassignedCache = new WeakMap<TSESTree.Program, Set<string>>();

/** The names `x` of `this.x = …` (or `self.x = …`) written in a class or prototype method, not a constructor. */
function reassignedInMethods(sourceCode: SourceCode): Set<string> {
  let names = reassignedCache.get(sourceCode.ast);
  if (names) return names;
  names = new Set();
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=' || !inMethod(node)) continue;
    const left = skipWrappers(node.left);
    if (left.type !== AST_NODE_TYPES.MemberExpression || !isInstanceHeld(left.object, sourceCode)) continue;
    const name = propertyName(left);
    if (name !== undefined) names.add(name);
  }
  reassignedCache.set(sourceCode.ast, names);
  return names;
}

/**
 * Is `node` in a class method (not the constructor) or a method given to `X.prototype.y` or an
 * object, callbacks inside one included (`connect() { dial((err, s) => { this.socket = s; }) }`)?
 */
function inMethod(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.MethodDefinition) return current.kind !== 'constructor';
    if (current.type !== AST_NODE_TYPES.FunctionExpression) continue;
    const holder = current.parent;
    if (holder.type === AST_NODE_TYPES.Property) return true;
    if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.left.type === AST_NODE_TYPES.MemberExpression) return true;
  }
  return false;
}

function isNullishLiteral(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Literal && node.value === null) || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
}

/** `this`, `self` (`var self = this`), or a property of either: state that outlives one connection. */
function isInstanceHeld(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  let target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.MemberExpression) target = target.object;
  return holdsThis(target, sourceCode);
}

/** Is the name imported, or a `const` required from a module (`const { enhanceError } = require('./errors')`)? */
function fromModule(def: TSESLint.Scope.Definition): boolean {
  if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) return true;
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
  let init = skipWrappers(def.node.init);
  if (init.type === AST_NODE_TYPES.MemberExpression) init = skipWrappers(init.object);
  return init.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.Identifier && init.callee.name === 'require';
}

/**
 * A function the timer's callback calls that a failure listener of the socket calls too
 * (`setTimeout(() => cb(new Error('timeout')), ms)` beside `socket.on('error', cb)` or
 * `socket.on('error', (err) => cb(err))`): after a refused connect it runs twice, the second time
 * with a timeout that never happened (measured: cleanup-dead-socket.live.test.ts). Its name. Only a
 * function of the file or a callback it is given: not a promise's `resolve`/`reject` (the failure
 * listener settled the promise, and a second call does nothing), nor a helper of another module.
 */
export function repeatedCall({ timer, socketKey }: ConnectTimer, sourceCode: SourceCode): string | undefined {
  // A promise's `resolve`/`reject` called a second time does nothing: the first settled it. A
  // helper of another module (`enhanceError(err)`, imported or required) builds a value, no answer.
  const answers = (variable: TSESLint.Scope.Variable): boolean =>
    variable.defs.length > 0 && variable.defs.every((def) => !(def.type === TSESLint.Scope.DefinitionType.Parameter && isPromiseExecutor(def.node)) && !fromModule(def));
  const variableAt = (node: TSESTree.Node): TSESLint.Scope.Variable | undefined => {
    const variable = node.type === AST_NODE_TYPES.Identifier ? variableOf(node, sourceCode) : undefined;
    return variable && answers(variable) ? variable : undefined;
  };
  const calledIn = (fn: FunctionNode): Set<TSESLint.Scope.Variable> => {
    const called = new Set<TSESLint.Scope.Variable>();
    visitOutsideFunctions(fn.body, (node) => {
      const variable = node.type === AST_NODE_TYPES.CallExpression ? variableAt(skipWrappers(node.callee)) : undefined;
      if (variable) called.add(variable);
    }, sourceCode);
    return called;
  };
  const byTimer = calledIn(timer.callback);
  if (byTimer.size === 0) return undefined;
  for (const listener of fileListeners(sourceCode)) {
    if (!FAILURE_EVENTS.has(listener.event) || !listener.listener || referenceKey(listener.target, sourceCode) !== socketKey) continue;
    const given = skipWrappers(listener.listener);
    const direct = variableAt(given);
    if (direct && byTimer.has(direct)) return direct.name;
    if (given.type !== AST_NODE_TYPES.ArrowFunctionExpression && given.type !== AST_NODE_TYPES.FunctionExpression) continue;
    for (const variable of calledIn(given)) if (byTimer.has(variable)) return variable.name;
  }
  return undefined;
}
