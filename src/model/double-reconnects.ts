/**
 * A connection reconnected from both its 'error' and its 'close' listener. A failure emits both,
 * 'error' first (measured on Node 20 for one of Node's sockets and for a ws WebSocket:
 * test/live/double-reconnects.live.test.ts), so each failed connection opens two new ones, each of
 * those two more: the client's connections double with every failure while the server is away
 * (1, 2, 4, 8, 16 after four failures, measured), and a same-socket `connect()` called twice
 * stacks its connect callbacks.
 *
 * A listener reconnects when it calls, with no condition on the way (`if`, `?:`, `&&`, a `case`),
 * the function of the file that makes the connection and keeps it where the listener is registered
 * (`this.ws = new WebSocket(url)` in `connect()`), itself, through a timer
 * (`setTimeout(() => this.connect(), 1000)`) or through functions of the file, up to three calls
 * deep; or `connect()` of that same socket. Not where a function on the way returns early under a
 * condition (`if (this.reconnecting) return;`) or clears a timer (a debounced retry): those make
 * the second call a no-op. Not where the 'error' listener takes the socket's listeners away.
 *
 * Also read here: an 'error' listener that calls `connect()` of its own socket with no delay
 * (`immediateReconnects`), and `connect(…, callback)` of a socket that its own 'close' or 'error'
 * listener calls again (`stackedConnectCallbacks`): each refused attempt keeps its callback.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { keyDeclaredWithin, type ListenerCall } from '../listeners.js';
import { calleeMember, enclosingFunction, type FunctionNode, isFunction, runtimeParams, skipWrappers, storedInto, underCondition } from './ast.js';
import { contains, emitterKey, referenceKey, variableOf } from './dead-socket.js';
import { fileListeners, fileNodes } from './file-nodes.js';
import { resolveFunction } from './functions.js';
import { keyAliases } from './key-aliases.js';
import { DETACHING_METHODS } from './node-api.js';
import { resourceNodes } from './resource-walk.js';
import { isGlobalCall } from './timers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface DoubleReconnect {
  /** The 'error' listener's registration. */
  error: ListenerCall;
  /** The 'close' listener's registration on the same connection. */
  close: ListenerCall;
}

/** Calls that run a function given to them later: the reconnect of a retry delay. */
const DEFERRING = ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'];
/** How many calls deep a reconnect is followed from a listener. */
const DEPTH = 3;

/**
 * The connections of the file that both their 'error' and their 'close' listener reconnect.
 * `isConnection` says which creations (`net.connect(…)`, `new WebSocket(url)`) make one whose
 * failure emits 'error' and then 'close'.
 */
export function doubleReconnects(sourceCode: SourceCode, isConnection: IsConnection): DoubleReconnect[] {
  const listeners = fileListeners(sourceCode);
  const errors = listeners.filter((listener) => listener.event === 'error' && listener.listener);
  const closes = listeners.filter((listener) => listener.event === 'close' && listener.listener);
  if (errors.length === 0 || closes.length === 0) return [];
  const aliases = keyAliases(sourceCode);
  const found: DoubleReconnect[] = [];
  for (const error of errors) {
    const key = emitterKey(error.target, sourceCode);
    if (key === undefined) continue;
    const close = closes.find((other) => {
      const otherKey = emitterKey(other.target, sourceCode);
      return otherKey !== undefined && aliases.same(otherKey, key);
    });
    if (!close) continue;
    const reconnects = reconnectsListener(key, sourceCode, isConnection);
    if (!reconnects || detaches(error.listener, key, sourceCode) || !reconnects(error) || !reconnects(close)) continue;
    found.push({ error, close });
  }
  return found;
}

/**
 * For the connection `key` names: does a listener of it reconnect, unconditionally (see above)?
 * Undefined when nothing in the file can reconnect it (no function makes it, no `connect()` of it).
 * With `debounced: false`, a cleared timer on the way does not count as a condition: it spares a
 * second reconnect of the same failure, not the one a listener schedules after the clear.
 */
export function reconnectsListener(key: string, sourceCode: SourceCode, isConnection: IsConnection, debounced = true, closeCodes = false): ListenerTest | undefined {
  // Both checks of a file ask it for the same connections with the same predicate: read each once.
  let byPredicate = testCache.get(sourceCode.ast);
  if (!byPredicate) testCache.set(sourceCode.ast, (byPredicate = new WeakMap()));
  let byKey = byPredicate.get(isConnection);
  if (!byKey) byPredicate.set(isConnection, (byKey = new Map<string, ListenerTest | undefined>()));
  const entry = `${key}\u0000${debounced}\u0000${closeCodes}`;
  if (!byKey.has(entry)) byKey.set(entry, readListenerTest(key, sourceCode, isConnection, debounced, closeCodes));
  return byKey.get(entry);
}

type IsConnection = (creation: TSESTree.CallExpression | TSESTree.NewExpression) => boolean;
type ListenerTest = (listener: ListenerCall) => boolean;
const testCache = new WeakMap<TSESTree.Program, WeakMap<IsConnection, Map<string, ListenerTest | undefined>>>();

function readListenerTest(key: string, sourceCode: SourceCode, isConnection: IsConnection, debounced: boolean, closeCodes: boolean): ListenerTest | undefined {
  const openers = openersOf(key, sourceCode, isConnection);
  const sameSocket = connectsSocket(key, sourceCode);
  if (openers.size === 0 && !fileNodes(sourceCode).calls.some(sameSocket)) return undefined;
  return (listener) => {
    const fn = listener.listener && resolveFunction(listener.listener, sourceCode);
    const ignores = closeCodes && fn ? (test: TSESTree.Node) => testsCloseCode(test, fn, sourceCode) : undefined;
    return fn !== undefined && reconnectsFrom(fn, { openers, sameSocket, sourceCode, debounced, ignores, seen: new Set() }, 0);
  };
}

/**
 * `code !== 1000` (or `===`, `<`, … against a number, joined by `&&`/`||`) on the first parameter of
 * the 'close' listener `fn`: a test of the WebSocket close code only.
 */
function testsCloseCode(test: TSESTree.Node, fn: FunctionNode, sourceCode: SourceCode): boolean {
  const code = runtimeParams(fn)[0];
  if (code?.type !== AST_NODE_TYPES.Identifier) return false;
  const node = skipWrappers(test);
  if (node.type === AST_NODE_TYPES.LogicalExpression) return testsCloseCode(node.left, fn, sourceCode) && testsCloseCode(node.right, fn, sourceCode);
  if (node.type !== AST_NODE_TYPES.BinaryExpression) return false;
  const isCode = (side: TSESTree.Node) => side.type === AST_NODE_TYPES.Identifier && variableOf(side, sourceCode)?.defs[0]?.name === code;
  const isNumber = (side: TSESTree.Node) => side.type === AST_NODE_TYPES.Literal && typeof side.value === 'number';
  return (isCode(node.left) && isNumber(node.right)) || (isNumber(node.left) && isCode(node.right));
}

/** Is a call `connect()` of the socket `key` names? */
function connectsSocket(key: string, sourceCode: SourceCode): (call: TSESTree.CallExpression) => boolean {
  const aliases = keyAliases(sourceCode);
  return (call) => {
    const member = calleeMember(call);
    const target = member?.name === 'connect' ? referenceKey(member.object, sourceCode) : undefined;
    return target !== undefined && aliases.same(target, key);
  };
}

/**
 * 'error' listeners (`on`, not `once`) that call `connect()` of their own socket at once: with no
 * timer on the way and no condition, themselves or through functions of the file. Node's docs
 * allow `connect()` again only after 'close'. Measured on Node 20
 * (test/live/double-reconnects.live.test.ts): while the server refuses, each refusal's 'error'
 * starts the next attempt in the same tick, thousands a second, and every attempt's connect
 * callback stays registered until one succeeds, when they all run. `isSocket` says which
 * listeners' targets are Node sockets (whose `connect()` this is).
 */
export function immediateReconnects(sourceCode: SourceCode, isSocket: (target: TSESTree.Expression) => boolean): ListenerCall[] {
  const found: ListenerCall[] = [];
  for (const error of fileListeners(sourceCode)) {
    if (error.event !== 'error' || /once/iu.test(error.method) || !error.listener || !isSocket(error.target)) continue;
    const key = emitterKey(error.target, sourceCode);
    const fn = key === undefined ? undefined : resolveFunction(error.listener, sourceCode);
    if (!fn || detaches(fn, key!, sourceCode)) continue;
    const search: Search = { openers: new Set(), sameSocket: connectsSocket(key!, sourceCode), sourceCode, debounced: true, immediate: true, seen: new Set() };
    if (reconnectsFrom(fn, search, 0)) found.push(error);
  }
  return found;
}

export interface StackedCallback {
  /** `socket.connect(…, callback)`, called again from the listener. */
  call: TSESTree.CallExpression;
  listener: ListenerCall;
}

/**
 * `connect(…, callback)` of a socket that its own 'close' or 'error' listener calls again, at once
 * or after a delay (a reconnect as `reconnectTwice` reads one). Node adds the callback as a
 * one-time 'connect' listener, and a refused attempt never emits 'connect': each failed attempt's
 * callback stays registered, and they all run when one attempt succeeds (measured on Node 20,
 * test/live/double-reconnects.live.test.ts). Not where the file takes listeners off that socket
 * (`removeAllListeners`, `removeListener`, `off`), which may drop the stale callbacks.
 */
export function stackedConnectCallbacks(sourceCode: SourceCode, isSocket: (target: TSESTree.Expression) => boolean): StackedCallback[] {
  const found: StackedCallback[] = [];
  const seen = new Set<TSESTree.CallExpression>();
  for (const listener of fileListeners(sourceCode)) {
    if ((listener.event !== 'close' && listener.event !== 'error') || /once/iu.test(listener.method) || !listener.listener || !isSocket(listener.target)) continue;
    const key = emitterKey(listener.target, sourceCode);
    const fn = key === undefined ? undefined : resolveFunction(listener.listener, sourceCode);
    if (!fn || takesListenersOff(key!, sourceCode)) continue;
    const connects = connectsSocket(key!, sourceCode);
    let reached: TSESTree.CallExpression | undefined;
    const sameSocket = (call: TSESTree.CallExpression): boolean => {
      const last = call.arguments.at(-1);
      const callback = call.arguments.length > 1 && last && last.type !== AST_NODE_TYPES.SpreadElement && resolveFunction(last, sourceCode);
      if (!callback || !connects(call)) return false;
      reached = call;
      return true;
    };
    if (!reconnectsFrom(fn, { openers: new Set(), sameSocket, sourceCode, debounced: false, socketKey: key, seen: new Set() }, 0) || !reached || seen.has(reached)) continue;
    seen.add(reached);
    found.push({ call: reached, listener });
  }
  return found;
}

/** The functions that make the connection `key` names and keep it there. */
function openersOf(key: string, sourceCode: SourceCode, isConnection: IsConnection): Set<FunctionNode> {
  const aliases = keyAliases(sourceCode);
  const openers = new Set<FunctionNode>();
  for (const node of resourceNodes(sourceCode).nodes) {
    const value = node.type === AST_NODE_TYPES.AssignmentExpression ? node.right : node.type === AST_NODE_TYPES.VariableDeclarator ? node.init : undefined;
    if (value?.type !== AST_NODE_TYPES.CallExpression && value?.type !== AST_NODE_TYPES.NewExpression) continue;
    const holder = storedInto(value);
    const holderKey = holder && referenceKey(holder, sourceCode);
    if (holderKey === undefined || !aliases.same(holderKey, key) || !isConnection(value)) continue;
    const opener = enclosingFunction(value);
    if (opener) openers.add(opener);
  }
  return openers;
}

interface Search {
  openers: ReadonlySet<FunctionNode>;
  sameSocket: (call: TSESTree.CallExpression) => boolean;
  sourceCode: SourceCode;
  /** Does a cleared timer count as a condition (see `reconnectsListener`)? */
  debounced: boolean;
  /** Only a reconnect with no delay counts: a timer or `nextTick` on the way is not followed. */
  immediate?: boolean;
  /**
   * The socket's key, when the search is for that one socket: a function that declares its name
   * is not followed (run again, it declares a new socket; what it connects is not this one).
   */
  socketKey?: string;
  /** A test this search does not count as a condition (a ws close code, see `reconnectsListener`). */
  ignores?: (test: TSESTree.Node) => boolean;
  seen: Set<FunctionNode>;
}

/** Does `fn` reconnect, unconditionally, itself or through the functions of the file it calls? */
function reconnectsFrom(fn: FunctionNode, search: Search, depth: number): boolean {
  if (search.seen.has(fn) || guarded(fn, search)) return false;
  search.seen.add(fn);
  const replacements = replacementsIn(fn, search);
  for (const call of fileNodes(search.sourceCode).calls) {
    if (!contains(fn, call) || underCondition(call, fn, search.ignores) || (search.immediate && enclosingFunction(call) !== fn)) continue;
    if (replacements.some((node) => node.range[1] <= call.range[0] && enclosingFunction(node) === enclosingFunction(call))) continue;
    if (search.sameSocket(call)) return true;
    const deferring = !search.immediate && (isGlobalCall(call, DEFERRING, search.sourceCode) !== undefined || isNextTick(call));
    const callees = [call.callee, ...(deferring ? call.arguments : [])];
    for (const callee of callees) {
      const target = resolveFunction(callee, search.sourceCode);
      if (!target) continue;
      if (search.openers.has(target)) return !guarded(target, search);
      if (search.socketKey !== undefined && keyDeclaredWithin(search.socketKey, target)) continue;
      if (depth < DEPTH && !isFunction(callee) && reconnectsFrom(target, search, depth + 1)) return true;
    }
  }
  return false;
}

/**
 * Where `fn` (or a callback in it) puts a new socket where the searched one was (`this.client = new
 * net.Socket()`): what the same function connects after that is the new socket, whose connect
 * callback is its first.
 */
function replacementsIn(fn: FunctionNode, { socketKey, sourceCode }: Search): TSESTree.AssignmentExpression[] {
  if (socketKey === undefined) return [];
  const aliases = keyAliases(sourceCode);
  return resourceNodes(sourceCode).nodes.filter((node): node is TSESTree.AssignmentExpression => {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || !contains(fn, node)) return false;
    const made = node.right.type === AST_NODE_TYPES.NewExpression || node.right.type === AST_NODE_TYPES.CallExpression;
    const key = made && !underCondition(node, enclosingFunction(node)!) ? referenceKey(node.left, sourceCode) : undefined;
    return key !== undefined && aliases.same(key, socketKey);
  });
}

function isNextTick(call: TSESTree.CallExpression): boolean {
  const member = calleeMember(call);
  return member?.name === 'nextTick' && member.object.type === AST_NODE_TYPES.Identifier && member.object.name === 'process';
}

/** Does the function return or throw early under a condition, or clear a timer (a retry already scheduled)? */
function guarded(fn: FunctionNode, { sourceCode, debounced }: Search): boolean {
  if (fn.body.type === AST_NODE_TYPES.BlockStatement && fn.body.body.some(exitsEarly)) return true;
  return debounced && fileNodes(sourceCode).calls.some((call) => contains(fn, call) && isGlobalCall(call, ['clearTimeout', 'clearInterval'], sourceCode) !== undefined);
}

function exitsEarly(statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.IfStatement) return false;
  const branch = statement.consequent;
  const exits = (node: TSESTree.Statement) => node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement;
  return exits(branch) || (branch.type === AST_NODE_TYPES.BlockStatement && branch.body.some(exits));
}

/** Does the function take listeners off the socket `key` (`removeAllListeners()`), so that its 'close' may find none? */
export function detaches(node: TSESTree.Node | undefined, key: string, sourceCode: SourceCode): boolean {
  const fn = node && resolveFunction(node, sourceCode);
  return fn !== undefined && takesListenersOff(key, sourceCode, fn);
}

/** Does the file (or the function `within`) take listeners off the socket `key`? */
function takesListenersOff(key: string, sourceCode: SourceCode, within?: FunctionNode): boolean {
  const aliases = keyAliases(sourceCode);
  return detachingCalls(sourceCode).some((off) => (!within || contains(within, off.call)) && aliases.same(off.key, key));
}

const detachingCache = new WeakMap<TSESTree.Program, readonly { call: TSESTree.CallExpression; key: string }[]>();

/** The file's calls that take listeners off an emitter (`removeAllListeners()`, `off(…)`), with the emitter's key: read once per file. */
function detachingCalls(sourceCode: SourceCode): readonly { call: TSESTree.CallExpression; key: string }[] {
  let found = detachingCache.get(sourceCode.ast);
  if (!found) {
    const list: { call: TSESTree.CallExpression; key: string }[] = [];
    for (const call of fileNodes(sourceCode).calls) {
      const member = calleeMember(call);
      const key = member && DETACHING_METHODS.has(member.name) ? referenceKey(member.object, sourceCode) : undefined;
      if (key !== undefined) list.push({ call, key });
    }
    detachingCache.set(sourceCode.ast, (found = list));
  }
  return found;
}
