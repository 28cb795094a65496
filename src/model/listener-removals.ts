/**
 * Where a socket's 'error' listener is taken away while the socket is still in use:
 * `socket.removeAllListeners()` (or `removeAllListeners('error')`, or `removeListener('error', f)` /
 * `off('error', f)` once every 'error' listener the file gives it is gone) followed, in the same
 * function, by I/O on the same socket (`end()`, `write()`, `socket[how]()`...) with no new 'error'
 * listener (before it, or later in its run: same-run-listeners.ts), `destroy()` or hand-off; or, for a socket
 * the function holds itself, a path to the function's end that neither destroys it nor hands it on
 * (it stays open, with nobody listening). An error then ends the process with "Unhandled 'error'
 * event" (measured: test/live/stripped-listeners.live.test.ts): real teardown crashes of SMTP, FTP
 * and database clients, and of tunnels dropping a refused CONNECT socket. A UDP socket is no
 * exception: a send whose address lookup fails after `close()` still emits 'error' (measured);
 * `close()` of one the file never sends on emits nothing (nothing is pending; measured).
 *
 * Precision first: calls are read in source order within one function; a removal of one listener
 * while the file (or the function that made the socket: listened-returns.ts) attaches another
 * lasting 'error' listener to it is left alone, and so is a socket handed to any call.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';

import { findVariable, listenerCallOf, referenceKey, stripListenerChain } from '../listeners.js';
import { calleeMember, leavesBefore, enclosingFunction, isFunction, isNullish, runningFunction, skipWrappers } from './ast.js';
import { holdsThis, visitChildren, visitOutsideFunctions } from './classes.js';
import { callsOf, fileNodes } from './file-nodes.js';
import { namingReferences } from './functions.js';
import { keyAliases } from './key-aliases.js';
import { EMITTER_CHAIN, LISTEN_METHODS } from './node-api.js';
import { listensOnConnect, listensWhereOpened, listensWhileOpen, madeByRequest, runsOnConnect } from './connected-sockets.js';
import { madeWithListener } from './listened-returns.js';
import { replacedAfter } from './reopened-sockets.js';
import { possibleValues, usedAsSocket } from './socket-evidence.js';
import { isTemporaryListener } from './temporary-listeners.js';
import { listensLaterInRun } from './same-run-listeners.js';
import { udpUses } from './udp-quiet.js';
import { abortedJustBefore, HANDSHAKE_ABORTS, holdsWsClient, mayAbortHandshake } from './ws-handshakes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Node = TSESTree.Node;

/** Calls that keep using the socket's connection (and so can fail with ECONNRESET, EPIPE...). */
const USES = new Set(['end', 'write', 'pipe', 'cork', 'uncork', 'resume', 'setTimeout', 'setKeepAlive', 'setNoDelay', 'connect']);
/** Calls after which nothing more is emitted: `abort()` destroys an HTTP request (measured: test/live/removed-listeners.live.test.ts). */
const STOPS = new Set(['destroy', 'resetAndDestroy', 'abort']);
/** Events after which a socket emits no further 'error': removing its listeners there keeps nothing open. */
const DEAD_EVENTS = new Set(['error', 'close', 'end']);

/** The reference keys that name one socket. */
interface Keys {
  has(key: string | undefined): boolean;
}

export interface StrippedUse {
  /** The call that removes the (last) 'error' listener. */
  removal: TSESTree.CallExpression;
  /** The socket it is called on. */
  socket: TSESTree.Expression;
  /** The first later call that uses the socket without a listener; undefined when the socket is only kept open. */
  use: TSESTree.CallExpression | undefined;
  /** The method that call runs (`end` for `socket[how]()` when `how` may be 'end'); undefined when kept. */
  method: string | undefined;
  /** The call is a ws handshake's abort that came just before the removal (src/model/ws-handshakes.ts). */
  abortedBefore?: true;
}

/** The removals of the file that leave a socket in use without an 'error' listener (see `strippedUses`). */
export function strippedListeners(sourceCode: SourceCode, isSocket: (node: TSESTree.Expression) => boolean): StrippedUse[] {
  return strippedUses(fileNodes(sourceCode).calls, sourceCode, isSocket);
}

/**
 * The removals among `calls` (every call of the file, in source order) that leave the socket in
 * use without an 'error' listener. `isSocket` says which receivers to look at; UDP sockets of
 * `dgram.createSocket()` are looked at too.
 */
export function strippedUses(
  calls: readonly TSESTree.CallExpression[],
  sourceCode: SourceCode,
  isSocket: (node: TSESTree.Expression) => boolean,
): StrippedUse[] {
  const found: StrippedUse[] = [];
  const removalsSeen: TSESTree.CallExpression[] = [];
  calls.forEach((removal, index) => {
    const member = calleeMember(removal);
    if (!member || !removesErrorListener(removal, member.name, sourceCode)) return;
    const key = referenceKey(member.object, sourceCode);
    if (key === undefined) return;
    const values = heldValues(member.object, sourceCode);
    const keys = objectKeys(key, values, sourceCode);
    const udp = udpUses(member.object, calls, keys, sourceCode);
    const known = udp !== undefined || isSocket(member.object) || values.some((value) => isSocket(value));
    const wsClient = !udp && holdsWsClient(keys, sourceCode);
    if (!known && !wsClient && !usedAsSocket(sourceCode, (other) => keys.has(other), isSocket)) return;
    const fn = enclosingFunction(removal);
    removalsSeen.push(removal);
    if (member.name !== 'removeAllListeners' && (!strips(calls, removalsSeen, keys, fn, sourceCode) || madeWithListener(member.object, sourceCode))) return;
    if (wsClient) {
      // ws's client WebSocket: closed while its handshake is under way, it emits 'error' (src/model/ws-handshakes.ts).
      const abort = firstUse(removal, calls.slice(index + 1), fn, keys, HANDSHAKE_ABORTS, sourceCode);
      if (abort && mayAbortHandshake(abort.call, fn, keys, sourceCode)) found.push({ removal, socket: member.object, use: abort.call, method: abort.method });
      const before = abort ? undefined : abortedJustBefore(calls, index, fn, keys, sourceCode);
      if (before) found.push({ removal, socket: member.object, use: before, method: calledMethod(before, sourceCode)?.names[0], abortedBefore: true });
      if (abort || before || !known) return;
    }
    const uses = udp ?? USES;
    const use = firstUse(removal, calls.slice(index + 1), fn, keys, uses, sourceCode);
    if (use) { if (!listensLaterInRun(use.call, calls.slice(index + 1), keys, sourceCode)) found.push({ removal, socket: member.object, use: use.call, method: use.method }); }
    else if (fn && keptOpen(removal, member.object, keys, fn, sourceCode)) found.push({ removal, socket: member.object, use: undefined, method: undefined });
    else if (!udp && !madeByRequest(member.object, sourceCode) && endedJustBefore(removal, calls, index, fn, keys, sourceCode)) found.push({ removal, socket: member.object, use: undefined, method: undefined });
  });
  return found;
}

/**
 * The first of `later` (the calls after a removal) in `fn` that uses the socket with no listener:
 * undefined when a new 'error' listener, a `destroy()` or a hand-off comes first, or none does. A
 * removal in a promise executor runs with the function around it (`close() { return new Promise(…) }`).
 */
function firstUse(
  removal: TSESTree.CallExpression,
  later: readonly TSESTree.CallExpression[],
  fn: Node | undefined,
  keys: Keys,
  uses: ReadonlySet<string>,
  sourceCode: SourceCode,
): { call: TSESTree.CallExpression; method: string } | undefined {
  const runner = runningFunction(removal);
  for (const call of later) {
    if (fn && call.range[0] >= fn.range[1]) return undefined;
    if (runningFunction(call) !== runner) continue;
    // Handed on: the callee may attach a listener (or destroy it).
    if (passesOn(call, keys, sourceCode)) return undefined;
    const use = leavesBefore(removal, call) ? undefined : calledMethod(call, sourceCode);
    // `s.on('close', f).on('error', g)`: a listener further down a chain on the socket counts too.
    if (!use || !keys.has(referenceKey(stripListenerChain(use.object), sourceCode))) continue;
    if (use.names.every((name) => STOPS.has(name))) return undefined;
    if (use.names.some((name) => LISTEN_METHODS.has(name))) {
      const listener = listenerCallOf(call, sourceCode);
      if (!listener || listener.event === 'error') return undefined;
      continue;
    }
    const method = use.names.find((name) => uses.has(name) && !(name === 'setTimeout' && disablesTimeout(call)));
    if (!method) continue;
    // `this.sock = null; … this.sock.end()` ends nothing: it throws, and the socket is left alone.
    if (nulledBefore(use.object, removal, call, sourceCode)) continue;
    return destroyedRightAfter(call, keys, sourceCode) ? undefined : { call, method };
  }
  return undefined;
}

/**
 * `this.socket.end(); this.socket.removeAllListeners('error');` in one function, neither destroyed,
 * listened to again nor handed on around it, not in a listener of its death: `end()` waits for the
 * peer, and a refused connect or a reset meanwhile is unheard (measured: stripped-listeners.live).
 */
function endedJustBefore(removal: TSESTree.CallExpression, calls: readonly TSESTree.CallExpression[], index: number, fn: Node | undefined, keys: Keys, sourceCode: SourceCode): boolean {
  if (fn && runsOnDeadEvent(fn, sourceCode)) return false;
  const onSocket = (call: TSESTree.CallExpression): string[] | undefined => {
    const use = calledMethod(call, sourceCode);
    return use && keys.has(referenceKey(stripListenerChain(use.object), sourceCode)) ? use.names : undefined;
  };
  /** Does `at` (the index of a call in `owner`) come right after an `end()` of the socket in `owner`? */
  const endedBefore = (at: number, owner: Node | undefined): boolean => {
    for (let before = at - 1; before >= 0; before--) {
      const call = calls[before]!;
      if (owner && call.range[1] <= owner.range[0]) return false;
      // Written in the function itself: an `end()` in a promise executor it awaits is long done.
      const names = enclosingFunction(call) === owner ? onSocket(call) : undefined;
      if ((runningFunction(call) === owner && passesOn(call, keys, sourceCode)) || names?.some((name) => STOPS.has(name))) return false;
      if (names?.some((name) => name === 'end' || name === 'destroySoon')) return true;
    }
    return false;
  };
  /** Is the socket neither destroyed, handed on nor listened to again after `at` in `owner` (before a new one takes its place)? */
  const leftAfter = (at: number, owner: Node | undefined): boolean => {
    const replaced = replacedAfter(calls[at]!, owner, keys, sourceCode);
    for (const call of calls.slice(at + 1)) {
      if ((owner && call.range[0] >= owner.range[1]) || call.range[0] >= replaced) break;
      if (runningFunction(call) !== owner) continue;
      if (passesOn(call, keys, sourceCode)) return false;
      const names = onSocket(call);
      if (names?.some((name) => STOPS.has(name))) return false;
      if (names?.some((name) => LISTEN_METHODS.has(name)) && listenerCallOf(call, sourceCode)?.event === 'error') return false;
    }
    return true;
  };
  if (!leftAfter(index, fn)) return false;
  if (endedBefore(index, fn)) return true;
  // `self.isoclient.end(); self.connectionCleanup();` with the removal in `connectionCleanup`.
  if (!fn || !isFunction(fn)) return false;
  return callsOf(fn, sourceCode).some((call) => {
    const owner = enclosingFunction(call);
    const at = calls.indexOf(call);
    return at >= 0 && !(owner && runsOnDeadEvent(owner, sourceCode)) && endedBefore(at, owner) && leftAfter(at, owner);
  });
}

/**
 * Is the reference `object` names set to null (or undefined) by a statement between the removal and
 * the use, in a block around the use (not in a branch beside it)?
 */
function nulledBefore(object: TSESTree.Expression, removal: TSESTree.CallExpression, use: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const key = referenceKey(object, sourceCode);
  if (key === undefined) return false;
  for (let node: Node | undefined = use.parent; node && !isFunction(node); node = node.parent) {
    if (node.type !== AST_NODE_TYPES.BlockStatement && node.type !== AST_NODE_TYPES.Program) continue;
    for (const statement of node.body) {
      if (statement.range[0] < removal.range[1] || statement.range[1] > use.range[0]) continue;
      const expression = statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : undefined;
      if (expression?.type === AST_NODE_TYPES.AssignmentExpression && expression.operator === '=' && isNullish(expression.right) && referenceKey(expression.left, sourceCode) === key) return true;
    }
  }
  return false;
}

/**
 * Is `call` a statement followed in its block by `destroy()` (or another stop) of the same socket,
 * with only calls between them? No turn of the event loop comes between, and `destroy()` cancels
 * the shutdown `end()` queued and drops the writes still queued, without an 'error' (measured on
 * Node 20: test/live/stripped-listeners.live.test.ts).
 */
function destroyedRightAfter(call: TSESTree.CallExpression, keys: Keys, sourceCode: SourceCode): boolean {
  // `this.socket?.end();` is the statement of its optional chain.
  const statement = call.parent?.type === AST_NODE_TYPES.ChainExpression ? call.parent.parent : call.parent;
  const block = statement?.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program)) return false;
  for (const next of block.body.slice(block.body.indexOf(statement) + 1)) {
    const expression = next.type === AST_NODE_TYPES.ExpressionStatement ? skipWrappers(next.expression) : undefined;
    if (expression?.type !== AST_NODE_TYPES.CallExpression) return false;
    const member = calleeMember(expression);
    if (member && STOPS.has(member.name) && expression.arguments.length === 0 && keys.has(referenceKey(member.object, sourceCode))) return true;
  }
  return false;
}

/**
 * `socket.setTimeout(0)` (with or without its callback) turns the idle timeout off: it does not
 * keep the connection in use, it is part of letting go of it (a pool releasing a socket it hands
 * to an upgrade).
 */
function disablesTimeout(call: TSESTree.CallExpression): boolean {
  const [delay] = call.arguments;
  return delay?.type === AST_NODE_TYPES.Literal && delay.value === 0;
}

/** `removeAllListeners()`, `removeAllListeners('error')`, `removeListener('error', f)`, `off('error', f)`. */
function removesErrorListener(call: TSESTree.CallExpression, method: string, sourceCode: SourceCode): boolean {
  const [first] = call.arguments;
  if (method === 'removeAllListeners' && !first) return true;
  if (method !== 'removeAllListeners' && method !== 'removeListener' && method !== 'off') return false;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return false;
  if (ASTUtils.getStringIfConstant(first, sourceCode.getScope(first)) === 'error') return true;
  return method === 'removeAllListeners' && loopEvents(first, sourceCode).includes('error');
}

/**
 * The strings a loop variable takes: `for (const event of ['error', 'close'])`, or of a constant
 * array or `new Set([...])` of strings (`for (const name of SOCKET_EVENTS)`). Empty for anything else.
 */
function loopEvents(node: TSESTree.Expression, sourceCode: SourceCode): string[] {
  if (node.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = findVariable(sourceCode.getScope(node), node.name);
  const declaration = variable?.defs[0]?.parent;
  const loop = declaration?.parent;
  if (variable?.defs.length !== 1 || loop?.type !== AST_NODE_TYPES.ForOfStatement || loop.left !== declaration) return [];
  let list: TSESTree.Node = skipWrappers(loop.right);
  if (list.type === AST_NODE_TYPES.Identifier) {
    const held = findVariable(sourceCode.getScope(list), list.name);
    const def = held?.defs.length === 1 ? held.defs[0] : undefined;
    if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const' || !def.node.init) return [];
    list = skipWrappers(def.node.init);
  }
  if (list.type === AST_NODE_TYPES.NewExpression && list.callee.type === AST_NODE_TYPES.Identifier && list.callee.name === 'Set' && list.arguments[0]) {
    list = skipWrappers(list.arguments[0]);
  }
  if (list.type !== AST_NODE_TYPES.ArrayExpression) return [];
  return list.elements.flatMap((element) => (element?.type === AST_NODE_TYPES.Literal && typeof element.value === 'string' ? [element.value] : []));
}

/**
 * What a variable set once holds: each object `(a && a.b) || a`, `a ? a.b : a`... may be (the
 * socket or the socket inside it). Nothing for anything else.
 */
function heldValues(node: TSESTree.Expression, sourceCode: SourceCode): TSESTree.Expression[] {
  const target = skipWrappers(node);
  if (target.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = findVariable(sourceCode.getScope(target), target.name);
  const writes = variable?.references.filter((ref) => ref.isWrite()) ?? [];
  const value = writes.length === 1 ? writes[0]!.writeExpr : undefined;
  return value ? possibleValues(value).filter((held): held is TSESTree.Expression => held.type === AST_NODE_TYPES.MemberExpression || held.type === AST_NODE_TYPES.Identifier) : [];
}

/** The keys that name one object: `key`, those of the values a variable holds, and their plain copies (src/model/key-aliases.ts). */
function objectKeys(key: string, values: readonly TSESTree.Expression[], sourceCode: SourceCode): Keys {
  const keys = new Set([key]);
  for (const value of values) {
    const valueKey = referenceKey(value, sourceCode);
    if (valueKey !== undefined) keys.add(valueKey);
  }
  const aliases = keyAliases(sourceCode);
  return { has: (other) => other !== undefined && [...keys].some((known) => aliases.same(known, other)) };
}

/**
 * After `removals` (the removals of the file so far; the last is the one asked about), is no
 * 'error' listener the file gives the object left? Every listener the file attaches to one of
 * `keys` must be among those the same function removed from it, or one for an exchange only
 * (src/model/temporary-listeners.ts), and there must be at least one removed (a listener the file
 * does not show may still be there).
 */
function strips(
  calls: readonly TSESTree.CallExpression[],
  removals: readonly TSESTree.CallExpression[],
  keys: Keys,
  fn: Node | undefined,
  sourceCode: SourceCode,
): boolean {
  const removed = new Set<string>();
  for (const removal of removals) {
    const member = calleeMember(removal);
    if (!member || enclosingFunction(removal) !== fn || !keys.has(referenceKey(member.object, sourceCode))) continue;
    const listener = removal.arguments[1];
    if (listener) removed.add(sourceCode.getText(listener));
  }
  let attached = 0;
  for (const call of calls) {
    const listener = listenerCallOf(call, sourceCode);
    if (listener?.event !== 'error') continue;
    const targetKey = referenceKey(listener.target, sourceCode);
    if (targetKey === undefined || !keys.has(targetKey)) continue;
    if (listener.listener && removed.has(sourceCode.getText(listener.listener))) attached++;
    else if (!isTemporaryListener(listener, calls, keys, sourceCode)) return false;
  }
  return attached > 0;
}

/**
 * The method `call` runs on its object: `s.end()` → ['end']; `s[how]()` → every string `how` is
 * ever set to (undefined when one of its values is not a string literal).
 */
function calledMethod(call: TSESTree.CallExpression, sourceCode: SourceCode): { object: TSESTree.Expression; names: string[] } | undefined {
  const member = calleeMember(call);
  if (member) return { object: member.object, names: [member.name] };
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(sourceCode.getScope(callee.property), callee.property.name);
  const writes = variable?.references.filter((ref) => ref.isWrite()) ?? [];
  const names: string[] = [];
  for (const write of writes) {
    const value = write.writeExpr && skipWrappers(write.writeExpr);
    if (value?.type !== AST_NODE_TYPES.Literal || typeof value.value !== 'string') return undefined;
    names.push(value.value);
  }
  return names.length > 0 ? { object: callee.object, names } : undefined;
}

// ------------------------------------------------------------------ kept open

type Outcome = 'settled' | 'leaks' | 'unknown' | 'falls';

/**
 * Does a path lead from `removal` to the end of `fn` on which the socket is neither destroyed nor
 * handed on, while `fn` holds the socket itself (its parameter, or a variable it declares)?
 * Not when `fn` runs on the socket's 'error', 'close' or 'end' (nothing more is emitted, or it is
 * about to close), nor when `fn` destroyed or handed the socket on before the removal.
 */
function keptOpen(removal: TSESTree.CallExpression, socket: TSESTree.Expression, keys: Keys, fn: Node, sourceCode: SourceCode): boolean {
  if (!isFunction(fn) || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const target = skipWrappers(socket);
  let connected = target.type === AST_NODE_TYPES.MemberExpression;
  if (connected) {
    // A field of the class itself (`this._socket`, not `this.client.sock`) only in its own 'connect' listener.
    if (!holdsThis((target as TSESTree.MemberExpression).object, sourceCode) || runsOnDeadEvent(fn, sourceCode)) return false;
    // Or a request's code strips the listener the class gave the connection where it opened it.
    if (!runsOnConnect(fn, keys, null, sourceCode) && !(calleeMember(removal)?.name === 'removeAllListeners' && listensWhereOpened(fn, keys, sourceCode) && (listensWhileOpen(fn, keys, sourceCode) || calledWhileOpen(fn, keys, sourceCode, true)))) return false;
    // Handed to a wrapper first (`new Connection(this.socket)`), which listens from then on.
    if (fn.body.body.some((statement) => statement.range[1] <= removal.range[0] && handsOn(statement, keys, sourceCode))) return false;
  } else {
    if (target.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = findVariable(sourceCode.getScope(target), target.name);
    const declared = variable?.defs[0]?.name;
    if (!declared) return false;
    // Held by `fn`, or by a function around it `fn` is a closure of (`done()` of a request), or `fn` is
    // the socket's own 'connect' listener (connected, the socket lives on).
    const own = declared.range[0] >= fn.range[0] && declared.range[1] <= fn.range[1];
    connected = !own && listensOnConnect(fn, keys, variable, sourceCode);
    if (!own && !connected && !(holdsClosure(declared, fn) && calledWhileOpen(fn, keys, sourceCode, calleeMember(removal)?.name === 'removeAllListeners'))) return false;
    if (runsOnDeadEvent(fn, sourceCode)) return false;
    for (const ref of variable.references) {
      if (ref.identifier.range[0] >= removal.range[0] || ref.isWrite()) continue;
      if (!own && (ref.identifier.range[0] < fn.range[0] || ref.identifier.range[1] > fn.range[1])) continue;
      if (!harmlessBefore(ref.identifier, keys, sourceCode)) return false;
    }
  }
  const statement = removal.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  // Connected, it lives on whatever else its 'connect' listener takes off (`off('timeout', f)`).
  const touches = (node: Node): boolean => mentions(node, keys, sourceCode) && !(connected && managesOtherListeners(node, keys, sourceCode));
  let current: Node = statement;
  for (;;) {
    const block: Node | undefined = current.parent;
    if (!block) return false;
    if (block.type === AST_NODE_TYPES.BlockStatement) {
      const outcome = runFrom(block.body, block.body.indexOf(current) + 1, touches, keys, sourceCode);
      if (outcome !== 'falls') return outcome === 'leaks';
      if (block === fn.body) return true;
      current = block;
      continue;
    }
    if (block.type === AST_NODE_TYPES.IfStatement && (block.test as Node) !== current) {
      current = block;
      continue;
    }
    // `for (const event of ['error', 'close']) socket.removeAllListeners(event)`: on after the loop.
    if (block.type === AST_NODE_TYPES.ForOfStatement && block.body === current && removal.arguments[0] !== undefined && loopEvents(removal.arguments[0] as TSESTree.Expression, sourceCode).length > 0) {
      current = block;
      continue;
    }
    return false;
  }
}

/** Is `declared` (the socket's variable) declared in a function that holds `fn`, rather than at the top level? */
function holdsClosure(declared: Node, fn: Node): boolean {
  const outer = enclosingFunction(declared);
  if (!outer) return false;
  for (let current = fn.parent; current; current = current.parent) if (current === outer) return true;
  return false;
}

/**
 * Is the closure `fn` (a named function, or one held by a `const`) called somewhere the socket is
 * still open: from a function that is not a listener of the socket's 'error', 'close' or 'end', with
 * nothing about the socket after the call (a `destroy()` there would settle it)?
 */
function calledWhileOpen(fn: Node, keys: Keys, sourceCode: SourceCode, removesAll: boolean): boolean {
  return (isFunction(fn) ? (namingReferences(fn, sourceCode) ?? []) : []).some((ref) => {
    const call = ref.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== ref.identifier) return false;
    const caller = enclosingFunction(call);
    if (!caller || caller === fn || onDeadEventOf(caller, keys, sourceCode)) return false;
    if (caller.type === AST_NODE_TYPES.ArrowFunctionExpression && caller.body === call) return true; // `() => finish()`
    const statement = call.parent;
    if (statement?.type !== AST_NODE_TYPES.ExpressionStatement && statement?.type !== AST_NODE_TYPES.ReturnStatement) return false;
    const block = statement.parent;
    if (block?.type !== AST_NODE_TYPES.BlockStatement) return false;
    const index = block.body.indexOf(statement);
    // Handed on just before (`server.emit('proxyConnection', socket)`, then `detach()`): the
    // receiver's own listeners stay when only the file's are removed one by one.
    if (!removesAll && block.body.slice(0, index).some((earlier) => handsOn(earlier, keys, sourceCode))) return false;
    return !block.body.slice(index + 1).some((later) => mentions(later, keys, sourceCode));
  });
}

/** Does `statement` pass the socket to a call or `new` as an argument (not as the object of a method it calls)? */
function handsOn(statement: Node, keys: Keys, sourceCode: SourceCode): boolean {
  let found = false;
  visitOutsideFunctions(statement, (node) => {
    if (!found && (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression)) found = passesOn(node, keys, sourceCode);
  }, sourceCode);
  return found;
}

/** Is the socket an argument of `call` (`hub.emit('adopt', socket)`, `wrap(socket)`, `new Peer(socket)`)? */
function passesOn(call: TSESTree.CallExpression | TSESTree.NewExpression, keys: Keys, sourceCode: SourceCode): boolean {
  return call.arguments.some((argument) => keys.has(referenceKey(argument, sourceCode)));
}

/** Is `fn` a listener of the socket's 'error', 'close' or 'end' (given inline or by name)? */
function onDeadEventOf(fn: Node, keys: Keys, sourceCode: SourceCode): boolean {
  return registrations(fn, sourceCode).some((call) => {
    const listener = listenerCallOf(call, sourceCode);
    return listener !== undefined && DEAD_EVENTS.has(listener.event) && keys.has(referenceKey(listener.target, sourceCode));
  });
}

/** The calls `fn` is given to: the call it is written in, and those its name is passed to. */
function registrations(fn: Node, sourceCode: SourceCode): TSESTree.CallExpression[] {
  const holder = fn.parent;
  const named = fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id ? findVariable(sourceCode.getScope(fn), fn.id.name) : undefined;
  return [
    ...(holder?.type === AST_NODE_TYPES.CallExpression ? [holder] : []),
    ...(named?.references ?? []).map((ref) => ref.identifier.parent).filter((node): node is TSESTree.CallExpression => node?.type === AST_NODE_TYPES.CallExpression),
  ];
}

/** Is `reference` (a read of the socket before the removal) only a method call that neither hands it on nor destroys it? */
function harmlessBefore(reference: Node, keys: Keys, sourceCode: SourceCode): boolean {
  const member = reference.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference) return false;
  const call = member.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
  const method = calledMethod(call, sourceCode);
  return method !== undefined && !method.names.some((name) => STOPS.has(name)) && keys.has(referenceKey(member.object, sourceCode));
}

/** Is `fn` a listener of a socket's 'error', 'close' or 'end' (given inline or by name)? */
function runsOnDeadEvent(fn: Node, sourceCode: SourceCode): boolean {
  return registrations(fn, sourceCode).some((call) => {
    const listener = listenerCallOf(call, sourceCode);
    return listener !== undefined && DEAD_EVENTS.has(listener.event);
  });
}

function runFrom(statements: readonly TSESTree.Statement[], start: number, touches: (node: Node) => boolean, keys: Keys, sourceCode: SourceCode): Outcome {
  for (const statement of statements.slice(start)) {
    const outcome = outcomeOf(statement, touches, keys, sourceCode);
    if (outcome !== 'falls') return outcome;
  }
  return 'falls';
}

/** What one statement does on the way from the removal: settles the socket, leaves the function with it open, or neither. */
function outcomeOf(statement: TSESTree.Statement, touches: (node: Node) => boolean, keys: Keys, sourceCode: SourceCode): Outcome {
  switch (statement.type) {
    case AST_NODE_TYPES.BlockStatement:
      return runFrom(statement.body, 0, touches, keys, sourceCode);
    case AST_NODE_TYPES.IfStatement: {
      if (touches(statement.test)) return 'unknown';
      const consequent = outcomeOf(statement.consequent, touches, keys, sourceCode);
      const alternate = statement.alternate ? outcomeOf(statement.alternate, touches, keys, sourceCode) : 'falls';
      if (consequent === 'unknown' || alternate === 'unknown') return 'unknown';
      if (consequent === 'leaks' || alternate === 'leaks') return 'leaks';
      return consequent === 'settled' && alternate === 'settled' ? 'settled' : 'falls';
    }
    case AST_NODE_TYPES.ReturnStatement:
      if (!statement.argument || !touches(statement.argument)) return 'leaks';
      return 'settled'; // returned: handed on
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.VariableDeclaration:
      if (!touches(statement)) return exits(statement, sourceCode) ? 'unknown' : 'falls';
      return settles(statement, keys, sourceCode) ? 'settled' : 'unknown';
    case AST_NODE_TYPES.EmptyStatement:
    case AST_NODE_TYPES.FunctionDeclaration:
      return 'falls';
    default:
      return touches(statement) || exits(statement, sourceCode) ? 'unknown' : 'falls';
  }
}

/** `socket.destroy()`, `socket.on('error', …)`, `handOver(socket)`, `this.x = socket` as the whole statement. */
function settles(statement: TSESTree.ExpressionStatement | TSESTree.VariableDeclaration, keys: Keys, sourceCode: SourceCode): boolean {
  const expression = statement.type === AST_NODE_TYPES.ExpressionStatement ? skipWrappers(statement.expression) : undefined;
  if (expression?.type === AST_NODE_TYPES.AssignmentExpression) return keys.has(referenceKey(expression.right, sourceCode));
  if (expression?.type !== AST_NODE_TYPES.CallExpression) return false;
  if (expression.arguments.some((argument) => keys.has(referenceKey(argument, sourceCode)))) return true;
  const method = calledMethod(expression, sourceCode);
  if (!method || !keys.has(referenceKey(method.object, sourceCode))) return false;
  if (method.names.every((name) => STOPS.has(name))) return true;
  const listener = listenerCallOf(expression, sourceCode);
  return listener !== undefined && listener.event === 'error';
}

/** `socket.off('timeout', f)`, `socket.setMaxListeners(10)`: the socket's other listeners, nothing it does. */
function managesOtherListeners(statement: Node, keys: Keys, sourceCode: SourceCode): boolean {
  const call = statement.type === AST_NODE_TYPES.ExpressionStatement ? skipWrappers(statement.expression) : undefined;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.some((argument) => keys.has(referenceKey(argument, sourceCode)))) return false;
  const member = calleeMember(call);
  const [event] = call.arguments;
  if (!member || !keys.has(referenceKey(member.object, sourceCode))) return false;
  return EMITTER_CHAIN.has(member.name) && (member.name === 'setMaxListeners' || (event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' && event.value !== 'error'));
}

/** Does the node name the socket (by one of its keys) anywhere, nested functions included? */
function mentions(node: Node, keys: Keys, sourceCode: SourceCode): boolean {
  let found = false;
  const visit = (child: Node): void => {
    if (found) return;
    const parent = child.parent;
    // `x.socket`, `{ socket: 1 }`: a property's name, not the variable.
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === child && !parent.computed) return;
    if (parent?.type === AST_NODE_TYPES.Property && parent.key === child && !parent.computed) return;
    if (child.type === AST_NODE_TYPES.Identifier || child.type === AST_NODE_TYPES.MemberExpression) {
      const key = referenceKey(child, sourceCode);
      if (key !== undefined && keys.has(key)) {
        found = true;
        return;
      }
    }
    visitChildren(child, visit, sourceCode);
  };
  visit(node);
  return found;
}

const EXITS: ReadonlySet<string> = new Set([AST_NODE_TYPES.ReturnStatement, AST_NODE_TYPES.ThrowStatement, AST_NODE_TYPES.BreakStatement, AST_NODE_TYPES.ContinueStatement]);

/** Does the statement leave the function or the loop (a `return`, `throw`, `break`, `continue` not inside a nested function)? */
function exits(node: Node, sourceCode: SourceCode): boolean {
  let found = false;
  const visit = (child: Node): void => {
    if (found || isFunction(child)) return;
    if (EXITS.has(child.type)) found = true;
    else visitChildren(child, visit, sourceCode);
  };
  visit(node);
  return found;
}
