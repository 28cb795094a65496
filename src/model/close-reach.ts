/**
 * Which functions of the file run when a socket closes: its 'close' listeners (by reference too,
 * and our `onSocketClose(socket, cleanup)`), a library object's own last event, the functions they
 * call (a few calls deep), and a wrapper's listeners on its own lifecycle events
 * (`this.on('end', …)`). Also which listener or `end()` callback a node runs in.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { emitterKey, listenerCallOf, readMethodCall, referenceKey } from '../dead-socket.js';
import { isHelperCall, mayUseHelpers } from '../helper-imports.js';
import { mayMention } from '../tokens.js';
import { libraryObjectOf, type LibraryObject } from '../libraries.js';
import { isLibraryDeadEvent, lastEventsOf } from './library-lifetimes.js';
import type { ListenerCall } from '../listeners.js';
import { enclosingFunction, type FunctionNode, isFunction, skipWrappers } from './ast.js';
import { resolveFunction } from './functions.js';
import { keyAliases } from './key-aliases.js';
import { optionListeners } from './option-listeners.js';
import type { SocketMatch } from './options.js';
import { addTo, resourceNodes } from './resource-walk.js';
import { UNREF_AND_WRITE, usedAsSocket } from './socket-evidence.js';
import type { SocketMatcher } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** How deep the model follows calls from a 'close' listener to the function that does the cleanup. */
const FOLLOW_DEPTH = 3;
/** Events a wrapper class emits about its own connection (cleanup hung there is the wrapper's business). */
export const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set(['close', 'end', 'finish', 'disconnect', 'disconnected', 'destroy', 'destroyed', 'exit', 'reconnecting', 'error', 'timeout']);

export interface EndCallback {
  call: TSESTree.CallExpression;
  object: TSESTree.Expression;
  fn: FunctionNode;
}

export interface ListenerFacts {
  /** The function each listener call of the file runs; the first call that registers a function wins. */
  byFunction: ReadonlyMap<FunctionNode, ListenerCall>;
  /** Every registration of a function of the file, with that function: one registered for 'error' and for 'close' is both. */
  registered: readonly (readonly [FunctionNode, ListenerCall])[];
  /** Calls of our `onSocketClose(socket, cleanup)`, with the socket each watches. */
  helperCloses: readonly { call: TSESTree.CallExpression; socket: TSESTree.Expression }[];
  /** Every `x.end(…)` call, in source order. */
  endCalls: readonly TSESTree.CallExpression[];
  /** `x.end(…, () => …)`: the callback runs when the write side has finished. */
  endCallbacks: readonly EndCallback[];
  endCallbackFunctions: ReadonlySet<TSESTree.Node>;
}

interface CloseFacts extends ListenerFacts {
  closeListeners?: Map<string, FunctionNode[]>;
  reach: Map<string, Set<FunctionNode>>;
  eventReach?: Map<string, Set<FunctionNode>>;
  callsByRunner?: Map<TSESTree.Node, TSESTree.CallExpression[]>;
  /** `runnersOf` a node, by the function it is written in. */
  runnerChains?: Map<FunctionNode, readonly FunctionNode[]>;
}

const cache = new WeakMap<TSESTree.Program, CloseFacts>();

function factsOf(sourceCode: SourceCode): CloseFacts {
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const helpersUsed = mayUseHelpers(sourceCode);
  const listeners: ListenerCall[] = [];
  const helperCloses: { call: TSESTree.CallExpression; socket: TSESTree.Expression }[] = [];
  const endCalls: TSESTree.CallExpression[] = [];
  const endCallbacks: EndCallback[] = [];
  for (const node of resourceNodes(sourceCode).nodes) {
    if (node.type !== AST_NODE_TYPES.CallExpression) continue;
    let listener = listenerCallOf(node, sourceCode);
    if (!listener && helpersUsed) {
      listener = helperCloseListener(node, sourceCode.getScope(node), sourceCode);
      if (listener) helperCloses.push({ call: node, socket: listener.target });
    }
    if (listener) listeners.push(listener);
    const method = readMethodCall(node);
    if (method?.name === 'end') {
      endCalls.push(node);
      const last = node.arguments.at(-1);
      if (last && isFunction(last)) endCallbacks.push({ call: node, object: method.object, fn: last });
    }
  }
  const byFunction = new Map<FunctionNode, ListenerCall>();
  const registered: (readonly [FunctionNode, ListenerCall])[] = [];
  for (const listener of listeners) {
    const fn = listener.listener && listener.listener.type !== AST_NODE_TYPES.SpreadElement ? resolveFunction(listener.listener, sourceCode) : undefined;
    if (!fn) continue;
    registered.push([fn, listener]);
    if (!byFunction.has(fn)) byFunction.set(fn, listener);
  }
  const facts: CloseFacts = {
    byFunction,
    registered,
    helperCloses,
    endCalls,
    endCallbacks,
    endCallbackFunctions: new Set(endCallbacks.map(({ fn }) => fn)),
    reach: new Map(),
  };
  cache.set(sourceCode.ast, facts);
  return facts;
}

/**
 * `onSocketClose(socket, cleanup)` imported from our helpers registers `cleanup` as the socket's
 * 'close' listener (it also runs it when the socket closed already): read it as
 * `socket.once('close', cleanup)`. A function of the same name declared here may do anything.
 */
function helperCloseListener(node: TSESTree.CallExpression, scope: TSESLint.Scope.Scope, sourceCode: SourceCode): ListenerCall | undefined {
  const [socket, cleanup] = node.arguments;
  if (!socket || !cleanup || socket.type === AST_NODE_TYPES.SpreadElement || cleanup.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (!isHelperCall(node, 'onSocketClose', scope, sourceCode)) return undefined;
  return { call: node, target: socket, method: 'once', event: 'close', listener: cleanup };
}

/** The listeners and `end()` calls of the file. */
export function listenerFacts(sourceCode: SourceCode): ListenerFacts {
  return factsOf(sourceCode);
}

/** Functions run when the socket `key` (or another name for it) closes: its 'close' listeners and what they call. */
export function closeReach(sourceCode: SourceCode, key: string): ReadonlySet<FunctionNode> {
  const facts = factsOf(sourceCode);
  const root = keyAliases(sourceCode).root(key);
  const cached = facts.reach.get(root);
  if (cached) return cached;
  const reach = follow(closeListenersByRoot(sourceCode).get(root) ?? [], sourceCode);
  facts.reach.set(root, reach);
  return reach;
}

/**
 * The 'close' listener functions of each socket (by the root of its key), in source order. Read
 * once: a long handler has a socket, and a 'close' listener, per connection it opens.
 */
function closeListenersByRoot(sourceCode: SourceCode): Map<string, FunctionNode[]> {
  const facts = factsOf(sourceCode);
  if (facts.closeListeners) return facts.closeListeners;
  const aliases = keyAliases(sourceCode);
  const byRoot = new Map<string, FunctionNode[]>();
  for (const [fn, listener] of facts.registered) {
    // A library object's own last event counts as its 'close'; a 'close' listener of one that never
    // emits 'close' (a pg Client, a Redis client) never runs.
    if (listener.event === 'close' ? !emitsClose(listener.target, sourceCode) : !isLibraryDeadEvent(listener.target, listener.event, sourceCode)) continue;
    const target = emitterKey(listener.target, sourceCode);
    if (target === undefined) continue;
    addTo(byRoot, aliases.root(target), fn);
  }
  facts.closeListeners = byRoot;
  return byRoot;
}

/**
 * Functions run when the socket `key` (or another name for it) emits one of `events`: its listeners
 * for them and what they call. A connect timeout asks this of the events a failing socket emits
 * ('error', 'end', 'close'): cleared in none of them, it outlives the socket.
 */
export function listenerReach(sourceCode: SourceCode, key: string, events: ReadonlySet<string>): ReadonlySet<FunctionNode> {
  const facts = factsOf(sourceCode);
  const aliases = keyAliases(sourceCode);
  const root = aliases.root(key);
  const cacheKey = `${[...events].sort().join(',')}|${root}`;
  facts.eventReach ??= new Map();
  const cached = facts.eventReach.get(cacheKey);
  if (cached) return cached;
  const roots: FunctionNode[] = [];
  // Also the listeners given as options to the call that made the socket (`createSocket({ onEnd })`).
  for (const [fn, listener] of [...facts.registered, ...optionListeners(sourceCode).byFunction]) {
    if (!events.has(listener.event)) continue;
    const target = emitterKey(listener.target, sourceCode);
    if (target !== undefined && aliases.root(target) === root) roots.push(fn);
  }
  const reach = follow(roots, sourceCode);
  facts.eventReach.set(cacheKey, reach);
  return reach;
}

/** Answers per socket matcher: whether `this` is a socket depends on the rule's options. */
const lifecycleCache = new WeakMap<SocketMatcher, Set<FunctionNode>>();

/** A wrapper's listeners on itself (`this.on('end', …)`) and what they call: the wrapper cleans up on its own events. */
export function ownLifecycleReach(sourceCode: SourceCode, matchSocket: SocketMatcher): ReadonlySet<FunctionNode> {
  const cached = lifecycleCache.get(matchSocket);
  if (cached) return cached;
  const roots: FunctionNode[] = [];
  for (const [fn, listener] of factsOf(sourceCode).registered) {
    const target = skipWrappers(listener.target);
    if (target.type === AST_NODE_TYPES.ThisExpression && LIFECYCLE_EVENTS.has(listener.event) && !matchSocket(target)) roots.push(fn);
  }
  const reach = follow(roots, sourceCode);
  lifecycleCache.set(matchSocket, reach);
  return reach;
}

function follow(roots: readonly FunctionNode[], sourceCode: SourceCode): Set<FunctionNode> {
  const reached = new Set<FunctionNode>(roots);
  let frontier = [...roots];
  for (let depth = 0; depth < FOLLOW_DEPTH && frontier.length > 0; depth++) {
    const next: FunctionNode[] = [];
    for (const fn of frontier) {
      for (const call of callsInside(fn, sourceCode)) {
        const callee = resolveFunction(call.callee, sourceCode);
        if (callee && !reached.has(callee)) {
          reached.add(callee);
          next.push(callee);
        }
      }
    }
    frontier = next;
  }
  return reached;
}

/** Calls made in `fn`, including in callbacks it creates that are not listeners of their own. */
function callsInside(fn: FunctionNode, sourceCode: SourceCode): readonly TSESTree.CallExpression[] {
  const facts = factsOf(sourceCode);
  if (!facts.callsByRunner) {
    // Each function's calls also count for the functions around it, up to the nearest listener.
    const callsByRunner = new Map<TSESTree.Node, TSESTree.CallExpression[]>();
    for (const [inner, calls] of resourceNodes(sourceCode).callsIn) {
      for (let current: TSESTree.Node | undefined = inner; current; current = enclosingFunction(current)) {
        const list = callsByRunner.get(current);
        if (list) list.push(...calls);
        else callsByRunner.set(current, [...calls]);
        if (isFunction(current) && facts.byFunction.has(current)) break;
      }
    }
    facts.callsByRunner = callsByRunner;
  }
  return facts.callsByRunner.get(fn) ?? [];
}

/** Does `fn` run as a listener or an `end()` callback? */
function isListener(facts: ListenerFacts, fn: FunctionNode): boolean {
  return facts.byFunction.has(fn) || facts.endCallbackFunctions.has(fn);
}

/**
 * The functions a node counts as running in: from the innermost function around it out to the
 * first listener (of anything) or `end()` callback. A release in an 'end' listener nested in a
 * 'connection' handler belongs to the 'end' listener, not to the handler.
 */
export function runnersOf(node: TSESTree.Node, sourceCode: SourceCode): readonly FunctionNode[] {
  const fn = enclosingFunction(node);
  if (!fn) return NO_RUNNERS;
  // The same for every node of a function: found once per function, from the runners around it.
  const facts = factsOf(sourceCode);
  facts.runnerChains ??= new Map();
  let chain = facts.runnerChains.get(fn);
  if (!chain) {
    chain = isListener(facts, fn) ? [fn] : [fn, ...runnersOf(fn, sourceCode)];
    facts.runnerChains.set(fn, chain);
  }
  return chain;
}

const NO_RUNNERS: readonly FunctionNode[] = [];

/** Is `fn` (the last of `runnersOf`) a listener or an `end()` callback rather than the outermost function? */
export function isListenerFunction(fn: FunctionNode, sourceCode: SourceCode): boolean {
  return isListener(factsOf(sourceCode), fn);
}

/** The innermost listener (or `end()` callback) that `node` runs in. */
export function listenerAround(node: TSESTree.Node, sourceCode: SourceCode): FunctionNode | undefined {
  const facts = factsOf(sourceCode);
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) && isListener(facts, current)) return current;
  }
  return undefined;
}

// --- Library objects that die like sockets -------------------------------------------------------

/** What a library object counts as for the questions of this model: it dies once, like a socket. */
const LIBRARY_MATCH: SocketMatch = { kind: 'socket', via: 'syntax' };

/**
 * The library object `node` holds (src/libraries.ts), when it is one a timer or registry can
 * outlive: it has a last event (a pool lives on), and it is a connection, not a server the
 * application closes itself (`WebSocketServer`).
 */
export function closingLibraryObject(node: TSESTree.Node, sourceCode: SourceCode): LibraryObject | undefined {
  const entry = libraryObjectOf(skipWrappers(node), sourceCode);
  return entry && lastEventsOf(skipWrappers(node), sourceCode).length > 0 && entry.id !== 'ws.WebSocketServer' ? entry : undefined;
}

/**
 * A UDP socket (`dgram.createSocket()`): no peer and no connection end it, only the file's own
 * `close()`. A registry of them holds a closed one only after the file closed it itself (most
 * close the whole registry on shutdown: `this.sockets.forEach((s) => s.close())`).
 */
export function closedOnlyByApplication(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  return libraryObjectOf(skipWrappers(node), sourceCode)?.id === 'dgram.createSocket';
}

/** Can the object `target` holds emit 'close'? Anything but a library object whose table entry says it does not. */
function emitsClose(target: TSESTree.Node, sourceCode: SourceCode): boolean {
  const entry = libraryObjectOf(skipWrappers(target), sourceCode);
  return !entry || entry.emits.includes('close');
}

/**
 * `matchSocket`, also answering yes for the library objects recognised by import that die (a pg
 * `Client`, a Redis client, a `WebSocket`): their last event counts as their 'close' here.
 */
export function withLibraryObjects(matchSocket: SocketMatcher, sourceCode: SourceCode): SocketMatcher {
  return (node) => {
    const match = matchSocket(node);
    // Known by more than its name (`strict` matches `socket` by name first): what the library says wins.
    if (match && match.via !== 'name') return match;
    return closingLibraryObject(node, sourceCode) ? LIBRARY_MATCH : match;
  };
}

/**
 * The event to hang cleanup of `node`'s object on: a library object's own last event (`'end'` for a
 * pg Client), 'close' for anything else. Undefined when the object's only last event is `'error'`
 * (a mysql2 connection): a listener added there would also swallow its errors.
 */
export function closeEventOf(node: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const entry = closingLibraryObject(node, sourceCode);
  if (!entry) return 'close';
  return lastEventsOf(skipWrappers(node), sourceCode).find((event) => event !== 'error');
}

/**
 * Is `node` a socket to the detector, or an object the file uses like one (sets its no-delay or
 * keep-alive, listens for its 'timeout' or 'secureConnect', assigns it one): a WebSocket
 * connection's `this.socket`, handed in by another module, that the file configures.
 */
export function usedLikeSocket(node: TSESTree.Node, matchSocket: SocketMatcher, sourceCode: SourceCode): boolean {
  if (matchSocket(node)) return true;
  const key = referenceKey(node, sourceCode);
  if (key === undefined) return false;
  const aliases = keyAliases(sourceCode);
  return usedAsSocket(sourceCode, (other) => aliases.same(other, key), (value) => matchSocket(value) !== undefined);
}

/**
 * Can the file configure some object like a socket (`setNoDelay`, `setKeepAlive`, 'secureConnect'),
 * or write to one it unrefs? From its tokens.
 */
export function mayConfigureSockets(sourceCode: SourceCode): boolean {
  return mayMention(sourceCode, SOCKET_CONFIGURATION) || UNREF_AND_WRITE.every((name) => mayMention(sourceCode, [name]));
}

export const SOCKET_CONFIGURATION = new Set(['setNoDelay', 'setKeepAlive', 'secureConnect']);
