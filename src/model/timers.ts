/**
 * The timers of a file that may hold a socket: `setInterval`/`setTimeout` with a callback of the
 * file and a handle kept somewhere (`const t = …`, `this.t = …`, `timers.set(id, …)`), what the
 * callback does with a socket, and whether the handle is handed to someone else to clear.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { ANY_IO_METHOD, contains, displayName, isIoCall, readMethodCall, referenceKey, variableOf } from '../dead-socket.js';
import { keyDeclaredWithin } from '../listeners.js';
import type { SocketMatch } from '../socket.js';
import { enclosingFunction, type FunctionNode, isFunction, propertyName, skipWrappers } from './ast.js';
import { visitChildren } from './classes.js';
import { resolveFunction } from './functions.js';
import { keysReconnectedOnDeath } from './close-calls.js';
import { keyAliases, keyedCopies } from './key-aliases.js';
import { resourceNodes } from './resource-walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
export type SocketMatcher = (node: TSESTree.Node) => SocketMatch | undefined;

export interface Timer {
  call: TSESTree.CallExpression;
  kind: 'setInterval' | 'setTimeout';
  handleKey: string;
  handleText: string;
  /** `const heartbeat = setInterval(…)`: the declaration the autofix inserts after. */
  declaration: TSESTree.VariableDeclaration | undefined;
  handleVariable: TSESLint.Scope.Variable | undefined;
  callback: FunctionNode;
}

export interface TimerUse {
  socket: TSESTree.Expression;
  socketKey: string;
  io: boolean;
  rearms: boolean;
  /** The socket was found in a method the callback calls (`() => this.ping()`), not in the callback. */
  followed: boolean;
}

/**
 * The global function `node` calls, when it is one of `names`: `setInterval(…)`,
 * `globalThis.setInterval(…)`, `timers.setInterval(…)`, not a local function of that name.
 */
export function isGlobalCall(node: TSESTree.CallExpression, names: readonly string[], sourceCode: SourceCode): string | undefined {
  const callee = skipWrappers(node.callee);
  let name: string | undefined;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    if (!names.includes(callee.name)) return undefined;
    const variable = variableOf(callee, sourceCode);
    if (variable && variable.defs.length > 0) return undefined; // a local function of that name
    name = callee.name;
  } else if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier) {
    // The name first: most calls are methods of other things (`socket.write`), and the object is a scope lookup.
    name = propertyName(callee);
    if (name === undefined || !names.includes(name)) return undefined;
    const object = callee.object.name;
    if (object !== 'globalThis' && object !== 'global' && object !== 'timers' && !isTimersModule(callee.object, sourceCode)) return undefined;
  }
  return name !== undefined && names.includes(name) ? name : undefined;
}

const TIMERS_MODULES = new Set(['timers', 'node:timers']);

/** `Timers` in `const Timers = require('timers')` or `import * as Timers from 'node:timers'`. */
function isTimersModule(identifier: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = variableOf(identifier, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return false;
  if (def.node.type === AST_NODE_TYPES.ImportNamespaceSpecifier || def.node.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
    return TIMERS_MODULES.has(String(def.node.parent.source.value));
  }
  if (def.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return false;
  const init = skipWrappers(def.node.init);
  if (init.type !== AST_NODE_TYPES.CallExpression || init.callee.type !== AST_NODE_TYPES.Identifier || init.callee.name !== 'require') return false;
  const [source] = init.arguments;
  return source?.type === AST_NODE_TYPES.Literal && typeof source.value === 'string' && TIMERS_MODULES.has(source.value);
}

/** The key of a timer handle: `M.get(k)`, `O[k]` name an entry of a collection, keyed by the collection. */
export function handleKeyOf(node: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.CallExpression) {
    const method = readMethodCall(target);
    if (method?.name === 'get') {
      const key = referenceKey(method.object, sourceCode);
      return key === undefined ? undefined : `${key}[]`;
    }
    return undefined;
  }
  if (target.type === AST_NODE_TYPES.MemberExpression && target.computed) {
    const key = referenceKey(target.object, sourceCode);
    return key === undefined ? undefined : `${key}[]`;
  }
  return referenceKey(target, sourceCode);
}

const timerCache = new WeakMap<TSESTree.Program, readonly Timer[]>();

/** The file's timers with a callback of the file and a kept handle, in source order. */
export function timersOf(sourceCode: SourceCode): readonly Timer[] {
  let timers = timerCache.get(sourceCode.ast);
  if (!timers) {
    const found: Timer[] = [];
    for (const node of resourceNodes(sourceCode).nodes) {
      const timer = node.type === AST_NODE_TYPES.CallExpression ? readTimer(node, sourceCode) : undefined;
      if (timer) found.push(timer);
    }
    timers = found;
    timerCache.set(sourceCode.ast, timers);
  }
  return timers;
}

function readTimer(node: TSESTree.CallExpression, sourceCode: SourceCode): Timer | undefined {
  const kind = isGlobalCall(node, ['setInterval', 'setTimeout'], sourceCode) as Timer['kind'] | undefined;
  if (!kind) return undefined;
  const [first] = node.arguments;
  const callback = first && first.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(first, sourceCode) : undefined;
  if (!callback) return undefined;
  // Where the handle goes: `const t = …`, `this.t = …`, `timers.set(id, …)`, possibly through `.unref()`.
  const value = throughRefCalls(node);
  const parent = value.parent;
  let handleKey: string | undefined;
  let handleNode: TSESTree.Node | undefined;
  let declaration: TSESTree.VariableDeclaration | undefined;
  let handleVariable: TSESLint.Scope.Variable | undefined;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
    handleKey = referenceKey(parent.id, sourceCode);
    handleNode = parent.id;
    handleVariable = sourceCode.getDeclaredVariables(parent)[0];
    if (parent.parent.kind === 'const' && parent.parent.declarations.length === 1 && value === node) declaration = parent.parent;
  } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value && parent.operator === '=') {
    handleKey = handleKeyOf(parent.left, sourceCode);
    handleNode = parent.left;
  } else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((argument) => argument === value)) {
    const method = readMethodCall(parent);
    if ((method?.name === 'set' && parent.arguments[1] === value) || method?.name === 'push') {
      const key = referenceKey(method.object, sourceCode);
      handleKey = key === undefined ? undefined : `${key}[]`;
      handleNode = method.object;
    }
  }
  if (handleKey === undefined || !handleNode) return undefined;
  return { call: node, kind, handleKey, handleText: displayName(handleNode, sourceCode), declaration, handleVariable, callback };
}

/** The timer's value as the code keeps it: `setInterval(…)` itself, or the `.unref()` / `.ref()` calls chained on it (they return the timer). */
export function throughRefCalls(timer: TSESTree.CallExpression): TSESTree.Node {
  let value: TSESTree.Node = timer;
  while (value.parent?.type === AST_NODE_TYPES.MemberExpression && value.parent.object === value) {
    const name = propertyName(value.parent);
    const call: TSESTree.Node | undefined = value.parent.parent;
    if ((name !== 'unref' && name !== 'ref') || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== value.parent) break;
    value = call;
  }
  return value;
}

const byRootCache = new WeakMap<TSESTree.Program, Map<string, Timer>>();

/** The first timer whose handle is `key` or another name for it. */
export function timerOfHandle(sourceCode: SourceCode, key: string): Timer | undefined {
  const aliases = keyAliases(sourceCode);
  let index = byRootCache.get(sourceCode.ast);
  if (!index) {
    index = new Map();
    for (const timer of timersOf(sourceCode)) {
      const root = aliases.root(timer.handleKey);
      if (!index.has(root)) index.set(root, timer);
    }
    byRootCache.set(sourceCode.ast, index);
  }
  return index.get(aliases.root(key));
}

/** Answers per socket matcher: what a socket is depends on the rule's options. */
const useCache = new WeakMap<SocketMatcher, Map<Timer, TimerUse | undefined>>();

/** What the timer's callback does with a socket: the first socket it uses, I/O on it, re-arming. */
export function timerUse(timer: Timer, matchSocket: SocketMatcher, sourceCode: SourceCode): TimerUse | undefined {
  let uses = useCache.get(matchSocket);
  if (!uses) useCache.set(matchSocket, (uses = new Map<Timer, TimerUse | undefined>()));
  if (!uses.has(timer)) uses.set(timer, findTimerUse(timer, matchSocket, sourceCode));
  return uses.get(timer);
}

/** How many same-file calls deep a timer's callback is followed to find the socket it uses. */
const USE_DEPTH = 2;

function findTimerUse(timer: Timer, matchSocket: SocketMatcher, sourceCode: SourceCode): TimerUse | undefined {
  let use: TimerUse | undefined;
  let rearms = false;
  let io = false;
  const timerFunction = enclosingFunction(timer.call);
  const seen = new Set<TSESTree.Node>([timer.callback]);
  /** Names the callback gives a new value first (`this.socket = net.connect(…)` to reconnect): later uses are of that one. */
  const replaced = new Set<string>();
  const visit = (node: TSESTree.Node, depth: number): void => {
    if (depth === 0 && node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
      const key = referenceKey(node.left, sourceCode);
      if (key !== undefined) replaced.add(key);
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      // The callee is resolved only where it can matter (re-arming, a method of `this` to follow).
      let callee: FunctionNode | undefined | null = null;
      const resolved = (): FunctionNode | undefined => (callee === null ? (callee = resolveFunction(node.callee, sourceCode)) : callee);
      if (depth === 0 && !rearms) {
        if (isGlobalCall(node, ['setTimeout', 'setInterval'], sourceCode)) rearms = true;
        else if (timerFunction && resolved() === timerFunction) rearms = true;
      }
      const method = readMethodCall(node);
      // Once the socket is found, only I/O it has not seen yet can change the answer.
      // In a called function only `this.x` names the same socket as the caller's `this.x`, and only
      // I/O or closing it is a use (a method that registers listeners sets up a new connection).
      const followedUse = depth === 0 || (method !== undefined && isThisMember(method.object) && (ANY_IO_METHOD.has(method.name) || method.name === 'destroy'));
      if (method && (!use || (!io && ANY_IO_METHOD.has(method.name))) && followedUse) {
        const socket = matchSocket(method.object);
        const socketKey = socket ? referenceKey(method.object, sourceCode) : undefined;
        // A name of one run of the callback (`primus.forEach((spark) => spark.socket.ping())`): a
        // timer over every connection, not one a socket's close should clear.
        const perRun = socketKey !== undefined && keyDeclaredWithin(keyAliases(sourceCode).root(socketKey), timer.callback);
        if (socket && socketKey !== undefined && !replaced.has(socketKey) && !perRun) {
          use ??= { socket: method.object, socketKey, io: false, rearms: false, followed: depth > 0 };
          if (isIoCall(method, socket.kind, sourceCode)) io = true;
        }
      }
      // `() => this.disconnect()`: the method that ends `this.socket` runs when the timer fires.
      if (depth < USE_DEPTH && isThisMethodCall(node)) {
        const method = resolved();
        if (method && method !== timerFunction && !seen.has(method)) {
          seen.add(method);
          visit(method.body, depth + 1);
        }
      }
    }
    // In a called method, what its callbacks do runs later, not when the timer fires.
    visitChildren(node, (child) => (depth > 0 && isFunction(child) ? undefined : visit(child, depth)), sourceCode);
  };
  visit(timer.callback.body, 0);
  return use ? { ...use, io, rearms } : undefined;
}

/**
 * Is the timer made in the run that also makes `node` (the registration of a socket's listener):
 * in the same function, or in one around it (`const stats = setInterval(…)` in a connection handler,
 * the listener added in a callback of it)? A timer made elsewhere, at the module's top or in a
 * method that starts the application (`this.watchdog = setInterval(…)` beside a `connect()` that
 * is called again on every reconnect), is made once for many sockets.
 */
export function madeAround(timer: Timer, node: TSESTree.Node): boolean {
  const made = enclosingFunction(timer.call);
  const registered = enclosingFunction(node);
  return made === registered || (made !== undefined && registered !== undefined && contains(made, registered));
}

/** `this.x`, the receiver a method shares with the function that calls it. */
function isThisMember(node: TSESTree.Node): boolean {
  const target = skipWrappers(node);
  return target.type === AST_NODE_TYPES.MemberExpression && skipWrappers(target.object).type === AST_NODE_TYPES.ThisExpression;
}

/** `this.method(…)`: a method of the same instance, so its `this.x` is the caller's. */
function isThisMethodCall(call: TSESTree.CallExpression): boolean {
  return isThisMember(call.callee);
}

/** The handle is returned or handed to another function: whoever gets it owns clearing it. */
export function handedOn(timer: Timer, sourceCode: SourceCode): boolean {
  if (!timer.handleVariable) return false;
  return timer.handleVariable.references.some((reference) => {
    const parent = reference.identifier.parent;
    if (!parent || reference.init) return false;
    if (parent.type === AST_NODE_TYPES.ReturnStatement) return true;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === reference.identifier) return true;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((argument) => argument === reference.identifier)) {
      return !isGlobalCall(parent, ['clearInterval', 'clearTimeout'], sourceCode);
    }
    return false;
  });
}

/**
 * A timer kept on an object (`this.rateInterval`) whose socket field the object reconnects when
 * it dies, set outside the functions that open that socket: it belongs to the object, which
 * outlives each socket, not to the socket that closed (src/model/close-calls.ts).
 */
export function ownedByReconnectingObject(timer: Timer, socketKey: string, sourceCode: SourceCode): boolean {
  if (!timer.handleKey.includes('.') || !keysReconnectedOnDeath(sourceCode).has(socketKey)) return false;
  const timerFunction = enclosingFunction(timer.call);
  return !keyedCopies(sourceCode).some(({ node, target }) => target === socketKey && enclosingFunction(node) === timerFunction);
}
