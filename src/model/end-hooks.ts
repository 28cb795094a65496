/**
 * Where cleanup hangs off that a peer reset never reaches: 'end'/'finish' listeners of a socket
 * and the callbacks of its `end(…, cb)` calls (a reset emits 'close', never 'end' or 'finish').
 * Among that cleanup, `endOnlyFieldResets` finds the field that holds the socket emptied there and
 * nowhere its 'close' or 'error' reaches: after a reset it keeps a destroyed socket for ever.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { emitterKey, referenceKey } from '../dead-socket.js';
import { isLibraryDeadEvent } from './library-lifetimes.js';
import { keyDeclaredWithin, type ListenerCall } from '../listeners.js';
import { calleeMember, enclosingFunction, type FunctionNode, isNullish, removedEntry } from './ast.js';
import { closingLibraryObject, listenerFacts, listenerAround, listenerReach } from './close-reach.js';
import { keyAliases } from './key-aliases.js';
import { addTo, resourceNodes } from './resource-walk.js';
import { contains } from './dead-socket.js';
import type { Release } from './releases.js';
import { isGlobalCall, madeAround, type SocketMatcher, timerOfHandle, timerUse } from './timers.js';
import { entryAddedIn, type Registration, registrationsOf, wrappedSocket } from './registrations.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface EndHook {
  fn: FunctionNode;
  socket: TSESTree.Expression;
  socketKey: string;
  /** The listener registration ('end'/'finish'), or the `end(…, cb)` call. */
  listener: ListenerCall | undefined;
  endCall: TSESTree.CallExpression | undefined;
}

interface HookFacts {
  hooks: readonly EndHook[];
  byRoot?: Map<string, EndHook[]>;
  byFunction?: Map<TSESTree.Node, EndHook[]>;
}

const cache = new WeakMap<TSESTree.Program, HookFacts>();

function factsOf(sourceCode: SourceCode): HookFacts {
  let facts = cache.get(sourceCode.ast);
  if (facts) return facts;
  const listeners = listenerFacts(sourceCode);
  const hooks: EndHook[] = [];
  for (const [fn, listener] of listeners.byFunction) {
    if (listener.event !== 'end' && listener.event !== 'finish') continue;
    const target = listener.target;
    const socketKey = emitterKey(target, sourceCode);
    if (socketKey === undefined) continue;
    hooks.push({ fn, socket: target, socketKey, listener, endCall: undefined });
  }
  for (const { call, object, fn } of listeners.endCallbacks) {
    const socketKey = referenceKey(object, sourceCode);
    if (socketKey === undefined) continue;
    hooks.push({ fn, socket: object, socketKey, listener: undefined, endCall: call });
  }
  facts = { hooks };
  cache.set(sourceCode.ast, facts);
  return facts;
}

/**
 * 'end'/'finish' listeners and `end()` callbacks of anything with a key: whether the object is a
 * socket is asked (`isEndHook`) only for a hook that holds a release.
 */
export function endHookCandidates(sourceCode: SourceCode): readonly EndHook[] {
  return factsOf(sourceCode).hooks;
}

/** The end hooks on the socket `socketKey` (or another name for it). */
export function endHooksOf(sourceCode: SourceCode, socketKey: string): readonly EndHook[] {
  const facts = factsOf(sourceCode);
  const aliases = keyAliases(sourceCode);
  if (!facts.byRoot) {
    facts.byRoot = new Map();
    for (const hook of facts.hooks) addTo(facts.byRoot, aliases.root(hook.socketKey), hook);
  }
  return facts.byRoot.get(aliases.root(socketKey)) ?? [];
}

/** Is the hook on a socket, and one that a reset skips? */
export function isEndHook(hook: EndHook, matchSocket: SocketMatcher, sourceCode: SourceCode): boolean {
  // A pg Client emits 'end' when it is gone (it has no 'close'): cleanup there does run.
  if (hook.listener && isLibraryDeadEvent(hook.socket, hook.listener.event, sourceCode)) return false;
  // Its `end(cb)` is the library's, not a socket's: pg calls `cb` once the connection is gone, reset or not.
  if (hook.endCall && closingLibraryObject(hook.socket, sourceCode)) return false;
  const match = matchSocket(hook.socket);
  if (!match) return false;
  // Known by its name alone and given a 'disconnect' listener, which none of Node's streams emits:
  // a socket.io socket, whose 'end' is a message the client sends, and 'disconnect' its lost connection.
  return !(hook.listener && match.via === 'name' && disconnectListened(hook.socketKey, sourceCode));
}

/** The events of Node's sockets and streams (net, tls, and the stream classes they extend). */
const NODE_SOCKET_EVENTS: ReadonlySet<string> = new Set([
  'close', 'connect', 'connectionAttempt', 'connectionAttemptFailed', 'connectionAttemptTimeout', 'data', 'drain', 'end', 'error',
  'finish', 'keylog', 'lookup', 'newListener', 'OCSPResponse', 'pause', 'pipe', 'prefinish', 'readable', 'ready', 'removeListener',
  'resume', 'secure', 'secureConnect', 'session', 'timeout', 'unpipe',
]);

/**
 * Is the object `socketKey`, known by its name alone, one the file treats as an emitter of its own:
 * it listens for an event none of Node's sockets emits (`'status_change'`, `'iac'` of a telnet
 * wrapper that reconnects by itself) and for no 'close' or 'end'? Nothing says such an object
 * ever closes as a socket does.
 */
export function foreignEmitterByName(socket: TSESTree.Node, socketKey: string, matchSocket: SocketMatcher, sourceCode: SourceCode): boolean {
  if (matchSocket(socket)?.via !== 'name') return false;
  const aliases = keyAliases(sourceCode);
  const events = listenerFacts(sourceCode).registered.flatMap(([, listener]) => {
    const key = emitterKey(listener.target, sourceCode);
    return key !== undefined && aliases.same(key, socketKey) ? [listener.event] : [];
  });
  return events.some((event) => !NODE_SOCKET_EVENTS.has(event)) && !events.some((event) => event === 'close' || event === 'end');
}

/** Does the file listen for 'disconnect' on the object `socketKey` (or another name for it)? */
function disconnectListened(socketKey: string, sourceCode: SourceCode): boolean {
  const aliases = keyAliases(sourceCode);
  return listenerFacts(sourceCode).registered.some(([, listener]) => {
    if (listener.event !== 'disconnect') return false;
    const key = emitterKey(listener.target, sourceCode);
    return key !== undefined && aliases.same(key, socketKey);
  });
}

/** The end hook of the socket `socketKey` that `node` runs in (its innermost listener), if any. */
export function endHookOf(node: TSESTree.Node, socketKey: string, matchSocket: SocketMatcher, sourceCode: SourceCode): EndHook | undefined {
  const owner = listenerAround(node, sourceCode);
  if (!owner) return undefined;
  const facts = factsOf(sourceCode);
  if (!facts.byFunction) {
    facts.byFunction = new Map();
    for (const hook of facts.hooks) addTo(facts.byFunction, hook.fn, hook);
  }
  const aliases = keyAliases(sourceCode);
  return facts.byFunction.get(owner)?.find((hook) => aliases.same(hook.socketKey, socketKey) && isEndHook(hook, matchSocket, sourceCode));
}

/**
 * Is what `release` takes away made by the hook itself: an entry keyed by a value the 'end'
 * listener declares (`const requestId = nanoid()` there, `delete pending[requestId]` in its
 * polling timer), or a timer it starts? A reset before 'end' then leaves nothing to release: the
 * entry or the timer never came to be.
 */
export function armedInHook(release: Release, hook: EndHook, sourceCode: SourceCode): boolean {
  if (release.timer) {
    const timer = timerOfHandle(sourceCode, release.key);
    return timer !== undefined && contains(hook.fn, timer.call);
  }
  const entry = removedEntry(release.node)?.key;
  const key = entry && (entry.type === AST_NODE_TYPES.Identifier || entry.type === AST_NODE_TYPES.MemberExpression) ? referenceKey(entry, sourceCode) : undefined;
  return key !== undefined && keyDeclaredWithin(key, hook.fn);
}

/** The events whose listeners are end hooks. */
const END_EVENTS: ReadonlySet<string> = new Set(['end']);

/**
 * Does the hook run `node`: written in its listener, or in a function of the file it calls
 * (`this.socket.on('end', () => this.reset())`) and in no other listener?
 */
function emptiedBy(node: TSESTree.Node, hook: EndHook, sourceCode: SourceCode): boolean {
  const around = listenerAround(node, sourceCode);
  if (around !== undefined) return around === hook.fn;
  return [...listenerReach(sourceCode, hook.socketKey, END_EVENTS)].some((fn) => fn !== hook.fn && contains(fn, node));
}

/**
 * What runs after a reset of the socket `key`: its 'close' and 'error' listeners and the functions
 * they call, and the 'close' listeners of a socket they destroy (a relay's other side, whose own
 * 'close' then tidies up the pair).
 */
function resetReach(key: string, sourceCode: SourceCode): FunctionNode[] {
  const reach = [...listenerReach(sourceCode, key, RESET_EVENTS)];
  const calls = destroyCalls(sourceCode).filter((call) => reach.some((fn) => contains(fn, call)));
  for (const call of calls) {
    const member = calleeMember(call);
    const peer = member && referenceKey(member.object, sourceCode);
    if (peer !== undefined && peer !== key) reach.push(...listenerReach(sourceCode, peer, CLOSE_EVENTS));
  }
  return reach;
}

/** The file's `x.destroy()` calls. */
function destroyCalls(sourceCode: SourceCode): TSESTree.CallExpression[] {
  return resourceNodes(sourceCode).nodes.filter((node): node is TSESTree.CallExpression => node.type === AST_NODE_TYPES.CallExpression && calleeMember(node)?.name === 'destroy');
}

const CLOSE_EVENTS: ReadonlySet<string> = new Set(['close']);

/** The events whose listeners run after a reset: what they empty is emptied. */
const RESET_EVENTS: ReadonlySet<string> = new Set(['close', 'error']);

/**
 * `this.socket = null` in an 'end' listener of `this.socket`, the field the socket is held by, or in
 * a function of the file that listener calls, where nothing the socket's 'close' or 'error' listeners run writes that field: a reset emits
 * no 'end', so the field keeps the destroyed socket (the client still counts as connected, never
 * reconnects, writes into the dead socket). Each hook with the first such assignment.
 */
export function endOnlyFieldResets(matchSocket: SocketMatcher, sourceCode: SourceCode): { hook: EndHook; reset: TSESTree.AssignmentExpression }[] {
  const found: { hook: EndHook; reset: TSESTree.AssignmentExpression }[] = [];
  const hooks = factsOf(sourceCode).hooks.filter((hook) => hook.listener?.event === 'end' && hook.socket.type === AST_NODE_TYPES.MemberExpression);
  if (hooks.length === 0) return found;
  const aliases = keyAliases(sourceCode);
  const assignments = resourceNodes(sourceCode).nodes.filter((node): node is TSESTree.AssignmentExpression => node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression);
  for (const hook of hooks) {
    const writes = assignments.filter((node) => {
      const key = referenceKey(node.left, sourceCode);
      return key !== undefined && aliases.same(key, hook.socketKey);
    });
    const reset = writes.find((node) => node.operator === '=' && isNullish(node.right) && emptiedBy(node, hook, sourceCode));
    if (!reset || !isEndHook(hook, matchSocket, sourceCode)) continue;
    const afterReset = resetReach(hook.socketKey, sourceCode);
    if (writes.some((node) => afterReset.some((fn) => contains(fn, node)))) continue;
    found.push({ hook, reset });
  }
  return found;
}

/**
 * Is a release in an 'end' hook worth moving to 'close': an interval that uses a socket or is made
 * in the run that registers the hook, an I/O timer, a removal from a collection seen holding
 * sockets (not through a helper that may read it), or the removal of an entry the function
 * registering the hook added (`registry[key] = request` beside `conn.on('end', () => delete
 * registry[key])`: the entry belongs to that connection, whatever its value, and stays when the
 * peer resets).
 */
export function worthMovingToClose(release: Release, hook: EndHook, matchSocket: SocketMatcher, sourceCode: SourceCode): boolean {
  if (release.timer) {
    const timer = timerOfHandle(sourceCode, release.key);
    if (!timer) return isGlobalCall(release.node as TSESTree.CallExpression, ['clearInterval'], sourceCode) !== undefined;
    const use = timerUse(timer, matchSocket, sourceCode);
    if (timer.kind === 'setInterval') return use !== undefined || madeAround(timer, hook.listener?.call ?? hook.endCall ?? hook.fn);
    return use !== undefined && (use.io || use.rearms);
  }
  if (release.helper) return false;
  const aliases = keyAliases(sourceCode);
  const root = aliases.root(release.key);
  // The entry is the socket, or a wrapper made around it (`reg[c.id] = new Client(name, socket)`), which lives as long as it.
  const holdsSocket = (registration: Registration): boolean => matchSocket(registration.socket) !== undefined || wrappedSocket(registration, matchSocket, sourceCode) !== undefined;
  if (registrationsOf(sourceCode).some((registration) => aliases.root(registration.collectionKey) === root && holdsSocket(registration))) return true;
  return hook.listener !== undefined && entryAddedIn(release.node, enclosingFunction(hook.listener.call), sourceCode) !== undefined;
}
